//! Exactly-once sync hub → cloud (E4, E5), on SQLite and PostgreSQL:
//! - the cloud away while terminals sell 10 000 events, then back: exactly
//!   those events in the cloud, figures equal to an independent sum;
//! - the same batch twice: counted once; a batch number reused for other
//!   content: refused; the same events under a new number: no double count;
//! - the cloud and the hub SIGKILLed while syncing: no loss, no double count.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::sync::{Batch, HubStatus, SYNC_CONTENT_TYPE, SYNC_VERSION, SyncEvent, SyncRequest, SyncResponse};
use protocol::{EventBody, TerminalId, Timestamp};
use rand::Rng as _;
use tests::cloud::{DbKind, Stack, distinct_orders_payments, expected_totals};
use tests::{Seller, on_both_databases};

async fn sell(stack: &Stack, terminals: usize, per_terminal: u64, every: Duration) -> Vec<EventBody> {
    let credentials = stack.hub.provision(terminals);
    let sellers: Vec<Seller> = credentials
        .iter()
        .map(|c| {
            Seller::start_limited(
                "127.0.0.1",
                stack.hub.mqtt_port,
                c,
                None,
                every,
                per_terminal,
                Some(Duration::from_secs(2)),
            )
        })
        .collect();
    let mut events = Vec::new();
    for s in sellers {
        let who = s.terminal;
        tests::eventually(Duration::from_secs(120), "the terminal to record its events", || async {
            s.recorded() >= per_terminal
        })
        .await;
        let report = s.finish_within(Duration::from_secs(120)).await;
        report.assert_all_acked(who);
        assert_eq!(report.recorded, per_terminal);
        events.extend(report.events);
    }
    events
}

async fn offline_then_back(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 1).await else { return };
    stack.cloud.kill9();
    stack.hub.start().await;
    let events = sell(&stack, 10, 1_000, Duration::from_millis(1)).await;
    assert_eq!(events.len(), 10_000);
    assert_eq!(stack.hub.metric("hub_outbox_depth").await, 10_000.0, "nothing can have left while the cloud is away");
    assert!(stack.hub.metric("hub_sync_calls_total{reason=\"failed\"}").await >= 1.0);

    stack.cloud.start().await;
    stack.drained(Duration::from_secs(120)).await;
    let business = stack.business().await;
    let totals = stack.db.totals(&business, None).await.unwrap();
    let expected = expected_totals(&events);
    println!("{kind:?}: cloud {totals:?}, terminals {expected:?}");
    assert!(expected.orders > 100 && expected.payments > 100, "the flow must complete orders: {expected:?}");
    assert_eq!(totals, expected);
    let (orders, _, payments) = stack.db.raw_counts(&business).await.unwrap();
    assert_eq!((orders, payments), distinct_orders_payments(&events));
    let synced = stack.hub.metric("hub_synced_events_total").await;
    assert_eq!(synced, 10_000.0, "each event left the hub exactly once");
    // The owner sees the same figures on the summary page.
    let home = stack.portal.get("/").await;
    let shown = web::format::money(expected.revenue).replace('\'', "&#39;");
    assert!(home.body.contains(&shown), "revenue {shown} on the page:\n{}", home.body);
    stack.hub.stop();
}
on_both_databases!(offline_then_back);

async fn post(stack: &Stack, credential: &str, req: &SyncRequest) -> (u16, Vec<u8>) {
    stack.post_sync(credential, req).await
}

fn request(seq: u64, events: Vec<EventBody>) -> SyncRequest {
    let terminal = TerminalId::new();
    SyncRequest {
        version: SYNC_VERSION,
        batch: Some(Batch {
            seq,
            events: events
                .into_iter()
                .enumerate()
                .map(|(i, event)| SyncEvent { terminal, seq: i as u64 + 1, received_at: Timestamp::now(), event })
                .collect(),
        }),
        config_have: 0,
        terminals: None,
        status: HubStatus::default(),
    }
}

/// Orders and payments from the simulator's flow, completed and confirmed along the way.
fn flow_events(n: usize, seed: u64) -> Vec<EventBody> {
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, "sync-test"));
    let mut flow = firmware_sim::Flow::new(branch, seed, false);
    (0..n).map(|_| flow.next_event(Timestamp::now())).collect()
}

async fn repeated_batch(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 2).await else { return };
    let business = stack.business().await;
    let cred = stack.hub_credential();
    let events = flow_events(600, 7);
    let expected = expected_totals(&events);

    let first = request(1, events.clone());
    let (status, body) = post(&stack, &cred, &first).await;
    assert_eq!(status, 200);
    let answer: SyncResponse = postcard::from_bytes(&body).unwrap();
    let ack = answer.batch.unwrap();
    assert!(!ack.duplicate);
    assert_eq!(ack.applied as usize, events.len());
    let after_first = stack.db.totals(&business, None).await.unwrap();
    assert_eq!(after_first, expected);
    let rows_first = stack.db.raw_counts(&business).await.unwrap();

    // The very same batch again (a retry after a lost answer).
    let (status, body) = post(&stack, &cred, &first).await;
    assert_eq!(status, 200);
    let ack = postcard::from_bytes::<SyncResponse>(&body).unwrap().batch.unwrap();
    assert!(ack.duplicate, "a repeated batch is acknowledged as a duplicate");
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected, "counted once");
    assert_eq!(stack.db.raw_counts(&business).await.unwrap(), rows_first);

    // The same number with other content: refused, nothing changes.
    let other = request(1, flow_events(10, 8));
    let (status, body) = post(&stack, &cred, &other).await;
    assert_eq!(status, 409, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("last=1"));
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected);

    // The same events under a new number (a hub restored from a backup):
    // every snapshot is already held, nothing counts twice.
    let again = request(2, events.clone());
    let (status, body) = post(&stack, &cred, &again).await;
    assert_eq!(status, 200);
    let ack = postcard::from_bytes::<SyncResponse>(&body).unwrap().batch.unwrap();
    assert_eq!((ack.applied, ack.superseded as usize), (0, events.len()));
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected);
    assert_eq!(stack.db.raw_counts(&business).await.unwrap(), rows_first);

    // Events in reverse order (fresh before old) give the same figures.
    let fresh = flow_events(300, 9);
    let mut reversed = fresh.clone();
    reversed.reverse();
    let (status, _) = post(&stack, &cred, &request(3, reversed)).await;
    assert_eq!(status, 200);
    let mut all = events.clone();
    all.extend(fresh);
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected_totals(&all));

    // Bad input changes nothing: garbage, a wrong version, no or a wrong credential.
    let client = tests::cloud::http_client();
    let url = stack.cloud.url("/api/v1/sync");
    for (cred, ctype, body, want) in [
        (cred.as_str(), SYNC_CONTENT_TYPE, vec![1u8, 0xff, 0xff, 0xff], 400u16),
        (cred.as_str(), SYNC_CONTENT_TYPE, postcard::to_stdvec(&99u16).unwrap(), 400),
        (cred.as_str(), "application/json", postcard::to_stdvec(&first).unwrap(), 415),
        ("hub1.not.valid", SYNC_CONTENT_TYPE, postcard::to_stdvec(&first).unwrap(), 401),
        (&cred.replace("hub1.", "hub1.x"), SYNC_CONTENT_TYPE, postcard::to_stdvec(&first).unwrap(), 401),
    ] {
        let r = client.post(&url).bearer_auth(cred).header("content-type", ctype).body(body).send().await.unwrap();
        assert_eq!(r.status().as_u16(), want);
    }
    let r = client.post(&url).header("content-type", SYNC_CONTENT_TYPE).body(vec![1]).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected_totals(&all));
}
on_both_databases!(repeated_batch);

/// What a hub says of itself reaches the branch page: its build (only
/// version characters kept) and how long its oldest waiting event had
/// waited, by its own clock; a hub still on sync layout 2 is served and
/// shows neither.
async fn hub_build_and_lag_on_the_branch_page(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 1).await else { return };
    // The real hub reports its own build first.
    stack.hub.start().await;
    let hub_line = async |stack: &Stack| {
        let page = stack.portal.get("/branches").await;
        (page.text_of("data-hub-software").unwrap_or_default(), page.text_of("data-hub-lag").unwrap_or_default())
    };
    let mut own = String::new();
    for _ in 0..100 {
        own = hub_line(&stack).await.0;
        if !own.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(own, format!("dastur versiyasi {}", env!("CARGO_PKG_VERSION")));
    stack.hub.stop();
    let cred = stack.hub_credential();

    let now = Timestamp::now();
    let mut req = request(1, flow_events(5, 3));
    req.status = HubStatus {
        outbox_depth: 1_200,
        sent_at: now,
        oldest_waiting_at: Some(Timestamp(now.0 - 17 * 60_000 - 5_000)),
        software: "1.4.2-rc1<script>alert(1)</script>".to_owned(),
        ..HubStatus::default()
    };
    assert_eq!(post(&stack, &cred, &req).await.0, 200);
    assert_eq!(
        hub_line(&stack).await,
        ("dastur versiyasi 1.4.2-rc1scriptalert1script".to_owned(), "17 daqiqa orqada".to_owned())
    );

    // Three hours behind reads in hours; nothing waiting, no lag.
    req.batch = None;
    req.status.oldest_waiting_at = Some(Timestamp(now.0 - 3 * 3_600_000 - 60_000));
    assert_eq!(post(&stack, &cred, &req).await.0, 200);
    assert_eq!(hub_line(&stack).await.1, "3 soat orqada");
    req.status.outbox_depth = 0;
    assert_eq!(post(&stack, &cred, &req).await.0, 200);
    assert_eq!(hub_line(&stack).await.1, "");

    // Layout 2 (a hub not yet upgraded): served, build unknown.
    let old = protocol::sync::v2::SyncRequest {
        version: protocol::sync::v2::VERSION,
        batch: None,
        config_have: 0,
        terminals: None,
        status: protocol::sync::v2::HubStatus { outbox_depth: 3, sent_at: now, ..Default::default() },
    };
    let (status, body) = stack.post_hub_call("/api/v1/sync", &cred, postcard::to_allocvec(&old).unwrap()).await;
    assert_eq!(status, 200);
    assert!(postcard::from_bytes::<SyncResponse>(&body).is_ok());
    assert_eq!(hub_line(&stack).await, (String::new(), String::new()));
}
on_both_databases!(hub_build_and_lag_on_the_branch_page);

/// Absurd money and impossible dates (a hub that let them through, or a
/// leaked hub credential) are refused one by one while the rest of the batch
/// lands, and the owner's pages keep working on both databases.
async fn absurd_events_refused_on_their_own(kind: DbKind) {
    use protocol::event::{EARLIEST, MAX_ORDER_TOTAL, MAX_UNIT_PRICE};
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 4).await else { return };
    let business = stack.business().await;
    let cred = stack.hub_credential();
    let honest = flow_events(300, 12);
    let payment =
        honest.iter().find_map(|e| if let EventBody::Payment(p) = e { Some(p.clone()) } else { None }).unwrap();
    let order = honest.iter().find_map(|e| if let EventBody::Order(o) = e { Some(o.clone()) } else { None }).unwrap();
    let mut absurd = Vec::new();
    for amount in [MAX_ORDER_TOTAL + 1, i64::MAX / 2, i64::MAX] {
        let mut p = payment.clone();
        p.id = protocol::PaymentId::new();
        p.amount = protocol::Money::from_tiyin(amount);
        absurd.push(EventBody::Payment(p));
    }
    let mut dear = order.clone();
    dear.id = protocol::OrderId::new();
    dear.items.truncate(1);
    dear.items[0].unit_price = protocol::Money::from_tiyin(MAX_UNIT_PRICE + 1);
    absurd.push(EventBody::Order(dear));
    let mut old = order.clone();
    old.id = protocol::OrderId::new();
    (old.created_at, old.updated_at) = (Timestamp(EARLIEST.0 - 1), Timestamp(EARLIEST.0 - 1));
    absurd.push(EventBody::Order(old));
    let mut ahead = order.clone();
    ahead.id = protocol::OrderId::new();
    ahead.updated_at = Timestamp(Timestamp::now().0 + 86_400_000);
    absurd.push(EventBody::Order(ahead));
    // The absurd ones spread through the batch.
    let mut batch = honest.clone();
    for (i, e) in absurd.iter().enumerate() {
        batch.insert(i * 50 + 7, e.clone());
    }
    let (status, body) = post(&stack, &cred, &request(1, batch)).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let ack = postcard::from_bytes::<SyncResponse>(&body).unwrap().batch.unwrap();
    assert_eq!((ack.applied as usize, ack.refused as usize), (honest.len(), absurd.len()), "{ack:?}");
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected_totals(&honest), "only the honest count");
    for page in ["/", "/transactions", "/employees", "/orders", "/products"] {
        let shown = stack.portal.get(page).await;
        assert_eq!(shown.status, 200, "{page}: {}", shown.body);
    }
}
on_both_databases!(absurd_events_refused_on_their_own);

async fn kills_mid_sync(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 3).await else { return };
    // Small batches: many calls in flight to be cut.
    stack.hub.set_env("EDGE_HUB__SYNC__BATCH_EVENTS", "150");
    stack.hub.start().await;
    let credentials = stack.hub.provision(8);
    let sellers: Vec<Seller> = credentials
        .iter()
        .map(|c| {
            Seller::start_limited(
                "127.0.0.1",
                stack.hub.mqtt_port,
                c,
                None,
                Duration::from_millis(4),
                1_500,
                Some(Duration::from_secs(1)),
            )
        })
        .collect();
    let mut rng = rand::rng();
    for round in 0..6 {
        tokio::time::sleep(Duration::from_millis(rng.random_range(400..1_200))).await;
        if round % 2 == 0 {
            stack.cloud.kill9();
            tokio::time::sleep(Duration::from_millis(rng.random_range(100..600))).await;
            stack.cloud.start().await;
        } else {
            stack.hub.kill9();
            tokio::time::sleep(Duration::from_millis(rng.random_range(50..400))).await;
            stack.hub.start().await;
        }
    }
    let mut events = Vec::new();
    for s in sellers {
        let who = s.terminal;
        tests::eventually(Duration::from_secs(120), "the terminal to record its events", || async {
            s.recorded() >= 1_500
        })
        .await;
        let report = s.finish_within(Duration::from_secs(120)).await;
        report.assert_all_acked(who);
        events.extend(report.events);
    }
    stack.drained(Duration::from_secs(120)).await;
    let business = stack.business().await;
    let expected = expected_totals(&events);
    let totals = stack.db.totals(&business, None).await.unwrap();
    println!("{kind:?}: {} events, cloud {totals:?}", events.len());
    assert_eq!(totals, expected, "no loss, no double count");
    let (orders, _, payments) = stack.db.raw_counts(&business).await.unwrap();
    assert_eq!((orders, payments), distinct_orders_payments(&events));
    stack.hub.stop();
}
on_both_databases!(kills_mid_sync);

/// Two hubs of one branch (a spare box, a hub being replaced) send the same
/// new orders and payments at the same moment: each counts once. On
/// PostgreSQL both transactions used to see the payment as new and add it to
/// the rollups twice; the branch's sync calls now take turns.
async fn two_hubs_send_the_same_sale_at_once(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 5).await else { return };
    let business = stack.business().await;
    let first = stack.hub_credential();
    let code = stack.portal.enrolment_code(stack.branch.as_str()).await;
    let enrolled: serde_json::Value = tests::cloud::http_client()
        .post(stack.cloud.url("/api/v1/hubs/enroll"))
        .json(&serde_json::json!({ "code": code, "name": "spare" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second = enrolled["credential"].as_str().expect("a second credential").to_owned();
    let mut all = Vec::new();
    for round in 0..12u64 {
        let events = flow_events(40, 100 + round);
        let req = request(round + 1, events.clone());
        let (a, b) = tokio::join!(post(&stack, &first, &req), post(&stack, &second, &req));
        assert_eq!((a.0, b.0), (200, 200));
        all.extend(events);
    }
    assert_eq!(stack.db.totals(&business, None).await.unwrap(), expected_totals(&all), "every sale counted once");
}
on_both_databases!(two_hubs_send_the_same_sale_at_once);
