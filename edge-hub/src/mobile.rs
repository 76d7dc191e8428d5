//! Mobile payments at the till (Multicard): a terminal's
//! [`MobilePaymentRequest`] goes to the cloud (`POST
//! /api/v1/multicard/payments`), whose answer — the checkout URL, or
//! "unavailable" — goes straight back to that terminal; the hub then waits
//! on the cloud (`POST /api/v1/multicard/payments/wait`) and relays the
//! outcome (paid or failed) when Multicard's callback has come.
//!
//! When the hub has no cloud link or the cloud does not answer, the
//! terminal is told [`MobilePaymentState::Unavailable`] at once (the call
//! gives up after [`ASK_TIMEOUT`]); nothing here holds up the sales path,
//! which never waits on this module.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use protocol::mobile::{
    CloudInvoice, CloudInvoiceRequest, CloudWaitRequest, CloudWaitResponse, MobilePaymentRequest, MobilePaymentState,
    MobilePaymentUpdate,
};
use protocol::{HubMessage, TerminalId};
use tokio::sync::watch;
use tracing::{info, warn};

use crate::bridge::{BrokerHandle, Outbound};
use crate::sync::CloudLink;
use crate::terminals::Terminals;

/// The longest the terminal waits for the checkout URL.
pub const ASK_TIMEOUT: Duration = Duration::from_secs(8);
/// How long the hub keeps waiting for the outcome of one payment.
const OUTCOME_WITHIN: Duration = Duration::from_secs(20 * 60);
/// One wait call's longest hold at the cloud.
const WAIT_MS: u64 = 20_000;
/// Requests queued at most (more are answered "unavailable").
const QUEUE: usize = 256;

/// Where the ingest pipeline hands terminals' requests.
#[derive(Debug, Clone)]
pub struct MobileHandle {
    tx: flume::Sender<(TerminalId, MobilePaymentRequest)>,
}

impl MobileHandle {
    /// Queues a request; `false` when the queue is full (the caller tells
    /// the terminal "unavailable").
    #[must_use]
    pub fn request(&self, terminal: TerminalId, request: MobilePaymentRequest) -> bool {
        self.tx.try_send((terminal, request)).is_ok()
    }
}

/// What the relay needs.
#[derive(Clone)]
pub struct MobileRelay {
    terminals: Arc<Terminals>,
    broker: BrokerHandle,
    link_path: PathBuf,
    client: reqwest::Client,
}

impl std::fmt::Debug for MobileRelay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MobileRelay").field("link_path", &self.link_path).finish_non_exhaustive()
    }
}

/// The handle and the relay behind it (run with [`MobileRelay::run`]).
#[must_use]
pub fn channel(
    terminals: Arc<Terminals>,
    broker: BrokerHandle,
    link_path: PathBuf,
    client: reqwest::Client,
) -> (MobileHandle, MobileRelay, flume::Receiver<(TerminalId, MobilePaymentRequest)>) {
    let (tx, rx) = flume::bounded(QUEUE);
    (MobileHandle { tx }, MobileRelay { terminals, broker, link_path, client }, rx)
}

impl MobileRelay {
    /// Tells a terminal where its payment stands.
    pub fn tell(&self, terminal: TerminalId, update: MobilePaymentUpdate) {
        let Some(record) = self.terminals.get(terminal) else { return };
        match self.terminals.seal_down(&record, &HubMessage::MobilePayment(update)) {
            Ok(payload) => self.broker.send(Outbound { terminal, payload }),
            Err(e) => warn!(terminal.id = %terminal, error = %e, "cannot seal a mobile payment update"),
        }
    }

    /// Serves requests until `stop`; each runs on its own task.
    pub async fn run(
        self,
        requests: flume::Receiver<(TerminalId, MobilePaymentRequest)>,
        mut stop: watch::Receiver<bool>,
    ) {
        loop {
            tokio::select! {
                r = requests.recv_async() => match r {
                    Ok((terminal, request)) => {
                        let relay = self.clone();
                        let stop = stop.clone();
                        tokio::spawn(async move { relay.serve(terminal, request, stop).await });
                    }
                    Err(_) => return,
                },
                r = stop.changed() => if r.is_err() || *stop.borrow() { return },
            }
        }
    }

    async fn serve(&self, terminal: TerminalId, request: MobilePaymentRequest, mut stop: watch::Receiver<bool>) {
        let payment = request.payment;
        let update = |state| MobilePaymentUpdate { payment, state };
        let link = match CloudLink::load(&self.link_path) {
            Ok(Some(link)) => link,
            _ => return self.tell(terminal, update(MobilePaymentState::Unavailable)),
        };
        let invoice = match tokio::time::timeout(ASK_TIMEOUT, self.ask(&link, terminal, &request)).await {
            Ok(Ok(invoice)) => invoice,
            Ok(Err(e)) => {
                info!(terminal.id = %terminal, payment.id = %payment, error = %e, "mobile payment unavailable");
                return self.tell(terminal, update(MobilePaymentState::Unavailable));
            }
            Err(_) => {
                info!(terminal.id = %terminal, payment.id = %payment, "mobile payment unavailable: the cloud did not answer in time");
                return self.tell(terminal, update(MobilePaymentState::Unavailable));
            }
        };
        match invoice.status.as_str() {
            "pending" => {}
            status => return self.tell(terminal, update(outcome(status))),
        }
        self.tell(terminal, update(MobilePaymentState::Checkout { checkout_url: invoice.checkout_url.clone() }));
        let deadline = tokio::time::Instant::now() + OUTCOME_WITHIN;
        let mut failures = 0u32;
        while tokio::time::Instant::now() < deadline {
            let waited = tokio::select! {
                r = self.wait(&link, &invoice.id) => r,
                r = stop.changed() => if r.is_err() || *stop.borrow() { return } else { continue },
            };
            match waited {
                Ok(done) => {
                    failures = 0;
                    if let Some(d) = done.done.into_iter().find(|d| d.id == invoice.id) {
                        info!(terminal.id = %terminal, payment.id = %payment, status = d.status, "mobile payment settled");
                        return self.tell(terminal, update(outcome(&d.status)));
                    }
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let pause = Duration::from_millis(250u64.saturating_mul(1 << failures.min(5)));
                    warn!(payment.id = %payment, error = %e, "waiting for a mobile payment failed; will retry");
                    tokio::time::sleep(pause).await;
                }
            }
        }
    }

    async fn ask(
        &self,
        link: &CloudLink,
        terminal: TerminalId,
        request: &MobilePaymentRequest,
    ) -> Result<CloudInvoice, String> {
        let body = CloudInvoiceRequest {
            terminal: terminal.to_string(),
            order: request.order.to_string(),
            payment: request.payment.to_string(),
            amount: request.amount.tiyin(),
        };
        let url = format!("{}/api/v1/multicard/payments", link.cloud_url);
        let r =
            self.client.post(url).bearer_auth(&link.credential).json(&body).send().await.map_err(|e| e.to_string())?;
        if !r.status().is_success() {
            return Err(format!("cloud answered {}", r.status()));
        }
        r.json::<CloudInvoice>().await.map_err(|e| e.to_string())
    }

    async fn wait(&self, link: &CloudLink, id: &str) -> Result<CloudWaitResponse, String> {
        let body = CloudWaitRequest { ids: vec![id.to_owned()], wait_ms: WAIT_MS };
        let url = format!("{}/api/v1/multicard/payments/wait", link.cloud_url);
        let r = self
            .client
            .post(url)
            .bearer_auth(&link.credential)
            .timeout(Duration::from_millis(WAIT_MS + 10_000))
            .json(&body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !r.status().is_success() {
            return Err(format!("cloud answered {}", r.status()));
        }
        r.json::<CloudWaitResponse>().await.map_err(|e| e.to_string())
    }
}

/// A settled status as the terminal's state.
fn outcome(status: &str) -> MobilePaymentState {
    match status {
        "paid" => MobilePaymentState::Paid,
        _ => MobilePaymentState::Failed,
    }
}
