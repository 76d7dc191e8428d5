//! Multicard's HTTP API as PROVIDERS.md describes it: `POST /auth`,
//! `POST /payment/invoice`, `DELETE /payment/{uuid}`, each answer in the
//! envelope `{success, data}` or `{success: false, error: {code, details}}`.
//!
//! The client only speaks the protocol; which credentials and which token
//! to use is [`super::token`]'s business. Secrets and tokens pass through
//! as arguments and are never logged.

use std::sync::OnceLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Connecting gives up after this long.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// A whole call gives up after this long (the owner and the till wait).
const CALL_TIMEOUT: Duration = Duration::from_secs(8);

/// What can go wrong talking to Multicard.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Multicard could not be reached or did not answer in time.
    #[error("multicard unreachable: {0}")]
    Unreachable(String),
    /// Multicard refused the credentials or the token (401/403, or an
    /// authentication error in the envelope).
    #[error("multicard refused the credentials")]
    Unauthorized,
    /// Multicard answered with an error envelope.
    #[error("multicard error {code}: {details}")]
    Refused {
        /// Its error code.
        code: String,
        /// Its details.
        details: String,
    },
    /// The answer is not what the protocol says.
    #[error("multicard answered something unexpected: {0}")]
    Protocol(String),
}

/// A token as `/auth` issues it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// The JWT (secret: never logged).
    pub token: String,
    /// When it stops working, UTC ms.
    pub expires_at: i64,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token").field("token", &"…").field("expires_at", &self.expires_at).finish()
    }
}

/// One line of the fiscal data (`ofd[…]`) an invoice carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfdItem {
    /// Quantity.
    pub qty: i64,
    /// Price of one, tiyin.
    pub price: i64,
    /// The goods' or service's IKPU (MXIK) code.
    pub mxik: String,
    /// Line total, tiyin.
    pub total: i64,
    /// Package code.
    pub package_code: String,
    /// Name printed on the receipt.
    pub name: String,
}

/// `POST /payment/invoice`'s body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewInvoice {
    /// Store ID (the branch's).
    pub store_id: String,
    /// Tiyin.
    pub amount: i64,
    /// Our id for it (comes back in the callback).
    pub invoice_id: String,
    /// Where Multicard posts the success callback.
    pub callback_url: String,
    /// Fiscal lines.
    pub ofd: Vec<OfdItem>,
    /// Checkout page language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Seconds the invoice lives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
}

/// What `POST /payment/invoice` made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedInvoice {
    /// Multicard's id.
    pub uuid: String,
    /// Where the payer pays.
    pub checkout_url: String,
}

fn http() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(CALL_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default()
    })
}

fn url(base: &str, path: &str) -> String {
    format!("{}{path}", base.trim().trim_end_matches('/'))
}

/// Reads an answer: the envelope's `data` (or, for `/auth`, which some
/// versions answer bare, the object itself).
async fn answer(response: reqwest::Response) -> Result<Value, ApiError> {
    let status = response.status();
    let body: Value = match response.bytes().await {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        Err(e) => return Err(ApiError::Unreachable(e.to_string())),
    };
    if status == reqwest::StatusCode::UNAUTHORIZED || status == reqwest::StatusCode::FORBIDDEN {
        return Err(ApiError::Unauthorized);
    }
    if body.get("success").and_then(Value::as_bool) == Some(false) || !status.is_success() {
        let error = body.get("error");
        let text = |k: &str| error.and_then(|e| e.get(k)).map(value_text).unwrap_or_default();
        if status.is_server_error() && error.is_none() {
            return Err(ApiError::Unreachable(format!("HTTP {status}")));
        }
        return Err(ApiError::Refused { code: text("code"), details: text("details") });
    }
    Ok(match body.get("data") {
        Some(data) if data.is_object() => data.clone(),
        _ => body,
    })
}

/// A JSON scalar as text (Multicard sends ids as numbers or strings).
#[must_use]
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn transport(e: &reqwest::Error) -> ApiError {
    ApiError::Unreachable(if e.is_timeout() { "timed out".to_owned() } else { e.to_string() })
}

/// `POST /auth {application_id, secret}`.
///
/// # Errors
/// [`ApiError::Unauthorized`] for wrong credentials, [`ApiError::Unreachable`],
/// [`ApiError::Protocol`].
pub async fn auth(base: &str, application_id: &str, secret: &str) -> Result<Token, ApiError> {
    let response = http()
        .post(url(base, "/auth"))
        .json(&serde_json::json!({ "application_id": application_id, "secret": secret }))
        .send()
        .await
        .map_err(|e| transport(&e))?;
    let data = match answer(response).await {
        // Wrong credentials come back as an error envelope too.
        Err(ApiError::Refused { .. }) => return Err(ApiError::Unauthorized),
        other => other?,
    };
    let token = data.get("token").and_then(Value::as_str).filter(|t| !t.is_empty());
    let expiry = data.get("expiry").and_then(Value::as_str);
    match (token, expiry.and_then(parse_expiry)) {
        (Some(token), Some(expires_at)) => Ok(Token { token: token.to_owned(), expires_at }),
        _ => Err(ApiError::Protocol("auth answer without token or expiry".into())),
    }
}

/// `POST /payment/invoice`.
///
/// # Errors
/// [`ApiError::Unauthorized`] when the token no longer works, the others.
pub async fn create_invoice(base: &str, token: &str, invoice: &NewInvoice) -> Result<CreatedInvoice, ApiError> {
    let response = http()
        .post(url(base, "/payment/invoice"))
        .bearer_auth(token)
        .json(invoice)
        .send()
        .await
        .map_err(|e| transport(&e))?;
    let data = answer(response).await?;
    let text = |k: &str| data.get(k).map(value_text).filter(|s| !s.is_empty());
    match (text("uuid"), text("checkout_url")) {
        (Some(uuid), Some(checkout_url)) => Ok(CreatedInvoice { uuid, checkout_url }),
        _ => Err(ApiError::Protocol("invoice answer without uuid or checkout_url".into())),
    }
}

/// `DELETE /payment/{uuid}`: the refund of a paid invoice.
///
/// # Errors
/// As [`create_invoice`].
pub async fn refund(base: &str, token: &str, uuid: &str) -> Result<(), ApiError> {
    let uuid: String = form_urlencoded::byte_serialize(uuid.as_bytes()).collect();
    let response = http()
        .delete(url(base, &format!("/payment/{uuid}")))
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| transport(&e))?;
    answer(response).await.map(|_| ())
}

/// Tashkent is GMT+5 all year.
const TASHKENT_MS: i64 = 5 * 3_600_000;

/// `"YYYY-MM-DD HH:MM:SS"` in GMT+5 → UTC ms.
#[must_use]
pub fn parse_expiry(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once(' ').or_else(|| text.split_once('T'))?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (t.next()??, t.next()??, t.next().unwrap_or(Some(0))?);
    if d.next().is_some() || t.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || !(0..24).contains(&h) || !(0..60).contains(&min) {
        return None;
    }
    if !(0..=60).contains(&s) || !(1970..=9999).contains(&y) {
        return None;
    }
    let days = days_from_civil(y, m, day);
    Some(((days * 24 + h) * 60 + min) * 60_000 + s * 1000 - TASHKENT_MS)
}

/// UTC ms → `"YYYY-MM-DD HH:MM:SS"` in GMT+5 (the simulator's answers).
#[must_use]
pub fn format_expiry(ms: i64) -> String {
    let local = ms.saturating_add(TASHKENT_MS).div_euclid(1000);
    let (days, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_tashkent_time() {
        // 2026-12-03 17:00:00 GMT+5 = 12:00:00 UTC.
        assert_eq!(parse_expiry("2026-12-03 17:00:00"), Some(1_796_299_200_000));
        assert_eq!(format_expiry(1_796_299_200_000), "2026-12-03 17:00:00");
        assert_eq!(parse_expiry("2024-02-29 00:00:01").map(format_expiry).as_deref(), Some("2024-02-29 00:00:01"));
        for bad in ["", "2026-13-01 00:00:00", "2026-01-01", "2026-01-01 25:00:00", "x-y-z 1:2:3", "2026-01-01 1:2:3:4"]
        {
            assert_eq!(parse_expiry(bad), None, "{bad}");
        }
    }

    #[test]
    fn scalars_as_text() {
        assert_eq!(value_text(&serde_json::json!(123)), "123");
        assert_eq!(value_text(&serde_json::json!("123")), "123");
        assert_eq!(value_text(&serde_json::json!(null)), "");
    }
}
