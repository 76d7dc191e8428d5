//! Work that keeps a hub that runs for years the same size, each in its own
//! task beside the ingest loop: markers of events far below each terminal's
//! newest are pruned (`store/seen.rs`); orders and payments past retention
//! leave the hub (`store/archive.rs`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tracing::{debug, info, warn};

use crate::metrics::Metrics;
use crate::store::{SEEN_WINDOW, Store};
use protocol::Timestamp;

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

/// How often a slice of the archive scan runs.
const ARCHIVE_EVERY: Duration = Duration::from_secs(1);

/// The fewest snapshots one slice looks at.
const ARCHIVE_MIN_SLICE: usize = 4_096;

/// Drops orders and payments untouched for `retention`, a slice a second,
/// until `shutdown` turns true. Each slice looks at twice as many snapshots
/// as events were accepted since the last one (at least
/// [`ARCHIVE_MIN_SLICE`]), so the scan outpaces new snapshots and what the
/// hub holds stays bounded by the retention period.
pub async fn archive(
    store: Arc<Store>,
    metrics: Arc<Metrics>,
    retention: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    let retention = i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    let mut tick = tokio::time::interval(ARCHIVE_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut cursor: Option<Vec<u8>> = None;
    let mut accepted_then = metrics.accepted.get();
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        let accepted = metrics.accepted.get();
        let budget = usize::try_from(accepted.saturating_sub(accepted_then).saturating_mul(2))
            .unwrap_or(usize::MAX)
            .max(ARCHIVE_MIN_SLICE);
        accepted_then = accepted;
        let cutoff = Timestamp(Timestamp::now().0.saturating_sub(retention));
        let from = cursor.take();
        let task_store = Arc::clone(&store);
        match tokio::task::spawn_blocking(move || task_store.archive_slice(from.as_deref(), cutoff, budget)).await {
            Ok(Ok(slice)) => {
                if slice.dropped > 0 {
                    metrics.archived.inc_by(slice.dropped);
                    debug!(
                        dropped = slice.dropped,
                        scanned = slice.scanned,
                        "orders and payments past retention dropped"
                    );
                }
                cursor = slice.next;
            }
            Ok(Err(e)) => warn!(error = %e, "archive scan failed; it starts over"),
            Err(e) => warn!(error = %e, "archive task failed; it starts over"),
        }
    }
}
