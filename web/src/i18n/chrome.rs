//! The chrome's strings: the layout (title, menu, branch selector, language
//! switcher), the pager, words every domain uses, and the error pages with
//! the errors no one domain owns.
//!
//! One value per language; a string missing from one does not compile.

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct ChromeText {
    /// After every page title.
    pub site: &'static str,
    /// "Language".
    pub language: &'static str,
    /// Dashboard.
    pub nav_dashboard: &'static str,
    /// Orders.
    pub nav_orders: &'static str,
    /// Products.
    pub nav_products: &'static str,
    /// Employees.
    pub nav_employees: &'static str,
    /// Transactions.
    pub nav_transactions: &'static str,
    /// Branches.
    pub nav_branches: &'static str,
    /// Subscription.
    pub nav_subscription: &'static str,
    /// Payment settings.
    pub nav_payment_settings: &'static str,
    /// Profile.
    pub nav_profile: &'static str,
    /// The courier company's operators' pages (shipments, pickups, appeals, tariff).
    pub nav_cargo: &'static str,
    /// The menu button's label (phones).
    pub menu: &'static str,
    /// Sign out.
    pub logout: &'static str,
    /// Home link on message pages.
    pub home: &'static str,
    /// "Save".
    pub save: &'static str,
    /// Active.
    pub active: &'static str,
    /// Inactive.
    pub inactive: &'static str,
    /// Cancel
    pub cancel: &'static str,
    /// Not found title.
    pub not_found: &'static str,
    /// Not found text.
    pub not_found_text: &'static str,
    /// Error title.
    pub error_title: &'static str,
    /// Our failure.
    pub error_internal: &'static str,
    /// Form from another site or an old page; also [`ErrorCode::Csrf`](super::ErrorCode::Csrf).
    pub error_csrf: &'static str,
    /// [`ErrorCode::TooManyRequests`](super::ErrorCode::TooManyRequests).
    pub e_too_many_requests: &'static str,
    /// [`ErrorCode::BadRequest`](super::ErrorCode::BadRequest).
    pub e_bad_request: &'static str,
    /// [`ErrorCode::TooLarge`](super::ErrorCode::TooLarge).
    pub e_too_large: &'static str,
    /// Opens the menu (mobile).
    pub menu_open: &'static str,
    /// Branch selector: every branch.
    pub all_branches: &'static str,
    /// Branch selector label.
    pub branch_select: &'static str,
    /// Apply a selection.
    pub choose: &'static str,
    /// Pager.
    pub page_of: &'static str,
    /// Pager.
    pub prev_page: &'static str,
    /// Pager.
    pub next_page: &'static str,
}

/// O'zbekcha.
pub const UZ: ChromeText = ChromeText {
    site: "POS kabinet",
    language: "Til",
    nav_dashboard: "Dashboard",
    nav_orders: "Buyurtmalar",
    nav_products: "Mahsulotlar",
    nav_employees: "Xodimlar",
    nav_transactions: "O'tkazmalar",
    nav_branches: "Filiallar",
    nav_subscription: "Obuna",
    nav_payment_settings: "To'lov sozlamalari",
    nav_profile: "Profil",
    nav_cargo: "Kargo",
    menu: "Menyu",
    logout: "Chiqish",
    home: "Bosh sahifa",
    save: "Saqlash",
    active: "Faol",
    inactive: "Nofaol",
    cancel: "Bekor qilish",
    not_found: "Topilmadi",
    not_found_text: "Bunday sahifa yo'q yoki u sizga tegishli emas.",
    error_title: "Xatolik",
    error_internal: "Kutilmagan xatolik. Birozdan so'ng qayta urinib ko'ring.",
    error_csrf: "Forma eskirgan yoki boshqa saytdan yuborilgan. Sahifani yangilab, qayta urinib ko'ring.",
    e_too_many_requests: "Juda ko'p urinish. Birozdan so'ng qayta urinib ko'ring",
    e_bad_request: "So'rov noto'g'ri tuzilgan",
    e_too_large: "Yuborilgan ma'lumot juda katta",
    menu_open: "Menyuni ochish",
    all_branches: "Barcha filiallar",
    branch_select: "Filial",
    choose: "Tanlash",
    page_of: "{page}/{pages}-sahifa · jami {total}",
    prev_page: "Oldingi",
    next_page: "Keyingi",
};

/// Русский.
pub const RU: ChromeText = ChromeText {
    site: "POS кабинет",
    language: "Язык",
    nav_dashboard: "Дашборд",
    nav_orders: "Заказы",
    nav_products: "Товары",
    nav_employees: "Сотрудники",
    nav_transactions: "Транзакции",
    nav_branches: "Филиалы",
    nav_subscription: "Подписка",
    nav_payment_settings: "Настройки оплаты",
    nav_profile: "Профиль",
    nav_cargo: "Карго",
    menu: "Меню",
    logout: "Выйти",
    home: "На главную",
    save: "Сохранить",
    active: "Активен",
    inactive: "Неактивен",
    cancel: "Отмена",
    not_found: "Не найдено",
    not_found_text: "Такой страницы нет или она вам не принадлежит.",
    error_title: "Ошибка",
    error_internal: "Непредвиденная ошибка. Попробуйте чуть позже.",
    error_csrf: "Форма устарела или отправлена с другого сайта. Обновите страницу и попробуйте снова.",
    e_too_many_requests: "Слишком много попыток. Попробуйте чуть позже",
    e_bad_request: "Неверный запрос",
    e_too_large: "Отправлено слишком много данных",
    menu_open: "Открыть меню",
    all_branches: "Все филиалы",
    branch_select: "Филиал",
    choose: "Выбрать",
    page_of: "Стр. {page} из {pages} · всего {total}",
    prev_page: "Назад",
    next_page: "Вперёд",
};

/// English.
pub const EN: ChromeText = ChromeText {
    site: "POS cabinet",
    language: "Language",
    nav_dashboard: "Dashboard",
    nav_orders: "Orders",
    nav_products: "Products",
    nav_employees: "Employees",
    nav_transactions: "Transactions",
    nav_branches: "Branches",
    nav_subscription: "Subscription",
    nav_payment_settings: "Payment settings",
    nav_profile: "Profile",
    nav_cargo: "Cargo",
    menu: "Menu",
    logout: "Sign out",
    home: "Home",
    save: "Save",
    active: "Active",
    inactive: "Inactive",
    cancel: "Cancel",
    not_found: "Not found",
    not_found_text: "There is no such page, or it is not yours.",
    error_title: "Error",
    error_internal: "Something went wrong on our side. Please try again shortly.",
    error_csrf: "The form is outdated or was sent from another site. Reload the page and try again.",
    e_too_many_requests: "Too many attempts. Please try again later",
    e_bad_request: "The request is malformed",
    e_too_large: "What was sent is too large",
    menu_open: "Open the menu",
    all_branches: "All branches",
    branch_select: "Branch",
    choose: "Select",
    page_of: "Page {page} of {pages} · {total} in all",
    prev_page: "Previous",
    next_page: "Next",
};
