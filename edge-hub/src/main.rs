//! `edge-hub`: run the hub, or manage its terminals.
#![allow(clippy::print_stdout)] // a command-line tool answers on stdout

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use edge_hub::settings::Settings;
use edge_hub::{Hub, admin};
use protocol::TerminalId;
use protocol::sync::TerminalRole;

/// jemalloc: it hands freed memory back to the system (glibc malloc kept
/// sixteen 64 MiB arenas resident once a long run had touched them).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(name = "edge-hub", version, about = "The branch edge hub: MQTT broker, durable ingest, outbox")]
struct Cli {
    /// TOML settings file (optional; EDGE_HUB__SECTION__KEY variables override it).
    #[arg(long, global = true, env = "EDGE_HUB_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the hub until Ctrl-C or SIGTERM.
    Run,
    /// Enrol this hub with the cloud: exchange a branch's enrolment code for
    /// the hub's own credential (kept in the data dir).
    Enroll {
        /// The cloud's base URL, e.g. https://cloud.example.uz
        #[arg(long)]
        cloud: String,
        /// The code shown on the branch's page (ABCD-EFGH).
        #[arg(long)]
        code: String,
        /// What to call this hub (defaults to the host name).
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing enrolment.
        #[arg(long)]
        force: bool,
    },
    /// Print the technician's passphrase for pairing on the hub's page
    /// `/pair` (made now if the hub has none yet; a PIN set in the settings
    /// replaces it).
    TechnicianPassphrase,
    /// Print the hub's identity: the fingerprint a terminal is given to pair
    /// (`firmware-sim pair --hub-id`) and the whole key (made now if the hub
    /// has none yet).
    Identity,
    /// Open or close the running hub's pairing window: its pairing listener
    /// admits devices only while it is open.
    Pairing {
        #[command(subcommand)]
        command: PairingCommand,
    },
    /// Provision, list and revoke terminals.
    Terminal {
        #[command(subcommand)]
        command: TerminalCommand,
    },
}

#[derive(Subcommand)]
enum PairingCommand {
    /// Let devices ask to be paired for a few minutes.
    Open {
        /// For how long (1 to 60 minutes).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=60))]
        minutes: u64,
    },
    /// Stop admitting devices now (a window the portal's grants keep open
    /// stays open until they expire).
    Close,
}

#[derive(Subcommand)]
enum TerminalCommand {
    /// Provision terminals; prints each credential (pos1.<id>.<secret>) once.
    Add {
        /// Name shown on the hub's page ("Kassa 1"); with --count, a number is appended.
        #[arg(long)]
        name: String,
        /// How many to provision.
        #[arg(long, default_value_t = 1)]
        count: usize,
        /// Append credentials to this file (one per line) instead of printing them.
        #[arg(long)]
        out: Option<PathBuf>,
        /// A manager's terminal: may also void or refund any order of the
        /// branch and change the catalog, staff and places.
        #[arg(long)]
        manager: bool,
    },
    /// List terminals.
    List,
    /// Revoke a terminal: its session is dropped and it is refused from now on.
    Revoke {
        /// The terminal id.
        id: TerminalId,
    },
    /// Take a revoked terminal's hand-over file: the sales it made before it
    /// was revoked and never got to send (the hub must be running).
    Handover {
        /// The file the terminal exported.
        file: PathBuf,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,rumqttd=off,sled=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_tracing();
    edge_hub::install_crypto_provider();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Run => {
            let mut hub = Hub::start(&settings).await.context("starting the hub")?;
            tokio::select! {
                result = hub.wait() => result.context("the hub stopped")?,
                () = shutdown_signal() => hub.shutdown().await.context("stopping the hub")?,
            }
        }
        Command::Enroll { cloud, code, name, force } => {
            let path = settings.cloud_link_path();
            if let Some(existing) = edge_hub::sync::CloudLink::load(&path)?
                && !force
            {
                anyhow::bail!(
                    "this hub is already enrolled with {} for branch {:?}; pass --force to replace it",
                    existing.cloud_url,
                    existing.branch_name
                );
            }
            let name = name
                .or_else(|| std::env::var("HOSTNAME").ok())
                .or_else(|| std::fs::read_to_string("/etc/hostname").ok().map(|h| h.trim().to_owned()))
                .unwrap_or_else(|| "hub".to_owned());
            let link = edge_hub::sync::enroll(&settings, &cloud, &code, &name)
                .await
                .map_err(|e| anyhow::anyhow!("enrolment failed: {e}"))?;
            println!(
                "Enrolled: this hub now serves branch {:?} of {:?}; credential kept in {}",
                link.branch_name,
                link.business_name,
                path.display()
            );
            println!("A running hub starts syncing within seconds; otherwise start it with `edge-hub run`.");
        }
        Command::Identity => {
            edge_hub::files::private_dir(&settings.data_dir)?;
            let key = edge_hub::hub_identity(&settings).context("the hub's identity (hub-identity.key)")?.key();
            println!("fingerprint {}", key.fingerprint());
            println!("key {}", key.to_text());
            println!("Give a terminal this hub's address and the fingerprint: it pairs with no other hub.");
        }
        Command::TechnicianPassphrase => {
            if settings.pairing.technician_pin.as_deref().is_some_and(|p| !p.trim().is_empty()) {
                println!(
                    "A technician PIN is set in the settings (pairing.technician_pin); the hub's page takes that."
                );
            } else {
                edge_hub::files::private_dir(&settings.data_dir)?;
                let text = edge_hub::technician::passphrase(&settings.data_dir)?;
                println!("{text}");
                println!(
                    "Type it on the hub's page /pair to pair a terminal without the internet. Keep it with the hub's papers."
                );
            }
        }
        Command::Pairing { command } => {
            let minutes = match command {
                PairingCommand::Open { minutes } => minutes,
                PairingCommand::Close => 0,
            };
            let state = admin::Admin::connect(&settings).await?.pairing_window(minutes).await?;
            match state.open_until {
                Some(ms) => println!(
                    "pairing open until {} Tashkent time",
                    edge_hub::status::tashkent_hhmm(protocol::Timestamp(ms))
                ),
                None => println!("pairing closed"),
            }
        }
        Command::Terminal { command } => match command {
            TerminalCommand::Add { name, count, out, manager } => {
                let role = if manager { TerminalRole::Manager } else { TerminalRole::Cashier };
                let mut file = match &out {
                    Some(path) => Some(
                        std::fs::OpenOptions::new()
                            .create(true)
                            .append(true)
                            .open(path)
                            .with_context(|| format!("opening {}", path.display()))?,
                    ),
                    None => None,
                };
                let admin = admin::Admin::connect(&settings).await?;
                for i in 1..=count {
                    let name = if count > 1 { format!("{name} {i}") } else { name.clone() };
                    let added = admin.add(&name, role).await?;
                    match &mut file {
                        Some(f) => writeln!(f, "{}", added.credential)?,
                        None => println!("{}  {}\n  credential: {}", added.id, name, added.credential),
                    }
                }
                if let Some(path) = out {
                    println!("{count} credential(s) written to {}", path.display());
                }
            }
            TerminalCommand::List => {
                for t in admin::Admin::connect(&settings).await?.list().await? {
                    let state = match (t.revoked_at, t.connected) {
                        (Some(_), _) => "revoked",
                        (None, true) => "connected",
                        (None, false) => "active",
                    };
                    println!("{}  {:<10}  {:>3}  {:<8}  {}", t.id, state, t.short, t.role.code(), t.name);
                }
            }
            TerminalCommand::Handover { file } => {
                let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
                let report = admin::Admin::connect(&settings).await?.handover(text).await?;
                println!(
                    "{}: {} sale(s) taken, {} refused for good, {} unreadable",
                    report.terminal,
                    report.accepted,
                    report.rejected.len(),
                    report.refused
                );
                for (seq, reason) in &report.rejected {
                    println!("  seq {seq}: {reason}");
                }
            }
            TerminalCommand::Revoke { id } => {
                let t = admin::Admin::connect(&settings).await?.revoke(id).await?;
                println!("{} revoked ({})", t.id, t.name);
            }
        },
    }
    Ok(())
}
