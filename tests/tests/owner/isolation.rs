//! Tenant isolation, on SQLite and PostgreSQL: owner A's session reads and
//! changes nothing of owner B's through any endpoint so far, and a hub
//! credential of one branch cannot write another branch's data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use protocol::sync::{Batch, HubStatus, SYNC_VERSION, SyncEvent, SyncRequest, SyncResponse, TerminalInfo};
use protocol::{EventBody, TerminalId, Timestamp};
use tests::cloud::{DbKind, Owner, Portal, Stack, enroll, expected_totals};
use tests::{HubProcess, on_both_databases};

fn flow_events(n: usize, seed: u64) -> Vec<EventBody> {
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Shop, "iso"));
    let mut flow = firmware_sim::Flow::new(branch, seed, false);
    (0..n).map(|_| flow.next_event(Timestamp::now())).collect()
}

async fn sync(stack: &Stack, credential: &str, seq: u64, terminal: TerminalId, events: Vec<EventBody>) -> SyncResponse {
    let req = SyncRequest {
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
        terminals: Some(vec![TerminalInfo {
            id: terminal,
            name: "Kassa".into(),
            created_at: Timestamp::now(),
            revoked_at: None,
            short: 1,
            role: protocol::sync::TerminalRole::Cashier,
        }]),
        status: HubStatus::default(),
    };
    let (status, body) = stack.post_sync(credential, &req).await;
    assert_eq!(status, 200);
    postcard::from_bytes(&body).unwrap()
}

fn credential_of(hub: &HubProcess) -> String {
    let link: serde_json::Value =
        serde_json::from_slice(&std::fs::read(hub.data_dir.join("cloud.json")).unwrap()).unwrap();
    link["credential"].as_str().unwrap().to_owned()
}

async fn tenants(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    // B: a branch with an enrolled hub, a terminal and sales.
    let Some(b) = Stack::new(kind, dir.path(), 20).await else { return };
    let b_business = b.business().await;
    let b_cred = credential_of(&b.hub);
    let b_terminal = TerminalId::new();
    let b_events = flow_events(300, 1);
    sync(&b, &b_cred, 1, b_terminal, b_events.clone()).await;
    let b_totals = b.db.totals(&b_business, None).await.unwrap();
    assert_eq!(b_totals, expected_totals(&b_events));
    let b_rows = b.db.raw_counts(&b_business).await.unwrap();

    // A: another owner on the same cloud, with a branch and hub of its own.
    let a = Portal::new(&b.cloud);
    let a_owner = Owner::numbered(21);
    a.register(&b.sms, &a_owner).await;
    let a_branch = a.create_branch("Yunusobod").await;
    let a_code = a.enrolment_code(&a_branch).await;
    let a_hub = HubProcess::new(&dir.path().join("hub-a"));
    std::fs::create_dir_all(&a_hub.data_dir).unwrap();
    assert!(enroll(&a_hub, &b.cloud, &a_code).await.0);
    let a_cred = credential_of(&a_hub);
    let a_business = b.db.owner_by_phone(&a_owner.phone).await.unwrap().business_id;

    // A's pages show nothing of B's.
    let page = a.get("/branches").await;
    assert!(!page.body.contains(b.branch.as_str()) && !page.body.contains("Chilonzor"));
    assert!(!page.body.contains(&b_terminal.to_string()));
    let home = a.get("/").await;
    assert!(!home.body.contains(&web::format::money(b_totals.revenue).replace('\'', "&#39;")));
    assert!(home.body.contains("0 so&#39;m"), "A has no sales");

    // A's session cannot act on B's branch or terminal: 404, nothing changes.
    let version_before: i64 = sqlx::query_scalar("SELECT config_version FROM branches WHERE id = $1")
        .bind(&b.branch)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
    assert_eq!(a.post(&format!("/branches/{}/enrolment", b.branch), &[]).await.status, 404);
    assert_eq!(a.post(&format!("/terminals/{b_terminal}/revoke"), &[("confirm", "yes")]).await.status, 404);
    assert_eq!(a.get(&format!("/terminals/{b_terminal}/revoke")).await.status, 404);
    assert_eq!(a.post("/terminals/not-an-id/revoke", &[("confirm", "yes")]).await.status, 404);
    let window = format!("/branches/{}/pairing-window", b.branch);
    assert_eq!(a.post(&window, &[("minutes", "60")]).await.status, 404, "B's pairing window");
    let b_hub: String = sqlx::query_scalar("SELECT id FROM hubs WHERE branch_id = $1")
        .bind(&b.branch)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
    assert_eq!(a.get(&format!("/hubs/{b_hub}/revoke")).await.status, 404, "B's hub");
    assert_eq!(a.post(&format!("/hubs/{b_hub}/revoke"), &[("confirm", "yes")]).await.status, 404);
    assert_eq!(b.db.hubs_of(&b_business, &b.branch).await.unwrap().len(), 1, "B's hub is untouched");
    let b_terms = b.db.terminals(&b_business, &b.branch).await.unwrap();
    assert_eq!(b_terms.len(), 1);
    assert_eq!(b_terms[0].revoked_at, None, "B's terminal is untouched");
    let version_after: i64 = sqlx::query_scalar("SELECT config_version FROM branches WHERE id = $1")
        .bind(&b.branch)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
    assert_eq!(version_before, version_after);
    let codes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM enrolment_codes WHERE branch_id = $1")
        .bind(&b.branch)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
    assert_eq!(codes, 1, "A made no enrolment code for B's branch");

    // A's hub posts B's entities (same ids, newer versions) and reports B's
    // terminal as its own: all refused, B unchanged, A gains nothing.
    let hijack: Vec<EventBody> = b_events
        .iter()
        .map(|e| {
            let mut e = e.clone();
            match &mut e {
                EventBody::Order(o) => o.revision += 10,
                EventBody::Payment(p) => p.revision += 10,
                EventBody::Product(p) => p.revision += 10,
                EventBody::Employee(m) => m.revision += 10,
                EventBody::Place(p) => p.revision += 10,
                EventBody::ParcelScan(s) => s.revision += 10,
                EventBody::DeskShipment(d) => d.revision += 10,
                EventBody::ParcelPayment(p) => p.revision += 10,
            }
            e
        })
        .collect();
    let answer = sync(&b, &a_cred, 1, b_terminal, hijack.clone()).await;
    let ack = answer.batch.unwrap();
    assert_eq!((ack.applied, ack.refused as usize), (0, hijack.len()), "every foreign entity refused");
    assert_eq!(b.db.totals(&b_business, None).await.unwrap(), b_totals);
    assert_eq!(b.db.raw_counts(&b_business).await.unwrap(), b_rows);
    assert_eq!(b.db.totals(&a_business, None).await.unwrap(), Default::default());
    assert_eq!(b.db.terminals(&a_business, &a_branch).await.unwrap().len(), 0, "B's terminal stays B's");
    // A's hub hears only its own branch's config.
    let config = answer.config.unwrap();
    assert_eq!(config.branch_name, "Yunusobod");
    assert!(config.terminals.iter().all(|t| t.id != b_terminal));

    // The branch filter of the rollups keeps branches apart too.
    assert_eq!(b.db.totals(&b_business, Some(&a_branch)).await.unwrap(), Default::default());
}
on_both_databases!(tenants);
