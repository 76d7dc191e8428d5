//! Paying for a shipment (C6) and a payment's receipt (C7) in the cabinet
//! (`templates/cargo/pay.html`, `receipt.html`); the operators' Click
//! settings (`templates/cargo_ops/click.html`).

use askama::Template;

use super::Chrome;
use super::cargo::{Alert, CaptchaView, CargoChrome};
use crate::i18n::cargo_pay::PayText;

/// `/cargo/{slug}/pay`: barcode, amount, provider, captcha.
#[derive(Debug, Template)]
#[template(path = "cargo/pay.html")]
pub struct CargoPayPage {
    /// Layout.
    pub c: CargoChrome,
    /// The barcode as typed.
    pub barcode: String,
    /// The amount as typed (so'm).
    pub amount: String,
    /// What the shipment still needs, printed, when known.
    pub due: Option<String>,
    /// Why the form was refused.
    pub error: Option<Alert>,
    /// The captcha.
    pub captcha: CaptchaView,
    /// The company takes Click payments.
    pub click: bool,
}

impl CargoPayPage {
    /// The page's strings.
    #[must_use]
    pub fn p(&self) -> &'static PayText {
        &self.c.t.cargo.pay
    }
}

/// `/cargo/{slug}/payments/{id}`: one payment's receipt.
#[derive(Debug, Template)]
#[template(path = "cargo/receipt.html")]
pub struct CargoReceiptPage {
    /// Layout.
    pub c: CargoChrome,
    /// The ledger row's id (the PDF's address).
    pub id: String,
    /// "Kvitansiya № …".
    pub title: String,
    /// Label, value.
    pub rows: Vec<(String, String)>,
}

impl CargoReceiptPage {
    /// The page's strings.
    #[must_use]
    pub fn p(&self) -> &'static PayText {
        &self.c.t.cargo.pay
    }
}

/// `/cargo-ops/click`: the company's own Click service.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/click.html")]
pub struct ClickSettingsPage {
    /// Layout.
    pub c: Chrome,
    /// Service id, merchant id, merchant user id, as saved or typed.
    pub ids: [String; 3],
    /// A service is saved (its ids and a secret key): online payment is on.
    pub saved_service: bool,
    /// The Prepare address to give Click.
    pub prepare_url: String,
    /// The Complete address to give Click.
    pub complete_url: String,
    /// The field refused and why.
    pub error: Option<(String, String)>,
    /// Just saved.
    pub saved: bool,
}

impl ClickSettingsPage {
    /// The page's strings.
    #[must_use]
    pub fn p(&self) -> &'static PayText {
        &self.c.t.cargo.pay
    }

    /// The form's fields: name, label, value.
    #[must_use]
    pub fn fields(&self) -> [(&'static str, &'static str, &str); 3] {
        let l = self.p().ops_ids;
        [
            ("service_id", l[0], self.ids[0].as_str()),
            ("merchant_id", l[1], self.ids[1].as_str()),
            ("merchant_user_id", l[2], self.ids[2].as_str()),
        ]
    }
}
