//! The handover act: what a courier took from a sender at pickup, as a
//! numbered table with totals and both sides' signatures. Long acts run
//! over several A4 pages, the table's heading repeated on each, the totals
//! and signatures on the last, every page numbered.

use super::canvas::{self, Draw, GREY, INK, Pen, SHADE};
use super::{Party, ShipmentDoc, check_count, kg, words};
use crate::format;
use crate::i18n::{Lang, fill};
use crate::pdf::{Faces, PdfError};

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
/// Margins.
const MARGIN: f32 = 36.0;
/// A table row's height.
const ROW: f32 = 17.0;
/// The table heading's height.
const HEAD: f32 = 22.0;
/// Where the table starts on the first page and on the others.
const FIRST_TOP: f32 = 214.0;
const OTHER_TOP: f32 = 60.0;
/// The lowest a row may reach (the page number sits below).
const BOTTOM: f32 = PAGE_H - 52.0;
/// The totals row and the signatures after the table.
const CLOSING: f32 = ROW + 120.0;

/// The act's header and its rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandoverAct {
    /// The courier company's name.
    pub company_name: String,
    /// The company's phone.
    pub company_phone: String,
    /// The act's number (may be empty).
    pub number: String,
    /// The date as printed (`"23.11.2026"`).
    pub date: String,
    /// The courier who takes the parcels.
    pub courier_name: String,
    /// The courier's phone as printed.
    pub courier_phone: String,
    /// The sender who hands them over, and where.
    pub sender: Party,
    /// The parcels, in the order they are listed.
    pub rows: Vec<ActRow>,
}

/// One parcel in the act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActRow {
    /// The 12 digits.
    pub barcode: String,
    /// The receiver's name.
    pub receiver: String,
    /// The receiver's district (city).
    pub district: String,
    /// Pieces.
    pub pieces: i64,
    /// Weight in grams.
    pub weight_g: i64,
    /// Cash on delivery, tiyin (0: none).
    pub cod_amount: i64,
}

impl From<&ShipmentDoc> for ActRow {
    fn from(doc: &ShipmentDoc) -> Self {
        ActRow {
            barcode: doc.barcode.as_str().to_owned(),
            receiver: doc.receiver.name.clone(),
            district: doc.receiver.district.clone(),
            pieces: doc.pieces,
            weight_g: doc.weight_g,
            cod_amount: doc.cod_amount,
        }
    }
}

/// Which rows each page holds (ranges into the rows), the closing block on
/// the last page (which may hold no rows when the block did not fit).
fn paginate(rows: usize) -> Vec<std::ops::Range<usize>> {
    let fits = |top: f32| {
        let room = BOTTOM - top - HEAD;
        // Whole rows only; room is positive for both tops.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = (room / ROW).floor() as usize;
        n
    };
    let mut pages = Vec::new();
    let mut start = 0;
    let mut top = FIRST_TOP;
    loop {
        let capacity = fits(top);
        let end = (start + capacity).min(rows);
        #[allow(clippy::cast_precision_loss)] // at most a hundred rows
        let used = top + HEAD + (end - start) as f32 * ROW;
        if end == rows {
            if used + CLOSING <= BOTTOM + 30.0 {
                pages.push(start..end);
            } else {
                pages.push(start..end);
                pages.push(end..end);
            }
            return pages;
        }
        pages.push(start..end);
        start = end;
        top = OTHER_TOP;
    }
}

/// The act as PDF, in `lang`.
///
/// # Errors
/// [`PdfError::Empty`] for an act without rows, [`PdfError::TooMany`] above
/// [`super::MAX_SHIPMENTS`], and the writer's errors.
pub fn handover_act_pdf(act: &HandoverAct, lang: Lang) -> Result<Vec<u8>, PdfError> {
    check_count(act.rows.len())?;
    let faces = Faces::load()?;
    let w = words(lang);
    let mut document = canvas::document(w.handover_act);
    let pages = paginate(act.rows.len());
    let total_pages = pages.len().to_string();
    for (i, range) in pages.iter().enumerate() {
        let mut page = document.start_page_with(canvas::page(PAGE_W, PAGE_H)?);
        let mut surface = page.surface();
        let mut pen = Pen::new(&mut surface, &faces);
        let top = if i == 0 { header(&mut pen, act, lang) } else { OTHER_TOP };
        let mut y = top;
        if !range.is_empty() || i == 0 {
            y = table_head(&mut pen, y, lang);
            for n in range.clone() {
                if let Some(row) = act.rows.get(n) {
                    row_line(&mut pen, y, n + 1, row);
                    y += ROW;
                }
            }
        }
        if i + 1 == pages.len() {
            y = totals(&mut pen, y, act, lang);
            signatures(&mut pen, y + 26.0, act, lang);
        }
        let number = fill(w.page_of, &[("page", &(i + 1).to_string()), ("pages", &total_pages)]);
        pen.text_centre(PAGE_W / 2.0, PAGE_H - 24.0, 8.0, false, GREY, &number);
        let title = format!("{} {}", w.handover_act, act.number);
        pen.text_in(MARGIN, PAGE_H - 24.0, 8.0, false, GREY, 180.0, title.trim());
        surface.finish();
        page.finish();
    }
    canvas::finish(document)
}

/// The first page's header; returns where the table starts.
fn header(pen: &mut Pen<'_, '_>, act: &HandoverAct, lang: Lang) -> f32 {
    let w = words(lang);
    let right = PAGE_W - MARGIN;
    let width = right - MARGIN;
    pen.text_in(MARGIN, 52.0, 13.0, true, INK, 330.0, &act.company_name);
    pen.text_in(MARGIN, 66.0, 9.0, false, GREY, 330.0, &act.company_phone);
    let date = format!("{}: {}", w.date, act.date);
    pen.text_right(right, 52.0, 10.0, false, INK, &date);
    pen.line((MARGIN, 76.0), (right, 76.0), 0.8, None);
    let title = if act.number.trim().is_empty() {
        w.handover_act.to_owned()
    } else {
        format!("{} № {}", w.handover_act, act.number.trim())
    };
    let size = pen.shrink(&title, 16.0, 11.0, true, width);
    pen.text_centre(PAGE_W / 2.0, 104.0, size, true, INK, &pen.fit(&title, size, true, width));

    let s = &act.sender;
    let place = [s.region.as_str(), s.district.as_str(), s.address.as_str()]
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let courier = [act.courier_name.as_str(), act.courier_phone.as_str()]
        .iter()
        .filter(|p| !p.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let rows = [(w.sender, format!("{}, {}", s.name, s.phone)), (w.address, place), (w.courier, courier)];
    let mut y = 132.0;
    for (label, value) in rows {
        pen.text_in(MARGIN, y, 9.5, false, GREY, 100.0, label);
        pen.text_in(MARGIN + 106.0, y, 10.0, true, INK, width - 106.0, &value);
        y += 16.0;
    }
    pen.paragraph(MARGIN, y + 8.0, 9.5, false, INK, width, 2, 12.0, w.act_intro);
    FIRST_TOP
}

/// The columns: width, right-aligned.
const COLUMNS: [(f32, bool); 7] =
    [(24.0, true), (80.0, false), (136.0, false), (104.0, false), (34.0, true), (52.0, true), (93.0, true)];

/// Cells of one line at `y` (baseline `y + offset`).
fn cells(pen: &mut Pen<'_, '_>, y: f32, offset: f32, size: f32, bold: bool, texts: [&str; 7]) {
    let mut x = MARGIN;
    for ((width, right), text) in COLUMNS.iter().zip(texts) {
        // Figures shrink a little rather than lose digits; names are cut.
        let size = pen.shrink(text, size, size * 0.8, bold, width - 8.0);
        let text = pen.fit(text, size, bold, width - 8.0);
        if *right {
            pen.text_right(x + width - 4.0, y + offset, size, bold, INK, &text);
        } else {
            pen.text(x + 4.0, y + offset, size, bold, INK, &text);
        }
        x += width;
    }
}

/// Vertical rules between the columns from `y` to `y + h`.
fn grid(pen: &mut Pen<'_, '_>, y: f32, h: f32) {
    let mut x = MARGIN;
    pen.line((x, y), (x, y + h), 0.5, None);
    for (width, _) in COLUMNS {
        x += width;
        pen.line((x, y), (x, y + h), 0.5, None);
    }
}

/// The table's heading; returns the first row's top.
fn table_head(pen: &mut Pen<'_, '_>, y: f32, lang: Lang) -> f32 {
    let w = words(lang);
    let width: f32 = COLUMNS.iter().map(|c| c.0).sum();
    pen.fill(MARGIN, y, width, HEAD, SHADE);
    pen.frame(MARGIN, y, width, HEAD, 0.6);
    grid(pen, y, HEAD);
    let texts = [w.col_number, w.col_barcode, w.col_receiver, w.col_district, w.col_pieces, w.col_weight, w.col_cod];
    cells(pen, y, 14.5, 7.5, true, texts);
    y + HEAD
}

/// One numbered row.
fn row_line(pen: &mut Pen<'_, '_>, y: f32, n: usize, row: &ActRow) {
    let width: f32 = COLUMNS.iter().map(|c| c.0).sum();
    grid(pen, y, ROW);
    pen.line((MARGIN, y + ROW), (MARGIN + width, y + ROW), 0.5, None);
    let cod = if row.cod_amount > 0 { format::money(row.cod_amount) } else { "—".to_owned() };
    let texts = [
        &*n.to_string(),
        row.barcode.as_str(),
        row.receiver.as_str(),
        row.district.as_str(),
        &*row.pieces.to_string(),
        &*kg(row.weight_g),
        &*cod,
    ];
    cells(pen, y, 12.0, 8.5, false, texts);
}

/// The totals row; returns the y under it.
fn totals(pen: &mut Pen<'_, '_>, y: f32, act: &HandoverAct, lang: Lang) -> f32 {
    let w = words(lang);
    let width: f32 = COLUMNS.iter().map(|c| c.0).sum();
    let sum = |f: fn(&ActRow) -> i64| act.rows.iter().try_fold(0i64, |acc, r| acc.checked_add(f(r)));
    let pieces = sum(|r| r.pieces).map_or_else(|| "—".to_owned(), |v| v.to_string());
    let weight = sum(|r| r.weight_g).map_or_else(|| "—".to_owned(), kg);
    let cod = sum(|r| r.cod_amount).map_or_else(|| "—".to_owned(), format::money);
    pen.fill(MARGIN, y, width, ROW + 2.0, SHADE);
    pen.frame(MARGIN, y, width, ROW + 2.0, 0.6);
    let count = act.rows.len().to_string();
    let label = format!("{}: {count}", w.total);
    pen.text_in(MARGIN + 4.0, y + 13.0, 9.0, true, INK, COLUMNS[..4].iter().map(|c| c.0).sum::<f32>() - 8.0, &label);
    cells(pen, y, 13.0, 8.5, true, ["", "", "", "", &pieces, &weight, &cod]);
    y + ROW + 2.0
}

/// Both sides' signature blocks.
fn signatures(pen: &mut Pen<'_, '_>, y: f32, act: &HandoverAct, lang: Lang) {
    let w = words(lang);
    let col = (PAGE_W - 2.0 * MARGIN - 30.0) / 2.0;
    let sides =
        [(w.handed_over, w.sender, act.sender.name.as_str()), (w.received, w.courier, act.courier_name.as_str())];
    for (i, (verb, role, name)) in sides.into_iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // two columns
        let x = MARGIN + (col + 30.0) * i as f32;
        pen.text_in(x, y + 12.0, 10.5, true, INK, col, &format!("{verb} ({})", role.to_lowercase()));
        pen.text_in(x, y + 28.0, 10.0, false, INK, col, name);
        pen.line((x, y + 70.0), (x + col, y + 70.0), 0.7, None);
        pen.text_in(x, y + 80.0, 7.5, false, GREY, col, w.signature);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::super::tests::sample;
    use super::*;

    fn act(rows: usize) -> HandoverAct {
        HandoverAct {
            company_name: "Tez Yetkaz".into(),
            number: "17".into(),
            date: "23.11.2026".into(),
            courier_name: "Sherzod Qodirov".into(),
            rows: (1..=rows as u64).map(|s| ActRow::from(&sample(s))).collect(),
            ..HandoverAct::default()
        }
    }

    #[test]
    fn pages_hold_every_row_once_and_end_with_room_for_the_closing() {
        for n in [1usize, 20, 33, 34, 35, 36, 60, 80, 100] {
            let pages = paginate(n);
            let covered: Vec<usize> = pages.iter().flat_map(Clone::clone).collect();
            assert_eq!(covered, (0..n).collect::<Vec<_>>(), "{n}");
            let last = pages.last().unwrap();
            let top = if pages.len() == 1 { FIRST_TOP } else { OTHER_TOP };
            #[allow(clippy::cast_precision_loss)]
            let used = top + HEAD + last.len() as f32 * ROW;
            assert!(used + CLOSING <= BOTTOM + 30.0, "{n}: {pages:?}");
        }
        assert_eq!(paginate(1).len(), 1);
        assert!(paginate(100).len() >= 3);
    }

    #[test]
    fn refuses_an_empty_act_and_writes_a_long_one() {
        assert!(matches!(handover_act_pdf(&act(0), Lang::Uz), Err(PdfError::Empty)));
        assert!(matches!(handover_act_pdf(&act(101), Lang::Uz), Err(PdfError::TooMany { count: 101, .. })));
        let bytes = handover_act_pdf(&act(100), Lang::Ru).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
    }
}
