//! The history of orders and payments: every revision a hub synced, kept
//! append-only with the terminal that made it, so the order's page shows who
//! changed what and when (a void or a refund after payment stands out).

use protocol::sync::SyncEvent;
use protocol::{Order, Payment};

use super::Makers;
use crate::branches::store::HubAuth;
use crate::db::{DbResult, Tx, Val, insert_rows};

/// Keeps every revision in `orders` and `payments` that belongs to the hub's
/// branch, as the batch's [`Makers`] tell (an id of another branch's entity
/// is kept out, as its snapshot was). Idempotent: a revision already kept changes nothing. Also puts
/// right the maker of an entity whose first revision arrived after a later
/// one from another terminal (fresh events jump a backlog): the maker is who
/// sent revision 1 (one UPDATE, only in that rare case).
///
/// # Errors
/// [`crate::db::DbError::Sql`].
pub(super) async fn record(
    tx: &mut Tx,
    hub: &HubAuth,
    (orders, order_makers): (&[(&SyncEvent, &Order)], &Makers),
    (payments, payment_makers): (&[(&SyncEvent, &Payment)], &Makers),
) -> DbResult<()> {
    if orders.is_empty() && payments.is_empty() {
        return Ok(());
    }
    let branch = hub.branch_id.to_string();
    let mut rows = Vec::with_capacity(orders.len() + payments.len());
    let mut makers: Vec<(&'static str, String, String)> = Vec::new();
    for (event, o) in orders {
        let id = o.id.to_string();
        let Some(stored_maker) = order_makers.get(&id) else { continue };
        if o.revision == 1 && *stored_maker != event.terminal.to_string() {
            makers.push(("orders", id.clone(), event.terminal.to_string()));
        }
        let total = o.items_total().and_then(|t| t.checked_add(o.service_charge)).map_or(0, |m| m.tiyin());
        let lines = i64::try_from(o.items.len()).unwrap_or(i64::MAX);
        let who = Who { event, employee: o.employee.to_string(), at: o.updated_at.0 };
        rows.push(row(hub, [id.clone(), "order".into(), id], o.revision, &who, o.status.code(), total, lines, None));
    }
    for (event, p) in payments {
        let id = p.id.to_string();
        let Some(stored_maker) = payment_makers.get(&id) else { continue };
        if p.revision == 1 && *stored_maker != event.terminal.to_string() {
            makers.push(("payments", id.clone(), event.terminal.to_string()));
        }
        let who = Who { event, employee: p.employee.to_string(), at: p.updated_at.0 };
        let ids = [p.order.to_string(), "payment".into(), id];
        rows.push(row(hub, ids, p.revision, &who, p.status.code(), p.amount.tiyin(), 0, Some(p.method.code())));
    }
    insert_rows(
        tx,
        "INSERT INTO order_changes (business_id, branch_id, order_id, entity, entity_id, revision, terminal_id, \
         employee_id, changed_at, received_at, status, amount, lines, method)",
        14,
        "ON CONFLICT (branch_id, entity_id, revision) DO NOTHING",
        rows,
    )
    .await?;
    for (table, id, maker) in makers {
        let sql = format!("UPDATE {table} SET terminal_id = $1 WHERE id = $2 AND branch_id = $3");
        sqlx::query(sqlx::AssertSqlSafe(sql)).bind(maker).bind(id).bind(&branch).execute(&mut **tx).await?;
    }
    Ok(())
}

struct Who<'a> {
    event: &'a SyncEvent,
    employee: String,
    at: i64,
}

#[allow(clippy::too_many_arguments)] // one row of the table, column by column
fn row(
    hub: &HubAuth,
    [order, entity, id]: [String; 3],
    revision: u32,
    who: &Who<'_>,
    status: &str,
    amount: i64,
    lines: i64,
    method: Option<&str>,
) -> Vec<Val> {
    vec![
        Val::T(hub.business_id.to_string()),
        Val::T(hub.branch_id.to_string()),
        Val::T(order),
        Val::T(entity),
        Val::T(id),
        Val::I(i64::from(revision)),
        Val::T(who.event.terminal.to_string()),
        Val::T(who.employee.clone()),
        Val::I(who.at),
        Val::I(who.event.received_at.0),
        Val::T(status.to_owned()),
        Val::I(amount),
        Val::I(lines),
        Val::OptT(method.map(str::to_owned)),
    ]
}
