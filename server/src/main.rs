//! The `callready` binary: parses the configuration and serves until Ctrl-C/SIGTERM.
//! A failure to start (a port in use, an unreadable certificate) is one line naming
//! what failed, and the exit status is 1.

use clap::Parser;
use tracing::level_filters::LevelFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let level = std::env::var("CALLREADY_LOG").ok().and_then(|l| l.parse().ok()).unwrap_or(LevelFilter::INFO);
    callready_server::logging::init(level, colour);
    let config = callready_server::config::Config::parse();
    match callready_server::run(config, callready_server::shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("callready: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
