//! Abuse limits of the HTTP side, per client address (IPv6 by /64) unless said
//! otherwise: request rates of the endpoints that cost something (a database write,
//! a password hash, TURN credentials), bandwidth transfers (how many at once, how many
//! bytes a minute, and a budget for the whole server), and WebSocket connections.
//! Rates are [`governor`]'s GCRA, keyed by address; every limit answers 429 with
//! `Retry-After` and a JSON error (WebSockets: a close reason).
//!
//! Every table here is bounded: the rate tables forget an address once its quota is
//! full again (at most a minute), and hold at most [`MAX_TRACKED`] addresses; beyond
//! that (a flood from more addresses than that within a minute) new addresses are
//! refused until the table drains, while the ones it knows carry on.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};

use crate::error::ApiError;
use crate::turn::limits::{address_key, ConnectionSlots, Slot, StreamLimits, TurnLimits};
use crate::turn::throttle::Rate;

/// Most addresses one rate table tracks (about 100 bytes each).
pub const MAX_TRACKED: usize = 200_000;

/// The limits an operator may change (`callready --help` lists them as flags).
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct LimitSettings {
    /// Sessions an address may create per minute (the console's bulk creation counts
    /// once). A person making invites by hand never comes near; a script should use
    /// `POST /api/sessions/bulk`.
    #[arg(long, env = "CALLREADY_SESSIONS_PER_MINUTE", default_value_t = DEFAULT.sessions_per_minute)]
    pub sessions_per_minute: u32,
    /// Runs an address may save per minute: a 30-agent office behind one NAT address
    /// finishing its tests in the same minute, each save retried once.
    #[arg(long, env = "CALLREADY_RUNS_PER_MINUTE", default_value_t = DEFAULT.runs_per_minute)]
    pub runs_per_minute: u32,
    /// `GET /api/config` (TURN credentials) per address and minute: two per test
    /// page (load and Start), for that office twice over.
    #[arg(long, env = "CALLREADY_CONFIGS_PER_MINUTE", default_value_t = DEFAULT.configs_per_minute)]
    pub configs_per_minute: u32,
    /// Login attempts per address and minute, right or wrong: each costs an Argon2
    /// hash (failures are further limited per account).
    #[arg(long, env = "CALLREADY_LOGINS_PER_MINUTE", default_value_t = DEFAULT.logins_per_minute)]
    pub logins_per_minute: u32,
    /// `GET /api/whoami`, `/api/me` and `/api/probe/<token>` per address and minute
    /// (a test asks three or four times).
    #[arg(long, env = "CALLREADY_READS_PER_MINUTE", default_value_t = DEFAULT.reads_per_minute)]
    pub reads_per_minute: u32,
    /// Bandwidth transfers open at once from one address: a test uses up to six
    /// streams; this lets four agents behind one address measure together.
    #[arg(long, env = "CALLREADY_TRANSFERS_PER_ADDRESS", default_value_t = DEFAULT.transfers_per_address)]
    pub transfers_per_address: u32,
    /// Bandwidth bytes (both directions) per address and minute, in MiB: one agent
    /// measuring 1 Gbit/s each way for 7 s moves about 1,700 MiB.
    #[arg(long, env = "CALLREADY_TRANSFER_MIB_PER_MINUTE", default_value_t = DEFAULT.transfer_mib_per_minute)]
    pub transfer_mib_per_minute: u32,
    /// Bandwidth bytes the whole server may move per hour, in GiB (400 GiB is about
    /// 0.95 Gbit/s sustained: what a 1 Gbit/s VM can send anyway). Lower it when
    /// traffic is billed.
    #[arg(long, env = "CALLREADY_TRANSFER_GIB_PER_HOUR", default_value_t = DEFAULT.transfer_gib_per_hour)]
    pub transfer_gib_per_hour: u32,
    /// WebSockets (`/ws/echo`, `/ws/rtc`) open at once from one address: a test opens
    /// at most three.
    #[arg(long, env = "CALLREADY_WEBSOCKETS_PER_ADDRESS", default_value_t = DEFAULT.websockets_per_address)]
    pub websockets_per_address: u32,
    /// WebSockets open at once on the server.
    #[arg(long, env = "CALLREADY_MAX_WEBSOCKETS", default_value_t = DEFAULT.max_websockets)]
    pub max_websockets: u32,
    /// Messages a WebSocket may send per second (the page sends at most five).
    #[arg(long, env = "CALLREADY_WS_MESSAGES_PER_SECOND", default_value_t = DEFAULT.ws_messages_per_second)]
    pub ws_messages_per_second: u32,
    /// HTTP connections open at once; beyond it new ones wait in the kernel's queue.
    #[arg(long, env = "CALLREADY_MAX_CONNECTIONS", default_value_t = DEFAULT.max_connections)]
    pub max_connections: u32,
    /// Seconds a client has to send a request's headers once it started (slowloris).
    #[arg(long, env = "CALLREADY_HEADER_TIMEOUT", default_value_t = DEFAULT.header_timeout_seconds)]
    pub header_timeout_seconds: u32,
}

/// The TURN relay's limits an operator may change; the reasons for each default are
/// on [`TurnLimits`]'s fields.
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct TurnLimitSettings {
    /// Allocations live at once under one TURN credential (a page makes up to ~15).
    #[arg(long, env = "CALLREADY_TURN_ALLOCATIONS_PER_CREDENTIAL", default_value_t = TurnLimits::default().allocations_per_username)]
    pub turn_allocations_per_credential: usize,
    /// Allocations live at once from one client address.
    #[arg(long, env = "CALLREADY_TURN_ALLOCATIONS_PER_ADDRESS", default_value_t = TurnLimits::default().allocations_per_address)]
    pub turn_allocations_per_address: usize,
    /// Allocations live at once on the server (one relay socket each).
    #[arg(long, env = "CALLREADY_TURN_MAX_ALLOCATIONS", default_value_t = TurnLimits::default().allocations_total)]
    pub turn_max_allocations: usize,
    /// Peer permissions one allocation may hold.
    #[arg(long, env = "CALLREADY_TURN_PERMISSIONS_PER_ALLOCATION", default_value_t = TurnLimits::default().permissions_per_allocation)]
    pub turn_permissions_per_allocation: usize,
    /// Channels one allocation may bind.
    #[arg(long, env = "CALLREADY_TURN_CHANNELS_PER_ALLOCATION", default_value_t = TurnLimits::default().channels_per_allocation)]
    pub turn_channels_per_allocation: usize,
    /// MiB one allocation may relay over its life, both directions.
    #[arg(long, env = "CALLREADY_TURN_RELAY_MIB_PER_ALLOCATION", default_value_t = TurnLimits::default().relayed_bytes_per_allocation >> 20)]
    pub turn_relay_mib_per_allocation: u64,
    /// MiB the whole relay may carry per second, both directions.
    #[arg(long, env = "CALLREADY_TURN_RELAY_MIB_PER_SECOND", default_value_t = TurnLimits::default().relayed_total.per_second >> 20)]
    pub turn_relay_mib_per_second: u64,
    /// Unsigned requests (a 401 with a new nonce, a Binding answer) per second from one
    /// address; four times as many at once.
    #[arg(long, env = "CALLREADY_TURN_UNAUTHENTICATED_PER_SECOND", default_value_t = TurnLimits::default().unauthenticated_per_address.per_second)]
    pub turn_unauthenticated_per_second: u64,
}

impl Default for TurnLimitSettings {
    fn default() -> Self {
        let d = TurnLimits::default();
        TurnLimitSettings {
            turn_allocations_per_credential: d.allocations_per_username,
            turn_allocations_per_address: d.allocations_per_address,
            turn_max_allocations: d.allocations_total,
            turn_permissions_per_allocation: d.permissions_per_allocation,
            turn_channels_per_allocation: d.channels_per_allocation,
            turn_relay_mib_per_allocation: d.relayed_bytes_per_allocation >> 20,
            turn_relay_mib_per_second: d.relayed_total.per_second >> 20,
            turn_unauthenticated_per_second: d.unauthenticated_per_address.per_second,
        }
    }
}

impl TurnLimitSettings {
    /// The relay's limits: these settings over [`TurnLimits::default`].
    pub fn limits(&self) -> TurnLimits {
        let d = TurnLimits::default();
        let relayed_per_second = self.turn_relay_mib_per_second.max(1) << 20;
        TurnLimits {
            allocations_per_username: self.turn_allocations_per_credential,
            allocations_per_address: self.turn_allocations_per_address,
            allocations_total: self.turn_max_allocations,
            permissions_per_allocation: self.turn_permissions_per_allocation,
            channels_per_allocation: self.turn_channels_per_allocation,
            relayed_bytes_per_allocation: self.turn_relay_mib_per_allocation << 20,
            relayed_total: Rate { per_second: relayed_per_second, burst: relayed_per_second },
            unauthenticated_per_address: Rate {
                per_second: self.turn_unauthenticated_per_second,
                burst: self.turn_unauthenticated_per_second * 4,
            },
            ..d
        }
    }
}

/// The defaults, with the reasons on each flag above.
pub const DEFAULT: LimitSettings = LimitSettings {
    sessions_per_minute: 60,
    runs_per_minute: 60,
    configs_per_minute: 120,
    logins_per_minute: 30,
    reads_per_minute: 300,
    transfers_per_address: 24,
    transfer_mib_per_minute: 2048,
    transfer_gib_per_hour: 400,
    websockets_per_address: 100,
    max_websockets: 4096,
    ws_messages_per_second: 50,
    max_connections: 8192,
    header_timeout_seconds: 10,
};

impl Default for LimitSettings {
    fn default() -> Self {
        DEFAULT
    }
}

/// What a rate limit guards: named in its error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guarded {
    Sessions,
    Runs,
    Config,
    Logins,
    Reads,
    Transfers,
}

impl Guarded {
    pub fn what(self) -> &'static str {
        match self {
            Guarded::Sessions => "session creations",
            Guarded::Runs => "run saves",
            Guarded::Config => "test configurations",
            Guarded::Logins => "login attempts",
            Guarded::Reads => "requests to this endpoint",
            Guarded::Transfers => "bandwidth transfers",
        }
    }
}

/// One keyed rate: `per_minute` requests a minute per address, all of them at once.
pub struct PerAddress {
    guarded: Guarded,
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    checks: AtomicU64,
}

/// A quota of `per_minute` a minute, spendable at once (`0` reads as 1).
fn per_minute(per_minute: u32) -> Quota {
    let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(n).allow_burst(n)
}

/// Whole seconds until `wait` has passed, at least one.
fn seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

impl PerAddress {
    fn new(guarded: Guarded, quota: Quota) -> PerAddress {
        PerAddress { guarded, limiter: DefaultKeyedRateLimiter::keyed(quota), checks: AtomicU64::new(0) }
    }

    /// Counts `n` units for `ip`; a refusal says how long to wait.
    pub fn check_n(&self, ip: IpAddr, n: u32) -> Result<(), ApiError> {
        let refused = |retry_after| ApiError::RateLimited { what: self.guarded.what(), retry_after };
        // Addresses whose quota is full again are forgotten now and then, and at once
        // when the table is full.
        if self.checks.fetch_add(1, Ordering::Relaxed).is_multiple_of(1024) || self.limiter.len() >= MAX_TRACKED {
            self.limiter.retain_recent();
            if self.limiter.len() >= MAX_TRACKED {
                return Err(refused(60));
            }
        }
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        match self.limiter.check_key_n(&address_key(ip), n) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(refused(seconds(not_until.wait_time_from(DefaultClock::default().now())))),
            // More than the whole quota at once: never allowed.
            Err(_) => Err(refused(60)),
        }
    }

    pub fn check(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.check_n(ip, 1)
    }

    /// Addresses tracked now.
    pub fn tracked(&self) -> usize {
        self.limiter.len()
    }
}

/// Bandwidth bytes are counted in KiB.
const KIB: u64 = 1024;

/// The limits in force, with their state.
pub struct Limits {
    pub settings: LimitSettings,
    pub sessions: PerAddress,
    pub runs: PerAddress,
    pub config: PerAddress,
    pub logins: PerAddress,
    pub reads: PerAddress,
    transfer_bytes: PerAddress,
    transfer_budget: DefaultDirectRateLimiter,
    transfers: ConnectionSlots,
    websockets: ConnectionSlots,
    /// Transfers cut short because a byte limit ran out.
    pub transfers_cut: AtomicU64,
}

impl Limits {
    pub fn new(settings: LimitSettings) -> Limits {
        let kib_per_minute = settings.transfer_mib_per_minute.saturating_mul(1024);
        let budget_kib = settings.transfer_gib_per_hour.saturating_mul(1024 * 1024);
        let budget = NonZeroU32::new(budget_kib).unwrap_or(NonZeroU32::MIN);
        let slots = |per_address: u32, total: u32| {
            ConnectionSlots::new(StreamLimits {
                max_connections: total as usize,
                max_per_address: per_address as usize,
                ..StreamLimits::default()
            })
        };
        Limits {
            sessions: PerAddress::new(Guarded::Sessions, per_minute(settings.sessions_per_minute)),
            runs: PerAddress::new(Guarded::Runs, per_minute(settings.runs_per_minute)),
            config: PerAddress::new(Guarded::Config, per_minute(settings.configs_per_minute)),
            logins: PerAddress::new(Guarded::Logins, per_minute(settings.logins_per_minute)),
            reads: PerAddress::new(Guarded::Reads, per_minute(settings.reads_per_minute)),
            transfer_bytes: PerAddress::new(Guarded::Transfers, per_minute(kib_per_minute)),
            transfer_budget: DefaultDirectRateLimiter::direct(Quota::per_hour(budget).allow_burst(budget)),
            transfers: slots(settings.transfers_per_address, u32::MAX),
            websockets: slots(settings.websockets_per_address, settings.max_websockets),
            transfers_cut: AtomicU64::new(0),
            settings,
        }
    }

    /// A transfer's place from `ip`, held until dropped; refused past the number open
    /// at once.
    pub fn transfer(self: &Arc<Self>, ip: IpAddr) -> Result<Transfer, ApiError> {
        let slot = self
            .transfers
            .try_take(ip)
            .ok_or(ApiError::RateLimited { what: Guarded::Transfers.what(), retry_after: 10 })?;
        // One that cannot move a byte is refused before it starts.
        self.transfer_bytes.check_n(ip, 1)?;
        Ok(Transfer { limits: self.clone(), ip, _slot: slot, unspent: 0 })
    }

    /// A WebSocket's place from `ip`, held until dropped.
    pub fn websocket(&self, ip: IpAddr) -> Option<Slot> {
        self.websockets.try_take(ip)
    }

    /// WebSockets open now.
    pub fn websockets_open(&self) -> usize {
        self.websockets.open()
    }
}

/// A running transfer: counts its bytes against its address's minute and the
/// server's hour.
pub struct Transfer {
    limits: Arc<Limits>,
    ip: IpAddr,
    _slot: Slot,
    /// Bytes moved and not yet counted (counted by whole 64 KiB).
    unspent: u64,
}

impl Transfer {
    /// Counts `bytes` more; false once a limit is spent (the transfer must stop).
    pub fn spend(&mut self, bytes: usize) -> bool {
        self.unspent += bytes as u64;
        if self.unspent < 64 * KIB {
            return true;
        }
        let kib = (self.unspent / KIB) as u32;
        self.unspent %= KIB;
        let n = NonZeroU32::new(kib).unwrap_or(NonZeroU32::MIN);
        // Loopback is this machine measuring itself (the laptop demo), at many Gbit/s:
        // no address on the internet is loopback, so only the server's budget counts.
        let address_within = self.ip.is_loopback() || self.limits.transfer_bytes.check_n(self.ip, kib).is_ok();
        let within = address_within && matches!(self.limits.transfer_budget.check_n(n), Ok(Ok(())));
        if !within {
            self.limits.transfers_cut.fetch_add(1, Ordering::Relaxed);
        }
        within
    }
}

/// Middleware: the request counts against `guarded`'s rate for its client address
/// before it reaches its handler.
pub async fn rate_limit(
    axum::extract::State((state, guarded)): axum::extract::State<(crate::AppState, Guarded)>,
    axum::extract::ConnectInfo(conn): axum::extract::ConnectInfo<crate::path::ClientConn>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let ip = crate::path::client_ip(state.proxy_hops, &conn, request.headers());
    let limit = match guarded {
        Guarded::Sessions => &state.limits.sessions,
        Guarded::Runs => &state.limits.runs,
        Guarded::Config => &state.limits.config,
        Guarded::Logins => &state.limits.logins,
        Guarded::Reads | Guarded::Transfers => &state.limits.reads,
    };
    match limit.check(ip) {
        Ok(()) => next.run(request).await,
        Err(refused) => refused.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_turn_flags_default_to_the_relay_s_defaults() {
        assert_eq!(TurnLimitSettings::default().limits(), TurnLimits::default());
    }

    #[test]
    fn an_address_gets_its_quota_then_waits_and_others_are_unaffected() {
        let limits = Limits::new(LimitSettings { runs_per_minute: 3, ..DEFAULT });
        for _ in 0..3 {
            limits.runs.check(ip("198.51.100.1")).unwrap();
        }
        match limits.runs.check(ip("198.51.100.1")) {
            Err(ApiError::RateLimited { retry_after, .. }) => assert!((1..=20).contains(&retry_after), "{retry_after}"),
            other => panic!("the fourth is refused: {other:?}"),
        }
        limits.runs.check(ip("198.51.100.2")).unwrap();
    }

    #[test]
    fn ipv6_addresses_count_per_64() {
        let limits = Limits::new(LimitSettings { sessions_per_minute: 1, ..DEFAULT });
        limits.sessions.check(ip("2001:db8:1:2::1")).unwrap();
        assert!(limits.sessions.check(ip("2001:db8:1:2:ffff::7")).is_err(), "same /64");
        limits.sessions.check(ip("2001:db8:1:3::1")).unwrap();
    }

    #[test]
    fn the_rate_table_is_bounded() {
        let limits = Limits::new(LimitSettings { reads_per_minute: 1, ..DEFAULT });
        let mut refused = 0;
        for n in 0..(MAX_TRACKED as u32 + 10) {
            let addr = IpAddr::from(std::net::Ipv4Addr::from(0x0A00_0000 + n));
            refused += usize::from(limits.reads.check(addr).is_err());
        }
        assert!(limits.reads.tracked() <= MAX_TRACKED);
        assert!(refused >= 10, "addresses past the table's size are refused: {refused}");
    }

    #[test]
    fn transfers_are_limited_at_once_and_by_bytes() {
        let limits =
            Arc::new(Limits::new(LimitSettings { transfers_per_address: 2, transfer_mib_per_minute: 1, ..DEFAULT }));
        let a = limits.transfer(ip("203.0.113.5")).unwrap();
        let mut b = limits.transfer(ip("203.0.113.5")).unwrap();
        assert!(limits.transfer(ip("203.0.113.5")).is_err(), "a third at once");
        drop(a);
        let _c = limits.transfer(ip("203.0.113.5")).unwrap();
        // 1 MiB a minute: sixteen 64 KiB chunks pass, then the transfer must stop.
        let passed = (0..20).take_while(|_| b.spend(64 * 1024)).count();
        assert!((14..=16).contains(&passed), "{passed}");
        assert_eq!(limits.transfers_cut.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn loopback_measures_itself_past_an_address_s_minute() {
        let limits = Arc::new(Limits::new(LimitSettings { transfer_mib_per_minute: 1, ..DEFAULT }));
        let mut own = limits.transfer(ip("127.0.0.1")).unwrap();
        assert!((0..64).all(|_| own.spend(1 << 20)), "64 MiB from the machine itself");
        let mut remote = limits.transfer(ip("198.51.100.1")).unwrap();
        assert!(!(0..64).all(|_| remote.spend(1 << 20)), "but not from an address on the network");
    }

    #[test]
    fn the_server_s_transfer_budget_is_shared_by_every_address() {
        let limits = Arc::new(Limits::new(LimitSettings { transfer_gib_per_hour: 1, ..DEFAULT }));
        let mut moved = 0u64;
        'addresses: for n in 0..64u32 {
            let mut t = limits.transfer(IpAddr::from(std::net::Ipv4Addr::from(0xC000_0200 + n))).unwrap();
            for _ in 0..(64 * 1024 / 64) {
                if !t.spend(1024 * 1024) {
                    break 'addresses;
                }
                moved += 1024 * 1024;
            }
        }
        assert!(moved <= (1 << 30) + (1 << 20), "at most 1 GiB in the hour: {moved}");
        assert!(moved >= (1 << 30) - (4 << 20), "and about all of it: {moved}");
    }
}
