//! The rollups a batch changes, kept exact by difference: what one order or
//! payment snapshot contributes, the deltas a batch adds up, and writing
//! them (see [`super`]'s doc).

use std::collections::HashMap;

use protocol::{Order, Payment};

use super::{HOUR_MS, Val, insert_rows};
use crate::branches::store::HubAuth;
use crate::db::{DbResult, Tx};

/// One product line's share of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Line {
    pub(super) product: String,
    /// The name it was sold under (the business-wide product rollup's key).
    pub(super) name: String,
    pub(super) qty: i64,
    pub(super) total: i64,
    pub(super) cost: i64,
}

/// What one stored order snapshot adds to the rollups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OrderShare {
    pub(super) hour: i64,
    pub(super) employee: String,
    pub(super) status: String,
    pub(super) items_total: i64,
    pub(super) cost_total: i64,
    pub(super) service_charge: i64,
    pub(super) lines: Vec<Line>,
}

pub(super) type OrderKey = (String, i64, String, String);

/// Columns of a `rollup_days` row after its key: orders, completed, items
/// total, cost total, service charge, then orders in each hour of the day.
pub(super) const DAY_COLS: usize = 5 + 24;

#[derive(Debug, Default)]
pub(super) struct Deltas {
    pub(super) orders: HashMap<OrderKey, [i64; 4]>,
    pub(super) products: HashMap<OrderKey, [i64; 3]>,
    pub(super) payments: HashMap<OrderKey, [i64; 2]>,
    /// (branch, Tashkent day).
    pub(super) days: HashMap<(String, i64), [i64; DAY_COLS]>,
    /// (branch, Tashkent day, product id) and (`*`, day, product name):
    /// completed orders only.
    pub(super) product_days: HashMap<(String, i64, String), [i64; 3]>,
}

/// Tashkent (UTC+5 all year) day and hour of the day of a UTC epoch hour.
pub(super) fn tashkent_day_hour(utc_hour: i64) -> (i64, usize) {
    let local = utc_hour + 5;
    (local.div_euclid(24), usize::try_from(local.rem_euclid(24)).unwrap_or(0))
}

/// Adds `sign × value` to a delta. Validated events keep every figure far
/// inside `i64` (`protocol::event::MAX_ORDER_TOTAL`); saturating arithmetic
/// keeps a record stored before those bounds from wrapping a sum silently.
fn add(slot: &mut i64, sign: i64, value: i64) {
    *slot = slot.saturating_add(sign.saturating_mul(value));
}

impl Deltas {
    pub(super) fn order(&mut self, branch: &str, share: &OrderShare, sign: i64) {
        let key = (branch.to_owned(), share.hour, share.employee.clone(), share.status.clone());
        let e = self.orders.entry(key).or_default();
        add(&mut e[0], sign, 1);
        add(&mut e[1], sign, share.items_total);
        add(&mut e[2], sign, share.cost_total);
        add(&mut e[3], sign, share.service_charge);
        for line in &share.lines {
            let key = (branch.to_owned(), share.hour, line.product.clone(), share.status.clone());
            let e = self.products.entry(key).or_default();
            add(&mut e[0], sign, line.qty);
            add(&mut e[1], sign, line.total);
            add(&mut e[2], sign, line.cost);
        }
        let (day, hour) = tashkent_day_hour(share.hour);
        let completed = share.status == "completed";
        let d = self.days.entry((branch.to_owned(), day)).or_insert([0; DAY_COLS]);
        add(&mut d[0], sign, 1);
        if completed {
            add(&mut d[1], sign, 1);
            add(&mut d[2], sign, share.items_total);
            add(&mut d[3], sign, share.cost_total);
            add(&mut d[4], sign, share.service_charge);
            for line in &share.lines {
                // Per branch by product; business-wide by the name sold
                // under (the same dish in three cafés is one line).
                for key in [(branch, &line.product), ("*", &line.name)] {
                    let e = self.product_days.entry((key.0.to_owned(), day, key.1.clone())).or_default();
                    add(&mut e[0], sign, line.qty);
                    add(&mut e[1], sign, line.total);
                    add(&mut e[2], sign, line.cost);
                }
            }
        }
        if let Some(h) = d.get_mut(5 + hour) {
            add(h, sign, 1);
        }
    }

    pub(super) fn payment(&mut self, branch: &str, share: &PaymentShare, sign: i64) {
        let key = (branch.to_owned(), share.hour, share.method.clone(), share.status.clone());
        let e = self.payments.entry(key).or_default();
        add(&mut e[0], sign, 1);
        add(&mut e[1], sign, share.amount);
    }
}

pub(super) fn order_share(o: &Order) -> OrderShare {
    let lines = o
        .items
        .iter()
        .map(|i| Line {
            product: i.product.to_string(),
            name: i.name.clone(),
            qty: i.qty.milli(),
            total: i.total().map_or(0, |m| m.tiyin()),
            cost: i.cost_total().map_or(0, |m| m.tiyin()),
        })
        .collect();
    OrderShare {
        hour: o.created_at.0.div_euclid(HOUR_MS),
        employee: o.employee.to_string(),
        status: o.status.code().to_owned(),
        items_total: o.items_total().map_or(0, |m| m.tiyin()),
        cost_total: o.cost_total().map_or(0, |m| m.tiyin()),
        service_charge: o.service_charge.tiyin(),
        lines,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PaymentShare {
    pub(super) hour: i64,
    pub(super) method: String,
    pub(super) status: String,
    pub(super) amount: i64,
}

pub(super) fn payment_share(p: &Payment) -> PaymentShare {
    PaymentShare {
        hour: p.created_at.0.div_euclid(HOUR_MS),
        method: p.method.code().to_owned(),
        status: p.status.code().to_owned(),
        amount: p.amount.tiyin(),
    }
}

/// The rows of a rollup delta map that change something: each key's
/// columns, then its values.
pub(super) fn delta_rows<K, const N: usize>(
    deltas: &HashMap<K, [i64; N]>,
    key: impl Fn(&K) -> Vec<Val>,
) -> Vec<Vec<Val>> {
    deltas
        .iter()
        .filter(|(_, v)| v.iter().any(|x| *x != 0))
        .map(|(k, v)| {
            let mut r = key(k);
            r.extend(v.iter().map(|x| Val::I(*x)));
            r
        })
        .collect()
}

pub(super) async fn write_rollups(tx: &mut Tx, hub: &HubAuth, deltas: &Deltas) -> DbResult<()> {
    let key_row = |k: &OrderKey| {
        vec![
            Val::T(k.0.clone()),
            Val::I(k.1),
            Val::T(k.2.clone()),
            Val::T(k.3.clone()),
            Val::T(hub.business_id.to_string()),
        ]
    };
    let rows = delta_rows(&deltas.orders, key_row);
    insert_rows(
        tx,
        "INSERT INTO rollup_orders (branch_id, hour, employee_id, status, business_id, orders, items_total, cost_total, \
         service_charge)",
        9,
        "ON CONFLICT (branch_id, hour, employee_id, status) DO UPDATE SET orders = rollup_orders.orders + excluded.orders, \
         items_total = rollup_orders.items_total + excluded.items_total, \
         cost_total = rollup_orders.cost_total + excluded.cost_total, \
         service_charge = rollup_orders.service_charge + excluded.service_charge",
        rows,
    )
    .await?;
    let rows = delta_rows(&deltas.products, key_row);
    insert_rows(
        tx,
        "INSERT INTO rollup_products (branch_id, hour, product_id, status, business_id, qty_milli, revenue, cost)",
        8,
        "ON CONFLICT (branch_id, hour, product_id, status) DO UPDATE SET \
         qty_milli = rollup_products.qty_milli + excluded.qty_milli, \
         revenue = rollup_products.revenue + excluded.revenue, cost = rollup_products.cost + excluded.cost",
        rows,
    )
    .await?;
    let rows = delta_rows(&deltas.payments, key_row);
    insert_rows(
        tx,
        "INSERT INTO rollup_payments (branch_id, hour, method, status, business_id, payments, amount)",
        7,
        "ON CONFLICT (branch_id, hour, method, status) DO UPDATE SET \
         payments = rollup_payments.payments + excluded.payments, amount = rollup_payments.amount + excluded.amount",
        rows,
    )
    .await?;
    let rows = delta_rows(&deltas.days, |(branch, day)| {
        vec![Val::T(branch.clone()), Val::I(*day), Val::T(hub.business_id.to_string())]
    });
    let hours: Vec<String> = (0..24).map(|h| format!("h{h:02}")).collect();
    let add = |c: &str| format!("{c} = rollup_days.{c} + excluded.{c}");
    let updates: Vec<String> = ["orders", "completed", "items_total", "cost_total", "service_charge"]
        .into_iter()
        .map(add)
        .chain(hours.iter().map(|h| add(h)))
        .collect();
    insert_rows(
        tx,
        &format!(
            "INSERT INTO rollup_days (branch_id, day, business_id, orders, completed, items_total, cost_total, \
             service_charge, {})",
            hours.join(", ")
        ),
        3 + DAY_COLS,
        &format!("ON CONFLICT (branch_id, day) DO UPDATE SET {}", updates.join(", ")),
        rows,
    )
    .await?;
    let rows = delta_rows(&deltas.product_days, |(branch, day, product)| {
        vec![Val::T(branch.clone()), Val::I(*day), Val::T(product.clone()), Val::T(hub.business_id.to_string())]
    });
    insert_rows(
        tx,
        "INSERT INTO rollup_product_days (branch_id, day, product_id, business_id, qty_milli, revenue, cost)",
        7,
        "ON CONFLICT (business_id, branch_id, day, product_id) DO UPDATE SET \
         qty_milli = rollup_product_days.qty_milli + excluded.qty_milli, \
         revenue = rollup_product_days.revenue + excluded.revenue, cost = rollup_product_days.cost + excluded.cost",
        rows,
    )
    .await?;
    Ok(())
}
