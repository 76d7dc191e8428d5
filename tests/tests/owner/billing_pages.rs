//! The subscription page's payment flow (P10) and receipts, against a real
//! cloud process with Payme and Click configured, on SQLite and PostgreSQL:
//! "Tanlash" makes one invoice and sends the owner to exactly the
//! provider's published checkout link; bad choices make nothing; the page
//! waits ("To'lov tekshirilmoqda...") until the invoice is settled (here
//! through the store, as a provider's callback would), then shows the
//! subscription active; a receipt page and PDF carry every field in each
//! language; settling twice, or by two providers, counts once; another
//! business sees none of it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cloud::billing::invoices::{InvoiceStatus, Provider, Settled};
use cloud::billing::lifecycle::Period;
use tests::billing::{
    BillingCloud, CLICK_MERCHANT, CLICK_PAY, CLICK_SERVICE, PAYME_CHECKOUT, PAYME_MERCHANT, invoice_of_return_url,
    pdf_text,
};
use tests::cloud::{DbKind, Owner, Portal};
use tests::on_both_databases;

fn owner(n: u32) -> Owner {
    Owner { business: format!("Oʻrik bogʻi {n}"), ..Owner::numbered(n) }
}

async fn status_json(portal: &Portal, invoice: &str) -> (u16, serde_json::Value) {
    let p = portal.get(&format!("/subscription/invoices/{invoice}/status")).await;
    (p.status, serde_json::from_str(&p.body).unwrap_or(serde_json::Value::Null))
}

async fn pdf(portal: &Portal, path: &str) -> (u16, Option<String>, Option<String>, Vec<u8>) {
    let r = portal.client.get(path).send().await.unwrap();
    let header = |name: &str| r.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let (ty, disposition) = (header("content-type"), header("content-disposition"));
    (r.status().as_u16(), ty, disposition, r.bytes().await.unwrap().to_vec())
}

async fn pay_and_receipt(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(bc) = BillingCloud::start(kind, dir.path()).await else { return };
    let me = owner(1301);
    let portal = bc.owner(&me).await;
    let business = bc.business(&me).await;
    let base = bc.cloud.base();

    // The page: tariffs with "Tanlash" except the free one; Payme and Click
    // usable, Sello shown but disabled, "Tez kunda...".
    let p = portal.get("/subscription").await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(p.attrs("data-tariff-card"), ["start", "biznes", "pro"]);
    assert_eq!(p.attrs("name=\"tariff\" value"), ["biznes", "pro"], "the free tariff has no Tanlash");
    assert!(p.shows("Tanlash · 1 oy") && p.shows("Tanlash · 1 yil"));
    assert!(p.body.contains(r#"value="payme" checked>"#), "Payme chosen by default");
    assert!(p.body.contains(r#"value="click">"#), "Click usable");
    assert!(p.body.contains(r#"value="sello" disabled>"#) && p.shows("Tez kunda..."), "Sello disabled");
    assert_eq!(p.text_of("data-status=").as_deref(), Some("Sinov davri"));

    // Bad choices: a clear error in the owner's language, nothing created.
    for (tariff, period, provider, message) in [
        ("start", "month", "payme", "pullik tariflardan"),
        ("gold", "month", "payme", "pullik tariflardan"),
        ("", "month", "payme", "pullik tariflardan"),
        ("biznes", "week", "payme", "Muddatni tanlang"),
        ("biznes", "", "click", "Muddatni tanlang"),
        ("biznes", "month", "sello", "hozircha mavjud emas"),
        ("biznes", "month", "atmos", "hozircha mavjud emas"),
        ("biznes", "month", "", "hozircha mavjud emas"),
    ] {
        let p = portal
            .post("/subscription/invoice", &[("tariff", tariff), ("period", period), ("provider", provider)])
            .await;
        assert_eq!(p.status, 400, "{tariff}/{period}/{provider}: {p:?}");
        assert!(p.shows(message), "{tariff}/{period}/{provider}: {}", p.text_of("data-error").unwrap_or_default());
    }
    assert!(bc.db.invoices(&business, 100).await.unwrap().is_empty(), "a refused choice created an invoice");

    // Payme: one invoice, 303 to base64("m=…;ac.invoice=…;a=…;c=…").
    let p =
        portal.post("/subscription/invoice", &[("tariff", "biznes"), ("period", "month"), ("provider", "payme")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    let location = p.location.unwrap();
    let encoded = location.strip_prefix(&format!("{PAYME_CHECKOUT}/")).expect("Payme's checkout host");
    let decoded = String::from_utf8(STANDARD.decode(encoded).unwrap()).unwrap();
    let invoices = bc.db.invoices(&business, 100).await.unwrap();
    assert_eq!(invoices.len(), 1);
    let payme_invoice = invoices[0].clone();
    assert_eq!((payme_invoice.amount, payme_invoice.period), (29_900_000, Period::Month), "Biznes, a month");
    let id = payme_invoice.id.to_string();
    assert_eq!(decoded, format!("m={PAYME_MERCHANT};ac.invoice={id};a=29900000;c={base}/subscription?invoice={id}"));

    // Click: query parameters as published, so'm with two decimals.
    let p = portal.post("/subscription/invoice", &[("tariff", "pro"), ("period", "year"), ("provider", "click")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    let url = reqwest::Url::parse(&p.location.unwrap()).unwrap();
    assert_eq!(format!("{}://{}{}", url.scheme(), url.host_str().unwrap(), url.path()), CLICK_PAY);
    let q: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let click_invoice = invoice_of_return_url(&q.iter().find(|(k, _)| k == "return_url").unwrap().1);
    assert_eq!(
        q,
        [
            ("service_id".to_owned(), CLICK_SERVICE.to_owned()),
            ("merchant_id".to_owned(), CLICK_MERCHANT.to_owned()),
            ("amount".to_owned(), "7990000.00".to_owned()),
            ("transaction_param".to_owned(), click_invoice.to_string()),
            ("return_url".to_owned(), format!("{base}/subscription?invoice={click_invoice}")),
        ]
    );
    let stored = bc.db.business_invoice(&business, &click_invoice).await.unwrap();
    assert_eq!((stored.amount, stored.period, stored.tariff_code.as_str()), (799_000_000, Period::Year, "pro"));
    assert_eq!(bc.db.invoices(&business, 100).await.unwrap().len(), 2);

    // Back from the provider: waiting, refreshing itself without JavaScript.
    let p = portal.get(&format!("/subscription?invoice={id}")).await;
    assert_eq!(p.status, 200);
    assert!(p.shows("To'lov tekshirilmoqda..."), "{}", p.body);
    assert_eq!(p.attrs("data-invoice-state"), ["open"]);
    assert!(p.body.contains(r#"<noscript><meta http-equiv="refresh" content="5"></noscript>"#));
    let (code, json) = status_json(&portal, &id).await;
    assert_eq!(code, 200);
    assert_eq!(json["status"], "open");
    assert_eq!(json["subscription"]["status"], "trial");
    for bad in ["nope", "0193a5b2-0000-7000-8000-000000000001"] {
        assert_eq!(portal.get(&format!("/subscription?invoice={bad}")).await.status, 404, "{bad}");
        assert_eq!(status_json(&portal, bad).await.0, 404, "{bad}");
    }

    // Another business sees none of it.
    let other = owner(1302);
    let stranger = bc.owner(&other).await;
    assert_eq!(stranger.get(&format!("/subscription?invoice={id}")).await.status, 404);
    assert_eq!(status_json(&stranger, &id).await.0, 404);

    // Payme confirms: the invoice is paid, the subscription active.
    let Settled::Paid(payment) = bc.settle(&payme_invoice.id, Provider::Payme, "payme-txn-5f0c").await else {
        panic!("the first settlement pays")
    };
    let (_, json) = status_json(&portal, &id).await;
    assert_eq!(json["status"], "paid", "{json}");
    assert_eq!(json["subscription"]["status"], "active");
    let ends = web::format::tashkent(payment.period_to);
    assert_eq!(json["subscription"]["ends"], ends.as_str());
    let receipt = format!("/subscription/receipts/{}", payment.id);
    assert_eq!(json["receipt"], receipt.as_str());
    let p = portal.get(&format!("/subscription?invoice={id}")).await;
    assert!(p.shows("To'lov qabul qilindi") && p.body.contains(&receipt), "{}", p.body);
    assert!(!p.body.contains("http-equiv=\"refresh\""), "nothing to wait for");
    let p = portal.get("/subscription").await;
    assert_eq!(p.attrs("data-status"), ["active"]);
    assert_eq!(p.text_of("data-ends").as_deref(), Some(ends.as_str()));
    assert_eq!(p.text_of("data-tariff").as_deref(), Some("Biznes"));

    // Confirmed again, and by another provider: one payment, one receipt.
    assert!(matches!(bc.settle(&payme_invoice.id, Provider::Payme, "payme-txn-5f0c").await, Settled::AlreadyPaid(_)));
    assert!(matches!(bc.settle(&payme_invoice.id, Provider::Click, "click-99").await, Settled::AlreadyPaid(_)));
    assert_eq!(bc.db.payments(&business, 100).await.unwrap().len(), 1);
    assert_eq!(bc.db.subscription(&business).await.unwrap().ends_at(), payment.period_to, "extended once");
    assert_eq!(bc.db.invoice(&payme_invoice.id).await.unwrap().status, InvoiceStatus::Paid);
    let list = portal.get("/subscription/receipts").await;
    assert_eq!(list.attrs("data-receipt"), [payment.id.to_string()]);

    // The receipt: a page and a PDF with every field, in each language.
    let amount = "299 000 so'm";
    let from = web::format::tashkent(payment.period_from);
    let p = portal.get(&receipt).await;
    assert_eq!(p.status, 200);
    for field in ["Payme", "payme-txn-5f0c", amount, &from, &ends, &me.business, "Biznes", &payment.id.to_string()] {
        assert!(p.shows(field), "the receipt page lacks {field:?}");
    }
    for (lang, labels) in [
        ("uz", ["Kvitansiya", "Tranzaksiya raqami", "To'langan davr", "Summa", "Biznes", "1 oy"]),
        ("ru", ["Квитанция", "Номер транзакции", "Оплаченный период", "Сумма", "Бизнес", "1 месяц"]),
        ("en", ["Receipt", "Transaction id", "Period paid", "Amount", "Business", "1 month"]),
    ] {
        let p = portal.post("/lang", &[("lang", lang), ("back", "/subscription")]).await;
        assert_eq!(p.status, 303, "{p:?}");
        let (code, ty, disposition, bytes) = pdf(&portal, &format!("{base}{receipt}.pdf")).await;
        assert_eq!(code, 200, "{lang}");
        assert_eq!(ty.as_deref(), Some("application/pdf"));
        assert_eq!(disposition, Some(format!("attachment; filename=\"receipt-{}.pdf\"", payment.id)));
        // Kept for people (and CI) to look at.
        std::fs::write(tests::browser::artifacts_dir().join(format!("receipt-{lang}-{kind:?}.pdf")), &bytes).unwrap();
        let text = pdf_text(&bytes, dir.path());
        for field in labels.iter().copied().chain(["Payme", "payme-txn-5f0c", amount, &from, &ends, &me.business]) {
            assert!(text.contains(field), "{lang}: the PDF lacks {field:?}:\n{text}");
        }
    }

    // Another business's receipt is not found, as a page or a PDF.
    assert_eq!(stranger.get(&receipt).await.status, 404);
    assert_eq!(pdf(&stranger, &format!("{base}{receipt}.pdf")).await.0, 404);
    assert!(stranger.get("/subscription/receipts").await.attrs("data-receipt").is_empty());
}
on_both_databases!(pay_and_receipt);

async fn read_only_still_pays_and_auto_renew_needs_a_card(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(bc) = BillingCloud::start(kind, dir.path()).await else { return };
    let me = owner(1311);
    let portal = bc.owner(&me).await;
    let business = bc.business(&me).await;

    // Auto-renewal without a saved card: refused, said so, nothing changed.
    let p = portal.get("/subscription").await;
    assert!(p.shows("Saqlangan karta yo'q") && p.body.contains("href=\"/subscription/card\""));
    let p = portal.post("/subscription/auto-renew", &[("auto_renew", "1")]).await;
    assert_eq!(p.status, 400, "{p:?}");
    assert!(p.shows("avval karta saqlang"), "{}", p.text_of("data-error").unwrap_or_default());
    assert!(!bc.db.auto_renew(&business).await.unwrap());
    // Off is always allowed.
    let p = portal.post("/subscription/auto-renew", &[]).await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/subscription?saved=1")));

    // With a verified card: it shows, and auto-renewal can be switched on.
    sqlx::query(
        "INSERT INTO cards (id, business_id, provider, token_sealed, brand, last4, expire, verified_at, created_at) \
         VALUES ($1, $2, 'payme', 'sealed', 'Visa', '4242', '0329', $3, $3)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(business.to_string())
    .bind(cloud::db::now_ms())
    .execute(&bc.db.pool)
    .await
    .unwrap();
    let p = portal.get("/subscription").await;
    assert!(p.shows("Visa •••• 4242") && p.shows("03/29"), "{}", p.text_of("data-card").unwrap_or_default());
    let p = portal.post("/subscription/auto-renew", &[("auto_renew", "1")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    assert!(bc.db.auto_renew(&business).await.unwrap());
    assert!(portal.get("/subscription?saved=1").await.shows("Saqlandi"));

    // Long past the end and the grace period: the portal is read-only, yet
    // paying works (it is the way out).
    sqlx::query("UPDATE subscriptions SET ends_at = $1 WHERE business_id = $2")
        .bind(cloud::db::now_ms() - 40 * 86_400_000)
        .bind(business.to_string())
        .execute(&bc.db.pool)
        .await
        .unwrap();
    let p = portal.get("/subscription").await;
    assert_eq!(p.attrs("data-status"), ["expired"]);
    assert!(p.body.contains("data-access-note"), "the page says paying is still possible");
    let p =
        portal.post("/subscription/invoice", &[("tariff", "biznes"), ("period", "year"), ("provider", "click")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    let invoice = invoice_of_return_url(
        &reqwest::Url::parse(&p.location.unwrap()).unwrap().query_pairs().find(|(k, _)| k == "return_url").unwrap().1,
    );
    bc.settle(&invoice, Provider::Click, "click-7001").await;
    let p = portal.get(&format!("/subscription?invoice={invoice}")).await;
    assert!(p.shows("To'lov qabul qilindi"));
    assert_eq!(p.attrs("data-status"), ["active"], "paying ended the read-only time");
}
on_both_databases!(read_only_still_pays_and_auto_renew_needs_a_card);
