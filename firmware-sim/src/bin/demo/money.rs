//! The demo courier client's money beyond what its shipments cause: its two
//! contracts (one per office, each with a personal manager), both parties'
//! legal details (what the contracts' invoices print), the first contract's
//! power of attorney, the bank
//! transfers the operators recorded on them and the payouts of the cash on
//! delivery collected under each.

use anyhow::Context as _;
use cloud::cargo::ledger::{self, Mode};
use cloud::cargo::{attorney, contracts, legal};
use cloud::db::Db;
use cloud::ids::{BranchId, BusinessId, ClientId};
use protocol::Timestamp;
use web::pages::cargo_business::AttorneyRow;

use crate::courier::Company;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

/// The demo client's contracts, one per office, each with its manager:
/// made before the history, so every shipment leaves under the contract of
/// its first office. Found again on a later start.
pub async fn contracts(db: &Db, business: &BusinessId, client: &ClientId, branches: &[BranchId]) -> anyhow::Result<()> {
    const CONTRACTS: [(&str, &str, &str, &str); 2] = [
        ("BTS-2026/014", "2026-01-05", "Sardor Aliyev", "+998935550011"),
        ("BTS-2026/027", "2026-02-16", "Gulnora Yusupova", "+998975550022"),
    ];
    let mut tx = db.begin_write().await?;
    for ((number, signed, name, phone), office) in CONTRACTS.into_iter().zip(branches) {
        let new = contracts::NewContract {
            number: contracts::ContractNumber::parse(number).context("a demo contract number")?,
            signed_on: web::format::parse_iso_date(signed).context("a demo contract date")?,
            office: office.clone(),
            manager: contracts::Manager::parse(name, phone).map_err(|p| anyhow::anyhow!("demo manager: {p:?}"))?,
        };
        // Taken: made on an earlier start.
        let _ = contracts::create(&mut tx, business, client, &new).await?;
    }
    // Both parties' legal details, for the contracts' invoices.
    let company = legal::LegalInput {
        legal_name: "«BTS Express Cargo» MChJ".into(),
        tin: "305123456".into(),
        vat_code: "326010012345".into(),
        address: "Toshkent sh., Yakkasaroy tumani, Shota Rustaveli ko'chasi 22".into(),
        bank_account: "20208000905123456001".into(),
        mfo: "00873".into(),
        bank_name: "\"Kapitalbank\" ATB".into(),
        ikpu: "10399002001000000".into(),
    };
    let shop = legal::LegalInput {
        legal_name: "«Dilnoza Textile» MChJ".into(),
        tin: "307654321".into(),
        vat_code: String::new(),
        address: "Toshkent sh., Chilonzor tumani, Bunyodkor shoh ko'chasi 9".into(),
        bank_account: "20208000400987654002".into(),
        mfo: "00401".into(),
        bank_name: "\"Ipoteka-bank\" ATIB".into(),
        ikpu: String::new(),
    };
    for (owner, input, is_company) in [(business.as_str(), company, true), (client.as_str(), shop, false)] {
        let details = input.parse(is_company).map_err(|p| anyhow::anyhow!("demo legal details: {p:?}"))?;
        legal::save(&mut tx, business, owner, &details).await?;
    }
    tx.commit().await?;
    attorneys(db, business, client).await
}

/// The first contract's power of attorney: three employees, two active.
async fn attorneys(db: &Db, business: &BusinessId, client: &ClientId) -> anyhow::Result<()> {
    let rows = [
        ("+998901234501", "Dilnoza", "Karimova", "Anvar qizi", true),
        ("+998935554433", "G'ayrat", "O'roqov", "Bahodir o'g'li", true),
        ("+998977001122", "Sardor", "Yusupov", "", false),
    ]
    .map(|(phone, first, last, patronymic, active)| AttorneyRow {
        phone: phone.into(),
        first_name: first.into(),
        last_name: last.into(),
        patronymic: patronymic.into(),
        active,
    });
    let list = attorney::parse_rows(&rows).map_err(|e| anyhow::anyhow!("demo power of attorney: {e:?}"))?;
    let mine = db.client_contracts(business, client, Mode::Live).await?;
    let first = mine.first().context("the demo contracts")?;
    let mut tx = db.begin_write().await?;
    attorney::save(&mut tx, business, client, first, &list).await?;
    tx.commit().await?;
    Ok(())
}

/// The client's money once the history has synced: a bank transfer the
/// operators recorded on each contract, and a payout of the cash on
/// delivery collected under each (rounded down to 100 000 so'm). Each row is
/// written once, whatever the number of starts (the ledger's causes are
/// fixed).
///
/// # Errors
/// The cloud's database.
pub async fn settle(db: &Db, company: &Company) -> anyhow::Result<()> {
    const TRANSFERS: [(i64, &str, i64); 2] =
        [(300_000_000, "To'lov topshiriqnomasi No 118", 20), (200_000_000, "To'lov topshiriqnomasi No 131", 6)];
    let now = Timestamp::now().0;
    let (business, client) = (&company.business, &company.client);
    let mine = db.client_contracts(business, client, Mode::Live).await?;
    let mut tx = db.begin_write().await?;
    let held: Vec<(Option<String>, i64)> = sqlx::query_as(
        "SELECT contract_id, CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM cargo_ledger \
         WHERE client_id = $1 AND mode = 'live' AND kind IN ('cod_collected', 'cod_payout', 'cod_reversed') \
         GROUP BY contract_id",
    )
    .bind(client)
    .fetch_all(&mut *tx)
    .await?;
    let posting = |contract, kind, amount, key: String, note, at| ledger::Posting {
        business,
        client,
        contract,
        mode: Mode::Live,
        kind,
        method: "transfer",
        amount,
        shipment: None,
        source_key: format!("demo:{key}"),
        note,
        by: "demo",
        at,
    };
    let mut rows = Vec::new();
    for (i, (k, (amount, note, days))) in mine.iter().zip(TRANSFERS).enumerate() {
        rows.push(posting(
            Some(&k.id),
            ledger::Kind::Payment,
            amount,
            format!("transfer:{}", i + 1),
            note,
            now - days * DAY,
        ));
    }
    let notes = ["Nalojka to'lovi No 7", "Nalojka to'lovi No 8"];
    for (k, note) in mine.iter().zip(notes) {
        let on = held.iter().find(|(c, _)| c.as_deref() == Some(k.id.as_str())).map_or(0, |(_, h)| *h);
        let payout = on - on % 10_000_000;
        if payout > 0 {
            let key = format!("payout:{}", k.number);
            rows.push(posting(Some(&k.id), ledger::Kind::CodPayout, -payout, key, note, now - HOUR));
        }
    }
    ledger::post(&mut tx, &rows).await?;
    tx.commit().await?;
    Ok(())
}
