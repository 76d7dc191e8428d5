//! Numbers handed out inside a write transaction: barcode serials (one
//! sequence for the whole platform, so a barcode names one shipment or
//! account everywhere) and each company's own order and appeal numbers.
//!
//! A counter's row is made at its first use; the update takes the row's
//! lock (PostgreSQL) or the database's (SQLite's `BEGIN IMMEDIATE`), so two
//! transactions never get the same value, and a rolled-back transaction
//! gives its values back.

use crate::db::{DbResult, Tx};
use crate::ids::BusinessId;

/// The first barcode serial: barcodes start `1000…`, never with zeros a
/// spreadsheet would drop.
pub const SERIAL_BASE: u64 = 10_000_000_000;

/// Takes `n` consecutive values of counter `name` and returns the first
/// (values start at 1). Concurrent callers queue on the counter's row.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn reserve(tx: &mut Tx, name: &str, n: i64) -> DbResult<i64> {
    sqlx::query("INSERT INTO cargo_counters (name, value) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(&mut **tx)
        .await?;
    let last: i64 = sqlx::query_scalar("UPDATE cargo_counters SET value = value + $2 WHERE name = $1 RETURNING value")
        .bind(name)
        .bind(n.max(1))
        .fetch_one(&mut **tx)
        .await?;
    Ok(last - n.max(1) + 1)
}

/// Takes `n` barcode serials; returns the first.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn reserve_serials(tx: &mut Tx, n: i64) -> DbResult<u64> {
    let first = reserve(tx, "barcode", n).await?;
    Ok(SERIAL_BASE + u64::try_from(first).unwrap_or(0))
}

/// One barcode serial.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn next_serial(tx: &mut Tx) -> DbResult<u64> {
    reserve_serials(tx, 1).await
}

/// The next value of counter `name` (1 for a new counter).
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn next_number(tx: &mut Tx, name: &str) -> DbResult<i64> {
    reserve(tx, name, 1).await
}

/// The counter of a company's order numbers.
#[must_use]
pub fn order_counter(business_id: &str) -> String {
    format!("number:{business_id}")
}

/// The counter of a company's appeal numbers.
#[must_use]
pub fn appeal_counter(business_id: &str) -> String {
    format!("appeal:{business_id}")
}

/// Takes `n` of a company's order numbers; returns the first.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn reserve_numbers(tx: &mut Tx, business: &BusinessId, n: i64) -> DbResult<i64> {
    reserve(tx, &order_counter(business), n).await
}

/// A company's next appeal number.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn next_appeal_number(tx: &mut Tx, business: &BusinessId) -> DbResult<i64> {
    reserve(tx, &appeal_counter(business), 1).await
}
