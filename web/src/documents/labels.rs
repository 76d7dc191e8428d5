//! Labels for thermal printers: one 100×150 mm page a shipment. The
//! destination office's code is the largest thing on it (sorting reads it
//! from afar), then the barcode with its digits, the receiver, the sender,
//! weight and pieces, cash on delivery on a black band, the QR code.

use super::canvas::{self, Draw, GREY, INK, Pen, WHITE, mm};
use super::{ShipmentDoc, check_count, delivery_name, kg, strip_unit, words};
use crate::code128::Code128;
use crate::format;
use crate::i18n::Lang;
use crate::i18n::cargo::ShipmentField as F;
use crate::pdf::{Faces, PdfError};

/// The barcode's narrowest bar, points (0.74 mm): 101 modules fill 75 mm.
const MODULE: f32 = 2.1;
/// Page margin, points.
const MARGIN: f32 = 10.0;

/// The labels of `docs`, one 100×150 mm page each, in `lang`.
///
/// # Errors
/// [`PdfError::Empty`] for no shipment, [`PdfError::TooMany`] above
/// [`super::MAX_SHIPMENTS`], and the writer's errors.
pub fn labels_pdf(docs: &[ShipmentDoc], lang: Lang) -> Result<Vec<u8>, PdfError> {
    check_count(docs.len())?;
    let faces = Faces::load()?;
    let mut document = canvas::document(words(lang).waybill);
    let (w, h) = (mm(100.0), mm(150.0));
    for doc in docs {
        let mut page = document.start_page_with(canvas::page(w, h)?);
        let mut surface = page.surface();
        let mut pen = Pen::new(&mut surface, &faces);
        label(&mut pen, doc, lang, w);
        surface.finish();
        page.finish();
    }
    canvas::finish(document)
}

/// One label on a page `page_w` wide.
fn label(pen: &mut Pen<'_, '_>, doc: &ShipmentDoc, lang: Lang, page_w: f32) {
    let w = words(lang);
    let cargo = &lang.text().cargo;
    let (left, right) = (MARGIN, page_w - MARGIN);
    let inner = right - left;

    // Header: company, and the destination office's code, large.
    let code_w = 118.0;
    let code_size = pen.shrink(&doc.destination_office, 28.0, 14.0, true, code_w);
    pen.text_right(right, 38.0, code_size, true, INK, &pen.fit(&doc.destination_office, code_size, true, code_w));
    pen.text_in(left, 22.0, 10.5, true, INK, inner - code_w - 8.0, &doc.company_name);
    pen.text_in(left, 35.0, 8.0, false, GREY, inner - code_w - 8.0, &doc.company_phone);
    pen.line((left, 46.0), (right, 46.0), 1.0, None);

    // The barcode, centred, its digits under it.
    if let Ok(code) = Code128::encode(doc.barcode.as_str()) {
        #[allow(clippy::cast_precision_loss)] // about a hundred modules
        let bars = code.width() as f32 * MODULE;
        let x = (page_w - bars) / 2.0;
        pen.barcode(&code, x, 56.0, MODULE, 66.0);
        pen.text_centre(page_w / 2.0, 140.0, 16.0, true, INK, code.text());
    }
    pen.line((left, 149.0), (right, 149.0), 1.0, None);

    // The receiver, large.
    let r = &doc.receiver;
    pen.text_in(left, 162.0, 8.0, true, GREY, inner, &w.receiver.to_uppercase());
    let name_size = pen.shrink(&r.name, 15.0, 11.0, true, inner);
    pen.text_in(left, 180.0, name_size, true, INK, inner, &r.name);
    pen.text_in(left, 197.0, 13.0, true, INK, inner, &r.phone);
    let area = [r.region.as_str(), r.district.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let y = pen.paragraph(left, 213.0, 10.5, true, INK, inner, 2, 13.0, &area);
    pen.paragraph(left, y + 13.0, 10.0, false, INK, inner, 3, 12.5, &r.address);
    pen.line((left, 276.0), (right, 276.0), 0.8, None);

    // The sender, small.
    let s = &doc.sender;
    pen.text_in(left, 288.0, 7.5, true, GREY, inner, &w.sender.to_uppercase());
    let phone_w = pen.width(&s.phone, 9.5, true);
    pen.text_right(right, 301.0, 9.5, true, INK, &s.phone);
    pen.text_in(left, 301.0, 9.5, true, INK, inner - phone_w - 10.0, &s.name);
    let from = [s.region.as_str(), s.district.as_str(), s.address.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    pen.paragraph(left, 313.0, 8.5, false, INK, inner, 2, 10.5, &from);
    pen.line((left, 333.0), (right, 333.0), 0.8, None);

    // Weight, pieces, parcel, delivery; the QR code on the right.
    let qr = 80.0;
    let col = inner - qr - 4.0;
    let weight = format!(
        "{}: {} {} · {}: {}",
        strip_unit(cargo.field(F::Weight)),
        kg(doc.weight_g),
        w.kg,
        cargo.field(F::Pieces),
        doc.pieces
    );
    let size = pen.shrink(&weight, 10.5, 8.0, true, col);
    pen.text_in(left, 347.0, size, true, INK, col, &weight);
    pen.text_in(left, 360.0, 9.0, false, INK, col, &doc.parcel_type);
    pen.text_in(left, 372.0, 9.0, false, INK, col, delivery_name(doc.delivery, lang));
    let route = format!("№ {} · {} · {} → {}", doc.order_number, doc.date, doc.origin_office, doc.destination_office);
    pen.text_in(left, 384.0, 8.0, false, GREY, col, &route);
    if doc.cod_amount > 0 {
        let cod = format!("{}: {}", w.cod, format::money(doc.cod_amount));
        pen.fill(left, 391.0, col, 24.0, INK);
        let size = pen.shrink(&cod, 12.0, 8.0, true, col - 10.0);
        pen.text_in(left + 5.0, 407.5, size, true, WHITE, col - 10.0, &cod);
    }
    pen.qr(&doc.tracking_url, right - qr + 6.0, 337.0, qr);
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn one_label_a_page_at_100_by_150_mm() {
        let docs: Vec<ShipmentDoc> = (1..=4).map(sample).collect();
        let bytes = labels_pdf(&docs, Lang::Uz).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Count 4"));
        // 100 × 150 mm in points.
        assert!(
            text.contains("/MediaBox[0 0 283.46457 425.1968"),
            "{}",
            text.split("MediaBox").nth(1).unwrap_or("").get(..40).unwrap_or("")
        );
    }
}
