//! Uploads' SQL: a checked file waiting in its preview (its rows as JSON),
//! the import's lock and outcome, failed rows, the folders list.

use std::collections::BTreeMap;

use sqlx::Row as _;
use web::i18n::cargo::{Problem, ShipmentField};

use crate::cargo::xlsx::{FailedRow, RawRow};
use crate::db::{Db, DbError, DbResult, Tx, Val, insert_rows};
use crate::ids::{ClientId, UploadId};

/// An upload as the folders list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadRow {
    /// Id.
    pub id: UploadId,
    /// Who uploaded it (the client's name then).
    pub uploaded_by: String,
    /// The file's name.
    pub file_name: String,
    /// `queued`, `processing`, `imported`, `partial`, `failed`.
    pub status: String,
    /// Rows read.
    pub rows_total: i64,
    /// Rows imported.
    pub rows_imported: i64,
    /// Rows refused (known once imported; the preview's count before).
    pub rows_failed: i64,
    /// When it was uploaded (UTC ms).
    pub created_at: i64,
}

/// Rows as stored: `[[number, {field code: text}], …]`.
fn rows_json(rows: &[RawRow]) -> String {
    let list: Vec<(u32, BTreeMap<&str, &str>)> =
        rows.iter().map(|r| (r.number, r.cells.iter().map(|(f, v)| (f.code(), v.as_str())).collect())).collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_owned())
}

fn cells_of(map: BTreeMap<String, String>) -> BTreeMap<ShipmentField, String> {
    map.into_iter().filter_map(|(k, v)| ShipmentField::from_code(&k).map(|f| (f, v))).collect()
}

fn rows_of(text: &str) -> DbResult<Vec<RawRow>> {
    let list: Vec<(u32, BTreeMap<String, String>)> =
        serde_json::from_str(text).map_err(|e| DbError::Corrupt(format!("upload rows: {e}")))?;
    Ok(list.into_iter().map(|(number, cells)| RawRow { number, cells: cells_of(cells) }).collect())
}

/// A checked upload to store (`queued`).
#[derive(Debug)]
pub struct NewUpload<'a> {
    /// Its id.
    pub id: &'a UploadId,
    /// The company.
    pub business: &'a crate::ids::BusinessId,
    /// The client.
    pub client: &'a ClientId,
    /// The client's name.
    pub uploaded_by: &'a str,
    /// The file's name.
    pub file_name: &'a str,
    /// The rows read.
    pub rows: &'a [RawRow],
    /// Rows the preview refused.
    pub invalid: i64,
    /// Now.
    pub at: i64,
}

fn upload_of(r: &sqlx::any::AnyRow) -> DbResult<UploadRow> {
    let id: String = r.try_get(0)?;
    Ok(UploadRow {
        id: UploadId::parse(&id).ok_or_else(|| DbError::Corrupt(format!("upload id {id:?}")))?,
        uploaded_by: r.try_get(1)?,
        file_name: r.try_get(2)?,
        status: r.try_get(3)?,
        rows_total: r.try_get(4)?,
        rows_imported: r.try_get(5)?,
        rows_failed: r.try_get(6)?,
        created_at: r.try_get(7)?,
    })
}

impl Db {
    /// Stores a checked upload with its rows, `queued` for its preview.
    ///
    /// # Errors
    /// Storage.
    pub async fn create_upload(&self, u: &NewUpload<'_>) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(concat!(
            "INSERT INTO cargo_uploads (id, business_id, client_id, uploaded_by, file_name, status, rows_total, ",
            "rows_imported, rows_failed, created_at, rows_json) VALUES ($1, $2, $3, $4, $5, 'queued', $6, 0, $7, $8, $9)"
        ))
        .bind(u.id)
        .bind(u.business)
        .bind(u.client)
        .bind(u.uploaded_by)
        .bind(u.file_name)
        .bind(i64::try_from(u.rows.len()).unwrap_or(i64::MAX))
        .bind(u.invalid)
        .bind(u.at)
        .bind(rows_json(u.rows))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The client's upload, if it is theirs.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when it is not the client's (or does not exist).
    pub async fn client_upload(&self, client: &ClientId, id: &UploadId) -> DbResult<UploadRow> {
        let r = sqlx::query(concat!(
            "SELECT id, uploaded_by, file_name, status, rows_total, rows_imported, rows_failed, created_at ",
            "FROM cargo_uploads WHERE id = $1 AND client_id = $2"
        ))
        .bind(id)
        .bind(client)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(DbError::NotFound)?;
        upload_of(&r)
    }

    /// A queued upload's rows, for its preview.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when it is not the client's.
    pub async fn upload_rows(&self, client: &ClientId, id: &UploadId) -> DbResult<Vec<RawRow>> {
        let text: String = sqlx::query_scalar("SELECT rows_json FROM cargo_uploads WHERE id = $1 AND client_id = $2")
            .bind(id)
            .bind(client)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(DbError::NotFound)?;
        if text.is_empty() { Ok(Vec::new()) } else { rows_of(&text) }
    }

    /// The client's uploads, newest first (at most `limit`).
    ///
    /// # Errors
    /// Storage.
    pub async fn client_uploads(&self, client: &ClientId, limit: i64) -> DbResult<Vec<UploadRow>> {
        let rows = sqlx::query(concat!(
            "SELECT id, uploaded_by, file_name, status, rows_total, rows_imported, rows_failed, created_at ",
            "FROM cargo_uploads WHERE client_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(client)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(upload_of).collect()
    }

    /// Deletes a client's upload still `queued` (the preview's "Cancel");
    /// false when there is none such.
    ///
    /// # Errors
    /// Storage.
    pub async fn cancel_upload(&self, client: &ClientId, id: &UploadId) -> DbResult<bool> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query("DELETE FROM cargo_uploads WHERE id = $1 AND client_id = $2 AND status = 'queued'")
            .bind(id)
            .bind(client)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(n == 1)
    }

    /// An upload's failed rows, in row order.
    ///
    /// # Errors
    /// Storage; a stored row that does not read back is corrupt.
    pub async fn upload_errors(&self, id: &UploadId) -> DbResult<Vec<FailedRow>> {
        let rows = sqlx::query(
            "SELECT row_number, raw, problems FROM cargo_upload_errors WHERE upload_id = $1 ORDER BY row_number",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let number: i64 = r.try_get(0)?;
                let raw: String = r.try_get(1)?;
                let problems: String = r.try_get(2)?;
                let cells: BTreeMap<String, String> =
                    serde_json::from_str(&raw).map_err(|e| DbError::Corrupt(format!("upload error row: {e}")))?;
                let list: Vec<StoredProblem> = serde_json::from_str(&problems)
                    .map_err(|e| DbError::Corrupt(format!("upload error problems: {e}")))?;
                Ok(FailedRow {
                    raw: RawRow { number: u32::try_from(number).unwrap_or(0), cells: cells_of(cells) },
                    problems: list
                        .into_iter()
                        .filter_map(|p| Some((ShipmentField::from_code(&p.column)?, Problem::from_code(&p.code)?)))
                        .collect(),
                })
            })
            .collect()
    }

    /// The shipments an upload made, for its client (at most `limit`).
    ///
    /// # Errors
    /// Storage.
    pub async fn upload_shipments(
        &self,
        client: &ClientId,
        id: &UploadId,
        limit: i64,
    ) -> DbResult<Vec<crate::cargo::store::ShipmentRow>> {
        let rows = sqlx::query(concat!(
            "SELECT s.id, s.barcode, s.number, s.created_at, s.ship_date, s.status, s.sender_name, s.sender_region, ",
            "s.receiver_name, s.receiver_district, COALESCE(o1.code, ''), COALESCE(o2.code, '') ",
            "FROM cargo_shipments s LEFT JOIN cargo_offices o1 ON o1.branch_id = s.origin_office ",
            "LEFT JOIN cargo_offices o2 ON o2.branch_id = s.destination_office ",
            "WHERE s.upload_id = $1 AND s.client_id = $2 ORDER BY s.number LIMIT $3"
        ))
        .bind(id)
        .bind(client)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(crate::cargo::store::row_of).collect()
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredProblem {
    column: String,
    code: String,
}

/// Takes a client's `queued` upload for its import inside `tx` (it becomes
/// `processing`, so a second import finds nothing), with its rows; `None`
/// when it is not the client's or no longer queued.
///
/// # Errors
/// Storage.
pub async fn take_queued(tx: &mut Tx, client: &ClientId, id: &UploadId) -> DbResult<Option<Vec<RawRow>>> {
    let n = sqlx::query(
        "UPDATE cargo_uploads SET status = 'processing' WHERE id = $1 AND client_id = $2 AND status = 'queued'",
    )
    .bind(id)
    .bind(client)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(None);
    }
    let text: String =
        sqlx::query_scalar("SELECT rows_json FROM cargo_uploads WHERE id = $1").bind(id).fetch_one(&mut **tx).await?;
    Ok(Some(if text.is_empty() { Vec::new() } else { rows_of(&text)? }))
}

/// Records an import's outcome inside `tx`: the failed rows, the counts, the
/// status, `processed_at`; the stored rows are dropped.
///
/// # Errors
/// Storage.
pub async fn finish(
    tx: &mut Tx,
    id: &UploadId,
    imported: i64,
    failed: &[FailedRow],
    at: i64,
) -> DbResult<&'static str> {
    let rows: Vec<Vec<Val>> = failed
        .iter()
        .map(|f| {
            let cells: BTreeMap<&str, &str> = f.raw.cells.iter().map(|(k, v)| (k.code(), v.as_str())).collect();
            let problems: Vec<StoredProblem> = f
                .problems
                .iter()
                .map(|(c, p)| StoredProblem { column: c.code().to_owned(), code: p.code().to_owned() })
                .collect();
            vec![
                Val::T(id.to_string()),
                Val::I(i64::from(f.raw.number)),
                Val::T(serde_json::to_string(&cells).unwrap_or_else(|_| "{}".into())),
                Val::T(serde_json::to_string(&problems).unwrap_or_else(|_| "[]".into())),
            ]
        })
        .collect();
    insert_rows(tx, "INSERT INTO cargo_upload_errors (upload_id, row_number, raw, problems)", 4, "", rows).await?;
    let failed_n = i64::try_from(failed.len()).unwrap_or(i64::MAX);
    let status = match (imported, failed_n) {
        (0, _) => "failed",
        (_, 0) => "imported",
        _ => "partial",
    };
    sqlx::query(concat!(
        "UPDATE cargo_uploads SET status = $1, rows_imported = $2, rows_failed = $3, processed_at = $4, ",
        "rows_json = '' WHERE id = $5"
    ))
    .bind(status)
    .bind(imported)
    .bind(failed_n)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(status)
}
