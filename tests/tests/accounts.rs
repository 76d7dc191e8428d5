//! Registration (P1), sign-in and sessions (P2), administrator reset (P15),
//! on SQLite and PostgreSQL: every error path gives a clear message with a
//! stable code and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};
use tests::on_both_databases;

async fn cloud(kind: DbKind, dir: &std::path::Path) -> Option<(Sms, CloudProcess, cloud::db::Db)> {
    let db = TestDb::new(kind, dir).await?;
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
    // Short timers so expiry and cooldown can be seen in a test.
    cloud.set_env("CLOUD__ACCOUNTS__CODE_TTL_S", "2");
    cloud.set_env("CLOUD__ACCOUNTS__RESEND_COOLDOWN_S", "2");
    cloud.start().await;
    let pool = db.open().await;
    Some((sms, cloud, pool))
}

fn refused(p: &tests::cloud::Page, status: u16, code: &str) {
    assert_eq!(p.status, status, "{code}: {p:?}");
    assert_eq!(p.error_code().as_deref(), Some(code), "{p:?}");
    assert!(p.body.contains("role=\"alert\""), "a visible message");
}

async fn registration(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };
    let portal = Portal::new(&cloud);
    let phone = "+998901110011";

    // Step 1: a bad phone.
    for bad in ["12345", "+7 901 234 56 78", "+99890111001", "", "+998 90 111 00 1x"] {
        let p = portal.post("/register", &[("phone", bad)]).await;
        refused(&p, 400, "bad_phone");
    }
    assert_eq!(sms.sim.messages().len(), 0, "no SMS for a bad phone");

    // Step 1 right; spaces are fine.
    let p = portal.post("/register", &[("phone", "+998 90 111 00 11")]).await;
    assert_eq!(p.location.as_deref(), Some("/register/code"));
    assert_eq!(sms.count(phone), 1);
    let first = sms.last_code(phone).unwrap();
    assert_eq!(first.len(), 6);
    let wrong = if first == "000000" { "111111" } else { "000000" };

    // Step 2: wrong code, resend too early.
    refused(&portal.post("/register/code", &[("code", wrong)]).await, 400, "code_wrong");
    refused(&portal.post("/register/code", &[("code", "12ab")]).await, 400, "code_wrong");
    refused(&portal.post("/register/resend", &[]).await, 429, "resend_too_early");
    assert_eq!(sms.count(phone), 1, "no SMS before the cooldown ends");

    // The code expires (2 s here, 5 minutes by default).
    tokio::time::sleep(Duration::from_millis(2_200)).await;
    refused(&portal.post("/register/code", &[("code", &first)]).await, 400, "code_expired");

    // Resend after the cooldown: a new code; five wrong tries use it up.
    let p = portal.post("/register/resend", &[]).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(sms.count(phone), 2);
    let second = sms.last_code(phone).unwrap();
    let wrong = if second == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        refused(&portal.post("/register/code", &[("code", wrong)]).await, 400, "code_wrong");
    }
    refused(&portal.post("/register/code", &[("code", wrong)]).await, 400, "too_many_tries");
    refused(&portal.post("/register/code", &[("code", &second)]).await, 400, "too_many_tries");

    // Skipping step 2 leads back to it.
    let p = portal.post("/register/details", &[("first_name", "A")]).await;
    assert_eq!(p.location.as_deref(), Some("/register/code"));
    assert!(!db.phone_registered(phone).await.unwrap());

    tokio::time::sleep(Duration::from_millis(2_100)).await;
    assert_eq!(portal.post("/register/resend", &[]).await.status, 200);
    let third = sms.last_code(phone).unwrap();
    let p = portal.post("/register/code", &[("code", &third)]).await;
    assert_eq!(p.location.as_deref(), Some("/register/details"));

    // Step 3: every rule.
    let good = [
        ("first_name", "Aziz"),
        ("last_name", "Karimov"),
        ("business_name", "Choyxona"),
        ("password", "parol-1234"),
        ("password_confirm", "parol-1234"),
    ];
    let with =
        |k: &str, v: &'static str| good.iter().map(|&(a, b)| if a == k { (a, v) } else { (a, b) }).collect::<Vec<_>>();
    for (field, value, code) in [
        ("first_name", "  ", "field_required"),
        ("last_name", "", "field_required"),
        ("business_name", "", "field_required"),
        ("password", "short", "password_short"),
        ("password_confirm", "parol-12345", "password_mismatch"),
    ] {
        let mut form = with(field, value);
        if field == "password" {
            form = form.into_iter().map(|(a, b)| if a == "password_confirm" { (a, "short") } else { (a, b) }).collect();
        }
        let p = portal.post("/register/details", &form).await;
        refused(&p, 400, code);
        assert!(!db.phone_registered(phone).await.unwrap(), "{code} must create nothing");
    }
    // A refused form keeps what was typed (but never the password).
    let p = portal.post("/register/details", &with("password", "short")).await;
    assert!(p.body.contains("value=\"Choyxona\"") && !p.body.contains("parol-1234"));

    let p = portal.post("/register/details", &good).await;
    assert_eq!(p.location.as_deref(), Some("/"), "{p:?}");
    assert!(db.phone_registered(phone).await.unwrap());
    let home = portal.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Choyxona"));
    let owner = db.owner_by_phone(phone).await.unwrap();
    assert!(owner.password_hash.starts_with("$argon2id$"));

    // The finished flow cannot be replayed, and the phone is taken now.
    let p = portal.post("/register/details", &good).await;
    assert_eq!(p.location.as_deref(), Some("/register"));
    let other = Portal::new(&cloud);
    refused(&other.post("/register", &[("phone", phone)]).await, 400, "phone_taken");

    // Limits per phone: 5 codes an hour.
    let busy = "+998901110022";
    for _ in 0..5 {
        assert_eq!(Portal::new(&cloud).post("/register", &[("phone", busy)]).await.status, 303);
    }
    refused(&Portal::new(&cloud).post("/register", &[("phone", busy)]).await, 429, "too_many_requests");
    assert_eq!(sms.count(busy), 5);

    // A form posted from another site is refused.
    let r = tests::cloud::http_client()
        .post(cloud.url("/register"))
        .header("origin", "https://evil.example")
        .form(&[("phone", "+998901110033")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert_eq!(sms.count("+998901110033"), 0);
}
on_both_databases!(registration);

async fn sign_in(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };
    let owner = Owner::numbered(4242);
    Portal::new(&cloud).register(&sms, &owner).await;

    let anonymous = Portal::new(&cloud);
    assert_eq!(anonymous.get("/").await.location.as_deref(), Some("/login"));
    assert_eq!(anonymous.get("/branches").await.location.as_deref(), Some("/login"));
    refused(&anonymous.login("90 12", &owner.password).await, 400, "bad_phone");
    refused(&anonymous.login("+998909999999", &owner.password).await, 400, "login_failed");
    refused(&anonymous.login(&owner.phone, "wrong-password").await, 400, "login_failed");
    assert_eq!(anonymous.get("/").await.location.as_deref(), Some("/login"), "still signed out");

    // Two devices at once; signing out of one keeps the other.
    let phone_device = Portal::new(&cloud);
    let laptop = Portal::new(&cloud);
    for d in [&phone_device, &laptop] {
        let p = d.login(&owner.phone, &owner.password).await;
        assert_eq!(p.location.as_deref(), Some("/"), "{p:?}");
        assert_eq!(d.get("/").await.status, 200);
    }
    let p = Portal::new(&cloud).login(&owner.phone, &owner.password).await;
    let session = p.set_cookies.iter().find(|c| c.starts_with("sid=")).expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    assert_eq!(laptop.post("/logout", &[]).await.location.as_deref(), Some("/login"));
    assert_eq!(laptop.get("/").await.location.as_deref(), Some("/login"));
    assert_eq!(phone_device.get("/").await.status, 200);

    // Administrator reset: a temporary password, every session ends, the
    // next sign-in must choose a new one.
    let (ok, out, err) = cloud.run_command(&["admin", "reset-password", &owner.phone]).await;
    assert!(ok, "{err}");
    let temporary = out.split(": ").nth(1).unwrap().lines().next().unwrap().trim().to_owned();
    assert_eq!(temporary.len(), 12);
    assert_eq!(phone_device.get("/").await.location.as_deref(), Some("/login"));
    refused(&phone_device.login(&owner.phone, &owner.password).await, 400, "login_failed");
    let p = phone_device.login(&owner.phone, &temporary).await;
    assert_eq!(p.location.as_deref(), Some("/password"));
    assert_eq!(phone_device.get("/").await.location.as_deref(), Some("/password"));
    assert_eq!(phone_device.get("/branches").await.location.as_deref(), Some("/password"));
    refused(
        &phone_device.post("/password", &[("password", "short"), ("password_confirm", "short")]).await,
        400,
        "password_short",
    );
    refused(
        &phone_device.post("/password", &[("password", "new-parol-1"), ("password_confirm", "new-parol-2")]).await,
        400,
        "password_mismatch",
    );
    assert!(db.owner_by_phone(&owner.phone).await.unwrap().must_change_password);
    let p = phone_device.post("/password", &[("password", "new-parol-1"), ("password_confirm", "new-parol-1")]).await;
    assert_eq!(p.location.as_deref(), Some("/"));
    assert_eq!(phone_device.get("/").await.status, 200);
    assert!(!db.owner_by_phone(&owner.phone).await.unwrap().must_change_password);
    refused(&Portal::new(&cloud).login(&owner.phone, &temporary).await, 400, "login_failed");
    assert_eq!(Portal::new(&cloud).login(&owner.phone, "new-parol-1").await.location.as_deref(), Some("/"));
    let (ok, _, err) = cloud.run_command(&["admin", "reset-password", "+998900000001"]).await;
    assert!(!ok && err.contains("+998900000001"), "an unknown phone is an error: {err}");

    // Too many attempts for one phone.
    let target = Portal::new(&cloud);
    let mut limited = false;
    for _ in 0..12 {
        let p = target.login(&owner.phone, "guess-guess").await;
        if p.error_code().as_deref() == Some("too_many_requests") {
            assert_eq!(p.status, 429);
            limited = true;
            break;
        }
    }
    assert!(limited, "sign-in attempts are limited per phone");
    refused(&target.login(&owner.phone, "new-parol-1").await, 429, "too_many_requests");
}
on_both_databases!(sign_in);
