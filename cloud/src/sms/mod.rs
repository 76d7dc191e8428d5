//! Sending verification codes by SMS (B7).
//!
//! # Layout
//! - [`SmsSettings`]: its section of the settings (`sms.*`).
//! - [`SmsSender`]: what the accounts code needs; [`LogSms`] is the
//!   development provider (the text goes to the log and to an in-memory
//!   list tests can read).
//! - [`eskiz`]: the Eskiz client (notify.eskiz.uz), token login and refresh.
//! - [`eskiz_sim`]: a local Eskiz that follows its published protocol, for
//!   tests and the demo.

pub mod eskiz;
pub mod eskiz_sim;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use parking_lot::Mutex;
use tracing::info;

use crate::phone::Phone;
use crate::settings::Secret;

/// Which SMS provider sends codes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SmsSettings {
    /// `log` (development: the code goes to the log) or `eskiz`.
    pub provider: String,
    /// Eskiz's API base, `https://notify.eskiz.uz/api` in production.
    pub eskiz_base_url: String,
    /// Eskiz account e-mail.
    pub eskiz_email: String,
    /// Eskiz account password.
    pub eskiz_password: Secret,
    /// Sender name approved by Eskiz (`4546` is its test sender).
    pub eskiz_from: String,
}

impl Default for SmsSettings {
    fn default() -> Self {
        Self {
            provider: "log".into(),
            eskiz_base_url: "https://notify.eskiz.uz/api".into(),
            eskiz_email: String::new(),
            eskiz_password: Secret::default(),
            eskiz_from: "4546".into(),
        }
    }
}

/// Sending failed.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// The provider could not be reached.
    #[error("SMS provider unreachable: {0}")]
    Transport(String),
    /// The provider refused our login.
    #[error("SMS provider refused the account credentials")]
    Unauthorized,
    /// The provider answered something else.
    #[error("SMS provider refused the message: {0}")]
    Refused(String),
}

/// A boxed future, so the trait stays object-safe.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;

/// Something that delivers a text to a phone.
pub trait SmsSender: Send + Sync + std::fmt::Debug {
    /// Sends `text` to `phone`.
    fn send<'a>(&'a self, phone: &'a Phone, text: &'a str) -> SendFuture<'a>;
}

/// The development provider: logs every message and remembers it.
#[derive(Debug, Default, Clone)]
pub struct LogSms {
    sent: Arc<Mutex<Vec<(String, String)>>>,
}

impl LogSms {
    /// Every `(phone, text)` sent so far.
    #[must_use]
    pub fn sent(&self) -> Vec<(String, String)> {
        self.sent.lock().clone()
    }
}

impl SmsSender for LogSms {
    fn send<'a>(&'a self, phone: &'a Phone, text: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            info!(sms.to = %phone, sms.text = text, "SMS (development provider: not sent)");
            self.sent.lock().push((phone.to_string(), text.to_owned()));
            Ok(())
        })
    }
}
