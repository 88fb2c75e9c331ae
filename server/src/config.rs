//! Server configuration: CLI flags with environment fallbacks; defaults serve a
//! laptop demo on http://localhost:8080 with a SQLite file in the working folder.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug, clap::Parser)]
#[command(name = "callready", version, about = "CallReady: checks an agent's network for browser calls")]
pub struct Config {
    /// Address and port to serve HTTP and WebSocket on.
    #[arg(long, env = "CALLREADY_LISTEN", default_value = "0.0.0.0:8080")]
    pub listen: SocketAddr,

    /// Storage: a SQLite file path (or `sqlite://path`).
    #[arg(long, env = "CALLREADY_DB", default_value = "callready.db")]
    pub db: String,

    /// Public base URL used in the links handed to support (e.g.
    /// https://callready.example.com). Default: taken from each request's Host header.
    #[arg(long, env = "CALLREADY_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// File holding the secret key for anonymising addresses; created (mode 0600)
    /// when missing. Default: the database path with `.secret` appended.
    #[arg(long, env = "CALLREADY_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
}

impl Config {
    /// A configuration for tests: loopback on a random port, the given database.
    pub fn for_tests(db: &std::path::Path) -> Config {
        Config {
            listen: "127.0.0.1:0".parse().expect("literal address"),
            db: db.display().to_string(),
            public_url: None,
            secret_file: None,
        }
    }

    pub fn sqlite_path(&self) -> anyhow::Result<PathBuf> {
        if self.db.starts_with("postgres:") || self.db.starts_with("postgresql:") {
            anyhow::bail!("PostgreSQL storage is not available yet: use a SQLite file path for --db");
        }
        Ok(PathBuf::from(self.db.strip_prefix("sqlite://").unwrap_or(&self.db)))
    }

    pub fn secret_path(&self) -> anyhow::Result<PathBuf> {
        match &self.secret_file {
            Some(path) => Ok(path.clone()),
            None => {
                let mut path = self.sqlite_path()?.into_os_string();
                path.push(".secret");
                Ok(path.into())
            }
        }
    }
}
