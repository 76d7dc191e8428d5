//! Backdated history for a simulated branch: weeks of orders as its
//! terminals would have made them, generated in one go (not at live speed)
//! so that a demo can show a business with a past.
//!
//! The plan is pure and reproducible from a seed:
//! - a day has a number of orders: the business's usual volume, times the
//!   day of the week (weekends busier for food, steadier for a shop), a slow
//!   growth over the period (so a period compares meaningfully with the one
//!   before) and a little noise;
//! - each order starts at a time drawn from the business's day curve in
//!   Tashkent (UTC+5, no daylight saving): quiet mornings, lunch and evening
//!   peaks for food, a morning and an after-work peak for a shop;
//! - [`orders`] plays each order's life from that moment: lines added, the
//!   kitchen's confirmation, completion or cancellation, payments (a failed
//!   card paid in cash, now and then a refund).
//!
//! [`generate`] puts it together for one branch and its terminals; [`seal`]
//! turns a terminal's events into the sealed envelopes it would have sent.

pub mod orders;

use protocol::{
    Direction, Envelope, EnvelopeError, EventBody, TerminalCredential, TerminalId, TerminalMessage, Timestamp,
};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::catalog::{Branch, Business};

/// The share of orders made at another terminal that the manager's
/// terminal voids after payment.
const VOID_SHARE: f64 = 0.005;

/// Milliseconds in an hour.
pub const HOUR_MS: i64 = 3_600_000;
/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * HOUR_MS;
/// Tashkent is UTC+5 all year.
pub const TASHKENT_OFFSET_MS: i64 = 5 * HOUR_MS;

/// A calendar day in Tashkent, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDay(pub i64);

impl LocalDay {
    /// The Tashkent day a moment falls in.
    #[must_use]
    pub const fn of(t: Timestamp) -> Self {
        Self((t.0 + TASHKENT_OFFSET_MS).div_euclid(DAY_MS))
    }

    /// Its local midnight, in UTC.
    #[must_use]
    pub const fn start(self) -> Timestamp {
        Timestamp(self.0 * DAY_MS - TASHKENT_OFFSET_MS)
    }

    /// Day of the week, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    #[must_use]
    pub const fn weekday(self) -> usize {
        (self.0 + 3).rem_euclid(7) as usize
    }

    /// Saturday or Sunday.
    #[must_use]
    pub const fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    /// The day `n` days later (earlier when negative).
    #[must_use]
    pub const fn plus(self, n: i64) -> Self {
        Self(self.0 + n)
    }
}

/// The local hour (0–23) of a moment in Tashkent.
#[must_use]
pub const fn local_hour(t: Timestamp) -> usize {
    ((t.0 + TASHKENT_OFFSET_MS).rem_euclid(DAY_MS) / HOUR_MS) as usize
}

// Relative weight of each local hour, 00:00 to 23:00; zero while closed.
const CAFE_WEEKDAY: [u32; 24] = [0, 0, 0, 0, 0, 0, 0, 0, 5, 7, 5, 5, 9, 10, 7, 5, 5, 6, 8, 9, 8, 6, 3, 0];
const CAFE_WEEKEND: [u32; 24] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 6, 8, 9, 8, 7, 7, 8, 9, 10, 9, 7, 4, 0];
const RESTAURANT_WEEKDAY: [u32; 24] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 8, 10, 5, 2, 2, 4, 8, 11, 11, 8, 4, 1];
const RESTAURANT_WEEKEND: [u32; 24] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 8, 5, 4, 6, 9, 12, 12, 9, 5, 2];
const SHOP_WEEKDAY: [u32; 24] = [0, 0, 0, 0, 0, 0, 0, 3, 6, 5, 4, 4, 5, 5, 4, 4, 5, 8, 10, 9, 7, 4, 2, 0];
const SHOP_WEEKEND: [u32; 24] = [0, 0, 0, 0, 0, 0, 0, 1, 3, 5, 7, 8, 8, 7, 6, 6, 6, 7, 7, 6, 5, 3, 2, 0];

/// How many orders a place of this kind takes on an ordinary weekday.
#[must_use]
pub const fn usual_orders(business: Business) -> f64 {
    match business {
        Business::Cafe => 120.0,
        Business::Restaurant => 80.0,
        Business::Shop => 200.0,
    }
}

/// The day of the week's effect on volume, Monday first.
#[must_use]
pub const fn weekday_factor(business: Business, weekday: usize) -> f64 {
    let factors: [f64; 7] = match business {
        Business::Cafe => [0.92, 0.95, 0.97, 1.0, 1.08, 1.22, 1.15],
        Business::Restaurant => [0.85, 0.88, 0.92, 0.97, 1.15, 1.35, 1.28],
        Business::Shop => [0.95, 0.95, 0.97, 0.98, 1.05, 1.15, 1.08],
    };
    factors[weekday % 7]
}

/// Each local hour's share of a day's orders (sums to 1).
#[must_use]
pub fn day_curve(business: Business, day: LocalDay) -> [f64; 24] {
    let weights = match (business, day.is_weekend()) {
        (Business::Cafe, false) => &CAFE_WEEKDAY,
        (Business::Cafe, true) => &CAFE_WEEKEND,
        (Business::Restaurant, false) => &RESTAURANT_WEEKDAY,
        (Business::Restaurant, true) => &RESTAURANT_WEEKEND,
        (Business::Shop, false) => &SHOP_WEEKDAY,
        (Business::Shop, true) => &SHOP_WEEKEND,
    };
    let total: u32 = weights.iter().sum();
    weights.map(|w| f64::from(w) / f64::from(total.max(1)))
}

/// The growth over the period: from 0.94 on its first day to 1.06 on its last.
#[must_use]
pub fn trend(index: u32, days: u32) -> f64 {
    if days <= 1 {
        return 1.0;
    }
    0.94 + 0.12 * f64::from(index) / f64::from(days - 1)
}

/// The number of orders on `day`, the `index`-th of `days`: usual volume ×
/// day of the week × trend × noise (±10 %).
pub fn orders_on(business: Business, day: LocalDay, index: u32, days: u32, rng: &mut SmallRng) -> u32 {
    let mean = usual_orders(business) * weekday_factor(business, day.weekday()) * trend(index, days);
    let noise = rng.random_range(0.9..1.1);
    // At most a few hundred: the conversion cannot truncate.
    (mean * noise).round().max(0.0) as u32
}

/// `count` moments on `day`, drawn from its curve, in order.
pub fn order_times(curve: &[f64; 24], day: LocalDay, count: u32, rng: &mut SmallRng) -> Vec<Timestamp> {
    let start = day.start().0;
    let mut times: Vec<Timestamp> = (0..count)
        .map(|_| {
            let mut roll: f64 = rng.random();
            let mut hour = 0;
            for (h, share) in curve.iter().enumerate() {
                if *share > 0.0 {
                    hour = h;
                    if roll < *share {
                        break;
                    }
                    roll -= share;
                }
            }
            Timestamp(start + hour as i64 * HOUR_MS + rng.random_range(0..HOUR_MS))
        })
        .collect();
    times.sort_unstable();
    times
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct HistoryOptions {
    /// Days of history, today included.
    pub days: u32,
    /// The present: today is its Tashkent day, and nothing happens after it.
    pub now: Timestamp,
    /// The same seed (with the same `now`) makes the same history, ids included.
    pub seed: u64,
    /// Terminals sharing the branch's orders (at least one).
    pub terminals: usize,
}

/// A branch's history: each terminal's events in the order it made them.
#[derive(Debug, Clone)]
pub struct History {
    /// Per terminal; the first also publishes the catalog, staff and places first.
    pub terminals: Vec<Vec<EventBody>>,
    /// Orders made.
    pub orders: u64,
    /// The number of the last order on `now`'s day (0 when none).
    pub last_number_today: u32,
}

impl History {
    /// Events across every terminal.
    #[must_use]
    pub fn events(&self) -> u64 {
        self.terminals.iter().map(|t| t.len() as u64).sum()
    }
}

/// A day's generator, independent of every other day's.
fn day_rng(seed: u64, day: LocalDay) -> SmallRng {
    SmallRng::seed_from_u64(seed ^ (day.0 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The branch's last `options.days` days up to `options.now`. An order whose
/// life would reach past `now` is left out (the live terminals carry on).
#[must_use]
pub fn generate(branch: &Branch, options: &HistoryOptions) -> History {
    let terminal_count = options.terminals.max(1);
    let mut timed: Vec<Vec<orders::Timed>> = vec![Vec::new(); terminal_count];
    let today = LocalDay::of(options.now);
    let mut order_count = 0u64;
    let mut last_number_today = 0;
    for index in 0..options.days {
        let day = today.plus(i64::from(index) - i64::from(options.days) + 1);
        let mut rng = day_rng(options.seed, day);
        let count = orders_on(branch.business, day, index, options.days, &mut rng);
        let times = order_times(&day_curve(branch.business, day), day, count, &mut rng);
        let mut number = 0;
        for created in times {
            let terminal = rng.random_range(0..terminal_count);
            let life = orders::lifecycle(branch, created, number + 1, &mut rng);
            if life.last().is_some_and(|last| last.at > options.now) {
                continue;
            }
            number += 1;
            order_count += 1;
            // Now and then the manager (terminal 0) voids a paid order
            // another terminal made.
            let void = if terminal != 0 && rng.random_bool(VOID_SHARE) {
                orders::void(&life, &mut rng).filter(|v| v.iter().all(|t| t.at <= options.now))
            } else {
                None
            };
            timed[terminal].extend(life);
            if let Some(void) = void {
                timed[0].extend(void);
            }
        }
        if day == today {
            last_number_today = number;
        }
    }
    let catalog: Vec<EventBody> = branch
        .products
        .iter()
        .cloned()
        .map(EventBody::Product)
        .chain(branch.employees.iter().cloned().map(EventBody::Employee))
        .chain(branch.places.iter().cloned().map(EventBody::Place))
        .collect();
    let terminals = timed
        .into_iter()
        .enumerate()
        .map(|(i, mut events)| {
            events.sort_by_key(|t| t.at);
            let first = if i == 0 { catalog.clone() } else { Vec::new() };
            first.into_iter().chain(events.into_iter().map(|t| t.event)).collect()
        })
        .collect();
    History { terminals, orders: order_count, last_number_today }
}

/// A terminal's events sealed as it would have sent them, under the
/// sequence numbers from `first_seq` on, ready for the hub's ingest.
///
/// # Errors
/// [`EnvelopeError`] when an event does not fit an envelope.
pub fn seal(
    credential: &TerminalCredential,
    first_seq: u64,
    events: &[EventBody],
) -> Result<Vec<(TerminalId, Vec<u8>)>, EnvelopeError> {
    let key = credential.secret.mac_key();
    (first_seq..)
        .zip(events)
        .map(|(seq, event)| {
            let message = TerminalMessage::Event(event.clone());
            Envelope::seal(&key, Direction::Up, credential.terminal, seq, &message).map(|b| (credential.terminal, b))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use protocol::{OrderStatus, TerminalSecret};

    use super::*;

    // 2026-03-02T12:00:00Z, a Monday, 17:00 in Tashkent.
    const NOW: Timestamp = Timestamp(1_772_452_800_000);

    fn options(days: u32) -> HistoryOptions {
        HistoryOptions { days, now: NOW, seed: 42, terminals: 2 }
    }

    #[test]
    fn local_days_and_weekdays() {
        let day = LocalDay::of(NOW);
        assert_eq!(day.weekday(), 0, "a Monday");
        assert_eq!(local_hour(NOW), 17);
        assert_eq!(LocalDay::of(day.start()), day);
        assert_eq!(LocalDay::of(Timestamp(day.start().0 - 1)), day.plus(-1));
        // 19:00 UTC on Sunday is already Monday in Tashkent.
        assert_eq!(LocalDay::of(Timestamp(day.start().0 - 5 * HOUR_MS)).weekday(), 6);
        assert!(day.plus(-1).is_weekend() && day.plus(-2).is_weekend() && !day.plus(-3).is_weekend());
    }

    #[test]
    fn day_curves_sum_to_one_with_the_right_shape() {
        let monday = LocalDay::of(NOW);
        let saturday = monday.plus(5);
        for business in Business::ALL {
            for day in [monday, saturday] {
                let curve = day_curve(business, day);
                assert!((curve.iter().sum::<f64>() - 1.0).abs() < 1e-9);
                assert_eq!(curve[3], 0.0, "closed at night");
            }
        }
        let restaurant = day_curve(Business::Restaurant, monday);
        assert!(restaurant[13] > 3.0 * restaurant[11], "lunch peak over a quiet late morning");
        assert!(restaurant[19] > 3.0 * restaurant[16], "evening peak over the afternoon dip");
        assert_eq!(restaurant[9], 0.0, "not open for breakfast");
        let cafe = day_curve(Business::Cafe, monday);
        assert!(cafe[8] > 0.0 && cafe[9] > cafe[10], "a café opens for morning coffee");
        let shop = day_curve(Business::Shop, monday);
        assert!(shop[18] > shop[13] && shop[8] > shop[10], "after-work and morning peaks");
        let shop_weekend = day_curve(Business::Shop, saturday);
        assert!(shop_weekend[11] > shop_weekend[18], "weekend shopping peaks before noon");
        assert!(shop_weekend[11] > shop[11]);
    }

    #[test]
    fn counts_per_day_follow_volume_weekday_and_trend() {
        let monday = LocalDay::of(NOW);
        let mean = |business, day: LocalDay, index| {
            let mut total = 0u64;
            for seed in 0..200 {
                let mut rng = SmallRng::seed_from_u64(seed);
                total += u64::from(orders_on(business, day, index, 90, &mut rng));
            }
            total as f64 / 200.0
        };
        for business in Business::ALL {
            let weekday = mean(business, monday, 89);
            let expected = usual_orders(business) * weekday_factor(business, 0) * trend(89, 90);
            assert!((weekday - expected).abs() < expected * 0.02, "{business:?}: {weekday} vs {expected}");
            let mut rng = SmallRng::seed_from_u64(1);
            for _ in 0..100 {
                let n = f64::from(orders_on(business, monday, 89, 90, &mut rng));
                assert!(n >= (expected * 0.9).floor() && n <= (expected * 1.1).ceil());
            }
        }
        assert!(mean(Business::Restaurant, monday.plus(5), 89) > 1.4 * mean(Business::Restaurant, monday, 89));
        assert!(mean(Business::Shop, monday, 89) > mean(Business::Shop, monday, 0) * 1.1, "grows over the period");
        assert_eq!(trend(0, 1), 1.0);
    }

    #[test]
    fn order_times_fall_inside_the_tashkent_day_and_its_opening_hours() {
        let mut rng = SmallRng::seed_from_u64(3);
        for business in Business::ALL {
            for offset in 0..7 {
                let day = LocalDay::of(NOW).plus(-offset);
                let curve = day_curve(business, day);
                let times = order_times(&curve, day, 500, &mut rng);
                assert_eq!(times.len(), 500);
                assert!(times.windows(2).all(|w| w[0] <= w[1]), "sorted");
                for t in &times {
                    assert_eq!(LocalDay::of(*t), day);
                    assert!(curve[local_hour(*t)] > 0.0, "{business:?} closed at {}:00", local_hour(*t));
                }
            }
        }
    }

    #[test]
    fn generation_is_deterministic_from_the_seed() {
        let branch = Branch::standard(Business::Restaurant, "history");
        let a = generate(&branch, &options(5));
        let b = generate(&branch, &options(5));
        let c = generate(&branch, &HistoryOptions { seed: 43, ..options(5) });
        assert_eq!(format!("{:?}", a.terminals), format!("{:?}", b.terminals));
        assert_ne!(format!("{:?}", a.terminals), format!("{:?}", c.terminals));
        assert_eq!(a.orders, b.orders);
    }

    #[test]
    fn a_history_covers_its_days_up_to_now_with_valid_events() {
        for business in Business::ALL {
            let branch = Branch::standard(business, "history");
            let history = generate(&branch, &options(14));
            let today = LocalDay::of(NOW);
            let mut per_day: HashMap<LocalDay, u64> = HashMap::new();
            let mut voids = 0;
            for (index, events) in history.terminals.iter().enumerate() {
                let mut versions = HashMap::new();
                for event in events {
                    assert_eq!(event.validate(), Ok(()), "{event:?}");
                    if let EventBody::Order(o) = event
                        && o.status == OrderStatus::Cancelled
                        && o.revision > 1
                        && !versions.contains_key(&event.key())
                    {
                        // An order this terminal never held: the manager's void.
                        assert_eq!(index, 0, "only the manager's terminal voids another's order");
                        voids += 1;
                    }
                    if let Some(held) = versions.insert(event.key(), event.version()) {
                        assert!(event.version() > held, "versions rise within a terminal");
                    }
                    if let EventBody::Order(o) = event {
                        assert!(o.updated_at <= NOW && o.created_at <= o.updated_at);
                        let day = LocalDay::of(o.created_at);
                        assert!(day <= today && day > today.plus(-14), "{business:?}: {day:?}");
                        if o.revision == 1 {
                            *per_day.entry(day).or_default() += 1;
                        }
                    }
                }
            }
            assert!(voids > 0, "{business:?}: the manager voids a paid order now and then");
            assert!(voids * 100 < history.orders, "{business:?}: {voids} voids is too many");
            assert_eq!(per_day.values().sum::<u64>(), history.orders);
            assert_eq!(per_day.len(), 14, "{business:?}: every day has orders");
            let full = per_day[&today.plus(-1)] as f64;
            let expected = usual_orders(business) * weekday_factor(business, 6);
            assert!((full - expected).abs() < expected * 0.2, "{business:?}: {full} orders on Sunday");
            assert!((per_day[&today] as f64) < full, "today only until now");
            assert_eq!(u64::from(history.last_number_today), per_day[&today], "numbered from 1 each day");
            assert!(history.terminals.iter().all(|t| !t.is_empty()), "every terminal sold");
            let closed = history.terminals.iter().flatten().filter(
                |e| matches!(e, EventBody::Order(o) if o.status.is_closed() && o.status == OrderStatus::Completed),
            );
            assert!(closed.count() as u64 > history.orders * 9 / 10, "most orders complete");
        }
    }

    #[test]
    fn sealed_events_open_with_the_terminals_key() {
        let credential =
            TerminalCredential { terminal: TerminalId::new(), secret: TerminalSecret::from_bytes([5; 32]) };
        let branch = Branch::standard(Business::Cafe, "seal");
        let history = generate(&branch, &HistoryOptions { terminals: 1, ..options(1) });
        let sealed = seal(&credential, 100, &history.terminals[0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sealed.len(), history.terminals[0].len());
        for (i, (terminal, bytes)) in sealed.iter().enumerate() {
            assert_eq!(*terminal, credential.terminal);
            let opened = Envelope::parse(bytes)
                .and_then(|u| u.verify(&credential.secret.mac_key(), Direction::Up))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(opened.seq, 100 + i as u64);
        }
    }
}
