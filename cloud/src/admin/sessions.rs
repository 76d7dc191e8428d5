//! Administrators' sessions: sign-in, the session behind a cookie,
//! sign-out, their own password, and resetting an owner's password from a
//! business's card.

use super::*;

/// A new administrator session: the cookie value, shown once.
#[derive(Debug)]
pub struct AdminSession {
    /// The cookie value.
    pub token: String,
    /// The administrator must choose a new password first.
    pub must_change_password: bool,
}

/// The failure buckets of administrators' sign-ins.
const LOGIN_KIND: &str = "admin:";

/// Signs an administrator in. Failures slow the next tries of that login
/// from that address, of that address and of that login (growing delays,
/// [`crate::accounts::Accounts::login_allowed`]), never locking it.
///
/// # Errors
/// [`AdminError::SignInFailed`]; [`AdminError::Account`] with
/// [`crate::accounts::AccountError::LoginWait`].
pub async fn sign_in(state: &AppState, login: &str, password: &str, addr: &str) -> Result<AdminSession, AdminError> {
    let Ok(login) = AdminLogin::parse(login) else { return Err(AdminError::SignInFailed) };
    state.accounts.login_allowed(LOGIN_KIND, login.as_str(), addr, false).await?;
    let found = match state.db.admin_by_login(login.as_str()).await {
        Ok(a) => Some(a),
        Err(DbError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let good = secrets::verify_password_async(password, found.as_ref().map(|a| a.password_hash.as_str())).await?;
    let admin = match found {
        Some(a) if good && !a.disabled => a,
        _ => {
            warn!(client.addr = addr, "administrator sign-in refused");
            state.accounts.login_failed(LOGIN_KIND, login.as_str(), addr).await?;
            return Err(AdminError::SignInFailed);
        }
    };
    state.accounts.login_succeeded(LOGIN_KIND, login.as_str(), addr).await?;
    let token = secrets::new_token()?;
    let actor = Actor::admin(&admin, addr);
    state
        .db
        .insert_admin_session(
            &secrets::token_hash(SESSION_LABEL, &token),
            &admin.id,
            now_ms() + SESSION_LIFETIME_MS,
            &actor.audit(Action::SignIn, None, ""),
        )
        .await?;
    info!(admin.id = admin.id, "administrator signed in");
    Ok(AdminSession { token, must_change_password: admin.must_change_password })
}

/// The administrator behind a session cookie.
///
/// # Errors
/// [`AdminError::SignInFailed`] for an unknown, expired or idle session.
pub async fn session(state: &AppState, token: &str) -> Result<Admin, AdminError> {
    if !secrets::looks_like_token(token) {
        return Err(AdminError::SignInFailed);
    }
    match state.db.admin_session(&secrets::token_hash(SESSION_LABEL, token), SESSION_IDLE_MS).await {
        Ok(a) => Ok(a),
        Err(DbError::NotFound) => Err(AdminError::SignInFailed),
        Err(e) => Err(e.into()),
    }
}

/// Ends an administrator's session.
///
/// # Errors
/// [`AdminError::Db`].
pub async fn sign_out(state: &AppState, token: &str) -> Result<(), AdminError> {
    Ok(state.db.delete_admin_session(&secrets::token_hash(SESSION_LABEL, token)).await?)
}

/// The administrator chooses a new password (forced at the first sign-in).
///
/// # Errors
/// [`AdminError::Password`].
pub async fn change_password(
    state: &AppState,
    admin: &Admin,
    password: &str,
    confirm: &str,
    addr: &str,
) -> Result<(), AdminError> {
    let password = Password::parse_new(password, confirm).map_err(AdminError::Password)?;
    let hashed = hash(password.expose().to_owned()).await?;
    let actor = Actor::admin(admin, addr);
    state.db.set_admin_password(&admin.id, &hashed, &actor.audit(Action::PasswordChanged, None, "")).await?;
    info!(admin.id = admin.id, "administrator chose a new password");
    Ok(())
}

/// An administrator resets the password of a business's owner from the
/// business card; returns the phone and the temporary password.
///
/// # Errors
/// [`AdminError::NoBusiness`].
pub async fn reset_owner_password(
    state: &AppState,
    business: &BusinessId,
    owner_id: &str,
    actor: &Actor,
) -> Result<(String, String), AdminError> {
    let owner = match state.db.owner(owner_id).await {
        Ok(o) if o.business_id == *business => o,
        Ok(_) | Err(DbError::NotFound) => return Err(AdminError::NoBusiness),
        Err(e) => return Err(e.into()),
    };
    let temporary = reset_password(state, &owner.phone, actor).await?;
    Ok((owner.phone, temporary))
}
