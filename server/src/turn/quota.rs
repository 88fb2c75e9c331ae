//! Allocation quotas: live allocations per credential, per client address and in
//! total, and what each allocation may hold (permissions, channels) and relay
//! (bytes). An allocation's [`Usage`] is held by its relay socket, so it lives as
//! long as the allocation does, however the allocation ends, and dropping it gives
//! its place back: the counts cannot leak.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::limits::{address_key, TurnLimits};

/// How long a permission lasts unless refreshed (RFC 5766 §8, and the turn crate).
pub const PERMISSION_LIFETIME: Duration = Duration::from_secs(300);
/// How long a channel binding lasts unless refreshed (RFC 5766 §11; the server is
/// configured with it).
pub const CHANNEL_LIFETIME: Duration = Duration::from_secs(600);

#[derive(Default)]
struct Counts {
    total: usize,
    per_username: HashMap<String, usize>,
    per_address: HashMap<IpAddr, usize>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Live allocations of the whole service.
#[derive(Clone)]
pub struct Ledger {
    limits: TurnLimits,
    counts: Arc<Mutex<Counts>>,
}

impl Ledger {
    pub fn new(limits: TurnLimits) -> Self {
        Ledger { limits, counts: Arc::default() }
    }

    /// A place for one more allocation under `username` from `client`, or `None`
    /// when the credential, the address or the service is at its limit.
    pub fn try_reserve(&self, username: &str, client: IpAddr, expiry_unix: u64) -> Option<Arc<Usage>> {
        let address = address_key(client);
        let mut counts = lock(&self.counts);
        let by_name = counts.per_username.get(username).copied().unwrap_or(0);
        let by_address = counts.per_address.get(&address).copied().unwrap_or(0);
        if counts.total >= self.limits.allocations_total
            || by_name >= self.limits.allocations_per_username
            || by_address >= self.limits.allocations_per_address
        {
            return None;
        }
        counts.total += 1;
        counts.per_username.insert(username.to_string(), by_name + 1);
        counts.per_address.insert(address, by_address + 1);
        Some(Arc::new(Usage {
            counts: self.counts.clone(),
            username: username.to_string(),
            address,
            expiry_unix,
            limits: self.limits,
            relayed: AtomicU64::new(0),
            peers: Mutex::default(),
        }))
    }

    /// Allocations counted now.
    pub fn live(&self) -> usize {
        lock(&self.counts).total
    }
}

/// Permissions and channels of one allocation, each with the time it lapses.
#[derive(Default, Debug)]
pub struct Peers {
    permissions: HashMap<IpAddr, Instant>,
    channels: HashMap<u16, Instant>,
}

impl Peers {
    /// Records permissions for `ips` and the binding of `channel`, if the allocation
    /// stays within `permissions` and `channels` with them; otherwise records nothing.
    /// A request the server then refuses still counts until it would have lapsed: a
    /// client has no reason to make many of those.
    pub fn admit(
        &mut self,
        ips: &[IpAddr],
        channel: Option<u16>,
        (permissions, channels): (usize, usize),
        now: Instant,
    ) -> bool {
        self.permissions.retain(|_, lapses| *lapses > now);
        self.channels.retain(|_, lapses| *lapses > now);
        let mut new_ips: Vec<IpAddr> = ips.iter().copied().filter(|ip| !self.permissions.contains_key(ip)).collect();
        new_ips.sort_unstable();
        new_ips.dedup();
        let new_channel = channel.filter(|number| !self.channels.contains_key(number));
        if self.permissions.len() + new_ips.len() > permissions
            || self.channels.len() + usize::from(new_channel.is_some()) > channels
        {
            return false;
        }
        for ip in ips {
            self.permissions.insert(*ip, now + PERMISSION_LIFETIME);
        }
        if let Some(number) = channel {
            self.channels.insert(number, now + CHANNEL_LIFETIME);
        }
        true
    }
}

/// One allocation's place in the [`Ledger`] and what it has used.
pub struct Usage {
    counts: Arc<Mutex<Counts>>,
    username: String,
    address: IpAddr,
    /// When the credential expires (Unix seconds); the allocation ends then.
    pub expiry_unix: u64,
    limits: TurnLimits,
    relayed: AtomicU64,
    peers: Mutex<Peers>,
}

impl Usage {
    /// Counts `bytes` about to be relayed; `false` (and nothing counted) once they
    /// would take the allocation past its budget.
    pub fn relay(&self, bytes: usize) -> bool {
        let bytes = bytes as u64;
        let budget = self.limits.relayed_bytes_per_allocation;
        self.relayed
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                used.checked_add(bytes).filter(|total| *total <= budget)
            })
            .is_ok()
    }

    /// See [`Peers::admit`], with this allocation's limits.
    pub fn admit_peers(&self, ips: &[IpAddr], channel: Option<u16>, now: Instant) -> bool {
        let limits = (self.limits.permissions_per_allocation, self.limits.channels_per_allocation);
        lock(&self.peers).admit(ips, channel, limits, now)
    }
}

impl Drop for Usage {
    fn drop(&mut self) {
        let mut counts = lock(&self.counts);
        counts.total = counts.total.saturating_sub(1);
        fn release<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: &K) {
            if let Some(n) = map.get_mut(key) {
                *n -= 1;
                if *n == 0 {
                    map.remove(key);
                }
            }
        }
        release(&mut counts.per_username, &self.username);
        release(&mut counts.per_address, &self.address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn limits() -> TurnLimits {
        TurnLimits {
            allocations_per_username: 2,
            allocations_per_address: 3,
            allocations_total: 4,
            permissions_per_allocation: 2,
            channels_per_allocation: 1,
            relayed_bytes_per_allocation: 1000,
            ..TurnLimits::default()
        }
    }

    #[test]
    fn a_credential_an_address_and_the_service_each_have_a_ceiling() {
        let ledger = Ledger::new(limits());
        let a = ledger.try_reserve("1:a", ip("198.51.100.1"), 1).unwrap();
        let _a2 = ledger.try_reserve("1:a", ip("198.51.100.1"), 1).unwrap();
        assert!(ledger.try_reserve("1:a", ip("198.51.100.2"), 1).is_none(), "third under one credential");
        let _b = ledger.try_reserve("1:b", ip("198.51.100.1"), 1).unwrap();
        assert!(ledger.try_reserve("1:c", ip("198.51.100.1"), 1).is_none(), "fourth from one address");
        let _c = ledger.try_reserve("1:c", ip("198.51.100.9"), 1).unwrap();
        assert!(ledger.try_reserve("1:d", ip("198.51.100.10"), 1).is_none(), "fifth in all");
        drop(a);
        assert!(ledger.try_reserve("1:a", ip("2001:db8::1"), 1).is_some(), "a freed place is reusable");
    }

    #[test]
    fn places_are_given_back_and_nothing_outlives_its_allocations() {
        let ledger = Ledger::new(limits());
        let held: Vec<_> = (0..4).map(|i| ledger.try_reserve(&format!("1:{i}"), ip("2001:db8::1"), 1)).collect();
        assert_eq!(held.iter().flatten().count(), 3, "one /64 is one address");
        drop(held);
        assert_eq!(ledger.live(), 0);
        let counts = ledger.counts.lock().unwrap();
        assert!(counts.per_username.is_empty() && counts.per_address.is_empty());
    }

    #[test]
    fn the_byte_budget_is_never_overdrawn() {
        let usage = Ledger::new(limits()).try_reserve("1:a", ip("192.0.2.1"), 1).unwrap();
        assert!(usage.relay(600));
        assert!(!usage.relay(600), "would pass the budget");
        assert!(usage.relay(400), "what is left can still be used");
        assert!(!usage.relay(1));
    }

    #[test]
    fn permissions_and_channels_are_counted_until_they_lapse() {
        let t0 = Instant::now();
        let mut peers = Peers::default();
        let caps = (2, 1);
        assert!(peers.admit(&[ip("192.0.2.1"), ip("192.0.2.1")], None, caps, t0), "one peer named twice");
        assert!(peers.admit(&[ip("192.0.2.2")], Some(0x4000), caps, t0));
        assert!(peers.admit(&[ip("192.0.2.1")], Some(0x4000), caps, t0), "a refresh adds nothing");
        assert!(!peers.admit(&[ip("192.0.2.3")], None, caps, t0), "a third permission");
        assert!(!peers.admit(&[ip("192.0.2.2")], Some(0x4001), caps, t0), "a second channel");
        let later = t0 + PERMISSION_LIFETIME + Duration::from_secs(1);
        assert!(peers.admit(&[ip("192.0.2.3")], None, caps, later), "lapsed permissions make room");
        assert!(!peers.admit(&[ip("192.0.2.3")], Some(0x4001), caps, later), "the channel has not lapsed");
        assert!(peers.admit(&[ip("192.0.2.3")], Some(0x4001), caps, t0 + CHANNEL_LIFETIME + Duration::from_secs(1)));
    }
}
