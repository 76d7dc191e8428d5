//! `firmware-sim`: simulated POS terminals against a hub.
#![allow(clippy::print_stdout)] // a command-line tool answers on stdout

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use firmware_sim::{Business, LoadConfig, load, parse_credentials};

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
            let reporter = tokio::sync::watch::channel(false);
            let mut stop = reporter.1;
            let report = load::run(config, move |progress| {
                tokio::spawn(async move {
                    let mut every = tokio::time::interval(Duration::from_secs(1));
                    let mut last = 0;
                    loop {
                        tokio::select! {
                            _ = every.tick() => {}
                            _ = stop.changed() => return,
                        }
                        let (recorded, acked, pending, connected) = progress.totals();
                        println!(
                            "sent={recorded} acked={acked} pending={pending} connected={connected} rate={}/s",
                            acked - last
                        );
                        last = acked;
                    }
                });
            })
            .await?;
            let _ = reporter.0.send(true);
            println!("{}", report.summary());
            for t in report.terminals.iter().filter(|t| t.error.is_some()) {
                println!("terminal {} stopped: {}", t.terminal, t.error.as_deref().unwrap_or(""));
            }
        }
    }
    Ok(())
}
