//! The operators' legal details pages (owner portal): the company's own
//! (`/cargo-ops/legal`, with its service's IKPU code) and a client's
//! (`/cargo-ops/clients/{id}/legal`). A form is saved whole or refused with
//! the field named and nothing written; each save is audited. Another
//! company's client is a 404.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use tracing::info;
use web::i18n::cargo_legal::FIELDS;
use web::pages::cargo_business::LegalPage;

use super::contracts_ops::audit;
use super::ledger_ops::{company_client, refused};
use super::legal::{self, Legal, LegalInput};
use super::shipments_ops::ops_company;
use crate::admin::Action;
use crate::db::DbError;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::http::extract::Client;
use crate::ids::BusinessId;
use crate::portal::Viewing;

/// The pages (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo-ops/legal", get(company_page).post(company_save))
        .route("/cargo-ops/clients/{id}/legal", get(client_page).post(client_save))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Saved {
    saved: String,
}

/// Whose details: the company's (with IKPU) or a client's.
struct Party {
    business: BusinessId,
    owner: String,
    title: String,
    action: String,
    back: Option<String>,
    company: bool,
}

fn render(
    v: &Viewing,
    party: &Party,
    values: &Legal,
    error: Option<&'static str>,
    saved: bool,
) -> Result<Response, AppError> {
    let l = &v.t().cargo.legal;
    let value = |name: &str| match name {
        "legal_name" => values.legal_name.clone(),
        "tin" => values.tin.clone(),
        "vat_code" => values.vat_code.clone(),
        "address" => values.address.clone(),
        "bank_account" => values.bank_account.clone(),
        "mfo" => values.mfo.clone(),
        "bank_name" => values.bank_name.clone(),
        _ => values.ikpu.clone(),
    };
    let shown = if party.company { FIELDS.len() } else { FIELDS.len() - 1 };
    let fields = FIELDS.iter().take(shown).enumerate().map(|(i, f)| (*f, l.fields[i], l.hints[i], value(f))).collect();
    page(&LegalPage {
        c: v.chrome(),
        title: party.title.clone(),
        action: party.action.clone(),
        back: party.back.clone(),
        fields,
        error: error.map(|f| (f, l.error(f))),
        saved,
    })
}

async fn company_party(state: &AppState, v: &Viewing) -> Result<Party, AppError> {
    let company = ops_company(state, v).await?;
    Ok(Party {
        owner: company.business_id.to_string(),
        business: company.business_id,
        title: v.t().cargo.legal.company_title.to_owned(),
        action: "/cargo-ops/legal".into(),
        back: None,
        company: true,
    })
}

async fn client_party(state: &AppState, v: &Viewing, id: &str) -> Result<Party, AppError> {
    let client = company_client(state, v, id).await?;
    let href = format!("/cargo-ops/clients/{}", client.id);
    Ok(Party {
        owner: client.id.to_string(),
        business: client.business_id,
        title: web::i18n::fill(v.t().cargo.legal.client_title, &[("name", &client.full_name)]),
        action: format!("{href}/legal"),
        back: Some(format!("{href}/ledger")),
        company: false,
    })
}

async fn show(state: &AppState, v: &Viewing, party: &Party, saved: bool) -> Result<Response, AppError> {
    let stored = state.db.cargo_legal(&party.business, &party.owner).await?.unwrap_or_default();
    render(v, party, &stored, None, saved)
}

async fn save(
    state: &AppState,
    v: &Viewing,
    who: &Client,
    party: &Party,
    input: &LegalInput,
) -> Result<Response, AppError> {
    v.writable()?;
    let details = match input.parse(party.company) {
        Ok(d) => d,
        Err(problem) => return refused(render(v, party, &input.typed(), Some(problem.field()), false)),
    };
    let mut tx = state.db.begin_write().await?;
    legal::save(&mut tx, &party.business, &party.owner, &details).await?;
    let detail = format!("legal details of {}: {} INN/PINFL {}", party.owner, details.legal_name, details.tin);
    audit(&mut tx, v, who, &party.business, Action::CargoLegal, &detail).await?;
    tx.commit().await.map_err(DbError::from)?;
    info!(owner = %party.owner, "cargo legal details saved by an operator");
    Ok(Redirect::to(&format!("{}?saved=1", party.action)).into_response())
}

async fn company_page(State(state): State<AppState>, v: Viewing, Query(q): Query<Saved>) -> Result<Response, AppError> {
    let party = company_party(&state, &v).await?;
    show(&state, &v, &party, q.saved == "1").await
}

async fn company_save(
    State(state): State<AppState>,
    v: Viewing,
    who: Client,
    Form(input): Form<LegalInput>,
) -> Result<Response, AppError> {
    let party = company_party(&state, &v).await?;
    save(&state, &v, &who, &party, &input).await
}

async fn client_page(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Query(q): Query<Saved>,
) -> Result<Response, AppError> {
    let party = client_party(&state, &v, &id).await?;
    show(&state, &v, &party, q.saved == "1").await
}

async fn client_save(
    State(state): State<AppState>,
    v: Viewing,
    who: Client,
    Path(id): Path<String>,
    Form(input): Form<LegalInput>,
) -> Result<Response, AppError> {
    let party = client_party(&state, &v, &id).await?;
    save(&state, &v, &who, &party, &input).await
}
