//! `demo`: the product in one command. The cloud on an embedded SQLite
//! database, a business with three branches (a café, a restaurant with
//! tables and service charge, a shop), each with its own edge hub enrolled
//! with the branch's code and its own terminals. On the first start each
//! branch gets 90 days of history through the real path (sealed by its
//! terminals, the hub's ingest, the hub's sync client, the cloud's sync);
//! then one terminal per branch keeps selling live over MQTT. Everything is
//! kept under `data/demo`, so a second start carries on.
//!
//! `demo --hub-only`: an edge hub alone (settings as `edge-hub run` takes
//! them) with simulated terminals selling, no cloud.
#![allow(clippy::print_stdout)] // a command-line tool answers on stdout

mod branch;
mod courier;
mod money;
mod shop;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Parser;
use edge_hub::Hub;
use firmware_sim::load::{self, LoadReport};
use firmware_sim::{Business, world};
use tokio::task::JoinSet;

use crate::branch::{Figures, SPECS};

#[derive(Parser)]
#[command(name = "demo", version, about = "The cloud, three branch hubs and their terminals, with 90 days of history")]
struct Cli {
    /// Where the demo keeps everything (a second start reuses it).
    #[arg(long, default_value = "data/demo")]
    dir: PathBuf,
    /// Events per second across the live terminals.
    #[arg(long, default_value_t = 3.0)]
    rate: f64,
    /// Days of history built on the first start (1 to 366).
    #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=366))]
    days: u32,
    /// Only an edge hub with simulated terminals selling, no cloud; the hub
    /// takes its settings as `edge-hub run` does.
    #[arg(long)]
    hub_only: bool,
    /// With --hub-only: simulated terminals (provisioned on the first run, kept in the hub's data dir).
    #[arg(long, default_value_t = 4, requires = "hub_only")]
    terminals: usize,
    /// With --hub-only: restaurant, cafe or shop.
    #[arg(long, default_value = "restaurant", requires = "hub_only")]
    business: Business,
    /// With --hub-only: the hub's TOML settings file.
    #[arg(long, env = "EDGE_HUB_CONFIG")]
    config: Option<PathBuf>,
}

/// The layout this build keeps under `--dir`.
const LAYOUT: &str = "layout=2 (cloud/, hubs/cafe, hubs/restaurant, hubs/shop)\n";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,rumqttd=off,sled=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    edge_hub::install_crypto_provider();
    let cli = Cli::parse();
    if cli.hub_only {
        return hub_only(&cli).await;
    }
    world(&cli, started).await
}

/// Refuses a data dir written by another layout (the former one-hub demo).
fn check_layout(dir: &Path) -> anyhow::Result<()> {
    let marker = dir.join("demo-layout.txt");
    match std::fs::read_to_string(&marker) {
        Ok(text) if text == LAYOUT => Ok(()),
        Ok(_) => bail!("{} was written by another version of the demo; delete it to start afresh", dir.display()),
        Err(_) if dir.join("cloud").exists() => {
            bail!("{} holds an older demo's data (one hub); delete it to start afresh", dir.display())
        }
        Err(_) => {
            std::fs::create_dir_all(dir)?;
            std::fs::write(&marker, LAYOUT)?;
            Ok(())
        }
    }
}

/// The whole demo: cloud, three hubs, history, live terminals.
async fn world(cli: &Cli, started: Instant) -> anyhow::Result<()> {
    check_layout(&cli.dir)?;
    let (cloud, providers) = world::start(&cli.dir.join("cloud"))
        .await
        .context("starting the cloud (is its port, 8080 unless CLOUD__LISTEN says otherwise, free?)")?;
    let business = world::business(&cloud).await?;
    let mut hubs = Vec::with_capacity(SPECS.len());
    let mut credentials = Vec::with_capacity(SPECS.len());
    for spec in &SPECS {
        let branch = world::branch(&cloud, &business, spec.name, spec.address, spec.phone).await?;
        let settings = spec.hub_settings(&cli.dir);
        let hub = enrolled_hub(&cloud, &business, &branch, spec, &settings).await?;
        credentials.push(branch::terminals(&hub.core, &settings.data_dir, spec.terminals).await?);
        hubs.push((hub, settings));
    }
    // The courier company: its offices' hubs and desks.
    let company = courier::company(&cloud).await.context("the demo's courier company")?;
    let shop = shop::open(&cloud, &company, &cli.dir).await.context("the demo client's online shop")?;
    let mut cargo_hubs = Vec::with_capacity(courier::OFFICES.len());
    for (office, branch) in courier::OFFICES.iter().zip(&company.branches) {
        let settings = office.hub_settings(&cli.dir);
        let hub = enrolled_hub(&cloud, &company.business, branch, &office.spec, &settings).await?;
        cargo_hubs.push((hub, settings));
    }
    let mut desks = [
        courier::desk(&cargo_hubs[0].0.core, &cargo_hubs[0].1.data_dir).await?,
        courier::desk(&cargo_hubs[1].0.core, &cargo_hubs[1].1.data_dir).await?,
    ];
    let first_branch = world::branch(&cloud, &business, SPECS[0].name, SPECS[0].address, SPECS[0].phone).await?;
    let (admin, admin_password) = world::billing(&cloud, &business, &first_branch, &cli.dir)
        .await
        .context("the demo's billing (payments through the simulators, Multicard, the administrator)")?;
    let (telegram_web, telegram_linked) =
        world::telegram(&cloud, &providers).await.context("the demo owner's Telegram")?;
    println!("POS platform demo: the cloud, three branches with their own edge hubs and terminals");
    println!("  owner portal  {}/", cloud.url());
    println!("  demo login    phone {}   password {}", world::PHONE, world::PASSWORD);
    println!(
        "  admin         {}/admin/login   login {admin}   temporary password {admin_password} (changed at the first sign-in)",
        cloud.url()
    );
    println!(
        "  payments      Payme sim http://{}   Click sim http://{}   Multicard sim http://{} (store {}, on {})",
        providers.payme,
        providers.click,
        providers.multicard,
        world::MULTICARD_STORE,
        SPECS[0].name
    );
    println!("  test card     {} (Obuna → Karta)", world::TEST_CARD);
    println!(
        "  telegram      {telegram_web}   the portal inside a simulated Telegram web client, signed in as the demo owner (add ?theme=dark); bot @{} (Bot API sim http://{}, what it sent: /sim/sent)",
        world::BOT_USERNAME,
        providers.telegram
    );
    println!("  courier       {}/cargo/{}/login   cabinet of {}", cloud.url(), courier::SLUG, courier::NAME);
    println!(
        "  cargo login   phone {}   password {}   (a business client: Biznes has two contracts, their acts and invoices)",
        courier::CLIENT_PHONE,
        courier::CLIENT_PASSWORD
    );
    println!(
        "  shop API      {}/api/cargo/v1/shipments   key {}   test mode key {}   (keys, webhook and its delivery log: Biznes → API va webhooklar; the sandbox: Biznes → Test rejimi)",
        cloud.url(),
        shop.key,
        shop.test_key
    );
    println!(
        "  operators     {}/cargo-ops   (shipments, pickups, appeals, tariff, balances and contracts, online payment, legal details) phone {}   password {}",
        cloud.url(),
        courier::OWNER_PHONE,
        courier::OWNER_PASSWORD
    );
    let offices = courier::OFFICES.iter().map(|o| &o.spec);
    for (spec, (hub, settings)) in SPECS.iter().chain(offices).zip(hubs.iter().chain(&cargo_hubs)) {
        println!(
            "  {:<28} hub http://{}/   MQTT {}   pairing {}   hub id {}   technician {}",
            spec.name,
            hub.status_addr,
            hub.core.broker.mqtt_addr,
            settings.mqtt.pairing_listen.map_or_else(String::new, |a| a.to_string()),
            hub.core.pairing.hub_key().fingerprint(),
            edge_hub::technician::passphrase(&settings.data_dir).unwrap_or_else(|e| e.to_string()),
        );
    }
    println!(
        "  pairing       a hub's pairing listener admits devices while its window is open: \"Open pairing\" on its page /pair with the technician secret above, or a QR code / POS login in the portal"
    );
    println!("  data          {} (delete it to start afresh)", cli.dir.display());

    let history_started = Instant::now();
    let mut imports = JoinSet::new();
    for (i, (spec, (hub, settings))) in SPECS.iter().zip(&hubs).enumerate() {
        let core = std::sync::Arc::clone(&hub.core);
        let (dir, creds, days) = (settings.data_dir.clone(), credentials[i].clone(), cli.days);
        imports.spawn(async move { (i, branch::history(core, spec, &dir, &creds, days).await) });
    }
    let cargo = courier::history(&cloud.state.db, &company, &mut desks, &cli.dir)
        .await
        .context("the courier company's history")?;
    let mut figures = [None; 3];
    while let Some(done) = imports.join_next().await {
        let (i, result) = done.context("a history import stopped")?;
        figures[i] = Some(result.with_context(|| format!("the history of {}", SPECS[i].name))?);
    }
    let figures: Vec<Figures> = figures.into_iter().flatten().collect();
    let built = figures.iter().any(|f| f.built_in.is_some());
    if built {
        println!(
            "  history built and handed to the hubs in {:.1} s; the hubs sync it to the cloud…",
            secs(history_started)
        );
    }
    wait_synced(&hubs).await?;
    wait_synced(&cargo_hubs).await?;
    if telegram_linked {
        world::telegram_summary_now(&cloud).await.context("the demo owner's summary time")?;
        println!(
            "  telegram: the demo owner's summary of yesterday reaches the bot's chat within a minute (/sim/sent)"
        );
    }
    let (orders, events) = figures.iter().fold((0, 0), |(o, e), f| (o + f.orders, e + f.events));
    let days = figures.iter().map(|f| f.days).max().unwrap_or(cli.days);
    if built {
        println!(
            "history: {days} days, {orders} orders, {events} events in {:.1} s (built, ingested, synced)",
            secs(history_started)
        );
    } else {
        println!("history: {days} days, {orders} orders, {events} events (built on the first start)");
    }
    for (spec, f) in SPECS.iter().zip(&figures) {
        println!("  {:<28} {:>6} orders {:>7} events", spec.name, f.orders, f.events);
    }

    let statuses: Vec<String> = cargo.by_status.iter().map(|(s, n)| format!("{s} {n}")).collect();
    if let Some(took) = cargo.built_in {
        println!(
            "courier: {} shipments ({} walk-ins), {} desk scans through the offices' hubs, scanned in {:.1} s, synced",
            cargo.shipments(),
            cargo.walk_ins,
            cargo.scans,
            took.as_secs_f64()
        );
    } else {
        println!(
            "courier: {} shipments ({} walk-ins), {} desk scans (built on the first start)",
            cargo.shipments(),
            cargo.walk_ins,
            cargo.scans
        );
    }
    println!("  {}", statuses.join(", "));
    money::settle(&cloud.state.db, &company).await.context("the courier client's money")?;
    let paid = courier::click(&cloud, &company, &providers.click_services)
        .await
        .context("the courier company's own Click service")?;
    if let Some(barcode) = paid {
        println!(
            "  the client paid shipment {barcode} through the company's own Click service (a receipt on /cargo/bts/payments)"
        );
    }
    let ordered = shop::order(&cloud, &shop).await.context("the demo shop's order through the API")?;
    println!(
        "  the client's online shop ordered {ordered} through the API (contract {}); its webhook receiver took {} signed status changes",
        shop.contract,
        shop.received.load(std::sync::atomic::Ordering::Relaxed)
    );
    let money =
        cloud.state.db.client_balance(&company.business, &company.client, cloud::cargo::ledger::Mode::Live).await?;
    println!(
        "  the client's balance {} (charged {}, paid {}, cash on delivery held {}): /cargo-ops/balances",
        web::format::money(money.total),
        web::format::money(money.charged),
        web::format::money(money.paid),
        web::format::money(money.cod_held)
    );

    let mut sales = JoinSet::new();
    let per_branch = cli.rate / SPECS.len() as f64;
    for (i, (spec, (hub, settings))) in SPECS.iter().zip(&hubs).enumerate() {
        let mut config =
            branch::live(hub.core.broker.mqtt_addr, vec![credentials[i][0].clone()], per_branch, &settings.data_dir);
        config.business = spec.business;
        config.catalog_tag = spec.catalog_tag();
        config.numbers_after = Some(figures[i].last_number);
        sales.spawn(async move { (i, load::run(config, |_| {}).await) });
    }
    let mut desk_work = tokio::spawn(courier::live(cloud.state.db.clone(), company, desks, Duration::from_secs(4)));
    println!(
        "ready in {:.1} s: one terminal per branch sells live ({} events/s in all). Ctrl-C stops it.",
        secs(started),
        cli.rate
    );

    let stopped = tokio::select! {
        Some(done) = sales.join_next() => sales_stopped(done),
        done = &mut desk_work => match done {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(e.context("the courier's live desk")),
            Err(e) => Err(anyhow::anyhow!("the courier's live desk: {e}")),
        },
        (i, result) = any_hub_stopped(&mut hubs) => {
            let why = result.err().map_or_else(|| "it stopped taking messages".to_owned(), |e| e.to_string());
            Err(anyhow::anyhow!("the hub of {} stopped: {why}", SPECS[i].name))
        }
        () = firmware_sim::shutdown::requested() => Ok(()),
    };
    sales.abort_all();
    desk_work.abort();
    for (hub, _) in hubs.into_iter().chain(cargo_hubs) {
        hub.shutdown().await.context("stopping a hub")?;
    }
    world::stop(cloud).await?;
    stopped
}

/// The branch's hub: enrolled with the cloud on the first start (its
/// credentials kept in its data dir), pointed at the cloud where it listens
/// now, started.
async fn enrolled_hub(
    cloud: &world::Cloud,
    business: &world::BusinessId,
    branch: &world::BranchId,
    spec: &branch::Spec,
    settings: &edge_hub::settings::Settings,
) -> anyhow::Result<Hub> {
    std::fs::create_dir_all(&settings.data_dir)?;
    match edge_hub::sync::CloudLink::load(&settings.cloud_link_path())? {
        None => {
            let code = world::enrolment_code(cloud, business, branch).await?;
            edge_hub::sync::enroll(settings, &cloud.url(), &code, &format!("demo hub ({})", spec.name))
                .await
                .with_context(|| format!("enrolling the hub of {}", spec.name))?;
        }
        // The demo's cloud may listen elsewhere this time (CLOUD__LISTEN):
        // its own hubs follow it, keeping their credentials.
        Some(mut link) if link.cloud_url != cloud.url() => {
            link.cloud_url = cloud.url();
            link.save(&settings.cloud_link_path())?;
        }
        Some(_) => {}
    }
    Hub::start(settings).await.with_context(|| {
        let [mqtt, pairing, status] = spec.ports;
        format!("starting the hub of {} (are ports {mqtt}, {pairing} and {status} free?)", spec.name)
    })
}

fn secs(since: Instant) -> f64 {
    since.elapsed().as_secs_f64()
}

/// Why a branch's live terminal stopped.
fn sales_stopped(
    done: Result<(usize, Result<LoadReport, firmware_sim::terminal::TerminalError>), tokio::task::JoinError>,
) -> anyhow::Result<()> {
    let (i, result) = done.context("live terminals")?;
    let report = result.with_context(|| format!("the live terminal of {}", SPECS[i].name))?;
    let why = report.terminals.iter().find_map(|t| t.error.clone()).unwrap_or_else(|| "no reason given".to_owned());
    bail!("the live terminal of {} stopped: {why}", SPECS[i].name)
}

/// Waits until one of the hubs' ingest pipelines stops (a storage failure);
/// returns its index and why.
async fn any_hub_stopped(hubs: &mut [(Hub, edge_hub::settings::Settings)]) -> (usize, Result<(), edge_hub::HubError>) {
    let mut waits: Vec<_> = hubs.iter_mut().map(|(hub, _)| Box::pin(hub.wait())).collect();
    std::future::poll_fn(|cx| {
        for (i, wait) in waits.iter_mut().enumerate() {
            if let std::task::Poll::Ready(result) = wait.as_mut().poll(cx) {
                return std::task::Poll::Ready((i, result));
            }
        }
        std::task::Poll::Pending
    })
    .await
}

/// Waits until every hub's outbox is empty: the cloud has acknowledged (and
/// so applied, rollups included) everything the hubs hold.
async fn wait_synced(hubs: &[(Hub, edge_hub::settings::Settings)]) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut last_report = Instant::now();
    loop {
        let left: u64 = hubs.iter().map(|(h, _)| h.core.store.outbox_depth()).sum();
        if left == 0 {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the hubs still hold {left} events the cloud has not acknowledged after 10 minutes");
        }
        if last_report.elapsed() > Duration::from_secs(5) {
            println!("  syncing: {left} events still to reach the cloud");
            last_report = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A hub with simulated terminals selling until Ctrl-C; no cloud.
async fn hub_only(cli: &Cli) -> anyhow::Result<()> {
    let settings = edge_hub::settings::Settings::load(cli.config.as_deref())?;
    let mut hub = Hub::start(&settings).await.context("starting the hub")?;
    let config = branch::hub_only_terminals(&hub, &settings.data_dir, cli.terminals, cli.rate, cli.business).await?;
    println!("Edge hub demo: {} simulated terminals selling at {} events/s", cli.terminals, cli.rate);
    println!("  status page  http://{}/", hub.status_addr);
    println!("  metrics      http://{}/metrics", hub.status_addr);
    println!("  MQTT         {}   data in {}", hub.core.broker.mqtt_addr, settings.data_dir.display());
    println!("Ctrl-C stops it.");
    let (progress_tx, progress_rx) = tokio::sync::oneshot::channel();
    let load = load::run(config, move |progress| {
        let _ = progress_tx.send(progress);
    });
    let report = async {
        if let Ok(progress) = progress_rx.await {
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            loop {
                tick.tick().await;
                let (recorded, acked, pending, connected) = progress.totals();
                println!("terminals: recorded={recorded} acked={acked} pending={pending} connected={connected}");
            }
        }
        std::future::pending::<()>().await;
    };
    tokio::select! {
        result = load => { result.context("simulated terminals")?; }
        () = report => {}
        result = hub.wait() => result.context("the hub stopped")?,
        () = firmware_sim::shutdown::requested() => {}
    }
    hub.shutdown().await.context("stopping the hub")?;
    Ok(())
}
