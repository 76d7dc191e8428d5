//! Business clients' contracts (C11): the operators' contracts on a client's
//! ledger page and the cabinet's "Biznes" section. Reached as
//! `lang.text().cargo.business`.

/// The contracts' strings in one language.
#[derive(Debug)]
pub struct BusinessText {
    /// The section's heading.
    pub title: &'static str,
    /// Under the heading.
    pub intro: &'static str,
    /// The client has no contract yet.
    pub no_contracts: &'static str,
    /// The contract chooser's label.
    pub contract: &'static str,
    /// A contract in a chooser: "№ {number} · {office}".
    pub contract_line: &'static str,
    /// The personal manager's heading.
    pub manager: &'static str,
    /// No manager yet.
    pub no_manager: &'static str,
    /// The contract's balance.
    pub balance: &'static str,
    /// Year filter.
    pub year: &'static str,
    /// Month filter.
    pub month: &'static str,
    /// The whole year.
    pub all_months: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// The filters' button (without scripts the choice is sent with it).
    pub show: &'static str,
    /// No orders in the period.
    pub orders_empty: &'static str,
    /// "Signed {date}".
    pub signed: &'static str,
    /// The operators' contracts heading.
    pub ops_title: &'static str,
    /// Under it.
    pub ops_intro: &'static str,
    /// Column: number.
    pub col_number: &'static str,
    /// Column: signed on.
    pub col_signed: &'static str,
    /// Column: office.
    pub col_office: &'static str,
    /// Column / field: the manager's name.
    pub col_manager: &'static str,
    /// Field: the manager's phone.
    pub manager_phone: &'static str,
    /// The new contract form's heading.
    pub add_title: &'static str,
    /// Its button.
    pub add_button: &'static str,
    /// The manager form's button.
    pub save_manager: &'static str,
    /// After a contract was made.
    pub made: &'static str,
    /// After a manager was saved.
    pub manager_saved: &'static str,
    /// The record form's contract field.
    pub record_contract: &'static str,
    /// The record form's "no contract" choice.
    pub general: &'static str,
    /// Refusal: the number.
    pub e_number: &'static str,
    /// Refusal: the date.
    pub e_signed_on: &'static str,
    /// Refusal: the office.
    pub e_office: &'static str,
    /// Refusal: the manager's name.
    pub e_manager_name: &'static str,
    /// Refusal: the manager's phone.
    pub e_manager_phone: &'static str,
    /// Refusal: the number is taken.
    pub e_number_taken: &'static str,
    /// Refusal: the office already has a contract with the client.
    pub e_office_taken: &'static str,
    /// Refusal: not one of the client's contracts.
    pub e_contract: &'static str,
}

/// O'zbekcha.
pub const UZ: BusinessText = BusinessText {
    title: "Biznes",
    intro: "Yuridik mijozlar uchun: shartnoma (filial) bo'yicha buyurtmalar, balans va hujjatlar.",
    no_contracts: "Sizda hali shartnoma yo'q. Shartnoma tuzish uchun kompaniya operatoriga murojaat qiling.",
    contract: "Shartnoma (filial)",
    contract_line: "№ {number} · {office}",
    manager: "Shaxsiy menejer",
    no_manager: "Menejer hali tayinlanmagan.",
    balance: "Shartnoma balansi",
    year: "Yil",
    month: "Oy",
    all_months: "Butun yil",
    months: [
        "Yanvar", "Fevral", "Mart", "Aprel", "May", "Iyun", "Iyul", "Avgust", "Sentabr", "Oktabr", "Noyabr", "Dekabr",
    ],
    show: "Ko'rsatish",
    orders_empty: "Bu davrda shartnoma bo'yicha buyurtmalar yo'q.",
    signed: "{date} da imzolangan",
    ops_title: "Shartnomalar",
    ops_intro: "Mijozning har bir filial bilan shartnomasi. Mijoz shu filialdan jo'natgan buyurtmalar va ularning to'lovlari shartnoma balansiga yoziladi.",
    col_number: "Raqami",
    col_signed: "Sana",
    col_office: "Filial",
    col_manager: "Shaxsiy menejer",
    manager_phone: "Menejer telefoni",
    add_title: "Yangi shartnoma",
    add_button: "Shartnoma qo'shish",
    save_manager: "Saqlash",
    made: "Shartnoma qo'shildi.",
    manager_saved: "Menejer saqlandi.",
    record_contract: "Shartnoma",
    general: "Umumiy hisob (shartnomasiz)",
    e_number: "Shartnoma raqamini kiriting: harflar, raqamlar, «-», «/», «.», 32 belgigacha.",
    e_signed_on: "Sana noto'g'ri: 2000 yildan bugungacha bo'lgan kunni tanlang.",
    e_office: "Kompaniya filiallaridan birini tanlang.",
    e_manager_name: "Menejer ismini kiriting (80 belgigacha); telefon ismsiz saqlanmaydi.",
    e_manager_phone: "Telefon +998 va 9 raqamdan iborat bo'lishi kerak.",
    e_number_taken: "Bu raqamli shartnoma kompaniyada allaqachon bor.",
    e_office_taken: "Mijozning bu filial bilan shartnomasi allaqachon bor.",
    e_contract: "Bu mijozning shartnomalaridan birini tanlang.",
};

/// Русский.
pub const RU: BusinessText = BusinessText {
    title: "Бизнес",
    intro: "Для юридических клиентов: заказы, баланс и документы по договору (офису).",
    no_contracts: "У вас пока нет договора. Чтобы заключить договор, обратитесь к оператору компании.",
    contract: "Договор (офис)",
    contract_line: "№ {number} · {office}",
    manager: "Персональный менеджер",
    no_manager: "Менеджер ещё не назначен.",
    balance: "Баланс по договору",
    year: "Год",
    month: "Месяц",
    all_months: "Весь год",
    months: [
        "Январь",
        "Февраль",
        "Март",
        "Апрель",
        "Май",
        "Июнь",
        "Июль",
        "Август",
        "Сентябрь",
        "Октябрь",
        "Ноябрь",
        "Декабрь",
    ],
    show: "Показать",
    orders_empty: "За этот период заказов по договору нет.",
    signed: "подписан {date}",
    ops_title: "Договоры",
    ops_intro: "Договор клиента с каждым офисом. Заказы, которые клиент отправляет из этого офиса, и их оплаты идут на баланс договора.",
    col_number: "Номер",
    col_signed: "Дата",
    col_office: "Офис",
    col_manager: "Персональный менеджер",
    manager_phone: "Телефон менеджера",
    add_title: "Новый договор",
    add_button: "Добавить договор",
    save_manager: "Сохранить",
    made: "Договор добавлен.",
    manager_saved: "Менеджер сохранён.",
    record_contract: "Договор",
    general: "Общий счёт (без договора)",
    e_number: "Введите номер договора: буквы, цифры, «-», «/», «.», до 32 символов.",
    e_signed_on: "Неверная дата: выберите день с 2000 года по сегодня.",
    e_office: "Выберите один из офисов компании.",
    e_manager_name: "Введите имя менеджера (до 80 символов); телефон без имени не сохраняется.",
    e_manager_phone: "Телефон должен быть +998 и 9 цифр.",
    e_number_taken: "Договор с таким номером в компании уже есть.",
    e_office_taken: "У клиента уже есть договор с этим офисом.",
    e_contract: "Выберите один из договоров этого клиента.",
};

/// English.
pub const EN: BusinessText = BusinessText {
    title: "Business",
    intro: "For business clients: orders, balance and documents by contract (office).",
    no_contracts: "You have no contract yet. To sign one, contact the company's operator.",
    contract: "Contract (office)",
    contract_line: "No. {number} · {office}",
    manager: "Personal manager",
    no_manager: "No manager assigned yet.",
    balance: "Contract balance",
    year: "Year",
    month: "Month",
    all_months: "Whole year",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    show: "Show",
    orders_empty: "No orders under this contract in the period.",
    signed: "signed {date}",
    ops_title: "Contracts",
    ops_intro: "The client's contract with each office. Orders the client sends from that office, and their payments, go to the contract's balance.",
    col_number: "Number",
    col_signed: "Date",
    col_office: "Office",
    col_manager: "Personal manager",
    manager_phone: "Manager's phone",
    add_title: "New contract",
    add_button: "Add contract",
    save_manager: "Save",
    made: "Contract added.",
    manager_saved: "Manager saved.",
    record_contract: "Contract",
    general: "General account (no contract)",
    e_number: "Enter the contract number: letters, digits, \"-\", \"/\", \".\", up to 32 characters.",
    e_signed_on: "Wrong date: choose a day from 2000 to today.",
    e_office: "Choose one of the company's offices.",
    e_manager_name: "Enter the manager's name (up to 80 characters); a phone is not kept without a name.",
    e_manager_phone: "The phone must be +998 and 9 digits.",
    e_number_taken: "The company already has a contract with this number.",
    e_office_taken: "The client already has a contract with this office.",
    e_contract: "Choose one of this client's contracts.",
};

impl BusinessText {
    /// A contract's refusal in this language, by the problem's code
    /// (`number`, `signed_on`, `office`, `manager_name`, `manager_phone`,
    /// `number_taken`, `office_taken`, `contract`).
    #[must_use]
    pub fn refusal(&self, code: &str) -> &'static str {
        match code {
            "number" => self.e_number,
            "signed_on" => self.e_signed_on,
            "office" => self.e_office,
            "manager_name" => self.e_manager_name,
            "manager_phone" => self.e_manager_phone,
            "number_taken" => self.e_number_taken,
            "office_taken" => self.e_office_taken,
            _ => self.e_contract,
        }
    }
}
