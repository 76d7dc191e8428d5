//! The portal's languages: Uzbek (Latin, the default), Russian, English.
//!
//! Every user-visible string lives in one [`Text`] catalog per language. The
//! catalogs are values of one struct, so a string missing from a language
//! does not compile. Strings with values in them use `{name}` placeholders,
//! filled by [`fill`].

/// A portal language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// O'zbekcha (lotin).
    #[default]
    Uz,
    /// Русский.
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 3] = [Lang::Uz, Lang::Ru, Lang::En];

    /// `uz`, `ru`, `en` (cookie, database, `<html lang>`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::Uz => "uz",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switcher.
    #[must_use]
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Uz => "O'zbekcha",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    /// A language from its code (`uz`, `ru`, `en`, case-insensitive).
    #[must_use]
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "uz" => Some(Lang::Uz),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first language of an `Accept-Language` header we speak, by the
    /// header's order and weights; Uzbek when none.
    #[must_use]
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, usize, Lang)> = None;
        for (i, part) in header.split(',').enumerate().take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0) as u16);
            if q == 0 {
                continue;
            }
            // Higher weight wins; among equal weights, the earlier one.
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map_or(Lang::Uz, |(_, _, l)| l)
    }

    /// The catalog.
    #[must_use]
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Uz => &UZ,
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }
}

/// Replaces `{name}` in `template` by each pair's value.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every string of the portal, in one language.
#[derive(Debug)]
pub struct Text {
    /// After every page title.
    pub site: &'static str,
    /// "Language".
    pub language: &'static str,
    // Menu.
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
    /// The menu button's label (phones).
    pub menu: &'static str,
    /// Sign out.
    pub logout: &'static str,
    /// Home link on message pages.
    pub home: &'static str,
    // Sign-in and registration.
    /// "Sign in" (title and button).
    pub login_title: &'static str,
    /// Phone number label.
    pub phone: &'static str,
    /// Password label.
    pub password: &'static str,
    /// "No account?"
    pub no_account: &'static str,
    /// "Register" (title, link and final button).
    pub register: &'static str,
    /// "Have an account?"
    pub have_account: &'static str,
    /// "Continue".
    pub continue_: &'static str,
    /// SMS code title.
    pub sms_code: &'static str,
    /// "A 6-digit code was sent to {phone}."
    pub code_sent_to: &'static str,
    /// Code label.
    pub code: &'static str,
    /// "Confirm".
    pub confirm: &'static str,
    /// "Resend".
    pub resend: &'static str,
    /// "in {s} seconds".
    pub resend_in: &'static str,
    /// "A new code was sent".
    pub code_resent: &'static str,
    /// "Back".
    pub back: &'static str,
    /// Details step title.
    pub your_details: &'static str,
    /// First name.
    pub first_name: &'static str,
    /// Last name.
    pub last_name: &'static str,
    /// Business name.
    pub business_name: &'static str,
    /// Confirm password label.
    pub password_confirm: &'static str,
    /// New password title.
    pub new_password: &'static str,
    /// Forced new password note.
    pub password_forced: &'static str,
    /// "Save".
    pub save: &'static str,
    /// Notice after registration.
    pub registered: &'static str,
    /// Notice after a new password.
    pub password_changed: &'static str,
    // Summary and branches.
    /// Completed orders (summary).
    pub fig_orders: &'static str,
    /// Revenue.
    pub fig_revenue: &'static str,
    /// Profit figure.
    pub fig_profit: &'static str,
    /// Confirmed payments.
    pub fig_payments: &'static str,
    /// Products.
    pub fig_products: &'static str,
    /// "{tariff} · {days} days left".
    pub subscription_line: &'static str,
    /// Subscription status: active.
    pub sub_active: &'static str,
    /// Subscription status: suspended.
    pub sub_suspended: &'static str,
    /// Subscription status: expired.
    pub sub_expired: &'static str,
    /// "New branch".
    pub new_branch: &'static str,
    /// Branch name.
    pub branch_name: &'static str,
    /// Address.
    pub address: &'static str,
    /// Telephone.
    pub telephone: &'static str,
    /// Branch limit reached.
    pub branch_limit: &'static str,
    /// No branches yet.
    pub no_branches: &'static str,
    /// Active.
    pub active: &'static str,
    /// Inactive.
    pub inactive: &'static str,
    /// "{used}/{max} branches".
    pub branches_usage: &'static str,
    /// "{used} / {max} POS".
    pub terminals_usage: &'static str,
    /// "Last sync: {at}".
    pub last_sync: &'static str,
    /// Hubs enrolled on a branch.
    pub hubs_count: &'static str,
    /// Hub enrolment code label.
    pub hub_code: &'static str,
    /// "valid until {at}".
    pub valid_until: &'static str,
    /// Button issuing a hub code.
    pub hub_code_button: &'static str,
    /// Revoked badge.
    pub revoked: &'static str,
    /// Revoke a terminal.
    pub unpair: &'static str,
    /// Confirmation of unpairing.
    pub unpair_confirm: &'static str,
    // Messages.
    /// Not found title.
    pub not_found: &'static str,
    /// Not found text.
    pub not_found_text: &'static str,
    /// Error title.
    pub error_title: &'static str,
    /// Our failure.
    pub error_internal: &'static str,
    /// Form from another site or an old page.
    pub error_csrf: &'static str,
    // Form errors, by code.
    /// bad_phone.
    pub e_bad_phone: &'static str,
    /// phone_taken.
    pub e_phone_taken: &'static str,
    /// too_many_requests.
    pub e_too_many_requests: &'static str,
    /// sms_failed.
    pub e_sms_failed: &'static str,
    /// no_registration.
    pub e_no_registration: &'static str,
    /// code_wrong, `{left}`.
    pub e_code_wrong: &'static str,
    /// code_expired.
    pub e_code_expired: &'static str,
    /// too_many_tries.
    pub e_too_many_tries: &'static str,
    /// resend_too_early, `{s}`.
    pub e_resend_too_early: &'static str,
    /// not_verified.
    pub e_not_verified: &'static str,
    /// field_required, `{field}`.
    pub e_field_required: &'static str,
    /// password_short.
    pub e_password_short: &'static str,
    /// password_long.
    pub e_password_long: &'static str,
    /// password_mismatch.
    pub e_password_mismatch: &'static str,
    /// login_failed.
    pub e_login_failed: &'static str,
    /// must_change_password.
    pub e_must_change_password: &'static str,
    /// branch_name.
    pub e_branch_name: &'static str,
    /// branch_limit.
    pub e_branch_limit: &'static str,
    /// bad_request.
    pub e_bad_request: &'static str,
    /// too_large.
    pub e_too_large: &'static str,
}

impl Text {
    /// The message for a form error code; `values` fill its placeholders.
    #[must_use]
    pub fn error(&self, code: &str, values: &[(&str, &str)]) -> String {
        let template = match code {
            "bad_phone" => self.e_bad_phone,
            "phone_taken" => self.e_phone_taken,
            "too_many_requests" => self.e_too_many_requests,
            "sms_failed" => self.e_sms_failed,
            "no_registration" => self.e_no_registration,
            "code_wrong" => self.e_code_wrong,
            "code_expired" => self.e_code_expired,
            "too_many_tries" => self.e_too_many_tries,
            "resend_too_early" => self.e_resend_too_early,
            "not_verified" => self.e_not_verified,
            "field_required" => self.e_field_required,
            "password_short" => self.e_password_short,
            "password_long" => self.e_password_long,
            "password_mismatch" => self.e_password_mismatch,
            "login_failed" => self.e_login_failed,
            "must_change_password" => self.e_must_change_password,
            "branch_name" => self.e_branch_name,
            "branch_limit" => self.e_branch_limit,
            "bad_request" => self.e_bad_request,
            "too_large" => self.e_too_large,
            "csrf" => self.error_csrf,
            _ => self.error_internal,
        };
        fill(template, values)
    }

    /// A field's label by its form name (for "… is required").
    #[must_use]
    pub fn field(&self, name: &str) -> &'static str {
        match name {
            "first_name" => self.first_name,
            "last_name" => self.last_name,
            "business_name" => self.business_name,
            "name" => self.branch_name,
            _ => self.error_internal,
        }
    }
}

/// O'zbekcha.
pub static UZ: Text = Text {
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
    menu: "Menyu",
    logout: "Chiqish",
    home: "Bosh sahifa",
    login_title: "Kirish",
    phone: "Telefon raqami",
    password: "Parol",
    no_account: "Hisobingiz yo'qmi?",
    register: "Ro'yxatdan o'tish",
    have_account: "Hisobingiz bormi?",
    continue_: "Davom etish",
    sms_code: "SMS kod",
    code_sent_to: "{phone} raqamiga 6 xonali kod yuborildi.",
    code: "Kod",
    confirm: "Tasdiqlash",
    resend: "Qayta yuborish",
    resend_in: "{s} soniyadan so'ng",
    code_resent: "Yangi kod yuborildi",
    back: "Orqaga",
    your_details: "Ma'lumotlaringiz",
    first_name: "Ism",
    last_name: "Familiya",
    business_name: "Biznes nomi",
    password_confirm: "Parolni tasdiqlang",
    new_password: "Yangi parol",
    password_forced: "Administrator parolingizni tikladi. Davom etish uchun yangi parol o'rnating.",
    save: "Saqlash",
    registered: "Ro'yxatdan o'tdingiz",
    password_changed: "Parol o'zgartirildi",
    fig_orders: "Yakunlangan buyurtmalar",
    fig_revenue: "Umumiy daromad",
    fig_profit: "Foyda",
    fig_payments: "Tasdiqlangan to'lovlar",
    fig_products: "Mahsulotlar",
    subscription_line: "Tarif: {tariff} · {status} · {until} gacha ({days} kun qoldi)",
    sub_active: "Faol",
    sub_suspended: "To'xtatilgan",
    sub_expired: "Muddati tugagan",
    new_branch: "Yangi filial",
    branch_name: "Filial nomi",
    address: "Manzil",
    telephone: "Telefon",
    branch_limit: "Tarifingiz bo'yicha filiallar soni chegarasiga yetdingiz.",
    no_branches: "Hali filial yo'q.",
    active: "Faol",
    inactive: "Nofaol",
    branches_usage: "{used}/{max} filial",
    terminals_usage: "{used}/{max} POS",
    last_sync: "Oxirgi sinxronlash: {at}",
    hubs_count: "hub: {n}",
    hub_code: "Hub ulash kodi",
    valid_until: "{at} gacha",
    hub_code_button: "Hub ulash kodi",
    revoked: "O'chirilgan",
    unpair: "Ulanishni o'chirish",
    unpair_confirm: "POS qurilma filialdan uziladi. Davom etasizmi?",
    not_found: "Topilmadi",
    not_found_text: "Bunday sahifa yo'q yoki u sizga tegishli emas.",
    error_title: "Xatolik",
    error_internal: "Kutilmagan xatolik. Birozdan so'ng qayta urinib ko'ring.",
    error_csrf: "Forma eskirgan yoki boshqa saytdan yuborilgan. Sahifani yangilab, qayta urinib ko'ring.",
    e_bad_phone: "Telefon raqami +998 va 9 ta raqamdan iborat bo'lishi kerak",
    e_phone_taken: "Bu raqam allaqachon ro'yxatdan o'tgan. Tizimga kiring",
    e_too_many_requests: "Juda ko'p urinish. Birozdan so'ng qayta urinib ko'ring",
    e_sms_failed: "SMS yuborib bo'lmadi. Birozdan so'ng qayta urinib ko'ring",
    e_no_registration: "Ro'yxatdan o'tish sessiyasi topilmadi. Qaytadan boshlang",
    e_code_wrong: "Kod noto'g'ri. Yana {left} ta urinish qoldi",
    e_code_expired: "Kodning amal qilish muddati tugadi. Yangi kod so'rang",
    e_too_many_tries: "Urinishlar soni tugadi. Yangi kod so'rang",
    e_resend_too_early: "Yangi kodni {s} soniyadan so'ng so'rash mumkin",
    e_not_verified: "Avval SMS kodni tasdiqlang",
    e_field_required: "{field} to'ldirilishi shart (ko'pi bilan 100 belgi)",
    e_password_short: "Parol kamida 8 ta belgidan iborat bo'lishi kerak",
    e_password_long: "Parol ko'pi bilan 128 ta belgidan iborat bo'lishi kerak",
    e_password_mismatch: "Parollar mos kelmadi",
    e_login_failed: "Telefon raqami yoki parol noto'g'ri",
    e_must_change_password: "Yangi parol o'rnating",
    e_branch_name: "Filial nomi kamida 2 belgidan iborat bo'lishi kerak (ko'pi bilan 100)",
    e_branch_limit: "Tarifingiz {max} ta filialga ruxsat beradi",
    e_bad_request: "So'rov noto'g'ri tuzilgan",
    e_too_large: "Yuborilgan ma'lumot juda katta",
};

/// Русский.
pub static RU: Text = Text {
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
    menu: "Меню",
    logout: "Выйти",
    home: "На главную",
    login_title: "Вход",
    phone: "Номер телефона",
    password: "Пароль",
    no_account: "Нет аккаунта?",
    register: "Регистрация",
    have_account: "Уже есть аккаунт?",
    continue_: "Продолжить",
    sms_code: "SMS-код",
    code_sent_to: "На номер {phone} отправлен 6-значный код.",
    code: "Код",
    confirm: "Подтвердить",
    resend: "Отправить снова",
    resend_in: "через {s} с",
    code_resent: "Новый код отправлен",
    back: "Назад",
    your_details: "Ваши данные",
    first_name: "Имя",
    last_name: "Фамилия",
    business_name: "Название бизнеса",
    password_confirm: "Повторите пароль",
    new_password: "Новый пароль",
    password_forced: "Администратор сбросил ваш пароль. Чтобы продолжить, задайте новый.",
    save: "Сохранить",
    registered: "Вы зарегистрированы",
    password_changed: "Пароль изменён",
    fig_orders: "Завершённые заказы",
    fig_revenue: "Общая выручка",
    fig_profit: "Прибыль",
    fig_payments: "Подтверждённые платежи",
    fig_products: "Товары",
    subscription_line: "Тариф: {tariff} · {status} · до {until} (осталось дней: {days})",
    sub_active: "Активна",
    sub_suspended: "Приостановлена",
    sub_expired: "Истекла",
    new_branch: "Новый филиал",
    branch_name: "Название филиала",
    address: "Адрес",
    telephone: "Телефон",
    branch_limit: "Достигнут лимит филиалов вашего тарифа.",
    no_branches: "Филиалов пока нет.",
    active: "Активен",
    inactive: "Неактивен",
    branches_usage: "{used}/{max} филиалов",
    terminals_usage: "{used}/{max} POS",
    last_sync: "Последняя синхронизация: {at}",
    hubs_count: "хаб: {n}",
    hub_code: "Код подключения хаба",
    valid_until: "до {at}",
    hub_code_button: "Код подключения хаба",
    revoked: "Отключён",
    unpair: "Отключить",
    unpair_confirm: "POS-устройство будет отключено от филиала. Продолжить?",
    not_found: "Не найдено",
    not_found_text: "Такой страницы нет или она вам не принадлежит.",
    error_title: "Ошибка",
    error_internal: "Непредвиденная ошибка. Попробуйте чуть позже.",
    error_csrf: "Форма устарела или отправлена с другого сайта. Обновите страницу и попробуйте снова.",
    e_bad_phone: "Номер должен состоять из +998 и 9 цифр",
    e_phone_taken: "Этот номер уже зарегистрирован. Войдите в систему",
    e_too_many_requests: "Слишком много попыток. Попробуйте чуть позже",
    e_sms_failed: "Не удалось отправить SMS. Попробуйте чуть позже",
    e_no_registration: "Сессия регистрации не найдена. Начните заново",
    e_code_wrong: "Неверный код. Осталось попыток: {left}",
    e_code_expired: "Срок действия кода истёк. Запросите новый код",
    e_too_many_tries: "Попытки закончились. Запросите новый код",
    e_resend_too_early: "Новый код можно запросить через {s} с",
    e_not_verified: "Сначала подтвердите SMS-код",
    e_field_required: "Поле «{field}» обязательно (не более 100 символов)",
    e_password_short: "Пароль должен содержать не менее 8 символов",
    e_password_long: "Пароль должен содержать не более 128 символов",
    e_password_mismatch: "Пароли не совпадают",
    e_login_failed: "Неверный номер телефона или пароль",
    e_must_change_password: "Задайте новый пароль",
    e_branch_name: "Название филиала — от 2 до 100 символов",
    e_branch_limit: "Ваш тариф допускает филиалов: {max}",
    e_bad_request: "Неверный запрос",
    e_too_large: "Отправлено слишком много данных",
};

/// English.
pub static EN: Text = Text {
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
    menu: "Menu",
    logout: "Sign out",
    home: "Home",
    login_title: "Sign in",
    phone: "Phone number",
    password: "Password",
    no_account: "No account?",
    register: "Register",
    have_account: "Already registered?",
    continue_: "Continue",
    sms_code: "SMS code",
    code_sent_to: "A 6-digit code was sent to {phone}.",
    code: "Code",
    confirm: "Confirm",
    resend: "Send again",
    resend_in: "in {s} s",
    code_resent: "A new code was sent",
    back: "Back",
    your_details: "Your details",
    first_name: "First name",
    last_name: "Last name",
    business_name: "Business name",
    password_confirm: "Confirm password",
    new_password: "New password",
    password_forced: "An administrator reset your password. Choose a new one to continue.",
    save: "Save",
    registered: "You are registered",
    password_changed: "Password changed",
    fig_orders: "Completed orders",
    fig_revenue: "Total revenue",
    fig_profit: "Profit",
    fig_payments: "Confirmed payments",
    fig_products: "Products",
    subscription_line: "Plan: {tariff} · {status} · until {until} ({days} days left)",
    sub_active: "Active",
    sub_suspended: "Suspended",
    sub_expired: "Expired",
    new_branch: "New branch",
    branch_name: "Branch name",
    address: "Address",
    telephone: "Phone",
    branch_limit: "You have reached your tariff's branch limit.",
    no_branches: "No branches yet.",
    active: "Active",
    inactive: "Inactive",
    branches_usage: "{used}/{max} branches",
    terminals_usage: "{used}/{max} POS",
    last_sync: "Last sync: {at}",
    hubs_count: "hubs: {n}",
    hub_code: "Hub enrolment code",
    valid_until: "until {at}",
    hub_code_button: "Hub enrolment code",
    revoked: "Unpaired",
    unpair: "Unpair",
    unpair_confirm: "The POS device will be unpaired from the branch. Continue?",
    not_found: "Not found",
    not_found_text: "There is no such page, or it is not yours.",
    error_title: "Error",
    error_internal: "Something went wrong on our side. Please try again shortly.",
    error_csrf: "The form is outdated or was sent from another site. Reload the page and try again.",
    e_bad_phone: "The phone number must be +998 followed by 9 digits",
    e_phone_taken: "This number is already registered. Please sign in",
    e_too_many_requests: "Too many attempts. Please try again later",
    e_sms_failed: "The SMS could not be sent. Please try again later",
    e_no_registration: "No registration in progress. Please start again",
    e_code_wrong: "Wrong code. {left} tries left",
    e_code_expired: "The code has expired. Request a new one",
    e_too_many_tries: "No tries left. Request a new code",
    e_resend_too_early: "You can request a new code in {s} s",
    e_not_verified: "Confirm the SMS code first",
    e_field_required: "{field} is required (at most 100 characters)",
    e_password_short: "The password must have at least 8 characters",
    e_password_long: "The password must have at most 128 characters",
    e_password_mismatch: "The passwords do not match",
    e_login_failed: "Wrong phone number or password",
    e_must_change_password: "Choose a new password",
    e_branch_name: "The branch name needs 2 to 100 characters",
    e_branch_limit: "Your tariff allows {max} branches",
    e_bad_request: "The request is malformed",
    e_too_large: "What was sent is too large",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_by_weight_then_order() {
        assert_eq!(Lang::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"), Lang::Ru);
        assert_eq!(Lang::from_accept_language("de-DE,en;q=0.5,ru;q=0.7"), Lang::Ru);
        assert_eq!(Lang::from_accept_language("en-US,uz;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr,de"), Lang::Uz);
        assert_eq!(Lang::from_accept_language("ru;q=0,en;q=0.1"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::Uz);
        assert_eq!(Lang::from_accept_language(";;;,q=,ru;q=abc"), Lang::Ru);
    }

    #[test]
    fn every_error_code_has_a_message_in_every_language() {
        let codes = [
            "bad_phone",
            "phone_taken",
            "too_many_requests",
            "sms_failed",
            "no_registration",
            "code_wrong",
            "code_expired",
            "too_many_tries",
            "resend_too_early",
            "not_verified",
            "field_required",
            "password_short",
            "password_long",
            "password_mismatch",
            "login_failed",
            "must_change_password",
            "branch_name",
            "branch_limit",
            "csrf",
        ];
        for lang in Lang::ALL {
            let t = lang.text();
            for code in codes {
                let m = t.error(code, &[("left", "3"), ("s", "42"), ("field", "X"), ("max", "5")]);
                assert_ne!(m, t.error_internal, "{lang:?} {code}");
                assert!(!m.contains('{'), "{lang:?} {code}: unfilled placeholder in {m}");
            }
        }
        assert_eq!(UZ.error("code_wrong", &[("left", "2")]), "Kod noto'g'ri. Yana 2 ta urinish qoldi");
    }
}
