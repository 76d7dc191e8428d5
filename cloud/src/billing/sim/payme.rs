//! The payme simulator (being built).

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::settings::Settings;

/// Serves the simulator on `listener` until `shutdown` completes.
///
/// # Errors
/// I/O.
pub async fn serve(
    listener: TcpListener,
    settings: Arc<Settings>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let _ = (listener, settings, shutdown);
    Err(std::io::Error::other("the payme simulator is not built yet"))
}
