//! multicard's SQL (being built).
