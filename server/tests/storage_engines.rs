//! What several nodes sharing one database rely on, on whichever engine the tests
//! run (SQLite by default; PostgreSQL with `CALLREADY_TEST_POSTGRES`): each webhook
//! delivery claimed by one worker only, one shared TURN secret, the node list; and a
//! SQLite database of the previous schema migrated with its data.

use std::borrow::Cow;
use std::collections::HashSet;

use callready_server::store::{NodeRow, Setting, Store, MIGRATOR};

fn node(name: &str, last_seen_ms: i64) -> NodeRow {
    NodeRow {
        name: name.into(),
        display_name: name.to_uppercase(),
        http_url: format!("https://{name}.example.com"),
        stun_url: Some(format!("stun:{name}.example.com:3478")),
        turn_urls: vec![format!("turn:{name}.example.com:3478?transport=udp")],
        echo_url: None,
        started_at_ms: 1,
        last_seen_ms,
    }
}

#[tokio::test]
async fn two_workers_never_claim_the_same_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let (a, b) = (Store::for_tests(&db).await.unwrap(), Store::for_tests(&db).await.unwrap());
    a.add_webhook("https://hooks.example.com/x", "secret", "run.completed", 0).await.unwrap().unwrap();
    for n in 0..200 {
        assert_eq!(a.enqueue("run.completed", &format!("{{\"n\":{n}}}"), 1_000).await.unwrap(), 1);
    }
    // Both claim in small batches at once until nothing is due.
    let claim = |store: Store| async move {
        let mut ids = Vec::new();
        loop {
            let batch = store.claim_deliveries(2_000, 7, 600_000).await.unwrap();
            if batch.is_empty() {
                return ids;
            }
            ids.extend(batch.iter().map(|d| d.id));
        }
    };
    let (from_a, from_b) = tokio::join!(tokio::spawn(claim(a.clone())), tokio::spawn(claim(b.clone())));
    let (from_a, from_b) = (from_a.unwrap(), from_b.unwrap());
    let all: HashSet<i64> = from_a.iter().chain(&from_b).copied().collect();
    assert_eq!(from_a.len() + from_b.len(), 200, "a: {}, b: {}", from_a.len(), from_b.len());
    assert_eq!(all.len(), 200, "no delivery was claimed twice");
    // Claimed ones come back only once their lease ends.
    assert!(a.claim_deliveries(2_000 + 599_000, 500, 600_000).await.unwrap().is_empty());
    assert_eq!(a.claim_deliveries(2_000 + 600_001, 500, 600_000).await.unwrap().len(), 200);
}

#[tokio::test]
async fn nodes_share_one_turn_secret_and_see_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let (a, b) = (Store::for_tests(&db).await.unwrap(), Store::for_tests(&db).await.unwrap());
    let first = a.shared_setting(Setting::TurnSecret, || "made-by-a".into()).await.unwrap();
    let second = b.shared_setting(Setting::TurnSecret, || "made-by-b".into()).await.unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("made-by-a", "made-by-a"), "the first one made stays");

    assert!(a.heartbeat(&node("eu", 10_000)).await.unwrap());
    assert!(b.heartbeat(&node("us", 11_000)).await.unwrap());
    assert!(a.heartbeat(&node("eu", 12_000)).await.unwrap(), "a heartbeat updates its own row");
    let listed = b.nodes().await.unwrap();
    assert_eq!(listed, vec![node("eu", 12_000), node("us", 11_000)]);
    b.leave("us").await.unwrap();
    assert_eq!(a.nodes().await.unwrap(), vec![node("eu", 12_000)]);
}

#[tokio::test]
async fn the_node_table_is_bounded_and_forgets_nodes_silent_for_a_week() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::for_tests(&dir.path().join("callready.db")).await.unwrap();
    let now = 30 * 86_400_000;
    for n in 0..32 {
        assert!(store.heartbeat(&node(&format!("n{n:02}"), now)).await.unwrap());
    }
    assert!(!store.heartbeat(&node("one-too-many", now)).await.unwrap(), "32 nodes at most");
    assert!(store.heartbeat(&node("n00", now + 1)).await.unwrap(), "a listed node still beats");
    // A week later, a new node's first beat forgets the silent ones.
    assert!(store.heartbeat(&node("late", now + 8 * 86_400_000)).await.unwrap());
    assert_eq!(store.nodes().await.unwrap().len(), 1);
}

/// The previous schema (SQLite's migrations 1 to 9) with a session and a run, opened
/// by this version: migration 10 applies and both read back.
#[tokio::test]
async fn a_database_of_the_previous_schema_is_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("callready.db");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = Cow::Owned(MIGRATOR.iter().filter(|m| m.version <= 9).cloned().collect());
    before.run(&pool).await.unwrap();
    sqlx::query("INSERT INTO sessions (code, report_code, created_at_ms) VALUES ('ABCDEFGHJKMN', 'PQRSTVWXYZ01', 5)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;

    let store = Store::open(&db).await.unwrap();
    let code = "ABCD-EFGH-JKMN".parse().unwrap();
    let session = store.find_session(&code).await.unwrap().expect("the session survived the migration");
    assert_eq!((session.created_at_ms, session.invite.region.as_deref()), (5, None));
    assert!(store.heartbeat(&node("eu", 1)).await.unwrap(), "the new tables are there");
}
