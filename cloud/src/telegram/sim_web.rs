//! The simulator's stand-in for Telegram's web client (web.telegram.org):
//! a page that frames the Web App the way the client does, for the demo and
//! the browser tests. Each load makes fresh init data for its user, signed
//! with the bot's token as Telegram signs it, and hands it over in the
//! frame's address fragment with the theme parameters
//! (`#tgWebAppData=…&tgWebAppThemeParams=…`). The page speaks the client's
//! side of the event bridge: it shows its back button when the app asks
//! (`web_app_setup_back_button`), tells the app when it is pressed
//! (`back_button_pressed`), answers `web_app_request_theme` with
//! `theme_changed`, and lists every event it got (`#events`) so a test can
//! read them.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse as _, Response};
use axum::routing::get;
use serde::Deserialize;

use super::initdata::{self, TelegramUser};
use super::sim::BotSim;

/// Telegram's light theme parameters.
pub const LIGHT: &str = r##"{"bg_color":"#ffffff","secondary_bg_color":"#f1f1f1","text_color":"#000000","hint_color":"#999999","link_color":"#2481cc","button_color":"#2481cc","button_text_color":"#ffffff"}"##;
/// Telegram's night theme parameters.
pub const DARK: &str = r##"{"bg_color":"#212d3b","secondary_bg_color":"#151e27","text_color":"#ffffff","hint_color":"#7d8b99","link_color":"#5eabe1","button_color":"#5288c1","button_text_color":"#ffffff"}"##;

#[derive(Clone)]
struct Web {
    sim: BotSim,
    webapp_url: String,
    user: TelegramUser,
}

#[derive(Debug, Deserialize)]
struct WebQuery {
    #[serde(default)]
    theme: Option<String>,
}

/// `GET /web?theme=light|dark`: the web client's page framing `webapp_url`
/// for `user`.
pub fn router(sim: BotSim, webapp_url: &str, user: TelegramUser) -> Router {
    Router::new().route("/web", get(page)).with_state(Web { sim, webapp_url: webapp_url.to_owned(), user })
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn page(State(web): State<Web>, Query(q): Query<WebQuery>) -> Response {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let now = i64::try_from(now).unwrap_or(0);
    let query_id = format!("AAH{:016x}", rand::random::<u64>());
    let data = initdata::sign(web.sim.token(), &web.user, now, &query_id);
    let theme = if q.theme.as_deref() == Some("dark") { DARK } else { LIGHT };
    let src = format!(
        "{}#tgWebAppData={}&tgWebAppVersion=8.0&tgWebAppPlatform=weba&tgWebAppThemeParams={}",
        web.webapp_url,
        encode(&data),
        encode(theme)
    );
    let src_attr = src.replace('&', "&amp;").replace('"', "&quot;");
    let bg = if theme == DARK { "#151e27" } else { "#f1f1f1" };
    let html = format!(
        r#"<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telegram (simulated web client)</title>
<style>body{{margin:0;font:15px system-ui,sans-serif;background:{bg}}}header{{display:flex;gap:.5rem;align-items:center;padding:.5rem .8rem;background:#2481cc;color:#fff}}
header button{{background:none;border:0;color:#fff;font-size:1.1rem;cursor:pointer}}iframe{{display:block;width:100%;height:calc(100vh - 2.6rem);border:0}}#events{{display:none}}</style>
</head><body>
<header><button type="button" id="back" hidden aria-label="Back">&#8592;</button><strong>@{bot}</strong></header>
<iframe id="app" src="{src_attr}" title="Web App"></iframe>
<ol id="events"></ol>
<script>
(function () {{
  var frame = document.getElementById("app"), back = document.getElementById("back"), log = document.getElementById("events");
  var theme = {theme};
  function send(type, data) {{ frame.contentWindow.postMessage(JSON.stringify({{eventType: type, eventData: data || {{}}}}), "*"); }}
  window.addEventListener("message", function (e) {{
    if (e.source !== frame.contentWindow) {{ return; }}
    var m; try {{ m = JSON.parse(e.data); }} catch (err) {{ return; }}
    var li = document.createElement("li"); li.textContent = m.eventType + " " + JSON.stringify(m.eventData || {{}}); log.appendChild(li);
    if (m.eventType === "web_app_setup_back_button") {{ back.hidden = !(m.eventData && m.eventData.is_visible); }}
    if (m.eventType === "web_app_request_theme") {{ send("theme_changed", {{theme_params: theme}}); }}
  }});
  back.addEventListener("click", function () {{ send("back_button_pressed"); }});
}}());
</script>
</body></html>"#,
        bot = web.sim.username(),
        theme = theme,
    );
    Html(html).into_response()
}
