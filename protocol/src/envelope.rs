//! The envelope around every terminal ↔ hub message.
//!
//! Wire layout, version 2:
//!
//! | field        | encoding                          |
//! |--------------|-----------------------------------|
//! | `version`    | postcard varint `u16`, always first |
//! | `direction`  | postcard varint enum tag (0 up, 1 down) |
//! | `terminal`   | postcard: length 16 + 16 bytes    |
//! | `seq`        | postcard varint `u64`             |
//! | `nonce`      | 24 raw random bytes               |
//! | `ciphertext` | the postcard message, encrypted, to the last 16 bytes |
//! | `tag`        | 16 raw bytes, always last         |
//!
//! The message is sealed with XChaCha20-Poly1305 under a key derived from the
//! terminal's MAC key (`HMAC-SHA256(MAC key, "pos-envelope/v2 aead")`), with
//! the header (version, direction, terminal, seq) as associated data. So a
//! terminal that reads another terminal's topic learns nothing of what it
//! carries, and what it alters or forges there does not open. The nonce is
//! random (24 bytes: no two messages share one, even when a terminal seals the
//! same sequence number twice). The version is read before anything else, so
//! version 1 (authenticated but readable by anyone on the LAN) is refused as
//! [`EnvelopeError::Outdated`] and a future layout as
//! [`EnvelopeError::UnknownVersion`], never misread. The direction is covered
//! by the tag, so a hub message cannot be reflected back as a terminal's.

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use crate::{MacKey, TerminalId};

/// The envelope version this build speaks.
pub const PROTOCOL_VERSION: u16 = 2;

/// Envelopes larger than this are refused unread.
pub const MAX_ENVELOPE_BYTES: usize = 64 * 1024;

const KEY_LABEL: &[u8] = b"pos-envelope/v2 aead";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Which way a message travels; part of what the tag covers.
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
    /// Not an envelope at all (truncated, garbage).
    #[error("malformed envelope")]
    Malformed,
    /// An older version this build no longer accepts.
    #[error("envelope version {0} is no longer accepted (its messages were not encrypted): update the terminal")]
    Outdated(u16),
    /// A version this build does not speak.
    #[error("unknown envelope version {0}")]
    UnknownVersion(u16),
    /// The envelope does not open with the terminal's key: another key, or
    /// altered on the way.
    #[error("the envelope does not open with the terminal's key (forged or altered)")]
    BadMac,
    /// The envelope travels the other way.
    #[error("envelope sent in the wrong direction")]
    WrongDirection,
    /// The envelope opened but the message inside does not decode.
    #[error("malformed message inside a valid envelope")]
    MalformedMessage,
    /// A message could not be encoded (or is too large to send).
    #[error("cannot encode message: {0}")]
    Encode(String),
}

#[derive(Serialize, Deserialize)]
struct Header {
    version: u16,
    direction: Direction,
    terminal: TerminalId,
    seq: u64,
}

fn cipher(key: &MacKey) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&key.tag(&[KEY_LABEL]).into())
}

/// Builds and reads envelopes.
#[derive(Debug, Clone, Copy)]
pub struct Envelope;

impl Envelope {
    /// Encodes `message` and seals it for `terminal` with `key`.
    ///
    /// # Errors
    /// [`EnvelopeError::Encode`] if the message cannot be encoded, the
    /// envelope would exceed [`MAX_ENVELOPE_BYTES`] or the system has no
    /// randomness for the nonce.
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
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|_| EnvelopeError::Encode("no randomness for the nonce".into()))?;
        Self::seal_with_nonce(key, direction, terminal, seq, payload, nonce)
    }

    fn seal_with_nonce(
        key: &MacKey,
        direction: Direction,
        terminal: TerminalId,
        seq: u64,
        payload: &[u8],
        nonce: [u8; NONCE_LEN],
    ) -> Result<Vec<u8>, EnvelopeError> {
        let header = Header { version: PROTOCOL_VERSION, direction, terminal, seq };
        let mut bytes = postcard::to_allocvec(&header).map_err(|e| EnvelopeError::Encode(e.to_string()))?;
        let header_len = bytes.len();
        let total = header_len + NONCE_LEN + payload.len() + TAG_LEN;
        if total > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::Encode(format!("envelope of {total} bytes is over the limit")));
        }
        bytes.reserve_exact(total - header_len);
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(payload);
        let (head, body) = bytes.split_at_mut(header_len + NONCE_LEN);
        let tag = cipher(key)
            .encrypt_in_place_detached(XNonce::from_slice(&nonce), &head[..header_len], body)
            .map_err(|_| EnvelopeError::Encode("message too long to encrypt".into()))?;
        bytes.extend_from_slice(&tag);
        Ok(bytes)
    }

    /// Reads the envelope's header without trusting it yet.
    ///
    /// # Errors
    /// [`EnvelopeError::Oversized`], [`EnvelopeError::Outdated`],
    /// [`EnvelopeError::UnknownVersion`] or [`EnvelopeError::Malformed`].
    /// Never panics, whatever the bytes.
    pub fn parse(bytes: &[u8]) -> Result<Unverified<'_>, EnvelopeError> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::Oversized(bytes.len()));
        }
        let (version, _) = postcard::take_from_bytes::<u16>(bytes).map_err(|_| EnvelopeError::Malformed)?;
        if version == 1 {
            return Err(EnvelopeError::Outdated(version));
        }
        if version != PROTOCOL_VERSION {
            return Err(EnvelopeError::UnknownVersion(version));
        }
        let (header, rest) = postcard::take_from_bytes::<Header>(bytes).map_err(|_| EnvelopeError::Malformed)?;
        if rest.len() < NONCE_LEN + TAG_LEN {
            return Err(EnvelopeError::Malformed);
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let (ciphertext, tag) = sealed.split_at(sealed.len() - TAG_LEN);
        Ok(Unverified {
            direction: header.direction,
            terminal: header.terminal,
            seq: header.seq,
            header: &bytes[..bytes.len() - rest.len()],
            nonce,
            ciphertext,
            tag,
        })
    }
}

/// A parsed envelope that has not been opened. Only the terminal id may be
/// used, to find the key to open it with.
#[derive(Debug, Clone)]
pub struct Unverified<'a> {
    direction: Direction,
    terminal: TerminalId,
    seq: u64,
    header: &'a [u8],
    nonce: &'a [u8],
    ciphertext: &'a [u8],
    tag: &'a [u8],
}

impl Unverified<'_> {
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

    /// Opens the envelope with the claimed terminal's key and checks the
    /// direction.
    ///
    /// # Errors
    /// [`EnvelopeError::BadMac`] or [`EnvelopeError::WrongDirection`].
    pub fn verify(self, key: &MacKey, expected: Direction) -> Result<Opened, EnvelopeError> {
        let mut payload = self.ciphertext.to_vec();
        cipher(key)
            .decrypt_in_place_detached(
                XNonce::from_slice(self.nonce),
                self.header,
                &mut payload,
                Tag::from_slice(self.tag),
            )
            .map_err(|_| EnvelopeError::BadMac)?;
        if self.direction != expected {
            return Err(EnvelopeError::WrongDirection);
        }
        Ok(Opened { terminal: self.terminal, seq: self.seq, payload })
    }
}

/// An opened, authenticated envelope.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The terminal, proven by the tag.
    pub terminal: TerminalId,
    /// The sender's sequence number: the terminal's event counter upward; the
    /// hub's counter for that terminal downward (see [`ReplayWindow`]).
    pub seq: u64,
    /// The encoded message, decrypted.
    pub payload: Vec<u8>,
}

impl Opened {
    /// Decodes the message inside; trailing bytes are an error.
    ///
    /// # Errors
    /// [`EnvelopeError::MalformedMessage`].
    pub fn message<'s, M: Deserialize<'s>>(&'s self) -> Result<M, EnvelopeError> {
        match postcard::take_from_bytes::<M>(&self.payload) {
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
        assert_eq!(Envelope::parse(&[1, 0]).err(), Some(EnvelopeError::Outdated(1)));
        assert_eq!(Envelope::parse(&[3, 0]).err(), Some(EnvelopeError::UnknownVersion(3)));
        assert_eq!(Envelope::parse(&[]).err(), Some(EnvelopeError::Malformed));
        let bytes = Envelope::seal(&key(1), Direction::Up, TerminalId::new(), 1, &0u8).unwrap_or_default();
        let open = |b: &[u8]| Envelope::parse(b).and_then(|u| u.verify(&key(1), Direction::Up)).map(|_| ());
        assert_eq!(open(&bytes), Ok(()));
        for cut in 0..bytes.len() {
            assert!(open(&bytes[..cut]).is_err(), "truncated at {cut} opened");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(open(&longer).is_err());
    }

    #[test]
    fn what_a_neighbour_reads_is_useless() {
        let t = TerminalId::new();
        let secret = b"Lagman 3 x 45 000, cost 21 000, cashier Aziza";
        let a = Envelope::seal_payload(&key(1), Direction::Up, t, 7, secret).unwrap_or_default();
        let b = Envelope::seal_payload(&key(1), Direction::Up, t, 7, secret).unwrap_or_default();
        assert!(!a.windows(8).any(|w| secret.windows(8).any(|s| s == w)), "plain text on the wire");
        assert_ne!(a, b, "the same message sealed twice must not look the same");
        for k in [1, 2] {
            let opened = Envelope::parse(&a).and_then(|u| u.verify(&key(k), Direction::Up));
            assert_eq!(opened.map(|o| o.payload == secret).ok(), (k == 1).then_some(true));
        }
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
