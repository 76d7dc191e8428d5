//! The portal's look: one template per page, each extending `layout.html`,
//! and our own CSS. Pages are plain view models; this crate knows nothing of
//! SQL or HTTP. The full portal (every page of the owner's manual, three
//! languages, charts) is built on this in the owner-portal issue; the account,
//! branch and summary pages here are the cloud foundation's.
//!
//! # Layout
//! - [`charts`]: the Dashboard's charts, accessible SVG drawn on the server.
//! - [`format`]: money in so'm, times in Asia/Tashkent.
//! - [`i18n`]: the three languages and their catalogs.
//! - [`pages`]: the view model of every page, each bound to its template.
//! - `templates/`: `layout.html` and one file per page.
//! - `static/portal.css`: the stylesheet, served at `/static/portal.css`.

pub mod charts;
pub mod format;
pub mod i18n;
pub mod pages;

/// The stylesheet.
pub const PORTAL_CSS: &str = include_str!("../static/portal.css");

/// The only script: the mobile drawer, the branch selector, confirmations.
pub const PORTAL_JS: &str = include_str!("../static/portal.js");

pub use askama::{Error as TemplateError, Template};
