//! The cargo cabinet's printed documents: waybills (two copies a sheet),
//! 100×150 mm labels, the handover act given to a courier at pickup, and the
//! waybill's picture for the page. Pure functions of plain inputs: the cloud
//! fills a [`ShipmentDoc`] from its shipment and serves the bytes.
//!
//! Text is set in the embedded DejaVu Sans (`crate::pdf`), so Cyrillic and
//! Uzbek (oʻ, gʻ) print and `pdftotext` reads them back; barcodes are
//! Code 128 ([`crate::code128`]) drawn as vector bars; the QR code carries
//! the tracking URL.
//!
//! # Layout
//! - `canvas`: drawing on a PDF page (text that fits, boxes, bars, QR).
//! - [`waybill`]: [`waybill_pdf`], A4 with the sender's and the courier's copy.
//! - [`labels`]: [`labels_pdf`], one 100×150 mm page a shipment.
//! - [`act`]: [`handover_act_pdf`], the numbered table with totals.
//! - [`picture`]: [`waybill_svg`], the waybill as inline SVG.

mod canvas;

pub mod act;
pub mod labels;
pub mod picture;
pub mod waybill;

pub use act::{ActRow, HandoverAct, handover_act_pdf};
pub use labels::labels_pdf;
pub use picture::waybill_svg;
pub use waybill::waybill_pdf;

use protocol::Barcode;

use crate::format;
use crate::i18n::Lang;
use crate::i18n::cargo::documents::DocumentText;
use crate::pdf::PdfError;

/// The most shipments one document takes (a waybill run, a label run, an act).
pub const MAX_SHIPMENTS: usize = 100;

/// How the parcel reaches the receiver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delivery {
    /// A courier brings it to the address.
    #[default]
    Door,
    /// The receiver collects it at the destination office.
    Office,
}

/// One side of a shipment: who sends or receives it, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    /// Full name (or a company's name).
    pub name: String,
    /// Phone as it should be printed (`+998 90 123 45 67`).
    pub phone: String,
    /// Region's name in the document's language.
    pub region: String,
    /// District's (city's) name in the document's language.
    pub district: String,
    /// Street, house, flat; may be empty for collection at an office.
    pub address: String,
}

/// A shipment as its documents show it; texts pre-formatted by the caller,
/// amounts in tiyin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentDoc {
    /// The courier company's name (each document's header).
    pub company_name: String,
    /// The company's phone for questions.
    pub company_phone: String,
    /// The shipment's 12-digit barcode.
    pub barcode: Barcode,
    /// The company's order number (`"1042"`).
    pub order_number: String,
    /// The shipping date as printed (`"23.11.2026"`).
    pub date: String,
    /// Who sends it.
    pub sender: Party,
    /// Who receives it.
    pub receiver: Party,
    /// To the door or collected at the office.
    pub delivery: Delivery,
    /// The parcel type's name in the document's language.
    pub parcel_type: String,
    /// Weight in grams.
    pub weight_g: i64,
    /// Number of pieces.
    pub pieces: i64,
    /// Width, length, height in cm; zeros when not given.
    pub dimensions_cm: [i64; 3],
    /// Photo report ordered.
    pub photo_report: bool,
    /// Cash to collect on delivery, tiyin (0: none).
    pub cod_amount: i64,
    /// Signed documents to bring back to the sender.
    pub return_documents: bool,
    /// Declared value, tiyin (0: none).
    pub declared_value: i64,
    /// The delivery's price, tiyin.
    pub price: i64,
    /// The origin office's short code (`"TSH-01"`).
    pub origin_office: String,
    /// The destination office's short code, printed large on labels.
    pub destination_office: String,
    /// The public tracking page; the QR code's content.
    pub tracking_url: String,
}

/// Refuses an empty run or one longer than [`MAX_SHIPMENTS`].
pub(crate) fn check_count(count: usize) -> Result<(), PdfError> {
    if count == 0 {
        return Err(PdfError::Empty);
    }
    if count > MAX_SHIPMENTS {
        return Err(PdfError::TooMany { count, max: MAX_SHIPMENTS });
    }
    Ok(())
}

/// The documents' words in `lang`.
pub(crate) fn words(lang: Lang) -> &'static DocumentText {
    &lang.text().cargo.documents
}

/// Grams as kilograms (`1500` → `"1,5"`).
pub(crate) fn kg(grams: i64) -> String {
    format::qty(grams)
}

/// `"30 × 20 × 10"`, or an empty string when no size was given.
pub(crate) fn dimensions(d: [i64; 3]) -> String {
    if d.iter().all(|v| *v <= 0) { String::new() } else { format!("{} × {} × {}", d[0], d[1], d[2]) }
}

/// `"Door"` or `"Collect at office"` in `lang`.
pub(crate) fn delivery_name(delivery: Delivery, lang: Lang) -> &'static str {
    let cargo = &lang.text().cargo;
    match delivery {
        Delivery::Door => cargo.delivery_door,
        Delivery::Office => cargo.delivery_office,
    }
}

/// The ordered services, one short line each (empty when none).
pub(crate) fn services(doc: &ShipmentDoc, lang: Lang) -> Vec<String> {
    use crate::i18n::cargo::ShipmentField as F;
    let cargo = &lang.text().cargo;
    let w = words(lang);
    let mut out = Vec::new();
    if doc.cod_amount > 0 {
        out.push(format!("{}: {}", w.cod, format::money(doc.cod_amount)));
    }
    if doc.declared_value > 0 {
        out.push(format!("{}: {}", strip_unit(cargo.field(F::DeclaredValue)), format::money(doc.declared_value)));
    }
    if doc.photo_report {
        out.push(cargo.field(F::PhotoReport).to_owned());
    }
    if doc.return_documents {
        out.push(cargo.field(F::ReturnDocuments).to_owned());
    }
    out
}

/// A form label without its unit in brackets (`"Weight (kg)"` → `"Weight"`).
pub(crate) fn strip_unit(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label).trim()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
pub(crate) mod tests {
    use super::*;

    /// A shipment with Cyrillic and Uzbek names, COD and a declared value.
    pub(crate) fn sample(serial: u64) -> ShipmentDoc {
        ShipmentDoc {
            company_name: "Tez Yetkaz Cargo".into(),
            company_phone: "+998 71 200 00 00".into(),
            barcode: Barcode::from_serial(serial).unwrap(),
            order_number: format!("{}", 1000 + serial),
            date: "23.11.2026".into(),
            sender: Party {
                name: "Gʻayrat Oʻrinboyev".into(),
                phone: "+998 90 123 45 67".into(),
                region: "Toshkent shahri".into(),
                district: "Chilonzor tumani".into(),
                address: "Bunyodkor koʻchasi, 12-uy, 45-xonadon".into(),
            },
            receiver: Party {
                name: "Анна Сергеевна Кузнецова".into(),
                phone: "+998 93 765 43 21".into(),
                region: "Самаркандская область".into(),
                district: "г. Самарканд".into(),
                address: "ул. Регистан, д. 7, кв. 3".into(),
            },
            delivery: Delivery::Door,
            parcel_type: "Kichik posilka".into(),
            weight_g: 1500,
            pieces: 2,
            dimensions_cm: [30, 20, 10],
            photo_report: true,
            cod_amount: 25_000_000,
            return_documents: false,
            declared_value: 50_000_000,
            price: 3_500_000,
            origin_office: "TSH-01".into(),
            destination_office: "SAM-02".into(),
            tracking_url: format!("https://cargo.example.uz/t/{}", Barcode::from_serial(serial).unwrap()),
        }
    }

    #[test]
    fn refuses_none_and_more_than_a_hundred() {
        assert!(matches!(check_count(0), Err(PdfError::Empty)));
        assert!(check_count(1).is_ok() && check_count(MAX_SHIPMENTS).is_ok());
        assert!(matches!(check_count(101), Err(PdfError::TooMany { count: 101, max: 100 })));
        let many: Vec<ShipmentDoc> = (1..=101).map(sample).collect();
        assert!(matches!(waybill_pdf(&many, Lang::Uz), Err(PdfError::TooMany { .. })));
        assert!(matches!(labels_pdf(&many, Lang::Ru), Err(PdfError::TooMany { .. })));
        assert!(matches!(waybill_pdf(&[], Lang::En), Err(PdfError::Empty)));
        assert!(matches!(labels_pdf(&[], Lang::En), Err(PdfError::Empty)));
    }

    #[test]
    fn services_and_sizes_read_as_printed() {
        let doc = sample(7);
        let s = services(&doc, Lang::En);
        assert_eq!(s, ["Cash on delivery: 250 000 so'm", "Declared value: 500 000 so'm", "Photo report"]);
        assert_eq!(dimensions([30, 20, 10]), "30 × 20 × 10");
        assert_eq!(dimensions([0, 0, 0]), "");
        assert_eq!(kg(1500), "1,5");
        assert!(
            services(&ShipmentDoc { cod_amount: 0, declared_value: 0, photo_report: false, ..doc }, Lang::Uz)
                .is_empty()
        );
    }
}
