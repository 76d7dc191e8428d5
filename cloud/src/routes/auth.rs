//! Sign-in (P2), the three registration steps (P1), the forced new password
//! (P15) and sign-out.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::pages::{FormError, LoginPage, NewPasswordPage, RegisterCodePage, RegisterDetailsPage, RegisterPhonePage};

use super::{AnySession, Client, FLOW_COOKIE, SESSION_COOKIE, cookie, set_cookie};
use crate::accounts::{AccountError, Details};
use crate::app::AppState;
use crate::error::{AppError, page};
use crate::metrics::OutcomeLabel;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/register", get(register_page).post(register_phone))
        .route("/register/code", get(code_page).post(register_code))
        .route("/register/resend", post(resend))
        .route("/register/details", get(details_page).post(register_details))
        .route("/password", get(password_page).post(new_password))
}

fn form_error(state: &AppState, e: &AccountError) -> FormError {
    state.metrics.account_refusals.get_or_create(&OutcomeLabel { outcome: e.code() }).inc();
    FormError { code: e.code().to_owned(), message: e.to_string() }
}

/// Renders a form page again with the error, as 400 (or 429 for limits).
fn refused(
    state: &AppState,
    e: AccountError,
    render: impl FnOnce(FormError) -> Result<Response, AppError>,
) -> Response {
    if e.is_internal() {
        return AppError::from(e).into_response();
    }
    let status = match e {
        AccountError::TooManyRequests | AccountError::ResendTooEarly { .. } => {
            axum::http::StatusCode::TOO_MANY_REQUESTS
        }
        _ => axum::http::StatusCode::BAD_REQUEST,
    };
    match render(form_error(state, &e)) {
        Ok(mut r) => {
            *r.status_mut() = status;
            r
        }
        Err(e) => e.into_response(),
    }
}

fn with_cookie(mut res: Response, value: String) -> Response {
    if let Ok(v) = value.parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

async fn login_page() -> Result<Response, AppError> {
    page(&LoginPage::default())
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
}

async fn login(State(state): State<AppState>, client: Client, Form(form): Form<LoginForm>) -> Response {
    match state.accounts.login(&form.phone, &form.password, &client.addr, &client.user_agent).await {
        Ok(session) => {
            let target = if session.must_change_password { "/password" } else { "/" };
            let max_age = state.accounts.policy().session_idle_s;
            with_cookie(
                Redirect::to(target).into_response(),
                set_cookie(SESSION_COOKIE, &session.token, max_age, state.settings.cookies_secure()),
            )
        }
        Err(e) => {
            refused(&state, e, |error| page(&LoginPage { phone: form.phone.clone(), error: Some(error), notice: None }))
        }
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, SESSION_COOKIE)
        && let Err(e) = state.accounts.logout(&token).await
    {
        return AppError::from(e).into_response();
    }
    with_cookie(
        Redirect::to("/login").into_response(),
        set_cookie(SESSION_COOKIE, "", 0, state.settings.cookies_secure()),
    )
}

async fn register_page() -> Result<Response, AppError> {
    page(&RegisterPhonePage::default())
}

#[derive(Debug, Deserialize)]
struct PhoneForm {
    #[serde(default)]
    phone: String,
}

async fn register_phone(State(state): State<AppState>, client: Client, Form(form): Form<PhoneForm>) -> Response {
    match state.accounts.start_registration(&form.phone, &client.addr).await {
        Ok(token) => with_cookie(
            Redirect::to("/register/code").into_response(),
            set_cookie(FLOW_COOKIE, &token, 3600, state.settings.cookies_secure()),
        ),
        Err(e) => {
            refused(&state, e, |error| page(&RegisterPhonePage { phone: form.phone.clone(), error: Some(error) }))
        }
    }
}

async fn flow(state: &AppState, headers: &HeaderMap) -> Result<(String, String), Response> {
    let Some(token) = cookie(headers, FLOW_COOKIE) else {
        return Err(Redirect::to("/register").into_response());
    };
    match state.accounts.registration_phone(&token).await {
        Ok(phone) => Ok((token, phone)),
        Err(e) if e.is_internal() => Err(AppError::from(e).into_response()),
        Err(_) => Err(Redirect::to("/register").into_response()),
    }
}

async fn code_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match flow(&state, &headers).await {
        Ok((_, phone)) => page(&RegisterCodePage { phone, ..Default::default() }).into_response(),
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn register_code(State(state): State<AppState>, headers: HeaderMap, Form(form): Form<CodeForm>) -> Response {
    let (token, phone) = match flow(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.accounts.verify_code(&token, &form.code).await {
        Ok(()) => Redirect::to("/register/details").into_response(),
        Err(e) => {
            refused(&state, e, |error| page(&RegisterCodePage { phone, error: Some(error), ..Default::default() }))
        }
    }
}

async fn resend(State(state): State<AppState>, headers: HeaderMap, client: Client) -> Response {
    let (token, phone) = match flow(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.accounts.resend(&token, &client.addr).await {
        Ok(()) => page(&RegisterCodePage {
            phone,
            notice: Some("Yangi kod yuborildi".into()),
            resend_in_s: state.accounts.policy().resend_cooldown_s,
            ..Default::default()
        })
        .into_response(),
        Err(e) => {
            let wait = if let AccountError::ResendTooEarly { wait_s } = e { wait_s } else { 0 };
            refused(&state, e, |error| {
                page(&RegisterCodePage { phone, error: Some(error), resend_in_s: wait, ..Default::default() })
            })
        }
    }
}

async fn details_page(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match flow(&state, &headers).await {
        Ok((_, phone)) => page(&RegisterDetailsPage { phone, ..Default::default() }).into_response(),
        Err(r) => r,
    }
}

async fn register_details(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Client,
    Form(form): Form<Details>,
) -> Response {
    let (token, phone) = match flow(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.accounts.complete_registration(&token, &form, &client.addr, &client.user_agent).await {
        Ok(session) => {
            let secure = state.settings.cookies_secure();
            let res = with_cookie(
                Redirect::to("/").into_response(),
                set_cookie(SESSION_COOKIE, &session.token, state.accounts.policy().session_idle_s, secure),
            );
            with_cookie(res, set_cookie(FLOW_COOKIE, "", 0, secure))
        }
        Err(AccountError::NotVerified) => Redirect::to("/register/code").into_response(),
        Err(e) => refused(&state, e, |error| {
            page(&RegisterDetailsPage {
                phone,
                first_name: form.first_name.clone(),
                last_name: form.last_name.clone(),
                business_name: form.business_name.clone(),
                error: Some(error),
            })
        }),
    }
}

async fn password_page(AnySession(owner): AnySession) -> Result<Response, AppError> {
    page(&NewPasswordPage { forced: owner.must_change_password, error: None })
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn new_password(
    State(state): State<AppState>,
    AnySession(owner): AnySession,
    Form(form): Form<PasswordForm>,
) -> Response {
    match state.accounts.change_password(&owner.id, &form.password, &form.password_confirm).await {
        Ok(()) => Redirect::to("/").into_response(),
        Err(e) => refused(&state, e, |error| {
            page(&NewPasswordPage { forced: owner.must_change_password, error: Some(error) })
        }),
    }
}
