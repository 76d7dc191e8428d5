//! The waybill as a picture for the page (the expanded row of "My
//! shipments"): the printed copy's layout drawn as inline SVG — text as
//! escaped `<text>`, the barcode and the QR code as `<rect>`s, no scripts,
//! no links, no external resources.

use std::fmt::Write as _;

use super::canvas::{Draw, LINE};
use super::{ShipmentDoc, waybill};
use crate::code128::{Code128, escape, num};
use crate::i18n::Lang;
use crate::pdf::Faces;

/// The picture's size: an A4 half, points.
const W: f32 = 595.0;
const H: f32 = 421.0;

/// Draws into an SVG string, measuring text with the PDF's font so the
/// layout fits as it does on paper.
struct SvgPen {
    /// The font's metrics; `None` only in a broken build (then widths are estimated).
    faces: Option<Faces>,
    /// The elements so far.
    out: String,
}

fn rgb((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

impl Draw for SvgPen {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        match &self.faces {
            Some(faces) => faces.width(text, size, bold),
            #[allow(clippy::cast_precision_loss)] // short texts
            None => text.chars().count() as f32 * size * 0.62,
        }
    }

    fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        match &self.faces {
            Some(faces) => faces.wrap(text, size, bold, max),
            None => vec![text.to_owned()],
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, ink: (u8, u8, u8), text: &str) {
        if text.is_empty() {
            return;
        }
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" font-size="{}"{weight} fill="{}">{}</text>"#,
            num(x),
            num(y),
            num(size),
            rgb(ink),
            escape(text)
        );
    }

    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="{}"/>"#,
            num(x),
            num(y),
            num(w),
            num(h),
            rgb(LINE),
            num(width)
        );
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, ink: (u8, u8, u8)) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(x),
            num(y),
            num(w),
            num(h),
            rgb(ink)
        );
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, dash: Option<f32>) {
        let dash = dash.map(|d| format!(r#" stroke-dasharray="{}""#, num(d))).unwrap_or_default();
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{dash}/>"#,
            num(from.0),
            num(from.1),
            num(to.0),
            num(to.1),
            rgb(LINE),
            num(width)
        );
    }

    fn barcode(&mut self, code: &Code128, x: f32, y: f32, module: f32, height: f32) {
        let _ = write!(
            self.out,
            r##"<g fill="#000" shape-rendering="crispEdges">{}</g>"##,
            code.svg_rects(x, y, module, height)
        );
    }

    fn squares(&mut self, x: f32, y: f32, module: f32, rects: &[(usize, usize, usize)]) {
        self.out.push_str(r##"<g fill="#000" shape-rendering="crispEdges">"##);
        for (col, row, len) in rects {
            #[allow(clippy::cast_precision_loss)] // at most 185 modules
            let (rx, ry, rw) = (x + *col as f32 * module, y + *row as f32 * module, *len as f32 * module);
            let _ = write!(
                self.out,
                r#"<rect x="{}" y="{}" width="{}" height="{}"/>"#,
                num(rx),
                num(ry),
                num(rw),
                num(module)
            );
        }
        self.out.push_str("</g>");
    }
}

/// The waybill of `doc` as an inline SVG (`<svg>…</svg>`, scalable, with
/// `role="img"` and the waybill's title for screen readers), in `lang`.
#[must_use]
pub fn waybill_svg(doc: &ShipmentDoc, lang: Lang) -> String {
    let words = super::words(lang);
    let mut pen = SvgPen { faces: Faces::load().ok(), out: String::with_capacity(24 * 1024) };
    waybill::copy(&mut pen, doc, lang, 0.0, "");
    let title = escape(&format!("{} {}", words.waybill, doc.barcode));
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="waybill" viewBox="0 0 {w} {h}" role="img" "#,
            r#"aria-label="{title}" font-family="DejaVu Sans, Verdana, Arial, sans-serif">"#,
            r##"<title>{title}</title><rect width="{w}" height="{h}" fill="#fff"/>{body}</svg>"##
        ),
        w = num(W),
        h = num(H),
        title = title,
        body = pen.out,
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn is_well_formed_svg_with_the_fields_and_no_script() {
        let doc = sample(42);
        let svg = waybill_svg(&doc, Lang::Ru);
        let tree = roxmltree::Document::parse(&svg).unwrap();
        let root = tree.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        let texts: Vec<&str> = tree.descendants().filter(|n| n.has_tag_name("text")).filter_map(|n| n.text()).collect();
        for want in ["Накладная", doc.barcode.as_str(), "Анна Сергеевна Кузнецова", "Gʻayrat Oʻrinboyev", "SAM-02"]
        {
            assert!(texts.iter().any(|t| t.contains(want)), "{want} in {texts:?}");
        }
        assert!(tree.descendants().all(|n| !n.has_tag_name("script") && !n.has_tag_name("foreignObject")));
        assert!(tree.descendants().all(|n| n.attributes().all(|a| !a.name().starts_with("on") && a.name() != "href")));
        // Bars: 8 symbols of 3 bars and the stop's 4.
        let bars = tree.descendants().find(|n| n.has_tag_name("g")).unwrap();
        assert_eq!(bars.children().filter(|n| n.has_tag_name("rect")).count(), 28);
    }

    #[test]
    fn escapes_what_the_user_typed() {
        let mut doc = sample(5);
        doc.receiver.name = "<script>alert(1)</script> & \"Co\"".into();
        doc.sender.address = "</text><image href=x onerror=alert(1)>".into();
        let svg = waybill_svg(&doc, Lang::Uz);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<image"));
        assert!(svg.contains("&lt;script&gt;"));
        let tree = roxmltree::Document::parse(&svg).unwrap();
        let texts: String = tree.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains("<script>alert(1)</script>"), "the text reads back as typed");
        assert!(tree.descendants().all(|n| !n.has_tag_name("script") && !n.has_tag_name("image")));
    }

    #[test]
    fn long_texts_stay_on_the_picture() {
        let mut doc = sample(9);
        doc.receiver.address = "Очень длинный адрес ".repeat(500);
        doc.sender.name = "X".repeat(5000);
        doc.company_name = "Oʻ".repeat(300);
        doc.parcel_type = "Sinadigan yuk, ehtiyot boʻling ".repeat(40);
        doc.destination_office = "SAMARQAND-MARKAZ-".repeat(20);
        let svg = waybill_svg(&doc, Lang::Uz);
        let faces = Faces::load().unwrap();
        let tree = roxmltree::Document::parse(&svg).unwrap();
        for t in tree.descendants().filter(|n| n.has_tag_name("text")) {
            let x: f32 = t.attribute("x").unwrap().parse().unwrap();
            let size: f32 = t.attribute("font-size").unwrap().parse().unwrap();
            let text = t.text().unwrap();
            let right = x + faces.width(text, size, t.attribute("font-weight").is_some());
            assert!(x >= 0.0 && right <= W - 25.0, "{text:?} from {x} to {right}");
        }
        assert!(svg.len() < 64 * 1024, "{} bytes", svg.len());
    }
}
