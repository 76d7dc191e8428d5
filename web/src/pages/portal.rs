//! The portal's pages over synced data: dashboard, orders, products,
//! employees, transactions. Statuses, methods and roles are the protocol's
//! enums; templates name them with [`Text`]'s helpers and use their codes for
//! CSS classes.

use askama::Template;

use protocol::{OrderStatus, PaymentMethod, PaymentStatus, Role};

use super::{Choice, Chrome, FormError, Pager};
use crate::i18n::Text;

/// A headline figure of the dashboard.
#[derive(Debug, Clone, Default)]
pub struct Kpi {
    /// Stable key (`revenue`, `profit`, `orders`), rendered as `data-kpi`.
    pub key: String,
    /// Label.
    pub label: String,
    /// Formatted value.
    pub value: String,
    /// "+12,5% vs previous period", or the no-data text.
    pub change: String,
    /// `up`, `down`, `flat` or `none` (CSS colour).
    pub trend: String,
    /// Breakdown lines (label, value): product profit, service charge, total.
    pub parts: Vec<(String, String)>,
}

/// An order in a list.
#[derive(Debug, Clone)]
pub struct OrderLine {
    /// Id (link).
    pub id: String,
    /// "#001".
    pub number: String,
    /// Created, Tashkent.
    pub date: String,
    /// Place / table.
    pub place: String,
    /// Employee.
    pub employee: String,
    /// Branch.
    pub branch: String,
    /// Total.
    pub total: String,
    /// Status: its name, and its code as the CSS colour (`st-open`).
    pub status: OrderStatus,
}

impl OrderLine {
    /// The status's name.
    #[must_use]
    pub fn status_label(&self, t: &Text) -> &'static str {
        t.order_status(self.status)
    }
}

/// An employee with figures.
#[derive(Debug, Clone, Default)]
pub struct EmployeeLine {
    /// Id (link).
    pub id: String,
    /// Name.
    pub name: String,
    /// Role; `None` until the employee's record has synced.
    pub role: Option<Role>,
    /// Active.
    pub active: bool,
    /// Branch.
    pub branch: String,
    /// Orders taken.
    pub orders: String,
    /// Revenue.
    pub revenue: String,
    /// Average order.
    pub average: String,
}

impl EmployeeLine {
    /// The role's name, or the unknown-role mark.
    #[must_use]
    pub fn role_label(&self, t: &Text) -> &'static str {
        self.role.map_or(t.portal.role_unknown, |role| t.role(role))
    }
}

/// The dashboard.
#[derive(Debug, Template, Default)]
#[template(path = "portal/dashboard.html")]
pub struct DashboardPage {
    /// Layout.
    pub c: Chrome,
    /// Range start (`YYYY-MM-DD`).
    pub from: String,
    /// Range end, inclusive.
    pub to: String,
    /// "16.11.2026 — 22.11.2026".
    pub period: String,
    /// `orders`, `employees` or `products`.
    pub tab: String,
    /// Range error.
    pub error: Option<FormError>,
    /// Headline figures.
    pub kpis: Vec<Kpi>,
    /// Orders tab: newest orders.
    pub orders: Vec<OrderLine>,
    /// Orders tab: orders by hour (SVG).
    pub hours_chart: String,
    /// Orders and products tab: best sellers (SVG).
    pub best_chart: String,
    /// Employees tab.
    pub employees: Vec<EmployeeLine>,
    /// Products tab: split by category (SVG).
    pub category_chart: String,
    /// Products tab: revenue per product (SVG).
    pub revenue_chart: String,
}

impl DashboardPage {
    /// The link to a tab, keeping the range.
    #[must_use]
    pub fn tab_href(&self, tab: &str) -> String {
        format!("/?from={}&to={}&tab={tab}", self.from, self.to)
    }
}

/// "Buyurtmalar".
#[derive(Debug, Template, Default)]
#[template(path = "portal/orders.html")]
pub struct OrdersPage {
    /// Layout.
    pub c: Chrome,
    /// The number searched for.
    pub q: String,
    /// Status filter.
    pub statuses: Vec<Choice>,
    /// Rows.
    pub orders: Vec<OrderLine>,
    /// Pages.
    pub pager: Pager,
}

/// A line of an order.
#[derive(Debug, Clone, Default)]
pub struct ItemLine {
    /// Product.
    pub name: String,
    /// Quantity.
    pub qty: String,
    /// Unit price.
    pub price: String,
    /// Line total.
    pub total: String,
}

/// A payment in a list or on its page.
#[derive(Debug, Clone)]
pub struct PaymentLine {
    /// Id (link).
    pub id: String,
    /// Method: its name, and its code as the icon's CSS class (`pm-cash`).
    pub method: PaymentMethod,
    /// Date, Tashkent.
    pub date: String,
    /// Amount.
    pub amount: String,
    /// Status: its name, and its code as the CSS colour (`ps-confirmed`).
    pub status: PaymentStatus,
    /// Employee.
    pub employee: String,
    /// Branch.
    pub branch: String,
    /// The order's id.
    pub order_id: String,
    /// The order's number ("#001"), empty when the order has not synced.
    pub order_number: String,
}

impl PaymentLine {
    /// The method's name.
    #[must_use]
    pub fn method_label(&self, t: &Text) -> &'static str {
        t.payment_method(self.method)
    }

    /// The status's name.
    #[must_use]
    pub fn status_label(&self, t: &Text) -> &'static str {
        t.payment_status(self.status)
    }
}

/// An order's page.
#[derive(Debug, Template)]
#[template(path = "portal/order.html")]
pub struct OrderPage {
    /// Layout.
    pub c: Chrome,
    /// The order.
    pub order: OrderLine,
    /// Closed, Tashkent (or empty).
    pub closed: String,
    /// Lines.
    pub items: Vec<ItemLine>,
    /// Items total.
    pub items_total: String,
    /// Service charge.
    pub service_charge: String,
    /// Payments.
    pub payments: Vec<PaymentLine>,
    /// Every change of the order and its payments, oldest first.
    pub history: Vec<HistoryLine>,
}

/// One change in an order's history.
#[derive(Debug, Clone, Default)]
pub struct HistoryLine {
    /// When, Tashkent.
    pub date: String,
    /// "2 · Kassa 2".
    pub terminal: String,
    /// Made on a manager's terminal.
    pub manager: bool,
    /// The employee.
    pub employee: String,
    /// "Buyurtma: 3 ta mahsulot", "To'lov: Naqd".
    pub change: String,
    /// The status label at that revision.
    pub status: String,
    /// The total or amount.
    pub amount: String,
    /// Why this change deserves a look (a void after payment, a refund), or empty.
    pub alarm: &'static str,
}

/// A product card.
#[derive(Debug, Clone, Default)]
pub struct ProductCard {
    /// Name.
    pub name: String,
    /// Category.
    pub category: String,
    /// Price.
    pub price: String,
    /// Active.
    pub active: bool,
    /// Stock ("∞" when unlimited).
    pub stock: String,
    /// Sold.
    pub sold: String,
    /// Revenue.
    pub revenue: String,
}

/// "Mahsulotlar".
#[derive(Debug, Template, Default)]
#[template(path = "portal/products.html")]
pub struct ProductsPage {
    /// Layout.
    pub c: Chrome,
    /// Search text.
    pub q: String,
    /// Cards.
    pub cards: Vec<ProductCard>,
    /// Pages.
    pub pager: Pager,
}

/// "Xodimlar".
#[derive(Debug, Template, Default)]
#[template(path = "portal/employees.html")]
pub struct EmployeesPage {
    /// Layout.
    pub c: Chrome,
    /// Rows.
    pub rows: Vec<EmployeeLine>,
}

/// An employee's page.
#[derive(Debug, Template, Default)]
#[template(path = "portal/employee.html")]
pub struct EmployeePage {
    /// Layout.
    pub c: Chrome,
    /// The employee.
    pub e: EmployeeLine,
}

/// "O'tkazmalar".
#[derive(Debug, Template, Default)]
#[template(path = "portal/transactions.html")]
pub struct TransactionsPage {
    /// Layout.
    pub c: Chrome,
    /// Status filter.
    pub statuses: Vec<Choice>,
    /// Method filter.
    pub methods: Vec<Choice>,
    /// "Jami o'tkazmalar soni".
    pub count: String,
    /// "Jami summa".
    pub sum: String,
    /// Rows.
    pub rows: Vec<PaymentLine>,
    /// Pages.
    pub pager: Pager,
}

/// A transaction's page.
#[derive(Debug, Template)]
#[template(path = "portal/transaction.html")]
pub struct TransactionPage {
    /// Layout.
    pub c: Chrome,
    /// The payment.
    pub p: PaymentLine,
}

#[cfg(test)]
mod tests {
    use askama::Template;
    use protocol::{OrderStatus, PaymentMethod, PaymentStatus, Role};

    use super::*;
    use crate::i18n::Lang;

    fn payment(method: PaymentMethod, status: PaymentStatus) -> PaymentLine {
        PaymentLine {
            id: "p1".into(),
            method,
            date: String::new(),
            amount: "5 so'm".into(),
            status,
            employee: String::new(),
            branch: String::new(),
            order_id: "o1".into(),
            order_number: "#001".into(),
        }
    }

    #[test]
    fn statuses_and_methods_render_their_code_and_name() -> Result<(), askama::Error> {
        let c = Chrome::new(Lang::En, "tok", "/orders/o1", None);
        let order = OrderLine {
            id: "o1".into(),
            number: "#001".into(),
            date: String::new(),
            place: String::new(),
            employee: String::new(),
            branch: String::new(),
            total: String::new(),
            status: OrderStatus::Cancelled,
        };
        let html = OrderPage {
            c,
            order,
            closed: String::new(),
            items: Vec::new(),
            items_total: String::new(),
            service_charge: String::new(),
            payments: vec![payment(PaymentMethod::Mobile, PaymentStatus::Refunded)],
            history: vec![HistoryLine {
                terminal: "2 · Kassa 2".into(),
                manager: true,
                alarm: "A paid order was cancelled",
                ..HistoryLine::default()
            }],
        }
        .render()?;
        assert!(html.contains(r#"<tr data-change class="alarm" data-alarm>"#), "{html}");
        assert!(html.contains(r#"2 · Kassa 2 <span class="badge idle" data-manager>manager</span>"#), "{html}");
        assert!(html.contains(r#"<span class="status st-cancelled">Cancelled</span>"#), "{html}");
        assert!(html.contains(r#"<span class="pm pm-mobile" aria-hidden="true"></span>Mobile"#), "{html}");
        assert!(html.contains(r#"<span class="status ps-refunded">Refunded</span>"#), "{html}");

        let c = Chrome::new(Lang::Ru, "tok", "/employees", None);
        let line = |role| EmployeeLine { role, ..EmployeeLine::default() };
        let html = EmployeesPage { c, rows: vec![line(Some(Role::Cook)), line(None)] }.render()?;
        assert!(html.contains("<p>Повар · ") && html.contains("<p>? · "), "{html}");
        Ok(())
    }
}
