//! "To'lov" (C6) in the cabinet: a client pays for one of their shipments
//! on the company's own Click service, and reads each payment's receipt
//! (C7) as a page and a PDF.
//!
//! The form takes a barcode, an amount and the captcha. The amount due is
//! what the shipment's price still needs, never more than the client owes
//! in all; the client may pay more (the rest goes to their balance), never
//! less. A shipment that is not the client's is "not found" (whoever's it
//! is); one with nothing due is refused. The payment is recorded open and
//! the browser goes to Click's payment page; the ledger row is written when
//! Click's Complete comes ([`super::click`]).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::get;
use protocol::Barcode;
use web::format::{money, tashkent};
use web::i18n::fill;
use web::pages::cargo::{Alert, CaptchaView};
use web::pages::cargo_pay::{CargoPayPage, CargoReceiptPage};

use super::cabinet::CargoClient;
use super::click::company_click;
use super::ledger_ops::typed_som;
use super::pay_store::{self, Pay, PayStatus, client_lock, due};
use crate::billing::checkout::click_pay_url;
use crate::billing::invoices::som;
use crate::billing::settings::ClickSettings;
use crate::captcha::{Captcha, CaptchaError};
use crate::db::{DbError, now_ms};
use crate::http::layers::{ConnectSrc, FormAction};
use crate::http::{AppError, AppState, Client, page};
use crate::ids::{CargoPayId, LedgerEntryId};

/// The pay form and the receipts (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/pay", get(form).post(submit)).route("/cargo/{slug}/payments/{id}", get(receipt))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct PayQuery {
    barcode: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct PayForm {
    barcode: String,
    amount: String,
    provider: String,
    captcha_token: String,
    captcha_answer: String,
}

/// Why a payment cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Barcode,
    NotFound,
    Paid,
    Amount,
    /// Less than what is due (tiyin).
    Short(i64),
    Unavailable,
}

impl Problem {
    fn alert(self, c: &CargoClient) -> (Alert, StatusCode) {
        let p = &c.t().cargo.pay;
        let (code, message, status) = match self {
            Problem::Barcode => ("barcode", p.e_barcode.to_owned(), StatusCode::BAD_REQUEST),
            Problem::NotFound => ("not_found", p.e_not_found.to_owned(), StatusCode::NOT_FOUND),
            Problem::Paid => ("paid", p.e_paid.to_owned(), StatusCode::CONFLICT),
            Problem::Amount => ("amount", p.e_amount.to_owned(), StatusCode::BAD_REQUEST),
            Problem::Short(due) => ("short", fill(p.e_short, &[("due", &money(due))]), StatusCode::BAD_REQUEST),
            Problem::Unavailable => ("unavailable", p.e_unavailable.to_owned(), StatusCode::CONFLICT),
        };
        (Alert { code: code.into(), message }, status)
    }
}

fn clean(barcode: &str) -> String {
    barcode.chars().filter(|c| !c.is_whitespace()).take(20).collect()
}

/// An amount as the form shows it: `41000`, or `41000.50`.
fn typed(tiyin: i64) -> String {
    let s = som(tiyin);
    s.strip_suffix(".00").map_or(s.clone(), str::to_owned)
}

/// The client's shipment with this barcode and what is due on it; another
/// client's, or another company's, is not found.
async fn shipment_due(
    state: &AppState,
    c: &CargoClient,
    barcode: &str,
) -> Result<Result<(super::store::Shipment, i64), Problem>, AppError> {
    let Ok(code) = Barcode::parse(barcode) else { return Ok(Err(Problem::Barcode)) };
    let shipment = match state.db.shipment_by_barcode(&code).await {
        Ok(s) if s.business_id == c.company.business_id && s.client_id.as_ref() == Some(&c.client.id) => s,
        Ok(_) | Err(DbError::NotFound) => return Ok(Err(Problem::NotFound)),
        Err(e) => return Err(e.into()),
    };
    let due = due(&state.db.pool, &c.company.business_id, &c.client.id, &shipment.row.id).await?;
    if due == 0 {
        return Ok(Err(Problem::Paid));
    }
    Ok(Ok((shipment, due)))
}

/// The form, with what was typed and why it was refused.
struct Shown {
    barcode: String,
    amount: String,
    due: Option<i64>,
    error: Option<(Alert, StatusCode)>,
}

async fn render(state: &AppState, c: &CargoClient, shown: Shown) -> Result<Response, AppError> {
    let click = company_click(state, &c.company.business_id).await?;
    let token = Captcha::new(&state.vault, &state.db).new_challenge().map_err(|e| AppError::Internal(e.to_string()))?;
    let refresh = if shown.barcode.is_empty() {
        format!("{}/pay", c.base())
    } else {
        let q = form_urlencoded::Serializer::new(String::new()).append_pair("barcode", &shown.barcode).finish();
        format!("{}/pay?{q}", c.base())
    };
    let (error, status) = match shown.error {
        Some((alert, status)) => (Some(alert), status),
        None => (None, StatusCode::OK),
    };
    let mut res = page(&CargoPayPage {
        c: c.chrome(),
        barcode: shown.barcode,
        amount: shown.amount,
        due: shown.due.map(money),
        error,
        captcha: CaptchaView { question: token.question, token: token.token, refresh },
        click: click.is_some(),
    })?;
    *res.status_mut() = status;
    // The form's answer is a redirect to Click's page: let it go there.
    let origins = click.iter().filter_map(|k| ConnectSrc::of_url(&k.pay_url)).collect();
    res.extensions_mut().insert(FormAction(origins));
    Ok(res)
}

/// `GET /cargo/{slug}/pay[?barcode=]`: with a barcode (a shipment's "To'lash"
/// link), the amount due is filled in.
async fn form(State(state): State<AppState>, c: CargoClient, Query(q): Query<PayQuery>) -> Result<Response, AppError> {
    let barcode = clean(&q.barcode);
    let mut shown = Shown { barcode, amount: String::new(), due: None, error: None };
    if !shown.barcode.is_empty() {
        match shipment_due(&state, &c, &shown.barcode).await? {
            Ok((_, due)) => {
                shown.amount = typed(due);
                shown.due = Some(due);
            }
            Err(p) => shown.error = Some(p.alert(&c)),
        }
    }
    let mut res = render(&state, &c, shown).await?;
    // Asking is not an error: the page says what is wrong, with a 200.
    *res.status_mut() = StatusCode::OK;
    Ok(res)
}

/// The form's checks, in order; the payment to make and the service to pay
/// it on.
async fn check(
    state: &AppState,
    c: &CargoClient,
    f: &PayForm,
    barcode: &str,
) -> Result<Result<(Pay, ClickSettings), (Problem, Option<i64>)>, AppError> {
    let Some(click) = company_click(state, &c.company.business_id).await?.filter(|_| f.provider == "click") else {
        return Ok(Err((Problem::Unavailable, None)));
    };
    let (shipment, shown_due) = match shipment_due(state, c, barcode).await? {
        Ok(found) => found,
        Err(p) => return Ok(Err((p, None))),
    };
    let Some(amount) = typed_som(&f.amount) else { return Ok(Err((Problem::Amount, Some(shown_due)))) };
    if amount < shown_due {
        return Ok(Err((Problem::Short(shown_due), Some(shown_due))));
    }
    Ok(Ok((
        Pay {
            id: CargoPayId::new(),
            business_id: c.company.business_id.clone(),
            client_id: c.client.id.clone(),
            shipment_id: shipment.row.id.clone(),
            barcode: shipment.row.barcode.clone(),
            due: shown_due,
            amount,
            provider: "click".into(),
            status: PayStatus::Open,
            created_at: now_ms(),
        },
        click,
    )))
}

/// `POST /cargo/{slug}/pay`: the captcha, the checks, the payment recorded
/// open, then Click's payment page.
async fn submit(
    State(state): State<AppState>,
    c: CargoClient,
    client: Client,
    axum::Form(f): axum::Form<PayForm>,
) -> Result<Response, AppError> {
    let barcode = clean(&f.barcode);
    let amount_typed: String = f.amount.chars().take(20).collect();
    let again = |error, due| Shown { barcode: barcode.clone(), amount: amount_typed.clone(), due, error: Some(error) };
    if let Err(e) =
        Captcha::new(&state.vault, &state.db).verify(&f.captcha_token, &f.captcha_answer, &client.addr).await
    {
        let Some(p) = e.problem() else { return Err(AppError::Internal(e.to_string())) };
        let status =
            if matches!(e, CaptchaError::TooMany) { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::BAD_REQUEST };
        return render(&state, &c, again((Alert::problem(c.t(), p), status), None)).await;
    }
    let (mut pay, click) = match check(&state, &c, &f, &barcode).await? {
        Ok(ok) => ok,
        Err((p, due)) => return render(&state, &c, again(p.alert(&c), due)).await,
    };
    let mut tx = state.db.begin_write().await?;
    client_lock(&mut tx, &c.client.id).await?;
    // What is due now, with the client's other payments taking turns.
    let due_now = due(&mut *tx, &pay.business_id, &pay.client_id, &pay.shipment_id).await?;
    if due_now == 0 || pay.amount < due_now {
        drop(tx);
        let p = if due_now == 0 { Problem::Paid } else { Problem::Short(due_now) };
        return render(&state, &c, again(p.alert(&c), Some(due_now))).await;
    }
    pay.due = due_now;
    pay_store::insert_pay(&mut tx, &pay).await?;
    tx.commit().await.map_err(DbError::from)?;
    let return_url = format!("{}{}/payments?pay={}", state.settings.public_url(), c.base(), pay.id);
    let url = click_pay_url(&click, &som(pay.amount), &pay.id, &return_url);
    tracing::info!(pay.id = %pay.id, client = %pay.client_id, barcode = %pay.barcode, amount = pay.amount, due = pay.due, "cargo payment made, client sent to Click");
    Ok(Redirect::to(&url).into_response())
}

/// `GET /cargo/{slug}/payments/{id}` (a page) and `…/{id}.pdf` (the same
/// as a PDF): one of the client's payments; anyone else's is not found.
async fn receipt(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, pdf) = match id.strip_suffix(".pdf") {
        Some(id) => (id, true),
        None => (id.as_str(), false),
    };
    let id = LedgerEntryId::parse(id).ok_or(AppError::NotFound)?;
    let r = state.db.client_payment(&c.company.business_id, &c.client.id, &id).await?;
    let t = c.t();
    let p = &t.cargo.pay;
    let dash = |s: &str| if s.is_empty() { "—".to_owned() } else { s.to_owned() };
    let values = [
        r.id.to_string(),
        c.company.name.clone(),
        format!("{} · {}", c.client.full_name, c.client.phone),
        dash(&r.barcode),
        dash(t.cargo.money.method(&r.method)),
        dash(&r.reference()),
        money(r.amount),
        tashkent(r.at),
    ];
    let rows: Vec<(String, String)> = values.into_iter().enumerate().map(|(i, v)| (p.rc(i).to_owned(), v)).collect();
    let title = fill(p.receipt_title, &[("n", &r.no.to_string())]);
    if !pdf {
        return page(&CargoReceiptPage { c: c.chrome(), id: r.id.to_string(), title, rows });
    }
    let mut doc = web::pdf::Doc::new(&title);
    doc.text(&c.company.name).gap(4.0).title(&title).rule();
    let pairs: Vec<(&str, &str)> = rows.iter().map(|(l, v)| (l.as_str(), v.as_str())).collect();
    doc.table(&pairs).rule().text(p.rc_footer);
    let bytes = doc.finish().map_err(|e| AppError::Internal(e.to_string()))?;
    let mut res = super::documents::pdf(bytes, &format!("receipt-{}.pdf", r.id));
    res.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(&r.id)?);
    Ok(res)
}

fn attachment(id: &LedgerEntryId) -> Result<HeaderValue, AppError> {
    HeaderValue::from_str(&format!("attachment; filename=\"receipt-{id}.pdf\""))
        .map_err(|e| AppError::Internal(e.to_string()))
}
