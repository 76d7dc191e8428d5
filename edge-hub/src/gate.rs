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
//! Connections that have not finished their CONNECT are capped per address.

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

/// How long a new connection has to send its CONNECT.
pub const CONNECT_WITHIN: Duration = Duration::from_secs(10);

/// Who may connect, and to which topics.
#[derive(Clone)]
pub enum Policy {
    /// Paired terminals: their credential; their own `up` and `down` topics.
    Terminals(Arc<Terminals>),
    /// Unpaired devices asking to pair: a device id as client id and the
    /// pairing user name; their own pairing topics.
    Pairing,
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Policy::Terminals(_) => "Terminals",
            Policy::Pairing => "Pairing",
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
            Policy::Pairing => {
                let id = TerminalId::parse(client_id).map_err(|_| "pairing_identity")?;
                if username != protocol::pairing::PAIR_USERNAME || id.to_string() != client_id {
                    return Err("pairing_identity");
                }
                Ok(id)
            }
        }
    }

    fn publish_topic(&self, id: TerminalId) -> String {
        match self {
            Policy::Terminals(_) => topic::up(id),
            Policy::Pairing => topic::pair_up(id),
        }
    }

    fn subscribe_filter(&self, id: TerminalId) -> String {
        match self {
            Policy::Terminals(_) => topic::down(id),
            Policy::Pairing => topic::pair_down(id),
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
        }
    }
}

/// One gate in front of one broker listener.
pub struct Gate {
    name: &'static str,
    upstream: SocketAddr,
    policy: Policy,
    metrics: Arc<Metrics>,
    max_packet: usize,
    /// Most connections from one address that have not finished CONNECT.
    max_pending_per_address: usize,
    pending: Mutex<HashMap<IpAddr, usize>>,
}

impl std::fmt::Debug for Gate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gate").field("name", &self.name).field("upstream", &self.upstream).finish_non_exhaustive()
    }
}

/// Releases a pending slot of an address when dropped.
struct PendingSlot<'a> {
    gate: &'a Gate,
    addr: IpAddr,
}

impl Drop for PendingSlot<'_> {
    fn drop(&mut self) {
        let mut pending = self.gate.pending.lock();
        if let Some(n) = pending.get_mut(&self.addr) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                pending.remove(&self.addr);
            }
        }
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
        max_pending_per_address: usize,
    ) -> Self {
        Self {
            name,
            upstream,
            policy,
            metrics,
            max_packet,
            max_pending_per_address,
            pending: Mutex::new(HashMap::new()),
        }
    }

    fn count(&self, refused: Refused) {
        self.metrics.gate_refused.get_or_create(&ReasonLabel { reason: refused.label() }).inc();
        if let Refused::Login(reason) = refused {
            self.metrics.logins_refused.get_or_create(&ReasonLabel { reason }).inc();
        }
    }

    fn take_slot(&self, addr: IpAddr) -> Option<PendingSlot<'_>> {
        let mut pending = self.pending.lock();
        let n = pending.entry(addr).or_insert(0);
        if *n >= self.max_pending_per_address {
            return None;
        }
        *n += 1;
        Some(PendingSlot { gate: self, addr })
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
        let Some(slot) = self.take_slot(peer.ip()) else {
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
                    let code = if reason == crate::terminals::LoginRefused::Revoked.label() {
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
            loop {
                let frame = match read_frame(&mut from_device, &mut buf, gate.max_packet).await {
                    Ok(Some(frame)) => frame,
                    Ok(None) => return,
                    Err(()) => {
                        gate.count(Refused::Malformed);
                        return;
                    }
                };
                if let Err(refused) = gate.check_packet(id, &frame) {
                    gate.count(refused);
                    info!(gate = gate.name, device = %id, reason = refused.label(), "packet refused; connection closed");
                    return;
                }
                if to_broker.write_all(&frame).await.is_err() {
                    return;
                }
            }
        });
        tokio::select! {
            _ = &mut down => up.abort(),
            _ = &mut up => down.abort(),
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
        match rumqttc::mqttbytes::check(buf.iter(), max_packet) {
            Ok(header) => return Ok(Some(buf.split_to(header.frame_length()).freeze())),
            Err(rumqttc::mqttbytes::Error::InsufficientBytes(_)) => {}
            Err(_) => return Err(()),
        }
        buf.reserve(4096);
        match stream.read_buf(buf).await {
            Ok(0) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
    }
}

/// Binds a loopback port for a broker behind a gate.
///
/// # Errors
/// When no loopback port can be bound.
pub fn loopback_port() -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.local_addr()
}
