//! Profile (P12): the owner, the business, the tariff in use.

use axum::extract::State;
use axum::response::Response;
use web::format::{self};
use web::i18n::fill;
use web::pages::*;

use super::Viewing;
use crate::http::AppState;
use crate::http::error::{AppError, page};

pub(super) async fn profile(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let sub = state.db.subscription(&v.owner.business_id).await?;
    let o = &v.owner;
    page(&ProfilePage {
        c: v.chrome(),
        name: format!("{} {}", o.first_name, o.last_name),
        phone: o.phone.clone(),
        business: o.business_name.clone(),
        registered: format::date(format::tashkent_day(o.created_at)),
        tariff: sub.tariff_name,
        branches: fill(
            t.branches.branches_usage,
            &[("used", &v.branches.len().to_string()), ("max", &sub.max_branches.to_string())],
        ),
    })
}
