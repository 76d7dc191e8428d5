//! Branches (P9): cards, creation within the tariff's limit, hub enrolment
//! codes, and POS pairing (E6): approve by QR code or typed code, issue a POS
//! login, live POS status, disconnect after a confirmation.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use web::format::tashkent;
use web::pages::{BranchCard, BranchesPage, FormError, HubLine, HubRevokePage, TerminalRow, UnpairPage};

use web::i18n::{ErrorCode, fill};

use crate::branches::hubs;
use crate::branches::store::BranchCreated;
use crate::branches::store::pairing::NewTerminal;
use crate::http::AppState;
use crate::http::SignedIn;
use crate::http::error::{AppError, page};
use crate::ids::BranchId;
use crate::phone::Phone;
use crate::portal::Viewing;
use protocol::sync::TerminalRole;

/// The branch pages (owner pages).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/branches", get(list).post(create))
        .route("/branches/{id}/enrolment", post(enrolment))
        .route("/branches/{id}/pair", post(pair))
        .route("/branches/{id}/pos-login", post(pos_login))
        .route("/branches/{id}/pairing-window", post(pairing_window))
        .route("/branches/live", get(live))
        .route("/terminals/{id}/revoke", get(confirm_revoke).post(revoke))
        .route("/hubs/{id}/revoke", get(confirm_revoke_hub).post(revoke_hub))
        .route("/hubs/{id}/replace", post(replace_hub))
}

#[derive(Debug, Default, Deserialize)]
struct BranchForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    phone: String,
}

/// What one card shows once, after an action on it.
#[derive(Debug, Default)]
struct Flash {
    branch: String,
    enrolment: Option<(String, i64)>,
    /// The name of the hub the enrolment code replaces.
    replaces: Option<String>,
    pos_login: Option<(String, String, i64)>,
    paired: Option<String>,
    pair_error: Option<FormError>,
    pair_code: String,
}

fn terminal_state(t: &crate::branches::store::Terminal) -> &'static str {
    if t.revoked_at.is_some() {
        "revoked"
    } else if t.paired_at.is_none() {
        "waiting"
    } else if t.online {
        "active"
    } else {
        "offline"
    }
}

async fn render(
    state: &AppState,
    v: &Viewing,
    form: BranchForm,
    error: Option<FormError>,
    flash: Flash,
) -> Result<BranchesPage, AppError> {
    let t = v.t();
    let owner = &v.owner;
    // Read again: an action on this request (a pairing) may have changed the counts.
    let fresh = state.db.branches(&owner.business_id).await?;
    let branches: &Vec<_> = &fresh.into_iter().filter(|b| v.branches.iter().any(|x| x.id == b.id)).collect();
    let sub = state.db.subscription(&owner.business_id).await?;
    let mut cards = Vec::with_capacity(branches.len());
    for b in branches {
        let terminals = state.db.terminals(&owner.business_id, &b.id).await?;
        let window_until = state.db.pairing_window_of(&owner.business_id, &b.id).await?;
        let hub_rows = state.db.hubs_of(&owner.business_id, &b.id).await?;
        let mine = flash.branch == b.id;
        let (enrolment_code, enrolment_expires) = match &flash.enrolment {
            Some((c, expires)) if mine => {
                (Some(c.clone()), fill(t.branches.valid_until, &[("at", &tashkent(*expires))]))
            }
            _ => (None, String::new()),
        };
        let enrolment_replaces = match &flash.replaces {
            Some(name) if mine => fill(t.branches.hub_replaces, &[("name", name)]),
            _ => String::new(),
        };
        cards.push(BranchCard {
            id: b.id.to_string(),
            name: b.name.clone(),
            address: b.address.clone(),
            phone: b.phone.clone(),
            active: b.active,
            terminals_usage: fill(
                t.branches.terminals_usage,
                &[("used", &b.active_terminals.to_string()), ("max", &sub.max_terminals.to_string())],
            ),
            hubs: fill(t.branches.hubs_count, &[("n", &b.hubs.to_string())]),
            last_sync: b
                .last_sync_at
                .map(|at| fill(t.branches.last_sync, &[("at", &tashkent(at))]))
                .unwrap_or_default(),
            waiting: if b.waiting > 0 {
                fill(t.branches.waiting, &[("n", &b.waiting.to_string())])
            } else {
                String::new()
            },
            dead_letters: if b.dead_letters > 0 {
                fill(t.branches.dead_letters, &[("n", &b.dead_letters.to_string())])
            } else {
                String::new()
            },
            enrolment_code,
            enrolment_expires,
            enrolment_replaces,
            terminals: terminals
                .iter()
                .map(|x| TerminalRow {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    state: terminal_state(x),
                    role: x.role.code(),
                    short: x.short.map_or_else(String::new, |n| format!("№{n}")),
                })
                .collect(),
            pos_login: flash
                .pos_login
                .as_ref()
                .filter(|_| mine)
                .map(|(l, p, at)| (l.clone(), p.clone(), fill(t.branches.pos_login_issued, &[("at", &tashkent(*at))]))),
            paired: flash.paired.clone().filter(|_| mine),
            pair_error: flash.pair_error.clone().filter(|_| mine),
            pair_code: if mine { flash.pair_code.clone() } else { String::new() },
            window_open: window_until
                .map(|at| fill(t.branches.window_open, &[("at", &tashkent(at.0))]))
                .unwrap_or_default(),
            hub_rows: hub_rows
                .into_iter()
                .map(|h| HubLine {
                    id: h.id,
                    name: h.name,
                    fingerprint: h.fingerprint.unwrap_or_default(),
                    last_seen: h
                        .last_sync_at
                        .map(|at| fill(t.branches.last_sync, &[("at", &tashkent(at))]))
                        .unwrap_or_default(),
                    backlog: if h.outbox_depth > 0 || h.dead_letters > 0 {
                        fill(
                            t.branches.hub_backlog,
                            &[("outbox", &h.outbox_depth.to_string()), ("dead", &h.dead_letters.to_string())],
                        )
                    } else {
                        String::new()
                    },
                    software: if h.software.is_empty() {
                        String::new()
                    } else {
                        fill(t.branches.hub_software, &[("v", &h.software)])
                    },
                    lag: lag_text(t, h.sync_lag_ms),
                })
                .collect(),
        });
    }
    Ok(BranchesPage {
        c: v.chrome(),
        usage: fill(
            t.branches.branches_usage,
            &[("used", &branches.len().to_string()), ("max", &sub.max_branches.to_string())],
        ),
        can_create: (branches.len() as i64) < sub.max_branches,
        branches: cards,
        name: form.name,
        address: form.address,
        phone: form.phone,
        error,
        window_choices: WINDOW_CHOICES
            .iter()
            .map(|&m| (m, fill(t.branches.window_minutes, &[("n", &m.to_string())])))
            .collect(),
    })
}

/// "12 min behind" (or hours past two hours) for a hub whose oldest waiting
/// event had waited a minute or more; empty otherwise.
fn lag_text(t: &web::i18n::Text, lag_ms: i64) -> String {
    let minutes = lag_ms / 60_000;
    match minutes {
        ..1 => String::new(),
        1..120 => fill(t.branches.hub_lag_min, &[("n", &minutes.to_string())]),
        _ => fill(t.branches.hub_lag_h, &[("n", &(minutes / 60).to_string())]),
    }
}

/// The lengths, in minutes, the owner may open the hub's pairing window for
/// (the hub's own page allows up to an hour as well).
const WINDOW_CHOICES: [u32; 3] = [10, 30, 60];

#[derive(Debug, Default, Deserialize)]
struct WindowForm {
    #[serde(default)]
    minutes: String,
}

/// Opens the branch hub's pairing window for 10, 30 or 60 minutes, or
/// closes it (`minutes=0`). The hub hears of it through its watch call
/// within a second when it is online.
async fn pairing_window(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Form(form): Form<WindowForm>,
) -> Result<Response, AppError> {
    v.writable()?;
    let id = BranchId::parse(&id).ok_or(AppError::NotFound)?;
    let until = match form.minutes.trim().parse::<u32>() {
        Ok(0) => None,
        Ok(m) if WINDOW_CHOICES.contains(&m) => Some(crate::db::now_ms().saturating_add(i64::from(m) * 60_000)),
        _ => {
            state.db.branch(&v.owner.business_id, &id).await?;
            let error = FormError::new(v.t(), ErrorCode::PairWindow, &[]);
            let flash = Flash { branch: id.to_string(), pair_error: Some(error), ..Flash::default() };
            let mut res = page(&render(&state, &v, BranchForm::default(), None, flash).await?)?;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(res);
        }
    };
    state.db.set_pairing_window(&v.owner.business_id, &id, until).await?;
    state.config_changed();
    tracing::info!(branch.id = %id, until, "pairing window set in the portal");
    Ok(Redirect::to("/branches").into_response())
}

async fn list(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    page(&render(&state, &v, BranchForm::default(), None, Flash::default()).await?)
}

async fn create(State(state): State<AppState>, v: Viewing, Form(form): Form<BranchForm>) -> Result<Response, AppError> {
    v.writable()?;
    let name = form.name.trim().to_owned();
    let address: String = form.address.trim().chars().take(200).collect();
    let error = if name.chars().count() < 2 || name.chars().count() > 100 {
        Some(FormError::new(v.t(), ErrorCode::BranchName, &[]))
    } else {
        None
    };
    let phone = match form.phone.trim() {
        "" => Ok(String::new()),
        p => Phone::parse(p).map(|p| p.to_string()),
    };
    let error = error.or_else(|| phone.is_err().then(|| FormError::new(v.t(), ErrorCode::BadPhone, &[])));
    if let Some(error) = error {
        let mut res = page(&render(&state, &v, form, Some(error), Flash::default()).await?)?;
        *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
        return Ok(res);
    }
    let phone = phone.unwrap_or_default();
    match state.db.create_branch(&v.owner.business_id, &name, &address, &phone).await? {
        BranchCreated::Created(_) => Ok(Redirect::to("/branches").into_response()),
        BranchCreated::LimitReached { max } => {
            let error = FormError::new(v.t(), ErrorCode::BranchLimit, &[("max", max.to_string())]);
            let mut res = page(&render(&state, &v, form, Some(error), Flash::default()).await?)?;
            *res.status_mut() = axum::http::StatusCode::BAD_REQUEST;
            Ok(res)
        }
    }
}

async fn enrolment(State(state): State<AppState>, v: Viewing, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = BranchId::parse(&id).ok_or(AppError::NotFound)?;
    let (code, expires) = hubs::issue_code(&state.db, &v.owner.business_id, &id, None).await?;
    let flash = Flash { branch: id.to_string(), enrolment: Some((code, expires)), ..Flash::default() };
    page(&render(&state, &v, BranchForm::default(), None, flash).await?)
}

#[derive(Debug, Default, Deserialize)]
struct PairForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// The role field of a pairing form: `cashier` (also when absent) or `manager`.
fn role_of(field: &str) -> Option<TerminalRole> {
    TerminalRole::from_code(if field.is_empty() { "cashier" } else { field })
}

/// Approves a device: the scanned QR text (`POSPAIR1:…`) or the typed code.
async fn pair(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Form(form): Form<PairForm>,
) -> Result<Response, AppError> {
    use crate::branches::store::pairing::Approved;
    use protocol::pairing::{PairingCode, QrPayload};
    v.writable()?;
    let business = v.owner.business_id.clone();
    // A branch that is not the viewer's is a 404 before anything else.
    let id = BranchId::parse(&id).ok_or(AppError::NotFound)?;
    state.db.branch(&business, &id).await?;
    let typed = form.code.trim().chars().take(200).collect::<String>();
    let name: String = form.name.trim().chars().take(64).collect();
    let role = role_of(&form.role);
    let terminal = NewTerminal { name: &name, role: role.unwrap_or_default() };
    let fail =
        |code: ErrorCode, values: &[(&str, String)], status: StatusCode| (FormError::new(v.t(), code, values), status);
    let outcome = if role.is_none() {
        Err(fail(ErrorCode::PairRole, &[], StatusCode::BAD_REQUEST))
    } else if !state.db.rate_allow(&format!("pair:{business}"), 10 * 60_000, 60).await? {
        Err(fail(ErrorCode::TooManyRequests, &[], StatusCode::TOO_MANY_REQUESTS))
    } else if typed.get(..8).is_some_and(|prefix| prefix.eq_ignore_ascii_case("POSPAIR1")) {
        let text = typed.clone();
        match tokio::task::spawn_blocking(move || QrPayload::parse(&text)).await {
            Ok(Ok(qr)) => Ok(state.db.approve_qr(&business, &id, qr.device, &qr.key, terminal).await?),
            _ => Err(fail(ErrorCode::PairBadQr, &[], StatusCode::BAD_REQUEST)),
        }
    } else {
        match PairingCode::parse(&typed) {
            Ok(code) => Ok(state.db.approve_code(&business, &id, code.as_str(), terminal).await?),
            Err(_) => Err(fail(ErrorCode::PairCode, &[], StatusCode::BAD_REQUEST)),
        }
    };
    let outcome = outcome.and_then(|approved| match approved {
        Approved::Bound { device, name } => Ok((device, name)),
        Approved::Unknown => Err(fail(ErrorCode::PairWrong, &[], StatusCode::NOT_FOUND)),
        Approved::Expired => Err(fail(ErrorCode::PairExpired, &[], StatusCode::GONE)),
        Approved::Used => Err(fail(ErrorCode::PairUsed, &[], StatusCode::CONFLICT)),
        Approved::Ambiguous => Err(fail(ErrorCode::PairAmbiguous, &[], StatusCode::CONFLICT)),
        Approved::BoundElsewhere => Err(fail(ErrorCode::PairElsewhere, &[], StatusCode::CONFLICT)),
        Approved::LimitReached { max } => {
            Err(fail(ErrorCode::TerminalLimit, &[("max", max.to_string())], StatusCode::CONFLICT))
        }
    });
    let (flash, status) = match outcome {
        Ok((device, name)) => {
            state.config_changed();
            tracing::info!(terminal.id = device, branch.id = %id, "device approved in the portal");
            let paired = Some(fill(v.t().branches.paired_ok, &[("name", &name)]));
            (Flash { branch: id.to_string(), paired, ..Flash::default() }, StatusCode::OK)
        }
        Err((error, status)) => {
            (Flash { branch: id.to_string(), pair_error: Some(error), pair_code: typed, ..Flash::default() }, status)
        }
    };
    let mut res = page(&render(&state, &v, BranchForm::default(), None, flash).await?)?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
struct PosLoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// How long a POS login may wait to be typed.
const POS_LOGIN_TTL_MS: i64 = 24 * 3_600_000;

/// Issues a POS login and password for one device, shown once.
async fn pos_login(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Form(form): Form<PosLoginForm>,
) -> Result<Response, AppError> {
    v.writable()?;
    let business = v.owner.business_id.clone();
    let id = BranchId::parse(&id).ok_or(AppError::NotFound)?;
    state.db.branch(&business, &id).await?;
    let name: String = form.name.trim().chars().take(64).collect();
    let name = if name.is_empty() { "POS".to_owned() } else { name };
    let Some(role) = role_of(&form.role) else {
        return Err(AppError::Refused { code: ErrorCode::PairRole, values: Vec::new() });
    };
    let expires = crate::db::now_ms() + POS_LOGIN_TTL_MS;
    let mut issued = None;
    for _ in 0..5 {
        let login = protocol::pairing::new_login().map_err(|e| AppError::Internal(e.to_string()))?;
        let password = protocol::pairing::new_password().map_err(|e| AppError::Internal(e.to_string()))?;
        let (l, p) = (login.clone(), password.clone());
        let verifier = tokio::task::spawn_blocking(move || protocol::pairing::login_verifier(&l, &p))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(e.to_string()))?;
        match state
            .db
            .issue_pos_login(&business, &id, &login, &verifier, NewTerminal { name: &name, role }, expires)
            .await
        {
            Ok(None) => {
                issued = Some(Ok((login, password)));
                break;
            }
            Ok(Some(max)) => {
                issued = Some(Err(max));
                break;
            }
            Err(crate::db::DbError::Conflict) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let (flash, status) = match issued {
        Some(Ok((login, password))) => {
            state.config_changed();
            tracing::info!(branch.id = %id, login, "POS login issued");
            (
                Flash { branch: id.to_string(), pos_login: Some((login, password, expires)), ..Flash::default() },
                StatusCode::OK,
            )
        }
        Some(Err(max)) => {
            let error = FormError::new(v.t(), ErrorCode::TerminalLimit, &[("max", max.to_string())]);
            (Flash { branch: id.to_string(), pair_error: Some(error), ..Flash::default() }, StatusCode::CONFLICT)
        }
        None => return Err(AppError::Internal("no free POS login after 5 tries".to_owned())),
    };
    let mut res = page(&render(&state, &v, BranchForm::default(), None, flash).await?)?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Debug, serde::Serialize)]
struct LiveTerminal {
    id: String,
    state: &'static str,
    label: &'static str,
}

#[derive(Debug, serde::Serialize)]
struct Live {
    terminals: Vec<LiveTerminal>,
}

/// Every terminal's state, for the branch page's live badges.
async fn live(State(state): State<AppState>, v: Viewing) -> Result<Response, AppError> {
    let t = v.t();
    let mut terminals = Vec::new();
    for b in &v.branches {
        for x in state.db.terminals(&v.owner.business_id, &b.id).await? {
            let state = terminal_state(&x);
            let label = match state {
                "active" => t.branches.pos_active,
                "waiting" => t.branches.pos_waiting,
                "revoked" => t.branches.revoked,
                _ => t.branches.pos_offline,
            };
            terminals.push(LiveTerminal { id: x.id, state, label });
        }
    }
    Ok(axum::Json(Live { terminals }).into_response())
}

/// "Ulanishni o'chirish": asks before revoking.
async fn confirm_revoke(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    for b in &v.branches {
        if let Some(x) = state.db.terminals(&v.owner.business_id, &b.id).await?.into_iter().find(|x| x.id == id) {
            return page(&UnpairPage { c: v.chrome(), id: x.id, name: x.name, branch: b.name.clone() });
        }
    }
    Err(AppError::NotFound)
}

#[derive(Debug, Default, Deserialize)]
struct RevokeForm {
    #[serde(default)]
    confirm: String,
}

async fn revoke(
    State(state): State<AppState>,
    SignedIn(owner): SignedIn,
    Path(id): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, AppError> {
    if form.confirm != "yes" {
        // Not confirmed (an old form, or a crafted post): ask first.
        return Ok(Redirect::to(&format!("/terminals/{id}/revoke")).into_response());
    }
    state.db.revoke_terminal(&owner.business_id, &id).await?;
    state.config_changed();
    tracing::info!(terminal.id = id, "terminal unpaired in the portal");
    Ok(Redirect::to("/branches").into_response())
}

/// "Revoke hub": asks before revoking.
async fn confirm_revoke_hub(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (hub, _, branch) = state.db.hub_of(&v.owner.business_id, &id).await?;
    page(&HubRevokePage { c: v.chrome(), id: hub.id, name: hub.name, branch })
}

/// Revokes a hub's credential once confirmed: its next call gets 401.
async fn revoke_hub(
    State(state): State<AppState>,
    v: Viewing,
    client: crate::http::extract::Client,
    Path(id): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, AppError> {
    v.writable()?;
    if form.confirm != "yes" {
        return Ok(Redirect::to(&format!("/hubs/{id}/revoke")).into_response());
    }
    let by = crate::branches::store::hubs::Revoker {
        owner_id: &v.owner.id,
        phone: &v.owner.phone,
        client_addr: &client.addr,
    };
    state.db.revoke_hub(&v.owner.business_id, &id, by).await?;
    tracing::info!(hub.id = id, "hub revoked in the portal");
    Ok(Redirect::to("/branches").into_response())
}

/// "Replace this hub": a new enrolment code whose hub, once enrolled,
/// retires this one (the credential of a replaced box, or one rotated with
/// `edge-hub enroll --force`). The old credential works until then, so the
/// branch never stops syncing.
async fn replace_hub(
    State(state): State<AppState>,
    v: Viewing,
    Path(id): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Result<Response, AppError> {
    v.writable()?;
    if form.confirm != "yes" {
        return Ok(Redirect::to(&format!("/hubs/{id}/revoke")).into_response());
    }
    let (hub, branch, _) = state.db.hub_of(&v.owner.business_id, &id).await?;
    let (code, expires) = hubs::issue_code(&state.db, &v.owner.business_id, &branch, Some(&hub.id)).await?;
    tracing::info!(hub.id = id, "replacement enrolment code issued in the portal");
    let flash = Flash {
        branch: branch.to_string(),
        enrolment: Some((code, expires)),
        replaces: Some(hub.name),
        ..Flash::default()
    };
    page(&render(&state, &v, BranchForm::default(), None, flash).await?)
}
