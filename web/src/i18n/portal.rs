//! The owner's portal over synced data: dashboard and its charts, orders,
//! products, employees, transactions; the names of order and payment
//! statuses, payment methods and roles.
//!
//! One value per language; a string missing from one does not compile.

use protocol::{OrderStatus, PaymentMethod, PaymentStatus, Role};

/// Every string of this domain, in one language.
#[derive(Debug)]
pub struct PortalText {
    /// Completed orders (summary).
    pub fig_orders: &'static str,
    /// Revenue.
    pub fig_revenue: &'static str,
    /// Profit figure.
    pub fig_profit: &'static str,
    /// Confirmed payments.
    pub fig_payments: &'static str,
    /// Products.
    pub fig_products: &'static str,
    /// Date range start.
    pub range_from: &'static str,
    /// Date range end.
    pub range_to: &'static str,
    /// Date range apply.
    pub refresh: &'static str,
    /// [`ErrorCode::Range`](super::ErrorCode::Range).
    pub e_range: &'static str,
    /// KPI.
    pub kpi_revenue: &'static str,
    /// KPI.
    pub kpi_profit: &'static str,
    /// KPI part.
    pub kpi_product_profit: &'static str,
    /// KPI part.
    pub kpi_service: &'static str,
    /// KPI part.
    pub kpi_total_profit: &'static str,
    /// KPI.
    pub kpi_orders: &'static str,
    /// Change against the previous period.
    pub vs_previous: &'static str,
    /// No previous figure.
    pub no_previous: &'static str,
    /// The period shown.
    pub period_line: &'static str,
    /// Dashboard.
    pub recent_orders: &'static str,
    /// Chart.
    pub orders_by_hour: &'static str,
    /// Chart description.
    pub orders_by_hour_desc: &'static str,
    /// Chart.
    pub best_sellers: &'static str,
    /// Chart.
    pub by_category: &'static str,
    /// Chart.
    pub revenue_by_product: &'static str,
    /// Chart description: count and top.
    pub chart_desc: &'static str,
    /// Empty chart or list.
    pub no_data: &'static str,
    /// Orders count in a tooltip.
    pub n_orders: &'static str,
    /// Column.
    pub col_number: &'static str,
    /// Column.
    pub col_date: &'static str,
    /// Column.
    pub col_place: &'static str,
    /// Column.
    pub col_employee: &'static str,
    /// Column.
    pub col_total: &'static str,
    /// Column.
    pub col_status: &'static str,
    /// Column.
    pub col_orders: &'static str,
    /// Column.
    pub col_revenue: &'static str,
    /// Column.
    pub col_average: &'static str,
    /// Column.
    pub col_product: &'static str,
    /// Column.
    pub col_qty: &'static str,
    /// Column.
    pub col_price: &'static str,
    /// Column.
    pub col_line_total: &'static str,
    /// Column.
    pub col_branch: &'static str,
    /// Column.
    pub col_method: &'static str,
    /// Column.
    pub col_amount: &'static str,
    /// Column.
    pub col_sold: &'static str,
    /// Column.
    pub col_stock: &'static str,
    /// Column.
    pub col_role: &'static str,
    /// Column.
    pub col_category: &'static str,
    /// Order status.
    pub st_open: &'static str,
    /// Order status.
    pub st_confirmed: &'static str,
    /// Order status.
    pub st_completed: &'static str,
    /// Order status.
    pub st_cancelled: &'static str,
    /// Payment status.
    pub ps_pending: &'static str,
    /// Payment status.
    pub ps_confirmed: &'static str,
    /// Payment status.
    pub ps_failed: &'static str,
    /// Payment status.
    pub ps_refunded: &'static str,
    /// Payment method.
    pub pm_cash: &'static str,
    /// Payment method.
    pub pm_card: &'static str,
    /// Payment method.
    pub pm_mobile: &'static str,
    /// Role.
    pub role_cashier: &'static str,
    /// Role.
    pub role_waiter: &'static str,
    /// Role.
    pub role_cook: &'static str,
    /// Role.
    pub role_manager: &'static str,
    /// Role.
    pub role_administrator: &'static str,
    /// Search button.
    pub search: &'static str,
    /// Orders search field.
    pub search_orders: &'static str,
    /// Products search field.
    pub search_products: &'static str,
    /// Filter.
    pub all_statuses: &'static str,
    /// Filter.
    pub all_methods: &'static str,
    /// Empty list.
    pub empty_orders: &'static str,
    /// Empty list.
    pub empty_products: &'static str,
    /// Empty list.
    pub empty_employees: &'static str,
    /// Empty list.
    pub empty_payments: &'static str,
    /// Order detail title.
    pub order_title: &'static str,
    /// Detail.
    pub created_at: &'static str,
    /// Detail.
    pub closed_at: &'static str,
    /// Detail.
    pub items_table: &'static str,
    /// Detail.
    pub payments_table: &'static str,
    /// The order's history: its title.
    pub history_title: &'static str,
    /// History: nothing synced yet.
    pub history_empty: &'static str,
    /// History column: when the change was made.
    pub history_when: &'static str,
    /// History column: which terminal.
    pub col_terminal: &'static str,
    /// History column: what changed.
    pub col_change: &'static str,
    /// History: an order's revision, `{n}` lines.
    pub change_order: &'static str,
    /// History: a payment's revision, `{method}`.
    pub change_payment: &'static str,
    /// History: a manager's terminal.
    pub manager_terminal: &'static str,
    /// History alarm: a paid order cancelled.
    pub alarm_void_after_payment: &'static str,
    /// History alarm: money given back.
    pub alarm_refund: &'static str,
    /// Detail.
    pub items_total: &'static str,
    /// Detail.
    pub service_charge: &'static str,
    /// Transaction detail.
    pub linked_order: &'static str,
    /// Transaction detail.
    pub transaction_title: &'static str,
    /// Transactions header.
    pub total_count: &'static str,
    /// Transactions header.
    pub total_sum: &'static str,
    /// Unlimited stock.
    pub unlimited: &'static str,
    /// Employee detail.
    pub employee_title: &'static str,
    /// Back link.
    pub back_to_list: &'static str,
    /// Order number.
    pub order_number: &'static str,
    /// Chart: the rest grouped.
    pub other: &'static str,
    /// A role not known yet (the employee has not synced).
    pub role_unknown: &'static str,
}

impl PortalText {
    /// An order status's name.
    #[must_use]
    pub fn order_status(&self, status: OrderStatus) -> &'static str {
        match status {
            OrderStatus::Open => self.st_open,
            OrderStatus::Confirmed => self.st_confirmed,
            OrderStatus::Completed => self.st_completed,
            OrderStatus::Cancelled => self.st_cancelled,
        }
    }

    /// A payment status's name.
    #[must_use]
    pub fn payment_status(&self, status: PaymentStatus) -> &'static str {
        match status {
            PaymentStatus::Pending => self.ps_pending,
            PaymentStatus::Confirmed => self.ps_confirmed,
            PaymentStatus::Failed => self.ps_failed,
            PaymentStatus::Refunded => self.ps_refunded,
        }
    }

    /// A payment method's name.
    #[must_use]
    pub fn payment_method(&self, method: PaymentMethod) -> &'static str {
        match method {
            PaymentMethod::Cash => self.pm_cash,
            PaymentMethod::Card => self.pm_card,
            PaymentMethod::Mobile => self.pm_mobile,
        }
    }

    /// An employee role's name.
    #[must_use]
    pub fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Cashier => self.role_cashier,
            Role::Waiter => self.role_waiter,
            Role::Cook => self.role_cook,
            Role::Manager => self.role_manager,
            Role::Administrator => self.role_administrator,
        }
    }
}

/// O'zbekcha.
pub const UZ: PortalText = PortalText {
    fig_orders: "Yakunlangan buyurtmalar",
    fig_revenue: "Umumiy daromad",
    fig_profit: "Foyda",
    fig_payments: "Tasdiqlangan to'lovlar",
    fig_products: "Mahsulotlar",
    range_from: "Boshlanish",
    range_to: "Tugash",
    refresh: "Yangilash",
    e_range: "Sana oralig'i noto'g'ri: boshlanish tugashdan keyin bo'lmasin, ko'pi bilan 366 kun",
    kpi_revenue: "Umumiy daromad",
    kpi_profit: "Foyda",
    kpi_product_profit: "Mahsulot foydasi",
    kpi_service: "Joy/stol ustamasi",
    kpi_total_profit: "Jami foyda",
    kpi_orders: "Buyurtmalar soni",
    vs_previous: "{change} oldingi davrga nisbatan",
    no_previous: "oldingi davrda ma'lumot yo'q",
    period_line: "{from} — {to}",
    recent_orders: "Oxirgi buyurtmalar",
    orders_by_hour: "Soatlik buyurtmalar",
    orders_by_hour_desc: "Jami {total} ta buyurtma; eng ko'p soat {peak} ({n} ta)",
    best_sellers: "Eng ko'p sotilgan mahsulotlar",
    by_category: "Kategoriya bo'yicha taqsimot",
    revenue_by_product: "Mahsulotlar bo'yicha daromad",
    chart_desc: "{n} ta qator; eng kattasi: {top}",
    no_data: "Tanlangan davrda ma'lumot yo'q",
    n_orders: "{n} ta buyurtma",
    col_number: "Raqam",
    col_date: "Sana va vaqt",
    col_place: "Joy/Stol",
    col_employee: "Xodim",
    col_total: "Jami summa",
    col_status: "Holat",
    col_orders: "Buyurtmalar soni",
    col_revenue: "Daromad",
    col_average: "O'rtacha buyurtma",
    col_product: "Mahsulot",
    col_qty: "Miqdori",
    col_price: "Narxi",
    col_line_total: "Jami",
    col_branch: "Filial",
    col_method: "To'lov turi",
    col_amount: "Summa",
    col_sold: "Sotilgan",
    col_stock: "Zaxira",
    col_role: "Lavozimi",
    col_category: "Kategoriya",
    st_open: "Ochiq",
    st_confirmed: "Tasdiqlangan",
    st_completed: "Yakunlangan",
    st_cancelled: "Bekor qilingan",
    ps_pending: "Kutilmoqda",
    ps_confirmed: "Tasdiqlangan",
    ps_failed: "Muvaffaqiyatsiz",
    ps_refunded: "Qaytarilgan",
    pm_cash: "Naqd",
    pm_card: "Karta",
    pm_mobile: "Mobil",
    role_cashier: "Kassir",
    role_waiter: "Ofitsiant",
    role_cook: "Oshpaz",
    role_manager: "Menejer",
    role_administrator: "Administrator",
    search: "Qidirish",
    search_orders: "Buyurtma raqami",
    search_products: "Mahsulot nomi yoki kategoriya",
    all_statuses: "Barcha holatlar",
    all_methods: "Barcha turlar",
    empty_orders: "Buyurtmalar topilmadi",
    empty_products: "Mahsulotlar topilmadi",
    empty_employees: "Xodimlar hali yo'q",
    empty_payments: "O'tkazmalar topilmadi",
    order_title: "Buyurtma #{n}",
    created_at: "Yaratilgan",
    closed_at: "Yopilgan",
    items_table: "Mahsulotlar",
    payments_table: "To'lovlar",
    history_title: "O'zgarishlar tarixi",
    history_empty: "Tarix hali sinxronlanmagan",
    history_when: "Vaqt",
    col_terminal: "Terminal",
    col_change: "O'zgarish",
    change_order: "Buyurtma: {n} ta mahsulot",
    change_payment: "To'lov: {method}",
    manager_terminal: "menejer",
    alarm_void_after_payment: "To'langan buyurtma bekor qilindi",
    alarm_refund: "Pul qaytarildi",
    items_total: "Mahsulotlar summasi",
    service_charge: "Xizmat haqi",
    linked_order: "Bog'langan buyurtma",
    transaction_title: "O'tkazma",
    total_count: "Jami o'tkazmalar soni",
    total_sum: "Jami summa (tasdiqlangan)",
    unlimited: "∞",
    employee_title: "Xodim",
    back_to_list: "Ro'yxatga qaytish",
    order_number: "#{n}",
    other: "Boshqalar",
    role_unknown: "?",
};

/// Русский.
pub const RU: PortalText = PortalText {
    fig_orders: "Завершённые заказы",
    fig_revenue: "Общая выручка",
    fig_profit: "Прибыль",
    fig_payments: "Подтверждённые платежи",
    fig_products: "Товары",
    range_from: "С",
    range_to: "По",
    refresh: "Обновить",
    e_range: "Неверный период: начало не позже конца, не более 366 дней",
    kpi_revenue: "Общая выручка",
    kpi_profit: "Прибыль",
    kpi_product_profit: "Прибыль с товаров",
    kpi_service: "Наценка за место/стол",
    kpi_total_profit: "Общая прибыль",
    kpi_orders: "Количество заказов",
    vs_previous: "{change} к предыдущему периоду",
    no_previous: "нет данных за предыдущий период",
    period_line: "{from} — {to}",
    recent_orders: "Последние заказы",
    orders_by_hour: "Заказы по часам",
    orders_by_hour_desc: "Всего заказов: {total}; пиковый час {peak} ({n})",
    best_sellers: "Самые продаваемые товары",
    by_category: "Распределение по категориям",
    revenue_by_product: "Выручка по товарам",
    chart_desc: "строк: {n}; наибольшее: {top}",
    no_data: "Нет данных за выбранный период",
    n_orders: "заказов: {n}",
    col_number: "Номер",
    col_date: "Дата и время",
    col_place: "Место/стол",
    col_employee: "Сотрудник",
    col_total: "Итого",
    col_status: "Статус",
    col_orders: "Заказы",
    col_revenue: "Выручка",
    col_average: "Средний чек",
    col_product: "Товар",
    col_qty: "Количество",
    col_price: "Цена",
    col_line_total: "Сумма",
    col_branch: "Филиал",
    col_method: "Способ оплаты",
    col_amount: "Сумма",
    col_sold: "Продано",
    col_stock: "Остаток",
    col_role: "Должность",
    col_category: "Категория",
    st_open: "Открыт",
    st_confirmed: "Подтверждён",
    st_completed: "Завершён",
    st_cancelled: "Отменён",
    ps_pending: "Ожидается",
    ps_confirmed: "Подтверждён",
    ps_failed: "Неуспешный",
    ps_refunded: "Возвращён",
    pm_cash: "Наличные",
    pm_card: "Карта",
    pm_mobile: "Мобильный",
    role_cashier: "Кассир",
    role_waiter: "Официант",
    role_cook: "Повар",
    role_manager: "Менеджер",
    role_administrator: "Администратор",
    search: "Найти",
    search_orders: "Номер заказа",
    search_products: "Название или категория",
    all_statuses: "Все статусы",
    all_methods: "Все способы",
    empty_orders: "Заказы не найдены",
    empty_products: "Товары не найдены",
    empty_employees: "Сотрудников пока нет",
    empty_payments: "Транзакции не найдены",
    order_title: "Заказ №{n}",
    created_at: "Создан",
    closed_at: "Закрыт",
    items_table: "Товары",
    payments_table: "Платежи",
    history_title: "История изменений",
    history_empty: "История ещё не синхронизирована",
    history_when: "Время",
    col_terminal: "Терминал",
    col_change: "Изменение",
    change_order: "Заказ: позиций {n}",
    change_payment: "Платёж: {method}",
    manager_terminal: "менеджер",
    alarm_void_after_payment: "Оплаченный заказ отменён",
    alarm_refund: "Деньги возвращены",
    items_total: "Сумма товаров",
    service_charge: "Плата за обслуживание",
    linked_order: "Связанный заказ",
    transaction_title: "Транзакция",
    total_count: "Всего транзакций",
    total_sum: "Сумма (подтверждённые)",
    unlimited: "∞",
    employee_title: "Сотрудник",
    back_to_list: "К списку",
    order_number: "№{n}",
    other: "Прочие",
    role_unknown: "?",
};

/// English.
pub const EN: PortalText = PortalText {
    fig_orders: "Completed orders",
    fig_revenue: "Total revenue",
    fig_profit: "Profit",
    fig_payments: "Confirmed payments",
    fig_products: "Products",
    range_from: "From",
    range_to: "To",
    refresh: "Refresh",
    e_range: "Invalid range: the start must not be after the end, at most 366 days",
    kpi_revenue: "Total revenue",
    kpi_profit: "Profit",
    kpi_product_profit: "Product profit",
    kpi_service: "Place/table charge",
    kpi_total_profit: "Total profit",
    kpi_orders: "Orders",
    vs_previous: "{change} vs previous period",
    no_previous: "no data for the previous period",
    period_line: "{from} — {to}",
    recent_orders: "Recent orders",
    orders_by_hour: "Orders by hour",
    orders_by_hour_desc: "{total} orders in all; busiest hour {peak} ({n})",
    best_sellers: "Best sellers",
    by_category: "Split by category",
    revenue_by_product: "Revenue per product",
    chart_desc: "{n} rows; largest: {top}",
    no_data: "No data for the selected period",
    n_orders: "{n} orders",
    col_number: "Number",
    col_date: "Date and time",
    col_place: "Place/table",
    col_employee: "Employee",
    col_total: "Total",
    col_status: "Status",
    col_orders: "Orders",
    col_revenue: "Revenue",
    col_average: "Average order",
    col_product: "Product",
    col_qty: "Quantity",
    col_price: "Price",
    col_line_total: "Total",
    col_branch: "Branch",
    col_method: "Method",
    col_amount: "Amount",
    col_sold: "Sold",
    col_stock: "Stock",
    col_role: "Role",
    col_category: "Category",
    st_open: "Open",
    st_confirmed: "Confirmed",
    st_completed: "Completed",
    st_cancelled: "Cancelled",
    ps_pending: "Pending",
    ps_confirmed: "Confirmed",
    ps_failed: "Failed",
    ps_refunded: "Refunded",
    pm_cash: "Cash",
    pm_card: "Card",
    pm_mobile: "Mobile",
    role_cashier: "Cashier",
    role_waiter: "Waiter",
    role_cook: "Cook",
    role_manager: "Manager",
    role_administrator: "Administrator",
    search: "Search",
    search_orders: "Order number",
    search_products: "Name or category",
    all_statuses: "All statuses",
    all_methods: "All methods",
    empty_orders: "No orders found",
    empty_products: "No products found",
    empty_employees: "No employees yet",
    empty_payments: "No transactions found",
    order_title: "Order #{n}",
    created_at: "Created",
    closed_at: "Closed",
    items_table: "Items",
    payments_table: "Payments",
    history_title: "Change history",
    history_empty: "The history has not synced yet",
    history_when: "When",
    col_terminal: "Terminal",
    col_change: "Change",
    change_order: "Order: {n} lines",
    change_payment: "Payment: {method}",
    manager_terminal: "manager",
    alarm_void_after_payment: "A paid order was cancelled",
    alarm_refund: "Money given back",
    items_total: "Items total",
    service_charge: "Service charge",
    linked_order: "Linked order",
    transaction_title: "Transaction",
    total_count: "Transactions",
    total_sum: "Total (confirmed)",
    unlimited: "∞",
    employee_title: "Employee",
    back_to_list: "Back to the list",
    order_number: "#{n}",
    other: "Other",
    role_unknown: "?",
};
