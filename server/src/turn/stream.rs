//! TURN over TCP and TLS: a `Conn` over one accepted stream. Messages are framed by
//! their own headers (RFC 5766 §2.1): a STUN message is 20 bytes plus its length
//! field; ChannelData is 4 bytes plus its length padded to 4. A client that sends no
//! whole message within the first-message time, or then stays silent longer than the
//! idle time, is disconnected (see [`super::limits`]).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadHalf, WriteHalf};
use tokio::sync::{Mutex, Notify};
use webrtc_util::Conn;

/// Total length of the message whose first four bytes are `header`, or `None` if
/// they start neither a STUN message nor ChannelData.
pub fn framed_length(header: [u8; 4]) -> Option<usize> {
    let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
    match header[0] >> 6 {
        0b00 => Some(20 + length),
        0b01 => Some(4 + length.div_ceil(4) * 4),
        _ => None,
    }
}

pub struct StreamConn<S> {
    reader: Mutex<ReadHalf<S>>,
    writer: Mutex<WriteHalf<S>>,
    local: SocketAddr,
    peer: SocketAddr,
    closed: Arc<Notify>,
    /// Longest wait for the first message, then between messages.
    first_message: Duration,
    idle: Duration,
    heard: AtomicBool,
}

impl<S: AsyncRead + AsyncWrite> StreamConn<S> {
    /// `first_message` bounds the wait for the first whole message, `idle` every
    /// later one.
    pub fn new(stream: S, local: SocketAddr, peer: SocketAddr, first_message: Duration, idle: Duration) -> Self {
        let (reader, writer) = tokio::io::split(stream);
        StreamConn {
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            local,
            peer,
            closed: Arc::new(Notify::new()),
            first_message,
            idle,
            heard: AtomicBool::new(false),
        }
    }

    /// Notified once the stream has ended or broke the framing.
    pub fn closed(&self) -> Arc<Notify> {
        self.closed.clone()
    }

    async fn read_message(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        let limit = if self.heard.load(Ordering::Relaxed) { self.idle } else { self.first_message };
        let n = tokio::time::timeout(limit, self.read_whole_message(buf))
            .await
            .map_err(|_| io_error(std::io::ErrorKind::TimedOut, "the TURN client stayed silent"))??;
        self.heard.store(true, Ordering::Relaxed);
        Ok(n)
    }

    async fn read_whole_message(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        let mut reader = self.reader.lock().await;
        let mut header = [0u8; 4];
        reader.read_exact(&mut header).await?;
        let total = framed_length(header).ok_or_else(|| io_error(std::io::ErrorKind::InvalidData, "not TURN"))?;
        if total > buf.len() {
            return Err(io_error(std::io::ErrorKind::InvalidData, "TURN message larger than the buffer"));
        }
        buf[..4].copy_from_slice(&header);
        reader.read_exact(&mut buf[4..total]).await?;
        Ok(total)
    }
}

fn io_error(kind: std::io::ErrorKind, what: &str) -> webrtc_util::Error {
    std::io::Error::new(kind, what.to_string()).into()
}

#[async_trait]
impl<S: AsyncRead + AsyncWrite + Send + Sync + 'static> Conn for StreamConn<S> {
    async fn connect(&self, _addr: SocketAddr) -> webrtc_util::Result<()> {
        Err(io_error(std::io::ErrorKind::Unsupported, "a stream is already connected"))
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        Ok(self.recv_from(buf).await?.0)
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        match self.read_message(buf).await {
            Ok(n) => Ok((n, self.peer)),
            Err(err) => {
                self.closed.notify_one();
                Err(err)
            }
        }
    }

    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        let mut writer = self.writer.lock().await;
        writer.write_all(buf).await?;
        Ok(buf.len())
    }

    async fn send_to(&self, buf: &[u8], _target: SocketAddr) -> webrtc_util::Result<usize> {
        self.send(buf).await
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        Ok(self.local)
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        Some(self.peer)
    }

    async fn close(&self) -> webrtc_util::Result<()> {
        let _ = self.writer.lock().await.shutdown().await;
        Ok(())
    }

    fn as_any(&self) -> &(dyn std::any::Any + Send + Sync) {
        self
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncWriteExt;

    use super::*;

    #[test]
    fn stun_and_channel_data_lengths() {
        assert_eq!(framed_length([0x00, 0x01, 0x00, 0x08]), Some(28));
        assert_eq!(framed_length([0x40, 0x00, 0x00, 0xac]), Some(4 + 172));
        assert_eq!(framed_length([0x40, 0x00, 0x00, 0x05]), Some(12), "ChannelData is padded over TCP");
        assert_eq!(framed_length([0x80, 0, 0, 0]), None);
    }

    fn stream_conn(
        stream: tokio::io::DuplexStream,
        first_ms: u64,
        idle_ms: u64,
    ) -> StreamConn<tokio::io::DuplexStream> {
        let addr: SocketAddr = "127.0.0.1:1".parse().unwrap();
        StreamConn::new(stream, addr, addr, Duration::from_millis(first_ms), Duration::from_millis(idle_ms))
    }

    fn binding_request() -> Vec<u8> {
        let mut message = vec![0x00, 0x01, 0x00, 0x00];
        message.extend_from_slice(&[0x21, 0x12, 0xa4, 0x42]);
        message.extend_from_slice(&[7u8; 12]);
        message
    }

    #[tokio::test]
    async fn a_silent_client_is_cut_after_the_first_message_time() {
        let (_client, server) = tokio::io::duplex(1024);
        let conn = stream_conn(server, 100, 60_000);
        let closed = conn.closed();
        let mut buf = [0u8; 64];
        let err = tokio::time::timeout(Duration::from_secs(30), conn.recv_from(&mut buf))
            .await
            .expect("the connection must not wait for ever")
            .unwrap_err();
        assert!(err.to_string().contains("silent"), "{err}");
        tokio::time::timeout(Duration::from_secs(1), closed.notified()).await.expect("closed is notified");
    }

    #[tokio::test]
    async fn a_client_that_sends_half_a_message_is_cut_too() {
        let (mut client, server) = tokio::io::duplex(1024);
        let conn = stream_conn(server, 100, 60_000);
        // A STUN header announcing 8 bytes of attributes that never come.
        client.write_all(&[0x00, 0x01, 0x00, 0x08]).await.unwrap();
        let mut buf = [0u8; 64];
        let outcome = tokio::time::timeout(Duration::from_secs(30), conn.recv_from(&mut buf)).await;
        assert!(outcome.expect("cut, not waiting for ever").is_err());
    }

    #[tokio::test]
    async fn after_a_message_the_idle_time_applies() {
        let (mut client, server) = tokio::io::duplex(1024);
        let conn = stream_conn(server, 100, 60_000);
        client.write_all(&binding_request()).await.unwrap();
        let mut buf = [0u8; 64];
        assert_eq!(conn.recv_from(&mut buf).await.unwrap().0, 20);
        // Far past the first-message time the connection still waits: idle time rules.
        assert!(tokio::time::timeout(Duration::from_millis(500), conn.recv_from(&mut buf)).await.is_err());

        let (mut client, server) = tokio::io::duplex(1024);
        let conn = stream_conn(server, 60_000, 100);
        client.write_all(&binding_request()).await.unwrap();
        assert_eq!(conn.recv_from(&mut buf).await.unwrap().0, 20);
        let outcome = tokio::time::timeout(Duration::from_secs(30), conn.recv_from(&mut buf)).await;
        assert!(outcome.expect("an idle client is cut").is_err());
    }
}
