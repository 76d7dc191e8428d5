//! The reconciliation act (akt sverki, C11): a client's (or a contract's)
//! settlements with the company over a period, as a page and a PDF.
//! Reached as `lang.text().cargo.act`.

/// The strings in one language.
#[derive(Debug)]
pub struct ActText {
    /// The page's heading, the link to it, the document's title.
    pub title: &'static str,
    /// Under the heading: `{company}`, `{client}`, `{from}`, `{to}`.
    pub intro: &'static str,
    /// The period's first day.
    pub from: &'static str,
    /// The period's last day.
    pub to: &'static str,
    /// The button that shows the act for the dates chosen.
    pub show: &'static str,
    /// Columns: date, operation, count, debit, credit.
    pub cols: [&'static str; 5],
    /// The balance the period starts with.
    pub opening: &'static str,
    /// What moved in the period.
    pub turnover: &'static str,
    /// The balance it ends with.
    pub closing: &'static str,
    /// A balance in the client's favour: `{sum}`.
    pub in_favour: &'static str,
    /// A balance the client owes: `{sum}`.
    pub owed: &'static str,
    /// What debit and credit mean here.
    pub legend: &'static str,
    /// Nothing moved in the period.
    pub empty: &'static str,
    /// The dates are wrong.
    pub e_range: &'static str,
    /// The PDF link.
    pub download: &'static str,
    /// The parties' signature lines: the company, the client.
    pub sign: [&'static str; 2],
    /// The parties' headings in the PDF: the company, the client.
    pub parties: [&'static str; 2],
}

/// O'zbekcha.
pub const UZ: ActText = ActText {
    title: "Solishtirma dalolatnoma",
    intro: "{company} va {client} o'rtasidagi o'zaro hisob-kitoblar, {from} – {to}.",
    from: "Davr boshi",
    to: "Davr oxiri",
    show: "Ko'rsatish",
    cols: ["Sana", "Operatsiya", "Soni", "Debet", "Kredit"],
    opening: "Davr boshidagi qoldiq",
    turnover: "Davr aylanmasi",
    closing: "Davr oxiridagi qoldiq",
    in_favour: "{sum} mijoz foydasiga",
    owed: "{sum} mijoz qarzi",
    legend: "Debet — kompaniyaning mijozga talablari (jo'natmalar narxi, mijozga to'lab berilgan nalojka); \
             kredit — mijoz foydasiga (to'lovlar, mijoz uchun yig'ilgan nalojka, qaytarilgan summalar). \
             Qoldiq = davr boshidagi qoldiq − debet + kredit.",
    empty: "Bu davrda hisob-kitob yozuvlari yo'q.",
    e_range: "Sanalarni YYYY-MM-DD ko'rinishida kiriting; davr boshi oxiridan keyin bo'lmasin, davr 400 kundan oshmasin.",
    download: "PDF yuklab olish",
    sign: ["Kompaniya nomidan: ____________________", "Mijoz: ____________________"],
    parties: ["Kompaniya", "Mijoz"],
};

/// Русский.
pub const RU: ActText = ActText {
    title: "Акт сверки взаиморасчётов",
    intro: "Взаиморасчёты между {company} и {client} за период {from} – {to}.",
    from: "Начало периода",
    to: "Конец периода",
    show: "Показать",
    cols: ["Дата", "Операция", "Кол-во", "Дебет", "Кредит"],
    opening: "Сальдо на начало периода",
    turnover: "Обороты за период",
    closing: "Сальдо на конец периода",
    in_favour: "{sum} в пользу клиента",
    owed: "{sum} долг клиента",
    legend: "Дебет — требования компании к клиенту (стоимость отправлений, выплаченный клиенту наложенный платёж); \
             кредит — в пользу клиента (оплаты, собранный для клиента наложенный платёж, возвраты). \
             Сальдо = сальдо на начало − дебет + кредит.",
    empty: "За период движений нет.",
    e_range: "Введите даты в виде ГГГГ-ММ-ДД; начало не позже конца, период не длиннее 400 дней.",
    download: "Скачать PDF",
    sign: ["От компании: ____________________", "Клиент: ____________________"],
    parties: ["Компания", "Клиент"],
};

/// English.
pub const EN: ActText = ActText {
    title: "Reconciliation statement",
    intro: "Settlements between {company} and {client}, {from} – {to}.",
    from: "From",
    to: "To",
    show: "Show",
    cols: ["Date", "Operation", "Count", "Debit", "Credit"],
    opening: "Opening balance",
    turnover: "Turnover for the period",
    closing: "Closing balance",
    in_favour: "{sum} in the client's favour",
    owed: "{sum} owed by the client",
    legend: "Debit: the company's claims on the client (shipment prices, cash on delivery paid out to the client); \
             credit: in the client's favour (payments, cash on delivery collected for the client, refunds). \
             Balance = opening balance − debit + credit.",
    empty: "Nothing moved in this period.",
    e_range: "Enter the dates as YYYY-MM-DD; the start not after the end, at most 400 days.",
    download: "Download PDF",
    sign: ["For the company: ____________________", "Client: ____________________"],
    parties: ["Company", "Client"],
};
