//! Pairing a terminal with its branch (E6): the QR code, the short code, POS
//! logins, and how the terminal gets its credential without any secret
//! crossing the LAN.
//!
//! # The scheme
//! 1. **The terminal's key.** An unpaired terminal picks a device id (UUIDv7,
//!    which becomes its [`TerminalId`]) and an X25519 key pair. Its short code
//!    is a *fingerprint* of both:
//!    `code = Crockford-base32(first 40 bits of Argon2id(device ‖ public key,
//!    salt "pos-pair-code/v1", 4 MiB, 3 passes))`, shown as `ABCD-EFGH`. The
//!    QR code holds the device id, the code and the public key
//!    ([`QrPayload`]).
//! 2. **The request.** The terminal connects to the hub's *pairing listener*
//!    (a second, separate broker: the terminals' broker never admits an
//!    unpaired device) as client id = device id, user [`PAIR_USERNAME`], and
//!    publishes a [`PairRequest`] (device id, public key, how long its code
//!    lives) on [`crate::topic::pair_up`] every few seconds. The hub keeps it
//!    (on disk) and forwards it to the cloud when it can; nothing in it is
//!    secret.
//! 3. **The approval.** Whoever types the code (owner in the portal,
//!    technician on the hub's page) or scans the QR code approves exactly the
//!    public key whose fingerprint it is. A snooper who wants its own key
//!    approved instead needs a key with the same 40-bit fingerprint: about
//!    2^40 Argon2id evaluations within the code's lifetime (10 minutes by
//!    default), which no attacker has. Two pending requests with one code are
//!    refused rather than guessed between.
//! 4. **The credential.** The hub makes a fresh X25519 key pair for this
//!    terminal alone, computes `dh = X25519(hub secret, terminal public)`, and
//!    derives the terminal's 32-byte [`TerminalSecret`] as
//!    `HKDF-SHA256(salt "pos-pair/v1", dh, info = device ‖ terminal public ‖
//!    hub public)`. It stores the derived MAC key and password hash, forgets
//!    its secret key, and publishes a [`PairOffer`]: its public key, the MQTT
//!    port to use, and `confirm = HMAC(mac key, "pos-pair-confirm/v1" ‖ device
//!    ‖ hub public)`. The terminal computes the same `dh` with its own secret
//!    key, derives the same secret, checks `confirm`, and logs in. Only public
//!    keys cross the LAN; the secret exists on the terminal and (as derived
//!    keys) at the hub. Anyone can forge an offer to the terminal's public key,
//!    but the forged secret is not one the hub admits: the terminal keeps its
//!    key and code until a login with the new credential succeeds.
//! 5. **POS login.** The portal issues a login (6 digits) and a password
//!    (10 characters, 50 bits) for one device. The cloud keeps, and sends the
//!    hub, only `verifier = Argon2id(password, salt "pos-login/v1:" ‖ login,
//!    8 MiB, 3 passes)`. The terminal proves the password with
//!    `proof = HMAC(verifier, "pos-login-proof/v1" ‖ device ‖ public key)` in
//!    its request, which binds the login to its key; a snooper who sees the
//!    proof must guess the password at one Argon2id per guess. The credential
//!    then comes as in step 4. A login works once and expires.
//!
//! 6. **The hub's identity.** Every answer (offer or refusal) travels as a
//!    [`crate::hub_id::SignedDown`]: signed with the hub's long-term Ed25519
//!    key and naming the device and key it answers. The terminal acts only
//!    on answers from the hub it was told to trust (the fingerprint on the
//!    hub's page), so a rogue hub cannot capture it with an offer of its own
//!    nor stop it with a forged refusal.
//!
//! Pairing messages travel outside the MAC'd [`crate::Envelope`] (there is no
//! key yet): each is postcard `(PAIRING_VERSION, message)`, at most
//! [`MAX_PAIRING_BYTES`]; a message of another layout is refused as
//! [`PairingError::Version`].

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::{MacKey, TerminalId, TerminalSecret, Timestamp};

/// The MQTT username of a device asking to be paired.
pub const PAIR_USERNAME: &str = "$pair";

/// The layout of pairing messages. Layout 2 signs every answer with the
/// hub's identity ([`crate::hub_id`]); a layout-1 message is refused with
/// [`PairingError::Version`].
pub const PAIRING_VERSION: u16 = 2;

/// Pairing messages larger than this are refused unread.
pub const MAX_PAIRING_BYTES: usize = 1024;

/// How long a code lives unless the terminal says otherwise.
pub const DEFAULT_CODE_TTL_S: u32 = 600;

/// The longest a code may live, whatever the terminal asks.
pub const MAX_CODE_TTL_S: u32 = 1800;

/// Crockford's base32: no I, L, O or U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A pairing step failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    /// The operating system could not supply random bytes.
    #[error("no randomness available from the operating system")]
    NoRandomness,
    /// Bytes that are not a pairing message of this version.
    #[error("malformed pairing message")]
    Malformed,
    /// Larger than [`MAX_PAIRING_BYTES`].
    #[error("pairing message of {0} bytes is over the limit")]
    Oversized(usize),
    /// Text that is not a pairing QR payload.
    #[error("not a pairing QR code (expected POSPAIR1:<device>:<code>:<key>)")]
    BadQr,
    /// The QR code's short code is not its key's fingerprint.
    #[error("the QR code's short code does not match its key")]
    CodeMismatch,
    /// The offer's confirmation does not match: not meant for this key.
    #[error("the pairing offer does not match this terminal's key")]
    BadOffer,
    /// A pairing message of another layout (a terminal or hub that needs
    /// updating).
    #[error("pairing message of layout {0}; this software speaks layout {PAIRING_VERSION}")]
    Version(u16),
    /// A pairing answer signed by a hub this terminal was not told to trust.
    #[error("the answer comes from a hub this terminal does not trust")]
    UntrustedHub,
    /// A pairing answer whose signature does not hold.
    #[error("the pairing answer's signature is not valid")]
    BadSignature,
    /// A signed pairing answer made for another device or another key.
    #[error("the pairing answer was made for another device or key")]
    NotForThisKey,
    /// A key derivation failed (never with the fixed parameters here).
    #[error("key derivation failed: {0}")]
    Kdf(String),
}

/// 32 key bytes from unpadded base64url (spaces around ignored).
pub(crate) fn key_from_text(text: &str) -> Result<[u8; 32], PairingError> {
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| PairingError::Malformed)?;
    bytes.try_into().map_err(|_| PairingError::Malformed)
}

/// An X25519 public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PublicKey(pub [u8; 32]);

impl PublicKey {
    /// Unpadded base64url, as in the QR code.
    #[must_use]
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Parses [`PublicKey::to_text`].
    ///
    /// # Errors
    /// [`PairingError::Malformed`].
    pub fn parse(text: &str) -> Result<Self, PairingError> {
        key_from_text(text).map(Self)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_text())
    }
}

fn random32() -> Result<[u8; 32], PairingError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| PairingError::NoRandomness)?;
    Ok(bytes)
}

/// A terminal's pairing key pair. The secret half never leaves the terminal.
#[derive(Clone)]
pub struct DeviceKey(x25519_dalek::StaticSecret);

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKey({:?})", self.public())
    }
}

impl DeviceKey {
    /// A fresh key pair.
    ///
    /// # Errors
    /// [`PairingError::NoRandomness`].
    pub fn generate() -> Result<Self, PairingError> {
        Ok(Self(x25519_dalek::StaticSecret::from(random32()?)))
    }

    /// Rebuilds a stored key.
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(x25519_dalek::StaticSecret::from(bytes))
    }

    /// The secret bytes, for storing on the terminal.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public half.
    #[must_use]
    pub fn public(&self) -> PublicKey {
        PublicKey(x25519_dalek::PublicKey::from(&self.0).to_bytes())
    }

    /// Takes the hub's offer: derives the terminal's secret and checks the
    /// offer's confirmation.
    ///
    /// # Errors
    /// [`PairingError::BadOffer`] when the offer was made for another key.
    pub fn accept(&self, device: TerminalId, offer: &PairOffer) -> Result<TerminalSecret, PairingError> {
        let dh = self.0.diffie_hellman(&x25519_dalek::PublicKey::from(offer.hub_key.0));
        if !dh.was_contributory() {
            return Err(PairingError::BadOffer);
        }
        let secret = derive_secret(dh.as_bytes(), device, &self.public(), &offer.hub_key);
        let expected = confirm_tag(&secret.mac_key(), device, &offer.hub_key);
        if bool::from(expected.ct_eq(&offer.confirm)) { Ok(secret) } else { Err(PairingError::BadOffer) }
    }
}

fn derive_secret(dh: &[u8; 32], device: TerminalId, terminal: &PublicKey, hub: &PublicKey) -> TerminalSecret {
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(b"pos-pair/v1"), dh);
    let mut out = [0u8; 32];
    let info = [device.as_bytes().as_slice(), &terminal.0, &hub.0].concat();
    if hk.expand(&info, &mut out).is_err() {
        unreachable!("32 bytes is a valid HKDF-SHA256 output length");
    }
    TerminalSecret::from_bytes(out)
}

fn confirm_tag(key: &MacKey, device: TerminalId, hub: &PublicKey) -> [u8; 32] {
    key.tag(&[b"pos-pair-confirm/v1", device.as_bytes(), &hub.0])
}

/// The hub's side of step 4: a credential for the terminal holding the
/// secret half of `terminal_key`, and the offer that lets it derive the same.
///
/// # Errors
/// [`PairingError::NoRandomness`], or [`PairingError::BadOffer`] for a
/// low-order public key (one that would make the secret guessable).
pub fn make_offer(
    device: TerminalId,
    terminal_key: &PublicKey,
    mqtt_port: u16,
) -> Result<(PairOffer, TerminalSecret), PairingError> {
    let hub = x25519_dalek::StaticSecret::from(random32()?);
    let hub_key = PublicKey(x25519_dalek::PublicKey::from(&hub).to_bytes());
    let dh = hub.diffie_hellman(&x25519_dalek::PublicKey::from(terminal_key.0));
    if !dh.was_contributory() {
        return Err(PairingError::BadOffer);
    }
    let secret = derive_secret(dh.as_bytes(), device, terminal_key, &hub_key);
    let confirm = confirm_tag(&secret.mac_key(), device, &hub_key);
    Ok((PairOffer { hub_key, confirm, mqtt_port }, secret))
}

fn argon2(password: &[u8], salt: &[u8], m_kib: u32, out: &mut [u8]) -> Result<(), PairingError> {
    let params = argon2::Params::new(m_kib, 3, 1, Some(out.len())).map_err(|e| PairingError::Kdf(e.to_string()))?;
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(password, salt, out)
        .map_err(|e| PairingError::Kdf(e.to_string()))
}

/// A terminal's short pairing code: 8 Crockford base32 characters (40 bits).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PairingCode(String);

impl PairingCode {
    /// The fingerprint of `device` and `key` (about 10 ms of Argon2id).
    ///
    /// # Errors
    /// [`PairingError::Kdf`] (not with these fixed parameters).
    pub fn of(device: TerminalId, key: &PublicKey) -> Result<Self, PairingError> {
        let mut digest = [0u8; 8];
        argon2(&[device.as_bytes().as_slice(), &key.0].concat(), b"pos-pair-code/v1", 4096, &mut digest)?;
        let bits = u64::from_be_bytes(digest) >> 24;
        let code = (0..8).map(|i| char::from(CROCKFORD[((bits >> (35 - 5 * i)) & 31) as usize])).collect();
        Ok(Self(code))
    }

    /// Reads a code as a person types it: case, spaces and dashes do not
    /// matter, and O, I and L read as 0, 1 and 1.
    ///
    /// # Errors
    /// [`PairingError::Malformed`] unless exactly 8 code characters remain.
    pub fn parse(typed: &str) -> Result<Self, PairingError> {
        let mut code = String::with_capacity(8);
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) || code.len() == 8 {
                return Err(PairingError::Malformed);
            }
            code.push(c);
        }
        if code.len() == 8 { Ok(Self(code)) } else { Err(PairingError::Malformed) }
    }

    /// The 8 characters, no dash (the stored form).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PairingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Debug for PairingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PairingCode({self})")
    }
}

/// What the terminal's QR code holds: `POSPAIR1:<device>:<code>:<key>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPayload {
    /// The device id.
    pub device: TerminalId,
    /// Its short code.
    pub code: PairingCode,
    /// Its public key.
    pub key: PublicKey,
}

impl QrPayload {
    /// The text the QR code encodes.
    #[must_use]
    pub fn to_text(&self) -> String {
        format!("POSPAIR1:{}:{}:{}", self.device.as_uuid().simple(), self.code.as_str(), self.key.to_text())
    }

    /// Reads scanned text and checks that the code is the key's fingerprint.
    ///
    /// # Errors
    /// [`PairingError::BadQr`] for anything else, [`PairingError::CodeMismatch`]
    /// when the code was not made from this key.
    pub fn parse(text: &str) -> Result<Self, PairingError> {
        let text = text.trim();
        if text.len() > 200 {
            return Err(PairingError::BadQr);
        }
        let mut parts = text.split(':');
        let (Some(prefix), Some(device), Some(code), Some(key), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(PairingError::BadQr);
        };
        if !prefix.eq_ignore_ascii_case("POSPAIR1") {
            return Err(PairingError::BadQr);
        }
        let device = TerminalId::parse(device).map_err(|_| PairingError::BadQr)?;
        let code = PairingCode::parse(code).map_err(|_| PairingError::BadQr)?;
        let key = PublicKey::parse(key).map_err(|_| PairingError::BadQr)?;
        if PairingCode::of(device, &key)? != code {
            return Err(PairingError::CodeMismatch);
        }
        Ok(Self { device, code, key })
    }
}

/// What an unpaired terminal says on its pairing topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairUp {
    /// "Pair me": repeated every few seconds until answered.
    Request(PairRequest),
}

/// A terminal asking to be paired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRequest {
    /// Its device id; must equal the topic's and the MQTT client id.
    pub device: TerminalId,
    /// Its public key.
    pub key: PublicKey,
    /// How long its code lives, counted from when the hub first sees it
    /// (capped at [`MAX_CODE_TTL_S`]).
    pub ttl_s: u32,
    /// A POS login typed on the terminal, if that is how it pairs.
    pub login: Option<LoginProof>,
}

/// A POS login typed on the terminal, proven without sending the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginProof {
    /// The login (6 digits).
    pub login: String,
    /// `HMAC(verifier, "pos-login-proof/v1" ‖ device ‖ key)`.
    pub proof: [u8; 32],
}

impl fmt::Debug for LoginProof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoginProof").field("login", &self.login).finish_non_exhaustive()
    }
}

/// What the hub answers on a device's pairing topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairDown {
    /// Paired: derive the credential and connect with it.
    Offer(PairOffer),
    /// Not paired, and why (the terminal shows it).
    Refused(PairRefusal),
}

/// The hub's offer (step 4 of the scheme). Public: it holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairOffer {
    /// The hub's one-off public key for this terminal.
    pub hub_key: PublicKey,
    /// Proves the hub derived the same secret.
    pub confirm: [u8; 32],
    /// The port of the terminals' broker.
    pub mqtt_port: u16,
}

/// Why the hub will not pair a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairRefusal {
    /// The branch has as many active terminals as the tariff allows.
    LimitReached {
        /// The limit.
        max: u32,
    },
    /// No such POS login, or the password is wrong.
    BadLogin,
    /// The POS login has expired.
    LoginExpired,
    /// The POS login was already used by another device.
    LoginUsed,
    /// This device id is already paired here (or was revoked): make a new one.
    DeviceKnown,
    /// The business's subscription takes no new terminals now (suspended, or
    /// past its end and grace period); the branch's terminals keep selling.
    SubscriptionInactive,
}

impl fmt::Display for PairRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PairRefusal::LimitReached { max } => {
                write!(f, "the branch already has {max} active terminals, the most its tariff allows")
            }
            PairRefusal::BadLogin => f.write_str("wrong POS login or password"),
            PairRefusal::LoginExpired => f.write_str("this POS login has expired; ask for a new one"),
            PairRefusal::LoginUsed => f.write_str("this POS login was already used"),
            PairRefusal::DeviceKnown => f.write_str("this device id is already known at the hub"),
            PairRefusal::SubscriptionInactive => {
                f.write_str("the subscription takes no new terminals until it is paid or resumed")
            }
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Wire<T> {
    version: u16,
    message: T,
}

/// Encodes a pairing message.
///
/// # Errors
/// [`PairingError::Oversized`] (not for any message defined here).
pub fn encode<T: Serialize>(message: &T) -> Result<Vec<u8>, PairingError> {
    let bytes =
        postcard::to_allocvec(&Wire { version: PAIRING_VERSION, message }).map_err(|_| PairingError::Malformed)?;
    if bytes.len() > MAX_PAIRING_BYTES {
        return Err(PairingError::Oversized(bytes.len()));
    }
    Ok(bytes)
}

/// Decodes a pairing message; never panics, whatever the bytes.
///
/// # Errors
/// [`PairingError::Oversized`] or [`PairingError::Malformed`] (wrong version,
/// garbage, trailing bytes).
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, PairingError> {
    if bytes.len() > MAX_PAIRING_BYTES {
        return Err(PairingError::Oversized(bytes.len()));
    }
    match postcard::take_from_bytes::<u16>(bytes) {
        Ok((version, _)) if version != PAIRING_VERSION => return Err(PairingError::Version(version)),
        Ok(_) => {}
        Err(_) => return Err(PairingError::Malformed),
    }
    match postcard::take_from_bytes::<Wire<T>>(bytes) {
        Ok((wire, [])) => Ok(wire.message),
        _ => Err(PairingError::Malformed),
    }
}

/// A fresh POS login: 6 digits.
///
/// # Errors
/// [`PairingError::NoRandomness`].
pub fn new_login() -> Result<String, PairingError> {
    let n = u64::from_be_bytes(random32()?[..8].try_into().map_err(|_| PairingError::NoRandomness)?);
    Ok(format!("{:06}", n % 1_000_000))
}

/// A fresh POS password: 10 Crockford characters (50 bits), as `ABCDE-FGHJK`.
///
/// # Errors
/// [`PairingError::NoRandomness`].
pub fn new_password() -> Result<String, PairingError> {
    let bytes = random32()?;
    let mut out = String::with_capacity(11);
    for (i, b) in bytes.iter().take(10).enumerate() {
        if i == 5 {
            out.push('-');
        }
        out.push(char::from(CROCKFORD[usize::from(b & 31)]));
    }
    Ok(out)
}

/// Normalises a typed POS password as [`PairingCode::parse`] does a code.
#[must_use]
pub fn normalise_password(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

/// What the cloud and hub keep of a POS password (about 25 ms of Argon2id).
///
/// # Errors
/// [`PairingError::Kdf`] (not with these fixed parameters).
pub fn login_verifier(login: &str, password: &str) -> Result<[u8; 32], PairingError> {
    let mut out = [0u8; 32];
    let salt = format!("pos-login/v1:{}", login.trim());
    argon2(normalise_password(password).as_bytes(), salt.as_bytes(), 8192, &mut out)?;
    Ok(out)
}

/// The terminal's proof that it knows the password behind `verifier`.
#[must_use]
pub fn login_proof(verifier: &[u8; 32], device: TerminalId, key: &PublicKey) -> [u8; 32] {
    MacKey::from_bytes(*verifier).tag(&[b"pos-login-proof/v1", device.as_bytes(), &key.0])
}

/// The hub's check of a [`LoginProof`].
#[must_use]
pub fn login_proof_ok(verifier: &[u8; 32], device: TerminalId, key: &PublicKey, proof: &[u8; 32]) -> bool {
    MacKey::from_bytes(*verifier).verify(&[b"pos-login-proof/v1", device.as_bytes(), &key.0], proof)
}

/// When a request first seen at `first_seen` with `ttl_s` stops being good.
#[must_use]
pub fn request_expires(first_seen: Timestamp, ttl_s: u32) -> Timestamp {
    Timestamp(first_seen.0 + i64::from(ttl_s.clamp(1, MAX_CODE_TTL_S)) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_gives_both_sides_the_same_secret() -> Result<(), PairingError> {
        let device = TerminalId::new();
        let key = DeviceKey::generate()?;
        let (offer, hub_secret) = make_offer(device, &key.public(), 1883)?;
        let terminal_secret = key.accept(device, &offer)?;
        assert_eq!(terminal_secret, hub_secret);
        // The offer holds nothing from which the secret can be read.
        let wire = encode(&PairDown::Offer(offer.clone()))?;
        for derived in [hub_secret.as_bytes().to_vec(), hub_secret.mac_key().as_bytes().to_vec()] {
            assert!(!wire.windows(derived.len()).any(|w| w == derived.as_slice()));
        }
        assert!(!String::from_utf8_lossy(&wire).contains(&hub_secret.mqtt_password()));
        // Another key, another device, or a tampered offer: refused.
        assert_eq!(DeviceKey::generate()?.accept(device, &offer), Err(PairingError::BadOffer));
        assert_eq!(key.accept(TerminalId::new(), &offer), Err(PairingError::BadOffer));
        let mut forged = offer;
        forged.confirm[0] ^= 1;
        assert_eq!(key.accept(device, &forged), Err(PairingError::BadOffer));
        // A low-order hub key would make the secret public.
        let low = PairOffer { hub_key: PublicKey([0; 32]), confirm: [0; 32], mqtt_port: 1 };
        assert_eq!(key.accept(device, &low), Err(PairingError::BadOffer));
        assert!(make_offer(device, &PublicKey([0; 32]), 1).is_err());
        Ok(())
    }

    #[test]
    fn codes_are_fingerprints_and_parse_as_typed() -> Result<(), PairingError> {
        let device = TerminalId::new();
        let key = DeviceKey::generate()?.public();
        let code = PairingCode::of(device, &key)?;
        assert_eq!(code, PairingCode::of(device, &key)?);
        assert_ne!(code, PairingCode::of(device, &DeviceKey::generate()?.public())?);
        assert_ne!(code, PairingCode::of(TerminalId::new(), &key)?);
        let shown = code.to_string();
        assert_eq!(shown.len(), 9);
        assert_eq!(PairingCode::parse(&shown.to_lowercase())?, code);
        assert_eq!(PairingCode::parse(&format!(" {} ", code.as_str()))?, code);
        assert_eq!(PairingCode::parse("oooo-iiii")?, PairingCode::parse("0000-1111")?);
        for bad in ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFGU", "АБВГ-ДЕЖЗ"] {
            assert_eq!(PairingCode::parse(bad), Err(PairingError::Malformed), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn qr_payload_round_trips_and_is_checked() -> Result<(), PairingError> {
        let device = TerminalId::new();
        let key = DeviceKey::generate()?.public();
        let qr = QrPayload { device, code: PairingCode::of(device, &key)?, key };
        assert_eq!(QrPayload::parse(&qr.to_text())?, qr);
        let other = QrPayload { key: DeviceKey::generate()?.public(), ..qr.clone() };
        assert_eq!(QrPayload::parse(&other.to_text()), Err(PairingError::CodeMismatch));
        for bad in ["", "POSPAIR1:x:y:z", "POSPAIR2:a:b:c:d", &qr.to_text().replace("POSPAIR1", "HELLO")] {
            assert_eq!(QrPayload::parse(bad), Err(PairingError::BadQr), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn login_proofs_bind_password_device_and_key() -> Result<(), PairingError> {
        let (login, password) = (new_login()?, new_password()?);
        assert_eq!(login.len(), 6);
        assert_eq!(password.len(), 11);
        let verifier = login_verifier(&login, &password)?;
        assert_eq!(verifier, login_verifier(&login, &password.to_lowercase().replace('-', ""))?);
        let device = TerminalId::new();
        let key = DeviceKey::generate()?.public();
        let proof = login_proof(&verifier, device, &key);
        assert!(login_proof_ok(&verifier, device, &key, &proof));
        assert!(!login_proof_ok(&verifier, TerminalId::new(), &key, &proof));
        assert!(!login_proof_ok(&verifier, device, &DeviceKey::generate()?.public(), &proof));
        assert!(!login_proof_ok(&login_verifier(&login, "WRONG-PASSW")?, device, &key, &proof));
        assert_ne!(verifier, login_verifier("000000", &password)?);
        Ok(())
    }

    #[test]
    fn messages_round_trip_and_garbage_is_refused() -> Result<(), PairingError> {
        let device = TerminalId::new();
        let request = PairUp::Request(PairRequest {
            device,
            key: DeviceKey::generate()?.public(),
            ttl_s: 600,
            login: Some(LoginProof { login: "123456".into(), proof: [9; 32] }),
        });
        let bytes = encode(&request)?;
        assert_eq!(decode::<PairUp>(&bytes)?, request);
        assert_eq!(decode::<PairUp>(&bytes[..bytes.len() - 1]), Err(PairingError::Malformed));
        assert_eq!(decode::<PairUp>(&[bytes.as_slice(), &[0]].concat()), Err(PairingError::Malformed));
        assert_eq!(decode::<PairUp>(&[2, 9]), Err(PairingError::Malformed));
        // A layout-1 request (a terminal that needs updating) says so.
        let mut old = bytes.clone();
        old[0] = 1;
        assert_eq!(decode::<PairUp>(&old), Err(PairingError::Version(1)));
        assert_eq!(decode::<PairUp>(&[]), Err(PairingError::Malformed));
        assert_eq!(decode::<PairUp>(&[0; 2000]), Err(PairingError::Oversized(2000)));
        Ok(())
    }
}
