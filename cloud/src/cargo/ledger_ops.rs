//! The operators' money pages (owner portal, `/cargo-ops/…`): every client's
//! balance, one client's ledger with the balance after each row, and the
//! recording of what reaches the company outside the cabinet: a bank
//! transfer, a cash-on-delivery payout to the client, a correction. Each
//! recording is a ledger row and an audit line in one transaction; the
//! form's one-time key makes a form sent twice write once. Another company's
//! client is a 404.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use tracing::info;
use web::pages::Choice;
use web::pages::cargo_business::{ContractForm, ContractLine};
use web::pages::cargo_ops::{BalanceLine, BalancesPage, ClientLedgerPage, EntryLine, RecordForm};

use super::clients_store::{self, CargoClientRow};
use super::draft::{MAX_AMOUNT, parse_decimal};
use super::ledger::{self, Balance, Kind, Mode, Posting, Rows};
use super::shipments_ops::ops_company;
use crate::admin::Action;
use crate::admin::store::{NewAudit, write_audit};
use crate::db::{DbError, now_ms};
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::http::extract::Client;
use crate::ids::ClientId;
use crate::portal::Viewing;

/// The most clients the balances page lists, and rows a ledger page shows.
const LIST_LIMIT: i64 = 500;
/// The longest note kept.
const NOTE_MAX: usize = 200;

/// The operators' money pages (owner pages: session, CSRF, Origin).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo-ops/balances", get(balances))
        .route("/cargo-ops/clients/{id}/ledger", get(ledger_page).post(record))
}

fn line(href: String, name: String, phone: String, b: &Balance) -> BalanceLine {
    let money = web::format::money;
    BalanceLine {
        href,
        name,
        phone,
        charged: money(b.charged),
        paid: money(b.paid),
        cod: money(b.cod_held),
        balance: money(b.total),
        owes: b.total < 0,
    }
}

fn client_href(client: &ClientId) -> String {
    format!("/cargo-ops/clients/{client}")
}

fn ledger_href(client: &ClientId) -> String {
    format!("{}/ledger", client_href(client))
}

#[derive(Debug, Default, Deserialize)]
struct BalancesQuery {
    #[serde(default)]
    q: String,
}

async fn balances(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<BalancesQuery>,
) -> Result<Response, AppError> {
    let company = ops_company(&state, &v).await?;
    let search: String = q.q.chars().take(64).collect();
    let found = state.db.company_balances(&company.business_id, &search, LIST_LIMIT).await?;
    let rows = found.into_iter().map(|b| line(ledger_href(&b.client), b.name, b.phone, &b.balance)).collect();
    page(&BalancesPage { c: v.chrome(), q: search, rows })
}

/// The company's client by the path's id (another company's: 404).
pub(crate) async fn company_client(state: &AppState, v: &Viewing, id: &str) -> Result<CargoClientRow, AppError> {
    let company = ops_company(state, v).await?;
    let id = ClientId::parse(id).ok_or(AppError::NotFound)?;
    Ok(clients_store::client(&state.db, &company.business_id, &id).await?)
}

#[derive(Debug, Default, Deserialize)]
struct LedgerQuery {
    #[serde(default)]
    recorded: String,
}

async fn ledger_page(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Query(q): Query<LedgerQuery>,
) -> Result<Response, AppError> {
    let client = company_client(&state, &v, &id).await?;
    let b = &v.t().cargo.business;
    let notice = match q.recorded.as_str() {
        "1" => Some(v.t().cargo.money.recorded),
        "contract" => Some(b.made),
        "manager" => Some(b.manager_saved),
        _ => None,
    };
    render(&state, &v, &client, Forms::default(), notice.map(str::to_owned)).await
}

/// The page's forms when one of them was refused (the others fresh).
#[derive(Debug, Default)]
pub(crate) struct Forms {
    /// The record form as sent.
    pub record: Option<RecordForm>,
    /// The new contract form as sent.
    pub contract: Option<ContractForm>,
    /// A contract's manager form as sent: the contract's id, the name and
    /// phone as typed, the refusal and its field.
    pub manager: Option<(String, String, String, (String, &'static str))>,
}

/// The ledger page of `client`, with `forms` as sent.
pub(crate) async fn render(
    state: &AppState,
    v: &Viewing,
    client: &CargoClientRow,
    forms: Forms,
    notice: Option<String>,
) -> Result<Response, AppError> {
    let m = &v.t().cargo.money;
    let (business, id) = (&client.business_id, &client.id);
    let contracts = state.db.client_contracts(business, id, Mode::Live).await?;
    let contracts = contracts
        .into_iter()
        .map(|k| {
            let mut line = ContractLine {
                id: k.id.to_string(),
                manager_action: format!("{}/contracts/{}/manager", client_href(id), k.id),
                number: k.number,
                signed_on: web::format::date(k.signed_on),
                office: k.office_name,
                manager_name: k.manager.name,
                manager_phone: k.manager.phone,
                balance: web::format::money(k.balance.total),
                owes: k.balance.total < 0,
                error: None,
            };
            if let Some((cid, name, phone, error)) = &forms.manager
                && *cid == line.id
            {
                line.manager_name.clone_from(name);
                line.manager_phone.clone_from(phone);
                line.error = Some(error.clone());
            }
            line
        })
        .collect();
    let contract_form = match forms.contract {
        Some(f) => f,
        None => {
            let offices = super::contracts::offices(&state.db, business).await?;
            let today = web::format::tashkent_day(now_ms());
            ContractForm {
                signed_on: web::format::iso_date(today),
                offices: office_choices(&offices, ""),
                ..ContractForm::default()
            }
        }
    };
    let contract_form = ContractForm { action: format!("{}/contracts", client_href(id)), ..contract_form };
    let form =
        forms.record.unwrap_or_else(|| RecordForm { key: uuid::Uuid::new_v4().to_string(), ..RecordForm::default() });
    let balance = state.db.client_balance(business, id, Mode::Live).await?;
    let entries = state.db.client_entries(business, id, Mode::Live, Rows::All, LIST_LIMIT).await?;
    // Newest first: the balance after a row is the total less every newer row.
    let mut after = balance.total;
    let mut rows = Vec::with_capacity(entries.len());
    for e in entries {
        let kind = match m.method(&e.method) {
            "" => m.kind(e.kind.code()).to_owned(),
            method => format!("{} · {method}", m.kind(e.kind.code())),
        };
        rows.push(EntryLine {
            id: e.id.to_string(),
            at: web::format::tashkent(e.at),
            kind,
            code: e.kind.code(),
            amount: web::format::money(e.amount),
            credit: e.amount > 0,
            after: web::format::money(after),
            barcode: e.barcode,
            note: e.note,
            contract: e.contract,
        });
        after = after.checked_sub(e.amount).ok_or_else(|| DbError::Corrupt("a balance beyond i64".into()))?;
    }
    let title = web::i18n::fill(m.ledger_title, &[("name", &client.full_name)]);
    page(&ClientLedgerPage {
        c: v.chrome(),
        title,
        action: ledger_href(id),
        phone: client.phone.clone(),
        balance: line(String::new(), client.full_name.clone(), client.phone.clone(), &balance),
        rows,
        form,
        notice,
        contracts,
        contract_form,
    })
}

/// The offices as a form's choices, `chosen` selected.
pub(crate) fn office_choices(offices: &[(crate::ids::BranchId, String)], chosen: &str) -> Vec<Choice> {
    offices
        .iter()
        .map(|(id, name)| Choice { code: id.to_string(), label: name.clone(), selected: id.as_str() == chosen })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
struct RecordInput {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    contract: String,
    #[serde(default)]
    key: String,
}

/// What an operator records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    /// A bank transfer from the client: a payment.
    Transfer,
    /// Cash on delivery paid out to the client.
    Payout,
    /// A correction either way.
    Correction,
}

/// A recording as parsed from the form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recording {
    what: What,
    /// Tiyin, signed as the ledger wants it.
    amount: i64,
    note: String,
}

/// Why a recording was refused: the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Kind,
    Amount,
    Note,
}

/// An amount as a person types it: so'm with up to two decimals (comma or
/// point, spaces between thousands), above zero and at most [`MAX_AMOUNT`];
/// tiyin.
pub(crate) fn typed_som(text: &str) -> Option<i64> {
    let typed: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    parse_decimal(&typed, 2).filter(|v| (1..=MAX_AMOUNT).contains(v))
}

/// The form's fields as a [`Recording`]. An amount is so'm with up to two
/// decimals (comma or point, spaces between thousands), above zero and at
/// most [`MAX_AMOUNT`]; only a correction may carry a minus sign, and it
/// needs a note.
fn parse_recording(input: &RecordInput) -> Result<Recording, Refusal> {
    let what = match input.kind.as_str() {
        "transfer" => What::Transfer,
        "payout" => What::Payout,
        "correction" => What::Correction,
        _ => return Err(Refusal::Kind),
    };
    let typed: String = input.amount.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let (negative, digits) = match typed.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, typed.as_str()),
    };
    let tiyin = typed_som(digits).ok_or(Refusal::Amount)?;
    let note: String = input.note.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(NOTE_MAX).collect();
    let amount = match (what, negative) {
        (What::Transfer, false) => tiyin,
        (What::Payout, false) => -tiyin,
        (What::Correction, _) if note.is_empty() => return Err(Refusal::Note),
        (What::Correction, true) => -tiyin,
        (What::Correction, false) => tiyin,
        (What::Transfer | What::Payout, true) => return Err(Refusal::Amount),
    };
    Ok(Recording { what, amount, note })
}

async fn record(
    State(state): State<AppState>,
    v: Viewing,
    who: Client,
    Path(id): Path<String>,
    Form(input): Form<RecordInput>,
) -> Result<Response, AppError> {
    v.writable()?;
    let client = company_client(&state, &v, &id).await?;
    let key = uuid::Uuid::parse_str(&input.key)
        .map_err(|_| AppError::Refused { code: web::i18n::ErrorCode::BadRequest, values: Vec::new() })?;
    let m = &v.t().cargo.money;
    let refused_form = |message: String, field: &'static str| RecordForm {
        kind: input.kind.chars().take(16).collect(),
        amount: input.amount.chars().take(20).collect(),
        note: input.note.chars().take(NOTE_MAX).collect(),
        contract: input.contract.chars().take(40).collect(),
        key: key.to_string(),
        error: Some((message, field)),
    };
    let refused_page =
        |form: RecordForm| render(&state, &v, &client, Forms { record: Some(form), ..Forms::default() }, None);
    let r = match parse_recording(&input) {
        Ok(r) => r,
        Err(refusal) => {
            let (message, field) = match refusal {
                Refusal::Kind => (m.e_kind, "kind"),
                Refusal::Amount => (m.e_amount, "amount"),
                Refusal::Note => (m.e_note, "note"),
            };
            let form = refused_form(message.to_owned(), field);
            return refused(refused_page(form).await);
        }
    };
    let (business, cid) = (&client.business_id, &client.id);
    let contract = match input.contract.trim() {
        "" => None,
        typed => match state.db.client_contract(business, cid, typed, Mode::Live).await {
            Ok(k) => Some(k),
            Err(DbError::NotFound) => {
                let form = refused_form(v.t().cargo.business.e_contract.to_owned(), "contract");
                return refused(refused_page(form).await);
            }
            Err(e) => return Err(e.into()),
        },
    };
    let mut tx = state.db.begin_write().await?;
    super::pay_store::client_lock(&mut tx, cid).await?;
    if r.what == What::Payout {
        let held = ledger::cod_held(&mut tx, business, cid, Mode::Live).await?;
        if r.amount.checked_neg().is_none_or(|out| out > held) {
            drop(tx);
            let message = web::i18n::fill(m.e_payout, &[("held", &web::format::money(held.max(0)))]);
            let form = refused_form(message, "amount");
            return refused(refused_page(form).await);
        }
    }
    let (kind, method) = match r.what {
        What::Transfer => (Kind::Payment, "transfer"),
        What::Payout => (Kind::CodPayout, ""),
        What::Correction => (Kind::Correction, ""),
    };
    let posting = Posting {
        business,
        client: cid,
        contract: contract.as_ref().map(|k| &k.id),
        mode: Mode::Live,
        kind,
        method,
        amount: r.amount,
        shipment: None,
        source_key: format!("ops:{key}"),
        note: &r.note,
        by: &v.owner.id,
        at: now_ms(),
    };
    let written = ledger::post(&mut tx, &[posting]).await.map_err(DbError::from)?;
    if written == 1 {
        let on = contract.as_ref().map(|k| format!(" contract {}", k.number)).unwrap_or_default();
        let detail = format!("client {cid}{on}: {} {} tiyin {}", kind.code(), r.amount, r.note);
        let audit = NewAudit {
            actor_kind: "owner",
            actor_id: &v.owner.id,
            actor_login: &v.owner.phone,
            action: Action::CargoLedger.code(),
            business_id: Some(business),
            detail: &detail,
            client_addr: &who.addr,
        };
        write_audit(&mut tx, &audit).await?;
    }
    tx.commit().await.map_err(DbError::from)?;
    info!(client = %cid, kind = kind.code(), amount = r.amount, written, "cargo ledger row recorded by an operator");
    Ok(Redirect::to(&format!("{}?recorded=1", ledger_href(cid))).into_response())
}

/// A refused form: its page with 400.
pub(crate) fn refused(r: Result<Response, AppError>) -> Result<Response, AppError> {
    let mut r = r?;
    *r.status_mut() = StatusCode::BAD_REQUEST;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, amount: &str, note: &str) -> RecordInput {
        RecordInput {
            kind: kind.into(),
            amount: amount.into(),
            note: note.into(),
            contract: String::new(),
            key: String::new(),
        }
    }

    #[test]
    fn recordings_parse_with_their_signs() {
        let ok = |k, a, n| parse_recording(&input(k, a, n));
        assert_eq!(ok("transfer", "1 250 000,50", "").map(|r| r.amount), Ok(125_000_050));
        assert_eq!(ok("payout", "300000", "").map(|r| r.amount), Ok(-30_000_000));
        assert_eq!(
            ok("correction", "-5000", " double   charge ").map(|r| (r.amount, r.note)),
            Ok((-500_000, "double charge".into()))
        );
        assert_eq!(ok("correction", "5000", "").map(|r| r.amount), Err(Refusal::Note));
        assert_eq!(ok("transfer", "-5000", "").map(|r| r.amount), Err(Refusal::Amount));
        for bad in ["", "0", "abc", "1e5", "12.345", "1000000001", "9999999999999999999999"] {
            assert_eq!(ok("transfer", bad, "").map(|r| r.amount), Err(Refusal::Amount), "{bad:?}");
        }
        assert_eq!(ok("gift", "100", "").map(|r| r.amount), Err(Refusal::Kind));
    }
}
