//! The WebRTC echo peer (str0m, sans-IO): one UDP socket serves every peer. Each
//! data-channel message is echoed (call-quality probe packets get the server's clock
//! stamped in first), and incoming audio RTP is sent straight back. Signalling lives
//! in [`signalling`]; this module owns the socket and the peers.

pub mod signalling;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use callready_common::probes::media::ProbePacket;
use str0m::change::{SdpAnswer, SdpOffer};
use str0m::media::{MediaKind, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc, RtcConfig};
use tokio::net::UdpSocket;
use tokio::sync::{mpsc, oneshot};

/// A peer lives at most this long: a test lasts well under a minute.
const MAX_PEER_LIFETIME: Duration = Duration::from_secs(120);

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

struct Peer {
    rtc: Rtc,
    created: Instant,
    next_timeout: Instant,
    audio: Option<Mid>,
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

fn clock_ms(epoch: Instant) -> f64 {
    epoch.elapsed().as_secs_f64() * 1000.0
}

fn new_peer(offer: SdpOffer, advertised: SocketAddr) -> Result<(Peer, SdpAnswer), String> {
    let mut rtc = RtcConfig::new()
        .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
        // Full ICE, not ICE-lite: Firefox never completed a connection to a lite str0m peer.
        .set_ice_lite(false)
        // Receiver reports every half second (str0m's default for audio is 5 s, longer
        // than a short test): the browser's remote-inbound-rtp RTT, jitter and loss
        // for its outgoing tone come from them.
        .set_rtcp_report_interval_audio(Duration::from_millis(500))
        .build(Instant::now());
    let candidate = Candidate::host(advertised, "udp").map_err(|e| e.to_string())?;
    rtc.add_local_candidate(candidate);
    let answer = rtc.sdp_api().accept_offer(offer).map_err(|e| format!("the offer was refused: {e}"))?;
    let now = Instant::now();
    Ok((Peer { rtc, created: now, next_timeout: now, audio: None }, answer))
}

/// Runs `peer` until it has nothing more to do now; sends what it transmits.
/// Returns false when the peer is finished.
async fn pump(peer: &mut Peer, socket: &UdpSocket, epoch: Instant) -> bool {
    loop {
        match peer.rtc.poll_output() {
            Ok(Output::Timeout(at)) => {
                peer.next_timeout = at;
                return peer.rtc.is_alive();
            }
            Ok(Output::Transmit(t)) => {
                let _ = socket.send_to(&t.contents, t.destination).await;
            }
            Ok(Output::Event(event)) => match event {
                Event::IceConnectionStateChange(IceConnectionState::Disconnected) => return false,
                Event::ChannelData(data) => {
                    let mut bytes = data.data;
                    ProbePacket::stamp(&mut bytes, clock_ms(epoch));
                    if let Some(mut channel) = peer.rtc.channel(data.id) {
                        let _ = channel.write(data.binary, &bytes);
                    }
                }
                Event::MediaAdded(added) if added.kind == MediaKind::Audio => peer.audio = Some(added.mid),
                Event::MediaData(media) => {
                    if let Some(writer) = peer.audio.and_then(|mid| peer.rtc.writer(mid)) {
                        if let Some(pt) = writer.match_params(media.params) {
                            let _ = writer.write(pt, media.network_time, media.time, media.data);
                        }
                    }
                }
                _ => {}
            },
            Err(err) => {
                tracing::debug!(%err, "echo peer failed");
                return false;
            }
        }
    }
}

async fn drive(
    socket: UdpSocket,
    advertised: SocketAddr,
    mut commands: mpsc::Receiver<Command>,
    count: Arc<AtomicUsize>,
    max_peers: usize,
) {
    let epoch = Instant::now();
    let mut peers: HashMap<u64, Peer> = HashMap::new();
    let mut routes: HashMap<SocketAddr, u64> = HashMap::new();
    let mut buf = vec![0u8; 2048];
    loop {
        let now = Instant::now();
        peers.retain(|_, p| now.duration_since(p.created) < MAX_PEER_LIFETIME);
        if routes.len() > peers.len() * 4 + 16 {
            routes.retain(|_, id| peers.contains_key(id));
        }
        count.store(peers.len(), Ordering::Relaxed);
        let next = peers.values().map(|p| p.next_timeout).min().unwrap_or(now + Duration::from_secs(1));
        tokio::select! {
            received = socket.recv_from(&mut buf) => {
                let (n, source) = match received {
                    Ok(received) => received,
                    Err(err) => {
                        tracing::debug!(%err, "echo peer socket error");
                        continue;
                    }
                };
                // Never the source address: these lines are the client's to trigger.
                tracing::trace!(bytes = n, "echo peer datagram");
                let Ok(contents) = buf[..n].try_into() else {
                    tracing::debug!(bytes = n, "echo peer datagram neither STUN, DTLS nor RTP");
                    continue;
                };
                let input = Input::Receive(Instant::now(), Receive { proto: Protocol::Udp, source, destination: advertised, contents });
                // A source address belongs to one peer for good (its ICE 5-tuple): ask
                // every peer only for a source not seen yet.
                let id = match routes.get(&source).filter(|id| peers.contains_key(id)) {
                    Some(&id) => id,
                    None => {
                        let Some((&id, _)) = peers.iter().find(|(_, p)| p.rtc.accepts(&input)) else {
                            tracing::debug!(bytes = n, peers = peers.len(), "echo peer datagram for no known peer");
                            continue;
                        };
                        routes.insert(source, id);
                        id
                    }
                };
                let peer = peers.get_mut(&id).expect("found above");
                if peer.rtc.handle_input(input).is_err() || !pump(peer, &socket, epoch).await {
                    peers.remove(&id);
                }
            }
            command = commands.recv() => match command {
                None => return,
                Some(Command::Close { id }) => {
                    // Say goodbye (DTLS close_notify, SCTP shutdown) before forgetting it.
                    if let Some(mut peer) = peers.remove(&id) {
                        if peer.rtc.close().is_ok() {
                            pump(&mut peer, &socket, epoch).await;
                        }
                    }
                }
                Some(Command::Offer { id, offer, reply }) => {
                    if peers.len() >= max_peers {
                        let _ = reply.send(Err("too many simultaneous tests; try again in a minute".into()));
                        continue;
                    }
                    match new_peer(offer, advertised) {
                        Ok((mut peer, answer)) => {
                            if pump(&mut peer, &socket, epoch).await {
                                peers.insert(id, peer);
                            }
                            let _ = reply.send(Ok(answer));
                        }
                        Err(err) => { let _ = reply.send(Err(err)); }
                    }
                }
            },
            _ = tokio::time::sleep_until(next.into()) => {
                let now = Instant::now();
                let due: Vec<u64> = peers.iter().filter(|(_, p)| p.next_timeout <= now).map(|(id, _)| *id).collect();
                for id in due {
                    let peer = peers.get_mut(&id).expect("listed above");
                    if peer.rtc.handle_input(Input::Timeout(now)).is_err() || !pump(peer, &socket, epoch).await {
                        peers.remove(&id);
                    }
                }
            }
        }
    }
}
