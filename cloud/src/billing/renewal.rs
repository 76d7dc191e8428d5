//! Auto-renewal (being built).

use tokio::sync::watch;

use crate::http::AppState;

/// Charges saved cards before the end date until `stop` turns true.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let _ = state;
    let _ = stop.wait_for(|s| *s).await;
}
