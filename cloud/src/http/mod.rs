//! The web shell: shared state, route groups with their own layers, the one
//! error policy, extractors, cookies, security headers, serving. No business
//! rules live here: each domain hands over its routes (`pages()`,
//! `public_pages()`, `api()`, `callbacks()`, `uploads()`) and this module
//! decides only which group, and so which layers, they sit behind.
//!
//! # Layout
//! - [`error`]: [`AppError`] and the error pages.
//! - [`extract`]: [`Ui`], [`Client`], [`SignedIn`], [`AnySession`], cookies,
//!   form errors.
//! - [`layers`]: the layers each group carries (language and CSRF token,
//!   same-origin and CSRF checks, the owner's session, the hub's bearer
//!   credential, security headers, request spans).
//! - [`ops`]: `/healthz`, `/metrics`, the stylesheet and script.
//! - [`body`]: request bodies with an idle and a total deadline.
//! - `serve`: plain HTTP or HTTPS over one accept loop: a cap on open
//!   connections, a deadline for request heads (and idle connections),
//!   graceful shutdown.
//!
//! # Route groups
//! | group | who calls | layers |
//! |---|---|---|
//! | owner pages | a signed-in owner's browser | language + CSRF token, same-origin, CSRF form field, session (64 KiB forms) |
//! | public pages | anyone's browser (sign-in, registration) | language + CSRF token, same-origin, CSRF form field (64 KiB forms) |
//! | Web App entry (`/tg`, `/tg/signin`) | the portal opened inside Telegram | as public pages, with the Web App's cookies (`SameSite=None; Partitioned`) and framing by Telegram's web client only |
//! | admin pages (`/admin`) | a signed-in platform administrator's browser | language + CSRF token, same-origin, CSRF form field, the administrator's session (`pos_admin`, `Path=/admin`, `SameSite=Strict`) (64 KiB forms) |
//! | admin public pages | anyone's browser (`/admin/login`, `/admin/logout`) | language + CSRF token, same-origin, CSRF form field (64 KiB forms) |
//! | uploads | a signed-in owner's browser, multipart | language + CSRF token, same-origin, CSRF header, session (`max_upload_body`) |
//! | cargo cabinet (`/cargo/{slug}/…`) | a courier company's signed-in client's browser | language + CSRF token, same-origin, CSRF form field, the company from the path (404), the client's session (`csid`, `Path=/cargo/{slug}`, else its sign-in page) (64 KiB forms) |
//! | cargo cabinet public | anyone's browser (a cabinet's sign-in, registration, language) | language + CSRF token, same-origin, CSRF form field, the company from the path (64 KiB forms) |
//! | cargo cabinet uploads | a signed-in client's browser, multipart | language + CSRF token, same-origin, CSRF header or first multipart field `csrf`, the company, the client's session (`max_upload_body`) |
//! | hub API | hubs, `Authorization: Bearer` | credential checked from the headers before the body is read (`max_sync_body`) |
//! | hub enrolment | a hub with a one-time code | rate limit per address in the handler (4 KiB) |
//! | provider callbacks | payment providers | no cookies, no CSRF; the provider's signature in each handler (64 KiB) |
//! | Telegram webhook (`/telegram/webhook`) | Telegram | no cookies, no CSRF; the secret token header in the handler (64 KiB) |
//! | shops' API (`/api/cargo/v1/…`) | business clients' online shops, `Authorization: Bearer ck_live_…` | no cookies, no CSRF; the contract's key in each handler (64 KiB) |
//! | operations | monitoring, browsers for static files | none |

pub mod body;
pub mod cookies;
pub mod error;
pub mod extract;
pub mod layers;
pub mod ops;
mod serve;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use tower_http::limit::RequestBodyLimitLayer;

pub use error::{AppError, page};
pub use extract::*;
pub use serve::{HttpLimits, run, tls_config};

use crate::accounts::Accounts;
use crate::db::Db;
use crate::metrics::Metrics;
use crate::settings::Settings;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Storage.
    pub db: Db,
    /// Account flows.
    pub accounts: Accounts,
    /// Settings in force.
    pub settings: Arc<Settings>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Seals secrets kept at rest.
    pub vault: Arc<crate::vault::Vault>,
    /// Bumped whenever this process changes some branch's config, to wake
    /// the hubs' watch calls at once (other processes are heard by polling).
    pub config_changes: Arc<tokio::sync::watch::Sender<u64>>,
}

impl AppState {
    /// Wakes every waiting watch call: some branch's config changed.
    pub fn config_changed(&self) {
        self.config_changes.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// Largest form body a page accepts (the CSRF layer reads it whole).
pub const FORM_LIMIT: usize = 64 * 1024;
/// Largest enrolment request (a code and a name, as JSON).
pub const ENROL_LIMIT: usize = 4 * 1024;
/// Largest provider callback body.
pub const CALLBACK_LIMIT: usize = 64 * 1024;

/// Owner pages: the session is required (else `/login`), forms carry the
/// CSRF token and come from our own origin.
fn owner_pages(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), layers::require_owner))
        .layer(from_fn(layers::csrf_form))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// Public pages: as owner pages, without a session.
fn public_pages(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn(layers::csrf_form))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// The Web App's entry: as public pages, marked so that the [`layers::ui`]
/// layer keeps the Web App's cookies and allows Telegram to frame it.
fn webapp_pages(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    public_pages(state, routes).layer(from_fn(layers::webapp_entry))
}

/// Platform administration: the administrator's session is required (else
/// `/admin/login`); forms carry the CSRF token and come from our own origin.
/// An owner's session is not looked at.
fn admin_pages(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), layers::require_admin))
        .layer(from_fn(layers::csrf_form))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// Uploads: multipart bodies up to `max_upload_body`, a signed-in owner, the
/// CSRF token in the `X-CSRF-Token` header (the body is not read to find it).
fn uploads(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), layers::require_owner))
        .layer(from_fn(layers::csrf_header))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(state.settings.max_upload_body))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// A courier company's cabinet: the company the path names (else 404) and
/// its client's session (else the cabinet's sign-in page); forms as owner
/// pages.
fn cargo_cabinet(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), crate::cargo::cabinet::require_client))
        .layer(from_fn_with_state(state.clone(), crate::cargo::cabinet::company))
        .layer(from_fn(layers::csrf_form))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// A cabinet's public pages: the company, no session.
fn cargo_public(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), crate::cargo::cabinet::company))
        .layer(from_fn(layers::csrf_form))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(FORM_LIMIT))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// A cabinet's uploads: multipart up to `max_upload_body`, the client's
/// session, the CSRF token in the `X-CSRF-Token` header or (no JavaScript)
/// the body's first multipart field `csrf`.
fn cargo_uploads(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), crate::cargo::cabinet::require_client))
        .layer(from_fn_with_state(state.clone(), crate::cargo::cabinet::company))
        .layer(from_fn_with_state(state.clone(), crate::cargo::uploads::csrf_header_or_field))
        .layer(from_fn(layers::same_origin))
        .layer(DefaultBodyLimit::max(state.settings.max_upload_body))
        .layer(from_fn_with_state(state.clone(), layers::ui))
}

/// The hub API: the bearer credential is checked before the body is read.
fn hub_api(state: &AppState, routes: Router<AppState>) -> Router<AppState> {
    routes
        .layer(from_fn_with_state(state.clone(), layers::require_hub))
        .layer(DefaultBodyLimit::max(state.settings.max_sync_body))
}

/// Every route, each behind its group's layers.
pub fn router(state: AppState) -> Router {
    let owner = Router::new()
        .merge(crate::accounts::pages())
        .merge(crate::portal::pages())
        .merge(crate::branches::pages())
        .merge(crate::billing::pages())
        .merge(crate::cargo::ops_pages());
    let public =
        crate::accounts::public_pages().merge(crate::admin::public_pages()).merge(crate::cargo::track::pages());
    let not_found = Router::new()
        .fallback(layers::not_found)
        .layer(from_fn_with_state(state.clone(), layers::ui))
        .with_state(state.clone());
    Router::new()
        .merge(owner_pages(&state, owner))
        .merge(public_pages(&state, public))
        .merge(webapp_pages(&state, crate::telegram::webapp::pages()))
        .merge(admin_pages(&state, crate::admin::pages()))
        .merge(uploads(&state, Router::new()))
        .merge(cargo_cabinet(&state, crate::cargo::cabinet_pages()))
        .merge(cargo_public(&state, crate::cargo::cabinet_public_pages()))
        .merge(cargo_uploads(&state, crate::cargo::cabinet_uploads()))
        .merge(crate::cargo::assets())
        .merge(hub_api(&state, crate::sync::api().merge(crate::billing::multicard::hub_api())))
        // Anyone may call these: a body announced past the limit is refused
        // from its headers (413 at once), not read until it is.
        .merge(crate::sync::enrolment().layer(RequestBodyLimitLayer::new(ENROL_LIMIT)))
        .merge(crate::billing::callbacks().layer(RequestBodyLimitLayer::new(CALLBACK_LIMIT)))
        .merge(crate::cargo::click::callbacks().layer(RequestBodyLimitLayer::new(CALLBACK_LIMIT)))
        .merge(crate::telegram::callbacks().layer(RequestBodyLimitLayer::new(CALLBACK_LIMIT)))
        .merge(crate::cargo::api::routes().layer(RequestBodyLimitLayer::new(CALLBACK_LIMIT)))
        .merge(ops::routes())
        .fallback_service(not_found)
        .layer(from_fn(layers::security_headers))
        .layer(from_fn_with_state(state.clone(), layers::transport_security))
        .layer(from_fn_with_state(state.clone(), body::deadlines))
        // Pages, CSS and JS travel gzipped to browsers that ask (sync
        // bodies are postcard and are left alone: the hub does not ask).
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(from_fn(layers::request_span))
        .with_state(state)
}
