//! The courier company's operators' pages in the owner portal
//! (`templates/cargo_ops/`): parcels waiting for pickup, grouped by sender,
//! each group with the form that prints the handover act.

use askama::Template;

use super::Chrome;
use crate::i18n::cargo_ops::OpsText;

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
