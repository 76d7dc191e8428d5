//! Hub enrolment codes and hub credentials.
//!
//! A branch's enrolment code is 8 characters from an alphabet without
//! look-alikes, shown as `ABCD-EFGH` (40 bits), valid 24 hours, usable once,
//! stored hashed. Exchanging it (`POST /api/v1/hubs/enroll`) is rate-limited
//! per client address, so guessing is hopeless within a code's lifetime.

use protocol::HubId;
use protocol::sync::HubCredential;

use crate::branches::store::{Enrolment, HubAuth};
use crate::db::{Db, DbError, DbResult, now_ms};
use crate::ids::{BranchId, BusinessId};
use crate::secrets;

/// How long an enrolment code is valid.
pub const ENROLMENT_TTL_MS: i64 = 24 * 3_600_000;
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LABEL: &str = "enrolment-code";

/// A fresh code, `ABCD-EFGH`.
///
/// # Errors
/// [`secrets::HashError`] when the OS has no randomness.
pub fn new_code() -> Result<String, secrets::HashError> {
    let mut out = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            out.push('-');
        }
        let k = secrets::random_below(ALPHABET.len() as u32)?;
        out.push(char::from(ALPHABET[k as usize]));
    }
    Ok(out)
}

/// The stored form of a code as typed: spaces and dashes dropped, upper case.
#[must_use]
pub fn code_hash(typed: &str) -> String {
    let clean: String =
        typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).take(64).collect();
    secrets::token_hash(LABEL, &clean)
}

/// Issues a new enrolment code for one of the business's branches; with
/// `replaces`, the hub that enrols with it retires that hub of the branch
/// (a box replaced, or its credential rotated: `edge-hub enroll --force`).
///
/// # Errors
/// [`DbError::NotFound`] if the branch is not the business's, or the hub
/// to replace not a live hub of it.
pub async fn issue_code(
    db: &Db,
    business_id: &BusinessId,
    branch_id: &BranchId,
    replaces: Option<&str>,
) -> DbResult<(String, i64)> {
    let code = new_code().map_err(|e| DbError::Corrupt(e.to_string()))?;
    let expires = now_ms() + ENROLMENT_TTL_MS;
    db.create_enrolment_code(business_id, branch_id, &code_hash(&code), expires, replaces).await?;
    Ok((code, expires))
}

/// Exchanges a code for a new hub and its credential.
///
/// # Errors
/// [`DbError`].
pub async fn enrol(db: &Db, code: &str, name: &str) -> DbResult<(Enrolment, Option<HubCredential>)> {
    let hub = HubId::new();
    let credential = HubCredential::generate(hub).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let name: String = name.trim().chars().take(64).collect();
    let name = if name.is_empty() { "hub".to_owned() } else { name };
    let outcome =
        db.enrol_hub(&code_hash(code), &hub.to_string(), &name, &hex::encode(credential.secret_hash())).await?;
    let credential = matches!(outcome, Enrolment::Enrolled { .. }).then_some(credential);
    Ok((outcome, credential))
}

/// The hub behind an `Authorization: Bearer hub1.…` value.
///
/// # Errors
/// [`DbError::NotFound`] when malformed, unknown or revoked.
pub async fn authenticate(db: &Db, bearer: &str) -> DbResult<HubAuth> {
    let credential = HubCredential::parse(bearer).map_err(|_| DbError::NotFound)?;
    db.hub_auth(&credential.hub.to_string(), &hex::encode(credential.secret_hash())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_look_right_and_hash_as_typed() -> Result<(), secrets::HashError> {
        let c = new_code()?;
        assert_eq!(c.len(), 9);
        assert_eq!(&c[4..5], "-");
        assert_eq!(code_hash(&c), code_hash(&c.to_lowercase().replace('-', " ")));
        assert_ne!(code_hash(&c), code_hash(&new_code()?));
        Ok(())
    }
}
