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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(125_000_000), "1 250 000 so'm");
        assert_eq!(money(0), "0 so'm");
        assert_eq!(money(1_250), "12,50 so'm");
        assert_eq!(money(-100_000), "-1 000 so'm");
        assert_eq!(money(99_900), "999 so'm");
    }

    #[test]
    fn times_are_tashkent() {
        // 2026-11-22T19:30:00Z is 2026-11-23 00:30 in Tashkent.
        assert_eq!(tashkent(1_795_375_800_000), "23.11.2026 00:30");
        assert_eq!(tashkent(0), "01.01.1970 05:00");
    }
}
