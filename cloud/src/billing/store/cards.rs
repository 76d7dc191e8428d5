//! cards's SQL (being built).
