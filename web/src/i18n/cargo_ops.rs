//! The courier company's operators' pages in the owner portal
//! (`/cargo-ops/…`): parcels waiting for pickup and the handover act given
//! to the courier. Reached as `lang.text().cargo.ops`.

/// The operators' pickup strings in one language.
#[derive(Debug)]
pub struct OpsText {
    /// The pickups page's heading.
    pub pickups_title: &'static str,
    /// Under the heading: what the page is for.
    pub pickups_intro: &'static str,
    /// When nothing waits for pickup.
    pub pickups_empty: &'static str,
    /// A sender group's count: "{n} parcels".
    pub parcels: &'static str,
    /// The courier's name field.
    pub courier_name: &'static str,
    /// The courier's phone field.
    pub courier_phone: &'static str,
    /// The button that prints the act for the checked parcels.
    pub hand_over: &'static str,
    /// The courier's name or phone is missing or wrong.
    pub e_courier: &'static str,
    /// No parcel of the sender was checked.
    pub e_selection: &'static str,
    /// The act's column of the form: "Receiver".
    pub col_receiver: &'static str,
    /// The act's column of the form: "To".
    pub col_to: &'static str,
    /// The act's column of the form: "Weight, kg".
    pub col_weight: &'static str,
}

/// Uzbek.
pub const UZ: OpsText = OpsText {
    pickups_title: "Olib ketish",
    pickups_intro: "Joʻnatuvchilarda kuryerni kutayotgan joʻnatmalar. Kuryerga topshirilganda qabul-topshirish dalolatnomasini chop eting.",
    pickups_empty: "Olib ketishni kutayotgan joʻnatma yoʻq",
    parcels: "{n} ta joʻnatma",
    courier_name: "Kuryerning F.I.Sh.",
    courier_phone: "Kuryerning telefoni",
    hand_over: "Kuryerga topshirish",
    e_courier: "Kuryerning ismi va telefon raqamini (+998 va 9 raqam) kiriting",
    e_selection: "Kamida bitta joʻnatmani belgilang",
    col_receiver: "Qabul qiluvchi",
    col_to: "Qayerga",
    col_weight: "Ogʻirligi, kg",
};

/// Russian.
pub const RU: OpsText = OpsText {
    pickups_title: "Забор",
    pickups_intro: "Отправления, которые ждут курьера у отправителей. При передаче курьеру распечатайте акт приёма-передачи.",
    pickups_empty: "Нет отправлений, ожидающих забора",
    parcels: "Отправлений: {n}",
    courier_name: "Ф.И.О. курьера",
    courier_phone: "Телефон курьера",
    hand_over: "Передать курьеру",
    e_courier: "Укажите имя курьера и его телефон (+998 и 9 цифр)",
    e_selection: "Отметьте хотя бы одно отправление",
    col_receiver: "Получатель",
    col_to: "Куда",
    col_weight: "Вес, кг",
};

/// English.
pub const EN: OpsText = OpsText {
    pickups_title: "Pickups",
    pickups_intro: "Parcels waiting for a courier at their senders. Print the handover act when the courier takes them.",
    pickups_empty: "No parcels wait for pickup",
    parcels: "{n} parcels",
    courier_name: "Courier's full name",
    courier_phone: "Courier's phone",
    hand_over: "Hand over to the courier",
    e_courier: "Enter the courier's name and phone (+998 and 9 digits)",
    e_selection: "Check at least one parcel",
    col_receiver: "Receiver",
    col_to: "To",
    col_weight: "Weight, kg",
};
