//! Payme's transactions and the key Payme changed (B2): every query of the
//! merchant API.
//!
//! Lock order: every write to a Payme transaction first locks its invoice
//! ([`lock_invoice`]), then reads the row; so two calls about one invoice
//! (Create, Perform, Cancel, a Click payment) run one after the other and
//! never deadlock on PostgreSQL.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use super::invoices::lock_invoice;
use crate::billing::payme::{State, Transaction};
use crate::db::{Db, DbError, DbResult, Tx};
use crate::ids::InvoiceId;

/// A transaction query: its columns, then `$tail`.
macro_rules! txn_sql {
    ($tail:literal) => {
        concat!(
            "SELECT id, transaction_id, invoice_id, payme_time, amount, state, create_time, perform_time, ",
            "cancel_time, reason FROM payme_transactions ",
            $tail
        )
    };
}

fn txn_of(r: &AnyRow) -> DbResult<Transaction> {
    let invoice: String = r.try_get(2)?;
    let state: i64 = r.try_get(5)?;
    Ok(Transaction {
        id: r.try_get(0)?,
        transaction: r.try_get(1)?,
        invoice_id: InvoiceId::parse(&invoice).ok_or_else(|| DbError::Corrupt(format!("invoice id {invoice:?}")))?,
        time: r.try_get(3)?,
        amount: r.try_get(4)?,
        state: State::from_code(state).ok_or_else(|| DbError::Corrupt(format!("payme state {state}")))?,
        create_time: r.try_get(6)?,
        perform_time: r.try_get(7)?,
        cancel_time: r.try_get(8)?,
        reason: r.try_get(9)?,
    })
}

impl Db {
    /// One Payme transaction by Payme's id.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn payme_transaction(&self, id: &str) -> DbResult<Option<Transaction>> {
        let row = sqlx::query(txn_sql!("WHERE id = $1")).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(txn_of).transpose()
    }

    /// The Payme transactions of an invoice, oldest first.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn payme_transactions_of(&self, invoice_id: &InvoiceId) -> DbResult<Vec<Transaction>> {
        let rows = sqlx::query(txn_sql!("WHERE invoice_id = $1 ORDER BY payme_time, id"))
            .bind(invoice_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(txn_of).collect()
    }

    /// GetStatement: the transactions whose Payme `time` lies in
    /// `from..=to`, both ends included, in Payme's time order.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn payme_statement(&self, from: i64, to: i64) -> DbResult<Vec<Transaction>> {
        let rows = sqlx::query(txn_sql!("WHERE payme_time >= $1 AND payme_time <= $2 ORDER BY payme_time, id"))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(txn_of).collect()
    }

    /// The key set by ChangePassword, still sealed, if any.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn payme_key_sealed(&self) -> DbResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT key_sealed FROM payme_keys WHERE id = 1").fetch_optional(&self.pool).await?)
    }

    /// Stores the key set by ChangePassword (sealed by the caller).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn set_payme_key_sealed(&self, sealed: &str, at: i64) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO payme_keys (id, key_sealed, changed_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET key_sealed = excluded.key_sealed, changed_at = excluded.changed_at",
        )
        .bind(sealed)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// A Payme transaction inside `tx`, its invoice locked first (see the lock
/// order above); `None` when Payme's id is unknown.
///
/// # Errors
/// [`DbError`].
pub async fn lock_transaction(tx: &mut Tx, id: &str) -> DbResult<Option<Transaction>> {
    let invoice: Option<String> = sqlx::query_scalar("SELECT invoice_id FROM payme_transactions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(invoice) = invoice else { return Ok(None) };
    let invoice = InvoiceId::parse(&invoice).ok_or_else(|| DbError::Corrupt(format!("invoice id {invoice:?}")))?;
    lock_invoice(tx, &invoice).await?;
    let row = sqlx::query(txn_sql!("WHERE id = $1")).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(txn_of).transpose()
}

/// The invoice's active (state 1) transactions, inside `tx` (its invoice
/// locked by the caller).
///
/// # Errors
/// [`DbError`].
pub async fn active_transactions(tx: &mut Tx, invoice_id: &InvoiceId) -> DbResult<Vec<Transaction>> {
    let rows =
        sqlx::query(txn_sql!("WHERE invoice_id = $1 AND state = 1")).bind(invoice_id).fetch_all(&mut **tx).await?;
    rows.iter().map(txn_of).collect()
}

/// Records a new transaction (state 1).
///
/// # Errors
/// [`DbError::Conflict`] when Payme's id exists or the invoice already has
/// an active one.
pub async fn insert_transaction(tx: &mut Tx, t: &Transaction) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO payme_transactions (id, transaction_id, invoice_id, payme_time, amount, state, create_time, \
         perform_time, cancel_time, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&t.id)
    .bind(&t.transaction)
    .bind(&t.invoice_id)
    .bind(t.time)
    .bind(t.amount)
    .bind(t.state.code())
    .bind(t.create_time)
    .bind(t.perform_time)
    .bind(t.cancel_time)
    .bind(t.reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a created transaction performed at `at`.
///
/// # Errors
/// [`DbError::NotFound`] when it is not in state 1.
pub async fn perform_transaction(tx: &mut Tx, id: &str, at: i64) -> DbResult<()> {
    let done = sqlx::query("UPDATE payme_transactions SET state = 2, perform_time = $2 WHERE id = $1 AND state = 1")
        .bind(id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    Ok(())
}

/// Cancels a transaction from state `from` to `to` at `at` with `reason`.
///
/// # Errors
/// [`DbError::NotFound`] when it is not in state `from`.
pub async fn cancel_transaction(tx: &mut Tx, id: &str, from: State, to: State, at: i64, reason: i64) -> DbResult<()> {
    let done = sqlx::query(
        "UPDATE payme_transactions SET state = $3, cancel_time = $4, reason = $5 WHERE id = $1 AND state = $2",
    )
    .bind(id)
    .bind(from.code())
    .bind(to.code())
    .bind(at)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    Ok(())
}
