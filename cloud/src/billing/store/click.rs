//! Click's SQL: the Click transactions (`click_transactions`) and our ids
//! for them (`click_ids`). Everything that writes runs inside the caller's
//! transaction, after the invoice's row was locked
//! ([`super::invoices::lock_invoice`]), so one invoice's Click calls take
//! turns.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::db::{Db, DbError, DbResult, Tx};
use crate::ids::InvoiceId;

/// Where a Click transaction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClickState {
    /// Prepare succeeded; waiting for Complete.
    Prepared,
    /// Complete succeeded: it paid its invoice.
    Completed,
    /// Click cancelled it (Complete with `error < 0`), or its invoice could
    /// not take it.
    Cancelled,
}

impl ClickState {
    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            ClickState::Prepared => "prepared",
            ClickState::Completed => "completed",
            ClickState::Cancelled => "cancelled",
        }
    }

    /// A state from its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<ClickState> {
        [ClickState::Prepared, ClickState::Completed, ClickState::Cancelled].into_iter().find(|s| s.code() == code)
    }
}

/// One Click transaction (one payment attempt of one invoice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClickTransaction {
    /// Click's id.
    pub click_trans_id: i64,
    /// The invoice (`merchant_trans_id`).
    pub invoice_id: InvoiceId,
    /// Our id, given in Prepare's answer.
    pub merchant_prepare_id: i64,
    /// Click's payment number (shown to the payer).
    pub click_paydoc_id: i64,
    /// The amount as Click wrote it.
    pub amount_text: String,
    /// The amount, tiyin.
    pub amount: i64,
    /// Prepare's `sign_time`.
    pub sign_time: String,
    /// Where it is.
    pub state: ClickState,
    /// Our id, given in Complete's answer once completed.
    pub merchant_confirm_id: Option<i64>,
    /// Click's `error` when Click cancelled it.
    pub click_error: Option<i64>,
    /// When Prepare came, UTC milliseconds.
    pub prepared_at: i64,
    /// When Complete completed it.
    pub completed_at: Option<i64>,
    /// When it was cancelled.
    pub cancelled_at: Option<i64>,
}

/// What Prepare records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClickTransaction<'a> {
    /// Click's id.
    pub click_trans_id: i64,
    /// The invoice.
    pub invoice_id: &'a InvoiceId,
    /// Click's payment number.
    pub click_paydoc_id: i64,
    /// The amount as Click wrote it.
    pub amount_text: &'a str,
    /// The amount, tiyin.
    pub amount: i64,
    /// Prepare's `sign_time`.
    pub sign_time: &'a str,
}

/// A Click transaction query: its columns, then `$tail`.
macro_rules! click_sql {
    ($tail:literal) => {
        concat!(
            "SELECT click_trans_id, invoice_id, merchant_prepare_id, click_paydoc_id, amount_text, amount, sign_time, ",
            "state, merchant_confirm_id, click_error, prepared_at, completed_at, cancelled_at FROM click_transactions ",
            $tail
        )
    };
}

fn click_of(r: &AnyRow) -> DbResult<ClickTransaction> {
    let invoice: String = r.try_get(1)?;
    let state: String = r.try_get(7)?;
    Ok(ClickTransaction {
        click_trans_id: r.try_get(0)?,
        invoice_id: InvoiceId::parse(&invoice).ok_or_else(|| DbError::Corrupt(format!("invoice id {invoice:?}")))?,
        merchant_prepare_id: r.try_get(2)?,
        click_paydoc_id: r.try_get(3)?,
        amount_text: r.try_get(4)?,
        amount: r.try_get(5)?,
        sign_time: r.try_get(6)?,
        state: ClickState::from_code(&state).ok_or_else(|| DbError::Corrupt(format!("click state {state:?}")))?,
        merchant_confirm_id: r.try_get(8)?,
        click_error: r.try_get(9)?,
        prepared_at: r.try_get(10)?,
        completed_at: r.try_get(11)?,
        cancelled_at: r.try_get(12)?,
    })
}

impl Db {
    /// An invoice's Click transactions, oldest first.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn click_transactions(&self, invoice_id: &InvoiceId) -> DbResult<Vec<ClickTransaction>> {
        let rows = sqlx::query(click_sql!("WHERE invoice_id = $1 ORDER BY prepared_at, click_trans_id"))
            .bind(invoice_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(click_of).collect()
    }

    /// A Click transaction by Click's id.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn click_transaction(&self, click_trans_id: i64) -> DbResult<ClickTransaction> {
        let row =
            sqlx::query(click_sql!("WHERE click_trans_id = $1")).bind(click_trans_id).fetch_one(&self.pool).await?;
        click_of(&row)
    }
}

/// A Click transaction by Click's id, inside `tx`.
///
/// # Errors
/// [`DbError`].
pub async fn by_click_id(tx: &mut Tx, click_trans_id: i64) -> DbResult<Option<ClickTransaction>> {
    let row =
        sqlx::query(click_sql!("WHERE click_trans_id = $1")).bind(click_trans_id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(click_of).transpose()
}

/// A Click transaction by our `merchant_prepare_id`, inside `tx`.
///
/// # Errors
/// [`DbError`].
pub async fn by_prepare_id(tx: &mut Tx, merchant_prepare_id: i64) -> DbResult<Option<ClickTransaction>> {
    let row = sqlx::query(click_sql!("WHERE merchant_prepare_id = $1"))
        .bind(merchant_prepare_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(click_of).transpose()
}

/// The next of our ids for Click (1, 2, 3…, never reused); the counter's
/// row stays locked until `tx` ends.
///
/// # Errors
/// [`DbError`].
pub async fn next_id(tx: &mut Tx) -> DbResult<i64> {
    let row = sqlx::query("UPDATE click_ids SET next_id = next_id + 1 WHERE name = 'merchant' RETURNING next_id - 1")
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get(0)?)
}

/// Records a prepared Click transaction with our new `merchant_prepare_id`.
///
/// # Errors
/// [`DbError::Conflict`] when Click's id is already recorded.
pub async fn insert_prepared(tx: &mut Tx, new: &NewClickTransaction<'_>, at: i64) -> DbResult<ClickTransaction> {
    let merchant_prepare_id = next_id(tx).await?;
    sqlx::query(
        "INSERT INTO click_transactions (click_trans_id, invoice_id, merchant_prepare_id, click_paydoc_id, \
         amount_text, amount, sign_time, state, prepared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'prepared', $8)",
    )
    .bind(new.click_trans_id)
    .bind(new.invoice_id)
    .bind(merchant_prepare_id)
    .bind(new.click_paydoc_id)
    .bind(new.amount_text)
    .bind(new.amount)
    .bind(new.sign_time)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(ClickTransaction {
        click_trans_id: new.click_trans_id,
        invoice_id: new.invoice_id.clone(),
        merchant_prepare_id,
        click_paydoc_id: new.click_paydoc_id,
        amount_text: new.amount_text.to_owned(),
        amount: new.amount,
        sign_time: new.sign_time.to_owned(),
        state: ClickState::Prepared,
        merchant_confirm_id: None,
        click_error: None,
        prepared_at: at,
        completed_at: None,
        cancelled_at: None,
    })
}

/// Marks a prepared Click transaction completed with our new
/// `merchant_confirm_id`, which it returns.
///
/// # Errors
/// [`DbError::NotFound`] when it is not prepared.
pub async fn complete(tx: &mut Tx, click_trans_id: i64, at: i64) -> DbResult<i64> {
    let confirm_id = next_id(tx).await?;
    let done = sqlx::query(
        "UPDATE click_transactions SET state = 'completed', merchant_confirm_id = $2, completed_at = $3 \
         WHERE click_trans_id = $1 AND state = 'prepared'",
    )
    .bind(click_trans_id)
    .bind(confirm_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    Ok(confirm_id)
}

/// Marks a prepared Click transaction cancelled, keeping Click's `error`
/// when Click cancelled it. Returns whether this call cancelled it.
///
/// # Errors
/// [`DbError`].
pub async fn cancel(tx: &mut Tx, click_trans_id: i64, click_error: Option<i64>, at: i64) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE click_transactions SET state = 'cancelled', click_error = $2, cancelled_at = $3 \
         WHERE click_trans_id = $1 AND state = 'prepared'",
    )
    .bind(click_trans_id)
    .bind(click_error)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
