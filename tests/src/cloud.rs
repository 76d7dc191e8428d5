//! Harness for the cloud: a cloud process on a fresh database (SQLite or
//! PostgreSQL), the Eskiz simulator as its SMS provider, a browser-like
//! portal client, and the independent arithmetic the figures are checked
//! against.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cloud::db::Db;
use cloud::sms::eskiz_sim::EskizSim;
use cloud::sync::store::Totals;
use protocol::{EntityKey, EventBody, OrderStatus, PaymentStatus};
use sqlx::Connection as _;

use crate::{binary, free_port};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    /// A SQLite file in the test's directory.
    Sqlite,
    /// A fresh database on the server named by `TEST_POSTGRES_URL`.
    Postgres,
}

/// A database for one test.
#[derive(Debug, Clone)]
pub struct TestDb {
    /// The URL the cloud gets.
    pub url: String,
    /// Which kind.
    pub kind: DbKind,
}

impl TestDb {
    /// A fresh database, or `None` (with the reason printed) when PostgreSQL
    /// is asked for and `TEST_POSTGRES_URL` is not set.
    pub async fn new(kind: DbKind, dir: &Path) -> Option<TestDb> {
        match kind {
            DbKind::Sqlite => {
                Some(TestDb { url: format!("sqlite://{}?mode=rwc", dir.join("cloud.db").display()), kind })
            }
            DbKind::Postgres => {
                let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
                    println!(
                        "SKIPPED (PostgreSQL variant): TEST_POSTGRES_URL is not set; .ci/run sets it after starting PostgreSQL"
                    );
                    return None;
                };
                sqlx::any::install_default_drivers();
                let name = format!("t_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::AnyConnection::connect(&admin)
                    .await
                    .unwrap_or_else(|e| panic!("TEST_POSTGRES_URL is set but PostgreSQL does not answer: {e}"));
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await.unwrap();
                let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
                Some(TestDb { url: format!("{base}/{name}"), kind })
            }
        }
    }

    /// A connection pool of the test's own (runs migrations if needed).
    pub async fn open(&self) -> Db {
        Db::connect(&self.url, 2).await.unwrap()
    }
}

/// Runs `$scenario(DbKind)` as two tests, `sqlite` and `postgres`.
#[macro_export]
macro_rules! on_both_databases {
    ($scenario:ident) => {
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$scenario($crate::cloud::DbKind::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$scenario($crate::cloud::DbKind::Postgres).await;
            }
        }
    };
}

/// The Eskiz simulator, serving in this process.
#[derive(Debug, Clone)]
pub struct Sms {
    /// Its state.
    pub sim: EskizSim,
    /// `http://127.0.0.1:port/api`.
    pub base_url: String,
}

/// The account the cloud logs in to Eskiz with.
pub const ESKIZ_EMAIL: &str = "tests@example.uz";
/// Its password.
pub const ESKIZ_PASSWORD: &str = "eskiz-secret";

impl Sms {
    /// Starts the simulator on a free port.
    pub async fn start() -> Sms {
        let sim = EskizSim::new(ESKIZ_EMAIL, ESKIZ_PASSWORD);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = sim.router();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Sms { sim, base_url: format!("http://{addr}/api") }
    }

    /// The last code sent to `phone` (`+998…`).
    pub fn last_code(&self, phone: &str) -> Option<String> {
        let digits = phone.trim_start_matches('+');
        self.sim
            .messages()
            .iter()
            .rev()
            .find(|m| m.mobile_phone == digits)
            .map(|m| m.message.chars().filter(char::is_ascii_digit).collect::<String>().chars().take(6).collect())
    }

    /// How many texts went to `phone`.
    pub fn count(&self, phone: &str) -> usize {
        let digits = phone.trim_start_matches('+');
        self.sim.messages().iter().filter(|m| m.mobile_phone == digits).count()
    }
}

/// A cloud running as its own process.
pub struct CloudProcess {
    child: Option<Child>,
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// Its data directory.
    pub dir: PathBuf,
    /// Its database.
    pub db: TestDb,
    log: PathBuf,
    env: Vec<(String, String)>,
    /// `https` when TLS is configured.
    pub scheme: &'static str,
    ca_pem: Option<Vec<u8>>,
}

impl CloudProcess {
    /// Prepares a cloud on a fresh port, using `sms` for codes.
    pub fn new(dir: &Path, db: &TestDb, sms: &Sms) -> Self {
        cloud::install_crypto_provider();
        std::fs::create_dir_all(dir).unwrap();
        let mut me = Self {
            child: None,
            port: free_port(),
            dir: dir.to_path_buf(),
            db: db.clone(),
            log: dir.join("cloud.log"),
            env: Vec::new(),
            scheme: "http",
            ca_pem: None,
        };
        // Every test device comes from 127.0.0.1: a captcha after the
        // default two codes an hour would stop the tests' own registrations
        // (accounts.rs sets it back to two to see it asked).
        me.set_env("CLOUD__ACCOUNTS__CODES_BEFORE_CAPTCHA", "1000");
        me.set_env("CLOUD__SMS__PROVIDER", "eskiz");
        me.set_env("CLOUD__SMS__ESKIZ_BASE_URL", sms.base_url.clone());
        me.set_env("CLOUD__SMS__ESKIZ_EMAIL", ESKIZ_EMAIL);
        me.set_env("CLOUD__SMS__ESKIZ_PASSWORD", ESKIZ_PASSWORD);
        me
    }

    /// Sets a `CLOUD__…` variable for later starts and commands.
    pub fn set_env(&mut self, key: &str, value: impl Into<String>) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.into()));
    }

    /// Serves HTTPS with these PEM files; clients trust `ca_pem`.
    pub fn enable_tls(&mut self, cert_path: &Path, key_path: &Path, ca_pem: Vec<u8>) {
        self.set_env("CLOUD__TLS__CERT_PATH", cert_path.display().to_string());
        self.set_env("CLOUD__TLS__KEY_PATH", key_path.display().to_string());
        self.scheme = "https";
        self.ca_pem = Some(ca_pem);
    }

    /// A client for this cloud (trusting its certificate when it has one).
    pub fn client(&self) -> reqwest::Client {
        self.client_builder().build().unwrap()
    }

    /// [`CloudProcess::client`]'s builder, for one more setting.
    pub fn client_builder(&self) -> reqwest::ClientBuilder {
        let mut b = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30));
        if let Some(pem) = &self.ca_pem {
            b = b.add_root_certificate(reqwest::Certificate::from_pem(pem).unwrap());
        }
        b
    }

    /// `cloud args…` with this cloud's settings.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(binary("cloud"));
        cmd.args(args)
            .env("CLOUD__LISTEN", format!("127.0.0.1:{}", self.port))
            .env("CLOUD__DATA_DIR", &self.dir)
            .env("DATABASE_URL", &self.db.url)
            .env("RUST_LOG", "info,sqlx=warn")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        cmd
    }

    /// Starts it and waits for `/healthz`.
    pub async fn start(&mut self) {
        assert!(self.child.is_none(), "already running");
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).unwrap();
        self.child = Some(self.command(&["serve"]).stdout(Stdio::null()).stderr(log).spawn().unwrap());
        let client = self.client();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(r) = client.get(self.url("/healthz")).send().await
                && r.status().is_success()
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("cloud exited with {status} at start; log:\n{}", self.log_tail());
            }
            assert!(Instant::now() < deadline, "cloud did not come up; log:\n{}", self.log_tail());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// SIGKILL.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM and wait.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(20);
            while child.try_wait().unwrap().is_none() {
                assert!(Instant::now() < deadline, "cloud did not stop on SIGTERM");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    /// `scheme://127.0.0.1:port/path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}://127.0.0.1:{}{path}", self.scheme, self.port)
    }

    /// The base URL.
    pub fn base(&self) -> String {
        self.url("")
    }

    /// Runs `cloud args…` to completion; returns (success, stdout, stderr).
    pub async fn run_command(&self, args: &[&str]) -> (bool, String, String) {
        let out = tokio::process::Command::from(self.command(args)).output().await.unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
    }

    /// The last lines of its log.
    pub fn log_tail(&self) -> String {
        crate::log_excerpt(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }
}

impl Drop for CloudProcess {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// An HTTP client that does not follow redirects and keeps cookies.
pub fn http_client() -> reqwest::Client {
    // reqwest with several TLS backends linked in needs one chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// A browser-like client of the owner pages.
pub struct Portal {
    /// The client (its own cookie jar: one "device").
    pub client: reqwest::Client,
    base: String,
    /// The device's CSRF token, read from a form on first use.
    csrf: std::sync::Mutex<Option<String>>,
}

/// An answer: status, `Location` (for redirects) and body.
#[derive(Debug)]
pub struct Page {
    /// HTTP status.
    pub status: u16,
    /// Redirect target.
    pub location: Option<String>,
    /// Body.
    pub body: String,
    /// Every `Set-Cookie` header.
    pub set_cookies: Vec<String>,
}

impl Page {
    /// The `data-error` code on the page, if any.
    pub fn error_code(&self) -> Option<String> {
        let at = self.body.find("data-error=\"")? + "data-error=\"".len();
        Some(self.body[at..].split('"').next()?.to_owned())
    }

    /// Whether the page shows `text` (compared with HTML entities decoded).
    pub fn shows(&self, text: &str) -> bool {
        let decoded = self
            .body
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&#34;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        decoded.contains(text)
    }

    /// The CSRF token the page's forms carry.
    pub fn csrf(&self) -> Option<String> {
        let at = self.body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
        Some(self.body[at..].split('"').next()?.to_owned())
    }

    /// The `<html lang>` of the page.
    pub fn lang(&self) -> Option<String> {
        self.attrs("<html lang").into_iter().next()
    }

    /// Every value of `attr="…"` on the page.
    pub fn attrs(&self, attr: &str) -> Vec<String> {
        let needle = format!("{attr}=\"");
        self.body
            .match_indices(&needle)
            .filter_map(|(i, _)| self.body[i + needle.len()..].split('"').next())
            .map(str::to_owned)
            .collect()
    }

    /// The text inside the first element carrying `attr`.
    pub fn text_of(&self, attr: &str) -> Option<String> {
        let at = self.body.find(attr)?;
        let rest = &self.body[at..];
        let start = rest.find('>')? + 1;
        Some(rest[start..].split('<').next()?.to_owned())
    }
}

/// What step 3 of registration asks.
#[derive(Debug, Clone)]
pub struct Owner {
    /// Phone.
    pub phone: String,
    /// Password.
    pub password: String,
    /// Business.
    pub business: String,
}

impl Owner {
    /// A test owner with a phone derived from `n`.
    pub fn numbered(n: u32) -> Owner {
        Owner { phone: format!("+99890{:07}", n), password: format!("parol-{n}-xyz"), business: format!("Biznes {n}") }
    }
}

impl Portal {
    /// A new "device" against `cloud`.
    pub fn new(cloud: &CloudProcess) -> Portal {
        Portal { client: cloud.client(), base: cloud.base(), csrf: std::sync::Mutex::new(None) }
    }

    /// A new "device" against `cloud` that, behind the cloud's trusted proxy
    /// (`CLOUD__TRUST_FORWARDED_FOR=true`), comes from `addr`.
    pub fn from_addr(cloud: &CloudProcess, addr: &str) -> Portal {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", reqwest::header::HeaderValue::from_str(addr).unwrap());
        let client = cloud.client_builder().default_headers(headers).build().unwrap();
        Portal { client, base: cloud.base(), csrf: std::sync::Mutex::new(None) }
    }

    /// A new "device" against a cloud this harness did not start (plain
    /// HTTP at `base`, e.g. `http://127.0.0.1:8080`).
    pub fn at(base: &str) -> Portal {
        Portal { client: http_client(), base: base.trim_end_matches('/').to_owned(), csrf: std::sync::Mutex::new(None) }
    }

    /// This device's CSRF token, as the page's forms carry it.
    pub async fn csrf(&self) -> String {
        if let Some(t) = self.csrf.lock().unwrap().clone() {
            return t;
        }
        let page = self.get("/login").await;
        let token = page.csrf().expect("a csrf field on the sign-in page");
        *self.csrf.lock().unwrap() = Some(token.clone());
        token
    }

    /// GET.
    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.client.get(format!("{}{path}", self.base)).send().await.unwrap()).await
    }

    /// GET a document (a PDF, a spreadsheet): its status and bytes.
    pub async fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let r = self.client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }

    /// POST a form as the page would: with the device's CSRF token.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut fields = form.to_vec();
        fields.push(("csrf", &token));
        self.post_raw(path, &fields).await
    }

    /// POST exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, form: &[(&str, &str)]) -> Page {
        Self::page(self.client.post(format!("{}{path}", self.base)).form(form).send().await.unwrap()).await
    }

    /// GET with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut req = self.client.get(format!("{}{path}", self.base));
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        Self::page(req.send().await.unwrap()).await
    }

    async fn page(r: reqwest::Response) -> Page {
        let status = r.status().as_u16();
        let location = r.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let set_cookies =
            r.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect();
        Page { status, location, body: r.text().await.unwrap(), set_cookies }
    }

    /// The three registration steps, through the real pages and the real SMS.
    pub async fn register(&self, sms: &Sms, owner: &Owner) {
        let p = self.post("/register", &[("phone", &owner.phone)]).await;
        assert_eq!(p.location.as_deref(), Some("/register/code"), "step 1: {p:?}");
        let code = sms.last_code(&owner.phone).expect("an SMS code");
        let p = self.post("/register/code", &[("code", &code)]).await;
        assert_eq!(p.location.as_deref(), Some("/register/details"), "step 2: {p:?}");
        let p = self
            .post(
                "/register/details",
                &[
                    ("first_name", "Test"),
                    ("last_name", "Egasi"),
                    ("business_name", &owner.business),
                    ("password", &owner.password),
                    ("password_confirm", &owner.password),
                ],
            )
            .await;
        assert_eq!(p.location.as_deref(), Some("/"), "step 3: {p:?}");
    }

    /// Signs in; returns the answer.
    pub async fn login(&self, phone: &str, password: &str) -> Page {
        self.post("/login", &[("phone", phone), ("password", password)]).await
    }

    /// Creates a branch; returns its id.
    pub async fn create_branch(&self, name: &str) -> cloud::ids::BranchId {
        let before = self.get("/branches").await.attrs("data-branch");
        let p = self.post("/branches", &[("name", name), ("address", "Toshkent"), ("phone", "")]).await;
        assert_eq!(p.status, 303, "create branch: {p:?}");
        let after = self.get("/branches").await.attrs("data-branch");
        let id = after.into_iter().find(|id| !before.contains(id)).expect("the new branch");
        cloud::ids::BranchId::parse(&id).expect("a branch id on the page")
    }

    /// A fresh enrolment code for a branch.
    pub async fn enrolment_code(&self, branch: &str) -> String {
        let p = self.post(&format!("/branches/{branch}/enrolment"), &[]).await;
        assert_eq!(p.status, 200, "enrolment code: {p:?}");
        p.text_of("data-enrolment-code").expect("a code on the page")
    }
}

/// The figures computed from what the terminals sent, independently of the
/// cloud: the newest version of every entity, then completed orders (items
/// plus service charge, item costs) and confirmed payments.
pub fn expected_totals(events: &[EventBody]) -> Totals {
    let mut newest: HashMap<EntityKey, &EventBody> = HashMap::new();
    for e in events {
        let key = e.key();
        if newest.get(&key).is_none_or(|held| e.version() > held.version()) {
            newest.insert(key, e);
        }
    }
    let mut t = Totals::default();
    for e in newest.values() {
        match e {
            EventBody::Order(o) if o.status == OrderStatus::Completed => {
                t.orders += 1;
                // A line is price × quantity (thousandths), rounded half up to whole tiyin.
                let line = |price: i64, milli: i64| ((i128::from(price) * i128::from(milli) + 500) / 1000) as i64;
                for item in &o.items {
                    t.revenue += line(item.unit_price.tiyin(), item.qty.milli());
                    t.cost += line(item.cost_price.tiyin(), item.qty.milli());
                }
                t.revenue += o.service_charge.tiyin();
            }
            EventBody::Payment(p) if p.status == PaymentStatus::Confirmed => {
                t.payments += 1;
                t.paid += p.amount.tiyin();
            }
            _ => {}
        }
    }
    t
}

/// How many distinct orders and payments the events hold.
pub fn distinct_orders_payments(events: &[EventBody]) -> (i64, i64) {
    let mut orders = std::collections::HashSet::new();
    let mut payments = std::collections::HashSet::new();
    for e in events {
        match e {
            EventBody::Order(o) => {
                orders.insert(o.id);
            }
            EventBody::Payment(p) => {
                payments.insert(p.id);
            }
            _ => {}
        }
    }
    (orders.len() as i64, payments.len() as i64)
}

/// Runs `edge-hub enroll` for `hub` against `cloud`; returns (success, stdout + stderr).
pub async fn enroll(hub: &crate::HubProcess, cloud: &CloudProcess, code: &str) -> (bool, String) {
    let out = tokio::process::Command::from(hub.command(&[
        "enroll",
        "--cloud",
        &cloud.base(),
        "--code",
        code,
        "--name",
        "test-hub",
    ]))
    .output()
    .await
    .unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// A cloud on `kind` with one registered owner, signed in on a portal; the
/// hub in `dir/hub` enrolled with a new branch. `None` when the database
/// kind is not available here.
pub struct Stack {
    /// The SMS simulator.
    pub sms: Sms,
    /// The cloud.
    pub cloud: CloudProcess,
    /// The owner's signed-in device.
    pub portal: Portal,
    /// The owner.
    pub owner: Owner,
    /// The branch the hub serves.
    pub branch: cloud::ids::BranchId,
    /// The hub (not started).
    pub hub: crate::HubProcess,
    /// The test's own pool on the cloud's database.
    pub db: Db,
}

impl Stack {
    /// Posts a sync request as `credential`: the status and the body.
    pub async fn post_sync(&self, credential: &str, req: &protocol::sync::SyncRequest) -> (u16, Vec<u8>) {
        self.post_hub_call("/api/v1/sync", credential, postcard::to_stdvec(req).unwrap()).await
    }

    /// Posts an encoded hub call (`/api/v1/sync` or `/api/v1/watch`, any
    /// layout) as `credential`: the status and the body.
    pub async fn post_hub_call(&self, path: &str, credential: &str, body: Vec<u8>) -> (u16, Vec<u8>) {
        let r = http_client()
            .post(self.cloud.url(path))
            .bearer_auth(credential)
            .header("content-type", protocol::sync::SYNC_CONTENT_TYPE)
            .body(body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.bytes().await.unwrap().to_vec())
    }

    /// The credential the enrolled hub keeps in its `cloud.json`.
    pub fn hub_credential(&self) -> String {
        let link: serde_json::Value =
            serde_json::from_slice(&std::fs::read(self.hub.data_dir.join("cloud.json")).unwrap()).unwrap();
        link["credential"].as_str().unwrap().to_owned()
    }

    /// Builds it; the cloud is running, the hub enrolled but not started.
    pub async fn new(kind: DbKind, dir: &Path, owner_no: u32) -> Option<Stack> {
        let db = TestDb::new(kind, dir).await?;
        let sms = Sms::start().await;
        let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
        cloud.start().await;
        let portal = Portal::new(&cloud);
        let owner = Owner::numbered(owner_no);
        portal.register(&sms, &owner).await;
        // Tests run more terminals than the free tariff's 2.
        let (ok, out, err) = cloud.run_command(&["admin", "set-tariff", &owner.phone, "pro"]).await;
        assert!(ok, "set-tariff: {out}{err}");
        let branch = portal.create_branch("Chilonzor").await;
        let code = portal.enrolment_code(&branch).await;
        let mut hub = crate::HubProcess::new(&dir.join("hub"));
        hub.set_env("EDGE_HUB__SYNC__IDLE_MS", "200");
        hub.set_env("EDGE_HUB__SYNC__BACKOFF_MIN_MS", "100");
        hub.set_env("EDGE_HUB__SYNC__BACKOFF_MAX_MS", "1000");
        std::fs::create_dir_all(&hub.data_dir).unwrap();
        let (ok, out) = enroll(&hub, &cloud, &code).await;
        assert!(ok, "enroll failed: {out}");
        let pool = db.open().await;
        Some(Stack { sms, cloud, portal, owner, branch, hub, db: pool })
    }

    /// The owner's business id.
    pub async fn business(&self) -> cloud::ids::BusinessId {
        self.db.owner_by_phone(&self.owner.phone).await.unwrap().business_id
    }

    /// Waits until the hub's outbox is empty (everything acknowledged by the cloud).
    pub async fn drained(&self, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            if self.hub.metric("hub_outbox_depth").await == 0.0 {
                return;
            }
            assert!(Instant::now() < deadline, "the hub's outbox did not drain; hub log:\n{}", self.hub.log_tail());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}
