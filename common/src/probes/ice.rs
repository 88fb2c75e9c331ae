//! ICE probes: gathering against our STUN server and our TURN server over each
//! transport, then a connection through that server alone to the echo peer.
//! Candidate types, protocols and timings leave the browser; addresses never do.

use serde::{Deserialize, Serialize};

/// How the page reaches our STUN/TURN server in one ICE probe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IceTransport {
    /// STUN over UDP: binding requests only, no relay.
    StunUdp,
    /// TURN relay reached over UDP.
    TurnUdp,
    /// TURN relay reached over TCP.
    TurnTcp,
    /// TURN relay reached over TLS (`turns:`).
    TurnTls,
}

impl IceTransport {
    /// The transport an ICE server URL (RFC 7064/7065) uses.
    pub fn of_url(url: &str) -> Option<IceTransport> {
        IceUrl::parse(url).map(|u| u.transport)
    }

    /// The transport's name in the report ("TURN over TCP").
    pub fn label(self) -> &'static str {
        match self {
            IceTransport::StunUdp => "STUN over UDP",
            IceTransport::TurnUdp => "TURN over UDP",
            IceTransport::TurnTcp => "TURN over TCP",
            IceTransport::TurnTls => "TURN over TLS",
        }
    }

    /// How a relay candidate gathered through this transport reaches the TURN
    /// server; `None` for STUN, which gathers none.
    pub fn relay_protocol(self) -> Option<RelayProtocol> {
        match self {
            IceTransport::StunUdp => None,
            IceTransport::TurnUdp => Some(RelayProtocol::Udp),
            IceTransport::TurnTcp => Some(RelayProtocol::Tcp),
            IceTransport::TurnTls => Some(RelayProtocol::Tls),
        }
    }

    /// The wire protocol toward the server, as a firewall rule names it.
    pub fn protocol(self) -> &'static str {
        match self {
            IceTransport::StunUdp | IceTransport::TurnUdp => "UDP",
            IceTransport::TurnTcp | IceTransport::TurnTls => "TCP",
        }
    }
}

/// A `stun:`, `turn:` or `turns:` URL taken apart: what the fixes name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IceUrl {
    /// What the scheme and its `transport` parameter select.
    pub transport: IceTransport,
    /// Host name or address (an IPv6 address without its brackets).
    pub host: String,
    /// The URL's port, or the scheme's default (3478, 5349 for `turns:`).
    pub port: u16,
}

impl IceUrl {
    /// Parses `scheme:host[:port][?transport=udp|tcp]`; the port defaults to 3478
    /// (5349 for `turns:`).
    pub fn parse(url: &str) -> Option<IceUrl> {
        let (scheme, rest) = url.split_once(':')?;
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let tcp = query.split('&').any(|p| p == "transport=tcp");
        let transport = match scheme {
            "stun" => IceTransport::StunUdp,
            "turn" if tcp => IceTransport::TurnTcp,
            "turn" => IceTransport::TurnUdp,
            "turns" => IceTransport::TurnTls,
            _ => return None,
        };
        let default_port = if transport == IceTransport::TurnTls { 5349 } else { 3478 };
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (host, after) = v6.split_once(']')?;
                (host, after.strip_prefix(':'))
            }
            None => match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            },
        };
        let port = match port {
            Some(p) => p.parse().ok()?,
            None => default_port,
        };
        if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c)) {
            return None;
        }
        Some(IceUrl { transport, host: host.to_string(), port })
    }

    /// "UDP callready.example.com:3478".
    pub fn describe(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("{} {host}:{}", self.transport.protocol(), self.port)
    }
}

/// An ICE candidate type (RFC 8445), as the browser names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateType {
    /// An address of one of the browser's own interfaces.
    Host,
    /// Server-reflexive: the public address a STUN server saw.
    Srflx,
    /// Peer-reflexive: an address learnt from the other side's connectivity checks.
    Prflx,
    /// An address allocated on a TURN server.
    Relay,
}

impl CandidateType {
    /// From a candidate's `type` or a stats entry's `candidateType` (the older long
    /// spellings too); `None` for anything else.
    pub fn parse(raw: &str) -> Option<CandidateType> {
        match raw {
            "host" => Some(CandidateType::Host),
            "srflx" | "serverreflexive" => Some(CandidateType::Srflx),
            "prflx" | "peerreflexive" => Some(CandidateType::Prflx),
            "relay" | "relayed" => Some(CandidateType::Relay),
            _ => None,
        }
    }

    /// The type as the report writes it ("server-reflexive").
    pub fn label(self) -> &'static str {
        match self {
            CandidateType::Host => "host",
            CandidateType::Srflx => "server-reflexive",
            CandidateType::Prflx => "peer-reflexive",
            CandidateType::Relay => "relay",
        }
    }
}

/// One ICE probe.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IceReport {
    /// The transport probed.
    pub transport: IceTransport,
    /// The server URL probed (`turn:host:port?transport=udp`), for the fixes.
    #[serde(default)]
    pub url: Option<String>,
    /// The server told the page its certificate is self-signed: browsers refuse it,
    /// so a failure says nothing about the agent's network.
    #[serde(default)]
    pub untrusted_certificate: bool,
    /// Candidate types seen, without duplicates, sorted.
    pub candidate_types: Vec<CandidateType>,
    /// From the probe's start to its first candidate of any type; `None` when none came.
    pub first_candidate_ms: Option<f64>,
    /// Until gathering completed; `None` when it did not within the probe (the
    /// probe connects on its first useful candidate and waits at most a second more).
    pub gathering_ms: Option<f64>,
    /// The pair ICE connected with, through this server alone, to our echo peer.
    #[serde(default)]
    pub connected: Option<ConnectedPair>,
    /// How the probe failed, if it did.
    pub failure: Option<IceFailure>,
}

impl IceReport {
    /// Whether gathering gave what this transport exists to prove reachable: a relay
    /// candidate for TURN, a reflexive one for STUN.
    pub fn gathered(&self) -> bool {
        let wanted = match self.transport {
            IceTransport::StunUdp => CandidateType::Srflx,
            _ => CandidateType::Relay,
        };
        self.candidate_types.contains(&wanted)
    }

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
                self.gathered() || self.connected.as_ref().is_some_and(|p| p.local != CandidateType::Relay)
            }
            _ => self.gathered(),
        }
    }

    /// The probed server, taken apart, when the page said which it was.
    pub fn server(&self) -> Option<IceUrl> {
        self.url.as_deref().and_then(IceUrl::parse).filter(|u| u.transport == self.transport)
    }
}

/// Longest an ICE probe waits for its first useful candidate.
pub const GATHER_TIMEOUT_MS: f64 = 10_000.0;
/// How long a STUN probe gives its host candidates before it connects without a
/// reflexive one (a host on a public address has none), and how long gathering may
/// still finish and count once connected. Browsers keep gathering on interfaces that
/// lead nowhere (Chromium waits ~10 s for STUN answers that never come on a VPN or a
/// second network): the test does not wait for that.
pub const GATHER_GRACE_MS: f64 = 1_000.0;

/// What an ICE probe does next while it gathers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GatherStep {
    /// Wait for the next candidate until this time (the page's clock).
    Wait {
        /// When to stop waiting, on the page's clock, ms.
        until_ms: f64,
    },
    /// Connect to the echo peer with what was gathered.
    Connect,
    /// Stop: the probe failed this way.
    GiveUp(IceFailure),
}

impl IceReport {
    /// A probe of `transport` against `url` that has gathered nothing yet.
    pub fn new(transport: IceTransport, url: Option<String>, untrusted_certificate: bool) -> IceReport {
        IceReport {
            transport,
            url,
            untrusted_certificate,
            candidate_types: Vec::new(),
            first_candidate_ms: None,
            gathering_ms: None,
            connected: None,
            failure: None,
        }
    }

    /// A candidate of `kind` came at `at_ms`; the probe started at `started_ms`.
    pub fn on_candidate(&mut self, kind: CandidateType, at_ms: f64, started_ms: f64) {
        self.first_candidate_ms.get_or_insert(at_ms - started_ms);
        if !self.candidate_types.contains(&kind) {
            self.candidate_types.push(kind);
            self.candidate_types.sort();
        }
    }

    /// Gathering completed at `at_ms`.
    pub fn on_gathering_done(&mut self, at_ms: f64, started_ms: f64) {
        self.gathering_ms.get_or_insert(at_ms - started_ms);
    }

    /// Whether what was gathered is worth a connection attempt: a relay for TURN,
    /// any candidate for STUN.
    fn worth_connecting(&self) -> bool {
        match self.transport {
            IceTransport::StunUdp => !self.candidate_types.is_empty(),
            _ => self.candidate_types.contains(&CandidateType::Relay),
        }
    }

    /// The next step at `now_ms` for a probe that started at `started_ms`: connect as
    /// soon as there is a useful candidate (a relay for TURN, a reflexive one for
    /// STUN, or its host candidates after [`GATHER_GRACE_MS`]), give up when
    /// gathering ended without one or [`GATHER_TIMEOUT_MS`] passed.
    pub fn next_step(&self, started_ms: f64, now_ms: f64) -> GatherStep {
        let give_up = |failure| if self.worth_connecting() { GatherStep::Connect } else { GatherStep::GiveUp(failure) };
        let useful = match self.transport {
            IceTransport::StunUdp => self.candidate_types.contains(&CandidateType::Srflx),
            _ => self.candidate_types.contains(&CandidateType::Relay),
        };
        if useful || self.gathering_ms.is_some() {
            return give_up(IceFailure::NoCandidate);
        }
        if self.transport == IceTransport::StunUdp && !self.candidate_types.is_empty() {
            let until_ms = started_ms + GATHER_GRACE_MS;
            return if now_ms >= until_ms { GatherStep::Connect } else { GatherStep::Wait { until_ms } };
        }
        let until_ms = started_ms + GATHER_TIMEOUT_MS;
        if now_ms >= until_ms {
            give_up(IceFailure::Timeout)
        } else {
            GatherStep::Wait { until_ms }
        }
    }
}

/// The candidate pair a peer connection selected. Types and protocols only: the
/// addresses stay in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectedPair {
    /// Type of the browser's candidate.
    pub local: CandidateType,
    /// Type of the echo peer's candidate, as the browser's stats give it.
    pub remote: CandidateType,
    /// How the browser reaches the TURN server, when the local candidate is a relay.
    pub relay_protocol: Option<RelayProtocol>,
    /// From the offer to ICE connected.
    pub connect_ms: f64,
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

/// How the browser reaches the TURN server for a relay candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelayProtocol {
    /// UDP.
    Udp,
    /// TCP.
    Tcp,
    /// TLS over TCP.
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

    /// The protocol's name in the report ("TCP").
    pub fn label(self) -> &'static str {
        match self {
            RelayProtocol::Udp => "UDP",
            RelayProtocol::Tcp => "TCP",
            RelayProtocol::Tls => "TLS",
        }
    }
}

/// How an ICE probe failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IceFailure {
    /// The browser refused the configuration or has no WebRTC.
    Unsupported,
    /// Gathering ended without the candidate the transport should give.
    NoCandidate,
    /// No useful candidate (a relay for TURN, any for STUN) came in time.
    Timeout,
    /// The offer could not reach the echo peer (`/ws/rtc` failed): the connection
    /// was never tried.
    Signalling,
    /// Candidates were gathered but no pair connected to the echo peer.
    NotConnected,
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn probe(transport: IceTransport) -> IceReport {
        IceReport::new(transport, None, false)
    }

    #[test]
    fn turn_connects_on_its_first_relay_and_not_before() {
        let mut p = probe(IceTransport::TurnUdp);
        assert_eq!(p.next_step(0.0, 5.0), GatherStep::Wait { until_ms: GATHER_TIMEOUT_MS });
        p.on_candidate(CandidateType::Host, 10.0, 0.0);
        assert_eq!(p.next_step(0.0, 10.0), GatherStep::Wait { until_ms: GATHER_TIMEOUT_MS }, "a host is no relay");
        p.on_candidate(CandidateType::Relay, 40.0, 0.0);
        assert_eq!(p.next_step(0.0, 40.0), GatherStep::Connect);
        assert_eq!(
            (p.first_candidate_ms, p.candidate_types.clone()),
            (Some(10.0), vec![CandidateType::Host, CandidateType::Relay])
        );
    }

    #[test]
    fn turn_without_a_relay_fails_by_timeout_or_by_the_end_of_gathering() {
        let mut p = probe(IceTransport::TurnTcp);
        p.on_candidate(CandidateType::Host, 10.0, 0.0);
        assert_eq!(p.next_step(0.0, GATHER_TIMEOUT_MS), GatherStep::GiveUp(IceFailure::Timeout));
        p.on_gathering_done(50.0, 0.0);
        assert_eq!(p.next_step(0.0, 60.0), GatherStep::GiveUp(IceFailure::NoCandidate));
    }

    #[test]
    fn stun_connects_on_a_reflexive_candidate_or_on_hosts_after_the_grace() {
        let mut p = probe(IceTransport::StunUdp);
        p.on_candidate(CandidateType::Host, 5.0, 0.0);
        assert_eq!(p.next_step(0.0, 100.0), GatherStep::Wait { until_ms: GATHER_GRACE_MS });
        assert_eq!(p.next_step(0.0, GATHER_GRACE_MS), GatherStep::Connect, "a host on a public address");
        p.on_candidate(CandidateType::Srflx, 120.0, 0.0);
        assert_eq!(p.next_step(0.0, 120.0), GatherStep::Connect);
        let mut empty = probe(IceTransport::StunUdp);
        empty.on_gathering_done(30.0, 0.0);
        assert_eq!(empty.next_step(0.0, 30.0), GatherStep::GiveUp(IceFailure::NoCandidate));
    }

    #[test]
    fn a_clock_before_the_start_only_waits() {
        let p = probe(IceTransport::TurnUdp);
        assert_eq!(p.next_step(1000.0, 0.0), GatherStep::Wait { until_ms: 1000.0 + GATHER_TIMEOUT_MS });
    }

    #[test]
    fn ice_urls_give_host_and_port_with_defaults() {
        let url = |s| IceUrl::parse(s).map(|u| (u.host, u.port));
        assert_eq!(url("turn:t.example.com:3479?transport=udp"), Some(("t.example.com".into(), 3479)));
        assert_eq!(url("turn:t.example.com"), Some(("t.example.com".into(), 3478)));
        assert_eq!(url("turns:t.example.com?transport=tcp"), Some(("t.example.com".into(), 5349)));
        assert_eq!(url("stun:[2001:db8::1]:3478"), Some(("2001:db8::1".into(), 3478)));
        assert_eq!(url("turn:bad host:3478"), None);
        assert_eq!(url("turn:h:99999"), None);
        assert_eq!(
            IceUrl::parse("turn:[2001:db8::1]:3478?transport=tcp").unwrap().describe(),
            "TCP [2001:db8::1]:3478"
        );
    }
}
