//! The bot speaks first: a daily summary at the owner's time and alerts,
//! each kind switched on or off on the profile ([`Prefs`]).
//!
//! One instance at a time runs a round (the `notifier` lease), every
//! `telegram.notify_every_ms`. A round only queues messages; the outbox
//! sends them ([`super::worker`]). Every message is queued under a key that
//! names its event, so a round repeated (by a restart, or by another
//! instance after a takeover) queues nothing twice:
//! - `summary:<owner>:<day>`: the day before, sent once the owner's time of
//!   day has come in Tashkent. Its figures are the dashboard's for that day
//!   (`portal` rollups): revenue, orders, average order, against the same
//!   weekday a week before, and per branch;
//! - `hub_offline:<hub>:<last call>`: a hub silent for the owner's minutes
//!   (once per silence);
//! - `backlog:<hub>:<episode>`: a hub that keeps calling while its oldest
//!   waiting event has waited [`BACKLOG_LAG_MS`]; the episode ends when the
//!   wait falls under half that;
//! - `sub_ending:<business>:<end>` three days or less before the end of the
//!   paid (or trial) time, `sub_expired:<business>:<end>` once it has passed;
//! - `paired:<terminal>:<time>`, `unpaired:<terminal>:<time>`: terminals
//!   paired or unpaired after the account was linked.

use web::format;
use web::i18n::{Lang, Text, fill};

use super::TelegramError;
use super::store::{self, Link, Prefs};
use crate::accounts::store::Owner;
use crate::billing::lifecycle::Status;
use crate::http::AppState;
use crate::portal::store::{Period, Scope};

/// A hub's oldest waiting event this old, while it calls: an alert.
pub const BACKLOG_LAG_MS: i64 = 10 * 60_000;
/// Days before the end of the subscription the alert goes.
const ENDING_DAYS: i64 = 3;
const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
const TASHKENT_MS: i64 = 5 * 3_600_000;

/// One round for every linked owner; returns how many messages it queued.
///
/// # Errors
/// Storage.
pub async fn round(state: &AppState, now: i64) -> Result<usize, TelegramError> {
    let mut queued = 0;
    for link in store::links(&state.db).await? {
        let owner = match state.db.owner(&link.owner_id).await {
            Ok(o) => o,
            Err(crate::db::DbError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let prefs = store::prefs_of(&state.db, &owner.id).await?;
        let t = Lang::parse(&owner.language).unwrap_or_default().text();
        let mut out = Vec::new();
        if prefs.summary {
            summary(state, &owner, &prefs, t, now, &mut out).await?;
        }
        alerts(state, &link, &owner, &prefs, t, now, &mut out).await?;
        for (key, text) in out {
            if store::enqueue(&state.db, &key, Some(&owner.id), link.chat_id, &text, None).await? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// The period of Tashkent's day number `day`.
fn day_period(day: i64) -> Period {
    let from_ms = day.saturating_mul(DAY_MS).saturating_sub(TASHKENT_MS);
    Period { from_ms, to_ms: from_ms.saturating_add(DAY_MS) }
}

/// "+12%", "−5%", "0%": `now` against `before` (which is not zero).
fn change(now: i64, before: i64) -> String {
    let pct = (i128::from(now) - i128::from(before)) * 100 / i128::from(before);
    match pct {
        p if p > 0 => format!("+{p}%"),
        p if p < 0 => format!("−{}%", p.unsigned_abs()),
        _ => "0%".into(),
    }
}

async fn summary(
    state: &AppState,
    owner: &Owner,
    prefs: &Prefs,
    t: &Text,
    now: i64,
    out: &mut Vec<(String, String)>,
) -> Result<(), TelegramError> {
    let minute = (now + TASHKENT_MS).rem_euclid(DAY_MS) / MINUTE_MS;
    if minute < prefs.summary_minute {
        return Ok(());
    }
    let day = format::tashkent_day(now) - 1;
    let key = format!("summary:{}:{day}", owner.id);
    if store::queued(&state.db, &key).await? {
        return Ok(());
    }
    let whole = Scope { business_id: owner.business_id.clone(), branch_id: None };
    let k = state.db.kpis(&whole, day_period(day)).await?;
    let before = state.db.kpis(&whole, day_period(day - 7)).await?;
    let mut lines = vec![
        fill(t.telegram.summary_title, &[("business", &owner.business_name), ("date", &format::date(day))]),
        String::new(),
        fill(t.telegram.summary_lines[0], &[("value", &format::money(k.revenue))]),
        fill(t.telegram.summary_lines[1], &[("value", &k.orders.to_string())]),
        fill(t.telegram.summary_lines[2], &[("value", &format::money(k.average_order()))]),
        if before.revenue > 0 {
            fill(
                t.telegram.summary_vs,
                &[("value", &format::money(before.revenue)), ("change", &change(k.revenue, before.revenue))],
            )
        } else {
            t.telegram.summary_vs_none.to_owned()
        },
    ];
    let branches = state.db.branches(&owner.business_id).await?;
    if branches.len() > 1 {
        lines.push(String::new());
        for b in &branches {
            let scope = Scope { business_id: owner.business_id.clone(), branch_id: Some(b.id.clone()) };
            let bk = state.db.kpis(&scope, day_period(day)).await?;
            lines.push(fill(
                t.telegram.summary_branch,
                &[("branch", &b.name), ("revenue", &format::money(bk.revenue)), ("orders", &bk.orders.to_string())],
            ));
        }
    }
    out.push((key, lines.join("\n")));
    Ok(())
}

async fn alerts(
    state: &AppState,
    link: &Link,
    owner: &Owner,
    prefs: &Prefs,
    t: &Text,
    now: i64,
    out: &mut Vec<(String, String)>,
) -> Result<(), TelegramError> {
    if prefs.subscription {
        let sub = state.db.subscription(&owner.business_id).await?;
        let s = sub.state.at(now);
        let ends = s.ends_at;
        let date = format::date(format::tashkent_day(ends));
        match s.status {
            Status::Trial | Status::Active if ends - now <= ENDING_DAYS * DAY_MS => {
                let days = ((ends - now) + DAY_MS - 1) / DAY_MS;
                let text = fill(
                    t.telegram.alert_sub_ending,
                    &[("tariff", &sub.tariff_name), ("date", &date), ("days", &days.to_string())],
                );
                out.push((format!("sub_ending:{}:{ends}", owner.business_id), text));
            }
            Status::Expired => {
                let text = fill(t.telegram.alert_sub_expired, &[("tariff", &sub.tariff_name), ("date", &date)]);
                out.push((format!("sub_expired:{}:{ends}", owner.business_id), text));
            }
            _ => {}
        }
    }
    if !(prefs.hub_offline || prefs.backlog || prefs.terminals) {
        return Ok(());
    }
    for branch in state.db.branches(&owner.business_id).await? {
        if prefs.hub_offline || prefs.backlog {
            for hub in state.db.hubs_of(&owner.business_id, &branch.id).await? {
                let Some(last) = hub.last_sync_at else { continue };
                let silent = now - last;
                if prefs.hub_offline && silent >= prefs.offline_minutes * MINUTE_MS {
                    let text = fill(
                        t.telegram.alert_hub_offline,
                        &[
                            ("branch", &branch.name),
                            ("hub", &hub.name),
                            ("since", &format::tashkent(last)),
                            ("minutes", &(silent / MINUTE_MS).to_string()),
                        ],
                    );
                    out.push((format!("hub_offline:{}:{last}", hub.id), text));
                }
                if prefs.backlog && silent < prefs.offline_minutes * MINUTE_MS {
                    backlog(state, link, &branch.name, &hub, t).await?;
                }
            }
        }
        if prefs.terminals {
            for term in state.db.terminals(&owner.business_id, &branch.id).await? {
                let vars = [("branch", branch.name.as_str()), ("terminal", term.name.as_str())];
                if let Some(at) = term.paired_at.filter(|at| *at >= link.linked_at) {
                    let text = fill(t.telegram.alert_paired, &vars);
                    out.push((format!("paired:{}:{at}", term.id), text));
                }
                if term.paired_at.is_some() && term.revoked_at.is_some_and(|at| at >= link.linked_at) {
                    let text = fill(t.telegram.alert_unpaired, &vars);
                    out.push((format!("unpaired:{}:{}", term.id, term.revoked_at.unwrap_or_default()), text));
                }
            }
        }
    }
    Ok(())
}

/// A hub's backlog episode: counted in `telegram_state` (odd while it
/// lasts), so its alert's key is the same however often a round sees it.
async fn backlog(
    state: &AppState,
    link: &Link,
    branch: &str,
    hub: &crate::branches::store::hubs::HubRow,
    t: &Text,
) -> Result<(), TelegramError> {
    let name = format!("backlog:{}", hub.id);
    let episode = store::state_value(&state.db, &name).await?;
    let alerting = episode % 2 == 1;
    if !alerting && hub.sync_lag_ms >= BACKLOG_LAG_MS {
        let text = fill(
            t.telegram.alert_backlog,
            &[
                ("branch", branch),
                ("hub", &hub.name),
                ("count", &hub.outbox_depth.to_string()),
                ("minutes", &(hub.sync_lag_ms / MINUTE_MS).to_string()),
            ],
        );
        let key = format!("backlog:{}:{}", hub.id, episode + 1);
        // Queued before the episode is counted: a stop in between queues
        // the same key again, which adds nothing.
        store::enqueue(&state.db, &key, Some(&link.owner_id), link.chat_id, &text, None).await?;
        store::put_state(&state.db, &name, episode + 1).await?;
    } else if alerting && hub.sync_lag_ms < BACKLOG_LAG_MS / 2 {
        store::put_state(&state.db, &name, episode + 1).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_people_write_them() {
        assert_eq!(change(112, 100), "+12%");
        assert_eq!(change(95, 100), "−5%");
        assert_eq!(change(100, 100), "0%");
        assert_eq!(change(0, 100), "−100%");
        assert_eq!(change(i64::MAX, 1), format!("+{}%", i128::from(i64::MAX - 1) * 100));
    }

    #[test]
    fn a_day_is_tashkent_midnight_to_midnight() {
        let p = day_period(20_000);
        assert_eq!(p.to_ms - p.from_ms, DAY_MS);
        assert_eq!(format::tashkent_day(p.from_ms), 20_000);
        assert_eq!(format::tashkent_day(p.to_ms - 1), 20_000);
        assert_eq!(format::tashkent_day(p.to_ms), 20_001);
    }
}
