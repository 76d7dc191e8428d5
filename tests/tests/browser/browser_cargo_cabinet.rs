//! The cargo cabinet in a real browser (headless Chromium over WebDriver),
//! on a desktop and on a phone: sign in to a company's cabinet, upload a
//! profile photo through the page's script, open the "+ Murojaat" popup,
//! answer its captcha and send; take another sum with the refresh link;
//! in "Biznes", choosing another contract or a month reloads the page at
//! once with the choice kept; the power of attorney's "+" and Enter (which
//! saves); test mode's test order moved a status on.
//! Screenshots go to `target/test-artifacts/screenshots/cargo-*.png`.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use serde_json::json;
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cargo_cabinet::{company, png, register_client, solve};
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

/// Long enough for a slow CI machine; the waits poll and return at once.
const WAIT: Duration = Duration::from_secs(15);

async fn cabinet(viewport: Viewport, n: u32) {
    let Some(browser) = Browser::start(viewport).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(DbKind::Sqlite, dir.path()).await.unwrap();
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    company(&cloud, &sms, &pool, &Owner::numbered(n), "tez", "Tez Pochta").await;
    let phone = format!("+99893{:07}", n);
    register_client(&Portal::new(&cloud), &sms, "tez", &phone, "Zarina Usmonova", "zarina-parol-5").await;

    // Sign in through the cabinet's form.
    browser.goto(&cloud.url("/cargo/tez/profile")).await;
    browser.wait_for_path("/cargo/tez/login", WAIT).await;
    let form = browser.wait_for("main form", WAIT).await;
    form.find("input[name=phone]").await.send_keys(&phone).await;
    form.find("input[name=password]").await.send_keys("zarina-parol-5").await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path("/cargo/tez/profile", WAIT).await;
    browser.wait_for("[data-full-name]", WAIT).await;

    // On a phone the menu is a drawer behind the button.
    let menu = browser.find("nav.side a[href='/cargo/tez/appeals']").await;
    if viewport == Viewport::Phone {
        assert!(!menu.is_displayed().await || menu.rect().await.x < 0.0, "the drawer starts closed");
        browser.find("[data-menu]").await.click().await;
        browser.wait_until("return document.body.classList.contains('drawer-open')", WAIT).await;
        browser.wait_until("return document.querySelector('nav.side').getBoundingClientRect().left >= 0", WAIT).await;
        assert!(menu.is_displayed().await, "the menu is there when the drawer is open");
        // Escape closes it (the scrim beside it does too).
        browser.execute("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))", vec![]).await;
        browser.wait_until("return document.querySelector('nav.side').getBoundingClientRect().right <= 0", WAIT).await;
    }

    // The photo, through the page's script (multipart, CSRF in a header).
    let file = dir.path().join("me.png");
    std::fs::write(&file, png(400, 300)).unwrap();
    let photo_form = browser.wait_for("form[data-photo-form]", WAIT).await;
    photo_form.find("input[type=file]").await.send_keys(&file.display().to_string()).await;
    photo_form.find("button[type=submit]").await.click().await;
    let img = browser.wait_for("img[data-photo]", WAIT).await;
    browser
        .wait_until(
            "var i = document.querySelector('img[data-photo]'); return i.complete && i.naturalWidth === 256",
            WAIT,
        )
        .await;
    assert_eq!(img.attr("src").await.as_deref(), Some("/cargo/tez/profile/photo"));

    // A text file is refused with a message, on the page.
    let bad = dir.path().join("notes.txt");
    std::fs::write(&bad, "not a picture").unwrap();
    let photo_form = browser.find("form[data-photo-form]").await;
    photo_form.find("input[type=file]").await.send_keys(&bad.display().to_string()).await;
    photo_form.find("button[type=submit]").await.click().await;
    browser
        .wait_until(
            "var n = document.querySelector('[data-photo-note]'); return !n.hidden && n.textContent.length > 0",
            WAIT,
        )
        .await;
    assert_eq!(browser.find("[data-photo-note]").await.attr("data-error").await.as_deref(), Some("photo_type"));

    // Appeals: "+ Murojaat" opens the popup on the same page.
    browser.goto(&cloud.url("/cargo/tez/appeals")).await;
    browser.wait_for("[data-appeal-open]", WAIT).await.click().await;
    browser.wait_until("return document.getElementById('appeal-dialog').open", WAIT).await;
    assert_eq!(browser.path().await, "/cargo/tez/appeals", "no navigation: a popup");
    let dialog = browser.find("#appeal-dialog").await;
    assert_eq!(dialog.find("input[name=name]").await.property("value").await, json!("Zarina Usmonova"));
    browser.execute("document.querySelector('#appeal-dialog select[name=kind]').value = 'suggestion'", vec![]).await;
    dialog.find("textarea[name=body]").await.send_keys("Shanba kuni ham ishlasangiz yaxshi bo'lardi").await;
    let question = dialog.find("[data-captcha-question]").await.text().await;
    dialog.find("input[name=captcha_answer]").await.send_keys(&solve(&question)).await;
    let shot = browser.screenshot(artifacts_dir().join(format!("cargo-appeal-{}.png", viewport.name()))).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);
    dialog.find("[data-appeal-send]").await.click().await;
    browser.wait_for_path("/cargo/tez/appeals", WAIT).await;
    browser.wait_for("[data-notice]", WAIT).await;
    let row = browser.find("tr[data-appeal='1']").await;
    assert!(row.text().await.contains("Taklif"), "{}", row.text().await);

    // "Boshqa misol": another sum, on the form's own page (works without a script).
    browser.find("[data-appeal-open]").await.click().await;
    browser.wait_until("return document.getElementById('appeal-dialog').open", WAIT).await;
    let before = browser.find("#appeal-dialog input[name=captcha_token]").await.property("value").await;
    browser.find("#appeal-dialog [data-captcha-refresh]").await.click().await;
    browser.wait_for_path("/cargo/tez/appeals/new", WAIT).await;
    let after = browser.wait_for("input[name=captcha_token]", WAIT).await.property("value").await;
    assert_ne!(before, after, "a new question");
    // A wrong answer there: refused on the page, with yet another sum.
    let form = browser.find("form[data-appeal-form]").await;
    form.find("textarea[name=body]").await.send_keys("Savol").await;
    let question = form.find("[data-captcha-question]").await.text().await;
    let wrong = (solve(&question).parse::<u32>().unwrap() + 1).to_string();
    form.find("input[name=captcha_answer]").await.send_keys(&wrong).await;
    form.find("[data-appeal-send]").await.click().await;
    let alert = browser.wait_for("[data-error=captcha_wrong]", WAIT).await;
    assert!(!alert.text().await.is_empty());

    // "Biznes": choosing another contract, or a month, reloads at once.
    let (business, client): (String, String) =
        sqlx::query_as("SELECT business_id, id FROM cargo_clients WHERE phone = $1")
            .bind(&phone)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    let mut ids = Vec::new();
    for (number, office, manager) in [("T-1", "Chilonzor", "Sardor Aliyev"), ("T-2", "Urganch", "Gulnora Yusupova")] {
        let (branch, contract) = (cloud::ids::BranchId::new(), cloud::ids::ContractId::new());
        sqlx::query(
            "INSERT INTO branches (id, business_id, name, address, phone, created_at) VALUES ($1, $2, $3, '', '', 0)",
        )
        .bind(&branch)
        .bind(&business)
        .bind(office)
        .execute(&pool.pool)
        .await
        .unwrap();
        let company = cloud::ids::BusinessId::parse(&business).unwrap();
        let (region, district) = if office == "Urganch" { ("1733", "1733401") } else { ("1726", "1726294") };
        cloud::cargo::offices::add_office(&pool, &company, &branch, &office.to_uppercase(), region, district)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO cargo_contracts (id, business_id, client_id, office_id, number, signed_on, manager_name, \
             manager_phone, created_at) VALUES ($1, $2, $3, $4, $5, '2026-01-05', $6, '+998935550011', 0)",
        )
        .bind(&contract)
        .bind(&business)
        .bind(&client)
        .bind(&branch)
        .bind(number)
        .bind(manager)
        .execute(&pool.pool)
        .await
        .unwrap();
        ids.push(contract.to_string());
    }
    browser.goto(&cloud.url("/cargo/tez/business")).await;
    assert_eq!(browser.wait_for("[data-manager-name]", WAIT).await.text().await, "Sardor Aliyev");
    let choose = |name: &str, value: &str| {
        format!(
            "var s = document.querySelector('select[name={name}]'); s.value = '{value}'; \
             s.dispatchEvent(new Event('change', {{ bubbles: true }}))"
        )
    };
    browser.execute(&choose("contract", &ids[1]), vec![]).await;
    browser.wait_until(&format!("return location.search.indexOf('contract={}') >= 0", ids[1]), WAIT).await;
    assert_eq!(browser.wait_for("[data-manager-name]", WAIT).await.text().await, "Gulnora Yusupova");
    browser.execute(&choose("month", "3"), vec![]).await;
    browser.wait_until("return location.search.indexOf('month=3') >= 0", WAIT).await;
    let month = browser.wait_for("select[name=month]", WAIT).await.property("value").await;
    assert_eq!(month, json!("3"), "the month stays chosen after the reload");
    browser.screenshot(artifacts_dir().join(format!("cargo-business-{}.png", viewport.name()))).await;

    // The power of attorney: "+" adds a row (a round trip, no script), Enter
    // in a field saves (the form's default button is "Save", not "+").
    browser.find("[data-contract-attorney]").await.click().await;
    browser.wait_for("[data-attorney-rows]", WAIT).await;
    browser.find("[name=phone_0]").await.send_keys("+998901234567").await;
    browser.find("[name=first_name_0]").await.send_keys("Dilnoza").await;
    browser.find("[name=last_name_0]").await.send_keys("Karimova").await;
    browser.find("[data-row='0'] [data-add]").await.click().await;
    browser.wait_for("[name=phone_1]", WAIT).await;
    let kept = browser.find("[name=first_name_0]").await.property("value").await;
    assert_eq!(kept, json!("Dilnoza"), "the typed row comes back");
    browser.find("[name=phone_1]").await.send_keys("93 555 44 33").await;
    browser.find("[name=first_name_1]").await.send_keys("G'ayrat").await;
    browser.find("[name=last_name_1]").await.send_keys("O'roqov\n").await;
    browser.wait_for("[data-attorney] [data-notice]", WAIT).await;
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_attorneys").fetch_one(&pool.pool).await.unwrap();
    assert_eq!(saved, 2, "Enter saved both rows");
    browser.screenshot(artifacts_dir().join(format!("cargo-attorney-{}.png", viewport.name()))).await;

    // Test mode: a test order, moved a status on, under the banner.
    let geo = cloud::cargo::geo::Geo::get(&pool).await.unwrap();
    let codes: Vec<&str> = geo.regions().iter().map(|r| r.soato.as_str()).collect();
    let company = cloud::ids::BusinessId::parse(&business).unwrap();
    pool.set_cargo_tariff(&company, &cloud::cargo::pricing::default_tariff(&codes), 0).await.unwrap();
    browser.find("[data-back]").await.click().await;
    browser.wait_for("[data-test-switch]", WAIT).await.click().await;
    browser.wait_for("[data-test-banner]", WAIT).await;
    browser.find("[data-test-new]").await.click().await;
    browser.wait_for("[data-sandbox-shipment] [data-advance]", WAIT).await.click().await;
    browser.wait_for("[data-sandbox-shipment] [data-status=accepted]", WAIT).await;
    browser.screenshot(artifacts_dir().join(format!("cargo-test-mode-{}.png", viewport.name()))).await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop() {
    cabinet(Viewport::Desktop, 8301).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone() {
    cabinet(Viewport::Phone, 8302).await;
}
