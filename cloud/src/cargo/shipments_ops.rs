//! The company's operators (owner portal, `/cargo-ops/shipments`): every
//! shipment of the company — made by clients online, uploaded, or registered
//! at a desk — with the cabinet's filters plus an office (leaving from or
//! arriving at it); one shipment with its facts, scan history, pictures and
//! documents. Another company's shipment is a 404; a business that is no
//! courier company has no such pages (404).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Redirect, Response};
use axum::routing::get;
use web::pages::Choice;
use web::pages::cargo_ops::{OpsShipmentPage, OpsShipmentsPage};

use super::cabinet::ShipmentView;
use super::companies::{self, Company};
use super::documents::{One, one_pdf};
use super::geo::Geo;
use super::orders::{ListQuery, PAGE_ROWS, line, list_filters, paging};
use super::store::Scope;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::ids::ShipmentId;
use crate::portal::Viewing;

/// Where an operator's shipment pages live.
const BASE: &str = "/cargo-ops/shipments";

/// The operators' shipment pages (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo-ops", get(|| async { Redirect::to(BASE) }))
        .route(BASE, get(list))
        .route("/cargo-ops/shipments/{id}", get(view))
        .route("/cargo-ops/shipments/{id}/waybill.pdf", get(waybill))
        .route("/cargo-ops/shipments/{id}/label.pdf", get(label))
}

/// The owner's courier company (another business has none: 404).
pub(crate) async fn ops_company(state: &AppState, v: &Viewing) -> Result<Company, AppError> {
    Ok(companies::by_business(&state.db, &v.owner.business_id).await?)
}

/// How operators see shipments: their pages, no appeals.
fn ops_view<'a>(v: &Viewing, company: &'a Company) -> ShipmentView<'a> {
    ShipmentView { lang: v.ui.lang, company, orders: BASE.to_owned(), appeals: None }
}

async fn list(State(state): State<AppState>, v: Viewing, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let geo = Geo::get(&state.db).await?;
    let t = v.t();
    let lang = v.ui.lang;
    let view = ops_view(&v, &company);
    let page_at = q.page();
    let scope = Scope::Business(company.business_id.clone());
    let listing = state.db.shipments(&scope, &q.filter(), &page_at, PAGE_ROWS).await?;
    let keep = q.keep();
    let (showing, pager) = paging(t, BASE, &keep, &listing, &page_at);
    let mut offices =
        vec![Choice { code: String::new(), label: t.cargo.ops.all_offices.into(), selected: q.office().is_empty() }];
    for o in super::offices::offices(&state.db, &company.business_id).await? {
        let region = geo.region(&o.region).map(|r| r.name(lang)).unwrap_or_default();
        offices.push(Choice {
            code: o.branch_id.to_string(),
            label: format!("{} · {region}", o.code),
            selected: q.office() == o.branch_id.as_str(),
        });
    }
    page(&OpsShipmentsPage {
        c: v.chrome(),
        total: listing.total,
        f: list_filters(t, lang, geo, &q),
        offices,
        rows: listing.rows.iter().map(|r| line(&view, geo, r)).collect(),
        showing,
        pager,
    })
}

async fn view(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let id = ShipmentId::parse(&id).ok_or(AppError::NotFound)?;
    let s = state.db.company_shipment(&company.business_id, &id).await?;
    let mut d = super::mail::detail(&state, &ops_view(&v, &company), &s).await?;
    // Operators do not delete clients' shipments.
    d.line.deletable = false;
    let o = &v.t().cargo.ops;
    let client = match &s.client_id {
        Some(cid) => match super::clients_store::client(&state.db, &company.business_id, cid).await {
            Ok(c) => format!("{} · {}", c.full_name, super::documents::printed_phone(&c.phone)),
            Err(crate::db::DbError::NotFound) => String::new(),
            Err(e) => return Err(e.into()),
        },
        None => o.walk_in.to_owned(),
    };
    let title = web::i18n::fill(v.t().cargo.shipments.shipment_title, &[("barcode", &s.row.barcode)]);
    page(&OpsShipmentPage { c: v.chrome(), title, d, client })
}

async fn document(state: AppState, v: Viewing, id: &str, which: One) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let id = ShipmentId::parse(id).ok_or(AppError::NotFound)?;
    let s = state.db.company_shipment(&company.business_id, &id).await?;
    one_pdf(&state, &company, v.ui.lang, &s, which).await
}

async fn waybill(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    document(state, v, &id, One::Waybill).await
}

async fn label(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    document(state, v, &id, One::Label).await
}
