//! Webhooks of business clients' contracts (C11, beyond the seed): an
//! online shop gives an address, and every status change of a shipment
//! under the contract is posted to it as JSON, signed with HMAC-SHA256,
//! retried with growing pauses until it is taken, and listed in the
//! contract's delivery log.
//!
//! A change is a row of `cargo_webhook_deliveries` written in the
//! transaction that changes the status (the outbox: nothing is posted from a
//! request, so a receiver that is down slows no page and no sync, and a
//! change is never lost or told twice by a repeated batch). A worker in
//! every cloud process takes due rows under a lease, posts them a few at a
//! time, and writes what came back.
//!
//! Signature: header `X-Cargo-Signature: t={unix seconds},v1={hex}` where
//! `hex` is HMAC-SHA256 under the endpoint's secret of `"{t}.{body}"`
//! (the receiver checks it and that `t` is recent); `X-Cargo-Delivery`
//! names the delivery (the same on every retry, for the receiver's dedup).
//!
//! Addresses: `https` to a public address only (resolved once per attempt
//! and connected to as resolved, so a name cannot point a retry inside the
//! company's network); redirects are not followed.
//! `webhooks.allow_private` lifts this for development and tests.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use sqlx::Row as _;
use tokio::sync::watch;
use tracing::{info, warn};

use crate::db::{Db, DbError, DbResult, Tx, now_ms, select_in};
use crate::http::AppState;
use crate::ids::{BusinessId, ClientId, ContractId};

/// `webhooks.*` in the settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WebhookSettings {
    /// Allow `http` and private, loopback and link-local addresses
    /// (development and tests only).
    pub allow_private: bool,
    /// How often the worker looks for due deliveries, ms.
    pub every_ms: u64,
    /// The pause after a first failure, ms; each next one is four times
    /// longer, up to six hours.
    pub retry_base_ms: u64,
    /// Attempts before a delivery is given up (`failed`, resent by hand).
    pub max_attempts: i64,
    /// How long a receiver has to answer, seconds.
    pub timeout_secs: u64,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self { allow_private: false, every_ms: 1_000, retry_base_ms: 30_000, max_attempts: 8, timeout_secs: 10 }
    }
}

/// The longest address accepted.
pub const URL_MAX: usize = 500;
/// The longest pause between attempts, ms.
const MAX_PAUSE_MS: u64 = 6 * 3_600_000;
/// Deliveries taken per round.
const BATCH: i64 = 32;
/// How long a taken delivery is left to its worker before another may take it.
const LEASE_MS: i64 = 120_000;

/// Why an address was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute URL with a host, or too long, or with a user name.
    Invalid,
    /// Not `https`.
    Scheme,
    /// A private, loopback or otherwise non-public address.
    Private,
}

/// A receiver's address, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl(reqwest::Url);

impl WebhookUrl {
    /// `text` as an address the worker may post to.
    ///
    /// # Errors
    /// [`UrlProblem`].
    pub fn parse(text: &str, allow_private: bool) -> Result<WebhookUrl, UrlProblem> {
        let text = text.trim();
        if text.len() > URL_MAX {
            return Err(UrlProblem::Invalid);
        }
        let url = reqwest::Url::parse(text).map_err(|_| UrlProblem::Invalid)?;
        if !url.username().is_empty() || url.password().is_some() || url.cannot_be_a_base() {
            return Err(UrlProblem::Invalid);
        }
        match url.scheme() {
            "https" => {}
            "http" if allow_private => {}
            _ => return Err(UrlProblem::Scheme),
        }
        let host = url.host_str().filter(|h| !h.is_empty()).ok_or(UrlProblem::Invalid)?;
        if !allow_private {
            match host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
                Ok(ip) if !is_public(ip) => return Err(UrlProblem::Private),
                Ok(_) => {}
                Err(_) => {
                    let d = host.trim_end_matches('.').to_ascii_lowercase();
                    if d == "localhost" || d.ends_with(".localhost") || d.ends_with(".local") || !d.contains('.') {
                        return Err(UrlProblem::Private);
                    }
                }
            }
        }
        Ok(WebhookUrl(url))
    }

    /// The address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Whether `ip` is an address of the public internet.
#[must_use]
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

/// A fresh signing secret (`whsec_` and 256 random bits).
///
/// # Errors
/// [`crate::secrets::HashError`] without randomness.
pub fn new_secret() -> Result<String, crate::secrets::HashError> {
    Ok(format!("whsec_{}", crate::secrets::new_token()?))
}

/// Hex HMAC-SHA256 under `secret` of `"{t}.{body}"`.
#[must_use]
pub fn signature(secret: &str, t: i64, body: &str) -> String {
    // HMAC takes a key of any length: this cannot fail.
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()) else { return String::new() };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A contract's endpoint: where to post and the sealed secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The address.
    pub url: String,
    /// The secret as stored (sealed by the vault for the contract).
    pub sealed_secret: String,
}

/// Sets `contract`'s endpoint in the caller's transaction (`sealed`: the
/// vault's seal of the secret under the contract's id).
///
/// # Errors
/// [`DbError`].
pub async fn save_endpoint(
    tx: &mut Tx,
    (business, client, contract): (&BusinessId, &ClientId, &ContractId),
    url: &WebhookUrl,
    sealed: &str,
) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO cargo_webhooks (contract_id, business_id, client_id, url, secret, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (contract_id) DO UPDATE SET url = excluded.url, \
         secret = excluded.secret, updated_at = excluded.updated_at",
    )
    .bind(contract)
    .bind(business)
    .bind(client)
    .bind(url.as_str())
    .bind(sealed)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A status change to tell.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'a> {
    /// The shipment's id.
    pub shipment: &'a str,
    /// Its contract.
    pub contract: &'a str,
    /// Its barcode.
    pub barcode: &'a str,
    /// Its number.
    pub number: i64,
    /// The new status's code.
    pub status: &'a str,
    /// When (UTC ms).
    pub at: i64,
    /// A real shipment (else test mode's sandbox).
    pub live: bool,
}

/// ISO 8601 UTC of `ms`.
#[must_use]
pub fn iso_utc(ms: i64) -> String {
    let (day, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (h, m, s, milli) = (in_day / 3_600_000, in_day / 60_000 % 60, in_day / 1000 % 60, in_day % 1000);
    format!("{}T{h:02}:{m:02}:{s:02}.{milli:03}Z", web::format::iso_date(day))
}

/// Writes a delivery for each change whose contract has an endpoint, in the
/// caller's transaction (a change already written is skipped).
///
/// # Errors
/// [`DbError`].
pub async fn enqueue(tx: &mut Tx, business: &str, changes: &[StatusChange<'_>], now: i64) -> DbResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let mut contracts: Vec<String> = changes.iter().map(|c| c.contract.to_owned()).collect();
    contracts.sort_unstable();
    contracts.dedup();
    let mut numbers: HashMap<String, String> = HashMap::new();
    select_in(
        tx,
        "SELECT w.contract_id, k.number FROM cargo_webhooks w JOIN cargo_contracts k ON k.id = w.contract_id \
         WHERE w.contract_id",
        &contracts,
        |r| {
            numbers.insert(r.try_get(0)?, r.try_get(1)?);
            Ok(())
        },
    )
    .await?;
    for c in changes {
        let Some(contract_number) = numbers.get(c.contract) else { continue };
        let id = uuid::Uuid::now_v7().to_string();
        let payload = serde_json::json!({
            "id": id,
            "type": "shipment.status_changed",
            "created_at": iso_utc(now),
            "livemode": c.live,
            "data": {
                "barcode": c.barcode,
                "number": c.number,
                "status": c.status,
                "status_at": iso_utc(c.at),
                "contract": contract_number,
            },
        });
        sqlx::query(
            "INSERT INTO cargo_webhook_deliveries (id, business_id, contract_id, event_key, barcode, status, payload, \
             state, attempts, next_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) \
             ON CONFLICT (contract_id, event_key) DO NOTHING",
        )
        .bind(&id)
        .bind(business)
        .bind(c.contract)
        .bind(format!("{}:{}:{}", c.shipment, c.status, c.at))
        .bind(c.barcode)
        .bind(c.status)
        .bind(payload.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One line of a contract's delivery log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Id (`X-Cargo-Delivery`).
    pub id: String,
    /// The shipment's barcode.
    pub barcode: String,
    /// The status told.
    pub status: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    /// Attempts made.
    pub attempts: i64,
    /// The receiver's last HTTP status, if it answered.
    pub last_code: Option<i64>,
    /// Why the last attempt failed (empty after a success).
    pub last_error: String,
    /// Written (UTC ms).
    pub created_at: i64,
    /// The next attempt (pending) (UTC ms).
    pub next_at: i64,
}

impl Db {
    /// `contract`'s endpoint, if it has one.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn webhook_endpoint(&self, contract: &str) -> DbResult<Option<Endpoint>> {
        let row = sqlx::query("SELECT url, secret FROM cargo_webhooks WHERE contract_id = $1")
            .bind(contract)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(Endpoint { url: r.try_get(0)?, sealed_secret: r.try_get(1)? })).transpose()
    }

    /// `contract`'s latest deliveries, newest first.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn webhook_log(&self, contract: &ContractId, limit: i64) -> DbResult<Vec<Delivery>> {
        let rows = sqlx::query(
            "SELECT id, barcode, status, state, attempts, last_code, last_error, created_at, next_at \
             FROM cargo_webhook_deliveries WHERE contract_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(contract)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Delivery {
                    id: r.try_get(0)?,
                    barcode: r.try_get(1)?,
                    status: r.try_get(2)?,
                    state: r.try_get(3)?,
                    attempts: r.try_get(4)?,
                    last_code: r.try_get(5)?,
                    last_error: r.try_get(6)?,
                    created_at: r.try_get(7)?,
                    next_at: r.try_get(8)?,
                })
            })
            .collect()
    }

    /// Puts a failed delivery of `contract` back in the queue, due now.
    ///
    /// # Errors
    /// [`DbError`]; `Ok(false)` when it is not a failed delivery of the contract.
    pub async fn resend_webhook(&self, contract: &ContractId, id: &str) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE cargo_webhook_deliveries SET state = 'pending', attempts = 0, next_at = $3 \
             WHERE id = $1 AND contract_id = $2 AND state = 'failed'",
        )
        .bind(id)
        .bind(contract)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}

/// The pause before attempt `attempts + 1` after `attempts` failures.
#[must_use]
pub fn pause_ms(base_ms: u64, attempts: i64) -> i64 {
    let steps = u32::try_from(attempts.saturating_sub(1).clamp(0, 16)).unwrap_or(16);
    let pause = base_ms.saturating_mul(4u64.saturating_pow(steps)).min(MAX_PAUSE_MS);
    i64::try_from(pause).unwrap_or(i64::MAX)
}

/// Delivers due webhooks until `stop`.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let settings = state.settings.webhooks.clone();
    let mut tick = tokio::time::interval(Duration::from_millis(settings.every_ms.max(50)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = round(&state, &settings).await {
                    warn!(error = %e, "webhook round failed");
                }
            }
            r = stop.changed() => if r.is_err() || *stop.borrow() { return },
        }
    }
}

/// A delivery taken under lease.
struct Due {
    id: String,
    contract: String,
    payload: String,
    attempts: i64,
}

/// What an attempt came to.
struct Outcome {
    code: Option<i64>,
    error: String,
}

/// One round: takes due deliveries, posts them side by side, records each.
///
/// # Errors
/// [`DbError`].
pub async fn round(state: &AppState, settings: &WebhookSettings) -> DbResult<usize> {
    let now = now_ms();
    let rows = sqlx::query(
        "SELECT id, contract_id, payload, attempts, next_at FROM cargo_webhook_deliveries \
         WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(&state.db.pool)
    .await?;
    let mut work = tokio::task::JoinSet::new();
    for r in &rows {
        let (id, old_next): (String, i64) = (r.try_get(0)?, r.try_get(4)?);
        // Another process may have taken it since the select.
        let leased = sqlx::query(
            "UPDATE cargo_webhook_deliveries SET next_at = $3 WHERE id = $1 AND state = 'pending' AND next_at = $2",
        )
        .bind(&id)
        .bind(old_next)
        .bind(now.saturating_add(LEASE_MS))
        .execute(&state.db.pool)
        .await?;
        if leased.rows_affected() != 1 {
            continue;
        }
        let due = Due { id, contract: r.try_get(1)?, payload: r.try_get(2)?, attempts: r.try_get(3)? };
        let (state, settings) = (state.clone(), settings.clone());
        work.spawn(async move {
            let outcome = attempt(&state, &settings, &due).await;
            (due, outcome)
        });
    }
    let mut done = 0;
    while let Some(joined) = work.join_next().await {
        let Ok((due, outcome)) = joined else { continue };
        record(&state.db, settings, &due, &outcome).await?;
        done += 1;
    }
    Ok(done)
}

async fn record(db: &Db, settings: &WebhookSettings, due: &Due, o: &Outcome) -> DbResult<()> {
    let now = now_ms();
    let attempts = due.attempts.saturating_add(1);
    let ok = o.error.is_empty();
    let state = if ok {
        "delivered"
    } else if attempts >= settings.max_attempts.max(1) {
        "failed"
    } else {
        "pending"
    };
    let next = if ok { now } else { now.saturating_add(pause_ms(settings.retry_base_ms, attempts)) };
    sqlx::query(
        "UPDATE cargo_webhook_deliveries SET state = $2, attempts = $3, next_at = $4, last_code = $5, \
         last_error = $6, delivered_at = $7 WHERE id = $1",
    )
    .bind(&due.id)
    .bind(state)
    .bind(attempts)
    .bind(next)
    .bind(o.code)
    .bind(&o.error)
    .bind(ok.then_some(now))
    .execute(&db.pool)
    .await?;
    if ok {
        info!(webhook.delivery = %due.id, attempts, "webhook delivered");
    } else {
        info!(webhook.delivery = %due.id, attempts, state, reason = %o.error, "webhook not taken");
    }
    Ok(())
}

/// Posts one delivery to its contract's endpoint as it is now.
async fn attempt(state: &AppState, settings: &WebhookSettings, due: &Due) -> Outcome {
    let fail = |error: String| Outcome { code: None, error };
    let endpoint = match state.db.webhook_endpoint(&due.contract).await {
        Ok(Some(e)) => e,
        Ok(None) => return fail("no endpoint".into()),
        Err(e) => return fail(format!("database: {e}")),
    };
    let Ok(secret) = state.vault.open(&endpoint.sealed_secret, &due.contract) else {
        return fail("the signing secret does not open".into());
    };
    let url = match WebhookUrl::parse(&endpoint.url, settings.allow_private) {
        Ok(u) => u,
        Err(p) => return fail(format!("address refused: {p:?}")),
    };
    let client = match pinned_client(&url, settings).await {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let t = now_ms() / 1000;
    let sig = signature(&secret, t, &due.payload);
    let sent = client
        .post(url.0.clone())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::USER_AGENT, "cargo-webhooks/1")
        .header("X-Cargo-Delivery", &due.id)
        .header("X-Cargo-Signature", format!("t={t},v1={sig}"))
        .body(due.payload.clone())
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => {
            Outcome { code: Some(i64::from(r.status().as_u16())), error: String::new() }
        }
        Ok(r) => {
            let code = r.status().as_u16();
            Outcome { code: Some(i64::from(code)), error: format!("HTTP {code}") }
        }
        Err(e) if e.is_timeout() => fail("no answer in time".into()),
        Err(e) if e.is_connect() => fail("connection refused or unreachable".into()),
        Err(e) => fail(format!("transport: {}", e.without_url())),
    }
}

/// A client that connects only to the address the name resolves to now,
/// checked public (unless private addresses are allowed).
async fn pinned_client(url: &WebhookUrl, settings: &WebhookSettings) -> Result<reqwest::Client, String> {
    let host = url.0.host_str().ok_or("no host")?.trim_start_matches('[').trim_end_matches(']').to_owned();
    let port = url.0.port_or_known_default().ok_or("no port")?;
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(|_| "the name does not resolve".to_owned())?
        .collect();
    let addr = addrs.into_iter().find(|a| settings.allow_private || is_public(a.ip())).ok_or("not a public address")?;
    crate::install_crypto_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_secs.clamp(1, 60)))
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&host, addr)
        .build()
        .map_err(|e| format!("client: {e}"))
}

/// Why a save of the endpoint was refused, or it failed.
#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    /// The address.
    #[error("address refused: {0:?}")]
    Url(UrlProblem),
    /// No randomness or the vault failed.
    #[error("secret: {0}")]
    Secret(String),
    /// The database.
    #[error(transparent)]
    Db(#[from] DbError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_must_be_public_https() {
        let ok = |s: &str| WebhookUrl::parse(s, false).map(|u| u.as_str().to_owned());
        assert_eq!(ok("https://shop.example.uz/hooks/bts"), Ok("https://shop.example.uz/hooks/bts".into()));
        assert_eq!(ok("http://shop.example.uz/"), Err(UrlProblem::Scheme));
        assert_eq!(ok("ftp://shop.example.uz/"), Err(UrlProblem::Scheme));
        for private in [
            "https://127.0.0.1/",
            "https://10.1.2.3/",
            "https://192.168.1.10:8443/x",
            "https://169.254.169.254/latest",
            "https://[::1]/",
            "https://[fd00::1]/",
            "https://[::ffff:10.0.0.1]/",
            "https://localhost/",
            "https://intranet/",
            "https://100.64.0.1/",
        ] {
            assert_eq!(ok(private), Err(UrlProblem::Private), "{private}");
        }
        for bad in ["", "shop.example.uz", "https://user:pw@shop.example.uz/", "mailto:a@b.uz"] {
            assert!(matches!(ok(bad), Err(UrlProblem::Invalid | UrlProblem::Scheme)), "{bad}");
        }
        assert_eq!(ok(&format!("https://a.uz/{}", "x".repeat(URL_MAX))), Err(UrlProblem::Invalid));
        // Development and tests: loopback over plain HTTP.
        assert!(WebhookUrl::parse("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(is_public("8.8.8.8".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
    }

    #[test]
    fn signatures_are_hmac_sha256_of_time_and_body() {
        // Computed independently (Python's hmac) for "1796677584.{\"a\":1}".
        assert_eq!(
            signature("whsec_test", 1_796_677_584, r#"{"a":1}"#),
            "c5f05f545184efbbf81ac7203337f2aa03890ffdcd185ebe13bb318ab0986600"
        );
        assert_ne!(signature("k", 1, "{}"), signature("k", 2, "{}"), "the time is signed");
        assert_ne!(signature("k", 1, "{}"), signature("k2", 1, "{}"));
    }

    #[test]
    fn pauses_grow_fourfold_up_to_six_hours() {
        assert_eq!(pause_ms(30_000, 1), 30_000);
        assert_eq!(pause_ms(30_000, 2), 120_000);
        assert_eq!(pause_ms(30_000, 3), 480_000);
        assert_eq!(pause_ms(30_000, 20), 6 * 3_600_000);
    }

    #[test]
    fn times_are_iso_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(1_796_677_584_123), "2026-12-07T21:06:24.123Z");
    }
}
