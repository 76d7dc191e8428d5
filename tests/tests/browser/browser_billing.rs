//! The subscription page in a real browser (headless Chromium): the owner
//! comes back from the provider's checkout to `/subscription?invoice=…`,
//! sees "To'lov tekshirilmoqda...", and once the invoice is settled (here
//! through the store, as the provider's callback would) the page shows the
//! subscription active and the receipt link without a reload. Screenshots:
//! `target/test-artifacts/screenshots/billing-{waiting,paid,tariffs}-{desktop,phone}.png`.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use cloud::billing::invoices::{Provider, Settled};
use tests::billing::{BillingCloud, invoice_of_return_url};
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cloud::{DbKind, Owner};

const WAIT: Duration = Duration::from_secs(30);

/// Chooses Biznes for a month with Payme through the page's form; returns
/// the invoice id from the return URL in Payme's link.
async fn open_invoice(portal: &tests::cloud::Portal) -> cloud::ids::InvoiceId {
    let p =
        portal.post("/subscription/invoice", &[("tariff", "biznes"), ("period", "month"), ("provider", "payme")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    let location = p.location.unwrap();
    let encoded = location.rsplit('/').next().unwrap();
    let decoded = String::from_utf8(STANDARD.decode(encoded).unwrap()).unwrap();
    invoice_of_return_url(&decoded)
}

async fn waits_then_activates(viewport: Viewport, n: u32) {
    let Some(browser) = Browser::start(viewport).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let bc = BillingCloud::start(DbKind::Sqlite, dir.path()).await.unwrap();
    let me = Owner { business: format!("Oʻrik bogʻi {n}"), ..Owner::numbered(n) };
    let portal = bc.owner(&me).await;
    let invoice = open_invoice(&portal).await;
    let name = viewport.name();

    browser.goto(&bc.cloud.url("/login")).await;
    let form = browser.wait_for("main form", WAIT).await;
    form.find("input[name=phone]").await.send_keys(&me.phone).await;
    form.find("input[name=password]").await.send_keys(&me.password).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/", WAIT).await;

    // Back from Payme: waiting.
    browser.goto(&bc.cloud.url(&format!("/subscription?invoice={invoice}"))).await;
    let block = browser.wait_for("[data-invoice-state='open']", WAIT).await;
    assert!(block.text().await.contains("To'lov tekshirilmoqda..."), "{}", block.text().await);
    let status = browser.find("[data-status]").await;
    assert_eq!(status.attr("data-status").await.as_deref(), Some("trial"));
    // A mark on this document: a reload would drop it.
    browser.execute("window.__notReloaded = true; return true;", vec![]).await;
    browser.screenshot(artifacts_dir().join(format!("billing-waiting-{name}.png"))).await;

    // Payme confirms.
    let Settled::Paid(payment) = bc.settle(&invoice, Provider::Payme, "payme-browser-1").await else {
        panic!("the first settlement pays")
    };
    browser.wait_for("[data-invoice-state='paid']", WAIT).await;
    browser.wait_for("[data-status='active']", WAIT).await;
    let marked = browser.execute("return window.__notReloaded === true;", vec![]).await;
    assert_eq!(marked, serde_json::json!(true), "the page changed without a reload");
    let block = browser.find("[data-invoice]").await;
    assert!(block.text().await.contains("To'lov qabul qilindi"), "{}", block.text().await);
    let ends = browser.find("[data-ends]").await.text().await;
    assert_eq!(ends, web::format::tashkent(payment.period_to));
    let link = browser.find("[data-receipt-link]").await;
    assert_eq!(link.attr("href").await, Some(format!("/subscription/receipts/{}", payment.id)));
    assert!(browser.try_find("[data-pay-nojs]").await.is_none(), "the no-JavaScript note is gone");
    browser.find("[data-tariff-card='biznes'].current [data-current-badge]").await;
    assert!(browser.try_find("[data-tariff-card='start'].current").await.is_none(), "Start is no longer current");
    browser.screenshot(artifacts_dir().join(format!("billing-paid-{name}.png"))).await;

    // The tariff cards.
    browser.execute("document.getElementById('tariffs').scrollIntoView(); return true;", vec![]).await;
    browser.screenshot(artifacts_dir().join(format!("billing-tariffs-{name}.png"))).await;

    // The receipt opens from the link.
    browser.execute("window.scrollTo(0, 0); return true;", vec![]).await;
    link.click().await;
    browser.wait_for("article.receipt", WAIT).await;
    let text = browser.find("article.receipt").await.text().await;
    assert!(text.contains("payme-browser-1") && text.contains(&me.business), "{text}");
    browser.screenshot(artifacts_dir().join(format!("billing-receipt-{name}.png"))).await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop() {
    waits_then_activates(Viewport::Desktop, 1321).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone() {
    waits_then_activates(Viewport::Phone, 1322).await;
}
