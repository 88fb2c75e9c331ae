//! `callready backup FILE`: a consistent copy of the database while the server keeps
//! serving. `VACUUM INTO` reads one snapshot (a read transaction: in WAL mode the
//! server's saves go on meanwhile) and writes it compacted into a new file, which is
//! checked, flushed to disk and only then given its name: a file at that name is
//! always a whole backup, and an existing file is never overwritten.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use super::startup::damaged_or;
use super::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists: a backup never overwrites a file; give a new name, or remove that file first")]
    Exists(PathBuf),
    #[error("{0}: no database there (check --db)")]
    NoDatabase(PathBuf),
    #[error("{path}: {source}")]
    File { path: PathBuf, source: std::io::Error },
    #[error("{0}: the backup's name must be valid UTF-8")]
    Name(PathBuf),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the copy failed its check ({0}); nothing was kept")]
    BadCopy(String),
}

/// What a backup holds.
#[derive(Clone, Copy, Debug)]
pub struct BackedUp {
    pub sessions: i64,
    pub runs: i64,
    pub bytes: u64,
}

/// Copies the database at `db` into the new file `to`.
pub async fn backup(db: &Path, to: &Path) -> Result<BackedUp, BackupError> {
    if !db.is_file() {
        return Err(BackupError::NoDatabase(db.to_path_buf()));
    }
    // Taking the name first refuses an existing file, even one made a moment ago.
    let file_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BackupError::File { path, source }
    };
    OpenOptions::new().write(true).create_new(true).open(to).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::Exists(to.to_path_buf())
        } else {
            file_error(to)(source)
        }
    })?;
    let mut partial = to.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    let copied = copy_and_check(db, &partial).await;
    let kept = copied.and_then(|backed_up| {
        std::fs::File::open(&partial).and_then(|f| f.sync_all()).map_err(file_error(&partial))?;
        std::fs::rename(&partial, to).map_err(file_error(to))?;
        let folder = to.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::File::open(folder).and_then(|f| f.sync_all()).map_err(file_error(folder))?;
        Ok(backed_up)
    });
    if kept.is_err() {
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_file(to);
    }
    kept
}

/// `VACUUM INTO` a fresh `partial`, then the copy's own check and counts.
async fn copy_and_check(db: &Path, partial: &Path) -> Result<BackedUp, BackupError> {
    // Left by a backup to the same name that was stopped half-way: never a backup.
    match std::fs::remove_file(partial) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(BackupError::File { path: partial.to_path_buf(), source: e })
        }
        _ => {}
    }
    let target = partial.to_str().ok_or_else(|| BackupError::Name(partial.to_path_buf()))?;
    let mut source = SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5))
        .connect()
        .await
        .map_err(damaged_or)?;
    let vacuumed = sqlx::query("VACUUM INTO ?").bind(target).execute(&mut source).await;
    let _ = source.close().await;
    vacuumed.map_err(damaged_or)?;
    // Immutable: reading the copy leaves no -wal or -shm beside it.
    let mut copy = SqliteConnectOptions::new()
        .filename(partial)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| BackupError::BadCopy(e.to_string()))?;
    let checked = check_copy(&mut copy).await;
    let _ = copy.close().await;
    let (sessions, runs) = checked?;
    let bytes = std::fs::metadata(partial).map_err(|source| BackupError::File { path: partial.into(), source })?.len();
    Ok(BackedUp { sessions, runs, bytes })
}

async fn check_copy(copy: &mut SqliteConnection) -> Result<(i64, i64), BackupError> {
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_all(&mut *copy)
        .await
        .map_err(|e| BackupError::BadCopy(e.to_string()))?;
    if problems != ["ok"] {
        return Err(BackupError::BadCopy(problems.join("; ")));
    }
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&mut *copy)
        .await
        .map_err(|e| BackupError::BadCopy(e.to_string()))?;
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM runs")
        .fetch_one(&mut *copy)
        .await
        .map_err(|e| BackupError::BadCopy(e.to_string()))?;
    Ok((sessions, runs))
}
