//! Simulated terminals for the demos (`edge-hub demo`, `cloud demo`): their
//! credentials are provisioned on first run and kept in the data dir, their
//! outboxes on disk, so a restarted demo carries on where it stopped.

use std::io::Write as _;
use std::path::Path;

use firmware_sim::load::LoadConfig;

use crate::{Hub, HubError};

/// Provisions (or reloads) `count` demo terminals and returns the load
/// generator's configuration selling `rate` events/s across them.
///
/// # Errors
/// [`HubError`] for storage, file or limit failures.
pub async fn terminals(hub: &Hub, data_dir: &Path, count: usize, rate: f64) -> Result<LoadConfig, HubError> {
    let creds_path = data_dir.join("demo-terminals.txt");
    let mut credentials = match std::fs::read_to_string(&creds_path) {
        Ok(text) => firmware_sim::parse_credentials(&text)
            .map_err(|e| std::io::Error::other(format!("{}: {e}", creds_path.display())))?,
        Err(_) => Vec::new(),
    };
    credentials.retain(|c| hub.core.terminals.get(c.terminal).is_some_and(|r| r.is_active()));
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&creds_path)?;
    while credentials.len() < count {
        let credential = hub.core.provision(&format!("Kassa {}", credentials.len() + 1)).await?;
        writeln!(file, "{}", credential.to_text())?;
        credentials.push(credential);
    }
    credentials.truncate(count);
    let mqtt = hub.core.broker.mqtt_addr;
    let mut config = LoadConfig::new(mqtt.ip().to_string(), mqtt.port(), credentials);
    config.rate = rate.max(0.1);
    config.duration = std::time::Duration::from_secs(365 * 24 * 3600);
    config.outbox_dir = Some(data_dir.join("demo-outboxes"));
    config.seed = rand::random();
    Ok(config)
}
