//! The cloud service: owner accounts, SQL storage (SQLite by default,
//! PostgreSQL by URL), hub enrolment and exactly-once sync, the owner's pages.
//!
//! It is stateless over its database: sessions, registration flows and
//! rate-limit windows live in SQL, so instances can run side by side.
//!
//! # Layout
//! Grouped by domain at the top, by layer inside each domain; a thin shell
//! holds what every domain shares.
//! - [`http`]: the web shell, no business rules: route groups and their
//!   layers, [`http::AppError`], extractors, CSRF, cookies, security headers, serve.
//! - [`ids`]: the ids the cloud makes ([`ids::BusinessId`], [`ids::BranchId`]), types of their own.
//! - [`db`]: the pool, backends, transactions, placeholders; no queries.
//! - [`accounts`]: owners, registration, sign-in, sessions, SMS codes.
//! - [`portal`]: the owner's pages over synced data, one file per page.
//! - [`branches`]: branches, hubs, terminals, enrolment codes, pairing.
//! - [`sync`]: the hub API (`/api/v1`): enrolment, ingest, rollups, watch.
//! - [`cargo`]: the cargo cabinet: shipments, tracking, uploads, documents, appeals.
//! - [`billing`]: tariffs, the subscription page, payment settings.
//! - [`admin`]: platform administration: operators' commands (`cloud admin …`),
//!   administrators' pages (`/admin`), the audit log.
//! - [`telegram`]: the owner's Telegram: linking, the Web App's sign-in, the bot and its outbox.
//! - [`sms`]: the SMS provider trait, the development provider, Eskiz and its simulator.
//! - [`settings`], [`metrics`], [`vault`], [`phone`], [`secrets`]: typed
//!   configuration, Prometheus counters, secrets sealed at rest, parsed
//!   phone numbers, argon2id passwords and tokens.
//!
//! Each domain owns its pages (`pages()`), its SQL (`store.rs`, the only place
//! its queries live), its parsed types; domains call each other only through
//! the `pub` items of the other's `mod.rs`.

pub mod accounts;
pub mod admin;
pub mod billing;
pub mod branches;
pub mod captcha;
pub mod cargo;
pub mod db;
pub mod http;
pub mod ids;
pub mod limits;
pub mod metrics;
pub mod phone;
pub mod portal;
pub mod secrets;
pub mod settings;
pub mod sms;
pub mod sync;
pub mod telegram;
pub mod vault;

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{info, warn};

use crate::accounts::Accounts;
use crate::db::Db;
use crate::http::AppState;
use crate::settings::Settings;
use crate::sms::SmsSender;

/// Makes ring rustls's process-wide crypto provider (once).
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Why the cloud could not start.
#[derive(Debug, thiserror::Error)]
pub enum CloudError {
    /// Storage.
    #[error(transparent)]
    Db(#[from] db::DbError),
    /// The SMS provider could not be set up.
    #[error(transparent)]
    Sms(#[from] sms::SmsError),
    /// Sockets, TLS files.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Bad settings.
    #[error("{0}")]
    Settings(String),
}

/// The SMS provider the settings name.
///
/// # Errors
/// [`CloudError::Settings`] for an unknown provider, a missing account, or
/// the `log` provider outside development mode.
pub fn sms_provider(settings: &Settings) -> Result<Arc<dyn SmsSender>, CloudError> {
    match settings.sms.provider.as_str() {
        "log" if settings.development => Ok(Arc::new(sms::LogSms::default())),
        "log" => Err(CloudError::Settings(
            "sms.provider = log writes verification codes to the log instead of sending them: it is for \
             development only (serve --dev, or development = true). In production set sms.provider = eskiz \
             with sms.eskiz_email and sms.eskiz_password"
                .into(),
        )),
        "eskiz" => {
            if settings.sms.eskiz_email.is_empty() || settings.sms.eskiz_password.expose().is_empty() {
                return Err(CloudError::Settings(
                    "sms.provider = eskiz needs sms.eskiz_email and sms.eskiz_password".into(),
                ));
            }
            Ok(Arc::new(sms::eskiz::EskizClient::new(
                &settings.sms.eskiz_base_url,
                &settings.sms.eskiz_email,
                settings.sms.eskiz_password.clone(),
                &settings.sms.eskiz_from,
            )?))
        }
        other => Err(CloudError::Settings(format!("unknown sms.provider {other:?} (log or eskiz)"))),
    }
}

/// Connects the database (running migrations) and builds the shared state.
///
/// # Errors
/// [`CloudError`].
pub async fn state(settings: Settings, sms: Arc<dyn SmsSender>) -> Result<AppState, CloudError> {
    let db = Db::connect(&settings.effective_database_url(), settings.max_connections).await?;
    let accounts = Accounts::new(db.clone(), sms, settings.accounts);
    let vault = vault::Vault::load(settings.secret_key.expose(), &settings.data_dir)
        .map_err(|e| CloudError::Settings(e.to_string()))?;
    Ok(AppState {
        db,
        accounts,
        settings: Arc::new(settings),
        metrics: Arc::new(metrics::Metrics::new()),
        vault: Arc::new(vault),
        config_changes: Arc::new(tokio::sync::watch::channel(0).0),
    })
}

/// A running cloud.
#[derive(Debug)]
pub struct Cloud {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state (tests and the demo reach the database through it).
    pub state: AppState,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    janitor: JoinHandle<()>,
    renewal: JoinHandle<()>,
    webhooks: JoinHandle<()>,
    telegram: JoinHandle<()>,
}

impl Cloud {
    /// Binds, then serves in the background.
    ///
    /// # Errors
    /// [`CloudError`] when the port is taken, TLS files are bad, or the
    /// database fails.
    pub async fn start(mut state: AppState) -> Result<Cloud, CloudError> {
        let listener = TcpListener::bind(state.settings.listen).await?;
        let addr = listener.local_addr()?;
        if state.settings.listen != addr {
            // Bound to port 0: the address links are made with is the real one.
            let mut bound = (*state.settings).clone();
            bound.listen = addr;
            state.settings = Arc::new(bound);
        }
        let settings = Arc::clone(&state.settings);
        let tls = match &settings.tls {
            Some(t) => Some(http::tls_config(&t.cert_path, &t.key_path)?),
            None => None,
        };
        let (shutdown, rx) = watch::channel(false);
        let mut server_rx = rx.clone();
        let app = http::router(state.clone());
        let server = tokio::spawn(http::run(listener, app, tls, settings.http, async move {
            let _ = server_rx.wait_for(|stop| *stop).await;
        }));
        let janitor = tokio::spawn(janitor(state.db.clone(), rx.clone()));
        let renewal = tokio::spawn(billing::renewal::run(state.clone(), rx.clone()));
        let webhooks = tokio::spawn(cargo::webhooks::run(state.clone(), rx.clone()));
        let telegram = tokio::spawn(telegram::worker::run(state.clone(), rx));
        info!(
            listen = %addr,
            https = settings.tls.is_some(),
            db.backend = state.db.backend.name(),
            sms.provider = settings.sms.provider,
            "cloud running"
        );
        Ok(Cloud { addr, state, shutdown, server, janitor, renewal, webhooks, telegram })
    }

    /// `http(s)://addr`.
    #[must_use]
    pub fn url(&self) -> String {
        let scheme = if self.state.settings.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Stops taking connections, lets requests finish, closes the database.
    ///
    /// # Errors
    /// The server's I/O error, if it failed.
    pub async fn shutdown(self) -> Result<(), CloudError> {
        let _ = self.shutdown.send(true);
        let result = match self.server.await {
            Ok(r) => r.map_err(CloudError::from),
            Err(e) => Err(CloudError::Io(std::io::Error::other(e.to_string()))),
        };
        let _ = self.janitor.await;
        let _ = self.renewal.await;
        let _ = self.webhooks.await;
        let _ = self.telegram.await;
        self.state.db.close().await;
        info!("cloud stopped");
        result
    }
}

/// Prunes old rate-limit windows, expired sessions and stale phone checks.
async fn janitor(db: Db, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = db.prune(db::now_ms() - 24 * 3_600_000).await {
                    warn!(error = %e, "pruning failed");
                }
                if let Err(e) = db.prune_admin_sessions().await {
                    warn!(error = %e, "pruning administrator sessions failed");
                }
            }
            r = stop.changed() => if r.is_err() || *stop.borrow() { return },
        }
    }
}
