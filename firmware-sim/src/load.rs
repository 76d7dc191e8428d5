//! Many terminals selling at once, with figures.
//!
//! Each terminal runs its own [`Flow`] and [`Terminal`] engine. `rate` is the
//! total number of events per second across all terminals (0 = as fast as
//! the hub acks them, bounded by each terminal's window). After `duration`
//! the terminals stop recording and wait up to `drain` for their last acks;
//! with `duration` = [`Duration::MAX`] they sell until they stop by
//! themselves (a revoked terminal does: see [`TerminalReport::revoked`]).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use protocol::{TerminalCredential, TerminalId, Timestamp};

use crate::catalog::{Branch, Business};
use crate::flow::Flow;
use crate::outbox::Outbox;
use crate::terminal::{Terminal, TerminalError, TerminalOptions, TerminalState, new_histogram};

/// What to run.
#[derive(Debug, Clone)]
pub struct LoadConfig {
    /// Hub host.
    pub host: String,
    /// Hub MQTT port.
    pub port: u16,
    /// One credential per terminal.
    pub credentials: Vec<TerminalCredential>,
    /// Total events per second across terminals; 0 for as fast as acked.
    pub rate: f64,
    /// How long to keep selling ([`Duration::MAX`]: until the terminals stop).
    pub duration: Duration,
    /// How long to wait for the last acks afterwards.
    pub drain: Duration,
    /// Restaurant or shop.
    pub business: Business,
    /// Tag for the catalog's ids (one per simulated business).
    pub catalog_tag: String,
    /// Seed for reproducible flows.
    pub seed: u64,
    /// Unacked events per terminal.
    pub window: usize,
    /// The first terminal publishes the catalog, staff and places first.
    pub seed_catalog: bool,
    /// Keep every acked seq (tests).
    pub record_acks: bool,
    /// Keep each terminal's outbox on disk under this directory.
    pub outbox_dir: Option<std::path::PathBuf>,
    /// Order numbers on this moment's local day continue after this one
    /// (terminals taking over from a history).
    pub numbers_after: Option<(Timestamp, u32)>,
}

impl LoadConfig {
    /// Defaults for `credentials` against `host:port`.
    #[must_use]
    pub fn new(host: impl Into<String>, port: u16, credentials: Vec<TerminalCredential>) -> Self {
        Self {
            host: host.into(),
            port,
            credentials,
            rate: 0.0,
            duration: Duration::from_secs(10),
            drain: Duration::from_secs(30),
            business: Business::Restaurant,
            catalog_tag: "demo".to_owned(),
            seed: 1,
            window: 64,
            seed_catalog: true,
            record_acks: false,
            outbox_dir: None,
            numbers_after: None,
        }
    }
}

/// What one terminal did.
#[derive(Debug, Clone)]
pub struct TerminalReport {
    /// Which terminal.
    pub terminal: TerminalId,
    /// Events recorded.
    pub recorded: u64,
    /// Events acked.
    pub acked: u64,
    /// Events refused for good.
    pub rejected: u64,
    /// Events still unacked at the end.
    pub pending: u64,
    /// Acked seqs, if recorded.
    pub acked_seqs: Vec<u64>,
    /// Why it stopped early, if it did.
    pub error: Option<String>,
    /// It stopped because the hub revoked it.
    pub revoked: bool,
}

/// What the whole run did.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// Per terminal.
    pub terminals: Vec<TerminalReport>,
    /// Time spent selling (without the drain).
    pub selling: Duration,
    /// Time until the last ack (selling + drain actually needed).
    pub total: Duration,
    /// Publish → ack latency of every acked event, microseconds.
    pub latency_us: Histogram<u64>,
    /// Republications.
    pub resent: u64,
}

impl LoadReport {
    /// Events recorded by all terminals.
    #[must_use]
    pub fn recorded(&self) -> u64 {
        self.terminals.iter().map(|t| t.recorded).sum()
    }

    /// Events acked.
    #[must_use]
    pub fn acked(&self) -> u64 {
        self.terminals.iter().map(|t| t.acked).sum()
    }

    /// Events still unacked.
    #[must_use]
    pub fn pending(&self) -> u64 {
        self.terminals.iter().map(|t| t.pending).sum()
    }

    /// Events refused.
    #[must_use]
    pub fn rejected(&self) -> u64 {
        self.terminals.iter().map(|t| t.rejected).sum()
    }

    /// Acked events per second over the selling period.
    #[must_use]
    pub fn acked_per_s(&self) -> f64 {
        self.acked() as f64 / self.total.as_secs_f64().max(1e-9)
    }

    /// A latency percentile in milliseconds.
    #[must_use]
    pub fn latency_ms(&self, percentile: f64) -> f64 {
        self.latency_us.value_at_quantile(percentile / 100.0) as f64 / 1000.0
    }

    /// One line of figures.
    #[must_use]
    pub fn summary(&self) -> String {
        format!(
            "terminals={} recorded={} acked={} rejected={} pending={} resent={} acked_per_s={:.0} \
             latency_ms p50={:.2} p95={:.2} p99={:.2} max={:.2}",
            self.terminals.len(),
            self.recorded(),
            self.acked(),
            self.rejected(),
            self.pending(),
            self.resent,
            self.acked_per_s(),
            self.latency_ms(50.0),
            self.latency_ms(95.0),
            self.latency_ms(99.0),
            self.latency_us.max() as f64 / 1000.0,
        )
    }
}

/// Live progress of a run.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    states: Vec<Arc<TerminalState>>,
}

impl Progress {
    /// (recorded, acked, pending, connected terminals) right now.
    #[must_use]
    pub fn totals(&self) -> (u64, u64, u64, usize) {
        let mut t = (0, 0, 0, 0);
        for s in &self.states {
            t.0 += s.recorded.load(Ordering::Relaxed);
            t.1 += s.acked.load(Ordering::Relaxed);
            t.2 += s.pending.load(Ordering::Relaxed);
            t.3 += usize::from(s.connected.load(Ordering::Relaxed));
        }
        t
    }
}

/// Runs the load and reports. `on_start` receives live progress handles.
///
/// # Errors
/// An outbox could not be opened.
pub async fn run(config: LoadConfig, on_start: impl FnOnce(Progress)) -> Result<LoadReport, TerminalError> {
    let branch = Arc::new(Branch::standard(config.business, &config.catalog_tag));
    let n = config.credentials.len().max(1);
    let per_terminal_interval =
        if config.rate > 0.0 { Some(Duration::from_secs_f64(n as f64 / config.rate)) } else { None };
    let mut terminals = Vec::with_capacity(n);
    for (i, credential) in config.credentials.iter().enumerate() {
        let outbox = match &config.outbox_dir {
            Some(dir) => Outbox::open(&dir.join(credential.terminal.to_string()))?,
            None => Outbox::in_memory(),
        };
        let mut options = TerminalOptions::new(config.host.clone(), config.port, credential.clone());
        options.window = config.window;
        options.record_acks = config.record_acks;
        if config.rate <= 0.0 {
            // Flat out: keep the outbox just ahead of the window so latency is publish → ack.
            options.max_outbox = config.window * 2;
        }
        let mut flow =
            Flow::new(Arc::clone(&branch), config.seed.wrapping_mul(1_000_003).wrapping_add(i as u64), i == 0);
        if let Some((at, last)) = config.numbers_after {
            flow.number_after(at, last);
        }
        terminals.push((Terminal::spawn(options, outbox), flow));
    }
    on_start(Progress { states: terminals.iter().map(|(t, _)| Arc::clone(&t.state)).collect() });

    let started = Instant::now();
    let now = tokio::time::Instant::now();
    // About 30 years when "forever" does not fit in an Instant.
    let stop_at =
        now.checked_add(config.duration).unwrap_or_else(|| now + Duration::from_secs(30 * 365 * 24 * 60 * 60));
    let mut sellers = Vec::with_capacity(n);
    for (i, (terminal, mut flow)) in terminals.into_iter().enumerate() {
        let seed_catalog = config.seed_catalog && i == 0;
        sellers.push(tokio::spawn(async move {
            let mut error = None;
            if seed_catalog {
                for event in flow.catalog_events() {
                    if let Err(e) = terminal.record(event).await {
                        error = Some(e.to_string());
                        break;
                    }
                }
            }
            let mut ticker = per_terminal_interval.map(|every| {
                let mut t = tokio::time::interval(every);
                t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                t
            });
            while error.is_none() && tokio::time::Instant::now() < stop_at {
                if let Some(t) = &mut ticker {
                    tokio::select! {
                        _ = t.tick() => {}
                        () = tokio::time::sleep_until(stop_at) => break,
                    }
                }
                let event = flow.next_event(Timestamp::now());
                tokio::select! {
                    recorded = terminal.record(event) => if let Err(e) = recorded { error = Some(e.to_string()) },
                    () = tokio::time::sleep_until(stop_at) => break,
                }
            }
            (terminal, error)
        }));
    }
    let mut running = Vec::with_capacity(n);
    for seller in sellers {
        match seller.await {
            Ok(pair) => running.push(pair),
            Err(e) => return Err(TerminalError::Stopped(e.to_string())),
        }
    }
    let selling = started.elapsed();
    let drain_until = Instant::now() + config.drain;
    let mut finishing = Vec::with_capacity(n);
    for (terminal, error) in running {
        let state = Arc::clone(&terminal.state);
        let deadline = drain_until.saturating_duration_since(Instant::now());
        finishing.push(tokio::spawn(async move {
            let result = terminal.finish(deadline).await;
            (state, error, result)
        }));
    }
    let mut report = LoadReport {
        terminals: Vec::with_capacity(n),
        selling,
        total: Duration::ZERO,
        latency_us: new_histogram(),
        resent: 0,
    };
    for (credential, finishing) in config.credentials.iter().zip(finishing) {
        let (state, error, result) = match finishing.await {
            Ok(t) => t,
            Err(e) => return Err(TerminalError::Stopped(e.to_string())),
        };
        let error = error.or_else(|| result.err().map(|e| e.to_string()));
        let _ = report.latency_us.add(&*state.latency_us.lock());
        report.resent += state.resent.load(Ordering::Relaxed);
        report.terminals.push(TerminalReport {
            terminal: credential.terminal,
            recorded: state.recorded.load(Ordering::Relaxed),
            acked: state.acked.load(Ordering::Relaxed),
            rejected: state.rejected.load(Ordering::Relaxed),
            pending: state.pending.load(Ordering::Relaxed),
            acked_seqs: std::mem::take(&mut *state.acked_seqs.lock()),
            error,
            revoked: state.revoked.load(Ordering::Relaxed),
        });
    }
    report.total = started.elapsed();
    Ok(report)
}
