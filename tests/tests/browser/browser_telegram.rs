//! The portal as a Telegram Web App in a real browser: the simulator's
//! stand-in for Telegram's web client (`cloud::telegram::sim_web`, served
//! from `localhost`, another site than the cloud's `127.0.0.1`) frames
//! `/tg` with fresh init data, as web.telegram.org does. Inside the frame the
//! owner is signed in by the init data alone (the Web App's cookies are
//! third-party there: `SameSite=None; Partitioned`), the page takes
//! Telegram's night theme, walks to another page through the phone's drawer,
//! asks for Telegram's back button, and goes back when the client's button
//! is pressed. Screenshots go to `target/test-artifacts/screenshots/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::{Duration, Instant};

use cloud::telegram::initdata::TelegramUser;
use cloud::telegram::sim::{BotSim, SimUser};
use tests::browser::{Browser, Viewport, artifacts_dir};
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

const WAIT: Duration = Duration::from_secs(15);
const TOKEN: &str = "7000000043:AAH-browser-bot-token_abcdefgh";

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn portal_inside_telegram() {
    let Some(browser) = Browser::start(Viewport::Phone).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(DbKind::Sqlite, dir.path()).await.unwrap();
    let sms = Sms::start().await;
    let sim = BotSim::new(TOKEN, "pos_browser_bot");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let sim_port = listener.local_addr().unwrap().port();
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    let client_origin = format!("http://localhost:{sim_port}");
    cloud.set_env("CLOUD__TELEGRAM__MODE", "webhook");
    cloud.set_env("CLOUD__TELEGRAM__BOT_TOKEN", TOKEN);
    cloud.set_env("CLOUD__TELEGRAM__BOT_USERNAME", "pos_browser_bot");
    cloud.set_env("CLOUD__TELEGRAM__WEBHOOK_SECRET", "browser-hook-secret");
    cloud.set_env("CLOUD__TELEGRAM__API_BASE_URL", format!("http://127.0.0.1:{sim_port}"));
    cloud.set_env("CLOUD__TELEGRAM__EVERY_MS", "100");
    cloud.set_env("CLOUD__TELEGRAM__FRAME_ANCESTORS", format!("[\"https://web.telegram.org\",\"{client_origin}\"]"));
    let user =
        TelegramUser { id: 555_111_999, first_name: "Aziz".into(), username: None, language_code: Some("uz".into()) };
    let app = sim.router().merge(cloud::telegram::sim_web::router(sim.clone(), &cloud.url("/tg"), user.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await });
    cloud.start().await;

    let owner = Owner::numbered(9201);
    let portal = Portal::new(&cloud);
    portal.register(&sms, &owner).await;
    let p = portal.post("/profile/telegram/link", &[]).await;
    let href = p.attrs("href").into_iter().find(|h| h.starts_with("https://t.me/")).unwrap();
    let token = href.rsplit_once("start=").unwrap().1.to_owned();
    let deadline = Instant::now() + WAIT;
    while sim.webhook().is_none() {
        assert!(Instant::now() < deadline, "the bot set its webhook");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let said = SimUser { id: user.id, first_name: "Aziz".into(), username: None, language_code: Some("uz".into()) };
    sim.user_says(said, &format!("/start {token}"));
    while !sim.sent().iter().any(|m| m.chat_id == user.id) {
        assert!(Instant::now() < deadline + WAIT, "the bot confirmed the link");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Telegram's web client frames the Web App; the init data signs in.
    browser.goto(&format!("{client_origin}/web?theme=dark")).await;
    browser.wait_for("iframe#app", WAIT).await;
    browser.enter_frame("iframe#app").await;
    browser.wait_for("[data-kpi=revenue]", WAIT).await;
    assert_eq!(browser.execute("return location.pathname", vec![]).await, "/");
    let business = browser.find("header.bar .biz").await.text().await;
    assert_eq!(business, owner.business, "signed in as the linked owner");
    // Telegram's night theme: the page's colours are the client's.
    let dark = browser.execute("return document.body.classList.contains('tg-dark')", vec![]).await;
    assert_eq!(dark, true, "night theme");
    let bg = browser.execute("return getComputedStyle(document.body).backgroundColor", vec![]).await;
    assert_eq!(bg, "rgb(21, 30, 39)", "the page's background is the theme's secondary_bg_color");
    let shot = artifacts_dir().join("telegram-dashboard.png");
    browser.leave_frames().await;
    browser.screenshot(&shot).await;
    println!("screenshot {}", shot.display());
    let events = browser.find("#events").await.property("textContent").await;
    let events = events.as_str().unwrap_or("").to_owned();
    assert!(events.contains("web_app_ready"), "{events}");
    assert!(
        events.contains("web_app_setup_back_button {\"is_visible\":false}"),
        "no back button on the dashboard: {events}"
    );
    assert_eq!(browser.find("#back").await.attr("hidden").await.as_deref(), Some("true"));

    // Walk to the orders through the phone's drawer; Telegram's back button appears.
    browser.enter_frame("iframe#app").await;
    browser.find("button[data-menu]").await.click().await;
    browser.wait_until("return document.body.classList.contains('drawer-open')", WAIT).await;
    browser
        .wait_until("const r = document.querySelector('nav.side').getBoundingClientRect(); return r.x >= 0;", WAIT)
        .await;
    browser.find("nav.side a[href='/orders']").await.click().await;
    browser.wait_until("return location.pathname === '/orders' && document.readyState === 'complete'", WAIT).await;
    browser.leave_frames().await;
    browser.wait_until("return !document.getElementById('back').hidden", WAIT).await;
    let shot = artifacts_dir().join("telegram-orders.png");
    browser.screenshot(&shot).await;
    println!("screenshot {}", shot.display());

    // The client's back button takes the Web App back.
    browser.find("#back").await.click().await;
    browser.enter_frame("iframe#app").await;
    browser
        .wait_until("return location.pathname === '/' && !!document.querySelector('[data-kpi=revenue]')", WAIT)
        .await;
    browser.leave_frames().await;
    browser.wait_until("return document.getElementById('back').hidden", WAIT).await;

    // The Web App's session lives in the frame's partition only (CHIPS): the
    // portal opened at the top level is not signed in by it.
    browser.goto(&cloud.url("/orders")).await;
    browser.wait_for_path("/login", WAIT).await;

    // Init data in a link opened outside Telegram signs no one in (a login
    // CSRF would sign the browser into someone else's account).
    let now =
        i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()).unwrap();
    let data = cloud::telegram::initdata::sign(TOKEN, &user, now, "AAHlink");
    let fragment: String = url_encode(&data);
    browser.goto(&format!("{}#tgWebAppData={fragment}", cloud.url("/tg"))).await;
    browser.wait_until("return !document.querySelector('[data-webapp-outside]').hidden", WAIT).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(browser.path().await, "/tg", "nothing was posted");
    browser.goto(&cloud.url("/orders")).await;
    browser.wait_for_path("/login", WAIT).await;
    browser.quit().await;
}
