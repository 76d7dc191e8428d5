//! The courier company's operators (owner portal, `/cargo-ops/…`): parcels
//! waiting for a courier at their senders (`pickup_requested`), grouped by
//! sender, and the handover act (akt priyoma-peredachi) printed for the
//! parcels a courier takes from one sender.

use std::collections::HashSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use protocol::ShipmentStatus;
use web::documents::{ActRow, HandoverAct, MAX_SHIPMENTS, Party};
use web::pages::cargo_ops::{PickupGroup, PickupLine, PickupsPage};

use super::documents::{pdf_error, printed_phone, shipment_doc};
use super::geo::Geo;
use super::shipments_ops::ops_company;
use super::store::Shipment;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::ids::ShipmentId;
use crate::phone::Phone;
use crate::portal::Viewing;

/// The most parcels the page lists.
const PAGE_LIMIT: i64 = 1000;
/// The longest courier name taken.
const NAME_MAX: usize = 100;

/// The operators' pages (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo-ops/pickups", get(pickups)).route("/cargo-ops/pickups/act", post(act))
}

/// Who hands parcels over: the client's account, or the sender's phone for
/// shipments without one.
fn sender_key(s: &Shipment) -> String {
    s.client_id.as_ref().map_or_else(|| format!("phone:{}", s.sender_phone), |c| format!("client:{c}"))
}

/// The page, with `refused` (a group's key, its courier fields and the
/// message) shown on that group's form.
async fn render(
    state: &AppState,
    v: &Viewing,
    refused: Option<(&str, &str, &str, &'static str)>,
) -> Result<Response, AppError> {
    ops_company(state, v).await?;
    let geo = Geo::get(&state.db).await?;
    let lang = v.ui.lang;
    let t = v.t();
    let waiting =
        state.db.shipments_in_status(&v.owner.business_id, ShipmentStatus::PickupRequested, PAGE_LIMIT).await?;
    let mut groups: Vec<PickupGroup> = Vec::new();
    for s in &waiting {
        let key = sender_key(s);
        if groups.last().is_none_or(|g| g.key != key) {
            let place = [
                geo.region(&s.row.sender_region).map(|r| r.name(lang)).unwrap_or_default(),
                geo.district(&s.sender_district).map(|d| d.name(lang)).unwrap_or_default(),
                s.sender_address.as_str(),
            ]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
            let mut g = PickupGroup {
                key: key.clone(),
                name: s.row.sender_name.clone(),
                phone: printed_phone(&s.sender_phone),
                place,
                ..PickupGroup::default()
            };
            if let Some((k, name, phone, message)) = refused
                && k == key
            {
                g.courier_name = name.to_owned();
                g.courier_phone = phone.to_owned();
                g.error = Some(message.to_owned());
            }
            groups.push(g);
        }
        if let Some(g) = groups.last_mut() {
            g.lines.push(PickupLine {
                id: s.row.id.to_string(),
                barcode: s.row.barcode.clone(),
                number: s.row.number,
                receiver: s.row.receiver_name.clone(),
                to: geo.district(&s.row.receiver_district).map(|d| d.name(lang).to_owned()).unwrap_or_default(),
                weight: web::format::qty(s.weight_g),
                pieces: s.pieces,
            });
        }
    }
    for g in &mut groups {
        g.count = web::i18n::fill(t.cargo.ops.parcels, &[("n", &g.lines.len().to_string())]);
    }
    page(&PickupsPage { c: v.chrome(), groups })
}

/// The page again with the refusal on the sender's form, as 400.
async fn refused(state: &AppState, v: &Viewing, why: (&str, &str, &str, &'static str)) -> Result<Response, AppError> {
    let mut res = render(state, v, Some(why)).await?;
    *res.status_mut() = StatusCode::BAD_REQUEST;
    Ok(res)
}

async fn pickups(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    render(&state, &v, None).await
}

/// The act for the checked parcels of one sender (`sender`, `id`…,
/// `courier_name`, `courier_phone`). Another company's ids, and parcels of
/// another sender, are left out; none left is 404.
async fn act(
    State(state): State<AppState>,
    v: Viewing,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str());
    let sender = field("sender").to_owned();
    let courier_name: String = field("courier_name").trim().chars().take(NAME_MAX + 1).collect();
    let courier_phone_raw: String = field("courier_phone").trim().chars().take(32).collect();
    let o = &v.t().cargo.ops;
    let mut ids: Vec<ShipmentId> = Vec::new();
    let mut seen = HashSet::new();
    for (_, value) in form.iter().filter(|(k, _)| k == "id") {
        if let Some(id) = ShipmentId::parse(value.trim())
            && seen.insert(id.to_string())
        {
            ids.push(id);
        }
        if ids.len() > MAX_SHIPMENTS {
            break;
        }
    }
    if ids.is_empty() || ids.len() > MAX_SHIPMENTS {
        return refused(&state, &v, (&sender, &courier_name, &courier_phone_raw, o.e_selection)).await;
    }
    let phone = Phone::parse(&courier_phone_raw);
    let (Ok(phone), false, true) = (phone, courier_name.is_empty(), courier_name.chars().count() <= NAME_MAX) else {
        return refused(&state, &v, (&sender, &courier_name, &courier_phone_raw, o.e_courier)).await;
    };
    let shipments: Vec<Shipment> = state
        .db
        .shipments_by_ids(&v.owner.business_id, None, &ids)
        .await?
        .into_iter()
        .filter(|s| sender.is_empty() || sender_key(s) == sender)
        .collect();
    let Some(first) = shipments.first() else { return Err(AppError::NotFound) };
    // One sender an act: the first parcel's, when no group was named.
    let key = sender_key(first);
    let shipments: Vec<&Shipment> = shipments.iter().filter(|s| sender_key(s) == key).collect();
    let geo = Geo::get(&state.db).await?;
    let lang = v.ui.lang;
    let public = state.settings.public_url();
    let docs =
        shipments.iter().map(|s| shipment_doc(&company, s, geo, lang, &public)).collect::<Result<Vec<_>, _>>()?;
    let today = web::format::tashkent_day(crate::db::now_ms());
    let sender_party: Party = docs.first().map(|d| d.sender.clone()).unwrap_or_default();
    let first_number = shipments.iter().map(|s| s.row.number).min().unwrap_or_default();
    let act = HandoverAct {
        company_name: company.name.clone(),
        company_phone: printed_phone(&company.phone),
        number: format!("{}-{first_number}", web::format::iso_date(today).replace('-', "")),
        date: web::format::date(today),
        courier_name,
        courier_phone: printed_phone(phone.as_str()),
        sender: sender_party,
        rows: docs.iter().map(ActRow::from).collect(),
    };
    let bytes = web::documents::handover_act_pdf(&act, lang).map_err(pdf_error)?;
    tracing::info!(business = %v.owner.business_id, count = act.rows.len(), "handover act printed");
    Ok(super::documents::pdf(bytes, &format!("act-{}.pdf", act.number)))
}
