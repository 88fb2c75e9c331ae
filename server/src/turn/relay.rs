//! Relay sockets: one UDP socket per allocation, bound on the relay interface and
//! advertised with the public address. Each socket also refuses to send to a
//! forbidden peer (defence in depth behind the 403 guard).

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use async_trait::async_trait;
use tokio::net::UdpSocket;
use turn::relay::RelayAddressGenerator;
use webrtc_util::Conn;

use super::policy::PeerPolicy;

pub struct PolicedRelays {
    /// Address put in relayed candidates (the host's public address).
    pub public_ip: IpAddr,
    /// Address relay sockets bind to.
    pub bind_ip: IpAddr,
    pub policy: PeerPolicy,
}

#[async_trait]
impl RelayAddressGenerator for PolicedRelays {
    fn validate(&self) -> Result<(), turn::Error> {
        Ok(())
    }

    async fn allocate_conn(
        &self,
        _use_ipv4: bool,
        requested_port: u16,
    ) -> Result<(Arc<dyn Conn + Send + Sync>, SocketAddr), turn::Error> {
        let socket = UdpSocket::bind(SocketAddr::new(self.bind_ip, requested_port))
            .await
            .map_err(|e| turn::Error::Other(format!("cannot bind a relay socket: {e}")))?;
        let relayed = SocketAddr::new(self.public_ip, socket.local_addr()?.port());
        Ok((Arc::new(PolicedSocket { socket, policy: self.policy.clone() }), relayed))
    }
}

struct PolicedSocket {
    socket: UdpSocket,
    policy: PeerPolicy,
}

#[async_trait]
impl Conn for PolicedSocket {
    async fn connect(&self, addr: SocketAddr) -> webrtc_util::Result<()> {
        Ok(self.socket.connect(addr).await?)
    }

    async fn recv(&self, buf: &mut [u8]) -> webrtc_util::Result<usize> {
        Ok(self.socket.recv(buf).await?)
    }

    async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
        Ok(self.socket.recv_from(buf).await?)
    }

    async fn send(&self, buf: &[u8]) -> webrtc_util::Result<usize> {
        Ok(self.socket.send(buf).await?)
    }

    async fn send_to(&self, buf: &[u8], target: SocketAddr) -> webrtc_util::Result<usize> {
        if !self.policy.permits_packet_to(target) {
            // Not a warning: a client can send these at line rate. Never the address.
            tracing::debug!("dropped a relayed packet to a port outside the relay policy");
            return Ok(buf.len());
        }
        Ok(self.socket.send_to(buf, target).await?)
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        Ok(self.socket.local_addr()?)
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        self.socket.peer_addr().ok()
    }

    async fn close(&self) -> webrtc_util::Result<()> {
        Ok(())
    }

    fn as_any(&self) -> &(dyn std::any::Any + Send + Sync) {
        self
    }
}
