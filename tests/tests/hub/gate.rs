//! The hub's MQTT gate (issue 15, part 1): a real hub process, real MQTT
//! clients over TCP. A paired terminal that subscribes to `#` or to another
//! terminal's topic, publishes on another terminal's topic, publishes a
//! retained message or leaves a will on a foreign topic is cut off at once
//! and learns nothing; the honest terminal next to it keeps selling and hears
//! nothing it did not ask for. 400 retained publishes of 100 KiB to distinct
//! topics are refused one by one and the hub stays healthy. Unpaired devices
//! on the pairing listener get the same rules, connections that never
//! send their CONNECT are capped per address, and so are admitted pairing
//! connections. The pairing listener admits no one while its window is
//! closed, and cuts off the devices it admitted when the window closes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::{TerminalCredential, TerminalId, topic};
use rumqttc::{AsyncClient, Event, LastWill, MqttOptions, Packet, QoS};
use tests::{HubProcess, RawTerminal};

/// What one misbehaving client got: cut off, and every publish it received.
struct Outcome {
    cut_off: bool,
    received: Vec<String>,
}

/// A device connected to the pairing listener as `id` (waits for its
/// CONNACK), kept connected by a task that ends when the connection does.
async fn pairing_device(port: u16, id: &str) -> (AsyncClient, tokio::task::JoinHandle<()>) {
    let mut options = MqttOptions::new(id, "127.0.0.1", port);
    options.set_credentials(protocol::pairing::PAIR_USERNAME, "");
    let (client, mut eventloop) = AsyncClient::new(options, 16);
    let (connected_tx, connected_rx) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let mut connected_tx = Some(connected_tx);
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => {
                    if let Some(tx) = connected_tx.take() {
                        let _ = tx.send(());
                    }
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    });
    tokio::time::timeout(Duration::from_secs(5), connected_rx).await.unwrap().unwrap();
    (client, task)
}

enum Act<'a> {
    Subscribe(&'a str),
    Publish { topic: &'a str, retain: bool, bytes: usize },
    Nothing,
}

async fn attempt(
    port: u16,
    client_id: &str,
    user: &str,
    password: &str,
    will: Option<LastWill>,
    act: Act<'_>,
) -> Outcome {
    let mut options = MqttOptions::new(client_id, "127.0.0.1", port);
    options.set_credentials(user, password);
    options.set_max_packet_size(256 * 1024, 256 * 1024);
    if let Some(will) = will {
        options.set_last_will(will);
    }
    let (client, mut eventloop) = AsyncClient::new(options, 16);
    let mut received = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(1500);
    let mut acted = false;
    loop {
        let Ok(polled) = tokio::time::timeout_at(deadline, eventloop.poll()).await else {
            return Outcome { cut_off: false, received };
        };
        match polled {
            Ok(Event::Incoming(Packet::ConnAck(_))) if !acted => {
                acted = true;
                match &act {
                    Act::Subscribe(filter) => client.subscribe(*filter, QoS::AtLeastOnce).await.unwrap(),
                    Act::Publish { topic, retain, bytes } => {
                        client.publish(*topic, QoS::AtLeastOnce, *retain, vec![7u8; *bytes]).await.unwrap();
                    }
                    Act::Nothing => {}
                }
            }
            Ok(Event::Incoming(Packet::Publish(p))) => received.push(p.topic),
            Ok(_) => {}
            Err(_) => return Outcome { cut_off: true, received },
        }
    }
}

fn creds(c: &TerminalCredential) -> (String, String) {
    (c.terminal.to_string(), c.secret.mqtt_password())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn devices_reach_only_their_own_topics() {
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(&dir.path().join("hub"));
    hub.start().await;
    // One `terminal add --count` through the running hub's admin API (each
    // separate command would first wait for the store's lock).
    let file = dir.path().join("terminals.txt");
    let out =
        hub.command(&["terminal", "add", "--name", "Kassa", "--count", "18", "--out"]).arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut paired = firmware_sim::parse_credentials(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let honest = paired.remove(0);
    let eve = paired.remove(0);
    let mut alice = RawTerminal::connect(hub.mqtt_port, &honest).await;
    let first = alice.sell(&tests::order(1_000)).await;
    assert!(first > 0);
    let (eve_id, eve_pass) = creds(&eve);
    let alice_up = topic::up(honest.terminal);
    let alice_down = topic::down(honest.terminal);
    let port = hub.mqtt_port;

    // Reading: `#`, a single-level wildcard and Alice's own down topic.
    for filter in ["#", "pos/v1/t/+/down", alice_down.as_str(), alice_up.as_str()] {
        let got = attempt(port, &eve_id, &eve_id, &eve_pass, None, Act::Subscribe(filter)).await;
        assert!(got.cut_off, "subscribing to {filter} cuts Eve off");
        assert!(got.received.is_empty(), "Eve received {:?}", got.received);
    }
    // Writing: on Alice's topics, retained on her own, a will on Alice's topic.
    for (target, retain) in [(alice_down.as_str(), false), (alice_up.as_str(), false), ("pos/v1/x", false)] {
        let got =
            attempt(port, &eve_id, &eve_id, &eve_pass, None, Act::Publish { topic: target, retain, bytes: 64 }).await;
        assert!(got.cut_off, "publishing on {target} cuts Eve off");
    }
    let own_up = topic::up(eve.terminal);
    let got =
        attempt(port, &eve_id, &eve_id, &eve_pass, None, Act::Publish { topic: &own_up, retain: true, bytes: 64 })
            .await;
    assert!(got.cut_off, "a retained publish, even on her own topic");
    let will = LastWill::new(alice_down.clone(), vec![1, 2, 3], QoS::AtLeastOnce, false);
    let got = attempt(port, &eve_id, &eve_id, &eve_pass, Some(will), Act::Nothing).await;
    assert!(got.cut_off, "a will on Alice's topic refuses the login");
    // Her own topics are hers: subscribing to her down topic is fine.
    let own_down = topic::down(eve.terminal);
    let got = attempt(port, &eve_id, &eve_id, &eve_pass, None, Act::Subscribe(&own_down)).await;
    assert!(!got.cut_off, "Eve's own down topic is hers");

    // 400 retained publishes of 100 KiB to distinct topics: each refused.
    let refused_before = hub.metric("hub_gate_refused_total{reason=\"retained\"}").await;
    // 16 of them at a time, each a paired terminal of its own (one client id
    // twice would take over its own session).
    let eves: Vec<(TerminalId, String, String)> =
        paired.iter().map(|c| (c.terminal, c.terminal.to_string(), c.secret.mqtt_password())).collect();
    for wave in 0..25 {
        let mut tries = tokio::task::JoinSet::new();
        for (i, (terminal, id, pass)) in eves.iter().enumerate() {
            let target = format!("pos/v1/t/{terminal}/up/{}", wave * 16 + i);
            let (id, pass) = (id.clone(), pass.clone());
            tries.spawn(async move {
                let publish = Act::Publish { topic: &target, retain: true, bytes: 100 * 1024 };
                attempt(port, &id, &id, &pass, None, publish).await.cut_off
            });
        }
        while let Some(cut_off) = tries.join_next().await {
            assert!(cut_off.unwrap(), "a retained publish in wave {wave}");
        }
    }
    let refused = hub.metric("hub_gate_refused_total{reason=\"retained\"}").await - refused_before;
    assert_eq!(refused, 400.0);
    // A fresh subscriber to its own topic gets no retained message.
    let got = attempt(port, &eve_id, &eve_id, &eve_pass, None, Act::Subscribe(&own_down)).await;
    assert!(got.received.is_empty(), "{:?}", got.received);

    // Alice heard nothing but answers to her own events, and keeps selling.
    let second = alice.sell(&tests::order(2_000)).await;
    assert!(second > first);
    while let Some((_, down)) = alice.recv(Duration::from_millis(300)).await {
        assert!(matches!(down, tests::Down::Hub(protocol::HubMessage::Ack(_))), "Alice got {down:?}");
    }
    assert!(hub.metric("hub_gate_refused_total{reason=\"foreign_filter\"}").await >= 4.0);
    assert!(hub.metric("hub_gate_refused_total{reason=\"foreign_topic\"}").await >= 3.0);
    assert!(hub.metric("hub_gate_refused_total{reason=\"foreign_will\"}").await >= 1.0);
    assert!(hub.healthy().await);

    // The pairing listener admits no one until a pairing window is opened.
    let device = TerminalId::new().to_string();
    let pair = protocol::pairing::PAIR_USERNAME;
    let own_pair_down = topic::pair_down(TerminalId::parse(&device).unwrap());
    let got = attempt(hub.pairing_port, &device, pair, "", None, Act::Subscribe(&own_pair_down)).await;
    assert!(got.cut_off, "an honest device while the pairing window is closed");
    assert_eq!(hub.metric(&tests::logins_refused("pairing_closed")).await, 1.0);
    assert_eq!(hub.metric("hub_pairing_window_open").await, 0.0);
    hub.open_pairing();
    assert_eq!(hub.metric("hub_pairing_window_open").await, 1.0);

    // The pairing listener: a device's own pairing topics only.
    let got = attempt(hub.pairing_port, &device, pair, "", None, Act::Subscribe("#")).await;
    assert!(got.cut_off && got.received.is_empty());
    let other_down = topic::pair_down(TerminalId::new());
    let got = attempt(
        hub.pairing_port,
        &device,
        pair,
        "",
        None,
        Act::Publish { topic: &other_down, retain: false, bytes: 16 },
    )
    .await;
    assert!(got.cut_off, "publishing on another device's pairing topic");
    let own = topic::pair_up(TerminalId::parse(&device).unwrap());
    let got =
        attempt(hub.pairing_port, &device, pair, "", None, Act::Publish { topic: &own, retain: true, bytes: 16 }).await;
    assert!(got.cut_off, "a retained pairing request");

    // Connections that never send CONNECT: at most 8 at a time from one
    // address on the pairing listener; the rest are closed at once.
    let mut idle = Vec::new();
    for _ in 0..20 {
        idle.push(tokio::net::TcpStream::connect(("127.0.0.1", hub.pairing_port)).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(hub.metric("hub_gate_refused_total{reason=\"too_many_from_address\"}").await >= 12.0);
    drop(idle);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = attempt(hub.pairing_port, &device, pair, "", None, Act::Subscribe(&own_pair_down)).await;
    assert!(!got.cut_off, "honest pairing works once the idle connections are gone");

    // Devices that do connect, each with a made-up id: at most 16 at a time
    // from one address; the 17th is told the service is unavailable.
    let mut held = Vec::new();
    for _ in 0..16 {
        held.push(pairing_device(hub.pairing_port, &TerminalId::new().to_string()).await);
    }
    let one_more = attempt(hub.pairing_port, &TerminalId::new().to_string(), pair, "", None, Act::Nothing).await;
    assert!(one_more.cut_off, "a 17th open pairing connection from one address");
    assert_eq!(hub.metric("hub_gate_refused_total{reason=\"too_many_open\"}").await, 1.0);
    for (_, task) in &held {
        task.abort();
    }
    drop(held);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = attempt(hub.pairing_port, &device, pair, "", None, Act::Subscribe(&own_pair_down)).await;
    assert!(!got.cut_off, "honest pairing works once they are gone");

    // Closing the window cuts off a device still connected, and admits no new one.
    let (_client, lingering) = pairing_device(hub.pairing_port, &device).await;
    let out = hub.command(&["pairing", "close"]).output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with("pairing closed"));
    let ended = tokio::time::timeout(Duration::from_secs(5), lingering).await;
    assert!(ended.is_ok(), "a pairing connection outlived the window");
    let got = attempt(hub.pairing_port, &device, pair, "", None, Act::Subscribe(&own_pair_down)).await;
    assert!(got.cut_off, "a device after the window closed");
    assert_eq!(hub.metric(&tests::logins_refused("pairing_closed")).await, 2.0);
    hub.stop();
}
