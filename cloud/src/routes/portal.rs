//! The owner portal's pages (P3–P8, P10, P12, P13): dashboard, orders,
//! products, employees, transactions, subscription, profile, and the branch
//! selector that filters every one of them.
//!
//! Figures follow the definitions in [`crate::db::portal`].

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::charts::{self, Bar, ChartText};
use web::format::{self, money, tashkent};
use web::i18n::{Text, fill};
use web::pages::{
    BranchOption, Choice, Chrome, DashboardPage, EmployeeLine, EmployeePage, EmployeesPage, Kpi, OrderLine, OrderPage,
    OrdersPage, Pager, PaymentLine, ProductCard, ProductsPage, ProfilePage, SubscriptionPage, TariffCard,
    TransactionPage, TransactionsPage,
};

use super::{SignedIn, Ui, YEAR_S, cookie, form_error, set_cookie, with_cookie};
use crate::app::AppState;
use crate::db::accounts::Owner;
use crate::db::branches::Branch;
use crate::db::now_ms;
use crate::db::portal::{
    EmployeeFigures, EmployeeRow, Kpis, OrderFilter, OrderRow, PaymentFilter, PaymentRow, Period, Scope,
};
use crate::error::{AppError, page};

/// The cookie remembering the branch selector's choice.
pub const BRANCH_COOKIE: &str = "branch";

/// Orders and payments per page.
const PAGE_ROWS: i64 = 50;
/// Product cards per page.
const PAGE_CARDS: i64 = 48;
/// Rows of the dashboard's recent orders and bars of its product charts.
const TOP: usize = 10;
/// The longest range the dashboard accepts, in days.
const MAX_RANGE_DAYS: i64 = 366;

/// The routes of this module.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard))
        .route("/branch", post(select_branch))
        .route("/orders", get(orders))
        .route("/orders/{id}", get(order))
        .route("/products", get(products))
        .route("/employees", get(employees))
        .route("/employees/{id}", get(employee))
        .route("/transactions", get(transactions))
        .route("/transactions/{id}", get(transaction))
        .route("/subscription", get(subscription))
        .route("/profile", get(profile))
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
}

impl Viewing {
    /// The catalog.
    #[must_use]
    pub fn t(&self) -> &'static Text {
        self.ui.t()
    }

    /// The layout with the menu and the branch selector.
    #[must_use]
    pub fn chrome(&self) -> Chrome {
        let mut c = self.ui.chrome_for(&self.owner);
        c.branches = self
            .branches
            .iter()
            .map(|b| BranchOption {
                id: b.id.clone(),
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
        let chosen = cookie(&parts.headers, BRANCH_COOKIE).filter(|id| branches.iter().any(|b| &b.id == id));
        let scope = Scope { business_id: owner.business_id.clone(), branch_id: chosen };
        Ok(Viewing { owner, ui, branches, scope })
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
    let back = super::auth::local_path(&form.back).to_owned();
    let value = form.branch.trim();
    if value.is_empty() {
        let res = Redirect::to(&back).into_response();
        return with_cookie(res, set_cookie(BRANCH_COOKIE, "", 0, secure));
    }
    if !v.branches.iter().any(|b| b.id == value) {
        return AppError::NotFound.into_response();
    }
    with_cookie(Redirect::to(&back).into_response(), set_cookie(BRANCH_COOKIE, value, YEAR_S, secure))
}

/// `#001`.
fn number(n: i64) -> String {
    format!("#{n:03}")
}

fn order_line(t: &Text, o: &OrderRow) -> OrderLine {
    OrderLine {
        id: o.id.clone(),
        number: number(o.number),
        date: tashkent(o.created_at),
        place: o.place.clone(),
        employee: o.employee.clone(),
        branch: o.branch.clone(),
        total: money(o.total),
        status: o.status.clone(),
        status_label: t.order_status(&o.status).to_owned(),
    }
}

fn payment_line(t: &Text, p: &PaymentRow) -> PaymentLine {
    PaymentLine {
        id: p.id.clone(),
        method: p.method.clone(),
        method_label: t.payment_method(&p.method).to_owned(),
        date: tashkent(p.created_at),
        amount: money(p.amount),
        status: p.status.clone(),
        status_label: t.payment_status(&p.status).to_owned(),
        employee: p.employee.clone(),
        branch: p.branch.clone(),
        order_id: p.order_id.clone(),
        order_number: p.order_number.map(number).unwrap_or_default(),
    }
}

fn employee_line(t: &Text, f: &EmployeeFigures, active: bool, branch: &str) -> EmployeeLine {
    EmployeeLine {
        id: f.id.clone(),
        name: if f.name.is_empty() { f.id.chars().take(8).collect() } else { f.name.clone() },
        role: t.role(&f.role).to_owned(),
        active,
        branch: branch.to_owned(),
        orders: f.orders.to_string(),
        revenue: money(f.revenue),
        average: money(f.average_order()),
    }
}

fn employee_row_line(t: &Text, e: &EmployeeRow) -> EmployeeLine {
    let mut f = e.figures.clone();
    f.id.clone_from(&e.id);
    f.name = format!("{} {}", e.first_name, e.last_name).trim().to_owned();
    f.role.clone_from(&e.role);
    employee_line(t, &f, e.active, &e.branch)
}

// ---------------------------------------------------------------- dashboard

#[derive(Debug, Default, Deserialize)]
struct RangeQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    tab: String,
}

/// The period of the query, or the last 7 days (today included) in
/// Tashkent; `Err` carries that default when the query's range is invalid.
fn range(q: &RangeQuery, now: i64) -> Result<(i64, i64), (i64, i64)> {
    let today = format::tashkent_day(now);
    let default = (today - 6, today);
    if q.from.is_empty() && q.to.is_empty() {
        return Ok(default);
    }
    match (format::parse_iso_date(&q.from), format::parse_iso_date(&q.to)) {
        (Some(from), Some(to)) if from <= to && to - from < MAX_RANGE_DAYS => Ok((from, to)),
        _ => Err(default),
    }
}

fn kpi(t: &Text, key: &str, label: &str, now: i64, before: i64, value: String) -> Kpi {
    let (change, trend) = match format::change(now, before) {
        Some(c) => {
            let trend = match now.cmp(&before) {
                std::cmp::Ordering::Greater => "up",
                std::cmp::Ordering::Less => "down",
                std::cmp::Ordering::Equal => "flat",
            };
            (fill(t.vs_previous, &[("change", &c)]), trend)
        }
        None => (t.no_previous.to_owned(), "none"),
    };
    Kpi { key: key.into(), label: label.into(), value, change, trend: trend.into(), parts: Vec::new() }
}

async fn dashboard(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<RangeQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let (ok, (from_day, to_day)) = match range(&q, now_ms()) {
        Ok(r) => (true, r),
        Err(r) => (false, r),
    };
    let period = Period { from_ms: format::tashkent_midnight(from_day), to_ms: format::tashkent_midnight(to_day + 1) };
    let len = period.to_ms - period.from_ms;
    let previous = Period { from_ms: period.from_ms - len, to_ms: period.from_ms };
    let tab = match q.tab.as_str() {
        "employees" | "products" => q.tab.clone(),
        _ => "orders".to_owned(),
    };
    let (now, before) = tokio::try_join!(state.db.kpis(&v.scope, period), state.db.kpis(&v.scope, previous))?;
    let mut kpis = vec![
        kpi(t, "revenue", t.kpi_revenue, now.revenue, before.revenue, money(now.revenue)),
        kpi(t, "profit", t.kpi_profit, now.total_profit(), before.total_profit(), money(now.total_profit())),
        kpi(t, "orders", t.kpi_orders, now.orders, before.orders, now.orders.to_string()),
    ];
    if let Some(profit) = kpis.get_mut(1) {
        profit.parts = profit_parts(t, &now);
    }
    let mut page_ = DashboardPage {
        c: v.chrome(),
        from: format::iso_date(from_day),
        to: format::iso_date(to_day),
        period: fill(t.period_line, &[("from", &format::date(from_day)), ("to", &format::date(to_day))]),
        error: (!ok).then(|| form_error(t, "range", &[])),
        kpis,
        ..DashboardPage::default()
    };
    match tab.as_str() {
        "orders" => {
            let (hours, products, recent) = tokio::try_join!(
                state.db.orders_by_hour(&v.scope, period),
                state.db.product_figures(&v.scope, Some(period)),
                state.db.recent_orders(&v.scope, period, TOP as i64),
            )?;
            page_.hours_chart = hours_chart(t, &hours);
            page_.best_chart = best_chart(t, &products);
            page_.orders = recent.iter().map(|o| order_line(t, o)).collect();
        }
        "employees" => {
            let figures = state.db.employee_figures(&v.scope, Some(period)).await?;
            page_.employees = figures.iter().map(|f| employee_line(t, f, true, "")).collect();
        }
        _ => {
            let products = state.db.product_figures(&v.scope, Some(period)).await?;
            page_.best_chart = best_chart(t, &products);
            page_.category_chart = category_chart(t, &products);
            page_.revenue_chart = revenue_chart(t, &products);
        }
    }
    page_.tab = tab;
    let mut res = page(&page_)?;
    if !ok {
        *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
    }
    Ok(res)
}

fn profit_parts(t: &Text, k: &Kpis) -> Vec<(String, String)> {
    vec![
        (t.kpi_product_profit.to_owned(), money(k.product_profit)),
        (t.kpi_service.to_owned(), money(k.service_charge)),
        (t.kpi_total_profit.to_owned(), money(k.total_profit())),
    ]
}

fn hours_chart(t: &Text, hours: &[i64; 24]) -> String {
    let bars: Vec<Bar> = hours
        .iter()
        .enumerate()
        .map(|(h, n)| {
            let label = format!("{}–{}", format::hour(h), format::hour((h + 1) % 24));
            Bar::new(label, *n, fill(t.n_orders, &[("n", &n.to_string())])).with_tick(format!("{h:02}"))
        })
        .collect();
    let total: i64 = hours.iter().sum();
    let desc = match charts::peak(&bars) {
        Some(p) if total > 0 => fill(
            t.orders_by_hour_desc,
            &[("total", &total.to_string()), ("peak", &p.label), ("n", &p.value.to_string())],
        ),
        _ => t.no_data.to_owned(),
    };
    charts::columns(&ChartText { id: "hours", title: t.orders_by_hour, desc: &desc, empty: t.no_data }, &bars)
}

fn product_name(p: &crate::db::portal::ProductFigures) -> String {
    if p.name.is_empty() { p.id.chars().take(8).collect() } else { p.name.clone() }
}

fn describe(t: &Text, bars: &[Bar]) -> String {
    match bars.first() {
        Some(top) => fill(
            t.chart_desc,
            &[("n", &bars.len().to_string()), ("top", &format!("{} ({})", top.label, top.value_text))],
        ),
        None => t.no_data.to_owned(),
    }
}

fn best_chart(t: &Text, products: &[crate::db::portal::ProductFigures]) -> String {
    let mut by_qty: Vec<_> = products.iter().filter(|p| p.qty_milli > 0).collect();
    by_qty.sort_by(|a, b| b.qty_milli.cmp(&a.qty_milli).then_with(|| a.name.cmp(&b.name)));
    let bars: Vec<Bar> =
        by_qty.iter().take(TOP).map(|p| Bar::new(product_name(p), p.qty_milli, format::qty(p.qty_milli))).collect();
    let desc = describe(t, &bars);
    charts::bars(&ChartText { id: "best", title: t.best_sellers, desc: &desc, empty: t.no_data }, &bars)
}

fn revenue_chart(t: &Text, products: &[crate::db::portal::ProductFigures]) -> String {
    let bars: Vec<Bar> = products
        .iter()
        .filter(|p| p.revenue > 0)
        .take(TOP)
        .map(|p| Bar::new(product_name(p), p.revenue, money(p.revenue)))
        .collect();
    let desc = describe(t, &bars);
    charts::bars(&ChartText { id: "revenue", title: t.revenue_by_product, desc: &desc, empty: t.no_data }, &bars)
}

fn category_chart(t: &Text, products: &[crate::db::portal::ProductFigures]) -> String {
    let mut by_cat: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for p in products {
        *by_cat.entry(if p.category.is_empty() { "—".to_owned() } else { p.category.clone() }).or_default() +=
            p.revenue;
    }
    let mut parts: Vec<(String, i64)> = by_cat.into_iter().filter(|(_, r)| *r > 0).collect();
    parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // Eight colours: the seven largest categories, then the rest together.
    if parts.len() > 8 {
        let rest: i64 = parts.iter().skip(7).map(|(_, r)| r).sum();
        parts.truncate(7);
        parts.push((t.other.to_owned(), rest));
    }
    let bars: Vec<Bar> = parts.into_iter().map(|(c, r)| Bar::new(c, r, money(r))).collect();
    let desc = describe(t, &bars);
    charts::shares(&ChartText { id: "categories", title: t.by_category, desc: &desc, empty: t.no_data }, &bars)
}

// ---------------------------------------------------------------- lists

#[derive(Debug, Default, Deserialize)]
struct ListQuery {
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
            t.page_of,
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

async fn orders(State(state): State<AppState>, v: Viewing, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let t = v.t();
    let statuses = ["open", "confirmed", "completed", "cancelled"];
    let status = if statuses.contains(&q.status.as_str()) { q.status.clone() } else { String::new() };
    let search = q.q.trim().trim_start_matches('#').trim().to_owned();
    // A search that is not a number matches nothing rather than everything.
    let number =
        if search.is_empty() { None } else { Some(search.parse::<i64>().ok().filter(|n| *n >= 0).unwrap_or(i64::MAX)) };
    let page_no = q.page();
    let filter = OrderFilter { status: status.clone(), number, period: None };
    let found = state.db.orders_page(&v.scope, &filter, (page_no - 1) * PAGE_ROWS, PAGE_ROWS).await?;
    let options: Vec<(&str, &str)> = statuses.iter().map(|s| (*s, t.order_status(s))).collect();
    page(&OrdersPage {
        c: v.chrome(),
        q: q.q.chars().take(30).collect(),
        statuses: choices(t.all_statuses, &options, &status),
        orders: found.rows.iter().map(|o| order_line(t, o)).collect(),
        pager: pager(t, "/orders", &[("q", &search), ("status", &status)], page_no, PAGE_ROWS, found.total),
    })
}

async fn order(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let t = v.t();
    let (o, items, payments) = state.db.order_detail(&v.scope, &id).await?;
    page(&OrderPage {
        c: v.chrome(),
        order: order_line(t, &o),
        closed: o.closed_at.map(tashkent).unwrap_or_default(),
        items: items
            .iter()
            .map(|i| web::pages::ItemLine {
                name: i.name.clone(),
                qty: format::qty(i.qty_milli),
                price: money(i.unit_price),
                total: money(i.total),
            })
            .collect(),
        items_total: money(o.items_total),
        service_charge: money(o.service_charge),
        payments: payments.iter().map(|p| payment_line(t, p)).collect(),
    })
}

async fn products(State(state): State<AppState>, v: Viewing, Query(q): Query<ListQuery>) -> Result<Response, AppError> {
    let t = v.t();
    let search: String = q.q.trim().chars().take(100).collect();
    let page_no = q.page();
    let found = state.db.products_page(&v.scope, &search, (page_no - 1) * PAGE_CARDS, PAGE_CARDS).await?;
    page(&ProductsPage {
        c: v.chrome(),
        cards: found
            .rows
            .iter()
            .map(|p| ProductCard {
                name: p.name.clone(),
                category: p.category.clone(),
                price: money(p.price),
                active: p.active,
                stock: p.stock_milli.map_or_else(|| t.unlimited.to_owned(), format::qty),
                sold: format::qty(p.sold_milli),
                revenue: money(p.revenue),
            })
            .collect(),
        pager: pager(t, "/products", &[("q", &search)], page_no, PAGE_CARDS, found.total),
        q: search,
    })
}

async fn employees(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let rows = state.db.employees_list(&v.scope).await?;
    page(&EmployeesPage { c: v.chrome(), rows: rows.iter().map(|e| employee_row_line(t, e)).collect() })
}

async fn employee(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let t = v.t();
    let e = state.db.employee_detail(&v.scope, &id).await?;
    page(&EmployeePage { c: v.chrome(), e: employee_row_line(t, &e) })
}

async fn transactions(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let statuses = ["pending", "confirmed", "failed", "refunded"];
    let methods = ["cash", "card", "mobile"];
    let status = if statuses.contains(&q.status.as_str()) { q.status.clone() } else { String::new() };
    let method = if methods.contains(&q.method.as_str()) { q.method.clone() } else { String::new() };
    let page_no = q.page();
    let filter = PaymentFilter { status: status.clone(), method: method.clone(), period: None };
    let (found, totals) = state.db.payments_page(&v.scope, &filter, (page_no - 1) * PAGE_ROWS, PAGE_ROWS).await?;
    let status_options: Vec<(&str, &str)> = statuses.iter().map(|s| (*s, t.payment_status(s))).collect();
    let method_options: Vec<(&str, &str)> = methods.iter().map(|m| (*m, t.payment_method(m))).collect();
    page(&TransactionsPage {
        c: v.chrome(),
        statuses: choices(t.all_statuses, &status_options, &status),
        methods: choices(t.all_methods, &method_options, &method),
        count: totals.count.to_string(),
        sum: money(totals.confirmed_amount),
        rows: found.rows.iter().map(|p| payment_line(t, p)).collect(),
        pager: pager(t, "/transactions", &[("status", &status), ("method", &method)], page_no, PAGE_ROWS, found.total),
    })
}

async fn transaction(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let t = v.t();
    let p = state.db.payment_detail(&v.scope, &id).await?;
    page(&TransactionPage { c: v.chrome(), p: payment_line(t, &p) })
}

// ---------------------------------------------------------------- account

/// Whole days left until `ends_at`, counting a started day.
fn days_left(ends_at: i64, now: i64) -> i64 {
    ((ends_at - now).max(0) + format::DAY_MS - 1) / format::DAY_MS
}

async fn subscription(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let business = &v.owner.business_id;
    let (sub, tariffs, auto_renew) =
        tokio::try_join!(state.db.subscription(business), state.db.tariffs(), state.db.auto_renew(business))?;
    let now = now_ms();
    let (status, status_code) = if sub.is_active(now) {
        (t.sub_active, "active")
    } else if sub.status == "suspended" {
        (t.sub_suspended, "suspended")
    } else {
        (t.sub_expired, "expired")
    };
    let terminals: i64 = v.branches.iter().map(|b| b.active_terminals).sum();
    page(&SubscriptionPage {
        c: v.chrome(),
        tariff: sub.tariff_name.clone(),
        ends: tashkent(sub.ends_at),
        days_left: days_left(sub.ends_at, now).to_string(),
        status: status.to_owned(),
        status_code: status_code.to_owned(),
        auto_renew,
        branches: fill(
            t.branches_usage,
            &[("used", &v.branches.len().to_string()), ("max", &sub.max_branches.to_string())],
        ),
        terminals: fill(
            t.terminals_usage,
            &[("used", &terminals.to_string()), ("max", &sub.max_terminals.to_string())],
        ),
        tariffs: tariffs
            .iter()
            .map(|x| TariffCard {
                name: x.name.clone(),
                monthly: fill(t.sub_month, &[("price", &money(x.price_monthly))]),
                yearly: fill(t.sub_year, &[("price", &money(x.price_yearly))]),
                branches: fill(t.sub_max_branches, &[("n", &x.max_branches.to_string())]),
                terminals: fill(t.sub_max_terminals, &[("n", &x.max_terminals.to_string())]),
                current: x.code == sub.tariff_code,
            })
            .collect(),
    })
}

async fn profile(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let sub = state.db.subscription(&v.owner.business_id).await?;
    let o = &v.owner;
    page(&ProfilePage {
        c: v.chrome(),
        name: format!("{} {}", o.first_name, o.last_name),
        phone: o.phone.clone(),
        business: o.business_name.clone(),
        registered: format::date(format::tashkent_day(o.created_at)),
        tariff: sub.tariff_name,
        branches: fill(
            t.branches_usage,
            &[("used", &v.branches.len().to_string()), ("max", &sub.max_branches.to_string())],
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_default_to_the_last_seven_days() {
        // 2026-11-23 12:00 Tashkent.
        let now = format::tashkent_midnight(20_780) + 12 * 3_600_000;
        assert_eq!(range(&RangeQuery::default(), now), Ok((20_774, 20_780)));
        let q = |from: &str, to: &str| RangeQuery { from: from.into(), to: to.into(), tab: String::new() };
        assert_eq!(range(&q("2026-11-01", "2026-11-30"), now), Ok((20_758, 20_787)));
        assert_eq!(range(&q("2026-11-30", "2026-11-01"), now), Err((20_774, 20_780)), "reversed");
        assert_eq!(range(&q("2025-01-01", "2026-11-30"), now), Err((20_774, 20_780)), "too long");
        assert_eq!(range(&q("2026-02-30", "2026-03-01"), now), Err((20_774, 20_780)), "no such day");
        assert_eq!(range(&q("2026-11-23", ""), now), Err((20_774, 20_780)), "half a range");
    }

    #[test]
    fn days_left_counts_a_started_day() {
        assert_eq!(days_left(1_000, 2_000), 0);
        assert_eq!(days_left(format::DAY_MS, 0), 1);
        assert_eq!(days_left(format::DAY_MS + 1, 0), 2);
    }
}
