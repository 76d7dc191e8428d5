//! Orders (P4): the list with its filters, and one order's details.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use web::format::{self, money, tashkent};
use web::pages::*;

use super::{ListQuery, PAGE_ROWS, Viewing, choices, order_line, pager, payment_line};
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::portal::store::*;

pub(super) async fn orders(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let status = protocol::OrderStatus::from_code(&q.status).map(|s| s.code().to_owned()).unwrap_or_default();
    let search = q.q.trim().trim_start_matches('#').trim().to_owned();
    // A search that is not a number matches nothing rather than everything.
    let number =
        if search.is_empty() { None } else { Some(search.parse::<i64>().ok().filter(|n| *n >= 0).unwrap_or(i64::MAX)) };
    let page_no = q.page();
    let filter = OrderFilter { status: status.clone(), number, period: None };
    let found = state.db.orders_page(&v.scope, &filter, (page_no - 1) * PAGE_ROWS, PAGE_ROWS).await?;
    let options: Vec<(&str, &str)> =
        protocol::OrderStatus::ALL.iter().map(|s| (s.code(), t.order_status(*s))).collect();
    page(&OrdersPage {
        c: v.chrome(),
        q: q.q.chars().take(30).collect(),
        statuses: choices(t.portal.all_statuses, &options, &status),
        orders: found.rows.iter().map(order_line).collect(),
        pager: pager(t, "/orders", &[("q", &search), ("status", &status)], page_no, PAGE_ROWS, found.total),
    })
}

pub(super) async fn order(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let _t = v.t();
    let (o, items, payments) = state.db.order_detail(&v.scope, &id).await?;
    page(&OrderPage {
        c: v.chrome(),
        order: order_line(&o),
        closed: o.closed_at.map(tashkent).unwrap_or_default(),
        items: items
            .iter()
            .map(|i| web::pages::ItemLine {
                name: i.name.clone(),
                qty: format::qty(i.qty_milli),
                price: money(i.unit_price),
                total: money(i.total),
            })
            .collect(),
        items_total: money(o.items_total),
        service_charge: money(o.service_charge),
        payments: payments.iter().map(payment_line).collect(),
    })
}
