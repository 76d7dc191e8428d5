//! A cell's value as the text the user typed, and header names matched in
//! any language.
//!
//! Excel stores numbers as binary floats: a phone typed as `998901234567`
//! comes back as `9.98901234567e11` from a naive formatter, a weight typed as
//! `12.5` may come back as `12.499999999999998` after an edit. Excel shows 15
//! significant digits, so [`number_text`] rounds to 15 and prints the
//! shortest decimal, never an exponent. Date cells (a number with a date
//! format) become `DD.MM.YYYY`, the format of every date field.

use calamine::{DataRef, ExcelDateTime};
use web::i18n::Lang;
use web::i18n::cargo::ShipmentField;

/// A cell as text, trimmed; `None` when empty.
#[must_use]
pub fn cell_text(value: &DataRef<'_>) -> Option<String> {
    let text = match value {
        DataRef::Empty => return None,
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::DateTimeIso(s) => iso_date_text(s),
        DataRef::DurationIso(s) => s.trim().to_owned(),
        DataRef::Error(e) => e.to_string(),
    };
    (!text.is_empty()).then_some(text)
}

/// A float as Excel shows it in a General cell, without exponent: 15
/// significant digits, no trailing zeros, no `.0`.
#[must_use]
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    // `{:.14e}` keeps 15 significant digits; parsing it back gives the float
    // nearest that decimal, whose shortest form `{}` prints without noise.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if rounded == 0.0 {
        return "0".to_owned();
    }
    format!("{rounded}")
}

/// A date cell as `DD.MM.YYYY`; a time-only cell (before day 1) as `HH:MM`.
#[must_use]
pub fn date_text(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    let (y, mo, d, h, mi, _, _) = dt.to_ymd_hms_milli();
    if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
        return format!("{h:02}:{mi:02}");
    }
    format!("{d:02}.{mo:02}.{y:04}")
}

/// An ISO 8601 date (`2026-12-03` or `2026-12-03T10:00:00`, from a `t="d"`
/// cell) as `DD.MM.YYYY`; anything else unchanged.
#[must_use]
pub fn iso_date_text(s: &str) -> String {
    let s = s.trim();
    let date = s.split('T').next().unwrap_or(s);
    let mut parts = date.split('-');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d), None)
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && [y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) =>
        {
            format!("{d}.{m}.{y}")
        }
        _ => s.to_owned(),
    }
}

/// A header or choice as compared: trimmed, lower case, inner whitespace
/// collapsed, every apostrophe-like mark (`'`, `’`, `‘`, `ʻ`, `ʼ`, `` ` ``)
/// as `'` (Uzbek is typed with any of them).
#[must_use]
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02BB}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// The field a header names: its label in any language or its code.
#[must_use]
pub fn header_field(header: &str) -> Option<ShipmentField> {
    let wanted = normalise(header);
    if wanted.is_empty() {
        return None;
    }
    ShipmentField::ALL.into_iter().find(|&f| {
        normalise(f.code()) == wanted || Lang::ALL.into_iter().any(|l| normalise(l.text().cargo.field(f)) == wanted)
    })
}

/// A cell's A1 name from zero-based `(row, column)`: `(4, 2)` is `C5`.
#[must_use]
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn numbers_read_as_typed() {
        assert_eq!(number_text(12.5), "12.5");
        assert_eq!(number_text(12.499_999_999_999_998), "12.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(998_901_234_567.0), "998901234567");
        assert_eq!(number_text(9.989_012_345_67e11), "998901234567");
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(-4.25), "-4.25");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(number_text(0.000_125), "0.000125");
        assert_eq!(number_text(f64::NAN), "");
        assert_eq!(number_text(f64::INFINITY), "");
    }

    #[test]
    fn dates_read_as_dd_mm_yyyy() {
        // 46359 is 2026-12-03 in the 1900 system.
        let dt = ExcelDateTime::new(46_359.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&dt), "03.12.2026");
        let dt = ExcelDateTime::new(46_359.75, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&dt), "03.12.2026");
        let dt = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_text(&dt), "12:00");
        // Absurd serials do not panic.
        let dt = ExcelDateTime::new(1e300, ExcelDateTimeType::DateTime, false);
        let _ = date_text(&dt);
        let dt = ExcelDateTime::new(-5.0, ExcelDateTimeType::DateTime, false);
        let _ = date_text(&dt);
        assert_eq!(iso_date_text("2026-12-03T10:00:00"), "03.12.2026");
        assert_eq!(iso_date_text("2026-12-03"), "03.12.2026");
        assert_eq!(iso_date_text("03.12.2026"), "03.12.2026");
        assert_eq!(iso_date_text("2026-1-3"), "2026-1-3");
    }

    #[test]
    fn cells_become_trimmed_text() {
        assert_eq!(cell_text(&DataRef::Empty), None);
        assert_eq!(cell_text(&DataRef::SharedString("  ")), None);
        assert_eq!(cell_text(&DataRef::SharedString(" Ali ")), Some("Ali".to_owned()));
        assert_eq!(cell_text(&DataRef::Int(7)), Some("7".to_owned()));
        assert_eq!(cell_text(&DataRef::Bool(true)), Some("1".to_owned()));
    }

    #[test]
    fn headers_match_in_every_language_and_by_code() {
        assert_eq!(header_field("Sana"), Some(ShipmentField::ShipDate));
        assert_eq!(header_field("  вес (КГ) "), Some(ShipmentField::Weight));
        assert_eq!(header_field("RECEIVER'S  PHONE"), Some(ShipmentField::ReceiverPhone));
        assert_eq!(header_field("Jo\u{2bb}natuvchi ismi"), Some(ShipmentField::SenderName));
        assert_eq!(header_field("Jo’natuvchi telefoni"), Some(ShipmentField::SenderPhone));
        assert_eq!(header_field("weight_kg"), Some(ShipmentField::Weight));
        assert_eq!(header_field("Xatolar"), None);
        assert_eq!(header_field(""), None);
        for lang in Lang::ALL {
            for f in ShipmentField::ALL {
                assert_eq!(header_field(lang.text().cargo.field(f)), Some(f), "{f:?} in {lang:?}");
            }
        }
    }

    #[test]
    fn cell_names_are_a1() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 16_383), "XFD1");
        assert_eq!(cell_name(u32::MAX, u32::MAX), cell_name(u32::MAX, u32::MAX));
    }
}
