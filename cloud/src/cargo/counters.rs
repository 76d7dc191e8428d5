//! Counters handed out inside a write transaction (`cargo_counters`): the
//! platform-wide barcode serials (account barcodes and shipments share
//! them, so no two barcodes are ever equal) and each company's own numbers
//! (`number:{business_id}` for orders, `appeal:{business_id}` for appeals).
//!
//! A counter's row is created at its first use; the update takes the row's
//! lock (PostgreSQL) or the database's (SQLite's `BEGIN IMMEDIATE`), so two
//! transactions never get the same value, and a rolled-back transaction
//! gives its value back.

use crate::db::{DbError, Tx};

/// The counter of barcode serials.
const BARCODE: &str = "barcode";

/// The next value of counter `name` (1 for a new counter).
///
/// # Errors
/// [`DbError::Sql`].
pub(crate) async fn next_number(tx: &mut Tx, name: &str) -> Result<i64, DbError> {
    let value: i64 = sqlx::query_scalar(
        "INSERT INTO cargo_counters (name, value) VALUES ($1, 1) \
         ON CONFLICT (name) DO UPDATE SET value = cargo_counters.value + 1 RETURNING value",
    )
    .bind(name)
    .fetch_one(&mut **tx)
    .await?;
    Ok(value)
}

/// The next barcode serial (for `protocol::Barcode::from_serial`).
///
/// # Errors
/// [`DbError::Sql`]; [`DbError::Conflict`] if the counter ever went
/// negative (a damaged row).
pub(crate) async fn next_serial(tx: &mut Tx) -> Result<u64, DbError> {
    let value = next_number(tx, BARCODE).await?;
    u64::try_from(value).map_err(|_| DbError::Conflict)
}

/// The counter of a company's order numbers.
#[must_use]
#[allow(dead_code, reason = "the shipment store numbers orders with it")]
pub(crate) fn order_counter(business_id: &str) -> String {
    format!("number:{business_id}")
}

/// The counter of a company's appeal numbers.
#[must_use]
pub(crate) fn appeal_counter(business_id: &str) -> String {
    format!("appeal:{business_id}")
}
