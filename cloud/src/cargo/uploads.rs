//! The cabinet's uploads (C4, C5): the template in the user's language, a
//! file checked and every row parsed and priced into a preview (nothing
//! made yet), its import in one transaction, the uploads' folders with
//! their failed rows files, and the orders list's export.
//!
//! The upload form posts multipart to the uploads group, whose CSRF check
//! ([`csrf_header_or_field`]) takes the token from the `X-CSRF-Token`
//! header or, without JavaScript, from the form's first field `csrf`.
//! SQL is in [`super::uploads_store`].

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use web::i18n::Lang;
use web::i18n::cargo::{Problem, ShipmentField};
use web::pages::cargo::Alert;
use web::pages::cargo_shipments::OrderTabs;
use web::pages::cargo_uploads::*;

use super::cabinet::CargoClient;
use super::draft::{self, NewShipment};
use super::geo::Geo;
use super::orders::ListQuery;
use super::pricing::Tariff;
use super::store::{self, Cursor, Maker, Page, Scope, Source};
use super::uploads_store::{self, NewUpload, UploadRow};
use super::xlsx::{self, ExportRow, ExportWriter, FailedRow, Lists, RawRow, UploadLimits};
use crate::db::{DbError, now_ms};
use crate::http::error::{AppError, page};
use crate::http::{AppState, Ui};
use crate::ids::UploadId;

/// Problems listed on a preview page (the rest are counted).
const SHOWN_PROBLEMS: usize = 300;
/// Uploads on the folders page.
const FOLDERS_SHOWN: i64 = 200;
/// Shipments on one upload's page.
const FOLDER_ROWS: i64 = 1000;
/// Rows per export page.
const EXPORT_PAGE: i64 = 1000;

/// A list row as the export writes it, names in `lang`.
#[must_use]
pub fn export_row(geo: &Geo, lang: web::i18n::Lang, r: &super::store::ShipmentRow) -> ExportRow {
    ExportRow {
        barcode: r.barcode.clone(),
        order_id: r.number.to_string(),
        created_at_ms: r.created_at,
        status: r.status,
        from_region: geo.region(&r.sender_region).map(|g| g.name(lang).to_owned()).unwrap_or_default(),
        receiver_district: geo.district(&r.receiver_district).map(|d| d.name(lang).to_owned()).unwrap_or_default(),
        office_from: r.office_from.clone(),
        office_to: r.office_to.clone(),
        sender_name: r.sender_name.clone(),
        receiver_name: r.receiver_name.clone(),
    }
}

/// The pages, under the cabinet's session (forms with the CSRF field).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/cargo/{slug}/orders/upload", get(upload_page))
        .route("/cargo/{slug}/orders/template.xlsx", get(template))
        .route("/cargo/{slug}/orders/upload/{id}", get(preview))
        .route("/cargo/{slug}/orders/upload/{id}/import", post(import))
        .route("/cargo/{slug}/orders/upload/{id}/cancel", post(cancel))
        .route("/cargo/{slug}/orders/folders", get(folders))
        .route("/cargo/{slug}/orders/folders/{id}", get(folder))
        .route("/cargo/{slug}/orders/folders/{id}/failed.xlsx", get(failed_file))
        .route("/cargo/{slug}/orders/export.xlsx", get(export))
}

/// The multipart upload, under the cabinet's uploads group.
pub fn uploads() -> Router<AppState> {
    Router::new().route("/cargo/{slug}/orders/upload/file", post(upload))
}

/// The uploads group's CSRF check: the token in `X-CSRF-Token`, or (a form
/// posted without JavaScript) in the multipart body's first field `csrf`.
/// The body (at most `max_upload_body`) is read here and handed on whole.
pub async fn csrf_header_or_field(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD {
        return next.run(req).await;
    }
    let Some(ui) = req.extensions().get::<Ui>().cloned() else {
        return AppError::Internal("csrf check without the ui layer".into()).into_response();
    };
    let refuse = || {
        tracing::warn!(http.path = ui.path, "upload without a valid CSRF token refused");
        AppError::Forbidden.into_response()
    };
    if ui.fresh_token {
        return refuse();
    }
    let header = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok());
    if header.is_some_and(|s| crate::secrets::same(s, &ui.csrf)) {
        return next.run(req).await;
    }
    let boundary = boundary(req.headers());
    let (parts, body) = req.into_parts();
    let Some(bytes) = read_limited(body, state.settings.max_upload_body).await else {
        // Said in the asker's language by the UI layer's error page.
        return crate::http::error::ErrorPage::Refused(web::i18n::ErrorCode::TooLarge, Vec::new())
            .response(StatusCode::PAYLOAD_TOO_LARGE);
    };
    let first = boundary.as_deref().and_then(|b| multipart(&bytes, b).into_iter().next());
    match first {
        Some(p) if p.name == "csrf" && crate::secrets::same(String::from_utf8_lossy(p.data).trim(), &ui.csrf) => {
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        _ => refuse(),
    }
}

/// How much of a body over the limit is still read (and thrown away) so the
/// browser hears the refusal: a peer that has not finished sending when the
/// connection closes sees it reset, not the page that says why.
const DRAIN_FACTOR: usize = 4;
/// How long draining may take.
const DRAIN_FOR: std::time::Duration = std::time::Duration::from_secs(10);

/// A request body of at most `limit` bytes; `None` for a longer one (read on
/// and discarded up to [`DRAIN_FACTOR`] × `limit` within [`DRAIN_FOR`], never
/// kept) or a body that broke off.
pub(crate) async fn read_limited(body: Body, limit: usize) -> Option<Bytes> {
    use axum::body::HttpBody as _;
    let mut body = body;
    let mut kept: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    let read = async {
        while let Some(frame) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await {
            let Ok(data) = frame.ok()?.into_data() else { continue };
            seen = seen.saturating_add(data.len());
            if seen <= limit {
                kept.extend_from_slice(&data);
            } else if seen > limit.saturating_mul(DRAIN_FACTOR) {
                return None;
            }
        }
        Some(())
    };
    tokio::time::timeout(DRAIN_FOR, read).await.ok()??;
    (seen <= limit).then(|| Bytes::from(kept))
}

/// A multipart body's boundary.
fn boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if !ct.trim_start().to_ascii_lowercase().starts_with("multipart/form-data") {
        return None;
    }
    ct.split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim_matches('"').to_owned())
}

/// A part of a multipart body.
#[derive(Debug, PartialEq, Eq)]
struct Part<'a> {
    name: String,
    file_name: Option<String>,
    data: &'a [u8],
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

/// The parts of a multipart body (a malformed tail is dropped).
fn multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<Part<'a>> {
    let delim = format!("--{boundary}");
    let delim = delim.as_bytes();
    let mut parts = Vec::new();
    let Some(mut at) = find(body, delim, 0) else { return parts };
    loop {
        let start = at + delim.len();
        if body.get(start..start + 2) == Some(b"--") {
            break;
        }
        let Some(head_end) = find(body, b"\r\n\r\n", start) else { break };
        let head = String::from_utf8_lossy(body.get(start..head_end).unwrap_or_default()).into_owned();
        let data_start = head_end + 4;
        let mut close = Vec::with_capacity(delim.len() + 2);
        close.extend_from_slice(b"\r\n");
        close.extend_from_slice(delim);
        let Some(end) = find(body, &close, data_start) else { break };
        let disposition = head.lines().find(|l| l.to_ascii_lowercase().starts_with("content-disposition"));
        let param = |key: &str| {
            disposition.and_then(|d| {
                d.split(';')
                    .filter_map(|p| p.trim().split_once('='))
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v.trim().trim_matches('"').to_owned())
            })
        };
        if let Some(name) = param("name") {
            parts.push(Part {
                name,
                file_name: param("filename"),
                data: body.get(data_start..end).unwrap_or_default(),
            });
        }
        at = end + 2;
    }
    parts
}

fn tabs(c: &CargoClient, current: &'static str, count: i64) -> OrderTabs {
    OrderTabs { base: c.base(), current, count }
}

async fn count(state: &AppState, c: &CargoClient) -> Result<i64, AppError> {
    let all = store::Filter::default();
    Ok(state.db.shipments(&Scope::Client(c.client.id.clone()), &all, &Page::First, 1).await?.total)
}

/// The dropdowns' choices in `lang`.
fn lists(geo: &Geo, lang: Lang) -> Lists {
    Lists {
        regions: geo
            .regions()
            .iter()
            .map(|r| xlsx::RegionChoice { soato: r.soato.clone(), name: r.name(lang).to_owned() })
            .collect(),
        districts: geo
            .districts()
            .iter()
            .map(|d| xlsx::DistrictChoice {
                soato: d.soato.clone(),
                region_soato: d.region.clone(),
                name: d.name(lang).to_owned(),
            })
            .collect(),
    }
}

fn xlsx_response(bytes: Body, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

fn xlsx_error(e: &xlsx::XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// Today in Tashkent.
fn today() -> i64 {
    web::format::tashkent_day(now_ms())
}

/// Every row parsed and priced: the shipments with their prices, the rows
/// refused with their problems.
struct Checked {
    good: Vec<(NewShipment, i64)>,
    bad: Vec<FailedRow>,
}

fn check(rows: Vec<RawRow>, geo: &Geo, tariff: Option<&Tariff>) -> Checked {
    let today = today();
    let mut out = Checked { good: Vec::new(), bad: Vec::new() };
    for raw in rows {
        let priced = draft::parse(&raw.cells, geo, today).and_then(|s| match tariff.map(|t| t.quote(&s.parcel())) {
            Some(Ok(q)) => Ok((s, q.total)),
            _ => Err(vec![(ShipmentField::ReceiverRegion, Problem::NoRoute)]),
        });
        match priced {
            Ok(item) => out.good.push(item),
            Err(problems) => out.bad.push(FailedRow { raw, problems }),
        }
    }
    out
}

async fn upload_page(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let all = count(&state, &c).await?;
    let u = &c.t().cargo.uploads;
    let notice = match q.notice.as_str() {
        "cancelled" => Some(u.cancelled.to_owned()),
        "already" => Some(u.already.to_owned()),
        _ => None,
    };
    page(&UploadPage { c: c.chrome(), tabs: tabs(&c, "upload", all), error: None, notice })
}

async fn template(State(state): State<AppState>, c: CargoClient) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let lang = c.ui.lang;
    let bytes = tokio::task::spawn_blocking(move || xlsx::template(lang, &lists(geo, lang)))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| xlsx_error(&e))?;
    Ok(xlsx_response(Body::from(bytes), &format!("template-{}.xlsx", lang.code())))
}

/// POST multipart `file`: checked, parsed and priced, stored `queued`, and
/// the preview shown (a refused file: the page again, 400, nothing stored).
async fn upload(
    State(state): State<AppState>,
    c: CargoClient,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, AppError> {
    let lang = c.ui.lang;
    let Some(body) = read_limited(body, state.settings.max_upload_body).await else {
        let mut res = refuse(&state, &c, "too_large", c.t().cargo.sheet.too_large.to_owned()).await?;
        *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return Ok(res);
    };
    let parts = boundary(&headers).map(|b| multipart(&body, &b)).unwrap_or_default();
    let file = parts.into_iter().find(|p| p.name == "file" && !p.data.is_empty());
    let Some(file) = file else {
        return refuse(&state, &c, "no_file", c.t().cargo.uploads.no_file.to_owned()).await;
    };
    let file_name: String = file.file_name.clone().unwrap_or_default().chars().take(120).collect();
    let data = file.data.to_vec();
    let read = tokio::task::spawn_blocking(move || xlsx::read_upload(&data, &UploadLimits::default()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let rows = match read {
        Ok(rows) => rows,
        Err(e) => {
            tracing::info!(client = %c.client.id, reason = e.code(), "an upload was refused");
            return refuse(&state, &c, e.code(), e.message(lang)).await;
        }
    };
    let geo = Geo::get(&state.db).await?;
    let tariff = state.db.cargo_tariff(&c.company.business_id).await?;
    let checked = check(rows.clone(), geo, tariff.as_ref());
    let id = UploadId::new();
    state
        .db
        .create_upload(&NewUpload {
            id: &id,
            business: &c.company.business_id,
            client: &c.client.id,
            uploaded_by: &c.client.full_name,
            file_name: &file_name,
            rows: &rows,
            invalid: i64::try_from(checked.bad.len()).unwrap_or(i64::MAX),
            at: now_ms(),
        })
        .await?;
    tracing::info!(upload = %id, rows = rows.len(), bad = checked.bad.len(), "an upload was checked");
    preview_page(&state, &c, &id, &file_name, rows.len(), &checked, tariff.is_none()).await
}

/// The upload page again with why the file was refused (400).
async fn refuse(state: &AppState, c: &CargoClient, code: &str, message: String) -> Result<Response, AppError> {
    let all = count(state, c).await?;
    let error = Some(Alert { code: code.to_owned(), message });
    let mut resp = page(&UploadPage { c: c.chrome(), tabs: tabs(c, "upload", all), error, notice: None })?;
    *resp.status_mut() = StatusCode::BAD_REQUEST;
    Ok(resp)
}

async fn preview_page(
    state: &AppState,
    c: &CargoClient,
    id: &UploadId,
    file_name: &str,
    rows: usize,
    checked: &Checked,
    no_tariff: bool,
) -> Result<Response, AppError> {
    let t = c.t();
    let u = &t.cargo.uploads;
    let mut bad = Vec::new();
    let mut problems = 0usize;
    for f in &checked.bad {
        for (field, p) in &f.problems {
            problems += 1;
            if bad.len() < SHOWN_PROBLEMS {
                bad.push(BadCell {
                    row: f.raw.number,
                    field: field.code(),
                    column: t.cargo.field(*field),
                    code: p.code(),
                    reason: t.cargo.problem(*p),
                });
            }
        }
    }
    let more =
        (problems > bad.len()).then(|| web::i18n::fill(u.more_problems, &[("n", &(problems - bad.len()).to_string())]));
    let total = checked.good.iter().try_fold(0i64, |a, (_, p)| a.checked_add(*p)).unwrap_or(i64::MAX);
    let error = if no_tariff {
        Some(Alert { code: "no_tariff".into(), message: t.cargo.shipments.no_tariff.into() })
    } else if checked.good.is_empty() {
        Some(Alert { code: "nothing_valid".into(), message: u.nothing_valid.into() })
    } else {
        None
    };
    let all = count(state, c).await?;
    page(&PreviewPage {
        c: c.chrome(),
        tabs: tabs(c, "upload", all),
        title: web::i18n::fill(u.preview_title, &[("file", file_name)]),
        id: id.to_string(),
        rows,
        valid: checked.good.len(),
        invalid: checked.bad.len(),
        bad,
        more,
        total: web::format::money(total),
        import_label: web::i18n::fill(u.import_button, &[("n", &checked.good.len().to_string())]),
        error,
    })
}

fn upload_id(id: &str) -> Result<UploadId, AppError> {
    UploadId::parse(id).ok_or(AppError::NotFound)
}

/// A queued upload's preview again (from the folders).
async fn preview(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = upload_id(&id)?;
    let up = state.db.client_upload(&c.client.id, &id).await?;
    if up.status != "queued" {
        return Ok(Redirect::to(&format!("{}/orders/folders/{id}", c.base())).into_response());
    }
    let rows = state.db.upload_rows(&c.client.id, &id).await?;
    let geo = Geo::get(&state.db).await?;
    let tariff = state.db.cargo_tariff(&c.company.business_id).await?;
    let n = rows.len();
    let checked = check(rows, geo, tariff.as_ref());
    preview_page(&state, &c, &id, &up.file_name, n, &checked, tariff.is_none()).await
}

/// Imports every valid row of a queued upload in one transaction; a second
/// submit finds the upload no longer queued and imports nothing.
async fn import(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = upload_id(&id)?;
    // Not the client's: 404 (the same as no such upload).
    state.db.client_upload(&c.client.id, &id).await?;
    let geo = Geo::get(&state.db).await?;
    let tariff = state.db.cargo_tariff(&c.company.business_id).await?;
    let started = std::time::Instant::now();
    let mut tx = state.db.begin_write().await?;
    let Some(rows) = uploads_store::take_queued(&mut tx, &c.client.id, &id).await? else {
        drop(tx);
        return Ok(Redirect::to(&format!("{}/orders/folders?notice=already", c.base())).into_response());
    };
    let checked = check(rows, geo, tariff.as_ref());
    let at = now_ms();
    let maker = Maker {
        business: &c.company.business_id,
        client: Some(&c.client.id),
        source: Source::Upload,
        upload: Some(&id),
        at,
        contract: None,
    };
    let made = if checked.good.is_empty() { Vec::new() } else { store::create(&mut tx, maker, &checked.good).await? };
    let imported = i64::try_from(made.len()).unwrap_or(i64::MAX);
    let status = uploads_store::finish(&mut tx, &id, imported, &checked.bad, at).await?;
    tx.commit().await.map_err(DbError::from)?;
    tracing::info!(
        upload = %id, imported, failed = checked.bad.len(), status, ms = started.elapsed().as_millis() as u64,
        "an upload was imported"
    );
    Ok(Redirect::to(&format!("{}/orders/folders?notice=imported&upload={id}", c.base())).into_response())
}

async fn cancel(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = upload_id(&id)?;
    state.db.client_upload(&c.client.id, &id).await?;
    let notice = if state.db.cancel_upload(&c.client.id, &id).await? { "cancelled" } else { "already" };
    Ok(Redirect::to(&format!("{}/orders/upload?notice={notice}", c.base())).into_response())
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct NoticeQuery {
    notice: String,
    upload: String,
}

fn folder_line(c: &CargoClient, u: &UploadRow) -> FolderLine {
    let t = &c.t().cargo.uploads;
    let base = c.base();
    let queued = u.status == "queued";
    FolderLine {
        id: u.id.to_string(),
        file: u.file_name.clone(),
        by: u.uploaded_by.clone(),
        date: web::format::tashkent(u.created_at),
        rows: u.rows_total,
        imported: u.rows_imported,
        failed: u.rows_failed,
        status: u.status.clone(),
        status_label: t.status(&u.status),
        failed_href: (!queued && u.rows_failed > 0).then(|| format!("{base}/orders/folders/{}/failed.xlsx", u.id)),
        href: if queued { format!("{base}/orders/upload/{}", u.id) } else { format!("{base}/orders/folders/{}", u.id) },
        link_label: if queued { t.preview_link } else { t.shipments_link },
    }
}

async fn folders(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, AppError> {
    let list = state.db.client_uploads(&c.client.id, FOLDERS_SHOWN).await?;
    let u = &c.t().cargo.uploads;
    let notice = match q.notice.as_str() {
        "imported" => list.iter().find(|x| x.id.as_str() == q.upload).map(|x| {
            web::i18n::fill(
                u.imported,
                &[("imported", &x.rows_imported.to_string()), ("failed", &x.rows_failed.to_string())],
            )
        }),
        "already" => Some(u.already.to_owned()),
        _ => None,
    };
    let all = count(&state, &c).await?;
    page(&FoldersPage {
        c: c.chrome(),
        tabs: tabs(&c, "folders", all),
        folders: list.iter().map(|x| folder_line(&c, x)).collect(),
        notice,
    })
}

async fn folder(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = upload_id(&id)?;
    let up = state.db.client_upload(&c.client.id, &id).await?;
    let geo = Geo::get(&state.db).await?;
    let rows = state.db.upload_shipments(&c.client.id, &id, FOLDER_ROWS).await?;
    let all = count(&state, &c).await?;
    let t = c.t();
    page(&FolderPage {
        c: c.chrome(),
        tabs: tabs(&c, "folders", all),
        title: web::i18n::fill(t.cargo.uploads.folder_title, &[("id", id.as_str())]),
        folder: folder_line(&c, &up),
        rows: rows.iter().map(|r| super::orders::line(&c.view(), geo, r)).collect(),
    })
}

async fn failed_file(
    State(state): State<AppState>,
    c: CargoClient,
    Path((_slug, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = upload_id(&id)?;
    state.db.client_upload(&c.client.id, &id).await?;
    let failed = state.db.upload_errors(&id).await?;
    if failed.is_empty() {
        return Err(AppError::NotFound);
    }
    let geo = Geo::get(&state.db).await?;
    let lang = c.ui.lang;
    let bytes = tokio::task::spawn_blocking(move || xlsx::failed_rows(lang, &lists(geo, lang), &failed))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| xlsx_error(&e))?;
    Ok(xlsx_response(Body::from(bytes), &format!("failed-{id}.xlsx")))
}

/// The orders list with the page's filters as xlsx, paged through the
/// database into a temporary file, then streamed.
async fn export(
    State(state): State<AppState>,
    c: CargoClient,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let geo = Geo::get(&state.db).await?;
    let lang = c.ui.lang;
    let filter = q.filter();
    let scope = Scope::Client(c.client.id.clone());
    let dir = std::env::temp_dir();
    let mut writer = ExportWriter::new(lang, &dir).map_err(|e| xlsx_error(&e))?;
    let mut at = Page::First;
    loop {
        let listing = state.db.shipments(&scope, &filter, &at, EXPORT_PAGE).await?;
        let rows: Vec<ExportRow> = listing.rows.iter().map(|r| export_row(geo, lang, r)).collect();
        writer = tokio::task::spawn_blocking(move || {
            let mut w = writer;
            w.extend(&rows).map(|()| w)
        })
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| xlsx_error(&e))?;
        match listing.rows.last() {
            Some(last) if listing.has_older => {
                at = Page::After(Cursor { created_at: last.created_at, id: last.id.to_string() });
            }
            _ => break,
        }
    }
    let file = tokio::task::spawn_blocking(move || writer.finish())
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| xlsx_error(&e))?;
    // The open handle keeps the file's data after the name goes.
    let handle = file.reopen().map_err(|e| AppError::Internal(format!("export file: {e}")))?;
    drop(file);
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(handle));
    let name = format!("orders-{}.xlsx", web::format::iso_date(today()));
    Ok(xlsx_response(Body::from_stream(stream), &name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_parts_are_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04\r\n--\r\n--XyZ--\r\n";
        let parts = multipart(body, "XyZ");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "csrf");
        assert_eq!(parts[0].data, b"tok");
        assert_eq!(parts[1].file_name.as_deref(), Some("a.xlsx"));
        assert_eq!(parts[1].data, b"PK\x03\x04\r\n--");
        // Garbage never panics.
        for cut in 0..body.len() {
            let _ = multipart(&body[..cut], "XyZ");
        }
        assert!(multipart(b"nothing", "XyZ").is_empty());
    }
}
