//! The session's requirement profile, probed: each TCP port it names (a `no-cors`
//! fetch of `/api/ping`, then a WebSocket to `/ws/echo`, on the server the test runs
//! against: this page's, or its region's node), each UDP
//! range (one relay-only peer connection per sampled port, `turn:host:port` under
//! the config's token; the server says which ports it heard), and each web address
//! (a `no-cors` fetch). All at once, alongside the ICE probes.

use callready_common::api::PlatformPlan;
use callready_common::probes::platform::{
    DomainOutcome, DomainReport, PlatformReport, PortOutcome, TcpPortReport, UdpRangeReport, UdpSampleFailure,
    REACH_TIMEOUT_MS, UDP_SAMPLE_MS,
};
use callready_common::probes::RunResults;
use callready_common::profile::{browser_connects_to_tcp, Domain, TcpPort, UdpRange, UDP_SAMPLE_PORTS};
use callready_common::verdict::CheckId;
use futures::future::{join3, join_all, LocalBoxFuture};

use super::{ms_or_dash, Figure, Kind, Outcome, Probe, ProbeContext, Progress, ReportContext};
use crate::browser::http::{reach, HttpError};
use crate::browser::rtc::{Gathering, ServerSpec};
use crate::browser::time::now_ms;
use crate::browser::ws::{Socket, WsEvent};
use crate::browser::{api_place, bracketed, window};
use crate::i18n::t;

pub const PROBE: Probe = Probe {
    title_id: "probe-platform-title",
    checks: &[CheckId::TcpPorts, CheckId::UdpPorts, CheckId::Domains],
    kind: Kind::Platform,
    alongside_previous: true,
};

#[cfg_attr(not(feature = "support-pages"), allow(dead_code))]
pub(super) fn figures(r: &RunResults, _: &ReportContext) -> Vec<Figure> {
    let Some(platform) = &r.platform else { return Vec::new() };
    let mut rows = Vec::new();
    for port in &platform.tcp {
        let outcome = match port.outcome {
            PortOutcome::Open => crate::t!("figure-port-open", time = ms_or_dash(port.ms)),
            PortOutcome::WebSocketBlocked => t("figure-port-websocket-blocked"),
            PortOutcome::Refused => t("figure-port-refused"),
            PortOutcome::TimedOut => t("figure-port-no-answer"),
            PortOutcome::NotOffered => t("figure-port-not-offered"),
            PortOutcome::BrowserRefuses => t("figure-port-browser-refuses"),
            PortOutcome::UntrustedCertificate => t("figure-not-tested-self-signed"),
        };
        let label = crate::t!("figure-tcp-port", port = port.port.to_string(), host = platform.tcp_host.clone());
        rows.push((label, outcome));
    }
    for range in &platform.udp {
        let unreached = range.unreached();
        let separator = t("probe-separator");
        let mut outcome = crate::t!("figure-udp-reached", reached = range.reached.len(), sampled = range.sampled.len());
        if !unreached.is_empty() {
            let ports: Vec<String> = unreached.iter().map(u16::to_string).collect();
            outcome.push_str(&format!("{separator}{}", crate::t!("figure-udp-no-answer-on", ports = ports.join(", "))));
        }
        if !range.not_offered.is_empty() {
            outcome.push_str(&format!(
                "{separator}{}",
                crate::t!("figure-udp-not-offered", count = range.not_offered.len())
            ));
        }
        if range.failure.is_some() {
            outcome = t("figure-udp-not-sampled");
        }
        let label = crate::t!("figure-udp-range", range = range.describe(), host = platform.udp_host.clone());
        rows.push((label, outcome));
    }
    for domain in &platform.domains {
        let outcome = match domain.outcome {
            DomainOutcome::Reachable => crate::t!("figure-domain-reachable", time = ms_or_dash(domain.ms)),
            DomainOutcome::Failed => t("figure-domain-failed"),
            DomainOutcome::TimedOut => t("figure-domain-no-answer"),
            DomainOutcome::Insecure => t("figure-domain-insecure"),
        };
        rows.push((domain.url.clone(), outcome));
    }
    rows
}

pub(super) fn begin<'a>(ctx: &'a ProbeContext, progress: Progress<'a>) -> LocalBoxFuture<'a, Outcome> {
    Box::pin(async move {
        let nothing = || Outcome::NothingToTest(t("row-nothing-to-test-platform"));
        let Some(profile) = &ctx.profile else { return nothing() };
        if profile.tcp_ports.is_empty() && profile.udp_ranges.is_empty() && profile.domains.is_empty() {
            return nothing();
        }
        progress(crate::t!("probe-platform-progress", profile = profile.name.clone()));
        let plan = ctx.config.platform.clone().unwrap_or_default();
        let page = Page::of_test_server();
        let (tcp, udp, domains) = join3(
            join_all(profile.tcp_ports.iter().map(|port| tcp_port(port, &plan, &page))),
            udp_ranges(&profile.udp_ranges, &plan),
            join_all(profile.domains.iter().map(web_address)),
        )
        .await;
        let tested = tcp.iter().filter(|p| p.outcome.tested()).count();
        let open = tcp.iter().filter(|p| p.outcome == PortOutcome::Open).count();
        let reached: usize = udp.iter().map(|r| r.reached.len()).sum();
        let sampled: usize = udp.iter().map(|r| r.sampled.len()).sum();
        let answering = domains.iter().filter(|d| d.outcome == DomainOutcome::Reachable).count();
        let mut parts = Vec::new();
        if !tcp.is_empty() {
            parts.push(crate::t!("probe-platform-tcp", open = open, tested = tested));
        }
        if !udp.is_empty() {
            parts.push(crate::t!("probe-platform-udp", reached = reached, sampled = sampled));
        }
        if !domains.is_empty() {
            parts.push(crate::t!("probe-platform-addresses", answering = answering, count = domains.len()));
        }
        ctx.reports.borrow_mut().platform =
            Some(PlatformReport { tcp_host: page.host.clone(), udp_host: plan.udp_host.clone(), tcp, udp, domains });
        Outcome::Done(parts.join(&t("probe-separator")))
    })
}

/// The server the test runs against: where the page was loaded from, or the node of
/// the region the test runs in (see [`crate::region`]).
struct Page {
    secure: bool,
    host: String,
    port: u16,
}

impl Page {
    fn of_test_server() -> Page {
        let place = api_place();
        let port = place.port.unwrap_or(if place.secure { 443 } else { 80 });
        Page { secure: place.secure, host: place.host_name, port }
    }

    /// `https://host:port` (or `http`, `ws`, `wss`: the server's own kind).
    fn origin(&self, web: bool, port: u16) -> String {
        let scheme = match (web, self.secure) {
            (true, true) => "https",
            (true, false) => "http",
            (false, true) => "wss",
            (false, false) => "ws",
        };
        format!("{scheme}://{}:{port}", bracketed(&self.host))
    }
}

/// Whether the failure came at once (refused) or only at the timeout (dropped).
fn blocked(failure: HttpError) -> PortOutcome {
    match failure {
        HttpError::Network => PortOutcome::Refused,
        HttpError::Timeout => PortOutcome::TimedOut,
    }
}

async fn websocket_opens(url: &str) -> bool {
    let Ok(mut socket) = Socket::connect(url, &[]) else { return false };
    matches!(socket.next(REACH_TIMEOUT_MS).await, Some(WsEvent::Open))
}

async fn tcp_port(port: &TcpPort, plan: &PlatformPlan, page: &Page) -> TcpPortReport {
    let mut report = TcpPortReport { port: port.port, tls: port.tls, outcome: PortOutcome::NotOffered, ms: None };
    // The page's own port is this server's main listener: it answers the same paths.
    let own = port.port == page.port;
    report.outcome = if !browser_connects_to_tcp(port.port) {
        PortOutcome::BrowserRefuses
    } else if !own && !plan.tcp_ports.contains(&port.port) {
        PortOutcome::NotOffered
    } else if !own && page.secure && plan.self_signed {
        PortOutcome::UntrustedCertificate
    } else {
        let started = now_ms();
        match reach(&format!("{}/api/ping", page.origin(true, port.port)), REACH_TIMEOUT_MS).await {
            Ok(()) => {
                report.ms = Some(now_ms() - started);
                if websocket_opens(&format!("{}/ws/echo", page.origin(false, port.port))).await {
                    PortOutcome::Open
                } else {
                    PortOutcome::WebSocketBlocked
                }
            }
            Err(failure) => blocked(failure),
        }
    };
    report
}

async fn web_address(domain: &Domain) -> DomainReport {
    let mut report = DomainReport { url: domain.url.clone(), outcome: DomainOutcome::Insecure, ms: None };
    // A page loaded over HTTPS may not fetch plain HTTP (wherever the test runs).
    let page_secure = window().location().protocol().is_ok_and(|p| p == "https:");
    if page_secure && domain.url.starts_with("http://") {
        return report;
    }
    let started = now_ms();
    report.outcome = match reach(&domain.url, REACH_TIMEOUT_MS).await {
        Ok(()) => {
            report.ms = Some(now_ms() - started);
            DomainOutcome::Reachable
        }
        Err(HttpError::Network) => DomainOutcome::Failed,
        Err(HttpError::Timeout) => DomainOutcome::TimedOut,
    };
    report
}

/// Gathers against `turn:host:port` until the browser is done with it or the
/// deadline; `false` when the browser refused the peer connection.
async fn probe_udp_port(host: &str, port: u16, token: &str, deadline: f64) -> bool {
    let urls = [format!("turn:{}:{port}?transport=udp", bracketed(host))];
    let server = ServerSpec { urls: &urls, username: Some(token), credential: Some("probe") };
    let Ok(mut gathering) = Gathering::start(server, true).await else { return false };
    gathering.finish_by(deadline).await;
    true
}

async fn udp_ranges(ranges: &[UdpRange], plan: &PlatformPlan) -> Vec<UdpRangeReport> {
    let mut reports: Vec<UdpRangeReport> = ranges
        .iter()
        .map(|range| {
            let (sampled, not_offered) =
                range.sample(UDP_SAMPLE_PORTS).into_iter().partition(|p| plan.udp_ports.contains(p));
            UdpRangeReport { from: range.from, to: range.to, sampled, reached: Vec::new(), not_offered, failure: None }
        })
        .collect();
    let mut ports: Vec<u16> = reports.iter().flat_map(|r| r.sampled.iter().copied()).collect();
    ports.sort_unstable();
    ports.dedup();
    if ports.is_empty() {
        return reports;
    }
    if plan.udp_token.is_empty() {
        // The server answers on these ports but gave no token to tell ours apart.
        for report in &mut reports {
            report.failure = Some(UdpSampleFailure::NoAnswer);
        }
        return reports;
    }
    let deadline = now_ms() + f64::from(UDP_SAMPLE_MS);
    let started =
        join_all(ports.iter().map(|port| probe_udp_port(&plan.udp_host, *port, &plan.udp_token, deadline))).await;
    let failure = if started.iter().all(|ok| !ok) {
        Some(UdpSampleFailure::Unsupported)
    } else {
        match crate::api::probe_heard(&plan.udp_token).await {
            Ok(heard) => {
                for report in &mut reports {
                    report.reached = report.sampled.iter().copied().filter(|p| heard.ports.contains(p)).collect();
                }
                None
            }
            Err(_) => Some(UdpSampleFailure::NoAnswer),
        }
    };
    for report in &mut reports {
        report.failure = failure;
    }
    reports
}
