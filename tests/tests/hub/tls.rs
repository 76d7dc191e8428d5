//! TLS: a hub process started with the `mqtt.tls` listener (a self-signed
//! certificate for `localhost`, made with rcgen) serves a simulated terminal
//! over TLS end to end: every event it sells is acked. A client that does not
//! trust the certificate, or reaches it under a name the certificate does not
//! carry, cannot log in, and plain MQTT on the TLS port gets nowhere, while
//! the same credential works on the plain port.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::sync::Arc;
use std::time::{Duration, Instant};

use firmware_sim::terminal::rustls_config::ClientConfig;
use protocol::TerminalCredential;
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, TlsConfiguration, Transport};
use tests::{HubProcess, Seller, can_connect, free_port};

/// A client configuration trusting exactly `cert`.
fn trusting(cert: &rcgen::Certificate) -> Arc<ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.der().clone()).unwrap();
    Arc::new(ClientConfig::builder().with_root_certificates(roots).with_no_client_auth())
}

/// Tries to log in over TLS to `host:port`; the error text if it fails.
async fn tls_login(host: &str, port: u16, cred: &TerminalCredential, tls: Arc<ClientConfig>) -> Result<(), String> {
    let id = cred.terminal.to_string();
    let mut options = MqttOptions::new(id.clone(), host, port);
    options.set_credentials(id, cred.secret.mqtt_password());
    options.set_transport(Transport::tls_with_config(TlsConfiguration::Rustls(tls)));
    let (_client, mut eventloop) = AsyncClient::new(options, 4);
    match tokio::time::timeout(Duration::from_secs(5), eventloop.poll()).await {
        Ok(Ok(Event::Incoming(Packet::ConnAck(_)))) => Ok(()),
        Ok(Ok(other)) => Err(format!("unexpected {other:?}")),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("timed out".to_owned()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminals_sell_over_tls() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let mut hub = HubProcess::new(dir.path());
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let (cert_path, key_path) = (dir.path().join("hub.crt"), dir.path().join("hub.key"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, signing_key.serialize_pem()).unwrap();
    let tls_port = free_port();
    hub.set_env("EDGE_HUB__MQTT__TLS__LISTEN", format!("127.0.0.1:{tls_port}"));
    hub.set_env("EDGE_HUB__MQTT__TLS__CERT_PATH", cert_path.display().to_string());
    hub.set_env("EDGE_HUB__MQTT__TLS__KEY_PATH", key_path.display().to_string());
    let creds = hub.provision(2);
    let (seller_cred, probe_cred) = (creds[0].clone(), creds[1].clone());
    hub.start().await;

    // A simulated terminal sells over TLS and has every event acked.
    let trusted = trusting(&cert);
    let seller =
        Seller::start("localhost", tls_port, &seller_cred, Some(Arc::clone(&trusted)), Duration::from_millis(10));
    seller.acked_beyond(50, Duration::from_secs(10)).await;
    let report = seller.finish().await;
    report.assert_all_acked(seller_cred.terminal);
    assert_eq!(hub.metric(tests::ACCEPTED).await, report.acked as f64);
    println!("over TLS: {} events acked", report.acked);

    // Login over TLS works with the right trust and name…
    tls_login("localhost", tls_port, &probe_cred, Arc::clone(&trusted)).await.unwrap();
    // …but not for a client trusting another certificate…
    let stranger = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let refused = tls_login("localhost", tls_port, &probe_cred, trusting(&stranger.cert)).await;
    assert!(refused.is_err(), "a client trusting another certificate logged in");
    println!("untrusted certificate: {refused:?}");
    // …nor under a name the certificate does not carry.
    let refused = tls_login("127.0.0.1", tls_port, &probe_cred, trusted).await;
    assert!(refused.is_err(), "the certificate was accepted for 127.0.0.1");
    println!("wrong name: {refused:?}");

    // Plain MQTT on the TLS port gets nowhere; on the plain port the same credential logs in.
    let id = probe_cred.terminal.to_string();
    let password = probe_cred.secret.mqtt_password();
    assert!(!can_connect(tls_port, &id, &id, &password).await, "plain MQTT accepted on the TLS port");
    assert!(can_connect(hub.mqtt_port, &id, &id, &password).await, "the plain port refused a good login");
    assert!(hub.healthy().await);
    hub.stop();
    println!("tls: {:?}", started.elapsed());
}
