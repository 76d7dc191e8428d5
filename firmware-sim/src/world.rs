//! The demo business in a cloud: its owner, branches and hub enrolment
//! codes. Every call the demo and the cross-service benches make into the
//! cloud is here, so only this file names the cloud's paths.

use std::path::Path;
use std::sync::Arc;

use cloud::accounts::Details;
use cloud::branches::store::BranchCreated;

pub use cloud::Cloud;

/// Why the demo's cloud side failed.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    /// The cloud's settings.
    #[error("the cloud's settings: {0}")]
    Settings(#[from] cloud::settings::SettingsError),
    /// The cloud could not start (a port taken, its database).
    #[error("starting the cloud: {0}")]
    Cloud(#[from] cloud::CloudError),
    /// The cloud's database.
    #[error("the cloud's database: {0}")]
    Db(#[from] cloud::db::DbError),
    /// The demo owner could not be made.
    #[error("creating the demo owner: {0}")]
    Owner(#[from] cloud::accounts::AccountError),
    /// The business has all the branches its tariff allows.
    #[error("the demo business may have {0} branches and has them all; delete the demo's data to start afresh")]
    BranchLimit(i64),
}
pub use cloud::ids::{BranchId, BusinessId};

/// The demo owner's phone.
pub const PHONE: &str = "+998901234567";
/// The demo owner's password.
pub const PASSWORD: &str = "demo-parol-2026";
/// A tariff that allows three branches.
const TARIFF: &str = "biznes";

/// Starts the cloud on its embedded SQLite database in `data_dir`, at the
/// address its settings name (`127.0.0.1:8080` unless configured).
///
/// # Errors
/// [`WorldError`]: bad settings, the port taken, the database.
pub async fn start(data_dir: &Path) -> Result<Cloud, WorldError> {
    cloud::install_crypto_provider();
    let mut settings = cloud::settings::Settings::load(None)?;
    settings.data_dir = data_dir.to_path_buf();
    let state = cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?;
    Ok(cloud::Cloud::start(state).await?)
}

/// Stops the cloud.
pub async fn stop(cloud: Cloud) -> Result<(), WorldError> {
    Ok(cloud.shutdown().await?)
}

/// The demo owner's business (made on the first start), on a tariff that
/// allows three branches. Returns its id.
pub async fn business(cloud: &Cloud) -> Result<BusinessId, WorldError> {
    let state = &cloud.state;
    let owner = match state.db.owner_by_phone(PHONE).await {
        Ok(owner) => owner,
        Err(cloud::db::DbError::NotFound) => {
            let details = Details {
                first_name: "Jamshid".into(),
                last_name: "Rahimov".into(),
                business_name: "Nur Demo".into(),
                password: PASSWORD.into(),
                password_confirm: PASSWORD.into(),
            };
            let id = state.accounts.create_owner_directly(PHONE, &details).await?;
            state.db.owner(&id).await?
        }
        Err(e) => return Err(e.into()),
    };
    state.db.set_tariff(&owner.business_id, TARIFF).await?;
    Ok(owner.business_id)
}

/// The business's branch called `name`, made if missing. Returns its id.
pub async fn branch(
    cloud: &Cloud,
    business_id: &BusinessId,
    name: &str,
    address: &str,
    phone: &str,
) -> Result<BranchId, WorldError> {
    let db = &cloud.state.db;
    if let Some(branch) = db.branches(business_id).await?.into_iter().find(|b| b.name == name) {
        return Ok(branch.id);
    }
    match db.create_branch(business_id, name, address, phone).await? {
        BranchCreated::Created(id) => Ok(id),
        BranchCreated::LimitReached { max } => Err(WorldError::BranchLimit(max)),
    }
}

/// A fresh enrolment code for the branch's hub.
pub async fn enrolment_code(
    cloud: &Cloud,
    business_id: &BusinessId,
    branch_id: &BranchId,
) -> Result<String, WorldError> {
    let (code, _expires) = cloud::branches::hubs::issue_code(&cloud.state.db, business_id, branch_id).await?;
    Ok(code)
}
