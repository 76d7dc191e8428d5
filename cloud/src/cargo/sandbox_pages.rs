//! "Biznes" in test mode (C11): the chosen contract's sandbox under a
//! banner on the page: its balance (the contract's `test` ledger rows
//! only), its shipments, "make a test order" (a sample order from the
//! contract's office, priced by the real tariff) and "next status" on each.
//! The switch leads back to the real section. Another client's contract or
//! sandbox shipment is a 404.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use protocol::ShipmentStatus;
use tracing::info;
use web::i18n::cargo::ShipmentField as F;
use web::i18n::fill;
use web::pages::Choice;
use web::pages::cargo_business::{SandboxLine, SandboxPage};

use super::business::chosen;
use super::cabinet::CargoClient;
use super::contracts::Contract;
use super::draft::{self, RawShipment};
use super::geo::Geo;
use super::ledger::Mode;
use super::sandbox::{self, SandboxShipment};
use crate::db::{DbError, now_ms};
use crate::http::{AppError, AppState, page};

/// Sandbox shipments the page shows.
const ROWS: i64 = 100;

/// The page and its forms (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/business/test", get(show))
        .route("/cargo/{slug}/business/test/new", post(make))
        .route("/cargo/{slug}/business/test/{id}/advance", post(advance))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct TestQuery {
    contract: String,
    made: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct TestForm {
    contract: String,
}

fn line(t: &web::i18n::Text, s: &SandboxShipment) -> SandboxLine {
    let status = ShipmentStatus::from_code(&s.status);
    SandboxLine {
        id: s.id.clone(),
        date: web::format::tashkent(s.created_at),
        barcode: s.barcode.clone(),
        number: s.number,
        status: s.status.clone(),
        status_label: status.map_or_else(|| s.status.clone(), |x| t.cargo.status(x).to_owned()),
        colour: status.map_or("grey", ShipmentStatus::colour),
        receiver: s.receiver_name.clone(),
        price: web::format::money(s.price),
        cod: web::format::money(s.cod_amount),
        can_advance: sandbox::next_status(&s.status).is_some(),
    }
}

async fn render(
    state: &AppState,
    c: &CargoClient,
    k: &Contract,
    all: &[Contract],
    notice: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let t = c.t();
    let sandbox = state.db.client_contract(&c.client.business_id, &c.client.id, &k.id, Mode::Test).await?;
    let rows = state.db.sandbox_shipments(&k.id, ROWS).await?;
    page(&SandboxPage {
        c: c.chrome().with_crumb(None, t.cargo.api.test_title),
        contracts: all
            .iter()
            .map(|o| Choice { code: o.id.to_string(), label: o.label(t), selected: o.id == k.id })
            .collect(),
        contract: k.id.to_string(),
        balance: web::format::money(sandbox.balance.total),
        owes: sandbox.balance.total < 0,
        rows: rows.iter().map(|s| line(t, s)).collect(),
        notice,
        error,
    })
}

async fn show(State(state): State<AppState>, c: CargoClient, Query(q): Query<TestQuery>) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &q.contract).await?;
    let made: String = q.made.chars().filter(char::is_ascii_alphanumeric).take(16).collect();
    let notice = (!made.is_empty()).then(|| fill(c.t().cargo.api.test_made, &[("barcode", &made)]));
    render(&state, &c, &k, &all, notice, None).await
}

/// A sample order from the contract's office to Samarkand: 1 kg, door
/// delivery, 100 000 so'm cash on delivery.
async fn sample(state: &AppState, c: &CargoClient, k: &Contract) -> Result<RawShipment, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT region_soato, district_soato FROM cargo_offices WHERE branch_id = $1")
            .bind(&k.office)
            .fetch_optional(&state.db.pool)
            .await
            .map_err(DbError::from)?;
    let (region, district) = row.ok_or_else(|| AppError::Internal("a contract's office without a district".into()))?;
    let fields = [
        (F::SenderName, c.client.full_name.clone()),
        (F::SenderPhone, c.client.phone.clone()),
        (F::SenderRegion, region),
        (F::SenderDistrict, district),
        (F::SenderAddress, "Test".to_owned()),
        (F::ReceiverName, "Test Qabul Qiluvchi".to_owned()),
        (F::ReceiverPhone, "+998900000000".to_owned()),
        (F::ReceiverRegion, "1718".to_owned()),
        (F::ReceiverDistrict, "1718401".to_owned()),
        (F::ReceiverAddress, "Registon ko'chasi 1".to_owned()),
        (F::Delivery, "door".to_owned()),
        (F::ParcelType, "box".to_owned()),
        (F::Weight, "1".to_owned()),
        (F::Pieces, "1".to_owned()),
        (F::CodAmount, "100000".to_owned()),
    ];
    Ok(fields.into_iter().collect())
}

async fn make(State(state): State<AppState>, c: CargoClient, Form(f): Form<TestForm>) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &f.contract).await?;
    let raw = sample(&state, &c, &k).await?;
    let geo = Geo::get(&state.db).await?;
    let parsed = draft::parse(&raw, geo, web::format::tashkent_day(now_ms()));
    let tariff = state.db.cargo_tariff(&c.client.business_id).await?;
    let priced = match (parsed, tariff) {
        (Ok(s), Some(t)) => t.quote(&s.parcel()).ok().map(|q| (s, q.total)),
        _ => None,
    };
    let Some((shipment, price)) = priced else {
        // The company's tariff has no price for the sample's route.
        let error = Some(c.t().cargo.api.e_no_tariff.to_owned());
        return render(&state, &c, &k, &all, None, error).await;
    };
    let mut tx = state.db.begin_write().await?;
    let s = sandbox::create(&mut tx, (&c.client.business_id, &c.client.id, &k.id), &shipment, price).await?;
    tx.commit().await.map_err(DbError::from)?;
    info!(cargo.client = %c.client.id, cargo.contract = %k.id, sandbox = %s.barcode, "test order made");
    Ok(Redirect::to(&format!("{}/business/test?contract={}&made={}", c.base(), k.id, s.barcode)).into_response())
}

async fn advance(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_, id)): Path<(String, String)>,
    Form(f): Form<TestForm>,
) -> Result<Response, AppError> {
    let (_, k) = chosen(&state, &c, &f.contract).await?;
    let mut tx = state.db.begin_write().await?;
    let moved = sandbox::advance(&mut tx, (&c.client.business_id, &c.client.id, &k.id), id.trim()).await?;
    tx.commit().await.map_err(DbError::from)?;
    if moved.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("{}/business/test?contract={}", c.base(), k.id)).into_response())
}
