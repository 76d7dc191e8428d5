//! The bot speaks first, on SQLite and PostgreSQL, with a real hub selling
//! into a real cloud and the Bot API simulator: the daily summary's figures
//! are the dashboard's for the same day; each alert (terminal paired and
//! unpaired, hub offline, sync backlog, subscription ending and ended)
//! reaches the owner once however many rounds see it; a kind switched off
//! on the profile stays silent; a wrong form changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::{Duration, Instant};

use cloud::telegram::sim::{BotSim, SimUser};
use protocol::Timestamp;
use tests::RawTerminal;
use tests::cloud::{DbKind, Stack};
use tests::on_both_databases;
use web::format::{self, tashkent_day, tashkent_midnight};
use web::i18n::UZ;

const TOKEN: &str = "7000000044:AAH-notify-bot-token_abcdefg";
const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

async fn until(what: &str, secs: u64, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn texts(sim: &BotSim, chat: i64) -> Vec<String> {
    sim.sent().into_iter().filter(|m| m.chat_id == chat).map(|m| m.text).collect()
}

fn count(sim: &BotSim, chat: i64, part: &str) -> usize {
    texts(sim, chat).iter().filter(|t| t.contains(part)).count()
}

/// The text of the element after `marker`'s `inner` attribute.
fn text_after(body: &str, marker: &str, inner: &str) -> String {
    let rest = &body[body.find(marker).unwrap()..];
    let rest = &rest[rest.find(inner).unwrap() + inner.len()..];
    let start = rest.find('>').unwrap() + 1;
    rest[start..].split('<').next().unwrap().replace("&#39;", "'")
}

async fn telegram_notify(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 9301).await else { return };
    let sim = BotSim::new(TOKEN, "pos_notify_bot");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let api = format!("http://{}", listener.local_addr().unwrap());
    let s = sim.clone();
    tokio::spawn(async move { cloud::telegram::sim::serve(listener, s, std::future::pending()).await });
    stack.cloud.stop();
    for (k, v) in [
        ("CLOUD__TELEGRAM__MODE", "polling"),
        ("CLOUD__TELEGRAM__BOT_TOKEN", TOKEN),
        ("CLOUD__TELEGRAM__BOT_USERNAME", "pos_notify_bot"),
        ("CLOUD__TELEGRAM__API_BASE_URL", api.as_str()),
        ("CLOUD__TELEGRAM__EVERY_MS", "100"),
        ("CLOUD__TELEGRAM__POLL_TIMEOUT_S", "1"),
        ("CLOUD__TELEGRAM__NOTIFY_EVERY_MS", "200"),
    ] {
        stack.cloud.set_env(k, v);
    }
    stack.cloud.start().await;

    // Yesterday's sales and the same weekday's a week before, from a real hub.
    stack.hub.start().await;
    let creds = stack.hub.provision(1);
    let mut terminal = RawTerminal::connect(stack.hub.mqtt_port, &creds[0]).await;
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Cafe, "tg"));
    let mut flow = firmware_sim::Flow::new(branch, 5, false);
    for e in flow.catalog_events() {
        terminal.sell(&e).await;
    }
    let now = Timestamp::now().0;
    let yesterday = tashkent_day(now) - 1;
    for (day, n) in [(yesterday, 80_i64), (yesterday - 7, 50)] {
        let open = tashkent_midnight(day) + 9 * HOUR;
        for i in 0..n {
            terminal.sell(&flow.next_event(Timestamp(open + i * (11 * HOUR) / n))).await;
        }
    }
    stack.drained(Duration::from_secs(60)).await;

    // Link the owner's Telegram; the notifications' form.
    let p = stack.portal.post("/profile/telegram/link", &[]).await;
    let href = p.attrs("href").into_iter().find(|h| h.starts_with("https://t.me/")).unwrap();
    let token = href.rsplit_once("start=").unwrap().1.to_owned();
    let aziz = SimUser { id: 555_000_901, first_name: "Aziz".into(), username: None, language_code: Some("uz".into()) };
    sim.user_says(aziz.clone(), &format!("/start {token}"));
    until("the link", 30, || count(&sim, aziz.id, "ulandi") == 1).await;
    let profile = stack.portal.get("/profile").await;
    assert!(profile.body.contains("data-telegram-prefs") && profile.body.contains("value=\"09:00\""), "defaults");
    let bad = stack
        .portal
        .post("/profile/telegram/prefs", &[("summary", "on"), ("summary_time", "25:00"), ("offline_minutes", "5")])
        .await;
    assert_eq!(bad.location.as_deref(), Some("/profile?telegram=bad"));
    assert!(stack.portal.get("/profile").await.body.contains("value=\"09:00\""), "a wrong form saves nothing");
    let all_on = [
        ("summary", "on"),
        ("summary_time", "00:00"),
        ("hub_offline", "on"),
        ("offline_minutes", "5"),
        ("backlog", "on"),
        ("subscription", "on"),
        ("terminals", "on"),
    ];
    let saved = stack.portal.post("/profile/telegram/prefs", &all_on).await;
    assert_eq!(saved.location.as_deref(), Some("/profile?telegram=saved"));

    // The summary: the dashboard's figures for yesterday.
    let title = format!("{}: {} kungi hisobot", stack.owner.business, format::date(yesterday));
    until("the summary", 30, || count(&sim, aziz.id, &title) == 1).await;
    let summary = texts(&sim, aziz.id).into_iter().find(|t| t.contains(&title)).unwrap();
    let iso = format::iso_date(yesterday);
    let dash = stack.portal.get(&format!("/?from={iso}&to={iso}")).await;
    let revenue = text_after(&dash.body, "data-kpi=\"revenue\"", "data-value");
    let orders = text_after(&dash.body, "data-kpi=\"orders\"", "data-value");
    assert!(orders.parse::<i64>().unwrap() > 0, "yesterday has sales");
    assert!(summary.contains(&format!("Daromad: {revenue}")), "{summary} / {revenue}");
    assert!(summary.contains(&format!("Buyurtmalar: {orders}")), "{summary} / {orders}");
    let week = format::iso_date(yesterday - 7);
    let before = stack.portal.get(&format!("/?from={week}&to={week}")).await;
    let before_revenue = text_after(&before.body, "data-kpi=\"revenue\"", "data-value");
    assert!(summary.contains(&format!("O'tgan hafta shu kuni: {before_revenue}")), "{summary}");

    // A terminal paired after linking: told once; unpaired: told once.
    let second = stack.hub.provision(1);
    let mut t2 = RawTerminal::connect(stack.hub.mqtt_port, &second[0]).await;
    t2.sell(&flow.next_event(Timestamp::now())).await;
    let paired = "filialiga yangi terminal ulandi";
    until("the paired alert", 60, || count(&sim, aziz.id, paired) == 1).await;
    let id = second[0].terminal.to_string();
    let revoked = stack.portal.post(&format!("/terminals/{id}/revoke"), &[("confirm", "yes")]).await;
    assert_eq!(revoked.status, 303, "{revoked:?}");
    until("the unpaired alert", 30, || count(&sim, aziz.id, "filialidan terminal uzildi") == 1).await;

    // The hub silent for 20 minutes (its last call moved back), then calling
    // with its oldest event waiting half an hour.
    stack.hub.stop();
    let at = Timestamp::now().0;
    sqlx::query("UPDATE hubs SET last_sync_at = $1").bind(at - 20 * 60_000).execute(&stack.db.pool).await.unwrap();
    until("the offline alert", 30, || count(&sim, aziz.id, "aloqada emas (20 daqiqa)") == 1).await;
    sqlx::query("UPDATE hubs SET last_sync_at = $1, sync_lag_ms = $2, outbox_depth = 4321")
        .bind(at)
        .bind(30 * 60_000_i64)
        .execute(&stack.db.pool)
        .await
        .unwrap();
    until("the backlog alert", 30, || count(&sim, aziz.id, "4321 ta voqea") == 1).await;

    // The subscription three days from its end, then ended.
    sqlx::query("UPDATE subscriptions SET ends_at = $1")
        .bind(at + 2 * DAY + HOUR)
        .execute(&stack.db.pool)
        .await
        .unwrap();
    until("the ending alert", 30, || count(&sim, aziz.id, "3 kun qoldi") == 1).await;
    sqlx::query("UPDATE subscriptions SET ends_at = $1").bind(at - HOUR).execute(&stack.db.pool).await.unwrap();
    until("the ended alert", 30, || count(&sim, aziz.id, "obunasi") == 2).await;

    // Many rounds later, every alert once; a kind switched off says nothing.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent = texts(&sim, aziz.id);
    for part in [&title as &str, paired, "terminal uzildi", "aloqada emas", "4321 ta voqea", "3 kun qoldi", "tugadi"] {
        assert_eq!(sent.iter().filter(|t| t.contains(part)).count(), 1, "{part} once: {sent:#?}");
    }
    // The backlog drains (the episode ends), the kind is switched off, the
    // backlog grows again: silence; switched on again: a second episode.
    sqlx::query("UPDATE hubs SET sync_lag_ms = 0, last_sync_at = $1").bind(at).execute(&stack.db.pool).await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut quiet = all_on.to_vec();
    quiet.retain(|(k, _)| *k != "backlog");
    let saved = stack.portal.post("/profile/telegram/prefs", &quiet).await;
    assert_eq!(saved.location.as_deref(), Some("/profile?telegram=saved"));
    sqlx::query("UPDATE hubs SET sync_lag_ms = $1").bind(30 * 60_000_i64).execute(&stack.db.pool).await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(count(&sim, aziz.id, "4321 ta voqea"), 1, "switched off");
    let redone = stack.portal.post("/profile/telegram/prefs", &all_on).await;
    assert_eq!(redone.location.as_deref(), Some("/profile?telegram=saved"));
    until("the second backlog episode", 30, || count(&sim, aziz.id, "4321 ta voqea") == 2).await;
    assert!(UZ.telegram.alert_backlog.contains("{count} ta voqea"), "the test reads the Uzbek text");
}

on_both_databases!(telegram_notify);
