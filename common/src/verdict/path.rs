//! What the server saw of the path: a web proxy, and the path MTU its TCP segments
//! imply. Both are facts first: a proxy that lets everything through passes, one that
//! blocks WebSocket is named by the WebSocket line (here it is only shown), one that
//! rewrites the page's headers warns. A smaller MTU than 1500 (a VPN or tunnel) warns
//! only under a profile that asks for 1500.
//!
//! The texts are messages of `locales/<lang>/verdict-path.ftl`.

use super::{cause_of, Check, CheckId, Status, Text};
use crate::probes::ice::{CandidateType, IceTransport};
use crate::probes::path::{carries_1500, mtu_range, NatMapping, PathReport, ProxyEvidence, PublicReport, TlsReport};
use crate::probes::RunResults;
use crate::profile::MediaPolicy;
use crate::thresholds::Thresholds;
use crate::tls_hello::{expected_family, TlsFamily};
use crate::ua::{BrowserFamily, OsFamily, UaSummary};

/// `text` with `$server`: the server the page talked to (`host:port`), or "this
/// server" when the run does not say.
fn with_server(text: Text, results: &RunResults) -> Text {
    match &results.server_host {
        Some(host) => text.data("server", host),
        None => text.text("server", Text::new("verdict-path-this-server")),
    }
}

/// The proxy as a noun: "a web proxy (squid/6.1)", or "a web proxy".
fn proxy_name(found: &ProxyEvidence) -> Text {
    match &found.product {
        Some(product) => Text::new("verdict-proxy-web-proxy-product").data("product", product),
        None => Text::new("verdict-proxy-web-proxy"),
    }
}

fn proxy(path: &PathReport, results: &RunResults, earlier: &[Check]) -> Check {
    if path.headers_intact == Some(false) {
        let summary = match &path.proxy {
            Some(ProxyEvidence { product: Some(product), .. }) => {
                Text::new("verdict-proxy-rewrites-product").data("product", product)
            }
            Some(_) => Text::new("verdict-proxy-rewrites"),
            None => Text::new("verdict-proxy-rewrites-unknown"),
        };
        let it = match &path.proxy {
            Some(found) => Text::new("verdict-proxy-rewrites-it-headers").data("headers", found.headers.join(", ")),
            None => Text::new("verdict-proxy-rewrites-it"),
        };
        return Check::says(CheckId::Proxy, Status::Warn, summary, Some(Text::new("verdict-proxy-rewrites-fix")))
            .for_it(with_server(it, results));
    }
    let Some(found) = &path.proxy else {
        return Check::says(CheckId::Proxy, Status::Pass, Text::new("verdict-proxy-none"), None);
    };
    // A proxy that keeps WebSocket out is the WebSocket line's failure: only shown here.
    let (status, key) = match cause_of(earlier, CheckId::WebSocket) {
        Some(_) => (Status::Unknown, "verdict-proxy-blocks-websocket"),
        None => (Status::Pass, "verdict-proxy-through"),
    };
    let summary = Text::new(key).text("proxy", proxy_name(found)).data("headers", found.headers.join(", "));
    Check::says(CheckId::Proxy, status, summary, None)
}

/// The browser the page runs in: "Chrome 131 on Windows".
fn browser(ua: &UaSummary) -> Text {
    let family = match ua.family {
        BrowserFamily::Other => Text::new("verdict-tls-unknown-browser"),
        known => Text::Plain(known.label().to_string()),
    };
    let os = match ua.os {
        OsFamily::Other => Text::new("verdict-tls-unknown-os"),
        known => Text::Plain(known.label().to_string()),
    };
    match ua.major {
        Some(major) => Text::new("verdict-tls-browser").text("browser", family).data("version", major),
        None => Text::new("verdict-tls-browser-no-version").text("browser", family),
    }
    .text("os", os)
}

/// The TLS stack that writes a handshake: "Chromium's BoringSSL".
fn stack(family: TlsFamily) -> Text {
    Text::new(match family {
        TlsFamily::Chromium => "verdict-tls-stack-chromium",
        TlsFamily::Firefox => "verdict-tls-stack-firefox",
        TlsFamily::Other => "verdict-tls-stack-other",
    })
}

/// Whether the TLS handshake that reached the server's own TLS listener is the one
/// the page's browser writes. Judged only for browsers whose stack is known.
fn tls(report: &TlsReport, results: &RunResults, earlier: &[Check]) -> Check {
    let id = CheckId::TlsInspection;
    let port = report.port;
    let Some(hello) = &report.hello else {
        if report.self_signed {
            let summary = Text::new("verdict-tls-self-signed").data("port", port);
            return Check::says(id, Status::Unknown, summary, None);
        }
        if earlier.iter().any(|c| c.id == CheckId::Https && c.status == Status::Fail) {
            return Check::not_run(id, CheckId::Https, Text::new("verdict-tls-server-unreachable"));
        }
        return Check::says(id, Status::Unknown, Text::new("verdict-tls-no-handshake").data("port", port), None);
    };
    let browser = browser(&results.browser.ua);
    let Some(expected) = expected_family(&results.browser.ua) else {
        let summary = Text::new("verdict-tls-unknown-stack").text("browser", browser).text("hello", hello.text());
        return Check::says(id, Status::Unknown, summary, None);
    };
    if hello.family == expected {
        let summary = Text::new("verdict-tls-own-handshake")
            .text("browser", browser)
            .text("stack", stack(expected))
            .text("hello", hello.text());
        return Check::says(id, Status::Pass, summary, None);
    }
    let summary = Text::new("verdict-tls-inspected")
        .text("stack", stack(hello.family))
        .text("hello", hello.text())
        .text("browser", browser.clone());
    let it = Text::new("verdict-tls-inspected-it")
        .data("port", port)
        .text("stack", stack(hello.family))
        .text("hello", hello.text())
        .text("browser", browser)
        .text("expected", stack(expected));
    Check::says(id, Status::Warn, summary, Some(Text::new("verdict-tls-inspected-fix")))
        .for_it(with_server(it, results))
}

fn mtu(path: &PathReport, results: &RunResults, t: &Thresholds) -> Check {
    let Some(mss) = path.mss else {
        return Check::says(CheckId::PathMtu, Status::Unknown, Text::new("verdict-mtu-not-measured"), None);
    };
    let (low, high) = mtu_range(mss, path.ipv6);
    if carries_1500(mss, path.ipv6) {
        let summary = if low <= 1500 && high >= 1500 {
            Text::new("verdict-mtu-full").count("mtu", 1500)
        } else {
            Text::new("verdict-mtu-full-range").count("low", low).count("high", high)
        };
        return Check::says(CheckId::PathMtu, Status::Pass, summary.count("mss", mss), None);
    }
    let range = |key: &str| Text::new(key).count("low", low).count("high", high).count("mss", mss);
    match t.required_mtu.filter(|required| high < *required) {
        Some(required) => Check::says(
            CheckId::PathMtu,
            Status::Warn,
            range("verdict-mtu-tunnel-required").count("required", required),
            Some(Text::new("verdict-mtu-fix")),
        )
        .for_it(with_server(range("verdict-mtu-it").count("required", required), results)),
        None => Check::says(CheckId::PathMtu, Status::Pass, range("verdict-mtu-tunnel"), None),
    }
}

/// The paths of one address, the probes to single UDP ports counted together
/// ("HTTPS, WebSocket, TURN, UDP to 18 ports"), as
/// [`describe_paths`](crate::probes::path::describe_paths) writes them in English.
fn paths(vias: &[String]) -> Text {
    let is_udp = |via: &&String| via.starts_with("UDP ");
    let udp = vias.iter().filter(is_udp).count();
    let mut named: Vec<String> = vias.iter().filter(|v| !is_udp(v)).cloned().collect();
    if udp == 1 {
        named.extend(vias.iter().filter(is_udp).cloned());
    }
    match (udp, named.is_empty()) {
        (0 | 1, _) => Text::Plain(named.join(", ")),
        (_, true) => Text::new("verdict-public-udp-ports").count("count", udp),
        (_, false) => {
            Text::new("verdict-public-paths-and-udp-ports").data("paths", named.join(", ")).count("count", udp)
        }
    }
}

/// Whether every path of the run left through one public address.
fn public(report: &PublicReport) -> Check {
    if report.distinct <= 1 {
        // One address per family at most (IPv4 and IPv6 of one computer count as one).
        let mut all: Vec<String> = Vec::new();
        for seen in &report.seen {
            if !all.contains(&seen.via) {
                all.push(seen.via.clone());
            }
        }
        let summary = Text::new("verdict-public-one").text("paths", paths(&all));
        return Check::says(CheckId::PublicAddress, Status::Pass, summary, None);
    }
    let groups: Vec<Text> = report
        .by_address()
        .into_iter()
        .map(|(address, vias)| Text::new("verdict-public-group").text("paths", paths(&vias)).data("address", address))
        .collect();
    let several = |key: &str| Text::new(key).count("count", report.distinct).list("groups", groups.clone());
    Check::says(
        CheckId::PublicAddress,
        Status::Warn,
        several("verdict-public-several"),
        Some(Text::new("verdict-public-several-fix")),
    )
    .for_it(several("verdict-public-several-it"))
}

/// The NAT's mapping behaviour, and whether there is a NAT at all (a STUN probe that
/// reached the server without a reflexive address: the computer's own address is
/// public).
fn nat(mapping: NatMapping, results: &RunResults, t: &Thresholds) -> Check {
    let stun = results.ice.iter().find(|r| r.transport == IceTransport::StunUdp);
    let no_nat = stun.is_some_and(|r| r.succeeded() && !r.candidate_types.contains(&CandidateType::Srflx));
    let id = CheckId::NatBehaviour;
    let new_port = match mapping {
        NatMapping::EndpointIndependent => {
            let summary = if no_nat { "verdict-nat-none" } else { "verdict-nat-endpoint-independent" };
            return Check::says(id, Status::Pass, Text::new(summary), None);
        }
        NatMapping::PortDependent => true,
        NatMapping::AddressDependent => false,
    };
    // A symmetric NAT: whole sentences for a new port and for a new address (their
    // words agree differently in other languages), with the platform's relay or without.
    let (status, summary, fix, it) = match (t.media == MediaPolicy::DirectOnly, new_port) {
        (true, true) => (
            Status::Fail,
            "verdict-nat-symmetric-port-no-relay",
            "verdict-nat-symmetric-no-relay-fix",
            "verdict-nat-symmetric-port-no-relay-it",
        ),
        (true, false) => (
            Status::Fail,
            "verdict-nat-symmetric-address-no-relay",
            "verdict-nat-symmetric-no-relay-fix",
            "verdict-nat-symmetric-address-no-relay-it",
        ),
        (false, true) => {
            (Status::Warn, "verdict-nat-symmetric-port", "verdict-nat-symmetric-fix", "verdict-nat-symmetric-port-it")
        }
        (false, false) => (
            Status::Warn,
            "verdict-nat-symmetric-address",
            "verdict-nat-symmetric-fix",
            "verdict-nat-symmetric-address-it",
        ),
    };
    Check::says(id, status, Text::new(summary), Some(Text::new(fix))).for_it(with_server(Text::new(it), results))
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
    use crate::i18n::Lang;
    use crate::probes::websocket::WsFailure;
    use crate::tls_hello::HelloSummary;
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
            (mtu.status, mtu.summary.english().as_str()),
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
        assert!(proxy.summary.english().contains("a web proxy (tinyproxy/1.11.1)"), "{}", proxy.summary);
        results.websocket.failure = Some(WsFailure::ConnectFailed);
        results.websocket.echo_rtt_ms.clear();
        let checks = evaluate(&results, &t, 1);
        let proxy = checks.iter().find(|c| c.id == CheckId::Proxy).unwrap();
        assert_eq!(proxy.status, Status::Unknown, "the WebSocket line is the failure, once");
        assert!(proxy.summary.english().contains("does not let WebSocket through"), "{}", proxy.summary);
        let ws = checks.iter().find(|c| c.id == CheckId::WebSocket).unwrap();
        assert!(ws.summary.english().contains("tinyproxy/1.11.1"), "{}", ws.summary);
    }

    #[test]
    fn rewritten_headers_warn_with_a_text_for_it() {
        let results =
            run(PathReport { proxy: tinyproxy(), headers_intact: Some(false), mss: Some(1448), ..Default::default() });
        let proxy = line(&results, &Thresholds::default(), CheckId::Proxy);
        assert_eq!(proxy.status, Status::Warn);
        assert!(proxy.fix.is_some() && proxy.it.unwrap().english().contains("proxy headers: via"));
    }

    #[test]
    fn a_tunnel_is_a_fact_and_a_warning_where_the_profile_asks_for_1500() {
        let results = run(PathReport { mss: Some(1348), ..Default::default() });
        let fact = line(&results, &Thresholds::default(), CheckId::PathMtu);
        assert_eq!(fact.status, Status::Pass);
        assert_eq!(fact.summary.english(), "A VPN or tunnel is in the path: MTU ≈ 1388–1400 bytes (TCP MSS 1348).");
        let strict = Thresholds { required_mtu: Some(1500), ..Thresholds::default() };
        let warned = line(&results, &strict, CheckId::PathMtu);
        assert_eq!(warned.status, Status::Warn);
        assert!(warned.summary.english().ends_with("The platform asks for 1500."), "{}", warned.summary);
        assert!(warned.it.unwrap().english().contains("TCP MSS 1348"));
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
            (line.status, line.summary.english().as_str()),
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
        assert_eq!(
            both.unwrap().summary.english(),
            "Every path leaves through one public address (WebSocket, TURN, UDP 3480)."
        );

        let two = RunResults {
            public: Some(seen(&[("HTTPS", "a1"), ("WebSocket", "a1"), ("TURN", "b2"), ("UDP 16384", "b2")], 2)),
            ..healthy_run()
        };
        let checks = evaluate(&two, &Thresholds::default(), 1);
        let line = checks.iter().find(|c| c.id == CheckId::PublicAddress).unwrap();
        assert_eq!(line.status, Status::Warn);
        assert_eq!(
            line.summary.english(),
            "Your network sends calls out through 2 public addresses (HTTPS, WebSocket from address a1; TURN, UDP 16384 \
             from address b2): the platform may drop audio."
        );
        assert_eq!(
            line.fix.as_ref().map(|f| f.english()).as_deref(),
            Some("Ask IT to pin one outbound address for the platform's hosts.")
        );
        assert!(line.it.as_ref().unwrap().english().contains("Pin one outbound (source NAT) address"));
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
            assert!(direct.summary.english().contains("nothing on the way decrypts it"), "{}", direct.summary);
            for other in
                [TlsFamily::Other, if own == TlsFamily::Chromium { TlsFamily::Firefox } else { TlsFamily::Chromium }]
            {
                let results = tls_run(Some(other), ua, OsFamily::Windows);
                let inspected = line(&results, &t, CheckId::TlsInspection);
                assert_eq!(inspected.status, Status::Warn, "{other:?} for {ua:?}");
                assert!(
                    inspected.summary.english().starts_with("A device on your network decrypts TLS"),
                    "{}",
                    inspected.summary
                );
                assert!(inspected.fix.as_ref().is_some_and(|f| f.english().contains("exempt")), "{:?}", inspected.fix);
                assert!(
                    inspected.it.as_ref().is_some_and(|it| it.english().contains("port 8443")),
                    "{:?}",
                    inspected.it
                );
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
            assert!(line.summary.english().starts_with("Not determined"), "{}", line.summary);
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
        let summary = symmetric.summary.english();
        assert!(summary.contains("symmetric NAT") && summary.contains("calls need TURN"), "{summary}");
        assert!(symmetric.fix.is_some() && symmetric.it.is_some());
        // A platform without a relay: the same NAT leaves calls without audio.
        let direct_only = Thresholds { media: MediaPolicy::DirectOnly, ..Thresholds::default() };
        let fails = line(&results, &direct_only, CheckId::NatBehaviour);
        assert_eq!(fails.status, Status::Fail, "{}", fails.summary);
        assert!(fails.summary.english().contains("this platform has no relay"), "{}", fails.summary);
        assert!(fails.it.as_ref().is_some_and(|it| it.english().contains("endpoint-independent mapping")));
        assert_eq!(overall(&evaluate(&results, &direct_only, 1)), Verdict::NotReady);

        results.nat = Some(NatMapping::EndpointIndependent);
        results.ice = vec![ice(IceTransport::StunUdp, true)];
        let eim = line(&results, &Thresholds::default(), CheckId::NatBehaviour);
        assert_eq!(eim.status, Status::Pass);
        assert!(eim.summary.english().contains("endpoint-independent"), "{}", eim.summary);

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
        assert_eq!(none.summary.english(), "No NAT between this computer and the platform: its own address is public.");
    }

    #[test]
    fn a_line_reads_in_the_reader_s_language_with_its_plurals() {
        let two = RunResults {
            public: Some(seen(&[("HTTPS", "a1"), ("TURN", "b2"), ("UDP 3480", "b2"), ("UDP 3481", "b2")], 2)),
            ..healthy_run()
        };
        let several = line(&two, &Thresholds::default(), CheckId::PublicAddress);
        assert_eq!(
            several.summary.render(Lang::Ru),
            "Ваша сеть отправляет звонки через 2 публичных адреса (HTTPS с адреса a1; TURN, UDP на 2 порта с адреса \
             b2): платформа может отбрасывать звук."
        );
        assert_eq!(
            several.summary.render(Lang::Fr),
            "Votre réseau fait sortir les appels par 2 adresses publiques (HTTPS depuis l’adresse a1\u{a0}; TURN, UDP \
             vers 2 ports depuis l’adresse b2)\u{a0}: la plateforme risque de rejeter l’audio."
        );
        let tunnel =
            line(&run(PathReport { mss: Some(1200), ..Default::default() }), &Thresholds::default(), CheckId::PathMtu);
        assert_eq!(
            tunnel.summary.render(Lang::Ru),
            "На пути есть VPN или туннель: MTU ≈ 1240–1252 байта (TCP MSS 1200)."
        );
        assert_eq!(tunnel.summary.english(), "A VPN or tunnel is in the path: MTU ≈ 1240–1252 bytes (TCP MSS 1200).");
    }

    #[test]
    fn behind_a_reverse_proxy_the_mtu_is_not_measured() {
        let results = run(PathReport::default());
        assert_eq!(line(&results, &Thresholds::default(), CheckId::PathMtu).status, Status::Unknown);
    }
}
