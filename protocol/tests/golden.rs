//! Golden bytes: the wire encoding of every message kind, pinned. If one of
//! these fails, the wire format changed: old terminals and hubs would misread
//! new bytes. Append new fields and variants at the end instead, and add a
//! golden case for them.

use protocol::{
    Ack, Direction, Employee, EmployeeId, Envelope, EventBody, HubMessage, Money, Order, OrderId, OrderItem,
    OrderStatus, Payment, PaymentId, PaymentMethod, PaymentStatus, Place, PlaceId, Presence, Product, ProductId,
    Quantity, RejectReason, Rejected, Role, Stock, TerminalConfig, TerminalId, TerminalMessage, TerminalSecret,
    Timestamp, Unit,
};

fn id(n: u8) -> [u8; 16] {
    [n; 16]
}

fn order() -> Order {
    Order {
        id: OrderId::from_bytes(id(1)),
        revision: 3,
        number: 7,
        place: Some(PlaceId::from_bytes(id(2))),
        employee: EmployeeId::from_bytes(id(3)),
        items: vec![OrderItem {
            product: ProductId::from_bytes(id(4)),
            name: "Osh".into(),
            qty: Quantity::units(2),
            unit_price: Money::from_tiyin(3_500_000),
            cost_price: Money::from_tiyin(2_000_000),
        }],
        service_charge: Money::from_tiyin(700_000),
        status: OrderStatus::Completed,
        created_at: Timestamp(1_700_000_000_000),
        closed_at: Some(Timestamp(1_700_000_600_000)),
        updated_at: Timestamp(1_700_000_600_000),
    }
}

fn payment() -> Payment {
    Payment {
        id: PaymentId::from_bytes(id(5)),
        revision: 2,
        order: OrderId::from_bytes(id(1)),
        method: PaymentMethod::Card,
        amount: Money::from_tiyin(7_700_000),
        status: PaymentStatus::Confirmed,
        employee: EmployeeId::from_bytes(id(3)),
        created_at: Timestamp(1_700_000_600_000),
        updated_at: Timestamp(1_700_000_601_000),
    }
}

fn product() -> Product {
    Product {
        id: ProductId::from_bytes(id(4)),
        revision: 1,
        name: "Osh".into(),
        category: "Milliy taomlar".into(),
        price: Money::from_tiyin(3_500_000),
        cost: Money::from_tiyin(2_000_000),
        unit: Unit::Piece,
        stock: Stock::Unlimited,
        active: true,
        updated_at: Timestamp(1_699_000_000_000),
    }
}

fn employee() -> Employee {
    Employee {
        id: EmployeeId::from_bytes(id(3)),
        revision: 1,
        first_name: "Aziz".into(),
        last_name: "Karimov".into(),
        role: Role::Waiter,
        active: true,
        updated_at: Timestamp(1_699_000_000_000),
    }
}

fn place() -> Place {
    Place {
        id: PlaceId::from_bytes(id(2)),
        revision: 1,
        name: "Stol 5".into(),
        service_bp: 1_000,
        active: true,
        updated_at: Timestamp(1_699_000_000_000),
    }
}

fn hex_of<T: serde::Serialize>(value: &T) -> String {
    hex::encode(postcard::to_allocvec(value).unwrap_or_default())
}

#[track_caller]
fn pin<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T, golden: &str) {
    assert_eq!(hex_of(value), golden, "encoding changed for {value:?}");
    let bytes = hex::decode(golden).unwrap_or_default();
    let back: Result<T, _> = postcard::from_bytes(&bytes);
    assert_eq!(back.as_ref().ok(), Some(value), "golden bytes no longer decode to the same value");
}

#[test]
fn order_event() {
    pin(&TerminalMessage::Event(EventBody::Order(order())), GOLDEN_ORDER);
}

#[test]
fn payment_event() {
    pin(&TerminalMessage::Event(EventBody::Payment(payment())), GOLDEN_PAYMENT);
}

#[test]
fn catalog_events() {
    pin(&TerminalMessage::Event(EventBody::Product(product())), GOLDEN_PRODUCT);
    pin(&TerminalMessage::Event(EventBody::Employee(employee())), GOLDEN_EMPLOYEE);
    pin(&TerminalMessage::Event(EventBody::Place(place())), GOLDEN_PLACE);
}

#[test]
fn presence_and_config_request() {
    pin(&TerminalMessage::Presence(Presence { online: true, session: 300 }), GOLDEN_PRESENCE);
    pin(&TerminalMessage::ConfigRequest { have: 5 }, GOLDEN_CONFIG_REQUEST);
}

#[test]
fn hub_messages() {
    pin(
        &HubMessage::Ack(Ack {
            accepted: vec![1, 2, 300],
            rejected: vec![
                Rejected { seq: 4, reason: RejectReason::InvalidEvent },
                Rejected { seq: 5, reason: RejectReason::SeqConflict },
            ],
        }),
        GOLDEN_ACK,
    );
    pin(
        &HubMessage::Config(TerminalConfig {
            version: 9,
            products: vec![product()],
            employees: vec![employee()],
            places: vec![place()],
        }),
        GOLDEN_CONFIG,
    );
    pin(&HubMessage::Revoked, GOLDEN_REVOKED);
}

/// A version-2 envelope sealed once with a fixed nonce (0x5a × 24): opening
/// it pins the key derivation, the associated data and the layout; a fresh
/// seal pins the header and the size (its nonce is random).
#[test]
fn sealed_envelope() {
    let key = TerminalSecret::from_bytes([9; 32]).mac_key();
    let golden = hex::decode(GOLDEN_ENVELOPE).unwrap_or_default();
    let opened = Envelope::parse(&golden).and_then(|u| u.verify(&key, Direction::Up));
    let opened = opened.unwrap_or_else(|e| panic!("the golden envelope no longer opens: {e}"));
    assert_eq!((opened.terminal, opened.seq), (TerminalId::from_bytes(id(8)), 1234));
    assert_eq!(opened.message::<TerminalMessage>(), Ok(TerminalMessage::ConfigRequest { have: 5 }));
    let fresh = Envelope::seal(
        &key,
        Direction::Up,
        TerminalId::from_bytes(id(8)),
        1234,
        &TerminalMessage::ConfigRequest { have: 5 },
    )
    .unwrap_or_default();
    assert_eq!(fresh.len(), golden.len());
    assert_eq!(hex::encode(&fresh[..21]), GOLDEN_ENVELOPE[..42]);
}

const GOLDEN_ORDER: &str = "0000100101010101010101010101010101010103070110020202020202020202020202020202021003030303030303030303030303030303011004040404040404040404040404040404034f7368a01fc09fab038092f401c0b9550280a0abfef9620180bff4fef96280bff4fef962";
const GOLDEN_PAYMENT: &str = "0001100505050505050505050505050505050502100101010101010101010101010101010101c0f8ab0701100303030303030303030303030303030380bff4fef962d0cef4fef962";
const GOLDEN_PRODUCT: &str =
    "0002100404040404040404040404040404040401034f73680e4d696c6c69792074616f6d6c6172c09fab038092f40100000180f8d4c4f262";
const GOLDEN_EMPLOYEE: &str = "000310030303030303030303030303030303030104417a697a074b6172696d6f76010180f8d4c4f262";
const GOLDEN_PLACE: &str = "00041002020202020202020202020202020202010653746f6c2035e8070180f8d4c4f262";
const GOLDEN_PRESENCE: &str = "0101ac02";
const GOLDEN_CONFIG_REQUEST: &str = "0205";
const GOLDEN_ACK: &str = "00030102ac020204000501";
const GOLDEN_CONFIG: &str = "010901100404040404040404040404040404040401034f73680e4d696c6c69792074616f6d6c6172c09fab038092f40100000180f8d4c4f2620110030303030303030303030303030303030104417a697a074b6172696d6f76010180f8d4c4f262011002020202020202020202020202020202010653746f6c2035e8070180f8d4c4f262";
const GOLDEN_REVOKED: &str = "02";
const GOLDEN_ENVELOPE: &str = "02001008080808080808080808080808080808d2095a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5ad90a093eb315ad5fc50d04a2af985631e160";

#[test]
fn mobile_payments() {
    use protocol::mobile::{MobilePaymentRequest, MobilePaymentState, MobilePaymentUpdate};
    let request = MobilePaymentRequest {
        order: OrderId::from_bytes(id(1)),
        payment: PaymentId::from_bytes(id(5)),
        amount: Money::from_tiyin(1_500_000),
    };
    pin(&TerminalMessage::MobilePayment(request), GOLDEN_MOBILE_REQUEST);
    let update =
        |state| HubMessage::MobilePayment(MobilePaymentUpdate { payment: PaymentId::from_bytes(id(5)), state });
    pin(&update(MobilePaymentState::Checkout { checkout_url: "https://c.uz/x".into() }), GOLDEN_MOBILE_CHECKOUT);
    pin(&update(MobilePaymentState::Paid), GOLDEN_MOBILE_PAID);
    pin(&update(MobilePaymentState::Failed), GOLDEN_MOBILE_FAILED);
    pin(&update(MobilePaymentState::Unavailable), GOLDEN_MOBILE_UNAVAILABLE);
}

// Variant 3 of TerminalMessage: order id, payment id (16 bytes each, length
// first), amount as a zigzag varint (1 500 000 → 3 000 000).
const GOLDEN_MOBILE_REQUEST: &str = "0310010101010101010101010101010101011005050505050505050505050505050505c08db701";
// Variant 3 of HubMessage: payment id, then the state's variant and fields.
const GOLDEN_MOBILE_CHECKOUT: &str = "031005050505050505050505050505050505000e68747470733a2f2f632e757a2f78";
const GOLDEN_MOBILE_PAID: &str = "03100505050505050505050505050505050501";
const GOLDEN_MOBILE_FAILED: &str = "03100505050505050505050505050505050502";
const GOLDEN_MOBILE_UNAVAILABLE: &str = "03100505050505050505050505050505050503";

fn scan() -> protocol::ParcelScan {
    protocol::ParcelScan {
        id: protocol::ScanId::from_bytes(id(6)),
        revision: 1,
        barcode: protocol::Barcode::from_serial(1_234).unwrap_or_else(|| unreachable!()),
        kind: protocol::ScanKind::FailedAttempt,
        reason: Some(protocol::ReasonCode::NoAnswer),
        note: "Tel".into(),
        employee: EmployeeId::from_bytes(id(3)),
        scanned_at: Timestamp(1_700_000_000_000),
        updated_at: Timestamp(1_700_000_000_000),
    }
}

fn walk_in() -> protocol::DeskShipment {
    protocol::DeskShipment {
        id: protocol::ShipmentId::from_bytes(id(7)),
        revision: 2,
        barcode: protocol::Barcode::from_serial(1_235).unwrap_or_else(|| unreachable!()),
        sender_name: "Aziz".into(),
        sender_phone: "+998901234567".into(),
        receiver_name: "Olim".into(),
        receiver_phone: "+998911234567".into(),
        receiver_district: "1733401".into(),
        receiver_address: "".into(),
        weight_g: 1_500,
        pieces: 1,
        price: Money::from_tiyin(2_500_000),
        employee: EmployeeId::from_bytes(id(3)),
        created_at: Timestamp(1_700_000_000_000),
        updated_at: Timestamp(1_700_000_060_000),
    }
}

#[test]
fn desk_events() {
    pin(&TerminalMessage::Event(EventBody::ParcelScan(scan())), GOLDEN_SCAN);
    pin(&TerminalMessage::Event(EventBody::DeskShipment(walk_in())), GOLDEN_WALK_IN);
    let paid = protocol::ParcelPayment {
        payment: protocol::PaymentId::from_bytes(id(8)),
        revision: 1,
        barcode: protocol::Barcode::from_serial(1_235).unwrap_or_else(|| unreachable!()),
        amount: Money::from_tiyin(2_500_000),
        employee: EmployeeId::from_bytes(id(3)),
        paid_at: Timestamp(1_700_000_000_000),
        updated_at: Timestamp(1_700_000_000_000),
    };
    pin(&TerminalMessage::Event(EventBody::ParcelPayment(paid)), GOLDEN_PARCEL_PAYMENT);
}

// Variant 5 of EventBody: id, revision, barcode (12 ASCII digits behind
// their length), kind 6 (FailedAttempt), Some(reason 0), note, employee,
// scanned_at, updated_at.
const GOLDEN_SCAN: &str = "00051006060606060606060606060606060606010c3030303030303031323334380601000354656c100303030303030303030303030303030380a0abfef96280a0abfef962";
// Variant 6 of EventBody: the walk-in's fields in declaration order.
const GOLDEN_WALK_IN: &str = "00061007070707070707070707070707070707020c30303030303030313233353504417a697a0d2b393938393031323334353637044f6c696d0d2b393938393131323334353637073137333334303100dc0b01c096b102100303030303030303030303030303030380a0abfef962c0c9b2fef962";
// Variant 7 of EventBody: the sale's payment id, revision, barcode, amount,
// employee, paid_at, updated_at.
const GOLDEN_PARCEL_PAYMENT: &str = "00071008080808080808080808080808080808010c303030303030303132333535c096b102100303030303030303030303030303030380a0abfef96280a0abfef962";
