//! The cargo cabinet of courier companies (C1–C5, C8, C9, C12, C13): their
//! clients create, upload, print and track shipments; the company's offices
//! run hubs whose parcel desks scan them, and the scans become each
//! shipment's history.
//!
//! # Layout
//! - this file: the domain's map and what other domains may call.
//! - [`tracking`] (and `tracking/walk_ins.rs`): parcel desks' scans and walk-ins (sync batches) become
//!   each shipment's history, in scan-time order; the history for the pages.

pub mod tracking;
