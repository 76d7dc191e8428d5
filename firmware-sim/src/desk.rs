//! A courier company's parcel desk: a POS terminal that scans parcels.
//!
//! The desk speaks to its hub like any till (the same [`Terminal`] engine:
//! sealed events, an outbox, resends until acked). What it records:
//! - accepting an online shipment: its barcode is scanned, the price is
//!   taken in cash (an ordinary order of one line "Jo'natma <barcode>" and a
//!   cash payment, and a [`ParcelPayment`] naming the parcel, which puts it
//!   on the client's ledger), then an `Accepted` scan;
//! - a walk-in: the next label off the office's roll becomes a
//!   [`DeskShipment`], with the cash order and payment and an `Accepted` scan;
//! - a scan at every step of the way (sorted, dispatched, arrived, out for
//!   delivery, delivered, a failed attempt with its reason, a return…).
//!
//! The desk's clock can be set (a desk whose clock says yesterday backdates
//! its scans, as an office that worked offline does when it syncs late).

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use protocol::{
    Barcode, DeskShipment, EmployeeId, EventBody, Money, Order, OrderId, OrderItem, OrderStatus, ParcelPayment,
    ParcelScan, Payment, PaymentId, PaymentMethod, PaymentStatus, ProductId, Quantity, ReasonCode, ScanId, ScanKind,
    ShipmentId, Timestamp,
};

use crate::outbox::Outbox;
use crate::terminal::{Terminal, TerminalError, TerminalOptions};

/// The name of the order line the desk sells: "Jo'natma" (a shipment) and its barcode.
#[must_use]
pub fn line_name(barcode: &Barcode) -> String {
    format!("Jo'natma {barcode}")
}

/// A desk could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The terminal engine stopped (revoked, or its outbox failed).
    #[error(transparent)]
    Terminal(#[from] TerminalError),
    /// The office's label roll has no label left (or the desk has none).
    #[error("no label left on the office's roll")]
    RollEmpty,
    /// The scan's kind needs a reason.
    #[error("a {0} scan needs a reason")]
    ReasonNeeded(&'static str),
    /// What the desk was about to send would be refused (see `EventBody::validate`).
    #[error("the desk would send an invalid event: {0}")]
    Invalid(&'static str),
    /// Events were still unacked when the caller stopped waiting.
    #[error("{0} event(s) still unacked")]
    Unacked(u64),
}

/// The pre-printed labels an office got: serials `[next, end)` left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelRoll {
    next: u64,
    end: u64,
}

impl LabelRoll {
    /// A roll of `count` labels from `first_serial`.
    #[must_use]
    pub fn new(first_serial: u64, count: u64) -> LabelRoll {
        LabelRoll { next: first_serial, end: first_serial.saturating_add(count) }
    }

    /// Takes the next label off the roll.
    pub fn take(&mut self) -> Option<Barcode> {
        if self.next >= self.end {
            return None;
        }
        let barcode = Barcode::from_serial(self.next)?;
        self.next += 1;
        Some(barcode)
    }

    /// Labels left.
    #[must_use]
    pub fn left(&self) -> u64 {
        self.end.saturating_sub(self.next)
    }
}

/// Who sends a walk-in parcel to whom, as the clerk types it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIn {
    /// Sender's name.
    pub sender_name: String,
    /// Sender's phone, `+998` and nine digits.
    pub sender_phone: String,
    /// Receiver's name.
    pub receiver_name: String,
    /// Receiver's phone, `+998` and nine digits.
    pub receiver_phone: String,
    /// Receiver's district (SOATO, seven digits).
    pub receiver_district: String,
    /// Receiver's address; empty: collected at the office.
    pub receiver_address: String,
    /// Weight in grams.
    pub weight_g: u32,
    /// Pieces.
    pub pieces: u32,
    /// The price, taken in cash.
    pub price: Money,
}

/// One parcel desk.
#[derive(Debug)]
pub struct Desk {
    terminal: Terminal,
    employee: EmployeeId,
    roll: Option<LabelRoll>,
    /// The desk's clock minus the real one, in ms.
    offset_ms: i64,
    /// Order numbers of the desk's cash orders.
    next_number: u32,
    /// Events recorded through this desk.
    recorded: u64,
}

impl Desk {
    /// A desk on `terminal`, worked by `employee`.
    #[must_use]
    pub fn new(terminal: Terminal, employee: EmployeeId) -> Desk {
        Desk { terminal, employee, roll: None, offset_ms: 0, next_number: 1, recorded: 0 }
    }

    /// Connects a desk to its hub with an in-memory outbox.
    #[must_use]
    pub fn connect(options: TerminalOptions, employee: EmployeeId) -> Desk {
        Desk::new(Terminal::spawn(options, Outbox::in_memory()), employee)
    }

    /// Gives the desk the office's label roll for walk-ins.
    pub fn set_roll(&mut self, roll: LabelRoll) {
        self.roll = Some(roll);
    }

    /// The roll, as it stands.
    #[must_use]
    pub fn roll(&self) -> Option<LabelRoll> {
        self.roll
    }

    /// Sets the desk's clock to `at` (it runs on from there).
    pub fn set_clock(&mut self, at: Timestamp) {
        self.offset_ms = at.0.saturating_sub(Timestamp::now().0);
    }

    /// Puts the desk's clock right again.
    pub fn reset_clock(&mut self) {
        self.offset_ms = 0;
    }

    /// The desk's clock.
    #[must_use]
    pub fn now(&self) -> Timestamp {
        Timestamp(Timestamp::now().0.saturating_add(self.offset_ms))
    }

    /// The terminal underneath (its counters, its catalog).
    #[must_use]
    pub fn terminal(&self) -> &Terminal {
        &self.terminal
    }

    async fn record(&mut self, event: EventBody) -> Result<(), DeskError> {
        event.validate().map_err(DeskError::Invalid)?;
        self.terminal.record(event).await?;
        self.recorded += 1;
        Ok(())
    }

    /// Scans a parcel: `kind` at this office, now by the desk's clock.
    ///
    /// # Errors
    /// [`DeskError::ReasonNeeded`] for a failed attempt or a return without
    /// a reason; [`DeskError::Terminal`] once the terminal stopped.
    pub async fn scan(
        &mut self,
        barcode: &Barcode,
        kind: ScanKind,
        reason: Option<ReasonCode>,
        note: &str,
    ) -> Result<ParcelScan, DeskError> {
        if kind.needs_reason() && reason.is_none() {
            return Err(DeskError::ReasonNeeded(kind.code()));
        }
        let at = self.now();
        let scan = ParcelScan {
            id: ScanId::new(),
            revision: 1,
            barcode: barcode.clone(),
            kind,
            reason,
            note: note.to_owned(),
            employee: self.employee,
            scanned_at: at,
            updated_at: at,
        };
        self.record(EventBody::ParcelScan(scan.clone())).await?;
        Ok(scan)
    }

    /// Takes `amount` in cash for a parcel: a completed order of one line
    /// "Jo'natma <barcode>" and a confirmed cash payment. Returns both.
    ///
    /// # Errors
    /// [`DeskError::Terminal`] once the terminal stopped; [`DeskError::Invalid`]
    /// for a non-positive amount.
    pub async fn take_cash(&mut self, barcode: &Barcode, amount: Money) -> Result<(Order, Payment), DeskError> {
        let at = self.now();
        let order = Order {
            id: OrderId::new(),
            revision: 1,
            number: self.next_number,
            place: None,
            employee: self.employee,
            items: vec![OrderItem {
                product: ProductId::from_name("cargo:shipment"),
                name: line_name(barcode),
                qty: Quantity::units(1),
                unit_price: amount,
                cost_price: Money::ZERO,
            }],
            service_charge: Money::ZERO,
            status: OrderStatus::Completed,
            created_at: at,
            closed_at: Some(at),
            updated_at: at,
        };
        let payment = Payment {
            id: PaymentId::new(),
            revision: 1,
            order: order.id,
            method: PaymentMethod::Cash,
            amount,
            status: PaymentStatus::Confirmed,
            employee: self.employee,
            created_at: at,
            updated_at: at,
        };
        EventBody::Payment(payment.clone()).validate().map_err(DeskError::Invalid)?;
        self.record(EventBody::Order(order.clone())).await?;
        self.record(EventBody::Payment(payment.clone())).await?;
        self.next_number = self.next_number.wrapping_add(1).max(1);
        Ok((order, payment))
    }

    /// Takes `amount` in cash for an online shipment: the sale
    /// ([`Desk::take_cash`]) and the [`ParcelPayment`] that puts it on the
    /// client's ledger. Returns the sale's payment and the parcel's.
    ///
    /// # Errors
    /// As [`Desk::take_cash`].
    pub async fn pay_online(
        &mut self,
        barcode: &Barcode,
        amount: Money,
    ) -> Result<(Payment, ParcelPayment), DeskError> {
        let (_, sale) = self.take_cash(barcode, amount).await?;
        let paid = ParcelPayment {
            payment: sale.id,
            revision: 1,
            barcode: barcode.clone(),
            amount,
            employee: self.employee,
            paid_at: sale.created_at,
            updated_at: sale.created_at,
        };
        EventBody::ParcelPayment(paid.clone()).validate().map_err(DeskError::Invalid)?;
        self.record(EventBody::ParcelPayment(paid.clone())).await?;
        Ok((sale, paid))
    }

    /// Gives a sale's money back: its payment's next revision, refunded (the
    /// same terminal that took it, as the hub requires). Returns it.
    ///
    /// # Errors
    /// [`DeskError::Terminal`] once the terminal stopped.
    pub async fn refund(&mut self, sale: &Payment) -> Result<Payment, DeskError> {
        let at = self.now().max(sale.updated_at);
        let refund = Payment {
            revision: sale.revision.saturating_add(1),
            status: PaymentStatus::Refunded,
            updated_at: at,
            ..sale.clone()
        };
        self.record(EventBody::Payment(refund.clone())).await?;
        Ok(refund)
    }

    /// Accepts an online shipment brought to the desk: takes `cash` for it
    /// ([`Desk::pay_online`]; none when it was paid online), then scans it
    /// `Accepted`.
    ///
    /// # Errors
    /// As [`Desk::pay_online`] and [`Desk::scan`].
    pub async fn accept_online(&mut self, barcode: &Barcode, cash: Option<Money>) -> Result<ParcelScan, DeskError> {
        if let Some(amount) = cash.filter(|m| m.tiyin() > 0) {
            self.pay_online(barcode, amount).await?;
        }
        self.scan(barcode, ScanKind::Accepted, None, "").await
    }

    /// Registers a walk-in on the next label of the office's roll: the
    /// shipment, its cash order and payment, and its `Accepted` scan.
    ///
    /// # Errors
    /// [`DeskError::RollEmpty`] without a label; as [`Desk::register_walk_in_on`].
    pub async fn register_walk_in(&mut self, walk_in: &WalkIn) -> Result<DeskShipment, DeskError> {
        let barcode = self.roll.as_mut().and_then(LabelRoll::take).ok_or(DeskError::RollEmpty)?;
        self.register_walk_in_on(barcode, walk_in).await
    }

    /// Registers a walk-in on a label the clerk scanned (`barcode`).
    ///
    /// # Errors
    /// [`DeskError::Invalid`] for details no hub would accept;
    /// [`DeskError::Terminal`] once the terminal stopped.
    pub async fn register_walk_in_on(&mut self, barcode: Barcode, w: &WalkIn) -> Result<DeskShipment, DeskError> {
        let at = self.now();
        let shipment = DeskShipment {
            id: ShipmentId::new(),
            revision: 1,
            barcode: barcode.clone(),
            sender_name: w.sender_name.clone(),
            sender_phone: w.sender_phone.clone(),
            receiver_name: w.receiver_name.clone(),
            receiver_phone: w.receiver_phone.clone(),
            receiver_district: w.receiver_district.clone(),
            receiver_address: w.receiver_address.clone(),
            weight_g: w.weight_g,
            pieces: w.pieces,
            price: w.price,
            employee: self.employee,
            created_at: at,
            updated_at: at,
        };
        self.record(EventBody::DeskShipment(shipment.clone())).await?;
        if w.price.tiyin() > 0 {
            self.take_cash(&barcode, w.price).await?;
        }
        self.scan(&barcode, ScanKind::Accepted, None, "").await?;
        Ok(shipment)
    }

    /// Changes a walk-in (a corrected phone, weight…): a new revision.
    ///
    /// # Errors
    /// As [`Desk::scan`].
    pub async fn revise_walk_in(&mut self, shipment: &DeskShipment) -> Result<DeskShipment, DeskError> {
        let mut next = shipment.clone();
        next.revision = next.revision.saturating_add(1);
        next.updated_at = self.now().max(shipment.updated_at);
        self.record(EventBody::DeskShipment(next.clone())).await?;
        Ok(next)
    }

    /// Events recorded through this desk.
    #[must_use]
    pub fn recorded(&self) -> u64 {
        self.recorded
    }

    /// Waits until the hub acked everything the desk recorded.
    ///
    /// # Errors
    /// [`DeskError::Unacked`] after `within`.
    pub async fn acked(&self, within: Duration) -> Result<(), DeskError> {
        let deadline = Instant::now() + within;
        loop {
            let state = &self.terminal.state;
            let taken = state.recorded.load(Ordering::Relaxed);
            let pending = state.pending.load(Ordering::Relaxed);
            if taken >= self.recorded && pending == 0 {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(DeskError::Unacked(pending.max(self.recorded.saturating_sub(taken))));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the desk after the hub acked everything (or `deadline` passed).
    ///
    /// # Errors
    /// The terminal's failure, or what was still unacked.
    pub async fn finish(self, deadline: Duration) -> Result<(), DeskError> {
        let outbox = self.terminal.finish(deadline).await?;
        if outbox.is_empty() { Ok(()) } else { Err(DeskError::Unacked(outbox.len() as u64)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roll_hands_out_its_labels_in_order_then_none() {
        let mut roll = LabelRoll::new(70_000_000_000, 2);
        assert_eq!(roll.take().map(|b| b.serial()), Some(70_000_000_000));
        assert_eq!(roll.left(), 1);
        assert_eq!(roll.take().map(|b| b.serial()), Some(70_000_000_001));
        assert_eq!(roll.take(), None);
        assert_eq!(LabelRoll::new(protocol::parcel::MAX_SERIAL, 5).take().map(|b| b.serial()), Some(99_999_999_999));
    }

    #[test]
    fn the_order_line_names_the_barcode() {
        let b = Barcode::from_serial(7).unwrap_or_else(|| unreachable!());
        assert_eq!(line_name(&b), format!("Jo'natma {}", b.as_str()));
    }
}
