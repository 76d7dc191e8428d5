//! Route groups carry their own layers (cloud/src/http/mod.rs), on SQLite
//! and PostgreSQL:
//! - the hub API checks the bearer credential from the headers alone: a call
//!   without one (or with a wrong one) is answered 401 while its announced
//!   body has not even been sent, so no one without a credential can make the
//!   cloud buffer megabytes;
//! - owner pages need a session: a form with a valid CSRF token but no
//!   session goes to `/login` and changes nothing;
//! - a path no route serves gets the 404 page in the asker's language;
//! - the public pages refuse a cross-site form post before looking at it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use tests::cloud::{CloudProcess, DbKind, Portal, Sms, TestDb};
use tests::on_both_databases;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use web::i18n::RU;

/// Sends a request's head announcing `announced` body bytes and only the
/// first KiB of the body, then returns the status line the server answers
/// with, or `None` when it is still waiting for the body after 10 s.
async fn status_before_body(port: u16, path: &str, auth: Option<&str>, announced: usize) -> Option<String> {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let auth = auth.map(|a| format!("Authorization: Bearer {a}\r\n")).unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-postcard\r\n{auth}Content-Length: {announced}\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&[0u8; 1024]).await.unwrap();
    let mut buf = vec![0u8; 256];
    match tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await {
        Ok(Ok(n)) if n > 0 => Some(String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or("").to_owned()),
        _ => None,
    }
}

async fn route_groups(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.start().await;
    let port: u16 = cloud.base().rsplit(':').next().unwrap().parse().unwrap();

    // The hub API: 401 from the headers, the 8 MiB body never sent.
    for path in ["/api/v1/sync", "/api/v1/watch"] {
        for auth in [None, Some("hub1.00000000-0000-0000-0000-000000000000.AAAA")] {
            let status = status_before_body(port, path, auth, 8 * 1024 * 1024).await;
            assert_eq!(
                status.as_deref(),
                Some("HTTP/1.1 401 Unauthorized"),
                "{path} with {auth:?}: answered before the body arrives"
            );
        }
    }

    // Owner pages: a valid token but no session creates nothing.
    let browser = Portal::new(&cloud);
    let p = browser.post("/branches", &[("name", "Chilonzor"), ("address", "Toshkent"), ("phone", "")]).await;
    assert_eq!(p.status, 303, "{p:?}");
    assert_eq!(p.location.as_deref(), Some("/login"));
    let pool = db.open().await;
    let branches: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM branches").fetch_one(&pool.pool).await.unwrap();
    assert_eq!(branches, 0, "nothing created without a session");

    // A path nobody serves: the not-found page, in Russian for a Russian browser.
    let p = browser.get_with("/no/such/page", &[("accept-language", "ru-RU,ru;q=0.9")]).await;
    assert_eq!(p.status, 404, "{p:?}");
    assert!(p.shows(RU.chrome.not_found_text), "the 404 page speaks Russian: {p:?}");

    // Public pages: a cross-site form post is refused before its token is read.
    let token = browser.csrf().await;
    let r = browser
        .client
        .post(cloud.url("/login"))
        .header("origin", "http://evil.example")
        .form(&[("phone", "+998901234567"), ("password", "whatever-1"), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
}

on_both_databases!(route_groups);

/// Reads until the server closes the connection (or `within` passes):
/// whether it closed, and what it sent.
async fn closed_within(s: &mut tokio::net::TcpStream, within: Duration) -> (bool, String) {
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return (true, String::from_utf8_lossy(&got).into_owned()),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return (false, String::from_utf8_lossy(&got).into_owned()),
        }
    }
}

/// Slow clients are cut off and connections are capped (HTTP is the same
/// on both databases, so SQLite only): a head that never ends, an idle
/// kept-alive connection, a body that stops, a body dripping slower than
/// its deadline; a body over a route's limit is refused before it is sent.
#[tokio::test]
async fn slow_clients_are_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(DbKind::Sqlite, dir.path()).await.unwrap();
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.set_env("CLOUD__HTTP__HEADER_TIMEOUT_S", "1");
    cloud.set_env("CLOUD__HTTP__BODY_IDLE_TIMEOUT_S", "1");
    cloud.set_env("CLOUD__HTTP__BODY_TIMEOUT_S", "3");
    cloud.set_env("CLOUD__HTTP__MAX_OPEN_CONNECTIONS", "6");
    cloud.start().await;
    let port: u16 = cloud.base().rsplit(':').next().unwrap().parse().unwrap();
    let connect = || async move { tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap() };
    let host = format!("Host: 127.0.0.1:{port}\r\n");

    // A head that never ends.
    let mut s = connect().await;
    s.write_all(format!("GET /healthz HTTP/1.1\r\n{host}X-Slow: ").as_bytes()).await.unwrap();
    let (closed, _) = closed_within(&mut s, Duration::from_secs(10)).await;
    assert!(closed, "an unfinished head is cut off");

    // A kept-alive connection left idle after its answer.
    let mut s = connect().await;
    s.write_all(format!("GET /healthz HTTP/1.1\r\n{host}\r\n").as_bytes()).await.unwrap();
    let (closed, answer) = closed_within(&mut s, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed, "an idle connection is closed");

    // A body that stops after its first bytes: the form is refused.
    let mut s = connect().await;
    let head = format!(
        "POST /login HTTP/1.1\r\n{host}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nphone=%2B998"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let (closed, answer) = closed_within(&mut s, Duration::from_secs(10)).await;
    assert!(closed, "a stalled body is cut off: {answer}");

    // A body dripping a byte every half second never reaches its end.
    let mut s = connect().await;
    let head = format!(
        "POST /login HTTP/1.1\r\n{host}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut cut = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        if s.write_all(b"a").await.is_err() {
            cut = true;
            break;
        }
        let mut buf = [0u8; 512];
        if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(10), s.read(&mut buf)).await
            && (n == 0 || String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 4"))
        {
            cut = true;
            break;
        }
    }
    assert!(cut, "a dripping body is cut off at its deadline ({:?})", started.elapsed());

    // A 16 MiB enrolment without credentials: refused before it is sent.
    let status = status_before_body(port, "/api/v1/hubs/enroll", None, 16 * 1024 * 1024).await;
    assert_eq!(status.as_deref(), Some("HTTP/1.1 413 Payload Too Large"));

    // Six silent connections hold every slot: a seventh waits for one.
    let mut silent = Vec::new();
    for _ in 0..6 {
        silent.push(connect().await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut waiting = connect().await;
    waiting.write_all(format!("GET /healthz HTTP/1.1\r\n{host}Connection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut buf = [0u8; 64];
    let early = tokio::time::timeout(Duration::from_millis(300), waiting.read(&mut buf)).await;
    assert!(early.is_err(), "no answer while every slot is held");
    // The silent ones are cut off at the head deadline, and it is served.
    let (_, answer) = closed_within(&mut waiting, Duration::from_secs(10)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(silent);
}

/// `/metrics` is for the monitoring system: a bearer of `metrics_token`;
/// without one, no one (behind a proxy on the same machine every visitor
/// looks local), save the local machine in development mode. Outside
/// development mode every answer carries HSTS.
#[tokio::test]
async fn metrics_are_not_public() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(DbKind::Sqlite, dir.path()).await.unwrap();
    let sms = Sms::start().await;
    let hsts = "strict-transport-security";

    let mut production = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    production.start().await;
    let http = tests::cloud::http_client();
    let r = http.get(production.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403, "no token: no one, the local machine included");
    assert_eq!(r.headers()[hsts], "max-age=31536000");
    let r = http.get(production.url("/login")).send().await.unwrap();
    assert_eq!(r.headers()[hsts], "max-age=31536000", "pages too");
    drop(production);

    let mut dev = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    dev.set_env("CLOUD__DEVELOPMENT", "true");
    dev.set_env("CLOUD__TRUST_FORWARDED_FOR", "true");
    dev.start().await;
    let r = http.get(dev.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200, "a scraper on this machine, in development");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    assert!(r.headers().get(hsts).is_none(), "no HSTS in development");
    let r = http.get(dev.url("/metrics")).header("x-forwarded-for", "203.0.113.9").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 403, "anyone else, through the proxy");
    drop(dev);

    let mut guarded = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    guarded.set_env("CLOUD__METRICS_TOKEN", "scrape-8f3a1c");
    guarded.start().await;
    for auth in [None, Some("Bearer wrong"), Some("scrape-8f3a1c")] {
        let mut req = http.get(guarded.url("/metrics"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        assert_eq!(req.send().await.unwrap().status().as_u16(), 401, "{auth:?}");
    }
    let r = http.get(guarded.url("/metrics")).bearer_auth("scrape-8f3a1c").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
}
