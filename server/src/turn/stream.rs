//! TURN over TCP (and later TLS): a `Conn` over one accepted stream. Messages are
//! framed by their own headers (RFC 5766 §2.1): a STUN message is 20 bytes plus its
//! length field; ChannelData is 4 bytes plus its length padded to 4.

use std::net::SocketAddr;
use std::sync::Arc;

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
}

impl<S: AsyncRead + AsyncWrite> StreamConn<S> {
    pub fn new(stream: S, local: SocketAddr, peer: SocketAddr) -> Self {
        let (reader, writer) = tokio::io::split(stream);
        StreamConn {
            reader: Mutex::new(reader),
            writer: Mutex::new(writer),
            local,
            peer,
            closed: Arc::new(Notify::new()),
        }
    }

    /// Notified once the stream has ended or broke the framing.
    pub fn closed(&self) -> Arc<Notify> {
        self.closed.clone()
    }

    async fn read_message(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
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
    use super::*;

    #[test]
    fn stun_and_channel_data_lengths() {
        assert_eq!(framed_length([0x00, 0x01, 0x00, 0x08]), Some(28));
        assert_eq!(framed_length([0x40, 0x00, 0x00, 0xac]), Some(4 + 172));
        assert_eq!(framed_length([0x40, 0x00, 0x00, 0x05]), Some(12), "ChannelData is padded over TCP");
        assert_eq!(framed_length([0x80, 0, 0, 0]), None);
    }
}
