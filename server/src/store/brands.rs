//! Brands: the look an admin gives the pages of the deployment or of some invites.

use callready_common::brand::{BrandSettings, MAX_BRANDS};
use sqlx::Row;

use super::engine::{begin_write, Table, WriteLock};
use super::sessions::Store;
use super::StoreError;

/// A stored brand, its logo left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrandRow {
    pub id: String,
    pub name: String,
    pub colour: String,
    pub support: Option<String>,
    /// The logo's media type, when there is a logo.
    pub logo_type: Option<String>,
    pub updated_at_ms: i64,
}

/// A brand's logo: its media type and bytes (an SVG already sanitised).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

const BRAND_COLUMNS: &str = "id, name, colour, support, logo_type, updated_at_ms";

fn brand_of(row: &sqlx::any::AnyRow) -> BrandRow {
    BrandRow {
        id: row.get("id"),
        name: row.get("name"),
        colour: row.get("colour"),
        support: row.get("support"),
        logo_type: row.get("logo_type"),
        updated_at_ms: row.get("updated_at_ms"),
    }
}

impl Store {
    /// Makes or replaces the brand `id`'s texts and colour, keeping its logo; `false`
    /// when it is new and the deployment already has [`MAX_BRANDS`].
    pub async fn put_brand(&self, id: &str, settings: &BrandSettings, now_ms: i64) -> Result<bool, StoreError> {
        let mut tx = begin_write(&self.pool, self.engine, WriteLock::Table(Table::Brands)).await?;
        let exists: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM brands WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM brands").fetch_one(&mut *tx).await?;
        if exists == 0 && count >= MAX_BRANDS as i64 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO brands (id, name, colour, support, updated_at_ms) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, colour = excluded.colour, \
             support = excluded.support, updated_at_ms = excluded.updated_at_ms",
        )
        .bind(id)
        .bind(&settings.name)
        .bind(&settings.colour)
        .bind(&settings.support)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Sets (or with `None` removes) the logo of an existing brand; `false` when
    /// there is no brand `id`.
    pub async fn set_brand_logo(&self, id: &str, logo: Option<&Logo>, now_ms: i64) -> Result<bool, StoreError> {
        let updated = sqlx::query("UPDATE brands SET logo_type = $1, logo = $2, updated_at_ms = $3 WHERE id = $4")
            .bind(logo.map(|l| l.media_type.as_str()))
            .bind(logo.map(|l| l.bytes.as_slice()))
            .bind(now_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    pub async fn brands(&self) -> Result<Vec<BrandRow>, StoreError> {
        let rows =
            sqlx::query(&format!("SELECT {BRAND_COLUMNS} FROM brands ORDER BY id")).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(brand_of).collect())
    }

    pub async fn brand(&self, id: &str) -> Result<Option<BrandRow>, StoreError> {
        let row = sqlx::query(&format!("SELECT {BRAND_COLUMNS} FROM brands WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(brand_of))
    }

    pub async fn brand_logo(&self, id: &str) -> Result<Option<Logo>, StoreError> {
        let row = sqlx::query("SELECT logo_type, logo FROM brands WHERE id = $1 AND logo IS NOT NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| Logo { media_type: row.get("logo_type"), bytes: row.get("logo") }))
    }

    /// Removes a brand; invites that named it wear the deployment's from then on.
    pub async fn remove_brand(&self, id: &str) -> Result<bool, StoreError> {
        let removed = sqlx::query("DELETE FROM brands WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(removed.rows_affected() == 1)
    }
}
