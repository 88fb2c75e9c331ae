//! The nodes (regions) that share this database, and the settings every node must
//! share. Each node writes its row at start and again at every heartbeat; readers
//! judge a node healthy by how recently it wrote.

use sqlx::Row;

use super::sessions::Store;
use super::StoreError;

/// Most nodes the table keeps: a heartbeat of a new node beyond it is refused.
pub const MAX_NODES: i64 = 32;
/// A node silent this long is forgotten (its row deleted) by the next heartbeat of
/// any node.
pub const FORGET_AFTER_MS: i64 = 7 * 86_400_000;

/// A node as it registers itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRow {
    pub name: String,
    pub display_name: String,
    pub http_url: String,
    pub stun_url: Option<String>,
    /// TURN URLs, space-separated in the table.
    pub turn_urls: Vec<String>,
    pub echo_url: Option<String>,
    pub started_at_ms: i64,
    pub last_seen_ms: i64,
}

/// A value every node shares, made by the first node that needs it.
#[derive(Clone, Copy, Debug)]
pub enum Setting {
    /// The TURN REST secret (hex), so credentials from any node are valid on all.
    TurnSecret,
}

impl Setting {
    fn name(self) -> &'static str {
        match self {
            Setting::TurnSecret => "turn_secret",
        }
    }
}

impl Store {
    /// Writes this node's row, now: `false` when the table already holds
    /// [`MAX_NODES`] other nodes. Nodes silent for [`FORGET_AFTER_MS`] go first.
    pub async fn heartbeat(&self, node: &NodeRow) -> Result<bool, StoreError> {
        sqlx::query("DELETE FROM nodes WHERE last_seen_ms < $1")
            .bind(node.last_seen_ms.saturating_sub(FORGET_AFTER_MS))
            .execute(&self.pool)
            .await?;
        let others: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM nodes WHERE name <> $1")
            .bind(&node.name)
            .fetch_one(&self.pool)
            .await?;
        if others >= MAX_NODES {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO nodes (name, display_name, http_url, stun_url, turn_urls, echo_url, started_at_ms, \
             last_seen_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (name) DO UPDATE SET \
             display_name = excluded.display_name, http_url = excluded.http_url, stun_url = excluded.stun_url, \
             turn_urls = excluded.turn_urls, echo_url = excluded.echo_url, started_at_ms = excluded.started_at_ms, \
             last_seen_ms = excluded.last_seen_ms",
        )
        .bind(&node.name)
        .bind(&node.display_name)
        .bind(&node.http_url)
        .bind(&node.stun_url)
        .bind(node.turn_urls.join(" "))
        .bind(&node.echo_url)
        .bind(node.started_at_ms)
        .bind(node.last_seen_ms)
        .execute(&self.pool)
        .await?;
        Ok(true)
    }

    /// Removes this node's row (a clean stop), so it leaves the list at once.
    pub async fn leave(&self, name: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM nodes WHERE name = $1").bind(name).execute(&self.pool).await?;
        Ok(())
    }

    /// Every registered node, by name.
    pub async fn nodes(&self) -> Result<Vec<NodeRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT name, display_name, http_url, stun_url, turn_urls, echo_url, started_at_ms, last_seen_ms \
             FROM nodes ORDER BY name LIMIT $1",
        )
        .bind(MAX_NODES)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|row| NodeRow {
                name: row.get("name"),
                display_name: row.get("display_name"),
                http_url: row.get("http_url"),
                stun_url: row.get("stun_url"),
                turn_urls: row.get::<String, _>("turn_urls").split_whitespace().map(str::to_string).collect(),
                echo_url: row.get("echo_url"),
                started_at_ms: row.get("started_at_ms"),
                last_seen_ms: row.get("last_seen_ms"),
            })
            .collect())
    }

    /// The shared `setting`, made from `make` by whichever node asks first (the
    /// others then read that one).
    pub async fn shared_setting(&self, setting: Setting, make: impl FnOnce() -> String) -> Result<String, StoreError> {
        sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(setting.name())
            .bind(make())
            .execute(&self.pool)
            .await?;
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(setting.name())
            .fetch_one(&self.pool)
            .await?)
    }
}
