//! `/healthz`, `/metrics`, the stylesheet.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::http::{AppState, Client};

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/static/portal.css", get(css))
        .route("/static/portal.js", get(js))
        .route("/static/card.js", get(card_js))
}

async fn healthz(State(state): State<AppState>) -> Response {
    if state.db.ping().await {
        (StatusCode::OK, format!("ok {}\n", state.db.backend.name())).into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
    }
}

/// Prometheus text, for the monitoring system only: with `metrics_token`
/// set, to a request bearing it; without, only in development mode and to
/// loopback addresses (behind a proxy on the same machine every visitor
/// would look local, so production needs the token). Anyone else gets 401
/// or 403.
async fn metrics(State(state): State<AppState>, client: Client, headers: HeaderMap) -> Response {
    use subtle::ConstantTimeEq as _;
    let token = state.settings.metrics_token.expose();
    if token.is_empty() {
        let local = client.addr.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_loopback());
        if !(state.settings.development && local) {
            return (StatusCode::FORBIDDEN, "set metrics_token: /metrics answers a bearer of it\n").into_response();
        }
    } else {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
            return (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                "metrics need the bearer token\n",
            )
                .into_response();
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.encode()).into_response()
}

async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, "public, max-age=3600")], web::PORTAL_JS)
        .into_response()
}

async fn card_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, "public, max-age=3600")], web::CARD_JS)
        .into_response()
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css"), (header::CACHE_CONTROL, "public, max-age=3600")], web::PORTAL_CSS)
        .into_response()
}
