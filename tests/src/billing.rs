//! Harness for the subscription's payment flow: a cloud with Payme and Click
//! configured (their published checkout formats, no real provider behind
//! them), an owner signed in, and settling an invoice straight through the
//! store as a provider's callback would.

use std::path::Path;

use cloud::billing::invoices::{Provider, Settled};
use cloud::db::Db;
use cloud::ids::{BusinessId, InvoiceId};

use crate::cloud::{CloudProcess, DbKind, Owner, Portal, Sms, TestDb};

/// Payme's merchant id in these tests.
pub const PAYME_MERCHANT: &str = "5e730e8e0b852a417aa49ceb";
/// Payme's checkout host (the sandbox's).
pub const PAYME_CHECKOUT: &str = "https://test.paycom.uz";
/// Click's service id.
pub const CLICK_SERVICE: &str = "30301";
/// Click's merchant id.
pub const CLICK_MERCHANT: &str = "20202";
/// Click's pay page.
pub const CLICK_PAY: &str = "https://my.click.uz/services/pay";

/// A cloud whose owners can pay with Payme and Click.
pub struct BillingCloud {
    /// The SMS simulator (registration codes).
    pub sms: Sms,
    /// The cloud.
    pub cloud: CloudProcess,
    /// The test's own pool on the cloud's database.
    pub db: Db,
}

impl BillingCloud {
    /// Starts it on `kind`; `None` when that database is not available here.
    pub async fn start(kind: DbKind, dir: &Path) -> Option<BillingCloud> {
        let db = TestDb::new(kind, dir).await?;
        let sms = Sms::start().await;
        let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
        cloud.set_env("CLOUD__BILLING__PAYME__MERCHANT_ID", PAYME_MERCHANT);
        cloud.set_env("CLOUD__BILLING__PAYME__KEY", "payme-test-key");
        cloud.set_env("CLOUD__BILLING__PAYME__CHECKOUT_URL", PAYME_CHECKOUT);
        // Quoted: figment reads a bare `30301` as a number, which the
        // string fields refuse (Click's ids are digits).
        cloud.set_env("CLOUD__BILLING__CLICK__SERVICE_ID", format!("\"{CLICK_SERVICE}\""));
        cloud.set_env("CLOUD__BILLING__CLICK__MERCHANT_ID", format!("\"{CLICK_MERCHANT}\""));
        cloud.set_env("CLOUD__BILLING__CLICK__SECRET_KEY", "click-test-secret");
        cloud.set_env("CLOUD__BILLING__CLICK__PAY_URL", CLICK_PAY);
        cloud.start().await;
        let pool = db.open().await;
        Some(BillingCloud { sms, cloud, db: pool })
    }

    /// Registers `owner` on a new device, signed in.
    pub async fn owner(&self, owner: &Owner) -> Portal {
        let portal = Portal::new(&self.cloud);
        portal.register(&self.sms, owner).await;
        portal
    }

    /// The owner's business.
    pub async fn business(&self, owner: &Owner) -> BusinessId {
        self.db.owner_by_phone(&owner.phone).await.unwrap().business_id
    }

    /// Settles `invoice` as `provider`'s callback would, in one transaction.
    pub async fn settle(&self, invoice: &InvoiceId, provider: Provider, txn: &str) -> Settled {
        let mut tx = self.db.begin_write().await.unwrap();
        let at = cloud::db::now_ms();
        let settled = cloud::billing::store::invoices::settle(&mut tx, invoice, provider, txn, at).await.unwrap();
        tx.commit().await.unwrap();
        settled
    }
}

/// The invoice id at the end of a return URL (`…/subscription?invoice=…`).
pub fn invoice_of_return_url(url: &str) -> InvoiceId {
    let id = url.rsplit_once("invoice=").map(|(_, id)| id).expect("an invoice in the return URL");
    InvoiceId::parse(id).expect("an invoice id")
}

/// The text of a PDF, as `pdftotext` (poppler-utils, installed by CI) reads it.
pub fn pdf_text(pdf: &[u8], dir: &Path) -> String {
    let path = dir.join(format!("r-{}.pdf", uuid::Uuid::new_v4().simple()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
