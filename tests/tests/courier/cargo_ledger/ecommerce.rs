//! E-commerce (C10) on SQLite and PostgreSQL, through the real page: a
//! client's orders with cash on delivery under a contract, one delivered
//! (its cash collected on the ledger as a desk's delivery posts it), one
//! returned, one waiting at the destination office, one just made, and one
//! from an office without a contract; a payout the operators record on the
//! contract. The six blocks equal independent sums, for the contract and
//! for the whole account; each filter lists what it names; a wrong period
//! is refused by name; another client's contract is a 404.

use cloud::cargo::ledger::{self, Kind, Mode, Posting};
use cloud::ids::{BusinessId, ClientId, ShipmentId};
use tests::cargo_orders::{client, courier, order_form};
use tests::cloud::{CloudProcess, DbKind, Page, Sms, TestDb};
use tests::on_both_databases;

use super::{PRICE, client_id, key_of};

/// The cash on delivery of [`order_form`]'s shipment, tiyin.
const COD: i64 = 15_000_000;

fn blocks(p: &Page) -> Vec<String> {
    p.body
        .split("data-block-value>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or_default().replace("&#39;", "'"))
        .collect()
}

async fn ecommerce(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7331, "bts").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(&cloud, &sms, &bts, "+998901112244", "Karimov Bobur").await;
    let base = &bts.base;
    let owner = &bts.owner;
    let alice_id = client_id(&pool, "+998901112233").await;
    let make = format!("/cargo-ops/clients/{alice_id}/contracts");
    let contract = [("number", "E-1"), ("signed_on", "2026-01-05"), ("office", bts.offices[0].as_str())];
    assert_eq!(owner.post(&make, &contract).await.status, 303);
    let k: String =
        sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = 'E-1'").fetch_one(&pool.pool).await.unwrap();

    // Four orders from Yakkasaroy (the contract's office), one from Urganch.
    for _ in 0..4 {
        assert_eq!(alice.post(&format!("{base}/orders/new"), &order_form(&[("action", "create")])).await.status, 303);
    }
    let from_urganch = order_form(&[
        ("action", "create"),
        ("sender_region", "1733"),
        ("sender_district", "1733401"),
        ("receiver_region", "1726"),
        ("receiver_district", "1726287"),
    ]);
    assert_eq!(alice.post(&format!("{base}/orders/new"), &from_urganch).await.status, 303);
    let on_contract: Vec<(String, String)> =
        sqlx::query_as("SELECT id, barcode FROM cargo_shipments WHERE contract_id = $1 ORDER BY number")
            .bind(&k)
            .fetch_all(&pool.pool)
            .await
            .unwrap();
    assert_eq!(on_contract.len(), 4);
    // What the desks did: delivered (its cash collected), returned, waiting.
    let now = cloud::db::now_ms();
    for ((id, _), status) in on_contract.iter().zip(["delivered", "returned", "at_destination"]) {
        sqlx::query("UPDATE cargo_shipments SET status = $2, status_at = $3 WHERE id = $1")
            .bind(id)
            .bind(status)
            .bind(now)
            .execute(&pool.pool)
            .await
            .unwrap();
    }
    let (business, cid) = (BusinessId::parse(bts.business.as_str()).unwrap(), ClientId::parse(&alice_id).unwrap());
    let delivered = ShipmentId::parse(&on_contract[0].0).unwrap();
    let mut tx = pool.begin_write().await.unwrap();
    let collected = Posting {
        business: &business,
        client: &cid,
        contract: None,
        mode: Mode::Live,
        kind: Kind::CodCollected,
        method: "cash",
        amount: COD,
        shipment: Some((&delivered, on_contract[0].1.as_str())),
        source_key: format!("cod:{delivered}:0"),
        note: "",
        by: "desk",
        at: now,
    };
    assert_eq!(ledger::post(&mut tx, &[collected]).await.unwrap(), 1);
    tx.commit().await.unwrap();
    // The operators pay out 100 000 so'm of it on the contract.
    let ledger = format!("/cargo-ops/clients/{alice_id}/ledger");
    let key = key_of(&owner.get(&ledger).await);
    let payout = [("kind", "payout"), ("amount", "100 000"), ("note", "Nalojka No 1"), ("contract", &k), ("key", &key)];
    assert_eq!(owner.post(&ledger, &payout).await.status, 303);

    // The contract's blocks (the first contract is the default).
    let page = format!("{base}/ecommerce");
    let p = alice.get(&page).await;
    assert_eq!(p.status, 200, "{p:?}");
    let sums: (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN kind IN ('cod_collected', 'cod_reversed', 'charge', 'refund') \
         THEN amount ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN kind = 'cod_collected' THEN amount ELSE 0 END), 0) AS BIGINT) \
         FROM cargo_ledger WHERE contract_id = $1",
    )
    .bind(&k)
    .fetch_one(&pool.pool)
    .await
    .unwrap();
    assert_eq!(sums, (COD - 4 * PRICE, COD), "an independent sum of the contract's rows");
    let money = web::format::money;
    assert_eq!(
        blocks(&p),
        [money(COD), money(COD), money(COD), money(sums.0), money(COD), "50,0 %".to_owned()],
        "sales today, 7 days, month; accrued; returns; efficiency"
    );
    assert!(p.shows("1 ta buyurtma"), "one order went back");
    // Each filter lists what it names.
    for (show, count) in [("all", 4), ("orders", 4), ("sales", 1), ("ready", 1), ("returns", 1)] {
        let p = alice.get(&format!("{page}?contract={k}&show={show}")).await;
        assert_eq!(p.attrs("data-shipment").len(), count, "{show}");
    }
    let p = alice.get(&format!("{page}?contract={k}&show=sales")).await;
    assert_eq!(p.attrs("data-barcode"), [on_contract[0].1.clone()]);
    let p = alice.get(&format!("{page}?contract={k}&show=paid")).await;
    assert_eq!(p.body.matches("data-payout>").count(), 1);
    assert!(p.shows(&money(10_000_000)) && p.shows("Nalojka No 1"));
    // The whole account: the Urganch order too.
    let p = alice.get(&format!("{page}?contract=all")).await;
    assert_eq!(blocks(&p)[3], money(COD - 5 * PRICE));
    assert_eq!(alice.get(&format!("{page}?contract=all&show=all")).await.attrs("data-shipment").len(), 5);
    // A period before the orders: nothing in it, no efficiency.
    let p = alice.get(&format!("{page}?contract={k}&from=2026-01-01&to=2026-01-31")).await;
    assert_eq!(p.attrs("data-shipment").len(), 0);
    assert_eq!(blocks(&p)[3..], [money(0), money(0), "—".to_owned()]);

    // Bad input: a wrong period by name; another client's or no contract.
    for (from, to) in [("2026-02-30", "2026-03-01"), ("2026-03-01", "2026-02-01"), ("2025-01-01", "2026-12-01")] {
        let p = alice.get(&format!("{page}?from={from}&to={to}")).await;
        assert_eq!((p.status, p.attrs("data-error")), (400, vec!["period".to_owned()]), "{from} {to}");
    }
    assert_eq!(bob.get(&format!("{page}?contract={k}")).await.status, 404);
    assert_eq!(alice.get(&format!("{page}?contract={}", cloud::ids::ContractId::new())).await.status, 404);
    // Bob has no contract: his whole account, nothing in it.
    let p = bob.get(&page).await;
    assert_eq!((p.status, blocks(&p)[0].clone()), (200, money(0)));
    cloud.stop();
}

on_both_databases!(ecommerce);
