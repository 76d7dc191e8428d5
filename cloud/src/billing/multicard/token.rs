//! A branch's token: taken from the database while it works, else asked of
//! Multicard with the branch's credentials and kept sealed (every cloud
//! instance then shares it). The token status the portal shows (P11) is
//! the outcome of the last attempt: `active` when the credentials yielded a
//! token, `inactive` when they did not, `unchecked` before the first try.

use super::api::{self, ApiError};
use crate::billing::store::multicard::{BranchCredentials, StoredToken};
use crate::db::{DbError, now_ms};
use crate::http::AppState;

/// A token is renewed this long before Multicard's expiry, so a call made
/// just before it does not fail in flight.
const RENEW_BEFORE_MS: i64 = 5_000;

/// An `inactive` status is checked again when shown after this long.
const RECHECK_INACTIVE_MS: i64 = 10 * 60_000;

/// Token status codes as stored.
pub const ACTIVE: &str = "active";
/// See [`ACTIVE`].
pub const INACTIVE: &str = "inactive";
/// See [`ACTIVE`].
pub const UNCHECKED: &str = "unchecked";

/// Why no token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// Multicard refused the credentials.
    #[error("the credentials were refused")]
    Refused,
    /// Multicard did not answer as it should.
    #[error(transparent)]
    Api(ApiError),
    /// The stored secret does not open.
    #[error("the stored secret does not open")]
    Sealed,
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// The stored token when it still works at `now`.
fn cached(state: &AppState, creds: &BranchCredentials, now: i64) -> Option<String> {
    let t = &creds.token;
    if t.status != ACTIVE || t.sealed.is_empty() || t.expires_at <= now.saturating_add(RENEW_BEFORE_MS) {
        return None;
    }
    state.vault.open(&t.sealed, &token_context(creds)).ok()
}

/// The sealed token belongs to the branch and to the application it was
/// issued to.
fn token_context(creds: &BranchCredentials) -> String {
    format!("multicard-token/{}/{}", creds.branch_id, creds.application_id)
}

/// A working token for the branch: the stored one, else a new one.
/// `renew` skips the stored one (Multicard just refused it).
///
/// # Errors
/// [`TokenError`].
pub async fn token(state: &AppState, creds: &BranchCredentials, renew: bool) -> Result<String, TokenError> {
    if !renew && let Some(token) = cached(state, creds, now_ms()) {
        return Ok(token);
    }
    authenticate(state, creds).await
}

/// Asks Multicard for a token with the stored credentials and stores the
/// outcome as the token status.
///
/// # Errors
/// [`TokenError`].
pub async fn authenticate(state: &AppState, creds: &BranchCredentials) -> Result<String, TokenError> {
    let secret = state.vault.open(&creds.secret_sealed, creds.branch_id.as_str()).map_err(|_| TokenError::Sealed)?;
    let base = &state.settings.billing.multicard.base_url;
    let now = now_ms();
    let outcome = api::auth(base, &creds.application_id, &secret).await;
    let stored = match &outcome {
        Ok(t) => StoredToken {
            status: ACTIVE.into(),
            sealed: state
                .vault
                .seal(&t.token, &token_context(creds))
                .map_err(|e| TokenError::Db(DbError::Corrupt(e.to_string())))?,
            expires_at: t.expires_at,
            checked_at: now,
        },
        Err(_) => StoredToken { status: INACTIVE.into(), sealed: String::new(), expires_at: 0, checked_at: now },
    };
    state.db.store_multicard_token(creds, &stored).await?;
    match outcome {
        Ok(t) => {
            tracing::info!(branch.id = %creds.branch_id, expires_at = t.expires_at, "multicard token issued");
            Ok(t.token)
        }
        Err(ApiError::Unauthorized) => {
            tracing::info!(branch.id = %creds.branch_id, "multicard refused the branch's credentials");
            Err(TokenError::Refused)
        }
        Err(e) => {
            tracing::warn!(branch.id = %creds.branch_id, error = %e, "multicard token check failed");
            Err(TokenError::Api(e))
        }
    }
}

/// Should the page check the status again before showing it?
#[must_use]
pub fn stale(t: &StoredToken, now: i64) -> bool {
    match t.status.as_str() {
        ACTIVE => t.expires_at <= now.saturating_add(RENEW_BEFORE_MS),
        INACTIVE => now.saturating_sub(t.checked_at) >= RECHECK_INACTIVE_MS,
        _ => true,
    }
}

/// The status after checking when stale (the token is renewed when it
/// expired, so "active" always means "works now").
///
/// # Errors
/// [`DbError`] only; a refused or failed check is `inactive`.
pub async fn status(state: &AppState, creds: &BranchCredentials) -> Result<String, DbError> {
    if !stale(&creds.token, now_ms()) {
        return Ok(creds.token.status.clone());
    }
    match authenticate(state, creds).await {
        Ok(_) => Ok(ACTIVE.into()),
        Err(TokenError::Db(e)) => Err(e),
        Err(_) => Ok(INACTIVE.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(status: &str, expires_at: i64, checked_at: i64) -> StoredToken {
        StoredToken { status: status.into(), sealed: "v1.x".into(), expires_at, checked_at }
    }

    #[test]
    fn when_to_check_again() {
        let now = 1_000_000_000;
        assert!(stale(&t(UNCHECKED, 0, 0), now), "never checked");
        assert!(!stale(&t(ACTIVE, now + 60_000, now), now), "a working token");
        assert!(stale(&t(ACTIVE, now + 1_000, now), now), "about to expire");
        assert!(stale(&t(ACTIVE, now - 1, now), now), "expired");
        assert!(!stale(&t(INACTIVE, 0, now - 1_000), now), "just refused");
        assert!(stale(&t(INACTIVE, 0, now - RECHECK_INACTIVE_MS), now), "refused long ago");
    }
}
