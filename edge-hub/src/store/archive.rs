//! Archiving: the hub keeps an order's or a payment's snapshot (and its
//! maker) only while someone may still change it at the till. One untouched
//! for the retention period (`store.retention_s`, 35 days unless set: a
//! return within a month still finds its order) is dropped from the hub.
//! Nothing is lost by it: every revision went to the outbox when it was
//! accepted and reaches the cloud from there (the outbox keeps its own copy
//! until the cloud acknowledges it); the cloud keeps the order and its
//! history for good. A change the till makes to an order dropped here is
//! refused as a version gap (the hub no longer knows the revision it would
//! follow), so after the retention period orders are corrected in the
//! portal, not at the till.
//!
//! The scan runs in slices of a bounded number of keys from a cursor, in its
//! own task beside the ingest loop (`housekeeping.rs`), never holding it up.
//! Each drop is a compare-and-swap of the very snapshot the scan read, so a
//! change the ingest writer makes meanwhile wins: either the scan sees the
//! new snapshot and leaves it, or the writer's batch puts the whole
//! snapshot back, maker included (`store/entity.rs`).

use protocol::{EntityKind, Timestamp};

use super::{ENTITY, Store, StoreError, decode_version};

/// What one slice of the archive scan did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArchiveSlice {
    /// Where the next slice starts (`None`: the scan reached the end and
    /// starts over).
    pub next: Option<Vec<u8>>,
    /// Snapshots looked at.
    pub scanned: usize,
    /// Snapshots dropped.
    pub dropped: u64,
}

/// The first key of the scanned range (orders, then payments).
fn first_key() -> Vec<u8> {
    vec![ENTITY, EntityKind::Order as u8]
}

/// Just past the scanned range.
fn end_key() -> Vec<u8> {
    vec![ENTITY, EntityKind::Payment as u8 + 1]
}

impl Store {
    /// Looks at up to `budget` order and payment snapshots from `from` (the
    /// start when `None`) and drops those last changed before `cutoff`,
    /// each unless it changed since it was read (not flushed: a drop lost
    /// in a crash is made again by the next scan).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn archive_slice(
        &self,
        from: Option<&[u8]>,
        cutoff: Timestamp,
        budget: usize,
    ) -> Result<ArchiveSlice, StoreError> {
        let start = from.map_or_else(first_key, <[u8]>::to_vec);
        let mut slice = ArchiveSlice::default();
        for kv in self.state.range(start..end_key()) {
            let (key, value) = kv?;
            if slice.scanned >= budget.max(1) {
                slice.next = Some(key.to_vec());
                break;
            }
            slice.scanned += 1;
            let version = decode_version(&value).ok_or(StoreError::Corrupt("entity version"))?;
            if version.updated_at.0 < cutoff.0
                && self.state.compare_and_swap(&key, Some(&value), None as Option<&[u8]>)?.is_ok()
            {
                slice.dropped += 1;
            }
        }
        Ok(slice)
    }
}

#[cfg(test)]
mod tests {
    use protocol::sync::TerminalRole;
    use protocol::{EventBody, OrderId, TerminalId};

    use super::super::tests::order;
    use super::*;

    /// Order `id` at `revision`, changed at `ms`.
    fn at(revision: u32, ms: i64, id: OrderId) -> EventBody {
        let mut event = order(id, revision);
        if let EventBody::Order(o) = &mut event {
            o.updated_at = Timestamp(ms);
        }
        event
    }

    #[test]
    fn drops_only_orders_untouched_since_the_cutoff_in_slices() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Sled(e.into()))?;
        let store = Store::open(&dir.path().join("db"), 1 << 20)?;
        let t = TerminalId::new();
        let now = Timestamp::now().0;
        let day = 86_400_000;
        // Ten old orders (40 days), ten fresh ones (1 day), one old but changed today.
        let mut seq = 0;
        let mut record = |event: EventBody, received: i64| {
            seq += 1;
            store.record(t, TerminalRole::Cashier, seq, [0; 16], &event, Timestamp(received))
        };
        let ids: Vec<OrderId> = (0..21).map(|_| OrderId::new()).collect();
        let mut old = Vec::new();
        for id in &ids[..10] {
            let e = at(1, now - 40 * day, *id);
            record(e.clone(), now - 40 * day)?;
            old.push(e.key());
        }
        let mut fresh = Vec::new();
        for id in &ids[10..20] {
            let e = at(1, now - day, *id);
            record(e.clone(), now - day)?;
            fresh.push(e.key());
        }
        let revived = at(1, now - 40 * day, ids[20]);
        record(revived.clone(), now - 40 * day)?;
        record(at(2, now, ids[20]), now)?;

        let cutoff = Timestamp(now - 35 * day);
        let mut from = None;
        let mut dropped = 0;
        let mut slices = 0;
        loop {
            let slice = store.archive_slice(from.as_deref(), cutoff, 4)?;
            assert!(slice.scanned <= 4);
            dropped += slice.dropped;
            slices += 1;
            match slice.next {
                Some(next) => from = Some(next),
                None => break,
            }
        }
        assert_eq!((dropped, slices), (10, 6), "21 snapshots in slices of 4");
        for key in &old {
            assert_eq!(store.entity_version(key)?, None);
            assert_eq!(store.owner(key)?, None);
        }
        for key in fresh.iter().chain([&revived.key()]) {
            assert!(store.entity_version(key)?.is_some());
            assert_eq!(store.owner(key)?, Some(t));
        }
        assert_eq!(store.outbox_depth(), 22, "the outbox keeps every revision for the cloud");
        // A later change to a dropped order is refused: the hub no longer
        // knows which revision it would follow.
        let late = at(2, now, ids[0]);
        let refused = store.record(t, TerminalRole::Cashier, 100, [0; 16], &late, Timestamp(now))?;
        assert_eq!(refused, crate::store::Recorded::Refused(protocol::RejectReason::VersionGap));
        Ok(())
    }
}
