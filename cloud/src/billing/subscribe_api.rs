//! Payme's Subscribe API from our server (back end): JSON-RPC 2.0 POSTed to
//! `billing.payme.subscribe_url` with `X-Auth: {merchant_id}:{subscribe_key}`
//! (PROVIDERS.md, "Payme Subscribe API").
//!
//! The browser creates and verifies the card itself (front-end
//! `X-Auth: {merchant_id}`, see `web/static/card.js`); this side only checks
//! a token it was handed (`cards.check`), removes cards, and charges them
//! with receipts (`receipts.create`, `receipts.pay`, `receipts.check`,
//! `receipts.cancel`).
//!
//! Errors keep the difference that matters for money apart: a
//! [`SubscribeError::Refused`] is Payme's own answer (the call did not do
//! what was asked), a [`SubscribeError::Transport`] means we do not know what
//! happened (the receipt may or may not be paid: ask `receipts.check`).

use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::settings::PaymeSettings;

/// A receipt Payme paid.
pub const RECEIPT_PAID: i64 = 4;
/// A receipt created and not paid yet (it can still be paid).
pub const RECEIPT_CREATED: i64 = 0;
/// A cancelled receipt.
pub const RECEIPT_CANCELLED: i64 = 50;

/// What went wrong with a call.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    /// No merchant id or subscribe key is configured.
    #[error("the Payme Subscribe API is not configured (billing.payme.merchant_id, subscribe_key)")]
    NotConfigured,
    /// Payme could not be reached, or the answer was lost: the outcome is
    /// unknown.
    #[error("Payme Subscribe API unreachable: {0}")]
    Transport(String),
    /// Payme answered with an error: the call did nothing.
    #[error("Payme refused {method}: {code} {message}")]
    Refused {
        /// The method called.
        method: &'static str,
        /// Payme's error code.
        code: i64,
        /// Payme's message.
        message: String,
    },
    /// Payme answered something that is not its protocol.
    #[error("Payme's answer to {method} does not parse: {detail}")]
    Answer {
        /// The method called.
        method: &'static str,
        /// What did not parse.
        detail: String,
    },
}

impl SubscribeError {
    /// Whether the outcome of the call is unknown (it may have happened).
    #[must_use]
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, SubscribeError::Transport(_) | SubscribeError::Answer { .. })
    }
}

/// A card as Payme describes it (never the full number).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CardInfo {
    /// The masked number, e.g. `860006******6311`.
    pub number: String,
    /// Expiry as Payme gives it (`MM/YY` or `MMYY`).
    pub expire: String,
    /// Whether it may be charged without its owner (saved with `save: true`).
    #[serde(default)]
    pub recurrent: bool,
    /// Whether its owner confirmed it with the SMS code.
    #[serde(default)]
    pub verify: bool,
}

/// A receipt's id and state.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Receipt {
    /// Payme's id.
    #[serde(rename = "_id")]
    pub id: String,
    /// 0 created, 4 paid, 50 cancelled, others in between.
    pub state: i64,
}

#[derive(Deserialize)]
struct CardAnswer {
    card: CardInfo,
}

#[derive(Deserialize)]
struct ReceiptAnswer {
    receipt: Receipt,
}

#[derive(Deserialize)]
struct StateAnswer {
    state: i64,
}

/// The back-end client.
#[derive(Clone)]
pub struct SubscribeApi {
    http: reqwest::Client,
    url: String,
    /// `{merchant_id}:{subscribe_key}`; never printed.
    auth: String,
}

impl std::fmt::Debug for SubscribeApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubscribeApi").field("url", &self.url).finish_non_exhaustive()
    }
}

impl SubscribeApi {
    /// A client for the configured cash desk.
    ///
    /// # Errors
    /// [`SubscribeError::NotConfigured`], [`SubscribeError::Transport`] when
    /// no HTTP client can be built.
    pub fn new(settings: &PaymeSettings) -> Result<Self, SubscribeError> {
        let id = settings.merchant_id.trim();
        let key = settings.subscribe_key.expose().trim();
        if id.is_empty() || key.is_empty() || settings.subscribe_url.trim().is_empty() {
            return Err(SubscribeError::NotConfigured);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| SubscribeError::Transport(e.to_string()))?;
        Ok(Self { http, url: settings.subscribe_url.trim().to_owned(), auth: format!("{id}:{key}") })
    }

    async fn call<T: DeserializeOwned>(&self, method: &'static str, params: Value) -> Result<T, SubscribeError> {
        let id = rand::random::<u32>();
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        let res = self
            .http
            .post(&self.url)
            .header("X-Auth", &self.auth)
            .json(&body)
            .send()
            .await
            .map_err(|e| SubscribeError::Transport(e.without_url().to_string()))?;
        let status = res.status();
        let answer: Value = res.json().await.map_err(|e| SubscribeError::Transport(e.without_url().to_string()))?;
        if let Some(error) = answer.get("error").filter(|e| !e.is_null()) {
            let code = error.get("code").and_then(Value::as_i64).unwrap_or(0);
            let message = match error.get("message") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Object(m)) => {
                    m.get("en").or_else(|| m.get("ru")).and_then(Value::as_str).unwrap_or("").into()
                }
                _ => String::new(),
            };
            return Err(SubscribeError::Refused { method, code, message });
        }
        if !status.is_success() {
            return Err(SubscribeError::Transport(format!("HTTP {status}")));
        }
        let result = answer.get("result").cloned().unwrap_or(Value::Null);
        serde_json::from_value(result).map_err(|e| SubscribeError::Answer { method, detail: e.to_string() })
    }

    /// `cards.check {token}`: the card behind a token.
    ///
    /// # Errors
    /// [`SubscribeError`].
    pub async fn cards_check(&self, token: &str) -> Result<CardInfo, SubscribeError> {
        Ok(self.call::<CardAnswer>("cards.check", json!({"token": token})).await?.card)
    }

    /// `cards.remove {token}`.
    ///
    /// # Errors
    /// [`SubscribeError`].
    pub async fn cards_remove(&self, token: &str) -> Result<(), SubscribeError> {
        self.call::<Value>("cards.remove", json!({"token": token})).await.map(|_| ())
    }

    /// `receipts.create {amount, account: {field: value}}`.
    ///
    /// # Errors
    /// [`SubscribeError`].
    pub async fn receipts_create(
        &self,
        amount: i64,
        account_field: &str,
        account_value: &str,
        description: &str,
    ) -> Result<Receipt, SubscribeError> {
        let params = json!({
            "amount": amount,
            "account": { account_field: account_value },
            "description": description,
        });
        Ok(self.call::<ReceiptAnswer>("receipts.create", params).await?.receipt)
    }

    /// `receipts.pay {id, token}`.
    ///
    /// # Errors
    /// [`SubscribeError`].
    pub async fn receipts_pay(&self, id: &str, token: &str) -> Result<Receipt, SubscribeError> {
        Ok(self.call::<ReceiptAnswer>("receipts.pay", json!({"id": id, "token": token})).await?.receipt)
    }

    /// `receipts.check {id}`: the receipt's state.
    ///
    /// # Errors
    /// [`SubscribeError`].
    pub async fn receipts_check(&self, id: &str) -> Result<i64, SubscribeError> {
        Ok(self.call::<StateAnswer>("receipts.check", json!({"id": id})).await?.state)
    }

    /// `receipts.cancel {id}`.
    ///
    /// # Errors
    /// [`SubscribeError`].
    pub async fn receipts_cancel(&self, id: &str) -> Result<Receipt, SubscribeError> {
        Ok(self.call::<ReceiptAnswer>("receipts.cancel", json!({"id": id})).await?.receipt)
    }
}

/// A card's brand from its (masked) number's first digits.
#[must_use]
pub fn brand_of(masked: &str) -> Option<&'static str> {
    let digits: String = masked.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.starts_with("8600") {
        Some("Uzcard")
    } else if digits.starts_with("9860") {
        Some("Humo")
    } else if digits.starts_with('4') {
        Some("Visa")
    } else if digits.starts_with('5') {
        Some("Mastercard")
    } else {
        None
    }
}

/// The last four digits of a masked number (`860006******6311` → `6311`).
#[must_use]
pub fn last4_of(masked: &str) -> Option<String> {
    let tail: Vec<char> = masked.trim().chars().rev().take(4).collect();
    (tail.len() == 4 && tail.iter().all(char::is_ascii_digit)).then(|| tail.into_iter().rev().collect())
}

/// Expiry as `MMYY` from `MM/YY` or `MMYY`, the month checked.
#[must_use]
pub fn expire_of(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| *c != '/').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u8 = digits.get(..2)?.parse().ok()?;
    (1..=12).contains(&month).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_by_prefix() {
        assert_eq!(brand_of("860006******6311"), Some("Uzcard"));
        assert_eq!(brand_of("986012******1234"), Some("Humo"));
        assert_eq!(brand_of("418912******1234"), Some("Visa"));
        assert_eq!(brand_of("540012******1234"), Some("Mastercard"));
        assert_eq!(brand_of("6262******1234"), None);
        assert_eq!(brand_of(""), None);
    }

    #[test]
    fn last_four_and_expiry() {
        assert_eq!(last4_of("860006******6311").as_deref(), Some("6311"));
        assert_eq!(last4_of("**11"), None);
        assert_eq!(last4_of("8600 0691 9540 631x"), None);
        assert_eq!(expire_of("03/99").as_deref(), Some("0399"));
        assert_eq!(expire_of("0399").as_deref(), Some("0399"));
        assert_eq!(expire_of("13/99"), None);
        assert_eq!(expire_of("3/99"), None);
        assert_eq!(expire_of("ab/cd"), None);
    }
}
