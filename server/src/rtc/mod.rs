//! The WebRTC echo peer: one UDP port serves every peer, through one socket and task
//! per core (shards, see [`peers`]). The peers themselves are sans-IO
//! ([`peers::EchoPeers`]: echo, routing, lifetimes, moves between shards); this module
//! owns the sockets and the tasks that feed them. Signalling lives in [`signalling`].

pub mod peers;
pub mod signalling;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpOffer};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot, Mutex};

use self::peers::{Arrival, Claimed, EchoPeers, Migrant, OfferError};

enum Command {
    Offer {
        id: u64,
        offer: SdpOffer,
        reply: oneshot::Sender<Result<SdpAnswer, String>>,
    },
    Close {
        id: u64,
    },
    /// Another shard received an ICE check naming one of this shard's ufrags.
    Claim {
        ufrag: String,
        source: SocketAddr,
        bytes: Vec<u8>,
        from: usize,
    },
    /// A peer moved here, with the check that moved it.
    Adopt {
        migrant: Migrant,
        source: SocketAddr,
        bytes: Vec<u8>,
    },
    /// `source`'s peer lives on `shard`: pass its datagrams on.
    RouteElsewhere {
        source: SocketAddr,
        shard: usize,
    },
    /// A datagram for one of this shard's peers that reached another shard.
    Forward {
        source: SocketAddr,
        bytes: Vec<u8>,
    },
    #[cfg(test)]
    Panic,
}

/// Handle to the echo peer's shards.
pub struct EchoService {
    shards: Vec<mpsc::Sender<Command>>,
    /// The host candidate the browser connects to.
    pub advertised: SocketAddr,
    counts: Vec<Arc<AtomicUsize>>,
    /// Offers sent to a shard and not answered yet: counted with the peers, so that
    /// offers at once cannot take the last place twice.
    pending: AtomicUsize,
    max_peers: usize,
    restarts: Arc<AtomicU64>,
}

/// At most this many shards, however many cores.
const MAX_SHARDS: usize = 8;

impl EchoService {
    /// Binds `bind` (an explicit address) and advertises `advertised_ip` with its port:
    /// one shard per core, each on its own socket bound to that port. At most
    /// `max_peers` at once, across the shards (peers move between them); more offers
    /// are refused.
    pub async fn start(
        bind: SocketAddr,
        advertised_ip: std::net::IpAddr,
        max_peers: usize,
    ) -> std::io::Result<EchoService> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::start_sharded(bind, advertised_ip, max_peers, cores.clamp(1, MAX_SHARDS))
    }

    fn start_sharded(
        bind: SocketAddr,
        advertised_ip: std::net::IpAddr,
        max_peers: usize,
        shards: usize,
    ) -> std::io::Result<EchoService> {
        let first = bind_udp(bind, shards > 1)?;
        let port = first.local_addr()?.port();
        let mut sockets = vec![first];
        for _ in 1..shards {
            sockets.push(bind_udp(SocketAddr::new(bind.ip(), port), true)?);
        }
        let advertised = SocketAddr::new(advertised_ip, port);
        let (senders, receivers): (Vec<_>, Vec<_>) = (0..shards).map(|_| mpsc::channel(256)).unzip();
        // Shards reach each other through weak handles: dropping the service ends them.
        let siblings: Arc<Vec<_>> = Arc::new(senders.iter().map(mpsc::Sender::downgrade).collect());
        let directory = Arc::new(std::sync::RwLock::new(HashMap::new()));
        let restarts = Arc::new(AtomicU64::new(0));
        let mut counts = Vec::new();
        for (index, (socket, commands)) in sockets.into_iter().zip(receivers).enumerate() {
            let count = Arc::new(AtomicUsize::new(0));
            counts.push(count.clone());
            let task = Task {
                index,
                socket: Arc::new(socket),
                advertised,
                commands: Arc::new(Mutex::new(commands)),
                siblings: siblings.clone(),
                directory: directory.clone(),
                count,
                max_peers,
            };
            tokio::spawn(supervise(task, restarts.clone()));
        }
        Ok(EchoService { shards: senders, advertised, counts, pending: AtomicUsize::new(0), max_peers, restarts })
    }

    pub fn peers(&self) -> usize {
        self.counts.iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    /// How often a shard's task failed and was started again.
    pub fn restarts(&self) -> u64 {
        self.restarts.load(Ordering::Relaxed)
    }

    /// Creates a peer for `offer` on the least busy shard and returns its answer.
    pub async fn offer(&self, id: u64, offer: SdpOffer) -> Result<SdpAnswer, String> {
        let pending = Pending::take(&self.pending);
        if self.peers() + pending.others >= self.max_peers {
            return Err(OfferError::Full.to_string());
        }
        // The least busy shard; among equals (offers at once see the same counts),
        // each pending offer starts looking one shard further.
        let n = self.shards.len();
        let shard = (0..n).map(|k| (k + pending.others) % n).min_by_key(|&i| self.counts[i].load(Ordering::Relaxed));
        let shard = shard.unwrap_or(0);
        let (reply, answer) = oneshot::channel();
        self.shards[shard]
            .send(Command::Offer { id, offer, reply })
            .await
            .map_err(|_| "echo peer stopped".to_string())?;
        // The shard counted the peer before it answered: only then is this offer no
        // longer pending.
        answer.await.map_err(|_| "echo peer stopped".to_string())?
    }

    /// Forgets peer `id` (its signalling connection ended), on whichever shard holds it.
    pub async fn close(&self, id: u64) {
        for shard in &self.shards {
            let _ = shard.send(Command::Close { id }).await;
        }
    }
}

/// An offer on its way to a shard, counted in `pending` until dropped.
struct Pending<'a> {
    pending: &'a AtomicUsize,
    /// Offers pending besides this one when it was taken.
    others: usize,
}

impl<'a> Pending<'a> {
    fn take(pending: &'a AtomicUsize) -> Pending<'a> {
        Pending { pending, others: pending.fetch_add(1, Ordering::SeqCst) }
    }
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        self.pending.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Every call's packets arrive on these sockets (tens of thousands per second under
/// load) and each shard drains its own in bursts: ask for a receive buffer of 4 MiB
/// (Linux caps it at `net.core.rmem_max`) so bursts are not dropped.
const RECEIVE_BUFFER_BYTES: usize = 4 << 20;

/// `shared`: one of several sockets on the same port (`SO_REUSEPORT`), among which
/// the kernel spreads the sources by their address and port. Only sockets of the
/// same user may join.
fn bind_udp(bind: SocketAddr, shared: bool) -> std::io::Result<UdpSocket> {
    let socket = socket2::Socket::new(socket2::Domain::for_address(bind), socket2::Type::DGRAM, None)?;
    if shared {
        socket.set_reuse_port(true)?;
    }
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

/// Which shard holds the peer a ufrag names: written when a peer is made or moves,
/// read only for a check from an address no shard knows yet, and cleared as peers go.
type Directory = Arc<std::sync::RwLock<HashMap<String, usize>>>;

/// What one shard's task works with; it outlives a failed task.
#[derive(Clone)]
struct Task {
    index: usize,
    socket: Arc<UdpSocket>,
    advertised: SocketAddr,
    commands: Arc<Mutex<mpsc::Receiver<Command>>>,
    siblings: Arc<Vec<mpsc::WeakSender<Command>>>,
    directory: Directory,
    count: Arc<AtomicUsize>,
    max_peers: usize,
}

impl Task {
    /// Hands `command` to shard `shard` without waiting: when its queue is full the
    /// command comes back (a datagram then is lost, as UDP may lose it). Commands a
    /// datagram caused (claims, passed-on datagrams) leave [`RESERVED_COMMANDS`]
    /// places free: a flood of checks cannot crowd out offers, closes and moves.
    fn tell(&self, shard: usize, command: Command) -> Result<(), Box<Command>> {
        let Some(sender) = self.siblings.get(shard).and_then(mpsc::WeakSender::upgrade) else {
            return Err(Box::new(command));
        };
        let from_a_datagram = matches!(command, Command::Claim { .. } | Command::Forward { .. });
        if from_a_datagram && sender.capacity() <= RESERVED_COMMANDS {
            return Err(Box::new(command));
        }
        sender.try_send(command).map_err(|e| match e {
            mpsc::error::TrySendError::Full(c) | mpsc::error::TrySendError::Closed(c) => Box::new(c),
        })
    }

    fn directory(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, usize>> {
        self.directory.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn directory_mut(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, usize>> {
        self.directory.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What a datagram that no peer here took asks for.
    fn pass_on(&self, arrival: Arrival, source: SocketAddr, bytes: &[u8]) {
        match arrival {
            Arrival::Done => {}
            Arrival::Unknown { ufrag } => {
                let owner = self.directory().get(&ufrag).copied();
                if let Some(owner) = owner.filter(|&o| o != self.index) {
                    let _ = self.tell(owner, Command::Claim { ufrag, source, bytes: bytes.to_vec(), from: self.index });
                }
            }
            Arrival::Elsewhere { shard } => {
                let _ = self.tell(shard, Command::Forward { source, bytes: bytes.to_vec() });
            }
        }
    }
}

/// Runs a shard's task, and again when it panics (the calls it carried are lost,
/// the service is not); ends when the service is dropped.
async fn supervise(task: Task, restarts: Arc<AtomicU64>) {
    loop {
        match tokio::spawn(drive(task.clone())).await {
            Err(failure) if failure.is_panic() => {
                restarts.fetch_add(1, Ordering::Relaxed);
                task.count.store(0, Ordering::Relaxed);
                task.directory_mut().retain(|_, shard| *shard != task.index);
                tracing::error!("an echo peer task failed and is started again; its calls were lost");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            _ => return,
        }
    }
}

/// Places of a shard's command queue that datagram-driven commands leave free.
const RESERVED_COMMANDS: usize = 64;

/// Datagrams read in one go before timers and commands get their turn.
const RECEIVE_BATCH: usize = 64;

/// The socket loop: datagrams, signalling commands and timers into [`EchoPeers`],
/// its datagrams out to the socket. Under load the socket is drained in batches and
/// one timer is re-armed only when the next deadline moves: the per-datagram work
/// is the peer's own.
async fn drive(task: Task) {
    let mut commands = task.commands.clone().lock_owned().await;
    let mut peers = EchoPeers::new(task.advertised, task.max_peers, Instant::now());
    let mut buf = vec![0u8; 2048];
    let idle = || Instant::now() + Duration::from_secs(1);
    let timer = tokio::time::sleep_until(idle().into());
    tokio::pin!(timer);
    let mut armed = None;
    loop {
        task.count.store(peers.len(), Ordering::Relaxed);
        let gone = peers.take_gone();
        if !gone.is_empty() {
            let mut directory = task.directory_mut();
            for ufrag in gone {
                if directory.get(&ufrag) == Some(&task.index) {
                    directory.remove(&ufrag);
                }
            }
        }
        let next = peers.next_timeout();
        if next != armed || timer.is_elapsed() {
            timer.as_mut().reset(next.unwrap_or_else(idle).into());
            armed = next;
        }
        tokio::select! {
            readable = task.socket.readable() => {
                if let Err(err) = readable {
                    tracing::debug!(%err, "echo peer socket error");
                }
                for _ in 0..RECEIVE_BATCH {
                    match task.socket.try_recv_from(&mut buf) {
                        Ok((n, source)) => {
                            let arrival = peers.receive(Instant::now(), source, &buf[..n]);
                            task.pass_on(arrival, source, &buf[..n]);
                        }
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
                Some(command) => obey(&task, &mut peers, command),
            },
            () = &mut timer => {
                peers.timeout(Instant::now());
            }
        }
        while let Some(transmit) = peers.poll_transmit() {
            let _ = task.socket.send_to(&transmit.contents, transmit.destination).await;
        }
    }
}

/// One command from the service or a sibling shard.
fn obey(task: &Task, peers: &mut EchoPeers, command: Command) {
    let now = Instant::now();
    match command {
        Command::Close { id } => peers.close(id, now),
        Command::Offer { id, offer, reply } => {
            let answer = peers.offer(id, offer, now).map_err(|e| e.to_string());
            if let Some(ufrag) = answer.as_ref().ok().and_then(|_| peers.ufrag(id)) {
                task.directory_mut().insert(ufrag.to_string(), task.index);
            }
            // Counted before the answer goes: the service picks the next offer's shard by it.
            task.count.store(peers.len(), Ordering::Relaxed);
            let _ = reply.send(answer);
        }
        Command::Claim { ufrag, source, bytes, from } => match peers.claim(now, &ufrag, source, &bytes) {
            Claimed::Move(migrant) => {
                if let Err(refused) = task.tell(from, Command::Adopt { migrant, source, bytes }) {
                    if let Command::Adopt { migrant, source, bytes } = *refused {
                        // The other shard is swamped: the peer stays, reached from there.
                        peers.adopt(migrant, now, source, &bytes);
                        let _ = task.tell(from, Command::RouteElsewhere { source, shard: task.index });
                    }
                }
            }
            Claimed::Stays => {
                let _ = task.tell(from, Command::RouteElsewhere { source, shard: task.index });
            }
            Claimed::Gone => {}
        },
        Command::Adopt { migrant, source, bytes } => {
            task.directory_mut().insert(migrant.ufrag().to_string(), task.index);
            peers.adopt(migrant, now, source, &bytes);
        }
        Command::RouteElsewhere { source, shard } => peers.route_elsewhere(source, shard, now),
        Command::Forward { source, bytes } => {
            let arrival = peers.receive(now, source, &bytes);
            // Never passed on twice: a datagram no peer here takes is dropped.
            if arrival != Arrival::Done {
                tracing::debug!("echo peer: a forwarded datagram found no peer");
            }
        }
        #[cfg(test)]
        Command::Panic => panic!("a failure injected by a test"),
    }
}

#[cfg(test)]
mod tests {
    use callready_common::probes::media::ProbePacket;

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
            EchoService::start_sharded("127.0.0.1:0".parse().unwrap(), "127.0.0.1".parse().unwrap(), 10, 1).unwrap();
        assert!(service.offer(1, offer()).await.is_ok());
        service.shards[0].send(Command::Panic).await.unwrap();
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

    /// An echo service of two shards on loopback, for at most `max_peers`.
    fn two_shards(max_peers: usize) -> Arc<EchoService> {
        let (bind, ip) = ("127.0.0.1:0".parse().unwrap(), "127.0.0.1".parse().unwrap());
        Arc::new(EchoService::start_sharded(bind, ip, max_peers, 2).unwrap())
    }

    #[tokio::test]
    async fn offers_stop_at_the_limit_across_shards_even_at_once() {
        let service = two_shards(4);
        // Ten offers at once for four places: the ones in flight count.
        let offers: Vec<_> = (0..10u64)
            .map(|id| {
                let service = service.clone();
                tokio::spawn(async move { service.offer(id, offer()).await })
            })
            .collect();
        let mut answered = 0;
        for offer in offers {
            match offer.await.unwrap() {
                Ok(_) => answered += 1,
                Err(refused) => assert!(refused.contains("too many"), "{refused}"),
            }
        }
        assert_eq!(answered, 4);
        assert_eq!(service.peers(), 4);
        assert!(service.counts.iter().all(|c| c.load(Ordering::Relaxed) > 0), "spread over both shards");
        assert!(service.offer(11, offer()).await.unwrap_err().contains("too many"));
        // A peer's place comes back when it is closed.
        service.close(0).await;
        for _ in 0..50 {
            if service.peers() == 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(service.offer(12, offer()).await.is_ok());
    }

    /// A str0m client on a UDP socket of its own: offers through `service`, connects
    /// over loopback, and returns the first probe packet echoed.
    async fn call(service: &EchoService, id: u64) -> anyhow::Result<ProbePacket> {
        use str0m::net::{Protocol, Receive};
        use str0m::{Candidate, Event, Input, Output};
        let socket = UdpSocket::bind("127.0.0.1:0").await?;
        let local = socket.local_addr()?;
        let mut rtc = str0m::RtcConfig::new()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .build(Instant::now());
        rtc.add_local_candidate(Candidate::host(local, "udp")?);
        let mut change = rtc.sdp_api();
        change.add_channel("call-0".into());
        let (offer, pending) = change.apply().expect("a channel was added");
        let answer = service.offer(id, offer).await.map_err(anyhow::Error::msg)?;
        rtc.sdp_api().accept_answer(pending, answer)?;
        let mut buf = vec![0u8; 2048];
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let timeout = loop {
                match rtc.poll_output()? {
                    Output::Timeout(at) => break at,
                    Output::Transmit(t) => {
                        socket.send_to(&t.contents, t.destination).await?;
                    }
                    Output::Event(Event::ChannelOpen(channel, _)) => {
                        let packet = ProbePacket { seq: id as u32, client_sent_ms: 1.0, server_echo_ms: 0.0 };
                        rtc.channel(channel).expect("just opened").write(true, &packet.encode())?;
                    }
                    Output::Event(Event::ChannelData(data)) => {
                        return ProbePacket::decode(&data.data).ok_or_else(|| anyhow::anyhow!("not a probe packet"));
                    }
                    Output::Event(_) => {}
                }
            };
            anyhow::ensure!(Instant::now() < deadline, "call {id}: no echo within 10 s");
            let wait = timeout.saturating_duration_since(Instant::now()).min(Duration::from_millis(50));
            tokio::select! {
                received = socket.recv_from(&mut buf) => {
                    let (n, source) = received?;
                    let receive = Receive { proto: Protocol::Udp, source, destination: local, contents: buf[..n].try_into()? };
                    rtc.handle_input(Input::Receive(Instant::now(), receive))?;
                }
                () = tokio::time::sleep(wait) => rtc.handle_input(Input::Timeout(Instant::now()))?,
            }
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn calls_connect_whichever_shard_the_kernel_gives_their_address() {
        let service = two_shards(64);
        // The kernel spreads the 16 clients' addresses over both sockets, whatever shard
        // took each offer: about half the peers have to move to connect.
        let calls: Vec<_> = (0..16u64)
            .map(|id| {
                let service = service.clone();
                tokio::spawn(async move { call(&service, id).await })
            })
            .collect();
        for (id, call) in calls.into_iter().enumerate() {
            let echo = call.await.unwrap().unwrap_or_else(|err| panic!("call {id}: {err:#}"));
            assert_eq!(echo.seq, id as u32, "each call got its own packet back");
            assert!(echo.server_echo_ms > 0.0, "stamped by the echo peer");
        }
        assert_eq!(service.peers(), 16);
        assert!(service.counts.iter().all(|c| c.load(Ordering::Relaxed) > 0), "both shards carry calls");
    }
}
