//! The gate: an MQTT-aware front between the LAN and the embedded broker,
//! giving each client real topic permissions (rumqttd 0.20 has no topic ACLs
//! and no limit on retained messages or subscription filters).
//!
//! The broker listens on loopback only, on a port nobody is told of; devices
//! reach it only through the gate, which:
//! - takes the first packet (within [`CONNECT_WITHIN`]): it must be a
//!   CONNECT the policy admits (a terminal's credential, or a pairing device's
//!   identity), else the device gets a refusing CONNACK and the socket closes;
//! - then reads every packet the device sends with the codec rumqttc ships
//!   and forwards it byte for byte only if the policy allows it: PUBLISH to
//!   the device's own `up` topic and nowhere else, never retained; SUBSCRIBE
//!   to its own `down` topic only (no wildcards, no one else's); its will
//!   only on its own `up` topic, not retained; acknowledgements, pings,
//!   UNSUBSCRIBE and DISCONNECT. Anything else closes the connection;
//! - passes whatever the broker sends back unchanged.
//!
//! So no device can read another's messages, publish on another's topic,
//! make the broker keep a retained message, or grow its subscription table.
//! Connections that have not finished their CONNECT are capped per address;
//! on the pairing listener admitted connections are capped too, per address
//! and in all ([`Limits::PAIRING`]), so a LAN host making up device ids
//! cannot make the broker hold connections without bound. The pairing
//! listener admits devices only while its window is open
//! ([`crate::window`]) and closes their connections when it closes.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use parking_lot::Mutex;
use protocol::{TerminalId, topic};
use rumqttc::mqttbytes::v4::{ConnAck, ConnectReturnCode, Packet};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tracing::{debug, info, warn};

use crate::metrics::{Metrics, ReasonLabel};
use crate::terminals::Terminals;
use crate::window::PairingWindow;

/// The login label of a CONNECT on the pairing listener while its window is closed.
const PAIRING_CLOSED: &str = "pairing_closed";

/// How long a new connection has to send its CONNECT.
pub const CONNECT_WITHIN: Duration = Duration::from_secs(10);

/// Who may connect, and to which topics.
#[derive(Clone)]
pub enum Policy {
    /// Paired terminals: their credential; their own `up` and `down` topics.
    Terminals(Arc<Terminals>),
    /// Unpaired devices asking to pair: a device id as client id and the
    /// pairing user name; their own pairing topics; only while the pairing
    /// window is open.
    Pairing(Arc<PairingWindow>),
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Policy::Terminals(_) => "Terminals",
            Policy::Pairing(_) => "Pairing",
        })
    }
}

impl Policy {
    /// The device a CONNECT identifies, or why it is refused.
    fn admit(&self, client_id: &str, username: &str, password: &str) -> Result<TerminalId, &'static str> {
        match self {
            Policy::Terminals(terminals) => {
                terminals.check_login(client_id, username, password).map_err(crate::terminals::LoginRefused::label)
            }
            Policy::Pairing(window) => {
                if !window.is_open() {
                    return Err(PAIRING_CLOSED);
                }
                let id = TerminalId::parse(client_id).map_err(|_| "pairing_identity")?;
                if username != protocol::pairing::PAIR_USERNAME || id.to_string() != client_id {
                    return Err("pairing_identity");
                }
                Ok(id)
            }
        }
    }

    /// Resolves once this policy stops admitting the connections it let in
    /// (the pairing window closed); never for terminals.
    async fn closed(&self) {
        match self {
            Policy::Terminals(_) => std::future::pending().await,
            Policy::Pairing(window) => {
                while window.is_open() {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    fn publish_topic(&self, id: TerminalId) -> String {
        match self {
            Policy::Terminals(_) => topic::up(id),
            Policy::Pairing(_) => topic::pair_up(id),
        }
    }

    fn subscribe_filter(&self, id: TerminalId) -> String {
        match self {
            Policy::Terminals(_) => topic::down(id),
            Policy::Pairing(_) => topic::pair_down(id),
        }
    }
}

/// What the gate refused, for the metric's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    NotConnect,
    Login(&'static str),
    ForeignTopic,
    Retained,
    ForeignFilter,
    ForeignWill,
    Disallowed,
    Malformed,
    TooManyFromAddress,
    TooManyOpen,
}

impl Refused {
    const fn label(self) -> &'static str {
        match self {
            Refused::NotConnect => "not_connect",
            Refused::Login(_) => "login",
            Refused::ForeignTopic => "foreign_topic",
            Refused::Retained => "retained",
            Refused::ForeignFilter => "foreign_filter",
            Refused::ForeignWill => "foreign_will",
            Refused::Disallowed => "disallowed_packet",
            Refused::Malformed => "malformed",
            Refused::TooManyFromAddress => "too_many_from_address",
            Refused::TooManyOpen => "too_many_open",
        }
    }
}

/// How many connections a gate lets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most connections from one address that have not finished CONNECT.
    pub pending_per_address: usize,
    /// Most admitted connections from one address (`None`: no cap).
    pub open_per_address: Option<usize>,
    /// Most admitted connections in all (`None`: no cap).
    pub open_total: Option<usize>,
}

impl Limits {
    /// Paired terminals: each holds a credential, and a branch's terminals
    /// may share an address behind NAT, so only unfinished connections are
    /// capped.
    pub const TERMINALS: Limits = Limits { pending_per_address: 64, open_per_address: None, open_total: None };
    /// Devices asking to pair: anyone on the LAN. A shop pairs a few at a
    /// time, so 16 per address and 256 in all leave room for honest work.
    pub const PAIRING: Limits = Limits { pending_per_address: 8, open_per_address: Some(16), open_total: Some(256) };
}

/// Connections counted per address and in all.
#[derive(Default)]
struct Counts {
    per_address: HashMap<IpAddr, usize>,
    total: usize,
}

/// Gives back one counted connection when dropped.
struct Slot<'a> {
    counts: &'a Mutex<Counts>,
    addr: IpAddr,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut counts = self.counts.lock();
        counts.total = counts.total.saturating_sub(1);
        if let Some(n) = counts.per_address.get_mut(&self.addr) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.per_address.remove(&self.addr);
            }
        }
    }
}

/// Counts one more connection from `addr` in `counts` unless that would pass
/// `per_address` or `total`.
fn take_slot(
    counts: &Mutex<Counts>,
    addr: IpAddr,
    per_address: Option<usize>,
    total: Option<usize>,
) -> Option<Slot<'_>> {
    let mut guard = counts.lock();
    if total.is_some_and(|max| guard.total >= max) {
        return None;
    }
    let n = guard.per_address.entry(addr).or_insert(0);
    if per_address.is_some_and(|max| *n >= max) {
        return None;
    }
    *n += 1;
    guard.total += 1;
    Some(Slot { counts, addr })
}

/// One gate in front of one broker listener.
pub struct Gate {
    name: &'static str,
    upstream: SocketAddr,
    policy: Policy,
    metrics: Arc<Metrics>,
    max_packet: usize,
    limits: Limits,
    /// Connections that have not finished CONNECT.
    pending: Mutex<Counts>,
    /// Connections admitted and forwarded to the broker.
    open: Mutex<Counts>,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate").field("name", &self.name).field("upstream", &self.upstream).finish_non_exhaustive()
    }
}

impl Gate {
    /// A gate forwarding to the broker at `upstream`.
    #[must_use]
    pub fn new(
        name: &'static str,
        upstream: SocketAddr,
        policy: Policy,
        metrics: Arc<Metrics>,
        max_packet: usize,
        limits: Limits,
    ) -> Self {
        Self {
            name,
            upstream,
            policy,
            metrics,
            max_packet,
            limits,
            pending: Mutex::new(Counts::default()),
            open: Mutex::new(Counts::default()),
        }
    }

    fn count(&self, refused: Refused) {
        self.metrics.gate_refused.get_or_create(&ReasonLabel { reason: refused.label() }).inc();
        if let Refused::Login(reason) = refused {
            self.metrics.logins_refused.get_or_create(&ReasonLabel { reason }).inc();
        }
    }

    /// Accepts plain TCP connections until the listener fails.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) {
        self.accept(listener, |gate, stream, peer| tokio::spawn(gate.connection(stream, peer))).await;
    }

    /// Accepts TLS connections (terminated here) until the listener fails.
    pub async fn serve_tls(self: Arc<Self>, listener: TcpListener, acceptor: tokio_rustls::TlsAcceptor) {
        self.accept(listener, move |gate, stream, peer| {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                match tokio::time::timeout(CONNECT_WITHIN, acceptor.accept(stream)).await {
                    Ok(Ok(tls)) => gate.connection(tls, peer).await,
                    Ok(Err(e)) => debug!(gate = gate.name, %peer, error = %e, "TLS handshake failed"),
                    Err(_) => debug!(gate = gate.name, %peer, "TLS handshake timed out"),
                }
            })
        })
        .await;
    }

    async fn accept<F>(self: Arc<Self>, listener: TcpListener, mut spawn: F)
    where
        F: FnMut(Arc<Self>, TcpStream, SocketAddr) -> tokio::task::JoinHandle<()>,
    {
        loop {
            match listener.accept().await {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    spawn(Arc::clone(&self), stream, peer);
                }
                Err(e) => {
                    warn!(gate = self.name, error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }

    async fn connection<S>(self: Arc<Self>, mut stream: S, peer: SocketAddr)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let Some(slot) = take_slot(&self.pending, peer.ip(), Some(self.limits.pending_per_address), None) else {
            self.count(Refused::TooManyFromAddress);
            debug!(gate = self.name, %peer, "too many unfinished connections from this address");
            return;
        };
        let mut buf = BytesMut::with_capacity(4096);
        let first = match tokio::time::timeout(CONNECT_WITHIN, read_frame(&mut stream, &mut buf, self.max_packet)).await
        {
            Ok(Ok(Some(frame))) => frame,
            Ok(Ok(None)) | Err(_) => return,
            Ok(Err(())) => {
                self.count(Refused::Malformed);
                return;
            }
        };
        let id = match self.check_connect(&first) {
            Ok(id) => id,
            Err(refused) => {
                self.count(refused);
                debug!(gate = self.name, %peer, reason = refused.label(), "connection refused");
                if let Refused::Login(reason) = refused {
                    let code = if reason == crate::terminals::LoginRefused::Revoked.label() || reason == PAIRING_CLOSED
                    {
                        ConnectReturnCode::NotAuthorized
                    } else {
                        ConnectReturnCode::BadUserNamePassword
                    };
                    let mut out = BytesMut::new();
                    if ConnAck::new(code, false).write(&mut out).is_ok() {
                        let _ = stream.write_all(&out).await;
                        let _ = stream.flush().await;
                    }
                }
                return;
            }
        };
        let Some(_open) = take_slot(&self.open, peer.ip(), self.limits.open_per_address, self.limits.open_total) else {
            self.count(Refused::TooManyOpen);
            debug!(gate = self.name, %peer, "too many connections open; refused");
            let mut out = BytesMut::new();
            if ConnAck::new(ConnectReturnCode::ServiceUnavailable, false).write(&mut out).is_ok() {
                let _ = stream.write_all(&out).await;
                let _ = stream.flush().await;
            }
            return;
        };
        let upstream = match TcpStream::connect(self.upstream).await {
            Ok(u) => u,
            Err(e) => {
                warn!(gate = self.name, error = %e, "the broker behind the gate is unreachable");
                return;
            }
        };
        let _ = upstream.set_nodelay(true);
        drop(slot);
        let (mut from_broker, mut to_broker) = upstream.into_split();
        if to_broker.write_all(&first).await.is_err() {
            return;
        }
        let (mut from_device, mut to_device) = tokio::io::split(stream);
        let mut down = tokio::spawn(async move {
            let _ = tokio::io::copy(&mut from_broker, &mut to_device).await;
            let _ = to_device.shutdown().await;
        });
        let gate = Arc::clone(&self);
        let mut up = tokio::spawn(async move {
            // Every frame already read goes to the broker in one write: a
            // terminal with many messages in flight costs one syscall per
            // read, not one per message.
            let mut out = BytesMut::with_capacity(8192);
            loop {
                let (mut next, mut malformed) = match read_frame(&mut from_device, &mut buf, gate.max_packet).await {
                    Ok(Some(frame)) => (Some(frame), false),
                    Ok(None) => return,
                    Err(()) => (None, true),
                };
                let mut refused = None;
                while let Some(frame) = next.take() {
                    if let Err(r) = gate.check_packet(id, &frame) {
                        refused = Some(r);
                        break;
                    }
                    out.extend_from_slice(&frame);
                    if out.len() >= FORWARD_BATCH {
                        break;
                    }
                    match buffered_frame(&mut buf, gate.max_packet) {
                        Ok(frame) => next = frame,
                        Err(()) => malformed = true,
                    }
                }
                // What passed before a refusal still goes through, as if
                // forwarded one by one.
                if !out.is_empty() && to_broker.write_all(&out).await.is_err() {
                    return;
                }
                out.clear();
                if malformed {
                    gate.count(Refused::Malformed);
                    return;
                }
                if let Some(refused) = refused {
                    gate.count(refused);
                    info!(gate = gate.name, device = %id, reason = refused.label(), "packet refused; connection closed");
                    return;
                }
            }
        });
        tokio::select! {
            _ = &mut down => up.abort(),
            _ = &mut up => down.abort(),
            () = self.policy.closed() => {
                debug!(gate = self.name, device = %id, "the pairing window closed; connection closed");
                up.abort();
                down.abort();
            }
        }
    }

    fn check_connect(&self, frame: &[u8]) -> Result<TerminalId, Refused> {
        let Ok(Packet::Connect(connect)) = Packet::read(&mut BytesMut::from(frame), self.max_packet) else {
            return Err(Refused::NotConnect);
        };
        let (username, password) =
            connect.login.as_ref().map_or(("", ""), |l| (l.username.as_str(), l.password.as_str()));
        let id = self.policy.admit(&connect.client_id, username, password).map_err(Refused::Login)?;
        if let Some(will) = &connect.last_will
            && (will.topic != self.policy.publish_topic(id) || will.retain)
        {
            return Err(Refused::ForeignWill);
        }
        Ok(id)
    }

    fn check_packet(&self, id: TerminalId, frame: &[u8]) -> Result<(), Refused> {
        let packet = Packet::read(&mut BytesMut::from(frame), self.max_packet).map_err(|_| Refused::Malformed)?;
        match packet {
            Packet::Publish(p) => {
                if p.retain {
                    Err(Refused::Retained)
                } else if p.topic != self.policy.publish_topic(id) {
                    Err(Refused::ForeignTopic)
                } else {
                    Ok(())
                }
            }
            Packet::Subscribe(s) => {
                let own = self.policy.subscribe_filter(id);
                if s.filters.iter().all(|f| f.path == own) { Ok(()) } else { Err(Refused::ForeignFilter) }
            }
            Packet::PubAck(_)
            | Packet::PubRec(_)
            | Packet::PubRel(_)
            | Packet::PubComp(_)
            | Packet::PingReq
            | Packet::Unsubscribe(_)
            | Packet::Disconnect => Ok(()),
            _ => Err(Refused::Disallowed),
        }
    }
}

/// Reads one whole MQTT packet: `Ok(None)` at a clean end of the stream,
/// `Err` for a malformed or oversized one.
async fn read_frame<R: AsyncRead + Unpin>(
    stream: &mut R,
    buf: &mut BytesMut,
    max_packet: usize,
) -> Result<Option<bytes::Bytes>, ()> {
    loop {
        if let Some(frame) = buffered_frame(buf, max_packet)? {
            return Ok(Some(frame));
        }
        buf.reserve(4096);
        match stream.read_buf(buf).await {
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
    }
}

/// The next whole frame already in `buf`, if there is one.
fn buffered_frame(buf: &mut BytesMut, max_packet: usize) -> Result<Option<bytes::Bytes>, ()> {
    match rumqttc::mqttbytes::check(buf.iter(), max_packet) {
        Ok(header) => Ok(Some(buf.split_to(header.frame_length()).freeze())),
        Err(rumqttc::mqttbytes::Error::InsufficientBytes(_)) => Ok(None),
        Err(_) => Err(()),
    }
}

/// Bytes of checked frames the gate gathers before writing them to the broker.
const FORWARD_BATCH: usize = 64 * 1024;

/// Binds a loopback port for a broker behind a gate.
///
/// # Errors
/// When no loopback port can be bound.
pub fn loopback_port() -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.local_addr()
}
