//! HTTPS probe: round trips of `GET /api/ping` (no-store), after one unmeasured
//! warm-up so connection setup does not count as latency. Each is timed by the
//! browser's Resource Timing (request sent to first byte back), by the page's clock
//! around the fetch where the browser gives no entry (counted in the report).

use callready_common::probes::https::HttpsReport;
use callready_common::stats::Summary;
use callready_common::verdict::CheckId;
use futures::future::LocalBoxFuture;

use callready_common::probes::RunResults;

use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::api_url;
use crate::browser::http::ping;
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

pub async fn run(pings: u32, progress: Progress<'_>) -> HttpsReport {
    let origin = api_url("");
    let _ = ping(&origin, TIMEOUT_MS).await;
    let mut report = HttpsReport { rtt_ms: Vec::new(), attempts: 0, failure: None, page_timed: 0 };
    for i in 0..pings {
        progress(crate::t!("probe-https-progress", request = i + 1, requests = pings));
        report.attempts += 1;
        match ping(&origin, TIMEOUT_MS).await {
            Ok(rtt) => {
                report.rtt_ms.push(rtt.ms);
                report.page_timed += u32::from(rtt.by_page);
            }
            Err(failure) => report.failure = Some(failure),
        }
    }
    report
}
