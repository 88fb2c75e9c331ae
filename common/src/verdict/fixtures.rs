//! Hand-made runs the verdict tests start from: a healthy run, and the pieces the
//! tests change in it.

use crate::probes::bandwidth::{BandwidthReport, TransferReport};
use crate::probes::browser::BrowserReport;
use crate::probes::https::HttpsReport;
use crate::probes::ice::{CandidateType, IceReport, IceTransport};
use crate::probes::media::{MediaReport, StreamReport};
use crate::probes::websocket::{SipReport, WebSocketReport};
use crate::probes::RunResults;
use crate::stats::Summary;
use crate::thresholds::Thresholds;
use crate::ua::{BrowserFamily, OsFamily, UaSummary};
use crate::verdict::{evaluate, Check, CheckId};

/// A run on a good network with nothing wrong: every check passes.
pub(crate) fn healthy_run() -> RunResults {
    RunResults {
        duration_ms: 4000.0,
        server_host: Some("callready.example.com:443".into()),
        browser: BrowserReport {
            ua: UaSummary { family: BrowserFamily::Chrome, major: Some(131), os: OsFamily::Windows },
            has_rtc_peer_connection: true,
            has_get_user_media: true,
            has_websocket: true,
            device_memory_gb: Some(8.0),
            hardware_concurrency: Some(8),
        },
        https: HttpsReport { rtt_ms: vec![20.0; 10], attempts: 10, failure: None, page_timed: 0 },
        websocket: WebSocketReport {
            connect_ms: Some(30.0),
            echo_rtt_ms: vec![18.0; 20],
            failure: None,
            sip: SipReport { rtt_ms: Some(19.0), status: Some(200), failure: None },
        },
        ice: vec![],
        media: None,
        bandwidth: None,
        platform: None,
        path: None,
        public: None,
        nat: None,
        tls: None,
        hidden_during: Vec::new(),
        regions: None,
    }
}

/// The line `id` of `results`, judged with the default thresholds for one call.
pub(crate) fn status_of(results: &RunResults, id: CheckId) -> Check {
    evaluate(results, &Thresholds::default(), 1).into_iter().find(|c| c.id == id).unwrap()
}

/// An ICE probe of `transport` against `callready.example.com` that gathered what it
/// should (`works`) or only host candidates.
pub(crate) fn ice(transport: IceTransport, works: bool) -> IceReport {
    let wanted = if transport == IceTransport::StunUdp { CandidateType::Srflx } else { CandidateType::Relay };
    let url = match transport {
        IceTransport::StunUdp => "stun:callready.example.com:3478",
        IceTransport::TurnUdp => "turn:callready.example.com:3478?transport=udp",
        IceTransport::TurnTcp => "turn:callready.example.com:3478?transport=tcp",
        IceTransport::TurnTls => "turns:callready.example.com:5349?transport=tcp",
    };
    IceReport {
        transport,
        url: Some(url.into()),
        untrusted_certificate: false,
        candidate_types: if works { vec![CandidateType::Host, wanted] } else { vec![CandidateType::Host] },
        first_candidate_ms: Some(1.0),
        gathering_ms: Some(40.0),
        connected: None,
        failure: None,
    }
}

/// A one-call stream with these figures over 500 packets.
pub(crate) fn media(loss_pct: f64, rtt_ms: f64, jitter_ms: f64) -> MediaReport {
    let sent = 500;
    let received = (f64::from(sent) * (1.0 - loss_pct / 100.0)).round() as u32;
    MediaReport {
        calls: 1,
        connect_ms: Some(100.0),
        path: None,
        stream: Some(StreamReport {
            sent,
            received,
            loss_pct,
            longest_loss_burst: u32::from(loss_pct > 0.0),
            rtt: Some(Summary {
                count: received as usize,
                min_ms: rtt_ms,
                median_ms: rtt_ms,
                p95_ms: rtt_ms,
                max_ms: rtt_ms,
            }),
            jitter_ms: Some(jitter_ms),
            clock_jumps: 0,
        }),
        rtt_series: Vec::new(),
        audio: None,
        failure: None,
    }
}

pub(crate) fn transfer(kbps: Option<f64>, loaded_ms: f64) -> TransferReport {
    TransferReport {
        counted_at: None,
        kbps,
        bytes: 1_000_000,
        seconds: 7.0,
        streams: 4,
        samples_kbps: vec![kbps.unwrap_or(0.0); 7],
        loaded_rtt_ms: vec![loaded_ms; 30],
        failure: None,
    }
}

/// A healthy run with a bandwidth test: these rates, an idle round trip, and a
/// round trip under download load (upload adds 5 ms).
pub(crate) fn with_bandwidth(down: Option<f64>, up: Option<f64>, idle: f64, loaded: f64) -> RunResults {
    let mut run = healthy_run();
    run.bandwidth =
        Some(BandwidthReport { idle_rtt_ms: Some(idle), down: transfer(down, loaded), up: transfer(up, idle + 5.0) });
    run
}
