//! Webhooks and their delivery outbox.

use sqlx::Row;

use super::engine::{begin_write, Engine, Table, WriteLock};
use super::sessions::Store;
use super::StoreError;

/// Most webhooks a deployment keeps.
pub const MAX_WEBHOOKS: i64 = 20;
/// Most deliveries waiting at once; more events are dropped (and logged).
pub const MAX_PENDING: i64 = 50_000;
/// Settled deliveries are kept this long for the delivery log.
pub const KEEP_SETTLED_MS: i64 = 7 * 86_400_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookRow {
    pub id: i64,
    pub url: String,
    pub secret: String,
    /// Event names, space-separated.
    pub events: String,
    pub created_at_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: i64,
    pub url: String,
    pub secret: String,
    pub event: String,
    pub body: String,
    pub created_at_ms: i64,
    pub next_attempt_ms: i64,
    pub attempts: i64,
    pub status: String,
    pub last_error: Option<String>,
}

fn webhook_of(row: &sqlx::any::AnyRow) -> WebhookRow {
    WebhookRow {
        id: row.get("id"),
        url: row.get("url"),
        secret: row.get("secret"),
        events: row.get("events"),
        created_at_ms: row.get("created_at_ms"),
    }
}

const DELIVERY_COLUMNS: &str = "o.id, o.webhook_id, w.url, w.secret, o.event, o.body, o.created_at_ms, \
     o.next_attempt_ms, o.attempts, o.status, o.last_error";

fn delivery_of(row: &sqlx::any::AnyRow) -> Delivery {
    Delivery {
        id: row.get("id"),
        webhook_id: row.get("webhook_id"),
        url: row.get("url"),
        secret: row.get("secret"),
        event: row.get("event"),
        body: row.get("body"),
        created_at_ms: row.get("created_at_ms"),
        next_attempt_ms: row.get("next_attempt_ms"),
        attempts: row.get("attempts"),
        status: row.get("status"),
        last_error: row.get("last_error"),
    }
}

impl Store {
    /// Adds a webhook; `None` when the deployment already has [`MAX_WEBHOOKS`].
    pub async fn add_webhook(
        &self,
        url: &str,
        secret: &str,
        events: &str,
        now_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = begin_write(&self.pool, self.engine, WriteLock::Table(Table::Webhooks)).await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhooks").fetch_one(&mut *tx).await?;
        if count >= MAX_WEBHOOKS {
            return Ok(None);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (url, secret, events, created_at_ms) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(url)
        .bind(secret)
        .bind(events)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn webhooks(&self) -> Result<Vec<WebhookRow>, StoreError> {
        let rows = sqlx::query("SELECT id, url, secret, events, created_at_ms FROM webhooks ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(webhook_of).collect())
    }

    pub async fn remove_webhook(&self, id: i64) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM webhooks WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(removed.rows_affected() == 1)
    }

    /// Queues `body` for every webhook that takes `event`; how many were queued.
    pub async fn enqueue(&self, event: &str, body: &str, now_ms: i64) -> Result<u64, StoreError> {
        let mut tx = begin_write(&self.pool, self.engine, WriteLock::Table(Table::Outbox)).await?;
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox WHERE status = 'pending'")
            .fetch_one(&mut *tx)
            .await?;
        if pending >= MAX_PENDING {
            tracing::warn!(pending, "webhook outbox full: an event is dropped");
            return Ok(0);
        }
        let queued = sqlx::query(
            "INSERT INTO webhook_outbox (webhook_id, event, body, created_at_ms, next_attempt_ms) \
             SELECT id, $1, $2, $3, $4 FROM webhooks WHERE (' ' || events || ' ') LIKE ('% ' || $5 || ' %')",
        )
        .bind(event)
        .bind(body)
        .bind(now_ms)
        .bind(now_ms)
        .bind(event)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(queued)
    }

    /// Claims the deliveries due now, oldest first, at most `limit`: each is put off
    /// until `now_ms + lease_ms`, so no other node (nor this one) takes it meanwhile;
    /// its outcome then settles it or sets its next attempt. On PostgreSQL, rows
    /// another node is claiming at the same moment are skipped (`SKIP LOCKED`), not
    /// waited for: each event is delivered once, however many nodes work the outbox.
    pub async fn claim_deliveries(&self, now_ms: i64, limit: i64, lease_ms: i64) -> Result<Vec<Delivery>, StoreError> {
        let mut tx = begin_write(&self.pool, self.engine, WriteLock::Rows).await?;
        let skip_locked = match self.engine {
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        };
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM webhook_outbox WHERE status = 'pending' AND next_attempt_ms <= $1 \
             ORDER BY next_attempt_ms, id LIMIT $2{skip_locked}"
        ))
        .bind(now_ms)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Row ids the database gave: integers, written into the statement as they are.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id \
             WHERE o.id IN ({list}) ORDER BY o.next_attempt_ms, o.id"
        ))
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(&format!("UPDATE webhook_outbox SET next_attempt_ms = $1 WHERE id IN ({list})"))
            .bind(now_ms.saturating_add(lease_ms))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(rows.iter().map(delivery_of).collect())
    }

    /// When the next pending delivery is due, if any.
    pub async fn next_due_ms(&self) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT MIN(next_attempt_ms) FROM webhook_outbox WHERE status = 'pending'")
            .fetch_one(&self.pool)
            .await?)
    }

    pub async fn delivered(&self, id: i64, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE webhook_outbox SET status = 'delivered', attempts = attempts + 1, last_error = NULL, \
             settled_at_ms = $1 WHERE id = $2",
        )
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failed attempt: tried again at `retry_at_ms`, or failed for good.
    pub async fn attempt_failed(
        &self,
        id: i64,
        error: &str,
        retry_at_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let error: String = error.chars().take(300).collect();
        let (status, next, settled) = match retry_at_ms {
            Some(at) => ("pending", at, None),
            None => ("failed", now_ms, Some(now_ms)),
        };
        sqlx::query(
            "UPDATE webhook_outbox SET status = $1, attempts = attempts + 1, last_error = $2, next_attempt_ms = $3, \
             settled_at_ms = $4 WHERE id = $5",
        )
        .bind(status)
        .bind(error)
        .bind(next)
        .bind(settled)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sends a delivery again (whatever its state); false: no such delivery.
    pub async fn redeliver(&self, id: i64, now_ms: i64) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE webhook_outbox SET status = 'pending', next_attempt_ms = $1, created_at_ms = $2, settled_at_ms = NULL \
             WHERE id = $3",
        )
        .bind(now_ms)
        .bind(now_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(changed.rows_affected() == 1)
    }

    /// The delivery log, newest first.
    pub async fn deliveries(&self, limit: i64) -> Result<Vec<Delivery>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_outbox o JOIN webhooks w ON w.id = o.webhook_id \
             ORDER BY o.id DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(delivery_of).collect())
    }

    /// Drops settled deliveries older than [`KEEP_SETTLED_MS`].
    pub async fn prune_deliveries(&self, now_ms: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM webhook_outbox WHERE status != 'pending' AND settled_at_ms < $1")
            .bind(now_ms - KEEP_SETTLED_MS)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
