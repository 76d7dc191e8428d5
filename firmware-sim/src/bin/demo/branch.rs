//! One demo branch: its hub (enrolled with the cloud with the branch's
//! code), its terminals (provisioned on the first start, kept in the hub's
//! data dir), and its history (built once, through the hub's ingest).

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use edge_hub::HubCore;
use edge_hub::settings::Settings;
use firmware_sim::history::{self, HistoryOptions};
use firmware_sim::{Branch, Business, LoadConfig, Outbox};
use protocol::sync::TerminalRole;
use protocol::{TerminalCredential, TerminalId, Timestamp};

/// What one demo branch is.
#[derive(Debug)]
pub struct Spec {
    /// What it sells.
    pub business: Business,
    /// Its name in the portal.
    pub name: &'static str,
    /// Its address.
    pub address: &'static str,
    /// Its phone.
    pub phone: &'static str,
    /// Its terminals; the first one keeps selling live.
    pub terminals: &'static [&'static str],
    /// The hub's MQTT, pairing and status ports (clear of a hub's defaults
    /// 1883, 1884 and 8081, so the demo runs next to one).
    pub ports: [u16; 3],
    /// Seed of its history.
    pub seed: u64,
}

/// The three branches of the demo business.
pub static SPECS: [Spec; 3] = [
    Spec {
        business: Business::Cafe,
        name: "Nur Kafe - Yunusobod",
        address: "Toshkent, Yunusobod 4-kvartal, 12",
        phone: "+998712000001",
        terminals: &["Kassa 1", "Kassa 2"],
        ports: [18831, 18841, 18081],
        seed: 2_026_001,
    },
    Spec {
        business: Business::Restaurant,
        name: "Nur Restoran - Chilonzor",
        address: "Toshkent, Chilonzor 9-kvartal, 3",
        phone: "+998712000002",
        terminals: &["Kassa", "Ofitsiant 1", "Ofitsiant 2"],
        ports: [18832, 18842, 18082],
        seed: 2_026_002,
    },
    Spec {
        business: Business::Shop,
        name: "Nur Market - Mirzo Ulug'bek",
        address: "Toshkent, Mirzo Ulug'bek, Buyuk Ipak Yo'li 45",
        phone: "+998712000003",
        terminals: &["Kassa 1", "Kassa 2"],
        ports: [18833, 18843, 18083],
        seed: 2_026_003,
    },
];

/// How long the demo's hubs keep orders and payments: a year and a bit,
/// longer than any history `--days` allows.
pub const DEMO_RETENTION_S: u64 = 400 * 86_400;

impl Spec {
    /// Its hub's settings, data under `root/hubs/<kind>`.
    pub fn hub_settings(&self, root: &Path) -> Settings {
        let local = |port| SocketAddr::from(([127, 0, 0, 1], port));
        let mut settings = Settings { data_dir: root.join("hubs").join(self.business.name()), ..Settings::default() };
        settings.mqtt.listen = local(self.ports[0]);
        settings.mqtt.pairing_listen = Some(local(self.ports[1]));
        settings.status.listen = local(self.ports[2]);
        // The history is backdated up to `--days` before now and handed to
        // the hub in bulk: with the usual 35 days the archive scan would drop
        // an old order between two of its revisions (a manager's void comes
        // minutes of history time later, but after the order was archived)
        // and refuse the second as a version gap. The demo's hubs keep what
        // its longest history holds.
        settings.store.retention_s = DEMO_RETENTION_S;
        settings
    }

    /// Ids of its catalog, staff and places (history and live terminals agree on them).
    pub fn catalog_tag(&self) -> String {
        format!("demo/{}", self.business.name())
    }
}

/// Where a terminal's outbox lives (and its sequence counter, which the
/// history takes its numbers from).
fn outboxes(data_dir: &Path) -> PathBuf {
    data_dir.join("demo-outboxes")
}

/// Provisions (or reloads) one terminal per name; credentials are kept in
/// `data_dir/demo-terminals.txt`, so a restarted demo sells as the same
/// terminals.
pub async fn terminals(hub: &HubCore, data_dir: &Path, names: &[&str]) -> anyhow::Result<Vec<TerminalCredential>> {
    let path = data_dir.join("demo-terminals.txt");
    let mut credentials = match std::fs::read_to_string(&path) {
        Ok(text) => firmware_sim::parse_credentials(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        Err(_) => Vec::new(),
    };
    credentials.retain(|c| hub.terminals.get(c.terminal).is_some_and(|r| r.is_active()));
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&path)?;
    while credentials.len() < names.len() {
        // The first till is the manager's: it keeps the catalog, and voids or refunds when needed.
        let role = if credentials.is_empty() { TerminalRole::Manager } else { TerminalRole::Cashier };
        let credential = hub.provision(names[credentials.len()], role).await?;
        writeln!(file, "{}", credential.to_text())?;
        file.sync_all()?;
        credentials.push(credential);
    }
    credentials.truncate(names.len());
    Ok(credentials)
}

/// A hub-only demo's terminals: `count` of them, "Kassa 1" …, selling
/// `rate` events/s in all for `business`, outboxes on disk.
pub async fn hub_only_terminals(
    hub: &edge_hub::Hub,
    data_dir: &Path,
    count: usize,
    rate: f64,
    business: Business,
) -> anyhow::Result<LoadConfig> {
    let names: Vec<String> = (1..=count).map(|n| format!("Kassa {n}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let credentials = terminals(&hub.core, data_dir, &names).await?;
    let mqtt = hub.core.broker.mqtt_addr;
    let mut config = live(mqtt, credentials, rate, data_dir);
    config.business = business;
    Ok(config)
}

/// Terminals selling live at `rate` events/s in all, outboxes on disk.
pub fn live(mqtt: SocketAddr, credentials: Vec<TerminalCredential>, rate: f64, data_dir: &Path) -> LoadConfig {
    let mut config = LoadConfig::new(mqtt.ip().to_string(), mqtt.port(), credentials);
    config.rate = rate.max(0.01);
    config.duration = Duration::MAX;
    config.outbox_dir = Some(outboxes(data_dir));
    config.seed = rand::random();
    config
}

/// A branch's history, as built (now or on an earlier start).
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Days covered.
    pub days: u32,
    /// Orders.
    pub orders: u64,
    /// Events the terminals sent.
    pub events: u64,
    /// How long building it took, when it was built by this start.
    pub built_in: Option<Duration>,
    /// The history's present and its last order number that day, for the
    /// live terminals to carry on from.
    pub last_number: (Timestamp, u32),
}

/// `demo-history.txt` in the hub's data dir: the plan (written before the
/// import, so that an interrupted import is repeated exactly and the hub
/// deduplicates what it already has), then the figures once it is durable.
#[derive(Debug, Default)]
struct Record {
    now_ms: Option<i64>,
    days: Option<u32>,
    orders: Option<u64>,
    events: Option<u64>,
    last_number: Option<u32>,
}

impl Record {
    fn load(path: &Path) -> anyhow::Result<Record> {
        let Ok(text) = std::fs::read_to_string(path) else { return Ok(Record::default()) };
        let mut record = Record::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else { continue };
            let bad = || format!("{}: bad {key}", path.display());
            match key.trim() {
                "now_ms" => record.now_ms = Some(value.trim().parse().with_context(bad)?),
                "days" => record.days = Some(value.trim().parse().with_context(bad)?),
                "orders" => record.orders = Some(value.trim().parse().with_context(bad)?),
                "events" => record.events = Some(value.trim().parse().with_context(bad)?),
                "last_number" => record.last_number = Some(value.trim().parse().with_context(bad)?),
                _ => {}
            }
        }
        Ok(record)
    }

    fn save(&self, path: &Path) -> anyhow::Result<()> {
        let mut text = String::new();
        for (key, value) in [
            ("now_ms", self.now_ms.map(|v| v.to_string())),
            ("days", self.days.map(|v| v.to_string())),
            ("orders", self.orders.map(|v| v.to_string())),
            ("events", self.events.map(|v| v.to_string())),
            ("last_number", self.last_number.map(|v| v.to_string())),
        ] {
            if let Some(value) = value {
                text.push_str(&format!("{key}={value}\n"));
            }
        }
        let tmp = path.with_extension("tmp");
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    }
}

/// Most sealed messages handed to the hub in one call.
const INGEST_BATCH: usize = 20_000;

/// Builds the branch's `days` days of history on the first start: generated
/// with backdated times, sealed by its real terminals under sequence
/// numbers taken from their own counters, and handed to the hub's ingest in
/// big group commits (the same checks as MQTT messages). The hub's normal
/// sync client carries it to the cloud. Later starts only read the figures.
pub async fn history(
    hub: Arc<HubCore>,
    spec: &Spec,
    data_dir: &Path,
    credentials: &[TerminalCredential],
    days: u32,
) -> anyhow::Result<Figures> {
    let path = data_dir.join("demo-history.txt");
    let mut record = Record::load(&path)?;
    if let (Some(now), Some(days), Some(orders), Some(events)) =
        (record.now_ms, record.days, record.orders, record.events)
    {
        let last_number = (Timestamp(now), record.last_number.unwrap_or(0));
        return Ok(Figures { days, orders, events, built_in: None, last_number });
    }
    let started = Instant::now();
    let now = Timestamp(*record.now_ms.get_or_insert_with(|| Timestamp::now().0));
    let days = *record.days.get_or_insert(days);
    record.save(&path)?;
    let options = HistoryOptions { days, now, seed: spec.seed, terminals: credentials.len() };
    let branch = Branch::standard(spec.business, &spec.catalog_tag());
    let outbox_dir = outboxes(data_dir);
    let owned = credentials.to_vec();
    let Built { orders, last_number, mut sealed } =
        tokio::task::spawn_blocking(move || seal_history(&branch, &options, &owned, &outbox_dir))
            .await
            .context("the history generator stopped")??;
    let mut accepted = 0;
    while !sealed.is_empty() {
        let rest = sealed.split_off(sealed.len().min(INGEST_BATCH));
        let batch = std::mem::replace(&mut sealed, rest);
        let count = batch.len() as u64;
        let summary = hub.ingest_sealed(batch).await?;
        if summary.accepted != count {
            bail!(
                "{}: the hub accepted {} of {count} history events ({} refused, first rejection {:?})",
                spec.name,
                summary.accepted,
                summary.refused,
                summary.rejected.first()
            );
        }
        accepted += count;
    }
    record.orders = Some(orders);
    record.events = Some(accepted);
    record.last_number = Some(last_number);
    record.save(&path)?;
    let last_number = (now, last_number);
    Ok(Figures { days, orders, events: accepted, built_in: Some(started.elapsed()), last_number })
}

/// A generated history, sealed.
struct Built {
    /// Orders in it.
    orders: u64,
    /// The number of its last order on its last day.
    last_number: u32,
    /// Every terminal's sealed events, each terminal's in its order.
    sealed: Vec<(TerminalId, Vec<u8>)>,
}

/// Generates the history and seals each terminal's part under numbers it
/// reserves in that terminal's outbox, so the live terminal goes on after them.
fn seal_history(
    branch: &Branch,
    options: &HistoryOptions,
    credentials: &[TerminalCredential],
    outbox_dir: &Path,
) -> anyhow::Result<Built> {
    let generated = history::generate(branch, options);
    let mut streams = Vec::with_capacity(credentials.len());
    for (credential, events) in credentials.iter().zip(&generated.terminals) {
        let mut outbox = Outbox::open(&outbox_dir.join(credential.terminal.to_string()))?;
        let seqs = outbox.reserve(events.len() as u64)?;
        let times = events.iter().map(|e| e.version().updated_at);
        streams.push(times.zip(history::seal(credential, seqs.start, events)?).collect());
    }
    let sealed = by_time(streams);
    Ok(Built { orders: generated.orders, last_number: generated.last_number_today, sealed })
}

/// One sealed event and the terminal that sends it.
type Sealed = (TerminalId, Vec<u8>);

/// The terminals' streams merged as the hub would have received them live:
/// by time, each terminal's in its own order (so a manager's void of
/// another terminal's order comes after that order).
fn by_time(streams: Vec<Vec<(Timestamp, Sealed)>>) -> Vec<Sealed> {
    let total = streams.iter().map(Vec::len).sum();
    let mut heads: Vec<_> = streams.into_iter().map(|s| s.into_iter().peekable()).collect();
    let mut merged = Vec::with_capacity(total);
    loop {
        let next =
            heads.iter_mut().enumerate().filter_map(|(i, s)| s.peek().map(|(at, _)| (*at, i))).min().map(|(_, i)| i);
        let Some((_, message)) = next.and_then(|i| heads.get_mut(i)).and_then(Iterator::next) else { break };
        merged.push(message);
    }
    merged
}
