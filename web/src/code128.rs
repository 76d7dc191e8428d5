//! Code 128 barcodes: the shipments' 12 digits in code set C (two digits a
//! symbol, so the bars stay short enough for a label), any printable ASCII
//! in code set B, switching to C inside long digit runs.
//!
//! [`Code128::encode`] gives the symbols (start, data, checksum, stop);
//! [`Code128::modules`] the widths of the alternating bars and spaces, in
//! modules (the narrowest bar), which the PDF documents draw as vector bars
//! and [`Code128::svg`] as `<rect>`s for pages.
//!
//! ```
//! let code = web::code128::Code128::encode("123456789012").unwrap();
//! // Start C, six pairs of digits, the checksum, stop.
//! assert_eq!(code.symbols(), &[105, 12, 34, 56, 78, 90, 12, 54, 106]);
//! assert_eq!(code.width(), 101);
//! ```

use std::fmt::Write as _;

/// Bar and space widths of every symbol value, 0..=105, then the stop (106),
/// which alone has seven elements (a final two-module bar).
const PATTERNS: [&[u8]; 107] = [
    b"212222", b"222122", b"222221", b"121223", b"121322", b"131222", b"122213", b"122312", b"132212", b"221213",
    b"221312", b"231212", b"112232", b"122132", b"122231", b"113222", b"123122", b"123221", b"223211", b"221132",
    b"221231", b"213212", b"223112", b"312131", b"311222", b"321122", b"321221", b"312212", b"322112", b"322211",
    b"212123", b"212321", b"232121", b"111323", b"131123", b"131321", b"112313", b"132113", b"132311", b"211313",
    b"231113", b"231311", b"112133", b"112331", b"132131", b"113123", b"113321", b"133121", b"313121", b"211331",
    b"231131", b"213113", b"213311", b"213131", b"311123", b"311321", b"331121", b"312113", b"312311", b"332111",
    b"314111", b"221411", b"431111", b"111224", b"111422", b"121124", b"121421", b"141122", b"141221", b"112214",
    b"112412", b"122114", b"122411", b"142112", b"142211", b"241211", b"221114", b"413111", b"241112", b"134111",
    b"111242", b"121142", b"121241", b"114212", b"124112", b"124211", b"411212", b"421112", b"421211", b"212141",
    b"214121", b"412121", b"111143", b"111341", b"131141", b"114113", b"114311", b"411113", b"411311", b"113141",
    b"114131", b"311141", b"411131", b"211412", b"211214", b"211232", b"2331112",
];

/// Start in code set B.
const START_B: u8 = 104;
/// Start in code set C.
const START_C: u8 = 105;
/// In set B: the following symbols are set C.
const TO_C: u8 = 99;
/// In set C: the following symbols are set B.
const TO_B: u8 = 100;
/// The stop symbol.
const STOP: u8 = 106;

/// The most characters one barcode carries (a label has room for far fewer).
pub const MAX_CHARS: usize = 80;

/// The blank margin each side of the bars, in modules (the standard's minimum).
pub const QUIET_MODULES: u32 = 10;

/// Why a text cannot be a Code 128 barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Code128Error {
    /// Nothing to encode.
    #[error("nothing to encode")]
    Empty,
    /// More than [`MAX_CHARS`] characters.
    #[error("more than {MAX_CHARS} characters")]
    TooLong,
    /// A character outside printable ASCII (space to `~`).
    #[error("{0:?} cannot be encoded")]
    Unsupported(char),
}

/// An encoded barcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code128 {
    /// The text, as given (shown under the bars).
    text: String,
    /// Symbol values: the start, the data (with code set switches), the
    /// checksum, the stop.
    symbols: Vec<u8>,
}

/// Which code set the symbols being written are in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Set {
    B,
    C,
}

impl Code128 {
    /// Encodes `text`: printable ASCII, at most [`MAX_CHARS`] characters.
    /// Digit runs of four or more at either end, or six or more inside, are
    /// written two digits a symbol (code set C); the rest in code set B.
    ///
    /// # Errors
    /// [`Code128Error`] for an empty or too long text, or a character
    /// outside space..=`~`.
    pub fn encode(text: &str) -> Result<Code128, Code128Error> {
        if text.is_empty() {
            return Err(Code128Error::Empty);
        }
        if text.len() > MAX_CHARS {
            return Err(Code128Error::TooLong);
        }
        if let Some(c) = text.chars().find(|c| !(' '..='~').contains(c)) {
            return Err(Code128Error::Unsupported(c));
        }
        let bytes = text.as_bytes();
        let mut symbols = Vec::with_capacity(bytes.len() + 4);
        let mut set: Option<Set> = None;
        let mut i = 0;
        while i < bytes.len() {
            let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            let at_start = i == 0;
            let at_end = i + run == bytes.len();
            let whole_pair = at_start && at_end && run == 2;
            let use_c = whole_pair || (run >= 4 && (at_start || at_end || run >= 6));
            if use_c {
                let mut digits = run;
                if digits % 2 == 1 && set.is_some() {
                    // The odd digit first, in set B, so the rest pairs up.
                    switch(&mut symbols, &mut set, Set::B);
                    symbols.push(bytes[i] - b' ');
                    i += 1;
                    digits -= 1;
                }
                switch(&mut symbols, &mut set, Set::C);
                for _ in 0..digits / 2 {
                    symbols.push((bytes[i] - b'0') * 10 + (bytes[i + 1] - b'0'));
                    i += 2;
                }
            } else {
                switch(&mut symbols, &mut set, Set::B);
                symbols.push(bytes[i] - b' ');
                i += 1;
            }
        }
        let sum = symbols
            .iter()
            .enumerate()
            .map(|(position, value)| u32::from(*value) * u32::try_from(position.max(1)).unwrap_or(1))
            .sum::<u32>();
        // Below 103, so it fits a symbol.
        symbols.push(u8::try_from(sum % 103).unwrap_or(0));
        symbols.push(STOP);
        Ok(Code128 { text: text.to_owned(), symbols })
    }

    /// The encoded text.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The symbol values: start, data, checksum, stop.
    #[must_use]
    pub fn symbols(&self) -> &[u8] {
        &self.symbols
    }

    /// The checksum symbol's value.
    #[must_use]
    pub fn checksum(&self) -> u8 {
        self.symbols.get(self.symbols.len().saturating_sub(2)).copied().unwrap_or(0)
    }

    /// Widths of the alternating bars and spaces, in modules, starting and
    /// ending with a bar (no quiet zones).
    #[must_use]
    pub fn modules(&self) -> Vec<u8> {
        self.symbols
            .iter()
            .flat_map(|s| PATTERNS.get(usize::from(*s)).copied().unwrap_or(&[]).iter().map(|w| w - b'0'))
            .collect()
    }

    /// The bars' width in modules (11 a symbol, 13 for the stop).
    #[must_use]
    pub fn width(&self) -> u32 {
        self.modules().iter().map(|w| u32::from(*w)).sum()
    }

    /// The bars as `(start, width)` in modules from the first bar's left edge.
    #[must_use]
    pub fn bars(&self) -> Vec<(u32, u32)> {
        let mut at = 0;
        let mut bars = Vec::with_capacity(self.symbols.len() * 3 + 1);
        for (i, w) in self.modules().into_iter().enumerate() {
            let w = u32::from(w);
            if i % 2 == 0 {
                bars.push((at, w));
            }
            at += w;
        }
        bars
    }

    /// The bars as `<rect>`s with their left edge at `x` (the quiet zone is
    /// the caller's), `module` units a module, `height` tall from `y`.
    #[must_use]
    pub fn svg_rects(&self, x: f32, y: f32, module: f32, height: f32) -> String {
        let mut out = String::with_capacity(self.symbols.len() * 160);
        for (start, width) in self.bars() {
            #[allow(clippy::cast_precision_loss)] // a few hundred modules
            let (left, w) = (x + start as f32 * module, width as f32 * module);
            let _ =
                write!(out, r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#, num(left), num(y), num(w), num(height));
        }
        out
    }

    /// A standalone SVG: white background, quiet zones of
    /// [`QUIET_MODULES`], black bars `height` modules tall, `module` pixels
    /// a module; no text (pages put the digits under it as HTML).
    #[must_use]
    pub fn svg(&self, module: f32, height: f32) -> String {
        #[allow(clippy::cast_precision_loss)] // a few hundred modules
        let total = (self.width() + 2 * QUIET_MODULES) as f32 * module;
        #[allow(clippy::cast_precision_loss)]
        let quiet = QUIET_MODULES as f32 * module;
        format!(
            concat!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" class="barcode" viewBox="0 0 {w} {h}" width="{w}" "#,
                r#"height="{h}" role="img" aria-label="{label}" shape-rendering="crispEdges">"#,
                r##"<rect width="{w}" height="{h}" fill="#fff"/><g fill="#000">{bars}</g></svg>"##
            ),
            w = num(total),
            h = num(height),
            label = escape(&self.text),
            bars = self.svg_rects(quiet, 0.0, module, height),
        )
    }
}

/// Writes a code set switch (or the start symbol) when `want` is not the current set.
fn switch(symbols: &mut Vec<u8>, set: &mut Option<Set>, want: Set) {
    match (*set, want) {
        (Some(current), _) if current == want => return,
        (None, Set::B) => symbols.push(START_B),
        (None, Set::C) => symbols.push(START_C),
        (Some(_), Set::B) => symbols.push(TO_B),
        (Some(_), Set::C) => symbols.push(TO_C),
    }
    *set = Some(want);
}

/// A coordinate for SVG: at most two decimals, no trailing zeros.
pub(crate) fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_owned() } else { s.to_owned() }
}

/// Text for SVG and HTML: `&`, `<`, `>`, quotes escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_eleven_modules_and_distinct() {
        for (value, pattern) in PATTERNS.iter().enumerate().take(106) {
            assert_eq!(pattern.len(), 6, "{value}");
            assert_eq!(pattern.iter().map(|w| u32::from(w - b'0')).sum::<u32>(), 11, "{value}");
            // Bars (odd positions from 1) are an even number of modules.
            let bars: u32 = pattern.iter().step_by(2).map(|w| u32::from(w - b'0')).sum();
            assert_eq!(bars % 2, 0, "{value}");
        }
        assert_eq!(PATTERNS[106].iter().map(|w| u32::from(w - b'0')).sum::<u32>(), 13);
        let mut all: Vec<&[u8]> = PATTERNS.to_vec();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 107);
    }

    #[test]
    fn twelve_digits_are_set_c_with_the_checksum_by_hand() {
        // 105 + 1·12 + 2·34 + 3·56 + 4·78 + 5·90 + 6·12 = 1187 = 11·103 + 54.
        let code = Code128::encode("123456789012").unwrap();
        assert_eq!(code.symbols(), &[105, 12, 34, 56, 78, 90, 12, 54, 106]);
        assert_eq!(code.checksum(), 54);
        assert_eq!(code.width(), 11 * 8 + 13);
        // Start C, then "12" (value 12 = 112232), as modules.
        assert_eq!(&code.modules()[..12], &[2, 1, 1, 2, 3, 2, 1, 1, 2, 2, 3, 2]);
        // The stop ends with its two-module bar.
        assert_eq!(code.modules().last(), Some(&2));
        assert_eq!(code.modules().len(), 8 * 6 + 7);
        // 000000000000: every data value is 0, the checksum is 105 % 103.
        let zeros = Code128::encode("000000000000").unwrap();
        assert_eq!(zeros.symbols(), &[105, 0, 0, 0, 0, 0, 0, 2, 106]);
    }

    #[test]
    fn text_is_set_b_and_long_digit_runs_switch_to_c() {
        // "AB": 104 + 1·33 + 2·34 = 205 = 103 + 102.
        assert_eq!(Code128::encode("AB").unwrap().symbols(), &[104, 33, 34, 102, 106]);
        // "A1": too few digits for set C.
        let a1 = Code128::encode("A1").unwrap();
        assert_eq!(&a1.symbols()[..3], &[104, 33, 17]);
        // "AB1234": four digits at the end go to set C.
        let tail = Code128::encode("AB1234").unwrap();
        assert_eq!(&tail.symbols()[..6], &[104, 33, 34, 99, 12, 34]);
        // Five digits at the end: one in B, then two pairs in C.
        let odd = Code128::encode("X12345").unwrap();
        assert_eq!(&odd.symbols()[..6], &[104, 56, 17, 99, 23, 45]);
        // Leading odd run: pairs in C, then B for the last digit and the rest.
        let lead = Code128::encode("12345X").unwrap();
        assert_eq!(&lead.symbols()[..6], &[105, 12, 34, 100, 21, 56]);
        // Four digits inside text stay in set B; six switch.
        assert_eq!(Code128::encode("A1234B").unwrap().symbols().len(), 1 + 6 + 2);
        let inner = Code128::encode("A123456B").unwrap();
        assert_eq!(&inner.symbols()[..7], &[104, 33, 99, 12, 34, 56, 100]);
        // A whole text of two digits is one set C symbol.
        assert_eq!(Code128::encode("42").unwrap().symbols(), &[105, 42, (105 + 42) % 103, 106]);
    }

    #[test]
    fn refuses_what_it_cannot_encode() {
        assert_eq!(Code128::encode(""), Err(Code128Error::Empty));
        assert_eq!(Code128::encode("Oʻzbekiston"), Err(Code128Error::Unsupported('ʻ')));
        assert_eq!(Code128::encode("a\nb"), Err(Code128Error::Unsupported('\n')));
        assert_eq!(Code128::encode(&"9".repeat(MAX_CHARS + 1)), Err(Code128Error::TooLong));
        assert!(Code128::encode(&"9".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn svg_has_a_rect_per_bar_and_escapes_its_label() {
        let code = Code128::encode("123456789012").unwrap();
        let svg = code.svg(2.0, 60.0);
        assert_eq!(svg.matches("<rect").count(), code.bars().len() + 1);
        assert_eq!(code.bars().len(), 8 * 3 + 4);
        // (101 + 20 quiet) modules of 2.
        assert!(svg.contains(r#"viewBox="0 0 242 60""#), "{svg}");
        let text = Code128::encode("<a href=\"x\">&'").unwrap().svg(1.0, 10.0);
        assert!(text.contains("aria-label=\"&lt;a href=&quot;x&quot;&gt;&amp;&#39;\""), "{text}");
        assert!(!text.contains("<a "));
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.333), "0.33");
    }
}
