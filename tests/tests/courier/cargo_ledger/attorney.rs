//! A contract's electronic power of attorney on SQLite and PostgreSQL,
//! through the real pages: "+" and "−" change the rows without saving;
//! "Save" refuses a wrong row with the row and field marked and nothing
//! written, else writes the list whole; the PDF, read back with
//! `pdftotext`, names the contract, its date and the active employees only;
//! a date beyond three years or a list without an active employee gets no
//! document; another client's contract is a 404; no CSRF token, 403.

use tests::cargo_orders::{client, courier};
use tests::cloud::{CloudProcess, DbKind, Page, Sms, TestDb};
use tests::documents::PdfTools;
use tests::on_both_databases;

use super::client_id;

/// The form's fields for `rows` (phone, first, last, patronymic, active).
fn fields<'a>(contract: &'a str, op: &'a str, rows: &[[&'a str; 5]]) -> Vec<(String, String)> {
    let mut f = vec![("contract".to_owned(), contract.to_owned()), ("op".to_owned(), op.to_owned())];
    for (i, r) in rows.iter().enumerate() {
        for (name, v) in ["phone", "first_name", "last_name", "patronymic"].iter().zip(r) {
            f.push((format!("{name}_{i}"), (*v).to_owned()));
        }
        if r[4] == "1" {
            f.push((format!("active_{i}"), "1".to_owned()));
        }
    }
    f
}

async fn post(who: &tests::cloud::Portal, path: &str, f: &[(String, String)]) -> Page {
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    who.post(path, &refs).await
}

/// The phones of the rows the page shows, in order.
fn shown_phones(p: &Page) -> Vec<String> {
    (0..60)
        .map_while(|i| {
            let key = format!("name=\"phone_{i}\" value=\"");
            let at = p.body.find(&key)? + key.len();
            Some(p.body[at..].split('"').next().unwrap_or_default().to_owned())
        })
        .collect()
}

const DILNOZA: [&str; 5] = ["+998901234567", "Dilnoza", "Karimova", "Anvar qizi", "1"];
const GAYRAT: [&str; 5] = ["93 555 44 33", "G'ayrat", "O'roqov", "", "1"];
const SARDOR: [&str; 5] = ["+998977001122", "Sardor", "Yusupov", "Akmal o'g'li", ""];

async fn attorney(kind: DbKind) {
    let Some(tools) = PdfTools::find() else { return };
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7331, "bts").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(&cloud, &sms, &bts, "+998901112244", "Tursunov Bobur").await;
    let base = &bts.base;
    let alice_id = client_id(&pool, "+998901112233").await;
    let make = format!("/cargo-ops/clients/{alice_id}/contracts");
    let contract = [("number", "BTS-2026/044"), ("signed_on", "2026-03-02"), ("office", bts.offices[0].as_str())];
    assert_eq!(bts.owner.post(&make, &contract).await.status, 303);
    let k: String = sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = 'BTS-2026/044'")
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    let stored = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_attorneys").fetch_one(&pool.pool).await.unwrap();
        n
    };
    let path = format!("{base}/business/attorney");

    // "Biznes" links to it; it opens with one blank row.
    let p = alice.get(&format!("{base}/business")).await;
    assert!(p.body.contains("data-contract-attorney"), "{}", p.body);
    let p = alice.get(&format!("{path}?contract={k}")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(shown_phones(&p), vec![String::new()]);
    assert!(p.body.contains("data-none-active"), "no document before a save");

    // "+" below the first row and "−" of a row: the rows change, nothing saved.
    let p = post(&alice, &path, &fields(&k, "add:0", &[DILNOZA, SARDOR])).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(shown_phones(&p), vec!["+998901234567".to_owned(), String::new(), "+998977001122".to_owned()]);
    let p = post(&alice, &path, &fields(&k, "remove:0", &[DILNOZA, SARDOR])).await;
    assert_eq!(shown_phones(&p), vec!["+998977001122".to_owned()]);
    assert_eq!(stored().await, 0, "adding and removing rows saves nothing");

    // Wrong rows: refused with the row and field, nothing written.
    let bad_phone = ["12345", "Ali", "Valiyev", "", "1"];
    let no_name = ["+998911234567", "", "Valiyev", "", "1"];
    let twice = ["+998 90 123 45 67", "Ali", "Valiyev", "", "1"];
    for (row, field) in [(bad_phone, "phone"), (no_name, "first_name"), (twice, "phone")] {
        let p = post(&alice, &path, &fields(&k, "save", &[DILNOZA, row])).await;
        assert_eq!((p.status, p.attrs("data-error")), (400, vec![field.to_owned()]), "{row:?}");
        assert!(p.body.contains("aria-invalid=\"true\""), "the field is marked");
        assert_eq!(shown_phones(&p).len(), 2, "the rows come back as typed");
    }
    assert_eq!(stored().await, 0, "nothing written");

    // Saved whole: three rows, two active; a blank row is dropped.
    let blank = ["", "", "", "", "1"];
    let p = post(&alice, &path, &fields(&k, "save", &[DILNOZA, blank, GAYRAT, SARDOR])).await;
    assert_eq!(p.status, 303, "{p:?}");
    let p = alice.get(p.location.as_deref().unwrap()).await;
    assert!(p.body.contains("data-notice"), "{}", p.body);
    assert_eq!(shown_phones(&p), vec!["+998901234567", "+998935554433", "+998977001122"]);
    assert_eq!(stored().await, 3);
    assert!(p.body.contains("data-download"), "the document can be made");

    // The document: the contract, its date, the active employees only.
    let (status, pdf) = alice.get_bytes(&format!("{base}/attorney.pdf?contract={k}")).await;
    assert_eq!(status, 200);
    let text = tools.text(&tools.save(&pdf, dir.path(), "attorney")).join("\n");
    for needle in [
        "ISHONCHNOMA",
        "BTS-2026/044",
        "02.03.2026",
        "Karimova Dilnoza Anvar qizi",
        "+998901234567",
        "O'roqov G'ayrat",
        "+998935554433",
        "Eshchanov Rasulbek",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    assert!(!text.contains("Yusupov"), "an inactive employee is not on it:\n{text}");

    // A date beyond three years or in the past: the page says why.
    for until in ["2099-01-01", "2020-01-01", "tomorrow"] {
        let p = alice.get(&format!("{base}/attorney.pdf?contract={k}&until={until}")).await;
        assert_eq!((p.status, p.attrs("data-error")), (400, vec!["until".to_owned()]), "{until}");
    }
    // Everyone inactive: no document.
    let off = |r: [&'static str; 5]| [r[0], r[1], r[2], r[3], ""];
    assert_eq!(post(&alice, &path, &fields(&k, "save", &[off(DILNOZA), off(GAYRAT)])).await.status, 303);
    assert_eq!(stored().await, 2, "the list was replaced whole");
    let p = alice.get(&format!("{base}/attorney.pdf?contract={k}")).await;
    assert_eq!((p.status, p.attrs("data-error")), (400, vec!["rows".to_owned()]));

    // Another client's contract: 404 everywhere; no CSRF token: 403.
    assert_eq!(bob.get(&format!("{path}?contract={k}")).await.status, 404);
    assert_eq!(bob.get_bytes(&format!("{base}/attorney.pdf?contract={k}")).await.0, 404);
    assert_eq!(post(&bob, &path, &fields(&k, "save", &[DILNOZA])).await.status, 404);
    assert_eq!(bob.get(&path).await.status, 404, "a client without a contract");
    let raw: Vec<(&str, &str)> = vec![("contract", k.as_str()), ("op", "save"), ("phone_0", "+998901234567")];
    assert_eq!(alice.post_raw(&path, &raw).await.status, 403);
    assert_eq!(stored().await, 2, "nothing changed");
    cloud.stop();
}

on_both_databases!(attorney);
