//! An order's history as the portal shows it: every revision of the order
//! and of its payments, oldest first, with the terminal that made it.

use sqlx::Row as _;

use super::{Scope, name_of, opt_text};
use crate::db::{Db, DbResult};

/// One revision of an order or of one of its payments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    /// `order` or `payment`.
    pub entity: String,
    /// The payment's id (or the order's).
    pub entity_id: String,
    /// 1, 2, …
    pub revision: i64,
    /// When the terminal made it (UTC ms).
    pub changed_at: i64,
    /// The order's or payment's status code at that revision.
    pub status: String,
    /// The order's total, or the payment's amount.
    pub amount: i64,
    /// The order's number of lines (0 for a payment).
    pub lines: i64,
    /// The payment's method code.
    pub method: Option<String>,
    /// The terminal's name (empty when unknown to the cloud).
    pub terminal: String,
    /// Its role code.
    pub role: String,
    /// Its short number.
    pub short: Option<i64>,
    /// The employee on that revision.
    pub employee: String,
}

impl Db {
    /// The history of the order `id` in the scope, oldest first.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn order_history(&self, scope: &Scope, id: &str) -> DbResult<Vec<ChangeRow>> {
        let rows = sqlx::query(
            "SELECT c.entity, c.entity_id, c.revision, c.changed_at, c.status, c.amount, c.lines, c.method, \
             t.name, t.role, t.short_number, e.first_name, e.last_name \
             FROM order_changes c LEFT JOIN terminals t ON t.id = c.terminal_id \
             LEFT JOIN employees e ON e.id = c.employee_id \
             WHERE c.business_id = $1 AND ($2 = '' OR c.branch_id = $2) AND c.order_id = $3 \
             ORDER BY c.changed_at, c.entity DESC, c.revision",
        )
        .bind(&scope.business_id)
        .bind(scope.branch())
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ChangeRow {
                    entity: r.try_get(0)?,
                    entity_id: r.try_get(1)?,
                    revision: r.try_get(2)?,
                    changed_at: r.try_get(3)?,
                    status: r.try_get(4)?,
                    amount: r.try_get(5)?,
                    lines: r.try_get(6)?,
                    method: r.try_get(7)?,
                    terminal: opt_text(r, 8)?,
                    role: opt_text(r, 9)?,
                    short: r.try_get(10)?,
                    employee: name_of(opt_text(r, 11)?, opt_text(r, 12)?),
                })
            })
            .collect()
    }
}
