//! A local Telegram Bot API for tests and the demo, following the published API
//! (<https://core.telegram.org/bots/api>) for what the bot uses: `GET`/`POST
//! /bot{token}/{method}`, method names case-insensitive, parameters in the query
//! string, a form or a JSON body (JSON-typed ones such as `reply_markup` as
//! JSON-encoded strings in a query or a form); 401 for a wrong token, 404 for an
//! unknown method, 400 with Telegram's wording for a bad parameter. `getMe`,
//! `sendMessage` (to private chats of users who wrote, [`BotSim::user_says`]; flood
//! control: per chat 3 messages refilled at 1/s, overall 30 at 30/s, beyond that
//! 429 with `retry_after`), `set`/`delete`/`getWebhookInfo`, `getUpdates` (long
//! polls, offsets, 409 while a webhook is set or when a newer poll starts),
//! `set`/`getChatMenuButton`, `set`/`getMyCommands`. A webhook gets updates posted
//! one at a time in order with `X-Telegram-Bot-Api-Secret-Token`, a failure
//! retried after 100 ms doubling up to 5 s. Webhook and Web App URLs must be
//! `https` (webhooks on port 80, 88, 443 or 8443) — except that, as in Telegram's
//! *test environment*, `http` to `127.0.0.1`, `localhost` or `[::1]` on any port
//! is accepted, so tests can receive locally. Not simulated: groups, channels,
//! media, entities, uploads; `allowed_updates` is accepted and ignored.
//!
//! Control, outside Telegram's API: the `pub` methods of [`BotSim`], and the same
//! as JSON under `/sim/` (GET or POST): `updates` `{"user":{…},"text":"…"}` →
//! `{"update_id":N}`; `sent`; `block` `{"user_id":N}`; `throttle`
//! `{"count":N,"retry_after":S}`; `menu_button[?chat_id=N]`; `webhook`; `deliveries`.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use subtle::ConstantTimeEq as _;
use tokio::sync::Notify;
use tracing::{debug, warn};

use super::bot::{Chat, Message, Update, User};

const MAX_TEXT_CHARS: usize = 4096;
const MAX_POLL_SECS: i64 = 50;
const FIRST_PAUSE: Duration = Duration::from_millis(100);
const MAX_PAUSE: Duration = Duration::from_secs(5);
const WEBHOOK_ACTIVE: &str =
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const MARKUP_ERROR: &str = "Bad Request: can't parse reply keyboard markup JSON object";

/// A Telegram user of the simulator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimUser {
    /// User id, also the id of the private chat with the bot.
    pub id: i64,
    /// First name.
    pub first_name: String,
    /// Username, without `@`.
    pub username: Option<String>,
    /// IETF language tag.
    pub language_code: Option<String>,
}

/// A message the bot sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    /// The private chat (= the user's id).
    pub chat_id: i64,
    /// Its id in the chat.
    pub message_id: i64,
    /// The text.
    pub text: String,
    /// `reply_markup` as given.
    pub reply_markup: Option<Value>,
    /// Unix seconds.
    pub date: i64,
}

/// A token bucket counted in thousandths of a token.
#[derive(Debug)]
struct Bucket {
    milli: u64,
    at: Instant,
}

impl Bucket {
    /// Refills; `Err(seconds until a token)` if empty.
    fn check(&mut self, capacity: u64, per_s: u64, now: Instant) -> Result<(), u64> {
        let ms = u64::try_from(now.saturating_duration_since(self.at).as_millis()).unwrap_or(u64::MAX);
        self.milli = self.milli.saturating_add(ms.saturating_mul(per_s)).min(capacity * 1000);
        self.at = now;
        if self.milli >= 1000 { Ok(()) } else { Err((1000 - self.milli).div_ceil(per_s).div_ceil(1000).max(1)) }
    }
}

#[derive(Debug, Clone)]
struct Hook {
    url: String,
    secret: Option<String>,
}

#[derive(Debug, Default)]
struct ChatState {
    blocked: bool,
    last_message_id: i64,
}

#[derive(Debug, Default)]
struct Inner {
    chats: HashMap<i64, ChatState>,
    last_update_id: i64,
    queue: VecDeque<Update>,
    sent: Vec<SentMessage>,
    throttle: Option<(u32, u64)>,
    buckets: HashMap<i64, Bucket>,
    global: Option<Bucket>,
    hook: Option<Hook>,
    deliverer: bool,
    poll_generation: u64,
    menus: HashMap<i64, Value>,
    default_menu: Option<Value>,
    commands: Option<Value>,
    delivered: u64,
    failed: u64,
}

#[derive(Debug)]
struct Shared {
    inner: Mutex<Inner>,
    /// Woken on a new update, a webhook change, a new poll.
    changed: Notify,
    http: Option<reqwest::Client>,
}

/// The simulator; clones share one state.
#[derive(Debug, Clone)]
pub struct BotSim {
    token: Arc<str>,
    username: Arc<str>,
    shared: Arc<Shared>,
}

/// A refusal, as Telegram words it: code, description, `retry_after`.
#[derive(Debug)]
struct ApiError(u16, String, Option<u64>);

fn refuse(code: u16, description: impl Into<String>) -> ApiError {
    ApiError(code, description.into(), None)
}

fn bad(description: impl Into<String>) -> ApiError {
    refuse(400, description)
}

fn too_many(secs: u64) -> ApiError {
    ApiError(429, format!("Too Many Requests: retry after {secs}"), Some(secs))
}

/// A method's result and the optional `description` beside it.
struct Done(Value, Option<&'static str>);

type Params = Map<String, Value>;

fn now_unix() -> i64 {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(secs).unwrap_or(i64::MAX)
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl BotSim {
    /// A simulator for the bot with this token (`{id}:{secret}`) and username.
    #[must_use]
    pub fn new(token: &str, username: &str) -> Self {
        crate::install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .ok();
        // Sequential across restarts, as Telegram's ids are for a bot in use.
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let inner = Inner { last_update_id: i64::try_from(now).unwrap_or(0), ..Inner::default() };
        let shared = Arc::new(Shared { inner: Mutex::new(inner), changed: Notify::new(), http });
        Self { token: token.into(), username: username.into(), shared }
    }

    /// The Bot API and `/sim/` routes.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/sim/{action}", get(control).post(control))
            .route("/{bottoken}/{method}", get(bot_api).post(bot_api))
            .with_state(self.clone())
    }

    /// The bot's token.
    #[must_use]
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The bot's username.
    #[must_use]
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The user writes `text` to the bot: the user becomes known (and
    /// unblocks the bot, as writing requires), and an update is queued for
    /// `getUpdates` or the webhook. Returns its `update_id`.
    pub fn user_says(&self, user: SimUser, text: &str) -> i64 {
        let from = User {
            id: user.id,
            is_bot: false,
            first_name: user.first_name,
            last_name: None,
            username: user.username,
            language_code: user.language_code,
        };
        let update_id = {
            let mut inner = self.shared.inner.lock();
            let chat = inner.chats.entry(user.id).or_default();
            chat.blocked = false;
            chat.last_message_id += 1;
            let message_id = chat.last_message_id;
            inner.last_update_id += 1;
            let update_id = inner.last_update_id;
            let chat = Chat { id: user.id, r#type: "private".into() };
            let message = Message { message_id, date: now_unix(), chat, from: Some(from), text: Some(text.into()) };
            inner.queue.push_back(Update { update_id, message: Some(message) });
            update_id
        };
        self.shared.changed.notify_waiters();
        update_id
    }

    /// Messages the bot sent, oldest first.
    #[must_use]
    pub fn sent(&self) -> Vec<SentMessage> {
        self.shared.inner.lock().sent.clone()
    }

    /// The user blocks the bot: sending to them answers 403.
    pub fn block(&self, user_id: i64) {
        self.shared.inner.lock().chats.entry(user_id).or_default().blocked = true;
    }

    /// The next `count` `sendMessage` calls answer 429 with this `retry_after`.
    pub fn throttle_next(&self, count: u32, retry_after: u64) {
        self.shared.inner.lock().throttle = (count > 0).then_some((count, retry_after));
    }

    /// The menu button set for this chat (or the default one for `None`).
    #[must_use]
    pub fn menu_button(&self, chat_id: Option<i64>) -> Option<Value> {
        let inner = self.shared.inner.lock();
        chat_id.and_then(|id| inner.menus.get(&id)).or(inner.default_menu.as_ref()).cloned()
    }

    /// The webhook: its URL and secret token.
    #[must_use]
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        self.shared.inner.lock().hook.clone().map(|h| (h.url, h.secret))
    }

    /// Webhook updates delivered (answered 2xx), and failed attempts.
    #[must_use]
    pub fn deliveries(&self) -> (u64, u64) {
        let inner = self.shared.inner.lock();
        (inner.delivered, inner.failed)
    }

    fn bot_user(&self) -> User {
        let id = self.token.split_once(':').and_then(|(id, _)| id.parse().ok()).unwrap_or(0);
        User {
            id,
            is_bot: true,
            first_name: "Sim bot".into(),
            last_name: None,
            username: Some(self.username.to_string()),
            language_code: None,
        }
    }

    fn send_message(&self, p: &Params) -> Result<Done, ApiError> {
        let mut guard = self.shared.inner.lock();
        let inner = &mut *guard;
        if let Some((count, secs)) = inner.throttle {
            inner.throttle = (count > 1).then(|| (count - 1, secs));
            return Err(too_many(secs));
        }
        let chat_id = int(p, "chat_id").map_err(|_| bad("Bad Request: chat not found"))?;
        let chat_id = chat_id.ok_or_else(|| bad("Bad Request: chat_id is empty"))?;
        let text = string(p, "text").unwrap_or_default();
        let markup = json_param(p, "reply_markup").map_err(|()| bad(MARKUP_ERROR))?;
        if markup.as_ref().is_some_and(|m| !m.is_object()) {
            return Err(bad(MARKUP_ERROR));
        }
        let Some(chat) = inner.chats.get(&chat_id) else { return Err(bad("Bad Request: chat not found")) };
        if chat.blocked {
            return Err(refuse(403, "Forbidden: bot was blocked by the user"));
        }
        if text.trim().is_empty() {
            return Err(bad("Bad Request: message text is empty"));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(bad("Bad Request: message is too long"));
        }
        let now = Instant::now();
        let global = inner.global.get_or_insert(Bucket { milli: 30_000, at: now });
        let global_ok = global.check(30, 30, now);
        let per_chat = inner.buckets.entry(chat_id).or_insert(Bucket { milli: 3_000, at: now });
        match (per_chat.check(3, 1, now), global_ok) {
            (Ok(()), Ok(())) => {}
            (Err(a), Err(b)) => return Err(too_many(a.max(b))),
            (Err(s), Ok(())) | (Ok(()), Err(s)) => return Err(too_many(s)),
        }
        per_chat.milli -= 1000;
        if let Some(global) = inner.global.as_mut() {
            global.milli -= 1000;
        }
        let chat = inner.chats.entry(chat_id).or_default();
        chat.last_message_id += 1;
        let (message_id, date) = (chat.last_message_id, now_unix());
        inner.sent.push(SentMessage { chat_id, message_id, text: text.clone(), reply_markup: markup, date });
        let chat = Chat { id: chat_id, r#type: "private".into() };
        Ok(Done(to_json(&Message { message_id, date, chat, from: Some(self.bot_user()), text: Some(text) }), None))
    }

    fn set_webhook(&self, p: &Params) -> Result<Done, ApiError> {
        let url = string(p, "url").unwrap_or_default();
        let secret = string(p, "secret_token");
        if let Some(secret) = &secret {
            let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            if secret.is_empty() || secret.chars().count() > 256 || !secret.chars().all(allowed) {
                return Err(bad("Bad Request: secret token contains unallowed characters"));
            }
        }
        if !url.is_empty() {
            check_url(&url, true).map_err(|why| bad(format!("Bad Request: bad webhook: {why}")))?;
        }
        let mut inner = self.shared.inner.lock();
        if matches!(string(p, "drop_pending_updates").as_deref(), Some("true" | "True" | "1")) {
            inner.queue.clear();
        }
        let had = inner.hook.is_some();
        if url.is_empty() {
            inner.hook = None;
        } else {
            inner.hook = Some(Hook { url, secret });
            if !inner.deliverer && tokio::runtime::Handle::try_current().is_ok() {
                inner.deliverer = true;
                tokio::spawn(deliver(Arc::downgrade(&self.shared)));
            }
        }
        let set = inner.hook.is_some();
        drop(inner);
        self.shared.changed.notify_waiters();
        let said = match (set, had) {
            (true, _) => "Webhook was set",
            (false, true) => "Webhook was deleted",
            (false, false) => "Webhook is already deleted",
        };
        Ok(Done(Value::Bool(true), Some(said)))
    }

    fn webhook_info(&self) -> Value {
        let inner = self.shared.inner.lock();
        let url = inner.hook.as_ref().map(|h| h.url.clone()).unwrap_or_default();
        json!({"url": url, "has_custom_certificate": false, "pending_update_count": inner.queue.len()})
    }

    async fn get_updates(&self, p: &Params) -> Result<Done, ApiError> {
        let offset = int(p, "offset")?.unwrap_or(0);
        let limit = usize::try_from(int(p, "limit")?.unwrap_or(100).clamp(1, 100)).unwrap_or(100);
        let timeout = int(p, "timeout")?.unwrap_or(0).clamp(0, MAX_POLL_SECS).unsigned_abs();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        let generation = {
            let mut inner = self.shared.inner.lock();
            if inner.hook.is_some() {
                return Err(refuse(409, WEBHOOK_ACTIVE));
            }
            if offset > 0 {
                while inner.queue.front().is_some_and(|u| u.update_id < offset) {
                    inner.queue.pop_front();
                }
            } else if offset < 0 {
                let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
                let extra = inner.queue.len().saturating_sub(keep);
                inner.queue.drain(..extra);
            }
            inner.poll_generation += 1;
            inner.poll_generation
        };
        self.shared.changed.notify_waiters();
        loop {
            let mut changed = pin!(self.shared.changed.notified());
            changed.as_mut().enable();
            {
                let inner = self.shared.inner.lock();
                if inner.poll_generation != generation {
                    return Err(refuse(
                        409,
                        "Conflict: terminated by other getUpdates request; \
                         make sure that only one bot instance is running",
                    ));
                }
                if inner.hook.is_some() {
                    return Err(refuse(409, WEBHOOK_ACTIVE));
                }
                if !inner.queue.is_empty() || tokio::time::Instant::now() >= deadline {
                    let updates: Vec<&Update> = inner.queue.iter().take(limit).collect();
                    return Ok(Done(to_json(&updates), None));
                }
            }
            let _ = tokio::time::timeout_at(deadline, changed).await;
        }
    }

    fn set_menu_button(&self, p: &Params) -> Result<Done, ApiError> {
        let chat = int(p, "chat_id").map_err(|_| bad("Bad Request: chat not found"))?;
        let button = json_param(p, "menu_button")
            .map_err(|()| bad("Bad Request: can't parse menu button JSON object"))?
            .unwrap_or_else(|| json!({"type": "default"}));
        match button.get("type").and_then(Value::as_str) {
            Some("default" | "commands") => {}
            Some("web_app") => {
                if button.get("text").and_then(Value::as_str).is_none_or(|t| t.trim().is_empty()) {
                    return Err(bad("Bad Request: menu button text is empty"));
                }
                let url = button.pointer("/web_app/url").and_then(Value::as_str).unwrap_or_default();
                check_url(url, false).map_err(|_| {
                    bad(format!(
                        "Bad Request: menu button Web App URL '{url}' is invalid: Only HTTPS links are allowed"
                    ))
                })?;
            }
            _ => return Err(bad("Bad Request: can't parse menu button JSON object")),
        }
        let mut inner = self.shared.inner.lock();
        match chat {
            Some(id) if !inner.chats.contains_key(&id) => return Err(bad("Bad Request: chat not found")),
            Some(id) => inner.menus.insert(id, button),
            None => inner.default_menu.replace(button),
        };
        Ok(Done(Value::Bool(true), None))
    }

    fn get_menu_button(&self, p: &Params) -> Result<Done, ApiError> {
        let chat = int(p, "chat_id").map_err(|_| bad("Bad Request: chat not found"))?;
        Ok(Done(self.menu_button(chat).unwrap_or_else(|| json!({"type": "default"})), None))
    }

    fn set_commands(&self, p: &Params) -> Result<Done, ApiError> {
        let commands = json_param(p, "commands").ok().flatten().filter(Value::is_array);
        let commands = commands.ok_or_else(|| bad("Bad Request: can't parse commands JSON object"))?;
        self.shared.inner.lock().commands = Some(commands);
        Ok(Done(Value::Bool(true), None))
    }
}

/// `https` on Telegram's webhook ports (when `ports`), or `http(s)` to this machine.
fn check_url(raw: &str, ports: bool) -> Result<(), &'static str> {
    let url = reqwest::Url::parse(raw).map_err(|_| "invalid URL")?;
    let local = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "http" | "https" if local => Ok(()),
        "https" if url.host_str().is_none_or(str::is_empty) => Err("invalid URL"),
        "https" if ports && !matches!(url.port_or_known_default(), Some(80 | 88 | 443 | 8443)) => {
            Err("Webhook can be set up only on ports 80, 88, 443 or 8443")
        }
        "https" => Ok(()),
        _ => Err("An HTTPS URL must be provided for webhook"),
    }
}

/// An integer parameter, given as a JSON number or a string.
fn int(p: &Params, key: &str) -> Result<Option<i64>, ApiError> {
    let invalid = || bad(format!("Bad Request: invalid {key} specified"));
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(invalid),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| invalid()),
        Some(_) => Err(invalid()),
    }
}

/// A string parameter (a number or a boolean in JSON is taken as its text).
fn string(p: &Params, key: &str) -> Option<String> {
    p.get(key).filter(|v| !v.is_null()).map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
}

/// A JSON-typed parameter: as is in a JSON body, JSON-encoded in a query or a form.
fn json_param(p: &Params, key: &str) -> Result<Option<Value>, ()> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => serde_json::from_str(s).map(Some).map_err(drop),
        Some(other) => Ok(Some(other.clone())),
    }
}

/// The parameters of a call, from the query string and the body.
fn params(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> Result<Params, ApiError> {
    let mut params = Params::new();
    let mut pairs = |bytes: &[u8]| {
        for (key, value) in form_urlencoded::parse(bytes) {
            params.insert(key.into_owned(), Value::String(value.into_owned()));
        }
    };
    pairs(query.unwrap_or_default().as_bytes());
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let kind = kind.to_ascii_lowercase();
    if body.iter().all(u8::is_ascii_whitespace) {
    } else if kind.starts_with("application/x-www-form-urlencoded") {
        pairs(body);
    } else if kind.starts_with("application/json") {
        match serde_json::from_slice(body) {
            Ok(Value::Object(fields)) => params.extend(fields),
            _ => return Err(bad("Bad Request: can't parse JSON object")),
        }
    } else if kind.starts_with("multipart/") {
        return Err(bad("Bad Request: multipart/form-data is not supported by the simulator"));
    }
    Ok(params)
}

fn answer(result: Result<Done, ApiError>) -> Response {
    match result {
        Ok(Done(result, description)) => {
            let mut body = json!({"ok": true, "result": result});
            if let (Some(said), Some(fields)) = (description, body.as_object_mut()) {
                fields.insert("description".into(), said.into());
            }
            Json(body).into_response()
        }
        Err(e) => {
            let ApiError(code, description, retry_after) = e;
            let mut body = json!({"ok": false, "error_code": code, "description": description});
            if let (Some(secs), Some(fields)) = (retry_after, body.as_object_mut()) {
                fields.insert("parameters".into(), json!({"retry_after": secs}));
            }
            (StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST), Json(body)).into_response()
        }
    }
}

async fn bot_api(
    State(sim): State<BotSim>,
    Path((bottoken, method)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let given = bottoken.strip_prefix("bot").unwrap_or_default();
    if !bool::from(given.as_bytes().ct_eq(sim.token.as_bytes())) {
        return answer(Err(refuse(401, "Unauthorized")));
    }
    let p = match params(query.as_deref(), &headers, &body) {
        Ok(p) => p,
        Err(e) => return answer(Err(e)),
    };
    debug!(telegram.method = method, "Bot API simulator call");
    answer(match method.to_ascii_lowercase().as_str() {
        "getme" => Ok(Done(to_json(&sim.bot_user()), None)),
        "sendmessage" => sim.send_message(&p),
        "setwebhook" => sim.set_webhook(&p),
        "deletewebhook" => {
            let mut p = p;
            p.insert("url".into(), Value::String(String::new()));
            p.remove("secret_token");
            sim.set_webhook(&p)
        }
        "getwebhookinfo" => Ok(Done(sim.webhook_info(), None)),
        "getupdates" => sim.get_updates(&p).await,
        "setchatmenubutton" => sim.set_menu_button(&p),
        "getchatmenubutton" => sim.get_menu_button(&p),
        "setmycommands" => sim.set_commands(&p),
        "getmycommands" => Ok(Done(sim.shared.inner.lock().commands.clone().unwrap_or_else(|| json!([])), None)),
        _ => Err(refuse(404, "Not Found")),
    })
}

/// Posts the queued updates to the webhook, one at a time, until it is removed.
async fn deliver(weak: Weak<Shared>) {
    let mut pause = FIRST_PAUSE;
    loop {
        let Some(shared) = weak.upgrade() else { return };
        let mut changed = pin!(shared.changed.notified());
        changed.as_mut().enable();
        let job = {
            let mut inner = shared.inner.lock();
            let Some(hook) = inner.hook.clone() else {
                inner.deliverer = false;
                return;
            };
            inner.queue.front().cloned().map(|update| (update, hook))
        };
        let Some((update, hook)) = job else {
            let _ = tokio::time::timeout(Duration::from_secs(1), changed).await;
            continue;
        };
        let outcome = post_update(shared.http.as_ref(), &hook, &update).await;
        let failed = {
            let mut inner = shared.inner.lock();
            match outcome {
                Ok(()) => {
                    if inner.queue.front().is_some_and(|u| u.update_id == update.update_id) {
                        inner.queue.pop_front();
                    }
                    inner.delivered += 1;
                    false
                }
                Err(why) => {
                    warn!(update_id = update.update_id, error = why, "simulated webhook delivery failed");
                    inner.failed += 1;
                    true
                }
            }
        };
        if failed {
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(MAX_PAUSE);
        } else {
            pause = FIRST_PAUSE;
        }
    }
}

async fn post_update(http: Option<&reqwest::Client>, hook: &Hook, update: &Update) -> Result<(), String> {
    let http = http.ok_or("no HTTP client")?;
    let mut request = http.post(&hook.url).json(update);
    if let Some(secret) = &hook.secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    let status = request.send().await.map_err(|e| format!("Connection failed: {}", e.without_url()))?.status();
    if status.is_success() { Ok(()) } else { Err(format!("Wrong response from the webhook: {status}")) }
}

/// The `/sim/` control calls.
async fn control(
    State(sim): State<BotSim>,
    Path(action): Path<String>,
    RawQuery(q): RawQuery,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let num = |key: &str| body.get(key).and_then(Value::as_u64);
    match action.as_str() {
        "updates" => match (SimUser::deserialize(&body["user"]), body["text"].as_str()) {
            (Ok(user), Some(text)) => Json(json!({"update_id": sim.user_says(user, text)})).into_response(),
            _ => (StatusCode::BAD_REQUEST, "expected {\"user\":{…},\"text\":\"…\"}").into_response(),
        },
        "sent" => Json(sim.sent()).into_response(),
        "block" => match body.get("user_id").and_then(Value::as_i64) {
            Some(id) => {
                sim.block(id);
                Json(json!({"ok": true})).into_response()
            }
            None => (StatusCode::BAD_REQUEST, "expected {\"user_id\":N}").into_response(),
        },
        "throttle" => match (num("count").and_then(|c| u32::try_from(c).ok()), num("retry_after")) {
            (Some(count), Some(secs)) => {
                sim.throttle_next(count, secs);
                Json(json!({"ok": true})).into_response()
            }
            _ => (StatusCode::BAD_REQUEST, "expected {\"count\":N,\"retry_after\":S}").into_response(),
        },
        "menu_button" => {
            let chat = form_urlencoded::parse(q.unwrap_or_default().as_bytes())
                .find(|(k, _)| k == "chat_id")
                .and_then(|(_, v)| v.parse().ok());
            Json(sim.menu_button(chat)).into_response()
        }
        "webhook" => Json(sim.webhook().map(|(url, secret)| json!({"url": url, "secret": secret}))).into_response(),
        "deliveries" => {
            let (delivered, failed_attempts) = sim.deliveries();
            Json(json!({"delivered": delivered, "failed_attempts": failed_attempts})).into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Serves the simulator on `listener` until `shutdown` completes.
///
/// # Errors
/// The listener's I/O errors.
pub async fn serve(
    listener: tokio::net::TcpListener,
    sim: BotSim,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, sim.router()).with_graceful_shutdown(shutdown).await
}
