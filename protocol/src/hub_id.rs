//! The hub's long-term identity (E6): an Ed25519 key pair the hub makes at
//! its first start and keeps in its data directory. Every pairing answer the
//! hub sends is signed with it, and a terminal acts only on answers signed by
//! the hub it was told to trust, so a rogue hub on the LAN can neither
//! capture a terminal nor stop it pairing with a forged refusal.
//!
//! # How a terminal learns whom to trust
//! The hub's page shows its **fingerprint**, 16 Crockford base32 characters
//! (`ABCD-EFGH-JKMN-PQRS`, the first 80 bits of
//! `SHA-256("pos-hub-id/v1" ‖ public key)`), and its public key in full
//! (unpadded base64url, for a QR code or a file). The technician gives the
//! terminal either one with the hub's address ([`HubTrust::parse`] reads
//! both). 80 bits make a second key with the same fingerprint out of reach
//! (2^80 hashes), unlike the 40-bit terminal codes, which only have to hold
//! for the minutes a code lives.
//!
//! # What is signed
//! `Ed25519(hub, "pos-pair-down/v2" ‖ postcard(device, terminal key, at, answer))`:
//! an answer names the device *and* the key it answers, so one signed for
//! another device or an earlier key of the same device is refused
//! ([`SignedDown::open`]), and replaying the answer the real hub gave to this
//! very key tells the terminal nothing that was not true.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::pairing::{PairDown, PairingError, PublicKey};
use crate::{TerminalId, Timestamp};

/// Crockford's base32: no I, L, O or U.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters in a fingerprint (5 bits each: 80 bits).
const FINGERPRINT_LEN: usize = 16;

/// Domain separation of the signed answers.
const DOWN_CONTEXT: &[u8] = b"pos-pair-down/v2";

/// A hub's public identity key (Ed25519).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HubKey(pub [u8; 32]);

impl HubKey {
    /// Unpadded base64url.
    #[must_use]
    pub fn to_text(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0)
    }

    /// Parses [`HubKey::to_text`].
    ///
    /// # Errors
    /// [`PairingError::Malformed`].
    pub fn parse(text: &str) -> Result<Self, PairingError> {
        crate::pairing::key_from_text(text).map(Self)
    }

    /// The fingerprint people compare and type.
    #[must_use]
    pub fn fingerprint(&self) -> HubFingerprint {
        let digest = sha2::Sha256::new().chain_update(b"pos-hub-id/v1").chain_update(self.0).finalize();
        let mut bits = u128::from_be_bytes(digest[..16].try_into().unwrap_or([0; 16])) >> 48;
        let mut chars = [0u8; FINGERPRINT_LEN];
        for c in chars.iter_mut().rev() {
            *c = CROCKFORD[(bits & 31) as usize];
            bits >>= 5;
        }
        HubFingerprint(chars.iter().map(|&b| char::from(b)).collect())
    }
}

impl fmt::Debug for HubKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HubKey({})", self.fingerprint())
    }
}

/// The first 80 bits of a hub key's hash, as people read and type them.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct HubFingerprint(String);

impl HubFingerprint {
    /// Reads a fingerprint as a person types it: case, spaces and dashes do
    /// not matter, and O, I and L read as 0, 1 and 1.
    ///
    /// # Errors
    /// [`PairingError::Malformed`] unless exactly 16 code characters remain.
    pub fn parse(typed: &str) -> Result<Self, PairingError> {
        let mut out = String::with_capacity(FINGERPRINT_LEN);
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) || out.len() == FINGERPRINT_LEN {
                return Err(PairingError::Malformed);
            }
            out.push(c);
        }
        if out.len() == FINGERPRINT_LEN { Ok(Self(out)) } else { Err(PairingError::Malformed) }
    }
}

impl fmt::Display for HubFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<&str> = (0..FINGERPRINT_LEN / 4).filter_map(|i| self.0.get(i * 4..i * 4 + 4)).collect();
        f.write_str(&groups.join("-"))
    }
}

impl fmt::Debug for HubFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HubFingerprint({self})")
    }
}

/// Whom a terminal trusts to answer its pairing requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubTrust {
    /// The hub's whole public key.
    Key(HubKey),
    /// Its fingerprint, as typed from the hub's page.
    Fingerprint(HubFingerprint),
}

impl HubTrust {
    /// Reads a fingerprint (`ABCD-EFGH-JKMN-PQRS`) or a whole key (43
    /// base64url characters).
    ///
    /// # Errors
    /// [`PairingError::Malformed`] for anything else.
    pub fn parse(text: &str) -> Result<Self, PairingError> {
        let text = text.trim();
        if text.len() == 43 {
            return HubKey::parse(text).map(Self::Key);
        }
        HubFingerprint::parse(text).map(Self::Fingerprint)
    }

    /// Whether `key` is the trusted hub's.
    #[must_use]
    pub fn trusts(&self, key: &HubKey) -> bool {
        match self {
            HubTrust::Key(k) => k == key,
            HubTrust::Fingerprint(f) => key.fingerprint() == *f,
        }
    }
}

/// The hub's signing half. Never leaves the hub.
#[derive(Clone)]
pub struct HubIdentity(SigningKey);

impl fmt::Debug for HubIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HubIdentity({})", self.key().fingerprint())
    }
}

impl HubIdentity {
    /// A fresh identity.
    ///
    /// # Errors
    /// [`PairingError::NoRandomness`].
    pub fn generate() -> Result<Self, PairingError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|_| PairingError::NoRandomness)?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Rebuilds a stored identity from its 32-byte seed.
    #[must_use]
    pub fn from_bytes(seed: [u8; 32]) -> Self {
        Self(SigningKey::from_bytes(&seed))
    }

    /// The seed, for storing (mode 0600) on the hub.
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public half.
    #[must_use]
    pub fn key(&self) -> HubKey {
        HubKey(self.0.verifying_key().to_bytes())
    }

    /// Signs `answer` for the device holding `key`.
    ///
    /// # Errors
    /// [`PairingError::Malformed`] (not for any answer defined here).
    pub fn sign(
        &self,
        device: TerminalId,
        key: &PublicKey,
        at: Timestamp,
        answer: &PairDown,
    ) -> Result<SignedDown, PairingError> {
        let body = postcard::to_allocvec(&(device, key, at, answer)).map_err(|_| PairingError::Malformed)?;
        let signature = self.0.sign(&[DOWN_CONTEXT, &body].concat()).to_bytes().to_vec();
        Ok(SignedDown { hub: self.key(), body, signature })
    }
}

/// A pairing answer as it travels: the hub's key, the signed body and the
/// signature (64 bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedDown {
    /// The key that signed it.
    pub hub: HubKey,
    /// `postcard(device, terminal key, at, answer)`.
    pub body: Vec<u8>,
    /// Ed25519 over [`DOWN_CONTEXT`] ‖ `body`.
    pub signature: Vec<u8>,
}

impl SignedDown {
    /// The answer, when `trust` trusts the key that signed it, the signature
    /// holds, and it answers this device's `key`; with when the hub made it.
    ///
    /// # Errors
    /// [`PairingError::UntrustedHub`], [`PairingError::BadSignature`],
    /// [`PairingError::NotForThisKey`] or [`PairingError::Malformed`].
    pub fn open(
        &self,
        device: TerminalId,
        key: &PublicKey,
        trust: &HubTrust,
    ) -> Result<(PairDown, Timestamp), PairingError> {
        if !trust.trusts(&self.hub) {
            return Err(PairingError::UntrustedHub);
        }
        let verifying = VerifyingKey::from_bytes(&self.hub.0).map_err(|_| PairingError::BadSignature)?;
        let signature = <[u8; 64]>::try_from(self.signature.as_slice()).map_err(|_| PairingError::BadSignature)?;
        verifying
            .verify_strict(&[DOWN_CONTEXT, &self.body].concat(), &ed25519_dalek::Signature::from_bytes(&signature))
            .map_err(|_| PairingError::BadSignature)?;
        let (for_device, for_key, at, answer): (TerminalId, PublicKey, Timestamp, PairDown) =
            postcard::from_bytes(&self.body).map_err(|_| PairingError::Malformed)?;
        if for_device != device || for_key != *key {
            return Err(PairingError::NotForThisKey);
        }
        Ok((answer, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairing::{DeviceKey, PairRefusal};

    fn device() -> TerminalId {
        TerminalId::parse("0190f0a1-0000-7000-8000-000000000001").unwrap_or_else(|_| TerminalId::new())
    }

    #[test]
    fn answers_open_only_for_the_trusted_hub_the_device_and_its_key() -> Result<(), PairingError> {
        let hub = HubIdentity::generate()?;
        let rogue = HubIdentity::generate()?;
        let key = DeviceKey::generate()?.public();
        let other_key = DeviceKey::generate()?.public();
        let answer = PairDown::Refused(PairRefusal::LimitReached { max: 2 });
        let at = Timestamp(1_700_000_000_000);
        let signed = hub.sign(device(), &key, at, &answer)?;
        for trust in [HubTrust::Key(hub.key()), HubTrust::Fingerprint(hub.key().fingerprint())] {
            assert_eq!(signed.open(device(), &key, &trust)?, (answer.clone(), at));
            assert_eq!(signed.open(device(), &other_key, &trust), Err(PairingError::NotForThisKey));
            assert_eq!(signed.open(TerminalId::new(), &key, &trust), Err(PairingError::NotForThisKey));
            // The rogue's own answer, and the real answer re-labelled as the rogue's.
            let forged = rogue.sign(device(), &key, at, &answer)?;
            assert_eq!(forged.open(device(), &key, &trust), Err(PairingError::UntrustedHub));
            let relabelled = SignedDown { hub: hub.key(), ..forged };
            assert_eq!(relabelled.open(device(), &key, &trust), Err(PairingError::BadSignature));
            // Any bit of the body or signature flipped.
            for i in 0..signed.body.len() {
                let mut bad = signed.clone();
                bad.body[i] ^= 1;
                assert_eq!(bad.open(device(), &key, &trust), Err(PairingError::BadSignature));
            }
            let mut bad = signed.clone();
            bad.signature.pop();
            assert_eq!(bad.open(device(), &key, &trust), Err(PairingError::BadSignature));
        }
        let kept = HubIdentity::from_bytes(hub.to_bytes());
        assert_eq!(kept.key(), hub.key());
        Ok(())
    }

    #[test]
    fn fingerprints_are_80_bits_typed_loosely_and_keys_parse() -> Result<(), PairingError> {
        let key = HubIdentity::generate()?.key();
        let shown = key.fingerprint().to_string();
        assert_eq!(shown.len(), 19, "{shown}");
        assert_eq!(shown.matches('-').count(), 3, "{shown}");
        let typed = shown.to_lowercase().replace('-', " ").replace('0', "o").replace('1', "l");
        assert!(HubTrust::parse(&typed)?.trusts(&key));
        assert!(HubTrust::parse(&key.to_text())?.trusts(&key));
        assert!(!HubTrust::parse(&HubIdentity::generate()?.key().to_text())?.trusts(&key));
        for bad in ["", "ABCD-EFGH", "ABCD-EFGH-JKMN-PQRS-T", "ABCD-EFGH-JKMN-PQRU", "€€€€-EFGH-JKMN-PQRS"] {
            assert_eq!(HubTrust::parse(bad), Err(PairingError::Malformed), "{bad}");
        }
        Ok(())
    }
}
