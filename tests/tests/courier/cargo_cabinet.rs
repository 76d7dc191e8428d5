//! The cargo cabinet's frame, profile, captcha and appeals (issue #14:
//! C1, C13), on SQLite and PostgreSQL, through the real pages, the real SMS
//! simulator and a real cloud process.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use tests::cargo_cabinet::{
    EXIF_MARK, captcha, company, jpeg_with_exif, photo, png, png_claiming, register_client, upload_photo,
};
use tests::cloud::{CloudProcess, DbKind, Owner, Page, Portal, Sms, TestDb};
use tests::on_both_databases;

async fn cloud(kind: DbKind, dir: &std::path::Path) -> Option<(Sms, CloudProcess, cloud::db::Db)> {
    let db = TestDb::new(kind, dir).await?;
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.join("cloud"), &db, &sms);
    cloud.start().await;
    let pool = db.open().await;
    Some((sms, cloud, pool))
}

fn refused(p: &Page, status: u16, code: &str) {
    assert_eq!(p.status, status, "{code}: {p:?}");
    assert_eq!(p.error_code().as_deref(), Some(code), "{p:?}");
    assert!(p.body.contains("role=\"alert\""), "a visible message");
}

/// Registration, sign-in, the same phone at two companies, one company's
/// client shut out of the other's cabinet, the profile and its photo.
async fn clients_and_profile(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };
    let (_, tez) = company(&cloud, &sms, &db, &Owner::numbered(8101), "tez", "Tez Pochta").await;
    let (_, uzk) = company(&cloud, &sms, &db, &Owner::numbered(8102), "uzk", "Uz Kargo").await;
    assert_eq!(uzk.slug, "uzk");
    assert_eq!(tez.base(), "/cargo/tez");

    // Anyone is sent to sign in; an unknown cabinet is 404.
    let anon = Portal::new(&cloud);
    assert_eq!(anon.get("/cargo/tez/profile").await.location.as_deref(), Some("/cargo/tez/login"));
    assert_eq!(anon.get("/cargo/nope/login").await.status, 404);
    let login = anon.get("/cargo/tez/login").await;
    assert_eq!(login.status, 200);
    assert!(login.shows("Tez Pochta") && login.shows("Kabinetga kirish"), "{login:?}");

    // Registration: a bad phone, then the SMS code (wrong, then right).
    let phone = "+998935550101";
    let alice = Portal::new(&cloud);
    refused(&alice.post("/cargo/tez/register", &[("phone", "12345")]).await, 400, "bad_phone");
    let p = alice.post("/cargo/tez/register", &[("phone", "+998 93 555 01 01")]).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/register/code"), "{p:?}");
    assert!(p.set_cookies.iter().any(|c| c.starts_with("__Secure-creg=") && c.contains("Path=/cargo/tez")), "{p:?}");
    let sent = sms.sim.messages().last().unwrap().message.clone();
    assert!(sent.starts_with("Tez Pochta: ro'yxatdan o'tish kodi"), "the company names itself: {sent}");
    let code = sms.last_code(phone).unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let details = |code: &str, name: &str| {
        vec![
            ("code", code.to_owned()),
            ("full_name", name.to_owned()),
            ("password", "yashirin-parol-1".to_owned()),
            ("password_confirm", "yashirin-parol-1".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let alice = &alice;
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            alice.post("/cargo/tez/register/code", &f).await
        }
    };
    refused(&post(details(wrong, "Alisa Karimova")).await, 400, "code_wrong");
    refused(&post(details(&code, "  ")).await, 400, "full_name");
    let p = post(details(&code, "Alisa Karimova")).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/profile"), "{p:?}");
    let session = p.set_cookies.iter().find(|c| c.starts_with("__Secure-csid=")).expect("a session cookie");
    assert!(session.contains("Path=/cargo/tez") && session.contains("HttpOnly"), "{session}");

    // The profile: name, login, balance, barcode (12 digits, check digit),
    // the iOS app's QR code (Android's link is empty: no code).
    let profile = alice.get("/cargo/tez/profile").await;
    assert_eq!(profile.status, 200, "{profile:?}");
    assert_eq!(profile.text_of("data-full-name").as_deref(), Some("Alisa Karimova"));
    assert_eq!(profile.text_of("data-login").as_deref(), Some(phone));
    assert!(profile.text_of("data-balance").unwrap().starts_with('0'), "{:?}", profile.text_of("data-balance"));
    let barcode = profile.attrs("data-barcode").pop().unwrap();
    assert!(protocol::Barcode::parse(&barcode).is_ok(), "{barcode}");
    assert_eq!(profile.attrs("data-qr"), vec!["ios".to_owned()]);
    assert!(profile.shows("Bosh sahifa") && profile.shows("Shaxsiy kabinet") && profile.shows("Profilim"));
    for entry in ["Buyurtmalar", "Shaxsiy pochta", "Kiruvchi pochta", "Murojaatlarim", "Chiqish"] {
        assert!(profile.shows(entry), "menu entry {entry}");
    }
    assert!(!profile.body.contains(" style=") && !profile.body.contains("<script>"), "nothing inline");

    // Registering the same phone again at the same company reveals nothing
    // to whoever types it (the same code step), the phone gets a notice
    // without a code, and no code opens an account.
    let again = Portal::new(&cloud);
    let sent = sms.count(phone);
    let p = again.post("/cargo/tez/register", &[("phone", phone)]).await;
    assert_eq!(p.status, 303, "{p:?}");
    assert_eq!(sms.count(phone), sent + 1);
    let notice = sms.sim.messages().last().unwrap().message.clone();
    assert!(notice.contains("allaqachon") && !notice.chars().any(|c| c.is_ascii_digit()), "{notice}");

    // The same phone registers at the other company: another account, its
    // own barcode; the browser holds both sessions, each for its cabinet.
    register_client(&alice, &sms, "uzk", phone, "Alisa K.", "boshqa-parol-2").await;
    let other = alice.get("/cargo/uzk/profile").await;
    assert_eq!(other.text_of("data-full-name").as_deref(), Some("Alisa K."));
    assert_ne!(other.attrs("data-barcode").pop().unwrap(), barcode, "barcodes are never shared");
    assert_eq!(alice.get("/cargo/tez/profile").await.text_of("data-full-name").as_deref(), Some("Alisa Karimova"));

    // A client of one company only: the other cabinet sends them to sign in,
    // even when its cookie is replayed under the other cabinet's path.
    let bob = Portal::new(&cloud);
    register_client(&bob, &sms, "uzk", "+998935550202", "Bobur Aliyev", "bobur-parol-3").await;
    assert_eq!(bob.get("/cargo/tez/profile").await.location.as_deref(), Some("/cargo/tez/login"));
    assert_eq!(bob.get("/cargo/tez/appeals").await.location.as_deref(), Some("/cargo/tez/login"));
    let bob_token = bob_cookie(&bob, "uzk").await;
    let replay = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = replay
        .get(cloud.url("/cargo/tez/profile"))
        .header("cookie", format!("__Secure-csid={bob_token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("location").and_then(|v| v.to_str().ok()), Some("/cargo/tez/login"));
    // Bob's password does not open the other company's cabinet either.
    let p = bob.post("/cargo/tez/login", &[("phone", "+998935550202"), ("password", "bobur-parol-3")]).await;
    refused(&p, 400, "login_failed");

    // Sign out and back in.
    let p = alice.post("/cargo/tez/logout", &[]).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/login"));
    assert_eq!(alice.get("/cargo/tez/profile").await.location.as_deref(), Some("/cargo/tez/login"));
    assert_eq!(alice.get("/cargo/uzk/profile").await.status, 200, "the other cabinet stays signed in");
    refused(
        &alice.post("/cargo/tez/login", &[("phone", phone), ("password", "boshqa-parol-2")]).await,
        400,
        "login_failed",
    );
    let p = alice.post("/cargo/tez/login", &[("phone", phone), ("password", "yashirin-parol-1")]).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/profile"), "{p:?}");

    // Birth date: kept when right, refused in the page's language when not.
    let p = alice.post("/cargo/tez/profile", &[("birth_date", "31.02.1990")]).await;
    refused(&p, 400, "birth_date");
    let p = alice.post("/cargo/tez/profile", &[("birth_date", "14.07.1991")]).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/profile?saved=1"));
    assert_eq!(
        alice.get("/cargo/tez/profile").await.attrs("data-birth-date value").pop().as_deref(),
        Some("14.07.1991")
    );

    // The photo: a PNG is taken and re-encoded as a 256×256 JPEG, served
    // privately; a JPEG's EXIF is gone after re-encoding.
    assert_eq!(photo(&cloud, &alice, "tez").await.0, 404, "no photo yet");
    let (status, body) = upload_photo(&cloud, &alice, "tez", "me.png", "image/png", &png(640, 480)).await;
    assert_eq!(status, 200, "{body}");
    let (status, ct, cc, bytes) = photo(&cloud, &alice, "tez").await;
    assert_eq!((status, ct.as_str()), (200, "image/jpeg"));
    assert!(cc.starts_with("private"), "{cc}");
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (256, 256));
    assert!(alice.get("/cargo/tez/profile").await.body.contains("data-photo>"), "the photo is shown");
    let exif = jpeg_with_exif();
    assert!(exif.windows(EXIF_MARK.len()).any(|w| w == EXIF_MARK.as_bytes()), "the mark is there before");
    let (status, body) = upload_photo(&cloud, &alice, "tez", "gps.jpg", "image/jpeg", &exif).await;
    assert_eq!(status, 200, "{body}");
    let (_, _, _, bytes) = photo(&cloud, &alice, "tez").await;
    assert!(!bytes.windows(EXIF_MARK.len()).any(|w| w == EXIF_MARK.as_bytes()), "EXIF dropped");
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF block at all");
    // Bob cannot see Alice's photo: his own cabinet has none.
    assert_eq!(photo(&cloud, &bob, "uzk").await.0, 404);

    // Refused files, each with a message in the client's language; the
    // stored photo is untouched.
    let png_ok = png(64, 64);
    let cases: [(&str, &str, Vec<u8>, u16, &str); 4] = [
        ("notes.txt", "text/plain", b"hello, this is not a picture".to_vec(), 400, "photo_type"),
        ("cut.png", "image/png", png_ok[..png_ok.len() / 2].to_vec(), 400, "photo_broken"),
        ("bomb.png", "image/png", png_claiming(100_000), 400, "photo_dimensions"),
        ("fake.png", "image/png", b"\x89PNG\r\n\x1a\n but nothing after".to_vec(), 400, "photo_broken"),
    ];
    for (name, ct, bytes, status, code) in cases {
        let (got, body) = upload_photo(&cloud, &alice, "tez", name, ct, &bytes).await;
        assert_eq!(got, status, "{name}: {body}");
        assert_eq!(body["code"], code, "{name}: {body}");
        assert!(!body["message"].as_str().unwrap_or("").is_empty(), "{name}: a message");
    }
    alice.post("/cargo/tez/lang", &[("lang", "ru"), ("back", "/cargo/tez/profile")]).await;
    let (_, body) = upload_photo(&cloud, &alice, "tez", "bomb.png", "image/png", &png_claiming(100_000)).await;
    assert_eq!(body["message"], "Изображение слишком большое (не более 6000×6000)", "{body}");
    let (_, _, _, still) = photo(&cloud, &alice, "tez").await;
    assert_eq!(image::load_from_memory(&still).map(|i| i.width()).ok(), Some(256), "the good photo stays");
    // An upload without the CSRF header is refused before it is read.
    let r = alice
        .client
        .post(cloud.url("/cargo/tez/profile/photo"))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x--\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // The page in Russian now, and the language is the client's.
    let p = alice.get("/cargo/tez/profile").await;
    assert_eq!(p.lang().as_deref(), Some("ru"));
    assert!(p.shows("Мой профиль") && p.shows("Личный кабинет"));
}
on_both_databases!(clients_and_profile);

/// The session cookie `device` holds for `slug`'s cabinet.
async fn bob_cookie(device: &Portal, slug: &str) -> String {
    // Signing in again shows the cookie (reqwest's jar does not list them).
    let p = device
        .post(&format!("/cargo/{slug}/login"), &[("phone", "+998935550202"), ("password", "bobur-parol-3")])
        .await;
    let c = p.set_cookies.iter().find(|c| c.starts_with("__Secure-csid=")).expect("a session cookie");
    c["__Secure-csid=".len()..].split(';').next().unwrap().to_owned()
}

/// Appeals with and without an account, the captcha's refusals, the
/// operator's answer reaching the client's history and phone.
async fn appeals(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some((sms, cloud, db)) = cloud(kind, dir.path()).await else { return };
    let owner = Owner::numbered(8201);
    let (operator, tez) = company(&cloud, &sms, &db, &owner, "tez", "Tez Pochta").await;
    let client = Portal::new(&cloud);
    let phone = "+998935550303";
    register_client(&client, &sms, "tez", phone, "Dilnoza Rahimova", "dilnoza-parol-4").await;

    // The history is empty; the page carries the popup and its captcha.
    let page = client.get("/cargo/tez/appeals").await;
    assert_eq!(page.status, 200);
    assert!(page.shows("Hali murojaatlar yo'q") && page.body.contains("<dialog"), "{page:?}");
    assert_eq!(page.attrs("data-appeal-open"), vec!["appeal-dialog".to_owned()]);
    let (token, answer) = captcha(&page);

    // Wrong answer: refused, and the token is spent.
    let wrong = (answer.parse::<u32>().unwrap() + 1).to_string();
    let form = |token: &str, answer: &str, body: &str| {
        vec![
            ("name", "Dilnoza".to_owned()),
            ("phone", phone.to_owned()),
            ("kind", "complaint".to_owned()),
            ("body", body.to_owned()),
            ("captcha_token", token.to_owned()),
            ("captcha_answer", answer.to_owned()),
        ]
    };
    let send = |path: &'static str, device: &'static str, fields: Vec<(&'static str, String)>| {
        let dev = if device == "client" { &client } else { &operator };
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            dev.post(path, &f).await
        }
    };
    refused(&send("/cargo/tez/appeals", "client", form(&token, &wrong, "Kuryer kechikdi")).await, 400, "captcha_wrong");
    let p = send("/cargo/tez/appeals", "client", form(&token, &answer, "Kuryer kechikdi")).await;
    refused(&p, 400, "captcha_used");
    // The form page comes back with what was typed and a new question.
    assert!(p.shows("Kuryer kechikdi"));
    let (token2, answer2) = captcha(&p);
    assert_ne!(token2, token);

    // Expired: a question asked six minutes ago with the cloud's own key.
    let vault = cloud::vault::Vault::load("", &cloud.dir).unwrap();
    let old = cloud::captcha::Captcha::new(&vault, &db).new_challenge_at(cloud::db::now_ms() - 6 * 60_000).unwrap();
    let old_answer = tests::cargo_cabinet::solve(&old.question);
    refused(
        &send("/cargo/tez/appeals", "client", form(&old.token, &old_answer, "Kuryer kechikdi")).await,
        400,
        "captcha_expired",
    );
    // A forged token.
    refused(
        &send("/cargo/tez/appeals", "client", form("abc.1.def", "3", "Kuryer kechikdi")).await,
        400,
        "captcha_wrong",
    );

    // Bad fields after a right captcha: the text is required.
    let p = send("/cargo/tez/appeals", "client", form(&token2, &answer2, "   ")).await;
    refused(&p, 400, "body");
    // Sent (without the script: a plain form post).
    let (token3, answer3) = captcha(&p);
    let p = send("/cargo/tez/appeals", "client", form(&token3, &answer3, "Kuryer ikki kun kechikdi")).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/appeals?sent=1"), "{p:?}");
    let page = client.get("/cargo/tez/appeals?sent=1").await;
    assert!(page.shows("Murojaatingiz qabul qilindi, raqami 1"), "{page:?}");
    assert_eq!(page.attrs("data-appeal"), vec!["1".to_owned()]);
    assert_eq!(page.attrs("data-status"), vec!["new".to_owned()]);

    // A shipment that is not the client's: 404.
    let p = client.get(&format!("/cargo/tez/appeals?shipment={}", cloud::ids::ShipmentId::new())).await;
    assert_eq!(p.status, 404);
    assert_eq!(client.get("/cargo/tez/appeals/new?shipment=not-an-id").await.status, 404);

    // Without an account: the public form.
    let anon = Portal::new(&cloud);
    let p = anon.get("/cargo/tez/appeal").await;
    assert_eq!(p.status, 200);
    let (t, a) = captcha(&p);
    let fields = [
        ("name", "Mehmon"),
        ("phone", "+998935550404"),
        ("kind", "question"),
        ("body", "Filial soat nechada ochiladi?"),
        ("captcha_token", t.as_str()),
        ("captcha_answer", a.as_str()),
    ];
    let p = anon.post("/cargo/tez/appeal", &fields).await;
    assert_eq!(p.status, 200, "{p:?}");
    assert!(p.shows("raqami 2"), "{p:?}");

    // The operator (the company's owner) sees both and answers the client's.
    let ops = operator.get("/cargo-ops/appeals").await;
    assert_eq!(ops.status, 200, "{ops:?}");
    assert_eq!(ops.attrs("data-ops-appeal"), vec!["1".to_owned(), "2".to_owned()]);
    let first_id = appeal_id(&ops, 1);
    refused(&operator.post(&format!("/cargo-ops/appeals/{first_id}/answer"), &[("answer", " ")]).await, 400, "answer");
    let before = sms.count(phone);
    let p = operator
        .post(&format!("/cargo-ops/appeals/{first_id}/answer"), &[("answer", "Uzr so'raymiz, bugun yetkaziladi")])
        .await;
    assert_eq!(p.location.as_deref(), Some("/cargo-ops/appeals?status=new&answered=1"), "{p:?}");
    assert_eq!(sms.count(phone), before + 1, "the client got an SMS");
    let text = sms.sim.messages().last().unwrap().message.clone();
    assert_eq!(text, "Tez Pochta: murojaatingiz 1 bo'yicha javob: Uzr so'raymiz, bugun yetkaziladi");
    assert_eq!(operator.get("/cargo-ops/appeals").await.attrs("data-ops-appeal"), vec!["2".to_owned()]);
    assert_eq!(operator.get("/cargo-ops/appeals?status=answered").await.attrs("data-ops-appeal"), vec!["1".to_owned()]);

    // The client sees the answer.
    let page = client.get("/cargo/tez/appeals").await;
    assert_eq!(page.attrs("data-status"), vec!["answered".to_owned()]);
    assert!(page.shows("Uzr so'raymiz, bugun yetkaziladi"));

    // The answer SMS speaks the client's language.
    client.post("/cargo/tez/lang", &[("lang", "en"), ("back", "/cargo/tez/appeals")]).await;
    let (t, a) = captcha(&client.get("/cargo/tez/appeals").await);
    let p = send("/cargo/tez/appeals", "client", form(&t, &a, "Where is my parcel?")).await;
    assert_eq!(p.location.as_deref(), Some("/cargo/tez/appeals?sent=3"), "{p:?}");
    let third = appeal_id(&operator.get("/cargo-ops/appeals").await, 3);
    operator.post(&format!("/cargo-ops/appeals/{third}/answer"), &[("answer", "On its way")]).await;
    assert_eq!(sms.sim.messages().last().unwrap().message, "Tez Pochta: answer to your appeal 3: On its way");

    // Another company's owner sees none of these and cannot answer them.
    let (stranger, _) = company(&cloud, &sms, &db, &Owner::numbered(8202), "boshqa", "Boshqa Kargo").await;
    assert!(stranger.get("/cargo-ops/appeals").await.attrs("data-ops-appeal").is_empty());
    let p = stranger.post(&format!("/cargo-ops/appeals/{first_id}/answer"), &[("answer", "Men emas")]).await;
    assert_eq!(p.status, 404);
    // An owner whose business is no courier company is told so.
    let shop = Portal::new(&cloud);
    shop.register(&sms, &Owner::numbered(8203)).await;
    refused(&shop.get("/cargo-ops/appeals").await, 404, "not_cargo");
    let _ = tez;
}
on_both_databases!(appeals);

/// The id in the answer form of appeal `number` on the operators' page.
fn appeal_id(page: &Page, number: i64) -> String {
    let at = page.body.find(&format!("data-ops-appeal=\"{number}\"")).expect("the appeal");
    let rest = &page.body[at..];
    let start = rest.find("/cargo-ops/appeals/").unwrap() + "/cargo-ops/appeals/".len();
    rest[start..].split('/').next().unwrap().to_owned()
}
