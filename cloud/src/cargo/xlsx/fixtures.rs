//! Workbooks and archives built by the tests (no binary fixture is committed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use web::i18n::Lang;
use web::i18n::cargo::ShipmentField;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{DistrictChoice, Lists, RegionChoice};

/// Three regions and five districts, named in `lang`-independent Uzbek.
pub fn lists() -> Lists {
    let region = |soato: &str, name: &str| RegionChoice { soato: soato.into(), name: name.into() };
    let district = |soato: &str, region: &str, name: &str| DistrictChoice {
        soato: soato.into(),
        region_soato: region.into(),
        name: name.into(),
    };
    Lists {
        regions: vec![
            region("1726", "Toshkent shahri"),
            region("1730", "Fargʻona viloyati"),
            region("1735", "Qoraqalpogʻiston Respublikasi"),
        ],
        districts: vec![
            district("1726273", "1726", "Mirobod tumani"),
            district("1726287", "1726", "Yakkasaroy tumani"),
            district("1730401", "1730", "Fargʻona shahri"),
            district("1730212", "1730", "Oltiariq tumani"),
            district("1735401", "1735", "Nukus shahri"),
        ],
    }
}

/// A cell of a test workbook.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Nothing written.
    Blank,
    /// A string.
    Text(&'static str),
    /// A number.
    Num(f64),
    /// A date cell (`dd.mm.yyyy` format).
    Date(u16, u8, u8),
    /// A formula.
    Formula(&'static str),
}

/// A one-sheet workbook: `header` in row 1, `rows` under it.
pub fn workbook(header: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    workbook_with(header, rows, |_| {})
}

/// As [`workbook`], then `extra` on the sheet (merges, say).
pub fn workbook_with(
    header: &[&str],
    rows: &[Vec<Cell>],
    extra: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Blank => {}
                Cell::Text(t) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                Cell::Num(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                Cell::Formula(f) => {
                    sheet.write_formula(r, c, Formula::new(*f)).unwrap();
                }
            }
        }
    }
    extra(sheet);
    book.save_to_buffer().unwrap()
}

/// Every field's header in `lang`, in template order.
pub fn headers(lang: Lang) -> Vec<&'static str> {
    ShipmentField::ALL.into_iter().map(|f| lang.text().cargo.field(f)).collect()
}

/// A plausible row in template order, its receiver's name numbered.
pub fn good_row(n: u32) -> Vec<String> {
    ShipmentField::ALL
        .into_iter()
        .map(|f| match f {
            ShipmentField::ShipDate => "03.12.2026".to_owned(),
            ShipmentField::SenderName => "Rasulbek Eshchanov".to_owned(),
            ShipmentField::SenderPhone => "+998901234567".to_owned(),
            ShipmentField::SenderRegion => "Toshkent shahri".to_owned(),
            ShipmentField::SenderDistrict => "Mirobod tumani (Toshkent shahri)".to_owned(),
            ShipmentField::SenderAddress => "Amir Temur ko'chasi, 1".to_owned(),
            ShipmentField::ReceiverName => format!("Qabul qiluvchi {n}"),
            ShipmentField::ReceiverPhone => "+998911112233".to_owned(),
            ShipmentField::ReceiverRegion => "Fargʻona viloyati".to_owned(),
            ShipmentField::ReceiverDistrict => "Oltiariq tumani".to_owned(),
            ShipmentField::ReceiverAddress => "Mustaqillik 5".to_owned(),
            ShipmentField::Delivery => "Eshikkacha".to_owned(),
            ShipmentField::ParcelType => "Quti".to_owned(),
            ShipmentField::Weight => "2.5".to_owned(),
            ShipmentField::Pieces => "1".to_owned(),
            ShipmentField::Pickup | ShipmentField::PhotoReport | ShipmentField::ReturnDocuments => "Yo'q".to_owned(),
            _ => String::new(),
        })
        .collect()
}

/// An upload of `n` plausible rows (Uzbek headers), written as strings.
pub fn big_upload(n: u32) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers(Lang::Uz).iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=n {
        for (c, v) in good_row(r).iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A zip of deflated entries.
pub fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A zip of one deflated entry of `size` zero bytes, written in chunks.
pub fn zip_of_zeros(name: &str, size: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(size as u64 >= u64::from(u32::MAX));
    zip.start_file(name, options).unwrap();
    let chunk = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        zip.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    zip.finish().unwrap().into_inner()
}

/// A zip of one stored (uncompressed) entry.
pub fn zip_stored(name: &str, data: &[u8]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    zip.start_file(name, options).unwrap();
    zip.write_all(data).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Overwrites the uncompressed size of the first central directory record.
pub fn patch_central_uncompressed_size(bytes: &mut [u8], size: u32) {
    let at = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
}

/// The text of an archive's part.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

/// The peak resident set of this process so far, in KiB (`VmHWM`).
pub fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
