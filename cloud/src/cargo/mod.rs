//! The cargo cabinet of courier companies (C1–C5, C8, C9, C12, C13): their
//! clients create, upload, print and track shipments; the company's offices
//! run hubs whose parcel desks scan them, and the scans become each
//! shipment's history.
//!
//! # Layout
//! - this file: the domain's map and what other domains may call.
//! - [`xlsx`]: the upload template, reading an upload into rows of text, the
//!   file of failed rows, the orders export.

pub mod xlsx;
