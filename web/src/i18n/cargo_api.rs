//! Business clients' API keys, webhooks and the API's own messages (C11,
//! beyond the seed). Reached as `lang.text().cargo.api`.

/// The strings in one language.
#[derive(Debug)]
pub struct ApiText {
    /// The page's heading and the "Biznes" link.
    pub title: &'static str,
    /// Under the heading.
    pub intro: &'static str,
    /// The keys' heading.
    pub keys: &'static str,
    /// Columns: key, made, last used, state.
    pub key_cols: [&'static str; 4],
    /// A key in use; a revoked key.
    pub key_states: [&'static str; 2],
    /// Never used.
    pub never: &'static str,
    /// The "new key" button.
    pub create_key: &'static str,
    /// The "revoke" button.
    pub revoke: &'static str,
    /// Above a new key: copy it now.
    pub new_key: &'static str,
    /// After a revocation.
    pub revoked: &'static str,
    /// Refusal: too many keys.
    pub too_many_keys: &'static str,
    /// No key yet.
    pub no_keys: &'static str,
    /// The webhook's heading.
    pub webhook: &'static str,
    /// Under it: what is posted and how it is signed.
    pub webhook_intro: &'static str,
    /// The address field.
    pub url: &'static str,
    /// The save button.
    pub save_url: &'static str,
    /// The signing secret's label.
    pub secret: &'static str,
    /// After a save.
    pub url_saved: &'static str,
    /// Refusals: not an address, not https, not a public address.
    pub url_errors: [&'static str; 3],
    /// The delivery log's heading.
    pub log: &'static str,
    /// Columns: time, barcode, status, state, attempts, last answer.
    pub log_cols: [&'static str; 6],
    /// States: pending, delivered, failed.
    pub log_states: [&'static str; 3],
    /// "Next attempt {time}".
    pub next_attempt: &'static str,
    /// The "send again" button.
    pub resend: &'static str,
    /// After "send again".
    pub resent: &'static str,
    /// Nothing sent yet.
    pub log_empty: &'static str,
    /// The usage heading.
    pub usage: &'static str,
    /// API error: no or a wrong key.
    pub e_unauthorized: &'static str,
    /// API error: the body is not a JSON object.
    pub e_not_json: &'static str,
    /// API error: a field the API does not know: {field}.
    pub e_unknown_field: &'static str,
    /// API error: the shipment's fields are wrong (see problems).
    pub e_invalid: &'static str,
    /// API error: the Idempotency-Key is malformed.
    pub e_idempotency_key: &'static str,
    /// API error: the same Idempotency-Key with another body.
    pub e_idempotency_conflict: &'static str,
    /// API error: the company has no tariff yet.
    pub e_no_tariff: &'static str,
    /// API error: no such shipment under the key's contract.
    pub e_not_found: &'static str,
    /// API error: moving a shipment along is for test mode keys only.
    pub e_test_only: &'static str,
    /// API error: the sandbox shipment is delivered already.
    pub e_final: &'static str,
    /// The "make a test key" button.
    pub create_test_key: &'static str,
    /// A key's mode: live, test.
    pub key_modes: [&'static str; 2],
    /// Test mode's page heading.
    pub test_title: &'static str,
    /// The banner on every test mode page.
    pub test_on: &'static str,
    /// Under the heading.
    pub test_intro: &'static str,
    /// The switch on "Biznes": into test mode.
    pub test_switch_on: &'static str,
    /// The switch in test mode: back to real data.
    pub test_switch_off: &'static str,
    /// The sandbox's balance.
    pub test_balance: &'static str,
    /// The "make a test order" button.
    pub test_new: &'static str,
    /// A sandbox shipment's "next status" button.
    pub test_advance: &'static str,
    /// No sandbox shipment yet.
    pub test_empty: &'static str,
    /// After a test order was made: "Test order {barcode} made."
    pub test_made: &'static str,
}

/// O'zbekcha.
pub const UZ: ApiText = ApiText {
    title: "API va webhooklar",
    intro: "Internet-do'koningiz shu shartnoma bo'yicha buyurtma yaratishi, holatini o'qishi va har bir holat o'zgarishi haqida xabar olishi uchun.",
    keys: "API kalitlari",
    key_cols: ["Kalit", "Yaratilgan", "Oxirgi foydalanish", "Holati"],
    key_states: ["Faol", "Bekor qilingan"],
    never: "hali yo'q",
    create_key: "Yangi kalit yaratish",
    revoke: "Bekor qilish",
    new_key: "Yangi kalit — hozir nusxalab oling, u boshqa ko'rsatilmaydi:",
    revoked: "Kalit bekor qilindi: u bilan so'rovlar endi qabul qilinmaydi.",
    too_many_keys: "Bir shartnomada ko'pi bilan 10 ta kalit bo'ladi. Keraksizini bekor qiling.",
    no_keys: "Hali kalit yo'q.",
    webhook: "Webhook",
    webhook_intro: "Har bir holat o'zgarishi shu manzilga JSON ko'rinishida POST qilinadi. X-Cargo-Signature sarlavhasi: t=vaqt,v1=HMAC-SHA256(maxfiy kalit, \"t.tana\"). Javob 2xx bo'lmasa, qayta yuboriladi (30 s, 2 daq, 8 daq … 6 soatgacha).",
    url: "Manzil (https://…)",
    save_url: "Saqlash",
    secret: "Imzo kaliti",
    url_saved: "Webhook manzili saqlandi.",
    url_errors: [
        "To'liq manzil kiriting, masalan https://dokon.uz/hooks/bts (500 belgigacha).",
        "Manzil https:// bilan boshlanishi kerak.",
        "Manzil internetdagi ochiq manzil bo'lishi kerak (ichki tarmoq emas).",
    ],
    log: "Yuborilganlar jurnali",
    log_cols: ["Vaqt", "Shtrix kod", "Holat", "Yetkazish", "Urinishlar", "Oxirgi javob"],
    log_states: ["Navbatda", "Yetkazildi", "Yetkazilmadi"],
    next_attempt: "keyingi urinish {time}",
    resend: "Qayta yuborish",
    resent: "Navbatga qo'yildi.",
    log_empty: "Hali hech narsa yuborilmagan.",
    usage: "Foydalanish",
    e_unauthorized: "API kaliti yo'q yoki noto'g'ri. Authorization: Bearer ck_live_… sarlavhasini yuboring.",
    e_not_json: "So'rov tanasi JSON obyekt bo'lishi kerak.",
    e_unknown_field: "Noma'lum maydon: {field}.",
    e_invalid: "Buyurtma maydonlarida xatolar bor.",
    e_idempotency_key: "Idempotency-Key 1–64 ta ko'rinadigan ASCII belgidan iborat bo'lishi kerak.",
    e_idempotency_conflict: "Bu Idempotency-Key boshqa so'rov bilan ishlatilgan.",
    e_no_tariff: "Kompaniyada hali tarif yo'q.",
    e_not_found: "Bu shartnoma bo'yicha bunday buyurtma yo'q.",
    e_test_only: "Holatni o'zgartirish faqat test kaliti (ck_test_…) bilan mumkin.",
    e_final: "Sinov buyurtmasi allaqachon yetkazilgan.",
    create_test_key: "Test kaliti yaratish",
    key_modes: ["Haqiqiy", "Test"],
    test_title: "Biznes · test rejimi",
    test_on: "TEST MODE ON — sinov ma'lumotlari: bu yerdagi buyurtmalar va pullar haqiqiy emas va haqiqiy balansga qo'shilmaydi.",
    test_intro: "Integratsiyani sinash uchun: sinov buyurtmalari tarif bo'yicha narxlanadi, holatlarini qo'lda o'zgartirasiz, har bir o'zgarish webhookga \"livemode\": false bilan yuboriladi.",
    test_switch_on: "Test rejimi",
    test_switch_off: "Test rejimini o'chirish",
    test_balance: "Sinov balansi",
    test_new: "Sinov buyurtmasi yaratish",
    test_advance: "Keyingi holat",
    test_empty: "Sinov buyurtmalari hali yo'q.",
    test_made: "Sinov buyurtmasi {barcode} yaratildi.",
};

/// Русский.
pub const RU: ApiText = ApiText {
    title: "API и вебхуки",
    intro: "Чтобы ваш интернет-магазин создавал заказы по этому договору, читал их статусы и получал уведомление о каждой смене статуса.",
    keys: "Ключи API",
    key_cols: ["Ключ", "Создан", "Последнее использование", "Состояние"],
    key_states: ["Активен", "Отозван"],
    never: "ещё нет",
    create_key: "Создать ключ",
    revoke: "Отозвать",
    new_key: "Новый ключ — скопируйте сейчас, больше он показан не будет:",
    revoked: "Ключ отозван: запросы с ним больше не принимаются.",
    too_many_keys: "У договора может быть не больше 10 ключей. Отзовите ненужный.",
    no_keys: "Ключей пока нет.",
    webhook: "Вебхук",
    webhook_intro: "Каждая смена статуса отправляется на этот адрес POST-запросом в JSON. Заголовок X-Cargo-Signature: t=время,v1=HMAC-SHA256(секрет, \"t.тело\"). Если ответ не 2xx, отправка повторяется (30 с, 2 мин, 8 мин … до 6 ч).",
    url: "Адрес (https://…)",
    save_url: "Сохранить",
    secret: "Секрет подписи",
    url_saved: "Адрес вебхука сохранён.",
    url_errors: [
        "Укажите полный адрес, например https://shop.uz/hooks/bts (до 500 символов).",
        "Адрес должен начинаться с https://.",
        "Адрес должен быть публичным адресом в интернете (не внутренняя сеть).",
    ],
    log: "Журнал отправок",
    log_cols: ["Время", "Штрихкод", "Статус", "Доставка", "Попытки", "Последний ответ"],
    log_states: ["В очереди", "Доставлено", "Не доставлено"],
    next_attempt: "следующая попытка {time}",
    resend: "Отправить снова",
    resent: "Поставлено в очередь.",
    log_empty: "Пока ничего не отправлялось.",
    usage: "Как пользоваться",
    e_unauthorized: "Нет ключа API или он неверный. Передайте заголовок Authorization: Bearer ck_live_….",
    e_not_json: "Тело запроса должно быть объектом JSON.",
    e_unknown_field: "Неизвестное поле: {field}.",
    e_invalid: "В полях заказа есть ошибки.",
    e_idempotency_key: "Idempotency-Key — от 1 до 64 видимых символов ASCII.",
    e_idempotency_conflict: "Этот Idempotency-Key уже использован с другим запросом.",
    e_no_tariff: "У компании ещё нет тарифа.",
    e_not_found: "Такого заказа по этому договору нет.",
    e_test_only: "Менять статус можно только тестовым ключом (ck_test_…).",
    e_final: "Тестовый заказ уже доставлен.",
    create_test_key: "Создать тестовый ключ",
    key_modes: ["Боевой", "Тестовый"],
    test_title: "Бизнес · тестовый режим",
    test_on: "TEST MODE ON — тестовые данные: заказы и деньги здесь не настоящие и не входят в настоящий баланс.",
    test_intro: "Для проверки интеграции: тестовые заказы считаются по тарифу, статусы вы меняете сами, каждая смена уходит на вебхук с \"livemode\": false.",
    test_switch_on: "Тестовый режим",
    test_switch_off: "Выключить тестовый режим",
    test_balance: "Тестовый баланс",
    test_new: "Создать тестовый заказ",
    test_advance: "Следующий статус",
    test_empty: "Тестовых заказов пока нет.",
    test_made: "Тестовый заказ {barcode} создан.",
};

/// English.
pub const EN: ApiText = ApiText {
    title: "API and webhooks",
    intro: "For your online shop to make orders under this contract, read their statuses and be told of every status change.",
    keys: "API keys",
    key_cols: ["Key", "Made", "Last used", "State"],
    key_states: ["Active", "Revoked"],
    never: "not yet",
    create_key: "Make a key",
    revoke: "Revoke",
    new_key: "The new key — copy it now, it is not shown again:",
    revoked: "Key revoked: calls with it are refused from now on.",
    too_many_keys: "A contract holds at most 10 keys. Revoke one you do not need.",
    no_keys: "No keys yet.",
    webhook: "Webhook",
    webhook_intro: "Every status change is POSTed to this address as JSON. Header X-Cargo-Signature: t=time,v1=HMAC-SHA256(secret, \"t.body\"). An answer other than 2xx is retried (30 s, 2 min, 8 min … up to 6 h).",
    url: "Address (https://…)",
    save_url: "Save",
    secret: "Signing secret",
    url_saved: "Webhook address saved.",
    url_errors: [
        "Enter a full address, e.g. https://shop.uz/hooks/bts (up to 500 characters).",
        "The address must start with https://.",
        "The address must be a public internet address (not an internal network).",
    ],
    log: "Delivery log",
    log_cols: ["Time", "Barcode", "Status", "Delivery", "Attempts", "Last answer"],
    log_states: ["Queued", "Delivered", "Failed"],
    next_attempt: "next attempt {time}",
    resend: "Send again",
    resent: "Queued again.",
    log_empty: "Nothing sent yet.",
    usage: "Usage",
    e_unauthorized: "No API key or a wrong one. Send the header Authorization: Bearer ck_live_….",
    e_not_json: "The body must be a JSON object.",
    e_unknown_field: "Unknown field: {field}.",
    e_invalid: "The order's fields have errors.",
    e_idempotency_key: "An Idempotency-Key is 1 to 64 visible ASCII characters.",
    e_idempotency_conflict: "This Idempotency-Key was used with another request.",
    e_no_tariff: "The company has no tariff yet.",
    e_not_found: "No such order under this contract.",
    e_test_only: "Moving a status along takes a test key (ck_test_…).",
    e_final: "The test order is delivered already.",
    create_test_key: "Make a test key",
    key_modes: ["Live", "Test"],
    test_title: "Business · test mode",
    test_on: "TEST MODE ON — sandbox data: orders and money here are not real and never count in the real balance.",
    test_intro: "To try an integration: test orders are priced by the tariff, you move their statuses yourself, and each change goes to the webhook with \"livemode\": false.",
    test_switch_on: "Test mode",
    test_switch_off: "Leave test mode",
    test_balance: "Sandbox balance",
    test_new: "Make a test order",
    test_advance: "Next status",
    test_empty: "No test orders yet.",
    test_made: "Test order {barcode} made.",
};
