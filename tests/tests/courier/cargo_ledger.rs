//! The cargo ledger on SQLite and PostgreSQL, through the real pages: a
//! shipment's price is charged when it is made and given back when it is
//! deleted; the operators record a bank transfer, a cash-on-delivery payout
//! (never above what the company holds) and a correction (never without a
//! note), each once however often the form is sent, each audited; bad input
//! changes nothing; another company's operator sees a 404; and every balance
//! the pages show equals an independent sum of what happened.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use cloud::cargo::ledger::{self, Kind, Mode, Posting};
use cloud::ids::ClientId;
use tests::cargo_orders::{client, courier, order_form};
use tests::cloud::{CloudProcess, DbKind, Page, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::UZ;

/// The price of [`order_form`]'s shipment on the starting tariff, tiyin.
const PRICE: i64 = 4_100_000;

fn key_of(p: &Page) -> String {
    let at = p.body.find("name=\"key\" value=\"").expect("the record form") + "name=\"key\" value=\"".len();
    p.body[at..].split('"').next().unwrap().to_owned()
}

fn shown_balance(p: &Page) -> String {
    p.text_of("data-balance>").expect("a balance on the page").replace("&#39;", "'")
}

/// The id of the client with `phone`.
async fn client_id(db: &cloud::db::Db, phone: &str) -> String {
    sqlx::query_scalar("SELECT id FROM cargo_clients WHERE phone = $1").bind(phone).fetch_one(&db.pool).await.unwrap()
}

async fn ledger_rows(db: &cloud::db::Db, client: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM cargo_ledger WHERE client_id = $1")
        .bind(client)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn money(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7301, "bts").await;
    let other = courier(&cloud, &pool, &sms, 7302, "tez").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let base = &bts.base;
    let alice_id = client_id(&pool, "+998901112233").await;
    let balance_in_db = || async {
        pool.client_balance(&bts.business, &ClientId::parse(&alice_id).unwrap(), Mode::Live).await.unwrap().total
    };
    // What happened, summed here independently of the ledger.
    let mut expected = 0i64;

    // Two shipments: both charged when made.
    let mut made = Vec::new();
    for _ in 0..2 {
        let p = alice.post(&format!("{base}/orders/new"), &order_form(&[("action", "create")])).await;
        assert_eq!(p.status, 303, "{p:?}");
        made.push(p.location.unwrap().split('?').next().unwrap().to_owned());
        expected -= PRICE;
    }
    let p = alice.get(&format!("{base}/profile")).await;
    assert_eq!(shown_balance(&p), web::format::money(expected), "the profile's balance is the ledger's");
    // One deleted while still with the sender: its charge comes back.
    assert_eq!(alice.post(&format!("{}/delete", made[1]), &[]).await.status, 303);
    expected += PRICE;
    assert_eq!(balance_in_db().await, expected);
    assert_eq!(ledger_rows(&pool, &alice_id).await, 3, "two charges and a refund; nothing is deleted");

    // The operators' list: Alice owes one shipment's price.
    let owner = &bts.owner;
    let p = owner.get("/cargo-ops/balances").await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.attrs("data-client").contains(&"+998901112233".to_owned()), "{}", p.body);
    assert_eq!(shown_balance(&p), web::format::money(-PRICE));
    let href = format!("/cargo-ops/clients/{alice_id}/ledger");
    let p = owner.get(&href).await;
    assert_eq!(p.status, 200);
    assert_eq!(p.attrs("data-entry"), ["refund", "charge", "charge"], "newest first");

    // A bank transfer of 100 000 so'm, the form sent twice and twice at once: one row.
    let key = key_of(&p);
    let transfer = [("kind", "transfer"), ("amount", "100 000"), ("note", "PP-17"), ("key", key.as_str())];
    let (a, b) = tokio::join!(owner.post(&href, &transfer), owner.post(&href, &transfer));
    assert_eq!((a.status, b.status), (303, 303), "{a:?} {b:?}");
    assert_eq!(owner.post(&href, &transfer).await.status, 303);
    expected += 10_000_000;
    assert_eq!(balance_in_db().await, expected, "counted once");
    let p = owner.get(&format!("{href}?recorded=1")).await;
    assert!(p.shows(UZ.cargo.money.recorded));
    assert_eq!(p.attrs("data-entry").iter().filter(|k| *k == "payment").count(), 1);

    // Bad input: each refused with its field named, nothing written.
    let rows_before = ledger_rows(&pool, &alice_id).await;
    let fresh = key_of(&owner.get(&href).await);
    for (form, field) in [
        (vec![("kind", "gift"), ("amount", "5000")], "kind"),
        (vec![("kind", "transfer"), ("amount", "-5000")], "amount"),
        (vec![("kind", "transfer"), ("amount", "1e9")], "amount"),
        (vec![("kind", "transfer"), ("amount", "0")], "amount"),
        (vec![("kind", "correction"), ("amount", "-5000")], "note"),
        // Nothing collected yet: no payout at all.
        (vec![("kind", "payout"), ("amount", "1")], "amount"),
    ] {
        let mut fields = form.clone();
        fields.push(("key", &fresh));
        let p = owner.post(&href, &fields).await;
        assert_eq!(p.status, 400, "{form:?}: {p:?}");
        assert_eq!(p.attrs("data-error"), [field], "{form:?}");
    }
    let p = owner.post(&href, &[("kind", "transfer"), ("amount", "5000"), ("key", "not-a-key")]).await;
    assert_eq!(p.status, 400);
    assert_eq!(ledger_rows(&pool, &alice_id).await, rows_before, "nothing written");

    // Cash on delivery collected for Alice (as a delivery will post it), then
    // paid out: not more than is held.
    let (business, cid) = (bts.business.clone(), ClientId::parse(&alice_id).unwrap());
    let mut tx = pool.begin_write().await.unwrap();
    let collected = Posting {
        business: &business,
        client: &cid,
        contract: None,
        mode: Mode::Live,
        kind: Kind::CodCollected,
        method: "",
        amount: 15_000_000,
        shipment: None,
        source_key: "test:cod:1".into(),
        note: "",
        by: "test",
        at: cloud::db::now_ms(),
    };
    assert_eq!(ledger::post(&mut tx, &[collected]).await.unwrap(), 1);
    tx.commit().await.unwrap();
    expected += 15_000_000;
    let payout = key_of(&owner.get(&href).await);
    let p = owner.post(&href, &[("kind", "payout"), ("amount", "100000"), ("key", &payout)]).await;
    assert_eq!(p.status, 303, "{p:?}");
    expected -= 10_000_000;
    let again = key_of(&owner.get(&href).await);
    let p = owner.post(&href, &[("kind", "payout"), ("amount", "60000"), ("key", &again)]).await;
    assert_eq!(p.status, 400, "50 000 so'm held, 60 000 asked");
    assert!(p.shows(&web::i18n::fill(UZ.cargo.money.e_payout, &[("held", &web::format::money(5_000_000))])));
    // A correction with its reason.
    let p = owner
        .post(&href, &[("kind", "correction"), ("amount", "-5 000"), ("note", "ikki marta"), ("key", &again)])
        .await;
    assert_eq!(p.status, 303, "{p:?}");
    expected -= 500_000;

    // Another company's operator: Alice is not theirs.
    assert_eq!(other.owner.get(&href).await.status, 404);
    let rows_before = ledger_rows(&pool, &alice_id).await;
    let forged = uuid::Uuid::new_v4().to_string();
    let p = other.owner.post(&href, &[("kind", "transfer"), ("amount", "5000"), ("key", &forged)]).await;
    assert_eq!(p.status, 404);
    assert_eq!(ledger_rows(&pool, &alice_id).await, rows_before, "nothing written");
    assert_eq!(other.owner.get("/cargo-ops/balances").await.attrs("data-client"), Vec::<String>::new());

    // Every figure agrees with the independent sum.
    let raw: i64 = sqlx::query_scalar("SELECT CAST(SUM(amount) AS BIGINT) FROM cargo_ledger WHERE client_id = $1")
        .bind(&alice_id)
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    assert_eq!((raw, balance_in_db().await), (expected, expected));
    let shown = web::format::money(expected);
    assert_eq!(shown_balance(&alice.get(&format!("{base}/profile")).await), shown);
    assert_eq!(shown_balance(&owner.get("/cargo-ops/balances").await), shown);
    let p = alice.get(&format!("{base}/payments")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(shown_balance(&p), shown);
    assert_eq!(p.attrs("data-payment"), ["1"], "one payment: the transfer");
    assert_eq!(p.text_of("data-method").map(|m| m.replace("&#39;", "'")).as_deref(), Some(UZ.cargo.money.methods[2]));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'cargo_ledger' AND business_id = $1")
            .bind(&bts.business)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    assert_eq!(audited, 3, "the transfer, the payout, the correction");
    cloud.stop();
}

on_both_databases!(money);

mod click;

mod act;

mod contracts;

mod ecommerce;

mod invoice;

mod attorney;
