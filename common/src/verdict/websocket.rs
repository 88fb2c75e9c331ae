//! WebSocket: connect and echo round trips. A WebSocket that fails while HTTPS works
//! is a proxy or firewall that blocks it.

use super::{cause_of, latency_fix, rtt_status, server_name, Check, CheckId, Status};
use crate::probes::websocket::WsFailure;
use crate::probes::RunResults;
use crate::stats::{ms, Summary};
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Check {
    let ws = &results.websocket;
    // A proxy the server saw on the page's requests is the likely culprit: name it.
    let proxy = results.path.as_ref().and_then(|p| p.proxy.as_ref());
    let through = proxy.map(|p| format!("the proxy ({})", p.product.as_deref().unwrap_or("web proxy")));
    let blocked_fix = format!(
        "Ask IT to let WebSocket connections (HTTP Upgrade) to {} through {} and the firewall, and to \
         exclude it from TLS inspection.",
        server_name(results),
        through.as_deref().unwrap_or("the proxy")
    );
    match ws.failure {
        Some(WsFailure::ConnectFailed) => {
            if let Some(cause) = cause_of(earlier, CheckId::Https).filter(|_| results.https.rtt_ms.is_empty()) {
                return Check::not_run(
                    CheckId::WebSocket,
                    cause,
                    "WebSocket could not connect either: the platform is unreachable from this network.",
                );
            }
            let summary = match proxy {
                Some(p) => format!("{} blocks WebSocket: calls cannot connect.", capitalise(&p.name())),
                None => "A proxy or firewall blocks WebSocket: calls cannot connect.".to_string(),
            };
            return Check::new(CheckId::WebSocket, Status::Fail, summary, Some(&blocked_fix));
        }
        Some(failure) => {
            let what = match failure {
                WsFailure::Timeout => "stopped answering",
                WsFailure::ClosedEarly => "was closed by something on the way",
                _ => "returned altered messages",
            };
            return Check::new(
                CheckId::WebSocket,
                Status::Fail,
                format!("The WebSocket connection opened but {what}: calls would drop."),
                Some(&blocked_fix),
            );
        }
        None => {}
    }
    let connect = ws.connect_ms.map(|v| format!("connected in {}; ", ms(v))).unwrap_or_default();
    let Some(summary) = Summary::of(&ws.echo_rtt_ms) else {
        return Check::new(
            CheckId::WebSocket,
            Status::Fail,
            format!("{}no echo came back.", capitalise(&connect)),
            Some(&blocked_fix),
        );
    };
    let status = rtt_status(summary.median_ms, t);
    Check::new(
        CheckId::WebSocket,
        status,
        format!(
            "{}echo median {}, p95 {} over {} round trips.",
            capitalise(&connect),
            ms(summary.median_ms),
            ms(summary.p95_ms),
            summary.count
        ),
        latency_fix(status),
    )
}

pub(super) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::probes::https::HttpsReport;
    use crate::probes::websocket::{SipFailure, SipReport, WebSocketReport, WsFailure};
    use crate::probes::FetchFailure;
    use crate::thresholds::Thresholds;
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{evaluate, overall, CheckId, Status, Verdict};

    #[test]
    fn websocket_blocked_while_https_works_blames_a_proxy_and_names_the_server() {
        let mut run = healthy_run();
        run.websocket = WebSocketReport {
            connect_ms: None,
            echo_rtt_ms: vec![],
            failure: Some(WsFailure::ConnectFailed),
            sip: SipReport { rtt_ms: None, status: None, failure: Some(SipFailure::ConnectFailed) },
        };
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.summary, "A proxy or firewall blocks WebSocket: calls cannot connect.");
        assert!(check.fix.unwrap().contains("callready.example.com:443"));
        assert_eq!(overall(&evaluate(&run, &Thresholds::default(), 1)), Verdict::NotReady);
    }

    #[test]
    fn a_proxy_seen_on_the_requests_is_named_as_the_cause() {
        let mut run = healthy_run();
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        run.websocket.echo_rtt_ms.clear();
        run.path = Some(crate::probes::path::PathReport {
            proxy: Some(crate::probes::path::ProxyEvidence {
                product: Some("tinyproxy/1.11.1".into()),
                headers: vec!["via".into()],
            }),
            ..Default::default()
        });
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.summary, "A web proxy (tinyproxy/1.11.1) blocks WebSocket: calls cannot connect.");
        assert!(check.fix.unwrap().contains("through the proxy (tinyproxy/1.11.1)"));
    }

    #[test]
    fn websocket_failing_with_https_is_not_a_second_cause() {
        let mut run = healthy_run();
        run.https = HttpsReport { rtt_ms: vec![], attempts: 10, failure: Some(FetchFailure::Network) };
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::Https)));
        assert!(check.summary.contains("unreachable"), "{}", check.summary);
    }

    #[test]
    fn an_opened_socket_that_stops_answering_fails() {
        let mut run = healthy_run();
        run.websocket.failure = Some(WsFailure::Timeout);
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!(check.status, Status::Fail);
        assert!(check.summary.contains("stopped answering"), "{}", check.summary);
    }
}
