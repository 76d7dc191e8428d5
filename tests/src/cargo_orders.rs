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

/// The new shipment form's fields: Tashkent (Yakkasaroy) to Khorezm
/// (Urganch), door delivery, a 2.5 kg box with 150 000 so'm cash on delivery
/// (41 000 so'm on the starting tariff); `extra` replaces or adds fields.
pub fn order_form<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("sender_name", "Eshchanov Rasulbek"),
        ("sender_phone", "+998901112233"),
        ("sender_region", "1726"),
        ("sender_district", "1726287"),
        ("sender_address", "Shota Rustaveli 12"),
        ("receiver_name", "Karimova Dilnoza"),
        ("receiver_phone", "+998914445566"),
        ("receiver_region", "1733"),
        ("receiver_district", "1733401"),
        ("receiver_address", "Al-Xorazmiy 5"),
        ("delivery", "door"),
        ("parcel_type", "box"),
        ("weight_kg", "2,5"),
        ("pieces", "1"),
        ("cod_amount", "150000"),
    ];
    for (k, v) in extra {
        f.retain(|(name, _)| name != k);
        f.push((k, v));
    }
    f
}

/// The test company's own Click service: service id, merchant id, secret.
pub const CLICK: (&str, &str, &str) = ("71234", "40917", "bts-click-SECRET-5d1e");

/// A Click simulator serving in this process, with the cloud (not started
/// yet) told to send payers to it and to give it its public address.
pub async fn click_sim(cloud: &mut CloudProcess) -> cloud::billing::sim::click::ClickSim {
    let mut settings = cloud::settings::Settings::default();
    settings.billing.public_url = cloud.base();
    let sim = cloud::billing::sim::click::start(std::sync::Arc::new(settings)).await.unwrap();
    cloud.set_env("CLOUD__BILLING__PUBLIC_URL", cloud.base());
    cloud.set_env("CLOUD__BILLING__CLICK__PAY_URL", sim.pay_url());
    sim
}

/// Sets the company's own Click service up through the operators' page and
/// registers it with `sim`; returns Click's caller for it (to play Click's
/// calls by hand).
pub async fn setup_click(
    cloud: &CloudProcess,
    courier: &Courier,
    slug: &str,
    sim: &cloud::billing::sim::click::ClickSim,
) -> cloud::billing::sim::click::ClickCaller {
    use cloud::billing::click::Action;
    let (service, merchant, secret) = CLICK;
    let fields =
        [("service_id", service), ("merchant_id", merchant), ("merchant_user_id", "55012"), ("secret_key", secret)];
    let p = courier.owner.post("/cargo-ops/click", &fields).await;
    assert_eq!(p.location.as_deref(), Some("/cargo-ops/click?saved=1"), "{p:?}");
    let settings = cloud::billing::settings::ClickSettings {
        service_id: service.into(),
        merchant_id: merchant.into(),
        merchant_user_id: "55012".into(),
        secret_key: cloud::settings::Secret::new(secret),
        ..cloud::billing::settings::ClickSettings::default()
    };
    let url = |action| cloud::cargo::click::callback_url(&cloud.base(), slug, action);
    let caller =
        cloud::billing::sim::click::ClickCaller::for_service(&url(Action::Prepare), &url(Action::Complete), &settings);
    sim.add_service(caller.clone());
    caller
}
