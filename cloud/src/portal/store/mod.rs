//! What the owner portal reads (its SQL; the figures in [`figures`]): the dashboard's figures from the rollups,
//! and the lists and details of orders, products, employees and payments
//! from the raw rows. Every query is scoped by business (and by branch when
//! the branch selector names one), so an id of another business is simply
//! not found.
//!
//! # Definitions (the same everywhere: dashboard, lists, README)
//! - **Revenue** of a set of orders: over its *completed* orders, items total
//!   (each line's unit price × quantity, rounded half up to the tiyin) plus
//!   service charge. Open, confirmed and cancelled orders bring none.
//! - **Product profit**: over completed orders, items total − the items' cost
//!   (cost price × quantity, rounded the same way).
//! - **Service charge**: over completed orders, the place's (table's) charge.
//! - **Total profit**: product profit + service charge.
//! - **Orders**: every order created in the period, whatever its status.
//! - **Average order**: revenue ÷ completed orders (integer tiyin, rounded
//!   down).
//!
//! A period is `[from, to)` in UTC milliseconds; the portal aligns both ends
//! to midnight in Tashkent, which is also a UTC hour boundary, so the hourly
//! rollups answer it exactly.

pub mod figures;
pub mod history;

use protocol::{OrderStatus, PaymentMethod, PaymentStatus, Role};
use sqlx::Row as _;
use sqlx::any::AnyRow;

pub use figures::*;

use crate::db::{Db, DbResult};

/// An order in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    /// Id.
    pub id: String,
    /// Number on its terminal (#001).
    pub number: i64,
    /// Created (UTC ms).
    pub created_at: i64,
    /// Closed (UTC ms).
    pub closed_at: Option<i64>,
    /// Place name.
    pub place: String,
    /// Employee name.
    pub employee: String,
    /// Employee id.
    pub employee_id: String,
    /// Branch name.
    pub branch: String,
    /// Status code.
    pub status: OrderStatus,
    /// Items total + service charge.
    pub total: i64,
    /// Items total.
    pub items_total: i64,
    /// Service charge.
    pub service_charge: i64,
    /// The short number of the terminal that made it (numbers read `2-015`).
    pub terminal_short: Option<i64>,
}

/// A line of an order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemRow {
    /// Product name at the time of the sale.
    pub name: String,
    /// Quantity, thousandths.
    pub qty_milli: i64,
    /// Unit price.
    pub unit_price: i64,
    /// Line total.
    pub total: i64,
}

/// A payment in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    /// Id.
    pub id: String,
    /// Method code.
    pub method: PaymentMethod,
    /// Status code.
    pub status: PaymentStatus,
    /// Amount.
    pub amount: i64,
    /// Created (UTC ms).
    pub created_at: i64,
    /// Employee name.
    pub employee: String,
    /// Branch name.
    pub branch: String,
    /// The order it pays.
    pub order_id: String,
    /// That order's number.
    pub order_number: Option<i64>,
    /// The short number of the terminal that made that order.
    pub order_short: Option<i64>,
}

/// A product in the grid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Price.
    pub price: i64,
    /// Unit code.
    pub unit: String,
    /// Stock, thousandths; `None` = unlimited.
    pub stock_milli: Option<i64>,
    /// Active.
    pub active: bool,
    /// Sold (completed orders, all time), thousandths.
    pub sold_milli: i64,
    /// Revenue (completed orders, all time).
    pub revenue: i64,
}

/// An employee in the list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployeeRow {
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Role code.
    pub role: Option<Role>,
    /// Active.
    pub active: bool,
    /// Branch name.
    pub branch: String,
    /// All-time figures.
    pub figures: EmployeeFigures,
}

/// A page of a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paged<T> {
    /// The rows.
    pub rows: Vec<T>,
    /// How many match in all.
    pub total: i64,
}

/// Filters of the orders list.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter {
    /// Status code, or empty for all.
    pub status: String,
    /// An order number, or `None`.
    pub number: Option<i64>,
    /// The short number of the terminal that made it (`2-015` searched), or `None`.
    pub short: Option<i64>,
    /// Period, or every order.
    pub period: Option<Period>,
}

/// Filters of the payments list.
#[derive(Debug, Clone, Default)]
pub struct PaymentFilter {
    /// Status code, or empty.
    pub status: String,
    /// Method code, or empty.
    pub method: String,
    /// Period, or every payment.
    pub period: Option<Period>,
}

/// Totals of the payments list ("Jami o'tkazmalar soni", "Jami summa").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaymentTotals {
    /// Payments matching the filter.
    pub count: i64,
    /// Sum of the confirmed ones among them.
    pub confirmed_amount: i64,
}

/// A stored code parsed back into its protocol enum; an unknown one is
/// damaged data.
fn parsed<T>(row: &AnyRow, i: usize, parse: fn(&str) -> Option<T>) -> DbResult<T> {
    let code: String = row.try_get(i)?;
    parse(&code).ok_or_else(|| crate::db::DbError::Corrupt(format!("unknown code {code:?}")))
}

fn opt_text(row: &AnyRow, i: usize) -> DbResult<String> {
    Ok(row.try_get::<Option<String>, _>(i)?.unwrap_or_default())
}

fn name_of(first: String, last: String) -> String {
    format!("{first} {last}").trim().to_owned()
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.created_at, o.closed_at, p.name, e.first_name, e.last_name, \
     o.employee_id, b.name, o.status, o.items_total + o.service_charge, o.items_total, o.service_charge, \
     tm.short_number";

const ORDER_JOINS: &str = "FROM orders o LEFT JOIN places p ON p.id = o.place_id \
     LEFT JOIN employees e ON e.id = o.employee_id JOIN branches b ON b.id = o.branch_id \
     LEFT JOIN terminals tm ON tm.id = o.terminal_id";

fn order_from(r: &AnyRow) -> DbResult<OrderRow> {
    Ok(OrderRow {
        id: r.try_get(0)?,
        number: r.try_get(1)?,
        created_at: r.try_get(2)?,
        closed_at: r.try_get(3)?,
        place: opt_text(r, 4)?,
        employee: name_of(opt_text(r, 5)?, opt_text(r, 6)?),
        employee_id: r.try_get(7)?,
        branch: r.try_get(8)?,
        status: parsed::<OrderStatus>(r, 9, OrderStatus::from_code)?,
        total: r.try_get(10)?,
        items_total: r.try_get(11)?,
        service_charge: r.try_get(12)?,
        terminal_short: r.try_get(13)?,
    })
}

const PAYMENT_COLUMNS: &str = "y.id, y.method, y.status, y.amount, y.created_at, e.first_name, e.last_name, b.name, \
     y.order_id, o.number, otm.short_number";

const PAYMENT_JOINS: &str = "FROM payments y LEFT JOIN employees e ON e.id = y.employee_id \
     JOIN branches b ON b.id = y.branch_id LEFT JOIN orders o ON o.id = y.order_id \
     LEFT JOIN terminals otm ON otm.id = o.terminal_id";

fn payment_from(r: &AnyRow) -> DbResult<PaymentRow> {
    Ok(PaymentRow {
        id: r.try_get(0)?,
        method: parsed(r, 1, PaymentMethod::from_code)?,
        status: parsed(r, 2, PaymentStatus::from_code)?,
        amount: r.try_get(3)?,
        created_at: r.try_get(4)?,
        employee: name_of(opt_text(r, 5)?, opt_text(r, 6)?),
        branch: r.try_get(7)?,
        order_id: r.try_get(8)?,
        order_number: r.try_get(9)?,
        order_short: r.try_get(10)?,
    })
}

impl Db {
    /// A page of orders, newest first.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn orders_page(
        &self,
        scope: &Scope,
        filter: &OrderFilter,
        offset: i64,
        limit: i64,
    ) -> DbResult<Paged<OrderRow>> {
        let (from, to) = filter.period.map_or((i64::MIN, i64::MAX), |p| (p.from_ms, p.to_ms));
        let number = filter.number.unwrap_or(-1);
        let short = filter.short.unwrap_or(-1);
        let cond = "o.business_id = $1 AND ($2 = '' OR o.branch_id = $2) AND ($3 = '' OR o.status = $3) \
             AND ($4 < 0 OR o.number = $4) AND o.created_at >= $5 AND o.created_at < $6 \
             AND ($7 < 0 OR o.terminal_id IN (SELECT id FROM terminals WHERE short_number = $7 AND branch_id = o.branch_id))";
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM orders o WHERE {cond}")))
            .bind(&scope.business_id)
            .bind(scope.branch())
            .bind(&filter.status)
            .bind(number)
            .bind(from)
            .bind(to)
            .bind(short)
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} {ORDER_JOINS} WHERE {cond} ORDER BY o.created_at DESC, o.id LIMIT $8 OFFSET $9"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(&filter.status)
        .bind(number)
        .bind(from)
        .bind(to)
        .bind(short)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok(Paged { rows: rows.iter().map(order_from).collect::<DbResult<_>>()?, total })
    }

    /// One order of the business with its lines and payments.
    ///
    /// # Errors
    /// [`super::DbError::NotFound`] when it is not in the scope.
    pub async fn order_detail(&self, scope: &Scope, id: &str) -> DbResult<(OrderRow, Vec<ItemRow>, Vec<PaymentRow>)> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} {ORDER_JOINS} WHERE o.business_id = $1 AND ($2 = '' OR o.branch_id = $2) \
             AND o.id = $3"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let order = order_from(&row)?;
        let items =
            sqlx::query("SELECT name, qty_milli, unit_price, total FROM order_items WHERE order_id = $1 ORDER BY line")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(ItemRow {
                        name: r.try_get(0)?,
                        qty_milli: r.try_get(1)?,
                        unit_price: r.try_get(2)?,
                        total: r.try_get(3)?,
                    })
                })
                .collect::<DbResult<Vec<_>>>()?;
        let payments = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PAYMENT_COLUMNS} {PAYMENT_JOINS} WHERE y.business_id = $1 AND y.order_id = $2 ORDER BY y.created_at"
        )))
        .bind(&scope.business_id)
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(payment_from)
        .collect::<DbResult<Vec<_>>>()?;
        Ok((order, items, payments))
    }

    /// The newest orders of a period.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn recent_orders(&self, scope: &Scope, period: Period, limit: i64) -> DbResult<Vec<OrderRow>> {
        // The newest rows first (by the created index), then their names.
        let joins = ORDER_JOINS.replacen(
            "FROM orders o",
            "FROM (SELECT * FROM orders WHERE business_id = $1 AND ($2 = '' OR branch_id = $2) \
             AND created_at >= $3 AND created_at < $4 ORDER BY created_at DESC, id LIMIT $5) o",
            1,
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {ORDER_COLUMNS} {joins} ORDER BY o.created_at DESC, o.id"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(period.from_ms)
        .bind(period.to_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(order_from).collect()
    }

    /// A page of payments, newest first, with the totals of the filter.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn payments_page(
        &self,
        scope: &Scope,
        filter: &PaymentFilter,
        offset: i64,
        limit: i64,
    ) -> DbResult<(Paged<PaymentRow>, PaymentTotals)> {
        let (from, to) = filter.period.map_or((i64::MIN, i64::MAX), |p| (p.from_ms, p.to_ms));
        let cond = "y.business_id = $1 AND ($2 = '' OR y.branch_id = $2) AND ($3 = '' OR y.status = $3) \
             AND ($4 = '' OR y.method = $4) AND y.created_at >= $5 AND y.created_at < $6";
        let t = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*), CAST(COALESCE(SUM(CASE WHEN y.status = 'confirmed' THEN y.amount ELSE 0 END), 0) AS BIGINT) \
             FROM payments y WHERE {cond}"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(&filter.status)
        .bind(&filter.method)
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        let totals = PaymentTotals { count: t.try_get(0)?, confirmed_amount: t.try_get(1)? };
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PAYMENT_COLUMNS} {PAYMENT_JOINS} WHERE {cond} ORDER BY y.created_at DESC, y.id LIMIT $7 OFFSET $8"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(&filter.status)
        .bind(&filter.method)
        .bind(from)
        .bind(to)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let rows = rows.iter().map(payment_from).collect::<DbResult<Vec<_>>>()?;
        Ok((Paged { rows, total: totals.count }, totals))
    }

    /// One payment of the business.
    ///
    /// # Errors
    /// [`super::DbError::NotFound`] when it is not in the scope.
    pub async fn payment_detail(&self, scope: &Scope, id: &str) -> DbResult<PaymentRow> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {PAYMENT_COLUMNS} {PAYMENT_JOINS} WHERE y.business_id = $1 AND ($2 = '' OR y.branch_id = $2) \
             AND y.id = $3"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        payment_from(&row)
    }

    /// Products, by name, with what they sold (completed orders, all time);
    /// `query` filters by name or category (case-insensitive substring).
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn products_page(
        &self,
        scope: &Scope,
        query: &str,
        offset: i64,
        limit: i64,
    ) -> DbResult<Paged<ProductRow>> {
        let pattern = like_pattern(query);
        let cond = "p.business_id = $1 AND ($2 = '' OR p.branch_id = $2) \
             AND ($3 = '' OR LOWER(p.name) LIKE $3 ESCAPE '\\' OR LOWER(p.category) LIKE $3 ESCAPE '\\')";
        let total: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM products p WHERE {cond}")))
                .bind(&scope.business_id)
                .bind(scope.branch())
                .bind(&pattern)
                .fetch_one(&self.pool)
                .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.id, p.name, p.category, p.price, p.unit, p.stock_milli, p.active, \
             CAST(COALESCE((SELECT SUM(r.qty_milli) FROM rollup_products r WHERE r.product_id = p.id \
               AND r.branch_id = p.branch_id AND r.status = 'completed'), 0) AS BIGINT), \
             CAST(COALESCE((SELECT SUM(r.revenue) FROM rollup_products r WHERE r.product_id = p.id \
               AND r.branch_id = p.branch_id AND r.status = 'completed'), 0) AS BIGINT) \
             FROM products p WHERE {cond} ORDER BY p.name, p.id LIMIT $4 OFFSET $5"
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(&pattern)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(ProductRow {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    category: r.try_get(2)?,
                    price: r.try_get(3)?,
                    unit: r.try_get(4)?,
                    stock_milli: r.try_get(5)?,
                    active: r.try_get::<i64, _>(6)? != 0,
                    sold_milli: r.try_get(7)?,
                    revenue: r.try_get(8)?,
                })
            })
            .collect::<DbResult<Vec<_>>>()?;
        Ok(Paged { rows, total })
    }

    /// Employees, by name, with their all-time figures.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn employees_list(&self, scope: &Scope) -> DbResult<Vec<EmployeeRow>> {
        let rows = sqlx::query(
            "SELECT e.id, e.first_name, e.last_name, e.role, e.active, b.name FROM employees e \
             JOIN branches b ON b.id = e.branch_id WHERE e.business_id = $1 AND ($2 = '' OR e.branch_id = $2) \
             ORDER BY e.first_name, e.last_name, e.id",
        )
        .bind(&scope.business_id)
        .bind(scope.branch())
        .fetch_all(&self.pool)
        .await?;
        let figures = self.employee_figures(scope, None).await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(0)?;
                let figures = figures.iter().find(|f| f.id == id).cloned().unwrap_or_default();
                Ok(EmployeeRow {
                    id,
                    first_name: r.try_get(1)?,
                    last_name: r.try_get(2)?,
                    role: Role::from_code(&opt_text(r, 3)?),
                    active: r.try_get::<i64, _>(4)? != 0,
                    branch: r.try_get(5)?,
                    figures,
                })
            })
            .collect()
    }

    /// One employee of the business with their all-time figures.
    ///
    /// # Errors
    /// [`super::DbError::NotFound`] when not in the scope.
    pub async fn employee_detail(&self, scope: &Scope, id: &str) -> DbResult<EmployeeRow> {
        let r = sqlx::query(
            "SELECT e.id, e.first_name, e.last_name, e.role, e.active, b.name, e.branch_id FROM employees e \
             JOIN branches b ON b.id = e.branch_id \
             WHERE e.business_id = $1 AND ($2 = '' OR e.branch_id = $2) AND e.id = $3",
        )
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let own = Scope { business_id: scope.business_id.clone(), branch_id: Some(r.try_get(6)?) };
        let figures = self.employee_figures(&own, None).await?.into_iter().find(|f| f.id == id).unwrap_or_default();
        Ok(EmployeeRow {
            id: r.try_get(0)?,
            first_name: r.try_get(1)?,
            last_name: r.try_get(2)?,
            role: Role::from_code(&opt_text(&r, 3)?),
            active: r.try_get::<i64, _>(4)? != 0,
            branch: r.try_get(5)?,
            figures,
        })
    }
}

/// `%text%`, lowercased, with `%`, `_` and `\` escaped; empty stays empty.
pub(crate) fn like_pattern(query: &str) -> String {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.chars().take(100) {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("  "), "");
        assert_eq!(like_pattern("Osh"), "%osh%");
        assert_eq!(like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn definitions() {
        let k = Kpis { orders: 5, completed: 3, revenue: 1000, product_profit: 300, service_charge: 100 };
        assert_eq!(k.total_profit(), 400);
        assert_eq!(k.average_order(), 333);
        assert_eq!(Kpis::default().average_order(), 0);
    }
}
