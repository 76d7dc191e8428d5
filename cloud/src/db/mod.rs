//! Storage: one SQL schema on SQLite (the embedded default) or PostgreSQL,
//! through sqlx's `Any` driver. Only `BIGINT` and `TEXT` columns, `$n`
//! placeholders and `ON CONFLICT` upserts are used, which both understand, so
//! every query below runs unchanged on both and the same tests cover both.
//!
//! This module is the plumbing only (pool, backend, transactions,
//! placeholders, errors); every query lives in its domain's `store.rs`
//! (`accounts::store`, `branches::store`, `sync::store`, `portal::store`,
//! `billing::store`) as `impl Db` blocks, so handlers never see SQL: they call
//! methods that return [`DbResult`] with [`DbError::NotFound`] as its own case.

use std::str::FromStr as _;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions as _, Executor as _, Transaction};
use tracing::info;

/// The result of a storage call.
pub type DbResult<T> = Result<T, DbError>;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No such row (or not this owner's).
    #[error("not found")]
    NotFound,
    /// A unique key already exists.
    #[error("already exists")]
    Conflict,
    /// The database failed.
    #[error("database: {0}")]
    Sql(#[source] sqlx::Error),
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value did not parse back (damaged data or a bug).
    #[error("stored value does not parse: {0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => DbError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => DbError::Conflict,
            _ => DbError::Sql(e),
        }
    }
}

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, one file.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The database.
#[derive(Debug, Clone)]
pub struct Db {
    /// The pool every query goes through.
    pub pool: AnyPool,
    /// What is behind it.
    pub backend: Backend,
}

/// A write transaction (see [`Db::begin_write`]).
pub type Tx = Transaction<'static, Any>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Db {
    /// Connects and brings the schema up to date.
    ///
    /// # Errors
    /// [`DbError`] when the URL is wrong, the server is unreachable, or a
    /// migration fails.
    pub async fn connect(url: &str, max_connections: u32) -> DbResult<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError::Corrupt("database URL must start with sqlite: or postgres://".into()));
        };
        if backend == Backend::Sqlite
            && let Some(path) = sqlite_path(url)
            && let Some(parent) = std::path::Path::new(&path).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .map_err(|e| DbError::Corrupt(format!("cannot create {}: {e}", parent.display())))?;
        }
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        info!(db.backend = backend.name(), "database ready, schema up to date");
        Ok(Self { pool, backend })
    }

    /// Starts a transaction that takes the write lock at once (SQLite's
    /// `BEGIN IMMEDIATE`), so two writers queue instead of failing on lock
    /// upgrade. On PostgreSQL a plain `BEGIN`; writers there lock the rows
    /// they touch first.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn begin_write(&self) -> DbResult<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Serialises the transactions that pass the same `key` (check-then-
    /// insert windows, counters): on PostgreSQL a transaction-scoped advisory
    /// lock; on SQLite [`Db::begin_write`] already holds the one write lock.
    ///
    /// # Errors
    /// [`DbError::Sql`].
    pub async fn lock_key(&self, tx: &mut Tx, key: &str) -> DbResult<()> {
        lock_key(tx, key).await
    }

    /// Is the database answering?
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Closes the pool (waits for connections in use).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| path.to_owned())
}

/// How bound parameters are written in a statement.
///
/// PostgreSQL needs `$n`. SQLite takes `$n` too, but binding a statement's
/// numbered parameters costs time quadratic in their count there (each one
/// is looked up by walking the statement's list of names), which dominates
/// multi-row inserts of thousands of values; bare `?` marks carry no names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// `$1, $2, …`
    Numbered,
    /// `?, ?, …` (SQLite only).
    Anonymous,
}

impl Marks {
    /// The marks a connection's backend wants for large statements.
    #[must_use]
    pub fn for_backend(name: &str) -> Self {
        if name.eq_ignore_ascii_case("sqlite") { Self::Anonymous } else { Self::Numbered }
    }

    fn push(self, out: &mut String, n: usize) {
        match self {
            Self::Numbered => {
                out.push('$');
                out.push_str(&n.to_string());
            }
            Self::Anonymous => out.push('?'),
        }
    }
}

/// `($1, $2, $3), ($4, $5, $6)` for `rows` rows of `cols` columns.
#[must_use]
pub fn placeholders(marks: Marks, rows: usize, cols: usize) -> String {
    let mut out = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for c in 0..cols {
            if c > 0 {
                out.push_str(", ");
            }
            marks.push(&mut out, r * cols + c + 1);
        }
        out.push(')');
    }
    out
}

/// `$1, $2, …, $n`.
#[must_use]
pub fn list(marks: Marks, n: usize) -> String {
    let mut out = String::with_capacity(n * 5);
    for i in 1..=n {
        if i > 1 {
            out.push_str(", ");
        }
        marks.push(&mut out, i);
    }
    out
}

/// Values bound per multi-row statement (SQLite allows 32 766, PostgreSQL 65 535).
pub const CHUNK_VALUES: usize = 16_000;

/// A value bound into a multi-row statement.
#[derive(Debug, Clone)]
pub enum Val {
    /// A number.
    I(i64),
    /// A text.
    T(String),
    /// A number or NULL.
    OptI(Option<i64>),
    /// A text or NULL.
    OptT(Option<String>),
}

/// [`Db::lock_key`] for code that holds only the transaction.
///
/// # Errors
/// [`DbError::Sql`].
pub async fn lock_key(tx: &mut Tx, key: &str) -> DbResult<()> {
    if tx.backend_name().eq_ignore_ascii_case("postgresql") {
        sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS locked")
            .bind(key)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The marks `tx`'s backend wants for large statements.
#[must_use]
pub fn marks(tx: &Tx) -> Marks {
    Marks::for_backend(tx.backend_name())
}

/// `head VALUES (…), (…) tail` over `rows` of `cols` values, in statements
/// of at most [`CHUNK_VALUES`] values. Returns the rows written (fewer than
/// given when `tail` is an `ON CONFLICT … DO NOTHING`).
///
/// # Errors
/// [`DbError`].
pub async fn insert_rows(tx: &mut Tx, head: &str, cols: usize, tail: &str, rows: Vec<Vec<Val>>) -> DbResult<u64> {
    let marks = marks(tx);
    let mut written = 0u64;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Val>> = rows.by_ref().take(CHUNK_VALUES / cols).collect();
        let sql = format!("{head} VALUES {} {tail}", placeholders(marks, chunk.len(), cols));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            debug_assert_eq!(row.len(), cols);
            for v in row {
                q = match v {
                    Val::I(i) => q.bind(i),
                    Val::T(s) => q.bind(s),
                    Val::OptI(i) => q.bind(i),
                    Val::OptT(s) => q.bind(s),
                };
            }
        }
        written = written.saturating_add(q.execute(&mut **tx).await?.rows_affected());
    }
    Ok(written)
}

/// Ids per `IN (…)` list.
pub const CHUNK_IDS: usize = 500;

/// Runs `sql_head IN (…)` over `ids` in chunks of [`CHUNK_IDS`] and hands
/// every row to `each`.
///
/// # Errors
/// [`DbError`], or what `each` returns.
pub async fn select_in(
    tx: &mut Tx,
    sql_head: &str,
    ids: &[String],
    mut each: impl FnMut(&sqlx::any::AnyRow) -> DbResult<()>,
) -> DbResult<()> {
    for chunk in ids.chunks(CHUNK_IDS) {
        let sql = format!("{sql_head} IN ({})", list(marks(tx), chunk.len()));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(id.clone());
        }
        for row in q.fetch_all(&mut **tx).await? {
            each(&row)?;
        }
    }
    Ok(())
}

/// Now, in milliseconds since the epoch (UTC).
#[must_use]
pub fn now_ms() -> i64 {
    protocol::Timestamp::now().0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_lists() {
        assert_eq!(placeholders(Marks::Numbered, 2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(Marks::Anonymous, 2, 2), "(?, ?), (?, ?)");
        assert_eq!(list(Marks::Numbered, 3), "$1, $2, $3");
        assert_eq!(list(Marks::Anonymous, 2), "?, ?");
        assert_eq!(Marks::for_backend("SQLite"), Marks::Anonymous);
        assert_eq!(Marks::for_backend("PostgreSQL"), Marks::Numbered);
        assert_eq!(sqlite_path("sqlite://data/cloud.db?mode=rwc").as_deref(), Some("data/cloud.db"));
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }
}
