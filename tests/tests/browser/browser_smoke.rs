//! The portal in a real browser (headless Chromium over WebDriver), on a
//! desktop and on a phone: sign in through the form, land on the dashboard
//! in Uzbek, switch to Russian with the footer's switcher. Screenshots go to
//! `target/test-artifacts/screenshots/smoke-{desktop,phone}.png`.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::{Duration, Instant};

use serde_json::json;
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

/// Long enough for a slow CI machine; the waits poll and return at once.
const WAIT: Duration = Duration::from_secs(15);

async fn smoke(viewport: Viewport, owner_no: u32) {
    let started = Instant::now();
    let Some(browser) = Browser::start(viewport).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(DbKind::Sqlite, dir.path()).await.unwrap();
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let owner = Owner::numbered(owner_no);
    Portal::new(&cloud).register(&sms, &owner).await;

    // Sign in through the form.
    browser.goto(&cloud.url("/login")).await;
    let form = browser.wait_for("main form", WAIT).await;

    // The page is laid out for the viewport asked for (a phone's layout
    // width is the device's only on pages with `<meta name=viewport>`).
    let (width, _) = viewport.size();
    let shape = browser
        .execute("return [window.innerWidth, matchMedia('(pointer: coarse)').matches, navigator.userAgent]", vec![])
        .await;
    assert_eq!(shape[0], json!(width), "{viewport:?}: {shape}");
    assert_eq!(shape[1], json!(viewport == Viewport::Phone), "{viewport:?}: touch: {shape}");

    form.find("input[name=phone]").await.send_keys(&owner.phone).await;
    form.find("input[name=password]").await.send_keys(&owner.password).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/", WAIT).await;
    let html = browser.wait_for("html", WAIT).await;
    assert_eq!(html.attr("lang").await.as_deref(), Some("uz"), "the owner's language after sign-in");

    // The footer's switcher.
    let ru = browser.find("footer.lang form button[data-lang=ru]").await;
    assert!(ru.is_displayed().await, "the switcher is visible");
    ru.click().await;
    browser.wait_for("html[lang=ru]", WAIT).await;
    browser.wait_for_path("/", WAIT).await;
    assert_eq!(browser.find("html").await.attr("lang").await.as_deref(), Some("ru"));

    let shot = browser.screenshot(artifacts_dir().join(format!("smoke-{}.png", viewport.name()))).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000, "a real PNG at {}", shot.display());
    println!("{viewport:?}: {} in {:.1?}", shot.display(), started.elapsed());
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop() {
    smoke(Viewport::Desktop, 7101).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone() {
    smoke(Viewport::Phone, 7102).await;
}
