//! The cargo documents' words: the waybill, the labels, the handover act.
//! Field names (weight, pieces, services) are the shipment form's labels
//! ([`super::CargoText::field`]); these are the documents' own.

/// The printed documents' strings in one language.
#[derive(Debug)]
pub struct DocumentText {
    /// The waybill's heading.
    pub waybill: &'static str,
    /// The top half's mark: kept by the sender.
    pub sender_copy: &'static str,
    /// The bottom half's mark: goes with the courier.
    pub courier_copy: &'static str,
    /// Printed on the dashed line between the halves.
    pub cut_here: &'static str,
    /// "Sender" (a block's heading).
    pub sender: &'static str,
    /// "Receiver" (a block's heading).
    pub receiver: &'static str,
    /// Before the order number.
    pub order_number: &'static str,
    /// "Date".
    pub date: &'static str,
    /// "Phone".
    pub phone: &'static str,
    /// "Region".
    pub region: &'static str,
    /// "District".
    pub district: &'static str,
    /// "Address".
    pub address: &'static str,
    /// The parcel block's heading.
    pub parcel: &'static str,
    /// "Dimensions, cm".
    pub dimensions: &'static str,
    /// The services block's heading.
    pub services: &'static str,
    /// When no service was ordered.
    pub no_services: &'static str,
    /// The price of the delivery.
    pub price: &'static str,
    /// "From" (origin office).
    pub from: &'static str,
    /// "To" (destination office).
    pub to: &'static str,
    /// Under the QR code.
    pub track: &'static str,
    /// Cash on delivery, short (labels, the act's column).
    pub cod: &'static str,
    /// The sender's signature line.
    pub sender_signature: &'static str,
    /// The courier's signature line.
    pub courier_signature: &'static str,
    /// The receiver's signature line.
    pub receiver_signature: &'static str,
    /// Above the receiver's signature: the parcel came whole.
    pub received_intact: &'static str,
    /// The handover act's heading.
    pub handover_act: &'static str,
    /// The act's sentence before the table.
    pub act_intro: &'static str,
    /// "Courier".
    pub courier: &'static str,
    /// The act's table: "No.".
    pub col_number: &'static str,
    /// The act's table: barcode.
    pub col_barcode: &'static str,
    /// The act's table: receiver.
    pub col_receiver: &'static str,
    /// The act's table: district.
    pub col_district: &'static str,
    /// The act's table: pieces.
    pub col_pieces: &'static str,
    /// The act's table: weight.
    pub col_weight: &'static str,
    /// The act's table: cash on delivery.
    pub col_cod: &'static str,
    /// "Total".
    pub total: &'static str,
    /// The sender's side of the act: handed over.
    pub handed_over: &'static str,
    /// The courier's side of the act: received.
    pub received: &'static str,
    /// Under a signature line.
    pub signature: &'static str,
    /// "Page {page} of {pages}".
    pub page_of: &'static str,
    /// "kg".
    pub kg: &'static str,
    /// "pcs".
    pub pcs: &'static str,
}

/// O'zbekcha.
pub const UZ: DocumentText = DocumentText {
    waybill: "Yuk xati",
    sender_copy: "Jo'natuvchi nusxasi",
    courier_copy: "Kuryer nusxasi",
    cut_here: "Shu yerdan qirqing",
    sender: "Jo'natuvchi",
    receiver: "Qabul qiluvchi",
    order_number: "Buyurtma №",
    date: "Sana",
    phone: "Telefon",
    region: "Viloyat",
    district: "Tuman (shahar)",
    address: "Manzil",
    parcel: "Jo'natma",
    dimensions: "O'lchamlari, sm",
    services: "Qo'shimcha xizmatlar",
    no_services: "Yo'q",
    price: "Yetkazib berish narxi",
    from: "Qayerdan",
    to: "Qayerga",
    track: "Kuzatish",
    cod: "Yetkazishda to'lov",
    sender_signature: "Jo'natuvchi imzosi",
    courier_signature: "Kuryer imzosi",
    receiver_signature: "Qabul qiluvchi imzosi",
    received_intact: "Jo'natmani butun holda qabul qildim",
    handover_act: "Qabul qilish-topshirish dalolatnomasi",
    act_intro: "Jo'natuvchi quyidagi jo'natmalarni topshirdi, kuryer ularni qabul qildi:",
    courier: "Kuryer",
    col_number: "№",
    col_barcode: "Shtrix kod",
    col_receiver: "Qabul qiluvchi",
    col_district: "Tuman",
    col_pieces: "Soni",
    col_weight: "Og'irligi, kg",
    col_cod: "To'lov",
    total: "Jami",
    handed_over: "Topshirdi",
    received: "Qabul qildi",
    signature: "imzo",
    page_of: "{page}-sahifa, jami {pages}",
    kg: "kg",
    pcs: "dona",
};

/// Русский.
pub const RU: DocumentText = DocumentText {
    waybill: "Накладная",
    sender_copy: "Экземпляр отправителя",
    courier_copy: "Экземпляр курьера",
    cut_here: "Линия отреза",
    sender: "Отправитель",
    receiver: "Получатель",
    order_number: "Заказ №",
    date: "Дата",
    phone: "Телефон",
    region: "Регион",
    district: "Район (город)",
    address: "Адрес",
    parcel: "Отправление",
    dimensions: "Габариты, см",
    services: "Дополнительные услуги",
    no_services: "Нет",
    price: "Стоимость доставки",
    from: "Откуда",
    to: "Куда",
    track: "Отследить",
    cod: "Наложенный платёж",
    sender_signature: "Подпись отправителя",
    courier_signature: "Подпись курьера",
    receiver_signature: "Подпись получателя",
    received_intact: "Отправление получил в целости",
    handover_act: "Акт приема-передачи",
    act_intro: "Отправитель передал, а курьер принял следующие отправления:",
    courier: "Курьер",
    col_number: "№",
    col_barcode: "Штрих-код",
    col_receiver: "Получатель",
    col_district: "Район",
    col_pieces: "Мест",
    col_weight: "Вес, кг",
    col_cod: "Нал. платёж",
    total: "Итого",
    handed_over: "Сдал",
    received: "Принял",
    signature: "подпись",
    page_of: "Страница {page} из {pages}",
    kg: "кг",
    pcs: "шт.",
};

/// English.
pub const EN: DocumentText = DocumentText {
    waybill: "Waybill",
    sender_copy: "Sender's copy",
    courier_copy: "Courier's copy",
    cut_here: "Cut here",
    sender: "Sender",
    receiver: "Receiver",
    order_number: "Order No.",
    date: "Date",
    phone: "Phone",
    region: "Region",
    district: "District (city)",
    address: "Address",
    parcel: "Parcel",
    dimensions: "Dimensions, cm",
    services: "Extra services",
    no_services: "None",
    price: "Delivery price",
    from: "From",
    to: "To",
    track: "Track",
    cod: "Cash on delivery",
    sender_signature: "Sender's signature",
    courier_signature: "Courier's signature",
    receiver_signature: "Receiver's signature",
    received_intact: "Received the parcel intact",
    handover_act: "Handover act",
    act_intro: "The sender handed over and the courier received the following parcels:",
    courier: "Courier",
    col_number: "No.",
    col_barcode: "Barcode",
    col_receiver: "Receiver",
    col_district: "District",
    col_pieces: "Pcs",
    col_weight: "Weight, kg",
    col_cod: "COD",
    total: "Total",
    handed_over: "Handed over",
    received: "Received",
    signature: "signature",
    page_of: "Page {page} of {pages}",
    kg: "kg",
    pcs: "pcs",
};
