//! Durability against the real binary: a server killed with SIGKILL while many
//! clients save runs keeps every run it acknowledged, whole, and shows nothing
//! half-written; `callready backup` copies the live database consistently, and the
//! README's restore steps bring the copy back.

mod binary;

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use binary::{callready, connect, db_path, new_session, run_body, stored_runs, Server};
use reqwest::StatusCode;
use serde_json::Value;

const CLIENTS: usize = 16;

/// What one client learnt of its session: the figures it sent (acknowledged or
/// not) and the number each acknowledged one got.
#[derive(Default)]
struct Saves {
    sent: HashSet<u64>,
    acknowledged: BTreeMap<u64, f64>,
}

/// Saves runs into `report_code`'s session in a loop until the server stops
/// answering (or `limit` runs), counting acknowledgements into `acked`.
async fn save_until_gone(
    client: reqwest::Client,
    url: String,
    client_index: usize,
    limit: usize,
    acked: Arc<AtomicUsize>,
) -> Saves {
    let mut saves = Saves::default();
    for i in 0..limit {
        // Exact in f64, unique across clients, and a duration the API takes (≤ 120 s).
        let figure = (client_index * 5_000 + i) as f64;
        saves.sent.insert(figure as u64);
        let sent =
            client.post(&url).json(&run_body(&format!("client-{client_index:02}-run-{i:04}"), figure)).send().await;
        let Ok(answer) = sent else { break };
        let status = answer.status();
        let Ok(body) = answer.json::<Value>().await else { break };
        assert_eq!(status, StatusCode::CREATED, "{body}");
        saves.acknowledged.insert(body["number"].as_u64().unwrap(), figure);
        acked.fetch_add(1, Ordering::Relaxed);
    }
    saves
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_run_survives_a_sigkill_whole() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let mut sessions = Vec::new();
    for _ in 0..CLIENTS {
        sessions.push(new_session(&client, &server).await);
    }
    let acked = Arc::new(AtomicUsize::new(0));
    let savers: Vec<_> = sessions
        .iter()
        .enumerate()
        .map(|(index, (code, _))| {
            let url = server.url(&format!("/api/sessions/{code}/runs"));
            // Below the per-session bound, so a full session never ends a client early.
            tokio::spawn(save_until_gone(client.clone(), url, index, 450, acked.clone()))
        })
        .collect();
    // Killed mid-flow: once a good number of saves went through, all 16 still saving.
    let started = std::time::Instant::now();
    while acked.load(Ordering::Relaxed) < 600 && started.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill();
    let mut saves = Vec::new();
    for saver in savers {
        saves.push(saver.await.unwrap());
    }
    assert!(saves.iter().all(|s| s.acknowledged.len() < 450), "every client was still saving when killed");

    let server = Server::start(dir.path(), &[]);
    let (mut acknowledged, mut found) = (0, 0);
    for ((_, report_code), saves) in sessions.iter().zip(&saves) {
        let stored = stored_runs(&client, &server, report_code).await;
        acknowledged += saves.acknowledged.len();
        found += stored.len();
        let numbers: Vec<u64> = stored.iter().map(|(number, _)| *number).collect();
        assert_eq!(numbers, (1..=stored.len() as u64).collect::<Vec<_>>(), "numbers without a gap");
        let by_number: BTreeMap<u64, f64> = stored.iter().copied().collect();
        for (number, figure) in &saves.acknowledged {
            assert_eq!(by_number.get(number), Some(figure), "acknowledged run {number} is stored as it was sent");
        }
        for (number, figure) in &stored {
            assert!(saves.sent.contains(&(*figure as u64)), "run {number} holds a figure that was sent: {figure}");
        }
        // Only saves in flight at the kill may be stored unacknowledged.
        assert!(
            stored.len() - saves.acknowledged.len() <= 1,
            "{} stored, {} acknowledged",
            stored.len(),
            saves.acknowledged.len()
        );
    }
    let mut db = connect(&db_path(dir.path())).await;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut db).await.unwrap();
    assert_eq!(integrity, "ok");
    println!("SIGKILL under {CLIENTS} clients: {acknowledged} runs acknowledged, {found} found after restart");
    assert!(acknowledged >= 600, "the kill came after 600 acknowledgements: {acknowledged}");
    assert!(found >= acknowledged);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_runs_are_saved_is_whole_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let client = reqwest::Client::new();
    let mut sessions = Vec::new();
    for _ in 0..4 {
        sessions.push(new_session(&client, &server).await);
    }
    let acked = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let savers: Vec<_> = sessions
        .iter()
        .enumerate()
        .map(|(index, (code, _))| {
            let url = server.url(&format!("/api/sessions/{code}/runs"));
            let (client, acked, stop) = (client.clone(), acked.clone(), stop.clone());
            tokio::spawn(async move {
                let mut saves = Saves::default();
                for i in 0..450 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let figure = (index * 5_000 + i) as f64;
                    let answer = client
                        .post(&url)
                        .json(&run_body(&format!("backup-{index:02}-run-{i:04}"), figure))
                        .send()
                        .await;
                    let body: Value = answer.unwrap().json().await.unwrap();
                    saves.acknowledged.insert(body["number"].as_u64().unwrap(), figure);
                    acked.fetch_add(1, Ordering::Relaxed);
                }
                saves
            })
        })
        .collect();
    while acked.load(Ordering::Relaxed) < 200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before = acked.load(Ordering::Relaxed);
    let copy = dir.path().join("backup.db");
    let dir_path = dir.path().to_path_buf();
    let copy_arg = copy.to_str().unwrap().to_string();
    let backup = tokio::task::spawn_blocking(move || callready(&dir_path, &["backup", &copy_arg])).await.unwrap();
    let after = acked.load(Ordering::Relaxed);
    // Still saving after the backup, as they were before it: it ran amid the writes.
    while acked.load(Ordering::Relaxed) < after + 8 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut saves = Vec::new();
    for saver in savers {
        saves.push(saver.await.unwrap());
    }
    let stdout = String::from_utf8_lossy(&backup.stdout);
    assert_eq!(backup.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&backup.stderr));

    let mut copied = connect(&copy).await;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut copied).await.unwrap();
    assert_eq!(integrity, "ok");
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM runs").fetch_one(&mut copied).await.unwrap();
    let sessions_copied: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&mut copied).await.unwrap();
    drop(copied);
    println!("backup under load: {before} runs acknowledged before it began, {runs} in the copy, {after} by its end");
    assert!(runs as usize >= before && runs as usize <= after + 4, "{before} ≤ {runs} ≤ {after} + in flight");
    assert_eq!(sessions_copied, 4);
    assert!(stdout.contains(&format!("4 sessions, {runs} runs")), "{stdout}");

    // Never over an existing file.
    let written = std::fs::read(&copy).unwrap();
    let again = callready(dir.path(), &["backup", copy.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("already exists: a backup never overwrites a file"), "{stderr}");
    assert_eq!(std::fs::read(&copy).unwrap(), written, "the earlier backup is untouched");

    // README, Operations: stop the server, copy the backup over the database, remove
    // its -wal and -shm, start.
    server.stop();
    let db = db_path(dir.path());
    std::fs::copy(&copy, &db).unwrap();
    for side in ["callready.db-wal", "callready.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(side));
    }
    let server = Server::start(dir.path(), &[]);
    let mut restored = 0;
    for ((_, report_code), saves) in sessions.iter().zip(&saves) {
        let stored: BTreeMap<u64, f64> = stored_runs(&client, &server, report_code).await.into_iter().collect();
        for (number, figure) in &stored {
            assert_eq!(saves.acknowledged.get(number), Some(figure), "restored run {number} is the one saved");
        }
        restored += stored.len();
    }
    assert_eq!(restored as i64, runs);
}
