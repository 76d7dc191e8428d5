//! click (being built).

use axum::Router;

use crate::http::AppState;

/// Calls from click (provider callbacks group).
pub fn callbacks() -> Router<AppState> {
    Router::new()
}
