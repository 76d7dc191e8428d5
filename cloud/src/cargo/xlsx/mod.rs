//! Spreadsheets of the cargo cabinet: everything between an xlsx file's
//! bytes and a row of [`ShipmentField`] → text, and back.
//!
//! The one parser of a new shipment (in `cargo::draft`) turns a [`RawRow`]
//! into a shipment or a list of `(field, problem)`; this module never judges
//! a value, it only moves text in and out of workbooks.
//!
//! # Layout
//! - this file: the shared types ([`Lists`], [`RawRow`], [`FailedRow`]) and
//!   the column layout of the template.
//! - [`archive`]: the zip container checked before any parser sees it (magic,
//!   entry count, inflated size, ratio: zip bombs stop here).
//! - [`cells`]: a cell's value as text (numbers without float noise, dates as
//!   `DD.MM.YYYY`), header names matched in any language.
//! - [`read`]: [`read_upload`] and the typed [`FileError`] of a refused file.
//! - [`template`]: [`template`] and [`failed_rows`]: the same sheet with
//!   headers, dropdowns and a hidden sheet of choices.
//! - [`export`]: [`ExportWriter`], the orders list streamed to a temporary
//!   file with flat memory.

pub mod archive;
pub mod cells;
pub mod export;
pub mod read;
pub mod template;

#[cfg(test)]
mod fixtures;

use std::collections::BTreeMap;

use web::i18n::cargo::ShipmentField;

pub use archive::ArchiveLimits;
pub use export::{ExportRow, ExportWriter};
pub use read::{FileError, UploadLimits, read_upload};
pub use rust_xlsxwriter::XlsxError;
pub use template::{failed_rows, template};

/// The most data rows an upload (and so the template's dropdowns) may hold.
pub const MAX_DATA_ROWS: u32 = 10_000;

/// The columns a file must have (their header in any language, or the field
/// code); a file without one is refused before any row is read. The other
/// fields are optional columns.
pub const REQUIRED_COLUMNS: [ShipmentField; 11] = [
    ShipmentField::ShipDate,
    ShipmentField::SenderName,
    ShipmentField::SenderPhone,
    ShipmentField::SenderRegion,
    ShipmentField::SenderDistrict,
    ShipmentField::ReceiverName,
    ShipmentField::ReceiverPhone,
    ShipmentField::ReceiverRegion,
    ShipmentField::ReceiverDistrict,
    ShipmentField::ParcelType,
    ShipmentField::Weight,
];

/// The choices of the template's dropdowns, in the user's language, given by
/// the caller (from the `regions` and `districts` tables).
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// Regions in display order.
    pub regions: Vec<RegionChoice>,
    /// Districts in display order.
    pub districts: Vec<DistrictChoice>,
}

/// A region in a dropdown.
#[derive(Debug, Clone)]
pub struct RegionChoice {
    /// Its SOATO code.
    pub soato: String,
    /// Its name in the user's language.
    pub name: String,
}

/// A district in a dropdown.
#[derive(Debug, Clone)]
pub struct DistrictChoice {
    /// Its SOATO code.
    pub soato: String,
    /// Its region's SOATO code.
    pub region_soato: String,
    /// Its name in the user's language.
    pub name: String,
}

impl Lists {
    /// The district dropdown's entries: `District (Region)`, so the one list of
    /// all districts tells apart districts of the same name in two regions
    /// (see [`split_district_label`]).
    #[must_use]
    pub fn district_labels(&self) -> Vec<String> {
        self.districts
            .iter()
            .map(|d| match self.regions.iter().find(|r| r.soato == d.region_soato) {
                Some(r) => format!("{} ({})", d.name, r.name),
                None => d.name.clone(),
            })
            .collect()
    }
}

/// Splits a district dropdown entry `District (Region)` into the district's
/// and the region's names; text without a trailing `(…)` is all district.
#[must_use]
pub fn split_district_label(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    if let Some(body) = text.strip_suffix(')')
        && let Some(open) = body.rfind(" (")
    {
        let district = body[..open].trim();
        let region = body[open + 2..].trim();
        if !district.is_empty() && !region.is_empty() {
            return (district, Some(region));
        }
    }
    (text, None)
}

/// A data row of an uploaded sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// The spreadsheet's row number, as the user sees it (2 = the first row
    /// under a header in row 1).
    pub number: u32,
    /// The row's non-empty cells, trimmed, by field.
    pub cells: BTreeMap<ShipmentField, String>,
}

/// A row the parser refused, with what is wrong in it.
#[derive(Debug, Clone)]
pub struct FailedRow {
    /// The row as read.
    pub raw: RawRow,
    /// Each bad field with its problem (a field may appear more than once).
    pub problems: Vec<(ShipmentField, web::i18n::cargo::Problem)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn district_labels_split_back() {
        assert_eq!(
            split_district_label("Mirobod tumani (Toshkent shahri)"),
            ("Mirobod tumani", Some("Toshkent shahri"))
        );
        assert_eq!(split_district_label(" Mirobod tumani "), ("Mirobod tumani", None));
        assert_eq!(split_district_label("(x)"), ("(x)", None));
        assert_eq!(split_district_label("1726273"), ("1726273", None));
        let lists = fixtures::lists();
        for label in lists.district_labels() {
            let (d, r) = split_district_label(&label);
            assert!(lists.districts.iter().any(|x| x.name == d));
            assert!(lists.regions.iter().any(|x| Some(x.name.as_str()) == r));
        }
    }
}
