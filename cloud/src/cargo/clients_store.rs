//! SQL of a courier company's clients (`cargo_clients`) and their sessions
//! (`cargo_sessions`).

use sqlx::Row as _;

use crate::cargo::counters;
use crate::db::{Db, DbError, DbResult, now_ms};
use crate::ids::{BusinessId, ClientId};

/// A client of one courier company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoClientRow {
    /// Its id.
    pub id: ClientId,
    /// The company it is a client of.
    pub business_id: BusinessId,
    /// `+998…` (its login).
    pub phone: String,
    /// F.I.Sh.
    pub full_name: String,
    /// `DD.MM.YYYY` or empty.
    pub birth_date: String,
    /// The account's barcode (12 digits).
    pub barcode: String,
    /// `uz`, `ru` or `en` (SMS and the next sign-in speak it).
    pub language: String,
    /// Whether a profile photo is stored.
    pub has_photo: bool,
    /// When it registered.
    pub created_at: i64,
}

/// What a new client is made of.
#[derive(Debug, Clone)]
pub struct NewClient<'a> {
    /// `+998…`.
    pub phone: &'a str,
    /// F.I.Sh.
    pub full_name: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// `uz`, `ru`, `en`.
    pub language: &'a str,
}

macro_rules! client_columns {
    () => {
        "id, business_id, phone, full_name, birth_date, barcode, language, created_at, \
         CAST(LENGTH(photo) AS BIGINT) AS photo_len"
    };
}

fn client_from(row: &sqlx::any::AnyRow) -> DbResult<CargoClientRow> {
    Ok(CargoClientRow {
        id: row.try_get("id")?,
        business_id: row.try_get("business_id")?,
        phone: row.try_get("phone")?,
        full_name: row.try_get("full_name")?,
        birth_date: row.try_get("birth_date")?,
        barcode: row.try_get("barcode")?,
        language: row.try_get("language")?,
        has_photo: row.try_get::<i64, _>("photo_len")? > 0,
        created_at: row.try_get("created_at")?,
    })
}

/// Creates a client of `business_id` from a verified phone check (marked
/// used in the same transaction) with a fresh account barcode.
///
/// # Errors
/// [`DbError::Conflict`] when the phone is already this company's client or
/// the check was used.
pub async fn create_client(
    db: &Db,
    check_hash: &str,
    business_id: &BusinessId,
    new: &NewClient<'_>,
) -> DbResult<CargoClientRow> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    crate::accounts::store::consume_phone_check(&mut tx, check_hash).await?;
    let client = insert_client(&mut tx, business_id, new, now).await?;
    tx.commit().await?;
    Ok(client)
}

/// Creates a client of `business_id` without a phone check (the demo's
/// client, made by the platform itself), with a fresh account barcode.
///
/// # Errors
/// [`DbError::Conflict`] when the phone is already this company's client.
pub async fn create_client_directly(
    db: &Db,
    business_id: &BusinessId,
    new: &NewClient<'_>,
) -> DbResult<CargoClientRow> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let client = insert_client(&mut tx, business_id, new, now).await?;
    tx.commit().await?;
    Ok(client)
}

/// Whether `phone` is a client of `business_id`.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn phone_is_client(db: &Db, business_id: &BusinessId, phone: &str) -> DbResult<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_clients WHERE business_id = $1 AND phone = $2")
        .bind(business_id)
        .bind(phone)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

/// The client of `business_id` with `phone`, and its password hash.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn client_by_phone(db: &Db, business_id: &BusinessId, phone: &str) -> DbResult<(CargoClientRow, String)> {
    let sql = concat!(
        "SELECT ",
        client_columns!(),
        ", password_hash FROM cargo_clients WHERE business_id = $1 AND phone = $2"
    );
    let row = sqlx::query(sql).bind(business_id).bind(phone).fetch_one(&db.pool).await?;
    Ok((client_from(&row)?, row.try_get("password_hash")?))
}

/// The client `id` of `business_id`.
///
/// # Errors
/// [`DbError::NotFound`] (also for another company's client).
pub async fn client(db: &Db, business_id: &BusinessId, id: &ClientId) -> DbResult<CargoClientRow> {
    let sql = concat!("SELECT ", client_columns!(), " FROM cargo_clients WHERE id = $1 AND business_id = $2");
    let row = sqlx::query(sql).bind(id).bind(business_id).fetch_one(&db.pool).await?;
    client_from(&row)
}

/// Records a session.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn insert_session(
    db: &Db,
    token_hash: &str,
    client_id: &ClientId,
    expires_at: i64,
    client_addr: &str,
    user_agent: &str,
) -> DbResult<()> {
    sqlx::query(concat!(
        "INSERT INTO cargo_sessions (token_hash, client_id, created_at, last_seen_at, expires_at, client_addr, ",
        "user_agent) VALUES ($1, $2, $3, $3, $4, $5, $6)"
    ))
    .bind(token_hash)
    .bind(client_id)
    .bind(now_ms())
    .bind(expires_at)
    .bind(client_addr)
    .bind(user_agent)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The client of `business_id` behind a live session; slides its expiry
/// when it was last touched more than a minute ago.
///
/// # Errors
/// [`DbError::NotFound`] for an unknown or expired session, or one of
/// another company's client.
pub async fn session_client(
    db: &Db,
    business_id: &BusinessId,
    token_hash: &str,
    idle_ms: i64,
    max_ms: i64,
) -> DbResult<CargoClientRow> {
    let now = now_ms();
    let row = sqlx::query(
        "SELECT client_id, last_seen_at, created_at FROM cargo_sessions \
         WHERE token_hash = $1 AND expires_at > $2 AND created_at > $3",
    )
    .bind(token_hash)
    .bind(now)
    .bind(now.saturating_sub(max_ms))
    .fetch_one(&db.pool)
    .await?;
    let client_id: ClientId = row.try_get("client_id")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let created: i64 = row.try_get("created_at")?;
    let found = client(db, business_id, &client_id).await?;
    if now - last_seen > 60_000 {
        sqlx::query("UPDATE cargo_sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1")
            .bind(token_hash)
            .bind(now)
            .bind(now.saturating_add(idle_ms).min(created.saturating_add(max_ms)))
            .execute(&db.pool)
            .await?;
    }
    Ok(found)
}

/// Ends one session.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn delete_session(db: &Db, token_hash: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM cargo_sessions WHERE token_hash = $1").bind(token_hash).execute(&db.pool).await?;
    Ok(())
}

/// Saves a client's language.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn set_language(db: &Db, id: &ClientId, language: &str) -> DbResult<()> {
    sqlx::query("UPDATE cargo_clients SET language = $2 WHERE id = $1")
        .bind(id)
        .bind(language)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Saves a client's birth date (`DD.MM.YYYY` or empty).
///
/// # Errors
/// [`DbError::Sql`].
pub async fn set_birth_date(db: &Db, id: &ClientId, birth_date: &str) -> DbResult<()> {
    sqlx::query("UPDATE cargo_clients SET birth_date = $2 WHERE id = $1")
        .bind(id)
        .bind(birth_date)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Saves a client's photo (base64 of a re-encoded JPEG).
///
/// # Errors
/// [`DbError::Sql`].
pub async fn set_photo(db: &Db, id: &ClientId, photo_b64: &str) -> DbResult<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE cargo_clients SET photo = $2 WHERE id = $1").bind(id).bind(photo_b64).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}

/// A client's photo (base64), empty when none.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn photo(db: &Db, id: &ClientId) -> DbResult<String> {
    Ok(sqlx::query_scalar("SELECT photo FROM cargo_clients WHERE id = $1").bind(id).fetch_one(&db.pool).await?)
}

/// Inserts a client of `business_id` with a fresh account barcode, inside
/// the caller's transaction.
async fn insert_client(
    tx: &mut crate::db::Tx,
    business_id: &BusinessId,
    new: &NewClient<'_>,
    now: i64,
) -> DbResult<CargoClientRow> {
    let id = ClientId::new();
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_clients WHERE business_id = $1 AND phone = $2")
        .bind(business_id)
        .bind(new.phone)
        .fetch_one(&mut **tx)
        .await?;
    if taken > 0 {
        return Err(DbError::Conflict);
    }
    let serial = counters::next_serial(tx).await?;
    let barcode = protocol::Barcode::from_serial(serial).ok_or(DbError::Conflict)?;
    sqlx::query(concat!(
        "INSERT INTO cargo_clients (id, business_id, phone, full_name, password_hash, barcode, language, created_at) ",
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(&id)
    .bind(business_id)
    .bind(new.phone)
    .bind(new.full_name)
    .bind(new.password_hash)
    .bind(barcode.as_str())
    .bind(new.language)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(CargoClientRow {
        id,
        business_id: business_id.clone(),
        phone: new.phone.to_owned(),
        full_name: new.full_name.to_owned(),
        birth_date: String::new(),
        barcode: barcode.as_str().to_owned(),
        language: new.language.to_owned(),
        has_photo: false,
        created_at: now,
    })
}
