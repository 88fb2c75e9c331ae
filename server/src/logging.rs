//! What the server logs. Our own crates log at the level asked for; every other crate
//! (str0m, the TURN crate, sqlx, hyper…) only at WARN and above, because their debug
//! and trace lines print the full addresses of clients. Our own lines never carry a
//! client's address, whatever the level.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;

/// The filter for `level` (from `CALLREADY_LOG`, INFO by default).
pub fn targets(level: LevelFilter) -> Targets {
    Targets::new()
        .with_target("callready", level)
        .with_target("callready_server", level)
        .with_target("callready_common", level)
        .with_default(LevelFilter::WARN.min(level))
}

/// Installs the process-wide subscriber: human-readable lines on stdout.
pub fn init(level: LevelFilter, colour: bool) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let _ = tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_ansi(colour))
        .with(targets(level))
        .try_init();
}

#[cfg(test)]
mod tests {
    use tracing::Level;

    use super::*;

    #[test]
    fn other_crates_are_held_at_warn_whatever_the_level() {
        let filter = targets(LevelFilter::TRACE);
        assert!(filter.would_enable("callready_server::rtc", &Level::TRACE));
        assert!(!filter.would_enable("str0m::ice_", &Level::DEBUG), "str0m's debug lines carry addresses");
        assert!(!filter.would_enable("turn::server", &Level::INFO));
        assert!(filter.would_enable("str0m", &Level::WARN));
        let quiet = targets(LevelFilter::ERROR);
        assert!(!quiet.would_enable("str0m", &Level::WARN), "a lower level lowers everything");
    }
}
