//! A terminal's secret and what is derived from it.
//!
//! Each terminal holds one 32-byte [`TerminalSecret`]. Two independent keys
//! come out of it with HKDF-SHA256: the [`MacKey`] that authenticates every
//! envelope in both directions, and the MQTT password the terminal logs in
//! with. The hub stores the MAC key and only a salted hash of the password;
//! the secret itself never leaves the terminal once issued.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::TerminalId;

type HmacSha256 = Hmac<Sha256>;

const HKDF_SALT: &[u8] = b"pos-terminal-secret/v1";
const CREDENTIAL_PREFIX: &str = "pos1";

/// A problem with a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// The operating system could not supply random bytes.
    #[error("no randomness available from the operating system")]
    NoRandomness,
    /// A credential string was not of the form `pos1.<terminal>.<secret>`.
    #[error("not a terminal credential (expected pos1.<terminal id>.<secret>)")]
    Malformed,
}

/// 32 random bytes only the terminal (and, briefly, whoever issued them) knows.
#[derive(Clone, PartialEq, Eq)]
pub struct TerminalSecret([u8; 32]);

impl TerminalSecret {
    /// A fresh secret from the operating system's random source.
    ///
    /// # Errors
    /// [`CredentialError::NoRandomness`] if the OS cannot supply randomness.
    pub fn generate() -> Result<Self, CredentialError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|_| CredentialError::NoRandomness)?;
        Ok(Self(bytes))
    }

    /// Wraps known bytes (tests, storage).
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw bytes, for storing on the terminal.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn derive(&self, info: &[u8]) -> [u8; 32] {
        let hk = hkdf::Hkdf::<Sha256>::new(Some(HKDF_SALT), &self.0);
        let mut out = [0u8; 32];
        if hk.expand(info, &mut out).is_err() {
            unreachable!("32 bytes is a valid HKDF-SHA256 output length");
        }
        out
    }

    /// The key that authenticates this terminal's envelopes.
    #[must_use]
    pub fn mac_key(&self) -> MacKey {
        MacKey(self.derive(b"envelope-mac"))
    }

    /// The password this terminal logs in to the broker with (URL-safe base64).
    #[must_use]
    pub fn mqtt_password(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.derive(b"mqtt-password"))
    }
}

impl fmt::Debug for TerminalSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TerminalSecret(<redacted>)")
    }
}

/// The HMAC-SHA256 key for one terminal's envelopes.
#[derive(Clone, PartialEq, Eq)]
pub struct MacKey([u8; 32]);

impl MacKey {
    /// Wraps stored key bytes.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw key, for storage at the hub.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn hmac(&self) -> HmacSha256 {
        match HmacSha256::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of any length"),
        }
    }

    /// HMAC-SHA256 over the concatenation of `parts`.
    #[must_use]
    pub fn tag(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.hmac();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// Constant-time check of a tag over `parts`.
    #[must_use]
    pub fn verify(&self, parts: &[&[u8]], tag: &[u8; 32]) -> bool {
        self.tag(parts).ct_eq(tag).into()
    }
}

impl fmt::Debug for MacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MacKey(<redacted>)")
    }
}

/// Everything a terminal needs to speak to its hub: who it is and its secret.
/// Text form: `pos1.<terminal id>.<secret in URL-safe base64>`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TerminalCredential {
    /// The terminal.
    pub terminal: TerminalId,
    /// Its secret.
    pub secret: TerminalSecret,
}

impl TerminalCredential {
    /// Parses the text form.
    ///
    /// # Errors
    /// [`CredentialError::Malformed`] for anything but `pos1.<id>.<secret>`.
    pub fn parse(text: &str) -> Result<Self, CredentialError> {
        let mut parts = text.trim().split('.');
        let (Some(CREDENTIAL_PREFIX), Some(id), Some(secret), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CredentialError::Malformed);
        };
        let terminal = TerminalId::parse(id).map_err(|_| CredentialError::Malformed)?;
        let bytes = URL_SAFE_NO_PAD.decode(secret).map_err(|_| CredentialError::Malformed)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| CredentialError::Malformed)?;
        Ok(Self { terminal, secret: TerminalSecret(bytes) })
    }

    /// The text form. It holds the secret: show it once, store it carefully.
    #[must_use]
    pub fn to_text(&self) -> String {
        format!("{CREDENTIAL_PREFIX}.{}.{}", self.terminal.as_uuid().simple(), URL_SAFE_NO_PAD.encode(self.secret.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_text_round_trips() {
        let cred = TerminalCredential {
            terminal: TerminalId::new(),
            secret: TerminalSecret::generate().unwrap_or(TerminalSecret([7; 32])),
        };
        assert_eq!(TerminalCredential::parse(&cred.to_text()), Ok(cred));
    }

    #[test]
    fn rejects_malformed_credentials() {
        for bad in ["", "pos1", "pos1.x.y", "pos2.0190a0b0c0d0e0f0a0b0c0d0e0f0a0b0.AAAA", "pos1.a.b.c"] {
            assert_eq!(TerminalCredential::parse(bad), Err(CredentialError::Malformed), "{bad}");
        }
    }

    #[test]
    fn derived_keys_are_independent_and_stable() {
        let s = TerminalSecret::from_bytes([1; 32]);
        assert_eq!(s.mac_key(), s.mac_key());
        assert_ne!(s.mac_key().as_bytes().as_slice(), URL_SAFE_NO_PAD.decode(s.mqtt_password()).unwrap_or_default());
        assert_ne!(TerminalSecret::from_bytes([2; 32]).mac_key(), s.mac_key());
    }

    #[test]
    fn debug_never_prints_secrets() {
        let s = TerminalSecret::from_bytes([0xab; 32]);
        assert!(!format!("{s:?}{:?}", s.mac_key()).contains("ab"));
    }
}
