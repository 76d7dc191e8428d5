//! The Eskiz SMS client (notify.eskiz.uz), per its published protocol:
//! `POST /auth/login` (form `email`, `password`) → `{data:{token}}`;
//! `PATCH /auth/refresh` with the bearer token → a new token;
//! `POST /message/sms/send` (form `mobile_phone` = 998XXXXXXXXX, `message`,
//! `from`) with the bearer token → `{id, message, status:"waiting"}`.
//! HTTP 401 with `{"status":"token-invalid"}` means log in again; the client
//! does so once and retries.

use std::time::Duration;

use serde::Deserialize;
use tokio::sync::Mutex;
use tracing::{info, warn};

use super::{SendFuture, SmsError, SmsSender};
use crate::phone::Phone;
use crate::settings::Secret;

/// An Eskiz account.
#[derive(Debug)]
pub struct EskizClient {
    http: reqwest::Client,
    base: String,
    email: String,
    password: Secret,
    from: String,
    /// The bearer token, fetched on first use and after a 401.
    token: Mutex<Option<String>>,
}

#[derive(Debug, Deserialize)]
struct TokenData {
    token: String,
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    data: TokenData,
}

#[derive(Debug, Deserialize)]
struct SendAnswer {
    id: serde_json::Value,
    status: String,
}

enum Attempt {
    Sent,
    TokenInvalid,
}

impl EskizClient {
    /// A client for the API at `base` (`https://notify.eskiz.uz/api`).
    ///
    /// # Errors
    /// [`SmsError::Transport`] if the HTTP client cannot be built.
    pub fn new(base: &str, email: &str, password: Secret, from: &str) -> Result<Self, SmsError> {
        crate::install_crypto_provider();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| SmsError::Transport(e.to_string()))?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            email: email.to_owned(),
            password,
            from: from.to_owned(),
            token: Mutex::new(None),
        })
    }

    async fn login(&self) -> Result<String, SmsError> {
        let answer = self
            .http
            .post(format!("{}/auth/login", self.base))
            .form(&[("email", self.email.as_str()), ("password", self.password.expose())])
            .send()
            .await
            .map_err(|e| SmsError::Transport(e.to_string()))?;
        if answer.status() == reqwest::StatusCode::UNAUTHORIZED {
            return Err(SmsError::Unauthorized);
        }
        if !answer.status().is_success() {
            return Err(SmsError::Refused(format!("login answered {}", answer.status())));
        }
        let body: TokenAnswer = answer.json().await.map_err(|e| SmsError::Refused(format!("login answer: {e}")))?;
        info!("Eskiz token obtained");
        Ok(body.data.token)
    }

    /// Asks Eskiz for a fresh token with the current one (`PATCH /auth/refresh`).
    ///
    /// # Errors
    /// [`SmsError`].
    pub async fn refresh(&self) -> Result<(), SmsError> {
        let mut guard = self.token.lock().await;
        let Some(current) = guard.clone() else {
            *guard = Some(self.login().await?);
            return Ok(());
        };
        let answer = self
            .http
            .patch(format!("{}/auth/refresh", self.base))
            .bearer_auth(current)
            .send()
            .await
            .map_err(|e| SmsError::Transport(e.to_string()))?;
        if answer.status().is_success() {
            let body: TokenAnswer =
                answer.json().await.map_err(|e| SmsError::Refused(format!("refresh answer: {e}")))?;
            *guard = Some(body.data.token);
        } else {
            *guard = Some(self.login().await?);
        }
        Ok(())
    }

    async fn attempt(&self, token: &str, phone: &Phone, text: &str) -> Result<Attempt, SmsError> {
        let answer = self
            .http
            .post(format!("{}/message/sms/send", self.base))
            .bearer_auth(token)
            .form(&[("mobile_phone", phone.digits()), ("message", text), ("from", self.from.as_str())])
            .send()
            .await
            .map_err(|e| SmsError::Transport(e.to_string()))?;
        let status = answer.status();
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Ok(Attempt::TokenInvalid);
        }
        let body = answer.text().await.map_err(|e| SmsError::Transport(e.to_string()))?;
        if !status.is_success() {
            return Err(SmsError::Refused(format!("{status}: {}", body.chars().take(200).collect::<String>())));
        }
        let parsed: SendAnswer =
            serde_json::from_str(&body).map_err(|e| SmsError::Refused(format!("send answer: {e}")))?;
        info!(sms.id = %parsed.id, sms.status = parsed.status, "SMS accepted by Eskiz");
        Ok(Attempt::Sent)
    }
}

impl SmsSender for EskizClient {
    fn send<'a>(&'a self, phone: &'a Phone, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            for round in 0..2 {
                let token = {
                    let mut guard = self.token.lock().await;
                    match guard.as_ref() {
                        Some(t) => t.clone(),
                        None => {
                            let t = self.login().await?;
                            *guard = Some(t.clone());
                            t
                        }
                    }
                };
                match self.attempt(&token, phone, text).await? {
                    Attempt::Sent => return Ok(()),
                    Attempt::TokenInvalid => {
                        warn!(round, "Eskiz token invalid; logging in again");
                        let mut guard = self.token.lock().await;
                        if guard.as_deref() == Some(token.as_str()) {
                            *guard = None;
                        }
                    }
                }
            }
            Err(SmsError::Unauthorized)
        })
    }
}
