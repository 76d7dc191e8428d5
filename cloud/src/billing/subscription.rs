//! Subscription (P10): the tariff in force, its end, the limits in use, and
//! the tariffs on offer.

use axum::extract::State;
use axum::response::Response;
use web::format::{self, money, tashkent};
use web::i18n::fill;
use web::pages::*;

use super::lifecycle::Status;
use crate::db::now_ms;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::portal::Viewing;

/// Whole days left until `ends_at`, counting a started day.
fn days_left(ends_at: i64, now: i64) -> i64 {
    ((ends_at - now).max(0) + format::DAY_MS - 1) / format::DAY_MS
}

pub(super) async fn subscription(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let business = &v.owner.business_id;
    let (sub, tariffs, auto_renew) =
        tokio::try_join!(state.db.subscription(business), state.db.tariffs(), state.db.auto_renew(business))?;
    let now = now_ms();
    let status_code = sub.status(now);
    let status = match status_code {
        Status::Trial => t.billing.sub_trial,
        Status::Active => t.billing.sub_active,
        Status::Expired => t.billing.sub_expired,
        Status::Suspended => t.billing.sub_suspended,
    };
    let terminals: i64 = v.branches.iter().map(|b| b.active_terminals).sum();
    page(&SubscriptionPage {
        c: v.chrome(),
        tariff: sub.tariff_name.clone(),
        ends: tashkent(sub.ends_at()),
        days_left: days_left(sub.ends_at(), now).to_string(),
        status: status.to_owned(),
        status_code: status_code.code().to_owned(),
        auto_renew,
        branches: fill(
            t.branches.branches_usage,
            &[("used", &v.branches.len().to_string()), ("max", &sub.max_branches.to_string())],
        ),
        terminals: fill(
            t.branches.terminals_usage,
            &[("used", &terminals.to_string()), ("max", &sub.max_terminals.to_string())],
        ),
        tariffs: tariffs
            .iter()
            .map(|x| TariffCard {
                name: x.name.clone(),
                monthly: fill(t.billing.sub_month, &[("price", &money(x.price_monthly))]),
                yearly: fill(t.billing.sub_year, &[("price", &money(x.price_yearly))]),
                branches: fill(t.billing.sub_max_branches, &[("n", &x.max_branches.to_string())]),
                terminals: fill(t.billing.sub_max_terminals, &[("n", &x.max_terminals.to_string())]),
                current: x.code == sub.tariff_code,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_counts_a_started_day() {
        assert_eq!(days_left(1_000, 2_000), 0);
        assert_eq!(days_left(format::DAY_MS, 0), 1);
        assert_eq!(days_left(format::DAY_MS + 1, 0), 2);
    }
}
