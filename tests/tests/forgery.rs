//! Forgery (envelope authentication end to end): against a real hub process
//! over TCP MQTT, envelopes that claim terminal A but are MAC'd with B's key
//! or a random key, a B-claimed envelope on A's topic, and a hub-direction
//! envelope sent upward are each refused with their exact reason
//! (`bad_mac`, `topic_mismatch`, `wrong_direction`), answered with nothing,
//! and never stored; a third party replaying A's genuine bytes creates no
//! duplicate. A keeps selling normally throughout and afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::HashSet;
use std::time::{Duration, Instant};

use firmware_sim::{Outbox, Terminal, TerminalOptions};
use protocol::{Direction, Envelope, TerminalMessage, TerminalSecret, topic};
use tests::{ACCEPTED, HubProcess, RawTerminal, deltas, mentions, open_store, order, seal_event};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_envelopes_are_refused_and_never_stored() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(dir.path());
    let creds = hub.provision(2);
    let (cred_a, cred_b) = (creds[0].clone(), creds[1].clone());
    hub.start().await;

    let mut a = RawTerminal::connect(hub.mqtt_port, &cred_a).await;
    let mut b = RawTerminal::connect(hub.mqtt_port, &cred_b).await;
    let a_topic = topic::up(a.id());

    // A sells; these are the only events of A that may end up stored.
    let mut a_stored = Vec::new();
    let first = order(1_000);
    let first_seq = a.sell(&first).await;
    let first_bytes = a.seal(first_seq, &first);
    a_stored.push(first_seq);
    let mut forged = Vec::new();

    // (a) A's own session publishes A's event MAC'd with B's key.
    let before = hub.counters().await;
    let event = order(2_000);
    let seq = a.take_seq();
    a.publish(seal_event(&cred_b.secret.mac_key(), a.id(), seq, &event)).await;
    forged.push((seq, event));
    let barrier = a.sell(&order(1_000)).await; // asserts nothing but this ack came back
    a_stored.push(barrier);
    let after = hub.counters().await;
    assert_eq!(after.rejected_since(&before), deltas(&[("bad_mac", 1.0)]), "(a) B's key on A's event");
    assert_eq!(after.rose(&before, ACCEPTED), 1.0, "(a) only the barrier event was stored");

    // (b) A's valid event re-MAC'd with a random key.
    let before = hub.counters().await;
    let event = order(3_000);
    let seq = a.take_seq();
    let random_key = TerminalSecret::generate().unwrap().mac_key();
    a.publish(seal_event(&random_key, a.id(), seq, &event)).await;
    forged.push((seq, event));
    a_stored.push(a.sell(&order(1_000)).await);
    let after = hub.counters().await;
    assert_eq!(after.rejected_since(&before), deltas(&[("bad_mac", 1.0)]), "(b) random key");
    assert_eq!(after.rose(&before, ACCEPTED), 1.0);

    // (c) B, logged in as B, publishes on A's topic (the broker has no ACL, so
    // the hub is what must refuse it).
    let before = hub.counters().await;
    // (c1) B's own honest envelope, but on A's topic: the claim and the topic disagree.
    let b_event = order(4_000);
    let b_seq = b.take_seq();
    b.publish_on(&a_topic, b.seal(b_seq, &b_event)).await;
    // (c2) an envelope claiming to be A's, MAC'd with B's key.
    let event = order(5_000);
    let seq = a.take_seq();
    b.publish_on(&a_topic, seal_event(&cred_b.secret.mac_key(), a.id(), seq, &event)).await;
    forged.push((seq, event));
    // B's barrier on its own topic: B's messages are checked in the order B sent them.
    let b_barrier = b.send(&order(1_000)).await;
    let b_acks = b.acks_until(b_barrier).await;
    assert!(!b_acks.iter().any(|ack| mentions(ack, b_seq)), "B was answered about its misplaced event: {b_acks:?}");
    let after = hub.counters().await;
    assert_eq!(after.rejected_since(&before), deltas(&[("topic_mismatch", 1.0), ("bad_mac", 1.0)]), "(c)");
    assert_eq!(after.rose(&before, ACCEPTED), 1.0, "(c) only B's barrier was stored");
    // And A heard nothing about any of it (its next ack is only for its own next event).
    a_stored.push(a.sell(&order(1_000)).await);

    // (c3) B replays A's genuine bytes on A's topic: authentic, so it is a
    // replay, acked again to A, and not stored a second time.
    let before = hub.counters().await;
    b.publish_on(&a_topic, first_bytes).await;
    let barrier = b.send(&order(1_000)).await;
    b.acks_until(barrier).await;
    let after = hub.counters().await;
    assert_eq!(after.rejected_since(&before), deltas(&[("replay", 1.0)]), "(c3)");
    assert_eq!(after.rose(&before, ACCEPTED), 1.0, "(c3) only B's barrier was stored");
    let a_barrier = a.send(&order(1_000)).await;
    let acks = a.acks_until(a_barrier).await;
    assert!(acks.iter().any(|ack| ack.accepted.contains(&first_seq)), "the replay is acked again to A: {acks:?}");
    assert!(acks.iter().all(|ack| ack.rejected.is_empty()));
    a_stored.push(a_barrier);

    // (d) A hub-direction envelope, MAC'd with A's real key, published upward.
    let before = hub.counters().await;
    let event = order(6_000);
    let seq = a.take_seq();
    let down =
        Envelope::seal(&cred_a.secret.mac_key(), Direction::Down, a.id(), seq, &TerminalMessage::Event(event.clone()))
            .unwrap();
    a.publish(down).await;
    forged.push((seq, event));
    a_stored.push(a.sell(&order(1_000)).await);
    let after = hub.counters().await;
    assert_eq!(after.rejected_since(&before), deltas(&[("wrong_direction", 1.0)]), "(d)");
    assert_eq!(after.rose(&before, ACCEPTED), 1.0);

    // After all that, A still sells normally, as the simulated firmware does it.
    drop(a);
    let mut options = TerminalOptions::new("127.0.0.1", hub.mqtt_port, cred_a.clone());
    options.record_acks = true;
    let terminal = Terminal::spawn(options, Outbox::in_memory());
    let state = std::sync::Arc::clone(&terminal.state);
    for _ in 0..20 {
        terminal.record(order(1_500)).await.unwrap();
    }
    let outbox = terminal.finish(Duration::from_secs(10)).await.unwrap();
    assert!(outbox.is_empty());
    assert_eq!(state.acked.load(std::sync::atomic::Ordering::Relaxed), 20);
    assert_eq!(state.rejected.load(std::sync::atomic::Ordering::Relaxed), 0);
    a_stored.extend(state.acked_seqs.lock().iter().copied());
    assert!(hub.healthy().await);
    let accepted_total = hub.counters().await.0[ACCEPTED];
    hub.stop();

    // Exactly A's genuine events are stored, none of the forged ones.
    let store = open_store(dir.path());
    let seen_a: HashSet<u64> =
        store.all_seen().unwrap().into_iter().filter(|(t, _)| *t == cred_a.terminal).map(|(_, s)| s).collect();
    assert_eq!(seen_a, a_stored.iter().copied().collect::<HashSet<_>>(), "A's stored seqs");
    for (seq, event) in &forged {
        assert_eq!(store.seen(cred_a.terminal, *seq).unwrap(), None, "forged seq {seq} recorded");
        assert_eq!(store.entity(&event.key()).unwrap(), None, "forged event {seq} applied");
    }
    assert_eq!(store.entity(&b_event.key()).unwrap(), None, "B's misplaced event applied");
    assert_eq!(store.seen(cred_b.terminal, b_seq).unwrap(), None);
    // Once each: the outbox holds every accepted event exactly once.
    let outbox = store.outbox(0, usize::MAX).unwrap();
    assert_eq!(outbox.len() as f64, accepted_total);
    assert_eq!(outbox.iter().filter(|(_, e)| e.terminal == cred_a.terminal && e.seq == first_seq).count(), 1);
    println!("forgery: {} events stored, {:?}", outbox.len(), started.elapsed());
}
