//! What opening the database checks before anything uses it: that SQLite can read
//! it at all and finds its pages sound (`PRAGMA quick_check`; PostgreSQL checks its
//! own pages), that no newer
//! CallReady has moved its schema past what this binary knows, and then the
//! migrations, each applied with its bookkeeping row in one transaction (sqlx does
//! so for SQLite unless a file opts out with `-- no-transaction`, which none may: a
//! test below holds it), so a failed one leaves the database as it was.

use sqlx::migrate::MigrateError;
use sqlx::AnyPool;

use super::engine::{has_migrations_table, Engine};
use super::StoreError;

/// SQLite's primary result codes for a file that is damaged or not a database.
const SQLITE_CORRUPT: i32 = 11;
const SQLITE_NOTADB: i32 = 26;

/// `err` as [`StoreError::Damaged`] when SQLite says the file is damaged or not a
/// database; any other error as it is.
pub(super) fn damaged_or(err: sqlx::Error) -> StoreError {
    // SQLite's codes have at most 4 digits; PostgreSQL's SQLSTATEs are 5 characters.
    let primary = match &err {
        sqlx::Error::Database(db) => {
            db.code().filter(|code| code.len() < 5).and_then(|code| code.parse::<i32>().ok()).map(|code| code & 0xff)
        }
        _ => None,
    };
    match primary {
        Some(SQLITE_CORRUPT | SQLITE_NOTADB) => StoreError::Damaged(err.to_string()),
        _ => err.into(),
    }
}

/// `PRAGMA quick_check`: every page and b-tree sound (without the full check's
/// comparison of each index with its table, which reads the database many times over).
pub(super) async fn quick_check(pool: &AnyPool) -> Result<(), StoreError> {
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA quick_check").fetch_all(pool).await.map_err(damaged_or)?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    let mut detail = problems.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    if problems.len() > 3 {
        detail.push_str(&format!("; {} problems in all", problems.len()));
    }
    Err(StoreError::Damaged(detail))
}

/// Refuses a database that records a migration this binary does not have: a newer
/// CallReady wrote it, and this one would misread what it changed.
pub(super) async fn refuse_newer_schema(pool: &AnyPool, engine: Engine) -> Result<(), StoreError> {
    if !has_migrations_table(pool, engine).await.map_err(damaged_or)? {
        return Ok(());
    }
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(pool)
        .await
        .map_err(damaged_or)?;
    let migrator = engine.migrator();
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    let unknown = applied.iter().copied().filter(|v| !migrator.iter().any(|m| m.version == *v)).max();
    match unknown {
        Some(found) => Err(StoreError::NewerSchema { found, known }),
        None => Ok(()),
    }
}

/// Applies the migrations the database lacks.
pub(super) async fn migrate(pool: &AnyPool, engine: Engine) -> Result<(), StoreError> {
    engine.migrator().run(pool).await.map_err(|err| match err {
        MigrateError::ExecuteMigration(reason, version) => {
            StoreError::Migration { version, reason: reason.to_string() }
        }
        other => damaged_or(other.into()),
    })
}

#[cfg(test)]
mod tests {
    use super::Engine;

    #[test]
    fn every_migration_runs_in_a_transaction() {
        for engine in [Engine::Sqlite, Engine::Postgres] {
            assert!(engine.migrator().iter().count() > 0);
            for migration in engine.migrator().iter() {
                assert!(!migration.no_tx, "{engine:?} migration {} opts out of its transaction", migration.version);
            }
        }
    }
}
