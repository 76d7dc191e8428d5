#![allow(clippy::unwrap_used)]

use std::io::Cursor;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use web::i18n::Lang;
use web::i18n::cargo::{Problem, ShipmentField as F};

use super::*;
use crate::cargo::xlsx::fixtures;
use crate::cargo::xlsx::{RawRow, UploadLimits, read_upload};

fn open(bytes: &[u8]) -> Xlsx<Cursor<&[u8]>> {
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_template_has_headers_in_the_users_language_and_no_rows() {
    for lang in Lang::ALL {
        let bytes = template(lang, &fixtures::lists()).unwrap();
        let mut book = open(&bytes);
        let sheets = book.sheets_metadata().to_vec();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].name, lang.text().cargo.sheet.sheet_name);
        assert_eq!(sheets[0].visible, SheetVisible::Visible);
        assert_eq!(sheets[1].name, "lists");
        assert_eq!(sheets[1].visible, SheetVisible::Hidden);
        let range = book.worksheet_range(&sheets[0].name).unwrap();
        assert_eq!(range.height(), 1, "only the header row");
        let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| text(Some(c))).collect();
        assert_eq!(header, fixtures::headers(lang));
        // The choices, in the user's language.
        let lists = book.worksheet_range("lists").unwrap();
        assert_eq!(text(lists.get_value((1, 0))), "Fargʻona viloyati");
        assert_eq!(text(lists.get_value((2, 1))), "Fargʻona shahri (Fargʻona viloyati)");
        assert_eq!(text(lists.get_value((4, 2))), lang.text().cargo.parcel_type(protocol::ParcelType::Fragile));
        assert_eq!(text(lists.get_value((1, 3))), lang.text().cargo.delivery_office);
        assert_eq!(text(lists.get_value((0, 4))), lang.text().cargo.sheet.yes);
        assert_eq!(text(lists.get_value((1, 4))), lang.text().cargo.sheet.no);
    }
}

#[test]
fn the_template_has_a_frozen_bold_header_and_dropdowns() {
    let bytes = template(Lang::Ru, &fixtures::lists()).unwrap();
    let sheet = fixtures::part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#), "{sheet}");
    assert!(sheet.contains("<cols>"));
    let column = |f: F| column_letters(F::ALL.iter().position(|x| *x == f).unwrap());
    let expected = [
        (F::SenderRegion, "cargo_regions"),
        (F::ReceiverRegion, "cargo_regions"),
        (F::SenderDistrict, "cargo_districts"),
        (F::ReceiverDistrict, "cargo_districts"),
        (F::ParcelType, "cargo_parcel_types"),
        (F::Delivery, "cargo_delivery"),
        (F::Pickup, "cargo_yes_no"),
        (F::PhotoReport, "cargo_yes_no"),
        (F::ReturnDocuments, "cargo_yes_no"),
    ];
    assert_eq!(sheet.matches("<dataValidation ").count(), expected.len());
    for (field, name) in expected {
        let c = column(field);
        let needle = format!(r#"sqref="{c}2:{c}10001"><formula1>{name}</formula1>"#);
        assert!(sheet.contains(&needle), "{needle} in {sheet}");
    }
    assert!(sheet.contains(r#"type="list" errorStyle="warning""#));
    let book = fixtures::part(&bytes, "xl/workbook.xml");
    assert!(book.contains(r#"<definedName name="cargo_districts">lists!$B$1:$B$5</definedName>"#), "{book}");
    assert!(book.contains(r#"<definedName name="cargo_regions">lists!$A$1:$A$3</definedName>"#));
    assert!(book.contains(r#"<definedName name="cargo_yes_no">lists!$E$1:$E$2</definedName>"#));
    assert!(book.contains(r#"state="hidden""#));
    let styles = fixtures::part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"));
    // The phone and barcode columns are text, so 998… and 0… stay as typed.
    assert!(styles.contains(r#"<numFmt numFmtId="164" formatCode="@"/>"#) || styles.contains(r#"numFmtId="49""#));
}

#[test]
fn a_template_without_lists_has_the_fixed_dropdowns_only() {
    let bytes = template(Lang::En, &crate::cargo::xlsx::Lists::default()).unwrap();
    let sheet = fixtures::part(&bytes, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<dataValidation ").count(), 5);
    assert!(!sheet.contains("cargo_regions"));
}

fn failed() -> Vec<FailedRow> {
    let raw = |number: u32, cells: &[(F, &str)]| RawRow {
        number,
        cells: cells.iter().map(|(f, t)| (*f, (*t).to_owned())).collect(),
    };
    vec![
        FailedRow {
            raw: raw(
                3,
                &[
                    (F::ShipDate, "03.12.2026"),
                    (F::SenderName, "Ali"),
                    (F::SenderPhone, "998901234567"),
                    (F::ReceiverRegion, "Atlantida"),
                    (F::Weight, "ikki"),
                    (F::ClientBarcode, "000123"),
                ],
            ),
            problems: vec![(F::ReceiverRegion, Problem::UnknownRegion), (F::Weight, Problem::BadNumber)],
        },
        FailedRow {
            raw: raw(10_001, &[(F::SenderName, "=cmd|' /C calc'!A0"), (F::Weight, "2")]),
            problems: vec![(F::ShipDate, Problem::Required), (F::ShipDate, Problem::BadDate)],
        },
    ]
}

#[test]
fn the_failed_rows_file_reads_back_as_the_rows_it_was_made_of() {
    let rows = failed();
    for lang in Lang::ALL {
        let bytes = failed_rows(lang, &fixtures::lists(), &rows).unwrap();
        let back = read_upload(&bytes, &UploadLimits::default()).unwrap();
        // Row numbers are the failed file's own; the values are the originals.
        let cells: Vec<_> = back.iter().map(|r| r.cells.clone()).collect();
        let want: Vec<_> = rows.iter().map(|r| r.raw.cells.clone()).collect();
        assert_eq!(cells, want, "{lang:?}");
        assert_eq!(back.iter().map(|r| r.number).collect::<Vec<_>>(), vec![2, 3]);
    }
}

#[test]
fn the_failed_rows_file_says_what_is_wrong_where() {
    let bytes = failed_rows(Lang::Ru, &fixtures::lists(), &failed()).unwrap();
    let mut book = open(&bytes);
    let range = book.worksheet_range("Заказы").unwrap();
    let n = F::ALL.len();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| text(Some(c))).collect();
    assert_eq!(header[n], "Строка");
    assert_eq!(header[n + 1], "Ошибки");
    assert_eq!(text(range.get_value((1, n as u32))), "3");
    assert_eq!(text(range.get_value((2, n as u32))), "10001");
    assert_eq!(
        text(range.get_value((1, n as u32 + 1))),
        "Регион получателя: Нет такого региона; Вес (кг): Должно быть числом"
    );
    // A note on each bad cell, both problems of a field in one note.
    let comments = fixtures::part(&bytes, "xl/comments1.xml");
    let col = |f: F| column_letters(F::ALL.iter().position(|x| *x == f).unwrap());
    for (cell, message) in [
        (format!("{}2", col(F::ReceiverRegion)), "Нет такого региона"),
        (format!("{}2", col(F::Weight)), "Должно быть числом"),
        (format!("{}3", col(F::ShipDate)), "Обязательное поле"),
    ] {
        let at = comments.find(&format!(r#"<comment ref="{cell}""#)).unwrap_or_else(|| panic!("{cell}: {comments}"));
        let end = comments[at..].find("</comment>").unwrap() + at;
        assert!(comments[at..end].contains(message), "{cell}");
    }
    assert_eq!(comments.matches("<comment ref=").count(), 3);
    assert!(comments.contains("Дата должна быть в виде ДД.ММ.ГГГГ"));
    let styles = fixtures::part(&bytes, "xl/styles.xml");
    assert!(styles.contains("FFFFC7CE"), "the bad cells' fill");
    // The dropdowns are there too.
    let sheet = fixtures::part(&bytes, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<dataValidation ").count(), 9);
}
