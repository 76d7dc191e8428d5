//! Click for courier companies (C6): each company's clients pay on the
//! company's own Click service, whose Prepare and Complete addresses point
//! here with the company's slug. The calls are Click's SHOP API exactly as
//! for subscriptions ([`crate::billing::click`]: the same parsing, signature
//! check and answers), signed with the company's secret key;
//! `merchant_trans_id` is a cargo payment ([`super::pay_store::Pay`]).
//!
//! Complete writes the ledger's payment row (`click:{click_trans_id}`) in the
//! same transaction as the Click transaction's completion, under the
//! client's ledger lock. A payment whose shipment was paid in the meantime
//! (another payment, cash at a desk) is refused with -4 and cancelled: two
//! payments for one shipment never both count.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use tracing::{error, info, warn};

use super::ledger::{self, Kind, Mode, Posting};
use super::pay_store::{self, Pay, PayStatus, click_key, click_txn, client_lock, due, finish_click_txn};
use crate::billing::click::{Action, Call, ClickCode, ClickReply, Decide, Outcome, answer, refused};
use crate::billing::settings::ClickSettings;
use crate::billing::store::click::ClickState;
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::ids::{BusinessId, CargoPayId};

/// Calls from Click (provider callbacks group).
pub fn callbacks() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cargo/{slug}/click/prepare", post(prepare))
        .route("/api/v1/cargo/{slug}/click/complete", post(complete))
}

/// The address a company gives Click for `action`.
#[must_use]
pub fn callback_url(public_url: &str, slug: &str, action: Action) -> String {
    let what = match action {
        Action::Prepare => "prepare",
        Action::Complete => "complete",
    };
    format!("{}/api/v1/cargo/{slug}/click/{what}", public_url.trim_end_matches('/'))
}

/// The company's Click service as settings (the secret opened, the payment
/// page the platform's), or `None` when it has not set one up.
///
/// # Errors
/// [`DbError`]; a secret that does not open is [`DbError::Corrupt`].
pub async fn company_click(state: &AppState, business: &BusinessId) -> Result<Option<ClickSettings>, DbError> {
    let Some(s) = state.db.cargo_click_service(business).await? else { return Ok(None) };
    let secret = state
        .vault
        .open(&s.secret_sealed, business.as_str())
        .map_err(|e| DbError::Corrupt(format!("the company's Click secret: {e}")))?;
    Ok(Some(ClickSettings {
        service_id: s.service_id,
        merchant_id: s.merchant_id,
        merchant_user_id: s.merchant_user_id,
        secret_key: crate::settings::Secret::new(secret),
        pay_url: state.settings.billing.click.pay_url.clone(),
    }))
}

async fn prepare(State(state): State<AppState>, Path(slug): Path<String>, body: Bytes) -> Json<ClickReply> {
    serve(&state, &slug, Action::Prepare, &body).await
}

async fn complete(State(state): State<AppState>, Path(slug): Path<String>, body: Bytes) -> Json<ClickReply> {
    serve(&state, &slug, Action::Complete, &body).await
}

async fn serve(state: &AppState, slug: &str, endpoint: Action, body: &[u8]) -> Json<ClickReply> {
    let company = match super::companies::by_slug(&state.db, slug).await {
        Ok(c) => Some(c),
        Err(DbError::NotFound) => None,
        Err(e) => {
            error!(error = %e, "cargo click call: the company could not be read");
            return Json(refused(body, ClickCode::FailedToUpdate));
        }
    };
    let click = match &company {
        Some(c) => match company_click(state, &c.business_id).await {
            Ok(click) => click,
            Err(e) => {
                error!(company = %c.business_id, error = %e, "cargo click call: the company's Click service could not be read");
                return Json(refused(body, ClickCode::FailedToUpdate));
            }
        },
        None => None,
    };
    let (Some(company), Some(click)) = (company, click) else {
        // No such company, or no Click service: nothing can be verified.
        warn!(slug = %slug.chars().take(40).collect::<String>(), "cargo click call for no Click service");
        return Json(refused(body, ClickCode::BadRequest));
    };
    let (reply, _) = answer(endpoint, body, &click, &Pays { state, business: &company.business_id }).await;
    Json(reply)
}

/// A company's cargo payments.
struct Pays<'a> {
    state: &'a AppState,
    business: &'a BusinessId,
}

impl Decide for Pays<'_> {
    async fn decide(&self, endpoint: Action, call: &Call) -> Result<Outcome, DbError> {
        match endpoint {
            Action::Prepare => decide_prepare(self.state, self.business, call).await,
            Action::Complete => decide_complete(self.state, self.business, call).await,
        }
    }
}

/// The payment `call` names, read under its client's ledger lock; `Err` is
/// the answer when there is none (or it is not this company's) or the
/// amount differs.
async fn open_pay(tx: &mut crate::db::Tx, business: &BusinessId, call: &Call) -> Result<Result<Pay, Outcome>, DbError> {
    let Some(id) = CargoPayId::parse(&call.merchant_trans_id) else {
        return Ok(Err(Outcome::code(ClickCode::UserNotFound)));
    };
    let client = match pay_store::pay_in(tx, business, &id).await {
        Ok(p) => p.client_id,
        Err(DbError::NotFound) => return Ok(Err(Outcome::code(ClickCode::UserNotFound))),
        Err(e) => return Err(e),
    };
    client_lock(tx, &client).await?;
    // Read again under the lock: another call may have just settled it.
    let pay = pay_store::pay_in(tx, business, &id).await?;
    if call.amount != Some(pay.amount) {
        return Ok(Err(Outcome::code(ClickCode::IncorrectAmount)));
    }
    Ok(Ok(pay))
}

/// Nothing is due on the payment's shipment any more (paid otherwise
/// meanwhile): the payment is cancelled.
async fn overtaken(tx: &mut crate::db::Tx, pay: &Pay, now: i64) -> Result<bool, DbError> {
    if due(&mut **tx, &pay.business_id, &pay.client_id, &pay.shipment_id).await? > 0 {
        return Ok(false);
    }
    pay_store::set_pay_status(tx, &pay.id, PayStatus::Cancelled, now).await?;
    Ok(true)
}

async fn decide_prepare(state: &AppState, business: &BusinessId, call: &Call) -> Result<Outcome, DbError> {
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let pay = match open_pay(&mut tx, business, call).await? {
        Ok(p) => p,
        Err(answer) => return Ok(answer),
    };
    let existing = click_txn(&mut tx, call.click_trans_id, false).await?;
    if let Some(t) = &existing {
        if t.pay_id != pay.id {
            // One Click transaction cannot be for two payments.
            return Ok(Outcome::code(ClickCode::BadRequest));
        }
        if let Some(ended) = Outcome::ended(t.state, None) {
            return Ok(ended);
        }
    }
    if call.error < 0 {
        if existing.is_some() {
            finish_click_txn(&mut tx, call.click_trans_id, ClickState::Cancelled, Some(call.error), now).await?;
            tx.commit().await?;
        }
        return Ok(Outcome::code(ClickCode::Cancelled));
    }
    match pay.status {
        PayStatus::Paid => return Ok(Outcome::code(ClickCode::AlreadyPaid)),
        PayStatus::Cancelled => return Ok(Outcome::code(ClickCode::Cancelled)),
        PayStatus::Open => {}
    }
    if overtaken(&mut tx, &pay, now).await? {
        tx.commit().await?;
        return Ok(Outcome::code(ClickCode::AlreadyPaid));
    }
    let prepared = match existing {
        Some(t) => t,
        None => {
            let t = pay_store::insert_click_txn(&mut tx, &pay, call.click_trans_id, call.click_paydoc_id, now).await?;
            tx.commit().await?;
            t
        }
    };
    Ok(Outcome {
        code: ClickCode::Success,
        merchant_prepare_id: Some(prepared.merchant_prepare_id),
        merchant_confirm_id: None,
        paid: false,
    })
}

async fn decide_complete(state: &AppState, business: &BusinessId, call: &Call) -> Result<Outcome, DbError> {
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let pay = match open_pay(&mut tx, business, call).await? {
        Ok(p) => p,
        Err(answer) => return Ok(answer),
    };
    let txn = match click_txn(&mut tx, call.merchant_prepare_id, true).await? {
        Some(t) if t.pay_id == pay.id && t.click_trans_id == call.click_trans_id => t,
        _ => return Ok(Outcome::code(ClickCode::TransactionNotFound)),
    };
    if let Some(ended) = Outcome::ended(txn.state, txn.merchant_confirm_id) {
        return Ok(ended);
    }
    if call.error < 0 {
        finish_click_txn(&mut tx, txn.click_trans_id, ClickState::Cancelled, Some(call.error), now).await?;
        tx.commit().await?;
        return Ok(Outcome::code(ClickCode::Cancelled));
    }
    let refusal = match pay.status {
        // Paid by another of its Click transactions: this one is not taken
        // (Click gives the money back to the payer).
        PayStatus::Paid => Some(ClickCode::AlreadyPaid),
        PayStatus::Cancelled => Some(ClickCode::Cancelled),
        PayStatus::Open => overtaken(&mut tx, &pay, now).await?.then_some(ClickCode::AlreadyPaid),
    };
    if let Some(code) = refusal {
        finish_click_txn(&mut tx, txn.click_trans_id, ClickState::Cancelled, None, now).await?;
        tx.commit().await?;
        return Ok(Outcome::code(code));
    }
    let note = format!("Click {}", txn.click_trans_id);
    let posting = Posting {
        business: &pay.business_id,
        client: &pay.client_id,
        contract: None,
        mode: Mode::Live,
        kind: Kind::Payment,
        method: "click",
        amount: pay.amount,
        shipment: Some((&pay.shipment_id, &pay.barcode)),
        source_key: click_key(txn.click_trans_id),
        note: &note,
        by: "click",
        at: now,
    };
    ledger::post(&mut tx, &[posting]).await?;
    let confirm_id = finish_click_txn(&mut tx, txn.click_trans_id, ClickState::Completed, None, now).await?;
    pay_store::set_pay_status(&mut tx, &pay.id, PayStatus::Paid, now).await?;
    tx.commit().await?;
    info!(pay.id = %pay.id, client = %pay.client_id, amount = pay.amount, click.trans_id = txn.click_trans_id, "cargo shipment paid through Click");
    Ok(Outcome { code: ClickCode::Success, merchant_prepare_id: None, merchant_confirm_id: confirm_id, paid: true })
}
