//! Multicard in tests: the simulator serving in this process, and a cloud
//! pointed at it.

use cloud::billing::sim::multicard::MulticardSim;

/// The Multicard simulator on a free port.
#[derive(Debug, Clone)]
pub struct Multicard {
    /// Its state.
    pub sim: MulticardSim,
    /// `http://127.0.0.1:port`.
    pub base_url: String,
}

/// The application the tests register.
pub const APP_ID: &str = "app-tests-1";
/// Its secret.
pub const SECRET: &str = "mc-secret-Zq81pX";
/// Its store.
pub const STORE_ID: &str = "4321";

impl Multicard {
    /// Starts it with the tests' application registered.
    pub async fn start() -> Multicard {
        let sim = MulticardSim::new();
        sim.register(APP_ID, SECRET, STORE_ID);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let serving = sim.clone();
        tokio::spawn(async move { serving.serve(listener, std::future::pending()).await });
        Multicard { sim, base_url }
    }

    /// Points a cloud at it.
    pub fn configure(&self, cloud: &mut crate::cloud::CloudProcess) {
        cloud.set_env("CLOUD__BILLING__MULTICARD__BASE_URL", self.base_url.clone());
    }

    /// `GET /sim/stats`.
    pub async fn stats(&self) -> serde_json::Value {
        reqwest::get(format!("{}/sim/stats", self.base_url)).await.unwrap().json().await.unwrap()
    }
}

/// Saves a branch's Multicard settings through the portal (303 expected).
pub async fn save_settings(portal: &crate::cloud::Portal, branch: &str, app: &str, secret: &str) {
    let p = portal
        .post(
            &format!("/payment-settings/{branch}"),
            &[("store_id", STORE_ID), ("application_id", app), ("secret", secret), ("enabled", "1")],
        )
        .await;
    assert_eq!(p.status, 303, "save multicard settings: {p:?}");
}

/// The token status the payment settings page shows for `branch`.
pub async fn token_status(portal: &crate::cloud::Portal, branch: &str) -> String {
    let p = portal.get(&format!("/payment-settings?branch={branch}")).await;
    assert_eq!(p.status, 200, "{p:?}");
    p.attrs("data-token").join(",")
}
