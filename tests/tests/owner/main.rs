//! End-to-end tests of the owner's side of the cloud: accounts, the
//! portal's figures and forms, administrators, tenant isolation and billing
//! (Payme, Click, saved cards, Multicard), on SQLite and PostgreSQL, against
//! real cloud processes and the providers' simulators. One module per area
//! (`cargo test --test owner portal::` runs one).

mod accounts;
mod admin;
mod billing_cards;
mod billing_click;
mod billing_multicard;
mod billing_pages;
mod billing_payme;
mod isolation;
mod portal;
mod portal_forms;
mod route_groups;
mod telegram;
mod telegram_notify;
