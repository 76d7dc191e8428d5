//! Revocation and login refusal, against a real hub process over TCP MQTT.
//! Two terminals that are connected and selling (one raw MQTT client, one
//! simulated firmware) are revoked with the CLI while the hub runs: within
//! 1 s of the command returning each is told `Revoked` and/or loses its
//! connection, neither can log in again, `edge-hub terminal list` shows them
//! revoked, a replay of a revoked terminal's message on its topic is cut off
//! at the gate,
//! everything they had acked stays stored, and another terminal sells on
//! unaffected. Unknown terminals, wrong passwords and client id ≠ username
//! are refused at login and counted by reason, without disturbing the live
//! session of the terminal whose id was tried.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use protocol::{HubMessage, TerminalId, TerminalSecret, topic};
use tests::{Down, HubProcess, RawTerminal, Seller, can_connect, deltas, logins_refused, open_store, order};

/// The functional bound: a revoked terminal is cut off this soon after the command returns.
const CUT_OFF: Duration = Duration::from_secs(1);

/// The `terminal list` state word printed for `id`.
fn listed_state(list: &str, id: TerminalId) -> String {
    let line =
        list.lines().find(|l| l.starts_with(&id.to_string())).unwrap_or_else(|| panic!("{id} not listed:\n{list}"));
    line.split_whitespace().nth(1).unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoked_terminals_are_cut_off_and_bad_logins_refused() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(dir.path());
    let creds = hub.provision(5);
    let [raw_victim, sim_victim, bystander, other, spare] = <[_; 5]>::try_from(creds).unwrap();
    hub.start().await;
    let port = hub.mqtt_port;

    // Everyone sells.
    let seller = Seller::start("127.0.0.1", port, &bystander, None, Duration::from_millis(20));
    let sim = Seller::start("127.0.0.1", port, &sim_victim, None, Duration::from_millis(20));
    let mut v = RawTerminal::connect(port, &raw_victim).await;
    let mut v_acked = Vec::new();
    for _ in 0..5 {
        v_acked.push(v.sell(&order(1_000)).await);
    }
    let captured_seq = v.take_seq();
    let captured = v.seal(captured_seq, &order(1_000)); // a genuine message of V's, seen on the wire
    v.publish(captured.clone()).await;
    assert_eq!(v.acks_until(captured_seq).await.len(), 1);
    v_acked.push(captured_seq);
    let mut x = RawTerminal::connect(port, &other).await;
    x.sell(&order(1_000)).await;
    seller.acked_beyond(5, Duration::from_secs(10)).await;
    sim.acked_beyond(5, Duration::from_secs(10)).await;

    // Revoke the raw client with the CLI while the hub runs.
    let command_started = Instant::now();
    let out = hub.run_command(&["terminal", "revoke", &raw_victim.terminal.to_string()]).await;
    let returned = Instant::now();
    assert!(out.contains("revoked"), "{out}");
    let (closed_at, before_close) = v.closed(Duration::from_secs(5)).await;
    let closed_at = closed_at.expect("the revoked terminal's connection must be closed");
    let told = before_close.iter().any(|(_, d)| matches!(d, Down::Hub(HubMessage::Revoked)));
    println!(
        "raw victim: command took {:?}; told Revoked: {told}; connection closed {:?} after the command returned",
        returned - command_started,
        closed_at.saturating_duration_since(returned)
    );
    // Whether or not `Revoked` got through first, the session is gone within the bound.
    assert!(
        closed_at.saturating_duration_since(returned) <= CUT_OFF,
        "connection closed {:?} after the command returned",
        closed_at.saturating_duration_since(returned)
    );
    assert!(
        before_close.iter().all(|(_, d)| matches!(d, Down::Hub(HubMessage::Revoked))),
        "only Revoked may arrive: {before_close:?}"
    );

    // Revoke the simulated terminal while it sells: within the bound it is
    // told `Revoked` (its engine then stops) and/or loses its connection.
    let sim_acked_before = sim.acked();
    hub.run_command(&["terminal", "revoke", &sim_victim.terminal.to_string()]).await;
    let returned = Instant::now();
    let cut_off = async || sim.state.revoked.load(Ordering::Relaxed) || !sim.state.connected.load(Ordering::Relaxed);
    let deadline = returned + Duration::from_secs(5);
    while !cut_off().await && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let cut_after = returned.elapsed();
    assert!(cut_off().await, "the simulated terminal was neither told nor disconnected");
    assert!(cut_after <= CUT_OFF, "the simulated terminal was cut off {cut_after:?} after the command returned");
    // Not told, it keeps retrying its login until stopped here; told, its engine has stopped itself.
    let sim_told = sim.state.revoked.load(Ordering::Relaxed);
    let sim_report = sim.finish_within(Duration::from_secs(1)).await;
    println!(
        "sim victim: cut off {cut_after:?} after the command returned; told Revoked: {sim_told}; {:?}",
        sim_report.result
    );
    if sim_told {
        assert_eq!(sim_report.result, Err("the hub revoked this terminal".to_owned()));
    }
    assert!(sim_report.acked >= sim_acked_before);

    // Neither can log in again; each attempt is counted as `revoked`.
    let before = hub.counters().await;
    let logins_before = hub.metric(&logins_refused("revoked")).await;
    for cred in [&raw_victim, &sim_victim] {
        let id = cred.terminal.to_string();
        assert!(!can_connect(port, &id, &id, &cred.secret.mqtt_password()).await, "revoked {id} logged in");
    }
    assert_eq!(hub.metric(&logins_refused("revoked")).await - logins_before, 2.0);

    // A replay of a revoked terminal's genuine message, by someone else on
    // the revoked terminal's topic, is cut off at the gate: nothing of it
    // reaches ingest, and the other terminal's own session is untouched.
    let mut intruder = RawTerminal::connect(port, &spare).await;
    intruder.publish_on(&topic::up(raw_victim.terminal), captured).await;
    match intruder.recv(Duration::from_secs(10)).await {
        Some((_, tests::Down::Closed(_))) => {}
        other => panic!("a replay on the revoked terminal's topic must close the connection, got {other:?}"),
    }
    x.sell(&order(1_000)).await;
    assert_eq!(hub.counters().await.rejected_since(&before), deltas(&[]));

    // The list shows them revoked, the others not.
    let list = hub.run_command(&["terminal", "list"]).await;
    assert_eq!(listed_state(&list, raw_victim.terminal), "revoked", "{list}");
    assert_eq!(listed_state(&list, sim_victim.terminal), "revoked", "{list}");
    assert_eq!(listed_state(&list, bystander.terminal), "connected", "{list}");
    assert_eq!(listed_state(&list, spare.terminal), "active", "{list}");

    // Login refusals, by reason.
    let refused = async |reason| hub.metric(&logins_refused(reason)).await;
    let (unknown0, password0, identity0) =
        (refused("unknown_terminal").await, refused("bad_password").await, refused("identity_mismatch").await);
    let stranger = TerminalId::new().to_string();
    let stranger_pass = TerminalSecret::generate().unwrap().mqtt_password();
    assert!(!can_connect(port, &stranger, &stranger, &stranger_pass).await, "unknown terminal logged in");
    let x_id = other.terminal.to_string();
    let wrong = TerminalSecret::generate().unwrap().mqtt_password();
    assert!(!can_connect(port, &x_id, &x_id, &wrong).await, "wrong password accepted");
    assert!(!can_connect(port, &x_id, &x_id, "").await, "empty password accepted");
    let x_pass = other.secret.mqtt_password();
    assert!(!can_connect(port, &stranger, &x_id, &x_pass).await, "client id ≠ username accepted");
    assert!(!can_connect(port, &x_id, &stranger, &x_pass).await, "client id ≠ username accepted");
    assert_eq!(refused("unknown_terminal").await - unknown0, 1.0);
    assert_eq!(refused("bad_password").await - password0, 2.0);
    assert_eq!(refused("identity_mismatch").await - identity0, 2.0);
    // The right credential does log in (so the refusals above are about the credential)…
    let spare_id = spare.terminal.to_string();
    assert!(can_connect(port, &spare_id, &spare_id, &spare.secret.mqtt_password()).await);
    // …and failed logins under X's id did not disturb X's live session.
    x.sell(&order(1_000)).await;
    assert!(x.recv(Duration::ZERO).await.is_none(), "X's session was disturbed");

    // The bystander sold on throughout and has everything acked.
    let acked = seller.acked();
    seller.acked_beyond(acked, Duration::from_secs(10)).await;
    assert!(hub.healthy().await);
    let report = seller.finish().await;
    report.assert_all_acked(bystander.terminal);
    hub.stop();

    // What the revoked terminals had acked is still stored.
    let store = open_store(dir.path());
    let seen: HashSet<(TerminalId, u64)> = store.all_seen().unwrap().into_iter().collect();
    for seq in &v_acked {
        assert!(seen.contains(&(raw_victim.terminal, *seq)), "raw victim's acked seq {seq} lost");
    }
    assert_eq!(seen.iter().filter(|(t, _)| *t == raw_victim.terminal).count(), v_acked.len());
    for seq in &sim_report.acked_seqs {
        assert!(seen.contains(&(sim_victim.terminal, *seq)), "sim victim's acked seq {seq} lost");
    }
    // (Markers far below a terminal's newest are pruned: store/seen.rs.)
    let newest = store.max_seen(bystander.terminal).unwrap().unwrap_or(0);
    for seq in report.acked_seqs.iter().filter(|s| *s + edge_hub::store::SEEN_WINDOW >= newest) {
        assert!(seen.contains(&(bystander.terminal, *seq)), "bystander's acked seq {seq} lost");
    }
    println!(
        "revocation: raw victim {} acked, sim victim {} acked, bystander {} acked, {:?}",
        v_acked.len(),
        sim_report.acked,
        report.acked,
        started.elapsed()
    );
}
