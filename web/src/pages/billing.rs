//! Billing's pages: the subscription and the payment settings (Multicard).

use askama::Template;

use super::{Choice, Chrome, FormError};

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
