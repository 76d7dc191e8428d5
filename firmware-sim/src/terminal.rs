//! One POS terminal's connection to its hub.
//!
//! The engine owns the terminal's [`Outbox`] and its MQTT session. Every
//! event is sealed once with a fresh sequence number and kept until the hub
//! acks that number; it is (re)published while the terminal is connected, at
//! most `window` at a time, again after `resend_after` without an ack, and
//! from the oldest after every reconnection. Acks are MAC'd by the hub with
//! the terminal's key; anything else on the down topic is ignored.
//!
//! The terminal announces its session with a MAC'd presence message and
//! leaves a MAC'd "offline" for the same session as its MQTT last will.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use parking_lot::Mutex;
use protocol::mobile::{MobilePaymentRequest, MobilePaymentState};
use protocol::{
    Direction, Envelope, EventBody, HubMessage, MacKey, PaymentId, Presence, TerminalConfig, TerminalCredential,
    TerminalMessage, topic,
};
use rumqttc::{AsyncClient, Event, LastWill, MqttOptions, Packet, QoS, Transport};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use crate::outbox::{Outbox, OutboxError};

/// How a terminal reaches its hub.
#[derive(Clone)]
pub struct TerminalOptions {
    /// Hub host.
    pub host: String,
    /// Hub MQTT port.
    pub port: u16,
    /// Who the terminal is.
    pub credential: TerminalCredential,
    /// Most events published and not yet acked.
    pub window: usize,
    /// Republish an event not acked within this.
    pub resend_after: Duration,
    /// MQTT keep-alive.
    pub keep_alive: Duration,
    /// Most events the outbox takes before recording waits.
    pub max_outbox: usize,
    /// Use TLS, trusting this rustls client configuration.
    pub tls: Option<Arc<rustls_config::ClientConfig>>,
    /// Keep every acked seq in [`TerminalState::acked_seqs`] (tests).
    pub record_acks: bool,
    /// MQTT QoS for events.
    pub qos: QoS,
}

/// The rustls types used for TLS, re-exported from rumqttc's dependency.
pub mod rustls_config {
    pub use rumqttc::tokio_rustls::rustls::ClientConfig;
}

impl std::fmt::Debug for TerminalOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerminalOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("terminal", &self.credential.terminal)
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

impl TerminalOptions {
    /// Sensible defaults for `credential` against `host:port`.
    #[must_use]
    pub fn new(host: impl Into<String>, port: u16, credential: TerminalCredential) -> Self {
        Self {
            host: host.into(),
            port,
            credential,
            window: 64,
            resend_after: Duration::from_secs(3),
            keep_alive: Duration::from_secs(10),
            max_outbox: 1_000_000,
            tls: None,
            record_acks: false,
            qos: QoS::AtLeastOnce,
        }
    }
}

/// What a running terminal reports.
#[derive(Debug)]
pub struct TerminalState {
    /// Events recorded (kept in the outbox).
    pub recorded: AtomicU64,
    /// Events the hub acked.
    pub acked: AtomicU64,
    /// Events the hub refused for good.
    pub rejected: AtomicU64,
    /// Republications.
    pub resent: AtomicU64,
    /// Messages on the down topic that failed the MAC check.
    pub forged: AtomicU64,
    /// Authentic messages on the down topic under a number already taken
    /// (or too old): replays, ignored.
    pub replayed: AtomicU64,
    /// Events still waiting for an ack.
    pub pending: AtomicU64,
    /// The MQTT session is up.
    pub connected: AtomicBool,
    /// The hub said this terminal is revoked (a `Revoked` message, or
    /// "not authorized" to its right password): it takes no more sales.
    pub revoked: AtomicBool,
    /// Once revoked: its unsent events as a hand-over file
    /// ([`protocol::handover`]) for the hub's technician.
    pub handover: Mutex<Option<String>>,
    /// Publish → ack latency, microseconds.
    pub latency_us: Mutex<Histogram<u64>>,
    /// The latest catalog from the hub.
    pub config: Mutex<Option<TerminalConfig>>,
    /// Every seq the hub acked, when asked to keep them.
    pub acked_seqs: Mutex<Vec<u64>>,
    /// Where each mobile payment asked for stands, by the hub's latest word.
    pub mobile: Mutex<HashMap<PaymentId, MobilePaymentState>>,
    /// Woken when [`Self::mobile`] changes.
    pub mobile_changed: tokio::sync::Notify,
}

impl TerminalState {
    fn new() -> Self {
        Self {
            recorded: AtomicU64::new(0),
            acked: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            resent: AtomicU64::new(0),
            forged: AtomicU64::new(0),
            replayed: AtomicU64::new(0),
            pending: AtomicU64::new(0),
            connected: AtomicBool::new(false),
            revoked: AtomicBool::new(false),
            handover: Mutex::new(None),
            latency_us: Mutex::new(new_histogram()),
            config: Mutex::new(None),
            acked_seqs: Mutex::new(Vec::new()),
            mobile: Mutex::new(HashMap::new()),
            mobile_changed: tokio::sync::Notify::new(),
        }
    }
}

/// A latency histogram from 1 µs to 10 min, 3 significant digits.
#[must_use]
pub fn new_histogram() -> Histogram<u64> {
    match Histogram::new_with_bounds(1, 600_000_000, 3) {
        Ok(h) => h,
        Err(_) => unreachable!("constant bounds are valid"),
    }
}

/// A terminal engine failed.
#[derive(Debug, thiserror::Error)]
pub enum TerminalError {
    /// The outbox's storage failed.
    #[error(transparent)]
    Outbox(#[from] OutboxError),
    /// An event could not be sealed.
    #[error("cannot seal an event: {0}")]
    Seal(#[from] protocol::EnvelopeError),
    /// The hub revoked this terminal.
    #[error("the hub revoked this terminal")]
    Revoked,
    /// The engine task ended abnormally.
    #[error("terminal engine stopped: {0}")]
    Stopped(String),
    /// Events were still unacked when the caller stopped waiting.
    #[error("{0} event(s) still unacked at the deadline")]
    Unacked(u64),
}

/// A running terminal: record events through it, read its state.
#[derive(Debug)]
pub struct Terminal {
    events: mpsc::Sender<EventBody>,
    mobile: mpsc::Sender<MobilePaymentRequest>,
    /// Live counters and the catalog.
    pub state: Arc<TerminalState>,
    task: JoinHandle<Result<Outbox, TerminalError>>,
}

impl Terminal {
    /// Connects (and keeps reconnecting) to the hub, with `outbox` as the
    /// terminal's memory of unacked events.
    #[must_use]
    pub fn spawn(options: TerminalOptions, outbox: Outbox) -> Self {
        let state = Arc::new(TerminalState::new());
        let (events, rx) = mpsc::channel(options.window.max(1));
        let (mobile, mobile_rx) = mpsc::channel(16);
        let task = tokio::spawn(Engine::new(options, outbox, Arc::clone(&state)).run(rx, mobile_rx));
        Self { events, mobile, state, task }
    }

    /// Asks the hub for a mobile payment (Multicard) and waits up to
    /// `within` for its first answer: the checkout URL to show as a QR
    /// code, or [`MobilePaymentState::Unavailable`] (also when the terminal
    /// is not connected, or no answer comes in time). The outcome follows
    /// later: see [`Self::mobile_outcome`].
    pub async fn ask_mobile_payment(&self, request: MobilePaymentRequest, within: Duration) -> MobilePaymentState {
        self.state.mobile.lock().remove(&request.payment);
        if self.mobile.send(request).await.is_err() {
            return MobilePaymentState::Unavailable;
        }
        self.mobile_state(request.payment, within, |_| true).await.unwrap_or(MobilePaymentState::Unavailable)
    }

    /// Waits up to `within` for a mobile payment's outcome (paid, failed or
    /// unavailable); `None` when it is still open.
    pub async fn mobile_outcome(&self, payment: PaymentId, within: Duration) -> Option<MobilePaymentState> {
        self.mobile_state(payment, within, |s| !matches!(s, MobilePaymentState::Checkout { .. })).await
    }

    async fn mobile_state(
        &self,
        payment: PaymentId,
        within: Duration,
        wanted: impl Fn(&MobilePaymentState) -> bool,
    ) -> Option<MobilePaymentState> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let changed = self.state.mobile_changed.notified();
            if let Some(s) = self.state.mobile.lock().get(&payment).filter(|s| wanted(s)) {
                return Some(s.clone());
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return None;
            }
        }
    }

    /// Records an event: sealed, kept in the outbox, sent when possible.
    /// Waits while the outbox is full.
    ///
    /// # Errors
    /// [`TerminalError::Revoked`] (or another engine failure) once the engine stopped.
    pub async fn record(&self, event: EventBody) -> Result<(), TerminalError> {
        self.events.send(event).await.map_err(|_| TerminalError::Revoked)
    }

    /// Stops taking events and waits until the hub acked everything pending
    /// or `deadline` passes. Returns the outbox (empty when all was acked).
    ///
    /// # Errors
    /// The engine's failure, if it stopped on one.
    pub async fn finish(self, deadline: Duration) -> Result<Outbox, TerminalError> {
        drop(self.events);
        let abort = self.task.abort_handle();
        match tokio::time::timeout(deadline, self.task).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(TerminalError::Stopped(join.to_string())),
            Err(_) => {
                abort.abort();
                Err(TerminalError::Unacked(self.state.pending.load(Ordering::Relaxed)))
            }
        }
    }
}

struct Engine {
    options: TerminalOptions,
    key: MacKey,
    outbox: Outbox,
    state: Arc<TerminalState>,
    /// Published in this session and not yet acked: seq → last publication.
    inflight: BTreeMap<u64, Instant>,
    /// First publication of each pending event, for latency.
    first_sent: HashMap<u64, Instant>,
    /// Next seq to publish for the first time in this session.
    cursor: u64,
    session: u64,
    connected: bool,
    config_version: u64,
    /// The hub's down numbers taken this run.
    down: protocol::ReplayWindow,
}

impl Engine {
    fn new(options: TerminalOptions, outbox: Outbox, state: Arc<TerminalState>) -> Self {
        let key = options.credential.secret.mac_key();
        state.pending.store(outbox.len() as u64, Ordering::Relaxed);
        Self {
            options,
            key,
            outbox,
            state,
            inflight: BTreeMap::new(),
            first_sent: HashMap::new(),
            cursor: 0,
            session: 0,
            connected: false,
            config_version: 0,
            down: protocol::ReplayWindow::default(),
        }
    }

    fn seal(&self, seq: u64, message: &TerminalMessage) -> Result<Vec<u8>, protocol::EnvelopeError> {
        Envelope::seal(&self.key, Direction::Up, self.options.credential.terminal, seq, message)
    }

    fn mqtt_options(&mut self) -> Result<MqttOptions, TerminalError> {
        let id = self.options.credential.terminal.to_string();
        self.session = rand::random();
        let mut o = MqttOptions::new(id.clone(), self.options.host.clone(), self.options.port);
        o.set_credentials(id, self.options.credential.secret.mqtt_password());
        o.set_clean_session(true);
        o.set_keep_alive(self.options.keep_alive);
        o.set_max_packet_size(256 * 1024, 128 * 1024);
        o.set_inflight(u16::try_from(self.options.window.clamp(1, 1000)).unwrap_or(100));
        let will = self.seal(0, &TerminalMessage::Presence(Presence { online: false, session: self.session }))?;
        o.set_last_will(LastWill::new(topic::up(self.options.credential.terminal), will, QoS::AtLeastOnce, false));
        if let Some(tls) = &self.options.tls {
            o.set_transport(Transport::tls_with_config(rumqttc::TlsConfiguration::Rustls(Arc::clone(tls))));
        }
        Ok(o)
    }

    async fn run(
        mut self,
        mut events: mpsc::Receiver<EventBody>,
        mut mobile: mpsc::Receiver<MobilePaymentRequest>,
    ) -> Result<Outbox, TerminalError> {
        let options = self.mqtt_options()?;
        let (client, mut eventloop) = AsyncClient::new(options, self.options.window * 2 + 64);
        let mut network = rumqttc::NetworkOptions::new();
        network.set_tcp_nodelay(true);
        network.set_connection_timeout(5);
        eventloop.set_network_options(network);
        // `EventLoop::poll` is not cancellation-safe while it connects, so it
        // runs in its own task and never races the other branches below.
        let (polled_tx, mut polled) = mpsc::channel(1024);
        let poller = AbortOnDrop(tokio::spawn(poll_forever(eventloop, polled_tx)));
        let up = topic::up(self.options.credential.terminal);
        let mut tick = tokio::time::interval(Duration::from_millis(200));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut taking = true;
        let mut last_config_request = Instant::now();
        loop {
            tokio::select! {
                event = polled.recv() => match event {
                    Some(Ok(Event::Incoming(Packet::ConnAck(_)))) => {
                        self.on_connect(&client, &up)?;
                        last_config_request = Instant::now();
                    }
                    Some(Ok(Event::Incoming(Packet::Publish(p)))) => {
                        if self.on_down(&p.payload)? {
                            return Err(TerminalError::Revoked);
                        }
                        self.fill_window(&client, &up);
                    }
                    Some(Ok(_)) => {}
                    Some(Err(Failure::NotAuthorized)) => {
                        warn!(
                            terminal.id = %self.options.credential.terminal,
                            unsent = self.outbox.len(),
                            "the hub says this terminal was revoked: no more sales; its unsent ones are kept for hand-over"
                        );
                        self.revoked();
                        return Err(TerminalError::Revoked);
                    }
                    Some(Err(Failure::Other(e))) => {
                        if self.connected {
                            info!(terminal.id = %self.options.credential.terminal, error = %e, "connection to the hub lost");
                        } else {
                            debug!(terminal.id = %self.options.credential.terminal, error = %e, "cannot reach the hub");
                        }
                        self.connected = false;
                        self.state.connected.store(false, Ordering::Relaxed);
                        self.inflight.clear();
                        if self.state.revoked.load(Ordering::Relaxed) {
                            return Err(TerminalError::Revoked);
                        }
                    }
                    None => return Err(TerminalError::Stopped("the MQTT event loop ended".into())),
                },
                event = events.recv(), if taking && self.outbox.len() < self.options.max_outbox => match event {
                    Some(event) => {
                        let message = TerminalMessage::Event(event);
                        let key = &self.key;
                        let terminal = self.options.credential.terminal;
                        self.outbox
                            .push(|seq| Envelope::seal(key, Direction::Up, terminal, seq, &message))??;
                        self.state.recorded.fetch_add(1, Ordering::Relaxed);
                        self.state.pending.store(self.outbox.len() as u64, Ordering::Relaxed);
                        self.fill_window(&client, &up);
                    }
                    None => taking = false,
                },
                Some(request) = mobile.recv() => self.ask_mobile(&client, &up, request)?,
                _ = tick.tick() => {
                    if self.connected {
                        self.resend_overdue(&client, &up);
                        self.fill_window(&client, &up);
                        if last_config_request.elapsed() > Duration::from_secs(30) {
                            self.request_config(&client, &up)?;
                            last_config_request = Instant::now();
                        }
                    }
                    if !taking && self.outbox.is_empty() {
                        self.leave(&client, &up, &mut polled).await?;
                        drop(poller);
                        return Ok(self.outbox);
                    }
                }
            }
        }
    }

    fn on_connect(&mut self, client: &AsyncClient, up: &str) -> Result<(), TerminalError> {
        info!(terminal.id = %self.options.credential.terminal, pending = self.outbox.len(), "connected to the hub");
        self.connected = true;
        self.state.connected.store(true, Ordering::Relaxed);
        self.inflight.clear();
        self.cursor = self.outbox.first_seq().unwrap_or(0);
        let _ = client.try_subscribe(topic::down(self.options.credential.terminal), QoS::AtMostOnce);
        let hello = self.seal(0, &TerminalMessage::Presence(Presence { online: true, session: self.session }))?;
        let _ = client.try_publish(up, QoS::AtLeastOnce, false, hello);
        self.request_config(client, up)?;
        self.fill_window(client, up);
        Ok(())
    }

    /// Sends a mobile payment request to the hub; offline, the answer is
    /// "unavailable" at once.
    fn ask_mobile(&self, client: &AsyncClient, up: &str, request: MobilePaymentRequest) -> Result<(), TerminalError> {
        let sent = self.connected && {
            let sealed = self.seal(0, &TerminalMessage::MobilePayment(request))?;
            client.try_publish(up, QoS::AtLeastOnce, false, sealed).is_ok()
        };
        if !sent {
            self.set_mobile(request.payment, MobilePaymentState::Unavailable);
        }
        Ok(())
    }

    fn set_mobile(&self, payment: PaymentId, state: MobilePaymentState) {
        self.state.mobile.lock().insert(payment, state);
        self.state.mobile_changed.notify_waiters();
    }

    fn request_config(&self, client: &AsyncClient, up: &str) -> Result<(), TerminalError> {
        let request = self.seal(0, &TerminalMessage::ConfigRequest { have: self.config_version })?;
        let _ = client.try_publish(up, QoS::AtLeastOnce, false, request);
        Ok(())
    }

    fn publish(&mut self, client: &AsyncClient, up: &str, seq: u64, sealed: Bytes) -> bool {
        if client.try_publish(up, self.options.qos, false, sealed).is_err() {
            return false;
        }
        let now = Instant::now();
        self.inflight.insert(seq, now);
        self.first_sent.entry(seq).or_insert(now);
        true
    }

    /// Publishes pending events for the first time in this session, oldest
    /// first, while the window has room.
    fn fill_window(&mut self, client: &AsyncClient, up: &str) {
        if !self.connected {
            return;
        }
        let room = self.options.window.saturating_sub(self.inflight.len());
        let batch: Vec<(u64, Bytes)> =
            self.outbox.from_seq(self.cursor).take(room).map(|(s, b)| (s, Bytes::clone(b))).collect();
        for (seq, sealed) in batch {
            if !self.publish(client, up, seq, sealed) {
                return;
            }
            self.cursor = seq + 1;
        }
    }

    fn resend_overdue(&mut self, client: &AsyncClient, up: &str) {
        let overdue: Vec<u64> = self
            .inflight
            .iter()
            .filter(|(_, sent)| sent.elapsed() >= self.options.resend_after)
            .map(|(seq, _)| *seq)
            .collect();
        for seq in overdue {
            match self.outbox.get(seq).cloned() {
                Some(sealed) => {
                    if !self.publish(client, up, seq, sealed) {
                        return;
                    }
                    self.state.resent.fetch_add(1, Ordering::Relaxed);
                }
                None => {
                    self.inflight.remove(&seq);
                }
            }
        }
    }

    /// Handles a message on the down topic. Returns true when revoked.
    fn on_down(&mut self, payload: &[u8]) -> Result<bool, TerminalError> {
        let opened = Envelope::parse(payload).and_then(|u| {
            if u.claimed_terminal() == self.options.credential.terminal {
                u.verify(&self.key, Direction::Down)
            } else {
                Err(protocol::EnvelopeError::BadMac)
            }
        });
        let (seq, message) = match opened.and_then(|o| Ok((o.seq, o.message::<HubMessage>()?))) {
            Ok(m) => m,
            Err(e) => {
                self.state.forged.fetch_add(1, Ordering::Relaxed);
                warn!(terminal.id = %self.options.credential.terminal, error = %e, "ignoring an unauthenticated message on the down topic");
                return Ok(false);
            }
        };
        if !self.down.take(seq) {
            self.state.replayed.fetch_add(1, Ordering::Relaxed);
            warn!(terminal.id = %self.options.credential.terminal, seq, "ignoring a replayed message on the down topic");
            return Ok(false);
        }
        match message {
            HubMessage::Ack(ack) => {
                let now = Instant::now();
                let mut latency = self.state.latency_us.lock();
                for seq in ack.accepted {
                    self.inflight.remove(&seq);
                    if self.outbox.ack(seq)? {
                        self.state.acked.fetch_add(1, Ordering::Relaxed);
                        if let Some(sent) = self.first_sent.remove(&seq) {
                            let us = u64::try_from(now.duration_since(sent).as_micros()).unwrap_or(u64::MAX);
                            let _ = latency.record(us.max(1));
                        }
                        if self.options.record_acks {
                            self.state.acked_seqs.lock().push(seq);
                        }
                    }
                }
                drop(latency);
                for rejected in ack.rejected {
                    self.inflight.remove(&rejected.seq);
                    self.first_sent.remove(&rejected.seq);
                    if self.outbox.dead_letter(rejected.seq)? {
                        self.state.rejected.fetch_add(1, Ordering::Relaxed);
                        warn!(terminal.id = %self.options.credential.terminal, seq = rejected.seq, reason = ?rejected.reason, "hub refused an event; moved to dead letters");
                    }
                }
                self.state.pending.store(self.outbox.len() as u64, Ordering::Relaxed);
                Ok(false)
            }
            HubMessage::Config(config) => {
                let mut held = self.state.config.lock();
                if held.is_some() && config.version <= self.config_version {
                    debug!(terminal.id = %self.options.credential.terminal, version = config.version, have = self.config_version, "a catalog not newer than ours ignored");
                    return Ok(false);
                }
                debug!(terminal.id = %self.options.credential.terminal, version = config.version, "catalog received");
                self.config_version = config.version;
                *held = Some(config);
                Ok(false)
            }
            HubMessage::MobilePayment(update) => {
                info!(terminal.id = %self.options.credential.terminal, payment.id = %update.payment, state = ?update.state, "mobile payment update");
                self.set_mobile(update.payment, update.state);
                Ok(false)
            }
            HubMessage::Revoked => {
                warn!(terminal.id = %self.options.credential.terminal, "the hub revoked this terminal");
                self.revoked();
                Ok(true)
            }
        }
    }

    /// Stops for good: marks the state revoked and keeps the unsent events
    /// as a hand-over file.
    fn revoked(&self) {
        let text = protocol::handover::write(
            self.options.credential.terminal,
            self.outbox.from_seq(0).map(|(_, sealed)| sealed.as_ref()),
        );
        *self.state.handover.lock() = Some(text);
        self.state.revoked.store(true, Ordering::Relaxed);
    }

    async fn leave(
        &mut self,
        client: &AsyncClient,
        up: &str,
        polled: &mut mpsc::Receiver<Polled>,
    ) -> Result<(), TerminalError> {
        if !self.connected {
            return Ok(());
        }
        let bye = self.seal(0, &TerminalMessage::Presence(Presence { online: false, session: self.session }))?;
        let _ = client.try_publish(up, QoS::AtLeastOnce, false, bye);
        let _ = client.try_disconnect();
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(event) = polled.recv().await {
                if matches!(event, Ok(Event::Outgoing(rumqttc::Outgoing::Disconnect)) | Err(_)) {
                    return;
                }
            }
        })
        .await;
        Ok(())
    }
}

/// What the MQTT event loop produced, errors as text.
type Polled = Result<Event, Failure>;

/// Why a poll of the MQTT connection failed.
#[derive(Debug)]
enum Failure {
    /// The hub refused the login as "not authorized": the password was right
    /// and the terminal is revoked.
    NotAuthorized,
    /// Anything else (the hub unreachable, a dropped connection): retry.
    Other(String),
}

/// Drives the MQTT connection: reconnects after a failure with a growing
/// pause, until the engine goes away.
async fn poll_forever(mut eventloop: rumqttc::EventLoop, out: mpsc::Sender<Polled>) {
    let mut backoff = Duration::from_millis(100);
    loop {
        match eventloop.poll().await {
            Ok(event) => {
                if matches!(event, Event::Incoming(Packet::ConnAck(_))) {
                    backoff = Duration::from_millis(100);
                }
                if out.send(Ok(event)).await.is_err() {
                    return;
                }
            }
            Err(e) => {
                let failure = match e {
                    rumqttc::ConnectionError::ConnectionRefused(rumqttc::ConnectReturnCode::NotAuthorized) => {
                        Failure::NotAuthorized
                    }
                    other => Failure::Other(other.to_string()),
                };
                if out.send(Err(failure)).await.is_err() {
                    return;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
            }
        }
    }
}

/// Aborts a task when dropped.
pub(crate) struct AbortOnDrop<T>(pub(crate) JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests;
