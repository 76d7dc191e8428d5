//! Writes the cargo cabinet's spreadsheets to a folder, to open in Excel or
//! LibreOffice: `cargo run --release -p cloud --example cargo_xlsx_samples -- DIR`.
//! The template and failed-rows file in three languages, with every region
//! and district of the migration's seed; an export of 1 000 orders.
//! `-- read FILE` reads an upload and prints its rows, or why it is refused.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use anyhow::Context;
use cloud::cargo::xlsx::{
    DistrictChoice, ExportRow, ExportWriter, FailedRow, Lists, RawRow, RegionChoice, UploadLimits, failed_rows,
    read_upload, template,
};
use protocol::ShipmentStatus;
use web::i18n::Lang;
use web::i18n::cargo::{Problem, ShipmentField};

fn main() -> anyhow::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("read") {
        let path = std::env::args().nth(2).context("usage: cargo_xlsx_samples read FILE")?;
        let bytes = std::fs::read(path)?;
        let start = std::time::Instant::now();
        match read_upload(&bytes, &UploadLimits::default()) {
            Ok(rows) => {
                println!("{} rows in {:?}", rows.len(), start.elapsed());
                for row in rows.iter().take(5) {
                    println!("{row:?}");
                }
            }
            Err(e) => println!("refused ({}): {}", e.code(), e.message(Lang::En)),
        }
        return Ok(());
    }
    let dir = PathBuf::from(std::env::args().nth(1).context("usage: cargo_xlsx_samples DIR")?);
    std::fs::create_dir_all(&dir)?;
    let seed = include_str!("../migrations/0011_cargo_regions.sql");
    for lang in Lang::ALL {
        let lists = lists(seed, lang);
        let path = dir.join(format!("template-{}.xlsx", lang.code()));
        std::fs::write(&path, template(lang, &lists)?)?;
        println!("{}", path.display());
        let row = RawRow {
            number: 7,
            cells: [
                (ShipmentField::ShipDate, "03.12.2026"),
                (ShipmentField::SenderName, "Ali Valiyev"),
                (ShipmentField::SenderPhone, "+998901234567"),
                (ShipmentField::ReceiverRegion, "Atlantida"),
                (ShipmentField::Weight, "ikki"),
            ]
            .into_iter()
            .map(|(f, v)| (f, v.to_owned()))
            .collect(),
        };
        let failed = [FailedRow {
            raw: row,
            problems: vec![
                (ShipmentField::ReceiverRegion, Problem::UnknownRegion),
                (ShipmentField::Weight, Problem::BadNumber),
                (ShipmentField::ReceiverName, Problem::Required),
            ],
        }];
        let path = dir.join(format!("failed-{}.xlsx", lang.code()));
        std::fs::write(&path, failed_rows(lang, &lists, &failed)?)?;
        println!("{}", path.display());
    }
    let mut export = ExportWriter::new(Lang::Ru, &dir)?;
    for n in 0..1_000_u32 {
        export.push(&ExportRow {
            barcode: format!("{:012}", 200_000_000_000_u64 + u64::from(n)),
            order_id: if n == 0 { "=1+1".to_owned() } else { format!("A-{n}") },
            created_at_ms: 1_796_274_000_000 + i64::from(n) * 60_000,
            status: ShipmentStatus::ALL[n as usize % ShipmentStatus::ALL.len()],
            from_region: "Toshkent shahri".to_owned(),
            receiver_district: "Oltiariq tumani".to_owned(),
            office_from: "Chilonzor".to_owned(),
            office_to: "-".to_owned(),
            sender_name: "Eshchanov Rasulbek".to_owned(),
            receiver_name: if n == 1 { "@Karimova".to_owned() } else { "Karimova Dilnoza".to_owned() },
        })?;
    }
    let file = export.finish()?;
    let path = dir.join("export-ru.xlsx");
    file.persist(&path)?;
    println!("{}", path.display());
    Ok(())
}

/// Regions and districts from the seed migration's `INSERT` lines.
fn lists(seed: &str, lang: Lang) -> Lists {
    let name = |fields: &[&str], at: usize| match lang {
        Lang::Uz => fields[at].to_owned(),
        Lang::Ru => fields[at + 2].to_owned(),
        Lang::En => fields[at + 4].to_owned(),
    };
    let mut lists = Lists::default();
    for line in seed.lines().filter(|l| l.starts_with(" ('")) {
        let fields: Vec<&str> = line.split('\'').collect();
        // Region: ('1726', 1, 'uz', 'ru', 'en'); district: ('…', '1726', 1, 'uz', 'ru', 'en').
        if fields.len() == 11 {
            lists.districts.push(DistrictChoice {
                soato: fields[1].to_owned(),
                region_soato: fields[3].to_owned(),
                name: name(&fields, 5),
            });
        } else if fields.len() == 9 {
            lists.regions.push(RegionChoice { soato: fields[1].to_owned(), name: name(&fields, 3) });
        }
    }
    lists
}
