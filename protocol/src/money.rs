//! Money and quantities as integers. 1 so'm (UZS) = 100 tiyin; a [`Money`] is
//! a whole number of tiyin and never a float. A [`Quantity`] counts thousandths
//! of a unit, so 1.5 kg of meat and 3 somsa are both exact.

use std::fmt;
use std::iter::Sum;

use serde::{Deserialize, Serialize};

/// Tiyin per so'm.
pub const TIYIN_PER_SOM: i64 = 100;

/// A sum of money in tiyin (UZS × 100). May be negative (a refund, a delta).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

/// Something that is not a valid amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a number of so'm with at most two decimals.
    #[error("not an amount of so'm: {0:?}")]
    Invalid(String),
    /// The amount does not fit.
    #[error("amount out of range")]
    Overflow,
    /// A negative amount where only zero or more makes sense.
    #[error("amount must not be negative")]
    Negative,
}

impl Money {
    /// Zero tiyin.
    pub const ZERO: Money = Money(0);

    /// An amount in tiyin.
    #[must_use]
    pub const fn from_tiyin(tiyin: i64) -> Self {
        Self(tiyin)
    }

    /// A whole number of so'm.
    ///
    /// # Errors
    /// [`MoneyError::Overflow`] past `i64` tiyin.
    pub fn from_som(som: i64) -> Result<Self, MoneyError> {
        som.checked_mul(TIYIN_PER_SOM).map(Self).ok_or(MoneyError::Overflow)
    }

    /// The amount in tiyin.
    #[must_use]
    pub const fn tiyin(self) -> i64 {
        self.0
    }

    /// Parses "1250000", "1 250 000", "12500.5" or "12500,50" (so'm) into tiyin.
    ///
    /// # Errors
    /// [`MoneyError::Invalid`] for anything else, [`MoneyError::Overflow`] when too large.
    pub fn parse_som(text: &str) -> Result<Self, MoneyError> {
        let invalid = || MoneyError::Invalid(text.to_owned());
        let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, frac) = match digits.split_once(['.', ',']) {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| MoneyError::Overflow)?;
        let frac_tiyin: i64 = match frac.len() {
            0 => 0,
            1 => i64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => frac.parse().map_err(|_| invalid())?,
        };
        let tiyin =
            whole.checked_mul(TIYIN_PER_SOM).and_then(|t| t.checked_add(frac_tiyin)).ok_or(MoneyError::Overflow)?;
        Ok(Self(if negative { -tiyin } else { tiyin }))
    }

    /// Sum, or `None` on overflow.
    #[must_use]
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Difference, or `None` on overflow.
    #[must_use]
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// Sum, clamped at the ends of the range. For figures that are only shown.
    #[must_use]
    pub fn saturating_add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }

    /// The price of `qty` units at this unit price, rounded half away from
    /// zero to the tiyin. `None` on overflow.
    #[must_use]
    pub fn times(self, qty: Quantity) -> Option<Money> {
        let product = i128::from(self.0) * i128::from(qty.milli());
        let rounded = if product >= 0 { (product + 500) / 1000 } else { (product - 500) / 1000 };
        i64::try_from(rounded).ok().map(Money)
    }

    /// `basis_points`/10 000 of this amount (1 000 bp = 10 %), rounded half
    /// away from zero. Used for a place's service charge.
    #[must_use]
    pub fn percent_bp(self, basis_points: u32) -> Option<Money> {
        let product = i128::from(self.0) * i128::from(basis_points);
        let rounded = if product >= 0 { (product + 5_000) / 10_000 } else { (product - 5_000) / 10_000 };
        i64::try_from(rounded).ok().map(Money)
    }

    /// Whole so'm, truncated toward zero.
    #[must_use]
    pub const fn whole_som(self) -> i64 {
        self.0 / TIYIN_PER_SOM
    }

    /// The tiyin past the whole so'm (0..=99, sign dropped).
    #[must_use]
    pub const fn tiyin_part(self) -> i64 {
        (self.0 % TIYIN_PER_SOM).abs()
    }
}

impl Sum for Money {
    /// Saturating sum; use [`Money::checked_add`] where overflow must be an error.
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Money::saturating_add)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({} tiyin)", self.0)
    }
}

impl fmt::Display for Money {
    /// So'm with two decimals only when there are tiyin: `1250000`, `-3.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let whole = (self.0 / TIYIN_PER_SOM).unsigned_abs();
        match self.tiyin_part() {
            0 => write!(f, "{sign}{whole}"),
            t => write!(f, "{sign}{whole}.{t:02}"),
        }
    }
}

/// An amount of a product in thousandths of its unit: 3 pieces = 3000,
/// 1.25 kg = 1250.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quantity(i64);

impl Quantity {
    /// Zero.
    pub const ZERO: Quantity = Quantity(0);

    /// Whole units (pieces).
    #[must_use]
    pub const fn units(n: i64) -> Self {
        Self(n * 1000)
    }

    /// Thousandths of a unit.
    #[must_use]
    pub const fn from_milli(milli: i64) -> Self {
        Self(milli)
    }

    /// The quantity in thousandths.
    #[must_use]
    pub const fn milli(self) -> i64 {
        self.0
    }

    /// Sum, clamped at the ends of the range.
    #[must_use]
    pub fn saturating_add(self, other: Quantity) -> Quantity {
        Quantity(self.0.saturating_add(other.0))
    }
}

impl fmt::Debug for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Quantity({self})")
    }
}

impl fmt::Display for Quantity {
    /// `3`, `1.5`, `0.125`: no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let frac = format!("{frac:03}");
            write!(f, "{sign}{whole}.{}", frac.trim_end_matches('0'))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_som() {
        assert_eq!(Money::parse_som("1 250 000"), Ok(Money::from_tiyin(125_000_000)));
        assert_eq!(Money::parse_som("12500.5"), Ok(Money::from_tiyin(1_250_050)));
        assert_eq!(Money::parse_som("12500,05"), Ok(Money::from_tiyin(1_250_005)));
        assert_eq!(Money::parse_som("-3"), Ok(Money::from_tiyin(-300)));
        for bad in ["", "abc", "1.234", "1e5", "--1", "1.2.3", "."] {
            assert!(Money::parse_som(bad).is_err(), "{bad}");
        }
        assert_eq!(Money::parse_som("999999999999999999999"), Err(MoneyError::Overflow));
    }

    #[test]
    fn displays() {
        assert_eq!(Money::from_tiyin(125_000_000).to_string(), "1250000");
        assert_eq!(Money::from_tiyin(-350).to_string(), "-3.50");
        assert_eq!(Money::from_tiyin(-5).to_string(), "-0.05");
        assert_eq!(Quantity::from_milli(1500).to_string(), "1.5");
        assert_eq!(Quantity::units(3).to_string(), "3");
        assert_eq!(Quantity::from_milli(125).to_string(), "0.125");
    }

    #[test]
    fn price_times_quantity_rounds_half_away_from_zero() {
        let price = Money::from_tiyin(333);
        assert_eq!(price.times(Quantity::units(3)), Some(Money::from_tiyin(999)));
        assert_eq!(price.times(Quantity::from_milli(1500)), Some(Money::from_tiyin(500))); // 499.5
        assert_eq!(Money::from_tiyin(-333).times(Quantity::from_milli(1500)), Some(Money::from_tiyin(-500)));
        assert_eq!(Money::from_tiyin(i64::MAX).times(Quantity::units(2)), None);
    }

    #[test]
    fn service_percent() {
        assert_eq!(Money::from_tiyin(100_000).percent_bp(1_000), Some(Money::from_tiyin(10_000)));
        assert_eq!(Money::from_tiyin(5).percent_bp(1_000), Some(Money::from_tiyin(1))); // 0.5 -> 1
    }
}
