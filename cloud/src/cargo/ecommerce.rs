//! "Elektron tijorat" (C10), for clients who sell online with cash on
//! delivery: choose an office (one of the client's contracts, or every
//! order of the account), a period (the month so far by default), and see
//! six blocks and a list that agree with the ledger:
//!
//! - **sales** today, over the last 7 days (today included) and this month:
//!   the cash on delivery collected for the client's delivered orders, net
//!   of reversals (`cod_collected` + `cod_reversed` rows, by the time the
//!   desk delivered);
//! - **accrued** in the period: that cash on delivery less the services'
//!   charges (`charge` + `refund` rows);
//! - **returns**: the cash on delivery of the period's orders that went back
//!   (returning, returned), and how many;
//! - **efficiency**: of the period's orders, delivered ÷ (delivered +
//!   returning + returned), in percent.
//!
//! The filters: all the period's orders, the orders with cash on delivery,
//! "my sales" (delivered with cash on delivery), ready for pickup (waiting
//! at the destination office), the amounts paid out (the payout rows) and
//! to return (delivery failed, returning, returned). The period's orders are
//! those made in it. The blocks are live like the payments page (the page
//! is swapped in when the client's ledger moves). Another client's contract
//! is a 404.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use protocol::ShipmentStatus;
use sqlx::Row as _;
use web::i18n::fill;
use web::pages::Choice;
use web::pages::cargo::Alert;
use web::pages::cargo_business::{EcommercePage, FilterTab, PayoutLine};

use super::act::Period;
use super::cabinet::CargoClient;
use super::geo::Geo;
use super::ledger::{Mode, Rows};
use super::orders::{PAGE_ROWS, line, page_of, paging};
use super::store::{Filter, Scope};
use crate::db::{Db, DbResult, now_ms};
use crate::http::{AppError, AppState, page};
use crate::ids::{ClientId, ContractId};

/// The most payouts listed.
const PAYOUTS_MAX: i64 = 500;

/// The page (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/ecommerce", get(section))
}

/// Whose figures: one contract of a client, or all of a client's.
#[derive(Debug, Clone, Copy)]
pub enum Office<'a> {
    /// One contract (office).
    Contract(&'a ClientId, &'a ContractId),
    /// The whole account.
    Client(&'a ClientId),
}

impl Office<'_> {
    /// The column and value that scope a query. A contract alone is enough
    /// (it is one client's, checked before an `Office` is made, and its
    /// shipments and rows are that client's), so the indexes that start
    /// with it cover the queries.
    fn scope(self) -> (&'static str, String) {
        match self {
            Office::Contract(_, k) => ("contract_id", k.to_string()),
            Office::Client(c) => ("client_id", c.to_string()),
        }
    }
}

/// The six blocks, tiyin and counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Blocks {
    /// Sales today.
    pub today: i64,
    /// Sales over the last 7 days.
    pub week: i64,
    /// Sales this month.
    pub month: i64,
    /// The period's cash on delivery less charges.
    pub accrued: i64,
    /// Cash on delivery of the period's orders that went back.
    pub returns: i64,
    /// How many went back.
    pub returned: i64,
    /// How many were delivered.
    pub delivered: i64,
}

impl Blocks {
    /// Delivered ÷ (delivered + returned), in tenths of a percent.
    #[must_use]
    pub fn efficiency_permille(&self) -> Option<i64> {
        let all = self.delivered.checked_add(self.returned).filter(|n| *n > 0)?;
        Some(self.delivered.saturating_mul(1000) / all)
    }
}

impl Db {
    /// The blocks of `office` for `period`, with today being `today` (a
    /// Tashkent day).
    ///
    /// # Errors
    /// [`crate::db::DbError`].
    pub async fn ecommerce_blocks(&self, office: Office<'_>, period: Period, today: i64) -> DbResult<Blocks> {
        let (col, key) = office.scope();
        let midnight = web::format::tashkent_midnight;
        let month_start = Period::month_to(today).from;
        let (today_ms, week_ms, month_ms) = (midnight(today), midnight(today - 6), midnight(month_start));
        let (from, until) = period.bounds();
        let first = week_ms.min(month_ms).min(from);
        let cod = "kind IN ('cod_collected', 'cod_reversed')";
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN {cod} AND at >= $3 THEN amount ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN {cod} AND at >= $4 THEN amount ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN {cod} AND at >= $5 THEN amount ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN at >= $6 AND at < $7 AND kind IN \
             ('cod_collected', 'cod_reversed', 'charge', 'refund') THEN amount ELSE 0 END), 0) AS BIGINT) \
             FROM cargo_ledger WHERE {col} = $1 AND mode = $2 AND at >= $8"
        );
        let r = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&key)
            .bind(Mode::Live.code())
            .bind(today_ms)
            .bind(week_ms)
            .bind(month_ms)
            .bind(from)
            .bind(until)
            .bind(first)
            .fetch_one(&self.pool)
            .await?;
        let mut b = Blocks {
            today: r.try_get(0)?,
            week: r.try_get(1)?,
            month: r.try_get(2)?,
            accrued: r.try_get(3)?,
            ..Blocks::default()
        };
        let sql = format!(
            "SELECT status, COUNT(*), CAST(COALESCE(SUM(cod_amount), 0) AS BIGINT) FROM cargo_shipments \
             WHERE {col} = $1 AND created_at >= $2 AND created_at < $3 GROUP BY status"
        );
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(&key).bind(from).bind(until).fetch_all(&self.pool).await?;
        for r in &rows {
            let (status, count, cod): (String, i64, i64) = (r.try_get(0)?, r.try_get(1)?, r.try_get(2)?);
            match ShipmentStatus::from_code(&status) {
                Some(ShipmentStatus::Delivered) => b.delivered = b.delivered.saturating_add(count),
                Some(ShipmentStatus::Returning | ShipmentStatus::Returned) => {
                    b.returned = b.returned.saturating_add(count);
                    b.returns = b.returns.saturating_add(cod);
                }
                _ => {}
            }
        }
        Ok(b)
    }

    /// The payouts of `office` in `period`, newest first: (at, amount paid
    /// out as a positive number, note).
    ///
    /// # Errors
    /// [`crate::db::DbError`].
    pub async fn ecommerce_payouts(&self, office: Office<'_>, period: Period) -> DbResult<Vec<(i64, i64, String)>> {
        let (col, key) = office.scope();
        let (from, until) = period.bounds();
        let sql = format!(
            "SELECT at, amount, note FROM cargo_ledger WHERE {col} = $1 AND mode = $2 \
             AND kind = 'cod_payout' AND at >= $3 AND at < $4 ORDER BY at DESC, id DESC LIMIT $5"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&key)
            .bind(Mode::Live.code())
            .bind(from)
            .bind(until)
            .bind(PAYOUTS_MAX)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let amount: i64 = r.try_get(1)?;
                Ok((r.try_get(0)?, amount.saturating_neg(), r.try_get(2)?))
            })
            .collect()
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct EcommerceQuery {
    contract: String,
    from: String,
    to: String,
    show: String,
    after: String,
    before: String,
    last: String,
}

/// The filters in the manual's order.
const FILTERS: [&str; 6] = ["all", "orders", "sales", "ready", "paid", "returns"];

fn percent(permille: i64) -> String {
    format!("{},{} %", permille / 10, permille % 10)
}

async fn section(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<EcommerceQuery>,
) -> Result<Response, AppError> {
    let (business, client) = (&c.client.business_id, &c.client.id);
    let t = c.t();
    let e = &t.cargo.ecommerce;
    let version = state.db.client_entry_count(business, client, Mode::Live, Rows::All).await?;
    let contracts = state.db.client_contracts(business, client, Mode::Live).await?;
    let chosen = match q.contract.trim() {
        "" => contracts.first(),
        "all" => None,
        id => Some(contracts.iter().find(|k| k.id.as_str() == id).ok_or(AppError::NotFound)?),
    };
    let office = chosen.map_or(Office::Client(client), |k| Office::Contract(client, &k.id));
    let contract_code = chosen.map_or_else(|| "all".to_owned(), |k| k.id.to_string());
    let mut offices: Vec<Choice> = contracts
        .iter()
        .map(|k| Choice { code: k.id.to_string(), label: k.label(t), selected: chosen.is_some_and(|c| c.id == k.id) })
        .collect();
    offices.push(Choice { code: "all".into(), label: e.whole.into(), selected: chosen.is_none() });
    let show = FILTERS.iter().copied().find(|f| *f == q.show).unwrap_or("all");
    let today = web::format::tashkent_day(now_ms());
    let period = if q.from.is_empty() && q.to.is_empty() {
        Some(Period::month_to(today))
    } else {
        Period::parse(&q.from, &q.to)
    };
    let mut view = EcommercePage {
        c: c.chrome(),
        offices,
        from: q.from.chars().take(20).collect(),
        to: q.to.chars().take(20).collect(),
        show,
        error: None,
        blocks: Default::default(),
        returned: String::new(),
        tabs: Vec::new(),
        rows: Vec::new(),
        payouts: Vec::new(),
        showing: String::new(),
        pager: Default::default(),
        version,
    };
    let Some(period) = period else {
        view.error = Some(Alert { code: "period".into(), message: e.e_range.into() });
        let mut r = page(&view)?;
        *r.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return Ok(r);
    };
    let (from, to) = (web::format::iso_date(period.from), web::format::iso_date(period.to));
    let b = state.db.ecommerce_blocks(office, period, today).await?;
    let money = web::format::money;
    view.blocks = [
        money(b.today),
        money(b.week),
        money(b.month),
        money(b.accrued),
        money(b.returns),
        b.efficiency_permille().map_or_else(|| e.no_efficiency.to_owned(), percent),
    ];
    view.returned = fill(e.returned_count, &[("count", &b.returned.to_string())]);
    let keep = |show: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("contract", &contract_code)
            .append_pair("from", &from)
            .append_pair("to", &to)
            .append_pair("show", show)
            .finish()
    };
    let path = format!("{}/ecommerce", c.base());
    view.tabs = FILTERS
        .iter()
        .zip(e.filters)
        .map(|(code, label)| FilterTab { code, label, href: format!("{path}?{}", keep(code)), current: *code == show })
        .collect();
    if show == "paid" {
        let payouts = state.db.ecommerce_payouts(office, period).await?;
        view.payouts = payouts
            .into_iter()
            .map(|(at, amount, note)| PayoutLine { at: web::format::tashkent(at), amount: money(amount), note })
            .collect();
    } else {
        let (from_ms, until_ms) = period.bounds();
        let filter = Filter {
            from_ms: Some(from_ms),
            to_ms: Some(until_ms),
            status: match show {
                "sales" => Some(ShipmentStatus::Delivered),
                "ready" => Some(ShipmentStatus::AtDestinationOffice),
                _ => None,
            },
            cod_only: matches!(show, "orders" | "sales"),
            returns: show == "returns",
            ..Filter::default()
        };
        let scope = match office {
            Office::Contract(c, k) => Scope::Contract(c.clone(), k.clone()),
            Office::Client(c) => Scope::Client(c.clone()),
        };
        let page_at = page_of(&q.after, &q.before, &q.last);
        let listing = state.db.shipments(&scope, &filter, &page_at, PAGE_ROWS).await?;
        let geo = Geo::get(&state.db).await?;
        let shown = c.view();
        view.rows = listing.rows.iter().map(|r| line(&shown, geo, r)).collect();
        (view.showing, view.pager) = paging(t, &path, &keep(show), &listing, &page_at);
    }
    (view.from, view.to) = (from, to);
    page(&view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn efficiency_is_delivered_over_delivered_and_returned() {
        let b = |delivered, returned| Blocks { delivered, returned, ..Blocks::default() };
        assert_eq!(b(7, 1).efficiency_permille(), Some(875));
        assert_eq!(b(0, 0).efficiency_permille(), None);
        assert_eq!(b(3, 0).efficiency_permille(), Some(1000));
        assert_eq!(percent(875), "87,5 %");
        assert_eq!(percent(1000), "100,0 %");
    }
}
