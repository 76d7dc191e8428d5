//! The hub ↔ cloud sync protocol.
//!
//! # Endpoint
//! `POST /api/v1/sync` with `Content-Type: application/x-postcard`, the body a
//! postcard-encoded [`SyncRequest`], and `Authorization: Bearer
//! hub1.<hub id>.<secret>` (the [`HubCredential`] the hub got at enrolment).
//! The answer is a postcard [`SyncResponse`] with status 200. Errors are
//! plain-text bodies: 400 (malformed body or unknown [`SYNC_VERSION`]),
//! 401 (unknown or revoked hub credential), 409 (a batch sequence number
//! reused with different content), 413 (body too large), 5xx (retry later).
//!
//! # Versioning
//! [`SyncRequest::version`] is the first field, so a cloud can read it from
//! any later layout. The cloud answers requests of every version it knows;
//! new fields and enum variants are only ever appended (postcard is not
//! self-describing), and a layout change that cannot be appended bumps the
//! version and gets its own decoder.
//!
//! # Exactly once
//! A hub numbers its batches `1, 2, 3, …` and, before the first attempt,
//! records on disk which outbox entries batch `n` holds, so every retry of
//! `n` carries the same events. The cloud applies a batch and records
//! `(hub, n, digest of the events)` in one transaction; a batch it already
//! holds is acknowledged again and changes nothing, and the same `n` with
//! other content is refused (409). Independently of batches, every entity
//! carries a version and the cloud keeps only the newest, so events may
//! arrive in any order (fresh events jump the backlog).
//!
//! Of the outbox entries a batch covers, a hub sends every revision of each
//! order and payment (the cloud keeps them as the entity's history: which
//! terminal changed what, and when; a void after payment shows) and only the
//! newest snapshot of anything else (a price changed twice travels once);
//! the acknowledgement covers every entry.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::pairing::PublicKey;
use crate::{EventBody, HubId, TerminalId, Timestamp};

pub mod v1;
pub mod v2;

/// What a paired terminal may change, chosen when it is paired (in the
/// portal's approval or POS login, on the hub's page, or with
/// `edge-hub terminal add --manager`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TerminalRole {
    /// Sells: opens orders and takes payments, and changes only what it made.
    #[default]
    Cashier,
    /// Also changes any order or payment of the branch (a void, a refund),
    /// and is the only kind that changes the catalog, staff and places.
    Manager,
}

impl TerminalRole {
    /// A stable lowercase name (forms, the database, the CLI).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            TerminalRole::Cashier => "cashier",
            TerminalRole::Manager => "manager",
        }
    }

    /// The role named by [`TerminalRole::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "cashier" => Some(TerminalRole::Cashier),
            "manager" => Some(TerminalRole::Manager),
            _ => None,
        }
    }
}

/// `POST /api/v1/hubs/enroll` (JSON): a branch's one-time enrolment code,
/// exchanged for the hub's own credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The code shown on the branch's page.
    pub code: String,
    /// What the technician calls this hub (hostname by default).
    pub name: String,
}

/// The answer to a good enrolment code (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolResponse {
    /// The hub's id.
    pub hub: HubId,
    /// `hub1.<id>.<secret>`: shown once, kept by the hub.
    pub credential: String,
    /// The branch it now serves.
    pub branch_name: String,
    /// The business.
    pub business_name: String,
}

/// The current layout of [`SyncRequest`] and [`SyncResponse`].
pub const SYNC_VERSION: u16 = 3;

/// The media type of sync bodies.
pub const SYNC_CONTENT_TYPE: &str = "application/x-postcard";

/// One call from a hub: maybe a batch, always what config it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// [`SYNC_VERSION`] of the sender; always first.
    pub version: u16,
    /// Events to apply, if any (an empty call is a heartbeat that fetches config).
    pub batch: Option<Batch>,
    /// The config version the hub has applied (0: none yet).
    pub config_have: u64,
    /// The hub's terminal registry, sent when it changed since the last
    /// acknowledged call (and on the first call after start).
    pub terminals: Option<Vec<TerminalInfo>>,
    /// The hub's view of itself, for the portal and alerts.
    pub status: HubStatus,
}

/// Accepted events, in outbox order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    /// 1, 2, 3, … per hub; never reused for other content.
    pub seq: u64,
    /// The events.
    pub events: Vec<SyncEvent>,
}

impl Batch {
    /// A digest of the batch's content (postcard of the events), to tell an
    /// honest retry from a reused sequence number.
    #[must_use]
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"pos-sync-batch/v1");
        h.update(self.seq.to_be_bytes());
        match postcard::to_stdvec(&self.events) {
            Ok(bytes) => h.update(&bytes),
            Err(_) => h.update(b"unencodable"),
        }
        h.finalize().into()
    }
}

/// One accepted event as the hub stored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncEvent {
    /// The terminal that reported it.
    pub terminal: TerminalId,
    /// Its sequence number there.
    pub seq: u64,
    /// When the hub accepted it.
    pub received_at: Timestamp,
    /// The entity snapshot.
    pub event: EventBody,
}

/// A terminal as the hub knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalInfo {
    /// Its id.
    pub id: TerminalId,
    /// Its name ("Kassa 1").
    pub name: String,
    /// When it was provisioned at the hub.
    pub created_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
    /// Its short number in the branch (1, 2, …), given at pairing and never
    /// reused: order numbers read `2-015` with it.
    pub short: u16,
    /// What it may change.
    pub role: TerminalRole,
}

/// What a hub says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HubStatus {
    /// Events waiting to be synced.
    pub outbox_depth: u64,
    /// Terminals with a live session.
    pub connected_terminals: u32,
    /// The hub's clock when it sent this.
    pub sent_at: Timestamp,
    /// Events the cloud refused for good, set aside on the hub (its page
    /// lists them); the owner is told there is something to look at.
    pub dead_letters: u64,
    /// The hub's build, e.g. `0.1.0` (layout 3; empty from older hubs). The
    /// cloud keeps at most [`MAX_SOFTWARE_LEN`] characters of it.
    pub software: String,
    /// When the oldest event still waiting in the hub's outbox reached the
    /// hub (layout 3): how far behind the cloud's figures are.
    pub oldest_waiting_at: Option<Timestamp>,
}

/// The most characters of [`HubStatus::software`] the cloud keeps.
pub const MAX_SOFTWARE_LEN: usize = 40;

/// The cloud's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// What became of the batch, if one was sent.
    pub batch: Option<BatchAck>,
    /// Newer config than [`SyncRequest::config_have`], if there is one.
    pub config: Option<HubConfig>,
}

/// A batch is durable in the cloud: the hub may delete its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchAck {
    /// The batch's sequence number.
    pub seq: u64,
    /// Events that changed something in the cloud.
    pub applied: u32,
    /// Events the cloud already had (same or newer version).
    pub superseded: u32,
    /// Events refused (an entity that belongs to another branch); kept out.
    pub refused: u32,
    /// The batch was applied earlier; this is a repeat and changed nothing.
    pub duplicate: bool,
}

/// Configuration the cloud pushes down to a hub, versioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubConfig {
    /// Grows with every change; the hub reports what it applied.
    pub version: u64,
    /// The branch's name, for the hub's page.
    pub branch_name: String,
    /// Terminals bound to this branch, revoked ones included.
    pub terminals: Vec<TerminalBinding>,
    /// What the business's subscription allows.
    pub limits: Limits,
}

/// A terminal's binding to the branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalBinding {
    /// The terminal.
    pub id: TerminalId,
    /// Its name.
    pub name: String,
    /// Unpaired in the cloud: the hub must refuse it.
    pub revoked: bool,
}

/// Subscription limits, enforced at the hub as well as in the cloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Most active terminals in this branch.
    pub max_terminals: u32,
    /// Most branches of the business.
    pub max_branches: u32,
    /// The subscription allows new pairings (paid, in its trial or in its
    /// grace period; not suspended). Sales never depend on it.
    pub active: bool,
    /// When it stops allowing them by itself (the end date plus the grace
    /// period), whatever the config says until then; `None`: no such end.
    pub ends_at: Option<Timestamp>,
}

/// The current layout of [`WatchRequest`] and [`WatchResponse`].
pub const WATCH_VERSION: u16 = 3;

/// The longest the cloud holds a watch call open.
pub const MAX_WATCH_WAIT_MS: u32 = 30_000;

/// `POST /api/v1/watch` (postcard, the hub's bearer credential as for sync):
/// the hub's live state up, config down, held open until the branch's config
/// changes or `wait_ms` passes (a long poll). The hub keeps one open at all
/// times and starts a new one at once when its own state changes, so a change
/// on either side reaches the other in well under a second. The answer is a
/// postcard [`WatchResponse`]; errors as for sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchRequest {
    /// [`WATCH_VERSION`]; always first.
    pub version: u16,
    /// The config version whose [`PairingConfig`] the hub holds (0: none).
    pub config_have: u64,
    /// How long the cloud may hold the call when nothing is newer.
    pub wait_ms: u32,
    /// Pairing requests waiting at the hub (at most 32, newest first).
    pub pending: Vec<PendingPairing>,
    /// Pairings the hub completed and has not yet reported.
    pub paired: Vec<PairedReport>,
    /// Terminals with a live session now.
    pub online: Vec<TerminalId>,
    /// The hub's identity key (layout 3): the portal shows its fingerprint,
    /// so the owner reads the hub's identity over a channel a rogue hub on
    /// the LAN cannot forge.
    pub hub_key: Option<crate::hub_id::HubKey>,
}

/// A device waiting at the hub to be paired (nothing in it is secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPairing {
    /// Its device id.
    pub device: TerminalId,
    /// Its public key; the cloud computes its short code from it.
    pub key: PublicKey,
    /// When the hub first saw it.
    pub first_seen: Timestamp,
    /// When its code stops being good.
    pub expires_at: Timestamp,
}

/// A pairing the hub completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedReport {
    /// The device, now a terminal.
    pub device: TerminalId,
    /// How.
    pub via: PairedVia,
    /// When.
    pub at: Timestamp,
}

/// How a terminal was paired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairedVia {
    /// Approved in the portal (QR code or typed code).
    Approval,
    /// With this POS login.
    Login(String),
    /// By a technician on the hub's own page.
    Technician,
}

/// The cloud's answer to a watch call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchResponse {
    /// The branch's config, when newer than the hub's.
    pub config: Option<HubConfig>,
    /// Its pairing part, with the same version.
    pub pairing: Option<PairingConfig>,
}

/// What the cloud lets the hub pair.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PairingConfig {
    /// Devices approved in the portal and not yet paired.
    pub approvals: Vec<Approval>,
    /// POS logins issued and not yet used or expired.
    pub logins: Vec<LoginGrant>,
    /// Until when the owner keeps the hub's pairing window open (layout 3):
    /// opened from the portal, or for a while after a POS login is issued.
    /// Approvals keep it open until they expire, whatever this says.
    pub window_until: Option<Timestamp>,
}

/// A device approved in the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The device id.
    pub device: TerminalId,
    /// The public key the code or QR code vouched for.
    pub key: PublicKey,
    /// The name it gets.
    pub name: String,
    /// Until when the approval holds.
    pub expires_at: Timestamp,
    /// The role the owner chose.
    pub role: TerminalRole,
}

/// A POS login the hub may accept once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginGrant {
    /// The login (6 digits).
    pub login: String,
    /// [`crate::pairing::login_verifier`] of its password.
    pub verifier: [u8; 32],
    /// The name the terminal gets.
    pub name: String,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// The role the owner chose for the terminal it pairs.
    pub role: TerminalRole,
}

impl std::fmt::Debug for LoginGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginGrant")
            .field("login", &self.login)
            .field("name", &self.name)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A hub's credential to the cloud: `hub1.<hub id>.<secret>`, the secret 32
/// random bytes in unpadded base64url. The cloud keeps only a hash of it.
#[derive(Clone, PartialEq, Eq)]
pub struct HubCredential {
    /// Which hub.
    pub hub: HubId,
    secret: [u8; 32],
}

impl std::fmt::Debug for HubCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubCredential").field("hub", &self.hub).finish_non_exhaustive()
    }
}

/// A string was not a hub credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HubCredentialError {
    /// Not `hub1.<id>.<secret>`.
    #[error("not a hub credential (expected hub1.<hub id>.<secret>)")]
    Malformed,
    /// No randomness.
    #[error("no randomness available from the operating system")]
    NoRandomness,
}

impl HubCredential {
    /// A fresh credential for `hub`.
    ///
    /// # Errors
    /// [`HubCredentialError::NoRandomness`].
    pub fn generate(hub: HubId) -> Result<Self, HubCredentialError> {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).map_err(|_| HubCredentialError::NoRandomness)?;
        Ok(Self { hub, secret })
    }

    /// The text form, `hub1.<id>.<secret>`.
    #[must_use]
    pub fn to_text(&self) -> String {
        use base64::Engine as _;
        format!("hub1.{}.{}", self.hub, base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(self.secret))
    }

    /// Parses the text form.
    ///
    /// # Errors
    /// [`HubCredentialError::Malformed`].
    pub fn parse(text: &str) -> Result<Self, HubCredentialError> {
        use base64::Engine as _;
        let mut parts = text.trim().splitn(3, '.');
        let (Some("hub1"), Some(id), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(HubCredentialError::Malformed);
        };
        let hub = HubId::parse(id).map_err(|_| HubCredentialError::Malformed)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(secret)
            .map_err(|_| HubCredentialError::Malformed)?;
        let secret: [u8; 32] = bytes.try_into().map_err(|_| HubCredentialError::Malformed)?;
        Ok(Self { hub, secret })
    }

    /// What the cloud stores: SHA-256 of the secret under a fixed label. A
    /// fast hash is right for 256 random bits; there is nothing to guess.
    #[must_use]
    pub fn secret_hash(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(b"pos-hub-credential/v1");
        h.update(self.secret);
        h.finalize().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_text_round_trips_and_rejects_garbage() -> Result<(), HubCredentialError> {
        let c = HubCredential::generate(HubId::new())?;
        let back = HubCredential::parse(&c.to_text())?;
        assert_eq!(back, c);
        assert_eq!(back.secret_hash(), c.secret_hash());
        assert!(!format!("{c:?}").contains(&c.to_text()[45..]));
        for bad in ["", "hub1", "hub2.x.y", &c.to_text().replace("hub1", "pos1"), &format!("{}A", c.to_text())] {
            assert!(HubCredential::parse(bad).is_err(), "{bad}");
        }
        Ok(())
    }

    #[test]
    fn batch_digest_depends_on_seq_and_content() {
        let a = Batch { seq: 1, events: vec![] };
        let b = Batch { seq: 2, events: vec![] };
        assert_ne!(a.digest(), b.digest());
        assert_eq!(a.digest(), a.clone().digest());
    }
}
