//! Harness for end-to-end tests: real hub processes on free ports with their
//! own data directories, raw MQTT clients, metrics scraping.
//!
//! The hub binary is the one cargo built next to the test executable
//! (`target/<profile>/edge-hub`); build it first with
//! `cargo build --release --bin cloud --bin edge-hub --bin firmware-sim --bin demo`
//! (the README's test command does).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // test harness: a failure here is a failed test

pub mod billing;
pub mod browser;
pub mod cards;
pub mod cargo;
pub mod cargo_cabinet;
pub mod cargo_orders;
pub mod cargo_upload;
pub mod click;
pub mod cloud;
pub mod documents;
mod pairing_sim;
pub use pairing_sim::PairingSim;
pub mod multicard;
pub mod payme;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use firmware_sim::outbox::Outbox;
use firmware_sim::terminal::{Terminal, TerminalError, TerminalOptions, TerminalState};
use firmware_sim::{Branch, Business, Flow};
use protocol::{
    Ack, Direction, EmployeeId, Envelope, EventBody, HubMessage, MacKey, Money, Order, OrderId, OrderItem, OrderStatus,
    ProductId, Quantity, TerminalCredential, TerminalId, TerminalMessage, Timestamp, topic,
};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};

/// Where cargo put a workspace binary for this profile.
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: build the binaries first (cargo build --release --bin cloud --bin edge-hub --bin firmware-sim --bin demo)",
        path.display()
    );
    path
}

/// A port nobody listens on right now, for a process this test starts.
///
/// Handed out below Linux's ephemeral range (32768–60999): a port the
/// kernel picked for `127.0.0.1:0` is free only until some outgoing
/// connection (a database pool, an HTTP client, an MQTT client of a test
/// running in parallel) takes it as its local port, and then the child
/// process fails to bind it. Each port is handed out once per test
/// process; the start is spread by the process id so that two test
/// processes running at once rarely walk the same ports.
pub fn free_port() -> u16 {
    const LOW: u32 = 20_000;
    const SPAN: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let offset = (std::process::id() % 12) * 1_000;
    for _ in 0..SPAN {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let port = u16::try_from(LOW + (offset + n) % SPAN).unwrap();
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port between {LOW} and {}", LOW + SPAN)
}

/// The last 40 lines of a process's log and, when it printed a top-level
/// error (`Error: …`, what an `anyhow` main prints) earlier than that, the
/// lines that start it: a backtrace must not push out the reason.
pub fn log_excerpt(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = lines.len().saturating_sub(40);
    let error = lines.iter().rposition(|l| l.starts_with("Error:")).filter(|&i| i < from);
    let mut out = String::new();
    if let Some(i) = error {
        out.push_str(&lines[i..(i + 8).min(from)].join("\n"));
        out.push_str("\n…\n");
    }
    out.push_str(&lines[from..].join("\n"));
    out
}

/// A hub running as its own process.
pub struct HubProcess {
    child: Option<Child>,
    /// Its data directory.
    pub data_dir: PathBuf,
    /// MQTT port on 127.0.0.1.
    pub mqtt_port: u16,
    /// Status port on 127.0.0.1.
    pub status_port: u16,
    /// Pairing listener port on 127.0.0.1.
    pub pairing_port: u16,
    log: PathBuf,
    starts: u32,
    env: Vec<(String, String)>,
}

impl HubProcess {
    /// Prepares a hub in `data_dir` on fresh ports, without starting it.
    pub fn new(data_dir: &Path) -> Self {
        edge_hub::install_crypto_provider();
        Self {
            child: None,
            data_dir: data_dir.to_path_buf(),
            mqtt_port: free_port(),
            status_port: free_port(),
            pairing_port: free_port(),
            log: data_dir.join("hub.log"),
            starts: 0,
            env: Vec::new(),
        }
    }

    /// Runs `edge-hub` with this hub's settings and `args`.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(binary("edge-hub"));
        cmd.args(args)
            .env("EDGE_HUB__DATA_DIR", &self.data_dir)
            .env("EDGE_HUB__MQTT__LISTEN", format!("127.0.0.1:{}", self.mqtt_port))
            .env("EDGE_HUB__STATUS__LISTEN", format!("127.0.0.1:{}", self.status_port))
            .env("EDGE_HUB__MQTT__PAIRING_LISTEN", format!("127.0.0.1:{}", self.pairing_port))
            .env("RUST_LOG", "info,rumqttd=off")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        cmd
    }

    /// Sets an extra environment variable (an `EDGE_HUB__…` setting) for
    /// every later start and command.
    pub fn set_env(&mut self, key: &str, value: impl Into<String>) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.into()));
    }

    /// Provisions `count` terminals with the CLI (direct when the hub is
    /// stopped, through its admin API when it runs), one `terminal add` per
    /// terminal: `--count N` reopens the store N times in one process and
    /// sporadically finds it still locked by its own previous opening.
    ///
    /// The first ("Kassa 1") is a manager's terminal, as a branch's first
    /// till usually is: it seeds the catalog; the rest are cashiers'.
    pub fn provision(&self, count: usize) -> Vec<TerminalCredential> {
        let file = self.data_dir.join(format!("creds-{}.txt", protocol::TerminalId::new()));
        for i in 1..=count {
            let name = format!("Kassa {i}");
            let mut args = vec!["terminal", "add", "--name", &name];
            if i == 1 {
                args.push("--manager");
            }
            args.push("--out");
            let out = self.command(&args).arg(&file).output().unwrap();
            assert!(out.status.success(), "terminal add failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        firmware_sim::parse_credentials(&std::fs::read_to_string(&file).unwrap()).unwrap()
    }

    /// Starts the process and waits until `/healthz` answers.
    pub async fn start(&mut self) {
        assert!(self.child.is_none(), "already running");
        std::fs::create_dir_all(&self.data_dir).unwrap();
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        let child = self.command(&["run"]).stdout(Stdio::null()).stderr(log).spawn().unwrap();
        self.child = Some(child);
        self.starts += 1;
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = reqwest::get(self.url("/healthz")).await
                && r.status().is_success()
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("hub exited with {status} at start; log:\n{}", self.log_tail());
            }
            assert!(Instant::now() < deadline, "hub did not come up; log:\n{}", self.log_tail());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL: no flush, no goodbye.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM and wait for a clean exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = i32::try_from(child.id()).unwrap();
            send_signal(pid, "TERM");
            let deadline = Instant::now() + Duration::from_secs(20);
            while child.try_wait().unwrap().is_none() {
                assert!(Instant::now() < deadline, "hub did not stop on SIGTERM");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// How many times it was started.
    pub fn starts(&self) -> u32 {
        self.starts
    }

    /// `http://127.0.0.1:<status>/<path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.status_port)
    }

    /// The value of one metric line (exact name and labels), 0 when absent.
    pub async fn metric(&self, series: &str) -> f64 {
        let text = reqwest::get(self.url("/metrics")).await.unwrap().text().await.unwrap();
        parse_metric(&text, series)
    }

    /// Every refusal counter and the accepted / superseded counters, from one scrape.
    pub async fn counters(&self) -> Counters {
        let text = reqwest::get(self.url("/metrics")).await.unwrap().text().await.unwrap();
        let mut values = BTreeMap::new();
        for reason in REASONS {
            values.insert(reason.to_owned(), parse_metric(&text, &rejected(reason)));
        }
        values.insert(ACCEPTED.to_owned(), parse_metric(&text, ACCEPTED));
        values.insert(SUPERSEDED.to_owned(), parse_metric(&text, SUPERSEDED));
        Counters(values)
    }

    /// The identity fingerprint `/healthz` shows (`XXXX-XXXX-XXXX-XXXX`).
    pub async fn fingerprint(&self) -> String {
        let body: serde_json::Value = reqwest::get(self.url("/healthz")).await.unwrap().json().await.unwrap();
        body["hub_fingerprint"].as_str().unwrap().to_owned()
    }

    /// Opens the running hub's pairing window for ten minutes with the CLI
    /// (`edge-hub pairing open`), as a technician does before pairing.
    pub fn open_pairing(&self) {
        let out = self.command(&["pairing", "open", "--minutes", "10"]).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && said.starts_with("pairing open until "),
            "edge-hub pairing open: {said} {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `/healthz` answers 200 with `"status": "ok"`.
    pub async fn healthy(&self) -> bool {
        let Ok(response) = reqwest::get(self.url("/healthz")).await else { return false };
        if !response.status().is_success() {
            return false;
        }
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        body["status"] == "ok"
    }

    /// Runs `edge-hub args…` to completion without blocking the runtime;
    /// panics unless it succeeds. Returns its stdout.
    pub async fn run_command(&self, args: &[&str]) -> String {
        let out = tokio::process::Command::from(self.command(args)).output().await.unwrap();
        assert!(
            out.status.success(),
            "edge-hub {args:?} failed: {}\nhub log:\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log_tail()
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The last lines of the hub's log.
    pub fn log_tail(&self) -> String {
        log_excerpt(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Sends a signal with kill(1), which keeps the workspace free of `unsafe`.
fn send_signal(pid: i32, signal: &str) {
    let _ = Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).status();
}

/// The value of `series` in a Prometheus text exposition, 0 when absent.
pub fn parse_metric(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .map_or(0.0, |v| v.trim().parse().unwrap())
}

/// `hub_messages_rejected_total{reason="…"}`.
pub fn rejected(reason: &str) -> String {
    format!("hub_messages_rejected_total{{reason=\"{reason}\"}}")
}

/// Tries to log in; true if the broker answered with CONNACK.
pub async fn can_connect(port: u16, client_id: &str, username: &str, password: &str) -> bool {
    let mut options = MqttOptions::new(client_id, "127.0.0.1", port);
    options.set_credentials(username, password);
    let (_client, mut eventloop) = AsyncClient::new(options, 4);
    matches!(
        tokio::time::timeout(Duration::from_secs(3), eventloop.poll()).await,
        Ok(Ok(Event::Incoming(Packet::ConnAck(_))))
    )
}

/// Waits until `check` holds, polling every 50 ms, or panics after `within`.
pub async fn eventually<F: FnMut() -> Fut, Fut: std::future::Future<Output = bool>>(
    within: Duration,
    what: &str,
    mut check: F,
) {
    let deadline = Instant::now() + within;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens a stopped hub's store for inspection.
pub fn open_store(data_dir: &Path) -> edge_hub::store::Store {
    edge_hub::store::Store::open(&data_dir.join("db"), 8 << 20).unwrap()
}

/// `hub_events_accepted_total`: events stored and queued for the cloud.
pub const ACCEPTED: &str = "hub_events_accepted_total";

/// `hub_events_superseded_total`.
pub const SUPERSEDED: &str = "hub_events_superseded_total";

/// Every `reason` label of `hub_messages_rejected_total` (see `edge-hub/src/ingest.rs`).
pub const REASONS: [&str; 14] = [
    "bad_topic",
    "oversized",
    "unknown_version",
    "outdated_version",
    "malformed",
    "topic_mismatch",
    "unknown_terminal",
    "revoked",
    "bad_mac",
    "wrong_direction",
    "malformed_message",
    "invalid_event",
    "replay",
    "seq_conflict",
];

/// `hub_logins_refused_total{reason="…"}`; reasons are `identity_mismatch`,
/// `unknown_terminal`, `revoked`, `bad_password`, `pairing_closed`.
pub fn logins_refused(reason: &str) -> String {
    format!("hub_logins_refused_total{{reason=\"{reason}\"}}")
}

/// A snapshot of the hub's counters: refusal reasons by label, plus
/// [`ACCEPTED`] and [`SUPERSEDED`].
#[derive(Debug, Clone, PartialEq)]
pub struct Counters(pub BTreeMap<String, f64>);

impl Counters {
    /// The refusal counters that changed since `earlier`, by reason (accepted
    /// and superseded left out).
    pub fn rejected_since(&self, earlier: &Counters) -> BTreeMap<String, f64> {
        self.0
            .iter()
            .filter(|(k, _)| REASONS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v - earlier.0.get(k).copied().unwrap_or(0.0)))
            .filter(|(_, d)| *d != 0.0)
            .collect()
    }

    /// How much a counter (a reason label, [`ACCEPTED`] or [`SUPERSEDED`]) rose since `earlier`.
    pub fn rose(&self, earlier: &Counters, key: &str) -> f64 {
        self.0.get(key).copied().unwrap_or(0.0) - earlier.0.get(key).copied().unwrap_or(0.0)
    }
}

/// `[(reason, n)]` as the map [`Counters::rejected_since`] returns.
pub fn deltas(expected: &[(&str, f64)]) -> BTreeMap<String, f64> {
    expected.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

/// A fresh, valid open order with one line of `qty_milli` thousandths (a
/// non-positive quantity makes it invalid).
pub fn order(qty_milli: i64) -> EventBody {
    let now = Timestamp::now();
    EventBody::Order(Order {
        id: OrderId::new(),
        revision: 1,
        number: 1,
        place: None,
        employee: EmployeeId::new(),
        items: vec![OrderItem {
            product: ProductId::new(),
            name: "Osh".to_owned(),
            qty: Quantity::from_milli(qty_milli),
            unit_price: Money::from_tiyin(3_500_000),
            cost_price: Money::from_tiyin(1_200_000),
        }],
        service_charge: Money::ZERO,
        status: OrderStatus::Open,
        created_at: now,
        closed_at: None,
        updated_at: now,
    })
}

/// An event sealed upward for `terminal` with `key` (which may be the wrong one).
pub fn seal_event(key: &MacKey, terminal: TerminalId, seq: u64, event: &EventBody) -> Vec<u8> {
    Envelope::seal(key, Direction::Up, terminal, seq, &TerminalMessage::Event(event.clone())).unwrap()
}

/// What a [`RawTerminal`]'s connection produced.
#[derive(Debug, Clone)]
pub enum Down {
    /// A hub message whose MAC checked out with the terminal's key.
    Hub(HubMessage),
    /// Something on the down topic that did not verify.
    Unverified,
    /// The connection ended (it is not re-established).
    Closed(String),
}

/// A terminal speaking raw MQTT, for crafting exactly the bytes a test
/// needs. Its connection is driven by a task of its own (so keep-alives flow
/// whatever the test does) and is never re-established once lost.
pub struct RawTerminal {
    /// Who it logged in as.
    pub credential: TerminalCredential,
    /// For publishing anything anywhere.
    pub client: AsyncClient,
    rx: tokio::sync::mpsc::UnboundedReceiver<(Instant, Down)>,
    task: tokio::task::JoinHandle<()>,
    next_seq: u64,
}

impl RawTerminal {
    /// Logs in as `credential`'s terminal and subscribes to its down topic;
    /// returns once both are acknowledged.
    pub async fn connect(port: u16, credential: &TerminalCredential) -> Self {
        let id = credential.terminal.to_string();
        let mut options = MqttOptions::new(id.clone(), "127.0.0.1", port);
        options.set_credentials(id, credential.secret.mqtt_password());
        options.set_max_packet_size(512 * 1024, 512 * 1024);
        options.set_keep_alive(Duration::from_secs(5));
        let (client, mut eventloop) = AsyncClient::new(options, 64);
        client.subscribe(topic::down(credential.terminal), QoS::AtMostOnce).await.unwrap();
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::SubAck(_))) => return,
                    Ok(_) => {}
                    Err(e) => panic!("raw terminal {} cannot connect: {e}", credential.terminal),
                }
            }
        })
        .await
        .expect("connect and subscribe");
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let key = credential.secret.mac_key();
        let task = tokio::spawn(async move {
            loop {
                let down = match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        match Envelope::parse(&p.payload)
                            .and_then(|u| u.verify(&key, Direction::Down))
                            .and_then(|o| o.message::<HubMessage>())
                        {
                            Ok(m) => Down::Hub(m),
                            Err(_) => Down::Unverified,
                        }
                    }
                    Ok(_) => continue,
                    Err(e) => {
                        let _ = tx.send((Instant::now(), Down::Closed(e.to_string())));
                        return;
                    }
                };
                if tx.send((Instant::now(), down)).is_err() {
                    return;
                }
            }
        });
        Self { credential: credential.clone(), client, rx, task, next_seq: 1 }
    }

    /// The terminal it speaks as.
    pub fn id(&self) -> TerminalId {
        self.credential.terminal
    }

    /// A sequence number this terminal has not used yet.
    pub fn take_seq(&mut self) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// Seals `event` honestly under `seq`.
    pub fn seal(&self, seq: u64, event: &EventBody) -> Vec<u8> {
        seal_event(&self.credential.secret.mac_key(), self.id(), seq, event)
    }

    /// Publishes raw bytes on any topic (QoS 1).
    pub async fn publish_on(&self, topic: &str, payload: Vec<u8>) {
        self.client.publish(topic, QoS::AtLeastOnce, false, payload).await.unwrap();
    }

    /// Publishes raw bytes on its own up topic.
    pub async fn publish(&self, payload: Vec<u8>) {
        self.publish_on(&topic::up(self.id()), payload).await;
    }

    /// Seals and sends `event` under a fresh seq; returns the seq.
    pub async fn send(&mut self, event: &EventBody) -> u64 {
        let seq = self.take_seq();
        self.publish(self.seal(seq, event)).await;
        seq
    }

    /// The next thing the connection produced, if any within `within`.
    pub async fn recv(&mut self, within: Duration) -> Option<(Instant, Down)> {
        tokio::time::timeout(within, self.rx.recv()).await.ok().flatten()
    }

    /// Collects the hub's acks until one mentions `seq` (accepted or
    /// rejected) and returns them all, that one last. Panics on anything
    /// else arriving, on the connection closing, or after 10 s.
    ///
    /// Since the hub checks messages in arrival order and acks a group only
    /// after everything before it was checked, the acks returned are every
    /// answer to anything this terminal sent before `seq`.
    pub async fn acks_until(&mut self, seq: u64) -> Vec<Ack> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut acks = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.recv(left).await {
                Some((_, Down::Hub(HubMessage::Ack(ack)))) => {
                    let done = mentions(&ack, seq);
                    acks.push(ack);
                    if done {
                        return acks;
                    }
                }
                Some((_, other)) => panic!("expected acks for {}, got {other:?}", self.id()),
                None => panic!("no ack for seq {seq} of {} within 10 s; got {acks:?}", self.id()),
            }
        }
    }

    /// Sends a valid event and waits for its ack; asserts it was accepted and
    /// that no ack before it said anything else. Returns its seq.
    pub async fn sell(&mut self, event: &EventBody) -> u64 {
        let seq = self.send(event).await;
        let acks = self.acks_until(seq).await;
        assert_eq!(acks, vec![Ack { accepted: vec![seq], rejected: vec![] }], "unexpected answers to {}", self.id());
        seq
    }

    /// Waits for the connection to end; returns when it ended and every
    /// hub message received before that.
    pub async fn closed(&mut self, within: Duration) -> (Option<Instant>, Vec<(Instant, Down)>) {
        let deadline = Instant::now() + within;
        let mut before = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.recv(left).await {
                Some((at, Down::Closed(_))) => return (Some(at), before),
                Some(other) => before.push(other),
                None => return (None, before),
            }
        }
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Does `ack` answer `seq`, either way?
pub fn mentions(ack: &Ack, seq: u64) -> bool {
    ack.accepted.contains(&seq) || ack.rejected.iter().any(|r| r.seq == seq)
}

/// A firmware-sim terminal selling a restaurant flow, one event every
/// `every`, until [`Seller::finish`].
pub struct Seller {
    /// Which terminal.
    pub terminal: TerminalId,
    /// Its live counters.
    pub state: Arc<TerminalState>,
    /// Every event it recorded, in order (for independent sums).
    pub events: Arc<parking_lot::Mutex<Vec<EventBody>>>,
    stop: tokio::sync::watch::Sender<bool>,
    deadline: tokio::sync::watch::Sender<Duration>,
    task: tokio::task::JoinHandle<Result<Outbox, TerminalError>>,
}

/// How a [`Seller`] ended.
#[derive(Debug)]
pub struct SellerReport {
    /// Events recorded.
    pub recorded: u64,
    /// Events the hub acked.
    pub acked: u64,
    /// Events the hub refused for good.
    pub rejected: u64,
    /// Still unacked.
    pub pending: u64,
    /// Every seq acked.
    pub acked_seqs: Vec<u64>,
    /// How the engine ended.
    pub result: Result<(), String>,
    /// Every event recorded, in order.
    pub events: Vec<EventBody>,
}

impl Seller {
    /// Starts selling against `127.0.0.1:port` (or `tls` on `host:port`).
    pub fn start(
        host: &str,
        port: u16,
        credential: &TerminalCredential,
        tls: Option<Arc<firmware_sim::terminal::rustls_config::ClientConfig>>,
        every: Duration,
    ) -> Self {
        Self::start_limited(host, port, credential, tls, every, u64::MAX, None)
    }

    /// Like [`Seller::start`], recording at most `limit` events, and
    /// resending unacked ones after `resend_after` (default: practically never).
    pub fn start_limited(
        host: &str,
        port: u16,
        credential: &TerminalCredential,
        tls: Option<Arc<firmware_sim::terminal::rustls_config::ClientConfig>>,
        every: Duration,
        limit: u64,
        resend_after: Option<Duration>,
    ) -> Self {
        let events = Arc::new(parking_lot::Mutex::new(Vec::new()));
        let log = Arc::clone(&events);
        let mut options = TerminalOptions::new(host, port, credential.clone());
        options.record_acks = true;
        options.tls = tls;
        // A resend would count as a `replay`; tests compare those counters exactly.
        options.resend_after = resend_after.unwrap_or(Duration::from_secs(600));
        let terminal = Terminal::spawn(options, Outbox::in_memory());
        let state = Arc::clone(&terminal.state);
        let (stop, mut stopped) = tokio::sync::watch::channel(false);
        let (deadline, deadline_rx) = tokio::sync::watch::channel(Duration::from_secs(15));
        let branch = Arc::new(Branch::standard(Business::Restaurant, "tests"));
        let mut flow =
            Flow::new(branch, u64::from_le_bytes(credential.terminal.as_bytes()[8..].try_into().unwrap()), false);
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            let mut recorded = 0u64;
            while recorded < limit {
                tokio::select! {
                    _ = stopped.changed() => break,
                    _ = tick.tick() => {
                        let event = flow.next_event(Timestamp::now());
                        if terminal.record(event.clone()).await.is_err() {
                            break;
                        }
                        log.lock().push(event);
                        recorded += 1;
                    }
                }
            }
            if recorded >= limit {
                let _ = stopped.changed().await;
            }
            let deadline = *deadline_rx.borrow();
            terminal.finish(deadline).await
        });
        Self { terminal: credential.terminal, state, events, stop, deadline, task }
    }

    /// Events recorded so far.
    pub fn recorded(&self) -> u64 {
        self.state.recorded.load(Ordering::Relaxed)
    }

    /// Events acked so far.
    pub fn acked(&self) -> u64 {
        self.state.acked.load(Ordering::Relaxed)
    }

    /// Waits until more than `n` events were acked (panics after `within`).
    pub async fn acked_beyond(&self, n: u64, within: Duration) {
        eventually(within, &format!("{} to get more than {n} acks", self.terminal), || async { self.acked() > n })
            .await;
    }

    /// Stops recording, waits (up to 15 s) for the last acks.
    pub async fn finish(self) -> SellerReport {
        self.finish_within(Duration::from_secs(15)).await
    }

    /// Stops recording, waits up to `deadline` for the last acks, then stops the engine.
    pub async fn finish_within(self, deadline: Duration) -> SellerReport {
        let _ = self.deadline.send(deadline);
        let _ = self.stop.send(true);
        let result = match self.task.await {
            Ok(r) => r.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let s = &self.state;
        SellerReport {
            recorded: s.recorded.load(Ordering::Relaxed),
            acked: s.acked.load(Ordering::Relaxed),
            rejected: s.rejected.load(Ordering::Relaxed),
            pending: s.pending.load(Ordering::Relaxed),
            acked_seqs: s.acked_seqs.lock().clone(),
            result,
            events: self.events.lock().clone(),
        }
    }
}

impl SellerReport {
    /// Everything recorded was acked, nothing refused, no failure.
    pub fn assert_all_acked(&self, who: TerminalId) {
        assert_eq!(self.result, Ok(()), "seller {who} failed");
        assert_eq!(self.pending, 0, "seller {who} has unacked events");
        assert_eq!(self.rejected, 0, "seller {who} had events refused");
        assert_eq!(self.acked, self.recorded, "seller {who}");
        assert!(self.recorded > 0, "seller {who} sold nothing");
    }
}

/// Every (topic, payload) a [`Snooper`] saw.
pub type Captured = Arc<std::sync::Mutex<Vec<(String, Vec<u8>)>>>;

/// An MQTT client on the hub's pairing listener that tries to subscribe to
/// `#`, as anyone on the branch's LAN could: it keeps every publish it sees,
/// and notes whether the hub cut it off instead.
pub struct Snooper {
    /// Every (topic, payload) seen.
    pub seen: Captured,
    /// The hub closed its connection after the subscription.
    pub cut_off: Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
    /// Its client, to publish with.
    pub client: AsyncClient,
}

impl Snooper {
    /// Connects as a device asking to be paired and subscribes to `#`;
    /// returns once the subscription is granted or the connection closed.
    pub async fn start(port: u16) -> Snooper {
        let me = TerminalId::new().to_string();
        let mut options = MqttOptions::new(me, "127.0.0.1", port);
        options.set_credentials(protocol::pairing::PAIR_USERNAME, "");
        let (client, mut eventloop) = AsyncClient::new(options, 64);
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let cut_off = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let sink = Arc::clone(&seen);
        let cut = Arc::clone(&cut_off);
        let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
        let mut ready_tx = Some(ready_tx);
        let sub = client.clone();
        let task = tokio::spawn(async move {
            let mut subscribed = false;
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::ConnAck(_))) => {
                        sub.subscribe("#", QoS::AtMostOnce).await.unwrap();
                        subscribed = true;
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        if let Some(tx) = ready_tx.take() {
                            let _ = tx.send(());
                        }
                    }
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        sink.lock().unwrap().push((p.topic.clone(), p.payload.to_vec()));
                    }
                    Ok(_) => {}
                    Err(_) if subscribed => {
                        cut.store(true, std::sync::atomic::Ordering::SeqCst);
                        if let Some(tx) = ready_tx.take() {
                            let _ = tx.send(());
                        }
                        return;
                    }
                    Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
                }
            }
        });
        tokio::time::timeout(Duration::from_secs(10), ready_rx).await.unwrap().unwrap();
        Snooper { seen, cut_off, task, client }
    }
}

impl Drop for Snooper {
    fn drop(&mut self) {
        self.task.abort();
    }
}
