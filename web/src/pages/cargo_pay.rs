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

/// One line of a reconciliation act: a day's rows of one kind and method.
#[derive(Debug, Clone, Default)]
pub struct ActLine {
    /// The Tashkent date, `dd.mm.yyyy`.
    pub date: String,
    /// What moved ("To'lov · Naqd").
    pub what: String,
    /// How many ledger rows.
    pub count: i64,
    /// Against the client, printed (empty when none).
    pub debit: String,
    /// In the client's favour, printed (empty when none).
    pub credit: String,
}

/// `/cargo/{slug}/act`: the reconciliation act for a period (C11).
#[derive(Debug, Template)]
#[template(path = "cargo/act.html")]
pub struct CargoActPage {
    /// Layout.
    pub c: CargoChrome,
    /// The period as typed (`YYYY-MM-DD`).
    pub from: String,
    /// The period's last day as typed.
    pub to: String,
    /// The dates were wrong (the act is not shown).
    pub error: Option<Alert>,
    /// The sentence under the heading.
    pub intro: String,
    /// Opening balance, turnover debit and credit, closing balance (printed).
    pub totals: [String; 4],
    /// The closing balance in words ("… mijoz qarzi").
    pub closing_words: String,
    /// The lines.
    pub rows: Vec<ActLine>,
    /// The PDF's address (with the period).
    pub pdf_href: String,
    /// The contract's id when the act is of one (kept by the period form).
    pub contract: String,
}

impl CargoActPage {
    /// The page's strings.
    #[must_use]
    pub fn a(&self) -> &'static crate::i18n::cargo_act::ActText {
        &self.c.t.cargo.act
    }
}
