//! The tokens that tie one page's probes together on the server. `/api/config`
//! issues one per page (128 random bits); the page puts it where each probe lets it:
//! the WebSocket's `token=`, the TURN user name (REST credentials end in it), the
//! user name of its TURN probes to the sampled UDP ports. The server records, under
//! the token, the ports it heard and the address each path came from, in memory
//! only; `GET /api/probe/<token>` and the run's ingest read them back, the raw
//! addresses compared here and only their anonymised forms leaving.
//!
//! Tokens live two minutes, at most [`MAX_TOKENS`] at once (the oldest goes first),
//! each with at most [`MAX_SEEN`] paths and [`MAX_MAPPED`] NAT mappings.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use callready_common::probes::path::{NatMapping, PublicReport, SeenAddress};
use callready_common::tls_hello::HelloSummary;

use crate::anon::Anonymiser;

/// Most tokens alive at once (about 300 bytes each, 20 MB at most).
pub const MAX_TOKENS: usize = 65_536;
/// How long a token is honoured after `/api/config` issued it.
pub const TOKEN_TTL: Duration = Duration::from_secs(120);
/// Most paths recorded per token.
pub const MAX_SEEN: usize = 32;
/// Most NAT probe mappings recorded per token: a browser sends from one socket per
/// network interface, to each of the two probe ports.
pub const MAX_MAPPED: usize = 8;

/// A path a probe came by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Https,
    WebSocket,
    Turn,
    UdpPort(u16),
}

impl Via {
    fn label(self) -> String {
        match self {
            Via::Https => "HTTPS".into(),
            Via::WebSocket => "WebSocket".into(),
            Via::Turn => "TURN".into(),
            Via::UdpPort(port) => format!("UDP {port}"),
        }
    }
}

/// The tokens issued to pages and the ports each was heard on.
#[derive(Default)]
pub struct ProbeTokens {
    tokens: Mutex<Tokens>,
}

#[derive(Default)]
struct Tokens {
    by_token: HashMap<String, Heard>,
    /// Tokens in the order they were issued: expiry and eviction pop the front.
    order: VecDeque<(Instant, String)>,
}

struct Heard {
    issued: Instant,
    ports: Vec<u16>,
    seen: Vec<(Via, IpAddr)>,
    /// NAT probe port and a public address and port a probe to it came from: one
    /// per local socket of the browser (a computer with two interfaces, or a VPN,
    /// sends from each).
    mapped: Vec<(u16, SocketAddr)>,
    /// The first TLS handshake the TLS listener received with this token.
    tls: Option<HelloSummary>,
}

impl ProbeTokens {
    fn tokens(&self) -> std::sync::MutexGuard<'_, Tokens> {
        self.tokens.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A new token: 128 random bits in hex. Expired tokens are dropped, and the
    /// oldest one when the table is full.
    pub fn issue(&self) -> String {
        let mut random = [0u8; 16];
        // Without randomness the probe cannot be told apart; an empty token is refused below.
        if getrandom::fill(&mut random).is_err() {
            return String::new();
        }
        let token = crate::anon::encode_hex(&random);
        let mut tokens = self.tokens();
        let now = Instant::now();
        while let Some((issued, oldest)) = tokens.order.front().cloned() {
            if now.duration_since(issued) < TOKEN_TTL && tokens.by_token.len() < MAX_TOKENS {
                break;
            }
            tokens.order.pop_front();
            tokens.by_token.remove(&oldest);
        }
        tokens.by_token.insert(
            token.clone(),
            Heard { issued: now, ports: Vec::new(), seen: Vec::new(), mapped: Vec::new(), tls: None },
        );
        tokens.order.push_back((now, token.clone()));
        token
    }

    /// Records that `token`'s probe came by `via` from `ip` (and, for a sampled UDP
    /// port, that the port was reached); false for an unknown or expired token.
    pub fn record(&self, token: &str, via: Via, ip: IpAddr) -> bool {
        let mut tokens = self.tokens();
        match tokens.by_token.get_mut(token) {
            Some(heard) if heard.issued.elapsed() < TOKEN_TTL => {
                if let Via::UdpPort(port) = via {
                    if !heard.ports.contains(&port) {
                        heard.ports.push(port);
                    }
                }
                if heard.seen.len() < MAX_SEEN && !heard.seen.contains(&(via, ip)) {
                    heard.seen.push((via, ip));
                }
                true
            }
            _ => false,
        }
    }

    /// Records that `token`'s NAT probe to our `port` came from `from`.
    pub fn record_mapping(&self, token: &str, port: u16, from: SocketAddr) {
        let mut tokens = self.tokens();
        if let Some(heard) = tokens.by_token.get_mut(token).filter(|h| h.issued.elapsed() < TOKEN_TTL) {
            if heard.mapped.len() < MAX_MAPPED && !heard.mapped.contains(&(port, from)) {
                heard.mapped.push((port, from));
            }
        }
    }

    /// Records the TLS handshake `token`'s probe arrived with (the first one counts).
    pub fn record_tls(&self, token: &str, hello: &HelloSummary) {
        let mut tokens = self.tokens();
        if let Some(heard) = tokens.by_token.get_mut(token).filter(|h| h.issued.elapsed() < TOKEN_TTL) {
            heard.tls.get_or_insert_with(|| hello.clone());
        }
    }

    /// The TLS handshake `token`'s probe arrived with, if it did.
    pub fn tls(&self, token: &str) -> Option<HelloSummary> {
        let tokens = self.tokens();
        tokens.by_token.get(token).filter(|h| h.issued.elapsed() < TOKEN_TTL)?.tls.clone()
    }

    /// How the NAT mapped `token`'s sockets toward the first two of our ports heard
    /// from; `None` until both were. A socket mapped to one public address and port
    /// toward both makes the mapping endpoint-independent, whatever the browser's
    /// other sockets (each of its interfaces sends) came from: pairing the first
    /// arrival at each port took two sockets for one NAT that maps per destination.
    pub fn nat(&self, token: &str) -> Option<NatMapping> {
        let tokens = self.tokens();
        let heard = tokens.by_token.get(token).filter(|h| h.issued.elapsed() < TOKEN_TTL)?;
        let first = heard.mapped.first()?.0;
        let second = heard.mapped.iter().map(|(port, _)| *port).find(|port| *port != first)?;
        let from = |port: u16| heard.mapped.iter().filter(move |(p, _)| *p == port).map(|(_, from)| *from);
        let any_pair =
            |same: &dyn Fn(&SocketAddr, &SocketAddr) -> bool| from(first).any(|a| from(second).any(|b| same(&a, &b)));
        Some(if any_pair(&|a, b| a == b) {
            NatMapping::EndpointIndependent
        } else if any_pair(&|a, b| a.ip() == b.ip()) {
            NatMapping::PortDependent
        } else {
            NatMapping::AddressDependent
        })
    }

    /// The public addresses `token`'s probes came from, with `also` (the request
    /// asking) counted, their ids within `scope` (see [`Anonymiser::anonymise`]);
    /// `None` for an unknown or expired token.
    pub fn public(
        &self,
        token: &str,
        also: (Via, IpAddr),
        anonymiser: &Anonymiser,
        scope: &str,
    ) -> Option<PublicReport> {
        let mut seen = {
            let tokens = self.tokens();
            tokens.by_token.get(token).filter(|h| h.issued.elapsed() < TOKEN_TTL)?.seen.clone()
        };
        if !seen.contains(&also) {
            seen.push(also);
        }
        // Loopback is this very machine (a laptop demo: the page on localhost, TURN on
        // the machine's network address), not a public address.
        let mut distinct: Vec<IpAddr> =
            seen.iter().map(|(_, ip)| crate::turn::limits::address_key(*ip)).filter(|ip| !ip.is_loopback()).collect();
        distinct.sort();
        distinct.dedup();
        // A dual-stack computer may use IPv6 for one path and IPv4 for another.
        let v4 = distinct.iter().filter(|ip| ip.is_ipv4()).count();
        let v6 = distinct.len() - v4;
        let report = seen
            .iter()
            .map(|(via, ip)| SeenAddress { via: via.label(), address: anonymiser.anonymise(*ip, scope).id })
            .collect();
        Some(PublicReport { seen: report, distinct: v4.max(v6).max(1) as u32 })
    }

    /// The ports `token`'s probes were heard on, sorted; `None` for an unknown or
    /// expired token.
    pub fn heard(&self, token: &str) -> Option<Vec<u16>> {
        let tokens = self.tokens();
        let heard = tokens.by_token.get(token).filter(|h| h.issued.elapsed() < TOKEN_TTL)?;
        let mut ports = heard.ports.clone();
        ports.sort_unstable();
        Some(ports)
    }

    /// Whether `token` was issued and is still alive.
    pub fn is_live(&self, token: &str) -> bool {
        self.tokens().by_token.get(token).is_some_and(|h| h.issued.elapsed() < TOKEN_TTL)
    }

    /// How many tokens are held.
    pub fn len(&self) -> usize {
        self.tokens().by_token.len()
    }

    /// Whether no token is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anonymiser() -> Anonymiser {
        let dir = tempfile::tempdir().unwrap();
        Anonymiser::load_or_create(&dir.path().join("secret")).unwrap()
    }

    #[test]
    fn the_token_table_is_bounded_and_keeps_the_newest() {
        let probes = ProbeTokens::default();
        let first = probes.issue();
        let mut last = String::new();
        for _ in 0..MAX_TOKENS {
            last = probes.issue();
        }
        assert_eq!(probes.len(), MAX_TOKENS);
        assert!(probes.heard(&first).is_none(), "the oldest token made room");
        assert_eq!(probes.heard(&last), Some(vec![]));
    }

    #[test]
    fn paths_from_one_address_count_once_and_from_two_count_twice() {
        let probes = ProbeTokens::default();
        let anon = anonymiser();
        let token = probes.issue();
        let office: IpAddr = "203.0.113.7".parse().unwrap();
        assert!(probes.record(&token, Via::WebSocket, office));
        assert!(probes.record(&token, Via::Turn, office));
        let one = probes.public(&token, (Via::Https, office), &anon, "S").unwrap();
        assert_eq!(one.distinct, 1);
        assert_eq!(one.seen.iter().map(|s| s.via.as_str()).collect::<Vec<_>>(), ["WebSocket", "TURN", "HTTPS"]);
        assert!(one.seen.iter().all(|s| !s.address.contains("203.0.113")), "only anonymised forms leave");

        let other: IpAddr = "198.51.100.20".parse().unwrap();
        assert!(probes.record(&token, Via::UdpPort(16384), other));
        assert_eq!(probes.heard(&token), Some(vec![16384]));
        assert_eq!(probes.public(&token, (Via::Https, office), &anon, "S").unwrap().distinct, 2);
        assert!(!probes.record("not-issued", Via::Turn, other));
        assert!(probes.public("not-issued", (Via::Https, office), &anon, "S").is_none());
    }

    #[test]
    fn a_dual_stack_computer_and_ipv6_privacy_addresses_are_one_address() {
        let probes = ProbeTokens::default();
        let anon = anonymiser();
        let token = probes.issue();
        probes.record(&token, Via::WebSocket, "2001:db8:1:2::10".parse().unwrap());
        probes.record(&token, Via::Turn, "2001:db8:1:2:aaaa::99".parse().unwrap());
        let report = probes.public(&token, (Via::Https, "203.0.113.7".parse().unwrap()), &anon, "S").unwrap();
        assert_eq!(report.distinct, 1, "{report:?}");
    }

    #[test]
    fn loopback_is_this_machine_not_a_second_public_address() {
        let probes = ProbeTokens::default();
        let token = probes.issue();
        probes.record(&token, Via::Turn, "192.0.2.2".parse().unwrap());
        let report = probes.public(&token, (Via::Https, "127.0.0.1".parse().unwrap()), &anonymiser(), "S").unwrap();
        assert_eq!(report.distinct, 1);
        let report = probes.public(&token, (Via::Https, "::1".parse().unwrap()), &anonymiser(), "S").unwrap();
        assert_eq!(report.distinct, 1);
    }

    #[test]
    fn one_socket_s_mapping_toward_two_ports_tells_the_nat_apart() {
        let probes = ProbeTokens::default();
        let mapped = |a: &str, b: &str| {
            let token = probes.issue();
            probes.record_mapping(&token, 3480, a.parse().unwrap());
            assert_eq!(probes.nat(&token), None, "one port proves nothing");
            probes.record_mapping(&token, 3481, b.parse().unwrap());
            probes.nat(&token)
        };
        assert_eq!(mapped("203.0.113.7:40000", "203.0.113.7:40000"), Some(NatMapping::EndpointIndependent));
        assert_eq!(mapped("203.0.113.7:40000", "203.0.113.7:51234"), Some(NatMapping::PortDependent));
        assert_eq!(mapped("203.0.113.7:40000", "198.51.100.2:40000"), Some(NatMapping::AddressDependent));
    }

    /// A browser with two interfaces sends from two sockets: one socket mapped alike
    /// toward both ports settles it, in whichever order they arrived.
    #[test]
    fn a_second_socket_does_not_make_a_nat_look_symmetric() {
        let probes = ProbeTokens::default();
        let token = probes.issue();
        probes.record_mapping(&token, 3480, "203.0.113.7:40000".parse().unwrap());
        probes.record_mapping(&token, 3481, "203.0.113.7:40002".parse().unwrap());
        assert_eq!(probes.nat(&token), Some(NatMapping::PortDependent), "no socket heard on both ports yet");
        probes.record_mapping(&token, 3480, "203.0.113.7:40002".parse().unwrap());
        assert_eq!(probes.nat(&token), Some(NatMapping::EndpointIndependent));

        // Each socket mapped anew per port: still port-dependent.
        let token = probes.issue();
        for (port, from) in [(3480, "203.0.113.7:1000"), (3480, "203.0.113.7:1001"), (3481, "203.0.113.7:1002")] {
            probes.record_mapping(&token, port, from.parse().unwrap());
        }
        probes.record_mapping(&token, 3481, "203.0.113.7:1003".parse().unwrap());
        assert_eq!(probes.nat(&token), Some(NatMapping::PortDependent));

        // Bounded: a flood of sources is not kept.
        for n in 0..100u16 {
            probes.record_mapping(&token, 3480 + n % 2, format!("203.0.113.7:{}", 2000 + n).parse().unwrap());
        }
        assert_eq!(probes.tokens().by_token[&token].mapped.len(), MAX_MAPPED);
    }

    #[test]
    fn paths_per_token_are_bounded() {
        let probes = ProbeTokens::default();
        let token = probes.issue();
        for n in 0..100u32 {
            probes.record(&token, Via::UdpPort(20000 + n as u16), IpAddr::from(std::net::Ipv4Addr::from(n)));
        }
        let report = probes.public(&token, (Via::Https, "203.0.113.7".parse().unwrap()), &anonymiser(), "S").unwrap();
        assert_eq!(report.seen.len(), MAX_SEEN + 1, "the bound, and the asking request");
    }
}
