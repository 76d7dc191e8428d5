//! Simulated POS terminals.
//!
//! A simulated terminal does what a real one does on the wire: it seals every
//! change in a MAC'd envelope with its own key and sequence number, keeps it
//! in an outbox until the hub acknowledges it, republishes what is not acked,
//! announces its session, takes the catalog from the hub and obeys a
//! revocation. The flows are a restaurant's or a shop's day on a realistic
//! Uzbek catalog.
//!
//! # Layout
//! - [`catalog`]: products, staff and places of a simulated branch.
//! - [`flow`]: realistic order and payment flows, one change at a time.
//! - [`outbox`]: the terminal's outbox, on disk or in memory.
//! - [`terminal`]: the engine: MQTT session, windowed sending, acks, resends.
//! - [`load`]: many terminals at once, with throughput and latency figures.
//! - [`pairing`]: an unpaired terminal getting its credential from the hub.

pub mod catalog;
pub mod flow;
pub mod load;
pub mod outbox;
pub mod pairing;
pub mod terminal;

pub use catalog::{Branch, Business};
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
