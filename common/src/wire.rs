//! JSON shapes exchanged between the page and the server, and stored as runs.
//! Units are in the field names. Everything that arrives from a browser denies
//! unknown fields, so a typo or an unexpected extra is an error, not silently lost.

use serde::{Deserialize, Serialize};

use crate::ua::UaSummary;
use crate::verdict::{Check, Thresholds, Verdict};

/// Longest session label accepted, in characters.
pub const MAX_LABEL_CHARS: usize = 120;
/// Most simultaneous calls a session may ask to check.
pub const MAX_CALLS: u32 = 1000;
/// Largest request body the API accepts.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// `POST /api/sessions`; both fields optional, an empty body is allowed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionRequest {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub calls: Option<u32>,
}

/// Answer to `POST /api/sessions` (status 201).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionCreated {
    pub code: String,
    pub agent_url: String,
    pub results_url: String,
}

/// `GET /api/sessions/{code}`: the session and every run, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub code: String,
    pub label: Option<String>,
    pub calls: Option<u32>,
    pub created_at_ms: i64,
    /// The per-call rate this server judges capacity with (kbit/s each way).
    #[serde(default = "default_per_call_kbps")]
    pub per_call_kbps: f64,
    pub runs: Vec<RunView>,
}

fn default_per_call_kbps() -> f64 {
    crate::verdict::Thresholds::default().per_call_kbps
}

/// One stored run as support reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunView {
    pub id: i64,
    pub created_at_ms: i64,
    pub verdict: Verdict,
    pub checks: Vec<Check>,
    pub results: RunResults,
    pub network: NetworkFacts,
}

/// What the server saw of the agent's network, already anonymised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkFacts {
    /// The client address truncated to its network (IPv4 /24, IPv6 /48).
    pub client_prefix: String,
    /// Keyed hash of the full address: equal values mean the same public address.
    pub client_id: String,
    /// Browser family, major version and OS from the User-Agent header.
    pub user_agent: UaSummary,
}

/// `POST /api/sessions/{code}/runs`. `client_run_id` makes retries idempotent: a
/// second save of the same run returns the first one's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSubmission {
    pub client_run_id: String,
    pub results: RunResults,
}

/// Answer to a saved run (201, or 200 when it was already saved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSaved {
    pub id: i64,
    pub verdict: Verdict,
    pub checks: Vec<Check>,
}

/// Everything the probes measured in one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunResults {
    pub duration_ms: f64,
    pub browser: BrowserReport,
    pub https: HttpsReport,
    pub websocket: WebSocketReport,
    /// One report per ICE transport probed; empty when the server offers no STUN/TURN.
    #[serde(default)]
    pub ice: Vec<IceReport>,
    /// The call-like stream through the echo peer; `None` when the server has none.
    #[serde(default)]
    pub media: Option<MediaReport>,
    /// Download and upload rates with latency under load; `None` when not measured.
    #[serde(default)]
    pub bandwidth: Option<BandwidthReport>,
}

/// Download then upload over HTTPS on parallel streams, with WebSocket pings every
/// ~200 ms while each runs (shared/guide/measurement.md, "Bandwidth").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandwidthReport {
    /// Round trip on an idle link: the median of the pings sent before the transfers.
    pub idle_rtt_ms: Option<f64>,
    pub down: TransferReport,
    pub up: TransferReport,
}

impl BandwidthReport {
    /// Simultaneous calls the slower direction carries; `None` unless both were measured.
    pub fn capacity(&self, per_call_kbps: f64) -> Option<u32> {
        Some(crate::bandwidth::capacity(self.down.kbps?, self.up.kbps?, per_call_kbps))
    }

    /// The largest rise of the loaded round trip over the idle one, and in which direction.
    pub fn worst_increase(&self) -> Option<(f64, &'static str)> {
        let idle = self.idle_rtt_ms?;
        [(&self.down, "download"), (&self.up, "upload")]
            .into_iter()
            .filter_map(|(t, name)| Some((t.loaded_rtt()? - idle, name)))
            .max_by(|a, b| a.0.total_cmp(&b.0))
    }
}

/// One direction of the bandwidth test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferReport {
    /// Steady-state rate after the ramp-up (kbit/s); for uploads, what the server
    /// received. `None` when it could not be measured.
    pub kbps: Option<f64>,
    /// Bytes counted in the whole transfer.
    pub bytes: u64,
    /// How long the transfer ran.
    pub seconds: f64,
    /// Parallel HTTP streams used at the end.
    pub streams: u32,
    /// The rate in each second, for the chart.
    pub samples_kbps: Vec<f64>,
    /// Round trips of the pings answered while the transfer ran, in order.
    pub loaded_rtt_ms: Vec<f64>,
    pub failure: Option<FetchFailure>,
}

impl TransferReport {
    /// The median round trip under load.
    pub fn loaded_rtt(&self) -> Option<f64> {
        crate::stats::Summary::of(&self.loaded_rtt_ms).map(|s| s.median_ms)
    }
}

/// What `POST /api/upload` answers: what the server received, timed on its clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadReceipt {
    pub bytes: u64,
    /// Server clock (ms since it started): when the request (headers, then at once
    /// its body) arrived, and when the last body byte did.
    pub first_byte_ms: f64,
    pub last_byte_ms: f64,
}

/// The call-quality stream: G.711-like packets over an unordered, no-retransmit data
/// channel to the server's echo peer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaReport {
    /// Simultaneous simulated calls, each its own 50 packet/s stream.
    #[serde(default = "one_call")]
    pub calls: u32,
    /// Time from the offer to the open data channel.
    pub connect_ms: Option<f64>,
    /// The pair the calls went over.
    #[serde(default)]
    pub path: Option<ConnectedPair>,
    /// All calls together: sums of packets, RTT over every echo, the worst call's
    /// jitter and longest loss burst.
    pub stream: Option<crate::media::StreamReport>,
    /// `[seconds since the first packet, round trip ms]`, at most a few hundred points.
    pub rtt_series: Vec<[f64; 2]>,
    /// The browser's own statistics of a real audio track looped back by the server.
    #[serde(default)]
    pub audio: Option<AudioStats>,
    pub failure: Option<MediaFailure>,
}

fn one_call() -> u32 {
    1
}

/// `getStats()` of the looped-back audio track: `remote-inbound-rtp` (what the
/// server's receiver reports say of our sending) and `inbound-rtp` (the echo).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudioStats {
    /// `outbound-rtp.packetsSent`.
    pub packets_sent: Option<u64>,
    /// `remote-inbound-rtp.roundTripTime`, in ms.
    pub rtt_ms: Option<f64>,
    /// `remote-inbound-rtp.jitter` (toward the server), in ms.
    pub jitter_out_ms: Option<f64>,
    /// `remote-inbound-rtp.packetsLost` (toward the server).
    pub lost_out: Option<i64>,
    /// `inbound-rtp.packetsReceived` (the echo).
    pub packets_received: Option<u64>,
    /// `inbound-rtp.jitter` (the echo's way back), in ms.
    pub jitter_back_ms: Option<f64>,
    /// `inbound-rtp.packetsLost` (on the way back).
    pub lost_back: Option<i64>,
}

impl AudioStats {
    /// Round-trip loss as the browser's counters give it: lost one way, then lost
    /// on the way back out of what arrived.
    pub fn loss_pct(&self) -> Option<f64> {
        let out = loss_fraction(self.lost_out?, self.packets_sent?)?;
        let received = self.packets_received?;
        let back = loss_fraction(self.lost_back?, received + self.lost_back?.max(0) as u64)?;
        Some((1.0 - (1.0 - out) * (1.0 - back)) * 100.0)
    }

    /// Where this view and the call-quality stream disagree beyond what the two
    /// methods explain, in words; `None` when they agree or cannot be compared.
    pub fn disagreement(&self, stream: &crate::media::StreamReport) -> Option<String> {
        let mut found = Vec::new();
        if let (Some(audio), Some(rtt)) = (self.rtt_ms, stream.rtt.as_ref()) {
            // RTCP round trips are sampled every few seconds: allow 20 ms plus half.
            let tolerance = 20.0 + 0.5 * audio.max(rtt.median_ms);
            if (audio - rtt.median_ms).abs() > tolerance {
                found.push(format!(
                    "round trip {} (audio) vs {} (stream)",
                    crate::stats::ms(audio),
                    crate::stats::ms(rtt.median_ms)
                ));
            }
        }
        if let Some(loss) = self.loss_pct() {
            if (loss - stream.loss_pct).abs() > 2.0 + 0.25 * loss.max(stream.loss_pct) {
                found.push(format!("loss {loss:.1} % (audio) vs {:.1} % (stream)", stream.loss_pct));
            }
        }
        (!found.is_empty()).then(|| found.join("; "))
    }
}

fn loss_fraction(lost: i64, total: u64) -> Option<f64> {
    (total > 0).then(|| (lost.max(0) as f64 / total as f64).clamp(0.0, 1.0))
}

impl MediaReport {
    /// MOS from the median RTT, jitter and loss.
    pub fn mos(&self) -> Option<f64> {
        let stream = self.stream.as_ref()?;
        let rtt = stream.rtt.as_ref()?.median_ms;
        Some(crate::media::mos(rtt, stream.jitter_ms.unwrap_or(0.0), stream.loss_pct))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaFailure {
    /// `/ws/rtc` could not be used.
    Signalling,
    /// The peer connection never opened its data channel.
    NotConnected,
}

/// How the page reaches our STUN/TURN server in one ICE probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IceTransport {
    StunUdp,
    TurnUdp,
    TurnTcp,
    TurnTls,
}

impl IceTransport {
    /// The transport an ICE server URL (RFC 7064/7065) uses.
    pub fn of_url(url: &str) -> Option<IceTransport> {
        let (scheme, rest) = url.split_once(':')?;
        let tcp = rest.split_once('?').is_some_and(|(_, query)| query.split('&').any(|p| p == "transport=tcp"));
        match scheme {
            "stun" => Some(IceTransport::StunUdp),
            "turn" if tcp => Some(IceTransport::TurnTcp),
            "turn" => Some(IceTransport::TurnUdp),
            "turns" => Some(IceTransport::TurnTls),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IceTransport::StunUdp => "STUN over UDP",
            IceTransport::TurnUdp => "TURN over UDP",
            IceTransport::TurnTcp => "TURN over TCP",
            IceTransport::TurnTls => "TURN over TLS",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateType {
    Host,
    Srflx,
    Prflx,
    Relay,
}

/// One ICE gathering probe. Candidate addresses never leave the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IceReport {
    pub transport: IceTransport,
    /// Candidate types seen, without duplicates, sorted.
    pub candidate_types: Vec<CandidateType>,
    pub first_candidate_ms: Option<f64>,
    /// Until gathering completed; `None` when it did not within the probe (the
    /// probe connects on its first useful candidate and waits at most a second more).
    pub gathering_ms: Option<f64>,
    /// The pair ICE connected with, through this server alone, to our echo peer.
    #[serde(default)]
    pub connected: Option<ConnectedPair>,
    pub failure: Option<IceFailure>,
}

/// The candidate pair a peer connection selected. Types and protocols only: the
/// addresses stay in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectedPair {
    pub local: CandidateType,
    pub remote: CandidateType,
    /// How the browser reaches the TURN server, when the local candidate is a relay.
    pub relay_protocol: Option<RelayProtocol>,
    /// From the offer to ICE connected.
    pub connect_ms: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayProtocol {
    Udp,
    Tcp,
    Tls,
}

impl RelayProtocol {
    /// From the `relayProtocol` of a local-candidate stats entry.
    pub fn parse(raw: &str) -> Option<RelayProtocol> {
        match raw.to_ascii_lowercase().as_str() {
            "udp" => Some(RelayProtocol::Udp),
            "tcp" => Some(RelayProtocol::Tcp),
            "tls" => Some(RelayProtocol::Tls),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RelayProtocol::Udp => "UDP",
            RelayProtocol::Tcp => "TCP",
            RelayProtocol::Tls => "TLS",
        }
    }
}

impl CandidateType {
    pub fn parse(raw: &str) -> Option<CandidateType> {
        match raw {
            "host" => Some(CandidateType::Host),
            "srflx" | "serverreflexive" => Some(CandidateType::Srflx),
            "prflx" | "peerreflexive" => Some(CandidateType::Prflx),
            "relay" | "relayed" => Some(CandidateType::Relay),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CandidateType::Host => "host",
            CandidateType::Srflx => "server-reflexive",
            CandidateType::Prflx => "peer-reflexive",
            CandidateType::Relay => "relay",
        }
    }
}

impl ConnectedPair {
    /// "relay (TCP) → host, 45 ms".
    pub fn describe(&self) -> String {
        let local = match self.relay_protocol {
            Some(protocol) => format!("{} ({})", self.local.label(), protocol.label()),
            None => self.local.label().to_string(),
        };
        format!("{local} → {}, {}", self.remote.label(), crate::stats::ms(self.connect_ms))
    }
}

impl IceReport {
    /// Whether the probe proved what its transport exists to prove: for TURN, a
    /// relayed candidate (and, since connections are probed, a connection through
    /// it); for STUN, a direct UDP path: a server-reflexive candidate or a direct
    /// connection (a host on a public address has no reflexive candidate).
    pub fn succeeded(&self) -> bool {
        if self.failure.is_some() {
            return false;
        }
        match self.transport {
            IceTransport::StunUdp => {
                self.candidate_types.contains(&CandidateType::Srflx)
                    || self.connected.as_ref().is_some_and(|p| p.local != CandidateType::Relay)
            }
            _ => self.candidate_types.contains(&CandidateType::Relay),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IceFailure {
    /// The browser refused the configuration or has no WebRTC.
    Unsupported,
    /// Gathering ended without the candidate the transport should give.
    NoCandidate,
    /// No useful candidate (a relay for TURN, any for STUN) came in time.
    Timeout,
    /// Candidates were gathered but no pair connected to the echo peer.
    NotConnected,
}

#[cfg(test)]
mod tests {
    use super::{AudioStats, IceTransport};

    fn audio(sent: u64, lost_out: i64, received: u64, lost_back: i64) -> AudioStats {
        AudioStats {
            packets_sent: Some(sent),
            rtt_ms: Some(10.0),
            jitter_out_ms: None,
            lost_out: Some(lost_out),
            packets_received: Some(received),
            jitter_back_ms: None,
            lost_back: Some(lost_back),
        }
    }

    #[test]
    fn audio_round_trip_loss_compounds_both_ways() {
        assert_eq!(audio(1000, 0, 1000, 0).loss_pct(), Some(0.0));
        // 5 % lost out, then 5 % of the 950 echoes lost back: 9.75 % round trip.
        let loss = audio(1000, 50, 903, 47).loss_pct().unwrap();
        assert!((loss - 9.7).abs() < 0.1, "{loss}");
        assert_eq!(audio(0, 0, 0, 0).loss_pct(), None, "nothing sent: no figure");
        // Negative packetsLost (duplicates) counts as none.
        assert_eq!(audio(100, -2, 100, 0).loss_pct(), Some(0.0));
    }

    #[test]
    fn audio_view_disagreement_is_named_beyond_tolerance() {
        let stream = |loss_pct: f64, rtt: f64| crate::media::StreamReport {
            sent: 500,
            received: 500,
            loss_pct,
            longest_loss_burst: 0,
            rtt: crate::stats::Summary::of(&[rtt]),
            jitter_ms: Some(1.0),
        };
        let a = audio(1000, 50, 903, 47);
        assert_eq!(a.disagreement(&stream(10.0, 15.0)), None, "same loss, RTT within 20 ms + 50 %");
        let both = a.disagreement(&stream(0.0, 120.0)).unwrap();
        assert!(both.contains("round trip") && both.contains("loss 9.7 % (audio) vs 0.0 % (stream)"), "{both}");
        let unknown = AudioStats::default();
        assert_eq!(unknown.disagreement(&stream(50.0, 500.0)), None, "nothing to compare");
    }

    #[test]
    fn ice_urls_name_their_transport() {
        assert_eq!(IceTransport::of_url("stun:stun.example.com:3478"), Some(IceTransport::StunUdp));
        assert_eq!(IceTransport::of_url("turn:t.example.com:3478?transport=udp"), Some(IceTransport::TurnUdp));
        assert_eq!(IceTransport::of_url("turn:t.example.com"), Some(IceTransport::TurnUdp));
        assert_eq!(IceTransport::of_url("turn:t.example.com:3478?transport=tcp"), Some(IceTransport::TurnTcp));
        assert_eq!(IceTransport::of_url("turns:t.example.com:443?transport=tcp"), Some(IceTransport::TurnTls));
        assert_eq!(IceTransport::of_url("https://t.example.com"), None);
        assert_eq!(IceTransport::of_url("nonsense"), None);
    }
}

/// An entry of `RTCConfiguration.iceServers`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

/// One ICE probe the page should run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IceProbePlan {
    pub transport: IceTransport,
    pub ice_server: IceServer,
    /// `iceTransportPolicy: "relay"`.
    pub relay_only: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrowserReport {
    pub ua: UaSummary,
    pub has_rtc_peer_connection: bool,
    pub has_get_user_media: bool,
    pub has_websocket: bool,
    /// `navigator.deviceMemory` (Chromium only, capped at 8); `None` = not reported.
    pub device_memory_gb: Option<f64>,
    pub hardware_concurrency: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpsReport {
    /// Round-trip times of the requests that succeeded.
    pub rtt_ms: Vec<f64>,
    pub attempts: u32,
    /// The last failure, if any request failed.
    pub failure: Option<FetchFailure>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FetchFailure {
    /// The browser reported a network error (DNS, refused, reset, blocked).
    Network,
    Timeout,
    Status {
        code: u16,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSocketReport {
    pub connect_ms: Option<f64>,
    pub echo_rtt_ms: Vec<f64>,
    pub failure: Option<WsFailure>,
    pub sip: SipReport,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WsFailure {
    /// The connection never opened.
    ConnectFailed,
    /// Opened, but echoes stopped arriving.
    Timeout,
    /// Opened, then closed by something in between.
    ClosedEarly,
    /// An echo came back altered.
    BadEcho,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SipReport {
    /// Time from sending OPTIONS to receiving the matching final response.
    pub rtt_ms: Option<f64>,
    pub status: Option<u16>,
    pub failure: Option<SipFailure>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SipFailure {
    ConnectFailed,
    /// The connection opened without the `sip` subprotocol (a proxy stripped it).
    SubprotocolRefused,
    Timeout,
    ClosedEarly,
    /// The answer was not a SIP response to our request.
    BadResponse,
}

/// `GET /api/config`: what the page needs before it starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClientConfig {
    pub thresholds: Thresholds,
    pub https_pings: u32,
    pub ws_echoes: u32,
    /// ICE probes with fresh TURN credentials; empty without STUN/TURN.
    #[serde(default)]
    pub ice: Vec<IceProbePlan>,
    /// The same servers as one `RTCConfiguration.iceServers` list, ready for a
    /// softphone or a quick `new RTCPeerConnection({iceServers})` in a console.
    #[serde(default, rename = "iceServers")]
    pub ice_servers: Vec<IceServer>,
    /// Length of the call-quality stream; 0 = no echo peer.
    #[serde(default)]
    pub media_seconds: u32,
    /// Length of each bandwidth direction; 0 = no bandwidth test.
    #[serde(default)]
    pub bandwidth_seconds: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            thresholds: Thresholds::default(),
            https_pings: 10,
            ws_echoes: 20,
            ice: Vec::new(),
            ice_servers: Vec::new(),
            media_seconds: 0,
            bandwidth_seconds: 0,
        }
    }
}

/// Every API error: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}
