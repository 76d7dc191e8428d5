//! The bot's background job, one per cloud process:
//! - setup, retried until it works: the webhook (`setWebhook` with the
//!   secret token) or, when polling, `deleteWebhook`; the menu button that
//!   opens the Web App (`setChatMenuButton`);
//! - polling (`telegram.mode = polling`): one instance at a time holds the
//!   `poller` lease and long-polls `getUpdates` (its offset in memory, the
//!   handled updates in SQL);
//! - the summary and alerts ([`super::notify`]), one instance at a time
//!   under the `notifier` lease;
//! - the outbox: every message is a row written before it is sent; due rows
//!   are leased, sent one by one, and finished as sent, retried (Telegram's
//!   429 `retry_after` pauses every send of this process that long), failed
//!   (blocked, chat gone), or unsure: a call that may have reached Telegram
//!   without an answer is never repeated, so no message goes twice, across
//!   restarts and instances alike.

use std::time::Duration;

use tokio::sync::watch;
use tracing::{info, warn};

use super::bot::{BotClient, BotError};
use super::store::{self, Outcome};
use super::{Mode, TelegramError};
use crate::db::now_ms;
use crate::http::AppState;

/// Rows taken per round.
const BATCH: i64 = 20;
/// How long a taken row is this process's (a call's timeout is far shorter).
const LEASE_MS: i64 = 120_000;
/// The poller's lease, renewed before each call.
const POLL_LEASE_MS: i64 = 90_000;
/// First pause after a failed send that Telegram did not date, ms; doubles.
const RETRY_BASE_MS: i64 = 2_000;
/// Attempts before a message that keeps failing is given up.
const MAX_ATTEMPTS: i64 = 12;

/// Runs until `stop`; returns at once when no bot is configured.
pub async fn run(state: AppState, stop: watch::Receiver<bool>) {
    if state.settings.telegram.mode == Mode::Webhook && state.settings.telegram.webhook_secret.expose().is_empty() {
        tracing::error!("telegram.mode = webhook needs telegram.webhook_secret; the bot is not started");
        return;
    }
    let token = match super::bot_token(&state) {
        Ok(Some(t)) => t,
        Ok(None) => return,
        Err(e) => {
            tracing::error!(error = %e, "telegram bot not started");
            return;
        }
    };
    let bot = match BotClient::new(&state.settings.telegram.api_base_url, &token) {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "telegram bot not started");
            return;
        }
    };
    info!(mode = ?state.settings.telegram.mode, bot = state.settings.telegram.bot_username, "telegram bot running");
    let polling = state.settings.telegram.mode == Mode::Polling;
    let sender = send_loop(state.clone(), bot.clone(), stop.clone());
    let notifier = notify_loop(state.clone(), stop.clone());
    if polling {
        tokio::join!(sender, notifier, poll_loop(state, bot, stop));
    } else {
        tokio::join!(sender, notifier);
    }
}

/// The summary and alerts, one instance at a time (the `notifier` lease).
async fn notify_loop(state: AppState, mut stop: watch::Receiver<bool>) {
    let every = Duration::from_millis(state.settings.telegram.notify_every_ms.max(100));
    let me = uuid::Uuid::new_v4().to_string();
    let lease_ms = i64::try_from(every.as_millis()).unwrap_or(60_000).saturating_mul(3).max(10_000);
    loop {
        match store::take_lease(&state.db, "notifier", &me, now_ms().saturating_add(lease_ms)).await {
            Ok(true) => match super::notify::round(&state, now_ms()).await {
                Ok(0) => {}
                Ok(n) => info!(messages = n, "telegram notifications queued"),
                Err(e) => warn!(error = %e, "telegram notification round failed"),
            },
            Ok(false) => {}
            Err(e) => warn!(error = %e, "telegram notifier lease failed"),
        }
        if stopped(&mut stop, every).await {
            return;
        }
    }
}

async fn stopped(stop: &mut watch::Receiver<bool>, wait: Duration) -> bool {
    tokio::select! {
        () = tokio::time::sleep(wait) => *stop.borrow(),
        r = stop.changed() => r.is_err() || *stop.borrow(),
    }
}

/// The webhook (or its removal) and the menu button.
async fn setup(state: &AppState, bot: &BotClient) -> Result<(), TelegramError> {
    let s = &state.settings.telegram;
    let base = state.settings.public_url();
    match s.mode {
        Mode::Webhook => {
            bot.set_webhook(&format!("{base}/telegram/webhook"), s.webhook_secret.expose(), &["message"]).await?;
        }
        Mode::Polling => bot.delete_webhook().await?,
        Mode::Off => return Ok(()),
    }
    let label = web::i18n::Lang::Uz.text().telegram.menu_button;
    bot.set_chat_menu_button(None, label, &format!("{base}/tg")).await?;
    info!(webapp = format!("{base}/tg"), "telegram bot set up");
    Ok(())
}

async fn send_loop(state: AppState, bot: BotClient, mut stop: watch::Receiver<bool>) {
    let every = Duration::from_millis(state.settings.telegram.every_ms.max(50));
    let mut ready = false;
    let mut setup_wait = Duration::from_secs(1);
    let mut paused_until = 0_i64;
    let mut last_prune = 0_i64;
    let mut last_sweep = 0_i64;
    loop {
        if !ready {
            match setup(&state, &bot).await {
                Ok(()) => ready = true,
                Err(e) => {
                    warn!(error = %e, retry_in_s = setup_wait.as_secs(), "telegram bot setup failed");
                    if stopped(&mut stop, setup_wait).await {
                        return;
                    }
                    setup_wait = (setup_wait * 2).min(Duration::from_secs(300));
                    continue;
                }
            }
        }
        let now = now_ms();
        if now >= paused_until {
            match send_due(&state, &bot).await {
                Ok(Some(until)) => paused_until = until,
                Ok(None) => {}
                Err(e) => warn!(error = %e, "telegram outbox round failed"),
            }
        }
        // A row left `sending` has outlived its lease only after LEASE_MS:
        // looking once a minute is enough (not every round).
        if now.saturating_sub(last_sweep) >= 60_000 {
            last_sweep = now;
            match store::abandon_stale_sends(&state.db).await {
                Ok(0) => {}
                Ok(n) => warn!(messages = n, "telegram messages left mid-send by a stopped instance are marked unsure"),
                Err(e) => warn!(error = %e, "telegram outbox sweep failed"),
            }
        }
        if now.saturating_sub(last_prune) > 3_600_000 {
            last_prune = now;
            if let Err(e) = store::prune(&state.db, now).await {
                warn!(error = %e, "telegram pruning failed");
            }
        }
        if stopped(&mut stop, every).await {
            return;
        }
    }
}

/// One round of the outbox; `Some(until)` when Telegram asked us to wait.
async fn send_due(state: &AppState, bot: &BotClient) -> Result<Option<i64>, TelegramError> {
    let mut pause = None;
    for id in store::due(&state.db, BATCH).await? {
        if pause.is_some() {
            // Telegram asked for a pause: the rest waits, untouched.
            break;
        }
        // Taken just before its own call, so the lease covers one call.
        let Some(m) = store::take(&state.db, &id, now_ms().saturating_add(LEASE_MS)).await? else { continue };
        let markup = m.reply_markup.as_deref().and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok());
        let outcome = match bot.send_message(m.chat_id, &m.text, markup.as_ref()).await {
            Ok(sent) => Outcome::Sent { message_id: sent.message_id },
            Err(e) => {
                let o = outcome_of(&e, m.attempts);
                if let BotError::RetryAfter { secs } = e {
                    let until = now_ms().saturating_add(i64::try_from(secs).unwrap_or(60).saturating_mul(1000));
                    pause = Some(until);
                }
                o
            }
        };
        let label = match &outcome {
            Outcome::Sent { .. } => "sent",
            Outcome::Retry { .. } => "retry",
            Outcome::Unsure(_) => "unsure",
            Outcome::Failed(_) => "failed",
        };
        state.metrics.telegram_send(label);
        if !matches!(outcome, Outcome::Sent { .. }) {
            warn!(message.id = m.id, outcome = ?outcome, "telegram message not sent");
        }
        store::finish(&state.db, &m.id, &outcome).await?;
    }
    Ok(pause)
}

/// What a failed send means for its row.
fn outcome_of(e: &BotError, attempts: i64) -> Outcome {
    let backoff = || {
        let shift = u32::try_from(attempts.clamp(0, 12)).unwrap_or(12);
        now_ms().saturating_add(RETRY_BASE_MS.saturating_mul(1_i64 << shift).min(3_600_000))
    };
    match e {
        BotError::RetryAfter { secs } => Outcome::Retry {
            next_at: now_ms().saturating_add(i64::try_from(*secs).unwrap_or(60).saturating_mul(1000)),
            error: e.to_string(),
        },
        BotError::Blocked(_) => Outcome::Failed(e.to_string()),
        BotError::Unreached(_) | BotError::Unauthorized if attempts + 1 < MAX_ATTEMPTS => {
            Outcome::Retry { next_at: backoff(), error: e.to_string() }
        }
        // A 5xx, a timeout, an answer not understood: Telegram may have
        // sent it; sending again could send it twice.
        BotError::Api { code, .. } if *code >= 500 => Outcome::Unsure(e.to_string()),
        BotError::Transport(_) | BotError::Decode(_) => Outcome::Unsure(e.to_string()),
        _ => Outcome::Failed(e.to_string()),
    }
}

async fn poll_loop(state: AppState, bot: BotClient, mut stop: watch::Receiver<bool>) {
    let me = uuid::Uuid::new_v4().to_string();
    let timeout = state.settings.telegram.poll_timeout_s.min(50);
    // Kept in memory: a poller starting (or taking over) asks for every
    // update Telegram has not seen confirmed and skips those handled
    // already; a stored offset would outlive Telegram's sequence (its ids
    // start afresh after a week without updates, and per bot).
    let mut offset = 0_i64;
    loop {
        if stop.has_changed().is_err() {
            return;
        }
        let lease = store::take_lease(&state.db, "poller", &me, now_ms().saturating_add(POLL_LEASE_MS)).await;
        let wait = match lease {
            Ok(true) => match poll_once(&state, &bot, timeout, offset, &mut stop).await {
                Ok(next) => {
                    offset = next;
                    Duration::ZERO
                }
                Err(e) => {
                    warn!(error = %e, "telegram getUpdates failed");
                    Duration::from_secs(2)
                }
            },
            Ok(false) => {
                offset = 0;
                Duration::from_secs(5)
            }
            Err(e) => {
                warn!(error = %e, "telegram poller lease failed");
                Duration::from_secs(5)
            }
        };
        if *stop.borrow() || (!wait.is_zero() && stopped(&mut stop, wait).await) {
            return;
        }
    }
}

/// One `getUpdates`; returns the offset that confirms what it handled.
async fn poll_once(
    state: &AppState,
    bot: &BotClient,
    timeout: u32,
    mut offset: i64,
    stop: &mut watch::Receiver<bool>,
) -> Result<i64, TelegramError> {
    let updates = tokio::select! {
        r = bot.get_updates(offset, timeout) => r?,
        _ = stop.changed() => return Ok(offset),
    };
    for u in &updates {
        super::handle_update(state, u).await?;
        offset = offset.max(u.update_id.saturating_add(1));
    }
    Ok(offset)
}
