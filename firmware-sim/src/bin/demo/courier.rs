//! The demo's courier company, "BTS Express Cargo": a business of its own
//! (its owner, two offices, each a branch with its own enrolled hub and a
//! parcel-desk terminal), its cabinet (`/cargo/bts`), its tariff and a demo
//! client. On the first start the client gets ~280 shipments over the last
//! 30 days (one transaction) and the desks scan them through their hubs,
//! backdated, into every status a desk can give; walk-ins, some addressed to
//! the client, come through the desks too. Then a desk works live.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use cloud::accounts::{AccountError, Details};
use cloud::billing::click::Action;
use cloud::billing::settings::ClickSettings;
use cloud::billing::sim::click::{ClickCaller, ClickServices};
use cloud::cargo::clients::create_client_directly;
use cloud::cargo::companies::{self, NewCompany, Slug};
use cloud::cargo::draft::{self, RawShipment};
use cloud::cargo::geo::Geo;
use cloud::cargo::offices;
use cloud::cargo::pay_store::{self, ClickService};
use cloud::cargo::pricing::default_tariff;
use cloud::cargo::store::{self, Maker, Source};
use cloud::db::{Db, DbError};
use cloud::ids::{BranchId, BusinessId, ClientId};
use edge_hub::HubCore;
use firmware_sim::Outbox;
use firmware_sim::desk::{Desk, LabelRoll, WalkIn};
use firmware_sim::terminal::{Terminal, TerminalOptions};
use protocol::{Barcode, EmployeeId, Money, ReasonCode, ScanKind, ShipmentStatus, Timestamp};
use rand::rngs::SmallRng;
use rand::{Rng as _, SeedableRng as _};
use web::i18n::cargo::ShipmentField as F;

use crate::branch::Spec;

/// The cabinet's slug.
pub const SLUG: &str = "bts";
/// The company's name.
pub const NAME: &str = "BTS Express Cargo";
/// The demo client's phone (its login in the cabinet).
pub const CLIENT_PHONE: &str = "+998901112233";
/// The demo client's password.
pub const CLIENT_PASSWORD: &str = "bts-parol-2026";
/// The company owner's phone (an owner account of its own).
pub const OWNER_PHONE: &str = "+998901234570";
/// The company owner's password.
pub const OWNER_PASSWORD: &str = "bts-egasi-2026";

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const ACKED: Duration = Duration::from_secs(120);

/// One office: its branch, code, district, hub ports.
pub struct OfficeSpec {
    /// Its hub's settings (ports, data dir); `business` names the data dir.
    pub spec: Spec,
    /// Waybill code.
    pub code: &'static str,
    /// District it serves from (SOATO).
    pub district: &'static str,
    /// Its hub's data directory under `hubs/`.
    pub dir: &'static str,
}

/// The company's two offices.
pub static OFFICES: [OfficeSpec; 2] = [
    OfficeSpec {
        spec: Spec {
            business: firmware_sim::Business::Shop,
            name: "Toshkent — Yakkasaroy",
            address: "Toshkent, Yakkasaroy, Shota Rustaveli ko'chasi 22",
            phone: "+998712000011",
            terminals: &["Qabul stoli"],
            ports: [18834, 18844, 18084],
            seed: 2_026_011,
        },
        code: "TOSHKENT",
        district: "1726287",
        dir: "cargo-toshkent",
    },
    OfficeSpec {
        spec: Spec {
            business: firmware_sim::Business::Shop,
            name: "Urganch — Xorazm",
            address: "Urganch, Al-Xorazmiy ko'chasi 5",
            phone: "+998622000012",
            terminals: &["Qabul stoli"],
            ports: [18835, 18845, 18085],
            seed: 2_026_012,
        },
        code: "URGANCH",
        district: "1733401",
        dir: "cargo-urganch",
    },
];

impl OfficeSpec {
    /// Its hub's settings, data under `root/hubs/<dir>`.
    pub fn hub_settings(&self, root: &Path) -> edge_hub::settings::Settings {
        let mut settings = self.spec.hub_settings(root);
        settings.data_dir = root.join("hubs").join(self.dir);
        settings
    }
}

/// The company as the demo uses it.
pub struct Company {
    /// Its business.
    pub business: BusinessId,
    /// Its offices' branches, as [`OFFICES`].
    pub branches: Vec<BranchId>,
    /// The demo client.
    pub client: ClientId,
}

/// Makes (or finds) the company, its owner, offices, tariff and client.
///
/// # Errors
/// The cloud's database; a demo account refused.
pub async fn company(cloud: &firmware_sim::world::Cloud) -> anyhow::Result<Company> {
    let state = &cloud.state;
    let db = &state.db;
    let owner = match db.owner_by_phone(OWNER_PHONE).await {
        Ok(owner) => owner,
        Err(DbError::NotFound) => {
            let details = Details {
                first_name: "Bahodir".into(),
                last_name: "Toshmatov".into(),
                business_name: NAME.into(),
                password: OWNER_PASSWORD.into(),
                password_confirm: OWNER_PASSWORD.into(),
            };
            let id = state.accounts.create_owner_directly(OWNER_PHONE, &details).await?;
            db.owner(&id).await?
        }
        Err(e) => return Err(e.into()),
    };
    let business = owner.business_id;
    db.set_tariff(&business, "biznes").await?;
    let mut branches = Vec::with_capacity(OFFICES.len());
    for o in &OFFICES {
        branches.push(firmware_sim::world::branch(cloud, &business, o.spec.name, o.spec.address, o.spec.phone).await?);
    }
    let company = match companies::by_business(db, &business).await {
        Ok(c) => c,
        Err(DbError::NotFound) => {
            let slug = Slug::parse(SLUG).map_err(|e| anyhow::anyhow!("{e}"))?;
            let new = NewCompany { name: NAME, phone: "+998712000010", ..NewCompany::default() };
            companies::create_company(db, &business, &slug, &new).await?
        }
        Err(e) => return Err(e.into()),
    };
    let known = offices::offices(db, &business).await?;
    for (o, branch) in OFFICES.iter().zip(&branches) {
        if !known.iter().any(|k| &k.branch_id == branch) {
            offices::add_office(db, &business, branch, o.code, &o.district[..4], o.district).await?;
        }
    }
    if db.cargo_tariff(&business).await?.is_none() {
        let geo = Geo::get(db).await?;
        let codes: Vec<&str> = geo.regions().iter().map(|r| r.soato.as_str()).collect();
        db.set_cargo_tariff(&business, &default_tariff(&codes), cloud::db::now_ms()).await?;
    }
    let client = match cloud::cargo::clients_store::client_by_phone(db, &business, CLIENT_PHONE).await {
        Ok((c, _)) => c,
        Err(DbError::NotFound) => {
            match create_client_directly(db, &company, CLIENT_PHONE, "Dilnoza Karimova", CLIENT_PASSWORD).await {
                Ok(c) => c,
                Err(AccountError::PhoneTaken) => bail!("the demo client appeared meanwhile"),
                Err(e) => return Err(e.into()),
            }
        }
        Err(e) => return Err(e.into()),
    };
    crate::money::contracts(db, &business, &client.id, &branches).await?;
    Ok(Company { business, branches, client: client.id })
}

/// An office's desk: its terminal (credentials and outbox kept in the
/// hub's data dir, so a restarted demo goes on with the same numbers).
pub async fn desk(hub: &HubCore, data_dir: &Path) -> anyhow::Result<Desk> {
    let credential = crate::branch::terminals(hub, data_dir, &["Qabul stoli"]).await?.remove(0);
    let outbox = Outbox::open(&data_dir.join("demo-desk-outbox"))?;
    let mqtt = hub.broker.mqtt_addr;
    let options = TerminalOptions::new(mqtt.ip().to_string(), mqtt.port(), credential);
    Ok(Desk::new(Terminal::spawn(options, outbox), EmployeeId::from_name("demo:desk")))
}

/// What the courier history holds, per status.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    /// Shipments per status code, in lifecycle order.
    pub by_status: Vec<(String, u64)>,
    /// Desk scans sent.
    pub scans: u64,
    /// Walk-ins among the shipments.
    pub walk_ins: u64,
    /// How long building it took, when this start built it.
    pub built_in: Option<Duration>,
}

impl Figures {
    /// Shipments in all.
    pub fn shipments(&self) -> u64 {
        self.by_status.iter().map(|(_, n)| n).sum()
    }

    fn save(&self, path: &Path) -> anyhow::Result<()> {
        let mut text = format!("scans={}\nwalk_ins={}\n", self.scans, self.walk_ins);
        for (s, n) in &self.by_status {
            text.push_str(&format!("{s}={n}\n"));
        }
        std::fs::write(path, text)?;
        Ok(())
    }

    fn load(path: &Path) -> Option<Figures> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut f = Figures::default();
        for line in text.lines() {
            let (k, v) = line.split_once('=')?;
            let v: u64 = v.parse().ok()?;
            match k {
                "scans" => f.scans = v,
                "walk_ins" => f.walk_ins = v,
                _ => f.by_status.push((k.to_owned(), v)),
            }
        }
        Some(f)
    }
}

/// One step of a parcel's way: which office's desk (0 origin, 1 the
/// other), what, why, and how long after the step before.
type Step = (usize, ScanKind, Option<ReasonCode>, i64);

/// The desk scans that take a shipment to `target`.
fn journey(target: ShipmentStatus, rng: &mut SmallRng) -> Vec<Step> {
    use ScanKind as K;
    let h = |rng: &mut SmallRng, lo: i64, hi: i64| rng.random_range(lo * MINUTE..hi * MINUTE);
    let mut steps: Vec<Step> = vec![(0, K::Accepted, None, h(rng, 60, 360))];
    let reach = |steps: &mut Vec<Step>, rng: &mut SmallRng, upto: usize| {
        let all = [
            (0, K::Dispatched, h(rng, 30, 180)),
            (1, K::Arrived, h(rng, 600, 1800)),
            (1, K::OutForDelivery, h(rng, 60, 240)),
            (1, K::Delivered, h(rng, 60, 300)),
        ];
        steps.extend(all.into_iter().take(upto).map(|(o, k, d)| (o, k, None, d)));
    };
    let reasons = [ReasonCode::NoAnswer, ReasonCode::ReceiverAbsent, ReasonCode::WrongAddress, ReasonCode::Rescheduled];
    let reason = reasons[rng.random_range(0..reasons.len())];
    match target {
        ShipmentStatus::AcceptedAtOffice => {}
        ShipmentStatus::InTransit => reach(&mut steps, rng, 1),
        ShipmentStatus::AtDestinationOffice => reach(&mut steps, rng, 2),
        ShipmentStatus::OutForDelivery => reach(&mut steps, rng, 3),
        ShipmentStatus::Delivered => {
            reach(&mut steps, rng, 3);
            if rng.random_bool(0.12) {
                steps.push((1, K::FailedAttempt, Some(reason), h(rng, 60, 300)));
                steps.push((1, K::OutForDelivery, None, h(rng, 900, 1500)));
            }
            steps.push((1, K::Delivered, None, h(rng, 60, 300)));
        }
        ShipmentStatus::DeliveryFailed | ShipmentStatus::Returning | ShipmentStatus::Returned => {
            reach(&mut steps, rng, 3);
            steps.push((1, K::FailedAttempt, Some(reason), h(rng, 60, 300)));
            if target != ShipmentStatus::DeliveryFailed {
                let why = [ReasonCode::Refused, ReasonCode::StorageExpired, ReasonCode::SenderRequest];
                steps.push((1, K::ReturnStarted, Some(why[rng.random_range(0..why.len())]), h(rng, 600, 2880)));
                steps.push((1, K::Dispatched, None, h(rng, 30, 240)));
            }
            if target == ShipmentStatus::Returned {
                steps.push((0, K::Arrived, None, h(rng, 600, 1800)));
                steps.push((0, K::Delivered, None, h(rng, 60, 1440)));
            }
        }
        ShipmentStatus::Lost => {
            reach(&mut steps, rng, 1);
            steps.push((0, K::Lost, None, h(rng, 2880, 5760)));
        }
        _ => steps.clear(),
    }
    steps
}

/// How many of the client's shipments end in each status.
const PLAN: [(ShipmentStatus, usize); 12] = [
    (ShipmentStatus::Created, 12),
    (ShipmentStatus::PickupRequested, 8),
    (ShipmentStatus::AcceptedAtOffice, 10),
    (ShipmentStatus::InTransit, 12),
    (ShipmentStatus::AtDestinationOffice, 10),
    (ShipmentStatus::OutForDelivery, 8),
    (ShipmentStatus::Delivered, 176),
    (ShipmentStatus::DeliveryFailed, 8),
    (ShipmentStatus::Returning, 6),
    (ShipmentStatus::Returned, 8),
    (ShipmentStatus::Lost, 2),
    (ShipmentStatus::Cancelled, 0),
];
/// Walk-ins at the desks (every other one to the demo client's phone).
const WALK_INS: usize = 24;

const PEOPLE: [&str; 12] = [
    "Aziz Karimov",
    "Nodira Yusupova",
    "Bekzod Sobirov",
    "Gulnora Ahmedova",
    "Sardor Tursunov",
    "Malika Rashidova",
    "Javlon Qodirov",
    "Shahnoza Ergasheva",
    "Otabek Nazarov",
    "Zarina Xolmatova",
    "Rustam Ismoilov",
    "Feruza Abdullayeva",
];

/// A row as the cabinet's form would send it: from office `from` (0 or 1)
/// into the other office's region.
fn row(geo: &Geo, rng: &mut SmallRng, i: usize, from: usize, pickup: bool) -> RawShipment {
    let (origin, dest) = (&OFFICES[from], &OFFICES[1 - from]);
    let districts: Vec<_> = geo.districts_of(&dest.district[..4]).collect();
    let to = districts.get(rng.random_range(0..districts.len().max(1))).map_or(dest.district, |d| d.soato.as_str());
    let mut r = RawShipment::new();
    let mut put = |f: F, v: String| {
        r.insert(f, v);
    };
    put(F::SenderName, "Dilnoza Karimova".into());
    put(F::SenderPhone, CLIENT_PHONE.into());
    put(F::SenderRegion, origin.district[..4].to_owned());
    put(F::SenderDistrict, origin.district.to_owned());
    put(F::SenderAddress, "Shota Rustaveli ko'chasi, 40".into());
    put(F::Pickup, if pickup { "ha" } else { "" }.into());
    put(F::ReceiverName, PEOPLE[i % PEOPLE.len()].into());
    put(F::ReceiverPhone, format!("+99891{:07}", rng.random_range(1_000_000..10_000_000)));
    put(F::ReceiverRegion, dest.district[..4].to_owned());
    put(F::ReceiverDistrict, to.to_owned());
    put(F::ReceiverAddress, format!("Mustaqillik ko'chasi, {}", i % 90 + 1));
    put(F::ParcelType, ["Quti", "Hujjatlar", "Kichik posilka"][i % 3].into());
    put(F::Weight, format!("{}.{}", rng.random_range(0..20), rng.random_range(1..10)));
    if i.is_multiple_of(5) {
        put(F::CodAmount, format!("{} 000", rng.random_range(50..900)));
    }
    r
}

/// One planned parcel: its barcode, the office it starts from, when it was
/// made, and its scans.
struct Planned {
    barcode: Barcode,
    from: usize,
    at: i64,
    steps: Vec<Step>,
    cash: Option<Money>,
    walk_in: Option<WalkIn>,
}

/// Builds the company's history on the first start (kept in
/// `dir/cargo-history.txt`); later starts read the figures.
pub async fn history(db: &Db, company: &Company, desks: &mut [Desk; 2], dir: &Path) -> anyhow::Result<Figures> {
    let path = dir.join("cargo-history.txt");
    if let Some(figures) = Figures::load(&path) {
        return Ok(figures);
    }
    let started = Instant::now();
    let geo = Geo::get(db).await?;
    let tariff = db.cargo_tariff(&company.business).await?.context("the company's tariff")?;
    let mut rng = SmallRng::seed_from_u64(14);
    let now = Timestamp::now().0;
    let mut counts: Vec<(String, u64)> = Vec::new();
    let mut planned = Vec::new();
    // The client's shipments, in one transaction (one `create` per shipment: each has its own time).
    let mut tx = db.begin_write().await?;
    let mut i = 0;
    for (target, n) in PLAN {
        counts.push((target.code().to_owned(), n as u64));
        for _ in 0..n {
            i += 1;
            let from = usize::from(rng.random_bool(0.3));
            let steps = journey(target, &mut rng);
            let span: i64 = steps.iter().map(|s| s.3).sum();
            // Parcels still on their way are recent; finished ones spread over the month.
            let age = match target {
                ShipmentStatus::Delivered | ShipmentStatus::Returned | ShipmentStatus::Lost => {
                    rng.random_range((span + DAY).max(3 * DAY)..(30 * DAY).max(span + 2 * DAY))
                }
                _ => span + rng.random_range(20 * MINUTE..20 * HOUR),
            };
            let at = now - age;
            let day = web::format::tashkent_day(at);
            let raw = row(geo, &mut rng, i, from, target == ShipmentStatus::PickupRequested);
            let s = draft::parse(&raw, geo, day).map_err(|p| anyhow::anyhow!("a demo shipment: {p:?}"))?;
            let price = tariff.quote(&s.parcel())?.total;
            let maker = Maker {
                business: &company.business,
                client: Some(&company.client),
                source: Source::Cabinet,
                upload: None,
                at,
                contract: None,
            };
            let made = store::create(&mut tx, maker, &[(s, price)]).await?;
            let barcode = made.into_iter().next().context("a shipment made")?.barcode;
            let cash = rng.random_bool(0.3).then(|| Money::from_tiyin(price));
            planned.push(Planned { barcode, from, at, steps, cash, walk_in: None });
        }
    }
    tx.commit().await?;
    // Walk-ins: on each office's roll.
    for (k, desk) in desks.iter_mut().enumerate() {
        let (first, count) = offices::add_label_roll(db, &company.business, &company.branches[k], 100).await?;
        desk.set_roll(LabelRoll::new(first, count));
    }
    let mut rolls = [desks[0].roll(), desks[1].roll()];
    let mut walk_ins = 0;
    for w in 0..WALK_INS {
        let from = w % 2;
        let target = [ShipmentStatus::Delivered, ShipmentStatus::InTransit, ShipmentStatus::AtDestinationOffice][w % 3];
        let steps = journey(target, &mut rng);
        let span: i64 = steps.iter().map(|s| s.3).sum();
        let at = now - span - rng.random_range(HOUR..if target == ShipmentStatus::Delivered { 20 * DAY } else { DAY });
        let dest = &OFFICES[1 - from];
        let price = rng.random_range(20..120) * 100_000;
        let walk_in = WalkIn {
            sender_name: PEOPLE[(w + 5) % PEOPLE.len()].into(),
            sender_phone: format!("+99893{:07}", rng.random_range(1_000_000..10_000_000)),
            receiver_name: if w % 2 == 0 { "Dilnoza Karimova".into() } else { PEOPLE[w % PEOPLE.len()].into() },
            receiver_phone: if w % 2 == 0 {
                CLIENT_PHONE.into()
            } else {
                format!("+99897{:07}", rng.random_range(1_000_000..10_000_000))
            },
            receiver_district: dest.district.into(),
            receiver_address: String::new(),
            weight_g: rng.random_range(300..15_000),
            pieces: 1,
            price: Money::from_tiyin(price),
        };
        let barcode = rolls[from].as_mut().and_then(LabelRoll::take).context("a label")?;
        planned.push(Planned { barcode, from, at, steps, cash: None, walk_in: Some(walk_in) });
        walk_ins += 1;
    }
    // The desks scan, each parcel's steps at its offices, by backdated clocks.
    let mut scans = 0u64;
    for p in &planned {
        let mut t = p.at;
        for (k, (office, kind, reason, after)) in p.steps.iter().enumerate() {
            t += after;
            let desk = &mut desks[if *office == 0 { p.from } else { 1 - p.from }];
            desk.set_clock(Timestamp(t));
            match (k, &p.walk_in) {
                (0, Some(w)) => {
                    desk.register_walk_in(w).await?;
                }
                (0, None) => {
                    desk.accept_online(&p.barcode, p.cash).await?;
                }
                _ => {
                    desk.scan(&p.barcode, *kind, *reason, "").await?;
                }
            }
            scans += 1;
        }
    }
    for desk in desks.iter_mut() {
        desk.reset_clock();
        desk.acked(ACKED).await?;
    }
    // Walk-ins end where their journeys do.
    for p in planned.iter().filter(|p| p.walk_in.is_some()) {
        let status = p.steps.last().map_or("created", |s| walk_in_status(s.1));
        match counts.iter_mut().find(|(c, _)| c == status) {
            Some((_, n)) => *n += 1,
            None => counts.push((status.to_owned(), 1)),
        }
    }
    counts.retain(|(_, n)| *n > 0);
    let figures = Figures { by_status: counts, scans, walk_ins, built_in: Some(started.elapsed()) };
    figures.save(&path)?;
    Ok(figures)
}

fn walk_in_status(last: ScanKind) -> &'static str {
    match last {
        ScanKind::Delivered => ShipmentStatus::Delivered.code(),
        ScanKind::Dispatched => ShipmentStatus::InTransit.code(),
        ScanKind::Arrived => ShipmentStatus::AtDestinationOffice.code(),
        _ => ShipmentStatus::AcceptedAtOffice.code(),
    }
}

/// The desks at work: every `every`, one parcel moves one step (a walk-in
/// registered at one office, carried to the other and delivered there).
///
/// # Errors
/// A desk that stopped.
pub async fn live(db: Db, company: Company, mut desks: [Desk; 2], every: Duration) -> anyhow::Result<()> {
    for (k, desk) in desks.iter_mut().enumerate() {
        let (first, count) = offices::add_label_roll(&db, &company.business, &company.branches[k], 500).await?;
        desk.set_roll(LabelRoll::new(first, count));
        desk.reset_clock();
    }
    let mut rng = SmallRng::from_os_rng();
    // Parcels on their way: barcode, origin, steps done.
    let mut moving: Vec<(Barcode, usize, usize)> = Vec::new();
    let steps =
        [(0, ScanKind::Dispatched), (1, ScanKind::Arrived), (1, ScanKind::OutForDelivery), (1, ScanKind::Delivered)];
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if moving.len() < 4 {
            let from = rng.random_range(0..2);
            let i = rng.random_range(0..PEOPLE.len());
            let walk_in = WalkIn {
                sender_name: PEOPLE[i].into(),
                sender_phone: format!("+99893{:07}", rng.random_range(1_000_000..10_000_000)),
                receiver_name: PEOPLE[(i + 3) % PEOPLE.len()].into(),
                receiver_phone: format!("+99897{:07}", rng.random_range(1_000_000..10_000_000)),
                receiver_district: OFFICES[1 - from].district.into(),
                receiver_address: String::new(),
                weight_g: rng.random_range(300..15_000),
                pieces: 1,
                price: Money::from_tiyin(rng.random_range(20..120) * 100_000),
            };
            let shipment = desks[from].register_walk_in(&walk_in).await?;
            moving.push((shipment.barcode, from, 0));
            continue;
        }
        let (barcode, from, done) = &mut moving[0];
        let (office, kind) = steps[*done];
        let desk = &mut desks[if office == 0 { *from } else { 1 - *from }];
        desk.scan(barcode, kind, None, "").await?;
        *done += 1;
        if *done == steps.len() {
            moving.remove(0);
        }
    }
}

/// The company's own Click service in the demo (C6): its ids and secret,
/// known to the Click simulator too.
const CLICK_SERVICE: &str = "30501";
const CLICK_MERCHANT: &str = "20602";
const CLICK_SECRET: &str = "demo-bts-click-secret";

/// Sets the company's own Click service up (once) and registers it with the
/// Click simulator, so the cabinet's "To'lash" goes through it; on the first
/// start the client pays its oldest shipment with something due through it
/// (Click's Prepare and Complete, as the simulator sends them). Returns the
/// barcode paid on this start, if any.
///
/// # Errors
/// The cloud's database or vault; Click's answer refused.
pub async fn click(
    cloud: &firmware_sim::world::Cloud,
    company: &Company,
    services: &ClickServices,
) -> anyhow::Result<Option<String>> {
    let (state, business) = (&cloud.state, &company.business);
    let db = &state.db;
    if db.cargo_click_service(business).await?.is_none() {
        let service = ClickService {
            service_id: CLICK_SERVICE.into(),
            merchant_id: CLICK_MERCHANT.into(),
            merchant_user_id: String::new(),
            secret_sealed: state.vault.seal(CLICK_SECRET, business.as_str())?,
            updated_at: Timestamp::now().0,
        };
        let mut tx = db.begin_write().await?;
        pay_store::save_click_service(&mut tx, business, &service).await?;
        tx.commit().await?;
    }
    let settings = ClickSettings {
        service_id: CLICK_SERVICE.into(),
        merchant_id: CLICK_MERCHANT.into(),
        secret_key: cloud::settings::Secret::new(CLICK_SECRET),
        ..ClickSettings::default()
    };
    let public = state.settings.public_url();
    let url = |action| cloud::cargo::click::callback_url(&public, SLUG, action);
    let caller = ClickCaller::for_service(&url(Action::Prepare), &url(Action::Complete), &settings);
    services.add(caller.clone());
    let paid: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_pays WHERE client_id = $1 AND status = 'paid'")
        .bind(&company.client)
        .fetch_one(&db.pool)
        .await?;
    if paid > 0 {
        return Ok(None);
    }
    let oldest: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, barcode FROM cargo_shipments WHERE client_id = $1 ORDER BY created_at, id LIMIT 100",
    )
    .bind(&company.client)
    .fetch_all(&db.pool)
    .await?;
    for (id, barcode) in oldest {
        let Some(shipment) = cloud::ids::ShipmentId::parse(&id) else { continue };
        let due = pay_store::due(&db.pool, business, &company.client, &shipment).await?;
        if due == 0 {
            continue;
        }
        let pay = pay_store::Pay {
            id: cloud::ids::CargoPayId::new(),
            business_id: business.clone(),
            client_id: company.client.clone(),
            shipment_id: shipment,
            barcode: barcode.clone(),
            due,
            amount: due,
            provider: "click".into(),
            status: pay_store::PayStatus::Open,
            created_at: Timestamp::now().0,
        };
        let mut tx = db.begin_write().await?;
        pay_store::insert_pay(&mut tx, &pay).await?;
        tx.commit().await?;
        let amount = cloud::billing::invoices::som(due);
        let (prepared, completed) = caller.pay(Timestamp::now().0, &pay.id, &amount, 0).await?;
        let answer = completed.map_or(prepared.error, |c| c.error);
        if answer != 0 {
            bail!("Click's Complete for the demo's shipment {barcode} was answered {answer}");
        }
        return Ok(Some(barcode));
    }
    Ok(None)
}
