//! Business clients' contracts (C11) on SQLite and PostgreSQL, through the
//! real pages: the operators make a client's contracts (one per office) and
//! set their managers, each audited, bad input refused field by field with
//! nothing written, another company's operator a 404; a shipment leaves
//! under the contract of its first office and its charge, refund and the
//! operators' transfers land on that contract's balance; the client's
//! "Biznes" shows the contract's manager, balance and orders by year and
//! month, and the act of one contract; another client's contract is a 404.

use cloud::ids::ContractId;
use tests::cargo_orders::{client, courier, order_form};
use tests::cloud::{CloudProcess, DbKind, Page, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::UZ;

use super::{PRICE, client_id, key_of};

fn money_on(p: &Page, attr: &str) -> String {
    p.text_of(attr).unwrap_or_else(|| panic!("{attr} on the page: {}", p.body)).replace("&#39;", "'")
}

async fn contract_id(db: &cloud::db::Db, number: &str) -> String {
    sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = $1")
        .bind(number)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn count(db: &cloud::db::Db, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).bind(bind).fetch_one(&db.pool).await.unwrap()
}

/// The contract of each ledger row of `client`, by kind, oldest first.
async fn rows_by_contract(db: &cloud::db::Db, client: &str) -> Vec<(String, Option<String>, i64)> {
    sqlx::query_as("SELECT kind, contract_id, amount FROM cargo_ledger WHERE client_id = $1 ORDER BY at, id")
        .bind(client)
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

async fn contracts(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7311, "bts").await;
    let other = courier(&cloud, &pool, &sms, 7312, "tez").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(&cloud, &sms, &bts, "+998901112244", "Karimov Bobur").await;
    let base = &bts.base;
    let (alice_id, bob_id) = (client_id(&pool, "+998901112233").await, client_id(&pool, "+998901112244").await);
    let owner = &bts.owner;
    let [yakkasaroy, urganch] = [bts.offices[0].to_string(), bts.offices[1].to_string()];
    let make = format!("/cargo-ops/clients/{alice_id}/contracts");
    let p = owner.get(&format!("/cargo-ops/clients/{alice_id}/ledger")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.body.contains(" data-contract-form>"), "the operators' new contract form");

    // Two contracts, one per office; the first with a manager.
    let first = [
        ("number", " BTS-2026/014 "),
        ("signed_on", "2026-01-05"),
        ("office", yakkasaroy.as_str()),
        ("manager_name", "Dilnoza  Karimova"),
        ("manager_phone", "90 765 43 21"),
    ];
    let p = owner.post(&make, &first).await;
    assert_eq!(p.status, 303, "{p:?}");
    let second = [("number", "BTS-2026/015"), ("signed_on", "05.02.2026"), ("office", urganch.as_str())];
    assert_eq!(owner.post(&make, &second).await.status, 303);
    let p = owner.get(&format!("/cargo-ops/clients/{alice_id}/ledger?recorded=contract")).await;
    assert!(p.shows(UZ.cargo.business.made), "{}", p.body);
    assert_eq!(p.attrs("data-contract"), ["BTS-2026/014", "BTS-2026/015"], "oldest first");
    let (k1, k2) = (contract_id(&pool, "BTS-2026/014").await, contract_id(&pool, "BTS-2026/015").await);
    let manager: (String, String) =
        sqlx::query_as("SELECT manager_name, manager_phone FROM cargo_contracts WHERE id = $1")
            .bind(&k1)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    assert_eq!(manager, ("Dilnoza Karimova".to_owned(), "+998907654321".to_owned()));
    // Bob's own contract with the same office is his business.
    let bob_make = format!("/cargo-ops/clients/{bob_id}/contracts");
    let bobs = [("number", "BTS-2026/020"), ("signed_on", "2026-03-01"), ("office", yakkasaroy.as_str())];
    assert_eq!(owner.post(&bob_make, &bobs).await.status, 303);
    let k_bob = contract_id(&pool, "BTS-2026/020").await;

    // Bad input: refused with the field named, nothing written.
    let contracts_sql = "SELECT COUNT(*) FROM cargo_contracts WHERE client_id = $1";
    let audits_sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'cargo_contract' AND business_id = $1";
    let audits_before = count(&pool, audits_sql, bts.business.as_str()).await;
    assert_eq!(audits_before, 3, "each contract made is audited");
    let elsewhere = cloud::ids::BranchId::new().to_string();
    for (form, field) in [
        (vec![("number", ""), ("signed_on", "2026-01-05"), ("office", urganch.as_str())], "number"),
        (vec![("number", "A;B"), ("signed_on", "2026-01-05"), ("office", urganch.as_str())], "number"),
        (vec![("number", "K-9"), ("signed_on", "2026-02-30"), ("office", urganch.as_str())], "signed_on"),
        (vec![("number", "K-9"), ("signed_on", "2099-01-01"), ("office", urganch.as_str())], "signed_on"),
        (vec![("number", "K-9"), ("signed_on", "2026-01-05"), ("office", elsewhere.as_str())], "office"),
        (vec![("number", "K-9"), ("signed_on", "2026-01-05"), ("office", other.offices[0].as_str())], "office"),
        (
            vec![
                ("number", "K-9"),
                ("signed_on", "2026-01-05"),
                ("office", urganch.as_str()),
                ("manager_phone", "+998901234567"),
            ],
            "manager_name",
        ),
        (
            vec![
                ("number", "K-9"),
                ("signed_on", "2026-01-05"),
                ("office", urganch.as_str()),
                ("manager_name", "Ali"),
                ("manager_phone", "12345"),
            ],
            "manager_phone",
        ),
        // The company's number, or the office alice already has.
        (vec![("number", "BTS-2026/020"), ("signed_on", "2026-01-05"), ("office", urganch.as_str())], "number"),
        (vec![("number", "K-9"), ("signed_on", "2026-01-05"), ("office", urganch.as_str())], "office"),
    ] {
        let p = owner.post(&make, &form).await;
        assert_eq!(p.status, 400, "{form:?}: {p:?}");
        assert_eq!(p.attrs("data-error"), [field], "{form:?}");
    }
    assert_eq!(count(&pool, contracts_sql, &alice_id).await, 2, "nothing written");
    // Another company's operator: alice is not their client.
    let third = [("number", "T-1"), ("signed_on", "2026-01-05"), ("office", other.offices[0].as_str())];
    assert_eq!(other.owner.post(&make, &third).await.status, 404);
    let k1_manager = format!("/cargo-ops/clients/{alice_id}/contracts/{k1}/manager");
    assert_eq!(other.owner.post(&k1_manager, &[("manager_name", "Mallory")]).await.status, 404);
    // Bob's contract through alice's page.
    let crossed = format!("/cargo-ops/clients/{alice_id}/contracts/{k_bob}/manager");
    assert_eq!(owner.post(&crossed, &[("manager_name", "Mallory")]).await.status, 404);
    assert_eq!(owner.post(&crossed, &[("manager_name", "Mallory"), ("manager_phone", "1")]).await.status, 404);
    assert_eq!(count(&pool, audits_sql, bts.business.as_str()).await, audits_before, "no audit for a refusal");

    // The second contract's manager: a bad phone is refused on its row.
    let k2_manager = format!("/cargo-ops/clients/{alice_id}/contracts/{k2}/manager");
    let p = owner.post(&k2_manager, &[("manager_name", "Sardor Aliyev"), ("manager_phone", "+7 999")]).await;
    assert_eq!((p.status, p.attrs("data-error")), (400, vec!["manager_phone".to_owned()]));
    let p = owner.post(&k2_manager, &[("manager_name", "Sardor Aliyev"), ("manager_phone", "+998935550011")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    assert_eq!(count(&pool, audits_sql, bts.business.as_str()).await, audits_before + 1);

    // A shipment from Yakkasaroy leaves under the first contract, one from
    // Urganch under the second; each charge lands on its contract.
    let made = alice.post(&format!("{base}/orders/new"), &order_form(&[("action", "create")])).await;
    assert_eq!(made.status, 303, "{made:?}");
    let from_urganch = order_form(&[
        ("action", "create"),
        ("sender_region", "1733"),
        ("sender_district", "1733401"),
        ("receiver_region", "1726"),
        ("receiver_district", "1726287"),
    ]);
    let p = alice.post(&format!("{base}/orders/new"), &from_urganch).await;
    assert_eq!(p.status, 303, "{p:?}");
    let under: Vec<Option<String>> =
        sqlx::query_scalar("SELECT contract_id FROM cargo_shipments WHERE client_id = $1 ORDER BY number")
            .bind(&alice_id)
            .fetch_all(&pool.pool)
            .await
            .unwrap();
    assert_eq!(under, [Some(k1.clone()), Some(k2.clone())]);
    let rows = rows_by_contract(&pool, &alice_id).await;
    assert_eq!(
        rows,
        [("charge".to_owned(), Some(k1.clone()), -PRICE), ("charge".to_owned(), Some(k2.clone()), -PRICE)]
    );

    // The operators record a bank transfer on the second contract; a
    // contract not alice's is refused and writes nothing.
    let ledger = format!("/cargo-ops/clients/{alice_id}/ledger");
    let key = key_of(&owner.get(&ledger).await);
    for bad in [k_bob.as_str(), "nonsense"] {
        let form = [("kind", "transfer"), ("amount", "50 000"), ("contract", bad), ("key", key.as_str())];
        let p = owner.post(&ledger, &form).await;
        assert_eq!((p.status, p.attrs("data-error")), (400, vec!["contract".to_owned()]), "{bad}");
    }
    let form = [("kind", "transfer"), ("amount", "50 000"), ("contract", k2.as_str()), ("key", key.as_str())];
    assert_eq!(owner.post(&ledger, &form).await.status, 303);
    assert_eq!(rows_by_contract(&pool, &alice_id).await.len(), 3, "the transfer, once");
    let p = owner.get(&ledger).await;
    let on: Vec<&str> =
        p.body.split("data-entry-contract>").skip(1).map(|s| s.split('<').next().unwrap_or_default()).collect();
    assert_eq!(on, ["BTS-2026/015", "BTS-2026/015", "BTS-2026/014"], "each row's contract, newest first");

    // The client's "Biznes": the first contract by default, its manager,
    // balance and orders.
    let biz = format!("{base}/business");
    let p = alice.get(&biz).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.body.contains(&format!("href=\"{biz}\" aria-current=\"page\"")), "Biznes in the menu");
    assert_eq!(p.text_of("data-manager-name>").as_deref(), Some("Dilnoza Karimova"));
    assert_eq!(money_on(&p, "data-contract-balance>"), web::format::money(-PRICE));
    assert_eq!(p.attrs("data-shipment").len(), 1);
    let p2 = alice.get(&format!("{biz}?contract={k2}")).await;
    assert_eq!(p2.text_of("data-manager-name>").as_deref(), Some("Sardor Aliyev"));
    assert_eq!(money_on(&p2, "data-contract-balance>"), web::format::money(5_000_000 - PRICE));
    assert_eq!(p2.attrs("data-shipment").len(), 1);
    assert_ne!(p.attrs("data-shipment"), p2.attrs("data-shipment"), "each contract its own orders");
    // This month shows the order, another month of the year does not.
    let today = web::format::iso_date(web::format::tashkent_day(cloud::db::now_ms()));
    let (year, month): (i64, u32) = (today[..4].parse().unwrap(), today[5..7].parse().unwrap());
    let other_month = if month == 1 { 2 } else { month - 1 };
    let p = alice.get(&format!("{biz}?contract={k1}&year={year}&month={month}")).await;
    assert_eq!(p.attrs("data-shipment").len(), 1);
    let p = alice.get(&format!("{biz}?contract={k1}&year={year}&month={other_month}")).await;
    assert_eq!((p.attrs("data-shipment").len(), p.body.contains(" data-empty>")), (0, true));
    // The act of the first contract for the period on the page.
    let p = alice.get(&format!("{biz}?contract={k1}")).await;
    let act = p
        .attrs("href")
        .into_iter()
        .find(|h| h.contains("/act?"))
        .expect("the contract's act")
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let a = alice.get(&act).await;
    assert_eq!(a.status, 200, "{a:?}");
    assert_eq!(money_on(&a, "data-closing>"), web::format::money(-PRICE), "the act is the contract's");
    assert!(a.shows("BTS-2026/014"), "the act names the contract");
    let (status, pdf) = alice.get_bytes(&act.replace("/act?", "/act.pdf?")).await;
    assert!(status == 200 && pdf.starts_with(b"%PDF"), "{status}");

    // Another client's contract is a 404 everywhere.
    assert_eq!(alice.get(&format!("{biz}?contract={k_bob}")).await.status, 404);
    assert_eq!(alice.get(&format!("{base}/act?contract={k_bob}")).await.status, 404);
    assert_eq!(alice.get(&format!("{base}/act.pdf?contract={}", ContractId::new())).await.status, 404);
    assert_eq!(bob.get(&format!("{biz}?contract={k1}")).await.status, 404);
    // A client without contracts is told how to get one.
    let carol = client(&cloud, &sms, &bts, "+998901112255", "Qodirova Kamola").await;
    assert!(carol.get(&biz).await.body.contains(" data-no-contracts>"));

    // Deleting the first order gives its price back on its contract.
    let order = made.location.unwrap().split('?').next().unwrap().to_owned();
    assert_eq!(alice.post(&format!("{order}/delete"), &[]).await.status, 303);
    let last = rows_by_contract(&pool, &alice_id).await.pop().unwrap();
    assert_eq!(last, ("refund".to_owned(), Some(k1.clone()), PRICE));
    let p = alice.get(&biz).await;
    assert_eq!(money_on(&p, "data-contract-balance>"), web::format::money(0));
    cloud.stop();
}

on_both_databases!(contracts);
