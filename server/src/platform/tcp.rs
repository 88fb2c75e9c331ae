//! The profiles' TCP ports: each answers `GET /api/ping` and the WebSocket echo
//! (`/ws/echo`), over TLS when the client starts with a TLS handshake and in plain
//! HTTP otherwise. A page served over HTTPS may only open `https:`/`wss:`, one on
//! plain HTTP (the laptop demo) opens `http:`/`ws:`; the port sees the same TCP
//! either way, which is what a firewall rule is about.
//!
//! Accepting is bounded: at most `max_connections` at once across every profile
//! port (more are closed at once), and a connection must finish its TLS handshake,
//! or send its first byte, within `first_byte_timeout`.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tower_http::set_header::SetResponseHeaderLayer;

/// How many connections the profile ports hold at once, and how long one may take
/// to show what it speaks.
#[derive(Clone, Copy, Debug)]
pub struct PortLimits {
    pub max_connections: usize,
    pub first_byte_timeout: Duration,
}

impl Default for PortLimits {
    fn default() -> Self {
        PortLimits { max_connections: 512, first_byte_timeout: Duration::from_secs(10) }
    }
}

/// What a profile port serves.
pub fn router() -> Router {
    Router::new()
        .route("/api/ping", get(crate::api::ping))
        .route("/ws/echo", get(crate::ws_echo::upgrade))
        // The page fetches these ports cross-origin without CORS (`no-cors`).
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
}

/// A TCP connection, in TLS or not, holding its place among the connections allowed.
pub struct Connection {
    stream: Stream,
    _permit: OwnedSemaphorePermit,
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Connection {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match &mut self.stream {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match &mut self.stream {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.stream {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.stream {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// Connections ready for HTTP, handed to `axum::serve`.
pub struct SniffingListener {
    ready: mpsc::Receiver<(Connection, SocketAddr)>,
    local: SocketAddr,
    accepting: tokio::task::JoinHandle<()>,
}

impl Drop for SniffingListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl axum::serve::Listener for SniffingListener {
    type Io = Connection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Connection, SocketAddr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            // The accept task ended (it never does by itself): serve nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local)
    }
}

/// TLS records start with 0x16 (handshake); HTTP with a letter.
const TLS_HANDSHAKE: u8 = 0x16;

async fn sniff(stream: TcpStream, tls: &TlsAcceptor) -> io::Result<Stream> {
    let mut first = [0u8; 1];
    let n = stream.peek(&mut first).await?;
    if n == 1 && first[0] == TLS_HANDSHAKE {
        Ok(Stream::Tls(Box::new(tls.accept(stream).await?)))
    } else {
        Ok(Stream::Plain(stream))
    }
}

impl SniffingListener {
    /// Accepts on `listener`; every connection shares `slots` with the other profile ports.
    pub fn new(
        listener: TcpListener,
        tls: Arc<ServerConfig>,
        slots: Arc<Semaphore>,
        limits: PortLimits,
    ) -> io::Result<Self> {
        let local = listener.local_addr()?;
        let (ready_tx, ready) = mpsc::channel(64);
        let acceptor = TlsAcceptor::from(tls);
        let accepting = tokio::spawn(async move {
            loop {
                let (stream, peer) = match listener.accept().await {
                    Ok(accepted) => accepted,
                    Err(_) => {
                        // Out of file descriptors and the like: breathe, then go on.
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let Ok(permit) = slots.clone().try_acquire_owned() else {
                    drop(stream);
                    continue;
                };
                let acceptor = acceptor.clone();
                let ready_tx = ready_tx.clone();
                tokio::spawn(async move {
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(limits.first_byte_timeout, sniff(stream, &acceptor)).await
                    {
                        let _ = ready_tx.send((Connection { stream, _permit: permit }, peer)).await;
                    }
                });
            }
        });
        Ok(SniffingListener { ready, local, accepting })
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    async fn ping(mut stream: TcpStream) -> String {
        let _ = stream.write_all(b"GET /api/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await;
        let mut answer = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
        assert!(read.is_ok(), "the connection was answered or closed, not left hanging");
        String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_string()
    }

    #[tokio::test]
    async fn connections_are_bounded_and_a_silent_one_is_closed() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let tls = crate::tls::self_signed(vec!["localhost".into()]).unwrap();
        let limits = PortLimits { max_connections: 1, first_byte_timeout: Duration::from_millis(500) };
        let sniffing = SniffingListener::new(listener, tls, Arc::new(Semaphore::new(1)), limits).unwrap();
        let serving = tokio::spawn(async move {
            let _ = axum::serve(sniffing, router()).await;
        });

        let mut silent = TcpStream::connect(addr).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let refused = TcpStream::connect(addr).await.unwrap();
        assert_eq!(ping(refused).await, "", "the only slot is taken: closed without an answer");

        let mut buf = [0u8; 1];
        let closed = tokio::time::timeout(Duration::from_secs(5), silent.read(&mut buf)).await;
        assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "a connection that says nothing is closed");

        let answered = TcpStream::connect(addr).await.unwrap();
        assert_eq!(ping(answered).await, "HTTP/1.1 204 No Content", "its slot is free again");
        serving.abort();
    }
}
