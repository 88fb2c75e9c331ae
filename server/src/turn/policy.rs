//! Relay safety: which peers the TURN server may relay to. The page only ever relays
//! to our own echo peer, so by default that is all TURN allows: the echo peer's exact
//! endpoints (IP and port), plus the addresses the operator lists with
//! `--turn-allow-peer` (every port of them). Everything else — the public internet,
//! this host's own addresses on any other port, the operator's private network, the
//! cloud metadata address — is refused. A TURN server that relays anywhere is an
//! anonymous UDP proxy sending from the operator's address.
//!
//! TURN permissions name an IP only (RFC 5766 §9), so a permission for the echo
//! peer's IP is granted, but every relayed packet is checked against the full socket
//! address: the echo peer's host does not open its other ports.

use std::net::{IpAddr, SocketAddr};

#[derive(Clone, Debug, Default)]
pub struct PeerPolicy {
    /// Listed by the operator: every port.
    allowed: Vec<IpAddr>,
    /// Our own services (the echo peer): that port only.
    endpoints: Vec<SocketAddr>,
}

impl PeerPolicy {
    /// Relays to `allowed` (every port) and nothing else until endpoints are added.
    pub fn new(allowed: Vec<IpAddr>) -> Self {
        PeerPolicy { allowed: allowed.into_iter().map(canonical).collect(), endpoints: Vec::new() }
    }

    /// Also allows exactly this IP and port (our echo peer).
    pub fn with_endpoint(mut self, endpoint: SocketAddr) -> Self {
        self.endpoints.push(SocketAddr::new(canonical(endpoint.ip()), endpoint.port()));
        self
    }

    /// May a client hold a permission (or channel) for this peer IP?
    pub fn permits(&self, peer: IpAddr) -> bool {
        let peer = canonical(peer);
        self.allowed.contains(&peer) || self.endpoints.iter().any(|e| e.ip() == peer)
    }

    /// May a relayed packet go to this exact address?
    pub fn permits_packet_to(&self, target: SocketAddr) -> bool {
        let ip = canonical(target.ip());
        self.allowed.contains(&ip) || self.endpoints.contains(&SocketAddr::new(ip, target.port()))
    }
}

/// IPv4-mapped IPv6 addresses compare as the IPv4 address they carry.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn echo_at(endpoint: &str) -> PeerPolicy {
        PeerPolicy::default().with_endpoint(endpoint.parse().unwrap())
    }

    #[test]
    fn public_and_internal_addresses_are_refused_by_default() {
        let policy = echo_at("203.0.113.5:3479");
        for addr in [
            "8.8.8.8",
            "1.1.1.1",
            "2a00:1450:4007:80e::200e",
            "::ffff:8.8.4.4",
            "127.0.0.1",
            "10.0.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!policy.permits(ip(addr)), "{addr} must be refused");
            assert!(!policy.permits_packet_to(SocketAddr::new(ip(addr), 53)), "{addr}:53 must be refused");
        }
    }

    #[test]
    fn the_echo_peer_endpoint_opens_its_port_only() {
        let policy = echo_at("203.0.113.5:3479");
        assert!(policy.permits(ip("203.0.113.5")), "the permission is per IP");
        assert!(policy.permits_packet_to("203.0.113.5:3479".parse().unwrap()));
        assert!(policy.permits_packet_to("[::ffff:203.0.113.5]:3479".parse().unwrap()));
        for other in ["203.0.113.5:22", "203.0.113.5:3478", "203.0.113.5:8080", "203.0.113.5:50000"] {
            assert!(!policy.permits_packet_to(other.parse().unwrap()), "{other}: the host's other ports stay closed");
        }
        assert!(!policy.permits(ip("203.0.113.6")));
    }

    #[test]
    fn listed_addresses_pass_on_every_port() {
        let policy = PeerPolicy::new(vec![ip("10.9.8.7"), ip("::ffff:10.1.1.1")]);
        assert!(policy.permits(ip("10.9.8.7")));
        assert!(policy.permits(ip("::ffff:10.9.8.7")));
        assert!(policy.permits(ip("10.1.1.1")), "a mapped address lists its IPv4 form");
        assert!(policy.permits_packet_to("10.9.8.7:5000".parse().unwrap()));
        assert!(!policy.permits(ip("10.9.8.8")));
    }
}
