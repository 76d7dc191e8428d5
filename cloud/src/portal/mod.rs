//! # Layout
//! The owner portal's pages over synced data (P3–P8, P12, P13), one file per
//! page, and the branch selector that filters every one of them:
//! - [`dashboard`]: KPIs, charts, the orders / employees / products tabs.
//! - [`orders`], [`products`], [`employees`], [`transactions`], [`profile`].
//! - [`store`]: every query the portal reads, and the definitions of its
//!   figures (what counts as revenue, profit, an order).
//!
//! This file holds what several pages share: [`Viewing`] (the signed-in
//! owner, their branches and the selector's scope), list rows, the pager.

pub mod dashboard;
pub mod employees;
pub mod orders;
pub mod products;
pub mod profile;
pub mod store;
pub mod transactions;

use crate::billing::lifecycle::{Access, Status};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::format::{money, tashkent};
use web::i18n::{Text, fill};
use web::pages::{BranchOption, Choice, Chrome, EmployeeLine, OrderLine, Pager, PaymentLine};

use crate::accounts::store::Owner;
use crate::branches::store::Branch;
use crate::http::AppState;
use crate::http::error::AppError;
use crate::http::{SignedIn, Ui, YEAR_S, with_cookie};
use crate::portal::store::{EmployeeFigures, EmployeeRow, OrderRow, PaymentRow, Scope};

/// The cookie remembering the branch selector's choice.
pub const BRANCH_COOKIE: &str = "branch";

/// Orders and payments per page.
pub(crate) const PAGE_ROWS: i64 = 50;
/// Product cards per page.
const PAGE_CARDS: i64 = 48;
/// Rows of the dashboard's recent orders and bars of its product charts.
const TOP: usize = 10;
/// The longest range the dashboard accepts, in days.
const MAX_RANGE_DAYS: i64 = 366;

/// The portal's pages (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::dashboard))
        .route("/branch", post(select_branch))
        .route("/orders", get(orders::orders))
        .route("/orders/{id}", get(orders::order))
        .route("/products", get(products::products))
        .route("/employees", get(employees::employees))
        .route("/employees/{id}", get(employees::employee))
        .route("/transactions", get(transactions::transactions))
        .route("/transactions/{id}", get(transactions::transaction))
        .route("/profile", get(profile::profile))
        .route("/profile/telegram/link", post(profile::link_telegram))
        .route("/profile/telegram/unlink", post(profile::unlink_telegram))
        .route("/profile/telegram/prefs", post(profile::telegram_prefs))
}

/// A signed-in owner looking at the portal: their branches, and the scope
/// the branch selector chose (a remembered id that is not theirs any more
/// counts as "all branches").
#[derive(Debug, Clone)]
pub struct Viewing {
    /// The owner.
    pub owner: Owner,
    /// Language, CSRF token, path.
    pub ui: Ui,
    /// Their branches.
    pub branches: Vec<Branch>,
    /// What pages show.
    pub scope: Scope,
    /// What the subscription allows now.
    pub access: Access,
    /// Suspended by an administrator (the banner says so).
    pub suspended: bool,
}

impl Viewing {
    /// Refuses a change while the portal is read-only (the subscription
    /// ended past its grace period, or is suspended). Paying, the profile
    /// and unpairing a terminal stay open.
    ///
    /// # Errors
    /// [`AppError::Refused`] with [`ErrorCode::ReadOnly`](web::i18n::ErrorCode::ReadOnly).
    pub fn writable(&self) -> Result<(), AppError> {
        if self.access == Access::ReadOnly {
            return Err(AppError::Refused { code: web::i18n::ErrorCode::ReadOnly, values: Vec::new() });
        }
        Ok(())
    }

    /// The catalog.
    #[must_use]
    pub fn t(&self) -> &'static Text {
        self.ui.t()
    }

    /// The layout with the menu and the branch selector.
    #[must_use]
    pub fn chrome(&self) -> Chrome {
        let mut c = self.ui.chrome_for(&self.owner);
        let t = self.t();
        c.banner = match self.access {
            Access::Full => None,
            Access::Grace { read_only_at } => {
                Some(web::i18n::fill(t.billing.banner_grace, &[("date", &web::format::tashkent(read_only_at))]))
            }
            Access::ReadOnly if self.suspended => Some(t.billing.banner_suspended.to_owned()),
            Access::ReadOnly => Some(t.billing.banner_read_only.to_owned()),
        };
        c.branches = self
            .branches
            .iter()
            .map(|b| BranchOption {
                id: b.id.to_string(),
                name: b.name.clone(),
                selected: self.scope.branch_id.as_deref() == Some(b.id.as_str()),
            })
            .collect();
        c
    }
}

impl FromRequestParts<AppState> for Viewing {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedIn(owner) = SignedIn::from_request_parts(parts, state).await?;
        let Ok(ui) = Ui::from_request_parts(parts, state).await;
        let branches = state.db.branches(&owner.business_id).await.map_err(|e| AppError::from(e).into_response())?;
        let chosen = ui
            .read_cookie(&parts.headers, BRANCH_COOKIE)
            .and_then(|id| branches.iter().find(|b| b.id == id).map(|b| b.id.clone()));
        let scope = Scope { business_id: owner.business_id.clone(), branch_id: chosen };
        let sub = state.db.subscription(&owner.business_id).await.map_err(|e| AppError::from(e).into_response())?;
        let now = crate::db::now_ms();
        let access = sub.access(now, state.settings.billing.grace_ms());
        let suspended = sub.status(now) == Status::Suspended;
        Ok(Viewing { owner, ui, branches, scope, access, suspended })
    }
}

#[derive(Debug, Deserialize)]
struct BranchForm {
    #[serde(default)]
    branch: String,
    #[serde(default)]
    back: String,
}

/// The branch selector: remembered in a cookie for a year. Another
/// business's branch is not found.
async fn select_branch(State(state): State<AppState>, v: Viewing, Form(form): Form<BranchForm>) -> Response {
    let secure = state.settings.cookies_secure();
    let back = crate::accounts::pages::local_path(&form.back).to_owned();
    let value = form.branch.trim();
    if value.is_empty() {
        let res = Redirect::to(&back).into_response();
        return with_cookie(res, v.ui.cookie(BRANCH_COOKIE, "", 0, secure));
    }
    if !v.branches.iter().any(|b| b.id == value) {
        return AppError::NotFound.into_response();
    }
    with_cookie(Redirect::to(&back).into_response(), v.ui.cookie(BRANCH_COOKIE, value, YEAR_S, secure))
}

/// `2-015`: the short number of the terminal that made the order, then its
/// own count of the day; `#015` while the terminal's number is unknown.
fn number(short: Option<i64>, n: i64) -> String {
    match short {
        Some(s) => format!("{s}-{n:03}"),
        None => format!("#{n:03}"),
    }
}

/// What an order search means: `15`, `#015`, or `2-015` (terminal 2's 15th).
fn number_search(text: &str) -> (Option<i64>, Option<i64>) {
    let text = text.trim().trim_start_matches('#').trim();
    if text.is_empty() {
        return (None, None);
    }
    // Not a number matches nothing rather than everything.
    let parse = |t: &str| t.trim().parse::<i64>().ok().filter(|n| *n >= 0).unwrap_or(i64::MAX);
    match text.split_once('-') {
        Some((short, n)) => (Some(parse(short)), Some(parse(n))),
        None => (None, Some(parse(text))),
    }
}

fn order_line(o: &OrderRow) -> OrderLine {
    OrderLine {
        id: o.id.clone(),
        number: number(o.terminal_short, o.number),
        date: tashkent(o.created_at),
        place: o.place.clone(),
        employee: o.employee.clone(),
        branch: o.branch.clone(),
        total: money(o.total),
        status: o.status,
    }
}

fn payment_line(p: &PaymentRow) -> PaymentLine {
    PaymentLine {
        id: p.id.clone(),
        method: p.method,
        date: tashkent(p.created_at),
        amount: money(p.amount),
        status: p.status,
        employee: p.employee.clone(),
        branch: p.branch.clone(),
        order_id: p.order_id.clone(),
        order_number: p.order_number.map(|n| number(p.order_short, n)).unwrap_or_default(),
    }
}

fn employee_line(f: &EmployeeFigures, active: bool, branch: &str) -> EmployeeLine {
    EmployeeLine {
        id: f.id.clone(),
        name: if f.name.is_empty() { f.id.chars().take(8).collect() } else { f.name.clone() },
        role: f.role,
        active,
        branch: branch.to_owned(),
        orders: f.orders.to_string(),
        revenue: money(f.revenue),
        average: money(f.average_order()),
    }
}

fn employee_row_line(e: &EmployeeRow) -> EmployeeLine {
    let mut f = e.figures.clone();
    f.id.clone_from(&e.id);
    f.name = format!("{} {}", e.first_name, e.last_name).trim().to_owned();
    f.role.clone_from(&e.role);
    employee_line(&f, e.active, &e.branch)
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    page: Option<String>,
}

impl ListQuery {
    fn page(&self) -> i64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse::<i64>().ok())
            .filter(|p| (1..=1_000_000).contains(p))
            .unwrap_or(1)
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

fn choices(all: &str, options: &[(&str, &str)], selected: &str) -> Vec<Choice> {
    std::iter::once(("", all))
        .chain(options.iter().copied())
        .map(|(code, label)| Choice { code: code.into(), label: label.into(), selected: code == selected })
        .collect()
}
