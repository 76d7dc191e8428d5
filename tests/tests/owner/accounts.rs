//! Registration (P1), sign-in and sessions (P2), administrator reset (P15),
//! on SQLite and PostgreSQL: every error path gives a clear message with a
//! stable code and changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use tests::cargo_cabinet::captcha;
use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};
use tests::on_both_databases;

async fn cloud(kind: DbKind, dir: &std::path::Path) -> Option<(Sms, CloudProcess, cloud::db::Db)> {
    cloud_with(kind, dir, &[]).await
}

/// A cloud with short code timers, that takes the client's address from
/// `X-Forwarded-For` (so a test can sign in from several addresses), and
/// `env` on top.
async fn cloud_with(
    kind: DbKind,
    dir: &std::path::Path,
    env: &[(&str, &str)],
) -> Option<(Sms, CloudProcess, cloud::db::Db)> {
    let db = TestDb::new(kind, dir).await?;
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
    // Short timers so expiry and cooldown can be seen in a test.
    cloud.set_env("CLOUD__ACCOUNTS__CODE_TTL_S", "2");
    cloud.set_env("CLOUD__ACCOUNTS__RESEND_COOLDOWN_S", "2");
    cloud.set_env("CLOUD__TRUST_FORWARDED_FOR", "true");
    for (k, v) in env {
        cloud.set_env(k, *v);
    }
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

    // The finished flow cannot be replayed.
    let p = portal.post("/register/details", &good).await;
    assert_eq!(p.location.as_deref(), Some("/register"));

    // Registering the phone again reveals nothing to whoever types it: the
    // same answer and code page as for a new phone, while the phone's owner
    // reads a notice with no code in it; no code opens step 3.
    let other = Portal::new(&cloud);
    let p = other.post("/register", &[("phone", phone)]).await;
    assert_eq!(p.location.as_deref(), Some("/register/code"), "{p:?}");
    assert_eq!(sms.count(phone), 4);
    let notice = sms.sim.messages().last().unwrap().message.clone();
    assert!(notice.contains("allaqachon ro'yxatdan o'tgan") && !notice.chars().any(|c| c.is_ascii_digit()), "{notice}");
    let code_page = other.get("/register/code").await;
    assert!(code_page.body.contains("+998901110011"), "the same code page");
    for guess in ["000000", "123456", &third] {
        refused(&other.post("/register/code", &[("code", guess)]).await, 400, "code_wrong");
    }
    assert_eq!(other.post("/register/details", &good).await.location.as_deref(), Some("/register/code"));
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    assert_eq!(other.post("/register/resend", &[]).await.status, 200);
    assert_eq!(sms.count(phone), 5);
    assert_eq!(sms.sim.messages().last().unwrap().message, notice, "a resend repeats the notice, never a code");
    assert_eq!(db.owner_by_phone(phone).await.unwrap().first_name, "Aziz", "the account is untouched");

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
    let session = p.set_cookies.iter().find(|c| c.starts_with("__Host-sid=")).expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    // The prefix is the guard: the same token under the plain name (planted
    // over plain HTTP or by a sibling subdomain) opens nothing.
    let token = session["__Host-sid=".len()..].split(';').next().unwrap();
    let get = async |cookie: String| {
        let r = tests::cloud::http_client().get(cloud.url("/")).header("cookie", cookie).send().await.unwrap();
        (r.status().as_u16(), r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned))
    };
    assert_eq!(get(format!("__Host-sid={token}")).await, (200, None));
    assert_eq!(get(format!("sid={token}")).await, (303, Some("/login".to_owned())));
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

    // Failed sign-ins slow the next try (1 s, 2 s, … after the last
    // failure), the right password included, but lock nothing.
    let target = Portal::new(&cloud);
    let mut slowed = None;
    for _ in 0..12 {
        let p = target.login(&owner.phone, "guess-guess").await;
        if p.error_code().as_deref() == Some("login_wait") {
            slowed = Some(p);
            break;
        }
        refused(&p, 400, "login_failed");
    }
    let slowed = slowed.expect("failed sign-ins are slowed down");
    assert_eq!(slowed.status, 429);
    assert!(slowed.shows("soniyadan so'ng"), "the wait in seconds: {}", slowed.body);
    refused(&target.login(&owner.phone, "new-parol-1").await, 429, "login_wait");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let p = target.login(&owner.phone, "new-parol-1").await;
    assert_eq!(p.location.as_deref(), Some("/"), "after the wait the owner is in: {p:?}");
}
on_both_databases!(sign_in);

/// Ten wrong passwords from an attacker slow the attacker, not the owner:
/// the owner signs in at once from elsewhere; an attacker spreading guesses
/// over many addresses slows every unknown device, but not a browser the
/// owner signed in on before. (An IPv6 /64 counting as one address is seen
/// in `captcha_and_sms_budgets` and in `cloud::limits`' unit tests.)
async fn attacker_does_not_lock_out_owner(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let env = [("CLOUD__ACCOUNTS__LOGIN_FREE_PER_PHONE", "8")];
    let Some((sms, cloud, _db)) = cloud_with(kind, dir.path(), &env).await else { return };
    let owner = Owner::numbered(5151);
    Portal::new(&cloud).register(&sms, &owner).await;
    // The owner's own laptop signed in before (it keeps the device cookie).
    let laptop = Portal::from_addr(&cloud, "198.51.100.9");
    let p = laptop.login(&owner.phone, &owner.password).await;
    assert_eq!(p.location.as_deref(), Some("/"));
    assert!(p.set_cookies.iter().any(|c| c.starts_with("__Secure-pos_dev=") && c.contains("Path=/login")), "{p:?}");
    assert_eq!(laptop.post("/logout", &[]).await.location.as_deref(), Some("/login"));

    let attacker = Portal::from_addr(&cloud, "203.0.113.7");
    let mut failed = 0;
    for _ in 0..10 {
        let p = attacker.login(&owner.phone, "guess-guess").await;
        match p.error_code().as_deref() {
            Some("login_failed") => failed += 1,
            Some("login_wait") => assert_eq!(p.status, 429),
            other => panic!("{other:?}: {p:?}"),
        }
    }
    assert_eq!(failed, 5, "five free tries from one address, then waits");
    refused(&attacker.login(&owner.phone, &owner.password).await, 429, "login_wait");
    // The owner, from a phone on another network, is not slowed at all.
    let phone = Portal::from_addr(&cloud, "2001:db8:77:1::20");
    assert_eq!(phone.login(&owner.phone, &owner.password).await.location.as_deref(), Some("/"));

    // A botnet: one guess from each of many addresses. Past the phone's 8
    // free failures from unknown devices, each next one waits.
    let mut outcomes = Vec::new();
    for i in 0..6 {
        let p = Portal::from_addr(&cloud, &format!("192.0.2.{}", 10 + i)).login(&owner.phone, "guess-2").await;
        outcomes.push(p.error_code().unwrap_or_default());
    }
    assert_eq!(outcomes, ["login_failed", "login_failed", "login_failed", "login_wait", "login_wait", "login_wait"]);
    // An unknown device waits even with the right password …
    let fresh = Portal::from_addr(&cloud, "198.51.100.77");
    refused(&fresh.login(&owner.phone, &owner.password).await, 429, "login_wait");
    // … and the owner's laptop, known by its cookie, from anywhere, does not.
    let p = laptop.login(&owner.phone, &owner.password).await;
    assert_eq!(p.location.as_deref(), Some("/"), "{p:?}");
    assert_eq!(laptop.get("/").await.status, 200);
}
on_both_databases!(attacker_does_not_lock_out_owner);

/// Changing the password asks for the current one and signs out every
/// other device; the profile lists the devices and signs the others out.
async fn password_change_and_sessions(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };
    let owner = Owner::numbered(6262);
    Portal::new(&cloud).register(&sms, &owner).await;
    let laptop = Portal::from_addr(&cloud, "198.51.100.1");
    let phone = Portal::from_addr(&cloud, "198.51.100.2");
    let tablet = Portal::from_addr(&cloud, "198.51.100.3");
    for d in [&laptop, &phone, &tablet] {
        assert_eq!(d.login(&owner.phone, &owner.password).await.location.as_deref(), Some("/"));
    }
    let profile = laptop.get("/profile").await;
    assert_eq!(
        profile.body.matches("<tr data-session").count(),
        4,
        "registration's session and three devices: {}",
        profile.body
    );
    assert_eq!(profile.body.matches("data-current").count(), 1);
    assert!(profile.body.contains("198.51.100.2") && profile.body.contains("198.51.100.3"));

    // The current password is asked; a wrong one changes nothing.
    let page = laptop.get("/password").await;
    assert!(page.body.contains("name=\"current_password\""));
    let before = db.owner_by_phone(&owner.phone).await.unwrap().password_hash;
    let new = [("password", "yangi-parol-77"), ("password_confirm", "yangi-parol-77")];
    let wrong = [&new[..], &[("current_password", "not-it-at-all")]].concat();
    refused(&laptop.post("/password", &wrong).await, 400, "current_password");
    refused(&laptop.post("/password", &new).await, 400, "current_password");
    assert_eq!(db.owner_by_phone(&owner.phone).await.unwrap().password_hash, before);
    assert_eq!(phone.get("/").await.status, 200, "nothing ended");

    let right = [&new[..], &[("current_password", owner.password.as_str())]].concat();
    assert_eq!(laptop.post("/password", &right).await.location.as_deref(), Some("/"));
    assert_eq!(laptop.get("/").await.status, 200, "the device that changed it stays in");
    for d in [&phone, &tablet] {
        assert_eq!(d.get("/").await.location.as_deref(), Some("/login"), "other devices are signed out");
    }
    refused(&phone.login(&owner.phone, &owner.password).await, 400, "login_failed");
    assert_eq!(phone.login(&owner.phone, "yangi-parol-77").await.location.as_deref(), Some("/"));
    assert_eq!(tablet.login(&owner.phone, "yangi-parol-77").await.location.as_deref(), Some("/"));

    // "Sign out of every other device".
    assert_eq!(laptop.get("/profile").await.body.matches("<tr data-session").count(), 3);
    let p = laptop.post("/sessions/others", &[]).await;
    assert_eq!(p.location.as_deref(), Some("/profile?signed_out=1"));
    let profile = laptop.get("/profile?signed_out=1").await;
    assert_eq!(profile.body.matches("<tr data-session").count(), 1, "{}", profile.body);
    assert!(profile.body.contains("data-notice"));
    assert_eq!(phone.get("/").await.location.as_deref(), Some("/login"));
    assert_eq!(tablet.get("/").await.location.as_deref(), Some("/login"));
    assert_eq!(laptop.get("/").await.status, 200);
    // Without the CSRF token nothing ends.
    assert_eq!(phone.login(&owner.phone, "yangi-parol-77").await.location.as_deref(), Some("/"));
    assert_eq!(laptop.post_raw("/sessions/others", &[]).await.status, 403);
    assert_eq!(phone.get("/").await.status, 200);
}
on_both_databases!(password_change_and_sessions);

/// A session ends at its absolute lifetime however much it is used, and an
/// administrator's temporary password stops working when its time is up.
async fn lifetimes(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let env = [("CLOUD__ACCOUNTS__SESSION_MAX_S", "3"), ("CLOUD__ACCOUNTS__TEMPORARY_PASSWORD_S", "2")];
    let Some((sms, cloud, _db)) = cloud_with(kind, dir.path(), &env).await else { return };
    let owner = Owner::numbered(7373);
    Portal::new(&cloud).register(&sms, &owner).await;
    let device = Portal::new(&cloud);
    let p = device.login(&owner.phone, &owner.password).await;
    let cookie = p.set_cookies.iter().find(|c| c.starts_with("__Host-sid=")).unwrap();
    assert!(cookie.contains("Max-Age=3") && cookie.contains("Secure"), "{cookie}");
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_millis(2_500) {
        assert_eq!(device.get("/").await.status, 200);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(device.get("/").await.location.as_deref(), Some("/login"), "in use all along, and still ended");

    let (ok, out, err) = cloud.run_command(&["admin", "reset-password", &owner.phone]).await;
    assert!(ok, "{err}");
    let temporary = out.split(": ").nth(1).unwrap().lines().next().unwrap().trim().to_owned();
    tokio::time::sleep(Duration::from_millis(2_300)).await;
    refused(&Portal::new(&cloud).login(&owner.phone, &temporary).await, 400, "login_failed");
}
on_both_databases!(lifetimes);

/// SMS codes cost money: after a few from one address a captcha is asked
/// (an IPv6 /64 counts as one address), and the cloud sends at most so many
/// per operator prefix and in all per hour.
async fn captcha_and_sms_budgets(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("CLOUD__ACCOUNTS__CODES_BEFORE_CAPTCHA", "2"),
        ("CLOUD__ACCOUNTS__SMS_PER_PREFIX_HOUR", "5"),
        ("CLOUD__ACCOUNTS__SMS_PER_HOUR", "7"),
    ];
    let Some((sms, cloud, _db)) = cloud_with(kind, dir.path(), &env).await else { return };
    let a = "2001:db8:aa:1::1";
    for n in 1..=2 {
        let p = Portal::from_addr(&cloud, a).post("/register", &[("phone", &format!("+99890100000{n}"))]).await;
        assert_eq!(p.location.as_deref(), Some("/register/code"), "{p:?}");
    }
    // The third from the same /64 must solve a sum first.
    let same_64 = Portal::from_addr(&cloud, "2001:db8:aa:1:abcd::9");
    let page = same_64.get("/register").await;
    assert!(page.body.contains("data-captcha"), "{}", page.body);
    let p = same_64.post("/register", &[("phone", "+998901000003")]).await;
    refused(&p, 400, "captcha");
    assert!(p.body.contains("data-captcha-question"), "a new sum to solve");
    let (token, answer) = captcha(&p);
    let wrong = (answer.parse::<u32>().unwrap() + 1).to_string();
    let p = same_64
        .post("/register", &[("phone", "+998901000003"), ("captcha_token", &token), ("captcha_answer", &wrong)])
        .await;
    refused(&p, 400, "captcha");
    assert_eq!(sms.count("+998901000003"), 0, "no SMS without the right answer");
    let (token, answer) = captcha(&p);
    let p = same_64
        .post("/register", &[("phone", "+998901000003"), ("captcha_token", &token), ("captcha_answer", &answer)])
        .await;
    assert_eq!(p.location.as_deref(), Some("/register/code"), "{p:?}");
    assert_eq!(sms.count("+998901000003"), 1);
    // Another /64 is another address.
    let b = Portal::from_addr(&cloud, "2001:db8:aa:2::1");
    assert!(!b.get("/register").await.body.contains("data-captcha"));

    // Operator 90: five an hour, whoever asks.
    let mut sent = 3;
    for (i, addr) in ["198.51.100.1", "198.51.100.2"].iter().enumerate() {
        let p = Portal::from_addr(&cloud, addr).post("/register", &[("phone", &format!("+99890200000{i}"))]).await;
        assert_eq!(p.location.as_deref(), Some("/register/code"), "{p:?}");
        sent += 1;
    }
    let p = Portal::from_addr(&cloud, "198.51.100.3").post("/register", &[("phone", "+998902000009")]).await;
    refused(&p, 429, "too_many_requests");
    assert_eq!(sms.count("+998902000009"), 0);
    // Operator 91 still has room, until the cloud's own hourly budget.
    let p = Portal::from_addr(&cloud, "198.51.100.4").post("/register", &[("phone", "+998911000001")]).await;
    assert_eq!(p.location.as_deref(), Some("/register/code"), "{p:?}");
    sent += 1;
    let p = Portal::from_addr(&cloud, "198.51.100.5").post("/register", &[("phone", "+998911000002")]).await;
    assert_eq!(p.location.as_deref(), Some("/register/code"), "{p:?}");
    sent += 1;
    assert_eq!(sent, 7);
    let p = Portal::from_addr(&cloud, "198.51.100.6").post("/register", &[("phone", "+998931000003")]).await;
    refused(&p, 429, "too_many_requests");
    assert_eq!(sms.sim.messages().len(), 7, "exactly the budget was sent");
}
on_both_databases!(captcha_and_sms_budgets);
