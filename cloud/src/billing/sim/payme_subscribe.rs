//! A local Payme Subscribe API (PROVIDERS.md, "Payme Subscribe API"): the
//! card methods the browser calls and the receipt methods our server calls,
//! JSON-RPC 2.0 at `POST /api`, answered with HTTP 200.
//!
//! - `X-Auth: {merchant_id}` (front end) may call only `cards.create`,
//!   `cards.get_verify_code` and `cards.verify`; `X-Auth:
//!   {merchant_id}:{subscribe_key}` (back end) may call everything; anything
//!   else gets `-32504`.
//! - Browsers call it across origins: `OPTIONS /api` answers the preflight
//!   for the allowed origins (the cloud's), and every answer carries
//!   `Access-Control-Allow-Origin` for them.
//! - Cards: Payme's sandbox card `8600 0691 9540 6311`, expiry `03/99`; the
//!   SMS code is always `666666`. The card [`DECLINED_CARD`]
//!   (`8600 0000 0000 0002`, any valid expiry) is accepted and verified but
//!   every `receipts.pay` with it is declined (`-31630`, not enough money),
//!   so retries can be tested. Other numbers are refused (`-31300`).
//! - `GET /sim/stats` → `{"pay_calls": n, "paid": n}` for tests.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use parking_lot::Mutex;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::settings::Settings;

/// Payme's sandbox card, which pays.
pub const TEST_CARD: &str = "8600069195406311";
/// Its expiry, `MMYY`.
pub const TEST_EXPIRE: &str = "0399";
/// The SMS code every card is verified with.
pub const SMS_CODE: &str = "666666";
/// A card that verifies but whose every payment is declined.
pub const DECLINED_CARD: &str = "8600000000000002";

#[derive(Debug, Clone)]
struct SimCard {
    number: String,
    expire: String,
    recurrent: bool,
    verified: bool,
    code_sent: bool,
    removed: bool,
}

impl SimCard {
    fn masked(&self) -> String {
        let n = &self.number;
        format!("{}******{}", n.get(..6).unwrap_or(""), n.get(n.len().saturating_sub(4)..).unwrap_or(""))
    }

    fn json(&self, token: &str) -> Value {
        let expire = format!("{}/{}", self.expire.get(..2).unwrap_or(""), self.expire.get(2..).unwrap_or(""));
        json!({"number": self.masked(), "expire": expire, "token": token, "recurrent": self.recurrent,
               "verify": self.verified, "type": "22618"})
    }
}

#[derive(Debug, Clone)]
struct SimReceipt {
    amount: i64,
    account: Value,
    state: i64,
    create_time: i64,
    pay_time: i64,
    cancel_time: i64,
}

impl SimReceipt {
    fn json(&self, id: &str) -> Value {
        json!({"_id": id, "create_time": self.create_time, "pay_time": self.pay_time,
               "cancel_time": self.cancel_time, "state": self.state, "type": 1, "external": false,
               "operation": -1, "amount": self.amount, "account": self.account})
    }
}

#[derive(Debug, Default)]
struct Books {
    cards: HashMap<String, SimCard>,
    receipts: HashMap<String, SimReceipt>,
}

/// The simulator's state; clones share it.
#[derive(Debug, Clone)]
pub struct SubscribeSim {
    merchant_id: String,
    key: String,
    origins: Arc<Vec<String>>,
    books: Arc<Mutex<Books>>,
    pay_calls: Arc<AtomicU64>,
    paid: Arc<AtomicU64>,
}

/// Who is calling, by `X-Auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    FrontEnd,
    BackEnd,
}

fn rpc_error(id: &Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn now_ms() -> i64 {
    crate::db::now_ms()
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl SubscribeSim {
    /// A simulator for this cash desk, answering browsers from `origins`.
    #[must_use]
    pub fn new(merchant_id: &str, key: &str, origins: Vec<String>) -> Self {
        Self {
            merchant_id: merchant_id.to_owned(),
            key: key.to_owned(),
            origins: Arc::new(origins.into_iter().map(|o| o.trim_end_matches('/').to_owned()).collect()),
            books: Arc::default(),
            pay_calls: Arc::default(),
            paid: Arc::default(),
        }
    }

    /// How many `receipts.pay` calls came (paid or declined).
    #[must_use]
    pub fn pay_calls(&self) -> u64 {
        self.pay_calls.load(Ordering::SeqCst)
    }

    /// How many receipts were paid.
    #[must_use]
    pub fn paid(&self) -> u64 {
        self.paid.load(Ordering::SeqCst)
    }

    /// Its routes: `POST /api`, `OPTIONS /api`, `GET /sim/stats`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/api", post(rpc).options(preflight))
            .route("/sim/stats", get(stats))
            .with_state(self.clone())
    }

    fn caller(&self, headers: &HeaderMap) -> Option<Caller> {
        let auth = headers.get("x-auth").and_then(|v| v.to_str().ok())?.trim();
        if self.merchant_id.is_empty() {
            return None;
        }
        match auth.split_once(':') {
            None if crate::secrets::same(auth, &self.merchant_id) => Some(Caller::FrontEnd),
            Some((id, key))
                if crate::secrets::same(id, &self.merchant_id)
                    && !self.key.is_empty()
                    && crate::secrets::same(key, &self.key) =>
            {
                Some(Caller::BackEnd)
            }
            _ => None,
        }
    }

    fn cors(&self, headers: &HeaderMap, res: &mut Response) {
        let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return };
        if self.origins.iter().any(|o| o == origin)
            && let Ok(v) = HeaderValue::from_str(origin)
        {
            let h = res.headers_mut();
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
            h.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
    }

    fn handle(&self, caller: Caller, method: &str, params: &Value, id: &Value) -> Value {
        let front = matches!(method, "cards.create" | "cards.get_verify_code" | "cards.verify");
        if caller == Caller::FrontEnd && !front {
            return rpc_error(id, -32504, "Insufficient privilege to perform this method");
        }
        let result = match method {
            "cards.create" => self.cards_create(params),
            "cards.get_verify_code" => self.with_card(params, |c, _| {
                c.code_sent = true;
                Ok(json!({"sent": true, "phone": "99890*****11", "wait": 60000}))
            }),
            "cards.verify" => {
                let code = params.get("code").and_then(Value::as_str).unwrap_or("").to_owned();
                self.with_card(params, move |c, token| {
                    if !c.code_sent {
                        return Err((-31101, "Verification code was not requested"));
                    }
                    if code != SMS_CODE {
                        return Err((-31103, "Invalid verification code"));
                    }
                    c.verified = true;
                    Ok(json!({"card": c.json(token)}))
                })
            }
            "cards.check" => self.with_card(params, |c, token| Ok(json!({"card": c.json(token)}))),
            "cards.remove" => self.with_card(params, |c, _| {
                c.removed = true;
                Ok(json!({"success": true}))
            }),
            "receipts.create" => self.receipts_create(params),
            "receipts.pay" => self.receipts_pay(params),
            "receipts.check" => self.with_receipt(params, |r, _| Ok(json!({"state": r.state}))),
            "receipts.get" => self.with_receipt(params, |r, id| Ok(json!({"receipt": r.json(id)}))),
            "receipts.cancel" => self.with_receipt(params, |r, id| {
                if r.state == 4 {
                    return Err((-31007, "A paid receipt cannot be cancelled here"));
                }
                r.state = 50;
                r.cancel_time = now_ms();
                Ok(json!({"receipt": r.json(id)}))
            }),
            _ => Err((-32601, "Method not found")),
        };
        match result {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err((code, message)) => rpc_error(id, code, message),
        }
    }

    fn cards_create(&self, params: &Value) -> Result<Value, (i64, &'static str)> {
        let card = params.get("card").ok_or((-32602, "Invalid params"))?;
        let number: String =
            card.get("number").and_then(Value::as_str).unwrap_or("").chars().filter(|c| !c.is_whitespace()).collect();
        let expire: String =
            card.get("expire").and_then(Value::as_str).unwrap_or("").chars().filter(|c| *c != '/').collect();
        let month_ok = expire.len() == 4
            && expire.bytes().all(|b| b.is_ascii_digit())
            && expire.get(..2).and_then(|m| m.parse::<u8>().ok()).is_some_and(|m| (1..=12).contains(&m));
        if !month_ok {
            return Err((-31301, "Card expiry is invalid"));
        }
        match number.as_str() {
            TEST_CARD if expire != TEST_EXPIRE => return Err((-31301, "Card expiry is invalid")),
            TEST_CARD | DECLINED_CARD => {}
            _ => return Err((-31300, "Card number is invalid")),
        }
        let save = params.get("save").and_then(Value::as_bool).unwrap_or(false);
        let token = format!("{}-{}", new_id(), new_id());
        let c = SimCard { number, expire, recurrent: save, verified: false, code_sent: false, removed: false };
        let answer = json!({"card": c.json(&token)});
        self.books.lock().cards.insert(token, c);
        Ok(answer)
    }

    fn with_card(
        &self,
        params: &Value,
        f: impl FnOnce(&mut SimCard, &str) -> Result<Value, (i64, &'static str)>,
    ) -> Result<Value, (i64, &'static str)> {
        let token = params.get("token").and_then(Value::as_str).ok_or((-32602, "Invalid params"))?;
        let mut books = self.books.lock();
        match books.cards.get_mut(token) {
            Some(c) if !c.removed => f(c, token),
            _ => Err((-31400, "Card not found")),
        }
    }

    fn with_receipt(
        &self,
        params: &Value,
        f: impl FnOnce(&mut SimReceipt, &str) -> Result<Value, (i64, &'static str)>,
    ) -> Result<Value, (i64, &'static str)> {
        let id = params.get("id").and_then(Value::as_str).ok_or((-32602, "Invalid params"))?;
        let mut books = self.books.lock();
        match books.receipts.get_mut(id) {
            Some(r) => f(r, id),
            None => Err((-31602, "Receipt not found")),
        }
    }

    fn receipts_create(&self, params: &Value) -> Result<Value, (i64, &'static str)> {
        let amount =
            params.get("amount").and_then(Value::as_i64).filter(|a| *a > 0).ok_or((-31001, "Invalid amount"))?;
        let account = params.get("account").filter(|a| a.is_object()).cloned().ok_or((-32602, "Invalid params"))?;
        let id = new_id();
        let r = SimReceipt { amount, account, state: 0, create_time: now_ms(), pay_time: 0, cancel_time: 0 };
        let answer = json!({"receipt": r.json(&id)});
        self.books.lock().receipts.insert(id, r);
        Ok(answer)
    }

    fn receipts_pay(&self, params: &Value) -> Result<Value, (i64, &'static str)> {
        self.pay_calls.fetch_add(1, Ordering::SeqCst);
        let id = params.get("id").and_then(Value::as_str).ok_or((-32602, "Invalid params"))?;
        let token = params.get("token").and_then(Value::as_str).ok_or((-32602, "Invalid params"))?;
        let mut books = self.books.lock();
        let card = match books.cards.get(token) {
            Some(c) if !c.removed => c.clone(),
            _ => return Err((-31400, "Card not found")),
        };
        if !card.verified {
            return Err((-31103, "Card is not verified"));
        }
        let receipt = books.receipts.get_mut(id).ok_or((-31602, "Receipt not found"))?;
        match receipt.state {
            0 => {}
            4 => return Err((-31611, "Receipt is already paid")),
            _ => return Err((-31612, "Receipt is cancelled")),
        }
        if card.number == DECLINED_CARD {
            return Err((-31630, "Insufficient funds on the card"));
        }
        receipt.state = 4;
        receipt.pay_time = now_ms();
        self.paid.fetch_add(1, Ordering::SeqCst);
        Ok(json!({"receipt": receipt.json(id)}))
    }
}

async fn rpc(State(sim): State<SubscribeSim>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let request: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(_) => {
            let mut res = axum::Json(rpc_error(&Value::Null, -32700, "Parse error")).into_response();
            sim.cors(&headers, &mut res);
            return res;
        }
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let answer = match (sim.caller(&headers), request.get("method").and_then(Value::as_str)) {
        (None, _) => rpc_error(&id, -32504, "Insufficient privilege to perform this method"),
        (Some(_), None) => rpc_error(&id, -32600, "Invalid request"),
        (Some(caller), Some(method)) => {
            let params = request.get("params").cloned().unwrap_or(Value::Null);
            sim.handle(caller, method, &params, &id)
        }
    };
    let mut res = axum::Json(answer).into_response();
    sim.cors(&headers, &mut res);
    res
}

async fn preflight(State(sim): State<SubscribeSim>, headers: HeaderMap) -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    sim.cors(&headers, &mut res);
    if res.headers().contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        let h = res.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST"));
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("content-type, x-auth"));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    }
    res
}

async fn stats(State(sim): State<SubscribeSim>) -> Response {
    axum::Json(json!({"pay_calls": sim.pay_calls(), "paid": sim.paid()})).into_response()
}

/// Serves the simulator for the configured cash desk
/// (`billing.payme.merchant_id`, `subscribe_key`), answering browsers from
/// the cloud's `public_url`, on `listener` until `shutdown` completes.
///
/// # Errors
/// I/O.
pub async fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let p = &settings.billing.payme;
    let sim = SubscribeSim::new(&p.merchant_id, p.subscribe_key.expose(), vec![settings.public_url()]);
    axum::serve(listener, sim.router()).with_graceful_shutdown(shutdown).await
}
