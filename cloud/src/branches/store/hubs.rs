//! A branch's hubs as the owner sees and controls them: when each was last
//! heard, what it holds for the cloud, its identity, and revocation. A
//! revoked credential is refused on the hub's next call: every call looks
//! the credential up (`Db::hub_auth`), nothing caches it.

use protocol::hub_id::HubKey;
use sqlx::Row as _;

use super::pairing::owns_branch;
use crate::admin::store::{NewAudit, write_audit};
use crate::db::{Db, DbError, DbResult, now_ms};
use crate::ids::{BranchId, BusinessId};

/// A live hub of a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubRow {
    /// Its id.
    pub id: String,
    /// The name it enrolled with.
    pub name: String,
    /// When it enrolled.
    pub created_at: i64,
    /// When it last called the cloud.
    pub last_sync_at: Option<i64>,
    /// Events it holds for the cloud, as it last said.
    pub outbox_depth: i64,
    /// Events the cloud refused for good, set aside on it.
    pub dead_letters: i64,
    /// Its identity's fingerprint, once it has told its key.
    pub fingerprint: Option<String>,
    /// Its build, as it last said (empty from hubs before sync layout 3).
    pub software: String,
    /// How long its oldest waiting event had waited at its last call.
    pub sync_lag_ms: i64,
}

/// Who revokes a hub, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Revoker<'a> {
    /// The owner's id.
    pub owner_id: &'a str,
    /// The owner's phone.
    pub phone: &'a str,
    /// The client's address.
    pub client_addr: &'a str,
}

impl Db {
    /// The branch's hubs that are not revoked, oldest first.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's.
    pub async fn hubs_of(&self, business_id: &BusinessId, branch_id: &BranchId) -> DbResult<Vec<HubRow>> {
        let mut tx = self.pool.begin().await?;
        owns_branch(&mut tx, business_id, branch_id).await?;
        let rows = sqlx::query(
            "SELECT id, name, created_at, last_sync_at, outbox_depth, dead_letters, identity_key, software, sync_lag_ms \
             FROM hubs \
             WHERE branch_id = $1 AND business_id = $2 AND revoked_at IS NULL ORDER BY created_at, id",
        )
        .bind(branch_id)
        .bind(business_id)
        .fetch_all(&mut *tx)
        .await?;
        tx.rollback().await?;
        let mut hubs = Vec::with_capacity(rows.len());
        for r in &rows {
            let key: Option<String> = r.try_get(6)?;
            hubs.push(HubRow {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                created_at: r.try_get(2)?,
                last_sync_at: r.try_get(3)?,
                outbox_depth: r.try_get(4)?,
                dead_letters: r.try_get(5)?,
                fingerprint: key.and_then(|k| HubKey::parse(&k).ok()).map(|k| k.fingerprint().to_string()),
                software: r.try_get(7)?,
                sync_lag_ms: r.try_get(8)?,
            });
        }
        Ok(hubs)
    }

    /// The business's live hub `hub_id`, its branch and the branch's name.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when no such hub of this business is live.
    pub async fn hub_of(&self, business_id: &BusinessId, hub_id: &str) -> DbResult<(HubRow, BranchId, String)> {
        let branch: (String, String) = sqlx::query_as(
            "SELECT h.branch_id, b.name FROM hubs h JOIN branches b ON b.id = h.branch_id AND b.business_id = h.business_id \
             WHERE h.id = $1 AND h.business_id = $2 AND h.revoked_at IS NULL",
        )
        .bind(hub_id)
        .bind(business_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(DbError::NotFound)?;
        let branch_id = BranchId::parse(&branch.0).ok_or_else(|| DbError::Corrupt("stored branch id".into()))?;
        let hub = self.hubs_of(business_id, &branch_id).await?.into_iter().find(|h| h.id == hub_id);
        Ok((hub.ok_or(DbError::NotFound)?, branch_id, branch.1))
    }

    /// Revokes the business's hub `hub_id`: its credential is refused from
    /// its next call on, and the audit log says who did it. Its terminals
    /// stay bound to the branch; a hub enrolled again with a new code
    /// serves them.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when no such hub of this business is live.
    pub async fn revoke_hub(&self, business_id: &BusinessId, hub_id: &str, by: Revoker<'_>) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        let name: Option<String> = sqlx::query_scalar(
            "UPDATE hubs SET revoked_at = $3 WHERE id = $1 AND business_id = $2 AND revoked_at IS NULL RETURNING name",
        )
        .bind(hub_id)
        .bind(business_id)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(name) = name else {
            tx.rollback().await?;
            return Err(DbError::NotFound);
        };
        let detail = format!("hub {hub_id} ({name}) revoked");
        let audit = NewAudit {
            actor_kind: "owner",
            actor_id: by.owner_id,
            actor_login: by.phone,
            action: "revoke_hub",
            business_id: Some(business_id),
            detail: &detail,
            client_addr: by.client_addr,
        };
        write_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
