//! HTTPS to the platform: round trips of small requests, and whether any was lost.

use super::{rtt_status, Check, CheckId, Status, Text};
use crate::probes::{FetchFailure, RunResults};
use crate::stats::Summary;
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds) -> Check {
    let h = &results.https;
    let Some(summary) = Summary::of(&h.rtt_ms) else {
        let why = match h.failure {
            Some(FetchFailure::Timeout) => Text::new("verdict-https-timed-out"),
            Some(FetchFailure::Status { code }) => Text::new("verdict-https-http-status").data("code", code),
            _ => Text::new("verdict-https-network-error"),
        };
        let it = Text::new("verdict-https-unreachable-it")
            .text("url", url(results, "https", PING))
            .text("why", why.clone())
            .count("attempts", h.attempts)
            .text("server", server(results));
        return Check::says(
            CheckId::Https,
            Status::Fail,
            Text::new("verdict-https-unreachable").text("why", why),
            Some(Text::new("verdict-https-unreachable-fix").text("server", server(results))),
        )
        .for_it(it);
    };
    let figures = |key: &str| {
        Text::new(key).ms("median", summary.median_ms).ms("p95", summary.p95_ms).count("count", summary.count)
    };
    let failed = h.attempts.saturating_sub(summary.count as u32);
    let status = rtt_status(summary.median_ms, t);
    let it = |key: &str| figures(key).text("url", url(results, "https", PING)).text("server", server(results));
    if failed > 0 && status != Status::Fail {
        return Check::says(
            CheckId::Https,
            Status::Warn,
            figures("verdict-https-lost").count("failed", failed).count("attempts", h.attempts),
            Some(Text::new("verdict-https-lost-fix").text("server", server(results))),
        )
        .for_it(it("verdict-https-lost-it").count("failed", failed).count("attempts", h.attempts));
    }
    let check = Check::says(CheckId::Https, status, figures("verdict-https-round-trips"), latency_fix(status));
    match status {
        Status::Pass => check,
        _ => check.for_it(it("verdict-https-slow-it").text("requirement", rtt_requirement(status, t))),
    }
}

/// The request the HTTPS probe times.
const PING: &str = "/api/ping";

/// The fix for slow round trips (HTTPS, WebSocket, SIP), unless `status` passed.
pub(super) fn latency_fix(status: Status) -> Option<Text> {
    (status != Status::Pass).then(|| Text::new("verdict-checks-latency-fix"))
}

/// How a fix names the server the page talked to: its `host:port` as it is, or
/// "this server" in the reader's language.
pub(super) fn server(results: &RunResults) -> Text {
    match &results.server_host {
        Some(host) => Text::Plain(host.clone()),
        None => Text::new("verdict-checks-this-server"),
    }
}

/// How a text for IT names what the page probed: `wss://host:443/ws/echo`, or the
/// path on "the platform's server" when the run does not say which.
pub(super) fn url(results: &RunResults, scheme: &str, path: &str) -> Text {
    match &results.server_host {
        Some(host) => Text::Plain(format!("{scheme}://{host}{path}")),
        None => Text::new("verdict-checks-url-unknown-server").data("path", path),
    }
}

/// The requirement a round trip that did not pass breaks, for texts for IT ("above
/// 300 ms, the most the platform accepts").
pub(super) fn rtt_requirement(status: Status, t: &Thresholds) -> Text {
    Text::new(if status == Status::Fail { "verdict-checks-rtt-fail-it" } else { "verdict-checks-rtt-warn-it" })
        .ms("pass", t.rtt_pass_ms)
        .ms("fail", t.rtt_fail_ms)
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::probes::FetchFailure;
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn https_verdict_uses_the_median() {
        let mut run = healthy_run();
        run.https.rtt_ms = vec![100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 400.0, 400.0, 400.0, 400.0];
        let check = status_of(&run, CheckId::Https);
        assert_eq!(check.status, Status::Pass);
        assert_eq!(check.summary.english(), "Median 100 ms, p95 400 ms over 10 requests.");
        run.https.rtt_ms = vec![200.0; 10];
        let slow = status_of(&run, CheckId::Https);
        assert_eq!(slow.status, Status::Warn);
        assert!(slow.fix.is_some_and(|f| f.english().starts_with("Round trips are too slow")));
        run.https.rtt_ms = vec![350.0; 10];
        assert_eq!(status_of(&run, CheckId::Https).status, Status::Fail);
    }

    #[test]
    fn lost_https_requests_warn_and_name_the_server() {
        let mut run = healthy_run();
        run.https.rtt_ms.truncate(8);
        run.https.failure = Some(FetchFailure::Timeout);
        let check = status_of(&run, CheckId::Https);
        assert_eq!(check.status, Status::Warn);
        assert_eq!(check.summary.english(), "Median 20 ms, p95 20 ms over 8 requests; 2 of 10 requests failed.");
        assert!(check.fix.unwrap().english().contains("proxy logs for callready.example.com:443."));
    }

    #[test]
    fn an_unreachable_platform_says_why_and_where_to_allow_https() {
        let mut run = healthy_run();
        run.https.rtt_ms.clear();
        run.https.failure = Some(FetchFailure::Status { code: 503 });
        let check = status_of(&run, CheckId::Https);
        assert_eq!(
            check.summary.english(),
            "The platform could not be reached over HTTPS: the server answered HTTP 503."
        );
        run.server_host = None;
        let fix = status_of(&run, CheckId::Https).fix.unwrap();
        assert_eq!(
            fix.english(),
            "Check the internet connection. If other sites work, ask IT to allow HTTPS to this server."
        );
        assert_eq!(
            fix.render(Lang::Fr),
            "Vérifiez la connexion Internet. Si les autres sites fonctionnent, demandez au service informatique \
             d’autoriser HTTPS vers ce serveur."
        );
    }
}
