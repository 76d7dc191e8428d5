//! The cargo cabinet's uploads (C4, C5): the upload page, the preview of an
//! uploaded file, its import, the uploads' folders. Reached as
//! `lang.text().cargo.uploads`.

/// The upload pages' strings in one language.
#[derive(Debug)]
pub struct UploadsText {
    /// Heading of the upload page.
    pub upload_title: &'static str,
    /// What to do, step by step.
    pub upload_intro: &'static str,
    /// "Download the template".
    pub template_link: &'static str,
    /// The file input's label.
    pub choose_file: &'static str,
    /// "Yuklash".
    pub upload_button: &'static str,
    /// No file was chosen.
    pub no_file: &'static str,
    /// Heading of the preview (`{file}`).
    pub preview_title: &'static str,
    /// "Rows".
    pub rows: &'static str,
    /// "Valid".
    pub valid: &'static str,
    /// "With errors".
    pub invalid: &'static str,
    /// The total price of the valid rows.
    pub total_price: &'static str,
    /// Column: the row's number.
    pub col_row: &'static str,
    /// Column: the column (field).
    pub col_column: &'static str,
    /// Column: what is wrong.
    pub col_reason: &'static str,
    /// "… and {n} more problems" (the failed rows file has them all).
    pub more_problems: &'static str,
    /// "Import {n} valid rows".
    pub import_button: &'static str,
    /// "Cancel".
    pub cancel: &'static str,
    /// Nothing to import.
    pub nothing_valid: &'static str,
    /// After an import: `{imported}`, `{failed}`.
    pub imported: &'static str,
    /// After a cancel.
    pub cancelled: &'static str,
    /// The upload was already imported or cancelled.
    pub already: &'static str,
    /// Heading of the folders page.
    pub folders_title: &'static str,
    /// No uploads yet.
    pub folders_empty: &'static str,
    /// Column: the upload's id.
    pub col_id: &'static str,
    /// Column: the file's name.
    pub col_file: &'static str,
    /// Column: who uploaded it.
    pub col_by: &'static str,
    /// Column: when (Tashkent).
    pub col_date: &'static str,
    /// Column: rows.
    pub col_rows: &'static str,
    /// Column: imported.
    pub col_imported: &'static str,
    /// Column: failed.
    pub col_failed: &'static str,
    /// Column: status.
    pub col_status: &'static str,
    /// Link: the failed rows file.
    pub failed_file: &'static str,
    /// Link: the upload's shipments.
    pub shipments_link: &'static str,
    /// Link: the preview of a queued upload.
    pub preview_link: &'static str,
    /// Heading of one upload's shipments (`{id}`).
    pub folder_title: &'static str,
    /// Status names: queued, processing, imported, partial, failed.
    pub statuses: [&'static str; 5],
}

impl UploadsText {
    /// An upload status's name (unknown codes shown as they are stored).
    #[must_use]
    pub fn status(&self, code: &str) -> &'static str {
        match code {
            "queued" => self.statuses[0],
            "processing" => self.statuses[1],
            "imported" => self.statuses[2],
            "partial" => self.statuses[3],
            _ => self.statuses[4],
        }
    }
}

/// O'zbekcha.
pub const UZ: UploadsText = UploadsText {
    upload_title: "Fayl yuklash",
    upload_intro: "Shablonni yuklab oling, uni to'ldiring va shu yerga yuklang. Yuklashdan oldin har bir qator tekshiriladi va narxi hisoblanadi.",
    template_link: "Shablonni yuklab olish (.xlsx)",
    choose_file: "Excel fayl (.xlsx)",
    upload_button: "Yuklash",
    no_file: "Faylni tanlang.",
    preview_title: "Fayl tekshirildi: {file}",
    rows: "Qatorlar",
    valid: "To'g'ri",
    invalid: "Xatoli",
    total_price: "To'g'ri qatorlar narxi",
    col_row: "Qator",
    col_column: "Ustun",
    col_reason: "Sabab",
    more_problems: "… va yana {n} ta xato (import qilingandan so'ng xatoli qatorlar faylida hammasi bor).",
    import_button: "{n} ta to'g'ri qatorni import qilish",
    cancel: "Bekor qilish",
    nothing_valid: "Import qilish uchun to'g'ri qator yo'q.",
    imported: "Import qilindi: {imported} ta buyurtma, xatoli qatorlar: {failed}.",
    cancelled: "Yuklash bekor qilindi.",
    already: "Bu fayl allaqachon import qilingan yoki bekor qilingan.",
    folders_title: "Papkalar",
    folders_empty: "Hali fayl yuklanmagan.",
    col_id: "ID",
    col_file: "Fayl",
    col_by: "Kim yukladi",
    col_date: "Sana",
    col_rows: "Qatorlar",
    col_imported: "Import qilindi",
    col_failed: "Xatoli",
    col_status: "Holat",
    failed_file: "Xatoli qatorlar (.xlsx)",
    shipments_link: "Buyurtmalar",
    preview_link: "Ko'rish",
    folder_title: "Yuklash {id} buyurtmalari",
    statuses: ["Navbatda", "Ishlanmoqda", "Import qilindi", "Qisman import qilindi", "Muvaffaqiyatsiz"],
};

/// Русский.
pub const RU: UploadsText = UploadsText {
    upload_title: "Загрузка файла",
    upload_intro: "Скачайте шаблон, заполните его и загрузите сюда. Перед импортом каждая строка проверяется и рассчитывается её стоимость.",
    template_link: "Скачать шаблон (.xlsx)",
    choose_file: "Файл Excel (.xlsx)",
    upload_button: "Загрузить",
    no_file: "Выберите файл.",
    preview_title: "Файл проверен: {file}",
    rows: "Строк",
    valid: "Без ошибок",
    invalid: "С ошибками",
    total_price: "Стоимость строк без ошибок",
    col_row: "Строка",
    col_column: "Столбец",
    col_reason: "Причина",
    more_problems: "… и ещё {n} ошибок (после импорта все они — в файле строк с ошибками).",
    import_button: "Импортировать строк без ошибок: {n}",
    cancel: "Отмена",
    nothing_valid: "Нет строк без ошибок для импорта.",
    imported: "Импортировано заказов: {imported}, строк с ошибками: {failed}.",
    cancelled: "Загрузка отменена.",
    already: "Этот файл уже импортирован или отменён.",
    folders_title: "Папки",
    folders_empty: "Файлы ещё не загружались.",
    col_id: "ID",
    col_file: "Файл",
    col_by: "Кто загрузил",
    col_date: "Дата",
    col_rows: "Строк",
    col_imported: "Импортировано",
    col_failed: "С ошибками",
    col_status: "Статус",
    failed_file: "Строки с ошибками (.xlsx)",
    shipments_link: "Заказы",
    preview_link: "Просмотр",
    folder_title: "Заказы загрузки {id}",
    statuses: ["В очереди", "Обрабатывается", "Импортирован", "Импортирован частично", "Не импортирован"],
};

/// English.
pub const EN: UploadsText = UploadsText {
    upload_title: "Upload a file",
    upload_intro: "Download the template, fill it in and upload it here. Every row is checked and priced before anything is imported.",
    template_link: "Download the template (.xlsx)",
    choose_file: "Excel file (.xlsx)",
    upload_button: "Upload",
    no_file: "Choose a file.",
    preview_title: "File checked: {file}",
    rows: "Rows",
    valid: "Valid",
    invalid: "With errors",
    total_price: "Price of the valid rows",
    col_row: "Row",
    col_column: "Column",
    col_reason: "Reason",
    more_problems: "… and {n} more problems (after the import the failed rows file has them all).",
    import_button: "Import {n} valid rows",
    cancel: "Cancel",
    nothing_valid: "No valid rows to import.",
    imported: "Imported {imported} orders; rows with errors: {failed}.",
    cancelled: "The upload was cancelled.",
    already: "This file was already imported or cancelled.",
    folders_title: "Folders",
    folders_empty: "No files uploaded yet.",
    col_id: "ID",
    col_file: "File",
    col_by: "Uploaded by",
    col_date: "Date",
    col_rows: "Rows",
    col_imported: "Imported",
    col_failed: "Failed",
    col_status: "Status",
    failed_file: "Failed rows (.xlsx)",
    shipments_link: "Orders",
    preview_link: "Preview",
    folder_title: "Orders of upload {id}",
    statuses: ["Queued", "Processing", "Imported", "Partly imported", "Failed"],
};
