//! Token buckets, and the throttle on unauthenticated TURN requests built from them.
//! Every request that is not authenticated costs the server an answer (a 401 with a
//! fresh nonce, a 438, a Binding response) sent to an address nobody has verified:
//! one spoofed 20-byte datagram buys a larger reply to a victim, and a nonce the
//! server must remember. The throttle bounds both, per client address (IPv6: one
//! /64) and for the whole service. Time is passed in; nothing here reads a clock.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Instant;

use super::limits::address_key;

/// A sustained rate and the burst allowed on top of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub per_second: u64,
    pub burst: u64,
}

/// Tokens refilled at `rate`, at most `rate.burst` of them.
#[derive(Clone, Copy, Debug)]
pub struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    pub fn full(rate: Rate, now: Instant) -> Self {
        Bucket { tokens: rate.burst as f64, at: now }
    }

    fn refill(&mut self, rate: Rate, now: Instant) {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate.per_second as f64).min(rate.burst as f64);
        self.at = self.at.max(now);
    }

    fn has(&mut self, rate: Rate, amount: u64, now: Instant) -> bool {
        self.refill(rate, now);
        self.tokens >= amount as f64
    }

    /// Takes `amount` tokens if there are that many.
    pub fn take(&mut self, rate: Rate, amount: u64, now: Instant) -> bool {
        let enough = self.has(rate, amount, now);
        if enough {
            self.tokens -= amount as f64;
        }
        enough
    }

    fn is_full(&mut self, rate: Rate, now: Instant) -> bool {
        self.refill(rate, now);
        self.tokens >= rate.burst as f64
    }
}

/// Most client addresses the throttle tracks at once. An address is only tracked
/// once admitted, and admissions are bounded by the service-wide rate, so in any
/// refill time (`burst / per_second` of one address) at most the service's burst
/// plus that many seconds of its rate are tracked; this is a backstop above that.
const MAX_TRACKED: usize = 16_384;

/// Admits unauthenticated requests within a per-address and a service-wide rate.
#[derive(Debug)]
pub struct Throttle {
    per_address: Rate,
    total: Rate,
    everyone: Bucket,
    addresses: HashMap<IpAddr, Bucket>,
}

impl Throttle {
    pub fn new(per_address: Rate, total: Rate, now: Instant) -> Self {
        Throttle { per_address, total, everyone: Bucket::full(total, now), addresses: HashMap::new() }
    }

    /// May an unauthenticated request from `ip` be answered now?
    pub fn admit(&mut self, ip: IpAddr, now: Instant) -> bool {
        let key = address_key(ip);
        let mut mine = self.addresses.get(&key).copied().unwrap_or_else(|| Bucket::full(self.per_address, now));
        if !mine.has(self.per_address, 1, now) || !self.everyone.has(self.total, 1, now) {
            return false;
        }
        if !self.addresses.contains_key(&key) && self.addresses.len() >= MAX_TRACKED {
            self.forget_idle(now);
            if self.addresses.len() >= MAX_TRACKED {
                return false;
            }
        }
        mine.take(self.per_address, 1, now);
        self.everyone.take(self.total, 1, now);
        self.addresses.insert(key, mine);
        true
    }

    /// Drops the addresses whose bucket has refilled: they are as if never seen.
    pub fn forget_idle(&mut self, now: Instant) {
        let rate = self.per_address;
        self.addresses.retain(|_, bucket| !bucket.is_full(rate, now));
    }

    /// Client addresses tracked now.
    pub fn tracked(&self) -> usize {
        self.addresses.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn admitted(throttle: &mut Throttle, from: &str, times: usize, now: Instant) -> usize {
        (0..times).filter(|_| throttle.admit(ip(from), now)).count()
    }

    #[test]
    fn one_address_gets_its_burst_then_its_rate() {
        let t0 = Instant::now();
        let mut throttle = Throttle::new(Rate { per_second: 2, burst: 5 }, Rate { per_second: 1000, burst: 1000 }, t0);
        assert_eq!(admitted(&mut throttle, "198.51.100.1", 50, t0), 5);
        assert_eq!(admitted(&mut throttle, "198.51.100.2", 50, t0), 5, "another address has its own budget");
        assert_eq!(admitted(&mut throttle, "198.51.100.1", 50, t0 + Duration::from_secs(1)), 2);
        assert_eq!(
            admitted(&mut throttle, "198.51.100.1", 50, t0 + Duration::from_secs(60)),
            5,
            "no more than a burst"
        );
    }

    #[test]
    fn the_service_wide_budget_caps_many_addresses() {
        let t0 = Instant::now();
        let mut throttle = Throttle::new(Rate { per_second: 10, burst: 10 }, Rate { per_second: 4, burst: 8 }, t0);
        let spread: usize = (0..100).map(|i| admitted(&mut throttle, &format!("203.0.113.{i}"), 3, t0)).sum();
        assert_eq!(spread, 8, "spoofed sources share one budget");
        assert_eq!(admitted(&mut throttle, "192.0.2.1", 10, t0 + Duration::from_millis(500)), 2);
        assert_eq!(throttle.tracked(), 4, "refused addresses are not tracked");
    }

    #[test]
    fn ipv6_clients_share_a_budget_per_64() {
        let t0 = Instant::now();
        let mut throttle = Throttle::new(Rate { per_second: 1, burst: 3 }, Rate { per_second: 100, burst: 100 }, t0);
        assert_eq!(admitted(&mut throttle, "2001:db8:1:2::1", 2, t0), 2);
        assert_eq!(admitted(&mut throttle, "2001:db8:1:2:ffff::9", 5, t0), 1, "same /64");
        assert_eq!(admitted(&mut throttle, "2001:db8:1:3::1", 5, t0), 3, "another /64");
    }

    #[test]
    fn idle_addresses_are_forgotten_and_the_clock_may_not_go_back() {
        let t0 = Instant::now();
        let mut throttle = Throttle::new(Rate { per_second: 1, burst: 2 }, Rate { per_second: 100, burst: 100 }, t0);
        admitted(&mut throttle, "198.51.100.1", 1, t0 + Duration::from_secs(5));
        // A timestamp older than the last one refills nothing.
        assert_eq!(admitted(&mut throttle, "198.51.100.1", 5, t0), 1);
        throttle.forget_idle(t0 + Duration::from_secs(5));
        assert_eq!(throttle.tracked(), 1, "still refilling");
        throttle.forget_idle(t0 + Duration::from_secs(10));
        assert_eq!(throttle.tracked(), 0);
    }

    #[test]
    fn a_bucket_measures_bytes_too() {
        let t0 = Instant::now();
        let rate = Rate { per_second: 1000, burst: 1500 };
        let mut bucket = Bucket::full(rate, t0);
        assert!(bucket.take(rate, 1200, t0));
        assert!(!bucket.take(rate, 1200, t0));
        assert!(bucket.take(rate, 1200, t0 + Duration::from_secs(1)));
    }
}
