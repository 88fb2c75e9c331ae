//! Load for `cargo xtask bench`: how many runs a second the server stores, and how
//! long each save takes, on whatever `--db` the server was started with. `clients`
//! tasks each save runs one after the other for `seconds`, every client in its own
//! sessions (a new one every 100 runs); every run is a small one as a page saves it.
//!
//! Usage: `save_load <http://host:port> [clients] [seconds] [label]`

use std::time::{Duration, Instant};

use anyhow::bail;
use serde_json::json;

const RUNS_PER_SESSION: u32 = 100;

fn run_body(client: usize, n: u32) -> serde_json::Value {
    json!({
        "client_run_id": format!("bench-{client}-{n:08}"),
        "results": {
            "duration_ms": 18_000.0,
            "browser": {
                "ua": {"family": "chrome", "major": 156, "os": "linux"},
                "has_rtc_peer_connection": true,
                "has_get_user_media": true,
                "has_websocket": true,
                "device_memory_gb": 8.0,
                "hardware_concurrency": 4
            },
            "https": {"rtt_ms": [21.0, 22.5, 20.8, 23.1, 21.7], "attempts": 5, "failure": null},
            "websocket": {
                "connect_ms": 24.0,
                "echo_rtt_ms": [21.2, 22.0, 21.9, 22.4, 21.1],
                "failure": null,
                "sip": {"rtt_ms": 23.0, "status": 200, "failure": null}
            }
        }
    })
}

async fn new_session(http: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let answer: serde_json::Value =
        http.post(format!("{base}/api/sessions")).json(&json!({})).send().await?.error_for_status()?.json().await?;
    Ok(answer["code"].as_str().unwrap_or_default().to_string())
}

/// Saves runs until `end`; the latency of each save, in ms.
async fn client(http: reqwest::Client, base: String, id: usize, end: Instant) -> anyhow::Result<Vec<f64>> {
    let mut latencies = Vec::new();
    let mut code = new_session(&http, &base).await?;
    let mut n = 0;
    while Instant::now() < end {
        if n > 0 && n % RUNS_PER_SESSION == 0 {
            code = new_session(&http, &base).await?;
        }
        let started = Instant::now();
        let answer = http.post(format!("{base}/api/sessions/{code}/runs")).json(&run_body(id, n)).send().await?;
        if answer.status() != reqwest::StatusCode::CREATED {
            bail!("a save answered {}: {}", answer.status(), answer.text().await.unwrap_or_default());
        }
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        n += 1;
    }
    Ok(latencies)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args.first().cloned().unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let clients: usize = args.get(1).and_then(|c| c.parse().ok()).unwrap_or(16);
    let seconds: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let label = args.get(3).cloned().unwrap_or_default();
    let http = reqwest::Client::new();
    let started = Instant::now();
    let end = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..clients).map(|id| tokio::spawn(client(http.clone(), base.clone(), id, end))).collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_by(f64::total_cmp);
    if latencies.is_empty() {
        bail!("no run was saved");
    }
    println!(
        "run saves {label:<10} {clients:>3} clients: {:>7.0} runs/s; latency p50 {:>6.1} ms, p99 {:>6.1} ms ({} runs in {elapsed:.1} s)",
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        latencies.len()
    );
    Ok(())
}
