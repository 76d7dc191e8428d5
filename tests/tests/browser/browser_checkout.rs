//! The whole payment flow in a real browser (headless Chromium), on both
//! databases, through the providers' simulators speaking their published
//! protocols: the owner chooses Biznes on `/subscription` ("Tanlash"), lands
//! on the simulator's checkout (Payme's base64 link, or Click's pay page),
//! pays there; the simulator calls the cloud as the provider does (Payme:
//! CheckPerformTransaction → CreateTransaction → PerformTransaction; Click:
//! Prepare → Complete) and sends the browser back, where the subscription is
//! active and the receipt names the provider's transaction. Paying the same
//! invoice again through the other provider is refused with that provider's
//! "already paid" answer and counts nothing.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::sync::Arc;
use std::time::Duration;

use cloud::billing::sim;
use cloud::settings::{Secret, Settings};
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

const WAIT: Duration = Duration::from_secs(30);
const PAYME_MERCHANT: &str = "64d1a0c2e9b3f4a5c6d7e8f9";
const PAYME_KEY: &str = "browser-payme-key";
const CLICK_SECRET: &str = "browser-click-secret";

/// The billing settings the cloud and the simulators share.
fn billing(cloud_url: &str, payme: &str, click: &str) -> Settings {
    let mut s = Settings::default();
    s.billing.public_url = cloud_url.to_owned();
    s.billing.payme.merchant_id = PAYME_MERCHANT.into();
    s.billing.payme.key = Secret::new(PAYME_KEY);
    s.billing.payme.checkout_url = format!("http://{payme}");
    s.billing.click.service_id = "30301".into();
    s.billing.click.merchant_id = "20202".into();
    s.billing.click.merchant_user_id = "40404".into();
    s.billing.click.secret_key = Secret::new(CLICK_SECRET);
    s.billing.click.pay_url = format!("http://{click}/services/pay");
    s
}

async fn pays_through(kind: DbKind, provider: &str, n: u32) {
    let Some(browser) = Browser::start(Viewport::Desktop).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let payme = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let click = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (payme_addr, click_addr) = (payme.local_addr().unwrap(), click.local_addr().unwrap());
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    let shared = billing(&cloud.base(), &payme_addr.to_string(), &click_addr.to_string());
    cloud.set_env("CLOUD__BILLING__PUBLIC_URL", cloud.base());
    cloud.set_env("CLOUD__BILLING__PAYME__MERCHANT_ID", PAYME_MERCHANT);
    cloud.set_env("CLOUD__BILLING__PAYME__KEY", PAYME_KEY);
    cloud.set_env("CLOUD__BILLING__PAYME__CHECKOUT_URL", shared.billing.payme.checkout_url.clone());
    cloud.set_env("CLOUD__BILLING__CLICK__SERVICE_ID", "\"30301\"");
    cloud.set_env("CLOUD__BILLING__CLICK__MERCHANT_ID", "\"20202\"");
    cloud.set_env("CLOUD__BILLING__CLICK__MERCHANT_USER_ID", "\"40404\"");
    cloud.set_env("CLOUD__BILLING__CLICK__SECRET_KEY", CLICK_SECRET);
    cloud.set_env("CLOUD__BILLING__CLICK__PAY_URL", shared.billing.click.pay_url.clone());
    cloud.start().await;
    let shared = Arc::new(shared);
    tokio::spawn(sim::payme::serve(payme, Arc::clone(&shared), std::future::pending()));
    tokio::spawn(sim::click::serve(click, Arc::clone(&shared), std::future::pending()));

    let me = Owner::numbered(n);
    let portal = Portal::new(&cloud);
    portal.register(&sms, &me).await;
    let pool = db.open().await;
    let business = pool.owner_by_phone(&me.phone).await.unwrap().business_id;
    let before = pool.subscription(&business).await.unwrap();

    browser.goto(&cloud.url("/login")).await;
    let form = browser.wait_for("main form", WAIT).await;
    form.find("input[name=phone]").await.send_keys(&me.phone).await;
    form.find("input[name=password]").await.send_keys(&me.password).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/", WAIT).await;

    // "Tanlash": Biznes, a month, through `provider`.
    browser.goto(&cloud.url("/subscription")).await;
    let card = browser.wait_for("[data-tariff-card='biznes']", WAIT).await;
    card.find(&format!("input[name=provider][value={provider}]")).await.click().await;
    card.find("button[name=period][value=month]").await.click().await;

    // The provider's checkout: pay.
    let host = if provider == "payme" { payme_addr } else { click_addr };
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let at = browser.current_url().await;
        if at.starts_with(&format!("http://{host}/")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the browser never reached the provider's checkout: {at}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let pay = browser.wait_for("form button[type=submit]", WAIT).await;
    let db_name = if kind == DbKind::Sqlite { "sqlite" } else { "postgres" };
    browser.screenshot(artifacts_dir().join(format!("checkout-{provider}-{db_name}.png"))).await;
    pay.click().await;

    // Back on the subscription page: active, with the receipt.
    browser.wait_for_path("/subscription", WAIT).await;
    browser.wait_for("[data-invoice-state='paid']", WAIT).await;
    browser.wait_for("[data-status='active']", WAIT).await;
    let payments = pool.payments(&business, 10).await.unwrap();
    assert_eq!(payments.len(), 1, "one payment");
    let payment = &payments[0];
    assert_eq!(payment.provider.code(), if provider == "payme" { "payme" } else { "click" });
    assert_eq!(payment.amount, pool.tariff("biznes").await.unwrap().price_monthly);
    let after = pool.subscription(&business).await.unwrap();
    assert_eq!(after.ends_at(), cloud::billing::lifecycle::Period::Month.after(before.ends_at()), "one month more");
    assert_eq!(after.tariff_code, "biznes");
    browser.screenshot(artifacts_dir().join(format!("checkout-{provider}-back-{db_name}.png"))).await;
    browser.find("[data-receipt-link]").await.click().await;
    let receipt = browser.wait_for("article.receipt", WAIT).await.text().await;
    assert!(receipt.contains(&payment.provider_txn_id), "the receipt names the provider's transaction: {receipt}");

    // The same invoice again through the other provider: "already paid".
    let invoice = pool.invoice(&payment.invoice_id).await.unwrap();
    if provider == "payme" {
        let caller = sim::click::ClickCaller::new(&cloud.base(), &shared.billing.click);
        let (prepared, _) = caller.pay(777_001, &invoice.id, &invoice.amount_som(), 0).await.unwrap();
        assert_eq!(prepared.error, -4, "Click: already paid");
    } else {
        let caller = sim::payme::PaymeCaller::for_settings(&shared);
        let answer = caller
            .call(
                "CheckPerformTransaction",
                serde_json::json!({ "amount": invoice.amount, "account": { "invoice": invoice.id.to_string() } }),
            )
            .await
            .unwrap();
        assert_eq!(sim::payme::error_code(&answer), Some(-31051), "Payme: already paid: {answer}");
    }
    assert_eq!(pool.payments(&business, 10).await.unwrap().len(), 1, "still one payment");
    assert_eq!(pool.subscription(&business).await.unwrap().ends_at(), after.ends_at(), "extended once");
    browser.quit().await;
    cloud.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payme_sqlite() {
    pays_through(DbKind::Sqlite, "payme", 1401).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payme_postgres() {
    pays_through(DbKind::Postgres, "payme", 1402).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn click_sqlite() {
    pays_through(DbKind::Sqlite, "click", 1403).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn click_postgres() {
    pays_through(DbKind::Postgres, "click", 1404).await;
}
