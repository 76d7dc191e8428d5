//! Parcel desks on the same rails as sales (#14, deliverable 3), on SQLite
//! and PostgreSQL: a real cloud, a real hub per office (two offices of one
//! courier company) and real desk terminals.
//! - an online shipment accepted at office A, dispatched, arrived at office
//!   B (its destination), out for delivery, delivered: its history in scan
//!   order and its status `delivered`; the cash taken is one ordinary order;
//! - office B's hub cut off from the cloud for a day: its scans carry
//!   yesterday's times and reach the cloud after office A's later ones; the
//!   history is in scan-time order and the statuses are worked out again;
//! - a walk-in on a label of the office's roll becomes a shipment and its
//!   scans attach (one synced before it waits for it); a walk-in off the
//!   rolls is refused;
//! - another company's barcodes are refused, nothing stored;
//! - a batch delivered again (same number, or the same events under a new
//!   number, as a hub that lost the cloud's ack sends them) changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use firmware_sim::desk::{Desk, LabelRoll, WalkIn};
use protocol::{Barcode, EventBody, Money, ReasonCode, ScanKind, Timestamp};
use tests::cargo::{
    CargoWorld, DISTRICT_A, DISTRICT_B, add_roll, cod_rows, drained, events_of, kinds_and_statuses, ledger_rows,
    online_shipment, payment_rows, post_batch, register_company, set_cloud_url, shipment, with_cash_on_delivery,
};
use tests::cloud::{DbKind, Owner, Portal};
use tests::on_both_databases;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const ACKED: Duration = Duration::from_secs(30);

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, s)| ((*k).to_owned(), (*s).to_owned())).collect()
}

async fn scan_at(desk: &mut Desk, at: i64, barcode: &Barcode, kind: ScanKind, reason: Option<ReasonCode>) -> EventBody {
    desk.set_clock(Timestamp(at));
    EventBody::ParcelScan(desk.scan(barcode, kind, reason, "").await.unwrap())
}

async fn journey_and_a_late_office(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut world) = CargoWorld::new(kind, dir.path()).await else { return };
    let db = world.stack.db.clone();
    let (a, b) = (world.a_branch().to_string(), world.b.branch.to_string());
    let now = Timestamp::now().0;
    let mut desk_a = CargoWorld::desk(&world.stack.hub);
    let mut desk_b = CargoWorld::desk(&world.b.hub);

    // (a) Accepted at A for 25 000 so'm cash, dispatched, then at B (its destination) to the door.
    let s1 = online_shipment(&db, &world.business, 50_000_000_001, Some(&b), DISTRICT_B, now - 4 * HOUR).await;
    with_cash_on_delivery(&db, &world.business, &s1, 15_000_000).await;
    let t = now - 3 * HOUR;
    desk_a.set_clock(Timestamp(t));
    desk_a.accept_online(&s1, Some(Money::from_tiyin(2_500_000))).await.unwrap();
    scan_at(&mut desk_a, t + 10 * MINUTE, &s1, ScanKind::Dispatched, None).await;
    desk_a.acked(ACKED).await.unwrap();
    scan_at(&mut desk_b, t + 2 * HOUR, &s1, ScanKind::Arrived, None).await;
    scan_at(&mut desk_b, t + 2 * HOUR + 10 * MINUTE, &s1, ScanKind::OutForDelivery, None).await;
    scan_at(&mut desk_b, t + 2 * HOUR + 50 * MINUTE, &s1, ScanKind::Delivered, None).await;
    desk_b.acked(ACKED).await.unwrap();
    world.drained().await;

    assert_eq!(
        kinds_and_statuses(&db, &s1).await,
        pairs(&[
            ("created", "created"),
            ("accepted", "accepted"),
            ("dispatched", "in_transit"),
            ("arrived", "at_destination"),
            ("out_for_delivery", "out_for_delivery"),
            ("delivered", "delivered"),
        ])
    );
    let offices: Vec<Option<String>> = events_of(&db, &s1).await.into_iter().map(|e| e.office).collect();
    assert_eq!(offices, [None, Some(a.clone()), Some(a.clone()), Some(b.clone()), Some(b.clone()), Some(b.clone())]);
    let row = shipment(&db, &s1).await.unwrap();
    assert_eq!((row.status.as_str(), row.status_at), ("delivered", t + 2 * HOUR + 50 * MINUTE));
    // The receiver's cash is the client's, on their ledger once.
    assert_eq!(cod_rows(&db, &s1).await, [("cod_collected".to_owned(), 15_000_000)]);
    // The pages' read helper: same order, the offices' codes.
    let history = cloud::cargo::tracking::history(&db, s1.as_str()).await.unwrap();
    let codes: Vec<Option<&str>> = history.iter().map(|h| h.office_code.as_deref()).collect();
    assert_eq!(codes, [None, Some("TOSHKENT"), Some("TOSHKENT"), Some("URGANCH"), Some("URGANCH"), Some("URGANCH")]);
    assert_eq!(history.last().unwrap().office_name.as_deref(), Some("Urganch"));
    assert_eq!(history.last().unwrap().shipment_status(), Some(protocol::ShipmentStatus::Delivered));
    // The cash is one ordinary order; the scans add nothing to the figures.
    let totals = db.totals(&world.business, None).await.unwrap();
    assert_eq!((totals.orders, totals.revenue, totals.payments, totals.paid), (1, 2_500_000, 1, 2_500_000));
    assert_eq!(db.raw_counts(&world.business).await.unwrap(), (1, 1, 1));
    let line: String = sqlx::query_scalar("SELECT name FROM order_items").fetch_one(&db.pool).await.unwrap();
    assert_eq!(line, format!("Jo'natma {s1}"));
    // That cash paid the client's shipment: a payment on their ledger, once,
    // named after the office that took it.
    assert_eq!(payment_rows(&db, &s1).await, [("cash".to_owned(), 2_500_000, "Chilonzor".to_owned())]);

    // (b) S2 goes to the receiver's district (no destination office named).
    let s2 = online_shipment(&db, &world.business, 50_000_000_002, None, DISTRICT_B, now - 3 * DAY).await;
    with_cash_on_delivery(&db, &world.business, &s2, 9_900_000).await;
    let two_days = now - 2 * DAY;
    desk_a.set_clock(Timestamp(two_days + 9 * HOUR));
    desk_a.accept_online(&s2, None).await.unwrap();
    scan_at(&mut desk_a, two_days + 10 * HOUR, &s2, ScanKind::Dispatched, None).await;
    desk_a.acked(ACKED).await.unwrap();
    world.drained().await;

    // Office B loses the cloud for a day; its desk works on, by yesterday's clock.
    world.b.hub.stop();
    let cloud_url = set_cloud_url(&world.b.hub, &format!("http://127.0.0.1:{}", tests::free_port()));
    world.b.hub.start().await;
    let yesterday = now - DAY;
    scan_at(&mut desk_b, yesterday + 10 * HOUR, &s2, ScanKind::Arrived, None).await;
    scan_at(&mut desk_b, yesterday + 11 * HOUR, &s2, ScanKind::OutForDelivery, None).await;
    scan_at(&mut desk_b, yesterday + 15 * HOUR, &s2, ScanKind::FailedAttempt, Some(ReasonCode::NoAnswer)).await;
    scan_at(&mut desk_b, yesterday + 16 * HOUR, &s2, ScanKind::ReturnStarted, Some(ReasonCode::Refused)).await;
    scan_at(&mut desk_b, yesterday + 17 * HOUR, &s2, ScanKind::Dispatched, None).await;
    desk_b.acked(ACKED).await.unwrap();
    assert_eq!(world.b.hub.metric("hub_outbox_depth").await, 5.0, "office B's scans wait at its hub");

    // Office A gets the parcel back today and hands it to the sender.
    scan_at(&mut desk_a, now - 2 * HOUR, &s2, ScanKind::Arrived, None).await;
    scan_at(&mut desk_a, now - HOUR, &s2, ScanKind::Delivered, None).await;
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    // Without B's day the cloud can only take it for a delivery at A, with
    // its cash on delivery collected.
    assert_eq!(shipment(&db, &s2).await.unwrap().status, "delivered");
    assert_eq!(events_of(&db, &s2).await.len(), 5);
    assert_eq!(cod_rows(&db, &s2).await, [("cod_collected".to_owned(), 9_900_000)]);

    world.b.hub.stop();
    set_cloud_url(&world.b.hub, &cloud_url);
    world.b.hub.start().await;
    drained(&world.b.hub, Duration::from_secs(60)).await;
    assert_eq!(
        kinds_and_statuses(&db, &s2).await,
        pairs(&[
            ("created", "created"),
            ("accepted", "accepted"),
            ("dispatched", "in_transit"),
            ("arrived", "at_destination"),
            ("out_for_delivery", "out_for_delivery"),
            ("failed_attempt", "delivery_failed"),
            ("return_started", "returning"),
            ("dispatched", "returning"),
            ("arrived", "returning"),
            ("delivered", "returned"),
        ]),
        "B's late day lands in its place and turns A's later scans into the return"
    );
    let history = events_of(&db, &s2).await;
    assert_eq!(history[5].reason, "no_answer");
    assert!(history.windows(2).all(|w| w[0].at <= w[1].at));
    let row = shipment(&db, &s2).await.unwrap();
    assert_eq!((row.status.as_str(), row.status_at), ("returned", now - HOUR));
    // A return collects nothing: the collection is reversed, both rows kept.
    assert_eq!(
        cod_rows(&db, &s2).await,
        [("cod_collected".to_owned(), 9_900_000), ("cod_reversed".to_owned(), -9_900_000)]
    );
    assert_eq!(cod_rows(&db, &s1).await.len(), 1, "nothing more for the first parcel");
    assert_eq!(payment_rows(&db, &s1).await.len(), 1, "its desk payment once, whatever was resent");
    assert_eq!(payment_rows(&db, &s2).await, [], "paid for nothing at the desk");

    desk_a.finish(ACKED).await.unwrap();
    desk_b.finish(ACKED).await.unwrap();
    world.stack.hub.stop();
    world.b.hub.stop();
}
on_both_databases!(journey_and_a_late_office);

fn walk_in(price: i64) -> WalkIn {
    WalkIn {
        sender_name: "Nodira Yusupova".into(),
        sender_phone: "+998935551122".into(),
        receiver_name: "Bekzod Sobirov".into(),
        receiver_phone: "+998977778899".into(),
        receiver_district: DISTRICT_B.into(),
        receiver_address: String::new(),
        weight_g: 2_300,
        pieces: 1,
        price: Money::from_tiyin(price),
    }
}

async fn walk_ins_strangers_and_redelivery(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut world) = CargoWorld::new(kind, dir.path()).await else { return };
    let db = world.stack.db.clone();
    let a = world.a_branch().to_string();
    let now = Timestamp::now().0;
    const ROLL: u64 = 60_000_000_000;
    add_roll(&db, &world.business, &a, ROLL, 100).await;
    let mut desk_a = CargoWorld::desk(&world.stack.hub);
    let mut desk_b = CargoWorld::desk(&world.b.hub);
    desk_a.set_roll(LabelRoll::new(ROLL, 100));
    // Everything desk A sends that is the company's, and what is not.
    let mut ours: Vec<EventBody> = Vec::new();
    let mut strangers: Vec<EventBody> = Vec::new();

    // (c) A walk-in on the roll's next label, carried to B and delivered there.
    desk_a.set_clock(Timestamp(now - 4 * HOUR));
    let w1 = desk_a.register_walk_in(&walk_in(3_000_000)).await.unwrap();
    assert_eq!(w1.barcode.serial(), ROLL);
    ours.push(EventBody::DeskShipment(w1.clone()));
    ours.push(scan_at(&mut desk_a, now - 4 * HOUR + MINUTE, &w1.barcode, ScanKind::Dispatched, None).await);
    scan_at(&mut desk_b, now - HOUR, &w1.barcode, ScanKind::Arrived, None).await;
    scan_at(&mut desk_b, now - 30 * MINUTE, &w1.barcode, ScanKind::Delivered, None).await;
    desk_a.acked(ACKED).await.unwrap();
    desk_b.acked(ACKED).await.unwrap();
    world.drained().await;
    let row = shipment(&db, &w1.barcode).await.unwrap();
    assert_eq!(row.id, w1.id.to_string());
    assert_eq!((row.source.as_str(), row.client.as_deref(), row.origin.as_deref()), ("desk", None, Some(a.as_str())));
    assert!(row.number > 0);
    assert_eq!((row.price, row.receiver_phone.as_str()), (3_000_000, "+998977778899"));
    assert_eq!((row.status.as_str(), row.status_at), ("delivered", now - 30 * MINUTE));
    assert_eq!(
        kinds_and_statuses(&db, &w1.barcode).await,
        pairs(&[
            ("accepted", "accepted"),
            ("dispatched", "in_transit"),
            ("arrived", "at_destination"),
            ("delivered", "delivered")
        ])
    );

    // A scan that reaches the cloud before its walk-in waits for it.
    let late = Barcode::from_serial(ROLL + 50).unwrap();
    scan_at(&mut desk_b, now - 2 * HOUR, &late, ScanKind::Arrived, None).await;
    desk_b.acked(ACKED).await.unwrap();
    drained(&world.b.hub, ACKED).await;
    assert_eq!(shipment(&db, &late).await, None);
    assert_eq!(kinds_and_statuses(&db, &late).await, pairs(&[("arrived", "in_transit")]));
    desk_a.set_clock(Timestamp(now - 3 * HOUR));
    let w2 = desk_a.register_walk_in_on(late.clone(), &walk_in(2_000_000)).await.unwrap();
    ours.push(EventBody::DeskShipment(w2.clone()));
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    assert_eq!(
        kinds_and_statuses(&db, &late).await,
        pairs(&[("accepted", "accepted"), ("arrived", "at_destination")]),
        "B serves the receiver's district: the waiting scan is an arrival at the destination"
    );
    assert_eq!(shipment(&db, &late).await.unwrap().status, "at_destination");

    // A client's online parcel paid in cash at desk A: on their ledger. A
    // walk-in's cash is its sale only (it has no client).
    let mine = online_shipment(&db, &world.business, 50_000_000_077, None, DISTRICT_B, now - DAY).await;
    with_cash_on_delivery(&db, &world.business, &mine, 0).await;
    desk_a.reset_clock();
    let (mine_sale, mine_paid) = desk_a.pay_online(&mine, Money::from_tiyin(4_100_000)).await.unwrap();
    ours.push(EventBody::ParcelPayment(mine_paid));
    strangers
        .push(EventBody::ParcelPayment(desk_a.pay_online(&w1.barcode, Money::from_tiyin(3_000_000)).await.unwrap().1));
    // A sale at the desk, then a parcel payment naming it that the desk did
    // not send (another terminal, another amount), and one naming no sale.
    let (_, sale) = desk_a.take_cash(&mine, Money::from_tiyin(1_000_000)).await.unwrap();
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    let forged = protocol::ParcelPayment {
        payment: sale.id,
        revision: 1,
        barcode: mine.clone(),
        amount: Money::from_tiyin(9_000_000),
        employee: sale.employee,
        paid_at: sale.created_at,
        updated_at: sale.created_at,
    };
    let nothing_sold = protocol::ParcelPayment { payment: protocol::PaymentId::new(), ..forged.clone() };
    strangers.push(EventBody::ParcelPayment(forged));
    strangers.push(EventBody::ParcelPayment(nothing_sold));
    assert_eq!(payment_rows(&db, &mine).await, [("cash".to_owned(), 4_100_000, "Chilonzor".to_owned())]);
    assert_eq!(payment_rows(&db, &w1.barcode).await, []);
    assert_eq!(ledger_rows(&db, &mine, "payment_returned").await, []);

    // The desk gives that cash back (the sale refunded): the client's payment
    // is returned on their ledger, once. Refunding a sale that paid for no
    // client's parcel (the one above) returns nothing.
    ours.push(EventBody::Payment(desk_a.refund(&mine_sale).await.unwrap()));
    ours.push(EventBody::Payment(desk_a.refund(&sale).await.unwrap()));
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    let returned = [("cash".to_owned(), -4_100_000, "Chilonzor".to_owned())];
    assert_eq!(ledger_rows(&db, &mine, "payment_returned").await, returned);
    let net: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger WHERE barcode = $1 \
         AND kind IN ('payment', 'payment_returned')",
    )
    .bind(mine.as_str())
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(net, 0, "paid, then given back: the parcel is unpaid again");

    // A walk-in on a label off every roll: refused, nothing stored.
    desk_a.reset_clock();
    let stray = desk_a.register_walk_in_on(Barcode::from_serial(61_000_000_000).unwrap(), &walk_in(0)).await.unwrap();
    strangers.push(EventBody::DeskShipment(stray.clone()));

    // (e) Another courier company in the same cloud: its shipment and its roll.
    let portal = Portal::new(&world.stack.cloud);
    let other = Owner::numbered(2);
    portal.register(&world.stack.sms, &other).await;
    let other_business = db.owner_by_phone(&other.phone).await.unwrap().business_id;
    let other_branch = portal.create_branch("Xiva").await;
    register_company(&db, &other_business, "boshqa-kargo", "Boshqa Kargo").await;
    add_roll(&db, &other_business, other_branch.as_str(), 63_000_000_000, 10).await;
    let foreign = online_shipment(&db, &other_business, 62_000_000_001, None, DISTRICT_A, now - DAY).await;
    let foreign_label = Barcode::from_serial(63_000_000_003).unwrap();
    let nobodys = Barcode::from_serial(64_000_000_000).unwrap();
    strangers.push(scan_at(&mut desk_a, now - 10 * MINUTE, &foreign, ScanKind::Arrived, None).await);
    strangers.push(scan_at(&mut desk_a, now - 9 * MINUTE, &foreign_label, ScanKind::Sorted, None).await);
    strangers.push(scan_at(&mut desk_a, now - 8 * MINUTE, &nobodys, ScanKind::Sorted, None).await);
    desk_a.set_clock(Timestamp(now - 7 * MINUTE));
    let poached =
        desk_a.register_walk_in_on(Barcode::from_serial(63_000_000_004).unwrap(), &walk_in(1_000_000)).await.unwrap();
    strangers.push(EventBody::DeskShipment(poached.clone()));
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    for refused in [&stray.barcode, &foreign_label, &nobodys, &poached.barcode] {
        assert_eq!(shipment(&db, refused).await, None, "{refused}");
        assert_eq!(events_of(&db, refused).await, vec![], "{refused}");
    }
    assert_eq!(kinds_and_statuses(&db, &foreign).await, pairs(&[("created", "created")]), "the other company's");
    assert_eq!(shipment(&db, &foreign).await.unwrap().status, "created");
    let their_events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_events WHERE business_id = $1")
        .bind(other_business.to_string())
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(their_events, 1);
    // Paid for at desk A: not this company's parcel, not on anyone's ledger.
    strangers.push(EventBody::ParcelPayment(desk_a.pay_online(&foreign, Money::from_tiyin(500_000)).await.unwrap().1));
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    assert_eq!(payment_rows(&db, &foreign).await, []);

    // (d) Delivered again: the same events under a new batch number, then that batch again.
    let before = (events_of(&db, &w1.barcode).await, events_of(&db, &late).await, shipment(&db, &w1.barcode).await);
    let walk_ins_before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_shipments WHERE source = 'desk'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let mut again = ours.clone();
    again.extend(strangers.iter().cloned());
    let first = post_batch(&world, &world.stack.hub, 1_000_000, again.clone()).await.batch.unwrap();
    assert!(!first.duplicate);
    assert_eq!(
        (first.applied, first.superseded, first.refused),
        (0, ours.len() as u32, strangers.len() as u32),
        "every event of ours is already held; every stranger refused"
    );
    let second = post_batch(&world, &world.stack.hub, 1_000_000, again).await.batch.unwrap();
    assert!(second.duplicate);
    let after = (events_of(&db, &w1.barcode).await, events_of(&db, &late).await, shipment(&db, &w1.barcode).await);
    assert_eq!(after, before);
    let walk_ins_after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_shipments WHERE source = 'desk'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!((walk_ins_before, walk_ins_after), (2, 2));
    assert_eq!(payment_rows(&db, &mine).await.len(), 1, "the desk's payment once; the forged ones never");
    assert_eq!(ledger_rows(&db, &mine, "payment_returned").await, returned, "given back once");

    // A corrected walk-in (a newer revision) updates it; the old one again does not.
    let mut fixed = w1.clone();
    fixed.receiver_phone = "+998971234567".into();
    let fixed = desk_a.revise_walk_in(&fixed).await.unwrap();
    desk_a.acked(ACKED).await.unwrap();
    drained(&world.stack.hub, ACKED).await;
    assert_eq!(shipment(&db, &w1.barcode).await.unwrap().receiver_phone, "+998971234567");
    let stale = post_batch(&world, &world.stack.hub, 1_000_001, vec![EventBody::DeskShipment(w1.clone())]).await;
    assert_eq!(stale.batch.unwrap().superseded, 1);
    assert_eq!(shipment(&db, &w1.barcode).await.unwrap().receiver_phone, "+998971234567");
    assert_eq!(fixed.revision, 2);

    desk_a.finish(ACKED).await.unwrap();
    desk_b.finish(ACKED).await.unwrap();
    world.stack.hub.stop();
    world.b.hub.stop();
}
on_both_databases!(walk_ins_strangers_and_redelivery);
