//! SIP over WebSocket: an OPTIONS transaction over the `sip` subprotocol.

use super::https::{latency_fix, rtt_requirement, server, url};
use super::websocket::ECHO;
use super::{cause_of, rtt_status, Check, CheckId, Status, Text};
use crate::probes::websocket::SipFailure;
use crate::probes::RunResults;
use crate::thresholds::Thresholds;

pub(super) fn check(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Check {
    let sip = &results.websocket.sip;
    let it = |key: &str| Text::new(key).text("url", url(results, "wss", ECHO)).text("server", server(results));
    let fail = |summary: Text, it: Text| {
        Check::says(CheckId::SipOverWebSocket, Status::Fail, summary, Some(Text::new("verdict-sip-fix"))).for_it(it)
    };
    if let Some(failure) = sip.failure {
        // The SIP socket is a WebSocket too: when no WebSocket connects, that is the cause.
        if failure == SipFailure::ConnectFailed && results.websocket.failure.is_some() {
            if let Some(cause) = cause_of(earlier, CheckId::WebSocket) {
                return Check::not_run(CheckId::SipOverWebSocket, cause, Text::new("verdict-sip-no-websocket"));
            }
        }
        let (summary, it_key) = match failure {
            SipFailure::ConnectFailed => ("verdict-sip-connect-failed", "verdict-sip-connect-failed-it"),
            SipFailure::SubprotocolRefused => ("verdict-sip-subprotocol-lost", "verdict-sip-subprotocol-lost-it"),
            SipFailure::Timeout => ("verdict-sip-timeout", "verdict-sip-timeout-it"),
            SipFailure::ClosedEarly => ("verdict-sip-closed-early", "verdict-sip-closed-early-it"),
            SipFailure::BadResponse => ("verdict-sip-altered", "verdict-sip-altered-it"),
        };
        return fail(Text::new(summary), it(it_key));
    }
    match (sip.status, sip.rtt_ms) {
        (Some(200), Some(rtt)) => {
            let status = rtt_status(rtt, t);
            let check = Check::says(
                CheckId::SipOverWebSocket,
                status,
                Text::new("verdict-sip-answered").ms("rtt", rtt),
                latency_fix(status),
            );
            match status {
                Status::Pass => check,
                _ => check
                    .for_it(it("verdict-sip-slow-it").ms("rtt", rtt).text("requirement", rtt_requirement(status, t))),
            }
        }
        (Some(code), _) => fail(
            Text::new("verdict-sip-other-answer").data("code", code),
            it("verdict-sip-other-answer-it").data("code", code),
        ),
        _ => fail(Text::new("verdict-sip-no-answer"), it("verdict-sip-timeout-it")),
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::probes::websocket::{SipFailure, SipReport, WsFailure};
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn sip_answer_other_than_200_fails() {
        let mut run = healthy_run();
        run.websocket.sip.status = Some(405);
        let check = status_of(&run, CheckId::SipOverWebSocket);
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.summary.english(), "SIP OPTIONS was answered 405 instead of 200 OK.");
        assert!(check.fix.unwrap().english().contains("subprotocol \"sip\""));
    }

    #[test]
    fn stripped_subprotocol_is_named() {
        let mut run = healthy_run();
        run.websocket.sip = SipReport { rtt_ms: None, status: None, failure: Some(SipFailure::SubprotocolRefused) };
        assert_eq!(
            status_of(&run, CheckId::SipOverWebSocket).summary.english(),
            "The connection lost its \"sip\" subprotocol on the way: a proxy is rewriting WebSocket requests."
        );
    }

    #[test]
    fn a_blocked_websocket_is_not_also_a_sip_failure() {
        let mut run = healthy_run();
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        run.websocket.echo_rtt_ms.clear();
        run.websocket.sip = SipReport { rtt_ms: None, status: None, failure: Some(SipFailure::ConnectFailed) };
        let check = status_of(&run, CheckId::SipOverWebSocket);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::WebSocket)));
        assert!(check.fix.is_none());
        // With plain WebSocket working, a refused SIP socket is SIP's own failure.
        run.websocket.failure = None;
        run.websocket.echo_rtt_ms = vec![18.0; 20];
        assert_eq!(status_of(&run, CheckId::SipOverWebSocket).status, Status::Fail);
    }

    #[test]
    fn a_200_ok_gives_its_round_trip() {
        let run = healthy_run();
        let check = status_of(&run, CheckId::SipOverWebSocket);
        assert_eq!(
            (check.status, check.summary.english()),
            (Status::Pass, "SIP OPTIONS answered 200 OK in 19 ms.".into())
        );
        assert_eq!(check.summary.render(Lang::It), "SIP OPTIONS ha risposto 200 OK in 19\u{a0}ms.");
    }
}
