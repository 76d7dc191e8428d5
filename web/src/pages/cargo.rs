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
    /// Not there yet: shown, not linked.
    pub disabled: bool,
}

/// A menu entry's label in a catalog.
pub type MenuText = fn(&CabinetText) -> &'static str;

/// The cabinet's menu in the manual's order: path under the cabinet's root,
/// label, whether it is there yet. "Chiqish" follows as a form.
pub const CABINET_MENU: [(&str, MenuText, bool); 8] = [
    ("/profile", |t| t.nav_profile, true),
    ("/orders", |t| t.nav_orders, true),
    ("/payments", |t| t.nav_payments, true),
    ("/personal", |t| t.nav_personal, true),
    ("/incoming", |t| t.nav_incoming, true),
    ("/ecommerce", |t| t.nav_ecommerce, true),
    ("/business", |t| t.nav_business, true),
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

/// "Profilim" (C1).
#[derive(Debug, Template)]
#[template(path = "cargo/profile.html")]
pub struct CargoProfilePage {
    /// Layout.
    pub c: CargoChrome,
    /// F.I.Sh.
    pub full_name: String,
    /// The phone (login and contact).
    pub phone: String,
    /// "0 so'm".
    pub balance: String,
    /// `DD.MM.YYYY` or empty.
    pub birth_date: String,
    /// The account's barcode.
    pub barcode: String,
    /// The photo's URL, when there is one.
    pub photo_url: Option<String>,
    /// The name's first letter, when there is no photo.
    pub initial: String,
    /// App Store QR code (a `data:` SVG) and its link.
    pub ios: Option<(String, String)>,
    /// Google Play QR code (a `data:` SVG) and its link.
    pub android: Option<(String, String)>,
    /// What went wrong.
    pub error: Option<Alert>,
    /// A notice ("Saqlandi").
    pub notice: Option<String>,
}

/// A row of the payments list (C7).
#[derive(Debug, Clone, Default)]
pub struct PaymentLine {
    /// The ledger row's id (its receipt's address).
    pub id: String,
    /// Its number among the client's payments, oldest first.
    pub no: i64,
    /// Tashkent time.
    pub at: String,
    /// How it was paid (Click, cash, bank transfer…).
    pub method: String,
    /// The amount.
    pub amount: String,
    /// The shipment's barcode, if it paid for one.
    pub barcode: String,
    /// The note (a transfer's document number, a provider's transaction id).
    pub note: String,
    /// A payment given back (a negative row, no receipt of its own).
    pub returned: bool,
    /// The number of the contract it is on (empty: the general account).
    pub contract: String,
}

/// "To'lovlar" (C7): the client's balance and payments, newest first.
#[derive(Debug, Template)]
#[template(path = "cargo/payments.html")]
pub struct CargoPaymentsPage {
    /// Layout.
    pub c: CargoChrome,
    /// The balance, printed.
    pub balance: String,
    /// The client owes.
    pub owes: bool,
    /// The payments.
    pub rows: Vec<PaymentLine>,
    /// Back from a provider: how the payment went (code, message).
    pub notice: Option<(String, String)>,
    /// How many rows the client's ledger had when the page was made (its
    /// script asks whether that changed, see `/balance`).
    pub version: i64,
}

impl CargoPaymentsPage {
    /// The page's strings.
    #[must_use]
    pub fn m(&self) -> &'static crate::i18n::cargo_money::MoneyText {
        &self.c.t.cargo.money
    }
}

/// A row of the appeals table.
#[derive(Debug, Clone, Default)]
pub struct AppealLine {
    /// Id (the answer form's target).
    pub id: String,
    /// The company's number.
    pub number: i64,
    /// Tashkent date and time.
    pub date: String,
    /// Type's name.
    pub kind: String,
    /// Status code (`new`, `answered`), for the badge's class.
    pub status_code: String,
    /// Status's name.
    pub status: String,
    /// The answer, or empty.
    pub answer: String,
    /// Name and phone of who wrote it (operators' list).
    pub who: String,
    /// Its text (operators' list).
    pub body: String,
    /// The shipment it is about, by barcode.
    pub shipment: String,
}

/// The appeal form (in the popup, on its own page, or without an account).
#[derive(Debug, Clone, Default)]
pub struct AppealForm {
    /// Where it posts.
    pub action: String,
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Chosen type's code.
    pub kind: String,
    /// Text.
    pub body: String,
    /// The shipment's id (hidden) and its note, when about one.
    pub shipment: Option<(String, String)>,
    /// The captcha.
    pub captcha: CaptchaView,
}

impl AppealForm {
    /// The type choices in `t`'s language.
    #[must_use]
    pub fn kinds(&self, t: &CabinetText) -> Vec<(&'static str, &'static str, bool)> {
        crate::i18n::cargo_cabinet::AppealKind::ALL
            .iter()
            .map(|k| (k.code(), t.kind(*k), k.code() == self.kind))
            .collect()
    }
}

/// "Murojaatlarim" (C13): the history and the "+ Murojaat" popup.
#[derive(Debug, Template)]
#[template(path = "cargo/appeals.html")]
pub struct CargoAppealsPage {
    /// Layout.
    pub c: CargoChrome,
    /// The history, newest first.
    pub appeals: Vec<AppealLine>,
    /// The popup's form.
    pub form: AppealForm,
    /// The popup opens at once (it is about a shipment).
    pub open_now: bool,
    /// "Received, number N".
    pub notice: Option<String>,
    /// Unused here (the layout's partials look for it).
    pub error: Option<Alert>,
}

/// The appeal form on a page of its own (no script, an error, or without
/// an account when `c.client` is `None`).
#[derive(Debug, Template)]
#[template(path = "cargo/appeal_form.html")]
pub struct CargoAppealFormPage {
    /// Layout.
    pub c: CargoChrome,
    /// The form.
    pub form: AppealForm,
    /// What went wrong.
    pub error: Option<Alert>,
    /// After sending without an account: "Received, number N".
    pub notice: Option<String>,
}

/// The operators' appeals (`/cargo-ops/appeals`, the owner portal).
#[derive(Debug, Template)]
#[template(path = "cargo_ops/appeals.html")]
pub struct CargoOpsAppealsPage {
    /// The owner portal's layout.
    pub c: super::Chrome,
    /// Which list: `new` or `answered`.
    pub status: String,
    /// The company's cabinet, for a link.
    pub cabinet: String,
    /// The list.
    pub appeals: Vec<AppealLine>,
    /// A notice ("Javob yuborildi").
    pub notice: Option<String>,
    /// What went wrong.
    pub error: Option<Alert>,
}

impl CargoOpsAppealsPage {
    /// The cabinet strings.
    #[must_use]
    pub fn ct(&self) -> &'static CabinetText {
        &self.c.t.cargo.cabinet
    }
}
