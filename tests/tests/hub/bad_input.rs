//! Bad input (ingest robustness end to end): against a real hub process over
//! TCP MQTT, a prober terminal sends truncated, oversized, random,
//! future-version, undecodable, replayed, seq-conflicting and invalid
//! messages. Each is counted under its exact refusal reason (and no other), answered exactly
//! as the protocol says (nothing before the MAC; a replay acked again; a seq
//! conflict or invalid event rejected in the ack), and nothing refused is
//! stored. A publish on any topic but the sender's own `up` (another
//! terminal's, an unknown terminal's, odd ones) and a publish over the
//! broker's 128 KiB limit close only the sender's connection at the gate;
//! nothing reaches ingest. Throughout, another terminal keeps selling and gets every
//! event acked, and `/healthz` stays OK.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use edge_hub::bridge::MAX_MQTT_PAYLOAD;
use protocol::envelope::MAX_ENVELOPE_BYTES;
use protocol::{
    Ack, Direction, Envelope, EnvelopeError, EventBody, PROTOCOL_VERSION, RejectReason, Rejected, TerminalCredential,
    TerminalId, TerminalSecret, topic,
};
use rand::{Rng, RngCore};
use tests::{ACCEPTED, Down, HubProcess, RawTerminal, Seller, deltas, open_store, order, seal_event};

/// Sends `payloads` from `prober` on `topic`, then a valid barrier event on
/// its own topic, and returns every answer up to the barrier's, merged into
/// one ack (how the hub groups them varies), the barrier's own removed.
async fn probe(prober: &mut RawTerminal, topic: &str, payloads: Vec<Vec<u8>>, stored: &mut Vec<u64>) -> Ack {
    for payload in payloads {
        prober.publish_on(topic, payload).await;
    }
    let barrier = prober.send(&order(1_000)).await;
    let mut merged = Ack::default();
    for ack in prober.acks_until(barrier).await {
        merged.accepted.extend(ack.accepted);
        merged.rejected.extend(ack.rejected);
    }
    let n = merged.accepted.len();
    merged.accepted.retain(|s| *s != barrier);
    assert_eq!(merged.accepted.len() + 1, n, "barrier {barrier} not accepted once: {merged:?}");
    stored.push(barrier);
    merged
}

/// No answer at all.
fn silence() -> Ack {
    Ack::default()
}

/// Random bytes the envelope parser refuses as `malformed`,
/// `outdated_version` or `unknown_version` (never, by a fluke, an envelope
/// that parses); half of them start like a current envelope, a sixth like a
/// version-1 one. Returns them and the reasons expected.
fn garbage(count: usize) -> (Vec<Vec<u8>>, BTreeMap<String, f64>) {
    let mut rng = rand::rng();
    let mut out = vec![Vec::new()]; // empty payload
    let mut expected = BTreeMap::from([("malformed".to_owned(), 1.0)]);
    while out.len() < count {
        let mut bytes = vec![0u8; rng.random_range(1..3_000)];
        rng.fill_bytes(&mut bytes);
        if out.len() % 6 == 1 {
            bytes[0] = 1; // version 1: refused as outdated before anything else
        } else if out.len() % 2 == 0 {
            bytes[0] = u8::try_from(PROTOCOL_VERSION).unwrap();
            if bytes.len() > 2 && rng.random_bool(0.5) {
                bytes[1] = 0; // direction up
                bytes[2] = 16; // a terminal id's length
            }
        }
        let reason = match Envelope::parse(&bytes) {
            Err(EnvelopeError::Malformed) => "malformed",
            Err(EnvelopeError::UnknownVersion(_)) => "unknown_version",
            Err(EnvelopeError::Outdated(_)) => "outdated_version",
            _ => continue,
        };
        *expected.entry(reason.to_owned()).or_default() += 1.0;
        out.push(bytes);
    }
    (out, expected)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_counted_and_never_stored() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(dir.path());
    let creds = hub.provision(3);
    let (prober_cred, seller_cred, dropped_cred) = (creds[0].clone(), creds[1].clone(), creds[2].clone());
    hub.start().await;

    let seller = Seller::start("127.0.0.1", hub.mqtt_port, &seller_cred, None, Duration::from_millis(20));
    seller.acked_beyond(0, Duration::from_secs(10)).await;
    let mut p = RawTerminal::connect(hub.mqtt_port, &prober_cred).await;
    let up = topic::up(p.id());
    let key = prober_cred.secret.mac_key();
    let mut stored = Vec::new(); // the prober's seqs that must be stored
    let mut not_stored: Vec<(u64, EventBody)> = Vec::new();
    let base = hub.counters().await;

    // Each step: what was sent, the reasons expected to rise, and the answers expected.
    let step = async |name: &str,
                      p: &mut RawTerminal,
                      topic: &str,
                      payloads: Vec<Vec<u8>>,
                      expected: BTreeMap<String, f64>,
                      answer: Ack,
                      stored: &mut Vec<u64>| {
        let acked_before = seller.acked();
        let before = hub.counters().await;
        let got = probe(p, topic, payloads, stored).await;
        let after = hub.counters().await;
        assert_eq!(after.rejected_since(&before), expected, "{name}: refusal counters");
        assert_eq!(got, answer, "{name}: answers");
        assert!(hub.healthy().await, "{name}: /healthz");
        seller.acked_beyond(acked_before, Duration::from_secs(10)).await;
        println!("{name}: ok");
    };

    // Truncated envelopes: cut inside the tag (parses, does not open), inside
    // the terminal id, and right after the version.
    let valid = seal_event(&key, p.id(), p.take_seq(), &order(1_000));
    let payloads = vec![valid[..valid.len() - 1].to_vec(), valid[..10].to_vec(), valid[..1].to_vec()];
    let expected = deltas(&[("malformed", 2.0), ("bad_mac", 1.0)]);
    step("truncated", &mut p, &up, payloads, expected, silence(), &mut stored).await;

    // Oversized: over the envelope limit, under the broker's.
    let mut big = vec![0u8; 70_000];
    rand::rng().fill_bytes(&mut big);
    big[0] = 1;
    assert!(big.len() > MAX_ENVELOPE_BYTES && big.len() < MAX_MQTT_PAYLOAD);
    step("oversized", &mut p, &up, vec![big], deltas(&[("oversized", 1.0)]), silence(), &mut stored).await;

    // Random bytes, some that look like an envelope at first.
    let (payloads, expected) = garbage(40);
    step("random bytes", &mut p, &up, payloads, expected, silence(), &mut stored).await;

    // A future version, version 0 and version 1 (not encrypted, no longer
    // accepted) in front of an otherwise valid envelope.
    let seq = p.take_seq();
    let event = order(1_000);
    let mut next = seal_event(&key, p.id(), seq, &event);
    next[0] = u8::try_from(PROTOCOL_VERSION + 1).unwrap();
    let mut v0 = next.clone();
    v0[0] = 0;
    let mut v1 = next.clone();
    v1[0] = 1;
    let mut v300 = vec![0xac, 0x02]; // varint 300
    v300.extend_from_slice(&next[1..]);
    not_stored.push((seq, event));
    step(
        "unknown version",
        &mut p,
        &up,
        vec![next, v0, v1, v300],
        deltas(&[("unknown_version", 3.0), ("outdated_version", 1.0)]),
        silence(),
        &mut stored,
    )
    .await;

    // An authentic envelope whose message does not decode.
    let seq = p.take_seq();
    let payload = Envelope::seal_payload(&key, Direction::Up, p.id(), seq, &[0xff, 0xff, 0xff]).unwrap();
    step(
        "malformed message",
        &mut p,
        &up,
        vec![payload],
        deltas(&[("malformed_message", 1.0)]),
        silence(),
        &mut stored,
    )
    .await;

    // Replay: the same bytes again are acked again and stored once.
    let event = order(1_000);
    let seq = p.take_seq();
    let bytes = p.seal(seq, &event);
    p.publish(bytes.clone()).await;
    assert_eq!(p.acks_until(seq).await, vec![Ack { accepted: vec![seq], rejected: vec![] }]);
    stored.push(seq);
    let replayed_seq = seq;
    let replay_answer = Ack { accepted: vec![seq, seq], rejected: vec![] };
    step("replay", &mut p, &up, vec![bytes.clone(), bytes], deltas(&[("replay", 2.0)]), replay_answer, &mut stored)
        .await;

    // Seq conflict: a different event under the used seq is rejected in the ack; the original stays.
    let conflicting = order(2_000);
    let payload = p.seal(replayed_seq, &conflicting);
    let answer =
        Ack { accepted: vec![], rejected: vec![Rejected { seq: replayed_seq, reason: RejectReason::SeqConflict }] };
    step("seq conflict", &mut p, &up, vec![payload], deltas(&[("seq_conflict", 1.0)]), answer, &mut stored).await;
    not_stored.push((replayed_seq, conflicting));

    // Invalid events: a negative and a zero quantity.
    let (s1, s2) = (p.take_seq(), p.take_seq());
    let (bad1, bad2) = (order(-1_000), order(0));
    assert!(bad1.validate().is_err() && bad2.validate().is_err());
    let payloads = vec![p.seal(s1, &bad1), p.seal(s2, &bad2)];
    let answer = Ack {
        accepted: vec![],
        rejected: vec![
            Rejected { seq: s1, reason: RejectReason::InvalidEvent },
            Rejected { seq: s2, reason: RejectReason::InvalidEvent },
        ],
    };
    step("invalid event", &mut p, &up, payloads, deltas(&[("invalid_event", 2.0)]), answer, &mut stored).await;
    not_stored.push((s1, bad1));
    not_stored.push((s2, bad2));

    // Any topic but the terminal's own `up`: another terminal's, one this hub
    // never provisioned, ones the hub's filter would not even match. The gate
    // closes the connection at the first such publish; nothing reaches ingest.
    let seq = p.take_seq();
    let event = order(1_000);
    let valid = p.seal(seq, &event);
    let before = hub.counters().await;
    let gate = "hub_gate_refused_total{reason=\"foreign_topic\"}";
    let refused_before = hub.metric(gate).await;
    let stranger = TerminalCredential { terminal: TerminalId::new(), secret: TerminalSecret::generate().unwrap() };
    let odd_topics = [
        topic::up(stranger.terminal),
        topic::up(seller_cred.terminal),
        format!("pos/v1/t/{}/other", p.id()),
        format!("pos/v1/t/{}/up/more", p.id()),
        format!("pos/v2/t/{}/up", p.id()),
        "pos".to_owned(),
        "pos/v1/t/kassa/up".to_owned(),
        format!("pos/v1/t/{}/up", p.id().as_uuid().simple()),
    ];
    for odd in &odd_topics {
        let mut intruder = RawTerminal::connect(hub.mqtt_port, &dropped_cred).await;
        intruder.publish_on(odd, valid.clone()).await;
        match intruder.recv(Duration::from_secs(10)).await {
            Some((_, Down::Closed(_))) => {}
            other => panic!("publishing on {odd} must close the connection, got {other:?}"),
        }
    }
    assert_eq!(hub.metric(gate).await - refused_before, odd_topics.len() as f64);
    assert_eq!(hub.counters().await.rejected_since(&before), BTreeMap::new(), "nothing reached ingest");
    assert!(hub.healthy().await);
    assert_eq!(probe(&mut p, &up, vec![], &mut stored).await, silence(), "the prober is untouched");
    not_stored.push((seq, event));

    // Over the broker's limit: that client's connection is dropped, nothing reaches ingest.
    let before = hub.counters().await;
    let mut dropped = RawTerminal::connect(hub.mqtt_port, &dropped_cred).await;
    dropped.sell(&order(1_000)).await;
    let mut huge = vec![0u8; 140 * 1024];
    rand::rng().fill_bytes(&mut huge);
    assert!(huge.len() > MAX_MQTT_PAYLOAD);
    dropped.publish(huge).await;
    match dropped.recv(Duration::from_secs(10)).await {
        Some((_, Down::Closed(reason))) => println!("over the broker limit: connection closed ({reason})"),
        other => panic!("a publish over 128 KiB must drop the connection, got {other:?}"),
    }
    // The prober's session and the seller are untouched, and nothing was counted.
    assert_eq!(probe(&mut p, &up, vec![], &mut stored).await, silence());
    let acked = seller.acked();
    seller.acked_beyond(acked, Duration::from_secs(10)).await;
    assert_eq!(hub.counters().await.rejected_since(&before), BTreeMap::new(), "over the broker limit");
    assert!(hub.healthy().await);
    // The dropped terminal may come back and sell.
    let mut back = RawTerminal::connect(hub.mqtt_port, &dropped_cred).await;
    back.take_seq(); // seq 1 was used before the drop
    back.sell(&order(1_000)).await;
    drop(back);

    let report = seller.finish().await;
    report.assert_all_acked(seller_cred.terminal);
    let end = hub.counters().await;
    let total_refused: f64 = end.rejected_since(&base).values().sum();
    hub.stop();

    // Nothing refused was stored: the prober has exactly its valid events.
    let store = open_store(dir.path());
    let seen_p: HashSet<u64> =
        store.all_seen().unwrap().into_iter().filter(|(t, _)| *t == prober_cred.terminal).map(|(_, s)| s).collect();
    assert_eq!(seen_p, stored.iter().copied().collect::<HashSet<_>>(), "the prober's stored seqs");
    for (seq, event) in &not_stored {
        assert_eq!(store.entity(&event.key()).unwrap(), None, "refused event under seq {seq} was applied");
    }
    assert!(store.all_seen().unwrap().iter().all(|(t, _)| *t != stranger.terminal));
    let outbox = store.outbox(0, usize::MAX).unwrap();
    assert_eq!(outbox.len() as f64, end.0[ACCEPTED], "outbox = accepted events");
    assert_eq!(outbox.iter().filter(|(_, e)| e.terminal == prober_cred.terminal && e.seq == replayed_seq).count(), 1);
    let seller_seqs: HashSet<u64> = report.acked_seqs.iter().copied().collect();
    let seller_stored: HashSet<u64> =
        outbox.iter().filter(|(_, e)| e.terminal == seller_cred.terminal).map(|(_, e)| e.seq).collect();
    assert_eq!(seller_stored, seller_seqs, "the seller's events are all stored");
    println!(
        "bad input: {total_refused} messages refused, seller {} acked, {} stored, {:?}",
        report.acked,
        outbox.len(),
        started.elapsed()
    );
}
