//! The portal as a Telegram Web App (P14). The bot's menu button opens
//! `/tg`; Telegram hands the page its init data in the address's fragment
//! (`#tgWebAppData=…`), which the server never sees: the page's script posts
//! it to `/tg/signin`, which checks it ([`super::initdata`]), refuses it a
//! second time, and signs the linked owner in with the Web App's session
//! cookie (see [`crate::http::Ui::cookie`]). From there the owner walks the
//! ordinary portal pages, framed by Telegram's web client only.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse as _, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use tracing::{info, warn};
use web::i18n::fill;
use web::pages::{MessagePage, WebAppEntryPage};

use super::{initdata, store};
use crate::http::error::page;
use crate::http::{AppError, AppState, Client, LANG_COOKIE, SESSION_COOKIE, Ui, YEAR_S, session_token, with_cookie};

/// The Web App's pages (the entry group: see `crate::http`).
pub fn pages() -> Router<AppState> {
    Router::new().route("/tg", get(entry)).route("/tg/signin", post(signin))
}

async fn entry(ui: Ui) -> Result<Response, AppError> {
    page(&WebAppEntryPage { c: ui.chrome() })
}

#[derive(Debug, Deserialize)]
struct SigninForm {
    #[serde(default)]
    init_data: String,
}

fn message(ui: &Ui, status: StatusCode, title: &str, text: String) -> Result<Response, AppError> {
    let body = page(&MessagePage { c: ui.chrome(), title: title.to_owned(), text })?;
    Ok((status, body).into_response())
}

async fn signin(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    Form(form): Form<SigninForm>,
) -> Result<Response, AppError> {
    let t = ui.t();
    let refused =
        |ui: &Ui| message(ui, StatusCode::FORBIDDEN, t.telegram.refused_title, t.telegram.refused_text.into());
    let Some(token) = super::bot_token(&state)? else {
        state.metrics.telegram_signin("refused");
        return refused(&ui);
    };
    let now_ms = crate::db::now_ms();
    let verified = match initdata::verify(form.init_data.trim(), &token, now_ms / 1000) {
        Ok(v) => v,
        Err(e) => {
            warn!(reason = %e, client.addr = client.addr, "telegram init data refused");
            state.metrics.telegram_signin("refused");
            return refused(&ui);
        }
    };
    let Some(link) = store::link_of_user(&state.db, verified.user.id).await? else {
        state.metrics.telegram_signin("not_linked");
        let bot = format!("@{}", state.settings.telegram.bot_username);
        return message(
            &ui,
            StatusCode::OK,
            t.telegram.not_linked_title,
            fill(t.telegram.not_linked_text, &[("bot", &bot)]),
        );
    };
    let keep_until = verified.auth_date.saturating_add(initdata::MAX_AGE_S + 600).saturating_mul(1000);
    if !store::first_use_of_init(&state.db, &verified.hash, keep_until).await? {
        // The same launch posting again (a reload of /tg): fine while this
        // browser's session is still that owner's; a replay anywhere else.
        if let Some(held) = session_token(&headers)
            && let Ok(owner) = state.accounts.session(&held).await
            && owner.id == link.owner_id
        {
            return Ok(Redirect::to("/").into_response());
        }
        warn!(client.addr = client.addr, "telegram init data replayed; refused");
        state.metrics.telegram_signin("replayed");
        return refused(&ui);
    }
    let session = state.accounts.session_for_linked(&link.owner_id, &client.addr, &client.user_agent).await?;
    if store::link_of_user(&state.db, verified.user.id).await?.is_none_or(|l| l.owner_id != link.owner_id) {
        // Unlinked meanwhile: the session must not outlive the link.
        state.accounts.end_telegram_sessions(&link.owner_id).await?;
        state.metrics.telegram_signin("refused");
        return refused(&ui);
    }
    info!(owner.id = link.owner_id, "signed in from Telegram");
    state.metrics.telegram_signin("signed_in");
    let secure = state.settings.cookies_secure();
    let res = Redirect::to("/").into_response();
    let res =
        with_cookie(res, ui.cookie(SESSION_COOKIE, &session.token, state.accounts.policy().session_max_s, secure));
    Ok(with_cookie(res, ui.cookie(LANG_COOKIE, &session.language, YEAR_S, secure)))
}
