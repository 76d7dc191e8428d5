//! The reconciliation act (akt sverki, C11): what moved between the company
//! and a client over a period, from the ledger alone. The balance the period
//! opens with is the sum of the rows before it; the period's rows are summed
//! per Tashkent day, kind and method (a client with a hundred thousand rows
//! a year gets pages, not a book); the closing balance is opening − debit +
//! credit, which equals the sum of every row before the period's end.
//! Debit is what goes against the client (negative rows), credit what goes
//! their way (positive rows), as in the ledger's signs.
//!
//! The client reads it in the cabinet (`/cargo/{slug}/act`, and `.pdf`);
//! the operators download it from the client's ledger page.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use sqlx::Row as _;
use web::i18n::{Text, fill};
use web::pages::cargo::Alert;
use web::pages::cargo_pay::{ActLine, CargoActPage};

use super::cabinet::CargoClient;
use super::contracts::Contract;
use super::ledger::{Kind, Mode};
use crate::db::{Db, DbError, DbResult};
use crate::http::{AppError, AppState, page};
use crate::ids::{BusinessId, ClientId, ContractId};
use crate::portal::Viewing;

/// The longest period an act covers, days.
pub const MAX_DAYS: i64 = 400;

/// A period of whole Tashkent days, `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day (days since 1970-01-01, Tashkent).
    pub from: i64,
    /// Last day, included.
    pub to: i64,
}

impl Period {
    /// Two `YYYY-MM-DD` dates, the first not after the second, at most
    /// [`MAX_DAYS`] apart.
    #[must_use]
    pub fn parse(from: &str, to: &str) -> Option<Period> {
        let (from, to) = (web::format::parse_iso_date(from)?, web::format::parse_iso_date(to)?);
        (from <= to && to - from < MAX_DAYS).then_some(Period { from, to })
    }

    /// The month so far: its first day to `today`.
    #[must_use]
    pub fn month_to(today: i64) -> Period {
        let iso = web::format::iso_date(today);
        let first = web::format::parse_iso_date(&format!("{}-01", &iso[..7])).unwrap_or(today);
        Period { from: first, to: today }
    }

    /// UTC ms the period starts at and ends before.
    #[must_use]
    pub fn bounds(self) -> (i64, i64) {
        (web::format::tashkent_midnight(self.from), web::format::tashkent_midnight(self.to + 1))
    }
}

/// One line: a day's rows of one kind and method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActRow {
    /// The Tashkent day.
    pub day: i64,
    /// The rows' kind.
    pub kind: Kind,
    /// Their method (payments), else empty.
    pub method: String,
    /// How many rows.
    pub count: i64,
    /// The sum of the negative ones, as a positive number.
    pub debit: i64,
    /// The sum of the positive ones.
    pub credit: i64,
}

/// An act's figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Act {
    /// The balance before the period.
    pub opening: i64,
    /// The lines, by day, kind, method.
    pub rows: Vec<ActRow>,
    /// Their debits.
    pub debit: i64,
    /// Their credits.
    pub credit: i64,
    /// opening − debit + credit.
    pub closing: i64,
    /// Ledger rows in the period.
    pub entries: i64,
}

fn overflow() -> DbError {
    DbError::Corrupt("a reconciliation act's sum beyond i64".into())
}

impl Db {
    /// The act of `client` (of one of their contracts, when given) for
    /// `period`, in `mode`.
    ///
    /// # Errors
    /// [`DbError`]; [`DbError::Corrupt`] when a sum leaves `i64`.
    pub async fn act(
        &self,
        business: &BusinessId,
        client: &ClientId,
        contract: Option<&ContractId>,
        mode: Mode,
        period: Period,
    ) -> DbResult<Act> {
        let (start, end) = period.bounds();
        // A contract's rows through its own index; a client's through theirs
        // ($1 is then empty and unused, so both keep one numbering).
        let (which, key) = match contract {
            Some(c) => ("contract_id = $1 AND client_id = $2", c.to_string()),
            None => ("client_id = $2 AND $1 = ''", String::new()),
        };
        let rows_of = format!("FROM cargo_ledger WHERE {which} AND business_id = $3 AND mode = $4");
        let opening: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) {rows_of} AND at < $5"
        )))
        .bind(&key)
        .bind(client)
        .bind(business)
        .bind(mode.code())
        .bind(start)
        .fetch_one(&self.pool)
        .await?;
        // Tashkent is UTC+5 all year: a day is (at + 5 h) / 24 h.
        let found = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT (at + 18000000) / 86400000 AS day, kind, method, COUNT(*), \
             CAST(COALESCE(SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END), 0) AS BIGINT), \
             CAST(COALESCE(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0) AS BIGINT) \
             {rows_of} AND at >= $5 AND at < $6 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )))
        .bind(&key)
        .bind(client)
        .bind(business)
        .bind(mode.code())
        .bind(start)
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        let mut act = Act { opening, ..Act::default() };
        for r in &found {
            let kind: String = r.try_get(1)?;
            let row = ActRow {
                day: r.try_get(0)?,
                kind: Kind::from_code(&kind).ok_or_else(|| DbError::Corrupt(format!("ledger kind {kind:?}")))?,
                method: r.try_get(2)?,
                count: r.try_get(3)?,
                debit: r.try_get(4)?,
                credit: r.try_get(5)?,
            };
            act.debit = act.debit.checked_add(row.debit).ok_or_else(overflow)?;
            act.credit = act.credit.checked_add(row.credit).ok_or_else(overflow)?;
            act.entries += row.count;
            act.rows.push(row);
        }
        act.closing =
            act.opening.checked_sub(act.debit).and_then(|b| b.checked_add(act.credit)).ok_or_else(overflow)?;
        Ok(act)
    }
}

/// The act's routes in the cabinet (client group).
pub fn cabinet_pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/act", get(cabinet_act)).route("/cargo/{slug}/act.pdf", get(cabinet_pdf))
}

/// The act's routes for the operators (owner group).
pub fn ops_pages() -> Router<AppState> {
    Router::new().route("/cargo-ops/clients/{id}/act.pdf", get(ops_pdf))
}

/// A document's period (and contract) as asked in its address.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct PeriodQuery {
    from: String,
    to: String,
    /// One of the client's contracts (empty: the whole account).
    pub(crate) contract: String,
}

impl PeriodQuery {
    /// The period asked for (the month so far when nothing was), or the
    /// dates as typed when they are wrong.
    pub(crate) fn period(&self) -> Result<Period, ()> {
        if self.from.is_empty() && self.to.is_empty() {
            return Ok(Period::month_to(web::format::tashkent_day(crate::db::now_ms())));
        }
        Period::parse(&self.from, &self.to).ok_or(())
    }
}

fn query_of(p: Period, contract: Option<&Contract>) -> String {
    let on = contract.map(|k| format!("&contract={}", k.id)).unwrap_or_default();
    format!("from={}&to={}{on}", web::format::iso_date(p.from), web::format::iso_date(p.to))
}

/// The contract the query names, if it names one (another client's: 404).
pub(crate) async fn named_contract(
    state: &AppState,
    business: &BusinessId,
    client: &ClientId,
    q: &PeriodQuery,
) -> Result<Option<Contract>, AppError> {
    match q.contract.trim() {
        "" => Ok(None),
        id => Ok(Some(state.db.client_contract(business, client, id, Mode::Live).await?)),
    }
}

/// The client's name as the act names them: with the contract when it is one.
fn party(t: &Text, name: &str, contract: Option<&Contract>) -> String {
    match contract {
        None => name.to_owned(),
        Some(k) => format!("{name} · {}", k.label(t)),
    }
}

/// A line's words: the kind, and the method for payments.
fn what(t: &Text, row: &ActRow) -> String {
    let m = &t.cargo.money;
    let kind = m.kind(row.kind.code());
    match m.method(&row.method) {
        "" => kind.to_owned(),
        method => format!("{kind} · {method}"),
    }
}

fn blank_or_money(tiyin: i64) -> String {
    if tiyin == 0 { String::new() } else { web::format::money(tiyin) }
}

fn closing_words(t: &Text, closing: i64) -> String {
    let a = &t.cargo.act;
    let sum = web::format::money(closing.saturating_abs());
    if closing < 0 { fill(a.owed, &[("sum", &sum)]) } else { fill(a.in_favour, &[("sum", &sum)]) }
}

fn intro(t: &Text, company: &str, client: &str, p: Period) -> String {
    fill(
        t.cargo.act.intro,
        &[
            ("company", company),
            ("client", client),
            ("from", &web::format::date(p.from)),
            ("to", &web::format::date(p.to)),
        ],
    )
}

/// The act as a PDF response (see [`act_pdf`]).
fn pdf(t: &Text, company: (&str, &str), client: (&str, &str), p: Period, act: &Act) -> Result<Response, AppError> {
    let bytes = act_pdf(t, company, client, p, act).map_err(|e| AppError::Internal(format!("act pdf: {e}")))?;
    let name = format!("akt-{}-{}.pdf", web::format::iso_date(p.from), web::format::iso_date(p.to));
    Ok(super::documents::pdf(bytes, &name))
}

/// The act as a PDF: the parties (name, phone), the period, the lines, the
/// totals, the signature lines.
///
/// # Errors
/// [`web::pdf::PdfError`] when the document cannot be written.
pub fn act_pdf(
    t: &Text,
    company: (&str, &str),
    client: (&str, &str),
    p: Period,
    act: &Act,
) -> Result<Vec<u8>, web::pdf::PdfError> {
    let a = &t.cargo.act;
    let money = web::format::money;
    let mut doc = web::pdf::Doc::new(a.title);
    doc.title(a.title).text(&intro(t, company.0, client.0, p)).gap(4.0);
    doc.table(&[
        (a.parties[0], &format!("{} · {}", company.0, company.1)),
        (a.parties[1], &format!("{} · {}", client.0, client.1)),
    ]);
    doc.rule();
    let widths = [0.14, 0.42, 0.08, 0.18, 0.18];
    let right = [false, false, true, true, true];
    doc.columns(&a.cols, &widths, &right, true);
    doc.columns(&["", a.opening, "", "", &money(act.opening)], &widths, &right, false);
    for r in &act.rows {
        let count = r.count.to_string();
        let cells = [
            web::format::date(r.day).as_str(),
            what(t, r).as_str(),
            count.as_str(),
            blank_or_money(r.debit).as_str(),
            blank_or_money(r.credit).as_str(),
        ]
        .map(str::to_owned);
        let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
        doc.columns(&refs, &widths, &right, false);
    }
    doc.columns(
        &["", a.turnover, &act.entries.to_string(), &money(act.debit), &money(act.credit)],
        &widths,
        &right,
        true,
    );
    doc.columns(&["", a.closing, "", "", &money(act.closing)], &widths, &right, true);
    doc.rule().text(&format!("{}: {}", a.closing, closing_words(t, act.closing))).gap(4.0).text(a.legend).gap(24.0);
    doc.text(a.sign[0]).gap(12.0).text(a.sign[1]);
    doc.finish()
}

/// The PDF's links always carry a good period: a bad one is a hand-made
/// address.
pub(crate) fn bad_period() -> AppError {
    AppError::Refused { code: web::i18n::ErrorCode::BadRequest, values: Vec::new() }
}

async fn cabinet_act(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let t = c.t();
    let base = c.base();
    let Ok(p) = q.period() else {
        let error = Some(Alert { code: "period".into(), message: t.cargo.act.e_range.into() });
        return page(&CargoActPage {
            c: c.chrome(),
            from: q.from.chars().take(20).collect(),
            to: q.to.chars().take(20).collect(),
            error,
            intro: String::new(),
            totals: Default::default(),
            closing_words: String::new(),
            rows: Vec::new(),
            pdf_href: String::new(),
            contract: q.contract.chars().take(40).collect(),
        });
    };
    let contract = named_contract(&state, &c.client.business_id, &c.client.id, &q).await?;
    let act =
        state.db.act(&c.client.business_id, &c.client.id, contract.as_ref().map(|k| &k.id), Mode::Live, p).await?;
    let money = web::format::money;
    let rows = act
        .rows
        .iter()
        .map(|r| ActLine {
            date: web::format::date(r.day),
            what: what(t, r),
            count: r.count,
            debit: blank_or_money(r.debit),
            credit: blank_or_money(r.credit),
        })
        .collect();
    page(&CargoActPage {
        c: c.chrome(),
        from: web::format::iso_date(p.from),
        to: web::format::iso_date(p.to),
        error: None,
        intro: intro(t, &c.company.name, &party(t, &c.client.full_name, contract.as_ref()), p),
        totals: [money(act.opening), money(act.debit), money(act.credit), money(act.closing)],
        closing_words: closing_words(t, act.closing),
        rows,
        pdf_href: format!("{base}/act.pdf?{}", query_of(p, contract.as_ref())),
        contract: contract.map(|k| k.id.to_string()).unwrap_or_default(),
    })
}

async fn cabinet_pdf(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let p = q.period().map_err(|()| bad_period())?;
    let contract = named_contract(&state, &c.client.business_id, &c.client.id, &q).await?;
    let act =
        state.db.act(&c.client.business_id, &c.client.id, contract.as_ref().map(|k| &k.id), Mode::Live, p).await?;
    let company = (c.company.name.as_str(), c.company.phone.as_str());
    let name = party(c.t(), &c.client.full_name, contract.as_ref());
    pdf(c.t(), company, (&name, &c.client.phone), p, &act)
}

async fn ops_pdf(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let t = v.t();
    let p = q.period().map_err(|()| bad_period())?;
    let company = super::shipments_ops::ops_company(&state, &v).await?;
    let client = super::ledger_ops::company_client(&state, &v, &id).await?;
    let contract = named_contract(&state, &company.business_id, &client.id, &q).await?;
    let act = state.db.act(&company.business_id, &client.id, contract.as_ref().map(|k| &k.id), Mode::Live, p).await?;
    let name = party(t, &client.full_name, contract.as_ref());
    pdf(t, (&company.name, &company.phone), (&name, &client.phone), p, &act)
}
