//! The cabinet's public pages: sign-in, the two registration steps, sign
//! out, the language switch; and its static files.

use axum::Form;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use web::i18n::Lang;
use web::pages::FormError;
use web::pages::cargo::{Alert, CargoLoginPage, CargoRegisterCodePage, CargoRegisterPage};

use crate::accounts::AccountError;
use crate::cargo::cabinet::{CLIENT_COOKIE, CLIENT_FLOW_COOKIE, CargoVisitor, cabinet_cookie, signed_in_client};
use crate::cargo::clients::{self, ClientDetails, RegisterError};
use crate::cargo::clients_store;
use crate::http::{AppError, AppState, Client, LANG_COOKIE, YEAR_S, cookie, page, set_cookie, with_cookie};
use crate::metrics::OutcomeLabel;

/// Pages anyone may open in a company's cabinet.
pub fn public_pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}", get(root))
        .route("/cargo/{slug}/login", get(login_page).post(login))
        .route("/cargo/{slug}/logout", post(logout))
        .route("/cargo/{slug}/register", get(register_page).post(register_phone))
        .route("/cargo/{slug}/register/code", get(code_page).post(register_code))
        .route("/cargo/{slug}/register/resend", post(resend))
        .route("/cargo/{slug}/lang", post(switch_language))
}

/// The cabinet's stylesheet and script (no layers, as the portal's).
pub fn assets() -> Router<AppState> {
    Router::new().route("/static/cargo.css", get(css)).route("/static/cargo.js", get(js))
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css"), (header::CACHE_CONTROL, "public, max-age=3600")], web::CARGO_CSS)
        .into_response()
}

async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, "public, max-age=3600")], web::CARGO_JS)
        .into_response()
}

async fn root(v: CargoVisitor) -> Response {
    Redirect::to(&format!("{}/profile", v.company.base())).into_response()
}

/// An account flow's refusal as the page's alert and status (400, or 429
/// for limits); our failure as the opaque 500.
fn refused(state: &AppState, v: &CargoVisitor, e: AccountError, render: impl FnOnce(Alert) -> Response) -> Response {
    let Some(code) = e.code() else {
        return AppError::from(e).into_response();
    };
    state.metrics.account_refusals.get_or_create(&OutcomeLabel { outcome: code.code() }).inc();
    let status = if e.is_limit() { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::BAD_REQUEST };
    let mut res = render(Alert::form(FormError::new(v.ui.t(), code, &e.values())));
    *res.status_mut() = status;
    res
}

async fn login_page(v: CargoVisitor) -> Result<Response, AppError> {
    page(&CargoLoginPage { c: v.chrome(), phone: String::new(), error: None })
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
    v: CargoVisitor,
    client: Client,
    Form(form): Form<LoginForm>,
) -> Response {
    match clients::login(
        &state.accounts,
        &state.db,
        &v.company,
        &form.phone,
        &form.password,
        &client.addr,
        &client.user_agent,
    )
    .await
    {
        Ok(session) => {
            let secure = state.settings.cookies_secure();
            let max_age = state.accounts.policy().session_idle_s;
            let res = with_cookie(
                Redirect::to(&format!("{}/profile", v.company.base())).into_response(),
                cabinet_cookie(&v.company, CLIENT_COOKIE, &session.token, max_age, secure),
            );
            match Lang::parse(&session.language) {
                Some(lang) => with_cookie(res, set_cookie(LANG_COOKIE, lang.code(), YEAR_S, secure)),
                None => res,
            }
        }
        Err(e) => refused(&state, &v, e, |error| {
            page(&CargoLoginPage { c: v.chrome(), phone: form.phone.clone(), error: Some(error) }).into_response()
        }),
    }
}

async fn logout(State(state): State<AppState>, v: CargoVisitor, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, CLIENT_COOKIE)
        && let Err(e) = clients::logout(&state.db, &token).await
    {
        return AppError::from(e).into_response();
    }
    with_cookie(
        Redirect::to(&format!("{}/login", v.company.base())).into_response(),
        cabinet_cookie(&v.company, CLIENT_COOKIE, "", 0, state.settings.cookies_secure()),
    )
}

async fn register_page(v: CargoVisitor) -> Result<Response, AppError> {
    page(&CargoRegisterPage { c: v.chrome(), phone: String::new(), error: None })
}

#[derive(Debug, Deserialize)]
struct PhoneForm {
    #[serde(default)]
    phone: String,
}

async fn register_phone(
    State(state): State<AppState>,
    v: CargoVisitor,
    client: Client,
    Form(form): Form<PhoneForm>,
) -> Response {
    match clients::start_registration(&state.accounts, &state.db, &v.company, &form.phone, v.ui.lang, &client.addr)
        .await
    {
        Ok(token) => with_cookie(
            Redirect::to(&format!("{}/register/code", v.company.base())).into_response(),
            cabinet_cookie(&v.company, CLIENT_FLOW_COOKIE, &token, 3600, state.settings.cookies_secure()),
        ),
        Err(e) => refused(&state, &v, e, |error| {
            page(&CargoRegisterPage { c: v.chrome(), phone: form.phone.clone(), error: Some(error) }).into_response()
        }),
    }
}

/// The registration in progress: its token and phone; without one, step 1.
async fn flow(state: &AppState, v: &CargoVisitor, headers: &HeaderMap) -> Result<(String, String), Response> {
    let restart = || Redirect::to(&format!("{}/register", v.company.base())).into_response();
    let Some(token) = cookie(headers, CLIENT_FLOW_COOKIE) else {
        return Err(restart());
    };
    match clients::registration_phone(&state.accounts, &v.company, &token).await {
        Ok(phone) => Ok((token, phone)),
        Err(e) if e.is_internal() => Err(AppError::from(e).into_response()),
        Err(_) => Err(restart()),
    }
}

fn code_page_for(
    v: &CargoVisitor,
    phone: &str,
    full_name: &str,
    error: Option<Alert>,
    notice: Option<String>,
) -> Response {
    let sent_to = web::i18n::fill(v.ui.t().cargo.cabinet.code_sent, &[("phone", phone)]);
    page(&CargoRegisterCodePage { c: v.chrome(), sent_to, full_name: full_name.to_owned(), error, notice })
        .into_response()
}

async fn code_page(State(state): State<AppState>, v: CargoVisitor, headers: HeaderMap) -> Response {
    match flow(&state, &v, &headers).await {
        Ok((_, phone)) => code_page_for(&v, &phone, "", None, None),
        Err(r) => r,
    }
}

async fn register_code(
    State(state): State<AppState>,
    v: CargoVisitor,
    headers: HeaderMap,
    client: Client,
    Form(form): Form<ClientDetails>,
) -> Response {
    let (token, phone) = match flow(&state, &v, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let done = clients::complete_registration(
        &state.accounts,
        &state.db,
        &v.company,
        &token,
        &form,
        v.ui.lang,
        &client.addr,
        &client.user_agent,
    )
    .await;
    match done {
        Ok((_, session)) => {
            let secure = state.settings.cookies_secure();
            let max_age = state.accounts.policy().session_idle_s;
            let res = with_cookie(
                Redirect::to(&format!("{}/profile", v.company.base())).into_response(),
                cabinet_cookie(&v.company, CLIENT_COOKIE, &session.token, max_age, secure),
            );
            with_cookie(res, cabinet_cookie(&v.company, CLIENT_FLOW_COOKIE, "", 0, secure))
        }
        Err(RegisterError::FullName) => {
            let error = Alert::problem(v.ui.t(), web::i18n::cargo_cabinet::CabinetProblem::FullName);
            let mut res = code_page_for(&v, &phone, &form.full_name, Some(error), None);
            *res.status_mut() = StatusCode::BAD_REQUEST;
            res
        }
        Err(RegisterError::Account(e)) => {
            refused(&state, &v, e, |error| code_page_for(&v, &phone, &form.full_name, Some(error), None))
        }
    }
}

async fn resend(State(state): State<AppState>, v: CargoVisitor, headers: HeaderMap, client: Client) -> Response {
    let (token, phone) = match flow(&state, &v, &headers).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match clients::resend(&state.accounts, &v.company, &token, v.ui.lang, &client.addr).await {
        Ok(()) => code_page_for(&v, &phone, "", None, Some(v.ui.t().cargo.cabinet.resent.to_owned())),
        Err(e) => refused(&state, &v, e, |error| code_page_for(&v, &phone, "", Some(error), None)),
    }
}

#[derive(Debug, Deserialize)]
struct LangForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// The switcher: a cookie for the browser, and the signed-in client's
/// saved language (its SMS speak it).
async fn switch_language(
    State(state): State<AppState>,
    v: CargoVisitor,
    headers: HeaderMap,
    Form(form): Form<LangForm>,
) -> Response {
    let Some(lang) = Lang::parse(&form.lang) else {
        return AppError::Refused { code: web::i18n::ErrorCode::BadRequest, values: Vec::new() }.into_response();
    };
    match signed_in_client(&state, &v.company, &headers).await {
        Ok(Some(client)) => {
            if let Err(e) = clients_store::set_language(&state.db, &client.id, lang.code()).await {
                return AppError::from(e).into_response();
            }
        }
        Ok(None) => {}
        Err(e) => return e.into_response(),
    }
    let base = v.company.base();
    let back = crate::accounts::pages::local_path(&form.back);
    let back = if back.starts_with(&format!("{base}/")) || back == base { back.to_owned() } else { base };
    with_cookie(
        Redirect::to(&back).into_response(),
        set_cookie(LANG_COOKIE, lang.code(), YEAR_S, state.settings.cookies_secure()),
    )
}
