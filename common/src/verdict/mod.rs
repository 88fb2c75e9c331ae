//! Turns what the probes measured into one line per check and an overall verdict,
//! with a plain-language fix for every warning or failure. The page shows these
//! right after a run; the server recomputes them at ingest, so a stored verdict never
//! depends on what a browser claimed.
//!
//! One file per check, each with its texts and its tests. When a check could not run
//! because an earlier one failed (no WebSocket, so no signalling for the media path),
//! it says so ([`Status::NotRun`], naming the cause) instead of failing with a fix of
//! its own: the verdict names the first real cause once.

mod bandwidth;
mod browser;
mod call_quality;
mod computer;
mod connectivity;
#[cfg(test)]
pub(crate) mod fixtures;
mod https;
mod loaded_latency;
mod path;
mod platform;
mod sip;
mod websocket;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::probes::RunResults;
pub use crate::text::Text;
use crate::thresholds::Thresholds;

/// How one check came out. The order matters: [`overall`] takes the highest status
/// of a run, and only `Warn` and `Fail` change the verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Meets the requirement.
    Pass,
    /// Not measurable in this browser; shown, but it does not change the verdict.
    Unknown,
    /// Could not run because of an earlier check's failure (its `blocked_by`), which
    /// already decides the verdict.
    NotRun,
    /// Works, but below the requirement: the run is ready with warnings.
    Warn,
    /// Calls will not work, or not well enough: the run is not ready.
    Fail,
}

/// Which check a [`Check`] is; serialised as its [`CheckId::key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    /// Browser family, version and the APIs calls need.
    Browser,
    /// Memory and processor count.
    Computer,
    /// Round trips of HTTPS requests to the platform.
    Https,
    /// WebSocket connect and echo round trips.
    #[serde(rename = "websocket")]
    WebSocket,
    /// A SIP OPTIONS transaction over WebSocket.
    #[serde(rename = "sip")]
    SipOverWebSocket,
    /// A web proxy on the path, as the server sees the page's requests.
    Proxy,
    /// Whether a device on the way decrypts TLS (the handshake the server's own TLS
    /// listener received, against the browser the page runs in).
    TlsInspection,
    /// The path MTU the connection's TCP segment size implies.
    PathMtu,
    /// Whether every path of the run left through one public address.
    PublicAddress,
    /// How the NAT maps one socket toward two server ports.
    NatBehaviour,
    /// The WebRTC media path through STUN/TURN (the ICE probes).
    Connectivity,
    /// The TCP ports the session's profile names.
    TcpPorts,
    /// The UDP media ranges the session's profile names, sampled.
    UdpPorts,
    /// The web addresses the session's profile names.
    Domains,
    /// The call-like stream through the echo peer: round trip, jitter, loss, MOS.
    CallQuality,
    /// Download and upload rates against the calls the session needs.
    Bandwidth,
    /// The rise of the round trip while the bandwidth test fills the link.
    LoadedLatency,
}

impl CheckId {
    /// Every check, in the order the verdict lists them.
    pub const ALL: [CheckId; 17] = [
        CheckId::Browser,
        CheckId::Computer,
        CheckId::Https,
        CheckId::WebSocket,
        CheckId::SipOverWebSocket,
        CheckId::Proxy,
        CheckId::TlsInspection,
        CheckId::PathMtu,
        CheckId::PublicAddress,
        CheckId::NatBehaviour,
        CheckId::Connectivity,
        CheckId::TcpPorts,
        CheckId::UdpPorts,
        CheckId::Domains,
        CheckId::CallQuality,
        CheckId::Bandwidth,
        CheckId::LoadedLatency,
    ];

    /// Whether the line exists only when the session's requirement profile names
    /// what it checks (TCP ports, UDP ranges, web addresses).
    pub fn from_profile(self) -> bool {
        matches!(self, CheckId::TcpPorts | CheckId::UdpPorts | CheckId::Domains)
    }

    /// The check's heading in `lang`.
    pub fn name(self, lang: Lang) -> String {
        crate::i18n::text(lang, &format!("check-{}", self.key().replace('_', "-")))
    }

    /// The check's heading in the report, in English.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Browser => "Browser",
            CheckId::Computer => "Computer",
            CheckId::Https => "HTTPS to the platform",
            CheckId::WebSocket => "WebSocket",
            CheckId::SipOverWebSocket => "SIP over WebSocket",
            CheckId::Proxy => "Web proxy",
            CheckId::TlsInspection => "TLS inspection",
            CheckId::PathMtu => "Path MTU (VPN, tunnels)",
            CheckId::PublicAddress => "One public address",
            CheckId::NatBehaviour => "NAT behaviour",
            CheckId::Connectivity => "WebRTC media path (STUN/TURN)",
            CheckId::TcpPorts => "Platform TCP ports",
            CheckId::UdpPorts => "Platform UDP media ports",
            CheckId::Domains => "Platform web addresses",
            CheckId::CallQuality => "Call quality",
            CheckId::Bandwidth => "Bandwidth and call capacity",
            CheckId::LoadedLatency => "Latency under load",
        }
    }

    /// The id as it appears in JSON and in the page (`data-check`).
    pub fn key(self) -> &'static str {
        match self {
            CheckId::Browser => "browser",
            CheckId::Computer => "computer",
            CheckId::Https => "https",
            CheckId::WebSocket => "websocket",
            CheckId::SipOverWebSocket => "sip",
            CheckId::Proxy => "proxy",
            CheckId::TlsInspection => "tls_inspection",
            CheckId::PathMtu => "path_mtu",
            CheckId::PublicAddress => "public_address",
            CheckId::NatBehaviour => "nat_behaviour",
            CheckId::Connectivity => "connectivity",
            CheckId::TcpPorts => "tcp_ports",
            CheckId::UdpPorts => "udp_ports",
            CheckId::Domains => "domains",
            CheckId::CallQuality => "call_quality",
            CheckId::Bandwidth => "bandwidth",
            CheckId::LoadedLatency => "loaded_latency",
        }
    }
}

/// One line of the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// Which check this is.
    pub id: CheckId,
    /// How it came out.
    pub status: Status,
    /// What was measured, with figures (a message rendered in the reader's language;
    /// plain English in runs stored before messages existed).
    pub summary: Text,
    /// What to do about it, in the agent's words; present for every warning and failure.
    pub fix: Option<Text>,
    /// The same for IT: exact hosts, ports and protocols, with what was observed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub it: Option<Text>,
    /// For [`Status::NotRun`]: the check whose failure kept this one from running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<CheckId>,
}

impl Check {
    /// A line whose texts are catalogue messages.
    fn says(id: CheckId, status: Status, summary: Text, fix: Option<Text>) -> Check {
        Check { id, status, summary, fix, it: None, blocked_by: None }
    }

    /// The line with its text for IT.
    fn for_it(self, it: impl Into<Text>) -> Check {
        Check { it: Some(it.into()), ..self }
    }

    /// A line for a check that could not run because `cause` failed.
    fn not_run(id: CheckId, cause: CheckId, summary: impl Into<Text>) -> Check {
        Check { id, status: Status::NotRun, summary: summary.into(), fix: None, it: None, blocked_by: Some(cause) }
    }
}

/// The overall verdict of a run (see [`overall`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No check warned or failed.
    Ready,
    /// At least one check warned, none failed.
    ReadyWithWarnings,
    /// At least one check failed.
    NotReady,
}

impl Status {
    /// The status in `lang` ("Réussi").
    pub fn word(self, lang: Lang) -> String {
        crate::i18n::text(
            lang,
            match self {
                Status::Pass => "status-pass",
                Status::Unknown => "status-unknown",
                Status::NotRun => "status-not-tested",
                Status::Warn => "status-warning",
                Status::Fail => "status-fail",
            },
        )
    }
}

impl Verdict {
    /// What the verdict means, in `lang`, under the banner.
    pub fn explanation(self, lang: Lang) -> String {
        crate::i18n::text(
            lang,
            match self {
                Verdict::Ready => "verdict-ready-explanation",
                Verdict::ReadyWithWarnings => "verdict-ready-with-warnings-explanation",
                Verdict::NotReady => "verdict-not-ready-explanation",
            },
        )
    }

    /// The verdict in `lang` ("Prêt, avec des avertissements").
    pub fn word(self, lang: Lang) -> String {
        crate::i18n::text(
            lang,
            match self {
                Verdict::Ready => "verdict-ready",
                Verdict::ReadyWithWarnings => "verdict-ready-with-warnings",
                Verdict::NotReady => "verdict-not-ready",
            },
        )
    }

    /// The verdict as the report words it ("Ready with warnings").
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready",
            Verdict::ReadyWithWarnings => "Ready with warnings",
            Verdict::NotReady => "Not ready",
        }
    }
}

/// The overall verdict: the worst check decides. A check that could not run does
/// not count: its cause does.
pub fn overall(checks: &[Check]) -> Verdict {
    match checks.iter().map(|c| c.status).max() {
        Some(Status::Fail) => Verdict::NotReady,
        Some(Status::Warn) => Verdict::ReadyWithWarnings,
        _ => Verdict::Ready,
    }
}

/// Every check of a run, in the order the page shows them. `calls_needed` is how
/// many simultaneous calls the session asks the site to carry.
pub fn evaluate(results: &RunResults, t: &Thresholds, calls_needed: u32) -> Vec<Check> {
    let mut checks = vec![browser::check(results, t), computer::check(results, t), https::check(results, t)];
    checks.push(websocket::check(results, t, &checks));
    checks.push(sip::check(results, t, &checks));
    let path = path::checks(results, t, &checks);
    checks.extend(path);
    if !results.ice.is_empty() {
        checks.push(connectivity::check(results, t, &checks));
    }
    let platform = platform::checks(results, t, &checks);
    checks.extend(platform);
    if let Some(media) = &results.media {
        checks.push(call_quality::check(media, t, &checks));
    }
    if let Some(bandwidth) = &results.bandwidth {
        checks.push(bandwidth::check(bandwidth, t, calls_needed));
        checks.push(loaded_latency::check(bandwidth, t, &checks));
    }
    for check in checks.iter_mut().filter(|c| results.hidden_during.contains(&c.id)) {
        mark_hidden(check);
    }
    checks
}

/// A check the page measured while its tab was hidden: browsers slow the timers of
/// background tabs (to one wake-up a second or less), which paces the call stream
/// and the transfers wrongly, so its figures are not the network's. Neither a pass
/// nor a failure can be claimed: it becomes a warning that asks for a new run.
/// Only the checks whose figures the page's own timers pace are affected.
fn mark_hidden(check: &mut Check) {
    let paced = matches!(check.id, CheckId::CallQuality | CheckId::Bandwidth | CheckId::LoadedLatency);
    if !paced || !matches!(check.status, Status::Pass | Status::Warn | Status::Fail) {
        return;
    }
    let measured = check.summary.clone();
    *check = Check::says(
        check.id,
        Status::Warn,
        Text::new("verdict-hidden-tab").text("measured", measured.clone()),
        Some(Text::new("verdict-hidden-tab-fix")),
    )
    .for_it(Text::new("verdict-hidden-tab-it").text("measured", measured));
}

/// What the run tells IT, as plain text to copy into a mail or a ticket: the
/// run's heading lines (`heading`: the code, the date, the browser…), then each
/// warning and failure with its text for IT (its summary when it has none) and
/// what the agent was told to do. `None` when nothing needs IT. `product` names the
/// test ("CallReady", or the brand the page wears).
pub fn it_text(lang: Lang, product: &str, heading: &[String], verdict: Verdict, checks: &[Check]) -> Option<String> {
    let needs: Vec<&Check> = checks.iter().filter(|c| matches!(c.status, Status::Warn | Status::Fail)).collect();
    if needs.is_empty() {
        return None;
    }
    let mut text = crate::tr!(lang, "it-text-heading", product = product, verdict = verdict.word(lang));
    text.push('\n');
    for line in heading {
        text.push_str(line);
        text.push('\n');
    }
    for (n, check) in needs.iter().enumerate() {
        let status = if check.status == Status::Fail { "it-text-fails" } else { "it-text-warning" };
        let what = check.it.as_ref().unwrap_or(&check.summary).render(lang);
        let line = crate::tr!(
            lang,
            "it-text-line",
            number = n + 1,
            check = check.id.name(lang),
            status = crate::i18n::text(lang, status),
            what = what
        );
        text.push_str(&format!("\n{line}\n"));
        if let Some(fix) = &check.fix {
            text.push_str(&format!("   {}\n", crate::tr!(lang, "it-text-agent-told", fix = fix.render(lang))));
        }
    }
    Some(text)
}

/// The check that really failed when `id` did not pass: `id` itself, or the cause
/// it names (followed to the first one).
fn cause_of(checks: &[Check], id: CheckId) -> Option<CheckId> {
    let check = checks.iter().find(|c| c.id == id)?;
    match (check.status, check.blocked_by) {
        (Status::NotRun, Some(cause)) => cause_of(checks, cause).or(Some(cause)),
        (Status::Warn | Status::Fail, _) => Some(id),
        _ => None,
    }
}

fn rtt_status(ms: f64, t: &Thresholds) -> Status {
    if ms < t.rtt_pass_ms {
        Status::Pass
    } else if ms > t.rtt_fail_ms {
        Status::Fail
    } else {
        Status::Warn
    }
}

/// A list in words: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{healthy_run, media, status_of, with_bandwidth};
    use super::*;

    #[test]
    fn healthy_run_is_ready_without_fixes() {
        let checks = evaluate(&healthy_run(), &Thresholds::default(), 1);
        assert_eq!(overall(&checks), Verdict::Ready);
        assert!(checks.iter().all(|c| c.status == Status::Pass && c.fix.is_none()), "{checks:#?}");
    }

    #[test]
    fn every_warning_and_failure_carries_a_fix_and_every_not_run_a_cause() {
        let mut run = healthy_run();
        run.browser.ua.family = crate::ua::BrowserFamily::Safari;
        run.browser.device_memory_gb = Some(4.0);
        run.https.rtt_ms = vec![200.0; 10];
        run.websocket.failure = Some(crate::probes::websocket::WsFailure::ConnectFailed);
        run.websocket.echo_rtt_ms.clear();
        run.websocket.sip.failure = Some(crate::probes::websocket::SipFailure::ConnectFailed);
        for check in evaluate(&run, &Thresholds::default(), 1) {
            assert_ne!(check.status, Status::Pass, "{check:?}");
            match check.status {
                Status::NotRun => assert!(check.blocked_by.is_some() && check.fix.is_none(), "{check:?}"),
                _ => assert!(check.fix.is_some(), "{check:?}"),
            }
        }
    }

    #[test]
    fn every_warning_and_failure_has_a_fix_and_a_text_for_it() {
        use super::fixtures::{ice, transfer};
        use crate::probes::ice::{IceFailure, IceTransport};
        use crate::probes::media::MediaFailure;
        use crate::probes::websocket::{SipFailure, WsFailure};
        use crate::probes::FetchFailure;
        use crate::profile::MediaPolicy;
        use crate::ua::{BrowserFamily, OsFamily, UaSummary};
        let t = Thresholds::default();
        let mut runs: Vec<(RunResults, Thresholds, u32)> = Vec::new();
        // Healthy runs with one change each, judged with the default thresholds for one call.
        let mut changed: Vec<RunResults> = Vec::new();
        let mut add = |change: &dyn Fn(&mut RunResults)| {
            let mut run = healthy_run();
            change(&mut run);
            changed.push(run);
        };
        // Browser and computer.
        add(&|r| r.browser.ua.family = BrowserFamily::Safari);
        add(&|r| r.browser.ua = UaSummary { family: BrowserFamily::Chrome, major: Some(90), os: OsFamily::MacOs });
        add(&|r| r.browser.ua = UaSummary { family: BrowserFamily::Firefox, major: Some(100), os: OsFamily::Linux });
        add(&|r| {
            r.browser.ua = UaSummary { family: BrowserFamily::Other, major: None, os: OsFamily::Other };
            r.browser.has_rtc_peer_connection = false;
            r.browser.has_get_user_media = false;
        });
        add(&|r| r.browser.device_memory_gb = Some(0.5));
        add(&|r| {
            r.browser.device_memory_gb = Some(4.0);
            r.browser.hardware_concurrency = None;
        });
        // HTTPS: slow, very slow, lossy, unreachable three ways, with and without the host.
        add(&|r| r.https.rtt_ms = vec![212.0; 10]);
        add(&|r| r.https.rtt_ms = vec![450.0; 10]);
        add(&|r| {
            r.https.rtt_ms.truncate(7);
            r.https.failure = Some(FetchFailure::Timeout);
        });
        for failure in [FetchFailure::Timeout, FetchFailure::Network, FetchFailure::Status { code: 403 }] {
            for host in [true, false] {
                let mut run = healthy_run();
                run.https.rtt_ms.clear();
                run.https.failure = Some(failure);
                if !host {
                    run.server_host = None;
                }
                runs.push((run, t.clone(), 1));
            }
        }
        // WebSocket: blocked (with and without a proxy seen), each way it breaks, slow.
        for failure in [WsFailure::ConnectFailed, WsFailure::Timeout, WsFailure::ClosedEarly, WsFailure::BadEcho] {
            for proxy in [None, Some(None), Some(Some("squid/6.1"))] {
                let mut run = healthy_run();
                run.websocket.failure = Some(failure);
                run.websocket.echo_rtt_ms.truncate(if failure == WsFailure::ConnectFailed { 0 } else { 3 });
                run.websocket.sip.failure = Some(SipFailure::ConnectFailed);
                run.path = proxy.map(|product: Option<&str>| crate::probes::path::PathReport {
                    proxy: Some(crate::probes::path::ProxyEvidence {
                        product: product.map(str::to_string),
                        headers: vec!["via".into()],
                    }),
                    ..Default::default()
                });
                runs.push((run, t.clone(), 1));
            }
        }
        add(&|r| r.websocket.echo_rtt_ms.clear());
        add(&|r| {
            r.websocket.echo_rtt_ms.clear();
            r.websocket.connect_ms = None;
            r.server_host = None;
        });
        add(&|r| r.websocket.echo_rtt_ms = vec![180.0; 20]);
        add(&|r| r.websocket.echo_rtt_ms = vec![380.0; 20]);
        // SIP: each failure, a wrong answer, no answer, slow.
        for failure in [
            SipFailure::ConnectFailed,
            SipFailure::SubprotocolRefused,
            SipFailure::Timeout,
            SipFailure::ClosedEarly,
            SipFailure::BadResponse,
        ] {
            add(&|r| r.websocket.sip.failure = Some(failure));
        }
        add(&|r| r.websocket.sip.status = Some(405));
        add(&|r| r.websocket.sip = crate::probes::websocket::SipReport { rtt_ms: None, status: None, failure: None });
        add(&|r| r.websocket.sip.rtt_ms = Some(170.0));
        add(&|r| r.websocket.sip.rtt_ms = Some(320.0));
        // The media path: UDP blocked (under each policy), no path at all, no media service.
        let udp_blocked = vec![
            ice(IceTransport::StunUdp, false),
            ice(IceTransport::TurnUdp, false),
            ice(IceTransport::TurnTcp, true),
            ice(IceTransport::TurnTls, true),
        ];
        for media in [MediaPolicy::UdpPreferred, MediaPolicy::UdpRequired, MediaPolicy::DirectOnly] {
            let mut run = healthy_run();
            run.ice = udp_blocked.clone();
            runs.push((run, Thresholds { media, ..t.clone() }, 1));
        }
        add(&|r| {
            r.ice = [IceTransport::StunUdp, IceTransport::TurnUdp, IceTransport::TurnTcp, IceTransport::TurnTls]
                .into_iter()
                .map(|transport| ice(transport, false))
                .collect();
        });
        add(&|r| {
            r.ice = vec![ice(IceTransport::TurnUdp, false)];
            r.ice[0].url = None;
        });
        add(&|r| {
            let mut probe = ice(IceTransport::TurnUdp, true);
            probe.failure = Some(IceFailure::Signalling);
            r.ice = vec![probe];
            let mut stream = media(0.0, 20.0, 1.0);
            stream.stream = None;
            stream.failure = Some(MediaFailure::Signalling);
            r.media = Some(stream);
        });
        add(&|r| {
            r.ice = vec![ice(IceTransport::TurnUdp, true)];
            let mut stream = media(0.0, 20.0, 1.0);
            stream.stream = None;
            stream.failure = Some(MediaFailure::NotConnected);
            r.media = Some(stream);
        });
        // Call quality: lossy, very lossy, jittery, slow, very slow, several calls over a relay.
        for (loss, rtt, jitter) in [
            (2.0, 20.0, 1.0),
            (8.0, 20.0, 1.0),
            (0.0, 20.0, 45.0),
            (0.0, 200.0, 1.0),
            (0.0, 500.0, 1.0),
            (12.0, 400.0, 60.0),
        ] {
            add(&|r| r.media = Some(media(loss, rtt, jitter)));
        }
        add(&|r| {
            let mut stream = media(2.0, 180.0, 35.0);
            stream.calls = 3;
            stream.path = Some(crate::probes::ice::ConnectedPair {
                local: crate::probes::ice::CandidateType::Relay,
                remote: crate::probes::ice::CandidateType::Host,
                relay_protocol: Some(crate::probes::ice::RelayProtocol::Tcp),
                connect_ms: 45.0,
            });
            r.media = Some(stream);
        });
        // Bandwidth: too low each way, unmeasured each way and why; bufferbloat, stalls.
        for (down, up) in [(Some(150.0), Some(90.0)), (Some(80.0), Some(900.0))] {
            runs.push((with_bandwidth(down, up, 20.0, 30.0), t.clone(), 1));
            runs.push((with_bandwidth(down, up, 20.0, 30.0), t.clone(), 20));
        }
        for (down, up) in [(None, Some(2000.0)), (Some(2000.0), None), (None, None)] {
            for failure in [None, Some(FetchFailure::Network), Some(FetchFailure::Status { code: 413 })] {
                let mut run = with_bandwidth(down, up, 20.0, 30.0);
                let b = run.bandwidth.as_mut().unwrap();
                b.down.failure = failure;
                b.up.failure = failure;
                runs.push((run, t.clone(), 1));
            }
        }
        runs.push((with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0), t.clone(), 1));
        let mut run = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0);
        run.bandwidth.as_mut().unwrap().down.loaded_rtt_ms.clear();
        runs.push((run, t.clone(), 1));
        let mut run = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0);
        let b = run.bandwidth.as_mut().unwrap();
        b.down.loaded_rtt_ms.clear();
        b.up.loaded_rtt_ms.clear();
        runs.push((run, t.clone(), 1));
        let mut slow_upload = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 30.0);
        slow_upload.bandwidth.as_mut().unwrap().up = transfer(Some(5000.0), 400.0);
        runs.push((slow_upload, t.clone(), 1));

        runs.extend(changed.into_iter().map(|run| (run, t.clone(), 1)));
        let mut seen = std::collections::BTreeSet::new();
        for (run, t, calls) in &runs {
            for check in evaluate(run, t, *calls) {
                if matches!(check.status, Status::Warn | Status::Fail) {
                    assert!(check.fix.is_some() && check.it.is_some(), "{check:#?}");
                    seen.insert(check.it.as_ref().map(|it| match it {
                        Text::Message { key, .. } => key.clone(),
                        Text::Plain(_) => String::new(),
                    }));
                }
                let texts = [Some(&check.summary), check.fix.as_ref(), check.it.as_ref()];
                for text in texts.into_iter().flatten() {
                    for lang in Lang::ALL {
                        let rendered = text.render(lang);
                        let key = match text {
                            Text::Message { key, .. } => key.as_str(),
                            Text::Plain(_) => "",
                        };
                        assert!(
                            !rendered.contains('{') && rendered != key && !rendered.contains("verdict-"),
                            "{}: {rendered}\n{text:?}",
                            lang.code()
                        );
                    }
                }
            }
        }
        // The runs reach every text for IT of these checks.
        assert!(seen.len() >= 34, "{seen:#?}");
    }

    #[test]
    fn the_text_for_it_lists_warnings_and_failures_with_their_it_text() {
        let checks = vec![
            Check::says(CheckId::Https, Status::Pass, "HTTPS fine".into(), None),
            Check::says(
                CheckId::WebSocket,
                Status::Fail,
                "WebSocket blocked".into(),
                Some("Ask IT to allow WebSocket".into()),
            )
            .for_it("Allow wss://callready.example.com:443 (HTTP Upgrade through the proxy)"),
            Check::says(
                CheckId::Computer,
                Status::Warn,
                "4 GB of memory".into(),
                Some("Use a computer with 8 GB".into()),
            ),
            Check::not_run(CheckId::SipOverWebSocket, CheckId::WebSocket, "not tested"),
        ];
        let heading = vec!["Code 7KQ2-M9XD-4TPA, run 2".to_string()];
        let text = it_text(Lang::En, "CallReady", &heading, Verdict::NotReady, &checks).unwrap();
        assert_eq!(
            text,
            "CallReady network test: Not ready\nCode 7KQ2-M9XD-4TPA, run 2\n\
             \n1. WebSocket (fails): Allow wss://callready.example.com:443 (HTTP Upgrade through the proxy)\n   \
             The agent was told: Ask IT to allow WebSocket\n\
             \n2. Computer (warning): 4 GB of memory\n   The agent was told: Use a computer with 8 GB\n"
        );
        assert_eq!(it_text(Lang::En, "CallReady", &heading, Verdict::Ready, &checks[..1]), None);
        let french = it_text(Lang::Fr, "CallReady", &heading, Verdict::NotReady, &checks).unwrap();
        assert!(
            french.contains("1. WebSocket (échec)\u{a0}: Allow wss://") && french.contains("(avertissement)"),
            "{french}"
        );
    }

    #[test]
    fn a_measurement_made_in_a_hidden_tab_is_a_warning_not_a_figure() {
        let mut run = with_bandwidth(Some(50_000.0), Some(20_000.0), 20.0, 25.0);
        run.media = Some(media(12.0, 40.0, 5.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Fail);
        run.hidden_during = vec![CheckId::CallQuality, CheckId::Bandwidth, CheckId::Https];
        let quality = status_of(&run, CheckId::CallQuality);
        assert_eq!(quality.status, Status::Warn);
        assert!(quality.summary.english().starts_with("Not measured reliably") && quality.fix.is_some(), "{quality:?}");
        let for_it = quality.it.as_ref().map(Text::english).unwrap_or_default();
        assert!(for_it.contains("describe the browser, not the network") && for_it.contains("MOS"), "{for_it}");
        assert_eq!(status_of(&run, CheckId::Bandwidth).status, Status::Warn);
        // HTTPS round trips are not paced by the page's timers: judged as measured.
        assert_eq!(status_of(&run, CheckId::Https).status, Status::Pass);
        assert_eq!(overall(&evaluate(&run, &Thresholds::default(), 1)), Verdict::ReadyWithWarnings);
    }

    #[test]
    fn overall_is_worst_status_and_not_run_does_not_count() {
        let c = |status| Check::says(CheckId::Https, status, "".into(), None);
        assert_eq!(overall(&[]), Verdict::Ready);
        assert_eq!(overall(&[c(Status::Pass), c(Status::Unknown), c(Status::NotRun)]), Verdict::Ready);
        assert_eq!(overall(&[c(Status::Pass), c(Status::Warn)]), Verdict::ReadyWithWarnings);
        assert_eq!(overall(&[c(Status::Warn), c(Status::Fail)]), Verdict::NotReady);
    }

    #[test]
    fn rtt_thresholds_pass_below_150_fail_above_300() {
        let t = Thresholds::default();
        assert_eq!(rtt_status(149.9, &t), Status::Pass);
        assert_eq!(rtt_status(150.0, &t), Status::Warn);
        assert_eq!(rtt_status(300.0, &t), Status::Warn);
        assert_eq!(rtt_status(300.1, &t), Status::Fail);
    }

    #[test]
    fn check_ids_key_as_they_serialise() {
        for id in CheckId::ALL {
            assert_eq!(serde_json::to_value(id).unwrap(), id.key());
        }
    }
}
