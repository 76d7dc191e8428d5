//! What a terminal takes from its down topic.

use protocol::{Direction, Envelope, HubMessage, TerminalConfig, TerminalSecret};

use super::*;

fn config(version: u64) -> HubMessage {
    HubMessage::Config(TerminalConfig { version, ..TerminalConfig::default() })
}

#[test]
fn a_replayed_or_older_message_from_the_hub_changes_nothing() -> Result<(), Box<dyn std::error::Error>> {
    let credential = TerminalCredential { terminal: protocol::TerminalId::new(), secret: TerminalSecret::generate()? };
    let key = credential.secret.mac_key();
    let id = credential.terminal;
    let state = Arc::new(TerminalState::new());
    let options = TerminalOptions::new("127.0.0.1", 1, credential);
    let mut engine = Engine::new(options, Outbox::in_memory(), Arc::clone(&state));
    let seal = |seq: u64, message: &HubMessage| Envelope::seal(&key, Direction::Down, id, seq, message);
    let version = |state: &TerminalState| state.config.lock().as_ref().map(|c| c.version);

    let v2 = seal(1_000, &config(2))?;
    assert!(!engine.on_down(&v2)?);
    assert_eq!(version(&state), Some(2));
    // The same message again, e.g. captured and published by someone else.
    engine.on_down(&v2)?;
    assert_eq!(state.replayed.load(Ordering::Relaxed), 1);
    // A fresh number but an older catalog: ignored.
    engine.on_down(&seal(1_001, &config(1))?)?;
    assert_eq!(version(&state), Some(2));
    // A newer catalog that was overtaken on the way still counts.
    engine.on_down(&seal(1_005, &config(3))?)?;
    engine.on_down(&seal(1_003, &config(4))?)?;
    assert_eq!(version(&state), Some(4));
    // Number 0 (how hubs sealed before), and far below the newest: replays.
    engine.on_down(&seal(0, &config(9))?)?;
    engine.on_down(&seal(1_005 - protocol::ReplayWindow::WIDTH, &config(9))?)?;
    assert_eq!(version(&state), Some(4));
    assert_eq!(state.replayed.load(Ordering::Relaxed), 3);
    assert_eq!(state.forged.load(Ordering::Relaxed), 0);
    Ok(())
}
