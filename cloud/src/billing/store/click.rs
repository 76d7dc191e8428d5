//! click's SQL (being built).
