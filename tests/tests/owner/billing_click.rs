//! Click SHOP API (B3) against a real cloud process, on SQLite and
//! PostgreSQL: Click's published test scenarios (docs.click.uz, "Click API –
//! Testing" and "– Error"), repeats, reorders, races, the simulator's page
//! flow, and a cloud killed mid-callback.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::HashSet;
use std::time::{Duration, Instant};

use cloud::billing::click::Action;
use cloud::billing::invoices::{Invoice, InvoiceStatus, Provider, Settled};
use cloud::billing::lifecycle::Period;
use cloud::billing::sim::click::INSUFFICIENT_FUNDS;
use cloud::billing::store::click::ClickState;
use tests::click::{ClickStack, SECRET};
use tests::on_both_databases;

/// Each scenario's code, as the closing note lists them.
fn note(case: &str, error: i64) {
    println!("click case: {case:<60} -> {error}");
}

async fn paid_count(s: &ClickStack) -> usize {
    s.db.payments(&s.business, 10_000).await.unwrap().len()
}

async fn status(s: &ClickStack, invoice: &Invoice) -> InvoiceStatus {
    s.db.invoice(&invoice.id).await.unwrap().status
}

/// Click's published scenarios, one after the other on one cloud.
async fn published_scenarios(kind: tests::cloud::DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(s) = ClickStack::new(kind, dir.path(), 1301, false).await else { return };
    let c = &s.click;
    let a = s.invoice(Period::Month).await;
    let amount = a.amount_som();
    assert_eq!(amount, "299000.00");

    // -1: sign check failed (signed with another secret; and a signature
    // left as it was after the amount changed).
    let r = c.send(&c.prepare(9001, &a.id, &amount).signed("not-the-secret")).await.unwrap();
    note("sign check failed (wrong secret)", r.error);
    assert_eq!((r.error, r.error_note.as_str()), (-1, "SIGN CHECK FAILED!"));
    let r = c.send(&c.prepare(9001, &a.id, &amount).with("amount", "1.00")).await.unwrap();
    note("sign check failed (field changed after signing)", r.error);
    assert_eq!(r.error, -1);
    assert_eq!(r.merchant_prepare_id, None);

    // -2: incorrect amount (a tiyin more; not a number), correctly signed.
    let r = c.send(&c.prepare(9001, &a.id, "299000.01")).await.unwrap();
    note("incorrect amount (one tiyin more)", r.error);
    assert_eq!(r.error, -2);
    let r = c.send(&c.prepare(9001, &a.id, "299 000")).await.unwrap();
    note("incorrect amount (not a number)", r.error);
    assert_eq!(r.error, -2);
    // The same amount written as Click may write it is accepted below.

    // -3: action not found (Complete's action at Prepare; an unknown one).
    let r = c.send(&c.prepare(9001, &a.id, &amount).with("action", "1").signed(SECRET)).await.unwrap();
    note("action not found (action=1 at prepare)", r.error);
    assert_eq!(r.error, -3);
    let r = c.send(&c.prepare(9001, &a.id, &amount).with("action", "7").signed(SECRET)).await.unwrap();
    note("action not found (action=7)", r.error);
    assert_eq!(r.error, -3);

    // -5: user (order) does not exist.
    let unknown = cloud::ids::InvoiceId::new();
    let r = c.send(&c.prepare(9001, &unknown, &amount)).await.unwrap();
    note("user does not exist (unknown invoice)", r.error);
    assert_eq!(r.error, -5);
    let r = c.send(&c.prepare(9001, "order-42", &amount)).await.unwrap();
    note("user does not exist (not an invoice id)", r.error);
    assert_eq!(r.error, -5);

    // -8: error in request (a missing field, another service, a bad id,
    // garbage), always HTTP 200 with JSON.
    let r = c.send(&c.prepare(9001, &a.id, &amount).without("sign_time")).await.unwrap();
    note("error in request (sign_time missing)", r.error);
    assert_eq!(r.error, -8);
    let r = c.send(&c.prepare(9001, &a.id, &amount).with("service_id", "1").signed(SECRET)).await.unwrap();
    note("error in request (another service_id)", r.error);
    assert_eq!(r.error, -8);
    let r = c.send(&c.prepare(9001, &a.id, &amount).with("click_trans_id", "x1").signed(SECRET)).await.unwrap();
    note("error in request (click_trans_id not a number)", r.error);
    assert_eq!(r.error, -8);
    let r = c.send_body(Action::Prepare, "%%%&&==".into()).await.unwrap();
    note("error in request (garbage body)", r.error);
    assert_eq!(r.error, -8);
    let r =
        c.send(&c.complete(9001, &a.id, 1, &amount, 0).without("merchant_prepare_id").signed(SECRET)).await.unwrap();
    note("error in request (complete without merchant_prepare_id)", r.error);
    assert_eq!(r.error, -8);
    assert!(s.db.click_transactions(&a.id).await.unwrap().is_empty(), "no refused call recorded anything");

    // -6: complete without prepare.
    let r = c.send(&c.complete(9001, &a.id, 424_242, &amount, 0)).await.unwrap();
    note("transaction does not exist (complete without prepare)", r.error);
    assert_eq!(r.error, -6);

    // 0: successful prepare; a repeat answers the same id.
    let before = s.db.subscription(&s.business).await.unwrap().ends_at();
    let p = c.send(&c.prepare(9001, &a.id, &amount)).await.unwrap();
    note("prepare, success", p.error);
    assert_eq!((p.error, p.error_note.as_str()), (0, "Success"));
    assert_eq!(p.click_trans_id, Some(9001));
    assert_eq!(p.merchant_trans_id.as_deref(), Some(a.id.as_str()));
    let prepare_id = p.merchant_prepare_id.unwrap();
    let again = c.send(&c.prepare(9001, &a.id, &amount)).await.unwrap();
    note("prepare repeated", again.error);
    assert_eq!((again.error, again.merchant_prepare_id), (0, Some(prepare_id)));
    // Click writes so'm as a float: "299000" is the same amount.
    let b = s.invoice(Period::Month).await;
    let pb = c.send(&c.prepare(9101, &b.id, "299000")).await.unwrap();
    assert_eq!(pb.error, 0);
    let prepare_b = pb.merchant_prepare_id.unwrap();
    assert_ne!(prepare_b, prepare_id);
    // The same Click transaction for another invoice is refused.
    let r = c.send(&c.prepare(9001, &b.id, &amount)).await.unwrap();
    note("prepare: click_trans_id already used for another invoice", r.error);
    assert_eq!(r.error, -8);

    // -6: a prepare id of another invoice, an unknown one, another Click
    // transaction's.
    let r = c.send(&c.complete(9001, &a.id, prepare_b, &amount, 0)).await.unwrap();
    note("transaction does not exist (prepare id of another invoice)", r.error);
    assert_eq!(r.error, -6);
    let r = c.send(&c.complete(9001, &a.id, prepare_id + 1_000, &amount, 0)).await.unwrap();
    note("transaction does not exist (unknown prepare id)", r.error);
    assert_eq!(r.error, -6);
    let r = c.send(&c.complete(9002, &a.id, prepare_id, &amount, 0)).await.unwrap();
    note("transaction does not exist (another click_trans_id)", r.error);
    assert_eq!(r.error, -6);
    let r = c.send(&c.complete(9001, &a.id, prepare_id, "299000.10", 0)).await.unwrap();
    note("complete: incorrect amount", r.error);
    assert_eq!(r.error, -2);
    let r = c.send(&c.complete(9001, &a.id, prepare_id, &amount, 0).with("action", "0").signed(SECRET)).await.unwrap();
    note("action not found (action=0 at complete)", r.error);
    assert_eq!(r.error, -3);
    let other = (prepare_id + 7).to_string();
    let r = c.send(&c.complete(9001, &a.id, prepare_id, &amount, 0).with("merchant_prepare_id", &other)).await;
    assert_eq!(r.unwrap().error, -1, "merchant_prepare_id is signed");
    assert_eq!(status(&s, &a).await, InvoiceStatus::Open);
    assert_eq!(paid_count(&s).await, 0);

    // A second Click attempt on A, prepared before A is paid.
    let p2 = c.send(&c.prepare(9003, &a.id, &amount)).await.unwrap();
    assert_eq!(p2.error, 0);

    // 0: successful complete: paid once, a month on, Click's id recorded.
    let done = c.send(&c.complete(9001, &a.id, prepare_id, &amount, 0)).await.unwrap();
    note("complete, success", done.error);
    assert_eq!((done.error, done.error_note.as_str()), (0, "Success"));
    let confirm_id = done.merchant_confirm_id.unwrap();
    assert_eq!(status(&s, &a).await, InvoiceStatus::Paid);
    let pay = s.db.payment_of_invoice(&a.id).await.unwrap().unwrap();
    assert_eq!((pay.provider, pay.provider_txn_id.as_str(), pay.amount), (Provider::Click, "9001", a.amount));
    let after = s.db.subscription(&s.business).await.unwrap();
    assert_eq!(pay.period_from, before.max(pay.paid_at));
    assert_eq!(after.ends_at(), Period::Month.after(pay.period_from));
    assert_eq!(pay.period_to, after.ends_at());
    let t = s.db.click_transaction(9001).await.unwrap();
    assert_eq!((t.state, t.merchant_confirm_id), (ClickState::Completed, Some(confirm_id)));

    // -4: already paid: Complete repeated (same ids back), a new Prepare,
    // the other attempt's Complete, and a cancel of the confirmed one.
    let r = c.send(&c.complete(9001, &a.id, prepare_id, &amount, 0)).await.unwrap();
    note("complete repeated after success", r.error);
    assert_eq!((r.error, r.merchant_confirm_id), (-4, Some(confirm_id)));
    let r = c.send(&c.prepare(9004, &a.id, &amount)).await.unwrap();
    note("already paid (new prepare)", r.error);
    assert_eq!(r.error, -4);
    let r = c.send(&c.prepare(9001, &a.id, &amount)).await.unwrap();
    note("already paid (prepare repeated after complete)", r.error);
    assert_eq!(r.error, -4);
    let r = c.send(&c.complete(9003, &a.id, p2.merchant_prepare_id.unwrap(), &amount, 0)).await.unwrap();
    note("already paid (second attempt's complete)", r.error);
    assert_eq!(r.error, -4);
    let r = c.send(&c.complete(9001, &a.id, prepare_id, &amount, INSUFFICIENT_FUNDS)).await.unwrap();
    note("already paid (click cancels a confirmed transaction)", r.error);
    assert_eq!(r.error, -4);
    assert_eq!(paid_count(&s).await, 1);
    assert_eq!(s.db.subscription(&s.business).await.unwrap().ends_at(), after.ends_at(), "nothing moved");
    assert_eq!(s.db.click_transaction(9003).await.unwrap().state, ClickState::Prepared);

    // -9: Click reports a failure (error<0): the Click transaction is
    // cancelled, the invoice stays payable.
    let d = s.invoice(Period::Month).await;
    let (p, done) = c.pay(9201, &d.id, &amount, INSUFFICIENT_FUNDS).await.unwrap();
    assert_eq!(p.error, 0);
    let done = done.unwrap();
    note("complete with click error -5017 (cancel)", done.error);
    assert_eq!((done.error, done.error_note.as_str()), (-9, "Transaction cancelled"));
    let t = s.db.click_transaction(9201).await.unwrap();
    assert_eq!((t.state, t.click_error), (ClickState::Cancelled, Some(INSUFFICIENT_FUNDS)));
    assert_eq!(status(&s, &d).await, InvoiceStatus::Open);
    let r = c.send(&c.complete(9201, &d.id, p.merchant_prepare_id.unwrap(), &amount, 0)).await.unwrap();
    note("transaction cancelled (complete after cancel)", r.error);
    assert_eq!(r.error, -9);
    let r = c.send(&c.prepare(9201, &d.id, &amount)).await.unwrap();
    note("transaction cancelled (prepare repeated after cancel)", r.error);
    assert_eq!(r.error, -9);
    assert_eq!(paid_count(&s).await, 1);
    let (p, done) = c.pay(9202, &d.id, &amount, 0).await.unwrap();
    note("new attempt after a cancelled one", done.as_ref().unwrap().error);
    assert_eq!((p.error, done.unwrap().error), (0, 0));
    assert_eq!(paid_count(&s).await, 2);

    // -9: the invoice was cancelled (before prepare; between prepare and complete).
    let e = s.invoice(Period::Month).await;
    let f = s.invoice(Period::Month).await;
    let pf = c.send(&c.prepare(9301, &f.id, &amount)).await.unwrap();
    assert_eq!(pf.error, 0);
    let mut tx = s.db.begin_write().await.unwrap();
    assert!(cloud::billing::store::invoices::cancel_invoice(&mut tx, &e.id).await.unwrap());
    assert!(cloud::billing::store::invoices::cancel_invoice(&mut tx, &f.id).await.unwrap());
    tx.commit().await.unwrap();
    let r = c.send(&c.prepare(9302, &e.id, &amount)).await.unwrap();
    note("transaction cancelled (invoice cancelled, prepare)", r.error);
    assert_eq!(r.error, -9);
    let r = c.send(&c.complete(9301, &f.id, pf.merchant_prepare_id.unwrap(), &amount, 0)).await.unwrap();
    note("transaction cancelled (invoice cancelled, complete)", r.error);
    assert_eq!(r.error, -9);
    assert_eq!(s.db.click_transaction(9301).await.unwrap().state, ClickState::Cancelled);

    // -4: another provider paid the invoice between Click's Prepare and Complete.
    let g = s.invoice(Period::Year).await;
    let pg = c.send(&c.prepare(9401, &g.id, &g.amount_som())).await.unwrap();
    assert_eq!(pg.error, 0);
    let mut tx = s.db.begin_write().await.unwrap();
    let settled =
        cloud::billing::store::invoices::settle(&mut tx, &g.id, Provider::Payme, "payme-1", cloud::db::now_ms())
            .await
            .unwrap();
    assert!(matches!(settled, Settled::Paid(_)));
    tx.commit().await.unwrap();
    let ends = s.db.subscription(&s.business).await.unwrap().ends_at();
    let r = c.send(&c.complete(9401, &g.id, pg.merchant_prepare_id.unwrap(), &g.amount_som(), 0)).await.unwrap();
    note("already paid (by another provider)", r.error);
    assert_eq!(r.error, -4);
    assert_eq!(s.db.payment_of_invoice(&g.id).await.unwrap().unwrap().provider, Provider::Payme);
    assert_eq!(s.db.subscription(&s.business).await.unwrap().ends_at(), ends);
    assert_eq!(paid_count(&s).await, 3);

    // Nothing the cloud wrote holds the secret or a signature.
    let log = s.log();
    assert!(!log.contains(SECRET), "the secret was logged");
    let signature = c.prepare(9001, &a.id, &amount).get("sign_string").unwrap().to_owned();
    assert!(!log.contains(&signature[..16]), "a signature was logged");
}
on_both_databases!(published_scenarios);

/// 100 invoices paid at once; 10 Completes of one invoice at once (the same
/// Click transaction repeated, and 10 Click transactions); 10 Prepares of
/// one Click transaction at once.
async fn concurrent_callbacks(kind: tests::cloud::DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(s) = ClickStack::new(kind, dir.path(), 1302, false).await else { return };
    let mut invoices = Vec::new();
    for _ in 0..100 {
        invoices.push(s.invoice(Period::Month).await);
    }
    let tasks: Vec<_> = invoices
        .iter()
        .enumerate()
        .map(|(i, inv)| {
            let c = s.click.clone();
            let (id, amount) = (inv.id.to_string(), inv.amount_som());
            tokio::spawn(async move { c.pay(20_000 + i as i64, &id, &amount, 0).await.unwrap() })
        })
        .collect();
    for t in tasks {
        let (p, done) = t.await.unwrap();
        assert_eq!((p.error, done.unwrap().error), (0, 0));
    }
    let mut payments = s.db.payments(&s.business, 1_000).await.unwrap();
    assert_eq!(payments.len(), 100);
    let paid: HashSet<_> = payments.iter().map(|p| p.invoice_id.clone()).collect();
    assert_eq!(paid.len(), 100, "one payment per invoice");
    // Each month counted once: the paid periods follow one another.
    payments.sort_by_key(|p| p.period_from);
    for w in payments.windows(2) {
        assert_eq!(w[0].period_to, w[1].period_from, "paid periods must chain");
        assert_eq!(w[1].period_to, Period::Month.after(w[1].period_from));
    }
    assert_eq!(s.db.subscription(&s.business).await.unwrap().ends_at(), payments[99].period_to);
    println!("click concurrency: 100 distinct invoices at once -> 100 payments");

    // 10 Completes of the same Click transaction at once.
    let a = s.invoice(Period::Month).await;
    let before = s.db.subscription(&s.business).await.unwrap().ends_at();
    let p = s.click.send(&s.click.prepare(30_001, &a.id, &a.amount_som())).await.unwrap();
    let prepare_id = p.merchant_prepare_id.unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = s.click.clone();
            let call = c.complete(30_001, &a.id, prepare_id, &a.amount_som(), 0);
            tokio::spawn(async move { c.send(&call).await.unwrap() })
        })
        .collect();
    let mut codes = Vec::new();
    let mut confirm_ids = HashSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        codes.push(r.error);
        confirm_ids.insert(r.merchant_confirm_id);
    }
    codes.sort_unstable();
    assert_eq!(codes, [vec![-4; 9], vec![0]].concat(), "one success, then already paid");
    assert_eq!(confirm_ids.len(), 1, "every answer names the same confirmation");
    let pay = s.db.payment_of_invoice(&a.id).await.unwrap().unwrap();
    assert_eq!(pay.period_from, before.max(pay.paid_at));
    assert_eq!(s.db.subscription(&s.business).await.unwrap().ends_at(), Period::Month.after(pay.period_from));
    assert_eq!(paid_count(&s).await, 101);
    println!("click concurrency: 10 completes of one transaction -> codes {codes:?}, one payment, one month");

    // 10 Click transactions of one invoice completing at once.
    let b = s.invoice(Period::Month).await;
    let before = s.db.subscription(&s.business).await.unwrap().ends_at();
    let mut prepared = Vec::new();
    for i in 0..10 {
        let p = s.click.send(&s.click.prepare(31_000 + i, &b.id, &b.amount_som())).await.unwrap();
        assert_eq!(p.error, 0);
        prepared.push((31_000 + i, p.merchant_prepare_id.unwrap()));
    }
    let tasks: Vec<_> = prepared
        .iter()
        .map(|(trans, prep)| {
            let c = s.click.clone();
            let call = c.complete(*trans, &b.id, *prep, &b.amount_som(), 0);
            tokio::spawn(async move { c.send(&call).await.unwrap().error })
        })
        .collect();
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    codes.sort_unstable();
    assert_eq!(codes, [vec![-4; 9], vec![0]].concat());
    let pay = s.db.payment_of_invoice(&b.id).await.unwrap().unwrap();
    assert_eq!(pay.period_from, before.max(pay.paid_at));
    assert_eq!(pay.period_to, Period::Month.after(pay.period_from));
    assert_eq!(s.db.subscription(&s.business).await.unwrap().ends_at(), pay.period_to);
    let completed = s.db.click_transactions(&b.id).await.unwrap();
    assert_eq!(completed.iter().filter(|t| t.state == ClickState::Completed).count(), 1);
    assert_eq!(paid_count(&s).await, 102);
    println!("click concurrency: 10 transactions of one invoice -> codes {codes:?}, one payment");

    // 10 Prepares of one Click transaction at once: one record, one id.
    let c_inv = s.invoice(Period::Month).await;
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let c = s.click.clone();
            let call = c.prepare(32_001, &c_inv.id, &c_inv.amount_som());
            tokio::spawn(async move { c.send(&call).await.unwrap() })
        })
        .collect();
    let mut ids = HashSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.error, 0);
        ids.insert(r.merchant_prepare_id.unwrap());
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(s.db.click_transactions(&c_inv.id).await.unwrap().len(), 1);
}
on_both_databases!(concurrent_callbacks);

/// The simulator's page: the owner's browser opens Click's page, pays,
/// comes back; another declines.
async fn simulator_page_flow(kind: tests::cloud::DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(s) = ClickStack::new(kind, dir.path(), 1303, true).await else { return };
    let sim = s.sim.as_ref().unwrap();
    let settings = {
        let mut st = ClickStack::sim_settings(&s.cloud);
        st.billing.click.pay_url = sim.pay_url();
        st
    };
    use cloud::billing::checkout::{CheckoutProvider as _, ClickCheckout};
    let browser = tests::cloud::http_client();

    let a = s.invoice(Period::Month).await;
    let back = s.cloud.url(&format!("/subscription?invoice={}", a.id));
    let link = ClickCheckout(&settings.billing.click).checkout_url(&a, &back).unwrap();
    assert!(link.starts_with(&sim.pay_url()));
    let page = browser.get(&link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("299000.00") && html.contains("To'lash"), "{html}");
    // The page's form, as the browser posts it.
    let query: Vec<(String, String)> =
        url_query(&link).into_iter().chain([("outcome".to_owned(), "pay".to_owned())]).collect();
    let paid = browser.post(sim.pay_url()).form(&query).send().await.unwrap();
    assert_eq!(paid.status(), 303);
    assert_eq!(paid.headers()["location"].to_str().unwrap(), back);
    assert_eq!(status(&s, &a).await, InvoiceStatus::Paid);
    let pay = s.db.payment_of_invoice(&a.id).await.unwrap().unwrap();
    assert_eq!(pay.provider, Provider::Click);
    note("simulator page: pay", 0);

    // The payer declines: Click's Complete with error -5017, our -9.
    let b = s.invoice(Period::Month).await;
    let link = ClickCheckout(&settings.billing.click).checkout_url(&b, &back).unwrap();
    let query: Vec<(String, String)> =
        url_query(&link).into_iter().chain([("outcome".to_owned(), "decline".to_owned())]).collect();
    let declined = browser.post(sim.pay_url()).form(&query).send().await.unwrap();
    assert_eq!(declined.status(), 200);
    let html = declined.text().await.unwrap();
    assert!(html.contains("data-click-error=\"-9\""), "{html}");
    assert_eq!(status(&s, &b).await, InvoiceStatus::Open);
    let ts = s.db.click_transactions(&b.id).await.unwrap();
    assert_eq!(ts.len(), 1);
    assert_eq!((ts[0].state, ts[0].click_error), (ClickState::Cancelled, Some(INSUFFICIENT_FUNDS)));
    note("simulator page: payer declines", -9);

    // Paying a paid invoice again through the page: Click's -4 shown, no
    // second payment.
    let link = ClickCheckout(&settings.billing.click).checkout_url(&a, &back).unwrap();
    let query: Vec<(String, String)> =
        url_query(&link).into_iter().chain([("outcome".to_owned(), "pay".to_owned())]).collect();
    let again = browser.post(sim.pay_url()).form(&query).send().await.unwrap();
    assert!(again.text().await.unwrap().contains("data-click-error=\"-4\""));
    assert_eq!(paid_count(&s).await, 1);

    // Another merchant's link is not Click's page for us.
    let other = link.replace(&format!("service_id={}", tests::click::SERVICE_ID), "service_id=1");
    assert_eq!(browser.get(&other).send().await.unwrap().status(), 404);
    assert!(!s.log().contains(SECRET));
}
on_both_databases!(simulator_page_flow);

fn url_query(url: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(url).unwrap().query_pairs().into_owned().collect()
}

/// A flood of payments while the cloud is SIGKILLed: afterwards every
/// invoice is either paid with exactly one payment and a completed Click
/// transaction, or open with neither; Click's retries then finish the job.
async fn killed_mid_callback(kind: tests::cloud::DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut s) = ClickStack::new(kind, dir.path(), 1304, false).await else { return };
    let mut invoices = Vec::new();
    for _ in 0..60 {
        invoices.push(s.invoice(Period::Month).await);
    }
    let tasks: Vec<_> = invoices
        .iter()
        .enumerate()
        .map(|(i, inv)| {
            let c = s.click.clone();
            let (id, amount) = (inv.id.to_string(), inv.amount_som());
            tokio::spawn(async move { c.pay(40_000 + i as i64, &id, &amount, 0).await })
        })
        .collect();
    // Kill once some payments landed and others are in flight.
    let deadline = Instant::now() + Duration::from_secs(60);
    while paid_count(&s).await < 5 {
        assert!(Instant::now() < deadline, "no payment landed");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    s.cloud.kill9();
    let mut answered = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), Ok((_, Some(r))) if r.error == 0) {
            answered += 1;
        }
    }
    s.cloud.start().await;

    let check = |phase: &'static str| {
        let s = &s;
        let invoices = &invoices;
        async move {
            let mut paid = 0;
            for inv in invoices {
                let now = s.db.invoice(&inv.id).await.unwrap();
                let payment = s.db.payment_of_invoice(&inv.id).await.unwrap();
                let clicks = s.db.click_transactions(&inv.id).await.unwrap();
                let completed = clicks.iter().filter(|t| t.state == ClickState::Completed).count();
                match now.status {
                    InvoiceStatus::Paid => {
                        paid += 1;
                        let p = payment.unwrap_or_else(|| panic!("{phase}: paid without a payment"));
                        assert_eq!(completed, 1, "{phase}: paid without its Click transaction");
                        assert_eq!(
                            p.provider_txn_id,
                            clicks
                                .iter()
                                .find(|t| t.state == ClickState::Completed)
                                .unwrap()
                                .click_trans_id
                                .to_string()
                        );
                    }
                    InvoiceStatus::Open => {
                        assert!(payment.is_none(), "{phase}: open with a payment");
                        assert_eq!(completed, 0, "{phase}: open with a completed Click transaction");
                    }
                    InvoiceStatus::Cancelled => panic!("{phase}: cancelled"),
                }
            }
            assert_eq!(paid_count(s).await, paid, "{phase}: one payment per paid invoice");
            paid
        }
    };
    let paid = check("after the kill").await;
    assert!(paid >= answered, "every payment answered 0 before the kill is kept");
    println!("click kill: {paid} of 60 paid at the kill ({answered} answered), the rest open");

    // Click retries: a prepared transaction's Complete, or Prepare+Complete again.
    for (i, inv) in invoices.iter().enumerate() {
        if status(&s, inv).await == InvoiceStatus::Paid {
            continue;
        }
        let trans = 40_000 + i as i64;
        let amount = inv.amount_som();
        let r = match s.db.click_transaction(trans).await {
            Ok(t) => s.click.send(&s.click.complete(trans, &inv.id, t.merchant_prepare_id, &amount, 0)).await.unwrap(),
            Err(_) => s.click.pay(trans, &inv.id, &amount, 0).await.unwrap().1.unwrap(),
        };
        assert_eq!(r.error, 0);
    }
    assert_eq!(check("after Click's retries").await, 60);
    let mut payments = s.db.payments(&s.business, 1_000).await.unwrap();
    payments.sort_by_key(|p| p.period_from);
    for w in payments.windows(2) {
        assert_eq!(w[0].period_to, w[1].period_from, "each month counted once");
    }
}
on_both_databases!(killed_mid_callback);
