//! The company's tariff: zones, weight bands, services.

use std::collections::{BTreeMap, HashMap};

use sqlx::Row as _;

use crate::cargo::pricing::Tariff;
use crate::db::{Db, DbError, DbResult, Tx, Val, insert_rows};
use crate::ids::BusinessId;

impl Db {
    /// The company's tariff; `None` when it has none yet.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn cargo_tariff(&self, business: &BusinessId) -> DbResult<Option<Tariff>> {
        let Some(t) = sqlx::query(concat!(
            "SELECT per_kg_over, volumetric_divisor, pickup_price, door_price, photo_report_price, ",
            "return_documents_price, cod_fee_bp, declared_value_bp FROM cargo_tariffs WHERE business_id = $1"
        ))
        .bind(business)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let mut zones = HashMap::new();
        for r in sqlx::query("SELECT from_region, to_region, zone FROM cargo_zones WHERE business_id = $1")
            .bind(business)
            .fetch_all(&self.pool)
            .await?
        {
            zones.insert((r.try_get(0)?, r.try_get(1)?), r.try_get(2)?);
        }
        let mut rates: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT zone, max_weight_g, price FROM cargo_rates WHERE business_id = $1 ORDER BY zone, max_weight_g",
        )
        .bind(business)
        .fetch_all(&self.pool)
        .await?
        {
            rates.entry(r.try_get(0)?).or_default().push((r.try_get(1)?, r.try_get(2)?));
        }
        Ok(Some(Tariff {
            zones,
            rates,
            per_kg_over: t.try_get(0)?,
            volumetric_divisor: t.try_get(1)?,
            pickup_price: t.try_get(2)?,
            door_price: t.try_get(3)?,
            photo_report_price: t.try_get(4)?,
            return_documents_price: t.try_get(5)?,
            cod_fee_bp: t.try_get(6)?,
            declared_value_bp: t.try_get(7)?,
        }))
    }

    /// The version (last save's time) of the company's tariff; `None`
    /// without one.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn cargo_tariff_version(&self, business: &BusinessId) -> DbResult<Option<i64>> {
        Ok(sqlx::query_scalar::<_, i64>("SELECT updated_at FROM cargo_tariffs WHERE business_id = $1")
            .bind(business)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Replaces the company's tariff whole.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn set_cargo_tariff(&self, business: &BusinessId, t: &Tariff, at: i64) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        write_tariff(&mut tx, business, t, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces the company's tariff whole if it is still at `expected`
    /// (the version the editor loaded; `None`: there was none), and returns
    /// the new version; [`DbError::Conflict`] when someone saved meanwhile,
    /// with nothing changed. The new version is later than the one it
    /// replaces even if clocks disagree.
    ///
    /// # Errors
    /// [`DbError::Conflict`], [`DbError`].
    pub async fn replace_cargo_tariff(
        &self,
        business: &BusinessId,
        t: &Tariff,
        expected: Option<i64>,
        now: i64,
    ) -> DbResult<i64> {
        let mut tx = self.begin_write().await?;
        // Lock the row (a no-op write) so two saves are serialised.
        sqlx::query("UPDATE cargo_tariffs SET updated_at = updated_at WHERE business_id = $1")
            .bind(business)
            .execute(&mut *tx)
            .await?;
        let current = sqlx::query_scalar::<_, i64>("SELECT updated_at FROM cargo_tariffs WHERE business_id = $1")
            .bind(business)
            .fetch_optional(&mut *tx)
            .await?;
        if current != expected {
            return Err(DbError::Conflict);
        }
        let at = current.map_or(now, |c| now.max(c.saturating_add(1)));
        write_tariff(&mut tx, business, t, at).await?;
        tx.commit().await?;
        Ok(at)
    }
}

/// Replaces the tariff's rows inside `tx`.
async fn write_tariff(tx: &mut Tx, business: &BusinessId, t: &Tariff, at: i64) -> DbResult<()> {
    for table in [
        "DELETE FROM cargo_zones WHERE business_id = $1",
        "DELETE FROM cargo_rates WHERE business_id = $1",
        "DELETE FROM cargo_tariffs WHERE business_id = $1",
    ] {
        sqlx::query(table).bind(business).execute(&mut **tx).await?;
    }
    let zones: Vec<Vec<Val>> = t
        .zones
        .iter()
        .map(|((f, to), z)| vec![Val::T(business.to_string()), Val::T(f.clone()), Val::T(to.clone()), Val::I(*z)])
        .collect();
    insert_rows(tx, "INSERT INTO cargo_zones (business_id, from_region, to_region, zone)", 4, "", zones).await?;
    let rates: Vec<Vec<Val>> = t
        .rates
        .iter()
        .flat_map(|(z, bands)| {
            bands.iter().map(move |(w, p)| vec![Val::T(business.to_string()), Val::I(*z), Val::I(*w), Val::I(*p)])
        })
        .collect();
    insert_rows(tx, "INSERT INTO cargo_rates (business_id, zone, max_weight_g, price)", 4, "", rates).await?;
    sqlx::query(concat!(
        "INSERT INTO cargo_tariffs (business_id, per_kg_over, volumetric_divisor, pickup_price, door_price, ",
        "photo_report_price, return_documents_price, cod_fee_bp, declared_value_bp, updated_at) ",
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(business)
    .bind(t.per_kg_over)
    .bind(t.volumetric_divisor)
    .bind(t.pickup_price)
    .bind(t.door_price)
    .bind(t.photo_report_price)
    .bind(t.return_documents_price)
    .bind(t.cod_fee_bp)
    .bind(t.declared_value_bp)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
