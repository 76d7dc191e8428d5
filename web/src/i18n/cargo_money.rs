//! Money between a courier company and its clients: the operators' balances
//! and a client's ledger (`/cargo-ops/balances`), the cabinet's payments list
//! (C7). Reached as `lang.text().cargo.money`.

/// The ledger's strings in one language.
#[derive(Debug)]
pub struct MoneyText {
    /// The operators' tab bar: balances.
    pub nav_balances: &'static str,
    /// The balances page's heading.
    pub balances_title: &'static str,
    /// Under the heading.
    pub balances_intro: &'static str,
    /// The search field's label.
    pub search: &'static str,
    /// The search button.
    pub find: &'static str,
    /// No client has a ledger row (or none matches).
    pub balances_empty: &'static str,
    /// Column: the client.
    pub col_client: &'static str,
    /// Column: charged (charges less refunds).
    pub col_charged: &'static str,
    /// Column: paid.
    pub col_paid: &'static str,
    /// Column: cash on delivery held for the client.
    pub col_cod: &'static str,
    /// Column: the balance.
    pub col_balance: &'static str,
    /// A client's ledger's heading: "{name}: ledger".
    pub ledger_title: &'static str,
    /// Under it: what the signs mean.
    pub ledger_intro: &'static str,
    /// Column: date.
    pub col_date: &'static str,
    /// Column: what the row is.
    pub col_kind: &'static str,
    /// Column: amount.
    pub col_amount: &'static str,
    /// Column: the balance after the row.
    pub col_after: &'static str,
    /// Column: the shipment.
    pub col_shipment: &'static str,
    /// Column: the note.
    pub col_note: &'static str,
    /// No rows yet.
    pub ledger_empty: &'static str,
    /// Kinds, in `charge, payment, cod_collected, cod_payout, cod_reversed,
    /// refund, correction, payment_returned` order.
    pub kinds: [&'static str; 8],
    /// Payment methods, in `click, cash, transfer, sello, card, mobile`
    /// order (the last two: a card or a phone at an office's desk).
    pub methods: [&'static str; 6],
    /// The record form's heading.
    pub record_title: &'static str,
    /// Record: a bank transfer came in.
    pub record_transfer: &'static str,
    /// Record: cash on delivery paid out to the client.
    pub record_payout: &'static str,
    /// Record: a correction.
    pub record_correction: &'static str,
    /// The amount field.
    pub amount_label: &'static str,
    /// The note field.
    pub note_label: &'static str,
    /// The record button.
    pub record_button: &'static str,
    /// After a row was written.
    pub recorded: &'static str,
    /// The kind is missing or unknown.
    pub e_kind: &'static str,
    /// The amount does not parse or is out of range.
    pub e_amount: &'static str,
    /// A payout above what is held: `{held}`.
    pub e_payout: &'static str,
    /// A correction without a note.
    pub e_note: &'static str,
    /// The cabinet's payments list: heading.
    pub payments_title: &'static str,
    /// The cabinet's payments list: nothing yet.
    pub payments_empty: &'static str,
    /// Column: the payment's number.
    pub col_no: &'static str,
    /// Column: how it was paid.
    pub col_type: &'static str,
}

impl MoneyText {
    /// A kind's name by its stored code (the code itself if unknown).
    #[must_use]
    pub fn kind(&self, code: &str) -> &'static str {
        const CODES: [&str; 8] = [
            "charge",
            "payment",
            "cod_collected",
            "cod_payout",
            "cod_reversed",
            "refund",
            "correction",
            "payment_returned",
        ];
        CODES.iter().position(|c| *c == code).map_or("", |i| self.kinds[i])
    }

    /// A payment method's name by its stored code (empty if none or unknown).
    #[must_use]
    pub fn method(&self, code: &str) -> &'static str {
        const CODES: [&str; 6] = ["click", "cash", "transfer", "sello", "card", "mobile"];
        CODES.iter().position(|c| *c == code).map_or("", |i| self.methods[i])
    }
}

/// O'zbekcha.
pub const UZ: MoneyText = MoneyText {
    nav_balances: "Balanslar",
    balances_title: "Mijozlar balanslari",
    balances_intro: "Har bir mijozning hisobi: xizmatlar, to'lovlar va kompaniya mijoz uchun undirgan nalojka. Eng katta qarzlar birinchi.",
    search: "Ism yoki telefon",
    find: "Izlash",
    balances_empty: "Hali hisob-kitob yo'q.",
    col_client: "Mijoz",
    col_charged: "Xizmatlar",
    col_paid: "To'langan",
    col_cod: "Nalojka (mijozniki)",
    col_balance: "Balans",
    ledger_title: "{name}: hisob-kitob",
    ledger_intro: "Har bir yozuv o'zgarmaydi. Musbat summa mijoz foydasiga, manfiy summa mijoz hisobidan.",
    col_date: "Sana",
    col_kind: "Turi",
    col_amount: "Summa",
    col_after: "Qoldiq",
    col_shipment: "Buyurtma",
    col_note: "Izoh",
    ledger_empty: "Hali yozuvlar yo'q.",
    kinds: [
        "Xizmat haqi",
        "To'lov",
        "Nalojka undirildi",
        "Nalojka to'lab berildi",
        "Nalojka bekor qilindi",
        "Qaytarildi",
        "Tuzatish",
        "To'lov qaytarib berildi",
    ],
    methods: ["Click", "Naqd", "Bank o'tkazmasi", "Sello", "Karta", "Mobil to'lov"],
    record_title: "Yozuv qo'shish",
    record_transfer: "Bank o'tkazmasi kelib tushdi",
    record_payout: "Nalojka mijozga to'lab berildi",
    record_correction: "Tuzatish",
    amount_label: "Summa, so'm",
    note_label: "Hujjat raqami yoki izoh",
    record_button: "Saqlash",
    recorded: "Yozildi.",
    e_kind: "Yozuv turini tanlang.",
    e_amount: "Summani so'mda kiriting: noldan katta va 1 000 000 000 dan oshmasin (tuzatish minus bilan bo'lishi mumkin).",
    e_payout: "Kompaniyada bu mijozning {held} nalojkasi bor; undan ko'p to'lab bo'lmaydi.",
    e_note: "Tuzatish sababini yozing.",
    payments_title: "To'lovlar ro'yxati",
    payments_empty: "Hali to'lovlar yo'q.",
    col_no: "№",
    col_type: "To'lov turi",
};

/// Русский.
pub const RU: MoneyText = MoneyText {
    nav_balances: "Балансы",
    balances_title: "Балансы клиентов",
    balances_intro: "Расчёты с каждым клиентом: услуги, оплаты и наложенный платёж, полученный компанией для клиента. Самые большие долги сверху.",
    search: "Имя или телефон",
    find: "Найти",
    balances_empty: "Движений пока нет.",
    col_client: "Клиент",
    col_charged: "Начислено",
    col_paid: "Оплачено",
    col_cod: "Наложенный платёж клиента",
    col_balance: "Баланс",
    ledger_title: "{name}: движение средств",
    ledger_intro: "Записи не меняются. Положительная сумма в пользу клиента, отрицательная — за счёт клиента.",
    col_date: "Дата",
    col_kind: "Тип",
    col_amount: "Сумма",
    col_after: "Остаток",
    col_shipment: "Заказ",
    col_note: "Комментарий",
    ledger_empty: "Записей пока нет.",
    kinds: [
        "Начисление",
        "Оплата",
        "Наложенный платёж получен",
        "Наложенный платёж выплачен",
        "Наложенный платёж отменён",
        "Возврат",
        "Корректировка",
        "Оплата возвращена",
    ],
    methods: ["Click", "Наличные", "Банковский перевод", "Sello", "Карта", "Мобильный платёж"],
    record_title: "Записать движение",
    record_transfer: "Поступил банковский перевод",
    record_payout: "Наложенный платёж выплачен клиенту",
    record_correction: "Корректировка",
    amount_label: "Сумма, сум",
    note_label: "Номер документа или комментарий",
    record_button: "Записать",
    recorded: "Записано.",
    e_kind: "Выберите, что записать.",
    e_amount: "Введите сумму в сумах: больше нуля и не более 1 000 000 000 (корректировка может быть со знаком минус).",
    e_payout: "У компании {held} наложенного платежа этого клиента; выплатить больше нельзя.",
    e_note: "Укажите причину корректировки.",
    payments_title: "Список платежей",
    payments_empty: "Платежей пока нет.",
    col_no: "№",
    col_type: "Тип платежа",
};

/// English.
pub const EN: MoneyText = MoneyText {
    nav_balances: "Balances",
    balances_title: "Clients' balances",
    balances_intro: "Where the company stands with each client: charges, payments, and cash on delivery collected for them. Largest debts first.",
    search: "Name or phone",
    find: "Find",
    balances_empty: "No money has moved yet.",
    col_client: "Client",
    col_charged: "Charged",
    col_paid: "Paid",
    col_cod: "Cash on delivery held",
    col_balance: "Balance",
    ledger_title: "{name}: ledger",
    ledger_intro: "Rows never change. A positive amount is in the client's favour, a negative one against them.",
    col_date: "Date",
    col_kind: "Kind",
    col_amount: "Amount",
    col_after: "Balance after",
    col_shipment: "Shipment",
    col_note: "Note",
    ledger_empty: "No rows yet.",
    kinds: [
        "Charge",
        "Payment",
        "Cash on delivery collected",
        "Cash on delivery paid out",
        "Cash on delivery reversed",
        "Refund",
        "Correction",
        "Payment returned",
    ],
    methods: ["Click", "Cash", "Bank transfer", "Sello", "Card", "Mobile payment"],
    record_title: "Record",
    record_transfer: "Bank transfer received",
    record_payout: "Cash on delivery paid out to the client",
    record_correction: "Correction",
    amount_label: "Amount, so'm",
    note_label: "Document number or note",
    record_button: "Record",
    recorded: "Recorded.",
    e_kind: "Choose what to record.",
    e_amount: "Type the amount in so'm: above zero and at most 1 000 000 000 (a correction may be negative).",
    e_payout: "The company holds {held} of this client's cash on delivery; a payout cannot exceed it.",
    e_note: "Say why: a correction needs a note.",
    payments_title: "Payments",
    payments_empty: "No payments yet.",
    col_no: "No.",
    col_type: "Type",
};
