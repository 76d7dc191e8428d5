//! The embedded MQTT broker (rumqttd) and the only code that touches it.
//!
//! rumqttd runs on its own threads. The hub talks to it through one local
//! link, driven by two plain threads:
//! - the *reader* takes every publish on [`protocol::topic::UP_FILTER`] and
//!   hands it to the ingest pipeline as an [`Inbound`] (bounded channel: when
//!   ingest falls behind, the reader waits and the broker buffers);
//! - the *writer* publishes sealed hub messages to terminals' down topics.
//!
//! Devices never reach rumqttd directly: it listens on a loopback port and
//! the [`crate::gate`] in front of it enforces who may connect and which
//! topics each device may use (rumqttd has no topic ACLs).
//!
//! The broker knows nothing of terminals. Its auth callback (a second check
//! behind the gate's) asks the [`Terminals`] registry: only provisioned, unrevoked terminals whose client
//! id equals their username and whose password matches are admitted.
//! rumqttd has no API to drop a client, but it does drop an old session when
//! a new one arrives with the same client id (MQTT 3.1.1 §3.1.4). [`Evictor`]
//! uses that: it logs in once as the revoked terminal with a one-time
//! in-memory credential the auth callback recognises, and leaves at once.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use protocol::TerminalId;
use protocol::topic;
use rumqttd::{Broker, Config, ConnectionSettings, Notification, RouterConfig, SegmentConfig, ServerSettings};
use subtle::ConstantTimeEq;
use tracing::{debug, error, info, warn};

use crate::metrics::{Metrics, ReasonLabel};
use crate::settings::MqttSettings;
use crate::terminals::Terminals;

/// Largest MQTT payload the broker takes; bigger drops the connection. Set
/// above [`protocol::envelope::MAX_ENVELOPE_BYTES`] so that moderately
/// oversized envelopes reach the hub and are counted as `oversized`.
pub const MAX_MQTT_PAYLOAD: usize = 2 * protocol::envelope::MAX_ENVELOPE_BYTES;

/// The username of the hub's own eviction login.
const EVICT_USER: &str = "$hub-evict";

/// How many received messages may wait for ingest before the reader blocks.
const INBOUND_CAPACITY: usize = 32 * 1024;
/// How many payload bytes may wait for ingest before the reader blocks (and
/// the broker, then the terminals' connections, feel the back-pressure).
const INBOUND_BYTES: usize = 64 << 20;
/// How many bytes of hub messages may wait for the broker's writer; beyond,
/// a message is dropped and counted (they are QoS 0: terminals ask again).
const OUTBOUND_BYTES: usize = 32 << 20;

/// Bytes queued between two threads, with a ceiling.
#[derive(Debug)]
pub struct ByteBudget {
    used: parking_lot::Mutex<usize>,
    freed: parking_lot::Condvar,
    limit: usize,
}

impl ByteBudget {
    fn new(limit: usize) -> Self {
        Self { used: parking_lot::Mutex::new(0), freed: parking_lot::Condvar::new(), limit }
    }

    /// Takes `n` bytes if they fit (one message alone always fits).
    fn try_take(&self, n: usize) -> bool {
        let mut used = self.used.lock();
        if *used > 0 && used.saturating_add(n) > self.limit {
            return false;
        }
        *used = used.saturating_add(n);
        true
    }

    /// Takes `n` bytes, waiting while they do not fit.
    fn take(&self, n: usize) {
        let mut used = self.used.lock();
        while *used > 0 && used.saturating_add(n) > self.limit {
            self.freed.wait(&mut used);
        }
        *used = used.saturating_add(n);
    }

    fn give(&self, n: usize) {
        {
            let mut used = self.used.lock();
            *used = used.saturating_sub(n);
        }
        self.freed.notify_all();
    }

    /// Bytes queued now.
    #[must_use]
    pub fn used(&self) -> usize {
        *self.used.lock()
    }
}

/// Bytes of a queued message, given back to its budget when it is dropped.
#[derive(Debug)]
pub struct Permit {
    budget: Arc<ByteBudget>,
    bytes: usize,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.budget.give(self.bytes);
    }
}

/// The hub's ends of a broker's local link.
struct Link {
    inbound: flume::Sender<Inbound>,
    inbound_budget: Arc<ByteBudget>,
    outbound: flume::Receiver<Outbound>,
    outbound_budget: Arc<ByteBudget>,
}

/// The broker could not start or was asked something impossible.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// A listener address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The broker's local link failed.
    #[error("broker link: {0}")]
    Link(String),
    /// The broker did not come up.
    #[error("broker did not start listening on {0}")]
    NotListening(SocketAddr),
    /// TLS files missing.
    #[error("TLS certificate or key not found: {0}")]
    Tls(String),
    /// Could not spawn a thread.
    #[error("cannot spawn broker thread: {0}")]
    Thread(#[from] std::io::Error),
    /// Eviction failed.
    #[error("could not evict terminal {0}: {1}")]
    Evict(TerminalId, String),
}

/// A message received from a terminal, not yet checked.
#[derive(Debug)]
pub struct Inbound {
    /// The terminal the topic belongs to, if the topic is well formed.
    pub topic_terminal: Option<TerminalId>,
    /// The raw payload.
    pub payload: Bytes,
    /// When the reader took it from the broker.
    pub received: Instant,
    /// Its bytes in the inbound budget, given back once it is handled.
    pub permit: Option<Permit>,
}

/// A sealed message for one terminal.
#[derive(Debug)]
pub struct Outbound {
    /// Recipient.
    pub terminal: TerminalId,
    /// Sealed envelope bytes.
    pub payload: Vec<u8>,
}

/// Where the broker listens, and how to talk to it.
#[derive(Clone)]
pub struct BrokerHandle {
    /// The plain MQTT listener.
    pub mqtt_addr: SocketAddr,
    /// The TLS listener, if configured.
    pub tls_addr: Option<SocketAddr>,
    outbound: flume::Sender<Outbound>,
    outbound_budget: Arc<ByteBudget>,
    metrics: Arc<Metrics>,
    evictor: Arc<Evictor>,
}

impl std::fmt::Debug for BrokerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrokerHandle").field("mqtt_addr", &self.mqtt_addr).field("tls_addr", &self.tls_addr).finish()
    }
}

impl BrokerHandle {
    /// Queues a sealed message for a terminal. Dropped (counted in
    /// `hub_outbound_dropped_total`) when the writer already has
    /// `OUTBOUND_BYTES` waiting, or with a log line if the broker is gone;
    /// hub → terminal messages are QoS 0 and terminals retry whatever they
    /// still need.
    pub fn send(&self, message: Outbound) {
        let bytes = message.payload.len();
        if !self.outbound_budget.try_take(bytes) {
            self.metrics.outbound_dropped.inc();
            debug!(terminal.id = %message.terminal, bytes, "outbound queue full; hub message dropped");
            return;
        }
        if self.outbound.send(message).is_err() {
            self.outbound_budget.give(bytes);
            warn!("broker writer stopped; hub message dropped");
        }
    }

    /// Drops a terminal's live session, if any.
    ///
    /// # Errors
    /// [`BrokerError::Evict`] if the broker could not be reached.
    pub async fn evict(&self, terminal: TerminalId) -> Result<(), BrokerError> {
        self.evictor.evict(terminal).await
    }
}

/// Starts the broker and its reader and writer threads. Returns the handle
/// and the receiving end of everything terminals publish.
///
/// # Errors
/// [`BrokerError`] when a listener cannot bind, TLS files are missing, or the
/// broker does not come up.
pub fn start(
    settings: &MqttSettings,
    terminals: Arc<Terminals>,
    metrics: Arc<Metrics>,
) -> Result<(BrokerHandle, flume::Receiver<Inbound>), BrokerError> {
    // The gate listens where terminals connect; rumqttd only on a loopback
    // port behind it. Bind the gate's listeners first: a taken port fails here.
    let bind = |addr: SocketAddr| -> Result<tokio::net::TcpListener, BrokerError> {
        let listener = TcpListener::bind(addr).map_err(|source| BrokerError::Listen { addr, source })?;
        listener.set_nonblocking(true).map_err(|source| BrokerError::Listen { addr, source })?;
        tokio::net::TcpListener::from_std(listener).map_err(|source| BrokerError::Listen { addr, source })
    };
    let plain = bind(settings.listen)?;
    let mqtt_addr = plain.local_addr().map_err(|source| BrokerError::Listen { addr: settings.listen, source })?;
    let tls = match &settings.tls {
        Some(tls) => {
            let acceptor = tls_acceptor(&tls.cert_path, &tls.key_path)?;
            let listener = bind(tls.listen)?;
            let addr = listener.local_addr().map_err(|source| BrokerError::Listen { addr: tls.listen, source })?;
            Some((listener, acceptor, addr))
        }
        None => None,
    };
    let upstream = crate::gate::loopback_port().map_err(|e| BrokerError::Link(e.to_string()))?;
    let embedded = embedded(upstream, settings.max_connections, &terminals, &metrics)?;
    let policy = crate::gate::Policy::Terminals(Arc::clone(&terminals));
    let gate = Arc::new(crate::gate::Gate::new(
        "mqtt",
        upstream,
        policy,
        Arc::clone(&metrics),
        MAX_MQTT_PAYLOAD + 1024,
        crate::gate::Limits::TERMINALS,
    ));
    tokio::spawn(Arc::clone(&gate).serve(plain));
    let tls_addr = tls.map(|(listener, acceptor, addr)| {
        tokio::spawn(Arc::clone(&gate).serve_tls(listener, acceptor));
        addr
    });
    info!(mqtt.listen = %mqtt_addr, mqtt.tls = ?tls_addr, broker = %upstream, "MQTT broker up behind the gate");
    Ok(embedded.handle(mqtt_addr, tls_addr, metrics))
}

/// The embedded broker with no gate in front, listening on
/// `settings.listen` itself (plain only): the baseline `hub-bench` compares
/// the hub with. Not for terminals on a LAN: it has no topic permissions.
///
/// # Errors
/// As [`start`].
pub fn start_bare(
    settings: &MqttSettings,
    terminals: Arc<Terminals>,
    metrics: Arc<Metrics>,
) -> Result<(BrokerHandle, flume::Receiver<Inbound>), BrokerError> {
    TcpListener::bind(settings.listen).map_err(|source| BrokerError::Listen { addr: settings.listen, source })?;
    let embedded = embedded(settings.listen, settings.max_connections, &terminals, &metrics)?;
    Ok(embedded.handle(settings.listen, None, metrics))
}

/// rumqttd running, its link driven, not yet wrapped in a handle.
struct Embedded {
    upstream: SocketAddr,
    evict_token: String,
    outbound: flume::Sender<Outbound>,
    outbound_budget: Arc<ByteBudget>,
    inbound: flume::Receiver<Inbound>,
}

impl Embedded {
    fn handle(
        self,
        mqtt_addr: SocketAddr,
        tls_addr: Option<SocketAddr>,
        metrics: Arc<Metrics>,
    ) -> (BrokerHandle, flume::Receiver<Inbound>) {
        let evictor = Arc::new(Evictor { addr: loopback(self.upstream), token: self.evict_token });
        let handle = BrokerHandle {
            mqtt_addr,
            tls_addr,
            outbound: self.outbound,
            outbound_budget: self.outbound_budget,
            metrics,
            evictor,
        };
        (handle, self.inbound)
    }
}

/// Starts rumqttd on `listen` with the hub's router configuration and auth
/// callback, subscribes the hub's link to every up topic and drives it.
fn embedded(
    listen: SocketAddr,
    max_connections: usize,
    terminals: &Arc<Terminals>,
    metrics: &Arc<Metrics>,
) -> Result<Embedded, BrokerError> {
    let mut evict_token = [0u8; 32];
    getrandom::fill(&mut evict_token).map_err(|e| BrokerError::Link(e.to_string()))?;
    let evict_token = hex::encode(evict_token);

    let mut connections = ConnectionSettings {
        connection_timeout_ms: 10_000,
        max_payload_size: MAX_MQTT_PAYLOAD,
        max_inflight_count: 256,
        auth: None,
        external_auth: None,
        dynamic_filters: false,
    };
    {
        let terminals = Arc::clone(terminals);
        let metrics = Arc::clone(metrics);
        let token = evict_token.clone();
        connections.set_auth_handler(move |client_id: String, username: String, password: String| {
            let admitted = if username == EVICT_USER {
                let ok: bool = password.as_bytes().ct_eq(token.as_bytes()).into();
                ok && TerminalId::parse(&client_id).is_ok_and(|id| terminals.get(id).is_some())
            } else {
                match terminals.check_login(&client_id, &username, &password) {
                    Ok(_) => true,
                    Err(refused) => {
                        metrics.logins_refused.get_or_create(&ReasonLabel { reason: refused.label() }).inc();
                        info!(client.id = %client_id, reason = refused.label(), "broker login refused");
                        false
                    }
                }
            };
            async move { admitted }
        });
    }

    let mut v4 = HashMap::new();
    v4.insert(
        "plain".to_owned(),
        ServerSettings { name: "plain".to_owned(), listen, tls: None, next_connection_delay_ms: 0, connections },
    );

    let config = broker_config(max_connections, v4);
    let mut broker = Broker::new(config);
    let (mut link_tx, link_rx) = broker.link("edge-hub").map_err(|e| BrokerError::Link(e.to_string()))?;
    link_tx.subscribe(topic::UP_FILTER).map_err(|e| BrokerError::Link(e.to_string()))?;

    std::thread::Builder::new().name("mqtt-broker".to_owned()).spawn(move || {
        if let Err(e) = broker.start() {
            error!(error = %e, "MQTT broker stopped");
        }
    })?;

    let (inbound_tx, inbound_rx) = flume::bounded::<Inbound>(INBOUND_CAPACITY);
    let (outbound_tx, outbound_rx) = flume::unbounded::<Outbound>();
    let inbound_budget = Arc::new(ByteBudget::new(INBOUND_BYTES));
    let outbound_budget = Arc::new(ByteBudget::new(OUTBOUND_BYTES));
    let link = Link {
        inbound: inbound_tx,
        inbound_budget,
        outbound: outbound_rx,
        outbound_budget: Arc::clone(&outbound_budget),
    };
    drive_link("mqtt", link_tx, link_rx, link, topic::parse_up, topic::down)?;
    wait_listening(listen)?;
    Ok(Embedded { upstream: listen, evict_token, outbound: outbound_tx, outbound_budget, inbound: inbound_rx })
}

/// A TLS acceptor from PEM files: the certificate chain and its key.
fn tls_acceptor(cert: &std::path::Path, key: &std::path::Path) -> Result<tokio_rustls::TlsAcceptor, BrokerError> {
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    for path in [cert, key] {
        if !path.exists() {
            return Err(BrokerError::Tls(path.display().to_string()));
        }
    }
    let bad = |path: &std::path::Path, e: &dyn std::fmt::Display| BrokerError::Tls(format!("{}: {e}", path.display()));
    let chain = CertificateDer::pem_file_iter(cert)
        .map_err(|e| bad(cert, &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(cert, &e))?;
    let key_der = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, &e))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(cert, &e))?
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .map_err(|e| bad(cert, &e))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// Moves messages between a broker's local link and the hub: a *reader*
/// thread hands every publish on the link's filter to `inbound` (with the
/// device its topic names, per `parse`), a *writer* thread publishes what
/// comes on `outbound` to `down(recipient)`.
fn drive_link(
    name: &str,
    mut link_tx: rumqttd::local::LinkTx,
    mut link_rx: rumqttd::local::LinkRx,
    link: Link,
    parse: fn(&str) -> Option<TerminalId>,
    down: fn(TerminalId) -> String,
) -> Result<(), BrokerError> {
    let Link { inbound: inbound_tx, inbound_budget, outbound: outbound_rx, outbound_budget } = link;
    std::thread::Builder::new().name(format!("{name}-reader")).spawn(move || {
        loop {
            match link_rx.recv() {
                Ok(Some(Notification::Forward(forward))) => {
                    let topic = String::from_utf8_lossy(&forward.publish.topic);
                    let bytes = forward.publish.payload.len();
                    inbound_budget.take(bytes);
                    let inbound = Inbound {
                        topic_terminal: parse(&topic),
                        payload: forward.publish.payload,
                        received: Instant::now(),
                        permit: Some(Permit { budget: Arc::clone(&inbound_budget), bytes }),
                    };
                    if inbound_tx.send(inbound).is_err() {
                        debug!("hub side stopped; reader exits");
                        return;
                    }
                }
                Ok(Some(Notification::Unschedule)) => {
                    if link_rx.ready().is_err() {
                        return;
                    }
                }
                Ok(Some(_)) | Ok(None) => {}
                Err(e) => {
                    error!(error = %e, "broker link closed; reader exits");
                    return;
                }
            }
        }
    })?;
    std::thread::Builder::new().name(format!("{name}-writer")).spawn(move || {
        while let Ok(message) = outbound_rx.recv() {
            let bytes = message.payload.len();
            let sent = link_tx.publish(down(message.terminal), message.payload);
            outbound_budget.give(bytes);
            if let Err(e) = sent {
                error!(error = %e, "broker link closed; writer exits");
                return;
            }
        }
    })?;
    Ok(())
}

/// The pairing listener: a second, separate broker that admits any device
/// as client id = its device id, user [`protocol::pairing::PAIR_USERNAME`],
/// and carries nothing but pairing requests and the hub's answers. The
/// terminals' broker never admits an unpaired device, so nothing a device
/// sees here is branch traffic.
#[derive(Clone)]
pub struct PairingListener {
    /// Where it listens.
    pub addr: SocketAddr,
    outbound: flume::Sender<Outbound>,
    /// When it admits devices.
    pub window: Arc<crate::window::PairingWindow>,
}

impl std::fmt::Debug for PairingListener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PairingListener").field("addr", &self.addr).finish()
    }
}

impl PairingListener {
    /// Queues an encoded pairing answer for a device (QoS 0: devices repeat
    /// their request until answered; at most 1 024 wait, the rest are dropped).
    pub fn send(&self, message: Outbound) {
        match self.outbound.try_send(message) {
            Ok(()) => {}
            Err(flume::TrySendError::Full(_)) => debug!("pairing writer busy; answer dropped (the device asks again)"),
            Err(flume::TrySendError::Disconnected(_)) => warn!("pairing writer stopped; answer dropped"),
        }
    }
}

/// Starts the pairing listener on `listen`.
///
/// # Errors
/// [`BrokerError`] when it cannot bind or does not come up.
pub fn start_pairing(
    listen: SocketAddr,
    metrics: Arc<Metrics>,
) -> Result<(PairingListener, flume::Receiver<Inbound>), BrokerError> {
    let listener = TcpListener::bind(listen).map_err(|source| BrokerError::Listen { addr: listen, source })?;
    listener.set_nonblocking(true).map_err(|source| BrokerError::Listen { addr: listen, source })?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|source| BrokerError::Listen { addr: listen, source })?;
    let addr = listener.local_addr().map_err(|source| BrokerError::Listen { addr: listen, source })?;
    let upstream = crate::gate::loopback_port().map_err(|e| BrokerError::Link(e.to_string()))?;
    let mut connections = ConnectionSettings {
        connection_timeout_ms: 10_000,
        max_payload_size: 2 * protocol::pairing::MAX_PAIRING_BYTES,
        max_inflight_count: 16,
        auth: None,
        external_auth: None,
        dynamic_filters: false,
    };
    {
        let metrics = Arc::clone(&metrics);
        connections.set_auth_handler(move |client_id: String, username: String, _password: String| {
            let admitted = username == protocol::pairing::PAIR_USERNAME
                && TerminalId::parse(&client_id).is_ok_and(|id| id.to_string() == client_id);
            if !admitted {
                metrics.logins_refused.get_or_create(&ReasonLabel { reason: "pairing_identity" }).inc();
            }
            async move { admitted }
        });
    }
    let mut v4 = HashMap::new();
    v4.insert(
        "pairing".to_owned(),
        ServerSettings {
            name: "pairing".to_owned(),
            listen: upstream,
            tls: None,
            next_connection_delay_ms: 0,
            connections,
        },
    );
    let mut custom_segment = HashMap::new();
    custom_segment
        .insert(topic::PAIR_UP_FILTER.to_owned(), SegmentConfig { max_segment_size: 64 * 1024, max_segment_count: 2 });
    let config = Config {
        id: 0,
        router: RouterConfig {
            max_connections: 128,
            max_outgoing_packet_count: 64,
            max_segment_size: 4 * 1024,
            max_segment_count: 2,
            custom_segment: Some(custom_segment),
            initialized_filters: Some(vec![topic::PAIR_UP_FILTER.to_owned()]),
            ..RouterConfig::default()
        },
        v4: Some(v4),
        ..Config::default()
    };
    let mut broker = Broker::new(config);
    let (mut link_tx, link_rx) = broker.link("edge-hub-pairing").map_err(|e| BrokerError::Link(e.to_string()))?;
    link_tx.subscribe(topic::PAIR_UP_FILTER).map_err(|e| BrokerError::Link(e.to_string()))?;
    std::thread::Builder::new().name("pairing-broker".to_owned()).spawn(move || {
        if let Err(e) = broker.start() {
            error!(error = %e, "pairing broker stopped");
        }
    })?;
    let (inbound_tx, inbound_rx) = flume::bounded::<Inbound>(1024);
    let (outbound_tx, outbound_rx) = flume::bounded::<Outbound>(1024);
    let link = Link {
        inbound: inbound_tx,
        inbound_budget: Arc::new(ByteBudget::new(4 << 20)),
        outbound: outbound_rx,
        outbound_budget: Arc::new(ByteBudget::new(usize::MAX)),
    };
    drive_link("pairing", link_tx, link_rx, link, topic::parse_pair_up, topic::pair_down)?;
    wait_listening(upstream)?;
    let max_packet = 2 * protocol::pairing::MAX_PAIRING_BYTES + 1024;
    let window = Arc::new(crate::window::PairingWindow::default());
    let gate = crate::gate::Gate::new(
        "pairing",
        upstream,
        crate::gate::Policy::Pairing(Arc::clone(&window)),
        metrics,
        max_packet,
        crate::gate::Limits::PAIRING,
    );
    tokio::spawn(Arc::new(gate).serve(listener));
    info!(pairing.listen = %addr, broker = %upstream, "pairing listener up behind the gate");
    Ok((PairingListener { addr, outbound: outbound_tx, window }, inbound_rx))
}

/// The router configuration shared by the hub and the bare-broker benchmark.
///
/// rumqttd keeps one in-memory log per subscription filter and never frees a
/// segment until the log is full, so segment sizes are memory. All terminal
/// traffic flows through the hub's single up filter: it gets 6 × 1 MiB, more
/// than every terminal's unacknowledged window together. Each terminal's own
/// down filter gets 2 × 16 KiB.
#[must_use]
pub fn broker_config(max_connections: usize, v4: HashMap<String, ServerSettings>) -> Config {
    let mut custom_segment = HashMap::new();
    custom_segment
        .insert(topic::UP_FILTER.to_owned(), SegmentConfig { max_segment_size: 1 << 20, max_segment_count: 6 });
    Config {
        id: 0,
        router: RouterConfig {
            max_connections,
            max_outgoing_packet_count: 200,
            max_segment_size: 16 * 1024,
            max_segment_count: 2,
            custom_segment: Some(custom_segment),
            initialized_filters: Some(vec![topic::UP_FILTER.to_owned()]),
            ..RouterConfig::default()
        },
        v4: Some(v4),
        ..Config::default()
    }
}

fn loopback(addr: SocketAddr) -> SocketAddr {
    if addr.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], addr.port())) } else { addr }
}

fn wait_listening(addr: SocketAddr) -> Result<(), BrokerError> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&loopback(addr), Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(BrokerError::NotListening(addr))
}

/// Drops live sessions by taking over their client id (see the module docs).
struct Evictor {
    addr: SocketAddr,
    token: String,
}

impl Evictor {
    async fn evict(&self, terminal: TerminalId) -> Result<(), BrokerError> {
        use rumqttc::{AsyncClient, Event, MqttOptions, Packet};
        let fail = |e: String| BrokerError::Evict(terminal, e);
        let mut options = MqttOptions::new(terminal.to_string(), self.addr.ip().to_string(), self.addr.port());
        options.set_credentials(EVICT_USER, self.token.clone());
        options.set_clean_session(true);
        options.set_keep_alive(Duration::from_secs(5));
        let (client, mut eventloop) = AsyncClient::new(options, 4);
        let connected = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => return Ok(()),
                    Ok(_) => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
        })
        .await
        .map_err(|_| fail("timed out".to_owned()))?;
        connected.map_err(fail)?;
        client.disconnect().await.map_err(|e| fail(e.to_string()))?;
        // Drive the event loop until the DISCONNECT is on the wire.
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Outgoing(rumqttc::Outgoing::Disconnect)) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await;
        info!(terminal.id = %terminal, "terminal session evicted");
        Ok(())
    }
}

#[cfg(test)]
mod tests;
