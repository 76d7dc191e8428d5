//! MQTT topic names. Every terminal has its own pair:
//! `pos/v1/t/{terminal}/up` (terminal → hub) and `pos/v1/t/{terminal}/down`
//! (hub → terminal). The terminal id is its hyphenated UUID, which is also its
//! MQTT client id and username.

use crate::TerminalId;

/// The filter the hub subscribes to for everything terminals send.
pub const UP_FILTER: &str = "pos/v1/t/+/up";

const PREFIX: &str = "pos/v1/t/";

/// The filter the hub's pairing listener subscribes to: unpaired devices'
/// requests (see [`crate::pairing`]).
pub const PAIR_UP_FILTER: &str = "pos/v1/pair/+/up";

const PAIR_PREFIX: &str = "pos/v1/pair/";

/// Where an unpaired device publishes its pairing request.
#[must_use]
pub fn pair_up(device: TerminalId) -> String {
    format!("{PAIR_PREFIX}{device}/up")
}

/// Where the hub answers an unpaired device.
#[must_use]
pub fn pair_down(device: TerminalId) -> String {
    format!("{PAIR_PREFIX}{device}/down")
}

/// The device a pairing up-topic belongs to, if it is one.
#[must_use]
pub fn parse_pair_up(topic: &str) -> Option<TerminalId> {
    let id = topic.strip_prefix(PAIR_PREFIX)?.strip_suffix("/up")?;
    TerminalId::parse(id).ok().filter(|t| t.to_string() == id)
}

/// Where `terminal` publishes.
#[must_use]
pub fn up(terminal: TerminalId) -> String {
    format!("{PREFIX}{terminal}/up")
}

/// Where the hub publishes to `terminal`.
#[must_use]
pub fn down(terminal: TerminalId) -> String {
    format!("{PREFIX}{terminal}/down")
}

/// The terminal an up-topic belongs to, if it is one.
#[must_use]
pub fn parse_up(topic: &str) -> Option<TerminalId> {
    let id = topic.strip_prefix(PREFIX)?.strip_suffix("/up")?;
    TerminalId::parse(id).ok().filter(|t| t.to_string() == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn up_topics_round_trip() {
        let t = TerminalId::new();
        assert_eq!(parse_up(&up(t)), Some(t));
        assert_eq!(parse_up(&down(t)), None);
        assert_eq!(parse_up("pos/v1/t/nope/up"), None);
        assert_eq!(parse_up(&format!("pos/v1/t/{}/up", t.as_uuid().simple())), None);
        assert_eq!(parse_pair_up(&pair_up(t)), Some(t));
        assert_eq!(parse_pair_up(&up(t)), None);
        assert_eq!(parse_pair_up(&pair_down(t)), None);
    }
}
