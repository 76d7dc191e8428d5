//! A subscription's lifecycle (B1, P15), pure: no clock, no SQL. Callers pass
//! the time and store the result.
//!
//! ```text
//!  trial ──end date passes──▶ expired ──paid──▶ active ──end date passes──▶ expired
//!    └──────────paid─────────────────────────────▲  ▲──paid (extends)──┘
//!  any ──suspended by an administrator──▶ suspended ──resumed──▶ what the dates say
//! ```
//!
//! - Paying extends from the later of now and the current end date, by a
//!   calendar month or year in Tashkent, whatever the status; a suspended
//!   subscription stays suspended (the money is kept, the administrator
//!   decides).
//! - What a business may do follows [`Access`]: full use until the end
//!   date, then a grace period with a banner, then the portal read-only and
//!   no new pairing. A branch never stops selling: hubs keep accepting and
//!   syncing sales in every state, so no sale is ever dropped.

use web::format::add_months;

/// Where a subscription is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// The first days after registration, before any payment.
    Trial,
    /// Paid up to its end date.
    Active,
    /// The end date has passed without a payment.
    Expired,
    /// Stopped by a platform administrator, whatever the dates say.
    Suspended,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [Status::Trial, Status::Active, Status::Expired, Status::Suspended];

    /// The stored code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Status::Trial => "trial",
            Status::Active => "active",
            Status::Expired => "expired",
            Status::Suspended => "suspended",
        }
    }

    /// A status from its stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What one payment buys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
}

impl Period {
    /// `month` or `year`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// A period from its code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Period> {
        [Period::Month, Period::Year].into_iter().find(|p| p.code() == code)
    }

    /// `from` moved on by this period (calendar months in Tashkent).
    #[must_use]
    pub fn after(self, from: i64) -> i64 {
        add_months(from, if self == Period::Month { 1 } else { 12 })
    }
}

/// A subscription's state: what is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription {
    /// Where it is.
    pub status: Status,
    /// End of the trial or of the paid time, UTC milliseconds.
    pub ends_at: i64,
    /// Paid at least once (a resumed subscription is then active, not a trial).
    pub paid: bool,
}

/// What happens to a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A payment for `period` confirmed at `at`.
    Paid {
        /// What it bought.
        period: Period,
        /// When the provider confirmed it.
        at: i64,
    },
    /// An administrator suspends it.
    Suspend,
    /// An administrator resumes it at `at`.
    Resume {
        /// When.
        at: i64,
    },
}

/// A change that does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    /// Suspending a suspended subscription.
    #[error("the subscription is already suspended")]
    AlreadySuspended,
    /// Resuming one that is not suspended.
    #[error("the subscription is not suspended")]
    NotSuspended,
}

/// What the business may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Everything, within the tariff's limits.
    Full,
    /// Everything, with a banner: the portal turns read-only at `read_only_at`.
    Grace {
        /// When the grace period ends.
        read_only_at: i64,
    },
    /// The portal reads but changes nothing (no new branch, no new pairing);
    /// hubs keep selling and syncing.
    ReadOnly,
}

impl Subscription {
    /// A new business's subscription: a trial of `trial_ms` from `now`.
    #[must_use]
    pub const fn trial(now: i64, trial_ms: i64) -> Subscription {
        Subscription { status: Status::Trial, ends_at: now.saturating_add(trial_ms), paid: false }
    }

    /// The subscription as it stands at `now`: a trial or a paid time whose
    /// end date has passed is expired.
    #[must_use]
    pub fn at(self, now: i64) -> Subscription {
        match self.status {
            Status::Trial | Status::Active if now >= self.ends_at => Subscription { status: Status::Expired, ..self },
            _ => self,
        }
    }

    /// The subscription after `change`.
    ///
    /// # Errors
    /// [`LifecycleError`] for a suspension of a suspended subscription or a
    /// resumption of one that is not.
    pub fn apply(self, change: Change) -> Result<Subscription, LifecycleError> {
        match change {
            Change::Paid { period, at } => {
                let ends_at = period.after(self.ends_at.max(at));
                let status = if self.status == Status::Suspended { Status::Suspended } else { Status::Active };
                Ok(Subscription { status, ends_at, paid: true })
            }
            Change::Suspend if self.status == Status::Suspended => Err(LifecycleError::AlreadySuspended),
            Change::Suspend => Ok(Subscription { status: Status::Suspended, ..self }),
            Change::Resume { at } if self.status == Status::Suspended => {
                let status = if self.paid { Status::Active } else { Status::Trial };
                Ok(Subscription { status, ..self }.at(at))
            }
            Change::Resume { .. } => Err(LifecycleError::NotSuspended),
        }
    }

    /// What the business may do at `now`, with `grace_ms` of grace after the
    /// end date.
    #[must_use]
    pub fn access(self, now: i64, grace_ms: i64) -> Access {
        let read_only_at = self.ends_at.saturating_add(grace_ms);
        match self.at(now).status {
            Status::Trial | Status::Active => Access::Full,
            Status::Expired if now < read_only_at => Access::Grace { read_only_at },
            Status::Expired | Status::Suspended => Access::ReadOnly,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test: a failure here is a failed test
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;
    /// 2026-11-23 10:00 in Tashkent.
    const NOW: i64 = 20_780 * DAY + 5 * 3_600_000;

    fn sub(status: Status, ends_at: i64, paid: bool) -> Subscription {
        Subscription { status, ends_at, paid }
    }

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert_eq!(Status::from_code("paused"), None);
        assert_eq!(Period::from_code("year"), Some(Period::Year));
        assert_eq!(Period::from_code("week"), None);
    }

    #[test]
    fn time_expires_trials_and_paid_time_only() {
        let cases = [
            // (before, now, after)
            (sub(Status::Trial, NOW, false), NOW - 1, Status::Trial),
            (sub(Status::Trial, NOW, false), NOW, Status::Expired),
            (sub(Status::Active, NOW, true), NOW + DAY, Status::Expired),
            (sub(Status::Active, NOW + DAY, true), NOW, Status::Active),
            (sub(Status::Expired, NOW - DAY, true), NOW, Status::Expired),
            (sub(Status::Suspended, NOW - DAY, true), NOW, Status::Suspended),
            (sub(Status::Suspended, NOW + DAY, true), NOW, Status::Suspended),
        ];
        for (i, (before, now, after)) in cases.into_iter().enumerate() {
            assert_eq!(before.at(now).status, after, "case {i}: {before:?} at {now}");
            assert_eq!(before.at(now).ends_at, before.ends_at, "case {i}: time never moves the end date");
        }
    }

    #[test]
    fn paying_extends_from_the_later_of_now_and_the_end_date() {
        let month = |from: i64| Period::Month.after(from);
        let year = |from: i64| Period::Year.after(from);
        let cases = [
            // (before, period, paid at, status after, end after)
            (sub(Status::Trial, NOW + 3 * DAY, false), Period::Month, NOW, Status::Active, month(NOW + 3 * DAY)),
            (sub(Status::Active, NOW + 10 * DAY, true), Period::Year, NOW, Status::Active, year(NOW + 10 * DAY)),
            (sub(Status::Expired, NOW - 40 * DAY, true), Period::Month, NOW, Status::Active, month(NOW)),
            // The trial ended but nothing has looked at it since: still from now.
            (sub(Status::Trial, NOW - DAY, false), Period::Month, NOW, Status::Active, month(NOW)),
            (sub(Status::Suspended, NOW + DAY, true), Period::Month, NOW, Status::Suspended, month(NOW + DAY)),
        ];
        for (i, (before, period, at, status, ends_at)) in cases.into_iter().enumerate() {
            let after = before.apply(Change::Paid { period, at }).unwrap();
            assert_eq!((after.status, after.ends_at, after.paid), (status, ends_at, true), "case {i}: {before:?}");
        }
        // A month from 23 November 10:00 is 23 December 10:00.
        assert_eq!(month(NOW), NOW + 30 * DAY);
        // Two payments in a row add up.
        let twice = sub(Status::Active, NOW, true)
            .apply(Change::Paid { period: Period::Month, at: NOW })
            .and_then(|s| s.apply(Change::Paid { period: Period::Month, at: NOW + 1 }))
            .unwrap();
        assert_eq!(twice.ends_at, month(month(NOW)));
    }

    #[test]
    fn suspension_is_an_administrators_and_resumes_to_what_the_dates_say() {
        let active = sub(Status::Active, NOW + DAY, true);
        let suspended = active.apply(Change::Suspend).unwrap();
        assert_eq!(suspended, sub(Status::Suspended, NOW + DAY, true));
        assert_eq!(suspended.apply(Change::Suspend), Err(LifecycleError::AlreadySuspended));
        assert_eq!(active.apply(Change::Resume { at: NOW }), Err(LifecycleError::NotSuspended));
        assert_eq!(suspended.apply(Change::Resume { at: NOW }).unwrap().status, Status::Active);
        assert_eq!(suspended.apply(Change::Resume { at: NOW + 2 * DAY }).unwrap().status, Status::Expired);
        let trial = sub(Status::Trial, NOW + DAY, false).apply(Change::Suspend).unwrap();
        assert_eq!(trial.apply(Change::Resume { at: NOW }).unwrap().status, Status::Trial, "never paid");
    }

    #[test]
    fn access_gives_a_grace_period_then_read_only() {
        let grace = 3 * DAY;
        let cases = [
            (sub(Status::Trial, NOW + DAY, false), NOW, Access::Full),
            (sub(Status::Active, NOW + DAY, true), NOW, Access::Full),
            (sub(Status::Active, NOW, true), NOW, Access::Grace { read_only_at: NOW + grace }),
            (sub(Status::Expired, NOW - DAY, true), NOW, Access::Grace { read_only_at: NOW + 2 * DAY }),
            (sub(Status::Expired, NOW - grace, true), NOW, Access::ReadOnly),
            (sub(Status::Trial, NOW - 10 * DAY, false), NOW, Access::ReadOnly),
            (sub(Status::Suspended, NOW + 30 * DAY, true), NOW, Access::ReadOnly),
        ];
        for (i, (s, now, access)) in cases.into_iter().enumerate() {
            assert_eq!(s.access(now, grace), access, "case {i}: {s:?}");
        }
    }
}
