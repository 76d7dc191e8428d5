//! Parcel desks' scans become each shipment's history.
//!
//! A parcel desk is a POS terminal of an office (a branch of a courier
//! company). Its scans ([`ParcelScan`]) and walk-in shipments
//! ([`DeskShipment`]) reach the cloud in the hubs' sync batches, and are
//! applied here inside the batch's own transaction:
//!
//! - a scan becomes one `cargo_events` row whose id is the scan's id, so a
//!   repeat changes nothing (exactly once, whatever the hub resends);
//! - a walk-in becomes a `cargo_shipments` row (source `desk`) when its
//!   label is on one of the company's rolls; a newer revision updates it;
//! - a barcode that is another company's (its shipment or its roll), or no
//!   one's, is refused: nothing is stored;
//! - afterwards every touched shipment's history is walked in scan-time
//!   order, `(at, id)`: each desk scan's status is worked out again from
//!   what came before it, and the shipment's `status`/`status_at` are those
//!   of the last entry. Scans that arrive late or out of order (an office
//!   offline for a day) therefore land in their place and the current
//!   status stays right. This runs once per barcode, not per event.
//!
//! Nothing here touches orders, payments or rollups: the cash a desk takes
//! travels as an ordinary order and payment. The desk names the client's
//! parcel it took that cash for ([`ParcelPayment`]): a payment on the
//! client's ledger (see `desk_cash`). A delivery of a client's
//! shipment with cash on delivery puts that cash on the client's ledger
//! (once, in the same transaction; see [`settle_cod`]).

use std::collections::{HashMap, HashSet};

use protocol::sync::SyncEvent;
use protocol::{Barcode, DeskShipment, EventBody, ParcelPayment, ParcelScan, ScanKind, ShipmentStatus};
use sqlx::Row as _;

use super::webhooks::StatusChange;
use crate::branches::store::HubAuth;
use crate::cargo::ledger;
use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::db::{Val, insert_rows, select_in};
use crate::ids::{BusinessId, ClientId, ShipmentId};

mod desk_cash;
mod walk_ins;

/// What a batch's desk events did (added to the batch's counts).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DeskCounts {
    /// New scans stored, walk-ins created or updated.
    pub applied: u32,
    /// Repeats of stored scans, walk-in revisions not newer than the stored one.
    pub superseded: u32,
    /// Another company's (or no one's) barcode, or a walk-in of another office.
    pub refused: u32,
}

/// Gives back on clients' ledgers the desk cash of this batch's sales that
/// were refunded or failed after paying for a client's shipment (see
/// `desk_cash`); anything else in `payments` is left alone. Call after the
/// batch's payments are stored. Returns how many rows were written.
///
/// # Errors
/// [`DbError`]; the caller's transaction then rolls back whole.
pub(crate) async fn give_back_desk_cash(
    tx: &mut Tx,
    hub: &HubAuth,
    payments: &[(&SyncEvent, &protocol::Payment)],
) -> DbResult<u64> {
    let terminals: Vec<(String, String, i64)> = payments
        .iter()
        .filter(|(_, p)| matches!(p.status, protocol::PaymentStatus::Refunded | protocol::PaymentStatus::Failed))
        .map(|(e, p)| (p.id.to_string(), e.terminal.to_string(), p.updated_at.0))
        .collect();
    let undone: Vec<desk_cash::Undone<'_>> =
        terminals.iter().map(|(payment, by, at)| desk_cash::Undone { payment: payment.clone(), at: *at, by }).collect();
    desk_cash::give_back(tx, hub, &undone).await
}

/// A shipment as the history walk needs it.
#[derive(Debug, Clone)]
pub(super) struct Shipment {
    id: String,
    business: String,
    destination: Option<String>,
    /// The office that took it in (a walk-in's, or set by its first acceptance).
    origin: Option<String>,
    receiver_district: String,
    status: String,
    status_at: i64,
    /// The client who made it online (walk-ins have none).
    client: Option<String>,
    /// Cash on delivery to collect for the client, tiyin.
    cod_amount: i64,
    /// The company's order number.
    number: i64,
    /// The contract it left under.
    contract: Option<String>,
}

/// One entry of a shipment's history.
#[derive(Debug, Clone)]
struct Entry {
    id: String,
    at: i64,
    kind: String,
    status: String,
    office: Option<String>,
    /// Made by a desk (its status is worked out here), not by the cabinet.
    desk: bool,
    /// Not in the database yet.
    new: bool,
    /// Status as stored, to write back only what changed.
    stored: String,
}

/// Applies a batch's scans and walk-ins for `hub`'s office.
///
/// # Errors
/// [`crate::db::DbError::Sql`]; the caller's transaction then rolls back whole.
pub(crate) async fn apply_desk_events(tx: &mut Tx, hub: &HubAuth, events: &[&SyncEvent]) -> DbResult<DeskCounts> {
    let mut counts = DeskCounts::default();
    if events.is_empty() {
        return Ok(counts);
    }
    let business = hub.business_id.to_string();
    let branch = hub.branch_id.to_string();
    // One company's offices in turn: two offices' batches touching one
    // parcel at once would each walk a history without the other's scans
    // and the last to commit would set a wrong status (PostgreSQL; SQLite's
    // one write lock already serialises). The sync holds only its branch.
    crate::db::lock_key(tx, &format!("cargo-desk:{business}")).await?;
    let now = now_ms();
    let mut barcodes: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.event {
            EventBody::ParcelScan(s) => Some(s.barcode.as_str().to_owned()),
            EventBody::DeskShipment(d) => Some(d.barcode.as_str().to_owned()),
            EventBody::ParcelPayment(p) => Some(p.barcode.as_str().to_owned()),
            _ => None,
        })
        .collect();
    barcodes.sort_unstable();
    barcodes.dedup();
    let mut shipments = load_shipments(tx, &barcodes).await?;
    let rolls = Rolls::load(tx, &business, &barcodes).await?;
    let mut touched: HashSet<String> = HashSet::new();

    // Walk-ins first, so that scans of the same batch find their shipment.
    let walk_ins: Vec<(&SyncEvent, &DeskShipment)> = events
        .iter()
        .filter_map(|e| match &e.event {
            EventBody::DeskShipment(d) => Some((*e, d)),
            _ => None,
        })
        .collect();
    walk_ins::apply(tx, hub, &walk_ins, &rolls, &mut shipments, &mut touched, &mut counts, now).await?;

    // Cash taken for clients' shipments: their ledgers.
    let paid: Vec<(&SyncEvent, &ParcelPayment)> = events
        .iter()
        .filter_map(|e| match &e.event {
            EventBody::ParcelPayment(p) => Some((*e, p)),
            _ => None,
        })
        .collect();
    desk_cash::apply(tx, hub, &paid, &shipments, &mut counts).await?;

    // Scans: new ones of this company's barcodes only.
    let scans: Vec<(&SyncEvent, &ParcelScan)> = events
        .iter()
        .filter_map(|e| match &e.event {
            EventBody::ParcelScan(s) => Some((*e, s)),
            _ => None,
        })
        .collect();
    let ids: Vec<String> = scans.iter().map(|(_, s)| s.id.to_string()).collect();
    let mut stored: HashSet<String> = HashSet::new();
    select_in(tx, "SELECT id FROM cargo_events WHERE id", &ids, |r| {
        stored.insert(r.try_get(0)?);
        Ok(())
    })
    .await?;
    let mut fresh: HashMap<String, Vec<(Entry, &SyncEvent, &ParcelScan)>> = HashMap::new();
    for (event, scan) in scans {
        let id = scan.id.to_string();
        if stored.contains(&id) {
            counts.superseded += 1;
            continue;
        }
        let barcode = scan.barcode.as_str();
        let ours = match shipments.get(barcode) {
            Some(s) => s.business == business,
            None => rolls.ours(&scan.barcode),
        };
        if !ours {
            counts.refused += 1;
            tracing::warn!(
                business.id = %business, branch.id = %branch, scan.id = %id,
                "a scan of another company's (or an unknown) barcode refused"
            );
            continue;
        }
        stored.insert(id.clone());
        counts.applied += 1;
        let entry = Entry {
            id,
            at: scan.scanned_at.0,
            kind: scan.kind.code().to_owned(),
            status: String::new(),
            office: Some(branch.clone()),
            desk: true,
            new: true,
            stored: String::new(),
        };
        fresh.entry(barcode.to_owned()).or_default().push((entry, event, scan));
        touched.insert(barcode.to_owned());
    }
    if touched.is_empty() {
        return Ok(counts);
    }
    recompute(tx, &business, &branch, &shipments, touched, fresh, now).await?;
    Ok(counts)
}

/// The shipments carrying these barcodes, by barcode.
async fn load_shipments(tx: &mut Tx, barcodes: &[String]) -> DbResult<HashMap<String, Shipment>> {
    let mut out = HashMap::with_capacity(barcodes.len());
    select_in(
        tx,
        "SELECT barcode, id, business_id, destination_office, receiver_district, status, status_at, origin_office, \
         client_id, cod_amount, number, contract_id FROM cargo_shipments WHERE barcode",
        barcodes,
        |r| {
            out.insert(
                r.try_get(0)?,
                Shipment {
                    id: r.try_get(1)?,
                    business: r.try_get(2)?,
                    destination: r.try_get(3)?,
                    receiver_district: r.try_get(4)?,
                    status: r.try_get(5)?,
                    status_at: r.try_get(6)?,
                    origin: r.try_get(7)?,
                    client: r.try_get(8)?,
                    cod_amount: r.try_get(9)?,
                    number: r.try_get(10)?,
                    contract: r.try_get(11)?,
                },
            );
            Ok(())
        },
    )
    .await?;
    Ok(out)
}

/// The label rolls that may hold a batch's barcodes.
#[derive(Debug, Default)]
pub(super) struct Rolls {
    /// This company's rolls: `[first, first + count)`.
    ours: Vec<(i64, i64)>,
}

impl Rolls {
    async fn load(tx: &mut Tx, business: &str, barcodes: &[String]) -> DbResult<Rolls> {
        let serials: Vec<i64> = barcodes
            .iter()
            .filter_map(|b| Barcode::parse(b).ok())
            .filter_map(|b| i64::try_from(b.serial()).ok())
            .collect();
        let (Some(&min), Some(&max)) = (serials.iter().min(), serials.iter().max()) else {
            return Ok(Rolls::default());
        };
        let rows = sqlx::query(
            "SELECT first_serial, count FROM cargo_label_rolls \
             WHERE business_id = $1 AND first_serial <= $2 AND first_serial + count > $3",
        )
        .bind(business)
        .bind(max)
        .bind(min)
        .fetch_all(&mut **tx)
        .await?;
        let mut ours = Vec::with_capacity(rows.len());
        for r in rows {
            ours.push((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?));
        }
        Ok(Rolls { ours })
    }

    /// The label is on one of this company's rolls.
    pub(super) fn ours(&self, barcode: &Barcode) -> bool {
        let Ok(serial) = i64::try_from(barcode.serial()) else { return false };
        self.ours.iter().any(|&(first, count)| serial >= first && serial - first < count)
    }
}

/// Walks each touched barcode's whole history in scan-time order, works
/// out each desk scan's status, stores the new scans, corrects the stored
/// ones whose status changed, and sets the shipment's current status.
async fn recompute(
    tx: &mut Tx,
    business: &str,
    branch: &str,
    shipments: &HashMap<String, Shipment>,
    touched: HashSet<String>,
    mut fresh: HashMap<String, Vec<(Entry, &SyncEvent, &ParcelScan)>>,
    now: i64,
) -> DbResult<()> {
    let mut barcodes: Vec<String> = touched.into_iter().collect();
    barcodes.sort_unstable();
    let mut histories: HashMap<String, Vec<Entry>> = HashMap::with_capacity(barcodes.len());
    select_in(
        tx,
        "SELECT barcode, id, at, kind, status, office_id, terminal_id, business_id FROM cargo_events WHERE barcode",
        &barcodes,
        |r| {
            let owner: String = r.try_get(7)?;
            if owner != business {
                return Ok(());
            }
            let status: String = r.try_get(4)?;
            let terminal: Option<String> = r.try_get(6)?;
            histories.entry(r.try_get(0)?).or_default().push(Entry {
                id: r.try_get(1)?,
                at: r.try_get(2)?,
                kind: r.try_get(3)?,
                status: status.clone(),
                office: r.try_get(5)?,
                desk: terminal.is_some(),
                new: false,
                stored: status,
            });
            Ok(())
        },
    )
    .await?;
    let offices = office_districts(tx, business).await?;
    let mut new_rows: Vec<Vec<Val>> = Vec::new();
    let mut cod: Vec<CodState<'_>> = Vec::new();
    // Status changes of shipments under a contract: (shipment, status, at).
    let mut changed: Vec<(&Shipment, &str, String, i64)> = Vec::new();
    for barcode in &barcodes {
        let mut history = histories.remove(barcode).unwrap_or_default();
        let mut scans: HashMap<String, (&SyncEvent, &ParcelScan)> = HashMap::new();
        for (entry, event, scan) in fresh.remove(barcode).unwrap_or_default() {
            scans.insert(entry.id.clone(), (event, scan));
            history.push(entry);
        }
        history.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        let shipment = shipments.get(barcode);
        walk(&mut history, shipment, &offices);
        for entry in &history {
            if entry.new {
                let Some((event, scan)) = scans.get(&entry.id) else { continue };
                new_rows.push(vec![
                    Val::T(entry.id.clone()),
                    Val::T(business.to_owned()),
                    Val::T(barcode.clone()),
                    Val::I(entry.at),
                    Val::T(entry.kind.clone()),
                    Val::T(entry.status.clone()),
                    Val::T(scan.reason.map(|r| r.code().to_owned()).unwrap_or_default()),
                    Val::T(scan.note.clone()),
                    Val::OptT(Some(branch.to_owned())),
                    Val::OptT(Some(event.terminal.to_string())),
                    Val::I(now),
                ]);
            } else if entry.status != entry.stored {
                sqlx::query("UPDATE cargo_events SET status = $2 WHERE id = $1")
                    .bind(&entry.id)
                    .bind(&entry.status)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        if let Some(s) = shipment.filter(|s| s.client.is_some() && s.cod_amount > 0) {
            let delivered = history.iter().find(|e| e.status == ShipmentStatus::Delivered.code());
            cod.push(CodState { shipment: s, barcode, delivered_at: delivered.map(|e| e.at) });
        }
        if let (Some(s), Some(last)) = (shipment, history.last())
            && (s.status != last.status || s.status_at != last.at)
        {
            sqlx::query("UPDATE cargo_shipments SET status = $2, status_at = $3, updated_at = $4 WHERE id = $1")
                .bind(&s.id)
                .bind(&last.status)
                .bind(last.at)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            if s.status != last.status && s.contract.is_some() && s.business == business {
                changed.push((s, barcode.as_str(), last.status.clone(), last.at));
            }
        }
        // An online shipment's first office is the one that accepted it
        // (scan time order: a late office's earlier acceptance wins).
        if let Some(s) = shipment
            && s.origin.is_none()
            && let Some(office) = history
                .iter()
                .find(|e| e.status == ShipmentStatus::AcceptedAtOffice.code())
                .and_then(|e| e.office.as_ref())
        {
            sqlx::query("UPDATE cargo_shipments SET origin_office = $2 WHERE id = $1 AND origin_office IS NULL")
                .bind(&s.id)
                .bind(office)
                .execute(&mut **tx)
                .await?;
        }
    }
    insert_rows(
        tx,
        "INSERT INTO cargo_events (id, business_id, barcode, at, kind, status, reason, note, office_id, terminal_id, \
         received_at)",
        11,
        "ON CONFLICT (id) DO NOTHING",
        new_rows,
    )
    .await?;
    let changes: Vec<StatusChange<'_>> = changed
        .iter()
        .filter_map(|(s, barcode, status, at)| {
            Some(StatusChange {
                shipment: &s.id,
                contract: s.contract.as_deref()?,
                barcode,
                number: s.number,
                status,
                at: *at,
                live: true,
            })
        })
        .collect();
    super::webhooks::enqueue(tx, business, &changes, now).await?;
    settle_cod(tx, business, &cod, now).await
}

/// Where a shipment with cash on delivery stands after its history's walk.
#[derive(Debug)]
struct CodState<'a> {
    shipment: &'a Shipment,
    barcode: &'a str,
    /// When it was delivered to the receiver, if it was.
    delivered_at: Option<i64>,
}

/// Puts the cash on delivery a courier took from the receiver on the
/// client's ledger, in the batch's transaction: what the ledger says was
/// collected for a shipment is brought to its amount once it is delivered
/// to the receiver, and back to zero if a late office's scans turn that
/// delivery into a return to the sender. Worked out from the state (under
/// the company's desk lock), so a batch sent again, or a delivery scanned
/// twice, writes nothing.
async fn settle_cod(tx: &mut Tx, business: &str, states: &[CodState<'_>], now: i64) -> DbResult<()> {
    if states.is_empty() {
        return Ok(());
    }
    let corrupt = |what: &str, v: &str| DbError::Corrupt(format!("{what} {v:?}"));
    let ids: Vec<String> = states.iter().map(|c| c.shipment.id.clone()).collect();
    // Per shipment: the sum of its collections and reversals, and their count.
    let mut held: HashMap<String, (i64, i64)> = HashMap::new();
    select_in(
        tx,
        "SELECT shipment_id, amount FROM cargo_ledger WHERE kind IN ('cod_collected', 'cod_reversed') AND shipment_id",
        &ids,
        |r| {
            let amount: i64 = r.try_get(1)?;
            let e = held.entry(r.try_get(0)?).or_default();
            e.0 = e.0.checked_add(amount).ok_or_else(|| DbError::Corrupt("cash on delivery beyond i64".into()))?;
            e.1 += 1;
            Ok(())
        },
    )
    .await?;
    let business = BusinessId::parse(business).ok_or_else(|| corrupt("business id", business))?;
    let mut moves = Vec::new();
    for c in states {
        let s = c.shipment;
        let (now_held, rows) = held.get(&s.id).copied().unwrap_or_default();
        let due = if c.delivered_at.is_some() { s.cod_amount } else { 0 };
        let delta = due.checked_sub(now_held).ok_or_else(|| DbError::Corrupt("cash on delivery beyond i64".into()))?;
        if delta == 0 {
            continue;
        }
        let client = s.client.as_deref().unwrap_or_default();
        let client = ClientId::parse(client).ok_or_else(|| corrupt("client id", client))?;
        let id = ShipmentId::parse(&s.id).ok_or_else(|| corrupt("shipment id", &s.id))?;
        let kind = if delta > 0 { ledger::Kind::CodCollected } else { ledger::Kind::CodReversed };
        moves.push((client, id, c.barcode, kind, delta, rows, c.delivered_at.unwrap_or(now)));
    }
    let postings: Vec<ledger::Posting<'_>> = moves
        .iter()
        .map(|(client, id, barcode, kind, amount, rows, at)| ledger::Posting {
            business: &business,
            client,
            contract: None,
            mode: ledger::Mode::Live,
            kind: *kind,
            method: "cash",
            amount: *amount,
            shipment: Some((id, barcode)),
            source_key: format!("cod:{id}:{rows}"),
            note: "",
            by: "desk",
            at: *at,
        })
        .collect();
    ledger::post(tx, &postings).await?;
    Ok(())
}

/// The company's offices: branch → district SOATO.
async fn office_districts(tx: &mut Tx, business: &str) -> DbResult<HashMap<String, String>> {
    let rows = sqlx::query("SELECT branch_id, district_soato FROM cargo_offices WHERE business_id = $1")
        .bind(business)
        .fetch_all(&mut **tx)
        .await?;
    let mut out = HashMap::with_capacity(rows.len());
    for r in rows {
        out.insert(r.try_get(0)?, r.try_get(1)?);
    }
    Ok(out)
}

/// Works out every desk scan's status in a history sorted by `(at, id)`:
/// the status its kind leads to, at the shipment's destination office (or,
/// without one, an office in the receiver's district) or not, on the way
/// back (an earlier `ReturnStarted`, or a shipment already returning) or
/// not. Entries the cabinet wrote keep their status.
fn walk(history: &mut [Entry], shipment: Option<&Shipment>, offices: &HashMap<String, String>) {
    let at_destination = |office: Option<&String>| -> bool {
        let (Some(office), Some(s)) = (office, shipment) else { return false };
        match &s.destination {
            Some(destination) => destination == office,
            None => offices.get(office).is_some_and(|district| *district == s.receiver_district),
        }
    };
    let returning_code = ShipmentStatus::Returning.code();
    let mut return_started = false;
    let mut previous: Option<String> = None;
    for entry in history.iter_mut() {
        if entry.desk
            && let Some(kind) = ScanKind::from_code(&entry.kind)
        {
            let returning = return_started || previous.as_deref() == Some(returning_code);
            entry.status = kind.status_after(at_destination(entry.office.as_ref()), returning).code().to_owned();
            if kind == ScanKind::ReturnStarted {
                return_started = true;
            }
        }
        previous = Some(entry.status.clone());
    }
}

/// One entry of a shipment's history, for the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// When (UTC ms; a desk scan's own clock).
    pub at: i64,
    /// What happened: a [`ScanKind`] code, or the cabinet's own (`created`…).
    pub kind: String,
    /// The status after it (see [`ShipmentStatus::from_code`]).
    pub status: String,
    /// Why (a [`protocol::ReasonCode`] code), empty when none.
    pub reason: String,
    /// The desk's note, empty when none.
    pub note: String,
    /// The office's name (its branch's), when an office did it.
    pub office_name: Option<String>,
    /// The office's short code (`URGANCH`), when it is registered as an office.
    pub office_code: Option<String>,
}

impl HistoryEntry {
    /// The scan kind, when a desk made it.
    #[must_use]
    pub fn scan_kind(&self) -> Option<ScanKind> {
        ScanKind::from_code(&self.kind)
    }

    /// The status after it.
    #[must_use]
    pub fn shipment_status(&self) -> Option<ShipmentStatus> {
        ShipmentStatus::from_code(&self.status)
    }
}

/// A shipment's history by barcode, in scan-time order `(at, id)`. The
/// caller makes sure the reader may see this barcode.
///
/// # Errors
/// [`crate::db::DbError::Sql`].
pub async fn history(db: &Db, barcode: &str) -> DbResult<Vec<HistoryEntry>> {
    let rows = sqlx::query(concat!(
        "SELECT e.at, e.kind, e.status, e.reason, e.note, b.name, o.code FROM cargo_events e ",
        "LEFT JOIN branches b ON b.id = e.office_id LEFT JOIN cargo_offices o ON o.branch_id = e.office_id ",
        "WHERE e.barcode = $1 ORDER BY e.at, e.id"
    ))
    .bind(barcode)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(HistoryEntry {
            at: r.try_get(0)?,
            kind: r.try_get(1)?,
            status: r.try_get(2)?,
            reason: r.try_get(3)?,
            note: r.try_get(4)?,
            office_name: r.try_get(5)?,
            office_code: r.try_get(6)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, at: i64, kind: ScanKind, office: &str) -> Entry {
        Entry {
            id: id.into(),
            at,
            kind: kind.code().into(),
            status: String::new(),
            office: Some(office.into()),
            desk: true,
            new: true,
            stored: String::new(),
        }
    }

    fn shipment(destination: Option<&str>) -> Shipment {
        Shipment {
            id: "s".into(),
            business: "b".into(),
            destination: destination.map(Into::into),
            origin: None,
            receiver_district: "1733401".into(),
            status: "created".into(),
            status_at: 0,
            client: None,
            cod_amount: 0,
            number: 1,
            contract: None,
        }
    }

    fn statuses(history: &[Entry]) -> Vec<&str> {
        history.iter().map(|e| e.status.as_str()).collect()
    }

    #[test]
    fn arrival_counts_at_the_destination_or_in_the_receivers_district() {
        let offices: HashMap<String, String> =
            [("A".to_owned(), "1726264".to_owned()), ("B".to_owned(), "1733401".to_owned())].into();
        let mut h = vec![
            entry("1", 1, ScanKind::Accepted, "A"),
            entry("2", 2, ScanKind::Dispatched, "A"),
            entry("3", 3, ScanKind::Arrived, "B"),
        ];
        walk(&mut h, Some(&shipment(Some("B"))), &offices);
        assert_eq!(statuses(&h), ["accepted", "in_transit", "at_destination"]);
        walk(&mut h, Some(&shipment(Some("C"))), &offices);
        assert_eq!(statuses(&h), ["accepted", "in_transit", "in_transit"]);
        walk(&mut h, Some(&shipment(None)), &offices);
        assert_eq!(statuses(&h), ["accepted", "in_transit", "at_destination"], "B serves the receiver's district");
        walk(&mut h, None, &offices);
        assert_eq!(statuses(&h), ["accepted", "in_transit", "in_transit"], "no shipment yet: no destination");
    }

    #[test]
    fn a_return_turns_what_follows() {
        let offices = HashMap::new();
        let mut h = vec![
            entry("1", 1, ScanKind::Accepted, "A"),
            entry("2", 2, ScanKind::FailedAttempt, "B"),
            entry("3", 3, ScanKind::ReturnStarted, "B"),
            entry("4", 4, ScanKind::Dispatched, "B"),
            entry("5", 5, ScanKind::Arrived, "A"),
            entry("6", 6, ScanKind::Delivered, "A"),
        ];
        walk(&mut h, Some(&shipment(Some("B"))), &offices);
        assert_eq!(statuses(&h), ["accepted", "delivery_failed", "returning", "returning", "returning", "returned"]);
    }

    #[test]
    fn cabinet_entries_keep_their_status() {
        let mut created = entry("0", 0, ScanKind::Accepted, "A");
        created.kind = "created".into();
        created.status = "created".into();
        created.desk = false;
        let mut h = vec![created, entry("1", 1, ScanKind::Sorted, "A")];
        walk(&mut h, Some(&shipment(None)), &HashMap::new());
        assert_eq!(statuses(&h), ["created", "accepted"]);
    }
}
