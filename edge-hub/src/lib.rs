//! The edge hub: one per branch. It embeds the MQTT broker terminals talk to,
//! checks every message's MAC, stores orders, payments, catalog, staff and
//! places durably in sled, acknowledges an event only once it is on disk, and
//! keeps an ordered outbox of accepted events for the cloud.
//!
//! # Layout
//! - [`settings`]: typed layered configuration (defaults → TOML → environment).
//! - [`store`]: the sled layout: dedupe markers, entity snapshots, outbox.
//! - [`terminals`]: the registry of terminals admitted to the broker.
//! - [`bridge`]: rumqttd, embedded on its own threads; the only module that touches it.
//! - [`gate`]: the MQTT-aware front that gives each device real topic permissions.
//! - [`ingest`]: check → record → group-commit flush → ack.
//! - [`pairing`]: pairing devices: requests, approvals, POS logins, the technician's PIN.
//! - [`mobile`]: mobile payments at the till, relayed between terminals and the cloud.
//! - [`presence`]: which terminals have a live session.
//! - [`metrics`]: Prometheus counters, gauges and histograms.
//! - [`status`]: `/healthz`, `/metrics`, the technician page, the admin API.
//! - [`sync`]: enrolment with the cloud, the sync loop (plan, then execute), config from the cloud.
//! - [`admin`]: the `edge-hub terminal …` commands, direct or through a running hub.
//! - [`technician`]: the technician's PIN or passphrase, with back-off and lockout.
//! - [`web_guard`]: Host, Origin and CSRF checks of the local pages.
//! - [`files`]: the data directory (0700) and secret files (0600, written whole).

pub mod admin;
pub mod bridge;
pub mod files;
pub mod gate;
pub mod housekeeping;
pub mod ingest;
pub mod metrics;
pub mod mobile;
pub mod pairing;
pub mod presence;
pub mod settings;
pub mod status;
pub mod store;
pub mod sync;
pub mod technician;
pub mod terminals;
pub mod web_guard;
pub mod window;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use protocol::hub_id::HubIdentity;
use protocol::sync::TerminalRole;
use protocol::{HubMessage, TerminalCredential, TerminalId};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{error, info, warn};

use crate::bridge::{BrokerError, BrokerHandle, Outbound};
use crate::metrics::Metrics;
use crate::presence::Presence;
use crate::settings::Settings;
use crate::store::{Store, StoreError};
use crate::terminals::{TerminalRecord, Terminals, TerminalsError};

/// Makes ring rustls's process-wide crypto provider (once; later calls do
/// nothing). Every binary calls it first: the workspace builds rustls with
/// ring only, and HTTP clients need a default provider.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Why the hub could not start or do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The terminal registry.
    #[error(transparent)]
    Terminals(#[from] TerminalsError),
    /// The broker.
    #[error(transparent)]
    Broker(#[from] BrokerError),
    /// Files and sockets.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The technician's PIN or passphrase.
    #[error(transparent)]
    Technician(#[from] technician::TechnicianError),
    /// The pairing desk's stored state.
    #[error(transparent)]
    Pairing(#[from] pairing::PairingHubError),
    /// The ingest pipeline is not running (the hub stopped or is stopping).
    #[error("the hub's ingest pipeline has stopped")]
    IngestStopped,
}

/// Everything the hub's parts share.
pub struct HubCore {
    /// Durable state.
    pub store: Arc<Store>,
    /// Who may connect and speak.
    pub terminals: Arc<Terminals>,
    /// Who is connected.
    pub presence: Arc<Presence>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// The broker.
    pub broker: BrokerHandle,
    /// Pairing devices.
    pub pairing: Arc<pairing::Pairing>,
    /// Sealed messages handed to the ingest pipeline directly.
    sealed: flume::Sender<ingest::SealedBatch>,
    /// Serialises applying config from the cloud.
    config_apply: tokio::sync::Mutex<()>,
    /// Bearer token for the local admin API.
    admin_token: String,
    /// Host, Origin and form-token checks of the local pages.
    guard: Arc<web_guard::Guard>,
    /// For uptime.
    started: Instant,
}

impl std::fmt::Debug for HubCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HubCore").field("broker", &self.broker).finish_non_exhaustive()
    }
}

impl HubCore {
    /// Provisions a terminal; its credential is returned once.
    ///
    /// # Errors
    /// [`HubError::Terminals`] for a bad name or storage failure.
    pub async fn provision(&self, name: &str, role: TerminalRole) -> Result<TerminalCredential, HubError> {
        let credential = self.terminals.provision(name, role).await?;
        info!(terminal.id = %credential.terminal, terminal.name = name, "terminal provisioned");
        Ok(credential)
    }

    /// Revokes a terminal: durable first, then the terminal is told, its live
    /// session dropped, and every later login and message refused.
    ///
    /// # Errors
    /// [`HubError::Terminals`] if unknown or storage fails.
    pub async fn revoke(&self, id: TerminalId) -> Result<Arc<TerminalRecord>, HubError> {
        let before = self.terminals.get(id).ok_or(TerminalsError::NotFound(id))?;
        let record = self.terminals.revoke(id).await?;
        if let Ok(payload) = self.terminals.seal_down(&before, &HubMessage::Revoked) {
            self.broker.send(Outbound { terminal: id, payload });
            // rumqttd drops a session's undelivered messages when it is taken
            // over; give `Revoked` a moment to reach the socket first. Its
            // messages are refused from the line above on either way.
            tokio::time::sleep(REVOKED_GRACE).await;
        }
        if let Err(e) = self.broker.evict(id).await {
            warn!(terminal.id = %id, error = %e, "could not drop the revoked terminal's session; its messages are refused anyway");
        }
        self.presence.remove(id);
        info!(terminal.id = %id, "terminal revoked");
        Ok(record)
    }

    /// Ingests sealed terminal messages handed over directly instead of
    /// through the broker (a terminal's history imported in bulk, for one).
    /// Each goes through the same checks as a message on that terminal's up
    /// topic (envelope, known and active terminal, MAC, validation, dedupe
    /// by `(terminal, seq)` and by entity version) and the same group
    /// commits, up to 8 192 messages a flush; nothing is acknowledged over
    /// MQTT. Returns once all of it is durable, with what became of it.
    ///
    /// The batch is taken whole before the broker's messages get their next
    /// turn: send a large import in batches of some tens of thousands.
    ///
    /// # Errors
    /// [`HubError::IngestStopped`] when the pipeline is not running; nothing
    /// of the batch may have been stored then, or all of it (sending it again
    /// is safe: the hub deduplicates).
    pub async fn ingest_sealed(&self, messages: Vec<(TerminalId, Vec<u8>)>) -> Result<ingest::IngestSummary, HubError> {
        let messages = messages.into_iter().map(|(t, m)| (t, bytes::Bytes::from(m))).collect();
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.sealed.send_async(ingest::SealedBatch { messages, reply }).await.map_err(|_| HubError::IngestStopped)?;
        answer.await.map_err(|_| HubError::IngestStopped)
    }

    /// Brings gauges up to date before a scrape.
    pub fn refresh_gauges(&self) {
        let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        self.metrics.outbox_depth.set(as_i64(self.store.outbox_depth()));
        self.metrics.connected_terminals.set(as_i64(self.presence.count() as u64));
        self.metrics.config_version.set(as_i64(self.store.config_version()));
        self.metrics.dead_letters.set(as_i64(self.store.dead_letter_count()));
        self.metrics.technician_pin_locked.set(i64::from(self.pairing.pin_locked_for().is_some()));
        self.metrics.pairing_window_open.set(i64::from(self.pairing.window().is_open()));
    }
}

/// How long `Revoked` gets to reach a terminal before its session is dropped.
const REVOKED_GRACE: std::time::Duration = std::time::Duration::from_millis(150);

/// A running hub.
pub struct Hub {
    /// Shared state, for tests and embedding.
    pub core: Arc<HubCore>,
    /// Where the status server listens.
    pub status_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    ingest: JoinHandle<Result<(), StoreError>>,
    status: JoinHandle<()>,
    sync: JoinHandle<()>,
    watch: JoinHandle<()>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").field("status_addr", &self.status_addr).finish_non_exhaustive()
    }
}

/// The hub's identity from its data directory (made there, 0600, if it has
/// none yet; a damaged file is an error, never replaced).
///
/// # Errors
/// When the file cannot be read, made or understood.
pub fn hub_identity(settings: &Settings) -> std::io::Result<HubIdentity> {
    Ok(HubIdentity::from_bytes(files::secret_seed(&settings.identity_path())?))
}

fn load_or_create_token(path: &std::path::Path) -> Result<String, HubError> {
    Ok(hex::encode(files::secret_seed(path)?))
}

impl Hub {
    /// Opens the store, starts the broker, the ingest pipeline and the status
    /// server. Returns once all of them accept work.
    ///
    /// # Errors
    /// [`HubError`] when storage cannot be opened (or another hub holds it),
    /// a port is taken, or TLS files are missing.
    pub async fn start(settings: &Settings) -> Result<Hub, HubError> {
        files::private_dir(&settings.data_dir)?;
        let technician_secret = technician::secret(settings.pairing.technician_pin.as_deref(), &settings.data_dir)?;
        let guard = Arc::new(web_guard::Guard::new(&settings.status.allowed_hosts)?);
        let admin_token = load_or_create_token(&settings.admin_token_path())?;
        let store = Arc::new(Store::open(&settings.db_path(), settings.store.cache_mb * 1024 * 1024)?);
        let terminals = Arc::new(Terminals::open(Arc::clone(&store))?);
        let metrics = Arc::new(Metrics::new());
        let presence = Arc::new(Presence::default());
        let status_listener = TcpListener::bind(settings.status.listen).await?;
        let status_addr = status_listener.local_addr()?;
        let (broker, inbound) = bridge::start(&settings.mqtt, Arc::clone(&terminals), Arc::clone(&metrics))?;
        let (listener, pair_inbound) = match settings.mqtt.pairing_listen {
            Some(addr) => {
                let (l, rx) = bridge::start_pairing(addr, Arc::clone(&metrics))?;
                (Some(l), Some(rx))
            }
            None => (None, None),
        };
        let pairing = Arc::new(pairing::Pairing::new(
            Arc::clone(&store),
            Arc::clone(&terminals),
            Arc::clone(&metrics),
            listener,
            broker.mqtt_addr.port(),
            &technician_secret,
            hub_identity(settings)?,
        )?);
        if let Some(rx) = pair_inbound {
            tokio::spawn(Arc::clone(&pairing).run(rx));
        }
        let (sealed, sealed_rx) = flume::bounded(4);
        let core = Arc::new(HubCore {
            store,
            terminals,
            presence,
            metrics,
            broker,
            pairing,
            sealed,
            config_apply: tokio::sync::Mutex::new(()),
            admin_token,
            guard,
            started: Instant::now(),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let client = sync::http_client(&settings.sync).unwrap_or_default();
        let (mobile, relay, mobile_rx) =
            mobile::channel(Arc::clone(&core.terminals), core.broker.clone(), settings.cloud_link_path(), client);
        tokio::spawn(relay.run(mobile_rx, shutdown_rx.clone()));
        let ctx = ingest::IngestContext {
            mobile,
            store: Arc::clone(&core.store),
            terminals: Arc::clone(&core.terminals),
            presence: Arc::clone(&core.presence),
            metrics: Arc::clone(&core.metrics),
            broker: core.broker.clone(),
        };
        let ingest = tokio::spawn(ingest::run(ctx, inbound, sealed_rx, shutdown_rx.clone()));
        tokio::spawn(housekeeping::run(Arc::clone(&core.store), Arc::clone(&core.metrics), shutdown_rx.clone()));
        let retention = std::time::Duration::from_secs(settings.store.retention_s);
        tokio::spawn(housekeeping::archive(
            Arc::clone(&core.store),
            Arc::clone(&core.metrics),
            retention,
            shutdown_rx.clone(),
        ));
        let sync = tokio::spawn(sync::SyncClient::new(Arc::clone(&core), settings).run(shutdown_rx.clone()));
        let watch = tokio::spawn(sync::WatchClient::new(Arc::clone(&core), settings).run(shutdown_rx.clone()));
        let app = status::router(Arc::clone(&core));
        let mut status_shutdown = shutdown_rx;
        let status = tokio::spawn(async move {
            let serve = axum::serve(status_listener, app).with_graceful_shutdown(async move {
                let _ = status_shutdown.changed().await;
            });
            if let Err(e) = serve.await {
                error!(error = %e, "status server stopped");
            }
        });
        info!(
            mqtt.listen = %core.broker.mqtt_addr,
            status.listen = %status_addr,
            data_dir = %settings.data_dir.display(),
            outbox_depth = core.store.outbox_depth(),
            terminals = core.terminals.list().len(),
            "edge hub running"
        );
        Ok(Hub { core, status_addr, shutdown, ingest, status, sync, watch })
    }

    /// Waits until the ingest pipeline stops on its own (a storage failure).
    ///
    /// # Errors
    /// The storage error that stopped it.
    pub async fn wait(&mut self) -> Result<(), HubError> {
        match (&mut self.ingest).await {
            Ok(r) => Ok(r?),
            Err(e) => Err(HubError::Io(std::io::Error::other(format!("ingest task failed: {e}")))),
        }
    }

    /// Stops taking messages, flushes and acks what was received, stops the
    /// status server. The broker's threads end with the process.
    ///
    /// # Errors
    /// A storage error from the last flush.
    pub async fn shutdown(self) -> Result<(), HubError> {
        let _ = self.shutdown.send(true);
        let result = match self.ingest.await {
            Ok(r) => r.map_err(HubError::from),
            Err(e) => Err(HubError::Io(std::io::Error::other(format!("ingest task failed: {e}")))),
        };
        let _ = self.status.await;
        // Every step of the sync loop is durable before the next, so stopping
        // it mid-call is safe: the batch is sent again after the restart.
        self.sync.abort();
        let _ = self.sync.await;
        self.watch.abort();
        let _ = self.watch.await;
        self.core.store.flush().await?;
        info!("edge hub stopped");
        result
    }
}

#[cfg(test)]
mod tests {
    use protocol::{
        EmployeeId, EventBody, Money, Order, OrderId, OrderStatus, Payment, PaymentId, PaymentMethod, PaymentStatus,
        RejectReason, TerminalMessage, TerminalSecret, Timestamp,
    };

    use protocol::{Direction, Envelope};

    use super::*;

    fn order(n: u32) -> EventBody {
        EventBody::Order(Order {
            id: OrderId::from_name(&format!("order {n}")),
            revision: 1,
            number: n,
            place: None,
            employee: EmployeeId::from_name("kassir"),
            items: vec![],
            service_charge: Money::ZERO,
            status: OrderStatus::Open,
            created_at: Timestamp(1_750_000_000_000),
            closed_at: None,
            updated_at: Timestamp(1_750_000_000_000),
        })
    }

    fn sealed(credential: &TerminalCredential, seq: u64, event: EventBody) -> (TerminalId, Vec<u8>) {
        let message = TerminalMessage::Event(event);
        let bytes = Envelope::seal(&credential.secret.mac_key(), Direction::Up, credential.terminal, seq, &message)
            .unwrap_or_else(|e| panic!("{e}"));
        (credential.terminal, bytes)
    }

    #[tokio::test]
    async fn sealed_messages_take_the_same_checks_and_group_commits() -> Result<(), HubError> {
        let dir = tempfile::tempdir()?;
        let mqtt = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let mut settings = Settings { data_dir: dir.path().join("hub"), ..Settings::default() };
        settings.mqtt.listen = mqtt;
        settings.mqtt.pairing_listen = None;
        settings.status.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let hub = Hub::start(&settings).await?;
        let kassa = hub.core.provision("Kassa 1", TerminalRole::Cashier).await?;
        let revoked = hub.core.provision("Kassa 2", TerminalRole::Cashier).await?;
        hub.core.revoke(revoked.terminal).await?;

        // More than one group commit's worth, from one terminal.
        let history: Vec<_> = (1..=10_000).map(|n| sealed(&kassa, u64::from(n), order(n))).collect();
        let summary = hub.core.ingest_sealed(history.clone()).await?;
        assert_eq!(summary.accepted, 10_000);
        assert_eq!((summary.refused, summary.rejected.len()), (0, 0));
        assert_eq!(summary.groups, 2, "8 192 messages a group commit");
        assert_eq!(hub.core.store.outbox_depth(), 10_000);
        assert_eq!(hub.core.store.max_seen(kassa.terminal)?, Some(10_000));

        // The same again: replays, acknowledged and stored once.
        let again = hub.core.ingest_sealed(history[..100].to_vec()).await?;
        assert_eq!((again.accepted, again.refused), (100, 0));
        assert_eq!(hub.core.store.outbox_depth(), 10_000);

        // Markers far below the newest are pruned; what falls there is acked
        // and changes nothing, while the window still tells a resend from a
        // different message under a used number.
        let pruned = hub.core.store.prune_seen(store::SEEN_WINDOW)?;
        assert_eq!(pruned, 10_000 - store::SEEN_WINDOW - 1);
        assert_eq!(hub.core.store.seen(kassa.terminal, 1)?, None);
        let late = vec![sealed(&kassa, 1, order(30_000)), sealed(&kassa, 9_000, order(30_001))];
        let summary = hub.core.ingest_sealed(late).await?;
        assert_eq!(summary.accepted, 1, "the stale one is acked");
        assert_eq!(
            summary.rejected,
            vec![(kassa.terminal, protocol::Rejected { seq: 9_000, reason: RejectReason::SeqConflict })]
        );
        assert_eq!(hub.core.store.outbox_depth(), 10_000, "neither was stored");
        assert_eq!(hub.core.store.entity_version(&order(30_000).key())?, None);

        // A revoked terminal's hand-over: what it made before it was
        // revoked is taken, what it made after is refused.
        let after = match order(20_001) {
            EventBody::Order(mut o) => {
                o.updated_at = Timestamp::now();
                o.created_at = o.updated_at;
                EventBody::Order(o)
            }
            _ => unreachable!("an order"),
        };
        let handover = vec![sealed(&revoked, 1, order(20_000)), sealed(&revoked, 2, after)];
        let summary = hub.core.ingest_sealed(handover).await?;
        assert_eq!((summary.accepted, summary.refused), (1, 0));
        let reasons: Vec<_> = summary.rejected.iter().map(|(t, r)| (*t, r.seq, r.reason)).collect();
        assert_eq!(reasons, vec![(revoked.terminal, 2, RejectReason::AfterRevocation)]);
        assert_eq!(hub.core.store.outbox_depth(), 10_001);

        // Forged, invalid, a used seq with other content.
        let forger = TerminalCredential { terminal: kassa.terminal, secret: TerminalSecret::from_bytes([7; 32]) };
        let unpaid = EventBody::Payment(Payment {
            id: PaymentId::from_name("zero"),
            revision: 1,
            order: OrderId::from_name("order 1"),
            method: PaymentMethod::Cash,
            amount: Money::ZERO,
            status: PaymentStatus::Pending,
            employee: EmployeeId::from_name("kassir"),
            created_at: Timestamp(1_750_000_000_000),
            updated_at: Timestamp(1_750_000_000_000),
        });
        let bad = vec![
            sealed(&forger, 10_001, order(10_001)),
            sealed(&kassa, 10_002, unpaid),
            sealed(&kassa, 9_999, order(99_999)),
            sealed(&kassa, 10_003, order(10_003)),
        ];
        let summary = hub.core.ingest_sealed(bad).await?;
        assert_eq!((summary.accepted, summary.refused), (1, 1));
        let reasons: Vec<_> = summary.rejected.iter().map(|(t, r)| (*t, r.seq, r.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (kassa.terminal, 10_002, RejectReason::InvalidEvent),
                (kassa.terminal, 9_999, RejectReason::SeqConflict)
            ]
        );
        assert_eq!(hub.core.store.outbox_depth(), 10_002);
        assert_eq!(hub.core.metrics.accepted.get(), 10_002);
        hub.shutdown().await?;
        Ok(())
    }

    #[tokio::test]
    async fn a_terminal_changes_only_what_it_made_one_revision_at_a_time() -> Result<(), HubError> {
        let dir = tempfile::tempdir()?;
        let mut settings = Settings { data_dir: dir.path().join("hub"), ..Settings::default() };
        settings.mqtt.listen = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        settings.mqtt.pairing_listen = None;
        settings.status.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        let hub = Hub::start(&settings).await?;
        let kassa = hub.core.provision("Kassa 1", TerminalRole::Cashier).await?;
        let other = hub.core.provision("Kassa 2", TerminalRole::Cashier).await?;
        let now = Timestamp::now();
        let payment = |revision: u32, status: PaymentStatus, at: Timestamp| {
            EventBody::Payment(Payment {
                id: PaymentId::from_name("paid"),
                revision,
                order: OrderId::from_name("order 1"),
                method: PaymentMethod::Card,
                amount: Money::from_tiyin(4_500_000),
                status,
                employee: EmployeeId::from_name("kassir"),
                created_at: now,
                updated_at: at,
            })
        };
        let first = hub.core.ingest_sealed(vec![sealed(&kassa, 1, payment(1, PaymentStatus::Confirmed, now))]).await?;
        assert_eq!(first.accepted, 1);
        let hour_ahead = Timestamp(now.0 + 3_600_000);
        let attempts = vec![
            // Another till marks the paid payment refunded.
            sealed(&other, 1, payment(2, PaymentStatus::Refunded, now)),
            // Its own till tries to pin it where no later edit can win.
            sealed(&kassa, 2, payment(u32::MAX, PaymentStatus::Refunded, now)),
            sealed(&kassa, 3, payment(3, PaymentStatus::Refunded, now)),
            sealed(&kassa, 4, payment(2, PaymentStatus::Refunded, hour_ahead)),
        ];
        let summary = hub.core.ingest_sealed(attempts).await?;
        let reasons: Vec<_> = summary.rejected.iter().map(|(t, r)| (*t, r.seq, r.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (other.terminal, 1, RejectReason::NotOwner),
                (kassa.terminal, 2, RejectReason::VersionGap),
                (kassa.terminal, 3, RejectReason::VersionGap),
                (kassa.terminal, 4, RejectReason::ClockSkew),
            ]
        );
        let key = payment(1, PaymentStatus::Confirmed, now).key();
        let held = hub.core.store.entity(&key)?;
        assert!(matches!(held, Some(EventBody::Payment(p)) if p.status == PaymentStatus::Confirmed && p.revision == 1));
        assert_eq!(hub.core.store.owner(&key)?, Some(kassa.terminal));
        // The honest next revision from the till that took it.
        let refund = hub.core.ingest_sealed(vec![sealed(&kassa, 5, payment(2, PaymentStatus::Refunded, now))]).await?;
        assert_eq!((refund.accepted, refund.rejected.len()), (1, 0));
        assert_eq!(hub.core.metrics.rejected_count("not_owner"), 1);
        assert_eq!(hub.core.metrics.rejected_count("version_gap"), 2);
        assert_eq!(hub.core.metrics.rejected_count("clock_skew"), 1);
        assert_eq!(hub.core.store.outbox_depth(), 2);
        hub.shutdown().await?;
        Ok(())
    }

    #[tokio::test]
    async fn orders_past_retention_leave_the_hub_but_not_its_outbox() -> Result<(), HubError> {
        let dir = tempfile::tempdir()?;
        let mut settings = Settings { data_dir: dir.path().join("hub"), ..Settings::default() };
        settings.mqtt.listen = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        settings.mqtt.pairing_listen = None;
        settings.status.listen = SocketAddr::from(([127, 0, 0, 1], 0));
        settings.store.retention_s = 3_600;
        let hub = Hub::start(&settings).await?;
        let kassa = hub.core.provision("Kassa 1", TerminalRole::Cashier).await?;
        let now = Timestamp::now();
        let fresh = |n: u32| match order(n) {
            EventBody::Order(o) => EventBody::Order(Order { created_at: now, updated_at: now, ..o }),
            other => other,
        };
        // 100 orders last changed long ago (but sent only now), 100 today.
        let events: Vec<_> = (1..=100)
            .map(|n| sealed(&kassa, u64::from(n), order(n)))
            .chain((101..=200).map(|n| sealed(&kassa, u64::from(n), fresh(n))))
            .collect();
        assert_eq!(hub.core.ingest_sealed(events).await?.accepted, 200);
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while hub.core.metrics.archived.get() < 100 {
            assert!(Instant::now() < deadline, "the archive scan did not run");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(hub.core.metrics.archived.get(), 100);
        assert_eq!(hub.core.store.entity_version(&order(1).key())?, None);
        assert_eq!(hub.core.store.owner(&order(1).key())?, None);
        assert!(hub.core.store.entity_version(&fresh(150).key())?.is_some());
        assert_eq!(hub.core.store.outbox_depth(), 200, "every revision still goes to the cloud");
        hub.shutdown().await?;
        Ok(())
    }
}
