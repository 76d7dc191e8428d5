//! A realistic Uzbek catalog, staff and places for simulated branches: a
//! restaurant, a shop and a café.
//!
//! Ids are derived from names ([`protocol::ProductId::from_name`]), so every
//! simulated terminal of a business agrees on them without talking.

use protocol::{
    Employee, EmployeeId, Money, Place, PlaceId, Product, ProductId, Quantity, Role, Stock, Timestamp, Unit,
};

/// What kind of business a terminal sells for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Business {
    /// Tables, waiters, kitchen confirmation, service charge.
    Restaurant,
    /// A counter: one-shot sales, some goods by weight.
    Shop,
    /// Coffee, tea, pastries and light meals ordered at the counter, paid at once.
    Cafe,
}

impl Business {
    /// Every kind, in the order the demo shows them.
    pub const ALL: [Business; 3] = [Business::Cafe, Business::Restaurant, Business::Shop];

    /// Its name on the command line.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Business::Restaurant => "restaurant",
            Business::Shop => "shop",
            Business::Cafe => "cafe",
        }
    }
}

impl std::str::FromStr for Business {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "restaurant" => Ok(Business::Restaurant),
            "shop" => Ok(Business::Shop),
            "cafe" => Ok(Business::Cafe),
            other => Err(format!("unknown business {other:?} (restaurant, shop or cafe)")),
        }
    }
}

/// Catalog, staff and places of a simulated branch.
#[derive(Debug, Clone)]
pub struct Branch {
    /// Kind of business.
    pub business: Business,
    /// What is sold.
    pub products: Vec<Product>,
    /// Who works there.
    pub employees: Vec<Employee>,
    /// Tables and places (empty for a shop).
    pub places: Vec<Place>,
}

// (name, category, price in so'm, cost in so'm, unit, stock: None = unlimited)
type Row = (&'static str, &'static str, i64, i64, Unit, Option<i64>);

const RESTAURANT: &[Row] = &[
    ("Osh", "Milliy taomlar", 45_000, 24_000, Unit::Piece, None),
    ("Lag'mon", "Milliy taomlar", 38_000, 19_000, Unit::Piece, None),
    ("Manti (5 dona)", "Milliy taomlar", 35_000, 17_000, Unit::Piece, None),
    ("Shashlik (qo'y go'shti)", "Milliy taomlar", 28_000, 16_000, Unit::Piece, None),
    ("Somsa", "Milliy taomlar", 12_000, 5_500, Unit::Piece, None),
    ("Chuchvara", "Milliy taomlar", 32_000, 15_000, Unit::Piece, None),
    ("Dimlama", "Milliy taomlar", 40_000, 21_000, Unit::Piece, None),
    ("Norin", "Milliy taomlar", 42_000, 23_000, Unit::Piece, None),
    ("Mastava", "Sho'rvalar", 30_000, 13_000, Unit::Piece, None),
    ("Sho'rva", "Sho'rvalar", 35_000, 16_000, Unit::Piece, None),
    ("Patir non", "Non va salatlar", 8_000, 3_000, Unit::Piece, Some(120)),
    ("Achchiq-chuchuk", "Non va salatlar", 15_000, 5_000, Unit::Piece, None),
    ("Suzma", "Non va salatlar", 10_000, 4_000, Unit::Piece, Some(40)),
    ("Ko'k choy (choynak)", "Ichimliklar", 6_000, 1_000, Unit::Piece, None),
    ("Qora choy (choynak)", "Ichimliklar", 6_000, 1_000, Unit::Piece, None),
    ("Kompot", "Ichimliklar", 12_000, 4_000, Unit::Piece, Some(60)),
    ("Coca-Cola 0.5 l", "Ichimliklar", 10_000, 6_500, Unit::Piece, Some(96)),
    ("Ayron", "Ichimliklar", 8_000, 3_000, Unit::Piece, Some(50)),
    ("Halva", "Shirinliklar", 15_000, 7_000, Unit::Piece, Some(30)),
    ("Chak-chak", "Shirinliklar", 18_000, 8_000, Unit::Piece, Some(25)),
];

const SHOP: &[Row] = &[
    ("Un (2 kg)", "Oziq-ovqat", 24_000, 19_500, Unit::Piece, Some(80)),
    ("Guruch Lazer", "Oziq-ovqat", 22_000, 17_000, Unit::Kilogram, Some(150)),
    ("Shakar", "Oziq-ovqat", 14_000, 11_500, Unit::Kilogram, Some(200)),
    ("Paxta yog'i (1 l)", "Oziq-ovqat", 26_000, 21_000, Unit::Litre, Some(120)),
    ("Mol go'shti", "Go'sht", 95_000, 80_000, Unit::Kilogram, Some(60)),
    ("Qo'y go'shti", "Go'sht", 110_000, 92_000, Unit::Kilogram, Some(40)),
    ("Kartoshka", "Sabzavotlar", 6_000, 4_000, Unit::Kilogram, Some(400)),
    ("Piyoz", "Sabzavotlar", 5_000, 3_200, Unit::Kilogram, Some(300)),
    ("Sabzi", "Sabzavotlar", 6_000, 3_800, Unit::Kilogram, Some(300)),
    ("Tuxum (10 dona)", "Sut mahsulotlari", 18_000, 14_500, Unit::Piece, Some(100)),
    ("Sut (1 l)", "Sut mahsulotlari", 13_000, 10_000, Unit::Piece, Some(80)),
    ("Qatiq", "Sut mahsulotlari", 11_000, 8_000, Unit::Piece, Some(60)),
    ("Non", "Non mahsulotlari", 4_000, 2_800, Unit::Piece, Some(300)),
    ("Hydrolife 1.5 l", "Ichimliklar", 5_000, 3_300, Unit::Piece, Some(240)),
    ("Coca-Cola 1.5 l", "Ichimliklar", 14_000, 10_500, Unit::Piece, Some(120)),
    ("Choy Ahmad 100 g", "Ichimliklar", 24_000, 18_000, Unit::Piece, Some(50)),
    ("Sovun", "Maishiy", 7_000, 4_500, Unit::Piece, Some(90)),
    ("Kir yuvish kukuni 3 kg", "Maishiy", 65_000, 52_000, Unit::Piece, Some(30)),
];

const CAFE: &[Row] = &[
    ("Kapuchino", "Qahva", 22_000, 6_000, Unit::Piece, None),
    ("Latte", "Qahva", 24_000, 6_500, Unit::Piece, None),
    ("Amerikano", "Qahva", 18_000, 4_000, Unit::Piece, None),
    ("Espresso", "Qahva", 15_000, 3_500, Unit::Piece, None),
    ("Ko'k choy (choynak)", "Choy", 8_000, 1_000, Unit::Piece, None),
    ("Limonli choy", "Choy", 12_000, 2_500, Unit::Piece, None),
    ("Issiq shokolad", "Ichimliklar", 22_000, 7_000, Unit::Piece, None),
    ("Limonad", "Ichimliklar", 20_000, 5_000, Unit::Piece, None),
    ("Apelsin sharbati", "Ichimliklar", 25_000, 11_000, Unit::Piece, Some(40)),
    ("Somsa", "Pishiriqlar", 10_000, 4_500, Unit::Piece, None),
    ("Kruassan", "Pishiriqlar", 18_000, 7_000, Unit::Piece, Some(60)),
    ("Omlet", "Nonushta", 28_000, 10_000, Unit::Piece, None),
    ("Sirniki", "Nonushta", 30_000, 11_000, Unit::Piece, None),
    ("Klab-sendvich", "Nonushta", 35_000, 15_000, Unit::Piece, None),
    ("Sezar salati", "Salatlar", 38_000, 16_000, Unit::Piece, None),
    ("Napoleon", "Shirinliklar", 25_000, 9_000, Unit::Piece, Some(30)),
    ("Medovik", "Shirinliklar", 25_000, 9_000, Unit::Piece, Some(30)),
    ("Chizkeyk", "Shirinliklar", 32_000, 12_000, Unit::Piece, Some(24)),
];

const STAFF: &[(&str, &str, Role)] = &[
    ("Aziz", "Karimov", Role::Waiter),
    ("Nodira", "Saidova", Role::Waiter),
    ("Bekzod", "Xolmatov", Role::Waiter),
    ("Dilnoza", "Rashidova", Role::Cashier),
    ("Gulnora", "Ergasheva", Role::Cashier),
    ("Jasur", "Toshmatov", Role::Cook),
    ("Malika", "Yusupova", Role::Manager),
    ("Sardor", "Aliyev", Role::Administrator),
];

const SHOP_STAFF: &[(&str, &str, Role)] = &[
    ("Feruza", "Abdullayeva", Role::Cashier),
    ("Rustam", "Nurmatov", Role::Cashier),
    ("Madina", "Sobirova", Role::Cashier),
    ("Anvar", "Qosimov", Role::Manager),
];

const CAFE_STAFF: &[(&str, &str, Role)] = &[
    ("Kamola", "Nazarova", Role::Cashier),
    ("Shahzod", "Umarov", Role::Cashier),
    ("Zarina", "Qodirova", Role::Cashier),
    ("Otabek", "Mirzayev", Role::Cook),
    ("Laylo", "Hamidova", Role::Manager),
];

fn som(n: i64) -> Money {
    Money::from_tiyin(n * 100)
}

impl Branch {
    /// The standard catalog for a business. `tag` keeps several simulated
    /// businesses apart (ids are derived from it and the names).
    #[must_use]
    pub fn standard(business: Business, tag: &str) -> Self {
        let at = Timestamp(1_735_689_600_000); // 2025-01-01T00:00:00Z: the catalog's first revision
        let (rows, staff) = match business {
            Business::Restaurant => (RESTAURANT, STAFF),
            Business::Shop => (SHOP, SHOP_STAFF),
            Business::Cafe => (CAFE, CAFE_STAFF),
        };
        let products = rows
            .iter()
            .map(|&(name, category, price, cost, unit, stock)| Product {
                id: ProductId::from_name(&format!("{tag}/product/{name}")),
                revision: 1,
                name: name.to_owned(),
                category: category.to_owned(),
                price: som(price),
                cost: som(cost),
                unit,
                stock: stock.map_or(Stock::Unlimited, |n| Stock::Counted(Quantity::units(n))),
                active: true,
                updated_at: at,
            })
            .collect();
        let employees = staff
            .iter()
            .map(|&(first, last, role)| Employee {
                id: EmployeeId::from_name(&format!("{tag}/employee/{first} {last}")),
                revision: 1,
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                role,
                active: true,
                updated_at: at,
            })
            .collect();
        let mut places = Vec::new();
        if business == Business::Restaurant {
            let mut place = |name: String, service_bp| {
                places.push(Place {
                    id: PlaceId::from_name(&format!("{tag}/place/{name}")),
                    revision: 1,
                    name,
                    service_bp,
                    active: true,
                    updated_at: at,
                });
            };
            for n in 1..=12 {
                place(format!("Stol {n}"), 1_000);
            }
            for n in 1..=4 {
                place(format!("VIP zal / Stol {n}"), 1_500);
            }
            place("Olib ketish".to_owned(), 0);
        }
        Self { business, products, employees, places }
    }

    /// Active employees with `role`.
    #[must_use]
    pub fn staff(&self, role: Role) -> Vec<&Employee> {
        self.employees.iter().filter(|e| e.role == role && e.active).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_are_complete_and_priced_above_cost() {
        for business in Business::ALL {
            let b = Branch::standard(business, "t");
            assert!(b.products.len() >= 15);
            assert!(b.products.iter().all(|p| p.price > p.cost && p.cost.tiyin() > 0));
            assert!(!b.staff(Role::Cashier).is_empty());
        }
        let r = Branch::standard(Business::Restaurant, "t");
        assert!(!r.staff(Role::Waiter).is_empty() && !r.places.is_empty());
        assert!(r.products.iter().any(|p| p.name == "Osh"));
    }

    #[test]
    fn business_names_parse_back() {
        for business in Business::ALL {
            assert_eq!(business.name().parse::<Business>(), Ok(business));
        }
    }

    #[test]
    fn ids_are_shared_by_tag() {
        let a = Branch::standard(Business::Shop, "x");
        let b = Branch::standard(Business::Shop, "x");
        let c = Branch::standard(Business::Shop, "y");
        assert_eq!(a.products[0].id, b.products[0].id);
        assert_ne!(a.products[0].id, c.products[0].id);
    }
}
