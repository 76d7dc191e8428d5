//! Platform administration (B1, P15) across real processes, on SQLite and
//! PostgreSQL:
//! - the operators' CLI: `cloud admin add-admin`, `add-owner` (a temporary
//!   password the owner must change at the first sign-in), `invoice` (one
//!   JSON line whose amount is the tariff's price), `suspend` / `resume`,
//!   with clear errors and a failing exit code for wrong input;
//! - the administrator's pages: sign-in (a wrong password refused, the
//!   temporary password replaced first), search by phone and by name, the
//!   business card, suspend with a reason (the owner's portal shows the
//!   banner and refuses a new branch), resume (allowed again), the owner's
//!   password reset, the audit log with actor and reason; an owner's cookie
//!   opens no admin page and an administrator's opens no owner page; a POST
//!   without the CSRF token changes nothing;
//! - the hub refusing new pairings while the subscription is suspended but
//!   still accepting sales, and pairing again once it is resumed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::time::Duration;

use tests::cloud::{CloudProcess, DbKind, Owner, Page, Portal, Sms, Stack, TestDb};
use tests::{PairingSim, eventually, on_both_databases};
use web::i18n::UZ;

const WAIT: Duration = Duration::from_secs(30);

/// The value after `prefix` on the line of `out` that has it.
fn after(out: &str, prefix: &str) -> String {
    out.lines().find_map(|l| l.split_once(prefix).map(|(_, v)| v.trim().to_owned())).unwrap_or_else(|| {
        panic!("no {prefix:?} in {out}");
    })
}

/// A browser on the admin pages.
async fn sign_in_admin(cloud: &CloudProcess, login: &str, password: &str) -> (Portal, Page) {
    let browser = Portal::new(cloud);
    let p = browser.post("/admin/login", &[("login", login), ("password", password)]).await;
    (browser, p)
}

fn refused(p: &Page, status: u16, code: &str) {
    assert_eq!((p.status, p.error_code().as_deref()), (status, Some(code)), "{}", p.body);
}

async fn cli_and_pages(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = TestDb::new(kind, dir.path()).await else { return };
    let sms = Sms::start().await;
    let mut cloud = CloudProcess::new(&dir.path().join("cloud"), &db, &sms);
    cloud.set_env("CLOUD__BILLING__PAYME__ACCOUNT_FIELD", "order_id");
    cloud.start().await;
    let pool = db.open().await;

    // add-admin: a temporary password; a taken or malformed login is an error.
    let (ok, out, err) = cloud.run_command(&["admin", "add-admin", "Aziz", "--name", "Aziz Karimov"]).await;
    assert!(ok, "{out}{err}");
    let admin_temp = after(&out, "Temporary password for aziz:");
    assert_eq!(admin_temp.len(), 12, "{out}");
    let (ok, _, err) = cloud.run_command(&["admin", "add-admin", "aziz", "--name", "Other"]).await;
    assert!(!ok && err.contains("taken"), "{err}");
    let (ok, _, err) = cloud.run_command(&["admin", "add-admin", "a b", "--name", "Other"]).await;
    assert!(!ok && err.contains("login"), "{err}");

    // add-owner: onboarded by phone on the chosen tariff, with a temporary password.
    let phone = "+998901110001";
    let (ok, out, err) = cloud
        .run_command(&[
            "admin",
            "add-owner",
            phone,
            "--first-name",
            "Ali",
            "--last-name",
            "Valiyev",
            "--business",
            "Osh Markazi",
            "--tariff",
            "biznes",
        ])
        .await;
    assert!(ok, "{out}{err}");
    let owner_temp = after(&out, &format!("Temporary password for {phone}:"));
    let owner = pool.owner_by_phone(phone).await.unwrap();
    let business = owner.business_id.clone();
    assert!(owner.must_change_password);
    assert_eq!(pool.subscription(&business).await.unwrap().tariff_code, "biznes");
    let (ok, _, err) = cloud
        .run_command(&["admin", "add-owner", phone, "--first-name", "A", "--last-name", "B", "--business", "C"])
        .await;
    assert!(!ok, "a taken phone is an error: {err}");
    let (ok, _, err) = cloud
        .run_command(&["admin", "add-owner", "+7900", "--first-name", "A", "--last-name", "B", "--business", "C"])
        .await;
    assert!(!ok && err.contains("+7900"), "{err}");

    // The owner must change the temporary password at the first sign-in.
    let owner_portal = Portal::new(&cloud);
    let p = owner_portal.login(phone, &owner_temp).await;
    assert_eq!(p.location.as_deref(), Some("/password"), "{p:?}");
    assert_eq!(owner_portal.get("/branches").await.location.as_deref(), Some("/password"));
    let p = owner_portal.post("/password", &[("password", "osh-parol-1"), ("password_confirm", "osh-parol-1")]).await;
    assert_eq!(p.location.as_deref(), Some("/"));
    assert_eq!(owner_portal.get("/branches").await.status, 200);

    // invoice: one JSON line, the tariff's price, Payme's account under the configured field.
    let tariff = pool.tariff("biznes").await.unwrap();
    for (period, price) in [("month", tariff.price_monthly), ("year", tariff.price_yearly)] {
        let (ok, out, err) = cloud.run_command(&["admin", "invoice", phone, "biznes", "--period", period]).await;
        assert!(ok, "{out}{err}");
        assert_eq!(out.trim().lines().count(), 1, "one line: {out}");
        let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        let id = line["invoice_id"].as_str().unwrap();
        assert_eq!(line["amount_tiyin"].as_i64(), Some(price), "{line}");
        assert_eq!(line["payme_account"]["order_id"].as_str(), Some(id), "{line}");
        assert_eq!(line["payme_account"].as_object().unwrap().len(), 1, "{line}");
        assert_eq!(line["click_merchant_trans_id"].as_str(), Some(id), "{line}");
        assert_eq!(line["amount_som"].as_str().unwrap(), format!("{}.{:02}", price / 100, price % 100), "{line}");
        let stored = pool.business_invoice(&business, &cloud::ids::InvoiceId::parse(id).unwrap()).await.unwrap();
        assert_eq!((stored.amount, stored.origin.code(), stored.period.code()), (price, "operator", period));
    }
    assert_eq!(tariff.price_monthly, 29_900_000, "the seeded price");
    for (args, says) in [
        (vec!["start", "--period", "month"], "free"),
        (vec!["gold", "--period", "month"], "gold"),
        (vec!["biznes", "--period", "week"], "week"),
    ] {
        let mut all = vec!["admin", "invoice", phone];
        all.extend(args);
        let (ok, out, err) = cloud.run_command(&all).await;
        assert!(!ok && out.is_empty() && err.contains(says), "{all:?}: {out} {err}");
    }
    let (ok, _, err) = cloud.run_command(&["admin", "invoice", "+998909999999", "biznes", "--period", "month"]).await;
    assert!(!ok && err.contains("+998909999999"), "{err}");
    assert_eq!(pool.invoices(&business, 10).await.unwrap().len(), 2, "refused commands make no invoice");

    // Another business, registered the usual way, for the search.
    let other = Portal::new(&cloud);
    let other_owner = Owner::numbered(871);
    other.register(&sms, &other_owner).await;

    // Administrator sign-in: wrong password refused, then the forced change.
    assert_eq!(Portal::new(&cloud).get("/admin").await.location.as_deref(), Some("/admin/login"));
    let (_, p) = sign_in_admin(&cloud, "aziz", "wrong-password").await;
    refused(&p, 400, "admin_login_failed");
    let (_, p) = sign_in_admin(&cloud, "nobody", &admin_temp).await;
    refused(&p, 400, "admin_login_failed");
    let (admin, p) = sign_in_admin(&cloud, "AZIZ", &admin_temp).await;
    assert_eq!(p.location.as_deref(), Some("/admin/password"), "{p:?}");
    let cookie = p.set_cookies.iter().find(|c| c.starts_with("__Secure-pos_admin=")).expect("the admin cookie");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert_eq!(admin.get("/admin").await.location.as_deref(), Some("/admin/password"));
    let forced = admin.get("/admin/password").await;
    assert!(forced.body.contains("data-forced"), "{}", forced.body);
    refused(
        &admin.post("/admin/password", &[("password", "admin-parol-1"), ("password_confirm", "admin-parol-2")]).await,
        400,
        "password_mismatch",
    );
    let p =
        admin.post("/admin/password", &[("password", "admin-parol-1"), ("password_confirm", "admin-parol-1")]).await;
    assert_eq!(p.location.as_deref(), Some("/admin"), "{p:?}");
    let (_, p) = sign_in_admin(&cloud, "aziz", &admin_temp).await;
    refused(&p, 400, "admin_login_failed");
    let (_, p) = sign_in_admin(&cloud, "aziz", "admin-parol-1").await;
    assert_eq!(p.location.as_deref(), Some("/admin"), "the new password works");

    // Search: by phone (as typed), by business name, by owner name; nothing for a stranger.
    let row = format!("data-business=\"{business}\"");
    let other_business = pool.owner_by_phone(&other_owner.phone).await.unwrap().business_id;
    let other_row = format!("data-business=\"{other_business}\"");
    let all = admin.get("/admin").await;
    assert!(all.body.contains(&row) && all.body.contains(&other_row), "{}", all.body);
    for q in ["+998%2090%20111-00-01", "901110001", "osh%20MARK", "valiyev"] {
        let p = admin.get(&format!("/admin?q={q}")).await;
        assert_eq!(p.status, 200);
        assert!(p.body.contains(&row), "{q}: {}", p.body);
        assert!(!p.body.contains(&other_row), "{q}: only the match");
    }
    let p = admin.get("/admin?q=Biznes%20871").await;
    assert!(p.body.contains(&other_row) && !p.body.contains(&row), "{}", p.body);
    let p = admin.get("/admin?q=nobody-here").await;
    assert!(p.body.contains("data-empty"), "{}", p.body);
    let p = admin.get("/admin?q=%2B7%20900%20123%2045%2067").await;
    assert_eq!(p.error_code().as_deref(), Some("bad_phone"), "{}", p.body);
    // Wildcards are text, not patterns.
    assert!(admin.get("/admin?q=%25%25").await.body.contains("data-empty"));

    // The card: subscription, invoices.
    let card_path = format!("/admin/businesses/{business}");
    let card = admin.get(&card_path).await;
    assert_eq!(card.status, 200, "{}", card.body);
    assert_eq!(card.text_of("data-tariff").as_deref(), Some("Biznes"));
    assert!(card.body.contains("data-status=\"trial\""), "{}", card.body);
    assert_eq!(card.attrs("data-invoice").len(), 2, "{}", card.body);
    assert_eq!(admin.get(&format!("/admin/businesses/{}", cloud::ids::BusinessId::new())).await.status, 404);
    assert_eq!(admin.get("/admin/businesses/not-an-id").await.status, 404);

    // Without the CSRF token, nothing happens.
    let p = admin.post_raw(&format!("{card_path}/suspend"), &[("reason", "no token")]).await;
    assert_eq!(p.status, 403);
    assert_eq!(pool.subscription(&business).await.unwrap().status(cloud::db::now_ms()).code(), "trial");

    // Suspend: a reason is required; then the owner's portal is read-only with the banner.
    refused(&admin.post(&format!("{card_path}/suspend"), &[("reason", "  ")]).await, 400, "admin_reason");
    let reason = "To'lov 30 kundan beri yo'q";
    let p = admin.post(&format!("{card_path}/suspend"), &[("reason", reason)]).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("data-status=\"suspended\""), "{}", p.body);
    assert!(p.shows(reason), "{}", p.body);
    refused(&admin.post(&format!("{card_path}/suspend"), &[("reason", "again")]).await, 400, "admin_already_suspended");
    let sub = pool.subscription(&business).await.unwrap();
    assert_eq!((sub.status(cloud::db::now_ms()).code(), sub.suspended_reason.as_deref()), ("suspended", Some(reason)));
    let home = owner_portal.get("/").await;
    assert!(home.body.contains("data-banner") && home.shows(UZ.billing.banner_suspended), "{}", home.body);
    let p = owner_portal.post("/branches", &[("name", "Chilonzor"), ("address", "Toshkent"), ("phone", "")]).await;
    assert_eq!(p.status, 400, "{p:?}");
    assert!(p.shows(UZ.billing.e_read_only), "{}", p.body);
    assert!(pool.branches(&business).await.unwrap().is_empty());

    // Resume: allowed again; resuming twice is an error.
    let p = admin.post(&format!("{card_path}/resume"), &[]).await;
    assert_eq!(p.status, 200, "{}", p.body);
    assert!(p.body.contains("data-status=\"trial\""), "never paid: back to the trial: {}", p.body);
    refused(&admin.post(&format!("{card_path}/resume"), &[]).await, 400, "admin_not_suspended");
    assert_eq!(pool.subscription(&business).await.unwrap().suspended_reason, None, "resuming clears the reason");
    assert!(!owner_portal.get("/").await.body.contains("data-banner"));
    let p = owner_portal.post("/branches", &[("name", "Chilonzor"), ("address", "Toshkent"), ("phone", "")]).await;
    assert_eq!(p.status, 303, "{p:?}");

    // The same from the command line.
    let (ok, out, err) = cloud.run_command(&["admin", "suspend", phone, "--reason", "CLI sababi"]).await;
    assert!(ok, "{out}{err}");
    let (ok, _, err) = cloud.run_command(&["admin", "suspend", phone, "--reason", "again"]).await;
    assert!(!ok && err.contains("already suspended"), "{err}");
    let (ok, _, err) = cloud.run_command(&["admin", "suspend", phone, "--reason", " "]).await;
    assert!(!ok && err.contains("reason"), "{err}");
    assert!(admin.get(&card_path).await.shows("CLI sababi"));
    let (ok, out, err) = cloud.run_command(&["admin", "resume", phone]).await;
    assert!(ok, "{out}{err}");
    let (ok, _, err) = cloud.run_command(&["admin", "resume", phone]).await;
    assert!(!ok && err.contains("not suspended"), "{err}");

    // Reset the owner's password: shown once, every session ends, the next sign-in must change it.
    let p = admin.post(&format!("{card_path}/reset-password"), &[("owner", &owner.id)]).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let temporary = p.text_of("data-temporary-password").expect("the temporary password");
    assert_eq!(temporary.len(), 12);
    assert_eq!(owner_portal.get("/").await.location.as_deref(), Some("/login"));
    let again = Portal::new(&cloud);
    assert_eq!(again.login(phone, &temporary).await.location.as_deref(), Some("/password"));
    assert!(admin.get(&card_path).await.body.contains("data-must-change"));
    // Another business's owner through this card: not found.
    let stranger = pool.owner_by_phone(&other_owner.phone).await.unwrap();
    assert_eq!(admin.post(&format!("{card_path}/reset-password"), &[("owner", &stranger.id)]).await.status, 404);

    // The audit log: every action, newest first, with actor and reason.
    let log = admin.get(&format!("/admin/audit?business={business}")).await;
    assert_eq!(log.status, 200, "{}", log.body);
    let actions = log.attrs("data-audit");
    assert_eq!(
        actions,
        ["reset_password", "resume", "suspend", "resume", "suspend", "invoice", "invoice", "add_owner",],
        "{}",
        log.body
    );
    let kinds = log.attrs("data-actor-kind");
    assert_eq!(kinds, ["admin", "cli", "cli", "admin", "admin", "cli", "cli", "cli"], "{}", log.body);
    assert!(log.shows(reason) && log.shows("CLI sababi"), "reasons are kept: {}", log.body);
    assert!(log.body.contains("<td data-actor>aziz</td>"), "{}", log.body);
    let whole = admin.get("/admin/audit").await;
    let all_actions = whole.attrs("data-audit");
    for action in ["add_admin", "sign_in", "password_changed", "add_owner", "suspend"] {
        assert!(all_actions.iter().any(|a| a == action), "{action} in {all_actions:?}");
    }

    // Owners and administrators stay apart.
    let owner_now = Portal::new(&cloud);
    assert_eq!(owner_now.login(&other_owner.phone, &other_owner.password).await.location.as_deref(), Some("/"));
    for path in ["/admin", "/admin/audit", &card_path] {
        assert_eq!(owner_now.get(path).await.location.as_deref(), Some("/admin/login"), "{path}");
    }
    let p = owner_now.post(&format!("{card_path}/suspend"), &[("reason", "owner tries")]).await;
    assert_eq!(p.location.as_deref(), Some("/admin/login"));
    for path in ["/", "/branches", "/subscription"] {
        assert_eq!(admin.get(path).await.location.as_deref(), Some("/login"), "{path}");
    }
    // Signing out ends the administrator's session.
    assert_eq!(admin.post("/admin/logout", &[]).await.location.as_deref(), Some("/admin/login"));
    assert_eq!(admin.get("/admin").await.location.as_deref(), Some("/admin/login"));
}
on_both_databases!(cli_and_pages);

/// Waits until the hub has applied the branch's current config from the cloud.
/// The log's text without the terminal colour codes tracing writes.
fn without_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

async fn hub_has_current_config(stack: &Stack) {
    let version = stack.db.config_version(&stack.branch).await.unwrap();
    let log = stack.hub.data_dir.join("hub.log");
    let needle = format!("config.version={version} ");
    eventually(WAIT, &format!("the hub to apply config {version}"), || async {
        without_ansi(&std::fs::read_to_string(&log).unwrap_or_default()).contains(&needle)
    })
    .await;
}

async fn hub_refuses_pairing_while_suspended(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 872).await else { return };
    stack.hub.start().await;
    let business = stack.business().await;
    let pair_path = format!("/branches/{}/pair", stack.branch);

    // A terminal paired and selling before the suspension.
    let seller = PairingSim::start(&stack.hub, &dir.path().join("seller"), &["--rate", "10"]).await;
    let qr = seller.qr().await;
    assert_eq!(stack.portal.post(&pair_path, &[("code", &qr)]).await.status, 200);
    seller.paired(WAIT).await;
    eventually(WAIT, "the paired terminal to sell", || async { seller.acked() > 0 }).await;
    // A POS login issued while allowed, to be typed on a new terminal later.
    let p = stack.portal.post(&format!("/branches/{}/pos-login", stack.branch), &[]).await;
    assert_eq!(p.status, 200, "{}", p.body);
    let login = p.text_of("data-login").unwrap();
    let password = p.text_of("data-password").unwrap();

    // Suspend from the command line; the hub hears it.
    let (ok, out, err) = stack.cloud.run_command(&["admin", "suspend", &stack.owner.phone, "--reason", "test"]).await;
    assert!(ok, "{out}{err}");
    hub_has_current_config(&stack).await;
    let acked_then = seller.acked();
    let totals_then = stack.db.totals(&business, None).await.unwrap();

    // A new terminal is refused by the hub, and says so.
    let newcomer = PairingSim::start(
        &stack.hub,
        &dir.path().join("newcomer"),
        &["--login", &login, "--password", &password, "--rate", "10"],
    )
    .await;
    let (_, why) = newcomer.line("refused:", WAIT).await;
    assert!(why.contains("subscription"), "{why}");
    assert!(!newcomer.output().contains("paired: terminal"), "{}", newcomer.output());
    // The portal refuses a new pairing too.
    let late = PairingSim::start(&stack.hub, &dir.path().join("late"), &[]).await;
    let late_qr = late.qr().await;
    let p = stack.portal.post(&pair_path, &[("code", &late_qr)]).await;
    assert_eq!(p.status, 400, "{}", p.body);
    assert!(p.shows(UZ.billing.e_read_only), "{}", p.body);

    // The paired terminal keeps selling, and its sales reach the cloud.
    eventually(WAIT, "sales to go on while suspended", || async { seller.acked() > acked_then + 5 }).await;
    eventually(WAIT, "the cloud's totals to grow while suspended", || async {
        let now = stack.db.totals(&business, None).await.unwrap();
        now.orders > totals_then.orders && now.revenue > totals_then.revenue
    })
    .await;
    assert!(!newcomer.output().contains("paired: terminal"), "still refused: {}", newcomer.output());

    // Resume: the waiting terminal pairs by itself and sells.
    let (ok, out, err) = stack.cloud.run_command(&["admin", "resume", &stack.owner.phone]).await;
    assert!(ok, "{out}{err}");
    newcomer.paired(WAIT).await;
    eventually(WAIT, "the new terminal to sell", || async { newcomer.acked() > 0 }).await;
    stack.hub.stop();
}
on_both_databases!(hub_refuses_pairing_while_suspended);
