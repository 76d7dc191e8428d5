//! Paying for a shipment on the courier company's own Click service (C6),
//! on both databases: the operators set the service up (audited, the secret
//! never shown or logged); a client pays through the Click simulator, which
//! calls the company's Prepare and Complete addresses as Click does; the
//! payment is one ledger row with its receipt (page and PDF, read back by
//! pdftotext); an overpayment lands on the balance. Bad input of every kind
//! (captcha, barcode, another client's shipment, an amount below what is
//! due, a paid shipment, a bad signature, a different amount, a company with
//! no service) changes nothing; two Click transactions of one payment, and
//! two payments of one shipment, count once.

use cloud::billing::click::Action;
use cloud::billing::settings::ClickSettings;
use cloud::billing::sim::click::ClickCaller;
use cloud::cargo::click::callback_url;
use cloud::cargo::ledger::Mode;
use cloud::ids::ClientId;
use cloud::settings::Secret;
use tests::billing::pdf_text;
use tests::cargo_cabinet::captcha;
use tests::cargo_orders::{CLICK, click_sim, client, courier, order_form, setup_click};
use tests::cloud::{CloudProcess, DbKind, Page, Portal, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::UZ;

/// The price of [`order_form`]'s shipment on the starting tariff, tiyin.
const PRICE: i64 = 4_100_000;
const SERVICE: &str = CLICK.0;
const MERCHANT: &str = CLICK.1;
const SECRET: &str = CLICK.2;

async fn count(db: &cloud::db::Db, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned())).fetch_one(&db.pool).await.unwrap()
}

/// Sends the pay form for `barcode` with `amount`, the captcha solved.
async fn pay_form(device: &Portal, base: &str, barcode: &str, amount: &str) -> Page {
    let form = device.get(&format!("{base}/pay")).await;
    let (token, answer) = captcha(&form);
    let fields = [
        ("barcode", barcode),
        ("amount", amount),
        ("provider", "click"),
        ("captcha_token", token.as_str()),
        ("captcha_answer", answer.as_str()),
    ];
    device.post(&format!("{base}/pay"), &fields).await
}

/// A query parameter of a URL.
fn param(url: &str, name: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap_or_default()
}

async fn pay_for_shipments(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    let sim = click_sim(&mut cloud).await;
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7311, "bts").await;
    let tez = courier(&cloud, &pool, &sms, 7312, "tez").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(&cloud, &sms, &bts, "+998907654321", "Saidov Bobur").await;
    let base = &bts.base;
    let alice_id = ClientId::parse(
        &sqlx::query_scalar::<_, String>("SELECT id FROM cargo_clients WHERE phone = '+998901112233'")
            .fetch_one(&pool.pool)
            .await
            .unwrap(),
    )
    .unwrap();
    let balance = || async { pool.client_balance(&bts.business, &alice_id, Mode::Live).await.unwrap().total };
    let mut expected = 0i64;

    // Shipments: two of Alice's, one of Bob's.
    let mut barcodes = Vec::new();
    let mut hrefs = Vec::new();
    for device in [&alice, &alice, &bob] {
        let p = device.post(&format!("{base}/orders/new"), &order_form(&[("action", "create")])).await;
        assert_eq!(p.status, 303, "{p:?}");
        let href = p.location.unwrap().split('?').next().unwrap().to_owned();
        let id = href.rsplit('/').next().unwrap().to_owned();
        let barcode: String = sqlx::query_scalar("SELECT barcode FROM cargo_shipments WHERE id = $1")
            .bind(&id)
            .fetch_one(&pool.pool)
            .await
            .unwrap();
        barcodes.push(barcode);
        hrefs.push(href);
    }
    expected -= 2 * PRICE;
    let (b1, b2, bob_barcode) = (barcodes[0].clone(), barcodes[1].clone(), barcodes[2].clone());

    // No Click service yet: the form says so and takes nothing.
    let p = alice.get(&format!("{base}/pay?barcode={b1}")).await;
    assert_eq!(p.status, 200);
    assert!(p.shows(UZ.cargo.pay.e_unavailable), "{}", p.body);
    let p = pay_form(&alice, base, &b1, "41000").await;
    assert_eq!((p.status, p.error_code().as_deref()), (409, Some("unavailable")), "{p:?}");

    // The operators set it up: bad ids refused by field, then saved (audited).
    let owner = &bts.owner;
    let p = owner.get("/cargo-ops/click").await;
    assert_eq!(p.attrs("data-click-state"), ["off"]);
    let prepare = callback_url(&cloud.base(), "bts", Action::Prepare);
    assert_eq!(p.text_of("data-prepare-url").as_deref(), Some(prepare.as_str()), "{}", p.body);
    for (form, field) in [
        (vec![("service_id", "12a"), ("merchant_id", MERCHANT), ("secret_key", SECRET)], "service_id"),
        (vec![("service_id", SERVICE), ("merchant_id", ""), ("secret_key", SECRET)], "merchant_id"),
        (vec![("service_id", SERVICE), ("merchant_id", MERCHANT), ("secret_key", "")], "secret_key"),
    ] {
        let p = owner.post("/cargo-ops/click", &form).await;
        assert_eq!(p.status, 400, "{form:?}");
        assert_eq!(p.attrs("data-field-error"), [field]);
    }
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM cargo_click_services").await, 0);
    let click = setup_click(&cloud, &bts, "bts", &sim).await;
    let p = owner.get("/cargo-ops/click").await;
    assert_eq!(p.attrs("data-click-state"), ["on"]);
    assert!(!p.body.contains(SECRET), "the secret is never shown back");
    // Saved again without the secret: kept.
    let kept = [("service_id", SERVICE), ("merchant_id", MERCHANT), ("merchant_user_id", "55012"), ("secret_key", "")];
    assert_eq!(owner.post("/cargo-ops/click", &kept).await.status, 303);
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM audit_log WHERE action = 'cargo_click'").await,
        2,
        "both saves audited"
    );

    // The shipment's page offers to pay what is due.
    let p = alice.get(&hrefs[0]).await;
    assert!(p.text_of("data-due-box").unwrap_or_default().contains(&web::format::money(PRICE).replace('\'', "&#39;")));
    let p = alice.get(&format!("{base}/pay?barcode={b1}")).await;
    assert!(p.body.contains("name=\"amount\" value=\"41000\""), "the amount due filled in: {}", p.body);
    assert!(p.text_of("data-due").is_some_and(|d| d.contains("41")), "{}", p.body);

    // Bad input: nothing recorded.
    for (barcode, amount, code, status) in [
        ("123", "41000", "barcode", 400),
        (bob_barcode.as_str(), "41000", "not_found", 404),
        (b1.as_str(), "qirq", "amount", 400),
        (b1.as_str(), "40999", "short", 400),
    ] {
        let p = pay_form(&alice, base, barcode, amount).await;
        assert_eq!((p.status, p.error_code().as_deref()), (status, Some(code)), "{barcode} {amount}: {p:?}");
    }
    let form = alice.get(&format!("{base}/pay")).await;
    let (token, _) = captcha(&form);
    let p = alice
        .post(
            &format!("{base}/pay"),
            &[
                ("barcode", &b1),
                ("amount", "41000"),
                ("provider", "click"),
                ("captcha_token", &token),
                ("captcha_answer", "999"),
            ],
        )
        .await;
    assert_eq!(p.status, 400, "a wrong captcha");
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM cargo_pays").await, 0);

    // Alice pays shipment 1 with 10 000 so'm more: to Click's page, paid, back.
    let p = pay_form(&alice, base, &b1, "51 000").await;
    assert_eq!(p.status, 303, "{p:?}");
    let to_click = p.location.unwrap();
    assert!(to_click.starts_with(&sim.pay_url()), "{to_click}");
    assert_eq!((param(&to_click, "service_id"), param(&to_click, "amount")), (SERVICE.into(), "51000.00".into()));
    let http = tests::cloud::http_client();
    let page = http.get(&to_click).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let mut fields: Vec<(String, String)> = ["service_id", "merchant_id", "amount", "transaction_param", "return_url"]
        .iter()
        .map(|k| ((*k).to_owned(), param(&to_click, k)))
        .collect();
    fields.push(("outcome".into(), "pay".into()));
    let back = http.post(sim.pay_url()).form(&fields).send().await.unwrap();
    assert_eq!(back.status(), 303);
    let back = back.headers().get("location").unwrap().to_str().unwrap().to_owned();
    expected += 5_100_000;
    assert_eq!(balance().await, expected, "the payment, overpayment included, is on the balance");
    let path = back.strip_prefix(&cloud.base()).unwrap();
    let p = alice.get(path).await;
    assert_eq!(p.attrs("data-pay-notice"), ["paid"], "{}", p.body);
    assert_eq!(p.attrs("data-payment"), ["1"]);
    let receipt = format!("{base}/payments/{}", p.attrs("data-receipt-link").pop().expect("a receipt link"));
    let r = alice.get(&receipt).await;
    assert_eq!(r.status, 200, "{receipt}: {r:?}");
    let txn: i64 = sqlx::query_scalar("SELECT click_trans_id FROM cargo_click_transactions WHERE state = 'completed'")
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    assert!(r.shows(&txn.to_string()) && r.shows(&b1), "{}", r.body);
    let title = web::i18n::fill(UZ.cargo.pay.receipt_title, &[("n", "1")]);
    assert!(r.shows(&title), "numbered as the list numbers it: {}", r.body);
    let pdf = alice.client.get(format!("{}{receipt}.pdf", cloud.base())).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    let text = pdf_text(&pdf.bytes().await.unwrap(), dir.path());
    for want in [txn.to_string(), b1.clone(), "Click".to_owned(), "BTS Express Cargo".to_owned()] {
        assert!(text.contains(&want), "{want} in the receipt PDF: {text}");
    }
    assert_eq!(bob.get(&receipt).await.status, 404, "another client's receipt");
    assert_eq!(tez.owner.get(&receipt).await.status / 100, 3, "not a cabinet session: to sign-in");

    // Shipment 1 is paid: refused.
    let p = pay_form(&alice, base, &b1, "41000").await;
    assert_eq!((p.status, p.error_code().as_deref()), (409, Some("paid")));

    // Shipment 2: two payments made while it is due, and Click's calls played here.
    let mut pays = Vec::new();
    for _ in 0..2 {
        let p = pay_form(&alice, base, &b2, "41000").await;
        assert_eq!(p.status, 303, "{p:?}");
        pays.push(param(&p.location.unwrap(), "transaction_param"));
    }
    let (a, b) = (&pays[0], &pays[1]);
    let rows = || count(&pool, "SELECT COUNT(*) FROM cargo_ledger");
    let before = rows().await;
    // A bad signature, a different amount, another company's address, a declined payer.
    let spoiled = click.prepare(9001, a, "41000.00").with("sign_string", &"0".repeat(32));
    assert_eq!(click.send(&spoiled).await.unwrap().error, -1);
    assert_eq!(click.send(&click.prepare(9001, a, "40000.00").signed(SECRET)).await.unwrap().error, -2);
    let tez_prepare = callback_url(&cloud.base(), "tez", Action::Prepare);
    let tez_service = ClickSettings {
        service_id: SERVICE.into(),
        merchant_id: MERCHANT.into(),
        secret_key: Secret::new(SECRET),
        ..ClickSettings::default()
    };
    let tez_click = ClickCaller::for_service(&tez_prepare, &tez_prepare, &tez_service);
    assert_eq!(tez_click.send(&tez_click.prepare(9001, a, "41000.00")).await.unwrap().error, -8);
    let (prepared, completed) = click.pay(9002, a, "41000.00", -5017).await.unwrap();
    assert_eq!((prepared.error, completed.map(|c| c.error)), (0, Some(-9)), "declined by the payer");
    assert_eq!(rows().await, before, "nothing written");
    // Two Click transactions of payment A completed at once: one is taken.
    let p1 = click.send(&click.prepare(9003, a, "41000.00")).await.unwrap();
    let p2 = click.send(&click.prepare(9004, a, "41000.00")).await.unwrap();
    let (id1, id2) = (p1.merchant_prepare_id.unwrap(), p2.merchant_prepare_id.unwrap());
    let (k1, k2) = (click.complete(9003, a, id1, "41000.00", 0), click.complete(9004, a, id2, "41000.00", 0));
    let (c1, c2) = tokio::join!(click.send(&k1), click.send(&k2));
    let (c1, c2) = (c1.unwrap(), c2.unwrap());
    let mut codes = [c1.error, c2.error];
    codes.sort_unstable();
    assert_eq!(codes, [-4, 0], "one Click transaction pays, the other is refused");
    expected += PRICE;
    // Complete repeated: the one that paid answers -4 with the same id, the
    // refused one -9 (cancelled); nothing changes.
    let (won, lost) = if c1.error == 0 { ((&k1, &c1), &k2) } else { ((&k2, &c2), &k1) };
    let again = click.send(won.0).await.unwrap();
    assert_eq!((again.error, again.merchant_confirm_id), (-4, won.1.merchant_confirm_id));
    assert_eq!(click.send(lost).await.unwrap().error, -9);
    // Payment B's shipment is paid now: refused at Prepare, and the client is told.
    assert_eq!(click.send(&click.prepare(9005, b, "41000.00")).await.unwrap().error, -4);
    let p = alice.get(&format!("{base}/payments?pay={b}")).await;
    assert_eq!(p.attrs("data-pay-notice"), ["cancelled"]);
    assert_eq!(rows().await, before + 1, "one row for shipment 2");

    // Everything agrees with the sum kept here.
    assert_eq!(balance().await, expected);
    let click_sum = count(&pool, "SELECT CAST(SUM(amount) AS BIGINT) FROM cargo_ledger WHERE method = 'click'").await;
    assert_eq!(click_sum, 5_100_000 + PRICE);
    let p = alice.get(&format!("{base}/payments")).await;
    assert_eq!(p.text_of("data-balance>").unwrap().replace("&#39;", "'"), web::format::money(expected));
    let log = std::fs::read_to_string(cloud.dir.join("cloud.log")).unwrap_or_default();
    assert!(!log.contains(SECRET), "the secret never reaches the log");
    cloud.stop();
}

on_both_databases!(pay_for_shipments);
