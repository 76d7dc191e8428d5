//! The envelope around every terminal ↔ hub message.
//!
//! Wire layout (postcard), version 1:
//!
//! | field       | encoding                          |
//! |-------------|-----------------------------------|
//! | `version`   | varint `u16`, always first        |
//! | `direction` | varint enum tag (0 up, 1 down)    |
//! | `terminal`  | length 16 + 16 bytes              |
//! | `seq`       | varint `u64`                      |
//! | `payload`   | varint length + postcard message  |
//! | `mac`       | 32 raw bytes, always last         |
//!
//! `mac = HMAC-SHA256(terminal key, "pos-envelope/v1" ‖ every byte before the mac)`.
//! The version is read before anything else, so a future layout is refused as
//! [`EnvelopeError::UnknownVersion`], not misread. The direction is covered by
//! the MAC, so a hub message cannot be reflected back as a terminal's.

use serde::{Deserialize, Serialize};

use crate::{MacKey, TerminalId};

/// The envelope version this build speaks.
pub const PROTOCOL_VERSION: u16 = 1;

/// Envelopes larger than this are refused unread.
pub const MAX_ENVELOPE_BYTES: usize = 64 * 1024;

const MAC_DOMAIN: &[u8] = b"pos-envelope/v1";
const MAC_LEN: usize = 32;

/// Which way a message travels; part of what the MAC covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Direction {
    /// Terminal → hub.
    Up,
    /// Hub → terminal.
    Down,
}

/// Why an envelope was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Larger than [`MAX_ENVELOPE_BYTES`].
    #[error("envelope of {0} bytes is over the limit")]
    Oversized(usize),
    /// Not a version-1 envelope at all (truncated, garbage, trailing bytes).
    #[error("malformed envelope")]
    Malformed,
    /// A version this build does not speak.
    #[error("unknown envelope version {0}")]
    UnknownVersion(u16),
    /// The MAC does not match the terminal's key.
    #[error("bad message authentication code")]
    BadMac,
    /// The envelope travels the other way.
    #[error("envelope sent in the wrong direction")]
    WrongDirection,
    /// The MAC was good but the message inside does not decode.
    #[error("malformed message inside a valid envelope")]
    MalformedMessage,
    /// A message could not be encoded (or is too large to send).
    #[error("cannot encode message: {0}")]
    Encode(String),
}

#[derive(Serialize, Deserialize)]
struct Wire<'a> {
    version: u16,
    direction: Direction,
    terminal: TerminalId,
    seq: u64,
    #[serde(borrow)]
    payload: &'a [u8],
    mac: [u8; MAC_LEN],
}

/// Builds and reads envelopes.
#[derive(Debug, Clone, Copy)]
pub struct Envelope;

impl Envelope {
    /// Encodes `message` and seals it for `terminal` with `key`.
    ///
    /// # Errors
    /// [`EnvelopeError::Encode`] if the message cannot be encoded or the
    /// envelope would exceed [`MAX_ENVELOPE_BYTES`].
    pub fn seal<M: Serialize>(
        key: &MacKey,
        direction: Direction,
        terminal: TerminalId,
        seq: u64,
        message: &M,
    ) -> Result<Vec<u8>, EnvelopeError> {
        let payload = postcard::to_allocvec(message).map_err(|e| EnvelopeError::Encode(e.to_string()))?;
        Self::seal_payload(key, direction, terminal, seq, &payload)
    }

    /// Seals an already encoded payload.
    ///
    /// # Errors
    /// As [`Envelope::seal`].
    pub fn seal_payload(
        key: &MacKey,
        direction: Direction,
        terminal: TerminalId,
        seq: u64,
        payload: &[u8],
    ) -> Result<Vec<u8>, EnvelopeError> {
        let wire = Wire { version: PROTOCOL_VERSION, direction, terminal, seq, payload, mac: [0; MAC_LEN] };
        let mut bytes = postcard::to_allocvec(&wire).map_err(|e| EnvelopeError::Encode(e.to_string()))?;
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::Encode(format!("envelope of {} bytes is over the limit", bytes.len())));
        }
        let signed_len = bytes.len() - MAC_LEN;
        let tag = key.tag(&[MAC_DOMAIN, &bytes[..signed_len]]);
        bytes[signed_len..].copy_from_slice(&tag);
        Ok(bytes)
    }

    /// Reads the envelope's header without trusting it yet.
    ///
    /// # Errors
    /// [`EnvelopeError::Oversized`], [`EnvelopeError::UnknownVersion`] or
    /// [`EnvelopeError::Malformed`]. Never panics, whatever the bytes.
    pub fn parse(bytes: &[u8]) -> Result<Unverified<'_>, EnvelopeError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::Oversized(bytes.len()));
        }
        let (version, _) = postcard::take_from_bytes::<u16>(bytes).map_err(|_| EnvelopeError::Malformed)?;
        if version != PROTOCOL_VERSION {
            return Err(EnvelopeError::UnknownVersion(version));
        }
        let (wire, rest) = postcard::take_from_bytes::<Wire<'_>>(bytes).map_err(|_| EnvelopeError::Malformed)?;
        if !rest.is_empty() {
            return Err(EnvelopeError::Malformed);
        }
        Ok(Unverified {
            direction: wire.direction,
            terminal: wire.terminal,
            seq: wire.seq,
            payload: wire.payload,
            signed: &bytes[..bytes.len() - MAC_LEN],
            mac: wire.mac,
        })
    }
}

/// A parsed envelope whose MAC has not been checked. Only the terminal id may
/// be used, to find the key to check it with.
#[derive(Debug, Clone)]
pub struct Unverified<'a> {
    direction: Direction,
    terminal: TerminalId,
    seq: u64,
    payload: &'a [u8],
    signed: &'a [u8],
    mac: [u8; MAC_LEN],
}

impl<'a> Unverified<'a> {
    /// The terminal the envelope claims to be from (or for). Unproven.
    #[must_use]
    pub fn claimed_terminal(&self) -> TerminalId {
        self.terminal
    }

    /// The sequence number the envelope claims. Unproven: only for tools
    /// that knowingly skip verification (the bare-broker benchmark).
    #[must_use]
    pub fn claimed_seq(&self) -> u64 {
        self.seq
    }

    /// Checks the MAC with the claimed terminal's key and the direction.
    ///
    /// # Errors
    /// [`EnvelopeError::BadMac`] or [`EnvelopeError::WrongDirection`].
    pub fn verify(self, key: &MacKey, expected: Direction) -> Result<Opened<'a>, EnvelopeError> {
        if !key.verify(&[MAC_DOMAIN, self.signed], &self.mac) {
            return Err(EnvelopeError::BadMac);
        }
        if self.direction != expected {
            return Err(EnvelopeError::WrongDirection);
        }
        Ok(Opened { terminal: self.terminal, seq: self.seq, payload: self.payload })
    }
}

/// An authenticated envelope.
#[derive(Debug, Clone)]
pub struct Opened<'a> {
    /// The terminal, proven by the MAC.
    pub terminal: TerminalId,
    /// The sender's sequence number: the terminal's event counter upward; the
    /// hub's counter for that terminal downward (see [`ReplayWindow`]).
    pub seq: u64,
    /// The encoded message.
    pub payload: &'a [u8],
}

impl<'a> Opened<'a> {
    /// Decodes the message inside; trailing bytes are an error.
    ///
    /// # Errors
    /// [`EnvelopeError::MalformedMessage`].
    pub fn message<M: Deserialize<'a>>(&self) -> Result<M, EnvelopeError> {
        match postcard::take_from_bytes::<M>(self.payload) {
            Ok((m, [])) => Ok(m),
            _ => Err(EnvelopeError::MalformedMessage),
        }
    }
}

/// The down sequence numbers a terminal has taken: the highest, and which of
/// the [`ReplayWindow::WIDTH`] below it. The hub numbers what it sends each
/// terminal upward from its start (in microseconds since the epoch, so a
/// restarted hub keeps going up); a terminal takes a message only if its
/// number is new, so a captured `Config`, `Ack` or `Revoked` replayed to it
/// changes nothing, while messages overtaking each other on the way still
/// arrive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplayWindow {
    high: u64,
    /// Bit `i`: `high - i` was taken.
    taken: u64,
}

impl ReplayWindow {
    /// How far below the highest a late message may arrive.
    pub const WIDTH: u64 = 64;

    /// Takes `seq` when it is new: above the highest so far, or within
    /// [`Self::WIDTH`] below it and not taken before. 0 is never new.
    pub fn take(&mut self, seq: u64) -> bool {
        if seq == 0 {
            return false;
        }
        if seq > self.high {
            let shift = seq - self.high;
            self.taken = if shift >= Self::WIDTH { 0 } else { self.taken << shift };
            self.taken |= 1;
            self.high = seq;
            return true;
        }
        let back = self.high - seq;
        if back >= Self::WIDTH {
            return false;
        }
        let bit = 1u64 << back;
        let new = self.taken & bit == 0;
        self.taken |= bit;
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TerminalMessage, TerminalSecret};

    fn key(b: u8) -> MacKey {
        TerminalSecret::from_bytes([b; 32]).mac_key()
    }

    #[test]
    fn seal_then_open() {
        let t = TerminalId::new();
        let msg = TerminalMessage::ConfigRequest { have: 7 };
        let bytes = Envelope::seal(&key(1), Direction::Up, t, 42, &msg);
        let bytes = bytes.unwrap_or_default();
        let opened = Envelope::parse(&bytes).and_then(|u| u.verify(&key(1), Direction::Up));
        let opened = opened.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(opened.terminal, t);
        assert_eq!(opened.seq, 42);
        assert_eq!(opened.message::<TerminalMessage>(), Ok(msg));
    }

    #[test]
    fn wrong_key_wrong_direction_and_tampering_are_refused() {
        let t = TerminalId::new();
        let bytes = Envelope::seal(&key(1), Direction::Up, t, 1, &TerminalMessage::ConfigRequest { have: 0 })
            .unwrap_or_default();
        let verify = |b: &[u8], k: u8, d| Envelope::parse(b).and_then(|u| u.verify(&key(k), d)).map(|_| ());
        assert_eq!(verify(&bytes, 2, Direction::Up), Err(EnvelopeError::BadMac));
        assert_eq!(verify(&bytes, 1, Direction::Down), Err(EnvelopeError::WrongDirection));
        for i in 0..bytes.len() {
            let mut tampered = bytes.clone();
            tampered[i] ^= 0x01;
            assert!(verify(&tampered, 1, Direction::Up).is_err(), "flipping byte {i} went unnoticed");
        }
    }

    #[test]
    fn size_version_and_truncation() {
        assert_eq!(
            Envelope::parse(&vec![1u8; MAX_ENVELOPE_BYTES + 1]).err(),
            Some(EnvelopeError::Oversized(MAX_ENVELOPE_BYTES + 1))
        );
        assert_eq!(Envelope::parse(&[2, 0]).err(), Some(EnvelopeError::UnknownVersion(2)));
        assert_eq!(Envelope::parse(&[]).err(), Some(EnvelopeError::Malformed));
        let bytes = Envelope::seal(&key(1), Direction::Up, TerminalId::new(), 1, &0u8).unwrap_or_default();
        for cut in 0..bytes.len() {
            assert!(Envelope::parse(&bytes[..cut]).is_err(), "truncated at {cut} parsed");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(Envelope::parse(&longer).err(), Some(EnvelopeError::Malformed));
    }

    #[test]
    fn the_replay_window_takes_each_number_once() {
        let mut w = ReplayWindow::default();
        assert!(!w.take(0), "0 is never a hub's number");
        assert!(w.take(1_000));
        assert!(!w.take(1_000), "a replay");
        assert!(w.take(1_003));
        assert!(w.take(1_001), "overtaken on the way: still new");
        assert!(!w.take(1_001));
        assert!(w.take(1_002));
        assert!(!w.take(1_003 - ReplayWindow::WIDTH), "too far below the highest");
        assert!(w.take(5_000), "a jump (a restarted hub)");
        assert!(!w.take(1_003), "what came before the jump");
        assert!(w.take(4_999) && !w.take(4_999));
    }
}
