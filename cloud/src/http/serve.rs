//! Serving: plain HTTP or rustls HTTPS over one accept loop, with a cap on
//! open connections, a deadline for request headers (which is also how long
//! an idle kept-alive connection stays open), and graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::ServiceExt as _;
use tracing::{info, warn};

/// What one connection may cost the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HttpLimits {
    /// Connections open at once; the next ones wait in the listen backlog.
    pub max_open_connections: usize,
    /// A request's headers must arrive within this long, seconds; it is also
    /// how long an idle kept-alive connection stays open.
    pub header_timeout_s: u64,
    /// A request body may pause this long between two pieces, seconds.
    pub body_idle_timeout_s: u64,
    /// A request body must have arrived whole within this long, seconds.
    pub body_timeout_s: u64,
    /// The TLS handshake must end within this long, seconds.
    pub tls_handshake_timeout_s: u64,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            max_open_connections: 4096,
            header_timeout_s: 20,
            body_idle_timeout_s: 20,
            body_timeout_s: 300,
            tls_handshake_timeout_s: 10,
        }
    }
}

/// Largest request head (request line and headers) read, bytes.
const MAX_HEAD: usize = 64 * 1024;

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests
/// in flight finish (at most 10 s). With `tls` it speaks HTTPS (rustls).
///
/// # Errors
/// I/O errors of the listener.
pub async fn run(
    listener: TcpListener,
    app: Router,
    tls: Option<Arc<rustls::ServerConfig>>,
    limits: HttpLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_open_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A free slot first: past the cap, connections wait in the backlog.
        let slot = tokio::select! {
            s = Arc::clone(&slots).acquire_owned() => match s {
                Ok(s) => s,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (tcp, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    warn!(error = %e, "accept failed");
                    // Out of file descriptors and the like: do not spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = tcp.set_nodelay(true);
        let app = app.clone();
        let acceptor = acceptor.clone();
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let _slot = slot;
            match acceptor {
                None => serve_connection(tcp, app, peer, limits, watcher).await,
                Some(acceptor) => {
                    let handshake = Duration::from_secs(limits.tls_handshake_timeout_s);
                    match tokio::time::timeout(handshake, acceptor.accept(tcp)).await {
                        Ok(Ok(stream)) => serve_connection(stream, app, peer, limits, watcher).await,
                        Ok(Err(e)) => info!(client.addr = %peer, error = %e, "TLS handshake failed"),
                        Err(_) => info!(client.addr = %peer, "TLS handshake timed out"),
                    }
                }
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await.is_err() {
        warn!("connections still open after 10 s; stopping anyway");
    }
    Ok(())
}

/// One HTTP/1.1 connection: the peer's address reaches handlers as
/// `ConnectInfo`; a request whose head does not arrive in time (or an idle
/// connection past that time) is closed.
async fn serve_connection<IO>(
    io: IO,
    app: Router,
    peer: SocketAddr,
    limits: HttpLimits,
    watcher: hyper_util::server::graceful::Watcher,
) where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(req.map(axum::body::Body::new))
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(limits.header_timeout_s.max(1)))
        .max_buf_size(MAX_HEAD);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    if let Err(e) = watcher.watch(conn).await {
        info!(client.addr = %peer, error = %e, "connection ended with an error");
    }
}

/// A rustls server config from PEM files.
///
/// # Errors
/// Unreadable or invalid files.
pub fn tls_config(cert: &std::path::Path, key: &std::path::Path) -> std::io::Result<Arc<rustls::ServerConfig>> {
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |what: &std::path::Path, e: &dyn std::fmt::Display| {
        std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {e}", what.display()))
    };
    let certs = CertificateDer::pem_file_iter(cert)
        .map_err(|e| bad(cert, &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(cert, &e))?;
    let key_der = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, &e))?;
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key_der)
        .map_err(|e| bad(key, &e))?;
    Ok(Arc::new(config))
}
