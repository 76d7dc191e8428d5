//! Paying for a shipment online (C6), its receipts (C7), and the operators'
//! Click settings. Reached as `lang.text().cargo.pay`.

/// The strings in one language.
#[derive(Debug)]
pub struct PayText {
    /// The pay page's heading (and the menu's link to it).
    pub title: &'static str,
    /// Under the heading.
    pub intro: &'static str,
    /// The barcode field.
    pub barcode: &'static str,
    /// The amount field.
    pub amount: &'static str,
    /// The shipment still needs `{due}`.
    pub due: &'static str,
    /// The providers' heading.
    pub provider: &'static str,
    /// A provider that is not there yet.
    pub soon: &'static str,
    /// The button.
    pub button: &'static str,
    /// A shipment's page: its link to paying.
    pub pay_this: &'static str,
    /// The barcode is not 12 digits.
    pub e_barcode: &'static str,
    /// No such shipment of this client's.
    pub e_not_found: &'static str,
    /// Nothing is due on it.
    pub e_paid: &'static str,
    /// The amount is not so'm.
    pub e_amount: &'static str,
    /// Less than what is due: `{due}`.
    pub e_short: &'static str,
    /// The company takes no online payments yet.
    pub e_unavailable: &'static str,
    /// Back from the provider, the payment confirmed.
    pub paid: &'static str,
    /// Back from the provider, not confirmed yet.
    pub pending: &'static str,
    /// Back from the provider, refused (the shipment was paid meanwhile).
    pub cancelled: &'static str,
    /// The payments list's receipt column and link.
    pub receipt: &'static str,
    /// A receipt's heading: `{n}`.
    pub receipt_title: &'static str,
    /// Receipt rows: the row's id, company, client, shipment, method, provider's
    /// transaction, amount, paid at.
    pub rc_rows: [&'static str; 8],
    /// Under a receipt.
    pub rc_footer: &'static str,
    /// The PDF link.
    pub download: &'static str,
    /// Operators: the tab and the settings page's heading.
    pub ops_title: &'static str,
    /// Under it.
    pub ops_intro: &'static str,
    /// Fields: service id, merchant id, merchant user id.
    pub ops_ids: [&'static str; 3],
    /// The secret key field.
    pub ops_secret: &'static str,
    /// Under the secret key, when one is saved.
    pub ops_secret_kept: &'static str,
    /// The addresses to give Click: heading.
    pub ops_urls: &'static str,
    /// Save.
    pub ops_save: &'static str,
    /// Saved.
    pub ops_saved: &'static str,
    /// An id is not a number.
    pub e_id: &'static str,
    /// No secret key.
    pub e_secret: &'static str,
    /// Online payments are on / off.
    pub ops_state: [&'static str; 2],
}

impl PayText {
    /// A receipt row's label by index (see [`PayText::rc_rows`]).
    #[must_use]
    pub fn rc(&self, i: usize) -> &'static str {
        self.rc_rows.get(i).copied().unwrap_or("")
    }
}

/// O'zbekcha.
pub const UZ: PayText = PayText {
    title: "Buyurtma uchun to'lov",
    intro: "Buyurtmaning shtrix-kodi va summani kiriting. Ortiqcha to'langan summa balansingizga o'tadi.",
    barcode: "Shtrix-kod",
    amount: "Summa, so'm",
    due: "To'lanishi kerak: {due}",
    provider: "To'lov tizimi",
    soon: "Tez kunda",
    button: "To'lash",
    pay_this: "To'lash",
    e_barcode: "Shtrix-kod 12 ta raqamdan iborat.",
    e_not_found: "Sizda bunday buyurtma yo'q.",
    e_paid: "Bu buyurtma uchun to'lanadigan summa yo'q.",
    e_amount: "Summani so'mda kiriting, masalan 41000.",
    e_short: "Kamida {due} to'lang.",
    e_unavailable: "Kompaniya onlayn to'lovni hali ulamagan.",
    paid: "To'lov qabul qilindi.",
    pending: "To'lov tekshirilmoqda: bir necha soniyadan so'ng sahifani yangilang.",
    cancelled: "To'lov qabul qilinmadi: buyurtma bu orada to'langan. Pul kartangizga qaytariladi.",
    receipt: "Kvitansiya",
    receipt_title: "Kvitansiya № {n}",
    rc_rows: ["Hujjat ID", "Kompaniya", "Mijoz", "Buyurtma", "To'lov usuli", "Tranzaksiya", "Summa", "To'langan vaqt"],
    rc_footer: "Kvitansiya elektron shaklda berilgan va kompaniya hisobidagi yozuvga mos keladi.",
    download: "PDF yuklab olish",
    ops_title: "Onlayn to'lov",
    ops_intro: "Mijozlaringiz to'lovlari kompaniyangizning Click xizmatiga tushadi. Click kabinetida Prepare va Complete manzillarini quyidagicha ko'rsating.",
    ops_ids: ["Service ID", "Merchant ID", "Merchant user ID"],
    ops_secret: "Maxfiy kalit (Secret key)",
    ops_secret_kept: "Saqlangan. O'zgartirmaslik uchun bo'sh qoldiring.",
    ops_urls: "Click kabineti uchun manzillar",
    ops_save: "Saqlash",
    ops_saved: "Saqlandi.",
    e_id: "Faqat raqamlar.",
    e_secret: "Maxfiy kalitni kiriting.",
    ops_state: ["Onlayn to'lov yoqilgan", "Onlayn to'lov ulanmagan"],
};

/// Русский.
pub const RU: PayText = PayText {
    title: "Оплата заказа",
    intro: "Введите штрихкод заказа и сумму. Переплата зачисляется на ваш баланс.",
    barcode: "Штрихкод",
    amount: "Сумма, сум",
    due: "К оплате: {due}",
    provider: "Платёжная система",
    soon: "Скоро",
    button: "Оплатить",
    pay_this: "Оплатить",
    e_barcode: "Штрихкод — 12 цифр.",
    e_not_found: "У вас нет такого заказа.",
    e_paid: "По этому заказу нечего оплачивать.",
    e_amount: "Введите сумму в сумах, например 41000.",
    e_short: "Оплатите не меньше {due}.",
    e_unavailable: "Компания ещё не подключила онлайн-оплату.",
    paid: "Оплата получена.",
    pending: "Оплата проверяется: обновите страницу через несколько секунд.",
    cancelled: "Оплата не принята: заказ уже оплачен. Деньги вернутся на карту.",
    receipt: "Квитанция",
    receipt_title: "Квитанция № {n}",
    rc_rows: ["ID документа", "Компания", "Клиент", "Заказ", "Способ оплаты", "Транзакция", "Сумма", "Время оплаты"],
    rc_footer: "Квитанция выдана в электронном виде и соответствует записи в учёте компании.",
    download: "Скачать PDF",
    ops_title: "Онлайн-оплата",
    ops_intro: "Оплаты ваших клиентов поступают на Click-сервис вашей компании. Укажите в кабинете Click адреса Prepare и Complete, как ниже.",
    ops_ids: ["Service ID", "Merchant ID", "Merchant user ID"],
    ops_secret: "Секретный ключ (Secret key)",
    ops_secret_kept: "Сохранён. Оставьте пустым, чтобы не менять.",
    ops_urls: "Адреса для кабинета Click",
    ops_save: "Сохранить",
    ops_saved: "Сохранено.",
    e_id: "Только цифры.",
    e_secret: "Введите секретный ключ.",
    ops_state: ["Онлайн-оплата включена", "Онлайн-оплата не подключена"],
};

/// English.
pub const EN: PayText = PayText {
    title: "Pay for a shipment",
    intro: "Enter the shipment's barcode and the amount. Anything paid above what is due goes to your balance.",
    barcode: "Barcode",
    amount: "Amount, so'm",
    due: "Due: {due}",
    provider: "Payment system",
    soon: "Coming soon",
    button: "Pay",
    pay_this: "Pay",
    e_barcode: "A barcode is 12 digits.",
    e_not_found: "You have no such shipment.",
    e_paid: "Nothing is due on this shipment.",
    e_amount: "Enter the amount in so'm, e.g. 41000.",
    e_short: "Pay at least {due}.",
    e_unavailable: "The company does not take online payments yet.",
    paid: "Payment received.",
    pending: "The payment is being confirmed: reload the page in a few seconds.",
    cancelled: "The payment was not taken: the shipment had been paid meanwhile. The money goes back to the card.",
    receipt: "Receipt",
    receipt_title: "Receipt No. {n}",
    rc_rows: ["Document ID", "Company", "Client", "Shipment", "Method", "Transaction", "Amount", "Paid at"],
    rc_footer: "An electronic receipt; it matches the entry in the company's ledger.",
    download: "Download PDF",
    ops_title: "Online payment",
    ops_intro: "Your clients' payments go to your company's own Click service. In Click's merchant cabinet, set the Prepare and Complete addresses below.",
    ops_ids: ["Service ID", "Merchant ID", "Merchant user ID"],
    ops_secret: "Secret key",
    ops_secret_kept: "Saved. Leave empty to keep it.",
    ops_urls: "Addresses for Click's cabinet",
    ops_save: "Save",
    ops_saved: "Saved.",
    e_id: "Digits only.",
    e_secret: "Enter the secret key.",
    ops_state: ["Online payment is on", "Online payment is not set up"],
};
