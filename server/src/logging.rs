//! What the server logs. Our own crates log at the level asked for; every other crate
//! (str0m, the TURN crate, sqlx, hyper…) only at WARN and above, because their debug
//! and trace lines print the full addresses of clients. Our own lines never carry a
//! client's address, whatever the level; a line about a session names it by its
//! agent code, as the field `code`.
//!
//! Lines are text for people, or JSON (`--log-format json`) for a log pipeline: one
//! object a line, the message and the fields under `fields`.

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

/// How log lines are written (`--log-format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per event.
    Json,
}

/// Installs the process-wide subscriber: human-readable lines on stdout.
pub fn init(level: LevelFilter, colour: bool) {
    init_as(LogFormat::Text, level, colour);
}

/// Installs the process-wide subscriber: lines in `format` on stdout, coloured
/// (text only) when `colour`.
pub fn init_as(format: LogFormat, level: LevelFilter, colour: bool) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let lines = tracing_subscriber::fmt::layer().with_ansi(colour && format == LogFormat::Text);
    // When one is installed already (a test's), it stays.
    let _ = match format {
        LogFormat::Text => tracing_subscriber::registry().with(lines).with(targets(level)).try_init(),
        LogFormat::Json => tracing_subscriber::registry().with(lines.json()).with(targets(level)).try_init(),
    };
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
