//! The cabinet's orders (C2, C3, C8, C9) on SQLite and PostgreSQL, through
//! the real pages: the form's districts follow the region without
//! JavaScript, the price shows before creating and is what is stored, every
//! bad field is named and nothing is made, the list filters and searches,
//! one client never sees another's shipment, the receiver sees it as
//! incoming, and a shipment is deleted only while it is with the sender.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use tests::cargo_orders::{client, courier, order_form as form};
use tests::cloud::{CloudProcess, DbKind, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::UZ;

async fn orders(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7101, "bts").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let base = &bts.base;

    // The form: the client's name and phone filled in, 14 regions.
    let p = alice.get(&format!("{base}/orders/new")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.body.contains("value=\"Eshchanov Rasulbek\""));
    assert_eq!(p.body.matches("<option value=\"17").count(), 28, "14 regions in each of the two selects");
    // Without JavaScript: "show districts" lists the chosen region's districts.
    let p = alice.post(&format!("{base}/orders/new"), &[("action", "districts"), ("receiver_region", "1733")]).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("value=\"1733401\""), "Urganch city is offered");
    assert!(!p.body.contains("value=\"1726287\""), "no Tashkent district for the receiver or the sender");
    // The script's district list.
    let p = alice.get(&format!("{base}/districts?region=1733")).await;
    let list: Vec<(String, String)> = serde_json::from_str(&p.body).unwrap();
    assert!(list.iter().any(|(code, name)| code == "1733401" && name == "Urganch shahri"), "{list:?}");

    // The price before creating: Tashkent → Khorezm is zone 2; 2.5 kg is the
    // 3 kg band (30 000), 2 % of 150 000 cash on delivery is 3 000, door
    // delivery 8 000: 41 000 so'm.
    let p = alice.post(&format!("{base}/orders/new"), &form(&[("action", "quote")])).await;
    assert_eq!(p.status, 200);
    // The page escapes the apostrophe of "so'm".
    let price = web::format::money(4_100_000).replace('\'', "&#39;");
    assert_eq!(p.text_of("data-price-total").as_deref(), Some(price.as_str()), "{}", p.body);
    let p = alice.post(&format!("{base}/orders/quote"), &form(&[])).await;
    assert!(p.body.contains(&price), "the fragment the script asks for");
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM cargo_shipments").fetch_one(&pool.pool).await.unwrap()
    };
    assert_eq!(count().await, 0, "quoting makes nothing");

    // Bad input: every field named, nothing made.
    let bad = form(&[
        ("action", "create"),
        ("receiver_phone", "12345"),
        ("weight_kg", "-3"),
        ("receiver_district", "1726287"),
        ("parcel_type", "elephant"),
    ]);
    let p = alice.post(&format!("{base}/orders/new"), &bad).await;
    assert_eq!(p.status, 400, "{p:?}");
    let errors = p.attrs("data-field-error");
    for f in ["receiver_phone", "weight_kg", "receiver_district", "parcel_type"] {
        assert!(errors.iter().any(|e| e == f), "{f} named: {errors:?}");
    }
    assert!(p.shows(UZ.cargo.problem(web::i18n::cargo::Problem::DistrictNotInRegion)));
    assert_eq!(count().await, 0, "nothing made");

    // Created: the page of the new shipment, the stored price is the shown one.
    let p = alice.post(&format!("{base}/orders/new"), &form(&[("action", "create")])).await;
    assert_eq!(p.status, 303, "{p:?}");
    let created = p.location.clone().unwrap();
    let href = created.split('?').next().unwrap().to_owned();
    let id = href.trim_start_matches(&format!("{base}/orders/")).to_owned();
    let p = alice.get(&created).await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains(UZ.cargo.shipments.ev_created), "history starts with the order");
    let (barcode, price, office_to): (String, i64, Option<String>) =
        sqlx::query_as("SELECT barcode, price, destination_office FROM cargo_shipments WHERE id = $1")
            .bind(&id)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    assert_eq!(price, 4_100_000);
    assert_eq!(office_to.as_deref(), Some(bts.offices[1].as_str()), "routed to the Urganch office");
    assert!(protocol::Barcode::parse(&barcode).is_ok(), "a valid barcode: {barcode}");

    // The list, its filters and search.
    let p = alice.get(&format!("{base}/orders")).await;
    assert_eq!(p.attrs("data-barcode"), vec![barcode.clone()]);
    let p = alice.get(&format!("{base}/orders?status=delivered")).await;
    assert!(p.attrs("data-barcode").is_empty(), "none delivered");
    let p = alice.get(&format!("{base}/orders?q={barcode}")).await;
    assert_eq!(p.attrs("data-barcode").len(), 1);
    let p = alice.get(&format!("{base}/orders?q=nobody-like-this")).await;
    assert!(p.attrs("data-barcode").is_empty());
    let p = alice.get(&format!("{base}/personal")).await;
    assert_eq!(p.attrs("data-barcode"), vec![barcode.clone()], "my shipments");

    // Another client of the company: not theirs (404), cannot delete; the
    // receiver sees it as incoming.
    let mallory = client(&cloud, &sms, &bts, "+998935556677", "Boshqa Mijoz").await;
    assert_eq!(mallory.get(&href).await.status, 404);
    assert_eq!(mallory.post(&format!("{href}/delete"), &[]).await.status, 404);
    assert!(mallory.get(&format!("{base}/incoming")).await.attrs("data-barcode").is_empty());
    let dilnoza = client(&cloud, &sms, &bts, "+998914445566", "Karimova Dilnoza").await;
    assert_eq!(dilnoza.get(&format!("{base}/incoming")).await.attrs("data-barcode"), vec![barcode.clone()]);
    assert_eq!(dilnoza.get(&href).await.status, 200, "the receiver may open it");
    assert_eq!(count().await, 1);

    // Deleting: refused once a desk has it, done while it is with the sender.
    sqlx::query("INSERT INTO cargo_events (id, business_id, barcode, at, kind, status, received_at) VALUES ('scan-1', $1, $2, 1, 'accepted', 'accepted', 1)")
        .bind(&bts.business)
        .bind(&barcode)
        .execute(&pool.pool)
        .await
        .unwrap();
    let p = alice.post(&format!("{href}/delete"), &[]).await;
    assert_eq!(p.status, 303);
    let p = alice.get(p.location.as_deref().unwrap()).await;
    assert_eq!(p.error_code().as_deref(), Some("not_at_sender"), "{p:?}");
    assert_eq!(count().await, 1, "still there");
    sqlx::query("DELETE FROM cargo_events WHERE id = 'scan-1'").execute(&pool.pool).await.unwrap();
    let p = alice.post(&format!("{href}/delete"), &[]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/orders?notice=deleted").as_str()));
    assert_eq!(count().await, 0);
}
on_both_databases!(orders);
