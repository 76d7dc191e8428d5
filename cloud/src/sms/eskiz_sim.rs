//! A local Eskiz for tests and the demo. It speaks the published protocol
//! (see [`super::eskiz`]): form-encoded requests, bearer tokens, the JSON
//! answers, HTTP 401 `{"status":"token-invalid"}` for a bad or expired token,
//! and it refuses a `mobile_phone` that is not 998 and 9 digits.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{patch, post};
use axum::{Form, Json, Router};
use parking_lot::Mutex;
use serde::Deserialize;
use serde_json::json;

/// One message the simulator accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimMessage {
    /// `998XXXXXXXXX`.
    pub mobile_phone: String,
    /// The text.
    pub message: String,
    /// Sender name.
    pub from: String,
}

#[derive(Debug, Default)]
struct Inner {
    tokens: HashSet<String>,
    issued: u64,
    logins: u64,
    messages: Vec<SimMessage>,
}

/// The simulator's state; clone it to inspect what was sent.
#[derive(Debug, Clone)]
pub struct EskizSim {
    email: String,
    password: String,
    inner: Arc<Mutex<Inner>>,
}

impl EskizSim {
    /// A simulator that accepts this account.
    #[must_use]
    pub fn new(email: &str, password: &str) -> Self {
        Self { email: email.into(), password: password.into(), inner: Arc::default() }
    }

    /// The routes, to be served under `/api`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/api/auth/login", post(login))
            .route("/api/auth/refresh", patch(refresh))
            .route("/api/message/sms/send", post(send))
            .with_state(self.clone())
    }

    /// Messages accepted so far.
    #[must_use]
    pub fn messages(&self) -> Vec<SimMessage> {
        self.inner.lock().messages.clone()
    }

    /// How many logins happened.
    #[must_use]
    pub fn logins(&self) -> u64 {
        self.inner.lock().logins
    }

    /// Forgets every token, as when they expire: the next send gets 401.
    pub fn expire_tokens(&self) {
        self.inner.lock().tokens.clear();
    }

    fn issue(&self) -> String {
        let mut inner = self.inner.lock();
        inner.issued += 1;
        let token = format!("sim-token-{}-{}", inner.issued, rand::random::<u64>());
        inner.tokens.insert(token.clone());
        token
    }

    fn authorised(&self, headers: &HeaderMap) -> Option<String> {
        let token = headers.get("authorization")?.to_str().ok()?.strip_prefix("Bearer ")?.to_owned();
        self.inner.lock().tokens.contains(&token).then_some(token)
    }
}

fn token_invalid() -> Response {
    (StatusCode::UNAUTHORIZED, Json(json!({"status": "token-invalid", "message": "Invalid token"}))).into_response()
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    email: String,
    password: String,
}

async fn login(State(sim): State<EskizSim>, Form(form): Form<LoginForm>) -> Response {
    sim.inner.lock().logins += 1;
    if form.email != sim.email || form.password != sim.password {
        return (StatusCode::UNAUTHORIZED, Json(json!({"message": "Invalid credentials"}))).into_response();
    }
    let token = sim.issue();
    Json(json!({"message": "token_generated", "data": {"token": token}, "token_type": "bearer"})).into_response()
}

async fn refresh(State(sim): State<EskizSim>, headers: HeaderMap) -> Response {
    let Some(old) = sim.authorised(&headers) else { return token_invalid() };
    sim.inner.lock().tokens.remove(&old);
    let token = sim.issue();
    Json(json!({"message": "token_refreshed", "data": {"token": token}, "token_type": "bearer"})).into_response()
}

#[derive(Debug, Deserialize)]
struct SendForm {
    mobile_phone: String,
    message: String,
    from: String,
    #[serde(default)]
    #[allow(dead_code)]
    callback_url: Option<String>,
}

async fn send(State(sim): State<EskizSim>, headers: HeaderMap, Form(form): Form<SendForm>) -> Response {
    if sim.authorised(&headers).is_none() {
        return token_invalid();
    }
    let digits_ok = form.mobile_phone.len() == 12
        && form.mobile_phone.starts_with("998")
        && form.mobile_phone.bytes().all(|b| b.is_ascii_digit());
    if !digits_ok || form.message.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"status": "error", "message": "Invalid mobile_phone or message"})),
        )
            .into_response();
    }
    let mut inner = sim.inner.lock();
    inner.messages.push(SimMessage { mobile_phone: form.mobile_phone, message: form.message, from: form.from });
    let id = uuid::Uuid::new_v4();
    Json(json!({"id": id.to_string(), "message": "Waiting for SMS provider", "status": "waiting"})).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::Phone;
    use crate::settings::Secret;
    use crate::sms::SmsSender as _;
    use crate::sms::eskiz::EskizClient;

    #[tokio::test]
    async fn client_logs_in_sends_and_recovers_from_an_expired_token() -> Result<(), Box<dyn std::error::Error>> {
        let sim = EskizSim::new("shop@example.uz", "s3cret");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = sim.router();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let base = format!("http://{addr}/api");
        let client = EskizClient::new(&base, "shop@example.uz", Secret::new("s3cret"), "4546")?;
        let phone = Phone::parse("+998901234567")?;
        client.send(&phone, "Kod: 123456").await?;
        assert_eq!(sim.logins(), 1);
        client.send(&phone, "Kod: 654321").await?;
        assert_eq!(sim.logins(), 1, "the token is reused");
        sim.expire_tokens();
        client.send(&phone, "Kod: 111111").await?;
        assert_eq!(sim.logins(), 2, "a 401 token-invalid leads to one new login");
        client.refresh().await?;
        client.send(&phone, "Kod: 222222").await?;
        let sent = sim.messages();
        assert_eq!(sent.len(), 4);
        assert_eq!(sent[0].mobile_phone, "998901234567");
        assert_eq!(sent[0].from, "4546");
        assert_eq!(sent[3].message, "Kod: 222222");

        let wrong = EskizClient::new(&base, "shop@example.uz", Secret::new("wrong"), "4546")?;
        assert!(matches!(wrong.send(&phone, "x").await, Err(crate::sms::SmsError::Unauthorized)));
        assert_eq!(sim.messages().len(), 4);
        Ok(())
    }
}
