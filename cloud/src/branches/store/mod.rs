//! Branches, subscriptions and their limits, enrolment codes, hubs,
//! terminals, and the config pushed down to hubs. Every read an owner can
//! trigger takes the owner's business id and filters by it.

use protocol::sync::{HubConfig, Limits, TerminalBinding, TerminalInfo, TerminalRole};

use crate::billing::lifecycle;
use protocol::{TerminalId, Timestamp};
use sqlx::Row as _;

pub mod hubs;
pub mod pairing;

use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::{BranchId, BusinessId};

/// A branch as the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// Its id.
    pub id: BranchId,
    /// Its name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Contact phone (may be empty).
    pub phone: String,
    /// Open for business.
    pub active: bool,
    /// When it was made.
    pub created_at: i64,
    /// Terminals bound and not revoked.
    pub active_terminals: i64,
    /// Hubs enrolled and not revoked.
    pub hubs: i64,
    /// When a hub of this branch last synced.
    pub last_sync_at: Option<i64>,
    /// Events its hubs hold for the cloud, as they last said.
    pub waiting: i64,
    /// Events the cloud refused for good, set aside on its hubs.
    pub dead_letters: i64,
}

/// A terminal as the cloud knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terminal {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// When it was bound (approved in the portal, or provisioned at the hub).
    pub created_at: i64,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
    /// When its hub paired it; `None` while an approval waits for the device.
    pub paired_at: Option<i64>,
    /// The hub reports a live session (and the hub itself was heard lately).
    pub online: bool,
    /// Until when an open approval waits for the device.
    pub approval_expires_at: Option<i64>,
    /// What it may change.
    pub role: TerminalRole,
    /// Its short number in the branch, once its hub reported it.
    pub short: Option<i64>,
}

/// How long a hub may stay silent before its terminals read "not connected".
pub const HUB_FRESH_MS: i64 = 60_000;

/// Who a hub credential belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubAuth {
    /// The hub.
    pub hub_id: String,
    /// Its branch.
    pub branch_id: BranchId,
    /// Its business.
    pub business_id: BusinessId,
}

/// What became of an enrolment code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enrolment {
    /// The hub is enrolled.
    Enrolled {
        /// The branch's name.
        branch_name: String,
        /// The business's name.
        business_name: String,
    },
    /// No such code.
    Unknown,
    /// Already used.
    Used,
    /// Past its expiry.
    Expired,
}

/// Why a branch could not be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BranchCreated {
    /// Made, with this id.
    Created(BranchId),
    /// The tariff allows no more.
    LimitReached {
        /// The limit.
        max: i64,
    },
}

impl Db {
    /// The business's branches, oldest first.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn branches(&self, business_id: &BusinessId) -> DbResult<Vec<Branch>> {
        let rows =
            sqlx::query(BRANCH_SELECT_BY_BUSINESS).bind(business_id).bind(now_ms()).fetch_all(&self.pool).await?;
        rows.iter().map(branch_from).collect()
    }

    /// One branch of the business.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when it does not exist or is another business's.
    pub async fn branch(&self, business_id: &BusinessId, branch_id: &BranchId) -> DbResult<Branch> {
        let row = sqlx::query(BRANCH_SELECT_ONE)
            .bind(business_id)
            .bind(branch_id)
            .bind(now_ms())
            .fetch_one(&self.pool)
            .await?;
        branch_from(&row)
    }

    /// Creates a branch if the tariff allows another.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn create_branch(
        &self,
        business_id: &BusinessId,
        name: &str,
        address: &str,
        phone: &str,
    ) -> DbResult<BranchCreated> {
        let mut tx = self.begin_write().await?;
        // Lock the business row first so two requests cannot both pass the limit.
        sqlx::query("UPDATE businesses SET name = name WHERE id = $1").bind(business_id).execute(&mut *tx).await?;
        let max: i64 = sqlx::query_scalar(
            "SELECT t.max_branches FROM subscriptions s JOIN tariffs t ON t.code = s.tariff_code \
             WHERE s.business_id = $1",
        )
        .bind(business_id)
        .fetch_one(&mut *tx)
        .await?;
        let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM branches WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&mut *tx)
            .await?;
        if have >= max {
            tx.rollback().await?;
            return Ok(BranchCreated::LimitReached { max });
        }
        let id = BranchId::new();
        sqlx::query(
            "INSERT INTO branches (id, business_id, name, address, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(business_id)
        .bind(name)
        .bind(address)
        .bind(phone)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(BranchCreated::Created(id))
    }

    /// Stores a fresh enrolment code (its hash) for one of the business's
    /// branches; earlier unused codes of the branch stop working. With
    /// `replaces`, the hub enrolling with it retires that live hub of the
    /// branch.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's, or the
    /// hub to replace is not a live hub of it.
    pub async fn create_enrolment_code(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
        code_hash: &str,
        expires_at: i64,
        replaces: Option<&str>,
    ) -> DbResult<()> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let owned: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM branches WHERE id = $1 AND business_id = $2")
            .bind(branch_id)
            .bind(business_id)
            .fetch_one(&mut *tx)
            .await?;
        if owned != 1 {
            return Err(DbError::NotFound);
        }
        if let Some(hub) = replaces {
            let live: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM hubs WHERE id = $1 AND branch_id = $2 AND business_id = $3 AND revoked_at IS NULL",
            )
            .bind(hub)
            .bind(branch_id)
            .bind(business_id)
            .fetch_one(&mut *tx)
            .await?;
            if live != 1 {
                return Err(DbError::NotFound);
            }
        }
        sqlx::query(
            "UPDATE enrolment_codes SET expires_at = $2 WHERE branch_id = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(branch_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO enrolment_codes (code_hash, branch_id, created_at, expires_at, replaces_hub) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(code_hash)
        .bind(branch_id)
        .bind(now)
        .bind(expires_at)
        .bind(replaces)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Exchanges an enrolment code for a hub: marks the code used and records
    /// the hub with its credential's hash, in one transaction.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn enrol_hub(&self, code_hash: &str, hub_id: &str, name: &str, secret_hash: &str) -> DbResult<Enrolment> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let taken = sqlx::query(
            "UPDATE enrolment_codes SET used_at = $2, hub_id = $3 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(code_hash)
        .bind(now)
        .bind(hub_id)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() != 1 {
            let row = sqlx::query("SELECT used_at FROM enrolment_codes WHERE code_hash = $1")
                .bind(code_hash)
                .fetch_optional(&mut *tx)
                .await?;
            tx.rollback().await?;
            return Ok(match row {
                None => Enrolment::Unknown,
                Some(row) if row.try_get::<Option<i64>, _>(0)?.is_some() => Enrolment::Used,
                Some(_) => Enrolment::Expired,
            });
        }
        let row = sqlx::query(
            "SELECT b.id, b.business_id, b.name, u.name, c.replaces_hub FROM enrolment_codes c \
             JOIN branches b ON b.id = c.branch_id JOIN businesses u ON u.id = b.business_id WHERE c.code_hash = $1",
        )
        .bind(code_hash)
        .fetch_one(&mut *tx)
        .await?;
        let (branch_id, business_id): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        let (branch_name, business_name): (String, String) = (row.try_get(2)?, row.try_get(3)?);
        let replaces: Option<String> = row.try_get(4)?;
        if let Some(old) = replaces {
            // The owner asked for it when the code was issued: the old
            // credential stops working as the new one starts.
            let retired = sqlx::query(
                "UPDATE hubs SET revoked_at = $4 WHERE id = $1 AND branch_id = $2 AND business_id = $3 \
                 AND revoked_at IS NULL",
            )
            .bind(&old)
            .bind(&branch_id)
            .bind(&business_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if retired.rows_affected() == 1 {
                let detail = format!("hub {old} revoked: replaced by hub {hub_id} ({name})");
                let business = BusinessId::parse(&business_id).ok_or_else(|| DbError::Corrupt("business id".into()))?;
                let audit = crate::admin::store::NewAudit {
                    actor_kind: "hub",
                    actor_id: hub_id,
                    actor_login: name,
                    action: "revoke_hub",
                    business_id: Some(&business),
                    detail: &detail,
                    client_addr: "",
                };
                crate::admin::store::write_audit(&mut tx, &audit).await?;
            }
        }
        sqlx::query(
            "INSERT INTO hubs (id, business_id, branch_id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hub_id)
        .bind(&business_id)
        .bind(&branch_id)
        .bind(name)
        .bind(secret_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Enrolment::Enrolled { branch_name, business_name })
    }

    /// The hub a credential belongs to, if it is known and not revoked.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn hub_auth(&self, hub_id: &str, secret_hash: &str) -> DbResult<HubAuth> {
        let row = sqlx::query(
            "SELECT id, branch_id, business_id, secret_hash FROM hubs WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(hub_id)
        .fetch_one(&self.pool)
        .await?;
        let stored: String = row.try_get(3)?;
        if !bool::from(subtle::ConstantTimeEq::ct_eq(stored.as_bytes(), secret_hash.as_bytes())) {
            return Err(DbError::NotFound);
        }
        Ok(HubAuth { hub_id: row.try_get(0)?, branch_id: row.try_get(1)?, business_id: row.try_get(2)? })
    }

    /// Records the hub's report of its terminals: new ones are bound to the
    /// hub's branch; ones bound to another branch are ignored; a revocation
    /// at the hub is recorded (a cloud revocation is never undone here).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn record_terminals(&self, tx: &mut Tx, hub: &HubAuth, terminals: &[TerminalInfo]) -> DbResult<()> {
        for t in terminals {
            let id = t.id.to_string();
            sqlx::query(
                "INSERT INTO terminals (id, business_id, branch_id, name, created_at, revoked_at, paired_at, \
                 short_number, role) VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8) ON CONFLICT (id) DO UPDATE SET \
                 name = excluded.name, revoked_at = COALESCE(terminals.revoked_at, excluded.revoked_at), \
                 paired_at = COALESCE(terminals.paired_at, excluded.paired_at), \
                 short_number = COALESCE(excluded.short_number, terminals.short_number), \
                 role = CASE WHEN excluded.short_number IS NULL THEN terminals.role ELSE excluded.role END \
                 WHERE terminals.branch_id = excluded.branch_id",
            )
            .bind(&id)
            .bind(&hub.business_id)
            .bind(&hub.branch_id)
            .bind(&t.name)
            .bind(t.created_at.0)
            .bind(t.revoked_at.map(|at| at.0))
            // A hub speaking sync layout 1 knows neither: keep what is known.
            .bind((t.short > 0).then_some(i64::from(t.short)))
            .bind(t.role.code())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// The branch's terminals, newest first. Scoped to the business.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn terminals(&self, business_id: &BusinessId, branch_id: &BranchId) -> DbResult<Vec<Terminal>> {
        let now = now_ms();
        let rows = sqlx::query(
            "SELECT t.id, t.name, t.created_at, t.revoked_at, t.paired_at, t.online, t.approval_expires_at, \
             (SELECT MAX(h.last_sync_at) FROM hubs h WHERE h.branch_id = t.branch_id AND h.revoked_at IS NULL), \
             t.role, t.short_number \
             FROM terminals t WHERE t.business_id = $1 AND t.branch_id = $2 \
             AND (t.paired_at IS NOT NULL OR t.revoked_at IS NULL) ORDER BY t.created_at DESC, t.id",
        )
        .bind(business_id)
        .bind(branch_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let hub_seen: Option<i64> = r.try_get(7)?;
                Ok(Terminal {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    created_at: r.try_get(2)?,
                    revoked_at: r.try_get(3)?,
                    paired_at: r.try_get(4)?,
                    online: r.try_get::<i64, _>(5)? != 0 && hub_seen.is_some_and(|at| at > now - HUB_FRESH_MS),
                    approval_expires_at: r.try_get(6)?,
                    role: TerminalRole::from_code(&r.try_get::<String, _>(8)?).unwrap_or_default(),
                    short: r.try_get(9)?,
                })
            })
            .filter(|t: &DbResult<Terminal>| {
                // An approval the device never collected is gone from view.
                t.as_ref().map_or(true, |t| t.paired_at.is_some() || t.approval_expires_at.is_some_and(|at| at > now))
            })
            .collect()
    }

    /// Revokes a terminal of the business; its hub hears it with the next
    /// config.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when it is not the business's.
    pub async fn revoke_terminal(&self, business_id: &BusinessId, terminal_id: &str) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        let branch: Option<String> =
            sqlx::query_scalar("SELECT branch_id FROM terminals WHERE id = $1 AND business_id = $2")
                .bind(terminal_id)
                .bind(business_id)
                .fetch_optional(&mut *tx)
                .await?;
        let branch = branch.ok_or(DbError::NotFound)?;
        sqlx::query("UPDATE terminals SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1")
            .bind(terminal_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE branches SET config_version = config_version + 1 WHERE id = $1")
            .bind(&branch)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The branch's config if it is newer than `have`. Its limits say
    /// whether the subscription allows new pairings, and until when (the end
    /// date plus `grace_ms`): the hub stops pairing at that moment by its own
    /// clock, with no config change needed.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn hub_config(
        &self,
        tx: &mut Tx,
        hub: &HubAuth,
        have: u64,
        grace_ms: i64,
    ) -> DbResult<Option<HubConfig>> {
        let row = sqlx::query("SELECT config_version, name FROM branches WHERE id = $1")
            .bind(&hub.branch_id)
            .fetch_one(&mut **tx)
            .await?;
        let version = u64::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0);
        if version <= have {
            return Ok(None);
        }
        let branch_name: String = row.try_get(1)?;
        let rows = sqlx::query("SELECT id, name, revoked_at FROM terminals WHERE branch_id = $1 ORDER BY id")
            .bind(&hub.branch_id)
            .fetch_all(&mut **tx)
            .await?;
        let mut terminals = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: String = r.try_get(0)?;
            let id = TerminalId::parse(&id).map_err(|e| DbError::Corrupt(e.to_string()))?;
            terminals.push(TerminalBinding {
                id,
                name: r.try_get(1)?,
                revoked: r.try_get::<Option<i64>, _>(2)?.is_some(),
            });
        }
        let row = sqlx::query(
            "SELECT t.max_terminals, t.max_branches, s.status, s.ends_at, s.paid FROM subscriptions s \
             JOIN tariffs t ON t.code = s.tariff_code WHERE s.business_id = $1",
        )
        .bind(&hub.business_id)
        .fetch_one(&mut **tx)
        .await?;
        let status: String = row.try_get(2)?;
        let sub = lifecycle::Subscription {
            status: lifecycle::Status::from_code(&status).unwrap_or(lifecycle::Status::Suspended),
            ends_at: row.try_get(3)?,
            paid: row.try_get::<i64, _>(4)? != 0,
        };
        let read_only_at = sub.ends_at.saturating_add(grace_ms);
        let limits = Limits {
            max_terminals: u32::try_from(row.try_get::<i64, _>(0)?).unwrap_or(0),
            max_branches: u32::try_from(row.try_get::<i64, _>(1)?).unwrap_or(0),
            active: sub.access(now_ms(), grace_ms) != lifecycle::Access::ReadOnly,
            ends_at: Some(Timestamp(read_only_at)),
        };
        Ok(Some(HubConfig { version, branch_name, terminals, limits }))
    }
}

const BRANCH_SELECT_BY_BUSINESS: &str = "SELECT b.id, b.name, b.address, b.phone, b.active, b.created_at, \
     (SELECT COUNT(*) FROM terminals t WHERE t.branch_id = b.id AND t.revoked_at IS NULL \
      AND (t.paired_at IS NOT NULL OR t.approval_expires_at > $2)) AS active_terminals, \
     (SELECT COUNT(*) FROM hubs h WHERE h.branch_id = b.id AND h.revoked_at IS NULL) AS hubs, \
     (SELECT MAX(h.last_sync_at) FROM hubs h WHERE h.branch_id = b.id) AS last_sync_at, \
     (SELECT CAST(COALESCE(SUM(h.outbox_depth), 0) AS BIGINT) FROM hubs h WHERE h.branch_id = b.id AND h.revoked_at IS NULL) AS waiting, \
     (SELECT CAST(COALESCE(SUM(h.dead_letters), 0) AS BIGINT) FROM hubs h WHERE h.branch_id = b.id AND h.revoked_at IS NULL) AS dead \
     FROM branches b WHERE b.business_id = $1 ORDER BY b.created_at, b.id";

const BRANCH_SELECT_ONE: &str = "SELECT b.id, b.name, b.address, b.phone, b.active, b.created_at, \
     (SELECT COUNT(*) FROM terminals t WHERE t.branch_id = b.id AND t.revoked_at IS NULL \
      AND (t.paired_at IS NOT NULL OR t.approval_expires_at > $3)) AS active_terminals, \
     (SELECT COUNT(*) FROM hubs h WHERE h.branch_id = b.id AND h.revoked_at IS NULL) AS hubs, \
     (SELECT MAX(h.last_sync_at) FROM hubs h WHERE h.branch_id = b.id) AS last_sync_at, \
     (SELECT CAST(COALESCE(SUM(h.outbox_depth), 0) AS BIGINT) FROM hubs h WHERE h.branch_id = b.id AND h.revoked_at IS NULL) AS waiting, \
     (SELECT CAST(COALESCE(SUM(h.dead_letters), 0) AS BIGINT) FROM hubs h WHERE h.branch_id = b.id AND h.revoked_at IS NULL) AS dead \
     FROM branches b WHERE b.business_id = $1 AND b.id = $2";

fn branch_from(row: &sqlx::any::AnyRow) -> DbResult<Branch> {
    Ok(Branch {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        address: row.try_get(2)?,
        phone: row.try_get(3)?,
        active: row.try_get::<i64, _>(4)? != 0,
        created_at: row.try_get(5)?,
        active_terminals: row.try_get(6)?,
        hubs: row.try_get(7)?,
        last_sync_at: row.try_get(8)?,
        waiting: row.try_get(9)?,
        dead_letters: row.try_get(10)?,
    })
}
