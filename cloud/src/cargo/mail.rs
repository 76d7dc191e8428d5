//! "Shaxsiy pochta" (C8: what the client sent) and "Kiruvchi pochta" (C9:
//! what the company carries to the client's phone): searchable lists whose
//! rows expand to the history, the barcode, the waybill and its documents,
//! and an appeal about the shipment.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use web::format::{money, tashkent};
use web::pages::cargo_shipments::*;

use super::cabinet::{CargoClient, ShipmentView};
use super::geo::Geo;
use super::orders::{line, paging};
use super::store::{Cursor, Filter, Page, Scope, Shipment};
use crate::http::AppState;
use crate::http::error::{AppError, page};

/// Rows per page (each carries its history).
const MAIL_ROWS: i64 = 20;

/// The pages, under the cabinet's session.
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/personal", get(personal)).route("/cargo/{slug}/incoming", get(incoming))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct MailQuery {
    q: String,
    after: String,
    before: String,
    last: String,
}

/// A history in a page's language.
pub(crate) fn history_lines(
    t: &'static web::i18n::Text,
    entries: Vec<super::tracking::HistoryEntry>,
) -> Vec<HistoryLine> {
    let ct = &t.cargo;
    let st = &ct.shipments;
    entries
        .into_iter()
        .map(|h| {
            let status = h.shipment_status().unwrap_or(protocol::ShipmentStatus::Created);
            HistoryLine {
                when: tashkent(h.at),
                what: match h.kind.as_str() {
                    "created" => st.ev_created.to_owned(),
                    "pickup_requested" => st.ev_pickup.to_owned(),
                    _ => h.scan_kind().map_or_else(|| ct.status(status).to_owned(), |k| ct.scan(k).to_owned()),
                },
                status: status.code(),
                colour: status.colour(),
                office: h.office_name.clone().or(h.office_code.clone()).unwrap_or_default(),
                reason: protocol::ReasonCode::from_code(&h.reason).map(|r| ct.reason(r).to_owned()).unwrap_or_default(),
                note: h.note,
            }
        })
        .collect()
}

/// A shipment's details, history and documents for its page and its row.
///
/// # Errors
/// [`AppError`] when the store fails.
pub(crate) async fn detail(state: &AppState, v: &ShipmentView<'_>, s: &Shipment) -> Result<ShipmentDetail, AppError> {
    let geo = Geo::get(&state.db).await?;
    let lang = v.lang;
    let t = v.t();
    let ct = &t.cargo;
    let st = &ct.shipments;
    let field = |f| ct.field(f);
    use web::i18n::cargo::ShipmentField as F;
    let place = |region: &str, district: &str, address: &str| {
        let r = geo.region(region).map(|g| g.name(lang)).unwrap_or_default();
        let d = geo.district(district).map(|g| g.name(lang)).unwrap_or_default();
        [r, d, address].iter().filter(|x| !x.is_empty()).copied().collect::<Vec<_>>().join(", ")
    };
    let yes_no = |b: bool| if b { st.yes } else { st.no }.to_owned();
    let mut facts = vec![
        (st.col_number, s.row.number.to_string()),
        (field(F::SenderName), format!("{} · {}", s.row.sender_name, s.sender_phone)),
        (st.sender, place(&s.row.sender_region, &s.sender_district, &s.sender_address)),
        (field(F::ReceiverName), format!("{} · {}", s.row.receiver_name, s.receiver_phone)),
        (st.receiver, place(&s.receiver_region, &s.row.receiver_district, &s.receiver_address)),
        (
            st.delivery,
            match s.delivery {
                super::draft::Delivery::Door => ct.delivery_door,
                super::draft::Delivery::Office => ct.delivery_office,
            }
            .to_owned(),
        ),
        (field(F::ParcelType), ct.parcel_type(s.parcel_type).to_owned()),
        (
            field(F::Weight),
            web::i18n::fill(st.weight_pieces, &[("kg", &web::format::qty(s.weight_g)), ("n", &s.pieces.to_string())]),
        ),
        (field(F::Pickup), yes_no(s.pickup)),
        (field(F::PhotoReport), yes_no(s.photo_report)),
        (field(F::ReturnDocuments), yes_no(s.return_documents)),
    ];
    if s.dims_cm.iter().all(|d| *d > 0) {
        facts.push((field(F::Width), format!("{} × {} × {} cm", s.dims_cm[0], s.dims_cm[1], s.dims_cm[2])));
    }
    if s.cod_amount > 0 {
        facts.push((field(F::CodAmount), money(s.cod_amount)));
    }
    if s.declared_value > 0 {
        facts.push((field(F::DeclaredValue), money(s.declared_value)));
    }
    if !s.client_barcode.is_empty() {
        facts.push((field(F::ClientBarcode), s.client_barcode.clone()));
    }
    facts.push((st.price, money(s.price)));
    let history = history_lines(t, super::tracking::history(&state.db, &s.row.barcode).await?);
    let href = format!("{}/{}", v.orders, s.row.id);
    let (barcode_svg, waybill_svg) = super::documents::pictures(state, v, s).await?;
    Ok(ShipmentDetail {
        line: line(v, geo, &s.row),
        facts,
        history,
        waybill_href: format!("{href}/waybill.pdf"),
        label_href: format!("{href}/label.pdf"),
        appeal_href: v.appeals.as_ref().map(|a| format!("{a}?shipment={}", s.row.id)).unwrap_or_default(),
        barcode_svg,
        waybill_svg,
    })
}

async fn mail(state: AppState, c: CargoClient, q: MailQuery, incoming: bool) -> Result<Response, AppError> {
    let t = c.t();
    let st = &t.cargo.shipments;
    let scope = if incoming {
        Scope::Incoming(c.company.business_id.clone(), c.client.phone.clone())
    } else {
        Scope::Client(c.client.id.clone())
    };
    let filter = Filter {
        search: Some(q.q.trim().chars().take(60).collect::<String>()).filter(|s| !s.is_empty()),
        ..Filter::default()
    };
    let page_at = if let Some(cur) = Cursor::decode(&q.after) {
        Page::After(cur)
    } else if let Some(cur) = Cursor::decode(&q.before) {
        Page::Before(cur)
    } else if q.last == "1" {
        Page::Last
    } else {
        Page::First
    };
    let listing = state.db.shipments(&scope, &filter, &page_at, MAIL_ROWS).await?;
    let path = format!("{}/{}", c.base(), if incoming { "incoming" } else { "personal" });
    let keep = if q.q.is_empty() {
        String::new()
    } else {
        form_urlencoded::Serializer::new(String::new()).append_pair("q", &q.q).finish()
    };
    let (showing, pager) = paging(t, &path, &keep, &listing, &page_at);
    let view = c.view();
    let ids: Vec<_> = listing.rows.iter().map(|r| r.id.clone()).collect();
    let mut rows = Vec::with_capacity(ids.len());
    for id in &ids {
        let s = state.db.client_shipment(&c.company.business_id, &c.client.id, &c.client.phone, id).await?;
        let mut d = detail(&state, &view, &s).await?;
        // A received shipment cannot be deleted by its receiver.
        d.line.deletable = d.line.deletable && !incoming;
        rows.push(d);
    }
    page(&MailPage {
        c: c.chrome(),
        title: if incoming { st.incoming_title } else { st.personal_title },
        action: path,
        incoming,
        q: q.q.chars().take(60).collect(),
        rows,
        empty: if incoming { st.empty_incoming } else { st.empty_personal },
        showing,
        pager,
    })
}

async fn personal(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<MailQuery>,
) -> Result<Response, AppError> {
    mail(state, c, q, false).await
}

async fn incoming(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<MailQuery>,
) -> Result<Response, AppError> {
    mail(state, c, q, true).await
}
