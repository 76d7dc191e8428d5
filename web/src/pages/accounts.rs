//! Accounts' pages: sign-in, the three registration steps, the new password,
//! the profile.

use askama::Template;

use super::{Chrome, FormError};

/// "Kirish".
#[derive(Debug, Template, Default)]
#[template(path = "accounts/login.html")]
pub struct LoginPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The phone typed, to keep it on error.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// A note shown above the form (after registration, after reset).
    pub notice: Option<String>,
}

/// Registration step 1: the phone.
#[derive(Debug, Template, Default)]
#[template(path = "accounts/register_phone.html")]
pub struct RegisterPhonePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// A sum to solve, asked once an address has had a few codes sent.
    pub captcha: Option<super::cargo::CaptchaView>,
}

/// Registration step 2: the SMS code.
#[derive(Debug, Template, Default)]
#[template(path = "accounts/register_code.html")]
pub struct RegisterCodePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// "A 6-digit code was sent to …".
    pub sent_to: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// A note ("Yangi kod yuborildi").
    pub notice: Option<String>,
    /// When "Qayta yuborish" works ("in 42 s"), or empty.
    pub resend_hint: String,
}

/// Registration step 3: name, business, password.
#[derive(Debug, Template, Default)]
#[template(path = "accounts/register_details.html")]
pub struct RegisterDetailsPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Verified phone.
    pub phone: String,
    /// Ism.
    pub first_name: String,
    /// Familiya.
    pub last_name: String,
    /// Biznes nomi.
    pub business_name: String,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// Forced (or voluntary) new password.
#[derive(Debug, Template, Default)]
#[template(path = "accounts/password_new.html")]
pub struct NewPasswordPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Whether an administrator's reset forced it (then the current
    /// password, the temporary one just typed, is not asked again).
    pub forced: bool,
    /// What went wrong.
    pub error: Option<FormError>,
}

/// "Profil".
#[derive(Debug, Template, Default)]
#[template(path = "accounts/profile.html")]
pub struct ProfilePage {
    /// Layout.
    pub c: Chrome,
    /// Name.
    pub name: String,
    /// Phone.
    pub phone: String,
    /// Business.
    pub business: String,
    /// Registration date.
    pub registered: String,
    /// Tariff name.
    pub tariff: String,
    /// "2/5 filial".
    pub branches: String,
    /// The owner's signed-in devices, the one in use first.
    pub sessions: Vec<SessionLine>,
    /// A note (after signing the others out).
    pub notice: Option<String>,
    /// The Telegram section.
    pub telegram: TelegramBox,
}

/// The profile's Telegram section.
#[derive(Debug, Clone, Default)]
pub struct TelegramBox {
    /// The cloud has a bot (else the section says so and offers nothing).
    pub configured: bool,
    /// The linked account ("Aziz (@aziz)"), when linked.
    pub linked: Option<String>,
    /// The one-time deep link just made (`https://t.me/<bot>?start=<token>`).
    pub link: Option<String>,
    /// "… within {minutes} minutes …", filled.
    pub link_ready: String,
    /// A note (after unlinking, after saving the notifications).
    pub notice: Option<String>,
    /// The notifications: (field, label, on).
    pub kinds: Vec<(String, String, bool)>,
    /// The summary's time, `HH:MM` Tashkent.
    pub summary_time: String,
    /// A hub counts as offline after this many minutes.
    pub offline_minutes: i64,
}

/// The Web App's entry page (`/tg`): its script reads Telegram's init data
/// from the address and posts it to `/tg/signin`.
#[derive(Debug, Template, Default)]
#[template(path = "accounts/webapp_entry.html")]
pub struct WebAppEntryPage {
    /// Layout.
    pub c: Chrome,
}

/// One signed-in device on the profile.
#[derive(Debug, Clone, Default)]
pub struct SessionLine {
    /// The browser, from its user agent ("Chrome on Android").
    pub device: String,
    /// The address it signed in from.
    pub addr: String,
    /// Last active, Tashkent time.
    pub last_seen: String,
    /// The device this page is shown on.
    pub current: bool,
}
