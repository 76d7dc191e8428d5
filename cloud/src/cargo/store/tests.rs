//! The store against a real SQLite file: numbering, offices, pages, delete.
#![allow(clippy::unwrap_used, reason = "tests")]

use protocol::{ParcelType, ShipmentStatus};

use super::*;
use crate::cargo::draft::{Delivery, NewShipment, Party};
use crate::phone::Phone;

async fn db() -> (tempfile::TempDir, Db, BusinessId) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("c.db").display());
    let db = Db::connect(&url, 2).await.unwrap();
    let business = BusinessId::new();
    sqlx::query("INSERT INTO businesses (id, name, created_at) VALUES ($1, 'BTS', 0)")
        .bind(&business)
        .execute(&db.pool)
        .await
        .unwrap();
    for (code, district, region) in [("URGANCH", "1733401", "1733"), ("YAKKASAROY", "1726287", "1726")] {
        let branch = crate::ids::BranchId::new();
        sqlx::query(
            "INSERT INTO branches (id, business_id, name, address, phone, created_at) VALUES ($1, $2, $3, '', '', 0)",
        )
        .bind(&branch)
        .bind(&business)
        .bind(code)
        .execute(&db.pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO cargo_offices (branch_id, business_id, code, region_soato, district_soato, created_at) VALUES ($1, $2, $3, $4, $5, 0)",
        )
        .bind(&branch)
        .bind(&business)
        .bind(code)
        .bind(region)
        .bind(district)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    (dir, db, business)
}

fn shipment(name: &str, pickup: bool) -> NewShipment {
    let party = |name: &str, region: &str, district: &str| Party {
        name: name.into(),
        phone: Phone::parse("+998901234567").unwrap(),
        region: region.into(),
        district: district.into(),
        address: "Mustaqillik 1".into(),
    };
    NewShipment {
        ship_day: 20_000,
        sender: party("Rasulbek", "1733", "1733401"),
        pickup,
        receiver: party(name, "1726", "1726266"),
        delivery: Delivery::Door,
        parcel_type: ParcelType::Box,
        weight_g: 1_500,
        pieces: 1,
        dims_cm: [0, 0, 0],
        client_barcode: String::new(),
        photo_report: false,
        cod_amount: 0,
        return_documents: false,
        declared_value: 0,
    }
}

#[tokio::test]
async fn create_number_page_and_delete() {
    let (_dir, db, business) = db().await;
    let client = ClientId::new();
    sqlx::query(
        "INSERT INTO cargo_clients (id, business_id, phone, full_name, password_hash, barcode, created_at) VALUES ($1, $2, '+998901111111', 'C', 'x', '100000000001', 0)",
    )
    .bind(&client)
    .bind(&business)
    .execute(&db.pool)
    .await
    .unwrap();
    let items: Vec<(NewShipment, i64)> = (0..25).map(|i| (shipment(&format!("R{i}"), i == 0), 2_500_000)).collect();
    let mut tx = db.begin_write().await.unwrap();
    let maker = Maker {
        business: &business,
        client: Some(&client),
        source: Source::Cabinet,
        upload: None,
        at: 1_000,
        contract: None,
    };
    let made = create(&mut tx, maker, &items).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(made.len(), 25);
    assert_eq!(made[0].number, 1);
    assert_eq!(made[24].number, 25);
    assert!(made.windows(2).all(|w| w[1].barcode.serial() == w[0].barcode.serial() + 1));
    // Each price is charged to the client's ledger in the same transaction.
    let balance = |db: Db| {
        let (business, client) = (business.clone(), client.clone());
        async move { db.client_balance(&business, &client, crate::cargo::ledger::Mode::Live).await.unwrap() }
    };
    assert_eq!(balance(db.clone()).await.total, -25 * 2_500_000);
    // A transaction rolled back leaves neither shipments nor charges.
    let mut tx = db.begin_write().await.unwrap();
    create(&mut tx, maker, &items[..3]).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(balance(db.clone()).await.total, -25 * 2_500_000);

    let one = db.client_shipment(&business, &client, "+998900000000", &made[0].id).await.unwrap();
    assert_eq!(one.row.status, ShipmentStatus::PickupRequested);
    assert_eq!(one.row.office_from, "URGANCH");
    // No office in Yunusobod: the region's first office.
    assert_eq!(one.row.office_to, "YAKKASAROY");
    assert_eq!(crate::cargo::tracking::history(&db, &one.row.barcode).await.unwrap().len(), 2);

    // Pages of 10 over 25 rows, all made at one instant: ordered by id.
    let scope = Scope::Client(client.clone());
    let f = Filter::default();
    let p1 = db.shipments(&scope, &f, &Page::First, 10).await.unwrap();
    assert_eq!((p1.total, p1.rows.len(), p1.has_newer, p1.has_older), (25, 10, false, true));
    let last = p1.rows.last().unwrap();
    let p2 = db
        .shipments(&scope, &f, &Page::After(Cursor { created_at: last.created_at, id: last.id.to_string() }), 10)
        .await
        .unwrap();
    assert_eq!((p2.rows.len(), p2.has_newer, p2.has_older), (10, true, true));
    assert!(p2.rows.iter().all(|r| !p1.rows.contains(r)));
    let pl = db.shipments(&scope, &f, &Page::Last, 10).await.unwrap();
    assert_eq!((pl.rows.len(), pl.has_newer, pl.has_older), (10, true, false));
    let first = pl.rows.first().unwrap();
    let back = db
        .shipments(&scope, &f, &Page::Before(Cursor { created_at: first.created_at, id: first.id.to_string() }), 10)
        .await
        .unwrap();
    let numbers: Vec<i64> = back.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, (11..=20).rev().collect::<Vec<_>>());
    assert!(back.has_newer && back.has_older);
    // Filters: status, search by name, by number, by barcode.
    let f = Filter { status: Some(ShipmentStatus::PickupRequested), ..Filter::default() };
    assert_eq!(db.shipments(&scope, &f, &Page::First, 10).await.unwrap().total, 1);
    let f = Filter { search: Some("r1".into()), ..Filter::default() };
    assert_eq!(db.shipments(&scope, &f, &Page::First, 50).await.unwrap().total, 11);
    let f = Filter { search: Some("7".into()), ..Filter::default() };
    assert!(db.shipments(&scope, &f, &Page::First, 50).await.unwrap().rows.iter().any(|r| r.number == 7));
    let f = Filter { search: Some(made[3].barcode.to_string()), ..Filter::default() };
    assert_eq!(db.shipments(&scope, &f, &Page::First, 50).await.unwrap().total, 1);
    // Incoming: by the receiver's phone.
    let inc = Scope::Incoming(business.clone(), "+998901234567".into());
    assert_eq!(db.shipments(&inc, &Filter::default(), &Page::First, 5).await.unwrap().total, 25);

    // Another client cannot delete it; the owner can while it is with the sender.
    assert!(matches!(db.delete_client_shipment(&ClientId::new(), &made[1].id).await, Err(DeleteError::NotFound)));
    db.delete_client_shipment(&client, &made[1].id).await.unwrap();
    assert!(crate::cargo::tracking::history(&db, made[1].barcode.as_str()).await.unwrap().is_empty());
    // Its charge is given back; both rows stay in the ledger.
    let b = balance(db.clone()).await;
    assert_eq!((b.total, b.charged), (-24 * 2_500_000, 24 * 2_500_000));
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_ledger WHERE shipment_id = $1")
        .bind(&made[1].id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(rows, 2, "the charge and its refund");
    // Once a desk scanned it, it stays.
    sqlx::query(
        "INSERT INTO cargo_events (id, business_id, barcode, at, kind, status, received_at) VALUES ('s1', $1, $2, 2000, 'accepted', 'accepted', 2000)",
    )
    .bind(&business)
    .bind(made[2].barcode.as_str())
    .execute(&db.pool)
    .await
    .unwrap();
    assert!(matches!(db.delete_client_shipment(&client, &made[2].id).await, Err(DeleteError::NotAtSender)));
}
