//! Click's parsing, signatures and codes (unit tests of [`super`]).
#![allow(clippy::unwrap_used)] // a test: a failure here is a failed test

use super::*;
use crate::settings::Secret;

fn settings() -> ClickSettings {
    ClickSettings {
        service_id: "101".into(),
        merchant_id: "202".into(),
        merchant_user_id: "303".into(),
        secret_key: Secret::new("s3cr3t"),
        ..ClickSettings::default()
    }
}

fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        s.append_pair(k, v);
    }
    s.finish().into_bytes()
}

const INVOICE: &str = "0193a5b2-0000-7000-8000-000000000001";

fn prepare_fields(sign_string: &str) -> Vec<(&'static str, String)> {
    vec![
        ("click_trans_id", "5001".into()),
        ("service_id", "101".into()),
        ("click_paydoc_id", "7001".into()),
        ("merchant_trans_id", INVOICE.into()),
        ("amount", "299000".into()),
        ("action", "0".into()),
        ("error", "0".into()),
        ("error_note", "Success".into()),
        ("sign_time", "2026-12-03 21:00:00".into()),
        ("sign_string", sign_string.into()),
    ]
}

fn body(fields: &[(&'static str, String)]) -> Vec<u8> {
    form(&fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}

#[test]
fn md5_matches_a_known_answer() {
    // Computed independently: `printf %s "5001101s3cr3t{INVOICE}2990000{sign_time}" | md5sum`.
    assert_eq!(sign(&[""]), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(
        sign(&["5001", "101", "s3cr3t", INVOICE, "299000", "0", "2026-12-03 21:00:00"]),
        "d818123c010b367bfd3a583480cc7990"
    );
}

#[test]
fn prepare_parses_when_signed_over_the_raw_strings() {
    let good = sign(&["5001", "101", "s3cr3t", INVOICE, "299000", "0", "2026-12-03 21:00:00"]);
    let call = parse(&body(&prepare_fields(&good)), Action::Prepare, &settings()).unwrap();
    assert_eq!(call.click_trans_id, 5001);
    assert_eq!(call.amount, Some(29_900_000));
    assert_eq!(call.amount_text, "299000");
    // Upper-case hex is the same signature.
    assert!(parse(&body(&prepare_fields(&good.to_uppercase())), Action::Prepare, &settings()).is_ok());
    // The same amount written differently is a different signature.
    let mut other = prepare_fields(&good);
    other[4].1 = "299000.00".into();
    assert_eq!(parse(&body(&other), Action::Prepare, &settings()).unwrap_err(), ClickCode::SignCheckFailed);
}

#[test]
fn refusals_follow_click_s_table() {
    let s = settings();
    let good = sign(&["5001", "101", "s3cr3t", INVOICE, "299000", "0", "2026-12-03 21:00:00"]);
    assert_eq!(parse(b"", Action::Prepare, &s).unwrap_err(), ClickCode::BadRequest);
    assert_eq!(parse(b"\xff\xfe=%%", Action::Prepare, &s).unwrap_err(), ClickCode::BadRequest);
    // Missing field.
    let mut f = prepare_fields(&good);
    f.retain(|(k, _)| *k != "click_paydoc_id");
    assert_eq!(parse(&body(&f), Action::Prepare, &s).unwrap_err(), ClickCode::BadRequest);
    // A field twice.
    let mut f = prepare_fields(&good);
    f.push(("amount", "1".into()));
    assert_eq!(parse(&body(&f), Action::Prepare, &s).unwrap_err(), ClickCode::BadRequest);
    // Wrong signature.
    assert_eq!(
        parse(&body(&prepare_fields(&"0".repeat(32))), Action::Prepare, &s).unwrap_err(),
        ClickCode::SignCheckFailed
    );
    // Prepare's fields signed correctly, sent to Complete (no prepare id).
    assert_eq!(parse(&body(&prepare_fields(&good)), Action::Complete, &s).unwrap_err(), ClickCode::BadRequest);
    // Action of the other endpoint, correctly signed.
    let mut f = prepare_fields("");
    f[5].1 = "1".into();
    f[9].1 = sign(&["5001", "101", "s3cr3t", INVOICE, "299000", "1", "2026-12-03 21:00:00"]);
    assert_eq!(parse(&body(&f), Action::Prepare, &s).unwrap_err(), ClickCode::ActionNotFound);
    // Another service, correctly signed.
    let mut f = prepare_fields("");
    f[1].1 = "999".into();
    f[9].1 = sign(&["5001", "999", "s3cr3t", INVOICE, "299000", "0", "2026-12-03 21:00:00"]);
    assert_eq!(parse(&body(&f), Action::Prepare, &s).unwrap_err(), ClickCode::BadRequest);
    // A malformed sign_time, correctly signed.
    let mut f = prepare_fields("");
    f[8].1 = "03.12.2026".into();
    f[9].1 = sign(&["5001", "101", "s3cr3t", INVOICE, "299000", "0", "03.12.2026"]);
    assert_eq!(parse(&body(&f), Action::Prepare, &s).unwrap_err(), ClickCode::BadRequest);
    // Not configured: nothing verifies, even an empty secret's signature.
    let off = ClickSettings::default();
    let f = prepare_fields(&sign(&["5001", "101", "", INVOICE, "299000", "0", "2026-12-03 21:00:00"]));
    assert_eq!(parse(&body(&f), Action::Prepare, &off).unwrap_err(), ClickCode::BadRequest);
}

#[test]
fn codes_are_click_s() {
    let codes: Vec<i64> = ClickCode::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(codes, vec![0, -1, -2, -3, -4, -5, -6, -7, -8, -9]);
    for c in ClickCode::ALL {
        assert_eq!(ClickCode::from_code(c.code()), Some(c));
    }
    assert!(is_sign_time("2026-12-03 21:00:00"));
    assert!(!is_sign_time("2026-12-03T21:00:00"));
}
