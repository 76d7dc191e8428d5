//! Billing: the subscription page with its payment flow, receipts, and the
//! payment settings (Multicard), with the errors of their forms.
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
    /// Link to the card page when none is saved.
    pub sub_card_add: &'static str,
    /// Link to the card page.
    pub sub_card_manage: &'static str,
    /// A saved card's expiry: "{expiry}".
    pub sub_card_expiry: &'static str,
    /// Button: saves auto-renewal.
    pub sub_save: &'static str,
    /// Notice after saving auto-renewal.
    pub sub_saved: &'static str,
    /// Auto-renewal refused without a saved card.
    pub sub_needs_card: &'static str,
    /// Read-only portal: paying stays open.
    pub sub_read_only: &'static str,
    /// Suspended: who to ask.
    pub sub_suspended_note: &'static str,
    /// Button: choose a tariff (goes to the provider).
    pub sub_choose: &'static str,
    /// Field: how long.
    pub sub_period: &'static str,
    /// One month.
    pub sub_period_month: &'static str,
    /// One year.
    pub sub_period_year: &'static str,
    /// Field: which provider.
    pub sub_provider: &'static str,
    /// A provider not configured here.
    pub sub_unavailable: &'static str,
    /// A tariff that costs nothing.
    pub sub_free: &'static str,
    /// Waiting for the provider's confirmation.
    pub sub_checking: &'static str,
    /// What happens while waiting: "{tariff}", "{period}", "{amount}".
    pub sub_checking_text: &'static str,
    /// Without JavaScript: the page reloads itself.
    pub sub_checking_nojs: &'static str,
    /// The payment was confirmed.
    pub sub_paid: &'static str,
    /// After it: "{until}".
    pub sub_paid_text: &'static str,
    /// The invoice was cancelled.
    pub sub_cancelled: &'static str,
    /// What to do then.
    pub sub_cancelled_text: &'static str,
    /// Link: the receipt of the payment just confirmed.
    pub sub_receipt: &'static str,
    /// Link back to the tariffs.
    pub sub_pay_again: &'static str,
    /// An invoice: "{tariff} · {period} · {amount}".
    pub sub_invoice: &'static str,
    /// A tariff not in the list, or a free one.
    pub e_tariff: &'static str,
    /// A period other than month or year.
    pub e_period: &'static str,
    /// A provider that cannot take payments now.
    pub e_provider: &'static str,
    /// Receipts list title.
    pub rc_title: &'static str,
    /// One receipt's title: "{n}".
    pub rc_receipt: &'static str,
    /// No payments yet.
    pub rc_none: &'static str,
    /// Receipt number.
    pub rc_number: &'static str,
    /// The business.
    pub rc_business: &'static str,
    /// The tariff.
    pub rc_tariff: &'static str,
    /// The period paid.
    pub rc_period: &'static str,
    /// "{from}" to "{to}".
    pub rc_period_value: &'static str,
    /// The provider.
    pub rc_provider: &'static str,
    /// The provider's transaction id.
    pub rc_txn: &'static str,
    /// Our invoice id.
    pub rc_invoice: &'static str,
    /// The amount.
    pub rc_amount: &'static str,
    /// When it was paid.
    pub rc_paid_at: &'static str,
    /// Link: the PDF.
    pub rc_download: &'static str,
    /// Link: open a receipt.
    pub rc_open: &'static str,
    /// Link back to the subscription.
    pub rc_back: &'static str,
    /// A line at the PDF's foot.
    pub rc_footer: &'static str,
    /// Each tariff's features, by tariff code (a tariff not listed shows none).
    pub tariff_features: &'static [(&'static str, &'static [&'static str])],
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
    sub_card_add: "Karta qo'shish",
    sub_card_manage: "Kartani boshqarish",
    sub_card_expiry: "amal qilish muddati {expiry}",
    sub_save: "Saqlash",
    sub_saved: "Saqlandi",
    sub_needs_card: "Avtomatik yangilash uchun avval karta saqlang.",
    sub_read_only: "Portal faqat ko'rish rejimida. Quyidagi tariflardan birini tanlab to'lov qilishingiz mumkin.",
    sub_suspended_note: "Obuna administrator tomonidan to'xtatilgan. To'lov obuna muddatini uzaytiradi, uni qayta yoqishni esa administrator hal qiladi.",
    sub_choose: "Tanlash",
    sub_period: "Muddat",
    sub_period_month: "1 oy",
    sub_period_year: "1 yil",
    sub_provider: "To'lov tizimi",
    sub_unavailable: "Mavjud emas",
    sub_free: "Bepul",
    sub_checking: "To'lov tekshirilmoqda...",
    sub_checking_text: "{tariff}, {period}: {amount}. To'lov tasdiqlanishi bilan obuna avtomatik faollashadi.",
    sub_checking_nojs: "Sahifa har 5 soniyada o'zi yangilanadi.",
    sub_paid: "To'lov qabul qilindi",
    sub_paid_text: "Obuna {until} gacha faol.",
    sub_cancelled: "To'lov bekor qilindi",
    sub_cancelled_text: "Bu hisob endi to'lanmaydi. Tarifni qaytadan tanlang.",
    sub_receipt: "Kvitansiyani ko'rish",
    sub_pay_again: "Tariflarga qaytish",
    sub_invoice: "{tariff} · {period} · {amount}",
    e_tariff: "Ro'yxatdagi pullik tariflardan birini tanlang.",
    e_period: "Muddatni tanlang: 1 oy yoki 1 yil.",
    e_provider: "Bu to'lov tizimi hozircha mavjud emas. Boshqasini tanlang.",
    rc_title: "Kvitansiyalar",
    rc_receipt: "Kvitansiya № {n}",
    rc_none: "Hali to'lovlar yo'q.",
    rc_number: "Kvitansiya raqami",
    rc_business: "Biznes",
    rc_tariff: "Tarif",
    rc_period: "To'langan davr",
    rc_period_value: "{from} — {to}",
    rc_provider: "To'lov tizimi",
    rc_txn: "Tranzaksiya raqami",
    rc_invoice: "Hisob raqami",
    rc_amount: "Summa",
    rc_paid_at: "To'langan vaqt",
    rc_download: "PDF yuklab olish",
    rc_open: "Ko'rish",
    rc_back: "Obunaga qaytish",
    rc_footer: "Vaqtlar Toshkent vaqti bo'yicha (UTC+5).",
    tariff_features: &[
        ("start", &["Buyurtmalar, mahsulotlar, xodimlar", "Internet bo'lmaganda ham savdo", "Hisobotlar va grafiklar"]),
        ("biznes", &["Start tarifidagi hammasi", "Multicard orqali to'lov", "Filiallar bo'yicha hisobotlar"]),
        ("pro", &["Biznes tarifidagi hammasi", "Katta savdo tarmoqlari uchun", "Filiallar bo'yicha hisobotlar"]),
    ],
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
    sub_card_add: "Добавить карту",
    sub_card_manage: "Управление картой",
    sub_card_expiry: "действует до {expiry}",
    sub_save: "Сохранить",
    sub_saved: "Сохранено",
    sub_needs_card: "Чтобы включить автопродление, сначала сохраните карту.",
    sub_read_only: "Портал в режиме только для чтения. Оплатить подписку можно, выбрав тариф ниже.",
    sub_suspended_note: "Подписка приостановлена администратором. Оплата продлит срок подписки, а возобновит её администратор.",
    sub_choose: "Выбрать",
    sub_period: "Срок",
    sub_period_month: "1 месяц",
    sub_period_year: "1 год",
    sub_provider: "Платёжная система",
    sub_unavailable: "Недоступно",
    sub_free: "Бесплатно",
    sub_checking: "Платёж проверяется...",
    sub_checking_text: "{tariff}, {period}: {amount}. Подписка включится сама, как только платёж подтвердится.",
    sub_checking_nojs: "Страница обновляется сама каждые 5 секунд.",
    sub_paid: "Платёж получен",
    sub_paid_text: "Подписка активна до {until}.",
    sub_cancelled: "Платёж отменён",
    sub_cancelled_text: "Этот счёт больше нельзя оплатить. Выберите тариф заново.",
    sub_receipt: "Открыть квитанцию",
    sub_pay_again: "Вернуться к тарифам",
    sub_invoice: "{tariff} · {period} · {amount}",
    e_tariff: "Выберите один из платных тарифов из списка.",
    e_period: "Выберите срок: 1 месяц или 1 год.",
    e_provider: "Эта платёжная система пока недоступна. Выберите другую.",
    rc_title: "Квитанции",
    rc_receipt: "Квитанция № {n}",
    rc_none: "Платежей пока нет.",
    rc_number: "Номер квитанции",
    rc_business: "Бизнес",
    rc_tariff: "Тариф",
    rc_period: "Оплаченный период",
    rc_period_value: "{from} — {to}",
    rc_provider: "Платёжная система",
    rc_txn: "Номер транзакции",
    rc_invoice: "Номер счёта",
    rc_amount: "Сумма",
    rc_paid_at: "Время оплаты",
    rc_download: "Скачать PDF",
    rc_open: "Открыть",
    rc_back: "Вернуться к подписке",
    rc_footer: "Время указано по Ташкенту (UTC+5).",
    tariff_features: &[
        ("start", &["Заказы, товары, сотрудники", "Продажи без интернета", "Отчёты и графики"]),
        ("biznes", &["Всё из тарифа Start", "Оплата через Multicard", "Отчёты по филиалам"]),
        ("pro", &["Всё из тарифа Biznes", "Для крупных торговых сетей", "Отчёты по филиалам"]),
    ],
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
    sub_card_add: "Add a card",
    sub_card_manage: "Manage the card",
    sub_card_expiry: "expires {expiry}",
    sub_save: "Save",
    sub_saved: "Saved",
    sub_needs_card: "Save a card first to turn on auto-renewal.",
    sub_read_only: "The portal is read-only. You can still pay: choose a plan below.",
    sub_suspended_note: "The subscription was suspended by an administrator. A payment extends it; the administrator decides when to resume it.",
    sub_choose: "Choose",
    sub_period: "Period",
    sub_period_month: "1 month",
    sub_period_year: "1 year",
    sub_provider: "Pay with",
    sub_unavailable: "Unavailable",
    sub_free: "Free",
    sub_checking: "Checking the payment...",
    sub_checking_text: "{tariff}, {period}: {amount}. The subscription turns on by itself once the payment is confirmed.",
    sub_checking_nojs: "This page reloads itself every 5 seconds.",
    sub_paid: "Payment received",
    sub_paid_text: "The subscription is active until {until}.",
    sub_cancelled: "Payment cancelled",
    sub_cancelled_text: "This invoice can no longer be paid. Choose a plan again.",
    sub_receipt: "View the receipt",
    sub_pay_again: "Back to the plans",
    sub_invoice: "{tariff} · {period} · {amount}",
    e_tariff: "Choose one of the paid plans in the list.",
    e_period: "Choose a period: 1 month or 1 year.",
    e_provider: "This payment system is not available yet. Choose another.",
    rc_title: "Receipts",
    rc_receipt: "Receipt No. {n}",
    rc_none: "No payments yet.",
    rc_number: "Receipt number",
    rc_business: "Business",
    rc_tariff: "Plan",
    rc_period: "Period paid",
    rc_period_value: "{from} — {to}",
    rc_provider: "Payment system",
    rc_txn: "Transaction id",
    rc_invoice: "Invoice",
    rc_amount: "Amount",
    rc_paid_at: "Paid at",
    rc_download: "Download PDF",
    rc_open: "Open",
    rc_back: "Back to the subscription",
    rc_footer: "Times are Tashkent time (UTC+5).",
    tariff_features: &[
        ("start", &["Orders, products, employees", "Selling without internet", "Reports and charts"]),
        ("biznes", &["Everything in Start", "Payments via Multicard", "Reports per branch"]),
        ("pro", &["Everything in Biznes", "For large retail chains", "Reports per branch"]),
    ],
};
