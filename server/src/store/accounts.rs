//! Operator accounts, API tokens and login sessions. Only hashes are stored: an
//! Argon2id PHC string per password, a SHA-256 per token and per login cookie (both
//! 256 random bits, so a fast hash is enough).

use sqlx::Row;

use super::sessions::{is_unique_violation, Store};
use super::StoreError;

/// Most login sessions one account keeps; the oldest goes when a new one starts.
pub const MAX_LOGINS_PER_USER: i64 = 20;

/// What an account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Everything support does, and the deployment's settings (webhooks, accounts).
    Admin,
    /// Create sessions and read every run.
    Support,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Support => "support",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "support" => Some(Role::Support),
            _ => None,
        }
    }
}

/// An account as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_at_ms: i64,
}

fn user_of(row: &sqlx::any::AnyRow) -> UserRow {
    UserRow {
        id: row.get("id"),
        name: row.get("name"),
        // The table's CHECK allows only these two.
        role: Role::parse(row.get::<&str, _>("role")).unwrap_or(Role::Support),
        created_at_ms: row.get("created_at_ms"),
    }
}

impl Store {
    pub async fn add_user(&self, name: &str, role: Role, password_hash: &str, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO users (name, role, password_hash, created_at_ms) VALUES ($1, $2, $3, $4)")
            .bind(name)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(now_ms)
            .execute(&self.pool)
            .await
            .map_err(|e| if is_unique_violation(&e) { StoreError::DuplicateName } else { e.into() })?;
        Ok(())
    }

    pub async fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, role, created_at_ms FROM users ORDER BY name").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(user_of).collect())
    }

    /// The account and its password hash.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<(UserRow, String)>, StoreError> {
        let row = sqlx::query("SELECT id, name, role, created_at_ms, password_hash FROM users WHERE name = $1")
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| (user_of(&row), row.get("password_hash"))))
    }

    /// Sets a new password and ends the account's login sessions; false: no such account.
    pub async fn set_password(&self, name: &str, password_hash: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query("UPDATE users SET password_hash = $1 WHERE name = $2")
            .bind(password_hash)
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query("DELETE FROM logins WHERE user_id IN (SELECT id FROM users WHERE name = $1)")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(changed == 1)
    }

    /// Removes an account and its login sessions; false: no such account.
    pub async fn remove_user(&self, name: &str) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM users WHERE name = $1").bind(name).execute(&self.pool).await?;
        Ok(removed.rows_affected() == 1)
    }

    pub async fn add_token(&self, name: &str, token_hash: &str, now_ms: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO api_tokens (name, token_hash, created_at_ms) VALUES ($1, $2, $3)")
            .bind(name)
            .bind(token_hash)
            .bind(now_ms)
            .execute(&self.pool)
            .await
            .map_err(|e| if is_unique_violation(&e) { StoreError::DuplicateName } else { e.into() })?;
        Ok(())
    }

    /// Token names and when each was made.
    pub async fn tokens(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let rows =
            sqlx::query("SELECT name, created_at_ms FROM api_tokens ORDER BY name").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(|row| (row.get("name"), row.get("created_at_ms"))).collect())
    }

    pub async fn remove_token(&self, name: &str) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM api_tokens WHERE name = $1").bind(name).execute(&self.pool).await?;
        Ok(removed.rows_affected() == 1)
    }

    /// The name of the token with this hash, if there is one.
    pub async fn token_named(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT name FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Starts a login session; the account's oldest go beyond [`MAX_LOGINS_PER_USER`],
    /// and every expired one with them.
    pub async fn add_login(
        &self,
        id_hash: &str,
        user_id: i64,
        now_ms: i64,
        expires_at_ms: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM logins WHERE expires_at_ms <= $1").bind(now_ms).execute(&mut *tx).await?;
        sqlx::query(
            "DELETE FROM logins WHERE user_id = $1 AND id_hash NOT IN \
             (SELECT id_hash FROM logins WHERE user_id = $2 ORDER BY created_at_ms DESC LIMIT $3)",
        )
        .bind(user_id)
        .bind(user_id)
        .bind(MAX_LOGINS_PER_USER - 1)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO logins (id_hash, user_id, created_at_ms, expires_at_ms) VALUES ($1, $2, $3, $4)")
            .bind(id_hash)
            .bind(user_id)
            .bind(now_ms)
            .bind(expires_at_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account a live login session belongs to.
    pub async fn login_user(&self, id_hash: &str, now_ms: i64) -> Result<Option<UserRow>, StoreError> {
        let row = sqlx::query(
            "SELECT users.id, users.name, users.role, users.created_at_ms FROM logins \
             JOIN users ON users.id = logins.user_id WHERE logins.id_hash = $1 AND logins.expires_at_ms > $2",
        )
        .bind(id_hash)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(user_of))
    }

    pub async fn remove_login(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM logins WHERE id_hash = $1").bind(id_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// How many login sessions an account holds (tests and support).
    pub async fn logins_of(&self, user_id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM logins WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?)
    }
}
