//! Who may change what, and the trace it leaves (issue 15, parts 2, 5 and 9),
//! on SQLite and PostgreSQL, with a real hub and cloud. Kassa 1 is a
//! manager's terminal, Kassa 2 and 3 cashiers'. Kassa 2 sells an order and
//! takes its payment; Kassa 3 can neither cancel that order nor touch the
//! catalog; the manager's terminal cancels it and refunds the payment. In the
//! portal the order reads `2-001` (Kassa 2's short number, then its own
//! count), and its page shows the four changes with the terminal that made
//! each, the cancellation after payment and the refund marked.
//!
//! Then Kassa 3, offline, keeps selling while it is revoked at the hub. When
//! it reaches the hub again it is told it was revoked ("not authorized"),
//! stops taking sales and exports them; the technician hands the file to the
//! hub, which keeps every sale made before the revocation, and they reach
//! the cloud.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::{
    EmployeeId, EventBody, OrderStatus, Payment, PaymentId, PaymentMethod, PaymentStatus, Place, PlaceId, RejectReason,
    Timestamp,
};
use tests::cloud::{DbKind, Stack};
use tests::{RawTerminal, Seller, on_both_databases};

fn bumped(event: &EventBody, change: impl FnOnce(&mut EventBody)) -> EventBody {
    let mut next = event.clone();
    change(&mut next);
    next
}

async fn roles_and_history(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 916).await else { return };
    let creds = stack.hub.provision(3);
    stack.hub.start().await;
    let port = stack.hub.mqtt_port;
    let list = stack.hub.run_command(&["terminal", "list"]).await;
    assert!(list.contains("  1  manager   Kassa 1"), "{list}");
    assert!(list.contains("  2  cashier   Kassa 2"), "{list}");
    let mut manager = RawTerminal::connect(port, &creds[0]).await;
    let mut kassa2 = RawTerminal::connect(port, &creds[1]).await;
    let mut kassa3 = RawTerminal::connect(port, &creds[2]).await;

    // Kassa 2 sells and takes the money.
    let order = tests::order(2_000);
    let EventBody::Order(o) = &order else { unreachable!() };
    let (order_id, total) = (o.id, o.items_total().unwrap());
    kassa2.sell(&order).await;
    let paid = bumped(&order, |e| {
        if let EventBody::Order(o) = e {
            o.revision = 2;
            o.status = OrderStatus::Completed;
            o.closed_at = Some(Timestamp::now());
            o.updated_at = Timestamp::now();
        }
    });
    kassa2.sell(&paid).await;
    let now = Timestamp::now();
    let payment = EventBody::Payment(Payment {
        id: PaymentId::new(),
        revision: 1,
        order: order_id,
        method: PaymentMethod::Cash,
        amount: total,
        status: PaymentStatus::Confirmed,
        employee: EmployeeId::new(),
        created_at: now,
        updated_at: now,
    });
    kassa2.sell(&payment).await;

    // Another cashier can neither void it nor change the catalog.
    let void = bumped(&paid, |e| {
        if let EventBody::Order(o) = e {
            o.revision = 3;
            o.status = OrderStatus::Cancelled;
            o.updated_at = Timestamp::now();
        }
    });
    let refund = bumped(&payment, |e| {
        if let EventBody::Payment(p) = e {
            p.revision = 2;
            p.status = PaymentStatus::Refunded;
            p.updated_at = Timestamp::now();
        }
    });
    let table = EventBody::Place(Place {
        id: PlaceId::new(),
        revision: 1,
        name: "Stol 9".into(),
        service_bp: 1_000,
        active: true,
        updated_at: Timestamp::now(),
    });
    for (event, reason) in
        [(&void, RejectReason::NotOwner), (&refund, RejectReason::NotOwner), (&table, RejectReason::NotManager)]
    {
        let seq = kassa3.send(event).await;
        let acks = kassa3.acks_until(seq).await;
        let answer = acks.last().unwrap();
        assert_eq!(answer.rejected.iter().map(|r| (r.seq, r.reason)).collect::<Vec<_>>(), vec![(seq, reason)]);
    }
    // The manager's terminal can.
    manager.sell(&void).await;
    manager.sell(&refund).await;
    manager.sell(&table).await;
    assert_eq!(stack.hub.metric(&tests::rejected("not_owner")).await, 2.0);
    assert_eq!(stack.hub.metric(&tests::rejected("not_manager")).await, 1.0);
    stack.drained(Duration::from_secs(60)).await;

    // The portal: the order's number names its terminal, its page its history.
    let list = stack.portal.get("/orders").await;
    assert!(list.shows("2-001"), "{}", list.body);
    let found = stack.portal.get("/orders?q=2-001").await;
    assert!(found.shows(&order_id.to_string()), "searching 2-001 finds it");
    let other = stack.portal.get("/orders?q=3-001").await;
    assert!(!other.shows(&order_id.to_string()), "3-001 is another terminal's");
    let page = stack.portal.get(&format!("/orders/{order_id}")).await;
    assert_eq!(page.status, 200);
    let changes = page.body.matches("<tr data-change").count();
    assert_eq!(changes, 5, "opened, completed, paid, cancelled, refunded: {}", page.body);
    assert_eq!(page.body.matches("data-alarm").count(), 2, "the void after payment and the refund: {}", page.body);
    assert!(page.shows("To'langan buyurtma bekor qilindi") && page.shows("Pul qaytarildi"));
    assert!(page.shows("2 · Kassa 2") && page.shows("1 · Kassa 1"), "who: {}", page.body);
    assert_eq!(page.body.matches("data-manager").count(), 2, "both of the manager's changes are marked");
    let branches = stack.portal.get("/branches").await;
    assert!(branches.attrs("data-role").contains(&"manager".to_owned()), "{}", branches.body);
    drop((manager, kassa2, kassa3));

    // Kassa 3 sells offline and is revoked meanwhile.
    stack.hub.stop();
    let before = stack.db.raw_counts(&stack.business().await).await.unwrap();
    let seller = Seller::start_limited("127.0.0.1", port, &creds[2], None, Duration::from_millis(20), 6, None);
    tests::eventually(Duration::from_secs(10), "six sales recorded offline", || async { seller.recorded() == 6 }).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let out = stack.hub.run_command(&["terminal", "revoke", &creds[2].terminal.to_string()]).await;
    assert!(out.contains("revoked"), "{out}");
    stack.hub.start().await;
    tests::eventually(Duration::from_secs(15), "the terminal told it was revoked", || async {
        seller.state.revoked.load(std::sync::atomic::Ordering::Relaxed)
    })
    .await;
    let handover = seller.state.handover.lock().clone().expect("a revoked terminal keeps a hand-over file");
    let report = seller.finish_within(Duration::from_secs(2)).await;
    assert_eq!(report.result, Err("the hub revoked this terminal".to_owned()));
    assert_eq!((report.recorded, report.acked), (6, 0), "nothing reached the hub before");
    let file = dir.path().join("kassa3.handover");
    std::fs::write(&file, &handover).unwrap();
    let out = stack.hub.run_command(&["terminal", "handover", file.to_str().unwrap()]).await;
    assert!(out.contains("6 sale(s) taken, 0 refused for good"), "{out}");
    // A second hand-over of the same file changes nothing (each sale is kept once).
    let again = stack.hub.run_command(&["terminal", "handover", file.to_str().unwrap()]).await;
    assert!(again.contains("6 sale(s) taken"), "{again}");
    stack.drained(Duration::from_secs(60)).await;
    let after = stack.db.raw_counts(&stack.business().await).await.unwrap();
    let (orders, payments) = tests::cloud::distinct_orders_payments(&report.events);
    assert_eq!((after.0 - before.0, after.2 - before.2), (orders, payments), "its sales reached the cloud once");
    stack.hub.stop();
}
on_both_databases!(roles_and_history);
