//! The README's run command (`demo`), as a newcomer meets it: on a fresh data
//! directory it gets ready (the time is printed; the README gives the
//! figure) and the portal's dashboard for the
//! last 30 days holds at least 1 000 orders across the three branches, with a
//! change against the 30 days before; a second start reuses the data (no
//! second history, no duplicate branches, its hubs follow the cloud to a new
//! port) and the live terminals keep selling.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::process::Stdio;
use std::time::{Duration, Instant};

use tests::binary;
use tests::cloud::{Page, Portal};
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, Command};

/// What the demo printed up to "ready".
struct Started {
    child: Child,
    portal: String,
    phone: String,
    password: String,
    history_built: bool,
    seconds: f64,
    /// The courier company's cabinet sign-in page and its demo client's login.
    cabinet: String,
    cargo_phone: String,
    cargo_password: String,
    /// The simulated Telegram web client and the Bot API simulator.
    telegram_web: String,
    bot_api: String,
}

async fn start(dir: &std::path::Path) -> Started {
    let began = Instant::now();
    let mut child = Command::new(binary("demo"))
        .args(["--dir", dir.to_str().unwrap(), "--rate", "2"])
        .env("CLOUD__LISTEN", "127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut portal, mut phone, mut password, mut history_built) = (None, None, None, false);
    let (mut cabinet, mut cargo_phone, mut cargo_password) = (None, None, None);
    let (mut telegram_web, mut bot_api) = (None, None);
    // A guard against a hang, not a speed target (the demo is ready in
    // seconds; the README gives the measured figure).
    let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
    loop {
        let line = tokio::time::timeout_at(deadline, lines.next_line())
            .await
            .expect("the demo never said it was ready")
            .unwrap()
            .expect("the demo stopped before it was ready");
        println!("demo: {line}");
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["owner", "portal", url, ..] => portal = Some(url.trim_end_matches('/').to_owned()),
            ["demo", "login", "phone", p, "password", pw, ..] => {
                phone = Some((*p).to_owned());
                password = Some((*pw).to_owned());
            }
            ["courier", url, ..] => cabinet = Some((*url).to_owned()),
            ["cargo", "login", "phone", p, "password", pw, ..] => {
                cargo_phone = Some((*p).to_owned());
                cargo_password = Some((*pw).to_owned());
            }
            ["telegram", url, ..] if url.starts_with("http") => {
                telegram_web = Some((*url).to_owned());
                bot_api = line.split("Bot API sim ").nth(1).and_then(|r| r.split(',').next()).map(str::to_owned);
            }
            ["history:", ..] if line.contains("ingested") => history_built = true,
            ["ready", ..] => break,
            _ => {}
        }
    }
    // Keep reading so the demo never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Started {
        child,
        portal: portal.expect("the portal's address"),
        phone: phone.expect("the demo phone"),
        password: password.expect("the demo password"),
        history_built,
        seconds: began.elapsed().as_secs_f64(),
        cabinet: cabinet.expect("the courier cabinet's address"),
        cargo_phone: cargo_phone.expect("the courier client's phone"),
        cargo_password: cargo_password.expect("the courier client's password"),
        telegram_web: telegram_web.expect("the Telegram web client's address"),
        bot_api: bot_api.expect("the Bot API simulator's address"),
    }
}

/// The demo owner's Telegram: linked (the bot said so), and the simulated
/// web client frames the portal's Web App entry with fresh init data.
async fn telegram(started: &Started) {
    let http = tests::cloud::http_client();
    let sent: serde_json::Value =
        http.get(format!("{}/sim/sent", started.bot_api)).send().await.unwrap().json().await.unwrap();
    let texts: Vec<&str> = sent.as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
    assert!(
        texts.iter().any(|t| t.contains("Nur Demo") && t.contains("ulandi")),
        "the bot confirmed the link: {texts:?}"
    );
    let page = http.get(&started.telegram_web).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("{}/tg#tgWebAppData=", started.portal)), "the client frames /tg");
    let entry = http.get(format!("{}/tg", started.portal)).send().await.unwrap();
    let csp = entry.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let client = started.telegram_web.trim_end_matches("/web");
    assert!(csp.contains(&format!("frame-ancestors https://web.telegram.org {client}")), "{csp}");
}

/// The dashboard's order count for the last 30 days (today included) and its change line.
async fn last_30_days(portal: &Portal) -> (u64, String, Page) {
    let today = web::format::tashkent_day(protocol::Timestamp::now().0);
    let path = format!("/?from={}&to={}", web::format::iso_date(today - 29), web::format::iso_date(today));
    let page = portal.get(&path).await;
    assert_eq!(page.status, 200, "{page:?}");
    let at = page.body.find("data-kpi=\"orders\"").expect("the orders KPI");
    let kpi = &page.body[at..];
    let value_at = kpi.find("data-value>").expect("its value") + "data-value>".len();
    let digits: String = kpi[value_at..].split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect();
    let change_at = kpi.find("data-change>").expect("its change") + "data-change>".len();
    let change = kpi[change_at..].split('<').next().unwrap().to_owned();
    (digits.parse().unwrap(), change, page)
}

async fn stop(mut child: Child) {
    if let Some(pid) = child.id() {
        let _ = std::process::Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    }
    if tokio::time::timeout(Duration::from_secs(20), child.wait()).await.is_err() {
        let _ = child.kill().await;
    }
}

/// The courier company: its cabinet answers, the printed client signs in
/// and sees shipments; the database holds them in many statuses, with
/// histories from desk scans.
async fn courier_company(started: &Started, data: &std::path::Path) {
    let path = started.cabinet.strip_prefix(&started.portal).expect("the cabinet on the portal's address");
    assert_eq!(path, "/cargo/bts/login");
    let cabinet = Portal::at(&started.portal);
    assert_eq!(cabinet.get(path).await.status, 200, "the cabinet's sign-in page");
    let signed_in = cabinet.post(path, &[("phone", &started.cargo_phone), ("password", &started.cargo_password)]).await;
    assert_eq!(signed_in.status, 303, "the printed cabinet login works: {signed_in:?}");
    let orders = cabinet.get("/cargo/bts/orders").await;
    assert_eq!(orders.status, 200, "{orders:?}");
    assert!(!orders.attrs("data-shipment").is_empty(), "the orders list shows shipments");
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", data.join("cloud").join("cloud.db").display());
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let statuses: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT s.status) FROM cargo_shipments s JOIN cargo_companies c ON c.business_id = s.business_id \
         WHERE c.slug = 'bts'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(statuses >= 8, "shipments in {statuses} distinct statuses");
    let scanned: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT barcode) FROM cargo_events WHERE terminal_id IS NOT NULL AND office_id IS NOT NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(scanned >= 200, "{scanned} shipments have desk scans in their history");
    // Money: charges for every shipment, cash on delivery collected by the
    // deliveries, two transfers, a payout, shipments paid in cash at the
    // desks and one paid through the company's own Click service; the pages
    // agree with the sum (of real money: test mode's sandbox rows are apart).
    let (sum, collected, payouts): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(SUM(amount) AS BIGINT), \
         CAST(SUM(CASE WHEN kind = 'cod_collected' THEN amount ELSE 0 END) AS BIGINT), \
         SUM(CASE WHEN kind = 'cod_payout' THEN 1 ELSE 0 END) FROM cargo_ledger WHERE mode = 'live'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(collected > 0, "deliveries collected cash on delivery");
    assert!((1..=2).contains(&payouts), "a payout per contract holding 100 000 so'm or more: {payouts}");
    // A business client: two contracts with managers; the shipments and the
    // payouts are on them; "Biznes" shows a contract's balance and orders,
    // its invoice is a PDF, and so is its power of attorney.
    let (contracts, managed): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), SUM(CASE WHEN manager_name <> '' THEN 1 ELSE 0 END) FROM cargo_contracts")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((contracts, managed), (2, 2), "two contracts, each with its manager");
    let (under, loose): (i64, i64) = sqlx::query_as(
        "SELECT SUM(CASE WHEN contract_id IS NOT NULL THEN 1 ELSE 0 END), \
         SUM(CASE WHEN contract_id IS NULL AND kind = 'cod_payout' THEN 1 ELSE 0 END) FROM cargo_ledger",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        under > 100 && loose == 0,
        "the client's money is on its contracts ({under} rows; {loose} payouts off them)"
    );
    let business = cabinet.get("/cargo/bts/business").await;
    assert_eq!(business.status, 200);
    assert!(business.attrs("data-shipment").len() > 10, "a contract's orders listed");
    assert!(business.body.contains("data-contract-balance"), "and its balance");
    let invoice = business
        .attrs("href")
        .into_iter()
        .find(|h| h.contains("/invoice.pdf?"))
        .expect("the contract's invoice")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let (status, pdf) = cabinet.get_bytes(&invoice).await;
    assert!(status == 200 && pdf.starts_with(b"%PDF"), "the invoice is a PDF: {status}");
    // The first contract's power of attorney: its rows, and its PDF.
    let attorney = cabinet.get("/cargo/bts/business/attorney").await;
    assert_eq!(attorney.status, 200);
    assert!(attorney.body.contains("value=\"+998935554433\""), "the demo's employees listed");
    let k = attorney.body.split("name=\"contract\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    let (status, pdf) = cabinet.get_bytes(&format!("/cargo/bts/attorney.pdf?contract={k}")).await;
    assert!(status == 200 && pdf.starts_with(b"%PDF"), "the power of attorney is a PDF: {status}");
    // Its online shop: the printed key reads the order it placed through the
    // API; the status changes the desks made reached its receiver, signed.
    // (The worker posts the history's changes a batch a second.)
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let api = cabinet.get("/cargo/bts/business/api").await;
        assert_eq!(api.status, 200);
        let states = api.attrs("data-state");
        assert!(!states.is_empty() && !states.iter().any(|s| s == "failed"), "the delivery log: {states:?}");
        if states.iter().all(|s| s == "delivered") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "the history's changes not all delivered: {states:?}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let key = std::fs::read_to_string(data.join("demo-shop-api-key.txt")).expect("the shop's key kept");
    let ordered: String =
        sqlx::query_scalar("SELECT barcode FROM cargo_shipments WHERE source = 'api'").fetch_one(&pool).await.unwrap();
    let r = tests::cloud::http_client()
        .get(format!("{}/api/cargo/v1/shipments/{ordered}", started.portal))
        .bearer_auth(key.trim())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "the printed key works");
    // Test mode: the shop's two test orders, one delivered, in the sandbox.
    let sandbox = cabinet.get("/cargo/bts/business/test").await;
    assert!(sandbox.body.contains("data-test-banner"), "marked as test mode");
    assert_eq!(sandbox.attrs("data-sandbox-shipment").len(), 2, "the shop's test orders");
    assert!(sandbox.attrs("data-status").contains(&"delivered".to_owned()));
    let (paid_rows, at_desks): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN source_key LIKE 'desk:%' AND method = 'cash' THEN 1 ELSE 0 END) \
         FROM cargo_ledger WHERE kind = 'payment'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(at_desks > 0, "shipments paid in cash at the offices' desks, through their hubs");
    let payments = cabinet.get("/cargo/bts/payments").await;
    let numbers = payments.attrs("data-payment");
    assert_eq!(numbers.first().cloned(), Some(paid_rows.to_string()), "every payment listed, numbered from the first");
    assert_eq!(numbers.len() as i64, paid_rows);
    assert!(payments.shows(">Click<"), "a shipment paid through the company's Click");
    assert!(payments.shows(">Naqd<"), "the desks' cash listed as such");
    assert!(payments.body.contains("data-payment-contract>BTS-2026/0"), "a payment shows its contract");
    let receipt: String = sqlx::query_scalar("SELECT id FROM cargo_ledger WHERE source_key LIKE 'click:%'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(payments.attrs("data-receipt-link").contains(&receipt), "the Click payment's receipt is linked");
    let r = cabinet.get(&format!("/cargo/bts/payments/{receipt}")).await;
    assert_eq!(r.status, 200, "{r:?}");
    let (click_id, click_amount): (i64, i64) =
        sqlx::query_as("SELECT t.click_trans_id, t.amount FROM cargo_click_transactions t WHERE t.state = 'completed'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(r.shows(&click_id.to_string()) && r.shows(&web::format::money(click_amount)), "{}", r.body);
    let balance = payments.text_of("data-balance>").unwrap().replace("&#39;", "'");
    assert_eq!(balance, web::format::money(sum), "the page's balance is the ledger's sum");
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shows_the_product() {
    cloud::install_crypto_provider();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("demo");

    // The cloud on a port of its own each time: the demo's hubs follow it.
    let first = start(&data).await;
    println!("first start ready in {:.1} s", first.seconds);
    assert!(first.history_built, "a fresh data directory gets its history");
    let portal = Portal::at(&first.portal);
    let signed_in = portal.post("/login", &[("phone", &first.phone), ("password", &first.password)]).await;
    assert_eq!(signed_in.status, 303, "the printed login works: {signed_in:?}");
    let (orders, change, page) = last_30_days(&portal).await;
    assert!(orders >= 1_000, "last 30 days hold {orders} orders");
    assert!(change.contains('%'), "a change against the previous 30 days: {change:?}");
    for branch in ["Nur Kafe", "Nur Restoran", "Nur Market"] {
        assert!(page.body.contains(branch), "the selector offers {branch}");
    }
    let branches = portal.get("/branches").await;
    assert_eq!(branches.attrs("data-branch").len(), 3, "three branch cards");
    courier_company(&first, &data).await;
    telegram(&first).await;
    stop(first.child).await;

    let second = start(&data).await;
    assert!(!second.history_built, "a second start reuses the history");
    let portal = Portal::at(&second.portal);
    assert_eq!(portal.post("/login", &[("phone", &second.phone), ("password", &second.password)]).await.status, 303);
    let (again, _, _) = last_30_days(&portal).await;
    assert!(again >= orders, "nothing lost: {again} < {orders}");
    assert!(again < orders + 500, "no second history: {orders} then {again}");
    assert_eq!(portal.get("/branches").await.attrs("data-branch").len(), 3, "no duplicate branches");
    // The live terminals sell: new orders reach the dashboard.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (now, _, _) = last_30_days(&portal).await;
        if now > again {
            break;
        }
        assert!(Instant::now() < deadline, "no live order reached the dashboard within a minute");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    stop(second.child).await;
}
