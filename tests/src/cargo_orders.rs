//! A courier company for the cargo tests: an owner (registered through the
//! portal), its cabinet's slug, two offices (Yakkasaroy in Tashkent and
//! Urganch in Khorezm) and the starting tariff; clients registered through
//! the cabinet's own pages with the real SMS code.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test harness: a failure is a failed test

use cloud::cargo::companies::{NewCompany, Slug, create_company};
use cloud::cargo::geo::Geo;
use cloud::cargo::pricing::default_tariff;
use cloud::db::Db;
use cloud::ids::{BranchId, BusinessId};

use crate::cloud::{CloudProcess, Owner, Portal, Sms};

/// A courier company ready for clients.
#[allow(missing_debug_implementations, reason = "holds a device")]
pub struct Courier {
    /// Its business.
    pub business: BusinessId,
    /// `/cargo/{slug}`.
    pub base: String,
    /// Tashkent (Yakkasaroy) and Khorezm (Urganch) offices.
    pub offices: [BranchId; 2],
    /// The owner's portal.
    pub owner: Portal,
}

/// Makes company `slug` with its owner number `n`.
pub async fn courier(cloud: &CloudProcess, db: &Db, sms: &Sms, n: u32, slug: &str) -> Courier {
    let owner = Owner::numbered(n);
    let portal = Portal::new(cloud);
    portal.register(sms, &owner).await;
    let business = db.owner_by_phone(&owner.phone).await.unwrap().business_id;
    let new = NewCompany { name: "BTS Express Cargo", phone: "+998712000000", app_ios_url: "", app_android_url: "" };
    create_company(db, &business, &Slug::parse(slug).unwrap(), &new).await.unwrap();
    // Two offices need a tariff with more than the trial's one branch.
    sqlx::query("UPDATE subscriptions SET tariff_code = 'pro' WHERE business_id = $1")
        .bind(&business)
        .execute(&db.pool)
        .await
        .unwrap();
    let tashkent = portal.create_branch("Yakkasaroy ofisi").await;
    let urganch = portal.create_branch("Urganch ofisi").await;
    cloud::cargo::offices::add_office(db, &business, &tashkent, "YAKKASAROY", "1726", "1726287").await.unwrap();
    cloud::cargo::offices::add_office(db, &business, &urganch, "URGANCH", "1733", "1733401").await.unwrap();
    let geo = Geo::get(db).await.unwrap();
    let codes: Vec<&str> = geo.regions().iter().map(|r| r.soato.as_str()).collect();
    db.set_cargo_tariff(&business, &default_tariff(&codes), 0).await.unwrap();
    Courier { business, base: format!("/cargo/{slug}"), offices: [tashkent, urganch], owner: portal }
}

/// A client of `courier` with `phone`, signed in on the returned device.
pub async fn client(cloud: &CloudProcess, sms: &Sms, courier: &Courier, phone: &str, name: &str) -> Portal {
    let device = Portal::new(cloud);
    let p = device.post(&format!("{}/register", courier.base), &[("phone", phone)]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{}/register/code", courier.base).as_str()), "{p:?}");
    let code = sms.last_code(phone).expect("an SMS code");
    let p = device
        .post(
            &format!("{}/register/code", courier.base),
            &[("code", &code), ("full_name", name), ("password", "Parol-2026"), ("password_confirm", "Parol-2026")],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some(format!("{}/profile", courier.base).as_str()), "{p:?}");
    device
}
