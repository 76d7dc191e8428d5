//! The layers route groups carry (see the table in [`crate::http`]). Each is
//! attached to the groups that need it; none looks at the request's path to
//! decide whether it applies.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::{Instrument as _, info_span, warn};
use web::i18n::Lang;

use super::error::{AppError, ErrorPage};
use super::extract::{
    CSRF_COOKIE, LANG_COOKIE, SESSION_COOKIE, Ui, WEBAPP_COOKIE_PREFIX, WebAppEntry, YEAR_S, cookie, session_token,
    with_cookie,
};
use super::{AppState, FORM_LIMIT};
use crate::db::DbError;

/// Language and CSRF token for every page, and error pages in the asker's
/// language:
/// - the language: the `lang` cookie (set by the switcher, and at sign-in
///   from the owner's saved choice), else `Accept-Language`, else Uzbek;
/// - every browser holds a random `csrf` cookie (HttpOnly, a year; not a
///   credential on its own) that forms repeat (see [`csrf_form`]);
/// - an error response carrying an [`ErrorPage`] is rendered with the
///   portal's chrome in that language;
/// - the portal opened as a Telegram Web App (its entry group, or a browser
///   holding the Web App's session cookie) keeps these cookies under the
///   Web App's names ([`Ui::cookie`]), and its answers may be framed by
///   Telegram's web client only ([`FrameAncestors`]).
pub async fn ui(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let webapp = req.extensions().get::<WebAppEntry>().is_some()
        || cookie(req.headers(), &format!("{WEBAPP_COOKIE_PREFIX}{SESSION_COOKIE}")).is_some();
    let probe = Ui { webapp, ..Ui::default() };
    let lang = probe.read_cookie(req.headers(), LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or_else(|| {
        Lang::from_accept_language(
            req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""),
        )
    });
    let held = probe.read_cookie(req.headers(), CSRF_COOKIE).filter(|t| crate::secrets::looks_like_token(t));
    let (csrf, fresh) = match held {
        Some(t) => (t, false),
        None => match crate::secrets::new_token() {
            Ok(t) => (t, true),
            Err(e) => return AppError::Internal(e.to_string()).into_response(),
        },
    };
    let ui = Ui { lang, csrf: csrf.clone(), path: path.clone(), fresh_token: fresh, webapp };
    req.extensions_mut().insert(ui.clone());
    let mut res = next.run(req).await;
    if let Some(error) = res.extensions().get::<ErrorPage>().cloned() {
        let mut page = render_error(&error, res.status(), lang, &csrf, &path);
        for v in res.headers().get_all(header::SET_COOKIE) {
            page.headers_mut().append(header::SET_COOKIE, v.clone());
        }
        res = page;
    }
    if fresh {
        res = with_cookie(res, ui.cookie(CSRF_COOKIE, &csrf, YEAR_S, state.settings.cookies_secure()));
    }
    if webapp {
        res.extensions_mut().insert(FrameAncestors(state.settings.telegram.frame_ancestors.clone()));
    }
    res
}

fn render_error(error: &ErrorPage, status: StatusCode, lang: Lang, csrf: &str, path: &str) -> Response {
    use web::Template as _;
    let (title, text) = error.texts(lang);
    let page = web::pages::MessagePage { c: web::pages::Chrome::new(lang, csrf, path, None), title, text };
    match page.render() {
        Ok(body) => (status, axum::response::Html(body)).into_response(),
        Err(_) => (status, error.texts(lang).1).into_response(),
    }
}

/// The answer for a path no route serves, in the asker's language.
pub async fn not_found() -> Response {
    AppError::NotFound.into_response()
}

/// Marks a request of the Web App's entry group ([`WebAppEntry`]) before
/// the [`ui`] layer looks at it.
pub async fn webapp_entry(mut req: Request, next: Next) -> Response {
    req.extensions_mut().insert(WebAppEntry);
    next.run(req).await
}

/// Form posts must come from our own pages: a cross-site `Origin` is
/// refused before the CSRF token is even looked at.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            if origin == "null" || origin_host != host {
                warn!(origin, host, "cross-site form post refused");
                return AppError::Forbidden.into_response();
            }
        }
    }
    next.run(req).await
}

/// The request's [`Ui`], left by [`ui`] (which every page group carries).
fn ui_of(req: &Request) -> Option<Ui> {
    req.extensions().get::<Ui>().cloned()
}

/// A form post must carry the browser's CSRF token in its `csrf` field; one
/// that does not is refused (403) and reaches no handler. The form (at most
/// [`FORM_LIMIT`] bytes) is read here and handed on whole.
pub async fn csrf_form(req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(ui) = ui_of(&req) else {
        return AppError::Internal("csrf_form without the ui layer".into()).into_response();
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
        return ErrorPage::Refused(web::i18n::ErrorCode::TooLarge, Vec::new()).response(StatusCode::PAYLOAD_TOO_LARGE);
    };
    let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
    if ui.fresh_token || !sent.is_some_and(|s| crate::secrets::same(&s, &ui.csrf)) {
        warn!(http.path = ui.path, "form post without a valid CSRF token refused");
        return AppError::Forbidden.into_response();
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

/// An upload (multipart, too large to read twice) carries the browser's CSRF
/// token in the `X-CSRF-Token` header, set by the page's script.
pub async fn csrf_header(req: Request, next: Next) -> Response {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        return next.run(req).await;
    }
    let Some(ui) = ui_of(&req) else {
        return AppError::Internal("csrf_header without the ui layer".into()).into_response();
    };
    let sent = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok());
    if ui.fresh_token || !sent.is_some_and(|s| crate::secrets::same(s, &ui.csrf)) {
        warn!(http.path = ui.path, "upload without a valid CSRF token refused");
        return AppError::Forbidden.into_response();
    }
    next.run(req).await
}

/// The owner's session: looked up once and left on the request for
/// [`super::SignedIn`] and [`super::AnySession`]; without one, `/login`
/// (inside Telegram, where a password sign-in cannot keep its cookie, the
/// Web App's entry `/tg`).
pub async fn require_owner(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let webapp = req.extensions().get::<Ui>().is_some_and(|ui| ui.webapp);
    let sign_in = if webapp { "/tg" } else { "/login" };
    let Some(token) = session_token(req.headers()) else {
        return axum::response::Redirect::to(sign_in).into_response();
    };
    match state.accounts.session(&token).await {
        Ok(owner) => {
            req.extensions_mut().insert(owner);
            next.run(req).await
        }
        Err(e) if e.is_internal() => AppError::from(e).into_response(),
        Err(_) => axum::response::Redirect::to(sign_in).into_response(),
    }
}

/// The administrator's session (its own cookie, see
/// [`crate::admin::pages::ADMIN_COOKIE`]): looked up once and left on the
/// request for the admin extractors; without one, `/admin/login`. An
/// owner's session opens nothing here.
pub async fn require_admin(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(token) = cookie(req.headers(), crate::admin::pages::ADMIN_COOKIE) else {
        return axum::response::Redirect::to("/admin/login").into_response();
    };
    match crate::admin::session(&state, &token).await {
        Ok(admin) => {
            req.extensions_mut().insert(admin);
            next.run(req).await
        }
        Err(crate::admin::AdminError::SignInFailed) => axum::response::Redirect::to("/admin/login").into_response(),
        Err(e) => AppError::from(e).into_response(),
    }
}

/// The hub behind the `Authorization: Bearer` credential, checked from the
/// headers alone, before any body is read, and left on the request for
/// [`super::AuthedHub`].
pub async fn require_hub(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let refuse = |text: &str| {
        state.metrics.sync_call("unauthorized");
        // The body was never read, so this connection cannot carry another
        // request: say so, or the client reuses it and loses its next call.
        (StatusCode::UNAUTHORIZED, [(header::CONNECTION, "close")], format!("{text}\n")).into_response()
    };
    let Some(bearer) =
        req.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
    else {
        return refuse("missing hub credential");
    };
    match crate::branches::hubs::authenticate(&state.db, bearer).await {
        Ok(hub) => {
            req.extensions_mut().insert(hub);
            next.run(req).await
        }
        Err(DbError::NotFound) => refuse("unknown or revoked hub credential"),
        Err(e) => {
            tracing::error!(error = %e, "hub API failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error; retry later\n").into_response()
        }
    }
}

/// The policy every answer carries.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// A page whose forms lead to outside origins (the subscription page's
/// "Tanlash" redirects to the provider's checkout, and browsers apply
/// `form-action` to a form's redirects) puts this in its response's
/// extensions: that page alone gets `form-action 'self' <origins>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormAction(pub Vec<ConnectSrc>);

/// A page that must call one outside origin from the browser (the saved
/// card page calls Payme) puts this in its response's extensions: that page
/// alone gets `connect-src 'self' <origin>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectSrc(pub String);

impl ConnectSrc {
    /// The origin (`scheme://host[:port]`) of `url`, when it is a plain
    /// http(s) URL that can stand in a policy.
    #[must_use]
    pub fn of_url(url: &str) -> Option<ConnectSrc> {
        let (scheme, rest) = url.trim().split_once("://")?;
        if scheme != "https" && scheme != "http" {
            return None;
        }
        let host = rest.split(['/', '?', '#']).next()?;
        let ok = !host.is_empty()
            && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
        ok.then(|| ConnectSrc(format!("{scheme}://{host}")))
    }
}

/// A page of the portal opened as a Telegram Web App puts this in its
/// response's extensions (the [`ui`] layer does): it gets
/// `frame-ancestors <these origins>` (Telegram's web client) and no
/// `X-Frame-Options`; every other answer still denies framing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameAncestors(pub Vec<String>);

/// Security headers on every answer.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let mut custom = None;
    let framable: Option<String> = res
        .extensions()
        .get::<FrameAncestors>()
        .map(|f| f.0.iter().filter_map(|o| ConnectSrc::of_url(o)).map(|o| o.0).collect::<Vec<_>>().join(" "));
    if let Some(origins) = framable.as_deref().filter(|o| !o.is_empty()) {
        custom = Some(CSP.replace("frame-ancestors 'none'", &format!("frame-ancestors {origins}")));
    }
    if let Some(forms) = res.extensions().get::<FormAction>().filter(|f| !f.0.is_empty()) {
        let origins: Vec<&str> = forms.0.iter().map(|o| o.0.as_str()).collect();
        let base = custom.as_deref().unwrap_or(CSP);
        custom = Some(base.replace("form-action 'self'", &format!("form-action 'self' {}", origins.join(" "))));
    }
    if let Some(c) = res.extensions().get::<ConnectSrc>() {
        custom = Some(format!("{}; connect-src 'self' {}", custom.as_deref().unwrap_or(CSP), c.0));
    }
    let h = res.headers_mut();
    let policy = custom.and_then(|p| HeaderValue::from_str(&p).ok()).unwrap_or(HeaderValue::from_static(CSP));
    h.insert(header::CONTENT_SECURITY_POLICY, policy);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if framable.is_none_or(|o| o.is_empty()) {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// HSTS and cookie name prefixes ([`super::cookies`]) wherever cookies are
/// `Secure` (the cloud is served over HTTPS,
/// itself or behind a proxy): a browser that saw the portal once never
/// reaches it over plain HTTP again. Browsers ignore it on plain HTTP.
pub async fn transport_security(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if !state.settings.cookies_secure() {
        return next.run(req).await;
    }
    super::cookies::inbound(req.headers_mut());
    let mut res = next.run(req).await;
    super::cookies::outbound(res.headers_mut());
    res.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    res
}

/// One span per request, named by the matched route, not the raw path.
pub async fn request_span(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let span =
        info_span!("request", http.method = %req.method(), http.route = route, http.status = tracing::field::Empty);
    async move {
        let res = next.run(req).await;
        tracing::Span::current().record("http.status", res.status().as_u16());
        res
    }
    .instrument(span)
    .await
}
