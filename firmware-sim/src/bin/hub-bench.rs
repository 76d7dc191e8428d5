//! `hub-bench`: how fast the edge hub turns terminal events into durable,
//! acknowledged records, next to the bare embedded broker.
//!
//! One run, side by side on the same machine:
//! 1. the real `edge-hub` binary (a child process, fresh data dir) with N
//!    simulated terminals (in this process) selling flat out for a fixed time:
//!    durable-acked events/s and publish → app-ack latency;
//! 2. the same hub at half that rate: latency when not saturated;
//! 3. the bare broker (a child process of this binary: the same rumqttd
//!    configuration, the same bridge threads, no ingest) with an echo loop
//!    that acks every message at once with no checks and no storage, at full
//!    rate and at the hub's half rate.
//!
//! Each child's peak RSS comes from `/proc/<pid>/status` (`VmHWM`). The last
//! line is `ratio_vs_bare_broker=<hub events/s ÷ bare events/s>`.
//!
//! It lives with the simulated terminals (the hub does not depend on them)
//! and starts the `edge-hub` binary built next to it:
//!
//! ```text
//! cargo build --release -p edge-hub
//! cargo run --release -p firmware-sim --bin hub-bench            # 20 s per phase
//! cargo run --release -p firmware-sim --bin hub-bench -- --quick # 5 s per phase
//! cargo run --release -p firmware-sim --bin hub-bench -- --soak  # 10 000 000 events
//! ```
//!
//! `--soak` is about years of uptime instead: the hub, enrolled with a real
//! cloud (in this process, SQLite) that takes its sync batches, stores
//! `--soak-events` events at `--soak-rate` events/s, and prints its resident
//! memory and the size of its data directory after 1 000 000 events and at
//! the end, and their ratios (`soak_rss_ratio=`, `soak_disk_ratio=`). Time
//! is compressed: orders and payments leave the hub after
//! `--soak-retention-s` (60 s) instead of 35 days, so the run reaches the
//! steady state a hub reaches after its first month.
#![allow(clippy::print_stdout)] // a benchmark prints its figures

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use edge_hub::bridge::{self, Inbound, Outbound};
use edge_hub::metrics::Metrics;
use edge_hub::settings::MqttSettings;
use edge_hub::store::Store;
use edge_hub::terminals::Terminals;
use firmware_sim::load::{LoadConfig, LoadReport};
use protocol::{Ack, Direction, Envelope, HubMessage, TerminalCredential, TerminalId};

#[derive(Parser)]
#[command(about = "Edge hub throughput and latency next to the bare embedded broker")]
struct Cli {
    /// 5 s per phase instead of 20 (the whole run stays under 30 s).
    #[arg(long)]
    quick: bool,
    /// Simulated terminals.
    #[arg(long, default_value_t = 200)]
    terminals: usize,
    /// Seconds per phase (overrides --quick).
    #[arg(long)]
    duration: Option<u64>,
    /// Unacked events per terminal.
    #[arg(long, default_value_t = 64)]
    window: usize,
    /// Soak instead: store many events and watch memory and disk.
    #[arg(long)]
    soak: bool,
    /// Events the soak stores.
    #[arg(long, default_value_t = 10_000_000)]
    soak_events: u64,
    /// Events per second the soak's terminals send (in all).
    #[arg(long, default_value_t = 15_000.0)]
    soak_rate: f64,
    /// The hub's retention during the soak (`store.retention_s`).
    #[arg(long, default_value_t = 60)]
    soak_retention_s: u64,
    #[command(subcommand)]
    role: Option<Role>,
}

#[derive(Subcommand)]
enum Role {
    /// (internal) Run the bare broker with an echo acker.
    #[command(hide = true)]
    BareBroker {
        #[arg(long)]
        listen: SocketAddr,
        #[arg(long)]
        credentials: PathBuf,
        #[arg(long)]
        dir: PathBuf,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    edge_hub::install_crypto_provider();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,rumqttd=off")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.role {
        Some(Role::BareBroker { listen, credentials, dir }) => bare_broker(listen, &credentials, &dir),
        None if cli.soak => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let work = std::env::temp_dir().join(format!("hub-soak-{}", std::process::id()));
            std::fs::create_dir_all(&work)?;
            let soak = Soak {
                terminals: cli.terminals,
                events: cli.soak_events,
                rate: cli.soak_rate,
                retention_s: cli.soak_retention_s,
                window: cli.window,
            };
            let result = runtime.block_on(soak.run(&work));
            let _ = std::fs::remove_dir_all(&work);
            result
        }
        None => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            let phase = Duration::from_secs(cli.duration.unwrap_or(if cli.quick { 5 } else { 20 }));
            runtime.block_on(bench(cli.terminals, phase, cli.window))
        }
    }
}

struct Phase {
    name: &'static str,
    report: LoadReport,
}

impl Phase {
    fn line(&self) -> String {
        let r = &self.report;
        format!(
            "{:<22} acked={:>8} acked_per_s={:>8.0} p50_ms={:>7.2} p99_ms={:>7.2} pending={} rejected={} resent={}",
            self.name,
            r.acked(),
            r.acked_per_s(),
            r.latency_ms(50.0),
            r.latency_ms(99.0),
            r.pending(),
            r.rejected(),
            r.resent
        )
    }
}

async fn bench(terminals: usize, phase: Duration, window: usize) -> Result<()> {
    let work = std::env::temp_dir().join(format!("hub-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let result = bench_in(&work, terminals, phase, window).await;
    let _ = std::fs::remove_dir_all(&work);
    result
}

async fn bench_in(work: &Path, terminals: usize, phase: Duration, window: usize) -> Result<()> {
    let hub_bin = sibling("edge-hub")?;
    let hub_dir = work.join("hub");
    let creds_path = work.join("credentials.txt");
    let credentials = provision(&hub_bin, &hub_dir, &creds_path, terminals)?;

    println!(
        "hub-bench: {terminals} terminals, {} s per phase, window {window}, {} CPU(s)",
        phase.as_secs(),
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );

    // The hub.
    let (mut hub, mqtt, status) = start_hub(&hub_bin, &hub_dir, work, &[])?;
    let hub_full = Phase { name: "hub full rate", report: load(mqtt, &credentials, 0.0, phase, window).await? };
    println!("{}", hub_full.line());
    let half_rate = (hub_full.report.acked_per_s() / 2.0).max(1.0);
    let hub_half = Phase { name: "hub half rate", report: load(mqtt, &credentials, half_rate, phase, window).await? };
    println!("{}", hub_half.line());
    let hub_rss = peak_rss_mb(hub.id());
    let hub_metrics = reqwest::get(format!("http://{status}/metrics")).await?.text().await?;
    stop(&mut hub);

    // The bare broker.
    let bare_addr = free_addr()?;
    let mut bare = Command::new(std::env::current_exe()?)
        .arg("bare-broker")
        .arg("--listen")
        .arg(bare_addr.to_string())
        .arg("--credentials")
        .arg(&creds_path)
        .arg("--dir")
        .arg(work.join("bare"))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(work.join("bare.log"))?)
        .spawn()
        .context("starting the bare broker")?;
    wait_listening(&mut bare, bare_addr)?;
    let bare_full = Phase { name: "bare full rate", report: load(bare_addr, &credentials, 0.0, phase, window).await? };
    println!("{}", bare_full.line());
    let bare_half =
        Phase { name: "bare at hub half rate", report: load(bare_addr, &credentials, half_rate, phase, window).await? };
    println!("{}", bare_half.line());
    let bare_rss = peak_rss_mb(bare.id());
    stop(&mut bare);

    let group = |name: &str| metric_value(&hub_metrics, name);
    let commits = group("hub_group_commit_acks_count");
    let grouped = group("hub_group_commit_acks_sum");
    println!(
        "hub: peak_rss_mb={hub_rss:.1} group_commits={commits:.0} mean_group={:.0} events_accepted={:.0} rejected_total={:.0}",
        if commits > 0.0 { grouped / commits } else { 0.0 },
        group("hub_events_accepted_total"),
        hub_metrics
            .lines()
            .filter(|l| l.starts_with("hub_messages_rejected_total{"))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .fold(0.0, |a, b| a + b),
    );
    println!("bare: peak_rss_mb={bare_rss:.1}");
    println!(
        "summary: hub_events_per_s={:.0} hub_half_rate_p50_ms={:.2} hub_half_rate_p99_ms={:.2} hub_peak_rss_mb={hub_rss:.1} bare_events_per_s={:.0} bare_half_rate_p99_ms={:.2}",
        hub_full.report.acked_per_s(),
        hub_half.report.latency_ms(50.0),
        hub_half.report.latency_ms(99.0),
        bare_full.report.acked_per_s(),
        bare_half.report.latency_ms(99.0),
    );
    let bare_rate = bare_full.report.acked_per_s();
    let ratio = if bare_rate > 0.0 { hub_full.report.acked_per_s() / bare_rate } else { 0.0 };
    println!("ratio_vs_bare_broker={ratio:.2}");
    Ok(())
}

/// Starts `edge-hub run` on the data in `hub_dir` on fresh ports, its log in
/// `work/hub.log`, with `env` besides; returns once its broker listens, with
/// its MQTT and status addresses.
fn start_hub(
    hub_bin: &Path,
    hub_dir: &Path,
    work: &Path,
    env: &[(&str, String)],
) -> Result<(Child, SocketAddr, SocketAddr)> {
    let mqtt = free_addr()?;
    let status = free_addr()?;
    let mut hub = Command::new(hub_bin)
        .arg("run")
        .env("EDGE_HUB__DATA_DIR", hub_dir)
        .env("EDGE_HUB__MQTT__LISTEN", mqtt.to_string())
        .env("EDGE_HUB__STATUS__LISTEN", status.to_string())
        .env("RUST_LOG", "warn,rumqttd=off")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(work.join("hub.log"))?)
        .spawn()
        .context("starting edge-hub")?;
    wait_listening(&mut hub, mqtt)?;
    Ok((hub, mqtt, status))
}

/// Provisions `terminals` terminals at the hub in `hub_dir` with the CLI,
/// credentials written to `creds_path`: the first a manager's (it seeds the
/// catalog and changes prices), the rest cashiers'.
fn provision(hub_bin: &Path, hub_dir: &Path, creds_path: &Path, terminals: usize) -> Result<Vec<TerminalCredential>> {
    let count = terminals.saturating_sub(1).to_string();
    let runs: [&[&str]; 2] = [&["--name", "bench manager", "--manager"], &["--name", "bench", "--count", &count]];
    for args in runs.iter().take(if terminals > 1 { 2 } else { 1 }) {
        let provision = Command::new(hub_bin)
            .args(["terminal", "add"])
            .args(*args)
            .arg("--out")
            .arg(creds_path)
            .env("EDGE_HUB__DATA_DIR", hub_dir)
            .stdout(Stdio::null())
            .status()
            .context("provisioning terminals")?;
        if !provision.success() {
            bail!("edge-hub terminal add failed: {provision}");
        }
    }
    firmware_sim::parse_credentials(&std::fs::read_to_string(creds_path)?)
        .map_err(|e| anyhow::anyhow!("credentials: {e}"))
}

/// The soak: see the module's documentation.
struct Soak {
    terminals: usize,
    events: u64,
    rate: f64,
    retention_s: u64,
    window: usize,
}

/// What the soak reads off the hub at a checkpoint.
struct Reading {
    accepted: f64,
    rss_mb: f64,
    disk_mb: f64,
    outbox: f64,
    archived: f64,
}

impl Soak {
    async fn run(&self, work: &Path) -> Result<()> {
        let hub_bin = sibling("edge-hub")?;
        let hub_dir = work.join("hub");
        let credentials = provision(&hub_bin, &hub_dir, &work.join("credentials.txt"), self.terminals)?;
        println!(
            "hub-bench --soak: {} events from {} terminals at {:.0}/s, retention {} s, a real cloud (SQLite) taking the sync",
            self.events, self.terminals, self.rate, self.retention_s
        );
        let cloud_dir = work.join("cloud");
        std::fs::create_dir_all(&cloud_dir)?;
        let url = format!("sqlite://{}?mode=rwc", cloud_dir.join("cloud.db").display());
        let settings = cloud::settings::Settings {
            listen: "127.0.0.1:0".parse()?,
            data_dir: cloud_dir.clone(),
            database_url: cloud::settings::Secret::new(&url),
            ..Default::default()
        };
        let cloud = cloud::Cloud::start(cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?).await?;
        let business = firmware_sim::world::business(&cloud).await?;
        let branch = firmware_sim::world::branch(&cloud, &business, "Soak filiali", "Toshkent", "").await?;
        let code = firmware_sim::world::enrolment_code(&cloud, &business, &branch).await?;
        let enrolled = Command::new(&hub_bin)
            .args(["enroll", "--cloud", &cloud.url(), "--code", &code, "--name", "soak hub"])
            .env("EDGE_HUB__DATA_DIR", &hub_dir)
            .stdout(Stdio::null())
            .status()?;
        if !enrolled.success() {
            bail!("edge-hub enroll failed: {enrolled}");
        }

        let retention = [("EDGE_HUB__STORE__RETENTION_S", self.retention_s.to_string())];
        let (mut hub, mqtt, status) = start_hub(&hub_bin, &hub_dir, work, &retention)?;
        let result = self.feed(&hub, mqtt, status, &hub_dir, &credentials).await;
        stop(&mut hub);
        cloud.shutdown().await?;
        result
    }

    async fn feed(
        &self,
        hub: &Child,
        mqtt: SocketAddr,
        status: SocketAddr,
        hub_dir: &Path,
        credentials: &[TerminalCredential],
    ) -> Result<()> {
        let started = Instant::now();
        let mut first: Option<Reading> = None;
        loop {
            let report = load(mqtt, credentials, self.rate, Duration::from_secs(30), self.window).await?;
            let reading = read(hub, status, hub_dir).await?;
            println!(
                "  {:>6.0} s: accepted={:.0} rss_mb={:.1} disk_mb={:.1} outbox={:.0} archived={:.0} (last 30 s: {:.0} events/s, p99 {:.1} ms)",
                started.elapsed().as_secs_f64(),
                reading.accepted,
                reading.rss_mb,
                reading.disk_mb,
                reading.outbox,
                reading.archived,
                report.acked_per_s(),
                report.latency_ms(99.0),
            );
            if first.is_none() && reading.accepted >= 1_000_000.0 {
                println!("soak: after_1m rss_mb={:.1} disk_mb={:.1}", reading.rss_mb, reading.disk_mb);
                first = Some(reading);
            } else if reading.accepted >= self.events as f64 {
                let first =
                    first.unwrap_or(Reading { accepted: 0.0, rss_mb: 0.0, disk_mb: 0.0, outbox: 0.0, archived: 0.0 });
                println!(
                    "soak: after_{:.0} rss_mb={:.1} disk_mb={:.1} outbox={:.0} archived={:.0} in {:.0} s",
                    reading.accepted,
                    reading.rss_mb,
                    reading.disk_mb,
                    reading.outbox,
                    reading.archived,
                    started.elapsed().as_secs_f64()
                );
                let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
                println!(
                    "soak_rss_ratio={:.2} soak_disk_ratio={:.2} (from {:.0} to {:.0} events)",
                    ratio(reading.rss_mb, first.rss_mb),
                    ratio(reading.disk_mb, first.disk_mb),
                    first.accepted,
                    reading.accepted
                );
                return Ok(());
            }
        }
    }
}

/// The hub's accepted count, resident memory, data directory size, outbox
/// depth and archived count now.
async fn read(hub: &Child, status: SocketAddr, hub_dir: &Path) -> Result<Reading> {
    let metrics = reqwest::get(format!("http://{status}/metrics")).await?.text().await?;
    Ok(Reading {
        accepted: metric_value(&metrics, "hub_events_accepted_total"),
        rss_mb: proc_status_mb(hub.id(), "VmRSS:"),
        disk_mb: disk_bytes(hub_dir) as f64 / (1024.0 * 1024.0),
        outbox: metric_value(&metrics, "hub_outbox_depth"),
        archived: metric_value(&metrics, "hub_archived_total"),
    })
}

/// Bytes the files under `dir` take on disk (allocated blocks).
fn disk_bytes(dir: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => disk_bytes(&e.path()),
            Ok(m) => m.blocks() * 512,
            Err(_) => 0,
        })
        .sum()
}

async fn load(
    addr: SocketAddr,
    credentials: &[TerminalCredential],
    rate: f64,
    duration: Duration,
    window: usize,
) -> Result<LoadReport> {
    let mut config = LoadConfig::new(addr.ip().to_string(), addr.port(), credentials.to_vec());
    config.rate = rate;
    config.duration = duration;
    config.drain = Duration::from_secs(30);
    config.window = window;
    config.seed = rand::random();
    Ok(firmware_sim::load::run(config, |_| {}).await?)
}

/// The bare broker: the hub's own broker configuration and bridge threads,
/// with an echo loop instead of ingest. It acks each terminal's messages as
/// soon as they arrive, trusting the claimed seq, storing nothing.
fn bare_broker(listen: SocketAddr, credentials: &Path, dir: &Path) -> Result<()> {
    let credentials = firmware_sim::parse_credentials(&std::fs::read_to_string(credentials)?)
        .map_err(|e| anyhow::anyhow!("credentials: {e}"))?;
    let store = Arc::new(Store::open(dir, 16 << 20)?);
    let terminals = Arc::new(Terminals::open(store)?);
    let mut keys = HashMap::new();
    for credential in &credentials {
        terminals.admit(credential, "bench", protocol::sync::TerminalRole::Manager)?;
        keys.insert(credential.terminal, credential.secret.mac_key());
    }
    let settings = MqttSettings { listen, tls: None, max_connections: 2_000, pairing_listen: None };
    let (broker, inbound) = bridge::start_bare(&settings, terminals, Arc::new(Metrics::new()))?;
    // Terminals take each down number once, as from the hub.
    let mut down: HashMap<TerminalId, u64> = HashMap::new();
    while let Ok(first) = inbound.recv() {
        let mut acks: HashMap<TerminalId, Ack> = HashMap::new();
        for message in std::iter::once(first).chain(inbound.try_iter()) {
            echo(&message, &mut acks);
        }
        for (terminal, ack) in acks {
            let Some(key) = keys.get(&terminal) else { continue };
            let seq = down.entry(terminal).or_insert(0);
            *seq += 1;
            let payload = Envelope::seal(key, Direction::Down, terminal, *seq, &HubMessage::Ack(ack))?;
            broker.send(Outbound { terminal, payload });
        }
    }
    Ok(())
}

fn echo(message: &Inbound, acks: &mut HashMap<TerminalId, Ack>) {
    if let Ok(envelope) = Envelope::parse(&message.payload)
        && envelope.claimed_seq() != 0
    {
        acks.entry(envelope.claimed_terminal()).or_default().accepted.push(envelope.claimed_seq());
    }
}

/// A binary built next to this one.
fn sibling(name: &str) -> Result<PathBuf> {
    let me = std::env::current_exe()?;
    let path = me.with_file_name(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        bail!("{} not found: build it first (cargo build --release -p edge-hub)", path.display());
    }
    Ok(path)
}

fn free_addr() -> Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

fn wait_listening(child: &mut Child, addr: SocketAddr) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            bail!("child exited at start: {status}");
        }
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nothing listening on {addr}")
}

/// Peak resident set of a process in MiB (Linux `VmHWM`); 0 elsewhere.
fn peak_rss_mb(pid: u32) -> f64 {
    proc_status_mb(pid, "VmHWM:")
}

/// A `/proc/<pid>/status` figure given in kB (e.g. `VmRSS:`), in MiB; 0 elsewhere.
fn proc_status_mb(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with(field))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn metric_value(text: &str, series: &str) -> f64 {
    text.lines()
        .find(|l| l.split_whitespace().next() == Some(series))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0.0)
}
