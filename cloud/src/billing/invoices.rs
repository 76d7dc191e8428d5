//! Invoices and the payments that settle them (B1, B2, B3, B6).
//!
//! An invoice fixes a tariff, a period and the amount (tiyin) when it is
//! created; whoever pays it (Payme, Click, a saved card) settles it through
//! [`crate::billing::store::invoices::settle`], in the same transaction as
//! the provider's own record, and only the first settlement counts: the
//! subscription is extended once, a second provider gets its "already paid"
//! answer.

use crate::ids::{BusinessId, InvoiceId, PaymentId};

use super::lifecycle::Period;

/// Where an invoice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    /// Waiting for a payment.
    Open,
    /// Settled by one payment.
    Paid,
    /// Withdrawn; nothing can pay it.
    Cancelled,
}

impl InvoiceStatus {
    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Cancelled => "cancelled",
        }
    }

    /// A status from its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<InvoiceStatus> {
        [InvoiceStatus::Open, InvoiceStatus::Paid, InvoiceStatus::Cancelled].into_iter().find(|s| s.code() == code)
    }
}

/// Who made an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The owner chose a tariff on the subscription page.
    Owner,
    /// A platform operator (`cloud admin invoice`).
    Operator,
    /// The auto-renewal job, to charge a saved card.
    Renewal,
}

impl Origin {
    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Origin::Owner => "owner",
            Origin::Operator => "operator",
            Origin::Renewal => "renewal",
        }
    }

    /// An origin from its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Origin> {
        [Origin::Owner, Origin::Operator, Origin::Renewal].into_iter().find(|s| s.code() == code)
    }
}

/// Who took a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    /// Payme's merchant API (the owner paid on Payme's checkout).
    Payme,
    /// Click's SHOP API.
    Click,
    /// A saved card charged through Payme's Subscribe API.
    Card,
    /// Multicard.
    Multicard,
    /// Sello (no published API yet: never settles anything).
    Sello,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 5] =
        [Provider::Payme, Provider::Click, Provider::Card, Provider::Multicard, Provider::Sello];

    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Provider::Payme => "payme",
            Provider::Click => "click",
            Provider::Card => "card",
            Provider::Multicard => "multicard",
            Provider::Sello => "sello",
        }
    }

    /// A provider from its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Provider> {
        Provider::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The name shown to people (a brand, the same in every language).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Provider::Payme => "Payme",
            Provider::Click => "Click",
            Provider::Card => "Payme (card)",
            Provider::Multicard => "Multicard",
            Provider::Sello => "Sello",
        }
    }
}

/// An invoice as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    /// Id: Payme's account value and Click's `merchant_trans_id`.
    pub id: InvoiceId,
    /// Whose.
    pub business_id: BusinessId,
    /// The tariff it buys.
    pub tariff_code: String,
    /// The tariff's name.
    pub tariff_name: String,
    /// How long.
    pub period: Period,
    /// Tiyin, fixed at creation.
    pub amount: i64,
    /// Where it is.
    pub status: InvoiceStatus,
    /// Who made it.
    pub origin: Origin,
    /// When, UTC milliseconds.
    pub created_at: i64,
    /// When a payment settled it.
    pub paid_at: Option<i64>,
}

impl Invoice {
    /// The amount in so'm with two decimals, as Click sends and checkout
    /// links carry it: `299000.00`.
    #[must_use]
    pub fn amount_som(&self) -> String {
        som(self.amount)
    }
}

/// The payment that settled an invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// Id (the receipt's number).
    pub id: PaymentId,
    /// The invoice.
    pub invoice_id: InvoiceId,
    /// Whose.
    pub business_id: BusinessId,
    /// Who took it.
    pub provider: Provider,
    /// The provider's transaction id.
    pub provider_txn_id: String,
    /// Tiyin.
    pub amount: i64,
    /// When the provider confirmed it.
    pub paid_at: i64,
    /// The tariff paid for.
    pub tariff_code: String,
    /// The period paid for.
    pub period: Period,
    /// The paid time starts…
    pub period_from: i64,
    /// …and ends.
    pub period_to: i64,
}

/// What settling an invoice did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// This call paid it: the subscription was extended.
    Paid(Payment),
    /// It was paid before (by this provider or another): nothing changed.
    AlreadyPaid(Payment),
}

impl Settled {
    /// The payment, new or earlier.
    #[must_use]
    pub fn payment(&self) -> &Payment {
        match self {
            Settled::Paid(p) | Settled::AlreadyPaid(p) => p,
        }
    }
}

/// Why an invoice could not be settled.
#[derive(Debug, thiserror::Error)]
pub enum SettleError {
    /// No such invoice.
    #[error("no such invoice")]
    NotFound,
    /// It was cancelled.
    #[error("the invoice was cancelled")]
    Cancelled,
    /// Storage.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

/// Why an invoice could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InvoiceError {
    /// No tariff has this code.
    #[error("no tariff {0:?}")]
    NoTariff(String),
    /// The tariff costs nothing: there is nothing to pay.
    #[error("the tariff {0:?} is free")]
    Free(String),
    /// The period is not `month` or `year`.
    #[error("no period {0:?} (month or year)")]
    NoPeriod(String),
    /// Storage.
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

/// Tiyin as so'm with two decimals: `29900000` → `299000.00`.
#[must_use]
pub fn som(tiyin: i64) -> String {
    let sign = if tiyin < 0 { "-" } else { "" };
    let abs = tiyin.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// So'm as a provider writes them (`299000`, `299000.5`, `299000.00`) to
/// tiyin, exactly; `None` for anything else (signs, exponents, three
/// decimals, overflow).
#[must_use]
pub fn parse_som(text: &str) -> Option<i64> {
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text, ""),
    };
    if whole.is_empty() || whole.len() > 16 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) || (text.contains('.') && frac.is_empty()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn som_both_ways() {
        assert_eq!(som(29_900_000), "299000.00");
        assert_eq!(som(5), "0.05");
        assert_eq!(som(0), "0.00");
        for (text, tiyin) in [("299000", 29_900_000), ("299000.5", 29_900_050), ("299000.00", 29_900_000), ("0.05", 5)]
        {
            assert_eq!(parse_som(text), Some(tiyin), "{text}");
        }
        for bad in ["", ".5", "1.", "1.005", "-1", "+1", "1e5", "1,00", " 1", "99999999999999999", "١٢"] {
            assert_eq!(parse_som(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for p in Provider::ALL {
            assert_eq!(Provider::from_code(p.code()), Some(p));
        }
        for s in [InvoiceStatus::Open, InvoiceStatus::Paid, InvoiceStatus::Cancelled] {
            assert_eq!(InvoiceStatus::from_code(s.code()), Some(s));
        }
        for o in [Origin::Owner, Origin::Operator, Origin::Renewal] {
            assert_eq!(Origin::from_code(o.code()), Some(o));
        }
    }
}
