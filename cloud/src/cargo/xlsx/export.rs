//! The orders list as an xlsx file, written row by row with flat memory.
//!
//! rust_xlsxwriter's constant-memory mode writes each row to a temporary file
//! as soon as the next row starts, with strings inline rather than in a
//! shared table, so 100 000 rows cost what one row does; [`ExportWriter::finish`]
//! zips the parts into another temporary file that the caller streams out.
//!
//! Text that a spreadsheet would read as a formula once edited or pasted
//! (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written
//! with a leading apostrophe and Excel's quote prefix: it stays text
//! everywhere, also when the sheet is saved as CSV and opened again.

use std::path::Path;

use protocol::ShipmentStatus;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use tempfile::NamedTempFile;
use web::format::TASHKENT_OFFSET_MS;
use web::i18n::Lang;

/// One order of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    /// The shipment's barcode (12 digits).
    pub barcode: String,
    /// The order's number as the client knows it.
    pub order_id: String,
    /// When it was created, UTC milliseconds (shown in Tashkent time).
    pub created_at_ms: i64,
    /// Its status, named in the export's language.
    pub status: ShipmentStatus,
    /// The sender's region, named in the export's language.
    pub from_region: String,
    /// The receiver's district, named in the export's language.
    pub receiver_district: String,
    /// The office that accepted it (empty when none yet).
    pub office_from: String,
    /// The destination office (empty when none).
    pub office_to: String,
    /// The sender's name as typed (a client's text: neutralised if it
    /// starts like a formula).
    pub sender_name: String,
    /// The receiver's name as typed (neutralised likewise).
    pub receiver_name: String,
}

/// An export being written; push rows in order, then [`ExportWriter::finish`].
pub struct ExportWriter {
    /// The workbook, its one sheet in constant-memory mode.
    book: Workbook,
    /// The export's language (status names).
    lang: Lang,
    /// The next row to write (0 is the header).
    next_row: u32,
    /// Where the finished file goes.
    dir: std::path::PathBuf,
    /// The date cells' format.
    date: Format,
    /// Neutralised text's format (quote prefix).
    quoted: Format,
}

impl std::fmt::Debug for ExportWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportWriter").field("lang", &self.lang).field("next_row", &self.next_row).finish()
    }
}

impl ExportWriter {
    /// Starts an export in `lang`, its temporary files in `dir`.
    ///
    /// # Errors
    /// [`XlsxError`] if the temporary file cannot be made.
    pub fn new(lang: Lang, dir: &Path) -> Result<ExportWriter, XlsxError> {
        let t = &lang.text().cargo.sheet;
        let mut book = Workbook::new();
        book.set_tempdir(dir)?;
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(t.export_sheet_name)?;
        let header = Format::new().set_bold();
        let widths = [16.0, 16.0, 17.0, 22.0, 24.0, 28.0, 24.0, 24.0, 28.0, 28.0];
        for (c, (h, w)) in t.export_columns.iter().zip(widths).enumerate() {
            sheet.set_column_width(c as u16, w)?;
            sheet.write_string_with_format(0, c as u16, *h, &header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(ExportWriter {
            book,
            lang,
            next_row: 1,
            dir: dir.to_path_buf(),
            date: Format::new().set_num_format("dd.mm.yyyy hh:mm"),
            quoted: Format::new().set_quote_prefix(),
        })
    }

    /// Rows written so far.
    #[must_use]
    pub fn rows(&self) -> u32 {
        self.next_row - 1
    }

    /// Appends an order.
    ///
    /// # Errors
    /// [`XlsxError`] past Excel's 1 048 576 rows or when the temporary file
    /// cannot be written.
    pub fn push(&mut self, row: &ExportRow) -> Result<(), XlsxError> {
        let r = self.next_row;
        let status = self.lang.text().cargo.status(row.status);
        let sheet = self.book.worksheet_from_index(0)?;
        let texts = [
            (0, row.barcode.as_str()),
            (1, row.order_id.as_str()),
            (3, status),
            (4, row.from_region.as_str()),
            (5, row.receiver_district.as_str()),
            (6, row.office_from.as_str()),
            (7, row.office_to.as_str()),
            (8, row.sender_name.as_str()),
            (9, row.receiver_name.as_str()),
        ];
        for (c, text) in texts {
            match neutralise(text) {
                Some(safe) => sheet.write_string_with_format(r, c, safe, &self.quoted)?,
                None => sheet.write_string(r, c, text)?,
            };
        }
        sheet.write_number_with_format(r, 2, excel_serial(row.created_at_ms), &self.date)?;
        self.next_row += 1;
        Ok(())
    }

    /// Appends every order of an iterator (a page, say).
    ///
    /// # Errors
    /// As [`ExportWriter::push`].
    pub fn extend<'a>(&mut self, rows: impl IntoIterator<Item = &'a ExportRow>) -> Result<(), XlsxError> {
        rows.into_iter().try_for_each(|r| self.push(r))
    }

    /// Writes the file; the caller streams it, and it is deleted on drop.
    ///
    /// # Errors
    /// [`XlsxError`] if the file cannot be written.
    pub fn finish(mut self) -> Result<NamedTempFile, XlsxError> {
        let file = tempfile::Builder::new().prefix("cargo-export-").suffix(".xlsx").tempfile_in(&self.dir)?;
        self.book.save(file.path())?;
        Ok(file)
    }
}

/// `text` made safe when a spreadsheet could read it as a formula: a leading
/// apostrophe; `None` when it is safe as it is (a lone `-` placeholder too:
/// one character is no formula).
#[must_use]
pub fn neutralise(text: &str) -> Option<String> {
    (text.len() > 1 && text.starts_with(['=', '+', '-', '@', '\t', '\r'])).then(|| format!("'{text}"))
}

/// UTC milliseconds as an Excel serial date in Tashkent time.
fn excel_serial(ms: i64) -> f64 {
    // 25 569 is 1970-01-01 in Excel's 1900 date system.
    (ms.saturating_add(TASHKENT_OFFSET_MS)) as f64 / 86_400_000.0 + 25_569.0
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
