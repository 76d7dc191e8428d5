//! Payment settings (P11): the providers, and each branch's Multicard
//! credentials with the secret sealed at rest. The token status is real:
//! saving asks Multicard for a token at once, and showing the page asks
//! again when the last answer is stale (the token expired, or a refusal is
//! ten minutes old). "Not checked yet" only before the first check.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::i18n::ErrorCode;
use web::pages::{Choice, FormError, PaymentSettingsPage, Provider};

use crate::billing::store::MulticardSettings;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::ids::BranchId;
use crate::portal::Viewing;

/// The payment settings pages.
pub fn pages() -> Router<AppState> {
    Router::new().route("/payment-settings", get(settings_page)).route("/payment-settings/{branch}", post(save))
}

#[derive(Debug, Default, Deserialize)]
struct BranchQuery {
    #[serde(default)]
    branch: String,
    #[serde(default)]
    saved: String,
}

#[derive(Debug, Default, Deserialize)]
struct MulticardForm {
    #[serde(default)]
    store_id: String,
    #[serde(default)]
    application_id: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    enabled: Option<String>,
}

/// Which branch the page sets up: the one asked for, else the branch
/// selector's, else the first. `None` when the business has no branch;
/// `Err` for a branch that is not the business's.
fn branch_for(v: &Viewing, asked: &str) -> Result<Option<(BranchId, String)>, AppError> {
    let pick = |id: &str| v.branches.iter().find(|b| b.id == id).map(|b| (b.id.clone(), b.name.clone()));
    if !asked.is_empty() {
        return pick(asked).map(Some).ok_or(AppError::NotFound);
    }
    Ok(v.scope
        .branch_id
        .as_deref()
        .and_then(pick)
        .or_else(|| v.branches.first().map(|b| (b.id.clone(), b.name.clone()))))
}

fn render(
    v: &Viewing,
    branch: Option<(BranchId, String)>,
    stored: Option<&MulticardSettings>,
    typed: Option<&MulticardForm>,
    error: Option<FormError>,
    notice: Option<String>,
) -> PaymentSettingsPage {
    let t = v.t();
    let (branch_id, branch_name) = branch.map(|(id, name)| (id.to_string(), name)).unwrap_or_default();
    let (token, token_code) = match stored.map(|s| s.token_status.as_str()) {
        Some("active") => (t.billing.pay_token_active, "active"),
        Some("inactive") => (t.billing.pay_token_inactive, "inactive"),
        _ => (t.billing.pay_token_unchecked, "unchecked"),
    };
    PaymentSettingsPage {
        c: v.chrome(),
        providers: [("Multicard", true), ("ATMOS", false), ("Click", false), ("Payme", false), ("Sello", false)]
            .into_iter()
            .map(|(name, available)| Provider { name: name.into(), available })
            .collect(),
        branches: v
            .branches
            .iter()
            .map(|b| Choice { code: b.id.to_string(), label: b.name.clone(), selected: b.id == branch_id })
            .collect(),
        branch_id,
        branch_name,
        store_id: typed.map_or_else(|| stored.map(|s| s.store_id.clone()).unwrap_or_default(), |f| f.store_id.clone()),
        application_id: typed
            .map_or_else(|| stored.map(|s| s.application_id.clone()).unwrap_or_default(), |f| f.application_id.clone()),
        secret_saved: stored.is_some(),
        enabled: typed.map_or_else(|| stored.is_some_and(|s| s.enabled), |f| f.enabled.is_some()),
        token: token.to_owned(),
        token_code: token_code.to_owned(),
        error,
        notice,
    }
}

async fn settings_page(
    State(state): State<AppState>,
    v: Viewing,
    Query(q): Query<BranchQuery>,
) -> Result<Response, AppError> {
    let branch = branch_for(&v, q.branch.trim())?;
    let mut stored = match &branch {
        Some((id, _)) => state.db.multicard(&v.owner.business_id, id).await?,
        None => None,
    };
    if let (Some(s), Some((id, _))) = (stored.as_mut(), &branch) {
        s.token_status = checked_status(&state, id).await?;
    }
    let notice = (q.saved == "1").then(|| v.t().billing.pay_saved.to_owned());
    page(&render(&v, branch, stored.as_ref(), None, None, notice))
}

/// The branch's token status, checked with Multicard first when stale.
async fn checked_status(state: &AppState, branch_id: &BranchId) -> Result<String, AppError> {
    match state.db.multicard_credentials(branch_id).await? {
        Some(creds) => Ok(crate::billing::multicard::token::status(state, &creds).await?),
        None => Ok(crate::billing::multicard::token::UNCHECKED.to_owned()),
    }
}

/// The first field that is wrong, as a catalog code.
fn invalid(form: &MulticardForm, have_secret: bool) -> Option<ErrorCode> {
    let store = form.store_id.trim();
    if store.is_empty() || store.len() > 12 || !store.bytes().all(|b| b.is_ascii_digit()) {
        return Some(ErrorCode::StoreId);
    }
    let app = form.application_id.trim();
    if app.is_empty() || app.chars().count() > 64 || app.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(ErrorCode::ApplicationId);
    }
    let secret = form.secret.trim();
    let missing = secret.is_empty() && !have_secret;
    if missing || secret.chars().count() > 256 || secret.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some(ErrorCode::Secret);
    }
    None
}

async fn save(
    State(state): State<AppState>,
    v: Viewing,
    Path(asked): Path<String>,
    Form(form): Form<MulticardForm>,
) -> Result<Response, AppError> {
    let branch = branch_for(&v, &asked)?;
    let branch_id = branch.as_ref().map(|(id, _)| id.clone()).ok_or(AppError::NotFound)?;
    let business = v.owner.business_id.clone();
    let stored = state.db.multicard(&business, &branch_id).await?;
    if let Some(code) = invalid(&form, stored.is_some()) {
        let error = FormError::new(v.t(), code, &[]);
        let mut res = page(&render(&v, branch, stored.as_ref(), Some(&form), Some(error), None))?;
        *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return Ok(res);
    }
    let secret = form.secret.trim();
    let secret_sealed = match (&stored, secret.is_empty()) {
        // An empty field keeps the stored secret.
        (Some(s), true) => s.secret_sealed.clone(),
        _ => state.vault.seal(secret, &branch_id).map_err(|e| AppError::Internal(e.to_string()))?,
    };
    let settings = MulticardSettings {
        store_id: form.store_id.trim().to_owned(),
        application_id: form.application_id.trim().to_owned(),
        secret_sealed,
        enabled: form.enabled.is_some(),
        token_status: String::new(),
    };
    state.db.save_multicard(&business, &branch_id, &settings).await?;
    let status = checked_status(&state, &branch_id).await?;
    tracing::info!(branch.id = %branch_id, token.status = %status, "multicard settings saved");
    Ok(Redirect::to(&format!("/payment-settings?branch={branch_id}&saved=1")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(store: &str, app: &str, secret: &str) -> MulticardForm {
        MulticardForm { store_id: store.into(), application_id: app.into(), secret: secret.into(), enabled: None }
    }

    #[test]
    fn validation() {
        assert_eq!(invalid(&form("123", "app-1", "s3cret"), false), None);
        assert_eq!(invalid(&form("", "app", "s"), false), Some(ErrorCode::StoreId));
        assert_eq!(invalid(&form("12a", "app", "s"), false), Some(ErrorCode::StoreId));
        assert_eq!(invalid(&form("1234567890123", "app", "s"), false), Some(ErrorCode::StoreId));
        assert_eq!(invalid(&form("1", "", "s"), false), Some(ErrorCode::ApplicationId));
        assert_eq!(invalid(&form("1", "a b", "s"), false), Some(ErrorCode::ApplicationId));
        assert_eq!(invalid(&form("1", "app", ""), false), Some(ErrorCode::Secret), "a first save needs the secret");
        assert_eq!(invalid(&form("1", "app", ""), true), None, "later saves may keep it");
        assert_eq!(invalid(&form("1", "app", "a b"), true), Some(ErrorCode::Secret));
        assert_eq!(invalid(&form("1", "app", &"x".repeat(257)), false), Some(ErrorCode::Secret));
    }
}
