//! The summary page: what the synced rollups say, all branches together.
//! The full Dashboard (ranges, tabs, charts) is the owner-portal issue's.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use web::format::{money, tashkent};
use web::pages::{Figure, HomePage};

use super::{SignedIn, viewer};
use crate::app::AppState;
use crate::db::now_ms;
use crate::error::{AppError, page};

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(home))
}

async fn home(State(state): State<AppState>, SignedIn(owner): SignedIn) -> Result<Response, AppError> {
    let totals = state.db.totals(&owner.business_id, None).await?;
    let sub = state.db.subscription(&owner.business_id).await?;
    let now = now_ms();
    let days_left = ((sub.ends_at - now).max(0) + 86_399_999) / 86_400_000;
    let status = if sub.is_active(now) {
        "Faol"
    } else if sub.status == "suspended" {
        "To'xtatilgan"
    } else {
        "Muddati tugagan"
    };
    let figures = vec![
        Figure { label: "Tushum".into(), value: money(totals.revenue) },
        Figure { label: "Foyda".into(), value: money(totals.revenue - totals.cost) },
        Figure { label: "Buyurtmalar".into(), value: totals.orders.to_string() },
        Figure { label: "To'lovlar".into(), value: format!("{} · {}", totals.payments, money(totals.paid)) },
    ];
    page(&HomePage {
        viewer: viewer(&owner),
        figures,
        subscription: format!(
            "Tarif: {} · {status} · {} gacha ({days_left} kun qoldi)",
            sub.tariff_name,
            tashkent(sub.ends_at)
        ),
    })
}
