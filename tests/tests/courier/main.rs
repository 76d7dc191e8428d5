//! End-to-end tests of the cargo cabinet: courier companies, their clients'
//! shipments, uploads, documents, parcel desks through real hubs, tracking,
//! the ledger and payments, on SQLite and PostgreSQL. One module per area
//! (`cargo test --test courier cargo_desk::` runs one).

mod cargo_api;
mod cargo_cabinet;
mod cargo_desk;
mod cargo_documents;
mod cargo_ledger;
mod cargo_ops;
mod cargo_orders;
mod cargo_print;
mod cargo_track;
mod cargo_upload;
