//! Spreadsheets for the cargo upload tests: templates filled in, bad files of every kind, reading xlsx back.
//!
//! Every workbook is built here at run time (no binary fixture is
//! committed): rows are written by field with `rust_xlsxwriter`, read back
//! with `calamine`, and archives are opened or forged with `zip`. The HTTP
//! side posts multipart bodies as the cabinet's upload form does and reads
//! the preview and folders pages by their `data-` attributes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test harness: a failure is a failed test

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, Xlsx};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use web::i18n::Lang;
use web::i18n::cargo::ShipmentField as F;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::cargo_orders::{Courier, client, courier};
use crate::cloud::{CloudProcess, DbKind, Page, Portal, Sms, TestDb};

/// The sheet part an xlsx's first worksheet is stored in.
pub const FIRST_SHEET_XML: &str = "xl/worksheets/sheet1.xml";

/// A cabinet with one client, for an upload scenario: a cloud on `kind`, the
/// company `bts` (offices in Yakkasaroy and Urganch, the default tariff) and
/// its client Alice, signed in.
#[allow(missing_debug_implementations, reason = "holds processes and devices")]
pub struct UploadWorld {
    /// The SMS simulator (more clients register through it).
    pub sms: Sms,
    /// The cloud.
    pub cloud: CloudProcess,
    /// The test's own pool on the cloud's database.
    pub db: cloud::db::Db,
    /// The company.
    pub bts: Courier,
    /// Alice, a client of `bts`, signed in (the page's language: Uzbek).
    pub alice: Portal,
}

/// Alice's phone and name (she is the sender of the rows [`good_row`] makes).
pub const ALICE: (&str, &str) = ("+998901112233", "Eshchanov Rasulbek");

impl UploadWorld {
    /// Builds it in `dir`; `None` when the database kind is not available.
    pub async fn new(kind: DbKind, dir: &Path, owner_no: u32) -> Option<UploadWorld> {
        let test_db = TestDb::new(kind, dir).await?;
        let sms = Sms::start().await;
        let mut cloud = CloudProcess::new(&dir.join("cloud"), &test_db, &sms);
        cloud.start().await;
        let db = test_db.open().await;
        let bts = courier(&cloud, &db, &sms, owner_no, "bts").await;
        let alice = client(&cloud, &sms, &bts, ALICE.0, ALICE.1).await;
        Some(UploadWorld { sms, cloud, db, bts, alice })
    }

    /// Another client of the same company, signed in on a device of its own.
    pub async fn client(&self, phone: &str, name: &str) -> Portal {
        client(&self.cloud, &self.sms, &self.bts, phone, name).await
    }

    /// Shipments of every client.
    pub async fn shipments(&self) -> i64 {
        self.scalar("SELECT COUNT(*) FROM cargo_shipments").await
    }

    /// Uploads of every client, whatever their status.
    pub async fn uploads(&self) -> i64 {
        self.scalar("SELECT COUNT(*) FROM cargo_uploads").await
    }

    /// An upload's stored status, `None` when there is no such row.
    pub async fn upload_status(&self, id: &str) -> Option<String> {
        sqlx::query_scalar("SELECT status FROM cargo_uploads WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await
            .unwrap()
    }

    async fn scalar(&self, sql: &'static str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(&self.db.pool).await.unwrap()
    }
}

/// A cell of a workbook a test writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing written.
    Blank,
    /// A string cell (`t="s"`), whatever it looks like, `=` included.
    Text(String),
    /// A number cell.
    Num(f64),
    /// A formula cell (`<f>`), its cached value 0.
    Formula(String),
}

impl Cell {
    /// A string cell, or a blank one for the empty string (as a person
    /// leaves a cell empty rather than typing nothing into it).
    #[must_use]
    pub fn text(s: &str) -> Cell {
        if s.is_empty() { Cell::Blank } else { Cell::Text(s.to_owned()) }
    }
}

/// A data row by field; fields left out stay blank.
pub type Row = BTreeMap<F, Cell>;

/// The template's headers in `lang`, in its column order (the order of
/// [`F::ALL`]).
#[must_use]
pub fn headers(lang: Lang) -> Vec<String> {
    F::ALL.into_iter().map(|f| lang.text().cargo.field(f).to_owned()).collect()
}

/// The zero-based column of `field` in the template.
#[must_use]
pub fn column(field: F) -> usize {
    F::ALL.iter().position(|f| *f == field).unwrap()
}

/// A column's letters (`0` → `A`).
#[must_use]
pub fn letters(col: usize) -> String {
    let mut out = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        out.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The good value of each field of a row from Alice in Yakkasaroy
/// (Tashkent) to Urganch (Khorezm), typed as a person fills the template in
/// Uzbek; the date is left empty (today).
#[must_use]
pub fn good_value(field: F) -> &'static str {
    match field {
        F::SenderName => ALICE.1,
        F::SenderPhone => ALICE.0,
        F::SenderRegion => "Toshkent shahri",
        F::SenderDistrict => "Yakkasaroy tumani (Toshkent shahri)",
        F::SenderAddress => "Shota Rustaveli 12",
        F::ReceiverName => "Karimova Dilnoza",
        F::ReceiverPhone => "+998914445566",
        F::ReceiverRegion => "Xorazm viloyati",
        F::ReceiverDistrict => "Urganch shahri",
        F::ReceiverAddress => "Al-Xorazmiy 5",
        F::Delivery => "Eshikkacha",
        F::ParcelType => "Quti",
        F::Weight => "2.5",
        F::Pieces => "1",
        F::Pickup | F::PhotoReport | F::ReturnDocuments => "Yo'q",
        _ => "",
    }
}

/// A good row (see [`good_value`]) with the receiver named `receiver`.
#[must_use]
pub fn good_row(receiver: &str) -> Row {
    let mut row: Row = F::ALL.into_iter().map(|f| (f, Cell::text(good_value(f)))).collect();
    row.insert(F::ReceiverName, Cell::text(receiver));
    row
}

/// `row` with `field` set to `cell`.
#[must_use]
pub fn with(mut row: Row, field: F, cell: Cell) -> Row {
    row.insert(field, cell);
    row
}

/// A row's cells in template order.
#[must_use]
pub fn cells(row: &Row) -> Vec<Cell> {
    F::ALL.into_iter().map(|f| row.get(&f).cloned().unwrap_or(Cell::Blank)).collect()
}

/// A one-sheet workbook: `header` in row 1, then `rows` (a `None` is a
/// blank row, which keeps the numbers of the rows under it as a
/// spreadsheet shows them).
#[must_use]
pub fn workbook(header: &[String], rows: &[Option<Vec<Cell>>]) -> Vec<u8> {
    workbook_with(header, rows, |_| {})
}

/// As [`workbook`], then `extra` on the sheet (merged cells, say).
pub fn workbook_with(header: &[String], rows: &[Option<Vec<Cell>>], extra: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, col16(c), h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap();
        for (c, cell) in row.iter().flatten().enumerate() {
            match cell {
                Cell::Blank => {}
                Cell::Text(t) => {
                    sheet.write_string(r, col16(c), t).unwrap();
                }
                Cell::Num(n) => {
                    sheet.write_number(r, col16(c), *n).unwrap();
                }
                Cell::Formula(f) => {
                    sheet.write_formula(r, col16(c), Formula::new(f)).unwrap();
                }
            }
        }
    }
    extra(sheet);
    book.save_to_buffer().unwrap()
}

/// A workbook of rows by field under the template's headers in `lang`.
#[must_use]
pub fn rows_workbook(lang: Lang, rows: &[Option<Row>]) -> Vec<u8> {
    let grid: Vec<Option<Vec<Cell>>> = rows.iter().map(|r| r.as_ref().map(cells)).collect();
    workbook(&headers(lang), &grid)
}

/// `n` copies of a good row under Uzbek headers, written straight to the
/// sheet (the 10 001-row refusal: no per-row allocation).
#[must_use]
pub fn many_rows(n: u32) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers(Lang::Uz).iter().enumerate() {
        sheet.write_string(0, col16(c), h).unwrap();
    }
    let row: Vec<(u16, &str)> =
        F::ALL.into_iter().enumerate().map(|(c, f)| (col16(c), good_value(f))).filter(|(_, v)| !v.is_empty()).collect();
    for r in 1..=n {
        for (c, v) in &row {
            sheet.write_string(r, *c, *v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// A workbook with a merged range `B3:C3` over otherwise good rows.
#[must_use]
pub fn merged_workbook() -> Vec<u8> {
    let rows = vec![Some(cells(&good_row("Birinchi"))), Some(cells(&good_row("Ikkinchi")))];
    workbook_with(&headers(Lang::Uz), &rows, |sheet| {
        sheet.merge_range(2, 1, 2, 2, "birlashgan", &Format::new()).unwrap();
    })
}

/// A zip bomb dressed as an xlsx: the parts of a real one-row workbook, its
/// sheet XML padded with `inflated` bytes of whitespace (legal between
/// elements) before `</sheetData>`; a few hundred kilobytes on the wire.
#[must_use]
pub fn zip_bomb(inflated: usize) -> Vec<u8> {
    let real = rows_workbook(Lang::Uz, &[Some(good_row("Bomba"))]);
    let mut source = ZipArchive::new(Cursor::new(real)).unwrap();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        zip.start_file(name.as_str(), options).unwrap();
        if name != FIRST_SHEET_XML {
            zip.write_all(&data).unwrap();
            continue;
        }
        let text = String::from_utf8(data).unwrap();
        let (head, tail) = text.split_at(text.find("</sheetData>").expect("a sheetData element"));
        zip.write_all(head.as_bytes()).unwrap();
        let chunk = vec![b' '; 1 << 20];
        let mut left = inflated;
        while left > 0 {
            let n = left.min(chunk.len());
            zip.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        zip.write_all(tail.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The text of an archive's part.
#[must_use]
pub fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("no part {name}: {e}")).read_to_string(&mut out).unwrap();
    out
}

/// A workbook's sheets in order, each with whether it is visible.
#[must_use]
pub fn sheets(xlsx: &[u8]) -> Vec<(String, bool)> {
    let book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).unwrap();
    book.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible == SheetVisible::Visible)).collect()
}

/// A sheet's cells as text, row by row from A1 (blank cells as `""`, each
/// row as wide as the sheet's used range).
#[must_use]
pub fn sheet_rows(xlsx: &[u8], sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(xlsx)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    let Some((rows, cols)) = range.end() else { return Vec::new() };
    (0..=rows).map(|r| (0..=cols).map(|c| range.get_value((r, c)).map(text).unwrap_or_default()).collect()).collect()
}

/// The first sheet's cells (see [`sheet_rows`]).
#[must_use]
pub fn first_sheet(xlsx: &[u8]) -> Vec<Vec<String>> {
    let name = sheets(xlsx).first().expect("a sheet").0.clone();
    sheet_rows(xlsx, &name)
}

/// A column of a sheet read by [`sheet_rows`], its trailing blanks dropped.
#[must_use]
pub fn sheet_column(rows: &[Vec<String>], col: usize) -> Vec<String> {
    let mut out: Vec<String> = rows.iter().map(|r| r.get(col).cloned().unwrap_or_default()).collect();
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// A cell as the text a person reads (a whole number without `.0`).
fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// A data validation of a sheet's XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validation {
    /// `type` (`list` for a dropdown).
    pub kind: String,
    /// `sqref`, the cells it applies to (`D2:D10001`).
    pub sqref: String,
    /// Its `formula1` (a defined name for a list).
    pub formula: String,
}

/// Every `<dataValidation>` of a sheet's XML.
#[must_use]
pub fn validations(sheet_xml: &str) -> Vec<Validation> {
    sheet_xml
        .split("<dataValidation ")
        .skip(1)
        .map(|chunk| {
            let element = chunk.split("</dataValidation>").next().unwrap_or(chunk);
            Validation {
                kind: attr(element, "type").unwrap_or_default(),
                sqref: attr(element, "sqref").unwrap_or_default(),
                formula: between(element, "<formula1>", "</formula1>").unwrap_or_default(),
            }
        })
        .collect()
}

/// The workbook's defined names (`name` → its formula).
#[must_use]
pub fn defined_names(workbook_xml: &str) -> BTreeMap<String, String> {
    workbook_xml
        .split("<definedName ")
        .skip(1)
        .filter_map(|chunk| {
            let name = attr(chunk, "name")?;
            let value = chunk.split_once('>')?.1.split("</definedName>").next()?;
            Some((name, unescape(value)))
        })
        .collect()
}

/// Whether a sheet's XML holds a formula (an `<f>` element, any form).
#[must_use]
pub fn has_formula(sheet_xml: &str) -> bool {
    sheet_xml.contains("<f>") || sheet_xml.contains("<f ") || sheet_xml.contains("<f/>")
}

/// How the upload carries its CSRF token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csrf {
    /// The form's first multipart field `csrf` (the page without JavaScript).
    Field,
    /// The `X-CSRF-Token` header (the page's script).
    Header,
    /// A first field `csrf` holding a token that is not the device's.
    Wrong,
    /// Neither.
    Missing,
}

/// Posts `bytes` as the upload form's file `file_name` to
/// `/cargo/{slug}/orders/upload/file`; the answer as a page.
pub async fn upload(
    cloud: &CloudProcess,
    device: &Portal,
    base: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
    csrf: Csrf,
) -> Page {
    upload_with(cloud, device, base, file_name, content_type, bytes, csrf, &[]).await
}

/// As [`upload`], with extra request headers (`Origin`, say).
#[allow(clippy::too_many_arguments, reason = "the upload's every part, named")]
pub async fn upload_with(
    cloud: &CloudProcess,
    device: &Portal,
    base: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
    csrf: Csrf,
    headers: &[(&str, &str)],
) -> Page {
    let boundary = "----cargo-upload-test-9f3a";
    // Without a token the device is left as it is: a device that never
    // opened a page holds no CSRF cookie at all.
    let token = if csrf == Csrf::Missing { String::new() } else { device.csrf().await };
    let mut body = Vec::with_capacity(bytes.len() + 512);
    let field = match csrf {
        Csrf::Field => Some(token.clone()),
        Csrf::Wrong => Some("x".repeat(token.len())),
        Csrf::Header | Csrf::Missing => None,
    };
    if let Some(value) = field {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = device
        .client
        .post(cloud.url(&format!("{base}/orders/upload/file")))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body);
    if csrf == Csrf::Header {
        req = req.header("x-csrf-token", token);
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap_or_else(|e| panic!("the upload of {file_name} got no answer: {e}"));
    let status = r.status().as_u16();
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    Page { status, location, body: r.text().await.unwrap(), set_cookies: Vec::new() }
}

/// A file fetched as a browser downloads it.
#[derive(Debug)]
pub struct Download {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: String,
    /// `Content-Disposition`.
    pub disposition: String,
    /// `Location` (a redirect).
    pub location: Option<String>,
    /// The body.
    pub bytes: Vec<u8>,
}

/// GETs `path` on `device` as a file.
pub async fn download(cloud: &CloudProcess, device: &Portal, path: &str) -> Download {
    let r = device.client.get(cloud.url(path)).send().await.unwrap();
    let h = |k: &str| r.headers().get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let (content_type, disposition, location) = (h("content-type"), h("content-disposition"), h("location"));
    Download {
        status: r.status().as_u16(),
        content_type,
        disposition,
        location: (!location.is_empty()).then_some(location),
        bytes: r.bytes().await.unwrap().to_vec(),
    }
}

/// The xlsx content type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A problem listed on the preview page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BadCell {
    /// The spreadsheet's row number.
    pub row: u32,
    /// The field's code (`data-field`).
    pub field: String,
    /// The problem's code (`data-problem`).
    pub problem: String,
    /// The column as the page names it.
    pub column: String,
    /// The reason as the page says it.
    pub reason: String,
}

/// The preview's table of problems, in page order.
#[must_use]
pub fn bad_cells(page: &Page) -> Vec<BadCell> {
    let Some(table) = page.body.split("data-bad-rows").nth(1) else { return Vec::new() };
    let table = table.split("</table>").next().unwrap_or_default();
    table
        .split("<tr data-row=")
        .skip(1)
        .map(|tr| {
            let tr = format!("data-row={}", tr.split("</tr>").next().unwrap_or_default());
            let tds = tds(&tr);
            BadCell {
                row: attr(&tr, "data-row").and_then(|r| r.parse().ok()).expect("a row number"),
                field: attr(&tr, "data-field").unwrap_or_default(),
                problem: attr(&tr, "data-problem").unwrap_or_default(),
                column: tds.get(1).cloned().unwrap_or_default(),
                reason: tds.get(2).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// An upload as the folders page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderRow {
    /// The upload's id (`data-folder`, and the first cell).
    pub id: String,
    /// The id as shown.
    pub shown_id: String,
    /// Who uploaded it.
    pub by: String,
    /// Rows read.
    pub rows: i64,
    /// Rows imported.
    pub imported: i64,
    /// Rows that failed.
    pub failed: i64,
    /// The status code (`data-status`).
    pub status: String,
    /// The status as shown.
    pub status_label: String,
    /// The failed rows file's link, when there is one.
    pub failed_href: Option<String>,
    /// The link to the upload (its preview or its shipments).
    pub href: Option<String>,
}

/// The folders page's uploads, newest first.
#[must_use]
pub fn folder_rows(page: &Page) -> Vec<FolderRow> {
    page.body
        .split("<tr data-folder=")
        .skip(1)
        .map(|tr| {
            let tr = format!("data-folder={}", tr.split("</tr>").next().unwrap_or_default());
            let tds = tds(&tr);
            let number = |a: &str| -> i64 { inner(&tr, a).and_then(|t| t.trim().parse().ok()).expect(a) };
            let href_of = |a: &str| -> Option<String> {
                let at = tr.find(a)?;
                let start = tr[..at].rfind("<a ")?;
                attr(&tr[start..], "href")
            };
            FolderRow {
                id: attr(&tr, "data-folder").unwrap_or_default(),
                shown_id: tds.first().cloned().unwrap_or_default(),
                by: tds.get(2).cloned().unwrap_or_default(),
                rows: number("data-rows"),
                imported: number("data-imported"),
                failed: number("data-failed"),
                status: attr(&tr, "data-status").unwrap_or_default(),
                status_label: inner(&tr, "data-status").unwrap_or_default(),
                failed_href: href_of("data-failed-file"),
                href: href_of("data-open"),
            }
        })
        .collect()
}

/// The value of `name="…"` in an element's text, unescaped.
fn attr(element: &str, name: &str) -> Option<String> {
    let needle = format!("{name}=\"");
    let at = element.find(&needle)? + needle.len();
    Some(unescape(element[at..].split('"').next()?))
}

/// The text inside the first element carrying `marker`, unescaped.
fn inner(html: &str, marker: &str) -> Option<String> {
    let at = html.find(marker)?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    Some(unescape(rest[start..].split('<').next()?))
}

/// The text between `open` and `close`, unescaped.
fn between(text: &str, open: &str, close: &str) -> Option<String> {
    let at = text.find(open)? + open.len();
    Some(unescape(text[at..].split(close).next()?))
}

/// The text of every `<td>` of a row (tags inside stripped), unescaped.
fn tds(tr: &str) -> Vec<String> {
    tr.split("<td").skip(1).map(|td| unescape(&strip_tags(td.split_once('>').map_or("", |x| x.1)))).collect()
}

fn strip_tags(html: &str) -> String {
    let html = html.split("</td>").next().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// HTML (and XML) entities as the text they stand for.
#[must_use]
pub fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn col16(c: usize) -> u16 {
    u16::try_from(c).unwrap()
}
