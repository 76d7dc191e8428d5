//! Applying a hub's sync call: raw rows and rollups in one transaction.
//!
//! Every entity arrives as a full snapshot with a version; the newest
//! version wins and an older or equal one changes nothing. Rollups are kept
//! exact by *difference*: when a snapshot replaces a stored one, the old
//! snapshot's contribution is taken out of the rollups and the new one's put
//! in (an order moving from Open to Completed moves its sums from the `open`
//! rollup rows to the `completed` ones). A repeat therefore changes nothing
//! even without the batch record, and events may arrive in any order.
//!
//! Rollup rows are keyed by branch × hour of the order's (payment's)
//! creation time, UTC, × employee / product / payment method × status, and
//! hold sums in tiyin and quantities in thousandths. Readers choose which
//! statuses count (the dashboard counts `completed` orders as revenue).

use std::collections::HashMap;

use protocol::sync::{BatchAck, SyncEvent, SyncRequest, SyncResponse};
use protocol::{EventBody, Order, Payment, Stock, Unit, Version};
use sqlx::Row as _;

use crate::branches::store::HubAuth;
use crate::ids::BusinessId;
mod history;
mod rollups;

use crate::db::{CHUNK_IDS, Db, DbError, DbResult, Tx, Val, insert_rows, list, marks, now_ms, select_in};
use rollups::*;

/// What a sync call did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncOutcome {
    /// Done; this is the answer for the hub.
    Done(SyncResponse),
    /// The batch's sequence number was used before for other content; the
    /// highest number the cloud holds for this hub.
    SeqReused {
        /// Highest batch number applied for this hub.
        last: u64,
    },
}

const HOUR_MS: i64 = 3_600_000;

fn version_of(row: &sqlx::any::AnyRow, rev: usize, at: usize) -> DbResult<Version> {
    let revision: i64 = row.try_get(rev)?;
    let updated_at: i64 = row.try_get(at)?;
    Ok(Version {
        revision: u32::try_from(revision).map_err(|_| DbError::Corrupt("revision".into()))?,
        updated_at: protocol::Timestamp(updated_at),
    })
}

#[derive(Debug, Clone)]
struct Known {
    branch: String,
    version: Version,
    in_db: bool,
    share: Option<OrderShare>,
    /// The terminal stored as its maker, when it is in the database.
    maker: Option<String>,
}

/// The orders (or payments) of the hub's branch a batch touched, each with
/// the terminal the database names as its maker once the batch is applied.
pub(super) type Makers = HashMap<String, String>;

/// [`Makers`] from what a batch found and applied: a row already stored
/// keeps its maker, a new one is made by the terminal of the snapshot
/// inserted; rows of other branches are left out.
fn makers<'a, E>(
    branch: &str,
    known: impl Iterator<Item = (&'a String, &'a str, Option<&'a String>)>,
    winners: &HashMap<String, (&SyncEvent, E)>,
) -> Makers {
    known
        .filter(|(_, b, _)| *b == branch)
        .filter_map(|(id, _, maker)| {
            let maker = maker.cloned().or_else(|| winners.get(id).map(|(e, _)| e.terminal.to_string()))?;
            Some((id.clone(), maker))
        })
        .collect()
}

/// Counts of what a batch did.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    applied: u32,
    superseded: u32,
    refused: u32,
}

impl Counts {
    fn judge(&mut self, known: Option<(&str, Version)>, branch: &str, version: Version) -> bool {
        match known {
            Some((b, _)) if b != branch => {
                self.refused += 1;
                false
            }
            Some((_, v)) if v >= version => {
                self.superseded += 1;
                false
            }
            _ => {
                self.applied += 1;
                true
            }
        }
    }
}

/// A hub's build as the portal shows it: printable version characters only,
/// at most [`protocol::sync::MAX_SOFTWARE_LEN`].
fn software(reported: &str) -> String {
    reported
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
        .take(protocol::sync::MAX_SOFTWARE_LEN)
        .collect()
}

/// How long the hub's oldest waiting event had waited when it called, by
/// the hub's own clock (so a skewed clock does not matter); 0 when nothing
/// waits.
fn sync_lag_ms(status: &protocol::sync::HubStatus) -> i64 {
    match status.oldest_waiting_at {
        Some(at) if status.outbox_depth > 0 => status.sent_at.0.saturating_sub(at.0).max(0),
        _ => 0,
    }
}

impl Db {
    /// Applies one sync call for `hub`: its status, its terminal report, its
    /// batch (exactly once), and answers with any newer config.
    ///
    /// # Errors
    /// [`DbError::NotFound`] when the hub was revoked meanwhile; [`DbError::Sql`].
    pub async fn apply_sync(&self, hub: &HubAuth, req: &SyncRequest, grace_ms: i64) -> DbResult<SyncOutcome> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        // First statement is a write on the hub's row: it serialises this
        // hub's calls (row lock on PostgreSQL, the write lock on SQLite).
        let alive = sqlx::query(
            "UPDATE hubs SET last_sync_at = $2, outbox_depth = $3, connected_terminals = $4, config_applied = $5, \
             dead_letters = $6, software = $7, sync_lag_ms = $8 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(&hub.hub_id)
        .bind(now)
        .bind(i64::try_from(req.status.outbox_depth).unwrap_or(i64::MAX))
        .bind(i64::from(req.status.connected_terminals))
        .bind(i64::try_from(req.config_have).unwrap_or(i64::MAX))
        .bind(i64::try_from(req.status.dead_letters).unwrap_or(i64::MAX))
        .bind(software(&req.status.software))
        .bind(sync_lag_ms(&req.status))
        .execute(&mut *tx)
        .await?;
        if alive.rows_affected() != 1 {
            return Err(DbError::NotFound);
        }
        // Then the branch's turn: two hubs of one branch sending the same
        // new payment at once would each see it as new and count it twice
        // (PostgreSQL; SQLite's one write lock already serialises).
        self.lock_key(&mut tx, &format!("sync-branch:{}", hub.branch_id)).await?;
        if let Some(terminals) = &req.terminals {
            self.record_terminals(&mut tx, hub, terminals).await?;
        }
        let mut ack = None;
        if let Some(batch) = &req.batch {
            let seq = i64::try_from(batch.seq).map_err(|_| DbError::Corrupt("batch seq".into()))?;
            let digest = hex::encode(batch.digest());
            let seen: Option<String> =
                sqlx::query_scalar("SELECT digest FROM sync_batches WHERE hub_id = $1 AND seq = $2")
                    .bind(&hub.hub_id)
                    .bind(seq)
                    .fetch_optional(&mut *tx)
                    .await?;
            match seen {
                Some(d) if d == digest => {
                    ack = Some(BatchAck { seq: batch.seq, applied: 0, superseded: 0, refused: 0, duplicate: true });
                }
                Some(_) => {
                    let last: i64 = sqlx::query_scalar("SELECT last_batch_seq FROM hubs WHERE id = $1")
                        .bind(&hub.hub_id)
                        .fetch_one(&mut *tx)
                        .await?;
                    tx.rollback().await?;
                    return Ok(SyncOutcome::SeqReused { last: u64::try_from(last).unwrap_or(0) });
                }
                None => {
                    let counts = apply_events(&mut tx, hub, &batch.events).await?;
                    sqlx::query(
                        "INSERT INTO sync_batches (hub_id, seq, digest, events, applied_at) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&hub.hub_id)
                    .bind(seq)
                    .bind(&digest)
                    .bind(i64::try_from(batch.events.len()).unwrap_or(i64::MAX))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "UPDATE hubs SET last_batch_seq = CASE WHEN last_batch_seq < $2 THEN $2 ELSE last_batch_seq END \
                         WHERE id = $1",
                    )
                    .bind(&hub.hub_id)
                    .bind(seq)
                    .execute(&mut *tx)
                    .await?;
                    ack = Some(BatchAck {
                        seq: batch.seq,
                        applied: counts.applied,
                        superseded: counts.superseded,
                        refused: counts.refused,
                        duplicate: false,
                    });
                }
            }
        }
        let config = self.hub_config(&mut tx, hub, req.config_have, grace_ms).await?;
        tx.commit().await?;
        Ok(SyncOutcome::Done(SyncResponse { batch: ack, config }))
    }
}

async fn apply_events(tx: &mut Tx, hub: &HubAuth, events: &[SyncEvent]) -> DbResult<Counts> {
    let mut counts = Counts::default();
    let mut deltas = Deltas::default();
    let mut orders: Vec<(&SyncEvent, &Order)> = Vec::new();
    let mut payments: Vec<(&SyncEvent, &Payment)> = Vec::new();
    let mut others: Vec<&EventBody> = Vec::new();
    let mut desk: Vec<&SyncEvent> = Vec::new();
    for e in events {
        match &e.event {
            EventBody::Order(o) => orders.push((e, o)),
            EventBody::Payment(p) => payments.push((e, p)),
            EventBody::ParcelScan(_) | EventBody::DeskShipment(_) | EventBody::ParcelPayment(_) => desk.push(e),
            other => others.push(other),
        }
    }
    let t0 = std::time::Instant::now();
    let order_makers = apply_orders(tx, hub, &orders, &mut counts, &mut deltas).await?;
    let t1 = t0.elapsed();
    let payment_makers = apply_payments(tx, hub, &payments, &mut counts, &mut deltas).await?;
    history::record(tx, hub, (&orders, &order_makers), (&payments, &payment_makers)).await?;
    // A desk sale refunded after it paid for a client's parcel: the cash back.
    crate::cargo::tracking::give_back_desk_cash(tx, hub, &payments).await?;
    let t2 = t0.elapsed();
    apply_catalog(tx, hub, &others, &mut counts).await?;
    // Parcel desks' scans and walk-ins: the shipments' history, not sales.
    let desk_counts = crate::cargo::tracking::apply_desk_events(tx, hub, &desk).await?;
    counts.applied += desk_counts.applied;
    counts.superseded += desk_counts.superseded;
    counts.refused += desk_counts.refused;
    let t3 = t0.elapsed();
    write_rollups(tx, hub, &deltas).await?;
    tracing::debug!(
        events = events.len(),
        orders = orders.len(),
        payments = payments.len(),
        orders_ms = t1.as_millis() as u64,
        payments_ms = (t2 - t1).as_millis() as u64,
        catalog_ms = (t3 - t2).as_millis() as u64,
        rollups_ms = (t0.elapsed() - t3).as_millis() as u64,
        "batch events applied"
    );
    Ok(counts)
}

async fn apply_orders(
    tx: &mut Tx,
    hub: &HubAuth,
    orders: &[(&SyncEvent, &Order)],
    counts: &mut Counts,
    deltas: &mut Deltas,
) -> DbResult<Makers> {
    if orders.is_empty() {
        return Ok(Makers::new());
    }
    let mut ids: Vec<String> = orders.iter().map(|(_, o)| o.id.to_string()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut known: HashMap<String, Known> = HashMap::with_capacity(ids.len());
    select_in(
        tx,
        "SELECT id, branch_id, revision, updated_at, status, employee_id, created_at, items_total, cost_total, \
         service_charge, terminal_id FROM orders WHERE id",
        &ids,
        |r| {
            let created: i64 = r.try_get(6)?;
            known.insert(
                r.try_get(0)?,
                Known {
                    branch: r.try_get(1)?,
                    version: version_of(r, 2, 3)?,
                    in_db: true,
                    share: Some(OrderShare {
                        hour: created.div_euclid(HOUR_MS),
                        employee: r.try_get(5)?,
                        status: r.try_get(4)?,
                        items_total: r.try_get(7)?,
                        cost_total: r.try_get(8)?,
                        service_charge: r.try_get(9)?,
                        lines: Vec::new(),
                    }),
                    maker: Some(r.try_get(10)?),
                },
            );
            Ok(())
        },
    )
    .await?;
    // The old snapshots' lines, for the orders of this branch that will change.
    let mine: Vec<String> =
        known.iter().filter(|(_, k)| k.branch == hub.branch_id.as_str()).map(|(id, _)| id.clone()).collect();
    select_in(
        tx,
        "SELECT order_id, product_id, qty_milli, total, cost_total, name FROM order_items WHERE order_id",
        &mine,
        |r| {
            let id: String = r.try_get(0)?;
            if let Some(share) = known.get_mut(&id).and_then(|k| k.share.as_mut()) {
                share.lines.push(Line {
                    product: r.try_get(1)?,
                    name: r.try_get(5)?,
                    qty: r.try_get(2)?,
                    total: r.try_get(3)?,
                    cost: r.try_get(4)?,
                });
            }
            Ok(())
        },
    )
    .await?;
    let mut winners: HashMap<String, (&SyncEvent, &Order)> = HashMap::new();
    for &(event, order) in orders {
        let id = order.id.to_string();
        let version = Version { revision: order.revision, updated_at: order.updated_at };
        let current = known.get(&id).map(|k| (k.branch.as_str(), k.version));
        if !counts.judge(current, hub.branch_id.as_str(), version) {
            continue;
        }
        let share = order_share(order);
        let entry = known.entry(id.clone()).or_insert_with(|| Known {
            branch: hub.branch_id.to_string(),
            version,
            in_db: false,
            share: None,
            maker: None,
        });
        if let Some(old) = &entry.share {
            deltas.order(hub.branch_id.as_str(), old, -1);
        }
        deltas.order(hub.branch_id.as_str(), &share, 1);
        entry.version = version;
        entry.share = Some(share);
        winners.insert(id, (event, order));
    }
    let found = known.iter().map(|(id, k)| (id, k.branch.as_str(), k.maker.as_ref()));
    let makers = makers(hub.branch_id.as_str(), found, &winners);
    if winners.is_empty() {
        return Ok(makers);
    }
    let replaced: Vec<String> = winners.keys().filter(|id| known.get(*id).is_some_and(|k| k.in_db)).cloned().collect();
    for chunk in replaced.chunks(CHUNK_IDS) {
        let sql = format!("DELETE FROM order_items WHERE order_id IN ({})", list(marks(tx), chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(id.clone());
        }
        q.execute(&mut **tx).await?;
    }
    let mut rows = Vec::with_capacity(winners.len());
    let mut item_rows = Vec::new();
    for (id, (event, o)) in &winners {
        let items_total = o.items_total().map_or(0, |m| m.tiyin());
        rows.push(vec![
            Val::T(id.clone()),
            Val::T(hub.business_id.to_string()),
            Val::T(hub.branch_id.to_string()),
            Val::T(event.terminal.to_string()),
            Val::I(i64::from(o.revision)),
            Val::I(o.updated_at.0),
            Val::I(i64::from(o.number)),
            Val::OptT(o.place.map(|p| p.to_string())),
            Val::T(o.employee.to_string()),
            Val::T(o.status.code().to_owned()),
            Val::I(items_total),
            Val::I(o.cost_total().map_or(0, |m| m.tiyin())),
            Val::I(o.service_charge.tiyin()),
            Val::I(items_total.saturating_add(o.service_charge.tiyin())),
            Val::I(o.created_at.0),
            Val::OptI(o.closed_at.map(|t| t.0)),
        ]);
        for (line, item) in o.items.iter().enumerate() {
            item_rows.push(vec![
                Val::T(id.clone()),
                Val::I(i64::try_from(line).unwrap_or(i64::MAX)),
                Val::T(item.product.to_string()),
                Val::T(item.name.clone()),
                Val::I(item.qty.milli()),
                Val::I(item.unit_price.tiyin()),
                Val::I(item.cost_price.tiyin()),
                Val::I(item.total().map_or(0, |m| m.tiyin())),
                Val::I(item.cost_total().map_or(0, |m| m.tiyin())),
            ]);
        }
    }
    insert_rows(
        tx,
        "INSERT INTO orders (id, business_id, branch_id, terminal_id, revision, updated_at, number, place_id, \
         employee_id, status, items_total, cost_total, service_charge, total, created_at, closed_at)",
        16,
        "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, \
         updated_at = excluded.updated_at, number = excluded.number, place_id = excluded.place_id, \
         employee_id = excluded.employee_id, status = excluded.status, items_total = excluded.items_total, \
         cost_total = excluded.cost_total, service_charge = excluded.service_charge, total = excluded.total, \
         created_at = excluded.created_at, closed_at = excluded.closed_at \
         WHERE orders.branch_id = excluded.branch_id",
        rows,
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO order_items (order_id, line, product_id, name, qty_milli, unit_price, cost_price, total, cost_total)",
        9,
        "",
        item_rows,
    )
    .await?;
    Ok(makers)
}

async fn apply_payments(
    tx: &mut Tx,
    hub: &HubAuth,
    payments: &[(&SyncEvent, &Payment)],
    counts: &mut Counts,
    deltas: &mut Deltas,
) -> DbResult<Makers> {
    if payments.is_empty() {
        return Ok(Makers::new());
    }
    let ids: Vec<String> = payments.iter().map(|(_, p)| p.id.to_string()).collect();
    /// Branch, version, share and stored maker of a payment.
    type KnownPayment = (String, Version, Option<PaymentShare>, Option<String>);
    let mut known: HashMap<String, KnownPayment> = HashMap::new();
    select_in(
        tx,
        "SELECT id, branch_id, revision, updated_at, created_at, method, status, amount, terminal_id FROM payments \
         WHERE id",
        &ids,
        |r| {
            let created: i64 = r.try_get(4)?;
            let share = PaymentShare {
                hour: created.div_euclid(HOUR_MS),
                method: r.try_get(5)?,
                status: r.try_get(6)?,
                amount: r.try_get(7)?,
            };
            known.insert(r.try_get(0)?, (r.try_get(1)?, version_of(r, 2, 3)?, Some(share), Some(r.try_get(8)?)));
            Ok(())
        },
    )
    .await?;
    let mut winners: HashMap<String, (&SyncEvent, &Payment)> = HashMap::new();
    for &(event, p) in payments {
        let id = p.id.to_string();
        let version = Version { revision: p.revision, updated_at: p.updated_at };
        let current = known.get(&id).map(|(b, v, _, _)| (b.as_str(), *v));
        if !counts.judge(current, hub.branch_id.as_str(), version) {
            continue;
        }
        let share = payment_share(p);
        let entry = known.entry(id.clone()).or_insert_with(|| (hub.branch_id.to_string(), version, None, None));
        if let Some(old) = &entry.2 {
            deltas.payment(hub.branch_id.as_str(), old, -1);
        }
        deltas.payment(hub.branch_id.as_str(), &share, 1);
        entry.1 = version;
        entry.2 = Some(share);
        winners.insert(id, (event, p));
    }
    let found = known.iter().map(|(id, (branch, _, _, maker))| (id, branch.as_str(), maker.as_ref()));
    let makers = makers(hub.branch_id.as_str(), found, &winners);
    let rows: Vec<Vec<Val>> = winners
        .iter()
        .map(|(id, (event, p))| {
            vec![
                Val::T(id.clone()),
                Val::T(hub.business_id.to_string()),
                Val::T(hub.branch_id.to_string()),
                Val::T(event.terminal.to_string()),
                Val::I(i64::from(p.revision)),
                Val::I(p.updated_at.0),
                Val::T(p.order.to_string()),
                Val::T(p.method.code().to_owned()),
                Val::I(p.amount.tiyin()),
                Val::T(p.status.code().to_owned()),
                Val::T(p.employee.to_string()),
                Val::I(p.created_at.0),
            ]
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO payments (id, business_id, branch_id, terminal_id, revision, updated_at, order_id, method, \
         amount, status, employee_id, created_at)",
        12,
        "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, \
         updated_at = excluded.updated_at, order_id = excluded.order_id, method = excluded.method, \
         amount = excluded.amount, status = excluded.status, employee_id = excluded.employee_id, \
         created_at = excluded.created_at WHERE payments.branch_id = excluded.branch_id",
        rows,
    )
    .await?;
    Ok(makers)
}

fn unit_code(u: Unit) -> &'static str {
    match u {
        Unit::Piece => "piece",
        Unit::Kilogram => "kg",
        Unit::Litre => "litre",
    }
}

async fn apply_catalog(tx: &mut Tx, hub: &HubAuth, events: &[&EventBody], counts: &mut Counts) -> DbResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    for (table, pick) in [("products", 0u8), ("employees", 1), ("places", 2)] {
        let of_kind: Vec<&EventBody> = events
            .iter()
            .copied()
            .filter(|e| {
                matches!((e, pick), (EventBody::Product(_), 0) | (EventBody::Employee(_), 1) | (EventBody::Place(_), 2))
            })
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        let ids: Vec<String> = of_kind.iter().map(|e| uuid::Uuid::from_bytes(e.key().id).to_string()).collect();
        let mut known: HashMap<String, (String, Version)> = HashMap::new();
        let head = format!("SELECT id, branch_id, revision, updated_at FROM {table} WHERE id");
        select_in(tx, &head, &ids, |r| {
            known.insert(r.try_get(0)?, (r.try_get(1)?, version_of(r, 2, 3)?));
            Ok(())
        })
        .await?;
        let mut winners: HashMap<String, &EventBody> = HashMap::new();
        for (e, id) in of_kind.iter().zip(ids) {
            let version = e.version();
            if counts.judge(known.get(&id).map(|(b, v)| (b.as_str(), *v)), hub.branch_id.as_str(), version) {
                known.insert(id.clone(), (hub.branch_id.to_string(), version));
                winners.insert(id, e);
            }
        }
        let base = |id: &String, v: Version| {
            vec![
                Val::T(id.clone()),
                Val::T(hub.business_id.to_string()),
                Val::T(hub.branch_id.to_string()),
                Val::I(i64::from(v.revision)),
                Val::I(v.updated_at.0),
            ]
        };
        let mut rows = Vec::with_capacity(winners.len());
        for (id, e) in &winners {
            let mut row = base(id, e.version());
            match e {
                EventBody::Product(p) => row.extend([
                    Val::T(p.name.clone()),
                    Val::T(p.category.clone()),
                    Val::I(p.price.tiyin()),
                    Val::I(p.cost.tiyin()),
                    Val::T(unit_code(p.unit).to_owned()),
                    Val::OptI(match p.stock {
                        Stock::Unlimited => None,
                        Stock::Counted(q) => Some(q.milli()),
                    }),
                    Val::I(i64::from(p.active)),
                ]),
                EventBody::Employee(m) => row.extend([
                    Val::T(m.first_name.clone()),
                    Val::T(m.last_name.clone()),
                    Val::T(m.role.code().to_owned()),
                    Val::I(i64::from(m.active)),
                ]),
                EventBody::Place(p) => {
                    row.extend([Val::T(p.name.clone()), Val::I(i64::from(p.service_bp)), Val::I(i64::from(p.active))])
                }
                EventBody::Order(_)
                | EventBody::Payment(_)
                | EventBody::ParcelScan(_)
                | EventBody::DeskShipment(_)
                | EventBody::ParcelPayment(_) => {}
            }
            rows.push(row);
        }
        let (cols, names, sets) = match pick {
            0 => (
                12,
                "name, category, price, cost, unit, stock_milli, active",
                ["name", "category", "price", "cost", "unit", "stock_milli", "active"].as_slice(),
            ),
            1 => (9, "first_name, last_name, role, active", ["first_name", "last_name", "role", "active"].as_slice()),
            _ => (8, "name, service_bp, active", ["name", "service_bp", "active"].as_slice()),
        };
        let set = sets.iter().map(|c| format!("{c} = excluded.{c}")).collect::<Vec<_>>().join(", ");
        let head = format!("INSERT INTO {table} (id, business_id, branch_id, revision, updated_at, {names})");
        let tail = format!(
            "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, updated_at = excluded.updated_at, {set} \
             WHERE {table}.branch_id = excluded.branch_id"
        );
        insert_rows(tx, &head, cols, &tail, rows).await?;
    }
    Ok(())
}

/// Totals of a business's completed orders and confirmed payments, read
/// from the rollups (the figures the tests compare with what terminals sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Completed orders.
    pub orders: i64,
    /// Their item totals plus service charges, tiyin.
    pub revenue: i64,
    /// Their item costs, tiyin.
    pub cost: i64,
    /// Confirmed payments.
    pub payments: i64,
    /// Their amount, tiyin.
    pub paid: i64,
}

impl Db {
    /// Rollup totals of a business, optionally for one branch.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn totals(&self, business_id: &BusinessId, branch_id: Option<&str>) -> DbResult<Totals> {
        let branch = branch_id.unwrap_or("");
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT), \
             CAST(COALESCE(SUM(items_total + service_charge), 0) AS BIGINT), \
             CAST(COALESCE(SUM(cost_total), 0) AS BIGINT) FROM rollup_orders \
             WHERE business_id = $1 AND status = 'completed' AND ($2 = '' OR branch_id = $2)",
        )
        .bind(business_id)
        .bind(branch)
        .fetch_one(&self.pool)
        .await?;
        let pay = sqlx::query(
            "SELECT CAST(COALESCE(SUM(payments), 0) AS BIGINT), CAST(COALESCE(SUM(amount), 0) AS BIGINT) \
             FROM rollup_payments WHERE business_id = $1 AND status = 'confirmed' AND ($2 = '' OR branch_id = $2)",
        )
        .bind(business_id)
        .bind(branch)
        .fetch_one(&self.pool)
        .await?;
        Ok(Totals {
            orders: row.try_get(0)?,
            revenue: row.try_get(1)?,
            cost: row.try_get(2)?,
            payments: pay.try_get(0)?,
            paid: pay.try_get(1)?,
        })
    }

    /// Counts of raw rows of a business: (orders, order items, payments).
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn raw_counts(&self, business_id: &BusinessId) -> DbResult<(i64, i64, i64)> {
        let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&self.pool)
            .await?;
        let items: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.business_id = $1",
        )
        .bind(business_id)
        .fetch_one(&self.pool)
        .await?;
        let payments: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&self.pool)
            .await?;
        Ok((orders, items, payments))
    }
}
