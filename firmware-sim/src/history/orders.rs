//! One order's life, from the moment it is opened, as timed snapshots.
//!
//! - Restaurant: a waiter opens it at a table (or for takeaway) with a dish
//!   or three, often adds more, the kitchen confirms, tea or dessert may
//!   follow; the guests leave half an hour to two hours later and pay the
//!   total with the table's service charge. About 4 % are cancelled.
//! - Café: rung up at the counter (a drink, often something to eat) and
//!   paid within minutes; about 2.5 % cancelled.
//! - Shop: a basket of one to eight goods, some by weight, paid at once;
//!   about 2 % cancelled.
//!
//! Payments go pending then confirmed; a card or mobile payment fails now
//! and then and is paid in cash instead; a few are refunded later. Waiters
//! and cashiers work shifts (the first half of the staff before 15:00, the
//! second half after). Ids are UUIDv7 made from the event's own moment and
//! the generator, so a history is reproducible and its ids sort by time.

use protocol::{
    Employee, EmployeeId, EventBody, Money, Order, OrderId, OrderItem, OrderStatus, Payment, PaymentId, PaymentMethod,
    PaymentStatus, Place, Product, Quantity, Role, Timestamp, Unit,
};
use rand::Rng;
use rand::rngs::SmallRng;

use super::local_hour;
use crate::catalog::{Branch, Business};

const SECOND_MS: i64 = 1_000;

/// A snapshot and the moment its terminal made it.
#[derive(Debug, Clone)]
pub struct Timed {
    /// When.
    pub at: Timestamp,
    /// What.
    pub event: EventBody,
}

/// A UUIDv7 for an entity born at `at`, its random part from `rng`.
fn id_bytes(rng: &mut SmallRng, at: Timestamp) -> [u8; 16] {
    let mut bytes: [u8; 16] = rng.random();
    let ms = u64::try_from(at.0).unwrap_or(0).to_be_bytes();
    bytes[..6].copy_from_slice(&ms[2..]);
    bytes[6] = 0x70 | (bytes[6] & 0x0F);
    bytes[8] = 0x80 | (bytes[8] & 0x3F);
    bytes
}

fn pick<'a, T>(rng: &mut SmallRng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() { None } else { items.get(rng.random_range(0..items.len())) }
}

/// A product, the cheaper ones more often (bread and tea sell more than
/// washing powder and lamb): weight ∝ 1/√price.
fn popular<'a>(rng: &mut SmallRng, products: &[&'a Product]) -> Option<&'a Product> {
    let weight = |p: &Product| 1.0 / (p.price.tiyin().max(1) as f64).sqrt();
    let total: f64 = products.iter().map(|p| weight(p)).sum();
    let mut roll = rng.random_range(0.0..total.max(f64::MIN_POSITIVE));
    for product in products {
        roll -= weight(product);
        if roll < 0.0 {
            return Some(product);
        }
    }
    products.last().copied()
}

/// Someone with `role` on shift at `at` (anyone active if nobody has the role).
fn on_shift(branch: &Branch, role: Role, at: Timestamp, rng: &mut SmallRng) -> Option<EmployeeId> {
    let staff = branch.staff(role);
    let pool: Vec<&Employee> =
        if staff.is_empty() { branch.employees.iter().filter(|e| e.active).collect() } else { staff };
    let n = pool.len();
    let shift = if n < 2 {
        &pool[..]
    } else if local_hour(at) < 15 {
        &pool[..n.div_ceil(2)]
    } else {
        &pool[n / 2..]
    };
    pick(rng, shift).map(|e| e.id)
}

/// Plays one order's life.
struct Life<'a> {
    branch: &'a Branch,
    rng: &'a mut SmallRng,
    out: Vec<Timed>,
    order: Order,
    /// The moment of the latest change.
    at: Timestamp,
}

impl<'a> Life<'a> {
    fn later(&mut self, min_s: i64, max_s: i64) {
        self.at = Timestamp(self.at.0 + self.rng.random_range(min_s * SECOND_MS..=max_s * SECOND_MS));
    }

    /// Active products in `categories` (every active product when none is).
    fn products(&self, categories: &[&str]) -> Vec<&'a Product> {
        let branch: &'a Branch = self.branch;
        let active = || branch.products.iter().filter(|p| p.active);
        let wanted: Vec<&Product> = active().filter(|p| categories.contains(&p.category.as_str())).collect();
        if wanted.is_empty() { active().collect() } else { wanted }
    }

    /// A number in `range`.
    fn some(&mut self, range: std::ops::RangeInclusive<usize>) -> usize {
        self.rng.random_range(range)
    }

    fn add(&mut self, categories: &[&str], count: usize) {
        for _ in 0..count {
            let products = self.products(categories);
            let Some(product) = popular(self.rng, &products).cloned() else { return };
            let qty = match product.unit {
                Unit::Piece => {
                    Quantity::units(if self.rng.random_bool(0.75) { 1 } else { self.rng.random_range(2..=4) })
                }
                // 0.3 kg to 2.5 kg in 50 g steps.
                Unit::Kilogram | Unit::Litre => Quantity::from_milli(self.rng.random_range(6..=50) * 50),
            };
            match self.order.items.iter_mut().find(|i| i.product == product.id) {
                Some(line) if product.unit == Unit::Piece => line.qty = line.qty.saturating_add(qty),
                _ => self.order.items.push(OrderItem {
                    product: product.id,
                    name: product.name.clone(),
                    qty,
                    unit_price: product.price,
                    cost_price: product.cost,
                }),
            }
        }
    }

    /// Records the order as it is now, as a new revision (the first is revision 1).
    fn snapshot(&mut self) {
        if !self.out.is_empty() {
            self.order.revision += 1;
        }
        self.order.updated_at = self.at;
        self.out.push(Timed { at: self.at, event: EventBody::Order(self.order.clone()) });
    }

    fn close(&mut self, status: OrderStatus) {
        self.order.status = status;
        self.order.closed_at = Some(self.at);
        self.snapshot();
    }

    fn method(&mut self, shares: [f64; 2]) -> PaymentMethod {
        let roll: f64 = self.rng.random();
        if roll < shares[0] {
            PaymentMethod::Cash
        } else if roll < shares[0] + shares[1] {
            PaymentMethod::Card
        } else {
            PaymentMethod::Mobile
        }
    }

    /// The payment flow for the completed order: pending, then confirmed
    /// (a failed card or mobile payment is followed by cash), a few refunded.
    fn pay(&mut self, cashier: EmployeeId, shares: [f64; 2], refund: f64) {
        let Some(amount) = self.order.total().filter(|a| a.tiyin() > 0) else { return };
        let mut method = self.method(shares);
        loop {
            self.later(5, 60);
            let mut payment = Payment {
                id: PaymentId::from_bytes(id_bytes(self.rng, self.at)),
                revision: 1,
                order: self.order.id,
                method,
                amount,
                status: PaymentStatus::Pending,
                employee: cashier,
                created_at: self.at,
                updated_at: self.at,
            };
            self.out.push(Timed { at: self.at, event: EventBody::Payment(payment.clone()) });
            self.later(2, 40);
            let fails = method != PaymentMethod::Cash && self.rng.random_bool(0.05);
            payment.revision = 2;
            payment.status = if fails { PaymentStatus::Failed } else { PaymentStatus::Confirmed };
            payment.updated_at = self.at;
            self.out.push(Timed { at: self.at, event: EventBody::Payment(payment.clone()) });
            if fails {
                method = PaymentMethod::Cash;
                continue;
            }
            if self.rng.random_bool(refund) {
                self.later(5 * 60, 90 * 60);
                payment.revision = 3;
                payment.status = PaymentStatus::Refunded;
                payment.updated_at = self.at;
                self.out.push(Timed { at: self.at, event: EventBody::Payment(payment) });
            }
            return;
        }
    }
}

/// The life of the order opened at `created`, numbered `number` for its day.
pub fn lifecycle(branch: &Branch, created: Timestamp, number: u32, rng: &mut SmallRng) -> Vec<Timed> {
    let employee = match branch.business {
        Business::Restaurant => on_shift(branch, Role::Waiter, created, rng),
        Business::Cafe | Business::Shop => on_shift(branch, Role::Cashier, created, rng),
    };
    let Some(employee) = employee else { return Vec::new() };
    let order = Order {
        id: OrderId::from_bytes(id_bytes(rng, created)),
        revision: 1,
        number,
        place: None,
        employee,
        items: Vec::new(),
        service_charge: Money::ZERO,
        status: OrderStatus::Open,
        created_at: created,
        closed_at: None,
        updated_at: created,
    };
    let mut life = Life { branch, rng, out: Vec::new(), order, at: created };
    match branch.business {
        Business::Restaurant => restaurant(&mut life),
        Business::Cafe => cafe(&mut life, employee),
        Business::Shop => shop(&mut life, employee),
    }
    life.out
}

/// A manager's void of a paid order, made at the manager's terminal some
/// minutes to two hours after the order's last change: the confirmed payment
/// refunded, then the order cancelled. `None` when the order was not
/// completed and paid (nothing to void).
pub fn void(life: &[Timed], rng: &mut SmallRng) -> Option<Vec<Timed>> {
    let last = life.last()?.at;
    let order = life.iter().rev().find_map(|t| match &t.event {
        EventBody::Order(o) => Some(o.clone()),
        _ => None,
    })?;
    if order.status != OrderStatus::Completed {
        return None;
    }
    let payment = life.iter().rev().find_map(|t| match &t.event {
        EventBody::Payment(p) if p.order == order.id => Some(p.clone()),
        _ => None,
    })?;
    if payment.status != PaymentStatus::Confirmed {
        return None;
    }
    let at = Timestamp(last.0 + rng.random_range(10 * 60..=120 * 60) * SECOND_MS);
    let refund = Payment { revision: payment.revision + 1, status: PaymentStatus::Refunded, updated_at: at, ..payment };
    let cancelled_at = Timestamp(at.0 + 20 * SECOND_MS);
    let cancelled =
        Order { revision: order.revision + 1, status: OrderStatus::Cancelled, updated_at: cancelled_at, ..order };
    Some(vec![
        Timed { at, event: EventBody::Payment(refund) },
        Timed { at: cancelled_at, event: EventBody::Order(cancelled) },
    ])
}

const MAINS: &[&str] = &["Milliy taomlar", "Sho'rvalar"];
const SIDES: &[&str] = &["Non va salatlar", "Ichimliklar"];
const AFTERS: &[&str] = &["Ichimliklar", "Shirinliklar"];

fn restaurant(life: &mut Life<'_>) {
    let places: Vec<Place> = life.branch.places.iter().filter(|p| p.active).cloned().collect();
    let place = pick(life.rng, &places).cloned();
    life.order.place = place.as_ref().map(|p| p.id);
    let (guests, sides) = (life.some(1..=3), life.some(0..=2));
    life.add(MAINS, guests);
    life.add(SIDES, sides);
    life.snapshot();
    if life.rng.random_bool(0.55) {
        life.later(3 * 60, 12 * 60);
        let more = life.some(1..=2);
        life.add(SIDES, more);
        life.snapshot();
    }
    if life.rng.random_bool(0.04) {
        life.later(2 * 60, 15 * 60);
        life.close(OrderStatus::Cancelled);
        return;
    }
    life.later(8 * 60, 20 * 60);
    life.order.status = OrderStatus::Confirmed;
    life.snapshot();
    if life.rng.random_bool(0.3) {
        life.later(15 * 60, 40 * 60);
        let more = life.some(1..=2);
        life.add(AFTERS, more);
        life.snapshot();
    }
    life.later(25 * 60, 60 * 60);
    let service_bp = place.as_ref().map_or(0, |p| p.service_bp);
    let items = life.order.items_total().unwrap_or(Money::ZERO);
    life.order.service_charge = items.percent_bp(service_bp).unwrap_or(Money::ZERO);
    life.close(OrderStatus::Completed);
    let cashier = on_shift(life.branch, Role::Cashier, life.at, life.rng).unwrap_or(life.order.employee);
    life.pay(cashier, [0.40, 0.40], 0.02);
}

const DRINKS: &[&str] = &["Qahva", "Choy", "Ichimliklar"];
const FOOD: &[&str] = &["Pishiriqlar", "Nonushta", "Salatlar", "Shirinliklar"];

fn cafe(life: &mut Life<'_>, cashier: EmployeeId) {
    let drinks = life.some(1..=2);
    life.add(DRINKS, drinks);
    if life.rng.random_bool(0.6) {
        let food = life.some(1..=2);
        life.add(FOOD, food);
    }
    life.snapshot();
    life.later(30, 4 * 60);
    if life.rng.random_bool(0.025) {
        life.close(OrderStatus::Cancelled);
        return;
    }
    life.close(OrderStatus::Completed);
    life.pay(cashier, [0.35, 0.35], 0.015);
}

fn shop(life: &mut Life<'_>, cashier: EmployeeId) {
    let lines = life.some(1..=8);
    life.add(&[], lines);
    life.snapshot();
    life.later(20, 3 * 60);
    if life.rng.random_bool(0.02) {
        life.close(OrderStatus::Cancelled);
        return;
    }
    life.close(OrderStatus::Completed);
    life.pay(cashier, [0.50, 0.35], 0.01);
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    const AT: Timestamp = Timestamp(1_772_452_800_000);
    const MINUTE_MS: i64 = 60 * SECOND_MS;

    fn lives(business: Business, n: usize) -> Vec<Vec<Timed>> {
        let branch = Branch::standard(business, "orders");
        let mut rng = SmallRng::seed_from_u64(9);
        (0..n).map(|i| lifecycle(&branch, Timestamp(AT.0 + i as i64 * MINUTE_MS), 1, &mut rng)).collect()
    }

    #[test]
    fn every_life_is_valid_and_moves_forward_in_time() {
        for business in Business::ALL {
            for life in lives(business, 2_000) {
                assert!(!life.is_empty());
                assert!(life.windows(2).all(|w| w[0].at < w[1].at), "{business:?}: time moves on");
                for t in &life {
                    assert_eq!(t.event.validate(), Ok(()));
                    assert_eq!(t.event.version().updated_at, t.at);
                }
                let last = final_order(&life);
                assert!(last.status.is_closed(), "every historic order is closed");
                let paid: Option<Money> = life.iter().rev().find_map(|t| match &t.event {
                    EventBody::Payment(p) if p.status == PaymentStatus::Confirmed => Some(p.amount),
                    _ => None,
                });
                match last.status {
                    OrderStatus::Completed => assert_eq!(paid, last.total(), "the total is paid"),
                    _ => assert_eq!(paid, None, "a cancelled order is not paid"),
                }
            }
        }
    }

    fn final_order(life: &[Timed]) -> &Order {
        life.iter()
            .rev()
            .find_map(|t| match &t.event {
                EventBody::Order(o) => Some(o),
                _ => None,
            })
            .unwrap_or_else(|| panic!("a life without its order"))
    }

    #[test]
    fn shares_of_outcomes_are_realistic() {
        let all = lives(Business::Restaurant, 4_000);
        let finals: Vec<&Order> = all.iter().map(|l| final_order(l)).collect();
        let cancelled = finals.iter().filter(|o| o.status == OrderStatus::Cancelled).count() as f64 / 4_000.0;
        assert!((0.02..0.07).contains(&cancelled), "{cancelled}");
        assert!(finals.iter().any(|o| o.service_charge.tiyin() > 0), "tables carry a service charge");
        let minutes = |o: &Order| (o.closed_at.map_or(0, |c| c.0) - o.created_at.0) / MINUTE_MS;
        assert!(finals.iter().filter(|o| o.status == OrderStatus::Completed).all(|o| (33..=132).contains(&minutes(o))));
        let payments =
            |s| all.iter().flatten().filter(|t| matches!(&t.event, EventBody::Payment(p) if p.status == s)).count();
        assert!(payments(PaymentStatus::Refunded) > 0 && payments(PaymentStatus::Failed) > 0);
        let shop = lives(Business::Shop, 500);
        assert!(
            shop.iter()
                .flatten()
                .any(|t| matches!(&t.event, EventBody::Order(o) if o.items.iter().any(|i| i.qty.milli() % 1000 != 0)))
        );
    }

    #[test]
    fn cheaper_products_sell_more_often() {
        let branch = Branch::standard(Business::Shop, "popular");
        let products: Vec<&Product> = branch.products.iter().collect();
        let mut rng = SmallRng::seed_from_u64(4);
        let mut count = std::collections::HashMap::new();
        for _ in 0..20_000 {
            let p = popular(&mut rng, &products).unwrap_or_else(|| panic!("a product"));
            *count.entry(p.name.as_str()).or_insert(0u32) += 1;
        }
        assert!(count["Non"] > 3 * count["Kir yuvish kukuni 3 kg"], "{count:?}");
        assert_eq!(popular(&mut rng, &[]), None);
    }

    #[test]
    fn staff_work_shifts() {
        let branch = Branch::standard(Business::Restaurant, "shifts");
        let waiters = branch.staff(Role::Waiter);
        let mut rng = SmallRng::seed_from_u64(1);
        let morning = Timestamp(AT.0 - 7 * 3_600_000); // 10:00 in Tashkent
        for _ in 0..100 {
            let id = on_shift(&branch, Role::Waiter, morning, &mut rng);
            assert_ne!(id, Some(waiters[2].id), "the evening waiter is not in yet");
            let id = on_shift(&branch, Role::Waiter, AT, &mut rng);
            assert_ne!(id, Some(waiters[0].id), "the morning waiter has gone home");
        }
    }

    #[test]
    fn ids_are_uuid_v7_of_their_moment() {
        let mut rng = SmallRng::seed_from_u64(2);
        let id = OrderId::from_bytes(id_bytes(&mut rng, AT));
        assert_eq!(id.as_uuid().get_version_num(), 7);
        let later = OrderId::from_bytes(id_bytes(&mut rng, Timestamp(AT.0 + 1)));
        assert!(later > id, "ids sort by time");
    }
}
