//! The cabinet's printed documents through the real pages, on SQLite and
//! PostgreSQL: one shipment's waybill and label (the barcode decodes, the
//! receiver's name reads back), another client's is 404, the list's print of
//! selected shipments (3 → 3 labels; 0 or 101 → the error), the pictures in
//! the expanded row, and the operators' handover act for pickups.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use tests::cargo_orders::{client, courier, order_form};
use tests::cloud::{CloudProcess, DbKind, Portal, Sms, TestDb};
use tests::documents::PdfTools;
use tests::on_both_databases;

async fn create(p: &Portal, base: &str, pickup: bool) -> String {
    let mut f = order_form(&[("action", "create"), ("cod_amount", "")]);
    if pickup {
        f.push(("pickup", "1"));
    }
    let r = p.post(&format!("{base}/orders/new"), &f).await;
    assert_eq!(r.status, 303, "{r:?}");
    let loc = r.location.unwrap();
    loc.trim_start_matches(&format!("{base}/orders/")).split('?').next().unwrap().to_owned()
}

async fn bytes(p: &Portal, cloud: &CloudProcess, path: &str, form: Option<&[(&str, &str)]>) -> (u16, String, Vec<u8>) {
    let r = match form {
        None => p.client.get(cloud.url(path)).send().await.unwrap(),
        Some(f) => {
            let token = p.csrf().await;
            let mut f = f.to_vec();
            f.push(("csrf", &token));
            p.client.post(cloud.url(path)).form(&f).send().await.unwrap()
        }
    };
    let status = r.status().as_u16();
    let kind = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, kind, r.bytes().await.unwrap().to_vec())
}

async fn print(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7201, "btsprint").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let base = &bts.base;
    let ids = [create(&alice, base, true).await, create(&alice, base, true).await, create(&alice, base, false).await];
    let barcode: String = sqlx::query_scalar("SELECT barcode FROM cargo_shipments WHERE id = $1")
        .bind(&ids[0])
        .fetch_one(&pool.pool)
        .await
        .unwrap();

    // The pictures in the expanded row.
    let p = alice.get(&format!("{base}/personal")).await;
    assert!(p.body.contains("data-waybill-svg><svg"), "the waybill picture");
    assert!(p.body.contains("data-barcode-svg><svg"), "the barcode picture");

    // One shipment's documents; another client's is 404.
    let (status, ct, waybill) = bytes(&alice, &cloud, &format!("{base}/orders/{}/waybill.pdf", ids[0]), None).await;
    assert_eq!((status, ct.as_str()), (200, "application/pdf"));
    let (status, _, label) = bytes(&alice, &cloud, &format!("{base}/orders/{}/label.pdf", ids[0]), None).await;
    assert_eq!(status, 200);
    let mallory = client(&cloud, &sms, &bts, "+998935556677", "Boshqa Mijoz").await;
    let (status, _, _) = bytes(&mallory, &cloud, &format!("{base}/orders/{}/waybill.pdf", ids[0]), None).await;
    assert_eq!(status, 404);

    // Print: 0 or 101 selected → the list's error; 3 → 3 labels.
    let p = alice.post(&format!("{base}/orders/print"), &[("doc", "labels")]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/orders?error=selection").as_str()));
    assert_eq!(alice.get(p.location.as_deref().unwrap()).await.error_code().as_deref(), Some("selection"));
    let many: Vec<String> = (0..101).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let mut f: Vec<(&str, &str)> = many.iter().map(|i| ("id", i.as_str())).collect();
    f.push(("doc", "labels"));
    assert_eq!(alice.post(&format!("{base}/orders/print"), &f).await.location.as_deref(), p.location.as_deref());
    let f = [("doc", "labels"), ("id", &ids[0]), ("id", &ids[1]), ("id", &ids[2])];
    let (status, ct, labels) = bytes(&alice, &cloud, &format!("{base}/orders/print"), Some(&f)).await;
    assert_eq!((status, ct.as_str()), (200, "application/pdf"));

    // The act: both pickup shipments of the sender.
    let ops_form = [
        ("sender", ""),
        ("id", ids[0].as_str()),
        ("id", ids[1].as_str()),
        ("courier_name", "Kuryer Aziz"),
        ("courier_phone", "+998977776655"),
    ];
    let p = bts.owner.get("/cargo-ops/pickups").await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(p.attrs("data-barcode").len(), 2, "two wait for pickup");
    let (status, ct, act) = bytes(&bts.owner, &cloud, "/cargo-ops/pickups/act", Some(&ops_form)).await;
    assert_eq!((status, ct.as_str()), (200, "application/pdf"));
    let (status, _, _) = bytes(&alice, &cloud, "/cargo-ops/pickups/act", Some(&ops_form)).await;
    assert_ne!(status, 200, "not an operator");

    let Some(tools) = PdfTools::find() else { return };
    let w = tools.save(&waybill, dir.path(), "waybill");
    assert!(tools.text(&w).concat().contains("Karimova Dilnoza"));
    let png = tools.render(&w, dir.path(), "waybill");
    assert!(png.iter().any(|p| tools.decode(p).contains(&barcode)), "the waybill's barcode decodes");
    let l = tools.save(&label, dir.path(), "label");
    let png = tools.render(&l, dir.path(), "label");
    assert!(png.iter().any(|p| tools.decode(p).contains(&barcode)), "the label's barcode decodes");
    let ls = tools.save(&labels, dir.path(), "labels");
    assert_eq!(tools.pages(&ls), 3);
    let a = tools.save(&act, dir.path(), "act");
    let text = tools.text(&a).concat();
    for id in &ids[..2] {
        let b: String = sqlx::query_scalar("SELECT barcode FROM cargo_shipments WHERE id = $1")
            .bind(id)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
        assert!(text.contains(&b), "{b} in the act");
    }
}
on_both_databases!(print);
