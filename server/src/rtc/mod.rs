//! The WebRTC echo peer: one UDP socket serves every peer. The peers themselves are
//! sans-IO ([`peers::EchoPeers`]: echo, routing, lifetimes); this module owns the
//! socket and the task that feeds them. Signalling lives in [`signalling`].

pub mod peers;
pub mod signalling;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpOffer};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};

use self::peers::EchoPeers;

enum Command {
    Offer { id: u64, offer: SdpOffer, reply: oneshot::Sender<Result<SdpAnswer, String>> },
    Close { id: u64 },
}

/// Handle to the echo peer task.
pub struct EchoService {
    commands: mpsc::Sender<Command>,
    /// The host candidate the browser connects to.
    pub advertised: SocketAddr,
    peers: Arc<AtomicUsize>,
}

impl EchoService {
    /// Binds `bind` (an explicit address) and advertises `advertised_ip` with its port.
    /// At most `max_peers` at once; more offers are refused.
    pub async fn start(
        bind: SocketAddr,
        advertised_ip: std::net::IpAddr,
        max_peers: usize,
    ) -> std::io::Result<EchoService> {
        let socket = bind_udp(bind)?;
        let advertised = SocketAddr::new(advertised_ip, socket.local_addr()?.port());
        let (commands, receiver) = mpsc::channel(64);
        let peers = Arc::new(AtomicUsize::new(0));
        tokio::spawn(drive(socket, advertised, receiver, peers.clone(), max_peers));
        Ok(EchoService { commands, advertised, peers })
    }

    pub fn peers(&self) -> usize {
        self.peers.load(Ordering::Relaxed)
    }

    /// Creates a peer for `offer` and returns its answer.
    pub async fn offer(&self, id: u64, offer: SdpOffer) -> Result<SdpAnswer, String> {
        let (reply, answer) = oneshot::channel();
        self.commands.send(Command::Offer { id, offer, reply }).await.map_err(|_| "echo peer stopped".to_string())?;
        answer.await.map_err(|_| "echo peer stopped".to_string())?
    }

    /// Forgets peer `id` (its signalling connection ended).
    pub async fn close(&self, id: u64) {
        let _ = self.commands.send(Command::Close { id }).await;
    }
}

/// Every call's packets arrive on this one socket (tens of thousands per second under
/// load) and the task drains it in bursts: ask for a receive buffer of 4 MiB (Linux
/// caps it at `net.core.rmem_max`) so bursts are not dropped.
const RECEIVE_BUFFER_BYTES: usize = 4 << 20;

fn bind_udp(bind: SocketAddr) -> std::io::Result<UdpSocket> {
    let socket = socket2::Socket::new(socket2::Domain::for_address(bind), socket2::Type::DGRAM, None)?;
    if let Err(err) = socket.set_recv_buffer_size(RECEIVE_BUFFER_BYTES) {
        tracing::warn!(%err, "echo peer: could not enlarge the UDP receive buffer");
    }
    socket.set_nonblocking(true)?;
    socket.bind(&bind.into())?;
    let granted = socket.recv_buffer_size().unwrap_or(0);
    tracing::debug!(granted, "echo peer UDP receive buffer");
    UdpSocket::from_std(socket.into())
}

/// The socket loop: datagrams, signalling commands and timers into [`EchoPeers`],
/// its datagrams out to the socket.
async fn drive(
    socket: UdpSocket,
    advertised: SocketAddr,
    mut commands: mpsc::Receiver<Command>,
    count: Arc<AtomicUsize>,
    max_peers: usize,
) {
    let mut peers = EchoPeers::new(advertised, max_peers, Instant::now());
    let mut buf = vec![0u8; 2048];
    loop {
        count.store(peers.len(), Ordering::Relaxed);
        let next = peers.next_timeout().unwrap_or_else(|| Instant::now() + Duration::from_secs(1));
        tokio::select! {
            received = socket.recv_from(&mut buf) => match received {
                Ok((n, source)) => peers.receive(Instant::now(), source, &buf[..n]),
                Err(err) => tracing::debug!(%err, "echo peer socket error"),
            },
            command = commands.recv() => match command {
                None => return,
                Some(Command::Close { id }) => peers.close(id, Instant::now()),
                Some(Command::Offer { id, offer, reply }) => {
                    let _ = reply.send(peers.offer(id, offer, Instant::now()).map_err(|e| e.to_string()));
                }
            },
            _ = tokio::time::sleep_until(next.into()) => peers.timeout(Instant::now()),
        }
        while let Some(transmit) = peers.poll_transmit() {
            let _ = socket.send_to(&transmit.contents, transmit.destination).await;
        }
    }
}
