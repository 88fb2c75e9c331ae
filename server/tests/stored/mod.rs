//! Everything a test's database holds, as bytes to search: the SQLite file (with its
//! write-ahead log) as it lies on disk, or, on PostgreSQL, every row of every table
//! as text (`CAST(row AS TEXT)`), since its files compress long values.

use std::path::Path;

use sqlx::Connection;

/// The bytes stored for the test database `db` (a path in the test's folder).
pub async fn stored_bytes(db: &Path) -> Vec<u8> {
    let url = callready_server::config::test_database(db);
    if !url.starts_with("postgres") {
        return file_bytes(db);
    }
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let mut bytes = Vec::new();
    for table in tables {
        let rows: Vec<String> = sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM \"{table}\" t"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        for row in rows {
            bytes.extend(row.into_bytes());
            bytes.push(b'\n');
        }
    }
    bytes
}

/// The files beside `db` whose names start with its name (`callready.db`,
/// `callready.db-wal`…).
fn file_bytes(db: &Path) -> Vec<u8> {
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(db.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&name)) {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    bytes
}
