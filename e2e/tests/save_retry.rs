//! A save that fails because the server is gone is retried until the server is
//! back, then stored: the server is stopped before Start and restarted (same port,
//! same database) while the page is retrying.

use std::time::Duration;

use callready_common::api::SessionView;
use callready_common::probes::FetchFailure;
use callready_common::verdict::Verdict;
use callready_e2e::{Browser, BrowserSession};
use callready_server::config::Config;
use callready_server::RunningServer;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_retries_a_failed_save_until_the_server_is_back() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // Only the saving is under test: no WebRTC probes to wait out against a dead server.
    let config = Config { no_turn: true, media_seconds: 0, ..Config::for_tests(&dir.path().join("callready.db")) };
    let server = RunningServer::start(config.clone()).await?;
    let addr = server.addr;
    let created: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/sessions"))
        .json(&serde_json::json!({}))
        .send()
        .await?
        .json()
        .await?;
    let code = created["code"].as_str().unwrap().to_string();
    let report = created["report_code"].as_str().unwrap().to_string();

    let session = BrowserSession::open(Browser::Chromium).await?;
    let driver = &session.driver;
    driver.goto(server.url(&format!("/t/{code}"))).await?;
    let start = driver.query(By::Id("start")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?;
    start.wait_until().enabled().await?;
    server.stop().await?;
    start.click().await?;

    let retrying = driver
        .query(By::Css("#save-status[data-state='retrying']"))
        .wait(Duration::from_secs(60), Duration::from_millis(100))
        .first()
        .await?;
    println!("[chromium] while the server is down: {}", retrying.text().await?);
    let restarted = RunningServer::start(Config { listen: addr, ..config }).await?;
    let saved = driver
        .query(By::Css("#save-status[data-state='saved']"))
        .wait(Duration::from_secs(60), Duration::from_millis(200))
        .first()
        .await?;
    println!("[chromium] after the restart: {}", saved.text().await?);

    let stored: SessionView = reqwest::get(restarted.url(&format!("/api/sessions/{report}"))).await?.json().await?;
    assert_eq!(stored.runs.len(), 1, "the run was stored once");
    let run = &stored.runs[0];
    assert_eq!(run.results.https.failure, Some(FetchFailure::Network), "the probes saw the server gone");
    assert_eq!(run.verdict, Verdict::NotReady);
    session.quit().await
}
