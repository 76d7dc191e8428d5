//! The outbox and the batch in flight to the cloud.
//!
//! Every applied event gets the next outbox position, but positions are
//! stored in *segments*: a group commit writes its outbox entries as one
//! record per [`super::SEGMENT_MAX`] entries, keyed by the first position. The
//! sync client sends whole segments and deletes them whole when the cloud
//! acknowledges them; a segment is split only when the cloud refuses a batch
//! of one segment (see `store/dead.rs`). A sled write costs about 10 µs per
//! key (measured: 200 000 single-key removals took 1.8 s), so draining a
//! backlog key by key would cap the hub near 100 000 events/s before any
//! other work; under load a group commit holds hundreds of events, and its
//! segment costs one read and one delete.

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};

use super::{OUTBOX, OutboxEntry, SYNC_INFLIGHT, SYNC_NEXT_SEQ, Store, StoreError, outbox_key, u64_at};

/// A batch handed to the cloud and not yet acknowledged: its number and the
/// outbox segments it holds, recorded before the first attempt so every
/// retry (after a restart too) carries exactly the same events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InflightBatch {
    /// Batch sequence number.
    pub seq: u64,
    /// The first positions of its outbox segments, in outbox order.
    pub segments: Vec<u64>,
}

/// One outbox segment: entries at consecutive positions from `first`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Position of the first entry.
    pub first: u64,
    /// The entries, at `first`, `first + 1`, ….
    pub entries: Vec<OutboxEntry>,
}

impl Segment {
    /// The entries with their positions.
    pub fn positioned(&self) -> impl Iterator<Item = (u64, &OutboxEntry)> {
        (self.first..).zip(self.entries.iter())
    }
}

/// Which end of the outbox a batch is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxEnd {
    /// The oldest entries first.
    Oldest,
    /// The newest entries (fresh sales jump an old backlog).
    Newest,
}

pub(super) fn segment_count(value: &[u8]) -> Result<u64, StoreError> {
    let head: [u8; 4] = value.get(..4).and_then(|h| h.try_into().ok()).ok_or(StoreError::Corrupt("outbox segment"))?;
    Ok(u64::from(u32::from_be_bytes(head)))
}

pub(super) fn decode_segment(key: &[u8], value: &[u8]) -> Result<Segment, StoreError> {
    let first = u64_at(key, 1).ok_or(StoreError::Corrupt("outbox key"))?;
    let count = segment_count(value)?;
    let entries: Vec<OutboxEntry> =
        postcard::from_bytes(&value[4..]).map_err(|_| StoreError::Corrupt("outbox segment"))?;
    if entries.len() as u64 != count {
        return Err(StoreError::Corrupt("outbox segment count"));
    }
    Ok(Segment { first, entries })
}

pub(super) fn encode_segment(entries: &[OutboxEntry]) -> Result<Vec<u8>, StoreError> {
    let count = u32::try_from(entries.len()).map_err(|_| StoreError::Corrupt("outbox segment count"))?;
    postcard::to_extend(entries, count.to_be_bytes().to_vec()).map_err(|_| StoreError::Corrupt("outbox encoding"))
}

impl Store {
    /// When the oldest event still waiting for the cloud reached the hub
    /// (the earliest of the first segment: reads one record), or `None` when
    /// nothing waits.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn oldest_waiting_at(&self) -> Result<Option<protocol::Timestamp>, StoreError> {
        let Some(kv) = self.state.scan_prefix([OUTBOX]).next() else { return Ok(None) };
        let (k, v) = kv?;
        Ok(decode_segment(&k, &v)?.entries.iter().map(|e| e.received_at).min())
    }

    /// Entries waiting for the cloud, oldest first, starting at position `from`.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn outbox(&self, from: u64, limit: usize) -> Result<Vec<(u64, OutboxEntry)>, StoreError> {
        let mut out = Vec::new();
        for kv in self.state.scan_prefix([OUTBOX]) {
            let (k, v) = kv?;
            if out.len() >= limit {
                break;
            }
            let first = u64_at(&k, 1).ok_or(StoreError::Corrupt("outbox key"))?;
            if first.saturating_add(segment_count(&v)?) <= from {
                continue;
            }
            let segment = decode_segment(&k, &v)?;
            let room = limit - out.len();
            out.extend(segment.positioned().filter(|(p, _)| *p >= from).take(room).map(|(p, e)| (p, e.clone())));
        }
        Ok(out)
    }

    /// Whole segments from one end of the outbox, in outbox order: as many
    /// as fit in `max_events` entries and about `max_bytes` (always at least
    /// one, when the outbox holds any).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn outbox_batch(
        &self,
        end: OutboxEnd,
        max_events: usize,
        max_bytes: usize,
    ) -> Result<Vec<Segment>, StoreError> {
        let range = self.state.scan_prefix([OUTBOX]);
        let iter: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = match end {
            OutboxEnd::Oldest => Box::new(range),
            OutboxEnd::Newest => Box::new(range.rev()),
        };
        let mut out = Vec::new();
        let (mut events, mut bytes) = (0usize, 0usize);
        for kv in iter {
            let (k, v) = kv?;
            let count = usize::try_from(segment_count(&v)?).unwrap_or(usize::MAX);
            if !out.is_empty() && (events.saturating_add(count) > max_events || bytes + v.len() > max_bytes) {
                break;
            }
            events = events.saturating_add(count);
            bytes += v.len();
            out.push(decode_segment(&k, &v)?);
        }
        if end == OutboxEnd::Newest {
            out.reverse();
        }
        Ok(out)
    }

    /// The segments starting at `firsts` that still exist, in that order.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn outbox_segments(&self, firsts: &[u64]) -> Result<Vec<Segment>, StoreError> {
        let mut out = Vec::with_capacity(firsts.len());
        for &first in firsts {
            let key = outbox_key(first);
            if let Some(v) = self.state.get(key)? {
                out.push(decode_segment(&key, &v)?);
            }
        }
        Ok(out)
    }

    /// The unacknowledged batch, if one was handed to the cloud.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn sync_inflight(&self) -> Result<Option<InflightBatch>, StoreError> {
        match self.state.get(SYNC_INFLIGHT)? {
            Some(v) => Ok(Some(postcard::from_bytes(&v).map_err(|_| StoreError::Corrupt("inflight batch"))?)),
            None => Ok(None),
        }
    }

    /// The next batch sequence number (1 for a new hub).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn sync_next_seq(&self) -> Result<u64, StoreError> {
        match self.state.get(SYNC_NEXT_SEQ)? {
            Some(v) => u64_at(&v, 0).ok_or(StoreError::Corrupt("next batch seq")),
            None => Ok(1),
        }
    }

    /// Records a batch before its first attempt (durable on return), and
    /// moves the next sequence number past it.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub async fn sync_begin(&self, batch: &InflightBatch) -> Result<(), StoreError> {
        let mut b = sled::Batch::default();
        b.insert(SYNC_INFLIGHT, postcard::to_stdvec(batch).map_err(|_| StoreError::Corrupt("inflight batch"))?);
        b.insert(SYNC_NEXT_SEQ, &(batch.seq + 1).to_be_bytes());
        self.state.apply_batch(b)?;
        self.flush().await
    }

    /// Drops the unacknowledged batch without deleting its events (they
    /// go again under a new number), and sets the next number.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub async fn sync_renumber(&self, next_seq: u64) -> Result<(), StoreError> {
        let mut b = sled::Batch::default();
        b.remove(SYNC_INFLIGHT);
        b.insert(SYNC_NEXT_SEQ, &next_seq.to_be_bytes());
        self.state.apply_batch(b)?;
        self.flush().await
    }

    /// The cloud acknowledged the batch: its events leave the outbox and the
    /// batch record goes, atomically; durable on return.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub async fn sync_acked(&self, batch: &InflightBatch) -> Result<(), StoreError> {
        let mut b = sled::Batch::default();
        let mut removed = 0u64;
        for &first in &batch.segments {
            if let Some(v) = self.state.get(outbox_key(first))? {
                b.remove(&outbox_key(first));
                removed += segment_count(&v)?;
            }
        }
        b.remove(SYNC_INFLIGHT);
        self.state.apply_batch(b)?;
        self.outbox_depth.fetch_sub(removed, Ordering::Relaxed);
        self.flush().await
    }
}
