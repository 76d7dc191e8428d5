//! The summary page: what the synced rollups say, all branches together.
//! The full Dashboard (ranges, tabs, charts) is the owner-portal issue's.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use web::format::{money, tashkent};
use web::pages::{Figure, HomePage};

use web::i18n::fill;

use super::{SignedIn, Ui};
use crate::app::AppState;
use crate::db::now_ms;
use crate::error::{AppError, page};

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

async fn home(State(state): State<AppState>, ui: Ui, SignedIn(owner): SignedIn) -> Result<Response, AppError> {
    let totals = state.db.totals(&owner.business_id, None).await?;
    let sub = state.db.subscription(&owner.business_id).await?;
    let now = now_ms();
    let days_left = ((sub.ends_at - now).max(0) + 86_399_999) / 86_400_000;
    let t = ui.t();
    let status = if sub.is_active(now) {
        t.sub_active
    } else if sub.status == "suspended" {
        t.sub_suspended
    } else {
        t.sub_expired
    };
    let figures = vec![
        Figure { label: t.fig_revenue.into(), value: money(totals.revenue) },
        Figure { label: t.fig_profit.into(), value: money(totals.revenue - totals.cost) },
        Figure { label: t.fig_orders.into(), value: totals.orders.to_string() },
        Figure { label: t.fig_payments.into(), value: format!("{} · {}", totals.payments, money(totals.paid)) },
    ];
    page(&HomePage {
        c: ui.chrome_for(&owner),
        figures,
        subscription: fill(
            t.subscription_line,
            &[
                ("tariff", &sub.tariff_name),
                ("status", status),
                ("until", &tashkent(sub.ends_at)),
                ("days", &days_left.to_string()),
            ],
        ),
    })
}
