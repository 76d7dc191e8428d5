//! The Telegram domain's SQL: links and their one-time tokens, used init
//! data, handled updates, shared state (polling offset, the poller's
//! lease) and the outbox of messages.

use sqlx::Row as _;

use super::initdata::TelegramUser;
use crate::db::{Db, DbResult, now_ms};

/// The link tokens' hash label.
const LINK_PURPOSE: &str = "telegram-link";

/// An owner's linked Telegram account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The owner.
    pub owner_id: String,
    /// Telegram's user id.
    pub telegram_user_id: i64,
    /// The private chat the bot writes to.
    pub chat_id: i64,
    /// First name in Telegram.
    pub first_name: String,
    /// `@username`.
    pub username: Option<String>,
    /// When (UTC ms).
    pub linked_at: i64,
}

/// What `/start <token>` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    /// The owner's Telegram is this account now.
    Linked {
        /// The owner.
        owner_id: String,
    },
    /// No such token, used, or expired.
    BadToken,
    /// This Telegram account is linked to another owner.
    TakenByOther,
}

/// A message the bot is to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutMessage {
    /// Id.
    pub id: String,
    /// Where.
    pub chat_id: i64,
    /// Plain text.
    pub text: String,
    /// `reply_markup` JSON, when the message carries buttons.
    pub reply_markup: Option<String>,
    /// Attempts so far.
    pub attempts: i64,
}

/// An outbox row as a page or a test reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutRow {
    /// What the message is about.
    pub event_key: String,
    /// pending, sending, sent, unsure, failed.
    pub state: String,
    /// The text.
    pub text: String,
    /// Attempts.
    pub attempts: i64,
}

fn link_of(r: &sqlx::any::AnyRow) -> DbResult<Link> {
    Ok(Link {
        owner_id: r.try_get(0)?,
        telegram_user_id: r.try_get(1)?,
        chat_id: r.try_get(2)?,
        first_name: r.try_get(3)?,
        username: r.try_get(4)?,
        linked_at: r.try_get(5)?,
    })
}

const LINK_COLUMNS: &str = "owner_id, telegram_user_id, chat_id, first_name, username, linked_at";

/// A new link token for `owner_id`, valid `ttl_ms`; the owner's unused
/// earlier tokens stop working.
///
/// # Errors
/// Storage, or no randomness.
pub async fn new_link_token(db: &Db, owner_id: &str, ttl_ms: i64) -> Result<String, super::TelegramError> {
    let token = crate::secrets::new_token().map_err(|e| super::TelegramError::Internal(e.to_string()))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM telegram_link_tokens WHERE owner_id = $1 AND (used_at IS NULL OR expires_at < $2)")
        .bind(owner_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO telegram_link_tokens (token_hash, owner_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(crate::secrets::token_hash(LINK_PURPOSE, &token))
    .bind(owner_id)
    .bind(now)
    .bind(now.saturating_add(ttl_ms))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Redeems `token` for `user` writing from `chat_id`, in one transaction:
/// the token is used once, before it expires, and a Telegram account links
/// to one owner.
///
/// # Errors
/// Storage.
pub async fn redeem(db: &Db, token: &str, user: &TelegramUser, chat_id: i64) -> DbResult<Redeemed> {
    if !crate::secrets::looks_like_token(token) {
        return Ok(Redeemed::BadToken);
    }
    let now = now_ms();
    let hash = crate::secrets::token_hash(LINK_PURPOSE, token);
    let mut tx = db.begin_write().await?;
    let row = sqlx::query("SELECT owner_id, used_at, expires_at FROM telegram_link_tokens WHERE token_hash = $1")
        .bind(&hash)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else { return Ok(Redeemed::BadToken) };
    let owner_id: String = row.try_get(0)?;
    let used_at: Option<i64> = row.try_get(1)?;
    let expires_at: i64 = row.try_get(2)?;
    if used_at.is_some() {
        // The same `/start` handled again (a redelivered update): the same
        // answer, nothing written; anyone else's use of it is refused.
        let same = sqlx::query("SELECT 1 FROM telegram_links WHERE owner_id = $1 AND telegram_user_id = $2")
            .bind(&owner_id)
            .bind(user.id)
            .fetch_optional(&mut *tx)
            .await?;
        return Ok(if same.is_some() { Redeemed::Linked { owner_id } } else { Redeemed::BadToken });
    }
    if expires_at < now {
        return Ok(Redeemed::BadToken);
    }
    let other = sqlx::query("SELECT owner_id FROM telegram_links WHERE telegram_user_id = $1 AND owner_id <> $2")
        .bind(user.id)
        .bind(&owner_id)
        .fetch_optional(&mut *tx)
        .await?;
    if other.is_some() {
        return Ok(Redeemed::TakenByOther);
    }
    let used = sqlx::query("UPDATE telegram_link_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL")
        .bind(&hash)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() != 1 {
        return Ok(Redeemed::BadToken);
    }
    sqlx::query("DELETE FROM telegram_links WHERE owner_id = $1").bind(&owner_id).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO telegram_links (owner_id, telegram_user_id, chat_id, first_name, username, linked_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&owner_id)
    .bind(user.id)
    .bind(chat_id)
    .bind(&user.first_name)
    .bind(&user.username)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Redeemed::Linked { owner_id })
}

/// The owner's link.
///
/// # Errors
/// Storage.
pub async fn link_of_owner(db: &Db, owner_id: &str) -> DbResult<Option<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM telegram_links WHERE owner_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner_id).fetch_optional(&db.pool).await?;
    row.as_ref().map(link_of).transpose()
}

/// The link of a Telegram account.
///
/// # Errors
/// Storage.
pub async fn link_of_user(db: &Db, telegram_user_id: i64) -> DbResult<Option<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM telegram_links WHERE telegram_user_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(telegram_user_id).fetch_optional(&db.pool).await?;
    row.as_ref().map(link_of).transpose()
}

/// Removes the owner's link; returns what it was.
///
/// # Errors
/// Storage.
pub async fn unlink(db: &Db, owner_id: &str) -> DbResult<Option<Link>> {
    let mut tx = db.begin_write().await?;
    let sql = format!("SELECT {LINK_COLUMNS} FROM telegram_links WHERE owner_id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(owner_id).fetch_optional(&mut *tx).await?;
    let link = row.as_ref().map(link_of).transpose()?;
    sqlx::query("DELETE FROM telegram_links WHERE owner_id = $1").bind(owner_id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(link)
}

/// Records that init data with this `hash` signed someone in; `false` when
/// it already had (a replay).
///
/// # Errors
/// Storage.
pub async fn first_use_of_init(db: &Db, hash: &str, keep_until_ms: i64) -> DbResult<bool> {
    let done = sqlx::query("INSERT INTO telegram_init_used (hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(hash)
        .bind(keep_until_ms)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the update was handled already.
///
/// # Errors
/// Storage.
pub async fn update_handled(db: &Db, bot_id: i64, update_id: i64) -> DbResult<bool> {
    let row = sqlx::query("SELECT 1 FROM telegram_updates WHERE bot_id = $1 AND update_id = $2")
        .bind(bot_id)
        .bind(update_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Records that the update was handled; `false` when it already was.
///
/// # Errors
/// Storage.
pub async fn mark_update_handled(db: &Db, bot_id: i64, update_id: i64) -> DbResult<bool> {
    let done = sqlx::query(
        "INSERT INTO telegram_updates (bot_id, update_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(bot_id)
    .bind(update_id)
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets used init data past its life, updates handled over a week ago
/// and messages settled over 90 days ago (their keys name times, so none
/// comes back).
///
/// # Errors
/// Storage.
pub async fn prune(db: &Db, now: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM telegram_init_used WHERE expires_at < $1").bind(now).execute(&db.pool).await?;
    sqlx::query("DELETE FROM telegram_updates WHERE received_at < $1")
        .bind(now.saturating_sub(7 * 86_400_000))
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM telegram_outbox WHERE state IN ('sent', 'failed', 'unsure') AND created_at < $1")
        .bind(now.saturating_sub(90 * 86_400_000))
        .execute(&db.pool)
        .await?;
    sqlx::query("DELETE FROM telegram_link_tokens WHERE expires_at < $1")
        .bind(now.saturating_sub(86_400_000))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A shared value (0 when never set).
///
/// # Errors
/// Storage.
pub async fn state_value(db: &Db, name: &str) -> DbResult<i64> {
    let row =
        sqlx::query("SELECT value FROM telegram_state WHERE name = $1").bind(name).fetch_optional(&db.pool).await?;
    Ok(match row {
        Some(r) => r.try_get(0)?,
        None => 0,
    })
}

/// Takes or keeps the lease `name` for `holder` until `until_ms`: `true`
/// when `holder` has it (it was free, expired, or already theirs).
///
/// # Errors
/// Storage.
pub async fn take_lease(db: &Db, name: &str, holder: &str, until_ms: i64) -> DbResult<bool> {
    let now = now_ms();
    sqlx::query("INSERT INTO telegram_state (name, value) VALUES ($1, 0) ON CONFLICT DO NOTHING")
        .bind(name)
        .execute(&db.pool)
        .await?;
    let done = sqlx::query(
        "UPDATE telegram_state SET holder = $2, until_ms = $3 WHERE name = $1 AND (holder = $2 OR until_ms < $4)",
    )
    .bind(name)
    .bind(holder)
    .bind(until_ms)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Queues a message; `false` when a message about `event_key` exists (it
/// is never written, so never sent, twice).
///
/// # Errors
/// Storage.
pub async fn enqueue(
    db: &Db,
    event_key: &str,
    owner_id: Option<&str>,
    chat_id: i64,
    text: &str,
    reply_markup: Option<&str>,
) -> DbResult<bool> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO telegram_outbox (id, event_key, owner_id, chat_id, text, reply_markup, state, next_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) ON CONFLICT DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(event_key)
    .bind(owner_id)
    .bind(chat_id)
    .bind(text)
    .bind(reply_markup)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ids of messages due now, oldest first (not yet taken: see [`take`]).
///
/// # Errors
/// Storage.
pub async fn due(db: &Db, limit: i64) -> DbResult<Vec<String>> {
    let rows = sqlx::query(
        "SELECT id FROM telegram_outbox WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at, created_at LIMIT $2",
    )
    .bind(now_ms())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Takes one due message for a call, leased to the caller until
/// `lease_until` (another instance skips it meanwhile); `None` when
/// another took it first.
///
/// # Errors
/// Storage.
pub async fn take(db: &Db, id: &str, lease_until: i64) -> DbResult<Option<OutMessage>> {
    let leased = sqlx::query(
        "UPDATE telegram_outbox SET state = 'sending', lease_until = $2 WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(lease_until)
    .execute(&db.pool)
    .await?;
    if leased.rows_affected() != 1 {
        return Ok(None);
    }
    let r = sqlx::query("SELECT id, chat_id, text, reply_markup, attempts FROM telegram_outbox WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    Ok(Some(OutMessage {
        id: r.try_get(0)?,
        chat_id: r.try_get(1)?,
        text: r.try_get(2)?,
        reply_markup: r.try_get(3)?,
        attempts: r.try_get(4)?,
    }))
}

/// How a send ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Telegram took it.
    Sent {
        /// Its message id.
        message_id: i64,
    },
    /// Telegram did not take it: try again at `next_at`.
    Retry {
        /// When.
        next_at: i64,
        /// Why.
        error: String,
    },
    /// The call may have reached Telegram and no answer came: never sent
    /// again (so never twice).
    Unsure(String),
    /// Telegram refused it for good (blocked, chat gone, bad request).
    Failed(String),
}

/// Writes how a leased message's send ended.
///
/// # Errors
/// Storage.
pub async fn finish(db: &Db, id: &str, outcome: &Outcome) -> DbResult<()> {
    let now = now_ms();
    let (state, next_at, message_id, error): (&str, i64, Option<i64>, Option<&str>) = match outcome {
        Outcome::Sent { message_id } => ("sent", now, Some(*message_id), None),
        Outcome::Retry { next_at, error } => ("pending", *next_at, None, Some(error)),
        Outcome::Unsure(e) => ("unsure", now, None, Some(e)),
        Outcome::Failed(e) => ("failed", now, None, Some(e)),
    };
    sqlx::query(
        "UPDATE telegram_outbox SET state = $2, next_at = $3, message_id = $4, last_error = $5, \
         attempts = attempts + 1, sent_at = CASE WHEN $2 = 'sent' THEN $6 ELSE sent_at END, lease_until = 0 \
         WHERE id = $1 AND state = 'sending'",
    )
    .bind(id)
    .bind(state)
    .bind(next_at)
    .bind(message_id)
    .bind(error)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Messages left `sending` past their lease (the instance sending them
/// stopped mid-call): `unsure`, never sent again. Returns how many.
///
/// # Errors
/// Storage.
pub async fn abandon_stale_sends(db: &Db) -> DbResult<u64> {
    let done = sqlx::query(
        "UPDATE telegram_outbox SET state = 'unsure', last_error = 'the sending instance stopped during the call' \
         WHERE state = 'sending' AND lease_until < $1",
    )
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

/// The outbox, newest first (tests, the demo, the operator).
///
/// # Errors
/// Storage.
pub async fn outbox(db: &Db, limit: i64) -> DbResult<Vec<OutRow>> {
    let rows = sqlx::query(
        "SELECT event_key, state, text, attempts FROM telegram_outbox ORDER BY created_at DESC, id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OutRow { event_key: r.try_get(0)?, state: r.try_get(1)?, text: r.try_get(2)?, attempts: r.try_get(3)? })
        })
        .collect()
}

/// What the bot tells an owner unasked (see `super::notify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prefs {
    /// The daily summary.
    pub summary: bool,
    /// When it goes, minute of the day in Tashkent.
    pub summary_minute: i64,
    /// A hub offline.
    pub hub_offline: bool,
    /// After how many minutes.
    pub offline_minutes: i64,
    /// A hub's backlog not draining.
    pub backlog: bool,
    /// The subscription ending in 3 days, or ended.
    pub subscription: bool,
    /// A terminal paired or unpaired.
    pub terminals: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            summary: true,
            summary_minute: 540,
            hub_offline: true,
            offline_minutes: 15,
            backlog: true,
            subscription: true,
            terminals: true,
        }
    }
}

/// The owner's notification settings (the defaults when never saved).
///
/// # Errors
/// Storage.
pub async fn prefs_of(db: &Db, owner_id: &str) -> DbResult<Prefs> {
    let row = sqlx::query(
        "SELECT summary, summary_minute, hub_offline, offline_minutes, backlog, subscription, terminals \
         FROM telegram_prefs WHERE owner_id = $1",
    )
    .bind(owner_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(Prefs::default()) };
    Ok(Prefs {
        summary: r.try_get::<i64, _>(0)? != 0,
        summary_minute: r.try_get(1)?,
        hub_offline: r.try_get::<i64, _>(2)? != 0,
        offline_minutes: r.try_get(3)?,
        backlog: r.try_get::<i64, _>(4)? != 0,
        subscription: r.try_get::<i64, _>(5)? != 0,
        terminals: r.try_get::<i64, _>(6)? != 0,
    })
}

/// Saves the owner's notification settings.
///
/// # Errors
/// Storage.
pub async fn save_prefs(db: &Db, owner_id: &str, p: &Prefs) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO telegram_prefs (owner_id, summary, summary_minute, hub_offline, offline_minutes, backlog, \
         subscription, terminals) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (owner_id) DO UPDATE SET summary = excluded.summary, summary_minute = excluded.summary_minute, \
         hub_offline = excluded.hub_offline, offline_minutes = excluded.offline_minutes, backlog = excluded.backlog, \
         subscription = excluded.subscription, terminals = excluded.terminals",
    )
    .bind(owner_id)
    .bind(i64::from(p.summary))
    .bind(p.summary_minute)
    .bind(i64::from(p.hub_offline))
    .bind(p.offline_minutes)
    .bind(i64::from(p.backlog))
    .bind(i64::from(p.subscription))
    .bind(i64::from(p.terminals))
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Every link (the notifier's round goes through them).
///
/// # Errors
/// Storage.
pub async fn links(db: &Db) -> DbResult<Vec<Link>> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM telegram_links ORDER BY linked_at, owner_id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await?;
    rows.iter().map(link_of).collect()
}

/// Whether a message about `event_key` was ever queued.
///
/// # Errors
/// Storage.
pub async fn queued(db: &Db, event_key: &str) -> DbResult<bool> {
    let row = sqlx::query("SELECT 1 FROM telegram_outbox WHERE event_key = $1")
        .bind(event_key)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Sets a shared value.
///
/// # Errors
/// Storage.
pub async fn put_state(db: &Db, name: &str, value: i64) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO telegram_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(name)
    .bind(value)
    .execute(&db.pool)
    .await?;
    Ok(())
}
