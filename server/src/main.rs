//! The `callready` binary: parses the configuration and serves until Ctrl-C/SIGTERM.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let level = std::env::var("CALLREADY_LOG").ok().and_then(|l| l.parse().ok()).unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt().with_max_level(level).with_ansi(colour).init();
    let config = callready_server::config::Config::parse();
    callready_server::run(config, callready_server::shutdown_signal()).await
}
