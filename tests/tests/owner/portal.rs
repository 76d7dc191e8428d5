//! The owner portal's figures and pages, on SQLite and PostgreSQL.
//!
//! `figures`: a known dataset (the simulator's restaurant flow over the last
//! fortnight, so the dashboard's period and the one before it both hold
//! sales) goes through a real hub and sync; every KPI, its % change, every
//! hour bucket, the best sellers, the category split, revenue per product,
//! the employees tab, the lists' totals and the product grid are checked
//! against an independent computation from what the terminal sent. The
//! branch selector then narrows every page to an empty branch.
//!
//! `isolation`: another owner's order, employee, transaction, branch (in the
//! selector) and payment settings are 404 and leak nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)] // a test: a failure here is a failed test

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use protocol::{EntityKey, EventBody, Order, OrderStatus, Payment, PaymentStatus, Timestamp};
use tests::cloud::{DbKind, Page, Stack};
use tests::{RawTerminal, on_both_databases};
use web::format::{self, money, tashkent_day, tashkent_midnight};
use web::i18n::UZ;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

/// The text after `marker`, then after `inner`, up to the next tag; entities decoded.
fn text_after(body: &str, marker: &str, inner: &str) -> Option<String> {
    let at = body.find(marker)?;
    let rest = &body[at..];
    let at = rest.find(inner)? + inner.len();
    let rest = &rest[at..];
    let start = rest.find('>')? + 1;
    Some(decode(rest[start..].split('<').next()?))
}

fn decode(s: &str) -> String {
    s.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The `<title>`s of the bars of the chart whose ids start with `id`.
fn chart_titles(body: &str, id: &str) -> Vec<String> {
    let start = body.find(&format!("aria-labelledby=\"{id}-title")).unwrap_or_else(|| panic!("chart {id}"));
    let svg = &body[start..start + body[start..].find("</svg>").unwrap()];
    svg.match_indices("<title")
        .skip(1) // the chart's own title
        .map(|(i, _)| {
            let s = &svg[i..];
            decode(&s[s.find('>').unwrap() + 1..s.find("</title>").unwrap()])
        })
        .collect()
}

/// The newest version of every entity the terminal sent.
struct Model {
    orders: Vec<Order>,
    payments: Vec<Payment>,
    products: HashMap<String, (String, String)>,
    employees: HashMap<String, String>,
}

impl Model {
    fn of(events: &[EventBody]) -> Model {
        let mut newest: HashMap<EntityKey, &EventBody> = HashMap::new();
        for e in events {
            if newest.get(&e.key()).is_none_or(|held| e.version() > held.version()) {
                newest.insert(e.key(), e);
            }
        }
        let mut m = Model { orders: vec![], payments: vec![], products: HashMap::new(), employees: HashMap::new() };
        for e in newest.values() {
            match e {
                EventBody::Order(o) => m.orders.push(o.clone()),
                EventBody::Payment(p) => m.payments.push(p.clone()),
                EventBody::Product(p) => {
                    m.products.insert(p.id.to_string(), (p.name.clone(), p.category.clone()));
                }
                EventBody::Employee(e) => {
                    m.employees.insert(e.id.to_string(), format!("{} {}", e.first_name, e.last_name));
                }
                EventBody::Place(_)
                | EventBody::ParcelScan(_)
                | EventBody::DeskShipment(_)
                | EventBody::ParcelPayment(_) => {}
            }
        }
        m
    }

    fn in_period(&self, from: i64, to: i64) -> impl Iterator<Item = &Order> {
        self.orders.iter().filter(move |o| o.created_at.0 >= from && o.created_at.0 < to)
    }

    /// (orders, revenue, product profit, service charge) by the README's definitions.
    fn kpis(&self, from: i64, to: i64) -> (i64, i64, i64, i64) {
        let mut k = (0, 0, 0, 0);
        for o in self.in_period(from, to) {
            k.0 += 1;
            if o.status == OrderStatus::Completed {
                let items = o.items_total().unwrap().tiyin();
                let cost = o.cost_total().unwrap().tiyin();
                k.1 += items + o.service_charge.tiyin();
                k.2 += items - cost;
                k.3 += o.service_charge.tiyin();
            }
        }
        k
    }

    /// Per product id: (quantity sold in thousandths, revenue), completed orders.
    fn products_sold(&self, from: i64, to: i64) -> BTreeMap<String, (i64, i64)> {
        let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for o in self.in_period(from, to).filter(|o| o.status == OrderStatus::Completed) {
            for i in &o.items {
                let e = out.entry(i.product.to_string()).or_default();
                e.0 += i.qty.milli();
                e.1 += i.unit_price.times(i.qty).unwrap().tiyin();
            }
        }
        out
    }
}

fn change_text(now: i64, before: i64) -> String {
    match format::change(now, before) {
        Some(c) => web::i18n::fill(UZ.portal.vs_previous, &[("change", &c)]),
        None => UZ.portal.no_previous.to_owned(),
    }
}

async fn figures(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut stack) = Stack::new(kind, dir.path(), 71).await else { return };
    stack.hub.start().await;
    let creds = stack.hub.provision(1);
    let mut terminal = RawTerminal::connect(stack.hub.mqtt_port, &creds[0]).await;

    // The restaurant's catalog, then its sales spread over the last 14 days.
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, "portal"));
    let mut flow = firmware_sim::Flow::new(branch, 7, false);
    let mut events = flow.catalog_events();
    let now = Timestamp::now().0;
    let start = now - 14 * DAY;
    let n = 1_500;
    for i in 0..n {
        events.push(flow.next_event(Timestamp(start + (i * (14 * DAY - HOUR)) / n)));
    }
    for e in &events {
        terminal.sell(e).await;
    }
    stack.drained(Duration::from_secs(60)).await;
    let m = Model::of(&events);

    // The default period: the last 7 days in Tashkent, today included.
    let today = tashkent_day(now);
    let (from, to) = (tashkent_midnight(today - 6), tashkent_midnight(today + 1));
    let (prev_from, prev_to) = (from - 7 * DAY, from);
    let (orders, revenue, product_profit, service) = m.kpis(from, to);
    let (p_orders, p_revenue, p_product_profit, p_service) = m.kpis(prev_from, prev_to);
    assert!(orders > 50 && p_orders > 50 && revenue > 0 && p_revenue > 0, "both periods hold sales");
    let page = stack.portal.get("/").await;
    assert_eq!(page.status, 200);
    let kpi = |key: &str, what: &str| text_after(&page.body, &format!("data-kpi=\"{key}\""), what).unwrap();
    assert_eq!(kpi("revenue", "data-value"), money(revenue));
    assert_eq!(kpi("revenue", "data-change"), change_text(revenue, p_revenue));
    assert_eq!(kpi("profit", "data-value"), money(product_profit + service));
    assert_eq!(kpi("profit", "data-change"), change_text(product_profit + service, p_product_profit + p_service));
    assert!(page.shows(&money(product_profit)) && page.shows(&money(service)), "the profit's parts");
    assert_eq!(kpi("orders", "data-value"), orders.to_string());
    assert_eq!(kpi("orders", "data-change"), change_text(orders, p_orders));
    assert_eq!(
        text_after(&page.body, "data-period", "").unwrap(),
        format!("{} — {}", format::date(today - 6), format::date(today))
    );

    // Orders by hour of the day in Tashkent.
    let mut hours = [0_i64; 24];
    for o in m.in_period(from, to) {
        hours[((o.created_at.0 + 5 * HOUR).rem_euclid(DAY) / HOUR) as usize] += 1;
    }
    let titles = chart_titles(&page.body, "hours");
    assert_eq!(titles.len(), 24);
    for (h, title) in titles.iter().enumerate() {
        let expected = format!(
            "{}–{}: {}",
            format::hour(h),
            format::hour((h + 1) % 24),
            web::i18n::fill(UZ.portal.n_orders, &[("n", &hours[h].to_string())])
        );
        assert_eq!(title, &expected, "hour {h}");
    }

    // Best sellers: the most sold by quantity, each with its own quantity.
    let sold = m.products_sold(from, to);
    let name = |id: &str| m.products[id].0.clone();
    let best = chart_titles(&page.body, "best");
    assert_eq!(best.len(), sold.values().filter(|(q, _)| *q > 0).count().min(10));
    let mut shown_min = i64::MAX;
    let mut shown_names = Vec::new();
    for title in &best {
        let (label, qty) = title.rsplit_once(": ").unwrap();
        let (id, (q, _)) = sold.iter().find(|(id, _)| name(id) == label).unwrap_or_else(|| panic!("{label}"));
        assert_eq!(qty, format::qty(*q), "{label}");
        assert!(*q <= shown_min, "sorted by quantity");
        shown_min = *q;
        shown_names.push(id.clone());
    }
    assert!(sold.iter().filter(|(id, _)| !shown_names.contains(id)).all(|(_, (q, _))| *q <= shown_min));

    // The newest orders of the period.
    let mut newest: Vec<&Order> = m.in_period(from, to).collect();
    newest.sort_by_key(|o| std::cmp::Reverse(o.created_at.0));
    let rows = page.attrs("data-order");
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0], newest[0].id.to_string());

    // Employees tab.
    let page = stack.portal.get("/?tab=employees").await;
    let mut per_employee: HashMap<String, (i64, i64, i64)> = HashMap::new();
    for o in m.in_period(from, to) {
        let e = per_employee.entry(o.employee.to_string()).or_default();
        e.0 += 1;
        if o.status == OrderStatus::Completed {
            e.1 += 1;
            e.2 += o.items_total().unwrap().tiyin() + o.service_charge.tiyin();
        }
    }
    assert_eq!(page.attrs("data-employee").len(), per_employee.len());
    for (id, (orders, completed, revenue)) in &per_employee {
        let row = format!("data-employee=\"{id}\"");
        assert_eq!(text_after(&page.body, &row, "data-orders").unwrap(), orders.to_string());
        assert_eq!(text_after(&page.body, &row, "data-revenue").unwrap(), money(*revenue));
        let average = if *completed == 0 { 0 } else { revenue / completed };
        assert_eq!(text_after(&page.body, &row, "data-average").unwrap(), money(average));
        assert!(page.shows(&m.employees[id]));
    }

    // Products tab: the category split and revenue per product.
    let page = stack.portal.get("/?tab=products").await;
    let mut by_category: BTreeMap<String, i64> = BTreeMap::new();
    for (id, (_, r)) in &sold {
        *by_category.entry(m.products[id].1.clone()).or_default() += r;
    }
    let shares = chart_titles(&page.body, "categories");
    let percents = web::charts::percentages(&{
        let mut v: Vec<(String, i64)> = by_category.clone().into_iter().filter(|(_, r)| *r > 0).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.iter().map(|(_, r)| *r).collect::<Vec<_>>()
    });
    assert_eq!(shares.len(), by_category.values().filter(|r| **r > 0).count().min(8));
    for (i, title) in shares.iter().enumerate() {
        let (label, rest) = title.split_once(": ").unwrap();
        let revenue = by_category.get(label).copied().unwrap_or_else(|| panic!("category {label}"));
        assert_eq!(rest, format!("{} ({}%)", money(revenue), percents[i]), "{label}");
    }
    let revenue_bars = chart_titles(&page.body, "revenue");
    for title in &revenue_bars {
        let (label, value) = title.rsplit_once(": ").unwrap();
        let (_, (_, r)) = sold.iter().find(|(id, _)| name(id) == label).unwrap();
        assert_eq!(value, money(*r), "{label}");
    }

    // Lists: every order, every payment, the product grid (all time).
    let page = stack.portal.get("/orders").await;
    let pages = (m.orders.len() as i64 + 49) / 50;
    assert!(page.shows(&format!("1/{pages}-sahifa · jami {}", m.orders.len())), "{}", page.body);
    assert_eq!(page.attrs("data-order").len(), 50.min(m.orders.len()));
    let completed = m.orders.iter().filter(|o| o.status == OrderStatus::Completed).count();
    let page = stack.portal.get("/orders?status=completed").await;
    assert!(page.shows(&format!("jami {completed}")));
    let one = &newest[3];
    let page = stack.portal.get(&format!("/orders?q=%23{}", one.number)).await;
    assert!(page.attrs("data-order").contains(&one.id.to_string()));
    let page = stack.portal.get(&format!("/orders/{}", one.id)).await;
    assert_eq!(text_after(&page.body, "data-total", "").unwrap(), money(one.total().unwrap().tiyin()));
    assert_eq!(page.attrs("data-item").len(), 0, "data-item carries no value");
    assert_eq!(page.body.matches("<tr data-item>").count(), one.items.len());

    let page = stack.portal.get("/transactions").await;
    let confirmed: i64 =
        m.payments.iter().filter(|p| p.status == PaymentStatus::Confirmed).map(|p| p.amount.tiyin()).sum();
    assert_eq!(text_after(&page.body, "data-count", "").unwrap(), m.payments.len().to_string());
    assert_eq!(text_after(&page.body, "data-sum", "").unwrap(), money(confirmed));
    let cash = m.payments.iter().filter(|p| p.method == protocol::PaymentMethod::Cash).count();
    let page = stack.portal.get("/transactions?method=cash").await;
    assert_eq!(text_after(&page.body, "data-count", "").unwrap(), cash.to_string());
    let pay = &m.payments[0];
    let page = stack.portal.get(&format!("/transactions/{}", pay.id)).await;
    assert_eq!(text_after(&page.body, "data-amount", "").unwrap(), money(pay.amount.tiyin()));

    let all_time = m.products_sold(i64::MIN, i64::MAX);
    let page = stack.portal.get("/products").await;
    assert_eq!(page.body.matches("data-product>").count(), m.products.len().min(48));
    let (id, (q, r)) = all_time.iter().max_by_key(|(_, (_, r))| *r).unwrap();
    let page = stack.portal.get(&format!("/products?q={}", name(id).replace(' ', "+"))).await;
    assert!(page.shows(&format::qty(*q)) && page.shows(&money(*r)), "{}", name(id));
    let page = stack.portal.get("/products?q=no-such-product-xyz").await;
    assert!(page.shows(UZ.portal.empty_products));

    // The branch selector narrows every page: an empty branch shows nothing.
    let empty = stack.portal.create_branch("Yunusobod").await;
    let p = stack.portal.post("/branch", &[("branch", &empty), ("back", "/orders")]).await;
    assert_eq!((p.status, p.location.as_deref()), (303, Some("/orders")));
    assert!(stack.portal.get("/orders").await.shows(UZ.portal.empty_orders));
    assert_eq!(text_after(&stack.portal.get("/").await.body, "data-kpi=\"orders\"", "data-value").unwrap(), "0");
    assert_eq!(text_after(&stack.portal.get("/transactions").await.body, "data-count", "").unwrap(), "0");
    assert!(stack.portal.get("/products").await.shows(UZ.portal.empty_products));
    assert!(stack.portal.get("/employees").await.shows(UZ.portal.empty_employees));
    assert_eq!(stack.portal.get(&format!("/orders/{}", one.id)).await.status, 404, "not in the chosen branch");
    stack.portal.post("/branch", &[("branch", &stack.branch.clone()), ("back", "/")]).await;
    assert_eq!(
        text_after(&stack.portal.get("/").await.body, "data-kpi=\"orders\"", "data-value").unwrap(),
        orders.to_string()
    );
    stack.portal.post("/branch", &[("branch", ""), ("back", "/")]).await;
    assert_eq!(
        text_after(&stack.portal.get("/").await.body, "data-kpi=\"orders\"", "data-value").unwrap(),
        orders.to_string()
    );

    // A range that makes no sense is refused with a message; the default is shown.
    let p = stack.portal.get("/?from=2026-02-30&to=2026-03-01").await;
    assert_eq!((p.status, p.error_code().as_deref()), (400, Some("range")));
    stack.hub.stop();
}
on_both_databases!(figures);

fn ids(page: &Page, attr: &str) -> Vec<String> {
    page.attrs(attr)
}

async fn isolation(kind: DbKind) {
    let dir = tempfile::tempdir().unwrap();
    // B has a branch, a hub, sales and payment settings.
    let Some(mut b) = Stack::new(kind, dir.path(), 81).await else { return };
    b.hub.start().await;
    let creds = b.hub.provision(1);
    let mut terminal = RawTerminal::connect(b.hub.mqtt_port, &creds[0]).await;
    let branch = std::sync::Arc::new(firmware_sim::Branch::standard(firmware_sim::Business::Restaurant, "iso"));
    let mut flow = firmware_sim::Flow::new(branch, 3, false);
    for e in flow.catalog_events() {
        terminal.sell(&e).await;
    }
    for _ in 0..200 {
        let e = flow.next_event(Timestamp::now());
        terminal.sell(&e).await;
    }
    b.drained(Duration::from_secs(60)).await;
    let p = b
        .portal
        .post(
            &format!("/payment-settings/{}", b.branch),
            &[("store_id", "123"), ("application_id", "app-b"), ("secret", "b-secret-value"), ("enabled", "1")],
        )
        .await;
    assert_eq!(p.status, 303, "{p:?}");
    let order = ids(&b.portal.get("/orders").await, "data-order")[0].clone();
    let employee = ids(&b.portal.get("/employees").await, "data-employee")[0].clone();
    let payment = ids(&b.portal.get("/transactions").await, "data-payment")[0].clone();

    // A: another owner on the same cloud.
    let a = tests::cloud::Portal::new(&b.cloud);
    let owner_a = tests::cloud::Owner::numbered(82);
    a.register(&b.sms, &owner_a).await;
    for path in [
        format!("/orders/{order}"),
        format!("/employees/{employee}"),
        format!("/transactions/{payment}"),
        format!("/payment-settings?branch={}", b.branch),
    ] {
        let p = a.get(&path).await;
        assert_eq!(p.status, 404, "{path}");
        assert!(!p.body.contains(&b.owner.business), "{path} leaks nothing");
    }
    for (path, form) in [
        ("/branch".to_owned(), vec![("branch", b.branch.as_str()), ("back", "/")]),
        (
            format!("/payment-settings/{}", b.branch),
            vec![("store_id", "999"), ("application_id", "evil"), ("secret", "x")],
        ),
    ] {
        assert_eq!(a.post(&path, &form).await.status, 404, "{path}");
    }
    // A's lists are empty, and a forged branch cookie changes nothing.
    let login = tests::cloud::Portal::new(&b.cloud).login(&owner_a.phone, &owner_a.password).await;
    let sid =
        login.set_cookies.iter().find_map(|c| c.split(';').next().filter(|kv| kv.starts_with("__Host-sid="))).unwrap();
    for (path, empty) in [
        ("/orders", UZ.portal.empty_orders),
        ("/employees", UZ.portal.empty_employees),
        ("/products", UZ.portal.empty_products),
    ] {
        let r = tests::cloud::http_client()
            .get(b.cloud.url(path))
            .header("cookie", format!("{sid}; __Host-branch={}", b.branch))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        let body = r.text().await.unwrap();
        assert!(body.contains(&empty.replace('\'', "&#39;")), "{path}: {body}");
        assert!(!body.contains(b.branch.as_str()), "{path}");
    }
    // B's settings are untouched, the secret sealed at rest.
    let p = b.portal.get("/payment-settings").await;
    assert!(p.body.contains("value=\"123\"") && p.body.contains("value=\"app-b\""));
    assert!(!p.body.contains("b-secret-value"), "the secret never comes back to the page");
    let sealed: String = sqlx::query_scalar("SELECT secret_sealed FROM multicard_settings WHERE branch_id = $1")
        .bind(&b.branch)
        .fetch_one(&b.db.pool)
        .await
        .unwrap();
    assert!(sealed.starts_with("v1.") && !sealed.contains("b-secret"), "sealed at rest");
    b.hub.stop();
}
on_both_databases!(isolation);
