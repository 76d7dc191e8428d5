//! The cabinet's bulk upload (C4), its folders (C5) and the orders list's
//! Excel export (C3) on SQLite and PostgreSQL, over real HTTP against the
//! real cloud, every workbook built and read back here:
//! - the template: headers in the user's language (Uzbek, then Russian after
//!   switching), the dropdowns as data validations fed by a hidden sheet;
//! - an upload of good and bad rows: the preview names each bad row, its
//!   column and the reason, and makes nothing; the import makes only the
//!   good rows, once (a second import, even at the same moment, makes
//!   nothing); the folders list the upload; the failed rows come back as a
//!   file that, fixed and uploaded again, imports whole;
//! - bad files (not an xlsx, a zip bomb, formulas, merged cells, too many
//!   rows, a body over the limit), a missing CSRF token, another client's
//!   upload, no session: each refused, and nothing changes;
//! - the export: the filtered list's rows, and no cell a spreadsheet would
//!   evaluate, whatever the client typed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use cloud::cargo::geo::Geo;
use protocol::ShipmentStatus;
use tests::cargo_cabinet::png;
use tests::cargo_upload::{
    ALICE, BadCell, Cell, Csrf, FIRST_SHEET_XML, Row, UploadWorld, XLSX, bad_cells, cells, column, defined_names,
    download, first_sheet, folder_rows, good_row, good_value, has_formula, headers, letters, many_rows,
    merged_workbook, part, rows_workbook, sheet_column, sheet_rows, sheets, upload, upload_with, validations, workbook,
    zip_bomb,
};
use tests::cloud::{DbKind, Page};
use tests::on_both_databases;
use web::i18n::cargo::{Problem, ShipmentField as F};
use web::i18n::{Lang, RU, UZ, fill};

/// What a refused file's page must say: 400, the reason's code, the
/// message in the user's language.
fn refused(p: &Page, code: &str, message: &str) {
    assert_eq!((p.status, p.error_code().as_deref()), (400, Some(code)), "{}", p.body);
    assert!(p.shows(message), "{message:?} not shown: {}", p.body);
    assert!(p.attrs("data-upload").is_empty(), "no preview for a refused file");
}

/// A bad row's problems as the preview lists them, in the user's language.
fn expected_cells(lang: Lang, problems: &[(u32, F, Problem)]) -> Vec<BadCell> {
    let t = &lang.text().cargo;
    problems
        .iter()
        .map(|(row, f, p)| BadCell {
            row: *row,
            field: f.code().to_owned(),
            problem: p.code().to_owned(),
            column: t.field(*f).to_owned(),
            reason: t.problem(*p).to_owned(),
        })
        .collect()
}

/// A cell as the server reads it back (numbers as typed, no `.0`).
fn as_read(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(s)) => s.clone(),
        Some(Cell::Num(n)) => format!("{n}"),
        Some(Cell::Formula(f)) => f.clone(),
        Some(Cell::Blank) | None => String::new(),
    }
}

/// The one number shown in the element carrying `attr`.
fn shown(p: &Page, attr: &str) -> i64 {
    p.text_of(attr).and_then(|t| t.trim().parse().ok()).unwrap_or_else(|| panic!("no {attr} on {}", p.body))
}

/// The upload id on a preview page.
fn preview_id(p: &Page) -> String {
    assert_eq!(p.status, 200, "a preview: {}", p.body);
    p.attrs("data-upload").into_iter().next().expect("the upload's id on its preview")
}

async fn template(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(w) = UploadWorld::new(kind, dir.path(), 7301).await else { return };
    let base = w.bts.base.clone();
    let geo = Geo::get(&w.db).await.unwrap();
    for lang in [Lang::Uz, Lang::Ru] {
        if lang == Lang::Ru {
            let back = format!("{base}/orders/upload");
            w.alice.post(&format!("{base}/lang"), &[("lang", "ru"), ("back", &back)]).await;
            let p = w.alice.get(&back).await;
            assert_eq!(p.lang().as_deref(), Some("ru"), "{}", p.body);
            assert!(p.shows(RU.cargo.uploads.upload_title));
        }
        let t = lang.text();
        let d = download(&w.cloud, &w.alice, &format!("{base}/orders/template.xlsx")).await;
        assert_eq!((d.status, d.content_type.as_str()), (200, XLSX), "{lang:?}");
        assert!(d.disposition.contains(&format!("template-{}.xlsx", lang.code())), "{}", d.disposition);

        // The data sheet first (an upload is read from it), the choices hidden.
        assert_eq!(sheets(&d.bytes), vec![(t.cargo.sheet.sheet_name.to_owned(), true), ("lists".to_owned(), false)]);
        assert_eq!(first_sheet(&d.bytes), vec![headers(lang)], "the headers in {lang:?} and no data");

        // The choices, in the user's language.
        let lists = sheet_rows(&d.bytes, "lists");
        let regions: Vec<String> = geo.regions().iter().map(|r| r.name(lang).to_owned()).collect();
        let districts: Vec<String> = geo
            .districts()
            .iter()
            .map(|d| format!("{} ({})", d.name(lang), geo.region(&d.region).unwrap().name(lang)))
            .collect();
        let types: Vec<String> =
            protocol::ParcelType::ALL.into_iter().map(|p| t.cargo.parcel_type(p).to_owned()).collect();
        let delivery = vec![t.cargo.delivery_door.to_owned(), t.cargo.delivery_office.to_owned()];
        let yes_no = vec![t.cargo.sheet.yes.to_owned(), t.cargo.sheet.no.to_owned()];
        assert_eq!(regions.len(), 14);
        let choices = [
            ("cargo_regions", &regions, &[F::SenderRegion, F::ReceiverRegion][..]),
            ("cargo_districts", &districts, &[F::SenderDistrict, F::ReceiverDistrict][..]),
            ("cargo_parcel_types", &types, &[F::ParcelType][..]),
            ("cargo_delivery", &delivery, &[F::Delivery][..]),
            ("cargo_yes_no", &yes_no, &[F::Pickup, F::PhotoReport, F::ReturnDocuments][..]),
        ];
        let names = defined_names(&part(&d.bytes, "xl/workbook.xml"));
        let mut expected = Vec::new();
        for (i, (name, values, fields)) in choices.iter().enumerate() {
            assert_eq!(&sheet_column(&lists, i), *values, "the {name} choices in {lang:?}");
            let col = letters(i);
            assert_eq!(
                names.get(*name).map(String::as_str),
                Some(format!("lists!${col}$1:${col}${}", values.len()).as_str()),
                "{names:?}"
            );
            for f in *fields {
                let c = letters(column(*f));
                // Every data row the upload may hold (10 000), under the header.
                expected.push((format!("{c}2:{c}10001"), "list".to_owned(), (*name).to_owned()));
            }
        }
        let mut found: Vec<(String, String, String)> =
            validations(&part(&d.bytes, FIRST_SHEET_XML)).into_iter().map(|v| (v.sqref, v.kind, v.formula)).collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "the dropdowns");
    }

    // The template as downloaded has no rows: refused, in Russian now.
    let d = download(&w.cloud, &w.alice, &format!("{base}/orders/template.xlsx")).await;
    let p = upload(&w.cloud, &w.alice, &base, "template-ru.xlsx", XLSX, &d.bytes, Csrf::Field).await;
    refused(&p, "no_data_rows", RU.cargo.sheet.no_data_rows);
    assert_eq!(w.uploads().await, 0);
}
on_both_databases!(template);

/// What is wrong in an upload: (spreadsheet row, field, problem), in the
/// preview's order.
type Problems = Vec<(u32, F, Problem)>;

/// A shipment an import made, as the database holds it.
#[derive(Debug)]
struct Made {
    barcode: String,
    receiver_name: String,
    sender_phone: String,
    weight_g: i64,
    height_cm: i64,
    cod_amount: i64,
    photo_report: i64,
    price: i64,
    created_at: i64,
}

/// [`Made`]'s columns as the query returns them.
type MadeRow = (String, String, String, i64, i64, i64, i64, i64, i64);

impl From<MadeRow> for Made {
    fn from(r: MadeRow) -> Made {
        let (barcode, receiver_name, sender_phone, weight_g, height_cm, cod_amount, photo_report, price, created_at) =
            r;
        Made { barcode, receiver_name, sender_phone, weight_g, height_cm, cod_amount, photo_report, price, created_at }
    }
}

/// The upload of the main scenario: four good rows among seven bad ones and
/// a blank row, by field; and what is wrong with each bad row.
fn mixed_rows() -> (Vec<Option<Row>>, Problems) {
    let set = |mut row: Row, changes: &[(F, Cell)]| {
        for (f, c) in changes {
            row.insert(*f, c.clone());
        }
        row
    };
    let text = Cell::text;
    let rows = vec![
        // 2: good, as the template's dropdowns fill it.
        Some(good_row("Qabul Bir")),
        // 3: no such district.
        Some(set(good_row("Qabul Ikki"), &[(F::ReceiverDistrict, text("Atlantida"))])),
        // 4: good the other way, typed as a spreadsheet keeps it: the
        // sender's phone a number (its plus lost), names without the dropdown.
        Some(set(
            good_row("Qabul Uch"),
            &[
                (F::SenderRegion, text("Xorazm viloyati")),
                (F::SenderDistrict, text("Urganch shahri (Xorazm viloyati)")),
                (F::SenderPhone, Cell::Num(998_901_112_233.0)),
                (F::ReceiverRegion, text("Toshkent shahri")),
                (F::ReceiverDistrict, text("Mirobod")),
                (F::ReceiverPhone, text("+998 91 444 55 66")),
                (F::Delivery, text("Filialdan olib ketish")),
                (F::Weight, Cell::Num(1.25)),
            ],
        )),
        // 5: not a phone number.
        Some(set(good_row("Qabul To'rt"), &[(F::ReceiverPhone, text("12345"))])),
        // 6: blank (skipped; the rows under it keep their numbers).
        None,
        // 7: a negative weight.
        Some(set(good_row("Qabul Besh"), &[(F::Weight, Cell::Num(-3.0))])),
        // 8: absurd: 5 t, a side of 99.99 m.
        Some(set(good_row("Qabul Olti"), &[(F::Weight, Cell::Num(5000.0)), (F::Height, Cell::Num(9999.0))])),
        // 9: good, with sizes, cash on delivery and a photo report.
        Some(set(
            good_row("Qabul Yetti"),
            &[
                (F::Width, Cell::Num(30.0)),
                (F::Length, Cell::Num(40.0)),
                (F::Height, Cell::Num(50.0)),
                (F::CodAmount, Cell::Num(150_000.0)),
                (F::PhotoReport, text("Ha")),
            ],
        )),
        // 10: text in number columns.
        Some(set(good_row("Qabul Sakkiz"), &[(F::Weight, text("ikki")), (F::Pieces, text("bir"))])),
        // 11: the receiver's name missing.
        Some(good_row("")),
        // 12: a district of another region.
        Some(set(good_row("Qabul O'n"), &[(F::SenderDistrict, text("Urganch shahri"))])),
        // 13: good: documents, half a kilo typed with a comma.
        Some(set(good_row("Qabul O'n bir"), &[(F::ParcelType, text("Hujjatlar")), (F::Weight, text("0,5"))])),
    ];
    let problems = vec![
        (3, F::ReceiverDistrict, Problem::UnknownDistrict),
        (5, F::ReceiverPhone, Problem::BadPhone),
        // A negative weight is a number below the range.
        (7, F::Weight, Problem::OutOfRange),
        (8, F::Weight, Problem::OutOfRange),
        (8, F::Height, Problem::OutOfRange),
        (10, F::Weight, Problem::BadNumber),
        (10, F::Pieces, Problem::BadNumber),
        (11, F::ReceiverName, Problem::Required),
        (12, F::SenderDistrict, Problem::DistrictNotInRegion),
    ];
    (rows, problems)
}

async fn upload_and_import(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(w) = UploadWorld::new(kind, dir.path(), 7302).await else { return };
    let base = w.bts.base.clone();
    let alice = &w.alice;
    let u = &UZ.cargo.uploads;
    let (rows, problems) = mixed_rows();
    let bytes = rows_workbook(Lang::Uz, &rows);

    // The preview: every problem with its row, column and reason; nothing made.
    let p = upload(&w.cloud, alice, &base, "buyurtmalar.xlsx", XLSX, &bytes, Csrf::Field).await;
    let id = preview_id(&p);
    assert_eq!(p.error_code(), None, "{}", p.body);
    assert!(p.shows(&fill(u.preview_title, &[("file", "buyurtmalar.xlsx")])));
    assert_eq!((shown(&p, "data-rows"), shown(&p, "data-valid"), shown(&p, "data-invalid")), (11, 4, 7));
    assert_eq!(bad_cells(&p), expected_cells(Lang::Uz, &problems));
    assert!(p.shows(&fill(u.import_button, &[("n", "4")])));
    let preview_total = p.text_of("data-total").unwrap();
    assert_eq!(w.shipments().await, 0, "a preview makes nothing");
    assert_eq!(w.upload_status(&id).await.as_deref(), Some("queued"));
    // Opened again from the folders: the same preview.
    let folders = folder_rows(&alice.get(&format!("{base}/orders/folders")).await);
    assert_eq!(folders.len(), 1);
    let f = &folders[0];
    assert_eq!((f.id.as_str(), f.status.as_str(), f.status_label.as_str()), (id.as_str(), "queued", u.statuses[0]));
    assert_eq!(f.href.as_deref(), Some(format!("{base}/orders/upload/{id}").as_str()));
    assert_eq!(f.failed_href, None, "no failed rows file before the import");
    let again = alice.get(&format!("{base}/orders/upload/{id}")).await;
    assert_eq!(bad_cells(&again), expected_cells(Lang::Uz, &problems));

    // Another client of the company: none of it is theirs (404), and
    // nothing they try changes it.
    let mallory = w.client("+998935556677", "Boshqa Mijoz").await;
    for path in [
        format!("{base}/orders/upload/{id}"),
        format!("{base}/orders/folders/{id}"),
        format!("{base}/orders/folders/{id}/failed.xlsx"),
    ] {
        assert_eq!(mallory.get(&path).await.status, 404, "{path}");
    }
    for action in ["import", "cancel"] {
        let p = mallory.post(&format!("{base}/orders/upload/{id}/{action}"), &[]).await;
        assert_eq!(p.status, 404, "{action}: {p:?}");
    }
    assert!(folder_rows(&mallory.get(&format!("{base}/orders/folders")).await).is_empty());
    assert_eq!((w.shipments().await, w.upload_status(&id).await.as_deref()), (0, Some("queued")));
    // Ids that are nobody's, or not ids at all.
    let nobody = cloud::ids::UploadId::new().to_string();
    assert_eq!(alice.get(&format!("{base}/orders/upload/{nobody}")).await.status, 404);
    assert_eq!(alice.get(&format!("{base}/orders/folders/{nobody}")).await.status, 404);
    assert_eq!(alice.post(&format!("{base}/orders/upload/{nobody}/import"), &[]).await.status, 404);
    assert_eq!(alice.get(&format!("{base}/orders/folders/not-an-id")).await.status, 404);

    // The import: the four good rows, made together by this upload.
    let p = alice.post(&format!("{base}/orders/upload/{id}/import"), &[]).await;
    assert_eq!(p.status, 303, "{p:?}");
    let landing = format!("{base}/orders/folders?notice=imported&upload={id}");
    assert_eq!(p.location.as_deref(), Some(landing.as_str()));
    assert_eq!(w.shipments().await, 4);
    let made: Vec<Made> = sqlx::query_as::<_, MadeRow>(concat!(
        "SELECT barcode, receiver_name, sender_phone, weight_g, height_cm, cod_amount, photo_report, price, ",
        "created_at FROM cargo_shipments WHERE upload_id = $1 AND source = 'upload' ORDER BY number"
    ))
    .bind(&id)
    .fetch_all(&w.db.pool)
    .await
    .unwrap()
    .into_iter()
    .map(Made::from)
    .collect();
    let receivers: Vec<&str> = made.iter().map(|m| m.receiver_name.as_str()).collect();
    assert_eq!(receivers, ["Qabul Bir", "Qabul Uch", "Qabul Yetti", "Qabul O'n bir"], "the good rows, in order");
    assert_eq!(made[1].sender_phone, ALICE.0, "a phone typed as a number gets its plus back");
    assert_eq!((made[1].weight_g, made[3].weight_g), (1_250, 500), "weights in grams");
    assert_eq!(
        (made[2].height_cm, made[2].cod_amount, made[2].photo_report),
        (50, 15_000_000, 1),
        "sizes, cash on delivery, photo report"
    );
    assert!(made.iter().all(|m| m.created_at == made[0].created_at), "one import, one moment");
    let total: i64 = made.iter().map(|m| m.price).sum();
    assert_eq!(
        preview_total,
        web::format::money(total).replace('\'', "&#39;"),
        "the preview's price is what was stored"
    );
    let barcodes: Vec<String> = made.iter().map(|m| m.barcode.clone()).collect();
    let mut listed = alice.get(&format!("{base}/orders")).await.attrs("data-barcode");
    listed.sort();
    let mut sorted = barcodes.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "the orders list");

    // The folders: the upload, partly imported, with its failed rows file.
    let p = alice.get(&landing).await;
    assert!(p.shows(&fill(u.imported, &[("imported", "4"), ("failed", "7")])), "{}", p.body);
    let f = folder_rows(&p).into_iter().find(|f| f.id == id).expect("the upload in its folders");
    assert_eq!(f.shown_id, id);
    assert_eq!(f.by, ALICE.1);
    assert_eq!((f.rows, f.imported, f.failed), (11, 4, 7));
    assert_eq!((f.status.as_str(), f.status_label.as_str()), ("partial", u.statuses[3]));
    let failed_href = format!("{base}/orders/folders/{id}/failed.xlsx");
    assert_eq!(f.failed_href.as_deref(), Some(failed_href.as_str()));
    assert_eq!(f.href.as_deref(), Some(format!("{base}/orders/folders/{id}").as_str()));
    let p = alice.get(&format!("{base}/orders/folders/{id}")).await;
    assert!(p.shows(&fill(u.folder_title, &[("id", &id)])));
    let mut in_folder = p.attrs("data-barcode");
    in_folder.sort();
    assert_eq!(in_folder, sorted, "the folder's shipments");

    // Imported once: again (and its preview, and cancelling it) change nothing.
    let p = alice.post(&format!("{base}/orders/upload/{id}/import"), &[]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/orders/folders?notice=already").as_str()));
    assert!(alice.get(p.location.as_deref().unwrap()).await.shows(u.already));
    let p = alice.get(&format!("{base}/orders/upload/{id}")).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/orders/folders/{id}").as_str()));
    let p = alice.post(&format!("{base}/orders/upload/{id}/cancel"), &[]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/orders/upload?notice=already").as_str()));
    assert_eq!((w.shipments().await, w.upload_status(&id).await.as_deref()), (4, Some("partial")));

    // The failed rows: exactly the bad rows as read, each with its number
    // in the uploaded file and its reasons.
    let d = download(&w.cloud, alice, &failed_href).await;
    assert_eq!((d.status, d.content_type.as_str()), (200, XLSX));
    assert!(d.disposition.contains(&format!("failed-{id}.xlsx")), "{}", d.disposition);
    let sheet = first_sheet(&d.bytes);
    let mut header = headers(Lang::Uz);
    header.extend([UZ.cargo.sheet.row_column.to_owned(), UZ.cargo.sheet.errors_column.to_owned()]);
    assert_eq!(sheet[0], header);
    let bad_numbers: Vec<u32> = problems.iter().map(|p| p.0).fold(Vec::new(), |mut v, n| {
        if v.last() != Some(&n) {
            v.push(n);
        }
        v
    });
    assert_eq!(sheet.len() - 1, bad_numbers.len(), "only the bad rows: {sheet:?}");
    for (line, number) in sheet[1..].iter().zip(&bad_numbers) {
        let original = rows[*number as usize - 2].as_ref().unwrap();
        for f in F::ALL {
            assert_eq!(line[column(f)], as_read(original.get(&f)), "row {number}, {f:?} as read");
        }
        assert_eq!(line[F::ALL.len()], number.to_string());
        let reasons: Vec<String> = problems
            .iter()
            .filter(|p| p.0 == *number)
            .map(|(_, f, p)| format!("{}: {}", UZ.cargo.field(*f), UZ.cargo.problem(*p)))
            .collect();
        assert_eq!(line[F::ALL.len() + 1], reasons.join("; "), "row {number}'s reasons");
    }

    // Fixed in the file itself (its two extra columns left in: they name
    // no field), uploaded again by the page's script, imported whole.
    let fixed: Vec<Option<Vec<Cell>>> = sheet[1..]
        .iter()
        .zip(&bad_numbers)
        .map(|(line, number)| {
            let mut line = line.clone();
            for (_, f, _) in problems.iter().filter(|p| p.0 == *number) {
                line[column(*f)] =
                    if *f == F::ReceiverName { "Tuzatilgan".to_owned() } else { good_value(*f).to_owned() };
            }
            Some(line.iter().map(|v| Cell::text(v)).collect())
        })
        .collect();
    let p = upload(&w.cloud, alice, &base, "tuzatilgan.xlsx", XLSX, &workbook(&header, &fixed), Csrf::Header).await;
    let second = preview_id(&p);
    assert_eq!((shown(&p, "data-rows"), shown(&p, "data-valid"), shown(&p, "data-invalid")), (7, 7, 0));
    assert!(bad_cells(&p).is_empty(), "{:?}", bad_cells(&p));
    // Two imports at the same moment (a double click): one makes the
    // shipments, the other finds it done.
    let import = format!("{base}/orders/upload/{second}/import");
    let (a, b) = tokio::join!(alice.post(&import, &[]), alice.post(&import, &[]));
    let mut landed = vec![a.location.unwrap_or_default(), b.location.unwrap_or_default()];
    landed.sort();
    assert_eq!(
        landed,
        [
            format!("{base}/orders/folders?notice=already"),
            format!("{base}/orders/folders?notice=imported&upload={second}"),
        ]
    );
    assert_eq!(w.shipments().await, 11, "4 + 7, nothing twice");
    let p = alice.get(&format!("{base}/orders/folders")).await;
    let f = folder_rows(&p).into_iter().find(|f| f.id == second).unwrap();
    assert_eq!((f.rows, f.imported, f.failed), (7, 7, 0));
    assert_eq!((f.status.as_str(), f.status_label.as_str()), ("imported", u.statuses[2]));
    assert_eq!(f.failed_href, None);
    assert_eq!(alice.get(&format!("{base}/orders/folders/{second}/failed.xlsx")).await.status, 404);
    let p = alice.get(&format!("{base}/orders")).await;
    assert_eq!((shown(&p, "data-total"), p.attrs("data-barcode").len()), (11, 11));
}
on_both_databases!(upload_and_import);

async fn bad_files(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(w) = UploadWorld::new(kind, dir.path(), 7303).await else { return };
    let base = w.bts.base.clone();
    let alice = &w.alice;
    let s = &UZ.cargo.sheet;
    let nothing = || async { (w.shipments().await, w.uploads().await) };
    assert_eq!(nothing().await, (0, 0));
    let one_good = rows_workbook(Lang::Uz, &[Some(good_row("Qabul Bir"))]);

    // Not a workbook: text named .xlsx, a picture.
    let p = upload(&w.cloud, alice, &base, "buyurtmalar.xlsx", XLSX, b"Sana;Ism\n03.12.2026;Ali\n", Csrf::Field).await;
    refused(&p, "not_xlsx", s.not_xlsx);
    let p = upload(&w.cloud, alice, &base, "rasm.xlsx", "image/png", &png(64, 64), Csrf::Field).await;
    refused(&p, "not_xlsx", s.not_xlsx);
    assert_eq!(nothing().await, (0, 0));

    // A zip bomb dressed as an xlsx: 300 MiB of sheet in a few hundred KB.
    let bomb = zip_bomb(300 << 20);
    assert!(bomb.len() < 1 << 20, "the bomb is small on the wire: {} bytes", bomb.len());
    let p = upload(&w.cloud, alice, &base, "bomba.xlsx", XLSX, &bomb, Csrf::Field).await;
    refused(&p, "zip_bomb", s.too_large);

    // A formula (a link that would run on a click) is refused, never
    // evaluated nor taken as its text.
    let formula = r#"=HYPERLINK("http://evil.example/x","bosing")"#;
    let mut row = good_row("x");
    row.insert(F::ReceiverName, Cell::Formula(formula.to_owned()));
    let with_formula = rows_workbook(Lang::Uz, &[Some(row)]);
    // The check the export is held to below does see a formula.
    assert!(has_formula(&part(&with_formula, FIRST_SHEET_XML)));
    let p = upload(&w.cloud, alice, &base, "formula.xlsx", XLSX, &with_formula, Csrf::Field).await;
    let cell = format!("{}2", letters(column(F::ReceiverName)));
    refused(&p, "formula", &fill(s.formula, &[("cell", &cell)]));

    // Merged cells; too many rows; a required column missing.
    let p = upload(&w.cloud, alice, &base, "merged.xlsx", XLSX, &merged_workbook(), Csrf::Field).await;
    refused(&p, "merged_cells", &fill(s.merged_cells, &[("cell", "B3:C3")]));
    let big = many_rows(10_001);
    assert!(big.len() < cloud::settings::Settings::default().max_upload_body, "refused for its rows, not its size");
    let p = upload(&w.cloud, alice, &base, "katta.xlsx", XLSX, &big, Csrf::Field).await;
    refused(&p, "too_many_rows", &fill(s.too_many_rows, &[("limit", "10000")]));
    let mut no_weight = headers(Lang::Uz);
    no_weight[column(F::Weight)] = "Izoh".to_owned();
    let p = upload(
        &w.cloud,
        alice,
        &base,
        "vaznsiz.xlsx",
        XLSX,
        &workbook(&no_weight, &[Some(cells(&good_row("Q")))]),
        Csrf::Field,
    )
    .await;
    refused(&p, "missing_column", &fill(s.missing_column, &[("column", UZ.cargo.field(F::Weight))]));
    let p = upload(&w.cloud, alice, &base, "bo'sh.xlsx", XLSX, b"", Csrf::Field).await;
    refused(&p, "no_file", UZ.cargo.uploads.no_file);
    assert_eq!(nothing().await, (0, 0), "refused files leave nothing behind");

    // The CSRF token: missing, wrong, or the right one from another site.
    for csrf in [Csrf::Missing, Csrf::Wrong] {
        let p = upload(&w.cloud, alice, &base, "a.xlsx", XLSX, &one_good, csrf).await;
        assert_eq!(p.status, 403, "{csrf:?}: {p:?}");
        assert!(p.shows(UZ.chrome.error_csrf), "{}", p.body);
    }
    let p = upload_with(
        &w.cloud,
        alice,
        &base,
        "a.xlsx",
        XLSX,
        &one_good,
        Csrf::Field,
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(p.status, 403, "{p:?}");
    assert_eq!(nothing().await, (0, 0));
    // The same file with the token: taken (so the refusals above were the
    // token's), then cancelled from its preview.
    let p = upload(&w.cloud, alice, &base, "a.xlsx", XLSX, &one_good, Csrf::Field).await;
    let id = preview_id(&p);
    assert_eq!(nothing().await, (0, 1));
    let p = alice.post(&format!("{base}/orders/upload/{id}/cancel"), &[]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/orders/upload?notice=cancelled").as_str()));
    assert!(alice.get(p.location.as_deref().unwrap()).await.shows(UZ.cargo.uploads.cancelled));
    assert_eq!(nothing().await, (0, 0));
    assert_eq!(alice.post(&format!("{base}/orders/upload/{id}/import"), &[]).await.status, 404, "cancelled is gone");

    // In Russian, the refusals read in Russian.
    alice.post(&format!("{base}/lang"), &[("lang", "ru"), ("back", &format!("{base}/orders/upload"))]).await;
    let p = upload(&w.cloud, alice, &base, "rasm.xlsx", "image/png", &png(8, 8), Csrf::Field).await;
    refused(&p, "not_xlsx", RU.cargo.sheet.not_xlsx);
    let p = upload(&w.cloud, alice, &base, "merged.xlsx", XLSX, &merged_workbook(), Csrf::Header).await;
    refused(&p, "merged_cells", &fill(RU.cargo.sheet.merged_cells, &[("cell", "B3:C3")]));
    // A Russian template's file, places named in Russian: the preview's
    // columns and reasons in Russian too; cancelled, it leaves nothing.
    let mut russian = good_row("Получатель");
    russian.insert(F::ReceiverRegion, Cell::text("Хорезмская область"));
    russian.insert(F::ReceiverDistrict, Cell::text("город Ургенч"));
    let mut bad = russian.clone();
    bad.insert(F::ReceiverPhone, Cell::text("12345"));
    let p = upload(
        &w.cloud,
        alice,
        &base,
        "ru.xlsx",
        XLSX,
        &rows_workbook(Lang::Ru, &[Some(russian), Some(bad)]),
        Csrf::Field,
    )
    .await;
    let id = preview_id(&p);
    assert_eq!((shown(&p, "data-valid"), shown(&p, "data-invalid")), (1, 1));
    assert_eq!(bad_cells(&p), expected_cells(Lang::Ru, &[(3, F::ReceiverPhone, Problem::BadPhone)]));
    alice.post(&format!("{base}/orders/upload/{id}/cancel"), &[]).await;
    assert_eq!(nothing().await, (0, 0));

    // No session: a browser that is signed out is sent to the cabinet's
    // sign-in page; one that never opened a page has no CSRF token either.
    let stranger = tests::cloud::Portal::new(&w.cloud);
    let login = format!("{base}/login");
    let p = upload(&w.cloud, &stranger, &base, "a.xlsx", XLSX, &one_good, Csrf::Field).await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some(login.as_str())), "{p:?}");
    for path in ["/orders/upload", "/orders/template.xlsx", "/orders/folders", "/orders/export.xlsx"] {
        let d = download(&w.cloud, &stranger, &format!("{base}{path}")).await;
        assert_eq!((d.status, d.location.as_deref()), (303, Some(login.as_str())), "{path}");
    }
    let cookieless = tests::cloud::Portal::new(&w.cloud);
    let p = upload(&w.cloud, &cookieless, &base, "a.xlsx", XLSX, &one_good, Csrf::Missing).await;
    assert_eq!(p.status, 403, "{p:?}");
    assert_eq!(nothing().await, (0, 0));
}
on_both_databases!(bad_files);

/// A body over the cloud's `max_upload_body`, sent the two ways the page
/// sends it: refused with 413 and a message in the user's language.
async fn oversized_body(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(w) = UploadWorld::new(kind, dir.path(), 7304).await else { return };
    let base = w.bts.base.clone();
    let limit = cloud::settings::Settings::default().max_upload_body;
    let huge = vec![b'x'; limit + (1 << 20)];
    // Both ways are tried before judging, so a failure names every way that is wrong.
    let mut wrong = Vec::new();
    for csrf in [Csrf::Field, Csrf::Header] {
        let p = upload(&w.cloud, &w.alice, &base, "katta.xlsx", XLSX, &huge, csrf).await;
        let says_why = p.shows(UZ.chrome.e_too_large) || p.shows(UZ.cargo.sheet.too_large);
        if p.status != 413 || !says_why {
            wrong.push(format!("{csrf:?}: {} {:?}", p.status, p.body.chars().take(300).collect::<String>()));
        }
        assert_eq!((w.shipments().await, w.uploads().await), (0, 0), "{csrf:?}: nothing stored");
    }
    assert!(
        wrong.is_empty(),
        "an upload over max_upload_body must be refused with 413 and why, in the user's language (Uzbek): {wrong:#?}"
    );
}
on_both_databases!(oversized_body);

async fn export(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(w) = UploadWorld::new(kind, dir.path(), 7305).await else { return };
    let base = w.bts.base.clone();
    let alice = &w.alice;
    let geo = Geo::get(&w.db).await.unwrap();

    // Receivers' names and addresses a spreadsheet would evaluate, uploaded
    // as text (taken literally) and typed into the form.
    let hyperlink = r#"=HYPERLINK("http://evil.example/x","bosing")"#;
    let typed = [
        (hyperlink, "=1+2", "Xorazm viloyati", "Urganch shahri"),
        ("+998 hisob", "+Mustaqillik 5", "Xorazm viloyati", "Xiva shahri"),
        ("-2+3 Ali", "-", "Toshkent shahri", "Mirobod tumani"),
        ("@SUM(A1) Vali", "@manzil", "Toshkent shahri", "Yakkasaroy tumani"),
    ];
    let rows: Vec<Option<Row>> = typed
        .iter()
        .map(|(name, address, region, district)| {
            let mut row = good_row(name);
            row.insert(F::ReceiverAddress, Cell::text(address));
            row.insert(F::ReceiverRegion, Cell::text(region));
            row.insert(F::ReceiverDistrict, Cell::text(district));
            Some(row)
        })
        .collect();
    let p = upload(&w.cloud, alice, &base, "formulalar.xlsx", XLSX, &rows_workbook(Lang::Uz, &rows), Csrf::Field).await;
    let id = preview_id(&p);
    assert_eq!(shown(&p, "data-valid"), 4, "{:?}", bad_cells(&p));
    assert_eq!(alice.post(&format!("{base}/orders/upload/{id}/import"), &[]).await.status, 303);
    let form = [
        ("action", "create"),
        ("sender_name", ALICE.1),
        ("sender_phone", ALICE.0),
        ("sender_region", "1733"),
        ("sender_district", "1733401"),
        ("sender_address", "Al-Xorazmiy 5"),
        ("receiver_name", "=cmd|' /C calc'!A0"),
        ("receiver_phone", "+998914445566"),
        ("receiver_region", "1726"),
        ("receiver_district", "1726273"),
        ("receiver_address", "@ 1"),
        ("delivery", "door"),
        ("parcel_type", "box"),
        ("weight_kg", "1"),
        ("pieces", "1"),
    ];
    let p = alice.post(&format!("{base}/orders/new"), &form).await;
    assert_eq!(p.status, 303, "{p:?}");
    let names: Vec<String> = sqlx::query_scalar("SELECT receiver_name FROM cargo_shipments ORDER BY number")
        .fetch_all(&w.db.pool)
        .await
        .unwrap();
    assert_eq!(names, [hyperlink, "+998 hisob", "-2+3 Ali", "@SUM(A1) Vali", "=cmd|' /C calc'!A0"], "stored as typed");

    // Each export holds the rows of the list with the same filters, in its order.
    let mut seen = Vec::new();
    for filter in ["", "region=1733", "q=HYPERLINK", "q=Ali", "status=delivered"] {
        let list = alice.get(&format!("{base}/orders?{filter}")).await.attrs("data-barcode");
        let d = download(&w.cloud, alice, &format!("{base}/orders/export.xlsx?{filter}")).await;
        assert_eq!((d.status, d.content_type.as_str()), (200, XLSX), "{filter}");
        assert!(d.disposition.starts_with("attachment; filename=\"orders-"), "{}", d.disposition);
        let sheet = first_sheet(&d.bytes);
        assert_eq!(sheet[0], UZ.cargo.sheet.export_columns.map(str::to_owned), "{filter}");
        let exported: Vec<String> = sheet[1..].iter().map(|r| r[0].clone()).collect();
        assert_eq!(exported, list, "export ?{filter} = list ?{filter}");
        // Nothing in it a spreadsheet would evaluate: no formula element,
        // no cell starting like one (a neutralised cell starts with `'`).
        assert!(!has_formula(&part(&d.bytes, FIRST_SHEET_XML)), "a formula in the export ?{filter}");
        for cell in sheet.iter().flatten() {
            assert!(
                cell.chars().count() < 2 || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would be evaluated (export ?{filter})"
            );
        }
        seen.push((filter, exported, sheet));
    }
    let count = |f: &str| seen.iter().find(|s| s.0 == f).unwrap().1.len();
    assert_eq!(
        (count(""), count("region=1733"), count("q=HYPERLINK"), count("q=Ali"), count("status=delivered")),
        // The search ignores case: "Ali" and "Vali".
        (5, 3, 1, 2, 0),
        "the filters select"
    );

    // Every column of every row, from the database and the regions' names;
    // a name a spreadsheet would evaluate arrives as text behind a quote.
    let quoted = |s: String| {
        if s.chars().count() > 1 && s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s }
    };
    let all = &seen[0].2;
    for line in &all[1..] {
        type Stored = (i64, String, String, String, String, String, String);
        let (number, region, district, from, to, sender, receiver): Stored = sqlx::query_as(concat!(
            "SELECT s.number, s.sender_region, s.receiver_district, COALESCE(o1.code, ''), COALESCE(o2.code, ''), ",
            "s.sender_name, s.receiver_name ",
            "FROM cargo_shipments s LEFT JOIN cargo_offices o1 ON o1.branch_id = s.origin_office ",
            "LEFT JOIN cargo_offices o2 ON o2.branch_id = s.destination_office WHERE s.barcode = $1"
        ))
        .bind(&line[0])
        .fetch_one(&w.db.pool)
        .await
        .unwrap();
        let expected = [
            line[0].clone(),
            number.to_string(),
            line[2].clone(),
            UZ.cargo.status(ShipmentStatus::Created).to_owned(),
            geo.region(&region).unwrap().name(Lang::Uz).to_owned(),
            geo.district(&district).unwrap().name(Lang::Uz).to_owned(),
            from,
            to,
            quoted(sender),
            quoted(receiver),
        ];
        assert_eq!(line, &expected);
        assert!(!line[2].is_empty(), "a date");
    }
    // The formula-like names never arrive in it as they were typed.
    for cell in all.iter().flatten() {
        for (name, address, _, _) in typed {
            assert!(*cell != name && *cell != address, "{cell:?} exported as typed");
        }
    }

    // In Russian: the headers, statuses and places in Russian.
    alice.post(&format!("{base}/lang"), &[("lang", "ru"), ("back", &format!("{base}/orders"))]).await;
    let d = download(&w.cloud, alice, &format!("{base}/orders/export.xlsx?q=HYPERLINK")).await;
    let sheet = first_sheet(&d.bytes);
    assert_eq!(sheet[0], RU.cargo.sheet.export_columns.map(str::to_owned));
    assert_eq!(sheet.len(), 2);
    assert_eq!(sheet[1][3], RU.cargo.status(ShipmentStatus::Created));
    assert_eq!((sheet[1][4].as_str(), sheet[1][5].as_str()), ("город Ташкент", "город Ургенч"));

    // Another client exports their own list: empty.
    let mallory = w.client("+998935556677", "Boshqa Mijoz").await;
    let d = download(&w.cloud, &mallory, &format!("{base}/orders/export.xlsx")).await;
    assert_eq!(first_sheet(&d.bytes).len(), 1, "the header alone");
}
on_both_databases!(export);
