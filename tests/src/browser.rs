//! A headless Chromium for end-to-end tests of the portal, driven over the
//! W3C WebDriver protocol by `chromedriver` (a child process on a free port).
//!
//! [`Browser::start`] returns `None` after printing `SKIPPED: <why>` when
//! Chromium or chromedriver is not installed (`apt-get install chromium
//! chromium-driver`), unless `REQUIRE_BROWSER=1` is set (CI sets it), in
//! which case it panics: a browser test never silently skips there.
//! `CHROMIUM` and `CHROMEDRIVER` name the binaries explicitly when set.
//!
//! Chromium runs headless with a fresh profile in a temporary directory and
//! only ever opens local addresses ([`Browser::goto`] refuses others). Every
//! WebDriver failure panics with the driver's error: this is a test harness.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use reqwest::Method;
use serde_json::{Value, json};

use crate::free_port;

/// The key W3C WebDriver marks an element reference with.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The only flags Chromium gets from us (chromedriver adds its automation ones).
const CHROMIUM_ARGS: [&str; 6] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
];

/// The phone's user agent: Chrome on Android, so pages see a mobile browser.
pub const PHONE_USER_AGENT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";

/// How long a page load or a script may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// How often the `wait_*` methods look again.
const POLL: Duration = Duration::from_millis(50);

/// Special keys for [`Element::send_keys`].
pub mod keys {
    /// Enter.
    pub const ENTER: &str = "\u{E007}";
    /// Tab.
    pub const TAB: &str = "\u{E004}";
    /// Backspace.
    pub const BACKSPACE: &str = "\u{E003}";
    /// Escape.
    pub const ESCAPE: &str = "\u{E00C}";
}

/// The screen a test looks through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewport {
    /// A laptop: 1366×900 CSS pixels, mouse, desktop user agent.
    Desktop,
    /// A phone: 390×844 CSS pixels at device pixel ratio 3, touch, mobile
    /// user agent (Chrome's mobile emulation).
    Phone,
}

impl Viewport {
    /// Width and height in CSS pixels.
    pub fn size(self) -> (u32, u32) {
        match self {
            Viewport::Desktop => (1366, 900),
            Viewport::Phone => (390, 844),
        }
    }

    /// `desktop` or `phone` (for artifact names).
    pub fn name(self) -> &'static str {
        match self {
            Viewport::Desktop => "desktop",
            Viewport::Phone => "phone",
        }
    }

    /// Device pixel ratio.
    pub fn pixel_ratio(self) -> f64 {
        match self {
            Viewport::Desktop => 1.0,
            Viewport::Phone => 3.0,
        }
    }
}

/// `<workspace>/target/test-artifacts/screenshots`, created: where tests
/// save screenshots for people (and CI) to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("target").join("test-artifacts").join("screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir.canonicalize().unwrap_or(dir)
}

/// An error the driver answered with.
#[derive(Debug, Clone)]
pub struct WebDriverError {
    /// HTTP status.
    pub status: u16,
    /// The W3C error code (`no such element`, `unexpected alert open`, …).
    pub error: String,
    /// The driver's message.
    pub message: String,
}

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.error, self.status, self.message)
    }
}

/// A cookie as the browser holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cookie {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
    /// Path.
    pub path: Option<String>,
    /// Domain.
    pub domain: Option<String>,
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite` (`Strict`, `Lax`, `None`).
    pub same_site: Option<String>,
    /// Expiry in seconds since the epoch; `None` for a session cookie.
    pub expiry: Option<u64>,
}

/// An element's position and size in CSS pixels, relative to the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// The HTTP side of one WebDriver session.
#[derive(Clone)]
struct Wire {
    http: reqwest::Client,
    /// `http://127.0.0.1:<port>/session/<id>`.
    session: String,
}

impl Wire {
    /// A command; the driver's `value`, or its error.
    async fn try_call(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value, WebDriverError> {
        call(&self.http, method, &format!("{}{path}", self.session), body).await
    }

    /// A command that must succeed.
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let what = format!("{method} {path}");
        self.try_call(method, path, body).await.unwrap_or_else(|e| panic!("WebDriver {what} failed: {e}"))
    }

    async fn get(&self, path: &str) -> Value {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.call(Method::POST, path, Some(body)).await
    }
}

/// One HTTP exchange with the driver.
async fn call(http: &reqwest::Client, method: Method, url: &str, body: Option<Value>) -> Result<Value, WebDriverError> {
    let mut req = http.request(method.clone(), url);
    if let Some(b) = body {
        req = req.json(&b);
    } else if method == Method::POST {
        req = req.json(&json!({}));
    }
    let res = req.send().await.map_err(|e| WebDriverError {
        status: 0,
        error: "no answer".to_owned(),
        message: format!("{method} {url}: {e}"),
    })?;
    let status = res.status();
    let text = res.text().await.unwrap_or_else(|e| panic!("WebDriver {method} {url}: reading the answer: {e}"));
    let parsed: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("WebDriver {method} {url}: not JSON ({e}), status {status}: {text}"));
    let value = parsed.get("value").cloned().unwrap_or(Value::Null);
    if status.is_success() {
        return Ok(value);
    }
    Err(WebDriverError {
        status: status.as_u16(),
        error: value.get("error").and_then(Value::as_str).unwrap_or("unknown error").to_owned(),
        message: value.get("message").and_then(Value::as_str).map_or_else(|| text.clone(), str::to_owned),
    })
}

/// A headless Chromium with one WebDriver session. Dropping it ends the
/// session and kills chromedriver and Chromium.
pub struct Browser {
    wire: Wire,
    port: u16,
    session_id: String,
    viewport: Viewport,
    /// The viewport of the session's capabilities.
    started_as: Viewport,
    /// The browser's own (desktop) user agent, to go back to from the phone.
    desktop_user_agent: String,
    /// Killed after [`Drop`] ended the session (fields drop in this order).
    driver: Option<Driver>,
    /// The profile and chromedriver's log; removed after the processes end.
    dir: tempfile::TempDir,
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").field("port", &self.port).field("session", &self.session_id).finish_non_exhaustive()
    }
}

/// Is `path` an executable file?
fn executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// `name` on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| executable(p))
}

/// The binary named by `var`, if set (whether or not it exists), else the
/// first of `found` that exists.
fn locate(var: &str, found: impl IntoIterator<Item = Option<PathBuf>>) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os(var) {
        let p = PathBuf::from(p);
        return if executable(&p) { Ok(p) } else { Err(format!("{var}={} is not an executable", p.display())) };
    }
    found.into_iter().flatten().find(|p| executable(p)).ok_or_else(String::new)
}

fn find_chromium() -> Result<PathBuf, String> {
    // Debian's /usr/bin/chromium is a shell script adding flags from
    // /etc/chromium.d (extensions, GPU rasterization); run the real binary.
    locate(
        "CHROMIUM",
        [
            Some(PathBuf::from("/usr/lib/chromium/chromium")),
            Some(PathBuf::from("/usr/bin/chromium")),
            on_path("chromium"),
            on_path("chromium-browser"),
        ],
    )
    .map_err(|e| if e.is_empty() { "Chromium is not installed (/usr/bin/chromium)".to_owned() } else { e })
}

fn find_chromedriver() -> Result<PathBuf, String> {
    locate("CHROMEDRIVER", [on_path("chromedriver"), Some(PathBuf::from("/usr/bin/chromedriver"))]).map_err(|e| {
        if e.is_empty() { "chromedriver is not installed (PATH, /usr/bin/chromedriver)".to_owned() } else { e }
    })
}

/// The last lines of a log file.
fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// chromedriver in a process group of its own (Chromium and its helpers
/// join it); dropping it kills the whole group.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.0.id())]).status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Browser {
    /// Starts chromedriver and a headless Chromium looking through
    /// `viewport`. `None` (with `SKIPPED: <why>` printed) when either is
    /// missing, unless `REQUIRE_BROWSER=1`, which makes that a panic.
    pub async fn start(viewport: Viewport) -> Option<Browser> {
        let found = find_chromium().and_then(|c| find_chromedriver().map(|d| (c, d)));
        let (chromium, chromedriver) = match found {
            Ok(pair) => pair,
            Err(why) => {
                assert!(
                    std::env::var("REQUIRE_BROWSER").as_deref() != Ok("1"),
                    "REQUIRE_BROWSER=1 but {why}; install them with apt-get install chromium chromium-driver"
                );
                println!("SKIPPED (browser test): {why}; apt-get install chromium chromium-driver (.ci/run does)");
                return None;
            }
        };

        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(COMMAND_TIMEOUT + Duration::from_secs(30))
            .build()
            .expect("an HTTP client");
        let dir = tempfile::Builder::new().prefix("browser-").tempdir().expect("a temporary directory");
        let profile = dir.path().join("profile");
        let log_path = dir.path().join("chromedriver.log");
        let log = std::fs::File::create(&log_path).expect("chromedriver log");
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            // Its own process group, so Chromium goes down with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromedriver.display()));
        let mut driver = Driver(driver);
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(status) = call(&http, Method::GET, &format!("{base}/status"), None).await
                && status.get("ready").and_then(Value::as_bool) == Some(true)
            {
                break;
            }
            if let Some(status) = driver.0.try_wait().expect("chromedriver status") {
                panic!("chromedriver exited with {status} at start; log:\n{}", tail(&log_path));
            }
            assert!(Instant::now() < deadline, "chromedriver did not become ready in 20 s; log:\n{}", tail(&log_path));
            tokio::time::sleep(POLL).await;
        }

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| (*a).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut chrome_options = json!({ "binary": chromium.display().to_string(), "args": args });
        if viewport == Viewport::Phone {
            let (width, height) = viewport.size();
            chrome_options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": viewport.pixel_ratio(), "touch": true, "mobile": true },
                "userAgent": PHONE_USER_AGENT,
            });
        }
        let ms = u64::try_from(COMMAND_TIMEOUT.as_millis()).unwrap_or(u64::MAX);
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            // Leave confirm() dialogs open for accept_alert/dismiss_alert.
            "unhandledPromptBehavior": "ignore",
            "timeouts": { "implicit": 0, "pageLoad": ms, "script": ms },
            "goog:chromeOptions": chrome_options,
        }}});
        let created = match call(&http, Method::POST, &format!("{base}/session"), Some(capabilities)).await {
            Ok(v) => v,
            Err(e) => {
                panic!(
                    "chromedriver could not start {}: {e}\nchromedriver log:\n{}",
                    chromium.display(),
                    tail(&log_path)
                );
            }
        };
        let session_id = created.get("sessionId").and_then(Value::as_str).expect("a session id").to_owned();
        let wire = Wire { http, session: format!("{base}/session/{session_id}") };
        let mut browser = Browser {
            wire,
            driver: Some(driver),
            port,
            session_id,
            viewport,
            started_as: viewport,
            desktop_user_agent: String::new(),
            dir,
        };
        let version = browser.cdp("Browser.getVersion", json!({})).await;
        browser.desktop_user_agent =
            version.get("userAgent").and_then(Value::as_str).expect("the browser's user agent").to_owned();
        browser.set_window(viewport).await;
        Some(browser)
    }

    /// The viewport it currently looks through.
    pub fn viewport(&self) -> Viewport {
        self.viewport
    }

    /// The directory holding the profile and chromedriver's log (`chromedriver.log`).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A Chrome DevTools command through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.wire.post("/goog/cdp/execute", json!({ "cmd": cmd, "params": params })).await
    }

    /// Sizes the window so that the page gets `viewport`'s size (headless
    /// Chromium still reserves room for window decorations). On the phone
    /// the device metrics decide, whatever the window.
    async fn set_window(&self, viewport: Viewport) {
        let (width, height) = viewport.size();
        self.wire.post("/window/rect", json!({ "width": width, "height": height })).await;
        if viewport == Viewport::Desktop {
            let inner = self.execute("return [window.innerWidth, window.innerHeight]", vec![]).await;
            let n = |i: usize| inner[i].as_i64().expect("a size");
            let (w, h) = (i64::from(width), i64::from(height));
            if (n(0), n(1)) != (w, h) {
                self.wire.post("/window/rect", json!({ "width": 2 * w - n(0), "height": 2 * h - n(1) })).await;
            }
        }
    }

    /// Looks through another viewport from now on (the current page is
    /// re-laid out; reload it if it sniffs the user agent on the server).
    ///
    /// A browser started as a [`Viewport::Phone`] stays a phone: chromedriver
    /// applies its mobile emulation again at every navigation, so asking it
    /// for the desktop panics; start a desktop browser instead. A desktop
    /// browser can become a phone (through DevTools emulation) and back.
    pub async fn set_viewport(&mut self, viewport: Viewport) {
        if viewport == self.viewport {
            return;
        }
        assert!(
            !(self.started_as == Viewport::Phone && viewport == Viewport::Desktop),
            "a browser started as a phone cannot become a desktop (chromedriver re-applies its mobile emulation); start a desktop browser"
        );
        let (width, height) = viewport.size();
        let phone = viewport == Viewport::Phone;
        if phone {
            self.cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": width, "height": height, "deviceScaleFactor": viewport.pixel_ratio(), "mobile": true }),
            )
            .await;
        } else {
            self.cdp("Emulation.clearDeviceMetricsOverride", json!({})).await;
        }
        self.cdp(
            "Emulation.setTouchEmulationEnabled",
            json!({ "enabled": phone, "maxTouchPoints": if phone { 5 } else { 1 } }),
        )
        .await;
        let ua = if phone { PHONE_USER_AGENT } else { self.desktop_user_agent.as_str() };
        self.cdp("Emulation.setUserAgentOverride", json!({ "userAgent": ua })).await;
        self.set_window(viewport).await;
        self.viewport = viewport;
    }

    /// Opens `url` and waits for the page to load. Only local addresses
    /// (`127.0.0.1`, `localhost`, `[::1]`), `about:` and `data:` are allowed.
    pub async fn goto(&self, url: &str) {
        let parsed = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("goto: not a URL {url:?}: {e}"));
        let local = match parsed.scheme() {
            "http" | "https" => {
                matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
            }
            "about" | "data" => true,
            _ => false,
        };
        assert!(local, "goto: the test browser only opens local addresses, not {url}");
        self.wire.post("/url", json!({ "url": url })).await;
    }

    /// The address of the page.
    pub async fn current_url(&self) -> String {
        self.wire.get("/url").await.as_str().expect("a URL").to_owned()
    }

    /// The path of the page's address (`/branches`).
    pub async fn path(&self) -> String {
        let url = self.current_url().await;
        reqwest::Url::parse(&url).map_or(url, |u| u.path().to_owned())
    }

    /// The page's title.
    pub async fn title(&self) -> String {
        self.wire.get("/title").await.as_str().expect("a title").to_owned()
    }

    /// The page's HTML as it stands now (after scripts).
    pub async fn source(&self) -> String {
        self.wire.get("/source").await.as_str().expect("the page source").to_owned()
    }

    /// Back in history.
    pub async fn back(&self) {
        self.wire.post("/back", json!({})).await;
    }

    /// Reloads the page.
    pub async fn refresh(&self) {
        self.wire.post("/refresh", json!({})).await;
    }

    fn element(&self, value: &Value, css: &str) -> Element {
        Element::from_json(&self.wire, value, css)
    }

    /// The first element matching `css`; panics when there is none.
    pub async fn find(&self, css: &str) -> Element {
        match self.try_find(css).await {
            Some(e) => e,
            None => panic!("no element matches {css:?} on {}", self.current_url().await),
        }
    }

    /// The first element matching `css`, if any.
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        match self.wire.try_call(Method::POST, "/element", Some(json!({ "using": "css selector", "value": css }))).await
        {
            Ok(v) => Some(self.element(&v, css)),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("WebDriver find {css:?} failed: {e}"),
        }
    }

    /// Every element matching `css`, in document order.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self.wire.post("/elements", json!({ "using": "css selector", "value": css })).await;
        v.as_array().expect("a list of elements").iter().map(|e| self.element(e, css)).collect()
    }

    /// Waits (polling) until an element matches `css`, and returns it;
    /// panics with the page's address after `timeout`.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> Element {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.try_find(css).await {
                return e;
            }
            if Instant::now() > deadline {
                panic!("no element matched {css:?} within {timeout:?} on {}", self.current_url().await);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits (polling) until the page's path is `path`; panics after `timeout`.
    pub async fn wait_for_path(&self, path: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let now = self.path().await;
            if now == path {
                return;
            }
            assert!(Instant::now() < deadline, "the page stayed on {now}, not {path}, for {timeout:?}");
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits (polling) until `script` (a function body; `return` a value)
    /// returns something truthy, and returns that; panics after `timeout`.
    pub async fn wait_until(&self, script: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.execute(script, vec![]).await;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return v;
            }
            assert!(Instant::now() < deadline, "{script:?} was still {v} after {timeout:?}");
            tokio::time::sleep(POLL).await;
        }
    }

    /// Switches into the frame `css` matches on the current page (WebDriver
    /// "Switch To Frame"): later commands act inside it.
    pub async fn enter_frame(&self, css: &str) {
        let frame = self.find(css).await;
        self.wire.post("/frame", json!({ "id": frame.to_arg() })).await;
    }

    /// Back to the top-level page.
    pub async fn leave_frames(&self) {
        self.wire.post("/frame", json!({ "id": Value::Null })).await;
    }

    /// Runs `script` (a function body: `return` a value; the arguments are
    /// `arguments[0]`…, elements passed with [`Element::to_arg`]) in the page.
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.wire.post("/execute/sync", json!({ "script": script, "args": args })).await
    }

    /// Saves what the viewport shows as a PNG at `path` (parent directories
    /// created); returns the path.
    pub async fn screenshot(&self, path: impl AsRef<Path>) -> PathBuf {
        let path = path.as_ref().to_path_buf();
        let b64 = self.wire.get("/screenshot").await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("base64 PNG"))
            .unwrap_or_else(|e| panic!("the screenshot is not base64: {e}"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
        }
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// The cookies of the current page's site.
    pub async fn cookies(&self) -> Vec<Cookie> {
        let v = self.wire.get("/cookie").await;
        let s = |c: &Value, k: &str| c.get(k).and_then(Value::as_str).map(str::to_owned);
        v.as_array()
            .expect("a list of cookies")
            .iter()
            .map(|c| Cookie {
                name: s(c, "name").unwrap_or_default(),
                value: s(c, "value").unwrap_or_default(),
                path: s(c, "path"),
                domain: s(c, "domain"),
                secure: c.get("secure").and_then(Value::as_bool).unwrap_or(false),
                http_only: c.get("httpOnly").and_then(Value::as_bool).unwrap_or(false),
                same_site: s(c, "sameSite"),
                expiry: c.get("expiry").and_then(Value::as_u64),
            })
            .collect()
    }

    /// The cookie called `name`, if the current site has one.
    pub async fn cookie(&self, name: &str) -> Option<Cookie> {
        self.cookies().await.into_iter().find(|c| c.name == name)
    }

    /// Deletes every cookie of the current page's site.
    pub async fn delete_cookies(&self) {
        self.wire.call(Method::DELETE, "/cookie", None).await;
    }

    /// The text of the open `alert`/`confirm`/`prompt` dialog, if one is open.
    pub async fn alert_text(&self) -> Option<String> {
        match self.wire.try_call(Method::GET, "/alert/text", None).await {
            Ok(v) => Some(v.as_str().unwrap_or_default().to_owned()),
            Err(e) if e.error == "no such alert" => None,
            Err(e) => panic!("WebDriver alert text failed: {e}"),
        }
    }

    /// Presses OK in the open dialog (`confirm()` returns true); returns its text.
    pub async fn accept_alert(&self) -> String {
        let text = self.wait_for_alert().await;
        self.wire.post("/alert/accept", json!({})).await;
        text
    }

    /// Presses Cancel in the open dialog (`confirm()` returns false); returns its text.
    pub async fn dismiss_alert(&self) -> String {
        let text = self.wait_for_alert().await;
        self.wire.post("/alert/dismiss", json!({})).await;
        text
    }

    async fn wait_for_alert(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Some(t) = self.alert_text().await {
                return t;
            }
            assert!(Instant::now() < deadline, "no dialog opened within 5 s");
            tokio::time::sleep(POLL).await;
        }
    }

    /// Ends the session and the processes now (dropping does the same).
    pub async fn quit(mut self) {
        let _ = self.wire.try_call(Method::DELETE, "", None).await;
        self.session_id.clear();
        self.driver.take();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask chromedriver to close Chromium (it removes its own temporary
        // files), with plain blocking I/O since there is no runtime to await
        // on here; then kill whatever is left of the process group.
        if self.driver.is_some() && !self.session_id.is_empty() {
            let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
            if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
                let _ = s.set_write_timeout(Some(Duration::from_secs(1)));
                let request = format!(
                    "DELETE /session/{} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                    self.session_id, self.port
                );
                // chromedriver answers once Chromium is gone (and keeps the
                // connection open): the head of the answer is enough.
                if s.write_all(request.as_bytes()).is_ok() {
                    let (mut got, mut buf) = (Vec::new(), [0u8; 1024]);
                    while let Ok(n @ 1..) = s.read(&mut buf) {
                        got.extend_from_slice(&buf[..n]);
                        if got.windows(4).any(|w| w == b"\r\n\r\n") {
                            break;
                        }
                    }
                }
            }
        }
        // Then `driver` drops: the process group is killed.
    }
}

/// An element of the page it was found on.
#[derive(Clone)]
pub struct Element {
    wire: Wire,
    id: String,
    /// The selector it was found with (for messages).
    css: String,
}

impl std::fmt::Debug for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element").field("css", &self.css).field("id", &self.id).finish()
    }
}

impl Element {
    fn from_json(wire: &Wire, value: &Value, css: &str) -> Element {
        let id = value.get(ELEMENT_KEY).and_then(Value::as_str).unwrap_or_else(|| panic!("not an element: {value}"));
        Element { wire: wire.clone(), id: id.to_owned(), css: css.to_owned() }
    }

    /// The selector it was found with.
    pub fn selector(&self) -> &str {
        &self.css
    }

    /// The reference to pass it to [`Browser::execute`].
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    async fn get(&self, what: &str) -> Value {
        let path = format!("/element/{}/{what}", self.id);
        match self.wire.try_call(Method::GET, &path, None).await {
            Ok(v) => v,
            Err(e) => panic!("WebDriver {what} of {:?} failed: {e}", self.css),
        }
    }

    async fn post(&self, what: &str, body: Value) -> Value {
        let path = format!("/element/{}/{what}", self.id);
        match self.wire.try_call(Method::POST, &path, Some(body)).await {
            Ok(v) => v,
            Err(e) => panic!("WebDriver {what} on {:?} failed: {e}", self.css),
        }
    }

    /// Clicks it (scrolled into view; panics when something covers it).
    pub async fn click(&self) {
        self.post("click", json!({})).await;
    }

    /// Types `text` into it (see [`keys`] for Enter and friends).
    pub async fn send_keys(&self, text: &str) {
        self.post("value", json!({ "text": text })).await;
    }

    /// Empties an input or textarea.
    pub async fn clear(&self) {
        self.post("clear", json!({})).await;
    }

    /// Its rendered text (what a person sees, whitespace collapsed).
    pub async fn text(&self) -> String {
        self.get("text").await.as_str().unwrap_or_default().to_owned()
    }

    /// The HTML attribute `name`, if set.
    pub async fn attr(&self, name: &str) -> Option<String> {
        self.get(&format!("attribute/{name}")).await.as_str().map(str::to_owned)
    }

    /// The DOM property `name` (`value`, `checked`, …).
    pub async fn property(&self, name: &str) -> Value {
        self.get(&format!("property/{name}")).await
    }

    /// Whether it is shown.
    pub async fn is_displayed(&self) -> bool {
        self.get("displayed").await.as_bool().unwrap_or(false)
    }

    /// The first element matching `css` inside it; panics when none does.
    pub async fn find(&self, css: &str) -> Element {
        match self.try_find(css).await {
            Some(e) => e,
            None => panic!("no element matches {css:?} inside {:?}", self.css),
        }
    }

    /// The first element matching `css` inside it, if any.
    pub async fn try_find(&self, css: &str) -> Option<Element> {
        let path = format!("/element/{}/element", self.id);
        let inner = format!("{} {css}", self.css);
        match self.wire.try_call(Method::POST, &path, Some(json!({ "using": "css selector", "value": css }))).await {
            Ok(v) => Some(Element::from_json(&self.wire, &v, &inner)),
            Err(e) if e.error == "no such element" => None,
            Err(e) => panic!("WebDriver find {css:?} inside {:?} failed: {e}", self.css),
        }
    }

    /// Every element matching `css` inside it.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let inner = format!("{} {css}", self.css);
        let v = self.post("elements", json!({ "using": "css selector", "value": css })).await;
        v.as_array().expect("a list of elements").iter().map(|e| Element::from_json(&self.wire, e, &inner)).collect()
    }

    /// Where it is and how big.
    pub async fn rect(&self) -> Rect {
        let v = self.get("rect").await;
        let n = |k: &str| v.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        Rect { x: n("x"), y: n("y"), width: n("width"), height: n("height") }
    }
}
