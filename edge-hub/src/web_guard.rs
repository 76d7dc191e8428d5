//! What keeps a web page on the LAN from driving the hub's local pages.
//!
//! - **Host**: every request must name the hub by an IP address, `localhost`,
//!   a `.local` or `.localhost` name, or a name in `status.allowed_hosts`.
//!   A page that rebinds its own domain name to the hub's address (DNS
//!   rebinding) still sends its own name, and is refused with 421.
//! - **Origin**: a request that changes something (any method but GET and
//!   HEAD) and says where it comes from (`Origin`, else `Referer`, or
//!   `Sec-Fetch-Site: cross-site`) must come from the hub's own pages: 403
//!   otherwise. Tools that send neither (the admin CLI, curl) are let through
//!   to the next check: the admin API wants its bearer token, the forms a
//!   CSRF token.
//! - **CSRF token**: the hub's forms carry a token only its own pages can
//!   read: an HMAC, under a key made at start, of the form's name and the
//!   minute it was issued, good for [`TOKEN_LIFETIME_MIN`] minutes.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// How long a form's token stays good, in minutes.
pub const TOKEN_LIFETIME_MIN: i64 = 60;

/// The request checks and the form tokens of the local pages.
pub struct Guard {
    key: [u8; 32],
    allowed_hosts: Vec<String>,
}

impl std::fmt::Debug for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard").field("allowed_hosts", &self.allowed_hosts).finish_non_exhaustive()
    }
}

impl Guard {
    /// A guard with a fresh key, admitting `allowed_hosts` besides addresses
    /// and local names.
    ///
    /// # Errors
    /// When the OS gives no randomness.
    pub fn new(allowed_hosts: &[String]) -> std::io::Result<Self> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Self { key, allowed_hosts: allowed_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect() })
    }

    fn mac(&self, form: &str, minute: i64) -> [u8; 32] {
        // A 32-byte key is always accepted.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        mac.update(form.as_bytes());
        mac.update(&minute.to_be_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A token for `form`, issued now.
    #[must_use]
    pub fn token(&self, form: &str) -> String {
        let minute = now_minute();
        format!("{minute:x}.{}", hex::encode(self.mac(form, minute)))
    }

    /// Whether `token` was issued by this hub for `form` within the lifetime.
    #[must_use]
    pub fn check_token(&self, form: &str, token: &str) -> bool {
        let Some((minute, mac)) = token.split_once('.') else { return false };
        let (Ok(minute), Ok(mac)) = (i64::from_str_radix(minute, 16), hex::decode(mac)) else { return false };
        let age = now_minute() - minute;
        if !(0..=TOKEN_LIFETIME_MIN).contains(&age) {
            return false;
        }
        self.mac(form, minute).ct_eq(mac.as_slice()).into()
    }

    /// Whether `host` (a `Host` header: name or address, maybe a port) names this hub.
    #[must_use]
    pub fn host_allowed(&self, host: &str) -> bool {
        let name = host_name(host).to_ascii_lowercase();
        if name.is_empty() {
            return false;
        }
        let name = name.trim_end_matches('.');
        name.parse::<std::net::IpAddr>().is_ok()
            || name == "localhost"
            || name.ends_with(".localhost")
            || name.ends_with(".local")
            || self.allowed_hosts.iter().any(|h| h == name)
    }
}

fn now_minute() -> i64 {
    protocol::Timestamp::now().0.div_euclid(60_000)
}

/// The name or address in a `Host` header or an origin's authority, without
/// the port (an IPv6 address without its brackets).
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split_once(']').map_or("", |(addr, _)| addr);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// The authority (`host[:port]`) of an `Origin` or `Referer` value.
fn authority(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(""))
}

fn refuse(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Why a request was refused before reaching a handler, if it was.
fn check(guard: &Guard, method: &Method, headers: &HeaderMap) -> Option<Response> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !guard.host_allowed(host) {
        return Some(refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "This hub answers only to its address (or localhost, a .local name, or a name in status.allowed_hosts).",
        ));
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    let cross = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|s| s == "cross-site");
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null");
    let foreign = match from {
        Some(url) => authority(url).is_none_or(|a| !a.eq_ignore_ascii_case(host.trim())),
        // `Origin: null` (a sandboxed or opaque origin) is never the hub's own page.
        None => headers.get(header::ORIGIN).is_some(),
    };
    if cross || foreign {
        return Some(refuse(StatusCode::FORBIDDEN, "This form can be sent only from the hub's own pages."));
    }
    None
}

/// The middleware: Host on every request, Origin on every change.
pub async fn middleware(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    if let Some(refused) = check(&guard, request.method(), request.headers()) {
        tracing::info!(
            method = %request.method(),
            path = request.uri().path(),
            status = refused.status().as_u16(),
            "local request refused"
        );
        return refused;
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn guard() -> Guard {
        Guard::new(&["hub.branch.example".to_owned()]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap_or_else(|e| panic!("{e}")));
        }
        h
    }

    #[test]
    fn only_the_hubs_own_names_are_answered() {
        let g = guard();
        for ok in ["192.168.1.10:8081", "127.0.0.1", "[::1]:8081", "localhost:8081", "hub.local", "HUB.branch.example"]
        {
            assert!(g.host_allowed(ok), "{ok}");
        }
        for bad in ["", "evil.example:8081", "192.168.1.10.evil.example", "localhost.evil.example", "[::1"] {
            assert!(!g.host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn changes_from_other_origins_are_refused() {
        let g = guard();
        let post = Method::POST;
        let host = ("host", "192.168.1.10:8081");
        assert!(check(&g, &post, &headers(&[host])).is_none(), "a tool without Origin reaches the token check");
        assert!(check(&g, &post, &headers(&[host, ("origin", "http://192.168.1.10:8081")])).is_none());
        assert!(check(&g, &post, &headers(&[host, ("referer", "http://192.168.1.10:8081/pair")])).is_none());
        for bad in [
            vec![host, ("origin", "http://evil.example")],
            vec![host, ("origin", "http://192.168.1.10:9999")],
            vec![host, ("origin", "null")],
            vec![host, ("referer", "https://evil.example/x")],
            vec![host, ("sec-fetch-site", "cross-site")],
        ] {
            let refused = check(&g, &post, &headers(&bad)).map(|r| r.status());
            assert_eq!(refused, Some(StatusCode::FORBIDDEN), "{bad:?}");
        }
        let rebound = check(&g, &Method::GET, &headers(&[("host", "attacker.example:8081")])).map(|r| r.status());
        assert_eq!(rebound, Some(StatusCode::MISDIRECTED_REQUEST));
        assert!(check(&g, &Method::GET, &headers(&[("origin", "http://evil.example"), host])).is_none(), "reads");
    }

    #[test]
    fn tokens_are_bound_to_the_form_and_the_hub() {
        let g = guard();
        let token = g.token("pair");
        assert!(g.check_token("pair", &token));
        assert!(!g.check_token("other", &token));
        assert!(!guard().check_token("pair", &token), "another key");
        assert!(!g.check_token("pair", ""));
        assert!(!g.check_token("pair", "zz.00"));
        let old = now_minute() - TOKEN_LIFETIME_MIN - 1;
        let expired = format!("{old:x}.{}", hex::encode(g.mac("pair", old)));
        assert!(!g.check_token("pair", &expired));
    }
}
