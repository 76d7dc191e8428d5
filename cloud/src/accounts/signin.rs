//! Sign-in, sessions and passwords.
//!
//! Failed sign-ins count in three buckets ([`crate::limits`]): the phone
//! from this address, this address for any phone, and the phone from any
//! device it never signed in on. Past each bucket's free allowance the next
//! try waits, longer after each failure. Ten wrong passwords typed by an
//! attacker slow the attacker: the owner, from another address or from a
//! device they signed in on before (a signed `pos_dev` cookie), signs in at
//! once. Nothing is ever locked.

use tracing::{info, warn};

use super::{AccountError, Accounts, NewSession, SESSION_LABEL};
use crate::accounts::store::{Owner, SessionRow};
use crate::db::{DbError, now_ms};
use crate::limits::{FailureBucket, addr_bucket};
use crate::phone::Phone;
use crate::secrets::{self, Password};

/// An hour, ms.
const HOUR_MS: i64 = 3_600_000;

impl Accounts {
    /// The buckets a sign-in as `who` (a phone, an administrator's login)
    /// from `addr` counts in (`kind` keeps each kind of account apart): this
    /// account from this address, this address, this account from devices it
    /// never signed in on.
    fn login_buckets(&self, kind: &str, who: &str, addr: &str) -> [FailureBucket; 3] {
        let p = &self.policy;
        let addr = addr_bucket(addr);
        [
            FailureBucket {
                key: format!("{kind}login-fail:{who}:{addr}"),
                window_ms: HOUR_MS,
                free: p.login_free_per_pair,
            },
            FailureBucket {
                key: format!("{kind}login-fail-addr:{addr}"),
                window_ms: HOUR_MS,
                free: p.login_free_per_addr,
            },
            FailureBucket {
                key: format!("{kind}login-fail-who:{who}"),
                window_ms: HOUR_MS,
                free: p.login_free_per_phone,
            },
        ]
    }

    /// May a sign-in as `who` from `addr` be tried now? `known_device`:
    /// the browser signed in to this account before, so failures from
    /// unknown devices do not slow it.
    ///
    /// # Errors
    /// [`AccountError::LoginWait`] with the seconds to wait.
    pub async fn login_allowed(
        &self,
        kind: &str,
        who: &str,
        addr: &str,
        known_device: bool,
    ) -> Result<(), AccountError> {
        let [pair, by_addr, by_phone] = self.login_buckets(kind, who, addr);
        let mut wait = pair.wait(&self.db).await?.max(by_addr.wait(&self.db).await?);
        if !known_device {
            wait = wait.max(by_phone.wait(&self.db).await?);
        }
        if wait > 0 {
            warn!(client.addr = addr, wait_ms = wait, "sign-in slowed down after failures");
            return Err(AccountError::LoginWait { wait_s: (wait + 999) / 1000 });
        }
        Ok(())
    }

    /// Counts a failed sign-in in every bucket.
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn login_failed(&self, kind: &str, who: &str, addr: &str) -> Result<(), AccountError> {
        let buckets = self.login_buckets(kind, who, addr);
        let keys: Vec<&str> = buckets.iter().map(|b| b.key.as_str()).collect();
        Ok(self.db.rate_record(&keys).await?)
    }

    /// A successful sign-in forgets the failures of this account from this
    /// address (the others keep counting: they are other people's).
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn login_succeeded(&self, kind: &str, who: &str, addr: &str) -> Result<(), AccountError> {
        let [pair, ..] = self.login_buckets(kind, who, addr);
        Ok(self.db.rate_clear(&pair.key).await?)
    }

    pub(super) async fn new_session(
        &self,
        owner_id: &str,
        must_change_password: bool,
        language: &str,
        addr: &str,
        user_agent: &str,
    ) -> Result<NewSession, AccountError> {
        let token = secrets::new_token()?;
        let ua: String = user_agent.chars().take(200).collect();
        let now = now_ms();
        let expires = now.saturating_add(self.policy.session_idle_s.min(self.policy.session_max_s) * 1000);
        self.db.insert_session(&secrets::token_hash(SESSION_LABEL, &token), owner_id, expires, addr, &ua).await?;
        Ok(NewSession { token, must_change_password, language: language.to_owned(), owner_id: owner_id.to_owned() })
    }

    /// Signs in with phone and password. `device_owner`: the owner a signed
    /// device cookie vouches for (this browser signed in as them before).
    ///
    /// # Errors
    /// [`AccountError::BadPhone`], [`AccountError::LoginFailed`],
    /// [`AccountError::LoginWait`].
    pub async fn login(
        &self,
        phone: &str,
        password: &str,
        addr: &str,
        user_agent: &str,
        device_owner: Option<&str>,
    ) -> Result<NewSession, AccountError> {
        let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
        let owner = match self.db.owner_by_phone(phone.as_str()).await {
            Ok(o) => Some(o),
            Err(DbError::NotFound) => None,
            Err(e) => return Err(e.into()),
        };
        let known = matches!((&owner, device_owner), (Some(o), Some(d)) if o.id == d);
        self.login_allowed("", phone.as_str(), addr, known).await?;
        let good = secrets::verify_password_async(password, owner.as_ref().map(|o| o.password_hash.as_str())).await?;
        let owner = match owner {
            Some(o) if good && !temporary_expired(&o) => o,
            Some(o) => {
                warn!(owner.id = o.id, client.addr = addr, "wrong or expired password");
                self.login_failed("", phone.as_str(), addr).await?;
                return Err(AccountError::LoginFailed);
            }
            None => {
                self.login_failed("", phone.as_str(), addr).await?;
                return Err(AccountError::LoginFailed);
            }
        };
        self.login_succeeded("", phone.as_str(), addr).await?;
        info!(owner.id = owner.id, "signed in");
        self.new_session(&owner.id, owner.must_change_password, &owner.language, addr, user_agent).await
    }

    /// A session for an owner Telegram vouched for (P14: the Web App's init
    /// data, checked by the telegram domain, named the owner's linked
    /// account).
    ///
    /// # Errors
    /// [`AccountError::Internal`]; an unknown owner.
    pub async fn session_for_linked(
        &self,
        owner_id: &str,
        addr: &str,
        user_agent: &str,
    ) -> Result<NewSession, AccountError> {
        let owner = self.db.owner(owner_id).await?;
        let session =
            self.new_session(&owner.id, owner.must_change_password, &owner.language, addr, user_agent).await?;
        self.db.mark_telegram_session(&Self::session_hash(&session.token)).await?;
        Ok(session)
    }

    /// Ends the owner's sessions Telegram signed in (their account was
    /// unlinked); returns how many.
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn end_telegram_sessions(&self, owner_id: &str) -> Result<u64, AccountError> {
        Ok(self.db.end_telegram_sessions(owner_id).await?)
    }

    /// The owner behind a session cookie.
    ///
    /// # Errors
    /// [`AccountError::LoginFailed`] for an unknown or expired session.
    pub async fn session(&self, token: &str) -> Result<Owner, AccountError> {
        let p = &self.policy;
        match self.db.session_owner(&Self::session_hash(token), p.session_idle_s * 1000, p.session_max_s * 1000).await {
            Ok(o) => Ok(o),
            Err(DbError::NotFound) => Err(AccountError::LoginFailed),
            Err(e) => Err(e.into()),
        }
    }

    /// What a session cookie is stored as.
    #[must_use]
    pub fn session_hash(token: &str) -> String {
        secrets::token_hash(SESSION_LABEL, token)
    }

    /// Ends a session.
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn logout(&self, token: &str) -> Result<(), AccountError> {
        Ok(self.db.delete_session(&Self::session_hash(token)).await?)
    }

    /// The owner's signed-in devices, each with whether it is `current`
    /// (the session cookie of the asking browser).
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn sessions(&self, owner_id: &str, current: &str) -> Result<Vec<(SessionRow, bool)>, AccountError> {
        let mine = Self::session_hash(current);
        let mut rows: Vec<(SessionRow, bool)> = self
            .db
            .sessions_of(owner_id)
            .await?
            .into_iter()
            .map(|r| {
                let is_current = r.token_hash == mine;
                (r, is_current)
            })
            .collect();
        rows.sort_by_key(|(_, current)| !*current);
        Ok(rows)
    }

    /// "Sign out of every other device": ends every session of the owner
    /// but `current`'s; returns how many ended.
    ///
    /// # Errors
    /// [`AccountError::Internal`].
    pub async fn end_other_sessions(&self, owner_id: &str, current: &str) -> Result<u64, AccountError> {
        let ended = self.db.end_other_sessions(owner_id, &Self::session_hash(current)).await?;
        info!(owner.id = owner_id, ended, "other sessions ended");
        Ok(ended)
    }

    /// Sets a new password chosen by the owner; every other session ends.
    /// `current` is the password in use, asked unless an administrator's
    /// reset forced the change (its temporary password was just typed).
    ///
    /// # Errors
    /// [`AccountError::CurrentPassword`], [`AccountError::Password`].
    pub async fn change_password(
        &self,
        owner: &Owner,
        current: Option<&str>,
        password: &str,
        confirm: &str,
        session_token: &str,
    ) -> Result<(), AccountError> {
        let password = Password::parse_new(password, confirm).map_err(AccountError::Password)?;
        if !owner.must_change_password {
            let typed = current.unwrap_or("");
            if !secrets::verify_password_async(typed, Some(&owner.password_hash)).await? {
                warn!(owner.id = owner.id, "password change with a wrong current password");
                return Err(AccountError::CurrentPassword);
            }
        }
        let hash = secrets::hash_password_async(password.expose()).await?;
        self.db.set_password(&owner.id, &hash, None, Some(&Self::session_hash(session_token))).await?;
        info!(owner.id = owner.id, "password changed, other sessions ended");
        Ok(())
    }

    /// Administrator reset (P15): a temporary password, printed once, that
    /// works for [`super::AccountPolicy::temporary_password_s`]; every
    /// session of the owner ends and the next sign-in must choose a new one.
    ///
    /// # Errors
    /// [`AccountError::BadPhone`]; [`AccountError::LoginFailed`] when no
    /// account has this phone.
    pub async fn admin_reset_password(&self, phone: &str) -> Result<String, AccountError> {
        let phone = Phone::parse(phone).map_err(|_| AccountError::BadPhone)?;
        let owner = match self.db.owner_by_phone(phone.as_str()).await {
            Ok(o) => o,
            Err(DbError::NotFound) => return Err(AccountError::LoginFailed),
            Err(e) => return Err(e.into()),
        };
        let temporary = secrets::temporary_password()?;
        let hash = secrets::hash_password_async(&temporary).await?;
        let until = now_ms().saturating_add(self.policy.temporary_password_s * 1000);
        self.db.set_password(&owner.id, &hash, Some(until), None).await?;
        info!(owner.id = owner.id, "password reset by an administrator");
        Ok(temporary)
    }
}

/// A temporary password past its time no longer signs in.
fn temporary_expired(owner: &Owner) -> bool {
    owner.must_change_password && owner.password_expires_at.is_some_and(|t| now_ms() > t)
}
