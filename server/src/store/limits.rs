//! The database's size bound (`--max-db-mb`): a save that would grow it past the
//! bound is refused ([`StoreError::StorageFull`], 507), so a flood of runs or
//! sessions fills the bound, not the host's disk. What counts is the pages in use:
//! pages that retention freed are reused before the file grows again.

use sqlx::SqliteConnection;

use super::StoreError;

/// 1 GB: about 70,000 full runs (a small run takes ~5 KB with its checks and profile,
/// a full one an estimated ~15 KB, at most ~80 KB with a 64 KB body), a year of 200
/// runs a day, while a small VM keeps room for the database, its backups and its
/// write-ahead log.
pub const DEFAULT_MAX_DB_MB: u64 = 1024;

const MB: u64 = 1024 * 1024;

/// Bytes of the database's pages in use, as the connection's transaction sees them
/// (the write-ahead log included, free pages not).
pub(super) async fn used_bytes(conn: &mut SqliteConnection) -> Result<u64, StoreError> {
    let used: i64 = sqlx::query_scalar(
        "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, \
         pragma_page_size",
    )
    .fetch_one(conn)
    .await?;
    Ok(u64::try_from(used).unwrap_or(0))
}

/// Refuses a save when the database already uses `max_bytes`.
pub(super) async fn refuse_when_full(conn: &mut SqliteConnection, max_bytes: u64) -> Result<(), StoreError> {
    if used_bytes(conn).await? >= max_bytes {
        return Err(StoreError::StorageFull { limit_mb: max_bytes / MB });
    }
    Ok(())
}
