//! `sync-bench`: drains a hub's backlog of 1 000 000 events into the cloud
//! through the real sync client, the real HTTP endpoint and the real
//! database, and prints events/s and the drain time, first on SQLite, then
//! on PostgreSQL when `BENCH_POSTGRES_URL` (or `TEST_POSTGRES_URL`) names a
//! server. The last line is `events_per_s=<SQLite figure>`.
//!
//! The backlog is the simulator's restaurant flow (orders opened, items
//! added, confirmed, completed or cancelled, payments) from 100 terminals
//! over the last 30 days, written straight into the hub's sled outbox.
#![allow(clippy::print_stdout)] // a benchmark prints its figures

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser;
use cloud::Cloud;
use edge_hub::store::Store;
use firmware_sim::world;
use protocol::sync::TerminalRole;
use protocol::{TerminalId, Timestamp};
use sqlx::Connection as _;

#[derive(Parser)]
#[command(about = "Drain a hub's backlog into the cloud: events/s on SQLite (and PostgreSQL)")]
struct Args {
    /// Events in the backlog.
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// Terminals the events come from.
    #[arg(long, default_value_t = 100)]
    terminals: u64,
    /// Most events per sync batch (default: the hub's own setting).
    #[arg(long)]
    batch: Option<usize>,
    /// Events per group commit while the backlog is written (the hub's
    /// ingest commits what arrived during the previous flush: under load,
    /// about one event per terminal).
    #[arg(long, default_value_t = 100)]
    group: usize,
    /// Skip PostgreSQL even when a URL is set.
    #[arg(long)]
    sqlite_only: bool,
}

fn backlog(dir: &Path, events: u64, terminals: u64, group_size: usize) -> anyhow::Result<()> {
    let store = Store::open(&dir.join("db"), 64 * 1024 * 1024)?;
    let branch = Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, "bench"));
    let ids: Vec<TerminalId> = (0..terminals).map(|i| TerminalId::from_name(&format!("bench-{i}"))).collect();
    let mut flows: Vec<firmware_sim::Flow> =
        (0..terminals).map(|i| firmware_sim::Flow::new(Arc::clone(&branch), i + 1, false)).collect();
    let mut seqs = vec![0u64; terminals as usize];
    let start = Timestamp::now().0 - 30 * 24 * 3_600_000;
    let step = (30 * 24 * 3_600_000) / i64::try_from(events.max(1))?;
    // Catalog snapshots the flow repeats at an unchanged version are
    // superseded at the hub and never reach the outbox: keep selling until
    // the outbox holds `events` entries.
    let mut group = store.begin();
    let mut queued = 0u64;
    let mut n = 0u64;
    while queued < events {
        let t = (n % terminals) as usize;
        seqs[t] += 1;
        let at = Timestamp(start + i64::try_from(n.min(events))? * step);
        let event = flows[t].next_event(at);
        if group.record(ids[t], TerminalRole::Manager, seqs[t], [0; 16], &event, at)?
            == edge_hub::store::Recorded::Applied
        {
            queued += 1;
        }
        n += 1;
        if group.len() >= group_size {
            store.commit(group)?;
            group = store.begin();
        }
    }
    store.commit(group)?;
    futures_block(store.flush())?;
    anyhow::ensure!(store.outbox_depth() == events, "the outbox holds {} events, not {events}", store.outbox_depth());
    Ok(())
}

fn futures_block<F: std::future::Future>(f: F) -> F::Output {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(f))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

struct Run {
    events: u64,
    seconds: f64,
    batches: f64,
}

async fn drain(database_url: &str, work: &Path, hub_template: &Path, events: u64, batch: usize) -> anyhow::Result<Run> {
    let mut settings = cloud::settings::Settings::default();
    settings.listen = "127.0.0.1:0".parse()?;
    settings.data_dir = work.join("cloud");
    settings.database_url = cloud::settings::Secret::new(database_url);
    let state = cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?;
    let cloud = Cloud::start(state).await?;
    let business = world::business(&cloud).await?;
    let branch = world::branch(&cloud, &business, "Chilonzor filiali", "Toshkent, Chilonzor 9-kvartal", "").await?;
    let hub_dir = work.join("hub");
    copy_dir(hub_template, &hub_dir)?;
    let mut hub_settings = edge_hub::settings::Settings { data_dir: hub_dir.clone(), ..Default::default() };
    // The broker needs a concrete port; nothing connects to it here.
    hub_settings.mqtt.listen = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
    hub_settings.status.listen = "127.0.0.1:0".parse()?;
    hub_settings.mqtt.pairing_listen = None;
    hub_settings.sync.batch_events = batch;
    let code = world::enrolment_code(&cloud, &business, &branch).await?;
    edge_hub::sync::enroll(&hub_settings, &cloud.url(), &code, "bench hub").await?;
    let started = Instant::now();
    let hub = edge_hub::Hub::start(&hub_settings).await?;
    let after_start = started.elapsed().as_secs_f64();
    while hub.core.store.outbox_depth() > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        anyhow::ensure!(started.elapsed() < Duration::from_secs(3_600), "the backlog did not drain within an hour");
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("  hub started in {after_start:.2} s (syncing from its first moment)");
    let batches = edge_hub_metric(&cloud.state.metrics.encode(), "cloud_sync_calls_total{outcome=\"applied\"}");
    let cloud_metrics = cloud.state.metrics.encode();
    let apply = edge_hub_metric(&cloud_metrics, "cloud_sync_apply_seconds_sum");
    let calls = edge_hub_metric(&cloud_metrics, "cloud_sync_apply_seconds_count");
    let snapshots = edge_hub_metric(&cloud_metrics, "cloud_sync_events_total{outcome=\"applied\"}")
        + edge_hub_metric(&cloud_metrics, "cloud_sync_events_total{outcome=\"superseded\"}");
    println!(
        "  cloud: {calls} sync calls carrying {snapshots} snapshots (every revision of every entity travels), \
         {apply:.2} s of it applying them in the database"
    );
    let totals = cloud.state.db.totals(&business, None).await?;
    let (orders, items, payments) = cloud.state.db.raw_counts(&business).await?;
    println!(
        "  in the cloud: {orders} orders, {items} order items, {payments} payments; rollups: {} completed orders, revenue {} tiyin",
        totals.orders, totals.revenue
    );
    hub.shutdown().await?;
    cloud.shutdown().await?;
    Ok(Run { events, seconds, batches })
}

fn edge_hub_metric(text: &str, series: &str) -> f64 {
    text.lines().find_map(|l| l.strip_prefix(series).and_then(|v| v.trim().parse().ok())).unwrap_or(0.0)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,rumqttd=off")),
        )
        .with_writer(std::io::stderr)
        .init();
    cloud::install_crypto_provider();
    let mut args = Args::parse();
    let batch = *args.batch.get_or_insert(edge_hub::settings::SyncSettings::default().batch_events);
    let dir = tempfile::tempdir()?;
    let template = dir.path().join("hub-template");
    println!(
        "sync-bench: {} events from {} terminals (group commits of {}), batches of up to {}",
        args.events, args.terminals, args.group, batch
    );
    let t = Instant::now();
    std::fs::create_dir_all(&template)?;
    tokio::task::block_in_place(|| backlog(&template, args.events, args.terminals, args.group))
        .context("building the backlog")?;
    println!("  backlog written to sled in {:.1} s", t.elapsed().as_secs_f64());

    let sqlite_dir = dir.path().join("sqlite");
    let url = format!("sqlite://{}?mode=rwc", sqlite_dir.join("cloud.db").display());
    std::fs::create_dir_all(&sqlite_dir)?;
    let sqlite = drain(&url, &sqlite_dir, &template, args.events, batch).await?;
    let sqlite_rate = sqlite.events as f64 / sqlite.seconds;
    println!(
        "sqlite:   {} events drained in {:.2} s = {:.0} events/s ({} batches)",
        sqlite.events, sqlite.seconds, sqlite_rate, sqlite.batches
    );

    let pg = std::env::var("BENCH_POSTGRES_URL").or_else(|_| std::env::var("TEST_POSTGRES_URL")).ok();
    match (pg, args.sqlite_only) {
        (Some(admin), false) => {
            sqlx::any::install_default_drivers();
            let name = format!("bench_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::AnyConnection::connect(&admin).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await?;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            let pg_dir = dir.path().join("postgres");
            std::fs::create_dir_all(&pg_dir)?;
            let run = drain(&format!("{base}/{name}"), &pg_dir, &template, args.events, batch).await;
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(&mut conn).await?;
            let run = run?;
            println!(
                "postgres: {} events drained in {:.2} s = {:.0} events/s ({} batches)",
                run.events,
                run.seconds,
                run.events as f64 / run.seconds,
                run.batches
            );
        }
        _ => println!("postgres: skipped (set BENCH_POSTGRES_URL or TEST_POSTGRES_URL to a server to include it)"),
    }
    println!("events_per_s={sqlite_rate:.0}");
    Ok(())
}
