//! Multicard's calls to us: the success callback
//! (`POST /api/v1/billing/multicard/callback`) and the status webhook
//! (`POST /api/v1/billing/multicard/webhook`).
//!
//! Which branch's secret verifies a call is found from our invoice id (the
//! mobile payment). A wrong sign is refused and changes nothing; a uuid
//! seen before is answered `{"success":true}` and counted once. Any answer
//! but 200 `{"success":true}` makes Multicard revert the payment, so a
//! payment we no longer wait for (failed, refunded) is refused on purpose.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::api::value_text;
use super::sign;
use crate::billing::store::multicard::{self as store, Confirmed, MobilePayment, MobileStatus};
use crate::db::DbError;
use crate::http::AppState;

/// The success callback's fields we use (the others — billing_id,
/// payment_time, phone, card_pan, ps, card_token, receipt_url — are kept
/// by Multicard and not needed here).
#[derive(Debug, Deserialize)]
struct SuccessCallback {
    store_id: Value,
    amount: Value,
    invoice_id: Value,
    uuid: Value,
    sign: String,
}

/// A status webhook.
#[derive(Debug, Deserialize)]
struct StatusWebhook {
    uuid: Value,
    invoice_id: Value,
    amount: Value,
    status: String,
    sign: String,
}

fn ok() -> Response {
    Json(json!({ "success": true })).into_response()
}

fn refuse(status: StatusCode, code: &str, details: &str) -> Response {
    (status, Json(json!({ "success": false, "error": { "code": code, "details": details } }))).into_response()
}

fn internal(e: &DbError) -> Response {
    tracing::error!(error = %e, "multicard callback failed");
    refuse(StatusCode::INTERNAL_SERVER_ERROR, "internal", "try again")
}

/// The payment named by `invoice_id` and its branch's secret.
async fn payment_and_secret(state: &AppState, invoice_id: &str) -> Result<(MobilePayment, String), Response> {
    let payment = match state.db.mobile_payment(invoice_id).await {
        Ok(p) => p,
        Err(DbError::NotFound) => return Err(refuse(StatusCode::NOT_FOUND, "invoice_not_found", "unknown invoice_id")),
        Err(e) => return Err(internal(&e)),
    };
    let creds = match state.db.multicard_credentials(&payment.branch_id).await {
        Ok(Some(c)) => c,
        Ok(None) => return Err(refuse(StatusCode::FORBIDDEN, "invalid_sign", "no credentials")),
        Err(e) => return Err(internal(&e)),
    };
    match state.vault.open(&creds.secret_sealed, creds.branch_id.as_str()) {
        Ok(secret) => Ok((payment, secret)),
        Err(_) => {
            tracing::error!(branch.id = %creds.branch_id, "the branch's multicard secret does not open");
            Err(refuse(StatusCode::INTERNAL_SERVER_ERROR, "internal", "try again"))
        }
    }
}

/// Counts a verified call and wakes the hubs waiting for it.
///
/// A success for a payment no longer pending (failed, refunded) is refused
/// when `strict` (the success callback: Multicard then reverts the money)
/// and acknowledged otherwise (status webhooks).
async fn count(
    state: &AppState,
    payment: &MobilePayment,
    (uuid, kind): (&str, &str),
    to: MobileStatus,
    strict: bool,
) -> Response {
    let result = async {
        let mut tx = state.db.begin_write().await?;
        let outcome = if to == MobileStatus::Refunded {
            if store::mark_refunded(&mut tx, &payment.id).await? {
                Confirmed::Counted
            } else {
                Confirmed::AlreadyCounted
            }
        } else {
            store::count_callback(&mut tx, &payment.id, uuid, kind, to).await?
        };
        if outcome != Confirmed::NotPending {
            tx.commit().await?;
        }
        Ok::<_, DbError>(outcome)
    }
    .await;
    match result {
        Ok(Confirmed::Counted) => {
            tracing::info!(payment.id = %payment.id, multicard.uuid = %uuid, status = to.code(), "multicard payment updated");
            super::changed();
            ok()
        }
        Ok(Confirmed::AlreadyCounted) => ok(),
        Ok(Confirmed::NotPending) if !strict => ok(),
        Ok(Confirmed::NotPending) => {
            tracing::warn!(payment.id = %payment.id, multicard.uuid = %uuid, "multicard confirmed a payment no longer pending");
            refuse(StatusCode::CONFLICT, "not_pending", "the payment was cancelled")
        }
        Err(e) => internal(&e),
    }
}

/// `POST /api/v1/billing/multicard/callback`.
pub async fn success(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(cb) = serde_json::from_slice::<SuccessCallback>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "bad_request", "malformed callback");
    };
    let (store_id, amount, invoice_id, uuid) =
        (value_text(&cb.store_id), value_text(&cb.amount), value_text(&cb.invoice_id), value_text(&cb.uuid));
    if uuid.is_empty() || invoice_id.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "bad_request", "uuid and invoice_id are required");
    }
    let (payment, secret) = match payment_and_secret(&state, &invoice_id).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    if !sign::matches(&sign::success_sign(&store_id, &invoice_id, &amount, &secret), &cb.sign) {
        tracing::warn!(payment.id = %payment.id, multicard.uuid = %uuid, "multicard callback with a wrong sign refused");
        return refuse(StatusCode::FORBIDDEN, "invalid_sign", "sign does not match");
    }
    if store_id != payment.store_id || amount.parse::<i64>().ok() != Some(payment.amount) {
        tracing::warn!(payment.id = %payment.id, multicard.uuid = %uuid, "multicard callback for another store or amount");
        return refuse(StatusCode::BAD_REQUEST, "mismatch", "store_id or amount differs from the invoice");
    }
    count(&state, &payment, (&uuid, "success"), MobileStatus::Paid, true).await
}

/// `POST /api/v1/billing/multicard/webhook`: status changes.
pub async fn webhook(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(wh) = serde_json::from_slice::<StatusWebhook>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "bad_request", "malformed webhook");
    };
    let (uuid, invoice_id, amount) = (value_text(&wh.uuid), value_text(&wh.invoice_id), value_text(&wh.amount));
    if uuid.is_empty() || invoice_id.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "bad_request", "uuid and invoice_id are required");
    }
    let (payment, secret) = match payment_and_secret(&state, &invoice_id).await {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    if !sign::matches(&sign::webhook_sign(&uuid, &invoice_id, &amount, &secret), &wh.sign) {
        tracing::warn!(payment.id = %payment.id, multicard.uuid = %uuid, "multicard webhook with a wrong sign refused");
        return refuse(StatusCode::FORBIDDEN, "invalid_sign", "sign does not match");
    }
    if amount.parse::<i64>().ok() != Some(payment.amount) {
        return refuse(StatusCode::BAD_REQUEST, "mismatch", "amount differs from the invoice");
    }
    match wh.status.as_str() {
        "success" => count(&state, &payment, (&uuid, "success"), MobileStatus::Paid, false).await,
        "error" => count(&state, &payment, (&uuid, "error"), MobileStatus::Failed, false).await,
        "revert" => count(&state, &payment, (&uuid, "revert"), MobileStatus::Refunded, false).await,
        // draft, progress, billing: on the way; nothing to record.
        _ => ok(),
    }
}
