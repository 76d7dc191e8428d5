//! The Click simulator: it plays Click's side of the SHOP API (B3) against
//! the cloud at `settings.public_url()`, with the cloud's own Click
//! settings (service id, merchant id, secret key), and against any other
//! merchant service registered with it ([`ClickServices::add`]: a courier
//! company's own service, whose Prepare and Complete addresses are the
//! company's, C6).
//!
//! - `GET /services/pay?service_id=&merchant_id=&amount=&transaction_param=&return_url=`:
//!   Click's payment page as [`crate::billing::checkout::ClickCheckout`]
//!   links to it (point `billing.click.pay_url` at
//!   `http://<sim>/services/pay`): the amount, the invoice, a "To'lash"
//!   button and a "payer declines" button.
//! - `POST /services/pay`: the payer paid (or declined). The simulator then
//!   calls the cloud in Click's order: Prepare (`action=0`), then Complete
//!   (`action=1`, `error=0`; or `error=-5017`, "insufficient funds", when
//!   the payer declined), form-urlencoded with exactly the published fields
//!   and a correct `sign_string`, and sends the browser back to
//!   `return_url` (303) when the payment went through, or shows the
//!   cloud's answer.
//!
//! [`ClickCaller`] is the same caller as a library, for tests: it builds
//! correctly signed Prepare and Complete calls that a test may then spoil
//! (a field changed, the signature left as it was or made again).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;
use tokio::net::TcpListener;

use crate::billing::click::{Action, ClickReply, sign};
use crate::billing::settings::ClickSettings;
use crate::settings::Settings;

/// Click's `error` for a payer without enough money on the card.
pub const INSUFFICIENT_FUNDS: i64 = -5017;

/// One call as Click would send it: the fields in Click's order, and the
/// endpoint it goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClickCall {
    /// Which of our endpoints receives it (independent of the `action`
    /// field, so a test can send one to the other).
    pub endpoint: Action,
    /// `(name, value)` in Click's order, `sign_string` last.
    pub fields: Vec<(String, String)>,
}

impl ClickCall {
    /// A field's value.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Sets a field (added at the end when absent); the signature is left
    /// as it was.
    #[must_use]
    pub fn with(mut self, name: &str, value: &str) -> Self {
        match self.fields.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) => value.clone_into(v),
            None => self.fields.push((name.to_owned(), value.to_owned())),
        }
        self
    }

    /// Removes a field.
    #[must_use]
    pub fn without(mut self, name: &str) -> Self {
        self.fields.retain(|(k, _)| k != name);
        self
    }

    /// Signs the fields as they are now with `secret`, as Click does
    /// (the `action` field decides whether `merchant_prepare_id` is in).
    #[must_use]
    pub fn signed(self, secret: &str) -> Self {
        let f = |n: &str| self.get(n).unwrap_or("").to_owned();
        let mut parts = vec![f("click_trans_id"), f("service_id"), secret.to_owned(), f("merchant_trans_id")];
        if f("action") == Action::Complete.code() {
            parts.push(f("merchant_prepare_id"));
        }
        parts.extend([f("amount"), f("action"), f("sign_time")]);
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        let signature = sign(&refs);
        self.with("sign_string", &signature)
    }
}

/// Why a call got no answer.
#[derive(Debug, thiserror::Error)]
pub enum ClickCallError {
    /// The cloud could not be reached, or answered something else than
    /// Click's JSON.
    #[error("click call: {0}")]
    Http(#[from] reqwest::Error),
}

/// Calls the cloud's Click endpoints as Click does.
#[derive(Debug, Clone)]
pub struct ClickCaller {
    client: reqwest::Client,
    /// Where Prepare goes (the service's Prepare URL in Click's cabinet).
    prepare_url: String,
    /// Where Complete goes.
    complete_url: String,
    /// Click settings shared with the merchant.
    click: ClickSettings,
}

impl ClickCaller {
    /// A caller of the cloud at `cloud_url` with these (shared) settings:
    /// the platform's own service (subscriptions).
    #[must_use]
    pub fn new(cloud_url: &str, click: &ClickSettings) -> Self {
        let base = cloud_url.trim_end_matches('/');
        let (prepare, complete) = (Action::Prepare.path(), Action::Complete.path());
        Self::for_service(&format!("{base}{prepare}"), &format!("{base}{complete}"), click)
    }

    /// A caller of another merchant's service, whose Prepare and Complete
    /// addresses are these (a courier company's own service).
    #[must_use]
    pub fn for_service(prepare_url: &str, complete_url: &str, click: &ClickSettings) -> Self {
        // reqwest's rustls needs the process's crypto provider (https clouds).
        crate::install_crypto_provider();
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            client,
            prepare_url: prepare_url.to_owned(),
            complete_url: complete_url.to_owned(),
            click: click.clone(),
        }
    }

    /// The secret calls are signed with.
    #[must_use]
    pub fn secret(&self) -> &str {
        self.click.secret_key.expose()
    }

    /// A correctly signed Prepare (`error=0`).
    #[must_use]
    pub fn prepare(&self, click_trans_id: i64, merchant_trans_id: &str, amount: &str) -> ClickCall {
        self.call(Action::Prepare, click_trans_id, merchant_trans_id, None, amount, 0)
    }

    /// A correctly signed Complete with Click's `error` (0: paid; < 0:
    /// Click gave up, e.g. [`INSUFFICIENT_FUNDS`]).
    #[must_use]
    pub fn complete(
        &self,
        click_trans_id: i64,
        merchant_trans_id: &str,
        merchant_prepare_id: i64,
        amount: &str,
        error: i64,
    ) -> ClickCall {
        self.call(Action::Complete, click_trans_id, merchant_trans_id, Some(merchant_prepare_id), amount, error)
    }

    fn call(
        &self,
        endpoint: Action,
        click_trans_id: i64,
        merchant_trans_id: &str,
        merchant_prepare_id: Option<i64>,
        amount: &str,
        error: i64,
    ) -> ClickCall {
        let mut fields = vec![
            ("click_trans_id".to_owned(), click_trans_id.to_string()),
            ("service_id".to_owned(), self.click.service_id.trim().to_owned()),
            // Click's payment number: another id of theirs, here derived.
            ("click_paydoc_id".to_owned(), (click_trans_id.saturating_add(1_000_000)).to_string()),
            ("merchant_trans_id".to_owned(), merchant_trans_id.to_owned()),
        ];
        if let Some(id) = merchant_prepare_id {
            fields.push(("merchant_prepare_id".to_owned(), id.to_string()));
        }
        let note = if error == 0 { "Success" } else { "Insufficient funds" };
        fields.extend([
            ("amount".to_owned(), amount.to_owned()),
            ("action".to_owned(), endpoint.code().to_owned()),
            ("error".to_owned(), error.to_string()),
            ("error_note".to_owned(), note.to_owned()),
            ("sign_time".to_owned(), sign_time(crate::db::now_ms())),
        ]);
        ClickCall { endpoint, fields }.signed(self.secret())
    }

    /// Sends `call` to its endpoint; returns the cloud's answer.
    ///
    /// # Errors
    /// [`ClickCallError`].
    pub async fn send(&self, call: &ClickCall) -> Result<ClickReply, ClickCallError> {
        self.send_body(call.endpoint, form(&call.fields)).await
    }

    /// Sends any body (form-urlencoded) to an endpoint.
    ///
    /// # Errors
    /// [`ClickCallError`].
    pub async fn send_body(&self, endpoint: Action, body: String) -> Result<ClickReply, ClickCallError> {
        let url = match endpoint {
            Action::Prepare => &self.prepare_url,
            Action::Complete => &self.complete_url,
        };
        let reply = self
            .client
            .post(url)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await?
            .error_for_status()?
            .json::<ClickReply>()
            .await?;
        Ok(reply)
    }

    /// Prepare then Complete, as Click does after the payer paid (`error`
    /// 0) or gave up; returns both answers (Complete only when Prepare
    /// succeeded).
    ///
    /// # Errors
    /// [`ClickCallError`].
    pub async fn pay(
        &self,
        click_trans_id: i64,
        merchant_trans_id: &str,
        amount: &str,
        error: i64,
    ) -> Result<(ClickReply, Option<ClickReply>), ClickCallError> {
        let prepared = self.send(&self.prepare(click_trans_id, merchant_trans_id, amount)).await?;
        let Some(prepare_id) = prepared.merchant_prepare_id.filter(|_| prepared.error == 0) else {
            return Ok((prepared, None));
        };
        let completed = self.send(&self.complete(click_trans_id, merchant_trans_id, prepare_id, amount, error)).await?;
        Ok((prepared, Some(completed)))
    }
}

fn form(fields: &[(String, String)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish()
}

/// `YYYY-MM-DD HH:mm:ss` in Tashkent time (UTC+5), as Click writes it.
#[must_use]
pub fn sign_time(utc_ms: i64) -> String {
    let secs = utc_ms.div_euclid(1000) + 5 * 3600;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// The merchants' services a simulator knows (Click's merchant cabinet):
/// the platform's, and any registered while it runs (a courier company's
/// own). Clones share one list.
#[derive(Debug, Clone, Default)]
pub struct ClickServices(Arc<std::sync::RwLock<Vec<ClickCaller>>>);

impl ClickServices {
    /// The platform's service (the cloud's own Click settings).
    #[must_use]
    pub fn platform(settings: &Settings) -> Self {
        let me = Self::default();
        me.add(ClickCaller::new(&settings.public_url(), &settings.billing.click));
        me
    }

    /// Registers a merchant's service (as a merchant does in Click's
    /// cabinet), replacing one with the same service id: its payment pages
    /// are then served and its Prepare and Complete called.
    pub fn add(&self, caller: ClickCaller) {
        let mut known = self.0.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        known.retain(|c| c.click.service_id != caller.click.service_id);
        known.push(caller);
    }

    /// The service with these ids, if registered.
    fn find(&self, service_id: &str, merchant_id: &str) -> Option<ClickCaller> {
        let known = self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        known.iter().find(|c| ours(&c.click, service_id, merchant_id)).cloned()
    }
}

#[derive(Clone)]
struct Sim {
    services: ClickServices,
    /// Click's next transaction id (starts at the clock's milliseconds, so
    /// a restarted simulator does not reuse one).
    next_trans_id: Arc<AtomicI64>,
}

impl Sim {
    /// The service a payment page is for, when its ids are a known
    /// service's.
    fn service(&self, service_id: &str, merchant_id: &str) -> Option<ClickCaller> {
        self.services.find(service_id, merchant_id)
    }
}

/// The simulator's routes.
fn router(services: ClickServices) -> Router {
    let sim = Sim { services, next_trans_id: Arc::new(AtomicI64::new(crate::db::now_ms())) };
    Router::new().route("/services/pay", get(page).post(pay)).with_state(sim)
}

/// Serves the simulator on `listener` until `shutdown` completes.
///
/// # Errors
/// I/O.
pub async fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, ClickServices::platform(&settings), &settings.public_url(), shutdown).await
}

/// Serves the simulator with these services (more may be added to them
/// while it runs) on `listener` until `shutdown` completes; `cloud` is for
/// the log.
///
/// # Errors
/// I/O.
pub async fn serve_with(
    listener: TcpListener,
    services: ClickServices,
    cloud: &str,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(services);
    tracing::info!(addr = %listener.local_addr()?, cloud = %cloud, "Click simulator serving");
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}

/// A simulator serving in this process on a free local port; it stops
/// when dropped.
#[derive(Debug)]
pub struct ClickSim {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    services: ClickServices,
}

impl ClickSim {
    /// Registers another merchant's service (as a merchant does in Click's
    /// cabinet): its payment pages are then served and its Prepare and
    /// Complete called.
    pub fn add_service(&self, caller: ClickCaller) {
        self.services.add(caller);
    }

    /// `http://addr/services/pay`: the cloud's `billing.click.pay_url`.
    #[must_use]
    pub fn pay_url(&self) -> String {
        format!("http://{}/services/pay", self.addr)
    }
}

impl Drop for ClickSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a simulator on `127.0.0.1:0` against the cloud `settings`
/// describe (its `public_url` and Click settings).
///
/// # Errors
/// I/O.
pub async fn start(settings: Arc<Settings>) -> std::io::Result<ClickSim> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let services = ClickServices::platform(&settings);
    let serving = services.clone();
    tokio::spawn(async move {
        serve_with(listener, serving, &settings.public_url(), async move {
            let _ = stopped.await;
        })
        .await
    });
    Ok(ClickSim { addr, stop: Some(stop), services })
}

/// What the payment page is opened with.
#[derive(Debug, Deserialize)]
struct PayQuery {
    #[serde(default)]
    service_id: String,
    #[serde(default)]
    merchant_id: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    transaction_param: String,
    #[serde(default)]
    return_url: String,
}

/// The payer's choice.
#[derive(Debug, Deserialize)]
struct PayForm {
    #[serde(default)]
    service_id: String,
    #[serde(default)]
    merchant_id: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    transaction_param: String,
    #[serde(default)]
    return_url: String,
    /// `pay` or `decline`.
    #[serde(default)]
    outcome: String,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shell(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"uz\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <meta name=\"viewport\" content=\"width=device-width\"></head><body>\
         <p><strong>CLICK</strong> (simulyator / симулятор / simulator)</p>{body}</body></html>",
        escape(title)
    )
}

fn problem(status: StatusCode, message: &str) -> Response {
    (status, Html(shell("Click", &format!("<p data-click-problem>{}</p>", escape(message))))).into_response()
}

/// Is this request for the merchant this simulator plays Click for?
fn ours(click: &ClickSettings, service_id: &str, merchant_id: &str) -> bool {
    !click.service_id.trim().is_empty()
        && service_id == click.service_id.trim()
        && merchant_id == click.merchant_id.trim()
}

/// Only http(s) addresses are followed back.
fn return_target(url: &str) -> Option<&str> {
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

async fn page(State(sim): State<Sim>, Query(q): Query<PayQuery>) -> Response {
    if sim.service(&q.service_id, &q.merchant_id).is_none() {
        return problem(StatusCode::NOT_FOUND, "Xizmat topilmadi (unknown service_id or merchant_id)");
    }
    if crate::billing::invoices::parse_som(&q.amount).is_none() || q.transaction_param.is_empty() {
        return problem(StatusCode::BAD_REQUEST, "Noto'g'ri so'rov (amount, transaction_param)");
    }
    let hidden =
        |name: &str, value: &str| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", escape(value));
    let body = format!(
        "<h1>To'lov</h1><p>Summa: <span data-amount>{amount}</span> so'm</p>\
         <p>Buyurtma: <span data-transaction-param>{param}</span></p>\
         <form method=\"post\" action=\"/services/pay\">{h1}{h2}{h3}{h4}{h5}\
         <button type=\"submit\" name=\"outcome\" value=\"pay\">To'lash</button> \
         <button type=\"submit\" name=\"outcome\" value=\"decline\">Mablag' yetarli emas (rad etish)</button>\
         </form>",
        amount = escape(&q.amount),
        param = escape(&q.transaction_param),
        h1 = hidden("service_id", &q.service_id),
        h2 = hidden("merchant_id", &q.merchant_id),
        h3 = hidden("amount", &q.amount),
        h4 = hidden("transaction_param", &q.transaction_param),
        h5 = hidden("return_url", &q.return_url),
    );
    Html(shell("Click — to'lov", &body)).into_response()
}

async fn pay(State(sim): State<Sim>, Form(f): Form<PayForm>) -> Response {
    let Some(caller) = sim.service(&f.service_id, &f.merchant_id) else {
        return problem(StatusCode::NOT_FOUND, "Xizmat topilmadi (unknown service_id or merchant_id)");
    };
    let error = match f.outcome.as_str() {
        "pay" => 0,
        "decline" => INSUFFICIENT_FUNDS,
        _ => return problem(StatusCode::BAD_REQUEST, "Noto'g'ri so'rov (outcome)"),
    };
    let click_trans_id = sim.next_trans_id.fetch_add(1, Ordering::Relaxed);
    let (prepared, completed) = match caller.pay(click_trans_id, &f.transaction_param, &f.amount, error).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "Click simulator: the cloud did not answer");
            return problem(StatusCode::BAD_GATEWAY, "Sotuvchi javob bermadi (the merchant did not answer)");
        }
    };
    let last = completed.as_ref().unwrap_or(&prepared);
    if last.error == 0 {
        if let Some(to) = return_target(&f.return_url) {
            return (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response();
        }
        return Html(shell("Click", "<p data-click-error=\"0\">To'lov qabul qilindi</p>")).into_response();
    }
    let back = return_target(&f.return_url)
        .map(|to| format!("<p><a href=\"{}\">Qaytish</a></p>", escape(to)))
        .unwrap_or_default();
    let stage = if completed.is_some() { "Complete" } else { "Prepare" };
    let body = format!(
        "<p data-click-error=\"{code}\" data-click-stage=\"{stage}\">To'lov amalga oshmadi: {note} ({code})</p>{back}",
        code = last.error,
        note = escape(&last.error_note),
    );
    Html(shell("Click", &body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_time_is_tashkent_wall_clock() {
        // 2026-12-03 16:00:00 UTC.
        assert_eq!(sign_time(1_796_313_600_000), "2026-12-03 21:00:00");
        assert_eq!(sign_time(0), "1970-01-01 05:00:00");
        // A leap day.
        assert_eq!(sign_time(1_709_208_000_000 - 5 * 3_600_000), "2024-02-29 12:00:00");
    }

    #[test]
    fn calls_carry_the_published_fields_signed() {
        let click = ClickSettings {
            service_id: "101".into(),
            merchant_id: "202".into(),
            secret_key: crate::settings::Secret::new("s3cr3t"),
            ..ClickSettings::default()
        };
        let caller = ClickCaller::new("http://x/", &click);
        let c = caller.complete(5001, "inv", 7, "299000.00", 0);
        let names: Vec<&str> = c.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "click_trans_id",
                "service_id",
                "click_paydoc_id",
                "merchant_trans_id",
                "merchant_prepare_id",
                "amount",
                "action",
                "error",
                "error_note",
                "sign_time",
                "sign_string"
            ]
        );
        let time = c.get("sign_time").map(str::to_owned).unwrap_or_default();
        assert_eq!(
            c.get("sign_string"),
            Some(sign(&["5001", "101", "s3cr3t", "inv", "7", "299000.00", "1", &time]).as_str())
        );
        assert!(escape("<a href=\"x\">&'").chars().all(|c| !matches!(c, '<' | '>' | '"' | '\'')));
    }
}
