//! "Biznes" (C11), the section for business clients: choose a contract
//! (office), see its personal manager and its balance (live, like the
//! payments page: the page's script swaps in a fresh copy when the ledger
//! moves), and its orders in a year or one month; choosing a contract, a
//! year or a month reloads the list at once. The act of the contract for the
//! period is one click away. Another client's contract is a 404.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;
use web::i18n::fill;
use web::pages::Choice;
use web::pages::cargo_business::BusinessPage;

use super::cabinet::CargoClient;
use super::contracts::Contract;
use super::geo::Geo;
use super::ledger::{Mode, Rows};
use super::orders::{PAGE_ROWS, line, page_of, paging};
use super::store::{Filter, Scope};
use crate::db::now_ms;
use crate::http::{AppError, AppState, page};

/// The section's page (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/business", get(section))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct BusinessQuery {
    contract: String,
    year: String,
    month: String,
    after: String,
    before: String,
    last: String,
}

/// A year and, optionally, a month of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    year: i64,
    month: Option<u32>,
}

impl Span {
    /// The span asked for: a year from `first` to `this` (else `this`), a
    /// month 1–12 (else the whole year).
    fn parse(year: &str, month: &str, first: i64, this: i64) -> Span {
        let year = year.trim().parse().ok().filter(|y| (first..=this).contains(y)).unwrap_or(this);
        let month = month.trim().parse().ok().filter(|m| (1..=12).contains(m));
        Span { year, month }
    }

    /// Its first day and the day after its last (Tashkent days).
    fn days(self) -> Option<(i64, i64)> {
        let day = |y: i64, m: u32| web::format::parse_iso_date(&format!("{y:04}-{m:02}-01"));
        Some(match self.month {
            None => (day(self.year, 1)?, day(self.year + 1, 1)?),
            Some(12) => (day(self.year, 12)?, day(self.year + 1, 1)?),
            Some(m) => (day(self.year, m)?, day(self.year, m + 1)?),
        })
    }
}

/// The client's contracts and the one asked for by id (none: the first);
/// another client's, or none at all: 404.
pub(crate) async fn chosen(state: &AppState, c: &CargoClient, id: &str) -> Result<(Vec<Contract>, Contract), AppError> {
    let all = state.db.client_contracts(&c.client.business_id, &c.client.id, Mode::Live).await?;
    let k = match id.trim() {
        "" => all.first(),
        id => all.iter().find(|k| k.id.as_str() == id),
    };
    let k = k.cloned().ok_or(AppError::NotFound)?;
    Ok((all, k))
}

/// The year of a Tashkent day.
fn year_of(day: i64) -> i64 {
    web::format::iso_date(day)[..4].parse().unwrap_or(1970)
}

async fn section(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<BusinessQuery>,
) -> Result<Response, AppError> {
    let (business, client) = (&c.client.business_id, &c.client.id);
    let t = c.t();
    let b = &t.cargo.business;
    let version = state.db.client_entry_count(business, client, Mode::Live, Rows::All).await?;
    let all = state.db.client_contracts(business, client, Mode::Live).await?;
    let chosen = match q.contract.trim() {
        "" => all.first(),
        id => Some(all.iter().find(|k| k.id.as_str() == id).ok_or(AppError::NotFound)?),
    };
    let Some(k) = chosen else {
        return page(&BusinessPage {
            c: c.chrome(),
            contracts: Vec::new(),
            contract: String::new(),
            signed: String::new(),
            manager_name: String::new(),
            manager_phone: String::new(),
            balance: String::new(),
            owes: false,
            years: Vec::new(),
            months: Vec::new(),
            rows: Vec::new(),
            showing: String::new(),
            pager: Default::default(),
            act_href: String::new(),
            invoice_href: String::new(),
            version,
        });
    };
    let today = web::format::tashkent_day(now_ms());
    let this_year = year_of(today);
    let first_year = year_of(k.signed_on).min(this_year);
    let span = Span::parse(&q.year, &q.month, first_year, this_year);
    let (from, until) = span.days().ok_or_else(|| AppError::Internal("a year beyond the calendar".into()))?;
    let filter = Filter {
        from_ms: Some(web::format::tashkent_midnight(from)),
        to_ms: Some(web::format::tashkent_midnight(until)),
        ..Filter::default()
    };
    let page_at = page_of(&q.after, &q.before, &q.last);
    let listing =
        state.db.shipments(&Scope::Contract(client.clone(), k.id.clone()), &filter, &page_at, PAGE_ROWS).await?;
    let geo = Geo::get(&state.db).await?;
    let view = c.view();
    let month = span.month.map(|m| m.to_string()).unwrap_or_default();
    let keep = form_urlencoded::Serializer::new(String::new())
        .append_pair("contract", k.id.as_str())
        .append_pair("year", &span.year.to_string())
        .append_pair("month", &month)
        .finish();
    let path = format!("{}/business", c.base());
    let (showing, pager) = paging(t, &path, &keep, &listing, &page_at);
    // The act covers the period up to today (an act of days to come is empty).
    let act_to = (until - 1).min(today).max(from);
    let act_href = format!(
        "{}/act?from={}&to={}&contract={}",
        c.base(),
        web::format::iso_date(from),
        web::format::iso_date(act_to),
        k.id
    );
    let invoice_href = act_href.replacen("/act?", "/invoice.pdf?", 1);
    let contracts =
        all.iter().map(|o| Choice { code: o.id.to_string(), label: o.label(t), selected: o.id == k.id }).collect();
    let years = (first_year..=this_year)
        .rev()
        .map(|y| Choice { code: y.to_string(), label: y.to_string(), selected: y == span.year })
        .collect();
    let mut months = vec![Choice { code: String::new(), label: b.all_months.into(), selected: span.month.is_none() }];
    months.extend((1..=12u32).zip(b.months).map(|(m, name)| Choice {
        code: m.to_string(),
        label: name.into(),
        selected: span.month == Some(m),
    }));
    page(&BusinessPage {
        c: c.chrome(),
        contracts,
        contract: k.id.to_string(),
        signed: fill(b.signed, &[("date", &web::format::date(k.signed_on))]),
        manager_name: k.manager.name.clone(),
        manager_phone: k.manager.phone.clone(),
        balance: web::format::money(k.balance.total),
        owes: k.balance.total < 0,
        years,
        months,
        rows: listing.rows.iter().map(|r| line(&view, geo, r)).collect(),
        showing,
        pager,
        act_href,
        invoice_href,
        version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_whole_years_or_months() {
        let day = |s: &str| web::format::parse_iso_date(s).unwrap_or_default();
        let s = Span::parse("2025", "12", 2024, 2026);
        assert_eq!(s.days(), Some((day("2025-12-01"), day("2026-01-01"))));
        assert_eq!(Span::parse("2026", "", 2024, 2026).days(), Some((day("2026-01-01"), day("2027-01-01"))));
        assert_eq!(Span::parse("2026", "2", 2024, 2026).days(), Some((day("2026-02-01"), day("2026-03-01"))));
        // Out of range or not numbers: this year, the whole of it.
        for (y, m) in [("2023", "13"), ("2027", "0"), ("x", "-1"), ("", "")] {
            assert_eq!(Span::parse(y, m, 2024, 2026), Span { year: 2026, month: None }, "{y:?} {m:?}");
        }
    }
}
