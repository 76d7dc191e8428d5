//! The Dashboard (P3): KPIs with their change against the previous period,
//! the date range, the orders / employees / products tabs and the charts.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use web::charts::{self, Bar, ChartText};
use web::format::{self, money};
use web::i18n::{Text, fill};
use web::pages::*;

use super::{MAX_RANGE_DAYS, TOP, Viewing, employee_line, order_line};
use crate::db::now_ms;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::portal::store::*;
use web::pages::FormError;

#[derive(Debug, Default, Deserialize)]
pub(super) struct RangeQuery {
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
            (fill(t.portal.vs_previous, &[("change", &c)]), trend)
        }
        None => (t.portal.no_previous.to_owned(), "none"),
    };
    Kpi { key: key.into(), label: label.into(), value, change, trend: trend.into(), parts: Vec::new() }
}

pub(super) async fn dashboard(
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
        kpi(t, "revenue", t.portal.kpi_revenue, now.revenue, before.revenue, money(now.revenue)),
        kpi(t, "profit", t.portal.kpi_profit, now.total_profit(), before.total_profit(), money(now.total_profit())),
        kpi(t, "orders", t.portal.kpi_orders, now.orders, before.orders, now.orders.to_string()),
    ];
    if let Some(profit) = kpis.get_mut(1) {
        profit.parts = profit_parts(t, &now);
    }
    let mut page_ = DashboardPage {
        c: v.chrome(),
        from: format::iso_date(from_day),
        to: format::iso_date(to_day),
        period: fill(t.portal.period_line, &[("from", &format::date(from_day)), ("to", &format::date(to_day))]),
        error: (!ok).then(|| FormError::new(t, web::i18n::ErrorCode::Range, &[])),
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
            page_.orders = recent.iter().map(order_line).collect();
        }
        "employees" => {
            let figures = state.db.employee_figures(&v.scope, Some(period)).await?;
            page_.employees = figures.iter().map(|f| employee_line(f, true, "")).collect();
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
        (t.portal.kpi_product_profit.to_owned(), money(k.product_profit)),
        (t.portal.kpi_service.to_owned(), money(k.service_charge)),
        (t.portal.kpi_total_profit.to_owned(), money(k.total_profit())),
    ]
}

fn hours_chart(t: &Text, hours: &[i64; 24]) -> String {
    let bars: Vec<Bar> = hours
        .iter()
        .enumerate()
        .map(|(h, n)| {
            let label = format!("{}–{}", format::hour(h), format::hour((h + 1) % 24));
            Bar::new(label, *n, fill(t.portal.n_orders, &[("n", &n.to_string())])).with_tick(format!("{h:02}"))
        })
        .collect();
    let total: i64 = hours.iter().sum();
    let desc = match charts::peak(&bars) {
        Some(p) if total > 0 => fill(
            t.portal.orders_by_hour_desc,
            &[("total", &total.to_string()), ("peak", &p.label), ("n", &p.value.to_string())],
        ),
        _ => t.portal.no_data.to_owned(),
    };
    charts::columns(
        &ChartText { id: "hours", title: t.portal.orders_by_hour, desc: &desc, empty: t.portal.no_data },
        &bars,
    )
}

fn product_name(p: &crate::portal::store::ProductFigures) -> String {
    if p.name.is_empty() { p.id.chars().take(8).collect() } else { p.name.clone() }
}

fn describe(t: &Text, bars: &[Bar]) -> String {
    match bars.first() {
        Some(top) => fill(
            t.portal.chart_desc,
            &[("n", &bars.len().to_string()), ("top", &format!("{} ({})", top.label, top.value_text))],
        ),
        None => t.portal.no_data.to_owned(),
    }
}

fn best_chart(t: &Text, products: &[crate::portal::store::ProductFigures]) -> String {
    let mut by_qty: Vec<_> = products.iter().filter(|p| p.qty_milli > 0).collect();
    by_qty.sort_by(|a, b| b.qty_milli.cmp(&a.qty_milli).then_with(|| a.name.cmp(&b.name)));
    let bars: Vec<Bar> =
        by_qty.iter().take(TOP).map(|p| Bar::new(product_name(p), p.qty_milli, format::qty(p.qty_milli))).collect();
    let desc = describe(t, &bars);
    charts::bars(&ChartText { id: "best", title: t.portal.best_sellers, desc: &desc, empty: t.portal.no_data }, &bars)
}

fn revenue_chart(t: &Text, products: &[crate::portal::store::ProductFigures]) -> String {
    let bars: Vec<Bar> = products
        .iter()
        .filter(|p| p.revenue > 0)
        .take(TOP)
        .map(|p| Bar::new(product_name(p), p.revenue, money(p.revenue)))
        .collect();
    let desc = describe(t, &bars);
    charts::bars(
        &ChartText { id: "revenue", title: t.portal.revenue_by_product, desc: &desc, empty: t.portal.no_data },
        &bars,
    )
}

fn category_chart(t: &Text, products: &[crate::portal::store::ProductFigures]) -> String {
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
        parts.push((t.portal.other.to_owned(), rest));
    }
    let bars: Vec<Bar> = parts.into_iter().map(|(c, r)| Bar::new(c, r, money(r))).collect();
    let desc = describe(t, &bars);
    charts::shares(
        &ChartText { id: "categories", title: t.portal.by_category, desc: &desc, empty: t.portal.no_data },
        &bars,
    )
}

// ---------------------------------------------------------------- lists

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
}
