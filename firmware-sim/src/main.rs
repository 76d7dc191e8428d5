//! `firmware-sim`: simulated POS terminals against a hub.
#![allow(clippy::print_stdout)] // a command-line tool answers on stdout

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use firmware_sim::load::Progress;
use firmware_sim::pairing::{self, PairOptions, PosLogin};
use firmware_sim::{Business, LoadConfig, load, parse_credentials};
use protocol::hub_id::HubTrust;

#[derive(Parser)]
#[command(name = "firmware-sim", version, about = "Simulated POS terminals")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run terminals selling against a hub and print figures.
    Run {
        /// Hub MQTT address.
        #[arg(long, default_value = "127.0.0.1:1883")]
        hub: String,
        /// File of terminal credentials, one `pos1.…` per line
        /// (make them with `edge-hub terminal add --count N --out FILE`).
        #[arg(long, default_value = "data/terminals.txt")]
        credentials: PathBuf,
        /// How many terminals (the first N credentials).
        #[arg(long, default_value_t = 3)]
        terminals: usize,
        /// Total events per second across terminals; 0 for as fast as the hub acks.
        #[arg(long, default_value_t = 20.0)]
        rate: f64,
        /// Seconds of selling.
        #[arg(long, default_value_t = 30)]
        duration: u64,
        /// restaurant or shop.
        #[arg(long, default_value = "restaurant")]
        business: Business,
        /// Keep each terminal's outbox on disk here (as a real terminal does).
        #[arg(long)]
        outbox_dir: Option<PathBuf>,
        /// Seed for reproducible flows.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Pair this terminal with a hub (QR code, short code or POS login),
    /// then sell as it until stopped or revoked.
    Pair {
        /// The hub's pairing listener (the terminals' broker is on the same
        /// host, at the port the hub names).
        #[arg(long, default_value = "127.0.0.1:1884")]
        hub: String,
        /// The hub's identity: the fingerprint on its page
        /// (`ABCD-EFGH-JKMN-PQRS`) or its whole key. Needed to pair: answers
        /// from any other hub are ignored.
        #[arg(long)]
        hub_id: Option<String>,
        /// Where the credential, the hub's address and the outbox are kept.
        #[arg(long, default_value = "data/terminal")]
        state_dir: PathBuf,
        /// A name to show while pairing (the branch names the terminal).
        #[arg(long)]
        name: Option<String>,
        /// Seconds a pairing code lives before a new one is shown.
        #[arg(long, default_value_t = protocol::pairing::DEFAULT_CODE_TTL_S)]
        code_ttl: u32,
        /// Pair with this POS login (from the portal) instead of a code.
        #[arg(long, requires = "password")]
        login: Option<String>,
        /// The POS login's password.
        #[arg(long, requires = "login")]
        password: Option<String>,
        /// Events per second once paired.
        #[arg(long, default_value_t = 2.0)]
        rate: f64,
        /// restaurant or shop.
        #[arg(long, default_value = "restaurant")]
        business: Business,
        /// Seed for reproducible flows.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Take one mobile payment (Multicard) through the hub: prints
    /// `QR: <checkout_url>`, then `PAID`, `FAILED` or `UNAVAILABLE: …`.
    MobilePay {
        /// Hub MQTT address.
        #[arg(long, default_value = "127.0.0.1:1883")]
        hub: String,
        /// File of terminal credentials; the first one is used.
        #[arg(long, default_value = "data/terminals.txt")]
        credentials: PathBuf,
        /// Amount in so'm.
        #[arg(long)]
        amount: i64,
        /// Seconds to wait for the payer.
        #[arg(long, default_value_t = 300)]
        wait: u64,
    },
    /// Work a courier's parcel desk: accept a parcel, register a walk-in,
    /// or scan a step. Prints one line per event, then `ACKED` once the hub
    /// holds them all.
    Desk {
        /// Hub MQTT address.
        #[arg(long, default_value = "127.0.0.1:1883")]
        hub: String,
        /// File of terminal credentials; the first one is used.
        #[arg(long, default_value = "data/terminals.txt")]
        credentials: PathBuf,
        /// The desk's clock, UTC milliseconds (backdating: an office that
        /// worked offline); the real time when absent.
        #[arg(long, conflicts_with = "hours_ago")]
        at_ms: Option<i64>,
        /// The desk's clock this many hours behind the real one.
        #[arg(long)]
        hours_ago: Option<u32>,
        /// Seconds to wait for the hub's acks.
        #[arg(long, default_value_t = 30)]
        wait: u64,
        #[command(subcommand)]
        action: DeskAction,
    },
}

#[derive(Subcommand)]
enum DeskAction {
    /// Accept an online shipment: take its price in cash, scan it accepted.
    Accept {
        /// Its barcode (12 digits).
        #[arg(long)]
        barcode: String,
        /// Cash taken, in so'm (0: paid online).
        #[arg(long, default_value_t = 0)]
        price: i64,
    },
    /// Register a walk-in on a label from the office's roll.
    WalkIn {
        /// The label's barcode (12 digits).
        #[arg(long)]
        label: String,
        /// Sender's name.
        #[arg(long)]
        sender_name: String,
        /// Sender's phone (+998…).
        #[arg(long)]
        sender_phone: String,
        /// Receiver's name.
        #[arg(long)]
        receiver_name: String,
        /// Receiver's phone (+998…).
        #[arg(long)]
        receiver_phone: String,
        /// Receiver's district (SOATO, 7 digits).
        #[arg(long)]
        district: String,
        /// Receiver's address (empty: collected at the office).
        #[arg(long, default_value = "")]
        address: String,
        /// Weight in grams.
        #[arg(long)]
        weight: u32,
        /// Pieces.
        #[arg(long, default_value_t = 1)]
        pieces: u32,
        /// Price in so'm, taken in cash.
        #[arg(long)]
        price: i64,
    },
    /// Scan a parcel at a step.
    Scan {
        /// Its barcode (12 digits).
        #[arg(long)]
        barcode: String,
        /// accepted, sorted, dispatched, arrived, out_for_delivery,
        /// delivered, failed_attempt, return_started, returned, lost.
        #[arg(long)]
        kind: String,
        /// Why (failed_attempt, return_started): no_answer, receiver_absent,
        /// wrong_address, refused, cod_not_paid, damaged, rescheduled,
        /// sender_request, storage_expired, other.
        #[arg(long)]
        reason: Option<String>,
        /// A short note.
        #[arg(long, default_value = "")]
        note: String,
    },
}

struct DeskCommand {
    hub: String,
    credentials: PathBuf,
    at_ms: Option<i64>,
    hours_ago: Option<u32>,
    wait: u64,
    action: DeskAction,
}

fn som(amount: i64) -> anyhow::Result<protocol::Money> {
    amount.checked_mul(100).filter(|a| *a >= 0).map(protocol::Money::from_tiyin).context("a price is so'm, 0 or more")
}

/// `firmware-sim desk …`.
async fn desk(command: DeskCommand) -> anyhow::Result<()> {
    use firmware_sim::desk::{Desk, WalkIn};
    use firmware_sim::terminal::TerminalOptions;
    use protocol::{Barcode, ReasonCode, ScanKind, Timestamp};
    let (host, port) = split_host_port(&command.hub)?;
    let text = std::fs::read_to_string(&command.credentials)
        .with_context(|| format!("reading credentials from {}", command.credentials.display()))?;
    let credential =
        parse_credentials(&text).map_err(anyhow::Error::msg)?.into_iter().next().context("no credential")?;
    let barcode = |text: &str| Barcode::parse(text).map_err(|e| anyhow::anyhow!("{text:?}: {e}"));
    let employee = protocol::EmployeeId::from_name(&format!("desk:{}", credential.terminal));
    let mut desk = Desk::connect(TerminalOptions::new(host, port, credential), employee);
    if let Some(at) = command.at_ms {
        desk.set_clock(Timestamp(at));
    } else if let Some(hours) = command.hours_ago {
        desk.set_clock(Timestamp(Timestamp::now().0 - i64::from(hours) * 3_600_000));
    }
    match command.action {
        DeskAction::Accept { barcode: b, price } => {
            let scan = desk.accept_online(&barcode(&b)?, Some(som(price)?)).await?;
            println!("ACCEPTED {} at {}", scan.barcode, scan.scanned_at.0);
        }
        DeskAction::WalkIn {
            label,
            sender_name,
            sender_phone,
            receiver_name,
            receiver_phone,
            district,
            address,
            weight,
            pieces,
            price,
        } => {
            let walk_in = WalkIn {
                sender_name,
                sender_phone,
                receiver_name,
                receiver_phone,
                receiver_district: district,
                receiver_address: address,
                weight_g: weight,
                pieces,
                price: som(price)?,
            };
            let shipment = desk.register_walk_in_on(barcode(&label)?, &walk_in).await?;
            println!("REGISTERED {} shipment {}", shipment.barcode, shipment.id);
        }
        DeskAction::Scan { barcode: b, kind, reason, note } => {
            let kind = ScanKind::from_code(&kind).with_context(|| format!("unknown scan kind {kind:?}"))?;
            let reason = match reason {
                Some(r) => Some(ReasonCode::from_code(&r).with_context(|| format!("unknown reason {r:?}"))?),
                None => None,
            };
            let scan = desk.scan(&barcode(&b)?, kind, reason, &note).await?;
            println!("SCANNED {} {} at {}", scan.barcode, kind.code(), scan.scanned_at.0);
        }
    }
    desk.finish(Duration::from_secs(command.wait)).await?;
    println!("ACKED");
    Ok(())
}

/// `firmware-sim mobile-pay`.
async fn mobile_pay(hub: &str, credentials: &std::path::Path, amount: i64, wait: u64) -> anyhow::Result<()> {
    use firmware_sim::terminal::{Terminal, TerminalOptions};
    let (host, port) = split_host_port(hub)?;
    let text = std::fs::read_to_string(credentials)
        .with_context(|| format!("reading credentials from {}", credentials.display()))?;
    let credential =
        parse_credentials(&text).map_err(anyhow::Error::msg)?.into_iter().next().context("no credential")?;
    let amount = amount.checked_mul(100).filter(|a| *a > 0).context("--amount must be a positive number of so'm")?;
    let terminal = Terminal::spawn(TerminalOptions::new(host, port, credential), firmware_sim::Outbox::in_memory());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !terminal.state.connected.load(std::sync::atomic::Ordering::Relaxed) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = firmware_sim::mobile::take_mobile_payment(
        &terminal,
        protocol::OrderId::new(),
        protocol::Money::from_tiyin(amount),
        Duration::from_secs(wait),
        &mut |line| println!("{line}"),
    )
    .await;
    let _ = terminal.finish(Duration::from_secs(2)).await;
    if state == protocol::mobile::MobilePaymentState::Paid { Ok(()) } else { bail!("not paid") }
}

/// Prints live figures every second until `stop` changes.
fn print_progress(progress: Progress, mut stop: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        let mut last = 0;
        loop {
            tokio::select! {
                _ = every.tick() => {}
                _ = stop.changed() => return,
            }
            let (recorded, acked, pending, connected) = progress.totals();
            println!("sent={recorded} acked={acked} pending={pending} connected={connected} rate={}/s", acked - last);
            last = acked;
        }
    });
}

struct PairCommand {
    hub: String,
    hub_id: Option<HubTrust>,
    state_dir: PathBuf,
    name: Option<String>,
    code_ttl: u32,
    login: Option<PosLogin>,
    rate: f64,
    business: Business,
    seed: u64,
}

/// `firmware-sim pair`: pairs (or takes the saved pairing), then sells as
/// that terminal until stopped, or until revoked (which forgets the pairing).
async fn pair_and_sell(command: PairCommand) -> anyhow::Result<()> {
    let (host, port) = split_host_port(&command.hub)?;
    let mut options = PairOptions::new(host, port, command.hub_id, command.state_dir.clone());
    options.code_ttl_s = command.code_ttl;
    options.login = command.login;
    if let Some(name) = &command.name {
        println!("Terminal: {name}");
    }
    // One listener for the whole run, so no SIGTERM falls between the phases.
    let shutdown = firmware_sim::shutdown::requested();
    tokio::pin!(shutdown);
    let mut out = std::io::stdout();
    let saved = tokio::select! {
        saved = pairing::ensure_paired(&options, &mut out) => saved?,
        () = &mut shutdown => return Ok(()),
    };
    let mut config = LoadConfig::new(saved.host.clone(), saved.port, vec![saved.credential.clone()]);
    config.rate = command.rate;
    config.duration = Duration::MAX;
    config.business = command.business;
    config.seed = command.seed;
    config.outbox_dir = Some(command.state_dir.join("outbox"));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let report = tokio::select! {
        report = load::run(config, move |progress| print_progress(progress, stopped)) => report?,
        () = &mut shutdown => return Ok(()),
    };
    let _ = stop.send(true);
    if report.terminals.iter().any(|t| t.revoked) {
        println!("revoked: this terminal was unpaired");
        pairing::forget(&command.state_dir)?;
        return Ok(());
    }
    let why = report.terminals.iter().find_map(|t| t.error.clone()).unwrap_or_else(|| "no reason given".to_owned());
    bail!("terminal {} stopped: {why}", saved.credential.terminal)
}

fn split_host_port(hub: &str) -> anyhow::Result<(String, u16)> {
    let (host, port) = hub.rsplit_once(':').context("--hub must be HOST:PORT")?;
    Ok((host.to_owned(), port.parse().context("bad port in --hub")?))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,firmware_sim=info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    match Cli::parse().command {
        Command::Run { hub, credentials, terminals, rate, duration, business, outbox_dir, seed } => {
            let (host, port) = split_host_port(&hub)?;
            let text = std::fs::read_to_string(&credentials)
                .with_context(|| format!("reading credentials from {}", credentials.display()))?;
            let mut all = parse_credentials(&text).map_err(anyhow::Error::msg)?;
            if all.len() < terminals {
                bail!(
                    "{} holds {} credential(s) but --terminals {terminals} asked; provision more with \
                     `edge-hub terminal add --name Kassa --count {terminals} --out {}`",
                    credentials.display(),
                    all.len(),
                    credentials.display()
                );
            }
            all.truncate(terminals);
            let mut config = LoadConfig::new(host, port, all);
            config.rate = rate;
            config.duration = Duration::from_secs(duration);
            config.business = business;
            config.outbox_dir = outbox_dir;
            config.seed = seed;
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let report = load::run(config, move |progress| print_progress(progress, stopped)).await?;
            let _ = stop.send(true);
            println!("{}", report.summary());
            for t in report.terminals.iter().filter(|t| t.error.is_some()) {
                println!("terminal {} stopped: {}", t.terminal, t.error.as_deref().unwrap_or(""));
            }
        }
        Command::Pair { hub, hub_id, state_dir, name, code_ttl, login, password, rate, business, seed } => {
            let login = login.zip(password).map(|(login, password)| PosLogin { login, password });
            let hub_id = hub_id
                .map(|text| HubTrust::parse(&text))
                .transpose()
                .context("--hub-id: expected the fingerprint on the hub's page (ABCD-EFGH-JKMN-PQRS) or its key")?;
            pair_and_sell(PairCommand { hub, hub_id, state_dir, name, code_ttl, login, rate, business, seed }).await?;
        }
        Command::MobilePay { hub, credentials, amount, wait } => mobile_pay(&hub, &credentials, amount, wait).await?,
        Command::Desk { hub, credentials, at_ms, hours_ago, wait, action } => {
            desk(DeskCommand { hub, credentials, at_ms, hours_ago, wait, action }).await?;
        }
    }
    Ok(())
}
