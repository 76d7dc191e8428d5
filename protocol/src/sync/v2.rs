//! Layout 2 of the sync and watch calls, frozen: a hub not yet upgraded
//! still syncs and pairs. Sync layout 3 added the hub's build and the age of
//! its oldest waiting event to [`super::HubStatus`]; the cloud decodes a
//! version-2 sync request here and converts it (both unknown).
//!
//! Watch layout 2:
//! Layout 3 added the hub's identity key to [`super::WatchRequest`] and the
//! owner's pairing window to [`super::PairingConfig`]. The cloud decodes a
//! version-1 or version-2 request here (they are the same) and converts it
//! (no identity key), and answers a version-2 call in this layout (no window:
//! such a hub keeps its pairing window open while a POS login is unused, as
//! it always did).

use serde::{Deserialize, Serialize};

use super::{Approval, Batch, HubConfig, LoginGrant, PairedReport, PendingPairing, TerminalInfo};
use crate::{TerminalId, Timestamp};

/// The version number of this layout.
pub const VERSION: u16 = 2;

/// [`super::SyncRequest`] in layout 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// Always [`VERSION`].
    pub version: u16,
    /// As in layout 3.
    pub batch: Option<Batch>,
    /// As in layout 3.
    pub config_have: u64,
    /// As in layout 3.
    pub terminals: Option<Vec<TerminalInfo>>,
    /// Without the build and the oldest waiting event.
    pub status: HubStatus,
}

/// [`super::HubStatus`] in layout 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HubStatus {
    /// As in layout 3.
    pub outbox_depth: u64,
    /// As in layout 3.
    pub connected_terminals: u32,
    /// As in layout 3.
    pub sent_at: Timestamp,
    /// As in layout 3.
    pub dead_letters: u64,
}

impl From<SyncRequest> for super::SyncRequest {
    fn from(r: SyncRequest) -> Self {
        super::SyncRequest {
            version: r.version,
            batch: r.batch,
            config_have: r.config_have,
            terminals: r.terminals,
            status: super::HubStatus {
                outbox_depth: r.status.outbox_depth,
                connected_terminals: r.status.connected_terminals,
                sent_at: r.status.sent_at,
                dead_letters: r.status.dead_letters,
                software: String::new(),
                oldest_waiting_at: None,
            },
        }
    }
}

/// [`super::WatchRequest`] in layouts 1 and 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchRequest {
    /// 1 or 2.
    pub version: u16,
    /// As in layout 3.
    pub config_have: u64,
    /// As in layout 3.
    pub wait_ms: u32,
    /// As in layout 3.
    pub pending: Vec<PendingPairing>,
    /// As in layout 3.
    pub paired: Vec<PairedReport>,
    /// As in layout 3.
    pub online: Vec<TerminalId>,
}

impl From<WatchRequest> for super::WatchRequest {
    fn from(r: WatchRequest) -> Self {
        super::WatchRequest {
            version: r.version,
            config_have: r.config_have,
            wait_ms: r.wait_ms,
            pending: r.pending,
            paired: r.paired,
            online: r.online,
            hub_key: None,
        }
    }
}

/// [`super::WatchResponse`] in layout 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchResponse {
    /// As in layout 3.
    pub config: Option<HubConfig>,
    /// Without the window.
    pub pairing: Option<PairingConfig>,
}

/// [`super::PairingConfig`] in layout 2.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PairingConfig {
    /// As in layout 3.
    pub approvals: Vec<Approval>,
    /// As in layout 3.
    pub logins: Vec<LoginGrant>,
}

impl From<super::WatchResponse> for WatchResponse {
    fn from(r: super::WatchResponse) -> Self {
        WatchResponse {
            config: r.config,
            pairing: r.pairing.map(|p| PairingConfig { approvals: p.approvals, logins: p.logins }),
        }
    }
}

impl From<PairingConfig> for super::PairingConfig {
    /// What a layout-2 config meant: the window open while a login is unused.
    fn from(p: PairingConfig) -> Self {
        let window_until = p.logins.iter().map(|l| l.expires_at).max();
        super::PairingConfig { approvals: p.approvals, logins: p.logins, window_until }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;
    use crate::pairing::PublicKey;
    use crate::sync::TerminalRole;

    #[test]
    fn layout_2_reads_as_layout_3_and_layout_3_answers_in_layout_2() -> Result<(), postcard::Error> {
        let old = WatchRequest {
            version: VERSION,
            config_have: 9,
            wait_ms: 100,
            pending: Vec::new(),
            paired: Vec::new(),
            online: vec![TerminalId::new()],
        };
        let bytes = postcard::to_allocvec(&old)?;
        assert!(postcard::from_bytes::<super::super::WatchRequest>(&bytes).is_err(), "layout 3 cannot read layout 2");
        let new: super::super::WatchRequest = postcard::from_bytes::<WatchRequest>(&bytes)?.into();
        assert_eq!((new.config_have, new.online.len(), new.hub_key), (9, 1, None));

        let login = LoginGrant {
            login: "123456".into(),
            verifier: [7; 32],
            name: "Kassa".into(),
            expires_at: Timestamp(5_000),
            role: TerminalRole::Manager,
        };
        let approval = Approval {
            device: TerminalId::new(),
            key: PublicKey([3; 32]),
            name: "Kassa 2".into(),
            expires_at: Timestamp(4_000),
            role: TerminalRole::Cashier,
        };
        let v3 = super::super::PairingConfig {
            approvals: vec![approval],
            logins: vec![login],
            window_until: Some(Timestamp(9_000)),
        };
        let answer = WatchResponse::from(super::super::WatchResponse { config: None, pairing: Some(v3.clone()) });
        let bytes = postcard::to_allocvec(&answer)?;
        let back: WatchResponse = postcard::from_bytes(&bytes)?;
        let as_v3: super::super::PairingConfig = back.pairing.unwrap_or_default().into();
        assert_eq!(as_v3.approvals, v3.approvals);
        assert_eq!(as_v3.logins, v3.logins);
        assert_eq!(as_v3.window_until, Some(Timestamp(5_000)), "a layout-2 hub's window: while a login is unused");
        Ok(())
    }
}
