//! The registry of terminals this hub admits.
//!
//! Each record keeps the terminal's envelope MAC key and a salted SHA-256 of
//! its MQTT password. A fast hash is right here: the password is 256 bits
//! derived from the terminal's random secret, so there is nothing to guess,
//! and the broker checks it on every connection. (Human passwords in the
//! cloud use argon2id.) The registry lives in sled and in memory; the broker's
//! auth callback and the ingest pipeline read the in-memory copy.

use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::RwLock;
use protocol::sync::TerminalRole;
use protocol::{
    Direction, Envelope, EnvelopeError, HubMessage, MacKey, TerminalCredential, TerminalId, TerminalSecret, Timestamp,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::store::{Store, StoreError};

/// A registry operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TerminalsError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No such terminal.
    #[error("no terminal {0}")]
    NotFound(TerminalId),
    /// The name is empty or too long.
    #[error("a terminal name must be 1 to 64 characters")]
    BadName,
    /// The OS could not supply randomness.
    #[error("no randomness available")]
    NoRandomness,
    /// The subscription allows no more active terminals in this branch.
    #[error("the subscription allows {max} active terminals in this branch; revoke one or change the tariff")]
    LimitReached {
        /// The limit the cloud sent.
        max: u32,
    },
    /// The subscription takes no new terminals now (suspended, or past its
    /// end and grace period); paired terminals keep selling.
    #[error("the subscription takes no new terminals until it is paid or resumed; paired terminals keep selling")]
    SubscriptionInactive,
}

impl From<sled::Error> for TerminalsError {
    fn from(e: sled::Error) -> Self {
        Self::Store(StoreError::Sled(e))
    }
}

/// One terminal as the hub knows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalRecord {
    /// The device id; also its MQTT client id and username.
    pub id: TerminalId,
    /// What the technician called it ("Kassa 1").
    pub name: String,
    salt: [u8; 16],
    password_hash: [u8; 32],
    mac_key: [u8; 32],
    /// When it was provisioned.
    pub created_at: Timestamp,
    /// When it was revoked; a revoked terminal may only hand over what it
    /// made before (see [`Terminals::check_login`]).
    pub revoked_at: Option<Timestamp>,
    /// Its short number in the branch (1, 2, …), never reused: order numbers
    /// read `2-015` with it.
    pub short: u16,
    /// What it may change.
    pub role: TerminalRole,
}

/// The record as hubs before roles and short numbers stored it (read once
/// at start and rewritten in the current layout).
#[derive(Deserialize)]
struct RecordV1 {
    id: TerminalId,
    name: String,
    salt: [u8; 16],
    password_hash: [u8; 32],
    mac_key: [u8; 32],
    created_at: Timestamp,
    revoked_at: Option<Timestamp>,
}

/// A stored record: the current layout behind a leading marker byte. A
/// layout-1 record starts with its id's first byte, which for a UUIDv7 is
/// never 0xFF before the year 10889; one that does anyway fails to decode as
/// layout 2 and is read as layout 1.
const RECORD_V2: u8 = 0xFF;

fn decode_record(bytes: &[u8]) -> Result<(TerminalRecord, bool), StoreError> {
    let corrupt = || StoreError::Corrupt("terminal record");
    if let Some((&RECORD_V2, rest)) = bytes.split_first()
        && let Ok(record) = postcard::from_bytes(rest)
    {
        return Ok((record, false));
    }
    let old: RecordV1 = postcard::from_bytes(bytes).map_err(|_| corrupt())?;
    let record = TerminalRecord {
        id: old.id,
        name: old.name,
        salt: old.salt,
        password_hash: old.password_hash,
        mac_key: old.mac_key,
        created_at: old.created_at,
        revoked_at: old.revoked_at,
        short: 0,
        role: TerminalRole::Cashier,
    };
    Ok((record, true))
}

impl std::fmt::Debug for TerminalRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalRecord")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("revoked_at", &self.revoked_at)
            .field("short", &self.short)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl TerminalRecord {
    /// The key that authenticates this terminal's envelopes.
    #[must_use]
    pub fn mac_key(&self) -> MacKey {
        MacKey::from_bytes(self.mac_key)
    }

    /// Is it still admitted?
    #[must_use]
    pub fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }

    fn password_matches(&self, password: &str) -> bool {
        hash_password(&self.salt, password).ct_eq(&self.password_hash).into()
    }
}

fn hash_password(salt: &[u8; 16], password: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"pos-terminal-login/v1");
    h.update(salt);
    h.update(password.as_bytes());
    h.finalize().into()
}

/// Why a broker login was refused (for logs and metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefused {
    /// Client id and username differ, or are not a terminal id.
    IdentityMismatch,
    /// Never provisioned here.
    Unknown,
    /// Unpaired (and the password was right: the terminal itself asks).
    Revoked,
    /// Wrong password.
    BadPassword,
}

impl LoginRefused {
    /// A stable label.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            LoginRefused::IdentityMismatch => "identity_mismatch",
            LoginRefused::Unknown => "unknown_terminal",
            LoginRefused::Revoked => "revoked",
            LoginRefused::BadPassword => "bad_password",
        }
    }
}

/// The registry.
pub struct Terminals {
    store: Arc<Store>,
    cache: RwLock<HashMap<TerminalId, Arc<TerminalRecord>>>,
    /// The last down sequence number given to each terminal's messages.
    down: parking_lot::Mutex<HashMap<TerminalId, u64>>,
    /// Where every terminal's down numbers start: this process's start in
    /// microseconds since the epoch, so they keep rising across restarts.
    down_base: u64,
}

impl std::fmt::Debug for Terminals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Terminals").field("count", &self.cache.read().len()).finish()
    }
}

impl Terminals {
    /// Seals `message` for the terminal of `record`, under the next number of
    /// its down sequence: one more than the last, from this process's start
    /// time in microseconds (the terminal takes each number once; see
    /// [`protocol::ReplayWindow`]).
    ///
    /// # Errors
    /// The message does not encode or does not fit an envelope.
    pub fn seal_down(&self, record: &TerminalRecord, message: &HubMessage) -> Result<Vec<u8>, EnvelopeError> {
        let payload = postcard::to_allocvec(message).map_err(|e| EnvelopeError::Encode(e.to_string()))?;
        self.seal_down_payload(record, &payload)
    }

    /// [`Self::seal_down`] for a message already encoded (the catalog, encoded
    /// once for every terminal).
    ///
    /// # Errors
    /// The payload does not fit an envelope.
    pub fn seal_down_payload(&self, record: &TerminalRecord, payload: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
        let seq = {
            let mut down = self.down.lock();
            let seq = down.entry(record.id).or_insert(self.down_base);
            *seq = seq.saturating_add(1);
            *seq
        };
        Envelope::seal_payload(&record.mac_key(), Direction::Down, record.id, seq, payload)
    }

    /// Loads every record from the store.
    ///
    /// # Errors
    /// [`TerminalsError::Store`] on a storage failure or undecodable record.
    pub fn open(store: Arc<Store>) -> Result<Self, TerminalsError> {
        let mut records = Vec::new();
        let mut upgraded = false;
        for kv in store.terminals_tree().iter() {
            let (_, v) = kv?;
            let (record, old) = decode_record(&v)?;
            upgraded |= old;
            records.push(record);
        }
        let down_base = u64::try_from(Timestamp::now().0).unwrap_or(0).saturating_mul(1_000);
        let this = Self { store, cache: RwLock::new(HashMap::new()), down: parking_lot::Mutex::default(), down_base };
        // Records from before short numbers get them in pairing order.
        records.sort_by_key(|r| (r.created_at, r.id));
        let mut next = records.iter().map(|r| r.short).max().unwrap_or(0);
        for mut record in records {
            if record.short == 0 {
                next = next.saturating_add(1);
                record.short = next;
                upgraded = true;
            }
            if upgraded {
                this.put(record)?;
            } else {
                this.cache.write().insert(record.id, Arc::new(record));
            }
        }
        Ok(this)
    }

    fn put(&self, record: TerminalRecord) -> Result<Arc<TerminalRecord>, TerminalsError> {
        let bytes =
            postcard::to_extend(&record, vec![RECORD_V2]).map_err(|_| StoreError::Corrupt("terminal record"))?;
        self.store.terminals_tree().insert(record.id.as_bytes(), bytes)?;
        let record = Arc::new(record);
        self.cache.write().insert(record.id, Arc::clone(&record));
        Ok(record)
    }

    /// Provisions a new terminal and returns its credential (shown once; the
    /// hub keeps only the MAC key and a password hash). Durable on return.
    ///
    /// # Errors
    /// [`TerminalsError::BadName`], or storage / randomness failures.
    pub async fn provision(&self, name: &str, role: TerminalRole) -> Result<TerminalCredential, TerminalsError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(TerminalsError::BadName);
        }
        if let Some(refusal) = self.admission_refused()? {
            return Err(refusal);
        }
        let secret = TerminalSecret::generate().map_err(|_| TerminalsError::NoRandomness)?;
        let credential = TerminalCredential { terminal: TerminalId::new(), secret };
        self.admit(&credential, name, role)?;
        self.store.flush().await?;
        Ok(credential)
    }

    /// Why the branch takes no new terminal now, by the cloud's last config:
    /// the subscription no longer allows pairing (suspended, or past its end
    /// and grace period by this hub's clock), or the branch already has as
    /// many active terminals as the tariff allows. No config yet: nothing is
    /// known and nothing refused. Sales never depend on this.
    ///
    /// # Errors
    /// [`TerminalsError::Store`] when the config cannot be read.
    pub fn admission_refused(&self) -> Result<Option<TerminalsError>, TerminalsError> {
        let Some(config) = self.store.cloud_config()? else { return Ok(None) };
        if !config.limits.active || config.limits.ends_at.is_some_and(|end| Timestamp::now() >= end) {
            return Ok(Some(TerminalsError::SubscriptionInactive));
        }
        let active = self.cache.read().values().filter(|r| r.is_active()).count();
        let max = config.limits.max_terminals;
        Ok((active >= max as usize).then_some(TerminalsError::LimitReached { max }))
    }

    /// Stores a record for a credential made elsewhere (tests, pairing).
    /// Not durable until the next flush.
    ///
    /// # Errors
    /// Storage or randomness failures.
    pub fn admit(
        &self,
        credential: &TerminalCredential,
        name: &str,
        role: TerminalRole,
    ) -> Result<Arc<TerminalRecord>, TerminalsError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|_| TerminalsError::NoRandomness)?;
        // Never reused, revoked terminals included: their orders keep their numbers.
        let short = self.cache.read().values().map(|r| r.short).max().unwrap_or(0).saturating_add(1);
        let record = TerminalRecord {
            id: credential.terminal,
            name: name.to_owned(),
            salt,
            password_hash: hash_password(&salt, &credential.secret.mqtt_password()),
            mac_key: *credential.secret.mac_key().as_bytes(),
            created_at: Timestamp::now(),
            revoked_at: None,
            short,
            role,
        };
        self.put(record)
    }

    /// Revokes a terminal for good. Durable on return. Revoking twice is harmless.
    ///
    /// # Errors
    /// [`TerminalsError::NotFound`] or a storage failure.
    pub async fn revoke(&self, id: TerminalId) -> Result<Arc<TerminalRecord>, TerminalsError> {
        let current = self.get(id).ok_or(TerminalsError::NotFound(id))?;
        let mut record = TerminalRecord::clone(&current);
        if record.revoked_at.is_none() {
            record.revoked_at = Some(Timestamp::now());
        }
        let record = self.put(record)?;
        self.store.flush().await?;
        Ok(record)
    }

    /// The record for `id`, if provisioned (revoked or not).
    #[must_use]
    pub fn get(&self, id: TerminalId) -> Option<Arc<TerminalRecord>> {
        self.cache.read().get(&id).cloned()
    }

    /// Every terminal, oldest first.
    #[must_use]
    pub fn list(&self) -> Vec<Arc<TerminalRecord>> {
        let mut all: Vec<_> = self.cache.read().values().cloned().collect();
        all.sort_by_key(|r| r.id);
        all
    }

    /// The broker's login check: the client id must equal the username, be a
    /// provisioned terminal whose password matches, and not be revoked. A
    /// revoked terminal with its right password is told so (the gate answers
    /// "not authorized" rather than "bad user name or password"): it stops
    /// selling and hands its unsent sales over in a file.
    ///
    /// # Errors
    /// Why the login is refused.
    pub fn check_login(&self, client_id: &str, username: &str, password: &str) -> Result<TerminalId, LoginRefused> {
        if client_id != username {
            return Err(LoginRefused::IdentityMismatch);
        }
        let id = TerminalId::parse(client_id).map_err(|_| LoginRefused::IdentityMismatch)?;
        if id.to_string() != client_id {
            return Err(LoginRefused::IdentityMismatch);
        }
        let record = self.get(id).ok_or(LoginRefused::Unknown)?;
        // The password first: only the terminal itself learns it was revoked.
        if !record.password_matches(password) {
            return Err(LoginRefused::BadPassword);
        }
        if !record.is_active() {
            return Err(LoginRefused::Revoked);
        }
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn provision_login_revoke() -> Result<(), TerminalsError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Arc::new(Store::open(&dir.path().join("db"), 1 << 20)?);
        let terminals = Terminals::open(Arc::clone(&store))?;
        let cred = terminals.provision("Kassa 1", TerminalRole::Cashier).await?;
        let id = cred.terminal.to_string();
        let pass = cred.secret.mqtt_password();
        assert_eq!(terminals.check_login(&id, &id, &pass), Ok(cred.terminal));
        assert_eq!(terminals.check_login(&id, "other", &pass), Err(LoginRefused::IdentityMismatch));
        assert_eq!(terminals.check_login(&id, &id, "wrong"), Err(LoginRefused::BadPassword));
        let stranger = TerminalId::new().to_string();
        assert_eq!(terminals.check_login(&stranger, &stranger, &pass), Err(LoginRefused::Unknown));
        terminals.revoke(cred.terminal).await?;
        assert_eq!(terminals.check_login(&id, &id, &pass), Err(LoginRefused::Revoked));
        drop(terminals);
        let reopened = Terminals::open(store)?;
        assert_eq!(reopened.check_login(&id, &id, &pass), Err(LoginRefused::Revoked));
        assert!(matches!(reopened.provision("  ", TerminalRole::Cashier).await, Err(TerminalsError::BadName)));
        assert_eq!(
            reopened.check_login(&id, &id, "wrong"),
            Err(LoginRefused::BadPassword),
            "only the terminal itself learns it was revoked"
        );
        Ok(())
    }

    #[derive(Serialize)]
    struct OldRecord {
        id: TerminalId,
        name: String,
        salt: [u8; 16],
        password_hash: [u8; 32],
        mac_key: [u8; 32],
        created_at: Timestamp,
        revoked_at: Option<Timestamp>,
    }

    #[tokio::test]
    async fn records_from_before_roles_get_short_numbers_in_pairing_order() -> Result<(), TerminalsError> {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Arc::new(Store::open(&dir.path().join("db"), 1 << 20)?);
        let salt = [3; 16];
        let old = |n: i64, password: &str| OldRecord {
            id: TerminalId::new(),
            name: format!("Kassa {n}"),
            salt,
            password_hash: hash_password(&salt, password),
            mac_key: [n as u8; 32],
            created_at: Timestamp(n),
            revoked_at: None,
        };
        let (second, first) = (old(2, "two"), old(1, "one"));
        for r in [&second, &first] {
            let bytes = postcard::to_allocvec(r).unwrap_or_else(|e| panic!("{e}"));
            store.terminals_tree().insert(r.id.as_bytes(), bytes)?;
        }
        let terminals = Terminals::open(Arc::clone(&store))?;
        let short = |id| terminals.get(id).map(|r| (r.short, r.role));
        assert_eq!(short(first.id), Some((1, TerminalRole::Cashier)));
        assert_eq!(short(second.id), Some((2, TerminalRole::Cashier)));
        let (id, text) = (second.id, second.id.to_string());
        assert_eq!(terminals.check_login(&text, &text, "two"), Ok(id), "the credential still works");
        let manager = terminals.provision("Kassa 3", TerminalRole::Manager).await?;
        drop(terminals);
        let reopened = Terminals::open(store)?;
        let r = reopened.get(manager.terminal).unwrap_or_else(|| panic!("kept"));
        assert_eq!((r.short, r.role), (3, TerminalRole::Manager));
        assert_eq!(reopened.get(first.id).map(|r| r.short), Some(1), "rewritten in the new layout");
        Ok(())
    }
}
