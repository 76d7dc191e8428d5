//! The shops' API and webhooks (C11, beyond the seed) on SQLite and
//! PostgreSQL, with real processes: a business client makes a key on the
//! cabinet's page (shown once), an online shop makes a shipment with it over
//! HTTP (every wrong field answered at once, in the asked language; an
//! Idempotency-Key retry gets the same shipment, never a second charge), the
//! shipment leaves under the key's contract and is charged to it; a desk at
//! the office scans it through a real hub, and the status change reaches
//! the shop's receiver signed with HMAC-SHA256 (checked here independently),
//! retried while the receiver fails, given up after the last attempt, and
//! sent again by hand from the delivery log. Another contract's key sees a
//! 404; a revoked key a 401.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use parking_lot::Mutex;
use protocol::{Barcode, ScanKind};
use serde_json::{Value, json};
use sha2::Sha256;
use tests::cargo::CargoWorld;
use tests::cargo_orders::{Courier, client, order_form};
use tests::cloud::{DbKind, Page, Portal, http_client};
use tests::on_both_databases;

/// What the shop's receiver got: headers and body of each call.
type Calls = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A shop's webhook receiver on loopback answering `status`.
async fn receiver(status: Arc<AtomicU16>) -> (String, Calls) {
    let calls: Calls = Arc::default();
    let seen = Arc::clone(&calls);
    let app = axum::Router::new().route(
        "/hooks/bts",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (seen, status) = (Arc::clone(&seen), Arc::clone(&status));
            async move {
                seen.lock().push((headers, body));
                axum::http::StatusCode::from_u16(status.load(Ordering::SeqCst)).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hooks/bts"), calls)
}

/// Checks a call's signature as a shop would, without the cloud's code.
fn signed_by(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let header = headers.get("x-cargo-signature").and_then(|v| v.to_str().ok()).unwrap_or("");
    let (Some(t), Some(v1)) =
        (header.split(',').find_map(|p| p.strip_prefix("t=")), header.split(',').find_map(|p| p.strip_prefix("v1=")))
    else {
        return false;
    };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let fresh = t.parse::<u64>().is_ok_and(|t| now.abs_diff(t) < 300);
    fresh && hex::encode(mac.finalize().into_bytes()) == v1
}

fn value_of(p: &Page, attr: &str) -> String {
    p.text_of(attr).unwrap_or_else(|| panic!("{attr} on the page: {}", p.body)).replace("&#39;", "'")
}

/// An API call: status, body as JSON, headers.
async fn call(
    method: &str,
    url: &str,
    key: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, Value, HeaderMap) {
    let mut r = match method {
        "POST" => http_client().post(url),
        _ => http_client().get(url),
    };
    if let Some(k) = key {
        r = r.bearer_auth(k);
    }
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    if let Some(b) = body {
        r = r.header("content-type", "application/json").body(b.to_owned());
    }
    let r = r.send().await.unwrap();
    let (status, headers) = (r.status().as_u16(), r.headers().clone());
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null), headers)
}

/// Waits until `check` holds (the worker posts in the background).
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check().await {
        assert!(Instant::now() < deadline, "{what} did not happen");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn shop_api_and_webhooks(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut world) = CargoWorld::new(kind, dir.path()).await else { return };
    // The shop's receiver is on loopback; retries come fast here.
    let cloud = &mut world.stack.cloud;
    cloud.stop();
    cloud.set_env("CLOUD__WEBHOOKS__ALLOW_PRIVATE", "true");
    cloud.set_env("CLOUD__WEBHOOKS__EVERY_MS", "100");
    cloud.set_env("CLOUD__WEBHOOKS__RETRY_BASE_MS", "300");
    cloud.set_env("CLOUD__WEBHOOKS__MAX_ATTEMPTS", "3");
    cloud.start().await;
    let db = world.stack.db.clone();
    let geo = cloud::cargo::geo::Geo::get(&db).await.unwrap();
    let codes: Vec<&str> = geo.regions().iter().map(|r| r.soato.as_str()).collect();
    db.set_cargo_tariff(&world.business, &cloud::cargo::pricing::default_tariff(&codes), 0).await.unwrap();
    let owner = std::mem::replace(&mut world.stack.portal, Portal::new(&world.stack.cloud));
    let bts = Courier {
        business: world.business.clone(),
        base: "/cargo/tez-kargo".into(),
        offices: [world.a_branch().clone(), world.b.branch.clone()],
        owner,
    };
    let cloud = &world.stack.cloud;
    let alice = client(cloud, &world.stack.sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(cloud, &world.stack.sms, &bts, "+998901112244", "Tursunov Bobur").await;
    let id_of = |phone: &'static str| {
        let db = db.clone();
        async move {
            let id: String = sqlx::query_scalar("SELECT id FROM cargo_clients WHERE phone = $1")
                .bind(phone)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            id
        }
    };
    let (alice_id, bob_id) = (id_of("+998901112233").await, id_of("+998901112244").await);
    // Alice's contract with office A; Bob's with office B.
    for (who, number, office) in [(&alice_id, "API-1", 0), (&bob_id, "API-2", 1)] {
        let form = [("number", number), ("signed_on", "2026-03-02"), ("office", bts.offices[office].as_str())];
        let p = bts.owner.post(&format!("/cargo-ops/clients/{who}/contracts"), &form).await;
        assert_eq!(p.status, 303, "{p:?}");
    }
    let contract = |number: &'static str| {
        let db = db.clone();
        async move {
            let id: String = sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = $1")
                .bind(number)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            id
        }
    };
    let (k, k2) = (contract("API-1").await, contract("API-2").await);
    let page = format!("{}/business/api", bts.base);

    // A key, shown once; listed after by its first characters only.
    let p = alice.get(&format!("{page}?contract={k}")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.body.contains("data-no-keys") && p.body.contains("data-log-empty"));
    let p = alice.post(&format!("{page}/keys"), &[("contract", &k)]).await;
    assert_eq!(p.status, 200, "{p:?}");
    let key = value_of(&p, "data-new-key>");
    assert!(key.starts_with("ck_live_") && key.len() == 51, "{key}");
    let p = alice.get(&format!("{page}?contract={k}")).await;
    assert!(!p.body.contains(&key) && p.body.contains(&key[..16]), "the key is not shown again");
    let stored: String = sqlx::query_scalar("SELECT key_hash FROM cargo_api_keys").fetch_one(&db.pool).await.unwrap();
    assert!(!stored.contains(&key[8..]), "only a hash is kept");
    let p = bob.post(&format!("{page}/keys"), &[("contract", &k2)]).await;
    let bob_key = value_of(&p, "data-new-key>");
    assert_eq!(bob.post(&format!("{page}/keys"), &[("contract", &k)]).await.status, 404, "another's contract");

    // The API refuses what is wrong, in the asked language, and makes nothing.
    let api = cloud.url("/api/cargo/v1/shipments");
    let form: serde_json::Map<String, Value> =
        order_form(&[]).into_iter().map(|(k, v)| (k.to_owned(), Value::String(v.to_owned()))).collect();
    let body = Value::Object(form.clone()).to_string();
    assert_eq!(call("POST", &api, None, &[], Some(&body)).await.0, 401);
    assert_eq!(call("POST", &api, Some("ck_live_nope"), &[], Some(&body)).await.0, 401);
    let (status, v, _) = call("POST", &api, Some(&key), &[], Some("{not json")).await;
    assert_eq!((status, v["error"].as_str()), (400, Some("not_json")));
    let (status, v, _) = call("POST", &api, Some(&key), &[], Some(r#"{"colour":"red"}"#)).await;
    assert_eq!((status, v["error"].as_str()), (400, Some("unknown_field")), "{v}");
    let mut wrong = form.clone();
    wrong.insert("receiver_phone".into(), json!("12345"));
    wrong.insert("weight_kg".into(), json!(-1));
    let ru = [("accept-language", "ru-RU,ru;q=0.9")];
    let (status, v, _) = call("POST", &api, Some(&key), &ru, Some(&Value::Object(wrong).to_string())).await;
    assert_eq!((status, v["error"].as_str()), (400, Some("invalid")), "{v}");
    let fields: Vec<&str> = v["problems"].as_array().unwrap().iter().filter_map(|p| p["field"].as_str()).collect();
    assert!(fields.contains(&"receiver_phone") && fields.contains(&"weight_kg"), "{v}");
    assert!(v["message"].as_str().unwrap().contains("ошибки"), "in Russian: {v}");
    let made = || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_shipments WHERE source = 'api'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        n
    };
    assert_eq!(made().await, 0, "nothing made");

    // Made once, whatever the retries; under the key's contract, charged to it.
    let idem = [("idempotency-key", "order-1042")];
    let (status, first, _) = call("POST", &api, Some(&key), &idem, Some(&body)).await;
    assert_eq!(status, 201, "{first}");
    let barcode = first["barcode"].as_str().unwrap().to_owned();
    assert_eq!(first["status"].as_str(), Some("created"));
    let (status, again, headers) = call("POST", &api, Some(&key), &idem, Some(&body)).await;
    assert_eq!((status, again["barcode"].as_str()), (200, Some(barcode.as_str())), "{again}");
    assert_eq!(headers.get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
    let mut other = form.clone();
    other.insert("pieces".into(), json!(2));
    let (status, v, _) = call("POST", &api, Some(&key), &idem, Some(&Value::Object(other).to_string())).await;
    assert_eq!((status, v["error"].as_str()), (409, Some("idempotency_conflict")));
    assert_eq!(made().await, 1, "one shipment for three calls");
    let (on, origin, price): (String, String, i64) =
        sqlx::query_as("SELECT contract_id, origin_office, price FROM cargo_shipments WHERE barcode = $1")
            .bind(&barcode)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((on.as_str(), origin.as_str()), (k.as_str(), bts.offices[0].as_str()), "the key's contract and office");
    let charged: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger WHERE contract_id = $1 AND kind = 'charge'",
    )
    .bind(&k)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((charged, first["price_tiyin"].as_i64()), (-price, Some(price)), "charged once, to the contract");

    // Reading it: the key's contract only.
    let one = cloud.url(&format!("/api/cargo/v1/shipments/{barcode}"));
    let (status, v, _) = call("GET", &one, Some(&key), &[], None).await;
    assert_eq!((status, v["history"][0]["status"].as_str()), (200, Some("created")), "{v}");
    assert_eq!(call("GET", &one, Some(&bob_key), &[], None).await.0, 404);

    // The webhook: a wrong address refused; the shop's receiver saved.
    let status = Arc::new(AtomicU16::new(500));
    let (url, calls) = receiver(Arc::clone(&status)).await;
    let p = alice.post(&format!("{page}/webhook"), &[("contract", &k), ("url", "ftp://shop.uz/x")]).await;
    assert_eq!((p.status, p.attrs("data-error")), (400, vec!["url".to_owned()]));
    assert_eq!(alice.post(&format!("{page}/webhook"), &[("contract", &k), ("url", &url)]).await.status, 303);
    let p = alice.get(&format!("{page}?contract={k}")).await;
    let secret = value_of(&p, "data-secret>");
    assert!(secret.starts_with("whsec_"), "{secret}");

    // Office A's desk accepts it: the change is told, retried while the
    // receiver fails (500), taken on the next attempt (200).
    let mut desk = CargoWorld::desk(&world.stack.hub);
    let parsed = Barcode::parse(&barcode).unwrap();
    desk.scan(&parsed, ScanKind::Accepted, None, "").await.unwrap();
    eventually("a first, failed attempt", async || !calls.lock().is_empty()).await;
    status.store(200, Ordering::SeqCst);
    let state = || async {
        let row: (String, i64, Option<i64>) =
            sqlx::query_as("SELECT state, attempts, last_code FROM cargo_webhook_deliveries WHERE barcode = $1")
                .bind(&barcode)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        row
    };
    eventually("the delivery", async || state().await.0 == "delivered").await;
    let (_, attempts, code) = state().await;
    assert_eq!((attempts, code), (2, Some(200)));
    let got = calls.lock().clone();
    assert_eq!(got.len(), 2, "one failed, one taken");
    for (headers, body) in &got {
        assert!(signed_by(&secret, headers, body), "signed: {headers:?}");
        assert!(!signed_by("whsec_other", headers, body));
    }
    let ids: Vec<_> = got.iter().map(|(h, _)| h.get("x-cargo-delivery").cloned()).collect();
    assert!(ids[0].is_some() && ids[0] == ids[1], "the same delivery id on a retry");
    let event: Value = serde_json::from_str(&got[1].1).unwrap();
    assert_eq!(event["type"].as_str(), Some("shipment.status_changed"));
    assert_eq!(event["data"]["barcode"].as_str(), Some(barcode.as_str()));
    assert_eq!(event["data"]["status"].as_str(), Some("accepted"));
    assert_eq!(event["data"]["contract"].as_str(), Some("API-1"));
    let p = alice.get(&format!("{page}?contract={k}")).await;
    assert_eq!(p.attrs("data-state"), vec!["delivered".to_owned()], "the log shows it");

    // A receiver that keeps failing: given up after the last attempt, then
    // sent again by hand once it works.
    status.store(503, Ordering::SeqCst);
    desk.scan(&parsed, ScanKind::Dispatched, None, "").await.unwrap();
    let failed = || async {
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM cargo_webhook_deliveries WHERE state = 'failed' AND attempts = 3")
                .fetch_optional(&db.pool)
                .await
                .unwrap();
        id
    };
    eventually("giving up", async || failed().await.is_some()).await;
    let id = failed().await.unwrap();
    let p = alice.get(&format!("{page}?contract={k}")).await;
    assert!(p.body.contains("data-resend"), "a failed delivery can be sent again");
    assert_eq!(bob.post(&format!("{page}/deliveries/{id}/resend"), &[("contract", &k2)]).await.status, 404);
    status.store(200, Ordering::SeqCst);
    assert_eq!(alice.post(&format!("{page}/deliveries/{id}/resend"), &[("contract", &k)]).await.status, 303);
    let resent = || async {
        let state: String = sqlx::query_scalar("SELECT state FROM cargo_webhook_deliveries WHERE id = $1")
            .bind(&id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        state
    };
    eventually("the resent delivery", async || resent().await == "delivered").await;
    let told: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_webhook_deliveries WHERE state = 'delivered'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(told, 2, "each change told once");

    // A revoked key: 401 from then on.
    let key_id: String = sqlx::query_scalar("SELECT id FROM cargo_api_keys WHERE contract_id = $1")
        .bind(&k)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let p = alice.post(&format!("{page}/keys/{key_id}/revoke"), &[("contract", &k)]).await;
    assert_eq!(p.status, 303, "{p:?}");
    assert_eq!(call("GET", &one, Some(&key), &[], None).await.0, 401);
    world.stack.cloud.stop();
}

on_both_databases!(shop_api_and_webhooks);

/// Test mode: the sandbox's orders, statuses and money never touch the
/// real ones; a test key works in the sandbox only; each sandbox change is
/// told with `"livemode": false`.
async fn test_mode(kind: DbKind) {
    use tests::cargo_orders::courier;
    use tests::cloud::{CloudProcess, Sms, TestDb};
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.set_env("CLOUD__WEBHOOKS__ALLOW_PRIVATE", "true");
    cloud.start().await;
    let pool = db.open().await;
    let bts = courier(&cloud, &pool, &sms, 7341, "bts").await;
    let alice = client(&cloud, &sms, &bts, "+998901112233", "Eshchanov Rasulbek").await;
    let bob = client(&cloud, &sms, &bts, "+998901112244", "Tursunov Bobur").await;
    let alice_id: String = sqlx::query_scalar("SELECT id FROM cargo_clients WHERE phone = '+998901112233'")
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    let form = [("number", "T-1"), ("signed_on", "2026-03-02"), ("office", bts.offices[0].as_str())];
    assert_eq!(bts.owner.post(&format!("/cargo-ops/clients/{alice_id}/contracts"), &form).await.status, 303);
    let k: String =
        sqlx::query_scalar("SELECT id FROM cargo_contracts WHERE number = 'T-1'").fetch_one(&pool.pool).await.unwrap();
    let base = &bts.base;
    // One real shipment: the real money and lists to keep as they are.
    let p = alice.post(&format!("{base}/orders/new"), &order_form(&[("action", "create")])).await;
    assert_eq!(p.status, 303, "{p:?}");
    let real = || async {
        let row: (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM cargo_shipments), \
             (SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger WHERE mode = 'live'), \
             (SELECT COUNT(*) FROM cargo_ledger WHERE mode = 'live')",
        )
        .fetch_one(&pool.pool)
        .await
        .unwrap();
        row
    };
    let before = real().await;
    let live_balance = value_of(&alice.get(&format!("{base}/business?contract={k}")).await, "data-contract-balance>");
    assert!(alice.get(&format!("{base}/business?contract={k}")).await.body.contains("data-test-switch"));
    let webhook = [("contract", k.as_str()), ("url", "http://127.0.0.1:9/hooks")];
    assert_eq!(alice.post(&format!("{base}/business/api/webhook"), &webhook).await.status, 303);

    // The sandbox: a banner, its own balance, a test order, statuses by hand.
    let test = format!("{base}/business/test");
    let p = alice.get(&format!("{test}?contract={k}")).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.body.contains("data-test-banner") && p.body.contains("data-test-empty"));
    assert_eq!(value_of(&p, "data-test-balance>"), web::format::money(0));
    let p = alice.post(&format!("{test}/new"), &[("contract", &k)]).await;
    assert_eq!(p.status, 303, "{p:?}");
    let p = alice.get(p.location.as_deref().unwrap()).await;
    let made = p.attrs("data-sandbox-shipment");
    assert_eq!(made.len(), 1);
    assert!(made[0].starts_with('T') && made[0].len() == 12, "{made:?}");
    let (id, price, cod): (String, i64, i64) =
        sqlx::query_as("SELECT id, price, cod_amount FROM cargo_sandbox_shipments WHERE barcode = $1")
            .bind(&made[0])
            .fetch_one(&pool.pool)
            .await
            .unwrap();
    assert!(price > 0 && cod == 10_000_000, "priced by the tariff: {price}, {cod}");
    assert_eq!(value_of(&p, "data-test-balance>"), web::format::money(-price));
    assert_eq!(bob.post(&format!("{test}/{id}/advance"), &[("contract", &k)]).await.status, 404, "another's");
    for _ in 0..5 {
        assert_eq!(alice.post(&format!("{test}/{id}/advance"), &[("contract", &k)]).await.status, 303);
    }
    let p = alice.get(&format!("{test}?contract={k}")).await;
    assert_eq!(p.attrs("data-status"), vec!["delivered".to_owned()]);
    assert!(!p.body.contains("data-advance"), "delivered: no next status");
    assert_eq!(value_of(&p, "data-test-balance>"), web::format::money(cod - price), "its cash on delivery collected");
    assert_eq!(alice.post(&format!("{test}/{id}/advance"), &[("contract", &k)]).await.status, 404);
    let told: Vec<String> = sqlx::query_scalar("SELECT payload FROM cargo_webhook_deliveries WHERE barcode = $1")
        .bind(&made[0])
        .fetch_all(&pool.pool)
        .await
        .unwrap();
    assert_eq!(told.len(), 5, "each change told");
    assert!(told.iter().all(|p| p.contains("\"livemode\":false")), "{told:?}");

    // A test key: the sandbox only.
    let p = alice.post(&format!("{base}/business/api/keys"), &[("contract", &k), ("mode", "test")]).await;
    let test_key = value_of(&p, "data-new-key>");
    assert!(test_key.starts_with("ck_test_"), "{test_key}");
    let p = alice.post(&format!("{base}/business/api/keys"), &[("contract", &k)]).await;
    let live_key = value_of(&p, "data-new-key>");
    let body =
        Value::Object(order_form(&[]).into_iter().map(|(k, v)| (k.to_owned(), Value::String(v.to_owned()))).collect())
            .to_string();
    let api = cloud.url("/api/cargo/v1/shipments");
    let (status, v, _) = call("POST", &api, Some(&test_key), &[("idempotency-key", "t-1")], Some(&body)).await;
    assert_eq!((status, v["livemode"].as_bool()), (201, Some(false)), "{v}");
    let sandboxed = v["barcode"].as_str().unwrap().to_owned();
    assert!(sandboxed.starts_with('T'));
    let (status, again, _) = call("POST", &api, Some(&test_key), &[("idempotency-key", "t-1")], Some(&body)).await;
    assert_eq!((status, again["barcode"].as_str()), (200, Some(sandboxed.as_str())));
    let one = cloud.url(&format!("/api/cargo/v1/shipments/{sandboxed}"));
    assert_eq!(call("GET", &one, Some(&test_key), &[], None).await.0, 200);
    assert_eq!(call("GET", &one, Some(&live_key), &[], None).await.0, 404, "a live key sees no sandbox");
    let advance = format!("{one}/advance");
    assert_eq!(call("POST", &advance, Some(&live_key), &[], None).await.0, 403);
    let (status, v, _) = call("POST", &advance, Some(&test_key), &[], None).await;
    assert_eq!((status, v["status"].as_str()), (200, Some("accepted")), "{v}");

    // Nothing real moved: shipments, live ledger rows and sums, the page's balance.
    assert_eq!(real().await, before, "test mode never touches real data");
    let p = alice.get(&format!("{base}/business?contract={k}")).await;
    assert_eq!(value_of(&p, "data-contract-balance>"), live_balance);
    assert!(!p.body.contains(&made[0]) && !alice.get(&format!("{base}/orders")).await.body.contains(&sandboxed));
    assert_eq!(bob.get(&format!("{test}?contract={k}")).await.status, 404);
    cloud.stop();
}

on_both_databases!(test_mode);
