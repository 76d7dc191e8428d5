//! # Layout
//! What a business pays for and how its customers pay:
//! - [`lifecycle`]: the subscription's states and what each allows, pure.
//! - [`subscription`]: the subscription page (P10): the tariff in force, its
//!   end, the limits in use, the tariffs on offer.
//! - [`payment_settings`]: payment settings (P11): each branch's Multicard
//!   credentials, the secret sealed at rest.
//! - [`store`]: subscriptions, tariffs, payment settings.
//!
//! Provider callbacks (Payme, Click) are served by [`callbacks`], a route
//! group with no cookies and no CSRF whose handlers authenticate each call
//! by the provider's signature; it has no routes until the providers come.

pub mod invoices;
pub mod lifecycle;
pub mod payment_settings;
pub mod settings;
pub mod store;
pub mod subscription;

use axum::Router;
use axum::routing::get;

use crate::http::AppState;

/// Billing's owner pages.
pub fn pages() -> Router<AppState> {
    Router::new().route("/subscription", get(subscription::subscription)).merge(payment_settings::pages())
}

/// Calls from payment providers (none yet).
pub fn callbacks() -> Router<AppState> {
    Router::new()
}
