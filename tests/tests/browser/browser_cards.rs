//! The saved card in a real browser (headless Chromium), on both databases:
//! the owner opens "Saqlangan karta", types Payme's sandbox card and expiry
//! into Payme's form (the browser sends them straight to the Payme
//! simulator, across origins, as the page's CSP allows), types the SMS code,
//! and the page shows the card; with auto-renewal on, the renewal job moves
//! the end date once. Screenshot: `target/test-artifacts/screenshots/card-saved.png`.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use cloud::billing::lifecycle::Period;
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cards;
use tests::cloud::{DbKind, Portal, Sms, TestDb};
use tests::on_both_databases;

const WAIT: Duration = Duration::from_secs(60);

async fn adds_the_test_card(kind: DbKind) {
    let Some(browser) = Browser::start(Viewport::Desktop).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let (mut cloud, payme) = cards::cloud_with_payme(&dir.path().join("cloud"), &db, &sms).await;
    cards::configure(&mut cloud, &payme, 20, 60, 5);
    cloud.start().await;
    let pool = db.open().await;
    let portal = Portal::new(&cloud);
    let (owner, business) = cards::owner_on_pro(&portal, &sms, &pool, 731).await;

    browser.goto(&cloud.url("/login")).await;
    let form = browser.wait_for("main form", WAIT).await;
    form.find("input[name=phone]").await.send_keys(&owner.phone).await;
    form.find("input[name=password]").await.send_keys(&owner.password).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/", WAIT).await;
    browser.goto(&cloud.url("/subscription/card")).await;

    // The script shows Payme's form (hidden without JavaScript).
    let number = browser.wait_for("[data-payme-card]:not([hidden]) input[data-number]", WAIT).await;
    number.send_keys("8600 0691 9540 6311").await;
    browser.find("input[data-expire]").await.send_keys("0399").await;
    browser.find("button[data-get-code]").await.click().await;
    let code = browser.wait_for("form[data-card-code]:not([hidden]) input[data-code]", WAIT).await;
    code.send_keys("666666").await;
    browser.find("button[data-confirm-code]").await.click().await;

    let last4 = browser.wait_for("[data-card-last4]", WAIT).await;
    assert!(last4.text().await.contains("6311"), "{}", browser.source().await);
    assert!(browser.find("[data-card-brand]").await.text().await.contains("Uzcard"));
    assert!(browser.find("[data-notice]").await.text().await.contains("Karta saqlandi"));
    browser.screenshot(artifacts_dir().join(format!("card-saved-{kind:?}.png"))).await;

    // Auto-renewal on ("Saqlash" on the subscription page does this): the
    // end date moves once, by a month.
    let before = pool.subscription(&business).await.unwrap().ends_at();
    assert!(pool.set_auto_renew(&business, true).await.unwrap());
    cards::until(WAIT, "the renewal", || async { pool.payments(&business, 10).await.unwrap().len() == 1 }).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(pool.payments(&business, 10).await.unwrap().len(), 1);
    assert_eq!(pool.subscription(&business).await.unwrap().ends_at(), Period::Month.after(before));
    assert_eq!(payme.sim.pay_calls(), 1);
    browser.quit().await;
    cloud.stop();
}
on_both_databases!(adds_the_test_card);
