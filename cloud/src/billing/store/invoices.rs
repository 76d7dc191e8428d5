//! Invoices and payments.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use super::{Tariff, lock_subscription, store_subscription};
use crate::billing::invoices::{Invoice, InvoiceStatus, Origin, Payment, Provider, SettleError, Settled};
use crate::billing::lifecycle::{Change, Period};
use crate::db::{Db, DbError, DbResult, Tx};
use crate::ids::{BusinessId, InvoiceId, PaymentId};

/// An invoice query: its columns, then `$tail`.
macro_rules! invoice_sql {
    ($tail:literal) => {
        concat!(
            "SELECT i.id, i.business_id, i.tariff_code, t.name, i.period, i.amount, i.status, i.origin, ",
            "i.created_at, i.paid_at FROM invoices i JOIN tariffs t ON t.code = i.tariff_code ",
            $tail
        )
    };
}

/// A payment query: its columns, then `$tail`.
macro_rules! payment_sql {
    ($tail:literal) => {
        concat!(
            "SELECT id, invoice_id, business_id, provider, provider_txn_id, amount, paid_at, tariff_code, period, ",
            "period_from, period_to FROM billing_payments ",
            $tail
        )
    };
}

fn corrupt(what: &str, value: &str) -> DbError {
    DbError::Corrupt(format!("{what} {value:?}"))
}

fn invoice_of(r: &AnyRow) -> DbResult<Invoice> {
    let id: String = r.try_get(0)?;
    let business: String = r.try_get(1)?;
    let period: String = r.try_get(4)?;
    let status: String = r.try_get(6)?;
    let origin: String = r.try_get(7)?;
    Ok(Invoice {
        id: InvoiceId::parse(&id).ok_or_else(|| corrupt("invoice id", &id))?,
        business_id: BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?,
        tariff_code: r.try_get(2)?,
        tariff_name: r.try_get(3)?,
        period: Period::from_code(&period).ok_or_else(|| corrupt("period", &period))?,
        amount: r.try_get(5)?,
        status: InvoiceStatus::from_code(&status).ok_or_else(|| corrupt("invoice status", &status))?,
        origin: Origin::from_code(&origin).ok_or_else(|| corrupt("invoice origin", &origin))?,
        created_at: r.try_get(8)?,
        paid_at: r.try_get(9)?,
    })
}

fn payment_of(r: &AnyRow) -> DbResult<Payment> {
    let id: String = r.try_get(0)?;
    let invoice: String = r.try_get(1)?;
    let business: String = r.try_get(2)?;
    let provider: String = r.try_get(3)?;
    let period: String = r.try_get(8)?;
    Ok(Payment {
        id: PaymentId::parse(&id).ok_or_else(|| corrupt("payment id", &id))?,
        invoice_id: InvoiceId::parse(&invoice).ok_or_else(|| corrupt("invoice id", &invoice))?,
        business_id: BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?,
        provider: Provider::from_code(&provider).ok_or_else(|| corrupt("provider", &provider))?,
        provider_txn_id: r.try_get(4)?,
        amount: r.try_get(5)?,
        paid_at: r.try_get(6)?,
        tariff_code: r.try_get(7)?,
        period: Period::from_code(&period).ok_or_else(|| corrupt("period", &period))?,
        period_from: r.try_get(9)?,
        period_to: r.try_get(10)?,
    })
}

impl Db {
    /// Creates an open invoice for `tariff` and `period` at today's price.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn create_invoice(
        &self,
        business_id: &BusinessId,
        tariff: &Tariff,
        period: Period,
        origin: Origin,
        now: i64,
    ) -> DbResult<Invoice> {
        let id = InvoiceId::new();
        let amount = tariff.price(period);
        sqlx::query(
            "INSERT INTO invoices (id, business_id, tariff_code, period, amount, status, origin, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)",
        )
        .bind(&id)
        .bind(business_id)
        .bind(&tariff.code)
        .bind(period.code())
        .bind(amount)
        .bind(origin.code())
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(Invoice {
            id,
            business_id: business_id.clone(),
            tariff_code: tariff.code.clone(),
            tariff_name: tariff.name.clone(),
            period,
            amount,
            status: InvoiceStatus::Open,
            origin,
            created_at: now,
            paid_at: None,
        })
    }

    /// An invoice by id, whoever's (providers' calls).
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn invoice(&self, id: &InvoiceId) -> DbResult<Invoice> {
        let row = sqlx::query(invoice_sql!("WHERE i.id = $1")).bind(id).fetch_one(&self.pool).await?;
        invoice_of(&row)
    }

    /// One of the business's invoices; another business's is not found.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn business_invoice(&self, business_id: &BusinessId, id: &InvoiceId) -> DbResult<Invoice> {
        let row = sqlx::query(invoice_sql!("WHERE i.id = $1 AND i.business_id = $2"))
            .bind(id)
            .bind(business_id)
            .fetch_one(&self.pool)
            .await?;
        invoice_of(&row)
    }

    /// The business's invoices, newest first (at most `limit`).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn invoices(&self, business_id: &BusinessId, limit: i64) -> DbResult<Vec<Invoice>> {
        let rows = sqlx::query(invoice_sql!("WHERE i.business_id = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT $2"))
            .bind(business_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(invoice_of).collect()
    }

    /// The business's payments, newest first (at most `limit`).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn payments(&self, business_id: &BusinessId, limit: i64) -> DbResult<Vec<Payment>> {
        let rows = sqlx::query(payment_sql!("WHERE business_id = $1 ORDER BY paid_at DESC, id DESC LIMIT $2"))
            .bind(business_id)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(payment_of).collect()
    }

    /// One of the business's payments; another business's is not found.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn payment(&self, business_id: &BusinessId, id: &PaymentId) -> DbResult<Payment> {
        let row = sqlx::query(payment_sql!("WHERE id = $1 AND business_id = $2"))
            .bind(id)
            .bind(business_id)
            .fetch_one(&self.pool)
            .await?;
        payment_of(&row)
    }

    /// The payment that settled an invoice, if any.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn payment_of_invoice(&self, invoice_id: &InvoiceId) -> DbResult<Option<Payment>> {
        let row =
            sqlx::query(payment_sql!("WHERE invoice_id = $1")).bind(invoice_id).fetch_optional(&self.pool).await?;
        row.as_ref().map(payment_of).transpose()
    }
}

/// An invoice inside a transaction, its row locked until `tx` ends.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn lock_invoice(tx: &mut Tx, id: &InvoiceId) -> DbResult<Invoice> {
    let done = sqlx::query("UPDATE invoices SET id = id WHERE id = $1").bind(id).execute(&mut **tx).await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    let row = sqlx::query(invoice_sql!("WHERE i.id = $1")).bind(id).fetch_one(&mut **tx).await?;
    invoice_of(&row)
}

/// Cancels an open invoice; a paid or cancelled one is left as it is.
/// Returns whether this call cancelled it.
///
/// # Errors
/// [`DbError`].
pub async fn cancel_invoice(tx: &mut Tx, id: &InvoiceId) -> DbResult<bool> {
    let done = sqlx::query("UPDATE invoices SET status = 'cancelled' WHERE id = $1 AND status = 'open'")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Settles an invoice inside the caller's transaction (so the provider's
/// own record commits with it, or neither does): the first call marks it
/// paid, records the payment and extends the subscription from the later of
/// `at` and its end date, on the invoice's tariff; later calls, from any
/// provider, change nothing and return the earlier payment.
///
/// The caller commits, then wakes the hubs' watch calls
/// ([`crate::http::AppState::config_changed`]): their limits changed.
///
/// # Errors
/// [`SettleError`].
pub async fn settle(
    tx: &mut Tx,
    invoice_id: &InvoiceId,
    provider: Provider,
    provider_txn_id: &str,
    at: i64,
) -> Result<Settled, SettleError> {
    let invoice = match lock_invoice(tx, invoice_id).await {
        Ok(i) => i,
        Err(DbError::NotFound) => return Err(SettleError::NotFound),
        Err(e) => return Err(e.into()),
    };
    match invoice.status {
        InvoiceStatus::Cancelled => return Err(SettleError::Cancelled),
        InvoiceStatus::Paid => {
            let row = sqlx::query(payment_sql!("WHERE invoice_id = $1"))
                .bind(invoice_id)
                .fetch_one(&mut **tx)
                .await
                .map_err(DbError::from)?;
            return Ok(Settled::AlreadyPaid(payment_of(&row)?));
        }
        InvoiceStatus::Open => {}
    }
    let before = lock_subscription(tx, &invoice.business_id).await?;
    let after = before
        .at(at)
        .apply(Change::Paid { period: invoice.period, at })
        .map_err(|e| SettleError::Db(DbError::Corrupt(e.to_string())))?;
    let period_from = before.ends_at.max(at);
    store_subscription(tx, &invoice.business_id, after, Some(&invoice.tariff_code), None).await?;
    sqlx::query("UPDATE invoices SET status = 'paid', paid_at = $2 WHERE id = $1")
        .bind(invoice_id)
        .bind(at)
        .execute(&mut **tx)
        .await
        .map_err(DbError::from)?;
    let payment = Payment {
        id: PaymentId::new(),
        invoice_id: invoice.id.clone(),
        business_id: invoice.business_id.clone(),
        provider,
        provider_txn_id: provider_txn_id.to_owned(),
        amount: invoice.amount,
        paid_at: at,
        tariff_code: invoice.tariff_code.clone(),
        period: invoice.period,
        period_from,
        period_to: after.ends_at,
    };
    sqlx::query(
        "INSERT INTO billing_payments (id, invoice_id, business_id, provider, provider_txn_id, amount, paid_at, \
         tariff_code, period, period_from, period_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&payment.id)
    .bind(&payment.invoice_id)
    .bind(&payment.business_id)
    .bind(provider.code())
    .bind(provider_txn_id)
    .bind(payment.amount)
    .bind(at)
    .bind(&payment.tariff_code)
    .bind(payment.period.code())
    .bind(period_from)
    .bind(after.ends_at)
    .execute(&mut **tx)
    .await
    .map_err(DbError::from)?;
    Ok(Settled::Paid(payment))
}
