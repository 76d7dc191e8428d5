//! A courier company's client in a real browser (headless Chromium over
//! WebDriver), on a desktop and on a phone, against the real cloud process:
//! 1. a new shipment through `/cargo/{slug}/orders/new`: the districts follow
//!    the chosen region (the page's script), the price shows before creating
//!    and is the one stored, "Yaratish" lands on the shipment with its barcode;
//!    then paying for it: the shipment's "To'lash", the pay page with the
//!    amount due filled in and the captcha, the redirect to the Click
//!    simulator's page (allowed by the page's policy), back to the payments
//!    list with "paid", the receipt; a transfer recorded meanwhile shows on
//!    the open payments page without a reload (the live balance);
//! 2. a spreadsheet upload: the template through the page's link, a workbook
//!    with two good and two bad rows chosen in the page's file input, the
//!    preview naming each bad row's number, column and reason, the import
//!    (partly imported), the failed rows file fixed and uploaded again
//!    (imported), the orders list holding all of them;
//! 3. "Shaxsiy pochta": a row expands to its history, barcode and waybill
//!    picture, and its "file an appeal" link opens the form about it;
//! 4. public tracking at `/track`, signed out: the captcha read and solved,
//!    the statuses and offices shown, nobody's name or phone.
//!
//! Along the way it notes what a person could not see (a page scrolling
//! sideways, a preview's reason, a folder's status or a row's link cut off
//! by its table, the price box under the header bar, unstyled counts) and
//! fails at the end with the whole list, so one layout problem does not hide
//! the rest of the journey.
//!
//! Screenshots go to `target/test-artifacts/screenshots/cargo-*.png`.
//!
//! Skips (printing `SKIPPED`) without Chromium and chromedriver, unless
//! `REQUIRE_BROWSER=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use calamine::{Data, Reader as _, Xlsx};
use cloud::cargo::geo::Geo;
use cloud::db::Db;
use protocol::{Barcode, ParcelType};
use serde_json::json;
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cargo_cabinet::solve;
use tests::cargo_orders::{click_sim, client, courier, setup_click};
use tests::cloud::{CloudProcess, DbKind, Sms, TestDb};
use web::i18n::UZ;
use web::i18n::cargo::{Problem, ShipmentField as F};

/// Long enough for a slow CI machine; the waits poll and return at once.
const WAIT: Duration = Duration::from_secs(15);

/// The cabinet's slug.
const SLUG: &str = "bts";

/// The password [`client`] registers with.
const PASSWORD: &str = "Parol-2026";

/// Whitespace collapsed (the pages group digits with spaces a browser may
/// report as non-breaking ones).
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Saves what the viewport shows as `cargo-{name}-{viewport}.png`.
async fn shot(browser: &Browser, name: &str) {
    let path = artifacts_dir().join(format!("cargo-{name}-{}.png", browser.viewport().name()));
    let path = browser.screenshot(&path).await;
    assert!(std::fs::metadata(&path).unwrap().len() > 1000, "{} is a picture", path.display());
}

/// Scrolls the first element matching `css` to the middle of the viewport.
async fn show(browser: &Browser, css: &str) {
    let el = browser.find(css).await;
    browser.execute("arguments[0].scrollIntoView({ block: 'center' })", vec![el.to_arg()]).await;
}

/// What a person could not see, gathered along the way and asserted at the
/// end (so one layout problem does not hide the rest of the journey).
type Unseen = Vec<String>;

/// The page does not scroll sideways (a phone shows its whole width; wide
/// tables may scroll inside their own box).
async fn fits_the_width(browser: &Browser, what: &str, unseen: &mut Unseen) {
    let v = browser.execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![]).await;
    let (scroll, inner) = (v[0].as_f64().unwrap(), v[1].as_f64().unwrap());
    if scroll > inner + 1.0 {
        unseen.push(format!("{what}: the page is {scroll}px wide in a {inner}px viewport and scrolls sideways"));
    }
}

/// Whether a person sees the first element matching `css` once the page is
/// scrolled down to it, without scrolling anything sideways: its centre is
/// in the viewport and not clipped away by a scrolling box or covered.
async fn seen(browser: &Browser, css: &str, what: &str, unseen: &mut Unseen) {
    let why = browser
        .execute(
            "var e = document.querySelector(arguments[0]); if (!e) return 'missing'; \
             var r0 = e.getBoundingClientRect(); window.scrollBy(0, r0.top + r0.height / 2 - window.innerHeight / 2); \
             var r = e.getBoundingClientRect(); var x = r.left + r.width / 2, y = r.top + r.height / 2; \
             if (x < 0 || x > window.innerWidth || y < 0 || y > window.innerHeight) \
               return 'its centre is outside the ' + window.innerWidth + 'px wide viewport, at x=' + Math.round(x); \
             var h = document.elementFromPoint(x, y); \
             if (!h || !(h === e || e.contains(h))) \
               return 'it is clipped or covered: ' + (h ? h.tagName.toLowerCase() + '.' + h.className : 'nothing') + ' is at its centre, x=' + Math.round(x); \
             return '';",
            vec![json!(css)],
        )
        .await;
    let why = why.as_str().unwrap_or_default();
    if !why.is_empty() {
        unseen.push(format!("{what} ({css}): {why}"));
    }
}

/// Picks `value` in the form's `select[name=…]` as a person does (clicking
/// its option), which fires the select's `change`.
async fn choose(browser: &Browser, name: &str, value: &str) {
    browser.find(&format!("select[name={name}] option[value='{value}']")).await.click().await;
    let now = browser.find(&format!("select[name={name}]")).await.property("value").await;
    assert_eq!(now, json!(value), "{name} chosen");
}

/// Types `text` into the form's empty `input[name=…]`.
async fn fill(browser: &Browser, name: &str, text: &str) {
    let input = browser.find(&format!("form [name={name}]")).await;
    input.clear().await;
    input.send_keys(text).await;
}

/// The option values of `select[name=…]` (the empty "choose" first).
async fn options(browser: &Browser, name: &str) -> Vec<String> {
    let v = browser
        .execute(
            "return Array.from(document.querySelectorAll('select[name=' + arguments[0] + '] option')).map(o => o.value)",
            vec![json!(name)],
        )
        .await;
    v.as_array().unwrap().iter().map(|o| o.as_str().unwrap().to_owned()).collect()
}

/// The text of `css` once it stops changing (the price box is redrawn by
/// the page's script a moment after each input).
async fn settled_text(browser: &Browser, css: &str) -> String {
    let script = "var e = document.querySelector(arguments[0]); return e ? e.textContent : ''";
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    loop {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let now = browser.execute(script, vec![json!(css)]).await.as_str().unwrap_or_default().to_owned();
        if !now.is_empty() && now == last {
            return now;
        }
        assert!(Instant::now() < deadline, "{css} did not settle: {last:?} then {now:?}");
        last = now;
    }
}

/// `textContent` of the first element matching `css` (shown or not).
async fn content(browser: &Browser, css: &str) -> String {
    let v = browser
        .execute("var e = document.querySelector(arguments[0]); return e ? e.textContent : null", vec![json!(css)])
        .await;
    v.as_str().unwrap_or_else(|| panic!("no element matches {css:?}")).to_owned()
}

/// Fetches `href` with the browser's cookies (its session): status,
/// content type and body.
async fn fetch(browser: &Browser, cloud: &CloudProcess, href: &str) -> (u16, String, Vec<u8>) {
    let cookies: Vec<String> = browser.cookies().await.iter().map(|c| format!("{}={}", c.name, c.value)).collect();
    let url = if href.starts_with("http") { href.to_owned() } else { cloud.url(href) };
    let r = cloud.client().get(&url).header("cookie", cookies.join("; ")).send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

/// The first sheet of a workbook as text, row by row.
fn read_sheet(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    let mut book = Xlsx::new(Cursor::new(bytes)).expect("an xlsx workbook");
    let name = book.sheet_names().first().cloned().expect("a sheet");
    let range = book.worksheet_range(&name).unwrap();
    let text = |d: &Data| match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    };
    (name, range.rows().map(|r| r.iter().map(text).collect()).collect())
}

/// A one-sheet workbook of strings, `rows[0]` the header.
fn write_sheet(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A row under `header` with `cells` in their columns.
fn sheet_row(header: &[String], cells: &BTreeMap<F, String>) -> Vec<String> {
    header
        .iter()
        .map(|h| {
            cells.iter().find(|(f, _)| UZ.cargo.field(**f) == h.as_str()).map(|(_, v)| v.clone()).unwrap_or_default()
        })
        .collect()
}

/// The column of `field` under `header`.
fn column(header: &[String], field: F) -> usize {
    header.iter().position(|h| h == UZ.cargo.field(field)).unwrap_or_else(|| panic!("no {field:?} column: {header:?}"))
}

/// Chooses `file` in the upload page's file input and sends it; returns on
/// the preview.
async fn upload(browser: &Browser, cloud: &CloudProcess, file: &Path) {
    browser.goto(&cloud.url(&format!("/cargo/{SLUG}/orders/upload"))).await;
    let form = browser.wait_for("form[data-upload-form]", WAIT).await;
    form.find("input[type=file]").await.send_keys(&file.display().to_string()).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path(&format!("/cargo/{SLUG}/orders/upload/file"), WAIT).await;
    browser.wait_for("[data-upload]", WAIT).await;
}

/// The preview's counts: rows, valid, invalid.
async fn counts(browser: &Browser) -> (String, String, String) {
    let t = |css: &'static str| async move { browser.find(css).await.text().await };
    (
        t("[data-upload] [data-rows]").await,
        t("[data-upload] [data-valid]").await,
        t("[data-upload] [data-invalid]").await,
    )
}

/// Imports the previewed upload; returns its id from the folders page's address.
async fn import(browser: &Browser) -> String {
    browser.find("[data-import]").await.click().await;
    browser.wait_for_path(&format!("/cargo/{SLUG}/orders/folders"), WAIT).await;
    browser.wait_for("[data-folders]", WAIT).await;
    let url = reqwest::Url::parse(&browser.current_url().await).unwrap();
    let id = url.query_pairs().find(|(k, _)| k == "upload").map(|(_, v)| v.into_owned());
    id.unwrap_or_else(|| panic!("the folders page names the upload: {url}"))
}

/// A folder row's rows, imported, failed and status.
async fn folder(browser: &Browser, id: &str) -> (String, String, String, String) {
    let row = browser.find(&format!("tr[data-folder='{id}']")).await;
    (
        row.find("[data-rows]").await.text().await,
        row.find("[data-imported]").await.text().await,
        row.find("[data-failed]").await.text().await,
        row.find("[data-status]").await.attr("data-status").await.unwrap_or_default(),
    )
}

/// `District (Region)`, as the template's dropdown offers it.
fn district_label(geo: &Geo, district: &str) -> String {
    let d = geo.district(district).expect("a district");
    let r = geo.region(&d.region).expect("its region");
    format!("{} ({})", d.name(web::i18n::Lang::Uz), r.name(web::i18n::Lang::Uz))
}

/// A bank transfer of `amount` tiyin from the client with `phone`, as the
/// operators record it.
async fn transfer_in(db: &Db, business: &cloud::ids::BusinessId, phone: &str, amount: i64) {
    let id: String = sqlx::query_scalar("SELECT id FROM cargo_clients WHERE phone = $1 AND business_id = $2")
        .bind(phone)
        .bind(business.to_string())
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let client = cloud::ids::ClientId::parse(&id).unwrap();
    let mut tx = db.begin_write().await.unwrap();
    let row = cloud::cargo::ledger::Posting {
        business,
        client: &client,
        contract: None,
        mode: cloud::cargo::ledger::Mode::Live,
        kind: cloud::cargo::ledger::Kind::Payment,
        method: "transfer",
        amount,
        shipment: None,
        source_key: format!("test:transfer:{id}"),
        note: "PP-1",
        by: "test",
        at: cloud::db::now_ms(),
    };
    assert_eq!(cloud::cargo::ledger::post(&mut tx, &[row]).await.unwrap(), 1);
    tx.commit().await.unwrap();
}

async fn journey(viewport: Viewport, n: u32) {
    let Some(browser) = Browser::start(viewport).await else { return };
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(DbKind::Sqlite, dir.path()).await.unwrap();
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    let sim = click_sim(&mut cloud).await;
    cloud.start().await;
    let pool: Db = db.open().await;
    let bts = courier(&cloud, &pool, &sms, n, SLUG).await;
    setup_click(&cloud, &bts, SLUG, &sim).await;
    let base = bts.base.clone();
    let phone = format!("+99893{n:07}");
    client(&cloud, &sms, &bts, &phone, "Eshchanov Rasulbek").await;
    let geo = Geo::get(&pool).await.unwrap();
    let mut unseen = Unseen::new();

    // Sign in through the cabinet's form.
    browser.goto(&cloud.url(&format!("{base}/login"))).await;
    let form = browser.wait_for("main form", WAIT).await;
    form.find("input[name=phone]").await.send_keys(&phone).await;
    form.find("input[name=password]").await.send_keys(PASSWORD).await;
    form.find("button[type=submit]").await.click().await;
    browser.wait_for_path(&format!("{base}/profile"), WAIT).await;

    // ---- 1. A new shipment ------------------------------------------------
    browser.goto(&cloud.url(&format!("{base}/orders/new"))).await;
    browser.wait_for("form[data-shipment-form]", WAIT).await;
    browser.wait_until("return document.documentElement.classList.contains('js')", WAIT).await;
    assert!(
        !browser.find("[data-show-districts]").await.is_displayed().await,
        "with the script the districts follow the region: no \"show districts\" button"
    );
    assert_eq!(browser.find("input[name=sender_name]").await.property("value").await, json!("Eshchanov Rasulbek"));
    assert_eq!(browser.find("input[name=sender_phone]").await.property("value").await, json!(phone));
    assert!(browser.try_find("[data-price-total]").await.is_none(), "no price before the route and the weight");
    assert_eq!(options(&browser, "receiver_district").await, [""], "no district before a region");

    // The districts follow the region: Tashkent's, then Khorezm's instead.
    choose(&browser, "sender_region", "1726").await;
    browser
        .wait_until("return !!document.querySelector(\"select[name=sender_district] option[value='1726287']\")", WAIT)
        .await;
    choose(&browser, "sender_district", "1726287").await;
    choose(&browser, "receiver_region", "1726").await;
    browser
        .wait_until("return !!document.querySelector(\"select[name=receiver_district] option[value='1726287']\")", WAIT)
        .await;
    choose(&browser, "receiver_region", "1733").await;
    browser
        .wait_until(
            "var s = document.querySelector('select[name=receiver_district]'); \
             return !!s.querySelector(\"option[value='1733401']\") && !s.querySelector(\"option[value='1726287']\")",
            WAIT,
        )
        .await;
    let receiver_districts = options(&browser, "receiver_district").await;
    let khorezm: Vec<String> = geo.districts_of("1733").map(|d| d.soato.clone()).collect();
    assert_eq!(receiver_districts[1..], khorezm[..], "exactly Khorezm's districts, in order");
    let names = content(&browser, "select[name=receiver_district]").await;
    assert!(names.contains("Urganch shahri"), "named in Uzbek: {names}");
    assert!(options(&browser, "sender_district").await.contains(&"1726287".to_owned()), "the sender's list kept");
    choose(&browser, "receiver_district", "1733401").await;

    fill(&browser, "sender_address", "Shota Rustaveli 12").await;
    browser.find("input[name=pickup]").await.click().await;
    fill(&browser, "receiver_name", "Karimova Dilnoza").await;
    fill(&browser, "receiver_phone", "+998 91 444 55 66").await;
    fill(&browser, "receiver_address", "Al-Xorazmiy 5").await;
    choose(&browser, "parcel_type", ParcelType::Box.code()).await;
    fill(&browser, "weight_kg", "2,5").await;
    browser.find("input[name=photo_report]").await.click().await;
    fill(&browser, "cod_amount", "150000").await;

    // The price before creating, from the default tariff: Tashkent → Khorezm
    // is zone 2, 2.5 kg the 3 kg band (30 000), the courier 10 000, the door
    // 8 000, the photo report 3 000, 2 % of 150 000 cash on delivery 3 000.
    let shown = norm(&settled_text(&browser, "[data-price-total]").await);
    assert_eq!(shown, norm(&web::format::money(5_400_000)), "the total before creating");
    let price_box = norm(&content(&browser, "[data-price]").await);
    for line in [0, 2, 3, 4, 6] {
        let label = UZ.cargo.shipments.price_lines[line];
        assert!(price_box.contains(label), "the price shows {label:?}: {price_box}");
    }
    assert!(price_box.contains("2-zona"), "{price_box}");
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM cargo_shipments").fetch_one(&pool.pool).await.unwrap()
    };
    assert_eq!(count().await, 0, "quoting makes nothing");
    fits_the_width(&browser, "the new shipment form", &mut unseen).await;
    // At the "Yaratish" button the price box, where it is on screen, is not
    // under the cabinet's header bar.
    let covered = browser
        .execute(
            "var b = document.querySelector('[data-create]'); var r0 = b.getBoundingClientRect(); \
             window.scrollBy(0, r0.top + r0.height / 2 - window.innerHeight / 2); \
             var h = document.querySelector('[data-price] h2'); var r = h.getBoundingClientRect(); \
             if (r.bottom < 0 || r.top > window.innerHeight) return ''; \
             var x = r.left + Math.min(r.width, 20) / 2, y = r.top + 2; var at = document.elementFromPoint(x, y); \
             return at && (at === h || h.contains(at)) ? '' : (at ? at.tagName.toLowerCase() + '.' + at.className : 'nothing') + ' covers its top at y=' + Math.round(y);",
            vec![],
        )
        .await;
    if let Some(why) = covered.as_str().filter(|w| !w.is_empty()) {
        unseen.push(format!(
            "the new shipment form: the price box's heading ([data-price] h2), scrolled to Yaratish: {why}"
        ));
    }
    // In one column (a phone) the price comes before "Yaratish", so nobody
    // creates without having scrolled past it.
    if browser.viewport().name() == "phone" {
        let before = browser
            .execute(
                "return document.querySelector('[data-price]').getBoundingClientRect().bottom \
                 <= document.querySelector('[data-create]').getBoundingClientRect().top",
                vec![],
            )
            .await;
        if before != json!(true) {
            unseen.push("the new shipment form: on a phone the price box comes after Yaratish".into());
        }
    }
    shot(&browser, "order-new-at-create").await;
    show(&browser, "[data-price]").await;
    shot(&browser, "order-new").await;

    browser.find("[data-create]").await.click().await;
    let path = browser
        .wait_until(
            &format!(
                "var p = location.pathname; return p.startsWith('{base}/orders/') && p !== '{base}/orders/new' && document.readyState === 'complete' ? p : ''"
            ),
            WAIT,
        )
        .await;
    let id = path.as_str().unwrap().trim_start_matches(&format!("{base}/orders/")).to_owned();
    let (barcode, price): (String, i64) = sqlx::query_as("SELECT barcode, price FROM cargo_shipments WHERE id = $1")
        .bind(&id)
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    assert!(Barcode::parse(&barcode).is_ok(), "12 digits with a GS1 check digit: {barcode}");
    assert_eq!(norm(&web::format::money(price)), shown, "the stored price is the one shown before");
    let notice = browser.wait_for("[data-notice]", WAIT).await.text().await;
    assert!(notice.contains(&barcode), "the page says what was made: {notice}");
    assert!(browser.find("h1").await.text().await.contains(&barcode));
    assert_eq!(browser.find("figure[data-barcode-svg] figcaption").await.text().await, barcode);
    let facts = norm(&browser.find("[data-detail] .facts").await.text().await);
    assert!(facts.contains(&shown), "the price among the facts: {facts}");
    fits_the_width(&browser, "the shipment page", &mut unseen).await;
    shot(&browser, "order-created").await;

    // ---- 1b. Paying for it on the company's own Click service (C6) ----------
    browser.find("[data-pay-this]").await.click().await;
    browser.wait_for_path(&format!("{base}/pay"), WAIT).await;
    let form = browser.wait_for("form[data-pay-form]", WAIT).await;
    assert_eq!(form.find("input[name=barcode]").await.property("value").await, json!(barcode));
    let amount = form.find("input[name=amount]").await.property("value").await;
    assert_eq!(amount, json!((price / 100).to_string()), "the amount due filled in");
    let question = form.find("[data-captcha-question]").await.text().await;
    form.find("input[name=captcha_answer]").await.send_keys(&solve(&question)).await;
    fits_the_width(&browser, "the pay page", &mut unseen).await;
    shot(&browser, "pay").await;
    form.find("button[type=submit]").await.click().await;
    // The page's policy lets its form follow the redirect to Click's page.
    let click_page = sim.pay_url();
    browser
        .wait_until(
            &format!("return location.href.startsWith('{click_page}') && !!document.querySelector('[data-amount]')"),
            WAIT,
        )
        .await;
    browser.find("button[value=pay]").await.click().await;
    browser.wait_for_path(&format!("{base}/payments"), WAIT).await;
    let notice = browser.wait_for("[data-pay-notice]", WAIT).await;
    assert_eq!(notice.attr("data-pay-notice").await.as_deref(), Some("paid"));
    fits_the_width(&browser, "the payments list", &mut unseen).await;
    shot(&browser, "paid").await;
    // The balance is live (C11): money the operators record while the page
    // is open shows up on it within seconds, without a reload.
    assert_eq!(norm(&browser.find("[data-balance]").await.text().await), norm(&web::format::money(0)));
    browser.execute("window.stillHere = true", vec![]).await;
    transfer_in(&pool, &bts.business, &phone, 10_000_000).await;
    browser.wait_for("main[data-live-updated]", WAIT).await;
    assert_eq!(browser.execute("return window.stillHere === true", vec![]).await, json!(true), "not reloaded");
    assert_eq!(norm(&browser.find("[data-balance]").await.text().await), norm(&web::format::money(10_000_000)));
    assert_eq!(browser.find_all("[data-payment]").await.len(), 2, "the transfer is listed too");
    browser.find("tr[data-payment='1'] [data-receipt-link]").await.click().await;
    let receipt = browser.wait_for("[data-receipt]", WAIT).await;
    let text = norm(&receipt.text().await);
    assert!(text.contains(&barcode) && text.contains(&norm(&web::format::money(price))), "{text}");
    fits_the_width(&browser, "the receipt", &mut unseen).await;
    shot(&browser, "receipt").await;

    // ---- 2. A spreadsheet upload ------------------------------------------
    browser.goto(&cloud.url(&format!("{base}/orders/upload"))).await;
    let href = browser.wait_for("a[data-template]", WAIT).await.attr("href").await.expect("the template's link");
    let (status, ct, template) = fetch(&browser, &cloud, &href).await;
    assert_eq!(status, 200, "{href}");
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let (_, sheet) = read_sheet(&template);
    let header = sheet[0].clone();
    let expected: Vec<&str> = F::ALL.iter().map(|f| UZ.cargo.field(*f)).collect();
    assert_eq!(header, expected, "the template's headers in the user's language");
    assert_eq!(sheet.len(), 1, "the template has no rows");
    fits_the_width(&browser, "the upload page", &mut unseen).await;
    shot(&browser, "upload").await;

    let tashkent = geo.region("1726").unwrap().name(web::i18n::Lang::Uz).to_owned();
    let khorezm_name = geo.region("1733").unwrap().name(web::i18n::Lang::Uz).to_owned();
    let row = |receiver: &str, receiver_phone: &str, district: &str, weight: &str| {
        let cells: BTreeMap<F, String> = [
            (F::SenderName, "Eshchanov Rasulbek".to_owned()),
            (F::SenderPhone, phone.clone()),
            (F::SenderRegion, tashkent.clone()),
            (F::SenderDistrict, district_label(geo, "1726287")),
            (F::SenderAddress, "Shota Rustaveli 12".to_owned()),
            (F::ReceiverName, receiver.to_owned()),
            (F::ReceiverPhone, receiver_phone.to_owned()),
            (F::ReceiverRegion, khorezm_name.clone()),
            (F::ReceiverDistrict, district.to_owned()),
            (F::ReceiverAddress, "Mustaqillik 5".to_owned()),
            (F::Delivery, UZ.cargo.delivery_door.to_owned()),
            (F::ParcelType, UZ.cargo.parcel_type(ParcelType::Box).to_owned()),
            (F::Weight, weight.to_owned()),
        ]
        .into_iter()
        .collect();
        sheet_row(&header, &cells)
    };
    let urganch = district_label(geo, "1733401");
    // Rows 2 and 4 are good; row 3's phone is short, row 5's district is
    // Tashkent's under Khorezm.
    let rows = vec![
        header.clone(),
        row("Qabul qiluvchi 1", "+998911110001", &urganch, "1,5"),
        row("Qabul qiluvchi 2", "12345", &urganch, "2"),
        row("Qabul qiluvchi 3", "+998911110003", &urganch, "3"),
        row("Qabul qiluvchi 4", "+998911110004", "1726287", "4"),
    ];
    let file = dir.path().join("buyurtmalar.xlsx");
    std::fs::write(&file, write_sheet(&rows)).unwrap();
    upload(&browser, &cloud, &file).await;
    assert_eq!(counts(&browser).await, ("4".into(), "2".into(), "2".into()), "rows, valid, invalid");
    let bad = browser.find_all("table[data-bad-rows] tbody tr").await;
    assert_eq!(bad.len(), 2, "one problem in each bad row");
    for (tr, (number, field, problem)) in bad
        .iter()
        .zip([("3", F::ReceiverPhone, Problem::BadPhone), ("5", F::ReceiverDistrict, Problem::DistrictNotInRegion)])
    {
        let got = (tr.attr("data-row").await, tr.attr("data-field").await, tr.attr("data-problem").await);
        assert_eq!(
            got,
            (Some(number.to_owned()), Some(field.code().to_owned()), Some(problem.code().to_owned())),
            "row {number}"
        );
        let cells: Vec<String> = {
            let mut v = Vec::new();
            for td in tr.find_all("td").await {
                v.push(td.text().await);
            }
            v
        };
        assert_eq!(cells, [number, UZ.cargo.field(field), UZ.cargo.problem(problem)], "what a person reads");
    }
    // The good rows' price: 1.5 kg and 3 kg are both the 3 kg band of zone
    // 2 (30 000) with the door (8 000).
    let total = norm(&browser.find("[data-upload] [data-total]").await.text().await);
    assert_eq!(total, norm(&web::format::money(7_600_000)), "the good rows' price");
    assert_eq!(count().await, 1, "the preview makes nothing");
    fits_the_width(&browser, "the upload preview", &mut unseen).await;
    for n in [3, 5] {
        for (col, what) in [(1, "number"), (2, "column"), (3, "reason")] {
            let css = format!("table[data-bad-rows] tr[data-row='{n}'] td:nth-child({col})");
            seen(&browser, &css, &format!("the preview: row {n}'s {what}"), &mut unseen).await;
        }
    }
    // The counts are laid out, not the browser's bare list (each value
    // under its label, indented 40 px).
    let indent = browser
        .execute("return getComputedStyle(document.querySelector('[data-upload] dd')).marginInlineStart", vec![])
        .await;
    if indent == json!("40px") {
        unseen.push(
            "the preview's counts (dl.counts) have no style: each value sits under its label, indented 40 px".into(),
        );
    }
    show(&browser, "table[data-bad-rows]").await;
    shot(&browser, "upload-preview").await;

    let first = import(&browser).await;
    assert_eq!(
        folder(&browser, &first).await,
        ("4".into(), "2".into(), "2".into(), "partial".into()),
        "rows, imported, failed, status"
    );
    let status_label = browser.find(&format!("tr[data-folder='{first}'] [data-status]")).await.text().await;
    assert_eq!(status_label, UZ.cargo.uploads.statuses[3], "partly imported, in words");
    let notice = browser.find("[data-notice]").await.text().await;
    assert!(notice.contains('2'), "{notice}");
    assert_eq!(count().await, 3);
    let made: i64 = sqlx::query_scalar("SELECT SUM(price) FROM cargo_shipments WHERE upload_id = $1")
        .bind(&first)
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    assert_eq!(made, 7_600_000, "imported at the previewed price");
    fits_the_width(&browser, "the folders page", &mut unseen).await;
    for (css, what) in [("[data-status]", "status"), ("a[data-failed-file]", "failed rows link")] {
        let css = format!("tr[data-folder='{first}'] {css}");
        seen(&browser, &css, &format!("the folders page: the upload's {what}"), &mut unseen).await;
    }
    browser.execute("window.scrollTo(0, 0)", vec![]).await;
    shot(&browser, "upload-folders").await;

    // The failed rows, read, fixed and uploaded again through the page.
    let link = browser.find(&format!("tr[data-folder='{first}'] a[data-failed-file]")).await;
    let href = link.attr("href").await.expect("the failed rows file");
    let (status, ct, failed) = fetch(&browser, &cloud, &href).await;
    assert_eq!(status, 200, "{href}");
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let (_, mut failed_rows) = read_sheet(&failed);
    assert_eq!(failed_rows.len(), 3, "the header and the two bad rows: {failed_rows:?}");
    assert_eq!(failed_rows[0][..header.len()], header[..], "the template's columns, then the row and the errors");
    assert_eq!(failed_rows[0].len(), header.len() + 2);
    let (phone_col, district_col, name_col) =
        (column(&header, F::ReceiverPhone), column(&header, F::ReceiverDistrict), column(&header, F::ReceiverName));
    let (row_col, errors_col) = (header.len(), header.len() + 1);
    assert_eq!(failed_rows[1][row_col], "3");
    assert_eq!(failed_rows[1][name_col], "Qabul qiluvchi 2", "the values as read");
    assert_eq!(failed_rows[1][phone_col], "12345");
    assert!(failed_rows[1][errors_col].contains(UZ.cargo.problem(Problem::BadPhone)), "{:?}", failed_rows[1]);
    assert_eq!(failed_rows[2][row_col], "5");
    assert_eq!(failed_rows[2][district_col], "1726287");
    assert!(
        failed_rows[2][errors_col].contains(UZ.cargo.problem(Problem::DistrictNotInRegion)),
        "{:?}",
        failed_rows[2]
    );
    failed_rows[1][phone_col] = "+998911110002".into();
    failed_rows[2][district_col] = urganch.clone();
    let fixed = dir.path().join("tuzatilgan.xlsx");
    std::fs::write(&fixed, write_sheet(&failed_rows)).unwrap();
    upload(&browser, &cloud, &fixed).await;
    assert_eq!(counts(&browser).await, ("2".into(), "2".into(), "0".into()), "both rows fixed");
    // 2 kg: 30 000 + 8 000; 4 kg is the 5 kg band: 38 000 + 8 000.
    let total = norm(&browser.find("[data-upload] [data-total]").await.text().await);
    assert_eq!(total, norm(&web::format::money(8_400_000)));
    assert!(browser.try_find("table[data-bad-rows]").await.is_none(), "no problem listed");
    shot(&browser, "upload-fixed").await;
    let second = import(&browser).await;
    assert_ne!(first, second);
    assert_eq!(folder(&browser, &second).await, ("2".into(), "2".into(), "0".into(), "imported".into()));
    assert_eq!(folder(&browser, &first).await.3, "partial", "the first upload stays as it was");
    assert!(
        browser.try_find(&format!("tr[data-folder='{second}'] a[data-failed-file]")).await.is_none(),
        "no failed rows file for a whole import"
    );

    // The orders list holds all of them.
    browser.find("a[data-tab=orders]").await.click().await;
    browser.wait_for_path(&format!("{base}/orders"), WAIT).await;
    browser.wait_for("table[data-orders]", WAIT).await;
    let all: Vec<String> =
        sqlx::query_scalar("SELECT barcode FROM cargo_shipments ORDER BY barcode").fetch_all(&pool.pool).await.unwrap();
    assert_eq!(all.len(), 5, "the form's one and four uploaded");
    let mut listed = Vec::new();
    for tr in browser.find_all("table[data-orders] tbody tr[data-barcode]").await {
        listed.push(tr.attr("data-barcode").await.unwrap());
    }
    listed.sort();
    assert_eq!(listed, all);
    assert_eq!(browser.find("sup[data-total]").await.text().await, "5");
    let uploaded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cargo_shipments WHERE upload_id IN ($1, $2) AND receiver_name LIKE 'Qabul qiluvchi %'",
    )
    .bind(&first)
    .bind(&second)
    .fetch_one(&pool.pool)
    .await
    .unwrap();
    assert_eq!(uploaded, 4, "each uploaded row once, from its upload");
    fits_the_width(&browser, "the orders list", &mut unseen).await;
    shot(&browser, "orders-list").await;
    for (css, what) in [("[data-status]", "status"), ("td.actions a", "view link")] {
        let css = format!("tr[data-barcode='{barcode}'] {css}");
        seen(&browser, &css, &format!("the orders list: a row's {what}"), &mut unseen).await;
    }
    show(&browser, "table[data-orders]").await;
    shot(&browser, "orders-table").await;

    // ---- 3. "Shaxsiy pochta" ----------------------------------------------
    browser.goto(&cloud.url(&format!("{base}/personal"))).await;
    browser.wait_for("[data-mail]", WAIT).await;
    assert_eq!(browser.find_all("[data-mail] [data-barcode]").await.len(), 5, "every shipment the client sent");
    let row_css = format!("details.mail-row[data-barcode='{barcode}']");
    let row = browser.find(&row_css).await;
    assert_eq!(row.property("open").await, json!(false), "rows start folded");
    assert!(!browser.find(&format!("{row_css} [data-history]")).await.is_displayed().await);
    row.find("summary").await.click().await;
    browser.wait_until(&format!("return document.querySelector(\"{row_css}\").open"), WAIT).await;
    let history = browser.find(&format!("{row_css} [data-history]")).await;
    assert!(history.is_displayed().await, "the history shows when the row is open");
    let mut events = Vec::new();
    for li in history.find_all("li[data-event]").await {
        events.push((li.attr("data-event").await.unwrap(), li.text().await));
    }
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].0, "created");
    assert!(events[0].1.contains(UZ.cargo.shipments.ev_created), "{events:?}");
    assert_eq!(events[1].0, "pickup_requested");
    assert!(events[1].1.contains(UZ.cargo.shipments.ev_pickup), "{events:?}");
    let caption = browser.find(&format!("{row_css} figure[data-barcode-svg] figcaption")).await;
    assert_eq!(caption.text().await, barcode);
    // The pictures are drawn: the barcode and the waybill (inline SVG, as
    // the README says), each laid out with a real size.
    for what in ["figure[data-barcode-svg] svg", "figure[data-waybill-svg] svg"] {
        let size = browser
            .execute(
                "var s = document.querySelector(arguments[0]); if (!s) return null; \
                 var r = s.getBoundingClientRect(); var b = s.getBBox(); \
                 return [r.width, r.height, b.width, b.height, s.querySelectorAll('*').length]",
                vec![json!(format!("{row_css} {what}"))],
            )
            .await;
        let v: Vec<f64> =
            size.as_array().unwrap_or_else(|| panic!("no {what}")).iter().map(|x| x.as_f64().unwrap()).collect();
        assert!(v[0] > 50.0 && v[1] > 20.0 && v[2] > 0.0 && v[3] > 0.0 && v[4] > 10.0, "{what} is drawn: {v:?}");
    }
    // Any <img> in the row (none today) must have loaded.
    let broken = browser
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0] + ' img')).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)",
            vec![json!(row_css)],
        )
        .await;
    assert_eq!(broken, json!([]), "pictures that did not load");
    let title = content(&browser, &format!("{row_css} figure[data-waybill-svg] svg title")).await;
    assert!(title.contains(&barcode), "the waybill is this shipment's: {title}");
    fits_the_width(&browser, "Shaxsiy pochta", &mut unseen).await;
    show(&browser, &format!("{row_css} [data-history]")).await;
    shot(&browser, "personal-expanded").await;
    show(&browser, &format!("{row_css} figure[data-waybill-svg]")).await;
    shot(&browser, "personal-waybill").await;

    // "File an appeal" about it: the form with the shipment filled in.
    let appeal = browser.find(&format!("{row_css} a[data-appeal]")).await;
    assert_eq!(appeal.attr("href").await, Some(format!("{base}/appeals/new?shipment={id}")));
    appeal.click().await;
    browser.wait_for_path(&format!("{base}/appeals/new"), WAIT).await;
    let form = browser.wait_for("form[data-appeal-form]", WAIT).await;
    assert!(form.find("[data-appeal-shipment]").await.text().await.contains(&barcode));
    assert_eq!(form.find("input[name=shipment]").await.property("value").await, json!(id));
    assert_eq!(
        form.find("select[name=kind]").await.property("value").await,
        json!("claim"),
        "a claim about a shipment"
    );
    assert_eq!(form.find("input[name=name]").await.property("value").await, json!("Eshchanov Rasulbek"));
    assert!(!form.find("[data-captcha-question]").await.text().await.is_empty());
    fits_the_width(&browser, "the appeal form", &mut unseen).await;
    shot(&browser, "personal-appeal").await;

    // ---- 4. Public tracking, signed out -----------------------------------
    browser.delete_cookies().await;
    browser.goto(&cloud.url(&format!("{base}/personal"))).await;
    browser.wait_for_path(&format!("{base}/login"), WAIT).await;
    browser.goto(&cloud.url("/track")).await;
    let form = browser.wait_for("form[data-track-form]", WAIT).await;
    form.find("input[name=barcode]").await.send_keys(&barcode).await;
    let question = form.find("[data-captcha-question]").await.text().await;
    assert!(question.ends_with('='), "an arithmetic question: {question}");
    form.find("input[name=captcha_answer]").await.send_keys(&solve(&question)).await;
    fits_the_width(&browser, "the tracking form", &mut unseen).await;
    shot(&browser, "track-form").await;
    form.find("[data-track]").await.click().await;
    let result = browser.wait_for("[data-track-result]", WAIT).await;
    assert_eq!(result.attr("data-track-result").await, Some(barcode.clone()));
    assert_eq!(result.find("[data-status]").await.attr("data-status").await.as_deref(), Some("pickup_requested"));
    let mut events = Vec::new();
    for li in result.find_all("li[data-event]").await {
        events.push(li.attr("data-event").await.unwrap());
    }
    assert_eq!(events, ["created", "pickup_requested"]);
    assert_eq!(result.find("[data-from-office]").await.text().await, "YAKKASAROY");
    assert_eq!(result.find("[data-to-office]").await.text().await, "URGANCH");
    let page = browser.source().await;
    let spaced = format!("{} {} {} {}", &phone[4..6], &phone[6..9], &phone[9..11], &phone[11..13]);
    assert!(page.contains("BTS Express Cargo"), "the company's name");
    for private in [
        "Eshchanov",
        "Rasulbek",
        "Karimova",
        "Dilnoza",
        phone.as_str(),
        &phone[4..],
        spaced.as_str(),
        "+998914445566",
        "914445566",
        "91 444 55 66",
        "Shota Rustaveli",
        "Al-Xorazmiy",
    ] {
        assert!(!page.contains(private), "{private:?} must not be shown on the public page");
    }
    fits_the_width(&browser, "the tracking result", &mut unseen).await;
    shot(&browser, "track").await;

    println!("{} journey: {:.1} s", viewport.name(), started.elapsed().as_secs_f64());
    // Everything a person needs was on screen.
    assert!(unseen.is_empty(), "on the {} a person could not see:\n- {}", viewport.name(), unseen.join("\n- "));

    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn desktop() {
    journey(Viewport::Desktop, 8311).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone() {
    journey(Viewport::Phone, 8312).await;
}
