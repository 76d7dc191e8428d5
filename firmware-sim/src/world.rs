//! The demo business in a cloud: its owner, branches and hub enrolment
//! codes, its payment providers (local Payme, Click and Multicard
//! simulators speaking the published protocols) and its billing history.
//! Every call the demo and the cross-service benches make into the cloud is
//! here, so only this file names the cloud's paths.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use cloud::billing::invoices::Origin;
use cloud::billing::lifecycle::Period;
use cloud::billing::sim;
use serde_json::json;
use tokio::net::TcpListener;

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
    /// Linking the demo owner's Telegram.
    #[error("the demo's Telegram: {0}")]
    Telegram(String),
    /// The cloud's database.
    #[error("the cloud's database: {0}")]
    Db(#[from] cloud::db::DbError),
    /// The demo owner could not be made.
    #[error("creating the demo owner: {0}")]
    Owner(#[from] cloud::accounts::AccountError),
    /// The business has all the branches its tariff allows.
    #[error("the demo business may have {0} branches and has them all; delete the demo's data to start afresh")]
    BranchLimit(i64),
    /// A simulator's port.
    #[error("a payment simulator: {0}")]
    Io(#[from] std::io::Error),
    /// A simulated payment did not go through.
    #[error("a demo payment: {0}")]
    Payment(String),
    /// The demo administrator.
    #[error("the demo administrator: {0}")]
    Admin(#[from] cloud::admin::AdminError),
}
pub use cloud::ids::{BranchId, BusinessId};

/// The demo owner's phone.
pub const PHONE: &str = "+998901234567";
/// The demo owner's password.
pub const PASSWORD: &str = "demo-parol-2026";
/// A tariff that allows three branches.
const TARIFF: &str = "biznes";

/// The demo's Payme cash desk (24 hex digits, as Payme's ids are).
pub const PAYME_MERCHANT: &str = "64d1a0c2e9b3f4a5c6d7e8f9";
/// The demo's Multicard application (registered with its simulator).
pub const MULTICARD_APPLICATION: &str = "nur-demo";
/// Its secret (the simulator's; sealed in the cloud like any other).
const MULTICARD_SECRET: &str = "demo-multicard-secret";
/// Its store.
pub const MULTICARD_STORE: &str = "1207";
/// Payme's sandbox test card, which the simulator accepts too.
pub const TEST_CARD: &str = "8600 0691 9540 6311, 03/99, SMS code 666666";

/// Where the demo's payment simulators listen.
#[derive(Debug, Clone)]
pub struct Providers {
    /// Payme: the checkout and the Subscribe API (`/api`).
    pub payme: SocketAddr,
    /// Click's payment page.
    pub click: SocketAddr,
    /// Multicard's API and checkout.
    pub multicard: SocketAddr,
    /// The merchant services the Click simulator serves (the platform's;
    /// a courier company registers its own).
    pub click_services: sim::click::ClickServices,
    /// The Telegram Bot API simulator (and its stand-in web client).
    pub telegram: SocketAddr,
    /// Its state: what the bot sent, the demo owner's messages.
    pub bot: cloud::telegram::sim::BotSim,
}

/// The demo bot's token (the simulator's; BotFather's shape).
pub const BOT_TOKEN: &str = "7000000001:AAE-demo-bot-token_0123456789";
/// The demo bot's username.
pub const BOT_USERNAME: &str = "nur_demo_bot";

/// The demo owner's Telegram account.
#[must_use]
pub fn owner_telegram() -> cloud::telegram::initdata::TelegramUser {
    cloud::telegram::initdata::TelegramUser {
        id: 100_200_300,
        first_name: "Aziz".into(),
        username: Some("aziz_demo".into()),
        language_code: Some("uz".into()),
    }
}

impl Providers {
    /// Points the cloud's billing settings at the simulators, with the
    /// demo's merchant credentials (the simulators check the same ones).
    fn configure(&self, s: &mut cloud::settings::Settings) {
        let b = &mut s.billing;
        b.payme.merchant_id = PAYME_MERCHANT.into();
        b.payme.key = cloud::settings::Secret::new("demo-payme-key");
        b.payme.checkout_url = format!("http://{}", self.payme);
        b.payme.subscribe_url = format!("http://{}/api", self.payme);
        b.payme.subscribe_key = cloud::settings::Secret::new("demo-payme-subscribe-key");
        b.click.service_id = "30301".into();
        b.click.merchant_id = "20202".into();
        b.click.merchant_user_id = "40404".into();
        b.click.secret_key = cloud::settings::Secret::new("demo-click-secret");
        b.click.pay_url = format!("http://{}/services/pay", self.click);
        b.multicard.base_url = format!("http://{}", self.multicard);
        let t = &mut s.telegram;
        t.mode = cloud::telegram::Mode::Polling;
        t.bot_token = cloud::settings::Secret::new(BOT_TOKEN);
        t.bot_username = BOT_USERNAME.into();
        t.api_base_url = format!("http://{}", self.telegram);
        // The stand-in web client is on `localhost`, another site than the
        // portal's 127.0.0.1, as web.telegram.org is for a real portal.
        t.frame_ancestors.push(format!("http://localhost:{}", self.telegram.port()));
    }
}

/// Starts the cloud on its embedded SQLite database in `data_dir`, at the
/// address its settings name (`127.0.0.1:8080` unless configured), with
/// Payme, Click and Multicard simulators on free ports as its providers.
///
/// # Errors
/// [`WorldError`]: bad settings, a port taken, the database.
pub async fn start(data_dir: &Path) -> Result<(Cloud, Providers), WorldError> {
    cloud::install_crypto_provider();
    let mut settings = cloud::settings::Settings::load(None)?;
    settings.data_dir = data_dir.to_path_buf();
    // The demo is a development run: codes in the log, cookies that a
    // browser keeps over plain HTTP on any address it is opened at.
    settings.development = true;
    // Its online shop's webhook receiver listens on loopback.
    settings.webhooks.allow_private = true;
    let payme = TcpListener::bind("127.0.0.1:0").await?;
    let click = TcpListener::bind("127.0.0.1:0").await?;
    let multicard = TcpListener::bind("127.0.0.1:0").await?;
    let telegram = TcpListener::bind("127.0.0.1:0").await?;
    let providers = Providers {
        payme: payme.local_addr()?,
        click: click.local_addr()?,
        multicard: multicard.local_addr()?,
        click_services: sim::click::ClickServices::default(),
        telegram: telegram.local_addr()?,
        bot: cloud::telegram::sim::BotSim::new(BOT_TOKEN, BOT_USERNAME),
    };
    providers.configure(&mut settings);
    let state = cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?;
    let cloud = cloud::Cloud::start(state).await?;
    // The simulators call the cloud where it really listens.
    let settings = Arc::clone(&cloud.state.settings);
    tokio::spawn(sim::payme::serve(payme, Arc::clone(&settings), std::future::pending()));
    providers.click_services.add(sim::click::ClickCaller::new(&settings.public_url(), &settings.billing.click));
    let (services, public) = (providers.click_services.clone(), settings.public_url());
    tokio::spawn(async move { sim::click::serve_with(click, services, &public, std::future::pending()).await });
    let multicard_sim = sim::multicard::MulticardSim::new();
    multicard_sim.register(MULTICARD_APPLICATION, MULTICARD_SECRET, MULTICARD_STORE);
    tokio::spawn(async move { multicard_sim.serve(multicard, std::future::pending()).await });
    let web = cloud::telegram::sim_web::router(providers.bot.clone(), &format!("{}/tg", cloud.url()), owner_telegram());
    let bot_api = providers.bot.router().merge(web);
    tokio::spawn(async move { axum::serve(telegram, bot_api).await });
    Ok((cloud, providers))
}

/// Links the demo owner's Telegram on the first start, as the owner would:
/// a link made on the profile, `/start <token>` written to the bot. On
/// later starts the owner writes `/start` again (the simulator forgets its
/// chats when it stops). Returns the simulated web client's address and
/// whether the link was made now.
///
/// # Errors
/// [`WorldError`].
pub async fn telegram(cloud: &Cloud, providers: &Providers) -> Result<(String, bool), WorldError> {
    let state = &cloud.state;
    let owner = state.db.owner_by_phone(PHONE).await?;
    let user = owner_telegram();
    let said = cloud::telegram::sim::SimUser {
        id: user.id,
        first_name: user.first_name.clone(),
        username: user.username.clone(),
        language_code: user.language_code.clone(),
    };
    let first = cloud::telegram::store::link_of_owner(&state.db, &owner.id).await?.is_none();
    if first {
        let link =
            cloud::telegram::new_link(state, &owner.id).await.map_err(|e| WorldError::Telegram(e.to_string()))?;
        let token = link.rsplit_once("start=").map(|(_, t)| t.to_owned()).unwrap_or_default();
        providers.bot.user_says(said, &format!("/start {token}"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while cloud::telegram::store::link_of_owner(&state.db, &owner.id).await?.is_none() {
            if std::time::Instant::now() > deadline {
                return Err(WorldError::Telegram("the bot did not link the demo owner in 20 s".into()));
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    } else {
        providers.bot.user_says(said, "/start");
    }
    Ok((format!("http://localhost:{}/web", providers.telegram.port()), first))
}

/// The demo owner's daily summary at 00:00 instead of 09:00, so that
/// yesterday's goes out at the notifier's next round (once the history has
/// synced, or its figures would be short).
///
/// # Errors
/// [`WorldError`].
pub async fn telegram_summary_now(cloud: &Cloud) -> Result<(), WorldError> {
    let state = &cloud.state;
    let owner = state.db.owner_by_phone(PHONE).await?;
    let prefs = cloud::telegram::store::Prefs { summary_minute: 0, ..cloud::telegram::store::Prefs::default() };
    cloud::telegram::store::save_prefs(&state.db, &owner.id, &prefs).await?;
    Ok(())
}

/// On the first start, the demo business's billing: a month paid through
/// Payme and one through Click (the providers' real calls, through the
/// simulators), Multicard set up on `branch` with its token checked, and a
/// platform administrator. Returns the administrator's login and the
/// temporary password made for it (kept in `data_dir` so later starts can
/// say it; it must be changed at the first sign-in).
///
/// # Errors
/// [`WorldError`].
pub async fn billing(
    cloud: &Cloud,
    business_id: &BusinessId,
    branch_id: &BranchId,
    data_dir: &Path,
) -> Result<(String, String), WorldError> {
    let state = &cloud.state;
    if state.db.payments(business_id, 1).await?.is_empty() {
        let tariff = state.db.tariff(TARIFF).await?;
        let now = cloud::db::now_ms();
        let by_payme = state.db.create_invoice(business_id, &tariff, Period::Month, Origin::Owner, now).await?;
        let payme = sim::payme::PaymeCaller::for_settings(&state.settings);
        let account = json!({ state.settings.billing.payme.account_field.clone(): by_payme.id.to_string() });
        let id = sim::payme::new_transaction_id();
        for (method, params) in [
            ("CheckPerformTransaction", json!({ "amount": by_payme.amount, "account": account })),
            ("CreateTransaction", json!({ "id": id, "time": now, "amount": by_payme.amount, "account": account })),
            ("PerformTransaction", json!({ "id": id })),
        ] {
            let answer = payme.call(method, params).await.map_err(|e| WorldError::Payment(e.to_string()))?;
            if let Some(code) = sim::payme::error_code(&answer) {
                return Err(WorldError::Payment(format!("Payme {method} answered {code}")));
            }
        }
        let by_click = state.db.create_invoice(business_id, &tariff, Period::Month, Origin::Owner, now).await?;
        let click = sim::click::ClickCaller::new(&cloud.url(), &state.settings.billing.click);
        let click_trans_id = i64::try_from(now.unsigned_abs() % 1_000_000_000).unwrap_or(1).max(1);
        let (_, completed) = click
            .pay(click_trans_id, &by_click.id, &by_click.amount_som(), 0)
            .await
            .map_err(|e| WorldError::Payment(e.to_string()))?;
        if completed.as_ref().map(|c| c.error) != Some(0) {
            return Err(WorldError::Payment(format!("Click answered {completed:?}")));
        }
    }
    if state.db.multicard(business_id, branch_id).await?.is_none() {
        let secret_sealed = state
            .vault
            .seal(MULTICARD_SECRET, branch_id)
            .map_err(|e| WorldError::Payment(format!("sealing the Multicard secret: {e}")))?;
        let m = cloud::billing::store::MulticardSettings {
            store_id: MULTICARD_STORE.into(),
            application_id: MULTICARD_APPLICATION.into(),
            secret_sealed,
            enabled: true,
            token_status: String::new(),
        };
        state.db.save_multicard(business_id, branch_id, &m).await?;
    }
    if let Some(creds) = state.db.multicard_credentials(branch_id).await? {
        cloud::billing::multicard::token::status(state, &creds).await?;
    }
    let login = "admin".to_owned();
    let kept = data_dir.join("admin-password.txt");
    let password = match cloud::admin::add_admin(state, &login, "Platform Admin", &cloud::admin::Actor::cli()).await {
        Ok(password) => {
            edge_hub::files::write_secret(&kept, password.as_bytes())?;
            password
        }
        Err(cloud::admin::AdminError::LoginTaken(_)) => std::fs::read_to_string(&kept).unwrap_or_default(),
        Err(e) => return Err(e.into()),
    };
    Ok((login, password))
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
    let (code, _expires) = cloud::branches::hubs::issue_code(&cloud.state.db, business_id, branch_id, None).await?;
    Ok(code)
}
