//! Billing's section of the settings (`billing.*`): the subscription's grace
//! period, each provider's merchant credentials and addresses, auto-renewal.
//!
//! A provider is offered to owners only when its merchant id is set. The
//! addresses default to the providers' production hosts; tests and the demo
//! point them at the simulators (`cloud provider-sim …`).

use serde::{Deserialize, Serialize};

use crate::settings::Secret;

/// `billing.*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BillingSettings {
    /// The address owners' browsers and providers reach this cloud at
    /// (return and callback URLs), e.g. `https://pos.example.uz`. Empty means
    /// `http://{listen}` (development only).
    pub public_url: String,
    /// Days after the end date with full use and a banner, before the
    /// portal turns read-only.
    pub grace_days: i64,
    /// Payme (merchant API and Subscribe API).
    pub payme: PaymeSettings,
    /// Click SHOP API.
    pub click: ClickSettings,
    /// Multicard's API (each branch has its own credentials in the portal).
    pub multicard: MulticardApiSettings,
    /// Charging saved cards before the end date.
    pub renewal: RenewalSettings,
}

impl Default for BillingSettings {
    fn default() -> Self {
        Self {
            public_url: String::new(),
            grace_days: 7,
            payme: PaymeSettings::default(),
            click: ClickSettings::default(),
            multicard: MulticardApiSettings::default(),
            renewal: RenewalSettings::default(),
        }
    }
}

impl BillingSettings {
    /// The grace period in milliseconds.
    #[must_use]
    pub fn grace_ms(&self) -> i64 {
        self.grace_days.clamp(0, 365).saturating_mul(86_400_000)
    }
}

/// `billing.payme.*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymeSettings {
    /// The cash desk's (merchant's) id from Payme's cabinet; empty turns
    /// Payme off.
    pub merchant_id: String,
    /// The key Payme signs its calls to us with (`Basic Paycom:<key>`).
    pub key: Secret,
    /// Where owners are sent to pay (`https://checkout.paycom.uz`, sandbox
    /// `https://test.paycom.uz`).
    pub checkout_url: String,
    /// The account field our invoices are known by in Payme's cabinet.
    pub account_field: String,
    /// A created transaction not performed within this time is cancelled
    /// (reason 4); Payme's rule is 12 h.
    pub timeout_ms: i64,
    /// Subscribe API (saved cards): `https://checkout.paycom.uz/api`, test
    /// `https://checkout.test.paycom.uz/api`.
    pub subscribe_url: String,
    /// Subscribe API key (back end `X-Auth: {merchant_id}:{key}`).
    pub subscribe_key: Secret,
}

impl Default for PaymeSettings {
    fn default() -> Self {
        Self {
            merchant_id: String::new(),
            key: Secret::default(),
            checkout_url: "https://checkout.paycom.uz".into(),
            account_field: "invoice".into(),
            timeout_ms: 43_200_000,
            subscribe_url: "https://checkout.paycom.uz/api".into(),
            subscribe_key: Secret::default(),
        }
    }
}

/// `billing.click.*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClickSettings {
    /// Service id; empty turns Click off.
    #[serde(deserialize_with = "string_or_number")]
    pub service_id: String,
    /// Merchant id.
    #[serde(deserialize_with = "string_or_number")]
    pub merchant_id: String,
    /// Merchant user id.
    #[serde(deserialize_with = "string_or_number")]
    pub merchant_user_id: String,
    /// The secret key `sign_string` is made with.
    pub secret_key: Secret,
    /// Where owners are sent to pay (`https://my.click.uz/services/pay`).
    pub pay_url: String,
}

impl Default for ClickSettings {
    fn default() -> Self {
        Self {
            service_id: String::new(),
            merchant_id: String::new(),
            merchant_user_id: String::new(),
            secret_key: Secret::default(),
            pay_url: "https://my.click.uz/services/pay".into(),
        }
    }
}

/// Click's ids are numbers: `CLOUD__BILLING__CLICK__SERVICE_ID=28420` reads
/// as an integer from the environment, and is kept as its text.
fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(i64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
}

/// `billing.multicard.*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MulticardApiSettings {
    /// `https://mesh.multicard.uz` (sandbox `https://dev-mesh.multicard.uz`).
    pub base_url: String,
}

impl Default for MulticardApiSettings {
    fn default() -> Self {
        Self { base_url: "https://mesh.multicard.uz".into() }
    }
}

/// `billing.renewal.*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenewalSettings {
    /// Charge a saved card this many days before the end date.
    pub days_before: i64,
    /// Minutes between attempts after a failed charge.
    pub retry_minutes: i64,
    /// Attempts per period before giving up (the owner is told each time).
    pub max_attempts: i64,
    /// Seconds between the job's rounds.
    pub every_secs: u64,
}

impl Default for RenewalSettings {
    fn default() -> Self {
        Self { days_before: 3, retry_minutes: 60, max_attempts: 5, every_secs: 60 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let mut s = BillingSettings::default();
        s.payme.key = Secret::new("payme-key-1");
        s.payme.subscribe_key = Secret::new("payme-key-2");
        s.click.secret_key = Secret::new("click-secret");
        let shown = format!("{s:?}");
        assert!(!shown.contains("payme-key") && !shown.contains("click-secret"), "{shown}");
    }
}
