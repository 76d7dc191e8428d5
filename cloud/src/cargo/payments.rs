//! "To'lovlar" (C7): the client's balance and every payment they made, newest
//! first, numbered from their first. The rows are the ledger's payments.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use web::pages::cargo::{CargoPaymentsPage, PaymentLine};

use super::cabinet::CargoClient;
use super::ledger::{Mode, Rows};
use crate::http::{AppError, AppState, page};

/// The most payments the list shows.
const LIST_LIMIT: i64 = 500;

/// The payments pages (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/payments", get(list))
}

async fn list(State(state): State<AppState>, c: CargoClient) -> Result<Response, AppError> {
    let (business, client) = (&c.client.business_id, &c.client.id);
    let balance = state.db.client_balance(business, client, Mode::Live).await?;
    let total = state.db.client_entry_count(business, client, Mode::Live, Rows::Payments).await?;
    let entries = state.db.client_entries(business, client, Mode::Live, Rows::Payments, LIST_LIMIT).await?;
    let m = &c.t().cargo.money;
    let rows = entries
        .into_iter()
        .zip((1..=total).rev())
        .map(|(e, no)| PaymentLine {
            no,
            at: web::format::tashkent(e.at),
            method: m.method(&e.method).to_owned(),
            amount: web::format::money(e.amount),
            barcode: e.barcode,
            note: e.note,
        })
        .collect();
    page(&CargoPaymentsPage {
        c: c.chrome(),
        balance: web::format::money(balance.total),
        owes: balance.total < 0,
        rows,
    })
}
