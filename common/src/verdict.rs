//! Turns measured figures into one line per check and an overall verdict, with a
//! plain-language fix for every warning or failure. The page shows these right
//! after a run; the server recomputes them at ingest, so a stored verdict never
//! depends on what a browser claimed.

use serde::{Deserialize, Serialize};

use crate::stats::{ms, Summary};
use crate::ua::BrowserFamily;
use crate::wire::{FetchFailure, IceReport, IceTransport, RunResults, SipFailure, WsFailure};

/// The default requirement profile (shared/guide/requirements.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Round trips below this pass.
    pub rtt_pass_ms: f64,
    /// Round trips above this fail; in between is a warning.
    pub rtt_fail_ms: f64,
    pub jitter_pass_ms: f64,
    pub loss_pass_pct: f64,
    pub loss_fail_pct: f64,
    pub mos_pass: f64,
    pub mos_fail: f64,
    pub per_call_kbps: f64,
    /// A rise of the round trip under load above this hurts calls (bufferbloat).
    pub loaded_increase_warn_ms: f64,
    pub recommended_memory_gb: f64,
    pub min_chrome_major: u32,
    pub min_firefox_major: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            rtt_pass_ms: 150.0,
            rtt_fail_ms: 300.0,
            jitter_pass_ms: 30.0,
            loss_pass_pct: 1.0,
            loss_fail_pct: 3.0,
            mos_pass: 3.6,
            mos_fail: 3.1,
            per_call_kbps: 100.0,
            loaded_increase_warn_ms: 100.0,
            recommended_memory_gb: 8.0,
            min_chrome_major: 109,
            min_firefox_major: 115,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    /// Not measurable in this browser; shown, but it does not change the verdict.
    Unknown,
    Warn,
    Fail,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    Browser,
    Computer,
    Https,
    #[serde(rename = "websocket")]
    WebSocket,
    #[serde(rename = "sip")]
    SipOverWebSocket,
    Connectivity,
    CallQuality,
    Bandwidth,
    LoadedLatency,
}

impl CheckId {
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Browser => "Browser",
            CheckId::Computer => "Computer",
            CheckId::Https => "HTTPS to the platform",
            CheckId::WebSocket => "WebSocket",
            CheckId::SipOverWebSocket => "SIP over WebSocket",
            CheckId::Connectivity => "WebRTC media path (STUN/TURN)",
            CheckId::CallQuality => "Call quality",
            CheckId::Bandwidth => "Bandwidth and call capacity",
            CheckId::LoadedLatency => "Latency under load",
        }
    }
}

/// One line of the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub id: CheckId,
    pub status: Status,
    /// What was measured, with figures.
    pub summary: String,
    /// What to do about it; present for every warning and failure.
    pub fix: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    ReadyWithWarnings,
    NotReady,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "Ready",
            Verdict::ReadyWithWarnings => "Ready with warnings",
            Verdict::NotReady => "Not ready",
        }
    }
}

/// The overall verdict: the worst check decides.
pub fn overall(checks: &[Check]) -> Verdict {
    match checks.iter().map(|c| c.status).max() {
        Some(Status::Fail) => Verdict::NotReady,
        Some(Status::Warn) => Verdict::ReadyWithWarnings,
        _ => Verdict::Ready,
    }
}

/// Every check of a run, in the order the page shows them.
/// `calls_needed` is how many simultaneous calls the session asks the site to carry.
pub fn evaluate(results: &RunResults, t: &Thresholds, calls_needed: u32) -> Vec<Check> {
    let https_reachable = !results.https.rtt_ms.is_empty();
    let mut checks = vec![
        browser(results, t),
        computer(results, t),
        https(results, t),
        websocket(results, t, https_reachable),
        sip(results, t),
    ];
    if !results.ice.is_empty() {
        checks.push(connectivity(&results.ice));
    }
    if let Some(media) = &results.media {
        checks.push(call_quality(media, t));
    }
    if let Some(bandwidth) = &results.bandwidth {
        checks.push(self::bandwidth(bandwidth, t, calls_needed));
        if let Some(check) = loaded_latency(bandwidth, t) {
            checks.push(check);
        }
    }
    checks
}

/// A rate for people: kbit/s below 1 Mbit/s, Mbit/s with one decimal above.
pub fn rate(kbps: f64) -> String {
    if kbps < 1000.0 {
        format!("{kbps:.0} kbit/s")
    } else if kbps < 100_000.0 {
        format!("{:.1} Mbit/s", kbps / 1000.0)
    } else if kbps < 1_000_000.0 {
        format!("{:.0} Mbit/s", kbps / 1000.0)
    } else {
        format!("{:.1} Gbit/s", kbps / 1_000_000.0)
    }
}

fn bandwidth(b: &crate::wire::BandwidthReport, t: &Thresholds, calls_needed: u32) -> Check {
    let (Some(down), Some(up), Some(capacity)) = (b.down.kbps, b.up.kbps, b.capacity(t.per_call_kbps)) else {
        let failed: Vec<&crate::wire::TransferReport> =
            [&b.down, &b.up].into_iter().filter(|d| d.kbps.is_none()).collect();
        let names: Vec<&str> = [(&b.down, "download"), (&b.up, "upload")]
            .into_iter()
            .filter(|(d, _)| d.kbps.is_none())
            .map(|(_, name)| name)
            .collect();
        let why = match failed.iter().find_map(|d| d.failure) {
            Some(crate::wire::FetchFailure::Status { code }) => {
                format!("the platform refused the transfers (HTTP {code})")
            }
            Some(crate::wire::FetchFailure::Network) => "transfers to the platform were cut off".to_string(),
            _ => "too little got through in the time allowed".to_string(),
        };
        return check(
            CheckId::Bandwidth,
            Status::Warn,
            format!("The {} rate could not be measured: {why}.", names.join(" and ")),
            Some("Ask IT whether a proxy or firewall limits large HTTPS transfers to the platform, then run the test again."),
        );
    };
    let needed = calls_needed.max(1);
    let summary = format!(
        "Download {}, upload {}: this link carries about {capacity} simultaneous call{} at {} each; {needed} needed.",
        rate(down),
        rate(up),
        if capacity == 1 { "" } else { "s" },
        rate(t.per_call_kbps),
    );
    if capacity >= needed {
        return check(CheckId::Bandwidth, Status::Pass, summary, None);
    }
    let slower = if up < down { "upload" } else { "download" };
    let fix = format!(
        "The {slower} rate is too low for {needed} simultaneous calls: ask for a faster internet link \
         (at least {} each way), or keep other traffic off it during calls.",
        rate(f64::from(needed) * t.per_call_kbps)
    );
    check(CheckId::Bandwidth, Status::Fail, summary, Some(&fix))
}

/// Bufferbloat: the round trip while the link is full, against the idle one.
fn loaded_latency(b: &crate::wire::BandwidthReport, t: &Thresholds) -> Option<Check> {
    let idle = b.idle_rtt_ms?;
    let (increase, direction) = b.worst_increase()?;
    let loaded = |d: &crate::wire::TransferReport| d.loaded_rtt().map(ms).unwrap_or_else(|| "unknown".into());
    let summary = format!(
        "Round trip idle {}, during download {}, during upload {}: up to {} more while the link is full ({direction}).",
        ms(idle),
        loaded(&b.down),
        loaded(&b.up),
        ms(increase.max(0.0)),
    );
    if increase <= t.loaded_increase_warn_ms {
        return Some(check(CheckId::LoadedLatency, Status::Pass, summary, None));
    }
    Some(check(
        CheckId::LoadedLatency,
        Status::Warn,
        summary,
        Some(
            "Calls will lag and break up whenever someone downloads or uploads: ask IT to enable smart queue \
             management (SQM, fq_codel/CAKE) or QoS for voice on the router.",
        ),
    ))
}

fn call_quality(media: &crate::wire::MediaReport, t: &Thresholds) -> Check {
    let (Some(stream), Some(rtt), Some(mos)) =
        (media.stream.as_ref(), media.stream.as_ref().and_then(|s| s.rtt), media.mos())
    else {
        let summary = match media.failure {
            Some(crate::wire::MediaFailure::Signalling) => {
                "The call-like stream could not be negotiated with the server."
            }
            _ => "No call-like stream could be set up with the server: WebRTC media does not get through.",
        };
        return check(
            CheckId::CallQuality,
            Status::Fail,
            summary,
            Some("Ask IT to allow WebRTC media (UDP 3478–3479 and the TURN ports) to the platform; see the media path line above."),
        );
    };
    let jitter = stream.jitter_ms.unwrap_or(0.0);
    let mut status = rtt_status(rtt.median_ms, t);
    let loss_status = if stream.loss_pct < t.loss_pass_pct {
        Status::Pass
    } else if stream.loss_pct > t.loss_fail_pct {
        Status::Fail
    } else {
        Status::Warn
    };
    let jitter_status = if jitter < t.jitter_pass_ms { Status::Pass } else { Status::Warn };
    let mos_status = if mos >= t.mos_pass {
        Status::Pass
    } else if mos < t.mos_fail {
        Status::Fail
    } else {
        Status::Warn
    };
    status = status.max(loss_status).max(jitter_status).max(mos_status);
    let calls = match media.calls {
        0 | 1 => String::new(),
        n => format!("{n} simultaneous calls, "),
    };
    let mut summary = format!(
        "{calls}MOS {mos:.1} ({:?}): round trip median {}, p95 {}, max {}; jitter {}; loss {:.1} % (longest burst {}) over {} packets.",
        crate::media::MosLabel::of(mos),
        ms(rtt.median_ms),
        ms(rtt.p95_ms),
        ms(rtt.max_ms),
        ms(jitter),
        stream.loss_pct,
        stream.longest_loss_burst,
        stream.sent
    );
    if let Some(disagreement) = media.audio.as_ref().and_then(|a| a.disagreement(stream)) {
        summary.push_str(&format!(" The browser's own audio statistics disagree: {disagreement}."));
    }
    let fix = (status != Status::Pass).then_some(
        "Calls will sound degraded: use a wired connection, stop large downloads or video during calls, \
         and ask IT to prioritise voice traffic (QoS) toward the platform.",
    );
    check(CheckId::CallQuality, status, summary, fix)
}

fn connectivity(ice: &[IceReport]) -> Check {
    let works = |transports: &[IceTransport]| ice.iter().any(|r| transports.contains(&r.transport) && r.succeeded());
    let figures: Vec<String> = ice
        .iter()
        .map(|r| match (r.succeeded(), r.gathering_ms) {
            (true, Some(t)) => format!("{} works ({})", r.transport.label(), ms(t)),
            (true, None) => format!("{} works", r.transport.label()),
            (false, _) if r.transport == IceTransport::StunUdp => {
                format!("{}: no direct UDP path", r.transport.label())
            }
            (false, _) => format!("{} fails", r.transport.label()),
        })
        .collect();
    let figures = figures.join("; ");
    if works(&[IceTransport::TurnUdp, IceTransport::StunUdp]) {
        return check(CheckId::Connectivity, Status::Pass, format!("UDP reaches the media servers: {figures}."), None);
    }
    if works(&[IceTransport::TurnTcp, IceTransport::TurnTls]) {
        return check(
            CheckId::Connectivity,
            Status::Warn,
            format!("UDP is blocked: calls will relay over TCP, expect higher latency ({figures})."),
            Some("Ask IT to open outbound UDP to port 3478 and to the platform's media port range."),
        );
    }
    check(
        CheckId::Connectivity,
        Status::Fail,
        format!("No media path works: neither UDP nor TCP reaches the relay server ({figures})."),
        Some("Ask IT to allow UDP 3478 and TCP 3478 / TLS 5349 to the platform's TURN servers; without them calls have no audio."),
    )
}

fn check(id: CheckId, status: Status, summary: impl Into<String>, fix: Option<&str>) -> Check {
    Check { id, status, summary: summary.into(), fix: fix.map(str::to_string) }
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

const LATENCY_FIX: &str = "Round trips are too slow for comfortable calls. Use a wired connection \
     instead of Wi-Fi, pause large downloads and video streaming, and switch off any VPN for the \
     test. If it stays slow, ask IT to check the route to the platform.";

fn latency_fix(status: Status) -> Option<&'static str> {
    (status != Status::Pass).then_some(LATENCY_FIX)
}

fn browser(results: &RunResults, t: &Thresholds) -> Check {
    let b = &results.browser;
    let name = b.ua.label();
    let missing: Vec<&str> = [
        (b.has_rtc_peer_connection, "WebRTC (RTCPeerConnection)"),
        (b.has_get_user_media, "microphone access (getUserMedia)"),
        (b.has_websocket, "WebSocket"),
    ]
    .iter()
    .filter(|(present, _)| !present)
    .map(|(_, what)| *what)
    .collect();
    if !missing.is_empty() {
        return check(
            CheckId::Browser,
            Status::Fail,
            format!("{name} lacks {}: it cannot place calls.", missing.join(", ")),
            Some("Use an up-to-date Google Chrome or Mozilla Firefox. If it is already one, ask IT whether a policy disables WebRTC or microphone access."),
        );
    }
    let minimum = match b.ua.family {
        BrowserFamily::Chrome => Some(t.min_chrome_major),
        BrowserFamily::Firefox => Some(t.min_firefox_major),
        _ => None,
    };
    match (minimum, b.ua.major) {
        (None, _) => check(
            CheckId::Browser,
            Status::Warn,
            format!(
                "{name}: calling platforms support Chrome and Firefox; other browsers need the vendor's validation."
            ),
            Some("Use Google Chrome or Mozilla Firefox for calls."),
        ),
        (Some(min), Some(major)) if major < min => check(
            CheckId::Browser,
            Status::Warn,
            format!("{name} is older than version {min}."),
            Some("Update the browser (Help > About) and restart it."),
        ),
        _ => check(
            CheckId::Browser,
            Status::Pass,
            format!("{name}, with WebRTC, microphone access and WebSocket."),
            None,
        ),
    }
}

fn computer(results: &RunResults, t: &Thresholds) -> Check {
    let b = &results.browser;
    let cores = b
        .hardware_concurrency
        .map(|c| format!("{c} logical processors"))
        .unwrap_or_else(|| "processor count unknown".into());
    match b.device_memory_gb {
        None => check(
            CheckId::Computer,
            Status::Unknown,
            format!("Memory: unknown (this browser does not report it); {cores}."),
            Some("Check in the system settings that the computer has at least 8 GB of memory."),
        ),
        Some(gb) if gb < t.recommended_memory_gb => check(
            CheckId::Computer,
            Status::Warn,
            format!(
                "The browser reports {gb} GB of memory; softphones ask for {} GB; {cores}.",
                t.recommended_memory_gb
            ),
            Some("Close other applications during calls, or use a computer with at least 8 GB of memory."),
        ),
        Some(gb) => check(CheckId::Computer, Status::Pass, format!("At least {gb} GB of memory; {cores}."), None),
    }
}

fn https(results: &RunResults, t: &Thresholds) -> Check {
    let h = &results.https;
    let Some(summary) = Summary::of(&h.rtt_ms) else {
        let why = match h.failure {
            Some(FetchFailure::Timeout) => "requests timed out".to_string(),
            Some(FetchFailure::Status { code }) => format!("the server answered HTTP {code}"),
            _ => "the browser reported a network error".to_string(),
        };
        return check(
            CheckId::Https,
            Status::Fail,
            format!("The platform could not be reached over HTTPS: {why}."),
            Some("Check the internet connection. If other sites work, ask IT to allow HTTPS (TCP 443) to this server."),
        );
    };
    let figures =
        format!("Median {}, p95 {} over {} requests", ms(summary.median_ms), ms(summary.p95_ms), summary.count);
    let failed = h.attempts.saturating_sub(summary.count as u32);
    let status = rtt_status(summary.median_ms, t);
    if failed > 0 && status != Status::Fail {
        return check(
            CheckId::Https,
            Status::Warn,
            format!("{figures}; {failed} of {} requests failed.", h.attempts),
            Some("Some requests were lost: the connection is unstable. Use a wired connection and ask IT to check the firewall or proxy logs for this server."),
        );
    }
    check(CheckId::Https, status, format!("{figures}."), latency_fix(status))
}

fn websocket(results: &RunResults, t: &Thresholds, https_reachable: bool) -> Check {
    let ws = &results.websocket;
    const BLOCKED_FIX: &str = "Ask IT to let WebSocket connections (HTTP Upgrade, port 443) to this \
         server through the proxy and firewall, and to exclude it from TLS inspection.";
    match ws.failure {
        Some(WsFailure::ConnectFailed) if https_reachable => {
            return check(
                CheckId::WebSocket,
                Status::Fail,
                "A proxy or firewall blocks WebSocket: calls cannot connect.",
                Some(BLOCKED_FIX),
            )
        }
        Some(WsFailure::ConnectFailed) => {
            return check(
                CheckId::WebSocket,
                Status::Fail,
                "WebSocket could not connect either: the platform is unreachable from this network.",
                Some("Fix HTTPS access first (see above), then run the test again."),
            )
        }
        Some(failure) => {
            let what = match failure {
                WsFailure::Timeout => "stopped answering",
                WsFailure::ClosedEarly => "was closed by something on the way",
                _ => "returned altered messages",
            };
            return check(
                CheckId::WebSocket,
                Status::Fail,
                format!("The WebSocket connection opened but {what}: calls would drop."),
                Some(BLOCKED_FIX),
            );
        }
        None => {}
    }
    let connect = ws.connect_ms.map(|v| format!("connected in {}; ", ms(v))).unwrap_or_default();
    let Some(summary) = Summary::of(&ws.echo_rtt_ms) else {
        return check(CheckId::WebSocket, Status::Fail, format!("{connect}no echo came back."), Some(BLOCKED_FIX));
    };
    let status = rtt_status(summary.median_ms, t);
    check(
        CheckId::WebSocket,
        status,
        format!(
            "{}echo median {}, p95 {} over {} round trips.",
            capitalise(&connect),
            ms(summary.median_ms),
            ms(summary.p95_ms),
            summary.count
        ),
        latency_fix(status),
    )
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sip(results: &RunResults, t: &Thresholds) -> Check {
    let sip = &results.websocket.sip;
    const SIP_FIX: &str = "Ask IT to allow SIP over WebSocket (subprotocol \"sip\") to this server \
         and to switch off SIP ALG or SIP inspection on the firewall.";
    if let Some(failure) = sip.failure {
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
        return check(CheckId::SipOverWebSocket, Status::Fail, summary, Some(SIP_FIX));
    }
    match (sip.status, sip.rtt_ms) {
        (Some(200), Some(rtt)) => {
            let status = rtt_status(rtt, t);
            check(
                CheckId::SipOverWebSocket,
                status,
                format!("SIP OPTIONS answered 200 OK in {}.", ms(rtt)),
                latency_fix(status),
            )
        }
        (Some(code), _) => check(
            CheckId::SipOverWebSocket,
            Status::Fail,
            format!("SIP OPTIONS was answered {code} instead of 200 OK."),
            Some(SIP_FIX),
        ),
        _ => check(CheckId::SipOverWebSocket, Status::Fail, "SIP OPTIONS got no answer.", Some(SIP_FIX)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ua::{OsFamily, UaSummary};
    use crate::wire::{BrowserReport, CandidateType, HttpsReport, SipReport, WebSocketReport};

    pub(crate) fn healthy_run() -> RunResults {
        RunResults {
            duration_ms: 4000.0,
            browser: BrowserReport {
                ua: UaSummary { family: BrowserFamily::Chrome, major: Some(131), os: OsFamily::Windows },
                has_rtc_peer_connection: true,
                has_get_user_media: true,
                has_websocket: true,
                device_memory_gb: Some(8.0),
                hardware_concurrency: Some(8),
            },
            https: HttpsReport { rtt_ms: vec![20.0; 10], attempts: 10, failure: None },
            websocket: WebSocketReport {
                connect_ms: Some(30.0),
                echo_rtt_ms: vec![18.0; 20],
                failure: None,
                sip: SipReport { rtt_ms: Some(19.0), status: Some(200), failure: None },
            },
            ice: vec![],
            media: None,
            bandwidth: None,
        }
    }

    fn ice(transport: IceTransport, works: bool) -> IceReport {
        let wanted = if transport == IceTransport::StunUdp { CandidateType::Srflx } else { CandidateType::Relay };
        IceReport {
            transport,
            candidate_types: if works { vec![CandidateType::Host, wanted] } else { vec![CandidateType::Host] },
            first_candidate_ms: Some(1.0),
            gathering_ms: Some(40.0),
            connected: None,
            failure: None,
        }
    }

    fn media(loss_pct: f64, rtt_ms: f64, jitter_ms: f64) -> crate::wire::MediaReport {
        let sent = 500;
        let received = (f64::from(sent) * (1.0 - loss_pct / 100.0)).round() as u32;
        crate::wire::MediaReport {
            calls: 1,
            connect_ms: Some(100.0),
            path: None,
            stream: Some(crate::media::StreamReport {
                sent,
                received,
                loss_pct,
                longest_loss_burst: u32::from(loss_pct > 0.0),
                rtt: Some(crate::stats::Summary {
                    count: received as usize,
                    min_ms: rtt_ms,
                    median_ms: rtt_ms,
                    p95_ms: rtt_ms,
                    max_ms: rtt_ms,
                }),
                jitter_ms: Some(jitter_ms),
            }),
            rtt_series: Vec::new(),
            audio: None,
            failure: None,
        }
    }

    #[test]
    fn call_quality_follows_rtt_jitter_loss_and_mos() {
        let t = Thresholds::default();
        let mut run = healthy_run();
        run.media = Some(media(0.0, 20.0, 1.0));
        let clean = status_of(&run, CheckId::CallQuality);
        assert_eq!(clean.status, Status::Pass, "{}", clean.summary);
        assert!(clean.summary.starts_with("MOS 4.4"), "{}", clean.summary);
        assert!(clean.fix.is_none());

        run.media = Some(media((t.loss_pass_pct + t.loss_fail_pct) / 2.0, 20.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(t.loss_fail_pct + 5.0, 20.0, 1.0));
        let lossy = status_of(&run, CheckId::CallQuality);
        assert_eq!(lossy.status, Status::Fail);
        assert!(lossy.fix.is_some());

        run.media = Some(media(0.0, 20.0, t.jitter_pass_ms + 5.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(0.0, (t.rtt_pass_ms + t.rtt_fail_ms) / 2.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Warn);
        run.media = Some(media(0.0, t.rtt_fail_ms + 200.0, 1.0));
        assert_eq!(status_of(&run, CheckId::CallQuality).status, Status::Fail);
    }

    #[test]
    fn call_quality_without_a_stream_fails_with_a_fix() {
        let mut run = healthy_run();
        let mut failed = media(0.0, 20.0, 1.0);
        failed.stream = None;
        failed.failure = Some(crate::wire::MediaFailure::NotConnected);
        run.media = Some(failed);
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!(check.status, Status::Fail);
        assert!(check.fix.unwrap().contains("UDP"));
    }

    #[test]
    fn call_quality_names_the_calls_and_a_disagreeing_audio_view() {
        let mut run = healthy_run();
        let mut m = media(0.0, 20.0, 1.0);
        m.calls = 20;
        m.audio = Some(crate::wire::AudioStats {
            packets_sent: Some(500),
            rtt_ms: Some(22.0),
            jitter_out_ms: Some(1.0),
            lost_out: Some(0),
            packets_received: Some(500),
            jitter_back_ms: Some(1.0),
            lost_back: Some(0),
        });
        run.media = Some(m.clone());
        let check = status_of(&run, CheckId::CallQuality);
        assert!(check.summary.starts_with("20 simultaneous calls, MOS"), "{}", check.summary);
        assert!(!check.summary.contains("disagree"), "{}", check.summary);
        m.audio.as_mut().unwrap().rtt_ms = Some(180.0);
        run.media = Some(m);
        let check = status_of(&run, CheckId::CallQuality);
        assert_eq!(check.status, Status::Pass, "a disagreement is shown, not judged");
        assert!(check.summary.contains("disagree: round trip 180 ms (audio) vs 20 ms (stream)"), "{}", check.summary);
    }

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
        assert!(check.fix.unwrap().contains("UDP"));
        run.ice[2] = ice(IceTransport::TurnTcp, false);
        assert_eq!(status_of(&run, CheckId::Connectivity).status, Status::Fail);
    }

    #[test]
    fn a_failed_probe_with_a_relay_candidate_does_not_count() {
        let mut run = healthy_run();
        let mut timed_out = ice(IceTransport::TurnUdp, true);
        timed_out.failure = Some(crate::wire::IceFailure::Timeout);
        run.ice = vec![timed_out];
        assert_eq!(status_of(&run, CheckId::Connectivity).status, Status::Fail);
    }

    fn status_of(results: &RunResults, id: CheckId) -> Check {
        evaluate(results, &Thresholds::default(), 1).into_iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn healthy_run_is_ready_without_fixes() {
        let checks = evaluate(&healthy_run(), &Thresholds::default(), 1);
        assert_eq!(overall(&checks), Verdict::Ready);
        assert!(checks.iter().all(|c| c.status == Status::Pass && c.fix.is_none()), "{checks:#?}");
    }

    #[test]
    fn every_warning_and_failure_carries_a_fix() {
        let mut run = healthy_run();
        run.browser.ua.family = BrowserFamily::Safari;
        run.browser.device_memory_gb = Some(4.0);
        run.https.rtt_ms = vec![200.0; 10];
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        run.websocket.sip.failure = Some(SipFailure::ConnectFailed);
        for check in evaluate(&run, &Thresholds::default(), 1) {
            assert_ne!(check.status, Status::Pass, "{check:?}");
            assert!(check.fix.is_some(), "{check:?}");
        }
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
    fn https_verdict_uses_the_median() {
        let mut run = healthy_run();
        run.https.rtt_ms = vec![100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 400.0, 400.0, 400.0, 400.0];
        let check = status_of(&run, CheckId::Https);
        assert_eq!(check.status, Status::Pass);
        assert!(check.summary.contains("Median 100 ms, p95 400 ms over 10 requests"), "{}", check.summary);
        run.https.rtt_ms = vec![200.0; 10];
        assert_eq!(status_of(&run, CheckId::Https).status, Status::Warn);
        run.https.rtt_ms = vec![350.0; 10];
        assert_eq!(status_of(&run, CheckId::Https).status, Status::Fail);
    }

    #[test]
    fn lost_https_requests_warn() {
        let mut run = healthy_run();
        run.https.rtt_ms.truncate(8);
        run.https.failure = Some(FetchFailure::Timeout);
        let check = status_of(&run, CheckId::Https);
        assert_eq!(check.status, Status::Warn);
        assert!(check.summary.contains("2 of 10 requests failed"));
    }

    #[test]
    fn websocket_blocked_while_https_works_blames_proxy() {
        let mut run = healthy_run();
        run.websocket = WebSocketReport {
            connect_ms: None,
            echo_rtt_ms: vec![],
            failure: Some(WsFailure::ConnectFailed),
            sip: SipReport { rtt_ms: None, status: None, failure: Some(SipFailure::ConnectFailed) },
        };
        let check = status_of(&run, CheckId::WebSocket);
        assert_eq!(check.status, Status::Fail);
        assert_eq!(check.summary, "A proxy or firewall blocks WebSocket: calls cannot connect.");
        assert_eq!(overall(&evaluate(&run, &Thresholds::default(), 1)), Verdict::NotReady);
    }

    #[test]
    fn websocket_failing_with_https_blames_reachability_not_proxy() {
        let mut run = healthy_run();
        run.https = HttpsReport { rtt_ms: vec![], attempts: 10, failure: Some(FetchFailure::Network) };
        run.websocket.failure = Some(WsFailure::ConnectFailed);
        let check = status_of(&run, CheckId::WebSocket);
        assert!(check.summary.contains("unreachable"), "{}", check.summary);
    }

    #[test]
    fn unknown_memory_does_not_change_the_verdict() {
        let mut run = healthy_run();
        run.browser.device_memory_gb = None;
        let checks = evaluate(&run, &Thresholds::default(), 1);
        assert_eq!(checks[1].status, Status::Unknown);
        assert!(checks[1].summary.contains("unknown"));
        assert_eq!(overall(&checks), Verdict::Ready);
    }

    #[test]
    fn other_browsers_and_old_versions_warn() {
        let mut run = healthy_run();
        run.browser.ua.family = BrowserFamily::Edge;
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Warn);
        run.browser.ua = UaSummary { family: BrowserFamily::Firefox, major: Some(100), os: OsFamily::Linux };
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Warn);
        run.browser.has_rtc_peer_connection = false;
        assert_eq!(status_of(&run, CheckId::Browser).status, Status::Fail);
    }

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
    fn overall_is_worst_status() {
        let c = |status| Check { id: CheckId::Https, status, summary: String::new(), fix: None };
        assert_eq!(overall(&[]), Verdict::Ready);
        assert_eq!(overall(&[c(Status::Pass), c(Status::Unknown)]), Verdict::Ready);
        assert_eq!(overall(&[c(Status::Pass), c(Status::Warn)]), Verdict::ReadyWithWarnings);
        assert_eq!(overall(&[c(Status::Warn), c(Status::Fail)]), Verdict::NotReady);
    }

    fn transfer(kbps: Option<f64>, loaded_ms: f64) -> crate::wire::TransferReport {
        crate::wire::TransferReport {
            kbps,
            bytes: 1_000_000,
            seconds: 7.0,
            streams: 4,
            samples_kbps: vec![kbps.unwrap_or(0.0); 7],
            loaded_rtt_ms: vec![loaded_ms; 30],
            failure: None,
        }
    }

    fn with_bandwidth(down: Option<f64>, up: Option<f64>, idle: f64, loaded: f64) -> RunResults {
        let mut run = healthy_run();
        run.bandwidth = Some(crate::wire::BandwidthReport {
            idle_rtt_ms: Some(idle),
            down: transfer(down, loaded),
            up: transfer(up, idle + 5.0),
        });
        run
    }

    #[test]
    fn rates_read_naturally() {
        assert_eq!(rate(80.0), "80 kbit/s");
        assert_eq!(rate(1913.0), "1.9 Mbit/s");
        assert_eq!(rate(250_400.0), "250 Mbit/s");
        assert_eq!(rate(7_504_500.0), "7.5 Gbit/s");
    }

    #[test]
    fn capacity_against_the_calls_the_session_needs() {
        let run = with_bandwidth(Some(2000.0), Some(2100.0), 20.0, 30.0);
        let t = Thresholds::default();
        let enough = evaluate(&run, &t, 20).into_iter().find(|c| c.id == CheckId::Bandwidth).unwrap();
        assert_eq!(enough.status, Status::Pass, "{}", enough.summary);
        assert_eq!(
            enough.summary,
            "Download 2.0 Mbit/s, upload 2.1 Mbit/s: this link carries about 20 simultaneous calls at 100 kbit/s each; 20 needed."
        );
        let short = evaluate(&run, &t, 21).into_iter().find(|c| c.id == CheckId::Bandwidth).unwrap();
        assert_eq!(short.status, Status::Fail);
        assert!(short.fix.as_deref().unwrap().contains("download rate is too low for 21"), "{:?}", short.fix);
        assert!(short.fix.as_deref().unwrap().contains("2.1 Mbit/s each way"), "{:?}", short.fix);

        let cut = with_bandwidth(Some(2000.0), None, 20.0, 30.0);
        let cut = status_of(&cut, CheckId::Bandwidth);
        assert_eq!(cut.status, Status::Warn);
        assert!(cut.summary.starts_with("The upload rate could not be measured"), "{}", cut.summary);

        // The reason follows the failure the page recorded.
        let with_failure = |failure| {
            let mut run = with_bandwidth(Some(2000.0), None, 20.0, 30.0);
            run.bandwidth.as_mut().unwrap().up.failure = failure;
            status_of(&run, CheckId::Bandwidth).summary
        };
        assert_eq!(
            with_failure(Some(crate::wire::FetchFailure::Network)),
            "The upload rate could not be measured: transfers to the platform were cut off."
        );
        assert_eq!(
            with_failure(Some(crate::wire::FetchFailure::Status { code: 413 })),
            "The upload rate could not be measured: the platform refused the transfers (HTTP 413)."
        );
        assert_eq!(
            with_failure(Some(crate::wire::FetchFailure::Timeout)),
            "The upload rate could not be measured: too little got through in the time allowed."
        );
    }

    #[test]
    fn loaded_latency_warns_above_the_increase_threshold() {
        let calm = status_of(&with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 119.0), CheckId::LoadedLatency);
        assert_eq!(calm.status, Status::Pass, "{}", calm.summary);
        let bloated = status_of(&with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0), CheckId::LoadedLatency);
        assert_eq!(bloated.status, Status::Warn);
        assert!(bloated.summary.contains("up to 600 ms more"), "{}", bloated.summary);
        assert!(bloated.summary.contains("(download)"), "{}", bloated.summary);
        assert!(bloated.fix.is_some());
        let mut no_pings = with_bandwidth(Some(5000.0), Some(5000.0), 20.0, 620.0);
        no_pings.bandwidth.as_mut().unwrap().idle_rtt_ms = None;
        assert!(evaluate(&no_pings, &Thresholds::default(), 1).iter().all(|c| c.id != CheckId::LoadedLatency));
    }
}
