//! Storage bounds against the real binary and a real SQLite file: saves past
//! `--max-db-mb` are refused with 507 and nothing stored is lost; what is older than
//! `--retention-days` is deleted at start-up, and again at each turn of the task the
//! server keeps running.

mod binary;

use std::time::Duration;

use binary::{connect, db_path, new_session, run_body, stored_runs, Server};
use callready_common::SessionCode;
use callready_server::store::{retention, Invite, NewSession, Store};
use reqwest::StatusCode;
use serde_json::{json, Value};

const DAY_MS: i64 = 86_400_000;

#[tokio::test]
async fn saves_past_the_size_bound_are_refused_with_507_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--max-db-mb", "1"]);
    let client = reqwest::Client::new();
    let mut sessions = vec![(new_session(&client, &server).await, 0)];
    let mut refusal = None;
    for i in 0..3000 {
        let ((code, _), saved) = sessions.last().unwrap().clone();
        if saved == 400 {
            sessions.push((new_session(&client, &server).await, 0));
            continue;
        }
        let answer = client
            .post(server.url(&format!("/api/sessions/{code}/runs")))
            .json(&run_body(&format!("run-{i:06}"), i as f64))
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let body: Value = answer.json().await.unwrap();
        if status == StatusCode::CREATED {
            sessions.last_mut().unwrap().1 += 1;
        } else {
            refusal = Some((status, body));
            break;
        }
    }
    let (status, body) = refusal.expect("a save was refused before 3000 runs (~15 MB)");
    let acknowledged: usize = sessions.iter().map(|(_, saved)| saved).sum();
    println!("--max-db-mb 1: {acknowledged} runs saved, then {status}");
    assert_eq!(status, StatusCode::INSUFFICIENT_STORAGE, "{body}");
    assert_eq!(body["error"]["code"], "storage_full", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("size limit (1 MB)") && message.contains("--max-db-mb"), "{message}");
    // A new session is refused too: sessions alone could otherwise fill the disk.
    let created = client.post(server.url("/api/sessions")).json(&json!({})).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::INSUFFICIENT_STORAGE);
    for ((_, report_code), saved) in &sessions {
        assert_eq!(stored_runs(&client, &server, report_code).await.len(), *saved, "every saved run still reads back");
    }
    server.stop();

    let mut db = connect(&db_path(dir.path())).await;
    let used: i64 = sqlx::query_scalar(
        "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, \
         pragma_page_size",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    drop(db);
    assert!(used <= 1024 * 1024 + 64 * 1024, "the database stopped near its bound: {used} bytes");

    // The bound is a setting, not a state: raised, saves go on.
    let server = Server::start(dir.path(), &["--max-db-mb", "2"]);
    let ((code, _), _) = sessions.last().unwrap();
    let answer = client
        .post(server.url(&format!("/api/sessions/{code}/runs")))
        .json(&run_body("after-the-raise", 1.0))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
}

/// Saves one run with `figure` into the session `code`; its number.
async fn save(client: &reqwest::Client, server: &Server, code: &str, figure: f64) -> u64 {
    let answer = client
        .post(server.url(&format!("/api/sessions/{code}/runs")))
        .json(&run_body(&format!("run-{:06}", figure as u64), figure))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    answer.json::<Value>().await.unwrap()["number"].as_u64().unwrap()
}

/// Moves rows `days` into the past: `sql` is an UPDATE whose every parameter is
/// that many ms.
async fn age(dir: &std::path::Path, sql: &str, days: i64) {
    let mut db = connect(&db_path(dir)).await;
    let mut update = sqlx::query(sql);
    for _ in 0..sql.matches('?').count() {
        update = update.bind(days * DAY_MS);
    }
    update.execute(&mut db).await.unwrap();
}

#[tokio::test]
async fn start_up_deletes_what_is_older_than_the_retention() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::new();
    // Made in this order: ids 1, 2 and 3.
    let (old_code, old_report) = new_session(&client, &server).await;
    let (mixed_code, mixed_report) = new_session(&client, &server).await;
    let (_, recent_report) = new_session(&client, &server).await;
    for figure in [1.0, 2.0] {
        save(&client, &server, &old_code, figure).await;
    }
    for figure in [3.0, 4.0] {
        save(&client, &server, &mixed_code, figure).await;
    }
    server.stop();
    // 400 days ago: the first session whole (made, run, link expired), the second's
    // creation and first run; the third is today's.
    age(
        dir.path(),
        "UPDATE sessions SET created_at_ms = created_at_ms - ?, expires_at_ms = expires_at_ms - ? WHERE id = 1",
        400,
    )
    .await;
    age(dir.path(), "UPDATE runs SET created_at_ms = created_at_ms - ? WHERE session_id = 1", 400).await;
    age(dir.path(), "UPDATE sessions SET created_at_ms = created_at_ms - ? WHERE id = 2", 400).await;
    age(dir.path(), "UPDATE runs SET created_at_ms = created_at_ms - ? WHERE session_id = 2 AND number = 1", 400).await;

    let server = Server::start(dir.path(), &[]);
    let gone = client.get(server.url(&format!("/api/sessions/{old_report}"))).send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND, "the old session went with its runs");
    assert_eq!(stored_runs(&client, &server, &mixed_report).await, vec![(2, 4.0)], "only the recent run stays");
    assert_eq!(stored_runs(&client, &server, &recent_report).await, vec![]);
    assert!(server.log().contains("retention: deleted"), "{}", server.log());
    // Numbers are never given twice, though run 1 is gone.
    assert_eq!(save(&client, &server, &mixed_code, 5.0).await, 3);
    server.stop();

    // 0 keeps everything.
    age(dir.path(), "UPDATE runs SET created_at_ms = created_at_ms - ?", 4000).await;
    let server = Server::start(dir.path(), &["--retention-days", "0"]);
    assert_eq!(stored_runs(&client, &server, &mixed_report).await.len(), 2);
}

#[tokio::test]
async fn the_retention_task_deletes_again_at_each_turn() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::for_tests(&dir.path().join("callready.db")).await.unwrap();
    let task = retention::start(store.clone(), Duration::from_secs(86_400), Duration::from_millis(100)).await.unwrap();
    // Made after the start-up pruning: only a later turn can delete it.
    let now = callready_server::now_ms();
    let code = SessionCode::from_random([7; 8]);
    let invite = Invite { expires_at_ms: Some(now - 2 * DAY_MS), ..Invite::default() };
    let old = NewSession {
        code: &code,
        report_code: None,
        label: None,
        calls: None,
        profile_id: None,
        invite: &invite,
        now_ms: now - 3 * DAY_MS,
    };
    store.create_session(&old).await.unwrap();
    let fresh_code = SessionCode::from_random([8; 8]);
    store.create_session(&NewSession { code: &fresh_code, now_ms: now, ..old }).await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while store.find_session(&code).await.unwrap().is_some() {
        assert!(std::time::Instant::now() < deadline, "the task did not prune within 10 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(store.find_session(&fresh_code).await.unwrap().is_some(), "what is within the retention stays");
    task.abort();
}
