//! The portal's forms and languages, on SQLite and PostgreSQL:
//! - CSRF: a form post without this browser's token (none, a wrong one,
//!   another browser's) is refused with 403 and changes nothing;
//! - languages: `Accept-Language` picks the first page's language, the
//!   switcher keeps the choice in a cookie and saves it for the owner, so a
//!   sign-in on another device speaks it; errors come in the page's language;
//!   the switcher only sends the browser back to our own paths.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use tests::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};
use tests::on_both_databases;
use web::i18n::{EN, RU, UZ};

async fn cloud(kind: DbKind, dir: &std::path::Path) -> Option<(Sms, CloudProcess, cloud::db::Db)> {
    let db = TestDb::new(kind, dir).await?;
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    Some((sms, cloud, pool))
}

async fn csrf(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };
    let owner = Owner::numbered(5151);
    let device = Portal::new(&cloud);
    device.register(&sms, &owner).await;
    let business = db.owner_by_phone(&owner.phone).await.unwrap().business_id;
    let other = Portal::new(&cloud);
    let others_token = other.csrf().await;
    let mine = device.csrf().await;
    assert_ne!(mine, others_token, "every browser has its own token");

    let branch = [("name", "Chilonzor"), ("address", "Toshkent"), ("phone", "")];
    for (case, token) in [("none", None), ("wrong", Some("x".repeat(43))), ("another browser's", Some(others_token))] {
        let mut form = branch.to_vec();
        if let Some(t) = &token {
            form.push(("csrf", t));
        }
        let p = device.post_raw("/branches", &form).await;
        assert_eq!(p.status, 403, "{case}: {p:?}");
        assert!(p.shows(UZ.chrome.error_csrf), "{case}: the page says why");
        assert!(db.branches(&business).await.unwrap().is_empty(), "{case}: nothing created");
    }
    // Sign-out and registration are forms too.
    assert_eq!(device.post_raw("/logout", &[]).await.status, 403);
    assert_eq!(device.get("/branches").await.status, 200, "still signed in");
    let stranger = Portal::new(&cloud);
    let p = stranger.post_raw("/register", &[("phone", "+998901119911"), ("csrf", &"a".repeat(43))]).await;
    assert_eq!(p.status, 403, "a browser with no token yet: {p:?}");
    assert!(p.set_cookies.iter().any(|c| c.starts_with("__Host-csrf=")), "it gets one for its next try");
    assert_eq!(sms.count("+998901119911"), 0, "no SMS sent");

    // With the page's token everything works.
    assert_eq!(device.post("/branches", &branch).await.status, 303);
    assert_eq!(db.branches(&business).await.unwrap().len(), 1);
    let p = device.post("/logout", &[]).await;
    assert_eq!(p.location.as_deref(), Some("/login"));
    assert_eq!(device.get("/branches").await.location.as_deref(), Some("/login"));
}
on_both_databases!(csrf);

async fn languages(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };

    // The first page speaks the browser's language when we have it.
    let fresh = Portal::new(&cloud);
    let p = fresh.get("/login").await;
    assert_eq!(p.lang().as_deref(), Some("uz"), "Uzbek by default");
    assert!(p.shows(UZ.accounts.login_title));
    for (header, lang, title) in [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru", RU.accounts.login_title),
        ("fr-FR, en;q=0.5, ru;q=0.4", "en", EN.accounts.login_title),
        ("de, fr", "uz", UZ.accounts.login_title),
        ("uz-Latn-UZ", "uz", UZ.accounts.login_title),
    ] {
        let p = fresh.get_with("/login", &[("accept-language", header)]).await;
        assert_eq!(p.lang().as_deref(), Some(lang), "{header}");
        assert!(p.shows(title), "{header}");
    }

    // Errors come in the page's language.
    let russian = Portal::new(&cloud);
    let p = russian.post("/lang", &[("lang", "ru"), ("back", "/register")]).await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/register")));
    assert!(p.set_cookies.iter().any(|c| c.starts_with("__Host-lang=ru;")), "{p:?}");
    let p = russian.post("/register", &[("phone", "12345")]).await;
    assert_eq!(p.status, 400);
    assert_eq!(p.lang().as_deref(), Some("ru"));
    assert!(p.shows(RU.accounts.e_bad_phone), "{}", p.body);

    // An owner's choice is saved and follows them to another device.
    let owner = Owner::numbered(6161);
    let phone = Portal::new(&cloud);
    phone.register(&sms, &owner).await;
    assert_eq!(db.owner_by_phone(&owner.phone).await.unwrap().language, "uz");
    let p = phone.post("/lang", &[("lang", "en"), ("back", "/branches")]).await;
    assert_eq!(p.location.as_deref(), Some("/branches"));
    let p = phone.get("/branches").await;
    assert_eq!(p.lang().as_deref(), Some("en"));
    assert!(p.shows(EN.chrome.nav_branches) && p.shows(EN.branches.new_branch), "{}", p.body);
    assert_eq!(db.owner_by_phone(&owner.phone).await.unwrap().language, "en");
    let laptop = Portal::new(&cloud);
    laptop.login(&owner.phone, &owner.password).await;
    let p = laptop.get_with("/", &[("accept-language", "ru")]).await;
    assert_eq!(p.lang().as_deref(), Some("en"), "the saved choice wins over the browser's");
    // Registering in Russian saves Russian.
    let second = Owner::numbered(6162);
    let ru_device = Portal::new(&cloud);
    ru_device.post("/lang", &[("lang", "ru"), ("back", "/")]).await;
    ru_device.register(&sms, &second).await;
    assert_eq!(db.owner_by_phone(&second.phone).await.unwrap().language, "ru");

    // The switcher refuses what it does not know and sends back only to our
    // own paths.
    let p = phone.post("/lang", &[("lang", "xx"), ("back", "/")]).await;
    assert_eq!(p.status, 400);
    assert!(!p.set_cookies.iter().any(|c| c.starts_with("__Host-lang=")));
    assert_eq!(db.owner_by_phone(&owner.phone).await.unwrap().language, "en");
    for back in ["//evil.example/x", "https://evil.example", "/\\evil.example", "", "branches"] {
        let p = phone.post("/lang", &[("lang", "uz"), ("back", back)]).await;
        assert_eq!(p.location.as_deref(), Some("/"), "{back:?}");
    }
    assert_eq!(db.owner_by_phone(&owner.phone).await.unwrap().language, "uz");
}
on_both_databases!(languages);

/// Every page is sent with the security headers: a CSP without inline
/// script or style, framing denied, no MIME sniffing, no caching of pages;
/// and no page carries an inline script or style attribute the CSP would
/// block.
async fn headers(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, _db)) = cloud(kind, dir.path()).await else { return };
    let owner = Owner::numbered(7171);
    let device = Portal::new(&cloud);
    device.register(&sms, &owner).await;
    device.create_branch("Chilonzor").await;
    let client = tests::cloud::http_client();
    for path in ["/login", "/register"] {
        let r = client.get(cloud.url(path)).send().await.unwrap();
        check_headers(path, r.headers());
    }
    for path in [
        "/",
        "/?tab=employees",
        "/?tab=products",
        "/orders",
        "/products",
        "/employees",
        "/transactions",
        "/branches",
        "/subscription",
        "/payment-settings",
        "/profile",
    ] {
        let p = device.get(path).await;
        assert_eq!(p.status, 200, "{path}");
        assert!(!p.body.contains("<script>") && !p.body.contains("style=\""), "{path}: no inline script or style");
        assert!(!p.body.contains(" onclick=") && !p.body.contains(" onchange="), "{path}: no inline handlers");
    }
    let r = client.get(cloud.url("/login")).send().await.unwrap();
    let csp = r.headers().get("content-security-policy").unwrap().to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
}
on_both_databases!(headers);

fn check_headers(path: &str, h: &reqwest::header::HeaderMap) {
    let get = |k: &str| h.get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let csp = get("content-security-policy");
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    assert_eq!(get("x-frame-options"), "DENY", "{path}");
    assert_eq!(get("x-content-type-options"), "nosniff", "{path}");
    assert_eq!(get("cache-control"), "no-store", "{path}");
}
