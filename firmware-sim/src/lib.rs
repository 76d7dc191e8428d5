//! Simulated POS terminals.
//!
//! A simulated terminal does what a real one does on the wire: it seals every
//! change in a MAC'd envelope with its own key and sequence number, keeps it
//! in an outbox until the hub acknowledges it, republishes what is not acked,
//! announces its session, takes the catalog from the hub and obeys a
//! revocation. The flows are a restaurant's, a café's or a shop's day on a
//! realistic Uzbek catalog.
//!
//! This crate is the simulated world around the services: terminals, load,
//! backdated history, and the binaries that put services and terminals
//! together (`demo`, `hub-bench`). The services never depend on it.
//!
//! # Layout
//! - [`catalog`]: products, staff and places of a simulated branch.
//! - [`desk`]: a courier's parcel desk: accepting, registering walk-ins, scanning each step.
//! - [`flow`]: realistic order and payment flows, one change at a time.
//! - [`history`]: weeks of backdated orders on a realistic day curve, sealed for a hub's bulk ingest.
//! - [`outbox`]: the terminal's outbox, on disk or in memory.
//! - [`terminal`]: the engine: MQTT session, windowed sending, acks, resends.
//! - [`load`]: many terminals at once, with throughput and latency figures.
//! - [`mobile`]: taking a mobile payment (Multicard) through the hub.
//! - [`pairing`]: an unpaired terminal getting its credential from the hub.
//! - [`shutdown`]: Ctrl-C or SIGTERM, for the binaries.
//! - [`world`]: the demo business in a cloud (owner, branches, enrolment
//!   codes): every call the demo and the cross-service benches make into the cloud.
//!
//! Binaries: `firmware-sim` (terminals against a hub, pairing), `demo` (the
//! cloud, three hubs and their terminals with 90 days of history; or a hub
//! alone with `--hub-only`), `hub-bench` (the hub's ingest benchmark),
//! `sync-bench` (a hub's backlog draining into the cloud), `dashboard-bench`
//! (the dashboard over millions of orders).

pub mod catalog;
pub mod desk;
pub mod flow;
pub mod history;
pub mod load;
pub mod mobile;
pub mod outbox;
pub mod pairing;
pub mod shutdown;
pub mod terminal;
pub mod world;

pub use catalog::{Branch, Business};
pub use desk::{Desk, DeskError, LabelRoll, WalkIn};
pub use flow::Flow;
pub use load::{LoadConfig, LoadReport};
pub use outbox::Outbox;
pub use pairing::{PairError, PairOptions, SavedPairing};
pub use terminal::{Terminal, TerminalOptions};

/// Reads credentials (`pos1.<id>.<secret>`, one per line; blank lines and
/// `#` comments skipped).
///
/// # Errors
/// The line number and problem of the first bad line.
pub fn parse_credentials(text: &str) -> Result<Vec<protocol::TerminalCredential>, String> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(i, l)| protocol::TerminalCredential::parse(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}
