//! The hub API for mobile payments at the till:
//! - `POST /api/v1/multicard/payments` ([`CloudInvoiceRequest`] →
//!   [`CloudInvoice`]): makes a Multicard invoice with the hub's branch's
//!   credentials (or finds the one made for the same terminal payment);
//!   `409 {"error":"unavailable"}` when the branch has no enabled Multicard,
//!   `503 {"error":"unavailable"}` when Multicard cannot be reached or
//!   refuses the credentials.
//! - `POST /api/v1/multicard/payments/wait` ([`CloudWaitRequest`] →
//!   [`CloudWaitResponse`]): a long poll that answers as soon as one of the
//!   hub's payments is no longer pending.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use protocol::mobile::{CloudInvoice, CloudInvoiceRequest, CloudWaitRequest, CloudWaitResponse};
use protocol::{OrderId, PaymentId, TerminalId};
use serde_json::json;

use super::api::{self, ApiError, NewInvoice, OfdItem};
use super::token::{self, TokenError};
use crate::billing::store::multicard::{BranchCredentials, MobilePayment, MobileStatus};
use crate::db::{DbError, now_ms};
use crate::http::{AppState, AuthedHub};

/// The longest a wait call is held.
const MAX_WAIT_MS: u64 = 25_000;
/// The most payments one wait call may name.
const MAX_WAIT_IDS: usize = 64;
/// The largest mobile payment, tiyin (100 million so'm).
const MAX_AMOUNT: i64 = 10_000_000_000;
/// How long an invoice may be paid, seconds.
const INVOICE_TTL_S: i64 = 900;

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": code, "message": message }))).into_response()
}

fn internal(e: &DbError) -> Response {
    tracing::error!(error = %e, "multicard hub API failed");
    error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "retry later")
}

fn unavailable(message: &str) -> Response {
    error(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
}

fn view(p: &MobilePayment) -> CloudInvoice {
    CloudInvoice {
        id: p.id.clone(),
        payment: p.payment_id.clone(),
        checkout_url: p.checkout_url.clone(),
        status: p.status.code().to_owned(),
    }
}

/// A hub's request, parsed.
fn parse(body: &[u8]) -> Option<(TerminalId, OrderId, PaymentId, i64)> {
    let req: CloudInvoiceRequest = serde_json::from_slice(body).ok()?;
    let terminal = TerminalId::parse(&req.terminal).ok()?;
    let order = OrderId::parse(&req.order).ok()?;
    let payment = PaymentId::parse(&req.payment).ok()?;
    (1..=MAX_AMOUNT).contains(&req.amount).then_some((terminal, order, payment, req.amount))
}

/// `POST /api/v1/multicard/payments`.
pub async fn create(State(state): State<AppState>, AuthedHub(hub): AuthedHub, body: Bytes) -> Response {
    let Some((terminal, order, payment, amount)) = parse(&body) else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "expected {terminal, order, payment, amount > 0}");
    };
    let creds = match state.db.multicard_credentials(&hub.branch_id).await {
        Ok(Some(c)) if c.enabled => c,
        Ok(_) => return error(StatusCode::CONFLICT, "unavailable", "Multicard is not enabled for this branch"),
        Err(e) => return internal(&e),
    };
    let asked = MobilePayment {
        id: uuid::Uuid::now_v7().simple().to_string(),
        business_id: hub.business_id.clone(),
        branch_id: hub.branch_id.clone(),
        terminal_id: terminal.to_string(),
        request_id: payment.to_string(),
        order_id: order.to_string(),
        payment_id: payment.to_string(),
        amount,
        store_id: creds.store_id.clone(),
        uuid: String::new(),
        checkout_url: String::new(),
        status: MobileStatus::Pending,
        created_at: now_ms(),
        paid_at: 0,
    };
    let p = match state.db.open_mobile_payment(&asked).await {
        Ok((p, _)) => p,
        Err(e) => return internal(&e),
    };
    if p.terminal_id != asked.terminal_id || p.amount != amount {
        return error(StatusCode::CONFLICT, "conflict", "this payment id was used for another payment");
    }
    if p.status != MobileStatus::Pending || !p.checkout_url.is_empty() {
        return Json(view(&p)).into_response();
    }
    match invoice(&state, &creds, &p).await {
        Ok(made) => {
            if let Err(e) = state.db.set_mobile_invoice(&p.id, &made.uuid, &made.checkout_url).await {
                return internal(&e);
            }
            tracing::info!(payment.id = %p.id, branch.id = %p.branch_id, multicard.uuid = %made.uuid, amount, "mobile payment invoice made");
            match state.db.mobile_payment(&p.id).await {
                Ok(p) => Json(view(&p)).into_response(),
                Err(e) => internal(&e),
            }
        }
        // The payment stays pending without an invoice: the terminal may ask
        // again, and the same invoice id is tried again.
        Err(InvoiceError::Token(TokenError::Db(e))) => internal(&e),
        Err(e) => {
            tracing::warn!(payment.id = %p.id, branch.id = %p.branch_id, error = %e, "mobile payment invoice not made");
            unavailable("Multicard cannot take the payment now")
        }
    }
}

#[derive(Debug, thiserror::Error)]
enum InvoiceError {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Api(#[from] ApiError),
}

/// Makes the invoice; a refused token is renewed once.
async fn invoice(
    state: &AppState,
    creds: &BranchCredentials,
    p: &MobilePayment,
) -> Result<api::CreatedInvoice, InvoiceError> {
    let base = &state.settings.billing.multicard.base_url;
    let new = NewInvoice {
        store_id: creds.store_id.clone(),
        amount: p.amount,
        invoice_id: p.id.clone(),
        callback_url: format!("{}/api/v1/billing/multicard/callback", state.settings.public_url()),
        ofd: vec![OfdItem {
            qty: 1,
            price: p.amount,
            mxik: String::new(),
            total: p.amount,
            package_code: String::new(),
            name: format!("Order {}", p.order_id),
        }],
        lang: Some("uz".into()),
        ttl: Some(INVOICE_TTL_S),
    };
    let token = token::token(state, creds, false).await?;
    match api::create_invoice(base, &token, &new).await {
        Err(ApiError::Unauthorized) => {
            let token = token::token(state, creds, true).await?;
            Ok(api::create_invoice(base, &token, &new).await?)
        }
        other => Ok(other?),
    }
}

/// `POST /api/v1/multicard/payments/wait`.
pub async fn wait(State(state): State<AppState>, AuthedHub(hub): AuthedHub, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<CloudWaitRequest>(&body) else {
        return error(StatusCode::BAD_REQUEST, "bad_request", "expected {ids, wait_ms}");
    };
    if req.ids.len() > MAX_WAIT_IDS {
        return error(StatusCode::BAD_REQUEST, "bad_request", "too many ids");
    }
    let deadline = tokio::time::Instant::now() + Duration::from_millis(req.wait_ms.min(MAX_WAIT_MS));
    let mut changes = super::changes().subscribe();
    loop {
        let mut done = Vec::new();
        for id in &req.ids {
            match state.db.mobile_payment(id).await {
                Ok(p) if p.branch_id == hub.branch_id && p.status != MobileStatus::Pending => done.push(view(&p)),
                Ok(_) | Err(DbError::NotFound) => {}
                Err(e) => return internal(&e),
            }
        }
        if !done.is_empty() || tokio::time::Instant::now() >= deadline {
            return Json(CloudWaitResponse { done }).into_response();
        }
        // Woken at once by a callback in this process; another instance's
        // is found by the next look, a second later at most.
        let _ = tokio::time::timeout_at(
            deadline.min(tokio::time::Instant::now() + Duration::from_secs(1)),
            changes.changed(),
        )
        .await;
    }
}
