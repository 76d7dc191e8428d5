//! The HTTP application: shared state, the router, and `run` (plain HTTP or
//! rustls HTTPS) with graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, MatchedPath, Request};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;
use tracing::{Instrument as _, info, info_span, warn};

use crate::accounts::Accounts;
use crate::db::Db;
use crate::error::AppError;
use crate::metrics::Metrics;
use crate::routes;
use crate::settings::Settings;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Storage.
    pub db: Db,
    /// Account flows.
    pub accounts: Accounts,
    /// Settings in force.
    pub settings: Arc<Settings>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Seals secrets kept at rest.
    pub vault: Arc<crate::vault::Vault>,
    /// Bumped whenever this process changes some branch's config, to wake
    /// the hubs' watch calls at once (other processes are heard by polling).
    pub config_changes: Arc<tokio::sync::watch::Sender<u64>>,
}

impl AppState {
    /// Wakes every waiting watch call: some branch's config changed.
    pub fn config_changed(&self) {
        self.config_changes.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// Every route.
pub fn router(state: AppState) -> Router {
    let sync_limit = state.settings.max_sync_body;
    Router::new()
        .merge(routes::auth::routes())
        .merge(routes::portal::routes())
        .merge(routes::payments::routes())
        .merge(routes::branches::routes())
        .merge(routes::ops::routes())
        .layer(DefaultBodyLimit::max(64 * 1024))
        .merge(routes::api::routes().layer(DefaultBodyLimit::max(sync_limit)))
        .layer(middleware::from_fn_with_state(state.clone(), ui_layer))
        .layer(middleware::from_fn(same_origin_posts))
        .layer(middleware::from_fn(security_headers))
        // Pages, CSS and JS travel gzipped to browsers that ask (sync
        // bodies are postcard and are left alone: the hub does not ask).
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .layer(middleware::from_fn(request_span))
        .with_state(state)
}

/// Form posts must come from our own pages: a cross-site `Origin` is refused
/// (before the CSRF token is even looked at, see [`ui_layer`]). API calls
/// carry a bearer credential, not cookies, and are exempt.
async fn same_origin_posts(req: Request, next: Next) -> Response {
    if req.method() == Method::POST && !req.uri().path().starts_with("/api/") {
        let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
        if let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let origin_host = origin.split("://").nth(1).unwrap_or("");
            if origin == "null" || origin_host != host {
                warn!(origin, host, "cross-site form post refused");
                return AppError::Forbidden.into_response();
            }
        }
    }
    next.run(req).await
}

/// Largest form body the UI layer reads to check its CSRF token.
const FORM_LIMIT: usize = 64 * 1024;

/// The portal's UI layer, on every page and form:
/// - the language: the `lang` cookie (set by the switcher, and at sign-in
///   from the owner's saved choice), else `Accept-Language`, else Uzbek;
/// - CSRF: every browser holds a random `csrf` cookie (HttpOnly) and every
///   form carries the same value in its `csrf` field; a form post whose
///   field does not match is refused (403) and reaches no handler. API calls
///   (`/api/…`, bearer-authenticated, no cookies) are exempt;
/// - error pages, rendered in the asker's language.
async fn ui_layer(axum::extract::State(state): axum::extract::State<AppState>, req: Request, next: Next) -> Response {
    use crate::routes::{CSRF_COOKIE, LANG_COOKIE, Ui, YEAR_S, cookie, set_cookie, with_cookie};
    use web::i18n::Lang;
    let path = req.uri().path().to_owned();
    if path.starts_with("/api/") || path.starts_with("/static/") || path == "/healthz" || path == "/metrics" {
        return next.run(req).await;
    }
    let lang = cookie(req.headers(), LANG_COOKIE).and_then(|c| Lang::parse(&c)).unwrap_or_else(|| {
        Lang::from_accept_language(
            req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or(""),
        )
    });
    let held = cookie(req.headers(), CSRF_COOKIE).filter(|t| crate::secrets::looks_like_token(t));
    let (csrf, fresh) = match held {
        Some(t) => (t, false),
        None => match crate::secrets::new_token() {
            Ok(t) => (t, true),
            Err(e) => return AppError::Internal(e.to_string()).into_response(),
        },
    };
    // A browser without a token gets one (a year; not a credential on its own).
    let token_cookie = fresh.then(|| set_cookie(CSRF_COOKIE, &csrf, YEAR_S, state.settings.cookies_secure()));
    let give_token = |res: Response| match &token_cookie {
        Some(c) => with_cookie(res, c),
        None => res,
    };
    let mut req = req;
    if req.method() == Method::POST {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            return crate::error::ErrorPage::Refused("too_large", Vec::new())
                .response(axum::http::StatusCode::PAYLOAD_TOO_LARGE);
        };
        let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
        let matches = !fresh && sent.is_some_and(|s| crate::secrets::same(&s, &csrf));
        if !matches {
            warn!(http.path = path, "form post without a valid CSRF token refused");
            let res = render_error(
                &crate::error::ErrorPage::Forbidden,
                axum::http::StatusCode::FORBIDDEN,
                lang,
                &csrf,
                &path,
            );
            return give_token(res);
        }
        req = Request::from_parts(parts, axum::body::Body::from(bytes));
    }
    req.extensions_mut().insert(Ui { lang, csrf: csrf.clone(), path: path.clone() });
    let mut res = next.run(req).await;
    if let Some(error) = res.extensions().get::<crate::error::ErrorPage>().cloned() {
        let mut page = render_error(&error, res.status(), lang, &csrf, &path);
        for v in res.headers().get_all(header::SET_COOKIE) {
            page.headers_mut().append(header::SET_COOKIE, v.clone());
        }
        res = page;
    }
    give_token(res)
}

fn render_error(
    error: &crate::error::ErrorPage,
    status: axum::http::StatusCode,
    lang: web::i18n::Lang,
    csrf: &str,
    path: &str,
) -> Response {
    use web::Template as _;
    let (title, text) = error.texts(lang);
    let page = web::pages::MessagePage { c: web::pages::Chrome::new(lang, csrf, path, None), title, text };
    match page.render() {
        Ok(body) => (status, axum::response::Html(body)).into_response(),
        Err(_) => (status, text_plain(error, lang)).into_response(),
    }
}

fn text_plain(error: &crate::error::ErrorPage, lang: web::i18n::Lang) -> String {
    error.texts(lang).1
}

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// One span per request, named by the matched route, not the raw path.
async fn request_span(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let span =
        info_span!("request", http.method = %req.method(), http.route = route, http.status = tracing::field::Empty);
    async move {
        let res = next.run(req).await;
        tracing::Span::current().record("http.status", res.status().as_u16());
        res
    }
    .instrument(span)
    .await
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests
/// in flight finish (at most 10 s). With `tls` it speaks HTTPS (rustls).
///
/// # Errors
/// I/O errors of the listener.
pub async fn run(
    listener: TcpListener,
    app: Router,
    tls: Option<Arc<rustls::ServerConfig>>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    match tls {
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let serve = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
                .with_graceful_shutdown(async move {
                    shutdown.await;
                    let _ = tx.send(());
                });
            let mut serve = std::pin::pin!(serve.into_future());
            tokio::select! {
                r = &mut serve => r,
                _ = rx => {
                    match tokio::time::timeout(Duration::from_secs(10), serve).await {
                        Ok(r) => r,
                        Err(_) => { warn!("requests still running after 10 s; stopping anyway"); Ok(()) }
                    }
                }
            }
        }
        Some(config) => serve_tls(listener, app, config, shutdown).await,
    }
}

async fn serve_tls(
    listener: TcpListener,
    app: Router,
    config: Arc<rustls::ServerConfig>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let acceptor = tokio_rustls::TlsAcceptor::from(config);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => { warn!(error = %e, "accept failed"); continue; }
            },
            () = &mut shutdown => break,
        };
        let acceptor = acceptor.clone();
        let app = app.clone().layer(axum::Extension(ConnectInfo(peer)));
        let watcher = graceful.watcher();
        tokio::spawn(async move {
            let tls = match tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => {
                    info!(client.addr = %peer, error = %e, "TLS handshake failed");
                    return;
                }
                Err(_) => return,
            };
            let service = hyper_util::service::TowerToHyperService::new(app);
            let conn =
                hyper::server::conn::http1::Builder::new().serve_connection(hyper_util::rt::TokioIo::new(tls), service);
            if let Err(e) = watcher.watch(conn).await {
                info!(client.addr = %peer, error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await.is_err() {
        warn!("connections still open after 10 s; stopping anyway");
    }
    Ok(())
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
