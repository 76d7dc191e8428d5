//! The cargo cabinet: a shipment's fields and what can be wrong with them,
//! statuses, reasons, parcel types, desk scans.
//!
//! [`ShipmentField`] and [`Problem`] are the contract between the one parser
//! of a new shipment (the form and every spreadsheet row go through it) and
//! what the user reads: the field's label names the column, the problem says
//! what is wrong, in the user's language.

pub mod documents;
pub mod sheet;

use protocol::{ParcelType, ReasonCode, ScanKind, ShipmentStatus};

/// Defines [`ShipmentField`] from one list, so `ALL` and `code` cannot miss a variant.
macro_rules! shipment_fields {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// A field of a new shipment: a form input's name and a template column.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ShipmentField {
            $($(#[$doc])* $variant,)*
        }

        impl ShipmentField {
            /// Every field, in the form's and the template's order.
            pub const ALL: [ShipmentField; [$($code),*].len()] = [$(ShipmentField::$variant),*];

            /// The form input's name (also the key of a row read from a file).
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self {
                    $(ShipmentField::$variant => $code,)*
                }
            }

            /// The inverse of [`ShipmentField::code`].
            #[must_use]
            pub fn from_code(code: &str) -> Option<ShipmentField> {
                ShipmentField::ALL.into_iter().find(|f| f.code() == code)
            }
        }
    };
}

shipment_fields! {
    /// Sana.
    ShipDate => "ship_date",
    /// Jo'natuvchi ismi.
    SenderName => "sender_name",
    /// Jo'natuvchi telefoni.
    SenderPhone => "sender_phone",
    /// Viloyat (sender).
    SenderRegion => "sender_region",
    /// Tuman (sender).
    SenderDistrict => "sender_district",
    /// Manzil (sender).
    SenderAddress => "sender_address",
    /// Kuryer chaqirish.
    Pickup => "pickup",
    /// Qabul qiluvchi ismi.
    ReceiverName => "receiver_name",
    /// Qabul qiluvchi telefoni.
    ReceiverPhone => "receiver_phone",
    /// Viloyat (receiver).
    ReceiverRegion => "receiver_region",
    /// Tuman (receiver).
    ReceiverDistrict => "receiver_district",
    /// Manzil (receiver).
    ReceiverAddress => "receiver_address",
    /// Yetkazib berish: door or office.
    Delivery => "delivery",
    /// Jo'natma turi.
    ParcelType => "parcel_type",
    /// Og'irligi (kg).
    Weight => "weight_kg",
    /// Soni.
    Pieces => "pieces",
    /// Eni (sm).
    Width => "width_cm",
    /// Bo'yi (sm).
    Length => "length_cm",
    /// Balandligi (sm).
    Height => "height_cm",
    /// Klient shtrix kodi.
    ClientBarcode => "client_barcode",
    /// Foto hisobot.
    PhotoReport => "photo_report",
    /// Yetkazib berish paytida to'lov: the amount (empty or 0: none).
    CodAmount => "cod_amount",
    /// Hujjatni qaytarish.
    ReturnDocuments => "return_documents",
    /// Qiymatni e'lon qilish: the declared value (empty or 0: none).
    DeclaredValue => "declared_value",
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Problem {
    /// Empty.
    Required,
    /// Longer than allowed.
    TooLong,
    /// Not `+998` and 9 digits.
    BadPhone,
    /// No such region.
    UnknownRegion,
    /// No such district.
    UnknownDistrict,
    /// The district is not in the chosen region.
    DistrictNotInRegion,
    /// Not a date (DD.MM.YYYY).
    BadDate,
    /// Before today or too far ahead.
    DateOutOfRange,
    /// Not a number.
    BadNumber,
    /// A number below or above what is allowed.
    OutOfRange,
    /// Not one of the choices.
    BadChoice,
    /// The company has no price for this pair of regions.
    NoRoute,
}

impl Problem {
    /// Every problem.
    pub const ALL: [Problem; 12] = [
        Problem::Required,
        Problem::TooLong,
        Problem::BadPhone,
        Problem::UnknownRegion,
        Problem::UnknownDistrict,
        Problem::DistrictNotInRegion,
        Problem::BadDate,
        Problem::DateOutOfRange,
        Problem::BadNumber,
        Problem::OutOfRange,
        Problem::BadChoice,
        Problem::NoRoute,
    ];

    /// A stable code (rendered as `data-error`, stored with a failed row).
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong => "too_long",
            Problem::BadPhone => "bad_phone",
            Problem::UnknownRegion => "unknown_region",
            Problem::UnknownDistrict => "unknown_district",
            Problem::DistrictNotInRegion => "district_not_in_region",
            Problem::BadDate => "bad_date",
            Problem::DateOutOfRange => "date_out_of_range",
            Problem::BadNumber => "bad_number",
            Problem::OutOfRange => "out_of_range",
            Problem::BadChoice => "bad_choice",
            Problem::NoRoute => "no_route",
        }
    }

    /// The inverse of [`Problem::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Problem> {
        Problem::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// The cargo cabinet's strings in one language.
#[derive(Debug)]
pub struct CargoText {
    /// Field labels, in [`ShipmentField::ALL`]'s order.
    pub fields: [&'static str; ShipmentField::ALL.len()],
    /// Problem messages, in [`Problem::ALL`]'s order.
    pub problems: [&'static str; Problem::ALL.len()],
    /// Status names, in [`ShipmentStatus::ALL`]'s order.
    pub statuses: [&'static str; ShipmentStatus::ALL.len()],
    /// Reason names, in [`ReasonCode::ALL`]'s order.
    pub reasons: [&'static str; ReasonCode::ALL.len()],
    /// Scan names, in [`ScanKind::ALL`]'s order.
    pub scans: [&'static str; ScanKind::ALL.len()],
    /// Parcel type names, in [`ParcelType::ALL`]'s order.
    pub parcel_types: [&'static str; ParcelType::ALL.len()],
    /// Delivery to the door.
    pub delivery_door: &'static str,
    /// Delivery to (collection at) an office.
    pub delivery_office: &'static str,
    /// The cabinet's frame, profile, captcha and appeals.
    pub cabinet: super::cargo_cabinet::CabinetText,
    /// The shipment pages.
    pub shipments: super::cargo_shipments::ShipmentsText,
    /// Public tracking.
    pub track: super::cargo_track::TrackText,
    /// The printed documents: waybill, labels, handover act.
    pub documents: documents::DocumentText,
    /// The spreadsheets: template, failed rows, export, refused files.
    pub sheet: sheet::SheetText,
    /// The upload pages and folders.
    pub uploads: super::cargo_uploads::UploadsText,
    /// The company's operators' pickup pages.
    pub ops: super::cargo_ops::OpsText,
    /// Balances, ledgers, payments.
    pub money: super::cargo_money::MoneyText,
    /// Paying for a shipment, receipts, the Click settings.
    pub pay: super::cargo_pay::PayText,
    /// The reconciliation act.
    pub act: super::cargo_act::ActText,
    /// Business clients' contracts (C11).
    pub business: super::cargo_business::BusinessText,
    /// Legal details and the invoice.
    pub legal: super::cargo_legal::LegalText,
    /// E-commerce (C10).
    pub ecommerce: super::cargo_ecommerce::EcommerceText,
    /// The electronic power of attorney (C11).
    pub attorney: super::cargo_attorney::AttorneyText,
    /// API keys, webhooks, the API's messages.
    pub api: super::cargo_api::ApiText,
}

fn index_of<T: PartialEq + Copy, const N: usize>(all: [T; N], x: T) -> usize {
    all.iter().position(|a| *a == x).unwrap_or(0)
}

impl CargoText {
    /// A field's label.
    #[must_use]
    pub fn field(&self, f: ShipmentField) -> &'static str {
        self.fields[index_of(ShipmentField::ALL, f)]
    }

    /// A problem's message.
    #[must_use]
    pub fn problem(&self, p: Problem) -> &'static str {
        self.problems[index_of(Problem::ALL, p)]
    }

    /// A status's name.
    #[must_use]
    pub fn status(&self, s: ShipmentStatus) -> &'static str {
        self.statuses[index_of(ShipmentStatus::ALL, s)]
    }

    /// A reason's name.
    #[must_use]
    pub fn reason(&self, r: ReasonCode) -> &'static str {
        self.reasons[index_of(ReasonCode::ALL, r)]
    }

    /// A scan's name.
    #[must_use]
    pub fn scan(&self, k: ScanKind) -> &'static str {
        self.scans[index_of(ScanKind::ALL, k)]
    }

    /// A parcel type's name.
    #[must_use]
    pub fn parcel_type(&self, t: ParcelType) -> &'static str {
        self.parcel_types[index_of(ParcelType::ALL, t)]
    }
}

/// O'zbekcha.
pub const UZ: CargoText = CargoText {
    fields: [
        "Sana",
        "Jo'natuvchi ismi",
        "Jo'natuvchi telefoni",
        "Jo'natuvchi viloyati",
        "Jo'natuvchi tumani (shahri)",
        "Jo'natuvchi manzili",
        "Kuryer chaqirish",
        "Qabul qiluvchi ismi",
        "Qabul qiluvchi telefoni",
        "Qabul qiluvchi viloyati",
        "Qabul qiluvchi tumani (shahri)",
        "Qabul qiluvchi manzili",
        "Yetkazib berish",
        "Jo'natma turi",
        "Og'irligi (kg)",
        "Soni",
        "Eni (sm)",
        "Bo'yi (sm)",
        "Balandligi (sm)",
        "Klient shtrix kodi",
        "Foto hisobot",
        "Yetkazib berish paytida to'lov (so'm)",
        "Hujjatni qaytarish",
        "E'lon qilingan qiymat (so'm)",
    ],
    problems: [
        "To'ldirilishi shart",
        "Juda uzun",
        "Telefon raqami +998 va 9 ta raqamdan iborat bo'lishi kerak",
        "Bunday viloyat yo'q",
        "Bunday tuman (shahar) yo'q",
        "Tuman tanlangan viloyatda emas",
        "Sana KK.OO.YYYY ko'rinishida bo'lishi kerak",
        "Sana bugundan oldin yoki juda uzoqda",
        "Raqam bo'lishi kerak",
        "Ruxsat etilgan chegaradan tashqarida",
        "Ro'yxatdagi qiymatlardan birini tanlang",
        "Bu yo'nalish uchun narx belgilanmagan",
    ],
    statuses: [
        "Jo'natuvchida",
        "Kuryer chaqirilgan",
        "Filialda qabul qilindi",
        "Yo'lda",
        "Manzil filialida",
        "Yetkazilmoqda",
        "Yetkazildi",
        "Yetkazib bo'lmadi",
        "Qaytarilmoqda",
        "Qaytarildi",
        "Bekor qilindi",
        "Yo'qolgan",
    ],
    reasons: [
        "Qabul qiluvchi javob bermadi",
        "Manzilda hech kim yo'q",
        "Manzil yoki telefon noto'g'ri",
        "Qabul qiluvchi rad etdi",
        "To'lov qilinmadi",
        "Jo'natma shikastlangan",
        "Boshqa kunga ko'chirildi",
        "Jo'natuvchining so'rovi",
        "Saqlash muddati tugadi",
        "Boshqa sabab",
    ],
    scans: [
        "Qabul qilindi",
        "Saralandi",
        "Jo'natildi",
        "Yetib keldi",
        "Kuryerga berildi",
        "Topshirildi",
        "Yetkazib bo'lmadi",
        "Qaytarishga jo'natildi",
        "Jo'natuvchiga qaytarildi",
        "Yo'qolgan deb topildi",
    ],
    parcel_types: ["Hujjatlar", "Kichik posilka", "Quti", "Yirik yuk", "Sinadigan yuk"],
    delivery_door: "Eshikkacha",
    delivery_office: "Filialdan olib ketish",
    cabinet: super::cargo_cabinet::UZ,
    shipments: super::cargo_shipments::UZ,
    track: super::cargo_track::UZ,
    documents: documents::UZ,
    ops: super::cargo_ops::UZ,
    money: super::cargo_money::UZ,
    pay: super::cargo_pay::UZ,
    act: super::cargo_act::UZ,
    business: super::cargo_business::UZ,
    legal: super::cargo_legal::UZ,
    ecommerce: super::cargo_ecommerce::UZ,
    attorney: super::cargo_attorney::UZ,
    api: super::cargo_api::UZ,
    sheet: sheet::UZ,
    uploads: super::cargo_uploads::UZ,
};

/// Русский.
pub const RU: CargoText = CargoText {
    fields: [
        "Дата",
        "Имя отправителя",
        "Телефон отправителя",
        "Регион отправителя",
        "Район (город) отправителя",
        "Адрес отправителя",
        "Вызов курьера",
        "Имя получателя",
        "Телефон получателя",
        "Регион получателя",
        "Район (город) получателя",
        "Адрес получателя",
        "Доставка",
        "Тип отправления",
        "Вес (кг)",
        "Количество",
        "Ширина (см)",
        "Длина (см)",
        "Высота (см)",
        "Штрих-код клиента",
        "Фотоотчёт",
        "Оплата при доставке (сум)",
        "Возврат документов",
        "Объявленная стоимость (сум)",
    ],
    problems: [
        "Обязательное поле",
        "Слишком длинно",
        "Телефон должен быть +998 и 9 цифр",
        "Нет такого региона",
        "Нет такого района (города)",
        "Район не в выбранном регионе",
        "Дата должна быть в виде ДД.ММ.ГГГГ",
        "Дата раньше сегодняшней или слишком далеко",
        "Должно быть числом",
        "Вне допустимых пределов",
        "Выберите одно из значений списка",
        "Для этого направления нет тарифа",
    ],
    statuses: [
        "У Отправителя",
        "Вызван курьер",
        "Принят в филиале",
        "В пути",
        "В филиале назначения",
        "Доставляется",
        "Доставлен",
        "Не доставлен",
        "Возвращается",
        "Возвращён",
        "Отменён",
        "Утерян",
    ],
    reasons: [
        "Получатель не отвечает",
        "Никого нет по адресу",
        "Неверный адрес или телефон",
        "Получатель отказался",
        "Не оплачен наложенный платёж",
        "Отправление повреждено",
        "Перенесено на другой день",
        "По просьбе отправителя",
        "Истёк срок хранения",
        "Другая причина",
    ],
    scans: [
        "Принят",
        "Отсортирован",
        "Отправлен",
        "Прибыл",
        "Передан курьеру",
        "Вручён",
        "Не доставлен",
        "Отправлен на возврат",
        "Возвращён отправителю",
        "Признан утерянным",
    ],
    parcel_types: ["Документы", "Мелкая посылка", "Коробка", "Крупный груз", "Хрупкий груз"],
    delivery_door: "До двери",
    delivery_office: "Самовывоз из филиала",
    cabinet: super::cargo_cabinet::RU,
    shipments: super::cargo_shipments::RU,
    track: super::cargo_track::RU,
    documents: documents::RU,
    ops: super::cargo_ops::RU,
    money: super::cargo_money::RU,
    pay: super::cargo_pay::RU,
    act: super::cargo_act::RU,
    business: super::cargo_business::RU,
    legal: super::cargo_legal::RU,
    ecommerce: super::cargo_ecommerce::RU,
    attorney: super::cargo_attorney::RU,
    api: super::cargo_api::RU,
    sheet: sheet::RU,
    uploads: super::cargo_uploads::RU,
};

/// English.
pub const EN: CargoText = CargoText {
    fields: [
        "Date",
        "Sender's name",
        "Sender's phone",
        "Sender's region",
        "Sender's district (city)",
        "Sender's address",
        "Call a courier",
        "Receiver's name",
        "Receiver's phone",
        "Receiver's region",
        "Receiver's district (city)",
        "Receiver's address",
        "Delivery",
        "Parcel type",
        "Weight (kg)",
        "Quantity",
        "Width (cm)",
        "Length (cm)",
        "Height (cm)",
        "Client barcode",
        "Photo report",
        "Cash on delivery (som)",
        "Return of documents",
        "Declared value (som)",
    ],
    problems: [
        "Required",
        "Too long",
        "The phone must be +998 and 9 digits",
        "No such region",
        "No such district (city)",
        "The district is not in the chosen region",
        "The date must be DD.MM.YYYY",
        "The date is before today or too far ahead",
        "Must be a number",
        "Outside the allowed range",
        "Choose one of the listed values",
        "No price for this route",
    ],
    statuses: [
        "With the sender",
        "Courier called",
        "Accepted at office",
        "In transit",
        "At destination office",
        "Out for delivery",
        "Delivered",
        "Delivery failed",
        "Returning",
        "Returned",
        "Cancelled",
        "Lost",
    ],
    reasons: [
        "Receiver did not answer",
        "Nobody at the address",
        "Wrong address or phone",
        "Receiver refused",
        "Cash on delivery not paid",
        "Parcel damaged",
        "Rescheduled",
        "Sender's request",
        "Storage period expired",
        "Other reason",
    ],
    scans: [
        "Accepted",
        "Sorted",
        "Dispatched",
        "Arrived",
        "Given to courier",
        "Delivered",
        "Delivery failed",
        "Sent back",
        "Returned to sender",
        "Declared lost",
    ],
    parcel_types: ["Documents", "Small parcel", "Box", "Large cargo", "Fragile goods"],
    delivery_door: "To the door",
    delivery_office: "Collect at office",
    cabinet: super::cargo_cabinet::EN,
    shipments: super::cargo_shipments::EN,
    track: super::cargo_track::EN,
    documents: documents::EN,
    ops: super::cargo_ops::EN,
    money: super::cargo_money::EN,
    pay: super::cargo_pay::EN,
    act: super::cargo_act::EN,
    business: super::cargo_business::EN,
    legal: super::cargo_legal::EN,
    ecommerce: super::cargo_ecommerce::EN,
    attorney: super::cargo_attorney::EN,
    api: super::cargo_api::EN,
    sheet: sheet::EN,
    uploads: super::cargo_uploads::EN,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_text_in_every_language() {
        for t in [&UZ, &RU, &EN] {
            for f in ShipmentField::ALL {
                assert!(!t.field(f).is_empty());
                assert_eq!(ShipmentField::from_code(f.code()), Some(f));
            }
            for p in Problem::ALL {
                assert!(!t.problem(p).is_empty());
                assert_eq!(Problem::from_code(p.code()), Some(p));
            }
        }
        assert_eq!(RU.status(ShipmentStatus::Created), "У Отправителя");
        assert_eq!(EN.field(ShipmentField::DeclaredValue), "Declared value (som)");
        assert_eq!(UZ.parcel_type(ParcelType::Fragile), "Sinadigan yuk");
    }
}
