//! Platform administration's pages (`/admin`): sign-in, the forced new
//! password, the business search, the business card, the audit log. Every
//! value is formatted for display already.

use askama::Template;

use super::{Chrome, FormError, Pager};

/// "Administrator kirishi".
#[derive(Debug, Template, Default)]
#[template(path = "admin/login.html")]
pub struct AdminLoginPage {
    /// Layout.
    pub c: Chrome,
    /// The login typed, kept on error.
    pub login: String,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// The administrator's new password (forced at the first sign-in).
#[derive(Debug, Template, Default)]
#[template(path = "admin/password.html")]
pub struct AdminPasswordPage {
    /// Layout.
    pub c: Chrome,
    /// Whether a temporary password forces it.
    pub forced: bool,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// A business in the search's results.
#[derive(Debug, Clone, Default)]
pub struct BusinessRow {
    /// Id (the card's link).
    pub id: String,
    /// Name.
    pub name: String,
    /// Owner's name.
    pub owner: String,
    /// Owner's phone.
    pub phone: String,
    /// `active`, `trial`, `expired`, `suspended`.
    pub status_code: String,
    /// The status in the page's language.
    pub status: String,
    /// Tariff name.
    pub tariff: String,
    /// Registration date.
    pub created: String,
}

/// `/admin`: search by phone or name.
#[derive(Debug, Template, Default)]
#[template(path = "admin/search.html")]
pub struct AdminSearchPage {
    /// Layout.
    pub c: Chrome,
    /// What was typed.
    pub q: String,
    /// This page of results.
    pub rows: Vec<BusinessRow>,
    /// Previous / next.
    pub pager: Pager,
    /// What went wrong (a malformed phone).
    pub error: Option<FormError>,
}

/// An owner on the business card.
#[derive(Debug, Clone, Default)]
pub struct OwnerRow {
    /// Id (the reset form's value).
    pub id: String,
    /// Phone.
    pub phone: String,
    /// Name.
    pub name: String,
    /// A temporary password is pending.
    pub must_change: bool,
    /// Registration date.
    pub created: String,
}

/// An invoice on the business card.
#[derive(Debug, Clone, Default)]
pub struct InvoiceRow {
    /// Id.
    pub id: String,
    /// When made.
    pub created: String,
    /// Tariff name.
    pub tariff: String,
    /// Month or year.
    pub period: String,
    /// Amount.
    pub amount: String,
    /// `open`, `paid`, `cancelled`.
    pub status_code: String,
    /// Status in the page's language.
    pub status: String,
    /// Who made it.
    pub origin: String,
}

/// A payment on the business card.
#[derive(Debug, Clone, Default)]
pub struct PaymentRow {
    /// Id.
    pub id: String,
    /// When confirmed.
    pub paid: String,
    /// Provider's name.
    pub provider: String,
    /// The provider's transaction id.
    pub txn: String,
    /// Amount.
    pub amount: String,
    /// The invoice it settled.
    pub invoice_id: String,
    /// The paid time: "from – to".
    pub covers: String,
}

/// `/admin/businesses/{id}`.
#[derive(Debug, Template, Default)]
#[template(path = "admin/business.html")]
pub struct AdminBusinessPage {
    /// Layout.
    pub c: Chrome,
    /// Business id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Registration date.
    pub created: String,
    /// How many branches.
    pub branches: i64,
    /// Owners.
    pub owners: Vec<OwnerRow>,
    /// Tariff name.
    pub tariff: String,
    /// `active`, `trial`, `expired`, `suspended`.
    pub status_code: String,
    /// Status in the page's language.
    pub status: String,
    /// End of the paid or trial time.
    pub ends: String,
    /// Why it is suspended.
    pub reason: Option<String>,
    /// Suspended now (the resume form shows instead of the suspend form).
    pub suspended: bool,
    /// Invoices, newest first.
    pub invoices: Vec<InvoiceRow>,
    /// Payments, newest first.
    pub payments: Vec<PaymentRow>,
    /// What went wrong.
    pub error: Option<FormError>,
    /// What was just done.
    pub notice: Option<String>,
    /// After a reset: the line above the temporary password, and the password (shown once).
    pub temporary: Option<(String, String)>,
}

/// A line of the audit log.
#[derive(Debug, Clone, Default)]
pub struct AuditRow {
    /// When.
    pub at: String,
    /// `admin` or `cli`.
    pub actor_kind: String,
    /// Who: login, or "user (command line)".
    pub actor: String,
    /// The stored action code.
    pub action_code: String,
    /// The action in the page's language.
    pub action: String,
    /// The business's id, if any.
    pub business_id: String,
    /// The business's name, if any.
    pub business: String,
    /// Reason or detail.
    pub detail: String,
    /// Client address.
    pub addr: String,
}

/// `/admin/audit`.
#[derive(Debug, Template, Default)]
#[template(path = "admin/audit.html")]
pub struct AdminAuditPage {
    /// Layout.
    pub c: Chrome,
    /// The title ("Audit log" or "Audit log: business").
    pub title: String,
    /// Filtered by this business.
    pub filtered: bool,
    /// This page of lines, newest first.
    pub rows: Vec<AuditRow>,
    /// Previous / next.
    pub pager: Pager,
}
