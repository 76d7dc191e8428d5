//! Orders (P4): the list with its filters, and one order's details.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use web::format::{self, money, tashkent};
use web::pages::*;

use super::{ListQuery, PAGE_ROWS, Viewing, choices, number_search, order_line, pager, payment_line};
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
    let (short, number) = number_search(&search);
    let page_no = q.page();
    let filter = OrderFilter { status: status.clone(), number, short, period: None };
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
    let t = v.t();
    let (o, items, payments) = state.db.order_detail(&v.scope, &id).await?;
    let history = state.db.order_history(&v.scope, &id).await?;
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
        history: history_lines(t, &history),
    })
}

/// The history as shown: a cancellation once a payment was confirmed, and a
/// refund, are marked.
fn history_lines(t: &web::i18n::Text, changes: &[history::ChangeRow]) -> Vec<HistoryLine> {
    use protocol::{OrderStatus, PaymentMethod, PaymentStatus};
    let mut paid = false;
    changes
        .iter()
        .map(|c| {
            let (change, status, alarm) = if c.entity == "payment" {
                let method = c.method.as_deref().and_then(PaymentMethod::from_code);
                let status = PaymentStatus::from_code(&c.status);
                paid |= status == Some(PaymentStatus::Confirmed);
                let method = method.map_or("", |m| t.payment_method(m));
                let alarm = if status == Some(PaymentStatus::Refunded) { t.portal.alarm_refund } else { "" };
                (
                    web::i18n::fill(t.portal.change_payment, &[("method", method)]),
                    status.map(|s| t.payment_status(s)),
                    alarm,
                )
            } else {
                let status = OrderStatus::from_code(&c.status);
                let voided = paid && status == Some(OrderStatus::Cancelled);
                let alarm = if voided { t.portal.alarm_void_after_payment } else { "" };
                (
                    web::i18n::fill(t.portal.change_order, &[("n", &c.lines.to_string())]),
                    status.map(|s| t.order_status(s)),
                    alarm,
                )
            };
            HistoryLine {
                date: tashkent(c.changed_at),
                terminal: match c.short {
                    Some(n) => format!("{n} · {}", c.terminal),
                    None => c.terminal.clone(),
                },
                manager: c.role == "manager",
                employee: c.employee.clone(),
                change,
                status: status.unwrap_or_default().to_owned(),
                amount: money(c.amount),
                alarm,
            }
        })
        .collect()
}
