//! The electronic power of attorney (elektron ishonchnoma / электронная
//! доверенность) of a business client's contract (C11): the employees'
//! form and the document. Reached as `lang.text().cargo.attorney`.

/// The strings in one language.
#[derive(Debug)]
pub struct AttorneyText {
    /// The page's heading and the "Biznes" link.
    pub title: &'static str,
    /// Under the heading: what the list is for.
    pub intro: &'static str,
    /// Columns: no., actions, active, phone, first name, last name, patronymic.
    pub cols: [&'static str; 7],
    /// Placeholders of the row's text fields: phone, first name, last name, patronymic.
    pub placeholders: [&'static str; 4],
    /// The "add a row below" button's label (for screen readers; shown as +).
    pub add: &'static str,
    /// The "remove this row" button's label (shown as −).
    pub remove: &'static str,
    /// The save button.
    pub save: &'static str,
    /// After a save: "Saved: {count} employees, {active} active."
    pub saved: &'static str,
    /// The document's "valid until" field.
    pub valid_until: &'static str,
    /// The document's button.
    pub download: &'static str,
    /// No active employee: nothing to print.
    pub none_active: &'static str,
    /// Back to "Biznes".
    pub back: &'static str,
    /// Refusals: phone, first name, last name, patronymic, the same phone
    /// twice, too many rows, a wrong "valid until" date.
    pub errors: [&'static str; 7],
    /// "Row {row}: {message}".
    pub row_error: &'static str,
    /// The document's title.
    pub doc_title: &'static str,
    /// "№ {number}, issued {date}, valid until {until}".
    pub doc_no: &'static str,
    /// The principal: "{client} (hereinafter the Principal) entrusts the
    /// employees below to hand over and receive shipments, cash on delivery
    /// and documents at {company} under contract № {number} of {date}."
    pub doc_body: &'static str,
    /// The principal's heading.
    pub principal: &'static str,
    /// The attorneys' table columns: no., full name, phone, signature sample.
    pub doc_cols: [&'static str; 4],
    /// Under the table.
    pub doc_note: &'static str,
    /// The signature lines.
    pub sign: [&'static str; 2],
}

/// O'zbekcha.
pub const UZ: AttorneyText = AttorneyText {
    title: "Elektron ishonchnoma",
    intro: "Shartnoma bo'yicha jo'natmalar, to'lovlar va hujjatlarni topshirish va qabul qilishga vakolatli xodimlar. Faqat faol xodimlar ishonchnomaga kiradi.",
    cols: ["№", "Amallar", "Faol", "Telefon", "Ism", "Familiya", "Otasining ismi"],
    placeholders: ["+998 90 123 45 67", "Ism", "Familiya", "Otasining ismi"],
    add: "Pastga qator qo'shish",
    remove: "Qatorni o'chirish",
    save: "Saqlash",
    saved: "Saqlandi: {count} xodim, ulardan faol: {active}.",
    valid_until: "Amal qilish muddati",
    download: "Ishonchnoma (PDF)",
    none_active: "Ishonchnoma uchun kamida bitta faol xodimni saqlang.",
    back: "Biznes bo'limiga qaytish",
    errors: [
        "Telefon +998 va 9 raqamdan iborat bo'lishi kerak.",
        "Ismni kiriting: harflar, 40 belgigacha.",
        "Familiyani kiriting: harflar, 40 belgigacha.",
        "Otasining ismi: harflar, 40 belgigacha (bo'sh qoldirish mumkin).",
        "Bu telefon ro'yxatda allaqachon bor.",
        "Ro'yxatda ko'pi bilan 50 xodim bo'lishi mumkin.",
        "Muddat bugundan boshlab 3 yil ichida bo'lishi kerak.",
    ],
    row_error: "{row}-qator: {message}",
    doc_title: "ISHONCHNOMA",
    doc_no: "№ {number}, berilgan sana: {date}, amal qilish muddati: {until} gacha",
    doc_body: "{client} (keyingi o'rinlarda Ishonch bildiruvchi) quyidagi xodimlarga {company} bilan tuzilgan {date} dagi № {number} shartnoma bo'yicha jo'natmalarni, naqd to'lov (nalojka) pullarini va hujjatlarni topshirish va qabul qilib olishni ishonib topshiradi.",
    principal: "Ishonch bildiruvchi",
    doc_cols: ["№", "F.I.Sh.", "Telefon", "Imzo namunasi"],
    doc_note: "Ishonchnoma boshqa shaxsga o'tkazilmaydi. Vakil shaxsini tasdiqlovchi hujjatni ko'rsatadi.",
    sign: ["Rahbar: ____________  M.O'.", "Bosh hisobchi: ____________"],
};

/// Русский.
pub const RU: AttorneyText = AttorneyText {
    title: "Электронная доверенность",
    intro: "Сотрудники, которым доверено сдавать и получать отправления, деньги и документы по договору. В доверенность попадают только активные.",
    cols: ["№", "Действия", "Активен", "Телефон", "Имя", "Фамилия", "Отчество"],
    placeholders: ["+998 90 123 45 67", "Имя", "Фамилия", "Отчество"],
    add: "Добавить строку ниже",
    remove: "Удалить строку",
    save: "Сохранить",
    saved: "Сохранено: сотрудников {count}, активных {active}.",
    valid_until: "Действительна до",
    download: "Доверенность (PDF)",
    none_active: "Сохраните хотя бы одного активного сотрудника, чтобы сформировать доверенность.",
    back: "Вернуться в «Бизнес»",
    errors: [
        "Телефон: +998 и 9 цифр.",
        "Укажите имя: буквы, до 40 символов.",
        "Укажите фамилию: буквы, до 40 символов.",
        "Отчество: буквы, до 40 символов (можно оставить пустым).",
        "Этот телефон уже есть в списке.",
        "В списке может быть не больше 50 сотрудников.",
        "Срок — в пределах 3 лет начиная с сегодняшнего дня.",
    ],
    row_error: "Строка {row}: {message}",
    doc_title: "ДОВЕРЕННОСТЬ",
    doc_no: "№ {number}, дата выдачи: {date}, действительна до {until}",
    doc_body: "{client} (далее — Доверитель) доверяет перечисленным ниже сотрудникам сдавать и получать отправления, денежные средства наложенного платежа и документы в {company} по договору № {number} от {date}.",
    principal: "Доверитель",
    doc_cols: ["№", "Ф.И.О.", "Телефон", "Образец подписи"],
    doc_note: "Доверенность выдана без права передоверия. Представитель предъявляет документ, удостоверяющий личность.",
    sign: ["Руководитель: ____________  М.П.", "Главный бухгалтер: ____________"],
};

/// English.
pub const EN: AttorneyText = AttorneyText {
    title: "Electronic power of attorney",
    intro: "The employees entrusted to hand over and receive shipments, money and documents under the contract. Only active ones are on the document.",
    cols: ["No.", "Actions", "Active", "Phone", "First name", "Last name", "Patronymic"],
    placeholders: ["+998 90 123 45 67", "First name", "Last name", "Patronymic"],
    add: "Add a row below",
    remove: "Remove the row",
    save: "Save",
    saved: "Saved: {count} employees, {active} active.",
    valid_until: "Valid until",
    download: "Power of attorney (PDF)",
    none_active: "Save at least one active employee to make the power of attorney.",
    back: "Back to Business",
    errors: [
        "The phone is +998 and 9 digits.",
        "Enter the first name: letters, up to 40.",
        "Enter the last name: letters, up to 40.",
        "Patronymic: letters, up to 40 (may be empty).",
        "This phone is already on the list.",
        "The list holds at most 50 employees.",
        "The date must be within 3 years from today.",
    ],
    row_error: "Row {row}: {message}",
    doc_title: "POWER OF ATTORNEY",
    doc_no: "No. {number}, issued {date}, valid until {until}",
    doc_body: "{client} (the Principal) entrusts the employees below to hand over and receive shipments, cash-on-delivery money and documents at {company} under contract No. {number} of {date}.",
    principal: "The Principal",
    doc_cols: ["No.", "Full name", "Phone", "Specimen signature"],
    doc_note: "Not transferable. The attorney shows an identity document.",
    sign: ["Head: ____________  (seal)", "Chief accountant: ____________"],
};
