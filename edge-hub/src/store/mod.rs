//! The hub's durable state in sled.
//!
//! One tree, `state`, holds everything an event touches, under one-byte
//! prefixes, so that all writes for an event land in one atomic
//! [`sled::Batch`]:
//!
//! | prefix | key                         | value                                    |
//! |--------|-----------------------------|------------------------------------------|
//! | `s`    | terminal (16) ‖ seq (u64 BE) | 16-byte digest of the message (dedupe)  |
//! | `e`    | [`EntityKey`] (17)          | version (12) ‖ maker (16) ‖ postcard [`EventBody`] (`store/entity.rs`) |
//! | `o`    | first position (u64 BE)     | count (u32 BE) ‖ postcard `Vec<OutboxEntry>` |
//! | `m`    | name                        | counters (config version)                |
//! | `x`    | position (u64 BE)           | an event the cloud refused (`store/dead.rs`) |
//!
//! Writes are gathered in a [`WriteGroup`] and applied with one
//! [`sled::Tree::apply_batch`] per group: one atomic write per group commit,
//! not per event (sled serialises batches against a running flush, so
//! per-event batches would wait on every flush).
//!
//! A second tree, `terminals`, is the terminal registry (see
//! [`crate::terminals`]).
//!
//! Writes are not durable until [`Store::flush`] returns; the ingest pipeline
//! acknowledges nothing before that (group commit).
//!
//! The outbox (segments, the batch in flight) is in `store/outbox.rs`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use protocol::{EntityKey, EntityKind, EventBody, RejectReason, TerminalConfig, TerminalId, Timestamp, Version};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const SEEN: u8 = b's';
const ENTITY: u8 = b'e';
const OUTBOX: u8 = b'o';
/// Under the `m` (meta) prefix.
const CONFIG_VERSION: &[u8] = b"mconfig_version";
/// The batch being sent to the cloud (postcard [`InflightBatch`]).
const SYNC_INFLIGHT: &[u8] = b"msync_inflight";
/// The next batch sequence number (u64 BE).
const SYNC_NEXT_SEQ: &[u8] = b"msync_next_seq";
/// The last config the cloud sent (postcard [`protocol::sync::HubConfig`]).
const CLOUD_CONFIG: &[u8] = b"mcloud_config";
/// The layout of the store (u64 BE); see [`FORMAT`].
const FORMAT_KEY: &[u8] = b"mformat";
/// 2: the outbox is kept in segments; 3: an entity's maker is kept in its
/// snapshot (a layout-2 store is migrated when opened, `store/entity.rs`).
const FORMAT: u64 = 3;
/// Most entries in one outbox segment.
pub const SEGMENT_MAX: usize = 512;

mod archive;
mod dead;
mod entity;
mod group;
mod outbox;
mod seen;

pub use archive::ArchiveSlice;
pub use dead::DeadLetter;
pub use entity::Held;
pub use group::WriteGroup;
pub use outbox::{InflightBatch, OutboxEnd, Segment};
use outbox::{encode_segment, segment_count};
pub use seen::SEEN_WINDOW;
use seen::seen_key;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// sled reported an error (I/O, corruption, or the database is held by another process).
    #[error("storage: {0}")]
    Sled(#[from] sled::Error),
    /// Stored bytes did not decode: the data was written by an incompatible build or is damaged.
    #[error("stored record {0} does not decode")]
    Corrupt(&'static str),
    /// The store was written by a build with another layout.
    #[error(
        "the hub's database has layout {found}, this build reads layout {FORMAT}; drain it with the build that wrote it"
    )]
    Format {
        /// The layout found (1: before the layout was recorded).
        found: u64,
    },
    /// A write group began before the previous one was committed (a
    /// programming error: it would reuse outbox positions); nothing applied.
    #[error("write group is stale: another group was committed after it began")]
    StaleGroup,
}

/// A digest of an event message, to tell an honest resend from a different
/// message reusing a sequence number.
pub type MessageDigest = [u8; 16];

/// The digest of a message payload.
#[must_use]
pub fn digest(payload: &[u8]) -> MessageDigest {
    let full = Sha256::digest(payload);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// An accepted event waiting to be synced to the cloud.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// The terminal that reported it.
    pub terminal: TerminalId,
    /// Its sequence number on that terminal.
    pub seq: u64,
    /// When the hub received it.
    pub received_at: Timestamp,
    /// The change itself.
    pub event: EventBody,
}

/// What recording one event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Newer than what the hub had: stored, applied and queued for the cloud.
    Applied,
    /// The hub already holds this revision or a newer one of the entity. The
    /// `(terminal, seq)` is remembered; nothing else changes.
    Superseded,
    /// Not the terminal's to make (see [`WriteGroup::record`]); nothing is
    /// written, not even the `(terminal, seq)`.
    Refused(RejectReason),
}

/// The hub's database.
pub struct Store {
    db: sled::Db,
    state: sled::Tree,
    terminals: sled::Tree,
    pairing: sled::Tree,
    /// Next free outbox position; only the single ingest writer advances it.
    outbox_next: AtomicU64,
    /// Entries waiting for the cloud, kept in memory for `/metrics`.
    outbox_depth: AtomicU64,
    /// Current catalog version, kept in memory so config requests are cheap.
    config_version: AtomicU64,
    /// Events the cloud refused for good, kept in memory for `/metrics`.
    dead_letters: AtomicU64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("outbox_depth", &self.outbox_depth()).finish_non_exhaustive()
    }
}

pub(super) fn entity_key(key: &EntityKey) -> [u8; 18] {
    let mut out = [0u8; 18];
    out[0] = ENTITY;
    out[1..].copy_from_slice(&key.to_bytes());
    out
}

/// Orders and payments belong to the terminal that made them.
pub(crate) fn owned(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Order | EntityKind::Payment)
}

fn outbox_key(pos: u64) -> [u8; 9] {
    let mut key = [0u8; 9];
    key[0] = OUTBOX;
    key[1..].copy_from_slice(&pos.to_be_bytes());
    key
}

pub(super) fn encode_version(v: Version) -> [u8; 12] {
    let mut out = [0u8; 12];
    out[..4].copy_from_slice(&v.revision.to_be_bytes());
    out[4..].copy_from_slice(&v.updated_at.0.to_be_bytes());
    out
}

fn decode_version(bytes: &[u8]) -> Option<Version> {
    let revision = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?);
    let at = i64::from_be_bytes(bytes.get(4..12)?.try_into().ok()?);
    Some(Version { revision, updated_at: Timestamp(at) })
}

fn u64_at(bytes: &[u8], from: usize) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(from..from + 8)?.try_into().ok()?))
}

/// How long opening waits for the previous owner of the store's lock file.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// Opens sled, waiting a moment when the directory's lock is still held.
///
/// sled 0.34 releases its `flock` only when its flusher thread exits, a
/// little after the last handle is dropped (spacejam/sled#1234). A hub
/// restarted in place (systemd, or a test reopening the same directory)
/// would otherwise fail at random; a second hub on the same directory still
/// fails, after `LOCK_WAIT`.
fn open_db(path: &Path, cache_bytes: u64) -> Result<sled::Db, sled::Error> {
    let config = sled::Config::new().path(path).cache_capacity(cache_bytes);
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match config.open() {
            Err(sled::Error::Io(e)) if is_lock_held(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// sled reports a held lock as `Other` with the OS error in its message.
fn is_lock_held(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock
        || (e.kind() == std::io::ErrorKind::Other && e.to_string().contains("could not acquire lock"))
}

impl Store {
    /// Opens (or creates) the database at `path` with a page cache of `cache_bytes`.
    ///
    /// # Errors
    /// [`StoreError::Sled`] when the files cannot be opened, including when
    /// another process (a running hub) holds them.
    pub fn open(path: &Path, cache_bytes: u64) -> Result<Self, StoreError> {
        let db = open_db(path, cache_bytes)?;
        let state = db.open_tree("state")?;
        let terminals = db.open_tree("terminals")?;
        let pairing = db.open_tree("pairing")?;
        let mut outbox_next = 0u64;
        let mut depth = 0u64;
        for kv in state.scan_prefix([OUTBOX]) {
            let (k, v) = kv?;
            let count = segment_count(&v)?;
            depth += count;
            outbox_next = u64_at(&k, 1).ok_or(StoreError::Corrupt("outbox key"))? + count;
        }
        match state.get(FORMAT_KEY)? {
            Some(v) => {
                let found = u64_at(&v, 0).ok_or(StoreError::Corrupt("format"))?;
                match found {
                    FORMAT => {}
                    2 => entity::migrate_from_2(&state)?,
                    _ => return Err(StoreError::Format { found }),
                }
            }
            // A store from before the layout was recorded is readable only
            // when its outbox is empty (its snapshots are in layout 2); a new
            // store has nothing to migrate and is marked at once.
            None if depth == 0 => entity::migrate_from_2(&state)?,
            None => return Err(StoreError::Format { found: 1 }),
        }
        let config_version = match state.get(CONFIG_VERSION)? {
            Some(v) => u64_at(&v, 0).ok_or(StoreError::Corrupt("config version"))?,
            None => 0,
        };
        let dead_letters = Self::count_dead_letters(&state)?;
        Ok(Self {
            db,
            state,
            terminals,
            pairing,
            outbox_next: AtomicU64::new(outbox_next),
            outbox_depth: AtomicU64::new(depth),
            config_version: AtomicU64::new(config_version),
            dead_letters: AtomicU64::new(dead_letters),
        })
    }

    /// The terminal registry's tree.
    #[must_use]
    pub fn terminals_tree(&self) -> &sled::Tree {
        &self.terminals
    }

    /// The pairing tree: requests waiting, offers made, reports for the
    /// cloud, used POS logins, the cloud's pairing config.
    #[must_use]
    pub fn pairing_tree(&self) -> &sled::Tree {
        &self.pairing
    }

    /// Makes everything written so far durable.
    ///
    /// # Errors
    /// [`StoreError::Sled`] when the disk refuses; then nothing written since
    /// the last successful flush may be acknowledged.
    pub async fn flush(&self) -> Result<(), StoreError> {
        self.db.flush_async().await?;
        Ok(())
    }

    /// Starts a group of writes, applied together by [`Store::commit`].
    /// Only the single ingest writer may hold one (it owns the outbox counter).
    #[must_use]
    pub fn begin(&self) -> WriteGroup<'_> {
        WriteGroup {
            store: self,
            batch: sled::Batch::default(),
            seen: HashMap::new(),
            held: HashMap::new(),
            outbox: Vec::new(),
            outbox_start: self.outbox_next.load(Ordering::Relaxed),
            outbox_next: self.outbox_next.load(Ordering::Relaxed),
            applied: 0,
            config_bumps: 0,
        }
    }

    /// Applies a group atomically: all of its writes or none. Not durable
    /// until [`Store::flush`].
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure; nothing of the group is applied then.
    pub fn commit(&self, group: WriteGroup<'_>) -> Result<(), StoreError> {
        if group.seen.is_empty() {
            return Ok(());
        }
        if group.outbox_start != self.outbox_next.load(Ordering::Relaxed) {
            return Err(StoreError::StaleGroup);
        }
        let mut batch = group.batch;
        let mut first = group.outbox_start;
        for chunk in group.outbox.chunks(SEGMENT_MAX) {
            batch.insert(&outbox_key(first)[..], encode_segment(chunk)?);
            first += chunk.len() as u64;
        }
        if group.config_bumps > 0 {
            let next = self.config_version.load(Ordering::Relaxed) + group.config_bumps;
            batch.insert(CONFIG_VERSION, &next.to_be_bytes());
        }
        self.state.apply_batch(batch)?;
        self.outbox_next.store(group.outbox_next, Ordering::Relaxed);
        self.outbox_depth.fetch_add(group.applied, Ordering::Relaxed);
        self.config_version.fetch_add(group.config_bumps, Ordering::Relaxed);
        Ok(())
    }

    /// Records one event on its own (begin, record, commit).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn record(
        &self,
        terminal: TerminalId,
        role: protocol::sync::TerminalRole,
        seq: u64,
        digest: MessageDigest,
        event: &EventBody,
        received_at: Timestamp,
    ) -> Result<Recorded, StoreError> {
        let mut group = self.begin();
        let recorded = group.record(terminal, role, seq, digest, event, received_at)?;
        self.commit(group)?;
        Ok(recorded)
    }

    /// The last config the cloud sent.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn cloud_config(&self) -> Result<Option<protocol::sync::HubConfig>, StoreError> {
        match self.state.get(CLOUD_CONFIG)? {
            Some(v) => Ok(Some(postcard::from_bytes(&v).map_err(|_| StoreError::Corrupt("cloud config"))?)),
            None => Ok(None),
        }
    }

    /// Keeps the config the cloud sent (durable on return).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub async fn set_cloud_config(&self, config: &protocol::sync::HubConfig) -> Result<(), StoreError> {
        self.state
            .insert(CLOUD_CONFIG, postcard::to_stdvec(config).map_err(|_| StoreError::Corrupt("cloud config"))?)?;
        self.flush().await
    }

    /// How many events wait for the cloud.
    #[must_use]
    pub fn outbox_depth(&self) -> u64 {
        self.outbox_depth.load(Ordering::Relaxed)
    }

    /// The catalog version: bumped by every applied product, employee or place change.
    #[must_use]
    pub fn config_version(&self) -> u64 {
        self.config_version.load(Ordering::Relaxed)
    }

    /// The branch's catalog, staff and places as terminals receive them.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn terminal_config(&self) -> Result<TerminalConfig, StoreError> {
        let mut config = TerminalConfig { version: self.config_version(), ..TerminalConfig::default() };
        for body in self.entities(EntityKind::Product)? {
            if let EventBody::Product(p) = body {
                config.products.push(p);
            }
        }
        for body in self.entities(EntityKind::Employee)? {
            if let EventBody::Employee(e) = body {
                config.employees.push(e);
            }
        }
        for body in self.entities(EntityKind::Place)? {
            if let EventBody::Place(p) = body {
                config.places.push(p);
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::event::MAX_CLOCK_SKEW_MS;
    use protocol::sync::TerminalRole;
    use protocol::{EmployeeId, Money, Order, OrderId, OrderStatus};

    /// An open order at `revision`, dated at `revision` ms (for the store's tests).
    pub(super) fn order(id: OrderId, revision: u32) -> EventBody {
        EventBody::Order(Order {
            id,
            revision,
            number: 1,
            place: None,
            employee: EmployeeId::from_name("e"),
            items: vec![],
            service_charge: Money::ZERO,
            status: OrderStatus::Open,
            created_at: Timestamp(1),
            closed_at: None,
            updated_at: Timestamp(i64::from(revision)),
        })
    }

    const C: TerminalRole = TerminalRole::Cashier;
    const M: TerminalRole = TerminalRole::Manager;

    fn open() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::open(&dir.path().join("db"), 1 << 20).unwrap_or_else(|e| panic!("{e}"));
        (dir, store)
    }

    #[test]
    fn each_change_follows_the_last_by_one_on_its_own_terminal() -> Result<(), StoreError> {
        let (_dir, store) = open();
        let t = TerminalId::new();
        let other = TerminalId::new();
        let id = OrderId::new();
        let gap = Recorded::Refused(RejectReason::VersionGap);
        assert_eq!(store.record(t, C, 1, [1; 16], &order(id, 2), Timestamp(5))?, gap, "a new order starts at 1");
        assert_eq!(store.record(t, C, 2, [2; 16], &order(id, 1), Timestamp(5))?, Recorded::Applied);
        assert_eq!(store.record(t, C, 3, [3; 16], &order(id, 1), Timestamp(5))?, Recorded::Superseded);
        assert_eq!(store.record(t, C, 4, [4; 16], &order(id, 3), Timestamp(5))?, gap, "no skipping");
        assert_eq!(store.record(t, C, 5, [5; 16], &order(id, u32::MAX), Timestamp(5))?, gap, "no pinning");
        let not_owner = Recorded::Refused(RejectReason::NotOwner);
        assert_eq!(store.record(other, C, 1, [6; 16], &order(id, 2), Timestamp(5))?, not_owner);
        assert_eq!(store.record(other, C, 2, [7; 16], &order(id, 1), Timestamp(5))?, Recorded::Superseded, "harmless");
        assert_eq!(store.record(t, C, 6, [8; 16], &order(id, 2), Timestamp(5))?, Recorded::Applied);
        assert_eq!(store.owner(&order(id, 1).key())?, Some(t));
        assert_eq!(store.outbox_depth(), 2);
        assert_eq!(store.seen(t, 1)?, None, "a refused event leaves no marker");
        assert_eq!(store.seen(t, 3)?, Some([3; 16]));
        assert_eq!(store.max_seen(t)?, Some(6));
        let outbox = store.outbox(0, 10)?;
        assert_eq!(outbox.iter().map(|(_, e)| e.seq).collect::<Vec<_>>(), vec![2, 6]);
        Ok(())
    }

    #[test]
    fn a_manager_changes_any_order_and_only_managers_change_the_catalog() -> Result<(), StoreError> {
        let (_dir, store) = open();
        let (cashier, other, manager) = (TerminalId::new(), TerminalId::new(), TerminalId::new());
        let id = OrderId::new();
        assert_eq!(store.record(cashier, C, 1, [1; 16], &order(id, 1), Timestamp(5))?, Recorded::Applied);
        let not_owner = Recorded::Refused(RejectReason::NotOwner);
        assert_eq!(store.record(other, C, 1, [2; 16], &order(id, 2), Timestamp(5))?, not_owner);
        assert_eq!(store.record(manager, M, 1, [3; 16], &order(id, 2), Timestamp(5))?, Recorded::Applied, "a void");
        assert_eq!(store.owner(&order(id, 1).key())?, Some(cashier), "the maker stays the owner");
        assert_eq!(store.record(cashier, C, 2, [4; 16], &order(id, 3), Timestamp(5))?, Recorded::Applied);
        let manager_pin = store.record(manager, M, 2, [5; 16], &order(id, u32::MAX), Timestamp(5))?;
        assert_eq!(manager_pin, Recorded::Refused(RejectReason::VersionGap), "not even a manager pins");
        let place = |revision| {
            EventBody::Place(protocol::Place {
                id: protocol::PlaceId::new(),
                revision,
                name: "Stol 1".into(),
                service_bp: 1_000,
                active: true,
                updated_at: Timestamp(5),
            })
        };
        let table = place(1);
        let not_manager = Recorded::Refused(RejectReason::NotManager);
        assert_eq!(store.record(cashier, C, 3, [6; 16], &table, Timestamp(5))?, not_manager);
        assert_eq!(store.record(manager, M, 3, [7; 16], &table, Timestamp(5))?, Recorded::Applied);
        assert_eq!(store.outbox_depth(), 4);
        Ok(())
    }

    #[test]
    fn changes_dated_far_from_the_hubs_clock_are_refused() -> Result<(), StoreError> {
        let (_dir, store) = open();
        let t = TerminalId::new();
        let at = |o: EventBody, ms: i64| match o {
            EventBody::Order(mut o) => {
                o.updated_at = Timestamp(ms);
                EventBody::Order(o)
            }
            other => other,
        };
        let now = Timestamp(1_750_000_000_000);
        let skew = Recorded::Refused(RejectReason::ClockSkew);
        let id = OrderId::new();
        let ahead = at(order(id, 1), now.0 + MAX_CLOCK_SKEW_MS + 1);
        assert_eq!(store.record(t, C, 1, [1; 16], &ahead, now)?, skew);
        let edge = at(order(OrderId::new(), 1), now.0 + MAX_CLOCK_SKEW_MS);
        assert_eq!(store.record(t, C, 2, [2; 16], &edge, now)?, Recorded::Applied, "just within the skew");
        assert_eq!(store.record(t, C, 6, [6; 16], &at(order(id, 1), now.0), now)?, Recorded::Applied);
        let before = at(order(id, 2), now.0 - 1);
        assert_eq!(store.record(t, C, 3, [3; 16], &before, now)?, Recorded::Applied, "within the skew");
        let long_before = at(order(id, 3), now.0 - 1 - MAX_CLOCK_SKEW_MS - 1);
        assert_eq!(store.record(t, C, 4, [4; 16], &long_before, now)?, skew);
        // A terminal that was offline for days still hands in what it sold.
        let old = at(order(OrderId::new(), 1), now.0 - 3 * 86_400_000);
        assert_eq!(store.record(t, C, 5, [5; 16], &old, now)?, Recorded::Applied);
        Ok(())
    }

    #[test]
    fn a_group_sees_its_own_writes_and_applies_atomically() -> Result<(), StoreError> {
        let (_dir, store) = open();
        let t = TerminalId::new();
        let id = OrderId::new();
        let mut group = store.begin();
        assert_eq!(group.record(t, TerminalRole::Cashier, 1, [1; 16], &order(id, 1), Timestamp(1))?, Recorded::Applied);
        assert_eq!(group.seen(t, 1)?, Some([1; 16]));
        assert_eq!(
            group.record(t, TerminalRole::Cashier, 2, [2; 16], &order(id, 1), Timestamp(1))?,
            Recorded::Superseded
        );
        assert_eq!(group.record(t, TerminalRole::Cashier, 3, [3; 16], &order(id, 2), Timestamp(1))?, Recorded::Applied);
        assert_eq!(store.seen(t, 1)?, None, "nothing is visible before the commit");
        assert_eq!(store.outbox_depth(), 0);
        store.commit(group)?;
        assert_eq!(store.outbox_depth(), 2);
        assert_eq!(store.entity_version(&order(id, 2).key())?.map(|v| v.revision), Some(2));
        assert_eq!(store.outbox(0, 10)?.iter().map(|(p, e)| (*p, e.seq)).collect::<Vec<_>>(), vec![(0, 1), (1, 3)]);
        Ok(())
    }

    #[test]
    fn a_group_begun_before_another_commit_is_refused() -> Result<(), StoreError> {
        let (_dir, store) = open();
        let t = TerminalId::from_name("t");
        let mut stale = store.begin();
        let mut fresh = store.begin();
        fresh.record(t, TerminalRole::Cashier, 1, [1; 16], &order(OrderId::from_name("a"), 1), Timestamp(1))?;
        store.commit(fresh)?;
        stale.record(t, TerminalRole::Cashier, 2, [2; 16], &order(OrderId::from_name("b"), 1), Timestamp(1))?;
        assert!(matches!(store.commit(stale), Err(StoreError::StaleGroup)));
        assert_eq!(store.outbox_depth(), 1);
        assert_eq!(store.outbox(0, 10)?.iter().map(|(p, e)| (*p, e.seq)).collect::<Vec<_>>(), vec![(0, 1)]);
        assert_eq!(store.seen(t, 2)?, None, "nothing of the stale group applied");
        Ok(())
    }

    #[test]
    fn outbox_segments_survive_reopen_and_acknowledgement() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("db");
        let t = TerminalId::new();
        {
            let store = Store::open(&path, 1 << 20)?;
            // One event per commit: segments 0, 1, 2; then one group of
            // SEGMENT_MAX + 3 events: segments 3 (full) and 3 + SEGMENT_MAX.
            for seq in 0..3 {
                store.record(t, C, seq, [0; 16], &order(OrderId::new(), 1), Timestamp(1))?;
            }
            let mut group = store.begin();
            for seq in 3..(SEGMENT_MAX as u64 + 6) {
                group.record(t, TerminalRole::Cashier, seq, [0; 16], &order(OrderId::new(), 1), Timestamp(1))?;
            }
            store.commit(group)?;
            assert_eq!(store.outbox_depth(), SEGMENT_MAX as u64 + 6);
            let oldest = store.outbox_batch(OutboxEnd::Oldest, 2, usize::MAX)?;
            assert_eq!(oldest.iter().map(|s| (s.first, s.entries.len())).collect::<Vec<_>>(), vec![(0, 1), (1, 1)]);
            let newest = store.outbox_batch(OutboxEnd::Newest, 10, usize::MAX)?;
            assert_eq!(newest.iter().map(|s| s.first).collect::<Vec<_>>(), vec![3 + SEGMENT_MAX as u64], "one segment");
            assert_eq!(newest[0].entries.len(), 3);
            let big = store.outbox_batch(OutboxEnd::Newest, 1, usize::MAX)?;
            assert_eq!(big.len(), 1, "at least one whole segment, even above the limit");
            let batch = InflightBatch { seq: 1, segments: vec![0, 3] };
            futures_lite_block_on(store.sync_begin(&batch))?;
            futures_lite_block_on(store.sync_acked(&batch))?;
            assert_eq!(store.outbox_depth(), 5);
        }
        let store = Store::open(&path, 1 << 20)?;
        assert_eq!(store.outbox_depth(), 5);
        let positions: Vec<u64> = store.outbox(0, 10)?.into_iter().map(|(p, _)| p).collect();
        let tail = SEGMENT_MAX as u64 + 3;
        assert_eq!(positions, vec![1, 2, tail, tail + 1, tail + 2]);
        store.record(t, C, 9_999, [0; 16], &order(OrderId::new(), 1), Timestamp(1))?;
        assert_eq!(
            store.outbox(tail + 2, 10)?.into_iter().map(|(p, _)| p).collect::<Vec<_>>(),
            vec![tail + 2, tail + 3]
        );
        assert_eq!(store.outbox_segments(&[0, 1, tail])?.iter().map(|s| s.first).collect::<Vec<_>>(), vec![1, tail]);
        Ok(())
    }

    fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap_or_else(|e| panic!("{e}")).block_on(f)
    }
}
