//! Entity snapshots: the newest revision of each order, payment, product,
//! employee and place the hub holds, with the terminal that made it.
//!
//! One key per entity (`e` ‖ [`EntityKey`]); its value is
//! `version (12) ‖ maker (16, all zero for none) ‖ postcard EventBody`.
//! Keeping the maker inside the snapshot (layout 3) spares a key per new
//! order or payment and a read per change, and lets the archive scan drop a
//! snapshot with one compare-and-swap beside the ingest writer: whatever the
//! writer puts back carries its maker with it.
//!
//! Layout 2 kept makers under their own `w` keys; [`migrate_from_2`] folds
//! them in when a hub opens a store written by an older build.

use protocol::{EntityKey, EntityKind, EventBody, TerminalId, Version};

use super::{ENTITY, FORMAT_KEY, Store, StoreError, decode_version, encode_version, entity_key};

/// Where the maker starts in a snapshot's value.
const MAKER_AT: usize = 12;
/// Where the body starts in a snapshot's value.
const BODY_AT: usize = MAKER_AT + 16;
/// Layout 2's prefix for makers.
const OLD_OWNER: u8 = b'w';
/// How far [`migrate_from_2`] got (the next `e` key to rewrite).
const MIGRATION_CURSOR: &[u8] = b"mformat3_cursor";
/// Snapshots rewritten per atomic batch while migrating.
const MIGRATION_CHUNK: usize = 10_000;

/// What the hub holds of an entity: its version and its maker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// The newest revision and when it was made.
    pub version: Version,
    /// The terminal that made an order or payment (`None` for the catalog,
    /// and for orders stored before makers were kept).
    pub maker: Option<TerminalId>,
}

/// A snapshot's value.
pub(super) fn encode(version: Version, maker: Option<TerminalId>, body: &[u8]) -> Vec<u8> {
    let mut value = Vec::with_capacity(BODY_AT + body.len());
    value.extend_from_slice(&encode_version(version));
    value.extend_from_slice(&maker.map_or([0u8; 16], |t| *t.as_bytes()));
    value.extend_from_slice(body);
    value
}

/// The version and maker of a snapshot's value.
pub(super) fn decode_held(value: &[u8]) -> Result<Held, StoreError> {
    let version = decode_version(value).ok_or(StoreError::Corrupt("entity version"))?;
    let maker: [u8; 16] =
        value.get(MAKER_AT..BODY_AT).and_then(|b| b.try_into().ok()).ok_or(StoreError::Corrupt("entity maker"))?;
    let maker = (maker != [0u8; 16]).then(|| TerminalId::from_bytes(maker));
    Ok(Held { version, maker })
}

/// The body of a snapshot's value.
fn decode_body(value: &[u8]) -> Result<EventBody, StoreError> {
    let body = value.get(BODY_AT..).ok_or(StoreError::Corrupt("entity"))?;
    postcard::from_bytes(body).map_err(|_| StoreError::Corrupt("entity"))
}

impl Store {
    /// The version and maker of the entity the hub holds, if any.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn held(&self, key: &EntityKey) -> Result<Option<Held>, StoreError> {
        self.state.get(entity_key(key))?.map(|v| decode_held(&v)).transpose()
    }

    /// The version of the entity the hub holds, if any.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn entity_version(&self, key: &EntityKey) -> Result<Option<Version>, StoreError> {
        Ok(self.held(key)?.map(|h| h.version))
    }

    /// The terminal that made an order or payment, if the hub recorded it
    /// (entities stored before makers were kept have none).
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure.
    pub fn owner(&self, key: &EntityKey) -> Result<Option<TerminalId>, StoreError> {
        Ok(self.held(key)?.and_then(|h| h.maker))
    }

    /// The entity's current snapshot, if any.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn entity(&self, key: &EntityKey) -> Result<Option<EventBody>, StoreError> {
        self.state.get(entity_key(key))?.map(|v| decode_body(&v)).transpose()
    }

    /// Every current snapshot of one kind, in id order.
    ///
    /// # Errors
    /// [`StoreError`] on a storage failure or undecodable record.
    pub fn entities(&self, kind: EntityKind) -> Result<Vec<EventBody>, StoreError> {
        self.state.scan_prefix([ENTITY, kind as u8]).values().map(|v| decode_body(&v?)).collect()
    }
}

/// Rewrites a layout-2 store's snapshots in layout 3 (the maker folded in
/// from its `w` key), [`MIGRATION_CHUNK`] at a time, each chunk in one
/// atomic batch with the cursor that says how far it got, so a crash in the
/// middle resumes where it stopped and never rewrites a snapshot twice.
/// The last batch removes the `w` keys and records layout 3.
///
/// # Errors
/// [`StoreError`] on a storage failure or an undecodable record.
pub(super) fn migrate_from_2(state: &sled::Tree) -> Result<(), StoreError> {
    while migrate_chunk(state)? {}
    Ok(())
}

/// Rewrites the next [`MIGRATION_CHUNK`] snapshots from the cursor in one
/// atomic batch; `false` once the last batch finished the migration.
fn migrate_chunk(state: &sled::Tree) -> Result<bool, StoreError> {
    let from = match state.get(MIGRATION_CURSOR)? {
        Some(cursor) => cursor.to_vec(),
        None => vec![ENTITY],
    };
    let mut batch = sled::Batch::default();
    let mut next = None;
    for (rewritten, kv) in state.range(from.as_slice()..).enumerate() {
        let (key, value) = kv?;
        if key.first() != Some(&ENTITY) {
            break;
        }
        if rewritten == MIGRATION_CHUNK {
            next = Some(key.to_vec());
            break;
        }
        let version = decode_version(&value).ok_or(StoreError::Corrupt("entity version"))?;
        let mut owner_key = key.to_vec();
        owner_key[0] = OLD_OWNER;
        let maker = match state.get(&owner_key)? {
            Some(v) => {
                Some(TerminalId::from_bytes(v.as_ref().try_into().map_err(|_| StoreError::Corrupt("entity owner"))?))
            }
            None => None,
        };
        batch.insert(key, encode(version, maker, value.get(MAKER_AT..).unwrap_or_default()));
    }
    let more = next.is_some();
    match next {
        Some(next) => batch.insert(MIGRATION_CURSOR, next.as_slice()),
        None => {
            for key in state.scan_prefix([OLD_OWNER]).keys() {
                batch.remove(key?);
            }
            batch.remove(MIGRATION_CURSOR);
            batch.insert(FORMAT_KEY, &super::FORMAT.to_be_bytes());
        }
    }
    state.apply_batch(batch)?;
    Ok(more)
}

#[cfg(test)]
mod tests {
    use protocol::sync::TerminalRole;
    use protocol::{OrderId, RejectReason, Timestamp};

    use super::super::tests::order;
    use super::super::{FORMAT, Recorded, u64_at};
    use super::*;

    /// Writes `n` orders in layout 2 (version ‖ body, the maker under `w`),
    /// every third without a maker, as a hub built before layout 3 left them.
    fn layout_2(state: &sled::Tree, maker: TerminalId, n: usize) -> Result<Vec<OrderId>, StoreError> {
        let ids: Vec<OrderId> = (0..n).map(|_| OrderId::new()).collect();
        for (i, id) in ids.iter().enumerate() {
            let event = order(*id, 1);
            let mut value = encode_version(event.version()).to_vec();
            value.extend(postcard::to_allocvec(&event).map_err(|_| StoreError::Corrupt("test"))?);
            let key = entity_key(&event.key());
            state.insert(key, value)?;
            if i % 3 != 0 {
                let mut owner = key;
                owner[0] = OLD_OWNER;
                state.insert(owner, &maker.as_bytes()[..])?;
            }
        }
        state.insert(FORMAT_KEY, &2u64.to_be_bytes())?;
        Ok(ids)
    }

    #[test]
    fn a_layout_2_store_is_migrated_on_open_with_its_makers() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().map_err(|e| StoreError::Sled(e.into()))?;
        let path = dir.path().join("db");
        let maker = TerminalId::new();
        let ids = {
            let db = sled::open(&path)?;
            let state = db.open_tree("state")?;
            let ids = layout_2(&state, maker, MIGRATION_CHUNK * 2 + 7)?;
            // A migration cut off after its first chunk: the cursor says where.
            assert!(migrate_chunk(&state)?, "more chunks to go");
            assert!(state.get(MIGRATION_CURSOR)?.is_some());
            db.flush()?;
            ids
        };
        let store = Store::open(&path, 1 << 20)?;
        assert_eq!(store.state.get(FORMAT_KEY)?.and_then(|v| u64_at(&v, 0)), Some(FORMAT));
        assert_eq!(store.state.scan_prefix([OLD_OWNER]).count(), 0, "no layout-2 maker keys are left");
        assert_eq!(store.state.get(MIGRATION_CURSOR)?, None);
        for (i, id) in ids.iter().enumerate() {
            let key = order(*id, 1).key();
            let expected = (i % 3 != 0).then_some(maker);
            assert_eq!(store.owner(&key)?, expected, "order {i}");
            assert_eq!(store.entity(&key)?, Some(order(*id, 1)), "order {i}");
        }
        // The makers still decide who may change an order.
        let other = TerminalId::new();
        let refused = store.record(other, TerminalRole::Cashier, 1, [1; 16], &order(ids[1], 2), Timestamp(5))?;
        assert_eq!(refused, Recorded::Refused(RejectReason::NotOwner));
        assert_eq!(
            store.record(maker, TerminalRole::Cashier, 1, [2; 16], &order(ids[1], 2), Timestamp(5))?,
            Recorded::Applied
        );
        assert_eq!(store.owner(&order(ids[1], 1).key())?, Some(maker), "the maker survives a change");
        drop(store);
        let again = Store::open(&path, 1 << 20)?;
        assert_eq!(again.entity(&order(ids[1], 1).key())?, Some(order(ids[1], 2)), "layout 3 opens as it is");
        Ok(())
    }
}
