//! The administrator's pages (`/admin`), server-rendered and usable without
//! JavaScript: sign-in, the forced new password, the business search, the
//! business card with its actions, the audit log.
//!
//! The session is its own cookie ([`ADMIN_COOKIE`], `Path=/admin`,
//! `SameSite=Strict`, HttpOnly): an owner's session opens no page here and an
//! administrator's opens no owner page.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::format::{money, tashkent};
use web::i18n::{Text, fill};
use web::pages::admin::{
    AdminAuditPage, AdminBusinessPage, AdminLoginPage, AdminPasswordPage, AdminSearchPage, AuditRow, BusinessRow,
    InvoiceRow, OwnerRow, PaymentRow,
};
use web::pages::{Chrome, FormError, Pager};

use super::store::{Admin, Query as Search};
use super::{Action, Actor, AdminError};
use crate::billing::invoices::{InvoiceStatus, Origin};
use crate::billing::lifecycle::{Period, Status};
use crate::http::error::{AppError, page};
use crate::http::{AppState, Client, Ui, cookie, with_cookie};
use crate::ids::BusinessId;
use crate::phone::Phone;

/// The administrator's session cookie.
pub const ADMIN_COOKIE: &str = "pos_admin";
/// Results per search page.
const PER_PAGE: i64 = 25;
/// Audit lines per page.
const AUDIT_PER_PAGE: i64 = 50;
/// Invoices and payments shown on a business card.
const CARD_ROWS: i64 = 50;

/// `pos_admin=…; Path=/admin; HttpOnly; SameSite=Strict` (Secure behind TLS);
/// `max_age_s == 0` deletes it.
#[must_use]
pub fn admin_cookie(value: &str, max_age_s: i64, secure: bool) -> String {
    format!(
        "{ADMIN_COOKIE}={value}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// Pages anyone may open: the administrator's sign-in and sign-out.
pub fn public_pages() -> Router<AppState> {
    Router::new().route("/admin/login", get(login_page).post(login)).route("/admin/logout", post(logout))
}

/// Pages of a signed-in administrator (see [`crate::http::layers::require_admin`]).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/admin", get(search))
        .route("/admin/password", get(password_page).post(new_password))
        .route("/admin/businesses/{id}", get(business))
        .route("/admin/businesses/{id}/suspend", post(suspend))
        .route("/admin/businesses/{id}/resume", post(resume))
        .route("/admin/businesses/{id}/reset-password", post(reset_password))
        .route("/admin/audit", get(audit))
}

/// The administrator the layer found, forced password change or not.
#[derive(Debug, Clone)]
pub struct AnyAdmin(pub Admin);

/// A signed-in administrator who may act (no temporary password pending);
/// one who must change it is sent to `/admin/password`.
#[derive(Debug, Clone)]
pub struct SignedAdmin(pub Admin);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for AnyAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Admin>()
            .cloned()
            .map(AnyAdmin)
            .ok_or_else(|| Redirect::to("/admin/login").into_response())
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SignedAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, s: &S) -> Result<Self, Self::Rejection> {
        let AnyAdmin(admin) = AnyAdmin::from_request_parts(parts, s).await?;
        if admin.must_change_password {
            return Err(Redirect::to("/admin/password").into_response());
        }
        Ok(SignedAdmin(admin))
    }
}

fn chrome(ui: &Ui, admin: Option<&Admin>) -> Chrome {
    let mut c = ui.chrome();
    c.admin = admin.map(|a| a.name.clone());
    c
}

/// The form page again with the error: 429 for the rate limit, else 400.
fn refused(ui: &Ui, e: AdminError, render: impl FnOnce(FormError) -> Result<Response, AppError>) -> Response {
    let Some(code) = e.code() else { return AppError::from(e).into_response() };
    let limit = matches!(&e, AdminError::Account(a) if a.is_limit());
    let status = if limit { axum::http::StatusCode::TOO_MANY_REQUESTS } else { axum::http::StatusCode::BAD_REQUEST };
    let values = if let AdminError::Account(a) = &e { a.values() } else { Vec::new() };
    match render(FormError::new(ui.t(), code, &values)) {
        Ok(mut r) => {
            *r.status_mut() = status;
            r
        }
        Err(e) => e.into_response(),
    }
}

async fn login_page(ui: Ui) -> Result<Response, AppError> {
    page(&AdminLoginPage { c: chrome(&ui, None), ..Default::default() })
}

#[derive(Debug, Deserialize)]
struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

async fn login(State(state): State<AppState>, ui: Ui, client: Client, Form(form): Form<LoginForm>) -> Response {
    match super::sign_in(&state, &form.login, &form.password, &client.addr).await {
        Ok(session) => {
            let target = if session.must_change_password { "/admin/password" } else { "/admin" };
            let max_age = super::SESSION_LIFETIME_MS / 1000;
            with_cookie(
                Redirect::to(target).into_response(),
                admin_cookie(&session.token, max_age, state.settings.cookies_secure()),
            )
        }
        Err(e) => refused(&ui, e, |error| {
            let login: String = form.login.chars().take(32).collect();
            page(&AdminLoginPage { c: chrome(&ui, None), login, error: Some(error) })
        }),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = cookie(&headers, ADMIN_COOKIE)
        && let Err(e) = super::sign_out(&state, &token).await
    {
        return AppError::from(e).into_response();
    }
    with_cookie(Redirect::to("/admin/login").into_response(), admin_cookie("", 0, state.settings.cookies_secure()))
}

async fn password_page(ui: Ui, AnyAdmin(admin): AnyAdmin) -> Result<Response, AppError> {
    page(&AdminPasswordPage { c: chrome(&ui, Some(&admin)), forced: admin.must_change_password, error: None })
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

async fn new_password(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    AnyAdmin(admin): AnyAdmin,
    Form(form): Form<PasswordForm>,
) -> Response {
    match super::change_password(&state, &admin, &form.password, &form.password_confirm, &client.addr).await {
        Ok(()) => Redirect::to("/admin").into_response(),
        Err(e) => refused(&ui, e, |error| {
            page(&AdminPasswordPage {
                c: chrome(&ui, Some(&admin)),
                forced: admin.must_change_password,
                error: Some(error),
            })
        }),
    }
}

/// The pager for `total` rows, linking to `path` with `params` kept.
fn pager(t: &Text, path: &str, params: &[(&str, &str)], page: i64, per_page: i64, total: i64) -> Pager {
    let pages = ((total + per_page - 1) / per_page).max(1);
    let link = |p: i64| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in params.iter().filter(|(_, v)| !v.is_empty()) {
            q.append_pair(k, v);
        }
        q.append_pair("page", &p.to_string());
        format!("{path}?{}", q.finish())
    };
    Pager {
        text: fill(
            t.chrome.page_of,
            &[("page", &page.to_string()), ("pages", &pages.to_string()), ("total", &total.to_string())],
        ),
        prev: (page > 1).then(|| link(page - 1)),
        next: (page < pages).then(|| link(page + 1)),
    }
}

fn status_name(t: &Text, status: Status) -> &'static str {
    match status {
        Status::Trial => t.billing.sub_trial,
        Status::Active => t.billing.sub_active,
        Status::Expired => t.billing.sub_expired,
        Status::Suspended => t.billing.sub_suspended,
    }
}

#[derive(Debug, Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<String>,
}

/// A page number from the query: 1 unless a positive number (capped).
fn page_number(text: Option<&str>) -> i64 {
    text.and_then(|p| p.trim().parse::<i64>().ok()).filter(|p| *p >= 1).map_or(1, |p| p.min(100_000))
}

/// What the search box holds: empty (everything), something that reads as a
/// phone (digits, `+`, spaces, dashes, brackets only), or a name.
fn parse_search(q: &str) -> Result<Search, AdminError> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Search::All);
    }
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'))
        && q.chars().filter(char::is_ascii_digit).count() >= 7;
    if phone_like {
        return Phone::parse(q).map(|p| Search::Phone(p.to_string())).map_err(|_| AdminError::BadPhone(q.to_owned()));
    }
    Ok(Search::Name(q.chars().take(100).collect::<String>().to_lowercase()))
}

async fn search(
    State(state): State<AppState>,
    ui: Ui,
    SignedAdmin(admin): SignedAdmin,
    Query(query): Query<SearchQuery>,
) -> Result<Response, AppError> {
    let t = ui.t();
    let q: String = query.q.chars().take(100).collect();
    let number = page_number(query.page.as_deref());
    let c = chrome(&ui, Some(&admin));
    let parsed = match parse_search(&q) {
        Ok(s) => s,
        Err(e) => {
            let error = e.code().map(|code| FormError::new(t, code, &[]));
            return page(&AdminSearchPage { c, q, error, ..Default::default() });
        }
    };
    let (hits, total) = state.db.search_businesses(&parsed, (number - 1) * PER_PAGE, PER_PAGE).await?;
    let now = crate::db::now_ms();
    let rows = hits
        .into_iter()
        .map(|h| {
            // A trial or paid time past its end reads as expired.
            let stored = h.state.at(now).status;
            BusinessRow {
                id: h.id,
                name: h.name,
                owner: h.owner,
                phone: h.phone,
                status_code: stored.code().to_owned(),
                status: status_name(t, stored).to_owned(),
                tariff: h.tariff,
                created: tashkent(h.created_at),
            }
        })
        .collect();
    let pager = pager(t, "/admin", &[("q", &q)], number, PER_PAGE, total);
    page(&AdminSearchPage { c, q, rows, pager, error: None })
}

fn business_id(id: &str) -> Result<BusinessId, AppError> {
    BusinessId::parse(id).ok_or(AppError::NotFound)
}

/// What a business card shows besides the data: an error, a notice, a
/// temporary password.
#[derive(Debug, Default)]
struct Flash {
    error: Option<FormError>,
    notice: Option<String>,
    temporary: Option<(String, String)>,
}

async fn card(state: &AppState, ui: &Ui, admin: &Admin, id: &BusinessId, flash: Flash) -> Result<Response, AppError> {
    let t = ui.t();
    let card = state.db.business_card(id).await?;
    let sub = state.db.subscription(id).await?;
    let now = crate::db::now_ms();
    let status = sub.status(now);
    let tariffs = state.db.tariffs().await?;
    let tariff_name =
        |code: &str| tariffs.iter().find(|x| x.code == code).map_or_else(|| code.to_owned(), |x| x.name.clone());
    let period = |p: Period| match p {
        Period::Month => t.admin.period_month,
        Period::Year => t.admin.period_year,
    };
    let invoices = state
        .db
        .invoices(id, CARD_ROWS)
        .await?
        .into_iter()
        .map(|i| InvoiceRow {
            id: i.id.to_string(),
            created: tashkent(i.created_at),
            tariff: i.tariff_name.clone(),
            period: period(i.period).to_owned(),
            amount: money(i.amount),
            status_code: i.status.code().to_owned(),
            status: match i.status {
                InvoiceStatus::Open => t.admin.inv_open,
                InvoiceStatus::Paid => t.admin.inv_paid,
                InvoiceStatus::Cancelled => t.admin.inv_cancelled,
            }
            .to_owned(),
            origin: match i.origin {
                Origin::Owner => t.admin.origin_owner,
                Origin::Operator => t.admin.origin_operator,
                Origin::Renewal => t.admin.origin_renewal,
            }
            .to_owned(),
        })
        .collect();
    let payments = state
        .db
        .payments(id, CARD_ROWS)
        .await?
        .into_iter()
        .map(|p| PaymentRow {
            id: p.id.to_string(),
            paid: tashkent(p.paid_at),
            provider: p.provider.name().to_owned(),
            txn: p.provider_txn_id.clone(),
            amount: money(p.amount),
            invoice_id: p.invoice_id.to_string(),
            covers: format!(
                "{} · {} – {}",
                tariff_name(&p.tariff_code),
                tashkent(p.period_from),
                tashkent(p.period_to)
            ),
        })
        .collect();
    page(&AdminBusinessPage {
        c: chrome(ui, Some(admin)),
        id: card.id.to_string(),
        name: card.name,
        created: tashkent(card.created_at),
        branches: card.branches,
        owners: card
            .owners
            .into_iter()
            .map(|o| OwnerRow {
                id: o.id,
                phone: o.phone,
                name: o.name,
                must_change: o.must_change_password,
                created: tashkent(o.created_at),
            })
            .collect(),
        tariff: sub.tariff_name.clone(),
        status_code: status.code().to_owned(),
        status: status_name(t, status).to_owned(),
        ends: tashkent(sub.ends_at()),
        reason: sub.suspended_reason.clone().filter(|_| status == Status::Suspended),
        suspended: status == Status::Suspended,
        invoices,
        payments,
        error: flash.error,
        notice: flash.notice,
        temporary: flash.temporary,
    })
}

async fn business(
    State(state): State<AppState>,
    ui: Ui,
    SignedAdmin(admin): SignedAdmin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = business_id(&id)?;
    card(&state, &ui, &admin, &id, Flash::default()).await
}

/// The card again after an action: the notice, or the refusal (400) shown on it.
async fn after(
    state: &AppState,
    ui: &Ui,
    admin: &Admin,
    id: &BusinessId,
    done: Result<Flash, AdminError>,
) -> Result<Response, AppError> {
    match done {
        Ok(flash) => card(state, ui, admin, id, flash).await,
        Err(AdminError::NoBusiness) => Err(AppError::NotFound),
        Err(e) => {
            let Some(code) = e.code() else { return Err(e.into()) };
            let flash = Flash { error: Some(FormError::new(ui.t(), code, &[])), ..Flash::default() };
            let mut res = card(state, ui, admin, id, flash).await?;
            *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(res)
        }
    }
}

#[derive(Debug, Deserialize)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn suspend(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    SignedAdmin(admin): SignedAdmin,
    Path(id): Path<String>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, AppError> {
    let id = business_id(&id)?;
    let done = super::suspend(&state, &id, &form.reason, &Actor::admin(&admin, &client.addr))
        .await
        .map(|()| Flash { notice: Some(ui.t().admin.suspended_notice.to_owned()), ..Flash::default() });
    after(&state, &ui, &admin, &id, done).await
}

async fn resume(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    SignedAdmin(admin): SignedAdmin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = business_id(&id)?;
    let done = super::resume(&state, &id, &Actor::admin(&admin, &client.addr))
        .await
        .map(|()| Flash { notice: Some(ui.t().admin.resumed_notice.to_owned()), ..Flash::default() });
    after(&state, &ui, &admin, &id, done).await
}

#[derive(Debug, Deserialize)]
struct ResetForm {
    #[serde(default)]
    owner: String,
}

/// Resets an owner's password and shows the temporary one, once, on the
/// answer itself (never in a redirect's URL or a cookie).
async fn reset_password(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    SignedAdmin(admin): SignedAdmin,
    Path(id): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    let id = business_id(&id)?;
    let done = super::reset_owner_password(&state, &id, form.owner.trim(), &Actor::admin(&admin, &client.addr))
        .await
        .map(|(phone, temporary)| Flash {
            temporary: Some((fill(ui.t().admin.temporary_password, &[("phone", &phone)]), temporary)),
            ..Flash::default()
        });
    after(&state, &ui, &admin, &id, done).await
}

#[derive(Debug, Deserialize)]
struct AuditQuery {
    #[serde(default)]
    business: String,
    #[serde(default)]
    page: Option<String>,
}

fn action_name(t: &Text, code: &str) -> String {
    let Some(action) = Action::from_code(code) else { return code.to_owned() };
    match action {
        Action::AddAdmin => t.admin.a_add_admin,
        Action::AddOwner => t.admin.a_add_owner,
        Action::Invoice => t.admin.a_invoice,
        Action::Suspend => t.admin.a_suspend,
        Action::Resume => t.admin.a_resume,
        Action::ResetPassword => t.admin.a_reset_password,
        Action::SetTariff => t.admin.a_set_tariff,
        Action::SignIn => t.admin.a_sign_in,
        Action::PasswordChanged => t.admin.a_password_changed,
        Action::CargoLedger => t.admin.a_cargo_ledger,
        Action::CargoClick => t.admin.a_cargo_click,
        Action::CargoContract => t.admin.a_cargo_contract,
        Action::CargoLegal => t.admin.a_cargo_legal,
    }
    .to_owned()
}

async fn audit(
    State(state): State<AppState>,
    ui: Ui,
    SignedAdmin(admin): SignedAdmin,
    Query(query): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let t = ui.t();
    let number = page_number(query.page.as_deref());
    let business = match query.business.trim() {
        "" => None,
        text => Some(business_id(text)?),
    };
    let title = match &business {
        Some(id) => fill(t.admin.audit_for, &[("business", &state.db.business_card(id).await?.name)]),
        None => t.admin.nav_audit.to_owned(),
    };
    let (entries, total) =
        state.db.audit_page(business.as_ref(), (number - 1) * AUDIT_PER_PAGE, AUDIT_PER_PAGE).await?;
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            at: tashkent(e.at),
            actor: if e.actor_kind == "cli" {
                format!("{} ({})", e.actor_login, t.admin.actor_cli)
            } else {
                e.actor_login.clone()
            },
            actor_kind: e.actor_kind,
            action: action_name(t, &e.action),
            action_code: e.action,
            business_id: e.business_id.unwrap_or_default(),
            business: e.business_name.unwrap_or_default(),
            detail: e.detail,
            addr: e.client_addr,
        })
        .collect();
    let filter = business.as_ref().map_or("", BusinessId::as_str);
    let pager = pager(t, "/admin/audit", &[("business", filter)], number, AUDIT_PER_PAGE, total);
    page(&AdminAuditPage { c: chrome(&ui, Some(&admin)), title, filtered: business.is_some(), rows, pager })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_reads_phones_and_names() {
        assert_eq!(parse_search("").ok(), Some(Search::All));
        assert_eq!(parse_search("+998 90 123-45-67").ok(), Some(Search::Phone("+998901234567".into())));
        assert_eq!(parse_search("901234567").ok(), Some(Search::Phone("+998901234567".into())));
        assert!(matches!(parse_search("+7 900 123 45 67"), Err(AdminError::BadPhone(_))));
        assert_eq!(parse_search("  Osh Markazi ").ok(), Some(Search::Name("osh markazi".into())));
        assert_eq!(parse_search("Kafe 24").ok(), Some(Search::Name("kafe 24".into())));
    }

    #[test]
    fn the_admin_cookie_stays_under_admin() {
        let c = admin_cookie("tok", 60, true);
        assert_eq!(c, "pos_admin=tok; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=60; Secure");
        assert!(!admin_cookie("tok", 60, false).contains("Secure"));
    }

    #[test]
    fn page_numbers_are_positive() {
        assert_eq!(page_number(None), 1);
        assert_eq!(page_number(Some("0")), 1);
        assert_eq!(page_number(Some("-3")), 1);
        assert_eq!(page_number(Some("x")), 1);
        assert_eq!(page_number(Some("7")), 7);
    }
}
