//! What terminals report. Every change to an order, payment, product,
//! employee or place travels as a whole snapshot of the entity with its
//! [`Version`]; whoever stores it keeps the highest version and ignores the
//! rest. That makes applying an event idempotent and order-independent: a
//! redelivered or stale snapshot changes nothing.

use serde::{Deserialize, Serialize};

use crate::{
    Barcode, DeskShipment, Employee, Money, Order, ParcelPayment, ParcelScan, Payment, Place, Product, Timestamp,
};

/// One change reported by a terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventBody {
    /// An order opened or changed (items, status, service charge).
    Order(Order),
    /// A payment taken or changed (confirmed, failed, refunded).
    Payment(Payment),
    /// A product added or changed on a manager's terminal.
    Product(Product),
    /// An employee added or changed on a manager's terminal.
    Employee(Employee),
    /// A place/table added or changed on a manager's terminal.
    Place(Place),
    /// A parcel scanned at a courier's desk (its own entity, never edited).
    ParcelScan(ParcelScan),
    /// A walk-in shipment registered at a courier's desk.
    DeskShipment(DeskShipment),
    /// Money a courier's desk took for an online shipment (never edited).
    ParcelPayment(ParcelPayment),
}

/// The kind of entity an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum EntityKind {
    /// [`Order`].
    Order = 1,
    /// [`Payment`].
    Payment = 2,
    /// [`Product`].
    Product = 3,
    /// [`Employee`].
    Employee = 4,
    /// [`Place`].
    Place = 5,
    /// [`ParcelScan`].
    ParcelScan = 6,
    /// [`DeskShipment`].
    DeskShipment = 7,
    /// [`ParcelPayment`].
    ParcelPayment = 8,
}

impl EntityKind {
    /// A stable lowercase name for logs and metrics.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            EntityKind::Order => "order",
            EntityKind::Payment => "payment",
            EntityKind::Product => "product",
            EntityKind::Employee => "employee",
            EntityKind::Place => "place",
            EntityKind::ParcelScan => "parcel_scan",
            EntityKind::DeskShipment => "desk_shipment",
            EntityKind::ParcelPayment => "parcel_payment",
        }
    }

    /// The inverse of `as u8`.
    #[must_use]
    pub const fn from_u8(b: u8) -> Option<EntityKind> {
        match b {
            1 => Some(EntityKind::Order),
            2 => Some(EntityKind::Payment),
            3 => Some(EntityKind::Product),
            4 => Some(EntityKind::Employee),
            5 => Some(EntityKind::Place),
            6 => Some(EntityKind::ParcelScan),
            7 => Some(EntityKind::DeskShipment),
            8 => Some(EntityKind::ParcelPayment),
            _ => None,
        }
    }
}

/// Which entity an event is about: its kind and id. Used as the storage key of
/// the entity's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityKey {
    /// Kind of entity.
    pub kind: EntityKind,
    /// The entity's id bytes.
    pub id: [u8; 16],
}

impl EntityKey {
    /// 17 bytes: the kind, then the id. Sorts by kind, then by id (time for v7 ids).
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 17] {
        let mut out = [0u8; 17];
        out[0] = self.kind as u8;
        out[1..].copy_from_slice(&self.id);
        out
    }

    /// The inverse of [`EntityKey::to_bytes`].
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Option<EntityKey> {
        let (&kind, id) = bytes.split_first()?;
        Some(EntityKey { kind: EntityKind::from_u8(kind)?, id: id.try_into().ok()? })
    }
}

/// The dearest unit price a till takes: 1 000 000 000 so'm, in tiyin.
pub const MAX_UNIT_PRICE: i64 = 100_000_000_000;

/// The largest quantity on one line: 100 000 units (in thousandths).
pub const MAX_QUANTITY_MILLI: i64 = 100_000_000;

/// The largest line total: 10 000 000 000 so'm, in tiyin.
pub const MAX_LINE_TOTAL: i64 = 1_000_000_000_000;

/// The largest order total (and the largest payment): 100 000 000 000 so'm,
/// in tiyin. At most this times the lines of an order, and a billion such
/// orders, still fit an `i64` well inside its range, so sums of honest
/// figures cannot overflow; sums that could are checked where they are made.
pub const MAX_ORDER_TOTAL: i64 = 10_000_000_000_000;

/// The earliest moment any record may carry: 2020-01-01 00:00 UTC. A clock
/// reset to 1970 on a terminal that lost its battery gives dates before it.
pub const EARLIEST: Timestamp = Timestamp(1_577_836_800_000);

/// How far a terminal's clock may run ahead of the hub's, and how far a
/// change may be dated before the revision it follows (two terminals' clocks
/// differ), in milliseconds: 5 minutes.
pub const MAX_CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// The version of an entity snapshot. Higher wins; between equal versions the
/// one stored first stays. Compared as `(revision, updated_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Version {
    /// The entity's revision counter.
    pub revision: u32,
    /// When that revision was made.
    pub updated_at: Timestamp,
}

impl EventBody {
    /// The entity this event is about.
    #[must_use]
    pub fn key(&self) -> EntityKey {
        let (kind, id) = match self {
            EventBody::Order(o) => (EntityKind::Order, *o.id.as_bytes()),
            EventBody::Payment(p) => (EntityKind::Payment, *p.id.as_bytes()),
            EventBody::Product(p) => (EntityKind::Product, *p.id.as_bytes()),
            EventBody::Employee(e) => (EntityKind::Employee, *e.id.as_bytes()),
            EventBody::Place(p) => (EntityKind::Place, *p.id.as_bytes()),
            EventBody::ParcelScan(s) => (EntityKind::ParcelScan, *s.id.as_bytes()),
            EventBody::DeskShipment(d) => (EntityKind::DeskShipment, *d.id.as_bytes()),
            EventBody::ParcelPayment(p) => (EntityKind::ParcelPayment, *p.payment.as_bytes()),
        };
        EntityKey { kind, id }
    }

    /// The snapshot's version.
    #[must_use]
    pub fn version(&self) -> Version {
        let (revision, updated_at) = match self {
            EventBody::Order(o) => (o.revision, o.updated_at),
            EventBody::Payment(p) => (p.revision, p.updated_at),
            EventBody::Product(p) => (p.revision, p.updated_at),
            EventBody::Employee(e) => (e.revision, e.updated_at),
            EventBody::Place(p) => (p.revision, p.updated_at),
            EventBody::ParcelScan(s) => (s.revision, s.updated_at),
            EventBody::DeskShipment(d) => (d.revision, d.updated_at),
            EventBody::ParcelPayment(p) => (p.revision, p.updated_at),
        };
        Version { revision, updated_at }
    }

    /// Checks what no honest terminal would send: empty names, negative or
    /// overflowing money, a closed order without a closing time, a scan
    /// without the reason its kind needs, a barcode with a wrong check digit,
    /// a parcel of no weight.
    ///
    /// # Errors
    /// A short description of the first problem found.
    pub fn validate(&self) -> Result<(), &'static str> {
        const MAX_NAME: usize = 200;
        let name_ok = |s: &str| !s.trim().is_empty() && s.len() <= MAX_NAME;
        match self {
            EventBody::Order(o) => {
                if o.items.len() > 1_000 {
                    return Err("too many order items");
                }
                for item in &o.items {
                    if !name_ok(&item.name) {
                        return Err("order item without a name");
                    }
                    if item.qty.milli() <= 0 {
                        return Err("order item quantity must be positive");
                    }
                    if item.unit_price.tiyin() < 0 || item.cost_price.tiyin() < 0 {
                        return Err("order item price must not be negative");
                    }
                    if item.unit_price.tiyin() > MAX_UNIT_PRICE || item.cost_price.tiyin() > MAX_UNIT_PRICE {
                        return Err("order item price above 1 000 000 000 so'm");
                    }
                    if item.qty.milli() > MAX_QUANTITY_MILLI {
                        return Err("order item quantity above 100 000");
                    }
                    let line_ok = |m: Option<Money>| m.is_some_and(|m| m.tiyin() <= MAX_LINE_TOTAL);
                    if !line_ok(item.total()) || !line_ok(item.cost_total()) {
                        return Err("order line above 10 000 000 000 so'm");
                    }
                }
                if o.service_charge.tiyin() < 0 {
                    return Err("service charge must not be negative");
                }
                let total_ok = |m: Option<Money>| m.is_some_and(|m| m.tiyin() <= MAX_ORDER_TOTAL);
                if !total_ok(o.total()) || !total_ok(o.cost_total()) {
                    return Err("order total above 100 000 000 000 so'm");
                }
                if o.status.is_closed() != o.closed_at.is_some() {
                    return Err("closed orders need a closing time, open ones none");
                }
            }
            EventBody::Payment(p) => {
                if p.amount.tiyin() <= 0 {
                    return Err("payment amount must be positive");
                }
                if p.amount.tiyin() > MAX_ORDER_TOTAL {
                    return Err("payment above 100 000 000 000 so'm");
                }
            }
            EventBody::Product(p) => {
                if !name_ok(&p.name) || p.category.len() > MAX_NAME {
                    return Err("product needs a name");
                }
                if p.price.tiyin() < 0 || p.cost.tiyin() < 0 {
                    return Err("product price must not be negative");
                }
                if p.price.tiyin() > MAX_UNIT_PRICE || p.cost.tiyin() > MAX_UNIT_PRICE {
                    return Err("product price above 1 000 000 000 so'm");
                }
            }
            EventBody::Employee(e) => {
                if !name_ok(&e.first_name) || e.last_name.len() > MAX_NAME {
                    return Err("employee needs a name");
                }
            }
            EventBody::Place(p) => {
                if !name_ok(&p.name) {
                    return Err("place needs a name");
                }
                if p.service_bp > 10_000 {
                    return Err("service charge above 100 %");
                }
            }
            EventBody::ParcelScan(s) => validate_scan(s)?,
            EventBody::DeskShipment(d) => validate_desk_shipment(d)?,
            EventBody::ParcelPayment(p) => validate_parcel_payment(p)?,
        }
        Ok(())
    }
}

impl EventBody {
    /// [`EventBody::validate`], and every moment the record carries between
    /// [`EARLIEST`] and [`MAX_CLOCK_SKEW_MS`] after `received_at`, the
    /// receiver's clock when it took the event (the hub's, also for the
    /// cloud, which checks against the `received_at` the hub sent: a rule
    /// that depends only on the batch gives the same answer on every retry).
    ///
    /// # Errors
    /// A short description of the first problem found.
    pub fn validate_at(&self, received_at: Timestamp) -> Result<(), &'static str> {
        self.validate()?;
        let latest = received_at.0.saturating_add(MAX_CLOCK_SKEW_MS);
        let ok = |t: Timestamp| (EARLIEST.0..=latest).contains(&t.0);
        let all_ok = match self {
            EventBody::Order(o) => ok(o.created_at) && ok(o.updated_at) && o.closed_at.is_none_or(ok),
            EventBody::Payment(p) => ok(p.created_at) && ok(p.updated_at),
            EventBody::Product(p) => ok(p.updated_at),
            EventBody::Employee(e) => ok(e.updated_at),
            EventBody::Place(p) => ok(p.updated_at),
            EventBody::ParcelScan(s) => ok(s.scanned_at) && ok(s.updated_at),
            EventBody::DeskShipment(d) => ok(d.created_at) && ok(d.updated_at),
            EventBody::ParcelPayment(p) => ok(p.paid_at) && ok(p.updated_at),
        };
        if all_ok { Ok(()) } else { Err("a date before 2020 or ahead of the receiver's clock") }
    }
}

/// Longest note typed at a desk, in bytes.
pub const MAX_NOTE: usize = 500;
/// Heaviest parcel a desk takes, in grams (a tonne).
pub const MAX_WEIGHT_G: u32 = 1_000_000;
/// Most pieces in one shipment.
pub const MAX_PIECES: u32 = 1_000;
/// The highest price a desk may charge: 100 000 000 so'm, in tiyin.
pub const MAX_DESK_PRICE: i64 = 10_000_000_000;

fn barcode_ok(b: &Barcode) -> bool {
    Barcode::parse(b.as_str()).as_ref() == Ok(b)
}

/// `+998` and nine digits.
fn phone_ok(p: &str) -> bool {
    p.len() == 13 && p.starts_with("+998") && p.bytes().skip(1).all(|b| b.is_ascii_digit())
}

fn validate_scan(s: &ParcelScan) -> Result<(), &'static str> {
    if s.revision != 1 {
        return Err("a scan is never revised");
    }
    if !barcode_ok(&s.barcode) {
        return Err("scan of a malformed barcode");
    }
    if s.kind.needs_reason() && s.reason.is_none() {
        return Err("this scan needs a reason");
    }
    if s.note.len() > MAX_NOTE {
        return Err("scan note too long");
    }
    if s.updated_at != s.scanned_at {
        return Err("a scan's version time is its scan time");
    }
    Ok(())
}

fn validate_parcel_payment(p: &ParcelPayment) -> Result<(), &'static str> {
    if p.revision != 1 {
        return Err("a parcel's payment is never revised");
    }
    if !barcode_ok(&p.barcode) {
        return Err("payment for a malformed barcode");
    }
    if p.amount.tiyin() <= 0 || p.amount.tiyin() > MAX_DESK_PRICE {
        return Err("a parcel's payment is above zero and at most 100 000 000 so'm");
    }
    if p.updated_at != p.paid_at {
        return Err("a parcel payment's version time is its payment time");
    }
    Ok(())
}

fn validate_desk_shipment(d: &DeskShipment) -> Result<(), &'static str> {
    const MAX_NAME: usize = 200;
    const MAX_ADDRESS: usize = 500;
    let name_ok = |s: &str| !s.trim().is_empty() && s.len() <= MAX_NAME;
    if !barcode_ok(&d.barcode) {
        return Err("walk-in shipment on a malformed barcode");
    }
    if !name_ok(&d.sender_name) || !name_ok(&d.receiver_name) {
        return Err("walk-in shipment needs the sender's and receiver's names");
    }
    if !phone_ok(&d.sender_phone) || !phone_ok(&d.receiver_phone) {
        return Err("walk-in shipment phones are +998 and nine digits");
    }
    if d.receiver_district.len() != 7 || !d.receiver_district.bytes().all(|b| b.is_ascii_digit()) {
        return Err("walk-in shipment needs the receiver's district");
    }
    if d.receiver_address.len() > MAX_ADDRESS {
        return Err("receiver's address too long");
    }
    if d.weight_g == 0 || d.weight_g > MAX_WEIGHT_G {
        return Err("parcel weight out of range");
    }
    if d.pieces == 0 || d.pieces > MAX_PIECES {
        return Err("parcel pieces out of range");
    }
    if d.price.tiyin() < 0 || d.price.tiyin() > MAX_DESK_PRICE {
        return Err("parcel price out of range");
    }
    if d.revision == 0 || d.updated_at < d.created_at {
        return Err("walk-in shipment's revision or times are wrong");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Money, OrderId, OrderStatus};

    fn order(revision: u32, at: i64) -> EventBody {
        EventBody::Order(Order {
            id: OrderId::from_name("o"),
            revision,
            number: 1,
            place: None,
            employee: crate::EmployeeId::from_name("e"),
            items: vec![],
            service_charge: Money::ZERO,
            status: OrderStatus::Open,
            created_at: Timestamp(at),
            closed_at: None,
            updated_at: Timestamp(at),
        })
    }

    #[test]
    fn versions_order_by_revision_then_time() {
        assert!(order(2, 1).version() > order(1, 9).version());
        assert!(order(2, 5).version() > order(2, 4).version());
    }

    #[test]
    fn key_round_trips() {
        let key = order(1, 1).key();
        assert_eq!(EntityKey::from_bytes(&key.to_bytes()), Some(key));
        assert_eq!(EntityKey::from_bytes(&[9; 17]), None);
        assert_eq!(EntityKey::from_bytes(&[1; 5]), None);
    }

    fn scan(kind: crate::ScanKind, reason: Option<crate::ReasonCode>) -> EventBody {
        EventBody::ParcelScan(ParcelScan {
            id: crate::ScanId::from_name("s"),
            revision: 1,
            barcode: Barcode::from_serial(42).unwrap_or_else(|| unreachable!()),
            kind,
            reason,
            note: String::new(),
            employee: crate::EmployeeId::from_name("e"),
            scanned_at: Timestamp(5),
            updated_at: Timestamp(5),
        })
    }

    fn walk_in() -> DeskShipment {
        DeskShipment {
            id: crate::ShipmentId::from_name("d"),
            revision: 1,
            barcode: Barcode::from_serial(43).unwrap_or_else(|| unreachable!()),
            sender_name: "Aziz".into(),
            sender_phone: "+998901234567".into(),
            receiver_name: "Dilnoza".into(),
            receiver_phone: "+998911234567".into(),
            receiver_district: "1733401".into(),
            receiver_address: String::new(),
            weight_g: 1_200,
            pieces: 1,
            price: Money::from_tiyin(2_500_000),
            employee: crate::EmployeeId::from_name("e"),
            created_at: Timestamp(5),
            updated_at: Timestamp(5),
        }
    }

    #[test]
    fn scans_need_their_reason_and_a_sound_barcode() {
        use crate::{ReasonCode, ScanKind};
        assert!(scan(ScanKind::Arrived, None).validate().is_ok());
        assert!(scan(ScanKind::FailedAttempt, None).validate().is_err());
        assert!(scan(ScanKind::FailedAttempt, Some(ReasonCode::NoAnswer)).validate().is_ok());
        assert!(scan(ScanKind::ReturnStarted, None).validate().is_err());
        let EventBody::ParcelScan(mut s) = scan(ScanKind::Sorted, None) else { return };
        s.note = "x".repeat(MAX_NOTE + 1);
        assert!(EventBody::ParcelScan(s.clone()).validate().is_err());
        s.note.clear();
        // postcard does not check a barcode: the validation does.
        let bad: Barcode = postcard::from_bytes(&postcard::to_allocvec("123456789013").unwrap_or_default())
            .unwrap_or_else(|_| s.barcode.clone());
        s.barcode = bad;
        assert!(EventBody::ParcelScan(s).validate().is_err());
        assert_eq!(scan(ScanKind::Sorted, None).key().kind, EntityKind::ParcelScan);
        assert_eq!(EntityKind::from_u8(7), Some(EntityKind::DeskShipment));
    }

    #[test]
    fn walk_ins_are_bounded() {
        assert!(EventBody::DeskShipment(walk_in()).validate().is_ok());
        let cases: [fn(&mut DeskShipment); 7] = [
            |d| d.sender_name = " ".into(),
            |d| d.receiver_phone = "998911234567".into(),
            |d| d.receiver_district = "17".into(),
            |d| d.weight_g = 0,
            |d| d.pieces = MAX_PIECES + 1,
            |d| d.price = Money::from_tiyin(-1),
            |d| d.receiver_name = "a".repeat(201),
        ];
        for (i, spoil) in cases.iter().enumerate() {
            let mut d = walk_in();
            spoil(&mut d);
            assert!(EventBody::DeskShipment(d).validate().is_err(), "case {i}");
        }
    }

    #[test]
    fn parcel_payments_are_bounded_and_keyed_by_their_sale() {
        let sale = crate::PaymentId::from_name("sale");
        let good = ParcelPayment {
            payment: sale,
            revision: 1,
            barcode: Barcode::from_serial(42).unwrap_or_else(|| unreachable!()),
            amount: Money::from_tiyin(2_500_000),
            employee: crate::EmployeeId::from_name("e"),
            paid_at: Timestamp(5),
            updated_at: Timestamp(5),
        };
        let body = EventBody::ParcelPayment(good.clone());
        assert!(body.validate().is_ok());
        assert_eq!(body.key().kind, EntityKind::ParcelPayment);
        assert_eq!(body.key().id, *sale.as_bytes(), "one sale pays one parcel");
        assert_eq!(EntityKey::from_bytes(&body.key().to_bytes()), Some(body.key()));
        let cases: [fn(&mut ParcelPayment); 5] = [
            |p| p.revision = 2,
            |p| p.amount = Money::ZERO,
            |p| p.amount = Money::from_tiyin(-5),
            |p| p.amount = Money::from_tiyin(MAX_DESK_PRICE + 1),
            |p| p.updated_at = Timestamp(6),
        ];
        for (i, spoil) in cases.iter().enumerate() {
            let mut p = good.clone();
            spoil(&mut p);
            assert!(EventBody::ParcelPayment(p).validate().is_err(), "case {i}");
        }
    }

    fn with_line(unit_tiyin: i64, qty_milli: i64) -> EventBody {
        let EventBody::Order(mut o) = order(1, EARLIEST.0 + 1) else { unreachable!() };
        o.items.push(crate::OrderItem {
            product: crate::ProductId::from_name("p"),
            name: "Non".into(),
            qty: crate::Quantity::from_milli(qty_milli),
            unit_price: Money::from_tiyin(unit_tiyin),
            cost_price: Money::ZERO,
        });
        EventBody::Order(o)
    }

    #[test]
    fn money_has_business_bounds() {
        assert!(with_line(MAX_UNIT_PRICE, 1_000).validate().is_ok(), "the dearest item, once");
        assert!(with_line(MAX_UNIT_PRICE + 1, 1_000).validate().is_err(), "a unit price too dear");
        assert!(with_line(100, MAX_QUANTITY_MILLI + 1).validate().is_err(), "too many units");
        assert!(with_line(MAX_UNIT_PRICE, 11_000).validate().is_err(), "a line above its bound");
        assert!(with_line(i64::MAX, 1_000).validate().is_err(), "what fits an i64 is not a price");
        let EventBody::Order(mut big) = with_line(MAX_UNIT_PRICE, 10_000) else { unreachable!() };
        let line = big.items[0].clone();
        big.items.extend(std::iter::repeat_n(line, 10));
        assert!(EventBody::Order(big).validate().is_err(), "eleven lines at the line bound pass the order's");
        let payment = |tiyin| {
            EventBody::Payment(crate::Payment {
                id: crate::PaymentId::from_name("x"),
                revision: 1,
                order: OrderId::from_name("o"),
                method: crate::PaymentMethod::Cash,
                amount: Money::from_tiyin(tiyin),
                status: crate::PaymentStatus::Confirmed,
                employee: crate::EmployeeId::from_name("e"),
                created_at: EARLIEST,
                updated_at: EARLIEST,
            })
        };
        assert!(payment(MAX_ORDER_TOTAL).validate().is_ok());
        assert!(payment(MAX_ORDER_TOTAL + 1).validate().is_err());
        assert!(payment(i64::MAX).validate().is_err());
    }

    #[test]
    fn dates_lie_between_2020_and_the_receivers_clock() {
        let now = Timestamp(1_800_000_000_000);
        assert!(order(1, now.0).validate_at(now).is_ok());
        assert!(order(1, now.0 + MAX_CLOCK_SKEW_MS).validate_at(now).is_ok(), "within the skew");
        assert!(order(1, now.0 + MAX_CLOCK_SKEW_MS + 1).validate_at(now).is_err(), "ahead of the clock");
        assert!(order(1, EARLIEST.0 - 1).validate_at(now).is_err(), "a terminal whose clock went back to 1970");
        let EventBody::Order(mut closed) = order(1, now.0) else { unreachable!() };
        closed.status = OrderStatus::Completed;
        closed.closed_at = Some(Timestamp(now.0 + 3_600_000));
        assert!(EventBody::Order(closed).validate_at(now).is_err(), "closed an hour from now");
        assert!(with_line(MAX_UNIT_PRICE + 1, 1_000).validate_at(now).is_err(), "and the money rules too");
    }

    #[test]
    fn validation_catches_a_closed_order_without_closing_time() {
        let EventBody::Order(mut o) = order(1, 1) else { return };
        o.status = OrderStatus::Completed;
        assert!(EventBody::Order(o).validate().is_err());
    }
}
