//! WebRTC media path: which of STUN over UDP and TURN over UDP, TCP and TLS reach the
//! server and connect to the echo peer. UDP passes; TCP or TLS only warns (calls
//! relay over TCP); nothing fails. A probe whose connection could not be tried
//! because signalling (`/ws/rtc`, a WebSocket) failed is not a media-path failure.
//! A TLS probe against a self-signed certificate proves nothing either way.

use super::https::url;
use super::{cause_of, Check, CheckId, Status, Text};
use crate::probes::ice::{IceFailure, IceReport, IceTransport};
use crate::probes::RunResults;
use crate::profile::MediaPolicy;
use crate::thresholds::Thresholds;

const UDP: [IceTransport; 2] = [IceTransport::TurnUdp, IceTransport::StunUdp];
const STREAMS: [IceTransport; 2] = [IceTransport::TurnTcp, IceTransport::TurnTls];

/// Whether the probe's outcome says anything about the agent's network.
fn tested(r: &IceReport) -> bool {
    r.succeeded() || !r.untrusted_certificate
}

fn describe(r: &IceReport) -> Text {
    // The transport's name as the page's probe line writes it ("TURN over TCP").
    let label = Text::new(match r.transport {
        IceTransport::StunUdp => "probe-ice-stun-udp",
        IceTransport::TurnUdp => "probe-ice-turn-udp",
        IceTransport::TurnTcp => "probe-ice-turn-tcp",
        IceTransport::TurnTls => "probe-ice-turn-tls",
    });
    let outcome = match (r.succeeded(), r.failure) {
        (true, _) => match r.gathering_ms {
            Some(t) => Text::new("verdict-connectivity-works-in").ms("time", t),
            None => Text::new("verdict-connectivity-works"),
        },
        (false, _) if !tested(r) => Text::new("verdict-connectivity-self-signed"),
        (false, Some(IceFailure::Signalling)) => Text::new("verdict-connectivity-reaches-the-server"),
        (false, _) if r.transport == IceTransport::StunUdp => Text::new("verdict-connectivity-no-direct-udp"),
        (false, _) => Text::new("verdict-connectivity-fails"),
    };
    outcome.text("transport", label)
}

/// The servers of the probes of `transports`, as a firewall rule names them
/// ("UDP turn.example.com:3478, TCP turn.example.com:443 and …"), or a description
/// when the page did not say.
fn servers(ice: &[IceReport], transports: &[IceTransport]) -> Text {
    let mut named: Vec<String> = Vec::new();
    for url in ice.iter().filter(|r| transports.contains(&r.transport) && tested(r)).filter_map(IceReport::server) {
        let text = url.describe();
        if !named.contains(&text) {
            named.push(text);
        }
    }
    match named.as_slice() {
        [] => Text::new("verdict-connectivity-platform-servers"),
        [one] => Text::Plain(one.clone()),
        [init @ .., last] => {
            Text::new("verdict-connectivity-servers-and").data("init", init.join(", ")).data("last", last)
        }
    }
}

pub(super) fn check(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Check {
    let ice = &results.ice;
    let works = |transports: &[IceTransport]| ice.iter().any(|r| transports.contains(&r.transport) && r.succeeded());
    let figures = ice.iter().map(describe).collect::<Vec<_>>();
    let with_figures = |key: &str| Text::new(key).list("figures", figures.clone());
    if works(&UDP) {
        return Check::says(CheckId::Connectivity, Status::Pass, with_figures("verdict-connectivity-udp-works"), None);
    }
    if works(&STREAMS) {
        let fix = Text::new("verdict-connectivity-open-udp").text("servers", servers(ice, &UDP));
        let it = |key: &str| with_figures(key).text("udp", servers(ice, &UDP)).text("streams", servers(ice, &STREAMS));
        return match t.media {
            MediaPolicy::UdpPreferred => Check::says(
                CheckId::Connectivity,
                Status::Warn,
                with_figures("verdict-connectivity-tcp-relay"),
                Some(fix),
            )
            .for_it(it("verdict-connectivity-tcp-relay-it")),
            MediaPolicy::UdpRequired | MediaPolicy::DirectOnly => Check::says(
                CheckId::Connectivity,
                Status::Fail,
                with_figures("verdict-connectivity-udp-required"),
                Some(fix),
            )
            .for_it(it("verdict-connectivity-udp-required-it")),
            MediaPolicy::RelayAcceptable => Check::says(
                CheckId::Connectivity,
                Status::Pass,
                with_figures("verdict-connectivity-tcp-relay-accepted"),
                None,
            ),
        };
    }
    if ice.iter().any(|r| r.failure == Some(IceFailure::Signalling)) {
        if let Some(cause) = cause_of(earlier, CheckId::WebSocket) {
            return Check::not_run(CheckId::Connectivity, cause, with_figures("verdict-connectivity-no-signalling"));
        }
        return Check::says(
            CheckId::Connectivity,
            Status::Warn,
            with_figures("verdict-connectivity-no-service"),
            Some(Text::new("verdict-checks-media-service-fix")),
        )
        .for_it(with_figures("verdict-connectivity-no-service-it").text("url", url(results, "wss", SIGNALLING)));
    }
    let all: Vec<IceTransport> = UDP.iter().chain(STREAMS.iter()).copied().collect();
    Check::says(
        CheckId::Connectivity,
        Status::Fail,
        with_figures("verdict-connectivity-no-path"),
        Some(Text::new("verdict-connectivity-no-path-fix").text("servers", servers(ice, &all))),
    )
    .for_it(with_figures("verdict-connectivity-no-path-it").text("servers", servers(ice, &all)))
}

/// The WebSocket that carries the probes' offers to the server's echo peer.
const SIGNALLING: &str = "/ws/rtc";

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
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
        assert_eq!(
            check.summary.english(),
            "UDP is blocked: calls will relay over TCP, expect higher latency (STUN over UDP: no direct UDP path; \
             TURN over UDP fails; TURN over TCP works (40 ms))."
        );
        assert_eq!(
            check.fix.unwrap().english(),
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
        assert!(required.summary.english().contains("needs UDP"), "{}", required.summary);
        assert_eq!(judged(MediaPolicy::DirectOnly).status, Status::Fail, "no relay at all");
        let relay = judged(MediaPolicy::RelayAcceptable);
        assert_eq!((relay.status, relay.fix), (Status::Pass, None));
        assert!(relay.summary.english().contains("which this platform accepts"), "{}", relay.summary);
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
            fix.english(),
            "Ask IT to allow outbound UDP callready.example.com:3478, UDP media.example.net:13478, \
             TCP callready.example.com:3478 and TCP media.example.net:443 (STUN/TURN); without them calls have no audio."
        );
        assert!(!fix.english().contains("5349"), "no default port that was not probed");
        assert_eq!(
            fix.render(Lang::It),
            "Chiedi al reparto IT di consentire in uscita UDP callready.example.com:3478, UDP media.example.net:13478, \
             TCP callready.example.com:3478 e TCP media.example.net:443 (STUN/TURN): senza queste aperture le \
             chiamate non hanno audio."
        );
        for u in run.ice.iter_mut() {
            u.url = None;
        }
        assert_eq!(
            status_of(&run, CheckId::Connectivity).fix.unwrap().english(),
            "Ask IT to allow outbound the platform's STUN/TURN servers (STUN/TURN); without them calls have no audio."
        );
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
        assert!(check.summary.english().contains("TURN over UDP reaches the server"), "{}", check.summary);
        assert!(!check.summary.english().contains("neither UDP nor TCP"), "{}", check.summary);
        // Signalling failed with the WebSocket fine: the server side, said as such.
        run.websocket.failure = None;
        run.websocket.echo_rtt_ms = vec![18.0; 20];
        let check = status_of(&run, CheckId::Connectivity);
        assert_eq!(check.status, Status::Warn);
        assert!(check.summary.english().contains("media test service did not answer"), "{}", check.summary);
    }

    #[test]
    fn tls_against_a_self_signed_certificate_is_not_tested_not_failed() {
        let mut run = healthy_run();
        let mut tls = ice(IceTransport::TurnTls, false);
        tls.untrusted_certificate = true;
        run.ice = vec![ice(IceTransport::TurnUdp, true), ice(IceTransport::TurnTcp, true), tls.clone()];
        let check = status_of(&run, CheckId::Connectivity);
        assert_eq!(check.status, Status::Pass);
        assert!(check.summary.english().contains("TURN over TLS not tested (this server's certificate is self-signed"));
        run.ice = vec![ice(IceTransport::TurnUdp, false), ice(IceTransport::TurnTcp, false), tls];
        let fix = status_of(&run, CheckId::Connectivity).fix.unwrap();
        assert!(!fix.english().contains("5349"), "the untested TLS port is not blamed: {fix}");
    }
}
