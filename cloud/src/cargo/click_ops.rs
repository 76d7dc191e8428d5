//! The operators' "Onlayn to'lov" page (`/cargo-ops/click`): the company's
//! own Click service, where its clients' shipment payments go (C6). The ids
//! are digits; the secret key is sealed at rest, never shown back, and kept
//! when the field is left empty. The page shows the Prepare and Complete
//! addresses to set in Click's merchant cabinet. Every save is audited.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use tracing::info;
use web::pages::cargo_pay::ClickSettingsPage;

use super::click::callback_url;
use super::companies::Company;
use super::pay_store::{ClickService, save_click_service};
use super::shipments_ops::ops_company;
use crate::admin::Action;
use crate::admin::store::{NewAudit, write_audit};
use crate::billing::click::Action as ClickAction;
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::http::extract::Client;
use crate::portal::Viewing;

/// The longest id Click gives.
const ID_MAX: usize = 20;
/// The longest secret key taken.
const SECRET_MAX: usize = 200;

/// The page (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo-ops/click", get(show).post(save))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Saved {
    saved: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ClickForm {
    service_id: String,
    merchant_id: String,
    merchant_user_id: String,
    secret_key: String,
}

fn render(
    state: &AppState,
    v: &Viewing,
    company: &Company,
    ids: [String; 3],
    stored: Option<&ClickService>,
    error: Option<(&str, &str)>,
    saved: bool,
) -> Result<Response, AppError> {
    let public = state.settings.public_url();
    page(&ClickSettingsPage {
        c: v.chrome(),
        ids,
        saved_service: stored.is_some(),
        prepare_url: callback_url(&public, company.slug.as_str(), ClickAction::Prepare),
        complete_url: callback_url(&public, company.slug.as_str(), ClickAction::Complete),
        error: error.map(|(f, m)| (f.to_owned(), m.to_owned())),
        saved,
    })
}

async fn show(State(state): State<AppState>, v: Viewing, Query(q): Query<Saved>) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let stored = state.db.cargo_click_service(&company.business_id).await?;
    let ids = stored
        .as_ref()
        .map_or_else(Default::default, |s| [s.service_id.clone(), s.merchant_id.clone(), s.merchant_user_id.clone()]);
    render(&state, &v, &company, ids, stored.as_ref(), None, q.saved == "1")
}

/// A Click id: digits only (the user id may be empty).
fn id_ok(text: &str, required: bool) -> bool {
    (!required || !text.is_empty()) && text.len() <= ID_MAX && text.bytes().all(|b| b.is_ascii_digit())
}

async fn save(
    State(state): State<AppState>,
    v: Viewing,
    who: Client,
    Form(f): Form<ClickForm>,
) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let business = &company.business_id;
    let stored = state.db.cargo_click_service(business).await?;
    let ids = [f.service_id.trim().to_owned(), f.merchant_id.trim().to_owned(), f.merchant_user_id.trim().to_owned()];
    let secret = f.secret_key.trim();
    let p = &v.t().cargo.pay;
    let problem = if !id_ok(&ids[0], true) {
        Some(("service_id", p.e_id))
    } else if !id_ok(&ids[1], true) {
        Some(("merchant_id", p.e_id))
    } else if !id_ok(&ids[2], false) {
        Some(("merchant_user_id", p.e_id))
    } else if (secret.is_empty() && stored.is_none()) || secret.chars().count() > SECRET_MAX {
        Some(("secret_key", p.e_secret))
    } else {
        None
    };
    if let Some(problem) = problem {
        let shown = ids.map(|s| s.chars().take(ID_MAX).collect());
        let mut res = render(&state, &v, &company, shown, stored.as_ref(), Some(problem), false)?;
        *res.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(res);
    }
    let secret_sealed = match (&stored, secret.is_empty()) {
        (Some(s), true) => s.secret_sealed.clone(),
        _ => state.vault.seal(secret, business.as_str()).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let [service_id, merchant_id, merchant_user_id] = ids;
    let detail = format!(
        "service {service_id}, merchant {merchant_id}, user {merchant_user_id}, secret {}",
        if secret.is_empty() { "kept" } else { "replaced" }
    );
    let service = ClickService { service_id, merchant_id, merchant_user_id, secret_sealed, updated_at: now_ms() };
    let mut tx = state.db.begin_write().await?;
    save_click_service(&mut tx, business, &service).await?;
    let audit = NewAudit {
        actor_kind: "owner",
        actor_id: &v.owner.id,
        actor_login: &v.owner.phone,
        action: Action::CargoClick.code(),
        business_id: Some(business),
        detail: &detail,
        client_addr: &who.addr,
    };
    write_audit(&mut tx, &audit).await?;
    tx.commit().await.map_err(DbError::from)?;
    info!(business = %business, service = %service.service_id, "cargo Click service saved");
    Ok(Redirect::to("/cargo-ops/click?saved=1").into_response())
}
