//! Regions and districts of Uzbekistan (SOATO codes, names in Uzbek,
//! Russian and English), read once from the reference tables the migration
//! fills, and found again from what a user typed or picked: a code or a
//! name in any of the three languages.

use std::collections::HashMap;

use sqlx::Row as _;
use tokio::sync::OnceCell;
use web::i18n::Lang;

use crate::db::{Db, DbResult};

/// A region (viloyat, the republic, Tashkent city).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// SOATO code (4 digits).
    pub soato: String,
    /// Uzbek (Latin), Russian, English names.
    pub names: [String; 3],
}

/// A district (tuman) or a city of district rank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    /// SOATO code (7 digits).
    pub soato: String,
    /// Its region's code.
    pub region: String,
    /// Uzbek (Latin), Russian, English names.
    pub names: [String; 3],
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Uz => 0,
        Lang::Ru => 1,
        Lang::En => 2,
    }
}

impl Region {
    /// The name in `lang`.
    #[must_use]
    pub fn name(&self, lang: Lang) -> &str {
        &self.names[lang_index(lang)]
    }
}

impl District {
    /// The name in `lang`.
    #[must_use]
    pub fn name(&self, lang: Lang) -> &str {
        &self.names[lang_index(lang)]
    }
}

/// Every region and district, in display order.
#[derive(Debug, Default)]
pub struct Geo {
    regions: Vec<Region>,
    districts: Vec<District>,
    region_by_key: HashMap<String, usize>,
    /// (region code, folded name or code) → district index.
    district_by_key: HashMap<(String, String), usize>,
    district_by_code: HashMap<String, usize>,
}

/// Lower case, one kind of apostrophe, single spaces: the whole name.
fn plain(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            'ʻ' | 'ʼ' | '‘' | '’' | '`' | '´' => '\'',
            'ё' | 'Ё' => 'е',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Folds a name for lookup: lower case, one kind of apostrophe, single
/// spaces, and without the words that name the kind of unit ("tumani",
/// "район", "city"…), so "Yakkasaroy", "yakkasaroy tumani" and "Yakkasaroy
/// t." meet.
#[must_use]
pub fn fold(text: &str) -> String {
    let lower = plain(text);
    const UNIT_WORDS: [&str; 21] = [
        "tumani",
        "shahri",
        "viloyati",
        "respublikasi",
        "район",
        "р-н",
        "город",
        "г",
        "область",
        "обл",
        "республика",
        "district",
        "city",
        "region",
        "republic",
        "of",
        "t",
        "sh",
        "vil",
        "tuman",
        "shahar",
    ];
    lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty() && !UNIT_WORDS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

static GEO: OnceCell<Geo> = OnceCell::const_new();

impl Geo {
    /// The reference data (read from `db` the first time; it is the same in
    /// every database, the migration writes it).
    ///
    /// # Errors
    /// [`crate::db::DbError`] when the tables cannot be read.
    pub async fn get(db: &Db) -> DbResult<&'static Geo> {
        GEO.get_or_try_init(|| Geo::load(db)).await
    }

    async fn load(db: &Db) -> DbResult<Geo> {
        let regions = sqlx::query("SELECT soato, name_uz, name_ru, name_en FROM regions ORDER BY position, soato")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok(Region { soato: r.try_get(0)?, names: [r.try_get(1)?, r.try_get(2)?, r.try_get(3)?] }))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let districts = sqlx::query(
            "SELECT soato, region_soato, name_uz, name_ru, name_en FROM districts ORDER BY region_soato, position",
        )
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(District {
                soato: r.try_get(0)?,
                region: r.try_get(1)?,
                names: [r.try_get(2)?, r.try_get(3)?, r.try_get(4)?],
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(Geo::new(regions, districts))
    }

    /// Builds the lookups over `regions` and `districts`.
    #[must_use]
    pub fn new(regions: Vec<Region>, districts: Vec<District>) -> Geo {
        // Full names first; then the short forms, unless two places share
        // one ("Toshkent" is a city and a region, "Urganch" a city and a
        // district): an ambiguous short name finds nothing rather than the
        // wrong place.
        let mut region_by_key = HashMap::new();
        let mut short: HashMap<String, Option<usize>> = HashMap::new();
        for (i, r) in regions.iter().enumerate() {
            region_by_key.insert(r.soato.clone(), i);
            for n in &r.names {
                region_by_key.insert(plain(n), i);
                short
                    .entry(fold(n))
                    .and_modify(|e| {
                        if *e != Some(i) {
                            *e = None
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        for (k, v) in short {
            if let Some(i) = v {
                region_by_key.entry(k).or_insert(i);
            }
        }
        let mut district_by_key = HashMap::new();
        let mut district_by_code = HashMap::new();
        let mut short: HashMap<(String, String), Option<usize>> = HashMap::new();
        for (i, d) in districts.iter().enumerate() {
            district_by_code.insert(d.soato.clone(), i);
            district_by_key.insert((d.region.clone(), d.soato.clone()), i);
            for n in &d.names {
                district_by_key.insert((d.region.clone(), plain(n)), i);
                short
                    .entry((d.region.clone(), fold(n)))
                    .and_modify(|e| {
                        if *e != Some(i) {
                            *e = None
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        for (k, v) in short {
            if let Some(i) = v {
                district_by_key.entry(k).or_insert(i);
            }
        }
        Geo { regions, districts, region_by_key, district_by_key, district_by_code }
    }

    /// Every region, in display order.
    #[must_use]
    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// Every district, grouped by region.
    #[must_use]
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// The districts of a region, in display order.
    pub fn districts_of<'a>(&'a self, region: &'a str) -> impl Iterator<Item = &'a District> + 'a {
        self.districts.iter().filter(move |d| d.region == region)
    }

    /// A region by its code or a name in any language.
    #[must_use]
    pub fn find_region(&self, text: &str) -> Option<&Region> {
        let text = text.trim();
        let i = self
            .region_by_key
            .get(text)
            .or_else(|| self.region_by_key.get(&plain(text)))
            .or_else(|| self.region_by_key.get(&fold(text)))?;
        self.regions.get(*i)
    }

    /// A district by its code.
    #[must_use]
    pub fn district(&self, soato: &str) -> Option<&District> {
        self.districts.get(*self.district_by_code.get(soato.trim())?)
    }

    /// A region by its code.
    #[must_use]
    pub fn region(&self, soato: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.soato == soato)
    }

    /// A district of `region` by its code or a name in any language, or by
    /// the template's dropdown label `District (Region)` (whose region must
    /// be `region`).
    #[must_use]
    pub fn find_district(&self, region: &str, text: &str) -> Option<&District> {
        self.find_district_name(region, text).or_else(|| match crate::cargo::xlsx::split_district_label(text) {
            (district, Some(in_region)) if self.find_region(in_region).is_some_and(|r| r.soato == region) => {
                self.find_district_name(region, district)
            }
            _ => None,
        })
    }

    fn find_district_name(&self, region: &str, text: &str) -> Option<&District> {
        let text = text.trim();
        let i = self
            .district_by_key
            .get(&(region.to_owned(), text.to_owned()))
            .or_else(|| self.district_by_key.get(&(region.to_owned(), plain(text))))
            .or_else(|| self.district_by_key.get(&(region.to_owned(), fold(text))))?;
        self.districts.get(*i)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small map for tests: Tashkent city with two districts, Khorezm with Urgench.
    pub(crate) fn sample() -> Geo {
        let r = |s: &str, a: &str, b: &str, c: &str| Region { soato: s.into(), names: [a.into(), b.into(), c.into()] };
        let d = |s: &str, reg: &str, a: &str, b: &str, c: &str| District {
            soato: s.into(),
            region: reg.into(),
            names: [a.into(), b.into(), c.into()],
        };
        Geo::new(
            vec![
                r("1726", "Toshkent shahri", "город Ташкент", "Tashkent city"),
                r("1733", "Xorazm viloyati", "Хорезмская область", "Khorezm Region"),
                r("1727", "Toshkent viloyati", "Ташкентская область", "Tashkent Region"),
            ],
            vec![
                d("1726287", "1726", "Yakkasaroy tumani", "Яккасарайский район", "Yakkasaray district"),
                d("1726266", "1726", "Yunusobod tumani", "Юнусабадский район", "Yunusabad district"),
                d("1733401", "1733", "Urganch shahri", "город Ургенч", "Urgench city"),
                d("1733217", "1733", "Urganch tumani", "Ургенчский район", "Urgench district"),
            ],
        )
    }

    #[test]
    fn finds_by_code_and_any_name() {
        let g = sample();
        assert_eq!(g.find_region("1733").map(|r| r.soato.as_str()), Some("1733"));
        assert_eq!(g.find_region("хорезмская ОБЛАСТЬ").map(|r| r.soato.as_str()), Some("1733"));
        assert_eq!(g.find_region("Xorazm").map(|r| r.soato.as_str()), Some("1733"));
        assert_eq!(g.find_district("1726", "Yakkasaroy").map(|d| d.soato.as_str()), Some("1726287"));
        assert_eq!(g.find_district("1726", "Яккасарайский р-н").map(|d| d.soato.as_str()), Some("1726287"));
        assert_eq!(g.find_district("1726", "1726266").map(|d| d.soato.as_str()), Some("1726266"));
        // A district of another region is not found in this one.
        assert!(g.find_district("1726", "Urganch shahri").is_none());
        assert!(g.find_region("Atlantis").is_none());
        assert_eq!(g.districts_of("1726").count(), 2);
        // A short name two places share finds neither; the full names do.
        assert!(g.find_region("Toshkent").is_none());
        assert_eq!(g.find_region("toshkent viloyati").map(|r| r.soato.as_str()), Some("1727"));
        assert_eq!(g.find_region("Toshkent shahri").map(|r| r.soato.as_str()), Some("1726"));
        assert!(g.find_district("1733", "Urganch").is_none());
        assert_eq!(g.find_district("1733", "Urganch tumani").map(|d| d.soato.as_str()), Some("1733217"));
        assert_eq!(g.find_district("1733", "г.Ургенч").map(|d| d.soato.as_str()), Some("1733401"));
    }

    #[test]
    fn finds_template_labels() {
        let g = sample();
        let found = |r: &str, t: &str| g.find_district(r, t).map(|d| d.soato.clone());
        assert_eq!(found("1726", "Yakkasaroy tumani (Toshkent shahri)").as_deref(), Some("1726287"));
        assert_eq!(found("1733", "город Ургенч (Хорезмская область)").as_deref(), Some("1733401"));
        assert_eq!(found("1733", "Urgench district (Khorezm Region)").as_deref(), Some("1733217"));
        // The label's region must be the row's region.
        assert!(found("1726", "Urganch shahri (Xorazm viloyati)").is_none());
        assert!(found("1733", "Urganch shahri (Toshkent shahri)").is_none());
        assert!(found("1726", "Yakkasaroy tumani (Atlantis)").is_none());
    }

    #[test]
    fn folding_meets_spellings() {
        assert_eq!(fold("  Qoʻqon   shahri "), fold("qo'qon"));
        assert_eq!(fold("Farg‘ona viloyati"), fold("fargʻona"));
        assert_eq!(fold("г.Ургенч"), fold("город Ургенч"));
        assert_eq!(fold("Yakkasaroy t."), fold("Yakkasaroy tumani"));
    }
}
