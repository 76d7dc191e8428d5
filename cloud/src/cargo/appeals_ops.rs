//! The company's operators answer appeals (`/cargo-ops/appeals`, in the
//! owner portal: the company's owner signed in). An answer is saved, shown
//! in the client's history, and sent to the appeal's phone by SMS in the
//! client's language.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use tracing::{info, warn};
use web::i18n::Lang;
use web::i18n::cargo_cabinet::{AppealStatus, CabinetProblem};
use web::pages::cargo::{Alert, CargoOpsAppealsPage};

use crate::cargo::appeals::{line, status_of};
use crate::cargo::appeals_store;
use crate::cargo::companies::{self, Company};
use crate::db::DbError;
use crate::http::{AppError, AppState, SignedIn, Ui, page};
use crate::ids::AppealId;

/// The operators' pages (owner group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo-ops/appeals", get(list)).route("/cargo-ops/appeals/{id}/answer", post(answer))
}

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    answered: String,
}

/// The owner's company, or the page saying the business is none.
async fn company_of(state: &AppState, ui: &Ui, owner: &crate::accounts::store::Owner) -> Result<Company, Response> {
    match companies::by_business(&state.db, &owner.business_id).await {
        Ok(c) => Ok(c),
        Err(DbError::NotFound) => {
            let view = CargoOpsAppealsPage {
                c: ui.chrome_for(owner),
                status: "new".into(),
                cabinet: String::new(),
                appeals: Vec::new(),
                notice: None,
                error: Some(Alert { code: "not_cargo".into(), message: ui.t().cargo.cabinet.ops_no_company.into() }),
            };
            Err(match page(&view) {
                Ok(mut r) => {
                    *r.status_mut() = StatusCode::NOT_FOUND;
                    r
                }
                Err(e) => e.into_response(),
            })
        }
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

async fn render(
    state: &AppState,
    ui: &Ui,
    owner: &crate::accounts::store::Owner,
    company: &Company,
    status: AppealStatus,
    notice: Option<String>,
    error: Option<Alert>,
) -> Result<Response, AppError> {
    let rows = appeals_store::company_appeals(&state.db, &company.business_id, status).await?;
    page(&CargoOpsAppealsPage {
        c: ui.chrome_for(owner),
        status: status.code().to_owned(),
        cabinet: company.base(),
        appeals: rows.iter().map(|a| line(ui.t(), a)).collect(),
        notice,
        error,
    })
}

async fn list(
    State(state): State<AppState>,
    ui: Ui,
    SignedIn(owner): SignedIn,
    Query(q): Query<ListQuery>,
) -> Response {
    let company = match company_of(&state, &ui, &owner).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let notice = (q.answered == "1").then(|| ui.t().cargo.cabinet.answer_sent.to_owned());
    render(&state, &ui, &owner, &company, status_of(&q.status), notice, None)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

#[derive(Debug, Deserialize)]
struct AnswerForm {
    #[serde(default)]
    answer: String,
}

async fn answer(
    State(state): State<AppState>,
    ui: Ui,
    SignedIn(owner): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let company = match company_of(&state, &ui, &owner).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let Some(id) = AppealId::parse(&id) else { return AppError::NotFound.into_response() };
    let text = form.answer.trim();
    if text.is_empty() || text.chars().count() > 1000 {
        let error = Some(Alert::problem(ui.t(), CabinetProblem::Answer));
        return match render(&state, &ui, &owner, &company, AppealStatus::New, None, error).await {
            Ok(mut r) => {
                *r.status_mut() = StatusCode::BAD_REQUEST;
                r
            }
            Err(e) => e.into_response(),
        };
    }
    let appeal = match appeals_store::answer(&state.db, &company.business_id, &id, text, &owner.id).await {
        Ok(a) => a,
        Err(e) => return AppError::from(e).into_response(),
    };
    info!(cargo.appeal = %appeal.id, owner.id = owner.id, "appeal answered");
    let lang = Lang::parse(&appeal.language).unwrap_or_default();
    let sms = web::i18n::fill(
        lang.text().cargo.cabinet.sms_answer,
        &[("company", company.name.as_str()), ("number", &appeal.number.to_string()), ("answer", text)],
    );
    // The answer is saved and shown in the cabinet whether or not the SMS
    // goes out.
    if let Err(e) = state.accounts.notify(&appeal.phone, &sms).await {
        warn!(cargo.appeal = %appeal.id, error = %e, "appeal answer SMS failed");
    }
    Redirect::to("/cargo-ops/appeals?status=new&answered=1").into_response()
}
