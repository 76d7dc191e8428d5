//! Reading printed documents back with real tools: poppler (`pdfinfo`,
//! `pdftotext`, `pdftoppm`) and zbar (`zbarimg`) decode what a printer and a
//! scanner would see. Tests skip (printing `SKIPPED`) when the tools are
//! missing, unless `REQUIRE_PDF_TOOLS=1` (CI sets it), which makes that a
//! failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use protocol::Barcode;
use web::documents::{Delivery, Party, ShipmentDoc};

/// The tools, when every one is installed.
#[derive(Debug, Clone, Copy)]
pub struct PdfTools;

impl PdfTools {
    /// `None` (with `SKIPPED: <why>` printed) when a tool is missing, unless
    /// `REQUIRE_PDF_TOOLS=1`, which makes that a panic.
    pub fn find() -> Option<PdfTools> {
        let missing: Vec<&str> = ["pdfinfo", "pdftotext", "pdftoppm", "zbarimg"]
            .into_iter()
            .filter(|tool| Command::new(tool).arg("-v").output().is_err())
            .collect();
        if missing.is_empty() {
            return Some(PdfTools);
        }
        let why = format!("{} not installed", missing.join(", "));
        assert!(
            std::env::var("REQUIRE_PDF_TOOLS").as_deref() != Ok("1"),
            "REQUIRE_PDF_TOOLS=1 but {why}; apt-get install poppler-utils zbar-tools"
        );
        println!("SKIPPED (PDF tools): {why}; apt-get install poppler-utils zbar-tools (.ci/run does)");
        None
    }

    /// Writes `pdf` to `dir/name.pdf`.
    pub fn save(self, pdf: &[u8], dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        path
    }

    /// The page count, as `pdfinfo` reads it.
    pub fn pages(self, pdf: &Path) -> usize {
        let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
        assert!(out.status.success(), "pdfinfo: {}", String::from_utf8_lossy(&out.stderr));
        let info = String::from_utf8(out.stdout).unwrap();
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no page count in {info}"))
    }

    /// The text of every page (`pdftotext -layout`), split at form feeds.
    pub fn text(self, pdf: &Path) -> Vec<String> {
        let out = Command::new("pdftotext").args(["-enc", "UTF-8", "-layout"]).arg(pdf).arg("-").output().unwrap();
        assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        pages
    }

    /// Renders every page at 200 dpi (`pdftoppm -r 200 -png`) into `dir` as
    /// `<prefix>-<n>.png`; the images, in page order.
    pub fn render(self, pdf: &Path, dir: &Path, prefix: &str) -> Vec<PathBuf> {
        let stem = dir.join(prefix);
        let out = Command::new("pdftoppm").args(["-r", "200", "-png"]).arg(pdf).arg(&stem).output().unwrap();
        assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
        let mut images: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "png")
                    && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{prefix}-")))
            })
            .collect();
        images.sort_by_key(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.rsplit('-').next())
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0)
        });
        images
    }

    /// Renders a band of page `page` (1-based) at 200 dpi: `height` pixels
    /// from `top`, the page's full width; the image.
    pub fn render_band(self, pdf: &Path, page: usize, top: u32, height: u32, out: &Path) -> PathBuf {
        let page = page.to_string();
        let stem = out.with_extension("");
        let out = Command::new("pdftoppm")
            .args(["-r", "200", "-png", "-singlefile", "-f", &page, "-l", &page, "-x", "0", "-W", "4000"])
            .args(["-y", &top.to_string(), "-H", &height.to_string()])
            .arg(pdf)
            .arg(&stem)
            .output()
            .unwrap();
        assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
        stem.with_extension("png")
    }

    /// Every symbol `zbarimg` decodes in `png` (barcodes and QR codes),
    /// sorted.
    pub fn decode(self, png: &Path) -> Vec<String> {
        let out = Command::new("zbarimg").args(["--raw", "-q"]).arg(png).output().unwrap();
        // zbarimg exits 4 when it finds nothing: an empty list, for the caller to judge.
        let mut found: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        found.sort();
        found
    }
}

/// A shipment whose people have Uzbek (oʻ, gʻ) and Russian names.
pub fn shipment(serial: u64) -> ShipmentDoc {
    let barcode = Barcode::from_serial(serial).unwrap();
    ShipmentDoc {
        company_name: "Tez Yetkaz Cargo".into(),
        company_phone: "+998 71 200 00 00".into(),
        tracking_url: format!("https://cargo.example.uz/t/{barcode}"),
        barcode,
        order_number: (1000 + serial).to_string(),
        date: "23.11.2026".into(),
        sender: Party {
            name: format!("Gʻayrat Oʻrinboyev {serial}"),
            phone: "+998 90 123 45 67".into(),
            region: "Toshkent shahri".into(),
            district: "Chilonzor tumani".into(),
            address: "Bunyodkor koʻchasi, 12-uy, 45-xonadon".into(),
        },
        receiver: Party {
            name: format!("Анна Кузнецова {serial}"),
            phone: "+998 93 765 43 21".into(),
            region: "Самаркандская область".into(),
            district: "г. Самарканд".into(),
            address: "ул. Регистан, д. 7, кв. 3, вход со двора, домофон 35".into(),
        },
        delivery: if serial.is_multiple_of(2) { Delivery::Office } else { Delivery::Door },
        parcel_type: "Kichik posilka".into(),
        weight_g: 1500 + i64::try_from(serial).unwrap() * 10,
        pieces: 1 + i64::try_from(serial % 3).unwrap(),
        dimensions_cm: [30, 20, 10],
        photo_report: serial % 2 == 1,
        cod_amount: if serial.is_multiple_of(3) { 0 } else { 25_000_000 },
        return_documents: serial.is_multiple_of(4),
        declared_value: 50_000_000,
        price: 3_500_000,
        origin_office: "TSH-01".into(),
        destination_office: "SAM-02".into(),
    }
}
