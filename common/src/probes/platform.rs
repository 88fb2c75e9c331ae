//! What a requirement profile adds to a run, probed from the page: the TCP ports
//! the platform names (a fetch and a WebSocket to each, on this server), its UDP
//! media ranges (a sample of ports, each tried with STUN/TURN and confirmed by the
//! server), and the web addresses it needs (a `no-cors` fetch each). Ports and the
//! platform's own host names leave the browser; the agent's addresses never do.

use serde::{Deserialize, Serialize};

/// The profile's probes of one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformReport {
    /// The host name the TCP ports were probed on (this server, as the page knows it).
    pub tcp_host: String,
    /// The host name the UDP ports were probed on (this server's STUN/TURN host).
    #[serde(default)]
    pub udp_host: String,
    /// One entry per TCP port of the profile.
    #[serde(default)]
    pub tcp: Vec<TcpPortReport>,
    /// One entry per UDP range of the profile.
    #[serde(default)]
    pub udp: Vec<UdpRangeReport>,
    /// One entry per web address of the profile.
    #[serde(default)]
    pub domains: Vec<DomainReport>,
}

/// How one TCP port answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortOutcome {
    /// A fetch and a WebSocket both got through.
    Open,
    /// The fetch got through, the WebSocket did not: something on the way strips
    /// WebSocket upgrades on this port.
    WebSocketBlocked,
    /// Neither got through, and the browser said so at once (refused or reset).
    Refused,
    /// Neither got through within the probe's time (dropped on the way).
    TimedOut,
    /// This server does not listen on the port: not tested.
    NotOffered,
    /// Browsers never connect to this port (the Fetch standard's bad ports): not tested.
    BrowserRefuses,
    /// The page is on HTTPS and the port's certificate is self-signed: not tested.
    UntrustedCertificate,
}

impl PortOutcome {
    /// Whether the probe says anything about the agent's network.
    pub fn tested(self) -> bool {
        matches!(self, PortOutcome::Open | PortOutcome::WebSocketBlocked | PortOutcome::Refused | PortOutcome::TimedOut)
    }
}

/// One TCP port of the profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TcpPortReport {
    /// The port.
    pub port: u16,
    /// Whether the platform speaks TLS on it (from the profile).
    #[serde(default)]
    pub tls: bool,
    /// How it answered.
    pub outcome: PortOutcome,
    /// The fetch's time when it got through.
    #[serde(default)]
    pub ms: Option<f64>,
}

/// Why a UDP range could not be sampled at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UdpSampleFailure {
    /// The browser refused the peer connections (WebRTC off).
    Unsupported,
    /// The server could not be asked which ports it heard from.
    NoAnswer,
}

/// One UDP range of the profile, sampled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UdpRangeReport {
    /// First port of the range.
    pub from: u16,
    /// Last port of the range.
    pub to: u16,
    /// The ports tried, on which this server answers.
    pub sampled: Vec<u16>,
    /// Of those, the ones the server heard the page's probe on (and answered).
    pub reached: Vec<u16>,
    /// Sample ports this server does not answer on: not tested.
    #[serde(default)]
    pub not_offered: Vec<u16>,
    /// Why nothing could be said, if so.
    #[serde(default)]
    pub failure: Option<UdpSampleFailure>,
}

impl UdpRangeReport {
    /// The sampled ports the page's probe did not get through on.
    pub fn unreached(&self) -> Vec<u16> {
        self.sampled.iter().copied().filter(|p| !self.reached.contains(p)).collect()
    }

    /// "UDP 16384–32768".
    pub fn describe(&self) -> String {
        crate::profile::UdpRange { from: self.from, to: self.to, purpose: String::new() }.describe()
    }
}

/// How one web address answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DomainOutcome {
    /// An answer came (its content is not readable from the page, nor needed).
    Reachable,
    /// The browser reported a network error: blocked, refused, or the name does not resolve.
    Failed,
    /// No answer within the probe's time.
    TimedOut,
    /// An `http://` address from a page on HTTPS: browsers block it, not tested.
    Insecure,
}

/// One web address of the profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainReport {
    /// The URL fetched.
    pub url: String,
    /// How it answered.
    pub outcome: DomainOutcome,
    /// Time to the answer when one came.
    #[serde(default)]
    pub ms: Option<f64>,
}

/// Longest the page waits for a TCP port or a web address.
pub const REACH_TIMEOUT_MS: u32 = 4_000;
/// Longest the page lets its UDP probes run before asking the server what it heard.
pub const UDP_SAMPLE_MS: u32 = 3_000;
