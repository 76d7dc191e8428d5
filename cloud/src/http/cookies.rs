//! Cookie name prefixes, outside development mode.
//!
//! Every cookie the cloud sets is `Secure` there, and the browser is told so
//! by its name: `__Host-` for a cookie on `Path=/` without `Domain` (the
//! browser then refuses it from plain HTTP, from a sibling subdomain and with
//! any other path), `__Secure-` for the cabinet's, the administrator's and
//! the sign-in page's path-scoped cookies. Handlers keep the plain names:
//! [`outbound`] renames what they set, [`inbound`] gives them back the
//! prefixed cookies under their plain names and drops every unprefixed one,
//! so a cookie planted over plain HTTP or by a neighbouring subdomain (a
//! session fixation) never reaches a handler.

use axum::http::{HeaderMap, HeaderValue, header};

const HOST: &str = "__Host-";
const SECURE: &str = "__Secure-";

/// The request's `Cookie` header with only prefixed cookies, under their
/// plain names.
pub fn inbound(headers: &mut HeaderMap) {
    let kept: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            let plain = name.strip_prefix(HOST).or_else(|| name.strip_prefix(SECURE))?;
            Some(format!("{plain}={value}"))
        })
        .collect();
    headers.remove(header::COOKIE);
    if let Ok(v) = HeaderValue::from_str(&kept.join("; "))
        && !kept.is_empty()
    {
        headers.insert(header::COOKIE, v);
    }
}

/// Every `Set-Cookie` of the response under its prefixed name.
pub fn outbound(headers: &mut HeaderMap) {
    let set: Vec<HeaderValue> = headers.get_all(header::SET_COOKIE).iter().map(prefixed).collect();
    headers.remove(header::SET_COOKIE);
    for v in set {
        headers.append(header::SET_COOKIE, v);
    }
}

fn prefixed(value: &HeaderValue) -> HeaderValue {
    let Ok(text) = value.to_str() else { return value.clone() };
    let (mut secure, mut root, mut domain) = (false, false, false);
    for a in text.split(';').skip(1).map(str::trim) {
        let lower = a.to_ascii_lowercase();
        secure |= lower == "secure";
        root |= a == "Path=/";
        domain |= lower.starts_with("domain=");
    }
    if !secure || text.starts_with(HOST) || text.starts_with(SECURE) {
        // Without `Secure` a browser refuses a prefixed name; such a cookie
        // is dropped again on the way in, so a handler that forgot `Secure`
        // fails in every test instead of weakening a cookie.
        return value.clone();
    }
    let prefix = if root && !domain { HOST } else { SECURE };
    HeaderValue::from_str(&format!("{prefix}{text}")).unwrap_or_else(|_| value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::SET_COOKIE, HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")));
        }
        h
    }

    #[test]
    fn names_carry_the_prefix_their_scope_allows() {
        let mut h = set(&[
            "sid=a; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure",
            "csid=b; Path=/cargo/tez; HttpOnly; SameSite=Lax; Max-Age=60; Secure",
            "pos_admin=c; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=60; Secure",
            "lang=uz; Path=/; Max-Age=60",
        ]);
        outbound(&mut h);
        let got: Vec<&str> = h.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
        assert_eq!(
            got,
            [
                "__Host-sid=a; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure",
                "__Secure-csid=b; Path=/cargo/tez; HttpOnly; SameSite=Lax; Max-Age=60; Secure",
                "__Secure-pos_admin=c; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=60; Secure",
                "lang=uz; Path=/; Max-Age=60",
            ]
        );
    }

    #[test]
    fn handlers_see_only_prefixed_cookies_under_plain_names() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("sid=planted; __Host-sid=real; lang=ru"));
        h.append(header::COOKIE, HeaderValue::from_static("__Secure-csid=c; junk"));
        inbound(&mut h);
        assert_eq!(h.get_all(header::COOKIE).iter().collect::<Vec<_>>(), ["sid=real; csid=c"]);
        let mut none = HeaderMap::new();
        none.insert(header::COOKIE, HeaderValue::from_static("sid=planted"));
        inbound(&mut none);
        assert!(none.get(header::COOKIE).is_none());
    }
}
