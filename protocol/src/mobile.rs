//! Mobile payments at the till (Multicard): the terminal asks its hub, the
//! hub asks the cloud, the cloud makes a Multicard invoice whose
//! `checkout_url` the terminal shows as a QR code; Multicard's callback
//! confirms it and the confirmation travels back the same way.
//!
//! Terminal ↔ hub: [`MobilePaymentRequest`] inside
//! `TerminalMessage::MobilePayment`, [`MobilePaymentUpdate`] inside
//! `HubMessage::MobilePayment` (postcard, append-only like every message).
//! Hub ↔ cloud: the JSON bodies of `POST /api/v1/multicard/payments` and
//! `POST /api/v1/multicard/payments/wait` ([`CloudInvoiceRequest`],
//! [`CloudInvoice`], [`CloudWaitRequest`], [`CloudWaitResponse`]).

use serde::{Deserialize, Serialize};

use crate::{Money, OrderId, PaymentId};

/// A terminal asks for a mobile payment. The payment id is the request's
/// identity: asking again for the same payment is the same invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobilePaymentRequest {
    /// The order paid.
    pub order: OrderId,
    /// The terminal's payment (method `Mobile`).
    pub payment: PaymentId,
    /// How much.
    pub amount: Money,
}

/// Where a mobile payment stands, as the hub tells the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MobilePaymentState {
    /// Show this URL as a QR code; the payer pays there.
    Checkout {
        /// Multicard's checkout page.
        checkout_url: String,
    },
    /// Multicard confirmed the payment.
    Paid,
    /// It did not go through (refused, expired, reverted).
    Failed,
    /// Mobile payments cannot be taken now (no internet, the branch has no
    /// Multicard, Multicard does not answer): choose another method.
    Unavailable,
}

/// The hub's word on one mobile payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MobilePaymentUpdate {
    /// Which payment.
    pub payment: PaymentId,
    /// Its state.
    pub state: MobilePaymentState,
}

/// Hub → cloud: make an invoice for a terminal's payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudInvoiceRequest {
    /// The terminal that asks.
    pub terminal: String,
    /// Its order.
    pub order: String,
    /// Its payment (the request's identity).
    pub payment: String,
    /// Tiyin.
    pub amount: i64,
}

/// Cloud → hub: the invoice made (or found, for a repeated request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudInvoice {
    /// The cloud's id for it (what the hub waits on).
    pub id: String,
    /// The terminal's payment.
    pub payment: String,
    /// Where the payer pays.
    pub checkout_url: String,
    /// `pending`, `paid`, `failed` or `refunded`.
    pub status: String,
}

/// Hub → cloud: "tell me when any of these is no longer pending", waiting
/// up to `wait_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloudWaitRequest {
    /// Cloud ids.
    pub ids: Vec<String>,
    /// Longest wait, ms (the cloud caps it).
    pub wait_ms: u64,
}

/// Cloud → hub: the ones no longer pending (empty when the wait ran out).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CloudWaitResponse {
    /// Each one settled.
    pub done: Vec<CloudInvoice>,
}
