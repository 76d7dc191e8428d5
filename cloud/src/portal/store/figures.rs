//! The figures the portal shows, defined once: the types, and the queries
//! that read them from the rollups (definitions in [`super`]'s doc).

use protocol::Role;
use sqlx::Row as _;

use super::{name_of, opt_text};
use crate::db::{Db, DbResult};
use crate::ids::{BranchId, BusinessId};

/// Which part of a business a page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The owner's business.
    pub business_id: BusinessId,
    /// One branch (already checked to be the business's), or every branch.
    pub branch_id: Option<BranchId>,
}

impl Scope {
    pub(super) fn branch(&self) -> &str {
        self.branch_id.as_deref().unwrap_or("")
    }
}

/// `[from_ms, to_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Start, inclusive (UTC ms).
    pub from_ms: i64,
    /// End, exclusive (UTC ms).
    pub to_ms: i64,
}

const HOUR_MS: i64 = 3_600_000;

const TASHKENT_MS: i64 = 5 * HOUR_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

impl Period {
    pub(super) fn hours(self) -> (i64, i64) {
        (self.from_ms.div_euclid(HOUR_MS), self.to_ms.div_euclid(HOUR_MS))
    }

    /// `[from, to)` in Tashkent days (the daily rollups' key); a period that
    /// does not start at a Tashkent midnight starts at the day it falls in.
    pub(super) fn days(self) -> (i64, i64) {
        ((self.from_ms + TASHKENT_MS).div_euclid(DAY_MS), (self.to_ms + TASHKENT_MS).div_euclid(DAY_MS))
    }
}

/// The dashboard's headline figures for a period (see the module's
/// definitions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kpis {
    /// Orders created, any status.
    pub orders: i64,
    /// Completed orders.
    pub completed: i64,
    /// Revenue.
    pub revenue: i64,
    /// Product profit.
    pub product_profit: i64,
    /// Service charge.
    pub service_charge: i64,
}

impl Kpis {
    /// Product profit + service charge.
    #[must_use]
    pub fn total_profit(&self) -> i64 {
        self.product_profit + self.service_charge
    }

    /// Revenue ÷ completed orders.
    #[must_use]
    pub fn average_order(&self) -> i64 {
        if self.completed == 0 { 0 } else { self.revenue / self.completed }
    }
}

/// One employee's figures in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmployeeFigures {
    /// Id.
    pub id: String,
    /// "Ism Familiya", or empty when the employee has not synced yet.
    pub name: String,
    /// Role code.
    pub role: Option<Role>,
    /// Orders taken, any status.
    pub orders: i64,
    /// Completed orders.
    pub completed: i64,
    /// Revenue.
    pub revenue: i64,
}

impl EmployeeFigures {
    /// Revenue ÷ completed orders.
    #[must_use]
    pub fn average_order(&self) -> i64 {
        if self.completed == 0 { 0 } else { self.revenue / self.completed }
    }
}

/// One product's figures over completed orders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductFigures {
    /// Id.
    pub id: String,
    /// Name (empty when the product has not synced yet).
    pub name: String,
    /// Category.
    pub category: String,
    /// Quantity sold, thousandths.
    pub qty_milli: i64,
    /// Revenue from it.
    pub revenue: i64,
    /// Its cost.
    pub cost: i64,
}

impl Db {
    /// The headline figures of a period (whole Tashkent days), from the
    /// daily rollups.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn kpis(&self, scope: &Scope, period: Period) -> DbResult<Kpis> {
        let (from, to) = period.days();
        let r = sqlx::query(
            "SELECT CAST(COALESCE(SUM(orders), 0) AS BIGINT), CAST(COALESCE(SUM(completed), 0) AS BIGINT), \
             CAST(COALESCE(SUM(items_total), 0) AS BIGINT), CAST(COALESCE(SUM(cost_total), 0) AS BIGINT), \
             CAST(COALESCE(SUM(service_charge), 0) AS BIGINT) FROM rollup_days \
             WHERE business_id = $1 AND ($2 = '' OR branch_id = $2) AND day >= $3 AND day < $4",
        )
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        let (items, cost, service): (i64, i64, i64) = (r.try_get(2)?, r.try_get(3)?, r.try_get(4)?);
        Ok(Kpis {
            orders: r.try_get(0)?,
            completed: r.try_get(1)?,
            revenue: items + service,
            product_profit: items - cost,
            service_charge: service,
        })
    }

    /// Orders created per hour of the day in Tashkent (index 0 = 00:00–01:00)
    /// over a period of whole Tashkent days.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn orders_by_hour(&self, scope: &Scope, period: Period) -> DbResult<[i64; 24]> {
        let (from, to) = period.days();
        let sums: Vec<String> = (0..24).map(|h| format!("CAST(COALESCE(SUM(h{h:02}), 0) AS BIGINT)")).collect();
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM rollup_days WHERE business_id = $1 AND ($2 = '' OR branch_id = $2) \
             AND day >= $3 AND day < $4",
            sums.join(", ")
        )))
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(from)
        .bind(to)
        .fetch_one(&self.pool)
        .await?;
        let mut out = [0_i64; 24];
        for (h, slot) in out.iter_mut().enumerate() {
            *slot = r.try_get(h)?;
        }
        Ok(out)
    }

    /// Per-employee figures of a period (or all time with `None`), most
    /// revenue first.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn employee_figures(&self, scope: &Scope, period: Option<Period>) -> DbResult<Vec<EmployeeFigures>> {
        let (from, to) = period.map_or((i64::MIN, i64::MAX), Period::hours);
        let rows = sqlx::query(
            "SELECT r.employee_id, MAX(e.first_name), MAX(e.last_name), MAX(e.role), CAST(SUM(r.orders) AS BIGINT), \
             CAST(SUM(CASE WHEN r.status = 'completed' THEN r.orders ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN r.status = 'completed' THEN r.items_total + r.service_charge ELSE 0 END) AS BIGINT) \
             FROM rollup_orders r LEFT JOIN employees e ON e.id = r.employee_id \
             WHERE r.business_id = $1 AND ($2 = '' OR r.branch_id = $2) AND r.hour >= $3 AND r.hour < $4 \
             GROUP BY r.employee_id",
        )
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(EmployeeFigures {
                    id: r.try_get(0)?,
                    name: name_of(opt_text(r, 1)?, opt_text(r, 2)?),
                    role: Role::from_code(&opt_text(r, 3)?),
                    orders: r.try_get(4)?,
                    completed: r.try_get(5)?,
                    revenue: r.try_get(6)?,
                })
            })
            .collect::<DbResult<Vec<_>>>()?;
        out.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.name.cmp(&b.name)));
        Ok(out)
    }

    /// Per-product figures over completed orders of a period (or all time),
    /// most revenue first. For one branch a row is a product (`id` its id);
    /// for every branch a row is a name sold under (`id` = the name), so the
    /// same dish in several branches counts once.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn product_figures(&self, scope: &Scope, period: Option<Period>) -> DbResult<Vec<ProductFigures>> {
        let (from, to) = period.map_or((i64::MIN, i64::MAX), Period::days);
        // One branch: per product, its name and category from the catalog.
        // Every branch: the business-wide rows (branch '*'), keyed by the
        // name sold under, with the category that name has in the catalog.
        const SUMS: &str = "(SELECT product_id, CAST(SUM(qty_milli) AS BIGINT) AS qty, \
             CAST(SUM(revenue) AS BIGINT) AS revenue, CAST(SUM(cost) AS BIGINT) AS cost FROM rollup_product_days \
             WHERE business_id = $1 AND branch_id = $2 AND day >= $3 AND day < $4 GROUP BY product_id) r";
        let sql = if scope.branch_id.is_some() {
            format!(
                "SELECT r.product_id, p.name, p.category, r.qty, r.revenue, r.cost FROM {SUMS} \
                 LEFT JOIN products p ON p.id = r.product_id"
            )
        } else {
            format!(
                "SELECT r.product_id, r.product_id, \
                 (SELECT MAX(p.category) FROM products p WHERE p.business_id = $1 AND p.name = r.product_id), \
                 r.qty, r.revenue, r.cost FROM {SUMS}"
            )
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&scope.business_id)
            .bind(scope.branch_id.as_deref().unwrap_or("*"))
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(ProductFigures {
                    id: r.try_get(0)?,
                    name: opt_text(r, 1)?,
                    category: opt_text(r, 2)?,
                    qty_milli: r.try_get(3)?,
                    revenue: r.try_get(4)?,
                    cost: r.try_get(5)?,
                })
            })
            .collect::<DbResult<Vec<_>>>()?;
        out.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.name.cmp(&b.name)));
        Ok(out)
    }
}
