//! The cargo documents read back as a printer and a scanner would: each PDF
//! is rendered at 200 dpi (`pdftoppm`) and every Code 128 barcode and QR
//! code decoded with `zbarimg`; `pdftotext` finds the Cyrillic and Uzbek
//! names and the digits; `pdfinfo` counts the pages. The rendered pages are
//! kept in `target/test-artifacts/screenshots/documents/`.
//!
//! Skips (printing `SKIPPED`) without poppler-utils and zbar-tools, unless
//! `REQUIRE_PDF_TOOLS=1` (as in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::path::PathBuf;
use std::time::Instant;

use tests::browser::artifacts_dir;
use tests::documents::{PdfTools, shipment};
use web::documents::{ActRow, HandoverAct, Party, handover_act_pdf, labels_pdf, waybill_pdf};
use web::i18n::Lang;

/// Where the rendered pages go (one folder per test, emptied first).
fn out_dir(name: &str) -> PathBuf {
    let dir = artifacts_dir().join("documents").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn waybills_scan_back_on_both_copies() {
    let Some(tools) = PdfTools::find() else { return };
    let dir = out_dir("waybill");
    let docs = [shipment(11), shipment(12)];
    let pdf = tools.save(&waybill_pdf(&docs, Lang::Ru).unwrap(), &dir, "waybill");

    assert_eq!(tools.pages(&pdf), 2, "one sheet a shipment");
    let pages = tools.text(&pdf);
    assert_eq!(pages.len(), 2);
    for (doc, (text, png)) in docs.iter().zip(pages.iter().zip(tools.render(&pdf, &dir, "page"))) {
        let barcode = doc.barcode.as_str();
        // Two copies: the digits, the receiver (Cyrillic) and the sender (oʻ, gʻ) twice.
        assert_eq!(text.matches(barcode).count(), 2, "{text}");
        assert_eq!(text.matches(doc.receiver.name.as_str()).count(), 2, "{text}");
        assert_eq!(text.matches(doc.sender.name.as_str()).count(), 2, "{text}");
        for want in ["Накладная", "Экземпляр отправителя", "Экземпляр курьера", "Подпись курьера", "Самаркандская"]
        {
            assert!(text.contains(want), "{want} in {text}");
        }
        // A scanner reads the bars and the QR code of each copy (zbar
        // reports a linear code once an image, so each half on its own).
        let mut want = vec![barcode.to_owned(), doc.tracking_url.clone()];
        want.sort();
        let page = usize::from(doc.barcode.as_str() != docs[0].barcode.as_str()) + 1;
        // A4 at 200 dpi is 2339 pixels tall; the cut line at 1169.
        for (half, top) in [("top", 0), ("bottom", 1170)] {
            let band = tools.render_band(&pdf, page, top, 1169, &dir.join(format!("page-{page}-{half}.png")));
            assert_eq!(tools.decode(&band), want, "{}", band.display());
        }
        assert!(std::fs::metadata(&png).unwrap().len() > 10_000, "{}", png.display());
    }
}

#[test]
fn ten_labels_scan_back_one_a_page() {
    let Some(tools) = PdfTools::find() else { return };
    let dir = out_dir("labels");
    let docs: Vec<_> = (21..31).map(shipment).collect();
    let pdf = tools.save(&labels_pdf(&docs, Lang::Uz).unwrap(), &dir, "labels");

    assert_eq!(tools.pages(&pdf), 10);
    let pages = tools.text(&pdf);
    let images = tools.render(&pdf, &dir, "label");
    assert_eq!((pages.len(), images.len()), (10, 10));
    for (doc, (text, png)) in docs.iter().zip(pages.iter().zip(&images)) {
        for want in [doc.barcode.as_str(), &doc.receiver.name, &doc.sender.name, "SAM-02", "QABUL QILUVCHI"] {
            assert!(text.contains(want), "{want} in {text}");
        }
        assert_eq!(text.contains("Yetkazishda to'lov: 250 000 so'm"), doc.cod_amount > 0, "{text}");
        let mut want = vec![doc.barcode.as_str().to_owned(), doc.tracking_url.clone()];
        want.sort();
        assert_eq!(tools.decode(png), want, "{}", png.display());
    }
}

fn act(rows: u64) -> HandoverAct {
    HandoverAct {
        company_name: "Tez Yetkaz Cargo".into(),
        company_phone: "+998 71 200 00 00".into(),
        number: "17".into(),
        date: "23.11.2026".into(),
        courier_name: "Sherzod Gʻofurov".into(),
        courier_phone: "+998 97 111 22 33".into(),
        sender: Party {
            name: "Oʻrik bogʻi MChJ".into(),
            phone: "+998 90 123 45 67".into(),
            region: "Toshkent shahri".into(),
            district: "Chilonzor tumani".into(),
            address: "Bunyodkor koʻchasi, 12".into(),
        },
        rows: (1..=rows).map(|s| ActRow::from(&shipment(s))).collect(),
    }
}

#[test]
fn handover_acts_list_every_parcel_with_totals_over_pages() {
    let Some(tools) = PdfTools::find() else { return };
    let dir = out_dir("act");

    let short = act(3);
    let pdf = tools.save(&handover_act_pdf(&short, Lang::Uz).unwrap(), &dir, "act-3");
    assert_eq!(tools.pages(&pdf), 1);
    let text = tools.text(&pdf).concat();
    for want in ["Qabul qilish-topshirish dalolatnomasi № 17", "Sherzod Gʻofurov", "Oʻrik bogʻi MChJ", "Jami: 3"] {
        assert!(text.contains(want), "{want} in {text}");
    }
    for row in &short.rows {
        assert!(text.contains(&row.barcode) && text.contains(&row.receiver), "{} in {text}", row.barcode);
    }
    // 1,51 + 1,52 + 1,53 kg; two parcels with 250 000 so'm each.
    assert!(text.contains("4,56"), "{text}");
    assert!(text.contains("500 000 so'm"), "{text}");
    tools.render(&pdf, &dir, "act3");

    let long = act(80);
    let pdf = tools.save(&handover_act_pdf(&long, Lang::Ru).unwrap(), &dir, "act-80");
    let pages = tools.text(&pdf);
    assert_eq!(tools.pages(&pdf), pages.len());
    assert!(pages.len() >= 2, "80 rows need more than one page");
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Страница {} из {}", i + 1, pages.len())), "{page}");
        assert!(page.contains("Штрих-код"), "the heading on every page: {page}");
    }
    let all = pages.concat();
    for (n, row) in long.rows.iter().enumerate() {
        assert_eq!(all.matches(&row.barcode).count(), 1, "row {n} once");
    }
    assert!(pages.last().unwrap().contains("Итого: 80"));
    assert!(pages.last().unwrap().contains("Принял"));
    assert!(!pages[0].contains("Итого"));
    tools.render(&pdf, &dir, "act80");
}

#[test]
fn a_hundred_labels_are_quick_to_build() {
    let docs: Vec<_> = (1..=100).map(shipment).collect();
    let started = Instant::now();
    let pdf = labels_pdf(&docs, Lang::Ru).unwrap();
    let elapsed = started.elapsed();
    println!("100 labels: {} KiB in {elapsed:.2?}", pdf.len() / 1024);
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Count 100"));
    assert!(labels_pdf(&(1..=101).map(shipment).collect::<Vec<_>>(), Lang::Ru).is_err());
}

/// A Code 128 barcode as a greyscale image (PGM): `scale` pixels a module,
/// quiet zones of ten modules, 60 pixels tall.
fn pgm(code: &web::code128::Code128, scale: usize) -> Vec<u8> {
    let quiet = web::code128::QUIET_MODULES as usize;
    let mut row = vec![255u8; quiet * scale];
    for (i, width) in code.modules().into_iter().enumerate() {
        let ink = if i % 2 == 0 { 0 } else { 255 };
        row.extend(std::iter::repeat_n(ink, usize::from(width) * scale));
    }
    row.extend(std::iter::repeat_n(255, quiet * scale));
    let height = 60;
    let mut image = format!("P5\n{} {height}\n255\n", row.len()).into_bytes();
    for _ in 0..height {
        image.extend_from_slice(&row);
    }
    image
}

#[test]
fn text_barcodes_in_code_sets_b_and_c_scan_back() {
    let Some(tools) = PdfTools::find() else { return };
    let dir = out_dir("code128");
    let texts =
        ["000000000017", "AB-2026/11 x", "ORDER 1234567890 ok", "12345X", "~{|}` !\"#$%&'()*+,-./:;<=>?@[\\]^_"];
    for (i, text) in texts.iter().enumerate() {
        let code = web::code128::Code128::encode(text).unwrap();
        let path = dir.join(format!("code-{i}.pgm"));
        std::fs::write(&path, pgm(&code, 3)).unwrap();
        assert_eq!(tools.decode(&path), [(*text).to_owned()], "{text:?}: symbols {:?}", code.symbols());
    }
}
