//! `cloud`: serve, administer, run the demo, or run a local Eskiz.
#![allow(clippy::print_stdout)] // a command-line tool answers on stdout

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use cloud::settings::Settings;
use cloud::{Cloud, demo};

#[derive(Parser)]
#[command(name = "cloud", version, about = "The cloud: owner accounts, hub enrolment and sync, owner pages")]
struct Cli {
    /// TOML settings file (optional; CLOUD__SECTION__KEY variables and DATABASE_URL override it).
    #[arg(long, global = true, env = "CLOUD_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve until Ctrl-C or SIGTERM (migrations run first).
    Serve,
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The demo: cloud on embedded SQLite + one enrolled hub + simulated terminals selling.
    Demo {
        /// Simulated terminals.
        #[arg(long, default_value_t = 3)]
        terminals: usize,
        /// Events per second across all terminals.
        #[arg(long, default_value_t = 3.0)]
        rate: f64,
    },
    /// A local Eskiz SMS service (the published protocol) for development.
    EskizSim {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: SocketAddr,
        /// Account e-mail it accepts.
        #[arg(long, default_value = "dev@example.uz")]
        email: String,
        /// Account password it accepts.
        #[arg(long, default_value = "dev-password")]
        password: String,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Reset an owner's password: prints a temporary one; the next sign-in must choose a new one.
    ResetPassword {
        /// The owner's phone, +998XXXXXXXXX.
        phone: String,
    },
    /// Move an owner's business to another tariff (start, biznes, pro).
    SetTariff {
        /// The owner's phone.
        phone: String,
        /// Tariff code.
        tariff: String,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,rumqttd=off,sled=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
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

async fn run_demo(mut settings: Settings, count: usize, rate: f64) -> anyhow::Result<()> {
    let root = PathBuf::from("data/demo");
    settings.data_dir = root.join("cloud");
    let cloud_state = cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?;
    let cloud = Cloud::start(cloud_state).await.context("starting the cloud (is port 8080 free?)")?;
    let (business, branch) = demo::owner_and_branch(&cloud).await?;
    let mut hub_settings = edge_hub::settings::Settings::load(None)?;
    hub_settings.data_dir = root.join("hub");
    hub_settings.sync.idle_ms = 1_000;
    std::fs::create_dir_all(&hub_settings.data_dir)?;
    demo::enrol_hub(&cloud, &business, &branch, &hub_settings, &hub_settings.data_dir).await?;
    let mut hub =
        edge_hub::Hub::start(&hub_settings).await.context("starting the hub (are ports 1883 and 8081 free?)")?;
    let load = edge_hub::demo::terminals(&hub, &hub_settings.data_dir, count, rate).await?;
    println!("POS platform demo: cloud + 1 hub + {count} simulated terminals selling at {rate} events/s");
    println!("  owner portal  {}/", cloud.url());
    println!("  demo owner    phone {}   password {}", demo::DEMO_PHONE, demo::DEMO_PASSWORD);
    println!("  hub status    http://{}/   (MQTT {})", hub.status_addr, hub.core.broker.mqtt_addr);
    println!("  data          {} (SQLite + sled; delete it to start afresh)", root.display());
    println!("Ctrl-C stops it.");
    let sales = firmware_sim::load::run(load, |_| {});
    tokio::select! {
        r = sales => { r.context("simulated terminals")?; }
        r = hub.wait() => r.context("the hub stopped")?,
        () = shutdown_signal() => {}
    }
    hub.shutdown().await.context("stopping the hub")?;
    cloud.shutdown().await.context("stopping the cloud")?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_tracing();
    cloud::install_crypto_provider();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve => {
            let sms = cloud::sms_provider(&settings)?;
            let state = cloud::state(settings, sms).await?;
            let cloud = Cloud::start(state).await?;
            shutdown_signal().await;
            cloud.shutdown().await?;
        }
        Command::Admin { command } => {
            let state = cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?;
            match command {
                AdminCommand::ResetPassword { phone } => {
                    let temporary = state
                        .accounts
                        .admin_reset_password(&phone)
                        .await
                        .map_err(|e| anyhow::anyhow!("cannot reset the password for {phone}: {e}"))?;
                    println!("Temporary password for {phone}: {temporary}");
                    println!("Every session of this owner has ended; the next sign-in must choose a new password.");
                }
                AdminCommand::SetTariff { phone, tariff } => {
                    let owner = state
                        .db
                        .owner_by_phone(&cloud::phone::Phone::parse(&phone)?.to_string())
                        .await
                        .with_context(|| format!("no owner with phone {phone}"))?;
                    state.db.set_tariff(&owner.business_id, &tariff).await.context("no such tariff or business")?;
                    println!("{} is now on tariff {tariff}", owner.business_name);
                }
            }
            state.db.close().await;
        }
        Command::Demo { terminals, rate } => run_demo(settings, terminals, rate).await?,
        Command::EskizSim { listen, email, password } => {
            let sim = cloud::sms::eskiz_sim::EskizSim::new(&email, &password);
            let listener = tokio::net::TcpListener::bind(listen).await?;
            println!("Eskiz simulator on http://{}/api (account {email})", listener.local_addr()?);
            axum::serve(listener, sim.router()).with_graceful_shutdown(shutdown_signal()).await?;
        }
    }
    Ok(())
}
