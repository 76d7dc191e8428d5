//! The portal's look: one template per page, each extending `layout.html`,
//! and our own CSS. Pages are plain view models; this crate knows nothing of
//! SQL or HTTP, and takes the protocol's enums (order and payment status,
//! payment method, role) as they are.
//!
//! # Layout
//! The crate mirrors the cloud's domains (`chrome`, `accounts`, `portal`,
//! `branches`, `billing`): a feature's strings, view models and templates
//! sit in the same-named files.
//! - [`charts`]: the Dashboard's charts, accessible SVG drawn on the server.
//! - [`format`](mod@format): money in so'm, times in Asia/Tashkent.
//! - [`i18n`]: the three languages; `i18n/<domain>.rs` holds a domain's
//!   strings in each, `i18n/errors.rs` the typed [`i18n::ErrorCode`]s and
//!   form [`i18n::Field`]s.
//! - [`pages`]: the view model of every page, each bound to its template
//!   (`pages/cargo.rs`: the cargo cabinet's frame and pages);
//!   `pages/mod.rs` has the shared chrome, `pages/<domain>.rs` the pages.
//! - [`pdf`]: small A4 documents (receipts) with an embedded Cyrillic font.
//! - [`code128`]: Code 128 barcodes (bar widths, SVG).
//! - [`documents`]: the cargo documents: waybills, labels, the handover act
//!   (PDF), the waybill's picture (SVG).
//! - `templates/`: `layout.html`, `message.html` and the shared partials
//!   (`_csrf`, `_error`, `_pager`), then `<domain>/<page>.html`.
//! - `static/portal.css`: the stylesheet, served at `/static/portal.css`;
//!   `static/cargo.css` and `static/cargo.js`: the cargo cabinet's own.

pub mod charts;
pub mod code128;
pub mod documents;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod pdf;

/// The stylesheet.
pub const PORTAL_CSS: &str = include_str!("../static/portal.css");

/// The only script: the mobile drawer, the branch selector, confirmations.
pub const PORTAL_JS: &str = include_str!("../static/portal.js");

/// The saved card page's script (Payme's card form).
pub const CARD_JS: &str = include_str!("../static/card.js");

/// The cargo cabinet's stylesheet (on top of [`PORTAL_CSS`]).
pub const CARGO_CSS: &str = include_str!("../static/cargo.css");

/// The cargo cabinet's script: the appeal popup, the photo upload.
pub const CARGO_JS: &str = include_str!("../static/cargo.js");

/// The cabinet's shipment pages' stylesheet.
pub const CARGO_ORDERS_CSS: &str = include_str!("../static/cargo_orders.css");

/// The cabinet's shipment pages' script.
pub const CARGO_ORDERS_JS: &str = include_str!("../static/cargo_orders.js");

pub use askama::{Error as TemplateError, Template};
