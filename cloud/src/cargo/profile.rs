//! "Profilim" (C1): photo, name, login, balance, phone, birth date, the
//! account's barcode, the company's app links as QR codes.

use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;
use tracing::info;
use web::i18n::cargo_cabinet::CabinetProblem;
use web::pages::cargo::{Alert, CargoProfilePage};

use crate::cargo::cabinet::CargoClient;
use crate::cargo::photo::{self, PhotoError};
use crate::cargo::{clients_store, ledger};
use crate::http::{AppError, AppState, page};

/// The profile's pages (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/profile", get(profile_page).post(save_birth_date))
        .route("/cargo/{slug}/profile/photo", get(photo_file))
}

/// The photo upload (cabinet uploads group).
pub fn uploads() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/profile/photo", post(upload_photo))
}

/// A QR code of `url` as a `data:` SVG; `None` for an empty link.
fn qr(url: &str) -> Option<(String, String)> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(148, 148).build();
    Some((format!("data:image/svg+xml;base64,{}", B64.encode(svg)), url.to_owned()))
}

/// A birth date typed as `DD.MM.YYYY` (a real day, from 1900 to this year);
/// empty clears it.
fn parse_birth_date(text: &str, this_year: i64) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return Some(String::new());
    }
    let mut parts = text.split('.');
    let (Some(d), Some(m), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    if d.len() != 2 || m.len() != 2 || y.len() != 4 {
        return None;
    }
    let (d, m, y): (u32, u32, i64) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=days).contains(&d) && (1900..=this_year).contains(&y)).then(|| format!("{d:02}.{m:02}.{y}"))
}

fn this_year() -> i64 {
    // Mean Gregorian years since 1970: close enough for a birth date's bound.
    1970 + crate::db::now_ms() / 31_556_952_000
}

#[derive(Debug, Default, Deserialize)]
struct ProfileQuery {
    #[serde(default)]
    saved: String,
}

/// The page, with the client's live balance (the sum of their ledger).
async fn profile_view(
    state: &AppState,
    c: &CargoClient,
    error: Option<Alert>,
    notice: Option<String>,
    birth_date: String,
) -> Result<CargoProfilePage, AppError> {
    let client = &c.client;
    let balance = state.db.client_balance(&client.business_id, &client.id, ledger::Mode::Live).await?;
    Ok(CargoProfilePage {
        c: c.chrome(),
        full_name: client.full_name.clone(),
        phone: client.phone.clone(),
        balance: web::format::money(balance.total),
        birth_date,
        barcode: client.barcode.clone(),
        photo_url: client.has_photo.then(|| format!("{}/profile/photo", c.base())),
        initial: client.full_name.chars().next().map(|ch| ch.to_uppercase().collect()).unwrap_or_default(),
        ios: qr(&c.company.app_ios_url),
        android: qr(&c.company.app_android_url),
        error,
        notice,
    })
}

async fn profile_page(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<ProfileQuery>,
) -> Result<Response, AppError> {
    let ct = &c.t().cargo.cabinet;
    let notice = match q.saved.as_str() {
        "photo" => Some(ct.photo_saved.to_owned()),
        "1" => Some(ct.saved.to_owned()),
        _ => None,
    };
    let birth = c.client.birth_date.clone();
    page(&profile_view(&state, &c, None, notice, birth).await?)
}

#[derive(Debug, Deserialize)]
struct BirthForm {
    #[serde(default)]
    birth_date: String,
}

async fn save_birth_date(State(state): State<AppState>, c: CargoClient, Form(form): Form<BirthForm>) -> Response {
    match parse_birth_date(&form.birth_date, this_year()) {
        Some(date) => match clients_store::set_birth_date(&state.db, &c.client.id, &date).await {
            Ok(()) => Redirect::to(&format!("{}/profile?saved=1", c.base())).into_response(),
            Err(e) => AppError::from(e).into_response(),
        },
        None => {
            let error = Alert::problem(c.t(), CabinetProblem::BirthDate);
            let birth = form.birth_date.chars().take(20).collect();
            let view = match profile_view(&state, &c, Some(error), None, birth).await {
                Ok(view) => view,
                Err(e) => return e.into_response(),
            };
            match page(&view) {
                Ok(mut r) => {
                    *r.status_mut() = StatusCode::BAD_REQUEST;
                    r
                }
                Err(e) => e.into_response(),
            }
        }
    }
}

async fn photo_file(State(state): State<AppState>, c: CargoClient) -> Response {
    let stored = match clients_store::photo(&state.db, &c.client.id).await {
        Ok(p) => p,
        Err(e) => return AppError::from(e).into_response(),
    };
    match B64.decode(stored.as_bytes()) {
        Ok(bytes) if !bytes.is_empty() => {
            ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, "private, no-cache")], bytes)
                .into_response()
        }
        _ => AppError::NotFound.into_response(),
    }
}

/// A refusal of an upload, as JSON for the page's script.
fn photo_refused(c: &CargoClient, status: StatusCode, problem: CabinetProblem) -> Response {
    let alert = Alert::problem(c.t(), problem);
    (status, Json(serde_json::json!({ "code": alert.code, "message": alert.message }))).into_response()
}

async fn upload_photo(State(state): State<AppState>, c: CargoClient, mut multipart: Multipart) -> Response {
    let mut file = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("photo") => match field.bytes().await {
                Ok(b) => {
                    file = Some(b);
                    break;
                }
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return photo_refused(&c, StatusCode::PAYLOAD_TOO_LARGE, CabinetProblem::PhotoLarge);
                }
                Err(_) => return photo_refused(&c, StatusCode::BAD_REQUEST, CabinetProblem::PhotoBroken),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return photo_refused(&c, StatusCode::PAYLOAD_TOO_LARGE, CabinetProblem::PhotoLarge);
            }
            Err(_) => return photo_refused(&c, StatusCode::BAD_REQUEST, CabinetProblem::PhotoBroken),
        }
    }
    let Some(bytes) = file else {
        return photo_refused(&c, StatusCode::BAD_REQUEST, CabinetProblem::PhotoType);
    };
    // Decoding is CPU work: off the async threads.
    let done = tokio::task::spawn_blocking(move || photo::reencode(&bytes)).await;
    let jpeg = match done {
        Ok(Ok(jpeg)) => jpeg,
        Ok(Err(e)) => {
            let status = if e == PhotoError::Large { StatusCode::PAYLOAD_TOO_LARGE } else { StatusCode::BAD_REQUEST };
            info!(cargo.client = %c.client.id, reason = %e, "profile photo refused");
            return photo_refused(&c, status, e.problem());
        }
        Err(e) => return AppError::Internal(format!("photo task: {e}")).into_response(),
    };
    if let Err(e) = clients_store::set_photo(&state.db, &c.client.id, &B64.encode(&jpeg)).await {
        return AppError::from(e).into_response();
    }
    info!(cargo.client = %c.client.id, bytes = jpeg.len(), "profile photo saved");
    Json(serde_json::json!({ "ok": true, "url": format!("{}/profile/photo", c.base()) })).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_parse() {
        assert_eq!(parse_birth_date(" 29.02.2000 ", 2026), Some("29.02.2000".into()));
        assert_eq!(parse_birth_date("", 2026), Some(String::new()));
        for bad in ["29.02.2001", "31.04.1990", "1.2.1990", "01.13.1990", "01.01.1899", "01.01.2027", "aa.bb.cccc"] {
            assert_eq!(parse_birth_date(bad, 2026), None, "{bad}");
        }
    }

    #[test]
    fn qr_codes_only_for_links() {
        assert!(qr("").is_none());
        assert!(
            qr("https://apps.apple.com/app/id1").is_some_and(|(svg, _)| svg.starts_with("data:image/svg+xml;base64,"))
        );
    }
}
