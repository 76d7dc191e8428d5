//! Cargo cabinet benchmark (issue #14's targets), in one run:
//!
//! - the orders list at 1 000 000 shipments of one company, one client
//!   holding 200 000: p50/p95 of the first, a middle and the last page with a
//!   status filter, and with a date range (keyset pages, the count included);
//! - bulk import of a 10 000-row xlsx: the file checked and read, every row
//!   parsed by the one parser, priced and stored in one transaction; rows/s
//!   and the peak memory it added;
//! - a 100-label PDF (Code128 and QR on each label): build time;
//! - the xlsx export of 100 000 rows of the list: time and the peak memory
//!   it added (streamed: it must stay flat);
//! - the reconciliation act of a contract with 100 000 ledger rows over the
//!   last year (issue #17's target: ≤ 1 s): the act's figures p50/p95, and
//!   its PDF;
//! - e-commerce (C10, target p95 ≤ 50 ms): an office (contract) holding
//!   1 000 000 shipments over a year with their ledger rows; the six blocks
//!   and the list's first page, for the month so far and the last 90 days.
//!
//! Last line: `import_rows_per_s=<figure>`.
//!
//! `cargo-bench [--shipments 1000000] [--client-share 200000] [--import-rows 10000] [--ledger-rows 100000] [--ecommerce-rows 1000000] [--runs 40] [--dir PATH] [--postgres URL]`
//! (`--dir` keeps the SQLite database and a later run reuses it).
#![allow(clippy::print_stdout)] // a benchmark prints its figures

#[path = "cargo_bench/ecommerce.rs"]
mod ecommerce;

use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use cloud::cargo::draft::{self, RawShipment};
use cloud::cargo::geo::Geo;
use cloud::cargo::pricing::default_tariff;
use cloud::cargo::store::{self, Cursor, Filter, Maker, Page, Scope, Source};
use cloud::cargo::xlsx::{
    DistrictChoice, ExportRow, ExportWriter, FailedRow, Lists, RawRow, RegionChoice, UploadLimits, failed_rows,
    read_upload,
};
use cloud::db::Db;
use cloud::ids::{BusinessId, ClientId, ContractId};
use protocol::ShipmentStatus;
use rand::rngs::SmallRng;
use rand::{Rng as _, SeedableRng as _};
use web::documents::{Party, ShipmentDoc};
use web::i18n::cargo::ShipmentField as F;

const DAY: i64 = 86_400_000;

struct Args {
    shipments: usize,
    client_share: usize,
    import_rows: usize,
    ledger_rows: usize,
    ecommerce_rows: usize,
    runs: usize,
    dir: Option<std::path::PathBuf>,
    postgres: Option<String>,
}

impl Args {
    fn parse() -> anyhow::Result<Args> {
        let mut a = Args {
            shipments: 1_000_000,
            client_share: 200_000,
            import_rows: 10_000,
            ledger_rows: 100_000,
            ecommerce_rows: 1_000_000,
            runs: 40,
            dir: None,
            postgres: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().with_context(|| format!("{flag} needs a value"))?;
            match flag.as_str() {
                "--shipments" => a.shipments = value.parse()?,
                "--client-share" => a.client_share = value.parse()?,
                "--import-rows" => a.import_rows = value.parse()?,
                "--ledger-rows" => a.ledger_rows = value.parse()?,
                "--ecommerce-rows" => a.ecommerce_rows = value.parse()?,
                "--runs" => a.runs = value.parse()?,
                "--dir" => a.dir = Some(value.into()),
                "--postgres" => a.postgres = Some(value),
                other => bail!("unknown option {other}"),
            }
        }
        if a.client_share > a.shipments || a.runs == 0 {
            bail!("--client-share must not exceed --shipments; --runs must be positive");
        }
        Ok(a)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    ms(sorted[i.min(sorted.len() - 1)])
}

/// Peak resident memory of this process, KiB (`VmHWM`).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Starts a new peak (Linux: writing 5 to clear_refs resets `VmHWM`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A realistic row: Tashkent or Khorezm senders to every region.
fn row(geo: &Geo, rng: &mut SmallRng, i: usize) -> RawShipment {
    let regions = geo.regions();
    let to = &regions[rng.random_range(0..regions.len())];
    let districts: Vec<_> = geo.districts_of(&to.soato).collect();
    let district = districts.get(rng.random_range(0..districts.len().max(1))).map_or("", |d| d.soato.as_str());
    let mut r = RawShipment::new();
    let mut put = |f: F, v: String| {
        r.insert(f, v);
    };
    put(F::SenderName, "Eshchanov Rasulbek".into());
    put(F::SenderPhone, "+998901234567".into());
    put(F::SenderRegion, "1726".into());
    put(F::SenderDistrict, "Yakkasaroy tumani".into());
    put(F::SenderAddress, "Shota Rustaveli ko'chasi, 12".into());
    put(F::ReceiverName, format!("Qabul qiluvchi {i}"));
    put(F::ReceiverPhone, format!("+99891{:07}", rng.random_range(0..10_000_000)));
    put(F::ReceiverRegion, to.name(web::i18n::Lang::Ru).to_owned());
    put(F::ReceiverDistrict, district.to_owned());
    put(F::ReceiverAddress, format!("Mustaqillik ko'chasi, {}", i % 200 + 1));
    put(F::ParcelType, ["Quti", "Hujjatlar", "Kichik posilka"][i % 3].into());
    put(F::Weight, format!("{}.{}", rng.random_range(0..30), rng.random_range(1..10)));
    put(F::Pieces, (1 + i % 3).to_string());
    if i.is_multiple_of(4) {
        put(F::CodAmount, format!("{} 000", rng.random_range(50..900)));
    }
    r
}

async fn setup(db: &Db, args: &Args) -> anyhow::Result<(BusinessId, ClientId)> {
    if let Some(r) = sqlx::query_as::<_, (String, String)>(
        "SELECT business_id, id FROM cargo_clients WHERE full_name = 'Bench client' LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?
    {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_shipments").fetch_one(&db.pool).await?;
        if n as usize >= args.shipments {
            println!("reusing {n} shipments");
            return Ok((BusinessId::parse(&r.0).context("business id")?, ClientId::parse(&r.1).context("client id")?));
        }
        bail!("the database in --dir holds {n} shipments, fewer than --shipments: use another --dir");
    }
    let started = Instant::now();
    let business = BusinessId::new();
    sqlx::query("INSERT INTO businesses (id, name, created_at) VALUES ($1, 'BTS Express Cargo', 0)")
        .bind(&business)
        .execute(&db.pool)
        .await?;
    let geo = Geo::get(db).await?;
    let codes: Vec<&str> = geo.regions().iter().map(|r| r.soato.as_str()).collect();
    db.set_cargo_tariff(&business, &default_tariff(&codes), 0).await?;
    // The bench client, then 80 others sharing the rest.
    let mut clients = Vec::new();
    for i in 0..81 {
        let id = ClientId::new();
        sqlx::query(concat!(
            "INSERT INTO cargo_clients (id, business_id, phone, full_name, password_hash, barcode, created_at) ",
            "VALUES ($1, $2, $3, $4, 'x', $5, 0)"
        ))
        .bind(&id)
        .bind(&business)
        .bind(format!("+99890{:07}", i))
        .bind(if i == 0 { "Bench client".to_owned() } else { format!("Client {i}") })
        .bind(format!("9{:011}", i))
        .execute(&db.pool)
        .await?;
        clients.push(id);
    }
    let mut rng = SmallRng::seed_from_u64(14);
    let today = web::format::tashkent_day(cloud::db::now_ms());
    let tariff = default_tariff(&codes);
    let template: Vec<_> = (0..1000)
        .map(|i| {
            let s = draft::parse(&row(geo, &mut rng, i), geo, today).map_err(|p| anyhow::anyhow!("{p:?}"))?;
            let price = tariff.quote(&s.parcel())?.total;
            Ok((s, price))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    // Over the last year, oldest first, 10 000 per transaction.
    let now = cloud::db::now_ms();
    let per_tx = 10_000;
    let mut made = 0;
    while made < args.shipments {
        let n = per_tx.min(args.shipments - made);
        // The bench client's batches are spread over the year (every k-th).
        let batch = made / per_tx;
        let every = (args.shipments / args.client_share.max(1)).max(1);
        let owner = if batch.is_multiple_of(every) { &clients[0] } else { &clients[1 + batch % 80] };
        let at = now - 365 * DAY + (made as i64 * 365 * DAY) / args.shipments as i64;
        let items: Vec<_> = (0..n).map(|i| template[(made + i) % template.len()].clone()).collect();
        let mut tx = db.begin_write().await?;
        let maker = Maker {
            business: &business,
            client: Some(owner),
            source: Source::Upload,
            upload: None,
            at,
            contract: None,
        };
        store::create(&mut tx, maker, &items).await?;
        tx.commit().await?;
        made += n;
    }
    // Statuses spread over the lifecycle (the filter has something to find).
    for (k, status) in ShipmentStatus::ALL.iter().enumerate() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE cargo_shipments SET status = '{}' WHERE number % 12 = {k}",
            status.code()
        )))
        .execute(&db.pool)
        .await?;
    }
    println!("built {} shipments in {:.1} s", args.shipments, started.elapsed().as_secs_f64());
    Ok((business, clients[0].clone()))
}

async fn time_pages(db: &Db, client: &ClientId, filter: &Filter, name: &str, runs: usize) -> anyhow::Result<f64> {
    let scope = Scope::Client(client.clone());
    let total = db.shipments(&scope, filter, &Page::First, 50).await?.total;
    // The middle page's cursor (found once, not timed).
    let middle = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(format!(
        "SELECT created_at, id FROM cargo_shipments WHERE client_id = $1{} ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET {}",
        filter.status.map(|s| format!(" AND status = '{}'", s.code())).unwrap_or_default(),
        total / 2
    )))
    .bind(client)
    .fetch_one(&db.pool)
    .await?;
    let pages = [
        ("first", Page::First),
        ("middle", Page::After(Cursor { created_at: middle.0, id: middle.1 })),
        ("last", Page::Last),
    ];
    let mut worst: f64 = 0.0;
    for (which, page) in pages {
        let mut times = Vec::with_capacity(runs);
        let mut rows = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let l = db.shipments(&scope, filter, &page, 50).await?;
            times.push(t.elapsed());
            rows = l.rows.len();
        }
        times.sort();
        let p95 = percentile(&times, 0.95);
        worst = worst.max(p95);
        println!(
            "list {name:<12} {which:<6} rows={rows:<3} of {total:<7} p50={:.2} ms p95={p95:.2} ms",
            percentile(&times, 0.5)
        );
    }
    Ok(worst)
}

/// The upload file: the template's columns with `rows` rows (written by the
/// failed-rows writer with no problems, which is the template plus rows).
fn upload_file(geo: &Geo, rows: usize) -> anyhow::Result<Vec<u8>> {
    let lang = web::i18n::Lang::Uz;
    let lists = Lists {
        regions: geo
            .regions()
            .iter()
            .map(|r| RegionChoice { soato: r.soato.clone(), name: r.name(lang).to_owned() })
            .collect(),
        districts: geo
            .districts()
            .iter()
            .map(|d| DistrictChoice {
                soato: d.soato.clone(),
                region_soato: d.region.clone(),
                name: d.name(lang).to_owned(),
            })
            .collect(),
    };
    let mut rng = SmallRng::seed_from_u64(7);
    let failed: Vec<FailedRow> = (0..rows)
        .map(|i| FailedRow { raw: RawRow { number: i as u32 + 2, cells: row(geo, &mut rng, i) }, problems: Vec::new() })
        .collect();
    Ok(failed_rows(lang, &lists, &failed)?)
}

async fn import(db: &Db, business: &BusinessId, client: &ClientId, rows: usize) -> anyhow::Result<(f64, u64)> {
    let geo = Geo::get(db).await?;
    let file = upload_file(geo, rows)?;
    reset_peak();
    let before = peak_kib();
    let started = Instant::now();
    let raw = read_upload(&file, &UploadLimits::default())
        .map_err(|e| anyhow::anyhow!("{}", e.message(web::i18n::Lang::En)))?;
    let read = started.elapsed();
    let today = web::format::tashkent_day(cloud::db::now_ms());
    let tariff = db.cargo_tariff(business).await?.context("tariff")?;
    let mut items = Vec::with_capacity(rows);
    for r in &raw {
        let s = draft::parse(&r.cells, geo, today).map_err(|p| anyhow::anyhow!("row {}: {p:?}", r.number))?;
        let price = tariff.quote(&s.parcel())?.total;
        items.push((s, price));
    }
    let mut tx = db.begin_write().await?;
    let maker = Maker {
        business,
        client: Some(client),
        source: Source::Upload,
        upload: None,
        at: cloud::db::now_ms(),
        contract: None,
    };
    let made = store::create(&mut tx, maker, &items).await?;
    tx.commit().await?;
    let took = started.elapsed();
    println!(
        "import: {} KiB file, read {:.0} ms, parse+price+store {:.0} ms",
        file.len() / 1024,
        ms(read),
        ms(took - read)
    );
    if made.len() != rows {
        bail!("imported {} of {rows}", made.len());
    }
    Ok((rows as f64 / took.as_secs_f64(), peak_kib().saturating_sub(before)))
}

/// Builds a 100-label PDF from the bench client's newest shipments.
async fn labels(db: &Db, business: &BusinessId, client: &ClientId) -> anyhow::Result<(f64, usize)> {
    let geo = Geo::get(db).await?;
    let lang = web::i18n::Lang::Ru;
    let page = db.shipments(&Scope::Client(client.clone()), &Filter::default(), &Page::First, 100).await?;
    let ids: Vec<_> = page.rows.iter().map(|r| r.id.clone()).collect();
    let shipments = db.shipments_by_ids(business, Some(client), &ids).await?;
    let party = |name: &str, phone: &str, region: &str, district: &str, address: &str| Party {
        name: name.to_owned(),
        phone: phone.to_owned(),
        region: geo.region(region).map(|r| r.name(lang).to_owned()).unwrap_or_default(),
        district: geo.district(district).map(|d| d.name(lang).to_owned()).unwrap_or_default(),
        address: address.to_owned(),
    };
    let docs = shipments
        .iter()
        .map(|s| {
            Ok(ShipmentDoc {
                company_name: "BTS Express Cargo".into(),
                company_phone: "+998 71 200 00 00".into(),
                barcode: protocol::Barcode::parse(&s.row.barcode)?,
                order_number: s.row.number.to_string(),
                date: s.row.ship_date.clone(),
                sender: party(
                    &s.row.sender_name,
                    &s.sender_phone,
                    &s.row.sender_region,
                    &s.sender_district,
                    &s.sender_address,
                ),
                receiver: party(
                    &s.row.receiver_name,
                    &s.receiver_phone,
                    &s.receiver_region,
                    &s.row.receiver_district,
                    &s.receiver_address,
                ),
                delivery: web::documents::Delivery::Door,
                parcel_type: "Quti".into(),
                weight_g: s.weight_g,
                pieces: s.pieces,
                dimensions_cm: s.dims_cm,
                photo_report: s.photo_report,
                cod_amount: s.cod_amount,
                return_documents: s.return_documents,
                declared_value: s.declared_value,
                price: s.price,
                origin_office: s.row.office_from.clone(),
                destination_office: s.row.office_to.clone(),
                tracking_url: format!("https://cargo.example.uz/track?barcode={}", s.row.barcode),
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let started = Instant::now();
    let pdf = web::documents::labels_pdf(&docs, lang)?;
    Ok((ms(started.elapsed()), pdf.len()))
}

/// Writes the bench client's `rows` newest shipments as the list's xlsx
/// export, a page of 1 000 at a time.
async fn export(db: &Db, client: &ClientId, rows: usize) -> anyhow::Result<(f64, u64, u64)> {
    let geo = Geo::get(db).await?;
    let lang = web::i18n::Lang::Uz;
    let dir = tempfile::tempdir()?;
    reset_peak();
    let before = peak_kib();
    let started = Instant::now();
    let mut w = ExportWriter::new(lang, dir.path())?;
    let scope = Scope::Client(client.clone());
    let mut page = Page::First;
    let mut written = 0;
    while written < rows {
        let l = db.shipments(&scope, &Filter::default(), &page, 1000).await?;
        let batch: Vec<ExportRow> = l.rows.iter().map(|r| cloud::cargo::uploads::export_row(geo, lang, r)).collect();
        w.extend(&batch)?;
        written += batch.len();
        match (l.has_older, l.rows.last()) {
            (true, Some(last)) => page = Page::After(Cursor { created_at: last.created_at, id: last.id.to_string() }),
            _ => break,
        }
    }
    let file = w.finish()?;
    let size = file.as_file().metadata()?.len();
    Ok((ms(started.elapsed()), peak_kib().saturating_sub(before), size))
}

/// A contract of the bench client holding `rows` ledger rows over the last
/// year (made once: a database in `--dir` keeps them), then its act for that
/// year `runs` times and its PDF. Returns p50, p95 (ms), the PDF's time
/// (ms), the act's lines and the PDF's size.
async fn act(
    db: &Db,
    business: &BusinessId,
    client: &ClientId,
    rows: usize,
    runs: usize,
) -> anyhow::Result<(f64, f64, f64, usize, usize)> {
    use cloud::cargo::act::{Period, act_pdf};
    use cloud::cargo::ledger::{self, Kind, Mode, Posting};
    let contract = match sqlx::query_scalar::<_, String>("SELECT id FROM cargo_contracts WHERE number = 'BENCH-1'")
        .fetch_optional(&db.pool)
        .await?
    {
        Some(id) => ContractId::parse(&id).context("contract id")?,
        None => {
            let office = cloud::ids::BranchId::new().to_string();
            sqlx::query(
                "INSERT INTO branches (id, business_id, name, address, phone, created_at) \
                 VALUES ($1, $2, 'Chilonzor', 'Toshkent', '+998712000000', 0)",
            )
            .bind(&office)
            .bind(business)
            .execute(&db.pool)
            .await?;
            let id = ContractId::new();
            sqlx::query(
                "INSERT INTO cargo_contracts (id, business_id, client_id, office_id, number, signed_on, created_at) \
                 VALUES ($1, $2, $3, $4, 'BENCH-1', '2026-01-05', 0)",
            )
            .bind(&id)
            .bind(business)
            .bind(client)
            .bind(&office)
            .execute(&db.pool)
            .await?;
            id
        }
    };
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_ledger WHERE contract_id = $1")
        .bind(&contract)
        .fetch_one(&db.pool)
        .await?;
    let now = cloud::db::now_ms();
    let today = web::format::tashkent_day(now);
    let year_start = web::format::tashkent_midnight(today - 364);
    if (have as usize) < rows {
        let started = Instant::now();
        let mut rng = SmallRng::seed_from_u64(17);
        // A courier client's year: charges for shipments, their cash on
        // delivery collected and paid out, payments by Click, cash and transfer.
        let shapes: [(Kind, &str, i64); 6] = [
            (Kind::Charge, "", -1),
            (Kind::Charge, "", -1),
            (Kind::CodCollected, "", 1),
            (Kind::Payment, "click", 1),
            (Kind::Payment, "cash", 1),
            (Kind::CodPayout, "transfer", -1),
        ];
        let span = (now - year_start).max(1);
        let mut made = have as usize;
        while made < rows {
            let n = 10_000.min(rows - made);
            let planned: Vec<(Kind, &str, i64, i64, String)> = (made..made + n)
                .map(|i| {
                    let (kind, method, sign) = shapes[i % shapes.len()];
                    let amount = sign * rng.random_range(1_000_000..5_000_000_i64);
                    let at = year_start + (i as i64 * span) / rows as i64;
                    (kind, method, amount, at, format!("bench:{contract}:{i}"))
                })
                .collect();
            let postings: Vec<Posting<'_>> = planned
                .iter()
                .map(|(kind, method, amount, at, key)| Posting {
                    business,
                    client,
                    contract: Some(&contract),
                    mode: Mode::Live,
                    kind: *kind,
                    method,
                    amount: *amount,
                    shipment: None,
                    source_key: key.clone(),
                    note: "",
                    by: "bench",
                    at: *at,
                })
                .collect();
            let mut tx = db.begin_write().await?;
            ledger::post(&mut tx, &postings).await?;
            tx.commit().await?;
            made += n;
        }
        println!("ledger: {rows} rows on contract BENCH-1 in {:.1} s", started.elapsed().as_secs_f64());
    }
    let period = Period { from: today - 364, to: today };
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let a = db.act(business, client, Some(&contract), Mode::Live, period).await?;
        times.push(t.elapsed());
        last = Some(a);
    }
    let a = last.context("no run")?;
    // The figures agree with the ledger: closing = every row up to the end.
    let sum: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger WHERE contract_id = $1 AND at < $2",
    )
    .bind(&contract)
    .bind(web::format::tashkent_midnight(today + 1))
    .fetch_one(&db.pool)
    .await?;
    if a.closing != sum || a.entries < rows as i64 {
        bail!("the act's closing {} differs from the ledger's {sum} (or it holds {} rows)", a.closing, a.entries);
    }
    times.sort();
    let t = Instant::now();
    let pdf =
        act_pdf(&web::i18n::UZ, ("BTS Express Cargo", "+998712000000"), ("Bench client", "+998900000000"), period, &a)?;
    let pdf_ms = ms(t.elapsed());
    Ok((percentile(&times, 0.5), percentile(&times, 0.95), pdf_ms, a.rows.len(), pdf.len()))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse()?;
    let tmp = tempfile::tempdir()?;
    let url = match (&args.postgres, &args.dir) {
        (Some(url), _) => url.clone(),
        (None, Some(dir)) => format!("sqlite://{}?mode=rwc", dir.join("cargo.db").display()),
        (None, None) => format!("sqlite://{}?mode=rwc", tmp.path().join("cargo.db").display()),
    };
    let db = Db::connect(&url, 4).await?;
    println!("cargo-bench on {}", db.backend.name());
    let (business, client) = setup(&db, &args).await?;
    let delivered = Filter { status: Some(ShipmentStatus::Delivered), ..Filter::default() };
    let now = cloud::db::now_ms();
    let quarter = Filter { from_ms: Some(now - 120 * DAY), to_ms: Some(now - 30 * DAY), ..Filter::default() };
    let w1 = time_pages(&db, &client, &delivered, "status", args.runs).await?;
    let w2 = time_pages(&db, &client, &quarter, "date range", args.runs).await?;
    println!("list_p95_worst_ms={:.2}", w1.max(w2));
    let (rate, peak) = import(&db, &business, &client, args.import_rows).await?;
    println!("import {} rows: {:.0} rows/s, peak memory added {:.1} MiB", args.import_rows, rate, peak as f64 / 1024.0);
    let (pdf_ms, pdf_bytes) = labels(&db, &business, &client).await?;
    println!("labels: 100-label PDF in {pdf_ms:.0} ms ({} KiB)", pdf_bytes / 1024);
    // Twice: the first pass also fills SQLite's page cache (64 MiB per
    // connection), the second shows what the export itself adds.
    for pass in ["cold", "warm"] {
        let (export_ms, export_peak, export_bytes) = export(&db, &client, 100_000).await?;
        println!(
            "export ({pass} cache): 100000 rows in {export_ms:.0} ms ({} KiB), peak memory added {:.1} MiB",
            export_bytes / 1024,
            export_peak as f64 / 1024.0
        );
    }
    let (act_p50, act_p95, pdf_ms, lines, pdf_bytes) =
        act(&db, &business, &client, args.ledger_rows, args.runs).await?;
    println!(
        "act: a contract's year with {} ledger rows ({lines} lines): p50 {act_p50:.1} ms, p95 {act_p95:.1} ms; \
         its PDF in {pdf_ms:.0} ms ({} KiB)",
        args.ledger_rows,
        pdf_bytes / 1024
    );
    println!("act_p95_plus_pdf_ms={:.0}", act_p95 + pdf_ms);
    let eco = ecommerce::run(&db, &business, args.ecommerce_rows, args.runs).await?;
    println!("ecommerce_p95_ms={eco:.1}");
    println!("import_rows_per_s={rate:.0}");
    Ok(())
}
