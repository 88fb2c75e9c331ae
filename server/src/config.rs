//! Server configuration: CLI flags with environment fallbacks; defaults serve a
//! laptop demo on http://localhost:8080 with a SQLite file in the working folder.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use crate::error::StartError;

#[derive(Clone, Debug, clap::Parser)]
#[command(name = "callready", version, about = "CallReady: checks an agent's network for browser calls")]
pub struct Config {
    /// Address and port to serve HTTP and WebSocket on.
    #[arg(long, env = "CALLREADY_LISTEN", default_value = "0.0.0.0:8080")]
    pub listen: SocketAddr,

    /// Storage: a SQLite file path (or `sqlite://path`), or a PostgreSQL URL
    /// (`postgres://user:password@host/database?sslmode=verify-full`) that several
    /// nodes share; the database is created when missing and the role may.
    #[arg(long, env = "CALLREADY_DB", default_value = "callready.db")]
    pub db: String,

    /// This node's region (`eu-west`: letters, digits and dashes). Nodes that share a
    /// PostgreSQL database and each have a region list each other at
    /// `GET /api/regions`; the page runs its test against the nearest. Needs
    /// --public-url.
    #[arg(long, env = "CALLREADY_REGION", value_parser = parse_region)]
    pub region: Option<String>,

    /// The region's name as people read it (`Europe (Frankfurt)`). Default: --region.
    #[arg(long, env = "CALLREADY_REGION_DISPLAY_NAME")]
    pub region_display_name: Option<String>,

    /// Seconds between a node's heartbeats; a node silent for three is left out of
    /// the region list.
    #[arg(long, env = "CALLREADY_HEARTBEAT_SECS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub heartbeat_secs: u64,

    /// Largest the database may grow, in MB: past it, saving a run or making a
    /// session is refused (507 Insufficient Storage) and nothing stored is lost. 1 GB
    /// holds about 70,000 runs.
    #[arg(long, env = "CALLREADY_MAX_DB_MB", default_value_t = crate::store::DEFAULT_MAX_DB_MB, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_db_mb: u64,

    /// Runs older than this many days are deleted, with the sessions left empty, at
    /// start-up and then every 24 hours; 0 keeps everything.
    #[arg(long, env = "CALLREADY_RETENTION_DAYS", default_value_t = 365, value_parser = clap::value_parser!(u32).range(0..=36_500))]
    pub retention_days: u32,

    /// Public base URL used in the links handed to support (e.g.
    /// https://callready.example.com). Default: taken from each request's Host header.
    #[arg(long, env = "CALLREADY_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// File holding the secret key for anonymising addresses; created (mode 0600)
    /// when missing, refused when others may read it. Default:
    /// `$XDG_CONFIG_HOME/callready/anonymisation.key` (else `~/.config/…`), away
    /// from the database so that a copy of its directory does not carry the key; a
    /// key left by older versions beside the database is moved there.
    #[arg(long, env = "CALLREADY_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,

    /// Run without the built-in STUN/TURN server.
    #[arg(long, env = "CALLREADY_NO_TURN")]
    pub no_turn: bool,

    /// UDP address of the WebRTC echo peer (one socket for every peer). Give an
    /// explicit address, or 0.0.0.0 to bind all and advertise the public address.
    #[arg(long, env = "CALLREADY_RTC_UDP", default_value = "0.0.0.0:3479")]
    pub rtc_udp: SocketAddr,

    /// Most simultaneous echo-peer connections (one per simulated call); more are
    /// refused with a "try again" message. One core carries about 500 (`cargo xtask bench`).
    #[arg(long, env = "CALLREADY_RTC_MAX_PEERS", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub rtc_max_peers: u32,

    /// Length of the call-quality stream, in seconds.
    #[arg(long, env = "CALLREADY_MEDIA_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=60))]
    pub media_seconds: u32,

    /// Longest bandwidth direction (download, then upload), in seconds: one ends
    /// earlier once its rate has settled; 0 = no bandwidth test.
    #[arg(long, env = "CALLREADY_BANDWIDTH_SECONDS", default_value_t = 7, value_parser = clap::value_parser!(u32).range(0..=30))]
    pub bandwidth_seconds: u32,

    /// The agent's page aims to give its verdict this many seconds after Start: the
    /// bandwidth test ends its directions sooner when the probes before it took
    /// long (each still runs at least 3.5 s); 0 = no aim, each direction may take
    /// `--bandwidth-seconds`.
    #[arg(long, env = "CALLREADY_VERDICT_WITHIN", default_value_t = 20, value_parser = clap::value_parser!(u32).range(0..=300))]
    pub verdict_within: u32,

    /// Bandwidth one call needs each way, in kbit/s: capacity = the slower direction
    /// divided by this (100 suits G.711 with overhead; Opus needs about 50).
    #[arg(long, env = "CALLREADY_PER_CALL_KBPS", default_value_t = 100, value_parser = clap::value_parser!(u32).range(8..=10_000))]
    pub per_call_kbps: u32,

    /// STUN/TURN over UDP.
    #[arg(long, env = "CALLREADY_TURN_UDP", default_value = "0.0.0.0:3478")]
    pub turn_udp: SocketAddr,

    /// TURN over TCP.
    #[arg(long, env = "CALLREADY_TURN_TCP", default_value = "0.0.0.0:3478")]
    pub turn_tcp: SocketAddr,

    /// TURN over TLS.
    #[arg(long, env = "CALLREADY_TURN_TLS", default_value = "0.0.0.0:5349")]
    pub turn_tls: SocketAddr,

    /// PEM certificate chain for TURN over TLS. Without it a self-signed certificate
    /// is made, which browsers refuse: set it in production.
    #[arg(long, env = "CALLREADY_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key for --tls-cert.
    #[arg(long, env = "CALLREADY_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Public address of this host, written into relayed candidates (set it when the
    /// host is behind NAT, e.g. a cloud VM). Default: the --listen address if it is
    /// specific, else 127.0.0.1 (a laptop demo).
    #[arg(long, env = "CALLREADY_TURN_PUBLIC_IP")]
    pub turn_public_ip: Option<IpAddr>,

    /// Address the relay sockets bind to.
    #[arg(long, env = "CALLREADY_TURN_RELAY_IP", default_value = "0.0.0.0")]
    pub turn_relay_ip: IpAddr,

    /// Shared secret for TURN REST credentials (the same as coturn's
    /// `static-auth-secret`). Default: random at each start.
    #[arg(long, env = "CALLREADY_TURN_SECRET", hide_env_values = true)]
    pub turn_secret: Option<String>,

    /// Host name the page uses to reach STUN/TURN. Default: the host of
    /// --public-url, else the host the page was loaded from.
    #[arg(long, env = "CALLREADY_TURN_HOST")]
    pub turn_host: Option<String>,

    /// Host name in the `turns:` (TURN over TLS) URL, when it differs from
    /// --turn-host. It must be a name the certificate covers: Firefox does not
    /// connect TURN over TLS to a bare IP address.
    #[arg(long, env = "CALLREADY_TURN_TLS_HOST")]
    pub turn_tls_host: Option<String>,

    /// STUN/TURN URL of an external server the page should probe instead of the
    /// built-in one (repeatable or comma-separated), e.g.
    /// `turn:turn.example.com:3478?transport=udp`, `turns:turn.example.com:443?transport=tcp`.
    #[arg(long = "external-turn", env = "CALLREADY_EXTERNAL_TURN", value_delimiter = ',')]
    pub external_turn: Vec<String>,

    /// Shared secret of the external TURN servers (coturn's `static-auth-secret`).
    #[arg(long, env = "CALLREADY_EXTERNAL_TURN_SECRET", hide_env_values = true)]
    pub external_turn_secret: Option<String>,

    /// A peer address TURN may relay to, on every port (repeatable). By default TURN
    /// relays only to this server's own echo peer; this is for tests and benchmarks.
    /// Listing one of this host's own addresses opens all of its ports to relayed traffic.
    #[arg(long = "turn-allow-peer", env = "CALLREADY_TURN_ALLOW_PEERS", value_delimiter = ',')]
    pub turn_allow_peers: Vec<IpAddr>,

    /// Folder of requirement profiles (`*.toml`) added to the built-in ones, or
    /// replacing them by id. The server refuses to start on an invalid one.
    #[arg(long, env = "CALLREADY_PROFILES")]
    pub profiles: Option<PathBuf>,

    /// Which requirement profiles' ports the server opens for their checks: `all`
    /// (default), `none`, or profile ids separated by commas. A port that cannot be
    /// bound (in use, or below 1024 without CAP_NET_BIND_SERVICE) is logged once and
    /// its check says "not offered by this server".
    #[arg(long, env = "CALLREADY_PROFILE_PORTS", default_value = "all")]
    pub profile_ports: crate::platform::ProfilePorts,

    /// Two UDP addresses for the NAT mapping probe: the page sends a TURN request to
    /// both from one socket, and the server compares the public port each came from
    /// (nothing is ever allocated there). The flag with no address turns it off.
    #[arg(
        long,
        env = "CALLREADY_NAT_PROBE_UDP",
        value_delimiter = ',',
        num_args = 0..=2,
        default_value = "0.0.0.0:3480,0.0.0.0:3481"
    )]
    pub nat_probe_udp: Vec<SocketAddr>,

    /// How many reverse proxies of your own stand in front of --listen (nginx, a load
    /// balancer): what they add to requests (one X-Forwarded-For / Via / Forwarded
    /// entry each) is not reported as a proxy on the agent's side, and the TCP
    /// segment size (the path MTU check) is not measured, the connection being theirs.
    #[arg(long, env = "CALLREADY_PROXY_HOPS", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=8))]
    pub proxy_hops: u32,

    /// Abuse limits: request rates, bandwidth transfers, WebSockets, connections.
    #[command(flatten)]
    pub limits: crate::limits::LimitSettings,

    /// The TURN relay's limits: allocations, permissions, channels, relayed bytes.
    #[command(flatten)]
    pub turn_limits: crate::limits::TurnLimitSettings,

    /// A TLS listener of CallReady's own for the TLS inspection check (e.g.
    /// `0.0.0.0:8443`): the page fetches a probe URL on it, and the server compares
    /// the TLS handshake it receives with the one the page's browser writes. Agents
    /// must reach it directly (not through your reverse proxy), and it presents
    /// --tls-cert, which must be valid for the page's host name. Off by default.
    #[arg(long, env = "CALLREADY_TLS_LISTEN")]
    pub tls_listen: Option<SocketAddr>,

    /// An internal address webhooks may be delivered to (repeatable or
    /// comma-separated), e.g. a helpdesk on the company network. Webhooks never go to
    /// loopback, private or link-local addresses otherwise.
    #[arg(long = "webhook-allow", env = "CALLREADY_WEBHOOK_ALLOW", value_delimiter = ',')]
    pub webhook_allow: Vec<IpAddr>,

    /// An origin (`https://desk.example.com`) whose pages may frame the test at
    /// `/embed/t/<code>` (repeatable or comma-separated); an invite may add its own.
    /// Every other page stays unframeable.
    #[arg(long = "embed-origin", env = "CALLREADY_EMBED_ORIGINS", value_delimiter = ',', value_parser = embed_origin)]
    pub embed_origins: Vec<String>,

    /// The wait before a failed webhook delivery's first retry (then doubled, up to
    /// an hour, for 24 hours). Tests shorten it.
    #[arg(skip = std::time::Duration::from_secs(5))]
    pub webhook_first_retry: std::time::Duration,

    /// Lets anyone create a session ("Start a test" without an account), as a laptop
    /// demo does. Off by default: creating sessions then needs an account or an API
    /// token (`callready user add`, `callready token add`).
    #[arg(long, env = "CALLREADY_OPEN_SESSIONS")]
    pub open_sessions: bool,

    /// Address of a listener of its own for Prometheus to scrape `/metrics` on
    /// (e.g. `127.0.0.1:9090`). Off by default; --listen never serves metrics.
    #[arg(long, env = "CALLREADY_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    /// How log lines are written on standard output: `text` for people, `json` (one
    /// object a line, fields apart) for a log pipeline.
    #[arg(long, env = "CALLREADY_LOG_FORMAT", value_enum, default_value_t = crate::logging::LogFormat::Text)]
    pub log_format: crate::logging::LogFormat,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// In a laptop demo, this machine's address toward its default route (found at
    /// start, see [`Config::for_laptop_demo`]); not a flag.
    #[arg(skip)]
    pub demo_ip: Option<IpAddr>,
}

/// Commands beside serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Requirement profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Operator accounts (support and admin) in the database given by --db.
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for integrations, in the database given by --db.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Copies the database given by --db into FILE while the server runs (a
    /// consistent snapshot); never overwrites an existing file.
    Backup { file: PathBuf },
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Adds an account; the password is read from standard input (a prompt on a terminal).
    Add {
        name: String,
        #[arg(long, value_parser = ["admin", "support"])]
        role: String,
    },
    /// Lists the accounts.
    List,
    /// Removes an account and ends its logins.
    Remove { name: String },
    /// Sets a new password (read like `add`) and ends the account's logins.
    Password { name: String },
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Makes a token and prints it once; only its hash is kept.
    Add { name: String },
    /// Lists the tokens' names.
    List,
    /// Removes a token: integrations using it are refused from then on.
    Remove { name: String },
}

#[derive(Clone, Debug, clap::Subcommand)]
pub enum ProfileCommand {
    /// Validates a profile file: every error with its line and field; exit status 1
    /// when there is one.
    Check {
        /// The TOML file.
        file: PathBuf,
    },
}

impl Config {
    /// A configuration for tests: loopback on a random port, the given database.
    pub fn for_tests(db: &std::path::Path) -> Config {
        let loopback: IpAddr = "127.0.0.1".parse().expect("literal address");
        Config {
            listen: "127.0.0.1:0".parse().expect("literal address"),
            db: test_database(db),
            region: None,
            region_display_name: None,
            heartbeat_secs: 5,
            max_db_mb: crate::store::DEFAULT_MAX_DB_MB,
            retention_days: 365,
            public_url: None,
            secret_file: Some(db.with_extension("key")),
            no_turn: false,
            rtc_udp: SocketAddr::new(loopback, 0),
            media_seconds: 3,
            rtc_max_peers: 500,
            bandwidth_seconds: 0,
            verdict_within: 20,
            per_call_kbps: 100,
            turn_udp: SocketAddr::new(loopback, 0),
            turn_tcp: SocketAddr::new(loopback, 0),
            turn_tls: SocketAddr::new(loopback, 0),
            tls_cert: None,
            tls_key: None,
            turn_public_ip: Some(loopback),
            turn_relay_ip: loopback,
            turn_secret: None,
            turn_host: None,
            turn_tls_host: None,
            turn_allow_peers: Vec::new(),
            external_turn: Vec::new(),
            external_turn_secret: None,
            demo_ip: None,
            profiles: None,
            // Fixed ports would collide between tests running side by side.
            profile_ports: crate::platform::ProfilePorts::None,
            proxy_hops: 0,
            limits: crate::limits::LimitSettings::default(),
            turn_limits: crate::limits::TurnLimitSettings::default(),
            nat_probe_udp: vec![SocketAddr::new(loopback, 0), SocketAddr::new(loopback, 0)],
            tls_listen: None,
            // Most tests create sessions as a demo does; the account tests close them.
            open_sessions: true,
            webhook_allow: Vec::new(),
            embed_origins: Vec::new(),
            webhook_first_retry: std::time::Duration::from_millis(300),
            metrics_listen: None,
            log_format: crate::logging::LogFormat::Text,
            command: None,
        }
    }

    /// Where `--db` says the data lives.
    pub fn database(&self) -> crate::store::Database {
        crate::store::Database::parse(self.db.strip_prefix("sqlite://").unwrap_or(&self.db))
    }

    /// The SQLite file `--db` names, for what only SQLite has (its backup command);
    /// a PostgreSQL URL is refused with what to use instead.
    pub fn sqlite_path(&self) -> Result<PathBuf, StartError> {
        match self.database() {
            crate::store::Database::Sqlite(path) => Ok(path),
            crate::store::Database::Postgres(_) => Err(StartError::Config(
                "--db is a PostgreSQL database: back it up with pg_dump (README, Operations)".into(),
            )),
        }
    }

    /// The anonymisation key's file: `--secret-file`, else the user's configuration
    /// directory, where a key older versions kept beside the database is moved.
    pub fn secret_path(&self) -> Result<PathBuf, StartError> {
        if let Some(path) = &self.secret_file {
            return Ok(path.clone());
        }
        let config_dir = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".config")))
            .ok_or_else(|| StartError::Config("no HOME to keep the anonymisation key in: set --secret-file".into()))?;
        let path = config_dir.join("callready").join("anonymisation.key");
        let crate::store::Database::Sqlite(db_path) = self.database() else { return Ok(path) };
        let mut beside_db = db_path.into_os_string();
        beside_db.push(".secret");
        let beside_db = PathBuf::from(beside_db);
        if beside_db.exists() && !path.exists() {
            let failed = |source| StartError::File { path: path.display().to_string(), source };
            std::fs::create_dir_all(config_dir.join("callready")).map_err(failed)?;
            // A copy then a removal: the two may be on different file systems.
            std::fs::copy(&beside_db, &path).map_err(failed)?;
            std::fs::remove_file(&beside_db).map_err(failed)?;
            tracing::info!(from = %beside_db.display(), to = %path.display(), "moved the anonymisation key away from the database");
        }
        Ok(path)
    }
}

impl Config {
    /// A laptop demo: no --turn-public-ip and --listen on the wildcard (the defaults).
    pub fn is_laptop_demo(&self) -> bool {
        self.turn_public_ip.is_none() && self.listen.ip().is_unspecified()
    }

    /// This configuration with, in a laptop demo, the machine's own network address
    /// found. Browsers do not use STUN/TURN on loopback (Firefox drops a loopback
    /// relay address and pairs no loopback candidates), so the demo's STUN/TURN and
    /// echo peer use the address of the interface toward the default route, while the
    /// page stays on `http://localhost` (a secure context). Without any network the
    /// demo falls back to 127.0.0.1, where Chromium still works and Firefox does not.
    pub fn for_laptop_demo(&self) -> Config {
        let mut config = self.clone();
        if config.is_laptop_demo() && config.demo_ip.is_none() {
            config.demo_ip = outbound_ipv4();
        }
        config
    }

    /// The address put in our candidates and relayed addresses: --turn-public-ip,
    /// else the --listen address if specific, else (a laptop demo) the machine's
    /// network address, else 127.0.0.1.
    pub fn advertised_ip(&self) -> IpAddr {
        self.turn_public_ip.unwrap_or_else(|| {
            if self.listen.ip().is_unspecified() {
                self.demo_ip.unwrap_or(IpAddr::from([127, 0, 0, 1]))
            } else {
                self.listen.ip()
            }
        })
    }

    /// Where a UDP service configured at `addr` binds. A socket on the wildcard
    /// answers from whatever address the route back picks, not necessarily the one it
    /// was asked on: a browser that sent from the machine's LAN address to 127.0.0.1
    /// then gets answers from the LAN address and, Firefox at least, drops them. In a
    /// laptop demo the services bind to the one address they advertise, so answers
    /// come from where they were asked.
    pub fn udp_bind(&self, addr: SocketAddr) -> SocketAddr {
        if addr.ip().is_unspecified() && self.is_laptop_demo() {
            SocketAddr::new(self.advertised_ip(), addr.port())
        } else {
            addr
        }
    }

    /// The host name in the page's `stun:`/`turn:` URLs: --turn-host, else (a laptop
    /// demo without --public-url) the advertised address, else `None`: the host the
    /// page was loaded from.
    pub fn ice_host(&self) -> Option<String> {
        match (&self.turn_host, self.is_laptop_demo() && self.public_url.is_none()) {
            (Some(host), _) => Some(host.clone()),
            (None, true) => Some(self.advertised_ip().to_string()),
            (None, false) => None,
        }
    }

    /// The address the echo peer advertises: the public address when one is set,
    /// else the explicit `--rtc-udp` address, else the advertised address.
    pub fn echo_advertised_ip(&self) -> IpAddr {
        match self.turn_public_ip {
            None if !self.rtc_udp.ip().is_unspecified() => self.rtc_udp.ip(),
            _ => self.advertised_ip(),
        }
    }

    /// The TLS configuration of TURN over TLS and the profile ports: --tls-cert and
    /// --tls-key, else a self-signed certificate (`true`) for this machine's names.
    pub fn tls_config(&self) -> Result<(std::sync::Arc<tokio_rustls::rustls::ServerConfig>, bool), StartError> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(cert), Some(key)) => Ok((crate::tls::from_files(cert, key)?, false)),
            _ => {
                let mut names = vec!["localhost".to_string(), self.advertised_ip().to_string()];
                names.extend(self.turn_host.clone());
                names.extend(self.turn_tls_host.clone());
                Ok((crate::tls::self_signed(names)?, true))
            }
        }
    }

    /// The TURN settings, or `None` with `--no-turn`. TURN may always relay to our
    /// own echo peer at `echo` (that IP and port only).
    /// `shared_secret` is the one every node sharing the database uses, taken when
    /// --turn-secret is not given.
    pub fn turn_settings(
        &self,
        echo: std::net::SocketAddr,
        tls: std::sync::Arc<tokio_rustls::rustls::ServerConfig>,
        probes: std::sync::Arc<crate::probe_tokens::ProbeTokens>,
        shared_secret: &str,
    ) -> Result<Option<crate::turn::TurnSettings>, StartError> {
        if self.no_turn {
            return Ok(None);
        }
        let secret = self.turn_secret.as_deref().unwrap_or(shared_secret).as_bytes().to_vec();
        let public_ip = self.advertised_ip();
        Ok(Some(crate::turn::TurnSettings {
            udp: Some(self.udp_bind(self.turn_udp)),
            tcp: Some(self.turn_tcp),
            tls: Some((self.turn_tls, tls)),
            public_ip,
            relay_bind_ip: self.turn_relay_ip,
            realm: "callready".into(),
            secret,
            policy: crate::turn::policy::PeerPolicy::new(self.turn_allow_peers.clone()).with_endpoint(echo),
            stream_limits: crate::turn::limits::StreamLimits::default(),
            probes,
        }))
    }
}

/// The environment variable that runs the tests on PostgreSQL: a URL of a server
/// the tests may create databases on (`cargo xtask test` starts one).
pub const TEST_POSTGRES: &str = "CALLREADY_TEST_POSTGRES";

/// A test's database: the SQLite file `db`, or, with [`TEST_POSTGRES`] set, a
/// PostgreSQL database of its own on that server, named after the file's path.
pub fn test_database(db: &std::path::Path) -> String {
    match std::env::var(TEST_POSTGRES) {
        Ok(url) if !url.is_empty() => {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(db.display().to_string().as_bytes());
            with_database_name(&url, &format!("t_{}", crate::anon::encode_hex(&digest[..8])))
        }
        _ => db.display().to_string(),
    }
}

/// `url` naming the database `name` instead of its own.
pub fn with_database_name(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (before_query, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap_or_default();
    match query {
        Some(query) => format!("{scheme}://{authority}/{name}?{query}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

fn parse_region(raw: &str) -> Result<String, String> {
    callready_common::validate::region_name("--region", raw).map_err(|e| e.to_string())
}

/// This machine's IPv4 address toward its default route, if it has one. Connecting a
/// UDP socket sends nothing: the kernel only picks the route and the source address.
fn outbound_ipv4() -> Option<IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    // TEST-NET-1 (RFC 5737): any address off this machine picks the default route.
    socket.connect(("192.0.2.1", 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// The external ICE servers, validated: each URL names a transport and TURN ones
/// come with a secret.
pub fn external_ice(config: &Config) -> Result<Option<crate::ExternalIce>, StartError> {
    if config.external_turn.is_empty() {
        return Ok(None);
    }
    let mut urls = Vec::new();
    for url in &config.external_turn {
        let transport = callready_common::probes::ice::IceTransport::of_url(url)
            .ok_or_else(|| StartError::Config(format!("--external-turn {url}: not a stun:, turn: or turns: URL")))?;
        urls.push((transport, url.clone()));
    }
    let needs_secret = urls.iter().any(|(t, _)| *t != callready_common::probes::ice::IceTransport::StunUdp);
    let secret = match (&config.external_turn_secret, needs_secret) {
        (Some(secret), _) => secret.as_bytes().to_vec(),
        (None, false) => Vec::new(),
        (None, true) => {
            return Err(StartError::Config(
                "--external-turn needs --external-turn-secret (coturn's static-auth-secret)".into(),
            ))
        }
    };
    Ok(Some(crate::ExternalIce { urls, secret }))
}

/// `--embed-origin`: a plain origin (see [`callready_common::validate::origin`]).
fn embed_origin(raw: &str) -> Result<String, String> {
    callready_common::validate::origin("--embed-origin", raw).map_err(|e| e.reason)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Config;

    #[test]
    fn a_laptop_demo_binds_its_udp_services_where_it_advertises_them() {
        let offline = Config::parse_from(["callready"]);
        assert_eq!(offline.udp_bind(offline.turn_udp), "127.0.0.1:3478".parse().unwrap());
        assert_eq!(offline.udp_bind(offline.rtc_udp), "127.0.0.1:3479".parse().unwrap());
        let demo = Config { demo_ip: Some("10.1.2.3".parse().unwrap()), ..offline };
        assert_eq!(demo.advertised_ip(), "10.1.2.3".parse::<std::net::IpAddr>().unwrap());
        assert_eq!(demo.udp_bind(demo.turn_udp), "10.1.2.3:3478".parse().unwrap());
        assert_eq!(demo.udp_bind(demo.rtc_udp), "10.1.2.3:3479".parse().unwrap());
        assert_eq!(demo.ice_host().as_deref(), Some("10.1.2.3"), "not localhost: browsers skip loopback STUN/TURN");
        let public = Config::parse_from(["callready", "--turn-public-ip", "203.0.113.5"]);
        assert_eq!(public.udp_bind(public.turn_udp), "0.0.0.0:3478".parse().unwrap());
        let listening = Config::parse_from(["callready", "--listen", "192.0.2.10:8080"]);
        assert_eq!(listening.udp_bind(listening.turn_udp), "0.0.0.0:3478".parse().unwrap());
        let explicit = Config::parse_from(["callready", "--turn-udp", "10.1.2.3:3478"]);
        assert_eq!(explicit.udp_bind(explicit.turn_udp), "10.1.2.3:3478".parse().unwrap());
        let deployed = Config::parse_from(["callready", "--turn-public-ip", "203.0.113.5"]);
        assert_eq!(deployed.ice_host(), None, "deployments use the page's host name");
    }

    #[test]
    fn the_nat_probe_is_on_by_default_and_off_with_an_empty_flag() {
        assert_eq!(Config::parse_from(["callready"]).nat_probe_udp.len(), 2);
        assert!(Config::parse_from(["callready", "--nat-probe-udp"]).nat_probe_udp.is_empty());
        let moved = Config::parse_from(["callready", "--nat-probe-udp", "0.0.0.0:4000,0.0.0.0:4001"]);
        assert_eq!(moved.nat_probe_udp[1], "0.0.0.0:4001".parse().unwrap());
        assert!(Config::try_parse_from(["callready", "--nat-probe-udp", "nowhere"]).is_err());
    }

    #[test]
    fn the_tls_inspection_listener_is_off_unless_asked_for() {
        assert_eq!(Config::parse_from(["callready"]).tls_listen, None);
        let on = Config::parse_from(["callready", "--tls-listen", "0.0.0.0:8443"]);
        assert_eq!(on.tls_listen, Some("0.0.0.0:8443".parse().unwrap()));
    }
}
