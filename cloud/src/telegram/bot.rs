//! A Telegram Bot API client (<https://core.telegram.org/bots/api>).
//!
//! Every method is a `POST {base}/bot{token}/{method}` with a JSON body; every
//! answer is Telegram's envelope: `{"ok":true,"result":…}` or
//! `{"ok":false,"error_code":N,"description":"…","parameters":{"retry_after":N}}`,
//! read into a [`BotError`] that says what to do next (wait, stop writing to
//! a chat, fix the token, retry later).
//!
//! The token is a secret: it is part of every URL, so no URL reaches an error
//! or the log (`reqwest` errors are stripped of theirs, and any text that
//! still holds the token has it replaced), and [`BotClient`]'s `Debug` hides it.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tracing::debug;

/// Telegram's Bot API base.
pub const DEFAULT_BASE_URL: &str = "https://api.telegram.org";

/// What went wrong with a Bot API call.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// 429: flood control; wait before the next call.
    #[error("Telegram: too many requests, retry after {secs} s")]
    RetryAfter {
        /// Seconds to wait (`parameters.retry_after`, 1 if absent).
        secs: u64,
    },
    /// 403: the user blocked the bot or the chat is gone; stop writing there.
    #[error("Telegram refused: {0}")]
    Blocked(String),
    /// 401: the bot token is wrong (or malformed).
    #[error("Telegram: unauthorized (wrong bot token)")]
    Unauthorized,
    /// Any other refusal (`ok:false`).
    #[error("Telegram API error {code}: {description}")]
    Api {
        /// `error_code`.
        code: i64,
        /// `description`.
        description: String,
    },
    /// No connection could be made: the request never left, so it can be
    /// sent again without a risk of doing it twice.
    #[error("Telegram unreachable: {0}")]
    Unreached(String),
    /// The call failed after the request may have been sent (a timeout, a
    /// connection lost mid-call): Telegram may or may not have acted on it.
    #[error("Telegram call failed: {0}")]
    Transport(String),
    /// The answer is not the JSON expected.
    #[error("Telegram answer not understood: {0}")]
    Decode(String),
}

impl BotError {
    /// Whether the same call may succeed later: flood control, transport
    /// trouble, Telegram's own 5xx.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::RetryAfter { .. } | Self::Unreached(_) | Self::Transport(_) => true,
            Self::Api { code, .. } => *code >= 500,
            Self::Blocked(_) | Self::Unauthorized | Self::Decode(_) => false,
        }
    }
}

/// A Telegram user or bot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// Unique id.
    pub id: i64,
    /// Whether this is a bot.
    pub is_bot: bool,
    /// First name.
    pub first_name: String,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Username, without `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// IETF language tag of the user's client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
}

/// A chat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    /// Unique id (for a private chat, the user's id).
    pub id: i64,
    /// `private`, `group`, `supergroup` or `channel`.
    #[serde(rename = "type")]
    pub r#type: String,
}

/// A message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Unique inside its chat.
    pub message_id: i64,
    /// Unix seconds.
    pub date: i64,
    /// Where it was sent.
    pub chat: Chat,
    /// The sender (absent in channels).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<User>,
    /// The text, for text messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An incoming update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    /// Increasing id; confirm with `getUpdates(offset = update_id + 1)`.
    pub update_id: i64,
    /// A new incoming message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

/// A bot's connection to the Bot API.
#[derive(Clone)]
pub struct BotClient {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl std::fmt::Debug for BotClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotClient").field("base", &self.base).field("token", &"<secret>").finish_non_exhaustive()
    }
}

impl BotClient {
    /// A client of the API at `base_url` (see [`DEFAULT_BASE_URL`]) for the
    /// bot with this token.
    ///
    /// # Errors
    /// [`BotError::Unauthorized`] if the token is not of Telegram's shape
    /// (`digits:letters`, nothing that could leave the URL path);
    /// [`BotError::Transport`] if the HTTP client cannot be built.
    pub fn new(base_url: &str, token: &str) -> Result<Self, BotError> {
        let shaped = token.split_once(':').is_some_and(|(id, rest)| {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty()
                && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        });
        if !shaped {
            return Err(BotError::Unauthorized);
        }
        crate::install_crypto_provider();
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(75))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| BotError::Transport(e.without_url().to_string()))?;
        Ok(Self { http, base: base_url.trim_end_matches('/').to_owned(), token: token.to_owned() })
    }

    /// `getMe`: the bot itself.
    ///
    /// # Errors
    /// [`BotError`].
    pub async fn get_me(&self) -> Result<User, BotError> {
        self.call("getMe", &json!({}), None).await
    }

    /// `sendMessage`: plain text (no parse mode), link previews off.
    ///
    /// # Errors
    /// [`BotError`]; [`BotError::Blocked`] means stop writing to this chat.
    pub async fn send_message(
        &self,
        chat_id: i64,
        text: &str,
        reply_markup: Option<&Value>,
    ) -> Result<Message, BotError> {
        let mut body = json!({"chat_id": chat_id, "text": text, "link_preview_options": {"is_disabled": true}});
        if let (Some(markup), Some(fields)) = (reply_markup, body.as_object_mut()) {
            fields.insert("reply_markup".into(), markup.clone());
        }
        self.call("sendMessage", &body, None).await
    }

    /// `setChatMenuButton` to a Web App button, for one chat or (`None`) the default.
    ///
    /// # Errors
    /// [`BotError`].
    pub async fn set_chat_menu_button(
        &self,
        chat_id: Option<i64>,
        text: &str,
        web_app_url: &str,
    ) -> Result<(), BotError> {
        let mut body = json!({"menu_button": {"type": "web_app", "text": text, "web_app": {"url": web_app_url}}});
        if let (Some(id), Some(fields)) = (chat_id, body.as_object_mut()) {
            fields.insert("chat_id".into(), id.into());
        }
        self.call::<Value>("setChatMenuButton", &body, None).await.map(drop)
    }

    /// `setWebhook`: updates are posted to `url` with the header
    /// `X-Telegram-Bot-Api-Secret-Token: secret_token` (omitted if empty).
    ///
    /// # Errors
    /// [`BotError`].
    pub async fn set_webhook(&self, url: &str, secret_token: &str, allowed_updates: &[&str]) -> Result<(), BotError> {
        let mut body = json!({"url": url, "allowed_updates": allowed_updates});
        if let (false, Some(fields)) = (secret_token.is_empty(), body.as_object_mut()) {
            fields.insert("secret_token".into(), secret_token.into());
        }
        self.call::<Value>("setWebhook", &body, None).await.map(drop)
    }

    /// `deleteWebhook` (pending updates are kept, for `getUpdates`).
    ///
    /// # Errors
    /// [`BotError`].
    pub async fn delete_webhook(&self) -> Result<(), BotError> {
        self.call::<Value>("deleteWebhook", &json!({}), None).await.map(drop)
    }

    /// `getUpdates`: up to 100 message updates from `offset` (the last
    /// `update_id` seen + 1, which confirms the earlier ones), waiting up to
    /// `timeout_s` seconds for one (long polling).
    ///
    /// # Errors
    /// [`BotError`]; code 409 while a webhook is set or another poll runs.
    pub async fn get_updates(&self, offset: i64, timeout_s: u32) -> Result<Vec<Update>, BotError> {
        let body = json!({"offset": offset, "timeout": timeout_s, "limit": 100, "allowed_updates": ["message"]});
        let wait = Duration::from_secs(u64::from(timeout_s).saturating_add(15).max(75));
        self.call("getUpdates", &body, Some(wait)).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        body: &Value,
        timeout: Option<Duration>,
    ) -> Result<T, BotError> {
        debug!(telegram.method = method, "Bot API call");
        let mut request = self.http.post(format!("{}/bot{}/{method}", self.base, self.token)).json(body);
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        let result = match request.send().await {
            Ok(answer) => {
                let status = answer.status().as_u16();
                match answer.bytes().await {
                    Ok(bytes) => decode(status, &bytes),
                    Err(e) => Err(transport(e)),
                }
            }
            Err(e) => Err(transport(e)),
        };
        result.map_err(|e| self.scrub(e))
    }

    /// Belt and braces: no error text carries the token.
    fn scrub(&self, error: BotError) -> BotError {
        let clean = |s: String| if s.contains(&self.token) { s.replace(&self.token, "<token>") } else { s };
        match error {
            BotError::Blocked(s) => BotError::Blocked(clean(s)),
            BotError::Api { code, description } => BotError::Api { code, description: clean(description) },
            BotError::Transport(s) => BotError::Transport(clean(s)),
            BotError::Unreached(s) => BotError::Unreached(clean(s)),
            BotError::Decode(s) => BotError::Decode(clean(s)),
            other @ (BotError::RetryAfter { .. } | BotError::Unauthorized) => other,
        }
    }
}

/// A transport error's text with its causes, without the URL (it holds the token).
fn transport(error: reqwest::Error) -> BotError {
    let connect = error.is_connect();
    let error = error.without_url();
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    if connect { BotError::Unreached(text) } else { BotError::Transport(text) }
}

#[derive(Debug, Deserialize)]
struct Envelope {
    ok: bool,
    #[serde(default)]
    result: Option<Value>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<Parameters>,
}

#[derive(Debug, Deserialize)]
struct Parameters {
    #[serde(default)]
    retry_after: Option<i64>,
    #[serde(default)]
    migrate_to_chat_id: Option<i64>,
}

/// Reads Telegram's envelope from an answer with this HTTP status.
fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, BotError> {
    let envelope: Envelope = match serde_json::from_slice(body) {
        Ok(envelope) => envelope,
        Err(e) => {
            return Err(match status {
                401 => BotError::Unauthorized,
                429 => BotError::RetryAfter { secs: 1 },
                500.. => BotError::Api { code: i64::from(status), description: "no Bot API answer".into() },
                _ => BotError::Decode(format!("HTTP {status}: {e}")),
            });
        }
    };
    if envelope.ok {
        let result = envelope.result.unwrap_or(Value::Null);
        return serde_json::from_value(result).map_err(|e| BotError::Decode(format!("result: {e}")));
    }
    let code = envelope.error_code.unwrap_or(i64::from(status));
    let mut description = envelope.description.unwrap_or_default();
    let parameters = envelope.parameters.unwrap_or(Parameters { retry_after: None, migrate_to_chat_id: None });
    Err(match code {
        429 => BotError::RetryAfter {
            secs: parameters.retry_after.and_then(|s| u64::try_from(s).ok()).unwrap_or(1).max(1),
        },
        403 => BotError::Blocked(description),
        401 => BotError::Unauthorized,
        _ => {
            if let Some(chat) = parameters.migrate_to_chat_id {
                description = format!("{description} (migrate_to_chat_id {chat})");
            }
            BotError::Api { code, description }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_become_results_and_typed_errors() -> Result<(), BotError> {
        let me: User = decode(
            200,
            br#"{"ok":true,"result":{"id":7,"is_bot":true,"first_name":"B","username":"b_bot","can_join_groups":true}}"#,
        )?;
        assert_eq!(me.id, 7);
        assert_eq!(me.username.as_deref(), Some("b_bot"));
        assert_eq!(me.last_name, None);
        let done: bool = decode(200, br#"{"ok":true,"result":true,"description":"Webhook was set"}"#)?;
        assert!(done);

        let flood = br#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#;
        assert!(matches!(decode::<Value>(429, flood), Err(BotError::RetryAfter { secs: 7 })));
        let no_params = br#"{"ok":false,"error_code":429,"description":"Too Many Requests"}"#;
        assert!(matches!(decode::<Value>(429, no_params), Err(BotError::RetryAfter { secs: 1 })));

        let blocked = br#"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#;
        let err = decode::<Value>(403, blocked);
        assert!(matches!(&err, Err(BotError::Blocked(d)) if d.contains("blocked")));
        assert!(err.is_err_and(|e| !e.is_retryable()));

        let wrong = br#"{"ok":false,"error_code":401,"description":"Unauthorized"}"#;
        assert!(matches!(decode::<Value>(401, wrong), Err(BotError::Unauthorized)));

        let bad = br#"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#;
        let err = decode::<Value>(400, bad);
        assert!(
            matches!(&err, Err(BotError::Api { code: 400, description }) if description.ends_with("chat not found"))
        );
        assert!(err.is_err_and(|e| !e.is_retryable()));

        let migrated = br#"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-100123}}"#;
        assert!(
            matches!(decode::<Value>(400, migrated), Err(BotError::Api { description, .. }) if description.contains("-100123"))
        );

        let gateway = decode::<Value>(502, b"<html>Bad Gateway</html>");
        assert!(matches!(&gateway, Err(BotError::Api { code: 502, .. })));
        assert!(gateway.is_err_and(|e| e.is_retryable()));
        assert!(matches!(decode::<Value>(200, b"not json"), Err(BotError::Decode(_))));
        assert!(matches!(decode::<User>(200, br#"{"ok":true,"result":true}"#), Err(BotError::Decode(_))));
        let internal = BotError::Api { code: 500, description: "Internal Server Error".into() };
        assert!(internal.is_retryable());
        Ok(())
    }

    #[tokio::test]
    async fn transport_errors_do_not_show_the_token() -> Result<(), BotError> {
        let client = BotClient::new("http://127.0.0.1:1", "123:SECRET")?;
        let err = client.send_message(1, "hi", None).await;
        assert!(matches!(&err, Err(BotError::Unreached(_))), "nothing was sent: {err:?}");
        let text = err.err().map(|e| format!("{e} {e:?}")).unwrap_or_default();
        assert!(!text.contains("SECRET"), "{text}");
        assert!(!format!("{client:?}").contains("SECRET"));
        assert!(matches!(BotClient::new(DEFAULT_BASE_URL, "123:a/b"), Err(BotError::Unauthorized)));
        assert!(matches!(BotClient::new(DEFAULT_BASE_URL, "SECRET"), Err(BotError::Unauthorized)));
        Ok(())
    }
}

// The client against the simulator (`super::sim`), here to keep `sim.rs` under
// the house limit of 700 lines.
#[cfg(test)]
mod against_the_simulator {
    use std::collections::VecDeque;
    use std::error::Error;
    use std::sync::Arc;
    use std::time::Instant;

    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;
    use axum::{Json, Router};
    use parking_lot::Mutex;

    use super::*;
    use crate::telegram::sim::{BotSim, SentMessage, SimUser, serve};

    type TestResult = Result<(), Box<dyn Error>>;
    type Seen = Arc<Mutex<Vec<(Option<String>, Value)>>>;
    const TOKEN: &str = "4242:sim-SECRET";

    fn alice() -> SimUser {
        SimUser { id: 42, first_name: "Alice".into(), username: Some("alice".into()), language_code: Some("uz".into()) }
    }

    async fn start() -> Result<(BotSim, BotClient, String), Box<dyn Error>> {
        let sim = BotSim::new(TOKEN, "sim_bot");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(serve(listener, sim.clone(), std::future::pending()));
        let client = BotClient::new(&base, TOKEN)?;
        Ok((sim, client, base))
    }

    /// A webhook receiver answering the statuses of `script`, then 200.
    async fn receiver(script: Vec<u16>) -> Result<(String, Seen), Box<dyn Error>> {
        let seen = Seen::default();
        let (log, script) = (seen.clone(), Arc::new(Mutex::new(VecDeque::from(script))));
        let app = Router::new().route(
            "/hook",
            post(move |headers: HeaderMap, Json(update): Json<Value>| {
                let secret = headers.get("x-telegram-bot-api-secret-token").and_then(|v| v.to_str().ok());
                log.lock().push((secret.map(str::to_owned), update));
                let status = script.lock().pop_front().unwrap_or(200);
                async move { StatusCode::from_u16(status).unwrap_or(StatusCode::OK) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/hook", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok((url, seen))
    }

    async fn until(what: impl Fn() -> bool) -> bool {
        for _ in 0..100 {
            if what() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        what()
    }

    fn api_error<T>(result: &Result<T, BotError>, code: i64, words: &str) -> bool {
        matches!(result, Err(BotError::Api { code: c, description }) if *c == code && description.contains(words))
    }

    #[tokio::test]
    async fn form_query_and_control_over_http() -> TestResult {
        let (sim, _client, base) = start().await?;
        let http = reqwest::Client::builder().build()?;
        let says = json!({"user": {"id": 42, "first_name": "Alice"}, "text": "hi"});
        let id = http.post(format!("{base}/sim/updates")).json(&says).send().await?.json::<Value>().await?;
        assert!(id["update_id"].as_i64().is_some_and(|id| id > 100_000));
        let url = format!("{base}/bot{TOKEN}/sendMessage");
        let markup = r#"{"keyboard":[[{"text":"A"}]]}"#;
        let form = [("chat_id", "42"), ("text", "by form"), ("reply_markup", markup)];
        let answer: Value = http.post(&url).form(&form).send().await?.json().await?;
        assert_eq!((&answer["ok"], &answer["result"]["text"]), (&json!(true), &json!("by form")));
        let query = [("chat_id", "42"), ("text", "by query")];
        let upper = format!("{base}/bot{TOKEN}/SENDMESSAGE");
        let answer: Value = http.get(upper).query(&query).send().await?.json().await?;
        assert_eq!(answer["result"]["text"], "by query");
        let bad = http.post(&url).form(&[("chat_id", "42"), ("text", "x"), ("reply_markup", "{")]).send().await?;
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        let sent: Vec<SentMessage> = http.get(format!("{base}/sim/sent")).send().await?.json().await?;
        assert_eq!(sent.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["by form", "by query"]);
        assert_eq!(sent[0].reply_markup, Some(serde_json::from_str(markup)?));
        assert_eq!(sent, sim.sent());
        Ok(())
    }

    #[tokio::test]
    async fn webhook_gets_updates_in_order_with_the_secret_and_retries() -> TestResult {
        let (sim, client, _base) = start().await?;
        let refused = client.set_webhook("https://example.com/hook", "bad secret!", &[]).await;
        assert!(api_error(&refused, 400, "secret token contains unallowed characters"));
        assert!(api_error(&client.set_webhook("http://example.com/hook", "s", &[]).await, 400, "HTTPS"));
        assert!(api_error(&client.set_webhook("https://example.com:8080/hook", "s", &[]).await, 400, "ports"));
        let (url, seen) = receiver(vec![500]).await?;
        client.set_webhook(&url, "s3cret_-X", &["message"]).await?;
        assert_eq!(sim.webhook(), Some((url.clone(), Some("s3cret_-X".into()))));
        assert!(api_error(&client.get_updates(0, 0).await, 409, "webhook is active"));

        let first = sim.user_says(alice(), "one");
        let second = sim.user_says(alice(), "two");
        assert!(until(|| sim.deliveries().0 == 2).await, "{:?}", sim.deliveries());
        assert_eq!(sim.deliveries(), (2, 1), "one failed attempt, then each delivered once");
        let seen = seen.lock().clone();
        let ids: Vec<_> = seen.iter().map(|(_, u)| u["update_id"].as_i64()).collect();
        assert_eq!(ids, [Some(first), Some(first), Some(second)]);
        assert!(seen.iter().all(|(secret, _)| secret.as_deref() == Some("s3cret_-X")));

        client.delete_webhook().await?;
        assert_eq!(sim.webhook(), None);
        assert!(client.get_updates(0, 0).await?.is_empty(), "delivered updates are forgotten");
        Ok(())
    }

    #[tokio::test]
    async fn get_me_wrong_token_and_unknown_method() -> TestResult {
        let (_sim, client, base) = start().await?;
        let me = client.get_me().await?;
        assert_eq!(
            (me.id, me.is_bot, me.first_name.as_str(), me.username.as_deref()),
            (4242, true, "Sim bot", Some("sim_bot"))
        );
        assert!(matches!(BotClient::new(&base, "4242:wrong")?.get_me().await, Err(BotError::Unauthorized)));
        let http = reqwest::Client::builder().build()?;
        let answer = http.get(format!("{base}/bot{TOKEN}/noSuchMethod")).send().await?;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND);
        assert_eq!(answer.json::<Value>().await?, json!({"ok": false, "error_code": 404, "description": "Not Found"}));
        assert_eq!(http.get(format!("{base}/bot{TOKEN}/GETME")).send().await?.json::<Value>().await?["ok"], true);
        Ok(())
    }

    #[tokio::test]
    async fn polling_confirms_by_offset_waits_and_ends_an_older_poll() -> TestResult {
        let (sim, client, base) = start().await?;
        let id = sim.user_says(alice(), "/start");
        for _ in 0..2 {
            let updates = client.get_updates(0, 0).await?;
            assert_eq!(updates.len(), 1, "kept until confirmed");
            let message = updates[0].message.clone().ok_or("no message")?;
            assert_eq!((updates[0].update_id, message.text.as_deref()), (id, Some("/start")));
            assert_eq!((message.chat.id, message.chat.r#type.as_str()), (42, "private"));
            assert_eq!(message.from.map(|u| (u.is_bot, u.username)), Some((false, Some("alice".into()))));
        }
        let started = Instant::now();
        assert!(client.get_updates(id + 1, 0).await?.is_empty());
        assert!(started.elapsed() < Duration::from_secs(1));

        let later = sim.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            later.user_says(alice(), "hello")
        });
        let started = Instant::now();
        let updates = client.get_updates(id + 1, 10).await?;
        assert_eq!(updates.iter().map(|u| u.update_id).collect::<Vec<_>>(), [id + 1]);
        assert!(started.elapsed() >= Duration::from_millis(250) && started.elapsed() < Duration::from_secs(5));

        let other = BotClient::new(&base, TOKEN)?;
        let older = tokio::spawn(async move { other.get_updates(id + 2, 10).await });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(client.get_updates(id + 2, 0).await?.is_empty());
        assert!(api_error(&older.await?, 409, "terminated by other getUpdates request"));
        Ok(())
    }

    #[tokio::test]
    async fn sending_checks_the_chat_the_text_and_flood_control() -> TestResult {
        let (sim, client, _base) = start().await?;
        assert!(api_error(&client.send_message(42, "hi", None).await, 400, "Bad Request: chat not found"));
        sim.user_says(alice(), "hi");
        let keyboard = json!({"inline_keyboard": [[{"text": "Open", "web_app": {"url": "https://example.com"}}]]});
        let message = client.send_message(42, "Salom", Some(&keyboard)).await?;
        assert_eq!((message.chat.id, message.text.as_deref()), (42, Some("Salom")));
        assert!(message.from.is_some_and(|u| u.is_bot));
        let sent = sim.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!((sent[0].chat_id, sent[0].message_id, sent[0].text.as_str()), (42, message.message_id, "Salom"));
        assert_eq!(sent[0].reply_markup, Some(keyboard));
        assert!(api_error(&client.send_message(42, " ", None).await, 400, "message text is empty"));
        assert!(api_error(&client.send_message(42, &"x".repeat(4097), None).await, 400, "message is too long"));

        sim.throttle_next(1, 3);
        assert!(matches!(client.send_message(42, "no", None).await, Err(BotError::RetryAfter { secs: 3 })));
        assert_eq!(sim.sent().len(), 1, "a refused message is not recorded");
        let mut flood = Vec::new();
        for n in 0..5 {
            flood.push(client.send_message(42, &format!("quick {n}"), None).await);
        }
        assert!(flood.iter().any(|r| matches!(r, Err(BotError::RetryAfter { secs: 1 }))), "{flood:?}");
        assert_eq!(sim.sent().len(), 3, "the bucket of 3");

        sim.block(42);
        assert!(
            matches!(client.send_message(42, "hi", None).await, Err(BotError::Blocked(d)) if d.contains("blocked"))
        );
        Ok(())
    }

    #[tokio::test]
    async fn menu_buttons_are_stored_per_chat_and_checked() -> TestResult {
        let (sim, client, _base) = start().await?;
        assert!(api_error(
            &client.set_chat_menu_button(Some(42), "Open", "https://a.example").await,
            400,
            "chat not found"
        ));
        sim.user_says(alice(), "hi");
        client.set_chat_menu_button(Some(42), "Open", "http://127.0.0.1:8080/app").await?;
        let button = sim.menu_button(Some(42)).ok_or("no button")?;
        assert_eq!(
            (&button["type"], &button["web_app"]["url"]),
            (&json!("web_app"), &json!("http://127.0.0.1:8080/app"))
        );
        let refused = client.set_chat_menu_button(None, "Open", "http://example.com/app").await;
        assert!(api_error(&refused, 400, "Only HTTPS links are allowed"), "{refused:?}");
        assert_eq!(sim.menu_button(None), None);
        client.set_chat_menu_button(None, "Shop", "https://example.com/app").await?;
        assert_eq!(sim.menu_button(Some(7)).map(|b| b["text"].clone()), Some(json!("Shop")), "the default");
        Ok(())
    }
}
