//! The built-in STUN/TURN server (webrtc-rs `turn` 0.17): UDP, TCP and TLS listeners,
//! REST credentials shared with coturn's `use-auth-secret`, relay safety (a 403 guard
//! on permissions plus relay sockets that refuse forbidden peers), a throttle on
//! unauthenticated requests, quotas on allocations and what they relay, and bounds
//! on stream connections. Each listener runs the crate's request handling under our
//! own supervised read loop ([`server`]).

pub mod auth;
pub mod credentials;
pub mod guard;
pub mod limits;
pub mod policy;
pub mod quota;
pub mod relay;
pub mod server;
pub mod stream;
pub mod throttle;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::Mutex;

use self::auth::RestAuth;
use self::limits::{ConnectionSlots, Slot, StreamLimits, TurnLimits};
use self::policy::PeerPolicy;
use self::quota::Ledger;
use self::relay::RelayRate;
use self::server::{Counters, Shared, TurnServer};
use self::stream::StreamConn;
use self::throttle::Throttle;

/// Everything the TURN service needs.
#[derive(Clone)]
pub struct TurnSettings {
    pub udp: Option<SocketAddr>,
    pub tcp: Option<SocketAddr>,
    /// TURN over TLS, with its certificate.
    pub tls: Option<(SocketAddr, Arc<tokio_rustls::rustls::ServerConfig>)>,
    /// Address written into relayed candidates.
    pub public_ip: IpAddr,
    /// Address relay sockets bind to.
    pub relay_bind_ip: IpAddr,
    pub realm: String,
    pub secret: Vec<u8>,
    pub policy: PeerPolicy,
    /// Bounds on each of the TCP and TLS listeners.
    pub stream_limits: StreamLimits,
    /// Where authenticated requests record the address they came from, under the
    /// probe token their user name ends in.
    pub probes: Arc<crate::probe_tokens::ProbeTokens>,
}

type StreamServers = Arc<Mutex<HashMap<u64, TurnServer>>>;

/// One of the TURN listeners.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listener {
    Udp,
    Tcp,
    Tls,
}

/// Why the TURN service could not start.
#[derive(Debug, thiserror::Error)]
pub enum TurnStartError {
    #[error("TURN over {listener:?} cannot listen on {addr}: {source}")]
    Bind { listener: Listener, addr: SocketAddr, source: std::io::Error },
    #[error("{0}")]
    Server(String),
}

/// What the guard, the throttle and the quotas have done since the service started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct TurnStats {
    /// Permissions and channels refused 403 by the relay policy.
    pub refused_permissions: u64,
    /// Unauthenticated requests dropped over the rate.
    pub throttled: u64,
    /// Requests and indications dropped for an XOR-PEER-ADDRESS the guard cannot decode.
    pub malformed: u64,
    /// Allocations (486), permissions and channels (508) refused over a quota.
    pub over_quota: u64,
    /// Read loops restarted after a panic.
    pub restarts: u64,
    /// Bytes relayed between clients and peers, both ways.
    pub relayed_bytes: u64,
}

/// The running service: one TURN server on the UDP socket and one per TCP connection.
pub struct TurnService {
    pub udp_addr: Option<SocketAddr>,
    pub tcp_addr: Option<SocketAddr>,
    pub tls_addr: Option<SocketAddr>,
    shared: Arc<Shared>,
    udp_server: Option<TurnServer>,
    stream_servers: StreamServers,
    accept_tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl TurnService {
    /// Starts the service with the default [`TurnLimits`].
    pub async fn start(settings: TurnSettings) -> Result<TurnService, TurnStartError> {
        TurnService::start_with_limits(settings, TurnLimits::default()).await
    }

    pub async fn start_with_limits(settings: TurnSettings, limits: TurnLimits) -> Result<TurnService, TurnStartError> {
        let now = std::time::Instant::now();
        let shared = Arc::new(Shared {
            secret: settings.secret.clone(),
            realm: settings.realm.clone(),
            policy: settings.policy.clone(),
            public_ip: settings.public_ip,
            relay_bind_ip: settings.relay_bind_ip,
            limits,
            auth: Arc::new(RestAuth { secret: settings.secret.clone(), probes: settings.probes.clone() }),
            throttle: std::sync::Mutex::new(Throttle::new(
                limits.unauthenticated_per_address,
                limits.unauthenticated_total,
                now,
            )),
            ledger: Ledger::new(limits),
            relay_rate: RelayRate::new(limits.relayed_total),
            counters: Counters::default(),
        });
        // One id space for TCP and TLS connections: they share the server map.
        let next_id = Arc::new(AtomicU64::new(0));
        let mut service = TurnService {
            udp_addr: None,
            tcp_addr: None,
            tls_addr: None,
            shared: shared.clone(),
            udp_server: None,
            stream_servers: Arc::new(Mutex::new(HashMap::new())),
            accept_tasks: Vec::new(),
        };
        let bind_failed = |listener: Listener, addr| move |source| TurnStartError::Bind { listener, addr, source };
        if let Some(addr) = settings.udp {
            let socket = UdpSocket::bind(addr).await.map_err(bind_failed(Listener::Udp, addr))?;
            service.udp_addr = Some(socket.local_addr().map_err(bind_failed(Listener::Udp, addr))?);
            let nonce_cap = limits.nonces_per_udp_listener;
            let socket = relay::ListenerSocket::new(socket).map_err(bind_failed(Listener::Udp, addr))?;
            service.udp_server = Some(TurnServer::start(Arc::new(socket), shared.clone(), nonce_cap));
        }
        if let Some(addr) = settings.tcp {
            let listener = TcpListener::bind(addr).await.map_err(bind_failed(Listener::Tcp, addr))?;
            service.tcp_addr = Some(listener.local_addr().map_err(bind_failed(Listener::Tcp, addr))?);
            let servers = service.stream_servers.clone();
            let limits = settings.stream_limits;
            let task = accept_streams(listener, None, limits, shared.clone(), servers, next_id.clone());
            service.accept_tasks.push(tokio::spawn(task));
        }
        if let Some((addr, tls)) = settings.tls.clone() {
            let listener = TcpListener::bind(addr).await.map_err(bind_failed(Listener::Tls, addr))?;
            service.tls_addr = Some(listener.local_addr().map_err(bind_failed(Listener::Tls, addr))?);
            let servers = service.stream_servers.clone();
            let acceptor = Some(tokio_rustls::TlsAcceptor::from(tls));
            let limits = settings.stream_limits;
            let task = accept_streams(listener, acceptor, limits, shared.clone(), servers, next_id.clone());
            service.accept_tasks.push(tokio::spawn(task));
        }
        Ok(service)
    }

    /// Live allocations over all listeners.
    pub async fn allocations(&self) -> usize {
        let mut count = 0;
        if let Some(server) = &self.udp_server {
            count += server.allocations().await;
        }
        for server in self.stream_servers.lock().await.values() {
            count += server.allocations().await;
        }
        count
    }

    /// Nonces remembered over all listeners.
    pub async fn nonces(&self) -> usize {
        let mut count = 0;
        if let Some(server) = &self.udp_server {
            count += server.nonces().await;
        }
        for server in self.stream_servers.lock().await.values() {
            count += server.nonces().await;
        }
        count
    }

    /// Permission requests refused by the relay-safety guard.
    pub fn refused_permissions(&self) -> u64 {
        self.shared.counters.refused_permissions.load(Ordering::Relaxed)
    }

    /// Read loops restarted after a panic, over all listeners.
    pub fn restarts(&self) -> u64 {
        self.shared.counters.restarts.load(Ordering::Relaxed)
    }

    pub fn stats(&self) -> TurnStats {
        let counters = &self.shared.counters;
        TurnStats {
            refused_permissions: counters.refused_permissions.load(Ordering::Relaxed),
            throttled: counters.throttled.load(Ordering::Relaxed),
            malformed: counters.malformed.load(Ordering::Relaxed),
            over_quota: counters.over_quota.load(Ordering::Relaxed),
            restarts: counters.restarts.load(Ordering::Relaxed),
            relayed_bytes: counters.relayed_bytes.load(Ordering::Relaxed),
        }
    }

    pub async fn close(&self) {
        for task in &self.accept_tasks {
            task.abort();
        }
        if let Some(server) = &self.udp_server {
            server.close().await;
        }
        for (_, server) in self.stream_servers.lock().await.drain() {
            server.close().await;
        }
    }
}

/// After `accept()` fails (out of file descriptors, say), wait this long before the
/// next try instead of spinning.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Accepts TURN/TCP (or, with `tls`, TURN/TLS) connections within the listener's
/// limits; each gets its own TURN server, closed with its allocations when the
/// connection ends or goes silent.
async fn accept_streams(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: StreamLimits,
    shared: Arc<Shared>,
    servers: StreamServers,
    next_id: Arc<AtomicU64>,
) {
    let slots = ConnectionSlots::new(limits);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(err) => {
                tracing::warn!(%err, "TURN stream listener could not accept; pausing");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        // Over the limit: dropping the stream closes it at once.
        let Some(slot) = slots.try_take(peer.ip()) else { continue };
        let _ = stream.set_nodelay(true);
        let Ok(local) = stream.local_addr() else { continue };
        let (shared, servers, next_id) = (shared.clone(), servers.clone(), next_id.clone());
        let tls = tls.clone();
        // The handshake runs in its own task so a slow client cannot stall accepting.
        tokio::spawn(async move {
            let (first, idle) = (limits.first_message, limits.idle);
            match tls {
                None => {
                    let conn = StreamConn::new(stream, local, peer, first, idle);
                    serve_stream(conn, slot, shared, servers, &next_id).await
                }
                Some(acceptor) => match tokio::time::timeout(first, acceptor.accept(stream)).await {
                    Ok(Ok(tls_stream)) => {
                        let conn = StreamConn::new(tls_stream, local, peer, first, idle);
                        serve_stream(conn, slot, shared, servers, &next_id).await
                    }
                    _ => tracing::debug!("a TURN/TLS handshake failed or took too long"),
                },
            }
        });
    }
}

/// Runs one TURN server over `conn` until the stream ends; `slot` is held as long.
async fn serve_stream<S>(
    conn: StreamConn<S>,
    slot: Slot,
    shared: Arc<Shared>,
    servers: StreamServers,
    next_id: &AtomicU64,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Sync + 'static,
{
    let closed = conn.closed();
    let nonce_cap = shared.limits.nonces_per_stream;
    let server = TurnServer::start(Arc::new(conn), shared, nonce_cap);
    let id = next_id.fetch_add(1, Ordering::Relaxed);
    servers.lock().await.insert(id, server);
    closed.notified().await;
    if let Some(server) = servers.lock().await.remove(&id) {
        server.close().await;
    }
    drop(slot);
}
