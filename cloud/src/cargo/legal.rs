//! Legal details (rekvizitlar) of a courier company and of its business
//! clients: what an invoice (hisob-faktura) prints for seller and buyer.
//! Parsed whole from the operators' form, each field to its rule (INN 9
//! digits or PINFL 14, VAT payer code 12, bank account 20, MFO 5, IKPU 17),
//! and stored one row per party. VAT is 12 % and included in every price.

use sqlx::Row as _;

use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::BusinessId;

/// VAT rate, percent (included in the prices).
pub const VAT_PERCENT: i64 = 12;
/// The longest name kept.
const NAME_MAX: usize = 200;
/// The longest address kept.
const ADDRESS_MAX: usize = 300;
/// The longest bank name kept.
const BANK_MAX: usize = 120;

/// The VAT included in `gross` tiyin: `gross × 12 / 112`, rounded half up
/// (half away from zero for a negative correction).
#[must_use]
pub fn vat_in(gross: i64) -> i64 {
    let num = i128::from(gross) * i128::from(VAT_PERCENT);
    let den = i128::from(100 + VAT_PERCENT);
    let half = if num < 0 { -den / 2 } else { den / 2 };
    // |gross × 12 / 112| < |gross|: always fits.
    i64::try_from((num + half) / den).unwrap_or(0)
}

/// Why the details were refused: the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Empty or longer than 200 characters.
    LegalName,
    /// Neither 9 nor 14 digits.
    Tin,
    /// Neither empty nor 12 digits.
    VatCode,
    /// Empty or longer than 300 characters.
    Address,
    /// Not 20 digits.
    BankAccount,
    /// Not 5 digits.
    Mfo,
    /// Longer than 120 characters.
    BankName,
    /// Not 17 digits (the company's only).
    Ikpu,
}

impl Problem {
    /// The form field (and the message's key).
    #[must_use]
    pub const fn field(self) -> &'static str {
        match self {
            Problem::LegalName => "legal_name",
            Problem::Tin => "tin",
            Problem::VatCode => "vat_code",
            Problem::Address => "address",
            Problem::BankAccount => "bank_account",
            Problem::Mfo => "mfo",
            Problem::BankName => "bank_name",
            Problem::Ikpu => "ikpu",
        }
    }
}

/// A party's details.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Legal {
    /// The registered name ("«BTS Express Cargo» MChJ").
    pub legal_name: String,
    /// INN (9 digits) or PINFL (14).
    pub tin: String,
    /// VAT payer code (12 digits) or empty.
    pub vat_code: String,
    /// Legal address.
    pub address: String,
    /// Bank account (20 digits).
    pub bank_account: String,
    /// The bank's MFO (5 digits).
    pub mfo: String,
    /// The bank's name.
    pub bank_name: String,
    /// The service's IKPU code (17 digits; the company's only).
    pub ikpu: String,
}

/// The form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct LegalInput {
    /// Name.
    pub legal_name: String,
    /// INN or PINFL.
    pub tin: String,
    /// VAT payer code.
    pub vat_code: String,
    /// Address.
    pub address: String,
    /// Bank account.
    pub bank_account: String,
    /// MFO.
    pub mfo: String,
    /// Bank name.
    pub bank_name: String,
    /// IKPU.
    pub ikpu: String,
}

/// Digits with the spaces people type between groups taken out, if all of
/// them are digits and there are as many as one of `lens`.
fn digits(text: &str, lens: &[usize]) -> Option<String> {
    let d: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    (d.chars().all(|c| c.is_ascii_digit()) && lens.contains(&d.len())).then_some(d)
}

fn words(text: &str, max: usize) -> Option<String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (t.chars().count() <= max && !t.chars().any(char::is_control)).then_some(t)
}

impl LegalInput {
    /// The form as [`Legal`]; `company` asks for the IKPU code too.
    ///
    /// # Errors
    /// The first field that is wrong, in the form's order.
    pub fn parse(&self, company: bool) -> Result<Legal, Problem> {
        let legal_name = words(&self.legal_name, NAME_MAX).filter(|s| !s.is_empty()).ok_or(Problem::LegalName)?;
        let tin = digits(&self.tin, &[9, 14]).ok_or(Problem::Tin)?;
        let vat_code = if self.vat_code.trim().is_empty() {
            String::new()
        } else {
            digits(&self.vat_code, &[12]).ok_or(Problem::VatCode)?
        };
        let address = words(&self.address, ADDRESS_MAX).filter(|s| !s.is_empty()).ok_or(Problem::Address)?;
        let bank_account = digits(&self.bank_account, &[20]).ok_or(Problem::BankAccount)?;
        let mfo = digits(&self.mfo, &[5]).ok_or(Problem::Mfo)?;
        let bank_name = words(&self.bank_name, BANK_MAX).ok_or(Problem::BankName)?;
        let ikpu = if company { digits(&self.ikpu, &[17]).ok_or(Problem::Ikpu)? } else { String::new() };
        Ok(Legal { legal_name, tin, vat_code, address, bank_account, mfo, bank_name, ikpu })
    }

    /// The input as typed, each field cut to a sane length (a refused form
    /// shows it back).
    #[must_use]
    pub fn typed(&self) -> Legal {
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        Legal {
            legal_name: cut(&self.legal_name, NAME_MAX + 8),
            tin: cut(&self.tin, 24),
            vat_code: cut(&self.vat_code, 24),
            address: cut(&self.address, ADDRESS_MAX + 8),
            bank_account: cut(&self.bank_account, 32),
            mfo: cut(&self.mfo, 12),
            bank_name: cut(&self.bank_name, BANK_MAX + 8),
            ikpu: cut(&self.ikpu, 24),
        }
    }
}

/// Saves `owner`'s details (a company's business id or a client's id) in
/// the caller's transaction, replacing what was there.
///
/// # Errors
/// [`DbError`].
pub async fn save(tx: &mut Tx, business: &BusinessId, owner: &str, l: &Legal) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO cargo_legal (owner_id, business_id, legal_name, tin, vat_code, address, bank_account, mfo, \
         bank_name, ikpu, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (owner_id) DO UPDATE SET legal_name = excluded.legal_name, tin = excluded.tin, \
         vat_code = excluded.vat_code, address = excluded.address, bank_account = excluded.bank_account, \
         mfo = excluded.mfo, bank_name = excluded.bank_name, ikpu = excluded.ikpu, updated_at = excluded.updated_at",
    )
    .bind(owner)
    .bind(business)
    .bind(&l.legal_name)
    .bind(&l.tin)
    .bind(&l.vat_code)
    .bind(&l.address)
    .bind(&l.bank_account)
    .bind(&l.mfo)
    .bind(&l.bank_name)
    .bind(&l.ikpu)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// `owner`'s details within `business`, if saved.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn cargo_legal(&self, business: &BusinessId, owner: &str) -> DbResult<Option<Legal>> {
        let row = sqlx::query(
            "SELECT legal_name, tin, vat_code, address, bank_account, mfo, bank_name, ikpu FROM cargo_legal \
             WHERE owner_id = $1 AND business_id = $2",
        )
        .bind(owner)
        .bind(business)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok::<_, DbError>(Legal {
                legal_name: r.try_get(0)?,
                tin: r.try_get(1)?,
                vat_code: r.try_get(2)?,
                address: r.try_get(3)?,
                bank_account: r.try_get(4)?,
                mfo: r.try_get(5)?,
                bank_name: r.try_get(6)?,
                ikpu: r.try_get(7)?,
            })
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> LegalInput {
        LegalInput {
            legal_name: " «BTS Express Cargo»  MChJ ".into(),
            tin: "305 123 456".into(),
            vat_code: "326 010 012 345".into(),
            address: "Toshkent, Yakkasaroy, Shota Rustaveli 22".into(),
            bank_account: "2020 8000 9051 2345 6001".into(),
            mfo: "00873".into(),
            bank_name: "Kapitalbank".into(),
            ikpu: "10399002001000000".into(),
        }
    }

    #[test]
    fn details_parse_field_by_field() {
        let l = good().parse(true).unwrap_or_default();
        assert_eq!((l.legal_name.as_str(), l.tin.as_str()), ("«BTS Express Cargo» MChJ", "305123456"));
        assert_eq!((l.bank_account.len(), l.vat_code.len(), l.ikpu.len()), (20, 12, 17));
        // A person's PINFL; a client without VAT code or IKPU.
        let person = LegalInput { tin: "31204952750012".into(), vat_code: String::new(), ikpu: "x".into(), ..good() };
        assert_eq!(
            person.parse(false).map(|l| (l.tin, l.vat_code, l.ikpu)),
            Ok(("31204952750012".into(), "".into(), "".into()))
        );
        let bad = |f: fn(&mut LegalInput)| {
            let mut i = good();
            f(&mut i);
            i.parse(true).err()
        };
        assert_eq!(bad(|i| i.legal_name = "  ".into()), Some(Problem::LegalName));
        assert_eq!(bad(|i| i.tin = "12345678".into()), Some(Problem::Tin));
        assert_eq!(bad(|i| i.tin = "30512345a".into()), Some(Problem::Tin));
        assert_eq!(bad(|i| i.vat_code = "12345".into()), Some(Problem::VatCode));
        assert_eq!(bad(|i| i.address = String::new()), Some(Problem::Address));
        assert_eq!(bad(|i| i.bank_account = "2020800090512345600".into()), Some(Problem::BankAccount));
        assert_eq!(bad(|i| i.mfo = "0873".into()), Some(Problem::Mfo));
        assert_eq!(bad(|i| i.bank_name = "b".repeat(BANK_MAX + 1)), Some(Problem::BankName));
        assert_eq!(bad(|i| i.ikpu = "1039900200100000".into()), Some(Problem::Ikpu));
    }

    #[test]
    fn vat_is_twelve_percent_included() {
        assert_eq!(vat_in(11_200), 1_200);
        assert_eq!(vat_in(4_100_000), 439_286); // 439 285.71…
        assert_eq!(vat_in(56), 6); // 6.0
        assert_eq!(vat_in(-4_100_000), -439_286);
        assert_eq!(vat_in(0), 0);
        assert_eq!(vat_in(i64::MAX) / 1_000_000, i64::MAX / 112 * 12 / 1_000_000);
    }
}
