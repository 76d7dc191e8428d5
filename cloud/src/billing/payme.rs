//! payme (being built).

use axum::Router;

use crate::http::AppState;

/// Calls from payme (provider callbacks group).
pub fn callbacks() -> Router<AppState> {
    Router::new()
}
