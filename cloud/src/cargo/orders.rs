//! The cabinet's orders (C2, C3): the new shipment form with its price
//! before creating, the list with filters and keyset pages, one shipment,
//! deleting one still with the sender; districts for the form's script.
//! "Shaxsiy pochta" and "Kiruvchi pochta" (C8, C9) are in [`super::mail`].

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use protocol::{ParcelType, ShipmentStatus};
use web::format::{date, money, tashkent_day};
use web::i18n::Lang;
use web::i18n::cargo::ShipmentField;
use web::pages::Choice;
use web::pages::cargo::Alert;
use web::pages::cargo_shipments::*;

use super::cabinet::{CargoClient, ShipmentView};
use super::draft::{self, RawShipment};
use super::geo::Geo;
use super::pricing::{Line, Quote};
use super::store::{self, Cursor, DeleteError, Filter, Listing, Maker, Page, Scope, ShipmentRow, Source};
use crate::db::now_ms;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::ids::ShipmentId;

/// Rows per page.
pub const PAGE_ROWS: i64 = 50;

/// The pages, under the cabinet's session.
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/orders", get(list))
        .route("/cargo/{slug}/orders/new", get(new_form).post(new_submit))
        .route("/cargo/{slug}/orders/quote", post(quote))
        .route("/cargo/{slug}/districts", get(districts))
        .route("/cargo/{slug}/orders/{id}", get(view))
        .route("/cargo/{slug}/orders/{id}/delete", post(delete))
}

/// The shipment pages' stylesheet and script.
pub fn assets() -> Router<AppState> {
    Router::new().route("/static/cargo_orders.css", get(css)).route("/static/cargo_orders.js", get(js))
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css"), (header::CACHE_CONTROL, "public, max-age=3600")], web::CARGO_ORDERS_CSS)
        .into_response()
}

async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript"), (header::CACHE_CONTROL, "public, max-age=3600")], web::CARGO_ORDERS_JS)
        .into_response()
}

/// The list's query string.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    status: String,
    region: String,
    office: String,
    from: String,
    to: String,
    after: String,
    before: String,
    last: String,
    notice: String,
    error: String,
}

impl ListQuery {
    pub(crate) fn filter(&self) -> Filter {
        let day = |s: &str| web::format::parse_iso_date(s);
        Filter {
            status: ShipmentStatus::from_code(&self.status),
            from_ms: day(&self.from).map(web::format::tashkent_midnight),
            to_ms: day(&self.to).map(|d| web::format::tashkent_midnight(d + 1)),
            region: (!self.region.is_empty() && self.region.len() <= 8).then(|| self.region.clone()),
            search: Some(self.q.trim().chars().take(60).collect::<String>()).filter(|q| !q.is_empty()),
            office: crate::ids::BranchId::parse(&self.office).map(|b| b.to_string()),
            ..Filter::default()
        }
    }

    /// The office filter as typed (a branch id, or empty).
    pub(crate) fn office(&self) -> &str {
        &self.office
    }

    pub(crate) fn page(&self) -> Page {
        page_of(&self.after, &self.before, &self.last)
    }

    /// The filters as a query string (for the pager and the export).
    pub(crate) fn keep(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("status", &self.status),
            ("region", &self.region),
            ("office", &self.office),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        q.finish()
    }
}

/// The keyset page a list's `after`, `before` and `last` ask for.
pub(crate) fn page_of(after: &str, before: &str, last: &str) -> Page {
    if let Some(c) = Cursor::decode(after) {
        Page::After(c)
    } else if let Some(c) = Cursor::decode(before) {
        Page::Before(c)
    } else if last == "1" {
        Page::Last
    } else {
        Page::First
    }
}

/// A list row in the page's language.
pub(crate) fn line(v: &ShipmentView<'_>, geo: &Geo, r: &ShipmentRow) -> ShipmentLine {
    let lang = v.lang;
    let t = &v.t().cargo;
    ShipmentLine {
        id: r.id.to_string(),
        href: format!("{}/{}", v.orders, r.id),
        barcode: r.barcode.clone(),
        number: r.number,
        date: web::format::parse_iso_date(&r.ship_date).map(date).unwrap_or_default(),
        status: r.status.code(),
        status_label: t.status(r.status),
        colour: r.status.colour(),
        from_region: geo.region(&r.sender_region).map(|g| g.name(lang).to_owned()).unwrap_or_default(),
        to_district: geo.district(&r.receiver_district).map(|d| d.name(lang).to_owned()).unwrap_or_default(),
        office1: r.office_from.clone(),
        office2: r.office_to.clone(),
        receiver: r.receiver_name.clone(),
        sender: r.sender_name.clone(),
        deletable: r.status.at_sender(),
    }
}

/// "Showing 1-50 of 1 234" and the keyset links of a page.
pub(crate) fn paging(
    t: &'static web::i18n::Text,
    path: &str,
    keep: &str,
    listing: &Listing,
    page: &Page,
) -> (String, KeyPager) {
    let s = &t.cargo.shipments;
    let shown = listing.rows.len() as i64;
    let showing = if shown == 0 {
        String::new()
    } else {
        let (from, to) = match page {
            Page::Last => (listing.total - shown + 1, listing.total),
            _ if !listing.has_newer => (1, shown),
            // In the middle a keyset page does not know its offset.
            _ => (0, 0),
        };
        if from > 0 {
            web::i18n::fill(
                s.showing,
                &[("from", &from.to_string()), ("to", &to.to_string()), ("total", &listing.total.to_string())],
            )
        } else {
            web::i18n::fill(s.showing, &[("from", "…"), ("to", "…"), ("total", &listing.total.to_string())])
        }
    };
    let sep = if keep.is_empty() { "" } else { "&" };
    let link = |extra: String| format!("{path}?{keep}{sep}{extra}");
    let cursor = |r: &ShipmentRow| Cursor { created_at: r.created_at, id: r.id.to_string() }.encode();
    let pager = KeyPager {
        first: listing.has_newer.then(|| if keep.is_empty() { path.to_owned() } else { format!("{path}?{keep}") }),
        newer: listing.has_newer.then(|| listing.rows.first().map(|r| link(format!("before={}", cursor(r))))).flatten(),
        older: listing.has_older.then(|| listing.rows.last().map(|r| link(format!("after={}", cursor(r))))).flatten(),
        last: listing.has_older.then(|| link("last=1".into())),
    };
    (showing, pager)
}

async fn count(state: &AppState, c: &CargoClient) -> Result<i64, AppError> {
    let all = Filter::default();
    Ok(state.db.shipments(&Scope::Client(c.client.id.clone()), &all, &Page::First, 1).await?.total)
}

fn tabs(c: &CargoClient, current: &'static str, count: i64) -> OrderTabs {
    OrderTabs { base: c.base(), current, count }
}

async fn list(State(state): State<AppState>, c: CargoClient, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let t = c.t();
    let lang = c.ui.lang;
    let page_at = q.page();
    let scope = Scope::Client(c.client.id.clone());
    let view = c.view();
    let listing = state.db.shipments(&scope, &q.filter(), &page_at, PAGE_ROWS).await?;
    let all = count(&state, &c).await?;
    let keep = q.keep();
    let path = format!("{}/orders", c.base());
    let (showing, pager) = paging(t, &path, &keep, &listing, &page_at);
    let notice = match q.notice.as_str() {
        "deleted" => Some(t.cargo.shipments.deleted.to_owned()),
        _ => None,
    };
    page(&OrdersPage {
        c: c.chrome(),
        tabs: tabs(&c, "orders", all),
        f: list_filters(t, lang, geo, &q),
        rows: listing.rows.iter().map(|r| line(&view, geo, r)).collect(),
        showing,
        pager,
        export_href: format!("{path}/export.xlsx{}{keep}", if keep.is_empty() { "" } else { "?" }),
        notice,
        error: (q.error == "selection")
            .then(|| Alert { code: "selection".into(), message: t.cargo.shipments.e_selection.into() }),
    })
}

/// The list's filters as chosen, with the status and region choices.
pub(crate) fn list_filters(t: &'static web::i18n::Text, lang: Lang, geo: &Geo, q: &ListQuery) -> ListFilters {
    let mut statuses = vec![Choice {
        code: String::new(),
        label: t.cargo.shipments.all_statuses.into(),
        selected: q.status.is_empty(),
    }];
    statuses.extend(ShipmentStatus::ALL.iter().map(|s| Choice {
        code: s.code().into(),
        label: t.cargo.status(*s).into(),
        selected: q.status == s.code(),
    }));
    let mut regions = vec![Choice {
        code: String::new(),
        label: t.cargo.shipments.all_regions.into(),
        selected: q.region.is_empty(),
    }];
    regions.extend(geo.regions().iter().map(|r| Choice {
        code: r.soato.clone(),
        label: r.name(lang).into(),
        selected: q.region == r.soato,
    }));
    ListFilters {
        q: q.q.chars().take(60).collect(),
        statuses,
        regions,
        from: q.from.chars().take(10).collect(),
        to: q.to.chars().take(10).collect(),
    }
}

/// The form's fields from a posted body (unknown names ignored, each value
/// at most 400 characters).
fn raw_of(form: &[(String, String)]) -> RawShipment {
    let mut raw = RawShipment::new();
    for (k, v) in form {
        if let Some(f) = ShipmentField::from_code(k) {
            raw.insert(f, v.chars().take(400).collect());
        }
    }
    raw
}

fn form_view(
    c: &CargoClient,
    geo: &Geo,
    raw: &RawShipment,
    problems: &[(ShipmentField, web::i18n::cargo::Problem)],
) -> ShipmentForm {
    let lang = c.ui.lang;
    let t = &c.t().cargo;
    let values: BTreeMap<&'static str, String> = raw.iter().map(|(f, v)| (f.code(), v.clone())).collect();
    let districts = |field: ShipmentField| -> Vec<(String, String)> {
        let region = raw.get(&field).and_then(|r| geo.find_region(r)).map(|r| r.soato.clone()).unwrap_or_default();
        geo.districts_of(&region).map(|d| (d.soato.clone(), d.name(lang).to_owned())).collect()
    };
    ShipmentForm {
        values,
        problems: problems
            .iter()
            .map(|(f, p)| FieldProblem { field: f.code(), code: p.code(), message: t.problem(*p).to_owned() })
            .collect(),
        regions: geo.regions().iter().map(|r| (r.soato.clone(), r.name(lang).to_owned())).collect(),
        sender_districts: districts(ShipmentField::SenderRegion),
        receiver_districts: districts(ShipmentField::ReceiverRegion),
        parcel_types: ParcelType::ALL.iter().map(|p| (p.code(), t.parcel_type(*p))).collect(),
    }
}

/// The price lines in the page's language.
pub(crate) fn quote_view(lang: Lang, q: &Quote) -> QuoteView {
    let s = &lang.text().cargo.shipments;
    let label = |l: Line| {
        let i = match l {
            Line::Base => 0,
            Line::Overweight => 1,
            Line::Pickup => 2,
            Line::Door => 3,
            Line::PhotoReport => 4,
            Line::ReturnDocuments => 5,
            Line::CodFee => 6,
            Line::Insurance => 7,
        };
        s.price_lines[i]
    };
    let kg = web::format::qty(q.chargeable_g);
    QuoteView {
        basis: web::i18n::fill(s.price_basis, &[("zone", &q.zone.to_string()), ("kg", &kg)]),
        lines: q.lines.iter().map(|(l, v)| PriceLine { label: label(*l), amount: money(*v) }).collect(),
        total: money(q.total),
    }
}

/// Today in Tashkent.
fn today() -> i64 {
    tashkent_day(now_ms())
}

async fn new_form(State(state): State<AppState>, c: CargoClient) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let mut raw = RawShipment::new();
    raw.insert(ShipmentField::ShipDate, web::format::iso_date(today()));
    raw.insert(ShipmentField::SenderName, c.client.full_name.clone());
    raw.insert(ShipmentField::SenderPhone, c.client.phone.clone());
    raw.insert(ShipmentField::Pieces, "1".into());
    let all = count(&state, &c).await?;
    page(&NewOrderPage {
        c: c.chrome(),
        tabs: tabs(&c, "new", all),
        form: form_view(&c, geo, &raw, &[]),
        quote: None,
        error: None,
    })
}

/// What the form's fields are worth now: the parsed shipment and its price,
/// or the problems; `no_tariff` when the company has no price list yet.
struct Evaluation {
    shipment: Result<(draft::NewShipment, Quote), draft::Problems>,
    no_tariff: bool,
}

async fn evaluate(state: &AppState, c: &CargoClient, raw: &RawShipment) -> Result<Evaluation, AppError> {
    let geo = Geo::get(&state.db).await?;
    let parsed = draft::parse(raw, geo, today());
    let Some(tariff) = state.db.cargo_tariff(&c.company.business_id).await? else {
        return Ok(Evaluation { shipment: Err(parsed.err().unwrap_or_default()), no_tariff: true });
    };
    let shipment = parsed.and_then(|s| match tariff.quote(&s.parcel()) {
        Ok(q) => Ok((s, q)),
        Err(_) => Err(vec![(ShipmentField::ReceiverRegion, web::i18n::cargo::Problem::NoRoute)]),
    });
    Ok(Evaluation { shipment, no_tariff: false })
}

async fn new_submit(
    State(state): State<AppState>,
    c: CargoClient,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let raw = raw_of(&form);
    let action = form.iter().find(|(k, _)| k == "action").map_or("create", |(_, v)| v.as_str());
    let all = count(&state, &c).await?;
    let Evaluation { shipment: result, no_tariff } = evaluate(&state, &c, &raw).await?;
    let alert = no_tariff.then(|| Alert { code: "no_tariff".into(), message: c.t().cargo.shipments.no_tariff.into() });
    let render =
        |problems: &[(ShipmentField, web::i18n::cargo::Problem)], quote: Option<QuoteView>, error: Option<Alert>| {
            page(&NewOrderPage {
                c: c.chrome(),
                tabs: tabs(&c, "new", all),
                form: form_view(&c, geo, &raw, problems),
                quote,
                error,
            })
        };
    match (action, result) {
        ("create", Ok((shipment, quote))) => {
            let mut tx = state.db.begin_write().await?;
            let maker = Maker {
                business: &c.company.business_id,
                client: Some(&c.client.id),
                source: Source::Cabinet,
                upload: None,
                at: now_ms(),
                contract: None,
            };
            let made = store::create(&mut tx, maker, &[(shipment, quote.total)]).await?;
            tx.commit().await.map_err(crate::db::DbError::from)?;
            let Some(m) = made.first() else { return Err(AppError::Internal("no shipment made".into())) };
            tracing::info!(shipment = %m.id, number = m.number, "shipment created in the cabinet");
            Ok(Redirect::to(&format!("{}/orders/{}?created=1", c.base(), m.id)).into_response())
        }
        // "Show districts" and "Show the price" only redraw the form.
        ("districts", _) => render(&[], None, alert),
        (_, Ok((_, quote))) => render(&[], Some(quote_view(c.ui.lang, &quote)), alert),
        (_, Err(problems)) => {
            let t = c.t();
            let error = alert.or_else(|| {
                (action == "create")
                    .then(|| Alert { code: "form".into(), message: t.cargo.shipments.form_problems.into() })
            });
            let shown: &[_] = if action == "create" { &problems } else { &[] };
            let mut resp = render(shown, None, error)?;
            if action == "create" {
                *resp.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            }
            Ok(resp)
        }
    }
}

/// The price box alone (the form's script asks as the user types).
async fn quote(
    State(state): State<AppState>,
    c: CargoClient,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let raw = raw_of(&form);
    let q = evaluate(&state, &c, &raw).await?.shipment.ok().map(|(_, q)| quote_view(c.ui.lang, &q));
    let html = web::pages::cargo_shipments::price_box(c.t(), q.as_ref())?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], html)
        .into_response())
}

#[derive(Debug, serde::Deserialize)]
struct RegionQuery {
    #[serde(default)]
    region: String,
}

/// A region's districts as `[[code, name], …]` in the page's language.
async fn districts(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<RegionQuery>,
) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let lang = c.ui.lang;
    let list: Vec<(String, String)> = geo
        .find_region(&q.region)
        .map(|r| geo.districts_of(&r.soato).map(|d| (d.soato.clone(), d.name(lang).to_owned())).collect())
        .unwrap_or_default();
    Ok(axum::Json(list).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ViewQuery {
    created: String,
    error: String,
}

async fn view(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
    Query(q): Query<ViewQuery>,
) -> Result<Response, AppError> {
    let id = ShipmentId::parse(&id).ok_or(AppError::NotFound)?;
    let s = state.db.client_shipment(&c.company.business_id, &c.client.id, &c.client.phone, &id).await?;
    let d = super::mail::detail(&state, &c.view(), &s).await?;
    let t = c.t();
    let title = web::i18n::fill(t.cargo.shipments.shipment_title, &[("barcode", &s.row.barcode)]);
    let notice = (q.created == "1").then(|| web::i18n::fill(t.cargo.shipments.created, &[("barcode", &s.row.barcode)]));
    let error = (q.error == "not_at_sender")
        .then(|| Alert { code: "not_at_sender".into(), message: t.cargo.shipments.e_not_at_sender.into() });
    let own = s.client_id.as_ref() == Some(&c.client.id);
    let due =
        if own { super::pay_store::due(&state.db.pool, &c.company.business_id, &c.client.id, &id).await? } else { 0 };
    let pay = (due > 0).then(|| {
        let q = form_urlencoded::Serializer::new(String::new()).append_pair("barcode", &s.row.barcode).finish();
        (format!("{}/pay?{q}", c.base()), web::format::money(due))
    });
    let c2 = c.chrome().with_crumb(None, s.row.barcode.clone());
    page(&OrderPage { c: c2, title, d, notice, error, pay })
}

async fn delete(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = ShipmentId::parse(&id).ok_or(AppError::NotFound)?;
    match state.db.delete_client_shipment(&c.client.id, &id).await {
        Ok(()) => {
            tracing::info!(shipment = %id, "shipment deleted by its client");
            Ok(Redirect::to(&format!("{}/orders?notice=deleted", c.base())).into_response())
        }
        Err(DeleteError::NotFound) => Err(AppError::NotFound),
        Err(DeleteError::NotAtSender) => {
            Ok(Redirect::to(&format!("{}/orders/{id}?error=not_at_sender", c.base())).into_response())
        }
        Err(DeleteError::Db(e)) => Err(e.into()),
    }
}
