//! The upload template and the file of rows that failed: one data sheet with
//! a column per [`ShipmentField`], headers in the user's language, bold and
//! frozen; dropdowns fed by a hidden sheet of choices.
//!
//! The district dropdown is one list of every district as `District
//! (Region)` rather than a list following the chosen region: dependent lists
//! need `INDIRECT` over named ranges named after each region, which breaks on
//! names with spaces or `ʻ` and behaves differently in LibreOffice. The
//! dropdowns warn but do not stop other text: the parser also accepts names
//! in the other languages and SOATO codes.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatBorder, Formula, Note, Workbook, Worksheet,
    XlsxError,
};
use web::i18n::Lang;
use web::i18n::cargo::ShipmentField;

use super::{FailedRow, Lists, MAX_DATA_ROWS};

/// The hidden sheet of dropdown choices.
const LISTS_SHEET: &str = "lists";

/// Columns whose values must stay text (leading zeros, `+998`, no `9.98E+11`).
const TEXT_COLUMNS: [ShipmentField; 3] =
    [ShipmentField::SenderPhone, ShipmentField::ReceiverPhone, ShipmentField::ClientBarcode];

/// A dropdown's list of choices on the hidden sheet.
struct Choices {
    /// The defined name the validations refer to.
    name: &'static str,
    /// The fields (columns) it applies to.
    fields: &'static [ShipmentField],
    /// The choices, in order.
    values: Vec<String>,
}

/// The template of an upload: headers, dropdowns, no data.
///
/// # Errors
/// [`XlsxError`] if the workbook cannot be written (a choice longer than a
/// cell holds, say).
pub fn template(lang: Lang, lists: &Lists) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    data_sheet(&mut book, lang, lists, false)?;
    book.save_to_buffer()
}

/// The rows the parser refused, to fix and upload again: the template's
/// columns and dropdowns with the values as read, each bad cell filled red
/// with a note saying what is wrong, then a column with the row's number in
/// the uploaded file and a last column listing all its problems. Uploaded
/// again, the two extra columns are ignored.
///
/// # Errors
/// [`XlsxError`] if the workbook cannot be written.
pub fn failed_rows(lang: Lang, lists: &Lists, rows: &[FailedRow]) -> Result<Vec<u8>, XlsxError> {
    let text = &lang.text().cargo;
    let mut book = Workbook::new();
    let sheet = data_sheet(&mut book, lang, lists, true)?;
    let plain = Format::new();
    let as_text = Format::new().set_num_format("@");
    let bad = Format::new().set_background_color(Color::RGB(0xFF_C7_CE)).set_font_color(Color::RGB(0x9C_00_06));
    let bad_text = bad.clone().set_num_format("@");
    let wrap = Format::new().set_text_wrap();
    let last = ShipmentField::ALL.len() as u16;
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, field) in ShipmentField::ALL.into_iter().enumerate() {
            let c = c as u16;
            let problems: Vec<&str> =
                row.problems.iter().filter(|(f, _)| *f == field).map(|(_, p)| text.problem(*p)).collect();
            let is_text = TEXT_COLUMNS.contains(&field);
            let format = match (problems.is_empty(), is_text) {
                (true, false) => &plain,
                (true, true) => &as_text,
                (false, false) => &bad,
                (false, true) => &bad_text,
            };
            let value = row.raw.cells.get(&field).map_or("", String::as_str);
            sheet.write_string_with_format(r, c, value, format)?;
            if !problems.is_empty() {
                let note = Note::new(problems.join("\n")).add_author_prefix(false).set_width(240);
                sheet.insert_note(r, c, &note)?;
            }
        }
        sheet.write_number(r, last, f64::from(row.raw.number))?;
        let all: Vec<String> =
            row.problems.iter().map(|(f, p)| format!("{}: {}", text.field(*f), text.problem(*p))).collect();
        sheet.write_string_with_format(r, last + 1, all.join("; "), &wrap)?;
    }
    book.save_to_buffer()
}

/// Adds the data sheet (headers, widths, frozen header, dropdowns) and the
/// hidden sheet of choices; `failed` adds the row number and errors columns.
fn data_sheet<'a>(
    book: &'a mut Workbook,
    lang: Lang,
    lists: &Lists,
    failed: bool,
) -> Result<&'a mut Worksheet, XlsxError> {
    let text = &lang.text().cargo;
    let choices = choices(lang, lists);

    // The data sheet first: it is the one an upload is read from.
    let sheet = book.add_worksheet();
    sheet.set_name(text.sheet.sheet_name)?;
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xD9_E1_F2))
        .set_border(FormatBorder::Thin);
    let as_text = Format::new().set_num_format("@");
    let mut headers: Vec<&str> = ShipmentField::ALL.into_iter().map(|f| text.field(f)).collect();
    if failed {
        headers.push(text.sheet.row_column);
        headers.push(text.sheet.errors_column);
    }
    for (c, h) in headers.iter().enumerate() {
        let c = c as u16;
        sheet.write_string_with_format(0, c, *h, &header)?;
        let width = (h.chars().count() as f64 * 1.1 + 2.0).clamp(12.0, 40.0);
        sheet.set_column_width(c, width)?;
    }
    if failed {
        sheet.set_column_width(headers.len() as u16 - 1, 60)?;
    }
    for (c, f) in ShipmentField::ALL.into_iter().enumerate() {
        if TEXT_COLUMNS.contains(&f) {
            sheet.set_column_format(c as u16, &as_text)?;
        }
    }
    sheet.set_row_height(0, 32)?;
    sheet.set_freeze_panes(1, 0)?;
    for list in &choices {
        if list.values.is_empty() {
            continue;
        }
        let validation = DataValidation::new()
            .allow_list_formula(Formula::new(format!("={}", list.name)))
            .set_error_style(DataValidationErrorStyle::Warning);
        for f in list.fields {
            let Some(c) = ShipmentField::ALL.iter().position(|x| x == f) else { continue };
            sheet.add_data_validation(1, c as u16, MAX_DATA_ROWS, c as u16, &validation)?;
        }
    }
    sheet.set_active(true);

    let list_sheet = book.add_worksheet();
    list_sheet.set_name(LISTS_SHEET)?;
    for (c, list) in choices.iter().enumerate() {
        let c = c as u16;
        for (r, value) in list.values.iter().enumerate() {
            let r = u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)?;
            list_sheet.write_string(r, c, value)?;
        }
    }
    list_sheet.set_hidden(true);
    for (c, list) in choices.iter().enumerate() {
        if list.values.is_empty() {
            continue;
        }
        let column = column_letters(c);
        book.define_name(list.name, &format!("={LISTS_SHEET}!${column}$1:${column}${}", list.values.len()))?;
    }

    book.worksheet_from_index(0)
}

/// The dropdowns' choices in `lang`.
fn choices(lang: Lang, lists: &Lists) -> Vec<Choices> {
    let text = &lang.text().cargo;
    vec![
        Choices {
            name: "cargo_regions",
            fields: &[ShipmentField::SenderRegion, ShipmentField::ReceiverRegion],
            values: lists.regions.iter().map(|r| r.name.clone()).collect(),
        },
        Choices {
            name: "cargo_districts",
            fields: &[ShipmentField::SenderDistrict, ShipmentField::ReceiverDistrict],
            values: lists.district_labels(),
        },
        Choices {
            name: "cargo_parcel_types",
            fields: &[ShipmentField::ParcelType],
            values: protocol::ParcelType::ALL.into_iter().map(|t| text.parcel_type(t).to_owned()).collect(),
        },
        Choices {
            name: "cargo_delivery",
            fields: &[ShipmentField::Delivery],
            values: vec![text.delivery_door.to_owned(), text.delivery_office.to_owned()],
        },
        Choices {
            name: "cargo_yes_no",
            fields: &[ShipmentField::Pickup, ShipmentField::PhotoReport, ShipmentField::ReturnDocuments],
            values: vec![text.sheet.yes.to_owned(), text.sheet.no.to_owned()],
        },
    ]
}

/// A zero-based column's letters (`0` → `A`, `26` → `AA`).
fn column_letters(col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        letters.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
#[path = "template_tests.rs"]
mod tests;
