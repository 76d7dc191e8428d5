//! One error policy for every handler: a user's mistake becomes a clear 4xx
//! page or body; our failure becomes an opaque 500, its cause logged once here.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use tracing::error;
use web::Template as _;
use web::pages::MessagePage;

use crate::accounts::AccountError;
use crate::db::DbError;

/// What a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not there, or not yours (the two look the same on purpose).
    #[error("not found")]
    NotFound,
    /// The request itself is wrong.
    #[error("{0}")]
    BadRequest(String),
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
            other => AppError::BadRequest(other.to_string()),
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

fn message(status: StatusCode, title: &str, text: &str) -> Response {
    let body = MessagePage { title: title.into(), text: text.into() }.render().unwrap_or_else(|_| text.to_owned());
    (status, Html(body)).into_response()
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => message(StatusCode::NOT_FOUND, "Topilmadi", "Bunday sahifa yo'q."),
            AppError::BadRequest(m) => message(StatusCode::BAD_REQUEST, "Xato so'rov", &m),
            AppError::Forbidden => message(StatusCode::FORBIDDEN, "Ruxsat yo'q", "So'rov boshqa saytdan keldi."),
            AppError::Internal(cause) => {
                error!(error = cause, "request failed");
                message(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Xatolik",
                    "Kutilmagan xatolik. Birozdan so'ng urinib ko'ring.",
                )
            }
        }
    }
}
