//! The cabinet's shipment pages (`templates/cargo/`): the new shipment form
//! with its price (C2), the orders list (C3), one shipment, "Shaxsiy
//! pochta" (C8) and "Kiruvchi pochta" (C9).

use std::collections::BTreeMap;

use askama::Template;

use super::Choice;
use super::cargo::{Alert, CargoChrome};
use crate::i18n::cargo::ShipmentField;
use crate::i18n::cargo_shipments::ShipmentsText;

/// The tabs above the orders pages ("Yangi", "Buyurtmalar N", "Fayl
/// yuklash", "Papkalar").
#[derive(Debug, Clone)]
pub struct OrderTabs {
    /// The cabinet's root.
    pub base: String,
    /// Which tab is open: `new`, `orders`, `upload`, `folders`.
    pub current: &'static str,
    /// How many orders the client has.
    pub count: i64,
}

/// A shipment as a list row.
#[derive(Debug, Clone, Default)]
pub struct ShipmentLine {
    /// Id (checkbox value).
    pub id: String,
    /// Its page.
    pub href: String,
    /// Barcode.
    pub barcode: String,
    /// Order number.
    pub number: i64,
    /// `DD.MM.YYYY`.
    pub date: String,
    /// Status code (CSS class, `data-status`).
    pub status: &'static str,
    /// Status name.
    pub status_label: &'static str,
    /// The status's colour class.
    pub colour: &'static str,
    /// Sender's region name.
    pub from_region: String,
    /// Receiver's district name.
    pub to_district: String,
    /// Origin office code.
    pub office1: String,
    /// Destination office code.
    pub office2: String,
    /// Receiver's name.
    pub receiver: String,
    /// Sender's name.
    pub sender: String,
    /// Still with the sender: may be deleted.
    pub deletable: bool,
}

/// Keyset pager links (`None`: not there).
#[derive(Debug, Clone, Default)]
pub struct KeyPager {
    /// Newest page.
    pub first: Option<String>,
    /// Newer page.
    pub newer: Option<String>,
    /// Older page.
    pub older: Option<String>,
    /// Oldest page.
    pub last: Option<String>,
}

/// The list's filters as typed.
#[derive(Debug, Clone, Default)]
pub struct ListFilters {
    /// Search text.
    pub q: String,
    /// Statuses (first: all).
    pub statuses: Vec<Choice>,
    /// Regions (first: all).
    pub regions: Vec<Choice>,
    /// From date, `YYYY-MM-DD`.
    pub from: String,
    /// To date, `YYYY-MM-DD`.
    pub to: String,
}

/// The orders list (C3).
#[derive(Debug, Template)]
#[template(path = "cargo/orders.html")]
pub struct OrdersPage {
    /// Layout.
    pub c: CargoChrome,
    /// Tabs.
    pub tabs: OrderTabs,
    /// Filters.
    pub f: ListFilters,
    /// Rows.
    pub rows: Vec<ShipmentLine>,
    /// "Showing 1-38 of 38".
    pub showing: String,
    /// Pages.
    pub pager: KeyPager,
    /// The filtered list as xlsx.
    pub export_href: String,
    /// A notice (deleted, created).
    pub notice: Option<String>,
    /// A refusal.
    pub error: Option<Alert>,
}

/// A field's problem on the form, in the page's language.
#[derive(Debug, Clone)]
pub struct FieldProblem {
    /// The field's form name.
    pub field: &'static str,
    /// Problem code (`data-error`).
    pub code: &'static str,
    /// The message.
    pub message: String,
}

/// A price line.
#[derive(Debug, Clone)]
pub struct PriceLine {
    /// What.
    pub label: &'static str,
    /// Formatted amount.
    pub amount: String,
}

/// The price shown before creating.
#[derive(Debug, Clone)]
pub struct QuoteView {
    /// "Zone 2, 3 kg counted".
    pub basis: String,
    /// Lines.
    pub lines: Vec<PriceLine>,
    /// Formatted total.
    pub total: String,
}

/// The new shipment form's state.
#[derive(Debug, Clone, Default)]
pub struct ShipmentForm {
    /// Values typed, by form name.
    pub values: BTreeMap<&'static str, String>,
    /// Problems, by form name.
    pub problems: Vec<FieldProblem>,
    /// Regions (SOATO, name), for both selects.
    pub regions: Vec<(String, String)>,
    /// The sender's region's districts.
    pub sender_districts: Vec<(String, String)>,
    /// The receiver's region's districts.
    pub receiver_districts: Vec<(String, String)>,
    /// Parcel types (code, name).
    pub parcel_types: Vec<(&'static str, &'static str)>,
}

impl ShipmentForm {
    /// A field's value as typed.
    #[must_use]
    pub fn v(&self, field: &str) -> &str {
        self.values.get(field).map_or("", String::as_str)
    }

    /// Whether a check box is on.
    #[must_use]
    pub fn on(&self, field: &str) -> bool {
        !matches!(self.v(field), "" | "0" | "off")
    }

    /// Whether `value` is the field's value (selects).
    #[must_use]
    pub fn is(&self, field: &str, value: &str) -> bool {
        self.v(field) == value
    }

    /// The field's problem, if any.
    #[must_use]
    pub fn problem(&self, field: &str) -> Option<&FieldProblem> {
        self.problems.iter().find(|p| p.field == field)
    }

    /// A field's form name.
    #[must_use]
    pub fn name(f: ShipmentField) -> &'static str {
        f.code()
    }
}

/// The new shipment form (C2).
#[derive(Debug, Template)]
#[template(path = "cargo/order_new.html")]
pub struct NewOrderPage {
    /// Layout.
    pub c: CargoChrome,
    /// Tabs.
    pub tabs: OrderTabs,
    /// The form.
    pub form: ShipmentForm,
    /// The price, when it could be counted.
    pub quote: Option<QuoteView>,
    /// A refusal for the whole form.
    pub error: Option<Alert>,
}

/// One entry of a shipment's history.
#[derive(Debug, Clone)]
pub struct HistoryLine {
    /// `DD.MM.YYYY HH:MM` in Tashkent.
    pub when: String,
    /// What happened.
    pub what: String,
    /// Status code after it.
    pub status: &'static str,
    /// The status's colour class.
    pub colour: &'static str,
    /// Office code.
    pub office: String,
    /// Reason text (empty: none).
    pub reason: String,
    /// Note typed at the desk.
    pub note: String,
}

/// A shipment's details, documents and history, on its page and in an
/// expanded row.
#[derive(Debug, Clone, Default)]
pub struct ShipmentDetail {
    /// The row.
    pub line: ShipmentLine,
    /// Label, value pairs.
    pub facts: Vec<(&'static str, String)>,
    /// History, oldest first.
    pub history: Vec<HistoryLine>,
    /// The waybill PDF.
    pub waybill_href: String,
    /// The label PDF.
    pub label_href: String,
    /// File an appeal about it.
    pub appeal_href: String,
    /// The barcode as an inline SVG (trusted markup made by the server).
    pub barcode_svg: String,
    /// The waybill's picture as an inline SVG (trusted markup).
    pub waybill_svg: String,
}

/// One shipment's page.
#[derive(Debug, Template)]
#[template(path = "cargo/order.html")]
pub struct OrderPage {
    /// Layout.
    pub c: CargoChrome,
    /// Heading.
    pub title: String,
    /// Everything about it.
    pub d: ShipmentDetail,
    /// A notice (just created).
    pub notice: Option<String>,
    /// A refusal (delete refused).
    pub error: Option<Alert>,
    /// The client's own shipment with something due: (the pay form's
    /// address, the amount printed).
    pub pay: Option<(String, String)>,
}

/// "Shaxsiy pochta" (sent) or "Kiruvchi pochta" (incoming).
#[derive(Debug, Template)]
#[template(path = "cargo/mail.html")]
pub struct MailPage {
    /// Layout.
    pub c: CargoChrome,
    /// Heading.
    pub title: &'static str,
    /// The page's own path (search form's action).
    pub action: String,
    /// Incoming: the other party is the sender.
    pub incoming: bool,
    /// Search text.
    pub q: String,
    /// Rows with their details.
    pub rows: Vec<ShipmentDetail>,
    /// Nothing found.
    pub empty: &'static str,
    /// "Showing …".
    pub showing: String,
    /// Pages.
    pub pager: KeyPager,
}

impl OrdersPage {
    /// The shipment pages' strings.
    #[must_use]
    pub fn s(&self) -> &'static ShipmentsText {
        &self.c.t.cargo.shipments
    }
}

impl NewOrderPage {
    /// The shipment pages' strings.
    #[must_use]
    pub fn s(&self) -> &'static ShipmentsText {
        &self.c.t.cargo.shipments
    }

    /// A field's label.
    #[must_use]
    pub fn label(&self, code: &str) -> &'static str {
        ShipmentField::from_code(code).map_or("", |f| self.c.t.cargo.field(f))
    }
}

impl OrderPage {
    /// The shipment pages' strings.
    #[must_use]
    pub fn s(&self) -> &'static ShipmentsText {
        &self.c.t.cargo.shipments
    }
}

impl MailPage {
    /// The shipment pages' strings.
    #[must_use]
    pub fn s(&self) -> &'static ShipmentsText {
        &self.c.t.cargo.shipments
    }
}

/// Just the catalog, for fragments drawn outside a page.
#[derive(Debug)]
pub struct TextOnly {
    /// The catalog.
    pub t: &'static crate::i18n::Text,
}

/// The price box alone (the form's script replaces it as the user types).
#[derive(Debug, Template)]
#[template(path = "cargo/price_box.html")]
pub struct PriceBox {
    /// The catalog.
    pub c: TextOnly,
    /// The price, when it could be counted.
    pub quote: Option<QuoteView>,
}

/// The price box's HTML.
///
/// # Errors
/// The template's.
pub fn price_box(t: &'static crate::i18n::Text, quote: Option<&QuoteView>) -> Result<String, askama::Error> {
    PriceBox { c: TextOnly { t }, quote: quote.cloned() }.render()
}

/// What public tracking shows: statuses and offices, no names or phones.
#[derive(Debug, Clone)]
pub struct TrackResult {
    /// The barcode.
    pub barcode: String,
    /// Status code.
    pub status: &'static str,
    /// Status name.
    pub status_label: &'static str,
    /// Its colour class.
    pub colour: &'static str,
    /// The courier company.
    pub company: String,
    /// Origin office (name and code).
    pub from_office: String,
    /// Destination office.
    pub to_office: String,
    /// History, oldest first.
    pub history: Vec<HistoryLine>,
}

/// Public tracking (C12).
#[derive(Debug, Template)]
#[template(path = "cargo_public/track.html")]
pub struct TrackPage {
    /// The portal's public layout.
    pub c: super::Chrome,
    /// The barcode typed (or from the label's QR code).
    pub barcode: String,
    /// The question.
    pub captcha: super::cargo::CaptchaView,
    /// What went wrong.
    pub error: Option<Alert>,
    /// The shipment found.
    pub result: Option<TrackResult>,
}
