//! The courier company's operators' pages in the owner portal
//! (`templates/cargo_ops/`): parcels waiting for pickup, grouped by sender,
//! each group with the form that prints the handover act; the company's
//! shipments and one shipment; the tariff's form; the clients' balances and
//! one client's ledger.

use askama::Template;

use super::cargo_shipments::{KeyPager, ListFilters, ShipmentDetail, ShipmentLine};
use super::{Choice, Chrome};
use crate::i18n::cargo_money::MoneyText;
use crate::i18n::cargo_ops::OpsText;
use crate::i18n::cargo_shipments::ShipmentsText;

/// One parcel waiting for pickup.
#[derive(Debug, Clone, Default)]
pub struct PickupLine {
    /// Shipment id (the checkbox's value).
    pub id: String,
    /// Barcode.
    pub barcode: String,
    /// Order number.
    pub number: i64,
    /// Receiver's name.
    pub receiver: String,
    /// Receiver's district in the page's language.
    pub to: String,
    /// Weight in kg as printed.
    pub weight: String,
    /// Pieces.
    pub pieces: i64,
}

/// A sender's parcels and the form handing them to a courier.
#[derive(Debug, Clone, Default)]
pub struct PickupGroup {
    /// The sender's key (the form's hidden `sender`).
    pub key: String,
    /// Sender's name.
    pub name: String,
    /// Sender's phone.
    pub phone: String,
    /// Region, district, address.
    pub place: String,
    /// "3 parcels".
    pub count: String,
    /// The parcels.
    pub lines: Vec<PickupLine>,
    /// The courier's name as typed (after a refusal).
    pub courier_name: String,
    /// The courier's phone as typed.
    pub courier_phone: String,
    /// Why the form was refused, for this group.
    pub error: Option<String>,
}

/// `/cargo-ops/pickups`.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/pickups.html")]
pub struct PickupsPage {
    /// Layout.
    pub c: Chrome,
    /// The senders with parcels waiting.
    pub groups: Vec<PickupGroup>,
}

impl PickupsPage {
    /// The page's strings.
    #[must_use]
    pub fn o(&self) -> &'static OpsText {
        &self.c.t.cargo.ops
    }
}

/// `/cargo-ops/shipments`: every shipment of the company, filtered.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/shipments.html")]
pub struct OpsShipmentsPage {
    /// Layout.
    pub c: Chrome,
    /// Shipments matching the filters in all.
    pub total: i64,
    /// The filters as chosen.
    pub f: ListFilters,
    /// The office filter's choices (first: all).
    pub offices: Vec<Choice>,
    /// The page's rows.
    pub rows: Vec<ShipmentLine>,
    /// "1–50 of 1 234".
    pub showing: String,
    /// Keyset links.
    pub pager: KeyPager,
}

impl OpsShipmentsPage {
    /// The page's strings.
    #[must_use]
    pub fn o(&self) -> &'static OpsText {
        &self.c.t.cargo.ops
    }

    /// The list's strings (columns, filters), shared with the cabinet.
    #[must_use]
    pub fn s(&self) -> &'static ShipmentsText {
        &self.c.t.cargo.shipments
    }
}

/// `/cargo-ops/shipments/{id}`: one shipment with its history and documents.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/shipment.html")]
pub struct OpsShipmentPage {
    /// Layout.
    pub c: Chrome,
    /// Heading.
    pub title: String,
    /// Everything about it (no appeal link).
    pub d: ShipmentDetail,
    /// Whose it is: the client's name and phone, or "registered at a desk".
    pub client: String,
}

impl OpsShipmentPage {
    /// The page's strings.
    #[must_use]
    pub fn o(&self) -> &'static OpsText {
        &self.c.t.cargo.ops
    }
}

/// A number field of the tariff form: its name, label, value as typed, and
/// why it was refused.
#[derive(Debug, Clone, Default)]
pub struct TariffField {
    /// The form field's name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// The value shown (as typed after a refusal).
    pub value: String,
    /// Why it was refused.
    pub error: Option<String>,
}

/// A weight band of the tariff form: "up to" kg and a price per zone.
#[derive(Debug, Clone, Default)]
pub struct TariffBand {
    /// "Up to" kilograms.
    pub kg: TariffField,
    /// A price per zone, in the zones' order (empty: the zone has no such band).
    pub prices: Vec<TariffField>,
}

/// A row of the zones matrix: from one region to each region.
#[derive(Debug, Clone, Default)]
pub struct ZoneRow {
    /// The region it starts in.
    pub from: String,
    /// One field per destination region, in the columns' order.
    pub cells: Vec<TariffField>,
}

/// `/cargo-ops/tariff`: the company's tariff, editable.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/tariff.html")]
pub struct TariffPage {
    /// Layout.
    pub c: Chrome,
    /// The version the form was loaded at (a save over a newer one is refused).
    pub version: String,
    /// The company has no tariff yet (starting prices are shown).
    pub fresh: bool,
    /// Services and extras.
    pub services: Vec<TariffField>,
    /// The zones' names, in the rates table's column order.
    pub zones: Vec<String>,
    /// Weight bands (the last one blank, to add one).
    pub bands: Vec<TariffBand>,
    /// Destination regions' names (the matrix's columns).
    pub regions: Vec<String>,
    /// The matrix's rows.
    pub routes: Vec<ZoneRow>,
    /// Saved.
    pub notice: Option<String>,
    /// Refused (the fields say why).
    pub error: Option<String>,
}

impl TariffPage {
    /// The page's strings.
    #[must_use]
    pub fn o(&self) -> &'static OpsText {
        &self.c.t.cargo.ops
    }
}

/// A client's balance on the operators' list.
#[derive(Debug, Clone, Default)]
pub struct BalanceLine {
    /// The client's ledger page.
    pub href: String,
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Charged, as printed.
    pub charged: String,
    /// Paid.
    pub paid: String,
    /// Cash on delivery held for them.
    pub cod: String,
    /// The balance.
    pub balance: String,
    /// The client owes (balance below zero).
    pub owes: bool,
}

/// `/cargo-ops/balances`: every client's balance.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/balances.html")]
pub struct BalancesPage {
    /// Layout.
    pub c: Chrome,
    /// The search as typed.
    pub q: String,
    /// The clients.
    pub rows: Vec<BalanceLine>,
}

impl BalancesPage {
    /// The page's strings.
    #[must_use]
    pub fn m(&self) -> &'static MoneyText {
        &self.c.t.cargo.money
    }
}

/// A row of a ledger as printed.
#[derive(Debug, Clone, Default)]
pub struct EntryLine {
    /// Its id.
    pub id: String,
    /// Tashkent time.
    pub at: String,
    /// Kind (and method) in the page's language.
    pub kind: String,
    /// Stored kind code.
    pub code: &'static str,
    /// The amount, signed.
    pub amount: String,
    /// In the client's favour.
    pub credit: bool,
    /// The balance after it.
    pub after: String,
    /// The shipment's barcode.
    pub barcode: String,
    /// The note.
    pub note: String,
    /// The contract's number, else empty.
    pub contract: String,
}

/// The record form of a client's ledger page.
#[derive(Debug, Clone, Default)]
pub struct RecordForm {
    /// The kind chosen (`transfer`, `payout`, `correction`).
    pub kind: String,
    /// The amount as typed.
    pub amount: String,
    /// The note as typed.
    pub note: String,
    /// The contract chosen (empty: the general account).
    pub contract: String,
    /// This form's one-time key (a repeat submits nothing twice).
    pub key: String,
    /// Why it was refused, and the field.
    pub error: Option<(String, &'static str)>,
}

/// `/cargo-ops/clients/{id}/ledger`: one client's rows and the record form.
#[derive(Debug, Template)]
#[template(path = "cargo_ops/ledger.html")]
pub struct ClientLedgerPage {
    /// Layout.
    pub c: Chrome,
    /// Heading.
    pub title: String,
    /// Where the form posts.
    pub action: String,
    /// The phone.
    pub phone: String,
    /// The balance, charged, paid, cash on delivery held, as printed.
    pub balance: BalanceLine,
    /// Newest first.
    pub rows: Vec<EntryLine>,
    /// The form.
    pub form: RecordForm,
    /// "Recorded."
    pub notice: Option<String>,
    /// The client's contracts.
    pub contracts: Vec<super::cargo_business::ContractLine>,
    /// The new contract form.
    pub contract_form: super::cargo_business::ContractForm,
}

impl ClientLedgerPage {
    /// The page's strings.
    #[must_use]
    pub fn m(&self) -> &'static MoneyText {
        &self.c.t.cargo.money
    }

    /// The contracts' strings.
    #[must_use]
    pub fn b(&self) -> &'static crate::i18n::cargo_business::BusinessText {
        &self.c.t.cargo.business
    }
}
