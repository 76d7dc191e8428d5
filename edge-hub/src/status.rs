//! The hub's local HTTP server: `/healthz`, `/metrics`, a small page for the
//! technician, and the admin API the `edge-hub terminal …` commands use while
//! the hub runs (bearer token from `admin.token` in the data dir).

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::TerminalId;
use protocol::sync::TerminalRole;
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use crate::terminals::TerminalRecord;
use crate::{HubCore, HubError};

/// Builds the router.
pub fn router(core: Arc<HubCore>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/pair", get(pair_page).post(pair_local))
        .route("/pair/window", post(pair_window))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/admin/terminals", get(list_terminals).post(add_terminal))
        .route("/admin/terminals/{id}/revoke", post(revoke_terminal))
        .route("/admin/pairing/window", post(admin_window))
        .route(
            "/admin/terminals/handover",
            post(take_handover).layer(axum::extract::DefaultBodyLimit::max(MAX_HANDOVER_BYTES)),
        )
        .layer(axum::middleware::from_fn_with_state(Arc::clone(&core.guard), crate::web_guard::middleware))
        .with_state(core)
}

/// The name the pairing form's token is bound to.
const PAIR_FORM: &str = "pair";

/// The name the pairing window form's token is bound to.
const WINDOW_FORM: &str = "pair-window";

/// `HH:MM` of `t` in Asia/Tashkent (UTC+5 all year, no daylight saving).
#[must_use]
pub fn tashkent_hhmm(t: protocol::Timestamp) -> String {
    let minutes = (t.0.div_euclid(60_000) + 5 * 60).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One line saying whether devices can reach the pairing listener now.
fn window_line(core: &HubCore) -> String {
    let now = protocol::Timestamp::now();
    match (core.pairing.listener_addr(), core.pairing.window().open_until(now)) {
        (None, _) => "<span class=idle data-window=none>No pairing listener is configured</span>".to_owned(),
        (Some(_), Some(until)) => format!(
            "<b class=on data-window=open>Open</b> for {} more min (until {} Tashkent time): \
             devices on the LAN can ask to be paired",
            (until.0 - now.0).max(0).unsigned_abs().div_ceil(60_000),
            tashkent_hhmm(until)
        ),
        (Some(_), None) => "<b class=off data-window=closed>Closed</b>: devices cannot reach the \
             pairing listener until a technician opens it here or the owner approves a device or issues a \
             POS login in the portal"
            .to_owned(),
    }
}

/// The health report.
#[derive(Debug, Serialize, Deserialize)]
pub struct Health {
    /// Always "ok" when the server answers: the broker and ingest run with it.
    pub status: String,
    /// Seconds since start.
    pub uptime_s: u64,
    /// Events waiting for the cloud.
    pub outbox_depth: u64,
    /// Terminals with a live session.
    pub connected_terminals: usize,
    /// Terminals provisioned and not revoked.
    pub active_terminals: usize,
    /// Catalog version served to terminals.
    pub config_version: u64,
    /// The hub's identity fingerprint, which terminals are told to trust.
    pub hub_fingerprint: String,
    /// The hub's whole public identity key (base64url).
    pub hub_key: String,
}

async fn healthz(State(core): State<Arc<HubCore>>) -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
        uptime_s: core.started.elapsed().as_secs(),
        outbox_depth: core.store.outbox_depth(),
        connected_terminals: core.presence.count(),
        active_terminals: core.terminals.list().iter().filter(|t| t.is_active()).count(),
        config_version: core.store.config_version(),
        hub_fingerprint: core.pairing.hub_key().fingerprint().to_string(),
        hub_key: core.pairing.hub_key().to_text(),
    })
}

async fn metrics(State(core): State<Arc<HubCore>>) -> Response {
    core.refresh_gauges();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], core.metrics.encode()).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn page(State(core): State<Arc<HubCore>>) -> Html<String> {
    let mut rows = String::new();
    for t in core.terminals.list() {
        let state = if !t.is_active() {
            "<span class=off>revoked</span>"
        } else if core.presence.session(t.id).is_some() {
            "<span class=on>connected</span>"
        } else {
            "<span class=idle>not connected</span>"
        };
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{state}</td></tr>",
            t.short,
            escape(&t.name),
            t.role.code(),
            t.id
        );
    }
    if rows.is_empty() {
        rows.push_str(
            "<tr><td colspan=5>No terminals yet: <code>edge-hub terminal add --name \"Kassa 1\" --manager</code></td></tr>",
        );
    }
    let mut dead = String::new();
    for d in core.store.dead_letters(20).unwrap_or_default() {
        let _ = write!(
            dead,
            "<tr><td>{} min ago</td><td><code>{}</code> #{}</td><td>{}</td><td>{}</td></tr>",
            (protocol::Timestamp::now().0 - d.at.0).max(0) / 60_000,
            d.entry.terminal,
            d.entry.seq,
            d.entry.event.key().kind.name(),
            escape(&d.reason)
        );
    }
    if !dead.is_empty() {
        dead = format!(
            "<h2 class=off>Events the cloud refused ({count})</h2><p>Set aside so the rest keeps syncing; \
             the newest 20:</p><table><tr><th>Set aside</th><th>Terminal, seq</th><th>Kind</th><th>The cloud said</th>\
             </tr>{dead}</table>",
            count = core.store.dead_letter_count()
        );
    }
    Html(format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\">\
         <meta http-equiv=refresh content=5><title>Edge hub</title><style>\
         body{{font:15px system-ui,sans-serif;margin:1.5rem;color:#1f2937}}table{{border-collapse:collapse}}\
         td,th{{padding:.35rem .8rem;border-bottom:1px solid #e5e7eb;text-align:left}}\
         .on{{color:#15803d}}.idle{{color:#6b7280}}.off{{color:#b91c1c}}dl{{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.3rem 1rem}}dd{{margin:0;overflow-wrap:anywhere}}\
         </style></head><body><h1>Edge hub</h1><dl>\
         <dt>Uptime</dt><dd>{uptime} s</dd><dt>Events waiting for the cloud</dt><dd>{outbox}</dd>\
         <dt>Connected terminals</dt><dd>{connected}</dd><dt>Catalog version</dt><dd>{config}</dd>\
         <dt>Events accepted</dt><dd>{accepted}</dd><dt>Pairing</dt><dd>{window}</dd>\
         <dt>Hub identity</dt><dd><code data-hub-fingerprint>{fingerprint}</code> (a terminal pairs only with the \
         hub whose fingerprint it is given; key <code>{key}</code>)</dd></dl><h2>Terminals</h2>\
         <table><tr><th>No.</th><th>Name</th><th>Role</th><th>Id</th><th>State</th></tr>{rows}</table>{dead}\
         <p><a href=/pair>Pair a terminal here</a> · <a href=/metrics>Metrics</a></p></body></html>",
        uptime = core.started.elapsed().as_secs(),
        outbox = core.store.outbox_depth(),
        connected = core.presence.count(),
        config = core.store.config_version(),
        accepted = core.metrics.accepted.get(),
        window = window_line(core.as_ref()),
        fingerprint = core.pairing.hub_key().fingerprint(),
        key = core.pairing.hub_key().to_text(),
    ))
}

/// The technician's pairing form.
#[derive(Debug, Default, Deserialize)]
pub struct PairForm {
    /// The code the terminal shows.
    #[serde(default)]
    pub code: String,
    /// The name it gets.
    #[serde(default)]
    pub name: String,
    /// The technician PIN.
    #[serde(default)]
    pub pin: String,
    /// `cashier` or `manager`.
    #[serde(default)]
    pub role: String,
    /// The form's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

fn pair_html(core: &HubCore, form: &PairForm, message: Option<(bool, String)>) -> String {
    let waiting = core.pairing.waiting().unwrap_or_default();
    let mut rows = String::new();
    for w in &waiting {
        let _ = write!(
            rows,
            "<li><code>{}</code>, code good for {} more s</li>",
            w.device,
            (w.expires_at.0 - protocol::Timestamp::now().0).max(0) / 1000
        );
    }
    if rows.is_empty() {
        rows.push_str("<li>No terminal is waiting. Start the terminal's pairing; it shows a QR code and a code.</li>");
    }
    let notice = match message {
        Some((true, text)) => format!("<p class=ok role=status data-result=paired>{}</p>", escape(&text)),
        Some((false, text)) => format!("<p class=err role=alert data-result=refused>{}</p>", escape(&text)),
        None => String::new(),
    };
    let locked = core.pairing.pin_locked_for().map_or_else(String::new, |left| {
        format!(
            "<p class=err role=alert data-result=locked>Local pairing is locked for {} min after too many wrong PINs. \
             Pair from the portal meanwhile.</p>",
            left.as_secs().div_ceil(60)
        )
    });
    let body = format!(
        "{locked}<form method=post action=/pair><input type=hidden name=csrf value=\"{csrf}\">\
         <label>Code on the terminal<input name=code required \
         autocomplete=off placeholder=ABCD-EFGH value=\"{code}\"></label><label>Name<input name=name \
         required maxlength=64 value=\"{name}\"></label><label>Role<select name=role>\
         <option value=cashier{cashier}>Cashier: sells, changes only its own orders</option>\
         <option value=manager{manager}>Manager: also voids and refunds any order, edits the catalog</option>\
         </select></label><label>Technician PIN or passphrase<input name=pin \
         type=password required autocomplete=off></label><button>Pair</button></form>",
        csrf = core.guard.token(PAIR_FORM),
        code = escape(&form.code),
        name = escape(if form.name.is_empty() { "Kassa" } else { &form.name }),
        cashier = if form.role == "manager" { "" } else { " selected" },
        manager = if form.role == "manager" { " selected" } else { "" },
    );
    format!(
        "<!doctype html><html lang=en><head><meta charset=utf-8><meta name=viewport content=\"width=device-width\">\
         <title>Pair a terminal</title><style>body{{font:15px system-ui,sans-serif;margin:1.5rem;color:#1f2937}}\
         label{{display:block;margin:.6rem 0}}input,select{{display:block;font:inherit;padding:.4rem;margin-top:.2rem;max-width:100%;box-sizing:border-box}}\
         button{{font:inherit;padding:.5rem 1.2rem}}.ok,.on{{color:#15803d}}.err,.off{{color:#b91c1c}}.idle{{color:#6b7280}}</style></head><body>\
         <h1>Pair a terminal</h1><p>Works without internet: the terminal is paired here and the cloud hears of it \
         later (it counts against the tariff's terminal limit).</p><p>Give the terminal this hub's address and \
         identity <code data-hub-fingerprint>{fingerprint}</code>: it trusts no other hub's answers.</p>\
         {notice}<h2>Pairing window</h2><p>{window}</p><form method=post action=/pair/window>\
         <input type=hidden name=csrf value=\"{window_csrf}\"><label>Minutes<input name=minutes type=number \
         min=1 max=60 value=10></label><label>Technician PIN or passphrase<input name=pin type=password \
         autocomplete=off></label><button name=action value=open>Open pairing</button> \
         <button name=action value=close>Close now</button></form><h2>Pair the device showing a code</h2>\
         {body}<h2>Waiting</h2><ul>{rows}</ul>\
         <p><a href=/>Back</a></p></body></html>",
        fingerprint = core.pairing.hub_key().fingerprint(),
        window = window_line(core),
        window_csrf = core.guard.token(WINDOW_FORM),
    )
}

/// The technician's pairing window form.
#[derive(Debug, Default, Deserialize)]
pub struct WindowForm {
    /// `open` or `close`.
    #[serde(default)]
    pub action: String,
    /// For how long, in minutes.
    #[serde(default)]
    pub minutes: String,
    /// The technician PIN (not needed to close).
    #[serde(default)]
    pub pin: String,
    /// The form's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

async fn pair_window(State(core): State<Arc<HubCore>>, axum::Form(form): axum::Form<WindowForm>) -> Response {
    use crate::pairing::LocalPairError;
    let page = |status: StatusCode, ok: bool, text: String| {
        (status, Html(pair_html(&core, &PairForm::default(), Some((ok, text))))).into_response()
    };
    if !core.guard.check_token(WINDOW_FORM, &form.csrf) {
        let text = "This form has expired or did not come from this hub's page; it is shown again, fresh.";
        return page(StatusCode::FORBIDDEN, false, text.to_owned());
    }
    if form.action == "close" {
        core.pairing.open_window(std::time::Duration::ZERO);
        return page(StatusCode::OK, true, "Pairing closed.".to_owned());
    }
    let max = crate::window::MAX_OPEN.as_secs() / 60;
    let Some(minutes) = form.minutes.trim().parse::<u64>().ok().filter(|m| (1..=max).contains(m)) else {
        return page(StatusCode::UNPROCESSABLE_ENTITY, false, format!("Minutes: a whole number from 1 to {max}."));
    };
    if form.pin.is_empty() {
        return page(StatusCode::UNPROCESSABLE_ENTITY, false, "Type the technician PIN to open pairing.".to_owned());
    }
    match core.pairing.open_window_local(&form.pin, std::time::Duration::from_secs(minutes * 60)) {
        Ok(until) => {
            let until = until.map_or_else(String::new, |t| format!(" until {} Tashkent time", tashkent_hhmm(t)));
            page(StatusCode::OK, true, format!("Pairing open{until}: start the terminal's pairing now."))
        }
        Err(e) => {
            let status = match e {
                LocalPairError::TooManyTries { .. } | LocalPairError::Locked { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::FORBIDDEN,
            };
            page(status, false, e.to_string())
        }
    }
}

async fn pair_page(State(core): State<Arc<HubCore>>) -> Html<String> {
    Html(pair_html(&core, &PairForm::default(), None))
}

async fn pair_local(State(core): State<Arc<HubCore>>, axum::Form(form): axum::Form<PairForm>) -> Response {
    use crate::pairing::LocalPairError;
    if !core.guard.check_token(PAIR_FORM, &form.csrf) {
        let text = "This form has expired or did not come from this hub's page; it is shown again, fresh.";
        let form = PairForm { pin: String::new(), csrf: String::new(), ..form };
        return (StatusCode::FORBIDDEN, Html(pair_html(&core, &form, Some((false, text.to_owned()))))).into_response();
    }
    let Some(role) = TerminalRole::from_code(if form.role.is_empty() { "cashier" } else { &form.role }) else {
        let form = PairForm { pin: String::new(), csrf: String::new(), role: String::new(), ..form };
        let text = "Choose the terminal's role: cashier or manager.".to_owned();
        return (StatusCode::UNPROCESSABLE_ENTITY, Html(pair_html(&core, &form, Some((false, text))))).into_response();
    };
    match core.pairing.approve_local(&form.pin, &form.code, &form.name, role).await {
        Ok(id) => {
            let short = core.terminals.get(id).map_or(0, |r| r.short);
            let text = format!(
                "Paired: {} ({id}) as {}, number {short}. The terminal connects within seconds.",
                form.name.trim(),
                role.code()
            );
            Html(pair_html(&core, &PairForm::default(), Some((true, text)))).into_response()
        }
        Err(e) => {
            let status = match &e {
                LocalPairError::BadPin => StatusCode::FORBIDDEN,
                LocalPairError::TooManyTries { .. } | LocalPairError::Locked { .. } => StatusCode::TOO_MANY_REQUESTS,
                LocalPairError::Internal(inner) => {
                    tracing::error!(error = %inner, "local pairing failed");
                    StatusCode::INTERNAL_SERVER_ERROR
                }
                LocalPairError::Refused(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let form = PairForm { pin: String::new(), csrf: String::new(), ..form };
            (status, Html(pair_html(&core, &form, Some((false, e.to_string()))))).into_response()
        }
    }
}

/// A terminal as the admin API shows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TerminalView {
    /// Device id.
    pub id: TerminalId,
    /// Name.
    pub name: String,
    /// Provisioned at (ms since epoch).
    pub created_at: i64,
    /// Revoked at (ms since epoch), if revoked.
    pub revoked_at: Option<i64>,
    /// Has a live session.
    pub connected: bool,
    /// Short number in the branch.
    #[serde(default)]
    pub short: u16,
    /// What it may change.
    #[serde(default)]
    pub role: TerminalRole,
}

impl TerminalView {
    /// The view of a record.
    #[must_use]
    pub fn from_record(r: &TerminalRecord, connected: bool) -> Self {
        Self {
            id: r.id,
            name: r.name.clone(),
            created_at: r.created_at.0,
            revoked_at: r.revoked_at.map(|t| t.0),
            connected,
            short: r.short,
            role: r.role,
        }
    }

    fn of(core: &HubCore, r: &TerminalRecord) -> Self {
        Self::from_record(r, core.presence.session(r.id).is_some())
    }
}

/// Body of `POST /admin/terminals`.
#[derive(Debug, Serialize, Deserialize)]
pub struct AddTerminal {
    /// Name for the new terminal.
    pub name: String,
    /// Its role (cashier unless said).
    #[serde(default)]
    pub role: TerminalRole,
}

/// Answer to `POST /admin/terminals`: the credential, shown once.
#[derive(Debug, Serialize, Deserialize)]
pub struct AddedTerminal {
    /// Device id.
    pub id: TerminalId,
    /// `pos1.<id>.<secret>`.
    pub credential: String,
}

/// An admin API error body.
#[derive(Debug, Serialize, Deserialize)]
pub struct ApiError {
    /// What went wrong.
    pub error: String,
}

fn api_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(ApiError { error: message.into() })).into_response()
}

/// `None` when the request carries the admin token, else the 401 to send.
fn unauthorized(core: &HubCore, headers: &HeaderMap) -> Option<Response> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if bool::from(presented.as_bytes().ct_eq(core.admin_token.as_bytes())) {
        None
    } else {
        Some(api_error(StatusCode::UNAUTHORIZED, "admin token required"))
    }
}

fn hub_error(e: &HubError) -> Response {
    match e {
        HubError::Terminals(crate::terminals::TerminalsError::NotFound(id)) => {
            api_error(StatusCode::NOT_FOUND, format!("no terminal {id}"))
        }
        HubError::Terminals(crate::terminals::TerminalsError::BadName) => {
            api_error(StatusCode::UNPROCESSABLE_ENTITY, "a terminal name must be 1 to 64 characters")
        }
        HubError::Terminals(
            refusal @ (crate::terminals::TerminalsError::LimitReached { .. }
            | crate::terminals::TerminalsError::SubscriptionInactive),
        ) => api_error(StatusCode::CONFLICT, refusal.to_string()),
        other => {
            tracing::error!(error = %other, "admin request failed");
            api_error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

async fn list_terminals(State(core): State<Arc<HubCore>>, headers: HeaderMap) -> Response {
    if let Some(r) = unauthorized(&core, &headers) {
        return r;
    }
    let all: Vec<TerminalView> = core.terminals.list().iter().map(|r| TerminalView::of(&core, r)).collect();
    Json(all).into_response()
}

async fn add_terminal(State(core): State<Arc<HubCore>>, headers: HeaderMap, Json(body): Json<AddTerminal>) -> Response {
    if let Some(r) = unauthorized(&core, &headers) {
        return r;
    }
    match core.provision(&body.name, body.role).await {
        Ok(c) => (StatusCode::CREATED, Json(AddedTerminal { id: c.terminal, credential: c.to_text() })).into_response(),
        Err(e) => hub_error(&e),
    }
}

/// Body of `POST /admin/pairing/window`.
#[derive(Debug, Serialize, Deserialize)]
pub struct WindowRequest {
    /// Open for this many minutes (at most 60); 0 closes what was opened by hand.
    pub minutes: u64,
}

/// Answer to `POST /admin/pairing/window`.
#[derive(Debug, Serialize, Deserialize)]
pub struct WindowState {
    /// Until when devices can ask to be paired (ms since the epoch), if they can.
    pub open_until: Option<i64>,
}

async fn admin_window(
    State(core): State<Arc<HubCore>>,
    headers: HeaderMap,
    Json(body): Json<WindowRequest>,
) -> Response {
    if let Some(r) = unauthorized(&core, &headers) {
        return r;
    }
    if core.pairing.listener_addr().is_none() {
        return api_error(StatusCode::CONFLICT, "this hub has no pairing listener (mqtt.pairing_listen)");
    }
    let minutes = body.minutes.min(crate::window::MAX_OPEN.as_secs() / 60);
    let until = core.pairing.open_window(std::time::Duration::from_secs(minutes * 60));
    Json(WindowState { open_until: until.map(|t| t.0) }).into_response()
}

/// The largest hand-over file taken (a full terminal outbox, base64).
const MAX_HANDOVER_BYTES: usize = 128 * 1024 * 1024;

/// Answer to `POST /admin/terminals/handover`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandoverReport {
    /// Whose file it was.
    pub terminal: TerminalId,
    /// Sales taken (stored now, or already stored).
    pub accepted: u64,
    /// Refused for good, and why (e.g. made after the revocation).
    pub rejected: Vec<(u64, String)>,
    /// Refused unread (not this terminal's, damaged).
    pub refused: u64,
}

/// Takes a revoked terminal's hand-over file ([`protocol::handover`]): each
/// event goes through the same checks as the broker's messages, and only
/// what the terminal made before its revocation is kept.
async fn take_handover(State(core): State<Arc<HubCore>>, headers: HeaderMap, body: String) -> Response {
    if let Some(r) = unauthorized(&core, &headers) {
        return r;
    }
    let (terminal, envelopes) = match protocol::handover::read(&body) {
        Ok(read) => read,
        Err(e) => return api_error(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
    };
    if core.terminals.get(terminal).is_none() {
        return api_error(StatusCode::NOT_FOUND, format!("no terminal {terminal} was ever paired here"));
    }
    match core.ingest_sealed(envelopes.into_iter().map(|e| (terminal, e)).collect()).await {
        Ok(summary) => {
            tracing::info!(
                terminal.id = %terminal,
                accepted = summary.accepted,
                rejected = summary.rejected.len(),
                refused = summary.refused,
                "hand-over file taken"
            );
            let rejected = summary.rejected.iter().map(|(_, r)| (r.seq, r.reason.label().to_owned())).collect();
            Json(HandoverReport { terminal, accepted: summary.accepted, rejected, refused: summary.refused })
                .into_response()
        }
        Err(e) => hub_error(&e),
    }
}

async fn revoke_terminal(State(core): State<Arc<HubCore>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if let Some(r) = unauthorized(&core, &headers) {
        return r;
    }
    let Ok(id) = TerminalId::parse(&id) else {
        return api_error(StatusCode::BAD_REQUEST, "not a terminal id");
    };
    match core.revoke(id).await {
        Ok(r) => Json(TerminalView::of(&core, &r)).into_response(),
        Err(e) => hub_error(&e),
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use crate::Hub;
    use crate::settings::Settings;

    #[tokio::test]
    async fn the_pairing_page_wants_its_token_and_slows_guessing() -> Result<(), crate::HubError> {
        let dir = tempfile::tempdir()?;
        let mut settings = Settings { data_dir: dir.path().join("hub"), ..Settings::default() };
        settings.mqtt.listen = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        settings.mqtt.pairing_listen = None;
        settings.status.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        settings.pairing.technician_pin = Some("2468 1012".to_owned());
        let hub = Hub::start(&settings).await?;
        let url = format!("http://{}/pair", hub.status_addr);
        let client = reqwest::Client::new();
        let get = |client: &reqwest::Client| client.get(&url).send();
        let page = get(&client).await.and_then(|r| r.error_for_status()).map_err(std::io::Error::other)?;
        let page = page.text().await.map_err(std::io::Error::other)?;
        let form = page.split("action=/pair>").nth(1).unwrap_or_default();
        let csrf = form.split("name=csrf value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default();
        let post = |pin: &'static str, csrf: String| {
            let form = [
                ("code", "ABCD-EFGH".to_owned()),
                ("name", "Kassa".to_owned()),
                ("pin", pin.to_owned()),
                ("csrf", csrf),
            ];
            client.post(&url).form(&form).send()
        };
        let status = |r: reqwest::Result<reqwest::Response>| r.map(|r| r.status().as_u16()).unwrap_or(0);
        assert_eq!(status(post("24681012", String::new()).await), 403, "no token");
        assert_eq!(status(post("24681012", "1.00".to_owned()).await), 403, "a made-up token");
        for _ in 0..4 {
            assert_eq!(status(post("00000000", csrf.to_owned()).await), 403, "wrong PIN");
        }
        // The 4th wrong PIN in a row makes the next try wait, right or not.
        let held = post("24681012", csrf.to_owned()).await.map_err(std::io::Error::other)?;
        assert_eq!(held.status().as_u16(), 429);
        let text = held.text().await.map_err(std::io::Error::other)?;
        assert!(text.contains("try again in 2 s"), "{text}");
        assert!(!text.contains("24681012"));
        let metrics = client.get(format!("http://{}/metrics", hub.status_addr)).send().await;
        let metrics = metrics.map_err(std::io::Error::other)?.text().await.map_err(std::io::Error::other)?;
        assert!(metrics.contains("hub_pairings_total{reason=\"local_bad_pin\"} 4"), "{metrics}");
        assert!(metrics.contains("hub_technician_pin_locked 0"), "{metrics}");
        hub.shutdown().await?;
        Ok(())
    }
}
