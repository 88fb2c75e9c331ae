//! The agent's page fetches the probes' code (its second wasm file,
//! `split_probes.wasm`) while it loads the session. When that file cannot be had,
//! the page says so instead of leaving Start disabled; once the file can be had
//! again, Start fetches it and the test runs. The file is blocked by the browser's
//! own request blocking (DevTools), as a filtering proxy would drop it.

use std::time::Duration;

use callready_e2e::{Browser, BrowserSession};
use callready_server::config::Config;
use callready_server::RunningServer;
use serde_json::json;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_says_when_the_probes_code_did_not_load_and_start_fetches_it_again() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // Only the page's own code is under test: no WebRTC probes to wait out.
    let config = Config { no_turn: true, media_seconds: 0, ..Config::for_tests(&dir.path().join("callready.db")) };
    let server = RunningServer::start(config).await?;
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
    let devtools = driver.cdp();
    devtools.send_raw("Network.enable", json!({})).await?;
    devtools.send_raw("Network.setBlockedURLs", json!({ "urls": ["*split_probes.wasm"] })).await?;
    driver.goto(server.url(&format!("/t/{code}"))).await?;
    let failure =
        driver.query(By::Id("code-failure")).wait(Duration::from_secs(30), Duration::from_millis(100)).first().await?;
    println!("[chromium] without the probes' code: {}", failure.text().await?);
    let start = driver.find(By::Id("start")).await?;
    start.wait_until().enabled().await?;

    devtools.send_raw("Network.setBlockedURLs", json!({ "urls": [] })).await?;
    start.click().await?;
    driver.query(By::Id("verdict")).wait(Duration::from_secs(60), Duration::from_millis(200)).first().await?;
    driver
        .query(By::Css("#save-status[data-state='saved']"))
        .wait(Duration::from_secs(30), Duration::from_millis(200))
        .first()
        .await?;
    assert!(driver.find_all(By::Id("code-failure")).await?.is_empty(), "the message goes once the code has come");
    let stored: callready_common::api::SessionView =
        reqwest::get(server.url(&format!("/api/sessions/{report}"))).await?.json().await?;
    assert_eq!(stored.runs.len(), 1, "the run Start made once the code came is stored");
    session.quit().await
}
