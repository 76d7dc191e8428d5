//! "Elektron tijorat" (C10): the e-commerce section of the cargo cabinet.
//! Reached as `lang.text().cargo.ecommerce`.

/// The section's strings in one language.
#[derive(Debug)]
pub struct EcommerceText {
    /// The heading (and the menu entry).
    pub title: &'static str,
    /// Under the heading.
    pub intro: &'static str,
    /// The office (contract) chooser.
    pub office: &'static str,
    /// The chooser's "every order of the account".
    pub whole: &'static str,
    /// Period: from.
    pub from: &'static str,
    /// Period: to.
    pub to: &'static str,
    /// The filters' button (without scripts).
    pub show: &'static str,
    /// Blocks: sales today, last 7 days, this month, accrued, returns,
    /// efficiency.
    pub blocks: [&'static str; 6],
    /// Under the blocks: what they mean.
    pub legend: &'static str,
    /// Filters: all, orders, my sales, ready for pickup, paid amounts, to
    /// return.
    pub filters: [&'static str; 6],
    /// Efficiency with no delivered or returned order.
    pub no_efficiency: &'static str,
    /// "{count} orders" under the returns block.
    pub returned_count: &'static str,
    /// The payouts table's columns: date, amount, note.
    pub payout_cols: [&'static str; 3],
    /// Nothing in the list.
    pub empty: &'static str,
    /// A wrong period.
    pub e_range: &'static str,
}

/// O'zbekcha.
pub const UZ: EcommerceText = EcommerceText {
    title: "Elektron tijorat",
    intro: "Onlayn savdo uchun: nalojka bilan buyurtmalar, sotuvlar, qaytarishlar va kompaniya to'lab bergan summalar.",
    office: "Filial (shartnoma)",
    whole: "Barcha buyurtmalar",
    from: "Boshlanish",
    to: "Tugash",
    show: "Ko'rsatish",
    blocks: [
        "Bugungi sotuvlar",
        "Hafta sotuvlari",
        "Oy sotuvlari",
        "Hisoblangan summa",
        "Qaytarishlar",
        "Samaradorlik",
    ],
    legend: "Sotuv — yetkazilgan buyurtma uchun undirilgan nalojka. Hisoblangan summa — davrdagi nalojka, xizmat haqi ayirilgan. Qaytarishlar va samaradorlik — davrda yaratilgan buyurtmalar bo'yicha: yetkazilgan ÷ (yetkazilgan + qaytarilgan).",
    filters: [
        "Barchasi",
        "Buyurtmalar",
        "Mening sotuvlarim",
        "Topshirishga tayyor",
        "To'langan summalar",
        "Qaytarish uchun",
    ],
    no_efficiency: "—",
    returned_count: "{count} ta buyurtma",
    payout_cols: ["Sana", "Summa", "Izoh"],
    empty: "Bu davrda hech narsa yo'q.",
    e_range: "Sanalarni YYYY-MM-DD ko'rinishida kiriting; davr boshi oxiridan keyin bo'lmasin, davr 400 kundan oshmasin.",
};

/// Русский.
pub const RU: EcommerceText = EcommerceText {
    title: "Электронная коммерция",
    intro: "Для онлайн-продаж: заказы с наложенным платежом, продажи, возвраты и суммы, выплаченные компанией.",
    office: "Офис (договор)",
    whole: "Все заказы",
    from: "С",
    to: "По",
    show: "Показать",
    blocks: [
        "Продажи за сегодня",
        "Продажи за неделю",
        "Продажи за месяц",
        "Начисленная сумма",
        "Возвраты",
        "Эффективность",
    ],
    legend: "Продажа — наложенный платёж, полученный за доставленный заказ. Начисленная сумма — наложенные платежи периода за вычетом стоимости услуг. Возвраты и эффективность — по заказам, созданным в периоде: доставлено ÷ (доставлено + возвращено).",
    filters: ["Все", "Заказы", "Мои продажи", "Готово к выдаче", "Оплаченные суммы", "К возврату"],
    no_efficiency: "—",
    returned_count: "заказов: {count}",
    payout_cols: ["Дата", "Сумма", "Примечание"],
    empty: "За этот период ничего нет.",
    e_range: "Введите даты в виде ГГГГ-ММ-ДД; начало не позже конца, период не длиннее 400 дней.",
};

/// English.
pub const EN: EcommerceText = EcommerceText {
    title: "E-commerce",
    intro: "For online sellers: orders with cash on delivery, sales, returns and the amounts the company paid out.",
    office: "Office (contract)",
    whole: "All orders",
    from: "From",
    to: "To",
    show: "Show",
    blocks: ["Sales today", "Sales, last 7 days", "Sales this month", "Accrued", "Returns", "Efficiency"],
    legend: "A sale is cash on delivery collected for a delivered order. Accrued is the period's cash on delivery less the services' charges. Returns and efficiency count the orders made in the period: delivered ÷ (delivered + returned).",
    filters: ["All", "Orders", "My sales", "Ready for pickup", "Paid amounts", "To return"],
    no_efficiency: "—",
    returned_count: "{count} orders",
    payout_cols: ["Date", "Amount", "Note"],
    empty: "Nothing in this period.",
    e_range: "Enter dates as YYYY-MM-DD; the start not after the end, at most 400 days.",
};
