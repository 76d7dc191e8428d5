//! Dashboard benchmark: builds a business with 20 branches and 5 000 000
//! orders over the last year in SQLite (through the real sync path, so the
//! rollups are the ones production keeps), then measures in the same run:
//!
//! - the dashboard's server time (the real router: session, branch list,
//!   queries on the rollups, SVG charts, template) for 7, 30 and 90 days;
//! - the same figures computed from the raw order rows (what the dashboard
//!   would cost without rollups), checked equal to the dashboard's;
//! - the compressed transfer size of every page (HTML + CSS + JS, gzip).
//!
//! Last line: `speedup_vs_raw=<raw p95 ÷ dashboard p95 for 90 days>`.
//!
//! `dashboard-bench [--orders 5000000] [--branches 20] [--runs 30] [--raw-runs 5] [--dir PATH]`
//! (`--dir` keeps the database, and a later run with the same `--dir` reuses
//! it instead of building it again).
#![allow(clippy::print_stdout)] // a benchmark prints its figures

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use axum::body::Body;
use axum::http::{Request, header};
use cloud::branches::store::HubAuth;
use cloud::db::Db;
use cloud::ids::{BranchId, BusinessId};
use cloud::portal::store::{Period, Scope};
use protocol::sync::{Batch, HubStatus, SYNC_VERSION, SyncEvent, SyncRequest};

/// The grace period the cloud uses by default (hub configs need one).
const GRACE_MS: i64 = 7 * 86_400_000;
use protocol::{EventBody, Money, Order, OrderId, OrderItem, OrderStatus, Quantity, TerminalId, Timestamp};
use rand::rngs::SmallRng;
use rand::{Rng as _, SeedableRng as _};
use tower::ServiceExt as _;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
const BATCH: usize = 20_000;

struct Args {
    orders: usize,
    branches: usize,
    runs: usize,
    /// Timed runs of the raw computation (each takes seconds at full size).
    raw_runs: usize,
    /// Keep (and reuse) the database here instead of a temporary directory.
    dir: Option<std::path::PathBuf>,
}

impl Args {
    fn parse() -> anyhow::Result<Args> {
        let mut a = Args { orders: 5_000_000, branches: 20, runs: 30, raw_runs: 5, dir: None };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().with_context(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--orders" => a.orders = value.parse()?,
                "--branches" => a.branches = value.parse()?,
                "--runs" => a.runs = value.parse()?,
                "--raw-runs" => a.raw_runs = value.parse()?,
                "--dir" => a.dir = Some(value.into()),
                other => bail!("unknown option {other}"),
            }
        }
        if a.branches == 0 || a.runs == 0 || a.raw_runs == 0 {
            bail!("--branches, --runs and --raw-runs must be positive");
        }
        Ok(a)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// An hour of the day weighted like a café's: quiet at night, busy at lunch and dinner.
fn busy_hour(rng: &mut SmallRng) -> i64 {
    const WEIGHTS: [u32; 24] = [1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 10, 14, 13, 9, 8, 9, 11, 14, 15, 12, 8, 4, 2];
    let total: u32 = WEIGHTS.iter().sum();
    let mut pick = rng.random_range(0..total);
    for (h, w) in WEIGHTS.iter().enumerate() {
        if pick < *w {
            return h as i64;
        }
        pick -= w;
    }
    23
}

/// Builds the business through `apply_sync`, one hub per branch.
async fn build(db: &Db, business: &BusinessId, args: &Args, now: i64) -> anyhow::Result<Vec<BranchId>> {
    let mut rng = SmallRng::seed_from_u64(2026);
    let mut hubs = Vec::new();
    let mut catalogs = Vec::new();
    for b in 0..args.branches {
        let branch_id = BranchId::new();
        let hub_id = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO branches (id, business_id, name, address, phone, active, created_at) VALUES ($1, $2, $3, '', '', 1, $4)")
            .bind(&branch_id).bind(business).bind(format!("Filial {:02}", b + 1)).bind(now)
            .execute(&db.pool).await?;
        sqlx::query("INSERT INTO hubs (id, business_id, branch_id, name, secret_hash, created_at) VALUES ($1, $2, $3, 'bench', '-', $4)")
            .bind(&hub_id).bind(business).bind(&branch_id).bind(now)
            .execute(&db.pool).await?;
        let catalog = firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, &format!("bench-{b}"));
        hubs.push(HubAuth { hub_id, branch_id: branch_id.clone(), business_id: business.clone() });
        catalogs.push(catalog);
    }
    let terminal = TerminalId::new();
    let mut seqs = vec![0_u64; args.branches];
    let mut send = |b: usize, events: Vec<EventBody>| {
        seqs[b] += 1;
        let seq = seqs[b];
        SyncRequest {
            version: SYNC_VERSION,
            batch: Some(Batch {
                seq,
                events: events
                    .into_iter()
                    .enumerate()
                    .map(|(i, event)| SyncEvent {
                        terminal,
                        seq: seq * 1_000_000 + i as u64,
                        received_at: Timestamp(now),
                        event,
                    })
                    .collect(),
            }),
            config_have: u64::MAX,
            terminals: None,
            status: HubStatus::default(),
        }
    };
    for (b, c) in catalogs.iter().enumerate() {
        let mut events: Vec<EventBody> = c.products.iter().cloned().map(EventBody::Product).collect();
        events.extend(c.employees.iter().cloned().map(EventBody::Employee));
        events.extend(c.places.iter().cloned().map(EventBody::Place));
        db.apply_sync(&hubs[b], &send(b, events), GRACE_MS).await?;
    }
    let per_branch = args.orders / args.branches;
    let start = now - 365 * DAY;
    let t = Instant::now();
    let mut done = 0;
    for (b, c) in catalogs.iter().enumerate() {
        let products: Vec<_> = c.products.iter().filter(|p| p.active).collect();
        let mut pending = Vec::with_capacity(BATCH);
        for n in 0..per_branch {
            let day = start.div_euclid(DAY) + rng.random_range(0..365);
            let created = day * DAY - 5 * HOUR + busy_hour(&mut rng) * HOUR + rng.random_range(0..HOUR);
            let created = created.min(now - 1);
            let place = &c.places[rng.random_range(0..c.places.len())];
            let lines = rng.random_range(1..=3);
            let items: Vec<OrderItem> = (0..lines)
                .map(|_| {
                    let p = products[rng.random_range(0..products.len())];
                    OrderItem {
                        product: p.id,
                        name: p.name.clone(),
                        qty: Quantity::from_milli(rng.random_range(1..=3) * 1000),
                        unit_price: p.price,
                        cost_price: p.cost,
                    }
                })
                .collect();
            let status = match rng.random_range(0..100) {
                0..85 => OrderStatus::Completed,
                85..90 => OrderStatus::Cancelled,
                90..95 => OrderStatus::Confirmed,
                _ => OrderStatus::Open,
            };
            let items_total: Money =
                items.iter().filter_map(|i| i.unit_price.times(i.qty)).fold(Money::ZERO, Money::saturating_add);
            let service = items_total.percent_bp(place.service_bp).unwrap_or(Money::ZERO);
            pending.push(EventBody::Order(Order {
                id: OrderId::new(),
                revision: 1,
                number: (n % 500 + 1) as u32,
                place: Some(place.id),
                employee: c.employees[rng.random_range(0..c.employees.len())].id,
                items,
                service_charge: service,
                status,
                created_at: Timestamp(created),
                closed_at: (status == OrderStatus::Completed).then_some(Timestamp(created + 40 * 60_000)),
                updated_at: Timestamp(created),
            }));
            if pending.len() == BATCH {
                db.apply_sync(&hubs[b], &send(b, std::mem::take(&mut pending)), GRACE_MS).await?;
                done += BATCH;
                if done / 500_000 != (done - BATCH) / 500_000 {
                    println!("  {done} orders in {:.0} s", t.elapsed().as_secs_f64());
                }
            }
        }
        if !pending.is_empty() {
            done += pending.len();
            db.apply_sync(&hubs[b], &send(b, pending), GRACE_MS).await?;
        }
    }
    println!("  {done} orders synced in {:.0} s", t.elapsed().as_secs_f64());
    Ok(hubs.into_iter().map(|h| h.branch_id).collect())
}

/// The dashboard's figures straight from the raw rows.
#[derive(Debug, PartialEq, Eq)]
struct Raw {
    kpis: (i64, i64, i64, i64),
    previous: (i64, i64, i64, i64),
    hours: [i64; 24],
    products: Vec<(String, i64, i64)>,
    recent: Vec<String>,
}

async fn raw_kpis(db: &Db, scope: &Scope, p: Period) -> anyhow::Result<(i64, i64, i64, i64)> {
    let row: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), \
         CAST(COALESCE(SUM(CASE WHEN status = 'completed' THEN items_total + service_charge ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'completed' THEN items_total - cost_total ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN status = 'completed' THEN service_charge ELSE 0 END), 0) AS BIGINT) \
         FROM orders WHERE business_id = $1 AND ($2 = '' OR branch_id = $2) AND created_at >= $3 AND created_at < $4",
    )
    .bind(&scope.business_id)
    .bind(scope.branch_id.as_deref().unwrap_or(""))
    .bind(p.from_ms)
    .bind(p.to_ms)
    .fetch_one(&db.pool)
    .await?;
    Ok(row)
}

async fn raw(db: &Db, scope: &Scope, p: Period) -> anyhow::Result<Raw> {
    let branch = scope.branch_id.as_deref().unwrap_or("");
    let previous = Period { from_ms: 2 * p.from_ms - p.to_ms, to_ms: p.from_ms };
    let kpis = raw_kpis(db, scope, p).await?;
    let prev = raw_kpis(db, scope, previous).await?;
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT ((created_at + 18000000) / 3600000) % 24, COUNT(*) FROM orders \
         WHERE business_id = $1 AND ($2 = '' OR branch_id = $2) AND created_at >= $3 AND created_at < $4 \
         GROUP BY ((created_at + 18000000) / 3600000) % 24",
    )
    .bind(&scope.business_id)
    .bind(branch)
    .bind(p.from_ms)
    .bind(p.to_ms)
    .fetch_all(&db.pool)
    .await?;
    let mut hours = [0; 24];
    for (h, n) in rows {
        hours[h.rem_euclid(24) as usize] += n;
    }
    // One branch: per product; every branch: per name sold under (as the dashboard defines it).
    let key = if branch.is_empty() { "i.name" } else { "i.product_id" };
    let mut products: Vec<(String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {key}, CAST(SUM(i.qty_milli) AS BIGINT), CAST(SUM(i.total) AS BIGINT) FROM orders o \
         JOIN order_items i ON i.order_id = o.id WHERE o.business_id = $1 AND ($2 = '' OR o.branch_id = $2) \
         AND o.created_at >= $3 AND o.created_at < $4 AND o.status = 'completed' GROUP BY {key}"
    )))
    .bind(&scope.business_id)
    .bind(branch)
    .bind(p.from_ms)
    .bind(p.to_ms)
    .fetch_all(&db.pool)
    .await?;
    products.sort();
    let recent: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM orders WHERE business_id = $1 AND ($2 = '' OR branch_id = $2) AND created_at >= $3 \
         AND created_at < $4 ORDER BY created_at DESC, id LIMIT 10",
    )
    .bind(&scope.business_id)
    .bind(branch)
    .bind(p.from_ms)
    .bind(p.to_ms)
    .fetch_all(&db.pool)
    .await?;
    Ok(Raw { kpis, previous: prev, hours, products, recent })
}

/// The same figures as the dashboard gets them from the rollups.
async fn rolled(db: &Db, scope: &Scope, p: Period) -> anyhow::Result<Raw> {
    let previous = Period { from_ms: 2 * p.from_ms - p.to_ms, to_ms: p.from_ms };
    let k = db.kpis(scope, p).await?;
    let pk = db.kpis(scope, previous).await?;
    let mut products: Vec<(String, i64, i64)> =
        db.product_figures(scope, Some(p)).await?.into_iter().map(|f| (f.id, f.qty_milli, f.revenue)).collect();
    products.sort();
    Ok(Raw {
        kpis: (k.orders, k.revenue, k.product_profit, k.service_charge),
        previous: (pk.orders, pk.revenue, pk.product_profit, pk.service_charge),
        hours: db.orders_by_hour(scope, p).await?,
        products,
        recent: db.recent_orders(scope, p, 10).await?.into_iter().map(|o| o.id).collect(),
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse()?;
    let temp = tempfile::tempdir()?;
    let data_dir = args.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    let reuse = data_dir.join("cloud.db").exists();
    let settings = cloud::settings::Settings { data_dir, ..Default::default() };
    let state = cloud::state(settings, std::sync::Arc::new(cloud::sms::LogSms::default())).await?;
    let db = state.db.clone();
    println!("dashboard-bench: {} orders across {} branches over a year, SQLite", args.orders, args.branches);
    let phone = "+998901112233";
    let password = "bench-parol-2026";
    if !reuse {
        state
            .accounts
            .create_owner_directly(
                phone,
                &cloud::accounts::Details {
                    first_name: "Bench".into(),
                    last_name: "Egasi".into(),
                    business_name: "Bench biznes".into(),
                    password: password.into(),
                    password_confirm: password.into(),
                },
            )
            .await?;
    }
    let business = db.owner_by_phone(phone).await?.business_id;
    let now = cloud::db::now_ms();
    let branches = if reuse {
        println!("  reusing the database in {}", state.settings.data_dir.display());
        sqlx::query_scalar::<_, BranchId>("SELECT id FROM branches WHERE business_id = $1 ORDER BY name")
            .bind(&business)
            .fetch_all(&db.pool)
            .await?
    } else {
        let t = Instant::now();
        let branches = build(&db, &business, &args, now).await?;
        sqlx::query("ANALYZE").execute(&db.pool).await?;
        println!("  built in {:.0} s", t.elapsed().as_secs_f64());
        branches
    };
    let session = state.accounts.login(phone, password, "127.0.0.1", "bench", None).await?;
    let app = cloud::http::router(state.clone());
    let get = |path: String, gzip: bool| {
        let app = app.clone();
        let cookie = format!("sid={}; csrf=bench-bench-bench-bench-bench-bench-bench-0", session.token);
        async move {
            let mut req = Request::get(&path).header(header::COOKIE, cookie).header(header::HOST, "localhost");
            if gzip {
                req = req.header(header::ACCEPT_ENCODING, "gzip");
            }
            let res = app.oneshot(req.body(Body::empty())?).await?;
            let status = res.status();
            let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await?;
            if !status.is_success() {
                bail!("{path}: {status}");
            }
            anyhow::Ok(bytes.len())
        }
    };

    let today = web::format::tashkent_day(now);
    let all = Scope { business_id: business.clone(), branch_id: None };
    let mut speedup = 0.0;
    for days in [7_i64, 30, 90] {
        let from_day = today - days + 1;
        let period = Period {
            from_ms: web::format::tashkent_midnight(from_day),
            to_ms: web::format::tashkent_midnight(today + 1),
        };
        let path = format!("/?from={}&to={}", web::format::iso_date(from_day), web::format::iso_date(today));
        // Same figures both ways.
        let (a, b) = (rolled(&db, &all, period).await?, raw(&db, &all, period).await?);
        if a != b {
            bail!("{days} days: the rollups disagree with the raw rows:\n{a:?}\n{b:?}");
        }
        get(path.clone(), false).await?; // warm
        let mut dash = Vec::with_capacity(args.runs);
        let mut rawt = Vec::with_capacity(args.raw_runs);
        // The dashboard's runs together, then the raw ones (a raw run reads
        // gigabytes and would evict the dashboard's pages between its runs).
        for _ in 0..args.runs {
            let t = Instant::now();
            get(path.clone(), false).await?;
            dash.push(t.elapsed());
        }
        for _ in 0..args.raw_runs {
            let t = Instant::now();
            raw(&db, &all, period).await?;
            rawt.push(t.elapsed());
        }
        dash.sort();
        rawt.sort();
        let (d50, d95, r50, r95) =
            (percentile(&dash, 0.5), percentile(&dash, 0.95), percentile(&rawt, 0.5), percentile(&rawt, 0.95));
        println!(
            "{days:>2} days ({} orders): dashboard p50_ms={d50:.1} p95_ms={d95:.1} ({} runs) | raw rows p50_ms={r50:.1} p95_ms={r95:.1} ({} runs) | raw/dashboard p95 {:.1}x",
            a.kpis.0,
            dash.len(),
            rawt.len(),
            r95 / d95.max(0.001)
        );
        if days == 90 {
            speedup = r95 / d95.max(0.001);
        }
    }
    // Where the dashboard's time goes (90 days, all branches).
    {
        let from_day = today - 89;
        let p = Period {
            from_ms: web::format::tashkent_midnight(from_day),
            to_ms: web::format::tashkent_midnight(today + 1),
        };
        let t = Instant::now();
        db.kpis(&all, p).await?;
        let k = t.elapsed();
        let t = Instant::now();
        db.orders_by_hour(&all, p).await?;
        let h = t.elapsed();
        let t = Instant::now();
        db.product_figures(&all, Some(p)).await?;
        let pf = t.elapsed();
        let t = Instant::now();
        db.recent_orders(&all, p, 10).await?;
        let r = t.elapsed();
        println!(
            "  90 days, one of each query: kpis {:.1} ms, by hour {:.1} ms, products {:.1} ms, recent orders {:.1} ms",
            k.as_secs_f64() * 1e3,
            h.as_secs_f64() * 1e3,
            pf.as_secs_f64() * 1e3,
            r.as_secs_f64() * 1e3
        );
    }
    // One branch selected: the same page for one branch.
    let one = Scope { business_id: business.clone(), branch_id: branches.first().cloned() };
    let from_day = today - 89;
    let period =
        Period { from_ms: web::format::tashkent_midnight(from_day), to_ms: web::format::tashkent_midnight(today + 1) };
    if rolled(&db, &one, period).await? != raw(&db, &one, period).await? {
        bail!("one branch: the rollups disagree with the raw rows");
    }

    // Transfer sizes, gzip as a browser asks.
    let css = get("/static/portal.css".into(), true).await?;
    let js = get("/static/portal.js".into(), true).await?;
    let order: String = sqlx::query_scalar("SELECT id FROM orders WHERE business_id = $1 LIMIT 1")
        .bind(&business)
        .fetch_one(&db.pool)
        .await?;
    let employee: String = sqlx::query_scalar("SELECT id FROM employees WHERE business_id = $1 LIMIT 1")
        .bind(&business)
        .fetch_one(&db.pool)
        .await?;
    let payment: Option<String> = sqlx::query_scalar("SELECT id FROM payments WHERE business_id = $1 LIMIT 1")
        .bind(&business)
        .fetch_optional(&db.pool)
        .await?;
    let mut pages: Vec<String> = [
        "/",
        "/?tab=employees",
        "/?tab=products",
        "/orders",
        "/products",
        "/employees",
        "/transactions",
        "/branches",
        "/subscription",
        "/payment-settings",
        "/profile",
        "/login",
        "/register",
    ]
    .iter()
    .map(|p| (*p).to_owned())
    .collect();
    pages.push(format!("/orders/{order}"));
    pages.push(format!("/employees/{employee}"));
    if let Some(p) = payment {
        pages.push(format!("/transactions/{p}"));
    }
    let mut sizes: HashMap<String, usize> = HashMap::new();
    let mut largest = 0;
    for p in &pages {
        let html = get(p.clone(), true).await?;
        let total = html + css + js;
        largest = largest.max(total);
        sizes.insert(p.clone(), total);
        println!("page {p:<50} html_gz={html:>6} B  + css_gz={css} + js_gz={js} = {:.1} KB", total as f64 / 1024.0);
    }
    println!("largest_page_kb={:.1}", largest as f64 / 1024.0);
    println!("speedup_vs_raw={speedup:.1}");
    Ok(())
}
