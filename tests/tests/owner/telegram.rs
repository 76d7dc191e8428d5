//! The owner's Telegram (P14), on SQLite and PostgreSQL, against a real
//! cloud process and the Bot API simulator (`cloud::telegram::sim`):
//! - the bot is set up (webhook with its secret, the menu button opening
//!   `/tg`); the profile makes a one-time deep link; `/start <token>` links
//!   the account and the bot confirms in the owner's language; the token
//!   works once and not after it expires; a webhook call without the secret
//!   changes nothing, and an update delivered twice is answered once;
//! - the Web App: init data signed with the bot's token signs the linked
//!   owner in (the Web App's cookies, framing by Telegram only); altered,
//!   unsigned, another bot's, stale and replayed init data sign no one in;
//!   an unlinked account gets the page that tells how to link;
//! - Telegram's 429 is waited out; messages queued while the cloud is down
//!   reach the simulator exactly once after it restarts; in polling mode two
//!   instances on one database answer each update once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::{Duration, Instant};

use cloud::telegram::initdata::{self, TelegramUser};
use cloud::telegram::sim::{BotSim, SimUser};
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::{RU, UZ};

const TOKEN: &str = "7000000042:AAH-test-bot-token_abcdefghij";
const SECRET: &str = "hook-secret_0123456789";

async fn start_sim() -> (BotSim, String) {
    let sim = BotSim::new(TOKEN, "pos_test_bot");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let s = sim.clone();
    tokio::spawn(async move { cloud::telegram::sim::serve(listener, s, std::future::pending()).await });
    (sim, format!("http://{addr}"))
}

fn with_bot(cloud: &mut CloudProcess, api: &str, mode: &str) {
    cloud.set_env("CLOUD__TELEGRAM__MODE", mode);
    cloud.set_env("CLOUD__TELEGRAM__BOT_TOKEN", TOKEN);
    cloud.set_env("CLOUD__TELEGRAM__BOT_USERNAME", "pos_test_bot");
    cloud.set_env("CLOUD__TELEGRAM__WEBHOOK_SECRET", SECRET);
    cloud.set_env("CLOUD__TELEGRAM__API_BASE_URL", api);
    cloud.set_env("CLOUD__TELEGRAM__EVERY_MS", "100");
    cloud.set_env("CLOUD__TELEGRAM__POLL_TIMEOUT_S", "1");
    cloud.set_env("CLOUD__METRICS_TOKEN", "scrape-tg-1");
}

fn user(id: i64, name: &str, lang: &str) -> SimUser {
    SimUser {
        id,
        first_name: name.into(),
        username: Some(format!("{}_tg", name.to_lowercase())),
        language_code: Some(lang.into()),
    }
}

/// Waits until `f` holds (or fails the test after `secs`).
async fn until(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn sent_to(sim: &BotSim, chat: i64) -> Vec<String> {
    sim.sent().into_iter().filter(|m| m.chat_id == chat).map(|m| m.text).collect()
}

/// The deep link's token from the profile page's link.
async fn make_link(portal: &Portal) -> String {
    let p = portal.post("/profile/telegram/link", &[]).await;
    assert_eq!(p.status, 200, "{p:?}");
    let href = p.attrs("href").into_iter().find(|h| h.starts_with("https://t.me/")).expect("a t.me link");
    let token = href.strip_prefix("https://t.me/pos_test_bot?start=").expect("the bot's deep link").to_owned();
    assert_eq!(token.len(), 43);
    token
}

/// A client without a cookie store: the Web App's cookies are `Secure`,
/// `SameSite=None`, `Partitioned`; the test carries them by hand, as the
/// framed page's browser does.
struct Frame {
    client: reqwest::Client,
    base: String,
    cookies: Vec<(String, String)>,
}

struct Answer {
    status: u16,
    location: Option<String>,
    body: String,
    headers: reqwest::header::HeaderMap,
}

impl Frame {
    fn new(base: &str) -> Frame {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Frame { client, base: base.to_owned(), cookies: Vec::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Answer {
        let r = req.header("cookie", self.cookie_header()).send().await.unwrap();
        let headers = r.headers().clone();
        for c in headers.get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()) {
            let (pair, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            assert!(
                attrs.contains("SameSite=None") && attrs.contains("Secure") && attrs.contains("Partitioned"),
                "a Web App cookie is SameSite=None; Secure; Partitioned: {c}"
            );
            self.cookies.retain(|(name, _)| name != k);
            if !v.is_empty() && !attrs.contains("Max-Age=0") {
                self.cookies.push((k.to_owned(), v.to_owned()));
            }
        }
        Answer {
            status: r.status().as_u16(),
            location: headers.get("location").and_then(|v| v.to_str().ok()).map(str::to_owned),
            body: r.text().await.unwrap(),
            headers,
        }
    }

    async fn get(&mut self, path: &str) -> Answer {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// Opens `/tg` and posts `init_data` as its script does.
    async fn sign_in(&mut self, init_data: &str) -> Answer {
        let entry = self.get("/tg").await;
        assert_eq!(entry.status, 200);
        let csrf = self.cookie("tgcsrf").unwrap_or_else(|| panic!("the Web App's csrf cookie: {:?}", entry.headers));
        let req = self
            .client
            .post(format!("{}/tg/signin", self.base))
            .form(&[("csrf", csrf.as_str()), ("init_data", init_data)]);
        self.send(req).await
    }

    /// A cookie by its plain name (the cloud sends `__Host-` names outside development mode).
    fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.iter().find(|(k, _)| k.strip_prefix("__Host-").unwrap_or(k) == name).map(|(_, v)| v.clone())
    }

    fn session(&self) -> Option<String> {
        self.cookie("tgsid")
    }
}

/// Whether a page shows `text` (HTML entities decoded as a browser does).
fn shows(body: &str, text: &str) -> bool {
    body.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .contains(text)
}

fn now_s() -> i64 {
    i64::try_from(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()).unwrap()
}

fn tg_user(id: i64) -> TelegramUser {
    TelegramUser { id, first_name: "Aziz".into(), username: Some("aziz_tg".into()), language_code: Some("uz".into()) }
}

async fn telegram(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let (sim, api) = start_sim().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    with_bot(&mut cloud, &api, "webhook");
    cloud.start().await;

    // The bot is set up: the webhook with its secret, the menu button.
    until("the webhook", 20, || sim.webhook().is_some()).await;
    let (hook, secret) = sim.webhook().unwrap();
    assert_eq!(hook, cloud.url("/telegram/webhook"));
    assert_eq!(secret.as_deref(), Some(SECRET));
    until("the menu button", 20, || sim.menu_button(None).is_some()).await;
    let menu = sim.menu_button(None).unwrap();
    assert_eq!(menu["type"], "web_app");
    assert_eq!(menu["web_app"]["url"], cloud.url("/tg"));

    let owner = Owner::numbered(9101);
    let portal = Portal::new(&cloud);
    portal.register(&sms, &owner).await;
    let profile = portal.get("/profile").await;
    assert!(profile.body.contains("data-telegram-make-link"), "not linked yet");

    // Linking: the token works once, for one account.
    let token = make_link(&portal).await;
    let aziz = user(555_000_111, "Aziz", "ru");
    sim.user_says(aziz.clone(), &format!("/start {token}"));
    until("the confirmation", 20, || !sent_to(&sim, aziz.id).is_empty()).await;
    let confirmation = &sent_to(&sim, aziz.id)[0];
    assert!(
        confirmation.contains(&owner.business),
        "in the owner's language (Uzbek), naming the business: {confirmation}"
    );
    assert!(confirmation.contains("ulandi"), "{confirmation}");
    let profile = portal.get("/profile").await;
    assert!(profile.shows("Aziz (@aziz_tg)"), "the profile shows the linked account");
    assert!(profile.body.contains("data-telegram-unlink"));
    let other = user(777_000_222, "Boris", "ru");
    sim.user_says(other.clone(), &format!("/start {token}"));
    until("the refusal", 20, || !sent_to(&sim, other.id).is_empty()).await;
    assert_eq!(sent_to(&sim, other.id), [RU.telegram.bot_link_bad], "a used token, in the writer's language");

    // An expired token links no one.
    let owner2 = Owner::numbered(9102);
    let portal2 = Portal::new(&cloud);
    portal2.register(&sms, &owner2).await;
    let late = make_link(&portal2).await;
    let test_db = db.open().await;
    sqlx::query("UPDATE telegram_link_tokens SET expires_at = 1 WHERE used_at IS NULL")
        .execute(&test_db.pool)
        .await
        .unwrap();
    sim.user_says(other.clone(), &format!("/start {late}"));
    until("the second refusal", 20, || sent_to(&sim, other.id).len() == 2).await;
    assert!(portal2.get("/profile").await.body.contains("data-telegram-make-link"), "still not linked");

    // The webhook: no secret, a wrong one → 401 and nothing handled; a
    // body that is no update is dropped; an update delivered twice is
    // answered once.
    let http = reqwest::Client::new();
    let update = serde_json::json!({"update_id": 990_001, "message": {"message_id": 1, "date": now_s(),
        "chat": {"id": aziz.id, "type": "private"}, "from": {"id": aziz.id, "is_bot": false, "first_name": "Aziz"}, "text": "salom"}});
    for header in [None, Some("wrong-secret")] {
        let mut req = http.post(cloud.url("/telegram/webhook")).json(&update);
        if let Some(h) = header {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", h);
        }
        assert_eq!(req.send().await.unwrap().status().as_u16(), 401);
    }
    let junk =
        http.post(cloud.url("/telegram/webhook")).header("X-Telegram-Bot-Api-Secret-Token", SECRET).body("{not json");
    assert_eq!(junk.send().await.unwrap().status().as_u16(), 200);
    for _ in 0..2 {
        let req =
            http.post(cloud.url("/telegram/webhook")).header("X-Telegram-Bot-Api-Secret-Token", SECRET).json(&update);
        assert_eq!(req.send().await.unwrap().status().as_u16(), 200);
    }
    until("the help answer", 20, || sent_to(&sim, aziz.id).len() == 2).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let to_aziz = sent_to(&sim, aziz.id);
    assert_eq!(to_aziz.len(), 2, "an update delivered twice is answered once: {to_aziz:?}");
    assert!(to_aziz[1].contains(&owner.business), "help for a linked owner names the business");

    // The Web App: framed by Telegram only.
    let mut frame = Frame::new(&cloud.base());
    let entry = frame.get("/tg").await;
    let csp = entry.headers.get("content-security-policy").unwrap().to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors https://web.telegram.org") && csp.contains("script-src 'self'"), "{csp}");
    assert!(entry.headers.get("x-frame-options").is_none());
    let plain = http.get(cloud.url("/login")).send().await.unwrap();
    let csp = plain.headers().get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "every other page still denies framing: {csp}");
    assert_eq!(plain.headers().get("x-frame-options").unwrap(), "DENY");

    // Refused init data signs no one in.
    let sessions = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&test_db.pool).await.unwrap();
        n
    };
    let sessions_before = sessions().await;
    let good = initdata::sign(TOKEN, &tg_user(aziz.id), now_s(), "AAQ1");
    let tampered = good.replace("555000111", "555000112");
    let unsigned: String = good.split('&').filter(|p| !p.starts_with("hash=")).collect::<Vec<_>>().join("&");
    let other_bot = initdata::sign("7000000099:another-bot-token", &tg_user(aziz.id), now_s(), "AAQ2");
    let stale = initdata::sign(TOKEN, &tg_user(aziz.id), now_s() - initdata::MAX_AGE_S - 5, "AAQ3");
    for (what, data) in [("altered", &tampered), ("no hash", &unsigned), ("another bot", &other_bot), ("stale", &stale)]
    {
        let mut f = Frame::new(&cloud.base());
        let a = f.sign_in(data).await;
        assert_eq!(a.status, 403, "{what}");
        assert!(shows(&a.body, UZ.telegram.refused_title), "{what}");
        assert!(f.session().is_none(), "{what}: no session");
    }
    // Without the CSRF token: refused before anything.
    let no_csrf = http.post(cloud.url("/tg/signin")).form(&[("init_data", good.as_str())]).send().await.unwrap();
    assert_eq!(no_csrf.status().as_u16(), 403);
    assert_eq!(sessions().await, sessions_before, "no refused sign-in made a session");

    // Good init data signs the linked owner in, once.
    let a = frame.sign_in(&good).await;
    assert_eq!((a.status, a.location.as_deref()), (303, Some("/")), "{}", a.body);
    assert!(frame.session().is_some());
    let dash = frame.get("/").await;
    assert_eq!(dash.status, 200);
    assert!(dash.body.contains(&owner.business) && dash.body.contains("data-webapp"), "the dashboard, as a Web App");
    let csp = dash.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("frame-ancestors https://web.telegram.org"), "{csp}");
    // Forms keep their CSRF check inside the Web App.
    let csrf = frame.cookie("tgcsrf").unwrap();
    let branch = frame
        .send(frame.client.post(cloud.url("/branches")).form(&[
            ("name", "Chilonzor"),
            ("address", "Toshkent"),
            ("phone", ""),
        ]))
        .await;
    assert_eq!(branch.status, 403, "no token, no change");
    let branch = frame
        .send(frame.client.post(cloud.url("/branches")).form(&[
            ("csrf", csrf.as_str()),
            ("name", "Chilonzor"),
            ("address", "Toshkent"),
            ("phone", ""),
        ]))
        .await;
    assert_eq!(branch.status, 303, "a form inside the Web App works: {}", branch.body);
    // The same launch reloading /tg keeps its session; anyone else replaying it gets nothing.
    let again = frame.sign_in(&good).await;
    assert_eq!((again.status, again.location.as_deref()), (303, Some("/")));
    let mut thief = Frame::new(&cloud.base());
    let replay = thief.sign_in(&good).await;
    assert_eq!(replay.status, 403, "replayed init data");
    assert!(thief.session().is_none());
    let metrics =
        http.get(cloud.url("/metrics")).bearer_auth("scrape-tg-1").send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("cloud_telegram_signins_total{outcome=\"replayed\"} 1"), "{metrics}");

    // An unlinked Telegram account: how to link.
    let mut stranger = Frame::new(&cloud.base());
    let a = stranger.sign_in(&initdata::sign(TOKEN, &tg_user(999_000_333), now_s(), "AAQ4")).await;
    assert_eq!(a.status, 200);
    assert!(shows(&a.body, UZ.telegram.not_linked_title) && a.body.contains("@pos_test_bot"));
    assert!(stranger.session().is_none());

    // Telegram's 429: waited out, sent once.
    sim.throttle_next(1, 2);
    let before = sent_to(&sim, aziz.id).len();
    let asked = Instant::now();
    sim.user_says(aziz.clone(), "/help");
    until("the answer after the 429", 30, || sent_to(&sim, aziz.id).len() == before + 1).await;
    assert!(asked.elapsed() >= Duration::from_secs(2), "retry_after respected");

    // Messages for a cloud that is down: exactly once after its restart.
    cloud.stop();
    let before = sent_to(&sim, aziz.id).len();
    for text in ["bir", "ikki", "uch"] {
        sim.user_says(aziz.clone(), text);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    cloud.start().await;
    until("three answers", 40, || sent_to(&sim, aziz.id).len() >= before + 3).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(sent_to(&sim, aziz.id).len(), before + 3, "each update answered once across the restart");

    // Unlinking: the bot says goodbye; the Web App no longer signs in.
    let p = portal.post("/profile/telegram/unlink", &[]).await;
    assert_eq!(p.location.as_deref(), Some("/profile?telegram=unlinked"));
    assert!(portal.get("/profile?telegram=unlinked").await.shows(UZ.telegram.unlinked));
    until("the goodbye", 20, || sent_to(&sim, aziz.id).len() == before + 4).await;
    let ended = frame.get("/").await;
    assert_eq!(ended.location.as_deref(), Some("/tg"), "the session Telegram signed in ended with the link");
    assert_eq!(portal.get("/profile").await.status, 200, "the password session goes on");
    let mut after = Frame::new(&cloud.base());
    let a = after.sign_in(&initdata::sign(TOKEN, &tg_user(aziz.id), now_s(), "AAQ5")).await;
    assert!(shows(&a.body, UZ.telegram.not_linked_title));
}

on_both_databases!(telegram);

/// Polling: two instances on one database, one poller at a time; every
/// update is answered once. Both hold the bot token sealed by `cloud seal`.
async fn telegram_polling(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let (sim, api) = start_sim().await;
    let mut a = CloudProcess::new(&dir.path().join("a"), &db, &sms);
    with_bot(&mut a, &api, "polling");
    a.set_env("CLOUD__SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    let mut seal = a.command(&["seal", "telegram.bot_token"]);
    let mut child = seal.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), TOKEN.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let sealed = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(sealed.starts_with("v1.") && !sealed.contains("SECRET") && !sealed.contains(&TOKEN[11..]), "{sealed}");
    a.set_env("CLOUD__TELEGRAM__BOT_TOKEN", sealed.clone());
    a.start().await;
    let mut b = CloudProcess::new(&dir.path().join("b"), &db, &sms);
    with_bot(&mut b, &api, "polling");
    b.set_env("CLOUD__SECRET_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    b.set_env("CLOUD__TELEGRAM__BOT_TOKEN", sealed);
    b.start().await;
    until("the menu button", 20, || sim.menu_button(None).is_some()).await;
    assert!(sim.webhook().is_none(), "polling: no webhook");

    let owner = Owner::numbered(9103);
    let portal = Portal::new(&a);
    portal.register(&sms, &owner).await;
    let token = make_link(&portal).await;
    let aziz = user(555_000_444, "Aziz", "uz");
    sim.user_says(aziz.clone(), &format!("/start {token}"));
    for i in 0..8 {
        sim.user_says(aziz.clone(), &format!("savol {i}"));
    }
    until("nine answers", 60, || sent_to(&sim, aziz.id).len() >= 9).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let answers = sent_to(&sim, aziz.id);
    assert_eq!(answers.len(), 9, "each update once across two instances: {answers:?}");
    assert!(answers.iter().all(|a| a.contains(&owner.business)), "linked first, then answered as linked: {answers:?}");
    assert!(Portal::new(&b).get("/profile").await.status == 303, "the other instance serves too (sign-in asked)");
}

on_both_databases!(telegram_polling);
