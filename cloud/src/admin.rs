//! What platform operators do from the command line (`cloud admin …`): reset
//! an owner's password, move a business to another tariff. The binary parses
//! the arguments and prints; the rules live here.

use crate::db::DbError;
use crate::http::AppState;
use crate::phone::Phone;

/// Why an operator's command did nothing.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The phone is not `+998` and 9 digits.
    #[error("{0} is not a phone number (+998XXXXXXXXX)")]
    BadPhone(String),
    /// No owner has this phone.
    #[error("no owner with phone {0}")]
    NoOwner(String),
    /// No tariff has this code.
    #[error("no tariff {0:?} (see the tariffs table: start, biznes, pro)")]
    NoTariff(String),
    /// The account flow refused or failed.
    #[error(transparent)]
    Account(#[from] crate::accounts::AccountError),
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Resets the owner's password: every session ends and the next sign-in
/// must choose a new one. Returns the temporary password.
///
/// # Errors
/// [`AdminError`].
pub async fn reset_password(state: &AppState, phone: &str) -> Result<String, AdminError> {
    Ok(state.accounts.admin_reset_password(phone).await?)
}

/// Moves the owner's business to `tariff`; returns the business's name.
///
/// # Errors
/// [`AdminError`].
pub async fn set_tariff(state: &AppState, phone: &str, tariff: &str) -> Result<String, AdminError> {
    let parsed = Phone::parse(phone).map_err(|_| AdminError::BadPhone(phone.to_owned()))?;
    let owner = match state.db.owner_by_phone(&parsed.to_string()).await {
        Ok(o) => o,
        Err(DbError::NotFound) => return Err(AdminError::NoOwner(phone.to_owned())),
        Err(e) => return Err(e.into()),
    };
    match state.db.set_tariff(&owner.business_id, tariff).await {
        Ok(()) => Ok(owner.business_name),
        Err(DbError::NotFound | DbError::Conflict) => Err(AdminError::NoTariff(tariff.to_owned())),
        Err(e) => Err(e.into()),
    }
}
