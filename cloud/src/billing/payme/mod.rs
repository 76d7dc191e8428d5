//! Payme's merchant API (B2): the JSON-RPC endpoint Payme calls while an
//! owner pays an invoice on Payme's checkout, `POST /api/v1/billing/payme`.
//!
//! The protocol is Payme's (PROVIDERS.md, PaycomUZ's templates):
//! - Always HTTP 200 with a JSON-RPC answer; a method other than POST gets
//!   `-32300`. The body is read as JSON whatever its `Content-Type` (Payme
//!   sends `text/json` and `application/json`; a JSON-RPC server has no
//!   better answer than `-32700` for a body that is not JSON anyway).
//! - `Authorization: Basic base64("Paycom:" + key)` is checked first, in
//!   constant time, against the key ChangePassword stored (sealed) or else
//!   `billing.payme.key`; a mismatch is `-32504` whatever the body.
//! - Then: not JSON → `-32700`; not an object, no `method`, `params` missing
//!   or a field of the wrong type → `-32600` (Payme's docs use `-32600` for
//!   "required fields missing or of the wrong type"); unknown method →
//!   `-32601`.
//! - `account.{billing.payme.account_field}` names the invoice: unknown →
//!   `-31050`, already paid → `-31051`, cancelled → `-31052` (each with
//!   `data` = the field name); `-31051` is our "already paid" answer. An
//!   amount other than the invoice's → `-31001`.
//! - Transaction states 1, 2, -1, -2; a repeated call returns what was
//!   stored (the same times). A created transaction whose Payme `time` is
//!   older than `billing.payme.timeout_ms` (12 h) is cancelled with reason 4
//!   when Create or Perform touches it, and the call gets `-31008`; another
//!   live transaction for the same invoice → `-31008`.
//! - PerformTransaction settles the invoice in the same database transaction
//!   as the Payme row. If another provider (or another Payme transaction)
//!   paid the invoice meanwhile, the money is not counted twice: the call
//!   gets `-31008` and the transaction stays created, for Payme to cancel.
//! - CancelTransaction of a created transaction → `-1` (the invoice stays
//!   open to be paid again); of a performed one → `-31007`: the paid time was
//!   delivered at once (the subscription was extended), so we do not refund
//!   through Payme; an operator does it by hand.
//! - CheckTransaction only reports (it cancels nothing, as in Payme's docs).
//!
//! The error texts Payme shows payers are part of the protocol (one text per
//! code, in Russian, Uzbek and English) and live here with their codes.

mod protocol;

pub use protocol::*;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::invoices::{Invoice, InvoiceStatus, Provider, SettleError, Settled};
use super::store::invoices::{lock_invoice, settle};
use super::store::payme::{
    active_transactions, cancel_transaction, insert_transaction, lock_transaction, perform_transaction,
};
use crate::db::{DbError, Tx, now_ms};
use crate::http::AppState;
use crate::ids::InvoiceId;

/// Where Payme calls us.
pub const PATH: &str = "/api/v1/billing/payme";

/// The vault context of the key ChangePassword stores.
const KEY_CONTEXT: &str = "payme_keys:1";

/// Payme's login in the Basic credentials.
const LOGIN: &str = "Paycom";

/// The endpoint, in the provider callbacks group.
pub fn callbacks() -> Router<AppState> {
    Router::new().route(PATH, post(endpoint).fallback(not_post))
}

/// A parsed call.
#[derive(Debug, Clone, PartialEq)]
enum Request {
    CheckPerform { amount: Value, account: Map<String, Value> },
    Create { id: String, time: i64, amount: Value, account: Map<String, Value> },
    Perform { id: String },
    Cancel { id: String, reason: i64 },
    Check { id: String },
    Statement { from: i64, to: i64 },
    ChangePassword { password: String },
}

impl Request {
    fn method(&self) -> &'static str {
        match self {
            Request::CheckPerform { .. } => "CheckPerformTransaction",
            Request::Create { .. } => "CreateTransaction",
            Request::Perform { .. } => "PerformTransaction",
            Request::Cancel { .. } => "CancelTransaction",
            Request::Check { .. } => "CheckTransaction",
            Request::Statement { .. } => "GetStatement",
            Request::ChangePassword { .. } => "ChangePassword",
        }
    }
}

/// The JSON-RPC envelope and the method's parameters, typed.
fn parse_request(body: &Value) -> Result<Request, RpcError> {
    let obj = body.as_object().ok_or(RpcError::InvalidRequest)?;
    let method = obj.get("method").and_then(Value::as_str).ok_or(RpcError::InvalidRequest)?;
    let known = [
        "CheckPerformTransaction",
        "CreateTransaction",
        "PerformTransaction",
        "CancelTransaction",
        "CheckTransaction",
        "GetStatement",
        "ChangePassword",
    ];
    if !known.contains(&method) {
        return Err(RpcError::Method);
    }
    let params = obj.get("params").and_then(Value::as_object).ok_or(RpcError::InvalidRequest)?;
    let int = |k: &str| params.get(k).and_then(Value::as_i64).ok_or(RpcError::InvalidRequest);
    let id = || {
        params
            .get("id")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty() && s.len() <= 64)
            .map(str::to_owned)
            .ok_or(RpcError::InvalidRequest)
    };
    let amount = || match params.get("amount") {
        Some(v @ Value::Number(_)) => Ok(v.clone()),
        _ => Err(RpcError::InvalidRequest),
    };
    let account = || params.get("account").and_then(Value::as_object).cloned().ok_or(RpcError::InvalidRequest);
    Ok(match method {
        "CheckPerformTransaction" => Request::CheckPerform { amount: amount()?, account: account()? },
        "CreateTransaction" => {
            Request::Create { id: id()?, time: int("time")?, amount: amount()?, account: account()? }
        }
        "PerformTransaction" => Request::Perform { id: id()? },
        "CancelTransaction" => {
            let reason = int("reason")?;
            if !REASONS.contains(&reason) {
                return Err(RpcError::InvalidRequest);
            }
            Request::Cancel { id: id()?, reason }
        }
        "CheckTransaction" => Request::Check { id: id()? },
        "GetStatement" => Request::Statement { from: int("from")?, to: int("to")? },
        _ => {
            let password = params
                .get("password")
                .and_then(Value::as_str)
                .filter(|p| !p.is_empty() && p.len() <= 256)
                .ok_or(RpcError::InvalidRequest)?;
            Request::ChangePassword { password: password.to_owned() }
        }
    })
}

/// The key in `Authorization: Basic base64("Paycom:" + key)`, if the
/// header has that shape.
fn presented_key(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (login, key) = decoded.split_once(':')?;
    (login == LOGIN).then(|| key.to_owned())
}

/// Whether the call carries the merchant key in force.
async fn authorised(state: &AppState, headers: &HeaderMap) -> Result<bool, RpcError> {
    let Some(presented) = presented_key(headers) else { return Ok(false) };
    let expected = match state.db.payme_key_sealed().await? {
        Some(sealed) => state.vault.open(&sealed, KEY_CONTEXT).map_err(|e| {
            // Fail closed: the configured key may be the one that was replaced.
            tracing::error!(error = %e, "payme: the stored key does not open");
            RpcError::System
        })?,
        None => state.settings.billing.payme.key.expose().to_owned(),
    };
    Ok(!expected.is_empty() && crate::secrets::same(&presented, &expected))
}

fn reply(body: &Value) -> Response {
    let mut r = axum::Json(body).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=UTF-8"));
    r
}

fn error_body(id: &Value, e: RpcError, field: &str) -> Value {
    let (ru, uz, en) = e.message();
    let mut error = json!({"code": e.code(), "message": {"ru": ru, "uz": uz, "en": en}});
    if e.about_account()
        && let Some(obj) = error.as_object_mut()
    {
        obj.insert("data".into(), Value::String(field.to_owned()));
    }
    json!({"jsonrpc": "2.0", "id": id, "result": null, "error": error})
}

async fn not_post() -> Response {
    reply(&error_body(&Value::Null, RpcError::NotPost, ""))
}

async fn endpoint(AxumState(state): AxumState<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let field = state.settings.billing.payme.account_field.clone();
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let id = parsed.as_ref().and_then(|v| v.get("id")).cloned().unwrap_or(Value::Null);
    let outcome = async {
        if !authorised(&state, &headers).await? {
            return Err(RpcError::Auth);
        }
        let request = parse_request(parsed.as_ref().ok_or(RpcError::Parse)?)?;
        let method = request.method();
        let result = handle(&state, request).await;
        match &result {
            Ok(_) => tracing::info!(payme.method = method, "payme call answered"),
            Err(e) => tracing::info!(payme.method = method, payme.error = e.code(), "payme call refused"),
        }
        result
    }
    .await;
    match outcome {
        Ok(result) => reply(&json!({"jsonrpc": "2.0", "id": id, "result": result})),
        Err(e) => reply(&error_body(&id, e, &field)),
    }
}

async fn handle(state: &AppState, request: Request) -> Result<Value, RpcError> {
    let now = now_ms();
    match request {
        Request::CheckPerform { amount, account } => check_perform(state, &amount, &account).await,
        Request::Create { id, time, amount, account } => {
            // A unique-key race (the same Payme id for two invoices at once)
            // is settled by running again: the second run sees the first.
            let mut attempts = 0;
            loop {
                attempts += 1;
                match create(state, &id, time, &amount, &account, now).await {
                    Err(Retry::Conflict) if attempts < 3 => {}
                    Err(Retry::Conflict) => return Err(RpcError::CannotPerform),
                    Err(Retry::Rpc(e)) => return Err(e),
                    Ok(v) => return Ok(v),
                }
            }
        }
        Request::Perform { id } => perform(state, &id, now).await,
        Request::Cancel { id, reason } => cancel(state, &id, reason, now).await,
        Request::Check { id } => {
            let t = state.db.payme_transaction(&id).await?.ok_or(RpcError::TransactionNotFound)?;
            Ok(json!({
                "create_time": t.create_time,
                "perform_time": t.perform_time,
                "cancel_time": t.cancel_time,
                "transaction": t.transaction,
                "state": t.state.code(),
                "reason": t.reason,
            }))
        }
        Request::Statement { from, to } => {
            let field = &state.settings.billing.payme.account_field;
            let list = state.db.payme_statement(from, to).await?;
            let transactions: Vec<Value> = list
                .iter()
                .map(|t| {
                    let mut account = Map::new();
                    account.insert(field.clone(), Value::String(t.invoice_id.to_string()));
                    json!({
                        "id": t.id,
                        "time": t.time,
                        "amount": t.amount,
                        "account": account,
                        "create_time": t.create_time,
                        "perform_time": t.perform_time,
                        "cancel_time": t.cancel_time,
                        "transaction": t.transaction,
                        "state": t.state.code(),
                        "reason": t.reason,
                    })
                })
                .collect();
            Ok(json!({ "transactions": transactions }))
        }
        Request::ChangePassword { password } => {
            let sealed = state.vault.seal(&password, KEY_CONTEXT).map_err(|e| {
                tracing::error!(error = %e, "payme: cannot seal the new key");
                RpcError::System
            })?;
            state.db.set_payme_key_sealed(&sealed, now).await?;
            tracing::info!("payme: the merchant key was changed by ChangePassword");
            Ok(json!({ "success": true }))
        }
    }
}

/// The invoice `account` names (not locked).
fn invoice_id_of(state: &AppState, account: &Map<String, Value>) -> Result<InvoiceId, RpcError> {
    let field = &state.settings.billing.payme.account_field;
    account.get(field).and_then(Value::as_str).and_then(InvoiceId::parse).ok_or(RpcError::NoInvoice)
}

/// Payme's amount as tiyin; anything but a whole positive number is wrong.
fn tiyin(amount: &Value) -> Option<i64> {
    amount.as_i64().filter(|a| *a > 0)
}

/// The invoice can be paid with `amount`.
fn payable(invoice: &Invoice, amount: &Value) -> Result<(), RpcError> {
    match invoice.status {
        InvoiceStatus::Paid => return Err(RpcError::InvoicePaid),
        InvoiceStatus::Cancelled => return Err(RpcError::InvoiceCancelled),
        InvoiceStatus::Open => {}
    }
    if tiyin(amount) != Some(invoice.amount) {
        return Err(RpcError::Amount);
    }
    Ok(())
}

fn timed_out(state: &AppState, t: &Transaction, now: i64) -> bool {
    now.saturating_sub(t.time) > state.settings.billing.payme.timeout_ms
}

/// The receipt line for the invoice: Uzbek text, as the fiscal receipt is.
fn receipt_title(invoice: &Invoice) -> String {
    let period = match invoice.period {
        super::lifecycle::Period::Month => "1 oy",
        super::lifecycle::Period::Year => "1 yil",
    };
    format!("POS obuna: {} tarifi, {period}", invoice.tariff_name)
}

async fn check_perform(state: &AppState, amount: &Value, account: &Map<String, Value>) -> Result<Value, RpcError> {
    let id = invoice_id_of(state, account)?;
    let invoice = match state.db.invoice(&id).await {
        Ok(i) => i,
        Err(DbError::NotFound) => return Err(RpcError::NoInvoice),
        Err(e) => return Err(e.into()),
    };
    payable(&invoice, amount)?;
    let tariff = state.db.tariff(&invoice.tariff_code).await?;
    Ok(json!({
        "allow": true,
        "detail": {
            "receipt_type": 0,
            "items": [{
                "title": receipt_title(&invoice),
                "price": invoice.amount,
                "count": 1,
                "code": tariff.ikpu_code,
                "package_code": tariff.package_code,
                "vat_percent": tariff.vat_percent,
            }],
        },
    }))
}

/// Why a create attempt ended.
enum Retry {
    /// A unique key was taken by a concurrent call: run again.
    Conflict,
    /// Payme's answer.
    Rpc(RpcError),
}

impl From<RpcError> for Retry {
    fn from(e: RpcError) -> Self {
        Retry::Rpc(e)
    }
}

impl From<DbError> for Retry {
    fn from(e: DbError) -> Self {
        match e {
            DbError::Conflict => Retry::Conflict,
            e => Retry::Rpc(e.into()),
        }
    }
}

/// A repeated CreateTransaction: the stored answer, or `-31008` when it is
/// no longer waiting (cancelling it first when it timed out).
async fn create_again(state: &AppState, mut tx: Tx, t: Transaction, now: i64) -> Result<Value, Retry> {
    if t.state != State::Created {
        return Err(RpcError::CannotPerform.into());
    }
    if timed_out(state, &t, now) {
        cancel_transaction(&mut tx, &t.id, State::Created, State::Cancelled, now, REASON_TIMEOUT).await?;
        tx.commit().await.map_err(DbError::from)?;
        return Err(RpcError::CannotPerform.into());
    }
    Ok(json!({"create_time": t.create_time, "transaction": t.transaction, "state": t.state.code()}))
}

async fn create(
    state: &AppState,
    id: &str,
    time: i64,
    amount: &Value,
    account: &Map<String, Value>,
    now: i64,
) -> Result<Value, Retry> {
    let mut tx = state.db.begin_write().await?;
    if let Some(t) = lock_transaction(&mut tx, id).await? {
        return create_again(state, tx, t, now).await;
    }
    let invoice_id = invoice_id_of(state, account)?;
    let invoice = match lock_invoice(&mut tx, &invoice_id).await {
        Ok(i) => i,
        Err(DbError::NotFound) => return Err(RpcError::NoInvoice.into()),
        Err(e) => return Err(e.into()),
    };
    // Made by a call that ran while this one waited for the invoice's lock?
    if let Some(t) = lock_transaction(&mut tx, id).await? {
        return create_again(state, tx, t, now).await;
    }
    payable(&invoice, amount)?;
    for other in active_transactions(&mut tx, &invoice_id).await? {
        if !timed_out(state, &other, now) {
            return Err(RpcError::CannotPerform.into());
        }
        cancel_transaction(&mut tx, &other.id, State::Created, State::Cancelled, now, REASON_TIMEOUT).await?;
    }
    let t = Transaction {
        id: id.to_owned(),
        transaction: uuid::Uuid::new_v4().simple().to_string(),
        invoice_id,
        time,
        amount: invoice.amount,
        state: State::Created,
        create_time: now,
        perform_time: 0,
        cancel_time: 0,
        reason: None,
    };
    insert_transaction(&mut tx, &t).await?;
    tx.commit().await.map_err(DbError::from)?;
    tracing::info!(payme.id = id, invoice.id = %t.invoice_id, "payme transaction created");
    Ok(json!({"create_time": t.create_time, "transaction": t.transaction, "state": t.state.code()}))
}

async fn perform(state: &AppState, id: &str, now: i64) -> Result<Value, RpcError> {
    let mut tx = state.db.begin_write().await?;
    let t = lock_transaction(&mut tx, id).await?.ok_or(RpcError::TransactionNotFound)?;
    match t.state {
        State::Performed => {
            return Ok(json!({"transaction": t.transaction, "perform_time": t.perform_time, "state": t.state.code()}));
        }
        State::Cancelled | State::CancelledAfterPerform => return Err(RpcError::CannotPerform),
        State::Created => {}
    }
    if timed_out(state, &t, now) {
        cancel_transaction(&mut tx, &t.id, State::Created, State::Cancelled, now, REASON_TIMEOUT).await?;
        tx.commit().await.map_err(DbError::from)?;
        return Err(RpcError::CannotPerform);
    }
    match settle(&mut tx, &t.invoice_id, Provider::Payme, id, now).await {
        Ok(Settled::Paid(payment)) => {
            perform_transaction(&mut tx, id, now).await?;
            tx.commit().await.map_err(DbError::from)?;
            state.config_changed();
            tracing::info!(payme.id = id, invoice.id = %t.invoice_id, payment.id = %payment.id, "payme transaction performed");
            Ok(json!({"transaction": t.transaction, "perform_time": now, "state": State::Performed.code()}))
        }
        Ok(Settled::AlreadyPaid(payment)) => {
            tracing::warn!(
                payme.id = id,
                invoice.id = %t.invoice_id,
                paid_by = payment.provider.code(),
                "payme: the invoice was paid by another transaction; not performing"
            );
            Err(RpcError::CannotPerform)
        }
        Err(SettleError::Cancelled | SettleError::NotFound) => Err(RpcError::CannotPerform),
        Err(SettleError::Db(e)) => Err(e.into()),
    }
}

async fn cancel(state: &AppState, id: &str, reason: i64, now: i64) -> Result<Value, RpcError> {
    let mut tx = state.db.begin_write().await?;
    let t = lock_transaction(&mut tx, id).await?.ok_or(RpcError::TransactionNotFound)?;
    match t.state {
        State::Created => {
            cancel_transaction(&mut tx, id, State::Created, State::Cancelled, now, reason).await?;
            tx.commit().await.map_err(DbError::from)?;
            tracing::info!(payme.id = id, payme.reason = reason, "payme transaction cancelled");
            Ok(json!({"transaction": t.transaction, "cancel_time": now, "state": State::Cancelled.code()}))
        }
        State::Performed => Err(RpcError::CannotCancel),
        State::Cancelled | State::CancelledAfterPerform => {
            Ok(json!({"transaction": t.transaction, "cancel_time": t.cancel_time, "state": t.state.code()}))
        }
    }
}

/// For the simulator and tests: the Basic credentials Payme sends.
#[must_use]
pub fn authorization(key: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{LOGIN}:{key}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    #[test]
    fn requests_parse_and_refuse_like_payme() {
        let ok = json!({"id": 1, "method": "PerformTransaction", "params": {"id": "5305e3bab097f420a62ced0b"}});
        assert_eq!(parse_request(&ok), Ok(Request::Perform { id: "5305e3bab097f420a62ced0b".into() }));
        for (body, code) in [
            (json!([1, 2]), -32600),
            (json!({"id": 1, "params": {}}), -32600),
            (json!({"id": 1, "method": "Foo", "params": {}}), -32601),
            (json!({"id": 1, "method": "PerformTransaction"}), -32600),
            (json!({"id": 1, "method": "PerformTransaction", "params": {"id": 5}}), -32600),
            (json!({"id": 1, "method": "CancelTransaction", "params": {"id": "a", "reason": 7}}), -32600),
            (
                json!({"id": 1, "method": "CreateTransaction", "params": {"id": "a", "time": "x", "amount": 1, "account": {}}}),
                -32600,
            ),
            (json!({"id": 1, "method": "CheckPerformTransaction", "params": {"amount": "1", "account": {}}}), -32600),
            (json!({"id": 1, "method": "GetStatement", "params": {"from": 1}}), -32600),
            (json!({"id": 1, "method": "ChangePassword", "params": {"password": ""}}), -32600),
        ] {
            assert_eq!(parse_request(&body).map_err(RpcError::code), Err(code), "{body}");
        }
    }

    #[test]
    fn basic_credentials_must_name_paycom() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(&authorization("k3y:x")).unwrap());
        assert_eq!(presented_key(&h).as_deref(), Some("k3y:x"));
        let other = format!("Basic {}", STANDARD.encode("Other:k3y"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(&other).unwrap());
        assert_eq!(presented_key(&h), None);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic !!!"));
        assert_eq!(presented_key(&h), None);
    }

    #[test]
    fn states_and_codes() {
        for s in [State::Created, State::Performed, State::Cancelled, State::CancelledAfterPerform] {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        assert_eq!(State::from_code(3), None);
        assert_eq!(tiyin(&json!(100)), Some(100));
        assert_eq!(tiyin(&json!(100.5)), None);
        assert_eq!(tiyin(&json!(-1)), None);
    }
}
