//! The waybill: one A4 sheet a shipment, the sender's copy on the top half
//! and the courier's on the bottom, a dashed cut line between. Each copy
//! carries the company, the Code 128 barcode with its digits, the QR code of
//! the tracking page, both parties, the parcel, the services and the price,
//! and the signature lines.

use super::canvas::{self, Draw, GREY, INK, Pen, SHADE};
use super::{ShipmentDoc, check_count, delivery_name, dimensions, kg, services, strip_unit, words};
use crate::code128::Code128;
use crate::format;
use crate::i18n::Lang;
use crate::i18n::cargo::ShipmentField as F;
use crate::pdf::{Faces, PdfError};

/// A4 in points.
const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
/// One copy's height.
const HALF: f32 = PAGE_H / 2.0;
/// Left and right margins.
const MARGIN: f32 = 30.0;
/// The content's width.
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
/// The barcode's narrowest bar, points (0.56 mm).
const MODULE: f32 = 1.6;

/// The waybills of `docs`, one A4 page each with two copies, in `lang`.
///
/// # Errors
/// [`PdfError::Empty`] for no shipment, [`PdfError::TooMany`] above
/// [`super::MAX_SHIPMENTS`], and the writer's errors.
pub fn waybill_pdf(docs: &[ShipmentDoc], lang: Lang) -> Result<Vec<u8>, PdfError> {
    check_count(docs.len())?;
    let faces = Faces::load()?;
    let w = words(lang);
    let mut document = canvas::document(w.waybill);
    for doc in docs {
        let mut page = document.start_page_with(canvas::page(PAGE_W, PAGE_H)?);
        let mut surface = page.surface();
        let mut pen = Pen::new(&mut surface, &faces);
        copy(&mut pen, doc, lang, 0.0, w.sender_copy);
        cut_line(&mut pen, w.cut_here);
        copy(&mut pen, doc, lang, HALF, w.courier_copy);
        surface.finish();
        page.finish();
    }
    canvas::finish(document)
}

/// The dashed line between the copies, "cut here" in its middle.
fn cut_line(pen: &mut impl Draw, label: &str) {
    let text = format!("✂  {label}");
    let tw = pen.width(&text, 7.5, false) + 16.0;
    let mid = PAGE_W / 2.0;
    pen.line((12.0, HALF), (mid - tw / 2.0, HALF), 0.7, Some(4.0));
    pen.line((mid + tw / 2.0, HALF), (PAGE_W - 12.0, HALF), 0.7, Some(4.0));
    pen.text_centre(mid, HALF + 2.6, 7.5, false, GREY, &text);
}

/// One copy, its top at `top` (the picture draws the same).
pub(crate) fn copy(pen: &mut impl Draw, doc: &ShipmentDoc, lang: Lang, top: f32, mark: &str) {
    let w = words(lang);
    let cargo = &lang.text().cargo;
    let (left, right) = (MARGIN, PAGE_W - MARGIN);

    // Header: company on the left, the title in the middle, the copy's mark on the right.
    pen.text_in(left, top + 36.0, 13.0, true, INK, 190.0, &doc.company_name);
    pen.text_in(left, top + 50.0, 8.5, false, GREY, 190.0, &doc.company_phone);
    pen.text_centre(PAGE_W / 2.0, top + 38.0, 17.0, true, INK, w.waybill);
    let mark = pen.fit(mark, 8.5, true, 150.0);
    pen.text_right(right, top + 32.0, 8.5, true, GREY, &mark);
    let number = format!("{} {}", w.order_number, doc.order_number);
    let number = pen.fit(&number, 10.0, true, 150.0);
    pen.text_right(right, top + 48.0, 10.0, true, INK, &number);
    pen.line((left, top + 58.0), (right, top + 58.0), 0.8, None);

    // The barcode and its digits; the QR code on the right.
    if let Ok(code) = Code128::encode(doc.barcode.as_str()) {
        #[allow(clippy::cast_precision_loss)] // about a hundred modules
        let bars = code.width() as f32 * MODULE;
        let x = left + 14.0;
        pen.barcode(&code, x, top + 68.0, MODULE, 46.0);
        pen.text_centre(x + bars / 2.0, top + 128.0, 12.0, true, INK, code.text());
    }
    let qr = 76.0;
    pen.qr(&doc.tracking_url, right - qr + 4.0, top + 62.0, qr);
    pen.text_centre(right - qr / 2.0 + 4.0, top + 144.0, 7.0, false, GREY, w.track);

    // Route, date and price between them.
    let labels = [w.from, w.to, w.date, w.price];
    let label_w = labels.iter().map(|l| pen.width(l, 8.0, false)).fold(0.0, f32::max).min(110.0);
    let lx = left + 196.0;
    let vx = lx + label_w + 8.0;
    let vmax = right - qr - 8.0 - vx;
    let route = [
        (w.from, doc.origin_office.as_str(), doc.sender.region.as_str()),
        (w.to, doc.destination_office.as_str(), doc.receiver.region.as_str()),
    ];
    let mut y = top + 80.0;
    for (label, office, region) in route {
        pen.text_in(lx, y, 8.0, false, GREY, label_w, label);
        let office_w = if office.is_empty() { 0.0 } else { pen.width(office, 10.5, true) + 6.0 };
        pen.text_in(vx, y, 10.5, true, INK, vmax, office);
        if vmax - office_w >= 50.0 {
            pen.text_in(vx + office_w, y, 8.5, false, INK, vmax - office_w, region);
        }
        y += 17.0;
    }
    pen.text_in(lx, y, 8.0, false, GREY, label_w, w.date);
    pen.text_in(vx, y, 10.0, false, INK, vmax, &doc.date);
    y += 19.0;
    pen.text_in(lx, y, 8.0, false, GREY, label_w, w.price);
    pen.text_in(vx, y, 12.0, true, INK, vmax, &format::money(doc.price));

    // Sender and receiver.
    let box_w = (WIDTH - 10.0) / 2.0;
    party(pen, left, top + 152.0, box_w, w.sender, &doc.sender);
    party(pen, left + box_w + 10.0, top + 152.0, box_w, w.receiver, &doc.receiver);

    // The parcel.
    let weight = format!("{} {}", kg(doc.weight_g), w.kg);
    let dims = dimensions(doc.dimensions_cm);
    let cells = [
        (150.0, cargo.field(F::ParcelType), doc.parcel_type.as_str()),
        (82.0, strip_unit(cargo.field(F::Weight)), weight.as_str()),
        (62.0, cargo.field(F::Pieces), &*doc.pieces.to_string()),
        (110.0, w.dimensions, if dims.is_empty() { "—" } else { dims.as_str() }),
        (WIDTH - 404.0, cargo.field(F::Delivery), delivery_name(doc.delivery, lang)),
    ];
    cell_row(pen, left, top + 258.0, &cells);

    // Services.
    let list = services(doc, lang);
    let services_text = if list.is_empty() { w.no_services.to_owned() } else { list.join("; ") };
    let y = top + 300.0;
    pen.frame(left, y, WIDTH, 34.0, 0.6);
    pen.text_in(left + 6.0, y + 11.0, 7.5, false, GREY, WIDTH - 12.0, w.services);
    let size = pen.shrink(&services_text, 10.0, 7.5, true, WIDTH - 12.0);
    pen.text_in(left + 6.0, y + 27.0, size, true, INK, WIDTH - 12.0, &services_text);

    // Signatures.
    let col = WIDTH / 3.0;
    let line_y = top + 384.0;
    pen.text_in(left + 2.0 * col, line_y - 18.0, 7.5, false, GREY, col - 14.0, w.received_intact);
    for (i, label) in [w.sender_signature, w.courier_signature, w.receiver_signature].into_iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // three columns
        let x = left + col * i as f32;
        pen.line((x, line_y), (x + col - 14.0, line_y), 0.7, None);
        pen.text_in(x, line_y + 10.0, 7.5, false, GREY, col - 14.0, label);
    }
}

/// `"Region, District"` without empty parts.
fn place(region: &str, district: &str) -> String {
    [region, district].iter().filter(|s| !s.trim().is_empty()).copied().collect::<Vec<_>>().join(", ")
}

/// A party's box: shaded heading, name, phone, region and district, address.
fn party(pen: &mut impl Draw, x: f32, y: f32, w: f32, heading: &str, p: &super::Party) {
    let h = 100.0;
    pen.fill(x, y, w, 15.0, SHADE);
    pen.frame(x, y, w, h, 0.6);
    let inner = w - 12.0;
    pen.text_in(x + 6.0, y + 10.8, 8.0, true, INK, inner, &heading.to_uppercase());
    let name_size = pen.shrink(&p.name, 11.5, 9.0, true, inner);
    pen.text_in(x + 6.0, y + 31.0, name_size, true, INK, inner, &p.name);
    pen.text_in(x + 6.0, y + 46.0, 10.0, false, INK, inner, &p.phone);
    pen.text_in(x + 6.0, y + 60.0, 9.0, false, INK, inner, &place(&p.region, &p.district));
    pen.paragraph(x + 6.0, y + 74.0, 9.0, false, INK, inner, 2, 11.5, &p.address);
}

/// A row of framed cells: a small label over a bold value.
fn cell_row(pen: &mut impl Draw, x: f32, y: f32, cells: &[(f32, &str, &str)]) {
    let mut at = x;
    for (width, label, value) in cells {
        pen.frame(at, y, *width, 34.0, 0.6);
        pen.text_in(at + 6.0, y + 11.0, 7.5, false, GREY, width - 12.0, label);
        let size = pen.shrink(value, 10.5, 8.0, true, width - 12.0);
        pen.text_in(at + 6.0, y + 27.0, size, true, INK, width - 12.0, value);
        at += width;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn one_page_a_shipment() {
        let bytes = waybill_pdf(&[sample(1), sample(2), sample(3)], Lang::Ru).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Count 3"), "three pages");
    }
}
