//! Orders. An order is reported as a whole snapshot each time it changes; the
//! snapshot with the highest [`crate::Version`] wins.

use serde::{Deserialize, Serialize};

use crate::{EmployeeId, Money, OrderId, PlaceId, ProductId, Quantity, Timestamp};

/// Where an order is in its life. The portal colours them yellow, blue, grey, red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Taken, not yet finished ("Ochiq").
    Open,
    /// Confirmed by the kitchen ("Tasdiqlangan").
    Confirmed,
    /// Served and closed ("Yakunlangan").
    Completed,
    /// Called off ("Bekor qilingan").
    Cancelled,
}

impl OrderStatus {
    /// Every status, in display order.
    pub const ALL: [OrderStatus; 4] =
        [OrderStatus::Open, OrderStatus::Confirmed, OrderStatus::Completed, OrderStatus::Cancelled];

    /// A stable lowercase code for storage and URLs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Completed => "completed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The inverse of [`OrderStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Completed and Cancelled orders are closed and carry a `closed_at`.
    #[must_use]
    pub const fn is_closed(self) -> bool {
        matches!(self, OrderStatus::Completed | OrderStatus::Cancelled)
    }
}

/// One line of an order. Name and prices are copied from the catalog when the
/// line is added, so later catalog changes never rewrite history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The product sold.
    pub product: ProductId,
    /// Its name at the time of sale.
    pub name: String,
    /// How much.
    pub qty: Quantity,
    /// Selling price per unit at the time of sale.
    pub unit_price: Money,
    /// Cost price per unit at the time of sale.
    pub cost_price: Money,
}

impl OrderItem {
    /// `unit_price × qty`, rounded to the tiyin. `None` on overflow.
    #[must_use]
    pub fn total(&self) -> Option<Money> {
        self.unit_price.times(self.qty)
    }

    /// `cost_price × qty`, rounded to the tiyin. `None` on overflow.
    #[must_use]
    pub fn cost_total(&self) -> Option<Money> {
        self.cost_price.times(self.qty)
    }
}

/// An order as it stands at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Made on the terminal that opened the order.
    pub id: OrderId,
    /// Bumped by every change on the terminal.
    pub revision: u32,
    /// Shown as #001: the opening terminal's count of orders that day.
    pub number: u32,
    /// Table or place, if any.
    pub place: Option<PlaceId>,
    /// Who took the order.
    pub employee: EmployeeId,
    /// The lines.
    pub items: Vec<OrderItem>,
    /// The place's service charge, fixed when the order is completed.
    pub service_charge: Money,
    /// Where the order stands.
    pub status: OrderStatus,
    /// When it was opened.
    pub created_at: Timestamp,
    /// When it was completed or cancelled.
    pub closed_at: Option<Timestamp>,
    /// When this revision was made.
    pub updated_at: Timestamp,
}

impl Order {
    /// Sum of the lines' totals (without service charge). `None` on overflow.
    #[must_use]
    pub fn items_total(&self) -> Option<Money> {
        self.items.iter().try_fold(Money::ZERO, |acc, item| acc.checked_add(item.total()?))
    }

    /// Sum of the lines' cost totals. `None` on overflow.
    #[must_use]
    pub fn cost_total(&self) -> Option<Money> {
        self.items.iter().try_fold(Money::ZERO, |acc, item| acc.checked_add(item.cost_total()?))
    }

    /// What the guest pays: items plus service charge. `None` on overflow.
    #[must_use]
    pub fn total(&self) -> Option<Money> {
        self.items_total()?.checked_add(self.service_charge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_status_codes_round_trip() {
        for v in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(v.code()), Some(v));
        }
        let mut codes: Vec<&str> = OrderStatus::ALL.iter().map(|v| v.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), OrderStatus::ALL.len(), "codes are distinct");
        assert_eq!(OrderStatus::from_code(""), None);
        assert_eq!(OrderStatus::from_code(&OrderStatus::ALL[0].code().to_uppercase()), None);
    }
}
