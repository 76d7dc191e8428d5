//! Helpers for the cargo cabinet's tests: a courier company made from a
//! registered owner, a client registered through the cabinet's pages and
//! the real SMS, pictures good and bad, the captcha solved as a person
//! would, a photo uploaded as the page's script does.

use std::io::Cursor;

use cloud::cargo::companies::{Company, NewCompany, Slug, create_company};
use cloud::db::Db;

use crate::cloud::{CloudProcess, Owner, Page, Portal, Sms};

/// Registers `owner` through the owner pages and makes its business a
/// courier company with cabinet `slug`.
pub async fn company(
    cloud: &CloudProcess,
    sms: &Sms,
    db: &Db,
    owner: &Owner,
    slug: &str,
    name: &str,
) -> (Portal, Company) {
    let portal = Portal::new(cloud);
    portal.register(sms, owner).await;
    let business = db.owner_by_phone(&owner.phone).await.unwrap().business_id;
    let new = NewCompany {
        name,
        phone: "+998712000000",
        app_ios_url: "https://apps.apple.com/uz/app/id000000001",
        app_android_url: "",
    };
    let company = create_company(db, &business, &Slug::parse(slug).unwrap(), &new).await.unwrap();
    (portal, company)
}

/// Registers a client of the cabinet at `/cargo/{slug}` through its pages
/// and the real SMS; the device is left signed in.
pub async fn register_client(device: &Portal, sms: &Sms, slug: &str, phone: &str, name: &str, password: &str) {
    let base = format!("/cargo/{slug}");
    let p = device.post(&format!("{base}/register"), &[("phone", phone)]).await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/register/code").as_str()), "step 1: {p:?}");
    let code = sms.last_code(phone).expect("an SMS code");
    let p = device
        .post(
            &format!("{base}/register/code"),
            &[("code", &code), ("full_name", name), ("password", password), ("password_confirm", password)],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some(format!("{base}/profile").as_str()), "step 2: {p:?}");
}

/// The captcha on a page: its token and the right answer, found as a
/// person reads the question.
pub fn captcha(page: &Page) -> (String, String) {
    let token = page.attrs("name=\"captcha_token\" value").into_iter().next().expect("a captcha token");
    let question = page.text_of("data-captcha-question").expect("a captcha question");
    (token, solve(&question))
}

/// "7 + 5 =" → "12".
pub fn solve(question: &str) -> String {
    let sum: u32 = question.trim_end_matches('=').split('+').map(|n| n.trim().parse::<u32>().expect("a number")).sum();
    sum.to_string()
}

/// A PNG of `w`×`h`.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 120]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// Marks hidden in [`jpeg_with_exif`]'s EXIF block.
pub const EXIF_MARK: &str = "GPS-41.311081-69.240562-SECRET";

/// A JPEG whose APP1 segment holds EXIF with [`EXIF_MARK`].
pub fn jpeg_with_exif() -> Vec<u8> {
    let img = image::RgbImage::from_fn(320, 240, |x, y| image::Rgb([(x % 200) as u8, 80, (y % 200) as u8]));
    let mut plain = Vec::new();
    img.write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg).unwrap();
    let mut payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0".to_vec();
    payload.extend_from_slice(EXIF_MARK.as_bytes());
    let len = u16::try_from(payload.len() + 2).unwrap();
    let mut out = plain[..2].to_vec(); // SOI
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A small PNG whose header claims `side`×`side` pixels (its CRC fixed, so
/// only the size gives it away).
pub fn png_claiming(side: u32) -> Vec<u8> {
    let mut bytes = png(8, 8);
    bytes[16..20].copy_from_slice(&side.to_be_bytes());
    bytes[20..24].copy_from_slice(&side.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Uploads a profile photo as the page's script does (multipart, the CSRF
/// token in `X-CSRF-Token`); returns the status and the JSON answer.
pub async fn upload_photo(
    cloud: &CloudProcess,
    device: &Portal,
    slug: &str,
    file_name: &str,
    content_type: &str,
    bytes: &[u8],
) -> (u16, serde_json::Value) {
    let boundary = "----cabinet-test-boundary-7d1f";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let r = device
        .client
        .post(cloud.url(&format!("/cargo/{slug}/profile/photo")))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .header("x-csrf-token", device.csrf().await)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
}

/// The stored photo, fetched as the profile page's `<img>` does.
pub async fn photo(cloud: &CloudProcess, device: &Portal, slug: &str) -> (u16, String, String, Vec<u8>) {
    let r = device.client.get(cloud.url(&format!("/cargo/{slug}/profile/photo"))).send().await.unwrap();
    let h = |k: &str| r.headers().get(k).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let (ct, cc) = (h("content-type"), h("cache-control"));
    (r.status().as_u16(), ct, cc, r.bytes().await.unwrap().to_vec())
}
