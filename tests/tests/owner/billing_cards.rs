//! Saved cards and auto-renewal (B6) against the Payme Subscribe API
//! simulator, on SQLite and PostgreSQL:
//! - the card page: Payme's form (no `name`, no `action`), `connect-src` for
//!   Payme on that page only; a token is checked with Payme by the server: an
//!   unverified or forged one is refused; the token and the number never
//!   stand in clear in the database; another business's card cannot be
//!   removed; removing switches auto-renewal off;
//! - renewal: two cloud processes on one database run the job every second;
//!   the end date moves exactly once by one month, Payme is charged once, the
//!   owner gets one SMS;
//! - a declined card is retried up to `max_attempts` with an SMS each time,
//!   and the end date stays.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use cloud::billing::lifecycle::Period;
use cloud::billing::sim::payme_subscribe::{DECLINED_CARD, TEST_CARD};
use serde_json::json;
use sqlx::Row as _;
use tests::cards::{self, KEY, MERCHANT};
use tests::cloud::{CloudProcess, DbKind, Portal, Sms, TestDb};
use tests::on_both_databases;

const WAIT: Duration = Duration::from_secs(60);

async fn card_page(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let (mut cloud, payme) = cards::cloud_with_payme(&dir.path().join("cloud"), &db, &sms).await;
    cards::configure(&mut cloud, &payme, 3, 60, 5);
    cloud.start().await;
    let pool = db.open().await;
    let portal = Portal::new(&cloud);
    let (owner, business) = cards::owner_on_pro(&portal, &sms, &pool, 701).await;

    // The page: Payme's form, and Payme's origin in connect-src there only.
    let res = portal.client.get(cloud.url("/subscription/card")).send().await.unwrap();
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let origin = payme.url.trim_end_matches("/api");
    assert!(csp.contains(&format!("connect-src 'self' {origin}")), "{csp}");
    let body = res.text().await.unwrap();
    let form = body.split("<form data-card-number").nth(1).unwrap().split("</form>").next().unwrap();
    assert!(!form.contains("name=") && !form.contains("action="), "the card form sends nothing to us: {form}");
    assert!(body.contains("data-needs-js") && body.contains("payme") && body.contains("data-payme-note"));
    let other = portal.client.get(cloud.url("/subscription")).send().await.unwrap();
    let csp = other.headers()["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("connect-src"), "only the card page may reach Payme: {csp}");

    // The simulator keeps Payme's rules: the front end cannot check cards.
    let token = payme.browser_card(TEST_CARD, "0399", false).await;
    let a = payme.call(MERCHANT, "cards.check", json!({"token": token})).await;
    assert_eq!(a["error"]["code"], -32504, "{a}");

    // Unverified: refused, nothing saved.
    let p = cards::post_token(&portal, &token).await;
    assert_eq!((p.status, p.error_code().as_deref()), (400, Some("card_unverified")), "{}", p.body);
    // Forged.
    let p = cards::post_token(&portal, "forged-token-0000").await;
    assert_eq!((p.status, p.error_code().as_deref()), (400, Some("card_unknown")));
    assert!(pool.saved_card(&business).await.unwrap().is_none());
    assert!(!pool.set_auto_renew(&business, true).await.unwrap(), "auto-renewal needs a saved card");

    // Verified: saved with brand, last four, expiry.
    let token = payme.browser_card(TEST_CARD, "0399", true).await;
    let p = cards::post_token(&portal, &token).await;
    assert_eq!(p.location.as_deref(), Some("/subscription/card?saved=1"), "{}", p.body);
    let page = portal.get("/subscription/card?saved=1").await;
    assert!(page.shows("Uzcard") && page.shows("6311") && page.shows("03/99"), "{}", page.body);
    let card = pool.saved_card(&business).await.unwrap().unwrap();
    assert_eq!((card.brand.as_str(), card.last4.as_str(), card.expire.as_str()), ("Uzcard", "6311", "0399"));

    // Nothing in clear: not the token, not the number, in any card column.
    let rows = sqlx::query("SELECT id, business_id, provider, token_sealed, brand, last4, expire FROM cards")
        .fetch_all(&pool.pool)
        .await
        .unwrap();
    for r in &rows {
        for i in 0..7 {
            let v: String = r.get(i);
            assert!(!v.contains(&token) && !v.contains(TEST_CARD) && !v.contains("069195"), "column {i}: {v}");
        }
        assert!(r.get::<String, _>(3).starts_with("v1."), "sealed by the vault");
    }

    // Another business cannot remove it.
    let intruder = Portal::new(&cloud);
    let (_, other_business) = cards::owner_on_pro(&intruder, &sms, &pool, 702).await;
    let p = intruder.post("/subscription/card/remove", &[("card", &card.id)]).await;
    assert_eq!(p.status, 404, "{p:?}");
    assert!(pool.saved_card(&business).await.unwrap().is_some());
    assert!(pool.saved_card(&other_business).await.unwrap().is_none());

    // The owner removes it: auto-renewal goes off with it, Payme forgets it.
    assert!(pool.set_auto_renew(&business, true).await.unwrap());
    let p = portal.post("/subscription/card/remove", &[("card", &card.id)]).await;
    assert_eq!(p.location.as_deref(), Some("/subscription/card?removed=1"), "{p:?}");
    assert!(pool.saved_card(&business).await.unwrap().is_none());
    assert!(!pool.auto_renew(&business).await.unwrap());
    let a = payme.call(&format!("{MERCHANT}:{KEY}"), "cards.check", json!({"token": token})).await;
    assert!(a["error"]["code"].is_i64(), "removed at Payme too: {a}");
    let _ = owner;
}
on_both_databases!(card_page);

async fn renews_once_with_two_instances(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let (mut a, payme) = cards::cloud_with_payme(&dir.path().join("a"), &db, &sms).await;
    // A 14-day trial is due 20 days ahead; a month later it is not.
    cards::configure(&mut a, &payme, 20, 60, 5);
    a.start().await;
    let pool = db.open().await;
    let portal = Portal::new(&a);
    let (owner, business) = cards::owner_on_pro(&portal, &sms, &pool, 711).await;
    let token = payme.browser_card(TEST_CARD, "0399", true).await;
    let p = cards::post_token(&portal, &token).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let before = pool.subscription(&business).await.unwrap().ends_at();

    // The second instance on the same database, then auto-renewal on.
    let mut b = CloudProcess::new(&dir.path().join("b"), &db, &sms);
    cards::configure(&mut b, &payme, 20, 60, 5);
    b.start().await;
    assert!(pool.set_auto_renew(&business, true).await.unwrap());

    cards::until(WAIT, "the renewal to be paid", || async { pool.payments(&business, 10).await.unwrap().len() == 1 })
        .await;
    // Both instances keep running their rounds; nothing more may happen.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let payments = pool.payments(&business, 10).await.unwrap();
    assert_eq!(payments.len(), 1, "{payments:?}");
    assert_eq!(payments[0].provider, cloud::billing::invoices::Provider::Card);
    assert_eq!(payments[0].amount, 79_900_000);
    let after = pool.subscription(&business).await.unwrap().ends_at();
    assert_eq!(after, Period::Month.after(before), "moved once by one month");
    assert_eq!(payme.sim.pay_calls(), 1, "Payme charged once");
    assert_eq!(payme.sim.paid(), 1);
    let renewals = cards::renewal_state(&pool, &business).await;
    assert_eq!(renewals, vec![("done".to_owned(), 0, before)]);
    let texts = cards::texts(&sms, &owner.phone);
    assert_eq!(texts.iter().filter(|t| t.contains("uzaytirildi")).count(), 1, "{texts:?}");
    a.stop();
    b.stop();
}
on_both_databases!(renews_once_with_two_instances);

async fn declined_card_retries(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let (mut cloud, payme) = cards::cloud_with_payme(&dir.path().join("cloud"), &db, &sms).await;
    // Retry at once (every round), three attempts.
    cards::configure(&mut cloud, &payme, 20, 0, 3);
    cloud.start().await;
    let pool = db.open().await;
    let portal = Portal::new(&cloud);
    let (owner, business) = cards::owner_on_pro(&portal, &sms, &pool, 721).await;
    let token = payme.browser_card(DECLINED_CARD, "1230", true).await;
    assert_eq!(cards::post_token(&portal, &token).await.status, 303);
    let before = pool.subscription(&business).await.unwrap().ends_at();
    assert!(pool.set_auto_renew(&business, true).await.unwrap());

    cards::until(WAIT, "the renewal to give up", || async {
        cards::renewal_state(&pool, &business).await.first().is_some_and(|r| r.0 == "failed")
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(cards::renewal_state(&pool, &business).await, vec![("failed".to_owned(), 3, before)]);
    assert_eq!(payme.sim.pay_calls(), 3, "one charge per attempt");
    assert_eq!(payme.sim.paid(), 0);
    assert_eq!(pool.subscription(&business).await.unwrap().ends_at(), before, "the end date stays");
    assert!(pool.payments(&business, 10).await.unwrap().is_empty());
    let texts = cards::texts(&sms, &owner.phone);
    let declined = texts.iter().filter(|t| t.contains("o'tmadi")).count();
    assert_eq!(declined, 3, "an SMS each time: {texts:?}");
    assert!(texts.iter().any(|t| t.contains("(1/3)")) && texts.iter().any(|t| t.contains("(2/3)")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Portalda to'lang")), "{texts:?}");
    cloud.stop();
}
on_both_databases!(declined_card_retries);
