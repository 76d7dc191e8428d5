//! The shops' API (C11, beyond the seed): JSON over HTTPS with a contract's
//! key (`Authorization: Bearer ck_live_…`), no cookies.
//!
//! - `POST /api/cargo/v1/shipments`: a shipment under the key's contract
//!   (leaving from the contract's office), priced by the company's tariff
//!   and charged to the contract like one made in the cabinet. The body is
//!   one JSON object whose keys are the cabinet form's field names
//!   (`receiver_phone`, `weight_kg`, `cod_amount`…; strings, numbers or
//!   booleans); every wrong field comes back at once (400) with its code and
//!   a message in the `Accept-Language` language. An `Idempotency-Key`
//!   header makes a retry return the shipment already made (200) instead of
//!   a second one (201); the same key with another body is a 409.
//! - `GET /api/cargo/v1/shipments/{barcode}`: its status, price, cash on
//!   delivery and history; a shipment of another contract is a 404.
//! - A test mode key (`ck_test_…`) does the same in the contract's sandbox
//!   ([`super::sandbox`]), never touching real shipments or money, and may
//!   `POST …/shipments/{barcode}/advance` to move one a status on (a live
//!   key gets 403 there).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use sqlx::Row as _;
use tracing::info;
use web::i18n::cargo::ShipmentField;
use web::i18n::{Lang, Text, fill};

use super::api_keys::Caller;
use super::draft::{self, RawShipment};
use super::geo::Geo;
use super::ledger::Mode;
use super::sandbox::{self, SandboxShipment};
use super::store::{self, Maker, Source};
use super::webhooks::iso_utc;
use crate::db::{DbError, now_ms};
use crate::http::{AppError, AppState};
use crate::ids::BranchId;

/// The API's routes (no cookies, no CSRF; the key in each handler).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/cargo/v1/shipments", post(create))
        .route("/api/cargo/v1/shipments/{barcode}", get(one))
        .route("/api/cargo/v1/shipments/{barcode}/advance", post(advance))
}

/// The longest `Idempotency-Key`.
const IDEMPOTENCY_MAX: usize = 64;

fn lang_of(headers: &HeaderMap) -> Lang {
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    Lang::from_accept_language(accept)
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(json!({ "error": code, "message": message }))).into_response()
}

/// The caller of a request, or the 401 to answer.
async fn caller(state: &AppState, headers: &HeaderMap, t: &Text) -> Result<Caller, Response> {
    let unauthorized = || {
        let mut r = error(StatusCode::UNAUTHORIZED, "unauthorized", t.cargo.api.e_unauthorized);
        r.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        r
    };
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(unauthorized)?;
    match state.db.api_caller(key).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(unauthorized()),
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

/// The body as the form's fields, or the field the API does not know.
fn raw_of(body: &Value) -> Result<RawShipment, Option<String>> {
    let object = body.as_object().ok_or(None)?;
    let mut raw = RawShipment::new();
    for (k, v) in object {
        let field = ShipmentField::from_code(k).ok_or_else(|| Some(k.chars().take(64).collect::<String>()))?;
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => if *b { "1" } else { "" }.to_owned(),
            Value::Null => String::new(),
            Value::Array(_) | Value::Object(_) => return Err(Some(k.clone())),
        };
        raw.insert(field, text);
    }
    Ok(raw)
}

/// A sandbox shipment as the API shows it (its history is its status).
fn sandbox_json(s: &SandboxShipment) -> Value {
    json!({
        "id": s.id,
        "barcode": s.barcode,
        "number": s.number,
        "status": s.status,
        "status_at": iso_utc(s.status_at),
        "price_tiyin": s.price,
        "cod_amount_tiyin": s.cod_amount,
        "created_at": iso_utc(s.created_at),
        "livemode": false,
        "history": [{ "at": iso_utc(s.status_at), "status": s.status }],
    })
}

/// A shipment of the caller's contract as the API shows it (a test key:
/// of its sandbox).
async fn shipment_json(state: &AppState, caller: &Caller, barcode: &str) -> Result<Option<Value>, AppError> {
    if caller.mode == Mode::Test {
        return Ok(state.db.sandbox_shipment(&caller.contract, barcode).await?.as_ref().map(sandbox_json));
    }
    let row = sqlx::query(
        "SELECT id, barcode, number, status, status_at, price, cod_amount, created_at FROM cargo_shipments \
         WHERE barcode = $1 AND business_id = $2 AND contract_id = $3",
    )
    .bind(barcode)
    .bind(&caller.business)
    .bind(&caller.contract)
    .fetch_optional(&state.db.pool)
    .await
    .map_err(DbError::from)?;
    let Some(r) = row else { return Ok(None) };
    let get_i = |i: usize| r.try_get::<i64, _>(i).map_err(DbError::from);
    let get_s = |i: usize| r.try_get::<String, _>(i).map_err(DbError::from);
    let history = super::tracking::history(&state.db, barcode).await?;
    let history: Vec<Value> = history
        .iter()
        .map(|h| {
            json!({
                "at": iso_utc(h.at),
                "status": h.status,
                "office": h.office_name,
                "office_code": h.office_code,
                "reason": h.reason,
            })
        })
        .collect();
    Ok(Some(json!({
        "id": get_s(0)?,
        "barcode": get_s(1)?,
        "number": get_i(2)?,
        "status": get_s(3)?,
        "status_at": iso_utc(get_i(4)?),
        "price_tiyin": get_i(5)?,
        "cod_amount_tiyin": get_i(6)?,
        "created_at": iso_utc(get_i(7)?),
        "livemode": true,
        "history": history,
    })))
}

async fn one(State(state): State<AppState>, headers: HeaderMap, Path(barcode): Path<String>) -> Response {
    let t = lang_of(&headers).text();
    let caller = match caller(&state, &headers, t).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let barcode: String = barcode.chars().take(32).collect();
    match shipment_json(&state, &caller, &barcode).await {
        Ok(Some(v)) => axum::Json(v).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "not_found", t.cargo.api.e_not_found),
        Err(e) => e.into_response(),
    }
}

/// Test mode: moves a sandbox shipment one status on (a live key: 403).
async fn advance(State(state): State<AppState>, headers: HeaderMap, Path(barcode): Path<String>) -> Response {
    let t = lang_of(&headers).text();
    let caller = match caller(&state, &headers, t).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if caller.mode != Mode::Test {
        return error(StatusCode::FORBIDDEN, "test_mode_only", t.cargo.api.e_test_only);
    }
    let moved = async {
        let Some(s) = state.db.sandbox_shipment(&caller.contract, barcode.trim()).await? else { return Ok(None) };
        let mut tx = state.db.begin_write().await?;
        let next = sandbox::advance(&mut tx, (&caller.business, &caller.client, &caller.contract), &s.id).await?;
        tx.commit().await.map_err(DbError::from)?;
        Ok::<_, AppError>(Some((next, s.barcode)))
    };
    match moved.await {
        Ok(Some((Some(_), barcode))) => match shipment_json(&state, &caller, &barcode).await {
            Ok(v) => axum::Json(v.unwrap_or(Value::Null)).into_response(),
            Err(e) => e.into_response(),
        },
        Ok(Some((None, _))) => error(StatusCode::CONFLICT, "final_status", t.cargo.api.e_final),
        Ok(None) => error(StatusCode::NOT_FOUND, "not_found", t.cargo.api.e_not_found),
        Err(e) => e.into_response(),
    }
}

/// The `Idempotency-Key` header: absent, or 1–64 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ()> {
    let Some(v) = headers.get("idempotency-key") else { return Ok(None) };
    let s = v.to_str().map_err(|_| ())?.trim();
    let ok = !s.is_empty() && s.len() <= IDEMPOTENCY_MAX && s.bytes().all(|b| b.is_ascii_graphic());
    if ok { Ok(Some(s.to_owned())) } else { Err(()) }
}

/// The shipment an earlier call with `key` made, if any, and its body's hash.
async fn earlier(state: &AppState, caller: &Caller, key: &str) -> Result<Option<(String, String)>, AppError> {
    let row = sqlx::query(
        "SELECT request_hash, barcode FROM cargo_api_requests \
         WHERE contract_id = $1 AND mode = $2 AND idempotency_key = $3",
    )
    .bind(&caller.contract)
    .bind(caller.mode.code())
    .bind(key)
    .fetch_optional(&state.db.pool)
    .await
    .map_err(DbError::from)?;
    Ok(row.map(|r| Ok::<_, DbError>((r.try_get(0)?, r.try_get(1)?))).transpose()?)
}

async fn replay(
    state: &AppState,
    caller: &Caller,
    t: &Text,
    hash: &str,
    key: &str,
) -> Result<Option<Response>, AppError> {
    let Some((stored, barcode)) = earlier(state, caller, key).await? else { return Ok(None) };
    if stored != hash {
        return Ok(Some(error(StatusCode::CONFLICT, "idempotency_conflict", t.cargo.api.e_idempotency_conflict)));
    }
    // The shipment made then may have been deleted since.
    let Some(body) = shipment_json(state, caller, &barcode).await? else {
        return Ok(Some(error(StatusCode::NOT_FOUND, "not_found", t.cargo.api.e_not_found)));
    };
    Ok(Some((StatusCode::OK, [("Idempotent-Replayed", "true")], axum::Json(body)).into_response()))
}

async fn create(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = lang_of(&headers);
    let t = lang.text();
    let caller = match caller(&state, &headers, t).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match create_for(&state, &caller, &headers, t, &body).await {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}

async fn create_for(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    t: &Text,
    body: &[u8],
) -> Result<Response, AppError> {
    let a = &t.cargo.api;
    let Ok(key) = idempotency_key(headers) else {
        return Ok(error(StatusCode::BAD_REQUEST, "idempotency_key", a.e_idempotency_key));
    };
    let hash = hex::encode(Sha256::digest(body));
    if let Some(key) = &key
        && let Some(r) = replay(state, caller, t, &hash, key).await?
    {
        return Ok(r);
    }
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return Ok(error(StatusCode::BAD_REQUEST, "not_json", a.e_not_json));
    };
    let raw = match raw_of(&value) {
        Ok(raw) => raw,
        Err(None) => return Ok(error(StatusCode::BAD_REQUEST, "not_json", a.e_not_json)),
        Err(Some(field)) => {
            let message = fill(a.e_unknown_field, &[("field", &field)]);
            return Ok(error(StatusCode::BAD_REQUEST, "unknown_field", &message));
        }
    };
    let geo = Geo::get(&state.db).await?;
    let today = web::format::tashkent_day(now_ms());
    let parsed = draft::parse(&raw, geo, today);
    let Some(tariff) = state.db.cargo_tariff(&caller.business).await? else {
        return Ok(error(StatusCode::CONFLICT, "no_tariff", a.e_no_tariff));
    };
    let priced = parsed.and_then(|s| match tariff.quote(&s.parcel()) {
        Ok(q) => Ok((s, q)),
        Err(_) => Err(vec![(ShipmentField::ReceiverRegion, web::i18n::cargo::Problem::NoRoute)]),
    });
    let (shipment, quote) = match priced {
        Ok(p) => p,
        Err(problems) => {
            let list: Vec<Value> = problems
                .iter()
                .map(|(f, p)| json!({ "field": f.code(), "code": p.code(), "message": t.cargo.problem(*p) }))
                .collect();
            let body = json!({ "error": "invalid", "message": a.e_invalid, "problems": list });
            return Ok((StatusCode::BAD_REQUEST, axum::Json(body)).into_response());
        }
    };
    let mut tx = state.db.begin_write().await?;
    let (id, barcode) = if caller.mode == Mode::Test {
        let owner = (&caller.business, &caller.client, &caller.contract);
        let s = sandbox::create(&mut tx, owner, &shipment, quote.total).await?;
        (s.id, s.barcode)
    } else {
        // A live shipment leaves from its contract's office.
        let office: String = sqlx::query_scalar("SELECT office_id FROM cargo_contracts WHERE id = $1")
            .bind(&caller.contract)
            .fetch_one(&mut *tx)
            .await
            .map_err(DbError::from)?;
        let office = BranchId::parse(&office).ok_or_else(|| AppError::Internal("a contract's office id".into()))?;
        let maker = Maker {
            business: &caller.business,
            client: Some(&caller.client),
            source: Source::Api,
            upload: None,
            at: now_ms(),
            contract: Some((&caller.contract, &office)),
        };
        let made = store::create(&mut tx, maker, &[(shipment, quote.total)]).await?;
        let m = made.first().ok_or_else(|| AppError::Internal("no shipment made".into()))?;
        (m.id.to_string(), m.barcode.to_string())
    };
    if let Some(key) = &key {
        let kept = sqlx::query(
            "INSERT INTO cargo_api_requests (contract_id, mode, idempotency_key, request_hash, shipment_id, barcode, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (contract_id, mode, idempotency_key) DO NOTHING",
        )
        .bind(&caller.contract)
        .bind(caller.mode.code())
        .bind(key)
        .bind(&hash)
        .bind(&id)
        .bind(&barcode)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(DbError::from)?;
        if kept.rows_affected() == 0 {
            // A parallel call with the same key won: this one makes nothing.
            drop(tx);
            return replay(state, caller, t, &hash, key)
                .await?
                .ok_or_else(|| AppError::Internal("an idempotency key without its shipment".into()));
        }
    }
    tx.commit().await.map_err(DbError::from)?;
    info!(cargo.contract = %caller.contract, api.key = %caller.key_id, shipment = %id, mode = caller.mode.code(), "shipment created through the API");
    let body = shipment_json(state, caller, &barcode).await?.unwrap_or(Value::Null);
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_become_form_fields() {
        let v = json!({ "receiver_phone": "+998901234567", "weight_kg": 1.5, "pickup": true, "photo_report": false });
        let raw = raw_of(&v).unwrap_or_default();
        assert_eq!(raw.get(&ShipmentField::Weight).map(String::as_str), Some("1.5"));
        assert_eq!(raw.get(&ShipmentField::Pickup).map(String::as_str), Some("1"));
        assert_eq!(raw.get(&ShipmentField::PhotoReport).map(String::as_str), Some(""));
        assert_eq!(raw_of(&json!({ "colour": "red" })), Err(Some("colour".into())));
        assert_eq!(raw_of(&json!({ "weight_kg": [1] })), Err(Some("weight_kg".into())));
        assert_eq!(raw_of(&json!([1, 2])), Err(None));
    }

    #[test]
    fn idempotency_keys_are_short_visible_ascii() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            if let Ok(v) = header::HeaderValue::from_str(v) {
                h.insert("idempotency-key", v);
            }
            idempotency_key(&h)
        };
        assert_eq!(with("order-1042"), Ok(Some("order-1042".into())));
        assert_eq!(idempotency_key(&HeaderMap::new()), Ok(None));
        assert_eq!(with(&"x".repeat(65)), Err(()));
        assert_eq!(with("a b"), Err(()));
    }
}
