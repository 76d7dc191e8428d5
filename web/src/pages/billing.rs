//! Billing's pages: the subscription with its payment flow, receipts, and the
//! payment settings (Multicard).

use askama::Template;

use super::{Choice, Chrome, FormError};

/// A tariff card.
#[derive(Debug, Clone, Default)]
pub struct TariffCard {
    /// Code (the form's `tariff`).
    pub code: String,
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
    /// What it offers.
    pub features: Vec<String>,
    /// Costs nothing: no "Tanlash".
    pub free: bool,
    /// The owner's current tariff.
    pub current: bool,
}

/// A provider an owner may pay with, on a tariff card.
#[derive(Debug, Clone, Default)]
pub struct PayChoice {
    /// Code (the form's `provider`).
    pub code: String,
    /// Name.
    pub name: String,
    /// Configured and usable now.
    pub available: bool,
    /// Why not ("Tez kunda...", "Mavjud emas").
    pub note: String,
    /// Chosen by default.
    pub checked: bool,
}

/// The saved card, as shown.
#[derive(Debug, Clone, Default)]
pub struct CardLine {
    /// Uzcard, Humo, Visa, Mastercard.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// "amal qilish muddati 03/99".
    pub expiry: String,
}

/// The invoice the owner came back from the provider with.
#[derive(Debug, Clone, Default)]
pub struct PendingInvoice {
    /// Id (the status endpoint's).
    pub id: String,
    /// `open`, `paid` or `cancelled`.
    pub state: String,
    /// Heading.
    pub title: String,
    /// What it is and what happens next.
    pub text: String,
    /// The receipt's address once paid.
    pub receipt: Option<String>,
}

/// "Obuna".
#[derive(Debug, Template, Default)]
#[template(path = "billing/subscription.html")]
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
    /// Status code (`trial`, `active`, `expired`, `suspended`).
    pub status_code: String,
    /// The grace period, a read-only portal, a suspension: what it means.
    pub access_note: Option<String>,
    /// Auto-renewal on.
    pub auto_renew: bool,
    /// The saved card.
    pub card: Option<CardLine>,
    /// Limits: branches used/max.
    pub branches: String,
    /// Limits: terminals.
    pub terminals: String,
    /// Tariffs.
    pub tariffs: Vec<TariffCard>,
    /// Providers to pay with (the same on every card).
    pub providers: Vec<PayChoice>,
    /// Any provider usable now.
    pub can_pay: bool,
    /// The invoice being paid (`?invoice=`).
    pub pending: Option<PendingInvoice>,
    /// "Saqlandi".
    pub notice: Option<String>,
    /// What was wrong with the last form, in the viewer's language.
    pub error: Option<String>,
}

impl SubscriptionPage {
    /// Whether the invoice shown is still waiting (the page refreshes
    /// itself without JavaScript).
    #[must_use]
    pub fn waiting(&self) -> bool {
        self.pending.as_ref().is_some_and(|p| p.state == "open")
    }
}

/// A row of the receipts list.
#[derive(Debug, Clone, Default)]
pub struct ReceiptLine {
    /// Id.
    pub id: String,
    /// Paid at.
    pub paid_at: String,
    /// Tariff and period.
    pub what: String,
    /// Provider.
    pub provider: String,
    /// Amount.
    pub amount: String,
}

/// "Kvitansiyalar".
#[derive(Debug, Template, Default)]
#[template(path = "billing/receipts.html")]
pub struct ReceiptsPage {
    /// Layout.
    pub c: Chrome,
    /// Newest first.
    pub rows: Vec<ReceiptLine>,
}

/// One receipt: every field already in the viewer's language.
#[derive(Debug, Template, Default)]
#[template(path = "billing/receipt.html")]
pub struct ReceiptPage {
    /// Layout.
    pub c: Chrome,
    /// Id (the PDF's address).
    pub id: String,
    /// "Kvitansiya № …".
    pub title: String,
    /// Label and value rows.
    pub rows: Vec<(String, String)>,
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
#[template(path = "billing/payment_settings.html")]
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
