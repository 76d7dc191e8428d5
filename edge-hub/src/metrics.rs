//! The hub's Prometheus metrics, served as text at `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A `reason` label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    /// Why.
    pub reason: &'static str,
}

/// Every metric the hub keeps.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Events stored and queued for the cloud.
    pub accepted: Counter,
    /// Authentic events the hub already held a newer or equal version of.
    pub superseded: Counter,
    /// Messages refused, by reason.
    pub rejected: Family<ReasonLabel, Counter>,
    /// Broker logins refused, by reason.
    pub logins_refused: Family<ReasonLabel, Counter>,
    /// From the hub receiving an event to publishing its ack (after the flush).
    pub ack_latency: Histogram,
    /// Duration of each group-commit flush.
    pub flush_seconds: Histogram,
    /// Acks released per flush: how well group commit is grouping.
    pub group_size: Histogram,
    /// Events waiting for the cloud.
    pub outbox_depth: Gauge,
    /// Terminals with a live session.
    pub connected_terminals: Gauge,
    /// The catalog version terminals are served.
    pub config_version: Gauge,
    /// Calls to the cloud by outcome (acked, duplicate, heartbeat, failed, unauthorized, renumbered).
    pub sync_calls: Family<ReasonLabel, Counter>,
    /// Events the cloud acknowledged.
    pub synced_events: Counter,
    /// Unix time of the last successful call to the cloud.
    pub last_sync_success: Gauge,
    /// Pairing outcomes (paired_approval, paired_login, paired_technician,
    /// refused_…, malformed, …).
    pub pairings: Family<ReasonLabel, Counter>,
    /// 1 while local pairing is locked after too many wrong technician PINs.
    pub technician_pin_locked: Gauge,
    /// Orders and payments past retention dropped from the hub.
    pub archived: Counter,
    /// 1 while the pairing window is open.
    pub pairing_window_open: Gauge,
    /// Events the cloud refused for good, set aside.
    pub dead_letters: Gauge,
    /// Connections and packets the MQTT gate refused, by reason.
    pub gate_refused: Family<ReasonLabel, Counter>,
    /// Hub messages dropped because the outbound queue was full.
    pub outbound_dropped: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Creates and registers every metric.
    #[must_use]
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("hub");
        let accepted = Counter::default();
        let superseded = Counter::default();
        let rejected = Family::<ReasonLabel, Counter>::default();
        let logins_refused = Family::<ReasonLabel, Counter>::default();
        let ack_latency = Histogram::new(exponential_buckets(0.000_25, 2.0, 16));
        let flush_seconds = Histogram::new(exponential_buckets(0.000_1, 2.0, 16));
        let group_size = Histogram::new(exponential_buckets(1.0, 2.0, 16));
        let outbox_depth = Gauge::default();
        let connected_terminals = Gauge::default();
        let config_version = Gauge::default();
        let sync_calls = Family::<ReasonLabel, Counter>::default();
        let synced_events = Counter::default();
        let last_sync_success = Gauge::default();
        let pairings = Family::<ReasonLabel, Counter>::default();
        let technician_pin_locked = Gauge::default();
        let pairing_window_open = Gauge::default();
        let archived = Counter::default();
        registry.register(
            "archived",
            "Orders and payments untouched for store.retention_s dropped from the hub (the cloud keeps them)",
            archived.clone(),
        );
        let dead_letters = Gauge::default();
        let gate_refused = Family::<ReasonLabel, Counter>::default();
        let outbound_dropped = Counter::default();
        registry.register(
            "outbound_dropped",
            "Hub messages to terminals dropped because 32 MiB already waited for the broker (terminals ask again)",
            outbound_dropped.clone(),
        );
        registry.register(
            "gate_refused",
            "Connections and packets the MQTT gate refused (a foreign topic or filter, a retained publish, a bad login, …), by reason",
            gate_refused.clone(),
        );
        registry.register(
            "dead_letters",
            "Events the cloud refused for good, set aside so the rest keeps syncing (listed on the hub's page)",
            dead_letters.clone(),
        );
        registry.register(
            "technician_pin_locked",
            "1 while local pairing is locked after too many wrong technician PINs (alert on it)",
            technician_pin_locked.clone(),
        );
        registry.register(
            "pairing_window_open",
            "1 while the pairing listener admits devices (a window opened on the hub's page, with the CLI or by the portal)",
            pairing_window_open.clone(),
        );
        registry.register("pairings", "Pairing requests by outcome (label reason)", pairings.clone());
        registry.register("sync_calls", "Calls to the cloud by outcome (label reason)", sync_calls.clone());
        registry.register("synced_events", "Events the cloud acknowledged", synced_events.clone());
        registry.register(
            "last_sync_success",
            "Unix time of the last successful call to the cloud",
            last_sync_success.clone(),
        );
        registry.register("events_accepted", "Events stored durably and queued for the cloud", accepted.clone());
        registry.register(
            "events_superseded",
            "Authentic events whose entity the hub already held at an equal or newer version",
            superseded.clone(),
        );
        registry.register("messages_rejected", "Messages refused, by reason; never stored", rejected.clone());
        registry.register("logins_refused", "Broker logins refused, by reason", logins_refused.clone());
        registry.register(
            "ack_latency_seconds",
            "Time from receiving an event to publishing its ack after the flush",
            ack_latency.clone(),
        );
        registry.register("flush_seconds", "Duration of each group-commit flush", flush_seconds.clone());
        registry.register("group_commit_acks", "Acks released per group-commit flush", group_size.clone());
        registry.register("outbox_depth", "Events waiting to be synced to the cloud", outbox_depth.clone());
        registry.register("connected_terminals", "Terminals with a live MQTT session", connected_terminals.clone());
        registry.register("config_version", "Catalog version served to terminals", config_version.clone());
        Self {
            registry,
            accepted,
            superseded,
            rejected,
            logins_refused,
            ack_latency,
            flush_seconds,
            group_size,
            outbox_depth,
            connected_terminals,
            config_version,
            sync_calls,
            synced_events,
            last_sync_success,
            pairings,
            technician_pin_locked,
            pairing_window_open,
            archived,
            dead_letters,
            gate_refused,
            outbound_dropped,
        }
    }

    /// Counts a refused message.
    pub fn reject(&self, reason: &'static str) {
        self.rejected.get_or_create(&ReasonLabel { reason }).inc();
    }

    /// Counts a pairing outcome.
    pub fn pairing(&self, reason: &'static str) {
        self.pairings.get_or_create(&ReasonLabel { reason }).inc();
    }

    /// How many messages were refused for `reason`.
    #[must_use]
    pub fn rejected_count(&self, reason: &'static str) -> u64 {
        self.rejected.get_or_create(&ReasonLabel { reason }).get()
    }

    /// The Prometheus text exposition.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
