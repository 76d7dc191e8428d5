//! Harness for Click (B3): a cloud configured as a Click merchant, one
//! registered owner, invoices made straight in the database, and
//! [`cloud::billing::sim::click::ClickCaller`] to play Click.

use std::path::Path;
use std::sync::Arc;

use cloud::billing::invoices::{Invoice, Origin};
use cloud::billing::lifecycle::Period;
use cloud::billing::settings::ClickSettings;
use cloud::billing::sim::click::{ClickCaller, ClickSim};
use cloud::db::Db;
use cloud::ids::BusinessId;
use cloud::settings::{Secret, Settings};

use crate::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

/// Click's service id in these tests.
pub const SERVICE_ID: &str = "28420";
/// Merchant id.
pub const MERCHANT_ID: &str = "11235";
/// Merchant user id.
pub const MERCHANT_USER_ID: &str = "22271";
/// The shared secret (must never reach a log).
pub const SECRET: &str = "click-TEST-secret-9f3b7";

/// The Click settings the cloud and the caller share.
pub fn click_settings() -> ClickSettings {
    ClickSettings {
        service_id: SERVICE_ID.into(),
        merchant_id: MERCHANT_ID.into(),
        merchant_user_id: MERCHANT_USER_ID.into(),
        secret_key: Secret::new(SECRET),
        ..ClickSettings::default()
    }
}

/// A cloud that is a Click merchant, with one registered owner.
pub struct ClickStack {
    /// The SMS simulator (registration).
    pub sms: Sms,
    /// The cloud.
    pub cloud: CloudProcess,
    /// The test's own pool on the cloud's database.
    pub db: Db,
    /// The owner's business.
    pub business: BusinessId,
    /// Plays Click.
    pub click: ClickCaller,
    /// The in-process Click simulator, when started.
    pub sim: Option<ClickSim>,
}

impl ClickStack {
    /// Builds it (the cloud running); with `with_sim`, a Click simulator
    /// serves and the cloud's `billing.click.pay_url` points at it.
    /// `None` when the database kind is not available here.
    pub async fn new(kind: DbKind, dir: &Path, owner_no: u32, with_sim: bool) -> Option<ClickStack> {
        let db = TestDb::new(kind, dir).await?;
        let sms = Sms::start().await;
        let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
        cloud.set_env("CLOUD__BILLING__CLICK__SERVICE_ID", SERVICE_ID);
        cloud.set_env("CLOUD__BILLING__CLICK__MERCHANT_ID", MERCHANT_ID);
        cloud.set_env("CLOUD__BILLING__CLICK__MERCHANT_USER_ID", MERCHANT_USER_ID);
        cloud.set_env("CLOUD__BILLING__CLICK__SECRET_KEY", SECRET);
        cloud.set_env("CLOUD__BILLING__PUBLIC_URL", cloud.base());
        let sim = if with_sim {
            let sim = cloud::billing::sim::click::start(Arc::new(Self::sim_settings(&cloud))).await.unwrap();
            cloud.set_env("CLOUD__BILLING__CLICK__PAY_URL", sim.pay_url());
            Some(sim)
        } else {
            None
        };
        cloud.start().await;
        let portal = Portal::new(&cloud);
        let owner = Owner::numbered(owner_no);
        portal.register(&sms, &owner).await;
        let pool = db.open().await;
        let business = pool.owner_by_phone(&owner.phone).await.unwrap().business_id;
        let click = ClickCaller::new(&cloud.base(), &click_settings());
        Some(ClickStack { sms, cloud, db: pool, business, click, sim })
    }

    /// The settings the simulator plays Click with (the cloud's).
    pub fn sim_settings(cloud: &CloudProcess) -> Settings {
        let mut s = Settings::default();
        s.billing.public_url = cloud.base();
        s.billing.click = click_settings();
        s
    }

    /// A new open invoice for the "biznes" tariff.
    pub async fn invoice(&self, period: Period) -> Invoice {
        let tariff = self.db.tariff("biznes").await.unwrap();
        self.db.create_invoice(&self.business, &tariff, period, Origin::Owner, cloud::db::now_ms()).await.unwrap()
    }

    /// The whole cloud log (to check what it never writes).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.cloud.dir.join("cloud.log")).unwrap_or_default()
    }
}
