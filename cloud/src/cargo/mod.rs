//! The cargo cabinet of courier companies (C1–C5, C8, C9, C12, C13): their
//! clients create, upload, print and track shipments; the company's offices
//! run hubs whose parcel desks scan them, and the scans become each
//! shipment's history.
//!
//! # Layout
//! - this file: the domain's map and what other domains may call.
//! - [`geo`]: regions and districts (SOATO), found by code or any name.
//! - [`pricing`]: the price of a shipment from the company's tariff.
//! - [`draft`]: the one parser of a new shipment (form and spreadsheet rows).
//! - [`counters`]: barcode serials and each company's numbers.
//! - [`store`]: shipments' SQL: create, lists, one, delete, history, tariff.

pub mod counters;
pub mod draft;
pub mod geo;
pub mod pricing;
pub mod store;
