//! Drawing on a PDF page in points from the top-left corner: text that fits
//! its box (shrunk or cut with an ellipsis, never overflowing), boxes and
//! rules, Code 128 bars and QR codes as vector shapes.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use qrcode::{Color, EcLevel, QrCode};

use crate::code128::Code128;
use crate::pdf::Faces;

/// Near-black for text and bars.
pub(crate) const INK: (u8, u8, u8) = (15, 15, 15);
/// Labels and small print.
pub(crate) const GREY: (u8, u8, u8) = (95, 95, 95);
/// Box lines.
pub(crate) const LINE: (u8, u8, u8) = (120, 120, 120);
/// Shaded headings.
pub(crate) const SHADE: (u8, u8, u8) = (232, 232, 232);
/// White (text on a black band).
pub(crate) const WHITE: (u8, u8, u8) = (255, 255, 255);

/// What a layout draws with, on a PDF page ([`Pen`]) or in SVG
/// (`picture::SvgPen`): a few primitives and the text fitting built on them,
/// so the waybill's copy and its picture are one layout.
pub(crate) trait Draw {
    /// The width of `text`.
    fn width(&self, text: &str, size: f32, bold: bool) -> f32;
    /// `text` broken at spaces into lines no wider than `max`.
    fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String>;
    /// One line with its baseline at `y`.
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, ink: (u8, u8, u8), text: &str);
    /// A stroked rectangle.
    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32);
    /// A filled rectangle.
    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, ink: (u8, u8, u8));
    /// A straight line, dashed when `dash` is given.
    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, dash: Option<f32>);
    /// Code 128 bars from `x` (the quiet zone is the caller's), `module`
    /// points a module, `height` tall from `y`.
    fn barcode(&mut self, code: &Code128, x: f32, y: f32, module: f32, height: f32);
    /// Dark squares: `rects` of (column, row, run length) on a grid of
    /// `module` from (`x`, `y`).
    fn squares(&mut self, x: f32, y: f32, module: f32, rects: &[(usize, usize, usize)]);

    /// `text` cut to `max` points wide with an ellipsis when longer.
    fn fit(&self, text: &str, size: f32, bold: bool, max: f32) -> String {
        if self.width(text, size, bold) <= max {
            return text.to_owned();
        }
        // The longest prefix that fits with the ellipsis, by bisection (a
        // long text costs a few measurements, not one a character).
        let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).collect();
        let with_ellipsis = |end: usize| format!("{}…", text.get(..end).unwrap_or("").trim_end());
        let (mut lo, mut hi) = (0usize, ends.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.width(&with_ellipsis(ends[mid - 1]), size, bold) <= max {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo == 0 { String::new() } else { with_ellipsis(ends[lo - 1]) }
    }

    /// The largest size from `size` down to `min` at which `text` fits `max`.
    fn shrink(&self, text: &str, size: f32, min: f32, bold: bool, max: f32) -> f32 {
        let w = self.width(text, size, bold);
        if w <= max || w <= 0.0 { size } else { (size * max / w).max(min) }
    }

    /// One line no wider than `max` (cut with an ellipsis).
    #[allow(clippy::too_many_arguments)] // a text box's geometry and style
    fn text_in(&mut self, x: f32, y: f32, size: f32, bold: bool, ink: (u8, u8, u8), max: f32, text: &str) {
        let text = self.fit(text, size, bold, max);
        self.text(x, y, size, bold, ink, &text);
    }

    /// One line ending at `right`.
    fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, ink: (u8, u8, u8), text: &str) {
        let w = self.width(text, size, bold);
        self.text(right - w, y, size, bold, ink, text);
    }

    /// One line centred on `centre`.
    fn text_centre(&mut self, centre: f32, y: f32, size: f32, bold: bool, ink: (u8, u8, u8), text: &str) {
        let w = self.width(text, size, bold);
        self.text(centre - w / 2.0, y, size, bold, ink, text);
    }

    /// `text` wrapped to `max` wide, at most `lines` lines (the last cut
    /// with an ellipsis), the first baseline at `y`; returns the last
    /// baseline drawn (`y - leading` when nothing was).
    #[allow(clippy::too_many_arguments)] // a text box's geometry and style
    fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        ink: (u8, u8, u8),
        max: f32,
        lines: usize,
        leading: f32,
        text: &str,
    ) -> f32 {
        let mut wrapped: Vec<String> = self.wrap(text.trim(), size, bold, max);
        wrapped.retain(|l| !l.trim().is_empty());
        if wrapped.len() > lines {
            let rest = wrapped.split_off(lines.saturating_sub(1)).join(" ");
            wrapped.push(format!("{rest}…"));
        }
        let mut at = y - leading;
        for line in &wrapped {
            at += leading;
            let line = self.fit(line, size, bold, max);
            self.text(x, at, size, bold, ink, &line);
        }
        at
    }

    /// A QR code of `data` in a `size`-point square at (`x`, `y`), its
    /// four-module quiet zone inside the square; nothing when `data` is too
    /// long for a QR code.
    fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) {
        let Some(modules) = qr_modules(data) else { return };
        let n = modules.len();
        #[allow(clippy::cast_precision_loss)] // at most 177 modules
        let module = size / (n + 8) as f32;
        let mut runs = Vec::new();
        for (row, dark) in modules.iter().enumerate() {
            let mut col = 0;
            while col < n {
                if !dark[col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && dark[col] {
                    col += 1;
                }
                runs.push((start + 4, row + 4, col - start));
            }
        }
        self.squares(x, y, module, &runs);
    }
}

/// A PDF page's surface with the fonts.
pub(crate) struct Pen<'s, 'p> {
    surface: &'s mut Surface<'p>,
    faces: &'s Faces,
}

fn colour((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

impl<'s, 'p> Pen<'s, 'p> {
    pub(crate) fn new(surface: &'s mut Surface<'p>, faces: &'s Faces) -> Self {
        Self { surface, faces }
    }

    /// Fills `path` black.
    fn ink(&mut self, path: PathBuilder) {
        if let Some(path) = path.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill { paint: colour((0, 0, 0)).into(), ..Fill::default() }));
            self.surface.draw_path(&path);
        }
    }
}

impl Draw for Pen<'_, '_> {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        self.faces.width(text, size, bold)
    }

    fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        self.faces.wrap(text, size, bold, max)
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, ink: (u8, u8, u8), text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill { paint: colour(ink).into(), ..Fill::default() }));
        self.surface.draw_text(Point::from_xy(x, y), self.faces.font(bold), size, text, false, TextDirection::Auto);
    }

    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, width: f32) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                self.surface.set_fill(None);
                self.surface.set_stroke(Some(Stroke { paint: colour(LINE).into(), width, ..Stroke::default() }));
                self.surface.draw_path(&path);
                self.surface.set_stroke(None);
            }
        }
    }

    fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, ink: (u8, u8, u8)) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                self.surface.set_stroke(None);
                self.surface.set_fill(Some(Fill { paint: colour(ink).into(), ..Fill::default() }));
                self.surface.draw_path(&path);
            }
        }
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, dash: Option<f32>) {
        let mut path = PathBuilder::new();
        path.move_to(from.0, from.1);
        path.line_to(to.0, to.1);
        if let Some(path) = path.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: colour(LINE).into(),
                width,
                dash: dash.map(|d| StrokeDash { array: vec![d, d], offset: 0.0 }),
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    fn barcode(&mut self, code: &Code128, x: f32, y: f32, module: f32, height: f32) {
        let mut path = PathBuilder::new();
        for (start, width) in code.bars() {
            #[allow(clippy::cast_precision_loss)] // a few hundred modules
            let (left, w) = (x + start as f32 * module, width as f32 * module);
            if let Some(rect) = Rect::from_xywh(left, y, w, height) {
                path.push_rect(rect);
            }
        }
        self.ink(path);
    }

    fn squares(&mut self, x: f32, y: f32, module: f32, rects: &[(usize, usize, usize)]) {
        let mut path = PathBuilder::new();
        for (col, row, len) in rects {
            #[allow(clippy::cast_precision_loss)] // at most 185 modules
            let rect =
                Rect::from_xywh(x + *col as f32 * module, y + *row as f32 * module, *len as f32 * module, module);
            if let Some(rect) = rect {
                path.push_rect(rect);
            }
        }
        self.ink(path);
    }
}

/// The QR code of `data` (error correction M) as rows of dark modules;
/// `None` when it does not fit a QR code.
pub(crate) fn qr_modules(data: &str) -> Option<Vec<Vec<bool>>> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let n = code.width();
    let colours = code.to_colors();
    Some(colours.chunks(n).map(|row| row.iter().map(|c| *c == Color::Dark).collect()).collect())
}

/// A new PDF with its title in the metadata.
pub(crate) fn document(title: &str) -> krilla::Document {
    let mut document = krilla::Document::new();
    document.set_metadata(krilla::metadata::Metadata::new().title(title.to_owned()).creator("POS cloud".into()));
    document
}

/// A page `w` × `h` points.
pub(crate) fn page(w: f32, h: f32) -> Result<krilla::page::PageSettings, crate::pdf::PdfError> {
    krilla::page::PageSettings::from_wh(w, h).ok_or_else(|| crate::pdf::PdfError::Write("page size".into()))
}

/// The PDF's bytes.
pub(crate) fn finish(document: krilla::Document) -> Result<Vec<u8>, crate::pdf::PdfError> {
    document.finish().map_err(|e| crate::pdf::PdfError::Write(format!("{e:?}")))
}

/// Millimetres in points.
pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}
