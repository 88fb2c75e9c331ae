//! SIP over WebSocket: an OPTIONS transaction over the `sip` subprotocol.

use super::{cause_of, latency_fix, rtt_status, Check, CheckId, Status};
use crate::probes::websocket::SipFailure;
use crate::probes::RunResults;
use crate::stats::ms;
use crate::thresholds::Thresholds;

const SIP_FIX: &str = "Ask IT to allow SIP over WebSocket (subprotocol \"sip\") to this server and to switch \
     off SIP ALG or SIP inspection on the firewall.";

pub(super) fn check(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Check {
    let sip = &results.websocket.sip;
    if let Some(failure) = sip.failure {
        // The SIP socket is a WebSocket too: when no WebSocket connects, that is the cause.
        if failure == SipFailure::ConnectFailed && results.websocket.failure.is_some() {
            if let Some(cause) = cause_of(earlier, CheckId::WebSocket) {
                return Check::not_run(
                    CheckId::SipOverWebSocket,
                    cause,
                    "Not tested: SIP travels over WebSocket, which does not get through (see above).",
                );
            }
        }
        let summary = match failure {
            SipFailure::ConnectFailed => "The SIP WebSocket could not connect: calls cannot register.",
            SipFailure::SubprotocolRefused => {
                "The connection lost its \"sip\" subprotocol on the way: a proxy is rewriting WebSocket requests."
            }
            SipFailure::Timeout => "No answer came back to a SIP OPTIONS request: something drops SIP messages.",
            SipFailure::ClosedEarly => {
                "The SIP WebSocket was closed before the answer: something cuts SIP connections."
            }
            SipFailure::BadResponse => "The answer to SIP OPTIONS was altered on the way: something rewrites SIP.",
        };
        return Check::new(CheckId::SipOverWebSocket, Status::Fail, summary, Some(SIP_FIX));
    }
    match (sip.status, sip.rtt_ms) {
        (Some(200), Some(rtt)) => {
            let status = rtt_status(rtt, t);
            Check::new(
                CheckId::SipOverWebSocket,
                status,
                format!("SIP OPTIONS answered 200 OK in {}.", ms(rtt)),
                latency_fix(status),
            )
        }
        (Some(code), _) => Check::new(
            CheckId::SipOverWebSocket,
            Status::Fail,
            format!("SIP OPTIONS was answered {code} instead of 200 OK."),
            Some(SIP_FIX),
        ),
        _ => Check::new(CheckId::SipOverWebSocket, Status::Fail, "SIP OPTIONS got no answer.", Some(SIP_FIX)),
    }
}

#[cfg(test)]
mod tests {
    use crate::probes::websocket::{SipFailure, SipReport, WsFailure};
    use crate::verdict::fixtures::{healthy_run, status_of};
    use crate::verdict::{CheckId, Status};

    #[test]
    fn sip_answer_other_than_200_fails() {
        let mut run = healthy_run();
        run.websocket.sip.status = Some(405);
        let check = status_of(&run, CheckId::SipOverWebSocket);
        assert_eq!(check.status, Status::Fail);
        assert!(check.summary.contains("405"));
    }

    #[test]
    fn stripped_subprotocol_is_named() {
        let mut run = healthy_run();
        run.websocket.sip = SipReport { rtt_ms: None, status: None, failure: Some(SipFailure::SubprotocolRefused) };
        assert!(status_of(&run, CheckId::SipOverWebSocket).summary.contains("proxy"));
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
}
