//! Places and tables in a branch.

use serde::{Deserialize, Serialize};

use crate::{PlaceId, Timestamp};

/// A place an order is served at: a table, a hall, a takeaway counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// Made where the place was added.
    pub id: PlaceId,
    /// Bumped by every change.
    pub revision: u32,
    /// "Stol 5", "Zal 2 / Stol 1", "Olib ketish".
    pub name: String,
    /// Service charge ("xizmat haqi") at this place in basis points of the
    /// items' total: 1 000 = 10 %. Zero for takeaway.
    pub service_bp: u32,
    /// Inactive places are kept for history.
    pub active: bool,
    /// When this revision was made.
    pub updated_at: Timestamp,
}
