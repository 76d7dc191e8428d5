//! Sign-in (P2), the three registration steps (P1), the new password (forced
//! after an administrator's reset, P15, or chosen from the profile), "sign
//! out of every other device", sign-out and the language switcher.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::pages::cargo::CaptchaView;
use web::pages::{FormError, LoginPage, NewPasswordPage, RegisterCodePage, RegisterDetailsPage, RegisterPhonePage};

use web::i18n::{ErrorCode, Lang, fill};

use crate::accounts::{AccountError, Details};
use crate::captcha::{Captcha, CaptchaError};
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::http::{
    AnySession, Client, FLOW_COOKIE, LANG_COOKIE, SESSION_COOKIE, SignedIn, Ui, YEAR_S, cookie, session_token,
    set_cookie, with_cookie,
};
use crate::metrics::OutcomeLabel;

/// Pages anyone may open: sign-in, registration, sign-out, the language.
pub fn public_pages() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/register", get(register_page).post(register_phone))
        .route("/register/code", get(code_page).post(register_code))
        .route("/register/resend", post(resend))
        .route("/register/details", get(details_page).post(register_details))
        .route("/lang", post(switch_language))
}

/// Pages of a signed-in owner, forced password change pending or not.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/password", get(password_page).post(new_password))
        .route("/sessions/others", post(sign_out_others))
}

/// The cookie by which a browser that signed in before is known (so that
/// failures from unknown devices do not slow its owner down): the owner's
/// id, a nonce and an HMAC under a key derived from the cloud's secret.
/// Sent to `/login` only.
const DEVICE_COOKIE: &str = "pos_dev";

fn device_tag(state: &AppState, owner_id: &str, nonce: &str) -> String {
    use hmac::Mac as _;
    let key = state.vault.derived_key("known device v1");
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(owner_id.as_bytes());
    mac.update(b".");
    mac.update(nonce.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The owner this browser's device cookie vouches for, if it is ours.
fn device_owner(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let value = cookie(headers, DEVICE_COOKIE)?;
    let mut parts = value.rsplitn(3, '.');
    let (tag, nonce, owner) = (parts.next()?, parts.next()?, parts.next()?);
    crate::secrets::same(&device_tag(state, owner, nonce), tag).then(|| owner.to_owned())
}

/// A device cookie for `owner_id` (a year, `/login` only).
fn device_cookie(state: &AppState, owner_id: &str) -> Option<String> {
    let nonce = hex::encode(crate::secrets::random_bytes::<16>().ok()?);
    let value = format!("{owner_id}.{nonce}.{}", device_tag(state, owner_id, &nonce));
    let secure = if state.settings.cookies_secure() { "; Secure" } else { "" };
    Some(format!("{DEVICE_COOKIE}={value}; Path=/login; HttpOnly; SameSite=Strict; Max-Age={YEAR_S}{secure}"))
}

fn account_error(state: &AppState, ui: &Ui, code: ErrorCode, e: &AccountError) -> FormError {
    state.metrics.account_refusals.get_or_create(&OutcomeLabel { outcome: code.code() }).inc();
    FormError::new(ui.t(), code, &e.values())
}

/// Renders a form page again with the error, as 400 (or 429 for limits).
fn refused(
    state: &AppState,
    ui: &Ui,
    e: AccountError,
    render: impl FnOnce(FormError) -> Result<Response, AppError>,
) -> Response {
    let Some(code) = e.code() else {
        return AppError::from(e).into_response();
    };
    let status =
        if e.is_limit() { axum::http::StatusCode::TOO_MANY_REQUESTS } else { axum::http::StatusCode::BAD_REQUEST };
    match render(account_error(state, ui, code, &e)) {
        Ok(mut r) => {
            *r.status_mut() = status;
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn login_page(ui: Ui) -> Result<Response, AppError> {
    page(&LoginPage { c: ui.chrome(), ..Default::default() })
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let known = device_owner(&state, &headers);
    match state.accounts.login(&form.phone, &form.password, &client.addr, &client.user_agent, known.as_deref()).await {
        Ok(session) => {
            let target = if session.must_change_password { "/password" } else { "/" };
            let max_age = state.accounts.policy().session_max_s;
            let secure = state.settings.cookies_secure();
            let mut res = with_cookie(
                Redirect::to(target).into_response(),
                set_cookie(SESSION_COOKIE, &session.token, max_age, secure),
            );
            if known.as_deref() != Some(session.owner_id.as_str())
                && let Some(device) = device_cookie(&state, &session.owner_id)
            {
                res = with_cookie(res, device);
            }
            // The owner's saved language follows them to every device.
            match Lang::parse(&session.language) {
                Some(lang) => with_cookie(res, set_cookie(LANG_COOKIE, lang.code(), YEAR_S, secure)),
                None => res,
            }
        }
        Err(e) => refused(&state, &ui, e, |error| {
            page(&LoginPage { c: ui.chrome(), phone: form.phone.clone(), error: Some(error), notice: None })
        }),
    }
}

async fn logout(State(state): State<AppState>, ui: Ui, headers: HeaderMap) -> Response {
    if let Some(token) = session_token(&headers)
        && let Err(e) = state.accounts.logout(&token).await
    {
        return AppError::from(e).into_response();
    }
    // Inside Telegram the Web App's entry page is where one signs in again.
    let to = if ui.webapp { "/tg" } else { "/login" };
    with_cookie(Redirect::to(to).into_response(), ui.cookie(SESSION_COOKIE, "", 0, state.settings.cookies_secure()))
}

#[derive(Debug, Deserialize)]
struct LangForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// Where the switcher may send the browser back to: our own paths only.
pub(crate) fn local_path(back: &str) -> &str {
    let ok = back.starts_with('/')
        && !back.starts_with("//")
        && !back.contains('\\')
        && !back.chars().any(char::is_control)
        && back.len() <= 512;
    if ok { back } else { "/" }
}

/// The language switcher: kept in a cookie, and saved for the signed-in
/// owner so that every device of theirs speaks it from the next sign-in.
async fn switch_language(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    Form(form): Form<LangForm>,
) -> Response {
    let Some(lang) = Lang::parse(&form.lang) else {
        return AppError::Refused { code: ErrorCode::BadRequest, values: Vec::new() }.into_response();
    };
    if let Some(token) = session_token(&headers) {
        match state.accounts.session(&token).await {
            Ok(owner) => {
                if let Err(e) = state.accounts.set_language(&owner.id, lang).await {
                    return AppError::from(e).into_response();
                }
            }
            Err(e) if e.is_internal() => return AppError::from(e).into_response(),
            Err(_) => {}
        }
    }
    with_cookie(
        Redirect::to(local_path(&form.back)).into_response(),
        ui.cookie(LANG_COOKIE, lang.code(), YEAR_S, state.settings.cookies_secure()),
    )
}

/// A sum to solve when this address has had its free codes this hour.
async fn captcha_for(state: &AppState, addr: &str) -> Result<Option<CaptchaView>, AppError> {
    if !state.accounts.codes_need_captcha(addr).await? {
        return Ok(None);
    }
    let ch = Captcha::new(&state.vault, &state.db).new_challenge().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Some(CaptchaView { question: ch.question, token: ch.token, refresh: "/register".into() }))
}

async fn register_page(State(state): State<AppState>, ui: Ui, client: Client) -> Result<Response, AppError> {
    let captcha = captcha_for(&state, &client.addr).await?;
    page(&RegisterPhonePage { c: ui.chrome(), captcha, ..Default::default() })
}

#[derive(Debug, Deserialize)]
struct PhoneForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    captcha_token: String,
    #[serde(default)]
    captcha_answer: String,
}

async fn register_phone(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    Form(form): Form<PhoneForm>,
) -> Response {
    let started = match state.accounts.codes_need_captcha(&client.addr).await {
        Err(e) => Err(e),
        Ok(true) => match Captcha::new(&state.vault, &state.db)
            .verify(&form.captcha_token, &form.captcha_answer, &client.addr)
            .await
        {
            Ok(()) => state.accounts.start_registration(&form.phone, &client.addr).await,
            Err(CaptchaError::TooMany) => Err(AccountError::TooManyRequests),
            Err(CaptchaError::Internal(e)) => Err(AccountError::Internal(e)),
            Err(_) => Err(AccountError::Captcha),
        },
        Ok(false) => state.accounts.start_registration(&form.phone, &client.addr).await,
    };
    match started {
        Ok(token) => with_cookie(
            Redirect::to("/register/code").into_response(),
            set_cookie(FLOW_COOKIE, &token, 3600, state.settings.cookies_secure()),
        ),
        Err(e) => {
            let captcha = match captcha_for(&state, &client.addr).await {
                Ok(c) => c,
                Err(e) => return e.into_response(),
            };
            refused(&state, &ui, e, |error| {
                page(&RegisterPhonePage { c: ui.chrome(), phone: form.phone.clone(), error: Some(error), captcha })
            })
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

/// The code page in `ui`'s language.
fn code_page_for(
    ui: &Ui,
    phone: &str,
    error: Option<FormError>,
    notice: Option<String>,
    wait_s: i64,
) -> RegisterCodePage {
    let t = ui.t();
    RegisterCodePage {
        c: ui.chrome(),
        sent_to: fill(t.accounts.code_sent_to, &[("phone", phone)]),
        error,
        notice,
        resend_hint: if wait_s > 0 { fill(t.accounts.resend_in, &[("s", &wait_s.to_string())]) } else { String::new() },
    }
}

async fn code_page(State(state): State<AppState>, ui: Ui, headers: HeaderMap) -> Response {
    match flow(&state, &headers).await {
        Ok((_, phone)) => page(&code_page_for(&ui, &phone, None, None, 0)).into_response(),
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn register_code(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let (token, phone) = match flow(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.accounts.verify_code(&token, &form.code).await {
        Ok(()) => Redirect::to("/register/details").into_response(),
        Err(e) => refused(&state, &ui, e, |error| page(&code_page_for(&ui, &phone, Some(error), None, 0))),
    }
}

async fn resend(State(state): State<AppState>, ui: Ui, headers: HeaderMap, client: Client) -> Response {
    let (token, phone) = match flow(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.accounts.resend(&token, &client.addr).await {
        Ok(()) => page(&code_page_for(
            &ui,
            &phone,
            None,
            Some(ui.t().accounts.code_resent.to_owned()),
            state.accounts.policy().resend_cooldown_s,
        ))
        .into_response(),
        Err(e) => {
            let wait = if let AccountError::ResendTooEarly { wait_s } = e { wait_s } else { 0 };
            refused(&state, &ui, e, |error| page(&code_page_for(&ui, &phone, Some(error), None, wait)))
        }
    }
}

async fn details_page(State(state): State<AppState>, ui: Ui, headers: HeaderMap) -> Response {
    match flow(&state, &headers).await {
        Ok((_, phone)) => page(&RegisterDetailsPage { c: ui.chrome(), phone, ..Default::default() }).into_response(),
        Err(r) => r,
    }
}

async fn register_details(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    client: Client,
    Form(form): Form<Details>,
) -> Response {
    let (token, phone) = match flow(&state, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match state.accounts.complete_registration(&token, &form, ui.lang.code(), &client.addr, &client.user_agent).await {
        Ok(session) => {
            let secure = state.settings.cookies_secure();
            let res = with_cookie(
                Redirect::to("/").into_response(),
                set_cookie(SESSION_COOKIE, &session.token, state.accounts.policy().session_max_s, secure),
            );
            with_cookie(res, set_cookie(FLOW_COOKIE, "", 0, secure))
        }
        Err(AccountError::NotVerified) => Redirect::to("/register/code").into_response(),
        Err(e) => refused(&state, &ui, e, |error| {
            page(&RegisterDetailsPage {
                c: ui.chrome(),
                phone,
                first_name: form.first_name.clone(),
                last_name: form.last_name.clone(),
                business_name: form.business_name.clone(),
                error: Some(error),
            })
        }),
    }
}

async fn password_page(ui: Ui, AnySession(owner): AnySession) -> Result<Response, AppError> {
    page(&NewPasswordPage { c: ui.chrome(), forced: owner.must_change_password, error: None })
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn new_password(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    AnySession(owner): AnySession,
    Form(form): Form<PasswordForm>,
) -> Response {
    let session = session_token(&headers).unwrap_or_default();
    match state
        .accounts
        .change_password(&owner, Some(&form.current_password), &form.password, &form.password_confirm, &session)
        .await
    {
        Ok(()) => Redirect::to("/").into_response(),
        Err(e) => refused(&state, &ui, e, |error| {
            page(&NewPasswordPage { c: ui.chrome(), forced: owner.must_change_password, error: Some(error) })
        }),
    }
}

/// "Sign out of every other device" on the profile.
async fn sign_out_others(State(state): State<AppState>, headers: HeaderMap, SignedIn(owner): SignedIn) -> Response {
    let session = session_token(&headers).unwrap_or_default();
    match state.accounts.end_other_sessions(&owner.id, &session).await {
        Ok(_) => Redirect::to("/profile?signed_out=1").into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}
