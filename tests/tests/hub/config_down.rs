//! Config flows down (E7), enrolment (E4 set-up), HTTPS sync, on SQLite and
//! PostgreSQL:
//! - the owner unpairs a terminal in the portal: the hub revokes it, tells
//!   it `Revoked`, drops its session and refuses it afterwards;
//! - a tariff's terminal limit reaches the hub, which then refuses to
//!   provision beyond it;
//! - a used, unknown or expired enrolment code is refused with a clear message;
//! - sync over HTTPS (rustls) with the hub trusting the cloud's certificate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::HubMessage;
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, Stack, TestDb, enroll};
use tests::{Down, HubProcess, RawTerminal, can_connect, eventually, on_both_databases, order};

async fn unpair_and_limits(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 30).await else { return };
    stack.hub.start().await;
    let creds = stack.hub.provision(3);
    let mut terminal = RawTerminal::connect(stack.hub.mqtt_port, &creds[0]).await;
    terminal.sell(&order(1_000)).await;

    // The cloud learns the hub's terminals from its next call.
    let business = stack.business().await;
    eventually(Duration::from_secs(10), "the cloud to know the terminals", || async {
        stack.db.terminals(&business, &stack.branch).await.unwrap().len() == 3
    })
    .await;
    let page = stack.portal.get("/branches").await;
    assert!(page.body.contains("Kassa 1") && page.body.contains("3/50 POS"), "{}", page.body);

    // Unpair in the portal → the hub revokes it and tells it.
    let id = creds[0].terminal.to_string();
    let p = stack.portal.post(&format!("/terminals/{id}/revoke"), &[("confirm", "yes")]).await;
    assert_eq!(p.location.as_deref(), Some("/branches"));
    let (closed, seen) = terminal.closed(Duration::from_secs(10)).await;
    assert!(closed.is_some(), "the revoked terminal's session is dropped");
    assert!(seen.iter().any(|(_, d)| matches!(d, Down::Hub(HubMessage::Revoked))), "it is told Revoked: {seen:?}");
    let password = creds[0].secret.mqtt_password();
    assert!(!can_connect(stack.hub.mqtt_port, &id, &id, &password).await, "refused afterwards");
    let list = stack.hub.run_command(&["terminal", "list"]).await;
    assert!(list.lines().any(|l| l.contains(&id) && l.contains("revoked")), "{list}");

    // The free tariff allows 2 terminals: the hub hears it and refuses a third active one.
    let (ok, out, err) = stack.cloud.run_command(&["admin", "set-tariff", &stack.owner.phone, "start"]).await;
    assert!(ok, "{out}{err}");
    let hub = &stack.hub;
    eventually(Duration::from_secs(10), "the hub to refuse a terminal beyond the limit", || async {
        let out = hub.command(&["terminal", "add", "--name", "Kassa 9"]).output().unwrap();
        !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("allows 2 active terminals")
    })
    .await;
    // Two are active (one was revoked): that is within the limit, they keep selling.
    let mut second = RawTerminal::connect(stack.hub.mqtt_port, &creds[1]).await;
    second.sell(&order(2_000)).await;
    stack.hub.stop();
}
on_both_databases!(unpair_and_limits);

async fn enrolment_codes(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 31).await else { return };
    // The code the stack used is spent.
    let used_code = {
        let p = stack.portal.enrolment_code(&stack.branch).await;
        let other = HubProcess::new(&dir.path().join("hub-2"));
        std::fs::create_dir_all(&other.data_dir).unwrap();
        let (ok, out) = enroll(&other, &stack.cloud, &p).await;
        assert!(ok, "{out}");
        let third = HubProcess::new(&dir.path().join("hub-3"));
        std::fs::create_dir_all(&third.data_dir).unwrap();
        let (ok, out) = enroll(&third, &stack.cloud, &p).await;
        assert!(!ok && out.contains("already used"), "{out}");
        assert!(!third.data_dir.join("cloud.json").exists(), "a refused code leaves nothing behind");
        p
    };
    let fresh = HubProcess::new(&dir.path().join("hub-4"));
    std::fs::create_dir_all(&fresh.data_dir).unwrap();
    let (ok, out) = enroll(&fresh, &stack.cloud, "ZZZZ-ZZZZ").await;
    assert!(!ok && out.contains("no such enrolment code"), "{out}");
    let (ok, out) = enroll(&fresh, &stack.cloud, &used_code.to_lowercase()).await;
    assert!(!ok && out.contains("already used"), "codes are read case-insensitively: {out}");
    // An expired code (24 h in real life; moved into the past here).
    let code = stack.portal.enrolment_code(&stack.branch).await;
    sqlx::query("UPDATE enrolment_codes SET expires_at = 0 WHERE used_at IS NULL")
        .execute(&stack.db.pool)
        .await
        .unwrap();
    let (ok, out) = enroll(&fresh, &stack.cloud, &code).await;
    assert!(!ok && out.contains("expired"), "{out}");
    // A new code replaces the old one; it works once.
    let old = stack.portal.enrolment_code(&stack.branch).await;
    let new = stack.portal.enrolment_code(&stack.branch).await;
    let (ok, out) = enroll(&fresh, &stack.cloud, &old).await;
    assert!(!ok && out.contains("expired"), "an older code stops working when a new one is made: {out}");
    let (ok, out) = enroll(&fresh, &stack.cloud, &new).await;
    assert!(ok, "{out}");
    // Enrolling again needs --force.
    let (ok, out) = enroll(&fresh, &stack.cloud, &new).await;
    assert!(!ok && out.contains("already enrolled"), "{out}");
}
on_both_databases!(enrolment_codes);

async fn https_sync(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    let cert_path = dir.path().join("cloud.pem");
    let key_path = dir.path().join("cloud.key");
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, signing_key.serialize_pem()).unwrap();
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.enable_tls(&cert_path, &key_path, cert.pem().into_bytes());
    cloud.start().await;
    let portal = Portal::new(&cloud);
    let owner = Owner::numbered(32);
    portal.register(&sms, &owner).await;
    let set_cookie = cloud
        .client()
        .post(cloud.url("/login"))
        .form(&[("phone", owner.phone.as_str()), ("password", owner.password.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = set_cookie.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("; Secure"), "cookies are Secure over TLS: {cookie}");
    let branch = portal.create_branch("Sergeli").await;
    let code = portal.enrolment_code(&branch).await;

    let mut hub = HubProcess::new(&dir.path().join("hub"));
    std::fs::create_dir_all(&hub.data_dir).unwrap();
    // Without trusting the cloud's certificate, enrolment fails.
    let (ok, out) = enroll(&hub, &cloud, &code).await;
    assert!(!ok, "{out}");
    hub.set_env("EDGE_HUB__SYNC__CA_CERT_PATH", cert_path.display().to_string());
    hub.set_env("EDGE_HUB__SYNC__IDLE_MS", "200");
    let (ok, out) = enroll(&hub, &cloud, &code).await;
    assert!(ok, "{out}");
    hub.start().await;
    let creds = hub.provision(1);
    let mut terminal = RawTerminal::connect(hub.mqtt_port, &creds[0]).await;
    for _ in 0..5 {
        terminal.sell(&order(1_000)).await;
    }
    let pool = db.open().await;
    let business = pool.owner_by_phone(&owner.phone).await.unwrap().business_id;
    eventually(Duration::from_secs(15), "the orders to reach the cloud over HTTPS", || async {
        pool.raw_counts(&business).await.unwrap().0 == 5
    })
    .await;
    assert_eq!(hub.metric("hub_outbox_depth").await, 0.0);
    hub.stop();
}
on_both_databases!(https_sync);
