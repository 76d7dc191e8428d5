//! Secrets kept at rest (a branch's Multicard secret): sealed with
//! XChaCha20-Poly1305 under the cloud's own 256-bit key, with the row they
//! belong to as associated data, so a sealed value copied to another row
//! does not open.
//!
//! The key is `secret_key` in the settings (base64, 32 bytes) or, when that
//! is empty, the file `<data_dir>/secret.key`, created on first start with
//! mode 0600. Every cloud instance sharing a database must use the same key.

use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// Sealed values start with this (the scheme's version).
const PREFIX: &str = "v1.";
const NONCE_LEN: usize = 24;

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    /// The key is not 32 bytes of base64.
    #[error("secret_key must be 32 bytes in base64 (url-safe, no padding)")]
    BadKey,
    /// The key file could not be read or written.
    #[error("secret key file {path}: {source}")]
    KeyFile {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// No randomness.
    #[error("no randomness: {0}")]
    Random(String),
    /// A stored value does not open (another key, another row, or damaged).
    #[error("a sealed value does not open")]
    Open,
}

/// The cloud's sealing key.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    /// Root of the keys other features derive (see [`Vault::derived_key`]),
    /// itself derived from the sealing key, which it does not reveal.
    derive_root: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

impl Vault {
    /// A vault over a 32-byte key.
    #[must_use]
    pub fn new(key: &[u8; 32]) -> Self {
        Self { cipher: XChaCha20Poly1305::new(key.into()), derive_root: hmac_sha256(key, b"pos-cloud derived keys v1") }
    }

    /// A 256-bit key for `label` (a captcha's signing key…), derived from
    /// the cloud's secret: the same on every instance sharing the secret,
    /// different per label, and telling nothing of the sealing key.
    #[must_use]
    pub fn derived_key(&self, label: &str) -> [u8; 32] {
        hmac_sha256(&self.derive_root, label.as_bytes())
    }

    /// The configured key (base64), or the key file in `data_dir`, created
    /// when missing.
    ///
    /// # Errors
    /// [`VaultError::BadKey`], [`VaultError::KeyFile`], [`VaultError::Random`].
    pub fn load(configured: &str, data_dir: &Path) -> Result<Self, VaultError> {
        if !configured.trim().is_empty() {
            return Ok(Self::new(&decode_key(configured)?));
        }
        let path = data_dir.join("secret.key");
        let io = |source| VaultError::KeyFile { path: path.display().to_string(), source };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Self::new(&decode_key(&text)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0_u8; 32];
                getrandom::fill(&mut key).map_err(|e| VaultError::Random(e.to_string()))?;
                std::fs::create_dir_all(data_dir).map_err(io)?;
                write_private(&path, &B64.encode(key)).map_err(io)?;
                tracing::info!(path = %path.display(), "created the secret key for sealed settings");
                Ok(Self::new(&key))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Seals `plain` for the row `context`.
    ///
    /// # Errors
    /// [`VaultError::Random`].
    pub fn seal(&self, plain: &str, context: &str) -> Result<String, VaultError> {
        let mut nonce = [0_u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| VaultError::Random(e.to_string()))?;
        let sealed = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .map_err(|_| VaultError::Open)?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{PREFIX}{}", B64.encode(out)))
    }

    /// Opens what [`Vault::seal`] made for the same `context`.
    ///
    /// # Errors
    /// [`VaultError::Open`].
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, VaultError> {
        let bytes = sealed.strip_prefix(PREFIX).and_then(|b| B64.decode(b).ok()).ok_or(VaultError::Open)?;
        if bytes.len() < NONCE_LEN {
            return Err(VaultError::Open);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad: context.as_bytes() })
            .map_err(|_| VaultError::Open)?;
        String::from_utf8(plain).map_err(|_| VaultError::Open)
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    use hmac::{Hmac, Mac as _};
    let mut mac = <Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn decode_key(text: &str) -> Result<[u8; 32], VaultError> {
    let bytes = B64.decode(text.trim()).map_err(|_| VaultError::BadKey)?;
    bytes.try_into().map_err(|_| VaultError::BadKey)
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_only_for_the_same_row_and_key() {
        let vault = Vault::new(&[7; 32]);
        let sealed = vault.seal("s3cret-value", "branch-a").unwrap();
        assert!(sealed.starts_with("v1.") && !sealed.contains("s3cret"));
        assert_eq!(vault.open(&sealed, "branch-a").unwrap(), "s3cret-value");
        assert!(vault.open(&sealed, "branch-b").is_err(), "another row");
        assert!(Vault::new(&[8; 32]).open(&sealed, "branch-a").is_err(), "another key");
        assert_ne!(sealed, vault.seal("s3cret-value", "branch-a").unwrap(), "a fresh nonce each time");
        for bad in ["", "v1.", "v1.AAAA", "v2.abc", "plain"] {
            assert!(vault.open(bad, "branch-a").is_err(), "{bad}");
        }
    }

    #[test]
    fn key_file_is_created_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let a = Vault::load("", dir.path()).unwrap();
        let sealed = a.seal("x", "c").unwrap();
        let b = Vault::load("", dir.path()).unwrap();
        assert_eq!(b.open(&sealed, "c").unwrap(), "x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join("secret.key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(Vault::load("short", dir.path()), Err(VaultError::BadKey)));
        let configured = B64.encode([9_u8; 32]);
        assert!(Vault::load(&configured, dir.path()).is_ok());
    }
}
