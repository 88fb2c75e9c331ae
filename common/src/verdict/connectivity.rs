//! WebRTC media path: which of STUN over UDP and TURN over UDP, TCP and TLS reach the
//! server and connect to the echo peer. UDP passes; TCP or TLS only warns (calls
//! relay over TCP); nothing fails. A probe whose connection could not be tried
//! because signalling (`/ws/rtc`, a WebSocket) failed is not a media-path failure.
//! A TLS probe against a self-signed certificate proves nothing either way.

use super::{and_list, cause_of, Check, CheckId, Status};
use crate::probes::ice::{IceFailure, IceReport, IceTransport};
use crate::probes::RunResults;
use crate::profile::MediaPolicy;
use crate::stats::ms;
use crate::thresholds::Thresholds;

const UDP: [IceTransport; 2] = [IceTransport::TurnUdp, IceTransport::StunUdp];
const STREAMS: [IceTransport; 2] = [IceTransport::TurnTcp, IceTransport::TurnTls];

/// Whether the probe's outcome says anything about the agent's network.
fn tested(r: &IceReport) -> bool {
    r.succeeded() || !r.untrusted_certificate
}

fn describe(r: &IceReport) -> String {
    let label = r.transport.label();
    match (r.succeeded(), r.failure) {
        (true, _) => match r.gathering_ms {
            Some(t) => format!("{label} works ({})", ms(t)),
            None => format!("{label} works"),
        },
        (false, _) if !tested(r) => {
            format!("{label} not tested (this server's certificate is self-signed: a server setting, not your network)")
        }
        (false, Some(IceFailure::Signalling)) => format!("{label} reaches the server (connection not tested)"),
        (false, _) if r.transport == IceTransport::StunUdp => format!("{label}: no direct UDP path"),
        (false, _) => format!("{label} fails"),
    }
}

/// The servers of the probes of `transports`, as a firewall rule names them
/// ("UDP turn.example.com:3478"), or a description when the page did not say.
fn servers(ice: &[IceReport], transports: &[IceTransport]) -> String {
    let mut named: Vec<String> = Vec::new();
    for url in ice.iter().filter(|r| transports.contains(&r.transport) && tested(r)).filter_map(IceReport::server) {
        let text = url.describe();
        if !named.contains(&text) {
            named.push(text);
        }
    }
    if named.is_empty() {
        return "the platform's STUN/TURN servers".to_string();
    }
    and_list(&named)
}

pub(super) fn check(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Check {
    let ice = &results.ice;
    let works = |transports: &[IceTransport]| ice.iter().any(|r| transports.contains(&r.transport) && r.succeeded());
    let figures = ice.iter().map(describe).collect::<Vec<_>>().join("; ");
    if works(&UDP) {
        return Check::new(
            CheckId::Connectivity,
            Status::Pass,
            format!("UDP reaches the media servers: {figures}."),
            None,
        );
    }
    if works(&STREAMS) {
        let fix = format!("Ask IT to open outbound {} and the platform's media port range.", servers(ice, &UDP));
        return match t.media {
            MediaPolicy::UdpPreferred => Check::new(
                CheckId::Connectivity,
                Status::Warn,
                format!("UDP is blocked: calls will relay over TCP, expect higher latency ({figures})."),
                Some(&fix),
            ),
            MediaPolicy::UdpRequired | MediaPolicy::DirectOnly => Check::new(
                CheckId::Connectivity,
                Status::Fail,
                format!("UDP is blocked, and this platform needs UDP for calls: only a TCP relay works ({figures})."),
                Some(&fix),
            ),
            MediaPolicy::RelayAcceptable => Check::new(
                CheckId::Connectivity,
                Status::Pass,
                format!(
                    "UDP is blocked; calls relay over TCP, which this platform accepts (expect a little more \
                     latency) ({figures})."
                ),
                None,
            ),
        };
    }
    if ice.iter().any(|r| r.failure == Some(IceFailure::Signalling)) {
        if let Some(cause) = cause_of(earlier, CheckId::WebSocket) {
            return Check::not_run(
                CheckId::Connectivity,
                cause,
                format!(
                    "Not tested end to end: setting up the media path needs a WebSocket to the server, which does \
                     not get through (see above). What was tested: {figures}."
                ),
            );
        }
        return Check::new(
            CheckId::Connectivity,
            Status::Warn,
            format!("The media path could not be tested: the server's media test service did not answer ({figures})."),
            Some("Run the test again in a minute. If this stays, tell support: the server may be overloaded."),
        );
    }
    let all: Vec<IceTransport> = UDP.iter().chain(STREAMS.iter()).copied().collect();
    Check::new(
        CheckId::Connectivity,
        Status::Fail,
        format!("No media path works: neither UDP nor TCP reaches the relay server ({figures})."),
        Some(&format!(
            "Ask IT to allow outbound {} (STUN/TURN); without them calls have no audio.",
            servers(ice, &all)
        )),
    )
}

#[cfg(test)]
mod tests {
    use crate::probes::ice::{IceFailure, IceTransport};
    use crate::probes::websocket::WsFailure;
    use crate::thresholds::Thresholds;
    use crate::verdict::fixtures::{healthy_run, ice, status_of};
    use crate::verdict::{evaluate, CheckId, Status};

    #[test]
    fn no_ice_probes_means_no_connectivity_line() {
        assert!(evaluate(&healthy_run(), &Thresholds::default(), 1).iter().all(|c| c.id != CheckId::Connectivity));
    }

    #[test]
    fn udp_relay_passes_tcp_only_warns_nothing_fails() {
        let mut run = healthy_run();
        run.ice =
            vec![ice(IceTransport::StunUdp, false), ice(IceTransport::TurnUdp, true), ice(IceTransport::TurnTcp, true)];
        assert_eq!(status_of(&run, CheckId::Connectivity).status, Status::Pass);
        run.ice[1] = ice(IceTransport::TurnUdp, false);
        let check = status_of(&run, CheckId::Connectivity);
        assert_eq!(check.status, Status::Warn);
        assert!(check.summary.starts_with("UDP is blocked: calls will relay over TCP"), "{}", check.summary);
        assert_eq!(
            check.fix.unwrap(),
            "Ask IT to open outbound UDP callready.example.com:3478 and the platform's media port range."
        );
        run.ice[2] = ice(IceTransport::TurnTcp, false);
        assert_eq!(status_of(&run, CheckId::Connectivity).status, Status::Fail);
    }

    #[test]
    fn the_profile_s_media_policy_decides_what_tcp_relay_alone_gets() {
        use crate::profile::MediaPolicy;
        let mut run = healthy_run();
        run.ice = vec![ice(IceTransport::TurnUdp, false), ice(IceTransport::TurnTcp, true)];
        let judged = |media| {
            let t = Thresholds { media, ..Thresholds::default() };
            evaluate(&run, &t, 1).into_iter().find(|c| c.id == CheckId::Connectivity).unwrap()
        };
        assert_eq!(judged(MediaPolicy::UdpPreferred).status, Status::Warn);
        let required = judged(MediaPolicy::UdpRequired);
        assert_eq!(required.status, Status::Fail);
        assert!(required.summary.contains("needs UDP"), "{}", required.summary);
        assert_eq!(judged(MediaPolicy::DirectOnly).status, Status::Fail, "no relay at all");
        let relay = judged(MediaPolicy::RelayAcceptable);
        assert_eq!((relay.status, relay.fix), (Status::Pass, None));
        assert!(relay.summary.contains("which this platform accepts"), "{}", relay.summary);
    }

    #[test]
    fn fixes_name_the_ports_that_were_probed() {
        let mut run = healthy_run();
        run.ice = [IceTransport::StunUdp, IceTransport::TurnUdp, IceTransport::TurnTcp, IceTransport::TurnTls]
            .into_iter()
            .map(|t| ice(t, false))
            .collect();
        run.ice[1].url = Some("turn:media.example.net:13478?transport=udp".into());
        run.ice[3].url = Some("turns:media.example.net:443?transport=tcp".into());
        let fix = status_of(&run, CheckId::Connectivity).fix.unwrap();
        assert_eq!(
            fix,
            "Ask IT to allow outbound UDP callready.example.com:3478, UDP media.example.net:13478, \
             TCP callready.example.com:3478 and TCP media.example.net:443 (STUN/TURN); without them calls have no audio."
        );
        assert!(!fix.contains("5349"), "no default port that was not probed");
    }

    #[test]
    fn a_failed_probe_with_a_relay_candidate_does_not_count() {
        let mut run = healthy_run();
        let mut timed_out = ice(IceTransport::TurnUdp, true);
        timed_out.failure = Some(IceFailure::Timeout);
        run.ice = vec![timed_out];
        assert_eq!(status_of(&run, CheckId::Connectivity).status, Status::Fail);
    }

    #[test]
    fn blocked_signalling_is_the_websocket_s_fault_not_the_media_path_s() {
        let mut run = healthy_run();
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        run.websocket.echo_rtt_ms.clear();
        run.ice = [IceTransport::StunUdp, IceTransport::TurnUdp, IceTransport::TurnTcp, IceTransport::TurnTls]
            .into_iter()
            .map(|t| {
                let mut probe = ice(t, true);
                probe.failure = Some(IceFailure::Signalling);
                probe
            })
            .collect();
        let check = status_of(&run, CheckId::Connectivity);
        assert_eq!((check.status, check.blocked_by), (Status::NotRun, Some(CheckId::WebSocket)));
        assert!(check.fix.is_none());
        assert!(check.summary.contains("TURN over UDP reaches the server"), "{}", check.summary);
        assert!(!check.summary.contains("neither UDP nor TCP"), "{}", check.summary);
        // Signalling failed with the WebSocket fine: the server side, said as such.
        run.websocket.failure = None;
        run.websocket.echo_rtt_ms = vec![18.0; 20];
        let check = status_of(&run, CheckId::Connectivity);
        assert_eq!(check.status, Status::Warn);
        assert!(check.summary.contains("media test service did not answer"), "{}", check.summary);
    }

    #[test]
    fn tls_against_a_self_signed_certificate_is_not_tested_not_failed() {
        let mut run = healthy_run();
        let mut tls = ice(IceTransport::TurnTls, false);
        tls.untrusted_certificate = true;
        run.ice = vec![ice(IceTransport::TurnUdp, true), ice(IceTransport::TurnTcp, true), tls.clone()];
        let check = status_of(&run, CheckId::Connectivity);
        assert_eq!(check.status, Status::Pass);
        assert!(check.summary.contains("TURN over TLS not tested (this server's certificate is self-signed"));
        run.ice = vec![ice(IceTransport::TurnUdp, false), ice(IceTransport::TurnTcp, false), tls];
        let fix = status_of(&run, CheckId::Connectivity).fix.unwrap();
        assert!(!fix.contains("5349"), "the untested TLS port is not blamed: {fix}");
    }
}
