//! The WebRTC echo peer: one UDP socket serves every peer. The peers themselves are
//! sans-IO ([`peers::EchoPeers`]: echo, routing, lifetimes); this module owns the
//! socket and the task that feeds them. Signalling lives in [`signalling`].

pub mod peers;
pub mod signalling;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpOffer};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot, Mutex};

use self::peers::EchoPeers;

enum Command {
    Offer {
        id: u64,
        offer: SdpOffer,
        reply: oneshot::Sender<Result<SdpAnswer, String>>,
    },
    Close {
        id: u64,
    },
    #[cfg(test)]
    Panic,
}

/// Handle to the echo peer task.
pub struct EchoService {
    commands: mpsc::Sender<Command>,
    /// The host candidate the browser connects to.
    pub advertised: SocketAddr,
    peers: Arc<AtomicUsize>,
    restarts: Arc<AtomicU64>,
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
        let restarts = Arc::new(AtomicU64::new(0));
        let task = Task {
            socket: Arc::new(socket),
            advertised,
            commands: Arc::new(Mutex::new(receiver)),
            count: peers.clone(),
            max_peers,
        };
        tokio::spawn(supervise(task, restarts.clone()));
        Ok(EchoService { commands, advertised, peers, restarts })
    }

    pub fn peers(&self) -> usize {
        self.peers.load(Ordering::Relaxed)
    }

    /// How often the echo task failed and was started again.
    pub fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::Relaxed)
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
    // Linux reports twice what it grants. Below the wish (net.core.rmem_max is 208 KiB
    // by default: a few milliseconds of a thousand calls), a privileged server may
    // exceed rmem_max; otherwise the operator raises it (README, "Deploying").
    if socket.recv_buffer_size().unwrap_or(0) < RECEIVE_BUFFER_BYTES * 2 {
        force_recv_buffer(&socket, RECEIVE_BUFFER_BYTES);
    }
    socket.set_nonblocking(true)?;
    socket.bind(&bind.into())?;
    let granted = socket.recv_buffer_size().unwrap_or(0);
    if granted < RECEIVE_BUFFER_BYTES {
        tracing::warn!(
            granted,
            "echo peer: the UDP receive buffer is small; raise net.core.rmem_max to 4 MiB for hundreds of calls"
        );
    }
    UdpSocket::from_std(socket.into())
}

/// `SO_RCVBUFFORCE`: allowed with CAP_NET_ADMIN; without it nothing changes.
#[allow(unsafe_code)]
fn force_recv_buffer(socket: &socket2::Socket, bytes: usize) {
    use std::os::fd::AsRawFd;
    let value = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
    // SAFETY: a valid descriptor, and a c_int option value of the size passed.
    let _ = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUFFORCE,
            (&value as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
}

/// What the echo task works with; it outlives a failed task.
#[derive(Clone)]
struct Task {
    socket: Arc<UdpSocket>,
    advertised: SocketAddr,
    commands: Arc<Mutex<mpsc::Receiver<Command>>>,
    count: Arc<AtomicUsize>,
    max_peers: usize,
}

/// Runs the echo task, and again when it panics (the calls it carried are lost,
/// the service is not); ends when the service is dropped.
async fn supervise(task: Task, restarts: Arc<AtomicU64>) {
    loop {
        match tokio::spawn(drive(task.clone())).await {
            Err(failure) if failure.is_panic() => {
                restarts.fetch_add(1, Ordering::Relaxed);
                task.count.store(0, Ordering::Relaxed);
                tracing::error!("the echo peer task failed and is started again; its calls were lost");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            _ => return,
        }
    }
}

/// Datagrams read in one go before timers and commands get their turn.
const RECEIVE_BATCH: usize = 64;

/// The socket loop: datagrams, signalling commands and timers into [`EchoPeers`],
/// its datagrams out to the socket. Under load the socket is drained in batches and
/// one timer is re-armed only when the next deadline moves: the per-datagram work
/// is the peer's own.
async fn drive(task: Task) {
    let Task { socket, advertised, commands, count, max_peers } = task;
    let mut commands = commands.lock_owned().await;
    let mut peers = EchoPeers::new(advertised, max_peers, Instant::now());
    let mut buf = vec![0u8; 2048];
    let idle = || Instant::now() + Duration::from_secs(1);
    let timer = tokio::time::sleep_until(idle().into());
    tokio::pin!(timer);
    let mut armed = None;
    loop {
        count.store(peers.len(), Ordering::Relaxed);
        let next = peers.next_timeout();
        if next != armed || timer.is_elapsed() {
            timer.as_mut().reset(next.unwrap_or_else(idle).into());
            armed = next;
        }
        tokio::select! {
            readable = socket.readable() => {
                if let Err(err) = readable {
                    tracing::debug!(%err, "echo peer socket error");
                }
                for _ in 0..RECEIVE_BATCH {
                    match socket.try_recv_from(&mut buf) {
                        Ok((n, source)) => peers.receive(Instant::now(), source, &buf[..n]),
                        Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => break,
                        Err(err) => {
                            tracing::debug!(%err, "echo peer socket error");
                            break;
                        }
                    }
                }
                let now = Instant::now();
                if peers.next_timeout().is_some_and(|at| at <= now) {
                    peers.timeout(now);
                }
            },
            command = commands.recv() => match command {
                None => return,
                Some(Command::Close { id }) => peers.close(id, Instant::now()),
                Some(Command::Offer { id, offer, reply }) => {
                    let _ = reply.send(peers.offer(id, offer, Instant::now()).map_err(|e| e.to_string()));
                }
                #[cfg(test)]
                Some(Command::Panic) => panic!("a failure injected by a test"),
            },
            () = &mut timer => {
                peers.timeout(Instant::now());
            }
        }
        while let Some(transmit) = peers.poll_transmit() {
            let _ = socket.send_to(&transmit.contents, transmit.destination).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer() -> SdpOffer {
        let mut rtc = str0m::RtcConfig::new()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .build(Instant::now());
        let mut change = rtc.sdp_api();
        change.add_channel("call-0".into());
        change.apply().unwrap().0
    }

    #[tokio::test]
    async fn a_failed_echo_task_is_started_again_and_counted() {
        let service =
            EchoService::start("127.0.0.1:0".parse().unwrap(), "127.0.0.1".parse().unwrap(), 10).await.unwrap();
        assert!(service.offer(1, offer()).await.is_ok());
        service.commands.send(Command::Panic).await.unwrap();
        let mut answered = false;
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if service.restarts() == 1 {
                answered = service.offer(2, offer()).await.is_ok();
                break;
            }
        }
        assert_eq!(service.restarts(), 1);
        assert!(answered, "the restarted task answers offers");
        // The count follows the task's loop: polled, not timed.
        for _ in 0..50 {
            if service.peers() == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(service.peers(), 1, "the new peer only: the failed task's calls are gone");
    }
}
