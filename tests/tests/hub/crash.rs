//! Crash safety (E2, E3): 20 terminals sell against a hub process that is
//! SIGKILLed at random moments and restarted. At the end every event any
//! terminal saw acked is in sled exactly once, and every event was acked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Duration;

use edge_hub::store::SEEN_WINDOW;
use firmware_sim::{LoadConfig, load};
use protocol::{EntityKey, TerminalId};
use rand::Rng;
use tests::{HubProcess, open_store};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkilled_hub_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(dir.path());
    let credentials = hub.provision(20);
    hub.start().await;

    let mut config = LoadConfig::new("127.0.0.1", hub.mqtt_port, credentials.clone());
    config.rate = 1_500.0;
    config.duration = Duration::from_secs(24);
    config.drain = Duration::from_secs(90);
    config.record_acks = true;
    config.window = 32;
    let load = tokio::spawn(load::run(config, |_| {}));

    // Kill at random moments while they sell, at least five times.
    let mut rng = rand::rng();
    let mut kills = 0;
    tokio::time::sleep(Duration::from_secs(2)).await;
    while kills < 6 {
        tokio::time::sleep(Duration::from_millis(rng.random_range(800..3_000))).await;
        hub.kill9();
        kills += 1;
        tokio::time::sleep(Duration::from_millis(rng.random_range(50..900))).await;
        hub.start().await;
    }
    let report = load.await.unwrap().unwrap();
    println!("{}", report.summary());
    hub.stop();

    // Every event was eventually acked: nothing pending, nothing refused.
    for t in &report.terminals {
        assert_eq!(t.error, None, "terminal {} stopped", t.terminal);
        assert_eq!(t.pending, 0, "terminal {} has unacked events", t.terminal);
        assert_eq!(t.rejected, 0);
        assert_eq!(t.acked, t.recorded);
    }
    assert!(report.acked() > 10_000, "too little traffic to mean anything: {}", report.acked());
    assert!(hub.starts() >= 6);

    let acked: HashSet<(TerminalId, u64)> =
        report.terminals.iter().flat_map(|t| t.acked_seqs.iter().map(move |s| (t.terminal, *s))).collect();
    assert_eq!(acked.len() as u64, report.acked(), "a seq was acked twice to a terminal");

    let store = open_store(dir.path());
    // Every acked (terminal, seq) is recorded (but for markers far below the
    // terminal's newest, which the hub prunes)…
    let seen: HashSet<(TerminalId, u64)> = store.all_seen().unwrap().into_iter().collect();
    let kept = |(t, s): &&(TerminalId, u64)| store.max_seen(*t).unwrap().is_some_and(|m| s + SEEN_WINDOW >= m);
    let missing: Vec<_> = acked.difference(&seen).filter(kept).take(5).collect();
    assert!(missing.is_empty(), "acked but not in sled: {missing:?}");
    // …and queued for the cloud exactly once.
    let outbox = store.outbox(0, usize::MAX).unwrap();
    let mut counts: HashMap<(TerminalId, u64), u32> = HashMap::new();
    for (_, entry) in &outbox {
        *counts.entry((entry.terminal, entry.seq)).or_default() += 1;
    }
    let doubled: Vec<_> = counts.iter().filter(|(_, n)| **n > 1).take(5).collect();
    assert!(doubled.is_empty(), "queued twice: {doubled:?}");
    let queued: HashSet<_> = counts.keys().copied().collect();
    assert_eq!(queued, acked, "the outbox must hold exactly the acked events");

    // The entity state is the newest version each terminal sent.
    let mut newest: BTreeMap<EntityKey, &protocol::EventBody> = BTreeMap::new();
    for (_, entry) in &outbox {
        let key = entry.event.key();
        if newest.get(&key).is_none_or(|held| entry.event.version() > held.version()) {
            newest.insert(key, &entry.event);
        }
    }
    for (key, event) in newest {
        assert_eq!(store.entity(&key).unwrap().as_ref(), Some(event), "stale entity {key:?}");
    }
    println!("kills={kills} acked={} outbox={}", acked.len(), outbox.len());
}
