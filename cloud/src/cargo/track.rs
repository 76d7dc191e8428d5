//! Public tracking (C12) at `/track`: a barcode and a captcha (server-side,
//! signed, expiring, single use, tries limited per address) show the
//! shipment's status, its offices and its history, never a name or a phone
//! number. The label's QR code opens `/track?barcode=…` with the barcode
//! filled in; the captcha is still asked.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse as _, Response};
use axum::routing::get;
use web::pages::cargo::{Alert, CaptchaView};
use web::pages::cargo_shipments::{TrackPage, TrackResult};

use super::mail::history_lines;
use crate::captcha::Captcha;
use crate::http::error::{AppError, page};
use crate::http::{AppState, Client, Ui};

/// `/track`, among the public pages.
pub fn pages() -> Router<AppState> {
    Router::new().route("/track", get(form).post(track))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct TrackQuery {
    barcode: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct TrackForm {
    barcode: String,
    captcha_token: String,
    captcha_answer: String,
}

fn clean(barcode: &str) -> String {
    barcode.chars().filter(|c| !c.is_whitespace()).take(20).collect()
}

fn challenge(state: &AppState, barcode: &str) -> Result<CaptchaView, AppError> {
    let c = Captcha::new(&state.vault, &state.db).new_challenge().map_err(|e| AppError::Internal(e.to_string()))?;
    let refresh = if barcode.is_empty() {
        "/track".to_owned()
    } else {
        format!("/track?{}", form_urlencoded::Serializer::new(String::new()).append_pair("barcode", barcode).finish())
    };
    Ok(CaptchaView { question: c.question, token: c.token, refresh })
}

fn refused(state: &AppState, ui: &Ui, barcode: &str, alert: Alert, status: u16) -> Result<Response, AppError> {
    let mut resp = page(&TrackPage {
        c: ui.chrome(),
        barcode: barcode.to_owned(),
        captcha: challenge(state, barcode)?,
        error: Some(alert),
        result: None,
    })?;
    *resp.status_mut() = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
    Ok(resp)
}

async fn form(State(state): State<AppState>, ui: Ui, Query(q): Query<TrackQuery>) -> Result<Response, AppError> {
    let barcode = clean(&q.barcode);
    page(&TrackPage { c: ui.chrome(), captcha: challenge(&state, &barcode)?, barcode, error: None, result: None })
}

async fn track(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    axum::Form(f): axum::Form<TrackForm>,
) -> Result<Response, AppError> {
    let t = ui.t();
    let barcode = clean(&f.barcode);
    if let Err(e) =
        Captcha::new(&state.vault, &state.db).verify(&f.captcha_token, &f.captcha_answer, &client.addr).await
    {
        let Some(p) = e.problem() else { return Err(AppError::Internal(e.to_string())) };
        let status = if matches!(e, crate::captcha::CaptchaError::TooMany) { 429 } else { 400 };
        return refused(&state, &ui, &barcode, Alert::problem(t, p), status);
    }
    let Ok(code) = protocol::Barcode::parse(&barcode) else {
        let alert = Alert { code: "bad_barcode".into(), message: t.cargo.track.e_barcode.into() };
        return refused(&state, &ui, &barcode, alert, 400);
    };
    let shipment = match state.db.shipment_by_barcode(&code).await {
        Ok(s) => s,
        Err(crate::db::DbError::NotFound) => {
            let alert = Alert { code: "not_found".into(), message: t.cargo.track.e_not_found.into() };
            return refused(&state, &ui, &barcode, alert, 404);
        }
        Err(e) => return Err(e.into()),
    };
    let company =
        super::companies::by_business(&state.db, &shipment.business_id).await.map(|c| c.name).unwrap_or_default();
    let history = history_lines(t, super::tracking::history(&state.db, code.as_str()).await?);
    tracing::info!(barcode = %code, "tracked publicly");
    let result = TrackResult {
        barcode: code.to_string(),
        status: shipment.row.status.code(),
        status_label: t.cargo.status(shipment.row.status),
        colour: shipment.row.status.colour(),
        company,
        from_office: shipment.row.office_from.clone(),
        to_office: shipment.row.office_to.clone(),
        history,
    };
    Ok(page(&TrackPage {
        c: ui.chrome(),
        barcode: code.to_string(),
        captcha: CaptchaView::default(),
        error: None,
        result: Some(result),
    })?
    .into_response())
}
