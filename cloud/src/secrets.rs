//! Human passwords (argon2id), random tokens and the hashes we store of them.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 8;
/// Longest password accepted (argon2 would take anything; a form should not).
pub const MAX_PASSWORD: usize = 128;

/// A password that meets the rules (length only, as the seed asks).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than [`MIN_PASSWORD`] characters.
    #[error("password must be at least 8 characters")]
    TooShort,
    /// More than [`MAX_PASSWORD`] characters.
    #[error("password must be at most 128 characters")]
    TooLong,
    /// Confirmation differs.
    #[error("passwords do not match")]
    Mismatch,
}

impl Password {
    /// A new password with its confirmation.
    ///
    /// # Errors
    /// [`PasswordError`].
    pub fn parse_new(password: &str, confirmation: &str) -> Result<Self, PasswordError> {
        let n = password.chars().count();
        if n < MIN_PASSWORD {
            return Err(PasswordError::TooShort);
        }
        if n > MAX_PASSWORD {
            return Err(PasswordError::TooLong);
        }
        if password != confirmation {
            return Err(PasswordError::Mismatch);
        }
        Ok(Self(password.to_owned()))
    }

    /// The text.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Hashing failed (out of memory or randomness).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// argon2id PHC string of `password` with a fresh salt.
///
/// # Errors
/// [`HashError`] when the OS has no randomness.
pub fn hash_password(password: &str) -> Result<String, HashError> {
    PasswordHasher::<PasswordHash>::hash_password(&Argon2::default(), password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Does `password` match the stored PHC string? A damaged hash never matches.
#[must_use]
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordVerifier::<str>::verify_password(&Argon2::default(), password.as_bytes(), stored).is_ok()
}

/// A hash to burn the same time as a real check when the phone is unknown,
/// so response time does not tell which phones have accounts.
pub fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(hash) = DUMMY.get_or_init(|| hash_password("not-a-real-password").ok()) {
        let _ = verify_password(password, hash);
    }
}

/// At most this many Argon2 runs at once, whatever asks for them.
fn argon2_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
        tokio::sync::Semaphore::new(cpus.max(1))
    })
}

/// Runs `work` (Argon2: tens of milliseconds of CPU) on a blocking thread,
/// at most one per CPU at a time: a burst of sign-ins queues here instead of
/// stalling the async workers every other request runs on.
///
/// # Errors
/// [`HashError`] when the blocking task could not run.
pub async fn argon2<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, HashError> {
    let _slot = argon2_slots().acquire().await.map_err(|e| HashError(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| HashError(e.to_string()))
}

/// [`hash_password`] through [`argon2`].
///
/// # Errors
/// [`HashError`].
pub async fn hash_password_async(password: &str) -> Result<String, HashError> {
    let password = Password(password.to_owned());
    argon2(move || hash_password(password.expose())).await?
}

/// [`verify_password`] through [`argon2`]; with no stored hash it burns the
/// same time ([`dummy_verify`]) and answers `false`.
///
/// # Errors
/// [`HashError`].
pub async fn verify_password_async(password: &str, stored: Option<&str>) -> Result<bool, HashError> {
    let password = Password(password.to_owned());
    let stored = stored.map(str::to_owned);
    argon2(move || match stored {
        Some(hash) => verify_password(password.expose(), &hash),
        None => {
            dummy_verify(password.expose());
            false
        }
    })
    .await
}

/// `n` random bytes from the OS.
///
/// # Errors
/// [`HashError`] when the OS has no randomness.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], HashError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|e| HashError(e.to_string()))?;
    Ok(b)
}

/// A fresh 256-bit token in base64url (session ids, flow tokens).
///
/// # Errors
/// [`HashError`] when the OS has no randomness.
pub fn new_token() -> Result<String, HashError> {
    Ok(URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// Whether `s` has the shape of a [`new_token`] (43 base64url characters).
#[must_use]
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Compares two secrets in time independent of where they differ.
#[must_use]
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// What we store of a token: hex SHA-256 under a purpose label.
#[must_use]
pub fn token_hash(purpose: &str, token: &str) -> String {
    let mut h = Sha256::new();
    h.update(purpose.as_bytes());
    h.update([0]);
    h.update(token.as_bytes());
    hex::encode(h.finalize())
}

/// A random number below `bound` without modulo bias.
///
/// # Errors
/// [`HashError`] when the OS has no randomness.
pub fn random_below(bound: u32) -> Result<u32, HashError> {
    let zone = u32::MAX - (u32::MAX % bound);
    loop {
        let v = u32::from_be_bytes(random_bytes::<4>()?);
        if v < zone {
            return Ok(v % bound);
        }
    }
}

/// A temporary password: 12 characters without look-alikes.
///
/// # Errors
/// [`HashError`] when the OS has no randomness.
pub fn temporary_password() -> Result<String, HashError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..12).map(|_| random_below(ALPHABET.len() as u32).map(|i| char::from(ALPHABET[i as usize]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_rules() {
        assert_eq!(Password::parse_new("short", "short"), Err(PasswordError::TooShort));
        assert_eq!(Password::parse_new("longenough", "longenougH"), Err(PasswordError::Mismatch));
        assert_eq!(Password::parse_new(&"x".repeat(129), &"x".repeat(129)), Err(PasswordError::TooLong));
        assert!(Password::parse_new("parol1234", "parol1234").is_ok());
        assert!(Password::parse_new("пароль12", "пароль12").is_ok(), "8 Cyrillic characters count as 8");
    }

    #[test]
    fn argon2_round_trip() -> Result<(), HashError> {
        let h = hash_password("parol1234")?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("parol1234", &h));
        assert!(!verify_password("parol1235", &h));
        assert!(!verify_password("parol1234", "garbage"));
        Ok(())
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() -> Result<(), HashError> {
        let (a, b) = (new_token()?, new_token()?);
        assert_ne!(a, b);
        assert_eq!(token_hash("s", &a), token_hash("s", &a));
        assert_ne!(token_hash("s", &a), token_hash("t", &a));
        let t = temporary_password()?;
        assert_eq!(t.len(), 12);
        Ok(())
    }
}
