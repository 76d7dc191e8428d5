//! Telegram Web App init data (P14), checked as Telegram publishes it
//! (core.telegram.org/bots/webapps, "Validating data received via the Mini
//! App"; `PROVIDERS.md`):
//! 1. parse the query string, URL-decode the values, take out `hash`;
//! 2. sort the other `key=value` pairs by key and join them with `\n`;
//! 3. `secret = HMAC_SHA256(key = "WebAppData", msg = bot_token)`, and
//!    `hex(HMAC_SHA256(key = secret, msg = data_check_string))` must equal
//!    `hash` (compared in constant time);
//! 4. `auth_date` must be no older than [`MAX_AGE_S`] (and not from the
//!    future beyond a small skew).
//!
//! Replays are the caller's to refuse: the `hash` of init data that signed
//! someone in is kept until it would be stale anyway (see
//! [`Verified::hash`]).

use hmac::{Hmac, Mac as _};
use sha2::Sha256;

/// How old init data may be, seconds: Telegram dates it when the Web App
/// opens; an hour covers a slow link and a phone's clock, and a signed-in
/// Web App keeps its session, so nothing needs older data.
pub const MAX_AGE_S: i64 = 3600;
/// How far `auth_date` may be ahead of our clock, seconds.
const FUTURE_SKEW_S: i64 = 300;
/// The longest init data accepted (Telegram's is well under 2 KiB).
pub const MAX_LEN: usize = 8 * 1024;

/// Why init data was refused. None of these signs anyone in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InitDataError {
    /// Not a query string, too long, a key twice, or no `hash`.
    #[error("init data is malformed")]
    Malformed,
    /// The hash does not match: altered, or signed for another bot.
    #[error("init data signature does not match")]
    BadSignature,
    /// `auth_date` missing, older than [`MAX_AGE_S`] or in the future.
    #[error("init data is stale")]
    Stale,
    /// No `user`, or a `user` without a numeric `id`.
    #[error("init data names no user")]
    NoUser,
}

/// The Telegram user init data vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelegramUser {
    /// Telegram's user id.
    pub id: i64,
    /// First name as the user set it.
    pub first_name: String,
    /// `@username`, when they have one.
    pub username: Option<String>,
    /// IETF language tag of the user's Telegram client.
    pub language_code: Option<String>,
}

/// Init data that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Who it names.
    pub user: TelegramUser,
    /// When Telegram dated it, unix seconds.
    pub auth_date: i64,
    /// Its `hash`, to refuse it a second time.
    pub hash: String,
}

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length.
    let mut mac = <HmacSha256 as hmac::digest::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

fn secret_key(bot_token: &str) -> [u8; 32] {
    hmac(b"WebAppData", bot_token.as_bytes())
}

/// The sorted `key=value` lines of every pair but `hash`.
fn data_check_string(pairs: &[(String, String)]) -> String {
    let mut lines: Vec<String> = pairs.iter().filter(|(k, _)| k != "hash").map(|(k, v)| format!("{k}={v}")).collect();
    lines.sort();
    lines.join("\n")
}

/// Checks `init_data` (the Web App's `Telegram.WebApp.initData`, i.e. the
/// `tgWebAppData` the client passes) for the bot `bot_token`, at `now_s`.
///
/// # Errors
/// [`InitDataError`] for anything but data Telegram signed for this bot in
/// the last [`MAX_AGE_S`] seconds naming a user.
pub fn verify(init_data: &str, bot_token: &str, now_s: i64) -> Result<Verified, InitDataError> {
    if init_data.is_empty() || init_data.len() > MAX_LEN || bot_token.is_empty() {
        return Err(InitDataError::Malformed);
    }
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(init_data.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return Err(InitDataError::Malformed);
    }
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let hash = get("hash").ok_or(InitDataError::Malformed)?;
    let sent = hex::decode(hash).map_err(|_| InitDataError::BadSignature)?;
    let expected = hmac(&secret_key(bot_token), data_check_string(&pairs).as_bytes());
    if sent.len() != expected.len() || !bool::from(subtle::ConstantTimeEq::ct_eq(&sent[..], &expected[..])) {
        return Err(InitDataError::BadSignature);
    }
    let auth_date: i64 = get("auth_date").and_then(|d| d.parse().ok()).ok_or(InitDataError::Stale)?;
    if auth_date > now_s.saturating_add(FUTURE_SKEW_S) || now_s.saturating_sub(auth_date) > MAX_AGE_S {
        return Err(InitDataError::Stale);
    }
    let user: serde_json::Value =
        get("user").and_then(|u| serde_json::from_str(u).ok()).ok_or(InitDataError::NoUser)?;
    let id = user.get("id").and_then(serde_json::Value::as_i64).filter(|id| *id > 0).ok_or(InitDataError::NoUser)?;
    let text =
        |k: &str| user.get(k).and_then(serde_json::Value::as_str).map(|s| s.chars().take(64).collect::<String>());
    Ok(Verified {
        user: TelegramUser {
            id,
            first_name: text("first_name").unwrap_or_default(),
            username: text("username"),
            language_code: text("language_code"),
        },
        auth_date,
        hash: hash.to_ascii_lowercase(),
    })
}

/// Init data as Telegram would make it for `user` at `auth_date` (the
/// simulator, the demo and the tests stand where Telegram's client would).
#[must_use]
pub fn sign(bot_token: &str, user: &TelegramUser, auth_date: i64, query_id: &str) -> String {
    let mut json = serde_json::json!({ "id": user.id, "first_name": user.first_name });
    if let Some(u) = &user.username {
        json["username"] = u.clone().into();
    }
    if let Some(l) = &user.language_code {
        json["language_code"] = l.clone().into();
    }
    let pairs = vec![
        ("auth_date".to_owned(), auth_date.to_string()),
        ("query_id".to_owned(), query_id.to_owned()),
        ("user".to_owned(), json.to_string()),
    ];
    let hash = hex::encode(hmac(&secret_key(bot_token), data_check_string(&pairs).as_bytes()));
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        out.append_pair(k, v);
    }
    out.append_pair("hash", &hash);
    out.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    const TOKEN: &str = "7000000001:AAE-sim-token-for-tests_0123456789ab";
    const NOW: i64 = 1_796_000_000;

    fn user() -> TelegramUser {
        TelegramUser {
            id: 555_000_111,
            first_name: "Aziz".into(),
            username: Some("aziz_owner".into()),
            language_code: Some("uz".into()),
        }
    }

    #[test]
    fn data_telegram_signs_is_accepted() {
        let data = sign(TOKEN, &user(), NOW - 10, "AAHdF6IQAAAAAN0XohDhrOrc");
        let v = verify(&data, TOKEN, NOW).unwrap();
        assert_eq!(v.user, user());
        assert_eq!(v.auth_date, NOW - 10);
        assert_eq!(v.hash.len(), 64);
    }

    #[test]
    fn a_value_computed_independently_matches() {
        // Computed with Python's hmac module: secret = HMAC("WebAppData", TOKEN),
        // hash = HMAC(secret, "auth_date=1796000000\nquery_id=q\nuser={\"id\":42,\"first_name\":\"A\"}").
        let data = "query_id=q&user=%7B%22id%22%3A42%2C%22first_name%22%3A%22A%22%7D&auth_date=1796000000\
                    &hash=cf32b6dbdb0626e4f20d7364ba095ea132616c37225c062223a8098402e14dc6";
        let v = verify(data, TOKEN, NOW).unwrap();
        assert_eq!(v.user.id, 42);
        assert_eq!(v.user.first_name, "A");
        let upper = data.replace("cf32b6db", "CF32B6DB");
        assert!(verify(&upper, TOKEN, NOW).is_ok(), "hex in either case");
        let wrong = data.replace("cf32b6db", "cf32b6dc");
        assert_eq!(verify(&wrong, TOKEN, NOW), Err(InitDataError::BadSignature));
    }

    #[test]
    fn every_alteration_is_refused() {
        let data = sign(TOKEN, &user(), NOW - 10, "q1");
        for (from, to) in [("555000111", "555000112"), ("Aziz", "Azi"), ("q1", "q2"), ("aziz_owner", "boss")] {
            let altered = data.replace(from, to);
            assert_ne!(altered, data);
            assert_eq!(verify(&altered, TOKEN, NOW), Err(InitDataError::BadSignature), "{from}");
        }
        let date = data.replace(&format!("auth_date={}", NOW - 10), &format!("auth_date={}", NOW - 5));
        assert_eq!(verify(&date, TOKEN, NOW), Err(InitDataError::BadSignature));
        let no_hash: String = data.split('&').filter(|p| !p.starts_with("hash=")).collect::<Vec<_>>().join("&");
        assert_eq!(verify(&no_hash, TOKEN, NOW), Err(InitDataError::Malformed));
        let extra = format!("{data}&chat_type=private");
        assert_eq!(verify(&extra, TOKEN, NOW), Err(InitDataError::BadSignature), "an added pair");
        let twice = format!("{data}&user=%7B%22id%22%3A1%7D");
        assert_eq!(verify(&twice, TOKEN, NOW), Err(InitDataError::Malformed), "a key twice");
        assert_eq!(verify(&data, "7000000002:another-bot", NOW), Err(InitDataError::BadSignature));
        assert_eq!(verify("", TOKEN, NOW), Err(InitDataError::Malformed));
        assert_eq!(verify(&"a=b&".repeat(3000), TOKEN, NOW), Err(InitDataError::Malformed));
        assert_eq!(verify("hash=zz", TOKEN, NOW), Err(InitDataError::BadSignature));
    }

    #[test]
    fn stale_or_future_data_is_refused() {
        let old = sign(TOKEN, &user(), NOW - MAX_AGE_S - 1, "q");
        assert_eq!(verify(&old, TOKEN, NOW), Err(InitDataError::Stale));
        assert!(verify(&sign(TOKEN, &user(), NOW - MAX_AGE_S, "q"), TOKEN, NOW).is_ok());
        let ahead = sign(TOKEN, &user(), NOW + 301, "q");
        assert_eq!(verify(&ahead, TOKEN, NOW), Err(InitDataError::Stale));
    }

    #[test]
    fn data_without_a_user_signs_no_one_in() {
        let pairs = vec![("auth_date".to_owned(), NOW.to_string()), ("query_id".to_owned(), "q".to_owned())];
        let hash = hex::encode(hmac(&secret_key(TOKEN), data_check_string(&pairs).as_bytes()));
        let data = format!("auth_date={NOW}&query_id=q&hash={hash}");
        assert_eq!(verify(&data, TOKEN, NOW), Err(InitDataError::NoUser));
    }
}
