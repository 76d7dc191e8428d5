//! Billing: the subscription page and the payment settings (Multicard), with
//! the errors of the settings form.
//!
//! One value per language; a string missing from one does not compile.

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct BillingText {
    /// "{tariff} · {days} days left".
    pub subscription_line: &'static str,
    /// Subscription status: active.
    pub sub_active: &'static str,
    /// Subscription status: trial.
    pub sub_trial: &'static str,
    /// Banner in the grace period: "{date}".
    pub banner_grace: &'static str,
    /// Banner once read-only.
    pub banner_read_only: &'static str,
    /// Banner while suspended.
    pub banner_suspended: &'static str,
    /// The banner's link.
    pub banner_pay: &'static str,
    /// Subscription status: suspended.
    pub sub_suspended: &'static str,
    /// Subscription status: expired.
    pub sub_expired: &'static str,
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
    /// [`ErrorCode::StoreId`](super::ErrorCode::StoreId).
    pub e_store_id: &'static str,
    /// [`ErrorCode::ApplicationId`](super::ErrorCode::ApplicationId).
    pub e_application_id: &'static str,
    /// [`ErrorCode::Secret`](super::ErrorCode::Secret).
    pub e_secret: &'static str,
    /// [`ErrorCode::ReadOnly`](super::ErrorCode::ReadOnly).
    pub e_read_only: &'static str,
}

/// O'zbekcha.
pub const UZ: BillingText = BillingText {
    subscription_line: "Tarif: {tariff} · {status} · {until} gacha ({days} kun qoldi)",
    sub_active: "Faol",
    sub_trial: "Sinov davri",
    banner_grace: "Obuna muddati tugadi. Portal {date} dan boshlab faqat ko'rish rejimiga o'tadi; filiallar savdoni davom ettiradi.",
    banner_read_only: "Obuna muddati tugagan: portal faqat ko'rish rejimida, yangi qurilma ulab bo'lmaydi. Filiallar savdoni davom ettirmoqda.",
    banner_suspended: "Obuna administrator tomonidan to'xtatilgan: portal faqat ko'rish rejimida. Filiallar savdoni davom ettirmoqda.",
    banner_pay: "Obunani to'lash",
    sub_suspended: "To'xtatilgan",
    sub_expired: "Muddati tugagan",
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
    e_read_only: "Obuna faol emas: portal faqat ko'rish rejimida. Obunani to'lang yoki administratorga murojaat qiling.",
};

/// Русский.
pub const RU: BillingText = BillingText {
    subscription_line: "Тариф: {tariff} · {status} · до {until} (осталось дней: {days})",
    sub_active: "Активна",
    sub_trial: "Пробный период",
    banner_grace: "Срок подписки истёк. С {date} портал перейдёт в режим только для чтения; филиалы продолжают продавать.",
    banner_read_only: "Срок подписки истёк: портал только для чтения, новые устройства подключить нельзя. Филиалы продолжают продавать.",
    banner_suspended: "Подписка приостановлена администратором: портал только для чтения. Филиалы продолжают продавать.",
    banner_pay: "Оплатить подписку",
    sub_suspended: "Приостановлена",
    sub_expired: "Истекла",
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
    e_read_only: "Подписка не активна: портал только для чтения. Оплатите подписку или обратитесь к администратору.",
};

/// English.
pub const EN: BillingText = BillingText {
    subscription_line: "Plan: {tariff} · {status} · until {until} ({days} days left)",
    sub_active: "Active",
    sub_trial: "Trial",
    banner_grace: "Your subscription has ended. From {date} the portal becomes read-only; your branches keep selling.",
    banner_read_only: "Your subscription has ended: the portal is read-only and no new device can be paired. Your branches keep selling.",
    banner_suspended: "Your subscription was suspended by an administrator: the portal is read-only. Your branches keep selling.",
    banner_pay: "Pay for the subscription",
    sub_suspended: "Suspended",
    sub_expired: "Expired",
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
    e_read_only: "The subscription is not active: the portal is read-only. Pay for the subscription or contact the administrator.",
};
