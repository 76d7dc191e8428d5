//! The cloud's Prometheus metrics, served as text at `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// An `outcome` label.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    /// What happened.
    pub outcome: &'static str,
}

/// Every metric the cloud keeps.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Sync calls by outcome (applied, duplicate, heartbeat, seq_reused, unauthorized, bad_request, error).
    pub sync_calls: Family<OutcomeLabel, Counter>,
    /// Events by what they did (applied, superseded, refused).
    pub sync_events: Family<OutcomeLabel, Counter>,
    /// Time to apply one sync call, seconds.
    pub sync_seconds: Histogram,
    /// Account flow refusals by code (bad_phone, code_wrong, …).
    pub account_refusals: Family<OutcomeLabel, Counter>,
    /// Enrolments by outcome.
    pub enrolments: Family<OutcomeLabel, Counter>,
    /// Telegram updates by outcome (handled, repeated, refused, malformed).
    pub telegram_updates: Family<OutcomeLabel, Counter>,
    /// Telegram messages by how their send ended (sent, retry, unsure, failed).
    pub telegram_sends: Family<OutcomeLabel, Counter>,
    /// Web App sign-ins by outcome (signed_in, not_linked, refused, replayed).
    pub telegram_signins: Family<OutcomeLabel, Counter>,
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
        let mut registry = Registry::with_prefix("cloud");
        let sync_calls = Family::<OutcomeLabel, Counter>::default();
        let sync_events = Family::<OutcomeLabel, Counter>::default();
        let sync_seconds = Histogram::new(exponential_buckets(0.000_5, 2.0, 16));
        let account_refusals = Family::<OutcomeLabel, Counter>::default();
        let enrolments = Family::<OutcomeLabel, Counter>::default();
        let telegram_updates = Family::<OutcomeLabel, Counter>::default();
        let telegram_sends = Family::<OutcomeLabel, Counter>::default();
        let telegram_signins = Family::<OutcomeLabel, Counter>::default();
        registry.register("sync_calls", "Sync calls from hubs by outcome", sync_calls.clone());
        registry.register("sync_events", "Synced events by outcome", sync_events.clone());
        registry.register("sync_apply_seconds", "Time to apply one sync call", sync_seconds.clone());
        registry.register("account_refusals", "Account flow refusals by code", account_refusals.clone());
        registry.register("enrolments", "Hub enrolments by outcome", enrolments.clone());
        registry.register("telegram_updates", "Telegram updates by outcome", telegram_updates.clone());
        registry.register("telegram_sends", "Telegram messages by how their send ended", telegram_sends.clone());
        registry.register("telegram_signins", "Telegram Web App sign-ins by outcome", telegram_signins.clone());
        Self {
            registry,
            sync_calls,
            sync_events,
            sync_seconds,
            account_refusals,
            enrolments,
            telegram_updates,
            telegram_sends,
            telegram_signins,
        }
    }

    /// Counts one Telegram update.
    pub fn telegram_update(&self, outcome: &'static str) {
        self.telegram_updates.get_or_create(&OutcomeLabel { outcome }).inc();
    }

    /// Counts one Telegram send.
    pub fn telegram_send(&self, outcome: &'static str) {
        self.telegram_sends.get_or_create(&OutcomeLabel { outcome }).inc();
    }

    /// Counts one Web App sign-in.
    pub fn telegram_signin(&self, outcome: &'static str) {
        self.telegram_signins.get_or_create(&OutcomeLabel { outcome }).inc();
    }

    /// Counts one sync call.
    pub fn sync_call(&self, outcome: &'static str) {
        self.sync_calls.get_or_create(&OutcomeLabel { outcome }).inc();
    }

    /// The text exposition.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
