//! Branches (P9, the part the cloud foundation needs): cards, creation
//! within the tariff's limit, hub enrolment codes, terminal revocation.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::format::tashkent;
use web::pages::{BranchCard, BranchesPage, FormError, TerminalRow};

use web::i18n::fill;

use super::portal::Viewing;
use super::{SignedIn, form_error};
use crate::app::AppState;
use crate::db::branches::BranchCreated;
use crate::error::{AppError, page};
use crate::hubs;
use crate::phone::Phone;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/branches", get(list).post(create))
        .route("/branches/{id}/enrolment", post(enrolment))
        .route("/terminals/{id}/revoke", post(revoke))
}

#[derive(Debug, Default, Deserialize)]
struct BranchForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
}

async fn render(
    state: &AppState,
    v: &Viewing,
    form: BranchForm,
    error: Option<FormError>,
    code: Option<(String, String, i64)>,
) -> Result<BranchesPage, AppError> {
    let t = v.t();
    let owner = &v.owner;
    let branches = &v.branches;
    let sub = state.db.subscription(&owner.business_id).await?;
    let mut cards = Vec::with_capacity(branches.len());
    for b in branches {
        let terminals = state.db.terminals(&owner.business_id, &b.id).await?;
        let (enrolment_code, enrolment_expires) = match &code {
            Some((branch, c, expires)) if *branch == b.id => {
                (Some(c.clone()), fill(t.valid_until, &[("at", &tashkent(*expires))]))
            }
            _ => (None, String::new()),
        };
        cards.push(BranchCard {
            id: b.id.clone(),
            name: b.name.clone(),
            address: b.address.clone(),
            phone: b.phone.clone(),
            active: b.active,
            terminals_usage: fill(
                t.terminals_usage,
                &[("used", &b.active_terminals.to_string()), ("max", &sub.max_terminals.to_string())],
            ),
            hubs: fill(t.hubs_count, &[("n", &b.hubs.to_string())]),
            last_sync: b.last_sync_at.map(|at| fill(t.last_sync, &[("at", &tashkent(at))])).unwrap_or_default(),
            enrolment_code,
            enrolment_expires,
            terminals: terminals
                .into_iter()
                .map(|t| TerminalRow { id: t.id, name: t.name, revoked: t.revoked_at.is_some() })
                .collect(),
        });
    }
    Ok(BranchesPage {
        c: v.chrome(),
        usage: fill(t.branches_usage, &[("used", &branches.len().to_string()), ("max", &sub.max_branches.to_string())]),
        can_create: (branches.len() as i64) < sub.max_branches,
        branches: cards,
        name: form.name,
        address: form.address,
        phone: form.phone,
        error,
    })
}

async fn list(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    page(&render(&state, &v, BranchForm::default(), None, None).await?)
}

async fn create(State(state): State<AppState>, v: Viewing, Form(form): Form<BranchForm>) -> Result<Response, AppError> {
    let name = form.name.trim().to_owned();
    let address: String = form.address.trim().chars().take(200).collect();
    let error = if name.chars().count() < 2 || name.chars().count() > 100 {
        Some(form_error(v.t(), "branch_name", &[]))
    } else {
        None
    };
    let phone = match form.phone.trim() {
        "" => Ok(String::new()),
        p => Phone::parse(p).map(|p| p.to_string()),
    };
    let error = error.or_else(|| phone.is_err().then(|| form_error(v.t(), "bad_phone", &[])));
    if let Some(error) = error {
        let mut res = page(&render(&state, &v, form, Some(error), None).await?)?;
        *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return Ok(res);
    }
    let phone = phone.unwrap_or_default();
    match state.db.create_branch(&v.owner.business_id, &name, &address, &phone).await? {
        BranchCreated::Created(_) => Ok(Redirect::to("/branches").into_response()),
        BranchCreated::LimitReached { max } => {
            let error = form_error(v.t(), "branch_limit", &[("max", max.to_string())]);
            let mut res = page(&render(&state, &v, form, Some(error), None).await?)?;
            *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(res)
        }
    }
}

async fn enrolment(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let (code, expires) = hubs::issue_code(&state.db, &v.owner.business_id, &id).await?;
    page(&render(&state, &v, BranchForm::default(), None, Some((id, code, expires))).await?)
}

async fn revoke(
    State(state): State<AppState>,
    SignedIn(owner): SignedIn,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    state.db.revoke_terminal(&owner.business_id, &id).await?;
    Ok(Redirect::to("/branches").into_response())
}
