//! The owner's Telegram (P14, and the bot that speaks first): linking an
//! account, the portal opened as a Telegram Web App and signed in by
//! Telegram's init data, the bot's answers, and every message the bot sends
//! going through one outbox.
//!
//! # Layout
//! - this file: settings, errors, what other domains call (the profile's
//!   link and unlink), the bot's answers to updates.
//! - [`initdata`]: Web App init data, checked as Telegram publishes it.
//! - [`webapp`]: the Web App's entry page (`/tg`) and sign-in.
//! - [`notify`]: the daily summary and the alerts, each a keyed message.
//! - [`worker`]: the background job: the bot's setup (webhook or polling,
//!   the menu button), polling under a lease, sending the outbox.
//! - [`bot`]: the Bot API client; [`sim`]: a Bot API simulator (tests, the
//!   demo, `cloud telegram-sim`); [`sim_web`]: its stand-in for Telegram's web
//!   client, framing the Web App.
//! - [`store`]: the domain's SQL.
//!
//! # Bot
//! `telegram.mode`: `off` (the default), `webhook` (Telegram calls
//! `{public_url}/telegram/webhook` with `X-Telegram-Bot-Api-Secret-Token`,
//! checked on every call) or `polling` (`getUpdates`, for machines without a
//! public address; one instance polls at a time, under a lease).

pub mod bot;
pub mod initdata;
pub mod notify;
pub mod sim;
pub mod sim_web;
pub mod store;
pub mod webapp;
pub mod worker;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse as _, Response};
use axum::routing::post;
use serde::{Deserialize, Serialize};
use tracing::{info, warn};
use web::i18n::{Lang, Text, fill};

use crate::db::DbError;
use crate::http::{AppError, AppState};
use crate::settings::Secret;

/// How the bot hears from Telegram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// No bot: linking is not offered, the Web App signs no one in.
    #[default]
    Off,
    /// Telegram calls the cloud's webhook.
    Webhook,
    /// The cloud asks Telegram (`getUpdates`).
    Polling,
}

/// The `telegram` settings section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TelegramSettings {
    /// `off`, `webhook` or `polling`.
    pub mode: Mode,
    /// The bot's token from BotFather, plain or sealed by the vault
    /// (`cloud seal telegram.bot_token`, a `v1.…` value). Never logged.
    pub bot_token: Secret,
    /// The bot's username without `@` (the deep links name it).
    pub bot_username: String,
    /// The secret Telegram repeats in `X-Telegram-Bot-Api-Secret-Token` on
    /// every webhook call (1–256 of `A-Z a-z 0-9 _ -`).
    pub webhook_secret: Secret,
    /// The Bot API's address (the simulator's in tests and the demo).
    pub api_base_url: String,
    /// Who may frame the Web App's pages: Telegram's web client.
    pub frame_ancestors: Vec<String>,
    /// How long a link made on the profile page works, seconds.
    pub link_ttl_s: i64,
    /// How often the outbox is looked at, ms.
    pub every_ms: u64,
    /// How long one `getUpdates` call waits for news, seconds.
    pub poll_timeout_s: u32,
    /// How often the summary and alerts are looked for, ms.
    pub notify_every_ms: u64,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        Self {
            mode: Mode::Off,
            bot_token: Secret::default(),
            bot_username: String::new(),
            webhook_secret: Secret::default(),
            api_base_url: "https://api.telegram.org".into(),
            frame_ancestors: vec!["https://web.telegram.org".into()],
            link_ttl_s: 600,
            every_ms: 1_000,
            poll_timeout_s: 25,
            notify_every_ms: 30_000,
        }
    }
}

/// The vault's context for a sealed bot token.
pub const TOKEN_CONTEXT: &str = "telegram.bot_token";

/// Why a Telegram step failed.
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    /// No bot is configured (`telegram.mode = off`, or no token).
    #[error("the Telegram bot is not configured")]
    Off,
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
    /// The Bot API.
    #[error(transparent)]
    Bot(#[from] bot::BotError),
    /// Ours.
    #[error("{0}")]
    Internal(String),
}

impl From<sqlx::Error> for TelegramError {
    fn from(e: sqlx::Error) -> Self {
        TelegramError::Db(DbError::from(e))
    }
}

impl From<TelegramError> for AppError {
    fn from(e: TelegramError) -> Self {
        match e {
            TelegramError::Off => AppError::NotFound,
            TelegramError::Db(e) => AppError::from(e),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The bot's token, opened if sealed; `None` when no bot is configured.
///
/// # Errors
/// [`TelegramError::Internal`] when a sealed token does not open.
pub fn bot_token(state: &AppState) -> Result<Option<String>, TelegramError> {
    let s = &state.settings.telegram;
    let token = s.bot_token.expose().trim();
    if s.mode == Mode::Off || token.is_empty() {
        return Ok(None);
    }
    if token.starts_with("v1.") {
        return state
            .vault
            .open(token, TOKEN_CONTEXT)
            .map(Some)
            .map_err(|_| TelegramError::Internal("telegram.bot_token is sealed with another key".into()));
    }
    Ok(Some(token.to_owned()))
}

/// The bot's id: the digits before `:` in its token (0 when it has none).
#[must_use]
pub fn bot_id(token: &str) -> i64 {
    token.split_once(':').and_then(|(id, _)| id.parse().ok()).unwrap_or(0)
}

/// Whether a bot is configured (a webhook needs its secret too).
#[must_use]
pub fn configured(state: &AppState) -> bool {
    let s = &state.settings.telegram;
    let hook_ok = s.mode != Mode::Webhook || !s.webhook_secret.expose().is_empty();
    s.mode != Mode::Off && hook_ok && !s.bot_token.expose().trim().is_empty() && !s.bot_username.is_empty()
}

/// A one-time deep link (`https://t.me/<bot>?start=<token>`) that links the
/// Telegram account opening it to `owner_id`.
///
/// # Errors
/// [`TelegramError::Off`] without a bot; storage.
pub async fn new_link(state: &AppState, owner_id: &str) -> Result<String, TelegramError> {
    if !configured(state) {
        return Err(TelegramError::Off);
    }
    let s = &state.settings.telegram;
    let token = store::new_link_token(&state.db, owner_id, s.link_ttl_s.saturating_mul(1000)).await?;
    info!(owner.id = owner_id, "telegram link made");
    Ok(format!("https://t.me/{}?start={token}", s.bot_username))
}

/// Unlinks the owner's Telegram: the sessions it signed in end, and the bot
/// says goodbye in their language.
///
/// # Errors
/// Storage.
pub async fn unlink(state: &AppState, owner_id: &str) -> Result<(), TelegramError> {
    let Some(link) = store::unlink(&state.db, owner_id).await? else { return Ok(()) };
    let ended =
        state.accounts.end_telegram_sessions(owner_id).await.map_err(|e| TelegramError::Internal(e.to_string()))?;
    info!(owner.id = owner_id, sessions.ended = ended, "telegram unlinked");
    let owner = state.db.owner(owner_id).await?;
    let t = Lang::parse(&owner.language).unwrap_or_default().text();
    let text = fill(t.telegram.bot_unlinked, &[("business", &owner.business_name)]);
    store::enqueue(&state.db, &format!("unlink:{owner_id}:{}", link.linked_at), None, link.chat_id, &text, None)
        .await?;
    Ok(())
}

/// The profile's Telegram section (without a fresh link).
///
/// # Errors
/// Storage.
pub async fn profile_box(state: &AppState, owner_id: &str, t: &Text) -> Result<web::pages::TelegramBox, TelegramError> {
    let linked = store::link_of_owner(&state.db, owner_id).await?.map(|l| {
        let who = match &l.username {
            Some(u) => format!("{} (@{u})", l.first_name),
            None => l.first_name.clone(),
        };
        fill(t.telegram.linked_as, &[("name", &who)])
    });
    let minutes = (state.settings.telegram.link_ttl_s / 60).max(1).to_string();
    let p = store::prefs_of(&state.db, owner_id).await?;
    let on = [p.summary, p.hub_offline, p.backlog, p.subscription, p.terminals];
    let kinds =
        PREF_FIELDS.iter().zip(t.telegram.prefs_kinds).zip(on).map(|((f, l), on)| ((*f).to_owned(), l.to_owned(), on));
    Ok(web::pages::TelegramBox {
        configured: configured(state),
        linked,
        link: None,
        link_ready: fill(t.telegram.link_ready, &[("minutes", &minutes)]),
        notice: None,
        kinds: kinds.collect(),
        summary_time: format!("{:02}:{:02}", p.summary_minute / 60, p.summary_minute % 60),
        offline_minutes: p.offline_minutes,
    })
}

/// The notification form's checkboxes, in [`web::i18n::telegram::TelegramText::prefs_kinds`]'s order.
const PREF_FIELDS: [&str; 5] = ["summary", "hub_offline", "backlog", "subscription", "terminals"];

/// The notification form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct PrefsForm {
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    summary_time: String,
    #[serde(default)]
    hub_offline: Option<String>,
    #[serde(default)]
    offline_minutes: String,
    #[serde(default)]
    backlog: Option<String>,
    #[serde(default)]
    subscription: Option<String>,
    #[serde(default)]
    terminals: Option<String>,
}

impl PrefsForm {
    /// The settings it says: `None` for a time that is not `HH:MM` or
    /// minutes outside 5..=1440.
    #[must_use]
    pub fn parse(&self) -> Option<store::Prefs> {
        let (h, m) = self.summary_time.trim().split_once(':')?;
        let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
        let offline: i64 = self.offline_minutes.trim().parse().ok()?;
        if !(0..24).contains(&h) || !(0..60).contains(&m) || !(5..=1440).contains(&offline) {
            return None;
        }
        Some(store::Prefs {
            summary: self.summary.is_some(),
            summary_minute: h * 60 + m,
            hub_offline: self.hub_offline.is_some(),
            offline_minutes: offline,
            backlog: self.backlog.is_some(),
            subscription: self.subscription.is_some(),
            terminals: self.terminals.is_some(),
        })
    }
}

/// Saves the owner's notification settings; `false` when the form is wrong
/// (nothing saved).
///
/// # Errors
/// Storage.
pub async fn save_prefs(state: &AppState, owner_id: &str, form: &PrefsForm) -> Result<bool, TelegramError> {
    let Some(prefs) = form.parse() else { return Ok(false) };
    store::save_prefs(&state.db, owner_id, &prefs).await?;
    Ok(true)
}

/// Where Telegram calls the cloud.
pub fn callbacks() -> Router<AppState> {
    Router::new().route("/telegram/webhook", post(webhook))
}

/// A webhook call: refused (401) without the configured secret, before the
/// body is looked at; a body that is not an update is acknowledged and
/// dropped (Telegram would only send it again); a failure of ours answers
/// 500 so Telegram retries (every step of handling is idempotent).
async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let s = &state.settings.telegram;
    if s.mode != Mode::Webhook || s.webhook_secret.expose().is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let sent = headers.get("x-telegram-bot-api-secret-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !crate::secrets::same(sent, s.webhook_secret.expose()) {
        warn!("telegram webhook call without the secret token refused");
        state.metrics.telegram_update("refused");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(update) = serde_json::from_slice::<bot::Update>(&body) else {
        warn!(bytes = body.len(), "telegram webhook body is not an update; dropped");
        state.metrics.telegram_update("malformed");
        return StatusCode::OK.into_response();
    };
    match handle_update(&state, &update).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => {
            tracing::error!(error = %e, update.id = update.update_id, "telegram update failed; Telegram will retry");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The language to answer someone in: a linked owner's, else their
/// Telegram client's.
fn lang_of_code(code: Option<&str>) -> Lang {
    code.and_then(|c| Lang::parse(c.split(['-', '_']).next().unwrap_or(c))).unwrap_or_default()
}

/// Handles one update once (webhook and polling both come here): `/start
/// <token>` links the writer's account; anything else gets a short help.
/// The answer is queued under the update's id, so an update handled again
/// answers nothing more.
///
/// # Errors
/// Storage.
pub async fn handle_update(state: &AppState, update: &bot::Update) -> Result<(), TelegramError> {
    let bot = bot_token(state)?.map_or(0, |t| bot_id(&t));
    if store::update_handled(&state.db, bot, update.update_id).await? {
        state.metrics.telegram_update("repeated");
        return Ok(());
    }
    answer_update(state, bot, update).await?;
    // Written last: a failure before here leaves the update to be handled
    // again, which links and answers nothing twice.
    store::mark_update_handled(&state.db, bot, update.update_id).await?;
    state.metrics.telegram_update("handled");
    Ok(())
}

async fn answer_update(state: &AppState, bot: i64, update: &bot::Update) -> Result<(), TelegramError> {
    let Some(msg) = &update.message else { return Ok(()) };
    let Some(from) = msg.from.as_ref().filter(|f| !f.is_bot) else { return Ok(()) };
    if msg.chat.r#type != "private" {
        return Ok(());
    }
    let user = initdata::TelegramUser {
        id: from.id,
        first_name: from.first_name.chars().take(64).collect(),
        username: from.username.clone(),
        language_code: from.language_code.clone(),
    };
    let text = msg.text.as_deref().unwrap_or("").trim();
    let start_arg = text.strip_prefix("/start").filter(|rest| rest.is_empty() || rest.starts_with(' ')).map(str::trim);
    let answer = match start_arg.filter(|a| !a.is_empty()) {
        Some(token) => match store::redeem(&state.db, token, &user, msg.chat.id).await? {
            store::Redeemed::Linked { owner_id } => {
                let owner = state.db.owner(&owner_id).await?;
                info!(owner.id = owner_id, "telegram linked");
                let t = Lang::parse(&owner.language).unwrap_or_default().text();
                fill(t.telegram.bot_linked, &[("business", &owner.business_name)])
            }
            store::Redeemed::BadToken => {
                lang_of_code(user.language_code.as_deref()).text().telegram.bot_link_bad.into()
            }
            store::Redeemed::TakenByOther => {
                lang_of_code(user.language_code.as_deref()).text().telegram.bot_taken.into()
            }
        },
        None => match store::link_of_user(&state.db, user.id).await? {
            Some(link) => {
                let owner = state.db.owner(&link.owner_id).await?;
                let t = Lang::parse(&owner.language).unwrap_or_default().text();
                fill(t.telegram.bot_help_linked, &[("business", &owner.business_name)])
            }
            None => lang_of_code(user.language_code.as_deref()).text().telegram.bot_help_unlinked.into(),
        },
    };
    let key = format!("update:{bot}:{}", update.update_id);
    store::enqueue(&state.db, &key, None, msg.chat.id, &answer, None).await?;
    Ok(())
}
