//! Profile (P12): the owner, the business, the tariff in use, the owner's
//! signed-in devices.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse as _, Response};
use web::format::{self};
use web::i18n::fill;
use web::pages::*;

use super::Viewing;
use crate::http::error::{AppError, page};
use crate::http::{AppState, session_token};

/// `?signed_out=1` after "sign out of every other device", `?telegram=unlinked`
/// after unlinking Telegram.
#[derive(Debug, Default, serde::Deserialize)]
pub(super) struct ProfileQuery {
    #[serde(default)]
    signed_out: Option<String>,
    #[serde(default)]
    telegram: Option<String>,
}

pub(super) async fn profile(
    State(state): State<AppState>,
    v: Viewing,
    headers: HeaderMap,
    Query(q): Query<ProfileQuery>,
) -> Result<Response, AppError> {
    render(&state, &v, &headers, &q, None).await
}

/// "Telegram'ni ulash": the profile again, with a one-time deep link to the
/// bot (P14).
pub(super) async fn link_telegram(
    State(state): State<AppState>,
    v: Viewing,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let link = crate::telegram::new_link(&state, &v.owner.id).await?;
    render(&state, &v, &headers, &ProfileQuery::default(), Some(link)).await
}

/// The notifications' form.
pub(super) async fn telegram_prefs(
    State(state): State<AppState>,
    v: Viewing,
    axum::Form(form): axum::Form<crate::telegram::PrefsForm>,
) -> Result<Response, AppError> {
    let saved = crate::telegram::save_prefs(&state, &v.owner.id, &form).await?;
    let to = if saved { "/profile?telegram=saved" } else { "/profile?telegram=bad" };
    Ok(axum::response::Redirect::to(to).into_response())
}

/// "Telegram'ni uzish".
pub(super) async fn unlink_telegram(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    crate::telegram::unlink(&state, &v.owner.id).await?;
    Ok(axum::response::Redirect::to("/profile?telegram=unlinked").into_response())
}

async fn render(
    state: &AppState,
    v: &Viewing,
    headers: &HeaderMap,
    q: &ProfileQuery,
    link: Option<String>,
) -> Result<Response, AppError> {
    let t = v.t();
    let sub = state.db.subscription(&v.owner.business_id).await?;
    let o = &v.owner;
    let current = session_token(headers).unwrap_or_default();
    let mut telegram = crate::telegram::profile_box(state, &v.owner.id, t).await?;
    telegram.notice = match q.telegram.as_deref() {
        Some("unlinked") => Some(t.telegram.unlinked.to_owned()),
        Some("saved") => Some(t.telegram.prefs_saved.to_owned()),
        Some("bad") => Some(t.telegram.prefs_bad.to_owned()),
        _ => None,
    };
    if telegram.configured && telegram.linked.is_none() {
        telegram.link = link;
    }
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
        telegram,
    })
}
