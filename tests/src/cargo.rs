//! Harness for the courier company: a cloud with one company and two
//! offices, each with its own enrolled hub, desks on those hubs, and the
//! company's rows (offices, label rolls, online shipments) written straight
//! into the test's database (until the cabinet's store writes them).

use std::path::Path;
use std::time::{Duration, Instant};

use cloud::ids::{BranchId, BusinessId};
use firmware_sim::desk::Desk;
use firmware_sim::terminal::TerminalOptions;
use protocol::sync::{Batch, HubStatus, SYNC_CONTENT_TYPE, SYNC_VERSION, SyncEvent, SyncRequest, SyncResponse};
use protocol::{Barcode, EmployeeId, EventBody, TerminalId, Timestamp};
use sqlx::Row as _;

use crate::HubProcess;
use crate::cloud::{DbKind, Stack, enroll};

/// Tashkent, Bektemir district: office A.
pub const DISTRICT_A: &str = "1726264";
/// Urganch city (Khorezm): office B.
pub const DISTRICT_B: &str = "1733401";

/// An office: its branch and its hub.
pub struct Office {
    /// The branch.
    pub branch: BranchId,
    /// Its hub (running once the world is built).
    pub hub: HubProcess,
    /// Its district.
    pub district: &'static str,
}

/// A courier company in a cloud: office A is the stack's branch and hub,
/// office B a second branch with its own hub.
pub struct CargoWorld {
    /// The cloud, the owner and office A's hub.
    pub stack: Stack,
    /// The company.
    pub business: BusinessId,
    /// Office B.
    pub b: Office,
}

fn hub_settings(hub: &mut HubProcess) {
    hub.set_env("EDGE_HUB__SYNC__IDLE_MS", "200");
    hub.set_env("EDGE_HUB__SYNC__BACKOFF_MIN_MS", "100");
    hub.set_env("EDGE_HUB__SYNC__BACKOFF_MAX_MS", "1000");
}

impl CargoWorld {
    /// Builds it with both hubs running; `None` when the database kind is not available.
    pub async fn new(kind: DbKind, dir: &Path) -> Option<CargoWorld> {
        let stack = Stack::new(kind, dir, 1).await?;
        let business = stack.business().await;
        let branch_b = stack.portal.create_branch("Urganch").await;
        let code = stack.portal.enrolment_code(&branch_b).await;
        let mut hub_b = HubProcess::new(&dir.join("hub-b"));
        hub_settings(&mut hub_b);
        std::fs::create_dir_all(&hub_b.data_dir).unwrap();
        let (ok, out) = enroll(&hub_b, &stack.cloud, &code).await;
        assert!(ok, "enroll office B: {out}");
        let mut world = CargoWorld {
            business: business.clone(),
            b: Office { branch: branch_b.clone(), hub: hub_b, district: DISTRICT_B },
            stack,
        };
        register_company(&world.stack.db, &business, "tez-kargo", "Tez Kargo").await;
        register_office(&world.stack.db, &business, world.stack.branch.as_str(), "TOSHKENT", DISTRICT_A).await;
        register_office(&world.stack.db, &business, branch_b.as_str(), "URGANCH", DISTRICT_B).await;
        world.stack.hub.start().await;
        world.b.hub.start().await;
        Some(world)
    }

    /// Office A's branch.
    pub fn a_branch(&self) -> &BranchId {
        &self.stack.branch
    }

    /// A desk on `hub` (a freshly provisioned terminal of its branch).
    pub fn desk(hub: &HubProcess) -> Desk {
        let credential = hub.provision(1).remove(0);
        Desk::connect(TerminalOptions::new("127.0.0.1", hub.mqtt_port, credential), EmployeeId::new())
    }

    /// Waits until both hubs' outboxes are empty.
    pub async fn drained(&self) {
        drained(&self.stack.hub, Duration::from_secs(60)).await;
        drained(&self.b.hub, Duration::from_secs(60)).await;
    }
}

/// Waits until `hub`'s outbox is empty (everything acknowledged by the cloud).
pub async fn drained(hub: &HubProcess, within: Duration) {
    let deadline = Instant::now() + within;
    while hub.metric("hub_outbox_depth").await != 0.0 {
        assert!(Instant::now() < deadline, "the hub's outbox did not drain; log:\n{}", hub.log_tail());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Points a stopped hub at another cloud URL; returns the one it had.
pub fn set_cloud_url(hub: &HubProcess, url: &str) -> String {
    let path = hub.data_dir.join("cloud.json");
    let mut link: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let old = link["cloud_url"].as_str().unwrap().to_owned();
    link["cloud_url"] = serde_json::Value::String(url.to_owned());
    std::fs::write(&path, serde_json::to_vec(&link).unwrap()).unwrap();
    old
}

/// The hub's cloud credential (`hub1.…`).
pub fn hub_credential(hub: &HubProcess) -> String {
    let link: serde_json::Value =
        serde_json::from_slice(&std::fs::read(hub.data_dir.join("cloud.json")).unwrap()).unwrap();
    link["credential"].as_str().unwrap().to_owned()
}

/// Posts one sync batch as `hub` would (the same events make the same
/// batch, so a repeat is recognised); the cloud's answer.
pub async fn post_batch(world: &CargoWorld, hub: &HubProcess, seq: u64, events: Vec<EventBody>) -> SyncResponse {
    let terminal = TerminalId::from_name("redelivered");
    let req = SyncRequest {
        version: SYNC_VERSION,
        batch: Some(Batch {
            seq,
            events: events
                .into_iter()
                .enumerate()
                .map(|(i, event)| {
                    // Received as it was made: the same events make the same batch.
                    let received_at = event.version().updated_at;
                    SyncEvent { terminal, seq: i as u64 + 1, received_at, event }
                })
                .collect(),
        }),
        config_have: u64::MAX,
        terminals: None,
        status: HubStatus::default(),
    };
    let r = crate::cloud::http_client()
        .post(world.stack.cloud.url("/api/v1/sync"))
        .bearer_auth(hub_credential(hub))
        .header("content-type", SYNC_CONTENT_TYPE)
        .body(postcard::to_stdvec(&req).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "sync call refused");
    postcard::from_bytes(&r.bytes().await.unwrap()).unwrap()
}

/// Makes a business a courier company.
pub async fn register_company(db: &cloud::db::Db, business: &BusinessId, slug: &str, name: &str) {
    sqlx::query("INSERT INTO cargo_companies (business_id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(business.to_string())
        .bind(slug)
        .bind(name)
        .bind(Timestamp::now().0)
        .execute(&db.pool)
        .await
        .unwrap();
}

/// Makes a branch an office in `district` (SOATO).
pub async fn register_office(db: &cloud::db::Db, business: &BusinessId, branch: &str, code: &str, district: &str) {
    sqlx::query(
        "INSERT INTO cargo_offices (branch_id, business_id, code, region_soato, district_soato, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(branch)
    .bind(business.to_string())
    .bind(code)
    .bind(&district[..4])
    .bind(district)
    .bind(Timestamp::now().0)
    .execute(&db.pool)
    .await
    .unwrap();
}

/// Gives an office a roll of labels `[first, first + count)`.
pub async fn add_roll(db: &cloud::db::Db, business: &BusinessId, branch: &str, first: u64, count: u64) {
    sqlx::query(
        "INSERT INTO cargo_label_rolls (id, business_id, branch_id, first_serial, count, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(business.to_string())
    .bind(branch)
    .bind(i64::try_from(first).unwrap())
    .bind(i64::try_from(count).unwrap())
    .bind(Timestamp::now().0)
    .execute(&db.pool)
    .await
    .unwrap();
}

/// An online shipment (as the cabinet makes it), with its `created`
/// history entry; its barcode from `serial`.
pub async fn online_shipment(
    db: &cloud::db::Db,
    business: &BusinessId,
    serial: u64,
    destination: Option<&str>,
    receiver_district: &str,
    created_at: i64,
) -> Barcode {
    let barcode = Barcode::from_serial(serial).unwrap();
    let id = uuid::Uuid::new_v4().to_string();
    let number: i64 = sqlx::query_scalar(
        "INSERT INTO cargo_counters (name, value) VALUES ($1, 1) \
         ON CONFLICT (name) DO UPDATE SET value = cargo_counters.value + 1 RETURNING value",
    )
    .bind(format!("number:{business}"))
    .fetch_one(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO cargo_shipments (id, business_id, barcode, number, source, status, status_at, ship_date, \
         sender_name, sender_phone, sender_region, sender_district, sender_address, receiver_name, receiver_phone, \
         receiver_region, receiver_district, receiver_address, delivery, parcel_type, weight_g, pieces, price, \
         destination_office, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'cabinet', 'created', $5, '2026-12-01', 'Aziz Karimov', '+998901112233', '1726', \
         '1726264', 'Bektemir 1', 'Olim Rahimov', '+998914445566', $6, $7, 'Al-Xorazmiy 5', 'door', 'small', 1500, 1, \
         2500000, $8, $5, $5)",
    )
    .bind(&id)
    .bind(business.to_string())
    .bind(barcode.as_str())
    .bind(number)
    .bind(created_at)
    .bind(&receiver_district[..4])
    .bind(receiver_district)
    .bind(destination)
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO cargo_events (id, business_id, barcode, at, kind, status, received_at) \
         VALUES ($1, $2, $3, $4, 'created', 'created', $4)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(business.to_string())
    .bind(barcode.as_str())
    .bind(created_at)
    .execute(&db.pool)
    .await
    .unwrap();
    barcode
}

/// One row of `cargo_events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Its id.
    pub id: String,
    /// Scan time.
    pub at: i64,
    /// Kind.
    pub kind: String,
    /// Status after it.
    pub status: String,
    /// The office.
    pub office: Option<String>,
    /// Reason code.
    pub reason: String,
}

/// A barcode's history rows in `(at, id)` order.
pub async fn events_of(db: &cloud::db::Db, barcode: &Barcode) -> Vec<EventRow> {
    sqlx::query("SELECT id, at, kind, status, office_id, reason FROM cargo_events WHERE barcode = $1 ORDER BY at, id")
        .bind(barcode.as_str())
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| EventRow {
            id: r.get(0),
            at: r.get(1),
            kind: r.get(2),
            status: r.get(3),
            office: r.get(4),
            reason: r.get(5),
        })
        .collect()
}

/// `(kind, status)` of each history row.
pub async fn kinds_and_statuses(db: &cloud::db::Db, barcode: &Barcode) -> Vec<(String, String)> {
    events_of(db, barcode).await.into_iter().map(|e| (e.kind, e.status)).collect()
}

/// A shipment as the tests look at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    /// Its id.
    pub id: String,
    /// Company.
    pub business: String,
    /// cabinet, upload, desk.
    pub source: String,
    /// Current status.
    pub status: String,
    /// When it got it.
    pub status_at: i64,
    /// The client (none for walk-ins).
    pub client: Option<String>,
    /// Origin office.
    pub origin: Option<String>,
    /// Company's number.
    pub number: i64,
    /// Price, tiyin.
    pub price: i64,
    /// Receiver's phone.
    pub receiver_phone: String,
}

/// The shipment carrying `barcode`, if any.
pub async fn shipment(db: &cloud::db::Db, barcode: &Barcode) -> Option<ShipmentRow> {
    sqlx::query(
        "SELECT id, business_id, source, status, status_at, client_id, origin_office, number, price, receiver_phone \
         FROM cargo_shipments WHERE barcode = $1",
    )
    .bind(barcode.as_str())
    .fetch_optional(&db.pool)
    .await
    .unwrap()
    .map(|r| ShipmentRow {
        id: r.get(0),
        business: r.get(1),
        source: r.get(2),
        status: r.get(3),
        status_at: r.get(4),
        client: r.get(5),
        origin: r.get(6),
        number: r.get(7),
        price: r.get(8),
        receiver_phone: r.get(9),
    })
}

/// Makes the shipment `barcode` a client's with `cod` tiyin cash on delivery
/// (the client made for it, as the cabinet's registration would).
pub async fn with_cash_on_delivery(db: &cloud::db::Db, business: &BusinessId, barcode: &Barcode, cod: i64) {
    let client = cloud::ids::ClientId::new();
    sqlx::query(
        "INSERT INTO cargo_clients (id, business_id, phone, full_name, password_hash, barcode, created_at) \
         VALUES ($1, $2, $3, 'Aziz Karimov', 'x', $4, 0)",
    )
    .bind(&client)
    .bind(business.to_string())
    .bind(format!("+99890{}", &barcode.as_str()[barcode.as_str().len() - 7..]))
    .bind(format!("9{}", barcode.as_str()))
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE cargo_shipments SET client_id = $1, cod_amount = $2 WHERE barcode = $3")
        .bind(&client)
        .bind(cod)
        .bind(barcode.as_str())
        .execute(&db.pool)
        .await
        .unwrap();
}

/// The payment rows of a shipment's ledger: method, amount and note.
pub async fn payment_rows(db: &cloud::db::Db, barcode: &Barcode) -> Vec<(String, i64, String)> {
    ledger_rows(db, barcode, "payment").await
}

/// A shipment's ledger rows of `kind`: method, amount and note, in order.
pub async fn ledger_rows(db: &cloud::db::Db, barcode: &Barcode, kind: &str) -> Vec<(String, i64, String)> {
    sqlx::query_as(
        "SELECT method, amount, note FROM cargo_ledger WHERE barcode = $1 AND kind = $2 ORDER BY at, source_key",
    )
    .bind(barcode.as_str())
    .bind(kind)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

/// The cash-on-delivery rows of a shipment's ledger: kind and amount, in order.
pub async fn cod_rows(db: &cloud::db::Db, barcode: &Barcode) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT kind, amount FROM cargo_ledger WHERE barcode = $1 AND kind IN ('cod_collected', 'cod_reversed') \
         ORDER BY source_key",
    )
    .bind(barcode.as_str())
    .fetch_all(&db.pool)
    .await
    .unwrap()
}
