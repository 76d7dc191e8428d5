//! The one-command demo: the cloud on embedded SQLite, a demo owner with a
//! branch, one hub enrolled with the branch's code, simulated terminals
//! selling through it. State lives under `data/demo/`, so a second run
//! carries on.

use std::path::Path;

use crate::ids::{BranchId, BusinessId};
use crate::accounts::Details;
use crate::branches::store::BranchCreated;
use crate::{Cloud, CloudError, hubs};

/// The demo owner's phone.
pub const DEMO_PHONE: &str = "+998901234567";
/// The demo owner's password.
pub const DEMO_PASSWORD: &str = "demo-parol-2026";

/// Makes sure the demo owner and its branch exist; returns the branch id.
///
/// # Errors
/// [`CloudError`].
pub async fn owner_and_branch(cloud: &Cloud) -> Result<(String, String), CloudError> {
    let state = &cloud.state;
    let owner = match state.db.owner_by_phone(DEMO_PHONE).await {
        Ok(o) => o,
        Err(crate::db::DbError::NotFound) => {
            let details = Details {
                first_name: "Aziz".into(),
                last_name: "Karimov".into(),
                business_name: "Choyxona Demo".into(),
                password: DEMO_PASSWORD.into(),
                password_confirm: DEMO_PASSWORD.into(),
            };
            let id = state
                .accounts
                .create_owner_directly(DEMO_PHONE, &details)
                .await
                .map_err(|e| CloudError::Settings(e.to_string()))?;
            state.db.owner(&id).await?
        }
        Err(e) => return Err(e.into()),
    };
    let branches = state.db.branches(&owner.business_id).await?;
    let branch = match branches.first() {
        Some(b) => b.id.clone(),
        None => match state
            .db
            .create_branch(&owner.business_id, "Chilonzor filiali", "Toshkent, Chilonzor 9-kvartal", "+998712000000")
            .await?
        {
            BranchCreated::Created(id) => id,
            BranchCreated::LimitReached { .. } => return Err(CloudError::Settings("no branch allowed".into())),
        },
    };
    Ok((owner.business_id, branch))
}

/// Enrols the demo hub (whose data dir is `hub_dir`) with a fresh code if it
/// has no cloud link yet.
///
/// # Errors
/// [`CloudError`].
pub async fn enrol_hub(
    cloud: &Cloud,
    business_id: &str,
    branch_id: &str,
    hub_settings: &edge_hub::settings::Settings,
    hub_dir: &Path,
) -> Result<(), CloudError> {
    let link = edge_hub::sync::CloudLink::load(&hub_settings.cloud_link_path())
        .map_err(|e| CloudError::Settings(e.to_string()))?;
    if link.is_some() {
        return Ok(());
    }
    let (code, _) = hubs::issue_code(&cloud.state.db, business_id, branch_id).await?;
    edge_hub::sync::enroll(hub_settings, &cloud.url(), &code, "demo-hub")
        .await
        .map_err(|e| CloudError::Settings(format!("enrolling the demo hub in {}: {e}", hub_dir.display())))?;
    Ok(())
}
