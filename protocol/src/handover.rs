//! A revoked terminal's hand-over file: the sealed events it made and the
//! hub never acknowledged, for a technician to take to the hub
//! (`edge-hub terminal handover FILE`). Each envelope is the one the
//! terminal would have published, MAC and all, so the hub checks it exactly
//! as it checks the broker's messages (and keeps only what the terminal made
//! before it was revoked). The file holds no secret.
//!
//! Text, one item per line: `pos-handover/v1 <terminal id>`, then each
//! envelope in unpadded base64url.

use base64::Engine as _;

use crate::TerminalId;

const HEADER: &str = "pos-handover/v1";

/// Most envelopes one file may carry (a terminal's outbox is bounded well below).
pub const MAX_HANDOVER_ENVELOPES: usize = 200_000;

/// A hand-over file did not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoverError {
    /// The first line is not `pos-handover/v1 <terminal id>`.
    #[error("not a terminal's hand-over file (its first line must be `{HEADER} <terminal id>`)")]
    NotHandover,
    /// A line is not base64url.
    #[error("line {0} of the hand-over file is damaged")]
    Damaged(usize),
    /// Too many envelopes.
    #[error("a hand-over file carries at most {MAX_HANDOVER_ENVELOPES} events")]
    TooLarge,
}

/// Writes the file for `terminal`'s unsent envelopes.
#[must_use]
pub fn write<'a>(terminal: TerminalId, envelopes: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut out = format!("{HEADER} {terminal}\n");
    for e in envelopes {
        out.push_str(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(e));
        out.push('\n');
    }
    out
}

/// Reads a file: the terminal it names and its envelopes (unchecked: the
/// hub verifies each one with the terminal's key).
///
/// # Errors
/// [`HandoverError`] says what is wrong.
pub fn read(text: &str) -> Result<(TerminalId, Vec<Vec<u8>>), HandoverError> {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().trim();
    let terminal = header
        .strip_prefix(HEADER)
        .and_then(|rest| rest.strip_prefix(' '))
        .and_then(|id| TerminalId::parse(id.trim()).ok())
        .ok_or(HandoverError::NotHandover)?;
    let mut envelopes = Vec::new();
    for (i, line) in lines.enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if envelopes.len() == MAX_HANDOVER_ENVELOPES {
            return Err(HandoverError::TooLarge);
        }
        let bytes =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(line).map_err(|_| HandoverError::Damaged(i + 2))?;
        envelopes.push(bytes);
    }
    Ok((terminal, envelopes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_over_file_round_trips_and_refuses_other_text() {
        let t = TerminalId::new();
        let text = write(t, [&b"one"[..], &b"two"[..]]);
        assert_eq!(read(&text), Ok((t, vec![b"one".to_vec(), b"two".to_vec()])));
        assert_eq!(read(""), Err(HandoverError::NotHandover));
        assert_eq!(read("pos-handover/v1 nonsense\n"), Err(HandoverError::NotHandover));
        assert_eq!(read(&format!("{text}!!!\n")), Err(HandoverError::Damaged(4)));
    }
}
