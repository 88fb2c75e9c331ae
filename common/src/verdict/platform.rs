//! What the session's requirement profile adds: its TCP ports, its UDP media ranges
//! and its web addresses. Each line names, for the agent, what to ask IT for and,
//! for IT, the exact ports and hosts to open with what was observed. A port the
//! server does not offer, or that browsers never connect to, is "not tested", never
//! a failure. Checks that cannot tell anything new because an earlier one failed
//! (the server unreachable, UDP blocked altogether) say so and name it.
//!
//! The texts are messages of `locales/<lang>/verdict-platform.ftl`; ports, hosts,
//! URLs and UDP ranges are data, shown as they are in every language.

use super::{cause_of, Check, CheckId, Status, Text};
use crate::probes::ice::IceTransport;
use crate::probes::platform::{
    DomainOutcome, DomainReport, PlatformReport, PortOutcome, TcpPortReport, UdpRangeReport, UdpSampleFailure,
    REACH_TIMEOUT_MS,
};
use crate::probes::RunResults;
use crate::profile::{url_host, MediaPolicy};
use crate::thresholds::Thresholds;

/// Items shown as they are, joined the language's way: "7443", "7443 and 8000",
/// "16384, 16390 and 16402".
fn and_list(items: &[String]) -> Text {
    match items {
        [] => Text::Plain(String::new()),
        [one] => Text::Plain(one.clone()),
        [init @ .., last] => Text::new("verdict-platform-and").data("items", init.join(", ")).data("last", last),
    }
}

/// Port numbers joined the language's way: "7443 and 8000".
fn port_list(ports: &[u16]) -> Text {
    and_list(&ports.iter().map(u16::to_string).collect::<Vec<_>>())
}

/// Sentences one after the other, as the text for IT lists one per port or address.
fn sentences(mut items: Vec<Text>) -> Text {
    let Some(mut text) = items.pop() else {
        return Text::Plain(String::new());
    };
    while let Some(previous) = items.pop() {
        text = Text::new("verdict-platform-sentences").text("first", previous).text("then", text);
    }
    text
}

/// Parts of a line joined with the language's list separator, ending with a full stop.
fn figures(parts: Vec<Text>) -> Text {
    Text::new("verdict-platform-figures").list("figures", parts)
}

/// How long the page waits for a port or an address: "4 s".
fn timeout() -> Text {
    Text::new("unit-seconds").decimal("value", f64::from(REACH_TIMEOUT_MS) / 1000.0, 0)
}

fn describe_port(p: &TcpPortReport, websocket_failed: bool) -> Text {
    let key = match p.outcome {
        PortOutcome::Open => match p.ms {
            Some(t) => return Text::new("verdict-tcp-works-in").data("port", p.port).ms("time", t),
            None => "verdict-tcp-works",
        },
        PortOutcome::WebSocketBlocked if websocket_failed => "verdict-tcp-websocket-blocked-too",
        PortOutcome::WebSocketBlocked => "verdict-tcp-websocket-blocked",
        PortOutcome::Refused => "verdict-tcp-refused",
        PortOutcome::TimedOut => {
            return Text::new("verdict-tcp-timed-out").data("port", p.port).text("timeout", timeout());
        }
        PortOutcome::NotOffered => "verdict-tcp-not-offered",
        PortOutcome::BrowserRefuses => "verdict-tcp-browser-refuses",
        PortOutcome::UntrustedCertificate => "verdict-tcp-self-signed",
    };
    Text::new(key).data("port", p.port)
}

/// What IT is told was seen on a failing port.
fn observed(p: &TcpPortReport) -> Option<Text> {
    let key = match p.outcome {
        PortOutcome::Refused => "verdict-tcp-observed-refused",
        PortOutcome::TimedOut => "verdict-tcp-observed-no-answer",
        PortOutcome::WebSocketBlocked => "verdict-tcp-observed-websocket-blocked",
        _ => return None,
    };
    Some(Text::new(key))
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
            Text::new("verdict-tcp-server-unreachable").data("host", host),
        ));
    }
    let websocket_failed = cause_of(earlier, CheckId::WebSocket).is_some();
    let ports = platform.tcp.iter().map(|p| describe_port(p, websocket_failed)).collect::<Vec<_>>();
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
        let ports_where = |upgrade: bool| -> Vec<u16> {
            failing.iter().filter(|p| (p.outcome == PortOutcome::WebSocketBlocked) == upgrade).map(|p| p.port).collect()
        };
        let (blocked, upgrades) = (ports_where(false), ports_where(true));
        let fix = if upgrades.is_empty() {
            Text::new("verdict-tcp-fix-open").text("ports", port_list(&blocked))
        } else if blocked.is_empty() {
            Text::new("verdict-tcp-fix-websocket").text("ports", port_list(&upgrades))
        } else {
            Text::new("verdict-tcp-fix-open-and-websocket")
                .text("blocked", port_list(&blocked))
                .text("upgrades", port_list(&upgrades))
        };
        let it = failing
            .iter()
            .filter_map(|p| {
                let key = if p.tls { "verdict-tcp-it-allow-tls" } else { "verdict-tcp-it-allow" };
                Some(Text::new(key).data("port", p.port).data("host", host).text("observed", observed(p)?))
            })
            .collect();
        return Some(
            Check::says(
                CheckId::TcpPorts,
                Status::Fail,
                Text::new("verdict-tcp-failing").count("count", failing.len()).list("ports", ports),
                Some(fix),
            )
            .for_it(sentences(it)),
        );
    }
    if !platform.tcp.iter().any(|p| p.outcome.tested()) {
        return Some(Check::says(CheckId::TcpPorts, Status::Unknown, figures(ports), None));
    }
    Some(Check::says(
        CheckId::TcpPorts,
        Status::Pass,
        Text::new("verdict-tcp-pass").data("host", host).list("ports", ports),
        None,
    ))
}

/// Whether any UDP path at all reached the server in the ICE probes; `None` when
/// the run has no UDP ICE probe to tell.
fn udp_works_at_all(results: &RunResults) -> Option<bool> {
    let udp: Vec<_> =
        results.ice.iter().filter(|r| matches!(r.transport, IceTransport::StunUdp | IceTransport::TurnUdp)).collect();
    (!udp.is_empty()).then(|| udp.iter().any(|r| r.succeeded()))
}

/// A range's figures: what reached the server, then the ports it does not offer
/// (as a part of its own, joined by the line's separator).
fn udp_parts(r: &UdpRangeReport, host: &str) -> Vec<Text> {
    let range = r.describe();
    if r.sampled.is_empty() && r.not_offered.is_empty() {
        return vec![Text::new("verdict-udp-privileged-ports").data("range", range)];
    }
    if r.sampled.is_empty() {
        return vec![Text::new("verdict-udp-not-offered").data("range", range)];
    }
    let unreached = r.unreached();
    let reached = match (r.reached.len(), unreached.is_empty()) {
        (0, _) => Text::new("verdict-udp-reached-none"),
        (n, true) => Text::new("verdict-udp-reached").count("reached", n),
        (n, false) => {
            Text::new("verdict-udp-reached-partly").count("reached", n).text("unanswered", port_list(&unreached))
        }
    };
    let reached = reached.data("range", range).count("sampled", r.sampled.len()).data("host", host);
    let mut parts = vec![reached];
    if !r.not_offered.is_empty() {
        let key =
            if r.not_offered.len() == 1 { "verdict-udp-port-not-offered" } else { "verdict-udp-ports-not-offered" };
        parts.push(Text::new(key).text("ports", port_list(&r.not_offered)));
    }
    parts
}

fn udp_check(platform: &PlatformReport, results: &RunResults, t: &Thresholds, earlier: &[Check]) -> Option<Check> {
    if platform.udp.is_empty() {
        return None;
    }
    let host = &platform.udp_host;
    if let Some(failure) = platform.udp.iter().find_map(|r| r.failure) {
        let key = match failure {
            UdpSampleFailure::Unsupported => "verdict-udp-sampling-unsupported",
            UdpSampleFailure::NoAnswer => "verdict-udp-sampling-no-answer",
        };
        return Some(Check::says(CheckId::UdpPorts, Status::Unknown, Text::new(key), None));
    }
    let tested: Vec<&UdpRangeReport> = platform.udp.iter().filter(|r| !r.sampled.is_empty()).collect();
    let parts: Vec<Text> = platform.udp.iter().flat_map(|r| udp_parts(r, host)).collect();
    if tested.is_empty() {
        return Some(Check::says(CheckId::UdpPorts, Status::Unknown, figures(parts), None));
    }
    let failing: Vec<&UdpRangeReport> = tested.iter().copied().filter(|r| !r.unreached().is_empty()).collect();
    if failing.is_empty() {
        return Some(Check::says(CheckId::UdpPorts, Status::Pass, figures(parts), None));
    }
    let nothing_reached = tested.iter().all(|r| r.reached.is_empty());
    if nothing_reached && udp_works_at_all(results) == Some(false) {
        // UDP is blocked altogether: the media path line already says so.
        if let Some(cause) = cause_of(earlier, CheckId::Connectivity) {
            return Some(Check::not_run(
                CheckId::UdpPorts,
                cause,
                Text::new("verdict-udp-blocked-altogether").list("ranges", parts),
            ));
        }
        if t.media == MediaPolicy::RelayAcceptable {
            return Some(Check::says(
                CheckId::UdpPorts,
                Status::Pass,
                Text::new("verdict-udp-relay-accepted").list("ranges", parts),
                None,
            ));
        }
    }
    let (status, key) = match t.media {
        MediaPolicy::UdpRequired | MediaPolicy::DirectOnly => (Status::Fail, "verdict-udp-failing-no-audio"),
        _ => (Status::Warn, "verdict-udp-failing-relay"),
    };
    let ranges = and_list(&failing.iter().map(|r| r.describe()).collect::<Vec<_>>());
    let fix = Text::new("verdict-udp-fix").text("ranges", ranges).data("host", host);
    let it = failing
        .iter()
        .map(|r| {
            Text::new("verdict-udp-it-allow")
                .data("range", r.describe())
                .count("sampled", r.sampled.len())
                .data("host", host)
                .text("unanswered", port_list(&r.unreached()))
        })
        .collect();
    Some(Check::says(CheckId::UdpPorts, status, Text::new(key).list("ranges", parts), Some(fix)).for_it(sentences(it)))
}

fn describe_domain(d: &DomainReport) -> Text {
    let key = match d.outcome {
        DomainOutcome::Reachable => match d.ms {
            Some(t) => return Text::new("verdict-domains-reachable-in").data("url", &d.url).ms("time", t),
            None => "verdict-domains-reachable",
        },
        DomainOutcome::Failed => "verdict-domains-failed",
        DomainOutcome::TimedOut => {
            return Text::new("verdict-domains-timed-out").data("url", &d.url).text("timeout", timeout());
        }
        DomainOutcome::Insecure => "verdict-domains-insecure",
    };
    Text::new(key).data("url", &d.url)
}

fn domains_check(platform: &PlatformReport) -> Option<Check> {
    if platform.domains.is_empty() {
        return None;
    }
    let addresses = platform.domains.iter().map(describe_domain).collect::<Vec<_>>();
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
        return Some(Check::says(CheckId::Domains, status, figures(addresses), None));
    }
    let hosts: Vec<String> = failing.iter().map(|d| url_host(&d.url).unwrap_or(&d.url).to_string()).collect();
    let key = if hosts.len() == 1 { "verdict-domains-fix-one" } else { "verdict-domains-fix-many" };
    let fix = Text::new(key).text("hosts", and_list(&hosts));
    let it = failing
        .iter()
        .map(|d| {
            let it = match d.outcome {
                DomainOutcome::TimedOut => Text::new("verdict-domains-it-no-answer").text("timeout", timeout()),
                _ => Text::new("verdict-domains-it-failed"),
            };
            it.data("host", url_host(&d.url).unwrap_or(&d.url)).data("url", &d.url)
        })
        .collect();
    Some(
        Check::says(
            CheckId::Domains,
            Status::Fail,
            Text::new("verdict-domains-failing").count("count", failing.len()).list("addresses", addresses),
            Some(fix),
        )
        .for_it(sentences(it)),
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
    use crate::i18n::Lang;
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
            line(&checks, CheckId::UdpPorts).summary.english(),
            "UDP 16384–32768: 16 of 16 sampled ports reach pbx.example.com."
        );
        assert_eq!(
            line(&checks, CheckId::TcpPorts).summary.english(),
            "The platform's TCP ports reach pbx.example.com: TCP 7443 works (12 ms); TCP 8000 works (12 ms)."
        );
        assert_eq!(
            line(&checks, CheckId::Domains).summary.english(),
            "https://lic.example.com/ reachable (30 ms); https://upd.example.com/ reachable (30 ms)."
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
        assert_eq!(
            tcp.summary.english(),
            "One of the platform's TCP ports does not get through: TCP 7443 works (12 ms); TCP 8000 is blocked \
             (no answer within 4 s)."
        );
        assert_eq!(
            tcp.fix.as_ref().map(Text::english).as_deref(),
            Some("Ask your IT team to open outbound TCP 8000 to the platform's servers.")
        );
        let it = tcp.it.unwrap().english();
        assert_eq!(
            it,
            "Allow outbound TCP 8000 to the platform's servers, WebSocket included; observed toward pbx.example.com: \
             no answer (packets dropped on the way)."
        );

        let udp = line(&checks, CheckId::UdpPorts);
        assert_eq!(udp.status, Status::Fail);
        let unreached = range(3).unreached();
        assert_eq!(unreached.len(), 6);
        let summary = udp.summary.english();
        assert!(
            summary.starts_with("UDP 16384–32768: 10 of 16 sampled ports reach pbx.example.com (no answer on 16384, "),
            "{summary}"
        );
        assert!(summary.ends_with(": calls using those ports will have no audio."), "{summary}");
        assert_eq!(
            udp.fix.as_ref().map(Text::english).as_deref(),
            Some(
                "Ask your IT team to open outbound UDP 16384–32768 to pbx.example.com: the platform's media uses the \
                 whole range."
            )
        );
        let it = udp.it.unwrap().english();
        assert!(it.starts_with("Allow outbound UDP 16384–32768 to the platform's media servers"), "{it}");
        assert!(it.contains("Sampled 16 ports toward pbx.example.com"), "{it}");
        assert!(it.ends_with(&format!("no answer on {}.", port_list(&unreached))), "{it}");

        let domains = line(&checks, CheckId::Domains);
        assert_eq!(domains.status, Status::Fail);
        assert_eq!(
            domains.summary.english(),
            "One of the platform's web addresses does not answer: https://lic.example.com/ reachable (30 ms); \
             https://upd.example.com/ blocked or not found."
        );
        assert_eq!(
            domains.fix.as_ref().map(Text::english).as_deref(),
            Some("Ask your IT team to allow upd.example.com from this computer: the platform needs it.")
        );
        assert_eq!(
            domains.it.unwrap().english(),
            "Allow upd.example.com (https://upd.example.com/) through the firewall, proxy and DNS; observed: the \
             request failed (blocked by a firewall or proxy, refused, or the name does not resolve)."
        );
        assert_eq!(overall(&checks), Verdict::NotReady);
    }

    #[test]
    fn several_failures_are_counted_and_listed_in_each_language() {
        let mut platform = all_open();
        platform.tcp.iter_mut().for_each(|p| (p.outcome, p.ms) = (PortOutcome::TimedOut, None));
        platform.domains.iter_mut().for_each(|d| (d.outcome, d.ms) = (DomainOutcome::TimedOut, None));
        let checks = judged(&run(platform), MediaPolicy::UdpRequired);

        let tcp = line(&checks, CheckId::TcpPorts);
        assert_eq!(
            tcp.summary.english(),
            "2 of the platform's TCP ports do not get through: TCP 7443 is blocked (no answer within 4 s); \
             TCP 8000 is blocked (no answer within 4 s)."
        );
        let fix = tcp.fix.unwrap();
        assert_eq!(fix.english(), "Ask your IT team to open outbound TCP 7443 and 8000 to the platform's servers.");
        assert_eq!(
            fix.render(Lang::Fr),
            "Demandez à votre service informatique d’ouvrir les flux sortants TCP 7443 et 8000 vers les serveurs \
             de la plateforme."
        );
        assert_eq!(
            tcp.summary.render(Lang::Ru),
            "2 TCP-порта платформы недоступны: TCP 7443 заблокирован (нет ответа за 4\u{a0}с); \
             TCP 8000 заблокирован (нет ответа за 4\u{a0}с)."
        );
        assert_eq!(
            tcp.it.unwrap().english(),
            "Allow outbound TCP 7443 (TLS) to the platform's servers, WebSocket included; observed toward \
             pbx.example.com: no answer (packets dropped on the way). Allow outbound TCP 8000 to the platform's \
             servers, WebSocket included; observed toward pbx.example.com: no answer (packets dropped on the way)."
        );

        let domains = line(&checks, CheckId::Domains);
        assert!(domains.summary.english().starts_with("2 of the platform's web addresses do not answer: "));
        assert_eq!(
            domains.fix.map(|f| f.english()).as_deref(),
            Some("Ask your IT team to allow lic.example.com and upd.example.com from this computer: the platform needs them.")
        );
        assert_eq!(
            domains.summary.render(Lang::Fr),
            "2 adresses web de la plateforme ne répondent pas\u{a0}: https://lic.example.com/ bloquée (aucune \
             réponse en 4\u{a0}s)\u{a0}; https://upd.example.com/ bloquée (aucune réponse en 4\u{a0}s)."
        );
    }

    #[test]
    fn a_websocket_upgrade_and_a_blocked_port_are_asked_for_in_one_sentence() {
        let mut platform = all_open();
        platform.tcp[0].outcome = PortOutcome::WebSocketBlocked;
        platform.tcp[1].outcome = PortOutcome::Refused;
        platform.udp[0].not_offered = vec![16390];
        let checks = judged(&run(platform), MediaPolicy::UdpRequired);
        let tcp = line(&checks, CheckId::TcpPorts);
        assert_eq!(
            tcp.fix.map(|f| f.english()).as_deref(),
            Some(
                "Ask your IT team to open outbound TCP 8000 to the platform's servers and let WebSocket connections \
                 through on TCP 7443 to the platform's servers."
            )
        );
        assert!(tcp.summary.english().contains("TCP 8000 is refused"), "{}", tcp.summary);
        let udp = line(&checks, CheckId::UdpPorts);
        assert_eq!(
            udp.summary.english(),
            "UDP 16384–32768: 16 of 16 sampled ports reach pbx.example.com; 16390 not offered by this server."
        );
        assert_eq!(
            udp.summary.render(Lang::It),
            "UDP 16384–32768: 16 porte campionate su 16 raggiungono pbx.example.com; porta 16390 non offerta da \
             questo server."
        );
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
        assert_eq!(
            udp.summary.english(),
            "No UDP gets through, so calls will not use these ports; this platform relays calls over TCP instead, \
             which it accepts (UDP 16384–32768: none of 16 sampled ports reach pbx.example.com)."
        );
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
        assert_eq!(
            tcp.summary.english(),
            "TCP 443 not tested (not offered by this server); TCP 5060 not tested (browsers never connect to it)."
        );
        let udp = line(&checks, CheckId::UdpPorts);
        assert_eq!(udp.status, Status::Unknown);
        assert_eq!(udp.summary.english(), "UDP 16384–32768 not tested (not offered by this server).");
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
        assert!(tcp.summary.english().contains("WebSocket blocked there too, as above"), "{}", tcp.summary);

        let mut results = run(all_open());
        results.platform.as_mut().unwrap().tcp[0].outcome = PortOutcome::WebSocketBlocked;
        let tcp = line(&judged(&results, MediaPolicy::UdpPreferred), CheckId::TcpPorts);
        assert_eq!(tcp.status, Status::Fail);
        assert_eq!(
            tcp.fix.map(|f| f.english()).as_deref(),
            Some("Ask your IT team to let WebSocket connections through on TCP 7443 to the platform's servers.")
        );
        assert_eq!(
            tcp.it.map(|t| t.english()).as_deref(),
            Some(
                "Allow outbound TCP 7443 (TLS) to the platform's servers, WebSocket included; observed toward \
                 pbx.example.com: web requests answer but the WebSocket upgrade does not get through."
            )
        );
    }

    #[test]
    fn an_unreachable_server_leaves_its_ports_untested() {
        let mut results = run(all_open());
        results.https.rtt_ms.clear();
        results.https.failure = Some(crate::probes::FetchFailure::Network);
        results.platform.as_mut().unwrap().tcp.iter_mut().for_each(|p| p.outcome = PortOutcome::TimedOut);
        let tcp = line(&judged(&results, MediaPolicy::UdpPreferred), CheckId::TcpPorts);
        assert_eq!((tcp.status, tcp.blocked_by), (Status::NotRun, Some(CheckId::Https)));
        assert_eq!(tcp.summary.english(), "Not tested: pbx.example.com cannot be reached at all (see above).");
    }
}
