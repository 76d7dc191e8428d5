//! Owner accounts: the three-step registration (P1), sign-in and sessions
//! (P2), forced password change after an administrator's reset (P15).
//!
//! Everything a flow needs between requests lives in SQL (phone checks,
//! sessions, rate-limit windows), so any cloud instance can serve any step.
//!
//! # Layout
//! - this file: the flows ([`Accounts`]), their policy and errors.
//! - [`pages`]: sign-in, registration (3 steps), new password, sign-out,
//!   the language switcher.
//! - `signin`: sign-in with growing delays per phone, address and device,
//!   sessions (idle and absolute lifetimes, the list, "sign out
//!   everywhere"), password changes, the administrator's reset.
//! - [`store`]: owners, sessions, phone checks, rate-limit windows.

pub mod pages;
mod signin;
pub mod store;

pub use pages::{pages, public_pages};

use std::sync::Arc;

use subtle::ConstantTimeEq as _;
use tracing::{info, warn};
use web::i18n::{ErrorCode, Field};

use crate::accounts::store::NewOwner;
use crate::db::{Db, DbError, now_ms};
use crate::phone::Phone;
use crate::secrets::{self, Password, PasswordError};
use crate::sms::SmsSender;

/// Timings and limits of the account flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountPolicy {
    /// How long a code is valid, seconds (P1: 5 minutes).
    pub code_ttl_s: i64,
    /// Wrong tries allowed per code.
    pub code_tries: i64,
    /// Wait before "Qayta yuborish" may send another code, seconds.
    pub resend_cooldown_s: i64,
    /// Codes per phone per hour.
    pub codes_per_phone_hour: i64,
    /// Codes per client address (an IPv6 /64) per hour.
    pub codes_per_addr_hour: i64,
    /// Codes from one address per hour before its next request must solve
    /// a captcha.
    pub codes_before_captcha: i64,
    /// SMS codes the whole cloud sends per hour (toll fraud stops here).
    pub sms_per_hour: i64,
    /// SMS codes per hour to one operator's numbers (`+998 90…`).
    pub sms_per_prefix_hour: i64,
    /// Failed sign-ins for one phone from one address before each next try
    /// waits (1 s, 2 s, 4 s … up to 15 min after the last failure).
    pub login_free_per_pair: i64,
    /// Failed sign-ins from one address (any phones) per hour before delays.
    pub login_free_per_addr: i64,
    /// Failed sign-ins for one phone per hour, from devices it never signed
    /// in on, before delays; a device it signed in on is not slowed by them.
    pub login_free_per_phone: i64,
    /// A session ends after this long without use, seconds.
    pub session_idle_s: i64,
    /// A session ends this long after sign-in however much it is used, seconds.
    pub session_max_s: i64,
    /// An administrator's temporary password works this long, seconds.
    pub temporary_password_s: i64,
    /// Days a new business gets before its first payment.
    pub trial_days: i64,
}

impl Default for AccountPolicy {
    fn default() -> Self {
        Self {
            code_ttl_s: 300,
            code_tries: 5,
            resend_cooldown_s: 60,
            codes_per_phone_hour: 5,
            codes_per_addr_hour: 20,
            codes_before_captcha: 2,
            sms_per_hour: 2000,
            sms_per_prefix_hour: 500,
            login_free_per_pair: 5,
            login_free_per_addr: 30,
            login_free_per_phone: 20,
            session_idle_s: 7 * 24 * 3600,
            session_max_s: 30 * 24 * 3600,
            temporary_password_s: 24 * 3600,
            trial_days: 14,
        }
    }
}

/// A user's mistake or a refusal, each with a stable code for pages and
/// tests, or a failure of ours.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The phone is not `+998` and 9 digits.
    #[error("Telefon raqami +998 va 9 ta raqamdan iborat bo'lishi kerak")]
    BadPhone,
    /// An account exists for this phone.
    #[error("Bu raqam allaqachon ro'yxatdan o'tgan. Tizimga kiring")]
    PhoneTaken,
    /// Too many codes to this phone or from this address.
    #[error("Juda ko'p urinish. Birozdan so'ng qayta urinib ko'ring")]
    TooManyRequests,
    /// Too many failed sign-ins: the next try must wait.
    #[error("Juda ko'p noto'g'ri urinish. {wait_s} soniyadan so'ng qayta urinib ko'ring")]
    LoginWait {
        /// Seconds to wait.
        wait_s: i64,
    },
    /// The current password, asked to change it, is wrong.
    #[error("Joriy parol noto'g'ri")]
    CurrentPassword,
    /// The captcha is missing, wrong, expired or used.
    #[error("Misol javobi noto'g'ri yoki eskirgan")]
    Captcha,
    /// The SMS could not be sent.
    #[error("SMS yuborib bo'lmadi. Birozdan so'ng qayta urinib ko'ring")]
    SmsFailed,
    /// No registration in progress (cookie missing, unknown or finished).
    #[error("Ro'yxatdan o'tish sessiyasi topilmadi. Qaytadan boshlang")]
    NoRegistration,
    /// Wrong code.
    #[error("Kod noto'g'ri. Yana {left} ta urinish qoldi")]
    CodeWrong {
        /// Tries left.
        left: i64,
    },
    /// The code's five minutes are over.
    #[error("Kodning amal qilish muddati tugadi. Yangi kod so'rang")]
    CodeExpired,
    /// Five wrong tries.
    #[error("Urinishlar soni tugadi. Yangi kod so'rang")]
    TooManyTries,
    /// "Qayta yuborish" pressed before the cooldown ended.
    #[error("Yangi kodni {wait_s} soniyadan so'ng so'rash mumkin")]
    ResendTooEarly {
        /// Seconds to wait.
        wait_s: i64,
    },
    /// The code step was skipped.
    #[error("Avval SMS kodni tasdiqlang")]
    NotVerified,
    /// A required field (its form name) is empty or too long.
    #[error("{} is required (at most 100 characters)", .0.name())]
    Field(Field),
    /// The new password breaks a rule.
    #[error("{}", password_message(*.0))]
    Password(PasswordError),
    /// Phone and password do not match an account.
    #[error("Telefon raqami yoki parol noto'g'ri")]
    LoginFailed,
    /// The administrator's temporary password must be replaced first.
    #[error("Yangi parol o'rnating")]
    MustChangePassword,
    /// Our failure.
    #[error("internal error")]
    Internal(String),
}

fn password_message(e: PasswordError) -> &'static str {
    match e {
        PasswordError::TooShort => "Parol kamida 8 ta belgidan iborat bo'lishi kerak",
        PasswordError::TooLong => "Parol ko'pi bilan 128 ta belgidan iborat bo'lishi kerak",
        PasswordError::Mismatch => "Parollar mos kelmadi",
    }
}

impl AccountError {
    /// A stable code for pages (`data-error`) and tests; `None` for our
    /// own failure.
    #[must_use]
    pub fn code(&self) -> Option<ErrorCode> {
        Some(match self {
            AccountError::BadPhone => ErrorCode::BadPhone,
            AccountError::PhoneTaken => ErrorCode::PhoneTaken,
            AccountError::TooManyRequests => ErrorCode::TooManyRequests,
            AccountError::LoginWait { .. } => ErrorCode::LoginWait,
            AccountError::CurrentPassword => ErrorCode::CurrentPassword,
            AccountError::Captcha => ErrorCode::Captcha,
            AccountError::SmsFailed => ErrorCode::SmsFailed,
            AccountError::NoRegistration => ErrorCode::NoRegistration,
            AccountError::CodeWrong { .. } => ErrorCode::CodeWrong,
            AccountError::CodeExpired => ErrorCode::CodeExpired,
            AccountError::TooManyTries => ErrorCode::TooManyTries,
            AccountError::ResendTooEarly { .. } => ErrorCode::ResendTooEarly,
            AccountError::NotVerified => ErrorCode::NotVerified,
            AccountError::Field(_) => ErrorCode::FieldRequired,
            AccountError::Password(PasswordError::TooShort) => ErrorCode::PasswordShort,
            AccountError::Password(PasswordError::TooLong) => ErrorCode::PasswordLong,
            AccountError::Password(PasswordError::Mismatch) => ErrorCode::PasswordMismatch,
            AccountError::LoginFailed => ErrorCode::LoginFailed,
            AccountError::MustChangePassword => ErrorCode::MustChangePassword,
            AccountError::Internal(_) => return None,
        })
    }

    /// The values the message of [`AccountError::code`] is filled with
    /// (`left`, `s`, `field`: the form name of the field).
    #[must_use]
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            AccountError::CodeWrong { left } => vec![("left", left.to_string())],
            AccountError::ResendTooEarly { wait_s } | AccountError::LoginWait { wait_s } => {
                vec![("s", wait_s.to_string())]
            }
            AccountError::Field(field) => vec![("field", field.name().to_owned())],
            _ => Vec::new(),
        }
    }

    /// Is this a limit (answered 429) rather than a mistake (400)?
    #[must_use]
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            AccountError::TooManyRequests | AccountError::ResendTooEarly { .. } | AccountError::LoginWait { .. }
        )
    }

    /// Is this our failure rather than the user's?
    #[must_use]
    pub fn is_internal(&self) -> bool {
        matches!(self, AccountError::Internal(_))
    }
}

impl From<DbError> for AccountError {
    fn from(e: DbError) -> Self {
        AccountError::Internal(e.to_string())
    }
}

impl From<secrets::HashError> for AccountError {
    fn from(e: secrets::HashError) -> Self {
        AccountError::Internal(e.to_string())
    }
}

/// The registration details of step 3.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Details {
    /// Ism.
    #[serde(default)]
    pub first_name: String,
    /// Familiya.
    #[serde(default)]
    pub last_name: String,
    /// Biznes nomi.
    #[serde(default)]
    pub business_name: String,
    /// Parol.
    #[serde(default)]
    pub password: String,
    /// Parolni tasdiqlang.
    #[serde(default)]
    pub password_confirm: String,
}

/// A new session: the cookie value is shown once.
#[derive(Debug)]
pub struct NewSession {
    /// The cookie value.
    pub token: String,
    /// The owner must choose a new password before anything else.
    pub must_change_password: bool,
    /// The owner's saved language (`uz`, `ru`, `en`).
    pub language: String,
    /// Who signed in (the device cookie names them).
    pub owner_id: String,
}

const PURPOSE_REGISTRATION: &str = "registration";
/// A phone check for a phone that already has an account.
const TAKEN_PREFIX: &str = "taken:";
const FLOW_LABEL: &str = "phone-check";
const CODE_LABEL: &str = "sms-code";
const SESSION_LABEL: &str = "session";
/// After the code is verified, the details must come within this long.
const DETAILS_WITHIN_MS: i64 = 30 * 60 * 1000;

fn required(value: &str, name: Field) -> Result<String, AccountError> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > 100 {
        return Err(AccountError::Field(name));
    }
    Ok(v.to_owned())
}

/// The account flows.
#[derive(Debug, Clone)]
pub struct Accounts {
    db: Db,
    sms: Arc<dyn SmsSender>,
    policy: AccountPolicy,
}

impl Accounts {
    /// Flows over `db`, sending codes with `sms`.
    #[must_use]
    pub fn new(db: Db, sms: Arc<dyn SmsSender>, policy: AccountPolicy) -> Self {
        Self { db, sms, policy }
    }

    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> &AccountPolicy {
        &self.policy
    }

    fn code_hash(flow_token: &str, code: &str) -> String {
        secrets::token_hash(CODE_LABEL, &format!("{flow_token}:{code}"))
    }

    async fn limit_codes(&self, phone: &Phone, addr: &str) -> Result<(), AccountError> {
        const HOUR: i64 = 3_600_000;
        let p = &self.policy;
        let addr_key = crate::limits::addr_bucket(addr);
        let buckets = [
            (format!("code-addr:{addr_key}"), p.codes_per_addr_hour),
            (format!("code-phone:{phone}"), p.codes_per_phone_hour),
            (format!("sms-prefix:{}", phone.operator()), p.sms_per_prefix_hour),
            ("sms-all".to_owned(), p.sms_per_hour),
        ];
        for (bucket, max) in &buckets {
            if !self.db.rate_allow(bucket, HOUR, *max).await? {
                warn!(
                    client.addr = addr,
                    limit = bucket.split(':').next().unwrap_or(""),
                    "verification code rate limit"
                );
                return Err(AccountError::TooManyRequests);
            }
        }
        Ok(())
    }

    /// Must the next code request from `addr` solve a captcha first? Once
    /// the address had [`AccountPolicy::codes_before_captcha`] codes this hour.
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn codes_need_captcha(&self, addr: &str) -> Result<bool, AccountError> {
        let bucket = format!("code-addr:{}", crate::limits::addr_bucket(addr));
        let (sent, _) = self.db.rate_count(&bucket, now_ms() - 3_600_000).await?;
        Ok(sent >= self.policy.codes_before_captcha)
    }

    async fn send_code(&self, phone: &Phone, text: &str) -> Result<(), AccountError> {
        self.sms.send(phone, text).await.map_err(|e| {
            warn!(error = %e, "verification SMS failed");
            AccountError::SmsFailed
        })
    }

    /// The owner's registration SMS.
    fn owner_code_text(code: &str) -> String {
        format!("POS: ro'yxatdan o'tish kodi {code}. Kodni hech kimga bermang.")
    }

    /// What a phone check's flow token is stored as.
    #[must_use]
    pub fn phone_check_hash(token: &str) -> String {
        secrets::token_hash(FLOW_LABEL, token)
    }

    /// Starts a phone check for `purpose` (owners' registration, or another
    /// kind of account such as a courier company's clients): rate limits,
    /// a fresh 6-digit code sent by SMS with `text(code)`. Returns the flow
    /// token the browser keeps in a cookie.
    ///
    /// When the phone already has an account (`taken` holds the notice to
    /// send it instead), everything looks the same to the browser (the same
    /// limits, the same code page, a wrong-code answer to every code) and
    /// the phone's owner reads the notice: whoever types a phone learns
    /// nothing about it.
    ///
    /// # Errors
    /// [`AccountError::TooManyRequests`], [`AccountError::SmsFailed`].
    pub async fn start_phone_check(
        &self,
        phone: &Phone,
        purpose: &str,
        addr: &str,
        text: &(dyn Fn(&str) -> String + Send + Sync),
        taken: Option<&str>,
    ) -> Result<String, AccountError> {
        self.limit_codes(phone, addr).await?;
        let token = secrets::new_token()?;
        let code = format!("{:06}", secrets::random_below(1_000_000)?);
        // A taken phone's check keeps a hash no 6-digit code has.
        let code_hash = if taken.is_some() { Self::taken_hash()? } else { Self::code_hash(&token, &code) };
        let expires = now_ms() + self.policy.code_ttl_s * 1000;
        self.db
            .insert_phone_check(&Self::phone_check_hash(&token), purpose, phone.as_str(), &code_hash, expires)
            .await?;
        match taken {
            Some(notice) => self.send_code(phone, notice).await?,
            None => self.send_code(phone, &text(&code)).await?,
        }
        info!(client.addr = addr, purpose, "verification code sent");
        Ok(token)
    }

    /// What a taken phone's check keeps instead of a code's hash: no code
    /// matches it, and a resend sends the notice again.
    fn taken_hash() -> Result<String, AccountError> {
        Ok(format!("{TAKEN_PREFIX}{}", secrets::new_token()?))
    }

    /// The SMS an owner's phone gets when someone tries to register it.
    fn owner_taken_text() -> &'static str {
        "POS: bu raqam allaqachon ro'yxatdan o'tgan. Parolni unutgan bo'lsangiz, qo'llab-quvvatlash xizmatiga \
         murojaat qiling. Siz so'ramagan bo'lsangiz, hech narsa qilmang."
    }

    /// Step 1: sends a code to the phone. Returns the flow token the
    /// browser keeps in a cookie. A phone with an account gets a notice
    /// instead of a code, and the answer is the same (see
    /// [`Accounts::start_phone_check`]).
    ///
    /// # Errors
    /// [`AccountError::BadPhone`], [`AccountError::TooManyRequests`],
    /// [`AccountError::SmsFailed`].
    pub async fn start_registration(&self, phone: &str, addr: &str) -> Result<String, AccountError> {
        let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
        let taken = self.db.phone_registered(phone.as_str()).await?.then_some(Self::owner_taken_text());
        self.start_phone_check(&phone, PURPOSE_REGISTRATION, addr, &Self::owner_code_text, taken).await
    }

    /// The phone a registration flow is for (to show on the code page).
    ///
    /// # Errors
    /// [`AccountError::NoRegistration`].
    pub async fn registration_phone(&self, token: &str) -> Result<String, AccountError> {
        let check = self.open_check(token).await?;
        Ok(check.phone)
    }

    async fn open_check(&self, token: &str) -> Result<crate::accounts::store::PhoneCheck, AccountError> {
        self.open_phone_check(token, PURPOSE_REGISTRATION).await
    }

    /// The unused phone check behind a flow token, for `purpose`.
    ///
    /// # Errors
    /// [`AccountError::NoRegistration`].
    pub async fn open_phone_check(
        &self,
        token: &str,
        purpose: &str,
    ) -> Result<crate::accounts::store::PhoneCheck, AccountError> {
        match self.db.phone_check(&Self::phone_check_hash(token)).await {
            Ok(c) if c.purpose == purpose && c.consumed_at.is_none() => Ok(c),
            Ok(_) | Err(DbError::NotFound) => Err(AccountError::NoRegistration),
            Err(e) => Err(e.into()),
        }
    }

    /// Step 2: checks the code.
    ///
    /// # Errors
    /// [`AccountError::CodeWrong`], [`AccountError::CodeExpired`],
    /// [`AccountError::TooManyTries`], [`AccountError::NoRegistration`].
    pub async fn verify_code(&self, token: &str, code: &str) -> Result<(), AccountError> {
        self.verify_phone_check(token, PURPOSE_REGISTRATION, code).await.map(|_| ())
    }

    /// Checks the code of a phone check for `purpose`; returns the check,
    /// verified (again: a verified check answers at once). A verified check
    /// must be used within half an hour.
    ///
    /// # Errors
    /// [`AccountError::CodeWrong`], [`AccountError::CodeExpired`],
    /// [`AccountError::TooManyTries`], [`AccountError::NoRegistration`].
    pub async fn verify_phone_check(
        &self,
        token: &str,
        purpose: &str,
        code: &str,
    ) -> Result<crate::accounts::store::PhoneCheck, AccountError> {
        let mut check = self.open_phone_check(token, purpose).await?;
        if let Some(verified_at) = check.verified_at {
            if now_ms() - verified_at > DETAILS_WITHIN_MS {
                return Err(AccountError::NoRegistration);
            }
            return Ok(check);
        }
        if check.attempts >= self.policy.code_tries {
            return Err(AccountError::TooManyTries);
        }
        if now_ms() > check.expires_at {
            return Err(AccountError::CodeExpired);
        }
        let code = code.trim();
        let good = code.len() == 6
            && code.bytes().all(|b| b.is_ascii_digit())
            && bool::from(Self::code_hash(token, code).as_bytes().ct_eq(check.code_hash.as_bytes()));
        let hash = Self::phone_check_hash(token);
        if !good {
            self.db.phone_check_failed(&hash).await?;
            let left = self.policy.code_tries - check.attempts - 1;
            return Err(if left <= 0 { AccountError::TooManyTries } else { AccountError::CodeWrong { left } });
        }
        self.db.phone_check_verified(&hash).await?;
        check.verified_at = Some(now_ms());
        Ok(check)
    }

    /// "Qayta yuborish": a new code after the cooldown.
    ///
    /// # Errors
    /// [`AccountError::ResendTooEarly`], [`AccountError::TooManyRequests`],
    /// [`AccountError::NoRegistration`], [`AccountError::SmsFailed`].
    pub async fn resend(&self, token: &str, addr: &str) -> Result<(), AccountError> {
        self.resend_phone_check(token, PURPOSE_REGISTRATION, addr, &Self::owner_code_text, Self::owner_taken_text())
            .await
    }

    /// "Qayta yuborish" for a phone check of `purpose`, its SMS made by
    /// `text(code)`; a check of a taken phone sends `taken` again.
    ///
    /// # Errors
    /// [`AccountError::ResendTooEarly`], [`AccountError::TooManyRequests`],
    /// [`AccountError::NoRegistration`], [`AccountError::SmsFailed`].
    pub async fn resend_phone_check(
        &self,
        token: &str,
        purpose: &str,
        addr: &str,
        text: &(dyn Fn(&str) -> String + Send + Sync),
        taken: &str,
    ) -> Result<(), AccountError> {
        let check = self.open_phone_check(token, purpose).await?;
        if check.verified_at.is_some() {
            return Ok(());
        }
        let wait_ms = check.sent_at + self.policy.resend_cooldown_s * 1000 - now_ms();
        if wait_ms > 0 {
            return Err(AccountError::ResendTooEarly { wait_s: (wait_ms + 999) / 1000 });
        }
        let phone = Phone::parse(&check.phone).map_err(|_| AccountError::NoRegistration)?;
        self.limit_codes(&phone, addr).await?;
        let code = format!("{:06}", secrets::random_below(1_000_000)?);
        let is_taken = check.code_hash.starts_with(TAKEN_PREFIX);
        let code_hash = if is_taken { Self::taken_hash()? } else { Self::code_hash(token, &code) };
        self.db
            .phone_check_resent(&Self::phone_check_hash(token), &code_hash, now_ms() + self.policy.code_ttl_s * 1000)
            .await?;
        if is_taken { self.send_code(&phone, taken).await } else { self.send_code(&phone, &text(&code)).await }
    }

    /// Step 3: creates the owner and business; returns the new session.
    ///
    /// # Errors
    /// [`AccountError::Field`], [`AccountError::Password`],
    /// [`AccountError::NotVerified`], [`AccountError::PhoneTaken`].
    pub async fn complete_registration(
        &self,
        token: &str,
        details: &Details,
        language: &str,
        addr: &str,
        user_agent: &str,
    ) -> Result<NewSession, AccountError> {
        let check = self.open_check(token).await?;
        let Some(verified_at) = check.verified_at else { return Err(AccountError::NotVerified) };
        if now_ms() - verified_at > DETAILS_WITHIN_MS {
            return Err(AccountError::NoRegistration);
        }
        let first_name = required(&details.first_name, Field::FirstName)?;
        let last_name = required(&details.last_name, Field::LastName)?;
        let business_name = required(&details.business_name, Field::BusinessName)?;
        let password =
            Password::parse_new(&details.password, &details.password_confirm).map_err(AccountError::Password)?;
        let hash = secrets::hash_password_async(password.expose()).await?;
        let owner_id = match self
            .db
            .create_owner(
                &secrets::token_hash(FLOW_LABEL, token),
                &NewOwner {
                    phone: &check.phone,
                    first_name: &first_name,
                    last_name: &last_name,
                    business_name: &business_name,
                    password_hash: &hash,
                    tariff: "start",
                    trial_ms: self.policy.trial_days * 24 * 3_600_000,
                    language,
                },
            )
            .await
        {
            Ok(id) => id,
            Err(DbError::Conflict) => return Err(AccountError::PhoneTaken),
            Err(e) => return Err(e.into()),
        };
        info!(owner.id = owner_id, "owner registered");
        self.new_session(&owner_id, false, language, addr, user_agent).await
    }

    /// Creates an owner directly (the demo's account), skipping the SMS step.
    ///
    /// # Errors
    /// [`AccountError::PhoneTaken`] and the field rules.
    pub async fn create_owner_directly(&self, phone: &str, details: &Details) -> Result<String, AccountError> {
        let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
        let token = secrets::new_token()?;
        let hash = secrets::token_hash(FLOW_LABEL, &token);
        self.db.insert_phone_check(&hash, PURPOSE_REGISTRATION, phone.as_str(), "-", now_ms()).await?;
        self.db.phone_check_verified(&hash).await?;
        let first_name = required(&details.first_name, Field::FirstName)?;
        let last_name = required(&details.last_name, Field::LastName)?;
        let business_name = required(&details.business_name, Field::BusinessName)?;
        let password =
            Password::parse_new(&details.password, &details.password_confirm).map_err(AccountError::Password)?;
        let new = NewOwner {
            phone: phone.as_str(),
            first_name: &first_name,
            last_name: &last_name,
            business_name: &business_name,
            password_hash: &secrets::hash_password_async(password.expose()).await?,
            tariff: "biznes",
            trial_ms: self.policy.trial_days * 24 * 3_600_000,
            language: "uz",
        };
        match self.db.create_owner(&hash, &new).await {
            Ok(id) => Ok(id),
            Err(DbError::Conflict) => Err(AccountError::PhoneTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// Sends an owner a notice by SMS (billing tells them about renewals).
    ///
    /// # Errors
    /// [`crate::sms::SmsError`]; a stored phone that does not parse is
    /// [`crate::sms::SmsError::Refused`].
    pub async fn notify(&self, phone: &str, text: &str) -> Result<(), crate::sms::SmsError> {
        let phone = Phone::parse(phone).map_err(|_| crate::sms::SmsError::Refused("not a phone number".into()))?;
        self.sms.send(&phone, text).await
    }

    /// Saves the owner's language (`uz`, `ru`, `en`) for every device.
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn set_language(&self, owner_id: &str, lang: web::i18n::Lang) -> Result<(), AccountError> {
        self.db.set_owner_language(owner_id, lang.code()).await?;
        Ok(())
    }
}
