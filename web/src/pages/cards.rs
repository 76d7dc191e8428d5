//! The saved card page (B6): the card on file, and the form that sends a new
//! card's number straight from the browser to Payme.

use askama::Template;

use super::Chrome;

/// The card on file, as shown.
#[derive(Debug, Clone, Default)]
pub struct CardView {
    /// Id (the remove form names it).
    pub id: String,
    /// Uzcard, Humo, Visa, Mastercard.
    pub brand: String,
    /// Last four digits.
    pub last4: String,
    /// "Amal qilish muddati 03/99".
    pub expires: String,
}

/// "Saqlangan karta".
#[derive(Debug, Template, Default)]
#[template(path = "billing/card.html")]
pub struct CardPage {
    /// Layout.
    pub c: Chrome,
    /// The card on file.
    pub card: Option<CardView>,
    /// Payme's Subscribe API is configured (else the form is not offered).
    pub available: bool,
    /// Where the browser calls Payme (`…/api`).
    pub subscribe_url: String,
    /// The cash desk id (front-end `X-Auth`).
    pub merchant_id: String,
    /// Payme's offer.
    pub offer_url: String,
    /// What went wrong, in the owner's language.
    pub error: Option<String>,
    /// Its code (`data-error`).
    pub error_code: String,
    /// "Karta saqlandi".
    pub notice: Option<String>,
}
