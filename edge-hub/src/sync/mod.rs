//! The hub's side of cloud sync: enrolment, the sync loop, config from the
//! cloud. The wire format is [`protocol::sync`].
//!
//! The loop is *plan, then execute*: [`plan`] is a pure function that decides
//! what the next call carries (the unacknowledged batch again, or a new batch
//! from the oldest or the newest end of the outbox, alternating while a
//! backlog is larger than one batch so fresh sales are not stuck behind it),
//! and [`SyncClient::run`] performs it. A batch is recorded on disk before its
//! first attempt, so every retry (after a restart too) carries the same
//! events under the same number; outbox entries are deleted only when the
//! cloud has acknowledged them. Failures back off exponentially with full
//! jitter; nothing is ever dropped for age. A batch the cloud refuses for its
//! content is narrowed until the one event at fault is set aside as a dead
//! letter (see `store/dead.rs`); the rest keeps syncing.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use protocol::sync::{
    Batch, HubConfig, HubStatus, SYNC_CONTENT_TYPE, SYNC_VERSION, SyncEvent, SyncRequest, SyncResponse, TerminalInfo,
    WATCH_VERSION, WatchRequest, WatchResponse,
};
use protocol::{EntityKey, Timestamp};
use tokio::sync::watch;
use tracing::{debug, error, info, warn};

use crate::HubCore;
use crate::metrics::ReasonLabel;
use crate::settings::{Settings, SyncSettings};
use crate::store::{InflightBatch, OutboxEnd, OutboxEntry, Segment, StoreError};

/// A sync or enrolment failure.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The cloud could not be reached or timed out: retry.
    #[error("cloud unreachable: {0}")]
    Transport(String),
    /// The cloud failed (5xx): retry.
    #[error("cloud error {0}")]
    Server(u16),
    /// The cloud refused the hub's credential.
    #[error("the cloud refused this hub's credential (revoked or unknown); enrol again")]
    Unauthorized,
    /// The batch number was used before with other content.
    #[error("batch number already used in the cloud (last there: {0:?})")]
    SeqReused(Option<u64>),
    /// The cloud refused the request (4xx).
    #[error("the cloud refused the request: {0}")]
    Refused(String),
    /// The cloud refused the batch for what it carries (400, 413, 422): the
    /// batch is narrowed, down to setting one event aside.
    #[error("the cloud refused the batch: {0}")]
    BatchRefused(String),
    /// Local storage.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Local files.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

mod link;

pub use link::{CloudLink, enroll, http_client};

/// What the next call carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The unacknowledged batch, again.
    Resend,
    /// A new batch from this end of the outbox.
    New(OutboxEnd),
    /// No events: a heartbeat that fetches config.
    Heartbeat,
}

/// Decides the next call. `last` is the end the previous new batch came from.
#[must_use]
pub fn plan(inflight: bool, depth: u64, batch_events: usize, last: Option<OutboxEnd>) -> Plan {
    if inflight {
        return Plan::Resend;
    }
    if depth == 0 {
        return Plan::Heartbeat;
    }
    if depth <= batch_events as u64 {
        return Plan::New(OutboxEnd::Oldest);
    }
    match last {
        Some(OutboxEnd::Oldest) => Plan::New(OutboxEnd::Newest),
        _ => Plan::New(OutboxEnd::Oldest),
    }
}

/// The events a batch carries for `segments` (in outbox order): every
/// revision of each order and payment (the cloud keeps them as the entity's
/// history: who changed what, and when), and of anything else only its
/// newest snapshot; in outbox order. Deterministic, so every retry of a
/// batch carries the same events.
#[must_use]
pub fn batch_events(segments: &[Segment]) -> Vec<SyncEvent> {
    let entries: Vec<&OutboxEntry> = segments.iter().flat_map(|s| s.entries.iter()).collect();
    let mut newest: HashMap<EntityKey, usize> = HashMap::with_capacity(entries.len());
    let mut keep: Vec<usize> = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let key = e.event.key();
        if crate::store::owned(key.kind) {
            keep.push(i);
            continue;
        }
        newest
            .entry(key)
            .and_modify(|best| {
                if entries[*best].event.version() < e.event.version() {
                    *best = i;
                }
            })
            .or_insert(i);
    }
    keep.extend(newest.into_values());
    keep.sort_unstable();
    keep.into_iter()
        .map(|i| {
            let e = entries[i];
            SyncEvent { terminal: e.terminal, seq: e.seq, received_at: e.received_at, event: e.event.clone() }
        })
        .collect()
}

/// The delay before retry number `failures` (1, 2, …): uniformly random up to
/// `min(max, min_delay · 2^(failures-1))` ("full jitter").
#[must_use]
pub fn backoff(failures: u32, min_ms: u64, max_ms: u64, unit_random: f64) -> Duration {
    let exp = min_ms.saturating_mul(1u64 << failures.saturating_sub(1).min(30));
    let cap = exp.min(max_ms).max(min_ms);
    let ms = (cap as f64 * unit_random.clamp(0.0, 1.0)).max(min_ms as f64 / 2.0);
    Duration::from_millis(ms as u64)
}

/// The sync client of one hub.
#[derive(Debug)]
pub struct SyncClient {
    core: Arc<HubCore>,
    settings: SyncSettings,
    link_path: std::path::PathBuf,
}

impl SyncClient {
    /// A client for `core`, with the hub's settings.
    #[must_use]
    pub fn new(core: Arc<HubCore>, settings: &Settings) -> Self {
        Self { core, settings: settings.sync.clone(), link_path: settings.cloud_link_path() }
    }

    /// Runs until `stop` turns true. Waits for enrolment if the hub has none.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let Some(link) = wait_for_link(&self.link_path, &mut stop).await else { return };
        let client = match http_client(&self.settings) {
            Ok(c) => c,
            Err(e) => {
                error!(error = %e, "sync disabled: cannot build the HTTP client");
                return;
            }
        };
        info!(cloud = link.cloud_url, branch = link.branch_name, "syncing with the cloud");
        let url = format!("{}/api/v1/sync", link.cloud_url);
        let mut last_end = None;
        let mut failures = 0u32;
        let mut reported_terminals: Option<Vec<TerminalInfo>> = None;
        loop {
            if *stop.borrow() {
                return;
            }
            let outcome = self.round(&client, &url, &link.credential, &mut last_end, &mut reported_terminals).await;
            let pause = match outcome {
                Ok(sent_events) => {
                    failures = 0;
                    if sent_events { Duration::ZERO } else { Duration::from_millis(self.settings.idle_ms) }
                }
                Err(SyncError::SeqReused(last)) => {
                    let next = last.map_or_else(|| self.core.store.sync_next_seq().unwrap_or(1) + 1, |l| l + 1);
                    warn!(
                        next_seq = next,
                        "batch number clash with the cloud; renumbering (entities are versioned, so nothing counts twice)"
                    );
                    self.count("renumbered");
                    if let Err(e) = self.core.store.sync_renumber(next).await {
                        error!(error = %e, "cannot renumber the batch");
                    }
                    Duration::ZERO
                }
                Err(SyncError::BatchRefused(why)) => match self.narrow(&client, &url, &link.credential, &why).await {
                    Ok(()) => Duration::ZERO,
                    Err(e) => {
                        failures = failures.saturating_add(1);
                        let delay = backoff(
                            failures,
                            self.settings.backoff_min_ms,
                            self.settings.backoff_max_ms,
                            rand::random(),
                        );
                        self.count("failed");
                        warn!(error = %e, refused = why, failures, retry_in_ms = delay.as_millis() as u64, "the cloud refused a batch and cannot be told apart from its event; will retry");
                        delay
                    }
                },
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let delay =
                        backoff(failures, self.settings.backoff_min_ms, self.settings.backoff_max_ms, rand::random());
                    let label = if matches!(e, SyncError::Unauthorized) { "unauthorized" } else { "failed" };
                    self.count(label);
                    warn!(error = %e, failures, retry_in_ms = delay.as_millis() as u64, depth = self.core.store.outbox_depth(), "sync failed; will retry");
                    delay
                }
            };
            if !pause.is_zero() {
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    r = stop.changed() => if r.is_err() || *stop.borrow() { return },
                }
            }
        }
    }

    /// The cloud refused the batch in flight for what it carries: keep its
    /// first half (of its segments, or of its one segment, split); a single
    /// event is set aside as a dead letter, but only when the cloud answers
    /// a call without a batch, so that a cloud refusing everything (a wrong
    /// version, a bad deployment) never empties the outbox into dead letters.
    async fn narrow(&self, client: &reqwest::Client, url: &str, credential: &str, why: &str) -> Result<(), SyncError> {
        let store = &self.core.store;
        let Some(batch) = store.sync_inflight()? else { return Ok(()) };
        let segments = store.outbox_segments(&batch.segments)?;
        if self.halve(&batch, &segments, why).await? {
            return Ok(());
        }
        let Some(segment) = segments.first() else { return Ok(()) };
        self.probe(client, url, credential).await?;
        if let Some(letter) = store.dead_letter(segment.first, why).await? {
            self.count("dead_letter");
            error!(
                terminal.id = %letter.entry.terminal,
                seq = letter.entry.seq,
                entity = letter.entry.event.key().kind.name(),
                refused = why,
                "the cloud refuses this event for good; set aside as a dead letter, the rest keeps syncing"
            );
        }
        Ok(())
    }

    /// Keeps the first half of the batch in flight: of its segments, or of
    /// its one segment, split. False when it is down to one event (or none:
    /// then it is dropped, and the next call makes a new batch).
    async fn halve(&self, batch: &InflightBatch, segments: &[Segment], why: &str) -> Result<bool, SyncError> {
        let store = &self.core.store;
        if segments.len() > 1 {
            let keep = segments.len().div_ceil(2);
            let firsts = segments[..keep].iter().map(|s| s.first).collect();
            store.sync_narrow(&InflightBatch { seq: batch.seq, segments: firsts }).await?;
            self.count("narrowed");
            warn!(
                batch.seq = batch.seq,
                segments = segments.len(),
                kept = keep,
                why,
                "batch narrowed to its first half"
            );
            return Ok(true);
        }
        let Some(segment) = segments.first() else {
            store.sync_renumber(store.sync_next_seq()?).await?;
            return Ok(false);
        };
        if segment.entries.len() > 1 {
            store.split_segment(segment.first, segment.entries.len() / 2).await?;
            self.count("narrowed");
            warn!(
                batch.seq = batch.seq,
                events = segment.entries.len(),
                why,
                "batch of one segment narrowed: split it"
            );
            return Ok(true);
        }
        Ok(false)
    }

    /// What the hub says about itself on every call.
    fn status(&self) -> HubStatus {
        let store = &self.core.store;
        HubStatus {
            outbox_depth: store.outbox_depth(),
            connected_terminals: u32::try_from(self.core.presence.count()).unwrap_or(u32::MAX),
            sent_at: Timestamp::now(),
            dead_letters: store.dead_letter_count(),
            software: env!("CARGO_PKG_VERSION").to_owned(),
            // A record it cannot read is the store's problem, reported where
            // the store is read for syncing; the status just leaves it out.
            oldest_waiting_at: store.oldest_waiting_at().ok().flatten(),
        }
    }

    /// A call with no batch: Ok when the cloud takes it.
    async fn probe(&self, client: &reqwest::Client, url: &str, credential: &str) -> Result<(), SyncError> {
        let store = &self.core.store;
        let request = SyncRequest {
            version: SYNC_VERSION,
            batch: None,
            config_have: store.cloud_config()?.map_or(0, |c| c.version),
            terminals: None,
            status: self.status(),
        };
        let body = postcard::to_stdvec(&request).map_err(|e| SyncError::Refused(format!("encoding: {e}")))?;
        let (status, bytes) = post_postcard(client, url, credential, body).await?;
        if status.is_success() {
            Ok(())
        } else {
            Err(SyncError::Refused(format!("{status}: {}", String::from_utf8_lossy(&bytes).trim())))
        }
    }

    fn count(&self, outcome: &'static str) {
        self.core.metrics.sync_calls.get_or_create(&ReasonLabel { reason: outcome }).inc();
    }

    /// One call. Returns whether it carried events.
    async fn round(
        &self,
        client: &reqwest::Client,
        url: &str,
        credential: &str,
        last_end: &mut Option<OutboxEnd>,
        reported: &mut Option<Vec<TerminalInfo>>,
    ) -> Result<bool, SyncError> {
        let store = &self.core.store;
        let inflight = store.sync_inflight()?;
        let next = plan(inflight.is_some(), store.outbox_depth(), self.settings.batch_events, *last_end);
        let (batch, segments) = match (next, inflight) {
            (Plan::Resend, Some(b)) => {
                let segments = store.outbox_segments(&b.segments)?;
                (Some(b), segments)
            }
            (Plan::New(end), _) => {
                let segments = store.outbox_batch(end, self.settings.batch_events, self.settings.batch_bytes)?;
                *last_end = Some(end);
                if segments.is_empty() {
                    (None, segments)
                } else {
                    let b = InflightBatch {
                        seq: store.sync_next_seq()?,
                        segments: segments.iter().map(|s| s.first).collect(),
                    };
                    store.sync_begin(&b).await?;
                    (Some(b), segments)
                }
            }
            _ => (None, Vec::new()),
        };
        let entries: usize = segments.iter().map(|s| s.entries.len()).sum();
        let terminals: Vec<TerminalInfo> = self
            .core
            .terminals
            .list()
            .iter()
            .map(|r| TerminalInfo {
                id: r.id,
                name: r.name.clone(),
                created_at: r.created_at,
                revoked_at: r.revoked_at,
                short: r.short,
                role: r.role,
            })
            .collect();
        let send_terminals = reported.as_ref() != Some(&terminals);
        let config_have = store.cloud_config()?.map_or(0, |c| c.version);
        let request = SyncRequest {
            version: SYNC_VERSION,
            batch: batch.as_ref().map(|b| Batch { seq: b.seq, events: batch_events(&segments) }),
            config_have,
            terminals: send_terminals.then(|| terminals.clone()),
            status: self.status(),
        };
        let body = postcard::to_stdvec(&request).map_err(|e| SyncError::Refused(format!("encoding: {e}")))?;
        if let Some(b) = &batch
            && body.len() > self.settings.batch_bytes
            && entries > 1
        {
            // Never more than the cloud takes (`sync.batch_bytes` must not
            // exceed its `max_sync_body`): a body it refuses unread may reach
            // the hub as a reset connection, not as a 413.
            let why = format!("{} bytes encoded, over sync.batch_bytes", body.len());
            if self.halve(b, &segments, &why).await? {
                return Ok(true);
            }
        }
        let (status, bytes) = post_postcard(client, url, credential, body).await?;
        if status == reqwest::StatusCode::CONFLICT {
            let text = String::from_utf8_lossy(&bytes);
            let last = text.rsplit("last=").next().and_then(|n| n.trim().parse::<u64>().ok());
            return Err(SyncError::SeqReused(last));
        }
        if !status.is_success() {
            let why = format!("{status}: {}", String::from_utf8_lossy(&bytes).trim());
            if batch.is_some() && matches!(status.as_u16(), 400 | 413 | 422) {
                return Err(SyncError::BatchRefused(why));
            }
            return Err(SyncError::Refused(why));
        }
        let answer: SyncResponse =
            postcard::from_bytes(&bytes).map_err(|e| SyncError::Refused(format!("undecodable answer: {e}")))?;
        if send_terminals {
            *reported = Some(terminals);
        }
        self.core.metrics.last_sync_success.set(Timestamp::now().0 / 1000);
        let carried = match (&batch, answer.batch) {
            (Some(b), Some(ack)) if ack.seq == b.seq => {
                store.sync_acked(b).await?;
                debug!(
                    batch.seq = b.seq,
                    entries,
                    applied = ack.applied,
                    superseded = ack.superseded,
                    duplicate = ack.duplicate,
                    "batch acknowledged"
                );
                self.core.metrics.synced_events.inc_by(entries as u64);
                self.count(if ack.duplicate { "duplicate" } else { "acked" });
                if ack.refused > 0 {
                    warn!(batch.seq = b.seq, refused = ack.refused, "the cloud refused some events of the batch");
                }
                true
            }
            (Some(b), _) => {
                return Err(SyncError::Refused(format!("the cloud did not acknowledge batch {}", b.seq)));
            }
            (None, _) => {
                self.count("heartbeat");
                false
            }
        };
        if let Some(config) = answer.config {
            apply_hub_config(&self.core, config).await?;
        }
        Ok(carried)
    }
}

/// Applies config from the cloud (from a sync or a watch call, whichever
/// brings it first): keeps it (limits), revokes terminals the cloud unpaired
/// (they are told and disconnected). An older version than the one held is
/// ignored.
///
/// # Errors
/// Storage, or a revocation that could not be made durable.
pub async fn apply_hub_config(core: &HubCore, config: HubConfig) -> Result<(), SyncError> {
    let _turn = core.config_apply.lock().await;
    if core.store.cloud_config()?.is_some_and(|held| held.version >= config.version) {
        return Ok(());
    }
    info!(
        config.version = config.version,
        terminals = config.terminals.len(),
        max_terminals = config.limits.max_terminals,
        "config from the cloud"
    );
    for binding in config.terminals.iter().filter(|b| b.revoked) {
        if core.terminals.get(binding.id).is_some_and(|r| r.is_active()) {
            info!(terminal.id = %binding.id, "unpaired in the cloud; revoking");
            if let Err(e) = core.revoke(binding.id).await {
                error!(terminal.id = %binding.id, error = %e, "revocation from the cloud failed");
                return Err(SyncError::Io(std::io::Error::other(e.to_string())));
            }
        }
    }
    core.store.set_cloud_config(&config).await?;
    Ok(())
}

/// POSTs a postcard body with the hub's credential. Transport failures,
/// 401 and 5xx become their [`SyncError`]s; other answers are the caller's.
async fn post_postcard(
    client: &reqwest::Client,
    url: &str,
    credential: &str,
    body: Vec<u8>,
) -> Result<(reqwest::StatusCode, bytes::Bytes), SyncError> {
    let res = client
        .post(url)
        .bearer_auth(credential)
        .header(reqwest::header::CONTENT_TYPE, SYNC_CONTENT_TYPE)
        .body(body)
        .send()
        .await
        .map_err(|e| SyncError::Transport(e.to_string()))?;
    let status = res.status();
    let bytes = res.bytes().await.map_err(|e| SyncError::Transport(e.to_string()))?;
    if status == reqwest::StatusCode::UNAUTHORIZED {
        return Err(SyncError::Unauthorized);
    }
    if status.is_server_error() {
        return Err(SyncError::Server(status.as_u16()));
    }
    Ok((status, bytes))
}

/// Waits until the hub is enrolled; `None` when asked to stop first.
async fn wait_for_link(path: &Path, stop: &mut watch::Receiver<bool>) -> Option<CloudLink> {
    loop {
        match CloudLink::load(path) {
            Ok(Some(link)) => return Some(link),
            Ok(None) => {}
            Err(e) => warn!(error = %e, "cannot read the cloud link"),
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(2)) => {}
            r = stop.changed() => if r.is_err() || *stop.borrow() { return None },
        }
    }
}

/// How long the cloud may hold a watch call.
const WATCH_WAIT_MS: u32 = 25_000;

/// Watch calls start at most this often when changes keep coming.
const MIN_WATCH_RESTART: Duration = Duration::from_millis(250);

/// How long to wait before a fresh watch call, when something changed
/// `running` after the current one started: a breath of 20 ms, and no
/// sooner than [`MIN_WATCH_RESTART`] after the last start.
fn restart_pause(running: Duration) -> Duration {
    MIN_WATCH_RESTART.saturating_sub(running).max(Duration::from_millis(20))
}

/// The watch loop: one long-poll to the cloud open at all times, carrying
/// the hub's pairing requests, completed pairings and live terminals up and
/// bringing config (revocations, approvals, POS logins) down the moment it
/// changes. See [`protocol::sync::WatchRequest`].
#[derive(Debug)]
pub struct WatchClient {
    core: Arc<HubCore>,
    settings: SyncSettings,
    link_path: std::path::PathBuf,
}

impl WatchClient {
    /// A watch loop for `core`.
    #[must_use]
    pub fn new(core: Arc<HubCore>, settings: &Settings) -> Self {
        Self { core, settings: settings.sync.clone(), link_path: settings.cloud_link_path() }
    }

    /// Runs until `stop` turns true. Waits for enrolment if the hub has none.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let Some(link) = wait_for_link(&self.link_path, &mut stop).await else { return };
        let client = match http_client(&self.settings) {
            Ok(c) => c,
            Err(e) => {
                error!(error = %e, "watch disabled: cannot build the HTTP client");
                return;
            }
        };
        let url = format!("{}/api/v1/watch", link.cloud_url);
        let mut failures = 0u32;
        loop {
            if *stop.borrow() {
                return;
            }
            let request = match self.request() {
                Ok(r) => r,
                Err(e) => {
                    error!(error = %e, "cannot read pairing state; watch paused");
                    WatchRequest { pending: Vec::new(), paired: Vec::new(), ..self.empty_request() }
                }
            };
            let pairing = Arc::clone(&self.core.pairing);
            let started = tokio::time::Instant::now();
            let pause = tokio::select! {
                r = self.call(&client, &url, &link.credential, &request) => match r {
                    Ok(()) => { failures = 0; Duration::ZERO }
                    Err(e) => {
                        failures = failures.saturating_add(1);
                        let delay = backoff(failures, self.settings.backoff_min_ms, self.settings.backoff_max_ms, rand::random());
                        warn!(error = %e, failures, retry_in_ms = delay.as_millis() as u64, "watch failed; will retry");
                        delay
                    }
                },
                // Something to tell the cloud: start a fresh call soon (after
                // a breath, so a burst of changes goes in one call; at most
                // four new calls a second, so a pairing flood on the LAN is
                // not a flood of calls to the cloud).
                () = pairing.changed.notified() => restart_pause(started.elapsed()),
                () = self.core.presence.changed.notified() => restart_pause(started.elapsed()),
                r = stop.changed() => if r.is_err() || *stop.borrow() { return } else { Duration::ZERO },
            };
            if !pause.is_zero() {
                tokio::select! {
                    () = tokio::time::sleep(pause) => {}
                    r = stop.changed() => if r.is_err() || *stop.borrow() { return },
                }
            }
        }
    }

    fn empty_request(&self) -> WatchRequest {
        WatchRequest {
            version: WATCH_VERSION,
            config_have: 0,
            wait_ms: WATCH_WAIT_MS,
            pending: Vec::new(),
            paired: Vec::new(),
            online: self.core.presence.online(),
            hub_key: Some(self.core.pairing.hub_key()),
        }
    }

    fn request(&self) -> Result<WatchRequest, crate::pairing::PairingHubError> {
        let pairing = &self.core.pairing;
        Ok(WatchRequest {
            config_have: pairing.config()?.0,
            pending: pairing.pending_for_cloud()?,
            paired: pairing.unreported()?,
            ..self.empty_request()
        })
    }

    async fn call(
        &self,
        client: &reqwest::Client,
        url: &str,
        credential: &str,
        request: &WatchRequest,
    ) -> Result<(), SyncError> {
        let body = postcard::to_stdvec(request).map_err(|e| SyncError::Refused(format!("encoding: {e}")))?;
        let (status, bytes) = post_postcard(client, url, credential, body).await?;
        if !status.is_success() {
            return Err(SyncError::Refused(format!("{status}: {}", String::from_utf8_lossy(&bytes).trim())));
        }
        let answer: WatchResponse =
            postcard::from_bytes(&bytes).map_err(|e| SyncError::Refused(format!("undecodable answer: {e}")))?;
        let pairing = &self.core.pairing;
        let internal = |e: crate::pairing::PairingHubError| SyncError::Io(std::io::Error::other(e.to_string()));
        pairing.reported(&request.paired).await.map_err(internal)?;
        if let Some(config) = answer.config {
            let version = config.version;
            apply_hub_config(&self.core, config).await?;
            if let Some(p) = answer.pairing {
                pairing.apply_config(version, p).await.map_err(internal)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
