//! Saved cards and auto-renewal (B6): the card page, its script's messages,
//! and the SMS the renewal job sends.
//!
//! One value per language; a string missing from one does not compile.

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct CardsText {
    /// Page title.
    pub title: &'static str,
    /// Back to the subscription.
    pub back: &'static str,
    /// The saved card heading.
    pub saved: &'static str,
    /// No card yet.
    pub none: &'static str,
    /// "Expires {expiry}".
    pub expires: &'static str,
    /// Remove button.
    pub remove: &'static str,
    /// Remove confirmation.
    pub remove_confirm: &'static str,
    /// Notice after saving.
    pub added: &'static str,
    /// Notice after removing.
    pub removed: &'static str,
    /// Add / replace heading.
    pub add: &'static str,
    /// Why a card: auto-renewal.
    pub why: &'static str,
    /// Card number field.
    pub number: &'static str,
    /// Expiry field.
    pub expiry: &'static str,
    /// Send SMS code button.
    pub get_code: &'static str,
    /// "Code sent to {phone}".
    pub code_sent: &'static str,
    /// SMS code field.
    pub code: &'static str,
    /// Confirm button.
    pub confirm: &'static str,
    /// The card data stays with Payme.
    pub stays_with_payme: &'static str,
    /// Payme's offer link.
    pub offer: &'static str,
    /// Without JavaScript.
    pub needs_js: &'static str,
    /// Payme is not configured.
    pub unavailable: &'static str,
    /// Script: working.
    pub working: &'static str,
    /// Script: Payme refused the card or the code.
    pub refused: &'static str,
    /// Script: Payme unreachable.
    pub unreachable: &'static str,
    /// Server: the card was not confirmed with the SMS code.
    pub err_unverified: &'static str,
    /// Server: the card cannot be charged without its owner.
    pub err_not_recurrent: &'static str,
    /// Server: Payme does not know the token.
    pub err_unknown: &'static str,
    /// Server: a brand we cannot show.
    pub err_brand: &'static str,
    /// Server: Payme could not be reached.
    pub err_unreachable: &'static str,
    /// SMS: renewed "{tariff}", "{amount}", "{date}".
    pub sms_renewed: &'static str,
    /// SMS: declined, "{attempt}", "{max}", "{date}" (next attempt).
    pub sms_declined: &'static str,
    /// SMS: gave up, "{date}" (end date).
    pub sms_gave_up: &'static str,
}

/// O'zbekcha.
pub const UZ: CardsText = CardsText {
    title: "Saqlangan karta",
    back: "Obunaga qaytish",
    saved: "Saqlangan karta",
    none: "Karta saqlanmagan.",
    expires: "Amal qilish muddati {expiry}",
    remove: "Kartani o'chirish",
    remove_confirm: "Kartani o'chirasizmi? Avtomatik uzaytirish o'chadi.",
    added: "Karta saqlandi.",
    removed: "Karta o'chirildi, avtomatik uzaytirish o'chirildi.",
    add: "Karta qo'shish",
    why: "Avtomatik uzaytirish obuna tugashidan oldin shu kartadan to'lovni yechadi.",
    number: "Karta raqami",
    expiry: "Amal qilish muddati (OO/YY)",
    get_code: "SMS kod olish",
    code_sent: "Kod {phone} raqamiga yuborildi.",
    code: "SMS kod",
    confirm: "Tasdiqlash",
    stays_with_payme: "Karta ma'lumotlari to'g'ridan-to'g'ri Payme'ga yuboriladi va Payme'da qoladi; biz faqat token, oxirgi 4 raqam va muddatni saqlaymiz.",
    offer: "Payme ofertasi",
    needs_js: "Karta qo'shish uchun brauzerda JavaScript yoqilgan bo'lishi kerak (Payme qoidasi).",
    unavailable: "Karta saqlash hozircha mavjud emas.",
    working: "Kuting…",
    refused: "Payme kartani yoki kodni qabul qilmadi: {message}",
    unreachable: "Payme bilan bog'lanib bo'lmadi. Qayta urinib ko'ring.",
    err_unverified: "Karta SMS kod bilan tasdiqlanmagan.",
    err_not_recurrent: "Bu kartadan avtomatik to'lov qilib bo'lmaydi.",
    err_unknown: "Payme bu kartani tanimadi. Qaytadan qo'shing.",
    err_brand: "Bu turdagi karta qabul qilinmaydi.",
    err_unreachable: "Payme bilan bog'lanib bo'lmadi. Birozdan so'ng urinib ko'ring.",
    sms_renewed: "POS: {tariff} obunasi uzaytirildi, kartadan {amount} so'm yechildi. Yangi muddat: {date}.",
    sms_declined: "POS: obunani uzaytirish uchun kartadan to'lov o'tmadi ({attempt}/{max}). Keyingi urinish: {date}.",
    sms_gave_up: "POS: kartadan to'lov o'tmadi, obuna {date} da tugaydi. Portalda to'lang.",
};

/// Русский.
pub const RU: CardsText = CardsText {
    title: "Сохранённая карта",
    back: "Назад к подписке",
    saved: "Сохранённая карта",
    none: "Карта не сохранена.",
    expires: "Срок действия {expiry}",
    remove: "Удалить карту",
    remove_confirm: "Удалить карту? Автопродление отключится.",
    added: "Карта сохранена.",
    removed: "Карта удалена, автопродление отключено.",
    add: "Добавить карту",
    why: "Автопродление списывает оплату с этой карты до окончания подписки.",
    number: "Номер карты",
    expiry: "Срок действия (ММ/ГГ)",
    get_code: "Получить SMS-код",
    code_sent: "Код отправлен на {phone}.",
    code: "SMS-код",
    confirm: "Подтвердить",
    stays_with_payme: "Данные карты отправляются напрямую в Payme и остаются в Payme; мы храним только токен, последние 4 цифры и срок.",
    offer: "Оферта Payme",
    needs_js: "Чтобы добавить карту, включите JavaScript в браузере (правило Payme).",
    unavailable: "Сохранение карты пока недоступно.",
    working: "Подождите…",
    refused: "Payme не принял карту или код: {message}",
    unreachable: "Не удалось связаться с Payme. Попробуйте ещё раз.",
    err_unverified: "Карта не подтверждена SMS-кодом.",
    err_not_recurrent: "С этой карты нельзя списывать автоматически.",
    err_unknown: "Payme не узнал эту карту. Добавьте её заново.",
    err_brand: "Карты этого типа не принимаются.",
    err_unreachable: "Не удалось связаться с Payme. Попробуйте позже.",
    sms_renewed: "POS: подписка {tariff} продлена, с карты списано {amount} сум. Новый срок: {date}.",
    sms_declined: "POS: списание с карты для продления не прошло ({attempt}/{max}). Следующая попытка: {date}.",
    sms_gave_up: "POS: списание с карты не прошло, подписка закончится {date}. Оплатите в портале.",
};

/// English.
pub const EN: CardsText = CardsText {
    title: "Saved card",
    back: "Back to subscription",
    saved: "Saved card",
    none: "No card saved.",
    expires: "Expires {expiry}",
    remove: "Remove card",
    remove_confirm: "Remove the card? Auto-renewal will be switched off.",
    added: "Card saved.",
    removed: "Card removed; auto-renewal switched off.",
    add: "Add a card",
    why: "Auto-renewal charges this card before the subscription ends.",
    number: "Card number",
    expiry: "Expiry (MM/YY)",
    get_code: "Get SMS code",
    code_sent: "Code sent to {phone}.",
    code: "SMS code",
    confirm: "Confirm",
    stays_with_payme: "Card details go straight to Payme and stay with Payme; we keep only a token, the last 4 digits and the expiry.",
    offer: "Payme's offer",
    needs_js: "Adding a card needs JavaScript on in your browser (Payme's rule).",
    unavailable: "Saving a card is not available yet.",
    working: "Please wait…",
    refused: "Payme did not accept the card or the code: {message}",
    unreachable: "Could not reach Payme. Please try again.",
    err_unverified: "The card was not confirmed with the SMS code.",
    err_not_recurrent: "This card cannot be charged automatically.",
    err_unknown: "Payme does not know this card. Please add it again.",
    err_brand: "Cards of this kind are not accepted.",
    err_unreachable: "Could not reach Payme. Please try later.",
    sms_renewed: "POS: your {tariff} subscription was renewed; {amount} so'm charged to your card. New end date: {date}.",
    sms_declined: "POS: charging your card to renew failed ({attempt}/{max}). Next attempt: {date}.",
    sms_gave_up: "POS: charging your card failed; the subscription ends {date}. Please pay in the portal.",
};
