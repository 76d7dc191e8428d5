//! # Layout
//! The hub API (`/api/v1`), what hubs call:
//! - [`api`]: enrolment (a one-time code for a credential), sync (a batch of
//!   events applied exactly once), watch (long-poll for config and pairing).
//! - [`store`]: applying a sync batch: raw rows and rollups in one transaction.
//!
//! The wire formats are in [`protocol::sync`].

pub mod api;
pub mod store;

pub use api::{MAX_BATCH_EVENTS, api, enrolment};
