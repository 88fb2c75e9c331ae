//! The profiles' TCP ports: each answers `GET /api/ping` and the WebSocket echo
//! (`/ws/echo`), over TLS when the client starts with a TLS handshake and in plain
//! HTTP otherwise. A page served over HTTPS may only open `https:`/`wss:`, one on
//! plain HTTP (the laptop demo) opens `http:`/`ws:`; the port sees the same TCP
//! either way, which is what a firewall rule is about.
//!
//! Accepting is bounded: at most `max_connections` at once across every profile
//! port and `max_per_address` from one client address (IPv6: one /64); more are
//! closed at once. A connection must finish its TLS handshake, or send its first
//! byte, within `first_byte_timeout`, and is closed after `lifetime` whatever it
//! does (the page needs a fetch and a WebSocket open, a second or two).
//!
//! A TLS client's first record (its ClientHello) is read before the handshake and
//! kept as a fingerprint ([`Connection::hello`]): the TLS listener of the TLS
//! inspection check is one of these listeners too.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use callready_common::tls_hello::{summarise, HelloSummary};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::turn::limits::{ConnectionSlots, Slot, StreamLimits};

/// How many connections the profile ports hold at once, how long one may take to
/// show what it speaks, and how long it may last.
#[derive(Clone, Copy, Debug)]
pub struct PortLimits {
    pub max_connections: usize,
    pub max_per_address: usize,
    pub first_byte_timeout: Duration,
    pub lifetime: Duration,
}

impl Default for PortLimits {
    fn default() -> Self {
        PortLimits {
            max_connections: 512,
            // An office behind one NAT address: each agent's probe holds about two
            // connections per port for a second or two.
            max_per_address: 64,
            first_byte_timeout: Duration::from_secs(10),
            lifetime: Duration::from_secs(20),
        }
    }
}

/// The slots the profile ports share.
pub fn slots(limits: PortLimits) -> ConnectionSlots {
    ConnectionSlots::new(StreamLimits {
        max_connections: limits.max_connections,
        max_per_address: limits.max_per_address,
        first_message: limits.first_byte_timeout,
        idle: limits.lifetime,
    })
}

/// What a profile port serves.
pub fn router() -> Router {
    Router::new()
        // The fetch's connection is not kept: slots are for probes in progress.
        .route(
            "/api/ping",
            get(crate::api::ping)
                .layer(SetResponseHeaderLayer::overriding(header::CONNECTION, HeaderValue::from_static("close"))),
        )
        .route("/ws/echo", get(crate::ws_echo::upgrade))
        // The page fetches these ports cross-origin without CORS (`no-cors`).
        .layer(SetResponseHeaderLayer::overriding(
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ))
}

/// A TCP connection, in TLS or not, holding its place among the connections allowed
/// until it ends or its lifetime is over.
pub struct Connection {
    stream: Stream,
    ends: Pin<Box<tokio::time::Sleep>>,
    _slot: Slot,
    /// The TLS client's ClientHello, summarised; `None` on plain HTTP.
    pub hello: Option<HelloSummary>,
    /// The TCP maximum segment size the kernel negotiated.
    pub mss: Option<u32>,
}

impl Connection {
    fn over(&mut self, cx: &mut Context<'_>) -> bool {
        self.ends.as_mut().poll(cx).is_ready()
    }
}

fn lifetime_over<T>() -> Poll<io::Result<T>> {
    Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "connection lifetime over")))
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<Replayed>>),
}

/// A TCP stream whose first bytes were already read (the ClientHello record): they
/// are read again first, so the TLS handshake sees the whole conversation.
struct Replayed {
    read: Vec<u8>,
    at: usize,
    stream: TcpStream,
}

impl AsyncRead for Replayed {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.at < self.read.len() {
            let n = buf.remaining().min(self.read.len() - self.at);
            let at = self.at;
            buf.put_slice(&self.read[at..at + n]);
            self.at += n;
            if self.at == self.read.len() {
                self.read = Vec::new();
                self.at = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Replayed {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

impl AsyncRead for Connection {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        if self.over(cx) {
            return lifetime_over();
        }
        match &mut self.stream {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Connection {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.over(cx) {
            return lifetime_over();
        }
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
/// The longest TLS record (2^14 bytes of plaintext, RFC 8446 §5.1).
const MAX_RECORD: usize = 16_384;

/// Reads the first TLS record (the ClientHello, in every browser's case).
async fn first_record(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    let mut record = vec![0u8; 5];
    stream.read_exact(&mut record).await?;
    let length = usize::from(u16::from_be_bytes([record[3], record[4]]));
    if length > MAX_RECORD {
        // Not a record a client sends first: let the handshake refuse it.
        return Ok(record);
    }
    record.resize(5 + length, 0);
    stream.read_exact(&mut record[5..]).await?;
    Ok(record)
}

/// Plain HTTP, or TLS with its ClientHello summarised.
async fn sniff(mut stream: TcpStream, tls: &TlsAcceptor) -> io::Result<(Stream, Option<HelloSummary>)> {
    let mut first = [0u8; 1];
    let n = stream.peek(&mut first).await?;
    if n == 1 && first[0] == TLS_HANDSHAKE {
        let read = first_record(&mut stream).await?;
        let hello = summarise(&read);
        let replayed = Replayed { read, at: 0, stream };
        Ok((Stream::Tls(Box::new(tls.accept(replayed).await?)), hello))
    } else {
        Ok((Stream::Plain(stream), None))
    }
}

impl SniffingListener {
    /// Accepts on `listener`; every connection shares `slots` with the other profile ports.
    pub fn new(
        listener: TcpListener,
        tls: Arc<ServerConfig>,
        slots: ConnectionSlots,
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
                let Some(slot) = slots.try_take(peer.ip()) else {
                    drop(stream);
                    continue;
                };
                let acceptor = acceptor.clone();
                let ready_tx = ready_tx.clone();
                tokio::spawn(async move {
                    let ends = Box::pin(tokio::time::sleep(limits.lifetime));
                    let mss = socket2::SockRef::from(&stream).tcp_mss().ok().filter(|m| *m > 0);
                    if let Ok(Ok((stream, hello))) =
                        tokio::time::timeout(limits.first_byte_timeout, sniff(stream, &acceptor)).await
                    {
                        let connection = Connection { stream, ends, _slot: slot, hello, mss };
                        let _ = ready_tx.send((connection, peer)).await;
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

    async fn serve(limits: PortLimits) -> (SocketAddr, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("0.0.0.0:0").await.unwrap();
        let addr = SocketAddr::from(([127, 0, 0, 1], listener.local_addr().unwrap().port()));
        let tls = crate::tls::self_signed(vec!["localhost".into()]).unwrap();
        let sniffing = SniffingListener::new(listener, tls, slots(limits), limits).unwrap();
        let serving = tokio::spawn(async move {
            let _ = axum::serve(sniffing, router()).await;
        });
        (addr, serving)
    }

    /// A connection to `addr` from the loopback address `from` (all of 127/8 is ours).
    async fn connect_from(from: [u8; 4], addr: SocketAddr) -> TcpStream {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::from((from, 0))).unwrap();
        socket.connect(addr).await.unwrap()
    }

    #[tokio::test]
    async fn connections_are_bounded_and_a_silent_one_is_closed() {
        let limits = PortLimits {
            max_connections: 1,
            max_per_address: 1,
            first_byte_timeout: Duration::from_millis(500),
            lifetime: Duration::from_secs(30),
        };
        let (addr, serving) = serve(limits).await;

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

    #[tokio::test]
    async fn one_address_cannot_take_every_slot_and_no_connection_outlives_its_lifetime() {
        let limits = PortLimits {
            max_connections: 8,
            max_per_address: 2,
            first_byte_timeout: Duration::from_secs(5),
            lifetime: Duration::from_millis(800),
        };
        let (addr, serving) = serve(limits).await;
        // One client holds its two slots with a request it never finishes.
        let mut held = Vec::new();
        for _ in 0..2 {
            let mut stream = connect_from([127, 0, 0, 2], addr).await;
            stream.write_all(b"GET /api/ping HTTP/1.1\r\n").await.unwrap();
            held.push(stream);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(ping(connect_from([127, 0, 0, 2], addr).await).await, "", "a third from that address is closed");
        assert_eq!(
            ping(connect_from([127, 0, 0, 3], addr).await).await,
            "HTTP/1.1 204 No Content",
            "others are served"
        );
        // The unfinished requests are cut at the end of their lifetime.
        for mut stream in held {
            let mut buf = [0u8; 64];
            let closed = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await;
            assert!(matches!(closed, Ok(Ok(0)) | Ok(Err(_))), "cut after its lifetime: {closed:?}");
        }
        serving.abort();
    }
}
