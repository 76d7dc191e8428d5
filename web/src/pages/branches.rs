//! Branches' pages: the branch cards (hub enrolment, terminals, pairing, POS
//! logins) and the unpairing confirmation.

use askama::Template;

use super::{Chrome, FormError};

/// A terminal on a branch card.
#[derive(Debug, Clone, Default)]
pub struct TerminalRow {
    /// Id (for the revoke form).
    pub id: String,
    /// Name.
    pub name: String,
    /// `active` (green), `offline` (grey), `waiting` (approved, the device
    /// has not collected its credential yet) or `revoked`.
    pub state: &'static str,
    /// `cashier` or `manager`.
    pub role: &'static str,
    /// "№2" (its short number; order numbers read `2-015`), or empty.
    pub short: String,
}

/// A branch card.
#[derive(Debug, Clone, Default)]
pub struct BranchCard {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// Faol / Nofaol.
    pub active: bool,
    /// "2 / 10 POS".
    pub terminals_usage: String,
    /// "hub: 1".
    pub hubs: String,
    /// "Oxirgi sinxronlash: …" or empty.
    pub last_sync: String,
    /// "… kutmoqda: N" or empty.
    pub waiting: String,
    /// The warning about dead letters, or empty.
    pub dead_letters: String,
    /// A fresh enrolment code to show once.
    pub enrolment_code: Option<String>,
    /// When that code expires (formatted).
    pub enrolment_expires: String,
    /// "When a hub enrols with this code, hub X stops working", or empty.
    pub enrolment_replaces: String,
    /// Terminals.
    pub terminals: Vec<TerminalRow>,
    /// A POS login just issued: login, password, "valid until" text.
    pub pos_login: Option<(String, String, String)>,
    /// "Kassa 2 ulandi…" after an approval on this card.
    pub paired: Option<String>,
    /// What went wrong with pairing on this card.
    pub pair_error: Option<FormError>,
    /// The code or QR text typed, kept on error.
    pub pair_code: String,
    /// "Pairing window open until …", or empty when it is closed.
    pub window_open: String,
    /// The branch's live hubs.
    pub hub_rows: Vec<HubLine>,
}

/// One live hub on a branch card.
#[derive(Debug, Clone, Default)]
pub struct HubLine {
    /// Its id.
    pub id: String,
    /// The name it enrolled with.
    pub name: String,
    /// Its identity's fingerprint, or empty until it has told it.
    pub fingerprint: String,
    /// "Last sync: …", or empty.
    pub last_seen: String,
    /// What it holds for the cloud and what the cloud refused, or empty
    /// when both are nothing.
    pub backlog: String,
    /// "version 0.1.0", or empty when the hub has not said.
    pub software: String,
    /// "12 min behind" when its oldest waiting event had waited a minute or
    /// more at its last call, else empty.
    pub lag: String,
}

/// "Revoke hub" confirmation.
#[derive(Debug, Template, Default)]
#[template(path = "branches/hub_revoke.html")]
pub struct HubRevokePage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The hub's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its branch's name.
    pub branch: String,
}

/// "Ulanishni o'chirish" confirmation.
#[derive(Debug, Template, Default)]
#[template(path = "branches/unpair.html")]
pub struct UnpairPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// The terminal's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its branch's name.
    pub branch: String,
}

/// "Filiallar".
#[derive(Debug, Template, Default)]
#[template(path = "branches/branches.html")]
pub struct BranchesPage {
    /// Layout: language, catalog, CSRF token, viewer.
    pub c: Chrome,
    /// Cards.
    pub branches: Vec<BranchCard>,
    /// "2/5 filial".
    pub usage: String,
    /// Under the limit: the create form is shown.
    pub can_create: bool,
    /// Create-form values kept on error.
    pub name: String,
    /// Address typed.
    pub address: String,
    /// Phone typed.
    pub phone: String,
    /// What went wrong.
    pub error: Option<FormError>,
    /// The lengths the pairing window can be opened for: minutes and label.
    pub window_choices: Vec<(u32, String)>,
}
