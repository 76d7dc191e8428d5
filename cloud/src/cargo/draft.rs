//! The one parser of a new shipment. The cabinet's form and every row of an
//! uploaded spreadsheet arrive as a map of [`ShipmentField`] → text and
//! become a [`NewShipment`] here, or the list of every field that is wrong
//! and why ([`Problem`]), which the page or the failed-rows file shows in
//! the user's language.

use std::collections::BTreeMap;

use protocol::ParcelType;
use web::i18n::Lang;
use web::i18n::cargo::{Problem, ShipmentField as F};

use super::geo::{Geo, fold};
use super::pricing::{Parcel, TIYIN};
use crate::phone::Phone;

/// A row as typed: field → text (missing fields are empty).
pub type RawShipment = BTreeMap<F, String>;

/// What is wrong with a row: each bad field and why.
pub type Problems = Vec<(F, Problem)>;

/// Most characters in a name.
pub const MAX_NAME: usize = 100;
/// Most characters in an address.
pub const MAX_ADDRESS: usize = 300;
/// Most characters in a client's own barcode.
pub const MAX_CLIENT_BARCODE: usize = 64;
/// Heaviest shipment, grams (1 t).
pub const MAX_WEIGHT_G: i64 = 1_000_000;
/// Longest side, cm.
pub const MAX_SIDE_CM: i64 = 400;
/// Most pieces.
pub const MAX_PIECES: i64 = 999;
/// Largest cash on delivery or declared value, tiyin (1 000 000 000 so'm).
pub const MAX_AMOUNT: i64 = 1_000_000_000 * TIYIN;
/// How far ahead the shipping date may be, days.
pub const MAX_DAYS_AHEAD: i64 = 60;

/// One side of a shipment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Full name.
    pub name: String,
    /// Phone.
    pub phone: Phone,
    /// Region (SOATO).
    pub region: String,
    /// District (SOATO).
    pub district: String,
    /// Address (may be empty for collection at the office).
    pub address: String,
}

/// How the receiver gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// To the door.
    Door,
    /// Collected at the office.
    Office,
}

impl Delivery {
    /// `door` or `office`.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Delivery::Door => "door",
            Delivery::Office => "office",
        }
    }

    /// The inverse of [`Delivery::code`].
    #[must_use]
    pub fn from_code(code: &str) -> Option<Delivery> {
        match code {
            "door" => Some(Delivery::Door),
            "office" => Some(Delivery::Office),
            _ => None,
        }
    }
}

/// A shipment ready to be priced and stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShipment {
    /// Shipping day (days since the epoch, Tashkent).
    pub ship_day: i64,
    /// Who sends.
    pub sender: Party,
    /// A courier picks it up.
    pub pickup: bool,
    /// Who receives.
    pub receiver: Party,
    /// Door or office.
    pub delivery: Delivery,
    /// What it is.
    pub parcel_type: ParcelType,
    /// Whole shipment's weight, grams.
    pub weight_g: i64,
    /// Pieces.
    pub pieces: i64,
    /// One piece's width, length, height in cm (0: not given).
    pub dims_cm: [i64; 3],
    /// The client's own barcode.
    pub client_barcode: String,
    /// Photo report.
    pub photo_report: bool,
    /// Cash on delivery, tiyin (0: none).
    pub cod_amount: i64,
    /// Return of documents.
    pub return_documents: bool,
    /// Declared value, tiyin (0: none).
    pub declared_value: i64,
}

impl NewShipment {
    /// What the price is counted on.
    #[must_use]
    pub fn parcel(&self) -> Parcel<'_> {
        Parcel {
            from_region: &self.sender.region,
            to_region: &self.receiver.region,
            weight_g: self.weight_g,
            pieces: self.pieces,
            dims_cm: self.dims_cm,
            pickup: self.pickup,
            door: self.delivery == Delivery::Door,
            photo_report: self.photo_report,
            return_documents: self.return_documents,
            cod_amount: self.cod_amount,
            declared_value: self.declared_value,
        }
    }
}

struct Reader<'a> {
    raw: &'a RawShipment,
    problems: Problems,
}

impl Reader<'_> {
    fn text(&self, f: F) -> &str {
        self.raw.get(&f).map_or("", |s| s.trim())
    }

    fn bad<T>(&mut self, f: F, p: Problem) -> Option<T> {
        self.problems.push((f, p));
        None
    }

    fn required(&mut self, f: F, max: usize) -> Option<String> {
        let t = self.text(f).to_owned();
        if t.is_empty() {
            return self.bad(f, Problem::Required);
        }
        self.optional(f, max).map(|_| t)
    }

    fn optional(&mut self, f: F, max: usize) -> Option<String> {
        let t = self.text(f).to_owned();
        if t.chars().count() > max || t.chars().any(|c| c.is_control()) {
            return self.bad(f, Problem::TooLong);
        }
        Some(t)
    }

    fn phone(&mut self, f: F) -> Option<Phone> {
        let t = self.text(f).to_owned();
        if t.is_empty() {
            return self.bad(f, Problem::Required);
        }
        // A phone typed into a spreadsheet often loses its plus.
        match Phone::parse(&t) {
            Ok(p) => Some(p),
            Err(_) => self.bad(f, Problem::BadPhone),
        }
    }

    fn flag(&mut self, f: F) -> Option<bool> {
        match fold(self.text(f)).as_str() {
            "" | "0" | "no" | "false" | "off" | "yo'q" | "нет" | "-" => Some(false),
            "1" | "yes" | "true" | "on" | "ha" | "да" | "x" | "+" | "✓" => Some(true),
            _ => self.bad(f, Problem::BadChoice),
        }
    }

    /// A decimal number with at most `scale` digits after the point (comma
    /// or point, spaces between thousands), as an integer of 10^-scale units.
    fn decimal(&mut self, f: F, scale: u32, min: i64, max: i64, required: bool) -> Option<i64> {
        let t: String = self.text(f).chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
        if t.is_empty() {
            return if required { self.bad(f, Problem::Required) } else { Some(0) };
        }
        // A minus sign makes a number below the range, not something that is
        // no number ("-3 kg" is told its range).
        let (negative, digits) = match t.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (true, rest),
            None => (false, t.as_str()),
        };
        let Some(v) = parse_decimal(digits, scale) else { return self.bad(f, Problem::BadNumber) };
        if negative || v < min || v > max {
            return self.bad(f, Problem::OutOfRange);
        }
        Some(v)
    }

    fn party(&mut self, fields: [F; 5], geo: &Geo) -> Option<Party> {
        let [name_f, phone_f, region_f, district_f, address_f] = fields;
        let name = self.required(name_f, MAX_NAME);
        let phone = self.phone(phone_f);
        let region_text = self.text(region_f).to_owned();
        let region = if region_text.is_empty() {
            self.bad(region_f, Problem::Required)
        } else {
            match geo.find_region(&region_text) {
                Some(r) => Some(r.soato.clone()),
                None => self.bad(region_f, Problem::UnknownRegion),
            }
        };
        let district_text = self.text(district_f).to_owned();
        let district = if district_text.is_empty() {
            self.bad(district_f, Problem::Required)
        } else if let Some(region) = &region {
            match geo.find_district(region, &district_text) {
                Some(d) => Some(d.soato.clone()),
                // Known, but elsewhere: say so, it is the usual slip.
                None if geo.district(&district_text).is_some()
                    || geo.districts().iter().any(|d| d.names.iter().any(|n| fold(n) == fold(&district_text))) =>
                {
                    self.bad(district_f, Problem::DistrictNotInRegion)
                }
                None => self.bad(district_f, Problem::UnknownDistrict),
            }
        } else {
            None
        };
        let address = self.optional(address_f, MAX_ADDRESS);
        Some(Party { name: name?, phone: phone?, region: region?, district: district?, address: address? })
    }
}

/// `12,5` / `12.5` / `1 200` → units of 10^-`scale`; `None` for anything else.
#[must_use]
pub fn parse_decimal(text: &str, scale: u32) -> Option<i64> {
    let text = text.replace(',', ".");
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > scale as usize || whole.len() > 15 {
        return None;
    }
    let unit = 10i64.checked_pow(scale)?;
    let w: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut f: i64 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
    for _ in frac.len()..scale as usize {
        f = f.checked_mul(10)?;
    }
    w.checked_mul(unit)?.checked_add(f)
}

/// `DD.MM.YYYY` (or `YYYY-MM-DD`, as a date picker sends) → days since the epoch.
#[must_use]
pub fn parse_day(text: &str) -> Option<i64> {
    let t = text.trim();
    if let Some(day) = web::format::parse_iso_date(t) {
        return Some(day);
    }
    let mut parts = t.split(['.', '/']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    web::format::parse_iso_date(&format!("{y}-{m:0>2}-{d:0>2}"))
}

fn parcel_type(text: &str) -> Option<ParcelType> {
    let key = fold(text);
    ParcelType::ALL
        .into_iter()
        .find(|t| key == t.code() || Lang::ALL.iter().any(|l| fold(l.text().cargo.parcel_type(*t)) == key))
}

fn delivery(text: &str) -> Option<Delivery> {
    let key = fold(text);
    if key.is_empty() {
        return Some(Delivery::Door);
    }
    if let Some(d) = Delivery::from_code(&key) {
        return Some(d);
    }
    Lang::ALL.iter().find_map(|l| {
        let c = &l.text().cargo;
        if fold(c.delivery_door) == key {
            Some(Delivery::Door)
        } else if fold(c.delivery_office) == key {
            Some(Delivery::Office)
        } else {
            None
        }
    })
}

/// Reads a new shipment. `today` is today in Tashkent (days since the
/// epoch); an empty date means today.
///
/// # Errors
/// Every bad field with its problem, in the form's order.
pub fn parse(raw: &RawShipment, geo: &Geo, today: i64) -> Result<NewShipment, Problems> {
    let mut r = Reader { raw, problems: Vec::new() };
    let date_text = r.text(F::ShipDate).to_owned();
    let ship_day = if date_text.is_empty() {
        Some(today)
    } else {
        match parse_day(&date_text) {
            Some(d) if d < today || d > today + MAX_DAYS_AHEAD => r.bad(F::ShipDate, Problem::DateOutOfRange),
            Some(d) => Some(d),
            None => r.bad(F::ShipDate, Problem::BadDate),
        }
    };
    let sender = r.party([F::SenderName, F::SenderPhone, F::SenderRegion, F::SenderDistrict, F::SenderAddress], geo);
    let pickup = r.flag(F::Pickup);
    let receiver =
        r.party([F::ReceiverName, F::ReceiverPhone, F::ReceiverRegion, F::ReceiverDistrict, F::ReceiverAddress], geo);
    let delivery_text = r.text(F::Delivery).to_owned();
    let delivery = delivery(&delivery_text).or_else(|| r.bad(F::Delivery, Problem::BadChoice));
    let type_text = r.text(F::ParcelType).to_owned();
    let parcel_type = if type_text.is_empty() {
        r.bad(F::ParcelType, Problem::Required)
    } else {
        parcel_type(&type_text).or_else(|| r.bad(F::ParcelType, Problem::BadChoice))
    };
    let weight_g = r.decimal(F::Weight, 3, 1, MAX_WEIGHT_G, true);
    let pieces_text = r.text(F::Pieces).to_owned();
    let pieces = if pieces_text.is_empty() { Some(1) } else { r.decimal(F::Pieces, 0, 1, MAX_PIECES, true) };
    let width = r.decimal(F::Width, 0, 0, MAX_SIDE_CM, false);
    let length = r.decimal(F::Length, 0, 0, MAX_SIDE_CM, false);
    let height = r.decimal(F::Height, 0, 0, MAX_SIDE_CM, false);
    let client_barcode = r.optional(F::ClientBarcode, MAX_CLIENT_BARCODE);
    let photo_report = r.flag(F::PhotoReport);
    let cod_amount = r.decimal(F::CodAmount, 2, 0, MAX_AMOUNT, false);
    let return_documents = r.flag(F::ReturnDocuments);
    let declared_value = r.decimal(F::DeclaredValue, 2, 0, MAX_AMOUNT, false);
    let shipment = (|| {
        Some(NewShipment {
            ship_day: ship_day?,
            sender: sender?,
            pickup: pickup?,
            receiver: receiver?,
            delivery: delivery?,
            parcel_type: parcel_type?,
            weight_g: weight_g?,
            pieces: pieces?,
            dims_cm: [width?, length?, height?],
            client_barcode: client_barcode?,
            photo_report: photo_report?,
            cod_amount: cod_amount?,
            return_documents: return_documents?,
            declared_value: declared_value?,
        })
    })();
    match shipment {
        Some(s) if r.problems.is_empty() => Ok(s),
        _ => {
            let mut problems = r.problems;
            problems.sort_by_key(|(f, _)| *f);
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cargo::geo::tests::sample;

    const TODAY: i64 = 20_000;

    fn good() -> RawShipment {
        [
            (F::SenderName, "Rasulbek Eshchanov"),
            (F::SenderPhone, "+998 90 123-45-67"),
            (F::SenderRegion, "Xorazm viloyati"),
            (F::SenderDistrict, "г.Ургенч"),
            (F::SenderAddress, "Al-Xorazmiy ko'chasi 12"),
            (F::ReceiverName, "Дилноза Каримова"),
            (F::ReceiverPhone, "998911234567"),
            (F::ReceiverRegion, "1726"),
            (F::ReceiverDistrict, "Yunusobod"),
            (F::ParcelType, "Quti"),
            (F::Weight, "2,5"),
            (F::CodAmount, "150 000"),
            (F::PhotoReport, "ha"),
        ]
        .into_iter()
        .map(|(f, v)| (f, v.to_owned()))
        .collect()
    }

    #[test]
    fn a_good_row_parses() {
        let s = parse(&good(), &sample(), TODAY).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(s.ship_day, TODAY);
        assert_eq!(s.sender.district, "1733401");
        assert_eq!(s.receiver.district, "1726266");
        assert_eq!(s.receiver.phone.as_str(), "+998911234567");
        assert_eq!(s.weight_g, 2_500);
        assert_eq!(s.pieces, 1);
        assert_eq!(s.cod_amount, 150_000 * TIYIN);
        assert_eq!(s.parcel_type, ParcelType::Box);
        assert_eq!(s.delivery, Delivery::Door);
        assert!(s.photo_report && !s.return_documents && !s.pickup);
    }

    #[test]
    fn every_problem_is_named() {
        let mut raw = good();
        raw.insert(F::SenderPhone, "12345".into());
        raw.insert(F::ReceiverDistrict, "Urganch shahri".into());
        raw.insert(F::Weight, "-1".into());
        raw.insert(F::Width, "abc".into());
        raw.insert(F::ParcelType, "elephant".into());
        raw.insert(F::ShipDate, "01.01.1990".into());
        raw.insert(F::ReceiverName, String::new());
        raw.insert(F::PhotoReport, "maybe".into());
        let problems = parse(&raw, &sample(), TODAY).err().unwrap_or_default();
        assert_eq!(
            problems,
            vec![
                (F::ShipDate, Problem::DateOutOfRange),
                (F::SenderPhone, Problem::BadPhone),
                (F::ReceiverName, Problem::Required),
                (F::ReceiverDistrict, Problem::DistrictNotInRegion),
                (F::ParcelType, Problem::BadChoice),
                (F::Weight, Problem::OutOfRange),
                (F::Width, Problem::BadNumber),
                (F::PhotoReport, Problem::BadChoice),
            ]
        );
    }

    #[test]
    fn absurd_numbers_are_out_of_range() {
        let mut raw = good();
        raw.insert(F::Weight, "5000".into());
        raw.insert(F::Height, "99999999999999999999".into());
        raw.insert(F::CodAmount, "0.001".into());
        raw.insert(F::Pieces, "0".into());
        raw.insert(F::Length, "\u{2212}20".into());
        let problems = parse(&raw, &sample(), TODAY).err().unwrap_or_default();
        assert_eq!(
            problems,
            vec![
                (F::Weight, Problem::OutOfRange),
                (F::Pieces, Problem::OutOfRange),
                (F::Length, Problem::OutOfRange),
                (F::Height, Problem::BadNumber),
                (F::CodAmount, Problem::BadNumber),
            ]
        );
    }

    #[test]
    fn decimals_and_days() {
        assert_eq!(parse_decimal("12,5", 3), Some(12_500));
        assert_eq!(parse_decimal(".5", 3), Some(500));
        assert_eq!(parse_decimal("1.2345", 3), None);
        assert_eq!(parse_decimal("1e5", 3), None);
        assert_eq!(parse_decimal("", 3), None);
        assert_eq!(parse_day("06.01.2026"), web::format::parse_iso_date("2026-01-06"));
        assert_eq!(parse_day("6.1.2026"), web::format::parse_iso_date("2026-01-06"));
        assert_eq!(parse_day("2026-01-06"), web::format::parse_iso_date("2026-01-06"));
        assert_eq!(parse_day("31.02.2026"), None);
        assert_eq!(parse_day("yesterday"), None);
    }
}
