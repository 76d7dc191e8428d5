//! The Payme simulator: Payme's side of the merchant API (PROVIDERS.md).
//!
//! - `GET /{base64}`: the checkout page for a link made by
//!   [`crate::billing::checkout::PaymeCheckout`] (`m=…;ac.{field}=…;a=…;c=…`):
//!   merchant, amount in so'm, a "To'lash" button and a way back. A link for
//!   another merchant id gets a page saying so, as Payme refuses it.
//! - `POST /{base64}`: the payer pays. The simulator calls the cloud's
//!   endpoint (`{public_url}/api/v1/billing/payme`, `Basic Paycom:{key}`) in
//!   Payme's order: CheckPerformTransaction → CreateTransaction (a fresh
//!   24-hex id, `time` = now) → PerformTransaction, then sends the browser
//!   to the link's return address (`303`), or shows the error it got.
//!
//! [`PaymeCaller`] is the same client on its own, for tests that play Payme's
//! calls by hand.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::billing::invoices::som;
use crate::billing::payme::{PATH, authorization};
use crate::settings::Settings;

/// Why a call to the merchant endpoint failed below the protocol.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The endpoint could not be reached.
    #[error("the merchant endpoint did not answer: {0}")]
    Http(#[from] reqwest::Error),
    /// It answered with another HTTP status than 200 (Payme's rule).
    #[error("the merchant endpoint answered HTTP {0}")]
    Status(u16),
    /// It answered with something that is not JSON.
    #[error("the merchant endpoint's answer is not JSON")]
    NotJson,
}

/// Calls a merchant endpoint as Payme does: JSON-RPC over POST with
/// `Authorization: Basic base64("Paycom:" + key)`.
#[derive(Clone)]
pub struct PaymeCaller {
    /// The HTTP client (no redirects, a timeout like Payme's).
    client: reqwest::Client,
    /// The merchant endpoint.
    url: String,
    /// The merchant key (never printed).
    key: String,
}

impl std::fmt::Debug for PaymeCaller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaymeCaller").field("url", &self.url).finish_non_exhaustive()
    }
}

impl PaymeCaller {
    /// A caller of `url` with `key`.
    #[must_use]
    pub fn new(url: impl Into<String>, key: impl Into<String>) -> Self {
        crate::install_crypto_provider();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        Self { client, url: url.into(), key: key.into() }
    }

    /// The caller of the cloud these settings describe.
    #[must_use]
    pub fn for_settings(settings: &Settings) -> Self {
        Self::new(format!("{}{PATH}", settings.public_url()), settings.billing.payme.key.expose())
    }

    /// The same endpoint with another key.
    #[must_use]
    pub fn with_key(&self, key: &str) -> Self {
        Self { client: self.client.clone(), url: self.url.clone(), key: key.to_owned() }
    }

    /// Calls `method` with `params` (the request `id` is a number, as
    /// Payme's); returns the whole JSON-RPC answer.
    ///
    /// # Errors
    /// [`CallError`].
    pub async fn call(&self, method: &str, params: Value) -> Result<Value, CallError> {
        let id = uuid::Uuid::new_v4().as_u64_pair().0 >> 12;
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send(body.to_string().as_bytes(), "application/json", Some(&authorization(&self.key))).await
    }

    /// Sends raw bytes with a content type and an `Authorization` header (or
    /// none); returns the JSON answer.
    ///
    /// # Errors
    /// [`CallError`].
    pub async fn send(&self, body: &[u8], content_type: &str, auth: Option<&str>) -> Result<Value, CallError> {
        let mut req = self.client.post(&self.url).header("content-type", content_type).body(body.to_vec());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().await?;
        if resp.status() != reqwest::StatusCode::OK {
            return Err(CallError::Status(resp.status().as_u16()));
        }
        let bytes = resp.bytes().await?;
        serde_json::from_slice(&bytes).map_err(|_| CallError::NotJson)
    }
}

/// The error code of a JSON-RPC answer, if it is an error.
#[must_use]
pub fn error_code(answer: &Value) -> Option<i64> {
    answer.get("error").and_then(|e| e.get("code")).and_then(Value::as_i64)
}

/// A fresh transaction id shaped like Payme's (24 hex digits).
#[must_use]
pub fn new_transaction_id() -> String {
    uuid::Uuid::new_v4().simple().to_string().chars().take(24).collect()
}

/// What a checkout link carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutLink {
    /// `m`: the merchant id.
    pub merchant: String,
    /// The account field (`ac.{field}`).
    pub field: String,
    /// Its value (our invoice id).
    pub account: String,
    /// `a`: tiyin.
    pub amount: i64,
    /// `c`: where the payer goes back to.
    pub return_url: Option<String>,
}

impl CheckoutLink {
    /// Decodes the base64 part of a checkout link; `None` when it is not one.
    #[must_use]
    pub fn parse(encoded: &str) -> Option<CheckoutLink> {
        let text = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
        let (mut merchant, mut account, mut amount, mut return_url) = (None, None, None, None);
        for part in text.split(';') {
            let (k, v) = part.split_once('=')?;
            match k {
                "m" => merchant = Some(v.to_owned()),
                "a" => amount = v.parse::<i64>().ok().filter(|a| *a > 0),
                "c" => return_url = Some(v.to_owned()),
                _ => {
                    if let Some(field) = k.strip_prefix("ac.") {
                        account = Some((field.to_owned(), v.to_owned()));
                    }
                }
            }
        }
        let (field, account) = account?;
        Some(CheckoutLink { merchant: merchant?, field, account, amount: amount?, return_url })
    }
}

/// The simulator's state.
#[derive(Debug, Clone)]
struct Sim {
    /// The merchant it serves (the cloud's settings: the same id and key).
    settings: Arc<Settings>,
    /// Its client of the cloud.
    caller: PaymeCaller,
}

/// The simulator's routes.
pub fn router(settings: Arc<Settings>) -> Router {
    let caller = PaymeCaller::for_settings(&settings);
    Router::new().route("/", get(index)).route("/{*link}", get(checkout).post(pay)).with_state(Sim { settings, caller })
}

/// Serves the simulator on `listener` until `shutdown` completes: the
/// checkout, and Payme's Subscribe API at `/api` (saved cards).
///
/// # Errors
/// I/O.
pub async fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, cloud = %settings.public_url(), "the Payme simulator is serving");
    }
    // Payme's one host serves the checkout and the Subscribe API (`/api`).
    let p = &settings.billing.payme;
    let subscribe = super::payme_subscribe::SubscribeSim::new(
        &p.merchant_id,
        p.subscribe_key.expose(),
        vec![settings.public_url()],
    );
    let app = subscribe.router().merge(router(Arc::clone(&settings)));
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// Starts the simulator on `127.0.0.1` and a free port (tests, the demo);
/// aborting the handle stops it.
///
/// # Errors
/// I/O when no port can be bound.
pub async fn start(settings: Arc<Settings>) -> std::io::Result<(SocketAddr, JoinHandle<std::io::Result<()>>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let handle = tokio::spawn(serve(listener, settings, std::future::pending()));
    Ok((addr, handle))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"uz\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} — Payme (simulator)</title>\
         <style>body{{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}}\
         h1{{color:#00a9b5}}.amount{{font-size:1.6rem;font-weight:bold}}\
         button{{background:#00a9b5;color:#fff;border:0;padding:.8rem 2rem;font-size:1.1rem;border-radius:.4rem}}\
         .error{{color:#b00020}}</style></head>\
         <body><h1>Payme</h1><p><small>Simulator</small></p><h2>{t}</h2>{body}</body></html>\n",
        t = escape(title)
    );
    (status, Html(html)).into_response()
}

async fn index() -> Response {
    page(StatusCode::OK, "Payme checkout", "<p>Open a checkout link made by the cloud.</p>")
}

fn link_of(sim: &Sim, link: &str) -> Result<CheckoutLink, Box<Response>> {
    let Some(l) = CheckoutLink::parse(link) else {
        return Err(Box::new(page(
            StatusCode::BAD_REQUEST,
            "Noto'g'ri havola",
            "<p class=\"error\" data-error=\"link\">This is not a Payme checkout link.</p>",
        )));
    };
    if l.merchant != sim.settings.billing.payme.merchant_id.trim() || l.merchant.is_empty() {
        return Err(Box::new(page(
            StatusCode::BAD_REQUEST,
            "Kassa topilmadi",
            "<p class=\"error\" data-error=\"merchant\">Unknown merchant (cash desk): Payme does not know this \
             merchant id.</p>",
        )));
    }
    Ok(l)
}

async fn checkout(State(sim): State<Sim>, Path(link): Path<String>) -> Response {
    let l = match link_of(&sim, &link) {
        Ok(l) => l,
        Err(r) => return *r,
    };
    let back = l.return_url.as_deref().map_or_else(String::new, |c| {
        format!("<p><a href=\"{}\" data-cancel>Bekor qilish (cancel)</a></p>", escape(c))
    });
    let body = format!(
        "<p>Merchant: <span data-merchant>{m}</span></p>\
         <p>{f}: <span data-account>{a}</span></p>\
         <p class=\"amount\" data-amount>{s} so'm</p>\
         <form method=\"post\" action=\"/{link}\"><button type=\"submit\">To'lash</button></form>{back}",
        m = escape(&l.merchant),
        f = escape(&l.field),
        a = escape(&l.account),
        s = som(l.amount),
        link = escape(&link),
    );
    page(StatusCode::OK, "To'lov", &body)
}

/// Payme's three calls; the error page when one is refused.
async fn pay(State(sim): State<Sim>, Path(link): Path<String>) -> Response {
    let l = match link_of(&sim, &link) {
        Ok(l) => l,
        Err(r) => return *r,
    };
    let account = json!({ l.field.clone(): l.account });
    let id = new_transaction_id();
    let time = crate::db::now_ms();
    let calls = [
        ("CheckPerformTransaction", json!({"amount": l.amount, "account": account})),
        ("CreateTransaction", json!({"id": id, "time": time, "amount": l.amount, "account": account})),
        ("PerformTransaction", json!({"id": id})),
    ];
    for (method, params) in calls {
        match sim.caller.call(method, params).await {
            Ok(answer) if answer.get("result").is_some_and(|r| !r.is_null()) => {}
            Ok(answer) => {
                let code = error_code(&answer).unwrap_or(0);
                let text =
                    answer.pointer("/error/message/en").and_then(Value::as_str).unwrap_or("no message").to_owned();
                tracing::info!(payme.method = method, payme.error = code, "the merchant refused");
                return page(
                    StatusCode::OK,
                    "To'lov amalga oshmadi",
                    &format!("<p class=\"error\" data-error=\"{code}\">{method}: {code} {}</p>", escape(&text)),
                );
            }
            Err(e) => {
                tracing::warn!(payme.method = method, error = %e, "the merchant endpoint failed");
                return page(
                    StatusCode::BAD_GATEWAY,
                    "To'lov amalga oshmadi",
                    &format!("<p class=\"error\" data-error=\"http\">{}</p>", escape(&e.to_string())),
                );
            }
        }
    }
    match l.return_url {
        Some(c) => Redirect::to(&c).into_response(),
        None => page(StatusCode::OK, "To'landi", "<p data-paid>To'lov qabul qilindi (paid).</p>"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    #[test]
    fn links_decode_as_the_cloud_builds_them() {
        let text = "m=5e730e8e0b852a417aa49ceb;ac.invoice=0193a5b2-0000-7000-8000-000000000001;a=29900000;\
                    c=https://pos.uz/subscription?invoice=1";
        let l = CheckoutLink::parse(&STANDARD.encode(text)).unwrap();
        assert_eq!(l.merchant, "5e730e8e0b852a417aa49ceb");
        assert_eq!(l.field, "invoice");
        assert_eq!(l.account, "0193a5b2-0000-7000-8000-000000000001");
        assert_eq!(l.amount, 29_900_000);
        assert_eq!(l.return_url.as_deref(), Some("https://pos.uz/subscription?invoice=1"));
        assert!(CheckoutLink::parse("!!").is_none());
        assert!(CheckoutLink::parse(&STANDARD.encode("m=1;a=5")).is_none(), "no account");
        assert!(CheckoutLink::parse(&STANDARD.encode("m=1;ac.x=2;a=-5")).is_none(), "bad amount");
        assert_eq!(new_transaction_id().len(), 24);
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
