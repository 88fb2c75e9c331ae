//! What the server saw of the path: a web proxy, and the path MTU its TCP segments
//! imply. Both are facts first: a proxy that lets everything through passes, one that
//! blocks WebSocket is named by the WebSocket line (here it is only shown), one that
//! rewrites the page's headers warns. A smaller MTU than 1500 (a VPN or tunnel) warns
//! only under a profile that asks for 1500.

use super::websocket::capitalise;
use super::{cause_of, server_name, Check, CheckId, Status};
use crate::probes::ice::{CandidateType, IceTransport};
use crate::probes::path::{carries_1500, describe_paths, mtu_range, NatMapping, PathReport, PublicReport, TlsReport};
use crate::probes::RunResults;
use crate::profile::MediaPolicy;
use crate::thresholds::Thresholds;
use crate::tls_hello::expected_family;

fn proxy(path: &PathReport, results: &RunResults, earlier: &[Check]) -> Check {
    if path.headers_intact == Some(false) {
        let who = path.proxy.as_ref().map(|p| p.name()).unwrap_or_else(|| "something on the way".into());
        return Check::new(
            CheckId::Proxy,
            Status::Warn,
            format!(
                "{} changes the page's request headers: it may alter the platform's traffic too.",
                capitalise(&who)
            ),
            Some("Ask IT to exempt the platform's hosts from the web proxy's filtering and rewriting."),
        )
        .for_it(format!(
            "A header the page sent to {} arrived changed (seen by the server on the request that saved \
             this run{}). Exempt the platform's hosts from rewriting and content filtering.",
            server_name(results),
            path.proxy.as_ref().map(|p| format!("; proxy headers: {}", p.headers.join(", "))).unwrap_or_default()
        ));
    }
    let Some(found) = &path.proxy else {
        return Check::new(
            CheckId::Proxy,
            Status::Pass,
            "No web proxy marks the page's requests (a proxy that only tunnels HTTPS leaves no mark, and does no harm).",
            None,
        );
    };
    let name = found.name();
    let headers = found.headers.join(", ");
    if cause_of(earlier, CheckId::WebSocket).is_some() {
        return Check::new(
            CheckId::Proxy,
            Status::Unknown,
            format!("Through {name} (seen in: {headers}), which does not let WebSocket through: see WebSocket."),
            None,
        );
    }
    Check::new(
        CheckId::Proxy,
        Status::Pass,
        format!("Through {name} (seen in: {headers}); HTTPS and WebSocket get through it."),
        None,
    )
}

/// Whether the TLS handshake that reached the server's own TLS listener is the one
/// the page's browser writes. Judged only for browsers whose stack is known.
fn tls(report: &TlsReport, results: &RunResults, earlier: &[Check]) -> Check {
    let id = CheckId::TlsInspection;
    let port = report.port;
    let Some(hello) = &report.hello else {
        if report.self_signed {
            return Check::new(
                id,
                Status::Unknown,
                format!(
                    "Not determined: this server's TLS probe (port {port}) has a self-signed certificate, which \
                     browsers refuse."
                ),
                None,
            );
        }
        if earlier.iter().any(|c| c.id == CheckId::Https && c.status == Status::Fail) {
            return Check::not_run(
                id,
                CheckId::Https,
                "Not determined: the page could not reach the server (see HTTPS).",
            );
        }
        return Check::new(
            id,
            Status::Unknown,
            format!("Not determined: the page's HTTPS request to the server's TLS probe (port {port}) did not arrive."),
            None,
        );
    };
    let browser = results.browser.ua.label();
    let Some(expected) = expected_family(&results.browser.ua) else {
        return Check::new(
            id,
            Status::Unknown,
            format!(
                "Not determined: CallReady does not know which TLS handshake {browser} writes (the server received: \
                 {}).",
                hello.summary
            ),
            None,
        );
    };
    if hello.family == expected {
        return Check::new(
            id,
            Status::Pass,
            format!(
                "The server received the TLS handshake {browser} writes ({}; {}): nothing on the way decrypts it.",
                expected.label(),
                hello.summary
            ),
            None,
        );
    }
    Check::new(
        id,
        Status::Warn,
        format!(
            "A device on your network decrypts TLS: the server received a TLS handshake written by {} ({}), not by \
             {browser}. The platform's traffic must be exempted.",
            hello.family.label(),
            hello.summary
        ),
        Some("Ask IT to exempt the platform's addresses from TLS inspection (SSL decryption) on the firewall or proxy."),
    )
    .for_it(format!(
        "The TLS ClientHello that reached CallReady's TLS probe (port {port}, beside {}) was written by {} ({}), \
         while the page runs in {browser} ({}): a firewall or proxy terminates and re-encrypts the traffic (TLS inspection). Add the platform's host \
         names to the do-not-decrypt (inspection bypass) list; decrypted WebSocket and WebRTC signalling break calls \
         unpredictably.",
        server_name(results),
        hello.family.label(),
        hello.summary,
        expected.label()
    ))
}

fn mtu(path: &PathReport, results: &RunResults, t: &Thresholds) -> Check {
    let Some(mss) = path.mss else {
        return Check::new(
            CheckId::PathMtu,
            Status::Unknown,
            "Not measured: the server could not read this connection's segment size (behind a reverse proxy it \
             sees the proxy's connection, not this computer's).",
            None,
        );
    };
    let (low, high) = mtu_range(mss, path.ipv6);
    if carries_1500(mss, path.ipv6) {
        let mtu = if low <= 1500 && high >= 1500 { "1500".to_string() } else { format!("{low}–{high}") };
        return Check::new(
            CheckId::PathMtu,
            Status::Pass,
            format!("The path carries full-size packets: MTU {mtu} bytes (TCP MSS {mss})."),
            None,
        );
    }
    let summary = format!("A VPN or tunnel is in the path: MTU ≈ {low}–{high} bytes (TCP MSS {mss}).");
    match t.required_mtu.filter(|required| high < *required) {
        Some(required) => Check::new(
            CheckId::PathMtu,
            Status::Warn,
            format!("{summary} The platform asks for {required}."),
            Some("Ask IT to leave the platform's traffic outside the VPN (split tunnelling), or to raise the tunnel's MTU."),
        )
        .for_it(format!(
            "Path MTU toward {} is about {low}–{high} bytes (TCP MSS {mss} seen by the server); the platform asks for \
             {required}. Exclude the platform's hosts from the VPN or tunnel, or raise its MTU.",
            server_name(results)
        )),
        None => Check::new(CheckId::PathMtu, Status::Pass, summary, None),
    }
}

/// Whether every path of the run left through one public address.
fn public(report: &PublicReport) -> Check {
    let groups: Vec<(String, String)> =
        report.by_address().into_iter().map(|(address, vias)| (address, describe_paths(&vias))).collect();
    if report.distinct <= 1 {
        // One address per family at most (IPv4 and IPv6 of one computer count as one).
        let mut all: Vec<String> = Vec::new();
        for seen in &report.seen {
            if !all.contains(&seen.via) {
                all.push(seen.via.clone());
            }
        }
        let vias = describe_paths(&all);
        return Check::new(
            CheckId::PublicAddress,
            Status::Pass,
            format!("Every path leaves through one public address ({vias})."),
            None,
        );
    }
    let described =
        groups.iter().map(|(address, vias)| format!("{vias} from address {address}")).collect::<Vec<_>>().join("; ");
    Check::new(
        CheckId::PublicAddress,
        Status::Warn,
        format!(
            "Your network sends calls out through {} public addresses ({described}): the platform may drop audio.",
            report.distinct
        ),
        Some("Ask IT to pin one outbound address for the platform's hosts."),
    )
    .for_it(format!(
        "Outbound load balancing or NAT gives this computer {} public addresses toward the platform (anonymised ids): \
         {described}. Pin one outbound (source NAT) address for the platform's hosts, for TCP and UDP alike.",
        report.distinct
    ))
}

/// The NAT's mapping behaviour, and whether there is a NAT at all (a STUN probe that
/// reached the server without a reflexive address: the computer's own address is
/// public).
fn nat(mapping: NatMapping, results: &RunResults, t: &Thresholds) -> Check {
    let stun = results.ice.iter().find(|r| r.transport == IceTransport::StunUdp);
    let no_nat = stun.is_some_and(|r| r.succeeded() && !r.candidate_types.contains(&CandidateType::Srflx));
    match mapping {
        NatMapping::EndpointIndependent if no_nat => Check::new(
            CheckId::NatBehaviour,
            Status::Pass,
            "No NAT between this computer and the platform: its own address is public.",
            None,
        ),
        NatMapping::EndpointIndependent => Check::new(
            CheckId::NatBehaviour,
            Status::Pass,
            "The router keeps one public port per connection (endpoint-independent mapping): peer-to-peer media \
             can work.",
            None,
        ),
        NatMapping::PortDependent | NatMapping::AddressDependent if t.media == MediaPolicy::DirectOnly => {
            let what = if mapping == NatMapping::PortDependent { "port" } else { "address" };
            Check::new(
                CheckId::NatBehaviour,
                Status::Fail,
                format!(
                    "The router picks a new public {what} for each destination (symmetric NAT): media cannot flow \
                     directly, and this platform has no relay: calls will have no audio."
                ),
                Some(
                    "Ask IT to set the firewall to keep one public port per connection (endpoint-independent \
                     mapping) for the platform's media.",
                ),
            )
            .for_it(format!(
                "One local UDP socket got a different public {what} toward two ports of {} (address- or \
                 port-dependent mapping, RFC 4787). This platform has no TURN relay: configure \
                 endpoint-independent mapping (and filtering) for UDP to the platform's media.",
                server_name(results)
            ))
        }
        NatMapping::PortDependent | NatMapping::AddressDependent => {
            let what = if mapping == NatMapping::PortDependent { "port" } else { "address" };
            Check::new(
                CheckId::NatBehaviour,
                Status::Warn,
                format!(
                    "The router picks a new public {what} for each destination (symmetric NAT): peer-to-peer media \
                     will fail; calls need TURN."
                ),
                Some(
                    "Calls still work through the platform's TURN relay. Ask IT whether the firewall can keep one \
                      public port per connection (endpoint-independent mapping) for the platform's media.",
                ),
            )
            .for_it(format!(
                "One local UDP socket got a different public {what} toward two ports of {} (address- or \
                 port-dependent mapping, RFC 4787). Configure endpoint-independent mapping for UDP to the \
                 platform, or make sure TURN is allowed.",
                server_name(results)
            ))
        }
    }
}

/// The path's lines, when the run says what the server saw.
pub(super) fn checks(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(path) = &results.path {
        checks.push(proxy(path, results, earlier));
    }
    if let Some(report) = &results.tls {
        checks.push(tls(report, results, earlier));
    }
    if let Some(path) = &results.path {
        checks.push(mtu(path, results, t));
    }
    if let Some(report) = results.public.as_ref().filter(|r| !r.seen.is_empty()) {
        checks.push(public(report));
    }
    if let Some(mapping) = results.nat {
        checks.push(nat(mapping, results, t));
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::path::ProxyEvidence;
    use crate::probes::websocket::WsFailure;
    use crate::tls_hello::{HelloSummary, TlsFamily};
    use crate::ua::{BrowserFamily, OsFamily, UaSummary};
    use crate::verdict::fixtures::healthy_run;
    use crate::verdict::{evaluate, overall, Verdict};

    fn run(path: PathReport) -> RunResults {
        RunResults { path: Some(path), ..healthy_run() }
    }

    fn line(results: &RunResults, t: &Thresholds, id: CheckId) -> Check {
        evaluate(results, t, 1).into_iter().find(|c| c.id == id).unwrap()
    }

    fn tinyproxy() -> Option<ProxyEvidence> {
        Some(ProxyEvidence { product: Some("tinyproxy/1.11.1".into()), headers: vec!["via".into()] })
    }

    #[test]
    fn a_clean_path_passes_both_lines() {
        let results = run(PathReport { mss: Some(1448), headers_intact: Some(true), ..Default::default() });
        let t = Thresholds::default();
        assert_eq!(line(&results, &t, CheckId::Proxy).status, Status::Pass);
        let mtu = line(&results, &t, CheckId::PathMtu);
        assert_eq!(
            (mtu.status, mtu.summary.as_str()),
            (Status::Pass, "The path carries full-size packets: MTU 1500 bytes (TCP MSS 1448).")
        );
        assert_eq!(overall(&evaluate(&results, &t, 1)), Verdict::Ready);
    }

    #[test]
    fn a_proxy_is_named_and_only_shown_when_it_blocks_websocket() {
        let mut results = run(PathReport { proxy: tinyproxy(), mss: Some(1448), ..Default::default() });
        let t = Thresholds::default();
        let proxy = line(&results, &t, CheckId::Proxy);
        assert_eq!(proxy.status, Status::Pass);
        assert!(proxy.summary.contains("a web proxy (tinyproxy/1.11.1)"), "{}", proxy.summary);
        results.websocket.failure = Some(WsFailure::ConnectFailed);
        results.websocket.echo_rtt_ms.clear();
        let checks = evaluate(&results, &t, 1);
        let proxy = checks.iter().find(|c| c.id == CheckId::Proxy).unwrap();
        assert_eq!(proxy.status, Status::Unknown, "the WebSocket line is the failure, once");
        assert!(proxy.summary.contains("does not let WebSocket through"), "{}", proxy.summary);
        let ws = checks.iter().find(|c| c.id == CheckId::WebSocket).unwrap();
        assert!(ws.summary.contains("tinyproxy/1.11.1"), "{}", ws.summary);
    }

    #[test]
    fn rewritten_headers_warn_with_a_text_for_it() {
        let results =
            run(PathReport { proxy: tinyproxy(), headers_intact: Some(false), mss: Some(1448), ..Default::default() });
        let proxy = line(&results, &Thresholds::default(), CheckId::Proxy);
        assert_eq!(proxy.status, Status::Warn);
        assert!(proxy.fix.is_some() && proxy.it.as_deref().unwrap().contains("proxy headers: via"));
    }

    #[test]
    fn a_tunnel_is_a_fact_and_a_warning_where_the_profile_asks_for_1500() {
        let results = run(PathReport { mss: Some(1348), ..Default::default() });
        let fact = line(&results, &Thresholds::default(), CheckId::PathMtu);
        assert_eq!(fact.status, Status::Pass);
        assert_eq!(fact.summary, "A VPN or tunnel is in the path: MTU ≈ 1388–1400 bytes (TCP MSS 1348).");
        let strict = Thresholds { required_mtu: Some(1500), ..Thresholds::default() };
        let warned = line(&results, &strict, CheckId::PathMtu);
        assert_eq!(warned.status, Status::Warn);
        assert!(warned.summary.ends_with("The platform asks for 1500."), "{}", warned.summary);
        assert!(warned.it.unwrap().contains("TCP MSS 1348"));
        let full = run(PathReport { mss: Some(1460), ..Default::default() });
        assert_eq!(line(&full, &strict, CheckId::PathMtu).status, Status::Pass, "Windows: no timestamps");
    }

    fn seen(pairs: &[(&str, &str)], distinct: u32) -> PublicReport {
        let seen = pairs
            .iter()
            .map(|(via, address)| crate::probes::path::SeenAddress {
                via: via.to_string(),
                address: address.to_string(),
            })
            .collect();
        PublicReport { seen, distinct }
    }

    #[test]
    fn one_public_address_passes_and_several_warn_naming_the_paths() {
        let one = RunResults {
            public: Some(seen(
                &[("HTTPS", "a1"), ("WebSocket", "a1"), ("TURN", "a1"), ("UDP 3480", "a1"), ("UDP 3481", "a1")],
                1,
            )),
            ..healthy_run()
        };
        let line = line(&one, &Thresholds::default(), CheckId::PublicAddress);
        assert_eq!(
            (line.status, line.summary.as_str()),
            (Status::Pass, "Every path leaves through one public address (HTTPS, WebSocket, TURN, UDP to 2 ports).")
        );
        // A dual-stack computer: IPv4 and IPv6 of one machine, each path named once.
        let dual = RunResults {
            public: Some(seen(
                &[("WebSocket", "v4"), ("TURN", "v4"), ("UDP 3480", "v4"), ("TURN", "v6"), ("UDP 3480", "v6")],
                1,
            )),
            ..healthy_run()
        };
        let both = evaluate(&dual, &Thresholds::default(), 1).into_iter().find(|c| c.id == CheckId::PublicAddress);
        assert_eq!(both.unwrap().summary, "Every path leaves through one public address (WebSocket, TURN, UDP 3480).");

        let two = RunResults {
            public: Some(seen(&[("HTTPS", "a1"), ("WebSocket", "a1"), ("TURN", "b2"), ("UDP 16384", "b2")], 2)),
            ..healthy_run()
        };
        let checks = evaluate(&two, &Thresholds::default(), 1);
        let line = checks.iter().find(|c| c.id == CheckId::PublicAddress).unwrap();
        assert_eq!(line.status, Status::Warn);
        assert_eq!(
            line.summary,
            "Your network sends calls out through 2 public addresses (HTTPS, WebSocket from address a1; TURN, UDP 16384 \
             from address b2): the platform may drop audio."
        );
        assert_eq!(line.fix.as_deref(), Some("Ask IT to pin one outbound address for the platform's hosts."));
        assert!(line.it.as_deref().unwrap().contains("Pin one outbound (source NAT) address"));
        assert_eq!(overall(&checks), Verdict::ReadyWithWarnings);
    }

    fn tls_run(hello: Option<TlsFamily>, ua: BrowserFamily, os: OsFamily) -> RunResults {
        let mut results = healthy_run();
        results.browser.ua = UaSummary { family: ua, major: Some(150), os };
        results.tls = Some(TlsReport {
            port: 8443,
            self_signed: false,
            hello: hello.map(|family| HelloSummary { summary: "TLS 1.3, 16 ciphers, 17 extensions".into(), family }),
        });
        results
    }

    #[test]
    fn the_browser_s_own_handshake_passes_and_another_stack_is_tls_inspection() {
        let t = Thresholds::default();
        for (ua, own) in [(BrowserFamily::Chrome, TlsFamily::Chromium), (BrowserFamily::Firefox, TlsFamily::Firefox)] {
            let direct = line(&tls_run(Some(own), ua, OsFamily::Windows), &t, CheckId::TlsInspection);
            assert_eq!(direct.status, Status::Pass, "{}", direct.summary);
            assert!(direct.summary.contains("nothing on the way decrypts it"), "{}", direct.summary);
            for other in
                [TlsFamily::Other, if own == TlsFamily::Chromium { TlsFamily::Firefox } else { TlsFamily::Chromium }]
            {
                let results = tls_run(Some(other), ua, OsFamily::Windows);
                let inspected = line(&results, &t, CheckId::TlsInspection);
                assert_eq!(inspected.status, Status::Warn, "{other:?} for {ua:?}");
                assert!(
                    inspected.summary.starts_with("A device on your network decrypts TLS"),
                    "{}",
                    inspected.summary
                );
                assert!(inspected.fix.as_deref().is_some_and(|f| f.contains("exempt")), "{:?}", inspected.fix);
                assert!(inspected.it.as_deref().is_some_and(|it| it.contains("port 8443")), "{:?}", inspected.it);
                assert_eq!(overall(&evaluate(&results, &t, 1)), Verdict::ReadyWithWarnings);
            }
        }
    }

    #[test]
    fn tls_inspection_is_never_claimed_when_it_cannot_be_told() {
        let t = Thresholds::default();
        let undetermined = [
            tls_run(Some(TlsFamily::Other), BrowserFamily::Safari, OsFamily::MacOs),
            tls_run(Some(TlsFamily::Other), BrowserFamily::Chrome, OsFamily::Ios),
            tls_run(None, BrowserFamily::Chrome, OsFamily::Windows),
            RunResults {
                tls: Some(TlsReport { port: 8443, self_signed: true, hello: None }),
                ..tls_run(None, BrowserFamily::Chrome, OsFamily::Windows)
            },
        ];
        for results in undetermined {
            let line = line(&results, &t, CheckId::TlsInspection);
            assert_eq!(line.status, Status::Unknown, "{}", line.summary);
            assert!(line.summary.starts_with("Not determined"), "{}", line.summary);
            assert!(line.fix.is_none());
        }
        let without_listener = evaluate(&healthy_run(), &t, 1);
        assert!(without_listener.iter().all(|c| c.id != CheckId::TlsInspection), "no listener, no line");
    }

    #[test]
    fn a_server_out_of_reach_is_the_cause_not_tls() {
        let mut results = tls_run(None, BrowserFamily::Chrome, OsFamily::Windows);
        results.https.rtt_ms.clear();
        results.https.failure = Some(crate::probes::FetchFailure::Network);
        let checks = evaluate(&results, &Thresholds::default(), 1);
        let line = checks.iter().find(|c| c.id == CheckId::TlsInspection).unwrap();
        assert_eq!((line.status, line.blocked_by), (Status::NotRun, Some(CheckId::Https)), "{}", line.summary);
    }

    #[test]
    fn a_symmetric_nat_warns_and_no_nat_is_said() {
        use crate::verdict::fixtures::ice;
        let mut results = RunResults { nat: Some(NatMapping::PortDependent), ..healthy_run() };
        let symmetric = line(&results, &Thresholds::default(), CheckId::NatBehaviour);
        assert_eq!(symmetric.status, Status::Warn);
        let summary = &symmetric.summary;
        assert!(summary.contains("symmetric NAT") && summary.contains("calls need TURN"), "{summary}");
        assert!(symmetric.fix.is_some() && symmetric.it.is_some());
        // A platform without a relay: the same NAT leaves calls without audio.
        let direct_only = Thresholds { media: MediaPolicy::DirectOnly, ..Thresholds::default() };
        let fails = line(&results, &direct_only, CheckId::NatBehaviour);
        assert_eq!(fails.status, Status::Fail, "{}", fails.summary);
        assert!(fails.summary.contains("this platform has no relay"), "{}", fails.summary);
        assert!(fails.it.as_deref().is_some_and(|it| it.contains("endpoint-independent mapping")));
        assert_eq!(overall(&evaluate(&results, &direct_only, 1)), Verdict::NotReady);

        results.nat = Some(NatMapping::EndpointIndependent);
        results.ice = vec![ice(IceTransport::StunUdp, true)];
        let eim = line(&results, &Thresholds::default(), CheckId::NatBehaviour);
        assert_eq!(eim.status, Status::Pass);
        assert!(eim.summary.contains("endpoint-independent"), "{}", eim.summary);

        // A STUN probe that connected without a reflexive candidate: no NAT at all.
        let mut direct = ice(IceTransport::StunUdp, false);
        direct.connected = Some(crate::probes::ice::ConnectedPair {
            local: CandidateType::Host,
            remote: CandidateType::Host,
            relay_protocol: None,
            connect_ms: 20.0,
        });
        results.ice = vec![direct];
        let none = line(&results, &Thresholds::default(), CheckId::NatBehaviour);
        assert_eq!(none.summary, "No NAT between this computer and the platform: its own address is public.");
    }

    #[test]
    fn behind_a_reverse_proxy_the_mtu_is_not_measured() {
        let results = run(PathReport::default());
        assert_eq!(line(&results, &Thresholds::default(), CheckId::PathMtu).status, Status::Unknown);
    }
}
