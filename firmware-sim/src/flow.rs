//! Realistic order flows, one change at a time.
//!
//! A [`Flow`] plays one terminal's day: in a restaurant, waiters open orders
//! at tables, add dishes over time, the kitchen confirms, the guest pays
//! (cash, card or mobile; a card sometimes fails and another method follows),
//! a few orders are cancelled and a few payments refunded. In a shop the
//! cashier rings up one basket at a time, some goods by weight; a café's
//! counter is the same with coffee and pastries. Each call to
//! [`Flow::next_event`] returns the next change as a whole-entity snapshot.

use std::collections::VecDeque;
use std::sync::Arc;

use protocol::{
    Employee, EventBody, Money, Order, OrderId, OrderItem, OrderStatus, Payment, PaymentId, PaymentMethod,
    PaymentStatus, Place, Product, Quantity, Role, Timestamp, Unit,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::catalog::{Branch, Business};

const DAY_MS: i64 = 86_400_000;
/// Tashkent is UTC+5 all year; order numbers restart at local midnight.
const TASHKENT_OFFSET_MS: i64 = 5 * 3_600_000;

struct OpenOrder {
    order: Order,
    place: Option<Place>,
}

/// One terminal's stream of changes.
pub struct Flow {
    branch: Arc<Branch>,
    rng: SmallRng,
    open: Vec<OpenOrder>,
    queue: VecDeque<EventBody>,
    /// Local day of the last order number, and the number itself.
    numbering: (i64, u32),
    /// A manager's terminal also changes prices now and then.
    manager: bool,
}

impl std::fmt::Debug for Flow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flow").field("business", &self.branch.business).field("open", &self.open.len()).finish()
    }
}

impl Flow {
    /// A flow for a terminal of `branch`, reproducible from `seed`.
    #[must_use]
    pub fn new(branch: Arc<Branch>, seed: u64, manager: bool) -> Self {
        Self {
            branch,
            rng: SmallRng::seed_from_u64(seed),
            open: Vec::new(),
            queue: VecDeque::new(),
            numbering: (i64::MIN, 0),
            manager,
        }
    }

    /// The branch's catalog, staff and places as upserts, for a manager's
    /// terminal to publish when a branch starts.
    #[must_use]
    pub fn catalog_events(&self) -> Vec<EventBody> {
        let b = &self.branch;
        b.products
            .iter()
            .cloned()
            .map(EventBody::Product)
            .chain(b.employees.iter().cloned().map(EventBody::Employee))
            .chain(b.places.iter().cloned().map(EventBody::Place))
            .collect()
    }

    /// Continues the order numbers of `at`'s local day after `last`: a
    /// terminal taking over from orders numbered elsewhere (a history).
    pub fn number_after(&mut self, at: Timestamp, last: u32) {
        self.numbering = ((at.0 + TASHKENT_OFFSET_MS).div_euclid(DAY_MS), last);
    }

    /// Orders still open on this terminal.
    #[must_use]
    pub fn open_orders(&self) -> usize {
        self.open.len()
    }

    /// The next change, made at `now`.
    pub fn next_event(&mut self, now: Timestamp) -> EventBody {
        loop {
            if let Some(event) = self.queue.pop_front() {
                return event;
            }
            if self.manager && self.rng.random_bool(0.002) {
                self.change_price(now);
                continue;
            }
            match self.branch.business {
                Business::Restaurant => self.restaurant_step(now),
                Business::Shop => self.counter_step(now, 6, 0.02),
                Business::Cafe => self.counter_step(now, 4, 0.025),
            }
        }
    }

    fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() { None } else { items.get(rng.random_range(0..items.len())) }
    }

    fn employee(&mut self, role: Role) -> Option<Employee> {
        let staff = self.branch.staff(role);
        let fallback = self.branch.employees.iter().filter(|e| e.active).collect::<Vec<_>>();
        let pool = if staff.is_empty() { fallback } else { staff };
        Self::pick(&mut self.rng, &pool).map(|e| (*e).clone())
    }

    fn next_number(&mut self, now: Timestamp) -> u32 {
        let day = (now.0 + TASHKENT_OFFSET_MS).div_euclid(DAY_MS);
        if self.numbering.0 != day {
            self.numbering = (day, 0);
        }
        self.numbering.1 += 1;
        self.numbering.1
    }

    fn line(&mut self, product: &Product) -> OrderItem {
        let qty = match product.unit {
            Unit::Piece => Quantity::units(if self.rng.random_bool(0.8) { 1 } else { self.rng.random_range(2..=4) }),
            // 0.3 kg to 2.5 kg in 50 g steps.
            Unit::Kilogram | Unit::Litre => Quantity::from_milli(self.rng.random_range(6..=50) * 50),
        };
        OrderItem {
            product: product.id,
            name: product.name.clone(),
            qty,
            unit_price: product.price,
            cost_price: product.cost,
        }
    }

    fn add_lines(&mut self, order: &mut Order, count: usize) {
        let active: Vec<Product> = self.branch.products.iter().filter(|p| p.active).cloned().collect();
        for _ in 0..count {
            if order.items.len() >= 12 {
                break;
            }
            if let Some(product) = Self::pick(&mut self.rng, &active).cloned() {
                let line = self.line(&product);
                order.items.push(line);
            }
        }
    }

    fn new_order(&mut self, now: Timestamp, place: Option<Place>, employee: &Employee) -> Order {
        Order {
            id: OrderId::new(),
            revision: 1,
            number: self.next_number(now),
            place: place.map(|p| p.id),
            employee: employee.id,
            items: Vec::new(),
            service_charge: Money::ZERO,
            status: OrderStatus::Open,
            created_at: now,
            closed_at: None,
            updated_at: now,
        }
    }

    fn bump(order: &mut Order, now: Timestamp) {
        order.revision += 1;
        order.updated_at = Timestamp(now.0.max(order.updated_at.0));
    }

    fn restaurant_step(&mut self, now: Timestamp) {
        let want_open = 2 + self.rng.random_range(0..4);
        if self.open.len() < want_open || self.open.is_empty() {
            let taken: Vec<_> = self.open.iter().filter_map(|o| o.order.place).collect();
            let free: Vec<Place> =
                self.branch.places.iter().filter(|p| p.active && !taken.contains(&p.id)).cloned().collect();
            let place = Self::pick(&mut self.rng, &free).cloned();
            let Some(waiter) = self.employee(Role::Waiter) else { return };
            let mut order = self.new_order(now, place.clone(), &waiter);
            let lines = self.rng.random_range(1..=3);
            self.add_lines(&mut order, lines);
            self.queue.push_back(EventBody::Order(order.clone()));
            self.open.push(OpenOrder { order, place });
            return;
        }
        let i = self.rng.random_range(0..self.open.len());
        let roll: f64 = self.rng.random();
        let status = self.open[i].order.status;
        match status {
            OrderStatus::Open if roll < 0.45 => {
                let mut order = self.open[i].order.clone();
                let n = self.rng.random_range(1..=2);
                self.add_lines(&mut order, n);
                Self::bump(&mut order, now);
                self.open[i].order = order.clone();
                self.queue.push_back(EventBody::Order(order));
            }
            OrderStatus::Open => {
                let order = &mut self.open[i].order;
                order.status = OrderStatus::Confirmed;
                Self::bump(order, now);
                self.queue.push_back(EventBody::Order(order.clone()));
            }
            _ if roll < 0.10 => {
                let mut order = self.open[i].order.clone();
                self.add_lines(&mut order, 1);
                Self::bump(&mut order, now);
                self.open[i].order = order.clone();
                self.queue.push_back(EventBody::Order(order));
            }
            _ if roll < 0.14 => {
                let mut open = self.open.swap_remove(i);
                open.order.status = OrderStatus::Cancelled;
                Self::bump(&mut open.order, now);
                open.order.closed_at = Some(open.order.updated_at);
                self.queue.push_back(EventBody::Order(open.order));
            }
            _ => {
                let mut open = self.open.swap_remove(i);
                let service_bp = open.place.as_ref().map_or(0, |p| p.service_bp);
                let items_total = open.order.items_total().unwrap_or(Money::ZERO);
                open.order.service_charge = items_total.percent_bp(service_bp).unwrap_or(Money::ZERO);
                open.order.status = OrderStatus::Completed;
                Self::bump(&mut open.order, now);
                open.order.closed_at = Some(open.order.updated_at);
                let total = open.order.total().unwrap_or(items_total);
                self.queue.push_back(EventBody::Order(open.order.clone()));
                self.pay(&open.order, total, now);
            }
        }
    }

    /// One sale at a counter (a shop's basket, a café's order): rung up,
    /// paid at once; now and then cancelled instead.
    fn counter_step(&mut self, now: Timestamp, max_lines: usize, cancel: f64) {
        let Some(cashier) = self.employee(Role::Cashier) else { return };
        let mut order = self.new_order(now, None, &cashier);
        let lines = self.rng.random_range(1..=max_lines);
        self.add_lines(&mut order, lines);
        self.queue.push_back(EventBody::Order(order.clone()));
        if self.rng.random_bool(cancel) {
            order.status = OrderStatus::Cancelled;
            Self::bump(&mut order, now);
            order.closed_at = Some(order.updated_at);
            self.queue.push_back(EventBody::Order(order));
            return;
        }
        order.status = OrderStatus::Completed;
        Self::bump(&mut order, now);
        order.closed_at = Some(order.updated_at);
        let total = order.total().unwrap_or(Money::ZERO);
        self.queue.push_back(EventBody::Order(order.clone()));
        self.pay(&order, total, now);
    }

    fn method(&mut self) -> PaymentMethod {
        let roll: f64 = self.rng.random();
        if roll < 0.45 {
            PaymentMethod::Cash
        } else if roll < 0.80 {
            PaymentMethod::Card
        } else {
            PaymentMethod::Mobile
        }
    }

    /// Queues the payment flow for a completed order: pending, then confirmed;
    /// a card or mobile payment fails now and then and is retried in cash;
    /// a few confirmed payments are refunded later.
    fn pay(&mut self, order: &Order, amount: Money, now: Timestamp) {
        if amount.tiyin() <= 0 {
            return;
        }
        let cashier = self.employee(Role::Cashier).map_or(order.employee, |e| e.id);
        let mut method = self.method();
        loop {
            let mut payment = Payment {
                id: PaymentId::new(),
                revision: 1,
                order: order.id,
                method,
                amount,
                status: PaymentStatus::Pending,
                employee: cashier,
                created_at: now,
                updated_at: now,
            };
            self.queue.push_back(EventBody::Payment(payment.clone()));
            payment.revision += 1;
            let fails = method != PaymentMethod::Cash && self.rng.random_bool(0.06);
            payment.status = if fails { PaymentStatus::Failed } else { PaymentStatus::Confirmed };
            self.queue.push_back(EventBody::Payment(payment.clone()));
            if fails {
                method = PaymentMethod::Cash;
                continue;
            }
            if self.manager && self.rng.random_bool(0.01) {
                // A manager voids a paid order: the money goes back and the
                // order is cancelled (the portal marks it in the order's history).
                payment.revision += 1;
                payment.status = PaymentStatus::Refunded;
                self.queue.push_back(EventBody::Payment(payment));
                let mut void = order.clone();
                void.status = OrderStatus::Cancelled;
                Self::bump(&mut void, now);
                self.queue.push_back(EventBody::Order(void));
                return;
            }
            if self.rng.random_bool(0.03) {
                payment.revision += 1;
                payment.status = PaymentStatus::Refunded;
                self.queue.push_back(EventBody::Payment(payment));
            }
            return;
        }
    }

    fn change_price(&mut self, now: Timestamp) {
        let i = self.rng.random_range(0..self.branch.products.len().max(1));
        let mut branch = Branch::clone(&self.branch);
        let Some(product) = branch.products.get_mut(i) else { return };
        let step = Money::from_tiyin(100_000); // 1 000 so'm
        product.price = if self.rng.random_bool(0.7) {
            product.price.checked_add(step).unwrap_or(product.price)
        } else {
            product.price.checked_sub(step).filter(|p| *p > product.cost).unwrap_or(product.price)
        };
        product.revision += 1;
        product.updated_at = Timestamp(now.0.max(product.updated_at.0 + 1));
        self.queue.push_back(EventBody::Product(product.clone()));
        self.branch = Arc::new(branch);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn run(business: Business, n: usize) -> Vec<EventBody> {
        let branch = Arc::new(Branch::standard(business, "test"));
        let mut flow = Flow::new(branch, 7, true);
        let mut now = Timestamp(1_750_000_000_000);
        (0..n)
            .map(|_| {
                now = now.plus(std::time::Duration::from_secs(20));
                flow.next_event(now)
            })
            .collect()
    }

    #[test]
    fn every_event_is_valid_and_versions_increase() {
        for business in Business::ALL {
            let events = run(business, 5_000);
            let mut versions = HashMap::new();
            for e in &events {
                assert_eq!(e.validate(), Ok(()), "{e:?}");
                let key = e.key();
                if let Some(prev) = versions.insert(key, e.version()) {
                    assert!(e.version() > prev, "version went backwards for {key:?}");
                }
            }
        }
    }

    #[test]
    fn flows_cover_the_whole_life_of_orders_and_payments() {
        let events = run(Business::Restaurant, 20_000);
        let has_order = |s| events.iter().any(|e| matches!(e, EventBody::Order(o) if o.status == s));
        let has_payment = |s| events.iter().any(|e| matches!(e, EventBody::Payment(p) if p.status == s));
        let has_method = |m| events.iter().any(|e| matches!(e, EventBody::Payment(p) if p.method == m));
        for s in OrderStatus::ALL {
            assert!(has_order(s), "no {s:?} order");
        }
        for s in PaymentStatus::ALL {
            assert!(has_payment(s), "no {s:?} payment");
        }
        for m in PaymentMethod::ALL {
            assert!(has_method(m), "no {m:?} payment");
        }
        assert!(events.iter().any(|e| matches!(e, EventBody::Product(_))), "a manager changes prices");
        let completed_with_service = events.iter().any(
            |e| matches!(e, EventBody::Order(o) if o.status == OrderStatus::Completed && o.service_charge.tiyin() > 0),
        );
        assert!(completed_with_service);
        // A manager voids a paid order now and then: its refund, then the order cancelled.
        let voided = events.windows(2).any(|w| {
            matches!((&w[0], &w[1]), (EventBody::Payment(p), EventBody::Order(o))
                if p.status == PaymentStatus::Refunded && o.status == OrderStatus::Cancelled && o.id == p.order)
        });
        assert!(voided, "a manager's void after payment");
    }

    #[test]
    fn numbers_go_on_after_a_given_one_that_day_only() {
        let branch = Arc::new(Branch::standard(Business::Cafe, "numbers"));
        let mut flow = Flow::new(branch, 1, false);
        let now = Timestamp(1_750_000_000_000);
        flow.number_after(now, 41);
        let first = |flow: &mut Flow, at| loop {
            if let EventBody::Order(o) = flow.next_event(at)
                && o.revision == 1
            {
                return o.number;
            }
        };
        assert_eq!(first(&mut flow, now), 42);
        flow.number_after(Timestamp(now.0 - DAY_MS), 41);
        assert_eq!(first(&mut flow, now), 1, "yesterday's numbers do not carry over");
    }

    #[test]
    fn shops_sell_by_weight() {
        let events = run(Business::Shop, 2_000);
        assert!(
            events
                .iter()
                .any(|e| matches!(e, EventBody::Order(o) if o.items.iter().any(|i| i.qty.milli() % 1000 != 0)))
        );
    }
}
