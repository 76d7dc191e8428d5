//! The cabinet's frame on the HTTP side: the layers of its route groups
//! (which company the path names, which client the cookie names), the
//! extractors pages take ([`CargoClient`], [`CargoVisitor`]) and the
//! cabinet's cookies.
//!
//! Cookies are scoped to `Path=/cargo/{slug}`: a browser signed in to two
//! companies' cabinets holds two sessions and sends each only to its own
//! cabinet; the session is also checked against the path's company.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use web::pages::cargo::CargoChrome;

use crate::cargo::clients;
use crate::cargo::clients_store::CargoClientRow;
use crate::cargo::companies::{self, Company};
use crate::http::{AppError, AppState, Ui, cookie};

/// The client's session cookie (scoped to the cabinet's path).
pub const CLIENT_COOKIE: &str = "csid";
/// The registration flow cookie (scoped to the cabinet's path).
pub const CLIENT_FLOW_COOKIE: &str = "creg";

/// A `Set-Cookie` value scoped to `company`'s cabinet: HttpOnly,
/// SameSite=Lax, Secure behind TLS; `max_age_s == 0` deletes it.
#[must_use]
pub fn cabinet_cookie(company: &Company, name: &str, value: &str, max_age_s: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path={}; HttpOnly; SameSite=Lax; Max-Age={max_age_s}{}",
        company.base(),
        if secure { "; Secure" } else { "" }
    )
}

/// The slug in a `/cargo/{slug}/…` path.
fn slug_of(path: &str) -> Option<&str> {
    path.strip_prefix("/cargo/")?.split('/').next().filter(|s| !s.is_empty())
}

/// Every cabinet group's first layer: the company the path names, left on
/// the request; an unknown one is 404.
pub async fn company(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(slug) = slug_of(req.uri().path()).map(str::to_owned) else {
        return AppError::NotFound.into_response();
    };
    if companies::Slug::parse(&slug).is_err() {
        return AppError::NotFound.into_response();
    }
    match companies::by_slug(&state.db, &slug).await {
        Ok(c) => {
            req.extensions_mut().insert(c);
            next.run(req).await
        }
        Err(e) => AppError::from(e).into_response(),
    }
}

/// The cabinet pages' layer (inside [`company`]): the client behind the
/// path-scoped cookie, left on the request; without one (or with another
/// company's), the cabinet's sign-in page.
pub async fn require_client(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(company) = req.extensions().get::<Company>().cloned() else {
        return AppError::Internal("require_client outside the company layer".into()).into_response();
    };
    let login = || Redirect::to(&format!("{}/login", company.base())).into_response();
    let Some(token) = cookie(req.headers(), CLIENT_COOKIE) else {
        return login();
    };
    match clients::session(&state.accounts, &state.db, &company, &token).await {
        Ok(client) => {
            req.extensions_mut().insert(client);
            next.run(req).await
        }
        Err(e) if e.is_internal() => AppError::from(e).into_response(),
        Err(_) => login(),
    }
}

/// A signed-in client in its company's cabinet: what every cabinet page
/// takes (`async fn page(c: CargoClient, …)`).
#[derive(Debug, Clone)]
pub struct CargoClient {
    /// Language, CSRF token, path.
    pub ui: Ui,
    /// The company whose cabinet this is.
    pub company: Company,
    /// The client.
    pub client: CargoClientRow,
}

impl CargoClient {
    /// The page's layout chrome (menu, breadcrumbs, switcher); add
    /// breadcrumbs with [`CargoChrome::with_crumb`].
    #[must_use]
    pub fn chrome(&self) -> CargoChrome {
        CargoChrome::new(
            self.ui.lang,
            self.ui.csrf.clone(),
            self.ui.path.clone(),
            self.company.base(),
            self.company.name.clone(),
            Some(self.client.full_name.clone()),
        )
    }

    /// The catalog in the page's language.
    #[must_use]
    pub fn t(&self) -> &'static web::i18n::Text {
        self.ui.t()
    }

    /// The cabinet's root, `/cargo/{slug}`.
    #[must_use]
    pub fn base(&self) -> String {
        self.company.base()
    }

    /// How this client sees shipments: in the cabinet, with appeals.
    #[must_use]
    pub fn view(&self) -> ShipmentView<'_> {
        ShipmentView {
            lang: self.ui.lang,
            company: &self.company,
            orders: format!("{}/orders", self.company.base()),
            appeals: Some(format!("{}/appeals/new", self.company.base())),
        }
    }
}

/// Who looks at a company's shipments, for the views the cabinet and the
/// operators' pages share (list rows, the expanded detail, pictures): the
/// page's language, the company, where a shipment's page lives, and where an
/// appeal about it is filed (clients only).
#[derive(Debug, Clone)]
pub struct ShipmentView<'a> {
    /// The page's language.
    pub lang: web::i18n::Lang,
    /// The company.
    pub company: &'a Company,
    /// `{orders}/{id}` is a shipment's page.
    pub orders: String,
    /// `{appeals}?shipment={id}` files an appeal; `None`: no appeals here.
    pub appeals: Option<String>,
}

impl ShipmentView<'_> {
    /// The page's catalog.
    #[must_use]
    pub fn t(&self) -> &'static web::i18n::Text {
        self.lang.text()
    }
}

impl FromRequestParts<AppState> for CargoClient {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        let ui = parts.extensions.get::<Ui>().cloned().unwrap_or_default();
        match (parts.extensions.get::<Company>(), parts.extensions.get::<CargoClientRow>()) {
            (Some(company), Some(client)) => Ok(CargoClient { ui, company: company.clone(), client: client.clone() }),
            _ => Err(AppError::Internal("CargoClient outside the cabinet groups".into()).into_response()),
        }
    }
}

/// Anyone on a company's public cabinet pages (sign-in, registration, an
/// appeal without an account).
#[derive(Debug, Clone)]
pub struct CargoVisitor {
    /// Language, CSRF token, path.
    pub ui: Ui,
    /// The company whose cabinet this is.
    pub company: Company,
}

impl CargoVisitor {
    /// Chrome without the menu.
    #[must_use]
    pub fn chrome(&self) -> CargoChrome {
        CargoChrome::new(
            self.ui.lang,
            self.ui.csrf.clone(),
            self.ui.path.clone(),
            self.company.base(),
            self.company.name.clone(),
            None,
        )
    }
}

impl FromRequestParts<AppState> for CargoVisitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &AppState) -> Result<Self, Self::Rejection> {
        let ui = parts.extensions.get::<Ui>().cloned().unwrap_or_default();
        match parts.extensions.get::<Company>() {
            Some(company) => Ok(CargoVisitor { ui, company: company.clone() }),
            None => Err(AppError::Internal("CargoVisitor outside the cabinet groups".into()).into_response()),
        }
    }
}

/// The client signed in to this visitor's cabinet, if any (public pages
/// that also serve clients: an appeal, the language switch).
///
/// # Errors
/// Our failure only.
pub async fn signed_in_client(
    state: &AppState,
    company: &Company,
    headers: &axum::http::HeaderMap,
) -> Result<Option<CargoClientRow>, AppError> {
    let Some(token) = cookie(headers, CLIENT_COOKIE) else { return Ok(None) };
    match clients::session(&state.accounts, &state.db, company, &token).await {
        Ok(c) => Ok(Some(c)),
        Err(e) if e.is_internal() => Err(e.into()),
        Err(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_come_from_the_path() {
        assert_eq!(slug_of("/cargo/tez/profile"), Some("tez"));
        assert_eq!(slug_of("/cargo/tez"), Some("tez"));
        assert_eq!(slug_of("/cargo/"), None);
        assert_eq!(slug_of("/orders"), None);
    }
}
