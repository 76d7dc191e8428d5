//! Uzbek phone numbers: `+998` and 9 digits.

use std::fmt;

/// A phone number known to be `+998` followed by 9 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

/// The input was not an Uzbek phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("phone number must be +998 followed by 9 digits")]
pub struct PhoneError;

impl Phone {
    /// Accepts `+998901234567`, with spaces, dashes or brackets between digits,
    /// and also `998901234567` or the 9 local digits.
    ///
    /// # Errors
    /// [`PhoneError`] for anything else.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.len() > 32 {
            return Err(PhoneError);
        }
        let mut digits = String::with_capacity(12);
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => {}
                ' ' | '-' | '(' | ')' => {}
                _ => return Err(PhoneError),
            }
        }
        let local = match digits.len() {
            12 if digits.starts_with("998") => &digits[3..],
            9 if !trimmed.starts_with('+') => &digits[..],
            _ => return Err(PhoneError),
        };
        if trimmed.starts_with('+') && digits.len() != 12 {
            return Err(PhoneError);
        }
        Ok(Self(format!("+998{local}")))
    }

    /// `+998901234567`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The operator's code (`90` of `+998 90 123 45 67`): SMS budgets count
    /// per operator.
    #[must_use]
    pub fn operator(&self) -> &str {
        &self.0[4..6]
    }

    /// `998901234567`, as Eskiz wants it.
    #[must_use]
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_usual_spellings() {
        for ok in ["+998901234567", "+998 90 123-45-67", "998901234567", "901234567", " +998 (90) 123 45 67 "] {
            assert_eq!(Phone::parse(ok).map(|p| p.to_string()), Ok("+998901234567".to_owned()), "{ok}");
        }
        assert_eq!(Phone::parse("+998901234567").map(|p| p.digits().to_owned()), Ok("998901234567".into()));
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "",
            "+99890123456",
            "+9989012345678",
            "+7 901 234 5678",
            "+998a01234567",
            "90123456",
            "+901234567",
            "9+98901234567",
            "+998901234567\u{0}",
            &"9".repeat(40),
        ] {
            assert_eq!(Phone::parse(bad), Err(PhoneError), "{bad:?}");
        }
    }
}
