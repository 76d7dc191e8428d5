//! Typed, layered settings: built-in defaults, then an optional TOML file,
//! then `CLOUD__SECTION__KEY` environment variables, and `DATABASE_URL`. With
//! nothing configured the cloud keeps SQLite in `./data/cloud.db` and listens
//! on 127.0.0.1:8080.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A value that must never be printed (passwords, tokens).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that needs it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"[redacted]\"" })
    }
}

/// Everything the cloud can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Address of the HTTP(S) server.
    pub listen: SocketAddr,
    /// Where the default SQLite database lives.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means SQLite in `data_dir`.
    /// `DATABASE_URL` in the environment overrides it.
    pub database_url: Secret,
    /// Most database connections.
    pub max_connections: u32,
    /// Serve HTTPS with these PEM files (rustls). Cookies are then `Secure`.
    pub tls: Option<TlsSettings>,
    /// Mark cookies `Secure` even without `tls` (TLS terminated by a proxy).
    /// Outside [`Settings::development`] they always are.
    pub secure_cookies: bool,
    /// Development mode (`serve --dev`): the `log` SMS provider is allowed
    /// and cookies may go without `Secure` over plain HTTP. Off in production.
    pub development: bool,
    /// Take the client address from the last `X-Forwarded-For` hop (only
    /// behind a proxy that sets it).
    pub trust_forwarded_for: bool,
    /// The bearer token `/metrics` asks for; empty: it answers no one, or
    /// loopback addresses in development mode.
    pub metrics_token: Secret,
    /// Where verification codes go.
    pub sms: crate::sms::SmsSettings,
    /// Largest sync body accepted, in bytes.
    pub max_sync_body: usize,
    /// Connections and timeouts of the HTTP server.
    pub http: crate::http::HttpLimits,
    /// Largest upload (multipart file) accepted, in bytes.
    pub max_upload_body: usize,
    /// The key sealing secrets at rest (base64, 32 bytes); empty means the
    /// file `secret.key` in `data_dir`, created on first start.
    pub secret_key: Secret,
    /// Timings and limits of registration and sign-in.
    pub accounts: crate::accounts::AccountPolicy,
    /// Subscriptions and payment providers.
    pub billing: crate::billing::settings::BillingSettings,
    /// Business clients' webhooks.
    pub webhooks: crate::cargo::webhooks::WebhookSettings,
    /// The owner's Telegram bot and Web App.
    pub telegram: crate::telegram::TelegramSettings,
}

/// HTTPS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsSettings {
    /// PEM certificate chain.
    pub cert_path: PathBuf,
    /// PEM private key.
    pub key_path: PathBuf,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("data"),
            database_url: Secret::default(),
            max_connections: 8,
            secret_key: Secret::default(),
            tls: None,
            secure_cookies: false,
            development: false,
            trust_forwarded_for: false,
            metrics_token: Secret::default(),
            sms: crate::sms::SmsSettings::default(),
            max_sync_body: 16 * 1024 * 1024,
            http: crate::http::HttpLimits::default(),
            max_upload_body: 8 * 1024 * 1024,
            accounts: crate::accounts::AccountPolicy::default(),
            billing: crate::billing::settings::BillingSettings::default(),
            webhooks: crate::cargo::webhooks::WebhookSettings::default(),
            telegram: crate::telegram::TelegramSettings::default(),
        }
    }
}

/// Settings could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("invalid cloud settings: {0}")]
pub struct SettingsError(String);

impl Settings {
    /// Defaults, then `file` if given, then the environment.
    ///
    /// # Errors
    /// [`SettingsError`] when the file is missing or a value does not parse.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(SettingsError(format!("config file {} does not exist", file.display())));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("CLOUD__").split("__"));
        let mut settings: Settings = figment.extract().map_err(|e| SettingsError(e.to_string()))?;
        if let Ok(url) = std::env::var("DATABASE_URL")
            && !url.trim().is_empty()
        {
            settings.database_url = Secret::new(url.trim());
        }
        Ok(settings)
    }

    /// The database URL to use: the configured one, or SQLite in `data_dir`.
    #[must_use]
    pub fn effective_database_url(&self) -> String {
        if self.database_url.expose().is_empty() {
            format!("sqlite://{}?mode=rwc", self.data_dir.join("cloud.db").display())
        } else {
            self.database_url.expose().to_owned()
        }
    }

    /// Where browsers and providers reach this cloud: `billing.public_url`,
    /// or `http://{listen}` when unset; no trailing slash.
    #[must_use]
    pub fn public_url(&self) -> String {
        let url = self.billing.public_url.trim().trim_end_matches('/');
        if url.is_empty() {
            let scheme = if self.tls.is_some() { "https" } else { "http" };
            format!("{scheme}://{}", self.listen)
        } else {
            url.to_owned()
        }
    }

    /// Should cookies carry `Secure`? Always, but in development mode over
    /// plain HTTP (browsers keep `Secure` cookies of `http://localhost` and
    /// `http://127.0.0.1` too, so a local run works either way).
    #[must_use]
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies || self.tls.is_some() || !self.development
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_nothing() {
        let s = Settings::default();
        assert_eq!(s.listen.port(), 8080);
        assert!(s.effective_database_url().starts_with("sqlite://data/cloud.db"));
        assert!(s.cookies_secure(), "production cookies are Secure");
        let dev = Settings { development: true, ..Settings::default() };
        assert!(!dev.cookies_secure(), "development mode may drop Secure");
        assert!(Settings { secure_cookies: true, ..dev }.cookies_secure());
    }

    #[test]
    fn secrets_never_print() {
        let mut s = Settings { database_url: Secret::new("postgres://u:hunter2@h/db"), ..Settings::default() };
        s.sms.eskiz_password = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }
}
