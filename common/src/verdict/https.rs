//! HTTPS to the platform: round trips of small requests, and whether any was lost.

use super::{latency_fix, rtt_status, server_name, Check, CheckId, Status};
use crate::probes::{FetchFailure, RunResults};
use crate::stats::{ms, Summary};
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds) -> Check {
    let h = &results.https;
    let Some(summary) = Summary::of(&h.rtt_ms) else {
        let why = match h.failure {
            Some(FetchFailure::Timeout) => "requests timed out".to_string(),
            Some(FetchFailure::Status { code }) => format!("the server answered HTTP {code}"),
            _ => "the browser reported a network error".to_string(),
        };
        return Check::new(
            CheckId::Https,
            Status::Fail,
            format!("The platform could not be reached over HTTPS: {why}."),
            Some(&format!(
                "Check the internet connection. If other sites work, ask IT to allow HTTPS to {}.",
                server_name(results)
            )),
        );
    };
    let figures =
        format!("Median {}, p95 {} over {} requests", ms(summary.median_ms), ms(summary.p95_ms), summary.count);
    let failed = h.attempts.saturating_sub(summary.count as u32);
    let status = rtt_status(summary.median_ms, t);
    if failed > 0 && status != Status::Fail {
        return Check::new(
            CheckId::Https,
            Status::Warn,
            format!("{figures}; {failed} of {} requests failed.", h.attempts),
            Some(&format!(
                "Some requests were lost: the connection is unstable. Use a wired connection and ask IT to check \
                 the firewall or proxy logs for {}.",
                server_name(results)
            )),
        );
    }
    Check::new(CheckId::Https, status, format!("{figures}."), latency_fix(status))
}

#[cfg(test)]
mod tests {
    use crate::probes::FetchFailure;
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn https_verdict_uses_the_median() {
        let mut run = healthy_run();
        run.https.rtt_ms = vec![100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 400.0, 400.0, 400.0, 400.0];
        let check = status_of(&run, CheckId::Https);
        assert_eq!(check.status, Status::Pass);
        assert!(check.summary.contains("Median 100 ms, p95 400 ms over 10 requests"), "{}", check.summary);
        run.https.rtt_ms = vec![200.0; 10];
        assert_eq!(status_of(&run, CheckId::Https).status, Status::Warn);
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
        assert!(check.summary.contains("2 of 10 requests failed"));
        assert!(check.fix.unwrap().contains("callready.example.com:443"));
    }
}
