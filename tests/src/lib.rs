//! Harness for end-to-end tests: real hub processes on free ports with their
//! own data directories, raw MQTT clients, metrics scraping.
//!
//! The hub binary is the one cargo built next to the test executable
//! (`target/<profile>/edge-hub`); build it first with
//! `cargo build --release --workspace --bins` (the README's test command does).
#![allow(clippy::unwrap_used, clippy::expect_used)] // test harness: a failure here is a failed test

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use protocol::{Direction, Envelope, HubMessage, TerminalCredential, TerminalId, topic};
use rumqttc::{AsyncClient, Event, EventLoop, MqttOptions, Packet, QoS};

/// Where cargo put a workspace binary for this profile.
pub fn binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let path = dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: build the binaries first (cargo build --release --workspace --bins)",
        path.display()
    );
    path
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
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
    log: PathBuf,
    starts: u32,
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
            log: data_dir.join("hub.log"),
            starts: 0,
        }
    }

    /// Runs `edge-hub` with this hub's settings and `args`.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(binary("edge-hub"));
        cmd.args(args)
            .env("EDGE_HUB__DATA_DIR", &self.data_dir)
            .env("EDGE_HUB__MQTT__LISTEN", format!("127.0.0.1:{}", self.mqtt_port))
            .env("EDGE_HUB__STATUS__LISTEN", format!("127.0.0.1:{}", self.status_port))
            .env("RUST_LOG", "info,rumqttd=off");
        cmd
    }

    /// Provisions `count` terminals with the CLI (direct when the hub is
    /// stopped, through its admin API when it runs).
    pub fn provision(&self, count: usize) -> Vec<TerminalCredential> {
        let file = self.data_dir.join(format!("creds-{}.txt", protocol::TerminalId::new()));
        let out = self
            .command(&["terminal", "add", "--name", "Kassa", "--count", &count.to_string(), "--out"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "terminal add failed: {}", String::from_utf8_lossy(&out.stderr));
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

    /// The last lines of the hub's log.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
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

/// A raw MQTT client logged in as `credential`'s terminal, subscribed to its
/// down topic. Returns once connected.
pub async fn raw_client(port: u16, credential: &TerminalCredential) -> (AsyncClient, EventLoop) {
    let id = credential.terminal.to_string();
    let mut options = MqttOptions::new(id.clone(), "127.0.0.1", port);
    options.set_credentials(id, credential.secret.mqtt_password());
    options.set_max_packet_size(512 * 1024, 512 * 1024);
    options.set_keep_alive(Duration::from_secs(5));
    let (client, mut eventloop) = AsyncClient::new(options, 64);
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let Event::Incoming(Packet::ConnAck(_)) = eventloop.poll().await.unwrap() {
                return;
            }
        }
    })
    .await
    .expect("connect");
    client.subscribe(topic::down(credential.terminal), QoS::AtMostOnce).await.unwrap();
    (client, eventloop)
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

/// Polls `eventloop` until a hub message for `credential` arrives (MAC
/// checked) or `within` passes.
pub async fn next_hub_message(
    eventloop: &mut EventLoop,
    credential: &TerminalCredential,
    within: Duration,
) -> Option<HubMessage> {
    let key = credential.secret.mac_key();
    tokio::time::timeout(within, async {
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    let opened = Envelope::parse(&p.payload).and_then(|u| u.verify(&key, Direction::Down));
                    if let Ok(m) = opened.and_then(|o| o.message::<HubMessage>()) {
                        return Some(m);
                    }
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    })
    .await
    .ok()
    .flatten()
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

/// A terminal id's up topic.
pub fn up(terminal: TerminalId) -> String {
    topic::up(terminal)
}
