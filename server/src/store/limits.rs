//! The database's size bound (`--max-db-mb`): a save that would grow it past the
//! bound is refused ([`StoreError::StorageFull`], 507), so a flood of runs or
//! sessions fills the bound, not the host's disk. What counts is the pages in use:
//! pages that retention freed are reused before the file grows again (on PostgreSQL:
//! the database's size on disk, which autovacuum's reuse of space keeps level).

use sqlx::AnyConnection;

use super::engine::{used_bytes, Engine};
use super::StoreError;

/// 1 GB: about 70,000 full runs (a small run takes ~5 KB with its checks and profile,
/// a full one an estimated ~15 KB, at most ~80 KB with a 64 KB body), a year of 200
/// runs a day, while a small VM keeps room for the database, its backups and its
/// write-ahead log.
pub const DEFAULT_MAX_DB_MB: u64 = 1024;

const MB: u64 = 1024 * 1024;

/// Refuses a save when the database already uses `max_bytes`.
pub(super) async fn refuse_when_full(
    conn: &mut AnyConnection,
    engine: Engine,
    max_bytes: u64,
) -> Result<(), StoreError> {
    if used_bytes(conn, engine).await? >= max_bytes {
        return Err(StoreError::StorageFull { limit_mb: max_bytes / MB });
    }
    Ok(())
}
