//! Platform administration (B1, P15): what operators do from the command line
//! (`cloud admin …`) and administrators from the browser (`/admin`).
//!
//! Administrators are not owners: they are added with `cloud admin
//! add-admin`, sign in at `/admin/login` with a cookie of their own
//! (`pos_admin`, `Path=/admin`, `SameSite=Strict`) and choose their own
//! password at the first sign-in. They find a business by its owner's phone
//! or by a name, see its subscription, invoices and payments, suspend it
//! with a reason, resume it, and reset its owner's password. Every action,
//! from the browser or the command line, is written to the audit log, in the
//! same transaction as the change wherever the change is made here.
//!
//! A suspended business keeps selling: its hubs learn at once (their config
//! is bumped and the watch calls woken) and refuse new pairings only; the
//! owner's portal shows the banner and turns read-only.
//!
//! # Layout
//! - this file: the rules ([`AdminError`], [`Actor`], [`Action`], the
//!   operations both the CLI and the pages call).
//! - [`pages`]: `/admin/login`, `/admin/password`, `/admin` (search),
//!   `/admin/businesses/{id}`, `/admin/audit`.
//! - [`store`]: administrators, sessions, the audit log, the search.

pub mod pages;
pub mod sessions;
pub mod store;

pub use sessions::*;

pub use pages::{pages, public_pages};

use serde::Serialize;
use tracing::{info, warn};
use web::i18n::ErrorCode;

use crate::billing::invoices::{Invoice, Origin};
use crate::billing::lifecycle::{Change, LifecycleError, Period};
use crate::billing::store::{lock_subscription, store_subscription};
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::ids::BusinessId;
use crate::phone::Phone;
use crate::secrets::{self, Password, PasswordError};
use store::{Admin, NewAudit, write_audit};

/// An administrator's session ends this long after sign-in, whatever the use.
pub const SESSION_LIFETIME_MS: i64 = 12 * 3_600_000;
/// …or after this long unused.
pub const SESSION_IDLE_MS: i64 = 60 * 60_000;
/// The longest suspension reason kept.
const MAX_REASON: usize = 500;
const SESSION_LABEL: &str = "admin-session";

/// Why an operator's command or an administrator's action did nothing.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The phone is not `+998` and 9 digits.
    #[error("{0} is not a phone number (+998XXXXXXXXX)")]
    BadPhone(String),
    /// No owner has this phone.
    #[error("no owner with phone {0}")]
    NoOwner(String),
    /// No business has this id.
    #[error("no such business")]
    NoBusiness,
    /// No tariff has this code.
    #[error("no tariff {0:?} (see the tariffs table: start, biznes, pro)")]
    NoTariff(String),
    /// The period is not `month` or `year`.
    #[error("no period {0:?} (month or year)")]
    NoPeriod(String),
    /// The tariff costs nothing for this period: there is nothing to invoice.
    #[error("the tariff {0:?} is free: there is nothing to invoice")]
    FreeTariff(String),
    /// An administrator's login breaks the rules.
    #[error("a login is 3 to 32 characters of a-z, 0-9, '.', '_' and '-'")]
    BadLogin,
    /// A name is empty or longer than 100 characters.
    #[error("a name is 1 to 100 characters")]
    BadName,
    /// Another administrator has this login.
    #[error("the login {0:?} is taken")]
    LoginTaken(String),
    /// A suspension needs a reason.
    #[error("a suspension needs a reason (at most 500 characters)")]
    ReasonRequired,
    /// Suspending a suspended subscription.
    #[error("the subscription is already suspended")]
    AlreadySuspended,
    /// Resuming a subscription that is not suspended.
    #[error("the subscription is not suspended")]
    NotSuspended,
    /// Wrong login or password (or a disabled administrator).
    #[error("wrong login or password")]
    SignInFailed,
    /// A new password breaks a rule.
    #[error("{0}")]
    Password(PasswordError),
    /// The account flow refused or failed.
    #[error(transparent)]
    Account(#[from] crate::accounts::AccountError),
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
    /// Our failure (randomness, a task that died).
    #[error("internal: {0}")]
    Internal(String),
}

impl From<LifecycleError> for AdminError {
    fn from(e: LifecycleError) -> Self {
        match e {
            LifecycleError::AlreadySuspended => AdminError::AlreadySuspended,
            LifecycleError::NotSuspended => AdminError::NotSuspended,
        }
    }
}

impl From<secrets::HashError> for AdminError {
    fn from(e: secrets::HashError) -> Self {
        AdminError::Internal(e.to_string())
    }
}

impl AdminError {
    /// The catalog code a page shows; `None` for our own failure.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        Some(match self {
            AdminError::BadPhone(_) => ErrorCode::BadPhone,
            AdminError::NoOwner(_) | AdminError::NoBusiness => ErrorCode::AdminNoOwner,
            AdminError::ReasonRequired => ErrorCode::AdminReason,
            AdminError::AlreadySuspended => ErrorCode::AdminAlreadySuspended,
            AdminError::NotSuspended => ErrorCode::AdminNotSuspended,
            AdminError::SignInFailed => ErrorCode::AdminLoginFailed,
            AdminError::Password(PasswordError::TooShort) => ErrorCode::PasswordShort,
            AdminError::Password(PasswordError::TooLong) => ErrorCode::PasswordLong,
            AdminError::Password(PasswordError::Mismatch) => ErrorCode::PasswordMismatch,
            AdminError::Account(e) => return e.code(),
            AdminError::NoTariff(_)
            | AdminError::NoPeriod(_)
            | AdminError::FreeTariff(_)
            | AdminError::BadLogin
            | AdminError::BadName
            | AdminError::LoginTaken(_) => ErrorCode::BadRequest,
            AdminError::Db(_) | AdminError::Internal(_) => return None,
        })
    }
}

impl From<AdminError> for crate::http::AppError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::NoBusiness | AdminError::Db(DbError::NotFound) => crate::http::AppError::NotFound,
            other => match other.code() {
                Some(code) => crate::http::AppError::Refused { code, values: Vec::new() },
                None => crate::http::AppError::Internal(other.to_string()),
            },
        }
    }
}

/// What was done, as the audit log names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `cloud admin add-admin`.
    AddAdmin,
    /// `cloud admin add-owner`.
    AddOwner,
    /// `cloud admin invoice`.
    Invoice,
    /// Suspended a subscription.
    Suspend,
    /// Resumed a subscription.
    Resume,
    /// Reset an owner's password.
    ResetPassword,
    /// Moved a business to another tariff.
    SetTariff,
    /// An administrator signed in.
    SignIn,
    /// An administrator chose a new password.
    PasswordChanged,
    /// A courier company's operator recorded money on a client's ledger (a
    /// bank transfer, a cash-on-delivery payout, a correction).
    CargoLedger,
    /// A courier company's operator changed its Click service (where its
    /// clients' payments go).
    CargoClick,
    /// A courier company's operator made a client's contract or set its
    /// personal manager.
    CargoContract,
    /// A courier company's operator saved its own or a client's legal
    /// details (what invoices print).
    CargoLegal,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 13] = [
        Action::AddAdmin,
        Action::AddOwner,
        Action::Invoice,
        Action::Suspend,
        Action::Resume,
        Action::ResetPassword,
        Action::SetTariff,
        Action::SignIn,
        Action::PasswordChanged,
        Action::CargoLedger,
        Action::CargoClick,
        Action::CargoContract,
        Action::CargoLegal,
    ];

    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Action::AddAdmin => "add_admin",
            Action::AddOwner => "add_owner",
            Action::Invoice => "invoice",
            Action::Suspend => "suspend",
            Action::Resume => "resume",
            Action::ResetPassword => "reset_password",
            Action::SetTariff => "set_tariff",
            Action::SignIn => "sign_in",
            Action::PasswordChanged => "password_changed",
            Action::CargoLedger => "cargo_ledger",
            Action::CargoClick => "cargo_click",
            Action::CargoContract => "cargo_contract",
            Action::CargoLegal => "cargo_legal",
        }
    }

    /// An action from its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Who acts: an administrator in the browser, or an operator at the command
/// line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in administrator, from a client address.
    Admin {
        /// Id.
        id: String,
        /// Login.
        login: String,
        /// Client address.
        addr: String,
    },
    /// `cloud admin …`, run by an operating-system user.
    Cli {
        /// `$USER`, or `operator`.
        user: String,
    },
}

impl Actor {
    /// The operator at this command line.
    #[must_use]
    pub fn cli() -> Actor {
        let user = std::env::var("USER").ok().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| "operator".into());
        Actor::Cli { user: user.chars().take(64).collect() }
    }

    /// A signed-in administrator at `addr`.
    #[must_use]
    pub fn admin(admin: &Admin, addr: &str) -> Actor {
        Actor::Admin { id: admin.id.clone(), login: admin.login.clone(), addr: addr.to_owned() }
    }

    /// The audit line for `action` on `business` with `detail`.
    #[must_use]
    pub fn audit<'a>(&'a self, action: Action, business: Option<&'a BusinessId>, detail: &'a str) -> NewAudit<'a> {
        let (actor_kind, actor_id, actor_login, client_addr) = match self {
            Actor::Admin { id, login, addr } => ("admin", id.as_str(), login.as_str(), addr.as_str()),
            Actor::Cli { user } => ("cli", "", user.as_str(), "cli"),
        };
        NewAudit {
            actor_kind,
            actor_id,
            actor_login,
            action: action.code(),
            business_id: business,
            detail,
            client_addr,
        }
    }
}

/// An administrator's login: 3 to 32 of `a-z 0-9 . _ -`, kept lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminLogin(String);

impl AdminLogin {
    /// Parses a typed login (trimmed, case-insensitive).
    ///
    /// # Errors
    /// [`AdminError::BadLogin`].
    pub fn parse(text: &str) -> Result<AdminLogin, AdminError> {
        let login = text.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&login.len())
            && login.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
        if ok { Ok(AdminLogin(login)) } else { Err(AdminError::BadLogin) }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn name(text: &str) -> Result<String, AdminError> {
    let v = text.trim();
    if v.is_empty() || v.chars().count() > 100 || v.chars().any(char::is_control) {
        return Err(AdminError::BadName);
    }
    Ok(v.to_owned())
}

/// A suspension reason: required, at most 500 characters, one line.
///
/// # Errors
/// [`AdminError::ReasonRequired`].
pub fn parse_reason(text: &str) -> Result<String, AdminError> {
    let v: String = text.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if v.is_empty() || v.chars().count() > MAX_REASON {
        return Err(AdminError::ReasonRequired);
    }
    Ok(v)
}

/// Argon2 off the async threads, within the shared budget.
async fn hash(password: String) -> Result<String, AdminError> {
    Ok(secrets::hash_password_async(&password).await?)
}

async fn owner_of(state: &AppState, phone: &str) -> Result<crate::accounts::store::Owner, AdminError> {
    let parsed = Phone::parse(phone).map_err(|_| AdminError::BadPhone(phone.to_owned()))?;
    match state.db.owner_by_phone(parsed.as_str()).await {
        Ok(o) => Ok(o),
        Err(DbError::NotFound) => Err(AdminError::NoOwner(parsed.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Adds an administrator; returns the temporary password, shown once, which
/// the first sign-in must replace.
///
/// # Errors
/// [`AdminError::BadLogin`], [`AdminError::BadName`], [`AdminError::LoginTaken`].
pub async fn add_admin(state: &AppState, login: &str, full_name: &str, actor: &Actor) -> Result<String, AdminError> {
    let login = AdminLogin::parse(login)?;
    let full_name = name(full_name)?;
    let temporary = secrets::temporary_password()?;
    let hashed = hash(temporary.clone()).await?;
    let detail = format!("{} ({full_name})", login.as_str());
    match state
        .db
        .insert_admin(login.as_str(), &full_name, &hashed, &actor.audit(Action::AddAdmin, None, &detail))
        .await
    {
        Ok(id) => {
            info!(admin.id = id, "administrator added");
            Ok(temporary)
        }
        Err(DbError::Conflict) => Err(AdminError::LoginTaken(login.as_str().to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// A business onboarded by an operator.
#[derive(Debug, Clone)]
pub struct Onboarded {
    /// The owner's id.
    pub owner_id: String,
    /// The business.
    pub business_id: BusinessId,
    /// The temporary password, shown once; the first sign-in must change it.
    pub temporary_password: String,
}

/// `cloud admin add-owner`: a business and its owner by phone, on `tariff`
/// (default `start`), with a temporary password.
///
/// # Errors
/// [`AdminError::BadPhone`], [`AdminError::NoTariff`], the account rules
/// (a taken phone, an empty name).
pub async fn add_owner(
    state: &AppState,
    phone: &str,
    first_name: &str,
    last_name: &str,
    business: &str,
    tariff: Option<&str>,
    actor: &Actor,
) -> Result<Onboarded, AdminError> {
    let parsed = Phone::parse(phone).map_err(|_| AdminError::BadPhone(phone.to_owned()))?;
    let tariff = tariff.unwrap_or("start").trim().to_owned();
    match state.db.tariff(&tariff).await {
        Ok(_) => {}
        Err(DbError::NotFound) => return Err(AdminError::NoTariff(tariff)),
        Err(e) => return Err(e.into()),
    }
    let temporary = secrets::temporary_password()?;
    let details = crate::accounts::Details {
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
        business_name: business.to_owned(),
        password: temporary.clone(),
        password_confirm: temporary.clone(),
    };
    let owner_id = state.accounts.create_owner_directly(parsed.as_str(), &details).await?;
    let owner = state.db.owner(&owner_id).await?;
    let detail = format!("{} · {} {} · {} · {tariff}", parsed, first_name.trim(), last_name.trim(), business.trim());
    state
        .db
        .onboarded(
            &owner_id,
            &owner.business_id,
            &tariff,
            &actor.audit(Action::AddOwner, Some(&owner.business_id), &detail),
        )
        .await?;
    info!(owner.id = owner_id, business.id = %owner.business_id, "business onboarded by an operator");
    Ok(Onboarded { owner_id, business_id: owner.business_id, temporary_password: temporary })
}

/// The line `cloud admin invoice` prints: what an operator hands to the
/// owner or pastes into a provider's cabinet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceLine {
    /// The invoice's id.
    pub invoice_id: String,
    /// Tiyin.
    pub amount_tiyin: i64,
    /// Payme's account: `{account_field: invoice id}`.
    pub payme_account: std::collections::BTreeMap<String, String>,
    /// Click's `merchant_trans_id`.
    pub click_merchant_trans_id: String,
    /// So'm with two decimals.
    pub amount_som: String,
}

impl InvoiceLine {
    /// The line for `invoice`, Payme's account keyed by `account_field`.
    #[must_use]
    pub fn of(invoice: &Invoice, account_field: &str) -> InvoiceLine {
        InvoiceLine {
            invoice_id: invoice.id.to_string(),
            amount_tiyin: invoice.amount,
            payme_account: [(account_field.to_owned(), invoice.id.to_string())].into_iter().collect(),
            click_merchant_trans_id: invoice.id.to_string(),
            amount_som: invoice.amount_som(),
        }
    }
}

/// `cloud admin invoice`: an open invoice for the owner's business.
///
/// # Errors
/// [`AdminError::BadPhone`], [`AdminError::NoOwner`],
/// [`AdminError::NoTariff`], [`AdminError::NoPeriod`], [`AdminError::FreeTariff`].
pub async fn invoice(
    state: &AppState,
    phone: &str,
    tariff: &str,
    period: &str,
    actor: &Actor,
) -> Result<Invoice, AdminError> {
    let period_parsed = Period::from_code(period.trim()).ok_or_else(|| AdminError::NoPeriod(period.to_owned()))?;
    let owner = owner_of(state, phone).await?;
    let tariff = match state.db.tariff(tariff.trim()).await {
        Ok(t) => t,
        Err(DbError::NotFound) => return Err(AdminError::NoTariff(tariff.to_owned())),
        Err(e) => return Err(e.into()),
    };
    if tariff.price(period_parsed) <= 0 {
        return Err(AdminError::FreeTariff(tariff.code));
    }
    let invoice =
        state.db.create_invoice(&owner.business_id, &tariff, period_parsed, Origin::Operator, now_ms()).await?;
    let detail = format!("{} · {} · {} · {}", invoice.id, tariff.code, period_parsed.code(), invoice.amount_som());
    state.db.audit(&actor.audit(Action::Invoice, Some(&owner.business_id), &detail)).await?;
    info!(business.id = %owner.business_id, invoice.id = %invoice.id, "invoice made by an operator");
    Ok(invoice)
}

/// Suspends the business's subscription with `reason`; its hubs hear at
/// once and stop taking new terminals (sales go on).
///
/// # Errors
/// [`AdminError::ReasonRequired`], [`AdminError::AlreadySuspended`],
/// [`AdminError::NoBusiness`].
pub async fn suspend(state: &AppState, business: &BusinessId, reason: &str, actor: &Actor) -> Result<(), AdminError> {
    let reason = parse_reason(reason)?;
    let mut tx = state.db.begin_write().await?;
    let current = match lock_subscription(&mut tx, business).await {
        Ok(s) => s,
        Err(DbError::NotFound) => return Err(AdminError::NoBusiness),
        Err(e) => return Err(e.into()),
    };
    let next = current.apply(Change::Suspend)?;
    store_subscription(&mut tx, business, next, None, Some(&reason)).await?;
    write_audit(&mut tx, &actor.audit(Action::Suspend, Some(business), &reason)).await?;
    tx.commit().await.map_err(DbError::from)?;
    state.config_changed();
    warn!(business.id = %business, "subscription suspended by an administrator");
    Ok(())
}

/// Resumes a suspended subscription: it becomes what its dates say
/// (active, trial, or expired), the reason is cleared, the hubs hear at once.
///
/// # Errors
/// [`AdminError::NotSuspended`], [`AdminError::NoBusiness`].
pub async fn resume(state: &AppState, business: &BusinessId, actor: &Actor) -> Result<(), AdminError> {
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let current = match lock_subscription(&mut tx, business).await {
        Ok(s) => s,
        Err(DbError::NotFound) => return Err(AdminError::NoBusiness),
        Err(e) => return Err(e.into()),
    };
    let next = current.apply(Change::Resume { at: now })?;
    store_subscription(&mut tx, business, next, None, None).await?;
    write_audit(&mut tx, &actor.audit(Action::Resume, Some(business), next.status.code())).await?;
    tx.commit().await.map_err(DbError::from)?;
    state.config_changed();
    info!(business.id = %business, status = next.status.code(), "subscription resumed by an administrator");
    Ok(())
}

/// The business of the owner with this phone.
///
/// # Errors
/// [`AdminError::BadPhone`], [`AdminError::NoOwner`].
pub async fn business_of(state: &AppState, phone: &str) -> Result<BusinessId, AdminError> {
    Ok(owner_of(state, phone).await?.business_id)
}

/// Resets the owner's password: every session ends and the next sign-in
/// must choose a new one. Returns the temporary password.
///
/// # Errors
/// [`AdminError`].
pub async fn reset_password(state: &AppState, phone: &str, actor: &Actor) -> Result<String, AdminError> {
    let owner = owner_of(state, phone).await?;
    let temporary = state.accounts.admin_reset_password(&owner.phone).await?;
    // Account recovery: whoever holds the linked Telegram account signs in
    // no more until the owner links it again.
    crate::telegram::unlink(state, &owner.id).await.map_err(|e| AdminError::Internal(e.to_string()))?;
    state.db.audit(&actor.audit(Action::ResetPassword, Some(&owner.business_id), &owner.phone)).await?;
    Ok(temporary)
}

/// Moves the owner's business to `tariff`; returns the business's name.
///
/// # Errors
/// [`AdminError`].
pub async fn set_tariff(state: &AppState, phone: &str, tariff: &str, actor: &Actor) -> Result<String, AdminError> {
    let owner = owner_of(state, phone).await?;
    match state.db.tariff(tariff).await {
        Ok(_) => {}
        Err(DbError::NotFound) => return Err(AdminError::NoTariff(tariff.to_owned())),
        Err(e) => return Err(e.into()),
    }
    state.db.set_tariff(&owner.business_id, tariff).await?;
    state.db.audit(&actor.audit(Action::SetTariff, Some(&owner.business_id), tariff)).await?;
    state.config_changed();
    Ok(owner.business_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_parse_lower_case_within_rules() {
        assert_eq!(AdminLogin::parse(" Aziz.K ").unwrap_or_else(|_| AdminLogin(String::new())).as_str(), "aziz.k");
        for bad in ["ab", "", "a b c", "ali@x", &"x".repeat(33), "Ål"] {
            assert!(AdminLogin::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn reasons_are_required_and_one_line() {
        assert!(matches!(parse_reason("  "), Err(AdminError::ReasonRequired)));
        assert!(matches!(parse_reason(&"x".repeat(501)), Err(AdminError::ReasonRequired)));
        assert_eq!(parse_reason(" unpaid\ninvoice ").ok().as_deref(), Some("unpaid invoice"));
    }

    #[test]
    fn actions_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(a));
        }
        assert_eq!(Action::from_code("delete_everything"), None);
    }

    #[test]
    fn the_invoice_line_has_the_published_shape() {
        let invoice = Invoice {
            id: crate::ids::InvoiceId::new(),
            business_id: BusinessId::new(),
            tariff_code: "biznes".into(),
            tariff_name: "Biznes".into(),
            period: Period::Month,
            amount: 29_900_000,
            status: crate::billing::invoices::InvoiceStatus::Open,
            origin: Origin::Operator,
            created_at: 0,
            paid_at: None,
        };
        let json = serde_json::to_string(&InvoiceLine::of(&invoice, "order_id")).unwrap_or_default();
        let id = invoice.id.to_string();
        assert_eq!(
            json,
            format!(
                r#"{{"invoice_id":"{id}","amount_tiyin":29900000,"payme_account":{{"order_id":"{id}"}},"click_merchant_trans_id":"{id}","amount_som":"299000.00"}}"#
            )
        );
    }
}
