//! Payme's merchant API (B2) against a real cloud process, on SQLite and
//! PostgreSQL: the Payme sandbox's published scenario list (authorisation on
//! every method, CheckPerform/Create/Perform/Cancel/Check in every state,
//! the 12 h timeout, GetStatement's inclusive ends, malformed requests,
//! ChangePassword), concurrency (100 invoices at once; 10 calls at once on
//! one invoice), the checkout simulator end to end, and a cloud SIGKILLed
//! in the middle of a flood of payments.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use cloud::billing::checkout::{CheckoutProvider as _, PaymeCheckout};
use cloud::billing::invoices::{InvoiceStatus, Provider};
use cloud::billing::lifecycle::Period;
use cloud::billing::sim::payme::{PaymeCaller, error_code, new_transaction_id};
use cloud::db::now_ms;
use serde_json::{Value, json};
use tests::cloud::DbKind;
use tests::on_both_databases;
use tests::payme::{KEY, MERCHANT_ID, PaymeCloud};

const HOUR: i64 = 3_600_000;

async fn setup(kind: DbKind, dir: &std::path::Path) -> Option<PaymeCloud> {
    PaymeCloud::new(kind, dir, |_| {}).await
}

/// The sandbox's authorisation scenarios: every method with a wrong key, no
/// header, another login, and a body that is not even JSON: -32504, nothing
/// changes.
async fn wrong_authorisation_on_every_method(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = setup(kind, dir.path()).await else { return };
    let invoice = p.invoice().await;
    let account = PaymeCloud::account(&invoice);
    let calls = [
        ("CheckPerformTransaction", json!({"amount": invoice.amount, "account": account})),
        ("CreateTransaction", json!({"id": "a1", "time": now_ms(), "amount": invoice.amount, "account": account})),
        ("PerformTransaction", json!({"id": "a1"})),
        ("CancelTransaction", json!({"id": "a1", "reason": 1})),
        ("CheckTransaction", json!({"id": "a1"})),
        ("GetStatement", json!({"from": 0, "to": now_ms()})),
        ("ChangePassword", json!({"password": "new-key"})),
    ];
    let wrong = p.payme.with_key("not-the-key");
    let other_login = format!("Basic {}", base64_of(&format!("Other:{KEY}")));
    for (method, params) in &calls {
        let answer = wrong.call(method, params.clone()).await.unwrap();
        assert_eq!(error_code(&answer), Some(-32504), "{method}: {answer}");
        let body = json!({"id": 7, "method": method, "params": params}).to_string();
        for auth in [None, Some(other_login.as_str()), Some("Bearer x")] {
            let answer = p.payme.send(body.as_bytes(), "application/json", auth).await.unwrap();
            assert_eq!(error_code(&answer), Some(-32504), "{method} {auth:?}: {answer}");
            assert_eq!(answer["id"], 7, "the id is echoed");
        }
    }
    let answer = p.payme.send(b"{not json", "text/json", None).await.unwrap();
    assert_eq!(error_code(&answer), Some(-32504), "auth is checked before parsing: {answer}");
    assert!(p.db.payme_transaction("a1").await.unwrap().is_none());
    assert_eq!(p.db.invoice(&invoice.id).await.unwrap().status, InvoiceStatus::Open);
    // The key still works (ChangePassword with a wrong key changed nothing).
    p.ok("CheckPerformTransaction", json!({"amount": invoice.amount, "account": account})).await;
}
on_both_databases!(wrong_authorisation_on_every_method);

fn base64_of(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Malformed requests and content types: -32700, -32600, -32601, -32300,
/// always HTTP 200 with JSON; `text/json` works as `application/json`.
async fn malformed_requests_and_content_types(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = setup(kind, dir.path()).await else { return };
    let invoice = p.invoice().await;
    let auth = tests::payme::authorization();
    for (body, code) in [
        (&b"{not json"[..], -32700),
        (b"", -32700),
        (b"[1,2]", -32600),
        (br#"{"id":1,"params":{}}"#, -32600),
        (br#"{"id":1,"method":"PerformTransaction"}"#, -32600),
        (br#"{"id":1,"method":"PerformTransaction","params":{"id":12}}"#, -32600),
        (br#"{"id":1,"method":"CreateTransaction","params":{"id":"x","time":"now","amount":1,"account":{}}}"#, -32600),
        (br#"{"id":1,"method":"CancelTransaction","params":{"id":"x","reason":99}}"#, -32600),
        (br#"{"id":1,"method":"GetStatement","params":{"from":1}}"#, -32600),
        (br#"{"id":1,"method":"Refund","params":{}}"#, -32601),
    ] {
        for ct in ["application/json", "text/json", "text/plain"] {
            let answer = p.payme.send(body, ct, Some(&auth)).await.unwrap();
            assert_eq!(error_code(&answer), Some(code), "{} as {ct}: {answer}", String::from_utf8_lossy(body));
        }
    }
    let body = json!({"id": 11, "method": "CheckPerformTransaction",
        "params": {"amount": invoice.amount, "account": PaymeCloud::account(&invoice)}})
    .to_string();
    for ct in ["text/json", "application/json", "text/json; charset=UTF-8"] {
        let answer = p.payme.send(body.as_bytes(), ct, Some(&auth)).await.unwrap();
        assert_eq!(answer["result"]["allow"], true, "{ct}: {answer}");
        assert_eq!(answer["id"], 11);
    }
    // Not POST: Payme's -32300, still HTTP 200 with JSON.
    let r = reqwest::get(p.cloud.url(cloud::billing::payme::PATH)).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let answer: Value = r.json().await.unwrap();
    assert_eq!(error_code(&answer), Some(-32300), "{answer}");
}
on_both_databases!(malformed_requests_and_content_types);

/// The sandbox's scenario list for CheckPerform, Create, Perform, Cancel and
/// CheckTransaction, in the order Payme's sandbox runs them.
async fn sandbox_transaction_scenarios(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = setup(kind, dir.path()).await else { return };
    let invoice = p.invoice().await;
    let account = PaymeCloud::account(&invoice);
    let sub_before = p.db.subscription(&p.business).await.unwrap().state.ends_at;

    // CheckPerformTransaction: wrong amount, unknown / malformed / missing
    // account, then the happy case with the receipt's detail.
    p.fails("CheckPerformTransaction", json!({"amount": invoice.amount + 100, "account": account}), -31001).await;
    p.fails("CheckPerformTransaction", json!({"amount": 1.5, "account": account}), -31001).await;
    for bad in [
        json!({"invoice": cloud::ids::InvoiceId::new().to_string()}),
        json!({"invoice": "12345"}),
        json!({"invoice": 12345}),
        json!({"phone": "998901234567"}),
    ] {
        let e = p.fails("CheckPerformTransaction", json!({"amount": invoice.amount, "account": bad}), -31050).await;
        assert_eq!(e["data"], "invoice", "{e}");
    }
    let r = p.ok("CheckPerformTransaction", json!({"amount": invoice.amount, "account": account})).await;
    assert_eq!(r["allow"], true);
    let tariff = p.db.tariff("biznes").await.unwrap();
    let item = &r["detail"]["items"][0];
    assert_eq!(r["detail"]["receipt_type"], 0);
    assert_eq!(item["price"], invoice.amount);
    assert_eq!(item["count"], 1);
    assert_eq!(item["code"], tariff.ikpu_code.as_str());
    assert_eq!(item["package_code"], tariff.package_code.as_str());
    assert_eq!(item["vat_percent"], tariff.vat_percent);
    assert!(item["title"].as_str().unwrap().contains("Biznes"), "{item}");

    // CreateTransaction: wrong amount, wrong account, happy, repeat (the
    // stored answer), a second transaction for the same invoice.
    let t1 = new_transaction_id();
    let time1 = now_ms();
    let e = p
        .rpc("CreateTransaction", json!({"id": t1, "time": time1, "amount": invoice.amount - 1, "account": account}))
        .await;
    assert_eq!(error_code(&e), Some(-31001), "{e}");
    let e = p
        .rpc(
            "CreateTransaction",
            json!({"id": t1, "time": time1, "amount": invoice.amount, "account": {"invoice": "nope"}}),
        )
        .await;
    assert_eq!(error_code(&e), Some(-31050), "{e}");
    assert!(p.db.payme_transaction(&t1).await.unwrap().is_none(), "refused calls store nothing");
    let created = p.create(&invoice, &t1, time1).await;
    assert_eq!(created["result"]["state"], 1, "{created}");
    let create_time = created["result"]["create_time"].as_i64().unwrap();
    assert!(create_time > 0);
    tokio::time::sleep(Duration::from_millis(5)).await;
    let again = p.create(&invoice, &t1, time1).await;
    assert_eq!(again["result"], created["result"], "a repeat returns the stored result");
    let t2 = new_transaction_id();
    assert_eq!(error_code(&p.create(&invoice, &t2, now_ms()).await), Some(-31008), "another active transaction");

    // CheckTransaction in state 1.
    let c = p.ok("CheckTransaction", json!({"id": t1})).await;
    assert_eq!(
        c,
        json!({"create_time": create_time, "perform_time": 0, "cancel_time": 0,
            "transaction": created["result"]["transaction"], "state": 1, "reason": null})
    );
    p.fails("CheckTransaction", json!({"id": "000000000000000000000000"}), -31003).await;

    // PerformTransaction: unknown, happy, repeat.
    p.fails("PerformTransaction", json!({"id": "000000000000000000000000"}), -31003).await;
    let performed = p.ok("PerformTransaction", json!({"id": t1})).await;
    assert_eq!(performed["state"], 2);
    assert_eq!(performed["transaction"], created["result"]["transaction"]);
    let perform_time = performed["perform_time"].as_i64().unwrap();
    assert!(perform_time >= create_time);
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(p.ok("PerformTransaction", json!({"id": t1})).await, performed, "a repeat: the same perform_time");
    let paid = p.db.invoice(&invoice.id).await.unwrap();
    assert_eq!(paid.status, InvoiceStatus::Paid);
    let payment = p.db.payment_of_invoice(&invoice.id).await.unwrap().unwrap();
    assert_eq!(
        (payment.provider, payment.provider_txn_id.as_str(), payment.amount),
        (Provider::Payme, t1.as_str(), invoice.amount)
    );
    assert_eq!(payment.paid_at, perform_time);
    let sub = p.db.subscription(&p.business).await.unwrap().state;
    assert_eq!(sub.ends_at, Period::Month.after(sub_before.max(perform_time)), "extended by one month");
    let c = p.ok("CheckTransaction", json!({"id": t1})).await;
    assert_eq!((c["state"].as_i64(), c["perform_time"].as_i64()), (Some(2), Some(perform_time)));

    // The paid invoice: "already paid" (-31051) on CheckPerform and on a new
    // Create; the performed transaction cannot be created again (-31008).
    let e = p.fails("CheckPerformTransaction", json!({"amount": invoice.amount, "account": account}), -31051).await;
    assert_eq!(e["data"], "invoice");
    let e = p.create(&invoice, &new_transaction_id(), now_ms()).await;
    assert_eq!(error_code(&e), Some(-31051), "{e}");
    assert_eq!(error_code(&p.create(&invoice, &t1, time1).await), Some(-31008));

    // CancelTransaction after perform: -31007 (our policy), repeats too;
    // nothing changes.
    for _ in 0..2 {
        p.fails("CancelTransaction", json!({"id": t1, "reason": 5}), -31007).await;
    }
    assert_eq!(p.ok("CheckTransaction", json!({"id": t1})).await["state"], 2);
    p.fails("CancelTransaction", json!({"id": "000000000000000000000000", "reason": 1}), -31003).await;

    // CancelTransaction before perform, its repeats, Perform after it; the
    // invoice stays open and a new transaction can pay it.
    let invoice2 = p.invoice().await;
    let t3 = new_transaction_id();
    let created3 = p.create(&invoice2, &t3, now_ms()).await;
    assert_eq!(created3["result"]["state"], 1);
    let cancelled = p.ok("CancelTransaction", json!({"id": t3, "reason": 3})).await;
    assert_eq!(cancelled["state"], -1);
    assert_eq!(cancelled["transaction"], created3["result"]["transaction"]);
    let cancel_time = cancelled["cancel_time"].as_i64().unwrap();
    assert!(cancel_time > 0);
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(p.ok("CancelTransaction", json!({"id": t3, "reason": 3})).await, cancelled, "repeat: stored");
    assert_eq!(p.ok("CancelTransaction", json!({"id": t3, "reason": 1})).await, cancelled, "any reason: stored");
    let c = p.ok("CheckTransaction", json!({"id": t3})).await;
    assert_eq!(
        (c["state"].as_i64(), c["reason"].as_i64(), c["cancel_time"].as_i64()),
        (Some(-1), Some(3), Some(cancel_time))
    );
    assert_eq!(c["perform_time"], 0);
    p.fails("PerformTransaction", json!({"id": t3}), -31008).await;
    assert_eq!(error_code(&p.create(&invoice2, &t3, now_ms()).await), Some(-31008), "a cancelled one is not revived");
    assert_eq!(p.db.invoice(&invoice2.id).await.unwrap().status, InvoiceStatus::Open);
    assert!(p.db.payment_of_invoice(&invoice2.id).await.unwrap().is_none());
    let t4 = new_transaction_id();
    assert_eq!(p.create(&invoice2, &t4, now_ms()).await["result"]["state"], 1);
    assert_eq!(p.ok("PerformTransaction", json!({"id": t4})).await["state"], 2);
    assert_eq!(p.db.payment_of_invoice(&invoice2.id).await.unwrap().unwrap().provider_txn_id, t4);

    // A cancelled invoice: its own account error.
    let invoice3 = p.invoice().await;
    let mut tx = p.db.begin_write().await.unwrap();
    assert!(cloud::billing::store::invoices::cancel_invoice(&mut tx, &invoice3.id).await.unwrap());
    tx.commit().await.unwrap();
    let e = p
        .fails(
            "CheckPerformTransaction",
            json!({"amount": invoice3.amount, "account": PaymeCloud::account(&invoice3)}),
            -31052,
        )
        .await;
    assert_eq!(e["data"], "invoice");
    assert_eq!(error_code(&p.create(&invoice3, &new_transaction_id(), now_ms()).await), Some(-31052));

    // Exactly two payments for the two paid invoices, each counted once.
    assert_eq!(p.db.payments(&p.business, 100).await.unwrap().len(), 2);
}
on_both_databases!(sandbox_transaction_scenarios);

/// The 12 h timeout counts from Payme's `time`: Perform and a repeated
/// Create cancel an old created transaction with reason 4 and get -31008;
/// a new transaction may replace a timed-out one. Also a short configured
/// timeout (`billing.payme.timeout_ms`).
async fn timeout_from_payme_time(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = setup(kind, dir.path()).await else { return };
    let old = now_ms() - 12 * HOUR - 60_000;

    let a = p.invoice().await;
    let ta = new_transaction_id();
    assert_eq!(p.create(&a, &ta, old).await["result"]["state"], 1, "created even when old");
    p.fails("PerformTransaction", json!({"id": ta}), -31008).await;
    let c = p.ok("CheckTransaction", json!({"id": ta})).await;
    assert_eq!((c["state"].as_i64(), c["reason"].as_i64()), (Some(-1), Some(4)), "{c}");
    assert!(c["cancel_time"].as_i64().unwrap() > 0);
    assert!(p.db.payment_of_invoice(&a.id).await.unwrap().is_none());

    let b = p.invoice().await;
    let tb = new_transaction_id();
    p.create(&b, &tb, old).await;
    assert_eq!(error_code(&p.create(&b, &tb, old).await), Some(-31008), "a repeated Create of an old one");
    assert_eq!(p.ok("CheckTransaction", json!({"id": tb})).await["reason"], 4);

    // Just inside 12 h: still fine.
    let c2 = p.invoice().await;
    let tc = new_transaction_id();
    p.create(&c2, &tc, now_ms() - 12 * HOUR + 60_000).await;
    assert_eq!(p.ok("PerformTransaction", json!({"id": tc})).await["state"], 2);

    // A timed-out transaction does not block the invoice: the next one
    // cancels it (reason 4) and goes ahead.
    let d = p.invoice().await;
    let (td1, td2) = (new_transaction_id(), new_transaction_id());
    p.create(&d, &td1, old).await;
    assert_eq!(p.create(&d, &td2, now_ms()).await["result"]["state"], 1);
    assert_eq!(p.ok("CheckTransaction", json!({"id": td1})).await["reason"], 4);
    assert_eq!(p.ok("PerformTransaction", json!({"id": td2})).await["state"], 2);
    assert_eq!(p.db.payments(&p.business, 100).await.unwrap().len(), 2);

    // A configured short timeout.
    drop(p);
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = PaymeCloud::new(kind, dir.path(), |c| c.set_env("CLOUD__BILLING__PAYME__TIMEOUT_MS", "1500")).await
    else {
        return;
    };
    let e = p.invoice().await;
    let te = new_transaction_id();
    p.create(&e, &te, now_ms()).await;
    tokio::time::sleep(Duration::from_millis(2000)).await;
    p.fails("PerformTransaction", json!({"id": te}), -31008).await;
    assert_eq!(p.ok("CheckTransaction", json!({"id": te})).await["reason"], 4);
}
on_both_databases!(timeout_from_payme_time);

/// GetStatement by Payme's `time`, both ends included, with each
/// transaction's fields; then ChangePassword (the new key sealed, the old
/// one refused, never logged).
async fn statement_and_change_password(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = setup(kind, dir.path()).await else { return };
    let base = now_ms() - 3 * HOUR;
    let mut ids = Vec::new();
    for (i, offset) in [0_i64, 10, 20].into_iter().enumerate() {
        let inv = p.invoice().await;
        let id = new_transaction_id();
        p.create(&inv, &id, base + offset).await;
        if i == 1 {
            p.ok("PerformTransaction", json!({"id": id})).await;
        }
        if i == 2 {
            p.ok("CancelTransaction", json!({"id": id, "reason": 2})).await;
        }
        ids.push((id, inv));
    }
    let list = p.ok("GetStatement", json!({"from": base, "to": base + 20})).await;
    let got: Vec<&str> = list["transactions"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(got, ids.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), "both ends included, in time order");
    let middle = p.ok("GetStatement", json!({"from": base + 1, "to": base + 19})).await;
    let t = &middle["transactions"][0];
    assert_eq!(middle["transactions"].as_array().unwrap().len(), 1);
    assert_eq!(t["id"], ids[1].0.as_str());
    assert_eq!(t["time"], base + 10);
    assert_eq!(t["amount"], ids[1].1.amount);
    assert_eq!(t["account"]["invoice"], ids[1].1.id.to_string());
    assert_eq!(t["state"], 2);
    assert!(t["perform_time"].as_i64().unwrap() > 0 && t["create_time"].as_i64().unwrap() > 0);
    assert!(t["transaction"].as_str().is_some_and(|s| !s.is_empty()));
    let last = p.ok("GetStatement", json!({"from": base + 20, "to": base + 20})).await;
    assert_eq!(
        (last["transactions"][0]["state"].as_i64(), last["transactions"][0]["reason"].as_i64()),
        (Some(-1), Some(2))
    );
    assert_eq!(p.ok("GetStatement", json!({"from": base + 21, "to": base + 9})).await["transactions"], json!([]));

    let new_key = "n3w-Payme-key-Zx81&q";
    assert_eq!(p.ok("ChangePassword", json!({"password": new_key})).await, json!({"success": true}));
    assert_eq!(error_code(&p.rpc("GetStatement", json!({"from": 0, "to": 1})).await), Some(-32504), "old key refused");
    let fresh = p.payme.with_key(new_key);
    let answer = fresh.call("GetStatement", json!({"from": 0, "to": 1})).await.unwrap();
    assert!(answer["error"].is_null(), "{answer}");
    let sealed = p.db.payme_key_sealed().await.unwrap().unwrap();
    assert!(!sealed.contains(new_key), "sealed at rest");
    let log = std::fs::read_to_string(p.cloud.dir.join("cloud.log")).unwrap();
    assert!(!log.contains(new_key) && !log.contains(KEY), "no key in the log");
    // Survives a restart.
    let mut p = p;
    p.cloud.stop();
    p.cloud.start().await;
    let answer = p.payme.with_key(new_key).call("GetStatement", json!({"from": 0, "to": 1})).await.unwrap();
    assert!(answer["error"].is_null(), "{answer}");
}
on_both_databases!(statement_and_change_password);

/// 100 invoices paid at once: 100 payments, each invoice once. Then 10
/// Create+Perform at once on one invoice (distinct Payme ids): one payment,
/// the subscription extended by exactly one month; and 10 Performs at once
/// of one transaction: the same answer ten times.
async fn concurrent_callbacks(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(p) = setup(kind, dir.path()).await else { return };
    let p = Arc::new(p);
    let mut invoices = Vec::new();
    for _ in 0..100 {
        invoices.push(p.invoice().await);
    }
    let mut tasks = Vec::new();
    for inv in invoices.clone() {
        let p = p.clone();
        tasks.push(tokio::spawn(async move {
            let id = new_transaction_id();
            let c = p.create(&inv, &id, now_ms()).await;
            assert_eq!(c["result"]["state"], 1, "{c}");
            let r = p.rpc("PerformTransaction", json!({"id": id})).await;
            assert_eq!(r["result"]["state"], 2, "{r}");
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let payments = p.db.payments(&p.business, 1000).await.unwrap();
    assert_eq!(payments.len(), 100);
    let paid: HashSet<_> = payments.iter().map(|x| x.invoice_id.clone()).collect();
    assert_eq!(paid.len(), 100);
    for inv in &invoices {
        assert_eq!(p.db.invoice(&inv.id).await.unwrap().status, InvoiceStatus::Paid);
    }

    let one = p.invoice().await;
    let before = p.db.subscription(&p.business).await.unwrap().state.ends_at;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let p = p.clone();
        let one = one.clone();
        tasks.push(tokio::spawn(async move {
            let id = new_transaction_id();
            let c = p.create(&one, &id, now_ms()).await;
            if c["result"].is_null() {
                assert!(matches!(error_code(&c), Some(-31008 | -31051)), "{c}");
                return None;
            }
            let r = p.rpc("PerformTransaction", json!({"id": id})).await;
            if r["result"].is_null() {
                assert_eq!(error_code(&r), Some(-31008), "{r}");
                return None;
            }
            Some(id)
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        winners.extend(t.await.unwrap());
    }
    assert_eq!(winners.len(), 1, "exactly one transaction performed");
    let payment = p.db.payment_of_invoice(&one.id).await.unwrap().unwrap();
    assert_eq!(payment.provider_txn_id, winners[0]);
    let after = p.db.subscription(&p.business).await.unwrap().state.ends_at;
    assert_eq!(after, Period::Month.after(before.max(payment.paid_at)), "extended by exactly one month");
    assert_eq!(p.db.payments(&p.business, 1000).await.unwrap().len(), 101);
    let performed = p.db.payme_transactions_of(&one.id).await.unwrap().iter().filter(|t| t.state.code() == 2).count();
    assert_eq!(performed, 1);

    let two = p.invoice().await;
    let id = new_transaction_id();
    p.create(&two, &id, now_ms()).await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let p = p.clone();
        let id = id.clone();
        tasks.push(tokio::spawn(async move { p.ok("PerformTransaction", json!({"id": id})).await }));
    }
    let mut answers = HashSet::new();
    for t in tasks {
        answers.insert(t.await.unwrap().to_string());
    }
    assert_eq!(answers.len(), 1, "ten performs, one answer: {answers:?}");
    assert_eq!(p.db.payments(&p.business, 1000).await.unwrap().len(), 102);
}
on_both_databases!(concurrent_callbacks);

/// The simulator's checkout: the page, the pay button (Payme's three calls),
/// back to the return address with the invoice paid; a second payment gets
/// "already paid"; a link for another merchant is refused.
async fn simulator_checkout(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let sim_port = tests::free_port();
    let Some(p) = PaymeCloud::new(kind, dir.path(), |c| {
        c.set_env("CLOUD__BILLING__PAYME__CHECKOUT_URL", format!("http://127.0.0.1:{sim_port}"));
    })
    .await
    else {
        return;
    };
    let mut settings = cloud::settings::Settings::default();
    settings.billing.public_url = p.cloud.base();
    settings.billing.payme.merchant_id = MERCHANT_ID.into();
    settings.billing.payme.key = cloud::settings::Secret::new(KEY);
    settings.billing.payme.checkout_url = format!("http://127.0.0.1:{sim_port}");
    let settings = Arc::new(settings);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", sim_port)).await.unwrap();
    let sim = tokio::spawn(cloud::billing::sim::payme::serve(listener, settings.clone(), std::future::pending()));

    let invoice = p.invoice().await;
    let return_url = p.cloud.url(&format!("/subscription?invoice={}", invoice.id));
    let link = PaymeCheckout(&settings.billing.payme).checkout_url(&invoice, &return_url).unwrap();
    assert!(link.starts_with(&format!("http://127.0.0.1:{sim_port}/")));
    let client = tests::cloud::http_client();
    let page = client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(MERCHANT_ID) && html.contains("299000.00 so'm") && html.contains("To'lash"), "{html}");
    assert!(html.contains(&invoice.id.to_string()));

    let paid = client.post(&link).send().await.unwrap();
    assert_eq!(paid.status(), 303, "{}", paid.text().await.unwrap());
    assert_eq!(paid.headers()["location"].to_str().unwrap(), return_url);
    let done = p.db.invoice(&invoice.id).await.unwrap();
    assert_eq!(done.status, InvoiceStatus::Paid);
    let payment = p.db.payment_of_invoice(&invoice.id).await.unwrap().unwrap();
    assert_eq!(payment.provider, Provider::Payme);
    assert_eq!(payment.provider_txn_id.len(), 24);
    let txns = p.db.payme_transactions_of(&invoice.id).await.unwrap();
    assert_eq!(txns.len(), 1);
    assert_eq!(txns[0].state.code(), 2);

    // Paying again: Payme's CheckPerform gets "already paid".
    let again = client.post(&link).send().await.unwrap();
    assert_eq!(again.status(), 200);
    assert!(again.text().await.unwrap().contains("data-error=\"-31051\""));
    assert_eq!(p.db.payments(&p.business, 10).await.unwrap().len(), 1);

    // Another merchant's link.
    let mut other = (*settings).clone();
    other.billing.payme.merchant_id = "ffffffffffffffffffffffff".into();
    let bad = PaymeCheckout(&other.billing.payme).checkout_url(&p.invoice().await, &return_url).unwrap();
    let r = client.get(&bad).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("data-error=\"merchant\""));
    assert_eq!(client.post(&bad).send().await.unwrap().status(), 400);
    sim.abort();
}
on_both_databases!(simulator_checkout);

/// A cloud SIGKILLed in the middle of a flood of Create+Perform calls: after
/// the restart every invoice is either paid with exactly one payment and one
/// Payme transaction in state 2, or open with no payment; Payme's retries
/// then finish the rest, each counted once.
async fn killed_mid_callback(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut p) = setup(kind, dir.path()).await else { return };
    let mut invoices = Vec::new();
    for _ in 0..60 {
        invoices.push(p.invoice().await);
    }
    let caller: PaymeCaller = p.payme.clone();
    let mut tasks = Vec::new();
    let ids: Vec<String> = invoices.iter().map(|_| new_transaction_id()).collect();
    for (inv, id) in invoices.iter().zip(&ids) {
        let caller = caller.clone();
        let (inv, id) = (inv.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let params =
                json!({"id": id, "time": now_ms(), "amount": inv.amount, "account": PaymeCloud::account(&inv)});
            if caller.call("CreateTransaction", params).await.is_ok() {
                let _ = caller.call("PerformTransaction", json!({"id": id})).await;
            }
        }));
    }
    // Kill once some payments are in, the rest in flight.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while p.db.payments(&p.business, 1000).await.unwrap().len() < 5 {
        assert!(std::time::Instant::now() < deadline, "no payment arrived");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    p.cloud.kill9();
    for t in tasks {
        t.await.unwrap();
    }
    p.cloud.start().await;

    let check = |label: &'static str| {
        let p = &p;
        let invoices = &invoices;
        async move {
            let mut paid = 0;
            for inv in invoices {
                let status = p.db.invoice(&inv.id).await.unwrap().status;
                let payment = p.db.payment_of_invoice(&inv.id).await.unwrap();
                let txns = p.db.payme_transactions_of(&inv.id).await.unwrap();
                let performed: Vec<_> = txns.iter().filter(|t| t.state.code() == 2).collect();
                match status {
                    InvoiceStatus::Paid => {
                        let payment = payment.unwrap_or_else(|| panic!("{label}: paid without a payment"));
                        assert_eq!(performed.len(), 1, "{label}: {txns:?}");
                        assert_eq!(payment.provider_txn_id, performed[0].id, "{label}");
                        assert_eq!(payment.paid_at, performed[0].perform_time, "{label}");
                        paid += 1;
                    }
                    InvoiceStatus::Open => {
                        assert!(payment.is_none(), "{label}: a payment for an open invoice");
                        assert!(performed.is_empty(), "{label}: half-paid {txns:?}");
                    }
                    InvoiceStatus::Cancelled => panic!("{label}: nothing cancels invoices here"),
                }
            }
            assert_eq!(p.db.payments(&p.business, 1000).await.unwrap().len(), paid, "{label}");
            paid
        }
    };
    let paid_after_kill = check("after the kill").await;
    println!("killed mid-flood: {paid_after_kill} of {} paid before the kill", invoices.len());

    // Payme retries every call it got no answer to.
    for (inv, id) in invoices.iter().zip(&ids) {
        let c = p.create(inv, id, now_ms()).await;
        assert!(c["result"]["state"] == 1 || error_code(&c) == Some(-31008), "{c}");
        let r = p.rpc("PerformTransaction", json!({"id": id})).await;
        assert_eq!(r["result"]["state"], 2, "{r}");
    }
    assert_eq!(check("after the retries").await, invoices.len());
}
on_both_databases!(killed_mid_callback);
