//! What terminals report. Every change to an order, payment, product,
//! employee or place travels as a whole snapshot of the entity with its
//! [`Version`]; whoever stores it keeps the highest version and ignores the
//! rest. That makes applying an event idempotent and order-independent: a
//! redelivered or stale snapshot changes nothing.

use serde::{Deserialize, Serialize};

use crate::{Employee, Order, Payment, Place, Product, Timestamp};

/// One change reported by a terminal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventBody {
    /// An order opened or changed (items, status, service charge).
    Order(Order),
    /// A payment taken or changed (confirmed, failed, refunded).
    Payment(Payment),
    /// A product added or changed on a manager's terminal.
    Product(Product),
    /// An employee added or changed on a manager's terminal.
    Employee(Employee),
    /// A place/table added or changed on a manager's terminal.
    Place(Place),
}

/// The kind of entity an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[repr(u8)]
pub enum EntityKind {
    /// [`Order`].
    Order = 1,
    /// [`Payment`].
    Payment = 2,
    /// [`Product`].
    Product = 3,
    /// [`Employee`].
    Employee = 4,
    /// [`Place`].
    Place = 5,
}

impl EntityKind {
    /// A stable lowercase name for logs and metrics.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            EntityKind::Order => "order",
            EntityKind::Payment => "payment",
            EntityKind::Product => "product",
            EntityKind::Employee => "employee",
            EntityKind::Place => "place",
        }
    }

    /// The inverse of `as u8`.
    #[must_use]
    pub const fn from_u8(b: u8) -> Option<EntityKind> {
        match b {
            1 => Some(EntityKind::Order),
            2 => Some(EntityKind::Payment),
            3 => Some(EntityKind::Product),
            4 => Some(EntityKind::Employee),
            5 => Some(EntityKind::Place),
            _ => None,
        }
    }
}

/// Which entity an event is about: its kind and id. Used as the storage key of
/// the entity's current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityKey {
    /// Kind of entity.
    pub kind: EntityKind,
    /// The entity's id bytes.
    pub id: [u8; 16],
}

impl EntityKey {
    /// 17 bytes: the kind, then the id. Sorts by kind, then by id (time for v7 ids).
    #[must_use]
    pub fn to_bytes(&self) -> [u8; 17] {
        let mut out = [0u8; 17];
        out[0] = self.kind as u8;
        out[1..].copy_from_slice(&self.id);
        out
    }

    /// The inverse of [`EntityKey::to_bytes`].
    #[must_use]
    pub fn from_bytes(bytes: &[u8]) -> Option<EntityKey> {
        let (&kind, id) = bytes.split_first()?;
        Some(EntityKey { kind: EntityKind::from_u8(kind)?, id: id.try_into().ok()? })
    }
}

/// The version of an entity snapshot. Higher wins; between equal versions the
/// one stored first stays. Compared as `(revision, updated_at)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Version {
    /// The entity's revision counter.
    pub revision: u32,
    /// When that revision was made.
    pub updated_at: Timestamp,
}

impl EventBody {
    /// The entity this event is about.
    #[must_use]
    pub fn key(&self) -> EntityKey {
        let (kind, id) = match self {
            EventBody::Order(o) => (EntityKind::Order, *o.id.as_bytes()),
            EventBody::Payment(p) => (EntityKind::Payment, *p.id.as_bytes()),
            EventBody::Product(p) => (EntityKind::Product, *p.id.as_bytes()),
            EventBody::Employee(e) => (EntityKind::Employee, *e.id.as_bytes()),
            EventBody::Place(p) => (EntityKind::Place, *p.id.as_bytes()),
        };
        EntityKey { kind, id }
    }

    /// The snapshot's version.
    #[must_use]
    pub fn version(&self) -> Version {
        let (revision, updated_at) = match self {
            EventBody::Order(o) => (o.revision, o.updated_at),
            EventBody::Payment(p) => (p.revision, p.updated_at),
            EventBody::Product(p) => (p.revision, p.updated_at),
            EventBody::Employee(e) => (e.revision, e.updated_at),
            EventBody::Place(p) => (p.revision, p.updated_at),
        };
        Version { revision, updated_at }
    }

    /// Checks what no honest terminal would send: empty names, negative or
    /// overflowing money, a closed order without a closing time.
    ///
    /// # Errors
    /// A short description of the first problem found.
    pub fn validate(&self) -> Result<(), &'static str> {
        const MAX_NAME: usize = 200;
        let name_ok = |s: &str| !s.trim().is_empty() && s.len() <= MAX_NAME;
        match self {
            EventBody::Order(o) => {
                if o.items.len() > 1_000 {
                    return Err("too many order items");
                }
                for item in &o.items {
                    if !name_ok(&item.name) {
                        return Err("order item without a name");
                    }
                    if item.qty.milli() <= 0 {
                        return Err("order item quantity must be positive");
                    }
                    if item.unit_price.tiyin() < 0 || item.cost_price.tiyin() < 0 {
                        return Err("order item price must not be negative");
                    }
                }
                if o.service_charge.tiyin() < 0 {
                    return Err("service charge must not be negative");
                }
                if o.total().is_none() || o.cost_total().is_none() {
                    return Err("order total overflows");
                }
                if o.status.is_closed() != o.closed_at.is_some() {
                    return Err("closed orders need a closing time, open ones none");
                }
            }
            EventBody::Payment(p) => {
                if p.amount.tiyin() <= 0 {
                    return Err("payment amount must be positive");
                }
            }
            EventBody::Product(p) => {
                if !name_ok(&p.name) || p.category.len() > MAX_NAME {
                    return Err("product needs a name");
                }
                if p.price.tiyin() < 0 || p.cost.tiyin() < 0 {
                    return Err("product price must not be negative");
                }
            }
            EventBody::Employee(e) => {
                if !name_ok(&e.first_name) || e.last_name.len() > MAX_NAME {
                    return Err("employee needs a name");
                }
            }
            EventBody::Place(p) => {
                if !name_ok(&p.name) {
                    return Err("place needs a name");
                }
                if p.service_bp > 10_000 {
                    return Err("service charge above 100 %");
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Money, OrderId, OrderStatus};

    fn order(revision: u32, at: i64) -> EventBody {
        EventBody::Order(Order {
            id: OrderId::from_name("o"),
            revision,
            number: 1,
            place: None,
            employee: crate::EmployeeId::from_name("e"),
            items: vec![],
            service_charge: Money::ZERO,
            status: OrderStatus::Open,
            created_at: Timestamp(at),
            closed_at: None,
            updated_at: Timestamp(at),
        })
    }

    #[test]
    fn versions_order_by_revision_then_time() {
        assert!(order(2, 1).version() > order(1, 9).version());
        assert!(order(2, 5).version() > order(2, 4).version());
    }

    #[test]
    fn key_round_trips() {
        let key = order(1, 1).key();
        assert_eq!(EntityKey::from_bytes(&key.to_bytes()), Some(key));
        assert_eq!(EntityKey::from_bytes(&[9; 17]), None);
        assert_eq!(EntityKey::from_bytes(&[1; 5]), None);
    }

    #[test]
    fn validation_catches_a_closed_order_without_closing_time() {
        let EventBody::Order(mut o) = order(1, 1) else { return };
        o.status = OrderStatus::Completed;
        assert!(EventBody::Order(o).validate().is_err());
    }
}
