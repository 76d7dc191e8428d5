//! Multicard's SQL: the token a branch's credentials yield (sealed), mobile
//! payments taken at the till, and the callbacks already counted.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::{BranchId, BusinessId};

/// What the token check decided, with the token itself (sealed) when one
/// was issued.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredToken {
    /// `unchecked`, `active` or `inactive`.
    pub status: String,
    /// The sealed token; empty when none.
    pub sealed: String,
    /// When it stops working (UTC ms), 0 when none.
    pub expires_at: i64,
    /// When the status was decided (UTC ms), 0 = never.
    pub checked_at: i64,
}

/// A branch's credentials as the client needs them (the secret sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchCredentials {
    /// Whose.
    pub business_id: BusinessId,
    /// Which branch.
    pub branch_id: BranchId,
    /// Store ID.
    pub store_id: String,
    /// Application ID.
    pub application_id: String,
    /// Sealed secret (context: the branch id).
    pub secret_sealed: String,
    /// Enabled for mobile payments.
    pub enabled: bool,
    /// The token and its status.
    pub token: StoredToken,
}

/// A mobile payment's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MobileStatus {
    /// Invoice created, not paid yet.
    Pending,
    /// Multicard confirmed it.
    Paid,
    /// Multicard reported an error, or creating the invoice failed.
    Failed,
    /// Reverted.
    Refunded,
}

impl MobileStatus {
    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            MobileStatus::Pending => "pending",
            MobileStatus::Paid => "paid",
            MobileStatus::Failed => "failed",
            MobileStatus::Refunded => "refunded",
        }
    }

    /// From its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        [MobileStatus::Pending, MobileStatus::Paid, MobileStatus::Failed, MobileStatus::Refunded]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A mobile payment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobilePayment {
    /// Our id: the `invoice_id` Multicard knows.
    pub id: String,
    /// Whose.
    pub business_id: BusinessId,
    /// Which branch.
    pub branch_id: BranchId,
    /// The terminal that asked.
    pub terminal_id: String,
    /// The terminal's request id (its retries are the same payment).
    pub request_id: String,
    /// The terminal's order id.
    pub order_id: String,
    /// The terminal's payment id.
    pub payment_id: String,
    /// Tiyin.
    pub amount: i64,
    /// The store the invoice was made for.
    pub store_id: String,
    /// Multicard's uuid (empty until the invoice exists).
    pub uuid: String,
    /// Where the payer pays.
    pub checkout_url: String,
    /// State.
    pub status: MobileStatus,
    /// Created (UTC ms).
    pub created_at: i64,
    /// Paid (UTC ms), 0 when not.
    pub paid_at: i64,
}

/// What a success callback did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmed {
    /// This callback moved it (to paid, or failed).
    Counted,
    /// Seen before (same uuid), or already paid: nothing changed.
    AlreadyCounted,
    /// The payment is not pending any more (failed or refunded): recorded,
    /// not counted.
    NotPending,
}

macro_rules! payment_sql {
    ($tail:literal) => {
        concat!(
            "SELECT id, business_id, branch_id, terminal_id, request_id, order_id, payment_id, amount, store_id, ",
            "uuid, checkout_url, status, created_at, paid_at FROM multicard_payments ",
            $tail
        )
    };
}

fn corrupt(what: &str, value: &str) -> DbError {
    DbError::Corrupt(format!("{what} {value:?}"))
}

fn payment_of(r: &AnyRow) -> DbResult<MobilePayment> {
    let business: String = r.try_get(1)?;
    let branch: String = r.try_get(2)?;
    let status: String = r.try_get(11)?;
    Ok(MobilePayment {
        id: r.try_get(0)?,
        business_id: BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?,
        branch_id: BranchId::parse(&branch).ok_or_else(|| corrupt("branch id", &branch))?,
        terminal_id: r.try_get(3)?,
        request_id: r.try_get(4)?,
        order_id: r.try_get(5)?,
        payment_id: r.try_get(6)?,
        amount: r.try_get(7)?,
        store_id: r.try_get(8)?,
        uuid: r.try_get(9)?,
        checkout_url: r.try_get(10)?,
        status: MobileStatus::from_code(&status).ok_or_else(|| corrupt("mobile payment status", &status))?,
        created_at: r.try_get(12)?,
        paid_at: r.try_get(13)?,
    })
}

impl Db {
    /// A branch's Multicard credentials and token, by the branch alone (the
    /// hub API and callbacks know the branch, not the owner).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn multicard_credentials(&self, branch_id: &BranchId) -> DbResult<Option<BranchCredentials>> {
        let row = sqlx::query(
            "SELECT business_id, store_id, application_id, secret_sealed, enabled, token_status, token_sealed, \
             token_expires_at, token_checked_at FROM multicard_settings WHERE branch_id = $1",
        )
        .bind(branch_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let business: String = r.try_get(0)?;
            Ok(BranchCredentials {
                business_id: BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?,
                branch_id: branch_id.clone(),
                store_id: r.try_get(1)?,
                application_id: r.try_get(2)?,
                secret_sealed: r.try_get(3)?,
                enabled: r.try_get::<i64, _>(4)? != 0,
                token: StoredToken {
                    status: r.try_get(5)?,
                    sealed: r.try_get(6)?,
                    expires_at: r.try_get(7)?,
                    checked_at: r.try_get(8)?,
                },
            })
        })
        .transpose()
    }

    /// Stores what a token check decided, only if the credentials are still
    /// the ones checked (a save in between made them `unchecked` again and
    /// wins).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn store_multicard_token(&self, checked: &BranchCredentials, token: &StoredToken) -> DbResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE multicard_settings SET token_status = $5, token_sealed = $6, token_expires_at = $7, \
             token_checked_at = $8 WHERE branch_id = $1 AND store_id = $2 AND application_id = $3 \
             AND secret_sealed = $4",
        )
        .bind(&checked.branch_id)
        .bind(&checked.store_id)
        .bind(&checked.application_id)
        .bind(&checked.secret_sealed)
        .bind(&token.status)
        .bind(&token.sealed)
        .bind(token.expires_at)
        .bind(token.checked_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a terminal's request for a mobile payment, or finds the one
    /// made for the same request before (its retry). `Ok((payment, true))`
    /// when new.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn open_mobile_payment(&self, p: &MobilePayment) -> DbResult<(MobilePayment, bool)> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "INSERT INTO multicard_payments (id, business_id, branch_id, terminal_id, request_id, order_id, \
             payment_id, amount, store_id, uuid, checkout_url, status, created_at, paid_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '', 'pending', $10, 0) \
             ON CONFLICT (branch_id, request_id) DO NOTHING",
        )
        .bind(&p.id)
        .bind(&p.business_id)
        .bind(&p.branch_id)
        .bind(&p.terminal_id)
        .bind(&p.request_id)
        .bind(&p.order_id)
        .bind(&p.payment_id)
        .bind(p.amount)
        .bind(&p.store_id)
        .bind(p.created_at)
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(payment_sql!("WHERE branch_id = $1 AND request_id = $2"))
            .bind(&p.branch_id)
            .bind(&p.request_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((payment_of(&row)?, done.rows_affected() == 1))
    }

    /// Notes the invoice Multicard made for a pending payment.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn set_mobile_invoice(&self, id: &str, uuid: &str, checkout_url: &str) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE multicard_payments SET uuid = $2, checkout_url = $3 WHERE id = $1 AND status = 'pending'")
            .bind(id)
            .bind(uuid)
            .bind(checkout_url)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a pending payment failed (its invoice could not be made).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn fail_mobile_payment(&self, id: &str) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE multicard_payments SET status = 'failed' WHERE id = $1 AND status = 'pending'")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One mobile payment by our id.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn mobile_payment(&self, id: &str) -> DbResult<MobilePayment> {
        let row = sqlx::query(payment_sql!("WHERE id = $1")).bind(id).fetch_optional(&self.pool).await?;
        payment_of(&row.ok_or(DbError::NotFound)?)
    }

    /// How many callbacks were counted for a uuid (tests and audits).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn multicard_callbacks_seen(&self, uuid: &str) -> DbResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM multicard_callbacks WHERE uuid = $1")
            .bind(uuid)
            .fetch_one(&self.pool)
            .await?)
    }
}

/// Counts a verified callback once: records `(uuid, kind)`, then moves the
/// payment from pending to `to`. A uuid seen before changes nothing.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn count_callback(
    tx: &mut Tx,
    payment_id: &str,
    uuid: &str,
    kind: &str,
    to: MobileStatus,
) -> DbResult<Confirmed> {
    let at = now_ms();
    let seen = sqlx::query(
        "INSERT INTO multicard_callbacks (uuid, kind, payment_id, received_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (uuid, kind) DO NOTHING",
    )
    .bind(uuid)
    .bind(kind)
    .bind(payment_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    if seen.rows_affected() == 0 {
        return Ok(Confirmed::AlreadyCounted);
    }
    let paid_at = if to == MobileStatus::Paid { at } else { 0 };
    let moved = sqlx::query(
        "UPDATE multicard_payments SET status = $2, paid_at = CASE WHEN $3 > 0 THEN $3 ELSE paid_at END, \
         uuid = CASE WHEN uuid = '' THEN $4 ELSE uuid END WHERE id = $1 AND status = 'pending'",
    )
    .bind(payment_id)
    .bind(to.code())
    .bind(paid_at)
    .bind(uuid)
    .execute(&mut **tx)
    .await?;
    if moved.rows_affected() == 1 {
        return Ok(Confirmed::Counted);
    }
    let row = sqlx::query("SELECT status FROM multicard_payments WHERE id = $1")
        .bind(payment_id)
        .fetch_one(&mut **tx)
        .await?;
    let status: String = row.try_get(0)?;
    Ok(if status == to.code() { Confirmed::AlreadyCounted } else { Confirmed::NotPending })
}

/// Marks a paid payment refunded (a `revert` webhook or our refund).
///
/// # Errors
/// [`DbError::Sql`].
pub async fn mark_refunded(tx: &mut Tx, payment_id: &str) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE multicard_payments SET status = 'refunded' WHERE id = $1 AND status IN ('paid', 'pending')",
    )
    .bind(payment_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
