//! What a shipment costs, from the company's tariff: the zone of the pair of
//! regions, the price of the first weight band that holds the chargeable
//! weight (the larger of the actual and the volumetric weight), a price per
//! started kilogram above the last band, and what each extra service adds.
//! Pure and exact: tiyin in `i64`, checked arithmetic, percentages in basis
//! points rounded up to a whole so'm.

use std::collections::{BTreeMap, HashMap};

/// Tiyin in a so'm.
pub const TIYIN: i64 = 100;

/// A company's price list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tariff {
    /// (from region, to region) → zone.
    pub zones: HashMap<(String, String), i64>,
    /// zone → bands (max weight in grams, price), ascending by weight.
    pub rates: BTreeMap<i64, Vec<(i64, i64)>>,
    /// Per started kilogram above the last band.
    pub per_kg_over: i64,
    /// cm³ per kilogram of volumetric weight (5 000 is usual).
    pub volumetric_divisor: i64,
    /// "Kuryer chaqirish".
    pub pickup_price: i64,
    /// Delivery to the door (collecting at the office costs nothing extra).
    pub door_price: i64,
    /// "Foto hisobot".
    pub photo_report_price: i64,
    /// "Hujjatni qaytarish".
    pub return_documents_price: i64,
    /// Fee on the cash collected on delivery, basis points.
    pub cod_fee_bp: i64,
    /// Insurance on the declared value, basis points.
    pub declared_value_bp: i64,
}

/// What is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parcel<'a> {
    /// Sender's region (SOATO).
    pub from_region: &'a str,
    /// Receiver's region (SOATO).
    pub to_region: &'a str,
    /// Actual weight of the whole shipment, grams.
    pub weight_g: i64,
    /// Pieces.
    pub pieces: i64,
    /// One piece's size, cm (0 when not given).
    pub dims_cm: [i64; 3],
    /// A courier picks it up.
    pub pickup: bool,
    /// Delivered to the door.
    pub door: bool,
    /// Photo report.
    pub photo_report: bool,
    /// Documents come back.
    pub return_documents: bool,
    /// Cash to collect, tiyin (0: none).
    pub cod_amount: i64,
    /// Declared value, tiyin (0: none).
    pub declared_value: i64,
}

/// A line of the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// The band's price for the zone.
    Base,
    /// Kilograms above the last band.
    Overweight,
    /// Pickup by a courier.
    Pickup,
    /// Door delivery.
    Door,
    /// Photo report.
    PhotoReport,
    /// Return of documents.
    ReturnDocuments,
    /// Fee on cash on delivery.
    CodFee,
    /// Insurance on the declared value.
    Insurance,
}

/// The price with its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The zone of the route.
    pub zone: i64,
    /// Grams the price was counted on.
    pub chargeable_g: i64,
    /// Each non-zero part.
    pub lines: Vec<(Line, i64)>,
    /// The sum, tiyin.
    pub total: i64,
}

/// Why there is no price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    /// No zone for the pair of regions, or no band for the zone.
    #[error("no price for this route")]
    NoRoute,
    /// The numbers do not fit.
    #[error("price out of range")]
    Overflow,
}

fn ceil_div(a: i64, b: i64) -> Option<i64> {
    if b <= 0 || a < 0 {
        return None;
    }
    a.checked_add(b - 1)?.checked_div(b)
}

/// `amount × bp / 10 000`, rounded up to a whole so'm.
fn basis_points(amount: i64, bp: i64) -> Option<i64> {
    let exact = i128::from(amount).checked_mul(i128::from(bp))?;
    let tiyin = i64::try_from(exact.checked_add(9_999)? / 10_000).ok()?;
    ceil_div(tiyin, TIYIN)?.checked_mul(TIYIN)
}

impl Tariff {
    /// The zone of a route.
    #[must_use]
    pub fn zone(&self, from: &str, to: &str) -> Option<i64> {
        self.zones.get(&(from.to_owned(), to.to_owned())).copied()
    }

    /// The price of `p`.
    ///
    /// # Errors
    /// [`PriceError::NoRoute`] when the route has no zone or the zone no
    /// bands; [`PriceError::Overflow`] for numbers past `i64`.
    pub fn quote(&self, p: &Parcel<'_>) -> Result<Quote, PriceError> {
        let zone = self.zone(p.from_region, p.to_region).ok_or(PriceError::NoRoute)?;
        let bands = self.rates.get(&zone).filter(|b| !b.is_empty()).ok_or(PriceError::NoRoute)?;
        let volume = p.dims_cm.iter().try_fold(1i64, |acc, d| acc.checked_mul((*d).max(0)));
        let volume = volume.and_then(|v| v.checked_mul(p.pieces.max(1))).ok_or(PriceError::Overflow)?;
        let volumetric_g = if p.dims_cm.contains(&0) {
            0
        } else {
            volume
                .checked_mul(1000)
                .and_then(|v| ceil_div(v, self.volumetric_divisor.max(1)))
                .ok_or(PriceError::Overflow)?
        };
        let chargeable_g = p.weight_g.max(volumetric_g);
        let mut lines = Vec::new();
        let (base, over) = match bands.iter().find(|(max, _)| chargeable_g <= *max) {
            Some((_, price)) => (*price, 0),
            None => {
                let (last_max, last_price) = bands.last().copied().ok_or(PriceError::NoRoute)?;
                let over_kg = ceil_div(chargeable_g - last_max, 1000).ok_or(PriceError::Overflow)?;
                (last_price, over_kg.checked_mul(self.per_kg_over).ok_or(PriceError::Overflow)?)
            }
        };
        lines.push((Line::Base, base));
        lines.push((Line::Overweight, over));
        lines.push((Line::Pickup, if p.pickup { self.pickup_price } else { 0 }));
        lines.push((Line::Door, if p.door { self.door_price } else { 0 }));
        lines.push((Line::PhotoReport, if p.photo_report { self.photo_report_price } else { 0 }));
        lines.push((Line::ReturnDocuments, if p.return_documents { self.return_documents_price } else { 0 }));
        lines.push((Line::CodFee, basis_points(p.cod_amount, self.cod_fee_bp).ok_or(PriceError::Overflow)?));
        lines.push((
            Line::Insurance,
            basis_points(p.declared_value, self.declared_value_bp).ok_or(PriceError::Overflow)?,
        ));
        lines.retain(|(_, v)| *v != 0);
        let total = lines.iter().try_fold(0i64, |acc, (_, v)| acc.checked_add(*v)).ok_or(PriceError::Overflow)?;
        Ok(Quote { zone, chargeable_g, lines, total })
    }
}

/// A starting price list for a new company over `regions` (SOATO codes):
/// zone 1 inside a region and between Tashkent city and its region, zone 3
/// between the far west (Karakalpakstan, Khorezm) and the east (the
/// Fergana valley, Surxondaryo), zone 2 otherwise.
#[must_use]
pub fn default_tariff(regions: &[&str]) -> Tariff {
    const WEST: [&str; 2] = ["1735", "1733"];
    const EAST: [&str; 4] = ["1703", "1714", "1730", "1722"];
    let mut zones = HashMap::new();
    for from in regions {
        for to in regions {
            let tashkent = ["1726", "1727"];
            let zone = if from == to || (tashkent.contains(from) && tashkent.contains(to)) {
                1
            } else if (WEST.contains(from) && EAST.contains(to)) || (EAST.contains(from) && WEST.contains(to)) {
                3
            } else {
                2
            };
            zones.insert(((*from).to_owned(), (*to).to_owned()), zone);
        }
    }
    let som = |s: i64| s * TIYIN;
    let bands =
        |prices: [i64; 5]| [1_000, 3_000, 5_000, 10_000, 20_000].into_iter().zip(prices.map(som)).collect::<Vec<_>>();
    let rates = BTreeMap::from([
        (1, bands([15_000, 20_000, 25_000, 35_000, 50_000])),
        (2, bands([25_000, 30_000, 38_000, 50_000, 70_000])),
        (3, bands([30_000, 36_000, 45_000, 60_000, 85_000])),
    ]);
    Tariff {
        zones,
        rates,
        per_kg_over: som(3_000),
        volumetric_divisor: 5_000,
        pickup_price: som(10_000),
        door_price: som(8_000),
        photo_report_price: som(3_000),
        return_documents_price: som(10_000),
        cod_fee_bp: 200,
        declared_value_bp: 100,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tariff() -> Tariff {
        default_tariff(&["1726", "1727", "1733", "1730", "1718"])
    }

    fn parcel(weight_g: i64) -> Parcel<'static> {
        Parcel { from_region: "1726", to_region: "1718", weight_g, pieces: 1, ..Parcel::default() }
    }

    #[test]
    fn bands_by_weight() {
        let t = tariff();
        let q = |g| t.quote(&parcel(g)).map(|q| q.total);
        assert_eq!(q(1), Ok(25_000 * TIYIN));
        assert_eq!(q(1_000), Ok(25_000 * TIYIN));
        assert_eq!(q(1_001), Ok(30_000 * TIYIN));
        assert_eq!(q(20_000), Ok(70_000 * TIYIN));
        // 21.2 kg: 70 000 and two started kilograms of 3 000.
        assert_eq!(q(21_200), Ok(76_000 * TIYIN));
    }

    #[test]
    fn zones() {
        let t = tariff();
        assert_eq!(t.zone("1726", "1727"), Some(1));
        assert_eq!(t.zone("1733", "1730"), Some(3));
        assert_eq!(t.zone("1726", "1718"), Some(2));
        let p = Parcel { to_region: "9999", ..parcel(500) };
        assert_eq!(t.quote(&p), Err(PriceError::NoRoute));
    }

    #[test]
    fn volumetric_weight_counts_when_larger() {
        let t = tariff();
        // 50×40×30 cm = 60 000 cm³ → 12 kg volumetric for a 2 kg box.
        let p = Parcel { dims_cm: [50, 40, 30], ..parcel(2_000) };
        let q = t.quote(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.chargeable_g, 12_000);
        assert_eq!(q.total, 70_000 * TIYIN);
    }

    #[test]
    fn services_add_up_exactly() {
        let t = tariff();
        let p = Parcel {
            pickup: true,
            door: true,
            photo_report: true,
            return_documents: true,
            // 2 % of 1 234 567.89 so'm = 24 691.36 → 24 692 so'm.
            cod_amount: 123_456_789,
            // 1 % of 500 000 so'm = 5 000 so'm.
            declared_value: 50_000_000,
            ..parcel(500)
        };
        let q = t.quote(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.total, (25_000 + 10_000 + 8_000 + 3_000 + 10_000 + 24_692 + 5_000) * TIYIN);
        assert_eq!(q.lines.len(), 7);
    }

    #[test]
    fn absurd_numbers_do_not_panic() {
        let t = tariff();
        let p = Parcel { weight_g: i64::MAX, dims_cm: [i64::MAX, 2, 2], cod_amount: i64::MAX, ..parcel(1) };
        assert_eq!(t.quote(&p), Err(PriceError::Overflow));
    }
}
