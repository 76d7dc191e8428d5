//! The hub's link to the cloud: enrolment (a branch's code for the hub's own
//! credential), the credential kept on disk, and the HTTP client.

use std::path::Path;
use std::time::Duration;

use protocol::sync::{EnrolRequest, EnrolResponse, HubCredential};
use serde::{Deserialize, Serialize};

use super::SyncError;
use crate::settings::{Settings, SyncSettings};

/// The hub's link to the cloud, kept in `data_dir/cloud.json` (mode 0600).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudLink {
    /// The cloud's base URL.
    pub cloud_url: String,
    /// `hub1.<id>.<secret>`.
    pub credential: String,
    /// The branch this hub serves.
    pub branch_name: String,
    /// The business.
    pub business_name: String,
}

impl std::fmt::Debug for CloudLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudLink")
            .field("cloud_url", &self.cloud_url)
            .field("branch_name", &self.branch_name)
            .finish_non_exhaustive()
    }
}

impl CloudLink {
    /// Reads the link, if the hub is enrolled.
    ///
    /// # Errors
    /// [`SyncError::Io`] when the file exists but cannot be read or parsed.
    pub fn load(path: &Path) -> Result<Option<Self>, SyncError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| SyncError::Io(std::io::Error::other(format!("{}: {e}", path.display())))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes the link atomically, readable by the owner only.
    ///
    /// # Errors
    /// [`SyncError::Io`].
    pub fn save(&self, path: &Path) -> Result<(), SyncError> {
        if let Some(dir) = path.parent() {
            crate::files::private_dir(dir)?;
        }
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| std::io::Error::other(e.to_string()))?;
        crate::files::write_secret(path, &bytes)?;
        Ok(())
    }
}

/// An HTTP client for the cloud, trusting the extra root in the settings.
///
/// # Errors
/// [`SyncError::Io`] when the CA file cannot be read or parsed.
pub fn http_client(settings: &SyncSettings) -> Result<reqwest::Client, SyncError> {
    // rustls needs a process-wide provider before any client is built (the
    // binary installs it; an embedding program or a test may not have).
    crate::install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_s.max(1)))
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("edge-hub/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &settings.ca_cert_path {
        let pem = std::fs::read(path)?;
        let cert = reqwest::Certificate::from_pem(&pem)
            .map_err(|e| std::io::Error::other(format!("{}: {e}", path.display())))?;
        builder = builder.add_root_certificate(cert);
    }
    builder.build().map_err(|e| SyncError::Transport(e.to_string()))
}

/// `edge-hub enroll`: exchanges a branch's enrolment code for this hub's
/// credential and keeps it in the data dir.
///
/// # Errors
/// [`SyncError::Refused`] with the cloud's message for a wrong, used or
/// expired code; transport and file errors.
pub async fn enroll(settings: &Settings, cloud_url: &str, code: &str, name: &str) -> Result<CloudLink, SyncError> {
    let client = http_client(&settings.sync)?;
    let url = format!("{}/api/v1/hubs/enroll", cloud_url.trim_end_matches('/'));
    let res = client
        .post(&url)
        .json(&EnrolRequest { code: code.to_owned(), name: name.to_owned() })
        .send()
        .await
        .map_err(|e| SyncError::Transport(e.to_string()))?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| SyncError::Transport(e.to_string()))?;
    if !status.is_success() {
        let message = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_else(|| format!("HTTP {status}"));
        return Err(if status.is_server_error() {
            SyncError::Server(status.as_u16())
        } else {
            SyncError::Refused(message)
        });
    }
    let answer: EnrolResponse =
        serde_json::from_slice(&body).map_err(|e| SyncError::Refused(format!("unexpected answer: {e}")))?;
    HubCredential::parse(&answer.credential).map_err(|e| SyncError::Refused(e.to_string()))?;
    let link = CloudLink {
        cloud_url: cloud_url.trim_end_matches('/').to_owned(),
        credential: answer.credential,
        branch_name: answer.branch_name,
        business_name: answer.business_name,
    };
    link.save(&settings.cloud_link_path())?;
    Ok(link)
}
