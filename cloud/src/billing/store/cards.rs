//! Saved cards and renewals: the SQL of [`crate::billing::cards`] and
//! [`crate::billing::renewal`].
//!
//! A card row keeps Payme's token sealed by the vault (the card's id as
//! associated data), its brand, last four digits and expiry; never the
//! number. A renewal row is the claim on one period (UNIQUE business and end
//! date), then the state of charging it.

use sqlx::Row as _;

use crate::billing::invoices::Provider;
use crate::db::{Db, DbError, DbResult, Tx};
use crate::ids::{BusinessId, InvoiceId};

/// A card to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCard {
    /// Id (also the vault context of the sealed token).
    pub id: String,
    /// The token, sealed.
    pub token_sealed: String,
    /// Uzcard, Humo, Visa, Mastercard.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// `MMYY`.
    pub expire: String,
}

/// The card a renewal charges: its id and sealed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChargeCard {
    /// Id (the vault context).
    pub id: String,
    /// The sealed token.
    pub token_sealed: String,
}

/// A business whose period is due for renewal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Whose.
    pub business_id: BusinessId,
    /// The end date to extend.
    pub ends_at: i64,
}

/// A renewal being charged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// Id.
    pub id: String,
    /// Whose.
    pub business_id: BusinessId,
    /// The end date it extends.
    pub period_ends_at: i64,
    /// Its invoice, once made.
    pub invoice_id: Option<InvoiceId>,
    /// Payme's receipt, once created.
    pub receipt_id: Option<String>,
    /// Failed attempts so far.
    pub attempts: i64,
}

/// The owner to tell about renewals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// `+998…`.
    pub phone: String,
    /// `uz`, `ru`, `en`.
    pub language: String,
}

impl Db {
    /// Stores a verified card for the business.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn save_card(&self, business_id: &BusinessId, card: &NewCard, now: i64) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO cards (id, business_id, provider, token_sealed, brand, last4, expire, verified_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
        )
        .bind(&card.id)
        .bind(business_id)
        .bind(Provider::Card.code())
        .bind(&card.token_sealed)
        .bind(&card.brand)
        .bind(&card.last4)
        .bind(&card.expire)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// One of the business's cards not removed (another business's is not
    /// found), with its sealed token.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn card_to_charge(&self, business_id: &BusinessId, card_id: &str) -> DbResult<ChargeCard> {
        let row =
            sqlx::query("SELECT id, token_sealed FROM cards WHERE id = $1 AND business_id = $2 AND removed_at IS NULL")
                .bind(card_id)
                .bind(business_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(ChargeCard { id: row.try_get(0)?, token_sealed: row.try_get(1)? })
    }

    /// Marks one of the business's cards removed; when no verified card is
    /// left, auto-renewal is switched off in the same transaction.
    ///
    /// # Errors
    /// [`DbError::NotFound`] for a card that is not the business's or is
    /// already removed.
    pub async fn remove_card(&self, business_id: &BusinessId, card_id: &str, now: i64) -> DbResult<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE cards SET removed_at = $3 WHERE id = $1 AND business_id = $2 AND removed_at IS NULL")
                .bind(card_id)
                .bind(business_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() != 1 {
            return Err(DbError::NotFound);
        }
        sqlx::query(
            "UPDATE subscriptions SET auto_renew = 0 WHERE business_id = $1 AND NOT EXISTS (\
             SELECT 1 FROM cards c WHERE c.business_id = $1 AND c.verified_at IS NOT NULL AND c.removed_at IS NULL)",
        )
        .bind(business_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Businesses renewing by themselves, with a saved card, not suspended,
    /// on a paid tariff, whose end date is within `before_ms` of `now`.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewals_due(&self, now: i64, before_ms: i64, limit: i64) -> DbResult<Vec<Due>> {
        let rows = sqlx::query(
            "SELECT s.business_id, s.ends_at FROM subscriptions s JOIN tariffs t ON t.code = s.tariff_code \
             WHERE s.auto_renew = 1 AND s.status <> 'suspended' AND s.ends_at - $2 <= $1 \
             AND t.price_monthly > 0 \
             AND EXISTS (SELECT 1 FROM cards c WHERE c.business_id = s.business_id \
                 AND c.verified_at IS NOT NULL AND c.removed_at IS NULL) \
             AND NOT EXISTS (SELECT 1 FROM renewals r WHERE r.business_id = s.business_id \
                 AND r.period_ends_at = s.ends_at) \
             ORDER BY s.ends_at LIMIT $3",
        )
        .bind(now)
        .bind(before_ms)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(0)?;
                Ok(Due {
                    business_id: BusinessId::parse(&id)
                        .ok_or_else(|| DbError::Corrupt(format!("business id {id:?}")))?,
                    ends_at: r.try_get(1)?,
                })
            })
            .collect()
    }

    /// Claims the period ending at `ends_at`: true when this call made the
    /// claim, false when someone (another instance, an earlier run) had.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn claim_renewal(&self, business_id: &BusinessId, ends_at: i64, now: i64) -> DbResult<bool> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "INSERT INTO renewals (id, business_id, period_ends_at, status, attempts, next_attempt_at, lease_until, \
             created_at, updated_at) VALUES ($1, $2, $3, 'pending', 0, $4, 0, $4, $4) \
             ON CONFLICT (business_id, period_ends_at) DO NOTHING",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(business_id)
        .bind(ends_at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Pending renewals whose next attempt is due and nobody holds.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewals_to_attempt(&self, now: i64, limit: i64) -> DbResult<Vec<String>> {
        let ids = sqlx::query_scalar(
            "SELECT id FROM renewals WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until < $1 \
             ORDER BY next_attempt_at LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids)
    }

    /// Takes a pending, due, unheld renewal for this instance until
    /// `lease_until`; `None` when another instance took it first.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn lease_renewal(&self, id: &str, now: i64, lease_until: i64) -> DbResult<Option<Renewal>> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE renewals SET lease_until = $3, updated_at = $2 WHERE id = $1 AND status = 'pending' \
             AND next_attempt_at <= $2 AND lease_until < $2",
        )
        .bind(id)
        .bind(now)
        .bind(lease_until)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(None);
        }
        let r = sqlx::query(
            "SELECT id, business_id, period_ends_at, invoice_id, receipt_id, attempts FROM renewals WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        let business: String = r.try_get(1)?;
        let invoice: Option<String> = r.try_get(3)?;
        Ok(Some(Renewal {
            id: r.try_get(0)?,
            business_id: BusinessId::parse(&business)
                .ok_or_else(|| DbError::Corrupt(format!("business id {business:?}")))?,
            period_ends_at: r.try_get(2)?,
            invoice_id: invoice
                .map(|i| InvoiceId::parse(&i).ok_or_else(|| DbError::Corrupt(format!("invoice id {i:?}"))))
                .transpose()?,
            receipt_id: r.try_get(4)?,
            attempts: r.try_get(5)?,
        }))
    }

    /// Records the renewal's invoice.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewal_invoice(&self, id: &str, invoice_id: &InvoiceId, now: i64) -> DbResult<()> {
        sqlx::query("UPDATE renewals SET invoice_id = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(invoice_id)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records the receipt about to be paid (before paying it) and the card
    /// it is paid with; `None` forgets a cancelled receipt.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewal_receipt(
        &self,
        id: &str,
        receipt_id: Option<&str>,
        card_id: Option<&str>,
        now: i64,
    ) -> DbResult<()> {
        sqlx::query(
            "UPDATE renewals SET receipt_id = $2, card_id = COALESCE($3, card_id), updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(receipt_id)
        .bind(card_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A failed attempt: counted, retried at `next_at` or, once `give_up`,
    /// marked failed; the lease is let go.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewal_failed(&self, id: &str, error: &str, next_at: i64, give_up: bool, now: i64) -> DbResult<i64> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE renewals SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, lease_until = 0, \
             status = CASE WHEN $4 = 1 THEN 'failed' ELSE status END, updated_at = $5 WHERE id = $1",
        )
        .bind(id)
        .bind(error)
        .bind(next_at)
        .bind(i64::from(give_up))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let attempts: i64 =
            sqlx::query_scalar("SELECT attempts FROM renewals WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(attempts)
    }

    /// Lets the lease go without counting an attempt (the outcome is not
    /// known yet: look again at `next_at`).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewal_later(&self, id: &str, error: &str, next_at: i64, now: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE renewals SET last_error = $2, next_attempt_at = $3, lease_until = 0, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(error)
        .bind(next_at)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Ends a renewal that must not charge (auto-renewal switched off, the
    /// card removed, the tariff free).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn renewal_cancelled(&self, id: &str, why: &str, now: i64) -> DbResult<()> {
        sqlx::query(
            "UPDATE renewals SET status = 'cancelled', last_error = $2, lease_until = 0, updated_at = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(why)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The owner of a business, to tell by SMS.
    ///
    /// # Errors
    /// [`DbError::NotFound`].
    pub async fn business_contact(&self, business_id: &BusinessId) -> DbResult<Contact> {
        let row =
            sqlx::query("SELECT phone, language FROM owners WHERE business_id = $1 ORDER BY created_at, id LIMIT 1")
                .bind(business_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(Contact { phone: row.try_get(0)?, language: row.try_get(1)? })
    }

    /// The period of the business's last payment, if any (`month`, `year`).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn last_paid_period(&self, business_id: &BusinessId) -> DbResult<Option<String>> {
        let period = sqlx::query_scalar(
            "SELECT period FROM billing_payments WHERE business_id = $1 ORDER BY paid_at DESC, id DESC LIMIT 1",
        )
        .bind(business_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(period)
    }
}

/// Marks a renewal done inside the transaction that settled its invoice.
///
/// # Errors
/// [`DbError`].
pub async fn renewal_done(tx: &mut Tx, id: &str, now: i64) -> DbResult<()> {
    sqlx::query(
        "UPDATE renewals SET status = 'done', lease_until = 0, last_error = NULL, updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
