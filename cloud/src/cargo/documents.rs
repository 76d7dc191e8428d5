//! The cabinet's printed documents (C4, C5): one shipment's waybill and
//! label, the orders list's print of selected shipments (labels or
//! waybills), and the pictures on the shipment's page and row (the barcode,
//! the waybill). The documents themselves are `web::documents`' pure
//! functions; this module fills them from stored shipments and serves them.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use protocol::Barcode;
use web::code128::Code128;
use web::documents::{self, Delivery, MAX_SHIPMENTS, Party, ShipmentDoc};
use web::i18n::Lang;
use web::pdf::PdfError;

use super::cabinet::{CargoClient, ShipmentView};
use super::companies::Company;
use super::geo::Geo;
use super::store::Shipment;
use crate::db::DbError;
use crate::http::AppState;
use crate::http::error::AppError;
use crate::ids::ShipmentId;

/// The documents' routes, under the cabinet's session.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/orders/{id}/waybill.pdf", get(waybill))
        .route("/cargo/{slug}/orders/{id}/label.pdf", get(label))
        .route("/cargo/{slug}/orders/print", post(print))
}

/// A phone as documents print it: `+998 90 123 45 67` (other text as it is).
#[must_use]
pub fn printed_phone(phone: &str) -> String {
    let digits = phone.strip_prefix("+998").filter(|d| d.len() == 9 && d.bytes().all(|b| b.is_ascii_digit()));
    match digits {
        Some(d) => format!("+998 {} {} {} {}", &d[..2], &d[2..5], &d[5..7], &d[7..]),
        None => phone.to_owned(),
    }
}

/// A stored shipment as its documents show it, names in `lang`; the QR code
/// leads to `{public_url}/track?barcode=…`.
///
/// # Errors
/// [`DbError::Corrupt`] when the stored barcode does not parse.
pub(crate) fn shipment_doc(
    company: &Company,
    s: &Shipment,
    geo: &Geo,
    lang: Lang,
    public_url: &str,
) -> Result<ShipmentDoc, DbError> {
    let region = |code: &str| geo.region(code).map(|r| r.name(lang).to_owned()).unwrap_or_default();
    let district = |code: &str| geo.district(code).map(|d| d.name(lang).to_owned()).unwrap_or_default();
    let barcode =
        Barcode::parse(&s.row.barcode).map_err(|_| DbError::Corrupt(format!("barcode {:?}", s.row.barcode)))?;
    Ok(ShipmentDoc {
        company_name: company.name.clone(),
        company_phone: printed_phone(&company.phone),
        order_number: s.row.number.to_string(),
        date: web::format::parse_iso_date(&s.row.ship_date).map(web::format::date).unwrap_or_default(),
        sender: Party {
            name: s.row.sender_name.clone(),
            phone: printed_phone(&s.sender_phone),
            region: region(&s.row.sender_region),
            district: district(&s.sender_district),
            address: s.sender_address.clone(),
        },
        receiver: Party {
            name: s.row.receiver_name.clone(),
            phone: printed_phone(&s.receiver_phone),
            region: region(&s.receiver_region),
            district: district(&s.row.receiver_district),
            address: s.receiver_address.clone(),
        },
        delivery: match s.delivery {
            super::draft::Delivery::Door => Delivery::Door,
            super::draft::Delivery::Office => Delivery::Office,
        },
        parcel_type: lang.text().cargo.parcel_type(s.parcel_type).to_owned(),
        weight_g: s.weight_g,
        pieces: s.pieces,
        dimensions_cm: s.dims_cm,
        photo_report: s.photo_report,
        cod_amount: s.cod_amount,
        return_documents: s.return_documents,
        declared_value: s.declared_value,
        price: s.price,
        origin_office: s.row.office_from.clone(),
        destination_office: s.row.office_to.clone(),
        tracking_url: format!(
            "{}/track?{}",
            public_url.trim_end_matches('/'),
            form_urlencoded::Serializer::new(String::new()).append_pair("barcode", barcode.as_str()).finish()
        ),
        barcode,
    })
}

/// The pictures of a shipment's page and row: the barcode (Code 128) and
/// the waybill, as inline SVG.
///
/// # Errors
/// [`AppError`] when the regions cannot be read.
pub(crate) async fn pictures(
    state: &AppState,
    v: &ShipmentView<'_>,
    s: &Shipment,
) -> Result<(String, String), AppError> {
    let geo = Geo::get(&state.db).await?;
    let doc = shipment_doc(v.company, s, geo, v.lang, &state.settings.public_url())?;
    let barcode = Code128::encode(doc.barcode.as_str()).map(|code| code.svg(2.0, 60.0)).unwrap_or_default();
    Ok((barcode, documents::waybill_svg(&doc, v.lang)))
}

/// A PDF answer: shown in the browser, named, never cached.
pub(crate) fn pdf(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// An empty or too long run is the user's mistake; the rest is ours.
pub(crate) fn pdf_error(e: PdfError) -> AppError {
    match e {
        PdfError::Empty | PdfError::TooMany { .. } => {
            AppError::Refused { code: web::i18n::ErrorCode::BadRequest, values: Vec::new() }
        }
        other => AppError::Internal(format!("pdf: {other}")),
    }
}

/// Which document of one shipment.
#[derive(Debug, Clone, Copy)]
pub(crate) enum One {
    /// The A4 waybill (two copies).
    Waybill,
    /// The 100×150 mm label.
    Label,
}

async fn one(state: AppState, c: CargoClient, id: &str, which: One) -> Result<Response, AppError> {
    let id = ShipmentId::parse(id).ok_or(AppError::NotFound)?;
    let s = state.db.client_shipment(&c.company.business_id, &c.client.id, &c.client.phone, &id).await?;
    one_pdf(&state, &c.company, c.ui.lang, &s, which).await
}

/// One shipment's waybill or label as a PDF, for whoever may see it (its
/// client, the company's operators).
pub(crate) async fn one_pdf(
    state: &AppState,
    company: &Company,
    lang: Lang,
    s: &Shipment,
    which: One,
) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let doc = shipment_doc(company, s, geo, lang, &state.settings.public_url())?;
    let barcode = doc.barcode.as_str().to_owned();
    let docs = [doc];
    let (bytes, name) = match which {
        One::Waybill => (documents::waybill_pdf(&docs, lang), format!("waybill-{barcode}.pdf")),
        One::Label => (documents::labels_pdf(&docs, lang), format!("label-{barcode}.pdf")),
    };
    Ok(pdf(bytes.map_err(pdf_error)?, &name))
}

async fn waybill(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    one(state, c, &id, One::Waybill).await
}

async fn label(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    one(state, c, &id, One::Label).await
}

/// The orders list's print: the checked shipments (`id` fields, the
/// client's own only) as labels or waybills (`doc`). None checked, or more
/// than [`MAX_SHIPMENTS`], goes back to the list with the error.
async fn print(
    State(state): State<AppState>,
    c: CargoClient,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let labels = match form.iter().find(|(k, _)| k == "doc").map(|(_, v)| v.as_str()) {
        Some("labels") => true,
        Some("waybills") => false,
        _ => return Err(AppError::Refused { code: web::i18n::ErrorCode::BadRequest, values: Vec::new() }),
    };
    let mut ids: Vec<ShipmentId> = Vec::new();
    for (_, v) in form.iter().filter(|(k, _)| k == "id") {
        if let Some(id) = ShipmentId::parse(v.trim())
            && !ids.contains(&id)
        {
            ids.push(id);
        }
        if ids.len() > MAX_SHIPMENTS {
            break;
        }
    }
    if ids.is_empty() || ids.len() > MAX_SHIPMENTS {
        return Ok(Redirect::to(&format!("{}/orders?error=selection", c.base())).into_response());
    }
    let shipments = state.db.shipments_by_ids(&c.company.business_id, Some(&c.client.id), &ids).await?;
    if shipments.is_empty() {
        return Err(DbError::NotFound.into());
    }
    let geo = Geo::get(&state.db).await?;
    let lang = c.ui.lang;
    let public = state.settings.public_url();
    let docs =
        shipments.iter().map(|s| shipment_doc(&c.company, s, geo, lang, &public)).collect::<Result<Vec<_>, _>>()?;
    let day = web::format::iso_date(web::format::tashkent_day(crate::db::now_ms()));
    let (bytes, name) = if labels {
        (documents::labels_pdf(&docs, lang), format!("labels-{day}.pdf"))
    } else {
        (documents::waybill_pdf(&docs, lang), format!("waybills-{day}.pdf"))
    };
    tracing::info!(count = docs.len(), labels, "documents printed");
    Ok(pdf(bytes.map_err(pdf_error)?, &name))
}

#[cfg(test)]
mod tests {
    use super::printed_phone;

    #[test]
    fn phones_print_grouped() {
        assert_eq!(printed_phone("+998901234567"), "+998 90 123 45 67");
        assert_eq!(printed_phone("+99890123"), "+99890123");
        assert_eq!(printed_phone("+998９01234567"), "+998９01234567");
        assert_eq!(printed_phone(""), "");
    }
}
