//! Which terminals have a live session. Terminals announce themselves with a
//! MAC'd `Presence { online: true, session }` after connecting and leave a
//! MAC'd `online: false` for the same session as their MQTT last will, which
//! the broker publishes when the connection dies. A stale "offline" for an
//! older session does not mark a newer session down.

use std::collections::HashMap;

use parking_lot::Mutex;
use protocol::{TerminalId, Timestamp};

/// One live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    /// Random per connection.
    pub id: u64,
    /// When the terminal announced it.
    pub since: Timestamp,
}

/// The set of live sessions.
#[derive(Debug, Default)]
pub struct Presence {
    sessions: Mutex<HashMap<TerminalId, Session>>,
    /// Notified when a terminal comes or goes (the watch loop tells the cloud).
    pub changed: tokio::sync::Notify,
}

impl Presence {
    /// Records a terminal's announcement.
    pub fn update(&self, terminal: TerminalId, online: bool, session: u64) {
        let mut sessions = self.sessions.lock();
        let came_or_went = if online {
            sessions.insert(terminal, Session { id: session, since: Timestamp::now() }).is_none()
        } else if sessions.get(&terminal).is_some_and(|s| s.id == session) {
            sessions.remove(&terminal);
            true
        } else {
            false
        };
        drop(sessions);
        if came_or_went {
            self.changed.notify_one();
        }
    }

    /// Forgets a terminal (revoked).
    pub fn remove(&self, terminal: TerminalId) {
        if self.sessions.lock().remove(&terminal).is_some() {
            self.changed.notify_one();
        }
    }

    /// Every terminal with a live session.
    #[must_use]
    pub fn online(&self) -> Vec<TerminalId> {
        let mut all: Vec<TerminalId> = self.sessions.lock().keys().copied().collect();
        all.sort();
        all
    }

    /// The terminal's live session, if any.
    #[must_use]
    pub fn session(&self, terminal: TerminalId) -> Option<Session> {
        self.sessions.lock().get(&terminal).copied()
    }

    /// How many terminals are connected.
    #[must_use]
    pub fn count(&self) -> usize {
        self.sessions.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_offline_does_not_end_a_newer_session() {
        let p = Presence::default();
        let t = TerminalId::new();
        p.update(t, true, 1);
        p.update(t, true, 2);
        p.update(t, false, 1);
        assert_eq!(p.session(t).map(|s| s.id), Some(2));
        p.update(t, false, 2);
        assert_eq!(p.count(), 0);
    }
}
