//! The ledger of money between a courier company and each of its clients:
//! every charge, payment, cash on delivery collected or paid out, refund and
//! correction is one immutable row in tiyin (`cargo_ledger`), written in the
//! same transaction as what caused it; a balance is the sum of rows, never a
//! stored counter. Each row names its cause (`source_key`, unique), so a
//! cause that repeats (a provider's callback sent twice, a desk's payment
//! synced twice, two requests at once) writes it once.

use std::collections::HashMap;

use sqlx::Row as _;

use crate::db::{Db, DbError, DbResult, Tx, Val, insert_rows, select_in};
use crate::ids::{BusinessId, ClientId, ContractId, LedgerEntryId, ShipmentId};

/// Live money, or the business section's sandbox (never summed together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Real money.
    Live,
    /// Test mode's sandbox.
    Test,
}

impl Mode {
    /// Stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Mode::Live => "live",
            Mode::Test => "test",
        }
    }

    /// The inverse of [`Mode::code`] (`test`, else live).
    #[must_use]
    pub fn from_code(code: &str) -> Mode {
        if code == Mode::Test.code() { Mode::Test } else { Mode::Live }
    }
}

/// What a row is; its sign follows (see [`Kind::allows`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The price of a shipment or of an extra service (against the client).
    Charge,
    /// Money the client paid (Click, cash at a desk, a bank transfer, a top-up).
    Payment,
    /// Cash on delivery collected from a receiver for the client.
    CodCollected,
    /// Collected cash on delivery paid out to the client (against the client:
    /// it leaves what the company holds for them).
    CodPayout,
    /// A collection taken back: the delivery it followed turned out to be a
    /// return to the sender (an office's scans that arrived late).
    CodReversed,
    /// A charge given back (a shipment deleted before the company had it).
    Refund,
    /// An operator's correction, either way.
    Correction,
    /// A payment given back (a desk's sale refunded after it paid for a
    /// client's shipment): against the client.
    PaymentReturned,
}

impl Kind {
    /// Stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Charge => "charge",
            Kind::Payment => "payment",
            Kind::CodCollected => "cod_collected",
            Kind::CodPayout => "cod_payout",
            Kind::CodReversed => "cod_reversed",
            Kind::Refund => "refund",
            Kind::Correction => "correction",
            Kind::PaymentReturned => "payment_returned",
        }
    }

    /// Every kind.
    pub const ALL: [Kind; 8] = [
        Kind::Charge,
        Kind::Payment,
        Kind::CodCollected,
        Kind::CodPayout,
        Kind::CodReversed,
        Kind::Refund,
        Kind::Correction,
        Kind::PaymentReturned,
    ];

    /// The inverse of [`Kind::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether a row of this kind may carry `amount`: never zero; charges and
    /// payouts and returned payments below zero, payments, collections and
    /// refunds above.
    #[must_use]
    pub const fn allows(self, amount: i64) -> bool {
        match self {
            Kind::Charge | Kind::CodPayout | Kind::CodReversed | Kind::PaymentReturned => amount < 0,
            Kind::Payment | Kind::CodCollected | Kind::Refund => amount > 0,
            Kind::Correction => amount != 0,
        }
    }
}

/// Why a row was not written.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The amount's sign does not fit the kind (or it is zero).
    #[error("a {kind} of {amount} tiyin")]
    Sign {
        /// The kind's code.
        kind: &'static str,
        /// The amount.
        amount: i64,
    },
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<LedgerError> for DbError {
    /// For callers whose amounts come from the code, not from a user: a
    /// wrong sign there is a bug, reported as such.
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Db(e) => e,
            e @ LedgerError::Sign { .. } => DbError::Corrupt(e.to_string()),
        }
    }
}

/// One row to write.
#[derive(Debug, Clone)]
pub struct Posting<'a> {
    /// The company.
    pub business: &'a BusinessId,
    /// The client.
    pub client: &'a ClientId,
    /// The contract it belongs to, if any.
    pub contract: Option<&'a ContractId>,
    /// Live or sandbox.
    pub mode: Mode,
    /// What it is.
    pub kind: Kind,
    /// How a payment came (`click`, `cash`, `transfer`…), else empty.
    pub method: &'a str,
    /// Tiyin, signed (see [`Kind::allows`]).
    pub amount: i64,
    /// The shipment it is for: id and barcode.
    pub shipment: Option<(&'a ShipmentId, &'a str)>,
    /// What caused it, unique: a repeat of the cause writes nothing.
    pub source_key: String,
    /// A note (an operator's, a provider's transaction id).
    pub note: &'a str,
    /// Who wrote it (an operator's id, `cabinet`, a hub's terminal).
    pub by: &'a str,
    /// When (UTC ms).
    pub at: i64,
}

const INSERT: &str = "INSERT INTO cargo_ledger (id, business_id, client_id, contract_id, mode, kind, method, amount, \
                      shipment_id, barcode, source_key, note, created_by, at)";
const COLS: usize = 14;
const ON_REPEAT: &str = "ON CONFLICT (source_key) DO NOTHING";

fn values(p: &Posting<'_>, contracts: &HashMap<String, String>) -> Vec<Val> {
    let contract = match (p.contract, p.shipment) {
        (Some(c), _) => Some(c.to_string()),
        (None, Some((id, _))) => contracts.get(id.as_str()).cloned(),
        (None, None) => None,
    };
    vec![
        Val::T(LedgerEntryId::new().to_string()),
        Val::T(p.business.to_string()),
        Val::T(p.client.to_string()),
        Val::OptT(contract),
        Val::T(p.mode.code().into()),
        Val::T(p.kind.code().into()),
        Val::T(p.method.into()),
        Val::I(p.amount),
        Val::OptT(p.shipment.map(|(id, _)| id.to_string())),
        Val::T(p.shipment.map(|(_, b)| b.to_owned()).unwrap_or_default()),
        Val::T(p.source_key.clone()),
        Val::T(p.note.into()),
        Val::T(p.by.into()),
        Val::I(p.at),
    ]
}

/// Writes `postings` in the caller's transaction; a posting whose cause is
/// already in the ledger is left out. Returns how many were written.
///
/// A posting about a shipment without a contract of its own belongs to the
/// shipment's contract (see [`super::contracts`]), looked up here so that no
/// caller can forget it.
///
/// # Errors
/// [`LedgerError::Sign`] before anything is written; [`LedgerError::Db`].
pub async fn post(tx: &mut Tx, postings: &[Posting<'_>]) -> Result<u64, LedgerError> {
    if let Some(p) = postings.iter().find(|p| !p.kind.allows(p.amount)) {
        return Err(LedgerError::Sign { kind: p.kind.code(), amount: p.amount });
    }
    let ids: Vec<String> = postings
        .iter()
        .filter(|p| p.contract.is_none())
        .filter_map(|p| p.shipment.map(|(id, _)| id.to_string()))
        .collect();
    let mut contracts = HashMap::new();
    if !ids.is_empty() {
        let head = "SELECT id, contract_id FROM cargo_shipments WHERE contract_id IS NOT NULL AND id";
        select_in(tx, head, &ids, |r| {
            contracts.insert(r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?);
            Ok(())
        })
        .await?;
    }
    let rows = postings.iter().map(|p| values(p, &contracts)).collect();
    Ok(insert_rows(tx, INSERT, COLS, ON_REPEAT, rows).await?)
}

/// The cause of a shipment's price charge.
#[must_use]
pub fn charge_key(shipment: &ShipmentId) -> String {
    format!("charge:{shipment}")
}

/// The cause of the refund of a deleted shipment's charges.
#[must_use]
pub fn refund_key(shipment: &ShipmentId) -> String {
    format!("refund:{shipment}")
}

/// The sum of a shipment's rows of `kind` (tiyin, signed), in the caller's
/// transaction.
///
/// # Errors
/// [`DbError`].
pub async fn shipment_sum(tx: &mut Tx, shipment: &ShipmentId, kind: Kind) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger WHERE shipment_id = $1 AND kind = $2",
    )
    .bind(shipment)
    .bind(kind.code())
    .fetch_one(&mut **tx)
    .await?)
}

/// What the company holds of a client's cash on delivery (collected less
/// reversed and paid out), in the caller's transaction.
///
/// # Errors
/// [`DbError`].
pub async fn cod_held(tx: &mut Tx, business: &BusinessId, client: &ClientId, mode: Mode) -> DbResult<i64> {
    Ok(sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger WHERE client_id = $1 \
         AND business_id = $2 AND mode = $3 AND kind IN ('cod_collected', 'cod_payout', 'cod_reversed')",
    )
    .bind(client)
    .bind(business)
    .bind(mode.code())
    .fetch_one(&mut **tx)
    .await?)
}

/// A client's balance in one mode, and what it is made of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Balance {
    /// The sum of every row (tiyin): above zero the company owes the client.
    pub total: i64,
    /// Charges less refunds (a positive number: what the client was charged).
    pub charged: i64,
    /// Payments.
    pub paid: i64,
    /// Cash on delivery collected for the client less reversals and what was
    /// paid out to them: what the company holds of their receivers' cash.
    pub cod_held: i64,
}

/// A row as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its id.
    pub id: LedgerEntryId,
    /// When (UTC ms).
    pub at: i64,
    /// What it is.
    pub kind: Kind,
    /// How a payment came, else empty.
    pub method: String,
    /// Tiyin, signed.
    pub amount: i64,
    /// The shipment's barcode, else empty.
    pub barcode: String,
    /// The note.
    pub note: String,
    /// The number of the contract it is on, else empty.
    pub contract: String,
}

/// A client's balances, as the operators' list shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientBalance {
    /// The client.
    pub client: ClientId,
    /// Their name.
    pub name: String,
    /// Their phone.
    pub phone: String,
    /// The sums.
    pub balance: Balance,
}

/// Which rows a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Every row.
    All,
    /// Payments and payments given back (the cabinet's payments list, C7).
    Payments,
}

impl Rows {
    /// The condition on `kind` the rows are limited to (SQL, empty: any).
    const fn filter(self) -> &'static str {
        match self {
            Rows::All => "",
            Rows::Payments => " AND kind IN ('payment', 'payment_returned')",
        }
    }
}

pub(crate) const SUMS: &str = "CAST(COALESCE(SUM(l.amount), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN l.kind IN ('charge', 'refund') THEN -l.amount ELSE 0 END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN l.kind IN ('payment', 'payment_returned') THEN l.amount ELSE 0 END), 0) AS BIGINT), \
     CAST(COALESCE(SUM(CASE WHEN l.kind IN ('cod_collected', 'cod_payout', 'cod_reversed') THEN l.amount ELSE 0 END), 0) AS BIGINT)";

fn entry_of(r: &sqlx::any::AnyRow) -> DbResult<Entry> {
    let (id, kind): (String, String) = (r.try_get(0)?, r.try_get(2)?);
    Ok(Entry {
        id: LedgerEntryId::parse(&id).ok_or_else(|| DbError::Corrupt(format!("ledger id {id:?}")))?,
        at: r.try_get(1)?,
        kind: Kind::from_code(&kind).ok_or_else(|| DbError::Corrupt(format!("ledger kind {kind:?}")))?,
        method: r.try_get(3)?,
        amount: r.try_get(4)?,
        barcode: r.try_get(5)?,
        note: r.try_get(6)?,
        contract: r.try_get(7)?,
    })
}

impl Db {
    /// A client's newest `limit` rows (or payments), newest first.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_entries(
        &self,
        business: &BusinessId,
        client: &ClientId,
        mode: Mode,
        rows: Rows,
        limit: i64,
    ) -> DbResult<Vec<Entry>> {
        let sql = format!(
            "SELECT id, at, kind, method, amount, barcode, note, \
             COALESCE((SELECT k.number FROM cargo_contracts k WHERE k.id = cargo_ledger.contract_id), '') \
             FROM cargo_ledger WHERE client_id = $1 AND business_id = $2 AND mode = $3{} ORDER BY at DESC, id DESC LIMIT $4",
            rows.filter()
        );
        let found = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(client)
            .bind(business)
            .bind(mode.code())
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        found.iter().map(entry_of).collect()
    }

    /// How many rows (or payments) a client has.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_entry_count(
        &self,
        business: &BusinessId,
        client: &ClientId,
        mode: Mode,
        rows: Rows,
    ) -> DbResult<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM cargo_ledger WHERE client_id = $1 AND business_id = $2 AND mode = $3{}",
            rows.filter()
        );
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(client)
            .bind(business)
            .bind(mode.code())
            .fetch_one(&self.pool)
            .await?)
    }

    /// The company's clients with live ledger rows and their balances, the
    /// largest debts first; `search` is part of a name or phone.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn company_balances(
        &self,
        business: &BusinessId,
        search: &str,
        limit: i64,
    ) -> DbResult<Vec<ClientBalance>> {
        let like = crate::portal::store::like_pattern(search);
        let sql = format!(
            "SELECT c.id, c.full_name, c.phone, {SUMS} FROM cargo_ledger l \
             JOIN cargo_clients c ON c.id = l.client_id \
             WHERE l.business_id = $1 AND l.mode = 'live' \
             AND ($2 = '' OR LOWER(c.full_name) LIKE $2 ESCAPE '\\' OR c.phone LIKE $2 ESCAPE '\\') \
             GROUP BY c.id, c.full_name, c.phone ORDER BY 4, 2 LIMIT $3"
        );
        let found =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(business).bind(&like).bind(limit).fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(found.len());
        for r in found {
            let id: String = r.try_get(0)?;
            out.push(ClientBalance {
                client: ClientId::parse(&id).ok_or_else(|| DbError::Corrupt(format!("client id {id:?}")))?,
                name: r.try_get(1)?,
                phone: r.try_get(2)?,
                balance: balance_of(&r, 3)?,
            });
        }
        Ok(out)
    }

    /// A client's balance with the company (sums of the ledger).
    ///
    /// # Errors
    /// [`DbError`] (also when a sum leaves `i64`: PostgreSQL's cast and
    /// SQLite's `SUM` both fail rather than wrap).
    pub async fn client_balance(&self, business: &BusinessId, client: &ClientId, mode: Mode) -> DbResult<Balance> {
        let sql =
            format!("SELECT {SUMS} FROM cargo_ledger l WHERE l.client_id = $1 AND l.business_id = $2 AND l.mode = $3");
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(client)
            .bind(business)
            .bind(mode.code())
            .fetch_one(&self.pool)
            .await?;
        balance_of(&r, 0)
    }
}

/// The four [`SUMS`] from column `at` on.
pub(crate) fn balance_of(r: &sqlx::any::AnyRow, at: usize) -> DbResult<Balance> {
    Ok(Balance {
        total: r.try_get(at)?,
        charged: r.try_get(at + 1)?,
        paid: r.try_get(at + 2)?,
        cod_held: r.try_get(at + 3)?,
    })
}

#[cfg(test)]
mod tests;
