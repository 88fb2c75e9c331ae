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
    pub runs: Vec<RunView>,
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
}

/// The call-quality stream: G.711-like packets over an unordered, no-retransmit data
/// channel to the server's echo peer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaReport {
    /// Time from the offer to the open data channel.
    pub connect_ms: Option<f64>,
    pub stream: Option<crate::media::StreamReport>,
    /// `[seconds since the first packet, round trip ms]`, at most a few hundred points.
    pub rtt_series: Vec<[f64; 2]>,
    pub failure: Option<MediaFailure>,
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
    /// Until gathering completed; `None` when it timed out.
    pub gathering_ms: Option<f64>,
    pub failure: Option<IceFailure>,
}

impl IceReport {
    /// Whether the probe got what its transport exists to prove: a relayed candidate
    /// for TURN, a server-reflexive one for STUN.
    pub fn succeeded(&self) -> bool {
        let wanted = match self.transport {
            IceTransport::StunUdp => CandidateType::Srflx,
            _ => CandidateType::Relay,
        };
        self.failure.is_none() && self.candidate_types.contains(&wanted)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IceFailure {
    /// The browser refused the configuration or has no WebRTC.
    Unsupported,
    /// Gathering ended without the candidate the transport should give.
    NoCandidate,
    /// Gathering did not finish in time.
    Timeout,
}

#[cfg(test)]
mod tests {
    use super::IceTransport;

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
    pub username: Option<String>,
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
    /// Length of the call-quality stream; 0 = no echo peer.
    #[serde(default)]
    pub media_seconds: u32,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            thresholds: Thresholds::default(),
            https_pings: 10,
            ws_echoes: 20,
            ice: Vec::new(),
            media_seconds: 0,
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
