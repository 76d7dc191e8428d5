//! Ingest: from raw MQTT payloads to durable, acknowledged events.
//!
//! One loop, one group commit per turn:
//! 1. take every message waiting from the broker (at least one);
//! 2. check each in arrival order: parse the envelope (size, version, shape),
//!    match the topic's terminal to the envelope's, find the terminal
//!    (provisioned, not revoked), verify the MAC with its key, decode; then
//!    validate an event and deduplicate it by `(terminal, seq)` (the same
//!    message again is a replay and is acked again; a different message
//!    under a used seq is a conflict) and by entity version;
//! 3. apply the group's writes to sled in one atomic batch and flush once;
//! 4. only then publish one ack per terminal.
//!
//! While a group flushes, the broker's reader thread keeps queueing new
//! messages, so the next group is larger when the disk is slower: the flush
//! cost is shared by everything that arrived meanwhile.
//!
//! Messages that fail a check before the MAC is verified are counted by
//! reason and logged, never stored and never answered: an unauthenticated
//! sender gets nothing to learn from.
//!
//! Sealed messages can also be handed over directly, not through the broker
//! ([`crate::HubCore::ingest_sealed`]: a terminal's history imported in
//! bulk). They take the same checks and the same group commits in this same
//! loop (the single writer of the store); what became of them goes back to
//! the caller instead of out as acks.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;

use protocol::{
    Ack, Direction, Envelope, EnvelopeError, EventBody, HubMessage, RejectReason, Rejected, TerminalId,
    TerminalMessage, Timestamp,
};
use tokio::sync::{oneshot, watch};
use tracing::{debug, error, info, warn};

use crate::bridge::{BrokerHandle, Inbound, Outbound};
use crate::metrics::Metrics;
use crate::presence::Presence;
use crate::store::{MessageDigest, Recorded, SEEN_WINDOW, Store, StoreError, WriteGroup, digest};
use crate::terminals::{TerminalRecord, Terminals};

/// Most messages checked in one group commit.
const MAX_GROUP: usize = 8_192;

/// How often one terminal is sent the same config version at most.
const CONFIG_EVERY: Duration = Duration::from_secs(2);

/// Most seqs in one ack message, so that it always fits an envelope.
const MAX_SEQS_PER_ACK: usize = 4_096;

/// Sealed terminal messages handed to the pipeline directly: each as if it
/// had arrived on that terminal's up topic.
#[derive(Debug)]
pub struct SealedBatch {
    /// (the terminal whose up topic it stands for, the sealed envelope).
    pub messages: Vec<(TerminalId, Bytes)>,
    /// Where the summary goes once all of it is durable.
    pub reply: oneshot::Sender<IngestSummary>,
}

/// What became of a [`SealedBatch`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Events durable and acknowledged: applied, superseded by a newer
    /// snapshot the hub held, or a repeat of a stored event.
    pub accepted: u64,
    /// Authentic events refused for good (invalid, seq conflict), with their terminal.
    pub rejected: Vec<(TerminalId, Rejected)>,
    /// Messages refused before or at the MAC check (unknown or revoked
    /// terminal, bad MAC, malformed); counted in the metrics by reason.
    pub refused: u64,
    /// Group commits (one flush each) it took.
    pub groups: u64,
}

/// What checking one message came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Handled {
    /// Refused before it was known to be authentic.
    Refused,
    /// An event, with an outcome for its terminal.
    Event,
    /// Presence or a config request: nothing to acknowledge.
    Control,
}

/// What the pipeline needs.
#[derive(Clone)]
pub struct IngestContext {
    /// Durable state.
    pub store: Arc<Store>,
    /// Who may speak.
    pub terminals: Arc<Terminals>,
    /// Who is connected.
    pub presence: Arc<Presence>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Where answers go.
    pub broker: BrokerHandle,
    /// Where mobile payment requests go (to the cloud, off this path).
    pub mobile: crate::mobile::MobileHandle,
}

/// The result for one event, told to its terminal after the flush.
#[derive(Debug)]
struct Outcome {
    terminal: TerminalId,
    seq: u64,
    rejected: Option<RejectReason>,
    received: Instant,
}

/// A message refused during checks. The label is the metrics reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    BadTopic,
    Oversized,
    UnknownVersion,
    Outdated,
    Malformed,
    TopicMismatch,
    UnknownTerminal,
    Revoked,
    BadMac,
    WrongDirection,
    MalformedMessage,
}

impl Refusal {
    const fn label(self) -> &'static str {
        match self {
            Refusal::BadTopic => "bad_topic",
            Refusal::Oversized => "oversized",
            Refusal::UnknownVersion => "unknown_version",
            Refusal::Outdated => "outdated_version",
            Refusal::Malformed => "malformed",
            Refusal::TopicMismatch => "topic_mismatch",
            Refusal::UnknownTerminal => "unknown_terminal",
            Refusal::Revoked => "revoked",
            Refusal::BadMac => "bad_mac",
            Refusal::WrongDirection => "wrong_direction",
            Refusal::MalformedMessage => "malformed_message",
        }
    }
}

/// Runs until `shutdown` flips or the broker stops; the group in hand is
/// flushed and acked before it returns.
///
/// # Errors
/// [`StoreError`] when sled fails while recording; the hub must stop then,
/// since it can no longer promise durability.
///
/// `sealed` brings batches handed over directly; each is taken whole, in
/// group commits of up to [`MAX_GROUP`] messages, before the broker's
/// messages get the next turn (they wait in the broker meanwhile), so
/// callers send large imports in several batches.
pub async fn run(
    ctx: IngestContext,
    inbound: flume::Receiver<Inbound>,
    sealed: flume::Receiver<SealedBatch>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), StoreError> {
    let mut checker = Checker {
        ctx,
        max_seen: HashMap::new(),
        config_cache: None,
        config_sent: HashMap::new(),
        outcomes: Vec::new(),
    };
    let mut sealed_open = true;
    loop {
        let first = tokio::select! {
            biased;
            _ = shutdown.changed() => break,
            batch = sealed.recv_async(), if sealed_open => {
                match batch {
                    Ok(batch) => checker.ingest_sealed(batch).await?,
                    Err(_) => sealed_open = false,
                }
                continue;
            }
            message = inbound.recv_async() => match message {
                Ok(message) => message,
                Err(_) => break,
            },
        };
        let store = Arc::clone(&checker.ctx.store);
        let mut group = store.begin();
        checker.handle(&mut group, first)?;
        for message in inbound.try_iter().take(MAX_GROUP - 1) {
            checker.handle(&mut group, message)?;
        }
        store.commit(group)?;
        checker.flush_and_ack().await;
    }
    info!("ingest stopped");
    Ok(())
}

struct Checker {
    ctx: IngestContext,
    /// Highest seq recorded per terminal: a higher one is certainly new,
    /// which spares a lookup for almost every event.
    max_seen: HashMap<TerminalId, u64>,
    /// The encoded config for the current catalog version.
    config_cache: Option<(u64, Arc<Vec<u8>>)>,
    /// When each terminal was last sent the config, and which version: a
    /// request for the same version within [`CONFIG_EVERY`] goes unanswered
    /// (a tiny request must not buy a large answer again and again).
    config_sent: HashMap<TerminalId, (u64, Instant)>,
    /// This group's answers, released after the flush.
    outcomes: Vec<Outcome>,
}

impl Checker {
    fn refuse(&self, refusal: Refusal, detail: &dyn std::fmt::Display) {
        self.ctx.metrics.reject(refusal.label());
        debug!(reason = refusal.label(), %detail, "message refused");
    }

    fn handle(&mut self, group: &mut WriteGroup<'_>, inbound: Inbound) -> Result<Handled, StoreError> {
        let Some(topic_terminal) = inbound.topic_terminal else {
            self.refuse(Refusal::BadTopic, &"topic is not a terminal's up topic");
            return Ok(Handled::Refused);
        };
        let unverified = match Envelope::parse(&inbound.payload) {
            Ok(u) => u,
            Err(EnvelopeError::Oversized(n)) => {
                self.refuse(Refusal::Oversized, &format_args!("{n} bytes from {topic_terminal}"));
                return Ok(Handled::Refused);
            }
            Err(EnvelopeError::Outdated(v)) => {
                // An unencrypted envelope from a terminal not yet updated: the
                // technician needs to see it, so it is logged above debug.
                self.ctx.metrics.reject(Refusal::Outdated.label());
                warn!(terminal.id = %topic_terminal, version = v, "envelope version no longer accepted (not encrypted): update the terminal");
                return Ok(Handled::Refused);
            }
            Err(EnvelopeError::UnknownVersion(v)) => {
                self.refuse(Refusal::UnknownVersion, &format_args!("version {v} from {topic_terminal}"));
                return Ok(Handled::Refused);
            }
            Err(e) => {
                self.refuse(Refusal::Malformed, &format_args!("{e} on {topic_terminal}'s topic"));
                return Ok(Handled::Refused);
            }
        };
        let claimed = unverified.claimed_terminal();
        if claimed != topic_terminal {
            self.refuse(Refusal::TopicMismatch, &format_args!("{claimed} on {topic_terminal}'s topic"));
            return Ok(Handled::Refused);
        }
        let Some(record) = self.ctx.terminals.get(claimed) else {
            self.refuse(Refusal::UnknownTerminal, &claimed);
            return Ok(Handled::Refused);
        };
        let opened = match unverified.verify(&record.mac_key(), Direction::Up) {
            Ok(o) => o,
            Err(EnvelopeError::WrongDirection) => {
                self.refuse(Refusal::WrongDirection, &claimed);
                return Ok(Handled::Refused);
            }
            Err(e) => {
                self.refuse(Refusal::BadMac, &format_args!("{e} for {claimed}"));
                return Ok(Handled::Refused);
            }
        };
        let message = match opened.message::<TerminalMessage>() {
            Ok(m) => m,
            Err(e) => {
                self.refuse(Refusal::MalformedMessage, &format_args!("{e} from {claimed}"));
                return Ok(Handled::Refused);
            }
        };
        if let Some(revoked_at) = record.revoked_at {
            // A revoked terminal is refused at the gate; what reaches here is
            // its hand-over file: the sales it made before, nothing else.
            let TerminalMessage::Event(event) = message else {
                self.refuse(Refusal::Revoked, &claimed);
                return Ok(Handled::Refused);
            };
            if event.version().updated_at >= revoked_at {
                self.ctx.metrics.reject(RejectReason::AfterRevocation.label());
                warn!(terminal.id = %claimed, seq = opened.seq, "an event made after the terminal's revocation refused");
                let outcome = Outcome {
                    terminal: claimed,
                    seq: opened.seq,
                    rejected: Some(RejectReason::AfterRevocation),
                    received: inbound.received,
                };
                self.outcomes.push(outcome);
                return Ok(Handled::Event);
            }
            self.event(group, &record, opened.seq, digest(&opened.payload), &event, inbound.received)?;
            return Ok(Handled::Event);
        }
        match message {
            TerminalMessage::Event(event) => {
                let digest = digest(&opened.payload);
                self.event(group, &record, opened.seq, digest, &event, inbound.received)?;
                Ok(Handled::Event)
            }
            TerminalMessage::Presence(p) => {
                self.ctx.presence.update(claimed, p.online, p.session);
                debug!(terminal.id = %claimed, online = p.online, "presence");
                Ok(Handled::Control)
            }
            TerminalMessage::ConfigRequest { have } => {
                self.send_config(claimed, have)?;
                Ok(Handled::Control)
            }
            TerminalMessage::MobilePayment(request) => {
                if !self.ctx.mobile.request(claimed, request) {
                    self.mobile_unavailable(claimed, request.payment);
                }
                Ok(Handled::Control)
            }
        }
    }

    /// Takes a batch handed over directly through the same checks and group
    /// commits as the broker's messages, then tells the caller (not the
    /// terminals) what became of it.
    async fn ingest_sealed(&mut self, batch: SealedBatch) -> Result<(), StoreError> {
        let SealedBatch { messages, reply } = batch;
        let mut summary = IngestSummary::default();
        let store = Arc::clone(&self.ctx.store);
        let mut messages = messages.into_iter().peekable();
        while messages.peek().is_some() {
            let mut group = store.begin();
            for (terminal, payload) in messages.by_ref().take(MAX_GROUP) {
                let inbound =
                    Inbound { topic_terminal: Some(terminal), payload, received: Instant::now(), permit: None };
                if self.handle(&mut group, inbound)? == Handled::Refused {
                    summary.refused += 1;
                }
            }
            store.commit(group)?;
            if !self.outcomes.is_empty() {
                self.flush_group().await;
                summary.groups += 1;
            }
            for outcome in self.outcomes.drain(..) {
                match outcome.rejected {
                    None => summary.accepted += 1,
                    Some(reason) => summary.rejected.push((outcome.terminal, Rejected { seq: outcome.seq, reason })),
                }
            }
        }
        if reply.send(summary).is_err() {
            debug!("the caller of a sealed batch stopped waiting; the batch is stored all the same");
        }
        Ok(())
    }

    fn event(
        &mut self,
        group: &mut WriteGroup<'_>,
        maker: &TerminalRecord,
        seq: u64,
        digest: MessageDigest,
        event: &EventBody,
        received: Instant,
    ) -> Result<(), StoreError> {
        let terminal = maker.id;
        let outcome = |rejected| Outcome { terminal, seq, rejected, received };
        if let Err(problem) = event.validate() {
            self.ctx.metrics.reject("invalid_event");
            warn!(terminal.id = %terminal, seq, problem, "invalid event refused");
            self.outcomes.push(outcome(Some(RejectReason::InvalidEvent)));
            return Ok(());
        }
        // Dates before 2020 or ahead of the hub's clock (any of the record's,
        // not only the revision's, which `WriteGroup::record` also checks
        // against the revision it follows).
        if let Err(problem) = event.validate_at(Timestamp::now()) {
            let label = RejectReason::ClockSkew.label();
            self.ctx.metrics.reject(label);
            warn!(terminal.id = %terminal, seq, problem, "event with an impossible date refused");
            self.outcomes.push(outcome(Some(RejectReason::ClockSkew)));
            return Ok(());
        }
        let max = match self.max_seen.get(&terminal) {
            Some(&m) => Some(m),
            None => self.ctx.store.max_seen(terminal)?,
        };
        if max.and_then(|m| m.checked_sub(SEEN_WINDOW)).is_some_and(|floor| seq < floor) {
            // Answered long ago, and its marker pruned (`store/seen.rs`):
            // acked again, nothing changes.
            self.ctx.metrics.reject("stale_seq");
            debug!(terminal.id = %terminal, seq, "an event far below the terminal's newest acked again");
            self.outcomes.push(outcome(None));
            return Ok(());
        }
        if max.is_some_and(|m| seq <= m) {
            match group.seen(terminal, seq)? {
                Some(stored) if stored == digest => {
                    self.ctx.metrics.reject("replay");
                    debug!(terminal.id = %terminal, seq, "repeat of a stored event; acked again");
                    self.outcomes.push(outcome(None));
                    return Ok(());
                }
                Some(_) => {
                    self.ctx.metrics.reject("seq_conflict");
                    warn!(terminal.id = %terminal, seq, "a different message under a used seq refused");
                    self.outcomes.push(outcome(Some(RejectReason::SeqConflict)));
                    return Ok(());
                }
                None => {}
            }
        }
        match group.record(terminal, maker.role, seq, digest, event, Timestamp::now())? {
            Recorded::Applied => self.ctx.metrics.accepted.inc(),
            Recorded::Superseded => self.ctx.metrics.superseded.inc(),
            Recorded::Refused(reason) => {
                let label = reason.label();
                self.ctx.metrics.reject(label);
                warn!(terminal.id = %terminal, seq, reason = label, entity = event.key().kind.name(), "event refused");
                self.outcomes.push(outcome(Some(reason)));
                return Ok(());
            }
        };
        self.max_seen.insert(terminal, max.map_or(seq, |m| m.max(seq)));
        self.outcomes.push(outcome(None));
        Ok(())
    }

    /// Tells a terminal its mobile payment cannot be taken now.
    fn mobile_unavailable(&self, terminal: TerminalId, payment: protocol::PaymentId) {
        let Some(record) = self.ctx.terminals.get(terminal) else { return };
        let update =
            protocol::mobile::MobilePaymentUpdate { payment, state: protocol::mobile::MobilePaymentState::Unavailable };
        if let Ok(payload) = self.ctx.terminals.seal_down(&record, &HubMessage::MobilePayment(update)) {
            self.ctx.broker.send(Outbound { terminal, payload });
        }
    }

    fn send_config(&mut self, terminal: TerminalId, have: u64) -> Result<(), StoreError> {
        let version = self.ctx.store.config_version();
        if have >= version {
            return Ok(());
        }
        if let Some((sent, at)) = self.config_sent.get(&terminal)
            && *sent == version
            && at.elapsed() < CONFIG_EVERY
        {
            self.ctx.metrics.reject("config_request_limited");
            return Ok(());
        }
        self.config_sent.insert(terminal, (version, Instant::now()));
        let payload = match &self.config_cache {
            Some((v, bytes)) if *v == version => Arc::clone(bytes),
            _ => {
                let config = self.ctx.store.terminal_config()?;
                let bytes = Arc::new(
                    postcard::to_allocvec(&HubMessage::Config(config))
                        .map_err(|_| StoreError::Corrupt("config encoding"))?,
                );
                self.config_cache = Some((version, Arc::clone(&bytes)));
                bytes
            }
        };
        let Some(record) = self.ctx.terminals.get(terminal) else { return Ok(()) };
        match self.ctx.terminals.seal_down_payload(&record, &payload) {
            Ok(sealed) => self.ctx.broker.send(Outbound { terminal, payload: sealed }),
            Err(e) => error!(terminal.id = %terminal, error = %e, "catalog too large to send in one message"),
        }
        Ok(())
    }

    /// Makes the group durable, then tells each terminal what became of its
    /// events. A failing disk is retried; nothing is acked before it succeeds.
    async fn flush_and_ack(&mut self) {
        if self.outcomes.is_empty() {
            return;
        }
        self.flush_group().await;
        let metrics = &self.ctx.metrics;
        let mut acks: HashMap<TerminalId, Ack> = HashMap::new();
        for outcome in self.outcomes.drain(..) {
            let ack = acks.entry(outcome.terminal).or_default();
            match outcome.rejected {
                None => ack.accepted.push(outcome.seq),
                Some(reason) => ack.rejected.push(Rejected { seq: outcome.seq, reason }),
            }
            metrics.ack_latency.observe(outcome.received.elapsed().as_secs_f64());
        }
        for (terminal, ack) in acks {
            let Some(record) = self.ctx.terminals.get(terminal) else { continue };
            for part in split_ack(ack) {
                match self.ctx.terminals.seal_down(&record, &HubMessage::Ack(part)) {
                    Ok(payload) => self.ctx.broker.send(Outbound { terminal, payload }),
                    Err(e) => error!(terminal.id = %terminal, error = %e, "cannot seal ack"),
                }
            }
        }
    }

    /// Makes the group durable, retrying a failing disk (nothing is
    /// acknowledged before it succeeds), and records the flush's figures.
    async fn flush_group(&self) {
        let started = Instant::now();
        let mut backoff = Duration::from_millis(10);
        while let Err(e) = self.ctx.store.flush().await {
            error!(error = %e, "flush failed; nothing is acknowledged until it succeeds");
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(5));
        }
        self.ctx.metrics.flush_seconds.observe(started.elapsed().as_secs_f64());
        self.ctx.metrics.group_size.observe(self.outcomes.len() as f64);
    }
}

fn split_ack(ack: Ack) -> Vec<Ack> {
    if ack.accepted.len() + ack.rejected.len() <= MAX_SEQS_PER_ACK {
        return vec![ack];
    }
    let mut parts: Vec<Ack> =
        ack.accepted.chunks(MAX_SEQS_PER_ACK).map(|c| Ack { accepted: c.to_vec(), rejected: Vec::new() }).collect();
    parts.extend(ack.rejected.chunks(MAX_SEQS_PER_ACK).map(|c| Ack { accepted: Vec::new(), rejected: c.to_vec() }));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_acks_are_split_and_fit_an_envelope() {
        let ack = Ack { accepted: (u64::MAX - 10_000..u64::MAX).collect(), rejected: vec![] };
        let parts = split_ack(ack);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.iter().map(|p| p.accepted.len()).sum::<usize>(), 10_000);
        let key = protocol::TerminalSecret::from_bytes([1; 32]).mac_key();
        for part in parts {
            assert!(Envelope::seal(&key, Direction::Down, TerminalId::new(), 0, &HubMessage::Ack(part)).is_ok());
        }
    }
}
