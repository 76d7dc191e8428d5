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
}

impl Default for Chrome {
    fn default() -> Self {
        Self { lang: Lang::Uz, t: Lang::Uz.text(), csrf: String::new(), path: "/".into(), viewer: None }
    }
}

impl Chrome {
    /// The chrome of a page in `lang`.
    #[must_use]
    pub fn new(lang: Lang, csrf: impl Into<String>, path: impl Into<String>, viewer: Option<Viewer>) -> Self {
        Self { lang, t: lang.text(), csrf: csrf.into(), path: path.into(), viewer }
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
    /// Filiallar.
    Branches,
}

impl MenuLabel {
    fn text(self, t: &'static Text) -> &'static str {
        match self {
            Self::Dashboard => t.nav_dashboard,
            Self::Branches => t.nav_branches,
        }
    }
}

/// The menu, in the manual's order.
const MENU: &[(&str, MenuLabel)] = &[("/", MenuLabel::Dashboard), ("/branches", MenuLabel::Branches)];

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

/// A KPI line of the summary page.
#[derive(Debug, Clone, Default)]
pub struct Figure {
    /// Label.
    pub label: String,
    /// Formatted value.
    pub value: String,
}

/// The summary (Dashboard until the portal issue).
#[derive(Debug, Template, Default)]
#[template(path = "home.html")]
pub struct HomePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Figures.
    pub figures: Vec<Figure>,
    /// Tariff line ("Biznes · 14 kun qoldi").
    pub subscription: String,
}

/// A terminal on a branch card.
#[derive(Debug, Clone, Default)]
pub struct TerminalRow {
    /// Id (for the revoke form).
    pub id: String,
    /// Name.
    pub name: String,
    /// Revoked.
    pub revoked: bool,
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
