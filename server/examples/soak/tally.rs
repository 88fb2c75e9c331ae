//! What the soak's clients did, counted as they go: the well-behaved agents' tests,
//! errors and call packets, and the abusive client's answers per endpoint. The
//! minute report reads snapshots and prints their differences.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use callready_server::limits::LimitSettings;

/// Error messages kept for the report; the count goes on.
const ERRORS_SHOWN: usize = 10;

#[derive(Default)]
pub struct AgentTally {
    tests: AtomicU64,
    errors: AtomicU64,
    calls: AtomicU64,
    sent: AtomicU64,
    echoed: AtomicU64,
    turn_allocations: AtomicU64,
    bytes: AtomicU64,
    first_errors: Mutex<Vec<String>>,
}

/// A snapshot of [`AgentTally`], or the difference of two.
#[derive(Clone, Copy, Debug, Default)]
pub struct AgentCounts {
    pub tests: u64,
    pub errors: u64,
    pub calls: u64,
    pub sent: u64,
    pub echoed: u64,
    pub turn_allocations: u64,
    pub bytes: u64,
}

impl AgentCounts {
    pub fn since(self, earlier: AgentCounts) -> AgentCounts {
        AgentCounts {
            tests: self.tests - earlier.tests,
            errors: self.errors - earlier.errors,
            calls: self.calls - earlier.calls,
            sent: self.sent - earlier.sent,
            echoed: self.echoed - earlier.echoed,
            turn_allocations: self.turn_allocations - earlier.turn_allocations,
            bytes: self.bytes - earlier.bytes,
        }
    }

    /// Packets sent and never echoed, in percent (0 without calls).
    pub fn loss_pct(&self) -> f64 {
        if self.sent == 0 {
            return 0.0;
        }
        100.0 * self.sent.saturating_sub(self.echoed) as f64 / self.sent as f64
    }
}

impl AgentTally {
    pub fn test_passed(&self) {
        self.tests.fetch_add(1, Ordering::Relaxed);
    }

    pub fn call(&self, sent: u64, echoed: u64) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.sent.fetch_add(sent, Ordering::Relaxed);
        self.echoed.fetch_add(echoed, Ordering::Relaxed);
    }

    pub fn turn_allocation(&self) {
        self.turn_allocations.fetch_add(1, Ordering::Relaxed);
    }

    pub fn moved(&self, bytes: u64) {
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// A failed test; the first few are kept to be shown.
    pub fn error(&self, message: String) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        let mut kept = self.first_errors.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() < ERRORS_SHOWN {
            eprintln!("soak: {message}");
            kept.push(message);
        }
    }

    pub fn snapshot(&self) -> AgentCounts {
        let read = |n: &AtomicU64| n.load(Ordering::Relaxed);
        AgentCounts {
            tests: read(&self.tests),
            errors: read(&self.errors),
            calls: read(&self.calls),
            sent: read(&self.sent),
            echoed: read(&self.echoed),
            turn_allocations: read(&self.turn_allocations),
            bytes: read(&self.bytes),
        }
    }

    pub fn first_errors(&self) -> Vec<String> {
        self.first_errors.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// What the abusive client hammers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Abuse {
    /// `POST /api/sessions`.
    Sessions,
    /// `GET /api/config`.
    Configs,
    /// `POST /api/login` with a wrong password.
    Logins,
    /// `GET /api/whoami`.
    Whoami,
    /// `GET /api/download` without a token.
    TokenlessDownloads,
    /// Downloads with a live token, held open, more than one address may have.
    HeldDownloads,
    /// `/ws/echo` WebSockets held open, more than one address may have.
    HeldWebsockets,
}

/// How the server must hold an abuse back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A rate per minute, the whole of it spendable at once.
    PerMinute(u32),
    /// Never served.
    Never,
    /// At most this many open at once.
    AtOnce(u32),
}

impl Abuse {
    pub const ALL: [Abuse; 7] = [
        Abuse::Sessions,
        Abuse::Configs,
        Abuse::Logins,
        Abuse::Whoami,
        Abuse::TokenlessDownloads,
        Abuse::HeldDownloads,
        Abuse::HeldWebsockets,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Abuse::Sessions => "sessions",
            Abuse::Configs => "configs",
            Abuse::Logins => "logins",
            Abuse::Whoami => "whoami",
            Abuse::TokenlessDownloads => "tokenless downloads",
            Abuse::HeldDownloads => "downloads at once",
            Abuse::HeldWebsockets => "websockets at once",
        }
    }

    pub fn bound(self, limits: &LimitSettings) -> Bound {
        match self {
            Abuse::Sessions => Bound::PerMinute(limits.sessions_per_minute),
            Abuse::Configs => Bound::PerMinute(limits.configs_per_minute),
            Abuse::Logins => Bound::PerMinute(limits.logins_per_minute),
            Abuse::Whoami => Bound::PerMinute(limits.reads_per_minute),
            Abuse::TokenlessDownloads => Bound::Never,
            Abuse::HeldDownloads => Bound::AtOnce(limits.transfers_per_address),
            Abuse::HeldWebsockets => Bound::AtOnce(limits.websockets_per_address),
        }
    }

    fn index(self) -> usize {
        Abuse::ALL.iter().position(|a| *a == self).unwrap_or(0)
    }
}

/// How the server answered one abusive request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Served (a login's 401 counts: the password was checked).
    Served,
    /// Refused by a limit (429), or a transfer without a token (403).
    Refused,
    /// Anything else: another status, or no answer.
    Unexpected,
}

#[derive(Default)]
struct AbuseCounters {
    served: AtomicU64,
    refused: AtomicU64,
    unexpected: AtomicU64,
    most_at_once: AtomicU64,
}

#[derive(Default)]
pub struct AbuseTally {
    counters: [AbuseCounters; 7],
}

/// A snapshot of one abuse's counters, or the difference of two.
#[derive(Clone, Copy, Debug, Default)]
pub struct AbuseCounts {
    pub served: u64,
    pub refused: u64,
    pub unexpected: u64,
    /// For held connections: the most served in one round.
    pub most_at_once: u64,
}

impl AbuseCounts {
    pub fn since(self, earlier: AbuseCounts) -> AbuseCounts {
        AbuseCounts {
            served: self.served - earlier.served,
            refused: self.refused - earlier.refused,
            unexpected: self.unexpected - earlier.unexpected,
            most_at_once: self.most_at_once,
        }
    }
}

impl AbuseTally {
    pub fn answer(&self, abuse: Abuse, answer: Answer) {
        let c = &self.counters[abuse.index()];
        let counter = match answer {
            Answer::Served => &c.served,
            Answer::Refused => &c.refused,
            Answer::Unexpected => &c.unexpected,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// A round of held connections ended with `served` of them open at once.
    pub fn held(&self, abuse: Abuse, served: u64) {
        self.counters[abuse.index()].most_at_once.fetch_max(served, Ordering::Relaxed);
    }

    pub fn counts(&self, abuse: Abuse) -> AbuseCounts {
        let c = &self.counters[abuse.index()];
        AbuseCounts {
            served: c.served.load(Ordering::Relaxed),
            refused: c.refused.load(Ordering::Relaxed),
            unexpected: c.unexpected.load(Ordering::Relaxed),
            most_at_once: c.most_at_once.load(Ordering::Relaxed),
        }
    }

    pub fn snapshot(&self) -> [AbuseCounts; 7] {
        Abuse::ALL.map(|abuse| self.counts(abuse))
    }
}

/// Whether `counts`, gathered over `minutes`, show the server holding the abuse back
/// within `bound`; else why not.
pub fn held_back(counts: &AbuseCounts, bound: Bound, minutes: f64) -> Result<(), String> {
    if counts.refused == 0 {
        return Err("never refused".into());
    }
    match bound {
        // GCRA: the whole quota at once, then the quota again each minute; a second
        // more, for requests on their way when the abuse stopped.
        Bound::PerMinute(quota) => {
            let most = (f64::from(quota) * (1.0 + minutes + 1.0 / 60.0)) as u64 + 1;
            if counts.served > most {
                return Err(format!("{} served, more than {most} in {minutes:.1} min", counts.served));
            }
        }
        Bound::Never if counts.served > 0 => return Err(format!("{} served", counts.served)),
        Bound::Never => {}
        Bound::AtOnce(limit) if counts.most_at_once > u64::from(limit) => {
            return Err(format!("{} open at once, more than {limit}", counts.most_at_once))
        }
        Bound::AtOnce(_) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(served: u64, refused: u64, most_at_once: u64) -> AbuseCounts {
        AbuseCounts { served, refused, unexpected: 0, most_at_once }
    }

    #[test]
    fn an_abuse_never_refused_was_not_held_back() {
        assert!(held_back(&counts(5, 0, 0), Bound::PerMinute(100), 1.0).is_err());
    }

    #[test]
    fn a_rate_allows_its_burst_and_then_its_quota_each_minute() {
        assert_eq!(held_back(&counts(202, 9000, 0), Bound::PerMinute(100), 1.0), Ok(()));
        assert!(held_back(&counts(203, 9000, 0), Bound::PerMinute(100), 1.0).is_err());
        assert_eq!(held_back(&counts(252, 9000, 0), Bound::PerMinute(100), 1.5), Ok(()));
        assert!(held_back(&counts(253, 9000, 0), Bound::PerMinute(100), 1.5).is_err());
    }

    #[test]
    fn connections_held_count_at_once() {
        assert_eq!(held_back(&counts(40, 8, 18), Bound::AtOnce(18), 1.0), Ok(()));
        assert!(held_back(&counts(40, 8, 19), Bound::AtOnce(18), 1.0).is_err());
        assert!(held_back(&counts(1, 8, 0), Bound::Never, 1.0).is_err());
    }
}
