//! A courier company's offices: branches with a short code and the district
//! they serve from. Shipments are routed to the office in the receiver's
//! district, else the first one of the region.

use sqlx::Row as _;

use crate::db::{Db, DbResult};
use crate::ids::{BranchId, BusinessId};

/// An office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Its branch.
    pub branch_id: BranchId,
    /// Short code printed on waybills ("URGANCH").
    pub code: String,
    /// Region (SOATO).
    pub region: String,
    /// District (SOATO).
    pub district: String,
}

/// Makes `branch` (of `business`) an office.
///
/// # Errors
/// [`crate::db::DbError::Conflict`] for a code the company already uses.
pub async fn add_office(
    db: &Db,
    business: &BusinessId,
    branch: &BranchId,
    code: &str,
    region: &str,
    district: &str,
) -> DbResult<()> {
    sqlx::query(concat!(
        "INSERT INTO cargo_offices (branch_id, business_id, code, region_soato, district_soato, created_at) ",
        "VALUES ($1, $2, $3, $4, $5, $6)"
    ))
    .bind(branch)
    .bind(business)
    .bind(code)
    .bind(region)
    .bind(district)
    .bind(crate::db::now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The company's offices, oldest first.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn offices(db: &Db, business: &BusinessId) -> DbResult<Vec<Office>> {
    let rows = sqlx::query(
        "SELECT branch_id, code, region_soato, district_soato FROM cargo_offices WHERE business_id = $1 ORDER BY created_at, code",
    )
    .bind(business)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let id: String = r.try_get(0)?;
            Ok(Office {
                branch_id: BranchId::parse(&id)
                    .ok_or_else(|| crate::db::DbError::Corrupt(format!("branch id {id:?}")))?,
                code: r.try_get(1)?,
                region: r.try_get(2)?,
                district: r.try_get(3)?,
            })
        })
        .collect()
}
