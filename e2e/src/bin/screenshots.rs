//! `cargo xtask screenshots`: runs the agent test in headless Chromium against a
//! fresh server and saves the agent page and the support report as PNGs for the
//! README (`docs/agent-page.png`, `docs/report.png`).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use callready_e2e::{run_agent_test, Browser, BrowserSession, Server};
use thirtyfour::prelude::*;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let docs = PathBuf::from(std::env::args().nth(1).context("usage: screenshots <output folder>")?);
    std::fs::create_dir_all(&docs)?;
    let server = Server::start_with(|c| c.bandwidth_seconds = 6).await?;
    let body: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/sessions"))
        .json(&serde_json::json!({"label": "ACME – Lyon site", "calls": 20}))
        .send()
        .await?
        .json()
        .await?;
    let code = body["code"].as_str().context("no code")?.to_string();
    let report = body["report_code"].as_str().context("no report code")?.to_string();
    let session = BrowserSession::open(Browser::Chromium).await?;
    session.driver.set_window_rect(0, 0, 1200, 1500).await?;
    run_agent_test(&session, &server, &code).await?;
    session.driver.screenshot(&docs.join("agent-page.png")).await?;

    session.driver.goto(server.url(&format!("/r/{report}"))).await?;
    session
        .driver
        .query(By::Css("article.run"))
        .wait(Duration::from_secs(20), Duration::from_millis(100))
        .first()
        .await?;
    session.driver.screenshot(&docs.join("report.png")).await?;
    println!("wrote {} and {}", docs.join("agent-page.png").display(), docs.join("report.png").display());
    session.quit().await
}
