//! Pairing terminals (E6) in the cloud: devices waiting at hubs, approvals
//! by code or QR code within the tariff's terminal limit, POS logins, and
//! what hubs report back (completed pairings, live terminals). The scheme is
//! in [`protocol::pairing`].

use protocol::pairing::PublicKey;
use protocol::sync::{Approval, LoginGrant, PairedReport, PairedVia, PairingConfig, TerminalRole};
use protocol::{TerminalId, Timestamp};
use sqlx::Row as _;

use super::HubAuth;
use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::{BranchId, BusinessId};

/// What became of an approval (or a POS login request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approved {
    /// Bound: the hub pairs the device as soon as it hears (within a second
    /// when it is online).
    Bound {
        /// The device id.
        device: String,
        /// The name it got.
        name: String,
    },
    /// No device waiting at this branch's hub shows that code.
    Unknown,
    /// The code expired; the terminal shows a new one.
    Expired,
    /// The code was used already.
    Used,
    /// Two waiting devices show that code: neither is approved.
    Ambiguous,
    /// The branch has as many active terminals as the tariff allows.
    LimitReached {
        /// The limit.
        max: i64,
    },
    /// The device is bound to another branch.
    BoundElsewhere,
}

/// A request waiting at a hub, with its code computed by the cloud.
#[derive(Debug, Clone)]
pub struct WaitingDevice {
    /// The device id.
    pub device: TerminalId,
    /// Its key.
    pub key: PublicKey,
    /// Its code (8 characters, no dash).
    pub code: String,
    /// When the hub first saw it.
    pub first_seen: Timestamp,
    /// When its code expires.
    pub expires_at: Timestamp,
}

/// Counts a branch's active terminals: not revoked, and either paired or
/// approved with the approval still open. Binds `$1` branch, `$2` now.
const ACTIVE_TERMINALS: &str = "SELECT COUNT(*) FROM terminals WHERE branch_id = $1 AND revoked_at IS NULL \
     AND (paired_at IS NOT NULL OR approval_expires_at > $2)";

/// How long a fresh POS login keeps the hub's pairing window open: the
/// login itself stays good for a day, but the hub's pairing port should not
/// stay open to the LAN all that time for a login nobody types.
pub const LOGIN_WINDOW_MS: i64 = 60 * 60_000;

async fn bump_config(tx: &mut Tx, branch_id: &BranchId) -> DbResult<()> {
    sqlx::query("UPDATE branches SET config_version = config_version + 1 WHERE id = $1")
        .bind(branch_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The tariff's terminal limit, when the branch is at it. Locks the business
/// row first so two requests cannot both pass.
async fn at_limit(tx: &mut Tx, business_id: &BusinessId, branch_id: &BranchId) -> DbResult<Option<i64>> {
    sqlx::query("UPDATE businesses SET name = name WHERE id = $1").bind(business_id).execute(&mut **tx).await?;
    let max: i64 = sqlx::query_scalar(
        "SELECT t.max_terminals FROM subscriptions s JOIN tariffs t ON t.code = s.tariff_code WHERE s.business_id = $1",
    )
    .bind(business_id)
    .fetch_one(&mut **tx)
    .await?;
    let active: i64 = sqlx::query_scalar(ACTIVE_TERMINALS).bind(branch_id).bind(now_ms()).fetch_one(&mut **tx).await?;
    Ok((active >= max).then_some(max))
}

pub(super) async fn owns_branch(tx: &mut Tx, business_id: &BusinessId, branch_id: &BranchId) -> DbResult<()> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM branches WHERE id = $1 AND business_id = $2")
        .bind(branch_id)
        .bind(business_id)
        .fetch_one(&mut **tx)
        .await?;
    if n == 1 { Ok(()) } else { Err(DbError::NotFound) }
}

/// The name and role the owner gives a terminal they approve or issue a
/// POS login for.
#[derive(Debug, Clone, Copy)]
pub struct NewTerminal<'a> {
    /// Its name (empty: "Kassa N").
    pub name: &'a str,
    /// What it may change.
    pub role: TerminalRole,
}

impl Db {
    /// Which of `pending` this branch already knows (so their codes need not
    /// be computed again).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn known_requests(&self, branch_id: &BranchId) -> DbResult<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT device_id, public_key FROM pairing_requests WHERE branch_id = $1")
            .bind(branch_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }

    /// Records what a hub's watch call carries: devices waiting (with codes
    /// the cloud computed), pairings it completed, and its live terminals.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn record_watch(
        &self,
        hub: &HubAuth,
        waiting: &[WaitingDevice],
        paired: &[PairedReport],
        online: &[TerminalId],
        hub_key: Option<&protocol::hub_id::HubKey>,
    ) -> DbResult<()> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        // Requests an hour past their expiry are of no use to anyone.
        sqlx::query("DELETE FROM pairing_requests WHERE branch_id = $1 AND expires_at < $2")
            .bind(&hub.branch_id)
            .bind(now - 3_600_000)
            .execute(&mut *tx)
            .await?;
        for w in waiting {
            sqlx::query(
                "INSERT INTO pairing_requests (branch_id, device_id, public_key, code, first_seen, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (branch_id, device_id, public_key) DO NOTHING",
            )
            .bind(&hub.branch_id)
            .bind(w.device.to_string())
            .bind(w.key.to_text())
            .bind(&w.code)
            .bind(w.first_seen.0)
            .bind(w.expires_at.0)
            .execute(&mut *tx)
            .await?;
        }
        for report in paired {
            let device = report.device.to_string();
            match &report.via {
                PairedVia::Approval => {
                    sqlx::query(
                        "UPDATE terminals SET paired_at = COALESCE(paired_at, $3) WHERE id = $1 AND branch_id = $2",
                    )
                    .bind(&device)
                    .bind(&hub.branch_id)
                    .bind(report.at.0)
                    .execute(&mut *tx)
                    .await?;
                }
                PairedVia::Login(login) => {
                    sqlx::query(
                        "UPDATE pos_logins SET used_at = COALESCE(used_at, $3), device_id = COALESCE(device_id, $4) \
                         WHERE branch_id = $1 AND login = $2",
                    )
                    .bind(&hub.branch_id)
                    .bind(login)
                    .bind(report.at.0)
                    .bind(&device)
                    .execute(&mut *tx)
                    .await?;
                    let name: Option<String> =
                        sqlx::query_scalar("SELECT name FROM pos_logins WHERE branch_id = $1 AND login = $2")
                            .bind(&hub.branch_id)
                            .bind(login)
                            .fetch_optional(&mut *tx)
                            .await?;
                    insert_paired(&mut tx, hub, &device, name.as_deref().unwrap_or("POS"), report.at.0, "pos-login")
                        .await?;
                }
                PairedVia::Technician => {
                    insert_paired(&mut tx, hub, &device, "POS", report.at.0, "technician").await?;
                }
            }
        }
        sqlx::query("UPDATE terminals SET online = 0 WHERE branch_id = $1 AND online <> 0")
            .bind(&hub.branch_id)
            .execute(&mut *tx)
            .await?;
        for id in online {
            sqlx::query("UPDATE terminals SET online = 1, last_seen_at = $3 WHERE id = $1 AND branch_id = $2")
                .bind(id.to_string())
                .bind(&hub.branch_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE hubs SET last_sync_at = $2, identity_key = COALESCE($3, identity_key) WHERE id = $1")
            .bind(&hub.hub_id)
            .bind(now)
            .bind(hub_key.map(protocol::hub_id::HubKey::to_text))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Opens the branch's pairing window until `until`, or closes what the
    /// owner opened (`None`; approvals still keep it open until they expire).
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's.
    pub async fn set_pairing_window(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
        until: Option<i64>,
    ) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        owns_branch(&mut tx, business_id, branch_id).await?;
        sqlx::query("UPDATE branches SET pairing_window_until = $2 WHERE id = $1")
            .bind(branch_id)
            .bind(until)
            .execute(&mut *tx)
            .await?;
        // POS logins keep the window open for a while after they are issued:
        // closing means closing, so they stop keeping it open too.
        if until.is_none() {
            sqlx::query(
                "UPDATE pos_logins SET window_until = NULL WHERE branch_id = $1 AND used_at IS NULL AND window_until IS NOT NULL",
            )
            .bind(branch_id)
            .execute(&mut *tx)
            .await?;
        }
        bump_config(&mut tx, branch_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Until when the branch's pairing window is open by the owner's word,
    /// for the branch card.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's.
    pub async fn pairing_window_of(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
    ) -> DbResult<Option<Timestamp>> {
        let mut tx = self.pool.begin().await?;
        owns_branch(&mut tx, business_id, branch_id).await?;
        let until = self.pairing_window(&mut tx, branch_id).await?;
        tx.rollback().await?;
        Ok(until)
    }

    /// Until when the branch's hub admits devices by the owner's word (the
    /// window opened in the portal and recent POS logins), if it does now.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn pairing_window(&self, tx: &mut Tx, branch_id: &BranchId) -> DbResult<Option<Timestamp>> {
        let now = now_ms();
        let opened: Option<i64> =
            sqlx::query_scalar("SELECT pairing_window_until FROM branches WHERE id = $1 AND pairing_window_until > $2")
                .bind(branch_id)
                .bind(now)
                .fetch_optional(&mut **tx)
                .await?
                .flatten();
        let logins: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(window_until) FROM pos_logins WHERE branch_id = $1 AND used_at IS NULL AND window_until > $2",
        )
        .bind(branch_id)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        Ok(opened.max(logins).map(Timestamp))
    }

    /// Approves the device waiting at the branch's hub whose code is `code`
    /// (8 characters, normalised).
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's.
    pub async fn approve_code(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
        code: &str,
        terminal: NewTerminal<'_>,
    ) -> DbResult<Approved> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        owns_branch(&mut tx, business_id, branch_id).await?;
        let rows = sqlx::query(
            "SELECT device_id, public_key, expires_at, used_at FROM pairing_requests WHERE branch_id = $1 AND code = $2",
        )
        .bind(branch_id)
        .bind(code)
        .fetch_all(&mut *tx)
        .await?;
        let mut live = Vec::new();
        let mut used = false;
        for r in &rows {
            let (device, key, expires_at): (String, String, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            if r.try_get::<Option<i64>, _>(3)?.is_some() {
                used = true;
            } else if expires_at > now {
                live.push((device, key, expires_at));
            }
        }
        let outcome = match (live.as_slice(), used, rows.is_empty()) {
            ([(device, key, expires_at)], _, _) => {
                bind(&mut tx, business_id, branch_id, device, key, *expires_at, terminal).await?
            }
            ([_, _, ..], _, _) => Approved::Ambiguous,
            ([], true, _) => Approved::Used,
            ([], false, true) => Approved::Unknown,
            ([], false, false) => Approved::Expired,
        };
        finish(tx, branch_id, &outcome).await?;
        Ok(outcome)
    }

    /// Approves a device from its scanned QR code (already checked: its code
    /// is its key's fingerprint). Works before the device's request has
    /// reached the cloud (the hub was offline): the approval then waits for
    /// it, for as long as a code can live.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's.
    pub async fn approve_qr(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
        device: TerminalId,
        key: &PublicKey,
        terminal: NewTerminal<'_>,
    ) -> DbResult<Approved> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        owns_branch(&mut tx, business_id, branch_id).await?;
        let (device, key) = (device.to_string(), key.to_text());
        let row = sqlx::query(
            "SELECT expires_at, used_at FROM pairing_requests WHERE branch_id = $1 AND device_id = $2 AND public_key = $3",
        )
        .bind(branch_id)
        .bind(&device)
        .bind(&key)
        .fetch_optional(&mut *tx)
        .await?;
        let outcome = match row {
            Some(r) if r.try_get::<Option<i64>, _>(1)?.is_some() => Approved::Used,
            Some(r) if r.try_get::<i64, _>(0)? <= now => Approved::Expired,
            Some(r) => {
                let expires_at = r.try_get::<i64, _>(0)?;
                bind(&mut tx, business_id, branch_id, &device, &key, expires_at, terminal).await?
            }
            None => {
                let expires_at = now + i64::from(protocol::pairing::MAX_CODE_TTL_S) * 1000;
                bind(&mut tx, business_id, branch_id, &device, &key, expires_at, terminal).await?
            }
        };
        finish(tx, branch_id, &outcome).await?;
        Ok(outcome)
    }

    /// Stores a POS login (its verifier only) for one device of the branch,
    /// unless the branch is at its terminal limit.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the branch is not the business's;
    /// [`DbError::Conflict`] when the login is taken (pick another).
    pub async fn issue_pos_login(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
        login: &str,
        verifier: &[u8; 32],
        terminal: NewTerminal<'_>,
        expires_at: i64,
    ) -> DbResult<Option<i64>> {
        let mut tx = self.begin_write().await?;
        owns_branch(&mut tx, business_id, branch_id).await?;
        if let Some(max) = at_limit(&mut tx, business_id, branch_id).await? {
            tx.rollback().await?;
            return Ok(Some(max));
        }
        sqlx::query(
            "INSERT INTO pos_logins (branch_id, login, business_id, verifier, name, created_at, expires_at, role, \
             window_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(branch_id)
        .bind(login)
        .bind(business_id)
        .bind(hex::encode(verifier))
        .bind(terminal.name)
        .bind(now_ms())
        .bind(expires_at)
        .bind(terminal.role.code())
        .bind(expires_at.min(now_ms().saturating_add(LOGIN_WINDOW_MS)))
        .execute(&mut *tx)
        .await?;
        bump_config(&mut tx, branch_id).await?;
        tx.commit().await?;
        Ok(None)
    }

    /// The branch's config version.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn config_version(&self, branch_id: &BranchId) -> DbResult<u64> {
        let v: i64 = sqlx::query_scalar("SELECT config_version FROM branches WHERE id = $1")
            .bind(branch_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(v).unwrap_or(0))
    }

    /// The hub's config and its pairing part, when newer than `have`.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the hub has been revoked;
    /// [`DbError::Sql`] or [`DbError::Corrupt`].
    pub async fn watch_config(
        &self,
        hub: &HubAuth,
        have: u64,
        grace_ms: i64,
    ) -> DbResult<Option<(protocol::sync::HubConfig, PairingConfig)>> {
        let mut tx = self.pool.begin().await?;
        // Revoked while its call waited: refused at once, not at its next call.
        let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hubs WHERE id = $1 AND revoked_at IS NULL")
            .bind(&hub.hub_id)
            .fetch_one(&mut *tx)
            .await?;
        if live == 0 {
            tx.rollback().await?;
            return Err(DbError::NotFound);
        }
        let Some(config) = self.hub_config(&mut tx, hub, have, grace_ms).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        let pairing = self.pairing_config(&mut tx, &hub.branch_id).await?;
        tx.rollback().await?;
        Ok(Some((config, pairing)))
    }

    /// What the branch's hub may pair now: open approvals and POS logins.
    ///
    /// # Errors
    /// [`DbError::Sql`] or [`DbError::Corrupt`].
    pub async fn pairing_config(&self, tx: &mut Tx, branch_id: &BranchId) -> DbResult<PairingConfig> {
        let now = now_ms();
        let corrupt = |what: &str| DbError::Corrupt(format!("stored {what} does not parse"));
        let rows = sqlx::query(
            "SELECT id, public_key, name, approval_expires_at, role FROM terminals WHERE branch_id = $1 \
             AND public_key IS NOT NULL AND paired_at IS NULL AND revoked_at IS NULL AND approval_expires_at > $2",
        )
        .bind(branch_id)
        .bind(now)
        .fetch_all(&mut **tx)
        .await?;
        let mut approvals = Vec::with_capacity(rows.len());
        for r in &rows {
            approvals.push(Approval {
                device: TerminalId::parse(&r.try_get::<String, _>(0)?).map_err(|_| corrupt("terminal id"))?,
                key: PublicKey::parse(&r.try_get::<String, _>(1)?).map_err(|_| corrupt("public key"))?,
                name: r.try_get(2)?,
                expires_at: Timestamp(r.try_get(3)?),
                role: TerminalRole::from_code(&r.try_get::<String, _>(4)?).ok_or_else(|| corrupt("role"))?,
            });
        }
        let rows = sqlx::query(
            "SELECT login, verifier, name, expires_at, role FROM pos_logins WHERE branch_id = $1 AND used_at IS NULL \
             AND expires_at > $2",
        )
        .bind(branch_id)
        .bind(now)
        .fetch_all(&mut **tx)
        .await?;
        let mut logins = Vec::with_capacity(rows.len());
        for r in &rows {
            let verifier = hex::decode(r.try_get::<String, _>(1)?).map_err(|_| corrupt("verifier"))?;
            logins.push(LoginGrant {
                login: r.try_get(0)?,
                verifier: verifier.try_into().map_err(|_| corrupt("verifier"))?,
                name: r.try_get(2)?,
                expires_at: Timestamp(r.try_get(3)?),
                role: TerminalRole::from_code(&r.try_get::<String, _>(4)?).ok_or_else(|| corrupt("role"))?,
            });
        }
        let window_until = self.pairing_window(tx, branch_id).await?;
        Ok(PairingConfig { approvals, logins, window_until })
    }
}

/// Records a terminal a hub paired on its own (a technician, a POS login).
/// The cloud checks the tariff too, whichever hub reports it: a new
/// terminal past the branch's limit (two hubs of one branch count as one)
/// is recorded revoked, and the next config tells every hub of the branch
/// to refuse it.
async fn insert_paired(tx: &mut Tx, hub: &HubAuth, device: &str, name: &str, at: i64, via: &str) -> DbResult<()> {
    let known: Option<String> = sqlx::query_scalar("SELECT branch_id FROM terminals WHERE id = $1")
        .bind(device)
        .fetch_optional(&mut **tx)
        .await?;
    let over = match known {
        Some(_) => None,
        None => at_limit(tx, &hub.business_id, &hub.branch_id).await?,
    };
    let revoked_at = over.map(|_| now_ms());
    sqlx::query(
        "INSERT INTO terminals (id, business_id, branch_id, name, created_at, paired_at, via, revoked_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET via = excluded.via, \
         paired_at = COALESCE(terminals.paired_at, excluded.paired_at) WHERE terminals.branch_id = excluded.branch_id",
    )
    .bind(device)
    .bind(&hub.business_id)
    .bind(&hub.branch_id)
    .bind(name)
    .bind(at)
    .bind(via)
    .bind(revoked_at)
    .execute(&mut **tx)
    .await?;
    if let Some(max) = over {
        tracing::warn!(
            branch.id = %hub.branch_id, terminal.id = device, max,
            "a hub paired a terminal past the tariff's limit; recorded revoked"
        );
        bump_config(tx, &hub.branch_id).await?;
    }
    Ok(())
}

/// Binds a device whose key was vouched for. Caller commits (or not).
async fn bind(
    tx: &mut Tx,
    business_id: &BusinessId,
    branch_id: &BranchId,
    device: &str,
    key: &str,
    expires_at: i64,
    terminal: NewTerminal<'_>,
) -> DbResult<Approved> {
    let existing: Option<String> = sqlx::query_scalar("SELECT branch_id FROM terminals WHERE id = $1")
        .bind(device)
        .fetch_optional(&mut **tx)
        .await?;
    match existing {
        Some(b) if b == *branch_id => return Ok(Approved::Used),
        Some(_) => return Ok(Approved::BoundElsewhere),
        None => {}
    }
    if let Some(max) = at_limit(tx, business_id, branch_id).await? {
        return Ok(Approved::LimitReached { max });
    }
    let name = match terminal.name.trim() {
        "" => {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM terminals WHERE branch_id = $1")
                .bind(branch_id)
                .fetch_one(&mut **tx)
                .await?;
            format!("Kassa {}", n + 1)
        }
        typed => typed.chars().take(64).collect(),
    };
    sqlx::query(
        "INSERT INTO terminals (id, business_id, branch_id, name, created_at, public_key, approval_expires_at, via, \
         role) VALUES ($1, $2, $3, $4, $5, $6, $7, 'portal', $8)",
    )
    .bind(device)
    .bind(business_id)
    .bind(branch_id)
    .bind(&name)
    .bind(now_ms())
    .bind(key)
    .bind(expires_at)
    .bind(terminal.role.code())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE pairing_requests SET used_at = $4 WHERE branch_id = $1 AND device_id = $2 AND public_key = $3")
        .bind(branch_id)
        .bind(device)
        .bind(key)
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
    bump_config(tx, branch_id).await?;
    Ok(Approved::Bound { device: device.to_owned(), name })
}

async fn finish(tx: Tx, _branch_id: &str, outcome: &Approved) -> DbResult<()> {
    if matches!(outcome, Approved::Bound { .. }) {
        tx.commit().await?;
    } else {
        tx.rollback().await?;
    }
    Ok(())
}
