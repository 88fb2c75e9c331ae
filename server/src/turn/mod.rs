//! The built-in STUN/TURN server (webrtc-rs `turn` 0.17): UDP, TCP and TLS listeners,
//! REST credentials shared with coturn's `use-auth-secret`, relay safety (a 403 guard
//! on permissions plus relay sockets that refuse forbidden peers) and bounds on
//! stream connections.

pub mod auth;
pub mod credentials;
pub mod guard;
pub mod limits;
pub mod policy;
pub mod relay;
pub mod stream;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::Mutex;
use turn::server::config::{ConnConfig, ServerConfig};
use turn::server::Server;
use webrtc_util::Conn;

use self::auth::RestAuth;
use self::guard::GuardedConn;
use self::limits::{ConnectionSlots, Slot, StreamLimits};
use self::policy::PeerPolicy;
use self::relay::PolicedRelays;
use self::stream::StreamConn;

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

type TcpServers = Arc<Mutex<HashMap<u64, Server>>>;

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

/// The running service: one TURN server on the UDP socket and one per TCP connection.
pub struct TurnService {
    pub udp_addr: Option<SocketAddr>,
    pub tcp_addr: Option<SocketAddr>,
    pub tls_addr: Option<SocketAddr>,
    udp_server: Option<Server>,
    tcp_servers: TcpServers,
    refused: Arc<AtomicU64>,
    accept_tasks: Vec<tokio::task::JoinHandle<()>>,
}

fn server_config(settings: &TurnSettings, conn: Arc<dyn Conn + Send + Sync>, refused: &Arc<AtomicU64>) -> ServerConfig {
    let guarded = GuardedConn {
        inner: conn,
        policy: settings.policy.clone(),
        secret: settings.secret.clone(),
        realm: settings.realm.clone(),
        refused: refused.clone(),
    };
    ServerConfig {
        conn_configs: vec![ConnConfig {
            conn: Arc::new(guarded),
            relay_addr_generator: Box::new(PolicedRelays {
                public_ip: settings.public_ip,
                bind_ip: settings.relay_bind_ip,
                policy: settings.policy.clone(),
            }),
        }],
        realm: settings.realm.clone(),
        auth_handler: Arc::new(RestAuth { secret: settings.secret.clone(), probes: settings.probes.clone() }),
        channel_bind_timeout: Duration::from_secs(600),
        alloc_close_notify: None,
    }
}

impl TurnService {
    pub async fn start(settings: TurnSettings) -> Result<TurnService, TurnStartError> {
        let refused = Arc::new(AtomicU64::new(0));
        // One id space for TCP and TLS connections: they share the server map.
        let next_id = Arc::new(AtomicU64::new(0));
        let mut service = TurnService {
            udp_addr: None,
            tcp_addr: None,
            tls_addr: None,
            udp_server: None,
            tcp_servers: Arc::new(Mutex::new(HashMap::new())),
            refused: refused.clone(),
            accept_tasks: Vec::new(),
        };
        let bind_failed = |listener: Listener, addr| move |source| TurnStartError::Bind { listener, addr, source };
        if let Some(addr) = settings.udp {
            let socket = UdpSocket::bind(addr).await.map_err(bind_failed(Listener::Udp, addr))?;
            service.udp_addr = Some(socket.local_addr().map_err(bind_failed(Listener::Udp, addr))?);
            let server = Server::new(server_config(&settings, Arc::new(socket), &refused)).await;
            service.udp_server = Some(server.map_err(|e| TurnStartError::Server(e.to_string()))?);
        }
        if let Some(addr) = settings.tcp {
            let listener = TcpListener::bind(addr).await.map_err(bind_failed(Listener::Tcp, addr))?;
            service.tcp_addr = Some(listener.local_addr().map_err(bind_failed(Listener::Tcp, addr))?);
            let servers = service.tcp_servers.clone();
            let task = accept_streams(listener, None, settings.clone(), servers, refused.clone(), next_id.clone());
            service.accept_tasks.push(tokio::spawn(task));
        }
        if let Some((addr, tls)) = settings.tls.clone() {
            let listener = TcpListener::bind(addr).await.map_err(bind_failed(Listener::Tls, addr))?;
            service.tls_addr = Some(listener.local_addr().map_err(bind_failed(Listener::Tls, addr))?);
            let servers = service.tcp_servers.clone();
            let acceptor = tokio_rustls::TlsAcceptor::from(tls);
            let task =
                accept_streams(listener, Some(acceptor), settings.clone(), servers, refused.clone(), next_id.clone());
            service.accept_tasks.push(tokio::spawn(task));
        }
        Ok(service)
    }

    /// Live allocations over all listeners.
    pub async fn allocations(&self) -> usize {
        let mut count = 0;
        if let Some(server) = &self.udp_server {
            count += server.get_allocations_info(None).await.map(|m| m.len()).unwrap_or(0);
        }
        for server in self.tcp_servers.lock().await.values() {
            count += server.get_allocations_info(None).await.map(|m| m.len()).unwrap_or(0);
        }
        count
    }

    /// Permission requests refused by the relay-safety guard.
    pub fn refused_permissions(&self) -> u64 {
        self.refused.load(Ordering::Relaxed)
    }

    pub async fn close(&self) {
        for task in &self.accept_tasks {
            task.abort();
        }
        if let Some(server) = &self.udp_server {
            let _ = server.close().await;
        }
        for (_, server) in self.tcp_servers.lock().await.drain() {
            let _ = server.close().await;
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
    settings: TurnSettings,
    servers: TcpServers,
    refused: Arc<AtomicU64>,
    next_id: Arc<AtomicU64>,
) {
    let limits = settings.stream_limits;
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
        let (settings, servers, refused, next_id) =
            (settings.clone(), servers.clone(), refused.clone(), next_id.clone());
        let tls = tls.clone();
        // The handshake runs in its own task so a slow client cannot stall accepting.
        tokio::spawn(async move {
            let (first, idle) = (limits.first_message, limits.idle);
            match tls {
                None => {
                    let conn = StreamConn::new(stream, local, peer, first, idle);
                    serve_stream(conn, slot, &settings, servers, refused, &next_id).await
                }
                Some(acceptor) => match tokio::time::timeout(first, acceptor.accept(stream)).await {
                    Ok(Ok(tls_stream)) => {
                        let conn = StreamConn::new(tls_stream, local, peer, first, idle);
                        serve_stream(conn, slot, &settings, servers, refused, &next_id).await
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
    settings: &TurnSettings,
    servers: TcpServers,
    refused: Arc<AtomicU64>,
    next_id: &AtomicU64,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Sync + 'static,
{
    let closed = conn.closed();
    let server = match Server::new(server_config(settings, Arc::new(conn), &refused)).await {
        Ok(server) => server,
        Err(err) => {
            tracing::warn!(%err, "TURN stream connection could not start");
            return;
        }
    };
    let id = next_id.fetch_add(1, Ordering::Relaxed);
    servers.lock().await.insert(id, server);
    closed.notified().await;
    if let Some(server) = servers.lock().await.remove(&id) {
        let _ = server.close().await;
    }
    drop(slot);
}
