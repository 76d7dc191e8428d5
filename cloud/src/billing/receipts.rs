//! Receipts (P10): every confirmed payment of the business, as a page and as
//! a PDF to download, with the provider, the provider's transaction id, the
//! amount, the period paid and the business. Another business's receipt is
//! not found.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use web::format::{money, tashkent};
use web::i18n::{Text, fill};
use web::pages::{ReceiptLine, ReceiptPage, ReceiptsPage};

use super::invoices::Payment;
use super::lifecycle::Period;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::ids::PaymentId;
use crate::portal::Viewing;

/// Receipts shown in the list (a business pays a dozen times a year).
const LIST_ROWS: i64 = 500;

/// The receipt pages (owner pages group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/subscription/receipts", get(list)).route("/subscription/receipts/{id}", get(receipt))
}

fn period_name(t: &Text, period: Period) -> &'static str {
    match period {
        Period::Month => t.billing.sub_period_month,
        Period::Year => t.billing.sub_period_year,
    }
}

/// `GET /subscription/receipts`: newest first.
async fn list(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let (payments, tariffs) = tokio::try_join!(state.db.payments(&v.owner.business_id, LIST_ROWS), state.db.tariffs())?;
    let tariff_name =
        |code: &str| tariffs.iter().find(|x| x.code == code).map_or_else(|| code.to_owned(), |x| x.name.clone());
    page(&ReceiptsPage {
        c: v.chrome(),
        rows: payments
            .iter()
            .map(|p| ReceiptLine {
                id: p.id.to_string(),
                paid_at: tashkent(p.paid_at),
                what: format!("{} · {}", tariff_name(&p.tariff_code), period_name(t, p.period)),
                provider: p.provider.name().to_owned(),
                amount: money(p.amount),
            })
            .collect(),
    })
}

/// A receipt's title and rows, in the viewer's language.
fn receipt_rows(t: &Text, p: &Payment, business: &str, tariff: &str) -> (String, Vec<(String, String)>) {
    let id = p.id.to_string();
    let rows = [
        (t.billing.rc_number, id.clone()),
        (t.billing.rc_business, business.to_owned()),
        (t.billing.rc_tariff, format!("{tariff} · {}", period_name(t, p.period))),
        (
            t.billing.rc_period,
            fill(t.billing.rc_period_value, &[("from", &tashkent(p.period_from)), ("to", &tashkent(p.period_to))]),
        ),
        (t.billing.rc_provider, p.provider.name().to_owned()),
        (t.billing.rc_txn, p.provider_txn_id.clone()),
        (t.billing.rc_invoice, p.invoice_id.to_string()),
        (t.billing.rc_amount, money(p.amount)),
        (t.billing.rc_paid_at, tashkent(p.paid_at)),
    ];
    (fill(t.billing.rc_receipt, &[("n", &id)]), rows.into_iter().map(|(l, v)| (l.to_owned(), v)).collect())
}

/// `GET /subscription/receipts/{id}` (a page) and `…/{id}.pdf` (the same as
/// a PDF to download).
async fn receipt(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let (id, pdf) = match id.strip_suffix(".pdf") {
        Some(id) => (id, true),
        None => (id.as_str(), false),
    };
    let id = PaymentId::parse(id).ok_or(AppError::NotFound)?;
    let payment = state.db.payment(&v.owner.business_id, &id).await?;
    let tariff = state.db.tariff(&payment.tariff_code).await?;
    let t = v.t();
    let (title, rows) = receipt_rows(t, &payment, &v.owner.business_name, &tariff.name);
    if !pdf {
        return page(&ReceiptPage { c: v.chrome(), id: id.to_string(), title, rows });
    }
    let mut doc = web::pdf::Doc::new(&title);
    doc.text(t.chrome.site).gap(4.0).title(&title).rule();
    let pairs: Vec<(&str, &str)> = rows.iter().map(|(l, v)| (l.as_str(), v.as_str())).collect();
    doc.table(&pairs).rule().text(t.billing.rc_footer);
    let bytes = doc.finish().map_err(|e| AppError::Internal(e.to_string()))?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"receipt-{id}.pdf\""))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        bytes,
    )
        .into_response())
}
