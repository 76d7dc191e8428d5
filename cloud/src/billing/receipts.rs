//! Receipts (being built).

use axum::Router;

use crate::http::AppState;

/// The receipt pages (owner pages group).
pub fn pages() -> Router<AppState> {
    Router::new()
}
