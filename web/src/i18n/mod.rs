//! The portal's languages: Uzbek (Latin, the default), Russian, English.
//!
//! Every user-visible string lives in a catalog per domain and language,
//! mirroring the cloud's domains; [`Text`] gathers one language's catalogs.
//! Each catalog is a value of one struct, so a string missing from a language
//! does not compile. Strings with values in them use `{name}` placeholders,
//! filled by [`fill`].
//!
//! # Layout
//! - [`chrome`]: layout, menu, language switcher, pager, generic words, error pages.
//! - [`accounts`]: sign-in, registration, new password, profile.
//! - [`portal`]: dashboard, orders, products, employees, transactions; statuses, methods, roles.
//! - [`branches`]: branches, hubs, terminals, pairing, POS logins, unpairing.
//! - [`billing`]: subscription, payment settings.
//! - [`cards`]: the saved card page and the auto-renewal SMS.
//! - [`cargo`]: the cargo cabinet: shipment fields and problems, statuses, reasons, scans.
//! - [`cargo_cabinet`]: the cabinet's frame, sign-in, profile, captcha, appeals.
//! - [`admin`]: platform administration (`/admin`).
//! - [`telegram`]: the profile's Telegram link, the Web App's entry, the bot's messages.
//! - [`errors`]: [`ErrorCode`] and [`Field`], whose texts [`Text::error`] and [`Text::field`] give.

pub mod accounts;
pub mod admin;
pub mod billing;
pub mod branches;
pub mod cards;
pub mod cargo;
pub mod cargo_act;
pub mod cargo_api;
pub mod cargo_attorney;
pub mod cargo_business;
pub mod cargo_cabinet;
pub mod cargo_ecommerce;
pub mod cargo_legal;
pub mod cargo_money;
pub mod cargo_ops;
pub mod cargo_pay;
pub mod cargo_shipments;
pub mod cargo_track;
pub mod cargo_uploads;
pub mod chrome;
pub mod errors;
pub mod portal;
pub mod telegram;

use protocol::{OrderStatus, PaymentMethod, PaymentStatus, Role};

pub use errors::{ErrorCode, Field};

/// A portal language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// O'zbekcha (lotin).
    #[default]
    Uz,
    /// Русский.
    Ru,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 3] = [Lang::Uz, Lang::Ru, Lang::En];

    /// `uz`, `ru`, `en` (cookie, database, `<html lang>`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::Uz => "uz",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switcher.
    #[must_use]
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Uz => "O'zbekcha",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    /// A language from its code (`uz`, `ru`, `en`, case-insensitive).
    #[must_use]
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "uz" => Some(Lang::Uz),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first language of an `Accept-Language` header we speak, by the
    /// header's order and weights; Uzbek when none.
    #[must_use]
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, usize, Lang)> = None;
        for (i, part) in header.split(',').enumerate().take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::parse(primary) else { continue };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0) as u16);
            if q == 0 {
                continue;
            }
            // Higher weight wins; among equal weights, the earlier one.
            if best.is_none_or(|(bq, bi, _)| q > bq || (q == bq && i < bi)) {
                best = Some((q, i, lang));
            }
        }
        best.map_or(Lang::Uz, |(_, _, l)| l)
    }

    /// The catalog.
    #[must_use]
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Uz => &UZ,
            Lang::Ru => &RU,
            Lang::En => &EN,
        }
    }
}

/// Replaces `{name}` in `template` by each pair's value.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Every string of the portal, in one language, by domain.
#[derive(Debug)]
pub struct Text {
    /// Layout, menu, pager, generic words, error pages.
    pub chrome: chrome::ChromeText,
    /// Sign-in, registration, new password, profile.
    pub accounts: accounts::AccountsText,
    /// The owner's pages over synced data.
    pub portal: portal::PortalText,
    /// Branches, terminals, pairing.
    pub branches: branches::BranchesText,
    /// Subscription and payment settings.
    pub billing: billing::BillingText,
    /// Saved cards and auto-renewal.
    pub cards: cards::CardsText,
    /// Platform administration.
    pub admin: admin::AdminText,
    /// The cargo cabinet.
    pub cargo: cargo::CargoText,
    /// The owner's Telegram: link, Web App, the bot's messages.
    pub telegram: telegram::TelegramText,
}

/// O'zbekcha.
pub static UZ: Text = Text {
    chrome: chrome::UZ,
    accounts: accounts::UZ,
    portal: portal::UZ,
    branches: branches::UZ,
    billing: billing::UZ,
    cards: cards::UZ,
    admin: admin::UZ,
    cargo: cargo::UZ,
    telegram: telegram::UZ,
};

/// Русский.
pub static RU: Text = Text {
    chrome: chrome::RU,
    accounts: accounts::RU,
    portal: portal::RU,
    branches: branches::RU,
    billing: billing::RU,
    cards: cards::RU,
    admin: admin::RU,
    cargo: cargo::RU,
    telegram: telegram::RU,
};

/// English.
pub static EN: Text = Text {
    chrome: chrome::EN,
    accounts: accounts::EN,
    portal: portal::EN,
    branches: branches::EN,
    billing: billing::EN,
    cards: cards::EN,
    admin: admin::EN,
    cargo: cargo::EN,
    telegram: telegram::EN,
};

impl Text {
    /// An order status's name.
    #[must_use]
    pub fn order_status(&self, status: OrderStatus) -> &'static str {
        self.portal.order_status(status)
    }

    /// A payment status's name.
    #[must_use]
    pub fn payment_status(&self, status: PaymentStatus) -> &'static str {
        self.portal.payment_status(status)
    }

    /// A payment method's name.
    #[must_use]
    pub fn payment_method(&self, method: PaymentMethod) -> &'static str {
        self.portal.payment_method(method)
    }

    /// An employee role's name.
    #[must_use]
    pub fn role(&self, role: Role) -> &'static str {
        self.portal.role(role)
    }

    /// A field's label (for "… is required").
    #[must_use]
    pub fn field(&self, field: Field) -> &'static str {
        match field {
            Field::FirstName => self.accounts.first_name,
            Field::LastName => self.accounts.last_name,
            Field::BusinessName => self.accounts.business_name,
            Field::BranchName => self.branches.branch_name,
        }
    }

    /// The message for `code` with its `{name}` placeholders as they are.
    #[must_use]
    pub fn error_text(&self, code: ErrorCode) -> &'static str {
        let (c, a, b, p, bi) = (&self.chrome, &self.accounts, &self.branches, &self.portal, &self.billing);
        match code {
            ErrorCode::BadPhone => a.e_bad_phone,
            ErrorCode::PhoneTaken => a.e_phone_taken,
            ErrorCode::TooManyRequests => c.e_too_many_requests,
            ErrorCode::SmsFailed => a.e_sms_failed,
            ErrorCode::NoRegistration => a.e_no_registration,
            ErrorCode::CodeWrong => a.e_code_wrong,
            ErrorCode::CodeExpired => a.e_code_expired,
            ErrorCode::TooManyTries => a.e_too_many_tries,
            ErrorCode::ResendTooEarly => a.e_resend_too_early,
            ErrorCode::NotVerified => a.e_not_verified,
            ErrorCode::FieldRequired => a.e_field_required,
            ErrorCode::PasswordShort => a.e_password_short,
            ErrorCode::PasswordLong => a.e_password_long,
            ErrorCode::PasswordMismatch => a.e_password_mismatch,
            ErrorCode::LoginFailed => a.e_login_failed,
            ErrorCode::MustChangePassword => a.e_must_change_password,
            ErrorCode::LoginWait => a.e_login_wait,
            ErrorCode::CurrentPassword => a.e_current_password,
            ErrorCode::Captcha => a.e_captcha,
            ErrorCode::BranchName => b.e_branch_name,
            ErrorCode::BranchLimit => b.e_branch_limit,
            ErrorCode::PairWrong => b.e_pair_wrong,
            ErrorCode::PairExpired => b.e_pair_expired,
            ErrorCode::PairUsed => b.e_pair_used,
            ErrorCode::PairAmbiguous => b.e_pair_ambiguous,
            ErrorCode::TerminalLimit => b.e_terminal_limit,
            ErrorCode::PairElsewhere => b.e_pair_elsewhere,
            ErrorCode::PairBadQr => b.e_pair_bad_qr,
            ErrorCode::PairCode => b.e_pair_code,
            ErrorCode::PairRole => b.e_pair_role,
            ErrorCode::PairWindow => b.e_pair_window,
            ErrorCode::BadRequest => c.e_bad_request,
            ErrorCode::TooLarge => c.e_too_large,
            ErrorCode::Range => p.e_range,
            ErrorCode::StoreId => bi.e_store_id,
            ErrorCode::ApplicationId => bi.e_application_id,
            ErrorCode::Secret => bi.e_secret,
            ErrorCode::Csrf => c.error_csrf,
            ErrorCode::ReadOnly => bi.e_read_only,
            ErrorCode::AdminLoginFailed => self.admin.e_login_failed,
            ErrorCode::AdminReason => self.admin.e_reason,
            ErrorCode::AdminAlreadySuspended => self.admin.e_already_suspended,
            ErrorCode::AdminNotSuspended => self.admin.e_not_suspended,
            ErrorCode::AdminNoOwner => self.admin.e_no_owner,
        }
    }

    /// The message for `code`; `values` fill its placeholders (`{left}`,
    /// `{s}`, `{max}`, `{field}`: pass [`Text::field`]'s label for the last).
    #[must_use]
    pub fn error(&self, code: ErrorCode, values: &[(&str, &str)]) -> String {
        fill(self.error_text(code), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_by_weight_then_order() {
        assert_eq!(Lang::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"), Lang::Ru);
        assert_eq!(Lang::from_accept_language("de-DE,en;q=0.5,ru;q=0.7"), Lang::Ru);
        assert_eq!(Lang::from_accept_language("en-US,uz;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr,de"), Lang::Uz);
        assert_eq!(Lang::from_accept_language("ru;q=0,en;q=0.1"), Lang::En);
        assert_eq!(Lang::from_accept_language(""), Lang::Uz);
        assert_eq!(Lang::from_accept_language(";;;,q=,ru;q=abc"), Lang::Ru);
    }

    #[test]
    fn every_error_code_has_a_message_in_every_language() {
        let values = [("left", "3"), ("s", "42"), ("field", "X"), ("max", "5")];
        for lang in Lang::ALL {
            let t = lang.text();
            for code in ErrorCode::ALL {
                let m = t.error(code, &values);
                assert!(!m.trim().is_empty(), "{lang:?} {code:?}");
                assert_ne!(m, t.chrome.error_internal, "{lang:?} {code:?}");
                assert!(!m.contains('{'), "{lang:?} {code:?}: unfilled placeholder in {m}");
            }
        }
        assert_eq!(UZ.error(ErrorCode::CodeWrong, &[("left", "2")]), "Kod noto'g'ri. Yana 2 ta urinish qoldi");
        assert_eq!(EN.error(ErrorCode::Csrf, &[]), EN.chrome.error_csrf);
    }

    #[test]
    fn every_name_has_a_text_in_every_language() {
        for lang in Lang::ALL {
            let t = lang.text();
            let names = OrderStatus::ALL
                .map(|s| t.order_status(s))
                .into_iter()
                .chain(PaymentStatus::ALL.map(|s| t.payment_status(s)))
                .chain(PaymentMethod::ALL.map(|m| t.payment_method(m)))
                .chain(Role::ALL.map(|r| t.role(r)))
                .chain(Field::ALL.map(|f| t.field(f)));
            for name in names {
                assert!(!name.trim().is_empty() && name != "?", "{lang:?}");
            }
        }
        assert_eq!(UZ.order_status(OrderStatus::Cancelled), "Bekor qilingan");
        assert_eq!(RU.payment_method(PaymentMethod::Cash), "Наличные");
        assert_eq!(EN.role(Role::Cook), "Cook");
        assert_eq!(EN.field(Field::BranchName), "Branch name");
    }
}
