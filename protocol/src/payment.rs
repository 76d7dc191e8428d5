//! Payment transactions.

use serde::{Deserialize, Serialize};

use crate::{EmployeeId, Money, OrderId, PaymentId, Timestamp};

/// How the guest paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PaymentMethod {
    /// Naqd.
    Cash,
    /// Karta (Uzcard, Humo, Visa, Mastercard on the terminal).
    Card,
    /// Mobil (Payme, Click, Uzum by QR).
    Mobile,
}

impl PaymentMethod {
    /// Every method, in display order.
    pub const ALL: [PaymentMethod; 3] = [PaymentMethod::Cash, PaymentMethod::Card, PaymentMethod::Mobile];

    /// A stable lowercase code for storage and URLs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Mobile => "mobile",
        }
    }

    /// The inverse of [`PaymentMethod::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// Where a payment stands. Portal colours: yellow, green, red, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PaymentStatus {
    /// In progress ("Kutilmoqda").
    Pending,
    /// Money received ("Tasdiqlangan").
    Confirmed,
    /// Did not go through ("Muvaffaqiyatsiz").
    Failed,
    /// Given back ("Qaytarilgan").
    Refunded,
}

impl PaymentStatus {
    /// Every status, in display order.
    pub const ALL: [PaymentStatus; 4] =
        [PaymentStatus::Pending, PaymentStatus::Confirmed, PaymentStatus::Failed, PaymentStatus::Refunded];

    /// A stable lowercase code for storage and URLs.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Confirmed => "confirmed",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refunded",
        }
    }

    /// The inverse of [`PaymentStatus::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<PaymentStatus> {
        PaymentStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A payment against an order, at one revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Made on the terminal that took the payment.
    pub id: PaymentId,
    /// Bumped by every change (confirmation, failure, refund).
    pub revision: u32,
    /// The order paid for.
    pub order: OrderId,
    /// How.
    pub method: PaymentMethod,
    /// How much; always positive. A refund changes the status, not the sign.
    pub amount: Money,
    /// Where it stands.
    pub status: PaymentStatus,
    /// Who took it.
    pub employee: EmployeeId,
    /// When it was started.
    pub created_at: Timestamp,
    /// When this revision was made.
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_method_codes_round_trip() {
        for v in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::from_code(v.code()), Some(v));
        }
        let mut codes: Vec<&str> = PaymentMethod::ALL.iter().map(|v| v.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PaymentMethod::ALL.len(), "codes are distinct");
        assert_eq!(PaymentMethod::from_code(""), None);
        assert_eq!(PaymentMethod::from_code(&PaymentMethod::ALL[0].code().to_uppercase()), None);
    }

    #[test]
    fn payment_status_codes_round_trip() {
        for v in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::from_code(v.code()), Some(v));
        }
        let mut codes: Vec<&str> = PaymentStatus::ALL.iter().map(|v| v.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), PaymentStatus::ALL.len(), "codes are distinct");
        assert_eq!(PaymentStatus::from_code(""), None);
        assert_eq!(PaymentStatus::from_code(&PaymentStatus::ALL[0].code().to_uppercase()), None);
    }
}
