//! The saved card (B6): `GET /subscription/card` shows the card on file and
//! Payme's card form; `POST /subscription/card` stores the token the form got
//! from Payme; `POST /subscription/card/remove` removes the card.
//!
//! Payme's rule: the card number is typed into a form whose inputs have no
//! `name` and whose `form` has no `action`, and `web/static/card.js` sends it
//! from the browser straight to Payme (`cards.create`,
//! `cards.get_verify_code`, `cards.verify`, front-end `X-Auth: {merchant_id}`).
//! Only the token reaches us; we ask Payme about it ourselves (`cards.check`,
//! back-end auth) and keep the token sealed by the vault, the brand, the last
//! four digits and the expiry. That page alone may connect to Payme's host
//! (its CSP gets `connect-src`). Without JavaScript the page says a card can
//! only be added with it on.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use tracing::{info, warn};
use web::pages::{CardPage, CardView};

use super::store::cards::NewCard;
use super::subscribe_api::{SubscribeApi, SubscribeError, brand_of, expire_of, last4_of};
use crate::db::now_ms;
use crate::http::AppState;
use crate::http::error::{AppError, page};
use crate::http::layers::ConnectSrc;
use crate::portal::Viewing;

/// Payme's public offer, linked from the card form.
pub const PAYME_OFFER_URL: &str = "https://cdn.payme.uz/terms/main.html";

/// The card pages (owner pages group).
pub fn pages() -> Router<AppState> {
    Router::new()
        .route("/subscription/card", get(card_page).post(add_card))
        .route("/subscription/card/remove", post(remove_card))
}

#[derive(Debug, Default, Deserialize)]
struct Notice {
    #[serde(default)]
    saved: String,
    #[serde(default)]
    removed: String,
}

#[derive(Debug, Default, Deserialize)]
struct TokenForm {
    #[serde(default)]
    token: String,
}

#[derive(Debug, Default, Deserialize)]
struct RemoveForm {
    #[serde(default)]
    card: String,
}

/// Why a token was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CardRefusal {
    /// Not confirmed with the SMS code.
    Unverified,
    /// Saved without `save: true`: cannot be charged later.
    NotRecurrent,
    /// Payme does not know it (forged, removed, malformed).
    Unknown,
    /// A brand we do not take.
    Brand,
    /// Payme could not be reached.
    Unreachable,
}

impl CardRefusal {
    fn code(self) -> &'static str {
        match self {
            CardRefusal::Unverified => "card_unverified",
            CardRefusal::NotRecurrent => "card_not_recurrent",
            CardRefusal::Unknown => "card_unknown",
            CardRefusal::Brand => "card_brand",
            CardRefusal::Unreachable => "payme_unreachable",
        }
    }

    fn text(self, t: &web::i18n::Text) -> &'static str {
        match self {
            CardRefusal::Unverified => t.cards.err_unverified,
            CardRefusal::NotRecurrent => t.cards.err_not_recurrent,
            CardRefusal::Unknown => t.cards.err_unknown,
            CardRefusal::Brand => t.cards.err_brand,
            CardRefusal::Unreachable => t.cards.err_unreachable,
        }
    }
}

/// A token as posted: Payme's tokens are printable ASCII without spaces.
fn parse_token(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 1024 && t.bytes().all(|b| b.is_ascii_graphic())).then_some(t)
}

async fn render(
    state: &AppState,
    v: &Viewing,
    error: Option<CardRefusal>,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let t = v.t();
    let payme = &state.settings.billing.payme;
    let card = state.db.saved_card(&v.owner.business_id).await?.map(|c| CardView {
        expires: web::i18n::fill(t.cards.expires, &[("expiry", &c.expiry())]),
        id: c.id,
        brand: c.brand,
        last4: c.last4,
    });
    let connect = ConnectSrc::of_url(&payme.subscribe_url);
    let available = SubscribeApi::new(payme).is_ok() && connect.is_some();
    let body = CardPage {
        c: v.chrome(),
        card,
        available,
        subscribe_url: payme.subscribe_url.trim().to_owned(),
        merchant_id: payme.merchant_id.trim().to_owned(),
        offer_url: PAYME_OFFER_URL.to_owned(),
        error: error.map(|e| e.text(t).to_owned()),
        error_code: error.map(CardRefusal::code).unwrap_or_default().to_owned(),
        notice: notice.map(str::to_owned),
    };
    let mut res = page(&body)?;
    if let Some(c) = connect.filter(|_| available) {
        res.extensions_mut().insert(c);
    }
    if let Some(e) = error {
        *res.status_mut() =
            if e == CardRefusal::Unreachable { StatusCode::BAD_GATEWAY } else { StatusCode::BAD_REQUEST };
    }
    Ok(res)
}

async fn card_page(State(state): State<AppState>, v: Viewing, Query(q): Query<Notice>) -> Result<Response, AppError> {
    let t = v.t();
    let notice = if q.saved == "1" {
        Some(t.cards.added)
    } else if q.removed == "1" {
        Some(t.cards.removed)
    } else {
        None
    };
    render(&state, &v, None, notice).await
}

/// What Payme says about a token, as the card to store.
async fn check_token(api: &SubscribeApi, token: &str) -> Result<(String, String, String), CardRefusal> {
    let card = match api.cards_check(token).await {
        Ok(c) => c,
        Err(SubscribeError::Refused { code, .. }) => {
            info!(payme.code = code, "Payme does not know a posted card token");
            return Err(CardRefusal::Unknown);
        }
        Err(e) => {
            warn!(error = %e, "cards.check failed");
            return Err(CardRefusal::Unreachable);
        }
    };
    if !card.verify {
        return Err(CardRefusal::Unverified);
    }
    if !card.recurrent {
        return Err(CardRefusal::NotRecurrent);
    }
    let brand = brand_of(&card.number).ok_or(CardRefusal::Brand)?;
    let last4 = last4_of(&card.number).ok_or(CardRefusal::Unknown)?;
    let expire = expire_of(&card.expire).ok_or(CardRefusal::Unknown)?;
    Ok((brand.to_owned(), last4, expire))
}

async fn add_card(
    State(state): State<AppState>,
    v: Viewing,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let Ok(api) = SubscribeApi::new(&state.settings.billing.payme) else {
        return Err(AppError::NotFound);
    };
    let Some(token) = parse_token(&form.token) else {
        return render(&state, &v, Some(CardRefusal::Unknown), None).await;
    };
    let (brand, last4, expire) = match check_token(&api, token).await {
        Ok(c) => c,
        Err(e) => return render(&state, &v, Some(e), None).await,
    };
    let id = uuid::Uuid::now_v7().to_string();
    let token_sealed = state.vault.seal(token, &id).map_err(|e| AppError::Internal(e.to_string()))?;
    let card = NewCard { id, token_sealed, brand, last4, expire };
    state.db.save_card(&v.owner.business_id, &card, now_ms()).await?;
    info!(business.id = %v.owner.business_id, card.id = %card.id, card.brand = card.brand, "card saved");
    Ok(Redirect::to("/subscription/card?saved=1").into_response())
}

async fn remove_card(
    State(state): State<AppState>,
    v: Viewing,
    Form(form): Form<RemoveForm>,
) -> Result<Response, AppError> {
    let business = &v.owner.business_id;
    let id = form.card.trim();
    // Another business's card is not found, exactly like a card that never was.
    let card = state.db.card_to_charge(business, id).await?;
    match (SubscribeApi::new(&state.settings.billing.payme), state.vault.open(&card.token_sealed, &card.id)) {
        (Ok(api), Ok(token)) => {
            if let Err(e) = api.cards_remove(&token).await {
                // Ours goes regardless: the owner asked us never to charge it.
                warn!(card.id = %card.id, error = %e, "cards.remove failed; removed here");
            }
        }
        _ => warn!(card.id = %card.id, "card removed here only (Payme not configured or token unreadable)"),
    }
    state.db.remove_card(business, &card.id, now_ms()).await?;
    info!(business.id = %business, card.id = %card.id, "card removed");
    Ok(Redirect::to("/subscription/card?removed=1").into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_parse() {
        assert_eq!(parse_token(" abc-123_=+/ "), Some("abc-123_=+/"));
        assert_eq!(parse_token(""), None);
        assert_eq!(parse_token("a b"), None);
        assert_eq!(parse_token("ключ"), None);
        assert_eq!(parse_token(&"x".repeat(1025)), None);
    }

    #[test]
    fn connect_src_is_an_origin() {
        assert_eq!(
            ConnectSrc::of_url("https://checkout.paycom.uz/api"),
            Some(ConnectSrc("https://checkout.paycom.uz".into()))
        );
        assert_eq!(ConnectSrc::of_url("http://127.0.0.1:9000/api"), Some(ConnectSrc("http://127.0.0.1:9000".into())));
        assert_eq!(ConnectSrc::of_url("javascript:alert(1)"), None);
        assert_eq!(ConnectSrc::of_url("https://a.uz; script-src *"), None);
        assert_eq!(ConnectSrc::of_url("https:///api"), None);
    }
}
