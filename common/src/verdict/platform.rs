//! What the session's requirement profile adds: its TCP ports, its UDP media ranges
//! and its web addresses. Each line names, for the agent, what to ask IT for and,
//! for IT, the exact ports and hosts to open with what was observed. A port the
//! server does not offer, or that browsers never connect to, is "not tested", never
//! a failure. Checks that cannot tell anything new because an earlier one failed
//! (the server unreachable, UDP blocked altogether) say so and name it.

use super::{and_list, cause_of, Check, CheckId, Status};
use crate::probes::ice::IceTransport;
use crate::probes::platform::{
    DomainOutcome, DomainReport, PlatformReport, PortOutcome, TcpPortReport, UdpRangeReport, UdpSampleFailure,
    REACH_TIMEOUT_MS,
};
use crate::probes::RunResults;
use crate::profile::{url_host, MediaPolicy};
use crate::stats::ms;
use crate::thresholds::Thresholds;

/// "TCP 7443 and 8000".
fn tcp_ports(ports: &[&TcpPortReport]) -> String {
    format!("TCP {}", and_list(&ports.iter().map(|p| p.port.to_string()).collect::<Vec<_>>()))
}

fn timeout() -> String {
    format!("{} s", REACH_TIMEOUT_MS / 1000)
}

/// "One of the platform's TCP ports does not", "2 of the platform's TCP ports do not".
fn how_many(n: usize, what: &str) -> String {
    match n {
        1 => format!("One of the platform's {what} does not"),
        n => format!("{n} of the platform's {what} do not"),
    }
}

fn describe_port(p: &TcpPortReport, websocket_failed: bool) -> String {
    let port = p.port;
    match p.outcome {
        PortOutcome::Open => match p.ms {
            Some(t) => format!("TCP {port} works ({})", ms(t)),
            None => format!("TCP {port} works"),
        },
        PortOutcome::WebSocketBlocked if websocket_failed => {
            format!("TCP {port} answers (WebSocket blocked there too, as above)")
        }
        PortOutcome::WebSocketBlocked => format!("TCP {port} answers web requests but WebSocket is blocked"),
        PortOutcome::Refused => format!("TCP {port} is refused"),
        PortOutcome::TimedOut => format!("TCP {port} is blocked (no answer within {})", timeout()),
        PortOutcome::NotOffered => format!("TCP {port} not tested (not offered by this server)"),
        PortOutcome::BrowserRefuses => format!("TCP {port} not tested (browsers never connect to it)"),
        PortOutcome::UntrustedCertificate => {
            format!("TCP {port} not tested (this server's certificate is self-signed)")
        }
    }
}

fn observed(p: &TcpPortReport) -> &'static str {
    match p.outcome {
        PortOutcome::Refused => "the connection was refused or reset on the way",
        PortOutcome::TimedOut => "no answer (packets dropped on the way)",
        PortOutcome::WebSocketBlocked => "web requests answer but the WebSocket upgrade does not get through",
        _ => "",
    }
}

fn tcp_check(platform: &PlatformReport, results: &RunResults, earlier: &[Check]) -> Option<Check> {
    if platform.tcp.is_empty() {
        return None;
    }
    let host = &platform.tcp_host;
    if let Some(cause) = cause_of(earlier, CheckId::Https).filter(|_| results.https.rtt_ms.is_empty()) {
        return Some(Check::not_run(
            CheckId::TcpPorts,
            cause,
            format!("Not tested: {host} cannot be reached at all (see above)."),
        ));
    }
    let websocket_failed = cause_of(earlier, CheckId::WebSocket).is_some();
    let figures = platform.tcp.iter().map(|p| describe_port(p, websocket_failed)).collect::<Vec<_>>().join("; ");
    let failing: Vec<&TcpPortReport> = platform
        .tcp
        .iter()
        .filter(|p| match p.outcome {
            PortOutcome::Refused | PortOutcome::TimedOut => true,
            PortOutcome::WebSocketBlocked => !websocket_failed,
            _ => false,
        })
        .collect();
    if !failing.is_empty() {
        let blocked: Vec<&TcpPortReport> =
            failing.iter().copied().filter(|p| p.outcome != PortOutcome::WebSocketBlocked).collect();
        let upgrades: Vec<&TcpPortReport> =
            failing.iter().copied().filter(|p| p.outcome == PortOutcome::WebSocketBlocked).collect();
        let mut asks = Vec::new();
        if !blocked.is_empty() {
            asks.push(format!("open outbound {} to the platform's servers", tcp_ports(&blocked)));
        }
        if !upgrades.is_empty() {
            asks.push(format!(
                "let WebSocket connections through on {} to the platform's servers",
                tcp_ports(&upgrades)
            ));
        }
        let fix = format!("Ask your IT team to {}.", and_list(&asks));
        let it = failing
            .iter()
            .map(|p| {
                let tls = if p.tls { " (TLS)" } else { "" };
                format!(
                    "Allow outbound TCP {}{tls} to the platform's servers, WebSocket included; observed toward {host}: {}.",
                    p.port,
                    observed(p)
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        return Some(
            Check::new(
                CheckId::TcpPorts,
                Status::Fail,
                format!("{} get through: {figures}.", how_many(failing.len(), "TCP ports")),
                Some(&fix),
            )
            .for_it(it),
        );
    }
    if !platform.tcp.iter().any(|p| p.outcome.tested()) {
        return Some(Check::new(CheckId::TcpPorts, Status::Unknown, format!("{figures}."), None));
    }
    Some(Check::new(
        CheckId::TcpPorts,
        Status::Pass,
        format!("The platform's TCP ports reach {host}: {figures}."),
        None,
    ))
}

fn port_list(ports: &[u16]) -> String {
    and_list(&ports.iter().map(u16::to_string).collect::<Vec<_>>())
}

/// Whether any UDP path at all reached the server in the ICE probes; `None` when
/// the run has no UDP ICE probe to tell.
fn udp_works_at_all(results: &RunResults) -> Option<bool> {
    let udp: Vec<_> =
        results.ice.iter().filter(|r| matches!(r.transport, IceTransport::StunUdp | IceTransport::TurnUdp)).collect();
    (!udp.is_empty()).then(|| udp.iter().any(|r| r.succeeded()))
}

fn udp_line(r: &UdpRangeReport, host: &str) -> String {
    if r.sampled.is_empty() && r.not_offered.is_empty() {
        return format!("{} not tested (browsers send no STUN to ports below 1024)", r.describe());
    }
    if r.sampled.is_empty() {
        return format!("{} not tested (not offered by this server)", r.describe());
    }
    let reached =
        if r.reached.is_empty() && !r.sampled.is_empty() { "none".to_string() } else { r.reached.len().to_string() };
    let mut line = format!("{}: {reached} of {} sampled ports reach {host}", r.describe(), r.sampled.len());
    let unreached = r.unreached();
    if !unreached.is_empty() && !r.reached.is_empty() {
        line.push_str(&format!(" (no answer on {})", port_list(&unreached)));
    }
    if !r.not_offered.is_empty() {
        line.push_str(&format!("; {} not offered by this server", port_list(&r.not_offered)));
    }
    line
}

fn udp_check(platform: &PlatformReport, results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Option<Check> {
    if platform.udp.is_empty() {
        return None;
    }
    let host = &platform.udp_host;
    if let Some(failure) = platform.udp.iter().find_map(|r| r.failure) {
        let why = match failure {
            UdpSampleFailure::Unsupported => "this browser refused the WebRTC connections the test uses",
            UdpSampleFailure::NoAnswer => "the server did not say which ports it heard",
        };
        return Some(Check::new(
            CheckId::UdpPorts,
            Status::Unknown,
            format!("The platform's UDP ports could not be sampled: {why}."),
            None,
        ));
    }
    let tested: Vec<&UdpRangeReport> = platform.udp.iter().filter(|r| !r.sampled.is_empty()).collect();
    let figures = platform.udp.iter().map(|r| udp_line(r, host)).collect::<Vec<_>>().join("; ");
    if tested.is_empty() {
        return Some(Check::new(CheckId::UdpPorts, Status::Unknown, format!("{figures}."), None));
    }
    let failing: Vec<&UdpRangeReport> = tested.iter().copied().filter(|r| !r.unreached().is_empty()).collect();
    if failing.is_empty() {
        return Some(Check::new(CheckId::UdpPorts, Status::Pass, format!("{figures}."), None));
    }
    let nothing_reached = tested.iter().all(|r| r.reached.is_empty());
    if nothing_reached && udp_works_at_all(results) == Some(false) {
        // UDP is blocked altogether: the media path line already says so.
        if let Some(cause) = cause_of(earlier, CheckId::Connectivity) {
            return Some(Check::not_run(
                CheckId::UdpPorts,
                cause,
                format!("Not tested separately: no UDP gets through at all (see the media path above). {figures}."),
            ));
        }
        if t.media == MediaPolicy::RelayAcceptable {
            return Some(Check::new(
                CheckId::UdpPorts,
                Status::Pass,
                format!(
                    "No UDP gets through, so calls will not use these ports; this platform relays calls over \
                     TCP instead, which it accepts ({figures})."
                ),
                None,
            ));
        }
    }
    let ranges = and_list(&failing.iter().map(|r| r.describe()).collect::<Vec<_>>());
    let (status, consequence) = match t.media {
        MediaPolicy::UdpRequired | MediaPolicy::DirectOnly => {
            (Status::Fail, "calls using those ports will have no audio")
        }
        _ => (Status::Warn, "calls using those ports fall back to a relay or lose audio"),
    };
    let fix =
        format!("Ask your IT team to open outbound {ranges} to {host}: the platform's media uses the whole range.");
    let it = failing
        .iter()
        .map(|r| {
            format!(
                "Allow outbound {} to the platform's media servers (every port of the range: each call picks one). \
                 Sampled {} ports toward {host}; no answer on {}.",
                r.describe(),
                r.sampled.len(),
                port_list(&r.unreached())
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(Check::new(CheckId::UdpPorts, status, format!("{figures}: {consequence}."), Some(&fix)).for_it(it))
}

fn describe_domain(d: &DomainReport) -> String {
    match d.outcome {
        DomainOutcome::Reachable => match d.ms {
            Some(t) => format!("{} reachable ({})", d.url, ms(t)),
            None => format!("{} reachable", d.url),
        },
        DomainOutcome::Failed => format!("{} blocked or not found", d.url),
        DomainOutcome::TimedOut => format!("{} blocked (no answer within {})", d.url, timeout()),
        DomainOutcome::Insecure => format!("{} not tested (plain HTTP from a secure page)", d.url),
    }
}

fn domains_check(platform: &PlatformReport) -> Option<Check> {
    if platform.domains.is_empty() {
        return None;
    }
    let figures = platform.domains.iter().map(describe_domain).collect::<Vec<_>>().join("; ");
    let failing: Vec<&DomainReport> = platform
        .domains
        .iter()
        .filter(|d| matches!(d.outcome, DomainOutcome::Failed | DomainOutcome::TimedOut))
        .collect();
    if failing.is_empty() {
        let status = if platform.domains.iter().any(|d| d.outcome == DomainOutcome::Reachable) {
            Status::Pass
        } else {
            Status::Unknown
        };
        return Some(Check::new(CheckId::Domains, status, format!("{figures}."), None));
    }
    let hosts: Vec<String> = failing.iter().map(|d| url_host(&d.url).unwrap_or(&d.url).to_string()).collect();
    let them = if hosts.len() == 1 { "it" } else { "them" };
    let fix = format!("Ask your IT team to allow {} from this computer: the platform needs {them}.", and_list(&hosts));
    let it = failing
        .iter()
        .map(|d| {
            let observed = match d.outcome {
                DomainOutcome::TimedOut => format!("no answer within {}", timeout()),
                _ => "the request failed (blocked by a firewall or proxy, refused, or the name does not resolve)"
                    .to_string(),
            };
            format!(
                "Allow {} ({}) through the firewall, proxy and DNS; observed: {observed}.",
                url_host(&d.url).unwrap_or(&d.url),
                d.url
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(
        Check::new(
            CheckId::Domains,
            Status::Fail,
            format!("{} answer: {figures}.", how_many(failing.len(), "web addresses")),
            Some(&fix),
        )
        .for_it(it),
    )
}

/// The profile's lines, in order: TCP ports, UDP ranges, web addresses; none when
/// the profile names none of them.
pub(super) fn checks(results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Vec<Check> {
    let Some(platform) = &results.platform else {
        return Vec::new();
    };
    [tcp_check(platform, results, earlier), udp_check(platform, results, t, earlier), domains_check(platform)]
        .into_iter()
        .flatten()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::ice::IceTransport;
    use crate::verdict::fixtures::{healthy_run, ice};
    use crate::verdict::{evaluate, overall, Verdict};

    fn port(port: u16, outcome: PortOutcome) -> TcpPortReport {
        TcpPortReport { port, tls: port == 7443, outcome, ms: (outcome == PortOutcome::Open).then_some(12.0) }
    }

    fn range(reached_every: usize) -> UdpRangeReport {
        let sampled = crate::profile::UdpRange { from: 16384, to: 32768, purpose: String::new() }.sample(16);
        let reached = sampled.iter().copied().enumerate().filter(|(i, _)| i % reached_every != 0).map(|(_, p)| p);
        let reached = if reached_every == 1 { sampled.clone() } else { reached.collect() };
        UdpRangeReport { from: 16384, to: 32768, sampled, reached, not_offered: vec![], failure: None }
    }

    fn domain(url: &str, outcome: DomainOutcome) -> DomainReport {
        DomainReport { url: url.into(), outcome, ms: (outcome == DomainOutcome::Reachable).then_some(30.0) }
    }

    fn run(platform: PlatformReport) -> RunResults {
        RunResults {
            ice: vec![
                ice(IceTransport::StunUdp, true),
                ice(IceTransport::TurnUdp, true),
                ice(IceTransport::TurnTcp, true),
            ],
            platform: Some(platform),
            ..healthy_run()
        }
    }

    fn all_open() -> PlatformReport {
        PlatformReport {
            tcp_host: "pbx.example.com".into(),
            udp_host: "pbx.example.com".into(),
            tcp: vec![port(7443, PortOutcome::Open), port(8000, PortOutcome::Open)],
            udp: vec![range(1)],
            domains: vec![
                domain("https://lic.example.com/", DomainOutcome::Reachable),
                domain("https://upd.example.com/", DomainOutcome::Reachable),
            ],
        }
    }

    fn line(checks: &[Check], id: CheckId) -> Check {
        checks.iter().find(|c| c.id == id).cloned().unwrap_or_else(|| panic!("no {id:?} line in {checks:#?}"))
    }

    fn judged(results: &RunResults, media: MediaPolicy) -> Vec<Check> {
        evaluate(results, &Thresholds { media, ..Thresholds::default() }, 1)
    }

    #[test]
    fn everything_open_passes_every_line() {
        let checks = judged(&run(all_open()), MediaPolicy::UdpRequired);
        for id in [CheckId::TcpPorts, CheckId::UdpPorts, CheckId::Domains] {
            let check = line(&checks, id);
            assert_eq!((check.status, &check.fix, &check.it), (Status::Pass, &None, &None), "{check:?}");
        }
        assert_eq!(
            line(&checks, CheckId::UdpPorts).summary,
            "UDP 16384–32768: 16 of 16 sampled ports reach pbx.example.com."
        );
        assert_eq!(overall(&checks), Verdict::Ready);
    }

    #[test]
    fn a_profile_without_ports_adds_no_lines() {
        let checks = judged(&healthy_run(), MediaPolicy::UdpPreferred);
        assert!(checks.iter().all(|c| !matches!(c.id, CheckId::TcpPorts | CheckId::UdpPorts | CheckId::Domains)));
    }

    #[test]
    fn blocked_ports_and_domains_are_named_exactly_for_the_agent_and_for_it() {
        let mut platform = all_open();
        platform.tcp[1].outcome = PortOutcome::TimedOut;
        platform.tcp[1].ms = None;
        platform.udp = vec![range(3)];
        platform.domains[1] = domain("https://upd.example.com/", DomainOutcome::Failed);
        let checks = judged(&run(platform), MediaPolicy::UdpRequired);

        let tcp = line(&checks, CheckId::TcpPorts);
        assert_eq!(tcp.status, Status::Fail);
        assert!(
            tcp.summary.contains("TCP 8000 is blocked") && tcp.summary.contains("TCP 7443 works"),
            "{}",
            tcp.summary
        );
        assert_eq!(tcp.fix.as_deref(), Some("Ask your IT team to open outbound TCP 8000 to the platform's servers."));
        let it = tcp.it.unwrap();
        assert_eq!(
            it,
            "Allow outbound TCP 8000 to the platform's servers, WebSocket included; observed toward pbx.example.com: \
             no answer (packets dropped on the way)."
        );

        let udp = line(&checks, CheckId::UdpPorts);
        assert_eq!(udp.status, Status::Fail);
        let unreached = range(3).unreached();
        assert_eq!(unreached.len(), 6);
        assert!(
            udp.summary
                .starts_with("UDP 16384–32768: 10 of 16 sampled ports reach pbx.example.com (no answer on 16384, "),
            "{}",
            udp.summary
        );
        let it = udp.it.unwrap();
        assert!(it.starts_with("Allow outbound UDP 16384–32768 to the platform's media servers"), "{it}");
        assert!(it.contains("Sampled 16 ports toward pbx.example.com"), "{it}");
        assert!(it.ends_with(&format!("no answer on {}.", port_list(&unreached))), "{it}");

        let domains = line(&checks, CheckId::Domains);
        assert_eq!(domains.status, Status::Fail);
        assert!(domains.fix.unwrap().contains("allow upd.example.com"));
        let it = domains.it.unwrap();
        assert!(it.contains("upd.example.com") && !it.contains("lic.example.com"), "{it}");
        assert_eq!(overall(&checks), Verdict::NotReady);
    }

    #[test]
    fn a_partly_blocked_range_warns_where_udp_is_only_preferred() {
        let mut platform = all_open();
        platform.udp = vec![range(3)];
        let checks = judged(&run(platform), MediaPolicy::UdpPreferred);
        assert_eq!(line(&checks, CheckId::UdpPorts).status, Status::Warn);
        assert_eq!(overall(&checks), Verdict::ReadyWithWarnings);
    }

    #[test]
    fn udp_blocked_altogether_is_named_once_or_accepted_by_the_profile() {
        let mut results = run(all_open());
        results.platform.as_mut().unwrap().udp[0].reached.clear();
        results.ice = vec![
            ice(IceTransport::StunUdp, false),
            ice(IceTransport::TurnUdp, false),
            ice(IceTransport::TurnTcp, true),
        ];

        let strict = judged(&results, MediaPolicy::UdpRequired);
        let udp = line(&strict, CheckId::UdpPorts);
        assert_eq!((udp.status, udp.blocked_by), (Status::NotRun, Some(CheckId::Connectivity)), "{udp:?}");
        assert_eq!(line(&strict, CheckId::Connectivity).status, Status::Fail);
        assert_eq!(overall(&strict), Verdict::NotReady);

        let relaxed = judged(&results, MediaPolicy::RelayAcceptable);
        let udp = line(&relaxed, CheckId::UdpPorts);
        assert_eq!(udp.status, Status::Pass, "{udp:?}");
        assert!(udp.summary.contains("relays calls over TCP"), "{}", udp.summary);
        assert_eq!(overall(&relaxed), Verdict::Ready);
    }

    #[test]
    fn ports_the_server_does_not_offer_are_not_tested_not_failed() {
        let mut platform = all_open();
        platform.tcp = vec![port(443, PortOutcome::NotOffered), port(5060, PortOutcome::BrowserRefuses)];
        platform.udp[0].not_offered = platform.udp[0].sampled.drain(..).collect();
        platform.udp[0].reached.clear();
        let checks = judged(&run(platform), MediaPolicy::UdpRequired);
        let tcp = line(&checks, CheckId::TcpPorts);
        assert_eq!(tcp.status, Status::Unknown);
        assert!(tcp.summary.contains("TCP 443 not tested (not offered by this server)"), "{}", tcp.summary);
        assert!(tcp.summary.contains("TCP 5060 not tested (browsers never connect to it)"), "{}", tcp.summary);
        let udp = line(&checks, CheckId::UdpPorts);
        assert_eq!(udp.status, Status::Unknown);
        assert_eq!(udp.summary, "UDP 16384–32768 not tested (not offered by this server).");
        assert_eq!(overall(&checks), Verdict::Ready);
    }

    #[test]
    fn a_websocket_blocked_everywhere_is_named_once() {
        let mut results = run(all_open());
        results.websocket.failure = Some(crate::probes::websocket::WsFailure::ConnectFailed);
        results.websocket.echo_rtt_ms.clear();
        results.platform.as_mut().unwrap().tcp[0].outcome = PortOutcome::WebSocketBlocked;
        let checks = judged(&results, MediaPolicy::UdpPreferred);
        let tcp = line(&checks, CheckId::TcpPorts);
        assert_eq!(tcp.status, Status::Pass, "{tcp:?}");
        assert!(tcp.summary.contains("WebSocket blocked there too, as above"), "{}", tcp.summary);

        let mut results = run(all_open());
        results.platform.as_mut().unwrap().tcp[0].outcome = PortOutcome::WebSocketBlocked;
        let tcp = line(&judged(&results, MediaPolicy::UdpPreferred), CheckId::TcpPorts);
        assert_eq!(tcp.status, Status::Fail);
        assert!(tcp.fix.unwrap().contains("let WebSocket connections through on TCP 7443 to the platform's servers"));
    }

    #[test]
    fn an_unreachable_server_leaves_its_ports_untested() {
        let mut results = run(all_open());
        results.https.rtt_ms.clear();
        results.https.failure = Some(crate::probes::FetchFailure::Network);
        results.platform.as_mut().unwrap().tcp.iter_mut().for_each(|p| p.outcome = PortOutcome::TimedOut);
        let tcp = line(&judged(&results, MediaPolicy::UdpPreferred), CheckId::TcpPorts);
        assert_eq!((tcp.status, tcp.blocked_by), (Status::NotRun, Some(CheckId::Https)));
    }
}
