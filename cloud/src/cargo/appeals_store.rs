//! SQL of appeals (`cargo_appeals`).

use sqlx::Row as _;
use web::i18n::cargo_cabinet::{AppealKind, AppealStatus};

use crate::cargo::counters;
use crate::db::{Db, DbError, DbResult, now_ms};
use crate::ids::{AppealId, BusinessId, ClientId, ShipmentId};

/// An appeal as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppealRow {
    /// Its id.
    pub id: AppealId,
    /// The company's own number for it.
    pub number: i64,
    /// The client who wrote it (none: written without an account).
    pub client_id: Option<ClientId>,
    /// The shipment it is about, by barcode.
    pub shipment_barcode: Option<String>,
    /// The name given.
    pub name: String,
    /// The phone given (`+998…`).
    pub phone: String,
    /// Its type.
    pub kind: AppealKind,
    /// Its text.
    pub body: String,
    /// Where it stands.
    pub status: AppealStatus,
    /// The operator's answer (empty until answered).
    pub answer: String,
    /// When it was written.
    pub created_at: i64,
    /// The language its answer's SMS speaks: the client's saved one, else
    /// the one it was written in.
    pub language: String,
}

/// What a new appeal is made of.
#[derive(Debug, Clone)]
pub struct NewAppeal<'a> {
    /// The company.
    pub business_id: &'a BusinessId,
    /// The client, when signed in.
    pub client_id: Option<&'a ClientId>,
    /// The client's shipment it is about.
    pub shipment_id: Option<&'a ShipmentId>,
    /// Name.
    pub name: &'a str,
    /// `+998…`.
    pub phone: &'a str,
    /// Type.
    pub kind: AppealKind,
    /// Text.
    pub body: &'a str,
    /// The page's language.
    pub language: &'a str,
}

macro_rules! appeal_select {
    () => {
        concat!(
            "SELECT a.id, a.number, a.client_id, s.barcode AS shipment_barcode, a.name, a.phone, a.kind, a.body, ",
            "a.status, a.answer, a.created_at, COALESCE(c.language, a.language) AS language ",
            "FROM cargo_appeals a LEFT JOIN cargo_shipments s ON s.id = a.shipment_id ",
            "LEFT JOIN cargo_clients c ON c.id = a.client_id "
        )
    };
}

fn appeal_from(row: &sqlx::any::AnyRow) -> DbResult<AppealRow> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(AppealRow {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        client_id: row.try_get("client_id")?,
        shipment_barcode: row.try_get("shipment_barcode")?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        kind: AppealKind::from_code(&kind).unwrap_or(AppealKind::Question),
        body: row.try_get("body")?,
        status: AppealStatus::from_code(&status).unwrap_or(AppealStatus::New),
        answer: row.try_get("answer")?,
        created_at: row.try_get("created_at")?,
        language: row.try_get("language")?,
    })
}

/// Files an appeal with the company's next number; returns its id and number.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn insert_appeal(db: &Db, new: &NewAppeal<'_>) -> DbResult<(AppealId, i64)> {
    let id = AppealId::new();
    let mut tx = db.begin_write().await?;
    let number = counters::next_number(&mut tx, &counters::appeal_counter(new.business_id)).await?;
    sqlx::query(concat!(
        "INSERT INTO cargo_appeals (id, business_id, number, client_id, shipment_id, name, phone, kind, body, ",
        "status, created_at, language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'new', $10, $11)"
    ))
    .bind(&id)
    .bind(new.business_id)
    .bind(number)
    .bind(new.client_id)
    .bind(new.shipment_id)
    .bind(new.name)
    .bind(new.phone)
    .bind(new.kind.code())
    .bind(new.body)
    .bind(now_ms())
    .bind(new.language)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((id, number))
}

/// A client's appeals, newest first (at most 200).
///
/// # Errors
/// [`DbError::Sql`].
pub async fn client_appeals(db: &Db, business_id: &BusinessId, client_id: &ClientId) -> DbResult<Vec<AppealRow>> {
    let sql = concat!(
        appeal_select!(),
        "WHERE a.business_id = $1 AND a.client_id = $2 ORDER BY a.created_at DESC, a.number DESC LIMIT 200"
    );
    let rows = sqlx::query(sql).bind(business_id).bind(client_id).fetch_all(&db.pool).await?;
    rows.iter().map(appeal_from).collect()
}

/// A company's appeals in `status`, oldest new first, newest answered
/// first (at most 200).
///
/// # Errors
/// [`DbError::Sql`].
pub async fn company_appeals(db: &Db, business_id: &BusinessId, status: AppealStatus) -> DbResult<Vec<AppealRow>> {
    let rows = match status {
        AppealStatus::New => {
            let sql = concat!(
                appeal_select!(),
                "WHERE a.business_id = $1 AND a.status = 'new' ORDER BY a.created_at, a.number LIMIT 200"
            );
            sqlx::query(sql).bind(business_id).fetch_all(&db.pool).await?
        }
        AppealStatus::Answered => {
            let sql = concat!(
                appeal_select!(),
                "WHERE a.business_id = $1 AND a.status = 'answered' ORDER BY a.answered_at DESC LIMIT 200"
            );
            sqlx::query(sql).bind(business_id).fetch_all(&db.pool).await?
        }
    };
    rows.iter().map(appeal_from).collect()
}

/// Records the answer to a company's appeal (a second answer replaces the
/// first); returns the appeal.
///
/// # Errors
/// [`DbError::NotFound`] for another company's or an unknown appeal.
pub async fn answer(db: &Db, business_id: &BusinessId, id: &AppealId, text: &str, by: &str) -> DbResult<AppealRow> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(concat!(
        "UPDATE cargo_appeals SET status = 'answered', answer = $3, answered_by = $4, answered_at = $5 ",
        "WHERE id = $1 AND business_id = $2"
    ))
    .bind(id)
    .bind(business_id)
    .bind(text)
    .bind(by)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    let row = sqlx::query(concat!(appeal_select!(), "WHERE a.id = $1")).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    appeal_from(&row)
}

/// The barcode of the client's own shipment `id` in this company.
///
/// # Errors
/// [`DbError::NotFound`] for an unknown one, or another client's.
pub async fn client_shipment_barcode(
    db: &Db,
    business_id: &BusinessId,
    client_id: &ClientId,
    id: &ShipmentId,
) -> DbResult<String> {
    Ok(sqlx::query_scalar("SELECT barcode FROM cargo_shipments WHERE id = $1 AND business_id = $2 AND client_id = $3")
        .bind(id)
        .bind(business_id)
        .bind(client_id)
        .fetch_one(&db.pool)
        .await?)
}
