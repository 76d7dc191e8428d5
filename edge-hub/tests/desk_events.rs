//! A parcel desk's scans and walk-ins are stored and queued like orders:
//! durable, deduplicated by version, never part of the catalog terminals
//! receive.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use edge_hub::store::{Recorded, Store};
use protocol::{
    Barcode, DeskShipment, EmployeeId, EntityKind, EventBody, Money, ParcelScan, ScanId, ScanKind, ShipmentId,
    TerminalId, Timestamp,
};

fn scan(id: ScanId, kind: ScanKind) -> EventBody {
    EventBody::ParcelScan(ParcelScan {
        id,
        revision: 1,
        barcode: Barcode::from_serial(60_000_000_000).unwrap(),
        kind,
        reason: None,
        note: String::new(),
        employee: EmployeeId::from_name("desk"),
        scanned_at: Timestamp(10),
        updated_at: Timestamp(10),
    })
}

fn walk_in(id: ShipmentId, revision: u32) -> EventBody {
    EventBody::DeskShipment(DeskShipment {
        id,
        revision,
        barcode: Barcode::from_serial(60_000_000_000).unwrap(),
        sender_name: "Aziz".into(),
        sender_phone: "+998901234567".into(),
        receiver_name: "Olim".into(),
        receiver_phone: "+998911234567".into(),
        receiver_district: "1733401".into(),
        receiver_address: String::new(),
        weight_g: 1_000,
        pieces: 1,
        price: Money::from_tiyin(2_000_000),
        employee: EmployeeId::from_name("desk"),
        created_at: Timestamp(5),
        updated_at: Timestamp(5 + i64::from(revision)),
    })
}

#[test]
fn desk_events_are_queued_like_orders_and_stay_out_of_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db"), 1 << 20).unwrap();
    let desk = TerminalId::new();
    let (s, w) = (ScanId::new(), ShipmentId::new());
    let accepted = scan(s, ScanKind::Accepted);
    assert_eq!(
        store.record(desk, protocol::sync::TerminalRole::Cashier, 1, [1; 16], &walk_in(w, 1), Timestamp(1)).unwrap(),
        Recorded::Applied
    );
    assert_eq!(
        store.record(desk, protocol::sync::TerminalRole::Cashier, 2, [2; 16], &accepted, Timestamp(1)).unwrap(),
        Recorded::Applied
    );
    // The same scan again (another seq) and an older walk-in change nothing.
    assert_eq!(
        store.record(desk, protocol::sync::TerminalRole::Cashier, 3, [3; 16], &accepted, Timestamp(1)).unwrap(),
        Recorded::Superseded
    );
    assert_eq!(
        store.record(desk, protocol::sync::TerminalRole::Cashier, 4, [4; 16], &walk_in(w, 2), Timestamp(1)).unwrap(),
        Recorded::Applied
    );
    assert_eq!(
        store.record(desk, protocol::sync::TerminalRole::Cashier, 5, [5; 16], &walk_in(w, 1), Timestamp(1)).unwrap(),
        Recorded::Superseded
    );
    assert_eq!(store.outbox_depth(), 3);
    assert_eq!(store.config_version(), 0, "desk events are not catalog changes");
    let config = store.terminal_config().unwrap();
    assert!(config.products.is_empty() && config.employees.is_empty() && config.places.is_empty());
    assert_eq!(store.entities(EntityKind::ParcelScan).unwrap(), vec![accepted]);
    assert_eq!(store.entities(EntityKind::DeskShipment).unwrap(), vec![walk_in(w, 2)]);
}
