//! The server under soak, seen from outside: its resident memory, open file
//! descriptors and CPU time from /proc, and its echo peers, TURN allocations and
//! open WebSockets from `GET /api/status` (with an API token).

use std::time::{Duration, Instant};

use anyhow::Context;

pub struct Server {
    pid: u32,
    status_url: String,
    status_token: String,
    /// Opens a connection per request and keeps none, so reading the server does not
    /// hold one of its descriptors.
    http: reqwest::Client,
}

#[derive(Clone, Copy, Debug)]
pub struct Reading {
    pub rss_kib: u64,
    pub fds: usize,
    pub cpu_seconds: f64,
    pub echo_peers: u64,
    pub turn_allocations: u64,
    pub websockets: u64,
}

impl Reading {
    pub fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }

    /// Nothing of a test left open: no echo peer, TURN allocation or WebSocket.
    pub fn idle(&self) -> bool {
        self.echo_peers == 0 && self.turn_allocations == 0 && self.websockets == 0
    }
}

impl Server {
    pub fn new(pid: u32, base: &str, status_token: &str) -> anyhow::Result<Server> {
        let http = reqwest::Client::builder().pool_max_idle_per_host(0).timeout(Duration::from_secs(30)).build()?;
        Ok(Server { pid, status_url: format!("{base}/api/status"), status_token: status_token.into(), http })
    }

    pub async fn read(&self) -> anyhow::Result<Reading> {
        let status: serde_json::Value = self
            .http
            .get(&self.status_url)
            .bearer_auth(&self.status_token)
            .send()
            .await?
            .error_for_status()
            .context("GET /api/status")?
            .json()
            .await?;
        let count = |v: &serde_json::Value| v.as_u64().context("a count in /api/status");
        let proc_status = std::fs::read_to_string(format!("/proc/{}/status", self.pid)).context("the server's pid")?;
        let rss_kib = proc_status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .context("VmRSS")?;
        Ok(Reading {
            rss_kib,
            fds: std::fs::read_dir(format!("/proc/{}/fd", self.pid))?.count(),
            cpu_seconds: cpu_seconds(self.pid),
            echo_peers: count(&status["echo_peers"])?,
            turn_allocations: count(&status["turn"]["allocations"])?,
            websockets: count(&status["websockets"])?,
        })
    }

    /// Reads until nothing of a test is left open, for at most `within`; the last
    /// reading either way.
    pub async fn read_when_idle(&self, within: Duration) -> anyhow::Result<Reading> {
        let give_up = Instant::now() + within;
        loop {
            let reading = self.read().await?;
            if reading.idle() || Instant::now() > give_up {
                return Ok(reading);
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

/// CPU seconds (user + system) the process has used.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum::<f64>() / 100.0
}
