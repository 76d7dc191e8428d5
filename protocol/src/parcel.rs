//! Parcels of a courier company: the shipment's barcode, its canonical
//! lifecycle, the reasons a delivery fails or a parcel goes back, and what a
//! parcel-desk terminal reports (scans and walk-in shipments).
//!
//! A parcel desk is a POS terminal: its scans are edge events like orders,
//! stored durably at the hub and synced exactly once; the cloud turns them
//! into each shipment's history, ordered by scan time. Cash taken at the desk
//! travels as an ordinary order and payment.

use serde::{Deserialize, Serialize};

use crate::{EmployeeId, Money, PaymentId, ScanId, ShipmentId, Timestamp};

/// Digits in a barcode: eleven of the serial, then the check digit.
pub const BARCODE_DIGITS: usize = 12;
/// The largest serial a barcode can carry.
pub const MAX_SERIAL: u64 = 99_999_999_999;

/// A shipment's barcode: 12 digits, the last a GS1 mod-10 check digit over the
/// other eleven (the serial). Printed as Code128 (set C: six symbol pairs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Barcode(String);

/// Why a text is not a barcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    /// Not exactly 12 ASCII digits.
    #[error("a barcode is 12 digits")]
    Shape,
    /// The last digit does not match the others.
    #[error("the barcode's check digit is wrong")]
    CheckDigit,
}

/// The GS1 mod-10 check digit of `digits` (weights 3, 1, 3… from the right).
#[must_use]
pub fn check_digit(digits: &[u8]) -> u8 {
    let sum: u32 = digits.iter().rev().enumerate().map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 }).sum();
    // `sum % 10` is below 10, so the result fits a digit.
    u8::try_from((10 - sum % 10) % 10).unwrap_or(0)
}

impl Barcode {
    /// The barcode of a serial number, `None` above [`MAX_SERIAL`].
    #[must_use]
    pub fn from_serial(serial: u64) -> Option<Barcode> {
        if serial > MAX_SERIAL {
            return None;
        }
        let body = format!("{serial:011}");
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        Some(Barcode(format!("{body}{}", check_digit(&digits))))
    }

    /// Reads a scanned or typed barcode (surrounding spaces ignored).
    ///
    /// # Errors
    /// [`BarcodeError`] for a wrong length, a non-digit or a wrong check digit.
    pub fn parse(text: &str) -> Result<Barcode, BarcodeError> {
        let text = text.trim();
        if text.len() != BARCODE_DIGITS || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BarcodeError::Shape);
        }
        let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
        let (body, last) = digits.split_at(BARCODE_DIGITS - 1);
        if last.first().copied() != Some(check_digit(body)) {
            return Err(BarcodeError::CheckDigit);
        }
        Ok(Barcode(text.to_owned()))
    }

    /// The 12 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The serial number (the first eleven digits).
    #[must_use]
    pub fn serial(&self) -> u64 {
        self.0.get(..BARCODE_DIGITS - 1).and_then(|s| s.parse().ok()).unwrap_or(0)
    }
}

impl std::fmt::Display for Barcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a shipment stands: one canonical lifecycle.
///
/// ```text
/// Created ─► PickupRequested ─► AcceptedAtOffice ─► InTransit ─► AtDestinationOffice
///    │                              ▲                                   │
///    └──────────────────────────────┘                                   ▼
///                  Delivered ◄── OutForDelivery ◄──────────────────────(…)
///                                   │
///                                   ▼
///                            DeliveryFailed ─► Returning ─► Returned
/// Cancelled (only before acceptance), Lost (any time after acceptance).
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ShipmentStatus {
    /// Made by the client, still with the sender ("У Отправителя").
    Created,
    /// The client asked for a courier to pick it up.
    PickupRequested,
    /// A desk accepted the parcel.
    AcceptedAtOffice,
    /// On the way between offices.
    InTransit,
    /// At the office that delivers it.
    AtDestinationOffice,
    /// With a courier on the way to the receiver.
    OutForDelivery,
    /// Handed to the receiver.
    Delivered,
    /// A delivery attempt failed (a reason says why).
    DeliveryFailed,
    /// Going back to the sender.
    Returning,
    /// Given back to the sender.
    Returned,
    /// Cancelled before it was accepted.
    Cancelled,
    /// Lost.
    Lost,
}

impl ShipmentStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [ShipmentStatus; 12] = [
        ShipmentStatus::Created,
        ShipmentStatus::PickupRequested,
        ShipmentStatus::AcceptedAtOffice,
        ShipmentStatus::InTransit,
        ShipmentStatus::AtDestinationOffice,
        ShipmentStatus::OutForDelivery,
        ShipmentStatus::Delivered,
        ShipmentStatus::DeliveryFailed,
        ShipmentStatus::Returning,
        ShipmentStatus::Returned,
        ShipmentStatus::Cancelled,
        ShipmentStatus::Lost,
    ];

    /// A stable lowercase code for storage and URLs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ShipmentStatus::Created => "created",
            ShipmentStatus::PickupRequested => "pickup_requested",
            ShipmentStatus::AcceptedAtOffice => "accepted",
            ShipmentStatus::InTransit => "in_transit",
            ShipmentStatus::AtDestinationOffice => "at_destination",
            ShipmentStatus::OutForDelivery => "out_for_delivery",
            ShipmentStatus::Delivered => "delivered",
            ShipmentStatus::DeliveryFailed => "delivery_failed",
            ShipmentStatus::Returning => "returning",
            ShipmentStatus::Returned => "returned",
            ShipmentStatus::Cancelled => "cancelled",
            ShipmentStatus::Lost => "lost",
        }
    }

    /// The inverse of [`ShipmentStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<ShipmentStatus> {
        ShipmentStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still with the sender: the client may change or delete it.
    #[must_use]
    pub const fn at_sender(self) -> bool {
        matches!(self, ShipmentStatus::Created | ShipmentStatus::PickupRequested)
    }

    /// Nothing more happens to it.
    #[must_use]
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            ShipmentStatus::Delivered | ShipmentStatus::Returned | ShipmentStatus::Cancelled | ShipmentStatus::Lost
        )
    }

    /// The seed's colour class: grey with the sender, blue moving, green
    /// delivered, orange trouble, red ended badly.
    #[must_use]
    pub const fn colour(self) -> &'static str {
        match self {
            ShipmentStatus::Created | ShipmentStatus::PickupRequested => "grey",
            ShipmentStatus::AcceptedAtOffice
            | ShipmentStatus::InTransit
            | ShipmentStatus::AtDestinationOffice
            | ShipmentStatus::OutForDelivery => "blue",
            ShipmentStatus::Delivered => "green",
            ShipmentStatus::DeliveryFailed | ShipmentStatus::Returning | ShipmentStatus::Returned => "orange",
            ShipmentStatus::Cancelled | ShipmentStatus::Lost => "red",
        }
    }
}

/// What is being sent ("Jo'natma turi").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ParcelType {
    /// Documents, letters.
    Documents,
    /// A small parcel (up to a shoebox).
    Small,
    /// A box.
    Box,
    /// Large or heavy cargo.
    Cargo,
    /// Fragile goods, handled with care.
    Fragile,
}

impl ParcelType {
    /// Every type, in display order.
    pub const ALL: [ParcelType; 5] =
        [ParcelType::Documents, ParcelType::Small, ParcelType::Box, ParcelType::Cargo, ParcelType::Fragile];

    /// A stable lowercase code for storage and forms.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ParcelType::Documents => "documents",
            ParcelType::Small => "small",
            ParcelType::Box => "box",
            ParcelType::Cargo => "cargo",
            ParcelType::Fragile => "fragile",
        }
    }

    /// The inverse of [`ParcelType::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<ParcelType> {
        ParcelType::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// Why a delivery failed or a parcel goes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ReasonCode {
    /// The receiver did not answer the phone.
    NoAnswer,
    /// Nobody at the address.
    ReceiverAbsent,
    /// The address or phone is wrong.
    WrongAddress,
    /// The receiver refused the parcel.
    Refused,
    /// The receiver did not pay the cash on delivery.
    CodNotPaid,
    /// The parcel is damaged.
    Damaged,
    /// The receiver asked for another day.
    Rescheduled,
    /// The sender asked for it back.
    SenderRequest,
    /// Kept past the storage period at the office.
    StorageExpired,
    /// Anything else (the note says what).
    Other,
}

impl ReasonCode {
    /// Every reason, in display order.
    pub const ALL: [ReasonCode; 10] = [
        ReasonCode::NoAnswer,
        ReasonCode::ReceiverAbsent,
        ReasonCode::WrongAddress,
        ReasonCode::Refused,
        ReasonCode::CodNotPaid,
        ReasonCode::Damaged,
        ReasonCode::Rescheduled,
        ReasonCode::SenderRequest,
        ReasonCode::StorageExpired,
        ReasonCode::Other,
    ];

    /// A stable lowercase code for storage.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ReasonCode::NoAnswer => "no_answer",
            ReasonCode::ReceiverAbsent => "receiver_absent",
            ReasonCode::WrongAddress => "wrong_address",
            ReasonCode::Refused => "refused",
            ReasonCode::CodNotPaid => "cod_not_paid",
            ReasonCode::Damaged => "damaged",
            ReasonCode::Rescheduled => "rescheduled",
            ReasonCode::SenderRequest => "sender_request",
            ReasonCode::StorageExpired => "storage_expired",
            ReasonCode::Other => "other",
        }
    }

    /// The inverse of [`ReasonCode::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<ReasonCode> {
        ReasonCode::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What a desk did with a parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ScanKind {
    /// Taken in from the sender (or the pickup courier) at this office.
    Accepted,
    /// Sorted at this office.
    Sorted,
    /// Sent from this office towards another.
    Dispatched,
    /// Arrived at this office from another.
    Arrived,
    /// Given to a courier for delivery.
    OutForDelivery,
    /// Handed to the receiver.
    Delivered,
    /// A delivery attempt failed (needs a reason).
    FailedAttempt,
    /// Sent back towards the sender (needs a reason).
    ReturnStarted,
    /// Given back to the sender.
    Returned,
    /// Declared lost.
    Lost,
}

impl ScanKind {
    /// Every kind, in a desk's menu order.
    pub const ALL: [ScanKind; 10] = [
        ScanKind::Accepted,
        ScanKind::Sorted,
        ScanKind::Dispatched,
        ScanKind::Arrived,
        ScanKind::OutForDelivery,
        ScanKind::Delivered,
        ScanKind::FailedAttempt,
        ScanKind::ReturnStarted,
        ScanKind::Returned,
        ScanKind::Lost,
    ];

    /// A stable lowercase code for storage.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ScanKind::Accepted => "accepted",
            ScanKind::Sorted => "sorted",
            ScanKind::Dispatched => "dispatched",
            ScanKind::Arrived => "arrived",
            ScanKind::OutForDelivery => "out_for_delivery",
            ScanKind::Delivered => "delivered",
            ScanKind::FailedAttempt => "failed_attempt",
            ScanKind::ReturnStarted => "return_started",
            ScanKind::Returned => "returned",
            ScanKind::Lost => "lost",
        }
    }

    /// The inverse of [`ScanKind::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<ScanKind> {
        ScanKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The status a shipment has after this scan. `Arrived` at an office that
    /// is not the destination keeps it in transit; `Delivered` of a parcel on
    /// its way back is its return to the sender.
    #[must_use]
    pub const fn status_after(self, at_destination: bool, returning: bool) -> ShipmentStatus {
        match self {
            ScanKind::Accepted | ScanKind::Sorted if returning => ShipmentStatus::Returning,
            ScanKind::Accepted | ScanKind::Sorted => ShipmentStatus::AcceptedAtOffice,
            ScanKind::Dispatched if returning => ShipmentStatus::Returning,
            ScanKind::Dispatched => ShipmentStatus::InTransit,
            ScanKind::Arrived if returning => ShipmentStatus::Returning,
            ScanKind::Arrived if at_destination => ShipmentStatus::AtDestinationOffice,
            ScanKind::Arrived => ShipmentStatus::InTransit,
            ScanKind::OutForDelivery => ShipmentStatus::OutForDelivery,
            ScanKind::Delivered if returning => ShipmentStatus::Returned,
            ScanKind::Delivered => ShipmentStatus::Delivered,
            ScanKind::FailedAttempt => ShipmentStatus::DeliveryFailed,
            ScanKind::ReturnStarted => ShipmentStatus::Returning,
            ScanKind::Returned => ShipmentStatus::Returned,
            ScanKind::Lost => ShipmentStatus::Lost,
        }
    }

    /// Whether the desk must give a [`ReasonCode`].
    #[must_use]
    pub const fn needs_reason(self) -> bool {
        matches!(self, ScanKind::FailedAttempt | ScanKind::ReturnStarted)
    }
}

/// One scan at a desk. Each scan is its own entity (revision 1): a repeat of
/// the same scan id changes nothing, two scans of one parcel are two events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelScan {
    /// The scan's id.
    pub id: ScanId,
    /// Always 1: a scan is never edited.
    pub revision: u32,
    /// The parcel.
    pub barcode: Barcode,
    /// What was done.
    pub kind: ScanKind,
    /// Why (failed attempt, return).
    pub reason: Option<ReasonCode>,
    /// A short note typed at the desk (may be empty).
    pub note: String,
    /// Who scanned.
    pub employee: EmployeeId,
    /// When, by the terminal's clock.
    pub scanned_at: Timestamp,
    /// Same as `scanned_at` (the event's version time).
    pub updated_at: Timestamp,
}

/// A shipment registered at the desk for a sender who walked in, on a
/// pre-printed label from the office's roll. The cash taken for it travels
/// as an ordinary order and payment; an `Accepted` scan follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskShipment {
    /// The shipment's id (made on the terminal).
    pub id: ShipmentId,
    /// Changes bump it.
    pub revision: u32,
    /// The label's barcode.
    pub barcode: Barcode,
    /// Sender's name.
    pub sender_name: String,
    /// Sender's phone (`+998` and 9 digits).
    pub sender_phone: String,
    /// Receiver's name.
    pub receiver_name: String,
    /// Receiver's phone (`+998` and 9 digits).
    pub receiver_phone: String,
    /// Receiver's district (SOATO code).
    pub receiver_district: String,
    /// Receiver's address (empty: collected at the office).
    pub receiver_address: String,
    /// Weight in grams.
    pub weight_g: u32,
    /// Pieces.
    pub pieces: u32,
    /// The price the desk charged.
    pub price: Money,
    /// Who registered it.
    pub employee: EmployeeId,
    /// When it was registered.
    pub created_at: Timestamp,
    /// When this revision was made.
    pub updated_at: Timestamp,
}

/// Money a desk took for an online shipment (its price, at the counter):
/// the client's ledger gets a payment for it. The cash itself travels as the
/// ordinary order and payment the desk sold ([`crate::Payment`]); this record
/// names the parcel that payment was for. Its id is that payment's id, so
/// one sale pays one parcel once. Never revised (revision 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParcelPayment {
    /// The desk's payment (the sale) this is.
    pub payment: PaymentId,
    /// Always 1.
    pub revision: u32,
    /// The parcel paid for.
    pub barcode: Barcode,
    /// The amount, equal to the payment's.
    pub amount: Money,
    /// Who took it.
    pub employee: EmployeeId,
    /// When, by the terminal's clock.
    pub paid_at: Timestamp,
    /// Same as `paid_at`.
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barcodes_round_trip_and_check() {
        let b = Barcode::from_serial(1).unwrap_or_else(|| Barcode(String::new()));
        assert_eq!(b.as_str().len(), 12);
        assert_eq!(Barcode::parse(b.as_str()), Ok(b.clone()));
        assert_eq!(b.serial(), 1);
        // Every single-digit change is caught.
        let digits: Vec<u8> = b.as_str().bytes().collect();
        for i in 0..12 {
            let mut wrong = digits.clone();
            wrong[i] = if wrong[i] == b'9' { b'0' } else { wrong[i] + 1 };
            let text = String::from_utf8(wrong).unwrap_or_default();
            assert_eq!(Barcode::parse(&text), Err(BarcodeError::CheckDigit), "{text}");
        }
        assert_eq!(Barcode::parse("12345"), Err(BarcodeError::Shape));
        assert_eq!(Barcode::parse("12345678901a"), Err(BarcodeError::Shape));
        assert!(Barcode::from_serial(MAX_SERIAL + 1).is_none());
        assert_eq!(Barcode::from_serial(MAX_SERIAL).map(|b| b.serial()), Some(MAX_SERIAL));
    }

    #[test]
    fn gs1_check_digit_matches_a_known_code() {
        // EAN-13 4006381333931: the GS1 algorithm gives 1 for the first twelve.
        assert_eq!(check_digit(&[4, 0, 0, 6, 3, 8, 1, 3, 3, 3, 9, 3]), 1);
    }

    #[test]
    fn codes_round_trip() {
        for s in ShipmentStatus::ALL {
            assert_eq!(ShipmentStatus::from_code(s.code()), Some(s));
        }
        for r in ReasonCode::ALL {
            assert_eq!(ReasonCode::from_code(r.code()), Some(r));
        }
        for k in ScanKind::ALL {
            assert_eq!(ScanKind::from_code(k.code()), Some(k));
        }
        for t in ParcelType::ALL {
            assert_eq!(ParcelType::from_code(t.code()), Some(t));
        }
    }

    #[test]
    fn scans_move_the_lifecycle() {
        assert_eq!(ScanKind::Arrived.status_after(false, false), ShipmentStatus::InTransit);
        assert_eq!(ScanKind::Arrived.status_after(true, false), ShipmentStatus::AtDestinationOffice);
        assert_eq!(ScanKind::Delivered.status_after(true, true), ShipmentStatus::Returned);
        assert!(ShipmentStatus::Created.at_sender());
        assert!(!ShipmentStatus::AcceptedAtOffice.at_sender());
    }
}
