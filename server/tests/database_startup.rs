//! What the real binary does at start-up with a database it must not use: a damaged
//! one, a file that is no database, one a newer CallReady migrated, one whose
//! migration fails half-way. Each time: one line naming `--db` and what to do,
//! exit status 1, and the file left as it was.

mod binary;

use std::borrow::Cow;

use binary::{connect, db_path, new_session, run_body, Server};
use callready_server::store::MIGRATOR;

/// The start-up's refusal: its `callready:` line.
fn refusal(dir: &std::path::Path) -> String {
    let output = match Server::try_start(dir, &[]) {
        Ok(server) => panic!("the server started:\n{}", server.log()),
        Err(output) => output,
    };
    assert!(output.starts_with("exit status Some(1)"), "{output}");
    let lines: Vec<&str> = output.lines().filter(|l| l.starts_with("callready:")).collect();
    assert_eq!(lines.len(), 1, "{output}");
    assert!(lines[0].starts_with(&format!("callready: --db {}: ", db_path(dir).display())), "{output}");
    assert!(!output.contains("panicked"), "{output}");
    lines[0].to_string()
}

#[tokio::test]
async fn a_damaged_page_is_found_at_start_up_and_the_file_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::new();
    let (code, _) = new_session(&client, &server).await;
    for i in 0..40 {
        let answer = client
            .post(server.url(&format!("/api/sessions/{code}/runs")))
            .json(&run_body(&format!("run-{i:06}"), f64::from(i)))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), reqwest::StatusCode::CREATED);
    }
    server.stop();
    // Everything into the main file, then garbage over the runs table's root page:
    // nothing the start-up reads for itself (the schema, the migrations) is touched.
    let db = db_path(dir.path());
    let mut conn = connect(&db).await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await.unwrap();
    let root: i64 = sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'runs'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let page_size: i64 = sqlx::query_scalar("PRAGMA page_size").fetch_one(&mut conn).await.unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&db).unwrap();
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + page_size as usize].fill(0x5a);
    std::fs::write(&db, &bytes).unwrap();

    let line = refusal(dir.path());
    assert!(line.contains("the database is damaged (") && line.contains("restore the last backup"), "{line}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the damaged file is left for inspection as it was");
}

#[tokio::test]
async fn a_file_that_is_no_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = "not a database\n".repeat(400);
    std::fs::write(db_path(dir.path()), &text).unwrap();
    let line = refusal(dir.path());
    assert!(line.contains("the database is damaged (") && line.contains("file is not a database"), "{line}");
    assert_eq!(std::fs::read_to_string(db_path(dir.path())).unwrap(), text);
}

#[tokio::test]
async fn a_schema_from_a_newer_callready_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    Server::start(dir.path(), &[]).stop();
    let mut conn = connect(&db_path(dir.path())).await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (20991231, 'from a newer CallReady', TRUE, x'00', 1)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    drop(conn);
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap();
    let line = refusal(dir.path());
    assert!(
        line.contains(&format!(
            "the database has schema version 20991231, but this callready knows versions up to {known}"
        )),
        "{line}"
    );
    assert!(line.contains("restore a backup made before the upgrade"), "{line}");
}

#[tokio::test]
async fn a_migration_failing_half_way_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_path(dir.path());
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    // The schema before migration 9 (brands: a new table, then a new column), and
    // the column it adds already there, so that its second statement fails.
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = Cow::Owned(MIGRATOR.iter().filter(|m| m.version < 9).cloned().collect());
    before.run(&pool).await.unwrap();
    sqlx::query("ALTER TABLE sessions ADD COLUMN brand TEXT").execute(&pool).await.unwrap();
    pool.close().await;

    let line = refusal(dir.path());
    assert!(
        line.contains("migration 9 could not be applied (") && line.contains("duplicate column name: brand"),
        "{line}"
    );
    let mut conn = connect(&db).await;
    let brands: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'brands'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(brands, 0, "the table its first statement made was rolled back with it");
    let applied: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&mut conn).await.unwrap();
    assert_eq!(applied, 8);
}
