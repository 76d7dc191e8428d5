#![allow(clippy::unwrap_used)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use protocol::ShipmentStatus;
use web::i18n::Lang;

use super::*;
use crate::cargo::xlsx::cells::date_text;
use crate::cargo::xlsx::fixtures;

fn order(n: u32) -> ExportRow {
    ExportRow {
        barcode: format!("{:012}", 100_000_000_000_u64 + u64::from(n)),
        order_id: format!("A-{n}"),
        // 2026-12-03 10:00 in Tashkent.
        created_at_ms: 1_796_274_000_000,
        status: ShipmentStatus::InTransit,
        from_region: "Toshkent shahri".to_owned(),
        receiver_district: "Oltiariq tumani".to_owned(),
        office_from: "Chilonzor filiali".to_owned(),
        office_to: String::new(),
        sender_name: "Eshchanov Rasulbek".to_owned(),
        receiver_name: "Karimova Dilnoza".to_owned(),
    }
}

#[test]
fn neutralise_quotes_what_a_spreadsheet_would_evaluate() {
    for bad in ["=1+1", "+998", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
        assert_eq!(neutralise(bad), Some(format!("'{bad}")));
    }
    for fine in ["", "-", "+", "Ali", "100000000001", " =1", "'=1", "A=B"] {
        assert_eq!(neutralise(fine), None);
    }
}

#[test]
fn the_export_reads_back_with_text_that_is_never_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = ExportWriter::new(Lang::En, dir.path()).unwrap();
    let mut evil = order(2);
    evil.order_id = "=HYPERLINK(\"http://evil\",\"x\")".to_owned();
    evil.office_from = "+998901234567".to_owned();
    evil.office_to = "@cmd".to_owned();
    evil.receiver_district = "-1".to_owned();
    evil.receiver_name = "=cmd|' /C calc'!A0".to_owned();
    evil.sender_name = "-Ali".to_owned();
    writer.extend([&order(1), &evil]).unwrap();
    assert_eq!(writer.rows(), 2);
    let file = writer.finish().unwrap();
    let bytes = std::fs::read(file.path()).unwrap();

    let sheet_xml = fixtures::part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(!sheet_xml.contains("<f>"), "no formula anywhere");
    let mut book = Xlsx::new(Cursor::new(bytes.as_slice())).unwrap();
    let range = book.worksheet_range("Orders").unwrap();
    assert_eq!(range.height(), 3);
    let row = |r: usize| -> Vec<String> {
        range
            .rows()
            .nth(r)
            .unwrap()
            .iter()
            .map(|c| match c {
                Data::DateTime(dt) => date_text(dt),
                other => other.to_string(),
            })
            .collect()
    };
    assert_eq!(row(0), Lang::En.text().cargo.sheet.export_columns.map(str::to_owned).to_vec());
    assert_eq!(
        row(1),
        vec![
            "100000000001",
            "A-1",
            "03.12.2026",
            "In transit",
            "Toshkent shahri",
            "Oltiariq tumani",
            "Chilonzor filiali",
            "",
            "Eshchanov Rasulbek",
            "Karimova Dilnoza"
        ]
    );
    let evil = row(2);
    assert_eq!(evil[1], "'=HYPERLINK(\"http://evil\",\"x\")");
    assert_eq!(evil[5], "'-1");
    assert_eq!(evil[6], "'+998901234567");
    assert_eq!(evil[7], "'@cmd");
    assert_eq!(evil[8], "'-Ali");
    assert_eq!(evil[9], "'=cmd|' /C calc'!A0");
    // The date is a real date cell, in Tashkent time.
    match range.get_value((1, 2)).unwrap() {
        Data::DateTime(dt) => assert_eq!(dt.to_ymd_hms_milli(), (2026, 12, 3, 10, 0, 0, 0)),
        other => panic!("{other:?}"),
    }
    // Excel's quote prefix on the neutralised cells.
    assert!(fixtures::part(&bytes, "xl/styles.xml").contains(r#"quotePrefix="1""#));
    drop(file);
}

#[test]
fn the_export_is_deleted_when_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let writer = ExportWriter::new(Lang::Uz, dir.path()).unwrap();
    let file = writer.finish().unwrap();
    let path = file.path().to_path_buf();
    assert!(path.exists());
    drop(file);
    assert!(!path.exists());
}

/// The child of [`exporting_100_000_rows_keeps_memory_flat`]: exports in a
/// process of its own, so no other test's allocations count, and prints the
/// growth of its peak resident set.
#[test]
#[ignore = "run by exporting_100_000_rows_keeps_memory_flat in a child process"]
fn export_rss_child() {
    if std::env::var_os("CARGO_XLSX_RSS_CHILD").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let before = fixtures::peak_rss_kib();
    let start = std::time::Instant::now();
    let mut writer = ExportWriter::new(Lang::Ru, dir.path()).unwrap();
    // Pages of 1 000, as the store would hand them.
    for page in 0..100 {
        let rows: Vec<ExportRow> = (0..1_000).map(|i| order(page * 1_000 + i)).collect();
        writer.extend(&rows).unwrap();
    }
    let file = writer.finish().unwrap();
    let after = fixtures::peak_rss_kib();
    let size = std::fs::metadata(file.path()).unwrap().len();
    #[allow(clippy::print_stdout)]
    {
        println!("RSS_GROWTH_KIB={} FILE_BYTES={size} MILLIS={}", after - before, start.elapsed().as_millis());
    }
}

#[test]
fn exporting_100_000_rows_keeps_memory_flat() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "cargo::xlsx::export::tests::export_rss_child", "--ignored", "--nocapture"])
        .env("CARGO_XLSX_RSS_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout.lines().find(|l| l.starts_with("RSS_GROWTH_KIB=")).unwrap_or_else(|| panic!("{stdout}"));
    eprintln!("{line}");
    let growth: u64 = line.split_whitespace().next().unwrap()["RSS_GROWTH_KIB=".len()..].parse().unwrap();
    let bytes: u64 = line.split_whitespace().nth(1).unwrap()["FILE_BYTES=".len()..].parse().unwrap();
    assert!(bytes > 1_000_000, "100 000 rows make a file of megabytes: {bytes}");
    // Holding the rows would take ~100 MiB; constant memory keeps the peak
    // to the zip and XML buffers.
    assert!(growth < 32 * 1024, "peak RSS grew by {growth} KiB");
}
