//! The catalog: what a branch sells.

use serde::{Deserialize, Serialize};

use crate::{Money, ProductId, Quantity, Timestamp};

/// How a product is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// Whole pieces (a somsa, a pot of tea).
    Piece,
    /// Weight in kilograms (meat, fruit).
    Kilogram,
    /// Volume in litres.
    Litre,
}

/// Stock on hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stock {
    /// Not tracked: dishes cooked to order. Shown as "∞".
    Unlimited,
    /// Counted stock.
    Counted(Quantity),
}

/// A product. Changes are whole new versions: a higher `revision` replaces a
/// lower one everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Made where the product was created.
    pub id: ProductId,
    /// Bumped by every change; see [`crate::Version`].
    pub revision: u32,
    /// Name as printed on receipts ("Osh", "Lag'mon").
    pub name: String,
    /// Category name ("Milliy taomlar", "Ichimliklar").
    pub category: String,
    /// Selling price per unit.
    pub price: Money,
    /// Cost price per unit, for product profit.
    pub cost: Money,
    /// How it is counted.
    pub unit: Unit,
    /// Stock on hand.
    pub stock: Stock,
    /// Inactive products are kept for history but not sold ("Nofaol").
    pub active: bool,
    /// When this revision was made.
    pub updated_at: Timestamp,
}
