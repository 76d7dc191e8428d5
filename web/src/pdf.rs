//! Small A4 documents as PDF: a title, lines of text and label/value
//! tables, in Uzbek (Latin, with oʻ and gʻ), Russian (Cyrillic) and English.
//!
//! The text is set in DejaVu Sans, embedded (subset, with a `ToUnicode`
//! map) so every viewer shows it and text extraction (copy, search,
//! `pdftotext`) gives back the same characters. Receipts use it now; the
//! cargo cabinet's waybills, invoices and reconciliation acts can reuse it.
//!
//! ```
//! let mut doc = web::pdf::Doc::new("Kvitansiya");
//! doc.title("Kvitansiya № 1");
//! doc.table(&[("Biznes", "Oʻrik bogʻi"), ("Сумма", "299 000 soʻm")]);
//! let bytes = doc.finish().unwrap();
//! assert!(bytes.starts_with(b"%PDF-"));
//! ```

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// DejaVu Sans (Bitstream Vera licence, `web/fonts/LICENSE`).
const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
/// Margins.
const MARGIN: f32 = 56.0;
/// Body text size.
const BODY: f32 = 10.5;
/// Title size.
const TITLE: f32 = 17.0;
/// Table-of-columns text size.
const SMALL: f32 = 8.5;
/// Where a table's values start, from the left margin.
const LABEL_W: f32 = 170.0;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read (a broken build).
    #[error("the embedded font cannot be read")]
    Font,
    /// The PDF writer refused the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
    /// A document of several shipments was asked for none.
    #[error("no shipments to print")]
    Empty,
    /// More shipments than one document takes.
    #[error("{count} shipments; at most {max} in one document")]
    TooMany {
        /// How many were asked for.
        count: usize,
        /// The most one document takes.
        max: usize,
    },
}

/// One thing to draw.
#[derive(Debug, Clone)]
enum Block {
    Title(String),
    Text { text: String, bold: bool, size: f32 },
    Row { label: String, value: String },
    Columns { cells: Vec<String>, widths: Vec<f32>, right: Vec<bool>, bold: bool },
    Rule,
    Gap(f32),
}

/// A document being written: blocks flow down the page, onto new pages as
/// needed; long lines wrap at spaces.
#[derive(Debug, Clone)]
pub struct Doc {
    title: String,
    blocks: Vec<Block>,
}

/// The two faces, with their metrics for measuring text (the cargo
/// documents draw with them too).
pub(crate) struct Faces {
    regular: Font,
    bold: Font,
    regular_face: ttf_parser::Face<'static>,
    bold_face: ttf_parser::Face<'static>,
}

impl Faces {
    pub(crate) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            regular: Font::new(REGULAR.into(), 0).ok_or(PdfError::Font)?,
            bold: Font::new(BOLD.into(), 0).ok_or(PdfError::Font)?,
            regular_face: ttf_parser::Face::parse(REGULAR, 0).map_err(|_| PdfError::Font)?,
            bold_face: ttf_parser::Face::parse(BOLD, 0).map_err(|_| PdfError::Font)?,
        })
    }

    pub(crate) fn font(&self, bold: bool) -> Font {
        if bold { self.bold.clone() } else { self.regular.clone() }
    }

    /// The width of `text` at `size` points (advances only; no kerning).
    pub(crate) fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold_face } else { &self.regular_face };
        let units: u32 = text
            .chars()
            .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(0, u32::from))
            .sum();
        #[allow(clippy::cast_precision_loss)] // widths of a few thousand units
        let w = units as f32 * size / f32::from(face.units_per_em());
        w
    }

    /// `text` broken at spaces into lines no wider than `max` (a word wider
    /// than a line is broken between characters).
    pub(crate) fn wrap(&self, text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ') {
                let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(&candidate, size, bold) <= max {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, size, bold) > max && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        lines
    }
}

impl Doc {
    /// A new document; `title` is its metadata title (viewers show it).
    #[must_use]
    pub fn new(title: &str) -> Self {
        Self { title: title.to_owned(), blocks: Vec::new() }
    }

    /// A heading.
    pub fn title(&mut self, text: &str) -> &mut Self {
        self.blocks.push(Block::Title(text.to_owned()));
        self
    }

    /// A paragraph of body text.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.blocks.push(Block::Text { text: text.to_owned(), bold: false, size: BODY });
        self
    }

    /// A paragraph in small grey-free body text, bold.
    pub fn bold(&mut self, text: &str) -> &mut Self {
        self.blocks.push(Block::Text { text: text.to_owned(), bold: true, size: BODY });
        self
    }

    /// A table of labels and their values.
    pub fn table(&mut self, rows: &[(&str, &str)]) -> &mut Self {
        for (label, value) in rows {
            self.blocks.push(Block::Row { label: (*label).to_owned(), value: (*value).to_owned() });
        }
        self
    }

    /// One row of a table of columns: `widths` are shares of the page's
    /// width (they need not add up to one; missing ones are equal shares of
    /// what is left), cells marked in `right` are set flush right (money);
    /// long cells wrap within their column.
    pub fn columns(&mut self, cells: &[&str], widths: &[f32], right: &[bool], bold: bool) -> &mut Self {
        self.blocks.push(Block::Columns {
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
            widths: widths.to_vec(),
            right: right.to_vec(),
            bold,
        });
        self
    }

    /// A thin line across the page.
    pub fn rule(&mut self) -> &mut Self {
        self.blocks.push(Block::Rule);
        self
    }

    /// Vertical space, points.
    pub fn gap(&mut self, points: f32) -> &mut Self {
        self.blocks.push(Block::Gap(points));
        self
    }

    /// The PDF's bytes.
    ///
    /// # Errors
    /// [`PdfError`] when the embedded font is unreadable or the writer
    /// refuses the document.
    pub fn finish(&self) -> Result<Vec<u8>, PdfError> {
        let faces = Faces::load()?;
        let mut document = Document::new();
        document.set_metadata(Metadata::new().title(self.title.clone()).creator("POS cloud".into()));
        let settings = || PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| PdfError::Write("page size".into()));
        let width = PAGE_W - 2.0 * MARGIN;
        let mut y = MARGIN;
        let mut page = document.start_page_with(settings()?);
        let mut surface = page.surface();
        for block in &self.blocks {
            let needed = match block {
                Block::Title(_) => TITLE * 1.6,
                Block::Text { size, .. } => size * 1.5,
                Block::Row { .. } => BODY * 1.9,
                Block::Columns { .. } => SMALL * 1.9,
                Block::Rule | Block::Gap(_) => 0.0,
            };
            if y + needed > PAGE_H - MARGIN {
                surface.finish();
                page.finish();
                page = document.start_page_with(settings()?);
                surface = page.surface();
                y = MARGIN;
            }
            match block {
                Block::Title(text) => {
                    for line in faces.wrap(text, TITLE, true, width) {
                        y += TITLE * 1.3;
                        draw(&mut surface, &faces, MARGIN, y, TITLE, true, &line);
                    }
                    y += TITLE * 0.5;
                }
                Block::Text { text, bold, size } => {
                    for line in faces.wrap(text, *size, *bold, width) {
                        y += size * 1.45;
                        draw(&mut surface, &faces, MARGIN, y, *size, *bold, &line);
                    }
                }
                Block::Row { label, value } => {
                    let labels = faces.wrap(label, BODY, false, LABEL_W - 10.0);
                    let values = faces.wrap(value, BODY, true, width - LABEL_W);
                    let top = y;
                    for (i, line) in labels.iter().enumerate() {
                        #[allow(clippy::cast_precision_loss)] // a handful of lines
                        let at = top + BODY * 1.45 * (i as f32 + 1.0);
                        draw(&mut surface, &faces, MARGIN, at, BODY, false, line);
                    }
                    for (i, line) in values.iter().enumerate() {
                        #[allow(clippy::cast_precision_loss)] // a handful of lines
                        let at = top + BODY * 1.45 * (i as f32 + 1.0);
                        draw(&mut surface, &faces, MARGIN + LABEL_W, at, BODY, true, line);
                    }
                    #[allow(clippy::cast_precision_loss)] // a handful of lines
                    let lines = labels.len().max(values.len()) as f32;
                    y = top + BODY * 1.45 * lines + BODY * 0.55;
                }
                Block::Columns { cells, widths, right, bold } => {
                    let shares = shares(widths, cells.len());
                    let top = y;
                    let mut x = MARGIN;
                    let mut lines = 1usize;
                    for (i, cell) in cells.iter().enumerate() {
                        let w = shares.get(i).copied().unwrap_or(0.0) * width;
                        let wrapped = faces.wrap(cell, SMALL, *bold, (w - 6.0).max(10.0));
                        lines = lines.max(wrapped.len());
                        for (n, line) in wrapped.iter().enumerate() {
                            #[allow(clippy::cast_precision_loss)] // a handful of lines
                            let at = top + SMALL * 1.4 * (n as f32 + 1.0);
                            let left = if right.get(i).copied().unwrap_or(false) {
                                x + w - 6.0 - faces.width(line, SMALL, *bold)
                            } else {
                                x
                            };
                            draw(&mut surface, &faces, left, at, SMALL, *bold, line);
                        }
                        x += w;
                    }
                    #[allow(clippy::cast_precision_loss)] // a handful of lines
                    let lines = lines as f32;
                    y = top + SMALL * 1.4 * lines + SMALL * 0.5;
                }
                Block::Rule => {
                    y += 6.0;
                    let mut path = PathBuilder::new();
                    path.move_to(MARGIN, y);
                    path.line_to(PAGE_W - MARGIN, y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(170, 170, 170).into(),
                            width: 0.6,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                    y += 6.0;
                }
                Block::Gap(points) => y += points,
            }
        }
        surface.finish();
        page.finish();
        document.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
    }
}

/// Each column's share of the width: the given ones, the rest split what
/// is left equally (nothing left: a tenth each), scaled to add up to one.
fn shares(widths: &[f32], columns: usize) -> Vec<f32> {
    let given: f32 = widths.iter().take(columns).map(|w| w.max(0.0)).sum();
    let missing = columns.saturating_sub(widths.len());
    #[allow(clippy::cast_precision_loss)] // a handful of columns
    let each = if missing == 0 { 0.0 } else { ((1.0 - given) / missing as f32).max(0.1) };
    let mut out: Vec<f32> = (0..columns).map(|i| widths.get(i).map_or(each, |w| w.max(0.0))).collect();
    let total: f32 = out.iter().sum();
    if total > 0.0 {
        for w in &mut out {
            *w /= total;
        }
    }
    out
}

/// One line of text with its baseline at `y` (from the top).
fn draw(surface: &mut Surface<'_>, faces: &Faces, x: f32, y: f32, size: f32, bold: bool, text: &str) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill { paint: rgb::Color::new(20, 20, 20).into(), ..Fill::default() }));
    surface.draw_text(Point::from_xy(x, y), faces.font(bold), size, text, false, TextDirection::Auto);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_the_width() {
        let faces = Faces::load().unwrap();
        let lines = faces.wrap("Oʻzbekiston Respublikasi, Toshkent shahri, Chilonzor tumani", BODY, false, 120.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| faces.width(l, BODY, false) <= 120.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Oʻzbekiston Respublikasi, Toshkent shahri, Chilonzor tumani");
        let long = faces.wrap(&"x".repeat(200), BODY, false, 100.0);
        assert!(long.len() > 1 && long.iter().all(|l| faces.width(l, BODY, false) <= 100.0));
    }

    #[test]
    fn column_shares_fill_the_width() {
        let close = |a: &[f32], b: &[f32]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4);
        assert!(close(&shares(&[0.5], 3), &[0.5, 0.25, 0.25]));
        assert!(close(&shares(&[2.0, 2.0], 2), &[0.5, 0.5]));
        assert!(close(&shares(&[], 4), &[0.25, 0.25, 0.25, 0.25]));
        let mut doc = Doc::new("t");
        doc.columns(&["Sana", "Hujjat", "Debet"], &[0.2, 0.5], &[false, false, true], true);
        doc.columns(&["01.12.2026", &"uzun ".repeat(40), "1 000 soʻm"], &[0.2, 0.5], &[false, false, true], false);
        assert!(doc.finish().unwrap().starts_with(b"%PDF-"));
    }

    #[test]
    fn writes_a_pdf_over_several_pages() {
        let mut doc = Doc::new("t");
        doc.title("Квитанция");
        for i in 0..200 {
            doc.table(&[("Qator", &i.to_string())]);
        }
        let bytes = doc.finish().unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        // The page tree's `/Count`: 200 rows do not fit on one A4 page.
        let text = String::from_utf8_lossy(&bytes);
        let count: usize = text
            .split("/Count ")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert!(count >= 3, "{count} pages");
    }
}
