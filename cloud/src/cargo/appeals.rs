//! Appeals (C13): a client's history and the "+ Murojaat" form (a popup
//! with a script, a page of its own without), an appeal without an account,
//! and the operators' answers (`/cargo-ops/appeals`, owner portal), which
//! reach the client by SMS in its language.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use tracing::info;
use web::i18n::cargo_cabinet::{AppealKind, AppealStatus, CabinetProblem};
use web::pages::cargo::{
    Alert, AppealForm, AppealLine, CaptchaView, CargoAppealFormPage, CargoAppealsPage, CargoChrome,
};

use crate::captcha::Captcha;
use crate::cargo::appeals_store::{self, AppealRow, NewAppeal};
use crate::cargo::cabinet::{CargoClient, CargoVisitor};
use crate::cargo::companies::Company;
use crate::http::{AppError, AppState, Client, page};
use crate::ids::{ClientId, ShipmentId};
use crate::phone::Phone;

/// The client's appeal pages (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/appeals", get(appeals_page).post(file_appeal))
        .route("/cargo/{slug}/appeals/new", get(form_page))
}

/// An appeal without an account (cabinet public group).
pub fn public_pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/appeal", get(public_form).post(public_file))
}

/// An appeal line in `t`'s language.
pub(crate) fn line(t: &web::i18n::Text, a: &AppealRow) -> AppealLine {
    let ct = &t.cargo.cabinet;
    AppealLine {
        id: a.id.to_string(),
        number: a.number,
        date: web::format::tashkent(a.created_at),
        kind: ct.kind(a.kind).to_owned(),
        status_code: a.status.code().to_owned(),
        status: ct.status(a.status).to_owned(),
        answer: a.answer.clone(),
        who: format!("{} · {}", a.name, a.phone),
        body: a.body.clone(),
        shipment: a.shipment_barcode.clone().unwrap_or_default(),
    }
}

#[derive(Debug, Default, Deserialize)]
struct AppealQuery {
    #[serde(default)]
    shipment: String,
    #[serde(default)]
    sent: String,
}

fn challenge(state: &AppState, refresh: String) -> Result<CaptchaView, AppError> {
    let ch = Captcha::new(&state.vault, &state.db).new_challenge().map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(CaptchaView { question: ch.question, token: ch.token, refresh })
}

/// The client's shipment named by `?shipment=` (its id and a note); another
/// client's or an unknown one is 404.
async fn shipment_ref(state: &AppState, c: &CargoClient, text: &str) -> Result<Option<(String, String)>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let id = ShipmentId::parse(text).ok_or(AppError::NotFound)?;
    let barcode = appeals_store::client_shipment_barcode(&state.db, &c.company.business_id, &c.client.id, &id).await?;
    let note = web::i18n::fill(c.t().cargo.cabinet.appeal_about, &[("barcode", &barcode)]);
    Ok(Some((id.to_string(), note)))
}

async fn client_form(state: &AppState, c: &CargoClient, shipment: &str) -> Result<AppealForm, AppError> {
    let shipment = shipment_ref(state, c, shipment).await?;
    let refresh = match &shipment {
        Some((id, _)) => format!("{}/appeals/new?shipment={id}", c.base()),
        None => format!("{}/appeals/new", c.base()),
    };
    Ok(AppealForm {
        action: format!("{}/appeals", c.base()),
        name: c.client.full_name.clone(),
        phone: c.client.phone.clone(),
        kind: if shipment.is_some() { AppealKind::Claim } else { AppealKind::Question }.code().to_owned(),
        body: String::new(),
        shipment,
        captcha: challenge(state, refresh)?,
    })
}

async fn appeals_page(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<AppealQuery>,
) -> Result<Response, AppError> {
    let rows = appeals_store::client_appeals(&state.db, &c.company.business_id, &c.client.id).await?;
    let form = client_form(&state, &c, &q.shipment).await?;
    let notice = q
        .sent
        .parse::<i64>()
        .ok()
        .map(|n| web::i18n::fill(c.t().cargo.cabinet.appeal_sent, &[("number", &n.to_string())]));
    page(&CargoAppealsPage {
        c: c.chrome(),
        appeals: rows.iter().map(|a| line(c.t(), a)).collect(),
        open_now: form.shipment.is_some(),
        form,
        notice,
        error: None,
    })
}

async fn form_page(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<AppealQuery>,
) -> Result<Response, AppError> {
    let form = client_form(&state, &c, &q.shipment).await?;
    let chrome = c.chrome().with_crumb(None, c.t().cargo.cabinet.appeal_form_title);
    page(&CargoAppealFormPage { c: chrome, form, error: None, notice: None })
}

/// What the appeal form sends.
#[derive(Debug, Default, Deserialize)]
struct AppealInput {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    shipment: String,
    #[serde(default)]
    captcha_token: String,
    #[serde(default)]
    captcha_answer: String,
}

/// An appeal's fields, parsed.
struct ParsedAppeal {
    name: String,
    phone: Phone,
    kind: AppealKind,
    body: String,
}

impl TryFrom<&AppealInput> for ParsedAppeal {
    type Error = CabinetProblem;

    fn try_from(f: &AppealInput) -> Result<Self, CabinetProblem> {
        let name = f.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(CabinetProblem::Name);
        }
        let phone = Phone::parse(&f.phone).map_err(|_| CabinetProblem::Phone)?;
        let kind = AppealKind::from_code(f.kind.trim()).ok_or(CabinetProblem::Kind)?;
        let body = f.body.trim();
        if body.is_empty() || body.chars().count() > 2000 {
            return Err(CabinetProblem::Body);
        }
        Ok(ParsedAppeal { name: name.to_owned(), phone, kind, body: body.to_owned() })
    }
}

/// Checks the captcha then the fields; files the appeal. Returns its number
/// or the problem to show.
async fn file(
    state: &AppState,
    company: &Company,
    client: Option<&ClientId>,
    shipment: Option<&ShipmentId>,
    input: &AppealInput,
    lang: web::i18n::Lang,
    addr: &str,
) -> Result<Result<i64, CabinetProblem>, AppError> {
    let captcha = Captcha::new(&state.vault, &state.db);
    if let Err(e) = captcha.verify(&input.captcha_token, &input.captcha_answer, addr).await {
        return match e.problem() {
            Some(p) => Ok(Err(p)),
            None => Err(AppError::Internal(e.to_string())),
        };
    }
    let parsed = match ParsedAppeal::try_from(input) {
        Ok(p) => p,
        Err(p) => return Ok(Err(p)),
    };
    let new = NewAppeal {
        business_id: &company.business_id,
        client_id: client,
        shipment_id: shipment,
        name: &parsed.name,
        phone: parsed.phone.as_str(),
        kind: parsed.kind,
        body: &parsed.body,
        language: lang.code(),
    };
    let (id, number) = appeals_store::insert_appeal(&state.db, &new).await?;
    info!(cargo.appeal = %id, business.id = %company.business_id, number, "appeal filed");
    Ok(Ok(number))
}

/// The form again with its problem and a new question, as 400 (429 for the limit).
fn form_again(
    state: &AppState,
    chrome: CargoChrome,
    mut form: AppealForm,
    input: &AppealInput,
    problem: CabinetProblem,
    refresh: String,
) -> Response {
    form.name = input.name.chars().take(100).collect();
    form.phone = input.phone.chars().take(20).collect();
    form.kind = input.kind.chars().take(20).collect();
    form.body = input.body.chars().take(2000).collect();
    form.captcha = match challenge(state, refresh) {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    let error = Some(Alert::problem(chrome.t, problem));
    match page(&CargoAppealFormPage { c: chrome, form, error, notice: None }) {
        Ok(mut r) => {
            *r.status_mut() = if problem == CabinetProblem::CaptchaLimit {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::BAD_REQUEST
            };
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn file_appeal(
    State(state): State<AppState>,
    c: CargoClient,
    client: Client,
    Form(input): Form<AppealInput>,
) -> Result<Response, AppError> {
    let shipment_view = shipment_ref(&state, &c, &input.shipment).await?;
    let shipment = shipment_view.as_ref().and_then(|(id, _)| ShipmentId::parse(id));
    match file(&state, &c.company, Some(&c.client.id), shipment.as_ref(), &input, c.ui.lang, &client.addr).await? {
        Ok(number) => Ok(Redirect::to(&format!("{}/appeals?sent={number}", c.base())).into_response()),
        Err(problem) => {
            let form = client_form(&state, &c, &input.shipment).await?;
            let refresh = form.captcha.refresh.clone();
            let chrome = c.chrome().with_crumb(None, c.t().cargo.cabinet.appeal_form_title);
            Ok(form_again(&state, chrome, form, &input, problem, refresh))
        }
    }
}

fn public_form_of(state: &AppState, v: &CargoVisitor) -> Result<AppealForm, AppError> {
    let refresh = format!("{}/appeal", v.company.base());
    Ok(AppealForm {
        action: refresh.clone(),
        kind: AppealKind::Question.code().to_owned(),
        captcha: challenge(state, refresh)?,
        ..AppealForm::default()
    })
}

async fn public_form(State(state): State<AppState>, v: CargoVisitor) -> Result<Response, AppError> {
    page(&CargoAppealFormPage { c: v.chrome(), form: public_form_of(&state, &v)?, error: None, notice: None })
}

async fn public_file(
    State(state): State<AppState>,
    v: CargoVisitor,
    client: Client,
    Form(input): Form<AppealInput>,
) -> Result<Response, AppError> {
    match file(&state, &v.company, None, None, &input, v.ui.lang, &client.addr).await? {
        Ok(number) => {
            let notice = web::i18n::fill(v.ui.t().cargo.cabinet.appeal_sent, &[("number", &number.to_string())]);
            page(&CargoAppealFormPage {
                c: v.chrome(),
                form: public_form_of(&state, &v)?,
                error: None,
                notice: Some(notice),
            })
        }
        Err(problem) => {
            let form = public_form_of(&state, &v)?;
            let refresh = form.captcha.refresh.clone();
            Ok(form_again(&state, v.chrome(), form, &input, problem, refresh))
        }
    }
}

/// The statuses an operator filters by.
pub(crate) fn status_of(text: &str) -> AppealStatus {
    AppealStatus::from_code(text).unwrap_or(AppealStatus::New)
}
