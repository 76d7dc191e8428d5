//! The cargo cabinet's pages (`templates/cargo/`): the frame every cabinet
//! page extends ([`CargoChrome`], `cargo/layout.html`), sign-in and
//! registration of a company's clients, the profile, appeals, and the
//! operators' appeals page.
//!
//! A cabinet page is a struct with a `c: CargoChrome` field (and `error`
//! when it includes `_error.html`-like alerts), a template that starts with
//! `{% extends "cargo/layout.html" %}` and fills `title` and `body`.

use askama::Template;

use crate::i18n::cargo_cabinet::{CabinetProblem, CabinetText};
use crate::i18n::{Lang, Text};

/// What every cabinet page's layout needs.
#[derive(Debug, Clone)]
pub struct CargoChrome {
    /// The page's language.
    pub lang: Lang,
    /// Its catalog.
    pub t: &'static Text,
    /// The CSRF token every form carries (field `csrf`).
    pub csrf: String,
    /// The page's path (the language switcher comes back to it).
    pub path: String,
    /// The cabinet's root, `/cargo/{slug}`.
    pub base: String,
    /// The company's name.
    pub company: String,
    /// The signed-in client's name; `None` on sign-in and registration.
    pub client: Option<String>,
    /// Breadcrumbs after "Bosh sahifa > Shaxsiy kabinet > {menu entry}"
    /// (a shipment's barcode on its page…), the last one unlinked.
    pub crumbs: Vec<Crumb>,
}

/// A breadcrumb.
#[derive(Debug, Clone, Default)]
pub struct Crumb {
    /// Its page, `None` for the current one.
    pub href: Option<String>,
    /// Its text.
    pub label: String,
}

/// A cabinet menu entry, ready for the template.
#[derive(Debug, Clone)]
pub struct CabinetLink {
    /// Where it leads.
    pub href: String,
    /// Its text.
    pub label: &'static str,
    /// The current page is (under) it.
    pub current: bool,
    /// Not there yet (To'lovlar, part 2): shown, not linked.
    pub disabled: bool,
}

/// The cabinet's menu in the manual's order: path under the cabinet's root,
/// label, whether it is there yet. "Chiqish" follows as a form.
pub const CABINET_MENU: [(&str, fn(&CabinetText) -> &'static str, bool); 6] = [
    ("/profile", |t| t.nav_profile, true),
    ("/orders", |t| t.nav_orders, true),
    ("/payments", |t| t.nav_payments, false),
    ("/personal", |t| t.nav_personal, true),
    ("/incoming", |t| t.nav_incoming, true),
    ("/appeals", |t| t.nav_appeals, true),
];

impl CargoChrome {
    /// The chrome of a cabinet page.
    #[must_use]
    pub fn new(
        lang: Lang,
        csrf: impl Into<String>,
        path: impl Into<String>,
        base: impl Into<String>,
        company: impl Into<String>,
        client: Option<String>,
    ) -> Self {
        Self {
            lang,
            t: lang.text(),
            csrf: csrf.into(),
            path: path.into(),
            base: base.into(),
            company: company.into(),
            client,
            crumbs: Vec::new(),
        }
    }

    /// The same chrome with one more breadcrumb.
    #[must_use]
    pub fn with_crumb(mut self, href: Option<String>, label: impl Into<String>) -> Self {
        self.crumbs.push(Crumb { href, label: label.into() });
        self
    }

    /// The cabinet's strings.
    #[must_use]
    pub fn ct(&self) -> &'static CabinetText {
        &self.t.cargo.cabinet
    }

    /// The menu with the current entry marked.
    #[must_use]
    pub fn menu(&self) -> Vec<CabinetLink> {
        CABINET_MENU
            .iter()
            .map(|(suffix, label, ready)| {
                let href = format!("{}{suffix}", self.base);
                let current = self.path == href || self.path.starts_with(&format!("{href}/"));
                CabinetLink { href, label: label(self.ct()), current, disabled: !ready }
            })
            .collect()
    }

    /// The menu entry the page is under (the third breadcrumb).
    #[must_use]
    pub fn section(&self) -> Option<CabinetLink> {
        self.menu().into_iter().find(|l| l.current)
    }

    /// The switcher's languages.
    #[must_use]
    pub fn langs(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    /// Whether `lang` is the page's language.
    #[must_use]
    pub fn is_lang(&self, lang: &Lang) -> bool {
        *lang == self.lang
    }
}

/// An error or notice on a cabinet page: a stable code (`data-error`, for
/// tests and scripts) and the message in the page's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Stable code.
    pub code: String,
    /// What the user reads.
    pub message: String,
}

impl Alert {
    /// A cabinet problem in `t`'s language.
    #[must_use]
    pub fn problem(t: &Text, p: CabinetProblem) -> Alert {
        Alert { code: p.code().to_owned(), message: t.cargo.cabinet.problem(p).to_owned() }
    }

    /// An account flow's error (see [`super::FormError`]).
    #[must_use]
    pub fn form(e: super::FormError) -> Alert {
        Alert { code: e.code.code().to_owned(), message: e.message }
    }
}

/// A captcha question on a form.
#[derive(Debug, Clone, Default)]
pub struct CaptchaView {
    /// "7 + 5 =".
    pub question: String,
    /// The signed token (hidden field `captcha_token`).
    pub token: String,
    /// The "another sum" link (the same page, a new question).
    pub refresh: String,
}

/// Sign-in to a company's cabinet.
#[derive(Debug, Template)]
#[template(path = "cargo/login.html")]
pub struct CargoLoginPage {
    /// Layout.
    pub c: CargoChrome,
    /// The phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<Alert>,
}

/// Registration step 1: the phone.
#[derive(Debug, Template)]
#[template(path = "cargo/register.html")]
pub struct CargoRegisterPage {
    /// Layout.
    pub c: CargoChrome,
    /// The phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<Alert>,
}

/// Registration step 2: the code, the name, the password.
#[derive(Debug, Template)]
#[template(path = "cargo/register_code.html")]
pub struct CargoRegisterCodePage {
    /// Layout.
    pub c: CargoChrome,
    /// "A code was sent to …".
    pub sent_to: String,
    /// The name typed.
    pub full_name: String,
    /// What went wrong.
    pub error: Option<Alert>,
    /// A notice (a new code was sent).
    pub notice: Option<String>,
}
