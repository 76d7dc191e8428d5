//! Public tracking (C12) at `/track`, on SQLite and PostgreSQL, through a
//! real cloud whose history comes from real desks on real hubs:
//! - the form asks a server-side captcha; a wrong answer, a forged token and
//!   a token tried twice are refused, each with its message, and show a new
//!   question;
//! - a malformed barcode (wrong length, letters, a bad check digit) and an
//!   unknown one are told apart, in the asker's language;
//! - a known barcode shows its status, its offices and its history in scan
//!   order, and never a name, a phone number or an address;
//! - tries are limited per address: past the limit, 429 with a message.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test: a failure here is a failed test

use std::time::Duration;

use protocol::{Barcode, ScanKind, Timestamp};
use tests::cargo::{CargoWorld, DISTRICT_B, online_shipment};
use tests::cargo_cabinet::captcha;
use tests::cloud::{DbKind, Page, Portal};
use tests::on_both_databases;

const MINUTE: i64 = 60_000;
const ACKED: Duration = Duration::from_secs(30);

/// Posts the tracking form with `barcode` and the captcha of `page`
/// answered (`right`) or not.
async fn track(device: &Portal, page: &Page, barcode: &str, right: bool) -> Page {
    let (token, answer) = captcha(page);
    let answer = if right { answer } else { (answer.parse::<u32>().unwrap() + 1).to_string() };
    device.post("/track", &[("barcode", barcode), ("captcha_token", &token), ("captcha_answer", &answer)]).await
}

fn refused(p: &Page, status: u16, code: &str) {
    assert_eq!((p.status, p.error_code().as_deref()), (status, Some(code)), "{p:?}");
    assert!(p.body.contains("data-captcha-question"), "a new question comes with the refusal");
    assert!(p.attrs("data-track-result").is_empty(), "nothing shown");
}

async fn tracking(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(world) = CargoWorld::new(kind, dir.path()).await else { return };
    let db = world.stack.db.clone();
    let b = world.b.branch.to_string();
    let now = Timestamp::now().0;

    // A shipment accepted at office A (Toshkent), sent on, arrived at B (Urganch).
    let parcel =
        online_shipment(&db, &world.business, 60_000_000_001, Some(&b), DISTRICT_B, now - 3 * 60 * MINUTE).await;
    let mut desk_a = CargoWorld::desk(&world.stack.hub);
    let mut desk_b = CargoWorld::desk(&world.b.hub);
    let t = now - 2 * 60 * MINUTE;
    desk_a.set_clock(Timestamp(t));
    desk_a.accept_online(&parcel, None).await.unwrap();
    desk_a.set_clock(Timestamp(t + 10 * MINUTE));
    desk_a.scan(&parcel, ScanKind::Dispatched, None, "").await.unwrap();
    desk_a.acked(ACKED).await.unwrap();
    desk_b.set_clock(Timestamp(t + 90 * MINUTE));
    desk_b.scan(&parcel, ScanKind::Arrived, None, "").await.unwrap();
    desk_b.acked(ACKED).await.unwrap();
    world.drained().await;

    let visitor = Portal::new(&world.stack.cloud);
    // The label's QR code opens the form with the barcode filled in.
    let form = visitor.get(&format!("/track?barcode={parcel}")).await;
    assert_eq!(form.status, 200, "{form:?}");
    assert!(form.body.contains(&format!("name=\"barcode\" value=\"{parcel}\"")), "{}", form.body);
    assert!(form.text_of("data-captcha-question").is_some_and(|q| q.ends_with('=')));

    // The captcha: wrong, forged, then tried a second time.
    let p = track(&visitor, &form, parcel.as_str(), false).await;
    refused(&p, 400, "captcha_wrong");
    assert!(p.body.contains(&format!("value=\"{parcel}\"")), "the barcode is kept");
    let forged = visitor
        .post("/track", &[("barcode", parcel.as_str()), ("captcha_token", "abc.1.def"), ("captcha_answer", "3")])
        .await;
    refused(&forged, 400, "captcha_wrong");
    let p = track(&visitor, &form, parcel.as_str(), true).await;
    refused(&p, 400, "captcha_used");

    // Malformed barcodes, each with a fresh right answer.
    let mut last = p;
    let check = parcel.as_str().chars().last().unwrap().to_digit(10).unwrap();
    let wrong_check = format!("{}{}", &parcel.as_str()[..11], (check + 1) % 10);
    for bad in ["12345", "ABCDEFGHIJKL", wrong_check.as_str()] {
        let p = track(&visitor, &last, bad, true).await;
        refused(&p, 400, "bad_barcode");
        assert!(p.shows("Shtrix-kod 12 ta raqamdan iborat"), "{}", p.body);
        last = p;
    }
    // A well-formed barcode nobody was given.
    let unknown = Barcode::from_serial(69_999_999_999).unwrap();
    let p = track(&visitor, &last, unknown.as_str(), true).await;
    refused(&p, 404, "not_found");
    assert!(p.shows("Bunday shtrix-kodli jo'natma topilmadi"));

    // Found: the status, the offices, the history in scan order; nobody's
    // name, phone or address.
    let p = track(&visitor, &p, &format!(" {} ", parcel.as_str()), true).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert_eq!(p.attrs("data-track-result"), vec![parcel.to_string()]);
    assert_eq!(p.attrs("data-status")[0], "at_destination");
    assert_eq!(p.attrs("data-event"), ["created", "accepted", "in_transit", "at_destination"]);
    // The offices by their codes (the office that accepted it becomes its first).
    assert_eq!(p.text_of("data-from-office").as_deref(), Some("TOSHKENT"), "{}", p.body);
    assert_eq!(p.text_of("data-to-office").as_deref(), Some("URGANCH"), "{}", p.body);
    assert!(p.shows("Tez Kargo"), "the company's name");
    for private in [
        "Aziz Karimov",
        "Olim Rahimov",
        "+998901112233",
        "901112233",
        "+998914445566",
        "914445566",
        "Bektemir 1",
        "Al-Xorazmiy",
    ] {
        assert!(!p.body.contains(private), "{private} must not be shown");
    }

    // In Russian: the refusal reads in Russian.
    let russian = Portal::new(&world.stack.cloud);
    let form = russian.get_with("/track", &[("accept-language", "ru-RU,ru;q=0.9")]).await;
    assert!(form.shows("Штрих-код"), "the form in the browser's language");
    russian.post("/lang", &[("lang", "ru"), ("back", "/track")]).await;
    let form = russian.get("/track").await;
    let p = track(&russian, &form, "12345", true).await;
    refused(&p, 400, "bad_barcode");
    assert!(p.shows("Штрих-код состоит из 12 цифр"), "{}", p.body);

    // Tries are limited per address: everything above counts, and past the
    // limit even a right answer is refused.
    let mut page = p;
    let mut tries = 0;
    loop {
        let p = track(&visitor, &page, parcel.as_str(), true).await;
        if p.status == 429 {
            refused(&p, 429, "captcha_limit");
            break;
        }
        assert_eq!(p.status, 200, "{p:?}");
        tries += 1;
        assert!(tries <= cloud::captcha::TRIES_PER_ADDR, "no limit after {tries} more tries");
        page = visitor.get("/track").await;
    }
    assert!(tries < cloud::captcha::TRIES_PER_ADDR, "the refused tries above counted too");
}
on_both_databases!(tracking);
