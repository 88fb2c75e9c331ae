//! A run the server refuses is reported to the agent, never dropped silently: the
//! session is filled to its run limit, so the real server answers 409.

use callready_e2e::{Browser, BrowserSession, Server};
use serde_json::json;
use std::time::Duration;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_agent_sees_that_a_refused_run_was_not_saved() -> anyhow::Result<()> {
    // The session is filled from this one address, faster than agents save.
    let server = Server::start_with(|c| c.limits.runs_per_minute = 1000).await?;
    let http = reqwest::Client::new();
    let created: serde_json::Value =
        http.post(server.url("/api/sessions")).json(&serde_json::json!({})).send().await?.json().await?;
    let code = created["code"].as_str().unwrap().to_string();
    let results = json!({
        "duration_ms": 1.0,
        "browser": {"ua": {"family": "chrome", "major": 150, "os": "linux"}, "has_rtc_peer_connection": true,
                    "has_get_user_media": true, "has_websocket": true, "device_memory_gb": 8.0, "hardware_concurrency": 2},
        "https": {"rtt_ms": [1.0], "attempts": 1, "failure": null},
        "websocket": {"connect_ms": 1.0, "echo_rtt_ms": [1.0], "failure": null,
                      "sip": {"rtt_ms": 1.0, "status": 200, "failure": null}}
    });
    for i in 0..callready_server::store::MAX_RUNS_PER_SESSION {
        let body = json!({"client_run_id": format!("fill-{i:08}"), "results": results});
        let response = http.post(server.url(&format!("/api/sessions/{code}/runs"))).json(&body).send().await?;
        assert_eq!(response.status(), reqwest::StatusCode::CREATED);
    }

    let session = BrowserSession::open(Browser::Chromium).await?;
    let driver = &session.driver;
    driver.goto(server.url(&format!("/t/{code}"))).await?;
    let start = driver.query(By::Id("start")).wait(Duration::from_secs(20), Duration::from_millis(100)).first().await?;
    start.wait_until().enabled().await?;
    start.click().await?;
    let status = driver
        .query(By::Css("#save-status[data-state='failed']"))
        .wait(Duration::from_secs(60), Duration::from_millis(200))
        .first()
        .await?;
    let text = status.text().await?;
    println!("[chromium] refused save shows: {text}");
    assert!(text.contains("NOT saved") && text.contains("409"), "{text}");
    assert!(text.contains("used for all its runs"), "the server's error in the page's words: {text}");
    assert!(text.contains("Retry saving"), "a retry button is offered: {text}");
    session.quit().await
}
