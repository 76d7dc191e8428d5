//! Harness for saved cards and auto-renewal (B6): the Payme Subscribe API
//! simulator serving in the test process, a cloud pointed at it, and the
//! browser's side of Payme's card form done over HTTP.

use std::path::Path;
use std::time::Duration;

use cloud::billing::sim::payme_subscribe::SubscribeSim;
use cloud::db::Db;
use serde_json::{Value, json};

use crate::cloud::{CloudProcess, Owner, Page, Portal, Sms, TestDb};

/// The cash desk id (front-end `X-Auth`).
pub const MERCHANT: &str = "65f0c0ffee0000000000test";
/// The Subscribe API key (back end `X-Auth: id:key`).
pub const KEY: &str = "subscribe-key-for-tests";
/// One vault key for every cloud instance on a database (cards are sealed
/// by one instance and opened by another).
pub const VAULT_KEY: &str = "cmVuZXdhbC10ZXN0cy1zaGFyZWQtdmF1bHQta2V5ISE";

/// The simulator, serving in this process.
#[derive(Debug, Clone)]
pub struct Payme {
    /// Its state (pay counts).
    pub sim: SubscribeSim,
    /// `http://127.0.0.1:port/api`.
    pub url: String,
}

impl Payme {
    /// Starts it, answering browsers from `origins`.
    pub async fn start(origins: Vec<String>) -> Payme {
        let sim = SubscribeSim::new(MERCHANT, KEY, origins);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = sim.router();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Payme { sim, url: format!("http://{addr}/api") }
    }

    /// A JSON-RPC call with this `X-Auth`; the whole answer.
    pub async fn call(&self, auth: &str, method: &str, params: Value) -> Value {
        crate::cloud::http_client()
            .post(&self.url)
            .header("X-Auth", auth)
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// What the card form's script does: `cards.create` (saved), and unless
    /// `verify` is false, `cards.get_verify_code` and `cards.verify` with the
    /// sandbox code. Returns the token.
    pub async fn browser_card(&self, number: &str, expire: &str, verify: bool) -> String {
        let a = self
            .call(MERCHANT, "cards.create", json!({"card": {"number": number, "expire": expire}, "save": true}))
            .await;
        let token = a["result"]["card"]["token"].as_str().unwrap_or_else(|| panic!("cards.create: {a}")).to_owned();
        if verify {
            let a = self.call(MERCHANT, "cards.get_verify_code", json!({"token": token})).await;
            assert_eq!(a["result"]["sent"], true, "{a}");
            let a = self.call(MERCHANT, "cards.verify", json!({"token": token, "code": "666666"})).await;
            assert_eq!(a["result"]["card"]["verify"], true, "{a}");
        }
        token
    }
}

/// Points `cloud` at `payme`, renewing every second, `days_before` days
/// ahead, retrying after `retry_minutes` up to `max_attempts`.
pub fn configure(cloud: &mut CloudProcess, payme: &Payme, days_before: i64, retry_minutes: i64, max_attempts: i64) {
    cloud.set_env("CLOUD__SECRET_KEY", VAULT_KEY);
    cloud.set_env("CLOUD__BILLING__PAYME__MERCHANT_ID", MERCHANT);
    cloud.set_env("CLOUD__BILLING__PAYME__SUBSCRIBE_KEY", KEY);
    cloud.set_env("CLOUD__BILLING__PAYME__SUBSCRIBE_URL", payme.url.clone());
    cloud.set_env("CLOUD__BILLING__RENEWAL__EVERY_SECS", "1");
    cloud.set_env("CLOUD__BILLING__RENEWAL__DAYS_BEFORE", days_before.to_string());
    cloud.set_env("CLOUD__BILLING__RENEWAL__RETRY_MINUTES", retry_minutes.to_string());
    cloud.set_env("CLOUD__BILLING__RENEWAL__MAX_ATTEMPTS", max_attempts.to_string());
}

/// A cloud (not started) on `db` with the simulator allowing its origin.
pub async fn cloud_with_payme(dir: &Path, db: &TestDb, sms: &Sms) -> (CloudProcess, Payme) {
    let cloud = CloudProcess::new(dir, db, sms);
    let payme = Payme::start(vec![cloud.base()]).await;
    (cloud, payme)
}

/// Posts a token as the card form does.
pub async fn post_token(portal: &Portal, token: &str) -> Page {
    portal.post("/subscription/card", &[("token", token)]).await
}

/// A registered owner on the Pro tariff (a paid one: free tariffs do not renew).
pub async fn owner_on_pro(portal: &Portal, sms: &Sms, db: &Db, n: u32) -> (Owner, cloud::ids::BusinessId) {
    let owner = Owner::numbered(n);
    portal.register(sms, &owner).await;
    let business = db.owner_by_phone(&owner.phone).await.unwrap().business_id;
    db.set_tariff(&business, "pro").await.unwrap();
    (owner, business)
}

/// The texts sent to `phone`.
pub fn texts(sms: &Sms, phone: &str) -> Vec<String> {
    let digits = phone.trim_start_matches('+');
    sms.sim.messages().into_iter().filter(|m| m.mobile_phone == digits).map(|m| m.message).collect()
}

/// A renewal row's (status, attempts), if any.
pub async fn renewal_state(db: &Db, business: &cloud::ids::BusinessId) -> Vec<(String, i64, i64)> {
    use sqlx::Row as _;
    sqlx::query("SELECT status, attempts, period_ends_at FROM renewals WHERE business_id = $1")
        .bind(business.as_str())
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

/// Waits up to `within` for `check`.
pub async fn until<F: FnMut() -> Fut, Fut: std::future::Future<Output = bool>>(within: Duration, what: &str, check: F) {
    crate::eventually(within, what, check).await;
}
