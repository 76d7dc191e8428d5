//! The courier company's operators' pages in the owner portal
//! (`/cargo-ops/…`): the company's shipments, parcels waiting for pickup and
//! the handover act given to the courier, the tariff. Reached as `lang.text().cargo.ops`.

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
    /// The tab bar: the company's shipments.
    pub nav_shipments: &'static str,
    /// The tab bar: pickups.
    pub nav_pickups: &'static str,
    /// The tab bar: appeals.
    pub nav_appeals: &'static str,
    /// The tab bar: the tariff.
    pub nav_tariff: &'static str,
    /// The shipments page's heading.
    pub shipments_title: &'static str,
    /// Under the heading.
    pub shipments_intro: &'static str,
    /// The office filter's label.
    pub office: &'static str,
    /// The office filter's first choice.
    pub all_offices: &'static str,
    /// The list's column: sender.
    pub col_sender: &'static str,
    /// Back from one shipment to the list.
    pub back_to_list: &'static str,
    /// A shipment's client account (or none: a walk-in).
    pub client: &'static str,
    /// A shipment registered at a desk.
    pub walk_in: &'static str,
    /// The tariff page's heading.
    pub tariff_title: &'static str,
    /// Under the heading.
    pub tariff_intro: &'static str,
    /// The company has no tariff yet.
    pub tariff_none: &'static str,
    /// The services section's heading.
    pub services: &'static str,
    /// The rates section's heading.
    pub rates: &'static str,
    /// Under the rates heading.
    pub rates_hint: &'static str,
    /// The rates table's first column.
    pub band_up_to: &'static str,
    /// A zone's name: {n}.
    pub zone_n: &'static str,
    /// The zones section's heading.
    pub zones: &'static str,
    /// Under the zones heading.
    pub zones_hint: &'static str,
    /// A service field.
    pub per_kg_over: &'static str,
    /// A service field.
    pub volumetric_divisor: &'static str,
    /// A service field.
    pub pickup_price: &'static str,
    /// A service field.
    pub door_price: &'static str,
    /// A service field.
    pub photo_report_price: &'static str,
    /// A service field.
    pub return_documents_price: &'static str,
    /// A service field.
    pub cod_fee: &'static str,
    /// A service field.
    pub declared_value_fee: &'static str,
    /// The tariff's save button.
    pub save: &'static str,
    /// After saving.
    pub saved: &'static str,
    /// Above a refused tariff form.
    pub e_tariff: &'static str,
    /// A money field is not a whole amount in range.
    pub e_amount: &'static str,
    /// A percentage is out of range.
    pub e_percent: &'static str,
    /// The volumetric divisor is out of range.
    pub e_divisor: &'static str,
    /// A band's weight is wrong.
    pub e_band: &'static str,
    /// A band row has prices but no weight, or a weight but no price.
    pub e_band_empty: &'static str,
    /// A route's zone is not one with prices.
    pub e_zone: &'static str,
    /// Someone saved the tariff meanwhile.
    pub e_conflict: &'static str,
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
    nav_shipments: "Joʻnatmalar",
    nav_pickups: "Olib ketish",
    nav_appeals: "Murojaatlar",
    nav_tariff: "Tarif",
    shipments_title: "Kompaniya joʻnatmalari",
    shipments_intro: "Barcha ofislar orqali oʻtgan va mijozlar yaratgan joʻnatmalar. Qidiruv: shtrix-kod, buyurtma raqami, ism yoki telefon.",
    office: "Ofis",
    all_offices: "Barcha ofislar",
    col_sender: "Joʻnatuvchi",
    back_to_list: "Barcha joʻnatmalar",
    client: "Mijoz hisobi",
    walk_in: "Ofisda roʻyxatdan oʻtgan",
    tariff_title: "Tarif",
    tariff_intro: "Narx: yoʻnalish zonasi × ogʻirlik oraligʻi, keyin qoʻshimcha xizmatlar. Yangi narxlar faqat yangi joʻnatmalarga qoʻllanadi; yaratilgan joʻnatmalarning narxi oʻzgarmaydi.",
    tariff_none: "Tarif hali kiritilmagan: mijozlar joʻnatma yarata olmaydi. Quyidagi boshlangʻich narxlarni tekshirib saqlang.",
    services: "Xizmatlar va qoʻshimchalar",
    rates: "Ogʻirlik boʻyicha narxlar, soʻm",
    rates_hint: "Har bir qator — “… kg gacha” oraligʻi. Boʻsh katak: bu zonada shu oraliq yoʻq. Yangi oraliq uchun oxirgi qatorni toʻldiring.",
    band_up_to: "… kg gacha",
    zone_n: "{n}-zona",
    zones: "Yoʻnalishlar zonalari",
    zones_hint: "Qator — qayerdan, ustun — qayerga. Katakdagi raqam — zona.",
    per_kg_over: "Oxirgi oraliqdan ortiq har bir kg, soʻm",
    volumetric_divisor: "Hajmiy ogʻirlik boʻluvchisi, sm³/kg",
    pickup_price: "Kuryer chaqirish, soʻm",
    door_price: "Eshikkacha yetkazish, soʻm",
    photo_report_price: "Foto hisobot, soʻm",
    return_documents_price: "Hujjatni qaytarish, soʻm",
    cod_fee: "Toʻlov yetkazilganda: komissiya, %",
    declared_value_fee: "Eʼlon qilingan qiymat: sugʻurta, %",
    save: "Tarifni saqlash",
    saved: "Tarif saqlandi. Yangi joʻnatmalar yangi narxlar boʻyicha hisoblanadi.",
    e_tariff: "Tarif saqlanmadi: belgilangan maydonlarni tuzating.",
    e_amount: "soʻmda 0 dan 100 000 000 gacha summa kiriting (koʻpi bilan 2 kasr)",
    e_percent: "0 dan 100 gacha foiz kiriting (koʻpi bilan 2 kasr)",
    e_divisor: "1 000 dan 10 000 gacha butun son kiriting",
    e_band: "ogʻirlik 0 dan katta, 1 000 kg gacha va oldingi qatordan katta boʻlsin",
    e_band_empty: "ogʻirlik va kamida bitta narx kiriting",
    e_zone: "har bir yoʻnalish narxi bor zonaga tegishli boʻlsin",
    e_conflict: "Siz tahrir qilayotganingizda tarifni boshqa kishi saqladi. Quyida — hozirgi tarif; oʻzgarishlaringizni qayta kiriting.",
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
    nav_shipments: "Отправления",
    nav_pickups: "Забор",
    nav_appeals: "Обращения",
    nav_tariff: "Тариф",
    shipments_title: "Отправления компании",
    shipments_intro: "Все отправления компании: созданные клиентами и принятые в офисах. Поиск: штрихкод, номер заказа, имя или телефон.",
    office: "Офис",
    all_offices: "Все офисы",
    col_sender: "Отправитель",
    back_to_list: "Все отправления",
    client: "Аккаунт клиента",
    walk_in: "Оформлено в офисе",
    tariff_title: "Тариф",
    tariff_intro: "Цена: зона направления × весовой диапазон, затем дополнительные услуги. Новые цены действуют только для новых отправлений; цена созданных не меняется.",
    tariff_none: "Тариф ещё не задан: клиенты не могут создавать отправления. Проверьте начальные цены ниже и сохраните.",
    services: "Услуги и надбавки",
    rates: "Цены по весу, сум",
    rates_hint: "Каждая строка — диапазон «до … кг». Пустая ячейка: в этой зоне такого диапазона нет. Для нового диапазона заполните последнюю строку.",
    band_up_to: "До … кг",
    zone_n: "Зона {n}",
    zones: "Зоны направлений",
    zones_hint: "Строка — откуда, столбец — куда. Число в ячейке — зона.",
    per_kg_over: "Каждый кг сверх последнего диапазона, сум",
    volumetric_divisor: "Делитель объёмного веса, см³/кг",
    pickup_price: "Вызов курьера, сум",
    door_price: "Доставка до двери, сум",
    photo_report_price: "Фотоотчёт, сум",
    return_documents_price: "Возврат документов, сум",
    cod_fee: "Наложенный платёж: комиссия, %",
    declared_value_fee: "Объявленная ценность: страховка, %",
    save: "Сохранить тариф",
    saved: "Тариф сохранён. Новые отправления считаются по новым ценам.",
    e_tariff: "Тариф не сохранён: исправьте отмеченные поля.",
    e_amount: "введите сумму в сумах от 0 до 100 000 000 (не более 2 знаков после точки)",
    e_percent: "введите процент от 0 до 100 (не более 2 знаков после точки)",
    e_divisor: "введите целое число от 1 000 до 10 000",
    e_band: "вес больше 0, до 1 000 кг и больше, чем в строке выше",
    e_band_empty: "укажите вес и хотя бы одну цену",
    e_zone: "у каждого направления должна быть зона с ценами",
    e_conflict: "Пока вы редактировали, тариф сохранил кто-то другой. Ниже — текущий тариф; внесите изменения заново.",
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
    nav_shipments: "Shipments",
    nav_pickups: "Pickups",
    nav_appeals: "Appeals",
    nav_tariff: "Tariff",
    shipments_title: "The company's shipments",
    shipments_intro: "Every shipment of the company: made by clients or accepted at the offices. Search: barcode, order number, name or phone.",
    office: "Office",
    all_offices: "All offices",
    col_sender: "Sender",
    back_to_list: "All shipments",
    client: "Client account",
    walk_in: "Registered at a desk",
    tariff_title: "Tariff",
    tariff_intro: "Price: the route's zone × the weight band, then the extra services. New prices apply to new shipments only; those already made keep their price.",
    tariff_none: "No tariff yet: clients cannot create shipments. Check the starting prices below and save.",
    services: "Services and extras",
    rates: "Prices by weight, so'm",
    rates_hint: "Each row is an “up to … kg” band. An empty cell: that zone has no such band. Fill the last row to add a band.",
    band_up_to: "Up to … kg",
    zone_n: "Zone {n}",
    zones: "Zones of routes",
    zones_hint: "Row: from; column: to. The number in a cell is the zone.",
    per_kg_over: "Each kg above the last band, so'm",
    volumetric_divisor: "Volumetric divisor, cm³/kg",
    pickup_price: "Courier pickup, so'm",
    door_price: "Door delivery, so'm",
    photo_report_price: "Photo report, so'm",
    return_documents_price: "Return of documents, so'm",
    cod_fee: "Cash on delivery: fee, %",
    declared_value_fee: "Declared value: insurance, %",
    save: "Save the tariff",
    saved: "The tariff is saved. New shipments are priced by it.",
    e_tariff: "The tariff was not saved: correct the marked fields.",
    e_amount: "enter an amount in so'm from 0 to 100 000 000 (at most 2 decimals)",
    e_percent: "enter a percentage from 0 to 100 (at most 2 decimals)",
    e_divisor: "enter a whole number from 1 000 to 10 000",
    e_band: "the weight must be above 0, at most 1 000 kg and above the row before",
    e_band_empty: "enter the weight and at least one price",
    e_zone: "every route needs a zone that has prices",
    e_conflict: "Someone else saved the tariff while you were editing. Below is the current one; make your changes again.",
};
