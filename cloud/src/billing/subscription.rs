//! Subscription (P10): the tariff in force, its end, the limits in use, the
//! saved card and auto-renewal, and the tariffs on offer with the payment
//! flow: "Tanlash" makes an invoice and sends the owner to the provider's
//! checkout; the provider sends them back to `/subscription?invoice={id}`,
//! which says "To'lov tekshirilmoqda..." until the provider's callback
//! settles the invoice, then shows the subscription active, without a
//! reload (the page's script polls the invoice's status) and without
//! JavaScript (the page refreshes itself while it waits).
//!
//! Paying stays open while the portal is read-only: it is how an owner gets
//! out of it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::{Deserialize, Serialize};
use web::format::{self, money, tashkent};
use web::i18n::{Text, fill};
use web::pages::{CardLine, PayChoice, PendingInvoice, SubscriptionPage, TariffCard};

use super::checkout::{self, CheckoutProvider};
use super::invoices::{Invoice, InvoiceStatus, Origin, Provider};
use super::lifecycle::{Access, Period, Status};
use super::store::{Subscription, Tariff};
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::http::layers::{ConnectSrc, FormAction};
use crate::ids::InvoiceId;
use crate::portal::Viewing;

/// The subscription page and its forms (owner pages group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/subscription", get(subscription))
        .route("/subscription/invoice", post(choose))
        .route("/subscription/auto-renew", post(auto_renew))
        .route("/subscription/invoices/{id}/status", get(invoice_status))
}

/// Whole days left until `ends_at`, counting a started day.
fn days_left(ends_at: i64, now: i64) -> i64 {
    ((ends_at - now).max(0) + format::DAY_MS - 1) / format::DAY_MS
}

/// A period's name ("1 oy").
fn period_name(t: &Text, period: Period) -> &'static str {
    match period {
        Period::Month => t.billing.sub_period_month,
        Period::Year => t.billing.sub_period_year,
    }
}

/// A status's name.
fn status_name(t: &Text, status: Status) -> &'static str {
    match status {
        Status::Trial => t.billing.sub_trial,
        Status::Active => t.billing.sub_active,
        Status::Expired => t.billing.sub_expired,
        Status::Suspended => t.billing.sub_suspended,
    }
}

/// A receipt's address.
pub(super) fn receipt_path(payment_id: &str) -> String {
    format!("/subscription/receipts/{payment_id}")
}

#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    /// The invoice the provider sent the owner back with.
    #[serde(default)]
    invoice: Option<String>,
    /// `1` after auto-renewal was saved.
    #[serde(default)]
    saved: String,
}

/// The invoice the owner is paying, as the page and the status endpoint
/// show it.
async fn pending(state: &AppState, v: &Viewing, invoice: &Invoice) -> Result<PendingInvoice, AppError> {
    let t = v.t();
    let (title, text, receipt) = match invoice.status {
        InvoiceStatus::Open => (
            t.billing.sub_checking,
            fill(
                t.billing.sub_checking_text,
                &[
                    ("tariff", &invoice.tariff_name),
                    ("period", period_name(t, invoice.period)),
                    ("amount", &money(invoice.amount)),
                ],
            ),
            None,
        ),
        InvoiceStatus::Paid => {
            let payment = state.db.payment_of_invoice(&invoice.id).await?;
            let until = payment.as_ref().map(|p| tashkent(p.period_to)).unwrap_or_default();
            (
                t.billing.sub_paid,
                fill(t.billing.sub_paid_text, &[("until", &until)]),
                payment.map(|p| receipt_path(p.id.as_str())),
            )
        }
        InvoiceStatus::Cancelled => (t.billing.sub_cancelled, t.billing.sub_cancelled_text.to_owned(), None),
    };
    Ok(PendingInvoice {
        id: invoice.id.to_string(),
        state: invoice.status.code().to_owned(),
        title: title.to_owned(),
        text,
        receipt,
    })
}

/// The business's own invoice named in a query or path; anything else
/// (malformed, unknown, another business's) is not found.
async fn own_invoice(state: &AppState, v: &Viewing, id: &str) -> Result<Invoice, AppError> {
    let id = InvoiceId::parse(id.trim()).ok_or(AppError::NotFound)?;
    Ok(state.db.business_invoice(&v.owner.business_id, &id).await?)
}

/// The providers an owner may choose, in order; the first usable one is
/// chosen by default.
fn pay_choices(state: &AppState, t: &Text) -> Vec<PayChoice> {
    let mut first = true;
    checkout::providers(&state.settings.billing)
        .iter()
        .map(|p| {
            let available = p.available();
            let checked = available && std::mem::take(&mut first);
            let note = match p.provider() {
                // No published protocol yet: "Tez kunda", never a fake success.
                Provider::Sello => t.billing.pay_soon,
                _ => t.billing.sub_unavailable,
            };
            PayChoice {
                code: p.provider().code().to_owned(),
                name: p.provider().name().to_owned(),
                available,
                note: if available { String::new() } else { note.to_owned() },
                checked,
            }
        })
        .collect()
}

fn tariff_card(t: &Text, x: &Tariff, current: &str) -> TariffCard {
    TariffCard {
        code: x.code.clone(),
        name: x.name.clone(),
        monthly: fill(t.billing.sub_month, &[("price", &money(x.price_monthly))]),
        yearly: fill(t.billing.sub_year, &[("price", &money(x.price_yearly))]),
        branches: fill(t.billing.sub_max_branches, &[("n", &x.max_branches.to_string())]),
        terminals: fill(t.billing.sub_max_terminals, &[("n", &x.max_terminals.to_string())]),
        features: t
            .billing
            .tariff_features
            .iter()
            .find(|(code, _)| *code == x.code)
            .map(|(_, f)| f.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default(),
        free: x.price_monthly <= 0 && x.price_yearly <= 0,
        current: x.code == current,
    }
}

/// The whole page, with the invoice being paid, a notice or an error.
async fn render(
    state: &AppState,
    v: &Viewing,
    invoice: Option<&Invoice>,
    notice: Option<String>,
    error: Option<String>,
) -> Result<SubscriptionPage, AppError> {
    let t = v.t();
    let business = &v.owner.business_id;
    let (sub, tariffs, auto_renew, card) = tokio::try_join!(
        state.db.subscription(business),
        state.db.tariffs(),
        state.db.auto_renew(business),
        state.db.saved_card(business)
    )?;
    let now = now_ms();
    let status = sub.status(now);
    let terminals: i64 = v.branches.iter().map(|b| b.active_terminals).sum();
    let pending = match invoice {
        Some(i) => Some(pending(state, v, i).await?),
        None => None,
    };
    let providers = pay_choices(state, t);
    Ok(SubscriptionPage {
        c: v.chrome(),
        tariff: sub.tariff_name.clone(),
        ends: tashkent(sub.ends_at()),
        days_left: days_left(sub.ends_at(), now).to_string(),
        status: status_name(t, status).to_owned(),
        status_code: status.code().to_owned(),
        access_note: match v.access {
            Access::ReadOnly if v.suspended => Some(t.billing.sub_suspended_note.to_owned()),
            Access::ReadOnly => Some(t.billing.sub_read_only.to_owned()),
            Access::Full | Access::Grace { .. } => None,
        },
        auto_renew,
        card: card.map(|k| CardLine {
            expiry: fill(t.billing.sub_card_expiry, &[("expiry", &k.expiry())]),
            brand: k.brand,
            last4: k.last4,
        }),
        branches: fill(
            t.branches.branches_usage,
            &[("used", &v.branches.len().to_string()), ("max", &sub.max_branches.to_string())],
        ),
        terminals: fill(
            t.branches.terminals_usage,
            &[("used", &terminals.to_string()), ("max", &sub.max_terminals.to_string())],
        ),
        tariffs: tariffs.iter().map(|x| tariff_card(t, x, &sub.tariff_code)).collect(),
        can_pay: providers.iter().any(|p| p.available),
        providers,
        pending,
        notice,
        error,
    })
}

/// `GET /subscription[?invoice={id}]`.
async fn subscription(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<PageQuery>,
) -> Result<Response, AppError> {
    let invoice = match q.invoice.as_deref() {
        Some(id) => Some(own_invoice(&state, &v, id).await?),
        None => None,
    };
    let notice = (q.saved == "1").then(|| v.t().billing.sub_saved.to_owned());
    Ok(with_checkouts(&state, page(&render(&state, &v, invoice.as_ref(), notice, None).await?)?))
}

/// Lets the page's "Tanlash" forms follow their redirect to the configured
/// providers' checkouts (the page's `form-action`).
fn with_checkouts(state: &AppState, mut res: Response) -> Response {
    let b = &state.settings.billing;
    let origins = checkout::providers(b)
        .iter()
        .filter(|p| p.available())
        .filter_map(|p| match p.provider() {
            Provider::Payme => ConnectSrc::of_url(&b.payme.checkout_url),
            Provider::Click => ConnectSrc::of_url(&b.click.pay_url),
            _ => None,
        })
        .collect();
    res.extensions_mut().insert(FormAction(origins));
    res
}

/// The page again with an error, `400`.
async fn refused(state: &AppState, v: &Viewing, message: &str) -> Result<Response, AppError> {
    let mut res = with_checkouts(state, page(&render(state, v, None, None, Some(message.to_owned())).await?)?);
    *res.status_mut() = StatusCode::BAD_REQUEST;
    Ok(res)
}

/// "Tanlash" as posted.
#[derive(Debug, Default, Deserialize)]
struct ChooseForm {
    #[serde(default)]
    tariff: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    provider: String,
}

/// What is wrong with a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChoiceError {
    /// No such tariff, or a free one.
    Tariff,
    /// Not `month` or `year`.
    Period,
    /// No such provider, or not usable now.
    Provider,
}

impl ChoiceError {
    fn message(self, t: &Text) -> &'static str {
        match self {
            ChoiceError::Tariff => t.billing.e_tariff,
            ChoiceError::Period => t.billing.e_period,
            ChoiceError::Provider => t.billing.e_provider,
        }
    }
}

/// A choice that can be paid: a priced tariff, a period, a usable provider.
struct Choice<'a> {
    tariff: Tariff,
    period: Period,
    provider: Box<dyn CheckoutProvider + 'a>,
}

/// Parses the form against the tariffs on offer and the providers
/// configured, in the order the owner reads them.
fn parse_choice<'a>(
    form: &ChooseForm,
    tariff: Option<Tariff>,
    providers: impl FnOnce(&str) -> Option<Box<dyn CheckoutProvider + 'a>>,
) -> Result<Choice<'a>, ChoiceError> {
    let tariff = tariff.ok_or(ChoiceError::Tariff)?;
    let period = Period::from_code(form.period.trim()).ok_or(ChoiceError::Period)?;
    if tariff.price(period) <= 0 {
        return Err(ChoiceError::Tariff);
    }
    let provider = providers(form.provider.trim()).filter(|p| p.available()).ok_or(ChoiceError::Provider)?;
    Ok(Choice { tariff, period, provider })
}

/// `POST /subscription/invoice`: one open invoice at today's price, then
/// `303` to the provider's checkout, which sends the owner back to
/// `/subscription?invoice={id}`. A bad choice creates nothing.
async fn choose(State(state): State<AppState>, v: Viewing, Form(form): Form<ChooseForm>) -> Result<Response, AppError> {
    let code = form.tariff.trim();
    let tariff = if code.is_empty() || code.len() > 64 {
        None
    } else {
        match state.db.tariff(code).await {
            Ok(t) => Some(t),
            Err(DbError::NotFound) => None,
            Err(e) => return Err(e.into()),
        }
    };
    let settings = &state.settings.billing;
    let choice = match parse_choice(&form, tariff, |code| checkout::provider(settings, code)) {
        Ok(c) => c,
        Err(e) => return refused(&state, &v, e.message(v.t())).await,
    };
    let now = now_ms();
    let invoice =
        state.db.create_invoice(&v.owner.business_id, &choice.tariff, choice.period, Origin::Owner, now).await?;
    let return_url = format!("{}/subscription?invoice={}", state.settings.public_url(), invoice.id);
    let url = choice.provider.checkout_url(&invoice, &return_url).map_err(|e| AppError::Internal(e.to_string()))?;
    tracing::info!(
        invoice.id = %invoice.id,
        business.id = %v.owner.business_id,
        tariff = %invoice.tariff_code,
        period = invoice.period.code(),
        provider = choice.provider.provider().code(),
        amount = invoice.amount,
        "invoice created, owner sent to checkout"
    );
    Ok(Redirect::to(&url).into_response())
}

/// The auto-renewal switch as posted (a checkbox: present means on).
#[derive(Debug, Default, Deserialize)]
struct AutoRenewForm {
    #[serde(default)]
    auto_renew: Option<String>,
}

/// `POST /subscription/auto-renew` ("Saqlash"): on needs a saved card.
async fn auto_renew(
    State(state): State<AppState>,
    v: Viewing,
    Form(form): Form<AutoRenewForm>,
) -> Result<Response, AppError> {
    let on = form.auto_renew.is_some();
    if !state.db.set_auto_renew(&v.owner.business_id, on).await? {
        return refused(&state, &v, v.t().billing.sub_needs_card).await;
    }
    tracing::info!(business.id = %v.owner.business_id, auto_renew = on, "auto-renewal saved");
    Ok(Redirect::to("/subscription?saved=1").into_response())
}

/// The subscription as the status endpoint reports it.
#[derive(Debug, Serialize)]
struct SubscriptionJson {
    /// `trial`, `active`, `expired`, `suspended`.
    status: &'static str,
    /// Its name in the viewer's language.
    status_name: &'static str,
    /// The tariff's name.
    tariff: String,
    /// Its code (the page marks that card current).
    tariff_code: String,
    /// The end date, Tashkent.
    ends: String,
    /// Whole days left.
    days_left: i64,
}

/// `GET /subscription/invoices/{id}/status`.
#[derive(Debug, Serialize)]
struct StatusJson {
    /// The invoice.
    invoice: String,
    /// `open`, `paid`, `cancelled`.
    status: String,
    /// The block's heading and text, in the viewer's language.
    title: String,
    text: String,
    /// The receipt's address once paid.
    receipt: Option<String>,
    /// The subscription now.
    subscription: SubscriptionJson,
}

fn subscription_json(t: &Text, sub: &Subscription, now: i64) -> SubscriptionJson {
    let status = sub.status(now);
    SubscriptionJson {
        status: status.code(),
        status_name: status_name(t, status),
        tariff: sub.tariff_name.clone(),
        tariff_code: sub.tariff_code.clone(),
        ends: tashkent(sub.ends_at()),
        days_left: days_left(sub.ends_at(), now),
    }
}

/// `GET /subscription/invoices/{id}/status`: the page's script polls it
/// while the provider confirms. Another business's invoice is not found.
async fn invoice_status(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let invoice = own_invoice(&state, &v, &id).await?;
    let shown = pending(&state, &v, &invoice).await?;
    let sub = state.db.subscription(&v.owner.business_id).await?;
    let body = StatusJson {
        invoice: shown.id,
        status: shown.state,
        title: shown.title,
        text: shown.text,
        receipt: shown.receipt,
        subscription: subscription_json(v.t(), &sub, now_ms()),
    };
    let mut res = Json(body).into_response();
    res.headers_mut().insert(axum::http::header::CACHE_CONTROL, axum::http::HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;
    use crate::billing::settings::BillingSettings;
    use crate::settings::Secret;

    #[test]
    fn days_left_counts_a_started_day() {
        assert_eq!(days_left(1_000, 2_000), 0);
        assert_eq!(days_left(format::DAY_MS, 0), 1);
        assert_eq!(days_left(format::DAY_MS + 1, 0), 2);
    }

    fn biznes() -> Tariff {
        Tariff {
            code: "biznes".into(),
            name: "Biznes".into(),
            price_monthly: 29_900_000,
            price_yearly: 299_000_000,
            ..Tariff::default()
        }
    }

    fn form(period: &str, provider: &str) -> ChooseForm {
        ChooseForm { tariff: "biznes".into(), period: period.into(), provider: provider.into() }
    }

    #[test]
    fn a_choice_needs_a_priced_tariff_a_period_and_a_usable_provider() {
        let mut s = BillingSettings::default();
        s.payme.merchant_id = "m".into();
        s.payme.key = Secret::new("k");
        let pick = |code: &str| checkout::provider(&s, code);
        let ok = parse_choice(&form("year", "payme"), Some(biznes()), pick).ok().unwrap();
        assert_eq!(
            (ok.tariff.code.as_str(), ok.period, ok.provider.provider()),
            ("biznes", Period::Year, Provider::Payme)
        );
        let cases = [
            (form("month", "payme"), None, ChoiceError::Tariff),
            (form("week", "payme"), Some(biznes()), ChoiceError::Period),
            (form("", "payme"), Some(biznes()), ChoiceError::Period),
            (form("month", "click"), Some(biznes()), ChoiceError::Provider),
            (form("month", "sello"), Some(biznes()), ChoiceError::Provider),
            (form("month", "atmos"), Some(biznes()), ChoiceError::Provider),
            (form("month", ""), Some(biznes()), ChoiceError::Provider),
            (form("month", "payme"), Some(Tariff { price_monthly: 0, ..biznes() }), ChoiceError::Tariff),
        ];
        for (i, (f, tariff, want)) in cases.into_iter().enumerate() {
            let got = parse_choice(&f, tariff, |code| checkout::provider(&s, code)).err();
            assert_eq!(got, Some(want), "case {i}");
        }
    }
}
