//! The demo client's online shop: an API key of its first contract (made on
//! the first start, kept in the data dir so every start can print it), a
//! webhook receiver on loopback set as that contract's endpoint before the
//! history syncs (so the status changes the offices' desks make reach it,
//! signed, and fill the delivery log on `/cargo/bts/business/api`), and an
//! order the shop places through the API over HTTP; a test mode key and
//! two test orders in the contract's sandbox.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;
use cloud::Cloud;
use cloud::cargo::ledger::Mode;
use cloud::cargo::{api_keys, webhooks};

use crate::courier::Company;

/// The files the demo keeps the keys in: live, test mode's.
const KEY_FILE: &str = "demo-shop-api-key.txt";
const TEST_KEY_FILE: &str = "demo-shop-test-key.txt";

/// What the shop has.
pub struct Shop {
    /// Its API key.
    pub key: String,
    /// Its test mode key.
    pub test_key: String,
    /// The contract's number.
    pub contract: String,
    /// Calls its receiver took (signature checked).
    pub received: Arc<AtomicU64>,
}

/// Starts the receiver, points the first contract's webhook at it and makes
/// (or reads) the key.
///
/// # Errors
/// Binding, the database, the vault.
pub async fn open(cloud: &Cloud, company: &Company, dir: &Path) -> anyhow::Result<Shop> {
    let state = &cloud.state;
    let db = &state.db;
    let first = db.client_contracts(&company.business, &company.client, Mode::Live).await?;
    let k = first.first().context("the demo contracts")?;
    let sealed = match db.webhook_endpoint(&k.id).await? {
        Some(e) => e.sealed_secret,
        None => state.vault.seal(&webhooks::new_secret()?, &k.id)?,
    };
    let secret = state.vault.open(&sealed, &k.id)?;
    let received = Arc::new(AtomicU64::new(0));
    let addr = receiver(secret, Arc::clone(&received)).await?;
    let url = webhooks::WebhookUrl::parse(&format!("http://{addr}/hooks/cargo"), true)
        .map_err(|p| anyhow::anyhow!("the demo receiver's address: {p:?}"))?;
    let who = (&company.business, &company.client, &k.id);
    let mut tx = db.begin_write().await?;
    webhooks::save_endpoint(&mut tx, who, &url, &sealed).await?;
    let mut keys = Vec::with_capacity(2);
    for (file, mode) in [(KEY_FILE, Mode::Live), (TEST_KEY_FILE, Mode::Test)] {
        let path = dir.join(file);
        let key = match std::fs::read_to_string(&path) {
            Ok(key) if api_keys::looks_like_key(key.trim()) => key.trim().to_owned(),
            _ => {
                let key = api_keys::create(&mut tx, who, mode).await?.context("the demo contract's keys are full")?;
                std::fs::write(&path, &key)?;
                key
            }
        };
        keys.push(key);
    }
    let test_key = keys.pop().unwrap_or_default();
    let key = keys.pop().unwrap_or_default();
    tx.commit().await?;
    Ok(Shop { key, test_key, contract: k.number.clone(), received })
}

/// The shop's receiver: answers 204 to a call signed with `secret` within
/// five minutes, 400 to anything else.
async fn receiver(secret: String, received: Arc<AtomicU64>) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = axum::Router::new().route(
        "/hooks/cargo",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let (secret, received) = (secret.clone(), Arc::clone(&received));
            async move {
                let header = headers.get("x-cargo-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
                let t = header.split(',').find_map(|p| p.strip_prefix("t=")).and_then(|t| t.parse::<i64>().ok());
                let v1 = header.split(',').find_map(|p| p.strip_prefix("v1="));
                let now = cloud::db::now_ms() / 1000;
                let good = match (t, v1) {
                    (Some(t), Some(v1)) => (now - t).abs() < 300 && webhooks::signature(&secret, t, &body) == v1,
                    _ => false,
                };
                if good {
                    received.fetch_add(1, Ordering::Relaxed);
                    axum::http::StatusCode::NO_CONTENT
                } else {
                    axum::http::StatusCode::BAD_REQUEST
                }
            }
        }),
    );
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::warn!(error = %e, "the demo shop's receiver stopped");
        }
    });
    Ok(addr)
}

/// The shop's order through the API (the same one on every start: its
/// Idempotency-Key), and two test orders in test mode's sandbox, the first
/// moved along to delivery. Returns the real order's barcode.
///
/// # Errors
/// HTTP, or the API's refusal.
pub async fn order(cloud: &Cloud, shop: &Shop) -> anyhow::Result<String> {
    let real = place(cloud, &shop.key, "demo-shop-order-1").await?;
    for n in 1..=2 {
        let test = place(cloud, &shop.test_key, &format!("demo-shop-test-{n}")).await?;
        let advance = format!("{}/api/cargo/v1/shipments/{test}/advance", cloud.url());
        // The first goes all the way (a later start finds it delivered: 409).
        for _ in 0..if n == 1 { 5 } else { 1 } {
            let r = reqwest::Client::new().post(&advance).bearer_auth(&shop.test_key).send().await?;
            if r.status() == reqwest::StatusCode::CONFLICT {
                break;
            }
            anyhow::ensure!(r.status().is_success(), "the sandbox refused a status: {}", r.status());
        }
    }
    Ok(real)
}

async fn place(cloud: &Cloud, key: &str, idempotency: &str) -> anyhow::Result<String> {
    let body = serde_json::json!({
        "sender_name": "Dilnoza Textile",
        "sender_phone": "+998901112233",
        "sender_region": "1726",
        "sender_district": "1726294",
        "sender_address": "Bunyodkor shoh ko'chasi 9",
        "receiver_name": "Aziza Rahimova",
        "receiver_phone": "+998935557788",
        "receiver_region": "1718",
        "receiver_district": "1718401",
        "receiver_address": "Registon ko'chasi 14",
        "delivery": "door",
        "parcel_type": "box",
        "weight_kg": 1.2,
        "pieces": 1,
        "cod_amount": 320000,
    });
    let r = reqwest::Client::new()
        .post(format!("{}/api/cargo/v1/shipments", cloud.url()))
        .bearer_auth(key)
        .header("idempotency-key", idempotency)
        .json(&body)
        .send()
        .await?;
    let status = r.status();
    let v: serde_json::Value = r.json().await?;
    anyhow::ensure!(status.is_success(), "the API refused the demo order: {v}");
    Ok(v["barcode"].as_str().unwrap_or_default().to_owned())
}
