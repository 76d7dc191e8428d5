//! Shipments' SQL: creating them (one or ten thousand in one transaction),
//! the lists (keyset pages over a client's, an incoming or a company's
//! shipments, with filters), one shipment for its owner, deleting one still
//! with the sender, and the company's tariff. The history is read by
//! [`crate::cargo::tracking::history`].

use std::collections::HashMap;

mod list;
mod tariff;

use protocol::{Barcode, ParcelType, ShipmentStatus};
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::cargo::draft::{Delivery, NewShipment};
use crate::cargo::{counters, ledger};
use crate::db::{Db, DbError, DbResult, Tx, Val, insert_rows};
use crate::ids::{BranchId, BusinessId, ClientId, ContractId, ShipmentId, UploadId};

/// Where a shipment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The cabinet's form.
    Cabinet,
    /// A spreadsheet upload.
    Upload,
    /// A parcel desk (walk-in).
    Desk,
    /// A shop's call to the API with a contract's key.
    Api,
}

impl Source {
    /// Stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Source::Cabinet => "cabinet",
            Source::Upload => "upload",
            Source::Desk => "desk",
            Source::Api => "api",
        }
    }
}

/// A shipment as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentRow {
    /// Id.
    pub id: ShipmentId,
    /// Barcode.
    pub barcode: String,
    /// The company's order number.
    pub number: i64,
    /// When it was made (UTC ms).
    pub created_at: i64,
    /// Shipping date, `YYYY-MM-DD`.
    pub ship_date: String,
    /// Current status.
    pub status: ShipmentStatus,
    /// Sender's name.
    pub sender_name: String,
    /// Sender's region (SOATO).
    pub sender_region: String,
    /// Receiver's name.
    pub receiver_name: String,
    /// Receiver's district (SOATO).
    pub receiver_district: String,
    /// Origin office's code (empty: none yet).
    pub office_from: String,
    /// Destination office's code.
    pub office_to: String,
}

/// A shipment whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    /// What lists show.
    pub row: ShipmentRow,
    /// The company.
    pub business_id: BusinessId,
    /// The client who made it (none for walk-ins).
    pub client_id: Option<ClientId>,
    /// Sender's phone.
    pub sender_phone: String,
    /// Sender's district (SOATO).
    pub sender_district: String,
    /// Sender's address.
    pub sender_address: String,
    /// Pickup asked for.
    pub pickup: bool,
    /// Receiver's phone.
    pub receiver_phone: String,
    /// Receiver's region (SOATO).
    pub receiver_region: String,
    /// Receiver's address.
    pub receiver_address: String,
    /// Door or office.
    pub delivery: Delivery,
    /// What it is.
    pub parcel_type: ParcelType,
    /// Grams.
    pub weight_g: i64,
    /// Pieces.
    pub pieces: i64,
    /// Width, length, height, cm.
    pub dims_cm: [i64; 3],
    /// The client's own barcode.
    pub client_barcode: String,
    /// Photo report.
    pub photo_report: bool,
    /// Cash on delivery, tiyin.
    pub cod_amount: i64,
    /// Return of documents.
    pub return_documents: bool,
    /// Declared value, tiyin.
    pub declared_value: i64,
    /// Price, tiyin.
    pub price: i64,
}

/// Whose shipments a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A client's own (sent) shipments.
    Client(ClientId),
    /// Shipments of a company to this phone (a client's incoming).
    Incoming(BusinessId, String),
    /// All of a company's shipments (operators).
    Business(BusinessId),
    /// A client's shipments under one of their contracts (C11).
    Contract(ClientId, ContractId),
}

/// A list's filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only this status.
    pub status: Option<ShipmentStatus>,
    /// Made on or after this Tashkent day.
    pub from_ms: Option<i64>,
    /// Made before this instant.
    pub to_ms: Option<i64>,
    /// Sent from or to this region.
    pub region: Option<String>,
    /// A barcode, an order number, or part of the receiver's name or phone.
    pub search: Option<String>,
    /// Leaving from or arriving at this office (branch id; operators).
    pub office: Option<String>,
    /// Only orders with cash on delivery (e-commerce).
    pub cod_only: bool,
    /// Only what goes back to the sender: delivery failed, returning,
    /// returned (e-commerce's "to return").
    pub returns: bool,
}

/// Where a page starts: the keyset `(created_at, id)` of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The row's creation time.
    pub created_at: i64,
    /// The row's id.
    pub id: String,
}

impl Cursor {
    /// `created_at.id`, as a link carries it.
    #[must_use]
    pub fn encode(&self) -> String {
        format!("{}.{}", self.created_at, self.id)
    }

    /// The inverse of [`Cursor::encode`].
    #[must_use]
    pub fn decode(text: &str) -> Option<Cursor> {
        let (at, id) = text.split_once('.')?;
        Some(Cursor { created_at: at.parse().ok()?, id: ShipmentId::parse(id)?.to_string() })
    }
}

/// Which page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// Newest first.
    First,
    /// The rows after (older than) this one.
    After(Cursor),
    /// The rows before (newer than) this one.
    Before(Cursor),
    /// The oldest.
    Last,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Rows, newest first.
    pub rows: Vec<ShipmentRow>,
    /// Rows matching the filter in all.
    pub total: i64,
    /// Whether newer rows exist.
    pub has_newer: bool,
    /// Whether older rows exist.
    pub has_older: bool,
}

/// Why a shipment could not be deleted.
#[derive(Debug, thiserror::Error)]
pub enum DeleteError {
    /// Not this client's, or no such shipment.
    #[error("not found")]
    NotFound,
    /// It left the sender: the company has it.
    #[error("already accepted")]
    NotAtSender,
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
}

const ROW_COLS: &str = concat!(
    "s.id, s.barcode, s.number, s.created_at, s.ship_date, s.status, s.sender_name, s.sender_region, ",
    "s.receiver_name, s.receiver_district, COALESCE(o1.code, ''), COALESCE(o2.code, '')"
);
const ROW_FROM: &str = concat!(
    " FROM cargo_shipments s LEFT JOIN cargo_offices o1 ON o1.branch_id = s.origin_office ",
    "LEFT JOIN cargo_offices o2 ON o2.branch_id = s.destination_office "
);
/// A whole shipment: [`ROW_COLS`], then these.
macro_rules! shipment_sql {
    ($tail:literal) => {
        concat!(
            "SELECT s.id, s.barcode, s.number, s.created_at, s.ship_date, s.status, s.sender_name, s.sender_region, ",
            "s.receiver_name, s.receiver_district, COALESCE(o1.code, ''), COALESCE(o2.code, ''), ",
            "s.business_id, s.client_id, s.sender_phone, s.sender_district, s.sender_address, s.pickup, ",
            "s.receiver_phone, s.receiver_region, s.receiver_address, s.delivery, s.parcel_type, s.weight_g, ",
            "s.pieces, s.width_cm, s.length_cm, s.height_cm, s.client_barcode, s.photo_report, s.cod_amount, ",
            "s.return_documents, s.declared_value, s.price ",
            "FROM cargo_shipments s LEFT JOIN cargo_offices o1 ON o1.branch_id = s.origin_office ",
            "LEFT JOIN cargo_offices o2 ON o2.branch_id = s.destination_office ",
            $tail
        )
    };
}

// After the macro it uses.
mod pickups;

fn corrupt(what: &str, value: &str) -> DbError {
    DbError::Corrupt(format!("{what} {value:?}"))
}

pub(crate) fn row_of(r: &AnyRow) -> DbResult<ShipmentRow> {
    let id: String = r.try_get(0)?;
    let status: String = r.try_get(5)?;
    Ok(ShipmentRow {
        id: ShipmentId::parse(&id).ok_or_else(|| corrupt("shipment id", &id))?,
        barcode: r.try_get(1)?,
        number: r.try_get(2)?,
        created_at: r.try_get(3)?,
        ship_date: r.try_get(4)?,
        status: ShipmentStatus::from_code(&status).ok_or_else(|| corrupt("shipment status", &status))?,
        sender_name: r.try_get(6)?,
        sender_region: r.try_get(7)?,
        receiver_name: r.try_get(8)?,
        receiver_district: r.try_get(9)?,
        office_from: r.try_get(10)?,
        office_to: r.try_get(11)?,
    })
}

fn shipment_of(r: &AnyRow) -> DbResult<Shipment> {
    let business: String = r.try_get(12)?;
    let client: Option<String> = r.try_get(13)?;
    let delivery: String = r.try_get(21)?;
    let parcel_type: String = r.try_get(22)?;
    Ok(Shipment {
        row: row_of(r)?,
        business_id: BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?,
        client_id: client.as_deref().and_then(ClientId::parse),
        sender_phone: r.try_get(14)?,
        sender_district: r.try_get(15)?,
        sender_address: r.try_get(16)?,
        pickup: r.try_get::<i64, _>(17)? != 0,
        receiver_phone: r.try_get(18)?,
        receiver_region: r.try_get(19)?,
        receiver_address: r.try_get(20)?,
        delivery: Delivery::from_code(&delivery).ok_or_else(|| corrupt("delivery", &delivery))?,
        parcel_type: ParcelType::from_code(&parcel_type).ok_or_else(|| corrupt("parcel type", &parcel_type))?,
        weight_g: r.try_get(23)?,
        pieces: r.try_get(24)?,
        dims_cm: [r.try_get(25)?, r.try_get(26)?, r.try_get(27)?],
        client_barcode: r.try_get(28)?,
        photo_report: r.try_get::<i64, _>(29)? != 0,
        cod_amount: r.try_get(30)?,
        return_documents: r.try_get::<i64, _>(31)? != 0,
        declared_value: r.try_get(32)?,
        price: r.try_get(33)?,
    })
}

/// What one created shipment got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// Its id.
    pub id: ShipmentId,
    /// Its barcode.
    pub barcode: Barcode,
    /// Its order number.
    pub number: i64,
}

/// Who makes shipments and how.
#[derive(Debug, Clone, Copy)]
pub struct Maker<'a> {
    /// The company.
    pub business: &'a BusinessId,
    /// The client (none for a desk's walk-in).
    pub client: Option<&'a ClientId>,
    /// Form, upload or desk.
    pub source: Source,
    /// The upload they came from.
    pub upload: Option<&'a UploadId>,
    /// When (UTC ms): creation time and the history's first entry.
    pub at: i64,
    /// The contract (and its office) the shipments leave under whatever
    /// their sender's district (an API key's); `None`: the contract with
    /// the office of the sender's district, if any.
    pub contract: Option<(&'a ContractId, &'a BranchId)>,
}

const SHIPMENT_INSERT: &str = concat!(
    "INSERT INTO cargo_shipments (id, business_id, barcode, number, client_id, source, upload_id, status, ",
    "status_at, ship_date, sender_name, sender_phone, sender_region, sender_district, sender_address, pickup, ",
    "receiver_name, receiver_phone, receiver_region, receiver_district, receiver_address, delivery, parcel_type, ",
    "weight_g, pieces, width_cm, length_cm, height_cm, client_barcode, photo_report, cod_amount, ",
    "return_documents, declared_value, price, origin_office, destination_office, contract_id, created_at, updated_at)"
);
const SHIPMENT_COLS: usize = 39;
const EVENT_INSERT: &str = "INSERT INTO cargo_events (id, business_id, barcode, at, kind, status, reason, note, office_id, terminal_id, received_at)";
const EVENT_COLS: usize = 11;

/// The company's offices: by district, and the first of each region.
async fn offices(tx: &mut Tx, business: &BusinessId) -> DbResult<(HashMap<String, String>, HashMap<String, String>)> {
    let rows = sqlx::query(
        "SELECT branch_id, district_soato, region_soato FROM cargo_offices WHERE business_id = $1 ORDER BY created_at, code",
    )
    .bind(business)
    .fetch_all(&mut **tx)
    .await?;
    let (mut by_district, mut by_region) = (HashMap::new(), HashMap::new());
    for r in rows {
        let (branch, district, region): (String, String, String) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
        by_district.entry(district).or_insert_with(|| branch.clone());
        by_region.entry(region).or_insert(branch);
    }
    Ok((by_district, by_region))
}

/// Stores `items` (each with its price) in the caller's transaction, with
/// barcodes and numbers in order, and the first entry of each history
/// (`created`, then `pickup_requested` when a courier was called).
///
/// # Errors
/// [`DbError`].
pub async fn create(tx: &mut Tx, maker: Maker<'_>, items: &[(NewShipment, i64)]) -> DbResult<Vec<Created>> {
    let n = i64::try_from(items.len()).map_err(|_| DbError::Corrupt("too many shipments".into()))?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let first_serial = counters::reserve_serials(tx, n).await?;
    let first_number = counters::reserve_numbers(tx, maker.business, n).await?;
    let (by_district, by_region) = offices(tx, maker.business).await?;
    let office = |district: &str, region: &str| by_district.get(district).or_else(|| by_region.get(region)).cloned();
    // A client's shipment leaves under their contract with its first office.
    let contracts = match maker.client {
        Some(client) => super::contracts::by_office(tx, client).await?,
        None => HashMap::new(),
    };
    let mut created = Vec::with_capacity(items.len());
    let mut rows = Vec::with_capacity(items.len());
    let mut events = Vec::with_capacity(items.len());
    for (i, (s, price)) in items.iter().enumerate() {
        let serial = first_serial + i as u64;
        let barcode = Barcode::from_serial(serial).ok_or_else(|| DbError::Corrupt("barcode serials ran out".into()))?;
        let number = first_number + i as i64;
        let id = ShipmentId::new();
        let status = if s.pickup { ShipmentStatus::PickupRequested } else { ShipmentStatus::Created };
        let b = |v: bool| Val::I(i64::from(v));
        let origin = match maker.contract {
            Some((_, office)) => Some(office.to_string()),
            None => office(&s.sender.district, &s.sender.region),
        };
        let contract = match maker.contract {
            Some((k, _)) => Some(k.to_string()),
            None => origin.as_ref().and_then(|o| contracts.get(o).cloned()),
        };
        rows.push(vec![
            Val::T(id.to_string()),
            Val::T(maker.business.to_string()),
            Val::T(barcode.to_string()),
            Val::I(number),
            Val::OptT(maker.client.map(ToString::to_string)),
            Val::T(maker.source.code().into()),
            Val::OptT(maker.upload.map(ToString::to_string)),
            Val::T(status.code().into()),
            Val::I(maker.at),
            Val::T(web::format::iso_date(s.ship_day)),
            Val::T(s.sender.name.clone()),
            Val::T(s.sender.phone.to_string()),
            Val::T(s.sender.region.clone()),
            Val::T(s.sender.district.clone()),
            Val::T(s.sender.address.clone()),
            b(s.pickup),
            Val::T(s.receiver.name.clone()),
            Val::T(s.receiver.phone.to_string()),
            Val::T(s.receiver.region.clone()),
            Val::T(s.receiver.district.clone()),
            Val::T(s.receiver.address.clone()),
            Val::T(s.delivery.code().into()),
            Val::T(s.parcel_type.code().into()),
            Val::I(s.weight_g),
            Val::I(s.pieces),
            Val::I(s.dims_cm[0]),
            Val::I(s.dims_cm[1]),
            Val::I(s.dims_cm[2]),
            Val::T(s.client_barcode.clone()),
            b(s.photo_report),
            Val::I(s.cod_amount),
            b(s.return_documents),
            Val::I(s.declared_value),
            Val::I(*price),
            Val::OptT(origin),
            Val::OptT(office(&s.receiver.district, &s.receiver.region)),
            Val::OptT(contract),
            Val::I(maker.at),
            Val::I(maker.at),
        ]);
        let event = |kind: ShipmentStatus, at: i64| {
            vec![
                Val::T(uuid::Uuid::now_v7().to_string()),
                Val::T(maker.business.to_string()),
                Val::T(barcode.to_string()),
                Val::I(at),
                Val::T(kind.code().into()),
                Val::T(kind.code().into()),
                Val::T(String::new()),
                Val::T(String::new()),
                Val::OptT(None),
                Val::OptT(None),
                Val::I(at),
            ]
        };
        events.push(event(ShipmentStatus::Created, maker.at));
        if s.pickup {
            events.push(event(ShipmentStatus::PickupRequested, maker.at));
        }
        created.push(Created { id, barcode, number });
    }
    insert_rows(tx, SHIPMENT_INSERT, SHIPMENT_COLS, "", rows).await?;
    insert_rows(tx, EVENT_INSERT, EVENT_COLS, "", events).await?;
    if let Some(client) = maker.client {
        charge(tx, maker, client, items, &created).await?;
    }
    Ok(created)
}

/// A client's shipments' prices charged to their ledger, in the transaction
/// that makes them (a free shipment has no row).
async fn charge(
    tx: &mut Tx,
    maker: Maker<'_>,
    client: &ClientId,
    items: &[(NewShipment, i64)],
    created: &[Created],
) -> DbResult<()> {
    let mut postings = Vec::with_capacity(created.len());
    for ((_, price), c) in items.iter().zip(created) {
        if *price == 0 {
            continue;
        }
        postings.push(ledger::Posting {
            business: maker.business,
            client,
            contract: None,
            mode: ledger::Mode::Live,
            kind: ledger::Kind::Charge,
            method: "",
            amount: price.checked_neg().ok_or_else(|| DbError::Corrupt(format!("a price of {price}")))?,
            shipment: Some((&c.id, c.barcode.as_str())),
            source_key: ledger::charge_key(&c.id),
            note: "",
            by: maker.source.code(),
            at: maker.at,
        });
    }
    ledger::post(tx, &postings).await?;
    Ok(())
}

impl Db {
    /// One shipment of a client's: one they sent, or one sent to their
    /// phone by the same company. Anyone else's is [`DbError::NotFound`].
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_shipment(
        &self,
        business: &BusinessId,
        client: &ClientId,
        phone: &str,
        id: &ShipmentId,
    ) -> DbResult<Shipment> {
        let r = sqlx::query(shipment_sql!(
            "WHERE s.id = $1 AND s.business_id = $2 AND (s.client_id = $3 OR s.receiver_phone = $4)"
        ))
        .bind(id)
        .bind(business)
        .bind(client)
        .bind(phone)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(DbError::NotFound)?;
        shipment_of(&r)
    }

    /// One shipment of a company's (its operators); another company's is
    /// [`DbError::NotFound`].
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn company_shipment(&self, business: &BusinessId, id: &ShipmentId) -> DbResult<Shipment> {
        let r = sqlx::query(shipment_sql!("WHERE s.id = $1 AND s.business_id = $2"))
            .bind(id)
            .bind(business)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(DbError::NotFound)?;
        shipment_of(&r)
    }

    /// A shipment by its barcode (any company: tracking, desks).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn shipment_by_barcode(&self, barcode: &Barcode) -> DbResult<Shipment> {
        let r = sqlx::query(shipment_sql!("WHERE s.barcode = $1"))
            .bind(barcode.as_str())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(DbError::NotFound)?;
        shipment_of(&r)
    }

    /// Shipments of a company by ids, as they are (for documents); ids not
    /// its, or not the client's when one is given, are left out.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn shipments_by_ids(
        &self,
        business: &BusinessId,
        client: Option<&ClientId>,
        ids: &[ShipmentId],
    ) -> DbResult<Vec<Shipment>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let r =
                sqlx::query(shipment_sql!("WHERE s.id = $1 AND s.business_id = $2 AND ($3 = '' OR s.client_id = $3)"))
                    .bind(id)
                    .bind(business)
                    .bind(client.map_or("", |c| c.as_str()))
                    .fetch_optional(&self.pool)
                    .await?;
            if let Some(r) = r {
                out.push(shipment_of(&r)?);
            }
        }
        Ok(out)
    }

    /// Deletes a client's shipment that is still with the sender, with its
    /// history. Once a desk has it, it stays.
    ///
    /// # Errors
    /// [`DeleteError`].
    pub async fn delete_client_shipment(&self, client: &ClientId, id: &ShipmentId) -> Result<(), DeleteError> {
        let mut tx = self.begin_write().await?;
        // Lock the row (a no-op write) so a scan arriving now waits.
        let locked = sqlx::query("UPDATE cargo_shipments SET updated_at = updated_at WHERE id = $1 AND client_id = $2")
            .bind(id)
            .bind(client)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
        if locked.rows_affected() != 1 {
            return Err(DeleteError::NotFound);
        }
        let r = sqlx::query("SELECT barcode, status, business_id FROM cargo_shipments WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(DbError::from)?;
        let (barcode, status, business): (String, String, String) = (
            r.try_get(0).map_err(DbError::from)?,
            r.try_get(1).map_err(DbError::from)?,
            r.try_get(2).map_err(DbError::from)?,
        );
        // Any desk scan means a desk has it, whatever the status says.
        let scanned: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM cargo_events WHERE barcode = $1 AND kind NOT IN ('created', 'pickup_requested')",
        )
        .bind(&barcode)
        .fetch_one(&mut *tx)
        .await
        .map_err(DbError::from)?;
        if !ShipmentStatus::from_code(&status).is_some_and(ShipmentStatus::at_sender) || scanned > 0 {
            return Err(DeleteError::NotAtSender);
        }
        sqlx::query("UPDATE cargo_appeals SET shipment_id = NULL WHERE shipment_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
        // The refund first: it belongs to the shipment's contract, found
        // through the shipment's row.
        let business = BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?;
        refund(&mut tx, &business, client, id, &barcode).await?;
        sqlx::query("DELETE FROM cargo_events WHERE barcode = $1")
            .bind(&barcode)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
        sqlx::query("DELETE FROM cargo_shipments WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
        tx.commit().await.map_err(DbError::from)?;
        Ok(())
    }
}

/// What a deleted shipment was charged, given back to its client in the
/// deleting transaction (payments stay on the balance).
async fn refund(tx: &mut Tx, business: &BusinessId, client: &ClientId, id: &ShipmentId, barcode: &str) -> DbResult<()> {
    let charged = ledger::shipment_sum(tx, id, ledger::Kind::Charge).await?;
    if charged == 0 {
        return Ok(());
    }
    let posting = ledger::Posting {
        business,
        client,
        contract: None,
        mode: ledger::Mode::Live,
        kind: ledger::Kind::Refund,
        method: "",
        amount: charged.checked_neg().ok_or_else(|| corrupt("charged", &charged.to_string()))?,
        shipment: Some((id, barcode)),
        source_key: ledger::refund_key(id),
        note: "",
        by: "cabinet",
        at: crate::db::now_ms(),
    };
    ledger::post(tx, &[posting]).await?;
    Ok(())
}

#[cfg(test)]
mod tests;
