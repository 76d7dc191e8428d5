//! Pairing in a real browser (headless Chromium): the owner opens "QR kod
//! bilan ulash" on the branch card (after opening the hub's pairing window
//! with the card's button, and giving the terminal the hub fingerprint the
//! card shows), where this browser has no barcode
//! detector, so the page says so and offers the code field; the owner types
//! the short code a `firmware-sim pair` terminal shows; the terminal pairs and
//! its badge turns to Active (green) without a reload. Screenshots:
//! `target/test-artifacts/screenshots/pairing-{window-closed,open,done}.png`.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use tests::PairingSim;
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cloud::{DbKind, Stack};

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owner_types_the_code() {
    let Some(browser) = Browser::start(Viewport::Desktop).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut stack = Stack::new(DbKind::Sqlite, dir.path(), 851).await.unwrap();
    stack.hub.start().await;

    browser.goto(&stack.cloud.url("/login")).await;
    let form = browser.wait_for("main form", WAIT).await;
    form.find("input[name=phone]").await.send_keys(&stack.owner.phone).await;
    form.find("input[name=password]").await.send_keys(&stack.owner.password).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/", WAIT).await;
    browser.goto(&stack.cloud.url("/branches")).await;

    let card = format!("section[data-branch='{}']", stack.branch);
    // The hub's fingerprint, read off the portal (the hub reports it on its
    // watch call), is what the terminal is told to trust.
    let mut fingerprint = String::new();
    for _ in 0..60 {
        if let Some(fp) = browser.find_all(&format!("{card} [data-fingerprint]")).await.into_iter().next() {
            fingerprint = fp.text().await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        browser.goto(&stack.cloud.url("/branches")).await;
    }
    assert_eq!(fingerprint, stack.hub.fingerprint().await);
    // The hub's pairing window is closed until the owner opens it here.
    browser.wait_for(&format!("{card} [data-window='closed']"), WAIT).await;
    browser.screenshot(artifacts_dir().join("pairing-window-closed.png")).await;
    browser.find(&format!("{card} button[data-window-open]")).await.click().await;
    let until = browser.wait_for(&format!("{card} [data-window-until]"), WAIT).await;
    assert!(until.text().await.contains("Ulash oynasi ochiq"), "{}", until.text().await);
    let sim = PairingSim::start_trusting(stack.hub.pairing_port, &fingerprint, &dir.path().join("t"), &["--rate", "2"]);
    let code = sim.code().await;
    let summary = browser.wait_for(&format!("{card} details[data-pair] > summary"), WAIT).await;
    assert!(summary.text().await.contains("QR kod bilan ulash"));
    summary.click().await;
    // Chromium on Linux has no BarcodeDetector: the page says so; the field is there.
    let note = browser.wait_for(&format!("{card} [data-scan-note]:not([hidden])"), WAIT).await;
    assert!(!note.text().await.is_empty());
    browser.screenshot(artifacts_dir().join("pairing-open.png")).await;
    // Typed as people type: lower case, with a space instead of the dash.
    let field = browser.find(&format!("{card} input[data-code]")).await;
    field.send_keys(&code.to_lowercase().replace('-', " ")).await;
    browser.find(&format!("{card} form[data-pair-form] button[type=submit]")).await.click().await;
    let paired = browser.wait_for("[data-paired]", WAIT).await;
    assert!(paired.text().await.contains("ulandi"), "{}", paired.text().await);

    let id = sim.paired(WAIT).await;
    // The badge turns Active by itself (the page polls the live state).
    let badge = format!("[data-terminal='{id}'] [data-pos-state='active']");
    browser.wait_for(&badge, WAIT).await;
    let colour = browser
        .execute(&format!("return getComputedStyle(document.querySelector(\"{badge}\")).backgroundColor"), vec![])
        .await;
    assert_ne!(colour, serde_json::json!("rgba(0, 0, 0, 0)"), "the Active badge is coloured");
    browser.screenshot(artifacts_dir().join("pairing-done.png")).await;
    stack.hub.stop();
    browser.quit().await;
}
