//! Property tests: no byte string makes decoding panic, and sealing round-trips.

use proptest::prelude::*;
use protocol::{Direction, Envelope, HubMessage, TerminalId, TerminalMessage, TerminalSecret};

fn key() -> protocol::MacKey {
    TerminalSecret::from_bytes([3; 32]).mac_key()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(unverified) = Envelope::parse(&bytes) {
            let _ = unverified.verify(&key(), Direction::Up);
        }
        let _ = postcard::from_bytes::<TerminalMessage>(&bytes);
        let _ = postcard::from_bytes::<HubMessage>(&bytes);
    }

    #[test]
    fn envelopes_with_a_version_prefix_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..512)) {
        let mut bytes = vec![1u8];
        bytes.extend(tail);
        if let Ok(unverified) = Envelope::parse(&bytes) {
            prop_assert!(unverified.verify(&key(), Direction::Up).is_err());
        }
    }

    #[test]
    fn seal_round_trips(seq in any::<u64>(), have in any::<u64>(), id in any::<[u8; 16]>()) {
        let terminal = TerminalId::from_bytes(id);
        let msg = TerminalMessage::ConfigRequest { have };
        let bytes = Envelope::seal(&key(), Direction::Up, terminal, seq, &msg);
        prop_assert!(bytes.is_ok());
        let bytes = bytes.unwrap_or_default();
        let opened = Envelope::parse(&bytes).and_then(|u| u.verify(&key(), Direction::Up));
        prop_assert!(opened.is_ok());
        let opened = opened.unwrap_or_else(|_| unreachable!());
        prop_assert_eq!(opened.terminal, terminal);
        prop_assert_eq!(opened.seq, seq);
        prop_assert_eq!(opened.message::<TerminalMessage>().ok(), Some(msg));
    }

    #[test]
    fn mutated_envelopes_fail_verification(
        seq in any::<u64>(),
        pos in any::<prop::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let bytes = Envelope::seal(&key(), Direction::Up, TerminalId::from_bytes([1; 16]), seq, &TerminalMessage::ConfigRequest { have: 1 })
            .unwrap_or_default();
        let mut mutated = bytes.clone();
        let i = pos.index(mutated.len());
        mutated[i] ^= flip;
        let ok = Envelope::parse(&mutated).and_then(|u| u.verify(&key(), Direction::Up)).is_ok();
        prop_assert!(!ok);
    }
}
