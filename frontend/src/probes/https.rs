//! HTTPS probe: round trips of `GET /api/ping` (no-store), after one unmeasured
//! warm-up so connection setup does not count as latency. Each is timed by the
//! browser's Resource Timing (request sent to first byte back), by the page's clock
//! around the fetch where the browser keeps no entry.

use callready_common::probes::https::HttpsReport;
use callready_common::probes::FetchFailure;
use callready_common::stats::Summary;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::api_url;
use crate::browser::http::{start, HttpError};
use crate::browser::time::{now_ms, request_round_trip};
use crate::i18n::{lang, t};

const TIMEOUT_MS: u32 = 5_000;

pub const PROBE: Probe =
    Probe { title_id: "probe-https-title", checks: &[CheckId::Https], kind: Kind::Https, alongside_previous: false };

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let https = Summary::of(&r.https.rtt_ms);
    vec![
        (
            t("figure-https-round-trip"),
            format!("{} / {}", ms_or_dash(https.map(|s| s.median_ms)), ms_or_dash(https.map(|s| s.p95_ms))),
        ),
        (
            t("figure-https-answered"),
            crate::t!("figure-https-answered-value", answered = r.https.rtt_ms.len(), attempts = r.https.attempts),
        ),
    ]
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let report = run(ctx.config.https_pings, progress).await;
        let row = match Summary::of(&report.rtt_ms) {
            Some(s) => crate::t!("probe-https-summary", median = lang().ms(s.median_ms), p95 = lang().ms(s.p95_ms)),
            None => t("probe-https-unreachable"),
        };
        ctx.reports.borrow_mut().https = Some(report);
        Outcome::Done(row)
    })
}

/// Ping `n` of the run: each has its own URL, so its Resource Timing entry is its own.
async fn one_ping(n: u32) -> Result<f64, FetchFailure> {
    let sent = now_ms();
    let response =
        start("GET", &api_url(&format!("/api/ping?n={n}")), None, TIMEOUT_MS).await.map_err(|e| match e {
            HttpError::Network => FetchFailure::Network,
            HttpError::Timeout => FetchFailure::Timeout,
        })?;
    let waited = now_ms() - sent;
    match response.status() {
        200..=299 => Ok(request_round_trip(&response.url(), sent).await.unwrap_or(waited)),
        code => Err(FetchFailure::Status { code }),
    }
}

pub async fn run(pings: u32, progress: Progress<'_>) -> HttpsReport {
    let _ = one_ping(0).await;
    let mut report = HttpsReport { rtt_ms: Vec::new(), attempts: 0, failure: None };
    for i in 0..pings {
        progress(crate::t!("probe-https-progress", request = i + 1, requests = pings));
        report.attempts += 1;
        match one_ping(i + 1).await {
            Ok(rtt) => report.rtt_ms.push(rtt),
            Err(failure) => report.failure = Some(failure),
        }
    }
    report
}
