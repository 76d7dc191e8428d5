//! `/api/v1/…`: what hubs call. The sync endpoint and its versioning are
//! documented in [`protocol::sync`].

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use protocol::pairing::{MAX_CODE_TTL_S, PairingCode};
use protocol::sync::{
    EnrolRequest, EnrolResponse, MAX_WATCH_WAIT_MS, SYNC_CONTENT_TYPE, SYNC_VERSION, SyncRequest, WATCH_VERSION,
    WatchRequest, WatchResponse,
};
use serde_json::json;
use tracing::{info, warn};

use crate::branches::hubs;
use crate::branches::store::Enrolment;
use crate::branches::store::pairing::WaitingDevice;
use crate::db::DbError;
use crate::http::AppState;
use crate::http::{AuthedHub, Client};
use crate::metrics::OutcomeLabel;
use crate::sync::store::SyncOutcome;

/// Most events one batch may carry.
pub const MAX_BATCH_EVENTS: usize = 20_000;

/// The calls of an enrolled hub (the hub API group checks its credential).
pub fn api() -> Router<AppState> {
    Router::new().route("/api/v1/sync", post(sync)).route("/api/v1/watch", post(watch))
}

/// Enrolment: a hub without a credential exchanges a one-time code.
pub fn enrolment() -> Router<AppState> {
    Router::new().route("/api/v1/hubs/enroll", post(enroll))
}

fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": code, "message": message}))).into_response()
}

async fn enroll(State(state): State<AppState>, client: Client, body: Bytes) -> Response {
    let count = |outcome: &'static str| state.metrics.enrolments.get_or_create(&OutcomeLabel { outcome }).inc();
    let Ok(req) = serde_json::from_slice::<EnrolRequest>(&body) else {
        count("bad_request");
        return json_error(StatusCode::BAD_REQUEST, "bad_request", "expected JSON {\"code\": …, \"name\": …}");
    };
    match state
        .db
        .rate_allow(&format!("enrol-addr:{}", crate::limits::addr_bucket(&client.addr)), 10 * 60_000, 20)
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            count("rate_limited");
            return json_error(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "too many attempts; wait 10 minutes",
            );
        }
        Err(e) => return internal(&e),
    }
    match hubs::enrol(&state.db, &req.code, &req.name).await {
        Ok((Enrolment::Enrolled { branch_name, business_name }, Some(credential))) => {
            count("enrolled");
            info!(hub.id = %credential.hub, branch = branch_name, "hub enrolled");
            Json(EnrolResponse { hub: credential.hub, credential: credential.to_text(), branch_name, business_name })
                .into_response()
        }
        Ok((Enrolment::Used, _)) => {
            count("used");
            json_error(
                StatusCode::GONE,
                "code_used",
                "this enrolment code was already used; make a new one on the branch page",
            )
        }
        Ok((Enrolment::Expired, _)) => {
            count("expired");
            json_error(
                StatusCode::GONE,
                "code_expired",
                "this enrolment code has expired; make a new one on the branch page",
            )
        }
        Ok(_) => {
            count("unknown");
            json_error(StatusCode::NOT_FOUND, "code_unknown", "no such enrolment code; check what you typed")
        }
        Err(e) => internal(&e),
    }
}

fn internal(e: &DbError) -> Response {
    tracing::error!(error = %e, "hub API failed");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error; retry later\n").into_response()
}

fn plain(status: StatusCode, text: &str) -> Response {
    (status, format!("{text}\n")).into_response()
}

async fn sync(State(state): State<AppState>, AuthedHub(hub): AuthedHub, headers: HeaderMap, body: Bytes) -> Response {
    let started = Instant::now();
    let metrics = &state.metrics;
    if headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) != Some(SYNC_CONTENT_TYPE) {
        metrics.sync_call("bad_request");
        return plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "sync bodies are application/x-postcard");
    }
    // The version is the first field: read it alone so a newer hub gets a
    // clear answer instead of a decoding error.
    let version = match postcard::take_from_bytes::<u16>(&body) {
        Ok((v @ (protocol::sync::v1::VERSION | protocol::sync::v2::VERSION | SYNC_VERSION), _)) => v,
        Ok((v, _)) => {
            metrics.sync_call("bad_request");
            return plain(
                StatusCode::BAD_REQUEST,
                &format!("sync version {v} is not supported (this cloud speaks {SYNC_VERSION})"),
            );
        }
        Err(_) => {
            metrics.sync_call("bad_request");
            return plain(StatusCode::BAD_REQUEST, "malformed sync body");
        }
    };
    let decoded = match version {
        SYNC_VERSION => postcard::from_bytes::<SyncRequest>(&body),
        protocol::sync::v2::VERSION => {
            postcard::from_bytes::<protocol::sync::v2::SyncRequest>(&body).map(SyncRequest::from)
        }
        _ => postcard::from_bytes::<protocol::sync::v1::SyncRequest>(&body).map(SyncRequest::from),
    };
    let mut req: SyncRequest = match decoded {
        Ok(r) => r,
        Err(e) => {
            metrics.sync_call("bad_request");
            warn!(hub.id = hub.hub_id, error = %e, "malformed sync body");
            return plain(StatusCode::BAD_REQUEST, "malformed sync body");
        }
    };
    let mut invalid = 0u32;
    if let Some(batch) = &mut req.batch {
        if batch.events.len() > MAX_BATCH_EVENTS {
            metrics.sync_call("bad_request");
            return plain(StatusCode::PAYLOAD_TOO_LARGE, &format!("at most {MAX_BATCH_EVENTS} events per batch"));
        }
        let before = batch.events.len();
        // A hub checks events before it accepts them; one that sends an
        // invalid event anyway has it refused (counted), not stored. The
        // filtering is deterministic, so a retry still has the same digest.
        // Dates are checked against the hub's clock when it took the event
        // (`received_at`, in the batch), so a retry is filtered the same way.
        batch.events.retain(|e| e.event.validate_at(e.received_at).is_ok());
        invalid = u32::try_from(before - batch.events.len()).unwrap_or(u32::MAX);
        if invalid > 0 {
            warn!(hub.id = hub.hub_id, invalid, "batch holds invalid events; they are refused");
        }
    }
    let outcome = state.db.apply_sync(&hub, &req, state.settings.billing.grace_ms()).await;
    metrics.sync_seconds.observe(started.elapsed().as_secs_f64());
    match outcome {
        Ok(SyncOutcome::Done(mut resp)) => {
            if let Some(ack) = &mut resp.batch {
                ack.refused = ack.refused.saturating_add(invalid);
                metrics.sync_call(if ack.duplicate { "duplicate" } else { "applied" });
                for (outcome, n) in [("applied", ack.applied), ("superseded", ack.superseded), ("refused", ack.refused)]
                {
                    metrics.sync_events.get_or_create(&OutcomeLabel { outcome }).inc_by(u64::from(n));
                }
            } else {
                metrics.sync_call("heartbeat");
            }
            match postcard::to_stdvec(&resp) {
                Ok(bytes) => ([(header::CONTENT_TYPE, SYNC_CONTENT_TYPE)], bytes).into_response(),
                Err(e) => internal(&DbError::Corrupt(e.to_string())),
            }
        }
        Ok(SyncOutcome::SeqReused { last }) => {
            metrics.sync_call("seq_reused");
            warn!(hub.id = hub.hub_id, last, "batch sequence number reused with different content");
            plain(
                StatusCode::CONFLICT,
                &format!("batch sequence number already used for different content; last={last}"),
            )
        }
        Err(DbError::NotFound) => {
            metrics.sync_call("unauthorized");
            plain(StatusCode::UNAUTHORIZED, "hub revoked")
        }
        Err(e) => {
            metrics.sync_call("error");
            internal(&e)
        }
    }
}

/// Most devices one watch call may report waiting, paired or online.
const MAX_WATCH_ITEMS: usize = 4096;

/// Pairing codes (an Argon2id run each) the cloud computes per branch and
/// minute, whichever of its hubs and the cloud's instances asks.
const PAIRING_CODES_PER_MINUTE: i64 = 60;

/// Pairing codes one watch call may get computed.
const MAX_CODES_PER_CALL: usize = 32;

/// `POST /api/v1/watch`: see [`protocol::sync::WatchRequest`].
async fn watch(State(state): State<AppState>, AuthedHub(hub): AuthedHub, headers: HeaderMap, body: Bytes) -> Response {
    if headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) != Some(SYNC_CONTENT_TYPE) {
        return plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, "watch bodies are application/x-postcard");
    }
    // Layouts 1 and 2 of the request are the same; the answer follows the caller's.
    let version = match postcard::take_from_bytes::<u16>(&body) {
        Ok((v @ (protocol::sync::v1::VERSION | protocol::sync::v2::VERSION | WATCH_VERSION), _)) => v,
        Ok((v, _)) => {
            return plain(
                StatusCode::BAD_REQUEST,
                &format!("watch version {v} is not supported (this cloud speaks {WATCH_VERSION})"),
            );
        }
        Err(_) => return plain(StatusCode::BAD_REQUEST, "malformed watch body"),
    };
    let req: Result<WatchRequest, _> = if version == WATCH_VERSION {
        postcard::from_bytes(&body)
    } else {
        postcard::from_bytes::<protocol::sync::v2::WatchRequest>(&body).map(Into::into)
    };
    let Ok(req) = req else { return plain(StatusCode::BAD_REQUEST, "malformed watch body") };
    if req.pending.len() > MAX_WATCH_ITEMS || req.paired.len() > MAX_WATCH_ITEMS || req.online.len() > MAX_WATCH_ITEMS {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, &format!("at most {MAX_WATCH_ITEMS} items per list"));
    }
    state.metrics.sync_call("watch");
    // Codes are computed here (Argon2id, ~10 ms each), once per request, at
    // most 32 per call and the branch's budget; the hub's word for them is
    // not taken.
    let known: std::collections::HashSet<(String, String)> = match state.db.known_requests(&hub.branch_id).await {
        Ok(k) => k.into_iter().collect(),
        Err(e) => return internal(&e),
    };
    // A pairing flood at one shop costs the cloud a bounded amount: at most
    // `PAIRING_CODES_PER_MINUTE` codes per branch; the rest wait for the
    // next call (the hub keeps reporting them).
    let budget_key = format!("pairing-codes:{}", hub.branch_id);
    let unknown: Vec<_> =
        req.pending.iter().filter(|p| !known.contains(&(p.device.to_string(), p.key.to_text()))).collect();
    let want = i64::try_from(unknown.len().min(MAX_CODES_PER_CALL)).unwrap_or(0);
    let granted = match state.db.rate_take(&budget_key, 60_000, PAIRING_CODES_PER_MINUTE, want).await {
        Ok(n) => usize::try_from(n).unwrap_or(0),
        Err(e) => return internal(&e),
    };
    if unknown.len() > granted {
        warn!(hub.id = hub.hub_id, granted, waiting = unknown.len(), "pairing requests past the branch's budget wait");
    }
    let fresh: Vec<_> = unknown.into_iter().take(granted).cloned().collect();
    // On the Argon2 threads, behind the same semaphore as passwords.
    let waiting = crate::secrets::argon2(move || {
        fresh
            .into_iter()
            .filter_map(|p| {
                let code = PairingCode::of(p.device, &p.key).ok()?;
                let expires_at = p.expires_at.min(protocol::pairing::request_expires(p.first_seen, MAX_CODE_TTL_S));
                Some(WaitingDevice {
                    device: p.device,
                    key: p.key,
                    code: code.as_str().to_owned(),
                    first_seen: p.first_seen,
                    expires_at,
                })
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    if let Err(e) = state.db.record_watch(&hub, &waiting, &req.paired, &req.online, req.hub_key.as_ref()).await {
        return internal(&e);
    }
    let wait = Duration::from_millis(u64::from(req.wait_ms.min(MAX_WATCH_WAIT_MS)));
    let deadline = tokio::time::Instant::now() + wait;
    let mut changes = state.config_changes.subscribe();
    loop {
        match state.db.watch_config(&hub, req.config_have, state.settings.billing.grace_ms()).await {
            Ok(Some((config, pairing))) => {
                return watch_answer(version, WatchResponse { config: Some(config), pairing: Some(pairing) });
            }
            Ok(None) => {}
            Err(DbError::NotFound) => return plain(StatusCode::UNAUTHORIZED, "hub revoked"),
            Err(e) => return internal(&e),
        }
        // Woken by a change made in this process, or every second for
        // changes made by other processes behind the same database.
        tokio::select! {
            r = changes.changed() => if r.is_err() { return internal(&DbError::Corrupt("config notifier closed".into())) },
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            () = tokio::time::sleep_until(deadline) => break,
        }
    }
    watch_answer(version, WatchResponse { config: None, pairing: None })
}

/// A watch answer in the layout the hub asked in.
fn watch_answer(version: u16, resp: WatchResponse) -> Response {
    let bytes = match version {
        WATCH_VERSION => postcard::to_stdvec(&resp),
        protocol::sync::v2::VERSION => postcard::to_stdvec(&protocol::sync::v2::WatchResponse::from(resp)),
        _ => postcard::to_stdvec(&protocol::sync::v1::WatchResponse::from(resp)),
    };
    match bytes {
        Ok(bytes) => ([(header::CONTENT_TYPE, SYNC_CONTENT_TYPE)], bytes).into_response(),
        Err(e) => internal(&DbError::Corrupt(e.to_string())),
    }
}
