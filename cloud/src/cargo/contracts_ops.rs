//! The operators' contracts (owner portal, on a client's ledger page): make a
//! contract with one of the company's offices, set its personal manager.
//! Each change is written with its audit line in one transaction; a refused
//! form comes back with the field marked and nothing written. Another
//! company's client or contract is a 404.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use tracing::info;
use web::pages::cargo_business::ContractForm;

use super::contracts::{self, ContractInput, Manager};
use super::ledger_ops::{Forms, company_client, office_choices, refused, render};
use crate::admin::Action;
use crate::admin::store::{NewAudit, write_audit};
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::http::error::AppError;
use crate::http::extract::Client;
use crate::ids::ContractId;
use crate::portal::Viewing;

/// The contracts' forms (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo-ops/clients/{id}/contracts", post(create))
        .route("/cargo-ops/clients/{id}/contracts/{contract}/manager", post(manager))
}

fn ledger_back(client: &crate::ids::ClientId, what: &str) -> Response {
    Redirect::to(&format!("/cargo-ops/clients/{client}/ledger?recorded={what}")).into_response()
}

async fn create(
    State(state): State<AppState>,
    v: Viewing,
    who: Client,
    Path(id): Path<String>,
    Form(input): Form<ContractInput>,
) -> Result<Response, AppError> {
    v.writable()?;
    let client = company_client(&state, &v, &id).await?;
    let business = &client.business_id;
    let offices = contracts::offices(&state.db, business).await?;
    let ids: Vec<_> = offices.iter().map(|(id, _)| id.clone()).collect();
    let today = web::format::tashkent_day(now_ms());
    let b = &v.t().cargo.business;
    let refused_with = |problem: contracts::Problem| {
        let typed = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        let form = ContractForm {
            action: String::new(),
            number: typed(&input.number, contracts::NUMBER_MAX + 8),
            signed_on: typed(&input.signed_on, 20),
            offices: office_choices(&offices, input.office.trim()),
            manager_name: typed(&input.manager_name, contracts::MANAGER_MAX + 8),
            manager_phone: typed(&input.manager_phone, 32),
            error: Some((b.refusal(problem.code()).to_owned(), problem.field())),
        };
        Forms { contract: Some(form), ..Forms::default() }
    };
    let new = match input.parse(&ids, today) {
        Ok(new) => new,
        Err(problem) => return refused(render(&state, &v, &client, refused_with(problem), None).await),
    };
    let mut tx = state.db.begin_write().await?;
    let made = match contracts::create(&mut tx, business, &client.id, &new).await? {
        Ok(made) => made,
        Err(problem) => {
            drop(tx);
            return refused(render(&state, &v, &client, refused_with(problem), None).await);
        }
    };
    let detail = format!(
        "client {}: contract {} of {} with office {}, manager {:?} {}",
        client.id,
        new.number.as_str(),
        web::format::iso_date(new.signed_on),
        new.office,
        new.manager.name,
        new.manager.phone
    );
    audit(&mut tx, &v, &who, business, Action::CargoContract, &detail).await?;
    tx.commit().await.map_err(DbError::from)?;
    info!(client = %client.id, contract = %made, office = %new.office, "cargo contract made by an operator");
    Ok(ledger_back(&client.id, "contract"))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ManagerInput {
    manager_name: String,
    manager_phone: String,
}

async fn manager(
    State(state): State<AppState>,
    v: Viewing,
    who: Client,
    Path((id, contract)): Path<(String, String)>,
    Form(input): Form<ManagerInput>,
) -> Result<Response, AppError> {
    v.writable()?;
    let client = company_client(&state, &v, &id).await?;
    let contract = ContractId::parse(&contract).ok_or(AppError::NotFound)?;
    let m = match Manager::parse(&input.manager_name, &input.manager_phone) {
        Ok(m) => m,
        Err(problem) => {
            // Not the client's contract: a 404 before any form.
            state
                .db
                .client_contract(&client.business_id, &client.id, contract.as_str(), super::ledger::Mode::Live)
                .await?;
            let message = v.t().cargo.business.refusal(problem.code()).to_owned();
            let typed = |s: &str, n: usize| s.chars().take(n).collect::<String>();
            let forms = Forms {
                manager: Some((
                    contract.to_string(),
                    typed(&input.manager_name, contracts::MANAGER_MAX + 8),
                    typed(&input.manager_phone, 32),
                    (message, problem.field()),
                )),
                ..Forms::default()
            };
            return refused(render(&state, &v, &client, forms, None).await);
        }
    };
    let mut tx = state.db.begin_write().await?;
    if !contracts::set_manager(&mut tx, &client.id, &contract, &m).await? {
        return Err(AppError::NotFound);
    }
    let detail = format!("client {}: contract {contract} manager {:?} {}", client.id, m.name, m.phone);
    audit(&mut tx, &v, &who, &client.business_id, Action::CargoContract, &detail).await?;
    tx.commit().await.map_err(DbError::from)?;
    info!(client = %client.id, contract = %contract, "cargo contract's manager set by an operator");
    Ok(ledger_back(&client.id, "manager"))
}

/// An operator's change to the audit log, in the change's transaction.
pub(crate) async fn audit(
    tx: &mut crate::db::Tx,
    v: &Viewing,
    who: &Client,
    business: &crate::ids::BusinessId,
    action: Action,
    detail: &str,
) -> Result<(), AppError> {
    let audit = NewAudit {
        actor_kind: "owner",
        actor_id: &v.owner.id,
        actor_login: &v.owner.phone,
        action: action.code(),
        business_id: Some(business),
        detail,
        client_addr: &who.addr,
    };
    write_audit(tx, &audit).await?;
    Ok(())
}
