//! One error policy for every handler: a user's mistake becomes a clear 4xx
//! page or body; our failure becomes an opaque 500, its cause logged once here.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tracing::error;
use web::Template as _;
use web::i18n::ErrorCode;
use web::pages::{FormError, MessagePage};

use crate::accounts::AccountError;
use crate::db::DbError;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not there, or not yours (the two look the same on purpose).
    #[error("not found")]
    NotFound,
    /// The request itself is wrong: a catalog error code (see
    /// `web::i18n::Text::error`) and the values of its message.
    #[error("refused: {}", code.code())]
    Refused {
        /// Stable code.
        code: ErrorCode,
        /// Placeholder values.
        values: Vec<(&'static str, String)>,
    },
    /// Cross-site form post.
    #[error("forbidden")]
    Forbidden,
    /// Ours.
    #[error("internal: {0}")]
    Internal(String),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<AccountError> for AppError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Internal(m) => AppError::Internal(m),
            other => match other.code() {
                Some(code) => AppError::Refused { code, values: other.values() },
                None => AppError::Internal(other.to_string()),
            },
        }
    }
}

impl From<web::TemplateError> for AppError {
    fn from(e: web::TemplateError) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

/// A rendered page.
pub fn page(t: &impl web::Template) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

/// What went wrong, left on an error response for the UI layer, which
/// renders it in the asker's language with the portal's chrome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorPage {
    /// 404.
    NotFound,
    /// 400 (or 413): a catalog error code and its values.
    Refused(ErrorCode, Vec<(&'static str, String)>),
    /// 403: a form without a valid CSRF token, or from another site.
    Forbidden,
    /// 500.
    Internal,
}

impl ErrorPage {
    /// Title and text in `lang`.
    #[must_use]
    pub fn texts(&self, lang: web::i18n::Lang) -> (String, String) {
        let t = lang.text();
        match self {
            ErrorPage::NotFound => (t.chrome.not_found.into(), t.chrome.not_found_text.into()),
            ErrorPage::Refused(code, values) => (t.chrome.error_title.into(), FormError::new(t, *code, values).message),
            ErrorPage::Forbidden => (t.chrome.error_title.into(), t.chrome.error_csrf.into()),
            ErrorPage::Internal => (t.chrome.error_title.into(), t.chrome.error_internal.into()),
        }
    }

    /// The response: a plain page in Uzbek, replaced by the UI layer.
    #[must_use]
    pub fn response(self, status: StatusCode) -> Response {
        let (title, text) = self.texts(web::i18n::Lang::Uz);
        let body = MessagePage { c: web::pages::Chrome::default(), title, text }.render().unwrap_or_default();
        let mut res = (status, Html(body)).into_response();
        res.extensions_mut().insert(self);
        res
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => ErrorPage::NotFound.response(StatusCode::NOT_FOUND),
            AppError::Refused { code, values } => ErrorPage::Refused(code, values).response(StatusCode::BAD_REQUEST),
            AppError::Forbidden => ErrorPage::Forbidden.response(StatusCode::FORBIDDEN),
            AppError::Internal(cause) => {
                error!(error = cause, "request failed");
                ErrorPage::Internal.response(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}
