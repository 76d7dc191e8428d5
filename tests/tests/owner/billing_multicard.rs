//! Multicard (B4, P11) across real processes, on SQLite and PostgreSQL.
//!
//! `token_status`: the payment settings page says Inactive for credentials
//! Multicard refuses, Active for ones it accepts (the token is kept, not
//! asked again on every view) and renews an expired token; the secret and
//! the token never reach the page or the log.
//!
//! `callbacks`: a success callback with a wrong sign is refused and changes
//! nothing; the right one marks the payment paid; its repeats (same uuid)
//! are answered `{"success":true}` and counted once; the status webhook's
//! sha1 sign is checked too.
//!
//! `till`: a terminal takes a mobile payment through its hub: it gets the
//! checkout URL, the payer pays at the simulator, the signed callback
//! reaches the cloud and the confirmation reaches the terminal; with the
//! cloud stopped the terminal is told "unavailable" at once and keeps
//! selling.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use cloud::billing::multicard::sign;
use cloud::billing::store::multicard::{MobilePayment, MobileStatus};
use cloud::ids::BusinessId;
use serde_json::{Value, json};
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};
use tests::multicard::{APP_ID, Multicard, SECRET, STORE_ID, save_settings, token_status};
use tests::{eventually, on_both_databases};

/// A cloud pointed at a fresh simulator, one owner with one branch.
struct Setup {
    mc: Multicard,
    _sms: Sms,
    cloud: CloudProcess,
    portal: Portal,
    branch: cloud::ids::BranchId,
    business: BusinessId,
    db: cloud::db::Db,
}

async fn setup(kind: DbKind, dir: &std::path::Path, owner_no: u32) -> Option<Setup> {
    let db = TestDb::new(kind, dir).await?;
    let sms = Sms::start().await;
    let mc = Multicard::start().await;
    let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
    mc.configure(&mut cloud);
    cloud.start().await;
    let portal = Portal::new(&cloud);
    let owner = Owner::numbered(owner_no);
    portal.register(&sms, &owner).await;
    let branch = portal.create_branch("Chilonzor").await;
    let pool = db.open().await;
    let business = pool.owner_by_phone(&owner.phone).await.unwrap().business_id;
    Some(Setup { mc, _sms: sms, cloud, portal, branch, business, db: pool })
}

fn cloud_log(cloud: &CloudProcess) -> String {
    std::fs::read_to_string(cloud.dir.join("cloud.log")).unwrap_or_default()
}

async fn token_status_story(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(s) = setup(kind, dir.path(), 131).await else { return };
    let branch = s.branch.as_str();

    assert_eq!(token_status(&s.portal, branch).await, "unchecked", "nothing saved, nothing checked");
    save_settings(&s.portal, branch, APP_ID, "wrong-secret-1").await;
    assert_eq!(token_status(&s.portal, branch).await, "inactive", "Multicard refuses these");
    assert_eq!(s.mc.sim.tokens_issued(), 0);

    save_settings(&s.portal, branch, APP_ID, SECRET).await;
    let page = s.portal.get(&format!("/payment-settings?branch={branch}")).await;
    assert_eq!(page.attrs("data-token"), vec!["active"], "the right credentials yield a token");
    assert!(page.shows("Aktiv"), "in the owner's language");
    assert_eq!(s.mc.sim.tokens_issued(), 1);
    assert_eq!(token_status(&s.portal, branch).await, "active");
    assert_eq!(s.mc.sim.tokens_issued(), 1, "a working token is kept, not asked again");

    // Tokens now live one second: a new secret gets one, and once it
    // expires the page renews it.
    s.mc.sim.set_token_ttl_ms(1000);
    s.mc.sim.register(APP_ID, "mc-secret-second", STORE_ID);
    save_settings(&s.portal, branch, APP_ID, "mc-secret-second").await;
    assert_eq!(s.mc.sim.tokens_issued(), 2, "changed credentials are checked at once");
    eventually(Duration::from_secs(30), "the expired token to be renewed", || async {
        token_status(&s.portal, branch).await == "active" && s.mc.sim.tokens_issued() >= 3
    })
    .await;
    let (expires_at, sealed): (i64, String) =
        sqlx::query_as("SELECT token_expires_at, token_sealed FROM multicard_settings WHERE branch_id = $1")
            .bind(&s.branch)
            .fetch_one(&s.db.pool)
            .await
            .unwrap();
    assert!(expires_at > 0 && sealed.starts_with("v1."), "the token is kept sealed");

    // The old secret no longer works anywhere.
    s.mc.sim.register(APP_ID, "mc-secret-third", STORE_ID);
    save_settings(&s.portal, branch, APP_ID, "mc-secret-second-typo").await;
    assert_eq!(token_status(&s.portal, branch).await, "inactive");

    let page = s.portal.get(&format!("/payment-settings?branch={branch}")).await;
    let log = cloud_log(&s.cloud);
    for secret in [SECRET, "mc-secret-second", "wrong-secret-1"] {
        assert!(!page.body.contains(secret), "the secret is never shown");
        assert!(!log.contains(secret), "the secret is never logged");
    }
    assert!(!has_token(&log), "no token in the log");
}
on_both_databases!(token_status_story);

/// Does `text` hold a token the simulator issues (`sim.` and 48 hex digits)?
fn has_token(text: &str) -> bool {
    text.match_indices("sim.").any(|(i, _)| {
        let rest = &text.as_bytes()[i + 4..];
        rest.len() >= 48 && rest[..48].iter().all(u8::is_ascii_hexdigit)
    })
}

/// A pending mobile payment of `amount` with an invoice at Multicard.
async fn pending(s: &Setup, amount: i64) -> (MobilePayment, String) {
    let id = uuid::Uuid::now_v7().simple().to_string();
    let p = MobilePayment {
        id: id.clone(),
        business_id: s.business.clone(),
        branch_id: s.branch.clone(),
        terminal_id: protocol::TerminalId::new().to_string(),
        request_id: protocol::PaymentId::new().to_string(),
        order_id: protocol::OrderId::new().to_string(),
        payment_id: protocol::PaymentId::new().to_string(),
        amount,
        store_id: STORE_ID.into(),
        uuid: String::new(),
        checkout_url: String::new(),
        status: MobileStatus::Pending,
        created_at: 1,
        paid_at: 0,
    };
    let p = MobilePayment { request_id: p.payment_id.clone(), ..p };
    let (p, new) = s.db.open_mobile_payment(&p).await.unwrap();
    assert!(new);
    let uuid = uuid::Uuid::new_v4().to_string();
    s.db.set_mobile_invoice(&p.id, &uuid, "http://checkout.invalid/x").await.unwrap();
    (p, uuid)
}

fn success_body(p: &MobilePayment, uuid: &str, amount: i64, secret: &str) -> Value {
    json!({
        "store_id": STORE_ID.parse::<i64>().unwrap(), "amount": amount, "invoice_id": p.id,
        "billing_id": "b-1", "payment_time": "2026-12-03 21:00:00", "phone": "998901234567",
        "card_pan": "860006******0006", "ps": "uzcard", "card_token": "", "uuid": uuid,
        "receipt_url": "http://r.invalid/1",
        "sign": sign::success_sign(STORE_ID, &p.id, &amount.to_string(), secret),
    })
}

async fn post(s: &Setup, path: &str, body: &Value) -> (u16, Value) {
    let r = tests::cloud::http_client().post(s.cloud.url(path)).json(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn callbacks_story(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(s) = setup(kind, dir.path(), 132).await else { return };
    save_settings(&s.portal, s.branch.as_str(), APP_ID, SECRET).await;
    const CALLBACK: &str = "/api/v1/billing/multicard/callback";
    let (p, uuid) = pending(&s, 1_250_000).await;

    // Signed with another secret: refused, nothing recorded.
    let (status, body) = post(&s, CALLBACK, &success_body(&p, &uuid, p.amount, "not-the-secret")).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["success"], false);
    assert_eq!(s.db.mobile_payment(&p.id).await.unwrap().status, MobileStatus::Pending);
    assert_eq!(s.db.multicard_callbacks_seen(&uuid).await.unwrap(), 0);
    // The right sign over another amount than the invoice's: refused.
    let (status, _) = post(&s, CALLBACK, &success_body(&p, &uuid, p.amount + 1, SECRET)).await;
    assert_eq!(status, 400);
    // Unknown invoice, malformed body.
    let mut unknown = success_body(&p, &uuid, p.amount, SECRET);
    unknown["invoice_id"] = json!("nope");
    assert_eq!(post(&s, CALLBACK, &unknown).await.0, 404);
    assert_eq!(post(&s, CALLBACK, &json!({"uuid": 1})).await.0, 400);
    assert_eq!(s.db.mobile_payment(&p.id).await.unwrap().status, MobileStatus::Pending);

    // The real one, then its repeats.
    let good = success_body(&p, &uuid, p.amount, SECRET);
    assert_eq!(post(&s, CALLBACK, &good).await, (200, json!({"success": true})));
    let paid = s.db.mobile_payment(&p.id).await.unwrap();
    assert_eq!(paid.status, MobileStatus::Paid);
    assert!(paid.paid_at > 0);
    for _ in 0..3 {
        assert_eq!(post(&s, CALLBACK, &good).await, (200, json!({"success": true})), "a repeat is acknowledged");
    }
    assert_eq!(s.db.multicard_callbacks_seen(&uuid).await.unwrap(), 1, "counted once");
    assert_eq!(s.db.mobile_payment(&p.id).await.unwrap().paid_at, paid.paid_at, "nothing changed");

    // Status webhook (sha1): wrong sign refused; a revert is recorded once.
    const WEBHOOK: &str = "/api/v1/billing/multicard/webhook";
    let webhook = |status: &str, secret: &str| {
        json!({ "uuid": uuid, "invoice_id": p.id, "amount": p.amount, "status": status,
                "sign": sign::webhook_sign(&uuid, &p.id, &p.amount.to_string(), secret) })
    };
    assert_eq!(post(&s, WEBHOOK, &webhook("revert", "nope")).await.0, 403);
    assert_eq!(s.db.mobile_payment(&p.id).await.unwrap().status, MobileStatus::Paid);
    assert_eq!(post(&s, WEBHOOK, &webhook("progress", SECRET)).await, (200, json!({"success": true})));
    assert_eq!(post(&s, WEBHOOK, &webhook("revert", SECRET)).await, (200, json!({"success": true})));
    assert_eq!(s.db.mobile_payment(&p.id).await.unwrap().status, MobileStatus::Refunded);
    // A success callback for a refunded payment is refused (Multicard reverts it).
    let (p2, uuid2) = pending(&s, 50_000).await;
    assert_eq!(
        post(
            &s,
            WEBHOOK,
            &json!({ "uuid": uuid2, "invoice_id": p2.id, "amount": p2.amount, "status": "error",
        "sign": sign::webhook_sign(&uuid2, &p2.id, &p2.amount.to_string(), SECRET) })
        )
        .await
        .0,
        200
    );
    assert_eq!(s.db.mobile_payment(&p2.id).await.unwrap().status, MobileStatus::Failed);
    assert_eq!(post(&s, CALLBACK, &success_body(&p2, &uuid2, p2.amount, SECRET)).await.0, 409);
    assert_eq!(s.db.mobile_payment(&p2.id).await.unwrap().status, MobileStatus::Failed);
    assert!(!cloud_log(&s.cloud).contains(SECRET));
}
on_both_databases!(callbacks_story);

async fn till(kind: DbKind) {
    use firmware_sim::outbox::Outbox;
    use firmware_sim::terminal::{Terminal, TerminalOptions};
    use protocol::mobile::{MobilePaymentRequest, MobilePaymentState};
    use protocol::{Money, OrderId, PaymentId, Timestamp};

    let dir = tempfile::tempdir().unwrap();
    let Some(mut s) = tests::cloud::Stack::new(kind, dir.path(), 133).await else { return };
    let mc = Multicard::start().await;
    s.cloud.stop();
    mc.configure(&mut s.cloud);
    s.cloud.start().await;
    save_settings(&s.portal, s.branch.as_str(), APP_ID, SECRET).await;
    s.hub.start().await;
    let creds = s.hub.provision(1);
    let mut options = TerminalOptions::new("127.0.0.1", s.hub.mqtt_port, creds[0].clone());
    options.resend_after = Duration::from_secs(600);
    let terminal = Terminal::spawn(options, Outbox::in_memory());
    eventually(Duration::from_secs(20), "the terminal to connect", || async {
        terminal.state.connected.load(std::sync::atomic::Ordering::Relaxed)
    })
    .await;

    // The terminal asks; the hub brings back Multicard's checkout URL.
    let request =
        MobilePaymentRequest { order: OrderId::new(), payment: PaymentId::new(), amount: Money::from_tiyin(1_500_000) };
    let answer = terminal.ask_mobile_payment(request, Duration::from_secs(30)).await;
    let MobilePaymentState::Checkout { checkout_url } = answer else {
        panic!(
            "expected a checkout URL, got {answer:?}; hub log:\n{}\ncloud log:\n{}",
            s.hub.log_tail(),
            s.cloud.log_tail()
        )
    };
    assert!(checkout_url.starts_with(&format!("{}/checkout/", mc.base_url)), "{checkout_url}");
    assert_eq!(terminal.mobile_outcome(request.payment, Duration::from_millis(1)).await, None, "not paid yet");

    // The payer pays at Multicard; its signed callback reaches the cloud,
    // and the confirmation the terminal.
    let page = reqwest::get(&checkout_url).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let paid = tests::cloud::http_client().post(format!("{checkout_url}/pay")).send().await.unwrap();
    assert_eq!(paid.status().as_u16(), 200, "the cloud accepted the callback");
    let outcome = terminal.mobile_outcome(request.payment, Duration::from_secs(60)).await;
    assert_eq!(outcome, Some(MobilePaymentState::Paid), "hub log:\n{}", s.hub.log_tail());

    // Multicard repeats the callback: acknowledged, counted once.
    let uuid = checkout_url.rsplit('/').next().unwrap().to_owned();
    let again: Value = tests::cloud::http_client()
        .post(format!("{}/sim/invoices/{uuid}/callback", mc.base_url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["status"], 200, "{again}");
    assert_eq!(serde_json::from_str::<Value>(again["body"].as_str().unwrap()).unwrap(), json!({"success": true}));
    assert_eq!(s.db.multicard_callbacks_seen(&uuid).await.unwrap(), 1);
    let stored: (String, i64) = sqlx::query_as("SELECT status, amount FROM multicard_payments WHERE uuid = $1")
        .bind(&uuid)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, ("paid".to_owned(), 1_500_000));
    // Asking again for the same payment is the same, paid, invoice.
    assert_eq!(terminal.ask_mobile_payment(request, Duration::from_secs(30)).await, MobilePaymentState::Paid);
    assert_eq!(mc.stats().await["invoices"].as_array().unwrap().len(), 1, "one invoice for one payment");

    // The cloud stops: the hub says "unavailable" itself (not the
    // terminal's own timeout), and sales go on.
    s.cloud.stop();
    let offline =
        MobilePaymentRequest { order: OrderId::new(), payment: PaymentId::new(), amount: Money::from_tiyin(90_000) };
    assert_eq!(terminal.ask_mobile_payment(offline, Duration::from_secs(30)).await, MobilePaymentState::Unavailable);
    assert_eq!(
        terminal.state.mobile.lock().get(&offline.payment),
        Some(&MobilePaymentState::Unavailable),
        "the hub answered"
    );
    // As the cashier sees it.
    let mut shown = Vec::new();
    let state = firmware_sim::mobile::take_mobile_payment(
        &terminal,
        OrderId::new(),
        Money::from_tiyin(10_000),
        Duration::from_secs(5),
        &mut |line: &str| shown.push(line.to_owned()),
    )
    .await;
    assert_eq!(state, MobilePaymentState::Unavailable);
    assert!(shown.len() == 1 && shown[0].starts_with("UNAVAILABLE"), "{shown:?}");
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, "mc"));
    let mut flow = firmware_sim::Flow::new(branch, 7, false);
    let before = terminal.state.acked.load(std::sync::atomic::Ordering::Relaxed);
    for _ in 0..5 {
        terminal.record(flow.next_event(Timestamp::now())).await.unwrap();
    }
    eventually(Duration::from_secs(20), "sales to be acked with the cloud down", || async {
        terminal.state.acked.load(std::sync::atomic::Ordering::Relaxed) >= before + 5
    })
    .await;
    assert!(!cloud_log(&s.cloud).contains(SECRET));
    s.hub.stop();
}
on_both_databases!(till);
