//! Click SHOP API (B3): Click calls us twice per payment, form-urlencoded,
//! and reads a JSON answer (always HTTP 200):
//!
//! - `POST /api/v1/billing/click/prepare` (`action=0`): may this invoice be
//!   paid with this amount? We record the Click transaction and answer our
//!   `merchant_prepare_id`.
//! - `POST /api/v1/billing/click/complete` (`action=1`): the payer paid
//!   (`error=0`), or Click gave up (`error<0`). We settle the invoice in
//!   the same database transaction as the Click transaction's completion
//!   and answer our `merchant_confirm_id`; or we cancel the Click
//!   transaction and answer -9.
//!
//! Every call is authenticated by `sign_string` = md5 of the raw received
//! strings `click_trans_id + service_id + SECRET + merchant_trans_id
//! [+ merchant_prepare_id] + amount + action + sign_time`, compared in
//! constant time. `merchant_trans_id` is our invoice id.
//!
//! # Answers, in the order they are decided
//! | error | when |
//! |---|---|
//! | -8 | a field is missing, repeated or empty; or Click is not configured here |
//! | -1 | `sign_string` does not match |
//! | -3 | `action` is not this endpoint's (0 for Prepare, 1 for Complete) |
//! | -8 | `service_id` is not ours, or a numeric field or `sign_time` does not parse |
//! | -5 | no such invoice |
//! | -2 | `amount` does not parse as so'm or differs from the invoice's, to the tiyin |
//! | -6 | Complete: `merchant_prepare_id` unknown, or bound to another invoice or Click transaction |
//! | -4 | the invoice was paid (by this or another provider), or this Click transaction was completed before |
//! | -9 | the invoice or this Click transaction was cancelled; or Click sent `error<0` (we cancel the Click transaction) |
//! | -7 | our storage failed (nothing was changed) |
//!
//! A wrong `service_id` is -8 ("error in request from Click"): the call is
//! signed with our secret but is not for our service; Click's table has no
//! closer code. A Click transaction cancelled by Click leaves the invoice
//! open: the payer may try again (a new `click_trans_id`), or pay with
//! another provider. Repeats: a Prepare repeated with the same
//! `click_trans_id` answers the same `merchant_prepare_id`; a Complete
//! repeated after success answers -4 ("the transaction was previously
//! confirmed", Click's words) with the same `merchant_confirm_id`, and
//! changes nothing.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use md5::{Digest as _, Md5};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq as _;
use tracing::{error, info, warn};

use super::invoices::{InvoiceStatus, Provider, SettleError, Settled, parse_som};
use super::settings::ClickSettings;
use super::store::click::{self as store, ClickState, NewClickTransaction};
use super::store::invoices::{lock_invoice, settle};
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::ids::InvoiceId;

/// Where Click's Prepare comes.
pub const PREPARE_PATH: &str = "/api/v1/billing/click/prepare";
/// Where Click's Complete comes.
pub const COMPLETE_PATH: &str = "/api/v1/billing/click/complete";

/// Calls from Click (provider callbacks group).
pub fn callbacks() -> Router<AppState> {
    Router::new().route(PREPARE_PATH, post(prepare)).route(COMPLETE_PATH, post(complete))
}

/// Click's two actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// `action=0`.
    Prepare,
    /// `action=1`.
    Complete,
}

impl Action {
    /// The wire value.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Action::Prepare => "0",
            Action::Complete => "1",
        }
    }

    /// Our endpoint for it.
    #[must_use]
    pub const fn path(self) -> &'static str {
        match self {
            Action::Prepare => PREPARE_PATH,
            Action::Complete => COMPLETE_PATH,
        }
    }
}

/// Click's published answers (docs.click.uz, "Click API – Error").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClickCode {
    /// 0.
    Success,
    /// -1.
    SignCheckFailed,
    /// -2.
    IncorrectAmount,
    /// -3.
    ActionNotFound,
    /// -4.
    AlreadyPaid,
    /// -5: no such order (`merchant_trans_id`).
    UserNotFound,
    /// -6: no such transaction (`merchant_prepare_id`).
    TransactionNotFound,
    /// -7.
    FailedToUpdate,
    /// -8.
    BadRequest,
    /// -9.
    Cancelled,
}

impl ClickCode {
    /// Every code.
    pub const ALL: [ClickCode; 10] = [
        ClickCode::Success,
        ClickCode::SignCheckFailed,
        ClickCode::IncorrectAmount,
        ClickCode::ActionNotFound,
        ClickCode::AlreadyPaid,
        ClickCode::UserNotFound,
        ClickCode::TransactionNotFound,
        ClickCode::FailedToUpdate,
        ClickCode::BadRequest,
        ClickCode::Cancelled,
    ];

    /// The `error` value.
    #[must_use]
    pub const fn code(self) -> i64 {
        match self {
            ClickCode::Success => 0,
            ClickCode::SignCheckFailed => -1,
            ClickCode::IncorrectAmount => -2,
            ClickCode::ActionNotFound => -3,
            ClickCode::AlreadyPaid => -4,
            ClickCode::UserNotFound => -5,
            ClickCode::TransactionNotFound => -6,
            ClickCode::FailedToUpdate => -7,
            ClickCode::BadRequest => -8,
            ClickCode::Cancelled => -9,
        }
    }

    /// The `error_note`, Click's published wording.
    #[must_use]
    pub const fn note(self) -> &'static str {
        match self {
            ClickCode::Success => "Success",
            ClickCode::SignCheckFailed => "SIGN CHECK FAILED!",
            ClickCode::IncorrectAmount => "Incorrect parameter amount",
            ClickCode::ActionNotFound => "Action not found",
            ClickCode::AlreadyPaid => "Already paid",
            ClickCode::UserNotFound => "User does not exist",
            ClickCode::TransactionNotFound => "Transaction does not exist",
            ClickCode::FailedToUpdate => "Failed to update user",
            ClickCode::BadRequest => "Error in request from click",
            ClickCode::Cancelled => "Transaction cancelled",
        }
    }

    /// A code from its `error` value.
    #[must_use]
    pub fn from_code(code: i64) -> Option<ClickCode> {
        ClickCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Our JSON answer (Prepare's or Complete's fields; the ids only where
/// known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClickReply {
    /// Click's id, echoed when it parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_trans_id: Option<i64>,
    /// The invoice id, echoed as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_trans_id: Option<String>,
    /// Prepare: our id for the Click transaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_prepare_id: Option<i64>,
    /// Complete: our id for the completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_confirm_id: Option<i64>,
    /// 0 or one of Click's codes.
    pub error: i64,
    /// Click's wording for `error`.
    pub error_note: String,
}

/// `md5(parts…)` as lowercase hex: Click's `sign_string` over the parts
/// in order (Prepare: `click_trans_id, service_id, SECRET,
/// merchant_trans_id, amount, action, sign_time`; Complete inserts
/// `merchant_prepare_id` after `merchant_trans_id`).
#[must_use]
pub fn sign(parts: &[&str]) -> String {
    let mut md5 = Md5::new();
    for p in parts {
        md5.update(p.as_bytes());
    }
    hex::encode(md5.finalize())
}

/// The fields one call carries, as received (the signature is over these
/// exact strings).
#[derive(Debug, Default)]
struct Raw {
    click_trans_id: String,
    service_id: String,
    click_paydoc_id: String,
    merchant_trans_id: String,
    merchant_prepare_id: String,
    amount: String,
    action: String,
    error: String,
    sign_time: String,
    sign_string: String,
}

/// A call that passed the signature and the field checks.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) click_trans_id: i64,
    pub(crate) click_paydoc_id: i64,
    /// `merchant_trans_id` as received (our order: an invoice, a cargo
    /// payment).
    pub(crate) merchant_trans_id: String,
    /// The invoice, when `merchant_trans_id` is an invoice id at all.
    invoice_id: Option<InvoiceId>,
    /// `None` when `amount` is not a so'm amount.
    pub(crate) amount: Option<i64>,
    pub(crate) amount_text: String,
    /// Complete only.
    pub(crate) merchant_prepare_id: i64,
    /// Click's `error` (0, or < 0 when Click gave up).
    pub(crate) error: i64,
    pub(crate) sign_time: String,
}

/// Reads the form; `Err` is the answer when it cannot be served.
pub(crate) fn parse(body: &[u8], endpoint: Action, click: &ClickSettings) -> Result<Call, ClickCode> {
    let mut raw = Raw::default();
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in form_urlencoded::parse(body) {
        let slot = match key.as_ref() {
            "click_trans_id" => &mut raw.click_trans_id,
            "service_id" => &mut raw.service_id,
            "click_paydoc_id" => &mut raw.click_paydoc_id,
            "merchant_trans_id" => &mut raw.merchant_trans_id,
            "merchant_prepare_id" => &mut raw.merchant_prepare_id,
            "amount" => &mut raw.amount,
            "action" => &mut raw.action,
            "error" => &mut raw.error,
            "sign_time" => &mut raw.sign_time,
            "sign_string" => &mut raw.sign_string,
            // error_note and anything else Click may add: not signed, not used.
            _ => continue,
        };
        // A field twice is ambiguous: which one was signed?
        if seen.iter().any(|k| k == key.as_ref()) {
            return Err(ClickCode::BadRequest);
        }
        seen.push(key.into_owned());
        *slot = value.into_owned();
    }
    let mut required = vec![
        &raw.click_trans_id,
        &raw.service_id,
        &raw.click_paydoc_id,
        &raw.merchant_trans_id,
        &raw.amount,
        &raw.action,
        &raw.error,
        &raw.sign_time,
        &raw.sign_string,
    ];
    if endpoint == Action::Complete {
        required.push(&raw.merchant_prepare_id);
    }
    if required.iter().any(|v| v.is_empty()) {
        return Err(ClickCode::BadRequest);
    }
    let secret = click.secret_key.expose();
    if secret.is_empty() || click.service_id.trim().is_empty() {
        // Not a Click merchant here: nothing can be verified.
        return Err(ClickCode::BadRequest);
    }
    // The formula follows the received `action` (as Click computes it): a
    // correctly signed call to the wrong endpoint is then -3, not -1.
    let expected = match if raw.action == Action::Complete.code() { Action::Complete } else { Action::Prepare } {
        Action::Prepare => sign(&[
            &raw.click_trans_id,
            &raw.service_id,
            secret,
            &raw.merchant_trans_id,
            &raw.amount,
            &raw.action,
            &raw.sign_time,
        ]),
        Action::Complete => sign(&[
            &raw.click_trans_id,
            &raw.service_id,
            secret,
            &raw.merchant_trans_id,
            &raw.merchant_prepare_id,
            &raw.amount,
            &raw.action,
            &raw.sign_time,
        ]),
    };
    let received = raw.sign_string.to_ascii_lowercase();
    if !bool::from(expected.as_bytes().ct_eq(received.as_bytes())) {
        return Err(ClickCode::SignCheckFailed);
    }
    if raw.action != endpoint.code() {
        return Err(ClickCode::ActionNotFound);
    }
    if raw.service_id != click.service_id.trim() {
        return Err(ClickCode::BadRequest);
    }
    let id = |s: &str| s.parse::<i64>().ok().filter(|n| *n > 0);
    let click_trans_id = id(&raw.click_trans_id).ok_or(ClickCode::BadRequest)?;
    let click_paydoc_id = id(&raw.click_paydoc_id).ok_or(ClickCode::BadRequest)?;
    let merchant_prepare_id = match endpoint {
        Action::Prepare => 0,
        Action::Complete => id(&raw.merchant_prepare_id).ok_or(ClickCode::BadRequest)?,
    };
    let error = raw.error.parse::<i64>().map_err(|_| ClickCode::BadRequest)?;
    if !is_sign_time(&raw.sign_time) {
        return Err(ClickCode::BadRequest);
    }
    Ok(Call {
        click_trans_id,
        click_paydoc_id,
        invoice_id: InvoiceId::parse(&raw.merchant_trans_id),
        merchant_trans_id: raw.merchant_trans_id,
        amount: parse_som(&raw.amount),
        amount_text: raw.amount,
        merchant_prepare_id,
        error,
        sign_time: raw.sign_time,
    })
}

/// `YYYY-MM-DD HH:mm:ss`.
fn is_sign_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

/// The answer `code` to the call in `body`, decided before it was read
/// (e.g. our storage failed to say whose service it is).
pub(crate) fn refused(body: &[u8], code: ClickCode) -> ClickReply {
    let (click_trans_id, merchant_trans_id) = echo(body);
    ClickReply {
        click_trans_id,
        merchant_trans_id,
        merchant_prepare_id: None,
        merchant_confirm_id: None,
        error: code.code(),
        error_note: code.note().to_owned(),
    }
}

/// The ids Click sent, to echo in every answer.
fn echo(body: &[u8]) -> (Option<i64>, Option<String>) {
    let mut trans = None;
    let mut merchant = None;
    for (k, v) in form_urlencoded::parse(body) {
        match k.as_ref() {
            "click_trans_id" if trans.is_none() => trans = v.parse().ok(),
            "merchant_trans_id" if merchant.is_none() => merchant = Some(v.chars().take(64).collect()),
            _ => {}
        }
    }
    (trans, merchant)
}

/// What a call decided.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) code: ClickCode,
    pub(crate) merchant_prepare_id: Option<i64>,
    pub(crate) merchant_confirm_id: Option<i64>,
    /// Something was paid (an invoice: the hubs' limits changed).
    pub(crate) paid: bool,
}

impl Outcome {
    pub(crate) fn code(code: ClickCode) -> Self {
        Self { code, merchant_prepare_id: None, merchant_confirm_id: None, paid: false }
    }

    /// The answer to a call about a Click transaction that is no longer
    /// prepared, `None` while it is: completed before is -4 (Complete
    /// repeats our `merchant_confirm_id`; nothing changes), cancelled is -9.
    pub(crate) fn ended(state: ClickState, confirm_id: Option<i64>) -> Option<Self> {
        match state {
            ClickState::Completed => Some(Self {
                code: ClickCode::AlreadyPaid,
                merchant_prepare_id: None,
                merchant_confirm_id: confirm_id,
                paid: false,
            }),
            ClickState::Cancelled => Some(Self::code(ClickCode::Cancelled)),
            ClickState::Prepared => None,
        }
    }
}

async fn prepare(State(state): State<AppState>, body: Bytes) -> Json<ClickReply> {
    serve(&state, Action::Prepare, &body).await
}

async fn complete(State(state): State<AppState>, body: Bytes) -> Json<ClickReply> {
    serve(&state, Action::Complete, &body).await
}

/// Parses, decides inside one database transaction (retried when two
/// calls raced to insert the same Click transaction), answers.
async fn serve(state: &AppState, endpoint: Action, body: &[u8]) -> Json<ClickReply> {
    let (reply, paid) = answer(endpoint, body, &state.settings.billing.click, &Invoices(state)).await;
    if paid {
        state.config_changed();
    }
    Json(reply)
}

/// What decides a call once it is parsed and authenticated: our orders
/// (subscription invoices, cargo payments) and their Click transactions.
pub(crate) trait Decide: Sync {
    /// The answer to `call` at `endpoint`, decided in one database
    /// transaction.
    fn decide(&self, endpoint: Action, call: &Call) -> impl Future<Output = Result<Outcome, DbError>> + Send;
}

/// Subscription invoices.
struct Invoices<'a>(&'a AppState);

impl Decide for Invoices<'_> {
    async fn decide(&self, endpoint: Action, call: &Call) -> Result<Outcome, DbError> {
        match endpoint {
            Action::Prepare => decide_prepare(self.0, call).await,
            Action::Complete => decide_complete(self.0, call).await,
        }
    }
}

/// Click's answer to the call in `body` to `endpoint` of the service
/// `click` describes: parsed and authenticated here, decided by `decider`
/// (retried when two calls raced to insert the same Click transaction).
/// Also says whether something was paid.
pub(crate) async fn answer(
    endpoint: Action,
    body: &[u8],
    click: &ClickSettings,
    decider: &impl Decide,
) -> (ClickReply, bool) {
    let (click_trans_id, merchant_trans_id) = echo(body);
    let outcome = match parse(body, endpoint, click) {
        Err(code) => Outcome::code(code),
        Ok(call) => {
            let mut attempt = 0;
            loop {
                attempt += 1;
                match decider.decide(endpoint, &call).await {
                    Ok(outcome) => break outcome,
                    Err(DbError::Conflict) if attempt < 3 => {}
                    Err(e) => {
                        error!(click.trans_id = call.click_trans_id, error = %e, "click call failed in storage");
                        break Outcome::code(ClickCode::FailedToUpdate);
                    }
                }
            }
        }
    };
    let log_action = endpoint.code();
    if outcome.code == ClickCode::Success {
        info!(click.action = log_action, click.service = %click.service_id, click.trans_id = ?click_trans_id, click.merchant_trans_id = ?merchant_trans_id, paid = outcome.paid, "click call served");
    } else {
        warn!(click.action = log_action, click.service = %click.service_id, click.trans_id = ?click_trans_id, click.merchant_trans_id = ?merchant_trans_id, click.error = outcome.code.code(), "click call refused");
    }
    let reply = ClickReply {
        click_trans_id,
        merchant_trans_id,
        merchant_prepare_id: outcome.merchant_prepare_id,
        merchant_confirm_id: outcome.merchant_confirm_id,
        error: outcome.code.code(),
        error_note: outcome.code.note().to_owned(),
    };
    (reply, outcome.paid)
}

/// Prepare: the invoice exists, is open and costs exactly `amount`; the
/// Click transaction is recorded once.
async fn decide_prepare(state: &AppState, call: &Call) -> Result<Outcome, DbError> {
    let Some(invoice_id) = &call.invoice_id else {
        return Ok(Outcome::code(ClickCode::UserNotFound));
    };
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let invoice = match lock_invoice(&mut tx, invoice_id).await {
        Ok(i) => i,
        Err(DbError::NotFound) => return Ok(Outcome::code(ClickCode::UserNotFound)),
        Err(e) => return Err(e),
    };
    if call.amount != Some(invoice.amount) {
        return Ok(Outcome::code(ClickCode::IncorrectAmount));
    }
    let existing = store::by_click_id(&mut tx, call.click_trans_id).await?;
    if let Some(t) = &existing {
        if t.invoice_id != invoice.id {
            // One Click transaction cannot be for two invoices.
            return Ok(Outcome::code(ClickCode::BadRequest));
        }
        if let Some(ended) = Outcome::ended(t.state, None) {
            return Ok(ended);
        }
    }
    if call.error < 0 {
        // Click says this payment failed before it was prepared.
        if existing.is_some() {
            store::cancel(&mut tx, call.click_trans_id, Some(call.error), now).await?;
            tx.commit().await?;
        }
        return Ok(Outcome::code(ClickCode::Cancelled));
    }
    match invoice.status {
        InvoiceStatus::Paid => return Ok(Outcome::code(ClickCode::AlreadyPaid)),
        InvoiceStatus::Cancelled => return Ok(Outcome::code(ClickCode::Cancelled)),
        InvoiceStatus::Open => {}
    }
    let prepared = match existing {
        Some(t) => t,
        None => {
            let new = NewClickTransaction {
                click_trans_id: call.click_trans_id,
                invoice_id: &invoice.id,
                click_paydoc_id: call.click_paydoc_id,
                amount_text: &call.amount_text,
                amount: invoice.amount,
                sign_time: &call.sign_time,
            };
            let t = store::insert_prepared(&mut tx, &new, now).await?;
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

/// Complete: the prepared Click transaction of this invoice either pays it
/// (settled in the same database transaction) or is cancelled.
async fn decide_complete(state: &AppState, call: &Call) -> Result<Outcome, DbError> {
    let Some(invoice_id) = &call.invoice_id else {
        return Ok(Outcome::code(ClickCode::UserNotFound));
    };
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let invoice = match lock_invoice(&mut tx, invoice_id).await {
        Ok(i) => i,
        Err(DbError::NotFound) => return Ok(Outcome::code(ClickCode::UserNotFound)),
        Err(e) => return Err(e),
    };
    if call.amount != Some(invoice.amount) {
        return Ok(Outcome::code(ClickCode::IncorrectAmount));
    }
    let txn = match store::by_prepare_id(&mut tx, call.merchant_prepare_id).await? {
        Some(t) if t.invoice_id == invoice.id && t.click_trans_id == call.click_trans_id => t,
        _ => return Ok(Outcome::code(ClickCode::TransactionNotFound)),
    };
    if let Some(ended) = Outcome::ended(txn.state, txn.merchant_confirm_id) {
        return Ok(ended);
    }
    if call.error < 0 {
        store::cancel(&mut tx, txn.click_trans_id, Some(call.error), now).await?;
        tx.commit().await?;
        return Ok(Outcome::code(ClickCode::Cancelled));
    }
    match invoice.status {
        // Paid by another Click transaction or another provider: this
        // payment is not taken (Click returns it to the payer).
        InvoiceStatus::Paid => return Ok(Outcome::code(ClickCode::AlreadyPaid)),
        InvoiceStatus::Cancelled => {
            store::cancel(&mut tx, txn.click_trans_id, None, now).await?;
            tx.commit().await?;
            return Ok(Outcome::code(ClickCode::Cancelled));
        }
        InvoiceStatus::Open => {}
    }
    let payment = match settle(&mut tx, &invoice.id, Provider::Click, &txn.click_trans_id.to_string(), now).await {
        Ok(Settled::Paid(p)) => p,
        Ok(Settled::AlreadyPaid(_)) => return Ok(Outcome::code(ClickCode::AlreadyPaid)),
        Err(SettleError::NotFound) => return Ok(Outcome::code(ClickCode::UserNotFound)),
        Err(SettleError::Cancelled) => return Ok(Outcome::code(ClickCode::Cancelled)),
        Err(SettleError::Db(e)) => return Err(e),
    };
    let confirm_id = store::complete(&mut tx, txn.click_trans_id, now).await?;
    tx.commit().await?;
    info!(invoice.id = %invoice.id, payment.id = %payment.id, click.trans_id = txn.click_trans_id, "invoice paid through Click");
    Ok(Outcome {
        code: ClickCode::Success,
        merchant_prepare_id: None,
        merchant_confirm_id: Some(confirm_id),
        paid: true,
    })
}

#[cfg(test)]
#[path = "click_tests.rs"]
mod tests;
