//! The HTTP connection loop. `axum::serve` sets no header read timeout and takes
//! every connection it is offered; this loop serves the same router with hyper's
//! HTTP/1 server, a deadline for each request's headers (a client that trickles
//! them, slowloris-style, is dropped) and a cap on open connections (beyond it new
//! ones wait in the kernel's accept queue).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::serve::Listener;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{watch, Semaphore};

use crate::path::ClientConn;

/// How a listener's connections tell who is on the other end.
pub trait Peer {
    fn client(&self, addr: std::net::SocketAddr) -> ClientConn;
}

impl Peer for tokio::net::TcpStream {
    fn client(&self, addr: std::net::SocketAddr) -> ClientConn {
        let mss = socket2::SockRef::from(self).tcp_mss().ok().filter(|m| *m > 0);
        ClientConn { addr, mss, tls: None, socket: Some(crate::api::meter::ConnSocket::of(self)) }
    }
}

impl Peer for crate::zero_copy::Stream {
    fn client(&self, addr: std::net::SocketAddr) -> ClientConn {
        self.tcp().client(addr)
    }
}

/// The connection limits of one listener.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub header_timeout: Duration,
}

impl ConnectionLimits {
    pub fn of(settings: &crate::limits::LimitSettings) -> ConnectionLimits {
        ConnectionLimits {
            max_connections: settings.max_connections.max(1) as usize,
            header_timeout: Duration::from_secs(u64::from(settings.header_timeout_seconds.max(1))),
        }
    }
}

/// Longest wait for connections in flight after `shutdown`.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` completes; then lets connections in
/// flight finish their requests (at most [`DRAIN`]).
pub async fn serve<L>(
    mut listener: L,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: Listener<Addr = std::net::SocketAddr>,
    L::Io: Peer,
{
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => tokio::select! {
                    _ = &mut shutdown => break,
                    accepted = listener.accept() => (permit, accepted),
                },
                Err(_) => break,
            },
        };
        let (permit, (io, addr)) = accepted;
        let conn = io.client(addr);
        let app = app.clone();
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(ConnectInfo(conn.clone()));
                // A router is always ready: no poll_ready needed.
                let mut app = app.clone();
                async move {
                    let response = tower_service::Service::call(&mut app, request).await;
                    Ok::<_, Infallible>(response.unwrap_or_else(|never| match never {}))
                }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(io), service)
                .with_upgrades();
            tokio::pin!(connection);
            let stop_asked = async move {
                let _ = stopping.wait_for(|stop| *stop).await;
            };
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stop_asked => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(DRAIN, connection).await;
        });
    }
    let _ = stop.send(true);
    // Every connection gives its permit back when it ends.
    let _ = tokio::time::timeout(DRAIN, slots.acquire_many(limits.max_connections as u32)).await;
    Ok(())
}
