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
    /// QR pairing button
    pub pair_qr: &'static str,
    /// Code field
    pub pair_code_label: &'static str,
    /// Pair submit
    pub pair_button: &'static str,
    /// No barcode detector
    pub pair_no_scanner: &'static str,
    /// Camera unavailable
    pub pair_camera_denied: &'static str,
    /// Bound message
    pub paired_ok: &'static str,
    /// Terminal name field
    pub terminal_name: &'static str,
    /// POS login button
    pub pos_login_button: &'static str,
    /// POS login shown once
    pub pos_login_issued: &'static str,
    /// Login label
    pub pos_login: &'static str,
    /// Password label
    pub pos_password: &'static str,
    /// POS active
    pub pos_active: &'static str,
    /// POS not connected
    pub pos_offline: &'static str,
    /// Approved, waiting for the device
    pub pos_waiting: &'static str,
    /// Confirmation title
    pub unpair_title: &'static str,
    /// Cancel
    pub cancel: &'static str,
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
    /// No waiting device has this code
    pub e_pair_wrong: &'static str,
    /// Pairing code expired
    pub e_pair_expired: &'static str,
    /// Pairing code used
    pub e_pair_used: &'static str,
    /// Two devices with one code
    pub e_pair_ambiguous: &'static str,
    /// Terminal limit reached
    pub e_terminal_limit: &'static str,
    /// Device bound elsewhere
    pub e_pair_elsewhere: &'static str,
    /// Not a pairing QR
    pub e_pair_bad_qr: &'static str,
    /// Malformed pairing code
    pub e_pair_code: &'static str,
    /// bad_request.
    pub e_bad_request: &'static str,
    /// too_large.
    pub e_too_large: &'static str,
    /// Opens the menu (mobile).
    pub menu_open: &'static str,
    /// Branch selector: every branch.
    pub all_branches: &'static str,
    /// Branch selector label.
    pub branch_select: &'static str,
    /// Apply a selection.
    pub choose: &'static str,
    /// Date range start.
    pub range_from: &'static str,
    /// Date range end.
    pub range_to: &'static str,
    /// Date range apply.
    pub refresh: &'static str,
    /// Bad date range.
    pub e_range: &'static str,
    /// KPI.
    pub kpi_revenue: &'static str,
    /// KPI.
    pub kpi_profit: &'static str,
    /// KPI part.
    pub kpi_product_profit: &'static str,
    /// KPI part.
    pub kpi_service: &'static str,
    /// KPI part.
    pub kpi_total_profit: &'static str,
    /// KPI.
    pub kpi_orders: &'static str,
    /// Change against the previous period.
    pub vs_previous: &'static str,
    /// No previous figure.
    pub no_previous: &'static str,
    /// The period shown.
    pub period_line: &'static str,
    /// Dashboard.
    pub recent_orders: &'static str,
    /// Chart.
    pub orders_by_hour: &'static str,
    /// Chart description.
    pub orders_by_hour_desc: &'static str,
    /// Chart.
    pub best_sellers: &'static str,
    /// Chart.
    pub by_category: &'static str,
    /// Chart.
    pub revenue_by_product: &'static str,
    /// Chart description: count and top.
    pub chart_desc: &'static str,
    /// Empty chart or list.
    pub no_data: &'static str,
    /// Orders count in a tooltip.
    pub n_orders: &'static str,
    /// Column.
    pub col_number: &'static str,
    /// Column.
    pub col_date: &'static str,
    /// Column.
    pub col_place: &'static str,
    /// Column.
    pub col_employee: &'static str,
    /// Column.
    pub col_total: &'static str,
    /// Column.
    pub col_status: &'static str,
    /// Column.
    pub col_orders: &'static str,
    /// Column.
    pub col_revenue: &'static str,
    /// Column.
    pub col_average: &'static str,
    /// Column.
    pub col_product: &'static str,
    /// Column.
    pub col_qty: &'static str,
    /// Column.
    pub col_price: &'static str,
    /// Column.
    pub col_line_total: &'static str,
    /// Column.
    pub col_branch: &'static str,
    /// Column.
    pub col_method: &'static str,
    /// Column.
    pub col_amount: &'static str,
    /// Column.
    pub col_sold: &'static str,
    /// Column.
    pub col_stock: &'static str,
    /// Column.
    pub col_role: &'static str,
    /// Column.
    pub col_category: &'static str,
    /// Order status.
    pub st_open: &'static str,
    /// Order status.
    pub st_confirmed: &'static str,
    /// Order status.
    pub st_completed: &'static str,
    /// Order status.
    pub st_cancelled: &'static str,
    /// Payment status.
    pub ps_pending: &'static str,
    /// Payment status.
    pub ps_confirmed: &'static str,
    /// Payment status.
    pub ps_failed: &'static str,
    /// Payment status.
    pub ps_refunded: &'static str,
    /// Payment method.
    pub pm_cash: &'static str,
    /// Payment method.
    pub pm_card: &'static str,
    /// Payment method.
    pub pm_mobile: &'static str,
    /// Role.
    pub role_cashier: &'static str,
    /// Role.
    pub role_waiter: &'static str,
    /// Role.
    pub role_cook: &'static str,
    /// Role.
    pub role_manager: &'static str,
    /// Role.
    pub role_administrator: &'static str,
    /// Search button.
    pub search: &'static str,
    /// Orders search field.
    pub search_orders: &'static str,
    /// Products search field.
    pub search_products: &'static str,
    /// Filter.
    pub all_statuses: &'static str,
    /// Filter.
    pub all_methods: &'static str,
    /// Empty list.
    pub empty_orders: &'static str,
    /// Empty list.
    pub empty_products: &'static str,
    /// Empty list.
    pub empty_employees: &'static str,
    /// Empty list.
    pub empty_payments: &'static str,
    /// Pager.
    pub page_of: &'static str,
    /// Pager.
    pub prev_page: &'static str,
    /// Pager.
    pub next_page: &'static str,
    /// Order detail title.
    pub order_title: &'static str,
    /// Detail.
    pub created_at: &'static str,
    /// Detail.
    pub closed_at: &'static str,
    /// Detail.
    pub items_table: &'static str,
    /// Detail.
    pub payments_table: &'static str,
    /// Detail.
    pub items_total: &'static str,
    /// Detail.
    pub service_charge: &'static str,
    /// Transaction detail.
    pub linked_order: &'static str,
    /// Transaction detail.
    pub transaction_title: &'static str,
    /// Transactions header.
    pub total_count: &'static str,
    /// Transactions header.
    pub total_sum: &'static str,
    /// Unlimited stock.
    pub unlimited: &'static str,
    /// Employee detail.
    pub employee_title: &'static str,
    /// Back link.
    pub back_to_list: &'static str,
    /// Subscription.
    pub sub_tariff: &'static str,
    /// Subscription.
    pub sub_ends: &'static str,
    /// Subscription.
    pub sub_days_left: &'static str,
    /// Subscription.
    pub sub_auto_renew: &'static str,
    /// Subscription.
    pub sub_on: &'static str,
    /// Subscription.
    pub sub_off: &'static str,
    /// Subscription.
    pub sub_status: &'static str,
    /// Subscription.
    pub sub_card: &'static str,
    /// Subscription.
    pub sub_no_card: &'static str,
    /// Subscription.
    pub sub_tariffs: &'static str,
    /// Price per month.
    pub sub_month: &'static str,
    /// Price per year.
    pub sub_year: &'static str,
    /// Tariff card.
    pub sub_max_branches: &'static str,
    /// Tariff card.
    pub sub_max_terminals: &'static str,
    /// Tariff card.
    pub sub_current: &'static str,
    /// Read-only until billing.
    pub sub_billing_soon: &'static str,
    /// Payment settings.
    pub pay_providers: &'static str,
    /// Provider not yet available.
    pub pay_soon: &'static str,
    /// Button.
    pub pay_configure: &'static str,
    /// Field.
    pub pay_store_id: &'static str,
    /// Field.
    pub pay_application_id: &'static str,
    /// Field.
    pub pay_secret: &'static str,
    /// Secret field hint.
    pub pay_secret_kept: &'static str,
    /// Field.
    pub pay_enabled: &'static str,
    /// Token status.
    pub pay_token: &'static str,
    /// Token status.
    pub pay_token_active: &'static str,
    /// Token status.
    pub pay_token_inactive: &'static str,
    /// Token status.
    pub pay_token_unchecked: &'static str,
    /// Notice.
    pub pay_saved: &'static str,
    /// No branch.
    pub pay_need_branch: &'static str,
    /// Validation.
    pub e_store_id: &'static str,
    /// Validation.
    pub e_application_id: &'static str,
    /// Validation.
    pub e_secret: &'static str,
    /// Profile.
    pub profile_personal: &'static str,
    /// Profile.
    pub profile_name: &'static str,
    /// Profile.
    pub profile_registered: &'static str,
    /// Profile.
    pub profile_quick: &'static str,
    /// Order number.
    pub order_number: &'static str,
    /// Chart: the rest grouped.
    pub other: &'static str,
}

impl Text {
    /// An order status's name (`open`, `confirmed`, `completed`, `cancelled`).
    #[must_use]
    pub fn order_status(&self, code: &str) -> &'static str {
        match code {
            "open" => self.st_open,
            "confirmed" => self.st_confirmed,
            "completed" => self.st_completed,
            "cancelled" => self.st_cancelled,
            _ => "?",
        }
    }

    /// A payment status's name.
    #[must_use]
    pub fn payment_status(&self, code: &str) -> &'static str {
        match code {
            "pending" => self.ps_pending,
            "confirmed" => self.ps_confirmed,
            "failed" => self.ps_failed,
            "refunded" => self.ps_refunded,
            _ => "?",
        }
    }

    /// A payment method's name.
    #[must_use]
    pub fn payment_method(&self, code: &str) -> &'static str {
        match code {
            "cash" => self.pm_cash,
            "card" => self.pm_card,
            "mobile" => self.pm_mobile,
            _ => "?",
        }
    }

    /// An employee role's name.
    #[must_use]
    pub fn role(&self, code: &str) -> &'static str {
        match code {
            "cashier" => self.role_cashier,
            "waiter" => self.role_waiter,
            "cook" => self.role_cook,
            "manager" => self.role_manager,
            "administrator" => self.role_administrator,
            _ => "?",
        }
    }

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
            "pair_wrong" => self.e_pair_wrong,
            "pair_expired" => self.e_pair_expired,
            "pair_used" => self.e_pair_used,
            "pair_ambiguous" => self.e_pair_ambiguous,
            "terminal_limit" => self.e_terminal_limit,
            "pair_elsewhere" => self.e_pair_elsewhere,
            "pair_bad_qr" => self.e_pair_bad_qr,
            "pair_code" => self.e_pair_code,
            "bad_request" => self.e_bad_request,
            "too_large" => self.e_too_large,
            "range" => self.e_range,
            "store_id" => self.e_store_id,
            "application_id" => self.e_application_id,
            "secret" => self.e_secret,
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
    pair_qr: "QR kod bilan ulash",
    pair_code_label: "Terminaldagi kod yoki QR matni",
    pair_button: "Ulash",
    pair_no_scanner: "Bu brauzer QR kodni o'qiy olmaydi: kodni qo'lda yozing",
    pair_camera_denied: "Kameraga ruxsat berilmadi: kodni qo'lda yozing",
    paired_ok: "{name} ulandi. Terminal bir necha soniyada ishga tushadi",
    terminal_name: "Qurilma nomi",
    pos_login_button: "POS login",
    pos_login_issued: "Terminalga kiriting (bir marta ko'rsatiladi, {at} gacha amal qiladi)",
    pos_login: "Login",
    pos_password: "Parol",
    pos_active: "Faol",
    pos_offline: "Ulanmagan",
    pos_waiting: "Qurilma kutilmoqda",
    unpair_title: "Ulanishni o'chirish",
    cancel: "Bekor qilish",
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
    e_pair_wrong: "Bu kod bilan ulanishni kutayotgan qurilma yo'q. Kodni va terminal filial tarmog'ida ekanini tekshiring",
    e_pair_expired: "Kodning muddati tugagan. Terminal yangi kod ko'rsatadi",
    e_pair_used: "Bu kod allaqachon ishlatilgan",
    e_pair_ambiguous: "Ikki qurilma bir xil kod ko'rsatmoqda. Terminalni qayta ishga tushiring",
    e_terminal_limit: "Tarifingiz filialda {max} ta faol POS qurilmaga ruxsat beradi. Avval birini uzing yoki tarifni o'zgartiring",
    e_pair_elsewhere: "Bu qurilma boshqa filialga ulangan",
    e_pair_bad_qr: "Bu POS ulash QR kodi emas yoki u buzilgan",
    e_pair_code: "Kod 8 belgidan iborat, masalan ABCD-EFGH",
    e_bad_request: "So'rov noto'g'ri tuzilgan",
    e_too_large: "Yuborilgan ma'lumot juda katta",
    menu_open: "Menyuni ochish",
    all_branches: "Barcha filiallar",
    branch_select: "Filial",
    choose: "Tanlash",
    range_from: "Boshlanish",
    range_to: "Tugash",
    refresh: "Yangilash",
    e_range: "Sana oralig'i noto'g'ri: boshlanish tugashdan keyin bo'lmasin, ko'pi bilan 366 kun",
    kpi_revenue: "Umumiy daromad",
    kpi_profit: "Foyda",
    kpi_product_profit: "Mahsulot foydasi",
    kpi_service: "Joy/stol ustamasi",
    kpi_total_profit: "Jami foyda",
    kpi_orders: "Buyurtmalar soni",
    vs_previous: "{change} oldingi davrga nisbatan",
    no_previous: "oldingi davrda ma'lumot yo'q",
    period_line: "{from} — {to}",
    recent_orders: "Oxirgi buyurtmalar",
    orders_by_hour: "Soatlik buyurtmalar",
    orders_by_hour_desc: "Jami {total} ta buyurtma; eng ko'p soat {peak} ({n} ta)",
    best_sellers: "Eng ko'p sotilgan mahsulotlar",
    by_category: "Kategoriya bo'yicha taqsimot",
    revenue_by_product: "Mahsulotlar bo'yicha daromad",
    chart_desc: "{n} ta qator; eng kattasi: {top}",
    no_data: "Tanlangan davrda ma'lumot yo'q",
    n_orders: "{n} ta buyurtma",
    col_number: "Raqam",
    col_date: "Sana va vaqt",
    col_place: "Joy/Stol",
    col_employee: "Xodim",
    col_total: "Jami summa",
    col_status: "Holat",
    col_orders: "Buyurtmalar soni",
    col_revenue: "Daromad",
    col_average: "O'rtacha buyurtma",
    col_product: "Mahsulot",
    col_qty: "Miqdori",
    col_price: "Narxi",
    col_line_total: "Jami",
    col_branch: "Filial",
    col_method: "To'lov turi",
    col_amount: "Summa",
    col_sold: "Sotilgan",
    col_stock: "Zaxira",
    col_role: "Lavozimi",
    col_category: "Kategoriya",
    st_open: "Ochiq",
    st_confirmed: "Tasdiqlangan",
    st_completed: "Yakunlangan",
    st_cancelled: "Bekor qilingan",
    ps_pending: "Kutilmoqda",
    ps_confirmed: "Tasdiqlangan",
    ps_failed: "Muvaffaqiyatsiz",
    ps_refunded: "Qaytarilgan",
    pm_cash: "Naqd",
    pm_card: "Karta",
    pm_mobile: "Mobil",
    role_cashier: "Kassir",
    role_waiter: "Ofitsiant",
    role_cook: "Oshpaz",
    role_manager: "Menejer",
    role_administrator: "Administrator",
    search: "Qidirish",
    search_orders: "Buyurtma raqami",
    search_products: "Mahsulot nomi yoki kategoriya",
    all_statuses: "Barcha holatlar",
    all_methods: "Barcha turlar",
    empty_orders: "Buyurtmalar topilmadi",
    empty_products: "Mahsulotlar topilmadi",
    empty_employees: "Xodimlar hali yo'q",
    empty_payments: "O'tkazmalar topilmadi",
    page_of: "{page}/{pages}-sahifa · jami {total}",
    prev_page: "Oldingi",
    next_page: "Keyingi",
    order_title: "Buyurtma #{n}",
    created_at: "Yaratilgan",
    closed_at: "Yopilgan",
    items_table: "Mahsulotlar",
    payments_table: "To'lovlar",
    items_total: "Mahsulotlar summasi",
    service_charge: "Xizmat haqi",
    linked_order: "Bog'langan buyurtma",
    transaction_title: "O'tkazma",
    total_count: "Jami o'tkazmalar soni",
    total_sum: "Jami summa (tasdiqlangan)",
    unlimited: "∞",
    employee_title: "Xodim",
    back_to_list: "Ro'yxatga qaytish",
    sub_tariff: "Tarif nomi",
    sub_ends: "Tugash sanasi",
    sub_days_left: "Qolgan kunlar",
    sub_auto_renew: "Avtomatik yangilash",
    sub_on: "Yoqilgan",
    sub_off: "O'chirilgan",
    sub_status: "Holat",
    sub_card: "Saqlangan karta",
    sub_no_card: "Saqlangan karta yo'q",
    sub_tariffs: "Tariflar",
    sub_month: "{price} / oy",
    sub_year: "{price} / yil",
    sub_max_branches: "Filiallar: {n} tagacha",
    sub_max_terminals: "Terminallar: {n} tagacha",
    sub_current: "Joriy tarif",
    sub_billing_soon: "Tarifni tanlash va to'lov tez orada shu sahifada bo'ladi.",
    pay_providers: "To'lov provayderlari",
    pay_soon: "Tez kunda...",
    pay_configure: "Sozlash",
    pay_store_id: "Store ID",
    pay_application_id: "Application ID",
    pay_secret: "Secret",
    pay_secret_kept: "Saqlangan. O'zgartirish uchun yangisini kiriting",
    pay_enabled: "Faollashtirish",
    pay_token: "Token holati",
    pay_token_active: "Aktiv",
    pay_token_inactive: "Nofaol",
    pay_token_unchecked: "Hali tekshirilmagan",
    pay_saved: "Saqlandi",
    pay_need_branch: "Avval filial yarating",
    e_store_id: "Store ID faqat raqamlardan iborat bo'lishi kerak (1–12 ta)",
    e_application_id: "Application ID majburiy (ko'pi bilan 64 belgi, bo'sh joysiz)",
    e_secret: "Secret majburiy (ko'pi bilan 256 belgi, bo'sh joysiz)",
    profile_personal: "Shaxsiy ma'lumotlar",
    profile_name: "Ism va familiya",
    profile_registered: "Ro'yxatdan o'tgan sana",
    profile_quick: "Tezkor ma'lumotlar",
    order_number: "#{n}",
    other: "Boshqalar",
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
    pair_qr: "Подключить по QR-коду",
    pair_code_label: "Код с терминала или текст QR",
    pair_button: "Подключить",
    pair_no_scanner: "Этот браузер не умеет читать QR: введите код вручную",
    pair_camera_denied: "Нет доступа к камере: введите код вручную",
    paired_ok: "{name} подключён. Терминал заработает через несколько секунд",
    terminal_name: "Название устройства",
    pos_login_button: "POS логин",
    pos_login_issued: "Введите на терминале (показывается один раз, действует до {at})",
    pos_login: "Логин",
    pos_password: "Пароль",
    pos_active: "Активен",
    pos_offline: "Не подключён",
    pos_waiting: "Ожидает устройство",
    unpair_title: "Отключить устройство",
    cancel: "Отмена",
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
    e_pair_wrong: "Нет ожидающего устройства с этим кодом. Проверьте код и что терминал в сети филиала",
    e_pair_expired: "Срок действия кода истёк. Терминал покажет новый код",
    e_pair_used: "Этот код уже использован",
    e_pair_ambiguous: "Два устройства показывают один код. Перезапустите терминал",
    e_terminal_limit: "Ваш тариф допускает {max} активных POS в филиале. Сначала отключите один или смените тариф",
    e_pair_elsewhere: "Это устройство привязано к другому филиалу",
    e_pair_bad_qr: "Это не QR-код подключения POS или он повреждён",
    e_pair_code: "Код состоит из 8 символов, например ABCD-EFGH",
    e_bad_request: "Неверный запрос",
    e_too_large: "Отправлено слишком много данных",
    menu_open: "Открыть меню",
    all_branches: "Все филиалы",
    branch_select: "Филиал",
    choose: "Выбрать",
    range_from: "С",
    range_to: "По",
    refresh: "Обновить",
    e_range: "Неверный период: начало не позже конца, не более 366 дней",
    kpi_revenue: "Общая выручка",
    kpi_profit: "Прибыль",
    kpi_product_profit: "Прибыль с товаров",
    kpi_service: "Наценка за место/стол",
    kpi_total_profit: "Общая прибыль",
    kpi_orders: "Количество заказов",
    vs_previous: "{change} к предыдущему периоду",
    no_previous: "нет данных за предыдущий период",
    period_line: "{from} — {to}",
    recent_orders: "Последние заказы",
    orders_by_hour: "Заказы по часам",
    orders_by_hour_desc: "Всего заказов: {total}; пиковый час {peak} ({n})",
    best_sellers: "Самые продаваемые товары",
    by_category: "Распределение по категориям",
    revenue_by_product: "Выручка по товарам",
    chart_desc: "строк: {n}; наибольшее: {top}",
    no_data: "Нет данных за выбранный период",
    n_orders: "заказов: {n}",
    col_number: "Номер",
    col_date: "Дата и время",
    col_place: "Место/стол",
    col_employee: "Сотрудник",
    col_total: "Итого",
    col_status: "Статус",
    col_orders: "Заказы",
    col_revenue: "Выручка",
    col_average: "Средний чек",
    col_product: "Товар",
    col_qty: "Количество",
    col_price: "Цена",
    col_line_total: "Сумма",
    col_branch: "Филиал",
    col_method: "Способ оплаты",
    col_amount: "Сумма",
    col_sold: "Продано",
    col_stock: "Остаток",
    col_role: "Должность",
    col_category: "Категория",
    st_open: "Открыт",
    st_confirmed: "Подтверждён",
    st_completed: "Завершён",
    st_cancelled: "Отменён",
    ps_pending: "Ожидается",
    ps_confirmed: "Подтверждён",
    ps_failed: "Неуспешный",
    ps_refunded: "Возвращён",
    pm_cash: "Наличные",
    pm_card: "Карта",
    pm_mobile: "Мобильный",
    role_cashier: "Кассир",
    role_waiter: "Официант",
    role_cook: "Повар",
    role_manager: "Менеджер",
    role_administrator: "Администратор",
    search: "Найти",
    search_orders: "Номер заказа",
    search_products: "Название или категория",
    all_statuses: "Все статусы",
    all_methods: "Все способы",
    empty_orders: "Заказы не найдены",
    empty_products: "Товары не найдены",
    empty_employees: "Сотрудников пока нет",
    empty_payments: "Транзакции не найдены",
    page_of: "Стр. {page} из {pages} · всего {total}",
    prev_page: "Назад",
    next_page: "Вперёд",
    order_title: "Заказ №{n}",
    created_at: "Создан",
    closed_at: "Закрыт",
    items_table: "Товары",
    payments_table: "Платежи",
    items_total: "Сумма товаров",
    service_charge: "Плата за обслуживание",
    linked_order: "Связанный заказ",
    transaction_title: "Транзакция",
    total_count: "Всего транзакций",
    total_sum: "Сумма (подтверждённые)",
    unlimited: "∞",
    employee_title: "Сотрудник",
    back_to_list: "К списку",
    sub_tariff: "Тариф",
    sub_ends: "Дата окончания",
    sub_days_left: "Осталось дней",
    sub_auto_renew: "Автопродление",
    sub_on: "Включено",
    sub_off: "Выключено",
    sub_status: "Статус",
    sub_card: "Сохранённая карта",
    sub_no_card: "Нет сохранённой карты",
    sub_tariffs: "Тарифы",
    sub_month: "{price} / мес.",
    sub_year: "{price} / год",
    sub_max_branches: "Филиалов: до {n}",
    sub_max_terminals: "Терминалов: до {n}",
    sub_current: "Текущий тариф",
    sub_billing_soon: "Выбор тарифа и оплата скоро появятся на этой странице.",
    pay_providers: "Платёжные провайдеры",
    pay_soon: "Скоро...",
    pay_configure: "Настроить",
    pay_store_id: "Store ID",
    pay_application_id: "Application ID",
    pay_secret: "Secret",
    pay_secret_kept: "Сохранён. Введите новый, чтобы заменить",
    pay_enabled: "Включить",
    pay_token: "Статус токена",
    pay_token_active: "Активен",
    pay_token_inactive: "Неактивен",
    pay_token_unchecked: "Ещё не проверен",
    pay_saved: "Сохранено",
    pay_need_branch: "Сначала создайте филиал",
    e_store_id: "Store ID — только цифры (1–12)",
    e_application_id: "Application ID обязателен (до 64 символов, без пробелов)",
    e_secret: "Secret обязателен (до 256 символов, без пробелов)",
    profile_personal: "Личные данные",
    profile_name: "Имя и фамилия",
    profile_registered: "Дата регистрации",
    profile_quick: "Кратко",
    order_number: "№{n}",
    other: "Прочие",
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
    pair_qr: "Pair by QR code",
    pair_code_label: "Code on the terminal, or the QR text",
    pair_button: "Pair",
    pair_no_scanner: "This browser cannot read QR codes: type the code",
    pair_camera_denied: "No camera access: type the code",
    paired_ok: "{name} is paired. The terminal starts within seconds",
    terminal_name: "Device name",
    pos_login_button: "POS login",
    pos_login_issued: "Type these on the terminal (shown once, valid until {at})",
    pos_login: "Login",
    pos_password: "Password",
    pos_active: "Active",
    pos_offline: "Not connected",
    pos_waiting: "Waiting for the device",
    unpair_title: "Disconnect the device",
    cancel: "Cancel",
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
    e_pair_wrong: "No device waiting at this branch shows this code. Check the code and that the terminal is on the branch's network",
    e_pair_expired: "This code has expired. The terminal shows a new one",
    e_pair_used: "This code was already used",
    e_pair_ambiguous: "Two devices show this code. Restart the terminal to get a new one",
    e_terminal_limit: "Your tariff allows {max} active POS terminals per branch. Disconnect one first or change the tariff",
    e_pair_elsewhere: "This device is bound to another branch",
    e_pair_bad_qr: "This is not a POS pairing QR code, or it is damaged",
    e_pair_code: "A code has 8 characters, like ABCD-EFGH",
    e_bad_request: "The request is malformed",
    e_too_large: "What was sent is too large",
    menu_open: "Open the menu",
    all_branches: "All branches",
    branch_select: "Branch",
    choose: "Select",
    range_from: "From",
    range_to: "To",
    refresh: "Refresh",
    e_range: "Invalid range: the start must not be after the end, at most 366 days",
    kpi_revenue: "Total revenue",
    kpi_profit: "Profit",
    kpi_product_profit: "Product profit",
    kpi_service: "Place/table charge",
    kpi_total_profit: "Total profit",
    kpi_orders: "Orders",
    vs_previous: "{change} vs previous period",
    no_previous: "no data for the previous period",
    period_line: "{from} — {to}",
    recent_orders: "Recent orders",
    orders_by_hour: "Orders by hour",
    orders_by_hour_desc: "{total} orders in all; busiest hour {peak} ({n})",
    best_sellers: "Best sellers",
    by_category: "Split by category",
    revenue_by_product: "Revenue per product",
    chart_desc: "{n} rows; largest: {top}",
    no_data: "No data for the selected period",
    n_orders: "{n} orders",
    col_number: "Number",
    col_date: "Date and time",
    col_place: "Place/table",
    col_employee: "Employee",
    col_total: "Total",
    col_status: "Status",
    col_orders: "Orders",
    col_revenue: "Revenue",
    col_average: "Average order",
    col_product: "Product",
    col_qty: "Quantity",
    col_price: "Price",
    col_line_total: "Total",
    col_branch: "Branch",
    col_method: "Method",
    col_amount: "Amount",
    col_sold: "Sold",
    col_stock: "Stock",
    col_role: "Role",
    col_category: "Category",
    st_open: "Open",
    st_confirmed: "Confirmed",
    st_completed: "Completed",
    st_cancelled: "Cancelled",
    ps_pending: "Pending",
    ps_confirmed: "Confirmed",
    ps_failed: "Failed",
    ps_refunded: "Refunded",
    pm_cash: "Cash",
    pm_card: "Card",
    pm_mobile: "Mobile",
    role_cashier: "Cashier",
    role_waiter: "Waiter",
    role_cook: "Cook",
    role_manager: "Manager",
    role_administrator: "Administrator",
    search: "Search",
    search_orders: "Order number",
    search_products: "Name or category",
    all_statuses: "All statuses",
    all_methods: "All methods",
    empty_orders: "No orders found",
    empty_products: "No products found",
    empty_employees: "No employees yet",
    empty_payments: "No transactions found",
    page_of: "Page {page} of {pages} · {total} in all",
    prev_page: "Previous",
    next_page: "Next",
    order_title: "Order #{n}",
    created_at: "Created",
    closed_at: "Closed",
    items_table: "Items",
    payments_table: "Payments",
    items_total: "Items total",
    service_charge: "Service charge",
    linked_order: "Linked order",
    transaction_title: "Transaction",
    total_count: "Transactions",
    total_sum: "Total (confirmed)",
    unlimited: "∞",
    employee_title: "Employee",
    back_to_list: "Back to the list",
    sub_tariff: "Plan",
    sub_ends: "Ends on",
    sub_days_left: "Days left",
    sub_auto_renew: "Auto-renewal",
    sub_on: "On",
    sub_off: "Off",
    sub_status: "Status",
    sub_card: "Saved card",
    sub_no_card: "No saved card",
    sub_tariffs: "Plans",
    sub_month: "{price} / month",
    sub_year: "{price} / year",
    sub_max_branches: "Up to {n} branches",
    sub_max_terminals: "Up to {n} terminals",
    sub_current: "Current plan",
    sub_billing_soon: "Choosing a plan and paying will soon be available on this page.",
    pay_providers: "Payment providers",
    pay_soon: "Coming soon...",
    pay_configure: "Set up",
    pay_store_id: "Store ID",
    pay_application_id: "Application ID",
    pay_secret: "Secret",
    pay_secret_kept: "Saved. Type a new one to replace it",
    pay_enabled: "Enabled",
    pay_token: "Token status",
    pay_token_active: "Active",
    pay_token_inactive: "Inactive",
    pay_token_unchecked: "Not checked yet",
    pay_saved: "Saved",
    pay_need_branch: "Create a branch first",
    e_store_id: "Store ID must be 1–12 digits",
    e_application_id: "Application ID is required (at most 64 characters, no spaces)",
    e_secret: "Secret is required (at most 256 characters, no spaces)",
    profile_personal: "Personal details",
    profile_name: "Name",
    profile_registered: "Registered on",
    profile_quick: "At a glance",
    order_number: "#{n}",
    other: "Other",
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
