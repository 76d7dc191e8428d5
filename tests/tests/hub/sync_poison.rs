//! Sync never stops for good (issue 15, part 7), on SQLite and PostgreSQL: a
//! real hub and cloud, the cloud's body limit lowered to 40 000 bytes and the
//! hub's batches to 32 KiB. While the cloud is away a terminal sells 300
//! small orders and one order too large for the cloud to take at all. Back
//! online, the hub keeps its batches under its limit (narrowing what the
//! outbox would send at once), the cloud refuses the one large order (413),
//! the hub narrows down to it, checks that the cloud still takes a call
//! without it, sets it aside as a dead letter (on `/metrics`, the hub's
//! page and the owner's branch page) and syncs everything else, exactly once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::{EventBody, Money, OrderItem, ProductId, Quantity};
use tests::cloud::{DbKind, Stack};
use tests::{RawTerminal, on_both_databases};

/// An honest order of 300 lines with long names: about 50 KB, under the
/// envelope's 64 KiB but over the cloud's lowered limit.
fn huge_order() -> EventBody {
    let EventBody::Order(mut order) = tests::order(1_000) else { unreachable!() };
    order.items = (0..300)
        .map(|i| OrderItem {
            product: ProductId::new(),
            name: format!("Katta to'y dasturxoni uchun maxsus buyurtma: {i:03} {}", "x".repeat(100)),
            qty: Quantity::from_milli(1_000),
            unit_price: Money::from_tiyin(1_000_000),
            cost_price: Money::from_tiyin(400_000),
        })
        .collect();
    EventBody::Order(order)
}

async fn a_poison_event_is_set_aside(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 915).await else { return };
    stack.cloud.stop();
    stack.cloud.set_env("CLOUD__MAX_SYNC_BODY", "40000");
    stack.hub.set_env("EDGE_HUB__SYNC__BATCH_BYTES", "32768");
    stack.hub.start().await;
    let credential = stack.hub.provision(1).remove(0);
    let mut terminal = RawTerminal::connect(stack.hub.mqtt_port, &credential).await;
    let mut last = 0;
    for i in 0..301 {
        let event = if i == 150 { huge_order() } else { tests::order(1_000) };
        last = terminal.send(&event).await;
    }
    let acks = terminal.acks_until(last).await;
    assert_eq!(acks.iter().map(|a| a.accepted.len()).sum::<usize>(), 301, "the hub takes all of it");
    assert_eq!(stack.hub.metric("hub_outbox_depth").await, 301.0);

    stack.cloud.start().await;
    stack.drained(Duration::from_secs(120)).await;
    assert_eq!(stack.hub.metric("hub_dead_letters").await, 1.0, "{}", stack.hub.log_tail());
    assert_eq!(stack.hub.metric("hub_sync_calls_total{reason=\"dead_letter\"}").await, 1.0);
    assert!(stack.hub.metric("hub_sync_calls_total{reason=\"narrowed\"}").await >= 1.0);
    assert_eq!(stack.hub.metric("hub_synced_events_total").await, 300.0, "each other event left once");
    let business = stack.business().await;
    let (orders, _, _) = stack.db.raw_counts(&business).await.unwrap();
    assert_eq!(orders, 300, "every order but the one the cloud refuses");
    let page = reqwest::get(stack.hub.url("/")).await.unwrap().text().await.unwrap();
    assert!(page.contains("Events the cloud refused (1)"), "{page}");
    assert!(page.contains("413"), "the cloud's answer is shown: {page}");

    // Sales go on syncing afterwards.
    let next = terminal.send(&tests::order(2_000)).await;
    terminal.acks_until(next).await;
    stack.drained(Duration::from_secs(60)).await;
    let (orders, _, _) = stack.db.raw_counts(&business).await.unwrap();
    assert_eq!(orders, 301);

    // The owner learns of it: the hub says so on every call, the branch
    // page shows it (and nothing waits any more).
    // (The hub calls every 200 ms when idle; the last batch's call still
    // counted that batch as waiting.)
    let mut page = stack.portal.get("/branches").await;
    for _ in 0..50 {
        if !page.body.contains("data-waiting") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        page = stack.portal.get("/branches").await;
    }
    let warning = page.text_of("data-dead-letters").unwrap_or_else(|| panic!("{}", page.body));
    assert!(warning.contains("Bulut 1 ta yozuvni qabul qilmadi"), "{warning}");
    assert!(!page.body.contains("data-waiting"), "{}", page.body);
    let hub = page.text_of("data-hub-backlog").unwrap_or_else(|| panic!("{}", page.body));
    assert!(hub.contains("yuborilishi kutilmoqda: 0 · bulut rad etgan: 1"), "per hub: {hub}");
    stack.hub.stop();
}
on_both_databases!(a_poison_event_is_set_aside);
