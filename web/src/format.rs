//! How figures look: money in so'm with spaces between thousands, times in
//! Asia/Tashkent (UTC+5 all year; Uzbekistan has no daylight saving time).

/// Tashkent's offset from UTC, in milliseconds.
pub const TASHKENT_OFFSET_MS: i64 = 5 * 3_600_000;

/// `125000000` tiyin → `"1 250 000 so'm"`; tiyin shown only when present
/// (`"12,50 so'm"`).
#[must_use]
pub fn money(tiyin: i64) -> String {
    let negative = tiyin < 0;
    let abs = tiyin.unsigned_abs();
    let (som, part) = (abs / 100, abs % 100);
    let digits = som.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if part == 0 { format!("{sign}{grouped} so'm") } else { format!("{sign}{grouped},{part:02} so'm") }
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// UTC milliseconds → `"23.11.2026 14:05"` in Tashkent.
#[must_use]
pub fn tashkent(ms: i64) -> String {
    let local = ms + TASHKENT_OFFSET_MS;
    let days = local.div_euclid(86_400_000);
    let in_day = local.rem_euclid(86_400_000) / 60_000;
    let (y, m, d) = civil(days);
    format!("{d:02}.{m:02}.{y} {:02}:{:02}", in_day / 60, in_day % 60)
}

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 from a civil date (inverse of `civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The Tashkent calendar day (days since 1970-01-01) of a UTC instant.
#[must_use]
pub fn tashkent_day(ms: i64) -> i64 {
    (ms + TASHKENT_OFFSET_MS).div_euclid(DAY_MS)
}

/// UTC milliseconds of midnight in Tashkent starting `day`.
#[must_use]
pub fn tashkent_midnight(day: i64) -> i64 {
    day * DAY_MS - TASHKENT_OFFSET_MS
}

/// `day` → `"2026-11-23"` (the `<input type="date">` format).
#[must_use]
pub fn iso_date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `day` → `"23.11.2026"`.
#[must_use]
pub fn date(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{d:02}.{m:02}.{y}")
}

/// `"2026-11-23"` → its day; `None` for anything else (including dates that
/// do not exist, like 2026-02-30).
#[must_use]
pub fn parse_iso_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day = days_from_civil(y, m, d);
    (civil(day) == (y, m, d)).then_some(day)
}

/// A quantity in thousandths → `"3"`, `"1,5"`, `"0,125"`.
#[must_use]
pub fn qty(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let abs = milli.unsigned_abs();
    let (whole, frac) = (abs / 1000, abs % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole},{}", frac.trim_end_matches('0'))
    }
}

/// The change from `before` to `now` in percent with one decimal
/// (`"+12,5%"`, `"-3%"`, `"0%"`), rounded half away from zero; `None` when
/// there is nothing to compare with (`before` is zero).
#[must_use]
pub fn change(now: i64, before: i64) -> Option<String> {
    if before == 0 {
        return None;
    }
    let diff = i128::from(now) - i128::from(before);
    let base = i128::from(before).abs();
    // Tenths of a percent, rounded half away from zero.
    let tenths = (diff.abs() * 1000 * 2 + base) / (base * 2);
    let sign = match diff.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    let (whole, frac) = (tenths / 10, tenths % 10);
    Some(if frac == 0 { format!("{sign}{whole}%") } else { format!("{sign}{whole},{frac}%") })
}

/// Hour of the day → `"14:00"`.
#[must_use]
pub fn hour(h: usize) -> String {
    format!("{h:02}:00")
}

/// `ms` moved `months` calendar months on in Tashkent, at the same wall-clock
/// time; a day the target month lacks becomes its last day (31 January + 1
/// month = 28 or 29 February).
#[must_use]
pub fn add_months(ms: i64, months: u32) -> i64 {
    let local = ms + TASHKENT_OFFSET_MS;
    let (day, time) = (local.div_euclid(DAY_MS), local.rem_euclid(DAY_MS));
    let (y, m, d) = civil(day);
    let index = y * 12 + i64::from(m - 1) + i64::from(months);
    let (y, m) = (index.div_euclid(12), u32::try_from(index.rem_euclid(12)).unwrap_or(0) + 1);
    let last = (28..=31).rev().find(|&d| civil(days_from_civil(y, m, d)) == (y, m, d)).unwrap_or(28);
    days_from_civil(y, m, d.min(last)) * DAY_MS + time - TASHKENT_OFFSET_MS
}

/// A browser named from its `User-Agent` for a list of signed-in devices:
/// "Chrome · Android", "Safari · iPhone", "Firefox · Windows"; the raw
/// text (cut to 60 characters) when nothing is recognised; empty when the
/// browser sent none (the page says so in the reader's language).
#[must_use]
pub fn device(user_agent: &str) -> String {
    let ua = user_agent;
    let has = |s: &str| ua.contains(s);
    let browser = if has("Telegram") {
        "Telegram"
    } else if has("Edg/") {
        "Edge"
    } else if has("OPR/") || has("Opera") {
        "Opera"
    } else if has("YaBrowser") {
        "Yandex"
    } else if has("Firefox/") {
        "Firefox"
    } else if has("Chrome/") || has("Chromium/") || has("CriOS/") {
        "Chrome"
    } else if has("Safari/") {
        "Safari"
    } else {
        ""
    };
    let system = if has("Android") {
        "Android"
    } else if has("iPhone") {
        "iPhone"
    } else if has("iPad") {
        "iPad"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS X") || has("Macintosh") {
        "macOS"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    match (browser, system) {
        ("", "") => {
            let raw: String = ua.chars().filter(|c| !c.is_control()).take(60).collect();
            raw.trim().to_owned()
        }
        (b, "") => b.to_owned(),
        ("", s) => s.to_owned(),
        (b, s) => format!("{b} · {s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named() {
        let android = "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) \
                       Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(device(android), "Chrome · Android");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) \
                      Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(device(iphone), "Safari · iPhone");
        assert_eq!(
            device("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"),
            "Firefox · Windows"
        );
        assert_eq!(
            device("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0"),
            "Edge · Windows"
        );
        assert_eq!(device("curl/8.5.0"), "curl/8.5.0");
        assert_eq!(device(""), "");
        assert_eq!(device(" \u{7}"), "");
    }

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(125_000_000), "1 250 000 so'm");
        assert_eq!(money(0), "0 so'm");
        assert_eq!(money(1_250), "12,50 so'm");
        assert_eq!(money(-100_000), "-1 000 so'm");
        assert_eq!(money(99_900), "999 so'm");
    }

    #[test]
    fn dates_round_trip() {
        for day in [0, 59, 365, 10_957, 20_780, 2_932_896] {
            assert_eq!(parse_iso_date(&iso_date(day)), Some(day), "{day}");
        }
        assert_eq!(parse_iso_date("2026-11-23"), Some(20_780));
        assert_eq!(date(20_780), "23.11.2026");
        for bad in ["2026-02-30", "2026-13-01", "26-11-23", "2026-1-23", "", "2026-11-23x", "abcd-ef-gh"] {
            assert_eq!(parse_iso_date(bad), None, "{bad}");
        }
        // Midnight in Tashkent is 19:00 UTC the day before.
        assert_eq!(tashkent(tashkent_midnight(20_780)), "23.11.2026 00:00");
        assert_eq!(tashkent_day(tashkent_midnight(20_780)), 20_780);
        assert_eq!(tashkent_day(tashkent_midnight(20_780) - 1), 20_779);
    }

    #[test]
    fn quantities_and_changes() {
        assert_eq!(qty(3_000), "3");
        assert_eq!(qty(1_500), "1,5");
        assert_eq!(qty(125), "0,125");
        assert_eq!(qty(-2_000), "-2");
        assert_eq!(change(110, 100).as_deref(), Some("+10%"));
        assert_eq!(change(90, 100).as_deref(), Some("-10%"));
        assert_eq!(change(100, 100).as_deref(), Some("0%"));
        assert_eq!(change(2, 3).as_deref(), Some("-33,3%"));
        assert_eq!(change(1, 3).as_deref(), Some("-66,7%"));
        assert_eq!(change(5, 0), None);
        assert_eq!(change(0, 5).as_deref(), Some("-100%"));
        assert!(change(i64::MAX, 1).is_some());
    }

    #[test]
    fn times_are_tashkent() {
        // 2026-11-22T19:30:00Z is 2026-11-23 00:30 in Tashkent.
        assert_eq!(tashkent(1_795_375_800_000), "23.11.2026 00:30");
        assert_eq!(tashkent(0), "01.01.1970 05:00");
    }

    #[test]
    fn months_are_calendar_months_in_tashkent() {
        let at = |y, m, d, h: i64| days_from_civil(y, m, d) * DAY_MS + h * 3_600_000 - TASHKENT_OFFSET_MS;
        assert_eq!(add_months(at(2026, 11, 23, 10), 1), at(2026, 12, 23, 10));
        assert_eq!(add_months(at(2026, 12, 15, 0), 1), at(2027, 1, 15, 0), "over the year's end");
        assert_eq!(add_months(at(2027, 1, 31, 9), 1), at(2027, 2, 28, 9), "clamped to February's last day");
        assert_eq!(add_months(at(2028, 1, 31, 9), 1), at(2028, 2, 29, 9), "a leap year");
        assert_eq!(add_months(at(2026, 3, 1, 23), 12), at(2027, 3, 1, 23), "a year");
        assert_eq!(add_months(at(2028, 2, 29, 1), 12), at(2029, 2, 28, 1));
        assert_eq!(add_months(at(2026, 5, 5, 4), 0), at(2026, 5, 5, 4));
        // 00:30 in Tashkent is still the previous day in UTC.
        assert_eq!(add_months(at(2026, 4, 1, 0) + 1_800_000, 1), at(2026, 5, 1, 0) + 1_800_000);
    }
}
