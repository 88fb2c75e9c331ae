//! The two engines CallReady stores in, behind one query layer (sqlx's `Any`
//! driver: every query is written once, with `$1` parameters, which both engines
//! take): SQLite, one file beside the binary (the default), and PostgreSQL, which
//! several nodes share. What differs lives here: how a write takes its lock, how the
//! database's size is read, what start-up checks, and each engine's migrations.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};

use super::StoreError;

/// Where the data lives, from `--db`: a PostgreSQL URL (`postgres://…`), else a
/// SQLite file's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    /// `--db`'s value: a `postgres://` or `postgresql://` URL, else a file path.
    pub fn parse(db: &str) -> Database {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Database::Postgres(db.to_string())
        } else {
            Database::Sqlite(PathBuf::from(db))
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Database::Sqlite(_) => Engine::Sqlite,
            Database::Postgres(_) => Engine::Postgres,
        }
    }

    /// How messages name it: the file's path, or the URL without its password.
    pub fn display(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => without_password(url),
        }
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:…@host/db`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:…@{host}")
        }
        _ => url.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// SQLite's schema: `server/migrations/sqlite/`, versions 1, 2, 3…
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");
/// PostgreSQL's schema: `server/migrations/postgres/`.
pub static POSTGRES_MIGRATOR: Migrator = sqlx::migrate!("./migrations/postgres");

impl Engine {
    pub fn migrator(self) -> &'static Migrator {
        match self {
            Engine::Sqlite => &MIGRATOR,
            Engine::Postgres => &POSTGRES_MIGRATOR,
        }
    }
}

/// What a write transaction must hold alone until it commits: on SQLite every write
/// takes the one write lock at `BEGIN IMMEDIATE`; on PostgreSQL a transaction-scoped
/// advisory lock serialises only the writes that read before they write the same
/// thing (a session's run numbers, a table's row count).
#[derive(Clone, Copy, Debug)]
pub(super) enum WriteLock {
    /// Nothing beyond the rows it writes (constraints keep them right).
    Rows,
    /// One session's runs.
    Session(i64),
    /// A whole table whose size a write checks first.
    Table(Table),
}

#[derive(Clone, Copy, Debug)]
pub(super) enum Table {
    Webhooks = 1,
    Outbox = 2,
    Brands = 3,
}

impl WriteLock {
    /// The advisory lock's key: the kind in the top bits, the id below.
    fn key(self) -> Option<i64> {
        match self {
            WriteLock::Rows => None,
            WriteLock::Session(id) => Some((1 << 56) | (id & ((1 << 56) - 1))),
            WriteLock::Table(table) => Some((2 << 56) | table as i64),
        }
    }
}

/// Opens a pool on `database`, creating the database when it does not exist yet (a
/// SQLite file; a PostgreSQL database, when the role may create one).
pub(super) async fn connect(database: &Database) -> Result<AnyPool, sqlx::Error> {
    sqlx::any::install_default_drivers();
    match database {
        Database::Sqlite(path) => {
            let url = format!("sqlite://{}?mode=rwc", url_path(path));
            let options: AnyConnectOptions = url.parse()?;
            // One connection first, so that a file SQLite cannot use fails here with
            // SQLite's own error (the pool would retry until its timeout, then say only
            // that).
            let mut first = AnyConnection::connect_with(&options).await?;
            sqlite_settings(&mut first).await?;
            first.close().await?;
            AnyPoolOptions::new()
                .max_connections(4)
                .after_connect(|conn, _| Box::pin(async move { sqlite_settings(conn).await }))
                .connect_with(options)
                .await
        }
        Database::Postgres(url) => {
            // One connection first: its error is the server's own (the pool would
            // retry until its timeout). A database that does not exist yet is made.
            match AnyConnection::connect(url).await {
                Ok(first) => first.close().await?,
                Err(sqlx::Error::Database(err)) if err.code().as_deref() == Some(UNDEFINED_DATABASE) => {
                    Any::create_database(url).await?
                }
                Err(err) => return Err(err),
            }
            AnyPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await
        }
    }
}

/// PostgreSQL's SQLSTATE for a database that does not exist.
const UNDEFINED_DATABASE: &str = "3D000";

/// A path as the `sqlite://` URL's path, its `%`, `?` and `#` escaped.
fn url_path(path: &Path) -> String {
    path.display().to_string().replace('%', "%25").replace('?', "%3F").replace('#', "%23")
}

/// Every SQLite connection: the write-ahead log, each commit fsynced to it
/// (`synchronous = FULL`: a run acknowledged with 201 outlives a power cut),
/// foreign keys enforced, and 5 s of waiting for the write lock.
async fn sqlite_settings(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000",
    )
    .await?;
    Ok(())
}

/// Begins a write transaction holding `lock`.
pub(super) async fn begin_write(
    pool: &AnyPool,
    engine: Engine,
    lock: WriteLock,
) -> Result<Transaction<'static, Any>, StoreError> {
    match engine {
        Engine::Sqlite => Ok(pool.begin_with("BEGIN IMMEDIATE").await?),
        Engine::Postgres => {
            let mut tx = pool.begin().await?;
            if let Some(key) = lock.key() {
                // `SELECT 1 FROM`: the function returns `void`, which no driver decodes.
                sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)").bind(key).execute(&mut *tx).await?;
            }
            Ok(tx)
        }
    }
}

/// Bytes the database uses: SQLite's pages in use as the transaction sees them (the
/// write-ahead log included, free pages not), PostgreSQL's database size on disk.
pub(super) async fn used_bytes(conn: &mut AnyConnection, engine: Engine) -> Result<u64, StoreError> {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, \
             pragma_page_size"
        }
        Engine::Postgres => "SELECT pg_database_size(current_database())",
    };
    let used: i64 = sqlx::query_scalar(sql).fetch_one(conn).await?;
    Ok(u64::try_from(used).unwrap_or(0))
}

/// Whether the migrations' bookkeeping table exists yet.
pub(super) async fn has_migrations_table(pool: &AnyPool, engine: Engine) -> Result<bool, sqlx::Error> {
    match engine {
        Engine::Sqlite => {
            let found: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            )
            .fetch_one(pool)
            .await?;
            Ok(found > 0)
        }
        Engine::Postgres => {
            let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM pg_tables WHERE tablename = '_sqlx_migrations'")
                .fetch_one(pool)
                .await?;
            Ok(found > 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_flag_names_an_engine_and_messages_hide_the_password() {
        assert_eq!(Database::parse("callready.db"), Database::Sqlite("callready.db".into()));
        let pg = Database::parse("postgres://cr:hunter2@db.internal/callready");
        assert_eq!(pg.engine(), Engine::Postgres);
        assert_eq!(pg.display(), "postgres://cr:…@db.internal/callready");
        assert!(!pg.display().contains("hunter2"));
        assert_eq!(Database::parse("postgresql://db/x").display(), "postgresql://db/x");
    }

    #[test]
    fn file_names_with_url_characters_stay_file_names() {
        assert_eq!(url_path(Path::new("/tmp/a?b#c%d.db")), "/tmp/a%3Fb%23c%25d.db");
    }

    #[test]
    fn lock_keys_of_sessions_and_tables_never_meet() {
        let session = WriteLock::Session(1).key().unwrap();
        let table = WriteLock::Table(Table::Webhooks).key().unwrap();
        assert_ne!(session, table);
        assert!(WriteLock::Rows.key().is_none());
    }
}
