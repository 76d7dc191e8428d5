//! Accounts: sign-in, the three registration steps, the new password and the
//! profile, with the errors of those forms.
//!
//! One value per language; a string missing from one does not compile.

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct AccountsText {
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
    /// Notice after registration.
    pub registered: &'static str,
    /// Notice after a new password.
    pub password_changed: &'static str,
    /// [`ErrorCode::BadPhone`](super::ErrorCode::BadPhone).
    pub e_bad_phone: &'static str,
    /// [`ErrorCode::PhoneTaken`](super::ErrorCode::PhoneTaken).
    pub e_phone_taken: &'static str,
    /// [`ErrorCode::SmsFailed`](super::ErrorCode::SmsFailed).
    pub e_sms_failed: &'static str,
    /// [`ErrorCode::NoRegistration`](super::ErrorCode::NoRegistration).
    pub e_no_registration: &'static str,
    /// [`ErrorCode::CodeWrong`](super::ErrorCode::CodeWrong), `{left}`.
    pub e_code_wrong: &'static str,
    /// [`ErrorCode::CodeExpired`](super::ErrorCode::CodeExpired).
    pub e_code_expired: &'static str,
    /// [`ErrorCode::TooManyTries`](super::ErrorCode::TooManyTries).
    pub e_too_many_tries: &'static str,
    /// [`ErrorCode::ResendTooEarly`](super::ErrorCode::ResendTooEarly), `{s}`.
    pub e_resend_too_early: &'static str,
    /// [`ErrorCode::NotVerified`](super::ErrorCode::NotVerified).
    pub e_not_verified: &'static str,
    /// [`ErrorCode::FieldRequired`](super::ErrorCode::FieldRequired), `{field}`.
    pub e_field_required: &'static str,
    /// [`ErrorCode::PasswordShort`](super::ErrorCode::PasswordShort).
    pub e_password_short: &'static str,
    /// [`ErrorCode::PasswordLong`](super::ErrorCode::PasswordLong).
    pub e_password_long: &'static str,
    /// [`ErrorCode::PasswordMismatch`](super::ErrorCode::PasswordMismatch).
    pub e_password_mismatch: &'static str,
    /// [`ErrorCode::LoginFailed`](super::ErrorCode::LoginFailed).
    pub e_login_failed: &'static str,
    /// [`ErrorCode::MustChangePassword`](super::ErrorCode::MustChangePassword).
    pub e_must_change_password: &'static str,
    /// Current password label.
    pub current_password: &'static str,
    /// "Change password" (profile link).
    pub change_password: &'static str,
    /// Under the password form: other devices are signed out.
    pub password_others_out: &'static str,
    /// Profile: the owner's signed-in devices.
    pub sessions_title: &'static str,
    /// Sessions: the browser column.
    pub session_device: &'static str,
    /// Sessions: a browser that did not say what it is.
    pub session_unknown_device: &'static str,
    /// Sessions: the address column.
    pub session_addr: &'static str,
    /// Sessions: the last-seen column.
    pub session_seen: &'static str,
    /// Sessions: marks the device in use.
    pub session_this: &'static str,
    /// Sessions: the button.
    pub sign_out_others: &'static str,
    /// Notice after signing out the others.
    pub signed_out_others: &'static str,
    /// Captcha label (a sum to solve).
    pub captcha: &'static str,
    /// [`ErrorCode::LoginWait`](super::ErrorCode::LoginWait), `{s}`.
    pub e_login_wait: &'static str,
    /// [`ErrorCode::CurrentPassword`](super::ErrorCode::CurrentPassword).
    pub e_current_password: &'static str,
    /// [`ErrorCode::Captcha`](super::ErrorCode::Captcha).
    pub e_captcha: &'static str,
    /// Profile.
    pub profile_personal: &'static str,
    /// Profile.
    pub profile_name: &'static str,
    /// Profile.
    pub profile_registered: &'static str,
    /// Profile.
    pub profile_quick: &'static str,
}

/// O'zbekcha.
pub const UZ: AccountsText = AccountsText {
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
    registered: "Ro'yxatdan o'tdingiz",
    password_changed: "Parol o'zgartirildi",
    e_bad_phone: "Telefon raqami +998 va 9 ta raqamdan iborat bo'lishi kerak",
    e_phone_taken: "Bu raqam allaqachon ro'yxatdan o'tgan. Tizimga kiring",
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
    current_password: "Joriy parol",
    change_password: "Parolni o'zgartirish",
    password_others_out: "Parol o'zgarganda boshqa barcha qurilmalardagi kirishlar yopiladi.",
    sessions_title: "Faol kirishlar",
    session_unknown_device: "Noma'lum qurilma",
    session_device: "Qurilma",
    session_addr: "Manzil (IP)",
    session_seen: "Oxirgi faollik",
    session_this: "Shu qurilma",
    sign_out_others: "Boshqa barcha qurilmalardan chiqish",
    signed_out_others: "Boshqa qurilmalardagi kirishlar yopildi",
    captcha: "Misolni yeching",
    e_login_wait: "Juda ko'p noto'g'ri urinish. {s} soniyadan so'ng qayta urinib ko'ring",
    e_current_password: "Joriy parol noto'g'ri",
    e_captcha: "Misol javobi noto'g'ri yoki eskirgan. Yangi misolni yeching",
    profile_personal: "Shaxsiy ma'lumotlar",
    profile_name: "Ism va familiya",
    profile_registered: "Ro'yxatdan o'tgan sana",
    profile_quick: "Tezkor ma'lumotlar",
};

/// Русский.
pub const RU: AccountsText = AccountsText {
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
    registered: "Вы зарегистрированы",
    password_changed: "Пароль изменён",
    e_bad_phone: "Номер должен состоять из +998 и 9 цифр",
    e_phone_taken: "Этот номер уже зарегистрирован. Войдите в систему",
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
    current_password: "Текущий пароль",
    change_password: "Сменить пароль",
    password_others_out: "После смены пароля все остальные устройства будут отключены.",
    sessions_title: "Активные сеансы",
    session_unknown_device: "Неизвестное устройство",
    session_device: "Устройство",
    session_addr: "Адрес (IP)",
    session_seen: "Последняя активность",
    session_this: "Это устройство",
    sign_out_others: "Выйти на всех других устройствах",
    signed_out_others: "Остальные сеансы закрыты",
    captcha: "Решите пример",
    e_login_wait: "Слишком много неудачных попыток. Повторите через {s} с",
    e_current_password: "Текущий пароль неверен",
    e_captcha: "Ответ на пример неверен или устарел. Решите новый пример",
    profile_personal: "Личные данные",
    profile_name: "Имя и фамилия",
    profile_registered: "Дата регистрации",
    profile_quick: "Кратко",
};

/// English.
pub const EN: AccountsText = AccountsText {
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
    registered: "You are registered",
    password_changed: "Password changed",
    e_bad_phone: "The phone number must be +998 followed by 9 digits",
    e_phone_taken: "This number is already registered. Please sign in",
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
    current_password: "Current password",
    change_password: "Change password",
    password_others_out: "Changing it signs out every other device.",
    sessions_title: "Signed-in devices",
    session_unknown_device: "Unknown device",
    session_device: "Device",
    session_addr: "Address (IP)",
    session_seen: "Last active",
    session_this: "This device",
    sign_out_others: "Sign out of every other device",
    signed_out_others: "Every other device is signed out",
    captcha: "Solve the sum",
    e_login_wait: "Too many failed attempts. Try again in {s} seconds",
    e_current_password: "The current password is wrong",
    e_captcha: "The answer to the sum is wrong or too old. Solve the new one",
    profile_personal: "Personal details",
    profile_name: "Name",
    profile_registered: "Registered on",
    profile_quick: "At a glance",
};
