//! Billing's SQL: subscriptions and their tariffs, payment settings;
//! invoices and payments in [`invoices`].

pub mod cards;
pub mod click;
pub mod invoices;
pub mod multicard;
pub mod payme;

use sqlx::Row as _;

use super::lifecycle::{self, Access, Status};
use crate::db::{Db, DbError, DbResult, Tx};
use crate::ids::{BranchId, BusinessId};

/// The business's subscription and what it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Tariff code.
    pub tariff_code: String,
    /// Tariff name.
    pub tariff_name: String,
    /// The stored state (the time decides expiry: see [`Self::at`]).
    pub state: lifecycle::Subscription,
    /// Why an administrator suspended it.
    pub suspended_reason: Option<String>,
    /// Most branches.
    pub max_branches: i64,
    /// Most active terminals per branch.
    pub max_terminals: i64,
}

impl Subscription {
    /// The state at `now` (a trial or a paid time past its end is expired).
    #[must_use]
    pub fn at(&self, now: i64) -> lifecycle::Subscription {
        self.state.at(now)
    }

    /// The status at `now`.
    #[must_use]
    pub fn status(&self, now: i64) -> Status {
        self.state.at(now).status
    }

    /// End of the trial or of the paid time.
    #[must_use]
    pub fn ends_at(&self) -> i64 {
        self.state.ends_at
    }

    /// What the business may do at `now`.
    #[must_use]
    pub fn access(&self, now: i64, grace_ms: i64) -> Access {
        self.state.access(now, grace_ms)
    }
}

/// Reads a stored subscription's lifecycle columns (`status`, `ends_at`,
/// `paid`); an unknown status reads as suspended, the safe side.
fn lifecycle_of(status: &str, ends_at: i64, paid: i64) -> lifecycle::Subscription {
    lifecycle::Subscription { status: Status::from_code(status).unwrap_or(Status::Suspended), ends_at, paid: paid != 0 }
}

/// The subscription's stored state, its row locked until `tx` ends (two
/// payments of one business then extend one after the other).
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn lock_subscription(tx: &mut Tx, business_id: &BusinessId) -> DbResult<lifecycle::Subscription> {
    let done = sqlx::query("UPDATE subscriptions SET business_id = business_id WHERE business_id = $1")
        .bind(business_id)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    let row = sqlx::query("SELECT status, ends_at, paid FROM subscriptions WHERE business_id = $1")
        .bind(business_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(lifecycle_of(&row.try_get::<String, _>(0)?, row.try_get(1)?, row.try_get(2)?))
}

/// Stores a subscription's new state (and, when given, its tariff and a
/// suspension reason), and tells every branch's hub (their limits change).
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn store_subscription(
    tx: &mut Tx,
    business_id: &BusinessId,
    state: lifecycle::Subscription,
    tariff_code: Option<&str>,
    suspended_reason: Option<&str>,
) -> DbResult<()> {
    let done = sqlx::query(
        "UPDATE subscriptions SET status = $2, ends_at = $3, paid = $4,          tariff_code = COALESCE($5, tariff_code), suspended_reason = $6 WHERE business_id = $1",
    )
    .bind(business_id)
    .bind(state.status.code())
    .bind(state.ends_at)
    .bind(i64::from(state.paid))
    .bind(tariff_code)
    .bind(suspended_reason)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::NotFound);
    }
    sqlx::query("UPDATE branches SET config_version = config_version + 1 WHERE business_id = $1")
        .bind(business_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A tariff as offered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tariff {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Monthly price.
    pub price_monthly: i64,
    /// Yearly price.
    pub price_yearly: i64,
    /// Branch limit.
    pub max_branches: i64,
    /// Terminal limit.
    pub max_terminals: i64,
    /// The service's IKPU (MXIK) code, for fiscal receipts.
    pub ikpu_code: String,
    /// Its package code.
    pub package_code: String,
    /// VAT, percent.
    pub vat_percent: i64,
}

impl Tariff {
    /// The price of one `period`, tiyin.
    #[must_use]
    pub fn price(&self, period: lifecycle::Period) -> i64 {
        match period {
            lifecycle::Period::Month => self.price_monthly,
            lifecycle::Period::Year => self.price_yearly,
        }
    }
}

/// A tariff query: its columns, then `$tail`.
macro_rules! tariff_sql {
    ($tail:literal) => {
        concat!(
            "SELECT code, name, price_monthly, price_yearly, max_branches, max_terminals, ikpu_code, package_code, ",
            "vat_percent FROM tariffs ",
            $tail
        )
    };
}

fn tariff_of(r: &sqlx::any::AnyRow) -> DbResult<Tariff> {
    Ok(Tariff {
        code: r.try_get(0)?,
        name: r.try_get(1)?,
        price_monthly: r.try_get(2)?,
        price_yearly: r.try_get(3)?,
        max_branches: r.try_get(4)?,
        max_terminals: r.try_get(5)?,
        ikpu_code: r.try_get(6)?,
        package_code: r.try_get(7)?,
        vat_percent: r.try_get(8)?,
    })
}

/// A branch's Multicard settings (the secret still sealed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MulticardSettings {
    /// Store ID.
    pub store_id: String,
    /// Application ID.
    pub application_id: String,
    /// The sealed secret (see `crate::vault`).
    pub secret_sealed: String,
    /// Enabled.
    pub enabled: bool,
    /// `unchecked`, `active` or `inactive`.
    pub token_status: String,
}

impl Db {
    /// The business's subscription with its tariff's limits.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn subscription(&self, business_id: &BusinessId) -> DbResult<Subscription> {
        let row = sqlx::query(
            "SELECT s.tariff_code, t.name, s.status, s.ends_at, s.paid, s.suspended_reason, \
             t.max_branches, t.max_terminals \
             FROM subscriptions s JOIN tariffs t ON t.code = s.tariff_code WHERE s.business_id = $1",
        )
        .bind(business_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(Subscription {
            tariff_code: row.try_get(0)?,
            tariff_name: row.try_get(1)?,
            state: lifecycle_of(&row.try_get::<String, _>(2)?, row.try_get(3)?, row.try_get(4)?),
            suspended_reason: row.try_get(5)?,
            max_branches: row.try_get(6)?,
            max_terminals: row.try_get(7)?,
        })
    }

    /// Moves a business to another tariff; every branch's hub gets the new
    /// limits with its next sync.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn set_tariff(&self, business_id: &BusinessId, tariff: &str) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE subscriptions SET tariff_code = $2 WHERE business_id = $1")
            .bind(business_id)
            .bind(tariff)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(DbError::NotFound);
        }
        sqlx::query("UPDATE branches SET config_version = config_version + 1 WHERE business_id = $1")
            .bind(business_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A branch's Multicard settings, if saved.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn multicard(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
    ) -> DbResult<Option<MulticardSettings>> {
        let row = sqlx::query(
            "SELECT store_id, application_id, secret_sealed, enabled, token_status FROM multicard_settings \
             WHERE business_id = $1 AND branch_id = $2",
        )
        .bind(business_id)
        .bind(branch_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(MulticardSettings {
                store_id: r.try_get(0)?,
                application_id: r.try_get(1)?,
                secret_sealed: r.try_get(2)?,
                enabled: r.try_get::<i64, _>(3)? != 0,
                token_status: r.try_get(4)?,
            })
        })
        .transpose()
    }

    /// Saves a branch's Multicard settings (the branch must be the
    /// business's; the caller checks). Changed credentials make the token
    /// status `unchecked` again.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn save_multicard(
        &self,
        business_id: &BusinessId,
        branch_id: &BranchId,
        m: &MulticardSettings,
    ) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO multicard_settings (branch_id, business_id, store_id, application_id, secret_sealed, \
             enabled, token_status, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'unchecked', $7) \
             ON CONFLICT (branch_id) DO UPDATE SET store_id = excluded.store_id, \
             application_id = excluded.application_id, secret_sealed = excluded.secret_sealed, \
             enabled = excluded.enabled, updated_at = excluded.updated_at, \
             token_status = CASE WHEN multicard_settings.store_id = excluded.store_id \
               AND multicard_settings.application_id = excluded.application_id \
               AND multicard_settings.secret_sealed = excluded.secret_sealed \
               THEN multicard_settings.token_status ELSE 'unchecked' END \
             WHERE multicard_settings.business_id = excluded.business_id",
        )
        .bind(branch_id)
        .bind(business_id)
        .bind(&m.store_id)
        .bind(&m.application_id)
        .bind(&m.secret_sealed)
        .bind(i64::from(m.enabled))
        .bind(crate::db::now_ms())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every tariff, in the order offered.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn tariffs(&self) -> DbResult<Vec<Tariff>> {
        let rows = sqlx::query(tariff_sql!("ORDER BY position")).fetch_all(&self.pool).await?;
        rows.iter().map(tariff_of).collect()
    }

    /// One tariff by its code.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn tariff(&self, code: &str) -> DbResult<Tariff> {
        let row = sqlx::query(tariff_sql!("WHERE code = $1")).bind(code).fetch_one(&self.pool).await?;
        tariff_of(&row)
    }

    /// Whether the business's subscription renews by itself.
    ///
    /// # Errors
    /// [`crate::db::DbError::NotFound`].
    pub async fn auto_renew(&self, business_id: &BusinessId) -> DbResult<bool> {
        let v: i64 = sqlx::query_scalar("SELECT auto_renew FROM subscriptions WHERE business_id = $1")
            .bind(business_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(v != 0)
    }
}

/// A business's saved card, as pages show it (the token stays sealed in the
/// store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedCard {
    /// Id.
    pub id: String,
    /// Uzcard, Humo, Visa, Mastercard.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
    /// Expiry, `MMYY`.
    pub expire: String,
}

impl SavedCard {
    /// Expiry as printed on the card: `03/99`.
    #[must_use]
    pub fn expiry(&self) -> String {
        match (self.expire.get(..2), self.expire.get(2..)) {
            (Some(m), Some(y)) => format!("{m}/{y}"),
            _ => self.expire.clone(),
        }
    }
}

impl Db {
    /// The business's card: its newest verified one not removed.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn saved_card(&self, business_id: &BusinessId) -> DbResult<Option<SavedCard>> {
        let row = sqlx::query(
            "SELECT id, brand, last4, expire FROM cards WHERE business_id = $1 AND verified_at IS NOT NULL \
             AND removed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(business_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SavedCard { id: r.try_get(0)?, brand: r.try_get(1)?, last4: r.try_get(2)?, expire: r.try_get(3)? })
        })
        .transpose()
    }

    /// Switches auto-renewal on or off. On needs a saved card: returns
    /// `false` (and changes nothing) without one.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn set_auto_renew(&self, business_id: &BusinessId, on: bool) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE subscriptions SET auto_renew = $2 WHERE business_id = $1 AND ($2 = 0 OR EXISTS (\
             SELECT 1 FROM cards c WHERE c.business_id = $1 AND c.verified_at IS NOT NULL AND c.removed_at IS NULL))",
        )
        .bind(business_id)
        .bind(i64::from(on))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
