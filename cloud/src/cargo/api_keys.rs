//! API keys of business clients' contracts (C11, beyond the seed): an
//! online shop makes shipments and reads their statuses under one contract
//! with a key (`Authorization: Bearer ck_live_…`); a test mode key
//! (`ck_test_…`) makes and reads only the contract's sandbox shipments.
//!
//! A key is 256 random bits, shown once when it is made; the database keeps
//! its hash (so a copy of the database opens no account) and its first
//! characters, to tell keys apart on the page. A revoked key answers 401
//! from then on. A client may hold a few keys per contract (to rotate one
//! without a gap).

use sqlx::Row as _;

use super::ledger::Mode;
use crate::db::{Db, DbResult, Tx, now_ms};
use crate::ids::{BusinessId, ClientId, ContractId};

/// What live keys start with.
pub const LIVE_PREFIX: &str = "ck_live_";
/// What test mode's keys start with (they make and read sandbox shipments only).
pub const TEST_PREFIX: &str = "ck_test_";
/// Most keys (revoked or not) a contract holds.
pub const MAX_KEYS: i64 = 10;
/// Characters of a key the page shows.
const SHOWN: usize = 16;
/// The hash's purpose label.
const PURPOSE: &str = "cargo-api-key";
/// How stale `last_used_at` may get before a call writes it (ms).
const USE_GRANULARITY_MS: i64 = 60_000;

/// A key as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    /// Id.
    pub id: String,
    /// Its first characters.
    pub prefix: String,
    /// Made (UTC ms).
    pub created_at: i64,
    /// Last used (UTC ms).
    pub last_used_at: Option<i64>,
    /// Revoked (UTC ms).
    pub revoked_at: Option<i64>,
    /// Live or test.
    pub mode: Mode,
}

/// Who a key speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The key's id.
    pub key_id: String,
    /// The company.
    pub business: BusinessId,
    /// The client.
    pub client: ClientId,
    /// The contract.
    pub contract: ContractId,
    /// Live or test.
    pub mode: Mode,
}

/// The mode a key's prefix names.
#[must_use]
pub fn mode_of(text: &str) -> Option<(Mode, &str)> {
    match (text.strip_prefix(LIVE_PREFIX), text.strip_prefix(TEST_PREFIX)) {
        (Some(rest), _) => Some((Mode::Live, rest)),
        (_, Some(rest)) => Some((Mode::Test, rest)),
        _ => None,
    }
}

/// Whether `text` has a key's shape (live or test).
#[must_use]
pub fn looks_like_key(text: &str) -> bool {
    mode_of(text).is_some_and(|(_, rest)| crate::secrets::looks_like_token(rest))
}

/// Makes a key of `mode` for `contract` in the caller's transaction and returns
/// it (the only time it is seen); `None` when the contract holds
/// [`MAX_KEYS`] already.
///
/// # Errors
/// [`crate::db::DbError`]; no randomness is [`crate::db::DbError::Corrupt`].
pub async fn create(
    tx: &mut Tx,
    (business, client, contract): (&BusinessId, &ClientId, &ContractId),
    mode: Mode,
) -> DbResult<Option<String>> {
    let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_api_keys WHERE contract_id = $1")
        .bind(contract)
        .fetch_one(&mut **tx)
        .await?;
    if held >= MAX_KEYS {
        return Ok(None);
    }
    let token = crate::secrets::new_token().map_err(|e| crate::db::DbError::Corrupt(e.to_string()))?;
    let prefix = if mode == Mode::Live { LIVE_PREFIX } else { TEST_PREFIX };
    let key = format!("{prefix}{token}");
    sqlx::query(
        "INSERT INTO cargo_api_keys (id, business_id, client_id, contract_id, mode, prefix, key_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(business)
    .bind(client)
    .bind(contract)
    .bind(mode.code())
    .bind(&key[..SHOWN])
    .bind(crate::secrets::token_hash(PURPOSE, &key))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(Some(key))
}

impl Db {
    /// `contract`'s keys, newest first.
    ///
    /// # Errors
    /// [`crate::db::DbError`].
    pub async fn api_keys(&self, contract: &ContractId) -> DbResult<Vec<KeyRow>> {
        let rows = sqlx::query(
            "SELECT id, prefix, created_at, last_used_at, revoked_at, mode FROM cargo_api_keys \
             WHERE contract_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(contract)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(KeyRow {
                    id: r.try_get(0)?,
                    prefix: r.try_get(1)?,
                    created_at: r.try_get(2)?,
                    last_used_at: r.try_get(3)?,
                    revoked_at: r.try_get(4)?,
                    mode: Mode::from_code(&r.try_get::<String, _>(5)?),
                })
            })
            .collect()
    }

    /// Revokes one of `contract`'s keys.
    ///
    /// # Errors
    /// [`crate::db::DbError`]; `Ok(false)`: no such live key of the contract.
    pub async fn revoke_api_key(&self, contract: &ContractId, id: &str) -> DbResult<bool> {
        let done = sqlx::query(
            "UPDATE cargo_api_keys SET revoked_at = $3 WHERE id = $1 AND contract_id = $2 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(contract)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Who `key` speaks for: a key not revoked, of the client whose contract it is.
    ///
    /// # Errors
    /// [`crate::db::DbError`].
    pub async fn api_caller(&self, key: &str) -> DbResult<Option<Caller>> {
        if !looks_like_key(key) {
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT k.id, k.business_id, k.client_id, k.contract_id, k.last_used_at, k.mode FROM cargo_api_keys k \
             JOIN cargo_contracts c ON c.id = k.contract_id AND c.client_id = k.client_id \
             WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
        )
        .bind(crate::secrets::token_hash(PURPOSE, key))
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let mode = Mode::from_code(&r.try_get::<String, _>(5)?);
        let (key_id, last_used): (String, Option<i64>) = (r.try_get(0)?, r.try_get(4)?);
        let now = now_ms();
        if last_used.is_none_or(|t| now - t > USE_GRANULARITY_MS) {
            sqlx::query("UPDATE cargo_api_keys SET last_used_at = $2 WHERE id = $1")
                .bind(&key_id)
                .bind(now)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(Caller {
            key_id,
            business: BusinessId::parse(&r.try_get::<String, _>(1)?).ok_or_else(|| bad("business"))?,
            client: ClientId::parse(&r.try_get::<String, _>(2)?).ok_or_else(|| bad("client"))?,
            contract: ContractId::parse(&r.try_get::<String, _>(3)?).ok_or_else(|| bad("contract"))?,
            mode,
        }))
    }
}

fn bad(what: &str) -> crate::db::DbError {
    crate::db::DbError::Corrupt(format!("an API key's {what} id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_one_shape() {
        let token = crate::secrets::new_token().unwrap_or_default();
        assert!(looks_like_key(&format!("{LIVE_PREFIX}{token}")));
        assert!(!looks_like_key(&token), "without the prefix");
        assert!(looks_like_key(&format!("{TEST_PREFIX}{token}")));
        assert_eq!(mode_of(&format!("{TEST_PREFIX}x")).map(|(m, _)| m), Some(Mode::Test));
        assert!(!looks_like_key(&format!("ck_prod_{token}")));
        assert!(!looks_like_key(&format!("{LIVE_PREFIX}{token}x")));
        assert!(!looks_like_key(""));
    }
}
