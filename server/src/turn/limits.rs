//! Bounds on the TURN service. [`TurnLimits`]: what unauthenticated clients may cost,
//! and what an allocation may hold and relay. [`StreamLimits`]: connections per TCP or
//! TLS listener and per client address, how long a connection may take to say
//! something, and how long it may stay silent; without them a few idle sockets would
//! hold every slot and lock real agents out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::throttle::Rate;

const MIB: u64 = 1024 * 1024;

/// Limits of the whole TURN service (every listener together, unless a field says
/// otherwise). A page's whole run uses one TURN credential from `/api/config`: four
/// ICE probes (STUN, TURN over UDP, TCP and TLS) and the call-quality stream, each
/// allocating once per local network interface the browser gathers on (Ethernet,
/// Wi-Fi, a VPN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TurnLimits {
    /// Unauthenticated requests (each answered with a 401 and a fresh nonce, a 438 or
    /// a Binding response) from one client address (IPv6: one /64). A page sends a
    /// handful: a Binding per local interface and one unanswered Allocate per TURN
    /// URL and interface. The burst lets an office of 16 agents behind one NAT start
    /// at once; past it, a spoofed source gets 16 answers a second, not line rate.
    pub unauthenticated_per_address: Rate,
    /// Unauthenticated requests from everyone together: the most this server sends
    /// to addresses nobody has verified (a reflector's output) and the most nonces it
    /// hands out. Some 25 pages can start every second, more in a burst; a page
    /// that loses the race retransmits its request half a second later.
    pub unauthenticated_total: Rate,
    /// Nonces the UDP listener remembers; past it the oldest are forgotten, and a
    /// client that presents one gets a 438 and a new nonce, one more round trip. A
    /// client uses its nonce within a round trip or two, then on every refresh; at
    /// the service-wide rate this keeps at least a minute of nonces (about 1.5 MB).
    pub nonces_per_udp_listener: usize,
    /// Nonces one TCP or TLS connection's server remembers. A connection carries one
    /// allocation and needs one nonce (two across the nonce's expiry); 64 leaves
    /// room for a client that retries, while 1024 connections cannot hold much.
    pub nonces_per_stream: usize,
    /// Live allocations under one credential (TURN user name): a page's probes and
    /// call make up to about 15 (five uses of the servers, up to three interfaces
    /// each); twice that leaves room for a retried probe.
    pub allocations_per_username: usize,
    /// Live allocations from one client address (IPv6: one /64): eight pages at their
    /// most, or 16 agents with two interfaces each, behind one office NAT.
    pub allocations_per_address: usize,
    /// Live allocations in all: each holds a relay socket (a file descriptor) and
    /// a few tasks; this keeps the service well below a common descriptor limit of
    /// some thousands while serving hundreds of agents at once.
    pub allocations_total: usize,
    /// Peer addresses one allocation may hold permissions for. The page only talks
    /// to our echo peer, whose candidates number two or three; the relay policy
    /// refuses everything else anyway, unless the operator allows whole hosts.
    pub permissions_per_allocation: usize,
    /// Channels one allocation may bind. Browsers bind one per peer address they
    /// send to; each channel costs the server a timer, and the echo peer's IP with
    /// any port would otherwise allow 16,384 of them.
    pub channels_per_allocation: usize,
    /// Bytes one allocation may relay, both directions together, over its whole
    /// life. The heaviest page use is the call-quality stream at its longest (60 s,
    /// 20 simulated calls of 50 packets a second plus an audio track): about 30 MB
    /// relayed; twice that, rounded, stops a credential from becoming a bulk proxy.
    pub relayed_bytes_per_allocation: u64,
    /// Bytes relayed per second by all allocations together (both directions): some
    /// 60 agents in the heaviest call test at once (about 270 Mbit/s), so that relayed
    /// traffic cannot starve the server's own HTTP and echo traffic on a gigabit link.
    pub relayed_total: Rate,
}

impl Default for TurnLimits {
    fn default() -> Self {
        TurnLimits {
            unauthenticated_per_address: Rate { per_second: 16, burst: 64 },
            unauthenticated_total: Rate { per_second: 256, burst: 1024 },
            nonces_per_udp_listener: 16_384,
            nonces_per_stream: 64,
            allocations_per_username: 32,
            allocations_per_address: 128,
            allocations_total: 4096,
            permissions_per_allocation: 16,
            channels_per_allocation: 16,
            relayed_bytes_per_allocation: 64 * MIB,
            relayed_total: Rate { per_second: 32 * MIB, burst: 32 * MIB },
        }
    }
}

/// Limits of one TURN stream listener (TCP or TLS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamLimits {
    /// Open connections on the listener.
    pub max_connections: usize,
    /// Open connections from one client address (IPv6: one /64).
    pub max_per_address: usize,
    /// From accepting until the TLS handshake is done and the first TURN message has
    /// arrived.
    pub first_message: Duration,
    /// Longest silence from the client. A browser sends ICE consent checks every few
    /// seconds for as long as it uses the relay.
    pub idle: Duration,
}

impl Default for StreamLimits {
    fn default() -> Self {
        StreamLimits {
            max_connections: 1024,
            // An office behind one NAT address: 16 agents testing at once, each with a
            // TCP and a TLS probe and a call stream that may use both.
            max_per_address: 64,
            first_message: Duration::from_secs(10),
            idle: Duration::from_secs(60),
        }
    }
}

/// The key a client address is counted under: IPv6 clients get a /64 each.
pub fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

#[derive(Default)]
struct Counts {
    total: usize,
    per_address: HashMap<IpAddr, usize>,
}

/// Connection slots of one listener.
#[derive(Clone)]
pub struct ConnectionSlots {
    limits: StreamLimits,
    counts: Arc<Mutex<Counts>>,
}

/// A held slot; dropping it frees the slot.
pub struct Slot {
    key: IpAddr,
    counts: Arc<Mutex<Counts>>,
}

impl ConnectionSlots {
    pub fn new(limits: StreamLimits) -> Self {
        ConnectionSlots { limits, counts: Arc::default() }
    }

    /// A slot for a connection from `ip`, or `None` when the listener or that address
    /// is at its limit.
    pub fn try_take(&self, ip: IpAddr) -> Option<Slot> {
        let key = address_key(ip);
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let from_address = counts.per_address.get(&key).copied().unwrap_or(0);
        if counts.total >= self.limits.max_connections || from_address >= self.limits.max_per_address {
            return None;
        }
        counts.total += 1;
        counts.per_address.insert(key, from_address + 1);
        Some(Slot { key, counts: self.counts.clone() })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.counts.lock().unwrap_or_else(|e| e.into_inner()).total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.total = counts.total.saturating_sub(1);
        if let Some(n) = counts.per_address.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                counts.per_address.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_connections: usize, max_per_address: usize) -> StreamLimits {
        StreamLimits { max_connections, max_per_address, ..StreamLimits::default() }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn one_address_cannot_take_more_than_its_share() {
        let slots = ConnectionSlots::new(limits(10, 2));
        let a = slots.try_take(ip("198.51.100.1")).unwrap();
        let _b = slots.try_take(ip("198.51.100.1")).unwrap();
        assert!(slots.try_take(ip("198.51.100.1")).is_none(), "third from the same address");
        assert!(slots.try_take(ip("198.51.100.2")).is_some(), "another address still gets in");
        drop(a);
        assert!(slots.try_take(ip("198.51.100.1")).is_some(), "a freed slot is reusable");
    }

    #[test]
    fn the_listener_total_is_bounded() {
        let slots = ConnectionSlots::new(limits(2, 5));
        let held: Vec<Slot> = ["192.0.2.1", "192.0.2.2"].iter().map(|a| slots.try_take(ip(a)).unwrap()).collect();
        assert!(slots.try_take(ip("192.0.2.3")).is_none());
        assert_eq!(slots.open(), 2);
        drop(held);
        assert_eq!(slots.open(), 0);
        assert!(slots.counts.lock().unwrap().per_address.is_empty(), "no entry outlives its connections");
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let slots = ConnectionSlots::new(limits(10, 1));
        let _held = slots.try_take(ip("2001:db8:1:2::1")).unwrap();
        assert!(slots.try_take(ip("2001:db8:1:2:ffff::9")).is_none(), "same /64");
        assert!(slots.try_take(ip("2001:db8:1:3::1")).is_some(), "another /64");
        assert_eq!(address_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
    }
}
