//! A local Multicard (PROVIDERS.md, B4): `POST /auth`,
//! `POST /payment/invoice`, `DELETE /payment/{uuid}`, a checkout page at
//! each invoice's `checkout_url` where a payer pays, after which it posts
//! the signed success callback to the invoice's `callback_url` (and a
//! status webhook to `…/webhook` beside it when a payment is reverted).
//!
//! Multicard issues credentials in its cabinet; the simulator learns them
//! from whoever runs it, through sim-only calls under `/sim/`:
//! - `POST /sim/applications {application_id, secret, store_id}`: these
//!   credentials are valid from now on (the demo and tests register the
//!   ones they type into the portal);
//! - `POST /sim/token-ttl {seconds}`: how long the tokens issued next live
//!   (default 24 h; short values make renewal testable);
//! - `POST /sim/invoices/{uuid}/callback`: posts the success callback of a
//!   paid invoice again (Multicard repeats callbacks), answering with the
//!   cloud's status and body;
//! - `GET /sim/stats`: how many tokens were issued and each invoice's state.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{delete, get, post};
use parking_lot::Mutex;
use serde::Deserialize;
use serde_json::{Value, json};
use subtle::ConstantTimeEq as _;
use tokio::net::TcpListener;

use crate::billing::multicard::api::{format_expiry, value_text};
use crate::billing::multicard::sign;
use crate::db::now_ms;
use crate::settings::Settings;

/// A registered application.
#[derive(Clone)]
struct App {
    secret: String,
    store_id: String,
}

/// An invoice as the simulator keeps it.
#[derive(Debug, Clone)]
struct Invoice {
    uuid: String,
    application_id: String,
    store_id: String,
    amount: i64,
    invoice_id: String,
    callback_url: String,
    status: &'static str,
    billing_id: String,
    payment_time: String,
}

#[derive(Default)]
struct Inner {
    apps: HashMap<String, App>,
    /// token → (application id, expiry UTC ms).
    tokens: HashMap<String, (String, i64)>,
    token_ttl_ms: i64,
    invoices: HashMap<String, Invoice>,
    auth_calls: u64,
    tokens_issued: u64,
    base: String,
}

/// The simulator: cheap to clone, all clones share one state.
#[derive(Clone)]
pub struct MulticardSim {
    inner: Arc<Mutex<Inner>>,
    http: reqwest::Client,
}

impl std::fmt::Debug for MulticardSim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MulticardSim(..)")
    }
}

impl Default for MulticardSim {
    fn default() -> Self {
        Self::new()
    }
}

impl MulticardSim {
    /// A simulator with no application registered; tokens live 24 h.
    #[must_use]
    pub fn new() -> Self {
        crate::install_crypto_provider();
        let inner = Inner { token_ttl_ms: 86_400_000, ..Inner::default() };
        let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().unwrap_or_default();
        Self { inner: Arc::new(Mutex::new(inner)), http }
    }

    /// Registers valid credentials (as Multicard's cabinet would).
    pub fn register(&self, application_id: &str, secret: &str, store_id: &str) {
        self.inner
            .lock()
            .apps
            .insert(application_id.to_owned(), App { secret: secret.to_owned(), store_id: store_id.to_owned() });
    }

    /// Tokens issued from now on live this long.
    pub fn set_token_ttl_ms(&self, ms: i64) {
        self.inner.lock().token_ttl_ms = ms.max(1000);
    }

    /// Tokens issued so far.
    #[must_use]
    pub fn tokens_issued(&self) -> u64 {
        self.inner.lock().tokens_issued
    }

    /// The routes, with `base` as the address payers reach it at.
    pub fn router(&self, base: &str) -> Router {
        self.inner.lock().base = base.trim_end_matches('/').to_owned();
        Router::new()
            .route("/auth", post(auth))
            .route("/payment/invoice", post(create_invoice))
            .route("/payment/{uuid}", delete(refund))
            .route("/checkout/{uuid}", get(checkout_page))
            .route("/checkout/{uuid}/pay", post(pay))
            .route("/sim/applications", post(register))
            .route("/sim/token-ttl", post(token_ttl))
            .route("/sim/invoices/{uuid}/callback", post(repeat_callback))
            .route("/sim/stats", get(stats))
            .with_state(self.clone())
    }

    /// Serves on `listener` until `shutdown`.
    ///
    /// # Errors
    /// I/O.
    pub async fn serve(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let base = format!("http://{}", listener.local_addr()?);
        axum::serve(listener, self.router(&base)).with_graceful_shutdown(shutdown).await
    }
}

/// Serves the simulator on `listener` until `shutdown` completes (`cloud
/// provider-sim multicard`); register credentials with
/// `POST /sim/applications`.
///
/// # Errors
/// I/O.
pub async fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let _ = settings;
    MulticardSim::new().serve(listener, shutdown).await
}

fn fail(status: StatusCode, code: &str, details: &str) -> Response {
    (status, Json(json!({ "success": false, "error": { "code": code, "details": details } }))).into_response()
}

fn ok(data: Value) -> Response {
    Json(json!({ "success": true, "data": data })).into_response()
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0_u8; bytes];
    let _ = getrandom::fill(&mut b);
    hex::encode(b)
}

/// The application a bearer token belongs to, if it is valid now.
fn bearer(sim: &MulticardSim, headers: &HeaderMap) -> Option<String> {
    let token = headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ")?;
    let inner = sim.inner.lock();
    let (app, expires) = inner.tokens.get(token)?;
    (*expires > now_ms()).then(|| app.clone())
}

async fn auth(State(sim): State<MulticardSim>, body: axum::body::Bytes) -> Response {
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return fail(StatusCode::BAD_REQUEST, "ERROR_FIELDS", "application_id and secret are required");
    };
    let app_id = v.get("application_id").map(value_text).unwrap_or_default();
    let secret = v.get("secret").map(value_text).unwrap_or_default();
    let mut inner = sim.inner.lock();
    inner.auth_calls += 1;
    let valid = inner.apps.get(&app_id).is_some_and(|a| bool::from(a.secret.as_bytes().ct_eq(secret.as_bytes())));
    if !valid {
        return fail(StatusCode::UNAUTHORIZED, "ERROR_AUTH", "invalid application_id or secret");
    }
    let token = format!("sim.{}", random_hex(24));
    let expires = now_ms().saturating_add(inner.token_ttl_ms);
    // Expiry has one-second resolution: round down, as Multicard's text does.
    let expires = expires - expires.rem_euclid(1000);
    inner.tokens.insert(token.clone(), (app_id, expires));
    inner.tokens_issued += 1;
    Json(json!({ "token": token, "role": "application", "expiry": format_expiry(expires) })).into_response()
}

#[derive(Deserialize)]
struct InvoiceBody {
    store_id: Value,
    amount: i64,
    invoice_id: Value,
    callback_url: String,
    #[serde(default)]
    ofd: Vec<Value>,
}

async fn create_invoice(State(sim): State<MulticardSim>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let Some(app_id) = bearer(&sim, &headers) else {
        return fail(StatusCode::UNAUTHORIZED, "ERROR_AUTH", "token missing, invalid or expired");
    };
    let Ok(b) = serde_json::from_slice::<InvoiceBody>(&body) else {
        return fail(
            StatusCode::BAD_REQUEST,
            "ERROR_FIELDS",
            "store_id, amount, invoice_id, callback_url are required",
        );
    };
    let store_id = value_text(&b.store_id);
    let invoice_id = value_text(&b.invoice_id);
    if b.amount <= 0 || invoice_id.is_empty() || b.ofd.is_empty() || !b.callback_url.starts_with("http") {
        return fail(StatusCode::BAD_REQUEST, "ERROR_FIELDS", "amount, invoice_id, callback_url and ofd are required");
    }
    let mut inner = sim.inner.lock();
    if inner.apps.get(&app_id).is_none_or(|a| a.store_id != store_id) {
        return fail(StatusCode::BAD_REQUEST, "ERROR_STORE", "store does not belong to the application");
    }
    let uuid = uuid::Uuid::new_v4().to_string();
    let checkout_url = format!("{}/checkout/{uuid}", inner.base);
    inner.invoices.insert(
        uuid.clone(),
        Invoice {
            uuid: uuid.clone(),
            application_id: app_id,
            store_id: store_id.clone(),
            amount: b.amount,
            invoice_id: invoice_id.clone(),
            callback_url: b.callback_url,
            status: "draft",
            billing_id: String::new(),
            payment_time: String::new(),
        },
    );
    ok(json!({
        "uuid": uuid, "invoice_id": invoice_id, "store_id": store_id, "amount": b.amount,
        "checkout_url": checkout_url, "short_link": checkout_url, "deeplink": checkout_url,
    }))
}

async fn refund(State(sim): State<MulticardSim>, headers: HeaderMap, Path(uuid): Path<String>) -> Response {
    let Some(app_id) = bearer(&sim, &headers) else {
        return fail(StatusCode::UNAUTHORIZED, "ERROR_AUTH", "token missing, invalid or expired");
    };
    let webhook = {
        let mut inner = sim.inner.lock();
        let secret = inner.apps.get(&app_id).map(|a| a.secret.clone()).unwrap_or_default();
        let Some(inv) = inner.invoices.get_mut(&uuid).filter(|i| i.application_id == app_id) else {
            return fail(StatusCode::NOT_FOUND, "ERROR_NOT_FOUND", "no such payment");
        };
        if inv.status != "success" {
            return fail(StatusCode::BAD_REQUEST, "ERROR_STATUS", "only a paid payment can be refunded");
        }
        inv.status = "revert";
        let amount = inv.amount.to_string();
        let url = inv.callback_url.rsplit_once('/').map(|(b, _)| format!("{b}/webhook")).unwrap_or_default();
        (
            url,
            json!({
                "uuid": inv.uuid, "invoice_id": inv.invoice_id, "amount": inv.amount, "status": "revert",
                "sign": sign::webhook_sign(&inv.uuid, &inv.invoice_id, &amount, &secret),
            }),
        )
    };
    let _ = sim.http.post(&webhook.0).json(&webhook.1).send().await;
    ok(json!({ "uuid": uuid, "status": "revert" }))
}

async fn checkout_page(State(sim): State<MulticardSim>, Path(uuid): Path<String>) -> Response {
    let inner = sim.inner.lock();
    let Some(inv) = inner.invoices.get(&uuid) else {
        return (StatusCode::NOT_FOUND, "no such invoice").into_response();
    };
    let som = inv.amount / 100;
    let tiyin = inv.amount % 100;
    Html(format!(
        "<!doctype html><meta charset=utf-8><title>Multicard (simulator)</title>\
         <h1>Multicard checkout (simulator)</h1><p>Amount: {som}.{tiyin:02} so'm</p><p>Status: {}</p>\
         <form method=post action=\"/checkout/{uuid}/pay\"><button>Pay</button></form>",
        inv.status
    ))
    .into_response()
}

/// The success callback of a paid invoice: where to and what.
fn success_callback(inner: &Inner, inv: &Invoice) -> (String, Value) {
    let secret = inner.apps.get(&inv.application_id).map(|a| a.secret.clone()).unwrap_or_default();
    let amount = inv.amount.to_string();
    let body = json!({
        "store_id": inv.store_id.parse::<i64>().map_or_else(|_| json!(inv.store_id), |n| json!(n)),
        "amount": inv.amount,
        "invoice_id": inv.invoice_id,
        "billing_id": inv.billing_id,
        "payment_time": inv.payment_time,
        "phone": "998901234567",
        "card_pan": "860006******0006",
        "ps": "uzcard",
        "card_token": "",
        "uuid": inv.uuid,
        "receipt_url": format!("{}/receipt/{}", inner.base, inv.uuid),
        "sign": sign::success_sign(&inv.store_id, &inv.invoice_id, &amount, &secret),
    });
    (inv.callback_url.clone(), body)
}

/// Posts a callback; the cloud's status and body.
async fn post_callback(sim: &MulticardSim, (url, body): (String, Value)) -> (u16, String) {
    match sim.http.post(&url).json(&body).send().await {
        Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
        Err(e) => (0, e.to_string()),
    }
}

async fn pay(State(sim): State<MulticardSim>, Path(uuid): Path<String>) -> Response {
    let call = {
        let mut inner = sim.inner.lock();
        let Some(inv) = inner.invoices.get_mut(&uuid) else {
            return (StatusCode::NOT_FOUND, "no such invoice").into_response();
        };
        if inv.status != "draft" {
            return (StatusCode::CONFLICT, format!("invoice is {}", inv.status)).into_response();
        }
        inv.status = "progress";
        inv.billing_id = random_hex(8);
        inv.payment_time = format_expiry(now_ms());
        let inv = inv.clone();
        success_callback(&inner, &inv)
    };
    let (status, body) = post_callback(&sim, call).await;
    let accepted =
        status == 200 && serde_json::from_str::<Value>(&body).ok().and_then(|v| v["success"].as_bool()) == Some(true);
    let mut inner = sim.inner.lock();
    if let Some(inv) = inner.invoices.get_mut(&uuid) {
        // Multicard reverts a payment the merchant did not accept.
        inv.status = if accepted { "success" } else { "revert" };
    }
    let text = if accepted { "Paid" } else { "Payment reverted: the merchant did not accept it" };
    (if accepted { StatusCode::OK } else { StatusCode::BAD_GATEWAY }, Html(format!("<!doctype html><p>{text}</p>")))
        .into_response()
}

#[derive(Deserialize)]
struct Register {
    application_id: String,
    secret: String,
    store_id: Value,
}

async fn register(State(sim): State<MulticardSim>, Json(r): Json<Register>) -> Response {
    sim.register(&r.application_id, &r.secret, &value_text(&r.store_id));
    Json(json!({ "registered": r.application_id })).into_response()
}

#[derive(Deserialize)]
struct Ttl {
    seconds: i64,
}

async fn token_ttl(State(sim): State<MulticardSim>, Json(t): Json<Ttl>) -> Response {
    sim.set_token_ttl_ms(t.seconds.saturating_mul(1000));
    Json(json!({ "token_ttl_seconds": t.seconds })).into_response()
}

async fn repeat_callback(State(sim): State<MulticardSim>, Path(uuid): Path<String>) -> Response {
    let call = {
        let inner = sim.inner.lock();
        match inner.invoices.get(&uuid) {
            Some(inv) if inv.status == "success" => success_callback(&inner, inv),
            _ => return (StatusCode::NOT_FOUND, "no paid invoice with this uuid").into_response(),
        }
    };
    let (status, body) = post_callback(&sim, call).await;
    Json(json!({ "status": status, "body": body })).into_response()
}

async fn stats(State(sim): State<MulticardSim>) -> Response {
    let inner = sim.inner.lock();
    let invoices: Vec<Value> = inner
        .invoices
        .values()
        .map(|i| json!({ "uuid": i.uuid, "invoice_id": i.invoice_id, "amount": i.amount, "status": i.status }))
        .collect();
    Json(json!({ "auth_calls": inner.auth_calls, "tokens_issued": inner.tokens_issued, "invoices": invoices }))
        .into_response()
}
