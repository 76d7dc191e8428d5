//! Messages inside the envelope. Terminal → hub: [`TerminalMessage`];
//! hub → terminal: [`HubMessage`]. Both travel sealed in an
//! [`crate::Envelope`] with the terminal's key.

use serde::{Deserialize, Serialize};

use crate::mobile::{MobilePaymentRequest, MobilePaymentUpdate};
use crate::{Employee, EventBody, Place, Product};

/// What a terminal says to its hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TerminalMessage {
    /// A change to keep. The envelope's `seq` numbers it; the terminal resends
    /// it until the hub acks that `seq`.
    Event(EventBody),
    /// The terminal's MQTT session came up or (as its last will) went down.
    Presence(Presence),
    /// "Send me the catalog if you have something newer than `have`."
    ConfigRequest {
        /// The config version the terminal already holds (0 for none).
        have: u64,
    },
    /// "Take this payment by phone" (Multicard): answered by
    /// [`HubMessage::MobilePayment`], once with the checkout URL (or
    /// unavailable), later with the outcome. Not an event: the outcome
    /// reaches the books as the terminal's own payment event.
    MobilePayment(MobilePaymentRequest),
}

/// A terminal's session state. `session` is random per connection, so an old
/// "offline" replayed later does not mark a newer session down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// Up or down.
    pub online: bool,
    /// Random per MQTT connection.
    pub session: u64,
}

/// What a hub says to one terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HubMessage {
    /// Outcome of events: durable ones and refused ones. Only sent after the
    /// accepted events are flushed to disk.
    Ack(Ack),
    /// The branch's catalog, staff and places.
    Config(TerminalConfig),
    /// The terminal was unpaired; it will be disconnected and refused.
    Revoked,
    /// Where a mobile payment the terminal asked for stands.
    MobilePayment(MobilePaymentUpdate),
}

/// The hub's answer about a set of events from one terminal.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ack {
    /// Sequence numbers now durable at the hub (including repeats of events
    /// stored earlier). The terminal may forget them.
    pub accepted: Vec<u64>,
    /// Sequence numbers the hub will never accept. The terminal moves them
    /// out of its outbox into a dead-letter log for a human to look at.
    pub rejected: Vec<Rejected>,
}

/// An event the hub refused for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    /// Which event.
    pub seq: u64,
    /// Why.
    pub reason: RejectReason,
}

/// Why an authentic event was refused for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RejectReason {
    /// Decoded, but not something an honest terminal sends (see [`EventBody::validate`]).
    InvalidEvent,
    /// This `seq` was already used for a different event.
    SeqConflict,
    /// The order or payment was made on another terminal; only it, or a
    /// manager's terminal, may change it.
    NotOwner,
    /// The revision does not follow the one the hub holds by exactly one (a
    /// new entity starts at 1): a skipped, made-up or pinned version.
    VersionGap,
    /// The change is dated too far ahead of the hub's clock, or too far
    /// before the revision it follows (see `protocol::event::MAX_CLOCK_SKEW_MS`).
    ClockSkew,
    /// The catalog, staff and places change only on a manager's terminal.
    NotManager,
    /// Made after the terminal was revoked (a revoked terminal hands over
    /// only what it made before).
    AfterRevocation,
}

impl RejectReason {
    /// A stable lowercase name for logs and metrics.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            RejectReason::InvalidEvent => "invalid_event",
            RejectReason::SeqConflict => "seq_conflict",
            RejectReason::NotOwner => "not_owner",
            RejectReason::VersionGap => "version_gap",
            RejectReason::ClockSkew => "clock_skew",
            RejectReason::NotManager => "not_manager",
            RejectReason::AfterRevocation => "after_revocation",
        }
    }
}

/// The branch data terminals sell from, versioned by the hub.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TerminalConfig {
    /// Increases with every change the hub learns of.
    pub version: u64,
    /// The catalog.
    pub products: Vec<Product>,
    /// Staff who may sign in on a terminal.
    pub employees: Vec<Employee>,
    /// Places and tables.
    pub places: Vec<Place>,
}
