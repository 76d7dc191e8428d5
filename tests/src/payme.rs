//! Harness for Payme's merchant API: a cloud with Payme configured, an
//! owner whose invoices Payme pays, and a client that plays Payme's calls
//! ([`cloud::billing::sim::payme::PaymeCaller`], the simulator's own).

use std::path::Path;

use cloud::billing::invoices::{Invoice, Origin};
use cloud::billing::lifecycle::Period;
use cloud::billing::sim::payme::{PaymeCaller, error_code};
use cloud::db::Db;
use cloud::ids::BusinessId;
use serde_json::{Value, json};

use crate::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

/// The cash desk id the tests configure.
pub const MERCHANT_ID: &str = "5e730e8e0b852a417aa49ceb";
/// The merchant key the tests configure.
pub const KEY: &str = "Uq6b&cf?%Tl8ZKpM2ZcI@V1cRtQx6C8Ja";

/// A cloud with Payme on, one registered owner, Payme's client.
pub struct PaymeCloud {
    /// The cloud.
    pub cloud: CloudProcess,
    /// The SMS simulator (kept alive for the cloud).
    pub sms: Sms,
    /// The test's pool on the cloud's database.
    pub db: Db,
    /// The owner's business.
    pub business: BusinessId,
    /// Payme's calls with the right key.
    pub payme: PaymeCaller,
}

impl PaymeCloud {
    /// Prepares the cloud (not started): `tune` may set more variables.
    pub async fn new(kind: DbKind, dir: &Path, tune: impl FnOnce(&mut CloudProcess)) -> Option<PaymeCloud> {
        let db = TestDb::new(kind, dir).await?;
        let sms = Sms::start().await;
        let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
        cloud.set_env("CLOUD__BILLING__PAYME__MERCHANT_ID", MERCHANT_ID);
        cloud.set_env("CLOUD__BILLING__PAYME__KEY", KEY);
        tune(&mut cloud);
        cloud.start().await;
        let owner = Owner::numbered(4242);
        Portal::new(&cloud).register(&sms, &owner).await;
        let pool = db.open().await;
        let business = pool.owner_by_phone(&owner.phone).await.unwrap().business_id;
        let payme = PaymeCaller::new(cloud.url(cloud::billing::payme::PATH), KEY);
        Some(PaymeCloud { cloud, sms, db: pool, business, payme })
    }

    /// A fresh open invoice for a month of Biznes.
    pub async fn invoice(&self) -> Invoice {
        let tariff = self.db.tariff("biznes").await.unwrap();
        self.db
            .create_invoice(&self.business, &tariff, Period::Month, Origin::Owner, cloud::db::now_ms())
            .await
            .unwrap()
    }

    /// Calls `method`; the whole answer.
    pub async fn rpc(&self, method: &str, params: Value) -> Value {
        self.payme.call(method, params).await.unwrap()
    }

    /// Calls `method` and expects a result.
    pub async fn ok(&self, method: &str, params: Value) -> Value {
        let answer = self.rpc(method, params.clone()).await;
        assert!(answer["error"].is_null(), "{method} {params}: {answer}");
        answer["result"].clone()
    }

    /// Calls `method` and expects error `code`; the error object.
    pub async fn fails(&self, method: &str, params: Value, code: i64) -> Value {
        let answer = self.rpc(method, params.clone()).await;
        assert_eq!(error_code(&answer), Some(code), "{method} {params}: {answer}");
        assert!(answer["result"].is_null(), "{answer}");
        for lang in ["ru", "uz", "en"] {
            assert!(answer["error"]["message"][lang].as_str().is_some_and(|m| !m.is_empty()), "{answer}");
        }
        answer["error"].clone()
    }

    /// Payme's `account` for an invoice.
    pub fn account(invoice: &Invoice) -> Value {
        json!({ "invoice": invoice.id.to_string() })
    }

    /// CreateTransaction for `invoice` with Payme id `id` at Payme time `time`.
    pub async fn create(&self, invoice: &Invoice, id: &str, time: i64) -> Value {
        self.rpc(
            "CreateTransaction",
            json!({"id": id, "time": time, "amount": invoice.amount, "account": Self::account(invoice)}),
        )
        .await
    }
}

/// `Authorization: Basic base64("Paycom:" + KEY)`.
pub fn authorization() -> String {
    cloud::billing::payme::authorization(KEY)
}
