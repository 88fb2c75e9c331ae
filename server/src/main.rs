//! The `callready` binary: parses the configuration and serves until Ctrl-C/SIGTERM.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    tracing_subscriber::fmt().with_max_level(tracing::Level::INFO).with_ansi(colour).init();
    let config = callready_server::config::Config::parse();
    callready_server::run(config, callready_server::shutdown_signal()).await
}
