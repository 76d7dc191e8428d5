//! A group of writes for one atomic commit, and the rules an event must
//! pass to be recorded (who may change an entity, by how much, and when).

use std::collections::HashMap;

use protocol::event::MAX_CLOCK_SKEW_MS;
use protocol::sync::TerminalRole;
use protocol::{EntityKey, EntityKind, EventBody, RejectReason, TerminalId, Timestamp};

use super::entity::{self, Held};
use super::{MessageDigest, OutboxEntry, Recorded, Store, StoreError, entity_key, owned, seen_key};

/// Writes gathered for one atomic [`Store::commit`]. Reads through it see
/// the group's own writes.
pub struct WriteGroup<'a> {
    pub(super) store: &'a Store,
    pub(super) batch: sled::Batch,
    pub(super) seen: HashMap<(TerminalId, u64), MessageDigest>,
    /// What the group has written of each entity it touched.
    pub(super) held: HashMap<EntityKey, Held>,
    /// Outbox entries, written as segments at commit.
    pub(super) outbox: Vec<OutboxEntry>,
    /// The outbox counter when the group began; commit refuses a group
    /// whose start another commit has moved past.
    pub(super) outbox_start: u64,
    pub(super) outbox_next: u64,
    pub(super) applied: u64,
    pub(super) config_bumps: u64,
}

impl std::fmt::Debug for WriteGroup<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteGroup").field("events", &self.seen.len()).finish_non_exhaustive()
    }
}

impl WriteGroup<'_> {
    /// The digest recorded for `(terminal, seq)`, in this group or before.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn seen(&self, terminal: TerminalId, seq: u64) -> Result<Option<MessageDigest>, StoreError> {
        match self.seen.get(&(terminal, seq)) {
            Some(d) => Ok(Some(*d)),
            None => self.store.seen(terminal, seq),
        }
    }

    /// How many events the group holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// The group holds nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }

    /// Records one authentic, valid event from `terminal`, received at
    /// `received_at` by the hub's clock:
    /// - a revision the hub already holds, or an older one, is superseded:
    ///   only the `(terminal, seq)` marker is written;
    /// - the catalog, staff and places from a cashier's terminal are refused
    ///   ([`RejectReason::NotManager`]);
    /// - an order or payment another terminal made is refused
    ///   ([`RejectReason::NotOwner`]) unless `role` is a manager's;
    /// - a revision that does not follow the held one by exactly one (a new
    ///   entity starts at 1) is refused ([`RejectReason::VersionGap`]): no
    ///   terminal can skip ahead or pin an entity with a huge revision;
    /// - a change dated more than [`MAX_CLOCK_SKEW_MS`] after `received_at`, or
    ///   that long before the revision it follows, is refused
    ///   ([`RejectReason::ClockSkew`]);
    /// - anything else is applied: the marker, the entity with its maker
    ///   (the terminal that made a new order or payment, kept through every
    ///   later change) and an outbox entry.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn record(
        &mut self,
        terminal: TerminalId,
        role: TerminalRole,
        seq: u64,
        digest: MessageDigest,
        event: &EventBody,
        received_at: Timestamp,
    ) -> Result<Recorded, StoreError> {
        let key = event.key();
        let version = event.version();
        let catalog = matches!(key.kind, EntityKind::Product | EntityKind::Employee | EntityKind::Place);
        if catalog && role != TerminalRole::Manager {
            return Ok(Recorded::Refused(RejectReason::NotManager));
        }
        let held = match self.held.get(&key) {
            Some(h) => Some(*h),
            None => self.store.held(&key)?,
        };
        if held.is_some_and(|held| version.revision <= held.version.revision) {
            self.batch.insert(&seen_key(terminal, seq)[..], &digest[..]);
            self.seen.insert((terminal, seq), digest);
            return Ok(Recorded::Superseded);
        }
        let maker = match held {
            Some(h) => h.maker,
            None => owned(key.kind).then_some(terminal),
        };
        if owned(key.kind) && role != TerminalRole::Manager && maker.is_some_and(|maker| maker != terminal) {
            return Ok(Recorded::Refused(RejectReason::NotOwner));
        }
        if version.revision != held.map_or(1, |h| h.version.revision.saturating_add(1)) {
            return Ok(Recorded::Refused(RejectReason::VersionGap));
        }
        let ahead = version.updated_at.0 > received_at.0.saturating_add(MAX_CLOCK_SKEW_MS);
        let behind =
            held.is_some_and(|h| version.updated_at.0.saturating_add(MAX_CLOCK_SKEW_MS) < h.version.updated_at.0);
        if ahead || behind {
            return Ok(Recorded::Refused(RejectReason::ClockSkew));
        }
        self.batch.insert(&seen_key(terminal, seq)[..], &digest[..]);
        self.seen.insert((terminal, seq), digest);
        let body = postcard::to_allocvec(event).map_err(|_| StoreError::Corrupt("event encoding"))?;
        self.batch.insert(&entity_key(&key)[..], entity::encode(version, maker, &body));
        self.held.insert(key, Held { version, maker });
        self.outbox.push(OutboxEntry { terminal, seq, received_at, event: event.clone() });
        self.outbox_next += 1;
        self.applied += 1;
        if catalog {
            self.config_bumps += 1;
        }
        Ok(Recorded::Applied)
    }
}
