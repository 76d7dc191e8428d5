//! Pairing, the terminal's side (E6). The scheme itself is described in
//! [`protocol::pairing`]; this is what an unpaired terminal does.
//!
//! 1. **Already paired?** A paired terminal keeps its credential in its
//!    state directory ([`CREDENTIAL_FILE`], one `pos1.…` line) and, next to
//!    it, where the terminals' broker is ([`HUB_FILE`], `HOST:PORT`). If they
//!    are there, there is nothing to do.
//! 2. **The invitation.** Otherwise the terminal picks a device id and an
//!    X25519 key, and shows the QR code and the short code (the key's
//!    fingerprint) — or, when it pairs with a POS login, computes the login
//!    verifier from the typed password and proves it instead.
//! 3. **The request.** It connects to the hub's *pairing listener* as client
//!    id = device id, user [`PAIR_USERNAME`] with an empty password,
//!    subscribes to [`topic::pair_down`] and publishes its [`PairRequest`] on
//!    [`topic::pair_up`] after every SUBACK and then every couple of seconds
//!    until answered. It reconnects for as long as it takes: a hub that is
//!    not there yet, or restarts, is normal.
//! 4. **The code's lifetime.** When the code's lifetime passes without an
//!    answer, the terminal makes a new key (same device id) and shows the
//!    new code. It keeps the previous key too, so an approval typed at the
//!    last moment still works.
//! 5. **The offer.** Every answer is signed by the hub's identity key for
//!    this device and key; the terminal is given the hub's fingerprint (from
//!    the hub's page) and ignores answers any other hub signs, so a rogue hub
//!    on the LAN can neither capture it nor refuse it. Even an offer from the
//!    trusted hub is only a public key and a confirmation: the terminal
//!    derives the secret, *logs in with it* to the
//!    terminals' broker (whose port the offer names, on the same host), and
//!    only when the broker admits it stores the credential (atomically,
//!    mode 0600). An offer that does not log in is ignored and the terminal
//!    keeps waiting with the same key and code.
//! 6. **Refusals.** A wrong, expired or used POS login ends pairing with
//!    [`PairError::Refused`]; "device known" starts over with a new device
//!    id; "limit reached" is shown and the terminal keeps waiting.
//!
//! Everything shown to the person at the terminal is written, one flushed
//! line at a time, to the writer the caller passes (stdout in the binary).
//! The line formats are part of the interface (tests read them):
//! - the QR code (Unicode half blocks, light modules drawn, for a dark
//!   terminal), then `QR: <payload>`, `Code: <ABCD-EFGH>` and
//!   `Scan the QR code or type the code on the branch page in the portal (valid <N> s)`;
//! - `Pairing with POS login <login>…` instead of the above for a POS login;
//! - `waiting for the hub at <HOST:PORT>…` (once, when it cannot be reached);
//! - `refused: <reason>`;
//! - `offer did not work; still waiting`;
//! - `ignored an answer from hub <XXXX-XXXX-XXXX-XXXX>, not the trusted one`
//!   (once per such hub);
//! - `paired: terminal <id>` or `paired: terminal <id> (saved credential)`.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use protocol::hub_id::{HubKey, HubTrust, SignedDown};
use protocol::pairing::{
    self, DEFAULT_CODE_TTL_S, DeviceKey, LoginProof, MAX_CODE_TTL_S, PAIR_USERNAME, PairDown, PairOffer, PairRefusal,
    PairRequest, PairUp, PairingCode, PairingError, QrPayload,
};
use protocol::{TerminalCredential, TerminalId, topic};
use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use rumqttc::{AsyncClient, ConnectReturnCode, Event, MqttOptions, Outgoing, Packet, QoS};
use tokio::sync::mpsc;
use tracing::debug;

use crate::terminal::AbortOnDrop;

/// The terminal's credential in its state directory: one `pos1.…` line.
pub const CREDENTIAL_FILE: &str = "credential.txt";

/// Where the terminals' broker is, next to the credential: `HOST:PORT`.
pub const HUB_FILE: &str = "hub.txt";

/// The terminals' broker port assumed for a credential saved without a
/// [`HUB_FILE`] (one put there by hand).
pub const DEFAULT_MQTT_PORT: u16 = 1883;

/// How many of a device's keys are kept: the current one and the ones whose
/// codes expired, so an offer for a code typed at the last moment works.
const KEPT_KEYS: usize = 3;

/// Pairing failed (other than by waiting: waiting never fails).
#[derive(Debug, thiserror::Error)]
pub enum PairError {
    /// A file in the state directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: io::Error,
    },
    /// A file in the state directory holds something else.
    #[error("{}: {problem}", path.display())]
    BadStateFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        problem: String,
    },
    /// Writing to the screen failed.
    #[error("cannot write the pairing screen: {0}")]
    Output(#[source] io::Error),
    /// The QR code could not be made.
    #[error("cannot make the QR code: {0}")]
    Qr(String),
    /// Key generation, the code or the login proof failed.
    #[error(transparent)]
    Pairing(#[from] PairingError),
    /// The hub refused for good (wrong, expired or used POS login).
    #[error("the hub refused to pair this terminal: {0}")]
    Refused(PairRefusal),
    /// Pairing needs the hub's identity and none was given.
    #[error("pairing needs the hub's identity: the fingerprint on the hub's page (ABCD-EFGH-JKMN-PQRS)")]
    NoHubIdentity,
    /// The MQTT client stopped (never while the caller waits).
    #[error("the MQTT client stopped")]
    Stopped,
}

fn io_error(path: &Path) -> impl FnOnce(io::Error) -> PairError + '_ {
    move |source| PairError::Io { path: path.to_owned(), source }
}

/// A POS login typed on the terminal.
#[derive(Clone)]
pub struct PosLogin {
    /// The login (6 digits).
    pub login: String,
    /// The password as typed.
    pub password: String,
}

impl std::fmt::Debug for PosLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PosLogin").field("login", &self.login).finish_non_exhaustive()
    }
}

/// How to pair.
#[derive(Debug, Clone)]
pub struct PairOptions {
    /// The hub's host: its pairing listener and, after pairing, the
    /// terminals' broker.
    pub host: String,
    /// The pairing listener's port.
    pub port: u16,
    /// The hub whose answers count (its fingerprint from the hub's page);
    /// needed to pair, not to use a saved pairing.
    pub hub: Option<HubTrust>,
    /// Where the credential, the hub file and the outbox live.
    pub state_dir: PathBuf,
    /// How long a code lives (capped at [`MAX_CODE_TTL_S`]).
    pub code_ttl_s: u32,
    /// Pair with a POS login instead of a QR code or short code.
    pub login: Option<PosLogin>,
    /// Repeat the request this often until answered.
    pub resend_every: Duration,
    /// Wait this long after a connection error before reconnecting.
    pub reconnect_after: Duration,
    /// An offer whose credential is not admitted within this did not work.
    pub probe_timeout: Duration,
    /// MQTT keep-alive on the pairing listener.
    pub keep_alive: Duration,
}

impl PairOptions {
    /// Defaults for pairing through `host:port` with the hub `hub` (see
    /// [`PairOptions::hub`]), keeping state in `state_dir`.
    #[must_use]
    pub fn new(host: impl Into<String>, port: u16, hub: Option<HubTrust>, state_dir: impl Into<PathBuf>) -> Self {
        Self {
            host: host.into(),
            port,
            hub,
            state_dir: state_dir.into(),
            code_ttl_s: DEFAULT_CODE_TTL_S,
            login: None,
            resend_every: Duration::from_secs(2),
            reconnect_after: Duration::from_secs(1),
            probe_timeout: Duration::from_secs(5),
            keep_alive: Duration::from_secs(10),
        }
    }

    fn ttl_s(&self) -> u32 {
        self.code_ttl_s.clamp(1, MAX_CODE_TTL_S)
    }
}

/// A paired terminal: its credential and where the terminals' broker is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPairing {
    /// Who the terminal is.
    pub credential: TerminalCredential,
    /// The terminals' broker host.
    pub host: String,
    /// The terminals' broker port.
    pub port: u16,
}

impl SavedPairing {
    /// Reads the pairing saved in `dir`, if there is one. A credential
    /// without a [`HUB_FILE`] is taken to be for `fallback_host` on
    /// [`DEFAULT_MQTT_PORT`].
    ///
    /// # Errors
    /// The files cannot be read or hold something else.
    pub fn load(dir: &Path, fallback_host: &str) -> Result<Option<Self>, PairError> {
        let path = dir.join(CREDENTIAL_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(&path)(e)),
        };
        let bad = |problem: String| PairError::BadStateFile { path: path.clone(), problem };
        let mut credentials = crate::parse_credentials(&text).map_err(bad)?;
        let credential = match (credentials.pop(), credentials.is_empty()) {
            (Some(c), true) => c,
            _ => return Err(bad("expected exactly one pos1.… credential".to_owned())),
        };
        let hub_path = dir.join(HUB_FILE);
        let (host, port) = match std::fs::read_to_string(&hub_path) {
            Ok(text) => parse_host_port(text.trim()).ok_or_else(|| PairError::BadStateFile {
                path: hub_path.clone(),
                problem: "expected HOST:PORT".to_owned(),
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => (fallback_host.to_owned(), DEFAULT_MQTT_PORT),
            Err(e) => return Err(io_error(&hub_path)(e)),
        };
        Ok(Some(Self { credential, host, port }))
    }

    /// Saves the pairing in `dir` (created if missing): the hub file first,
    /// then the credential, each written to a temporary file, made readable
    /// by the owner only, synced and renamed into place.
    ///
    /// # Errors
    /// A file cannot be written.
    pub fn save(&self, dir: &Path) -> Result<(), PairError> {
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        write_atomically(&dir.join(HUB_FILE), &format!("{}:{}\n", self.host, self.port))?;
        write_atomically(&dir.join(CREDENTIAL_FILE), &format!("{}\n", self.credential.to_text()))?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Forgets the pairing saved in `dir` (after a revocation), so the next
/// pairing starts over. The outbox is left alone.
///
/// # Errors
/// A file exists and cannot be removed.
pub fn forget(dir: &Path) -> Result<(), PairError> {
    for name in [CREDENTIAL_FILE, HUB_FILE] {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path)(e)),
        }
    }
    Ok(())
}

fn parse_host_port(text: &str) -> Option<(String, u16)> {
    let (host, port) = text.rsplit_once(':')?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return None;
    }
    Some((host.to_owned(), port.parse().ok()?))
}

fn write_atomically(path: &Path, text: &str) -> Result<(), PairError> {
    edge_hub::files::write_secret(path, text.as_bytes()).map_err(io_error(path))
}

/// Writes one line and flushes it (whoever reads the screen reads lines).
fn line(out: &mut impl Write, text: impl std::fmt::Display) -> Result<(), PairError> {
    writeln!(out, "{text}").and_then(|()| out.flush()).map_err(PairError::Output)
}

/// The QR code of `text` in Unicode half blocks (two modules per character
/// cell), with its quiet zone. Light modules are drawn and dark ones left
/// blank, so it scans on a terminal with a dark background.
///
/// # Errors
/// [`PairError::Qr`] when `text` does not fit in a QR code.
pub fn render_qr(text: &str) -> Result<String, PairError> {
    let code = QrCode::new(text.as_bytes()).map_err(|e| PairError::Qr(e.to_string()))?;
    Ok(code.render::<Dense1x2>().dark_color(Dense1x2::Light).light_color(Dense1x2::Dark).quiet_zone(true).build())
}

/// Shows the invitation to pair: the QR code, then `QR: <payload>`,
/// `Code: <ABCD-EFGH>` and a line saying how long the code lives.
///
/// # Errors
/// [`PairError::Qr`] or [`PairError::Output`].
pub fn write_invitation(out: &mut impl Write, qr: &QrPayload, ttl_s: u32) -> Result<(), PairError> {
    let payload = qr.to_text();
    for row in render_qr(&payload)?.lines() {
        line(out, row)?;
    }
    line(out, format_args!("QR: {payload}"))?;
    line(out, format_args!("Code: {}", qr.code))?;
    line(out, format_args!("Scan the QR code or type the code on the branch page in the portal (valid {ttl_s} s)"))
}

/// The saved pairing if there is one (announced as `paired: terminal <id>
/// (saved credential)`), else [`pair`].
///
/// # Errors
/// As [`pair`], or the saved files cannot be read.
pub async fn ensure_paired(options: &PairOptions, out: &mut impl Write) -> Result<SavedPairing, PairError> {
    if let Some(saved) = SavedPairing::load(&options.state_dir, &options.host)? {
        line(out, format_args!("paired: terminal {} (saved credential)", saved.credential.terminal))?;
        return Ok(saved);
    }
    pair(options, out).await
}

/// Pairs this terminal (see the module docs), saves the credential in the
/// state directory and announces `paired: terminal <id>`. Waits for as long
/// as it takes; drop the future to give up.
///
/// # Errors
/// [`PairError::Refused`] for a wrong, expired or used POS login; a failure
/// to write the screen or the state directory.
pub async fn pair(options: &PairOptions, out: &mut impl Write) -> Result<SavedPairing, PairError> {
    let Some(hub) = &options.hub else { return Err(PairError::NoHubIdentity) };
    let login = match &options.login {
        Some(l) => {
            let login = l.login.trim().to_owned();
            let verifier = pairing::login_verifier(&login, &l.password)?;
            Some((login, verifier))
        }
        None => None,
    };
    let mut said_waiting = false;
    loop {
        let mut attempt = Attempt::new(options, hub, login.as_ref(), TerminalId::new());
        if let Some(saved) = attempt.run(out, &mut said_waiting).await? {
            return Ok(saved);
        }
    }
}

/// One device id's try at pairing: ends paired, or when the hub already
/// knows the device id and a new one is needed (`Ok(None)`).
struct Attempt<'a> {
    options: &'a PairOptions,
    hub: &'a HubTrust,
    login: Option<&'a (String, [u8; 32])>,
    device: TerminalId,
    /// Newest last; the last is the one being requested.
    keys: Vec<DeviceKey>,
    /// The encoded request for the newest key.
    request: Vec<u8>,
}

impl<'a> Attempt<'a> {
    fn new(
        options: &'a PairOptions,
        hub: &'a HubTrust,
        login: Option<&'a (String, [u8; 32])>,
        device: TerminalId,
    ) -> Self {
        Self { options, hub, login, device, keys: Vec::new(), request: Vec::new() }
    }

    /// A new key for this device and its request; shows the invitation.
    fn new_key(&mut self, out: &mut impl Write) -> Result<(), PairError> {
        let key = DeviceKey::generate()?;
        let ttl_s = self.options.ttl_s();
        let login = match self.login {
            Some((login, verifier)) => {
                line(out, format_args!("Pairing with POS login {login}…"))?;
                Some(LoginProof {
                    login: login.clone(),
                    proof: pairing::login_proof(verifier, self.device, &key.public()),
                })
            }
            None => {
                let code = PairingCode::of(self.device, &key.public())?;
                write_invitation(out, &QrPayload { device: self.device, code, key: key.public() }, ttl_s)?;
                None
            }
        };
        self.request =
            pairing::encode(&PairUp::Request(PairRequest { device: self.device, key: key.public(), ttl_s, login }))?;
        self.keys.push(key);
        if self.keys.len() > KEPT_KEYS {
            self.keys.remove(0);
        }
        Ok(())
    }

    async fn run(&mut self, out: &mut impl Write, said_waiting: &mut bool) -> Result<Option<SavedPairing>, PairError> {
        self.new_key(out)?;
        let options = self.options;
        let mut mqtt = MqttOptions::new(self.device.to_string(), options.host.clone(), options.port);
        mqtt.set_credentials(PAIR_USERNAME, "");
        mqtt.set_clean_session(true);
        mqtt.set_keep_alive(options.keep_alive);
        let (client, eventloop) = AsyncClient::new(mqtt, 16);
        let (polled_tx, mut polled) = mpsc::channel(64);
        let _poller = AbortOnDrop(tokio::spawn(poll_forever(eventloop, polled_tx, options.reconnect_after)));
        let (up, down) = (topic::pair_up(self.device), topic::pair_down(self.device));
        let mut subscribed = false;
        let mut connected_once = false;
        let mut said_limit = false;
        let mut said_closed = false;
        let mut failed_offers = HashSet::new();
        let mut untrusted = HashSet::new();
        let mut resend = tokio::time::interval(options.resend_every);
        resend.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let ttl = Duration::from_secs(u64::from(options.ttl_s()));
        let mut expires = tokio::time::Instant::now() + ttl;
        loop {
            tokio::select! {
                event = polled.recv() => match event.ok_or(PairError::Stopped)? {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        connected_once = true;
                        subscribed = false;
                        debug!(device = %self.device, "connected to the pairing listener");
                        let _ = client.try_subscribe(down.clone(), QoS::AtMostOnce);
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        subscribed = true;
                        let _ = client.try_publish(up.clone(), QoS::AtMostOnce, false, self.request.clone());
                        resend.reset();
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) if p.topic == down => {
                        let Some(answer) = self.open(&p.payload, out, &mut untrusted)? else { continue };
                        match answer {
                            PairDown::Offer(offer) => {
                                if let Some(saved) = self.try_offer(&offer).await? {
                                    line(out, format_args!("paired: terminal {}", self.device))?;
                                    return Ok(Some(saved));
                                }
                                if failed_offers.insert(offer.hub_key) {
                                    line(out, "offer did not work; still waiting")?;
                                }
                            }
                            PairDown::Refused(refusal) => match refusal {
                                PairRefusal::BadLogin | PairRefusal::LoginExpired | PairRefusal::LoginUsed => {
                                    line(out, format_args!("refused: {refusal}"))?;
                                    return Err(PairError::Refused(refusal));
                                }
                                PairRefusal::DeviceKnown => {
                                    line(out, format_args!("refused: {refusal}"))?;
                                    return Ok(None);
                                }
                                PairRefusal::LimitReached { .. } | PairRefusal::SubscriptionInactive => {
                                    if !said_limit {
                                        line(out, format_args!("refused: {refusal}"))?;
                                        said_limit = true;
                                    }
                                }
                            },
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        subscribed = false;
                        debug!(device = %self.device, error = %e, "pairing listener unreachable");
                        if e == PAIRING_CLOSED && !said_closed {
                            line(out, "the hub's pairing is closed: open it on the hub's page (/pair) or in the portal; waiting")?;
                            said_closed = true;
                        } else if !connected_once && !*said_waiting {
                            line(out, format_args!("waiting for the hub at {}:{}…", options.host, options.port))?;
                            *said_waiting = true;
                        }
                    }
                },
                _ = resend.tick() => {
                    if subscribed {
                        let _ = client.try_publish(up.clone(), QoS::AtMostOnce, false, self.request.clone());
                    }
                }
                () = tokio::time::sleep_until(expires), if self.login.is_none() => {
                    self.new_key(out)?;
                    expires = tokio::time::Instant::now() + ttl;
                    if subscribed {
                        let _ = client.try_publish(up.clone(), QoS::AtMostOnce, false, self.request.clone());
                        resend.reset();
                    }
                }
            }
        }
    }

    /// The answer in `payload`, when the trusted hub signed it for one of
    /// this device's keys. An answer signed by another hub is ignored (and
    /// said once per hub: `ignored an answer from hub <fingerprint>, not the
    /// trusted one`); so is anything unreadable or made for another key.
    fn open(
        &self,
        payload: &[u8],
        out: &mut impl Write,
        untrusted: &mut HashSet<HubKey>,
    ) -> Result<Option<PairDown>, PairError> {
        let signed = match pairing::decode::<SignedDown>(payload) {
            Ok(signed) => signed,
            Err(e) => {
                debug!(device = %self.device, error = %e, "ignoring an unreadable pairing answer");
                return Ok(None);
            }
        };
        if !self.hub.trusts(&signed.hub) {
            if untrusted.insert(signed.hub) {
                line(
                    out,
                    format_args!("ignored an answer from hub {}, not the trusted one", signed.hub.fingerprint()),
                )?;
            }
            return Ok(None);
        }
        let opened = self.keys.iter().rev().map(|k| signed.open(self.device, &k.public(), self.hub));
        let mut error = None;
        for result in opened {
            match result {
                Ok((answer, _)) => return Ok(Some(answer)),
                Err(e) => error = Some(e),
            }
        }
        debug!(device = %self.device, error = ?error, "ignoring a pairing answer that does not open");
        Ok(None)
    }

    /// The pairing an offer gives, if it is for one of this device's keys
    /// and its credential logs in to the terminals' broker; saved.
    async fn try_offer(&self, offer: &PairOffer) -> Result<Option<SavedPairing>, PairError> {
        let Some(secret) = self.keys.iter().rev().find_map(|k| k.accept(self.device, offer).ok()) else {
            debug!(device = %self.device, "ignoring an offer made for another key");
            return Ok(None);
        };
        let credential = TerminalCredential { terminal: self.device, secret };
        let options = self.options;
        if !login_works(&options.host, offer.mqtt_port, &credential, options.probe_timeout).await {
            debug!(device = %self.device, port = offer.mqtt_port, "the offered credential was not admitted");
            return Ok(None);
        }
        let saved = SavedPairing { credential, host: options.host.clone(), port: offer.mqtt_port };
        saved.save(&options.state_dir)?;
        Ok(Some(saved))
    }
}

/// Whether the terminals' broker at `host:port` admits `credential` within
/// `timeout` (then disconnects). The hub's broker drops a refused login
/// without an answer, so a timeout or connection error means "no".
pub async fn login_works(host: &str, port: u16, credential: &TerminalCredential, timeout: Duration) -> bool {
    let id = credential.terminal.to_string();
    let mut options = MqttOptions::new(id.clone(), host, port);
    options.set_credentials(id, credential.secret.mqtt_password());
    options.set_clean_session(true);
    options.set_keep_alive(Duration::from_secs(10));
    let (client, mut eventloop) = AsyncClient::new(options, 4);
    let admitted = tokio::time::timeout(timeout, async {
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(ack))) => return ack.code == ConnectReturnCode::Success,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    })
    .await
    .unwrap_or(false);
    if admitted && client.try_disconnect().is_ok() {
        let _ = tokio::time::timeout(Duration::from_secs(1), async {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Outgoing(Outgoing::Disconnect)) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await;
    }
    admitted
}

/// Drives the pairing connection: after an error, waits `pause` and lets
/// the event loop reconnect, until the receiver goes away.
/// What the pairing listener's "not authorized" means: its window is closed.
const PAIRING_CLOSED: &str = "the hub's pairing is closed";

async fn poll_forever(mut eventloop: rumqttc::EventLoop, out: mpsc::Sender<Result<Event, String>>, pause: Duration) {
    loop {
        let polled = eventloop.poll().await;
        let failed = polled.is_err();
        let polled = polled.map_err(|e| match e {
            rumqttc::ConnectionError::ConnectionRefused(rumqttc::ConnectReturnCode::NotAuthorized) => {
                PAIRING_CLOSED.to_owned()
            }
            e => e.to_string(),
        });
        if out.send(polled).await.is_err() {
            return;
        }
        if failed {
            tokio::time::sleep(pause).await;
        }
    }
}

#[cfg(test)]
mod tests;
