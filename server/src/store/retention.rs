//! Retention (`--retention-days`): runs older than the retention are deleted, then
//! the sessions as old that hold no run any more and whose link takes none (expired,
//! or made before links expired). The server prunes once before it serves, then
//! every 24 hours ([`start`]).

use std::time::Duration;

use super::{Store, StoreError};

/// How often the server prunes after start-up.
pub const PRUNE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);

/// Rows deleted per statement: each batch holds the write lock briefly, so saves
/// keep flowing while a large backlog is pruned.
const BATCH: i64 = 500;

/// What one pruning deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub runs: u64,
    pub sessions: u64,
}

impl Store {
    /// Deletes what is older than `keep` at `now_ms`: runs created before the cutoff,
    /// then sessions created before it that hold no run and whose link is closed.
    pub async fn prune(&self, now_ms: i64, keep: Duration) -> Result<Pruned, StoreError> {
        let cutoff_ms = now_ms.saturating_sub(i64::try_from(keep.as_millis()).unwrap_or(i64::MAX));
        let runs = self
            .delete_in_batches(
                "DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE created_at_ms < $1 ORDER BY id LIMIT $2)",
                cutoff_ms,
                None,
            )
            .await?;
        let sessions = self
            .delete_in_batches(
                "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE created_at_ms < $1 \
                 AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.session_id = sessions.id) \
                 AND (expires_at_ms IS NULL OR expires_at_ms <= $2) ORDER BY id LIMIT $3)",
                cutoff_ms,
                Some(now_ms),
            )
            .await?;
        Ok(Pruned { runs, sessions })
    }

    /// Runs `sql` (bound to `cutoff_ms`, `now_ms` when given, then the batch size)
    /// until it deletes nothing; the rows deleted.
    async fn delete_in_batches(&self, sql: &str, cutoff_ms: i64, now_ms: Option<i64>) -> Result<u64, StoreError> {
        let mut deleted = 0;
        loop {
            let mut query = sqlx::query(sql).bind(cutoff_ms);
            if let Some(now_ms) = now_ms {
                query = query.bind(now_ms);
            }
            let batch = query.bind(BATCH).execute(&self.pool).await?.rows_affected();
            deleted += batch;
            if batch == 0 {
                return Ok(deleted);
            }
        }
    }
}

/// Prunes what is older than `keep` now, then spawns the task that prunes again
/// every `every` (the server: [`PRUNE_EVERY`]) until it is aborted or the runtime
/// ends. A failed first pruning is a failure to start; a later one is logged and
/// tried again at the next turn.
pub async fn start(store: Store, keep: Duration, every: Duration) -> Result<tokio::task::JoinHandle<()>, StoreError> {
    prune_and_log(&store, keep).await?;
    Ok(tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if let Err(err) = prune_and_log(&store, keep).await {
                tracing::warn!(%err, "retention: pruning failed; trying again in {} hours", every.as_secs() / 3600);
            }
        }
    }))
}

async fn prune_and_log(store: &Store, keep: Duration) -> Result<Pruned, StoreError> {
    let pruned = store.prune(crate::now_ms(), keep).await?;
    let days = keep.as_secs() / 86_400;
    if pruned != Pruned::default() {
        tracing::info!(
            runs = pruned.runs,
            sessions = pruned.sessions,
            "retention: deleted what is older than {days} days"
        );
    }
    Ok(pruned)
}
