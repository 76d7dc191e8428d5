//! Public tracking (C12): a barcode and a captcha give a shipment's
//! statuses and offices, never a name or a phone. Reached as
//! `lang.text().cargo.track`.

/// The tracking page's strings in one language.
#[derive(Debug)]
pub struct TrackText {
    /// Heading ("Buyurtma statusini kuzatish").
    pub title: &'static str,
    /// What to do.
    pub intro: &'static str,
    /// The barcode field.
    pub barcode: &'static str,
    /// The button.
    pub search: &'static str,
    /// Not 12 digits, or a wrong check digit.
    pub e_barcode: &'static str,
    /// No such shipment.
    pub e_not_found: &'static str,
    /// The company carrying it.
    pub company: &'static str,
    /// Current status.
    pub status: &'static str,
    /// Office it left from.
    pub from_office: &'static str,
    /// Office that delivers it.
    pub to_office: &'static str,
    /// The history's heading.
    pub history: &'static str,
    /// Track another.
    pub again: &'static str,
}

/// O'zbekcha.
pub const UZ: TrackText = TrackText {
    title: "Buyurtma statusini kuzatish",
    intro: "Jo'natma qayerdaligini bilish uchun uning shtrix-kodini kiriting.",
    barcode: "Shtrix-kod",
    search: "Qidirish",
    e_barcode: "Shtrix-kod 12 ta raqamdan iborat; raqamlarni tekshiring",
    e_not_found: "Bunday shtrix-kodli jo'natma topilmadi",
    company: "Kompaniya",
    status: "Holat",
    from_office: "Jo'natilgan filial",
    to_office: "Yetkazib beruvchi filial",
    history: "Harakatlar tarixi",
    again: "Boshqa jo'natmani kuzatish",
};

/// Русский.
pub const RU: TrackText = TrackText {
    title: "Отслеживание заказа",
    intro: "Введите штрих-код отправления, чтобы узнать, где оно.",
    barcode: "Штрих-код",
    search: "Найти",
    e_barcode: "Штрих-код состоит из 12 цифр; проверьте цифры",
    e_not_found: "Отправление с таким штрих-кодом не найдено",
    company: "Компания",
    status: "Статус",
    from_office: "Филиал отправки",
    to_office: "Филиал доставки",
    history: "История перемещений",
    again: "Отследить другое отправление",
};

/// English.
pub const EN: TrackText = TrackText {
    title: "Track a shipment",
    intro: "Enter the shipment's barcode to see where it is.",
    barcode: "Barcode",
    search: "Track",
    e_barcode: "A barcode is 12 digits; check the digits",
    e_not_found: "No shipment has this barcode",
    company: "Company",
    status: "Status",
    from_office: "Sent from office",
    to_office: "Delivering office",
    history: "History",
    again: "Track another shipment",
};
