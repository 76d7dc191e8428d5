//! The Dashboard's charts, drawn on the server as inline SVG: no script, and no
//! inline style (the portal's Content-Security-Policy blocks `style`), only
//! classes the stylesheet colours plus default presentation attributes so a
//! chart reads without it.
//!
//! Every chart is a `<svg role="img">` labelled by its `<title>` and `<desc>`;
//! each bar or slice carries its own `<title>` (the tooltip). Geometry comes
//! from `i64` values, all display text from the caller (money, counts and
//! words are formatted, and translated, before they get here); every piece of
//! text is escaped here. Coordinates are whole tenths of a viewBox unit, so the
//! output is the same on every run. The viewBox is 400 units wide and scales
//! to its container: about 0.8 px a unit on a 390 px phone.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

/// The viewBox's width, in tenths of a unit.
const WIDTH: i64 = 4000;
/// A bar's colour without the stylesheet (`portal.css`'s accent).
const BAR_FILL: &str = "#2563eb";
/// The axis's colour without the stylesheet (`portal.css`'s grey).
const AXIS_STROKE: &str = "#9ca3af";
/// Room kept between neighbouring texts, in tenths.
const GAP: i64 = 150;
/// Slice colours, cycled; `.chart-slice-N` in the stylesheet overrides them.
const SLICE_FILLS: [&str; 8] = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];

/// One bar, column or slice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bar {
    /// What it is ("Cappuccino", "14:00–15:00"): shown beside bars and in the
    /// legend, and starts the tooltip.
    pub label: String,
    /// The short axis label under a column ("14"); empty means `label`.
    pub tick: String,
    /// Its size; negative values (a refund-heavy product) are drawn as zero.
    pub value: i64,
    /// The value as the page shows it ("37 orders", "1 250 000 so'm").
    pub value_text: String,
}

impl Bar {
    /// A bar whose axis label is its label.
    #[must_use]
    pub fn new(label: impl Into<String>, value: i64, value_text: impl Into<String>) -> Self {
        Self { label: label.into(), tick: String::new(), value, value_text: value_text.into() }
    }

    /// The same bar with a short axis label.
    #[must_use]
    pub fn with_tick(mut self, tick: impl Into<String>) -> Self {
        self.tick = tick.into();
        self
    }

    fn tick(&self) -> &str {
        if self.tick.is_empty() { &self.label } else { &self.tick }
    }
}

/// A chart's words, all in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct ChartText<'a> {
    /// Prefix of the chart's element ids, unique on the page; anything outside
    /// `[a-z0-9-]` becomes `-`.
    pub id: &'a str,
    /// The chart's name.
    pub title: &'a str,
    /// The data in a sentence, for screen readers ("Busiest hour 14:00–15:00
    /// with 37 orders; 412 orders in all").
    pub desc: &'a str,
    /// Shown instead of the chart when there is nothing to draw.
    pub empty: &'a str,
}

/// Vertical columns along an axis, e.g. orders in each of 24 hours. Axis
/// labels are thinned out so they do not overlap (every 3rd of 24 hours, at
/// least four shown) and cut to fit; value labels sit on every column when
/// they fit, otherwise on the highest only.
#[must_use]
pub fn columns(text: &ChartText<'_>, bars: &[Bar]) -> String {
    const PAD: i64 = 40;
    const TOP: i64 = 240;
    const BASE: i64 = 1760;
    let Some(high) = peak(bars) else { return empty(text) };
    let pitch = (WIDTH - 2 * PAD) / i64::try_from(bars.len()).unwrap_or(i64::MAX);
    let bar_w = pitch * 3 / 4;
    let all_values = bars.iter().all(|b| text_width(&b.value_text, Kind::Value) + 20 <= pitch);
    let widest = bars.iter().map(|b| text_width(b.tick(), Kind::Label)).max().unwrap_or(0) + GAP;
    let step = usize::try_from((widest + pitch - 1) / pitch.max(1)).unwrap_or(1).clamp(1, bars.len().div_ceil(4));
    let room = i64::try_from(step).unwrap_or(1) * pitch - GAP;

    let mut out = open(text, 2000);
    let _ = write!(
        out,
        r#"<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{AXIS_STROKE}"/>"#,
        T(PAD),
        T(BASE),
        T(WIDTH - PAD),
        T(BASE)
    );
    for (i, bar) in bars.iter().enumerate() {
        let x = PAD + pitch * i64::try_from(i).unwrap_or(0);
        let h = scale(bar.value, high.value, BASE - TOP);
        let tip = format!("{}: {}", bar.label, bar.value_text);
        rect(&mut out, "chart-bar", BAR_FILL, [x + (pitch - bar_w) / 2, BASE - h, bar_w, h], Some(&tip));
        if all_values || std::ptr::eq(bar, high) {
            label(&mut out, Kind::Value, x + pitch / 2, BASE - h - 50, Anchor::Middle, &bar.value_text);
        }
        if i % step == 0 {
            label(&mut out, Kind::Label, x + pitch / 2, BASE + 190, Anchor::Middle, &fit(bar.tick(), room));
        }
    }
    out + "</svg>"
}

/// Horizontal bars, one a row, in the caller's order (best sellers, revenue
/// per product): the label on the left above its bar, the value on the right.
#[must_use]
pub fn bars(text: &ChartText<'_>, bars: &[Bar]) -> String {
    const ROW: i64 = 440;
    let Some(high) = peak(bars) else { return empty(text) };
    let mut out = open(text, ROW * i64::try_from(bars.len()).unwrap_or(0));
    for (top, bar) in (0..).step_by(440).zip(bars) {
        let room = WIDTH - text_width(&bar.value_text, Kind::Value) - GAP;
        label(&mut out, Kind::Label, 0, top + 170, Anchor::Start, &fit(&bar.label, room));
        label(&mut out, Kind::Value, WIDTH, top + 170, Anchor::End, &bar.value_text);
        let tip = format!("{}: {}", bar.label, bar.value_text);
        rect(&mut out, "chart-bar", BAR_FILL, [0, top + 240, scale(bar.value, high.value, WIDTH), 140], Some(&tip));
    }
    out + "</svg>"
}

/// Each part's share of the whole (revenue per category): one bar split 100%
/// into slices, then a legend row a part with its label, value and percentage.
/// More than eight parts repeat colours; group the tail into "Other".
#[must_use]
pub fn shares(text: &ChartText<'_>, parts: &[Bar]) -> String {
    const LEGEND: i64 = 440;
    const ROW: i64 = 280;
    if peak(parts).is_none() {
        return empty(text);
    }
    let values: Vec<i64> = parts.iter().map(|p| p.value).collect();
    let mut out = open(text, LEGEND + ROW * i64::try_from(parts.len()).unwrap_or(0));
    let mut x = 0;
    let split = apportion(&values, 4000).into_iter().zip(percentages(&values));
    for ((i, part), (width, pct)) in parts.iter().enumerate().zip(split) {
        let fill = SLICE_FILLS[i % SLICE_FILLS.len()];
        let class = format!("chart-slice-{}", i % SLICE_FILLS.len());
        let tip = format!("{}: {} ({pct}%)", part.label, part.value_text);
        rect(&mut out, &class, fill, [x, 0, i64::from(width), 280], Some(&tip));
        x += i64::from(width);
        let top = LEGEND + ROW * i64::try_from(i).unwrap_or(0);
        rect(&mut out, &format!("chart-swatch {class}"), fill, [0, top, 150, 150], None);
        let right = format!("{} · {pct}%", part.value_text);
        let room = WIDTH - 220 - text_width(&right, Kind::Value) - GAP;
        label(&mut out, Kind::Label, 220, top + 135, Anchor::Start, &fit(&part.label, room));
        label(&mut out, Kind::Value, WIDTH, top + 135, Anchor::End, &right);
    }
    out + "</svg>"
}

/// Whole percentages of each value's share of the total, summing to exactly
/// 100 (largest remainder; ties go to the earlier part). Negative values count
/// as zero; all zero gives all zeros.
#[must_use]
pub fn percentages(values: &[i64]) -> Vec<u32> {
    apportion(values, 100)
}

/// The first bar with the greatest positive value; `None` when no value is
/// positive (the chart would be empty).
#[must_use]
pub fn peak(bars: &[Bar]) -> Option<&Bar> {
    bars.iter().filter(|b| b.value > 0).fold(None, |best, b| match best {
        Some(high) if high.value >= b.value => Some(high),
        _ => Some(b),
    })
}

/// `whole` split in proportion to `values` (negatives as zero), summing to
/// `whole` unless every value is zero.
fn apportion(values: &[i64], whole: u32) -> Vec<u32> {
    let shares: Vec<u128> = values.iter().map(|v| u128::from(v.max(&0).unsigned_abs())).collect();
    let total: u128 = shares.iter().sum();
    if total == 0 {
        return vec![0; values.len()];
    }
    let exact: Vec<u128> = shares.iter().map(|s| s * u128::from(whole)).collect();
    let mut parts: Vec<u32> = exact.iter().map(|e| u32::try_from(e / total).unwrap_or(whole)).collect();
    let short = usize::try_from(whole - parts.iter().sum::<u32>()).unwrap_or(0);
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(exact[i] % total), i));
    for &i in order.iter().take(short) {
        parts[i] += 1;
    }
    parts
}

/// The small chart shown instead of an empty one.
fn empty(text: &ChartText<'_>) -> String {
    let mut out = open(text, 600);
    label(&mut out, Kind::Value, WIDTH / 2, 360, Anchor::Middle, text.empty);
    out + "</svg>"
}

/// The `<svg>` element, its title and its description; `height` in tenths.
fn open(text: &ChartText<'_>, height: i64) -> String {
    let id = dom_id(text.id);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMidYMid meet"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        T(WIDTH),
        T(height),
        Esc(text.title),
        Esc(text.desc)
    )
}

/// The caller's id prefix reduced to `[a-z0-9-]`, starting with a letter.
fn dom_id(prefix: &str) -> String {
    let id: String = prefix
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' { c } else { '-' })
        .collect();
    match id.chars().next() {
        None => "chart".into(),
        Some(c) if c.is_ascii_lowercase() => id,
        Some(_) => format!("chart-{id}"),
    }
}

/// The two kinds of text a chart shows.
#[derive(Clone, Copy)]
enum Kind {
    /// Axis labels, bar labels, legend labels.
    Label,
    /// Figures.
    Value,
}

impl Kind {
    /// (class, font size in units, default fill).
    fn style(self) -> (&'static str, i64, &'static str) {
        match self {
            Kind::Label => ("chart-label", 16, "#1d2430"),
            Kind::Value => ("chart-value", 15, "#6b7585"),
        }
    }
}

/// `text-anchor`.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// A `<text>` at (`x`, `y`) in tenths; a centred one is kept inside the viewBox.
fn label(out: &mut String, kind: Kind, x: i64, y: i64, anchor: Anchor, body: &str) {
    let (class, size, fill) = kind.style();
    let half = text_width(body, kind) / 2;
    let (x, anchor) = match anchor {
        Anchor::Start => (x, "start"),
        Anchor::End => (x, "end"),
        Anchor::Middle if 2 * half >= WIDTH => (WIDTH / 2, "middle"),
        Anchor::Middle => (x.clamp(half, WIDTH - half), "middle"),
    };
    let _ = write!(
        out,
        r#"<text class="{class}" x="{}" y="{}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">{}</text>"#,
        T(x),
        T(y),
        Esc(body)
    );
}

/// A `<rect>` at `[x, y, width, height]` in tenths, with its tooltip.
fn rect(out: &mut String, class: &str, fill: &str, [x, y, w, h]: [i64; 4], tip: Option<&str>) {
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" fill="{fill}""#,
        T(x),
        T(y),
        T(w),
        T(h)
    );
    match tip {
        Some(tip) => _ = write!(out, "><title>{}</title></rect>", Esc(tip)),
        None => out.push_str("/>"),
    }
}

/// A rough width of `body` in tenths: 0.6 em a character.
fn text_width(body: &str, kind: Kind) -> i64 {
    i64::try_from(body.chars().count()).unwrap_or(i64::MAX).saturating_mul(kind.style().1 * 6)
}

/// `body` cut with "…" to about `width` tenths of label text.
fn fit(body: &str, width: i64) -> Cow<'_, str> {
    let max = usize::try_from(width / (Kind::Label.style().1 * 6)).unwrap_or(0).max(1);
    if body.chars().count() <= max {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(body.chars().take(max - 1).chain(['…']).collect())
    }
}

/// `value × len / max`, with negative values as zero.
fn scale(value: i64, max: i64, len: i64) -> i64 {
    if max <= 0 {
        return 0;
    }
    i64::try_from(i128::from(value.max(0)) * i128::from(len) / i128::from(max)).unwrap_or(len)
}

/// A length in tenths of a unit, printed with at most one decimal.
#[derive(Clone, Copy)]
struct T(i64);

impl Display for T {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (sign, abs) = (if self.0 < 0 { "-" } else { "" }, self.0.unsigned_abs());
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            tenth => write!(f, "{sign}{}.{tenth}", abs / 10),
        }
    }
}

/// Text escaped for XML content and attributes; characters XML forbids go.
struct Esc<'a>(&'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&#39;")?,
                '\t' | '\n' | '\r' => f.write_char(' ')?,
                c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: ChartText<'static> = ChartText { id: "hours", title: "Orders", desc: "Peak 14", empty: "No data" };

    fn doc(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML ({e}): {svg}"))
    }

    /// The values of `attr` on the elements whose classes include `class`.
    fn attrs<'a>(doc: &'a roxmltree::Document<'a>, class: &str, attr: &str) -> Vec<&'a str> {
        let has = |n: &roxmltree::Node<'_, '_>| n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == class));
        doc.descendants().filter(has).filter_map(|n| n.attribute(attr)).collect()
    }

    fn hours() -> Vec<Bar> {
        let hour = |h: i64| Bar::new(format!("{h:02}:00–{:02}:00", h + 1), (h * 7) % 11, format!("{}", (h * 7) % 11));
        (0..24).map(|h| hour(h).with_tick(format!("{h:02}"))).collect()
    }

    fn every_chart(bars: &[Bar]) -> [String; 3] {
        [columns(&TEXT, bars), super::bars(&TEXT, bars), shares(&TEXT, bars)]
    }

    #[test]
    fn hostile_text_is_escaped() {
        let evil = r#"<script>alert("x")</script> & 'y'"#;
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;";
        let text = ChartText { id: "x", title: evil, desc: evil, empty: evil };
        let parts = [Bar::new(evil, 5, evil).with_tick(evil), Bar::new("ok", 1, "1")];
        for svg in [columns(&text, &parts), bars(&text, &parts), shares(&text, &parts), columns(&text, &[])] {
            assert!(!svg.contains("<script") && !svg.contains("'y'") && svg.contains(escaped), "{svg}");
            let texts: Vec<_> = doc(&svg).descendants().filter_map(|n| n.text().map(str::to_owned)).collect();
            assert!(texts.iter().any(|t| t == evil), "title and desc read back as given: {svg}");
        }
        let svg = columns(&text, &parts);
        let doc = doc(&svg);
        let tip = doc.descendants().find(|n| n.has_tag_name("rect")).and_then(|r| r.first_element_child());
        assert_eq!(tip.and_then(|t| t.text()), Some(format!("{evil}: {evil}").as_str()));
        assert_eq!(Esc("a\u{0}b\u{1b}c\nd").to_string(), "abc d");
    }

    #[test]
    fn ids_are_sanitised() {
        assert_eq!(dom_id("Hours-1"), "hours-1");
        assert_eq!(dom_id(r#"a" onload="x"#), "a--onload--x");
        assert_eq!(dom_id("9 lives"), "chart-9-lives");
        assert_eq!(dom_id(""), "chart");
        let svg = bars(&ChartText { id: "Best Sellers!", ..TEXT }, &[Bar::new("Tea", 3, "3")]);
        assert!(svg.contains(r#"aria-labelledby="best-sellers--title best-sellers--desc""#), "{svg}");
        let ids: Vec<_> = doc(&svg).descendants().filter_map(|n| n.attribute("id").map(str::to_owned)).collect();
        assert_eq!(ids, ["best-sellers--title", "best-sellers--desc"]);
    }

    #[test]
    fn empty_data_says_so() {
        let zeros = [Bar::new("a", 0, "0"), Bar::new("b", -4, "-4")];
        for svg in every_chart(&[]).into_iter().chain(every_chart(&zeros)) {
            assert!(!doc(&svg).descendants().any(|n| n.has_tag_name("rect")), "{svg}");
            assert!(svg.contains(">No data</text>") && svg.contains(r#"viewBox="0 0 400 60""#), "{svg}");
        }
    }

    #[test]
    fn one_element_per_input() {
        let hours = hours();
        let svg = columns(&TEXT, &hours);
        assert_eq!(attrs(&doc(&svg), "chart-bar", "x").len(), 24);
        assert_eq!(attrs(&doc(&svg), "chart-label", "x").len(), 8, "every 3rd hour is labelled: {svg}");
        assert_eq!(attrs(&doc(&bars(&TEXT, &hours)), "chart-bar", "x").len(), 24);
        let svg = shares(&TEXT, &hours[..10]);
        let doc = doc(&svg);
        let slices = doc.descendants().filter(|n| n.has_tag_name("rect") && n.first_element_child().is_some());
        assert_eq!(slices.count(), 10);
        assert_eq!(attrs(&doc, "chart-swatch", "x").len(), 10);
    }

    #[test]
    fn the_tallest_bar_is_full_size() {
        let three = [Bar::new("a", 3, "3"), Bar::new("b", 10, "10"), Bar::new("c", 5, "5")];
        let svg = columns(&TEXT, &three);
        assert_eq!(attrs(&doc(&svg), "chart-bar", "height"), ["45.6", "152", "76"]);
        assert_eq!(attrs(&doc(&svg), "chart-value", "x").len(), 3, "three short values all fit");
        assert_eq!(attrs(&doc(&bars(&TEXT, &three)), "chart-bar", "width"), ["120", "400", "200"]);
    }

    #[test]
    fn percentages_sum_to_100() {
        assert_eq!(percentages(&[1, 1, 1]), [34, 33, 33]);
        assert_eq!(percentages(&[2, 1]), [67, 33]);
        assert_eq!(percentages(&[1; 7]).iter().sum::<u32>(), 100);
        assert_eq!(percentages(&[1, 1, 1, 997]), [0, 0, 0, 100]);
        assert_eq!(percentages(&[i64::MAX, i64::MAX, i64::MAX]), [34, 33, 33]);
        assert_eq!(percentages(&[5, -3]), [100, 0]);
        assert_eq!(percentages(&[0, 0]), [0, 0]);
        assert_eq!(apportion(&[1, 1, 1], 4000), [1334, 1333, 1333]);
    }

    #[test]
    fn negative_values_are_zero() {
        let parts = [Bar::new("Refunds", -50_000, "-500 so'm"), Bar::new("Tea", 10, "10 so'm")];
        for svg in every_chart(&parts) {
            for rect in doc(&svg).descendants().filter(|n| n.has_tag_name("rect")) {
                assert!(rect.attributes().all(|a| !a.value().starts_with('-')), "{svg}");
            }
        }
        assert_eq!(attrs(&doc(&bars(&TEXT, &parts)), "chart-bar", "width"), ["0", "400"]);
        assert!(shares(&TEXT, &parts).contains("-500 so&#39;m · 0%"));
    }

    #[test]
    fn output_is_deterministic_with_short_numbers() {
        assert_eq!([T(1234), T(1230), T(-5), T(0)].map(|t| t.to_string()), ["123.4", "123", "-0.5", "0"]);
        let hours = hours();
        assert_eq!(every_chart(&hours), every_chart(&hours));
        for svg in every_chart(&hours) {
            for a in doc(&svg).descendants().flat_map(|n| n.attributes()) {
                let decimals = a.value().split_once('.').map_or(0, |(_, d)| d.len());
                assert!(a.value().parse::<f64>().is_err() || decimals <= 1, "{}={}", a.name(), a.value());
            }
        }
    }
}
