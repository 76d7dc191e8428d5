//! Administration's SQL, and the only place it lives: administrators, their
//! sessions, the audit log, the business search and the business card.

use sqlx::Row as _;

use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::BusinessId;

/// A platform administrator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin {
    /// Id (UUIDv7).
    pub id: String,
    /// Sign-in name.
    pub login: String,
    /// Full name, shown in the header and the audit log.
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The temporary password must be replaced before anything else.
    pub must_change_password: bool,
    /// A disabled administrator cannot sign in.
    pub disabled: bool,
}

fn admin_of(r: &sqlx::any::AnyRow) -> DbResult<Admin> {
    Ok(Admin {
        id: r.try_get(0)?,
        login: r.try_get(1)?,
        name: r.try_get(2)?,
        password_hash: r.try_get(3)?,
        must_change_password: r.try_get::<i64, _>(4)? != 0,
        disabled: r.try_get::<Option<i64>, _>(5)?.is_some(),
    })
}

/// An administrator query: its columns, then `$tail`.
macro_rules! admin_sql {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, a.login, a.name, a.password_hash, a.must_change_password, a.disabled_at FROM admins a ",
            $tail
        )
    };
}

/// One line of the audit log, to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAudit<'a> {
    /// `admin` or `cli`.
    pub actor_kind: &'a str,
    /// The administrator's id, or empty.
    pub actor_id: &'a str,
    /// The administrator's login, or the operating-system user.
    pub actor_login: &'a str,
    /// What was done (see `super::Action`).
    pub action: &'a str,
    /// To which business, if any.
    pub business_id: Option<&'a BusinessId>,
    /// The reason, or what was done.
    pub detail: &'a str,
    /// The client's address, or `cli`.
    pub client_addr: &'a str,
}

/// One line of the audit log, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When, UTC milliseconds.
    pub at: i64,
    /// `admin` or `cli`.
    pub actor_kind: String,
    /// Login or operating-system user.
    pub actor_login: String,
    /// What was done.
    pub action: String,
    /// To which business, if any.
    pub business_id: Option<String>,
    /// The business's name, if any.
    pub business_name: Option<String>,
    /// The reason, or what was done.
    pub detail: String,
    /// The client's address.
    pub client_addr: String,
}

/// Writes one audit line inside `tx`, so it stands or falls with the change.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn write_audit(tx: &mut Tx, e: &NewAudit<'_>) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_login, action, business_id, detail, client_addr) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(now_ms())
    .bind(e.actor_kind)
    .bind(e.actor_id)
    .bind(e.actor_login)
    .bind(e.action)
    .bind(e.business_id.map(BusinessId::as_str))
    .bind(e.detail)
    .bind(e.client_addr)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks an owner's password temporary (the next sign-in must change it)
/// and ends its sessions.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn force_password_change(tx: &mut Tx, owner_id: &str) -> DbResult<()> {
    let done = sqlx::query("UPDATE owners SET must_change_password = 1 WHERE id = $1")
        .bind(owner_id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    sqlx::query("DELETE FROM sessions WHERE owner_id = $1").bind(owner_id).execute(&mut **tx).await?;
    Ok(())
}

/// A business found by the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessHit {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its (first) owner's phone.
    pub phone: String,
    /// Its (first) owner's name.
    pub owner: String,
    /// The subscription's stored state (the time decides expiry).
    pub state: crate::billing::lifecycle::Subscription,
    /// Tariff name.
    pub tariff: String,
    /// When it registered.
    pub created_at: i64,
}

/// What the search looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Every business, newest first.
    All,
    /// The owner with this phone (`+998…`).
    Phone(String),
    /// Business or owner names containing this text (already lower case).
    Name(String),
}

/// `LIKE` pattern for `text` anywhere, with `\` escaping `%`, `_` and `\`.
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The search's `FROM … WHERE`: `$1` is the kind (`all`, `phone`, `name`),
/// `$2` the phone or pattern.
macro_rules! search_sql {
    ($head:literal, $tail:literal) => {
        concat!(
            $head,
            " FROM businesses b JOIN subscriptions s ON s.business_id = b.id \
             JOIN tariffs t ON t.code = s.tariff_code \
             LEFT JOIN owners o ON o.id = (SELECT MIN(o2.id) FROM owners o2 WHERE o2.business_id = b.id) \
             WHERE $1 = 'all' \
             OR ($1 = 'phone' AND EXISTS (SELECT 1 FROM owners p WHERE p.business_id = b.id AND p.phone = $2)) \
             OR ($1 = 'name' AND (LOWER(b.name) LIKE $2 ESCAPE '\\' OR EXISTS (SELECT 1 FROM owners n \
                 WHERE n.business_id = b.id AND (LOWER(n.first_name) LIKE $2 ESCAPE '\\' \
                 OR LOWER(n.last_name) LIKE $2 ESCAPE '\\' \
                 OR LOWER(n.first_name || ' ' || n.last_name) LIKE $2 ESCAPE '\\')))) ",
            $tail
        )
    };
}

/// A business's owner, as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerLine {
    /// Id.
    pub id: String,
    /// `+998…`.
    pub phone: String,
    /// "First Last".
    pub name: String,
    /// A temporary password is pending.
    pub must_change_password: bool,
    /// When it registered.
    pub created_at: i64,
}

/// A business, as the card shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCard {
    /// Id.
    pub id: BusinessId,
    /// Name.
    pub name: String,
    /// When it registered.
    pub created_at: i64,
    /// Its owners (one today).
    pub owners: Vec<OwnerLine>,
    /// How many branches.
    pub branches: i64,
}

impl Db {
    /// Adds an administrator and writes `audit` in the same transaction.
    ///
    /// # Errors
    /// [`DbError::Conflict`] when the login is taken.
    pub async fn insert_admin(
        &self,
        login: &str,
        name: &str,
        password_hash: &str,
        audit: &NewAudit<'_>,
    ) -> DbResult<String> {
        let id = uuid::Uuid::now_v7().to_string();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO admins (id, login, name, password_hash, must_change_password, created_at) \
             VALUES ($1, $2, $3, $4, 1, $5)",
        )
        .bind(&id)
        .bind(login)
        .bind(name)
        .bind(password_hash)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The administrator with this login.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn admin_by_login(&self, login: &str) -> DbResult<Admin> {
        let row = sqlx::query(admin_sql!("WHERE a.login = $1")).bind(login).fetch_one(&self.pool).await?;
        admin_of(&row)
    }

    /// Sets an administrator's password (no longer temporary), and writes
    /// `audit` in the same transaction.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn set_admin_password(&self, admin_id: &str, hash: &str, audit: &NewAudit<'_>) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE admins SET password_hash = $2, must_change_password = 0 WHERE id = $1")
            .bind(admin_id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(DbError::NotFound);
        }
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records an administrator's session and the sign-in in the audit log.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn insert_admin_session(
        &self,
        token_hash: &str,
        admin_id: &str,
        expires_at: i64,
        audit: &NewAudit<'_>,
    ) -> DbResult<()> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO admin_sessions (token_hash, admin_id, created_at, last_seen_at, expires_at, client_addr) \
             VALUES ($1, $2, $3, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(admin_id)
        .bind(now)
        .bind(expires_at)
        .bind(audit.client_addr)
        .execute(&mut *tx)
        .await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The administrator behind a live session: not past its absolute
    /// expiry, used within `idle_ms`, the administrator not disabled. Marks
    /// it used when it was last marked more than a minute ago.
    ///
    /// # Errors
    /// [`DbError::NotFound`] for an unknown, expired or idle session.
    pub async fn admin_session(&self, token_hash: &str, idle_ms: i64) -> DbResult<Admin> {
        let now = now_ms();
        let row = sqlx::query(admin_sql!(
            "JOIN admin_sessions s ON s.admin_id = a.id WHERE s.token_hash = $1 AND s.expires_at > $2 \
             AND s.last_seen_at > $3 AND a.disabled_at IS NULL"
        ))
        .bind(token_hash)
        .bind(now)
        .bind(now - idle_ms)
        .fetch_one(&self.pool)
        .await?;
        sqlx::query("UPDATE admin_sessions SET last_seen_at = $2 WHERE token_hash = $1 AND last_seen_at < $3")
            .bind(token_hash)
            .bind(now)
            .bind(now - 60_000)
            .execute(&self.pool)
            .await?;
        admin_of(&row)
    }

    /// Ends one administrator session.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn delete_admin_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM admin_sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Forgets expired administrator sessions.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn prune_admin_sessions(&self) -> DbResult<u64> {
        let done =
            sqlx::query("DELETE FROM admin_sessions WHERE expires_at < $1").bind(now_ms()).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    /// Writes one audit line on its own (for actions whose change was made
    /// by another module's transaction).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn audit(&self, e: &NewAudit<'_>) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        write_audit(&mut tx, e).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A page of the audit log, newest first, of one business or all;
    /// returns the lines and how many there are in all.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn audit_page(
        &self,
        business_id: Option<&BusinessId>,
        offset: i64,
        limit: i64,
    ) -> DbResult<(Vec<AuditEntry>, i64)> {
        let business = business_id.map_or("", BusinessId::as_str);
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE ($1 = '' OR business_id = $1)")
            .bind(business)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(
            "SELECT l.at, l.actor_kind, l.actor_login, l.action, l.business_id, b.name, l.detail, l.client_addr \
             FROM audit_log l LEFT JOIN businesses b ON b.id = l.business_id \
             WHERE ($1 = '' OR l.business_id = $1) ORDER BY l.at DESC, l.id DESC LIMIT $2 OFFSET $3",
        )
        .bind(business)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let entries = rows
            .iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get(0)?,
                    actor_kind: r.try_get(1)?,
                    actor_login: r.try_get(2)?,
                    action: r.try_get(3)?,
                    business_id: r.try_get(4)?,
                    business_name: r.try_get(5)?,
                    detail: r.try_get(6)?,
                    client_addr: r.try_get(7)?,
                })
            })
            .collect::<DbResult<Vec<_>>>()?;
        Ok((entries, total))
    }

    /// Businesses matching `query`, newest first; returns a page and how
    /// many match in all.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn search_businesses(&self, query: &Query, offset: i64, limit: i64) -> DbResult<(Vec<BusinessHit>, i64)> {
        let (kind, value) = match query {
            Query::All => ("all", String::new()),
            Query::Phone(p) => ("phone", p.clone()),
            Query::Name(n) => ("name", contains_pattern(n)),
        };
        let total: i64 = sqlx::query_scalar(search_sql!("SELECT COUNT(*)", ""))
            .bind(kind)
            .bind(&value)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(search_sql!(
            "SELECT b.id, b.name, COALESCE(o.phone, ''), COALESCE(o.first_name || ' ' || o.last_name, ''), \
             s.status, t.name, b.created_at, s.ends_at, s.paid",
            "ORDER BY b.created_at DESC, b.id DESC LIMIT $3 OFFSET $4"
        ))
        .bind(kind)
        .bind(&value)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let hits = rows
            .iter()
            .map(|r| {
                Ok(BusinessHit {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    phone: r.try_get(2)?,
                    owner: r.try_get(3)?,
                    state: crate::billing::lifecycle::Subscription {
                        // An unknown stored status reads as suspended, the safe side.
                        status: crate::billing::lifecycle::Status::from_code(&r.try_get::<String, _>(4)?)
                            .unwrap_or(crate::billing::lifecycle::Status::Suspended),
                        ends_at: r.try_get(7)?,
                        paid: r.try_get::<i64, _>(8)? != 0,
                    },
                    tariff: r.try_get(5)?,
                    created_at: r.try_get(6)?,
                })
            })
            .collect::<DbResult<Vec<_>>>()?;
        Ok((hits, total))
    }

    /// A business with its owners and branch count.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn business_card(&self, id: &BusinessId) -> DbResult<BusinessCard> {
        let row = sqlx::query(
            "SELECT b.name, b.created_at, (SELECT COUNT(*) FROM branches r WHERE r.business_id = b.id) \
             FROM businesses b WHERE b.id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let owners = sqlx::query(
            "SELECT id, phone, first_name || ' ' || last_name, must_change_password, created_at FROM owners \
             WHERE business_id = $1 ORDER BY created_at, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OwnerLine {
                id: r.try_get(0)?,
                phone: r.try_get(1)?,
                name: r.try_get(2)?,
                must_change_password: r.try_get::<i64, _>(3)? != 0,
                created_at: r.try_get(4)?,
            })
        })
        .collect::<DbResult<Vec<_>>>()?;
        Ok(BusinessCard {
            id: id.clone(),
            name: row.try_get(0)?,
            created_at: row.try_get(1)?,
            branches: row.try_get(2)?,
            owners,
        })
    }

    /// After `cloud admin add-owner`: the owner's password is temporary, the
    /// business is on `tariff`, and the audit line is written, together.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn onboarded(
        &self,
        owner_id: &str,
        business_id: &BusinessId,
        tariff: &str,
        audit: &NewAudit<'_>,
    ) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        force_password_change(&mut tx, owner_id).await?;
        let done = sqlx::query("UPDATE subscriptions SET tariff_code = $2 WHERE business_id = $1")
            .bind(business_id)
            .bind(tariff)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(DbError::NotFound);
        }
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("osh"), "%osh%");
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
