//! Walk-ins: a shipment registered at a desk on a label of the company's
//! roll becomes a `cargo_shipments` row (source `desk`, no client, the desk's
//! office as origin); a newer revision updates it; a label off the
//! company's rolls, a barcode already another shipment's, or a walk-in of
//! another office is refused and nothing is stored.

use std::collections::{HashMap, HashSet};

use protocol::sync::SyncEvent;
use protocol::{DeskShipment, ShipmentStatus, Version};
use sqlx::Row as _;

use super::{DeskCounts, Rolls, Shipment};
use crate::branches::store::HubAuth;
use crate::db::{DbResult, Tx};
use crate::db::{Val, insert_rows, select_in};

/// A walk-in's revision as stored.
#[derive(Debug, Clone)]
struct HeldWalkIn {
    branch: String,
    barcode: String,
    version: Version,
}

#[allow(clippy::too_many_arguments)] // one step of one batch; the arguments are its state
pub(super) async fn apply(
    tx: &mut Tx,
    hub: &HubAuth,
    walk_ins: &[(&SyncEvent, &DeskShipment)],
    rolls: &Rolls,
    shipments: &mut HashMap<String, Shipment>,
    touched: &mut HashSet<String>,
    counts: &mut DeskCounts,
    now: i64,
) -> DbResult<()> {
    if walk_ins.is_empty() {
        return Ok(());
    }
    let business = hub.business_id.to_string();
    let branch = hub.branch_id.to_string();
    let ids: Vec<String> = walk_ins.iter().map(|(_, d)| d.id.to_string()).collect();
    let mut held: HashMap<String, HeldWalkIn> = HashMap::new();
    let mut bad: Option<crate::db::DbError> = None;
    select_in(
        tx,
        "SELECT shipment_id, branch_id, barcode, revision, updated_at FROM cargo_desk_shipments WHERE shipment_id",
        &ids,
        |r| {
            let revision: i64 = r.try_get(3)?;
            let Ok(revision) = u32::try_from(revision) else {
                bad = Some(crate::db::DbError::Corrupt("walk-in revision".into()));
                return Ok(());
            };
            held.insert(
                r.try_get(0)?,
                HeldWalkIn {
                    branch: r.try_get(1)?,
                    barcode: r.try_get(2)?,
                    version: Version { revision, updated_at: protocol::Timestamp(r.try_get(4)?) },
                },
            );
            Ok(())
        },
    )
    .await?;
    if let Some(e) = bad {
        return Err(e);
    }
    let mut winners: HashMap<String, (&SyncEvent, &DeskShipment)> = HashMap::new();
    for &(event, d) in walk_ins {
        let id = d.id.to_string();
        let barcode = d.barcode.as_str();
        let version = d_version(d);
        let clash = shipments.get(barcode).is_some_and(|s| s.id != id || s.business != business);
        let refused = !rolls.ours(&d.barcode)
            || clash
            || held.get(&id).is_some_and(|h| h.branch != branch || h.barcode != barcode);
        if refused {
            counts.refused += 1;
            tracing::warn!(business.id = %business, branch.id = %branch, shipment.id = %id, "a walk-in refused");
            continue;
        }
        if held.get(&id).is_some_and(|h| h.version >= version) {
            counts.superseded += 1;
            continue;
        }
        counts.applied += 1;
        held.insert(id.clone(), HeldWalkIn { branch: branch.clone(), barcode: barcode.to_owned(), version });
        winners.insert(id, (event, d));
    }
    if winners.is_empty() {
        return Ok(());
    }
    let origin = office_place(tx, &branch).await?;
    let mut created: Vec<(&SyncEvent, &DeskShipment)> = Vec::new();
    let mut desk_rows: Vec<Vec<Val>> = Vec::with_capacity(winners.len());
    for (event, d) in winners.into_values() {
        desk_rows.push(vec![
            Val::T(d.id.to_string()),
            Val::T(business.clone()),
            Val::T(branch.clone()),
            Val::T(event.terminal.to_string()),
            Val::T(d.barcode.as_str().to_owned()),
            Val::T(d.employee.to_string()),
            Val::I(i64::from(d.revision)),
            Val::I(d.updated_at.0),
        ]);
        let barcode = d.barcode.as_str().to_owned();
        touched.insert(barcode.clone());
        if shipments.contains_key(&barcode) {
            update_walk_in(tx, d, now).await?;
        } else {
            created.push((event, d));
        }
    }
    created.sort_by_key(|(_, d)| (d.created_at, d.id));
    if !created.is_empty() {
        let n = i64::try_from(created.len()).unwrap_or(i64::MAX);
        let last = take_numbers(tx, &business, n).await?;
        let districts: Vec<String> = created.iter().map(|(_, d)| d.receiver_district.clone()).collect();
        let regions = regions_of(tx, &districts).await?;
        let mut rows = Vec::with_capacity(created.len());
        for (i, (_, d)) in created.iter().enumerate() {
            let number = last - n + 1 + i64::try_from(i).unwrap_or(0);
            let region = regions.get(&d.receiver_district).cloned().unwrap_or_default();
            rows.push(walk_in_row(&business, &branch, &origin, number, &region, d));
            shipments.insert(
                d.barcode.as_str().to_owned(),
                Shipment {
                    id: d.id.to_string(),
                    business: business.clone(),
                    destination: None,
                    origin: Some(branch.clone()),
                    receiver_district: d.receiver_district.clone(),
                    status: ShipmentStatus::Created.code().to_owned(),
                    status_at: d.created_at.0,
                    client: None,
                    cod_amount: 0,
                    number,
                    contract: None,
                },
            );
        }
        insert_rows(
            tx,
            concat!(
                "INSERT INTO cargo_shipments (id, business_id, barcode, number, client_id, source, status, status_at, ",
                "ship_date, sender_name, sender_phone, sender_region, sender_district, sender_address, receiver_name, ",
                "receiver_phone, receiver_region, receiver_district, receiver_address, delivery, parcel_type, ",
                "weight_g, pieces, price, origin_office, destination_office, created_at, updated_at)"
            ),
            28,
            "",
            rows,
        )
        .await?;
    }
    insert_rows(
        tx,
        "INSERT INTO cargo_desk_shipments (shipment_id, business_id, branch_id, terminal_id, barcode, employee_id, \
         revision, updated_at)",
        8,
        "ON CONFLICT (shipment_id) DO UPDATE SET terminal_id = excluded.terminal_id, \
         employee_id = excluded.employee_id, revision = excluded.revision, updated_at = excluded.updated_at",
        desk_rows,
    )
    .await?;
    Ok(())
}

/// Takes `n` order numbers of the company's counter (`number:{business}`,
/// shared with the cabinet); returns the last. Should a number be in use
/// already (a counter behind the rows), it moves past them: a clash would
/// fail the hub's batch over and over.
async fn take_numbers(tx: &mut Tx, business: &str, n: i64) -> DbResult<i64> {
    let name = format!("number:{business}");
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO cargo_counters (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = cargo_counters.value + excluded.value RETURNING value",
    )
    .bind(&name)
    .bind(n)
    .fetch_one(&mut **tx)
    .await?;
    let highest: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(number), 0) AS BIGINT) FROM cargo_shipments WHERE business_id = $1",
    )
    .bind(business)
    .fetch_one(&mut **tx)
    .await?;
    if highest <= last - n {
        return Ok(last);
    }
    let last = highest.saturating_add(n);
    sqlx::query("UPDATE cargo_counters SET value = $2 WHERE name = $1")
        .bind(&name)
        .bind(last)
        .execute(&mut **tx)
        .await?;
    Ok(last)
}

fn d_version(d: &DeskShipment) -> Version {
    Version { revision: d.revision, updated_at: d.updated_at }
}

/// Where an office is: (region, district) SOATO codes, empty when the
/// branch is not registered as an office.
async fn office_place(tx: &mut Tx, branch: &str) -> DbResult<(String, String)> {
    let row = sqlx::query("SELECT region_soato, district_soato FROM cargo_offices WHERE branch_id = $1")
        .bind(branch)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match row {
        Some(r) => (r.try_get(0)?, r.try_get(1)?),
        None => (String::new(), String::new()),
    })
}

/// Region SOATO of each district SOATO.
async fn regions_of(tx: &mut Tx, districts: &[String]) -> DbResult<HashMap<String, String>> {
    let mut unique = districts.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let mut out = HashMap::new();
    select_in(tx, "SELECT soato, region_soato FROM districts WHERE soato", &unique, |r| {
        out.insert(r.try_get(0)?, r.try_get(1)?);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// What a desk's parcel is, by weight (the desk does not say).
fn parcel_type_by_weight(weight_g: u32) -> protocol::ParcelType {
    match weight_g {
        0..=5_000 => protocol::ParcelType::Small,
        5_001..=30_000 => protocol::ParcelType::Box,
        _ => protocol::ParcelType::Cargo,
    }
}

fn walk_in_row(
    business: &str,
    branch: &str,
    origin: &(String, String),
    number: i64,
    region: &str,
    d: &DeskShipment,
) -> Vec<Val> {
    let delivery = if d.receiver_address.trim().is_empty() { "office" } else { "door" };
    vec![
        Val::T(d.id.to_string()),
        Val::T(business.to_owned()),
        Val::T(d.barcode.as_str().to_owned()),
        Val::I(number),
        Val::OptT(None),
        Val::T("desk".to_owned()),
        Val::T(ShipmentStatus::Created.code().to_owned()),
        Val::I(d.created_at.0),
        Val::T(web::format::iso_date(web::format::tashkent_day(d.created_at.0))),
        Val::T(d.sender_name.clone()),
        Val::T(d.sender_phone.clone()),
        Val::T(origin.0.clone()),
        Val::T(origin.1.clone()),
        Val::T(String::new()),
        Val::T(d.receiver_name.clone()),
        Val::T(d.receiver_phone.clone()),
        Val::T(region.to_owned()),
        Val::T(d.receiver_district.clone()),
        Val::T(d.receiver_address.clone()),
        Val::T(delivery.to_owned()),
        Val::T(parcel_type_by_weight(d.weight_g).code().to_owned()),
        Val::I(i64::from(d.weight_g)),
        Val::I(i64::from(d.pieces)),
        Val::I(d.price.tiyin()),
        Val::OptT(Some(branch.to_owned())),
        Val::OptT(None),
        Val::I(d.created_at.0),
        Val::I(d.updated_at.0),
    ]
}

/// A newer revision of a walk-in already stored.
async fn update_walk_in(tx: &mut Tx, d: &DeskShipment, now: i64) -> DbResult<()> {
    sqlx::query(concat!(
        "UPDATE cargo_shipments SET sender_name = $2, sender_phone = $3, receiver_name = $4, receiver_phone = $5, ",
        "receiver_district = $6, receiver_region = COALESCE((SELECT region_soato FROM districts WHERE soato = $6), ''), ",
        "receiver_address = $7, delivery = $8, weight_g = $9, pieces = $10, price = $11, updated_at = $12 ",
        "WHERE id = $1 AND source = 'desk'"
    ))
    .bind(d.id.to_string())
    .bind(&d.sender_name)
    .bind(&d.sender_phone)
    .bind(&d.receiver_name)
    .bind(&d.receiver_phone)
    .bind(&d.receiver_district)
    .bind(&d.receiver_address)
    .bind(if d.receiver_address.trim().is_empty() { "office" } else { "door" })
    .bind(i64::from(d.weight_g))
    .bind(i64::from(d.pieces))
    .bind(d.price.tiyin())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
