//! The invoice (hisob-faktura / счёт-фактура) of one contract for a period
//! (C11), as a PDF: the parties' legal details (names, addresses, INN or
//! PINFL, VAT payer codes, bank accounts and MFO), the contract's number and
//! date, and one line per shipment charged under the contract in the period
//! (its charges less its refunds there; a refund of an earlier charge is a
//! negative line) with the company's IKPU code, the value without VAT, the
//! 12 % VAT included in the price and the value with it (no VAT when the
//! company has no VAT payer code: "QQSsiz"). Its total equals
//! the ledger's: the charges less refunds of the contract in the period.
//! Another client's contract is a 404, as is an invoice without a contract.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use sqlx::Row as _;
use web::i18n::{Text, fill};

use super::act::{Period, PeriodQuery, bad_period, named_contract};
use super::cabinet::CargoClient;
use super::contracts::Contract;
use super::ledger::Mode;
use super::legal::{Legal, VAT_PERCENT, vat_in};
use crate::db::{Db, DbError, DbResult};
use crate::http::{AppError, AppState};
use crate::ids::{BusinessId, ClientId};
use crate::portal::Viewing;

/// One line: a shipment's net charge in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    /// The shipment's barcode.
    pub barcode: String,
    /// Value with VAT (tiyin; a refund of an earlier charge is negative).
    pub gross: i64,
    /// The VAT in it.
    pub vat: i64,
}

/// An invoice's lines and totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invoice {
    /// Oldest first.
    pub lines: Vec<InvoiceLine>,
    /// Sum of the lines' values with VAT.
    pub gross: i64,
    /// Sum of the lines' VAT.
    pub vat: i64,
}

impl Db {
    /// The invoice of `contract` (of `client`) for `period`, from the
    /// ledger's charges and refunds; VAT only when the seller is a VAT payer.
    ///
    /// # Errors
    /// [`DbError`]; a total beyond `i64` is [`DbError::Corrupt`].
    pub async fn cargo_invoice(
        &self,
        client: &ClientId,
        contract: &Contract,
        mode: Mode,
        period: Period,
        vat_payer: bool,
    ) -> DbResult<Invoice> {
        let (from, until) = period.bounds();
        let rows = sqlx::query(
            "SELECT barcode, CAST(SUM(amount) AS BIGINT) FROM cargo_ledger \
             WHERE contract_id = $1 AND client_id = $2 AND mode = $3 AND kind IN ('charge', 'refund') \
             AND at >= $4 AND at < $5 GROUP BY shipment_id, barcode HAVING SUM(amount) <> 0 \
             ORDER BY MIN(at), barcode",
        )
        .bind(&contract.id)
        .bind(client)
        .bind(mode.code())
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let overflow = || DbError::Corrupt("an invoice beyond i64".into());
        let mut invoice = Invoice::default();
        for r in &rows {
            let sum: i64 = r.try_get(1)?;
            let gross = sum.checked_neg().ok_or_else(overflow)?;
            let vat = if vat_payer { vat_in(gross) } else { 0 };
            invoice.gross = invoice.gross.checked_add(gross).ok_or_else(overflow)?;
            invoice.vat = invoice.vat.checked_add(vat).ok_or_else(overflow)?;
            invoice.lines.push(InvoiceLine { barcode: r.try_get(0)?, gross, vat });
        }
        Ok(invoice)
    }
}

/// The invoice's routes in the cabinet (client group).
pub fn cabinet_pages() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/invoice.pdf", get(cabinet_pdf))
}

/// The invoice's routes for the operators (owner group).
pub fn ops_pages() -> Router<AppState> {
    Router::new().route("/cargo-ops/clients/{id}/invoice.pdf", get(ops_pdf))
}

/// A party as the invoice prints it: the details saved, else the name and
/// phone the platform knows and "not filled in" for the rest.
pub struct PartyDetails<'a> {
    /// Name and phone known without details.
    pub known: (&'a str, &'a str),
    /// Saved details.
    pub legal: Option<&'a Legal>,
}

/// A party's lines (label, value) as documents print them.
pub(crate) fn party_rows(t: &Text, p: &PartyDetails<'_>) -> Vec<(String, String)> {
    let l = &t.cargo.legal;
    let missing = || l.missing.to_owned();
    match p.legal {
        None => vec![
            (l.fields[0].to_owned(), format!("{} · {}", p.known.0, p.known.1)),
            (l.fields[1].to_owned(), missing()),
            (l.fields[4].to_owned(), missing()),
        ],
        Some(d) => {
            let or_missing = |s: &str| if s.is_empty() { missing() } else { s.to_owned() };
            vec![
                (l.fields[0].to_owned(), d.legal_name.clone()),
                (l.fields[1].to_owned(), d.tin.clone()),
                (l.fields[2].to_owned(), or_missing(&d.vat_code)),
                (l.fields[3].to_owned(), d.address.clone()),
                (l.fields[4].to_owned(), d.bank_account.clone()),
                (l.fields[5].to_owned(), d.mfo.clone()),
                (l.fields[6].to_owned(), or_missing(&d.bank_name)),
            ]
        }
    }
}

/// The invoice as a PDF.
///
/// # Errors
/// [`web::pdf::PdfError`] when the document cannot be written.
pub fn invoice_pdf(
    t: &Text,
    seller: &PartyDetails<'_>,
    buyer: &PartyDetails<'_>,
    contract: &Contract,
    p: Period,
    invoice: &Invoice,
) -> Result<Vec<u8>, web::pdf::PdfError> {
    let l = &t.cargo.legal;
    let money = web::format::money;
    let date = web::format::date;
    let number = format!("{}-{}", contract.number, web::format::iso_date(p.to).replace('-', ""));
    let mut doc = web::pdf::Doc::new(l.invoice);
    doc.title(l.invoice).bold(&fill(l.invoice_no, &[("number", &number), ("date", &date(p.to))]));
    doc.text(&fill(
        l.invoice_contract,
        &[
            ("number", &contract.number),
            ("date", &date(contract.signed_on)),
            ("from", &date(p.from)),
            ("to", &date(p.to)),
        ],
    ))
    .gap(4.0);
    for (heading, party) in [(l.seller, seller), (l.buyer, buyer)] {
        doc.bold(heading);
        let rows = party_rows(t, party);
        let refs: Vec<(&str, &str)> = rows.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        doc.table(&refs).gap(4.0);
    }
    doc.rule();
    let widths = [0.04, 0.22, 0.24, 0.06, 0.12, 0.06, 0.12, 0.14];
    // The table's sums without the currency (the words below carry it).
    let cell = |tiyin: i64| money(tiyin).trim_end_matches(" so'm").to_owned();
    let right = [false, false, false, true, true, true, true, true];
    doc.columns(&l.cols, &widths, &right, true);
    let ikpu = seller.legal.map_or(l.missing, |d| d.ikpu.as_str());
    // A seller that is no VAT payer invoices without VAT.
    let vat_payer = seller.legal.is_some_and(|d| !d.vat_code.is_empty());
    let rate = if vat_payer { format!("{VAT_PERCENT}%") } else { l.no_vat.to_owned() };
    for (i, line) in invoice.lines.iter().enumerate() {
        let no = (i + 1).to_string();
        let service = fill(l.service, &[("barcode", &line.barcode)]);
        let net = cell(line.gross.saturating_sub(line.vat));
        let cells = [no.as_str(), &service, ikpu, "1", &net, &rate, &cell(line.vat), &cell(line.gross)];
        doc.columns(&cells, &widths, &right, false);
    }
    if invoice.lines.is_empty() {
        doc.text(l.empty);
    }
    let count = invoice.lines.len().to_string();
    let net = cell(invoice.gross.saturating_sub(invoice.vat));
    let (vat, gross) = (cell(invoice.vat), cell(invoice.gross));
    doc.columns(&["", l.total, "", &count, &net, "", &vat, &gross], &widths, &right, true);
    let words = fill(l.total_words, &[("sum", &money(invoice.gross)), ("vat", &money(invoice.vat))]);
    doc.rule().text(&words).gap(24.0);
    for s in l.sign {
        doc.text(s).gap(10.0);
    }
    doc.finish()
}

async fn respond(
    state: &AppState,
    t: &Text,
    business: &BusinessId,
    company: (&str, &str),
    client: (&ClientId, &str, &str),
    q: &PeriodQuery,
) -> Result<Response, AppError> {
    let p = q.period().map_err(|()| bad_period())?;
    let contract = named_contract(state, business, client.0, q).await?.ok_or(AppError::NotFound)?;
    let seller_legal = state.db.cargo_legal(business, business.as_str()).await?;
    let vat_payer = seller_legal.as_ref().is_some_and(|l| !l.vat_code.is_empty());
    let invoice = state.db.cargo_invoice(client.0, &contract, Mode::Live, p, vat_payer).await?;
    let buyer_legal = state.db.cargo_legal(business, client.0.as_str()).await?;
    let seller = PartyDetails { known: company, legal: seller_legal.as_ref() };
    let buyer = PartyDetails { known: (client.1, client.2), legal: buyer_legal.as_ref() };
    let bytes = invoice_pdf(t, &seller, &buyer, &contract, p, &invoice)
        .map_err(|e| AppError::Internal(format!("invoice pdf: {e}")))?;
    // A header carries ASCII only: a number in Cyrillic ("Д-7") becomes dashes.
    let number: String = contract.number.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let name = format!("hisob-faktura-{number}-{}.pdf", web::format::iso_date(p.to));
    Ok(super::documents::pdf(bytes, &name))
}

async fn cabinet_pdf(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let company = (c.company.name.as_str(), c.company.phone.as_str());
    let client = (&c.client.id, c.client.full_name.as_str(), c.client.phone.as_str());
    respond(&state, c.t(), &c.client.business_id, company, client, &q).await
}

async fn ops_pdf(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let company = super::shipments_ops::ops_company(&state, &v).await?;
    let client = super::ledger_ops::company_client(&state, &v, &id).await?;
    let who = (&client.id, client.full_name.as_str(), client.phone.as_str());
    respond(&state, v.t(), &company.business_id, (&company.name, &company.phone), who, &q).await
}
