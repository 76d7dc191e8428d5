//! The lists: keyset pages over a client's, an incoming or a company's
//! shipments, with filters and a count.

use super::{Filter, Listing, Page, ROW_COLS, ROW_FROM, Scope, row_of};
use crate::db::{Db, DbResult, Val};

impl Db {
    /// A page of shipments in `scope` matching `filter`, `size` rows.
    ///
    /// # Errors
    /// [`DbError`].
    pub async fn shipments(&self, scope: &Scope, filter: &Filter, page: &Page, size: i64) -> DbResult<Listing> {
        let mut cond = String::new();
        let mut binds: Vec<Val> = Vec::new();
        let bind = |binds: &mut Vec<Val>, v: Val| {
            binds.push(v);
            format!("${}", binds.len())
        };
        match scope {
            Scope::Client(c) => {
                let m = bind(&mut binds, Val::T(c.to_string()));
                cond.push_str(&format!("s.client_id = {m}"));
            }
            Scope::Incoming(b, phone) => {
                let m1 = bind(&mut binds, Val::T(b.to_string()));
                let m2 = bind(&mut binds, Val::T(phone.clone()));
                cond.push_str(&format!("s.business_id = {m1} AND s.receiver_phone = {m2}"));
            }
            Scope::Business(b) => {
                let m = bind(&mut binds, Val::T(b.to_string()));
                cond.push_str(&format!("s.business_id = {m}"));
            }
            // The contract alone: it is one client's (the caller checked
            // it is this one's), and its index then serves the list.
            Scope::Contract(_, k) => {
                let m = bind(&mut binds, Val::T(k.to_string()));
                cond.push_str(&format!("s.contract_id = {m}"));
            }
        }
        if let Some(st) = filter.status {
            let m = bind(&mut binds, Val::T(st.code().into()));
            cond.push_str(&format!(" AND s.status = {m}"));
        }
        if filter.cod_only {
            cond.push_str(" AND s.cod_amount > 0");
        }
        if filter.returns {
            cond.push_str(" AND s.status IN ('delivery_failed', 'returning', 'returned')");
        }
        if let Some(from) = filter.from_ms {
            let m = bind(&mut binds, Val::I(from));
            cond.push_str(&format!(" AND s.created_at >= {m}"));
        }
        if let Some(to) = filter.to_ms {
            let m = bind(&mut binds, Val::I(to));
            cond.push_str(&format!(" AND s.created_at < {m}"));
        }
        if let Some(region) = &filter.region {
            let m = bind(&mut binds, Val::T(region.clone()));
            cond.push_str(&format!(" AND (s.sender_region = {m} OR s.receiver_region = {m})"));
        }
        if let Some(office) = &filter.office {
            let m = bind(&mut binds, Val::T(office.clone()));
            cond.push_str(&format!(" AND (s.origin_office = {m} OR s.destination_office = {m})"));
        }
        if let Some(q) = filter.search.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            let digits = q.bytes().all(|b| b.is_ascii_digit());
            if digits && q.len() == protocol::parcel::BARCODE_DIGITS {
                let m = bind(&mut binds, Val::T(q.to_owned()));
                cond.push_str(&format!(" AND s.barcode = {m}"));
            } else if digits && q.len() <= 9 {
                let n: i64 = q.parse().unwrap_or(0);
                let m = bind(&mut binds, Val::I(n));
                let like = bind(&mut binds, Val::T(format!("%{q}%")));
                cond.push_str(&format!(" AND (s.number = {m} OR s.receiver_phone LIKE {like})"));
            } else {
                let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                let like = bind(&mut binds, Val::T(format!("%{}%", escaped.to_lowercase())));
                cond.push_str(&format!(
                    " AND (LOWER(s.receiver_name) LIKE {like} ESCAPE '\\' OR LOWER(s.sender_name) LIKE {like} ESCAPE '\\' \
                     OR s.receiver_phone LIKE {like} ESCAPE '\\')"
                ));
            }
        }
        let count_sql = format!("SELECT COUNT(*) FROM cargo_shipments s WHERE {cond}");
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count_sql));
        for v in &binds {
            q = bind_val(q, v);
        }
        let total = q.fetch_one(&self.pool).await?;

        let size = size.clamp(1, 500);
        let (keyset, order, reverse) = match page {
            Page::First => (String::new(), "DESC", false),
            Page::Last => (String::new(), "ASC", true),
            Page::After(c) => {
                let (m1, m2) = (bind(&mut binds, Val::I(c.created_at)), bind(&mut binds, Val::T(c.id.clone())));
                (format!(" AND (s.created_at < {m1} OR (s.created_at = {m1} AND s.id < {m2}))"), "DESC", false)
            }
            Page::Before(c) => {
                let (m1, m2) = (bind(&mut binds, Val::I(c.created_at)), bind(&mut binds, Val::T(c.id.clone())));
                (format!(" AND (s.created_at > {m1} OR (s.created_at = {m1} AND s.id > {m2}))"), "ASC", true)
            }
        };
        let limit = bind(&mut binds, Val::I(size + 1));
        let sql = format!(
            "SELECT {ROW_COLS}{ROW_FROM}WHERE {cond}{keyset} ORDER BY s.created_at {order}, s.id {order} LIMIT {limit}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in &binds {
            q = match v {
                Val::I(i) => q.bind(*i),
                Val::T(s) => q.bind(s.clone()),
                Val::OptI(i) => q.bind(*i),
                Val::OptT(s) => q.bind(s.clone()),
            };
        }
        let fetched = q.fetch_all(&self.pool).await?;
        let more = fetched.len() as i64 > size;
        let mut rows = fetched.iter().take(size as usize).map(row_of).collect::<DbResult<Vec<_>>>()?;
        if reverse {
            rows.reverse();
        }
        let (has_newer, has_older) = match page {
            Page::First => (false, more),
            Page::Last => (more, false),
            Page::After(_) => (true, more),
            Page::Before(_) => (more, true),
        };
        Ok(Listing { rows, total, has_newer, has_older })
    }
}

fn bind_val<'q>(
    q: sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments>,
    v: &Val,
) -> sqlx::query::QueryScalar<'q, sqlx::Any, i64, sqlx::any::AnyArguments> {
    match v {
        Val::I(i) => q.bind(*i),
        Val::T(s) => q.bind(s.clone()),
        Val::OptI(i) => q.bind(*i),
        Val::OptT(s) => q.bind(s.clone()),
    }
}
