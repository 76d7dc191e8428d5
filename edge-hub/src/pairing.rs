//! The hub's side of pairing (the scheme is in [`protocol::pairing`]).
//!
//! Devices publish [`PairRequest`]s on the pairing listener. A request is
//! kept on disk (keyed by device *and* key, so a forged request for someone
//! else's device id cannot displace the real one) until its code expires. It
//! becomes a terminal when one of three things vouches for its key:
//! - an [`Approval`] from the cloud (the owner scanned the QR code or typed
//!   the code in the portal), which may arrive before or after the request;
//! - a [`LoginGrant`] from the cloud whose password the request proves;
//! - a technician typing the code and the local PIN (or generated passphrase,
//!   see [`crate::technician`]) on the hub's page, which needs no internet at all.
//!
//! Delivery checks the tariff's terminal limit, derives the credential with
//! [`protocol::pairing::make_offer`], stores the terminal, flushes, and only
//! then answers the device. The offer is kept, so a device that missed it
//! gets the same one again. Completed pairings are reported to the cloud
//! with the next watch call, and the terminal registry syncs up as before.

use std::sync::Arc;
use std::time::{Duration, Instant};

use protocol::hub_id::{HubIdentity, HubKey};
use protocol::pairing::{
    self, PairDown, PairOffer, PairRefusal, PairRequest, PairUp, PairingCode, PairingError, PublicKey,
};
use protocol::sync::{Approval, PairedReport, PairedVia, PairingConfig, PendingPairing, TerminalRole};
use protocol::{TerminalCredential, TerminalId, Timestamp};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tracing::{debug, error, info, warn};

use crate::bridge::{Inbound, Outbound, PairingListener};
use crate::metrics::Metrics;
use crate::store::{Store, StoreError};
use crate::technician::{self, Held, PinGuard, Verdict};
use crate::terminals::{Terminals, TerminalsError};
use crate::window::PairingWindow;

/// Most requests kept at once; the least recently repeated go first.
const MAX_PENDING: usize = 64;
/// Expired requests are kept this long, so a late code reads "expired".
const KEEP_EXPIRED_MS: i64 = 3_600_000;

const PENDING: u8 = b'r';
const OFFER: u8 = b'o';
const REPORT: u8 = b'p';
const USED_LOGIN: u8 = b'u';
const CONFIG: &[u8] = b"c";

/// A pairing step at the hub failed.
#[derive(Debug, thiserror::Error)]
pub enum PairingHubError {
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The registry.
    #[error(transparent)]
    Terminals(#[from] TerminalsError),
    /// Crypto or encoding.
    #[error(transparent)]
    Pairing(#[from] PairingError),
}

impl From<sled::Error> for PairingHubError {
    fn from(e: sled::Error) -> Self {
        Self::Store(StoreError::Sled(e))
    }
}

/// Why the technician's local pairing did not pair.
#[derive(Debug, thiserror::Error)]
pub enum LocalPairError {
    /// Too many wrong PINs lately: the next try must wait.
    #[error("too many wrong PINs; try again in {seconds} s")]
    TooManyTries {
        /// How long, rounded up.
        seconds: u64,
    },
    /// Locked after too many wrong PINs in a row.
    #[error("local pairing is locked for {minutes} min after too many wrong PINs; pair from the portal meanwhile")]
    Locked {
        /// How long still, rounded up.
        minutes: u64,
    },
    /// Wrong PIN.
    #[error("wrong technician PIN")]
    BadPin,
    /// Not 8 code characters.
    #[error("a pairing code has 8 characters, like ABCD-EFGH")]
    BadCode,
    /// No waiting terminal shows this code.
    #[error("no terminal waiting here shows this code; check it and that the terminal is on this hub's network")]
    UnknownCode,
    /// The terminal's code expired.
    #[error("this code has expired; the terminal shows a new one")]
    Expired,
    /// Two waiting devices have this code.
    #[error("two devices claim this code; restart the terminal to get a new one")]
    Ambiguous,
    /// The hub refused to pair.
    #[error("{0}")]
    Refused(PairRefusal),
    /// The name is empty or too long.
    #[error("a terminal name must be 1 to 64 characters")]
    BadName,
    /// Storage or crypto (what exactly goes to the hub's log, not the page).
    #[error("the hub could not finish pairing; its log says why")]
    Internal(#[from] PairingHubError),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    device: TerminalId,
    key: PublicKey,
    first_seen: Timestamp,
    last_seen: Timestamp,
    expires_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct OfferRecord {
    key: PublicKey,
    offer: PairOffer,
}

/// A waiting device, as the hub's page lists it.
#[derive(Debug, Clone)]
pub struct Waiting {
    /// Its device id.
    pub device: TerminalId,
    /// When the hub first saw it.
    pub first_seen: Timestamp,
    /// When its code expires.
    pub expires_at: Timestamp,
}

fn pending_key(device: TerminalId, key: &PublicKey) -> Vec<u8> {
    [&[PENDING][..], device.as_bytes(), &key.0].concat()
}

fn device_key(prefix: u8, device: TerminalId) -> Vec<u8> {
    [&[prefix][..], device.as_bytes()].concat()
}

/// When each of the cloud's grants (approvals, POS logins) stops holding:
/// the pairing window stays open until the last of them.
/// What keeps the pairing window open by the cloud's word: each approval
/// until it expires, and the window the owner opened (which covers a POS
/// login for a while after it is issued, not for its whole life).
fn grant_ends(config: &PairingConfig) -> impl Iterator<Item = Timestamp> + '_ {
    config.approvals.iter().map(|a| a.expires_at).chain(config.window_until)
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, PairingHubError> {
    postcard::to_stdvec(value).map_err(|_| PairingHubError::Store(StoreError::Corrupt("pairing record")))
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, PairingHubError> {
    postcard::from_bytes(bytes).map_err(|_| PairingHubError::Store(StoreError::Corrupt("pairing record")))
}

/// The hub's pairing desk.
pub struct Pairing {
    store: Arc<Store>,
    terminals: Arc<Terminals>,
    metrics: Arc<Metrics>,
    listener: Option<PairingListener>,
    mqtt_port: u16,
    pin: PinGuard,
    /// Signs every answer, so terminals can tell this hub from a rogue one.
    identity: HubIdentity,
    /// Serialises check-then-admit, so two paths cannot both pass the limit.
    deliveries: tokio::sync::Mutex<()>,
    /// Wakes the watch loop: something the cloud should hear of changed.
    pub changed: Arc<Notify>,
    /// When the pairing listener admits devices.
    window: Arc<PairingWindow>,
}

impl std::fmt::Debug for Pairing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pairing").field("listener", &self.listener).finish_non_exhaustive()
    }
}

impl Pairing {
    /// The desk for a hub whose terminals' broker listens on `mqtt_port`.
    ///
    /// # Errors
    /// The stored pairing config does not read.
    pub fn new(
        store: Arc<Store>,
        terminals: Arc<Terminals>,
        metrics: Arc<Metrics>,
        listener: Option<PairingListener>,
        mqtt_port: u16,
        technician_secret: &str,
        identity: HubIdentity,
    ) -> Result<Self, PairingHubError> {
        // Without a listener nobody can ask to be paired; the window is moot.
        let window = listener.as_ref().map_or_else(Arc::default, |l| Arc::clone(&l.window));
        let pairing = Self {
            store,
            terminals,
            metrics,
            listener,
            mqtt_port,
            pin: PinGuard::new(technician_secret),
            identity,
            deliveries: tokio::sync::Mutex::new(()),
            changed: Arc::new(Notify::new()),
            window,
        };
        let (_, config) = pairing.config()?;
        pairing.window.set_grants(grant_ends(&config));
        Ok(pairing)
    }

    /// When the pairing listener admits devices.
    #[must_use]
    pub fn window(&self) -> &PairingWindow {
        &self.window
    }

    fn tree(&self) -> &sled::Tree {
        self.store.pairing_tree()
    }

    /// Where devices ask to be paired, if anywhere.
    #[must_use]
    pub fn listener_addr(&self) -> Option<std::net::SocketAddr> {
        self.listener.as_ref().map(|l| l.addr)
    }

    /// How long local pairing stays locked after too many wrong PINs, if it is.
    #[must_use]
    pub fn pin_locked_for(&self) -> Option<Duration> {
        self.pin.locked_for(Instant::now())
    }

    /// The key terminals are told to trust (its fingerprint is on the hub's page).
    #[must_use]
    pub fn hub_key(&self) -> HubKey {
        self.identity.key()
    }

    /// Signs `message` for the device holding `key` and sends it.
    fn answer(&self, device: TerminalId, key: &PublicKey, message: &PairDown) {
        let Some(listener) = &self.listener else { return };
        let signed = self.identity.sign(device, key, Timestamp::now(), message);
        match signed.and_then(|signed| pairing::encode(&signed)) {
            Ok(payload) => listener.send(Outbound { terminal: device, payload }),
            Err(e) => warn!(device = %device, error = %e, "cannot encode a pairing answer"),
        }
    }

    /// Handles pairing messages until the listener closes.
    pub async fn run(self: Arc<Self>, inbound: flume::Receiver<Inbound>) {
        while let Ok(message) = inbound.recv_async().await {
            if let Err(e) = self.handle(&message).await {
                warn!(error = %e, "pairing request failed");
                self.metrics.pairing("error");
            }
        }
    }

    async fn handle(&self, message: &Inbound) -> Result<(), PairingHubError> {
        let request = match pairing::decode::<PairUp>(&message.payload) {
            Ok(PairUp::Request(r)) if Some(r.device) == message.topic_terminal => r,
            Ok(_) => {
                self.metrics.pairing("wrong_topic");
                return Ok(());
            }
            Err(PairingError::Version(version)) => {
                // An old terminal: it waits for ever until its software is updated.
                debug!(version, topic_terminal = ?message.topic_terminal, "pairing request of another layout");
                self.metrics.pairing("other_layout");
                return Ok(());
            }
            Err(_) => {
                self.metrics.pairing("malformed");
                return Ok(());
            }
        };
        let _turn = self.deliveries.lock().await;
        if let Some(answer) = self.consider(&request).await? {
            self.answer(request.device, &request.key, &answer);
        }
        Ok(())
    }

    /// What to answer a request, if anything yet. Caller holds `deliveries`.
    async fn consider(&self, request: &PairRequest) -> Result<Option<PairDown>, PairingHubError> {
        let device = request.device;
        if self.terminals.get(device).is_some() {
            // Known: resend the offer made to this very key, else refuse.
            if let Some(bytes) = self.tree().get(device_key(OFFER, device))? {
                let record: OfferRecord = decode(&bytes)?;
                if record.key == request.key {
                    self.metrics.pairing("offer_resent");
                    return Ok(Some(PairDown::Offer(record.offer)));
                }
            }
            self.metrics.pairing("refused_device_known");
            return Ok(Some(PairDown::Refused(PairRefusal::DeviceKnown)));
        }
        if let Some(proof) = &request.login {
            return self.consider_login(request, proof).await;
        }
        let now = Timestamp::now();
        if let Some(approval) =
            self.config()?.1.approvals.into_iter().find(|a| a.device == device && a.key == request.key)
            && approval.expires_at > now
        {
            return self
                .deliver(device, &request.key, &approval.name, approval.role, PairedVia::Approval)
                .await
                .map(Some);
        }
        self.keep_pending(request, now).await?;
        Ok(None)
    }

    async fn consider_login(
        &self,
        request: &PairRequest,
        proof: &pairing::LoginProof,
    ) -> Result<Option<PairDown>, PairingHubError> {
        let refuse = |r: PairRefusal, label: &'static str| {
            self.metrics.pairing(label);
            Ok(Some(PairDown::Refused(r)))
        };
        let grant = self.config()?.1.logins.into_iter().find(|g| g.login == proof.login);
        let Some(grant) = grant else {
            return refuse(PairRefusal::BadLogin, "refused_bad_login");
        };
        if !pairing::login_proof_ok(&grant.verifier, request.device, &request.key, &proof.proof) {
            return refuse(PairRefusal::BadLogin, "refused_bad_login");
        }
        if self.tree().contains_key([&[USED_LOGIN][..], grant.login.as_bytes()].concat())? {
            return refuse(PairRefusal::LoginUsed, "refused_login_used");
        }
        if grant.expires_at <= Timestamp::now() {
            return refuse(PairRefusal::LoginExpired, "refused_login_expired");
        }
        self.deliver(request.device, &request.key, &grant.name, grant.role, PairedVia::Login(grant.login.clone()))
            .await
            .map(Some)
    }

    async fn keep_pending(&self, request: &PairRequest, now: Timestamp) -> Result<(), PairingHubError> {
        let key = pending_key(request.device, &request.key);
        let existing = self.tree().get(&key)?.map(|b| decode::<Pending>(&b)).transpose()?;
        let is_new = existing.is_none();
        let record = match existing {
            Some(mut p) => {
                p.last_seen = now;
                p
            }
            None => Pending {
                device: request.device,
                key: request.key,
                first_seen: now,
                last_seen: now,
                expires_at: pairing::request_expires(now, request.ttl_s),
            },
        };
        self.tree().insert(key, encode(&record)?)?;
        if is_new {
            self.prune(now)?;
            self.store.flush().await?;
            self.metrics.pairing("waiting");
            info!(device = %request.device, expires_at = record.expires_at.0, "device waiting to be paired");
            self.changed.notify_one();
        }
        Ok(())
    }

    /// Drops long-expired requests, and the least recently repeated beyond
    /// [`MAX_PENDING`].
    fn prune(&self, now: Timestamp) -> Result<(), PairingHubError> {
        let mut all = self.all_pending()?;
        for p in all.iter().filter(|p| p.expires_at.0 + KEEP_EXPIRED_MS < now.0) {
            self.tree().remove(pending_key(p.device, &p.key))?;
        }
        all.retain(|p| p.expires_at.0 + KEEP_EXPIRED_MS >= now.0);
        if all.len() > MAX_PENDING {
            all.sort_by_key(|p| p.last_seen);
            for p in &all[..all.len() - MAX_PENDING] {
                self.tree().remove(pending_key(p.device, &p.key))?;
            }
        }
        Ok(())
    }

    fn all_pending(&self) -> Result<Vec<Pending>, PairingHubError> {
        self.tree().scan_prefix([PENDING]).map(|kv| decode::<Pending>(&kv?.1)).collect()
    }

    /// Makes the device a terminal and answers it. Caller holds `deliveries`.
    async fn deliver(
        &self,
        device: TerminalId,
        key: &PublicKey,
        name: &str,
        role: TerminalRole,
        via: PairedVia,
    ) -> Result<PairDown, PairingHubError> {
        match self.terminals.admission_refused()? {
            Some(TerminalsError::LimitReached { max }) => {
                self.metrics.pairing("refused_limit");
                warn!(device = %device, max, "pairing refused: the branch is at its terminal limit");
                return Ok(PairDown::Refused(PairRefusal::LimitReached { max }));
            }
            Some(_) => {
                self.metrics.pairing("refused_subscription");
                warn!(device = %device, "pairing refused: the subscription takes no new terminals");
                return Ok(PairDown::Refused(PairRefusal::SubscriptionInactive));
            }
            None => {}
        }
        let (offer, secret) = pairing::make_offer(device, key, self.mqtt_port)?;
        let name: String = name.trim().chars().take(64).collect();
        let name = if name.is_empty() { "POS".to_owned() } else { name };
        self.terminals.admit(&TerminalCredential { terminal: device, secret }, &name, role)?;
        let tree = self.tree();
        tree.insert(device_key(OFFER, device), encode(&OfferRecord { key: *key, offer: offer.clone() })?)?;
        let report = PairedReport { device, via: via.clone(), at: Timestamp::now() };
        tree.insert(device_key(REPORT, device), encode(&report)?)?;
        if let PairedVia::Login(login) = &via {
            tree.insert([&[USED_LOGIN][..], login.as_bytes()].concat(), device.as_bytes())?;
        }
        for kv in tree.scan_prefix(device_key(PENDING, device)) {
            tree.remove(kv?.0)?;
        }
        self.store.flush().await?;
        let label = match via {
            PairedVia::Approval => "paired_approval",
            PairedVia::Login(_) => "paired_login",
            PairedVia::Technician => "paired_technician",
        };
        self.metrics.pairing(label);
        info!(terminal.id = %device, terminal.name = name, via = label, role = role.code(), "terminal paired");
        self.changed.notify_one();
        Ok(PairDown::Offer(offer))
    }

    /// The cloud's pairing config and the version it came with.
    ///
    /// # Errors
    /// Storage.
    pub fn config(&self) -> Result<(u64, PairingConfig), PairingHubError> {
        let Some(bytes) = self.tree().get(CONFIG)? else { return Ok((0, PairingConfig::default())) };
        if let Ok(current) = decode(&bytes) {
            return Ok(current);
        }
        // Kept before the pairing window (layout 2): still good, so a hub
        // upgraded while offline keeps its grants.
        if let Ok((version, old)) = decode::<(u64, protocol::sync::v2::PairingConfig)>(&bytes) {
            return Ok((version, old.into()));
        }
        // Kept by a hub before roles: as good as none; the cloud sends it anew.
        Ok((0, PairingConfig::default()))
    }

    /// Keeps newer pairing config from the cloud and pairs every waiting
    /// device it approves.
    ///
    /// # Errors
    /// Storage.
    pub async fn apply_config(&self, version: u64, config: PairingConfig) -> Result<(), PairingHubError> {
        let _turn = self.deliveries.lock().await;
        if self.config()?.0 >= version {
            return Ok(());
        }
        self.tree().insert(CONFIG, encode(&(version, &config))?)?;
        self.store.flush().await?;
        self.window.set_grants(grant_ends(&config));
        let now = Timestamp::now();
        for Approval { device, key, name, expires_at, role } in config.approvals {
            let waiting = self.tree().get(pending_key(device, &key))?.map(|b| decode::<Pending>(&b)).transpose()?;
            if expires_at > now
                && self.terminals.get(device).is_none()
                && let Some(p) = waiting
                && p.expires_at > now
            {
                let answer = self.deliver(device, &key, &name, role, PairedVia::Approval).await?;
                self.answer(device, &key, &answer);
            }
        }
        Ok(())
    }

    /// Requests the cloud should hear of: unexpired, newest first, at most 32.
    ///
    /// # Errors
    /// Storage.
    pub fn pending_for_cloud(&self) -> Result<Vec<PendingPairing>, PairingHubError> {
        let mut all = self.all_pending()?;
        all.sort_by_key(|p| std::cmp::Reverse(p.first_seen));
        Ok(all
            .into_iter()
            .take(32)
            .map(|p| PendingPairing {
                device: p.device,
                key: p.key,
                first_seen: p.first_seen,
                expires_at: p.expires_at,
            })
            .collect())
    }

    /// Devices waiting, for the hub's page (unexpired only).
    ///
    /// # Errors
    /// Storage.
    pub fn waiting(&self) -> Result<Vec<Waiting>, PairingHubError> {
        let now = Timestamp::now();
        let mut all: Vec<Waiting> = self
            .all_pending()?
            .into_iter()
            .filter(|p| p.expires_at > now)
            .map(|p| Waiting { device: p.device, first_seen: p.first_seen, expires_at: p.expires_at })
            .collect();
        all.sort_by_key(|w| std::cmp::Reverse(w.first_seen));
        Ok(all)
    }

    /// Pairings not yet reported to the cloud.
    ///
    /// # Errors
    /// Storage.
    pub fn unreported(&self) -> Result<Vec<PairedReport>, PairingHubError> {
        self.tree().scan_prefix([REPORT]).map(|kv| decode::<PairedReport>(&kv?.1)).collect()
    }

    /// Forgets reports the cloud has taken.
    ///
    /// # Errors
    /// Storage.
    pub async fn reported(&self, reports: &[PairedReport]) -> Result<(), PairingHubError> {
        for r in reports {
            self.tree().remove(device_key(REPORT, r.device))?;
        }
        if !reports.is_empty() {
            self.store.flush().await?;
        }
        Ok(())
    }

    /// Opens the pairing window for `length` (zero closes what was opened by
    /// hand), for a technician who gives the PIN. Returns until when it is
    /// open.
    ///
    /// # Errors
    /// A wrong PIN, or too many of them lately.
    pub fn open_window_local(&self, pin: &str, length: Duration) -> Result<Option<Timestamp>, LocalPairError> {
        self.check_pin(pin)?;
        Ok(self.open_window(length))
    }

    /// Opens the pairing window for `length` (zero closes what was opened by
    /// hand). Returns until when it is open.
    pub fn open_window(&self, length: Duration) -> Option<Timestamp> {
        let until = self.window.open_for(length, Timestamp::now());
        info!(open_until = ?until, minutes = length.as_secs() / 60, "pairing window set");
        until
    }

    fn check_pin(&self, pin: &str) -> Result<(), LocalPairError> {
        match self.pin.check(pin, Instant::now()) {
            Verdict::Right => {}
            Verdict::Wrong { locked } => {
                self.metrics.pairing("local_bad_pin");
                if locked {
                    self.metrics.pairing("local_pin_locked");
                    error!(
                        lockout_s = technician::LOCKOUT.as_secs(),
                        "local pairing locked: {} wrong technician PINs in a row",
                        technician::LOCKOUT_AFTER
                    );
                }
                return Err(LocalPairError::BadPin);
            }
            Verdict::Held(Held::Wait(left)) => {
                return Err(LocalPairError::TooManyTries { seconds: left.as_millis().div_ceil(1000) as u64 });
            }
            Verdict::Held(Held::Locked(left)) => {
                return Err(LocalPairError::Locked { minutes: left.as_secs().div_ceil(60) });
            }
        }
        Ok(())
    }

    /// A technician pairs the waiting device showing `code`, on the hub's
    /// page, with the local PIN. Works with no cloud at all; the binding syncs
    /// up later and counts against the limit like any other.
    ///
    /// # Errors
    /// [`LocalPairError`] says what to fix.
    pub async fn approve_local(
        &self,
        pin: &str,
        code: &str,
        name: &str,
        role: TerminalRole,
    ) -> Result<TerminalId, LocalPairError> {
        self.check_pin(pin)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(LocalPairError::BadName);
        }
        let code = PairingCode::parse(code).map_err(|_| LocalPairError::BadCode)?;
        let _turn = self.deliveries.lock().await;
        let pending = self.all_pending().map_err(LocalPairError::Internal)?;
        let codes = tokio::task::spawn_blocking(move || {
            pending
                .into_iter()
                .map(|p| PairingCode::of(p.device, &p.key).map(|c| (p, c)))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|_| LocalPairError::Internal(PairingHubError::Store(StoreError::Corrupt("pairing code computation"))))?
        .map_err(|e| LocalPairError::Internal(e.into()))?;
        let now = Timestamp::now();
        let matching: Vec<&Pending> = codes.iter().filter(|(_, c)| *c == code).map(|(p, _)| p).collect();
        let live: Vec<&&Pending> = matching.iter().filter(|p| p.expires_at > now).collect();
        let p = match (live.as_slice(), matching.is_empty()) {
            ([p], _) => **p,
            ([], true) => return Err(LocalPairError::UnknownCode),
            ([], false) => return Err(LocalPairError::Expired),
            _ => return Err(LocalPairError::Ambiguous),
        };
        let (device, key) = (p.device, p.key);
        match self.deliver(device, &key, name, role, PairedVia::Technician).await? {
            PairDown::Refused(r) => Err(LocalPairError::Refused(r)),
            answer @ PairDown::Offer(_) => {
                self.answer(device, &key, &answer);
                debug!(terminal.id = %device, "paired by the technician");
                Ok(device)
            }
        }
    }
}
