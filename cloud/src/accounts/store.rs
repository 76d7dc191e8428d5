//! Owners, sessions, phone checks and rate-limit windows.

use sqlx::Row as _;

use crate::db::{Db, DbError, DbResult, now_ms};
use crate::ids::BusinessId;

/// An owner account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    /// Its id.
    pub id: String,
    /// The business it owns.
    pub business_id: BusinessId,
    /// The business's name.
    pub business_name: String,
    /// `+998…`.
    pub phone: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Set by an administrator's reset: the next sign-in must choose a new password.
    pub must_change_password: bool,
    /// A temporary password stops working at this time (UTC ms).
    pub password_expires_at: Option<i64>,
    /// `uz`, `ru` or `en`.
    pub language: String,
    /// When it registered.
    pub created_at: i64,
    /// The business is a courier company (its menu has the operators' pages).
    pub courier: bool,
}

const OWNER_COLUMNS: &str = "o.id, o.business_id, b.name AS business_name, o.phone, o.first_name, o.last_name, \
     o.password_hash, o.must_change_password, o.password_expires_at, o.language, o.created_at, \
     (SELECT COUNT(*) FROM cargo_companies cc WHERE cc.business_id = o.business_id) AS courier";

fn owner_from(row: &sqlx::any::AnyRow) -> DbResult<Owner> {
    Ok(Owner {
        id: row.try_get("id")?,
        business_id: row.try_get("business_id")?,
        business_name: row.try_get("business_name")?,
        phone: row.try_get("phone")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        password_hash: row.try_get("password_hash")?,
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
        password_expires_at: row.try_get("password_expires_at")?,
        language: row.try_get("language")?,
        created_at: row.try_get("created_at")?,
        courier: row.try_get::<i64, _>("courier")? != 0,
    })
}

/// A signed-in device of an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// What the cookie is stored as (to tell the device in use).
    pub token_hash: String,
    /// Signed in at (UTC ms).
    pub created_at: i64,
    /// Last request at (UTC ms, to the minute).
    pub last_seen_at: i64,
    /// The address it signed in from.
    pub client_addr: String,
    /// Its `User-Agent` (at most 200 characters).
    pub user_agent: String,
}

/// A registration in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneCheck {
    /// `registration`.
    pub purpose: String,
    /// The phone the code went to.
    pub phone: String,
    /// Hash of the current code.
    pub code_hash: String,
    /// When the current code was sent.
    pub sent_at: i64,
    /// When it stops being valid.
    pub expires_at: i64,
    /// Wrong tries against the current code.
    pub attempts: i64,
    /// When the right code was entered.
    pub verified_at: Option<i64>,
    /// When the account was created from it.
    pub consumed_at: Option<i64>,
}

/// What a new account is made of.
#[derive(Debug, Clone)]
pub struct NewOwner<'a> {
    /// `+998…`.
    pub phone: &'a str,
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// The business's name.
    pub business_name: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// The tariff a new business starts on.
    pub tariff: &'a str,
    /// How long the first period lasts, in ms.
    pub trial_ms: i64,
    /// The portal language chosen while registering.
    pub language: &'a str,
}

/// Marks a verified phone check used, inside the transaction that creates
/// the account it verified (owners, or another kind such as a courier
/// company's clients).
///
/// # Errors
/// [`DbError::Conflict`] when the check is unknown, unverified or already used.
pub(crate) async fn consume_phone_check(tx: &mut crate::db::Tx, token_hash: &str) -> DbResult<()> {
    let used = sqlx::query(
        "UPDATE phone_checks SET consumed_at = $2 WHERE token_hash = $1 AND consumed_at IS NULL \
         AND verified_at IS NOT NULL",
    )
    .bind(token_hash)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    if used.rows_affected() != 1 {
        return Err(DbError::Conflict);
    }
    Ok(())
}

impl Db {
    /// Counts one action in `bucket` if fewer than `max` happened in the last
    /// `window_ms`; returns whether it was allowed. Two instances asking at
    /// once for the last slot get one yes ([`Db::lock_key`]).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn rate_allow(&self, bucket: &str, window_ms: i64, max: i64) -> DbResult<bool> {
        Ok(self.rate_take(bucket, window_ms, max, 1).await? == 1)
    }

    /// Counts up to `want` actions in `bucket`, as many as keep it at `max`
    /// in the last `window_ms`, and returns how many it counted. Calls at
    /// once (two instances, two hubs of one branch) take turns on the
    /// bucket ([`Db::lock_key`]), so together they never get more than `max`.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn rate_take(&self, bucket: &str, window_ms: i64, max: i64, want: i64) -> DbResult<i64> {
        if want <= 0 {
            return Ok(0);
        }
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        self.lock_key(&mut tx, bucket).await?;
        let used: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rate_events WHERE bucket = $1 AND at > $2")
            .bind(bucket)
            .bind(now - window_ms)
            .fetch_one(&mut *tx)
            .await?;
        let granted = want.min(max.saturating_sub(used)).max(0);
        if granted == 0 {
            tx.rollback().await?;
            return Ok(0);
        }
        for _ in 0..granted {
            sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)")
                .bind(bucket)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(granted)
    }

    /// Forgets rate-limit entries older than `before`, expired sessions and
    /// stale phone checks.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn prune(&self, before: i64) -> DbResult<u64> {
        let now = now_ms();
        let a = sqlx::query("DELETE FROM rate_events WHERE at < $1").bind(before).execute(&self.pool).await?;
        let b = sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now).execute(&self.pool).await?;
        let c = sqlx::query("DELETE FROM phone_checks WHERE created_at < $1").bind(before).execute(&self.pool).await?;
        Ok(a.rows_affected() + b.rows_affected() + c.rows_affected())
    }

    /// Is there an account for this phone?
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn phone_registered(&self, phone: &str) -> DbResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM owners WHERE phone = $1")
            .bind(phone)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Starts a phone check with its first code.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn insert_phone_check(
        &self,
        token_hash: &str,
        purpose: &str,
        phone: &str,
        code_hash: &str,
        expires_at: i64,
    ) -> DbResult<()> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO phone_checks (token_hash, purpose, phone, code_hash, sent_at, expires_at, attempts, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $5)",
        )
        .bind(token_hash)
        .bind(purpose)
        .bind(phone)
        .bind(code_hash)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A phone check by its flow token's hash.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn phone_check(&self, token_hash: &str) -> DbResult<PhoneCheck> {
        let row = sqlx::query(
            "SELECT purpose, phone, code_hash, sent_at, expires_at, attempts, verified_at, consumed_at \
             FROM phone_checks WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_one(&self.pool)
        .await?;
        Ok(PhoneCheck {
            purpose: row.try_get("purpose")?,
            phone: row.try_get("phone")?,
            code_hash: row.try_get("code_hash")?,
            sent_at: row.try_get("sent_at")?,
            expires_at: row.try_get("expires_at")?,
            attempts: row.try_get("attempts")?,
            verified_at: row.try_get("verified_at")?,
            consumed_at: row.try_get("consumed_at")?,
        })
    }

    /// Counts a wrong code.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn phone_check_failed(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("UPDATE phone_checks SET attempts = attempts + 1 WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records the right code.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn phone_check_verified(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("UPDATE phone_checks SET verified_at = $2 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A new code for the same check (resend): tries start again.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn phone_check_resent(&self, token_hash: &str, code_hash: &str, expires_at: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE phone_checks SET code_hash = $2, sent_at = $3, expires_at = $4, attempts = 0 \
             WHERE token_hash = $1 AND verified_at IS NULL",
        )
        .bind(token_hash)
        .bind(code_hash)
        .bind(now_ms())
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Creates the owner, the business and its subscription, and marks the
    /// phone check used, all in one transaction. Returns the owner's id.
    ///
    /// # Errors
    /// [`DbError::Conflict`] if the phone is taken or the check was already
    /// used.
    pub async fn create_owner(&self, check_token_hash: &str, new: &NewOwner<'_>) -> DbResult<String> {
        let now = now_ms();
        let owner_id = uuid::Uuid::now_v7().to_string();
        let business_id = BusinessId::new();
        let mut tx = self.begin_write().await?;
        let used = sqlx::query(
            "UPDATE phone_checks SET consumed_at = $2 WHERE token_hash = $1 AND consumed_at IS NULL \
             AND verified_at IS NOT NULL",
        )
        .bind(check_token_hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if used.rows_affected() != 1 {
            return Err(DbError::Conflict);
        }
        sqlx::query("INSERT INTO businesses (id, name, created_at) VALUES ($1, $2, $3)")
            .bind(&business_id)
            .bind(new.business_name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO subscriptions (business_id, tariff_code, status, started_at, ends_at) \
             VALUES ($1, $2, 'trial', $3, $4)",
        )
        .bind(&business_id)
        .bind(new.tariff)
        .bind(now)
        .bind(now + new.trial_ms)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO owners (id, business_id, phone, first_name, last_name, password_hash, created_at, language) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&owner_id)
        .bind(&business_id)
        .bind(new.phone)
        .bind(new.first_name)
        .bind(new.last_name)
        .bind(new.password_hash)
        .bind(now)
        .bind(new.language)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(owner_id)
    }

    /// Saves an owner's portal language.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn set_owner_language(&self, owner_id: &str, language: &str) -> DbResult<()> {
        sqlx::query("UPDATE owners SET language = $2 WHERE id = $1")
            .bind(owner_id)
            .bind(language)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The owner with this phone.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn owner_by_phone(&self, phone: &str) -> DbResult<Owner> {
        let sql = format!(
            "SELECT {OWNER_COLUMNS} FROM owners o JOIN businesses b ON b.id = o.business_id WHERE o.phone = $1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(phone).fetch_one(&self.pool).await?;
        owner_from(&row)
    }

    /// The owner with this id.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn owner(&self, id: &str) -> DbResult<Owner> {
        let sql =
            format!("SELECT {OWNER_COLUMNS} FROM owners o JOIN businesses b ON b.id = o.business_id WHERE o.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&self.pool).await?;
        owner_from(&row)
    }

    /// Sets a password and ends every session of the owner but `keep` (the
    /// hash of the session that changed it; `None` ends them all).
    /// `temporary_until` marks it an administrator's temporary password:
    /// the next sign-in must change it, and it stops working at that time.
    ///
    /// # Errors
    /// [`DbError::NotFound`] for an unknown owner.
    pub async fn set_password(
        &self,
        owner_id: &str,
        hash: &str,
        temporary_until: Option<i64>,
        keep: Option<&str>,
    ) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE owners SET password_hash = $2, must_change_password = $3, password_expires_at = $4 WHERE id = $1",
        )
        .bind(owner_id)
        .bind(hash)
        .bind(i64::from(temporary_until.is_some()))
        .bind(temporary_until)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(DbError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE owner_id = $1 AND token_hash <> $2")
            .bind(owner_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The owner's live sessions, most recently used first.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn sessions_of(&self, owner_id: &str) -> DbResult<Vec<SessionRow>> {
        let rows = sqlx::query(
            "SELECT token_hash, created_at, last_seen_at, client_addr, user_agent FROM sessions \
             WHERE owner_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, created_at DESC LIMIT 100",
        )
        .bind(owner_id)
        .bind(now_ms())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SessionRow {
                    token_hash: r.try_get("token_hash")?,
                    created_at: r.try_get("created_at")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                    client_addr: r.try_get("client_addr")?,
                    user_agent: r.try_get("user_agent")?,
                })
            })
            .collect()
    }

    /// Ends every session of the owner but `keep`; returns how many ended.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn end_other_sessions(&self, owner_id: &str, keep: &str) -> DbResult<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE owner_id = $1 AND token_hash <> $2")
            .bind(owner_id)
            .bind(keep)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Records a session.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn insert_session(
        &self,
        token_hash: &str,
        owner_id: &str,
        expires_at: i64,
        client_addr: &str,
        user_agent: &str,
    ) -> DbResult<()> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO sessions (token_hash, owner_id, created_at, last_seen_at, expires_at, client_addr, user_agent) \
             VALUES ($1, $2, $3, $3, $4, $5, $6)",
        )
        .bind(token_hash)
        .bind(owner_id)
        .bind(now)
        .bind(expires_at)
        .bind(client_addr)
        .bind(user_agent)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Marks a session as signed in by Telegram (see [`Db::end_telegram_sessions`]).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn mark_telegram_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("UPDATE sessions SET origin = 'telegram' WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of the owner that Telegram signed in; returns how many.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn end_telegram_sessions(&self, owner_id: &str) -> DbResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE owner_id = $1 AND origin = 'telegram'")
            .bind(owner_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// The owner behind a live session; slides its expiry when it was last
    /// touched more than a minute ago, never past `max_ms` after sign-in.
    ///
    /// # Errors
    /// [`DbError::NotFound`] for an unknown or expired session.
    pub async fn session_owner(&self, token_hash: &str, idle_ms: i64, max_ms: i64) -> DbResult<Owner> {
        let now = now_ms();
        let row = sqlx::query(
            "SELECT owner_id, last_seen_at, created_at FROM sessions \
             WHERE token_hash = $1 AND expires_at > $2 AND created_at > $3",
        )
        .bind(token_hash)
        .bind(now)
        .bind(now.saturating_sub(max_ms))
        .fetch_one(&self.pool)
        .await?;
        let owner_id: String = row.try_get("owner_id")?;
        let last_seen: i64 = row.try_get("last_seen_at")?;
        let created: i64 = row.try_get("created_at")?;
        if now - last_seen > 60_000 {
            sqlx::query("UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1")
                .bind(token_hash)
                .bind(now)
                .bind(now.saturating_add(idle_ms).min(created.saturating_add(max_ms)))
                .execute(&self.pool)
                .await?;
        }
        self.owner(&owner_id).await
    }

    /// Ends one session.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// How many sessions an owner has.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn session_count(&self, owner_id: &str) -> DbResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE owner_id = $1")
            .bind(owner_id)
            .fetch_one(&self.pool)
            .await?)
    }
}
