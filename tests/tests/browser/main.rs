//! The portal and the cargo cabinet in a real headless Chromium (WebDriver)
//! on desktop and phone viewports. One module per area (`cargo test --test
//! browser browser_portal::` runs one).

mod browser_billing;
mod browser_cards;
mod browser_cargo_cabinet;
mod browser_cargo_orders;
mod browser_checkout;
mod browser_pairing;
mod browser_portal;
mod browser_smoke;
mod browser_telegram;
