//! Every page of the owner portal in a real browser (headless Chromium), on a
//! desktop and on a phone, with real data synced from a hub: sign-in and
//! registration pages, then each menu entry (through the fixed menu on the
//! desktop, through the drawer on the phone, which closes on an outside tap),
//! the dashboard's tabs, the details of an order, an employee and a
//! transaction, the branch selector and the language switcher. A screenshot
//! of every page goes to `target/test-artifacts/screenshots/<viewport>-<page>.png`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::Timestamp;
use tests::RawTerminal;
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cloud::{DbKind, Stack};

const WAIT: Duration = Duration::from_secs(15);

async fn shot(browser: &Browser, name: &str) {
    let path = artifacts_dir().join(format!("{}-{name}.png", browser.viewport().name()));
    browser.screenshot(&path).await;
    println!("screenshot {}", path.display());
}

/// Opens a menu entry the way the viewport's user would.
async fn open_menu_entry(browser: &Browser, href: &str) {
    if browser.viewport() == Viewport::Phone {
        let side = browser.find("nav.side").await;
        assert!(side.rect().await.x + side.rect().await.width <= 1.0, "the drawer starts closed");
        browser.find("button[data-menu]").await.click().await;
        browser.wait_until("return document.body.classList.contains('drawer-open')", WAIT).await;
        // Let the slide-in finish before tapping.
        browser
            .wait_until("const r = document.querySelector('nav.side').getBoundingClientRect(); return r.x >= 0;", WAIT)
            .await;
    }
    browser.find(&format!("nav.side a[href='{href}']")).await.click().await;
    browser.wait_for_path(href, WAIT).await;
    let current = browser.find(&format!("nav.side a[href='{href}']")).await;
    assert_eq!(current.attr("aria-current").await.as_deref(), Some("page"), "{href} is marked current");
}

async fn walk(viewport: Viewport, owner_no: u32) {
    let Some(browser) = Browser::start(viewport).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut stack = Stack::new(DbKind::Sqlite, dir.path(), owner_no).await.unwrap();
    stack.hub.start().await;
    let creds = stack.hub.provision(1);
    let mut terminal = RawTerminal::connect(stack.hub.mqtt_port, &creds[0]).await;
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, "web"));
    let mut flow = firmware_sim::Flow::new(branch, 11, false);
    for e in flow.catalog_events() {
        terminal.sell(&e).await;
    }
    let now = Timestamp::now().0;
    for i in 0..300_i64 {
        let e = flow.next_event(Timestamp(now - 10 * 86_400_000 + i * 2_800_000));
        terminal.sell(&e).await;
    }
    stack.drained(Duration::from_secs(60)).await;
    stack.portal.create_branch("Yunusobod").await;

    // Signed out: the sign-in and registration pages.
    browser.goto(&stack.cloud.url("/register")).await;
    browser.wait_for("input[name=phone]", WAIT).await;
    shot(&browser, "register").await;
    browser.goto(&stack.cloud.url("/login")).await;
    let form = browser.wait_for("main form", WAIT).await;
    shot(&browser, "login").await;
    form.find("input[name=phone]").await.send_keys(&stack.owner.phone).await;
    form.find("input[name=password]").await.send_keys(&stack.owner.password).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/", WAIT).await;
    browser.wait_for("[data-kpi=revenue]", WAIT).await;
    shot(&browser, "dashboard").await;

    // The menu is the fixed left column on a desktop, hidden in a drawer on a phone.
    let side = browser.find("nav.side").await;
    match viewport {
        Viewport::Desktop => {
            assert!(side.is_displayed().await && side.rect().await.x >= 0.0);
            assert!(!browser.find("button[data-menu]").await.is_displayed().await);
        }
        Viewport::Phone => {
            assert!(browser.find("button[data-menu]").await.is_displayed().await);
            // Opens, and closes on a tap outside it.
            browser.find("button[data-menu]").await.click().await;
            browser.wait_until("return document.body.classList.contains('drawer-open')", WAIT).await;
            browser.wait_until("return document.querySelector('nav.side').getBoundingClientRect().x >= 0", WAIT).await;
            shot(&browser, "drawer").await;
            browser.execute("document.querySelector('[data-scrim]').click()", vec![]).await;
            browser.wait_until("return !document.body.classList.contains('drawer-open')", WAIT).await;
            assert_eq!(browser.find("button[data-menu]").await.attr("aria-expanded").await.as_deref(), Some("false"));
        }
    }

    // The dashboard's tabs.
    for tab in ["employees", "products", "orders"] {
        browser.find(&format!("nav.tabs a[href$='tab={tab}']")).await.click().await;
        browser.wait_for(&format!("[data-tab={tab}]"), WAIT).await;
        shot(&browser, &format!("dashboard-{tab}")).await;
    }
    // Charts are SVG with their own title, drawn on the server.
    let chart = browser.find("svg.chart[role=img]").await;
    assert!(chart.find("title").await.property("textContent").await.as_str().is_some_and(|t| !t.is_empty()));

    // Every menu entry, and the details behind the lists.
    for (href, name) in [
        ("/orders", "orders"),
        ("/products", "products"),
        ("/employees", "employees"),
        ("/transactions", "transactions"),
        ("/branches", "branches"),
        ("/subscription", "subscription"),
        ("/payment-settings", "payment-settings"),
        ("/profile", "profile"),
        ("/", "dashboard-again"),
    ] {
        open_menu_entry(&browser, href).await;
        browser.wait_for("main h1", WAIT).await;
        shot(&browser, name).await;
        let detail = match href {
            "/orders" => Some("tr[data-order] a"),
            "/employees" => Some("a[data-employee]"),
            "/transactions" => Some("tr[data-payment] a"),
            _ => None,
        };
        if let Some(css) = detail {
            browser.find(css).await.click().await;
            browser.wait_for("main h1", WAIT).await;
            let path = browser.path().await;
            assert!(path.starts_with(&format!("{href}/")), "{path}");
            shot(&browser, &format!("{name}-detail")).await;
            browser.back().await;
            browser.wait_for_path(href, WAIT).await;
        }
    }

    // The branch selector filters every page and is remembered.
    browser.goto(&stack.cloud.url("/orders")).await;
    let rows = browser.find_all("tr[data-order]").await.len();
    assert!(rows > 0);
    browser
        .execute(
            "const s = document.querySelector('select[data-branch-select]'); \
             s.value = [...s.options].find(o => o.text === 'Yunusobod').value; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await;
    browser.wait_for("p.empty", WAIT).await;
    assert_eq!(browser.find_all("tr[data-order]").await.len(), 0, "the new branch has no orders");
    shot(&browser, "orders-other-branch").await;
    browser.goto(&stack.cloud.url("/transactions")).await;
    assert_eq!(browser.find("[data-count]").await.text().await, "0", "remembered on the next page");
    browser
        .execute(
            "const s = document.querySelector('select[data-branch-select]'); s.value = ''; s.dispatchEvent(new Event('change'));",
            vec![],
        )
        .await;
    browser.wait_until("return document.querySelector('[data-count]').textContent !== '0'", WAIT).await;

    // Languages: the switcher changes every label.
    browser.find("footer.lang button[data-lang=en]").await.click().await;
    browser.wait_for("html[lang=en]", WAIT).await;
    browser.wait_for_path("/transactions", WAIT).await;
    let h1 = browser.find("main h1").await.text().await;
    assert_eq!(h1, web::i18n::EN.chrome.nav_transactions);
    shot(&browser, "transactions-en").await;
    browser.find("footer.lang button[data-lang=ru]").await.click().await;
    browser.wait_for("html[lang=ru]", WAIT).await;
    browser.goto(&stack.cloud.url("/")).await;
    browser.wait_for("[data-kpi=revenue]", WAIT).await;
    shot(&browser, "dashboard-ru").await;

    // Sign out from the profile's red button.
    browser.goto(&stack.cloud.url("/profile")).await;
    browser.find("button[data-logout]").await.click().await;
    browser.wait_for_path("/login", WAIT).await;
    stack.hub.stop();
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop() {
    walk(Viewport::Desktop, 7201).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone() {
    walk(Viewport::Phone, 7202).await;
}
