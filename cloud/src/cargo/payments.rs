//! "To'lovlar" (C7): the client's balance and every payment they made, newest
//! first, numbered from their first. The rows are the ledger's payments.
//!
//! The balance is live (C11): the page's script asks `/balance` every few
//! seconds how many rows the client's ledger has; when a payment (a desk's
//! cash, Click, a transfer the operators recorded) or a charge added one, it
//! fetches the page again and swaps it in, without a reload.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;
use web::pages::cargo::{CargoPaymentsPage, PaymentLine};

use super::cabinet::CargoClient;
use super::ledger::{Kind, Mode, Rows};
use super::pay_store::PayStatus;
use crate::db::DbError;
use crate::http::{AppError, AppState, page};
use crate::ids::CargoPayId;

/// The most payments the list shows.
const LIST_LIMIT: i64 = 500;

/// The payments pages (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/payments", get(list)).route("/cargo/{slug}/balance", get(balance))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Back {
    /// The payment the provider sent the client back from.
    pay: String,
}

async fn list(State(state): State<AppState>, c: CargoClient, Query(back): Query<Back>) -> Result<Response, AppError> {
    let (business, client) = (&c.client.business_id, &c.client.id);
    let p = &c.t().cargo.pay;
    let notice = match CargoPayId::parse(&back.pay) {
        Some(id) => match state.db.client_pay(business, client, &id).await {
            Ok(pay) => Some(match pay.status {
                PayStatus::Paid => ("paid", p.paid),
                PayStatus::Open => ("pending", p.pending),
                PayStatus::Cancelled => ("cancelled", p.cancelled),
            }),
            Err(DbError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    }
    .map(|(code, message)| (code.to_owned(), message.to_owned()));
    let balance = state.db.client_balance(business, client, Mode::Live).await?;
    let total = state.db.client_entry_count(business, client, Mode::Live, Rows::Payments).await?;
    let version = state.db.client_entry_count(business, client, Mode::Live, Rows::All).await?;
    let entries = state.db.client_entries(business, client, Mode::Live, Rows::Payments, LIST_LIMIT).await?;
    let m = &c.t().cargo.money;
    let rows = entries
        .into_iter()
        .zip((1..=total).rev())
        .map(|(e, no)| {
            let returned = e.kind == Kind::PaymentReturned;
            PaymentLine {
                id: e.id.to_string(),
                no,
                at: web::format::tashkent(e.at),
                method: if returned {
                    format!("{} · {}", m.kind(e.kind.code()), m.method(&e.method))
                } else {
                    m.method(&e.method).to_owned()
                },
                amount: web::format::money(e.amount),
                barcode: e.barcode,
                note: e.note,
                returned,
                contract: e.contract,
            }
        })
        .collect();
    page(&CargoPaymentsPage {
        c: c.chrome(),
        balance: web::format::money(balance.total),
        owes: balance.total < 0,
        rows,
        notice,
        version,
    })
}

/// What the payments page's script polls.
#[derive(Debug, serde::Serialize)]
struct Live {
    /// The ledger's row count (rows are never deleted: it only grows).
    version: i64,
}

async fn balance(State(state): State<AppState>, c: CargoClient) -> Result<Response, AppError> {
    let (business, client) = (&c.client.business_id, &c.client.id);
    let version = state.db.client_entry_count(business, client, Mode::Live, Rows::All).await?;
    let mut res = axum::Json(Live { version }).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}
