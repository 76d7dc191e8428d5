//! Test mode's sandbox (C11): a business client's shipments and money for
//! trying things out, kept apart from real ones by construction. A sandbox
//! shipment is a row of `cargo_sandbox_shipments` (never `cargo_shipments`,
//! so no real list, sum, desk, document or operator's page sees it) and its
//! money is `cargo_ledger` rows with mode `test` (which no live balance
//! sums). It is priced by the company's real tariff; the client (or the
//! shop's test key) moves it along the statuses by hand; delivery collects
//! its cash on delivery on the sandbox ledger; each change is told to the
//! contract's webhook with `"livemode": false`.

use protocol::ShipmentStatus;
use sqlx::Row as _;

use super::draft::NewShipment;
use super::ledger::{self, Kind, Mode, Posting};
use super::webhooks::{self, StatusChange};
use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::{BusinessId, ClientId, ContractId, ShipmentId};

/// A sandbox shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxShipment {
    /// Id.
    pub id: String,
    /// `T` and 11 digits.
    pub barcode: String,
    /// Per contract, from 1.
    pub number: i64,
    /// Status code.
    pub status: String,
    /// When it got it (UTC ms).
    pub status_at: i64,
    /// Receiver's name.
    pub receiver_name: String,
    /// Receiver's phone.
    pub receiver_phone: String,
    /// Price, tiyin.
    pub price: i64,
    /// Cash on delivery, tiyin.
    pub cod_amount: i64,
    /// Made (UTC ms).
    pub created_at: i64,
}

/// The statuses a sandbox shipment goes through, in order.
pub const PATH: [ShipmentStatus; 6] = [
    ShipmentStatus::Created,
    ShipmentStatus::AcceptedAtOffice,
    ShipmentStatus::InTransit,
    ShipmentStatus::AtDestinationOffice,
    ShipmentStatus::OutForDelivery,
    ShipmentStatus::Delivered,
];

/// The status after `code` on [`PATH`] (`None` at its end or off it).
#[must_use]
pub fn next_status(code: &str) -> Option<ShipmentStatus> {
    let at = PATH.iter().position(|s| s.code() == code)?;
    PATH.get(at + 1).copied()
}

const SELECT: &str = "SELECT id, barcode, number, status, status_at, receiver_name, receiver_phone, price, \
                      cod_amount, created_at FROM cargo_sandbox_shipments";

fn row_of(r: &sqlx::any::AnyRow) -> DbResult<SandboxShipment> {
    Ok(SandboxShipment {
        id: r.try_get(0)?,
        barcode: r.try_get(1)?,
        number: r.try_get(2)?,
        status: r.try_get(3)?,
        status_at: r.try_get(4)?,
        receiver_name: r.try_get(5)?,
        receiver_phone: r.try_get(6)?,
        price: r.try_get(7)?,
        cod_amount: r.try_get(8)?,
        created_at: r.try_get(9)?,
    })
}

/// Whose sandbox: the company, the client, the contract.
pub type Owner<'a> = (&'a BusinessId, &'a ClientId, &'a ContractId);

/// Makes a sandbox shipment of `s` priced `price` under the contract, and
/// its charge on the sandbox ledger, in the caller's transaction.
///
/// # Errors
/// [`DbError`].
pub async fn create(
    tx: &mut Tx,
    (business, client, contract): Owner<'_>,
    s: &NewShipment,
    price: i64,
) -> DbResult<SandboxShipment> {
    // The contract's row first: numbers are handed out one writer at a time.
    sqlx::query("UPDATE cargo_contracts SET signed_on = signed_on WHERE id = $1")
        .bind(contract)
        .execute(&mut **tx)
        .await?;
    let number: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) + 1 AS BIGINT) FROM cargo_sandbox_shipments WHERE contract_id = $1",
    )
    .bind(contract)
    .fetch_one(&mut **tx)
    .await?;
    let serial = crate::secrets::random_below(1_000_000_000).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let barcode = format!("T{:02}{serial:09}", number % 100);
    let id = ShipmentId::new();
    let at = now_ms();
    sqlx::query(
        "INSERT INTO cargo_sandbox_shipments (id, business_id, client_id, contract_id, barcode, number, status, \
         status_at, receiver_name, receiver_phone, receiver_district, price, cod_amount, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $8)",
    )
    .bind(&id)
    .bind(business)
    .bind(client)
    .bind(contract)
    .bind(&barcode)
    .bind(number)
    .bind(ShipmentStatus::Created.code())
    .bind(at)
    .bind(&s.receiver.name)
    .bind(s.receiver.phone.as_str())
    .bind(&s.receiver.district)
    .bind(price)
    .bind(s.cod_amount)
    .execute(&mut **tx)
    .await?;
    if price > 0 {
        let charge = posting(
            (business, client, contract),
            Kind::Charge,
            -price,
            (&id, &barcode),
            format!("sandbox:charge:{id}"),
        );
        ledger::post(tx, &[charge]).await?;
    }
    Ok(SandboxShipment {
        id: id.to_string(),
        barcode,
        number,
        status: ShipmentStatus::Created.code().into(),
        status_at: at,
        receiver_name: s.receiver.name.clone(),
        receiver_phone: s.receiver.phone.to_string(),
        price,
        cod_amount: s.cod_amount,
        created_at: at,
    })
}

fn posting<'a>(
    (business, client, contract): Owner<'a>,
    kind: Kind,
    amount: i64,
    shipment: (&'a ShipmentId, &'a str),
    source_key: String,
) -> Posting<'a> {
    Posting {
        business,
        client,
        contract: Some(contract),
        mode: Mode::Test,
        kind,
        method: "",
        amount,
        shipment: Some(shipment),
        source_key,
        note: "",
        by: "sandbox",
        at: now_ms(),
    }
}

/// Moves the contract's sandbox shipment `id` one status along [`PATH`]
/// (delivery collects its cash on delivery on the sandbox ledger) and tells
/// the webhook, in the caller's transaction. `None`: no such shipment of
/// the contract, or it is delivered already.
///
/// # Errors
/// [`DbError`].
pub async fn advance(tx: &mut Tx, owner: Owner<'_>, id: &str) -> DbResult<Option<ShipmentStatus>> {
    let (business, _, contract) = owner;
    let sql = format!("{SELECT} WHERE id = $1 AND contract_id = $2 AND business_id = $3");
    let row =
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).bind(contract).bind(business).fetch_optional(&mut **tx).await?;
    let Some(s) = row.as_ref().map(row_of).transpose()? else { return Ok(None) };
    let Some(next) = next_status(&s.status) else { return Ok(None) };
    let at = now_ms().max(s.status_at + 1);
    // Only from the status read: a parallel click moves it once.
    let moved =
        sqlx::query("UPDATE cargo_sandbox_shipments SET status = $3, status_at = $4 WHERE id = $1 AND status = $2")
            .bind(&s.id)
            .bind(&s.status)
            .bind(next.code())
            .bind(at)
            .execute(&mut **tx)
            .await?;
    if moved.rows_affected() != 1 {
        return Ok(None);
    }
    if next == ShipmentStatus::Delivered && s.cod_amount > 0 {
        let sid = ShipmentId::parse(&s.id).ok_or_else(|| DbError::Corrupt("a sandbox shipment's id".into()))?;
        let cod = posting(owner, Kind::CodCollected, s.cod_amount, (&sid, &s.barcode), format!("sandbox:cod:{}", s.id));
        ledger::post(tx, &[cod]).await?;
    }
    let change = StatusChange {
        shipment: &s.id,
        contract: contract.as_str(),
        barcode: &s.barcode,
        number: s.number,
        status: next.code(),
        at,
        live: false,
    };
    webhooks::enqueue(tx, business.as_str(), &[change], at).await?;
    Ok(Some(next))
}

impl Db {
    /// The contract's sandbox shipments, newest first (at most `limit`).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn sandbox_shipments(&self, contract: &ContractId, limit: i64) -> DbResult<Vec<SandboxShipment>> {
        let sql = format!("{SELECT} WHERE contract_id = $1 ORDER BY number DESC LIMIT $2");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(contract).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(row_of).collect()
    }

    /// One of the contract's sandbox shipments by barcode.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn sandbox_shipment(&self, contract: &ContractId, barcode: &str) -> DbResult<Option<SandboxShipment>> {
        let sql = format!("{SELECT} WHERE contract_id = $1 AND barcode = $2");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(contract).bind(barcode).fetch_optional(&self.pool).await?;
        row.as_ref().map(row_of).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_ends_at_delivery() {
        assert_eq!(next_status("created"), Some(ShipmentStatus::AcceptedAtOffice));
        assert_eq!(next_status("out_for_delivery"), Some(ShipmentStatus::Delivered));
        assert_eq!(next_status("delivered"), None);
        assert_eq!(next_status("returned"), None, "off the path");
    }
}
