//! View models. Every field is already formatted for display; every page
//! carries the [`Chrome`] its layout needs (language, catalog, CSRF token,
//! who is signed in).

use askama::Template;

use crate::i18n::{Lang, Text};

/// What every page's layout needs.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language.
    pub lang: Lang,
    /// Its catalog.
    pub t: &'static Text,
    /// The CSRF token every form carries (field `csrf`).
    pub csrf: String,
    /// The page's path (the language switcher comes back to it).
    pub path: String,
    /// Who is signed in, for the menu; `None` on the sign-in pages.
    pub viewer: Option<Viewer>,
    /// The branch selector's choices (empty on the sign-in pages).
    pub branches: Vec<BranchOption>,
}

/// A choice of the branch selector.
#[derive(Debug, Clone, Default)]
pub struct BranchOption {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The one pages are filtered by.
    pub selected: bool,
}

impl Default for Chrome {
    fn default() -> Self {
        Self {
            lang: Lang::Uz,
            t: Lang::Uz.text(),
            csrf: String::new(),
            path: "/".into(),
            viewer: None,
            branches: Vec::new(),
        }
    }
}

impl Chrome {
    /// The chrome of a page in `lang`.
    #[must_use]
    pub fn new(lang: Lang, csrf: impl Into<String>, path: impl Into<String>, viewer: Option<Viewer>) -> Self {
        Self { lang, t: lang.text(), csrf: csrf.into(), path: path.into(), viewer, branches: Vec::new() }
    }

    /// Whether no branch is selected (every branch is shown).
    #[must_use]
    pub fn all_branches(&self) -> bool {
        !self.branches.iter().any(|b| b.selected)
    }

    /// The switcher's languages.
    #[must_use]
    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    /// The menu: the portal's pages, in the manual's order.
    #[must_use]
    pub fn menu(&self) -> &'static [(&'static str, MenuLabel)] {
        MENU
    }

    /// A menu entry's label in this page's language.
    #[must_use]
    pub fn label(&self, label: &MenuLabel) -> &'static str {
        label.text(self.t)
    }

    /// Whether `lang` is the page's language (the switcher marks it).
    #[must_use]
    pub fn is_lang(&self, lang: &Lang) -> bool {
        *lang == self.lang
    }

    /// Whether the menu entry for `path` is the current page.
    #[must_use]
    pub fn is_current(&self, path: &str) -> bool {
        if path == "/" { self.path == "/" } else { self.path == path || self.path.starts_with(&format!("{path}/")) }
    }
}

/// Which catalog entry names a menu item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuLabel {
    /// Dashboard.
    Dashboard,
    /// Buyurtmalar.
    Orders,
    /// Mahsulotlar.
    Products,
    /// Xodimlar.
    Employees,
    /// O'tkazmalar.
    Transactions,
    /// Filiallar.
    Branches,
    /// Obuna.
    Subscription,
    /// To'lov sozlamalari.
    PaymentSettings,
    /// Profil.
    Profile,
}

impl MenuLabel {
    fn text(self, t: &'static Text) -> &'static str {
        match self {
            Self::Dashboard => t.nav_dashboard,
            Self::Orders => t.nav_orders,
            Self::Products => t.nav_products,
            Self::Employees => t.nav_employees,
            Self::Transactions => t.nav_transactions,
            Self::Branches => t.nav_branches,
            Self::Subscription => t.nav_subscription,
            Self::PaymentSettings => t.nav_payment_settings,
            Self::Profile => t.nav_profile,
        }
    }
}

/// The menu, in the manual's order.
const MENU: &[(&str, MenuLabel)] = &[
    ("/", MenuLabel::Dashboard),
    ("/orders", MenuLabel::Orders),
    ("/products", MenuLabel::Products),
    ("/employees", MenuLabel::Employees),
    ("/transactions", MenuLabel::Transactions),
    ("/branches", MenuLabel::Branches),
    ("/subscription", MenuLabel::Subscription),
    ("/payment-settings", MenuLabel::PaymentSettings),
    ("/profile", MenuLabel::Profile),
];

/// A form error: a stable code (for tests and scripts) and the message.
#[derive(Debug, Clone, Default)]
pub struct FormError {
    /// Stable code, rendered as `data-error`.
    pub code: String,
    /// What the user reads.
    pub message: String,
}

/// "Kirish".
#[derive(Debug, Template, Default)]
#[template(path = "login.html")]
pub struct LoginPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The phone typed, to keep it on error.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// A note shown above the form (after registration, after reset).
    pub notice: Option<String>,
}

/// Registration step 1: the phone.
#[derive(Debug, Template, Default)]
#[template(path = "register_phone.html")]
pub struct RegisterPhonePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// Registration step 2: the SMS code.
#[derive(Debug, Template, Default)]
#[template(path = "register_code.html")]
pub struct RegisterCodePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// "A 6-digit code was sent to …".
    pub sent_to: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// A note ("Yangi kod yuborildi").
    pub notice: Option<String>,
    /// When "Qayta yuborish" works ("in 42 s"), or empty.
    pub resend_hint: String,
}

/// Registration step 3: name, business, password.
#[derive(Debug, Template, Default)]
#[template(path = "register_details.html")]
pub struct RegisterDetailsPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Verified phone.
    pub phone: String,
    /// Ism.
    pub first_name: String,
    /// Familiya.
    pub last_name: String,
    /// Biznes nomi.
    pub business_name: String,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// Forced (or voluntary) new password.
#[derive(Debug, Template, Default)]
#[template(path = "password_new.html")]
pub struct NewPasswordPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Whether an administrator's reset forced it.
    pub forced: bool,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// The signed-in owner, for the layout's header.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// "Ism Familiya".
    pub name: String,
    /// The business.
    pub business: String,
}

/// A terminal on a branch card.
#[derive(Debug, Clone, Default)]
pub struct TerminalRow {
    /// Id (for the revoke form).
    pub id: String,
    /// Name.
    pub name: String,
    /// `active` (green), `offline` (grey), `waiting` (approved, the device
    /// has not collected its credential yet) or `revoked`.
    pub state: &'static str,
}

/// A branch card.
#[derive(Debug, Clone, Default)]
pub struct BranchCard {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// Faol / Nofaol.
    pub active: bool,
    /// "2 / 10 POS".
    pub terminals_usage: String,
    /// "hub: 1".
    pub hubs: String,
    /// "Oxirgi sinxronlash: …" or empty.
    pub last_sync: String,
    /// A fresh enrolment code to show once.
    pub enrolment_code: Option<String>,
    /// When that code expires (formatted).
    pub enrolment_expires: String,
    /// Terminals.
    pub terminals: Vec<TerminalRow>,
    /// A POS login just issued: login, password, "valid until" text.
    pub pos_login: Option<(String, String, String)>,
    /// "Kassa 2 ulandi…" after an approval on this card.
    pub paired: Option<String>,
    /// What went wrong with pairing on this card.
    pub pair_error: Option<FormError>,
    /// The code or QR text typed, kept on error.
    pub pair_code: String,
}

/// "Ulanishni o'chirish" confirmation.
#[derive(Debug, Template, Default)]
#[template(path = "unpair.html")]
pub struct UnpairPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The terminal's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its branch's name.
    pub branch: String,
}

/// "Filiallar".
#[derive(Debug, Template, Default)]
#[template(path = "branches.html")]
pub struct BranchesPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Cards.
    pub branches: Vec<BranchCard>,
    /// "2/5 filial".
    pub usage: String,
    /// Under the limit: the create form is shown.
    pub can_create: bool,
    /// Create-form values kept on error.
    pub name: String,
    /// Address typed.
    pub address: String,
    /// Phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// A plain message page (404, errors).
#[derive(Debug, Template, Default)]
#[template(path = "message.html")]
pub struct MessagePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
}

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
#[derive(Debug, Clone, Default)]
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
    /// Status code (CSS colour).
    pub status: String,
    /// Status name.
    pub status_label: String,
}

/// An employee with figures.
#[derive(Debug, Clone, Default)]
pub struct EmployeeLine {
    /// Id (link).
    pub id: String,
    /// Name.
    pub name: String,
    /// Role name.
    pub role: String,
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

/// The dashboard.
#[derive(Debug, Template, Default)]
#[template(path = "dashboard.html")]
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

/// Previous / next page links.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// "Page 2 of 7 · 320 in all".
    pub text: String,
    /// Link to the previous page.
    pub prev: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

/// A filter choice (code, label, selected).
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// Code.
    pub code: String,
    /// Label.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// "Buyurtmalar".
#[derive(Debug, Template, Default)]
#[template(path = "orders.html")]
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
#[derive(Debug, Clone, Default)]
pub struct PaymentLine {
    /// Id (link).
    pub id: String,
    /// Method code (icon).
    pub method: String,
    /// Method name.
    pub method_label: String,
    /// Date, Tashkent.
    pub date: String,
    /// Amount.
    pub amount: String,
    /// Status code (colour).
    pub status: String,
    /// Status name.
    pub status_label: String,
    /// Employee.
    pub employee: String,
    /// Branch.
    pub branch: String,
    /// The order's id.
    pub order_id: String,
    /// The order's number ("#001"), empty when the order has not synced.
    pub order_number: String,
}

/// An order's page.
#[derive(Debug, Template, Default)]
#[template(path = "order.html")]
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
#[template(path = "products.html")]
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
#[template(path = "employees.html")]
pub struct EmployeesPage {
    /// Layout.
    pub c: Chrome,
    /// Rows.
    pub rows: Vec<EmployeeLine>,
}

/// An employee's page.
#[derive(Debug, Template, Default)]
#[template(path = "employee.html")]
pub struct EmployeePage {
    /// Layout.
    pub c: Chrome,
    /// The employee.
    pub e: EmployeeLine,
}

/// "O'tkazmalar".
#[derive(Debug, Template, Default)]
#[template(path = "transactions.html")]
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
#[derive(Debug, Template, Default)]
#[template(path = "transaction.html")]
pub struct TransactionPage {
    /// Layout.
    pub c: Chrome,
    /// The payment.
    pub p: PaymentLine,
}

/// A tariff card.
#[derive(Debug, Clone, Default)]
pub struct TariffCard {
    /// Name.
    pub name: String,
    /// "299 000 so'm / oy".
    pub monthly: String,
    /// "2 990 000 so'm / yil".
    pub yearly: String,
    /// "Filiallar: 3 tagacha".
    pub branches: String,
    /// "Terminallar: 10 tagacha".
    pub terminals: String,
    /// The owner's current tariff.
    pub current: bool,
}

/// "Obuna".
#[derive(Debug, Template, Default)]
#[template(path = "subscription.html")]
pub struct SubscriptionPage {
    /// Layout.
    pub c: Chrome,
    /// Tariff name.
    pub tariff: String,
    /// End date.
    pub ends: String,
    /// Days left.
    pub days_left: String,
    /// Status name.
    pub status: String,
    /// Status code (`active`, `expired`, `suspended`).
    pub status_code: String,
    /// Auto-renewal on.
    pub auto_renew: bool,
    /// Limits: branches used/max.
    pub branches: String,
    /// Limits: terminals.
    pub terminals: String,
    /// Tariffs.
    pub tariffs: Vec<TariffCard>,
}

/// A payment provider on the settings page.
#[derive(Debug, Clone, Default)]
pub struct Provider {
    /// Name.
    pub name: String,
    /// Usable now.
    pub available: bool,
}

/// "To'lov sozlamalari".
#[derive(Debug, Template, Default)]
#[template(path = "payment_settings.html")]
pub struct PaymentSettingsPage {
    /// Layout.
    pub c: Chrome,
    /// Providers.
    pub providers: Vec<Provider>,
    /// Branch being set up (id); empty when the business has none.
    pub branch_id: String,
    /// Its name.
    pub branch_name: String,
    /// Branches to choose from.
    pub branches: Vec<Choice>,
    /// Store ID.
    pub store_id: String,
    /// Application ID.
    pub application_id: String,
    /// A secret is stored.
    pub secret_saved: bool,
    /// Enabled.
    pub enabled: bool,
    /// Token status name.
    pub token: String,
    /// Token status code (`active`, `inactive`, `unchecked`).
    pub token_code: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// "Saqlandi".
    pub notice: Option<String>,
}

/// "Profil".
#[derive(Debug, Template, Default)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    /// Layout.
    pub c: Chrome,
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Business.
    pub business: String,
    /// Registration date.
    pub registered: String,
    /// Tariff name.
    pub tariff: String,
    /// "2/5 filial".
    pub branches: String,
}
