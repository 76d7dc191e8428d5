//! Reading an uploaded xlsx file into rows of text by field.
//!
//! The file is refused as a whole, with a typed [`FileError`], when it is
//! not an xlsx workbook, when its archive is a zip bomb, when its data sheet
//! (the first visible worksheet) has merged cells or formulas, no header
//! row, a required column missing, no data row, or too many rows. Otherwise
//! every non-blank row under the header becomes a [`RawRow`]; whether its
//! values make a shipment is the parser's business, not this module's.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Reader, SheetType, SheetVisible, Xlsx};
use thiserror::Error;
use web::i18n::cargo::ShipmentField;
use web::i18n::{Lang, fill};

use super::archive::{self, ArchiveLimits};
use super::cells::{cell_name, cell_text, header_field};
use super::{MAX_DATA_ROWS, REQUIRED_COLUMNS, RawRow};

/// What an upload may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// Most non-blank data rows.
    pub max_rows: u32,
    /// The archive's limits (zip bombs).
    pub archive: ArchiveLimits,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits { max_rows: MAX_DATA_ROWS, archive: ArchiveLimits::default() }
    }
}

/// Why an uploaded file was refused as a whole.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FileError {
    /// Not an xlsx workbook: bad magic, not a zip, or no workbook inside.
    #[error("not an xlsx file: {0}")]
    NotXlsx(String),
    /// The archive inflates to too much, or has too many entries.
    #[error("zip bomb: {0}")]
    ZipBomb(String),
    /// More non-blank data rows than allowed.
    #[error("more than {limit} data rows")]
    TooManyRows {
        /// The limit.
        limit: u32,
    },
    /// The data sheet has merged cells.
    #[error("merged cells at {cell}")]
    MergedCells {
        /// The first merged range, `B3:C3`.
        cell: String,
    },
    /// A cell holds a formula.
    #[error("a formula in {cell}")]
    Formula {
        /// The first such cell, `C5`.
        cell: String,
    },
    /// No worksheet, or one without a header row.
    #[error("empty sheet")]
    EmptySheet,
    /// A header row and nothing under it.
    #[error("no data rows")]
    NoDataRows,
    /// A required column is not in the header row.
    #[error("missing column {}", .0.code())]
    MissingColumn(ShipmentField),
    /// Two columns of the header row name the same field.
    #[error("duplicate column {}", .0.code())]
    DuplicateColumn(ShipmentField),
}

impl FileError {
    /// A stable code, for logs and the stored upload.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            FileError::NotXlsx(_) => "not_xlsx",
            FileError::ZipBomb(_) => "zip_bomb",
            FileError::TooManyRows { .. } => "too_many_rows",
            FileError::MergedCells { .. } => "merged_cells",
            FileError::Formula { .. } => "formula",
            FileError::EmptySheet => "empty_sheet",
            FileError::NoDataRows => "no_data_rows",
            FileError::MissingColumn(_) => "missing_column",
            FileError::DuplicateColumn(_) => "duplicate_column",
        }
    }

    /// What the user reads, in their language.
    #[must_use]
    pub fn message(&self, lang: Lang) -> String {
        let text = &lang.text().cargo;
        let t = &text.sheet;
        match self {
            FileError::NotXlsx(_) => t.not_xlsx.to_owned(),
            FileError::ZipBomb(_) => t.too_large.to_owned(),
            FileError::TooManyRows { limit } => fill(t.too_many_rows, &[("limit", &limit.to_string())]),
            FileError::MergedCells { cell } => fill(t.merged_cells, &[("cell", cell)]),
            FileError::Formula { cell } => fill(t.formula, &[("cell", cell)]),
            FileError::EmptySheet => t.empty_sheet.to_owned(),
            FileError::NoDataRows => t.no_data_rows.to_owned(),
            FileError::MissingColumn(f) => fill(t.missing_column, &[("column", text.field(*f))]),
            FileError::DuplicateColumn(f) => fill(t.duplicate_column, &[("column", text.field(*f))]),
        }
    }
}

/// Reads the data rows of an uploaded xlsx file.
///
/// The header row (the sheet's first non-blank row) names the columns: a
/// field's label in any of the three languages (trimmed, any case, any
/// apostrophe) or its code. Columns naming no field are ignored; rows with no
/// value under a field column are skipped.
///
/// # Errors
/// [`FileError`], the first reason found to refuse the whole file.
pub fn read_upload(bytes: &[u8], limits: &UploadLimits) -> Result<Vec<RawRow>, FileError> {
    archive::check(bytes, &limits.archive)
        .map_err(|e| if e.is_bomb() { FileError::ZipBomb(e.to_string()) } else { FileError::NotXlsx(e.to_string()) })?;
    // calamine is not known to panic on bad XML, but a hostile file is the
    // one input where a parser's bug would show: such a file is refused.
    std::panic::catch_unwind(|| read_workbook(bytes, limits)).unwrap_or_else(|_| {
        tracing::warn!(bytes = bytes.len(), "the xlsx parser panicked on an upload");
        Err(FileError::NotXlsx("the parser panicked".to_owned()))
    })
}

/// The workbook's rows, once its archive passed.
fn read_workbook(bytes: &[u8], limits: &UploadLimits) -> Result<Vec<RawRow>, FileError> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| FileError::NotXlsx(e.to_string()))?;
    let sheet = book
        .sheets_metadata()
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .ok_or(FileError::EmptySheet)?;
    let merged = book.merge_cells_by_sheet_name(&sheet).map_err(|e| FileError::NotXlsx(e.to_string()))?;
    if let Some(first) = merged.first() {
        let cell = format!("{}:{}", cell_name(first.start.0, first.start.1), cell_name(first.end.0, first.end.1));
        return Err(FileError::MergedCells { cell });
    }
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(|e| FileError::NotXlsx(e.to_string()))?;
    let mut sheet_rows = SheetRows::new(limits.max_rows);
    while let Some(cell) = cells.next_cell_with_formula_metadata().map_err(|e| FileError::NotXlsx(e.to_string()))? {
        let (row, col) = cell.pos;
        if cell.formula.is_some() {
            return Err(FileError::Formula { cell: cell_name(row, col) });
        }
        if let Some(text) = cell_text(&cell.value) {
            sheet_rows.cell(row, col, text)?;
        }
    }
    sheet_rows.finish()
}

/// The rows being assembled from cells in stream order.
struct SheetRows {
    /// The limit of data rows.
    max_rows: u32,
    /// Column → field, once the header row is complete.
    columns: Option<BTreeMap<u32, ShipmentField>>,
    /// The row being assembled: its zero-based index and its cells.
    current: Option<(u32, Vec<(u32, String)>)>,
    /// The data rows so far.
    rows: Vec<RawRow>,
}

impl SheetRows {
    fn new(max_rows: u32) -> Self {
        SheetRows { max_rows, columns: None, current: None, rows: Vec::new() }
    }

    /// A non-empty cell; closes the previous row when this one starts another.
    fn cell(&mut self, row: u32, col: u32, text: String) -> Result<(), FileError> {
        match &mut self.current {
            Some((r, cells)) if *r == row => cells.push((col, text)),
            _ => {
                if let Some((r, cells)) = self.current.take() {
                    self.close(r, cells)?;
                }
                self.current = Some((row, vec![(col, text)]));
            }
        }
        Ok(())
    }

    fn close(&mut self, row: u32, cells: Vec<(u32, String)>) -> Result<(), FileError> {
        let Some(columns) = &self.columns else {
            self.columns = Some(header_columns(&cells)?);
            return Ok(());
        };
        let mut by_field = BTreeMap::new();
        for (col, text) in cells {
            if let Some(field) = columns.get(&col) {
                by_field.insert(*field, text);
            }
        }
        if by_field.is_empty() {
            return Ok(());
        }
        if self.rows.len() >= self.max_rows as usize {
            return Err(FileError::TooManyRows { limit: self.max_rows });
        }
        self.rows.push(RawRow { number: row.saturating_add(1), cells: by_field });
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<RawRow>, FileError> {
        if let Some((r, cells)) = self.current.take() {
            self.close(r, cells)?;
        }
        if self.columns.is_none() {
            return Err(FileError::EmptySheet);
        }
        if self.rows.is_empty() {
            return Err(FileError::NoDataRows);
        }
        Ok(self.rows)
    }
}

/// The header row's columns by field; refuses a duplicate or a missing
/// required column.
fn header_columns(cells: &[(u32, String)]) -> Result<BTreeMap<u32, ShipmentField>, FileError> {
    let mut columns = BTreeMap::new();
    for (col, text) in cells {
        if let Some(field) = header_field(text) {
            if columns.values().any(|f| *f == field) {
                return Err(FileError::DuplicateColumn(field));
            }
            columns.insert(*col, field);
        }
    }
    if let Some(missing) = REQUIRED_COLUMNS.into_iter().find(|f| !columns.values().any(|c| c == f)) {
        return Err(FileError::MissingColumn(missing));
    }
    Ok(columns)
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
