//! Transactions (P7): payments with their filters and totals, and one payment.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use protocol::{PaymentMethod, PaymentStatus};
use web::format::money;
use web::pages::*;

use super::{ListQuery, PAGE_ROWS, Viewing, choices, pager, payment_line};
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::portal::store::*;

pub(super) async fn transactions(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let status = PaymentStatus::from_code(&q.status).map(|s| s.code().to_owned()).unwrap_or_default();
    let method = PaymentMethod::from_code(&q.method).map(|m| m.code().to_owned()).unwrap_or_default();
    let page_no = q.page();
    let filter = PaymentFilter { status: status.clone(), method: method.clone(), period: None };
    let (found, totals) = state.db.payments_page(&v.scope, &filter, (page_no - 1) * PAGE_ROWS, PAGE_ROWS).await?;
    let status_options: Vec<(&str, &str)> =
        PaymentStatus::ALL.iter().map(|s| (s.code(), t.payment_status(*s))).collect();
    let method_options: Vec<(&str, &str)> =
        PaymentMethod::ALL.iter().map(|m| (m.code(), t.payment_method(*m))).collect();
    page(&TransactionsPage {
        c: v.chrome(),
        statuses: choices(t.portal.all_statuses, &status_options, &status),
        methods: choices(t.portal.all_methods, &method_options, &method),
        count: totals.count.to_string(),
        sum: money(totals.confirmed_amount),
        rows: found.rows.iter().map(payment_line).collect(),
        pager: pager(t, "/transactions", &[("status", &status), ("method", &method)], page_no, PAGE_ROWS, found.total),
    })
}

pub(super) async fn transaction(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let _t = v.t();
    let p = state.db.payment_detail(&v.scope, &id).await?;
    page(&TransactionPage { c: v.chrome(), p: payment_line(&p) })
}
