//! Employees of a business.

use serde::{Deserialize, Serialize};

use crate::{EmployeeId, Timestamp};

/// What an employee does. The portal shows Kassir, Ofitsiant, Oshpaz, Menejer, Administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Takes payments.
    Cashier,
    /// Serves tables and opens orders.
    Waiter,
    /// Confirms orders in the kitchen.
    Cook,
    /// Runs the floor; may change the catalog on a terminal.
    Manager,
    /// Full rights in the branch.
    Administrator,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 5] = [Role::Cashier, Role::Waiter, Role::Cook, Role::Manager, Role::Administrator];

    /// A stable lowercase code for storage and URLs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Waiter => "waiter",
            Role::Cook => "cook",
            Role::Manager => "manager",
            Role::Administrator => "administrator",
        }
    }

    /// The inverse of [`Role::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// May this role change the catalog, staff and places from a terminal?
    #[must_use]
    pub const fn manages(self) -> bool {
        matches!(self, Role::Manager | Role::Administrator)
    }
}

/// An employee. Versioned like every entity (see [`crate::Version`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Employee {
    /// Made where the employee was added.
    pub id: EmployeeId,
    /// Bumped by every change.
    pub revision: u32,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// What they do.
    pub role: Role,
    /// Inactive employees keep their history but cannot sign in.
    pub active: bool,
    /// When this revision was made.
    pub updated_at: Timestamp,
}

impl Employee {
    /// "First Last".
    #[must_use]
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for v in Role::ALL {
            assert_eq!(Role::from_code(v.code()), Some(v));
        }
        let mut codes: Vec<&str> = Role::ALL.iter().map(|v| v.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Role::ALL.len(), "codes are distinct");
        assert_eq!(Role::from_code(""), None);
        assert_eq!(Role::from_code(&Role::ALL[0].code().to_uppercase()), None);
    }
}
