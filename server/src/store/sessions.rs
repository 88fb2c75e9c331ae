//! The store, and its sessions and runs. A run acknowledged with 201 is durable:
//! on SQLite it was fsynced to the write-ahead log, on PostgreSQL committed.

use std::path::Path;

use callready_common::api::{NetworkFacts, RunView};
use callready_common::SessionCode;
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

use super::engine::{self, begin_write, Database, Engine, WriteLock};
use super::limits::refuse_when_full;
use super::startup::{damaged_or, migrate, quick_check, refuse_newer_schema};
use super::{
    user_agent_to_json, verdict_to_text, Inserted, Invite, NewRun, NewSession, SessionRow, StoreError,
    MAX_RUNS_PER_SESSION,
};

/// Numbers are bounded by `MAX_RUNS_PER_SESSION`, far inside `u32`.
fn run_number(stored: i64) -> u32 {
    u32::try_from(stored).unwrap_or(u32::MAX)
}

/// The columns [`session_of`] reads.
pub(super) const SESSION_COLUMNS: &str =
    "id, code, report_code, label, calls, created_at_ms, profile_id, site, agent, language, fields_json, \
     expires_at_ms, max_runs, embed_origins, brand, region";

pub(super) fn session_of(row: &AnyRow) -> Result<SessionRow, StoreError> {
    let code: String = row.get("code");
    let report_code = match row.get::<Option<String>, _>("report_code") {
        Some(text) => {
            Some(text.parse().map_err(|_| sqlx::Error::Decode(format!("stored report code {text:?}").into()))?)
        }
        None => None,
    };
    let fields = match row.get::<Option<String>, _>("fields_json") {
        Some(json) => serde_json::from_str(&json)?,
        None => Default::default(),
    };
    Ok(SessionRow {
        id: row.get("id"),
        // Stored canonical by create_session.
        code: code.parse().map_err(|_| sqlx::Error::Decode(format!("stored session code {code:?}").into()))?,
        report_code,
        label: row.get("label"),
        calls: row.get::<Option<i64>, _>("calls").and_then(|c| u32::try_from(c).ok()),
        created_at_ms: row.get("created_at_ms"),
        profile_id: row.get("profile_id"),
        invite: Invite {
            site: row.get("site"),
            agent: row.get("agent"),
            language: row.get("language"),
            fields,
            expires_at_ms: row.get("expires_at_ms"),
            max_runs: row.get::<Option<i64>, _>("max_runs").and_then(|c| u32::try_from(c).ok()),
            embed_origins: row
                .get::<Option<String>, _>("embed_origins")
                .map(|list| list.split(' ').map(str::to_string).collect())
                .unwrap_or_default(),
            brand: row.get("brand"),
            region: row.get("region"),
        },
    })
}

#[derive(Clone)]
pub struct Store {
    pub(super) pool: AnyPool,
    pub(super) engine: Engine,
    /// Saves are refused once the database uses this many bytes (`--max-db-mb`).
    max_db_bytes: u64,
}

pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Store {
    /// Opens (creating when missing) a SQLite file, refuses one a newer CallReady has
    /// migrated, and applies migrations.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Store::connect(&Database::Sqlite(path.to_path_buf()), false).await
    }

    /// [`Store::open`] after `PRAGMA quick_check` found every page sound. Refused, a
    /// damaged database is left as it was.
    pub async fn open_checked(path: &Path) -> Result<Store, StoreError> {
        Store::connect(&Database::Sqlite(path.to_path_buf()), true).await
    }

    /// Opens `database` as the server and the operator's commands do: a SQLite
    /// file's pages checked first (`check_pages`), a newer schema refused, then the
    /// migrations it lacks applied (on PostgreSQL under sqlx's migration lock, so
    /// nodes starting together apply each once).
    pub async fn connect(database: &Database, check_pages: bool) -> Result<Store, StoreError> {
        let engine = database.engine();
        let pool = engine::connect(database).await.map_err(damaged_or)?;
        if check_pages && engine == Engine::Sqlite {
            quick_check(&pool).await?;
        }
        refuse_newer_schema(&pool, engine).await?;
        migrate(&pool, engine).await?;
        Ok(Store { pool, engine, max_db_bytes: super::limits::DEFAULT_MAX_DB_MB * 1024 * 1024 })
    }

    /// The store of a test whose database is `path`: that SQLite file, or with
    /// `CALLREADY_TEST_POSTGRES` set, a PostgreSQL database of its own named after the
    /// path (so opening it twice opens the same one), as [`crate::config::Config::for_tests`].
    pub async fn for_tests(path: &Path) -> Result<Store, StoreError> {
        Store::connect(&Database::parse(&crate::config::test_database(path)), false).await
    }

    /// Everything a test's database `path` holds, as bytes to search for what must
    /// never be stored: the SQLite file with its write-ahead log as they lie on disk,
    /// or on PostgreSQL ([`Store::for_tests`]) every row of every table as text, since
    /// its files compress long values.
    pub async fn stored_bytes_for_tests(path: &Path) -> Result<Vec<u8>, StoreError> {
        let store = Store::for_tests(path).await?;
        let mut bytes = Vec::new();
        if store.engine == Engine::Sqlite {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let folder = path.parent().unwrap_or(Path::new("."));
            for entry in std::fs::read_dir(folder).map_err(|e| StoreError::Damaged(e.to_string()))?.flatten() {
                if entry.file_name().to_string_lossy().starts_with(&name) {
                    bytes.extend(std::fs::read(entry.path()).map_err(|e| StoreError::Damaged(e.to_string()))?);
                }
            }
            return Ok(bytes);
        }
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        )
        .fetch_all(&store.pool)
        .await?;
        for table in tables {
            let rows: Vec<String> = sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM \"{table}\" t"))
                .fetch_all(&store.pool)
                .await?;
            for row in rows {
                bytes.extend(row.into_bytes());
                bytes.push(b'\n');
            }
        }
        Ok(bytes)
    }

    /// The engine it stores in.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// This store refusing saves once the database uses `max_db_mb` MB.
    pub fn with_max_db_mb(self, max_db_mb: u64) -> Store {
        Store { max_db_bytes: max_db_mb.saturating_mul(1024 * 1024), ..self }
    }

    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn create_session(&self, new: &NewSession<'_>) -> Result<(), StoreError> {
        super::timed("create_session", self.create_session_now(new)).await
    }

    /// [`Store::create_session`], untimed.
    async fn create_session_now(&self, new: &NewSession<'_>) -> Result<(), StoreError> {
        let NewSession { code, report_code, label, calls, profile_id, invite, now_ms } = *new;
        let fields = if invite.fields.is_empty() { None } else { Some(serde_json::to_string(&invite.fields)?) };
        let mut tx = begin_write(&self.pool, self.engine, WriteLock::Rows).await?;
        refuse_when_full(&mut tx, self.engine, self.max_db_bytes).await?;
        sqlx::query(
            "INSERT INTO sessions (code, report_code, label, calls, profile_id, created_at_ms, site, agent, language, \
             fields_json, expires_at_ms, max_runs, embed_origins, brand, region) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(code.canonical())
        .bind(report_code.map(|c| c.canonical().to_string()))
        .bind(label)
        .bind(calls.map(i64::from))
        .bind(profile_id)
        .bind(now_ms)
        .bind(&invite.site)
        .bind(&invite.agent)
        .bind(&invite.language)
        .bind(fields)
        .bind(invite.expires_at_ms)
        .bind(invite.max_runs.map(i64::from))
        .bind(Some(invite.embed_origins.join(" ")).filter(|list| !list.is_empty()))
        .bind(&invite.brand)
        .bind(&invite.region)
        .execute(&mut *tx)
        .await
        .map_err(|e| if is_unique_violation(&e) { StoreError::DuplicateCode } else { e.into() })?;
        tx.commit().await?;
        Ok(())
    }

    /// The session whose report code this is.
    pub async fn find_by_report_code(&self, code: &SessionCode) -> Result<Option<SessionRow>, StoreError> {
        super::timed("find_by_report_code", self.find_by_report_code_now(code)).await
    }

    /// [`Store::find_by_report_code`], untimed.
    async fn find_by_report_code_now(&self, code: &SessionCode) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE report_code = $1"))
            .bind(code.canonical())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| session_of(&row)).transpose()
    }

    /// The session whose agent code this is.
    pub async fn find_session(&self, code: &SessionCode) -> Result<Option<SessionRow>, StoreError> {
        super::timed("find_session", self.find_session_now(code)).await
    }

    /// [`Store::find_session`], untimed.
    async fn find_session_now(&self, code: &SessionCode) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE code = $1"))
            .bind(code.canonical())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| session_of(&row)).transpose()
    }

    /// Stores a run once, numbered after the session's highest number (retention may
    /// have removed older runs; a number is never given twice): a retry with the same
    /// `client_run_id` returns the first one's number.
    /// The look-up, the count check and the insert share one transaction that takes
    /// the write lock first (`BEGIN IMMEDIATE`): a deferred one that read first could
    /// not upgrade after a concurrent save of the same run committed, and SQLite would
    /// refuse it with "database is locked" whatever the busy timeout.
    /// `invite`'s expiry and run limit hold for new runs (a retry of a stored one
    /// still finds it).
    pub async fn insert_run(&self, session_id: i64, run: &NewRun, invite: &Invite) -> Result<Inserted, StoreError> {
        super::timed("insert_run", self.insert_run_now(session_id, run, invite)).await
    }

    /// [`Store::insert_run`], untimed.
    async fn insert_run_now(&self, session_id: i64, run: &NewRun, invite: &Invite) -> Result<Inserted, StoreError> {
        let mut tx = begin_write(&self.pool, self.engine, WriteLock::Session(session_id)).await?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT number FROM runs WHERE session_id = $1 AND client_run_id = $2")
                .bind(session_id)
                .bind(&run.client_run_id)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(number) = existing {
            return Ok(Inserted::Existing(run_number(number)));
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM runs WHERE session_id = $1")
            .bind(session_id)
            .fetch_one(&mut *tx)
            .await?;
        if count >= MAX_RUNS_PER_SESSION {
            return Err(StoreError::SessionFull);
        }
        if invite.expires_at_ms.is_some_and(|end| run.created_at_ms >= end) {
            return Err(StoreError::LinkExpired);
        }
        if invite.max_runs.is_some_and(|max| count >= i64::from(max)) {
            return Err(StoreError::LinkUsedUp);
        }
        refuse_when_full(&mut tx, self.engine, self.max_db_bytes).await?;
        let highest: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) FROM runs WHERE session_id = $1")
            .bind(session_id)
            .fetch_one(&mut *tx)
            .await?;
        let number = highest + 1;
        sqlx::query(
            "INSERT INTO runs (session_id, number, client_run_id, created_at_ms, verdict, checks_json, \
             results_json, client_prefix, client_id, user_agent_json, profile_json) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(session_id)
        .bind(number)
        .bind(&run.client_run_id)
        .bind(run.created_at_ms)
        .bind(verdict_to_text(run.verdict)?)
        .bind(serde_json::to_string(&run.checks)?)
        .bind(serde_json::to_string(&run.results)?)
        .bind(&run.network.client_prefix)
        .bind(&run.network.client_id)
        .bind(user_agent_to_json(&run.network.user_agent)?)
        .bind(run.profile.as_ref().map(serde_json::to_string).transpose()?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Inserted::New(run_number(number)))
    }

    /// Every run of a session, newest first.
    pub async fn runs_of(&self, session_id: i64) -> Result<Vec<RunView>, StoreError> {
        super::timed("runs_of", self.runs_of_now(session_id)).await
    }

    /// [`Store::runs_of`], untimed.
    async fn runs_of_now(&self, session_id: i64) -> Result<Vec<RunView>, StoreError> {
        let rows = sqlx::query(
            "SELECT number, client_run_id, created_at_ms, verdict, checks_json, results_json, client_prefix, \
             client_id, user_agent_json, profile_json FROM runs WHERE session_id = $1 ORDER BY number DESC",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                let run = NewRun {
                    client_run_id: row.get("client_run_id"),
                    created_at_ms: row.get("created_at_ms"),
                    verdict: serde_json::from_value(serde_json::Value::String(row.get("verdict")))?,
                    checks: serde_json::from_str(row.get("checks_json"))?,
                    results: serde_json::from_str(row.get("results_json"))?,
                    network: NetworkFacts {
                        client_prefix: row.get("client_prefix"),
                        client_id: row.get("client_id"),
                        user_agent: serde_json::from_str(row.get("user_agent_json"))?,
                    },
                    profile: row
                        .get::<Option<String>, _>("profile_json")
                        .map(|json| serde_json::from_str(&json))
                        .transpose()?,
                };
                Ok(run.into_view(run_number(row.get("number"))))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Store;

    /// What lets a 201 outlive a power cut, not only a killed process (which the
    /// durability test covers): each commit is fsynced to the write-ahead log.
    #[tokio::test]
    async fn every_connection_fsyncs_each_commit_to_the_write_ahead_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("callready.db")).await.unwrap();
        let mut conns = Vec::new();
        for _ in 0..4 {
            let mut conn = store.pool.acquire().await.unwrap();
            let journal: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.unwrap();
            let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&mut *conn).await.unwrap();
            assert_eq!((journal.as_str(), synchronous), ("wal", 2), "WAL with synchronous = FULL");
            conns.push(conn);
        }
    }
}
