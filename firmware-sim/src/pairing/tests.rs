//! Unit tests of the terminal's side of pairing.

use super::*;
use protocol::Timestamp;
use protocol::hub_id::HubIdentity;
use protocol::pairing::PublicKey;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn credential() -> Result<TerminalCredential, Box<dyn std::error::Error>> {
    Ok(TerminalCredential { terminal: TerminalId::new(), secret: protocol::TerminalSecret::generate()? })
}

#[test]
fn saved_pairing_round_trips_and_is_forgotten() -> TestResult {
    let dir = tempfile::tempdir()?;
    let state = dir.path().join("terminal");
    assert_eq!(SavedPairing::load(&state, "h")?, None);
    let saved = SavedPairing { credential: credential()?, host: "10.0.0.5".into(), port: 18830 };
    saved.save(&state)?;
    assert_eq!(SavedPairing::load(&state, "elsewhere")?, Some(saved.clone()));
    assert_eq!(std::fs::read_to_string(state.join(HUB_FILE))?, "10.0.0.5:18830\n");
    assert!(std::fs::read_to_string(state.join(CREDENTIAL_FILE))?.starts_with("pos1."));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(std::fs::metadata(state.join(CREDENTIAL_FILE))?.permissions().mode() & 0o777, 0o600);
    }
    // Saving again replaces; no temporary files are left behind.
    let again = SavedPairing { credential: credential()?, host: "::1".into(), port: 1 };
    again.save(&state)?;
    assert_eq!(SavedPairing::load(&state, "x")?, Some(again));
    assert_eq!(std::fs::read_dir(&state)?.count(), 2);
    forget(&state)?;
    assert_eq!(SavedPairing::load(&state, "h")?, None);
    forget(&state)?;
    Ok(())
}

#[test]
fn a_hand_made_credential_file_is_used_and_bad_ones_are_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let c = credential()?;
    std::fs::write(dir.path().join(CREDENTIAL_FILE), format!("# kassa 1\n{}\n", c.to_text()))?;
    let loaded = SavedPairing::load(dir.path(), "hub.local")?;
    assert_eq!(loaded, Some(SavedPairing { credential: c.clone(), host: "hub.local".into(), port: 1883 }));
    std::fs::write(dir.path().join(HUB_FILE), "nonsense")?;
    assert!(matches!(SavedPairing::load(dir.path(), "h"), Err(PairError::BadStateFile { .. })));
    std::fs::write(dir.path().join(HUB_FILE), "[::1]:1883")?;
    assert_eq!(SavedPairing::load(dir.path(), "h")?.map(|s| s.host), Some("::1".to_owned()));
    for bad in [String::new(), "pos1.nope".to_owned(), format!("{0}\n{0}\n", c.to_text())] {
        std::fs::write(dir.path().join(CREDENTIAL_FILE), bad)?;
        assert!(matches!(SavedPairing::load(dir.path(), "h"), Err(PairError::BadStateFile { .. })));
    }
    Ok(())
}

#[test]
fn the_invitation_shows_a_qr_code_the_payload_and_the_code() -> TestResult {
    let device = TerminalId::new();
    let key = DeviceKey::generate()?.public();
    let qr = QrPayload { device, code: PairingCode::of(device, &key)?, key };
    let mut out = Vec::new();
    write_invitation(&mut out, &qr, 600)?;
    let text = String::from_utf8(out)?;
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    assert!(n > 10, "{text}");
    let (picture, tail) = lines.split_at(n - 3);
    // A square of half blocks: rows of equal width, each cell two modules high.
    let width = picture[0].chars().count();
    assert!((25..=80).contains(&width), "{width}");
    assert_eq!(picture.len(), width.div_ceil(2));
    for row in picture {
        assert_eq!(row.chars().count(), width);
        assert!(row.chars().all(|c| matches!(c, ' ' | '▀' | '▄' | '█')), "{row}");
    }
    // The quiet zone is drawn (light), for a dark terminal.
    assert!(picture[0].chars().all(|c| c == '█'));
    let payload = tail[0].strip_prefix("QR: ").ok_or("no QR line")?;
    assert_eq!(QrPayload::parse(payload)?, qr);
    let code = tail[1].strip_prefix("Code: ").ok_or("no Code line")?;
    assert_eq!(code, qr.code.to_string());
    assert_eq!(PairingCode::parse(code)?, qr.code);
    assert!(tail[2].contains("valid 600 s"), "{}", tail[2]);
    assert!(text.ends_with('\n'));
    Ok(())
}

#[test]
fn a_login_request_proves_the_password_for_its_key() -> TestResult {
    let options = PairOptions {
        login: Some(PosLogin { login: " 123456 ".into(), password: "abcde-fghjk".into() }),
        ..PairOptions::new("127.0.0.1", 1, None, "unused")
    };
    let login = ("123456".to_owned(), pairing::login_verifier("123456", "abcde-fghjk")?);
    let hub = any_hub()?;
    let mut attempt = Attempt::new(&options, &hub, Some(&login), TerminalId::new());
    let mut out = Vec::new();
    attempt.new_key(&mut out)?;
    assert_eq!(String::from_utf8(out)?, "Pairing with POS login 123456…\n");
    let PairUp::Request(request) = pairing::decode::<PairUp>(&attempt.request)?;
    assert_eq!(request.device, attempt.device);
    assert_eq!(request.ttl_s, DEFAULT_CODE_TTL_S);
    let proof = request.login.ok_or("no login proof")?;
    assert_eq!(proof.login, "123456");
    let verifier = pairing::login_verifier("123456", "ABCDEFGHJK")?;
    assert!(pairing::login_proof_ok(&verifier, request.device, &request.key, &proof.proof));
    Ok(())
}

fn any_hub() -> Result<HubTrust, PairingError> {
    Ok(HubTrust::Key(HubIdentity::generate()?.key()))
}

#[test]
fn only_the_trusted_hubs_answers_to_its_keys_count() -> TestResult {
    let (hub, rogue) = (HubIdentity::generate()?, HubIdentity::generate()?);
    let options = PairOptions::new("127.0.0.1", 1, None, "unused");
    let trust = HubTrust::Fingerprint(hub.key().fingerprint());
    let mut attempt = Attempt::new(&options, &trust, None, TerminalId::new());
    attempt.new_key(&mut Vec::new())?;
    let key = attempt.keys[0].public();
    let refusal = PairDown::Refused(PairRefusal::LimitReached { max: 1 });
    let wire = |by: &HubIdentity, to: &PublicKey| -> Result<Vec<u8>, PairingError> {
        pairing::encode(&by.sign(attempt.device, to, Timestamp::now(), &refusal)?)
    };
    let (mut screen, mut untrusted) = (Vec::new(), HashSet::new());
    assert_eq!(attempt.open(&wire(&hub, &key)?, &mut screen, &mut untrusted)?, Some(refusal.clone()));
    for _ in 0..2 {
        assert_eq!(attempt.open(&wire(&rogue, &key)?, &mut screen, &mut untrusted)?, None);
    }
    let elsewhere = DeviceKey::generate()?.public();
    assert_eq!(attempt.open(&wire(&hub, &elsewhere)?, &mut screen, &mut untrusted)?, None);
    assert_eq!(attempt.open(b"not a pairing answer", &mut screen, &mut untrusted)?, None);
    // An answer of layout 1 (unsigned) counts for nothing either.
    let mut old = pairing::encode(&refusal)?;
    old[0] = 1;
    assert_eq!(attempt.open(&old, &mut screen, &mut untrusted)?, None);
    let said = String::from_utf8(screen)?;
    let expected = format!("ignored an answer from hub {}, not the trusted one\n", rogue.key().fingerprint());
    assert_eq!(said, expected, "said once per rogue hub");
    Ok(())
}

#[tokio::test]
async fn without_a_hub_it_waits_and_renews_its_code() -> TestResult {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let dir = tempfile::tempdir()?;
    let options = PairOptions {
        code_ttl_s: 1,
        reconnect_after: Duration::from_millis(100),
        ..PairOptions::new("127.0.0.1", port, Some(any_hub()?), dir.path())
    };
    let mut out = Vec::new();
    let waited = tokio::time::timeout(Duration::from_millis(2500), ensure_paired(&options, &mut out)).await;
    assert!(waited.is_err(), "pairing ended without a hub");
    let text = String::from_utf8(out)?;
    let codes: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("Code: ")).collect();
    assert!(codes.len() >= 2, "{text}");
    assert_ne!(codes[0], codes[1]);
    let payloads: Vec<QrPayload> =
        text.lines().filter_map(|l| l.strip_prefix("QR: ")).map(QrPayload::parse).collect::<Result<_, _>>()?;
    assert_eq!(payloads.len(), codes.len());
    assert!(payloads.iter().all(|p| p.device == payloads[0].device), "same device, new keys");
    let waiting = format!("waiting for the hub at 127.0.0.1:{port}…");
    assert_eq!(text.lines().filter(|l| *l == waiting).count(), 1, "{text}");
    assert!(!dir.path().join(CREDENTIAL_FILE).exists());
    Ok(())
}
