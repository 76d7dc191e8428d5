//! Typed, layered settings: built-in defaults, then an optional TOML file,
//! then `EDGE_HUB__SECTION__KEY` environment variables (for example
//! `EDGE_HUB__MQTT__LISTEN=0.0.0.0:1883`). With nothing configured the hub
//! keeps its data in `./data/hub`, speaks MQTT on 127.0.0.1:1883 and serves
//! status on 127.0.0.1:8081.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Everything the hub can be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Where sled keeps the hub's data and the admin token lives.
    pub data_dir: PathBuf,
    /// The embedded broker.
    pub mqtt: MqttSettings,
    /// The status / metrics / technician HTTP server.
    pub status: StatusSettings,
    /// Storage tuning.
    pub store: StoreSettings,
    /// Syncing with the cloud (once enrolled).
    pub sync: SyncSettings,
    /// Pairing terminals.
    #[serde(default)]
    pub pairing: PairingSettings,
}

/// Pairing terminals (see `protocol::pairing`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PairingSettings {
    /// The PIN a technician types on the hub's page to pair a terminal with
    /// no internet at all (at least 8 characters). Unset: the hub makes a
    /// passphrase at its first start (`edge-hub technician-passphrase`).
    /// Read as text even when the environment gives it as a number (then a
    /// leading 0 is lost: quote such a PIN, `'"0123456"'`).
    #[serde(default, deserialize_with = "pin_text")]
    pub technician_pin: Option<String>,
}

/// A PIN as text, whether the source wrote it as a string or a number.
fn pin_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Pin {
        Text(String),
        Number(u64),
    }
    Ok(Option::<Pin>::deserialize(d)?.map(|p| match p {
        Pin::Text(t) => t,
        Pin::Number(n) => n.to_string(),
    }))
}

/// The sync client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// Most events per batch.
    pub batch_events: usize,
    /// About the most bytes of events per batch.
    pub batch_bytes: usize,
    /// Pause between calls when there is nothing to send (config is fetched
    /// with each call), milliseconds.
    pub idle_ms: u64,
    /// First retry delay after a failure, milliseconds; doubles per failure.
    pub backoff_min_ms: u64,
    /// Longest retry delay, milliseconds.
    pub backoff_max_ms: u64,
    /// Timeout of one call, seconds.
    pub timeout_s: u64,
    /// Extra PEM root certificate to trust for the cloud's HTTPS (a private CA).
    pub ca_cert_path: Option<PathBuf>,
}

impl Default for SyncSettings {
    fn default() -> Self {
        Self {
            batch_events: 20_000,
            batch_bytes: 8 * 1024 * 1024,
            idle_ms: 1_000,
            backoff_min_ms: 500,
            backoff_max_ms: 60_000,
            timeout_s: 60,
            ca_cert_path: None,
        }
    }
}

/// The embedded MQTT broker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MqttSettings {
    /// Plain MQTT listener. Keep it on loopback when terminals use TLS.
    pub listen: SocketAddr,
    /// Optional TLS listener for terminals on the LAN.
    pub tls: Option<TlsSettings>,
    /// Most simultaneous MQTT connections.
    pub max_connections: usize,
    /// The pairing listener, where unpaired devices ask to be paired (a
    /// separate broker). `None` turns pairing by device off.
    #[serde(default)]
    pub pairing_listen: Option<SocketAddr>,
}

/// A TLS listener (rustls inside the broker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsSettings {
    /// Address of the TLS listener, e.g. `0.0.0.0:8883`.
    pub listen: SocketAddr,
    /// PEM certificate chain.
    pub cert_path: PathBuf,
    /// PEM private key.
    pub key_path: PathBuf,
}

/// The local HTTP server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusSettings {
    /// Address of `/healthz`, `/metrics`, the technician page and the admin API.
    pub listen: SocketAddr,
    /// Host names the pages answer to besides IP addresses, `localhost` and
    /// `.local` names (any other name is refused: DNS rebinding).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
}

/// sled tuning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreSettings {
    /// sled's page cache, in MiB.
    pub cache_mb: u64,
    /// Orders and payments untouched this long (seconds) are dropped from
    /// the hub (the cloud keeps them; see `store/archive.rs`): 35 days.
    #[serde(default = "default_retention_s")]
    pub retention_s: u64,
}

/// 35 days: a return within a month still finds its order at the till.
const fn default_retention_s() -> u64 {
    35 * 24 * 3_600
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data/hub"),
            mqtt: MqttSettings {
                listen: SocketAddr::from(([127, 0, 0, 1], 1883)),
                tls: None,
                max_connections: 2_000,
                pairing_listen: Some(SocketAddr::from(([127, 0, 0, 1], 1884))),
            },
            status: StatusSettings { listen: SocketAddr::from(([127, 0, 0, 1], 8081)), allowed_hosts: Vec::new() },
            store: StoreSettings { cache_mb: 16, retention_s: default_retention_s() },
            sync: SyncSettings::default(),
            pairing: PairingSettings::default(),
        }
    }
}

/// Settings could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("invalid hub settings: {0}")]
pub struct SettingsError(String);

impl Settings {
    /// Defaults, then `file` if given, then the environment.
    ///
    /// # Errors
    /// [`SettingsError`] when the file cannot be read or a value does not parse.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.exists() {
                return Err(SettingsError(format!("config file {} does not exist", file.display())));
            }
            figment = figment.merge(Toml::file(file));
        }
        figment = figment.merge(Env::prefixed("EDGE_HUB__").split("__"));
        figment.extract().map_err(|e| SettingsError(e.to_string()))
    }

    /// The sled directory inside the data dir.
    #[must_use]
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("db")
    }

    /// The file holding the hub's cloud credential (written by `edge-hub enroll`).
    #[must_use]
    pub fn cloud_link_path(&self) -> PathBuf {
        self.data_dir.join("cloud.json")
    }

    /// The file holding the local admin token.
    #[must_use]
    pub fn admin_token_path(&self) -> PathBuf {
        self.data_dir.join("admin.token")
    }

    /// The hub's identity seed (see [`protocol::hub_id`]), made at first start.
    #[must_use]
    pub fn identity_path(&self) -> PathBuf {
        self.data_dir.join("hub-identity.key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_nothing() {
        let s = Settings::default();
        assert_eq!(s.mqtt.listen.port(), 1883);
        assert_eq!(s.status.listen.port(), 8081);
        assert_eq!(s.data_dir, PathBuf::from("data/hub"));
    }

    #[test]
    fn file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("hub.toml");
        std::fs::write(&file, "data_dir = \"/tmp/x\"\n[mqtt]\nlisten = \"0.0.0.0:1999\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let s = Settings::load(Some(&file)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(s.mqtt.listen.port(), 1999);
        assert_eq!(s.status.listen.port(), 8081);
    }

    #[test]
    fn missing_file_is_an_error() {
        assert!(Settings::load(Some(Path::new("/nonexistent/hub.toml"))).is_err());
    }
}
