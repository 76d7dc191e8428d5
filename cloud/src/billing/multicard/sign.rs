//! Multicard's callback signatures (PROVIDERS.md): the success callback's
//! `md5("{store_id}{invoice_id}{amount}{secret}")` and the status
//! webhook's `sha1("{uuid}{invoice_id}{amount}{secret}")`, lower-case hex.

use md5::{Digest as _, Md5};
use sha1::Sha1;
use subtle::ConstantTimeEq as _;

/// The success callback's sign.
#[must_use]
pub fn success_sign(store_id: &str, invoice_id: &str, amount: &str, secret: &str) -> String {
    hex::encode(Md5::digest(format!("{store_id}{invoice_id}{amount}{secret}").as_bytes()))
}

/// The status webhook's sign.
#[must_use]
pub fn webhook_sign(uuid: &str, invoice_id: &str, amount: &str, secret: &str) -> String {
    hex::encode(Sha1::digest(format!("{uuid}{invoice_id}{amount}{secret}").as_bytes()))
}

/// Does `given` (hex, any case) equal `expected`, in constant time?
#[must_use]
pub fn matches(expected: &str, given: &str) -> bool {
    let given = given.trim().to_ascii_lowercase();
    expected.len() == given.len() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // md5("") and sha1("") as published.
        assert_eq!(success_sign("", "", "", ""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(webhook_sign("", "", "", ""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        // md5("abc"), split across the fields.
        assert_eq!(success_sign("a", "b", "c", ""), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn comparison() {
        let s = success_sign("1", "inv", "500", "k");
        assert!(matches(&s, &s.to_uppercase()));
        assert!(!matches(&s, &success_sign("1", "inv", "501", "k")));
        assert!(!matches(&s, ""));
    }
}
