//! The cargo cabinet of courier companies (C1–C5, C8, C9, C12, C13): their
//! clients create, upload, print and track shipments; the company's offices
//! run hubs whose parcel desks scan them, and the scans become each
//! shipment's history.
//!
//! # Layout
//! - this file: the domain's map and the routes it hands to [`crate::http`].
//! - [`companies`]: courier companies and their cabinet's slug.
//! - [`geo`]: regions and districts (SOATO), found by code or any name.
//! - [`pricing`]: the price of a shipment from the company's tariff.
//! - [`draft`]: the one parser of a new shipment (form and spreadsheet rows).
//! - [`orders`]: the new shipment form with its price, the orders list, one shipment.
//! - [`mail`]: "Shaxsiy pochta" and "Kiruvchi pochta", rows that expand to the history.
//! - [`documents`]: one shipment's waybill and label, the list's print, the pictures.
//! - [`shipments_ops`]: the operators' list of the company's shipments and one
//!   shipment (history, documents).
//! - [`tariff_ops`]: the operators' tariff form (services, bands × zones,
//!   routes' zones), saved whole or refused field by field.
//! - [`pickups`]: the operators' parcels waiting for pickup and the handover act.
//! - [`offices`]: a company's offices (branches with a code and a district).
//! - [`uploads`]: the upload page, the preview, the import, the folders, the
//!   orders export (SQL in [`uploads_store`]).
//! - [`xlsx`]: the upload template, reading an upload into rows of text, the
//!   file of failed rows, the orders export.
//! - [`track`]: public tracking at `/track` (barcode + captcha).
//! - [`tracking`] (and `tracking/walk_ins.rs`): parcel desks' scans and walk-ins (sync batches) become
//!   each shipment's history, in scan-time order; the history for the pages.
//! - [`store`]: shipments' SQL: create, lists, one, delete, history, tariff.
//! - [`ledger`]: money between the company and each client, one immutable
//!   row per charge, payment, collection, payout, refund or correction;
//!   balances are sums; [`ledger_ops`]: the operators' balances, a client's
//!   ledger, recording transfers, payouts and corrections (on the general
//!   account or a contract).
//! - [`contracts`]: business clients' contracts, one per office, each with a
//!   manager and its own balance; a client's shipment leaves under the
//!   contract of its first office; [`contracts_ops`]: the operators make them
//!   and set managers; [`business`]: the cabinet's "Biznes" (C11);
//!   [`attorney`]: a contract's electronic power of attorney (rows, PDF).
//! - [`api`]: the shops' JSON API with a contract's key ([`api_keys`]);
//!   [`webhooks`]: status changes posted to a contract's endpoint, signed,
//!   retried, logged (an outbox and its worker); [`api_pages`]: the
//!   cabinet's page of keys, endpoint and delivery log; [`sandbox`]: test
//!   mode's shipments and money, apart from real ones; [`sandbox_pages`]:
//!   "Biznes" in test mode.
//! - [`ecommerce`]: "Elektron tijorat" (C10), an office's sales blocks and
//!   lists for clients who sell with cash on delivery.
//! - [`legal`]: the parties' legal details (INN, bank account, MFO, IKPU…)
//!   and VAT; [`legal_ops`]: their forms; [`invoice`]: a contract's invoice
//!   (hisob-faktura) for a period, as a PDF.
//! - [`counters`]: barcode serials and per-company numbers, handed out
//!   inside write transactions.
//! - [`clients`]: a company's clients (registration by SMS code, sign-in,
//!   sessions), over [`clients_store`]'s SQL.
//! - [`cabinet`]: the cabinet's layers, extractors ([`cabinet::CargoClient`],
//!   [`cabinet::CargoVisitor`]) and path-scoped cookies.
//! - [`auth_pages`]: sign-in, registration, sign-out, language; static files.
//! - [`payments`]: "To'lovlar" (C7), the client's balance and payments.
//! - [`profile`]: "Profilim" (C1), over [`photo`] (decoding under limits,
//!   re-encoding).
//! - [`appeals`]: a client's appeals (C13) and an appeal without an account,
//!   over [`appeals_store`]; [`appeals_ops`]: the operators' answers.
//!
//! # Routes
//! Cabinet pages are `/cargo/{slug}/…`; [`crate::http`] puts
//! [`cabinet_pages`] behind the client's session, [`cabinet_public_pages`]
//! behind the company lookup only, [`cabinet_uploads`] behind the session
//! with multipart bodies.

pub mod act;
pub mod api;
pub mod api_keys;
pub mod api_pages;
pub mod appeals;
pub mod appeals_ops;
pub mod appeals_store;
pub mod attorney;
pub mod auth_pages;
pub mod business;
pub mod cabinet;
pub mod click;
pub mod click_ops;
pub mod clients;
pub mod clients_store;
pub mod companies;
pub mod contracts;
pub mod contracts_ops;
pub mod counters;
pub mod documents;
pub mod draft;
pub mod ecommerce;
pub mod geo;
pub mod invoice;
pub mod ledger;
pub mod ledger_ops;
pub mod legal;
pub mod legal_ops;
pub mod mail;
pub mod offices;
pub mod orders;
pub mod pay;
pub mod pay_store;
pub mod payments;
pub mod photo;
pub mod pickups;
pub mod pricing;
pub mod profile;
pub mod sandbox;
pub mod sandbox_pages;
pub mod shipments_ops;
pub mod store;
pub mod tariff_ops;
pub mod track;
pub mod tracking;
pub mod uploads;
pub mod uploads_store;
pub mod webhooks;
pub mod xlsx;

use axum::Router;

use crate::http::AppState;

/// A signed-in client's cabinet pages (`/cargo/{slug}/…`): each takes a
/// [`cabinet::CargoClient`].
pub fn cabinet_pages() -> Router<AppState> {
    Router::new()
        .merge(orders::pages())
        .merge(mail::pages())
        .merge(profile::pages())
        .merge(payments::pages())
        .merge(pay::pages())
        .merge(act::cabinet_pages())
        .merge(business::pages())
        .merge(attorney::pages())
        .merge(api_pages::pages())
        .merge(sandbox_pages::pages())
        .merge(ecommerce::pages())
        .merge(invoice::cabinet_pages())
        .merge(appeals::pages())
        .merge(uploads::pages())
        .merge(documents::pages())
}

/// The cabinet pages anyone may open (sign-in, registration, language).
pub fn cabinet_public_pages() -> Router<AppState> {
    auth_pages::public_pages().merge(appeals::public_pages())
}

/// A signed-in client's uploads (multipart; CSRF token in `X-CSRF-Token` or
/// the form's first field, see [`uploads::csrf_header_or_field`]).
pub fn cabinet_uploads() -> Router<AppState> {
    profile::uploads().merge(uploads::uploads())
}

/// The company's operators' pages in the owner portal (`/cargo-ops/…`).
pub fn ops_pages() -> Router<AppState> {
    appeals_ops::pages()
        .merge(shipments_ops::pages())
        .merge(tariff_ops::pages())
        .merge(pickups::pages())
        .merge(ledger_ops::pages())
        .merge(contracts_ops::pages())
        .merge(legal_ops::pages())
        .merge(invoice::ops_pages())
        .merge(click_ops::pages())
        .merge(act::ops_pages())
}

/// The cabinet's stylesheet and script.
pub fn assets() -> Router<AppState> {
    auth_pages::assets().merge(orders::assets())
}
