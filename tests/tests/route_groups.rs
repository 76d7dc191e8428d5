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
