//! Work that keeps a hub that runs for years the same size: markers of
//! events far below each terminal's newest are pruned (`store/seen.rs`).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tracing::{info, warn};

use crate::store::{SEEN_WINDOW, Store};

/// The first pass after start (not at once: startup has enough to do).
const FIRST: Duration = Duration::from_secs(30);
/// Then this often.
const EVERY: Duration = Duration::from_secs(3_600);

/// Runs until `shutdown` turns true.
pub async fn run(store: Arc<Store>, mut shutdown: watch::Receiver<bool>) {
    let mut wait = FIRST;
    loop {
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => return,
        }
        wait = EVERY;
        let store = Arc::clone(&store);
        let started = std::time::Instant::now();
        match tokio::task::spawn_blocking(move || store.prune_seen(SEEN_WINDOW)).await {
            Ok(Ok(removed)) => {
                info!(removed, elapsed_ms = started.elapsed().as_millis() as u64, "old event markers pruned");
            }
            Ok(Err(e)) => warn!(error = %e, "pruning old event markers failed; retried in an hour"),
            Err(e) => warn!(error = %e, "pruning task failed; retried in an hour"),
        }
    }
}
