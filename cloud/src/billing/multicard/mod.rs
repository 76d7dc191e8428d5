//! Multicard (B4, P11): each branch's credentials yield a token (its status
//! shown on the payment settings page), and a branch's terminals take
//! mobile payments through their hub.
//!
//! # Layout
//! - [`api`]: Multicard's HTTP API (`/auth`, `/payment/invoice`, refunds).
//! - [`token`]: a branch's token, cached sealed and renewed when it expires;
//!   the token status.
//! - [`sign`]: the callbacks' md5 and sha1 signatures.
//! - [`callback`]: the success callback and the status webhook.
//! - [`till`]: the hub API a hub calls for its terminals: make an invoice,
//!   wait for its outcome.

pub mod api;
pub mod callback;
pub mod sign;
pub mod till;
pub mod token;

use std::sync::OnceLock;

use axum::Router;
use axum::routing::post;

use crate::http::AppState;

/// Calls from Multicard (provider callbacks group).
pub fn callbacks() -> Router<AppState> {
    Router::new()
        .route("/api/v1/billing/multicard/callback", post(callback::success))
        .route("/api/v1/billing/multicard/webhook", post(callback::webhook))
}

/// Calls from hubs (the hub API group checks their credential first).
pub fn hub_api() -> Router<AppState> {
    Router::new()
        .route("/api/v1/multicard/payments", post(till::create))
        .route("/api/v1/multicard/payments/wait", post(till::wait))
}

/// Bumped when a mobile payment changes in this process, to wake the hubs
/// waiting on it at once (other processes' changes are found by polling).
fn changes() -> &'static tokio::sync::watch::Sender<u64> {
    static CHANGES: OnceLock<tokio::sync::watch::Sender<u64>> = OnceLock::new();
    CHANGES.get_or_init(|| tokio::sync::watch::channel(0).0)
}

/// Wakes the waiting hubs: some mobile payment changed.
pub fn changed() {
    changes().send_modify(|n| *n = n.wrapping_add(1));
}
