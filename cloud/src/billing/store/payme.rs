//! payme's SQL (being built).
