//! The `(terminal, seq)` markers that tell a resend from a new event, kept
//! for a bounded window below each terminal's highest sequence number.
//!
//! A terminal numbers its events 1, 2, 3… and sends them in order, at most
//! its window (64 in the shipped firmware) unanswered at a time. An event
//! more than [`SEEN_WINDOW`] below the highest one recorded for its terminal
//! was answered long ago; the hub acks it again without looking it up and
//! changes nothing (see `ingest.rs`). So the markers below that line serve
//! no one, and [`Store::prune_seen`] deletes them: what the hub keeps per
//! terminal stays bounded however many years it runs.

use protocol::TerminalId;

use super::{MessageDigest, SEEN, Store, StoreError, u64_at};

/// How many sequence numbers below its highest one a terminal's markers are
/// kept. Far above any terminal's unanswered window, so an honest resend
/// always finds its marker.
pub const SEEN_WINDOW: u64 = 4_096;

/// Markers removed per batch while pruning: each batch holds sled's write
/// lock, which the ingest writer's group commit waits for, so batches stay
/// small enough to cost it a millisecond or two at most.
const PRUNE_CHUNK: u64 = 1_000;

pub(super) fn seen_key(terminal: TerminalId, seq: u64) -> [u8; 25] {
    let mut key = [0u8; 25];
    key[0] = SEEN;
    key[1..17].copy_from_slice(terminal.as_bytes());
    key[17..].copy_from_slice(&seq.to_be_bytes());
    key
}

fn terminal_prefix(terminal: TerminalId) -> [u8; 17] {
    let mut prefix = [0u8; 17];
    prefix[0] = SEEN;
    prefix[1..].copy_from_slice(terminal.as_bytes());
    prefix
}

fn terminal_of(key: &[u8]) -> Result<TerminalId, StoreError> {
    let id: [u8; 16] = key.get(1..17).and_then(|b| b.try_into().ok()).ok_or(StoreError::Corrupt("seen key"))?;
    Ok(TerminalId::from_bytes(id))
}

impl Store {
    /// The digest stored for `(terminal, seq)`, if that event was recorded
    /// and its marker is still kept.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn seen(&self, terminal: TerminalId, seq: u64) -> Result<Option<MessageDigest>, StoreError> {
        match self.state.get(seen_key(terminal, seq))? {
            Some(v) => Ok(Some(v.as_ref().try_into().map_err(|_| StoreError::Corrupt("seen digest"))?)),
            None => Ok(None),
        }
    }

    /// The highest sequence number recorded for `terminal` (pruning never
    /// removes it).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn max_seen(&self, terminal: TerminalId) -> Result<Option<u64>, StoreError> {
        match self.state.scan_prefix(terminal_prefix(terminal)).keys().next_back() {
            Some(key) => Ok(Some(u64_at(&key?, 17).ok_or(StoreError::Corrupt("seen key"))?)),
            None => Ok(None),
        }
    }

    /// Every `(terminal, seq)` whose marker the hub keeps, for audits and tests.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn all_seen(&self) -> Result<Vec<(TerminalId, u64)>, StoreError> {
        self.state
            .scan_prefix([SEEN])
            .keys()
            .map(|k| {
                let k = k?;
                Ok((terminal_of(&k)?, u64_at(&k, 17).ok_or(StoreError::Corrupt("seen key"))?))
            })
            .collect()
    }

    /// Deletes every marker more than `window` below its terminal's highest
    /// one, a terminal at a time, and returns how many went. Safe beside the
    /// ingest writer: it reads only markers within the window.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure; what was deleted stays deleted.
    pub fn prune_seen(&self, window: u64) -> Result<u64, StoreError> {
        let mut removed = 0u64;
        let mut from = vec![SEEN];
        loop {
            let Some(first) = self.state.range(from.as_slice()..).keys().next() else { break };
            let first = first?;
            if first.first() != Some(&SEEN) {
                break;
            }
            let terminal = terminal_of(&first)?;
            let Some(max) = self.max_seen(terminal)? else { break };
            if let Some(floor) = max.checked_sub(window) {
                let mut batch = sled::Batch::default();
                let mut count = 0u64;
                for key in self.state.range(seen_key(terminal, 0)..seen_key(terminal, floor)).keys() {
                    batch.remove(key?);
                    count += 1;
                    if count.is_multiple_of(PRUNE_CHUNK) {
                        self.state.apply_batch(std::mem::take(&mut batch))?;
                    }
                }
                self.state.apply_batch(batch)?;
                removed += count;
            }
            // The next terminal: just past this one's last possible key.
            from = seen_key(terminal, u64::MAX).to_vec();
            from.push(0);
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use protocol::{EventBody, OrderId, TerminalId, Timestamp};

    use super::*;
    use protocol::sync::TerminalRole;

    fn order(n: u32) -> EventBody {
        super::super::tests::order(OrderId::from_name(&format!("o{n}")), 1)
    }

    #[test]
    fn prunes_below_the_window_per_terminal_and_keeps_the_rest() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::open(&dir.path().join("db"), 1 << 20)?;
        let (a, b, c) = (TerminalId::from_name("a"), TerminalId::from_name("b"), TerminalId::from_name("c"));
        let m = TerminalRole::Manager;
        let mut group = store.begin();
        for seq in 1..=30u64 {
            // A superseded event leaves a marker all the same: the same order again.
            group.record(a, m, seq, [seq as u8; 16], &order(1), Timestamp(1))?;
        }
        for seq in 1..=5u64 {
            group.record(b, m, seq, [seq as u8; 16], &order(2), Timestamp(1))?;
        }
        group.record(c, m, 7, [7; 16], &order(3), Timestamp(1))?;
        store.commit(group)?;

        assert_eq!(store.prune_seen(10)?, 19, "a: 1..=19 go (20 = 30 - 10 stays), b and c are within the window");
        let kept = |t| -> Result<Vec<u64>, StoreError> {
            Ok(store.all_seen()?.into_iter().filter(|(x, _)| *x == t).map(|(_, s)| s).collect())
        };
        assert_eq!(kept(a)?, (20..=30).collect::<Vec<_>>());
        assert_eq!(kept(b)?, (1..=5).collect::<Vec<_>>());
        assert_eq!(kept(c)?, vec![7]);
        assert_eq!(store.max_seen(a)?, Some(30));
        assert_eq!(store.seen(a, 19)?, None);
        assert_eq!(store.seen(a, 20)?, Some([20; 16]));
        assert_eq!(store.prune_seen(10)?, 0, "a second pass finds nothing");
        assert_eq!(store.prune_seen(0)?, 10 + 4, "window 0 keeps only each terminal's highest");
        let mut all = store.all_seen()?;
        all.sort();
        let mut want = vec![(a, 30), (b, 5), (c, 7)];
        want.sort();
        assert_eq!(all, want);
        Ok(())
    }
}
