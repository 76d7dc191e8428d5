//! Courier companies: a business whose cabinet (`/cargo/{slug}/…`) its
//! clients use. Made by the platform's administrator (`cloud admin
//! cargo-company`) or by the demo.

use sqlx::Row as _;

use crate::db::{Db, DbError, DbResult, now_ms};
use crate::ids::BusinessId;

/// The name of a company's cabinet in its URLs: 2–40 of `a-z`, `0-9`, `-`,
/// not starting or ending with `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

/// A slug that is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a slug is 2 to 40 of a-z, 0-9 and '-', not starting or ending with '-'")]
pub struct SlugError;

impl Slug {
    /// Reads a slug (lower-cased, surrounding spaces ignored).
    ///
    /// # Errors
    /// [`SlugError`].
    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        let s = text.trim().to_ascii_lowercase();
        let ok = (2..=40).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok { Ok(Slug(s)) } else { Err(SlugError) }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A courier company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// The business it is.
    pub business_id: BusinessId,
    /// Its cabinet's name in URLs.
    pub slug: String,
    /// The name its clients see.
    pub name: String,
    /// Its contact phone (may be empty).
    pub phone: String,
    /// Its iOS app (App Store URL, may be empty).
    pub app_ios_url: String,
    /// Its Android app (Google Play URL, may be empty).
    pub app_android_url: String,
}

impl Company {
    /// The cabinet's root path, `/cargo/{slug}`.
    #[must_use]
    pub fn base(&self) -> String {
        format!("/cargo/{}", self.slug)
    }
}

/// What a new company is made of.
#[derive(Debug, Clone, Default)]
pub struct NewCompany<'a> {
    /// Its name.
    pub name: &'a str,
    /// Contact phone.
    pub phone: &'a str,
    /// App Store URL.
    pub app_ios_url: &'a str,
    /// Google Play URL.
    pub app_android_url: &'a str,
}

fn company_from(row: &sqlx::any::AnyRow) -> DbResult<Company> {
    Ok(Company {
        business_id: row.try_get("business_id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        app_ios_url: row.try_get("app_ios_url")?,
        app_android_url: row.try_get("app_android_url")?,
    })
}

/// Makes the business `business_id` a courier company with cabinet `slug`.
///
/// # Errors
/// [`DbError::Conflict`] when the slug is taken or the business already is
/// one; [`DbError::NotFound`] for an unknown business.
pub async fn create_company(db: &Db, business_id: &BusinessId, slug: &Slug, new: &NewCompany<'_>) -> DbResult<Company> {
    let mut tx = db.begin_write().await?;
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM businesses WHERE id = $1")
        .bind(business_id)
        .fetch_one(&mut *tx)
        .await?;
    if known == 0 {
        return Err(DbError::NotFound);
    }
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cargo_companies WHERE business_id = $1 OR slug = $2")
        .bind(business_id)
        .bind(slug.as_str())
        .fetch_one(&mut *tx)
        .await?;
    if taken > 0 {
        return Err(DbError::Conflict);
    }
    sqlx::query(concat!(
        "INSERT INTO cargo_companies (business_id, slug, name, phone, app_ios_url, app_android_url, created_at) ",
        "VALUES ($1, $2, $3, $4, $5, $6, $7)"
    ))
    .bind(business_id)
    .bind(slug.as_str())
    .bind(new.name.trim())
    .bind(new.phone.trim())
    .bind(new.app_ios_url.trim())
    .bind(new.app_android_url.trim())
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Company {
        business_id: business_id.clone(),
        slug: slug.as_str().to_owned(),
        name: new.name.trim().to_owned(),
        phone: new.phone.trim().to_owned(),
        app_ios_url: new.app_ios_url.trim().to_owned(),
        app_android_url: new.app_android_url.trim().to_owned(),
    })
}

/// The company whose cabinet is `slug`.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn by_slug(db: &Db, slug: &str) -> DbResult<Company> {
    let sql = concat!(
        "SELECT business_id, slug, name, phone, app_ios_url, app_android_url ",
        "FROM cargo_companies WHERE slug = $1"
    );
    let row = sqlx::query(sql).bind(slug).fetch_one(&db.pool).await?;
    company_from(&row)
}

/// The company that is business `business_id`.
///
/// # Errors
/// [`DbError::NotFound`].
pub async fn by_business(db: &Db, business_id: &BusinessId) -> DbResult<Company> {
    let sql = concat!(
        "SELECT business_id, slug, name, phone, app_ios_url, app_android_url ",
        "FROM cargo_companies WHERE business_id = $1"
    );
    let row = sqlx::query(sql).bind(business_id).fetch_one(&db.pool).await?;
    company_from(&row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_parse() {
        assert_eq!(Slug::parse(" Tez-Cargo ").map(|s| s.as_str().to_owned()), Ok("tez-cargo".to_owned()));
        for bad in ["", "a", "-ab", "ab-", "a b", "a/b", "ал", &"a".repeat(41), "a.b"] {
            assert_eq!(Slug::parse(bad), Err(SlugError), "{bad}");
        }
    }
}
