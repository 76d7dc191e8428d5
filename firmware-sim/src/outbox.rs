//! A terminal's outbox: every event it made, sealed, kept until the hub acks
//! it. On disk (sled) for a real terminal, so a reboot loses nothing; in
//! memory for load generation. The next sequence number is part of it, so a
//! terminal never reuses one.

use std::collections::BTreeMap;
use std::path::Path;

use bytes::Bytes;

const NEXT_SEQ: &[u8] = b"next_seq";

/// The outbox's storage failed.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// sled failed.
    #[error("terminal outbox storage: {0}")]
    Sled(#[from] sled::Error),
    /// A stored record is damaged.
    #[error("terminal outbox record damaged")]
    Corrupt,
}

struct Disk {
    db: sled::Db,
    pending: sled::Tree,
    dead: sled::Tree,
    meta: sled::Tree,
}

/// Sealed events waiting for the hub's ack, in sequence order.
pub struct Outbox {
    entries: BTreeMap<u64, Bytes>,
    next_seq: u64,
    dead_letters: u64,
    disk: Option<Disk>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox")
            .field("pending", &self.entries.len())
            .field("next_seq", &self.next_seq)
            .field("on_disk", &self.disk.is_some())
            .finish()
    }
}

impl Outbox {
    /// An outbox in memory only (load generation). Its sequence numbers
    /// start at the current time in microseconds, so a terminal restarted
    /// with the same credential never reuses a number the hub has seen.
    #[must_use]
    pub fn in_memory() -> Self {
        let now_us = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX / 2));
        Self { entries: BTreeMap::new(), next_seq: now_us.max(1), dead_letters: 0, disk: None }
    }

    /// Opens (or creates) an outbox on disk and loads what is pending.
    ///
    /// # Errors
    /// [`OutboxError`] if the files cannot be opened or are damaged.
    pub fn open(path: &Path) -> Result<Self, OutboxError> {
        let db = sled::Config::new().path(path).cache_capacity(8 << 20).open()?;
        let pending = db.open_tree("pending")?;
        let dead = db.open_tree("dead")?;
        let meta = db.open_tree("meta")?;
        let mut entries = BTreeMap::new();
        for kv in pending.iter() {
            let (k, v) = kv?;
            let seq = u64::from_be_bytes(k.as_ref().try_into().map_err(|_| OutboxError::Corrupt)?);
            entries.insert(seq, Bytes::copy_from_slice(&v));
        }
        let next_seq = match meta.get(NEXT_SEQ)? {
            Some(v) => u64::from_be_bytes(v.as_ref().try_into().map_err(|_| OutboxError::Corrupt)?),
            None => 1,
        };
        let next_seq = next_seq.max(entries.keys().next_back().map_or(1, |s| s + 1));
        let dead_letters = dead.len() as u64;
        Ok(Self { entries, next_seq, dead_letters, disk: Some(Disk { db, pending, dead, meta }) })
    }

    /// Keeps a sealed event under the next sequence number, which `seal`
    /// receives. On disk, durable when this returns.
    ///
    /// # Errors
    /// [`OutboxError`] when the disk refuses; the event is not kept then.
    pub fn push<E>(&mut self, seal: impl FnOnce(u64) -> Result<Vec<u8>, E>) -> Result<Result<u64, E>, OutboxError> {
        let seq = self.next_seq;
        let sealed = match seal(seq) {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        if let Some(disk) = &self.disk {
            let mut batch = sled::Batch::default();
            batch.insert(&seq.to_be_bytes(), sealed.as_slice());
            disk.pending.apply_batch(batch)?;
            disk.meta.insert(NEXT_SEQ, &(seq + 1).to_be_bytes())?;
            disk.db.flush()?;
        }
        self.next_seq = seq + 1;
        self.entries.insert(seq, Bytes::from(sealed));
        Ok(Ok(seq))
    }

    /// Takes `count` sequence numbers for events that reach the hub by other
    /// means (a history imported in bulk), so that this terminal never uses
    /// them again. On disk, durable when this returns.
    ///
    /// # Errors
    /// [`OutboxError`] when the disk refuses; nothing is taken then.
    pub fn reserve(&mut self, count: u64) -> Result<std::ops::Range<u64>, OutboxError> {
        let first = self.next_seq;
        let next = first.checked_add(count).ok_or(OutboxError::Corrupt)?;
        if let Some(disk) = &self.disk {
            disk.meta.insert(NEXT_SEQ, &next.to_be_bytes())?;
            disk.db.flush()?;
        }
        self.next_seq = next;
        Ok(first..next)
    }

    /// Forgets an acked event. Returns whether it was pending.
    ///
    /// # Errors
    /// [`OutboxError`] on a storage failure.
    pub fn ack(&mut self, seq: u64) -> Result<bool, OutboxError> {
        if self.entries.remove(&seq).is_none() {
            return Ok(false);
        }
        if let Some(disk) = &self.disk {
            disk.pending.remove(seq.to_be_bytes())?;
        }
        Ok(true)
    }

    /// Moves an event the hub refused for good to the dead-letter log.
    /// Returns whether it was pending.
    ///
    /// # Errors
    /// [`OutboxError`] on a storage failure.
    pub fn dead_letter(&mut self, seq: u64) -> Result<bool, OutboxError> {
        let Some(sealed) = self.entries.remove(&seq) else { return Ok(false) };
        if let Some(disk) = &self.disk {
            disk.dead.insert(seq.to_be_bytes(), sealed.as_ref())?;
            disk.pending.remove(seq.to_be_bytes())?;
            disk.db.flush()?;
        }
        self.dead_letters += 1;
        Ok(true)
    }

    /// The sealed bytes of a pending event.
    #[must_use]
    pub fn get(&self, seq: u64) -> Option<&Bytes> {
        self.entries.get(&seq)
    }

    /// Pending events from `seq` on, in order.
    pub fn from_seq(&self, seq: u64) -> impl Iterator<Item = (u64, &Bytes)> {
        self.entries.range(seq..).map(|(s, b)| (*s, b))
    }

    /// The oldest pending sequence number.
    #[must_use]
    pub fn first_seq(&self) -> Option<u64> {
        self.entries.keys().next().copied()
    }

    /// How many events wait for an ack.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Nothing waits.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Events refused for good so far.
    #[must_use]
    pub fn dead_letters(&self) -> u64 {
        self.dead_letters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal(seq: u64) -> Result<Vec<u8>, ()> {
        Ok(seq.to_le_bytes().to_vec())
    }

    #[test]
    fn survives_a_restart_and_never_reuses_a_seq() -> Result<(), OutboxError> {
        let dir = tempfile::tempdir().map_err(|e| OutboxError::Sled(sled::Error::Io(e)))?;
        let path = dir.path().join("outbox");
        {
            let mut o = Outbox::open(&path)?;
            for _ in 0..5 {
                assert!(o.push(seal)?.is_ok());
            }
            assert!(o.ack(1)?);
            assert!(!o.ack(1)?);
            assert!(o.ack(5)?);
            assert!(o.dead_letter(3)?);
        }
        let mut o = Outbox::open(&path)?;
        assert_eq!(o.from_seq(0).map(|(s, _)| s).collect::<Vec<_>>(), vec![2, 4]);
        assert_eq!(o.dead_letters(), 1);
        assert_eq!(o.push(seal)?.ok(), Some(6));
        Ok(())
    }

    #[test]
    fn reserved_seqs_are_never_used_again() -> Result<(), OutboxError> {
        let dir = tempfile::tempdir().map_err(|e| OutboxError::Sled(sled::Error::Io(e)))?;
        let path = dir.path().join("outbox");
        {
            let mut o = Outbox::open(&path)?;
            assert_eq!(o.reserve(1_000)?, 1..1_001);
            assert_eq!(o.push(seal)?.ok(), Some(1_001));
            assert_eq!(o.reserve(0)?, 1_002..1_002);
            assert!(o.ack(1_001)?);
            assert_eq!(o.reserve(10)?, 1_002..1_012);
        }
        let mut o = Outbox::open(&path)?;
        assert!(o.is_empty(), "reserved numbers hold no events");
        assert_eq!(o.push(seal)?.ok(), Some(1_012));
        Ok(())
    }
}
