//! Business clients' contracts (C11): the contracts part of the operators'
//! ledger page of a client, and the cabinet's "Biznes" section
//! (`templates/cargo/business.html`).

use askama::Template;

use super::Choice;
use super::cargo::CargoChrome;
use super::cargo_shipments::{KeyPager, ShipmentLine};
use crate::i18n::cargo_business::BusinessText;

/// One of a client's contracts on the operators' page.
#[derive(Debug, Clone, Default)]
pub struct ContractLine {
    /// Id.
    pub id: String,
    /// Number.
    pub number: String,
    /// `DD.MM.YYYY`.
    pub signed_on: String,
    /// The office's name.
    pub office: String,
    /// The manager's name (the form's value).
    pub manager_name: String,
    /// The manager's phone (the form's value).
    pub manager_phone: String,
    /// The contract's balance, printed.
    pub balance: String,
    /// The client owes on it.
    pub owes: bool,
    /// Where its manager form posts.
    pub manager_action: String,
    /// Why its manager form was refused, and the field.
    pub error: Option<(String, &'static str)>,
}

/// The operators' new contract form.
#[derive(Debug, Clone, Default)]
pub struct ContractForm {
    /// Where it posts.
    pub action: String,
    /// Number as typed.
    pub number: String,
    /// Date as typed (`YYYY-MM-DD`).
    pub signed_on: String,
    /// The company's offices (the chosen one selected).
    pub offices: Vec<Choice>,
    /// Manager's name as typed.
    pub manager_name: String,
    /// Manager's phone as typed.
    pub manager_phone: String,
    /// Why it was refused, and the field.
    pub error: Option<(String, &'static str)>,
}

/// `/cargo/{slug}/business`: the chosen contract's manager, balance and
/// orders in a year or a month.
#[derive(Debug, Template)]
#[template(path = "cargo/business.html")]
pub struct BusinessPage {
    /// Layout.
    pub c: CargoChrome,
    /// The client's contracts (the chosen one selected); empty: none.
    pub contracts: Vec<Choice>,
    /// The chosen contract's id.
    pub contract: String,
    /// "Signed {date}".
    pub signed: String,
    /// The manager's name (empty: none).
    pub manager_name: String,
    /// The manager's phone (empty: none).
    pub manager_phone: String,
    /// The contract's balance, printed.
    pub balance: String,
    /// The client owes on it.
    pub owes: bool,
    /// Years to choose from (the chosen one selected).
    pub years: Vec<Choice>,
    /// Months to choose from, the whole year first.
    pub months: Vec<Choice>,
    /// The contract's orders in the period.
    pub rows: Vec<ShipmentLine>,
    /// "Showing 1–50 of 120".
    pub showing: String,
    /// Keyset links.
    pub pager: KeyPager,
    /// The act of the contract for the period.
    pub act_href: String,
    /// The invoice of the contract for the period (PDF).
    pub invoice_href: String,
    /// The client's ledger row count (the live balance's version).
    pub version: i64,
}

impl BusinessPage {
    /// The section's strings.
    #[must_use]
    pub fn b(&self) -> &'static BusinessText {
        &self.c.t.cargo.business
    }
}

/// `/cargo-ops/legal` and `/cargo-ops/clients/{id}/legal`: a party's legal
/// details form.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/legal.html")]
pub struct LegalPage {
    /// Layout.
    pub c: super::Chrome,
    /// Heading.
    pub title: String,
    /// Where the form posts (and the page's address).
    pub action: String,
    /// Where "back" leads (a client's ledger), if anywhere.
    pub back: Option<String>,
    /// The fields: name, label, hint, value, in the form's order (the
    /// company's has the IKPU code too).
    pub fields: Vec<(&'static str, &'static str, &'static str, String)>,
    /// Why the form was refused: the field and the message.
    pub error: Option<(&'static str, &'static str)>,
    /// After a save.
    pub saved: bool,
}

impl LegalPage {
    /// The strings.
    #[must_use]
    pub fn l(&self) -> &'static crate::i18n::cargo_legal::LegalText {
        &self.c.t.cargo.legal
    }
}

/// A filter tab of the e-commerce page.
#[derive(Debug, Clone)]
pub struct FilterTab {
    /// Code (`all`, `orders`, `sales`, `ready`, `paid`, `returns`).
    pub code: &'static str,
    /// Label.
    pub label: &'static str,
    /// Its address (the office and the period kept).
    pub href: String,
    /// The one shown.
    pub current: bool,
}

/// A cash-on-delivery payout on the e-commerce page.
#[derive(Debug, Clone, Default)]
pub struct PayoutLine {
    /// Tashkent time.
    pub at: String,
    /// Amount paid out, printed (positive).
    pub amount: String,
    /// The operators' note.
    pub note: String,
}

/// `/cargo/{slug}/ecommerce` (C10): the office's (contract's) sales blocks,
/// the filters, the period and the list.
#[derive(Debug, Template)]
#[template(path = "cargo/ecommerce.html")]
pub struct EcommercePage {
    /// Layout.
    pub c: CargoChrome,
    /// The offices (contracts) and "all orders", the chosen one selected.
    pub offices: Vec<Choice>,
    /// The period as typed (`YYYY-MM-DD`).
    pub from: String,
    /// Its end.
    pub to: String,
    /// The filter shown (hidden field).
    pub show: &'static str,
    /// A wrong period.
    pub error: Option<super::cargo::Alert>,
    /// The blocks' values, printed, in [`crate::i18n::cargo_ecommerce::EcommerceText::blocks`] order.
    pub blocks: [String; 6],
    /// Under the returns block: how many orders.
    pub returned: String,
    /// The filters.
    pub tabs: Vec<FilterTab>,
    /// The shipments (every filter but "paid amounts").
    pub rows: Vec<ShipmentLine>,
    /// The payouts ("paid amounts").
    pub payouts: Vec<PayoutLine>,
    /// "Showing 1–50 of 120".
    pub showing: String,
    /// Keyset links.
    pub pager: KeyPager,
    /// The client's ledger row count (the live blocks' version).
    pub version: i64,
}

impl EcommercePage {
    /// The section's strings.
    #[must_use]
    pub fn e(&self) -> &'static crate::i18n::cargo_ecommerce::EcommerceText {
        &self.c.t.cargo.ecommerce
    }
}

/// One employee row of the power of attorney's form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AttorneyRow {
    /// Phone.
    pub phone: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Patronymic (may be empty).
    pub patronymic: String,
    /// On the document.
    pub active: bool,
}

/// `/cargo/{slug}/business/attorney`: the contract's power of attorney:
/// the employees' rows (add, remove, save) and the document.
#[derive(Debug, Template)]
#[template(path = "cargo/attorney.html")]
pub struct AttorneyPage {
    /// Layout.
    pub c: CargoChrome,
    /// The client's contracts (the chosen one selected).
    pub contracts: Vec<Choice>,
    /// The chosen contract's id.
    pub contract: String,
    /// The rows (at least one, blank when there is none).
    pub rows: Vec<AttorneyRow>,
    /// Why the form was refused: the row (0-based), the field and the message.
    pub error: Option<(usize, &'static str, String)>,
    /// After a save.
    pub notice: Option<String>,
    /// The document's "valid until" (`YYYY-MM-DD`).
    pub until: String,
    /// Saved active employees exist (the document can be made).
    pub printable: bool,
    /// "Biznes" with the contract chosen.
    pub back: String,
}

impl AttorneyPage {
    /// The strings.
    #[must_use]
    pub fn a(&self) -> &'static crate::i18n::cargo_attorney::AttorneyText {
        &self.c.t.cargo.attorney
    }

    /// Whether row `i`'s `field` is the refused one.
    #[must_use]
    pub fn wrong(&self, i: &usize, field: &str) -> bool {
        self.error.as_ref().is_some_and(|(row, f, _)| row == i && *f == field)
    }
}

/// An API key on the page.
#[derive(Debug, Clone, Default)]
pub struct KeyLine {
    /// Id (the revoke form's).
    pub id: String,
    /// Its first characters.
    pub prefix: String,
    /// Made (Tashkent time).
    pub created: String,
    /// Last used, or "not yet".
    pub used: String,
    /// Revoked.
    pub revoked: bool,
    /// A test mode key.
    pub test: bool,
}

/// A line of the webhook delivery log.
#[derive(Debug, Clone, Default)]
pub struct DeliveryLine {
    /// Id.
    pub id: String,
    /// Written (Tashkent time).
    pub at: String,
    /// The shipment's barcode.
    pub barcode: String,
    /// The status told, in words.
    pub status: String,
    /// `pending`, `delivered`, `failed`.
    pub state: String,
    /// The state in words (with the next attempt when pending).
    pub state_label: String,
    /// Attempts.
    pub attempts: i64,
    /// "HTTP 500", "connection refused"… (empty after a success).
    pub answer: String,
}

/// `/cargo/{slug}/business/api`: a contract's API keys, its webhook and the
/// delivery log.
#[derive(Debug, Template)]
#[template(path = "cargo/api.html")]
pub struct ApiPage {
    /// Layout.
    pub c: CargoChrome,
    /// The client's contracts (the chosen one selected).
    pub contracts: Vec<Choice>,
    /// The chosen contract's id.
    pub contract: String,
    /// Its keys, newest first.
    pub keys: Vec<KeyLine>,
    /// A key just made (shown once).
    pub new_key: Option<String>,
    /// The endpoint's address as saved or typed.
    pub url: String,
    /// The signing secret (once an endpoint is saved).
    pub secret: Option<String>,
    /// The latest deliveries.
    pub log: Vec<DeliveryLine>,
    /// After an action.
    pub notice: Option<String>,
    /// Why an action was refused: the field and the message.
    pub error: Option<(&'static str, String)>,
    /// The API's address (`…/api/cargo/v1`).
    pub api_base: String,
    /// "Biznes" with the contract chosen.
    pub back: String,
}

impl ApiPage {
    /// The strings.
    #[must_use]
    pub fn a(&self) -> &'static crate::i18n::cargo_api::ApiText {
        &self.c.t.cargo.api
    }
}

/// A sandbox shipment on test mode's page.
#[derive(Debug, Clone, Default)]
pub struct SandboxLine {
    /// Id (the advance form's).
    pub id: String,
    /// Made (Tashkent time).
    pub date: String,
    /// `T…`.
    pub barcode: String,
    /// Per contract.
    pub number: i64,
    /// Status code.
    pub status: String,
    /// The status in words.
    pub status_label: String,
    /// Its colour class.
    pub colour: &'static str,
    /// Receiver's name.
    pub receiver: String,
    /// Price, printed.
    pub price: String,
    /// Cash on delivery, printed.
    pub cod: String,
    /// Not delivered yet (a next status exists).
    pub can_advance: bool,
}

/// `/cargo/{slug}/business/test`: "Biznes" in test mode, the contract's
/// sandbox.
#[derive(Debug, Template)]
#[template(path = "cargo/sandbox.html")]
pub struct SandboxPage {
    /// Layout.
    pub c: CargoChrome,
    /// The client's contracts (the chosen one selected).
    pub contracts: Vec<Choice>,
    /// The chosen contract's id.
    pub contract: String,
    /// The sandbox balance, printed.
    pub balance: String,
    /// It is below zero.
    pub owes: bool,
    /// The sandbox shipments, newest first.
    pub rows: Vec<SandboxLine>,
    /// After an action.
    pub notice: Option<String>,
    /// Why an action was refused.
    pub error: Option<String>,
}

impl SandboxPage {
    /// The strings.
    #[must_use]
    pub fn a(&self) -> &'static crate::i18n::cargo_api::ApiText {
        &self.c.t.cargo.api
    }
}
