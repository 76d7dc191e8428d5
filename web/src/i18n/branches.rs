//! Branches: branch cards, hub enrolment, terminals, pairing, POS logins and
//! unpairing, with the errors of those forms.
//!
//! One value per language; a string missing from one does not compile.

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct BranchesText {
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
    /// "{used}/{max} branches".
    pub branches_usage: &'static str,
    /// "{used} / {max} POS".
    pub terminals_usage: &'static str,
    /// "Last sync: {at}".
    pub last_sync: &'static str,
    /// "{n} sales waiting to sync" (the hub holds them; they reach the cloud when the link is back).
    pub waiting: &'static str,
    /// "{n} records refused by the cloud…": set aside on the hub, listed on its page.
    pub dead_letters: &'static str,
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
    /// [`ErrorCode::BranchName`](super::ErrorCode::BranchName).
    pub e_branch_name: &'static str,
    /// [`ErrorCode::BranchLimit`](super::ErrorCode::BranchLimit), `{max}`.
    pub e_branch_limit: &'static str,
    /// [`ErrorCode::PairWrong`](super::ErrorCode::PairWrong).
    pub e_pair_wrong: &'static str,
    /// [`ErrorCode::PairExpired`](super::ErrorCode::PairExpired).
    pub e_pair_expired: &'static str,
    /// [`ErrorCode::PairUsed`](super::ErrorCode::PairUsed).
    pub e_pair_used: &'static str,
    /// [`ErrorCode::PairAmbiguous`](super::ErrorCode::PairAmbiguous).
    pub e_pair_ambiguous: &'static str,
    /// [`ErrorCode::TerminalLimit`](super::ErrorCode::TerminalLimit), `{max}`.
    pub e_terminal_limit: &'static str,
    /// [`ErrorCode::PairElsewhere`](super::ErrorCode::PairElsewhere).
    pub e_pair_elsewhere: &'static str,
    /// [`ErrorCode::PairBadQr`](super::ErrorCode::PairBadQr).
    pub e_pair_bad_qr: &'static str,
    /// [`ErrorCode::PairCode`](super::ErrorCode::PairCode).
    pub e_pair_code: &'static str,
    /// [`ErrorCode::PairRole`](super::ErrorCode::PairRole).
    pub e_pair_role: &'static str,
    /// [`ErrorCode::PairWindow`](super::ErrorCode::PairWindow).
    pub e_pair_window: &'static str,
    /// "Pairing window open until {at}".
    pub window_open: &'static str,
    /// The window is closed.
    pub window_closed: &'static str,
    /// Why open it: the terminal must reach the hub to show its code.
    pub window_help: &'static str,
    /// Opens the window for the chosen minutes.
    pub window_open_button: &'static str,
    /// Closes it now.
    pub window_close_button: &'static str,
    /// "{n} min" in the length choice.
    pub window_minutes: &'static str,
    /// The hub's fingerprint, typed on a terminal so it trusts only this hub.
    pub hub_fingerprint: &'static str,
    /// What one hub holds: "{outbox}" waiting to sync, "{dead}" refused.
    pub hub_backlog: &'static str,
    /// The hub's build: "{v}".
    pub hub_software: &'static str,
    /// How long its oldest waiting event had waited, "{n}" minutes.
    pub hub_lag_min: &'static str,
    /// The same in "{n}" hours.
    pub hub_lag_h: &'static str,
    /// Revoke a hub's credential.
    pub hub_revoke: &'static str,
    /// Replace a hub (a new box, or a new credential for the same one).
    pub hub_replace: &'static str,
    /// What replacing does, on the confirmation page.
    pub hub_replace_help: &'static str,
    /// Under a replacement code: "{name}" stops once a hub enrols with it.
    pub hub_replaces: &'static str,
    /// What revoking a hub does, asked before.
    pub hub_revoke_confirm: &'static str,
    /// "Role" of a terminal being paired.
    pub role_label: &'static str,
    /// A cashier's terminal, explained.
    pub role_cashier: &'static str,
    /// A manager's terminal, explained.
    pub role_manager: &'static str,
    /// The badge of a manager's terminal.
    pub role_manager_short: &'static str,
}

/// O'zbekcha.
pub const UZ: BranchesText = BranchesText {
    new_branch: "Yangi filial",
    branch_name: "Filial nomi",
    address: "Manzil",
    telephone: "Telefon",
    branch_limit: "Tarifingiz bo'yicha filiallar soni chegarasiga yetdingiz.",
    no_branches: "Hali filial yo'q.",
    branches_usage: "{used}/{max} filial",
    terminals_usage: "{used}/{max} POS",
    last_sync: "Oxirgi sinxronlash: {at}",
    waiting: "Bulutga yuborilishini kutmoqda: {n} ta yozuv",
    dead_letters: "Bulut {n} ta yozuvni qabul qilmadi. Ular hubda saqlangan, ro'yxati hubning sahifasida. Texnik yordamga murojaat qiling.",
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
    pos_login_issued: "Terminalga kiriting (bir marta ko'rsatiladi, {at} gacha amal qiladi; hub yangi terminallarni bir soat qabul qiladi, keyinroq kiritilsa, avval ulash oynasini oching)",
    pos_login: "Login",
    pos_password: "Parol",
    pos_active: "Faol",
    pos_offline: "Ulanmagan",
    pos_waiting: "Qurilma kutilmoqda",
    unpair_title: "Ulanishni o'chirish",
    e_branch_name: "Filial nomi kamida 2 belgidan iborat bo'lishi kerak (ko'pi bilan 100)",
    e_branch_limit: "Tarifingiz {max} ta filialga ruxsat beradi",
    e_pair_wrong: "Bu kod bilan ulanishni kutayotgan qurilma yo'q. Kodni tekshiring: terminal filial tarmog'ida, hubning ulash oynasi esa ochiq bo'lishi kerak («Ulash oynasini ochish» tugmasi, QR kod yoki POS login uni ochadi; texnik uni hub sahifasida ham ochishi mumkin)",
    e_pair_expired: "Kodning muddati tugagan. Terminal yangi kod ko'rsatadi",
    e_pair_used: "Bu kod allaqachon ishlatilgan",
    e_pair_ambiguous: "Ikki qurilma bir xil kod ko'rsatmoqda. Terminalni qayta ishga tushiring",
    e_terminal_limit: "Tarifingiz filialda {max} ta faol POS qurilmaga ruxsat beradi. Avval birini uzing yoki tarifni o'zgartiring",
    e_pair_elsewhere: "Bu qurilma boshqa filialga ulangan",
    e_pair_bad_qr: "Bu POS ulash QR kodi emas yoki u buzilgan",
    e_pair_code: "Kod 8 belgidan iborat, masalan ABCD-EFGH",
    e_pair_role: "Terminal rolini tanlang: kassir yoki menejer",
    e_pair_window: "Oyna necha daqiqaga ochilishini tanlang: 10, 30 yoki 60",
    window_open: "Ulash oynasi ochiq: {at} gacha",
    window_closed: "Hubning ulash oynasi yopiq",
    window_help: "Kod bilan ulashdan oldin oynani oching: shunda terminal hubga ulanib, o'z kodini ko'rsatadi. POS login berilganda oyna bir soatga o'zi ochiladi.",
    window_open_button: "Ulash oynasini ochish",
    window_close_button: "Oynani yopish",
    window_minutes: "{n} daqiqa",
    hub_fingerprint: "Hub identifikatori (terminalga kiritiladi)",
    hub_backlog: "yuborilishi kutilmoqda: {outbox} · bulut rad etgan: {dead}",
    hub_software: "dastur versiyasi {v}",
    hub_lag_min: "{n} daqiqa orqada",
    hub_lag_h: "{n} soat orqada",
    hub_revoke: "Hubni o'chirish",
    hub_replace: "Hubni almashtirish",
    hub_replace_help: "Yangi ulash kodi beriladi. Yangi hub (yoki shu hub yangi kalit bilan: edge-hub enroll --force) shu kod bilan ulanganda, eski kalit o'sha zahoti bekor qilinadi; ungacha hub ishlashda davom etadi.",
    hub_replaces: "Shu kod bilan hub ulanganda «{name}» hubining kaliti bekor qilinadi.",
    hub_revoke_confirm: "Hubning bulutga ulanish kaliti bekor qilinadi: u bulutga boshqa hech narsa yozolmaydi. Hub yo'qolgan, o'g'irlangan yoki almashtirilgan bo'lsa shunday qiling. Hubda yuborilmagan yozuvlar bo'lsa, ular yangi kod bilan qayta ulangunicha hubda qoladi. Davom etasizmi?",
    role_label: "Rol",
    role_cashier: "Kassir: sotadi, faqat o'z buyurtmalarini o'zgartiradi",
    role_manager: "Menejer: istalgan buyurtmani bekor qiladi yoki qaytaradi, katalogni o'zgartiradi",
    role_manager_short: "menejer",
};

/// Русский.
pub const RU: BranchesText = BranchesText {
    new_branch: "Новый филиал",
    branch_name: "Название филиала",
    address: "Адрес",
    telephone: "Телефон",
    branch_limit: "Достигнут лимит филиалов вашего тарифа.",
    no_branches: "Филиалов пока нет.",
    branches_usage: "{used}/{max} филиалов",
    terminals_usage: "{used}/{max} POS",
    last_sync: "Последняя синхронизация: {at}",
    waiting: "Ждут отправки в облако: {n} записей",
    dead_letters: "Облако не приняло {n} записей. Они сохранены на хабе, список — на странице хаба. Обратитесь в техподдержку.",
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
    pos_login_issued: "Введите на терминале (показывается один раз, действует до {at}; хаб принимает новые терминалы в течение часа, позже сначала откройте окно подключения)",
    pos_login: "Логин",
    pos_password: "Пароль",
    pos_active: "Активен",
    pos_offline: "Не подключён",
    pos_waiting: "Ожидает устройство",
    unpair_title: "Отключить устройство",
    e_branch_name: "Название филиала — от 2 до 100 символов",
    e_branch_limit: "Ваш тариф допускает филиалов: {max}",
    e_pair_wrong: "Нет ожидающего устройства с этим кодом. Проверьте код: терминал должен быть в сети филиала, а окно подключения хаба открыто (его открывают кнопка «Открыть окно подключения», QR-код или POS-логин; техник может открыть его и на странице хаба)",
    e_pair_expired: "Срок действия кода истёк. Терминал покажет новый код",
    e_pair_used: "Этот код уже использован",
    e_pair_ambiguous: "Два устройства показывают один код. Перезапустите терминал",
    e_terminal_limit: "Ваш тариф допускает {max} активных POS в филиале. Сначала отключите один или смените тариф",
    e_pair_elsewhere: "Это устройство привязано к другому филиалу",
    e_pair_bad_qr: "Это не QR-код подключения POS или он повреждён",
    e_pair_code: "Код состоит из 8 символов, например ABCD-EFGH",
    e_pair_role: "Выберите роль терминала: кассир или менеджер",
    e_pair_window: "Выберите, на сколько минут открыть окно: 10, 30 или 60",
    window_open: "Окно подключения открыто до {at}",
    window_closed: "Окно подключения хаба закрыто",
    window_help: "Перед подключением по коду откройте окно: терминал свяжется с хабом и покажет свой код. Выдача POS-логина открывает окно на час сама.",
    window_open_button: "Открыть окно подключения",
    window_close_button: "Закрыть окно",
    window_minutes: "{n} мин",
    hub_fingerprint: "Отпечаток хаба (вводится на терминале)",
    hub_backlog: "ждут отправки: {outbox} · отклонено облаком: {dead}",
    hub_software: "версия {v}",
    hub_lag_min: "отстаёт на {n} мин",
    hub_lag_h: "отстаёт на {n} ч",
    hub_revoke: "Отключить хаб",
    hub_replace: "Заменить хаб",
    hub_replace_help: "Будет выдан новый код подключения. Когда новый хаб (или этот же с новым ключом: edge-hub enroll --force) подключится с ним, старый ключ сразу отзывается; до тех пор хаб продолжает работать.",
    hub_replaces: "Когда хаб подключится с этим кодом, ключ хаба «{name}» будет отозван.",
    hub_revoke_confirm: "Ключ хаба для связи с облаком будет отозван: хаб больше ничего не сможет записать в облако. Сделайте так, если хаб потерян, украден или заменён. Неотправленные записи останутся на хабе, пока его не подключат заново новым кодом. Продолжить?",
    role_label: "Роль",
    role_cashier: "Кассир: продаёт, меняет только свои заказы",
    role_manager: "Менеджер: отменяет и возвращает любой заказ, меняет каталог",
    role_manager_short: "менеджер",
};

/// English.
pub const EN: BranchesText = BranchesText {
    new_branch: "New branch",
    branch_name: "Branch name",
    address: "Address",
    telephone: "Phone",
    branch_limit: "You have reached your tariff's branch limit.",
    no_branches: "No branches yet.",
    branches_usage: "{used}/{max} branches",
    terminals_usage: "{used}/{max} POS",
    last_sync: "Last sync: {at}",
    waiting: "Waiting to reach the cloud: {n} records",
    dead_letters: "The cloud refused {n} records. They are kept on the hub and listed on its page. Please contact support.",
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
    pos_login_issued: "Type these on the terminal (shown once, valid until {at}; the hub admits new terminals for the next hour, so later open the pairing window first)",
    pos_login: "Login",
    pos_password: "Password",
    pos_active: "Active",
    pos_offline: "Not connected",
    pos_waiting: "Waiting for the device",
    unpair_title: "Disconnect the device",
    e_branch_name: "The branch name needs 2 to 100 characters",
    e_branch_limit: "Your tariff allows {max} branches",
    e_pair_wrong: "No device waiting at this branch shows this code. Check the code: the terminal must be on the branch's network and the hub's pairing window open (the \"Open pairing window\" button, a QR code or a POS login opens it; a technician can also open it on the hub's page)",
    e_pair_expired: "This code has expired. The terminal shows a new one",
    e_pair_used: "This code was already used",
    e_pair_ambiguous: "Two devices show this code. Restart the terminal to get a new one",
    e_terminal_limit: "Your tariff allows {max} active POS terminals per branch. Disconnect one first or change the tariff",
    e_pair_elsewhere: "This device is bound to another branch",
    e_pair_bad_qr: "This is not a POS pairing QR code, or it is damaged",
    e_pair_code: "A code has 8 characters, like ABCD-EFGH",
    e_pair_role: "Choose the terminal's role: cashier or manager",
    e_pair_window: "Choose how long the window stays open: 10, 30 or 60 minutes",
    window_open: "Pairing window open until {at}",
    window_closed: "The hub's pairing window is closed",
    window_help: "Before pairing by code, open the window: the terminal then reaches the hub and shows its code. Issuing a POS login opens it for an hour by itself.",
    window_open_button: "Open pairing window",
    window_close_button: "Close the window",
    window_minutes: "{n} min",
    hub_fingerprint: "Hub fingerprint (typed on the terminal)",
    hub_backlog: "waiting to sync: {outbox} · refused by the cloud: {dead}",
    hub_software: "version {v}",
    hub_lag_min: "{n} min behind",
    hub_lag_h: "{n} h behind",
    hub_revoke: "Revoke hub",
    hub_replace: "Replace hub",
    hub_replace_help: "A new enrolment code is issued. When a new hub (or this one with a new key: edge-hub enroll --force) enrols with it, the old credential is revoked at that moment; until then the hub keeps working.",
    hub_replaces: "When a hub enrols with this code, hub «{name}»'s credential is revoked.",
    hub_revoke_confirm: "The hub's key to the cloud is revoked: it can write nothing to the cloud any more. Do this when a hub is lost, stolen or replaced. Records it has not sent stay on the hub until it is enrolled again with a new code. Go on?",
    role_label: "Role",
    role_cashier: "Cashier: sells, changes only its own orders",
    role_manager: "Manager: voids and refunds any order, edits the catalog",
    role_manager_short: "manager",
};
