//! The cabinet's uploads (`templates/cargo/upload*.html`, `folders.html`):
//! the upload page (C4), the preview of a checked file, the uploads'
//! folders (C5) and one upload's shipments.

use askama::Template;

use super::cargo::{Alert, CargoChrome};
use super::cargo_shipments::{OrderTabs, ShipmentLine};
use crate::i18n::cargo_uploads::UploadsText;

/// The upload form.
#[derive(Debug, Template)]
#[template(path = "cargo/upload.html")]
pub struct UploadPage {
    /// Layout.
    pub c: CargoChrome,
    /// Tabs.
    pub tabs: OrderTabs,
    /// A refused file, in the page's language.
    pub error: Option<Alert>,
    /// A notice (imported, cancelled).
    pub notice: Option<String>,
}

/// A problem of a row in the preview.
#[derive(Debug, Clone)]
pub struct BadCell {
    /// The spreadsheet's row number.
    pub row: u32,
    /// The field's form name (`data-field`).
    pub field: &'static str,
    /// The column's label.
    pub column: &'static str,
    /// Problem code (`data-problem`).
    pub code: &'static str,
    /// What is wrong.
    pub reason: &'static str,
}

/// The preview of a checked file.
#[derive(Debug, Template)]
#[template(path = "cargo/upload_preview.html")]
pub struct PreviewPage {
    /// Layout.
    pub c: CargoChrome,
    /// Tabs.
    pub tabs: OrderTabs,
    /// The heading.
    pub title: String,
    /// The upload's id.
    pub id: String,
    /// Rows read.
    pub rows: usize,
    /// Rows that parse and price.
    pub valid: usize,
    /// Rows that do not.
    pub invalid: usize,
    /// The first problems.
    pub bad: Vec<BadCell>,
    /// "… and N more problems", when cut.
    pub more: Option<String>,
    /// The valid rows' total price.
    pub total: String,
    /// "Import N valid rows".
    pub import_label: String,
    /// A warning (no tariff, nothing valid).
    pub error: Option<Alert>,
}

/// An upload in the folders list.
#[derive(Debug, Clone)]
pub struct FolderLine {
    /// Id.
    pub id: String,
    /// The file's name.
    pub file: String,
    /// Who uploaded it.
    pub by: String,
    /// `DD.MM.YYYY HH:MM`, Tashkent.
    pub date: String,
    /// Rows.
    pub rows: i64,
    /// Imported.
    pub imported: i64,
    /// Failed.
    pub failed: i64,
    /// Status code (`data-status`).
    pub status: String,
    /// Status name.
    pub status_label: &'static str,
    /// The failed rows file, when there are any.
    pub failed_href: Option<String>,
    /// Its shipments (imported) or its preview (queued).
    pub href: String,
    /// The link's label.
    pub link_label: &'static str,
}

/// The uploads' folders.
#[derive(Debug, Template)]
#[template(path = "cargo/folders.html")]
pub struct FoldersPage {
    /// Layout.
    pub c: CargoChrome,
    /// Tabs.
    pub tabs: OrderTabs,
    /// Uploads, newest first.
    pub folders: Vec<FolderLine>,
    /// A notice (imported, cancelled).
    pub notice: Option<String>,
}

/// One upload's shipments.
#[derive(Debug, Template)]
#[template(path = "cargo/upload_folder.html")]
pub struct FolderPage {
    /// Layout.
    pub c: CargoChrome,
    /// Tabs.
    pub tabs: OrderTabs,
    /// The heading.
    pub title: String,
    /// The upload.
    pub folder: FolderLine,
    /// Its shipments.
    pub rows: Vec<ShipmentLine>,
}

macro_rules! strings {
    ($($t:ty),*) => {$(
        impl $t {
            /// The upload pages' strings.
            #[must_use]
            pub fn u(&self) -> &'static UploadsText {
                &self.c.t.cargo.uploads
            }
        }
    )*};
}
strings!(UploadPage, PreviewPage, FoldersPage, FolderPage);
