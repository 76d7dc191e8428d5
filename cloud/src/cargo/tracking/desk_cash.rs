//! Money a desk took for an online shipment ([`ParcelPayment`]) becomes a
//! payment on the client's ledger, in the batch's transaction.
//!
//! The cash itself is the desk's ordinary sale (an order and a payment,
//! applied earlier in the same transaction or in an earlier batch: a
//! terminal's outbox keeps its order). A parcel's payment is written only
//! when that sale is there and agrees with it: the same payment id, made by
//! the same terminal at this office, confirmed, of the same amount. Its
//! ledger row's cause is `desk:<payment id>`, so a batch sent again, or the
//! same sale named twice, writes it once.
//!
//! Refused, with nothing written: a parcel of another company or of no one,
//! a walk-in (no client: its cash is its sale), a sale that is missing or
//! differs.
//!
//! A sale refunded later (its payment's next snapshot) gives the cash back:
//! a `payment_returned` row of the same amount, cause `desk-return:<id>`
//! ([`give_back`]).

use std::collections::{HashMap, HashSet};

use protocol::ParcelPayment;
use protocol::sync::SyncEvent;
use sqlx::Row as _;

use super::{DeskCounts, Shipment};
use crate::branches::store::HubAuth;
use crate::cargo::ledger;
use crate::db::{DbError, DbResult, Tx, select_in};
use crate::ids::{BusinessId, ClientId, ContractId, ShipmentId};

/// The ledger cause of the cash a desk took in sale `payment`.
fn source_key(payment: &protocol::PaymentId) -> String {
    source_key_str(&payment.to_string())
}

/// [`source_key`] of a payment id as stored.
fn source_key_str(payment: &str) -> String {
    format!("desk:{payment}")
}

/// A desk's sale as stored: terminal, branch, method, amount, status.
struct Sale {
    terminal: String,
    branch: String,
    method: String,
    amount: i64,
    status: String,
}

/// A ledger row to write.
struct Row {
    client: ClientId,
    shipment: ShipmentId,
    barcode: String,
    method: String,
    amount: i64,
    key: String,
    by: String,
    at: i64,
}

/// Applies a batch's parcel payments for `hub`'s office; `shipments` holds
/// (at least) every shipment their barcodes name.
///
/// # Errors
/// [`DbError`]; the caller's transaction then rolls back whole.
pub(super) async fn apply(
    tx: &mut Tx,
    hub: &HubAuth,
    paid: &[(&SyncEvent, &ParcelPayment)],
    shipments: &HashMap<String, Shipment>,
    counts: &mut DeskCounts,
) -> DbResult<()> {
    if paid.is_empty() {
        return Ok(());
    }
    let business = hub.business_id.to_string();
    let branch = hub.branch_id.to_string();
    let ids: Vec<String> = paid.iter().map(|(_, p)| p.payment.to_string()).collect();
    let mut sales: HashMap<String, Sale> = HashMap::with_capacity(ids.len());
    select_in(tx, "SELECT id, terminal_id, branch_id, method, amount, status FROM payments WHERE id", &ids, |r| {
        sales.insert(
            r.try_get(0)?,
            Sale {
                terminal: r.try_get(1)?,
                branch: r.try_get(2)?,
                method: r.try_get(3)?,
                amount: r.try_get(4)?,
                status: r.try_get(5)?,
            },
        );
        Ok(())
    })
    .await?;
    let keys: Vec<String> = paid.iter().map(|(_, p)| source_key(&p.payment)).collect();
    let mut written: HashSet<String> = HashSet::with_capacity(keys.len());
    select_in(tx, "SELECT source_key FROM cargo_ledger WHERE source_key", &keys, |r| {
        written.insert(r.try_get(0)?);
        Ok(())
    })
    .await?;
    let office: String = sqlx::query_scalar("SELECT name FROM branches WHERE id = $1")
        .bind(&branch)
        .fetch_optional(&mut **tx)
        .await?
        .unwrap_or_default();
    let corrupt = |what: &str, v: &str| DbError::Corrupt(format!("{what} {v:?}"));
    let business_id = BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?;

    let mut rows: Vec<Row> = Vec::new();
    for ((event, p), key) in paid.iter().zip(keys) {
        let id = p.payment.to_string();
        if written.contains(&key) {
            counts.superseded += 1;
            continue;
        }
        let shipment = shipments.get(p.barcode.as_str()).filter(|s| s.business == business);
        let client = shipment.and_then(|s| s.client.as_deref());
        let sale = sales.get(&id);
        let sale_ok = sale.is_some_and(|s| {
            s.terminal == event.terminal.to_string()
                && s.branch == branch
                && s.status == protocol::PaymentStatus::Confirmed.code()
                && s.amount == p.amount.tiyin()
        });
        let (Some(shipment), Some(client), Some(sale), true) = (shipment, client, sale, sale_ok) else {
            counts.refused += 1;
            tracing::warn!(
                business.id = %business, branch.id = %branch, payment.id = %id, barcode = %p.barcode,
                known_parcel = shipment.is_some(), client = client.is_some(), sale = sale.is_some(),
                "a desk's payment for a parcel refused (not this company's client's parcel, or its sale \
                 missing or different)"
            );
            continue;
        };
        let client = ClientId::parse(client).ok_or_else(|| corrupt("client id", client))?;
        let shipment_id = ShipmentId::parse(&shipment.id).ok_or_else(|| corrupt("shipment id", &shipment.id))?;
        written.insert(key.clone());
        counts.applied += 1;
        rows.push(Row {
            client,
            shipment: shipment_id,
            barcode: p.barcode.as_str().to_owned(),
            method: sale.method.clone(),
            amount: p.amount.tiyin(),
            key,
            by: event.terminal.to_string(),
            at: p.paid_at.0,
        });
    }
    let postings: Vec<ledger::Posting<'_>> = rows
        .iter()
        .map(|r| ledger::Posting {
            business: &business_id,
            client: &r.client,
            contract: None,
            mode: ledger::Mode::Live,
            kind: ledger::Kind::Payment,
            method: &r.method,
            amount: r.amount,
            shipment: Some((&r.shipment, &r.barcode)),
            source_key: r.key.clone(),
            note: &office,
            by: &r.by,
            at: r.at,
        })
        .collect();
    ledger::post(tx, &postings).await?;
    Ok(())
}

/// The ledger cause of giving back the cash a desk took in sale `payment`.
fn return_key(payment: &str) -> String {
    format!("desk-return:{payment}")
}

/// A desk's sale of this batch that is no longer money received (refunded,
/// or failed): its payment id, when it changed, and the terminal that said so.
pub(crate) struct Undone<'a> {
    /// The sale's payment id.
    pub payment: String,
    /// The snapshot's time (UTC ms): the returned row's date.
    pub at: i64,
    /// The terminal that sent it.
    pub by: &'a str,
}

/// Gives back, on the client's ledger, the cash of desk sales that paid for a
/// client's shipment and were later refunded (or failed): one
/// `payment_returned` row of the paid amount per sale (cause
/// `desk-return:<payment id>`, so a resend writes it once). Runs after the
/// batch's payments are stored and looks at their stored status, so a
/// refund that lost to a newer snapshot changes nothing. Returns how many
/// rows were written.
///
/// # Errors
/// [`DbError`]; the caller's transaction then rolls back whole.
pub(super) async fn give_back(tx: &mut Tx, hub: &HubAuth, undone: &[Undone<'_>]) -> DbResult<u64> {
    if undone.is_empty() {
        return Ok(0);
    }
    let business = hub.business_id.to_string();
    let ids: Vec<String> = undone.iter().map(|u| u.payment.clone()).collect();
    let keys: Vec<String> = ids.iter().flat_map(|id| [source_key_str(id), return_key(id)]).collect();
    /// The paid row: client, contract, shipment, barcode, method, amount, note.
    type Paid = (String, Option<String>, Option<String>, String, String, i64, String);
    let mut paid: HashMap<String, Paid> = HashMap::new();
    let mut returned: HashSet<String> = HashSet::new();
    select_in(
        tx,
        "SELECT source_key, business_id, client_id, contract_id, shipment_id, barcode, method, amount, note, mode \
         FROM cargo_ledger WHERE source_key",
        &keys,
        |r| {
            let (key, owner, mode): (String, String, String) = (r.try_get(0)?, r.try_get(1)?, r.try_get(9)?);
            if owner != business || mode != ledger::Mode::Live.code() {
                return Ok(());
            }
            if let Some(id) = key.strip_prefix("desk-return:") {
                returned.insert(id.to_owned());
            } else if let Some(id) = key.strip_prefix("desk:") {
                paid.insert(
                    id.to_owned(),
                    (
                        r.try_get(2)?,
                        r.try_get(3)?,
                        r.try_get(4)?,
                        r.try_get(5)?,
                        r.try_get(6)?,
                        r.try_get(7)?,
                        r.try_get(8)?,
                    ),
                );
            }
            Ok(())
        },
    )
    .await?;
    // Most refunds are a shop's or a walk-in's: no parcel paid, done.
    if paid.is_empty() {
        return Ok(0);
    }
    let sales: Vec<String> = paid.keys().cloned().collect();
    let mut confirmed: HashSet<String> = HashSet::new();
    select_in(tx, "SELECT id, status FROM payments WHERE id", &sales, |r| {
        let (id, status): (String, String) = (r.try_get(0)?, r.try_get(1)?);
        if status == protocol::PaymentStatus::Confirmed.code() {
            confirmed.insert(id);
        }
        Ok(())
    })
    .await?;
    let corrupt = |what: &str, v: &str| DbError::Corrupt(format!("{what} {v:?}"));
    let business_id = BusinessId::parse(&business).ok_or_else(|| corrupt("business id", &business))?;
    /// Parsed ids of a row to write.
    struct Back<'a> {
        client: ClientId,
        contract: Option<ContractId>,
        shipment: Option<(ShipmentId, &'a str)>,
        paid: &'a Paid,
        key: String,
        undone: &'a Undone<'a>,
    }
    let mut backs: Vec<Back<'_>> = Vec::new();
    for u in undone {
        let Some(row) = paid.get(&u.payment) else { continue };
        if confirmed.contains(&u.payment) || !returned.insert(u.payment.clone()) {
            continue;
        }
        let (client, contract, shipment, barcode, ..) = row;
        backs.push(Back {
            client: ClientId::parse(client).ok_or_else(|| corrupt("client id", client))?,
            contract: contract
                .as_deref()
                .map(|c| ContractId::parse(c).ok_or_else(|| corrupt("contract id", c)))
                .transpose()?,
            shipment: shipment
                .as_deref()
                .map(|s| ShipmentId::parse(s).map(|id| (id, barcode.as_str())).ok_or_else(|| corrupt("shipment id", s)))
                .transpose()?,
            paid: row,
            key: return_key(&u.payment),
            undone: u,
        });
    }
    let postings: Vec<ledger::Posting<'_>> = backs
        .iter()
        .map(|b| ledger::Posting {
            business: &business_id,
            client: &b.client,
            contract: b.contract.as_ref(),
            mode: ledger::Mode::Live,
            kind: ledger::Kind::PaymentReturned,
            method: &b.paid.4,
            amount: b.paid.5.saturating_neg(),
            shipment: b.shipment.as_ref().map(|(id, barcode)| (id, *barcode)),
            source_key: b.key.clone(),
            note: &b.paid.6,
            by: b.undone.by,
            at: b.undone.at,
        })
        .collect();
    for b in &backs {
        tracing::info!(
            business.id = %business, payment.id = %b.undone.payment, amount = b.paid.5,
            "a desk's refunded sale gives its parcel payment back on the client's ledger"
        );
    }
    Ok(ledger::post(tx, &postings).await?)
}
