//! A courier company's clients: registration with phone and SMS code, sign
//! in, sessions, sign out. A client is an account of its own kind
//! (`cargo_clients`, `cargo_sessions`), one per company and phone: the same
//! phone may be a client of two companies, and an owner's account opens no
//! cabinet. The phone checks, their codes and limits, password hashing and
//! sign-in limits are the owners' machinery ([`crate::accounts::Accounts`]),
//! run with a purpose of their own per company.

use tracing::{info, warn};
use web::i18n::Lang;

use crate::accounts::{AccountError, Accounts, NewSession};
use crate::cargo::clients_store::{self, CargoClientRow, NewClient};
use crate::cargo::companies::Company;
use crate::db::{Db, DbError};
use crate::phone::Phone;
use crate::secrets::{self, Password};

/// Sessions' token hashes are kept apart from owners'.
const SESSION_LABEL: &str = "cargo-session";
/// Sign-in rate-limit windows are kept apart from owners'.
const LOGIN_KIND: &str = "cargo-";

/// The phone-check purpose of registering with one company.
fn purpose(company: &Company) -> String {
    format!("cargo:{}", company.business_id)
}

/// The registration SMS in `lang`.
fn code_text(company: &Company, lang: Lang) -> impl Fn(&str) -> String + Send + Sync + '_ {
    move |code: &str| {
        web::i18n::fill(lang.text().cargo.cabinet.sms_code, &[("company", company.name.as_str()), ("code", code)])
    }
}

/// What a phone that is already a client reads when someone registers it.
fn taken_text(company: &Company, lang: Lang) -> String {
    web::i18n::fill(lang.text().cargo.cabinet.sms_taken, &[("company", company.name.as_str())])
}

/// What step 2 of registration sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ClientDetails {
    /// The SMS code.
    #[serde(default)]
    pub code: String,
    /// F.I.Sh.
    #[serde(default)]
    pub full_name: String,
    /// Parol.
    #[serde(default)]
    pub password: String,
    /// Parolni tasdiqlang.
    #[serde(default)]
    pub password_confirm: String,
}

/// Why registration's details are refused before the code is looked at.
#[derive(Debug)]
pub enum RegisterError {
    /// F.I.Sh. is empty or longer than 100 characters.
    FullName,
    /// The account machinery refused (code, password, limits…).
    Account(AccountError),
}

impl From<AccountError> for RegisterError {
    fn from(e: AccountError) -> Self {
        RegisterError::Account(e)
    }
}

impl From<DbError> for RegisterError {
    fn from(e: DbError) -> Self {
        RegisterError::Account(e.into())
    }
}

/// Step 1: sends a code to the phone.
/// Returns the flow token the browser keeps in a cookie.
///
/// # Errors
/// [`AccountError::BadPhone`], [`AccountError::TooManyRequests`],
/// [`AccountError::SmsFailed`]. A phone that is already a client gets a
/// notice instead of a code and the answer is the same.
pub async fn start_registration(
    accounts: &Accounts,
    db: &Db,
    company: &Company,
    phone: &str,
    lang: Lang,
    addr: &str,
) -> Result<String, AccountError> {
    let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
    let taken = clients_store::phone_is_client(db, &company.business_id, phone.as_str())
        .await?
        .then(|| taken_text(company, lang));
    accounts.start_phone_check(&phone, &purpose(company), addr, &code_text(company, lang), taken.as_deref()).await
}

/// The phone a registration flow is for.
///
/// # Errors
/// [`AccountError::NoRegistration`].
pub async fn registration_phone(accounts: &Accounts, company: &Company, token: &str) -> Result<String, AccountError> {
    Ok(accounts.open_phone_check(token, &purpose(company)).await?.phone)
}

/// "Qayta yuborish".
///
/// # Errors
/// As [`Accounts::resend_phone_check`].
pub async fn resend(
    accounts: &Accounts,
    company: &Company,
    token: &str,
    lang: Lang,
    addr: &str,
) -> Result<(), AccountError> {
    let taken = taken_text(company, lang);
    accounts.resend_phone_check(token, &purpose(company), addr, &code_text(company, lang), &taken).await
}

/// Step 2: the code, the name and the password; creates the client and
/// signs it in.
///
/// # Errors
/// [`RegisterError::FullName`]; the account machinery's refusals
/// ([`AccountError::Password`], [`AccountError::CodeWrong`]…,
/// [`AccountError::PhoneTaken`]).
#[allow(clippy::too_many_arguments)]
pub async fn complete_registration(
    accounts: &Accounts,
    db: &Db,
    company: &Company,
    token: &str,
    details: &ClientDetails,
    lang: Lang,
    addr: &str,
    user_agent: &str,
) -> Result<(CargoClientRow, NewSession), RegisterError> {
    let full_name = details.full_name.trim();
    if full_name.is_empty() || full_name.chars().count() > 100 {
        return Err(RegisterError::FullName);
    }
    let password = Password::parse_new(&details.password, &details.password_confirm).map_err(AccountError::Password)?;
    let check = accounts.verify_phone_check(token, &purpose(company), &details.code).await?;
    let hash = secrets::hash_password_async(password.expose()).await.map_err(AccountError::from)?;
    let new = NewClient { phone: &check.phone, full_name, password_hash: &hash, language: lang.code() };
    let client =
        match clients_store::create_client(db, &Accounts::phone_check_hash(token), &company.business_id, &new).await {
            Ok(c) => c,
            Err(DbError::Conflict) => return Err(AccountError::PhoneTaken.into()),
            Err(e) => return Err(e.into()),
        };
    info!(cargo.client = %client.id, business.id = %company.business_id, "cargo client registered");
    let session = new_session(accounts, db, &client, addr, user_agent).await?;
    Ok((client, session))
}

async fn new_session(
    accounts: &Accounts,
    db: &Db,
    client: &CargoClientRow,
    addr: &str,
    user_agent: &str,
) -> Result<NewSession, AccountError> {
    let token = secrets::new_token()?;
    let ua: String = user_agent.chars().take(200).collect();
    let p = accounts.policy();
    let expires = crate::db::now_ms() + p.session_idle_s.min(p.session_max_s) * 1000;
    clients_store::insert_session(db, &secrets::token_hash(SESSION_LABEL, &token), &client.id, expires, addr, &ua)
        .await?;
    Ok(NewSession {
        token,
        must_change_password: false,
        language: client.language.clone(),
        owner_id: client.id.to_string(),
    })
}

/// Signs a client of `company` in with phone and password.
///
/// # Errors
/// [`AccountError::BadPhone`], [`AccountError::LoginFailed`],
/// [`AccountError::LoginWait`].
pub async fn login(
    accounts: &Accounts,
    db: &Db,
    company: &Company,
    phone: &str,
    password: &str,
    addr: &str,
    user_agent: &str,
) -> Result<NewSession, AccountError> {
    let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
    accounts.login_allowed(LOGIN_KIND, phone.as_str(), addr, false).await?;
    let found = match clients_store::client_by_phone(db, &company.business_id, phone.as_str()).await {
        Ok(found) => Some(found),
        Err(DbError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let good = secrets::verify_password_async(password, found.as_ref().map(|(_, hash)| hash.as_str())).await?;
    let client = match found {
        Some((client, _)) if good => client,
        other => {
            if let Some((client, _)) = other {
                warn!(cargo.client = %client.id, client.addr = addr, "wrong cargo client password");
            }
            accounts.login_failed(LOGIN_KIND, phone.as_str(), addr).await?;
            return Err(AccountError::LoginFailed);
        }
    };
    accounts.login_succeeded(LOGIN_KIND, phone.as_str(), addr).await?;
    info!(cargo.client = %client.id, "cargo client signed in");
    new_session(accounts, db, &client, addr, user_agent).await
}

/// The client of `company` behind a session cookie.
///
/// # Errors
/// [`AccountError::LoginFailed`] for an unknown or expired session, or one
/// of another company.
pub async fn session(
    accounts: &Accounts,
    db: &Db,
    company: &Company,
    token: &str,
) -> Result<CargoClientRow, AccountError> {
    let p = accounts.policy();
    let (idle, max) = (p.session_idle_s * 1000, p.session_max_s * 1000);
    match clients_store::session_client(db, &company.business_id, &secrets::token_hash(SESSION_LABEL, token), idle, max)
        .await
    {
        Ok(c) => Ok(c),
        Err(DbError::NotFound) => Err(AccountError::LoginFailed),
        Err(e) => Err(e.into()),
    }
}

/// Ends a session.
///
/// # Errors
/// [`AccountError::Internal`].
pub async fn logout(db: &Db, token: &str) -> Result<(), AccountError> {
    Ok(clients_store::delete_session(db, &secrets::token_hash(SESSION_LABEL, token)).await?)
}

/// Creates a client of `company` with a password, skipping the SMS step
/// (the demo's client). Returns it.
///
/// # Errors
/// [`AccountError::BadPhone`], [`AccountError::Password`],
/// [`AccountError::PhoneTaken`].
pub async fn create_client_directly(
    db: &Db,
    company: &Company,
    phone: &str,
    full_name: &str,
    password: &str,
) -> Result<CargoClientRow, AccountError> {
    let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
    let password = Password::parse_new(password, password).map_err(AccountError::Password)?;
    let hash = secrets::hash_password_async(password.expose()).await?;
    let new = NewClient { phone: phone.as_str(), full_name: full_name.trim(), password_hash: &hash, language: "uz" };
    match clients_store::create_client_directly(db, &company.business_id, &new).await {
        Ok(c) => Ok(c),
        Err(DbError::Conflict) => Err(AccountError::PhoneTaken),
        Err(e) => Err(e.into()),
    }
}
