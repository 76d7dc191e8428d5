//! # Layout
//! What a business pays for and how its customers pay:
//! - [`lifecycle`]: the subscription's states and what each allows, pure.
//! - [`subscription`]: the subscription page (P10): the tariff in force, its
//!   end, the limits in use, the tariffs on offer, and paying for one
//!   ("Tanlash" → the provider's checkout → "To'lov tekshirilmoqda...").
//! - [`receipts`]: every confirmed payment as a page and a PDF.
//! - [`payment_settings`]: payment settings (P11): each branch's Multicard
//!   credentials, the secret sealed at rest.
//! - [`store`]: subscriptions, tariffs, payment settings.
//!
//! Provider callbacks (Payme, Click) are served by [`callbacks`], a route
//! group with no cookies and no CSRF whose handlers authenticate each call
//! by the provider's signature; it has no routes until the providers come.

pub mod cards;
pub mod checkout;
pub mod click;
pub mod invoices;
pub mod lifecycle;
pub mod multicard;
pub mod payme;
pub mod payment_settings;
pub mod receipts;
pub mod renewal;
pub mod settings;
pub mod sim;
pub mod store;
pub mod subscribe_api;
pub mod subscription;

use axum::Router;

use crate::http::AppState;

/// Billing's owner pages.
pub fn pages() -> Router<AppState> {
    Router::new()
        .merge(subscription::pages())
        .merge(payment_settings::pages())
        .merge(cards::pages())
        .merge(receipts::pages())
}

/// Calls from payment providers: no cookies, no CSRF; each handler checks
/// the provider's signature.
pub fn callbacks() -> Router<AppState> {
    Router::new().merge(payme::callbacks()).merge(click::callbacks()).merge(multicard::callbacks())
}
