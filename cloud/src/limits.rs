//! Rate limits shared by every flow: the bucket an address counts in, and
//! failures that buy growing delays instead of a lock-out.
//!
//! A window (`rate_events`) is a log of timestamps per bucket; a failure
//! bucket counts failures and, past its free allowance, asks the next try to
//! wait 1 s, 2 s, 4 s … up to [`MAX_DELAY_MS`] after the last failure. A
//! delay is per bucket, so an attacker slowing one bucket down does not slow
//! the real user, who counts in others (another address, a known device).

use std::net::IpAddr;

use crate::db::{Db, DbResult, now_ms};

/// The longest delay a failure bucket asks for.
pub const MAX_DELAY_MS: i64 = 15 * 60_000;

/// The bucket an address counts in: an IPv4 address itself, an IPv6
/// address's /64 (one subscriber gets a whole /64, so per-address limits on
/// single IPv6 addresses would be no limits). An IPv4-mapped IPv6 address is
/// its IPv4 address; anything unparsable counts as itself.
#[must_use]
pub fn addr_bucket(addr: &str) -> String {
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => addr.to_owned(),
    }
}

/// How long, in ms from `now`, the next try must still wait after
/// `failures` failures, the last at `last_at`, with `free` allowed without
/// delay. Zero when it may go ahead.
#[must_use]
pub fn wait_ms(failures: i64, last_at: i64, free: i64, now: i64) -> i64 {
    if failures < free.max(0) {
        return 0;
    }
    let doublings = u32::try_from((failures - free).clamp(0, 20)).unwrap_or(20);
    let delay = (1000_i64 << doublings).min(MAX_DELAY_MS);
    (last_at.saturating_add(delay) - now).max(0)
}

/// A bucket of failures counted over a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureBucket {
    /// The bucket's key in `rate_events`.
    pub key: String,
    /// Failures forgotten after this long, ms.
    pub window_ms: i64,
    /// Failures allowed without delay.
    pub free: i64,
}

impl FailureBucket {
    /// How long the next try must wait, ms (0: go ahead).
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn wait(&self, db: &Db) -> DbResult<i64> {
        let now = now_ms();
        let (failures, last_at) = db.rate_count(&self.key, now - self.window_ms).await?;
        Ok(wait_ms(failures, last_at.unwrap_or(0), self.free, now))
    }
}

impl Db {
    /// How many entries `bucket` has since `since`, and the latest one's time.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn rate_count(&self, bucket: &str, since: i64) -> DbResult<(i64, Option<i64>)> {
        use sqlx::Row as _;
        let row = sqlx::query("SELECT COUNT(*) AS n, MAX(at) AS last FROM rate_events WHERE bucket = $1 AND at > $2")
            .bind(bucket)
            .bind(since)
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("n")?, row.try_get("last")?))
    }

    /// Records one failure in each of `buckets`, in one transaction.
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn rate_record(&self, buckets: &[&str]) -> DbResult<()> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        for bucket in buckets {
            sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)")
                .bind(*bucket)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets every entry of `bucket` (a success clears its own failures).
    ///
    /// # Errors
    /// [`crate::db::DbError::Sql`].
    pub async fn rate_clear(&self, bucket: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM rate_events WHERE bucket = $1").bind(bucket).execute(&self.pool).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_counts_by_64() {
        assert_eq!(addr_bucket("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(addr_bucket("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
        assert_ne!(addr_bucket("2001:db8:1:3::1"), addr_bucket("2001:db8:1:2::1"));
        assert_eq!(addr_bucket("::ffff:10.0.0.7"), "10.0.0.7");
        assert_eq!(addr_bucket("10.0.0.7"), "10.0.0.7");
        assert_eq!(addr_bucket("unknown"), "unknown");
    }

    #[test]
    fn delays_grow_and_stop_growing() {
        let now = 1_000_000_000;
        assert_eq!(wait_ms(0, 0, 3, now), 0);
        assert_eq!(wait_ms(2, now, 3, now), 0);
        assert_eq!(wait_ms(3, now, 3, now), 1000);
        assert_eq!(wait_ms(4, now, 3, now), 2000);
        assert_eq!(wait_ms(8, now, 3, now), 32_000);
        assert_eq!(wait_ms(1000, now, 3, now), MAX_DELAY_MS);
        // The delay counts from the last failure.
        assert_eq!(wait_ms(4, now - 1500, 3, now), 500);
        assert_eq!(wait_ms(4, now - 5000, 3, now), 0);
        assert_eq!(wait_ms(i64::MAX, i64::MAX, 0, now), i64::MAX - now);
    }
}
