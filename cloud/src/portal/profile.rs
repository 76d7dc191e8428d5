//! Profile (P12): the owner, the business, the tariff in use, the owner's
//! signed-in devices.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use web::format::{self};
use web::i18n::fill;
use web::pages::*;

use super::Viewing;
use crate::http::error::{AppError, page};
use crate::http::{AppState, SESSION_COOKIE, cookie};

/// `?signed_out=1` after "sign out of every other device".
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ProfileQuery {
    #[serde(default)]
    signed_out: Option<String>,
}

pub(super) async fn profile(
    State(state): State<AppState>,
    v: Viewing,
    headers: HeaderMap,
    Query(q): Query<ProfileQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let sub = state.db.subscription(&v.owner.business_id).await?;
    let o = &v.owner;
    let current = cookie(&headers, SESSION_COOKIE).unwrap_or_default();
    let sessions = state
        .accounts
        .sessions(&o.id, &current)
        .await?
        .into_iter()
        .map(|(s, current)| SessionLine {
            device: Some(format::device(&s.user_agent))
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| t.accounts.session_unknown_device.to_owned()),
            addr: s.client_addr,
            last_seen: format::tashkent(s.last_seen_at),
            current,
        })
        .collect();
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
        sessions,
        notice: q.signed_out.is_some().then(|| t.accounts.signed_out_others.to_owned()),
    })
}
