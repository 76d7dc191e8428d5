//! `edge-hub terminal add|list|revoke`. When no hub runs, the command opens
//! the store itself. When a hub holds the store (sled allows one process), it
//! goes through that hub's admin API instead, so a revocation also drops the
//! terminal's live session at once.

use std::sync::Arc;

use protocol::TerminalId;
use protocol::sync::TerminalRole;

use crate::settings::Settings;
use crate::status::{AddTerminal, AddedTerminal, ApiError, HandoverReport, TerminalView, WindowRequest, WindowState};
use crate::store::{Store, StoreError};
use crate::terminals::Terminals;

/// An admin command failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Direct storage access failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The registry refused.
    #[error(transparent)]
    Terminals(#[from] crate::terminals::TerminalsError),
    /// The running hub could not be reached or refused.
    #[error("running hub at {addr}: {message}")]
    Api {
        /// Status address tried.
        addr: std::net::SocketAddr,
        /// What happened.
        message: String,
    },
    /// The command needs the hub running (it checks through its pipeline).
    #[error("{0}: start the hub first (edge-hub run), then run this again")]
    NeedsRunningHub(&'static str),
    /// The admin token file is missing.
    #[error("cannot read the admin token {path}: {source}")]
    Token {
        /// Where it should be.
        path: String,
        /// Why not.
        source: std::io::Error,
    },
}

/// How to reach the terminal registry.
enum Access {
    Direct(Terminals),
    Api { base: String, token: String, addr: std::net::SocketAddr, client: reqwest::Client },
}

/// sled 0.34 reports a held lock as `ErrorKind::Other` whose text carries
/// the underlying `WouldBlock`; newer versions may pass the kind through.
fn held_by_other_process(e: &StoreError) -> bool {
    matches!(e, StoreError::Sled(sled::Error::Io(io))
        if io.kind() == std::io::ErrorKind::WouldBlock || io.to_string().contains("could not acquire lock"))
}

/// The terminal registry, reached directly or through the running hub.
pub struct Admin(Access);

impl Admin {
    /// Opens the store, or finds the running hub that holds it.
    ///
    /// # Errors
    /// [`AdminError`] when neither works.
    pub async fn connect(settings: &Settings) -> Result<Self, AdminError> {
        Ok(Self(access(settings).await?))
    }

    /// Provisions a terminal and returns its credential text.
    ///
    /// # Errors
    /// [`AdminError`] when the registry refuses.
    pub async fn add(&self, name: &str, role: TerminalRole) -> Result<AddedTerminal, AdminError> {
        match &self.0 {
            Access::Direct(terminals) => {
                let c = terminals.provision(name, role).await?;
                Ok(AddedTerminal { id: c.terminal, credential: c.to_text() })
            }
            Access::Api { base, token, addr, client } => {
                api_call(client.post(base).json(&AddTerminal { name: name.to_owned(), role }), token, *addr).await
            }
        }
    }

    /// Every terminal.
    ///
    /// # Errors
    /// [`AdminError`] when the registry cannot be reached.
    pub async fn list(&self) -> Result<Vec<TerminalView>, AdminError> {
        match &self.0 {
            Access::Direct(terminals) => {
                Ok(terminals.list().iter().map(|r| TerminalView::from_record(r, false)).collect())
            }
            Access::Api { base, token, addr, client } => api_call(client.get(base), token, *addr).await,
        }
    }

    /// Hands a revoked terminal's unsent sales (its hand-over file's text)
    /// to the running hub.
    ///
    /// # Errors
    /// [`AdminError::NeedsRunningHub`] when the hub is stopped; what the hub refused.
    pub async fn handover(&self, text: String) -> Result<HandoverReport, AdminError> {
        match &self.0 {
            Access::Direct(_) => Err(AdminError::NeedsRunningHub("a hand-over goes through the hub's checks")),
            Access::Api { base, token, addr, client } => {
                api_call(client.post(format!("{base}/handover")).body(text), token, *addr).await
            }
        }
    }

    /// Opens the running hub's pairing window for `minutes` (0 closes it).
    ///
    /// # Errors
    /// [`AdminError::NeedsRunningHub`] when the hub is stopped (the window
    /// lives in the running hub); what the hub refused.
    pub async fn pairing_window(&self, minutes: u64) -> Result<WindowState, AdminError> {
        match &self.0 {
            Access::Direct(_) => Err(AdminError::NeedsRunningHub("the pairing window is the running hub's")),
            Access::Api { token, addr, client, .. } => {
                let url = format!("http://{addr}/admin/pairing/window");
                api_call(client.post(url).json(&WindowRequest { minutes }), token, *addr).await
            }
        }
    }

    /// Revokes a terminal.
    ///
    /// # Errors
    /// [`AdminError`] when unknown or the registry cannot be reached.
    pub async fn revoke(&self, id: TerminalId) -> Result<TerminalView, AdminError> {
        match &self.0 {
            Access::Direct(terminals) => {
                let r = terminals.revoke(id).await?;
                Ok(TerminalView::from_record(&r, false))
            }
            Access::Api { base, token, addr, client } => {
                api_call(client.post(format!("{base}/{id}/revoke")), token, *addr).await
            }
        }
    }
}

async fn access(settings: &Settings) -> Result<Access, AdminError> {
    crate::files::private_dir(&settings.data_dir).map_err(|e| StoreError::Sled(sled::Error::Io(e)))?;
    match Store::open(&settings.db_path(), 4 * 1024 * 1024) {
        Ok(store) => Ok(Access::Direct(Terminals::open(Arc::new(store))?)),
        Err(e) if held_by_other_process(&e) => {
            let path = settings.admin_token_path();
            let token = std::fs::read_to_string(&path)
                .map_err(|source| AdminError::Token { path: path.display().to_string(), source })?;
            let addr = settings.status.listen;
            Ok(Access::Api {
                base: format!("http://{addr}/admin/terminals"),
                token: token.trim().to_owned(),
                addr,
                client: reqwest::Client::new(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

async fn api_call<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
    token: &str,
    addr: std::net::SocketAddr,
) -> Result<T, AdminError> {
    let fail = |message: String| AdminError::Api { addr, message };
    let response = request.bearer_auth(token).send().await.map_err(|e| fail(e.to_string()))?;
    if response.status().is_success() {
        response.json::<T>().await.map_err(|e| fail(e.to_string()))
    } else {
        let status = response.status();
        let message = match response.json::<ApiError>().await {
            Ok(body) => body.error,
            Err(_) => status.to_string(),
        };
        Err(fail(message))
    }
}
