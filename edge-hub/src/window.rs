//! The pairing window: the pairing listener admits devices only while it is
//! open. A technician opens it on the hub's page (with the PIN) or with
//! `edge-hub pairing open`, for [`DEFAULT_OPEN`] unless told otherwise (at
//! most [`MAX_OPEN`]); an owner opens it from the portal by approving a
//! device or issuing a POS login, which keeps it open until the last such
//! grant expires. A restart closes a window opened by hand.
//!
//! While it is closed, a device's CONNECT on the pairing listener gets
//! CONNACK "not authorized" and the gate drops pairing connections still
//! open, so nobody on the LAN can hold the pairing broker's resources
//! outside the few minutes someone chose to pair a terminal.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use protocol::Timestamp;

/// How long a window opened by hand stays open unless told otherwise.
pub const DEFAULT_OPEN: Duration = Duration::from_secs(10 * 60);

/// The longest a window may be opened for at once.
pub const MAX_OPEN: Duration = Duration::from_secs(60 * 60);

/// When the pairing listener admits devices.
#[derive(Debug, Default)]
pub struct PairingWindow {
    /// Until when a technician opened it (ms since the epoch; 0: not).
    by_hand: AtomicI64,
    /// Until when the cloud's approvals and POS logins keep it open.
    by_grants: AtomicI64,
}

impl PairingWindow {
    /// Opens it by hand for `length` (capped at [`MAX_OPEN`]) from `now`;
    /// a zero length closes what was opened by hand. Returns until when the
    /// window is open now, if it is.
    pub fn open_for(&self, length: Duration, now: Timestamp) -> Option<Timestamp> {
        let ms = i64::try_from(length.min(MAX_OPEN).as_millis()).unwrap_or(0);
        let until = if ms == 0 { 0 } else { now.0.saturating_add(ms) };
        self.by_hand.store(until, Ordering::Relaxed);
        self.open_until(now)
    }

    /// Keeps it open until the latest of `grants` (the cloud's approvals and
    /// logins), or no longer because of them when there are none.
    pub fn set_grants(&self, grants: impl IntoIterator<Item = Timestamp>) {
        let until = grants.into_iter().map(|t| t.0).max().unwrap_or(0);
        self.by_grants.store(until, Ordering::Relaxed);
    }

    /// Until when it is open, if it is open at `now`.
    #[must_use]
    pub fn open_until(&self, now: Timestamp) -> Option<Timestamp> {
        let until = self.by_hand.load(Ordering::Relaxed).max(self.by_grants.load(Ordering::Relaxed));
        (until > now.0).then_some(Timestamp(until))
    }

    /// Whether it is open now.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.open_until(Timestamp::now()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_for_a_while_by_hand_or_by_grants_and_closes() {
        let w = PairingWindow::default();
        let now = Timestamp(1_000_000);
        assert_eq!(w.open_until(now), None, "closed until someone opens it");
        assert_eq!(w.open_for(Duration::from_secs(60), now), Some(Timestamp(1_060_000)));
        assert_eq!(w.open_until(Timestamp(1_059_999)), Some(Timestamp(1_060_000)));
        assert_eq!(w.open_until(Timestamp(1_060_000)), None, "closed when its time is up");
        assert_eq!(
            w.open_for(Duration::from_secs(24 * 3600), now),
            Some(Timestamp(1_000_000 + 3_600_000)),
            "at most an hour"
        );
        assert_eq!(w.open_for(Duration::ZERO, now), None, "closed by hand");

        w.set_grants([Timestamp(1_200_000), Timestamp(1_500_000)]);
        assert_eq!(w.open_until(now), Some(Timestamp(1_500_000)), "until the last grant expires");
        assert_eq!(w.open_for(Duration::from_secs(60), now), Some(Timestamp(1_500_000)));
        w.set_grants([]);
        assert_eq!(w.open_until(now), Some(Timestamp(1_060_000)), "what was opened by hand stays");
        assert_eq!(w.open_until(Timestamp(2_000_000)), None);
    }
}
