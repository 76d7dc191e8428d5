//! Auto-renewal (B6): charges a business's saved card through Payme's
//! Subscribe API before its subscription ends.
//!
//! Every `billing.renewal.every_secs` a round:
//! 1. finds businesses with auto-renewal on, a saved card, not suspended, on
//!    a paid tariff, whose end date is at most `days_before` days away, and
//!    *claims* that period: an insert keyed UNIQUE (business, end date) in
//!    `renewals`, so however many instances run and restart, one claim
//!    exists per period;
//! 2. takes each due renewal with a lease (an update only one instance wins)
//!    and makes one attempt:
//!    - a receipt from an earlier attempt is asked about first
//!      (`receipts.check`): paid → settled; created → paid now; cancelled or
//!      unknown to Payme → a new one; anything else → asked again later.
//!      No second receipt is paid while an earlier one may be;
//!    - otherwise an invoice (`Origin::Renewal`, the tariff in force, the
//!      period of the last payment or a month) and a receipt for it are
//!      created, and the receipt's id is stored *before* `receipts.pay`;
//!    - paid: the invoice is settled (`Provider::Card`, the receipt's id) in
//!      the transaction that marks the renewal done; the owner gets an SMS;
//!    - declined: the attempt is counted, the next one comes after
//!      `retry_minutes`, up to `max_attempts`; the owner gets an SMS each
//!      time;
//!    - no answer (the outcome is unknown): nothing is counted; the next
//!      attempt starts with `receipts.check`.

use std::time::Duration;

use tokio::sync::watch;
use tracing::{info, warn};
use web::i18n::{Lang, fill};

use super::invoices::{InvoiceStatus, Origin, Provider, Settled, som};
use super::lifecycle::{Period, Status};
use super::store::cards::{Renewal, renewal_done};
use super::store::invoices::settle;
use super::subscribe_api::{RECEIPT_CANCELLED, RECEIPT_CREATED, RECEIPT_PAID, SubscribeApi, SubscribeError};
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::ids::InvoiceId;

/// How long an instance holds a renewal it works on (longer than its calls'
/// timeouts together); a crashed instance's renewal is retried after it.
const LEASE_MS: i64 = 5 * 60_000;
/// Renewals looked at per round.
const BATCH: i64 = 100;
const DAY_MS: i64 = 86_400_000;

/// What went wrong in a round.
#[derive(Debug, thiserror::Error)]
pub enum RenewalError {
    /// Storage.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Charges saved cards before the end date until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let api = match SubscribeApi::new(&state.settings.billing.payme) {
        Ok(api) => api,
        Err(e) => {
            info!(reason = %e, "auto-renewal is off");
            let _ = stop.wait_for(|s| *s).await;
            return;
        }
    };
    let every = Duration::from_secs(state.settings.billing.renewal.every_secs.max(1));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                if let Err(e) = round(&state, &api).await {
                    warn!(error = %e, "auto-renewal round failed");
                }
            }
            r = stop.changed() => if r.is_err() || *stop.borrow() { return },
        }
    }
}

/// One round: claims the periods due, then attempts the renewals due.
///
/// # Errors
/// [`RenewalError`] when the database fails.
pub async fn round(state: &AppState, api: &SubscribeApi) -> Result<(), RenewalError> {
    let now = now_ms();
    let settings = &state.settings.billing.renewal;
    let before_ms = settings.days_before.clamp(0, 366).saturating_mul(DAY_MS);
    for due in state.db.renewals_due(now, before_ms, BATCH).await? {
        if state.db.claim_renewal(&due.business_id, due.ends_at, now).await? {
            info!(business.id = %due.business_id, period.ends_at = due.ends_at, "renewal claimed");
        }
    }
    for id in state.db.renewals_to_attempt(now, BATCH).await? {
        let Some(renewal) = state.db.lease_renewal(&id, now, now.saturating_add(LEASE_MS)).await? else {
            continue;
        };
        attempt(state, api, &renewal).await?;
    }
    Ok(())
}

fn retry_at(state: &AppState, now: i64) -> i64 {
    now.saturating_add(state.settings.billing.renewal.retry_minutes.clamp(0, 7 * 24 * 60).saturating_mul(60_000))
}

/// One attempt at a leased renewal.
async fn attempt(state: &AppState, api: &SubscribeApi, r: &Renewal) -> Result<(), RenewalError> {
    let db = &state.db;
    let now = now_ms();
    let sub = db.subscription(&r.business_id).await?;
    let moved = sub.ends_at() != r.period_ends_at;
    let stopped = !db.auto_renew(&r.business_id).await? || sub.state.status == Status::Suspended;

    // An earlier receipt first: it may be paid, or still payable.
    let mut receipt = None;
    if let Some(id) = &r.receipt_id {
        match api.receipts_check(id).await {
            Ok(RECEIPT_PAID) => {
                let Some(invoice_id) = &r.invoice_id else {
                    return Err(DbError::Corrupt(format!("renewal {} has a receipt and no invoice", r.id)).into());
                };
                return settled(state, r, invoice_id, id).await;
            }
            Ok(RECEIPT_CREATED) if moved || stopped => {
                if let Err(e) = api.receipts_cancel(id).await {
                    db.renewal_later(&r.id, &e.to_string(), retry_at(state, now), now).await?;
                    return Ok(());
                }
                db.renewal_cancelled(&r.id, "renewed otherwise or switched off", now).await?;
                return Ok(());
            }
            Ok(RECEIPT_CREATED) => receipt = Some(id.clone()),
            Ok(RECEIPT_CANCELLED) | Err(SubscribeError::Refused { .. }) => {
                db.renewal_receipt(&r.id, None, None, now).await?;
            }
            Ok(other) => {
                db.renewal_later(&r.id, &format!("receipt in state {other}"), retry_at(state, now), now).await?;
                return Ok(());
            }
            Err(e) => {
                db.renewal_later(&r.id, &e.to_string(), retry_at(state, now), now).await?;
                return Ok(());
            }
        }
    }
    if receipt.is_none() && (moved || stopped) {
        db.renewal_cancelled(&r.id, "renewed otherwise or switched off", now).await?;
        return Ok(());
    }
    let Some(card) = db.saved_card(&r.business_id).await? else {
        db.renewal_cancelled(&r.id, "no saved card", now).await?;
        return Ok(());
    };

    // The invoice.
    let invoice = match &r.invoice_id {
        Some(id) => db.invoice(id).await?,
        None => {
            let tariff = db.tariff(&sub.tariff_code).await?;
            let period = db.last_paid_period(&r.business_id).await?.and_then(|p| Period::from_code(&p));
            let period = period.unwrap_or(Period::Month);
            if tariff.price(period) <= 0 {
                db.renewal_cancelled(&r.id, "free tariff", now).await?;
                return Ok(());
            }
            let invoice = db.create_invoice(&r.business_id, &tariff, period, Origin::Renewal, now).await?;
            db.renewal_invoice(&r.id, &invoice.id, now).await?;
            invoice
        }
    };
    match invoice.status {
        InvoiceStatus::Open => {}
        InvoiceStatus::Paid => return settled(state, r, &invoice.id, r.receipt_id.as_deref().unwrap_or("")).await,
        InvoiceStatus::Cancelled => {
            db.renewal_cancelled(&r.id, "invoice cancelled", now).await?;
            return Ok(());
        }
    }

    // The receipt, stored before it is paid.
    let receipt = match receipt {
        Some(id) => id,
        None => {
            let field = &state.settings.billing.payme.account_field;
            let description = format!("POS {} ({})", invoice.tariff_name, invoice.period.code());
            match api.receipts_create(invoice.amount, field, invoice.id.as_str(), &description).await {
                Ok(created) => {
                    db.renewal_receipt(&r.id, Some(&created.id), Some(&card.id), now).await?;
                    created.id
                }
                Err(e) if e.outcome_unknown() => {
                    db.renewal_later(&r.id, &e.to_string(), retry_at(state, now), now).await?;
                    return Ok(());
                }
                Err(e) => return declined(state, r, &e.to_string()).await,
            }
        }
    };

    // The charge.
    let charge = db.card_to_charge(&r.business_id, &card.id).await?;
    let token = match state.vault.open(&charge.token_sealed, &charge.id) {
        Ok(t) => t,
        Err(e) => {
            warn!(business.id = %r.business_id, card.id = %charge.id, error = %e, "a saved card's token does not open");
            return declined(state, r, "the saved card's token does not open").await;
        }
    };
    match api.receipts_pay(&receipt, &token).await {
        Ok(paid) if paid.state == RECEIPT_PAID => settled(state, r, &invoice.id, &receipt).await,
        Ok(other) => {
            db.renewal_later(&r.id, &format!("receipt in state {}", other.state), retry_at(state, now), now).await?;
            Ok(())
        }
        Err(e) if e.outcome_unknown() => {
            warn!(business.id = %r.business_id, error = %e, "renewal charge outcome unknown; checking later");
            db.renewal_later(&r.id, &e.to_string(), retry_at(state, now), now).await?;
            Ok(())
        }
        Err(e) => declined(state, r, &e.to_string()).await,
    }
}

/// Payme paid the receipt: settle the invoice and finish the renewal in one
/// transaction, then tell the hubs and the owner.
async fn settled(state: &AppState, r: &Renewal, invoice_id: &InvoiceId, receipt: &str) -> Result<(), RenewalError> {
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let result = settle(&mut tx, invoice_id, Provider::Card, receipt, now).await;
    let payment = match result {
        Ok(s) => {
            let fresh = matches!(s, Settled::Paid(_));
            renewal_done(&mut tx, &r.id, now).await?;
            tx.commit().await.map_err(DbError::from)?;
            if fresh {
                state.config_changed();
            }
            s.payment().clone()
        }
        Err(e) => {
            drop(tx);
            warn!(business.id = %r.business_id, invoice.id = %invoice_id, error = %e,
                "a card was charged for an invoice that cannot be settled; see the receipt");
            state.db.renewal_cancelled(&r.id, &format!("charged, not settled: {e}"), now).await?;
            return Ok(());
        }
    };
    info!(business.id = %r.business_id, invoice.id = %invoice_id, amount = payment.amount, "renewed with the saved card");
    let tariff = state.db.tariff(&payment.tariff_code).await.map(|t| t.name).unwrap_or(payment.tariff_code.clone());
    tell(state, r, |t| {
        fill(
            t.cards.sms_renewed,
            &[
                ("tariff", &tariff),
                ("amount", &som(payment.amount)),
                ("date", &web::format::tashkent(payment.period_to)),
            ],
        )
    })
    .await;
    Ok(())
}

/// Payme declined: count the attempt, retry later or give up, tell the owner.
async fn declined(state: &AppState, r: &Renewal, error: &str) -> Result<(), RenewalError> {
    let now = now_ms();
    let max = state.settings.billing.renewal.max_attempts.max(1);
    let give_up = r.attempts.saturating_add(1) >= max;
    let next = retry_at(state, now);
    let attempts = state.db.renewal_failed(&r.id, error, next, give_up, now).await?;
    warn!(business.id = %r.business_id, attempts, give_up, error, "renewal charge declined");
    if give_up {
        tell(state, r, |t| fill(t.cards.sms_gave_up, &[("date", &web::format::tashkent(r.period_ends_at))])).await;
    } else {
        tell(state, r, |t| {
            fill(
                t.cards.sms_declined,
                &[
                    ("attempt", &attempts.to_string()),
                    ("max", &max.to_string()),
                    ("date", &web::format::tashkent(next)),
                ],
            )
        })
        .await;
    }
    Ok(())
}

/// An SMS to the business's owner in their language; a failure is logged
/// (the renewal itself stands).
async fn tell(state: &AppState, r: &Renewal, text: impl FnOnce(&'static web::i18n::Text) -> String) {
    let contact = match state.db.business_contact(&r.business_id).await {
        Ok(c) => c,
        Err(e) => {
            warn!(business.id = %r.business_id, error = %e, "no owner to tell about the renewal");
            return;
        }
    };
    let lang = Lang::parse(&contact.language).unwrap_or_default();
    if let Err(e) = state.accounts.notify(&contact.phone, &text(lang.text())).await {
        warn!(business.id = %r.business_id, error = %e, "renewal SMS failed");
    }
}
