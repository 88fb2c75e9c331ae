//! The echo peers without sockets or clocks (sans-IO, the way str0m itself works):
//! offers, closes, datagrams and time go in; datagrams to send come out. The socket
//! loop in [`super`] only moves bytes, so everything here is tested with datagrams
//! carried by hand between a str0m client and these peers.
//!
//! - Routing: a datagram's source address belongs to one peer for good (its ICE
//!   5-tuple). A source not seen yet must start with an ICE check, a STUN request
//!   whose USERNAME begins with the ufrag the server gave one peer: that peer alone
//!   is asked to accept it. Nothing else from a stranger costs more than a lookup.
//! - Echo: a data-channel message is sent back on its channel (a call-quality probe
//!   packet first gets the server's clock stamped in); audio RTP is sent back as is.
//! - Lifetime: a peer lives until its signalling closes it, ICE disconnects, or
//!   [`MAX_PEER_LIFETIME`] passes. Closing sends DTLS close_notify and SCTP shutdown.
//! - Shards: the server runs one `EchoPeers` per core, each on its own socket bound
//!   to the same port, and the kernel hands each 5-tuple to one of them. A peer is
//!   made where its offer went; the first check that reaches another shard moves it
//!   there ([`EchoPeers::claim`], [`EchoPeers::adopt`]), so a call's datagrams stay on
//!   one core. A peer already reached through another address stays, and the other
//!   shard passes that address's datagrams on ([`Arrival::Elsewhere`]).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use callready_common::probes::media::ProbePacket;
use str0m::change::{SdpAnswer, SdpOffer};
use str0m::media::{MediaKind, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, IceConnectionState, IceCreds, Input, Output, Rtc, RtcConfig};

/// A peer lives at most this long: a test lasts well under a minute.
pub const MAX_PEER_LIFETIME: Duration = Duration::from_secs(120);

/// Addresses one peer may be reached from (a browser checks a few candidate pairs);
/// checks from more are dropped, so one caller cannot fill the routing tables.
pub const MAX_ADDRESSES_PER_PEER: usize = 4;

/// Ids closed while their peer was not here (perhaps moving between shards), kept so
/// that a peer arriving after its close is closed too.
const CLOSED_REMEMBERED: usize = 256;

/// A datagram to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transmit {
    pub destination: SocketAddr,
    pub contents: Vec<u8>,
}

/// Why an offer got no peer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferError {
    #[error("too many simultaneous tests; try again in a minute")]
    Full,
    #[error("the offer was refused: {0}")]
    Refused(String),
}

struct Peer {
    rtc: Rtc,
    /// The local ICE ufrag the browser's checks name.
    ufrag: String,
    /// Addresses routed to this peer (one per candidate pair the browser used), on
    /// any shard.
    addresses: usize,
    created: Instant,
    /// When the peer next needs [`Input::Timeout`] (or its lifetime ends).
    due: Instant,
    audio: Option<Mid>,
}

impl Peer {
    fn expires(&self) -> Instant {
        self.created + MAX_PEER_LIFETIME
    }
}

/// What became of a datagram.
#[derive(Debug, PartialEq, Eq)]
pub enum Arrival {
    /// A peer here took it, or nobody did and it was dropped.
    Done,
    /// An ICE check naming a ufrag no peer here holds: perhaps another shard's.
    Unknown { ufrag: String },
    /// Its source belongs to a peer on shard `shard`.
    Elsewhere { shard: usize },
}

/// What a shard did with a check another shard received for one of its peers.
pub enum Claimed {
    /// The peer was not reached yet: it moves to the shard that asked.
    Move(Migrant),
    /// The peer is reached through another address and stays: the check was handled
    /// here, and the asking shard should pass that source's datagrams on.
    Stays,
    /// No peer here has that ufrag (any more).
    Gone,
}

/// A peer on its way to another shard.
pub struct Migrant {
    id: u64,
    peer: Box<Peer>,
}

impl Migrant {
    /// The ufrag its checks name.
    pub fn ufrag(&self) -> &str {
        &self.peer.ufrag
    }
}

/// Every echo peer of one UDP socket.
pub struct EchoPeers {
    /// The host candidate every peer advertises (the socket's public address).
    advertised: SocketAddr,
    max_peers: usize,
    /// Zero of the clock stamped into probe packets.
    epoch: Instant,
    /// Boxed: an `Rtc` is several kilobytes, and the table is probed per datagram.
    peers: HashMap<u64, Box<Peer>>,
    /// Every peer's `due` time (and stale ones, skipped when popped): the next timer
    /// is found without visiting every peer, which under load is per datagram.
    timers: BinaryHeap<Reverse<(Instant, u64)>>,
    routes: HashMap<SocketAddr, u64>,
    /// Each peer's local ICE ufrag, which the browser's checks name.
    ufrags: HashMap<String, u64>,
    out: VecDeque<Transmit>,
    /// Sources whose peer lives on another shard, and when that was learnt.
    elsewhere: HashMap<SocketAddr, (usize, Instant)>,
    /// Ufrags of peers that left (ended or moved) since [`EchoPeers::take_gone`].
    gone: Vec<String>,
    /// The latest ids closed while no peer here had them.
    closed: VecDeque<u64>,
    /// Peers asked whether they accept a stranger's datagram (each an HMAC check).
    pub candidates_checked: u64,
}

impl EchoPeers {
    pub fn new(advertised: SocketAddr, max_peers: usize, epoch: Instant) -> EchoPeers {
        EchoPeers {
            advertised,
            max_peers,
            epoch,
            peers: HashMap::new(),
            timers: BinaryHeap::new(),
            routes: HashMap::new(),
            ufrags: HashMap::new(),
            out: VecDeque::new(),
            elsewhere: HashMap::new(),
            gone: Vec::new(),
            closed: VecDeque::new(),
            candidates_checked: 0,
        }
    }

    /// Peers alive now.
    pub fn len(&self) -> usize {
        self.peers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.peers.is_empty()
    }

    /// Creates peer `id` for `offer` and returns its answer.
    pub fn offer(&mut self, id: u64, offer: SdpOffer, now: Instant) -> Result<SdpAnswer, OfferError> {
        if self.peers.len() >= self.max_peers {
            return Err(OfferError::Full);
        }
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| OfferError::Refused(e.to_string()))?;
        let hex = crate::anon::encode_hex(&random);
        // ICE wants at least 4 ufrag and 22 password characters (RFC 8839).
        let credentials = IceCreds { ufrag: hex[..8].to_string(), pass: hex[8..].to_string() };
        let mut rtc = RtcConfig::new()
            .set_local_ice_credentials(credentials.clone())
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            // Full ICE, not ICE-lite: Firefox never completed a connection to a lite str0m peer.
            .set_ice_lite(false)
            // Receiver reports every half second (str0m's default for audio is 5 s, longer
            // than a short test): the browser's remote-inbound-rtp RTT, jitter and loss
            // for its outgoing tone come from them.
            .set_rtcp_report_interval_audio(Duration::from_millis(500))
            .build(now);
        let candidate = Candidate::host(self.advertised, "udp").map_err(|e| OfferError::Refused(e.to_string()))?;
        rtc.add_local_candidate(candidate);
        let answer = rtc.sdp_api().accept_offer(offer).map_err(|e| OfferError::Refused(e.to_string()))?;
        let ufrag = credentials.ufrag;
        let mut peer = Box::new(Peer { rtc, ufrag: ufrag.clone(), addresses: 0, created: now, due: now, audio: None });
        // One peer per id: a second offer replaces the first.
        self.end(id, now);
        if pump(&mut peer, &mut self.out, self.epoch, now) {
            self.timers.push(Reverse((peer.due, id)));
            self.peers.insert(id, peer);
            self.ufrags.insert(ufrag.clone(), id);
        }
        Ok(answer)
    }

    /// The ufrag of peer `id`'s checks, for the shards' shared directory.
    pub fn ufrag(&self, id: u64) -> Option<&str> {
        self.peers.get(&id).map(|p| p.ufrag.as_str())
    }

    /// Ufrags of peers that ended or moved away since the last call, and are not back.
    pub fn take_gone(&mut self) -> Vec<String> {
        let mut gone = std::mem::take(&mut self.gone);
        let held = |ufrag: &String| {
            self.ufrags.get(ufrag).and_then(|id| self.peers.get(id)).is_some_and(|p| p.ufrag == *ufrag)
        };
        gone.retain(|ufrag| !held(ufrag));
        gone
    }

    /// Another shard received `bytes` from `source`, an ICE check naming `ufrag`.
    /// A peer not reached yet moves there; one already reached stays and takes the
    /// check here (its answer leaves from this shard's socket, on the same port). A
    /// check the peer does not accept changes nothing.
    pub fn claim(&mut self, now: Instant, ufrag: &str, source: SocketAddr, bytes: &[u8]) -> Claimed {
        let Some(&id) = self.ufrags.get(ufrag).filter(|id| self.peers.contains_key(id)) else {
            return Claimed::Gone;
        };
        // Only a check signed with the peer's password moves or routes anything: the
        // ufrag crosses the network in clear, the password never does.
        let Ok(contents) = bytes.try_into() else { return Claimed::Gone };
        let input =
            Input::Receive(now, Receive { proto: Protocol::Udp, source, destination: self.advertised, contents });
        let peer = &self.peers[&id];
        let known = self.routes.get(&source) == Some(&id);
        if !peer.rtc.accepts(&input) || (!known && peer.addresses >= MAX_ADDRESSES_PER_PEER) {
            return Claimed::Gone;
        }
        if peer.addresses > 0 {
            // Routed here too: the other shard passes this address's datagrams on,
            // and they must find the peer (a consent check later asks again).
            if !known {
                self.routes.insert(source, id);
                if let Some(peer) = self.peers.get_mut(&id) {
                    peer.addresses += 1;
                }
            }
            self.handle(id, input, now);
            return Claimed::Stays;
        }
        let peer = self.remove(id).expect("looked up above");
        Claimed::Move(Migrant { id, peer })
    }

    /// Takes in a peer moved here, then the check that brought it; a peer closed on
    /// its way here is closed now.
    pub fn adopt(&mut self, migrant: Migrant, now: Instant, source: SocketAddr, bytes: &[u8]) {
        let Migrant { id, mut peer } = migrant;
        if self.closed.contains(&id) {
            if peer.rtc.close().is_ok() {
                pump(&mut peer, &mut self.out, self.epoch, now);
            }
            return;
        }
        self.end(id, now);
        self.timers.push(Reverse((peer.due, id)));
        self.ufrags.insert(peer.ufrag.clone(), id);
        self.peers.insert(id, peer);
        let _ = self.receive(now, source, bytes);
    }

    /// Datagrams from `source` belong to a peer on `shard`.
    /// The table holds at most four addresses per peer (and 16 more): entries older
    /// than a peer's lifetime make room; when none is that old, the new one is not kept
    /// (its datagrams are then lost, as only a client with many addresses would cause).
    pub fn route_elsewhere(&mut self, source: SocketAddr, shard: usize, now: Instant) {
        let most = self.max_peers * 4 + 16;
        if self.elsewhere.len() >= most {
            self.elsewhere.retain(|_, (_, since)| now.saturating_duration_since(*since) < MAX_PEER_LIFETIME);
        }
        if self.elsewhere.len() < most || self.elsewhere.contains_key(&source) {
            self.elsewhere.insert(source, (shard, now));
        }
    }

    fn remove(&mut self, id: u64) -> Option<Box<Peer>> {
        let peer = self.peers.remove(&id)?;
        self.gone.push(peer.ufrag.clone());
        Some(peer)
    }

    /// Closes peer `id` (its signalling ended): goodbye datagrams, then it is gone.
    /// A peer closed while moving between shards is closed where it arrives.
    pub fn close(&mut self, id: u64, now: Instant) {
        if !self.end(id, now) {
            if self.closed.len() >= CLOSED_REMEMBERED {
                self.closed.pop_front();
            }
            self.closed.push_back(id);
        }
    }

    /// Closes peer `id` if it is here: goodbye datagrams, then it is gone.
    fn end(&mut self, id: u64, now: Instant) -> bool {
        let Some(mut peer) = self.remove(id) else { return false };
        if peer.rtc.close().is_ok() {
            pump(&mut peer, &mut self.out, self.epoch, now);
        }
        self.forget_routes();
        true
    }

    /// A datagram from `source` arrived at `now`. Anything no peer accepts is dropped;
    /// an ICE check for a ufrag not held here, or a source routed to another shard,
    /// is handed back.
    pub fn receive(&mut self, now: Instant, source: SocketAddr, bytes: &[u8]) -> Arrival {
        // Never the source address: these lines are the client's to trigger.
        tracing::trace!(bytes = bytes.len(), "echo peer datagram");
        let Ok(contents) = bytes.try_into() else {
            tracing::debug!(bytes = bytes.len(), "echo peer datagram neither STUN, DTLS nor RTP");
            return Arrival::Done;
        };
        let input =
            Input::Receive(now, Receive { proto: Protocol::Udp, source, destination: self.advertised, contents });
        let id = match self.routes.get(&source).filter(|id| self.peers.contains_key(id)) {
            Some(&id) => id,
            None => {
                let ufrag = stun_username_ufrag(bytes);
                let named = ufrag.and_then(|ufrag| self.ufrags.get(ufrag)).copied();
                let candidate = named.filter(|id| self.peers.contains_key(id));
                if candidate.is_none() {
                    // A check names its peer: the shards' directory knows better than
                    // an address routed elsewhere, which may be a past call's.
                    if let Some(ufrag) = ufrag {
                        return Arrival::Unknown { ufrag: ufrag.to_string() };
                    }
                    if let Some(&(shard, _)) = self.elsewhere.get(&source) {
                        return Arrival::Elsewhere { shard };
                    }
                }
                self.candidates_checked += u64::from(candidate.is_some());
                let accepted = candidate.filter(|id| {
                    self.peers.get(id).is_some_and(|p| p.addresses < MAX_ADDRESSES_PER_PEER && p.rtc.accepts(&input))
                });
                let Some(id) = accepted else {
                    tracing::debug!(bytes = bytes.len(), "echo peer datagram for no known peer");
                    return Arrival::Done;
                };
                self.routes.insert(source, id);
                self.elsewhere.remove(&source);
                if let Some(peer) = self.peers.get_mut(&id) {
                    peer.addresses += 1;
                }
                id
            }
        };
        self.handle(id, input, now);
        Arrival::Done
    }

    /// Time passed: peers whose timers are due run them; peers past their lifetime go.
    pub fn timeout(&mut self, now: Instant) {
        while let Some(&Reverse((at, id))) = self.timers.peek() {
            if at > now {
                break;
            }
            self.timers.pop();
            // An entry is stale unless it is the peer's current one.
            let Some(peer) = self.peers.get(&id).filter(|p| p.due == at) else { continue };
            if now >= peer.expires() {
                self.remove(id);
            } else {
                self.handle(id, Input::Timeout(now), now);
            }
        }
        // Stale entries are dropped as their times pass; a peer rescheduled far
        // ahead many times could still pile them up, so the heap is rebuilt when
        // they outnumber the live ones.
        if self.peers.is_empty() {
            self.timers.clear();
        } else if self.timers.len() > self.peers.len() * 4 + 64 {
            self.timers = self.peers.iter().map(|(&id, p)| Reverse((p.due, id))).collect();
        }
        self.forget_routes();
    }

    /// When [`EchoPeers::timeout`] should run next; `None` without peers.
    pub fn next_timeout(&self) -> Option<Instant> {
        self.timers.peek().map(|Reverse((at, _))| *at)
    }

    /// The next datagram to send.
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.out.pop_front()
    }

    fn handle(&mut self, id: u64, input: Input, now: Instant) {
        let Some(peer) = self.peers.get_mut(&id) else { return };
        // A timer's own entry was popped: it needs a new one even if `due` is unchanged.
        let (before, timer) = (peer.due, matches!(input, Input::Timeout(_)));
        if peer.rtc.handle_input(input).is_ok() && pump(peer, &mut self.out, self.epoch, now) {
            if timer || peer.due != before {
                self.timers.push(Reverse((peer.due, id)));
            }
        } else {
            self.remove(id);
        }
    }

    /// Routes and ufrags of peers that are gone, dropped once they outnumber the
    /// live ones.
    fn forget_routes(&mut self) {
        let peers = &self.peers;
        if self.routes.len() > peers.len() * 4 + 16 {
            self.routes.retain(|_, id| peers.contains_key(id));
        }
        if self.ufrags.len() > peers.len() * 2 + 16 {
            self.ufrags.retain(|_, id| peers.contains_key(id));
        }
    }
}

/// Runs `peer` until it has nothing more to do at `now`, queueing what it transmits
/// on `out`. Returns false when the peer is finished.
fn pump(peer: &mut Peer, out: &mut VecDeque<Transmit>, epoch: Instant, now: Instant) -> bool {
    loop {
        match peer.rtc.poll_output() {
            Ok(Output::Timeout(at)) => {
                peer.due = at.min(peer.expires());
                return peer.rtc.is_alive();
            }
            Ok(Output::Transmit(t)) => {
                out.push_back(Transmit { destination: t.destination, contents: t.contents.into() });
            }
            Ok(Output::Event(event)) => match event {
                Event::IceConnectionStateChange(IceConnectionState::Disconnected) => return false,
                Event::ChannelData(data) => {
                    let mut bytes = data.data;
                    let server_ms = now.saturating_duration_since(epoch).as_secs_f64() * 1000.0;
                    ProbePacket::stamp(&mut bytes, server_ms);
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

/// The first half of a STUN request's USERNAME (`<receiver ufrag>:<sender ufrag>`
/// in an ICE check: ours), read strictly; `None` for anything else.
fn stun_username_ufrag(datagram: &[u8]) -> Option<&str> {
    const MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];
    const USERNAME: u16 = 0x0006;
    let header = datagram.get(..20)?;
    // A request (class bits 0): the two top bits of the type are zero.
    if header[0] & 0xC0 != 0 || header[4..8] != MAGIC_COOKIE || header[0] & 0x01 != 0 || header[1] & 0x10 != 0 {
        return None;
    }
    let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
    let mut attributes = datagram.get(20..20 + length)?;
    while attributes.len() >= 4 {
        let kind = u16::from_be_bytes([attributes[0], attributes[1]]);
        let len = usize::from(u16::from_be_bytes([attributes[2], attributes[3]]));
        let value = attributes.get(4..4 + len)?;
        if kind == USERNAME {
            return std::str::from_utf8(value).ok()?.split(':').next();
        }
        attributes = attributes.get((4 + len).next_multiple_of(4)..)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use str0m::change::SdpPendingOffer;
    use str0m::channel::{ChannelConfig, Reliability};
    use str0m::net::{Protocol, Receive};
    use str0m::{Candidate, Event, Input, Output, Rtc, RtcConfig};

    use super::*;

    const SERVER: &str = "192.0.2.10:3479";
    const CLIENT: &str = "198.51.100.7:50000";

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }

    /// A str0m client with one unordered data channel, and its offer.
    fn client(now: Instant) -> (Rtc, SdpOffer, SdpPendingOffer) {
        let mut rtc = RtcConfig::new().set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags())).build(now);
        rtc.add_local_candidate(Candidate::host(addr(CLIENT), "udp").unwrap());
        let mut change = rtc.sdp_api();
        change.add_channel_with_config(ChannelConfig {
            label: "call-0".into(),
            ordered: false,
            reliability: Reliability::MaxRetransmits { retransmits: 0 },
            ..Default::default()
        });
        let (offer, pending) = change.apply().unwrap();
        (rtc, offer, pending)
    }

    /// Carries datagrams both ways until the client has nothing to say and its next
    /// timer is due, then advances the clock 10 ms. Returns the client's events.
    fn step(client: &mut Rtc, peers: &mut EchoPeers, now: &mut Instant) -> Vec<Event> {
        step_counting(client, peers, now).0
    }

    /// [`step`], also returning how many datagrams the echo peers sent.
    fn step_counting(client: &mut Rtc, peers: &mut EchoPeers, now: &mut Instant) -> (Vec<Event>, usize) {
        let mut events = Vec::new();
        let mut sent = 0;
        loop {
            match client.poll_output().unwrap() {
                Output::Transmit(t) => {
                    peers.receive(*now, addr(CLIENT), &t.contents);
                }
                Output::Event(event) => events.push(event),
                Output::Timeout(_) => break,
            }
        }
        while let Some(t) = peers.poll_transmit() {
            sent += 1;
            assert_eq!(t.destination, addr(CLIENT), "the echo peer answers where the datagram came from");
            let receive = Receive {
                proto: Protocol::Udp,
                source: addr(SERVER),
                destination: addr(CLIENT),
                contents: t.contents.as_slice().try_into().unwrap(),
            };
            client.handle_input(Input::Receive(*now, receive)).unwrap();
        }
        *now += Duration::from_millis(10);
        client.handle_input(Input::Timeout(*now)).unwrap();
        peers.timeout(*now);
        (events, sent)
    }

    /// Connects a client to fresh echo peers, sends one probe packet, and returns it
    /// as it came back, with the peers and the clock.
    fn echo_one_packet(without_candidates: bool) -> (ProbePacket, EchoPeers, Instant, Instant) {
        let epoch = Instant::now();
        let mut now = epoch;
        let mut peers = EchoPeers::new(addr(SERVER), 10, epoch);
        let (mut client, offer, pending) = client(now);
        let offer = if without_candidates {
            // As the page sends it outside localhost: no address of the agent's at all.
            let sdp = offer.to_sdp_string();
            let kept: String = sdp.split_inclusive('\n').filter(|l| !l.starts_with("a=candidate")).collect();
            assert!(!kept.contains("a=candidate"));
            SdpOffer::from_sdp_string(&kept).unwrap()
        } else {
            offer
        };
        let answer = peers.offer(1, offer, now).unwrap();
        client.sdp_api().accept_answer(pending, answer).unwrap();
        let packet = ProbePacket { seq: 7, client_sent_ms: 1.5, server_echo_ms: 0.0 };
        let echo = echo_through(&mut client, &mut peers, &mut now, &packet);
        (echo.expect("the probe packet came back"), peers, epoch, now)
    }

    /// Steps `client` and `peers` until the client's data channel opens, sends
    /// `packet` on it, and returns what came back (`None` after 2000 steps).
    fn echo_through(
        client: &mut Rtc,
        peers: &mut EchoPeers,
        now: &mut Instant,
        packet: &ProbePacket,
    ) -> Option<ProbePacket> {
        for _ in 0..2000 {
            for event in step(client, peers, now) {
                match event {
                    Event::ChannelOpen(id, _) => {
                        client.channel(id).unwrap().write(true, &packet.encode()).unwrap();
                    }
                    Event::ChannelData(data) => return ProbePacket::decode(&data.data),
                    _ => {}
                }
            }
        }
        None
    }

    #[test]
    fn a_probe_packet_comes_back_stamped_with_the_server_clock() {
        let (echo, mut peers, epoch, now) = echo_one_packet(false);
        assert_eq!((echo.seq, echo.client_sent_ms), (7, 1.5));
        let stamped = now.duration_since(epoch).as_secs_f64() * 1000.0;
        assert!(echo.server_echo_ms > 0.0 && echo.server_echo_ms <= stamped, "{echo:?}");
        assert_eq!(peers.len(), 1);

        // Closing says goodbye on the wire, then forgets the peer.
        peers.close(1, now);
        assert!(peers.poll_transmit().is_some(), "DTLS close_notify / SCTP shutdown went out");
        assert!(peers.is_empty());
    }

    /// SCTP acknowledges every second DATA packet; the echo peer's SACK rides on the
    /// echo it sends anyway (the patched sctp-proto in vendor/), so a call costs one
    /// datagram per probe packet each way instead of about 1.5.
    #[test]
    fn each_echo_is_one_datagram_with_the_acknowledgement_bundled() {
        let mut now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 10, now);
        let (mut client, offer, pending) = client(now);
        let answer = peers.offer(1, offer, now).unwrap();
        client.sdp_api().accept_answer(pending, answer).unwrap();
        let opened = |events: Vec<Event>| {
            events.into_iter().find_map(|e| match e {
                Event::ChannelOpen(id, _) => Some(id),
                _ => None,
            })
        };
        let channel = (0..2000).find_map(|_| opened(step(&mut client, &mut peers, &mut now))).expect("channel open");
        for _ in 0..10 {
            step(&mut client, &mut peers, &mut now);
        }
        // A call's stream: a probe packet every 20 ms (two steps), for 2 s.
        const PACKETS: u32 = 100;
        let (mut datagrams, mut echoed) = (0, 0);
        for i in 0..PACKETS * 2 + 4 {
            if i % 2 == 0 && i / 2 < PACKETS {
                let packet = ProbePacket { seq: i / 2, client_sent_ms: 0.0, server_echo_ms: 0.0 };
                assert!(client.channel(channel).unwrap().write(true, &packet.encode()).unwrap());
            }
            let (events, sent) = step_counting(&mut client, &mut peers, &mut now);
            datagrams += sent;
            echoed += events.iter().filter(|e| matches!(e, Event::ChannelData(_))).count();
        }
        assert_eq!(echoed, PACKETS as usize, "every probe packet came back");
        // A few more for ICE consent answers (105 measured); SACKs of their own add
        // about 50 (154 measured without the bundling).
        assert!(datagrams <= PACKETS as usize * 5 / 4, "{datagrams} datagrams sent for {PACKETS} echoes");
    }

    #[test]
    fn an_offer_without_any_candidate_connects_through_the_client_s_checks() {
        let (echo, peers, _, _) = echo_one_packet(true);
        assert_eq!(echo.seq, 7, "the echo peer learnt the client's address from its checks");
        assert_eq!(peers.len(), 1);
    }

    #[test]
    fn offers_beyond_the_limit_are_refused() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 1, now);
        assert!(peers.offer(1, client(now).1, now).is_ok());
        assert_eq!(peers.offer(2, client(now).1, now).unwrap_err(), OfferError::Full);
    }

    #[test]
    fn peers_end_with_their_lifetime() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 10, now);
        peers.offer(1, client(now).1, now).unwrap();
        assert!(peers.next_timeout().is_some_and(|t| t <= now + MAX_PEER_LIFETIME));
        peers.timeout(now + MAX_PEER_LIFETIME);
        assert!(peers.is_empty());
        assert_eq!(peers.next_timeout(), None);
    }

    #[test]
    fn stale_timer_entries_are_bounded_by_the_live_peers() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 10, now);
        peers.offer(1, client(now).1, now).unwrap();
        // A peer rescheduled far ahead, again and again, leaves stale entries behind.
        for n in 0..1000 {
            peers.timers.push(Reverse((now + Duration::from_secs(3600 + n), 1)));
        }
        peers.timeout(now);
        assert!(peers.timers.len() <= 4 + 64, "{} entries for one peer", peers.timers.len());
        assert_eq!(peers.next_timeout(), Some(peers.peers[&1].due), "the live entry is kept");
    }

    #[test]
    fn datagrams_for_no_peer_are_dropped_without_answer() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 10, now);
        peers.receive(now, addr(CLIENT), b"junk");
        peers.receive(now, addr(CLIENT), &[0u8; 172]);
        assert_eq!(peers.poll_transmit(), None);
        peers.offer(1, client(now).1, now).unwrap();
        while peers.poll_transmit().is_some() {}
        // Something shaped like a STUN header from a stranger: no peer takes it.
        peers.receive(now, addr("203.0.113.9:4000"), &[0u8; 20]);
        assert_eq!(peers.poll_transmit(), None);
    }

    #[test]
    fn a_stranger_s_datagrams_are_not_offered_to_every_peer() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 100, now);
        for id in 0..50 {
            peers.offer(id, client(now).1, now).unwrap();
        }
        while peers.poll_transmit().is_some() {}
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for n in 0..2000u32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut datagram = seed.to_le_bytes().repeat(12);
            // Half of them shaped like STUN requests with a USERNAME nobody was given.
            if n % 2 == 0 {
                datagram[..8].copy_from_slice(&[0x00, 0x01, 0x00, 0x0C, 0x21, 0x12, 0xA4, 0x42]);
                datagram[20..32].copy_from_slice(b"\x00\x06\x00\x08nobody:x");
            }
            let source = SocketAddr::from(([203, 0, 113, (n % 250) as u8], 1000 + n as u16));
            peers.receive(now, source, &datagram);
        }
        assert_eq!(peers.candidates_checked, 0, "no peer was asked");
        assert_eq!(peers.poll_transmit(), None);
        assert_eq!(peers.len(), 50);
    }

    #[test]
    fn the_ufrag_is_read_from_an_ice_check_only() {
        let mut check = vec![0x00, 0x01, 0x00, 0x10, 0x21, 0x12, 0xA4, 0x42];
        check.extend_from_slice(&[7; 12]);
        check.extend_from_slice(b"\x00\x06\x00\x09abcd:wxyz\x00\x00\x00");
        assert_eq!(stun_username_ufrag(&check), Some("abcd"));
        let mut response = check.clone();
        response[0] = 0x01;
        assert_eq!(stun_username_ufrag(&response), None, "a success response");
        assert_eq!(stun_username_ufrag(&check[..30]), None, "truncated");
        let mut lying = check.clone();
        lying[23] = 0xFF;
        assert_eq!(stun_username_ufrag(&lying), None, "an attribute longer than the message");
    }

    /// CRC-32 (IEEE), as STUN's FINGERPRINT uses it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    /// The client's first datagram (an ICE check), advancing its clock as it asks.
    fn first_check(client: &mut Rtc, now: &mut Instant) -> Vec<u8> {
        for _ in 0..1000 {
            match client.poll_output().unwrap() {
                Output::Transmit(t) => return t.contents.to_vec(),
                Output::Timeout(_) => {
                    *now += Duration::from_millis(10);
                    client.handle_input(Input::Timeout(*now)).unwrap();
                }
                Output::Event(_) => {}
            }
        }
        panic!("the client sent no check");
    }

    #[test]
    fn a_peer_moves_to_the_shard_its_checks_reach_and_then_stays() {
        let epoch = Instant::now();
        let mut now = epoch;
        let mut home = EchoPeers::new(addr(SERVER), 10, epoch);
        let mut away = EchoPeers::new(addr(SERVER), 10, epoch);
        let (mut client, offer, pending) = client(now);
        let answer = home.offer(1, offer, now).unwrap();
        client.sdp_api().accept_answer(pending, answer).unwrap();
        let ufrag = home.ufrag(1).unwrap().to_string();
        while home.poll_transmit().is_some() {}

        // The check reaches the other shard, which knows nothing of it and says so.
        let check = first_check(&mut client, &mut now);
        // Someone who saw the ufrag go by, without the password, moves nothing: the
        // check with its MESSAGE-INTEGRITY changed (and FINGERPRINT made right again).
        let mut forged = check.clone();
        let fingerprint = forged.len() - 8;
        forged[fingerprint - 1] ^= 0xFF;
        let crc = crc32(&forged[..fingerprint]) ^ 0x5354_554E;
        forged[fingerprint + 4..].copy_from_slice(&crc.to_be_bytes());
        assert!(matches!(home.claim(now, &ufrag, addr(CLIENT), &forged), Claimed::Gone));
        assert_eq!(home.len(), 1);
        assert_eq!(away.receive(now, addr(CLIENT), &check), Arrival::Unknown { ufrag: ufrag.clone() });
        let Claimed::Move(migrant) = home.claim(now, &ufrag, addr(CLIENT), &check) else {
            panic!("a peer nobody reached yet moves");
        };
        assert!(home.is_empty());
        assert_eq!(home.take_gone(), vec![ufrag.clone()], "its ufrag leaves the directory's entry of this shard");
        away.adopt(migrant, now, addr(CLIENT), &check);

        // From there the call runs on the shard it moved to.
        let packet = ProbePacket { seq: 9, client_sent_ms: 1.0, server_echo_ms: 0.0 };
        let echo = echo_through(&mut client, &mut away, &mut now, &packet);
        assert_eq!(echo.map(|e| e.seq), Some(9), "the moved peer echoes");
        assert!(home.is_empty() && away.len() == 1);

        // Reached now: a check from a second address of the client's, landing on the
        // first shard, does not move it again; that shard passes the address on, and
        // the peer takes that address's datagrams when they are passed on. Its next
        // checks (consent, every few seconds) ask again without using up places.
        let second = addr("198.51.100.7:50001");
        for _ in 0..6 {
            assert!(matches!(away.claim(now, &ufrag, second, &check), Claimed::Stays));
        }
        assert_eq!(away.routes.get(&second), Some(&1), "datagrams passed on from there find the peer");
        assert!(matches!(home.claim(now, &ufrag, second, &check), Claimed::Gone));
        home.route_elsewhere(second, 1, now);
        let dtls = [23u8, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 4, 1, 2, 3, 4];
        assert_eq!(home.receive(now, second, &dtls), Arrival::Elsewhere { shard: 1 }, "passed on");
        // A check from that address still asks the directory first: the address may
        // be a past call's, reused by the next.
        assert_eq!(home.receive(now, second, &check), Arrival::Unknown { ufrag: ufrag.clone() });

        // At most four addresses per peer: the first, the second, two more; then no more.
        for port in [50002, 50003] {
            assert!(matches!(away.claim(now, &ufrag, addr(&format!("198.51.100.7:{port}")), &check), Claimed::Stays));
        }
        assert!(matches!(away.claim(now, &ufrag, addr("198.51.100.7:50004"), &check), Claimed::Gone));
        assert_eq!(away.receive(now, addr("198.51.100.8:50000"), &check), Arrival::Done, "dropped");
        assert!(away.take_gone().is_empty(), "the peer is still here");
    }

    #[test]
    fn a_peer_that_cannot_move_stays_listed_and_one_closed_on_its_way_is_closed() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 10, now);
        let (mut client, offer, pending) = client(now);
        let answer = peers.offer(1, offer, now).unwrap();
        client.sdp_api().accept_answer(pending, answer).unwrap();
        let ufrag = peers.ufrag(1).unwrap().to_string();
        let mut clock = now;
        let check = first_check(&mut client, &mut clock);
        // Taken out to move, then taken back (the other shard's queue was full).
        let Claimed::Move(migrant) = peers.claim(now, &ufrag, addr(CLIENT), &check) else { panic!("moves") };
        peers.adopt(migrant, now, addr(CLIENT), &check);
        assert_eq!(peers.len(), 1);
        assert!(peers.take_gone().is_empty(), "its directory entry stays");

        // Another call, closed while it moved to a shard that never had it: closed on
        // arrival.
        let (mut client, offer, pending) = self::client(now);
        let answer = peers.offer(2, offer, now).unwrap();
        client.sdp_api().accept_answer(pending, answer).unwrap();
        let ufrag = peers.ufrag(2).unwrap().to_string();
        let check = first_check(&mut client, &mut clock);
        let Claimed::Move(migrant) = peers.claim(now, &ufrag, addr(CLIENT), &check) else { panic!("moves") };
        let mut other = EchoPeers::new(addr(SERVER), 10, now);
        other.close(2, now);
        other.adopt(migrant, now, addr(CLIENT), &check);
        assert!(other.is_empty(), "not taken in");
        assert_eq!(other.next_timeout(), None, "no timer left for it");
    }

    #[test]
    fn a_second_offer_with_the_same_id_replaces_the_first() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 10, now);
        peers.offer(1, client(now).1, now).unwrap();
        let first = peers.ufrag(1).unwrap().to_string();
        peers.offer(1, client(now).1, now).unwrap();
        assert_eq!(peers.len(), 1);
        assert_eq!(peers.take_gone(), vec![first], "the first one's ufrag leaves the directory");
    }

    #[test]
    fn addresses_routed_elsewhere_are_bounded() {
        let now = Instant::now();
        let mut peers = EchoPeers::new(addr(SERVER), 1, now);
        for n in 0..1000u16 {
            peers.route_elsewhere(SocketAddr::from(([203, 0, 113, 1], 1000 + n)), 1, now);
        }
        assert_eq!(peers.elsewhere.len(), 4 + 16, "full: later addresses are not kept");
        // Entries older than a peer's lifetime make room.
        let later = now + MAX_PEER_LIFETIME;
        peers.route_elsewhere(addr(CLIENT), 1, later);
        assert!(peers.elsewhere.len() <= 4 + 16, "{} addresses kept for one peer", peers.elsewhere.len());
        assert!(peers.elsewhere.contains_key(&addr(CLIENT)));
    }
}
