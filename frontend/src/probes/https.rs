//! HTTPS probe: round trips of `GET /api/ping` (no-store), after one unmeasured
//! warm-up so connection setup does not count as latency.

use callready_common::wire::{FetchFailure, HttpsReport};

use super::Progress;
use crate::browser::http::{start, HttpError};
use crate::browser::time::now_ms;

const TIMEOUT_MS: u32 = 5_000;

async fn one_ping() -> Result<f64, FetchFailure> {
    let sent = now_ms();
    let response = start("GET", "/api/ping", None, TIMEOUT_MS).await.map_err(|e| match e {
        HttpError::Network => FetchFailure::Network,
        HttpError::Timeout => FetchFailure::Timeout,
    })?;
    let rtt = now_ms() - sent;
    match response.status() {
        200..=299 => Ok(rtt),
        code => Err(FetchFailure::Status { code }),
    }
}

pub async fn run(pings: u32, progress: Progress<'_>) -> HttpsReport {
    let _ = one_ping().await;
    let mut report = HttpsReport { rtt_ms: Vec::new(), attempts: 0, failure: None };
    for i in 0..pings {
        progress(format!("request {} of {pings}", i + 1));
        report.attempts += 1;
        match one_ping().await {
            Ok(rtt) => report.rtt_ms.push(rtt),
            Err(failure) => report.failure = Some(failure),
        }
    }
    report
}
