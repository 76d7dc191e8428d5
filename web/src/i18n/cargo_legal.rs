//! Legal details (rekvizitlar) and the invoice (hisob-faktura) of a courier
//! company and its business clients. Reached as `lang.text().cargo.legal`.

/// The strings in one language.
#[derive(Debug)]
pub struct LegalText {
    /// The operators' tab and the company's page heading.
    pub company_title: &'static str,
    /// A client's page heading: "{name}: legal details".
    pub client_title: &'static str,
    /// Under the heading.
    pub intro: &'static str,
    /// Field labels in `legal_name, tin, vat_code, address, bank_account,
    /// mfo, bank_name, ikpu` order.
    pub fields: [&'static str; 8],
    /// Hints under the fields, same order.
    pub hints: [&'static str; 8],
    /// Refusals, same order.
    pub errors: [&'static str; 8],
    /// The save button.
    pub save: &'static str,
    /// After a save.
    pub saved: &'static str,
    /// The ledger page's link to a client's details.
    pub edit_client: &'static str,
    /// The invoice's title.
    pub invoice: &'static str,
    /// A link to the invoice.
    pub invoice_link: &'static str,
    /// "№ {number} dated {date}".
    pub invoice_no: &'static str,
    /// "Under contract № {number} of {date}; period {from} – {to}".
    pub invoice_contract: &'static str,
    /// The seller's heading.
    pub seller: &'static str,
    /// The buyer's heading.
    pub buyer: &'static str,
    /// Columns: no., service, IKPU, quantity, value without VAT, VAT rate,
    /// VAT, value with VAT.
    pub cols: [&'static str; 8],
    /// A line's service: "Delivery of shipment {barcode}".
    pub service: &'static str,
    /// The totals' row.
    pub total: &'static str,
    /// The VAT rate of a seller that is no VAT payer.
    pub no_vat: &'static str,
    /// "Total due with VAT: {sum}, VAT included: {vat}".
    pub total_words: &'static str,
    /// No services in the period.
    pub empty: &'static str,
    /// A detail not filled in.
    pub missing: &'static str,
    /// The signature lines: seller's head, accountant, buyer.
    pub sign: [&'static str; 3],
}

/// O'zbekcha.
pub const UZ: LegalText = LegalText {
    company_title: "Rekvizitlar",
    client_title: "{name}: rekvizitlar",
    intro: "Hisob-fakturada ko'rsatiladigan ma'lumotlar. QQS 12 % va narxlarga kiritilgan.",
    fields: [
        "Yuridik nomi",
        "STIR (INN) yoki JShShIR",
        "QQS to'lovchisi kodi",
        "Yuridik manzil",
        "Hisob raqami",
        "Bank MFO",
        "Bank nomi",
        "IKPU (MXIK) kodi",
    ],
    hints: [
        "",
        "INN 9 raqam yoki JShShIR 14 raqam",
        "12 raqam; QQS to'lovchisi bo'lmasa bo'sh qoldiring",
        "",
        "20 raqam",
        "5 raqam",
        "",
        "Xizmatning 17 raqamli kodi (tasnifagich bo'yicha)",
    ],
    errors: [
        "Yuridik nomni kiriting (200 belgigacha).",
        "STIR 9 raqam yoki JShShIR 14 raqamdan iborat bo'lishi kerak.",
        "QQS to'lovchisi kodi 12 raqam bo'lishi kerak (yoki bo'sh).",
        "Yuridik manzilni kiriting (300 belgigacha).",
        "Hisob raqami 20 raqamdan iborat bo'lishi kerak.",
        "MFO 5 raqamdan iborat bo'lishi kerak.",
        "Bank nomi 120 belgidan oshmasin.",
        "IKPU kodi 17 raqamdan iborat bo'lishi kerak.",
    ],
    save: "Saqlash",
    saved: "Rekvizitlar saqlandi.",
    edit_client: "Mijoz rekvizitlari",
    invoice: "HISOB-FAKTURA",
    invoice_link: "Hisob-faktura (PDF)",
    invoice_no: "№ {number}, {date}",
    invoice_contract: "{date} dagi № {number} shartnomaga; davr: {from} – {to}",
    seller: "Xizmat ko'rsatuvchi",
    buyer: "Xaridor",
    cols: ["№", "Xizmat nomi", "IKPU kodi", "Soni", "QQSsiz qiymati", "QQS %", "QQS summasi", "QQS bilan qiymati"],
    service: "{barcode} jo'natmani yetkazib berish xizmati",
    total: "Jami",
    no_vat: "QQSsiz",
    total_words: "To'lanadigan jami summa QQS bilan: {sum}, shu jumladan QQS: {vat}.",
    empty: "Bu davrda shartnoma bo'yicha xizmatlar yo'q.",
    missing: "— (to'ldirilmagan)",
    sign: ["Rahbar: ____________", "Bosh hisobchi: ____________", "Qabul qildi: ____________"],
};

/// Русский.
pub const RU: LegalText = LegalText {
    company_title: "Реквизиты",
    client_title: "{name}: реквизиты",
    intro: "Данные, которые печатаются в счёте-фактуре. НДС 12 % включён в цены.",
    fields: [
        "Юридическое наименование",
        "ИНН или ПИНФЛ",
        "Код плательщика НДС",
        "Юридический адрес",
        "Расчётный счёт",
        "МФО банка",
        "Банк",
        "Код ИКПУ (MXIK)",
    ],
    hints: [
        "",
        "ИНН 9 цифр или ПИНФЛ 14 цифр",
        "12 цифр; пусто, если не плательщик НДС",
        "",
        "20 цифр",
        "5 цифр",
        "",
        "17-значный код услуги по классификатору",
    ],
    errors: [
        "Введите юридическое наименование (до 200 символов).",
        "ИНН — 9 цифр, ПИНФЛ — 14 цифр.",
        "Код плательщика НДС — 12 цифр (или пусто).",
        "Введите юридический адрес (до 300 символов).",
        "Расчётный счёт — 20 цифр.",
        "МФО — 5 цифр.",
        "Название банка — не более 120 символов.",
        "Код ИКПУ — 17 цифр.",
    ],
    save: "Сохранить",
    saved: "Реквизиты сохранены.",
    edit_client: "Реквизиты клиента",
    invoice: "СЧЁТ-ФАКТУРА",
    invoice_link: "Счёт-фактура (PDF)",
    invoice_no: "№ {number} от {date}",
    invoice_contract: "К договору № {number} от {date}; период: {from} – {to}",
    seller: "Поставщик услуг",
    buyer: "Покупатель",
    cols: [
        "№",
        "Наименование услуги",
        "Код ИКПУ",
        "Кол-во",
        "Стоимость без НДС",
        "НДС %",
        "Сумма НДС",
        "Стоимость с НДС",
    ],
    service: "Услуга доставки отправления {barcode}",
    total: "Итого",
    no_vat: "без НДС",
    total_words: "Всего к оплате с НДС: {sum}, в том числе НДС: {vat}.",
    empty: "За этот период услуг по договору нет.",
    missing: "— (не заполнено)",
    sign: ["Руководитель: ____________", "Главный бухгалтер: ____________", "Получил: ____________"],
};

/// English.
pub const EN: LegalText = LegalText {
    company_title: "Legal details",
    client_title: "{name}: legal details",
    intro: "What the invoice prints. VAT is 12 % and included in the prices.",
    fields: [
        "Legal name",
        "TIN (INN) or PINFL",
        "VAT payer code",
        "Legal address",
        "Bank account",
        "Bank MFO",
        "Bank",
        "IKPU (MXIK) code",
    ],
    hints: [
        "",
        "INN 9 digits or PINFL 14 digits",
        "12 digits; leave empty if not a VAT payer",
        "",
        "20 digits",
        "5 digits",
        "",
        "The service's 17-digit classifier code",
    ],
    errors: [
        "Enter the legal name (up to 200 characters).",
        "The TIN is 9 digits, a PINFL 14 digits.",
        "The VAT payer code is 12 digits (or empty).",
        "Enter the legal address (up to 300 characters).",
        "The bank account is 20 digits.",
        "The MFO is 5 digits.",
        "The bank's name is at most 120 characters.",
        "The IKPU code is 17 digits.",
    ],
    save: "Save",
    saved: "Legal details saved.",
    edit_client: "Client's legal details",
    invoice: "INVOICE",
    invoice_link: "Invoice (PDF)",
    invoice_no: "No. {number} of {date}",
    invoice_contract: "Under contract No. {number} of {date}; period: {from} – {to}",
    seller: "Service provider",
    buyer: "Buyer",
    cols: ["No.", "Service", "IKPU code", "Qty", "Value without VAT", "VAT %", "VAT", "Value with VAT"],
    service: "Delivery of shipment {barcode}",
    total: "Total",
    no_vat: "no VAT",
    total_words: "Total due with VAT: {sum}, VAT included: {vat}.",
    empty: "No services under the contract in this period.",
    missing: "— (not filled in)",
    sign: ["Head: ____________", "Chief accountant: ____________", "Received by: ____________"],
};

impl LegalText {
    /// A field's refusal by its name (see [`LegalText::fields`]).
    #[must_use]
    pub fn error(&self, field: &str) -> &'static str {
        FIELDS.iter().position(|f| *f == field).map_or("", |i| self.errors[i])
    }
}

/// The form's field names, in [`LegalText::fields`] order.
pub const FIELDS: [&str; 8] = ["legal_name", "tin", "vat_code", "address", "bank_account", "mfo", "bank_name", "ikpu"];
