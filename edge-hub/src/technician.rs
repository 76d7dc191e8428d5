//! The technician's secret for pairing on the hub's own page, and the
//! back-off that keeps anyone on the LAN from guessing it.
//!
//! The secret is either a PIN set in the settings (`pairing.technician_pin`,
//! at least [`MIN_PIN_LEN`] characters) or, when none is set, a passphrase the
//! hub makes at its first start: 16 characters of Crockford's base32 (80
//! bits) in `technician.pass` in the data directory (0600), printed by
//! `edge-hub technician-passphrase` at install.
//!
//! Wrong tries: the first [`FREE_TRIES`] in a row cost nothing; each further
//! one doubles the wait before the next try (2 s, 4 s, … up to 15 min);
//! after [`LOCKOUT_AFTER`] in a row local pairing is locked for an hour, the
//! `hub_technician_pin_locked` gauge reads 1 and an error is logged. A
//! right secret clears the count. Pairing from the portal is never locked.

use std::path::Path;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The shortest PIN the settings may set.
pub const MIN_PIN_LEN: usize = 8;
/// Wrong tries in a row before the page makes the next one wait.
pub const FREE_TRIES: u32 = 3;
/// Wrong tries in a row that lock local pairing for [`LOCKOUT`].
pub const LOCKOUT_AFTER: u32 = 10;
/// How long local pairing stays locked.
pub const LOCKOUT: Duration = Duration::from_secs(3600);
/// The longest wait between tries before the lockout.
const MAX_WAIT: Duration = Duration::from_secs(900);
/// The file the generated passphrase is kept in, inside the data directory.
pub const PASSPHRASE_FILE: &str = "technician.pass";

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The technician's secret could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum TechnicianError {
    /// The configured PIN is too short to resist guessing.
    #[error("pairing.technician_pin must be at least {MIN_PIN_LEN} characters (digits or a passphrase)")]
    WeakPin,
    /// The passphrase file could not be read or written.
    #[error("technician passphrase {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Letters and digits only, upper case: how secrets are compared, so that
/// `abcd-efgh` and `ABCDEFGH` are the same passphrase.
fn normalise(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// The configured PIN, or the passphrase kept in `data_dir` (made on first use).
///
/// # Errors
/// [`TechnicianError::WeakPin`] for a short PIN; [`TechnicianError::Io`] when
/// the file cannot be read or written.
pub fn secret(configured: Option<&str>, data_dir: &Path) -> Result<String, TechnicianError> {
    if let Some(pin) = configured.map(str::trim).filter(|p| !p.is_empty()) {
        if normalise(pin).len() < MIN_PIN_LEN {
            return Err(TechnicianError::WeakPin);
        }
        return Ok(pin.to_owned());
    }
    passphrase(data_dir)
}

/// The generated passphrase kept in `data_dir`, made now if there is none.
///
/// # Errors
/// [`TechnicianError::Io`].
pub fn passphrase(data_dir: &Path) -> Result<String, TechnicianError> {
    let path = data_dir.join(PASSPHRASE_FILE);
    let io = |source| TechnicianError::Io { path: path.display().to_string(), source };
    match std::fs::read_to_string(&path) {
        Ok(text) if normalise(&text).len() >= 16 => return Ok(text.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let chars: Vec<char> = bytes.iter().map(|b| char::from(CROCKFORD[usize::from(b % 32)])).collect();
    let text = chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-");
    crate::files::private_dir(data_dir).map_err(io)?;
    crate::files::write_secret(&path, format!("{text}\n").as_bytes()).map_err(io)?;
    Ok(text)
}

/// Why a try was not even checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Too many wrong tries lately: wait this long.
    Wait(Duration),
    /// Locked after [`LOCKOUT_AFTER`] wrong tries, for this long still.
    Locked(Duration),
}

/// What a try came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The secret is right.
    Right,
    /// Wrong; `locked` when this try locked local pairing.
    Wrong {
        /// This try locked local pairing.
        locked: bool,
    },
    /// Not checked.
    Held(Held),
}

#[derive(Debug, Default)]
struct Tries {
    wrong_in_a_row: u32,
    not_before: Option<Instant>,
}

/// The secret and the record of wrong tries.
pub struct PinGuard {
    digest: [u8; 32],
    tries: Mutex<Tries>,
}

impl std::fmt::Debug for PinGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinGuard").finish_non_exhaustive()
    }
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(normalise(text).as_bytes()).into()
}

impl PinGuard {
    /// A guard for `secret`.
    #[must_use]
    pub fn new(secret: &str) -> Self {
        Self { digest: digest(secret), tries: Mutex::new(Tries::default()) }
    }

    /// Checks a try at `now` (compared in constant time, by digest, so
    /// neither content nor length shows in the timing).
    pub fn check(&self, presented: &str, now: Instant) -> Verdict {
        let mut tries = self.tries.lock();
        if let Some(held) = Self::held(&tries, now) {
            return Verdict::Held(held);
        }
        if bool::from(digest(presented).ct_eq(&self.digest)) {
            *tries = Tries::default();
            return Verdict::Right;
        }
        tries.wrong_in_a_row = tries.wrong_in_a_row.saturating_add(1);
        let n = tries.wrong_in_a_row;
        let locked = n >= LOCKOUT_AFTER;
        let wait = if locked {
            LOCKOUT
        } else if n > FREE_TRIES {
            Duration::from_secs(1u64 << (n - FREE_TRIES).min(20)).min(MAX_WAIT)
        } else {
            Duration::ZERO
        };
        tries.not_before = (!wait.is_zero()).then(|| now + wait);
        Verdict::Wrong { locked }
    }

    fn held(tries: &Tries, now: Instant) -> Option<Held> {
        let left = tries.not_before?.checked_duration_since(now).filter(|d| !d.is_zero())?;
        Some(if tries.wrong_in_a_row >= LOCKOUT_AFTER { Held::Locked(left) } else { Held::Wait(left) })
    }

    /// How long local pairing stays locked, if it is.
    #[must_use]
    pub fn locked_for(&self, now: Instant) -> Option<Duration> {
        match Self::held(&self.tries.lock(), now) {
            Some(Held::Locked(left)) => Some(left),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_pins_are_refused_and_a_passphrase_is_made_once() -> Result<(), TechnicianError> {
        let dir = tempfile::tempdir().map_err(|source| TechnicianError::Io { path: String::new(), source })?;
        assert!(matches!(secret(Some("246810"), dir.path()), Err(TechnicianError::WeakPin)));
        assert!(matches!(secret(Some("12-34-56-7"), dir.path()), Err(TechnicianError::WeakPin)));
        assert_eq!(secret(Some(" 24681012 "), dir.path())?, "24681012");
        let made = secret(None, dir.path())?;
        assert_eq!(made.len(), 19, "{made}");
        assert!(normalise(&made).bytes().all(|b| CROCKFORD.contains(&b)));
        assert_eq!(secret(Some(""), dir.path())?, made, "kept, not made again");
        let guard = PinGuard::new(&made);
        assert_eq!(guard.check(&made.to_lowercase().replace('-', " "), Instant::now()), Verdict::Right);
        Ok(())
    }

    #[test]
    fn wrong_tries_back_off_then_lock() {
        let guard = PinGuard::new("24681012");
        let mut now = Instant::now();
        for _ in 0..FREE_TRIES {
            assert_eq!(guard.check("00000000", now), Verdict::Wrong { locked: false });
        }
        // The 4th wrong try makes the next wait 2 s, the 5th 4 s, …
        assert_eq!(guard.check("00000000", now), Verdict::Wrong { locked: false });
        assert_eq!(guard.check("24681012", now), Verdict::Held(Held::Wait(Duration::from_secs(2))));
        now += Duration::from_secs(2);
        assert_eq!(guard.check("00000000", now), Verdict::Wrong { locked: false });
        assert_eq!(
            guard.check("00000000", now + Duration::from_secs(3)),
            Verdict::Held(Held::Wait(Duration::from_secs(1)))
        );
        let mut wait = 4;
        for n in 5..LOCKOUT_AFTER {
            now += Duration::from_secs(wait);
            let verdict = guard.check("00000000", now);
            assert_eq!(verdict, Verdict::Wrong { locked: n + 1 == LOCKOUT_AFTER }, "try {}", n + 1);
            wait *= 2;
        }
        assert_eq!(guard.locked_for(now), Some(LOCKOUT));
        assert_eq!(
            guard.check("24681012", now + Duration::from_secs(60)),
            Verdict::Held(Held::Locked(LOCKOUT - Duration::from_secs(60)))
        );
        now += LOCKOUT;
        assert_eq!(guard.locked_for(now), None);
        assert_eq!(guard.check("24681012", now), Verdict::Right, "the right secret after the lockout");
        assert_eq!(guard.check("00000000", now), Verdict::Wrong { locked: false }, "and the count starts over");
    }
}
