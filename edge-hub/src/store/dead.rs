//! Narrowing a batch the cloud refuses, and setting aside the event that
//! makes it refuse: the dead letters.
//!
//! When the cloud refuses a batch for its content (400, 413, 422), the sync
//! client narrows the batch in flight: to the first half of its segments, or,
//! with one segment left, splits that segment in two and keeps the first
//! half. A single event the cloud still refuses (while it takes a call with
//! no batch, so the fault is the event's and not the cloud's) leaves the
//! outbox for the dead letters, where `/metrics`, the hub's page and the
//! cloud see it. Everything else keeps syncing.
//!
//! | prefix | key                    | value                      |
//! |--------|------------------------|----------------------------|
//! | `x`    | position (u64 BE)      | postcard [`DeadLetter`]    |

use std::sync::atomic::Ordering;

use protocol::Timestamp;
use serde::{Deserialize, Serialize};

use super::outbox::{decode_segment, encode_segment};
use super::{InflightBatch, OutboxEntry, SYNC_INFLIGHT, Store, StoreError, outbox_key, u64_at};

pub(super) const DEAD: u8 = b'x';

/// An event the cloud refused for good, kept with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// Its outbox position.
    pub position: u64,
    /// The event.
    pub entry: OutboxEntry,
    /// What the cloud answered (status and text, cut to 300 characters).
    pub reason: String,
    /// When it was set aside.
    pub at: Timestamp,
}

fn dead_key(position: u64) -> [u8; 9] {
    let mut key = outbox_key(position);
    key[0] = DEAD;
    key
}

impl Store {
    /// Replaces the batch in flight with `batch` (the same number, fewer
    /// segments); durable on return.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub async fn sync_narrow(&self, batch: &InflightBatch) -> Result<(), StoreError> {
        let bytes = postcard::to_stdvec(batch).map_err(|_| StoreError::Corrupt("inflight batch"))?;
        self.state.insert(SYNC_INFLIGHT, bytes)?;
        self.flush().await
    }

    /// Splits the outbox segment at `first` after its `at`-th entry, into
    /// segments at `first` and `first + at`; durable on return. Returns
    /// false when there is no such segment or nothing to split.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub async fn split_segment(&self, first: u64, at: usize) -> Result<bool, StoreError> {
        let key = outbox_key(first);
        let Some(value) = self.state.get(key)? else { return Ok(false) };
        let segment = decode_segment(&key, &value)?;
        if at == 0 || at >= segment.entries.len() {
            return Ok(false);
        }
        let (head, tail) = segment.entries.split_at(at);
        let mut b = sled::Batch::default();
        b.insert(&key[..], encode_segment(head)?);
        b.insert(&outbox_key(first + at as u64)[..], encode_segment(tail)?);
        self.state.apply_batch(b)?;
        self.flush().await?;
        Ok(true)
    }

    /// Moves the one-entry segment at `first` out of the outbox into the
    /// dead letters and drops the batch in flight, atomically; durable on
    /// return. Returns the dead letter, or `None` when the segment is gone
    /// or holds more than one entry (then nothing changes).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub async fn dead_letter(&self, first: u64, reason: &str) -> Result<Option<DeadLetter>, StoreError> {
        let key = outbox_key(first);
        let Some(value) = self.state.get(key)? else { return Ok(None) };
        let mut segment = decode_segment(&key, &value)?;
        if segment.entries.len() != 1 {
            return Ok(None);
        }
        let Some(entry) = segment.entries.pop() else { return Ok(None) };
        let letter =
            DeadLetter { position: first, entry, reason: reason.chars().take(300).collect(), at: Timestamp::now() };
        let mut b = sled::Batch::default();
        b.remove(&key[..]);
        b.remove(SYNC_INFLIGHT);
        b.insert(&dead_key(first)[..], postcard::to_stdvec(&letter).map_err(|_| StoreError::Corrupt("dead letter"))?);
        self.state.apply_batch(b)?;
        self.outbox_depth.fetch_sub(1, Ordering::Relaxed);
        self.dead_letters.fetch_add(1, Ordering::Relaxed);
        self.flush().await?;
        Ok(Some(letter))
    }

    /// How many events are set aside.
    #[must_use]
    pub fn dead_letter_count(&self) -> u64 {
        self.dead_letters.load(Ordering::Relaxed)
    }

    /// The newest `limit` dead letters, newest first.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn dead_letters(&self, limit: usize) -> Result<Vec<DeadLetter>, StoreError> {
        self.state
            .scan_prefix([DEAD])
            .values()
            .rev()
            .take(limit)
            .map(|v| postcard::from_bytes(&v?).map_err(|_| StoreError::Corrupt("dead letter")))
            .collect()
    }

    pub(super) fn count_dead_letters(state: &sled::Tree) -> Result<u64, StoreError> {
        let mut n = 0u64;
        for key in state.scan_prefix([DEAD]).keys() {
            u64_at(&key?, 1).ok_or(StoreError::Corrupt("dead letter key"))?;
            n += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use protocol::{EventBody, OrderId, TerminalId};

    use super::*;
    use protocol::sync::TerminalRole;

    fn order(n: u32) -> EventBody {
        super::super::tests::order(OrderId::from_name(&format!("o{n}")), 1)
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap_or_else(|e| panic!("{e}")).block_on(f)
    }

    #[test]
    fn a_segment_splits_and_one_event_is_set_aside() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("db");
        let t = TerminalId::from_name("t");
        {
            let store = Store::open(&path, 1 << 20)?;
            let mut group = store.begin();
            for n in 1..=5 {
                group.record(t, TerminalRole::Cashier, u64::from(n), [0; 16], &order(n), Timestamp(1))?;
            }
            store.commit(group)?;
            block_on(store.sync_begin(&InflightBatch { seq: 1, segments: vec![0] }))?;
            assert!(block_on(store.split_segment(0, 2))?);
            assert!(!block_on(store.split_segment(0, 2))?, "two entries: nothing after the 2nd");
            assert!(block_on(store.split_segment(0, 1))?);
            let firsts: Vec<u64> =
                store.outbox_batch(super::super::OutboxEnd::Oldest, 100, usize::MAX)?.iter().map(|s| s.first).collect();
            assert_eq!(firsts, vec![0, 1, 2]);
            assert_eq!(block_on(store.dead_letter(2, "413: too large"))?, None, "three entries: not one event");
            let letter = block_on(store.dead_letter(1, "413: too large"))?;
            assert_eq!(letter.map(|l| l.entry.seq), Some(2));
            assert_eq!(store.sync_inflight()?, None);
            assert_eq!((store.outbox_depth(), store.dead_letter_count()), (4, 1));
        }
        let store = Store::open(&path, 1 << 20)?;
        assert_eq!((store.outbox_depth(), store.dead_letter_count()), (4, 1), "after a restart");
        assert_eq!(store.outbox(0, 10)?.iter().map(|(_, e)| e.seq).collect::<Vec<_>>(), vec![1, 3, 4, 5]);
        assert_eq!(
            store.dead_letters(10)?.iter().map(|d| d.reason.as_str()).collect::<Vec<_>>(),
            vec!["413: too large"]
        );
        Ok(())
    }
}
