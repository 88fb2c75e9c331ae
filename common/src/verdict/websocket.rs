//! WebSocket: connect and echo round trips. A WebSocket that fails while HTTPS works
//! is a proxy or firewall that blocks it.

use super::https::{latency_fix, rtt_requirement, server, url};
use super::{cause_of, rtt_status, Check, CheckId, Status, Text};
use crate::probes::websocket::WsFailure;
use crate::probes::RunResults;
use crate::stats::Summary;
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Check {
    let ws = &results.websocket;
    // A proxy the server saw on the page's requests is the likely culprit: name it.
    let proxy = results.path.as_ref().and_then(|p| p.proxy.as_ref());
    let through = match proxy.map(|p| p.product.as_deref()) {
        None => Text::new("verdict-websocket-the-proxy"),
        Some(None) => Text::new("verdict-websocket-the-unnamed-proxy"),
        Some(Some(product)) => Text::new("verdict-websocket-the-named-proxy").data("product", product),
    };
    let blocked_fix = Text::new("verdict-websocket-blocked-fix").text("server", server(results)).text("proxy", through);
    let it = |key: &str| Text::new(key).text("url", url(results, "wss", ECHO)).text("server", server(results));
    let fail = |summary: Text, it: Text| {
        Check::says(CheckId::WebSocket, Status::Fail, summary, Some(blocked_fix.clone())).for_it(it)
    };
    let echoes = ws.echo_rtt_ms.len();
    match ws.failure {
        Some(WsFailure::ConnectFailed) => {
            if let Some(cause) = cause_of(earlier, CheckId::Https).filter(|_| results.https.rtt_ms.is_empty()) {
                return Check::not_run(CheckId::WebSocket, cause, Text::new("verdict-websocket-unreachable"));
            }
            let seen = match proxy {
                None => Text::new("verdict-websocket-it-no-proxy-seen"),
                Some(found) => match &found.product {
                    None => Text::new("verdict-websocket-it-proxy-seen"),
                    Some(product) => Text::new("verdict-websocket-it-named-proxy-seen").data("product", product),
                }
                .data("headers", found.headers.join(", ")),
            };
            return fail(
                match proxy.map(|p| p.product.as_deref()) {
                    None => Text::new("verdict-websocket-blocked"),
                    Some(None) => Text::new("verdict-websocket-blocked-by-proxy"),
                    Some(Some(product)) => {
                        Text::new("verdict-websocket-blocked-by-named-proxy").data("product", product)
                    }
                },
                it("verdict-websocket-blocked-it").text("proxy", seen),
            );
        }
        Some(failure) => {
            let (summary, it_key) = match failure {
                WsFailure::Timeout => ("verdict-websocket-stopped-answering", "verdict-websocket-stopped-answering-it"),
                WsFailure::ClosedEarly => {
                    ("verdict-websocket-closed-on-the-way", "verdict-websocket-closed-on-the-way-it")
                }
                _ => ("verdict-websocket-altered", "verdict-websocket-altered-it"),
            };
            return fail(Text::new(summary), it(it_key).count("count", echoes));
        }
        None => {}
    }
    let Some(summary) = Summary::of(&ws.echo_rtt_ms) else {
        let no_echo = match ws.connect_ms {
            Some(connect) => Text::new("verdict-websocket-connected-no-echo").ms("connect", connect),
            None => Text::new("verdict-websocket-no-echo"),
        };
        return fail(no_echo, it("verdict-websocket-no-echo-it"));
    };
    let status = rtt_status(summary.median_ms, t);
    let echo = match ws.connect_ms {
        Some(connect) => Text::new("verdict-websocket-connected-echo").ms("connect", connect),
        None => Text::new("verdict-websocket-echo"),
    };
    let echo = echo.ms("median", summary.median_ms).ms("p95", summary.p95_ms).count("count", summary.count);
    let check = Check::says(CheckId::WebSocket, status, echo, latency_fix(status));
    match status {
        Status::Pass => check,
        _ => check.for_it(
            it("verdict-websocket-slow-it")
                .ms("median", summary.median_ms)
                .ms("p95", summary.p95_ms)
                .count("count", summary.count)
                .text("requirement", rtt_requirement(status, t)),
        ),
    }
}

/// The WebSocket the probe opens (SIP's socket too, with the `sip` subprotocol).
pub(super) const ECHO: &str = "/ws/echo";

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
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
        assert_eq!(check.summary.english(), "A proxy or firewall blocks WebSocket: calls cannot connect.");
        assert_eq!(
            check.fix.unwrap().english(),
            "Ask IT to let WebSocket connections (HTTP Upgrade) to callready.example.com:443 through the proxy and \
             the firewall, and to exclude it from TLS inspection."
        );
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
        assert_eq!(check.summary.english(), "A web proxy (tinyproxy/1.11.1) blocks WebSocket: calls cannot connect.");
        assert!(check.fix.unwrap().english().contains("through the proxy (tinyproxy/1.11.1)"));
    }

    #[test]
    fn websocket_failing_with_https_is_not_a_second_cause() {
        let mut run = healthy_run();
        run.https = HttpsReport { rtt_ms: vec![], attempts: 10, failure: Some(FetchFailure::Network), page_timed: 0 };
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::Https)));
        assert_eq!(
            check.summary.english(),
            "WebSocket could not connect either: the platform is unreachable from this network."
        );
    }

    #[test]
    fn an_opened_socket_that_stops_answering_fails() {
        let mut run = healthy_run();
        run.websocket.failure = Some(WsFailure::Timeout);
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.summary.english(), "The WebSocket connection opened but stopped answering: calls would drop.");
    }

    #[test]
    fn echo_round_trips_are_summed_up_with_the_connect_time_when_known() {
        let mut run = healthy_run();
        assert_eq!(
            status_of(&run, CheckId::WebSocket).summary.english(),
            "Connected in 30 ms; echo median 18 ms, p95 18 ms over 20 round trips."
        );
        run.websocket.connect_ms = None;
        run.websocket.echo_rtt_ms = vec![4.3; 3];
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!(check.summary.english(), "Echo median 4.3 ms, p95 4.3 ms over 3 round trips.");
        assert_eq!(check.summary.render(Lang::Ru), "Медиана эха 4,3\u{a0}мс, p95 4,3\u{a0}мс по 3 замерам.");
        run.websocket.echo_rtt_ms.clear();
        assert_eq!(status_of(&run, CheckId::WebSocket).summary.english(), "No echo came back.");
    }
}
