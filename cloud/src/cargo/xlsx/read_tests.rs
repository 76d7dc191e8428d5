#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use rust_xlsxwriter::Format;
use web::i18n::Lang;
use web::i18n::cargo::ShipmentField as F;

use super::*;
use crate::cargo::xlsx::fixtures::{self, Cell};

fn read(bytes: &[u8]) -> Result<Vec<RawRow>, FileError> {
    read_upload(bytes, &UploadLimits::default())
}

fn row(number: u32, cells: &[(F, &str)]) -> RawRow {
    RawRow { number, cells: cells.iter().map(|(f, t)| (*f, (*t).to_owned())).collect() }
}

/// The required headers in Russian, in odd case and spacing, plus two
/// columns that name no field.
fn header() -> Vec<&'static str> {
    vec![
        "  ДАТА ",
        "имя отправителя",
        "Телефон отправителя",
        "Регион отправителя",
        "Район (город) отправителя",
        "Комментарий",
        "Имя получателя",
        "receiver_phone",
        "Регион получателя",
        "Район (город) получателя",
        "Тип отправления",
        "Вес (кг)",
        "Declared value (som)",
    ]
}

#[test]
fn good_and_bad_rows_read_back_exactly() {
    use Cell::{Blank, Date, Num, Text};
    let rows = vec![
        vec![
            Date(2026, 12, 3),
            Text(" Ali Valiyev "),
            Num(998_901_234_567.0),
            Text("Toshkent shahri"),
            Text("Mirobod tumani (Toshkent shahri)"),
            Text("ignored"),
            Text("Olim"),
            Text("+998 91 111 22 33"),
            Text("1730"),
            Text("Oltiariq"),
            Text("Quti"),
            Num(12.5),
            Num(1_500_000.0),
        ],
        // Blank, then whitespace only, then only an unknown column: skipped.
        vec![],
        vec![Blank, Text("   ")],
        vec![Blank, Blank, Blank, Blank, Blank, Text("only a comment")],
        // A bad row: the parser's business, read as it is.
        vec![
            Text("32.13.2026"),
            Blank,
            Text("12345"),
            Text("Atlantida"),
            Blank,
            Blank,
            Text("=not a formula, a string"),
            Blank,
            Blank,
            Blank,
            Text("Piano"),
            Num(-0.1 - 0.2),
            Num(0.0),
        ],
    ];
    let bytes = fixtures::workbook(&header(), &rows);
    let got = read(&bytes).unwrap();
    assert_eq!(
        got,
        vec![
            row(
                2,
                &[
                    (F::ShipDate, "03.12.2026"),
                    (F::SenderName, "Ali Valiyev"),
                    (F::SenderPhone, "998901234567"),
                    (F::SenderRegion, "Toshkent shahri"),
                    (F::SenderDistrict, "Mirobod tumani (Toshkent shahri)"),
                    (F::ReceiverName, "Olim"),
                    (F::ReceiverPhone, "+998 91 111 22 33"),
                    (F::ReceiverRegion, "1730"),
                    (F::ReceiverDistrict, "Oltiariq"),
                    (F::ParcelType, "Quti"),
                    (F::Weight, "12.5"),
                    (F::DeclaredValue, "1500000"),
                ]
            ),
            row(
                6,
                &[
                    (F::ShipDate, "32.13.2026"),
                    (F::SenderPhone, "12345"),
                    (F::SenderRegion, "Atlantida"),
                    (F::ReceiverName, "=not a formula, a string"),
                    (F::ParcelType, "Piano"),
                    (F::Weight, "-0.3"),
                    (F::DeclaredValue, "0"),
                ]
            ),
        ]
    );
}

#[test]
fn headers_in_every_language_and_codes_map_the_same_columns() {
    for lang in Lang::ALL {
        let values = fixtures::good_row(7);
        let cells: Vec<Cell> = values.iter().map(|v| Cell::Text(Box::leak(v.clone().into_boxed_str()))).collect();
        let bytes = fixtures::workbook(&fixtures::headers(lang), std::slice::from_ref(&cells));
        let got = read(&bytes).unwrap();
        let want: BTreeMap<F, String> =
            F::ALL.into_iter().zip(values.iter().cloned()).filter(|(_, v)| !v.is_empty()).collect();
        assert_eq!(got, vec![RawRow { number: 2, cells: want.clone() }], "{lang:?}");
        let codes: Vec<&str> = F::ALL.into_iter().map(F::code).collect();
        let got = read(&fixtures::workbook(&codes, &[cells])).unwrap();
        assert_eq!(got[0].cells, want);
    }
}

#[test]
fn the_template_reads_as_a_file_without_rows() {
    for lang in Lang::ALL {
        let bytes = crate::cargo::xlsx::template(lang, &fixtures::lists()).unwrap();
        assert_eq!(read(&bytes), Err(FileError::NoDataRows), "{lang:?}");
    }
}

#[test]
fn what_is_not_an_xlsx_is_refused() {
    for bytes in [
        b"".to_vec(),
        b"%PDF-1.7\n".to_vec(),
        b"id,name\n1,Ali\n".to_vec(),
        b"PK\x03\x04 truncated".to_vec(),
        fixtures::zip_of(&[("hello.txt", b"not a workbook".to_vec())]),
    ] {
        let err = read(&bytes).unwrap_err();
        assert!(matches!(err, FileError::NotXlsx(_)), "{err:?}");
        assert_eq!(err.code(), "not_xlsx");
    }
}

#[test]
fn a_zip_bomb_is_refused_before_calamine_reads_it() {
    // ~120 KB that inflates to 120 MiB, under the name calamine loads whole.
    let bytes = fixtures::zip_of_zeros("xl/sharedStrings.xml", 120 * 1024 * 1024);
    assert!(bytes.len() < 200 * 1024);
    let err = read(&bytes).unwrap_err();
    assert!(matches!(err, FileError::ZipBomb(_)), "{err:?}");
    for lang in Lang::ALL {
        assert_eq!(err.message(lang), lang.text().cargo.sheet.too_large);
    }
}

#[test]
fn ten_thousand_rows_pass_and_one_more_is_refused() {
    let rows = read(&fixtures::big_upload(10_000)).unwrap();
    assert_eq!(rows.len(), 10_000);
    assert_eq!(rows[0].number, 2);
    assert_eq!(rows[9_999].number, 10_001);
    assert_eq!(rows[9_999].cells[&F::ReceiverName], "Qabul qiluvchi 10000");
    let err = read(&fixtures::big_upload(10_001)).unwrap_err();
    assert_eq!(err, FileError::TooManyRows { limit: 10_000 });
    assert_eq!(err.message(Lang::En), "The file has more than 10000 rows; split it into parts");
}

#[test]
fn a_formula_is_refused_naming_its_cell() {
    let mut rows = vec![fixtures::good_row(1).iter().map(|_| Cell::Text("x")).collect::<Vec<_>>(); 4];
    rows[3][2] = Cell::Formula("=1+1");
    let bytes = fixtures::workbook(&fixtures::headers(Lang::Ru), &rows);
    let err = read(&bytes).unwrap_err();
    assert_eq!(err, FileError::Formula { cell: "C5".to_owned() });
    assert_eq!(err.message(Lang::Ru), "В файле есть формула (C5); замените формулы значениями");
    // Also in a column that names no field.
    let mut rows = vec![vec![Cell::Text("x"); 30]; 2];
    rows[1][27] = Cell::Formula("=SUM(A1:A2)");
    let err = read(&fixtures::workbook(&fixtures::headers(Lang::En), &rows)).unwrap_err();
    assert_eq!(err, FileError::Formula { cell: "AB3".to_owned() });
}

#[test]
fn merged_cells_are_refused() {
    let rows = vec![fixtures::good_row(1).iter().map(|_| Cell::Text("x")).collect::<Vec<_>>(); 3];
    let bytes = fixtures::workbook_with(&fixtures::headers(Lang::Uz), &rows, |sheet| {
        sheet.merge_range(2, 1, 2, 2, "merged", &Format::new()).unwrap();
    });
    let err = read(&bytes).unwrap_err();
    assert_eq!(err, FileError::MergedCells { cell: "B3:C3".to_owned() });
    assert!(err.message(Lang::Uz).contains("B3:C3"));
}

#[test]
fn empty_sheets_and_missing_rows_are_refused() {
    assert_eq!(read(&fixtures::workbook(&[], &[])), Err(FileError::EmptySheet));
    // Blank rows under the header are no rows.
    let bytes = fixtures::workbook(&fixtures::headers(Lang::En), &[vec![], vec![Cell::Text(" ")]]);
    assert_eq!(read(&bytes), Err(FileError::NoDataRows));
}

#[test]
fn missing_and_duplicate_columns_are_refused_by_name() {
    let mut header = fixtures::headers(Lang::En);
    header.retain(|h| *h != "Weight (kg)");
    let rows = vec![vec![Cell::Text("x"); header.len()]];
    let err = read(&fixtures::workbook(&header, &rows)).unwrap_err();
    assert_eq!(err, FileError::MissingColumn(F::Weight));
    assert_eq!(err.message(Lang::Ru), "Не найден обязательный столбец: Вес (кг)");
    // Optional columns may be missing.
    let mut header = fixtures::headers(Lang::En);
    header.retain(|h| *h != "Declared value (som)");
    assert!(read(&fixtures::workbook(&header, &rows)).is_ok());
    // The same field twice, in two languages.
    let mut header = fixtures::headers(Lang::En);
    header.push("Вес (кг)");
    let err = read(&fixtures::workbook(&header, &rows)).unwrap_err();
    assert_eq!(err, FileError::DuplicateColumn(F::Weight));
}

#[test]
fn every_refusal_has_a_message_in_every_language() {
    let errors = [
        FileError::NotXlsx(String::new()),
        FileError::ZipBomb(String::new()),
        FileError::TooManyRows { limit: 10_000 },
        FileError::MergedCells { cell: "A1:B1".into() },
        FileError::Formula { cell: "C5".into() },
        FileError::EmptySheet,
        FileError::NoDataRows,
        FileError::MissingColumn(F::SenderName),
        FileError::DuplicateColumn(F::SenderName),
    ];
    for lang in Lang::ALL {
        let mut seen = std::collections::BTreeSet::new();
        for e in &errors {
            let m = e.message(lang);
            assert!(!m.is_empty() && !m.contains('{'), "{m}");
            assert!(seen.insert(m));
        }
    }
}

/// Run with `--ignored --nocapture` in release: time to read a 10 000-row upload.
#[test]
#[ignore = "a measurement, not a check"]
fn measure_reading_ten_thousand_rows() {
    let bytes = fixtures::big_upload(10_000);
    let runs = 5;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        assert_eq!(read(&bytes).unwrap().len(), 10_000);
    }
    let each = start.elapsed() / runs;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        crate::cargo::xlsx::archive::check(&bytes, &UploadLimits::default().archive).unwrap();
    }
    let archive = start.elapsed() / runs;
    #[allow(clippy::print_stdout)]
    {
        println!(
            "read_upload: {} bytes, 10000 rows in {:?} ({:.0} rows/s), of which the archive check {:?}",
            bytes.len(),
            each,
            10_000.0 / each.as_secs_f64(),
            archive
        );
    }
}

#[test]
fn damaged_files_are_refused_or_read_never_panicking() {
    use rand::{Rng, SeedableRng};
    let rows = vec![fixtures::good_row(1).iter().map(|_| Cell::Num(12.5)).collect::<Vec<_>>(); 3];
    let good = fixtures::workbook(&fixtures::headers(Lang::Uz), &rows);
    assert_eq!(read(&good).unwrap().len(), 3);
    let mut rng = rand::rngs::SmallRng::seed_from_u64(14);
    let mut refused = 0;
    for _ in 0..400 {
        let mut bytes = good.clone();
        match rng.random_range(0..3) {
            // A few flipped bytes anywhere.
            0 => {
                for _ in 0..rng.random_range(1..8) {
                    let at = rng.random_range(0..bytes.len());
                    bytes[at] ^= rng.random_range(1..=255u8);
                }
            }
            // Cut short.
            1 => bytes.truncate(rng.random_range(0..bytes.len())),
            // A run of one byte value.
            _ => {
                let at = rng.random_range(0..bytes.len());
                let end = (at + rng.random_range(1..64)).min(bytes.len());
                let v = rng.random();
                bytes[at..end].fill(v);
            }
        }
        if read(&bytes).is_err() {
            refused += 1;
        }
    }
    assert!(refused > 200, "most damaged files are refused: {refused}");
}
