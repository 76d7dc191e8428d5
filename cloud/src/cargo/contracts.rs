//! Business clients' contracts (C11): one per client and office, with the
//! number and date that print on invoices and acts, and the company's
//! personal manager for the client.
//!
//! A shipment a client makes leaves under their contract with the office it
//! leaves from (the office of the sender's district, as routing picks it),
//! and every ledger row about that shipment belongs to that contract, so a
//! contract's balance is a sum of rows like a client's. The operators make
//! contracts and set managers ([`super::contracts_ops`]); the client sees
//! them in "Biznes" ([`super::business`]).

use std::collections::HashMap;

use sqlx::Row as _;

use super::ledger::{Balance, Mode, SUMS, balance_of};
use crate::db::{Db, DbError, DbResult, Tx, now_ms};
use crate::ids::{BranchId, BusinessId, ClientId, ContractId};
use crate::phone::Phone;

/// The longest contract number kept.
pub const NUMBER_MAX: usize = 32;
/// The longest manager's name kept.
pub const MANAGER_MAX: usize = 80;
/// The first day a contract may be dated (2000-01-01).
const FIRST_DAY: i64 = 10_957;

/// Why a contract (or its manager) was refused: the field, or what is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The number is empty, too long or has other than letters, digits,
    /// spaces and `- / .`.
    Number,
    /// The date is not a date, is in the future or before 2000.
    SignedOn,
    /// Not one of the company's offices.
    Office,
    /// The manager's name is too long, or a phone came without a name.
    ManagerName,
    /// The manager's phone is not an Uzbek number.
    ManagerPhone,
    /// The company already has a contract with this number.
    NumberTaken,
    /// The client already has a contract with this office.
    OfficeTaken,
}

impl Problem {
    /// Its code (the message's key in [`web::i18n::cargo_business::BusinessText::refusal`]).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Problem::Number => "number",
            Problem::SignedOn => "signed_on",
            Problem::Office => "office",
            Problem::ManagerName => "manager_name",
            Problem::ManagerPhone => "manager_phone",
            Problem::NumberTaken => "number_taken",
            Problem::OfficeTaken => "office_taken",
        }
    }

    /// The form field it is about (`data-error`).
    #[must_use]
    pub const fn field(self) -> &'static str {
        match self {
            Problem::Number | Problem::NumberTaken => "number",
            Problem::SignedOn => "signed_on",
            Problem::Office | Problem::OfficeTaken => "office",
            Problem::ManagerName => "manager_name",
            Problem::ManagerPhone => "manager_phone",
        }
    }
}

/// A contract's number as the company writes it ("BTS-2026/014").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractNumber(String);

impl ContractNumber {
    /// 1 to [`NUMBER_MAX`] characters: letters, digits, `-`, `/`, `.`,
    /// single spaces inside; surrounding spaces dropped.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let ok = !t.is_empty()
            && t.chars().count() <= NUMBER_MAX
            && t.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.' | ' '));
        ok.then_some(Self(t))
    }

    /// The number.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The client's personal manager at the company: nobody (both empty), or a
/// name with an optional phone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manager {
    /// Name, spaces collapsed.
    pub name: String,
    /// `+998…` or empty.
    pub phone: String,
}

impl Manager {
    /// The form's two fields as a manager.
    ///
    /// # Errors
    /// [`Problem::ManagerName`], [`Problem::ManagerPhone`].
    pub fn parse(name: &str, phone: &str) -> Result<Manager, Problem> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() > MANAGER_MAX || name.chars().any(char::is_control) {
            return Err(Problem::ManagerName);
        }
        let phone = match phone.trim() {
            "" => String::new(),
            p => Phone::parse(p).map_err(|_| Problem::ManagerPhone)?.as_str().to_owned(),
        };
        if name.is_empty() && !phone.is_empty() {
            return Err(Problem::ManagerName);
        }
        Ok(Manager { name, phone })
    }
}

/// A new contract as parsed from the operators' form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContract {
    /// Its number.
    pub number: ContractNumber,
    /// The day it was signed (days since 1970-01-01).
    pub signed_on: i64,
    /// The office it is with.
    pub office: BranchId,
    /// The personal manager.
    pub manager: Manager,
}

/// The operators' form as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ContractInput {
    /// Number.
    pub number: String,
    /// `YYYY-MM-DD` or `DD.MM.YYYY`.
    pub signed_on: String,
    /// The office's branch id.
    pub office: String,
    /// Manager's name.
    pub manager_name: String,
    /// Manager's phone.
    pub manager_phone: String,
}

impl ContractInput {
    /// The form as a [`NewContract`]: `offices` are the company's, `today`
    /// the Tashkent day.
    ///
    /// # Errors
    /// The first field that is wrong, in the form's order.
    pub fn parse(&self, offices: &[BranchId], today: i64) -> Result<NewContract, Problem> {
        let number = ContractNumber::parse(&self.number).ok_or(Problem::Number)?;
        let signed_on = super::draft::parse_day(&self.signed_on)
            .filter(|d| (FIRST_DAY..=today).contains(d))
            .ok_or(Problem::SignedOn)?;
        let office = offices.iter().find(|o| o.as_str() == self.office.trim()).cloned().ok_or(Problem::Office)?;
        let manager = Manager::parse(&self.manager_name, &self.manager_phone)?;
        Ok(NewContract { number, signed_on, office, manager })
    }
}

/// A contract as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contract {
    /// Id.
    pub id: ContractId,
    /// Number.
    pub number: String,
    /// Signed on (days since 1970-01-01).
    pub signed_on: i64,
    /// The office's branch.
    pub office: BranchId,
    /// The office's name (its branch's).
    pub office_name: String,
    /// The personal manager.
    pub manager: Manager,
    /// Its rows' sums in the mode asked for.
    pub balance: Balance,
}

impl Contract {
    /// "№ {number} · {office}" in `t`'s language (choosers, documents).
    #[must_use]
    pub fn label(&self, t: &web::i18n::Text) -> String {
        web::i18n::fill(t.cargo.business.contract_line, &[("number", &self.number), ("office", &self.office_name)])
    }
}

/// Makes a contract for `client` of `business` in the caller's transaction.
///
/// # Errors
/// `Ok(Err(…))` for a number the company uses or an office the client has a
/// contract with; [`DbError`].
pub async fn create(
    tx: &mut Tx,
    business: &BusinessId,
    client: &ClientId,
    new: &NewContract,
) -> DbResult<Result<ContractId, Problem>> {
    let taken: Option<(String, String)> = sqlx::query_as(
        "SELECT number, office_id FROM cargo_contracts \
         WHERE (business_id = $1 AND number = $2) OR (client_id = $3 AND office_id = $4) \
         ORDER BY CASE WHEN business_id = $1 AND number = $2 THEN 0 ELSE 1 END LIMIT 1",
    )
    .bind(business)
    .bind(new.number.as_str())
    .bind(client)
    .bind(&new.office)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((number, _)) = taken {
        return Ok(Err(if number == new.number.as_str() { Problem::NumberTaken } else { Problem::OfficeTaken }));
    }
    let id = ContractId::new();
    let inserted = sqlx::query(
        "INSERT INTO cargo_contracts (id, business_id, client_id, office_id, number, signed_on, manager_name, \
         manager_phone, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(business)
    .bind(client)
    .bind(&new.office)
    .bind(new.number.as_str())
    .bind(web::format::iso_date(new.signed_on))
    .bind(&new.manager.name)
    .bind(&new.manager.phone)
    .bind(now_ms())
    .execute(&mut **tx)
    .await;
    match inserted.map_err(DbError::from) {
        Ok(_) => Ok(Ok(id)),
        // A contract made at the same moment by another operator.
        Err(DbError::Conflict) => Ok(Err(Problem::NumberTaken)),
        Err(e) => Err(e),
    }
}

/// Sets the manager of `client`'s `contract`; `false` when the contract is
/// not theirs.
///
/// # Errors
/// [`DbError`].
pub async fn set_manager(tx: &mut Tx, client: &ClientId, contract: &ContractId, manager: &Manager) -> DbResult<bool> {
    let done = sqlx::query(
        "UPDATE cargo_contracts SET manager_name = $3, manager_phone = $4 WHERE id = $1 AND client_id = $2",
    )
    .bind(contract)
    .bind(client)
    .bind(&manager.name)
    .bind(&manager.phone)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `client`'s contracts by office (branch id → contract id), in the
/// caller's transaction: where a new shipment's money goes.
///
/// # Errors
/// [`DbError`].
pub async fn by_office(tx: &mut Tx, client: &ClientId) -> DbResult<HashMap<String, String>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT office_id, id FROM cargo_contracts WHERE client_id = $1")
        .bind(client)
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The company's offices as (branch id, branch name), by name: the new
/// contract form's choices.
///
/// # Errors
/// [`DbError`].
pub async fn offices(db: &Db, business: &BusinessId) -> DbResult<Vec<(BranchId, String)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT o.branch_id, b.name FROM cargo_offices o JOIN branches b ON b.id = o.branch_id \
         WHERE o.business_id = $1 ORDER BY b.name, o.branch_id",
    )
    .bind(business)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(id, name)| {
            Ok((BranchId::parse(&id).ok_or_else(|| DbError::Corrupt(format!("branch id {id:?}")))?, name))
        })
        .collect()
}

const SELECT: &str = "SELECT k.id, k.number, k.signed_on, k.office_id, b.name, k.manager_name, k.manager_phone";

fn contract_of(r: &sqlx::any::AnyRow) -> DbResult<Contract> {
    let corrupt = |what: &str, v: &str| DbError::Corrupt(format!("{what} {v:?}"));
    let (id, signed_on, office): (String, String, String) = (r.try_get(0)?, r.try_get(2)?, r.try_get(3)?);
    Ok(Contract {
        id: ContractId::parse(&id).ok_or_else(|| corrupt("contract id", &id))?,
        number: r.try_get(1)?,
        signed_on: web::format::parse_iso_date(&signed_on).ok_or_else(|| corrupt("contract date", &signed_on))?,
        office: BranchId::parse(&office).ok_or_else(|| corrupt("branch id", &office))?,
        office_name: r.try_get(4)?,
        manager: Manager { name: r.try_get(5)?, phone: r.try_get(6)? },
        balance: balance_of(r, 7)?,
    })
}

impl Db {
    /// `client`'s contracts, oldest first, each with its balance in `mode`.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_contracts(
        &self,
        business: &BusinessId,
        client: &ClientId,
        mode: Mode,
    ) -> DbResult<Vec<Contract>> {
        let sql = format!(
            "{SELECT}, {SUMS} FROM cargo_contracts k JOIN branches b ON b.id = k.office_id \
             LEFT JOIN cargo_ledger l ON l.contract_id = k.id AND l.mode = $3 \
             WHERE k.business_id = $1 AND k.client_id = $2 \
             GROUP BY k.id, k.number, k.signed_on, k.office_id, b.name, k.manager_name, k.manager_phone \
             ORDER BY k.signed_on, k.number"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(business)
            .bind(client)
            .bind(mode.code())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(contract_of).collect()
    }

    /// One of `client`'s contracts by the id as given (another client's, or
    /// no such: [`DbError::NotFound`]).
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn client_contract(
        &self,
        business: &BusinessId,
        client: &ClientId,
        id: &str,
        mode: Mode,
    ) -> DbResult<Contract> {
        let id = ContractId::parse(id.trim()).ok_or(DbError::NotFound)?;
        let sql = format!(
            "{SELECT}, {SUMS} FROM cargo_contracts k JOIN branches b ON b.id = k.office_id \
             LEFT JOIN cargo_ledger l ON l.contract_id = k.id AND l.mode = $4 \
             WHERE k.id = $1 AND k.business_id = $2 AND k.client_id = $3 \
             GROUP BY k.id, k.number, k.signed_on, k.office_id, b.name, k.manager_name, k.manager_phone"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&id)
            .bind(business)
            .bind(client)
            .bind(mode.code())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(DbError::NotFound)?;
        contract_of(&row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_managers_parse() {
        assert_eq!(ContractNumber::parse("  BTS-2026/014 ").map(|n| n.0), Some("BTS-2026/014".into()));
        assert_eq!(ContractNumber::parse("Д 12  a").map(|n| n.0), Some("Д 12 a".into()));
        for bad in ["", "   ", "a;b", "<script>", &"9".repeat(NUMBER_MAX + 1)] {
            assert_eq!(ContractNumber::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            Manager::parse(" Dilnoza   Karimova ", "90 123 45 67"),
            Ok(Manager { name: "Dilnoza Karimova".into(), phone: "+998901234567".into() })
        );
        assert_eq!(Manager::parse("", ""), Ok(Manager::default()));
        assert_eq!(Manager::parse("", "+998901234567"), Err(Problem::ManagerName));
        assert_eq!(Manager::parse("Ali", "12345"), Err(Problem::ManagerPhone));
        assert_eq!(Manager::parse(&"a".repeat(MANAGER_MAX + 1), ""), Err(Problem::ManagerName));
    }

    #[test]
    fn forms_parse_in_field_order() {
        let office = BranchId::new();
        let today = web::format::parse_iso_date("2026-12-07").unwrap_or_default();
        let input = |number: &str, day: &str, o: &str| ContractInput {
            number: number.into(),
            signed_on: day.into(),
            office: o.into(),
            manager_name: "Ali".into(),
            manager_phone: String::new(),
        };
        let offices = [office.clone()];
        let ok = input("K-1", "05.01.2026", office.as_str()).parse(&offices, today);
        assert_eq!(
            ok.map(|c| (c.number.0, web::format::iso_date(c.signed_on))),
            Ok(("K-1".into(), "2026-01-05".into()))
        );
        let field = |i: ContractInput| i.parse(&offices, today).err();
        assert_eq!(field(input("", "2026-01-05", office.as_str())), Some(Problem::Number));
        assert_eq!(field(input("K", "2026-12-08", office.as_str())), Some(Problem::SignedOn));
        assert_eq!(field(input("K", "1999-12-31", office.as_str())), Some(Problem::SignedOn));
        assert_eq!(field(input("K", "2026-02-30", office.as_str())), Some(Problem::SignedOn));
        assert_eq!(field(input("K", "2026-01-05", BranchId::new().as_str())), Some(Problem::Office));
    }
}
