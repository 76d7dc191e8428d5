//! Saved cards (being built).

use axum::Router;

use crate::http::AppState;

/// The card pages (owner pages group).
pub fn pages() -> Router<AppState> {
    Router::new()
}
