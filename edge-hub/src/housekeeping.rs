//! Work that keeps a hub that runs for years the same size: markers of
//! events far below each terminal's newest are pruned (`store/seen.rs`).
//! (Orders and payments past retention leave in the ingest loop, see
//! `store/archive.rs`.)

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tracing::{info, warn};

use crate::metrics::Metrics;
use crate::store::{SEEN_WINDOW, Store};

/// The first pass after start (not at once: startup has enough to do).
const FIRST: Duration = Duration::from_secs(30);
/// How often it looks whether a pass is due.
const LOOK_EVERY: Duration = Duration::from_secs(10);
/// A pass is due an hour after the last one…
const EVERY: Duration = Duration::from_secs(3_600);
/// …or once this many events were accepted since, so a busy hub's markers
/// stay within a few hundred thousand beyond the window.
const AFTER_EVENTS: u64 = 262_144;

/// Runs until `shutdown` turns true.
pub async fn run(store: Arc<Store>, metrics: Arc<Metrics>, mut shutdown: watch::Receiver<bool>) {
    let mut wait = FIRST;
    // When the last pass ran and how many events had been accepted then
    // (`None`: no pass yet, so the first one runs after `FIRST`).
    let mut last: Option<(Instant, u64)> = None;
    loop {
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => return,
        }
        wait = LOOK_EVERY;
        let accepted = metrics.accepted.get();
        let due = last.is_none_or(|(at, then)| at.elapsed() >= EVERY || accepted.saturating_sub(then) >= AFTER_EVENTS);
        if !due {
            continue;
        }
        last = Some((Instant::now(), accepted));
        let store = Arc::clone(&store);
        let started = Instant::now();
        match tokio::task::spawn_blocking(move || store.prune_seen(SEEN_WINDOW)).await {
            Ok(Ok(removed)) => {
                info!(removed, elapsed_ms = started.elapsed().as_millis() as u64, "old event markers pruned");
            }
            Ok(Err(e)) => warn!(error = %e, "pruning old event markers failed; retried later"),
            Err(e) => warn!(error = %e, "pruning task failed; retried later"),
        }
    }
}
