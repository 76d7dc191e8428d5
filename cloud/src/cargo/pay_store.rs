//! The SQL of paying for shipments online (C6): a company's own Click
//! service, the client's payments (`cargo_pays`, Click's
//! `merchant_trans_id`), Click's transactions for them, and what a shipment
//! still needs. Everything that decides on money runs in the caller's
//! transaction under the client's ledger lock ([`client_lock`]), so two
//! payments of one client take turns.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use super::ledger::{Kind, Mode};
use crate::billing::store::click::{ClickState, next_id};
use crate::db::{Db, DbError, DbResult, Tx, lock_key};
use crate::ids::{BusinessId, CargoPayId, ClientId, LedgerEntryId, ShipmentId};

/// A company's Click service, its secret still sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClickService {
    /// Click's service id.
    pub service_id: String,
    /// Merchant id.
    pub merchant_id: String,
    /// Merchant user id.
    pub merchant_user_id: String,
    /// The secret key, sealed (context: the business id).
    pub secret_sealed: String,
    /// Last saved (UTC ms).
    pub updated_at: i64,
}

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayStatus {
    /// Sent to the provider; not paid yet.
    Open,
    /// Paid: its ledger row is written.
    Paid,
    /// Refused for good (the shipment was paid otherwise meanwhile).
    Cancelled,
}

impl PayStatus {
    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            PayStatus::Open => "open",
            PayStatus::Paid => "paid",
            PayStatus::Cancelled => "cancelled",
        }
    }

    fn from_code(code: &str) -> Option<PayStatus> {
        [PayStatus::Open, PayStatus::Paid, PayStatus::Cancelled].into_iter().find(|s| s.code() == code)
    }
}

/// A client's payment of a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pay {
    /// Its id (`merchant_trans_id`).
    pub id: CargoPayId,
    /// The company.
    pub business_id: BusinessId,
    /// The client.
    pub client_id: ClientId,
    /// The shipment.
    pub shipment_id: ShipmentId,
    /// Its barcode.
    pub barcode: String,
    /// What the shipment still needed when the payment was made, tiyin.
    pub due: i64,
    /// What the client pays (≥ `due`; the rest goes to the balance), tiyin.
    pub amount: i64,
    /// `click`.
    pub provider: String,
    /// Where it is.
    pub status: PayStatus,
    /// Made (UTC ms).
    pub created_at: i64,
}

/// One Click attempt of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoClickTxn {
    /// Click's id.
    pub click_trans_id: i64,
    /// The payment.
    pub pay_id: CargoPayId,
    /// Our id from Prepare.
    pub merchant_prepare_id: i64,
    /// Where it is.
    pub state: ClickState,
    /// Our id from Complete.
    pub merchant_confirm_id: Option<i64>,
}

/// The ledger key of a payment through Click (one per Click transaction).
#[must_use]
pub fn click_key(click_trans_id: i64) -> String {
    format!("click:{click_trans_id}")
}

/// Takes the client's ledger lock until `tx` ends (payments, payouts).
///
/// # Errors
/// [`DbError`].
pub async fn client_lock(tx: &mut Tx, client: &ClientId) -> DbResult<()> {
    lock_key(tx, &format!("cargo-ledger:{client}")).await
}

/// What the client still owes for a shipment, tiyin: its price (charges
/// less refunds) not yet covered by its payments, and never more than the
/// client owes in all (a client with money on the balance has paid).
///
/// # Errors
/// [`DbError`].
pub async fn due<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Any>,
    business: &BusinessId,
    client: &ClientId,
    shipment: &ShipmentId,
) -> DbResult<i64> {
    let r = sqlx::query(
        "SELECT CAST(COALESCE(SUM(CASE WHEN shipment_id = $3 AND kind IN ('charge', 'refund', 'payment', 'payment_returned') \
         THEN amount ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(amount), 0) AS BIGINT) \
         FROM cargo_ledger WHERE client_id = $1 AND business_id = $2 AND mode = $4",
    )
    .bind(client)
    .bind(business)
    .bind(shipment)
    .bind(Mode::Live.code())
    .fetch_one(db)
    .await?;
    let (shipment_sum, total): (i64, i64) = (r.try_get(0)?, r.try_get(1)?);
    Ok(shipment_sum.max(total).min(0).saturating_neg())
}

const PAY_SQL: &str = "SELECT id, business_id, client_id, shipment_id, barcode, due, amount, provider, status, \
                       created_at FROM cargo_pays";

fn pay_of(r: &AnyRow) -> DbResult<Pay> {
    let bad = |what: &str, v: &str| DbError::Corrupt(format!("cargo pay {what} {v:?}"));
    let (id, business, client, shipment, status): (String, String, String, String, String) =
        (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(8)?);
    Ok(Pay {
        id: CargoPayId::parse(&id).ok_or_else(|| bad("id", &id))?,
        business_id: BusinessId::parse(&business).ok_or_else(|| bad("business", &business))?,
        client_id: ClientId::parse(&client).ok_or_else(|| bad("client", &client))?,
        shipment_id: ShipmentId::parse(&shipment).ok_or_else(|| bad("shipment", &shipment))?,
        barcode: r.try_get(4)?,
        due: r.try_get(5)?,
        amount: r.try_get(6)?,
        provider: r.try_get(7)?,
        status: PayStatus::from_code(&status).ok_or_else(|| bad("status", &status))?,
        created_at: r.try_get(9)?,
    })
}

/// Records an open payment.
///
/// # Errors
/// [`DbError`].
pub async fn insert_pay(tx: &mut Tx, pay: &Pay) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO cargo_pays (id, business_id, client_id, shipment_id, barcode, due, amount, provider, status, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&pay.id)
    .bind(&pay.business_id)
    .bind(&pay.client_id)
    .bind(&pay.shipment_id)
    .bind(&pay.barcode)
    .bind(pay.due)
    .bind(pay.amount)
    .bind(&pay.provider)
    .bind(pay.status.code())
    .bind(pay.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A company's payment by id, inside `tx`.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn pay_in(tx: &mut Tx, business: &BusinessId, id: &CargoPayId) -> DbResult<Pay> {
    let sql = format!("{PAY_SQL} WHERE id = $1 AND business_id = $2");
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(business)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(DbError::NotFound)?;
    pay_of(&r)
}

/// Sets a payment's status (and when it was paid).
///
/// # Errors
/// [`DbError`].
pub async fn set_pay_status(tx: &mut Tx, id: &CargoPayId, status: PayStatus, at: i64) -> DbResult<()> {
    let paid_at = (status == PayStatus::Paid).then_some(at);
    sqlx::query("UPDATE cargo_pays SET status = $2, paid_at = $3 WHERE id = $1")
        .bind(id)
        .bind(status.code())
        .bind(paid_at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn txn_of(r: &AnyRow) -> DbResult<CargoClickTxn> {
    let (pay, state): (String, String) = (r.try_get(1)?, r.try_get(3)?);
    Ok(CargoClickTxn {
        click_trans_id: r.try_get(0)?,
        pay_id: CargoPayId::parse(&pay).ok_or_else(|| DbError::Corrupt(format!("cargo pay id {pay:?}")))?,
        merchant_prepare_id: r.try_get(2)?,
        state: ClickState::from_code(&state).ok_or_else(|| DbError::Corrupt(format!("click state {state:?}")))?,
        merchant_confirm_id: r.try_get(4)?,
    })
}

/// A Click transaction by Click's id (`by_prepare = false`) or by our
/// `merchant_prepare_id`.
///
/// # Errors
/// [`DbError`].
pub async fn click_txn(tx: &mut Tx, id: i64, by_prepare: bool) -> DbResult<Option<CargoClickTxn>> {
    let column = if by_prepare { "merchant_prepare_id" } else { "click_trans_id" };
    let sql = format!(
        "SELECT click_trans_id, pay_id, merchant_prepare_id, state, merchant_confirm_id \
         FROM cargo_click_transactions WHERE {column} = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(txn_of).transpose()
}

/// Records a prepared Click transaction with our new `merchant_prepare_id`.
///
/// # Errors
/// [`DbError::Conflict`] when Click's id is already recorded.
pub async fn insert_click_txn(
    tx: &mut Tx,
    pay: &Pay,
    click_trans_id: i64,
    click_paydoc_id: i64,
    at: i64,
) -> DbResult<CargoClickTxn> {
    let merchant_prepare_id = next_id(tx).await?;
    sqlx::query(
        "INSERT INTO cargo_click_transactions (click_trans_id, pay_id, merchant_prepare_id, click_paydoc_id, amount, \
         state, prepared_at) VALUES ($1, $2, $3, $4, $5, 'prepared', $6)",
    )
    .bind(click_trans_id)
    .bind(&pay.id)
    .bind(merchant_prepare_id)
    .bind(click_paydoc_id)
    .bind(pay.amount)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(CargoClickTxn {
        click_trans_id,
        pay_id: pay.id.clone(),
        merchant_prepare_id,
        state: ClickState::Prepared,
        merchant_confirm_id: None,
    })
}

/// Ends a prepared Click transaction: completed (with our new
/// `merchant_confirm_id`, returned) or cancelled (keeping Click's `error`).
///
/// # Errors
/// [`DbError::NotFound`] when it is not prepared.
pub async fn finish_click_txn(
    tx: &mut Tx,
    click_trans_id: i64,
    state: ClickState,
    click_error: Option<i64>,
    at: i64,
) -> DbResult<Option<i64>> {
    let confirm_id = if state == ClickState::Completed { Some(next_id(tx).await?) } else { None };
    let done = sqlx::query(
        "UPDATE cargo_click_transactions SET state = $2, merchant_confirm_id = $3, click_error = $4, \
         finished_at = $5 WHERE click_trans_id = $1 AND state = 'prepared'",
    )
    .bind(click_trans_id)
    .bind(state.code())
    .bind(confirm_id)
    .bind(click_error)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    Ok(confirm_id)
}

/// Saves a company's Click service (replacing the one it had), in the
/// caller's transaction (with its audit line).
///
/// # Errors
/// [`DbError`].
pub async fn save_click_service(tx: &mut Tx, business: &BusinessId, s: &ClickService) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO cargo_click_services (business_id, service_id, merchant_id, merchant_user_id, \
         secret_sealed, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (business_id) DO UPDATE SET \
         service_id = EXCLUDED.service_id, merchant_id = EXCLUDED.merchant_id, \
         merchant_user_id = EXCLUDED.merchant_user_id, secret_sealed = EXCLUDED.secret_sealed, \
         updated_at = EXCLUDED.updated_at",
    )
    .bind(business)
    .bind(&s.service_id)
    .bind(&s.merchant_id)
    .bind(&s.merchant_user_id)
    .bind(&s.secret_sealed)
    .bind(s.updated_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A payment row of the ledger as its receipt shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentReceipt {
    /// The row.
    pub id: LedgerEntryId,
    /// When (UTC ms).
    pub at: i64,
    /// `click`, `cash`, `transfer`…
    pub method: String,
    /// Tiyin.
    pub amount: i64,
    /// The shipment's barcode, or empty.
    pub barcode: String,
    /// The row's cause (the provider's transaction for `click:…`).
    pub source_key: String,
    /// The note.
    pub note: String,
    /// Its number among the client's payments, oldest first (as the
    /// payments list numbers them).
    pub no: i64,
}

impl PaymentReceipt {
    /// What identifies the money where it came in: the provider's
    /// transaction id (Click), the office and its sale's id (cash at a
    /// desk), else the note.
    #[must_use]
    pub fn reference(&self) -> String {
        if let Some(txn) = self.source_key.strip_prefix("click:") {
            return txn.to_owned();
        }
        match self.source_key.strip_prefix("desk:") {
            Some(sale) if self.note.is_empty() => sale.to_owned(),
            Some(sale) => format!("{} · {sale}", self.note),
            None => self.note.clone(),
        }
    }
}

impl Db {
    /// One of a client's payments (the page they come back to from the
    /// provider); anyone else's is [`DbError::NotFound`].
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_pay(&self, business: &BusinessId, client: &ClientId, id: &CargoPayId) -> DbResult<Pay> {
        let sql = format!("{PAY_SQL} WHERE id = $1 AND business_id = $2 AND client_id = $3");
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id)
            .bind(business)
            .bind(client)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(DbError::NotFound)?;
        pay_of(&r)
    }

    /// A company's Click service, if it set one up.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn cargo_click_service(&self, business: &BusinessId) -> DbResult<Option<ClickService>> {
        let r = sqlx::query(
            "SELECT service_id, merchant_id, merchant_user_id, secret_sealed, updated_at FROM cargo_click_services \
             WHERE business_id = $1",
        )
        .bind(business)
        .fetch_optional(&self.pool)
        .await?;
        r.map(|r| {
            Ok(ClickService {
                service_id: r.try_get(0)?,
                merchant_id: r.try_get(1)?,
                merchant_user_id: r.try_get(2)?,
                secret_sealed: r.try_get(3)?,
                updated_at: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// One of a client's live payment rows (a receipt); anyone else's, or a
    /// row that is not a payment, is [`DbError::NotFound`].
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_payment(
        &self,
        business: &BusinessId,
        client: &ClientId,
        id: &LedgerEntryId,
    ) -> DbResult<PaymentReceipt> {
        let r = sqlx::query(
            "SELECT l.id, l.at, l.method, l.amount, l.barcode, l.source_key, l.note, \
             (SELECT COUNT(*) FROM cargo_ledger p WHERE p.client_id = l.client_id AND p.business_id = l.business_id \
              AND p.mode = l.mode AND p.kind IN ('payment', 'payment_returned') AND (p.at < l.at OR (p.at = l.at AND p.id <= l.id))) \
             FROM cargo_ledger l WHERE l.id = $1 AND l.client_id = $2 AND l.business_id = $3 AND l.mode = $4 \
             AND l.kind = $5",
        )
        .bind(id)
        .bind(client)
        .bind(business)
        .bind(Mode::Live.code())
        .bind(Kind::Payment.code())
        .fetch_optional(&self.pool)
        .await?
        .ok_or(DbError::NotFound)?;
        let id: String = r.try_get(0)?;
        Ok(PaymentReceipt {
            id: LedgerEntryId::parse(&id).ok_or_else(|| DbError::Corrupt(format!("ledger id {id:?}")))?,
            at: r.try_get(1)?,
            method: r.try_get(2)?,
            amount: r.try_get(3)?,
            barcode: r.try_get(4)?,
            source_key: r.try_get(5)?,
            note: r.try_get(6)?,
            no: r.try_get(7)?,
        })
    }
}
