//! Sending an owner to a provider's checkout to pay an invoice (P10): one
//! trait, one adapter per provider. Payme and Click follow their published
//! redirect formats (PROVIDERS.md); Sello has no published merchant API yet,
//! so its adapter is never available and never pretends to succeed.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::invoices::{Invoice, Provider};
use super::settings::{BillingSettings, ClickSettings, PaymeSettings};

/// Why no checkout address can be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckoutError {
    /// The provider is not configured here, or has no published API yet.
    #[error("{0} is not available")]
    Unavailable(&'static str),
}

/// A provider an owner can be sent to, to pay an invoice.
pub trait CheckoutProvider: Send + Sync {
    /// Which one.
    fn provider(&self) -> Provider;

    /// Configured and usable now ("Tez kunda" otherwise).
    fn available(&self) -> bool;

    /// Where the owner's browser goes to pay `invoice`; the provider sends
    /// it back to `return_url`.
    ///
    /// # Errors
    /// [`CheckoutError::Unavailable`].
    fn checkout_url(&self, invoice: &Invoice, return_url: &str) -> Result<String, CheckoutError>;
}

/// Payme: `{checkout_url}/` + base64(`m=…;ac.{field}=…;a={tiyin};c={return}`).
#[derive(Debug, Clone, Copy)]
pub struct PaymeCheckout<'a>(pub &'a PaymeSettings);

impl CheckoutProvider for PaymeCheckout<'_> {
    fn provider(&self) -> Provider {
        Provider::Payme
    }

    fn available(&self) -> bool {
        !self.0.merchant_id.trim().is_empty() && !self.0.key.expose().is_empty()
    }

    fn checkout_url(&self, invoice: &Invoice, return_url: &str) -> Result<String, CheckoutError> {
        if !self.available() {
            return Err(CheckoutError::Unavailable("Payme"));
        }
        let p = self.0;
        // `;` separates Payme's parameters: a return address must not hold one.
        let params = format!(
            "m={};ac.{}={};a={};c={}",
            p.merchant_id.trim(),
            p.account_field,
            invoice.id,
            invoice.amount,
            return_url.replace(';', "%3B")
        );
        Ok(format!("{}/{}", p.checkout_url.trim_end_matches('/'), STANDARD.encode(params)))
    }
}

/// Click: `{pay_url}?service_id=&merchant_id=&amount=N.NN&transaction_param=…&return_url=`.
#[derive(Debug, Clone, Copy)]
pub struct ClickCheckout<'a>(pub &'a ClickSettings);

impl CheckoutProvider for ClickCheckout<'_> {
    fn provider(&self) -> Provider {
        Provider::Click
    }

    fn available(&self) -> bool {
        !self.0.service_id.trim().is_empty() && !self.0.secret_key.expose().is_empty()
    }

    fn checkout_url(&self, invoice: &Invoice, return_url: &str) -> Result<String, CheckoutError> {
        if !self.available() {
            return Err(CheckoutError::Unavailable("Click"));
        }
        Ok(click_pay_url(self.0, &invoice.amount_som(), &invoice.id, return_url))
    }
}

/// Click's payment page for `amount` so'm (`N.NN`) of our order `param`
/// (`merchant_trans_id`) on the service `c` describes.
#[must_use]
pub fn click_pay_url(c: &ClickSettings, amount: &str, param: &str, return_url: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("service_id", c.service_id.trim())
        .append_pair("merchant_id", c.merchant_id.trim())
        .append_pair("amount", amount)
        .append_pair("transaction_param", param)
        .append_pair("return_url", return_url)
        .finish();
    format!("{}?{query}", c.pay_url.trim_end_matches('?'))
}

/// Sello: no public merchant API could be found; shown as "Tez kunda".
#[derive(Debug, Clone, Copy, Default)]
pub struct SelloCheckout;

impl CheckoutProvider for SelloCheckout {
    fn provider(&self) -> Provider {
        Provider::Sello
    }

    fn available(&self) -> bool {
        false
    }

    fn checkout_url(&self, _invoice: &Invoice, _return_url: &str) -> Result<String, CheckoutError> {
        Err(CheckoutError::Unavailable("Sello"))
    }
}

/// Every provider an owner may choose, in the order shown.
#[must_use]
pub fn providers(settings: &BillingSettings) -> Vec<Box<dyn CheckoutProvider + '_>> {
    vec![Box::new(PaymeCheckout(&settings.payme)), Box::new(ClickCheckout(&settings.click)), Box::new(SelloCheckout)]
}

/// The provider `code` names, if one can be chosen.
#[must_use]
pub fn provider<'a>(settings: &'a BillingSettings, code: &str) -> Option<Box<dyn CheckoutProvider + 'a>> {
    providers(settings).into_iter().find(|p| p.provider().code() == code)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;
    use crate::billing::invoices::{InvoiceStatus, Origin};
    use crate::billing::lifecycle::Period;
    use crate::ids::{BusinessId, InvoiceId};
    use crate::settings::Secret;

    fn invoice() -> Invoice {
        Invoice {
            id: InvoiceId::parse("0193a5b2-0000-7000-8000-000000000001").unwrap(),
            business_id: BusinessId::new(),
            tariff_code: "biznes".into(),
            tariff_name: "Biznes".into(),
            period: Period::Month,
            amount: 29_900_000,
            status: InvoiceStatus::Open,
            origin: Origin::Owner,
            created_at: 0,
            paid_at: None,
        }
    }

    #[test]
    fn payme_link_is_base64_of_the_published_parameters() {
        let mut s = BillingSettings::default();
        assert!(provider(&s, "payme").unwrap().checkout_url(&invoice(), "x").is_err(), "not configured");
        s.payme.merchant_id = "5e730e8e0b852a417aa49ceb".into();
        s.payme.key = Secret::new("k");
        s.payme.checkout_url = "https://test.paycom.uz/".into();
        let url =
            provider(&s, "payme").unwrap().checkout_url(&invoice(), "https://pos.uz/subscription?invoice=1").unwrap();
        let encoded = url.strip_prefix("https://test.paycom.uz/").unwrap();
        let decoded = String::from_utf8(STANDARD.decode(encoded).unwrap()).unwrap();
        assert_eq!(
            decoded,
            "m=5e730e8e0b852a417aa49ceb;ac.invoice=0193a5b2-0000-7000-8000-000000000001;a=29900000;\
             c=https://pos.uz/subscription?invoice=1"
        );
    }

    #[test]
    fn click_link_carries_so_m_and_the_invoice() {
        let mut s = BillingSettings::default();
        s.click.service_id = "101".into();
        s.click.merchant_id = "202".into();
        s.click.secret_key = Secret::new("k");
        let url = provider(&s, "click").unwrap().checkout_url(&invoice(), "https://pos.uz/s?a=1&b=2").unwrap();
        assert_eq!(
            url,
            "https://my.click.uz/services/pay?service_id=101&merchant_id=202&amount=299000.00&\
             transaction_param=0193a5b2-0000-7000-8000-000000000001&return_url=https%3A%2F%2Fpos.uz%2Fs%3Fa%3D1%26b%3D2"
        );
    }

    #[test]
    fn sello_is_never_available() {
        let s = BillingSettings::default();
        let sello = provider(&s, "sello").unwrap();
        assert!(!sello.available());
        assert_eq!(sello.checkout_url(&invoice(), "x"), Err(CheckoutError::Unavailable("Sello")));
        assert!(provider(&s, "atmos").is_none());
    }
}
