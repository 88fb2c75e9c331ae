//! Relay safety: which peer addresses the TURN server may relay to. By default it
//! refuses every address that is not on the public internet — loopback, private
//! (RFC 1918, IPv6 ULA), CGNAT, link-local (including the cloud metadata address
//! 169.254.169.254), multicast, broadcast, unspecified, documentation and
//! IPv4-mapped forms of these — except addresses the operator explicitly allows and
//! the exact address (IP and port) of our own echo peer. A TURN server that relays
//! anywhere is an open door into the operator's network.
//!
//! TURN permissions name an IP only (RFC 5766 §9), so a permission for the echo
//! peer's IP is granted, but relayed packets are checked against the full socket
//! address: a server on a private address does not open its other ports.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

#[derive(Clone, Debug, Default)]
pub struct PeerPolicy {
    allowed: Vec<IpAddr>,
    endpoints: Vec<SocketAddr>,
    /// Tests only: relay to internal addresses too.
    allow_internal: bool,
}

impl PeerPolicy {
    pub fn new(allowed: Vec<IpAddr>) -> Self {
        PeerPolicy { allowed, endpoints: Vec::new(), allow_internal: false }
    }

    /// Also allows exactly this IP and port (our echo peer).
    pub fn with_endpoint(mut self, endpoint: SocketAddr) -> Self {
        self.endpoints.push(SocketAddr::new(canonical(endpoint.ip()), endpoint.port()));
        self
    }

    /// A policy that relays to internal addresses; only for test labs.
    pub fn allowing_internal() -> Self {
        PeerPolicy { allow_internal: true, ..PeerPolicy::default() }
    }

    fn permits_ip(&self, peer: IpAddr) -> bool {
        self.allow_internal || self.allowed.iter().any(|a| canonical(*a) == peer) || is_public(peer)
    }

    /// May a client hold a permission (or channel) for this peer IP?
    pub fn permits(&self, peer: IpAddr) -> bool {
        let peer = canonical(peer);
        self.permits_ip(peer) || self.endpoints.iter().any(|e| e.ip() == peer)
    }

    /// May a relayed packet go to this exact address?
    pub fn permits_packet_to(&self, target: SocketAddr) -> bool {
        let ip = canonical(target.ip());
        self.permits_ip(ip) || self.endpoints.contains(&SocketAddr::new(ip, target.port()))
    }
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, _, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64.0.0/10
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments 192.0.0.0/24
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18.0.0/15
        || a >= 240) // reserved 240.0.0.0/4
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (first & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (first & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b // NAT64 64:ff9b::/96 reaches IPv4 inside
        || first == 0x2002 // 6to4 embeds an arbitrary IPv4
        || first == 0) // ::/16 incl. IPv4-compatible forms
}

fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_refused_by_default() {
        let policy = PeerPolicy::default();
        for addr in [
            "127.0.0.1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.254",
            "169.254.169.254",
            "224.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "240.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
        ] {
            assert!(!policy.permits(ip(addr)), "{addr} must be refused");
        }
    }

    #[test]
    fn public_addresses_are_relayed() {
        let policy = PeerPolicy::default();
        for addr in ["8.8.8.8", "100.128.0.1", "100.63.255.255", "2a00:1450:4007:80e::200e", "::ffff:8.8.4.4"] {
            assert!(policy.permits(ip(addr)), "{addr} is public");
        }
    }

    #[test]
    fn allowed_addresses_pass_even_when_internal() {
        let policy = PeerPolicy::new(vec![ip("10.9.8.7")]);
        assert!(policy.permits(ip("10.9.8.7")));
        assert!(policy.permits(ip("::ffff:10.9.8.7")));
        assert!(!policy.permits(ip("10.9.8.8")));
    }

    #[test]
    fn the_echo_peer_endpoint_opens_its_port_only() {
        let policy = PeerPolicy::default().with_endpoint("127.0.0.1:3479".parse().unwrap());
        assert!(policy.permits(ip("127.0.0.1")), "the permission is per IP");
        assert!(policy.permits_packet_to("127.0.0.1:3479".parse().unwrap()));
        assert!(policy.permits_packet_to("[::ffff:127.0.0.1]:3479".parse().unwrap()));
        assert!(!policy.permits_packet_to("127.0.0.1:22".parse().unwrap()), "other ports stay closed");
        assert!(!policy.permits(ip("127.0.0.2")));
        assert!(policy.permits_packet_to("8.8.8.8:53".parse().unwrap()));
    }

    #[test]
    fn test_lab_policy_allows_internal() {
        assert!(PeerPolicy::allowing_internal().permits(ip("10.0.0.1")));
    }
}
