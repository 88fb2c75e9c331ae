//! Relay sockets: one UDP socket per allocation, bound on the relay interface and
//! advertised with the public address. Each socket refuses to send to a forbidden
//! peer (defence in depth behind the 403 guard), drops what arrives from one, and
//! stops relaying once its allocation's byte budget is spent or the service's relay
//! rate is used up. It holds its allocation's [`Usage`], which is how the quotas
//! know the allocation is alive.

use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;
use tokio::net::UdpSocket;
use turn::relay::RelayAddressGenerator;
use webrtc_util::Conn;

use super::policy::PeerPolicy;
use super::quota::Usage;
use super::throttle::{Bucket, Rate};

/// The allocation the server is about to make: set just before an authenticated
/// Allocate request is handed to the TURN server and cleared after, held by the
/// relay socket made for it. Requests are handled one at a time per listener, so
/// one cell suffices.
pub type Expected = Arc<Mutex<Option<Arc<Usage>>>>;

/// The relay rate of the whole service, shared by every relay socket.
#[derive(Clone)]
pub struct RelayRate {
    pub rate: Rate,
    pub bucket: Arc<Mutex<Bucket>>,
}

impl RelayRate {
    pub fn new(rate: Rate) -> Self {
        RelayRate { rate, bucket: Arc::new(Mutex::new(Bucket::full(rate, Instant::now()))) }
    }

    fn take(&self, bytes: usize, now: Instant) -> bool {
        self.bucket.lock().unwrap_or_else(|e| e.into_inner()).take(self.rate, bytes as u64, now)
    }
}

pub struct PolicedRelays {
    /// Address put in relayed candidates (the host's public address).
    pub public_ip: IpAddr,
    /// Address relay sockets bind to.
    pub bind_ip: IpAddr,
    pub policy: PeerPolicy,
    pub expected: Expected,
    pub rate: RelayRate,
    /// The service's count of relayed bytes.
    pub relayed: Arc<AtomicU64>,
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
        // Only allocations the quotas counted get a socket. For EVEN-PORT the server
        // first opens and drops sockets until it finds an even port; each holds the
        // usage only while it lives, so the allocation's own socket is what keeps it.
        let usage = self.expected.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let usage = usage.ok_or_else(|| turn::Error::Other("no allocation was expected".into()))?;
        let socket = UdpSocket::bind(SocketAddr::new(self.bind_ip, requested_port))
            .await
            .map_err(|e| turn::Error::Other(format!("cannot bind a relay socket: {e}")))?;
        let relayed = SocketAddr::new(self.public_ip, socket.local_addr()?.port());
        let policed = PolicedSocket {
            local: socket.local_addr()?,
            socket,
            policy: self.policy.clone(),
            usage,
            rate: self.rate.clone(),
            relayed: self.relayed.clone(),
        };
        Ok((Arc::new(policed), relayed))
    }
}

struct PolicedSocket {
    socket: UdpSocket,
    /// The socket's own address, asked once: the turn crate asks per packet.
    local: SocketAddr,
    policy: PeerPolicy,
    usage: Arc<Usage>,
    rate: RelayRate,
    relayed: Arc<AtomicU64>,
}

impl PolicedSocket {
    fn may_relay(&self, bytes: usize) -> bool {
        self.usage.relay(bytes) && self.rate.take(bytes, Instant::now())
    }
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
        loop {
            let (n, from) = self.socket.recv_from(buf).await?;
            // Nothing from a peer the policy forbids is relayed, or counted: anyone may
            // send to a relay port.
            if self.policy.permits_packet_to(from) && self.may_relay(n) {
                self.relayed.fetch_add(n as u64, Ordering::Relaxed);
                return Ok((n, from));
            }
        }
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
        if !self.may_relay(buf.len()) {
            tracing::debug!("dropped a relayed packet over the relay budget");
            return Ok(buf.len());
        }
        let sent = self.socket.send_to(buf, target).await?;
        self.relayed.fetch_add(sent as u64, Ordering::Relaxed);
        Ok(sent)
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        Ok(self.local)
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

/// The UDP listener as the turn crate sees it: a plain socket whose own address is
/// asked once (the crate asks for it on every ChannelData and Send it relays).
pub struct ListenerSocket {
    socket: UdpSocket,
    local: SocketAddr,
}

impl ListenerSocket {
    pub fn new(socket: UdpSocket) -> std::io::Result<Self> {
        Ok(ListenerSocket { local: socket.local_addr()?, socket })
    }
}

#[async_trait]
impl Conn for ListenerSocket {
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
        Ok(self.socket.send_to(buf, target).await?)
    }

    fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
        Ok(self.local)
    }

    fn remote_addr(&self) -> Option<SocketAddr> {
        None
    }

    async fn close(&self) -> webrtc_util::Result<()> {
        Ok(())
    }

    fn as_any(&self) -> &(dyn std::any::Any + Send + Sync) {
        self
    }
}
