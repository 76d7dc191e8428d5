//! The language terminals, hubs and the cloud speak.
//!
//! Pure data: domain types, the messages on the wire, MQTT topic names and
//! message authentication. Nothing here performs I/O; every other crate builds
//! on these types.
//!
//! # Layout
//! - [`ids`]: identifiers made on the terminal (UUIDv7) for every entity.
//! - [`money`]: [`Money`] in tiyin (`i64`) and [`Quantity`] in thousandths.
//! - [`time`]: [`Timestamp`], milliseconds since the Unix epoch, UTC.
//! - [`catalog`], [`staff`], [`place`]: products, employees, places/tables.
//! - [`order`], [`payment`]: orders with items, payment transactions.
//! - [`parcel`]: a courier's shipments: barcode, lifecycle, reasons, desk scans.
//! - [`event`]: what a terminal reports ([`EventBody`]) and how repeats are recognised.
//! - [`message`]: terminal → hub and hub → terminal messages (events, acks, config).
//! - [`mobile`]: mobile payments at the till (Multicard), terminal ↔ hub ↔ cloud.
//! - [`envelope`]: the versioned, MAC'd postcard envelope around every message.
//! - [`credential`]: a terminal's secret and the keys derived from it.
//! - [`pairing`]: pairing a terminal: its key and short code, POS logins, the hub's offer.
//! - [`topic`]: MQTT topic names.
//! - [`sync`]: hub ↔ cloud: enrolment, sync batches, config pushed down, the hub's credential.
//!
//! # Wire compatibility
//! postcard is not self-describing. Everything that crosses a process boundary
//! is append-only: new enum variants and struct fields go at the end, nothing is
//! reordered, and `tests/golden.rs` pins the bytes.

pub mod catalog;
pub mod credential;
pub mod envelope;
pub mod event;
pub mod handover;
pub mod hub_id;
pub mod ids;
pub mod message;
pub mod mobile;
pub mod money;
pub mod order;
pub mod pairing;
pub mod parcel;
pub mod payment;
pub mod place;
pub mod staff;
pub mod sync;
pub mod time;
pub mod topic;

pub use catalog::{Product, Stock, Unit};
pub use credential::{CredentialError, MacKey, TerminalCredential, TerminalSecret};
pub use envelope::{Direction, Envelope, EnvelopeError, Opened, PROTOCOL_VERSION, ReplayWindow, Unverified};
pub use event::{EntityKey, EntityKind, EventBody, Version};
pub use ids::{EmployeeId, HubId, OrderId, PaymentId, PlaceId, ProductId, ScanId, ShipmentId, TerminalId};
pub use message::{Ack, HubMessage, Presence, RejectReason, Rejected, TerminalConfig, TerminalMessage};
pub use money::{Money, MoneyError, Quantity};
pub use order::{Order, OrderItem, OrderStatus};
pub use parcel::{
    Barcode, BarcodeError, DeskShipment, ParcelPayment, ParcelScan, ParcelType, ReasonCode, ScanKind, ShipmentStatus,
};
pub use payment::{Payment, PaymentMethod, PaymentStatus};
pub use place::Place;
pub use staff::{Employee, Role};
pub use time::Timestamp;
