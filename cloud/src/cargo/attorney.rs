//! The electronic power of attorney (elektron ishonchnoma, C11) of a
//! business client's contract: the employees the client entrusts to hand
//! over and receive shipments, cash on delivery and documents under it.
//!
//! The page is a form of rows (active, phone, first name, last name,
//! patronymic) with "+" (a blank row below) and "−" (remove the row) on
//! each; both work without scripts (the form comes back with the change,
//! nothing saved) and "Save" writes the list whole in one transaction, or
//! refuses it with the row and field marked and nothing written. The
//! document is a PDF of the contract's active employees, valid until a day
//! the client picks (at most three years ahead). Another client's contract
//! is a 404.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use sqlx::Row as _;
use tracing::info;
use web::i18n::{Text, fill};
use web::pages::Choice;
use web::pages::cargo_business::{AttorneyPage, AttorneyRow};

use super::business::chosen;
use super::cabinet::CargoClient;
use super::contracts::Contract;
use super::invoice::{PartyDetails, party_rows};
use crate::db::{Db, DbResult, Tx, now_ms};
use crate::http::{AppError, AppState, page};
use crate::ids::{BusinessId, ClientId};
use crate::phone::Phone;

/// The most rows a list holds.
pub const MAX_ROWS: usize = 50;
/// The longest name part, in characters.
pub const NAME_MAX: usize = 40;
/// How far ahead a document may be valid, in days (three years).
pub const MAX_VALID_DAYS: i64 = 3 * 366;

/// Why a list was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not an Uzbek phone.
    Phone,
    /// First name missing or not letters.
    FirstName,
    /// Last name missing or not letters.
    LastName,
    /// Patronymic not letters.
    Patronymic,
    /// The same phone on two rows.
    PhoneTwice,
    /// More than [`MAX_ROWS`] rows.
    TooMany,
}

impl Problem {
    /// The form field it is about (`data-error`).
    #[must_use]
    pub const fn field(self) -> &'static str {
        match self {
            Problem::Phone | Problem::PhoneTwice => "phone",
            Problem::FirstName => "first_name",
            Problem::LastName => "last_name",
            Problem::Patronymic => "patronymic",
            Problem::TooMany => "rows",
        }
    }

    /// Its message in `t`'s language.
    #[must_use]
    pub fn message(self, t: &Text) -> &'static str {
        let e = &t.cargo.attorney.errors;
        match self {
            Problem::Phone => e[0],
            Problem::FirstName => e[1],
            Problem::LastName => e[2],
            Problem::Patronymic => e[3],
            Problem::PhoneTwice => e[4],
            Problem::TooMany => e[5],
        }
    }
}

/// An employee entrusted under a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attorney {
    /// `+998…`.
    pub phone: String,
    /// First name, spaces collapsed.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Patronymic (may be empty).
    pub patronymic: String,
    /// On the document.
    pub active: bool,
}

impl Attorney {
    /// "Last First Patronymic", as documents print a person.
    #[must_use]
    pub fn full_name(&self) -> String {
        [self.last_name.as_str(), &self.first_name, &self.patronymic]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn typed(&self) -> AttorneyRow {
        AttorneyRow {
            phone: self.phone.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            patronymic: self.patronymic.clone(),
            active: self.active,
        }
    }
}

/// A name part: letters (any script), apostrophes of Uzbek Latin, hyphens
/// and single spaces; 1 to [`NAME_MAX`] characters (`None` otherwise; an
/// empty one is `Some("")`, which the caller may refuse).
fn name_part(text: &str) -> Option<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = t.chars().count() <= NAME_MAX
        && t.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '`' | 'ʻ' | 'ʼ' | '’' | '‘' | '-' | ' '));
    ok.then_some(t)
}

fn blank(r: &AttorneyRow) -> bool {
    [&r.phone, &r.first_name, &r.last_name, &r.patronymic].iter().all(|s| s.trim().is_empty())
}

/// The form's rows as the list to save: blank rows dropped, each row parsed.
///
/// # Errors
/// The row (index in `rows`) and what is wrong with it.
pub fn parse_rows(rows: &[AttorneyRow]) -> Result<Vec<Attorney>, (usize, Problem)> {
    let mut out: Vec<Attorney> = Vec::new();
    for (i, r) in rows.iter().enumerate().filter(|(_, r)| !blank(r)) {
        if out.len() == MAX_ROWS {
            return Err((i, Problem::TooMany));
        }
        let phone = Phone::parse(r.phone.trim()).map_err(|_| (i, Problem::Phone))?.as_str().to_owned();
        if out.iter().any(|a| a.phone == phone) {
            return Err((i, Problem::PhoneTwice));
        }
        let required = |s: &str, p: Problem| name_part(s).filter(|n| !n.is_empty()).ok_or((i, p));
        let first_name = required(&r.first_name, Problem::FirstName)?;
        let last_name = required(&r.last_name, Problem::LastName)?;
        let patronymic = name_part(&r.patronymic).ok_or((i, Problem::Patronymic))?;
        out.push(Attorney { phone, first_name, last_name, patronymic, active: r.active });
    }
    Ok(out)
}

/// What the form's button asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Save,
    /// A blank row below this one.
    Add(usize),
    /// Without this row.
    Remove(usize),
}

/// The posted form: the contract, the button, the rows in index order (a
/// row is `phone_{i}`, `first_name_{i}`, `last_name_{i}`, `patronymic_{i}`
/// and `active_{i}` when ticked; indexes beyond a list's room are ignored).
fn read_form(body: &[u8]) -> (String, Op, Vec<AttorneyRow>) {
    let (mut contract, mut op) = (String::new(), Op::Save);
    let mut rows: BTreeMap<usize, AttorneyRow> = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        let v: String = v.chars().take(100).collect();
        match k.as_ref() {
            "contract" => contract = v,
            "op" => {
                let at = |s: &str| s.parse::<usize>().ok();
                op = match v.split_once(':') {
                    Some(("add", i)) => at(i).map_or(Op::Save, Op::Add),
                    Some(("remove", i)) => at(i).map_or(Op::Save, Op::Remove),
                    _ => Op::Save,
                };
            }
            key => {
                let Some((field, i)) = key.rsplit_once('_') else { continue };
                let Some(i) = i.parse::<usize>().ok().filter(|i| *i <= MAX_ROWS + 1) else { continue };
                let row = rows.entry(i).or_default();
                match field {
                    "phone" => row.phone = v,
                    "first_name" => row.first_name = v,
                    "last_name" => row.last_name = v,
                    "patronymic" => row.patronymic = v,
                    "active" => row.active = v == "1",
                    _ => {}
                }
            }
        }
    }
    (contract, op, rows.into_values().collect())
}

/// Replaces `contract`'s list in the caller's transaction.
///
/// # Errors
/// [`crate::db::DbError`].
pub async fn save(
    tx: &mut Tx,
    business: &BusinessId,
    client: &ClientId,
    contract: &Contract,
    list: &[Attorney],
) -> DbResult<()> {
    sqlx::query("DELETE FROM cargo_attorneys WHERE contract_id = $1").bind(&contract.id).execute(&mut **tx).await?;
    let now = now_ms();
    for (position, a) in (0i64..).zip(list) {
        sqlx::query(
            "INSERT INTO cargo_attorneys (contract_id, position, business_id, client_id, phone, first_name, \
             last_name, patronymic, active, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&contract.id)
        .bind(position)
        .bind(business)
        .bind(client)
        .bind(&a.phone)
        .bind(&a.first_name)
        .bind(&a.last_name)
        .bind(&a.patronymic)
        .bind(i64::from(a.active))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Db {
    /// `contract`'s list in its order.
    ///
    /// # Errors
    /// [`crate::db::DbError`].
    pub async fn attorneys(&self, contract: &Contract) -> DbResult<Vec<Attorney>> {
        let rows = sqlx::query(
            "SELECT phone, first_name, last_name, patronymic, active FROM cargo_attorneys \
             WHERE contract_id = $1 ORDER BY position",
        )
        .bind(&contract.id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Attorney {
                    phone: r.try_get(0)?,
                    first_name: r.try_get(1)?,
                    last_name: r.try_get(2)?,
                    patronymic: r.try_get(3)?,
                    active: r.try_get::<i64, _>(4)? != 0,
                })
            })
            .collect()
    }
}

/// The page and the document (cabinet group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/business/attorney", get(form_page).post(submit))
        .route("/cargo/{slug}/attorney.pdf", get(document))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct AttorneyQuery {
    contract: String,
    saved: String,
    until: String,
}

/// The document's default validity: a year from today.
fn default_until(today: i64) -> String {
    web::format::iso_date(today + 365)
}

struct View {
    rows: Vec<AttorneyRow>,
    error: Option<(usize, &'static str, String)>,
    notice: Option<String>,
}

fn render(c: &CargoClient, all: &[Contract], k: &Contract, saved: &[Attorney], view: View) -> AttorneyPage {
    let mut rows = view.rows;
    if rows.is_empty() {
        rows.push(AttorneyRow { active: true, ..AttorneyRow::default() });
    }
    let t = c.t();
    let today = web::format::tashkent_day(now_ms());
    AttorneyPage {
        c: c.chrome().with_crumb(None, t.cargo.attorney.title),
        contracts: all
            .iter()
            .map(|o| Choice { code: o.id.to_string(), label: o.label(t), selected: o.id == k.id })
            .collect(),
        contract: k.id.to_string(),
        rows,
        error: view.error,
        notice: view.notice,
        until: default_until(today),
        printable: saved.iter().any(|a| a.active),
        back: format!("{}/business?contract={}", c.base(), k.id),
    }
}

async fn form_page(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<AttorneyQuery>,
) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &q.contract).await?;
    let saved = state.db.attorneys(&k).await?;
    let notice = (q.saved == "1").then(|| {
        let active = saved.iter().filter(|a| a.active).count().to_string();
        fill(c.t().cargo.attorney.saved, &[("count", &saved.len().to_string()), ("active", &active)])
    });
    let rows = saved.iter().map(Attorney::typed).collect();
    page(&render(&c, &all, &k, &saved, View { rows, error: None, notice }))
}

async fn submit(State(state): State<AppState>, c: CargoClient, body: Bytes) -> Result<Response, AppError> {
    let (contract, op, mut rows) = read_form(&body);
    let (all, k) = chosen(&state, &c, &contract).await?;
    match op {
        Op::Add(i) if rows.len() <= MAX_ROWS => {
            rows.insert((i + 1).min(rows.len()), AttorneyRow { active: true, ..AttorneyRow::default() });
        }
        Op::Remove(i) if i < rows.len() => {
            rows.remove(i);
        }
        Op::Save => {
            return match parse_rows(&rows) {
                Ok(list) => {
                    let (business, client) = (&c.client.business_id, &c.client.id);
                    let mut tx = state.db.begin_write().await?;
                    save(&mut tx, business, client, &k, &list).await?;
                    tx.commit().await.map_err(crate::db::DbError::from)?;
                    let active = list.iter().filter(|a| a.active).count();
                    info!(cargo.client = %client, cargo.contract = %k.id, rows = list.len(), active, "power of attorney saved");
                    Ok(Redirect::to(&format!("{}/business/attorney?contract={}&saved=1", c.base(), k.id))
                        .into_response())
                }
                Err((i, problem)) => {
                    let t = c.t();
                    let message = fill(
                        t.cargo.attorney.row_error,
                        &[("row", &(i + 1).to_string()), ("message", problem.message(t))],
                    );
                    let view = View { rows, error: Some((i, problem.field(), message)), notice: None };
                    let saved = state.db.attorneys(&k).await?;
                    let mut r = page(&render(&c, &all, &k, &saved, view))?;
                    *r.status_mut() = StatusCode::BAD_REQUEST;
                    Ok(r)
                }
            };
        }
        // "+" on a full list, "−" on a row that is not there: the rows as they are.
        Op::Add(_) | Op::Remove(_) => {}
    }
    let saved = state.db.attorneys(&k).await?;
    page(&render(&c, &all, &k, &saved, View { rows, error: None, notice: None }))
}

/// The document's validity as asked: a day from today to
/// [`MAX_VALID_DAYS`] ahead; empty: a year.
fn parse_until(text: &str, today: i64) -> Option<i64> {
    match text.trim() {
        "" => Some(today + 365),
        t => web::format::parse_iso_date(t).filter(|d| (today..=today + MAX_VALID_DAYS).contains(d)),
    }
}

/// The power of attorney as a PDF.
///
/// # Errors
/// [`web::pdf::PdfError`] when the document cannot be written.
pub fn attorney_pdf(
    t: &Text,
    company: &str,
    principal: &PartyDetails<'_>,
    contract: &Contract,
    (issued, until): (i64, i64),
    list: &[Attorney],
) -> Result<Vec<u8>, web::pdf::PdfError> {
    let a = &t.cargo.attorney;
    let date = web::format::date;
    let number = format!("{}-I{}", contract.number, web::format::iso_date(issued).replace('-', ""));
    let mut doc = web::pdf::Doc::new(a.doc_title);
    doc.title(a.doc_title)
        .bold(&fill(a.doc_no, &[("number", &number), ("date", &date(issued)), ("until", &date(until))]))
        .gap(4.0);
    let client = principal.legal.map_or(principal.known.0, |l| l.legal_name.as_str());
    doc.text(&fill(
        a.doc_body,
        &[("client", client), ("company", company), ("number", &contract.number), ("date", &date(contract.signed_on))],
    ))
    .gap(4.0);
    doc.bold(a.principal);
    let rows = party_rows(t, principal);
    let refs: Vec<(&str, &str)> = rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    doc.table(&refs).gap(4.0).rule();
    let widths = [0.06, 0.44, 0.22, 0.28];
    let right = [false; 4];
    doc.columns(&a.doc_cols, &widths, &right, true);
    for (i, p) in list.iter().filter(|p| p.active).enumerate() {
        let no = (i + 1).to_string();
        doc.columns(&[&no, &p.full_name(), &p.phone, "____________"], &widths, &right, false);
    }
    doc.rule().text(a.doc_note).gap(24.0);
    for s in a.sign {
        doc.text(s).gap(10.0);
    }
    doc.finish()
}

async fn document(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<AttorneyQuery>,
) -> Result<Response, AppError> {
    let (all, k) = chosen(&state, &c, &q.contract).await?;
    let today = web::format::tashkent_day(now_ms());
    let t = c.t();
    let list = state.db.attorneys(&k).await?;
    let until = match parse_until(&q.until, today) {
        Some(day) if list.iter().any(|a| a.active) => day,
        asked => {
            let a = &t.cargo.attorney;
            let (field, message) = if asked.is_none() { ("until", a.errors[6]) } else { ("rows", a.none_active) };
            // The page again, with the saved rows and why there is no document.
            let rows = list.iter().map(Attorney::typed).collect();
            let view = View { rows, error: Some((usize::MAX, field, message.to_owned())), notice: None };
            let mut r = page(&render(&c, &all, &k, &list, view))?;
            *r.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(r);
        }
    };
    let legal = state.db.cargo_legal(&c.client.business_id, c.client.id.as_str()).await?;
    let principal = PartyDetails { known: (&c.client.full_name, &c.client.phone), legal: legal.as_ref() };
    let bytes = attorney_pdf(t, &c.company.name, &principal, &k, (today, until), &list)
        .map_err(|e| AppError::Internal(format!("attorney pdf: {e}")))?;
    let number: String = k.number.chars().map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' }).collect();
    let name = format!("ishonchnoma-{number}-{}.pdf", web::format::iso_date(today));
    Ok(super::documents::pdf(bytes, &name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(phone: &str, first: &str, last: &str, patronymic: &str) -> AttorneyRow {
        AttorneyRow {
            phone: phone.into(),
            first_name: first.into(),
            last_name: last.into(),
            patronymic: patronymic.into(),
            active: true,
        }
    }

    #[test]
    fn rows_parse_or_name_the_row_and_field() {
        let ok = parse_rows(&[
            row(" 90 123 45 67 ", " Dilnoza ", "Karimova", "Anvar  qizi"),
            row("", "", "", ""),
            row("+998935554433", "G'ayrat", "Oʻroqov", ""),
        ]);
        let ok = ok.unwrap_or_default();
        assert_eq!(ok.len(), 2, "the blank row is dropped");
        assert_eq!(ok[0].phone, "+998901234567");
        assert_eq!(ok[0].full_name(), "Karimova Dilnoza Anvar qizi");
        assert_eq!(ok[1].full_name(), "Oʻroqov G'ayrat");
        let err = |r: AttorneyRow| parse_rows(&[row("+998901234567", "A", "B", ""), r]).err();
        assert_eq!(err(row("12345", "A", "B", "")), Some((1, Problem::Phone)));
        assert_eq!(err(row("+998 90 123 45 67", "A", "B", "")), Some((1, Problem::PhoneTwice)));
        assert_eq!(err(row("+998911111111", "", "B", "")), Some((1, Problem::FirstName)));
        assert_eq!(err(row("+998911111111", "A1", "B", "")), Some((1, Problem::FirstName)));
        assert_eq!(err(row("+998911111111", "A", "<b>", "")), Some((1, Problem::LastName)));
        assert_eq!(err(row("+998911111111", "A", "B", &"x".repeat(NAME_MAX + 1))), Some((1, Problem::Patronymic)));
        let many: Vec<AttorneyRow> = (0..=MAX_ROWS).map(|i| row(&format!("+99890{:07}", i), "A", "B", "")).collect();
        assert_eq!(parse_rows(&many).err(), Some((MAX_ROWS, Problem::TooMany)));
    }

    #[test]
    fn the_form_reads_rows_by_index_and_the_button() {
        let body = b"csrf=x&contract=k&phone_1=%2B998901234567&first_name_1=Ali&active_1=1&phone_0=9&op=remove%3A0&phone_999=1";
        let (contract, op, rows) = read_form(body);
        assert_eq!((contract.as_str(), op), ("k", Op::Remove(0)));
        assert_eq!(rows.len(), 2, "rows 0 and 1; an index beyond the room is ignored");
        assert_eq!((rows[0].phone.as_str(), rows[0].active), ("9", false));
        assert_eq!((rows[1].first_name.as_str(), rows[1].active), ("Ali", true));
        assert_eq!(read_form(b"op=add%3A3").1, Op::Add(3));
        assert_eq!(read_form(b"op=add%3Ax").1, Op::Save);
    }

    #[test]
    fn validity_is_within_three_years() {
        let today = web::format::parse_iso_date("2026-12-07").unwrap_or_default();
        assert_eq!(parse_until("", today), Some(today + 365));
        assert_eq!(parse_until("2026-12-07", today), Some(today));
        assert_eq!(parse_until("2026-12-06", today), None);
        assert_eq!(parse_until("2030-12-07", today), None);
        assert_eq!(parse_until("07.12.2027", today), None);
    }
}
