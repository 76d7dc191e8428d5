//! The ledger against a real SQLite file: signs, exactly once, sums by mode.
#![allow(clippy::unwrap_used, reason = "tests")]

use super::*;

async fn db() -> (tempfile::TempDir, Db, BusinessId, ClientId) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("l.db").display());
    let db = Db::connect(&url, 2).await.unwrap();
    let business = BusinessId::new();
    sqlx::query("INSERT INTO businesses (id, name, created_at) VALUES ($1, 'BTS', 0)")
        .bind(&business)
        .execute(&db.pool)
        .await
        .unwrap();
    let client = ClientId::new();
    sqlx::query(
        "INSERT INTO cargo_clients (id, business_id, phone, full_name, password_hash, barcode, created_at) \
         VALUES ($1, $2, '+998901111111', 'C', 'x', '100000000001', 0)",
    )
    .bind(&client)
    .bind(&business)
    .execute(&db.pool)
    .await
    .unwrap();
    (dir, db, business, client)
}

fn posting<'a>(business: &'a BusinessId, client: &'a ClientId, kind: Kind, amount: i64, key: &str) -> Posting<'a> {
    Posting {
        business,
        client,
        contract: None,
        mode: Mode::Live,
        kind,
        method: "",
        amount,
        shipment: None,
        source_key: key.into(),
        note: "",
        by: "test",
        at: 1,
    }
}

#[test]
fn signs_follow_kinds() {
    assert!(Kind::Charge.allows(-1) && !Kind::Charge.allows(0) && !Kind::Charge.allows(1));
    assert!(Kind::Payment.allows(1) && !Kind::Payment.allows(-1));
    assert!(Kind::CodPayout.allows(-5) && Kind::CodCollected.allows(5) && Kind::Refund.allows(5));
    assert!(Kind::Correction.allows(-5) && Kind::Correction.allows(5) && !Kind::Correction.allows(0));
    assert!(Kind::CodReversed.allows(-5) && !Kind::CodReversed.allows(5));
    for k in Kind::ALL {
        assert_eq!(Kind::from_code(k.code()), Some(k));
    }
    assert_eq!(Kind::from_code("gift"), None);
}

#[tokio::test]
async fn a_cause_is_written_once_and_balances_are_sums() {
    let (_dir, db, business, client) = db().await;
    let mut tx = db.begin_write().await.unwrap();
    let batch = [
        posting(&business, &client, Kind::Charge, -4_100_000, "charge:a"),
        posting(&business, &client, Kind::Payment, 5_000_000, "click:77"),
        posting(&business, &client, Kind::CodCollected, 15_000_000, "cod:a"),
    ];
    assert_eq!(post(&mut tx, &batch).await.unwrap(), 3);
    // The same causes again (a repeated callback, a batch resent): nothing.
    assert_eq!(post(&mut tx, &batch[1..]).await.unwrap(), 0);
    // A wrong sign refuses the whole call before anything is written.
    let bad = [
        posting(&business, &client, Kind::Payment, 100, "click:78"),
        posting(&business, &client, Kind::Charge, 100, "charge:b"),
    ];
    assert!(matches!(post(&mut tx, &bad).await, Err(LedgerError::Sign { kind: "charge", amount: 100 })));
    let mut sandbox = posting(&business, &client, Kind::Payment, 99_900, "test:1");
    sandbox.mode = Mode::Test;
    let payout = posting(&business, &client, Kind::CodPayout, -10_000_000, "payout:1");
    assert_eq!(post(&mut tx, &[sandbox, payout]).await.unwrap(), 2);
    tx.commit().await.unwrap();

    let live = db.client_balance(&business, &client, Mode::Live).await.unwrap();
    assert_eq!(
        live,
        Balance {
            total: -4_100_000 + 5_000_000 + 15_000_000 - 10_000_000,
            charged: 4_100_000,
            paid: 5_000_000,
            cod_held: 5_000_000
        }
    );
    let test = db.client_balance(&business, &client, Mode::Test).await.unwrap();
    assert_eq!(test, Balance { total: 99_900, charged: 0, paid: 99_900, cod_held: 0 }, "never mixed with live money");
    // Another company's view of the same client id sees nothing.
    let other = db.client_balance(&BusinessId::new(), &client, Mode::Live).await.unwrap();
    assert_eq!(other, Balance::default());
}

#[tokio::test]
async fn a_sum_beyond_i64_fails_instead_of_wrapping() {
    let (_dir, db, business, client) = db().await;
    let mut tx = db.begin_write().await.unwrap();
    let big = [
        posting(&business, &client, Kind::Payment, i64::MAX, "p:1"),
        posting(&business, &client, Kind::Payment, 1, "p:2"),
    ];
    post(&mut tx, &big).await.unwrap();
    tx.commit().await.unwrap();
    assert!(db.client_balance(&business, &client, Mode::Live).await.is_err());
}
