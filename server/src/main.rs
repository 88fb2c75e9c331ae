//! The `callready` binary: parses the configuration and serves until Ctrl-C/SIGTERM.

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_max_level(tracing::Level::INFO).init();
    let config = callready_server::config::Config::parse();
    callready_server::run(config, callready_server::shutdown_signal()).await
}
