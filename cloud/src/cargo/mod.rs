//! The cargo cabinet of courier companies (C1–C5, C8, C9, C12, C13): their
//! clients create, upload, print and track shipments; the company's offices
//! run hubs whose parcel desks scan them, and the scans become each
//! shipment's history.
//!
//! # Layout
//! - this file: the domain's map and the routes it hands to [`crate::http`].
//! - [`companies`]: courier companies and their cabinet's slug.
//! - [`counters`]: barcode serials and per-company numbers, handed out
//!   inside write transactions.
//! - [`clients`]: a company's clients (registration by SMS code, sign-in,
//!   sessions), over [`clients_store`]'s SQL.
//! - [`cabinet`]: the cabinet's layers, extractors ([`cabinet::CargoClient`],
//!   [`cabinet::CargoVisitor`]) and path-scoped cookies.
//! - [`auth_pages`]: sign-in, registration, sign-out, language; static files.
//! - [`profile`]: "Profilim" (C1), over [`photo`] (decoding under limits,
//!   re-encoding).
//! - [`captcha`]: the arithmetic captcha with signed, single-use tokens.
//! - [`appeals`]: a client's appeals (C13) and an appeal without an account,
//!   over [`appeals_store`]; [`appeals_ops`]: the operators' answers.
//!
//! # Routes
//! Cabinet pages are `/cargo/{slug}/…`; [`crate::http`] puts
//! [`cabinet_pages`] behind the client's session, [`cabinet_public_pages`]
//! behind the company lookup only, [`cabinet_uploads`] behind the session
//! with multipart bodies.

pub mod appeals;
pub mod appeals_ops;
pub mod appeals_store;
pub mod auth_pages;
pub mod cabinet;
pub mod captcha;
pub mod clients;
pub mod clients_store;
pub mod companies;
pub(crate) mod counters;
pub mod photo;
pub mod profile;

use axum::Router;

use crate::http::AppState;

/// A signed-in client's cabinet pages (`/cargo/{slug}/…`): each takes a
/// [`cabinet::CargoClient`].
pub fn cabinet_pages() -> Router<AppState> {
    Router::new().merge(profile::pages()).merge(appeals::pages())
}

/// The cabinet pages anyone may open (sign-in, registration, language).
pub fn cabinet_public_pages() -> Router<AppState> {
    auth_pages::public_pages().merge(appeals::public_pages())
}

/// A signed-in client's uploads (multipart; CSRF token in `X-CSRF-Token`).
pub fn cabinet_uploads() -> Router<AppState> {
    profile::uploads()
}

/// The company's operators' pages in the owner portal (`/cargo-ops/…`).
pub fn ops_pages() -> Router<AppState> {
    appeals_ops::pages()
}

/// The cabinet's stylesheet and script.
pub fn assets() -> Router<AppState> {
    auth_pages::assets()
}
