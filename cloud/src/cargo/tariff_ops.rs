//! The company's tariff (owner portal, `/cargo-ops/tariff`): the operators
//! see and edit the services' prices, the weight bands' prices per zone and
//! the zone of every route (region × region). The form is parsed whole into
//! a [`Tariff`] or refused with every bad field marked and nothing saved; a
//! save over a version someone else saved meanwhile is refused too. New
//! prices apply to new shipments only: a shipment keeps the price it was
//! made with.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use tracing::info;
use web::i18n::cargo_ops::OpsText;
use web::pages::cargo_ops::{TariffBand, TariffField, TariffPage, ZoneRow};

use super::geo::Geo;
use super::pricing::{TIYIN, Tariff, default_tariff};
use super::shipments_ops::ops_company;
use crate::db::DbError;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::portal::Viewing;

/// The most a price may be: 100 000 000 so'm.
const MAX_PRICE: i64 = 100_000_000 * TIYIN;
/// The heaviest band: 1 000 kg.
const MAX_BAND_G: i64 = 1_000_000;
/// The most bands and zones a form may carry.
const MAX_BANDS: usize = 30;
/// Zones are numbered 1..=MAX_ZONE.
const MAX_ZONE: i64 = 20;

/// The page (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo-ops/tariff", get(show).post(save))
}

/// What kind of number a service field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// So'm, to tiyin.
    Money,
    /// Percent with two decimals, to basis points.
    Percent,
    /// cm³ per kg, a whole number.
    Divisor,
}

/// The services' fields in the form's order.
const SERVICES: [(&str, Kind); 8] = [
    ("pickup_price", Kind::Money),
    ("door_price", Kind::Money),
    ("photo_report_price", Kind::Money),
    ("return_documents_price", Kind::Money),
    ("per_kg_over", Kind::Money),
    ("cod_fee", Kind::Percent),
    ("declared_value_fee", Kind::Percent),
    ("volumetric_divisor", Kind::Divisor),
];

fn service_label(o: &'static OpsText, name: &str) -> &'static str {
    match name {
        "pickup_price" => o.pickup_price,
        "door_price" => o.door_price,
        "photo_report_price" => o.photo_report_price,
        "return_documents_price" => o.return_documents_price,
        "per_kg_over" => o.per_kg_over,
        "cod_fee" => o.cod_fee,
        "declared_value_fee" => o.declared_value_fee,
        _ => o.volumetric_divisor,
    }
}

/// The form as text: what is shown, and what is parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Draft {
    /// Service field name → value.
    services: HashMap<String, String>,
    /// The rates table's zone columns.
    zones: Vec<i64>,
    /// Bands: "up to" kg and a price per zone column.
    bands: Vec<(String, Vec<String>)>,
    /// (from, to) region → zone as typed.
    routes: HashMap<(String, String), String>,
}

/// Why a field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Amount,
    Percent,
    Divisor,
    Band,
    BandEmpty,
    Zone,
}

impl Problem {
    fn text(self, o: &'static OpsText) -> &'static str {
        match self {
            Self::Amount => o.e_amount,
            Self::Percent => o.e_percent,
            Self::Divisor => o.e_divisor,
            Self::Band => o.e_band,
            Self::BandEmpty => o.e_band_empty,
            Self::Zone => o.e_zone,
        }
    }
}

/// Field name → why it was refused.
type Problems = HashMap<String, Problem>;

fn band_kg(i: usize) -> String {
    format!("band{i}_kg")
}

fn band_price(i: usize, zone: i64) -> String {
    format!("band{i}_z{zone}")
}

fn route(from: &str, to: &str) -> String {
    format!("route_{from}_{to}")
}

/// A decimal with at most `scale` decimals (`,` or `.`; spaces as
/// thousands separators) as an integer in units of 10^-scale.
fn decimal(text: &str, scale: u32) -> Option<i64> {
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).map(|c| if c == ',' { '.' } else { c }).collect();
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() || whole.len() > 12 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > scale as usize
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (cleaned.contains('.') && frac.is_empty())
    {
        return None;
    }
    let unit = 10i64.checked_pow(scale)?;
    let mut f: i64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
    for _ in frac.len()..scale as usize {
        f = f.checked_mul(10)?;
    }
    whole.parse::<i64>().ok()?.checked_mul(unit)?.checked_add(f)
}

/// An integer in units of 10^-scale as the shortest decimal text.
fn plain(value: i64, scale: u32) -> String {
    let unit = 10i64.pow(scale);
    let (whole, frac) = (value / unit, value % unit);
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:0width$}", width = scale as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

fn parse_service(kind: Kind, text: &str) -> Result<i64, Problem> {
    match kind {
        Kind::Money => decimal(text, 2).filter(|v| *v <= MAX_PRICE).ok_or(Problem::Amount),
        Kind::Percent => decimal(text, 2).filter(|v| *v <= 10_000).ok_or(Problem::Percent),
        Kind::Divisor => decimal(text, 0).filter(|v| (1_000..=10_000).contains(v)).ok_or(Problem::Divisor),
    }
}

impl Draft {
    /// A stored tariff as the form shows it, with a blank band row and a
    /// blank zone column to add one.
    fn of(t: &Tariff, regions: &[String]) -> Draft {
        let services = SERVICES
            .iter()
            .map(|(name, _)| {
                let v = match *name {
                    "pickup_price" => plain(t.pickup_price, 2),
                    "door_price" => plain(t.door_price, 2),
                    "photo_report_price" => plain(t.photo_report_price, 2),
                    "return_documents_price" => plain(t.return_documents_price, 2),
                    "per_kg_over" => plain(t.per_kg_over, 2),
                    "cod_fee" => plain(t.cod_fee_bp, 2),
                    "declared_value_fee" => plain(t.declared_value_bp, 2),
                    _ => t.volumetric_divisor.to_string(),
                };
                ((*name).to_owned(), v)
            })
            .collect();
        let mut zones: Vec<i64> = t.rates.keys().copied().collect();
        let next = zones.last().map_or(1, |z| z + 1);
        if next <= MAX_ZONE {
            zones.push(next);
        }
        let weights: BTreeSet<i64> = t.rates.values().flatten().map(|(w, _)| *w).collect();
        let mut bands: Vec<(String, Vec<String>)> = weights
            .iter()
            .map(|w| {
                let prices = zones
                    .iter()
                    .map(|z| {
                        t.rates
                            .get(z)
                            .and_then(|b| b.iter().find(|(bw, _)| bw == w))
                            .map(|(_, p)| plain(*p, 2))
                            .unwrap_or_default()
                    })
                    .collect();
                (plain(*w, 3), prices)
            })
            .collect();
        if bands.len() < MAX_BANDS {
            bands.push((String::new(), vec![String::new(); zones.len()]));
        }
        let mut routes = HashMap::new();
        for from in regions {
            for to in regions {
                let z = t.zone(from, to).map(|z| z.to_string()).unwrap_or_default();
                routes.insert((from.clone(), to.clone()), z);
            }
        }
        Draft { services, zones, bands, routes }
    }

    /// The posted form (unknown names ignored; each value at most 20
    /// characters kept).
    fn from_form(form: &[(String, String)], regions: &[String]) -> Draft {
        let mut values: HashMap<&str, String> = HashMap::new();
        for (k, v) in form {
            values.entry(k.as_str()).or_insert_with(|| v.trim().chars().take(20).collect());
        }
        let get = |name: &str| values.get(name).cloned().unwrap_or_default();
        let services = SERVICES.iter().map(|(name, _)| ((*name).to_owned(), get(name))).collect();
        let zones: Vec<i64> = (1..=MAX_ZONE).filter(|z| values.contains_key(band_price(0, *z).as_str())).collect();
        let bands = (0..MAX_BANDS)
            .take_while(|i| values.contains_key(band_kg(*i).as_str()))
            .map(|i| (get(&band_kg(i)), zones.iter().map(|z| get(&band_price(i, *z))).collect()))
            .collect();
        let mut routes = HashMap::new();
        for from in regions {
            for to in regions {
                routes.insert((from.clone(), to.clone()), get(&route(from, to)));
            }
        }
        Draft { services, zones, bands, routes }
    }

    /// The tariff, or every refused field.
    fn parse(&self, regions: &[String]) -> Result<Tariff, Problems> {
        let mut problems = Problems::new();
        let mut service = |name: &str, kind: Kind| -> i64 {
            match parse_service(kind, self.services.get(name).map_or("", String::as_str)) {
                Ok(v) => v,
                Err(p) => {
                    problems.insert(name.to_owned(), p);
                    0
                }
            }
        };
        let pickup_price = service("pickup_price", Kind::Money);
        let door_price = service("door_price", Kind::Money);
        let photo_report_price = service("photo_report_price", Kind::Money);
        let return_documents_price = service("return_documents_price", Kind::Money);
        let per_kg_over = service("per_kg_over", Kind::Money);
        let cod_fee_bp = service("cod_fee", Kind::Percent);
        let declared_value_bp = service("declared_value_fee", Kind::Percent);
        let volumetric_divisor = service("volumetric_divisor", Kind::Divisor);

        let mut rates: BTreeMap<i64, Vec<(i64, i64)>> = BTreeMap::new();
        let mut last_g = 0;
        for (i, (kg, prices)) in self.bands.iter().enumerate() {
            if kg.is_empty() && prices.iter().all(String::is_empty) {
                continue;
            }
            let weight = match decimal(kg, 3) {
                Some(g) if g > last_g && g <= MAX_BAND_G => {
                    last_g = g;
                    Some(g)
                }
                _ if kg.is_empty() => {
                    problems.insert(band_kg(i), Problem::BandEmpty);
                    None
                }
                _ => {
                    problems.insert(band_kg(i), Problem::Band);
                    None
                }
            };
            if prices.iter().all(String::is_empty) {
                problems.insert(band_kg(i), Problem::BandEmpty);
                continue;
            }
            for (zone, price) in self.zones.iter().zip(prices) {
                if price.is_empty() {
                    continue;
                }
                match parse_service(Kind::Money, price) {
                    Ok(p) => {
                        if let Some(w) = weight {
                            rates.entry(*zone).or_default().push((w, p));
                        }
                    }
                    Err(e) => {
                        problems.insert(band_price(i, *zone), e);
                    }
                }
            }
        }

        let mut zones = HashMap::new();
        for from in regions {
            for to in regions {
                let typed = self.routes.get(&(from.clone(), to.clone())).map_or("", String::as_str);
                match typed.parse::<i64>() {
                    Ok(z) if rates.contains_key(&z) => {
                        zones.insert((from.clone(), to.clone()), z);
                    }
                    _ => {
                        problems.insert(route(from, to), Problem::Zone);
                    }
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Tariff {
            zones,
            rates,
            per_kg_over,
            volumetric_divisor,
            pickup_price,
            door_price,
            photo_report_price,
            return_documents_price,
            cod_fee_bp,
            declared_value_bp,
        })
    }
}

/// What the page shows besides the draft.
struct Shown {
    version: Option<i64>,
    fresh: bool,
    notice: Option<String>,
    error: Option<String>,
}

fn render(v: &Viewing, geo: &Geo, draft: &Draft, problems: &Problems, shown: Shown) -> Result<Response, AppError> {
    let lang = v.ui.lang;
    let o = &v.t().cargo.ops;
    let field = |name: String, label: String, value: String| TariffField {
        error: problems.get(&name).map(|p| p.text(o).to_owned()),
        name,
        label,
        value,
    };
    let services = SERVICES
        .iter()
        .map(|(name, _)| {
            field(
                (*name).to_owned(),
                service_label(o, name).to_owned(),
                draft.services.get(*name).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let zone_name = |z: i64| web::i18n::fill(o.zone_n, &[("n", &z.to_string())]);
    let bands = draft
        .bands
        .iter()
        .enumerate()
        .map(|(i, (kg, prices))| TariffBand {
            kg: field(band_kg(i), o.band_up_to.to_owned(), kg.clone()),
            prices: draft
                .zones
                .iter()
                .zip(prices)
                .map(|(z, p)| field(band_price(i, *z), format!("{}, {kg}", zone_name(*z)), p.clone()))
                .collect(),
        })
        .collect();
    let name = |code: &str| geo.region(code).map(|r| r.name(lang).to_owned()).unwrap_or_else(|| code.to_owned());
    let codes = region_codes(geo);
    let routes = codes
        .iter()
        .map(|from| ZoneRow {
            from: name(from),
            cells: codes
                .iter()
                .map(|to| {
                    let value = draft.routes.get(&(from.clone(), to.clone())).cloned().unwrap_or_default();
                    field(route(from, to), format!("{} → {}", name(from), name(to)), value)
                })
                .collect(),
        })
        .collect();
    let refused = !problems.is_empty() || shown.error.is_some();
    let mut res = page(&TariffPage {
        c: v.chrome(),
        version: shown.version.map(|x| x.to_string()).unwrap_or_default(),
        fresh: shown.fresh,
        services,
        zones: draft.zones.iter().map(|z| zone_name(*z)).collect(),
        bands,
        regions: codes.iter().map(|c| name(c)).collect(),
        routes,
        notice: shown.notice,
        error: shown.error,
    })?;
    if refused {
        *res.status_mut() = StatusCode::BAD_REQUEST;
    }
    Ok(res)
}

/// The company's tariff and its version, or the starting one (no version)
/// when it has none.
async fn current(
    state: &AppState,
    business: &crate::ids::BusinessId,
    regions: &[String],
) -> Result<(Tariff, Option<i64>), AppError> {
    let version = state.db.cargo_tariff_version(business).await?;
    let tariff = match state.db.cargo_tariff(business).await? {
        Some(t) => t,
        None => default_tariff(&regions.iter().map(String::as_str).collect::<Vec<_>>()),
    };
    Ok((tariff, version))
}

fn region_codes(geo: &Geo) -> Vec<String> {
    geo.regions().iter().map(|r| r.soato.clone()).collect()
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ShowQuery {
    saved: String,
}

async fn show(State(state): State<AppState>, v: Viewing, Query(q): Query<ShowQuery>) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let geo = Geo::get(&state.db).await?;
    let regions = region_codes(geo);
    let (tariff, version) = current(&state, &company.business_id, &regions).await?;
    let fresh = version.is_none();
    let notice = (q.saved == "1").then(|| v.t().cargo.ops.saved.to_owned());
    render(&v, geo, &Draft::of(&tariff, &regions), &Problems::new(), Shown { version, fresh, notice, error: None })
}

async fn save(
    State(state): State<AppState>,
    v: Viewing,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    v.writable()?;
    let geo = Geo::get(&state.db).await?;
    let regions = region_codes(geo);
    let o = &v.t().cargo.ops;
    let expected = form.iter().find(|(k, _)| k == "version").and_then(|(_, x)| x.trim().parse::<i64>().ok());
    let draft = Draft::from_form(&form, &regions);
    let tariff = match draft.parse(&regions) {
        Ok(t) => t,
        Err(problems) => {
            let shown =
                Shown { version: expected, fresh: expected.is_none(), notice: None, error: Some(o.e_tariff.into()) };
            return render(&v, geo, &draft, &problems, shown);
        }
    };
    match state.db.replace_cargo_tariff(&company.business_id, &tariff, expected, crate::db::now_ms()).await {
        Ok(version) => {
            info!(owner.id = v.owner.id, version, zones = tariff.rates.len(), "cargo tariff saved");
            Ok(Redirect::to("/cargo-ops/tariff?saved=1").into_response())
        }
        Err(DbError::Conflict) => {
            let (current, version) = current(&state, &company.business_id, &regions).await?;
            let shown = Shown { version, fresh: version.is_none(), notice: None, error: Some(o.e_conflict.into()) };
            let mut res = render(&v, geo, &Draft::of(&current, &regions), &Problems::new(), shown)?;
            *res.status_mut() = StatusCode::CONFLICT;
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Vec<String> {
        vec!["1726".into(), "1727".into(), "1733".into()]
    }

    fn tariff() -> Tariff {
        default_tariff(&["1726", "1727", "1733"])
    }

    /// The form a browser would post for `d`.
    fn posted(d: &Draft) -> Vec<(String, String)> {
        let mut form: Vec<(String, String)> = d.services.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (i, (kg, prices)) in d.bands.iter().enumerate() {
            form.push((band_kg(i), kg.clone()));
            for (z, p) in d.zones.iter().zip(prices) {
                form.push((band_price(i, *z), p.clone()));
            }
        }
        for ((f, t), z) in &d.routes {
            form.push((route(f, t), z.clone()));
        }
        form
    }

    #[test]
    fn a_tariff_goes_round_the_form_unchanged() {
        let t = tariff();
        let d = Draft::of(&t, &regions());
        assert_eq!(d.zones, vec![1, 2, 3, 4], "a blank column to add a zone");
        assert_eq!(d.bands.last().map(|b| b.0.as_str()), Some(""), "a blank row to add a band");
        let back = Draft::from_form(&posted(&d), &regions());
        assert_eq!(back.parse(&regions()), Ok(t));
    }

    #[test]
    fn numbers_are_read_exactly() {
        assert_eq!(decimal("15 000", 2), Some(1_500_000));
        assert_eq!(decimal("2,5", 2), Some(250));
        assert_eq!(decimal("0.125", 3), Some(125));
        assert_eq!(decimal("1.005", 2), None);
        assert_eq!(decimal("-1", 2), None);
        assert_eq!(decimal("1e3", 2), None);
        assert_eq!(decimal("1.", 2), None);
        assert_eq!(decimal("", 2), None);
        assert_eq!(decimal("99999999999999999999", 2), None);
        assert_eq!(plain(1_500_000, 2), "15000");
        assert_eq!(plain(250, 2), "2.5");
        assert_eq!(plain(500, 3), "0.5");
    }

    #[test]
    fn every_bad_field_is_named_and_nothing_is_made() {
        let mut d = Draft::of(&tariff(), &regions());
        d.services.insert("door_price".into(), "-5".into());
        d.services.insert("cod_fee".into(), "101".into());
        d.services.insert("volumetric_divisor".into(), "12".into());
        // The second band no heavier than the first.
        d.bands[1].0 = "0.5".into();
        // A price that is no number.
        d.bands[2].1[1] = "arzon".into();
        // A route to a zone without prices (4 is the blank column).
        d.routes.insert(("1726".into(), "1733".into()), "4".into());
        d.routes.insert(("1733".into(), "1726".into()), String::new());
        let back = Draft::from_form(&posted(&d), &regions());
        let problems = back.parse(&regions()).err().unwrap_or_default();
        assert_eq!(problems.get("door_price"), Some(&Problem::Amount));
        assert_eq!(problems.get("cod_fee"), Some(&Problem::Percent));
        assert_eq!(problems.get("volumetric_divisor"), Some(&Problem::Divisor));
        assert_eq!(problems.get("band1_kg"), Some(&Problem::Band));
        assert_eq!(problems.get("band2_z2"), Some(&Problem::Amount));
        assert_eq!(problems.get("route_1726_1733"), Some(&Problem::Zone));
        assert_eq!(problems.get("route_1733_1726"), Some(&Problem::Zone));
        assert_eq!(problems.len(), 7, "{problems:?}");
    }

    #[test]
    fn a_new_band_and_a_new_zone_are_added_from_the_blanks() {
        let d = Draft::of(&tariff(), &regions());
        let mut d = Draft::from_form(&posted(&d), &regions());
        let last = d.bands.len() - 1;
        d.bands[last] = ("30".into(), vec!["90000".into(), String::new(), String::new(), "120000".into()]);
        d.routes.insert(("1733".into(), "1727".into()), "4".into());
        let t = Draft::from_form(&posted(&d), &regions()).parse(&regions()).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(t.rates.get(&4), Some(&vec![(30_000, 12_000_000)]));
        assert_eq!(t.rates.get(&1).and_then(|b| b.last()), Some(&(30_000, 9_000_000)));
        assert_eq!(t.zone("1733", "1727"), Some(4));
        // A band with a weight but no price, or prices but no weight.
        let mut d2 = Draft::from_form(&posted(&d), &regions());
        let n = d2.bands.len();
        d2.bands.push(("40".into(), vec![String::new(); d2.zones.len()]));
        d2.bands.push((String::new(), vec!["5".into(); d2.zones.len()]));
        let problems = d2.parse(&regions()).err().unwrap_or_default();
        assert_eq!(problems.get(&band_kg(n)), Some(&Problem::BandEmpty));
        assert_eq!(problems.get(&band_kg(n + 1)), Some(&Problem::BandEmpty));
    }
}
