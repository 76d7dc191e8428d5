//! # Layout
//! Branches (P9) and what runs in them:
//! - [`pages`]: the branch cards, creation within the tariff's limit, hub
//!   enrolment codes, pairing terminals (E6: QR code, typed code, POS
//!   login), live terminal status, disconnecting a terminal.
//! - [`hubs`]: enrolment codes and hub credentials.
//! - [`store`]: branches, hubs, terminals, the config pushed down to hubs;
//!   [`store::pairing`]: waiting devices, approvals, POS logins.

pub mod hubs;
pub mod pages;
pub mod store;

pub use pages::pages;
