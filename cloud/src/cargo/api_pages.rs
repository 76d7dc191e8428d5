//! The cabinet's "API and webhooks" page of a contract (C11, beyond the
//! seed): make and revoke API keys, live or test mode's (a new key is
//! shown once), set the
//! webhook address (its signing secret is made with the first save and kept
//! sealed), read the delivery log and send a failed delivery again. Another
//! client's contract, key or delivery is a 404.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use protocol::ShipmentStatus;
use tracing::info;
use web::i18n::fill;
use web::pages::Choice;
use web::pages::cargo_business::{ApiPage, DeliveryLine, KeyLine};

use super::api_keys;
use super::business::chosen;
use super::cabinet::CargoClient;
use super::contracts::Contract;
use super::ledger::Mode;
use super::webhooks::{self, Delivery, UrlProblem, WebhookUrl};
use crate::db::DbError;
use crate::http::{AppError, AppState, page};

/// Deliveries the log shows.
const LOG_ROWS: i64 = 50;

/// The page and its forms (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/business/api", get(show))
        .route("/cargo/{slug}/business/api/keys", post(create_key))
        .route("/cargo/{slug}/business/api/keys/{id}/revoke", post(revoke_key))
        .route("/cargo/{slug}/business/api/webhook", post(save_webhook))
        .route("/cargo/{slug}/business/api/deliveries/{id}/resend", post(resend))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ApiQuery {
    contract: String,
    done: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ApiForm {
    contract: String,
    url: String,
    /// `test` for a test mode key.
    mode: String,
}

/// What the page shows besides the saved state.
#[derive(Default)]
struct Extra {
    new_key: Option<String>,
    notice: Option<String>,
    error: Option<(&'static str, String)>,
    typed_url: Option<String>,
}

fn delivery_line(t: &web::i18n::Text, d: &Delivery) -> DeliveryLine {
    let a = &t.cargo.api;
    let state_label = match d.state.as_str() {
        "delivered" => a.log_states[1].to_owned(),
        "failed" => a.log_states[2].to_owned(),
        _ => format!("{} · {}", a.log_states[0], fill(a.next_attempt, &[("time", &web::format::tashkent(d.next_at))])),
    };
    let answer = match (d.last_code, d.last_error.is_empty()) {
        (Some(code), true) => format!("HTTP {code}"),
        (_, false) => d.last_error.clone(),
        (None, true) => String::new(),
    };
    DeliveryLine {
        id: d.id.clone(),
        at: web::format::tashkent(d.created_at),
        barcode: d.barcode.clone(),
        status: ShipmentStatus::from_code(&d.status).map_or_else(|| d.status.clone(), |s| t.cargo.status(s).to_owned()),
        state: d.state.clone(),
        state_label,
        attempts: d.attempts,
        answer,
    }
}

async fn render(
    state: &AppState,
    c: &CargoClient,
    all: &[Contract],
    k: &Contract,
    extra: Extra,
) -> Result<ApiPage, AppError> {
    let t = c.t();
    let keys = state.db.api_keys(&k.id).await?;
    let endpoint = state.db.webhook_endpoint(&k.id).await?;
    let secret = match &endpoint {
        Some(e) => Some(state.vault.open(&e.sealed_secret, &k.id).map_err(|e| AppError::Internal(e.to_string()))?),
        None => None,
    };
    let log = state.db.webhook_log(&k.id, LOG_ROWS).await?;
    let public = state.settings.billing.public_url.trim_end_matches('/').to_owned();
    let origin = if public.is_empty() { format!("http://{}", state.settings.listen) } else { public };
    Ok(ApiPage {
        c: c.chrome().with_crumb(None, t.cargo.api.title),
        contracts: all
            .iter()
            .map(|o| Choice { code: o.id.to_string(), label: o.label(t), selected: o.id == k.id })
            .collect(),
        contract: k.id.to_string(),
        keys: keys
            .iter()
            .map(|r| KeyLine {
                id: r.id.clone(),
                prefix: r.prefix.clone(),
                created: web::format::tashkent(r.created_at),
                used: r.last_used_at.map_or_else(|| t.cargo.api.never.to_owned(), web::format::tashkent),
                revoked: r.revoked_at.is_some(),
                test: r.mode == Mode::Test,
            })
            .collect(),
        new_key: extra.new_key,
        url: extra.typed_url.or_else(|| endpoint.map(|e| e.url)).unwrap_or_default(),
        secret,
        log: log.iter().map(|d| delivery_line(t, d)).collect(),
        notice: extra.notice,
        error: extra.error,
        api_base: format!("{origin}/api/cargo/v1"),
        back: format!("{}/business?contract={}", c.base(), k.id),
    })
}

async fn show(State(state): State<AppState>, c: CargoClient, Query(q): Query<ApiQuery>) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &q.contract).await?;
    let a = &c.t().cargo.api;
    let notice = match q.done.as_str() {
        "revoked" => Some(a.revoked),
        "saved" => Some(a.url_saved),
        "resent" => Some(a.resent),
        _ => None,
    };
    let extra = Extra { notice: notice.map(str::to_owned), ..Extra::default() };
    page(&render(&state, &c, &all, &k, extra).await?)
}

fn back_to(c: &CargoClient, k: &Contract, done: &str) -> Response {
    Redirect::to(&format!("{}/business/api?contract={}&done={done}", c.base(), k.id)).into_response()
}

async fn refused(
    state: &AppState,
    c: &CargoClient,
    all: &[Contract],
    k: &Contract,
    extra: Extra,
) -> Result<Response, AppError> {
    let mut r = page(&render(state, c, all, k, extra).await?)?;
    *r.status_mut() = StatusCode::BAD_REQUEST;
    Ok(r)
}

async fn create_key(
    State(state): State<AppState>,
    c: CargoClient,
    Form(f): Form<ApiForm>,
) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &f.contract).await?;
    let mut tx = state.db.begin_write().await?;
    let mode = if f.mode == "test" { Mode::Test } else { Mode::Live };
    let made = api_keys::create(&mut tx, (&c.client.business_id, &c.client.id, &k.id), mode).await?;
    tx.commit().await.map_err(DbError::from)?;
    let Some(key) = made else {
        let error = Some(("keys", c.t().cargo.api.too_many_keys.to_owned()));
        return refused(&state, &c, &all, &k, Extra { error, ..Extra::default() }).await;
    };
    info!(cargo.client = %c.client.id, cargo.contract = %k.id, key = &key[..12], "API key made");
    // Shown once, on this answer (not cached).
    let mut r = page(&render(&state, &c, &all, &k, Extra { new_key: Some(key), ..Extra::default() }).await?)?;
    r.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(r)
}

async fn revoke_key(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_, id)): Path<(String, String)>,
    Form(f): Form<ApiForm>,
) -> Result<Response, AppError> {
    let (_, k) = chosen(&state, &c, &f.contract).await?;
    if !state.db.revoke_api_key(&k.id, id.trim()).await? {
        return Err(AppError::NotFound);
    }
    info!(cargo.client = %c.client.id, cargo.contract = %k.id, key.id = %id, "API key revoked");
    Ok(back_to(&c, &k, "revoked"))
}

async fn save_webhook(
    State(state): State<AppState>,
    c: CargoClient,
    Form(f): Form<ApiForm>,
) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &f.contract).await?;
    let a = &c.t().cargo.api;
    let url = match WebhookUrl::parse(&f.url, state.settings.webhooks.allow_private) {
        Ok(u) => u,
        Err(p) => {
            let i = match p {
                UrlProblem::Invalid => 0,
                UrlProblem::Scheme => 1,
                UrlProblem::Private => 2,
            };
            let typed = Some(f.url.chars().take(webhooks::URL_MAX + 8).collect());
            let extra =
                Extra { error: Some(("url", a.url_errors[i].to_owned())), typed_url: typed, ..Extra::default() };
            return refused(&state, &c, &all, &k, extra).await;
        }
    };
    // The secret is made with the first save and kept after.
    let sealed = match state.db.webhook_endpoint(&k.id).await? {
        Some(e) => e.sealed_secret,
        None => {
            let secret = webhooks::new_secret().map_err(|e| AppError::Internal(e.to_string()))?;
            state.vault.seal(&secret, &k.id).map_err(|e| AppError::Internal(e.to_string()))?
        }
    };
    let mut tx = state.db.begin_write().await?;
    webhooks::save_endpoint(&mut tx, (&c.client.business_id, &c.client.id, &k.id), &url, &sealed).await?;
    tx.commit().await.map_err(DbError::from)?;
    info!(cargo.client = %c.client.id, cargo.contract = %k.id, "webhook address saved");
    Ok(back_to(&c, &k, "saved"))
}

async fn resend(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_, id)): Path<(String, String)>,
    Form(f): Form<ApiForm>,
) -> Result<Response, AppError> {
    let (_, k) = chosen(&state, &c, &f.contract).await?;
    if !state.db.resend_webhook(&k.id, id.trim()).await? {
        return Err(AppError::NotFound);
    }
    Ok(back_to(&c, &k, "resent"))
}
