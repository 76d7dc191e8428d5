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

/// Gives an office a roll of `count` pre-printed labels: serials reserved
/// from the platform's one counter, so no label names two parcels. Returns
/// the roll's first serial and its count.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn add_label_roll(db: &Db, business: &BusinessId, branch: &BranchId, count: u64) -> DbResult<(u64, u64)> {
    let n = i64::try_from(count.max(1)).map_err(|_| crate::db::DbError::Corrupt("too many labels".into()))?;
    let mut tx = db.begin_write().await?;
    let first = crate::cargo::counters::reserve_serials(&mut tx, n).await?;
    let first_i64 = i64::try_from(first).map_err(|_| crate::db::DbError::Corrupt("serial out of range".into()))?;
    sqlx::query(concat!(
        "INSERT INTO cargo_label_rolls (id, business_id, branch_id, first_serial, count, created_at) ",
        "VALUES ($1, $2, $3, $4, $5, $6)"
    ))
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(business)
    .bind(branch)
    .bind(first_i64)
    .bind(n)
    .bind(crate::db::now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((first, count.max(1)))
}
