//! The courier company's operators' pages in the owner portal, on SQLite and
//! PostgreSQL, through the real pages:
//! - the menu of a courier company's owner has "Kargo", a shop's has not;
//! - `/cargo-ops/shipments` lists every shipment of the company (whoever
//!   made it), filters by status, office and search, and opens one with its
//!   history, its client and its documents; another company's shipment and a
//!   shop owner get 404;
//! - `/cargo-ops/tariff` shows the tariff, saves an edited one (the next
//!   quote uses it, shipments already made keep their price), refuses a bad
//!   form field by field and a save over a newer version, each with nothing
//!   changed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use tests::cargo_orders::{client, courier, order_form};
use tests::cloud::{CloudProcess, DbKind, Owner, Page, Portal, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::UZ;

fn order<'a>(receiver_region: &'a str, receiver_district: &'a str, phone: &'a str) -> Vec<(&'a str, &'a str)> {
    order_form(&[
        ("action", "create"),
        ("receiver_phone", phone),
        ("receiver_region", receiver_region),
        ("receiver_district", receiver_district),
        ("cod_amount", ""),
    ])
}

/// Creates a shipment through the cabinet's form; its id.
async fn create(device: &Portal, base: &str, form: &[(&str, &str)]) -> String {
    let p = device.post(&format!("{base}/orders/new"), form).await;
    assert_eq!(p.status, 303, "{p:?}");
    let href = p.location.unwrap();
    href.split('?').next().unwrap().trim_start_matches(&format!("{base}/orders/")).to_owned()
}

/// The tariff form's fields as a browser would post them (every input of
/// the form with its value; the CSRF token is added by the test client).
fn tariff_form(p: &Page) -> Vec<(String, String)> {
    let start = p.body.find("data-tariff-form").expect("the tariff form");
    let end = p.body[start..].find("</form>").unwrap() + start;
    let form = &p.body[start..end];
    let mut fields = Vec::new();
    for (i, _) in form.match_indices("<input ") {
        let tag = &form[i..i + form[i..].find('>').unwrap()];
        let attr = |name: &str| {
            let needle = format!(" {name}=\"");
            tag.find(&needle).map(|a| tag[a + needle.len()..].split('"').next().unwrap().to_owned())
        };
        if let (Some(name), Some(value)) = (attr("name"), attr("value"))
            && name != "csrf"
        {
            fields.push((name, value));
        }
    }
    fields
}

fn set(form: &mut [(String, String)], name: &str, value: &str) {
    let field = form.iter_mut().find(|(k, _)| k == name).unwrap_or_else(|| panic!("no field {name}"));
    field.1 = value.to_owned();
}

fn value<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    &form.iter().find(|(k, _)| k == name).unwrap_or_else(|| panic!("no field {name}")).1
}

async fn post_form(device: &Portal, path: &str, form: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    device.post(path, &pairs).await
}

async fn operators(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7301, "bts").await;
    let tez = courier(&cloud, &pool, &sms, 7302, "tez").await;
    let shop = Portal::new(&cloud);
    shop.register(&sms, &Owner::numbered(7303)).await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(&cloud, &sms, &bts, "+998907778899", "Yusupov Bobur").await;
    let stranger = client(&cloud, &sms, &tez, "+998901112233", "Eshchanov Rasulbek").await;
    let ops = &bts.owner;

    // The menu: a courier company's owner has "Kargo"; a shop has not.
    let home = ops.get("/").await;
    assert!(home.body.contains("href=\"/cargo-ops\""), "the courier's menu links the operators' pages");
    assert!(!shop.get("/").await.body.contains("href=\"/cargo-ops\""), "a shop has no such entry");
    let p = ops.get("/cargo-ops").await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/cargo-ops/shipments")), "{p:?}");

    // Shipments of two clients (to Khorezm and inside Tashkent) and one of
    // another company.
    let to_khorezm = create(&alice, &bts.base, &order("1733", "1733401", "+998914445566")).await;
    let in_tashkent = create(&bob, &bts.base, &order("1726", "1726287", "+998935556677")).await;
    let foreign = create(&stranger, &tez.base, &order("1733", "1733401", "+998914445566")).await;

    let list = ops.get("/cargo-ops/shipments").await;
    assert_eq!(list.status, 200, "{list:?}");
    let mut ids = list.attrs("data-shipment");
    ids.sort();
    let mut want = vec![to_khorezm.clone(), in_tashkent.clone()];
    want.sort();
    assert_eq!(ids, want, "both clients' shipments, not the other company's");
    assert_eq!(list.text_of("data-total").as_deref(), Some("2"));
    assert!(list.body.contains("data-ops-nav"), "the operators' tabs");
    // The office filter: Urganch is where the Khorezm parcel goes.
    let urganch = bts.offices[1].to_string();
    let p = ops.get(&format!("/cargo-ops/shipments?office={urganch}")).await;
    assert_eq!(p.attrs("data-shipment"), vec![to_khorezm.clone()], "only the parcel bound for Urganch");
    // Search by the receiver's phone, and by a barcode.
    let p = ops.get("/cargo-ops/shipments?q=935556677").await;
    assert_eq!(p.attrs("data-shipment"), vec![in_tashkent.clone()]);
    let barcode = list.body.split(&format!("data-shipment=\"{to_khorezm}\" data-barcode=\"")).nth(1).unwrap();
    let barcode = barcode.split('"').next().unwrap().to_owned();
    let p = ops.get(&format!("/cargo-ops/shipments?q={barcode}")).await;
    assert_eq!(p.attrs("data-shipment"), vec![to_khorezm.clone()]);
    // The status filter: nothing is delivered yet.
    let p = ops.get("/cargo-ops/shipments?status=delivered").await;
    assert!(p.attrs("data-shipment").is_empty() && p.body.contains("data-empty"));
    // Junk in the filters is ignored, never an error.
    let p = ops.get("/cargo-ops/shipments?office=%27;DROP&status=zzz&from=2026-99-99&after=abc").await;
    assert_eq!((p.status, p.attrs("data-shipment").len()), (200, 2), "{p:?}");

    // One shipment: its history, its client, documents; no appeal link.
    let p = ops.get(&format!("/cargo-ops/shipments/{to_khorezm}")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.body.contains(UZ.cargo.shipments.ev_created), "the history");
    assert!(p.shows("Eshchanov Rasulbek · +998 90 111 22 33"), "the client's account");
    assert!(p.body.contains("data-waybill-svg") && !p.body.contains("data-appeal"), "{}", p.body);
    let nobody = Portal::new(&cloud).get(&format!("/cargo-ops/shipments/{to_khorezm}/label.pdf")).await;
    assert_eq!((nobody.status, nobody.location.as_deref()), (303, Some("/login")), "documents need a session");
    let res = ops.get(&format!("/cargo-ops/shipments/{to_khorezm}/waybill.pdf")).await;
    assert_eq!(res.status, 200);
    assert!(res.body.starts_with("%PDF-"), "a PDF");
    // Another company's shipment, a bad id, and a shop: 404.
    for path in [
        format!("/cargo-ops/shipments/{foreign}"),
        format!("/cargo-ops/shipments/{foreign}/label.pdf"),
        "/cargo-ops/shipments/nonsense".to_owned(),
    ] {
        assert_eq!(ops.get(&path).await.status, 404, "{path}");
    }
    assert_eq!(shop.get("/cargo-ops/shipments").await.status, 404);
    assert_eq!(shop.get("/cargo-ops/tariff").await.status, 404);

    // The tariff as stored: the starting one.
    let p = ops.get("/cargo-ops/tariff").await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(!p.body.contains("data-fresh"));
    let form = tariff_form(&p);
    assert_eq!(value(&form, "door_price"), "8000");
    assert_eq!(value(&form, "cod_fee"), "2");
    assert_eq!(value(&form, "band1_kg"), "3");
    assert_eq!(value(&form, "band1_z2"), "30000");
    assert_eq!(value(&form, "route_1726_1733"), "2");
    assert_eq!(form.iter().filter(|(k, _)| k.starts_with("route_")).count(), 14 * 14, "every route");
    let stored = || async { pool.cargo_tariff(&bts.business).await.unwrap().unwrap() };
    let before = stored().await;
    let price_of = |id: String| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT price FROM cargo_shipments WHERE id = $1")
                .bind(id)
                .fetch_one(&pool.pool)
                .await
                .unwrap()
        }
    };
    let made_at = price_of(to_khorezm.clone()).await;

    // A bad form: every bad field named, nothing saved.
    let mut bad = form.clone();
    set(&mut bad, "door_price", "-5");
    set(&mut bad, "cod_fee", "150");
    set(&mut bad, "band2_kg", "2");
    set(&mut bad, "band0_z1", "arzon");
    set(&mut bad, "route_1733_1726", "9");
    let p = post_form(ops, "/cargo-ops/tariff", &bad).await;
    assert_eq!((p.status, p.error_code().as_deref()), (400, Some("tariff")), "{p:?}");
    let mut named = p.attrs("data-field-error");
    named.sort();
    assert_eq!(named, vec!["band0_z1", "band2_kg", "cod_fee", "door_price", "route_1733_1726"], "{}", p.body);
    assert!(p.body.contains("name=\"route_1733_1726\" value=\"9\""), "the bad zone stays as typed");
    assert!(p.body.contains("value=\"-5\""), "what was typed stays in the form");
    assert_eq!(stored().await, before, "nothing saved");

    // A good edit: door delivery 9 500, zone 2's 3 kg band 33 000, and a new
    // 50 kg band.
    let mut good = form.clone();
    set(&mut good, "door_price", "9 500");
    set(&mut good, "band1_z2", "33000");
    let blank = form.iter().filter(|(k, _)| k.ends_with("_kg")).count() - 1;
    set(&mut good, &format!("band{blank}_kg"), "50");
    for z in 1..=3 {
        set(&mut good, &format!("band{blank}_z{z}"), "150000");
    }
    let p = post_form(ops, "/cargo-ops/tariff", &good).await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/cargo-ops/tariff?saved=1")), "{p:?}");
    let after = stored().await;
    assert_eq!(after.door_price, 950_000);
    assert_eq!(after.rates[&2][1], (3_000, 3_300_000));
    assert_eq!(after.rates[&1].last(), Some(&(50_000, 15_000_000)));
    assert_eq!(after.zones, before.zones, "the routes as they were");
    let p = ops.get("/cargo-ops/tariff?saved=1").await;
    assert!(p.body.contains("data-notice") && value(&tariff_form(&p), "door_price") == "9500");
    // The client's next quote uses it: 2.5 kg Tashkent → Khorezm, door:
    // 33 000 + 9 500.
    let mut quote = order("1733", "1733401", "+998914445566");
    quote.retain(|(k, _)| *k != "action");
    quote.push(("action", "quote"));
    let p = alice.post(&format!("{}/orders/new", bts.base), &quote).await;
    let price = web::format::money(4_250_000).replace('\'', "&#39;");
    assert_eq!(p.text_of("data-price-total").as_deref(), Some(price.as_str()));
    assert_eq!(price_of(to_khorezm.clone()).await, made_at, "a shipment keeps the price it was made with");

    // A save from a page loaded before that one: refused, nothing changed,
    // the current tariff shown.
    let mut stale = form.clone();
    set(&mut stale, "door_price", "1");
    let p = post_form(ops, "/cargo-ops/tariff", &stale).await;
    assert_eq!((p.status, p.error_code().as_deref()), (409, Some("tariff")), "{p:?}");
    assert_eq!(value(&tariff_form(&p), "door_price"), "9500", "the current tariff to edit again");
    assert_eq!(stored().await, after);
    // Without the CSRF token: refused before anything.
    let raw: Vec<(&str, &str)> = good.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let p = ops.post_raw("/cargo-ops/tariff", &raw).await;
    assert_eq!(p.status, 403, "{p:?}");
    assert_eq!(stored().await, after);
    // Another company's tariff is its own.
    assert_eq!(pool.cargo_tariff(&tez.business).await.unwrap().unwrap().door_price, 800_000);
}

on_both_databases!(operators);
