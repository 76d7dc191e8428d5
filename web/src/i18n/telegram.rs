//! The owner's Telegram (P14): the profile's link, the Web App's entry and
//! refusals, and what the bot writes. Reached as `lang.text().telegram`.

/// The strings in one language.
#[derive(Debug)]
pub struct TelegramText {
    /// The profile section's heading.
    pub title: &'static str,
    /// Not linked yet: what linking gives.
    pub intro: &'static str,
    /// The button that makes a link.
    pub link: &'static str,
    /// Above the one-time link: "… within {minutes} minutes …".
    pub link_ready: &'static str,
    /// The one-time link's label.
    pub link_open: &'static str,
    /// "Linked: {name}".
    pub linked_as: &'static str,
    /// What a linked account gets.
    pub linked_note: &'static str,
    /// The unlink button.
    pub unlink: &'static str,
    /// Asked before unlinking.
    pub unlink_confirm: &'static str,
    /// After unlinking.
    pub unlinked: &'static str,
    /// The cloud has no bot configured.
    pub not_configured: &'static str,
    /// The Web App's entry page: heading.
    pub entry_title: &'static str,
    /// While the page signs in.
    pub entry_text: &'static str,
    /// Opened outside Telegram (no init data).
    pub entry_outside: &'static str,
    /// The entry form's button (without JavaScript).
    pub entry_continue: &'static str,
    /// An unlinked Telegram account: heading.
    pub not_linked_title: &'static str,
    /// An unlinked Telegram account: how to link ("{bot}").
    pub not_linked_text: &'static str,
    /// Refused init data: heading.
    pub refused_title: &'static str,
    /// Refused init data: what to do.
    pub refused_text: &'static str,
    /// The bot's menu button.
    pub menu_button: &'static str,
    /// The bot, after linking: "{business}".
    pub bot_linked: &'static str,
    /// The bot: the link is unknown, used or out of date.
    pub bot_link_bad: &'static str,
    /// The bot: this Telegram account is another owner's.
    pub bot_taken: &'static str,
    /// The bot to a linked owner: "{business}".
    pub bot_help_linked: &'static str,
    /// The bot to anyone else.
    pub bot_help_unlinked: &'static str,
    /// The bot, after the owner unlinked: "{business}".
    pub bot_unlinked: &'static str,
    /// The notification settings' heading.
    pub prefs_title: &'static str,
    /// Kinds: daily summary, hub offline, sync backlog, subscription ending or ended, terminal paired or unpaired.
    pub prefs_kinds: [&'static str; 5],
    /// The summary's time field.
    pub prefs_summary_time: &'static str,
    /// Minutes offline before the alert.
    pub prefs_offline_minutes: &'static str,
    /// Save.
    pub prefs_save: &'static str,
    /// After saving.
    pub prefs_saved: &'static str,
    /// A wrong value: the time is HH:MM, the minutes 5 to 1440.
    pub prefs_bad: &'static str,
    /// The summary's first line: "{business}", "{date}".
    pub summary_title: &'static str,
    /// Lines: revenue, orders, average order ("{value}").
    pub summary_lines: [&'static str; 3],
    /// Against the same weekday a week before: "{value}", "{change}".
    pub summary_vs: &'static str,
    /// No sales a week before to compare with.
    pub summary_vs_none: &'static str,
    /// One branch: "{branch}", "{revenue}", "{orders}".
    pub summary_branch: &'static str,
    /// A hub offline: "{branch}", "{hub}", "{since}", "{minutes}".
    pub alert_hub_offline: &'static str,
    /// A growing backlog: "{branch}", "{hub}", "{count}", "{minutes}".
    pub alert_backlog: &'static str,
    /// The subscription ends soon: "{tariff}", "{date}", "{days}".
    pub alert_sub_ending: &'static str,
    /// The subscription ended: "{tariff}", "{date}".
    pub alert_sub_expired: &'static str,
    /// A terminal paired: "{branch}", "{terminal}".
    pub alert_paired: &'static str,
    /// A terminal unpaired: "{branch}", "{terminal}".
    pub alert_unpaired: &'static str,
}

/// O'zbekcha.
pub const UZ: TelegramText = TelegramText {
    title: "Telegram",
    intro: "Telegram'ni ulang: bot har kuni hisobot va muhim ogohlantirishlarni yuboradi, portal esa Telegram ichida ochiladi.",
    link: "Telegram'ni ulash",
    link_ready: "Quyidagi havolani {minutes} daqiqa ichida Telegram'da oching va «Start» tugmasini bosing:",
    link_open: "Telegram'da ochish",
    linked_as: "Ulangan: {name}",
    linked_note: "Bot kunlik hisobot va ogohlantirishlarni shu akkauntga yuboradi; portal bot menyusidagi «Portal» tugmasi bilan ochiladi.",
    unlink: "Telegram'ni uzish",
    unlink_confirm: "Telegram uzilsinmi? Bot sizga yozmaydi va portal Telegram ichida ochilmaydi.",
    unlinked: "Telegram uzildi.",
    not_configured: "Bu serverda Telegram bot sozlanmagan.",
    entry_title: "Kirish",
    entry_text: "Portal Telegram orqali ochilmoqda…",
    entry_outside: "Bu sahifani Telegram'dagi botning «Portal» tugmasi bilan oching.",
    entry_continue: "Davom etish",
    not_linked_title: "Telegram ulanmagan",
    not_linked_text: "Bu Telegram akkaunti hech bir biznesga ulanmagan. Portalga brauzerda kiring, Profil → Telegram → «Telegram'ni ulash» ni bosing va olingan havolani Telegram'da oching ({bot}).",
    refused_title: "Kirib bo'lmadi",
    refused_text: "Telegram'dan kelgan kirish ma'lumoti qabul qilinmadi (eskirgan yoki allaqachon ishlatilgan). Portalni yoping va botning «Portal» tugmasi bilan qayta oching.",
    menu_button: "Portal",
    bot_linked: "✅ Telegram «{business}» biznesiga ulandi. Har kuni hisobot va muhim ogohlantirishlarni shu yerga yuboraman. Portalni pastdagi «Portal» tugmasi bilan oching.",
    bot_link_bad: "Bu havola eskirgan yoki allaqachon ishlatilgan. Portalda yangisini oling: Profil → Telegram → «Telegram'ni ulash».",
    bot_taken: "Bu Telegram akkaunti boshqa biznesga ulangan. Avval u yerda uzing.",
    bot_help_linked: "Siz «{business}» biznesiga ulangansiz. Portalni pastdagi «Portal» tugmasi bilan oching.",
    bot_help_unlinked: "Assalomu alaykum! Hisobot va ogohlantirishlarni olish uchun bu Telegram akkauntini portalda ulang: Profil → Telegram → «Telegram'ni ulash».",
    bot_unlinked: "Telegram «{business}» biznesidan uzildi. Endi sizga yozmayman.",
    prefs_title: "Bildirishnomalar",
    prefs_kinds: [
        "Kunlik hisobot",
        "Hub aloqada emas",
        "Sinxronlash navbati o'smoqda",
        "Obuna tugashi",
        "Terminal ulandi yoki uzildi",
    ],
    prefs_summary_time: "Hisobot vaqti (Toshkent)",
    prefs_offline_minutes: "Necha daqiqadan keyin",
    prefs_save: "Saqlash",
    prefs_saved: "Bildirishnomalar saqlandi.",
    prefs_bad: "Vaqt SS:DD ko'rinishida, daqiqalar 5 dan 1440 gacha bo'lishi kerak.",
    summary_title: "📊 {business}: {date} kungi hisobot",
    summary_lines: ["Daromad: {value}", "Buyurtmalar: {value}", "O'rtacha buyurtma: {value}"],
    summary_vs: "O'tgan hafta shu kuni: {value} ({change})",
    summary_vs_none: "O'tgan hafta shu kuni savdo bo'lmagan",
    summary_branch: "• {branch}: {revenue}, {orders} ta buyurtma",
    alert_hub_offline: "⚠️ «{branch}» filiali: «{hub}» hub {since} dan beri aloqada emas ({minutes} daqiqa). Savdo davom etadi, ma'lumotlar aloqa tiklanganda yuboriladi.",
    alert_backlog: "⚠️ «{branch}» filiali: «{hub}» hubda bulutga yuborilmagan {count} ta voqea bor, eng eskisi {minutes} daqiqadan beri kutmoqda.",
    alert_sub_ending: "⏳ «{tariff}» obunasi {date} da tugaydi ({days} kun qoldi). Uzaytirish: Obuna sahifasi.",
    alert_sub_expired: "❗ «{tariff}» obunasi {date} da tugadi. Portal faqat ko'rish rejimida; uzaytirish: Obuna sahifasi.",
    alert_paired: "✅ «{branch}» filialiga yangi terminal ulandi: «{terminal}».",
    alert_unpaired: "🔌 «{branch}» filialidan terminal uzildi: «{terminal}».",
};

/// Русский.
pub const RU: TelegramText = TelegramText {
    title: "Telegram",
    intro: "Подключите Telegram: бот будет присылать ежедневную сводку и важные оповещения, а портал откроется прямо в Telegram.",
    link: "Подключить Telegram",
    link_ready: "Откройте эту ссылку в Telegram в течение {minutes} минут и нажмите «Start»:",
    link_open: "Открыть в Telegram",
    linked_as: "Подключён: {name}",
    linked_note: "Бот присылает ежедневную сводку и оповещения в этот аккаунт; портал открывается кнопкой «Портал» в меню бота.",
    unlink: "Отключить Telegram",
    unlink_confirm: "Отключить Telegram? Бот перестанет вам писать, а портал не будет открываться в Telegram.",
    unlinked: "Telegram отключён.",
    not_configured: "На этом сервере Telegram-бот не настроен.",
    entry_title: "Вход",
    entry_text: "Открываем портал через Telegram…",
    entry_outside: "Откройте эту страницу кнопкой «Портал» бота в Telegram.",
    entry_continue: "Продолжить",
    not_linked_title: "Telegram не подключён",
    not_linked_text: "Этот аккаунт Telegram не подключён ни к одному бизнесу. Войдите в портал в браузере, откройте Профиль → Telegram → «Подключить Telegram» и откройте полученную ссылку в Telegram ({bot}).",
    refused_title: "Не удалось войти",
    refused_text: "Данные входа от Telegram не приняты (устарели или уже использованы). Закройте портал и откройте его снова кнопкой «Портал» бота.",
    menu_button: "Портал",
    bot_linked: "✅ Telegram подключён к бизнесу «{business}». Каждый день я буду присылать сводку и важные оповещения сюда. Портал открывается кнопкой «Портал» внизу.",
    bot_link_bad: "Эта ссылка устарела или уже использована. Получите новую в портале: Профиль → Telegram → «Подключить Telegram».",
    bot_taken: "Этот аккаунт Telegram уже подключён к другому бизнесу. Сначала отключите его там.",
    bot_help_linked: "Вы подключены к бизнесу «{business}». Портал открывается кнопкой «Портал» внизу.",
    bot_help_unlinked: "Здравствуйте! Чтобы получать сводки и оповещения, подключите этот аккаунт Telegram в портале: Профиль → Telegram → «Подключить Telegram».",
    bot_unlinked: "Telegram отключён от бизнеса «{business}». Я больше не буду вам писать.",
    prefs_title: "Уведомления",
    prefs_kinds: [
        "Ежедневная сводка",
        "Хаб не на связи",
        "Растёт очередь синхронизации",
        "Окончание подписки",
        "Терминал подключён или отключён",
    ],
    prefs_summary_time: "Время сводки (Ташкент)",
    prefs_offline_minutes: "Через сколько минут",
    prefs_save: "Сохранить",
    prefs_saved: "Уведомления сохранены.",
    prefs_bad: "Время — в виде ЧЧ:ММ, минуты — от 5 до 1440.",
    summary_title: "📊 {business}: сводка за {date}",
    summary_lines: ["Выручка: {value}", "Заказы: {value}", "Средний заказ: {value}"],
    summary_vs: "В тот же день неделю назад: {value} ({change})",
    summary_vs_none: "Неделю назад в этот день продаж не было",
    summary_branch: "• {branch}: {revenue}, заказов: {orders}",
    alert_hub_offline: "⚠️ Филиал «{branch}»: хаб «{hub}» не на связи с {since} ({minutes} мин). Продажи идут, данные уйдут, когда связь вернётся.",
    alert_backlog: "⚠️ Филиал «{branch}»: на хабе «{hub}» {count} событий ждут отправки в облако, самое старое — {minutes} мин.",
    alert_sub_ending: "⏳ Подписка «{tariff}» заканчивается {date} (осталось дней: {days}). Продлить: страница «Подписка».",
    alert_sub_expired: "❗ Подписка «{tariff}» закончилась {date}. Портал только для просмотра; продлить: страница «Подписка».",
    alert_paired: "✅ В филиале «{branch}» подключён новый терминал: «{terminal}».",
    alert_unpaired: "🔌 В филиале «{branch}» отключён терминал: «{terminal}».",
};

/// English.
pub const EN: TelegramText = TelegramText {
    title: "Telegram",
    intro: "Link your Telegram: the bot sends a daily summary and important alerts, and the portal opens right inside Telegram.",
    link: "Link Telegram",
    link_ready: "Open this link in Telegram within {minutes} minutes and press Start:",
    link_open: "Open in Telegram",
    linked_as: "Linked: {name}",
    linked_note: "The bot sends the daily summary and alerts to this account; the portal opens with the bot's “Portal” menu button.",
    unlink: "Unlink Telegram",
    unlink_confirm: "Unlink Telegram? The bot stops writing to you and the portal no longer opens inside Telegram.",
    unlinked: "Telegram unlinked.",
    not_configured: "The Telegram bot is not set up on this server.",
    entry_title: "Signing in",
    entry_text: "Opening the portal from Telegram…",
    entry_outside: "Open this page with the bot's “Portal” button in Telegram.",
    entry_continue: "Continue",
    not_linked_title: "Telegram is not linked",
    not_linked_text: "This Telegram account is not linked to any business. Sign in to the portal in a browser, open Profile → Telegram → “Link Telegram”, and open the link you get in Telegram ({bot}).",
    refused_title: "Could not sign in",
    refused_text: "Telegram's sign-in data was not accepted (it is out of date or was already used). Close the portal and open it again with the bot's “Portal” button.",
    menu_button: "Portal",
    bot_linked: "✅ Telegram is linked to “{business}”. I will send the daily summary and important alerts here. Open the portal with the “Portal” button below.",
    bot_link_bad: "This link is out of date or was already used. Get a new one in the portal: Profile → Telegram → “Link Telegram”.",
    bot_taken: "This Telegram account is already linked to another business. Unlink it there first.",
    bot_help_linked: "You are linked to “{business}”. Open the portal with the “Portal” button below.",
    bot_help_unlinked: "Hello! To get summaries and alerts, link this Telegram account in the portal: Profile → Telegram → “Link Telegram”.",
    bot_unlinked: "Telegram is unlinked from “{business}”. I will not write to you any more.",
    prefs_title: "Notifications",
    prefs_kinds: [
        "Daily summary",
        "Hub offline",
        "Sync backlog growing",
        "Subscription ending",
        "Terminal paired or unpaired",
    ],
    prefs_summary_time: "Summary time (Tashkent)",
    prefs_offline_minutes: "After how many minutes",
    prefs_save: "Save",
    prefs_saved: "Notifications saved.",
    prefs_bad: "The time is HH:MM, the minutes 5 to 1440.",
    summary_title: "📊 {business}: summary for {date}",
    summary_lines: ["Revenue: {value}", "Orders: {value}", "Average order: {value}"],
    summary_vs: "Same day last week: {value} ({change})",
    summary_vs_none: "No sales on the same day last week",
    summary_branch: "• {branch}: {revenue}, {orders} orders",
    alert_hub_offline: "⚠️ Branch “{branch}”: hub “{hub}” has been offline since {since} ({minutes} min). Sales go on; the data follows when it is back.",
    alert_backlog: "⚠️ Branch “{branch}”: hub “{hub}” holds {count} events not yet in the cloud, the oldest waiting {minutes} min.",
    alert_sub_ending: "⏳ The “{tariff}” subscription ends on {date} ({days} days left). Renew on the Subscription page.",
    alert_sub_expired: "❗ The “{tariff}” subscription ended on {date}. The portal is read-only; renew on the Subscription page.",
    alert_paired: "✅ A new terminal was paired at “{branch}”: “{terminal}”.",
    alert_unpaired: "🔌 A terminal was unpaired at “{branch}”: “{terminal}”.",
};
