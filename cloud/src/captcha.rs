//! A server-side captcha: a sum of two small numbers asked as text (screen
//! readers read it), with a signed token that carries no answer, expires
//! after five minutes and is good for one try (`captcha_uses`); tries are
//! counted per client address (an IPv6 /64 as one). "Another sum" is just the
//! page again. Used by the cargo cabinet's public forms and by the owners'
//! registration once an address has asked for a few codes.
//!
//! The token is `{nonce}.{expires_ms}.{tag}`, the tag an HMAC-SHA256 of the
//! nonce, the expiry and the answer under a key derived from the cloud's
//! secret ([`crate::vault::Vault::derived_key`]): any instance sharing the
//! secret checks it, and nobody without it can forge or read one.

use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use tracing::warn;
use web::i18n::cargo_cabinet::CabinetProblem;

use crate::db::{Db, DbError, now_ms};
use crate::secrets;

/// How long a question may be answered.
pub const TTL_MS: i64 = 5 * 60_000;
/// Tries per client address per ten minutes.
pub const TRIES_PER_ADDR: i64 = 30;
const WINDOW_MS: i64 = 10 * 60_000;

/// A question to show and the token the form sends back with the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// "7 + 5 =".
    pub question: String,
    /// Hidden field `captcha_token`.
    pub token: String,
}

/// Why an answer is refused.
#[derive(Debug, thiserror::Error)]
pub enum CaptchaError {
    /// Wrong answer, or not a token of ours.
    #[error("wrong answer")]
    Wrong,
    /// Answered after five minutes.
    #[error("expired")]
    Expired,
    /// The token was already tried.
    #[error("already used")]
    Used,
    /// Too many tries from this address.
    #[error("too many tries")]
    TooMany,
    /// Ours.
    #[error("internal: {0}")]
    Internal(String),
}

impl CaptchaError {
    /// What the user reads; `None` for our failure.
    #[must_use]
    pub fn problem(&self) -> Option<CabinetProblem> {
        Some(match self {
            CaptchaError::Wrong => CabinetProblem::CaptchaWrong,
            CaptchaError::Expired => CabinetProblem::CaptchaExpired,
            CaptchaError::Used => CabinetProblem::CaptchaUsed,
            CaptchaError::TooMany => CabinetProblem::CaptchaLimit,
            CaptchaError::Internal(_) => return None,
        })
    }
}

impl From<DbError> for CaptchaError {
    fn from(e: DbError) -> Self {
        CaptchaError::Internal(e.to_string())
    }
}

impl From<secrets::HashError> for CaptchaError {
    fn from(e: secrets::HashError) -> Self {
        CaptchaError::Internal(e.to_string())
    }
}

/// The captcha over a database (for single use and limits) and a key.
#[derive(Clone)]
pub struct Captcha {
    db: Db,
    key: [u8; 32],
}

impl std::fmt::Debug for Captcha {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Captcha(..)")
    }
}

impl Captcha {
    /// The captcha of this cloud.
    #[must_use]
    pub fn new(vault: &crate::vault::Vault, db: &Db) -> Self {
        Self { db: db.clone(), key: vault.derived_key("captcha v1") }
    }

    fn tag(&self, nonce: &str, expires: i64, answer: u32) -> String {
        let mut mac = match <Hmac<Sha256> as hmac::Mac>::new_from_slice(&self.key) {
            Ok(m) => m,
            Err(_) => unreachable!("HMAC takes keys of any length"),
        };
        mac.update(format!("{nonce}.{expires}.{answer}").as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// A new question.
    ///
    /// # Errors
    /// [`CaptchaError::Internal`] without randomness.
    pub fn new_challenge(&self) -> Result<Challenge, CaptchaError> {
        self.new_challenge_at(now_ms())
    }

    /// A new question as if asked at `now` (UTC ms): it expires five
    /// minutes later.
    ///
    /// # Errors
    /// [`CaptchaError::Internal`] without randomness.
    pub fn new_challenge_at(&self, now: i64) -> Result<Challenge, CaptchaError> {
        let a = secrets::random_below(9)? + 1;
        let b = secrets::random_below(9)? + 1;
        let nonce = hex::encode(secrets::random_bytes::<16>()?);
        let expires = now + TTL_MS;
        let token = format!("{nonce}.{expires}.{}", self.tag(&nonce, expires, a + b));
        Ok(Challenge { question: format!("{a} + {b} ="), token })
    }

    /// Checks an answer: once per token, within five minutes, within the
    /// address's tries.
    ///
    /// # Errors
    /// [`CaptchaError`].
    pub async fn verify(&self, token: &str, answer: &str, addr: &str) -> Result<(), CaptchaError> {
        if !self
            .db
            .rate_allow(&format!("captcha:{}", crate::limits::addr_bucket(addr)), WINDOW_MS, TRIES_PER_ADDR)
            .await?
        {
            warn!(client.addr = addr, "captcha rate limit");
            return Err(CaptchaError::TooMany);
        }
        let mut parts = token.trim().split('.');
        let (Some(nonce), Some(expires), Some(tag), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CaptchaError::Wrong);
        };
        let Ok(expires) = expires.parse::<i64>() else { return Err(CaptchaError::Wrong) };
        if nonce.len() != 32 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) || tag.len() != 64 {
            return Err(CaptchaError::Wrong);
        }
        let now = now_ms();
        if expires > now + TTL_MS {
            return Err(CaptchaError::Wrong);
        }
        if now > expires {
            return Err(CaptchaError::Expired);
        }
        if !self.use_nonce(nonce, expires, now).await? {
            return Err(CaptchaError::Used);
        }
        let answer = answer.trim();
        let Some(answer) = (answer.len() <= 3).then(|| answer.parse::<u32>().ok()).flatten() else {
            return Err(CaptchaError::Wrong);
        };
        if !secrets::same(&self.tag(nonce, expires, answer), tag) {
            return Err(CaptchaError::Wrong);
        }
        Ok(())
    }

    /// Records a token's nonce as tried (and sweeps expired ones); `false`
    /// when it already was.
    async fn use_nonce(&self, nonce: &str, expires: i64, now: i64) -> Result<bool, DbError> {
        let mut tx = self.db.begin_write().await?;
        sqlx::query("DELETE FROM captcha_uses WHERE expires_at < $1").bind(now).execute(&mut *tx).await?;
        let done =
            sqlx::query("INSERT INTO captcha_uses (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING")
                .bind(nonce)
                .bind(expires)
                .execute(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }
}
