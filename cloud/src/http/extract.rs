//! What handlers extract from a request: its [`Ui`] (language, CSRF token),
//! the [`Client`], the signed-in owner ([`SignedIn`], [`AnySession`]), the
//! authenticated hub ([`AuthedHub`]); cookies and form errors.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::AppState;
use crate::accounts::store::Owner;
use crate::branches::store::HubAuth;

/// The session cookie.
pub const SESSION_COOKIE: &str = "sid";
/// The registration flow cookie.
pub const FLOW_COOKIE: &str = "reg";
/// The CSRF cookie (see [`super::layers::ui`]).
pub const CSRF_COOKIE: &str = "csrf";
/// The language cookie.
pub const LANG_COOKIE: &str = "lang";
/// What the Web App's cookies are named with in front (`tgsid`, `tgcsrf`,
/// `tglang`): see [`Ui::cookie`].
pub const WEBAPP_COOKIE_PREFIX: &str = "tg";

/// Put on a request by the Web App's entry group: its answers are for
/// Telegram's client, so cookies go as [`Ui::cookie`] makes them there.
#[derive(Debug, Clone, Copy)]
pub struct WebAppEntry;

/// The session token a request carries: the portal's cookie, else the Web
/// App's (signed in by Telegram's init data).
#[must_use]
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie(headers, SESSION_COOKIE).or_else(|| cookie(headers, &format!("{WEBAPP_COOKIE_PREFIX}{SESSION_COOKIE}")))
}

/// What the UI layer found out about the request: its language, the
/// browser's CSRF token and the path.
#[derive(Debug, Clone, Default)]
pub struct Ui {
    /// Language of the answer.
    pub lang: web::i18n::Lang,
    /// The token forms carry.
    pub csrf: String,
    /// The request path.
    pub path: String,
    /// The token was made for this request: the browser had none, so no
    /// form it sends can carry it yet.
    pub fresh_token: bool,
    /// The request comes from the portal opened as a Telegram Web App
    /// (its entry page, or a browser holding the Web App's session).
    pub webapp: bool,
}

impl Ui {
    /// The catalog.
    #[must_use]
    pub fn t(&self) -> &'static web::i18n::Text {
        self.lang.text()
    }

    /// A `Set-Cookie` value for this browser. The portal's are
    /// [`set_cookie`]'s; inside Telegram's web client the portal is a
    /// cross-site frame, where browsers send no `SameSite=Lax` cookie, so
    /// the Web App's go under their own names (`tg` in front) as
    /// `SameSite=None; Secure; Partitioned`: kept only for frames under
    /// that top-level site (CHIPS), never sent from any other. They are
    /// always `Secure` (browsers refuse `SameSite=None` otherwise, and keep
    /// `Secure` cookies of `http://localhost` and `http://127.0.0.1`).
    #[must_use]
    pub fn cookie(&self, name: &str, value: &str, max_age_s: i64, secure: bool) -> String {
        if self.webapp {
            format!(
                "{WEBAPP_COOKIE_PREFIX}{name}={value}; Path=/; HttpOnly; SameSite=None; Secure; Partitioned; \
                 Max-Age={max_age_s}"
            )
        } else {
            set_cookie(name, value, max_age_s, secure)
        }
    }

    /// A cookie's value as this browser holds it (see [`Ui::cookie`]).
    #[must_use]
    pub fn read_cookie(&self, headers: &HeaderMap, name: &str) -> Option<String> {
        if self.webapp { cookie(headers, &format!("{WEBAPP_COOKIE_PREFIX}{name}")) } else { cookie(headers, name) }
    }

    /// Chrome for a page without the menu (sign-in, registration).
    #[must_use]
    pub fn chrome(&self) -> web::pages::Chrome {
        let mut c = web::pages::Chrome::new(self.lang, self.csrf.clone(), self.path.clone(), None);
        c.webapp = self.webapp;
        c
    }

    /// Chrome for a signed-in owner's page.
    #[must_use]
    pub fn chrome_for(&self, owner: &Owner) -> web::pages::Chrome {
        let mut c = web::pages::Chrome::new(self.lang, self.csrf.clone(), self.path.clone(), Some(viewer(owner)));
        c.webapp = self.webapp;
        c
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Ui>().cloned().unwrap_or_default())
    }
}

/// A cookie's value from the request.
#[must_use]
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_owned())
    })
}

/// How long a browser keeps a preference cookie (language, branch, CSRF
/// token): a year.
pub const YEAR_S: i64 = 365 * 24 * 3600;

/// `res` with one more `Set-Cookie` header.
#[must_use]
pub fn with_cookie(mut res: Response, value: impl AsRef<str>) -> Response {
    if let Ok(v) = axum::http::HeaderValue::from_str(value.as_ref()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Path=/, Secure behind TLS.
/// `max_age_s == 0` deletes the cookie.
#[must_use]
pub fn set_cookie(name: &str, value: &str, max_age_s: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The client's address: the socket peer, or the last `X-Forwarded-For` hop
/// when the settings say a proxy sets it.
#[must_use]
pub fn client_addr(parts: &Parts, state: &AppState) -> String {
    if state.settings.trust_forwarded_for
        && let Some(last) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return last.chars().take(64).collect();
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// Who is asking: address and user agent.
#[derive(Debug, Clone)]
pub struct Client {
    /// IP address.
    pub addr: String,
    /// `User-Agent`.
    pub user_agent: String,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let user_agent = parts.headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        Ok(Client { addr: client_addr(parts, state), user_agent })
    }
}

/// A signed-in owner who may use the portal (no forced password change
/// pending). Anyone else is sent to sign in, or to choose a new password.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Owner);

/// A signed-in owner, forced password change or not.
#[derive(Debug, Clone)]
pub struct AnySession(pub Owner);

impl FromRequestParts<AppState> for AnySession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Owner pages find it left by `layers::require_owner`.
        if let Some(owner) = parts.extensions.get::<Owner>() {
            return Ok(AnySession(owner.clone()));
        }
        let Some(token) = session_token(&parts.headers) else {
            return Err(Redirect::to("/login").into_response());
        };
        match state.accounts.session(&token).await {
            Ok(owner) => Ok(AnySession(owner)),
            Err(e) if e.is_internal() => Err(super::AppError::from(e).into_response()),
            Err(_) => Err(Redirect::to("/login").into_response()),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let AnySession(owner) = AnySession::from_request_parts(parts, state).await?;
        if owner.must_change_password {
            return Err(Redirect::to("/password").into_response());
        }
        Ok(SignedIn(owner))
    }
}

/// The layout header's view of the owner.
#[must_use]
pub fn viewer(owner: &Owner) -> web::pages::Viewer {
    web::pages::Viewer {
        name: format!("{} {}", owner.first_name, owner.last_name),
        business: owner.business_name.clone(),
        courier: owner.courier,
    }
}

/// The hub whose bearer credential [`super::layers::require_hub`] checked.
#[derive(Debug, Clone)]
pub struct AuthedHub(pub HubAuth);

impl<S: Send + Sync> FromRequestParts<S> for AuthedHub {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<HubAuth>()
            .cloned()
            .map(AuthedHub)
            .ok_or_else(|| super::AppError::Internal("AuthedHub outside the hub API group".into()).into_response())
    }
}
