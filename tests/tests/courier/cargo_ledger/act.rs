//! The reconciliation act (C11) on both databases: rows before the period
//! make its opening balance, rows from the first day's Tashkent midnight to
//! just before the day after the last are its lines (per day, kind and
//! method), rows after it are left out; opening − debit + credit equals the
//! ledger's sum before the period's end. The cabinet's page and its PDF
//! (pdftotext) show the same figures; the operators download it; another
//! company's operator gets a 404; wrong dates are refused by name.

use cloud::cargo::act::Period;
use cloud::cargo::ledger::{self, Kind, Mode, Posting};
use cloud::ids::{BusinessId, ClientId};
use tests::billing::pdf_text;
use tests::cargo_orders::{client, courier};
use tests::cloud::{CloudProcess, DbKind, Sms, TestDb};
use tests::on_both_databases;
use web::format::{money, parse_iso_date, tashkent_midnight};

const HOUR: i64 = 3_600_000;

fn norm(s: &str) -> String {
    s.replace("&#39;", "'").replace('\u{a0}', " ")
}

async fn act_figures(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7351, "bts").await;
    let other = courier(&cloud, &pool, &sms, 7352, "tez").await;
    let alice = client(&cloud, &sms, &bts, "+998901112244", "Eshchanov Rasulbek").await;
    let id: String = sqlx::query_scalar("SELECT id FROM cargo_clients WHERE phone = '+998901112244'")
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    let alice_id = ClientId::parse(&id).unwrap();

    // The period: 1-3 November 2026 (Tashkent).
    let (first, last) = (parse_iso_date("2026-11-01").unwrap(), parse_iso_date("2026-11-03").unwrap());
    let (start, end) = (tashkent_midnight(first), tashkent_midnight(last + 1));
    let rows: Vec<(Kind, &str, i64, i64)> = vec![
        // Before: the opening balance (one a millisecond before midnight).
        (Kind::Charge, "", -4_100_000, start - 10 * HOUR),
        (Kind::Payment, "transfer", 10_000_000, start - 1),
        // In: two charges on the first day (one at midnight), cash and Click.
        (Kind::Charge, "", -4_100_000, start),
        (Kind::Charge, "", -5_200_000, start + 3 * HOUR),
        (Kind::Payment, "cash", 4_100_000, start + 4 * HOUR),
        (Kind::CodCollected, "cash", 15_000_000, start + 30 * HOUR),
        (Kind::CodPayout, "transfer", -10_000_000, start + 50 * HOUR),
        (Kind::Correction, "", -50_000, start + 51 * HOUR),
        (Kind::Payment, "click", 5_200_000, end - 1),
        // After: left out.
        (Kind::Charge, "", -7_700_000, end),
    ];
    let business: &BusinessId = &bts.business;
    let mut tx = pool.begin_write().await.unwrap();
    let postings: Vec<Posting<'_>> = rows
        .iter()
        .enumerate()
        .map(|(i, (kind, method, amount, at))| Posting {
            business,
            client: &alice_id,
            contract: None,
            mode: Mode::Live,
            kind: *kind,
            method,
            amount: *amount,
            shipment: None,
            source_key: format!("test:act:{i}"),
            note: "",
            by: "test",
            at: *at,
        })
        .collect();
    assert_eq!(ledger::post(&mut tx, &postings).await.unwrap(), rows.len() as u64);
    tx.commit().await.unwrap();

    // The figures, worked out here from the list.
    let opening: i64 = rows.iter().filter(|r| r.3 < start).map(|r| r.2).sum();
    let inside: Vec<&(Kind, &str, i64, i64)> = rows.iter().filter(|r| r.3 >= start && r.3 < end).collect();
    let debit: i64 = inside.iter().filter(|r| r.2 < 0).map(|r| -r.2).sum();
    let credit: i64 = inside.iter().filter(|r| r.2 > 0).map(|r| r.2).sum();
    let closing = opening - debit + credit;
    let raw: i64 =
        sqlx::query_scalar("SELECT CAST(SUM(amount) AS BIGINT) FROM cargo_ledger WHERE client_id = $1 AND at < $2")
            .bind(&id)
            .bind(end)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    assert_eq!(raw, closing, "the test's own sum agrees with the database's");

    let act = pool.act(business, &alice_id, None, Mode::Live, Period { from: first, to: last }).await.unwrap();
    assert_eq!((act.opening, act.debit, act.credit, act.closing), (opening, debit, credit, closing));
    assert_eq!(act.entries, inside.len() as i64);
    // Two charges of the first day are one line; the rest one line each.
    assert_eq!(act.rows.len(), inside.len() - 1);
    assert_eq!(
        (act.rows[0].day, act.rows[0].kind, act.rows[0].count, act.rows[0].debit),
        (first, Kind::Charge, 2, 9_300_000)
    );
    assert_eq!(act.rows.last().map(|r| (r.day, r.method.as_str())), Some((last, "click")));

    // The cabinet's page.
    let base = &bts.base;
    let q = "from=2026-11-01&to=2026-11-03";
    let p = alice.get(&format!("{base}/act?{q}")).await;
    assert_eq!(p.status, 200, "{p:?}");
    let shown = |attr: &str| norm(&p.text_of(&format!("{attr}>")).unwrap_or_default());
    assert_eq!(
        [shown("data-opening"), shown("data-debit"), shown("data-credit"), shown("data-closing")],
        [money(opening), money(debit), money(credit), money(closing)].map(|m| norm(&m))
    );
    assert_eq!(p.attrs("data-act-row").len(), act.rows.len());
    // Without dates: the month so far.
    assert_eq!(alice.get(&format!("{base}/act")).await.status, 200);
    // Its PDF, read back.
    let pdf = alice.get_bytes(&format!("{base}/act.pdf?{q}")).await;
    assert_eq!(pdf.0, 200);
    let text = norm(&pdf_text(&pdf.1, dir.path()));
    for figure in [money(opening), money(debit), money(credit), money(closing)] {
        assert!(text.contains(&norm(&figure)), "{figure} in the PDF: {text}");
    }
    assert!(text.contains("Solishtirma dalolatnoma") && text.contains("Eshchanov Rasulbek"), "{text}");
    assert!(text.contains("01.11.2026") && text.contains("03.11.2026"), "{text}");
    // Wrong dates: refused by name, nothing shown.
    for bad in [
        "from=2026-11-05&to=2026-11-01",
        "from=2026-02-30&to=2026-03-01",
        "from=2025-01-01&to=2026-11-01",
        "from=x&to=y",
    ] {
        let p = alice.get(&format!("{base}/act?{bad}")).await;
        assert_eq!(p.status, 200, "{bad}");
        assert_eq!(p.attrs("data-error"), ["period"], "{bad}");
        assert!(!p.body.contains("data-act-rows"), "{bad}");
        assert_eq!(alice.get_bytes(&format!("{base}/act.pdf?{bad}")).await.0, 400, "{bad}");
    }

    // The operators' copy; another company's operator: 404.
    let href = format!("/cargo-ops/clients/{id}/act.pdf?{q}");
    let (status, bytes) = bts.owner.get_bytes(&href).await;
    assert_eq!(status, 200);
    let text = norm(&pdf_text(&bytes, dir.path()));
    assert!(text.contains(&norm(&money(closing))), "{text}");
    assert_eq!(other.owner.get_bytes(&href).await.0, 404);

    // One contract's act: only its rows, though the client has others.
    let office = cloud::ids::BranchId::new();
    sqlx::query(
        "INSERT INTO branches (id, business_id, name, address, phone, created_at) \
         VALUES ($1, $2, 'Chilonzor', 'Toshkent', '+998712000000', 0)",
    )
    .bind(&office)
    .bind(business)
    .execute(&pool.pool)
    .await
    .unwrap();
    let contract = cloud::ids::ContractId::new();
    sqlx::query(
        "INSERT INTO cargo_contracts (id, business_id, client_id, office_id, number, signed_on, created_at) \
         VALUES ($1, $2, $3, $4, 'T-7', '2026-10-01', 0)",
    )
    .bind(&contract)
    .bind(business)
    .bind(&alice_id)
    .bind(&office)
    .execute(&pool.pool)
    .await
    .unwrap();
    let on_contract: [(Kind, i64, i64); 3] = [
        (Kind::Charge, -3_000_000, start - HOUR),
        (Kind::Charge, -2_000_000, start + HOUR),
        (Kind::Payment, 1_500_000, end - HOUR),
    ];
    let postings: Vec<Posting<'_>> = on_contract
        .iter()
        .enumerate()
        .map(|(i, (kind, amount, at))| Posting {
            business,
            client: &alice_id,
            contract: Some(&contract),
            mode: Mode::Live,
            kind: *kind,
            method: if *kind == Kind::Payment { "transfer" } else { "" },
            amount: *amount,
            shipment: None,
            source_key: format!("test:act:contract:{i}"),
            note: "",
            by: "test",
            at: *at,
        })
        .collect();
    let mut tx = pool.begin_write().await.unwrap();
    assert_eq!(ledger::post(&mut tx, &postings).await.unwrap(), 3);
    tx.commit().await.unwrap();
    let period = Period { from: first, to: last };
    let act = pool.act(business, &alice_id, Some(&contract), Mode::Live, period).await.unwrap();
    assert_eq!(
        (act.opening, act.debit, act.credit, act.closing, act.entries),
        (-3_000_000, 2_000_000, 1_500_000, -3_500_000, 2)
    );
    let whole = pool.act(business, &alice_id, None, Mode::Live, period).await.unwrap();
    assert_eq!((whole.opening, whole.closing), (opening - 3_000_000, closing - 3_500_000), "the client's act has all");
    cloud.stop();
}

on_both_databases!(act_figures);
