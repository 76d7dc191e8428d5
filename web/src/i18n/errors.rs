//! What a refused form or request can say: the error codes and the form
//! fields their messages name. Each code has a text in every language (see
//! [`super::Text::error`]); a code with no text, or a misspelt one, does not
//! compile.

/// Defines [`ErrorCode`] from one list, so `ALL` and `code` cannot miss a variant.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident => $code:literal,)*) => {
        /// Why a form or request was refused. [`ErrorCode::code`] is the stable
        /// string pages render as `data-error` (tests and scripts match it); the
        /// message lives in the catalog of the domain the error belongs to.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code.
            pub const ALL: [ErrorCode; [$($code),*].len()] = [$(ErrorCode::$variant),*];

            /// The stable code, rendered as `data-error` and used as a metrics label.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    /// The phone number is not +998 and 9 digits.
    BadPhone => "bad_phone",
    /// The phone number is already registered.
    PhoneTaken => "phone_taken",
    /// A rate limit was hit.
    TooManyRequests => "too_many_requests",
    /// The SMS gateway failed.
    SmsFailed => "sms_failed",
    /// No registration is in progress.
    NoRegistration => "no_registration",
    /// The SMS code is wrong; fills `{left}`.
    CodeWrong => "code_wrong",
    /// The SMS code expired.
    CodeExpired => "code_expired",
    /// No tries left for this SMS code.
    TooManyTries => "too_many_tries",
    /// A new code was asked for too soon; fills `{s}`.
    ResendTooEarly => "resend_too_early",
    /// The SMS code is not confirmed yet.
    NotVerified => "not_verified",
    /// A required field is empty or too long; fills `{field}` (see [`Field`]).
    FieldRequired => "field_required",
    /// The password is too short.
    PasswordShort => "password_short",
    /// The password is too long.
    PasswordLong => "password_long",
    /// The two passwords differ.
    PasswordMismatch => "password_mismatch",
    /// Wrong phone or password.
    LoginFailed => "login_failed",
    /// An administrator's reset forces a new password.
    MustChangePassword => "must_change_password",
    /// Too many failed sign-ins: wait before the next try; fills `{s}`.
    LoginWait => "login_wait",
    /// The current password given to change it is wrong.
    CurrentPassword => "current_password",
    /// The captcha's answer is missing, wrong, expired or already used.
    Captcha => "captcha",
    /// The branch name is too short or too long.
    BranchName => "branch_name",
    /// The tariff's branch limit is reached; fills `{max}`.
    BranchLimit => "branch_limit",
    /// No waiting device shows this pairing code.
    PairWrong => "pair_wrong",
    /// The pairing code expired.
    PairExpired => "pair_expired",
    /// The pairing code was already used.
    PairUsed => "pair_used",
    /// Two devices show the same pairing code.
    PairAmbiguous => "pair_ambiguous",
    /// The tariff's terminal limit is reached; fills `{max}`.
    TerminalLimit => "terminal_limit",
    /// The device is bound to another branch.
    PairElsewhere => "pair_elsewhere",
    /// Not a pairing QR code, or a damaged one.
    PairBadQr => "pair_bad_qr",
    /// A malformed pairing code.
    PairCode => "pair_code",
    /// A terminal role that is neither cashier nor manager.
    PairRole => "pair_role",
    /// The pairing window's length is not one offered.
    PairWindow => "pair_window",
    /// A malformed request.
    BadRequest => "bad_request",
    /// A request body over the limit.
    TooLarge => "too_large",
    /// A bad date range.
    Range => "range",
    /// A bad Multicard store ID.
    StoreId => "store_id",
    /// A bad Multicard application ID.
    ApplicationId => "application_id",
    /// A bad Multicard secret.
    Secret => "secret",
    /// A form without a valid CSRF token, or from another site.
    Csrf => "csrf",
    /// The subscription has ended (past its grace period) or is suspended:
    /// the portal changes nothing until it is paid or resumed.
    ReadOnly => "read_only",
    /// Wrong administrator login or password.
    AdminLoginFailed => "admin_login_failed",
    /// A suspension without a reason.
    AdminReason => "admin_reason",
    /// Suspending a suspended subscription.
    AdminAlreadySuspended => "admin_already_suspended",
    /// Resuming a subscription that is not suspended.
    AdminNotSuspended => "admin_not_suspended",
    /// No owner has this phone, or no such business.
    AdminNoOwner => "admin_no_owner",
}

impl ErrorCode {
    /// The inverse of [`ErrorCode::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A form field an error message names ("{field} is required").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Registration: the owner's given name.
    FirstName,
    /// Registration: the owner's family name.
    LastName,
    /// Registration: the business's name.
    BusinessName,
    /// A new branch's name.
    BranchName,
}

impl Field {
    /// Every field.
    pub const ALL: [Field; 4] = [Field::FirstName, Field::LastName, Field::BusinessName, Field::BranchName];

    /// The field's `name` in its form.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::BusinessName => "business_name",
            Field::BranchName => "name",
        }
    }

    /// The inverse of [`Field::name`].
    #[must_use]
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_are_distinct_and_round_trip() {
        let codes: HashSet<&str> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_code(code.code()), Some(code));
            assert!(code.code().bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code:?}");
        }
        assert_eq!(ErrorCode::from_code("internal"), None);
        assert_eq!(ErrorCode::from_code("Bad_Phone"), None);
    }

    #[test]
    fn fields_round_trip() {
        let names: HashSet<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), Field::ALL.len());
        for field in Field::ALL {
            assert_eq!(Field::from_name(field.name()), Some(field));
        }
        assert_eq!(Field::from_name("branch_name"), None);
    }
}
