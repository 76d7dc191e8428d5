//! cargo-bench's e-commerce phase (C10): an office (contract `ECOM-1` of a
//! client of its own) holding `rows` shipments over the last year, each
//! charged on the ledger and the delivered ones with cash on delivery
//! collected, copied from the bench's shipments in a few statements; then
//! the six blocks, and the list's first page with its count, each timed,
//! over a whole month (the page's default, the month so far, at its
//! longest) and over 90 days.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use cloud::cargo::act::Period;
use cloud::cargo::ecommerce::Office;
use cloud::cargo::store::{Filter, Page, Scope};
use cloud::db::{Backend, Db};
use cloud::ids::{BusinessId, ClientId, ContractId};

const DAY: i64 = 86_400_000;

/// A new row id as SQL, per backend (`h` is a 32-hex-digit column on SQLite).
fn uuid(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || \
             substr(h, 18, 3) || '-' || substr(h, 21, 12))"
        }
        Backend::Postgres => "gen_random_uuid()::text",
    }
}

/// Makes the office (once per database) and returns its client and contract.
async fn office(db: &Db, business: &BusinessId, rows: usize) -> anyhow::Result<(ClientId, ContractId)> {
    if let Some((c, k)) =
        sqlx::query_as::<_, (String, String)>("SELECT client_id, id FROM cargo_contracts WHERE number = 'ECOM-1'")
            .fetch_optional(&db.pool)
            .await?
    {
        println!("e-commerce: reusing office ECOM-1");
        return Ok((ClientId::parse(&c).context("client id")?, ContractId::parse(&k).context("contract id")?));
    }
    let started = Instant::now();
    let (client, contract, branch) = (ClientId::new(), ContractId::new(), cloud::ids::BranchId::new());
    sqlx::query(
        "INSERT INTO cargo_clients (id, business_id, phone, full_name, password_hash, barcode, created_at) \
         VALUES ($1, $2, '+998909999999', 'Ecommerce client', 'x', '999999999999', 0)",
    )
    .bind(&client)
    .bind(business)
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "INSERT INTO branches (id, business_id, name, address, phone, created_at) \
         VALUES ($1, $2, 'Sergeli', 'Toshkent', '+998712000001', 0)",
    )
    .bind(&branch)
    .bind(business)
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "INSERT INTO cargo_contracts (id, business_id, client_id, office_id, number, signed_on, created_at) \
         VALUES ($1, $2, $3, $4, 'ECOM-1', '2025-01-05', 0)",
    )
    .bind(&contract)
    .bind(business)
    .bind(&client)
    .bind(&branch)
    .execute(&db.pool)
    .await?;
    let id = uuid(db.backend);
    let (from, min) = match db.backend {
        Backend::Sqlite => ("(SELECT hex(randomblob(16)) AS h, s.* FROM cargo_shipments s", "MIN"),
        Backend::Postgres => ("(SELECT s.* FROM cargo_shipments s", "LEAST"),
    };
    let copy = format!(
        "INSERT INTO cargo_shipments (id, business_id, barcode, number, client_id, source, status, status_at, \
         ship_date, sender_name, sender_phone, sender_region, sender_district, sender_address, receiver_name, \
         receiver_phone, receiver_region, receiver_district, receiver_address, delivery, parcel_type, weight_g, \
         pieces, cod_amount, price, contract_id, created_at, updated_at) \
         SELECT {id}, business_id, 'E' || barcode, number + 100000000, $1, source, status, status_at, ship_date, \
         sender_name, sender_phone, sender_region, sender_district, sender_address, receiver_name, receiver_phone, \
         receiver_region, receiver_district, receiver_address, delivery, parcel_type, weight_g, pieces, \
         CASE WHEN number % 2 = 0 THEN 15000000 ELSE cod_amount END, price, $2, created_at, updated_at \
         FROM {from} WHERE s.contract_id IS NULL AND s.client_id <> $1 ORDER BY s.created_at LIMIT $3) x"
    );
    sqlx::query(sqlx::AssertSqlSafe(copy))
        .bind(&client)
        .bind(&contract)
        .bind(i64::try_from(rows)?)
        .execute(&db.pool)
        .await?;
    let now = cloud::db::now_ms();
    for (kind, amount, at, cond) in [
        ("charge", "-price", "created_at".to_owned(), "price > 0"),
        (
            "cod_collected",
            "cod_amount",
            format!("{min}(created_at + {}, {now})", 3 * DAY),
            "status = 'delivered' AND cod_amount > 0",
        ),
    ] {
        let sql = format!(
            "INSERT INTO cargo_ledger (id, business_id, client_id, contract_id, mode, kind, method, amount, \
             shipment_id, barcode, source_key, note, created_by, at) \
             SELECT {id}, business_id, client_id, contract_id, 'live', '{kind}', '', {amount}, id, barcode, \
             'ecom-{kind}:' || id, '', 'bench', {at} FROM {from} WHERE s.contract_id = $1 AND s.{cond}) x"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&contract).execute(&db.pool).await?;
    }
    println!(
        "e-commerce: office ECOM-1 with {rows} shipments and their ledger rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok((client, contract))
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Times the page's queries; returns the blocks' p95 over a month (ms).
pub async fn run(db: &Db, business: &BusinessId, rows: usize, runs: usize) -> anyhow::Result<f64> {
    let (client, contract) = office(db, business, rows).await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_shipments WHERE contract_id = $1")
        .bind(&contract)
        .fetch_one(&db.pool)
        .await?;
    let today = web::format::tashkent_day(cloud::db::now_ms());
    let office = Office::Contract(&client, &contract);
    let scope = Scope::Contract(client.clone(), contract.clone());
    let mut worst: f64 = 0.0;
    // A whole month (the default, the month so far, at its longest) and a
    // quarter.
    for (name, period) in
        [("a month", Period { from: today - 30, to: today }), ("90 days", Period { from: today - 89, to: today })]
    {
        let (mut blocks_t, mut list_t) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        let mut blocks = Default::default();
        for _ in 0..runs {
            let started = Instant::now();
            blocks = db.ecommerce_blocks(office, period, today).await?;
            blocks_t.push(started.elapsed());
            let started = Instant::now();
            let (from, until) = period.bounds();
            let filter = Filter { from_ms: Some(from), to_ms: Some(until), ..Filter::default() };
            db.shipments(&scope, &filter, &Page::First, 50).await?;
            list_t.push(started.elapsed());
        }
        blocks_t.sort();
        list_t.sort();
        let (p50, p95) = (percentile(&blocks_t, 0.5), percentile(&blocks_t, 0.95));
        let (l50, l95) = (percentile(&list_t, 0.5), percentile(&list_t, 0.95));
        if name == "a month" {
            worst = p95;
        }
        println!(
            "e-commerce ({name}, office of {n} shipments): blocks p50 {p50:.1} ms, p95 {p95:.1} ms; list's first page \
             with its count p50 {l50:.1} ms, p95 {l95:.1} ms (month's sales {} tiyin, accrued {}, efficiency {:?} permille)",
            blocks.month,
            blocks.accrued,
            blocks.efficiency_permille()
        );
    }
    Ok(worst)
}
