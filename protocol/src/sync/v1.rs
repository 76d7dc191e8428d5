//! Layout 1 of the sync and watch calls, frozen: a hub not yet upgraded
//! still syncs. Layout 2 added each terminal's short number and role to
//! [`super::TerminalInfo`], the role to approvals and POS logins, and the
//! count of dead letters to [`super::HubStatus`]. The
//! cloud decodes a version-1 request here and converts it (short numbers
//! unknown, roles cashier), and answers a version-1 watch call in this
//! layout (the roles left out: such a hub pairs every terminal as a cashier).

use serde::{Deserialize, Serialize};

use super::{Batch, HubConfig, TerminalRole};
use crate::pairing::PublicKey;
use crate::{TerminalId, Timestamp};

/// The version number of this layout.
pub const VERSION: u16 = 1;

/// [`super::SyncRequest`] in layout 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// Always [`VERSION`].
    pub version: u16,
    /// As in layout 2.
    pub batch: Option<Batch>,
    /// As in layout 2.
    pub config_have: u64,
    /// The registry, without short numbers and roles.
    pub terminals: Option<Vec<TerminalInfo>>,
    /// Without the dead letters.
    pub status: HubStatus,
}

/// [`super::HubStatus`] in layout 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HubStatus {
    /// Events waiting to be synced.
    pub outbox_depth: u64,
    /// Terminals with a live session.
    pub connected_terminals: u32,
    /// The hub's clock when it sent this.
    pub sent_at: Timestamp,
}

/// [`super::TerminalInfo`] in layout 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalInfo {
    /// Its id.
    pub id: TerminalId,
    /// Its name.
    pub name: String,
    /// When it was provisioned at the hub.
    pub created_at: Timestamp,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

impl From<SyncRequest> for super::SyncRequest {
    fn from(r: SyncRequest) -> Self {
        super::SyncRequest {
            version: r.version,
            batch: r.batch,
            config_have: r.config_have,
            terminals: r.terminals.map(|all| {
                all.into_iter()
                    .map(|t| super::TerminalInfo {
                        id: t.id,
                        name: t.name,
                        created_at: t.created_at,
                        revoked_at: t.revoked_at,
                        short: 0,
                        role: TerminalRole::Cashier,
                    })
                    .collect()
            }),
            status: super::HubStatus {
                outbox_depth: r.status.outbox_depth,
                connected_terminals: r.status.connected_terminals,
                sent_at: r.status.sent_at,
                dead_letters: 0,
                software: String::new(),
                oldest_waiting_at: None,
            },
        }
    }
}

/// [`super::WatchResponse`] in layout 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WatchResponse {
    /// As in layout 2.
    pub config: Option<HubConfig>,
    /// Without roles.
    pub pairing: Option<PairingConfig>,
}

/// [`super::PairingConfig`] in layout 1.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PairingConfig {
    /// Approvals without roles.
    pub approvals: Vec<Approval>,
    /// POS logins without roles.
    pub logins: Vec<LoginGrant>,
}

/// [`super::Approval`] in layout 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// The device id.
    pub device: TerminalId,
    /// The public key the code vouched for.
    pub key: PublicKey,
    /// The name it gets.
    pub name: String,
    /// Until when the approval holds.
    pub expires_at: Timestamp,
}

/// [`super::LoginGrant`] in layout 1.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginGrant {
    /// The login.
    pub login: String,
    /// The password's verifier.
    pub verifier: [u8; 32],
    /// The name the terminal gets.
    pub name: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

impl std::fmt::Debug for LoginGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginGrant").field("login", &self.login).field("name", &self.name).finish_non_exhaustive()
    }
}

impl From<super::WatchResponse> for WatchResponse {
    fn from(r: super::WatchResponse) -> Self {
        WatchResponse {
            config: r.config,
            pairing: r.pairing.map(|p| PairingConfig {
                approvals: p
                    .approvals
                    .into_iter()
                    .map(|a| Approval { device: a.device, key: a.key, name: a.name, expires_at: a.expires_at })
                    .collect(),
                logins: p
                    .logins
                    .into_iter()
                    .map(|l| LoginGrant {
                        login: l.login,
                        verifier: l.verifier,
                        name: l.name,
                        expires_at: l.expires_at,
                    })
                    .collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_1_request_reads_as_layout_2_with_roles_unknown() -> Result<(), postcard::Error> {
        let id = TerminalId::new();
        let old = SyncRequest {
            version: VERSION,
            batch: None,
            config_have: 7,
            terminals: Some(vec![TerminalInfo {
                id,
                name: "Kassa 1".into(),
                created_at: Timestamp(5),
                revoked_at: None,
            }]),
            status: HubStatus::default(),
        };
        let bytes = postcard::to_allocvec(&old)?;
        assert!(postcard::from_bytes::<super::super::SyncRequest>(&bytes).is_err(), "layout 2 cannot read layout 1");
        let new: super::super::SyncRequest = postcard::from_bytes::<SyncRequest>(&bytes)?.into();
        let t = &new.terminals.as_deref().unwrap_or_default()[0];
        assert_eq!((t.id, t.short, t.role, new.config_have), (id, 0, TerminalRole::Cashier, 7));
        Ok(())
    }
}
