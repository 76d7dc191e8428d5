//! The cargo cabinet's own pages: its frame (menu, breadcrumbs), sign-in
//! and registration of a company's clients, the profile, the captcha,
//! appeals and the operators' answers. Reached as `lang.text().cargo.cabinet`.

/// Defines a closed list of codes with their text in every language.
macro_rules! coded {
    ($(#[$tdoc:meta])* $name:ident { $($(#[$doc:meta])* $variant:ident => $code:literal,)* }) => {
        $(#[$tdoc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$doc])* $variant,)*
        }

        impl $name {
            /// Every value, in the catalog's order.
            pub const ALL: [$name; [$($code),*].len()] = [$($name::$variant),*];

            /// Its stable code (forms, SQL, `data-error`).
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            /// The inverse of `code`.
            #[must_use]
            pub fn from_code(code: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.code() == code)
            }

            fn index(self) -> usize {
                $name::ALL.iter().position(|v| *v == self).unwrap_or(0)
            }
        }
    };
}
coded! {
    /// What an appeal is about.
    AppealKind {
        /// Savol.
        Question => "question",
        /// Shikoyat.
        Complaint => "complaint",
        /// Taklif.
        Suggestion => "suggestion",
        /// Jo'natma bo'yicha da'vo.
        Claim => "claim",
    }
}

coded! {
    /// Where an appeal stands.
    AppealStatus {
        /// Yangi.
        New => "new",
        /// Javob berildi.
        Answered => "answered",
    }
}

coded! {
    /// What can be wrong with a cabinet form or upload.
    CabinetProblem {
        /// F.I.Sh. kiritilishi shart (100 belgigacha).
        FullName => "full_name",
        /// Sanani KK.OO.YYYY ko'rinishida kiriting.
        BirthDate => "birth_date",
        /// Faqat JPEG, PNG yoki WebP rasm yuklash mumkin.
        PhotoType => "photo_type",
        /// Fayl juda katta (5 MB gacha).
        PhotoLarge => "photo_large",
        /// Rasmni o'qib bo'lmadi: fayl buzilgan.
        PhotoBroken => "photo_broken",
        /// Rasm o'lchami juda katta (ko'pi bilan 6000×6000).
        PhotoDimensions => "photo_dimensions",
        /// Misol noto'g'ri yechildi. Yangi misolni yeching.
        CaptchaWrong => "captcha_wrong",
        /// Misol eskirdi. Yangi misolni yeching.
        CaptchaExpired => "captcha_expired",
        /// Bu misol allaqachon ishlatilgan. Yangi misolni yeching.
        CaptchaUsed => "captcha_used",
        /// Juda ko'p urinish. Birozdan so'ng qayta urinib ko'ring.
        CaptchaLimit => "captcha_limit",
        /// Ismingizni kiriting (100 belgigacha).
        Name => "name",
        /// Telefon raqami +998 va 9 ta raqamdan iborat bo'lishi kerak.
        Phone => "phone",
        /// Murojaat turini tanlang.
        Kind => "kind",
        /// Murojaat matnini kiriting (2000 belgigacha).
        Body => "body",
        /// Javob matnini kiriting (1000 belgigacha).
        Answer => "answer",
    }
}

/// The cabinet's strings in one language.
#[derive(Debug)]
pub struct CabinetText {
    /// The cabinet's name in breadcrumbs.
    pub cabinet: &'static str,
    /// The first breadcrumb.
    pub home: &'static str,
    /// Menu: profile.
    pub nav_profile: &'static str,
    /// Menu: orders.
    pub nav_orders: &'static str,
    /// Menu: payments (part 2).
    pub nav_payments: &'static str,
    /// Menu: the client's own shipments.
    pub nav_personal: &'static str,
    /// Menu: shipments to the client's phone.
    pub nav_incoming: &'static str,
    /// Menu: e-commerce (C10).
    pub nav_ecommerce: &'static str,
    /// Menu: business (C11).
    pub nav_business: &'static str,
    /// Menu: appeals.
    pub nav_appeals: &'static str,
    /// Menu: sign out.
    pub logout: &'static str,
    /// A menu entry not there yet.
    pub soon: &'static str,
    /// Sign-in page title.
    pub login_title: &'static str,
    /// Sign-in button.
    pub login_button: &'static str,
    /// Registration page title.
    pub register_title: &'static str,
    /// Link text before registration.
    pub no_account: &'static str,
    /// Link text before sign-in.
    pub have_account: &'static str,
    /// Full name.
    pub full_name: &'static str,
    /// Phone.
    pub phone: &'static str,
    /// Password.
    pub password: &'static str,
    /// Password again.
    pub password_confirm: &'static str,
    /// Button: send the SMS code.
    pub send_code: &'static str,
    /// The SMS code.
    pub code: &'static str,
    /// Where the code went ({phone}).
    pub code_sent: &'static str,
    /// Button: another code.
    pub resend: &'static str,
    /// After a resend.
    pub resent: &'static str,
    /// The registration SMS ({company}, {code}).
    pub sms_code: &'static str,
    /// The SMS a phone that is already a client gets when someone tries to
    /// register it, `{company}`.
    pub sms_taken: &'static str,
    /// Profile page title.
    pub profile_title: &'static str,
    /// Profile photo.
    pub photo: &'static str,
    /// Button: upload a photo.
    pub photo_upload: &'static str,
    /// What photos are accepted.
    pub photo_hint: &'static str,
    /// Without scripts.
    pub photo_needs_js: &'static str,
    /// After an upload.
    pub photo_saved: &'static str,
    /// Login (the phone).
    pub login: &'static str,
    /// Balance.
    pub balance: &'static str,
    /// Birth date.
    pub birth_date: &'static str,
    /// Button: save.
    pub save: &'static str,
    /// After a save.
    pub saved: &'static str,
    /// The account's barcode.
    pub barcode: &'static str,
    /// What the barcode is for.
    pub barcode_note: &'static str,
    /// Mobile app heading.
    pub apps: &'static str,
    /// What the app is for.
    pub apps_hint: &'static str,
    /// QR: iOS.
    pub app_ios: &'static str,
    /// QR: Android.
    pub app_android: &'static str,
    /// Captcha label.
    pub captcha: &'static str,
    /// Captcha: another question.
    pub captcha_refresh: &'static str,
    /// Appeals page title.
    pub appeals_title: &'static str,
    /// Button: new appeal.
    pub appeal_new: &'static str,
    /// The appeal form's title.
    pub appeal_form_title: &'static str,
    /// Column: number.
    pub appeal_number: &'static str,
    /// Column: date.
    pub appeal_date: &'static str,
    /// Column and field: type.
    pub appeal_kind: &'static str,
    /// Column: status.
    pub appeal_status: &'static str,
    /// Column: answer.
    pub appeal_answer: &'static str,
    /// No appeals yet.
    pub appeal_none: &'static str,
    /// Field: name.
    pub your_name: &'static str,
    /// Field: phone.
    pub your_phone: &'static str,
    /// Field: text.
    pub appeal_body: &'static str,
    /// Button: send.
    pub appeal_send: &'static str,
    /// Button: close the popup.
    pub cancel: &'static str,
    /// After sending ({number}).
    pub appeal_sent: &'static str,
    /// The shipment an appeal is about ({barcode}).
    pub appeal_about: &'static str,
    /// How required fields are marked.
    pub required_note: &'static str,
    /// Operators' appeals page.
    pub ops_title: &'static str,
    /// Filter: new.
    pub ops_new: &'static str,
    /// Filter: answered.
    pub ops_answered: &'static str,
    /// Column: who.
    pub ops_client: &'static str,
    /// The business is no courier company.
    pub ops_no_company: &'static str,
    /// Button: send the answer.
    pub answer_send: &'static str,
    /// After answering.
    pub answer_sent: &'static str,
    /// The answer SMS ({company}, {number}, {answer}).
    pub sms_answer: &'static str,
    /// Link from the ops page to the cabinet.
    pub ops_link: &'static str,
    /// Appeal types, in [`AppealKind::ALL`]'s order.
    pub kinds: [&'static str; 4],
    /// Appeal statuses, in [`AppealStatus::ALL`]'s order.
    pub statuses: [&'static str; 2],
    /// Problems, in [`CabinetProblem::ALL`]'s order.
    pub problems: [&'static str; 15],
}

impl CabinetText {
    /// An appeal type's name.
    #[must_use]
    pub fn kind(&self, k: AppealKind) -> &'static str {
        self.kinds[k.index()]
    }

    /// An appeal status's name.
    #[must_use]
    pub fn status(&self, s: AppealStatus) -> &'static str {
        self.statuses[s.index()]
    }

    /// A problem's message.
    #[must_use]
    pub fn problem(&self, p: CabinetProblem) -> &'static str {
        self.problems[p.index()]
    }
}

/// O'zbekcha.
pub const UZ: CabinetText = CabinetText {
    cabinet: "Shaxsiy kabinet",
    home: "Bosh sahifa",
    nav_profile: "Profilim",
    nav_orders: "Buyurtmalar",
    nav_payments: "To'lovlar",
    nav_personal: "Shaxsiy pochta",
    nav_incoming: "Kiruvchi pochta",
    nav_ecommerce: "Elektron tijorat",
    nav_business: "Biznes",
    nav_appeals: "Murojaatlarim",
    logout: "Chiqish",
    soon: "tez orada",
    login_title: "Kabinetga kirish",
    login_button: "Kirish",
    register_title: "Ro'yxatdan o'tish",
    no_account: "Kabinetingiz yo'qmi?",
    have_account: "Kabinetingiz bormi?",
    full_name: "F.I.Sh.",
    phone: "Telefon raqami",
    password: "Parol",
    password_confirm: "Parolni tasdiqlang",
    send_code: "Kod yuborish",
    code: "SMS kod",
    code_sent: "{phone} raqamiga 6 xonali kod yuborildi",
    resend: "Kodni qayta yuborish",
    resent: "Yangi kod yuborildi",
    sms_code: "{company}: ro'yxatdan o'tish kodi {code}. Kodni hech kimga bermang.",
    sms_taken: "{company}: bu raqam allaqachon ro'yxatdan o'tgan. Kabinetga parolingiz bilan kiring. Siz so'ramagan bo'lsangiz, hech narsa qilmang.",
    profile_title: "Profilim",
    photo: "Profil rasmi",
    photo_upload: "Rasmni yuklash",
    photo_hint: "JPEG, PNG yoki WebP, 5 MB gacha",
    photo_needs_js: "Rasm yuklash uchun brauzerda JavaScript yoqilgan bo'lishi kerak",
    photo_saved: "Rasm saqlandi",
    login: "Login",
    balance: "Balans",
    birth_date: "Tug'ilgan sana",
    save: "Saqlash",
    saved: "Saqlandi",
    barcode: "Shtrix-kod",
    barcode_note: "Filialda sizni tezda topish uchun shtrix-kod",
    apps: "Mobil ilova",
    apps_hint: "Shaxsiy ma'lumotlaringizni mobil ilova orqali o'zgartirishingiz mumkin",
    app_ios: "App Store (iOS)",
    app_android: "Google Play (Android)",
    captcha: "Misolni yeching",
    captcha_refresh: "Boshqa misol",
    appeals_title: "Murojaatlarim",
    appeal_new: "+ Murojaat",
    appeal_form_title: "Murojaat yuborish",
    appeal_number: "Raqami",
    appeal_date: "Sana",
    appeal_kind: "Murojaat turi",
    appeal_status: "Holati",
    appeal_answer: "Javob",
    appeal_none: "Hali murojaatlar yo'q",
    your_name: "Ismingiz",
    your_phone: "Telefon raqamingiz",
    appeal_body: "Murojaat matni",
    appeal_send: "Yuborish",
    cancel: "Bekor qilish",
    appeal_sent: "Murojaatingiz qabul qilindi, raqami {number}",
    appeal_about: "Jo'natma {barcode} bo'yicha",
    required_note: "* bilan belgilangan maydonlar to'ldirilishi shart",
    ops_title: "Mijozlar murojaatlari",
    ops_new: "Yangi",
    ops_answered: "Javob berilgan",
    ops_client: "Mijoz",
    ops_no_company: "Biznesingiz kuryer kompaniyasi sifatida ulanmagan",
    answer_send: "Javob yuborish",
    answer_sent: "Javob yuborildi",
    sms_answer: "{company}: murojaatingiz {number} bo'yicha javob: {answer}",
    ops_link: "Mijozlar kabineti",
    kinds: ["Savol", "Shikoyat", "Taklif", "Jo'natma bo'yicha da'vo"],
    statuses: ["Yangi", "Javob berildi"],
    problems: [
        "F.I.Sh. kiritilishi shart (100 belgigacha)",
        "Sanani KK.OO.YYYY ko'rinishida kiriting",
        "Faqat JPEG, PNG yoki WebP rasm yuklash mumkin",
        "Fayl juda katta (5 MB gacha)",
        "Rasmni o'qib bo'lmadi: fayl buzilgan",
        "Rasm o'lchami juda katta (ko'pi bilan 6000×6000)",
        "Misol noto'g'ri yechildi. Yangi misolni yeching",
        "Misol eskirdi. Yangi misolni yeching",
        "Bu misol allaqachon ishlatilgan. Yangi misolni yeching",
        "Juda ko'p urinish. Birozdan so'ng qayta urinib ko'ring",
        "Ismingizni kiriting (100 belgigacha)",
        "Telefon raqami +998 va 9 ta raqamdan iborat bo'lishi kerak",
        "Murojaat turini tanlang",
        "Murojaat matnini kiriting (2000 belgigacha)",
        "Javob matnini kiriting (1000 belgigacha)",
    ],
};

/// Русский.
pub const RU: CabinetText = CabinetText {
    cabinet: "Личный кабинет",
    home: "Главная",
    nav_profile: "Мой профиль",
    nav_orders: "Заказы",
    nav_payments: "Платежи",
    nav_personal: "Личные отправления",
    nav_incoming: "Входящие отправления",
    nav_ecommerce: "Электронная коммерция",
    nav_business: "Бизнес",
    nav_appeals: "Мои обращения",
    logout: "Выход",
    soon: "скоро",
    login_title: "Вход в кабинет",
    login_button: "Войти",
    register_title: "Регистрация",
    no_account: "Нет кабинета?",
    have_account: "Уже есть кабинет?",
    full_name: "Ф.И.О.",
    phone: "Номер телефона",
    password: "Пароль",
    password_confirm: "Повторите пароль",
    send_code: "Отправить код",
    code: "Код из SMS",
    code_sent: "Код из 6 цифр отправлен на номер {phone}",
    resend: "Отправить код ещё раз",
    resent: "Новый код отправлен",
    sms_code: "{company}: код регистрации {code}. Никому не сообщайте код.",
    sms_taken: "{company}: этот номер уже зарегистрирован. Войдите в кабинет со своим паролем. Если это были не вы, ничего не делайте.",
    profile_title: "Мой профиль",
    photo: "Фото профиля",
    photo_upload: "Загрузить фото",
    photo_hint: "JPEG, PNG или WebP, до 5 МБ",
    photo_needs_js: "Для загрузки фото включите JavaScript в браузере",
    photo_saved: "Фото сохранено",
    login: "Логин",
    balance: "Баланс",
    birth_date: "Дата рождения",
    save: "Сохранить",
    saved: "Сохранено",
    barcode: "Штрих-код",
    barcode_note: "По этому штрих-коду вас быстро найдут в филиале",
    apps: "Мобильное приложение",
    apps_hint: "Вы можете изменить личные данные через мобильное приложение",
    app_ios: "App Store (iOS)",
    app_android: "Google Play (Android)",
    captcha: "Решите пример",
    captcha_refresh: "Другой пример",
    appeals_title: "Мои обращения",
    appeal_new: "+ Обращение",
    appeal_form_title: "Отправить обращение",
    appeal_number: "Номер",
    appeal_date: "Дата",
    appeal_kind: "Тип обращения",
    appeal_status: "Статус",
    appeal_answer: "Ответ",
    appeal_none: "Обращений пока нет",
    your_name: "Ваше имя",
    your_phone: "Ваш номер телефона",
    appeal_body: "Текст обращения",
    appeal_send: "Отправить",
    cancel: "Отмена",
    appeal_sent: "Обращение принято, номер {number}",
    appeal_about: "По отправлению {barcode}",
    required_note: "Поля, отмеченные *, обязательны",
    ops_title: "Обращения клиентов",
    ops_new: "Новые",
    ops_answered: "Отвеченные",
    ops_client: "Клиент",
    ops_no_company: "Ваш бизнес не подключён как курьерская компания",
    answer_send: "Отправить ответ",
    answer_sent: "Ответ отправлен",
    sms_answer: "{company}: ответ на обращение {number}: {answer}",
    ops_link: "Кабинет клиентов",
    kinds: ["Вопрос", "Жалоба", "Предложение", "Претензия по отправлению"],
    statuses: ["Новое", "Отвечено"],
    problems: [
        "Укажите Ф.И.О. (до 100 символов)",
        "Введите дату в виде ДД.ММ.ГГГГ",
        "Можно загрузить только JPEG, PNG или WebP",
        "Файл слишком большой (до 5 МБ)",
        "Не удалось прочитать изображение: файл повреждён",
        "Изображение слишком большое (не более 6000×6000)",
        "Пример решён неверно. Решите новый пример",
        "Пример устарел. Решите новый пример",
        "Этот пример уже использован. Решите новый",
        "Слишком много попыток. Попробуйте позже",
        "Укажите имя (до 100 символов)",
        "Номер телефона: +998 и 9 цифр",
        "Выберите тип обращения",
        "Введите текст обращения (до 2000 символов)",
        "Введите ответ (до 1000 символов)",
    ],
};

/// English.
pub const EN: CabinetText = CabinetText {
    cabinet: "Personal cabinet",
    home: "Home",
    nav_profile: "My profile",
    nav_orders: "Orders",
    nav_payments: "Payments",
    nav_personal: "Personal mail",
    nav_incoming: "Incoming mail",
    nav_ecommerce: "E-commerce",
    nav_business: "Business",
    nav_appeals: "My appeals",
    logout: "Sign out",
    soon: "coming soon",
    login_title: "Sign in to the cabinet",
    login_button: "Sign in",
    register_title: "Registration",
    no_account: "No cabinet yet?",
    have_account: "Already registered?",
    full_name: "Full name",
    phone: "Phone number",
    password: "Password",
    password_confirm: "Confirm password",
    send_code: "Send code",
    code: "SMS code",
    code_sent: "A 6-digit code was sent to {phone}",
    resend: "Send the code again",
    resent: "A new code was sent",
    sms_code: "{company}: registration code {code}. Do not share it.",
    sms_taken: "{company}: this number is already registered. Sign in to the cabinet with your password. If this was not you, do nothing.",
    profile_title: "My profile",
    photo: "Profile photo",
    photo_upload: "Upload photo",
    photo_hint: "JPEG, PNG or WebP, up to 5 MB",
    photo_needs_js: "Uploading a photo needs JavaScript in the browser",
    photo_saved: "Photo saved",
    login: "Login",
    balance: "Balance",
    birth_date: "Date of birth",
    save: "Save",
    saved: "Saved",
    barcode: "Barcode",
    barcode_note: "Shows who you are at an office",
    apps: "Mobile app",
    apps_hint: "You can change your details in the mobile app",
    app_ios: "App Store (iOS)",
    app_android: "Google Play (Android)",
    captcha: "Solve the sum",
    captcha_refresh: "Another sum",
    appeals_title: "My appeals",
    appeal_new: "+ Appeal",
    appeal_form_title: "Send an appeal",
    appeal_number: "Number",
    appeal_date: "Date",
    appeal_kind: "Type",
    appeal_status: "Status",
    appeal_answer: "Answer",
    appeal_none: "No appeals yet",
    your_name: "Your name",
    your_phone: "Your phone number",
    appeal_body: "Text of the appeal",
    appeal_send: "Send",
    cancel: "Cancel",
    appeal_sent: "Your appeal was received, number {number}",
    appeal_about: "About shipment {barcode}",
    required_note: "Fields marked * are required",
    ops_title: "Clients' appeals",
    ops_new: "New",
    ops_answered: "Answered",
    ops_client: "Client",
    ops_no_company: "Your business is not set up as a courier company",
    answer_send: "Send answer",
    answer_sent: "Answer sent",
    sms_answer: "{company}: answer to your appeal {number}: {answer}",
    ops_link: "Clients' cabinet",
    kinds: ["Question", "Complaint", "Suggestion", "Claim about a shipment"],
    statuses: ["New", "Answered"],
    problems: [
        "Enter your full name (up to 100 characters)",
        "Enter the date as DD.MM.YYYY",
        "Only a JPEG, PNG or WebP image can be uploaded",
        "The file is too large (up to 5 MB)",
        "The image could not be read: the file is damaged",
        "The image is too large (at most 6000×6000)",
        "Wrong answer. Solve the new sum",
        "The sum expired. Solve the new one",
        "This sum was already used. Solve the new one",
        "Too many attempts. Try again later",
        "Enter your name (up to 100 characters)",
        "The phone number is +998 and 9 digits",
        "Choose the type of appeal",
        "Enter the text (up to 2000 characters)",
        "Enter the answer (up to 1000 characters)",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in AppealKind::ALL {
            assert_eq!(AppealKind::from_code(k.code()), Some(k));
        }
        for p in CabinetProblem::ALL {
            assert_eq!(CabinetProblem::from_code(p.code()), Some(p));
        }
        assert_eq!(AppealStatus::from_code("answered"), Some(AppealStatus::Answered));
        assert_eq!(AppealKind::from_code("nope"), None);
    }

    #[test]
    fn every_language_names_every_problem() {
        for t in [&UZ, &RU, &EN] {
            for p in CabinetProblem::ALL {
                assert!(!t.problem(p).is_empty());
            }
            assert!(t.sms_code.contains("{code}") && t.sms_answer.contains("{answer}"));
            assert!(t.sms_taken.contains("{company}") && !t.sms_taken.contains("{code}"));
        }
        assert_eq!(EN.kind(AppealKind::Claim), "Claim about a shipment");
    }
}
