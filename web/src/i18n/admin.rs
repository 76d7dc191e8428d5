//! Platform administration (`/admin`): sign-in, search, the business card
//! (subscription, invoices, payments, suspend / resume, password reset), the
//! audit log. Placeholders: `{phone}`, `{business}`.
//!
//! One value per language; a string missing from one does not compile.

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct AdminText {
    /// The administration's name in the header and titles.
    pub title: &'static str,
    /// Sign-in page title.
    pub login_title: &'static str,
    /// Login field.
    pub login: &'static str,
    /// Password field.
    pub password: &'static str,
    /// Sign-in button.
    pub sign_in: &'static str,
    /// New password page title and field.
    pub new_password: &'static str,
    /// Confirmation field.
    pub password_confirm: &'static str,
    /// Why the new password is asked for.
    pub password_forced: &'static str,
    /// Menu: search.
    pub nav_search: &'static str,
    /// Menu: audit log.
    pub nav_audit: &'static str,
    /// Search field.
    pub search_label: &'static str,
    /// Under the search field.
    pub search_hint: &'static str,
    /// Search button.
    pub search_button: &'static str,
    /// Nothing found.
    pub empty_search: &'static str,
    /// Column.
    pub col_business: &'static str,
    /// Column.
    pub col_owner: &'static str,
    /// Column.
    pub col_phone: &'static str,
    /// Column.
    pub col_status: &'static str,
    /// Column.
    pub col_tariff: &'static str,
    /// Column.
    pub col_created: &'static str,
    /// Column.
    pub col_ends: &'static str,
    /// Column.
    pub col_branches: &'static str,
    /// Section.
    pub owners: &'static str,
    /// Section.
    pub subscription: &'static str,
    /// The suspension's reason.
    pub reason: &'static str,
    /// Suspend section and button.
    pub suspend: &'static str,
    /// Under the suspend form.
    pub suspend_help: &'static str,
    /// Resume button.
    pub resume: &'static str,
    /// Reset button.
    pub reset_password: &'static str,
    /// An owner whose temporary password is pending.
    pub must_change: &'static str,
    /// After a reset: {phone}.
    pub temporary_password: &'static str,
    /// After suspending.
    pub suspended_notice: &'static str,
    /// After resuming.
    pub resumed_notice: &'static str,
    /// Section.
    pub invoices: &'static str,
    /// Section.
    pub payments: &'static str,
    /// No invoices.
    pub empty_invoices: &'static str,
    /// No payments.
    pub empty_payments: &'static str,
    /// Column.
    pub col_invoice: &'static str,
    /// Column.
    pub col_period: &'static str,
    /// Column.
    pub col_amount: &'static str,
    /// Column.
    pub col_origin: &'static str,
    /// Column.
    pub col_provider: &'static str,
    /// Column.
    pub col_txn: &'static str,
    /// Column.
    pub col_paid: &'static str,
    /// Column: the paid time.
    pub col_covers: &'static str,
    /// Invoice status.
    pub inv_open: &'static str,
    /// Invoice status.
    pub inv_paid: &'static str,
    /// Invoice status.
    pub inv_cancelled: &'static str,
    /// Invoice origin.
    pub origin_owner: &'static str,
    /// Invoice origin.
    pub origin_operator: &'static str,
    /// Invoice origin.
    pub origin_renewal: &'static str,
    /// Period.
    pub period_month: &'static str,
    /// Period.
    pub period_year: &'static str,
    /// Audit page title for one business: {business}.
    pub audit_for: &'static str,
    /// Link to the whole log.
    pub audit_all: &'static str,
    /// Nothing logged.
    pub empty_audit: &'static str,
    /// Column.
    pub col_at: &'static str,
    /// Column.
    pub col_actor: &'static str,
    /// Column.
    pub col_action: &'static str,
    /// Column.
    pub col_detail: &'static str,
    /// Column.
    pub col_addr: &'static str,
    /// The command line as an actor.
    pub actor_cli: &'static str,
    /// Action.
    pub a_add_admin: &'static str,
    /// Action.
    pub a_add_owner: &'static str,
    /// Action.
    pub a_invoice: &'static str,
    /// Action.
    pub a_suspend: &'static str,
    /// Action.
    pub a_resume: &'static str,
    /// Action.
    pub a_reset_password: &'static str,
    /// Action.
    pub a_set_tariff: &'static str,
    /// Action.
    pub a_sign_in: &'static str,
    /// Action.
    pub a_password_changed: &'static str,
    /// A courier company's operator recorded money on a client's ledger.
    pub a_cargo_ledger: &'static str,
    /// Audit action: a courier company changed its Click service.
    pub a_cargo_click: &'static str,
    /// Audit: a courier company's contract with a client made or its manager set.
    pub a_cargo_contract: &'static str,
    /// Audit: a courier company's or its client's legal details saved.
    pub a_cargo_legal: &'static str,
    /// [`ErrorCode::AdminLoginFailed`](super::ErrorCode::AdminLoginFailed).
    pub e_login_failed: &'static str,
    /// [`ErrorCode::AdminReason`](super::ErrorCode::AdminReason).
    pub e_reason: &'static str,
    /// [`ErrorCode::AdminAlreadySuspended`](super::ErrorCode::AdminAlreadySuspended).
    pub e_already_suspended: &'static str,
    /// [`ErrorCode::AdminNotSuspended`](super::ErrorCode::AdminNotSuspended).
    pub e_not_suspended: &'static str,
    /// [`ErrorCode::AdminNoOwner`](super::ErrorCode::AdminNoOwner).
    pub e_no_owner: &'static str,
}

/// O'zbekcha.
pub const UZ: AdminText = AdminText {
    title: "Platforma boshqaruvi",
    login_title: "Administrator kirishi",
    login: "Login",
    password: "Parol",
    sign_in: "Kirish",
    new_password: "Yangi parol",
    password_confirm: "Parolni tasdiqlang",
    password_forced: "Vaqtinchalik parol bilan kirdingiz. Davom etish uchun o'zingizning parolingizni o'rnating.",
    nav_search: "Bizneslar",
    nav_audit: "Audit jurnali",
    search_label: "Telefon yoki nom",
    search_hint: "Egasining telefoni (+998…) yoki biznes, ism, familiya bo'yicha qidiring.",
    search_button: "Qidirish",
    empty_search: "Hech narsa topilmadi.",
    col_business: "Biznes",
    col_owner: "Egasi",
    col_phone: "Telefon",
    col_status: "Holati",
    col_tariff: "Tarif",
    col_created: "Ro'yxatdan o'tgan",
    col_ends: "Tugash sanasi",
    col_branches: "Filiallar",
    owners: "Egalari",
    subscription: "Obuna",
    reason: "Sabab",
    suspend: "To'xtatib qo'yish",
    suspend_help: "Portal faqat ko'rish rejimiga o'tadi va yangi POS ulanmaydi; filiallar savdoni davom ettiradi.",
    resume: "Qayta tiklash",
    reset_password: "Parolni tiklash",
    must_change: "Vaqtinchalik parol: keyingi kirishda almashtiriladi",
    temporary_password: "{phone} uchun vaqtinchalik parol (faqat hozir ko'rsatiladi):",
    suspended_notice: "Obuna to'xtatildi.",
    resumed_notice: "Obuna qayta tiklandi.",
    invoices: "Hisob-fakturalar",
    payments: "To'lovlar",
    empty_invoices: "Hisob-fakturalar yo'q.",
    empty_payments: "To'lovlar yo'q.",
    col_invoice: "Hisob",
    col_period: "Davr",
    col_amount: "Summa",
    col_origin: "Kim yaratgan",
    col_provider: "To'lov tizimi",
    col_txn: "Tranzaksiya",
    col_paid: "To'langan",
    col_covers: "Muddat",
    inv_open: "Ochiq",
    inv_paid: "To'langan",
    inv_cancelled: "Bekor qilingan",
    origin_owner: "Egasi",
    origin_operator: "Operator",
    origin_renewal: "Avtomatik uzaytirish",
    period_month: "Oy",
    period_year: "Yil",
    audit_for: "Audit jurnali: {business}",
    audit_all: "Butun jurnal",
    empty_audit: "Jurnal bo'sh.",
    col_at: "Vaqt",
    col_actor: "Kim",
    col_action: "Amal",
    col_detail: "Tafsilot",
    col_addr: "Manzil",
    actor_cli: "buyruq qatori",
    a_add_admin: "Administrator qo'shildi",
    a_add_owner: "Biznes ulandi",
    a_invoice: "Hisob yaratildi",
    a_suspend: "Obuna to'xtatildi",
    a_resume: "Obuna tiklandi",
    a_reset_password: "Egasining paroli tiklandi",
    a_set_tariff: "Tarif o'zgartirildi",
    a_sign_in: "Administrator kirdi",
    a_password_changed: "Administrator parolini o'zgartirdi",
    a_cargo_ledger: "Kuryer kompaniyasi mijoz hisobiga yozuv qo'shdi",
    a_cargo_click: "Kuryer kompaniyasi Click sozlamalarini o'zgartirdi",
    a_cargo_contract: "Kuryer kompaniyasi mijoz bilan shartnoma tuzdi yoki uning menejerini o'zgartirdi",
    a_cargo_legal: "Kuryer kompaniyasi o'z yoki mijoz rekvizitlarini saqladi",
    e_login_failed: "Login yoki parol noto'g'ri",
    e_reason: "To'xtatish sababini yozing (ko'pi bilan 500 ta belgi)",
    e_already_suspended: "Obuna allaqachon to'xtatilgan",
    e_not_suspended: "Obuna to'xtatilmagan",
    e_no_owner: "Bunday biznes yoki egasi topilmadi",
};

/// Русский.
pub const RU: AdminText = AdminText {
    title: "Администрирование платформы",
    login_title: "Вход администратора",
    login: "Логин",
    password: "Пароль",
    sign_in: "Войти",
    new_password: "Новый пароль",
    password_confirm: "Подтвердите пароль",
    password_forced: "Вы вошли с временным паролем. Чтобы продолжить, задайте свой пароль.",
    nav_search: "Бизнесы",
    nav_audit: "Журнал аудита",
    search_label: "Телефон или название",
    search_hint: "Ищите по телефону владельца (+998…) или по названию бизнеса, имени, фамилии.",
    search_button: "Найти",
    empty_search: "Ничего не найдено.",
    col_business: "Бизнес",
    col_owner: "Владелец",
    col_phone: "Телефон",
    col_status: "Статус",
    col_tariff: "Тариф",
    col_created: "Зарегистрирован",
    col_ends: "Дата окончания",
    col_branches: "Филиалы",
    owners: "Владельцы",
    subscription: "Подписка",
    reason: "Причина",
    suspend: "Приостановить",
    suspend_help: "Портал перейдёт в режим просмотра, новые POS не подключатся; филиалы продолжат продажи.",
    resume: "Возобновить",
    reset_password: "Сбросить пароль",
    must_change: "Временный пароль: сменит при следующем входе",
    temporary_password: "Временный пароль для {phone} (показывается только сейчас):",
    suspended_notice: "Подписка приостановлена.",
    resumed_notice: "Подписка возобновлена.",
    invoices: "Счета",
    payments: "Платежи",
    empty_invoices: "Счетов нет.",
    empty_payments: "Платежей нет.",
    col_invoice: "Счёт",
    col_period: "Период",
    col_amount: "Сумма",
    col_origin: "Кем создан",
    col_provider: "Платёжная система",
    col_txn: "Транзакция",
    col_paid: "Оплачен",
    col_covers: "Срок",
    inv_open: "Открыт",
    inv_paid: "Оплачен",
    inv_cancelled: "Отменён",
    origin_owner: "Владелец",
    origin_operator: "Оператор",
    origin_renewal: "Автопродление",
    period_month: "Месяц",
    period_year: "Год",
    audit_for: "Журнал аудита: {business}",
    audit_all: "Весь журнал",
    empty_audit: "Журнал пуст.",
    col_at: "Время",
    col_actor: "Кто",
    col_action: "Действие",
    col_detail: "Подробности",
    col_addr: "Адрес",
    actor_cli: "командная строка",
    a_add_admin: "Добавлен администратор",
    a_add_owner: "Подключён бизнес",
    a_invoice: "Создан счёт",
    a_suspend: "Подписка приостановлена",
    a_resume: "Подписка возобновлена",
    a_reset_password: "Сброшен пароль владельца",
    a_set_tariff: "Изменён тариф",
    a_sign_in: "Вход администратора",
    a_password_changed: "Администратор сменил пароль",
    a_cargo_ledger: "Курьерская компания записала движение по счёту клиента",
    a_cargo_click: "Курьерская компания изменила настройки Click",
    a_cargo_contract: "Курьерская компания заключила договор с клиентом или сменила его менеджера",
    a_cargo_legal: "Курьерская компания сохранила свои реквизиты или реквизиты клиента",
    e_login_failed: "Неверный логин или пароль",
    e_reason: "Укажите причину приостановки (не более 500 символов)",
    e_already_suspended: "Подписка уже приостановлена",
    e_not_suspended: "Подписка не приостановлена",
    e_no_owner: "Такой бизнес или владелец не найден",
};

/// English.
pub const EN: AdminText = AdminText {
    title: "Platform administration",
    login_title: "Administrator sign-in",
    login: "Login",
    password: "Password",
    sign_in: "Sign in",
    new_password: "New password",
    password_confirm: "Confirm the password",
    password_forced: "You signed in with a temporary password. Choose your own to continue.",
    nav_search: "Businesses",
    nav_audit: "Audit log",
    search_label: "Phone or name",
    search_hint: "Search by the owner's phone (+998…) or by business, first or last name.",
    search_button: "Search",
    empty_search: "Nothing found.",
    col_business: "Business",
    col_owner: "Owner",
    col_phone: "Phone",
    col_status: "Status",
    col_tariff: "Tariff",
    col_created: "Registered",
    col_ends: "Ends",
    col_branches: "Branches",
    owners: "Owners",
    subscription: "Subscription",
    reason: "Reason",
    suspend: "Suspend",
    suspend_help: "The portal turns read-only and no new POS can be paired; the branches keep selling.",
    resume: "Resume",
    reset_password: "Reset password",
    must_change: "Temporary password: to be changed at the next sign-in",
    temporary_password: "Temporary password for {phone} (shown only now):",
    suspended_notice: "The subscription is suspended.",
    resumed_notice: "The subscription is resumed.",
    invoices: "Invoices",
    payments: "Payments",
    empty_invoices: "No invoices.",
    empty_payments: "No payments.",
    col_invoice: "Invoice",
    col_period: "Period",
    col_amount: "Amount",
    col_origin: "Made by",
    col_provider: "Provider",
    col_txn: "Transaction",
    col_paid: "Paid",
    col_covers: "Covers",
    inv_open: "Open",
    inv_paid: "Paid",
    inv_cancelled: "Cancelled",
    origin_owner: "Owner",
    origin_operator: "Operator",
    origin_renewal: "Auto-renewal",
    period_month: "Month",
    period_year: "Year",
    audit_for: "Audit log: {business}",
    audit_all: "The whole log",
    empty_audit: "Nothing logged yet.",
    col_at: "When",
    col_actor: "Who",
    col_action: "Action",
    col_detail: "Detail",
    col_addr: "Address",
    actor_cli: "command line",
    a_add_admin: "Administrator added",
    a_add_owner: "Business onboarded",
    a_invoice: "Invoice made",
    a_suspend: "Subscription suspended",
    a_resume: "Subscription resumed",
    a_reset_password: "Owner's password reset",
    a_set_tariff: "Tariff changed",
    a_sign_in: "Administrator signed in",
    a_password_changed: "Administrator changed password",
    a_cargo_ledger: "A courier company recorded money on a client's ledger",
    a_cargo_click: "A courier company changed its Click service",
    a_cargo_contract: "A courier company made a contract with a client or changed its manager",
    a_cargo_legal: "A courier company saved its own or a client's legal details",
    e_login_failed: "Wrong login or password",
    e_reason: "Give a reason for the suspension (at most 500 characters)",
    e_already_suspended: "The subscription is already suspended",
    e_not_suspended: "The subscription is not suspended",
    e_no_owner: "No such business or owner",
};
