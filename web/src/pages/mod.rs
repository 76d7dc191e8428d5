//! View models. Every field is already formatted for display; every page
//! carries the [`Chrome`] its layout needs (language, catalog, CSRF token,
//! who is signed in). This module holds what pages share; each domain's
//! pages live in the file named after it, bound to `templates/<domain>/`.
//!
//! # Layout
//! - this module: [`Chrome`] and the menu, [`Viewer`], [`FormError`],
//!   [`Choice`], [`Pager`], [`MessagePage`] (404 and error pages).
//! - [`accounts`]: sign-in, registration, new password, profile.
//! - [`portal`]: dashboard, orders, products, employees, transactions.
//! - [`branches`]: branches, pairing, unpairing.
//! - [`billing`]: subscription, payment settings.
//! - [`cards`]: the saved card page.
//! - [`cargo`]: the cargo cabinet's frame ([`cargo::CargoChrome`]) and pages.
//! - [`admin`]: platform administration (`/admin`).

pub mod accounts;
pub mod admin;
pub mod billing;
pub mod branches;
pub mod cards;
pub mod cargo;
pub mod cargo_business;
pub mod cargo_ops;
pub mod cargo_pay;
pub mod cargo_shipments;
pub mod cargo_uploads;
pub mod portal;

use askama::Template;

pub use accounts::{
    LoginPage, NewPasswordPage, ProfilePage, RegisterCodePage, RegisterDetailsPage, RegisterPhonePage, SessionLine,
    TelegramBox, WebAppEntryPage,
};
pub use billing::{
    CardLine, PayChoice, PaymentSettingsPage, PendingInvoice, Provider, ReceiptLine, ReceiptPage, ReceiptsPage,
    SubscriptionPage, TariffCard,
};
pub use branches::{BranchCard, BranchesPage, HubLine, HubRevokePage, TerminalRow, UnpairPage};
pub use cards::{CardPage, CardView};
pub use portal::{
    DashboardPage, EmployeeLine, EmployeePage, EmployeesPage, HistoryLine, ItemLine, Kpi, OrderLine, OrderPage,
    OrdersPage, PaymentLine, ProductCard, ProductsPage, TransactionPage, TransactionsPage,
};

use crate::i18n::{ErrorCode, Field, Lang, Text};

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
    /// A banner above every page (the subscription's grace period, a
    /// read-only portal), with a link to the subscription page.
    pub banner: Option<String>,
    /// The signed-in platform administrator's name: the admin pages' bar
    /// (search, audit log, sign out) instead of the owner's menu.
    pub admin: Option<String>,
    /// The portal is open as a Telegram Web App: the page follows
    /// Telegram's theme and back button (the script reads `data-webapp`).
    pub webapp: bool,
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
            banner: None,
            admin: None,
            webapp: false,
        }
    }
}

impl Chrome {
    /// The chrome of a page in `lang`.
    #[must_use]
    pub fn new(lang: Lang, csrf: impl Into<String>, path: impl Into<String>, viewer: Option<Viewer>) -> Self {
        Self {
            lang,
            t: lang.text(),
            csrf: csrf.into(),
            path: path.into(),
            viewer,
            branches: Vec::new(),
            banner: None,
            admin: None,
            webapp: false,
        }
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
    pub fn menu(&self) -> Vec<(&'static str, MenuLabel)> {
        let courier = self.viewer.as_ref().is_some_and(|v| v.courier);
        MENU.iter().filter(|(_, label)| courier || *label != MenuLabel::Cargo).copied().collect()
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
    /// Kargo: the courier company's operators' pages.
    Cargo,
}

impl MenuLabel {
    fn text(self, t: &'static Text) -> &'static str {
        match self {
            Self::Dashboard => t.chrome.nav_dashboard,
            Self::Orders => t.chrome.nav_orders,
            Self::Products => t.chrome.nav_products,
            Self::Employees => t.chrome.nav_employees,
            Self::Transactions => t.chrome.nav_transactions,
            Self::Branches => t.chrome.nav_branches,
            Self::Subscription => t.chrome.nav_subscription,
            Self::PaymentSettings => t.chrome.nav_payment_settings,
            Self::Profile => t.chrome.nav_profile,
            Self::Cargo => t.chrome.nav_cargo,
        }
    }
}

/// The menu, in the manual's order ("Kargo" for courier companies only).
const MENU: &[(&str, MenuLabel)] = &[
    ("/", MenuLabel::Dashboard),
    ("/orders", MenuLabel::Orders),
    ("/cargo-ops", MenuLabel::Cargo),
    ("/products", MenuLabel::Products),
    ("/employees", MenuLabel::Employees),
    ("/transactions", MenuLabel::Transactions),
    ("/branches", MenuLabel::Branches),
    ("/subscription", MenuLabel::Subscription),
    ("/payment-settings", MenuLabel::PaymentSettings),
    ("/profile", MenuLabel::Profile),
];

/// A form error: a stable code (for tests and scripts) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// Why; its [`ErrorCode::code`] is rendered as `data-error`.
    pub code: ErrorCode,
    /// What the user reads.
    pub message: String,
}

impl FormError {
    /// The error `code` in `t`'s language, its placeholders filled by
    /// `values`. A `field` value is a form field's name (`first_name`, see
    /// [`Field::name`]) and becomes that field's label; a name that is no
    /// known field is shown as it is.
    #[must_use]
    pub fn new(t: &Text, code: ErrorCode, values: &[(&str, String)]) -> FormError {
        let values: Vec<(&str, &str)> = values
            .iter()
            .map(|(name, value)| {
                let value = match Field::from_name(value) {
                    Some(field) if *name == "field" => t.field(field),
                    _ => value.as_str(),
                };
                (*name, value)
            })
            .collect();
        FormError { code, message: t.error(code, &values) }
    }
}

/// The signed-in owner, for the layout's header.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    /// "Ism Familiya".
    pub name: String,
    /// The business.
    pub business: String,
    /// A courier company: the menu has the operators' pages.
    pub courier: bool,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, RU, UZ};

    #[test]
    fn form_errors_name_fields_by_their_label() {
        let e = FormError::new(&EN, ErrorCode::FieldRequired, &[("field", "first_name".into())]);
        assert_eq!(e.code, ErrorCode::FieldRequired);
        assert_eq!(e.message, "First name is required (at most 100 characters)");
        let e = FormError::new(&RU, ErrorCode::FieldRequired, &[("field", Field::BranchName.name().into())]);
        assert_eq!(e.message, "Поле «Название филиала» обязательно (не более 100 символов)");
        let e = FormError::new(&UZ, ErrorCode::BranchLimit, &[("max", "5".into())]);
        assert_eq!(e.message, "Tarifingiz 5 ta filialga ruxsat beradi");
        // Only `field` values are looked up: a `name` value is left alone.
        let e = FormError::new(&EN, ErrorCode::CodeWrong, &[("left", "name".into())]);
        assert_eq!(e.message, "Wrong code. name tries left");
    }

    #[test]
    fn form_errors_render_their_code() -> Result<(), askama::Error> {
        let error = Some(FormError::new(&EN, ErrorCode::LoginFailed, &[]));
        let html =
            LoginPage { c: Chrome::new(Lang::En, "tok", "/login", None), error, ..LoginPage::default() }.render()?;
        assert!(
            html.contains(
                r#"<p class="error" role="alert" data-error="login_failed">Wrong phone number or password</p>"#
            )
        );
        Ok(())
    }
}
