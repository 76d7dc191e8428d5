//! View models. Every field is already formatted for display.

use askama::Template;

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
    /// The phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// Registration step 2: the SMS code.
#[derive(Debug, Template, Default)]
#[template(path = "register_code.html")]
pub struct RegisterCodePage {
    /// Where the code went.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// A note ("Yangi kod yuborildi").
    pub notice: Option<String>,
    /// Seconds until "Qayta yuborish" works.
    pub resend_in_s: i64,
}

/// Registration step 3: name, business, password.
#[derive(Debug, Template, Default)]
#[template(path = "register_details.html")]
pub struct RegisterDetailsPage {
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
    /// Who is signed in.
    pub viewer: Viewer,
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
    /// Hubs enrolled.
    pub hubs: i64,
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
    /// Who is signed in.
    pub viewer: Viewer,
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
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
}
