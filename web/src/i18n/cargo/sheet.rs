//! The cargo cabinet's spreadsheets: the upload template, the file of rows
//! that failed, the orders export, and why an uploaded file was refused.
//!
//! Messages with values use `{cell}`, `{column}`, `{limit}` placeholders,
//! filled by [`crate::i18n::fill`].

/// The spreadsheet strings in one language.
#[derive(Debug)]
pub struct SheetText {
    /// The data sheet's name (at most 31 characters, no `[]:*?/\`).
    pub sheet_name: &'static str,
    /// "Yes" in the yes/no dropdowns.
    pub yes: &'static str,
    /// "No" in the yes/no dropdowns.
    pub no: &'static str,
    /// The failed-rows file's column with the row's number in the uploaded file.
    pub row_column: &'static str,
    /// The failed-rows file's last column, listing the row's problems.
    pub errors_column: &'static str,
    /// The orders export's columns: barcode, order id, date, status, from
    /// region, receiver district, office of origin, destination office,
    /// sender's name, receiver's name.
    pub export_columns: [&'static str; 10],
    /// The orders export's sheet name.
    pub export_sheet_name: &'static str,
    /// The file is not an xlsx workbook.
    pub not_xlsx: &'static str,
    /// The archive inflates to too much (a zip bomb or a huge file).
    pub too_large: &'static str,
    /// More data rows than allowed (`{limit}`).
    pub too_many_rows: &'static str,
    /// Merged cells (`{cell}`: the first merged range).
    pub merged_cells: &'static str,
    /// A formula (`{cell}`: the first cell with one).
    pub formula: &'static str,
    /// No sheet, or a sheet without a header row.
    pub empty_sheet: &'static str,
    /// A header row but no data row.
    pub no_data_rows: &'static str,
    /// A required column is missing (`{column}`: its header).
    pub missing_column: &'static str,
    /// Two columns carry the same field (`{column}`: its header).
    pub duplicate_column: &'static str,
}

/// O'zbekcha.
pub const UZ: SheetText = SheetText {
    sheet_name: "Buyurtmalar",
    yes: "Ha",
    no: "Yo'q",
    row_column: "Qator",
    errors_column: "Xatolar",
    export_columns: [
        "Shtrix kod",
        "Buyurtma raqami",
        "Sana",
        "Holati",
        "Qayerdan (viloyat)",
        "Qabul qiluvchi tumani",
        "Jo'natuvchi filiali",
        "Qabul qiluvchi filiali",
        "Jo'natuvchi",
        "Qabul qiluvchi",
    ],
    export_sheet_name: "Buyurtmalar",
    not_xlsx: "Fayl Excel (.xlsx) fayli emas yoki buzilgan",
    too_large: "Fayl juda katta yoki shubhali (ochilganda hajmi ruxsat etilganidan oshadi)",
    too_many_rows: "Faylda {limit} tadan ortiq qator bor; faylni bo'lib yuklang",
    merged_cells: "Faylda birlashtirilgan kataklar bor ({cell}); ularni ajrating",
    formula: "Faylda formula bor ({cell}); formulalarni qiymatlar bilan almashtiring",
    empty_sheet: "Varaq bo'sh: sarlavhalar qatori topilmadi",
    no_data_rows: "Faylda buyurtma qatorlari yo'q",
    missing_column: "Majburiy ustun topilmadi: {column}",
    duplicate_column: "Ustun ikki marta uchraydi: {column}",
};

/// Русский.
pub const RU: SheetText = SheetText {
    sheet_name: "Заказы",
    yes: "Да",
    no: "Нет",
    row_column: "Строка",
    errors_column: "Ошибки",
    export_columns: [
        "Штрих-код",
        "Номер заказа",
        "Дата",
        "Статус",
        "Откуда (регион)",
        "Район получателя",
        "Филиал отправки",
        "Филиал получения",
        "Отправитель",
        "Получатель",
    ],
    export_sheet_name: "Заказы",
    not_xlsx: "Файл не является файлом Excel (.xlsx) или повреждён",
    too_large: "Файл слишком большой или подозрительный (после распаковки превышает допустимый размер)",
    too_many_rows: "В файле больше {limit} строк; разделите файл на части",
    merged_cells: "В файле есть объединённые ячейки ({cell}); разъедините их",
    formula: "В файле есть формула ({cell}); замените формулы значениями",
    empty_sheet: "Лист пуст: не найдена строка заголовков",
    no_data_rows: "В файле нет строк с заказами",
    missing_column: "Не найден обязательный столбец: {column}",
    duplicate_column: "Столбец встречается дважды: {column}",
};

/// English.
pub const EN: SheetText = SheetText {
    sheet_name: "Orders",
    yes: "Yes",
    no: "No",
    row_column: "Row",
    errors_column: "Errors",
    export_columns: [
        "Barcode",
        "Order number",
        "Date",
        "Status",
        "From (region)",
        "Receiver's district",
        "Office of origin",
        "Destination office",
        "Sender",
        "Receiver",
    ],
    export_sheet_name: "Orders",
    not_xlsx: "The file is not an Excel (.xlsx) file or is damaged",
    too_large: "The file is too large or suspicious (it unpacks to more than allowed)",
    too_many_rows: "The file has more than {limit} rows; split it into parts",
    merged_cells: "The file has merged cells ({cell}); unmerge them",
    formula: "The file has a formula ({cell}); replace formulas with values",
    empty_sheet: "The sheet is empty: no header row found",
    no_data_rows: "The file has no order rows",
    missing_column: "A required column is missing: {column}",
    duplicate_column: "A column appears twice: {column}",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_in_excel() {
        for t in [&UZ, &RU, &EN] {
            for name in [t.sheet_name, t.export_sheet_name] {
                assert!(!name.is_empty() && name.chars().count() <= 31);
                assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']));
            }
            assert_ne!(t.yes, t.no);
        }
    }
}
