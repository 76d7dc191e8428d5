//! Legal details and a contract's invoice (hisob-faktura) on SQLite and
//! PostgreSQL, through the real pages: the operators save the company's and
//! a client's details (each field refused by its rule with nothing written,
//! each save audited, another company's client a 404); the invoice PDF,
//! read back with `pdftotext`, carries both parties' INN, bank details, the
//! contract's number and date, the IKPU code and 12 % VAT, and its total
//! equals an independent sum of the contract's charges less refunds in the
//! period; a shipment charged and refunded in the period is not on it.

use tests::cargo_orders::{client, courier, order_form};
use tests::cloud::{CloudProcess, DbKind, Sms, TestDb};
use tests::documents::PdfTools;
use tests::on_both_databases;

use super::{PRICE, client_id};

const COMPANY: [(&str, &str); 8] = [
    ("legal_name", "«BTS Express Cargo» MChJ"),
    ("tin", "305 123 456"),
    ("vat_code", "326010012345"),
    ("address", "Toshkent, Yakkasaroy, Shota Rustaveli 22"),
    ("bank_account", "20208000905123456001"),
    ("mfo", "00873"),
    ("bank_name", "Kapitalbank"),
    ("ikpu", "10399002001000000"),
];

const CLIENT: [(&str, &str); 7] = [
    ("legal_name", "«Zamon Savdo» MChJ"),
    ("tin", "307654321"),
    ("vat_code", ""),
    ("address", "Urganch, Al-Xorazmiy 5"),
    ("bank_account", "20208000400987654002"),
    ("mfo", "00401"),
    ("bank_name", "Ipoteka bank"),
];

fn with<'a>(base: &[(&'a str, &'a str)], field: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    base.iter().map(|(k, v)| (*k, if *k == field { value } else { *v })).collect()
}

async fn invoice(kind: DbKind) {
    let Some(tools) = PdfTools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7321, "bts").await;
    let other = courier(&cloud, &pool, &sms, 7322, "tez").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let base = &bts.base;
    let owner = &bts.owner;
    let alice_id = client_id(&pool, "+998901112233").await;
    let legal_rows = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_legal").fetch_one(&pool.pool).await.unwrap();
        n
    };

    // The company's details: each rule refused by its field, then saved.
    for (field, value) in [
        ("legal_name", " "),
        ("tin", "12345678"),
        ("vat_code", "12345"),
        ("address", ""),
        ("bank_account", "2020800090512345600"),
        ("mfo", "0087"),
        ("ikpu", "1039900200100000"),
        ("ikpu", ""),
    ] {
        let p = owner.post("/cargo-ops/legal", &with(&COMPANY, field, value)).await;
        assert_eq!((p.status, p.attrs("data-error")), (400, vec![field.to_owned()]), "{field}={value:?}");
    }
    assert_eq!(legal_rows().await, 0, "nothing written");
    let p = owner.post("/cargo-ops/legal", &COMPANY).await;
    assert_eq!(p.status, 303, "{p:?}");
    let p = owner.get("/cargo-ops/legal?saved=1").await;
    assert!(p.body.contains("value=\"305123456\""), "saved as digits");
    // The client's, on their own page; another company's operator: 404.
    let legal = format!("/cargo-ops/clients/{alice_id}/legal");
    assert_eq!(owner.get(&legal).await.status, 200);
    assert_eq!(owner.post(&legal, &with(&CLIENT, "tin", "3076543210")).await.status, 400);
    assert_eq!(other.owner.post(&legal, &CLIENT).await.status, 404);
    assert_eq!(other.owner.get(&legal).await.status, 404);
    assert_eq!(owner.post(&legal, &CLIENT).await.status, 303);
    assert_eq!(legal_rows().await, 2);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'cargo_legal'")
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    assert_eq!(audited, 2, "each save audited, no refusal");

    // A contract with the Yakkasaroy office; two shipments under it, one
    // deleted (charged and refunded in the period: not on the invoice).
    let make = format!("/cargo-ops/clients/{alice_id}/contracts");
    let contract = [("number", "BTS-2026/031"), ("signed_on", "2026-01-05"), ("office", bts.offices[0].as_str())];
    assert_eq!(owner.post(&make, &contract).await.status, 303);
    let k: String = sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = 'BTS-2026/031'")
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    let mut made = Vec::new();
    for _ in 0..3 {
        let p = alice.post(&format!("{base}/orders/new"), &order_form(&[("action", "create")])).await;
        assert_eq!(p.status, 303, "{p:?}");
        made.push(p.location.unwrap().split('?').next().unwrap().to_owned());
    }
    assert_eq!(alice.post(&format!("{}/delete", made[2]), &[]).await.status, 303);
    let barcodes: Vec<String> =
        sqlx::query_scalar("SELECT barcode FROM cargo_shipments WHERE contract_id = $1 ORDER BY number")
            .bind(&k)
            .fetch_all(&pool.pool)
            .await
            .unwrap();
    assert_eq!(barcodes.len(), 2);
    let deleted: String =
        sqlx::query_scalar("SELECT barcode FROM cargo_ledger WHERE kind = 'refund' AND contract_id = $1")
            .bind(&k)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    let net: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger \
         WHERE contract_id = $1 AND kind IN ('charge', 'refund')",
    )
    .bind(&k)
    .fetch_one(&pool.pool)
    .await
    .unwrap();
    assert_eq!(net, -2 * PRICE, "an independent sum: two charges, one charge refunded");

    // The invoice from the client's "Biznes" and from the operators' page.
    let p = alice.get(&format!("{base}/business")).await;
    let href = p
        .attrs("href")
        .into_iter()
        .find(|h| h.contains("/invoice.pdf?"))
        .expect("the invoice link")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let (status, pdf) = alice.get_bytes(&href).await;
    assert_eq!(status, 200);
    let query = href.split('?').nth(1).unwrap().to_owned();
    let (status, ops_pdf) = owner.get_bytes(&format!("/cargo-ops/clients/{alice_id}/invoice.pdf?{query}")).await;
    assert_eq!(status, 200);
    for (who, bytes) in [("cabinet", &pdf), ("operators", &ops_pdf)] {
        let path = tools.save(bytes, dir.path(), &format!("invoice-{who}"));
        let text = tools.text(&path).join("\n");
        for needle in [
            "HISOB-FAKTURA",
            "«BTS Express Cargo» MChJ",
            "305123456",
            "326010012345",
            "20208000905123456001",
            "00873",
            "«Zamon Savdo» MChJ",
            "307654321",
            "20208000400987654002",
            "BTS-2026/031",
            "05.01.2026",
            "10399002001000000",
            "12%",
            &barcodes[0],
            &barcodes[1],
        ] {
            assert!(text.contains(needle), "{who}: {needle:?} not in\n{text}");
        }
        let vat = cloud::cargo::legal::vat_in(PRICE);
        let total = web::format::money(-net).replace('\u{a0}', " ");
        let total_vat = web::format::money(2 * vat).replace('\u{a0}', " ");
        let flat = text.replace('\u{a0}', " ");
        assert!(flat.contains(&total) && flat.contains(&total_vat), "{who}: totals {total} / {total_vat} in\n{flat}");
        assert!(!flat.contains(&deleted), "{who}: the shipment charged and refunded in the period is not on it");
    }

    // A company that is no VAT payer invoices without VAT: the same total.
    assert_eq!(owner.post("/cargo-ops/legal", &with(&COMPANY, "vat_code", "")).await.status, 303);
    let (status, bytes) = alice.get_bytes(&href).await;
    assert_eq!(status, 200);
    let text = tools.text(&tools.save(&bytes, dir.path(), "invoice-no-vat")).join("\n").replace('\u{a0}', " ");
    assert!(text.contains("QQSsiz") && !text.contains("12%"), "{text}");
    assert!(text.contains(&web::format::money(-net).replace('\u{a0}', " ")), "the total, with no VAT in it");

    // A contract numbered in Cyrillic downloads too (the file name is ASCII).
    let cyrillic = [("number", "Д-7"), ("signed_on", "2026-02-01"), ("office", bts.offices[1].as_str())];
    assert_eq!(owner.post(&make, &cyrillic).await.status, 303);
    let k7: String =
        sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = 'Д-7'").fetch_one(&pool.pool).await.unwrap();
    let (status, bytes) = alice.get_bytes(&format!("{base}/invoice.pdf?contract={k7}")).await;
    assert!(status == 200 && bytes.starts_with(b"%PDF"), "{status}");

    // No contract, another's contract, a bad period: refused.
    assert_eq!(alice.get_bytes(&format!("{base}/invoice.pdf")).await.0, 404);
    let stranger = cloud::ids::ContractId::new();
    assert_eq!(alice.get_bytes(&format!("{base}/invoice.pdf?contract={stranger}")).await.0, 404);
    assert_eq!(alice.get_bytes(&format!("{base}/invoice.pdf?contract={k}&from=2026-13-01&to=2026-12-01")).await.0, 400);
    assert_eq!(other.owner.get_bytes(&format!("/cargo-ops/clients/{alice_id}/invoice.pdf?{query}")).await.0, 404);
    cloud.stop();
}

on_both_databases!(invoice);
