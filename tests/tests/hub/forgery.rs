//! Forgery (envelope authentication end to end): against a real hub process
//! over TCP MQTT, envelopes that claim terminal A but are MAC'd with B's key
//! or a random key and a hub-direction envelope sent upward are each refused
//! with their exact reason (`bad_mac`, `wrong_direction`), answered with
//! nothing, and never stored; B publishing anything on A's topic (its own
//! envelope, one claiming A, A's genuine bytes replayed) is cut off at the
//! gate and reaches nothing. A keeps selling normally throughout and afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use firmware_sim::{Outbox, Terminal, TerminalOptions};
use protocol::{Direction, Envelope, EventBody, TerminalMessage, TerminalSecret, topic};
use tests::{ACCEPTED, HubProcess, RawTerminal, Seller, deltas, open_store, order, seal_event};

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

    // (c) B, logged in as B, publishes on A's topic: its own honest envelope,
    // one claiming to be A's MAC'd with B's key, and A's genuine bytes
    // replayed. The gate closes B's connection at each; nothing reaches
    // ingest and A hears nothing of it.
    let before = hub.counters().await;
    let b_event = order(4_000);
    let b_seq = b.take_seq();
    let event = order(5_000);
    let seq = a.take_seq();
    forged.push((seq, event.clone()));
    let attempts =
        vec![b.seal(b_seq, &b_event), seal_event(&cred_b.secret.mac_key(), a.id(), seq, &event), first_bytes];
    drop(b);
    for payload in attempts {
        let mut intruder = RawTerminal::connect(hub.mqtt_port, &cred_b).await;
        intruder.publish_on(&a_topic, payload).await;
        match intruder.recv(Duration::from_secs(10)).await {
            Some((_, tests::Down::Closed(_))) => {}
            other => panic!("(c) publishing on A's topic must close B's connection, got {other:?}"),
        }
    }
    let after = hub.counters().await;
    assert_eq!(after.rejected_since(&before), deltas(&[]), "(c) nothing reached ingest");
    assert_eq!(after.rose(&before, ACCEPTED), 0.0, "(c) nothing stored");
    assert_eq!(hub.metric("hub_gate_refused_total{reason=\"foreign_topic\"}").await, 3.0);
    // A's next ack is only for its own next event.
    a_stored.push(a.sell(&order(1_000)).await);

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

/// Copies `from` into `into`, appending every byte to `record`.
async fn pipe(
    mut from: impl tokio::io::AsyncRead + Unpin,
    mut into: impl tokio::io::AsyncWrite + Unpin,
    record: Arc<parking_lot::Mutex<Vec<u8>>>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = vec![0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buf).await {
        if n == 0 || into.write_all(&buf[..n]).await.is_err() {
            return;
        }
        record.lock().extend_from_slice(&buf[..n]);
    }
}

/// A TCP relay to `127.0.0.1:to` that keeps a copy of every byte, both ways
/// (what a sniffer on the LAN or a switch's mirror port records).
async fn sniffing_relay(to: u16) -> (u16, Arc<parking_lot::Mutex<Vec<u8>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(parking_lot::Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let Ok(server) = tokio::net::TcpStream::connect(("127.0.0.1", to)).await else { return };
            let (cr, cw) = client.into_split();
            let (sr, sw) = server.into_split();
            tokio::spawn(pipe(cr, sw, record.clone()));
            tokio::spawn(pipe(sr, cw, record.clone()));
        }
    });
    (port, seen)
}

/// Terminal traffic is encrypted (envelope version 2): a sniffer between a
/// selling terminal and the hub records the whole conversation and finds in
/// it no order's id, no item's name, no price of any sale, in either
/// direction; the sales themselves are acked and stored as usual.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sniffer_on_the_wire_reads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(dir.path());
    let creds = hub.provision(1);
    hub.start().await;
    let (port, seen) = sniffing_relay(hub.mqtt_port).await;

    let seller = Seller::start("127.0.0.1", port, &creds[0], None, Duration::from_millis(10));
    seller.acked_beyond(100, Duration::from_secs(20)).await;
    let report = seller.finish().await;
    assert!(report.acked > 100 && report.pending == 0, "{report:?}");

    let wire = seen.lock().clone();
    let found = |needle: &[u8]| wire.windows(needle.len()).any(|w| w == needle);
    let mut secrets: Vec<(String, Vec<u8>)> = Vec::new();
    for event in &report.events {
        let key = event.key();
        secrets.push((format!("id of {key:?}"), key.to_bytes()[1..].to_vec()));
        if let EventBody::Order(order) = event {
            for item in &order.items {
                secrets.push((format!("item name {:?}", item.name), item.name.as_bytes().to_vec()));
                let price = postcard::to_allocvec(&item.unit_price).unwrap();
                if price.len() >= 4 {
                    secrets.push((format!("encoded price {}", item.unit_price.tiyin()), price));
                }
            }
        }
    }
    assert!(secrets.len() > 200, "too few secrets to look for: {}", secrets.len());
    assert!(wire.len() > 10_000, "the relay saw too little traffic: {} bytes", wire.len());
    // The search works: MQTT's own framing (the topics) is in the clear.
    assert!(found(topic::up(creds[0].terminal).as_bytes()), "the up topic is not on the wire");
    let leaks: Vec<&String> = secrets.iter().filter(|(_, s)| s.len() >= 3 && found(s)).map(|(what, _)| what).collect();
    assert!(leaks.is_empty(), "readable on the wire: {leaks:?}");
    // The same sales are at the hub, readable there.
    hub.stop();
    let store = open_store(dir.path());
    for event in &report.events {
        assert!(store.entity(&event.key()).unwrap().is_some(), "{:?} missing at the hub", event.key());
    }
}
