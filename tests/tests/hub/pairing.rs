//! Pairing (E6) across real processes: the cloud, an enrolled hub, and
//! `firmware-sim pair` terminals. The QR flow submits the payload the
//! simulator prints, as the portal's camera would; the code flow types the
//! short code; POS logins; wrong, expired and reused codes; the tariff's
//! terminal limit; revocation within a second; pairing with the cloud away;
//! and a snooper subscribing to `#` on the pairing listener, cut off at once by the gate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use protocol::pairing::{self, PairDown, QrPayload};
use protocol::{TerminalId, topic};
use tests::cloud::{DbKind, Stack};
use tests::{HubProcess, PairingSim, Snooper, can_connect, eventually, logins_refused, on_both_databases};

const WAIT: Duration = Duration::from_secs(30);

async fn cloud_terminal(stack: &Stack, id: TerminalId) -> Option<cloud::branches::store::Terminal> {
    let business = stack.business().await;
    stack.db.terminals(&business, &stack.branch).await.unwrap().into_iter().find(|t| t.id == id.to_string())
}

async fn qr_code_and_snooper(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 801).await else { return };
    stack.hub.start().await;
    // A snooper on the LAN that comes while a technician has pairing open.
    stack.hub.open_pairing();
    let snooper = Snooper::start(stack.hub.pairing_port).await;
    let pair_path = format!("/branches/{}/pair", stack.branch);

    // QR: the test submits the payload the simulator prints, as the page's camera would.
    let a = PairingSim::start(&stack.hub, &dir.path().join("a"), &["--rate", "5"]).await;
    let qr = a.qr().await;
    QrPayload::parse(&qr).expect("the printed QR payload parses");
    let page = stack.portal.post(&pair_path, &[("code", &qr), ("name", "Kassa QR")]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("data-paired"), "{}", page.body);
    assert!(page.body.contains("1/50 POS"), "the answer counts the approval: {}", page.body);
    let a_id = a.paired(WAIT).await;
    eventually(WAIT, "terminal A to sell through the hub", || async { a.acked() > 0 }).await;
    eventually(WAIT, "the cloud to see A paired and online", || async {
        cloud_terminal(&stack, a_id).await.is_some_and(|t| t.paired_at.is_some() && t.online)
    })
    .await;
    let branches = stack.portal.get("/branches").await;
    assert!(branches.body.contains(&format!("data-terminal=\"{a_id}\"")), "{}", branches.body);
    assert!(branches.body.contains("data-pos-state=\"active\""), "A shows Active: {}", branches.body);

    // The short code, typed as a person would (lower case, no dash).
    let b = PairingSim::start(&stack.hub, &dir.path().join("b"), &["--rate", "5"]).await;
    let code = b.code().await;
    // Wait until the hub has forwarded the request (the simulator repeats it every 2 s).
    let typed = code.replace('-', "").to_lowercase();
    let mut page = stack.portal.post(&pair_path, &[("code", &typed)]).await;
    let deadline = Instant::now() + WAIT;
    while page.status == 404 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        page = stack.portal.post(&pair_path, &[("code", &typed)]).await;
    }
    assert_eq!(page.status, 200, "{}", page.body);
    let b_id = b.paired(WAIT).await;
    eventually(WAIT, "terminal B to sell", || async { b.acked() > 0 }).await;

    // Reused, wrong, malformed and forged codes change nothing.
    let terminals_before = stack.db.terminals(&stack.business().await, &stack.branch).await.unwrap().len();
    let reused = stack.portal.post(&pair_path, &[("code", &code)]).await;
    assert_eq!((reused.status, reused.error_code().as_deref()), (409, Some("pair_used")), "{}", reused.body);
    let reused_qr = stack.portal.post(&pair_path, &[("code", &qr)]).await;
    assert_eq!(reused_qr.error_code().as_deref(), Some("pair_used"), "{}", reused_qr.body);
    let wrong = stack.portal.post(&pair_path, &[("code", "ZZZZ-ZZZZ")]).await;
    assert_eq!((wrong.status, wrong.error_code().as_deref()), (404, Some("pair_wrong")), "{}", wrong.body);
    let short = stack.portal.post(&pair_path, &[("code", "ABC")]).await;
    assert_eq!((short.status, short.error_code().as_deref()), (400, Some("pair_code")));
    // Letters of two bytes across the QR prefix's length: a clear error, not a panic.
    for typed in ["ÀÀÀÀÀÀ", "POSPAIRЁ:x", "ABCDEFGЖ"] {
        let odd = stack.portal.post(&pair_path, &[("code", typed)]).await;
        assert_eq!((odd.status, odd.error_code().as_deref()), (400, Some("pair_code")), "{typed}: {}", odd.body);
    }
    // A QR payload whose key is not the one its code was made from.
    let forged = {
        let real = QrPayload::parse(&qr).unwrap();
        let other = pairing::DeviceKey::generate().unwrap().public();
        QrPayload { key: other, ..real }.to_text()
    };
    let bad = stack.portal.post(&pair_path, &[("code", &forged)]).await;
    assert_eq!((bad.status, bad.error_code().as_deref()), (400, Some("pair_bad_qr")), "{}", bad.body);
    // Without a CSRF token, nothing happens either.
    let no_csrf = stack.portal.post_raw(&pair_path, &[("code", "ZZZZ-ZZZZ")]).await;
    assert_eq!(no_csrf.status, 403);
    let terminals_after = stack.db.terminals(&stack.business().await, &stack.branch).await.unwrap().len();
    assert_eq!(terminals_before, terminals_after, "refused attempts bind nothing");

    // Another owner's branch: 404, whatever the code.
    let other = tests::cloud::Portal::new(&stack.cloud);
    other.register(&stack.sms, &tests::cloud::Owner::numbered(802)).await;
    let stranger = other.post(&pair_path, &[("code", &code)]).await;
    assert_eq!(stranger.status, 404);

    // The snooper's `#` got it cut off at once: it saw nothing of either pairing.
    assert!(snooper.cut_off.load(std::sync::atomic::Ordering::SeqCst), "the gate closes a wildcard subscriber");
    let seen = snooper.seen.lock().unwrap().clone();
    assert!(seen.is_empty(), "the snooper saw {} messages", seen.len());
    assert!(stack.hub.metric("hub_gate_refused_total{reason=\"foreign_filter\"}").await >= 1.0);
    for (id, sim) in [(a_id, &a), (b_id, &b)] {
        let offers: Vec<_> = seen
            .iter()
            .filter(|(t, _)| *t == topic::pair_down(id))
            .filter_map(|(_, p)| pairing::decode::<PairDown>(p).ok())
            .collect();
        assert!(offers.is_empty(), "no offer for {id} reached the snooper");
        let credential = sim.credential();
        assert_eq!(credential.terminal, id);
        let secret = credential.secret.as_bytes().to_vec();
        let mac = credential.secret.mac_key().as_bytes().to_vec();
        let password = credential.secret.mqtt_password();
        for (t, payload) in &seen {
            for needle in [&secret, &mac, &password.as_bytes().to_vec()] {
                assert!(!payload.windows(needle.len()).any(|w| w == needle.as_slice()), "secret material on {t}");
            }
        }
        // Try to speak as the new terminal with anything it captured.
        let name = id.to_string();
        let mut guesses: Vec<String> = vec![String::new(), name.clone()];
        for (_, payload) in seen.iter().filter(|(t, _)| t.contains(&name)) {
            use base64::Engine as _;
            guesses.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload));
            for w in payload.windows(32).step_by(8) {
                guesses.push(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(w));
            }
        }
        let refused_before = stack.hub.metric(&logins_refused("bad_password")).await;
        for guess in guesses.iter().take(12) {
            assert!(!can_connect(stack.hub.mqtt_port, &name, &name, guess).await, "logged in as {id} with {guess:?}");
        }
        let tried = guesses.len().min(12) as f64;
        assert!(stack.hub.metric(&logins_refused("bad_password")).await >= refused_before + tried);
        // Meanwhile the terminal itself sells with the real credential.
        assert!(sim.acked() > 0);
    }
    // The snooper cannot reach the terminals' broker at all as itself.
    let me = TerminalId::new().to_string();
    assert!(!can_connect(stack.hub.mqtt_port, &me, pairing::PAIR_USERNAME, "").await);
    drop(snooper);
    stack.hub.stop();
}
on_both_databases!(qr_code_and_snooper);

/// The owner opens the hub's pairing window from the portal, so a code typed
/// there works with no technician at the hub; the portal shows the hub's
/// fingerprint, which the terminal is given; closing in the portal closes
/// the hub; a POS login keeps the window open for an hour, not its whole day.
async fn owner_opens_the_window(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 806).await else { return };
    stack.hub.start().await;
    let base = format!("/branches/{}", stack.branch);
    let window = format!("{base}/pairing-window");
    let open_gauge = "hub_pairing_window_open";

    // The hub tells the cloud its identity; the portal shows its fingerprint.
    let real = stack.hub.fingerprint().await;
    eventually(WAIT, "the portal to show the hub's fingerprint", || async {
        stack.portal.get("/branches").await.body.contains("data-fingerprint")
    })
    .await;
    let shown = stack.portal.get("/branches").await.text_of("data-fingerprint").unwrap();
    assert_eq!(shown, real, "the hub's own fingerprint");
    let page = stack.portal.get("/branches").await;
    assert_eq!(page.attrs("data-window"), vec!["closed".to_owned()], "{}", page.body);
    assert_eq!(stack.hub.metric(open_gauge).await, 0.0, "closed until someone opens it");

    // A terminal given the fingerprint from the portal; nobody opened the window yet.
    let sim = PairingSim::start_trusting(stack.hub.pairing_port, &shown, &dir.path().join("a"), &["--rate", "5"]);
    let typed = sim.code().await;
    let refused = stack.portal.post(&format!("{base}/pair"), &[("code", &typed)]).await;
    assert_eq!(refused.error_code().as_deref(), Some("pair_wrong"), "{}", refused.body);

    // Lengths not offered change nothing.
    for bad in ["7", "abc", "", "-10", "100000000000"] {
        let page = stack.portal.post(&window, &[("minutes", bad)]).await;
        assert_eq!((page.status, page.error_code().as_deref()), (400, Some("pair_window")), "{bad}: {}", page.body);
    }
    assert_eq!(stack.db.pairing_window_of(&stack.business().await, &stack.branch).await.unwrap(), None);
    // Another owner cannot open this branch's window.
    let other = tests::cloud::Portal::new(&stack.cloud);
    other.register(&stack.sms, &tests::cloud::Owner::numbered(807)).await;
    assert_eq!(other.post(&window, &[("minutes", "10")]).await.status, 404);
    assert_eq!(stack.portal.post_raw(&window, &[("minutes", "10")]).await.status, 403, "CSRF");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(stack.hub.metric(open_gauge).await, 0.0, "refused attempts open nothing");

    // The owner opens it for 10 minutes: the hub opens within seconds.
    let opened = stack.portal.post(&window, &[("minutes", "10")]).await;
    assert_eq!(opened.location.as_deref(), Some("/branches"), "{}", opened.body);
    let until = stack.db.pairing_window_of(&stack.business().await, &stack.branch).await.unwrap();
    let until = until.expect("open").0 - protocol::Timestamp::now().0;
    assert!((9 * 60_000..=10 * 60_000).contains(&until), "{until} ms");
    eventually(WAIT, "the hub to open its window", || async { stack.hub.metric(open_gauge).await == 1.0 }).await;
    let page = stack.portal.get("/branches").await;
    assert_eq!(page.attrs("data-window"), vec!["open".to_owned()], "{}", page.body);
    let mut page = stack.portal.post(&format!("{base}/pair"), &[("code", &typed)]).await;
    let deadline = Instant::now() + WAIT;
    while page.status == 404 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        page = stack.portal.post(&format!("{base}/pair"), &[("code", &typed)]).await;
    }
    assert_eq!(page.status, 200, "the typed code pairs once the window is open: {}", page.body);
    sim.paired(WAIT).await;
    eventually(WAIT, "the terminal to sell", || async { sim.acked() > 0 }).await;

    // Closed in the portal: the hub closes within seconds, and a new device is refused.
    let closed = stack.portal.post(&window, &[("minutes", "0")]).await;
    assert_eq!(closed.status, 303);
    eventually(WAIT, "the hub to close its window", || async { stack.hub.metric(open_gauge).await == 0.0 }).await;
    let refused_before = stack.hub.metric(&logins_refused("pairing_closed")).await;
    let late = PairingSim::start_trusting(stack.hub.pairing_port, &real, &dir.path().join("late"), &[]);
    eventually(WAIT, "the closed window to refuse a new device", || async {
        stack.hub.metric(&logins_refused("pairing_closed")).await > refused_before
    })
    .await;
    drop(late);
    assert!(sim.acked() > 0, "the paired terminal sells on, window or not");

    // A POS login good for a day keeps the window open for an hour.
    let issued = stack.portal.post(&format!("{base}/pos-login"), &[]).await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let until = stack.db.pairing_window_of(&stack.business().await, &stack.branch).await.unwrap();
    let until = until.expect("a fresh POS login opens the window").0 - protocol::Timestamp::now().0;
    assert!((59 * 60_000..=60 * 60_000).contains(&until), "{until} ms");
    eventually(WAIT, "the login to open the hub's window", || async { stack.hub.metric(open_gauge).await == 1.0 })
        .await;
    // Closing means closing, the unused login included.
    assert_eq!(stack.portal.post(&window, &[("minutes", "0")]).await.status, 303);
    assert_eq!(stack.db.pairing_window_of(&stack.business().await, &stack.branch).await.unwrap(), None);
    eventually(WAIT, "the hub to close again", || async { stack.hub.metric(open_gauge).await == 0.0 }).await;

    // The card lists the hub; the owner revokes it after a confirmation, and
    // its credential is refused at once (the watch call it holds included).
    let hub_id = stack.portal.get("/branches").await.attrs("data-hub").pop().expect("the card lists its hub");
    let revoke = format!("/hubs/{hub_id}/revoke");
    assert_eq!(other.get(&revoke).await.status, 404, "another owner's hub");
    assert_eq!(other.post(&revoke, &[("confirm", "yes")]).await.status, 404);
    assert_eq!(stack.portal.post(&revoke, &[]).await.location.as_deref(), Some(revoke.as_str()), "asks first");
    let cred = stack.hub_credential();
    assert_eq!(heartbeat(&stack, &cred).await, 200, "not revoked yet");
    let confirm = stack.portal.get(&revoke).await;
    assert!(confirm.body.contains("data-hub-revoke-yes"), "{}", confirm.body);
    let done = stack.portal.post(&revoke, &[("confirm", "yes")]).await;
    assert_eq!(done.location.as_deref(), Some("/branches"), "{}", done.body);
    assert_eq!(heartbeat(&stack, &cred).await, 401, "refused at once");
    assert!(stack.portal.get("/branches").await.attrs("data-hub").is_empty(), "the card no longer lists it");
    assert_eq!(stack.portal.post(&revoke, &[("confirm", "yes")]).await.status, 404, "revoked once");
    let business = stack.business().await;
    let (audit, _) = stack.db.audit_page(Some(&business), 0, 10).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "revoke_hub" && a.detail.contains(&hub_id)), "{audit:?}");
    stack.hub.stop();
}
on_both_databases!(owner_opens_the_window);

/// A sync call with nothing in it, as the hub's credential: its status.
async fn heartbeat(stack: &Stack, credential: &str) -> u16 {
    use protocol::sync::{HubStatus, SYNC_VERSION, SyncRequest};
    let req = SyncRequest {
        version: SYNC_VERSION,
        batch: None,
        config_have: 0,
        terminals: None,
        status: HubStatus::default(),
    };
    stack.post_sync(credential, &req).await.0
}

async fn pos_login_limit_and_revocation(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 803).await else { return };
    // The free tariff: 2 active terminals per branch.
    let (ok, out, err) = stack.cloud.run_command(&["admin", "set-tariff", &stack.owner.phone, "start"]).await;
    assert!(ok, "{out}{err}");
    stack.hub.start().await;
    let base = format!("/branches/{}", stack.branch);

    // POS login: issued once in the portal, typed on the terminal.
    let page = stack.portal.post(&format!("{base}/pos-login"), &[]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let login = page.text_of("data-login").unwrap();
    let password = page.text_of("data-password").unwrap();
    assert_eq!(login.len(), 6);
    // A wrong password is refused, and the terminal says so.
    let mut wrong =
        PairingSim::start(&stack.hub, &dir.path().join("wrong"), &["--login", &login, "--password", "AAAAA-AAAAA"])
            .await;
    assert!(!wrong.exited(WAIT).await, "a wrong POS password fails");
    assert!(wrong.output().contains("refused:"), "{}", wrong.output());
    let first = PairingSim::start(
        &stack.hub,
        &dir.path().join("first"),
        &["--login", &login, "--password", &password.to_lowercase(), "--rate", "5"],
    )
    .await;
    let first_id = first.paired(WAIT).await;
    eventually(WAIT, "the POS-login terminal to sell", || async { first.acked() > 0 }).await;
    // The same login again: refused.
    let mut again =
        PairingSim::start(&stack.hub, &dir.path().join("again"), &["--login", &login, "--password", &password]).await;
    assert!(!again.exited(WAIT).await, "a used POS login fails");
    eventually(WAIT, "the cloud to record the login's terminal", || async {
        cloud_terminal(&stack, first_id).await.is_some_and(|t| t.paired_at.is_some())
    })
    .await;

    // Second terminal by QR: 2/2.
    let second = PairingSim::start(&stack.hub, &dir.path().join("second"), &[]).await;
    let qr = second.qr().await;
    assert_eq!(stack.portal.post(&format!("{base}/pair"), &[("code", &qr)]).await.status, 200);
    let second_id = second.paired(WAIT).await;
    // Third: the clear message at the limit, in the portal, for QR and for POS login.
    let third = PairingSim::start(&stack.hub, &dir.path().join("third"), &[]).await;
    let third_qr = third.qr().await;
    let refused = stack.portal.post(&format!("{base}/pair"), &[("code", &third_qr)]).await;
    assert_eq!((refused.status, refused.error_code().as_deref()), (409, Some("terminal_limit")), "{}", refused.body);
    assert!(refused.shows("2 ta faol POS"), "{}", refused.body);
    let no_login = stack.portal.post(&format!("{base}/pos-login"), &[]).await;
    assert_eq!(no_login.error_code().as_deref(), Some("terminal_limit"));

    // Revocation: confirmation first, then the terminal is cut off within a second.
    let confirm = stack.portal.get(&format!("/terminals/{first_id}/revoke")).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("data-unpair-yes"), "{}", confirm.body);
    let unconfirmed = stack.portal.post(&format!("/terminals/{first_id}/revoke"), &[]).await;
    assert_eq!(unconfirmed.status, 303, "no confirmation, no revocation");
    assert!(cloud_terminal(&stack, first_id).await.unwrap().revoked_at.is_none());
    let kept = first.credential();
    let clicked = Instant::now();
    let done = stack.portal.post(&format!("/terminals/{first_id}/revoke"), &[("confirm", "yes")]).await;
    assert_eq!(done.location.as_deref(), Some("/branches"));
    let (revoked_at, _) = first.line("revoked:", Duration::from_secs(10)).await;
    let took = revoked_at.saturating_duration_since(clicked);
    println!("revocation: portal click to terminal told and cut off in {} ms", took.as_millis());
    assert!(took < Duration::from_secs(1), "revocation took {took:?}");
    let id = kept.terminal.to_string();
    assert!(!can_connect(stack.hub.mqtt_port, &id, &id, &kept.secret.mqtt_password()).await, "refused afterwards");
    assert!(!first.state_dir.join("credential.txt").exists(), "the terminal forgot its credential");
    // A slot is free again: the third terminal can now be approved with a fresh QR.
    let fresh = stack.portal.post(&format!("{base}/pair"), &[("code", &third_qr)]).await;
    assert_eq!(fresh.status, 200, "{}", fresh.body);
    third.paired(WAIT).await;
    assert!(cloud_terminal(&stack, second_id).await.unwrap().revoked_at.is_none());
    stack.hub.stop();
}
on_both_databases!(pos_login_limit_and_revocation);

async fn pairing_without_the_cloud(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 804).await else { return };
    let (ok, out, err) = stack.cloud.run_command(&["admin", "set-tariff", &stack.owner.phone, "start"]).await;
    assert!(ok, "{out}{err}");
    stack.hub.set_env("EDGE_HUB__PAIRING__TECHNICIAN_PIN", "24681012");
    stack.hub.start().await;
    // The hub learns the limit (2) while the cloud is up, then the internet goes.
    let business = stack.business().await;
    eventually(WAIT, "the hub to sync once", || async {
        stack.db.branch(&business, &stack.branch).await.unwrap().last_sync_at.is_some()
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    stack.cloud.stop();

    // A technician pairs on the hub's own page with the PIN, no internet at
    // all. First the pairing window: closed until the PIN opens it.
    let client = reqwest::Client::new();
    let page = client.get(stack.hub.url("/pair")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("data-window=closed"), "{page}");
    let window_csrf = form_token(&page, "/pair/window");
    let open_window = |pin: &str| {
        let form = [("action", "open"), ("minutes", "10"), ("pin", pin), ("csrf", window_csrf.as_str())];
        client.post(stack.hub.url("/pair/window")).form(&form).send()
    };
    let refused = open_window("99999999").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("data-window=closed"));
    let opened = open_window("24681012").await.unwrap();
    assert_eq!(opened.status(), 200);
    let opened = opened.text().await.unwrap();
    assert!(opened.contains("data-window=open") && opened.contains("Pairing open until"), "{opened}");
    let fingerprint = stack.hub.fingerprint().await;
    let tech =
        PairingSim::start_trusting(stack.hub.pairing_port, &fingerprint, &dir.path().join("tech"), &["--rate", "5"]);
    let code = tech.code().await;
    let csrf = form_token(&page, "/pair");
    let post = |pin: &str, code: &str| {
        let form = [("code", code), ("name", "Kassa Texnik"), ("pin", pin), ("csrf", csrf.as_str())];
        client.post(stack.hub.url("/pair")).form(&form).send()
    };
    // Without the page's token, or from another site's page, nothing happens.
    let forged = client
        .post(stack.hub.url("/pair"))
        .form(&[("code", code.as_str()), ("name", "X"), ("pin", "24681012")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let cross = client
        .post(stack.hub.url("/pair"))
        .header("origin", "http://evil.example")
        .form(&[("code", code.as_str()), ("name", "X"), ("pin", "24681012"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), 403);
    let rebound = client.get(stack.hub.url("/pair")).header("host", "attacker.example").send().await.unwrap();
    assert_eq!(rebound.status(), 421, "a DNS-rebinding name is refused");
    let bad_pin = post("00000000", &code).await.unwrap();
    assert_eq!(bad_pin.status(), 403);
    let mut ok = post("24681012", &code).await.unwrap();
    let deadline = Instant::now() + WAIT;
    while ok.status() == 422 && Instant::now() < deadline {
        // The request has not reached the hub yet.
        tokio::time::sleep(Duration::from_millis(200)).await;
        ok = post("24681012", &code).await.unwrap();
    }
    let status = ok.status();
    let body = ok.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("data-result=paired"), "{body}");
    let tech_id = tech.paired(WAIT).await;
    eventually(WAIT, "the technician's terminal to sell offline", || async { tech.acked() > 0 }).await;
    let wrong = post("24681012", "ZZZZ-ZZZZ").await.unwrap();
    assert_eq!(wrong.status(), 422);

    // A terminal that boots while the hub is cut off from the cloud: its request waits at the hub.
    let late = PairingSim::start(&stack.hub, &dir.path().join("late"), &["--rate", "5"]).await;
    let late_code = late.code().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    stack.cloud.start().await;
    // The binding made offline syncs up and counts against the limit.
    eventually(WAIT, "the cloud to learn of the technician's terminal", || async {
        cloud_terminal(&stack, tech_id).await.is_some_and(|t| t.paired_at.is_some())
    })
    .await;
    let page = stack.portal.get("/branches").await;
    assert!(page.body.contains("1/2 POS"), "{}", page.body);
    // The owner types the late terminal's code: the waiting request was forwarded.
    let path = format!("/branches/{}/pair", stack.branch);
    let mut approved = stack.portal.post(&path, &[("code", &late_code)]).await;
    let deadline = Instant::now() + WAIT;
    while approved.status == 404 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        approved = stack.portal.post(&path, &[("code", &late_code)]).await;
    }
    assert_eq!(approved.status, 200, "{}", approved.body);
    late.paired(WAIT).await;
    // 2/2 now: one more is refused.
    let third = PairingSim::start(&stack.hub, &dir.path().join("third"), &[]).await;
    let third_qr = third.qr().await;
    let refused = stack.portal.post(&path, &[("code", &third_qr)]).await;
    assert_eq!(refused.error_code().as_deref(), Some("terminal_limit"), "{}", refused.body);
    stack.hub.stop();
}
on_both_databases!(pairing_without_the_cloud);

async fn expired_codes(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 805).await else { return };
    stack.hub.start().await;
    let path = format!("/branches/{}/pair", stack.branch);
    // A terminal whose code lives 3 s.
    let sim = PairingSim::start(&stack.hub, &dir.path().join("short"), &["--code-ttl", "3"]).await;
    let (first_at, old_code) = sim.line("Code:", WAIT).await;
    let pool = stack.db.pool.clone();
    let branch = stack.branch.clone();
    eventually(WAIT, "the request to reach the cloud", || async {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pairing_requests WHERE branch_id = $1 AND code = $2")
            .bind(&branch)
            .bind(old_code.replace('-', ""))
            .fetch_one(&pool)
            .await
            .unwrap();
        n == 1
    })
    .await;
    // Wait for the simulator to show a new code: the old one has expired.
    let deadline = Instant::now() + WAIT;
    let new_code = loop {
        let (at, code) = sim.line("Code:", WAIT).await;
        if at > first_at && code != old_code {
            break code;
        }
        assert!(Instant::now() < deadline, "no new code after expiry");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let expired = stack.portal.post(&path, &[("code", &old_code)]).await;
    assert_eq!((expired.status, expired.error_code().as_deref()), (410, Some("pair_expired")), "{}", expired.body);
    assert!(!new_code.is_empty());
    stack.hub.stop();
}
on_both_databases!(expired_codes);

/// The technician approves `code` on `hub`'s own page with `pin`, retrying
/// while the terminal's request has not reached the hub (422); the answer.
/// The CSRF token of the form on `page` that posts to `action`.
fn form_token(page: &str, action: &str) -> String {
    let form = page.split(&format!("action={action}>")).nth(1).unwrap();
    form.split("name=csrf value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap().to_owned()
}

async fn technician_approves(hub: &HubProcess, pin: &str, code: &str) -> (u16, String) {
    let client = reqwest::Client::new();
    let page = client.get(hub.url("/pair")).send().await.unwrap().text().await.unwrap();
    let csrf = form_token(&page, "/pair");
    let deadline = Instant::now() + WAIT;
    loop {
        let form = [("code", code), ("name", "Kassa"), ("pin", pin), ("csrf", csrf.as_str())];
        let answer = client.post(hub.url("/pair")).form(&form).send().await.unwrap();
        let status = answer.status().as_u16();
        if status != 422 || Instant::now() > deadline {
            return (status, answer.text().await.unwrap());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A rogue hub on the LAN, reached by a terminal told the real hub's
/// identity: its technician "pairs" the terminal, but the terminal ignores
/// the answer, says so, and stays unpaired; a terminal told nothing, or
/// nonsense, does not pair at all.
#[tokio::test]
async fn a_rogue_hub_captures_no_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut real = HubProcess::new(&dir.path().join("real"));
    let mut rogue = HubProcess::new(&dir.path().join("rogue"));
    for hub in [&mut real, &mut rogue] {
        hub.set_env("EDGE_HUB__PAIRING__TECHNICIAN_PIN", "24681012");
        hub.start().await;
    }
    let (trusted, rogue_id) = (real.fingerprint().await, rogue.fingerprint().await);
    assert_ne!(trusted, rogue_id, "every hub makes its own identity");
    let page = reqwest::get(real.url("/")).await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("<code data-hub-fingerprint>{trusted}</code>")), "{page}");
    let printed = real.run_command(&["identity"]).await;
    assert!(printed.starts_with(&format!("fingerprint {trusted}\n")), "the CLI shows the same identity: {printed}");

    rogue.open_pairing();
    let sim = PairingSim::start_trusting(rogue.pairing_port, &trusted, &dir.path().join("t"), &[]);
    let code = sim.code().await;
    let (status, body) = technician_approves(&rogue, "24681012", &code).await;
    assert_eq!(status, 200, "the rogue hub believes it paired the terminal: {body}");
    let (_, said) = sim.line("ignored an answer from hub ", WAIT).await;
    assert_eq!(said, format!("{rogue_id}, not the trusted one"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(!sim.output().contains("paired:"), "{}", sim.output());
    assert!(!sim.state_dir.join("credential.txt").exists(), "no credential from a rogue hub");

    // A terminal pointed at the real hub pairs there: its answers open.
    let honest = PairingSim::start(&real, &dir.path().join("honest"), &[]).await;
    let code = honest.code().await;
    assert_eq!(technician_approves(&real, "24681012", &code).await.0, 200);
    honest.paired(WAIT).await;

    // No identity, or one that is not a fingerprint: a clear error, no pairing.
    for (name, id) in [("none", None), ("nonsense", Some("not-a-hub"))] {
        let mut sim = match id {
            Some(id) => PairingSim::start_trusting(real.pairing_port, id, &dir.path().join(name), &[]),
            None => PairingSim::start_without_identity(real.pairing_port, &dir.path().join(name)),
        };
        assert!(!sim.exited(WAIT).await, "{name}: pairing without the hub's identity fails");
        assert!(sim.output().contains("fingerprint"), "{name}: {}", sim.output());
    }
    real.stop();
    rogue.stop();
}

/// A watch call as `credential` reporting `pending` and `paired`: the
/// config it gets back.
async fn watch_call(
    stack: &Stack,
    credential: &str,
    pending: Vec<protocol::sync::PendingPairing>,
    paired: Vec<protocol::sync::PairedReport>,
) -> protocol::sync::HubConfig {
    use protocol::sync::{WATCH_VERSION, WatchRequest, WatchResponse};
    let req = WatchRequest {
        version: WATCH_VERSION,
        config_have: 0,
        wait_ms: 0,
        pending,
        paired,
        online: Vec::new(),
        hub_key: None,
    };
    let (status, body) = stack.post_hub_call("/api/v1/watch", credential, postcard::to_stdvec(&req).unwrap()).await;
    assert_eq!(status, 200);
    let answer: WatchResponse = postcard::from_bytes(&body).unwrap();
    answer.config.expect("a fresh config")
}

/// A watch call as `credential` reporting `paired`.
async fn report_paired(
    stack: &Stack,
    credential: &str,
    paired: Vec<protocol::sync::PairedReport>,
) -> protocol::sync::HubConfig {
    watch_call(stack, credential, Vec::new(), paired).await
}

/// The tariff's terminal limit holds in the cloud too, whatever a hub
/// reports: terminals a hub paired on its own past the limit are recorded
/// revoked and every hub of the branch is told to refuse them.
async fn cloud_counts_hub_reported_terminals(kind: DbKind) {
    use protocol::sync::{PairedReport, PairedVia};
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 806).await else { return };
    let (ok, out, err) = stack.cloud.run_command(&["admin", "set-tariff", &stack.owner.phone, "start"]).await;
    assert!(ok, "{out}{err}");
    let credential = stack.hub_credential();
    let ids: Vec<TerminalId> = (0..4).map(|_| TerminalId::new()).collect();
    let report =
        |id: TerminalId| PairedReport { device: id, via: PairedVia::Technician, at: protocol::Timestamp::now() };
    // Two terminals: within the limit of 2.
    let config = report_paired(&stack, &credential, vec![report(ids[0]), report(ids[1])]).await;
    assert_eq!(config.terminals.iter().filter(|t| !t.revoked).count(), 2);
    assert_eq!(config.limits.max_terminals, 2);
    // A third and a fourth, as another hub of the branch would report them
    // after pairing them against its own count.
    let config = report_paired(&stack, &credential, vec![report(ids[2]), report(ids[3])]).await;
    let revoked: Vec<_> = config.terminals.iter().filter(|t| t.revoked).map(|t| t.id).collect();
    assert_eq!(revoked.len(), 2, "{config:?}");
    assert!(revoked.contains(&ids[2]) && revoked.contains(&ids[3]));
    for id in &ids[..2] {
        assert!(cloud_terminal(&stack, *id).await.unwrap().revoked_at.is_none());
    }
    // The card counts two, and the same report again changes nothing.
    let card = stack.portal.get("/branches").await;
    assert!(card.body.contains("2/2 POS"), "{}", card.body);
    let again = report_paired(&stack, &credential, vec![report(ids[2])]).await;
    assert_eq!(again.terminals.iter().filter(|t| !t.revoked).count(), 2);
}
on_both_databases!(cloud_counts_hub_reported_terminals);

/// A pairing flood at one shop costs the cloud a bounded amount: of 100
/// devices asking at once, the cloud computes codes (an Argon2id run each)
/// for at most 32 per call and 60 per minute; the others wait. Requests
/// long expired are pruned.
async fn pairing_flood_is_bounded(kind: DbKind) {
    use protocol::sync::PendingPairing;
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 808).await else { return };
    let credential = stack.hub_credential();
    let now = protocol::Timestamp::now();
    let devices = |n: usize| -> Vec<PendingPairing> {
        (0..n)
            .map(|_| PendingPairing {
                device: TerminalId::new(),
                key: protocol::pairing::DeviceKey::generate().unwrap().public(),
                first_seen: now,
                expires_at: protocol::Timestamp(now.0 + 120_000),
            })
            .collect()
    };
    let flood = devices(100);
    let pool = &stack.db;
    let requests = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pairing_requests").fetch_one(&pool.pool).await.unwrap()
    };
    watch_call(&stack, &credential, flood.clone(), Vec::new()).await;
    assert_eq!(requests().await, 32, "32 per call");
    // Four calls at once (two hubs of the branch, two cloud instances) take
    // turns on the branch's budget: together they get the 28 left.
    let floods: Vec<Vec<PendingPairing>> = (0..4).map(|_| devices(40)).collect();
    let call = |i: usize| watch_call(&stack, &credential, floods[i].clone(), Vec::new());
    tokio::join!(call(0), call(1), call(2), call(3));
    assert_eq!(requests().await, 60, "60 a minute for the branch, whoever asks");
    watch_call(&stack, &credential, flood.clone(), Vec::new()).await;
    assert_eq!(requests().await, 60);

    // A request two hours past its expiry goes at the next call.
    sqlx::query("UPDATE pairing_requests SET expires_at = $1 WHERE device_id = $2")
        .bind(now.0 - 7_200_000)
        .bind(flood[0].device.to_string())
        .execute(&pool.pool)
        .await
        .unwrap();
    watch_call(&stack, &credential, Vec::new(), Vec::new()).await;
    assert_eq!(requests().await, 59);
}
on_both_databases!(pairing_flood_is_bounded);

/// The owner replaces a hub (a new box, or a new credential for the same
/// one): the old credential works until a hub enrols with the replacement
/// code, and is refused from that moment; another owner cannot; the audit
/// log says which hub replaced which.
async fn a_hub_is_replaced(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(stack) = Stack::new(kind, dir.path(), 809).await else { return };
    let old = stack.hub_credential();
    let hub_id = stack.portal.get("/branches").await.attrs("data-hub").pop().expect("the card lists its hub");
    let replace = format!("/hubs/{hub_id}/replace");
    let other = tests::cloud::Portal::new(&stack.cloud);
    other.register(&stack.sms, &tests::cloud::Owner::numbered(810)).await;
    assert_eq!(other.post(&replace, &[("confirm", "yes")]).await.status, 404, "another owner's hub");
    assert!(stack.portal.get(&format!("/hubs/{hub_id}/revoke")).await.body.contains("data-hub-replace-yes"));
    let issued = stack.portal.post(&replace, &[("confirm", "yes")]).await;
    assert_eq!(issued.status, 200, "{}", issued.body);
    let code = issued.text_of("data-enrolment-code").expect("a code");
    assert!(issued.text_of("data-replaces").unwrap().contains("test-hub"), "{}", issued.body);
    assert_eq!(heartbeat(&stack, &old).await, 200, "the old credential works until the new hub enrols");

    // The same box enrols again with the code: a new credential, the old one refused.
    let out = tokio::process::Command::from(stack.hub.command(&[
        "enroll",
        "--cloud",
        &stack.cloud.base(),
        "--code",
        &code,
        "--name",
        "new-hub",
        "--force",
    ]))
    .output()
    .await
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let new = stack.hub_credential();
    assert_ne!(new, old);
    assert_eq!(heartbeat(&stack, &old).await, 401, "retired");
    assert_eq!(heartbeat(&stack, &new).await, 200);
    let listed = stack.portal.get("/branches").await.attrs("data-hub");
    assert_eq!(listed.len(), 1, "only the new hub is listed");
    assert_ne!(listed[0], hub_id);
    let business = stack.business().await;
    let (audit, _) = stack.db.audit_page(Some(&business), 0, 10).await.unwrap();
    assert!(
        audit.iter().any(|a| a.action == "revoke_hub" && a.detail.contains(&hub_id) && a.detail.contains("replaced")),
        "{audit:?}"
    );
    // A replacement code for a hub already gone is refused.
    assert_eq!(stack.portal.post(&replace, &[("confirm", "yes")]).await.status, 404);
}
on_both_databases!(a_hub_is_replaced);
