//! The cargo cabinet's shipment pages: the new shipment form with its
//! price, the orders list (C3), one shipment, "Shaxsiy pochta" (C8) and
//! "Kiruvchi pochta" (C9). Reached as `lang.text().cargo.shipments`.

/// The shipment pages' strings in one language.
#[derive(Debug)]
pub struct ShipmentsText {
    /// Tab: the new shipment form.
    pub tab_new: &'static str,
    /// Tab: the list.
    pub tab_orders: &'static str,
    /// Tab: upload a file.
    pub tab_upload: &'static str,
    /// Tab: uploads' folders.
    pub tab_folders: &'static str,
    /// Heading of the form.
    pub new_title: &'static str,
    /// Section: the sender.
    pub sender: &'static str,
    /// Section: the receiver.
    pub receiver: &'static str,
    /// Section: the parcel.
    pub parcel: &'static str,
    /// Section: extra services.
    pub services: &'static str,
    /// "Cash on delivery" check box.
    pub cod: &'static str,
    /// "Declared value" check box.
    pub declared: &'static str,
    /// The warning about wrong receiver data ("Eslatma!!!").
    pub warning_title: &'static str,
    /// Its text.
    pub warning: &'static str,
    /// "Yaratish".
    pub create: &'static str,
    /// Shows the price without creating.
    pub quote: &'static str,
    /// Lists the chosen region's districts (without JavaScript).
    pub show_districts: &'static str,
    /// "Refresh": reload the latest data.
    pub refresh: &'static str,
    /// An empty choice.
    pub choose: &'static str,
    /// The price box's heading.
    pub price: &'static str,
    /// Total.
    pub total: &'static str,
    /// "Zone {zone}, {kg} kg counted".
    pub price_basis: &'static str,
    /// Price lines: base, overweight, pickup, door, photo report, return of
    /// documents, cash on delivery fee, insurance.
    pub price_lines: [&'static str; 8],
    /// The price appears once the route and weight are filled.
    pub price_hint: &'static str,
    /// The company has no tariff yet.
    pub no_tariff: &'static str,
    /// The form has mistakes.
    pub form_problems: &'static str,
    /// "Created: {barcode}".
    pub created: &'static str,
    /// "Orders" with a count.
    pub orders_title: &'static str,
    /// "Showing {from}-{to} of {total}."
    pub showing: &'static str,
    /// Column: barcode.
    pub col_barcode: &'static str,
    /// Column: order id.
    pub col_number: &'static str,
    /// Column: date.
    pub col_date: &'static str,
    /// Column: status.
    pub col_status: &'static str,
    /// Column: from (region).
    pub col_from: &'static str,
    /// Column: receiver's district.
    pub col_to_district: &'static str,
    /// Column: office 1.
    pub col_office1: &'static str,
    /// Column: office 2.
    pub col_office2: &'static str,
    /// Column: receiver.
    pub col_receiver: &'static str,
    /// Column: sender.
    pub col_sender: &'static str,
    /// Column: actions.
    pub col_actions: &'static str,
    /// "All statuses".
    pub all_statuses: &'static str,
    /// "All regions".
    pub all_regions: &'static str,
    /// Filter: from date.
    pub date_from: &'static str,
    /// Filter: to date.
    pub date_to: &'static str,
    /// Search box label.
    pub search: &'static str,
    /// Search placeholder.
    pub search_hint: &'static str,
    /// Apply the filters.
    pub apply: &'static str,
    /// Clear the filters.
    pub reset: &'static str,
    /// Pager: newest.
    pub first: &'static str,
    /// Pager: newer.
    pub newer: &'static str,
    /// Pager: older.
    pub older: &'static str,
    /// Pager: oldest.
    pub last: &'static str,
    /// Nothing to show.
    pub empty: &'static str,
    /// View one.
    pub view: &'static str,
    /// Delete one.
    pub delete: &'static str,
    /// Asked before deleting.
    pub delete_confirm: &'static str,
    /// Deleted.
    pub deleted: &'static str,
    /// It was accepted: it stays.
    pub e_not_at_sender: &'static str,
    /// Print the selected ones' labels.
    pub print_labels: &'static str,
    /// Print the selected ones' waybills.
    pub print_waybills: &'static str,
    /// Excel export of the filtered list.
    pub export: &'static str,
    /// Select all rows.
    pub select_all: &'static str,
    /// Nothing selected, or more than 100.
    pub e_selection: &'static str,
    /// A shipment's page heading: "Shipment {barcode}".
    pub shipment_title: &'static str,
    /// History.
    pub history: &'static str,
    /// The waybill.
    pub waybill: &'static str,
    /// The label.
    pub label: &'static str,
    /// Download the waybill.
    pub download_waybill: &'static str,
    /// Download the label.
    pub download_label: &'static str,
    /// File an appeal about it.
    pub appeal: &'static str,
    /// History: made.
    pub ev_created: &'static str,
    /// History: courier called.
    pub ev_pickup: &'static str,
    /// Door or office.
    pub delivery: &'static str,
    /// Weight, pieces, size line: "{kg} kg, {n} pcs".
    pub weight_pieces: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
    /// "Shaxsiy pochta".
    pub personal_title: &'static str,
    /// "Kiruvchi pochta".
    pub incoming_title: &'static str,
    /// Expand a row.
    pub details: &'static str,
    /// The account's own shipments are empty.
    pub empty_personal: &'static str,
    /// Nothing sent to the client's phone.
    pub empty_incoming: &'static str,
}

/// O'zbekcha.
pub const UZ: ShipmentsText = ShipmentsText {
    tab_new: "Yangi",
    tab_orders: "Buyurtmalar",
    tab_upload: "Fayl yuklash",
    tab_folders: "Papkalar",
    new_title: "Yangi buyurtma",
    sender: "Jo'natuvchi",
    receiver: "Qabul qiluvchi",
    parcel: "Jo'natma",
    services: "Qo'shimcha xizmatlar",
    cod: "Yetkazib berish paytida to'lov (To'lovni qaytarish)",
    declared: "Qiymatni e'lon qilish",
    warning_title: "Eslatma!!!",
    warning: "Oluvchining ma'lumotlari noto'g'ri to'ldirilganda qayta yetkazib berish uchun qo'shimcha to'lov olinadi.",
    create: "Yaratish",
    quote: "Narxini hisoblash",
    show_districts: "Tumanlarni ko'rsatish",
    refresh: "Yangilash",
    choose: "Tanlang",
    price: "Narxi",
    total: "Jami",
    price_basis: "{zone}-zona, {kg} kg hisoblandi",
    price_lines: [
        "Yetkazish",
        "Qo'shimcha og'irlik",
        "Kuryer chaqirish",
        "Eshikkacha yetkazish",
        "Foto hisobot",
        "Hujjatni qaytarish",
        "To'lovni qaytarish xizmati",
        "Sug'urta (e'lon qilingan qiymat)",
    ],
    price_hint: "Narx yo'nalish va og'irlik kiritilgach ko'rinadi",
    no_tariff: "Kompaniya hali narxlarni belgilamagan",
    form_problems: "Formada xatolar bor: belgilangan maydonlarni tekshiring",
    created: "Buyurtma yaratildi: {barcode}",
    orders_title: "Buyurtmalar",
    showing: "Namoyish etilayabdi {from}-{to} ta yozuv {total} tadan.",
    col_barcode: "Shtrix kod",
    col_number: "Zakaz ID",
    col_date: "Sana",
    col_status: "Holat",
    col_from: "Qayerdan",
    col_to_district: "Qabul qiluvchi tumani",
    col_office1: "Filial 1",
    col_office2: "Filial 2",
    col_receiver: "Qabul qiluvchi",
    col_sender: "Jo'natuvchi",
    col_actions: "Amallar",
    all_statuses: "Barcha holatlar",
    all_regions: "Barcha viloyatlar",
    date_from: "Sanadan",
    date_to: "Sanagacha",
    search: "Qidirish",
    search_hint: "Shtrix kod, raqam, ism yoki telefon",
    apply: "Qidirish",
    reset: "Tozalash",
    first: "Eng yangilari",
    newer: "Yangiroq",
    older: "Eskiroq",
    last: "Eng eskilari",
    empty: "Buyurtmalar yo'q",
    view: "Ko'rish",
    delete: "O'chirish",
    delete_confirm: "Buyurtma o'chirilsinmi?",
    deleted: "Buyurtma o'chirildi",
    e_not_at_sender: "Jo'natma filialda qabul qilingan, uni o'chirib bo'lmaydi",
    print_labels: "Yorliqlarni chop etish",
    print_waybills: "Yuk xatlarini chop etish",
    export: "Excel eksport",
    select_all: "Hammasini tanlash",
    e_selection: "1 tadan 100 tagacha buyurtma tanlang",
    shipment_title: "Buyurtma {barcode}",
    history: "Tarix",
    waybill: "Yuk xati",
    label: "Yorliq",
    download_waybill: "Yuk xatini yuklab olish (PDF)",
    download_label: "Yorliqni yuklab olish (PDF)",
    appeal: "Murojaat yuborish",
    ev_created: "Buyurtma berildi",
    ev_pickup: "Kuryer chaqirildi",
    delivery: "Yetkazib berish",
    weight_pieces: "{kg} kg, {n} dona",
    yes: "Ha",
    no: "Yo'q",
    personal_title: "Shaxsiy pochta",
    incoming_title: "Kiruvchi pochta",
    details: "Batafsil",
    empty_personal: "Siz hali jo'natma yubormagansiz",
    empty_incoming: "Sizning raqamingizga jo'natmalar yo'q",
};

/// Русский.
pub const RU: ShipmentsText = ShipmentsText {
    tab_new: "Новый",
    tab_orders: "Заказы",
    tab_upload: "Загрузка файлов",
    tab_folders: "Папки",
    new_title: "Новый заказ",
    sender: "Отправитель",
    receiver: "Получатель",
    parcel: "Отправление",
    services: "Дополнительные услуги",
    cod: "Оплата при доставке (возврат платежа)",
    declared: "Объявленная стоимость",
    warning_title: "Внимание!!!",
    warning: "При неверно заполненных данных получателя за повторную доставку взимается дополнительная плата.",
    create: "Создать",
    quote: "Рассчитать стоимость",
    show_districts: "Показать районы",
    refresh: "Обновить",
    choose: "Выберите",
    price: "Стоимость",
    total: "Итого",
    price_basis: "Зона {zone}, учтено {kg} кг",
    price_lines: [
        "Доставка",
        "Дополнительный вес",
        "Вызов курьера",
        "Доставка до двери",
        "Фотоотчёт",
        "Возврат документов",
        "Услуга наложенного платежа",
        "Страховка (объявленная стоимость)",
    ],
    price_hint: "Стоимость появится, когда указаны направление и вес",
    no_tariff: "Компания ещё не установила тарифы",
    form_problems: "В форме есть ошибки: проверьте отмеченные поля",
    created: "Заказ создан: {barcode}",
    orders_title: "Заказы",
    showing: "Показаны записи {from}-{to} из {total}.",
    col_barcode: "Штрих-код",
    col_number: "Заказ ID",
    col_date: "Дата",
    col_status: "Статус",
    col_from: "Откуда",
    col_to_district: "Район получателя",
    col_office1: "Филиал 1",
    col_office2: "Филиал 2",
    col_receiver: "Получатель",
    col_sender: "Отправитель",
    col_actions: "Действия",
    all_statuses: "Все статусы",
    all_regions: "Все регионы",
    date_from: "С даты",
    date_to: "По дату",
    search: "Поиск",
    search_hint: "Штрих-код, номер, имя или телефон",
    apply: "Найти",
    reset: "Сбросить",
    first: "Самые новые",
    newer: "Новее",
    older: "Старее",
    last: "Самые старые",
    empty: "Заказов нет",
    view: "Просмотр",
    delete: "Удалить",
    delete_confirm: "Удалить заказ?",
    deleted: "Заказ удалён",
    e_not_at_sender: "Отправление принято в филиале, удалить его нельзя",
    print_labels: "Печать этикеток",
    print_waybills: "Печать накладных",
    export: "Экспорт в Excel",
    select_all: "Выбрать все",
    e_selection: "Выберите от 1 до 100 заказов",
    shipment_title: "Заказ {barcode}",
    history: "История",
    waybill: "Накладная",
    label: "Этикетка",
    download_waybill: "Скачать накладную (PDF)",
    download_label: "Скачать этикетку (PDF)",
    appeal: "Отправить обращение",
    ev_created: "Заказ оформлен",
    ev_pickup: "Вызван курьер",
    delivery: "Доставка",
    weight_pieces: "{kg} кг, {n} шт.",
    yes: "Да",
    no: "Нет",
    personal_title: "Личные отправления",
    incoming_title: "Входящие отправления",
    details: "Подробнее",
    empty_personal: "Вы ещё ничего не отправляли",
    empty_incoming: "На ваш номер отправлений нет",
};

/// English.
pub const EN: ShipmentsText = ShipmentsText {
    tab_new: "New",
    tab_orders: "Orders",
    tab_upload: "Upload a file",
    tab_folders: "Folders",
    new_title: "New shipment",
    sender: "Sender",
    receiver: "Receiver",
    parcel: "Parcel",
    services: "Extra services",
    cod: "Cash on delivery (paid back to you)",
    declared: "Declared value",
    warning_title: "Note!!!",
    warning: "If the receiver's details are wrong, delivering again costs extra.",
    create: "Create",
    quote: "Show the price",
    show_districts: "Show districts",
    refresh: "Refresh",
    choose: "Choose",
    price: "Price",
    total: "Total",
    price_basis: "Zone {zone}, {kg} kg counted",
    price_lines: [
        "Delivery",
        "Extra weight",
        "Courier pickup",
        "Door delivery",
        "Photo report",
        "Return of documents",
        "Cash on delivery fee",
        "Insurance (declared value)",
    ],
    price_hint: "The price shows once the route and weight are filled in",
    no_tariff: "The company has not set its prices yet",
    form_problems: "The form has mistakes: check the marked fields",
    created: "Shipment created: {barcode}",
    orders_title: "Orders",
    showing: "Showing {from}-{to} of {total}.",
    col_barcode: "Barcode",
    col_number: "Order ID",
    col_date: "Date",
    col_status: "Status",
    col_from: "From",
    col_to_district: "Receiver's district",
    col_office1: "Office 1",
    col_office2: "Office 2",
    col_receiver: "Receiver",
    col_sender: "Sender",
    col_actions: "Actions",
    all_statuses: "All statuses",
    all_regions: "All regions",
    date_from: "From",
    date_to: "To",
    search: "Search",
    search_hint: "Barcode, number, name or phone",
    apply: "Search",
    reset: "Clear",
    first: "Newest",
    newer: "Newer",
    older: "Older",
    last: "Oldest",
    empty: "No orders",
    view: "View",
    delete: "Delete",
    delete_confirm: "Delete this order?",
    deleted: "Order deleted",
    e_not_at_sender: "An office has accepted the parcel: it cannot be deleted",
    print_labels: "Print labels",
    print_waybills: "Print waybills",
    export: "Excel export",
    select_all: "Select all",
    e_selection: "Select between 1 and 100 orders",
    shipment_title: "Order {barcode}",
    history: "History",
    waybill: "Waybill",
    label: "Label",
    download_waybill: "Download the waybill (PDF)",
    download_label: "Download the label (PDF)",
    appeal: "File an appeal",
    ev_created: "Order placed",
    ev_pickup: "Courier called",
    delivery: "Delivery",
    weight_pieces: "{kg} kg, {n} pcs",
    yes: "Yes",
    no: "No",
    personal_title: "My shipments",
    incoming_title: "Incoming shipments",
    details: "Details",
    empty_personal: "You have not sent anything yet",
    empty_incoming: "Nothing has been sent to your number",
};
