//! One TURN server on one listener (the UDP socket, or one TCP or TLS connection):
//! the turn crate's own request handling (`Request`, `Manager`) driven by our read
//! loop instead of the crate's `Server`, so that
//!
//! - every packet passes the guard, the throttle and the quotas first;
//! - the nonce table is bounded: the crate's `Server` adds a nonce for every 401 and
//!   forgets one only when it is presented after its hour is up, so it grows for as
//!   long as the server runs;
//! - an allocation ends when its credentials expire;
//! - a panic while handling a packet restarts the loop, allocations and nonces
//!   intact, instead of leaving the listener deaf until the process restarts.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use stun::error_code::{CODE_ALLOC_QUOTA_REACHED, CODE_FORBIDDEN, CODE_INSUFFICIENT_CAPACITY};
use stun::message::{METHOD_ALLOCATE, METHOD_CHANNEL_BIND, METHOD_CREATE_PERMISSION};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use turn::allocation::allocation_manager::{Manager, ManagerConfig};
use turn::allocation::five_tuple::FiveTuple;
use turn::server::request::Request;
use webrtc_util::Conn;

use super::auth::{now_unix, RestAuth};
use super::guard::{self, Dropped, Inspection, TurnRequest};
use super::limits::TurnLimits;
use super::policy::PeerPolicy;
use super::quota::{Ledger, Usage, CHANNEL_LIFETIME};
use super::relay::{Expected, PolicedRelays, RelayRate};
use super::throttle::Throttle;

/// Largest packet read, as the turn crate's own server reads.
const INBOUND_MTU: usize = 1500;
/// The turn crate refuses a nonce this old as stale (its `NONCE_LIFETIME`), so
/// forgetting it then changes nothing a client sees.
pub const NONCE_LIFETIME: Duration = Duration::from_secs(3600);
/// How often nonces past their lifetime are looked for.
const NONCE_SWEEP: Duration = Duration::from_secs(60);
/// Pause before restarting a read loop that panicked, so that a packet that panics
/// it every time cannot make it spin.
const RESTART_PAUSE: Duration = Duration::from_millis(50);

/// Service-wide counts of what the guard and the quotas did.
#[derive(Debug, Default)]
pub struct Counters {
    pub refused_permissions: AtomicU64,
    pub throttled: AtomicU64,
    pub malformed: AtomicU64,
    pub over_quota: AtomicU64,
    pub restarts: AtomicU64,
    /// Bytes the relay sockets carried, both ways; each socket holds a handle.
    pub relayed_bytes: Arc<AtomicU64>,
}

/// What every listener's server shares.
pub struct Shared {
    pub secret: Vec<u8>,
    pub realm: String,
    pub policy: PeerPolicy,
    pub public_ip: IpAddr,
    pub relay_bind_ip: IpAddr,
    pub limits: TurnLimits,
    pub auth: Arc<RestAuth>,
    pub throttle: Mutex<Throttle>,
    pub ledger: Ledger,
    pub relay_rate: RelayRate,
    pub counters: Counters,
}

type Nonces = Arc<tokio::sync::Mutex<HashMap<String, Instant>>>;

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Forgets the nonces past [`NONCE_LIFETIME`]; then, if more than `cap` are left,
/// the oldest, down to three quarters of `cap` (a client presenting one gets a 438
/// and a new nonce).
pub fn purge_nonces(nonces: &mut HashMap<String, Instant>, now: Instant, cap: usize) {
    nonces.retain(|_, issued| now.saturating_duration_since(*issued) < NONCE_LIFETIME);
    if nonces.len() <= cap {
        return;
    }
    let mut by_age: Vec<(Instant, String)> = nonces.iter().map(|(nonce, issued)| (*issued, nonce.clone())).collect();
    by_age.sort_unstable();
    let surplus = by_age.len() - (cap - cap / 4);
    for (_, nonce) in by_age.into_iter().take(surplus) {
        nonces.remove(&nonce);
    }
}

/// What becomes of a request.
enum Verdict {
    Pass,
    /// An Allocate within the quotas, with its place in the ledger.
    Allocate(Arc<Usage>),
    Answer(Vec<u8>),
    Drop,
}

/// The state a read loop works on; it outlives a loop that panicked.
struct Listener {
    conn: Arc<dyn Conn + Send + Sync>,
    shared: Arc<Shared>,
    manager: Arc<Manager>,
    nonces: Nonces,
    nonce_cap: usize,
    last_sweep: Mutex<Instant>,
    expected: Expected,
    /// Each client's allocation on this listener, as long as it lives.
    allocations: Mutex<HashMap<SocketAddr, Weak<Usage>>>,
}

/// A running TURN server; see the module documentation.
pub struct TurnServer {
    manager: Arc<Manager>,
    nonces: Nonces,
    stop: watch::Sender<bool>,
    supervisor: tokio::sync::Mutex<Option<JoinHandle<()>>>,
}

impl TurnServer {
    /// Serves `conn` until it fails or [`TurnServer::close`]; `nonce_cap` bounds
    /// the nonce table.
    pub fn start(conn: Arc<dyn Conn + Send + Sync>, shared: Arc<Shared>, nonce_cap: usize) -> TurnServer {
        let expected = Expected::default();
        let relays = PolicedRelays {
            public_ip: shared.public_ip,
            bind_ip: shared.relay_bind_ip,
            policy: shared.policy.clone(),
            expected: expected.clone(),
            rate: shared.relay_rate.clone(),
            relayed: shared.counters.relayed_bytes.clone(),
        };
        let manager =
            Arc::new(Manager::new(ManagerConfig { relay_addr_generator: Box::new(relays), alloc_close_notify: None }));
        let listener = Arc::new(Listener {
            conn,
            shared,
            manager: manager.clone(),
            nonces: Nonces::default(),
            nonce_cap,
            last_sweep: Mutex::new(Instant::now()),
            expected,
            allocations: Mutex::default(),
        });
        let nonces = listener.nonces.clone();
        let (stop, stopped) = watch::channel(false);
        let supervisor = tokio::spawn(supervise(listener, stopped));
        TurnServer { manager, nonces, stop, supervisor: tokio::sync::Mutex::new(Some(supervisor)) }
    }

    pub async fn allocations(&self) -> usize {
        self.manager.get_allocations_info(None).await.len()
    }

    /// Nonces remembered now.
    pub async fn nonces(&self) -> usize {
        self.nonces.lock().await.len()
    }

    /// Stops serving, closes every allocation, and returns once that is done.
    pub async fn close(&self) {
        let _ = self.stop.send(true);
        if let Some(supervisor) = self.supervisor.lock().await.take() {
            let _ = supervisor.await;
        }
    }
}

/// Runs the read loop, again after each panic, until the connection fails or the
/// server is stopped; then closes its allocations.
async fn supervise(listener: Arc<Listener>, stopped: watch::Receiver<bool>) {
    loop {
        match tokio::spawn(read_loop(listener.clone(), stopped.clone())).await {
            Err(err) if err.is_panic() => {
                let restarts = listener.shared.counters.restarts.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::error!(restarts, "the TURN read loop panicked; restarting it");
                tokio::time::sleep(RESTART_PAUSE).await;
            }
            _ => break,
        }
    }
    let _ = listener.manager.close().await;
    let _ = listener.conn.close().await;
}

async fn read_loop(listener: Arc<Listener>, mut stopped: watch::Receiver<bool>) {
    let mut buf = vec![0u8; INBOUND_MTU];
    loop {
        let (n, src) = tokio::select! {
            received = listener.conn.recv_from(&mut buf) => match received {
                Ok(received) => received,
                Err(err) => {
                    tracing::debug!(%err, "a TURN listener stopped reading");
                    return;
                }
            },
            _ = stopped.wait_for(|stop| *stop) => return,
        };
        listener.handle(&buf[..n], src).await;
    }
}

impl Listener {
    async fn handle(&self, packet: &[u8], src: SocketAddr) {
        let now = Instant::now();
        let verdict = match guard::inspect(packet, &self.shared.secret, now_unix()) {
            Inspection::Drop(Dropped::NotTurn) => Verdict::Drop,
            Inspection::Drop(Dropped::MalformedPeerAddress) => {
                self.shared.counters.malformed.fetch_add(1, Ordering::Relaxed);
                Verdict::Drop
            }
            Inspection::Data => Verdict::Pass,
            Inspection::Request(request) => {
                let authenticated = match (&request.signed, &request.nonce) {
                    (Some(_), Some(nonce)) => self.nonce_is_fresh(nonce, now).await,
                    _ => false,
                };
                let verdict = self.screen(&request, authenticated, src, now);
                self.purge_nonces(now).await;
                verdict
            }
        };
        match verdict {
            Verdict::Drop => {}
            Verdict::Answer(answer) => {
                let _ = self.conn.send_to(&answer, src).await;
            }
            Verdict::Pass => self.pass(packet, src).await,
            Verdict::Allocate(usage) => {
                *lock(&self.expected) = Some(usage.clone());
                self.pass(packet, src).await;
                lock(&self.expected).take();
                // The relay socket holds the other reference if the allocation was made.
                if Arc::strong_count(&usage) > 1 {
                    self.allocated(src, &usage);
                }
            }
        }
    }

    async fn nonce_is_fresh(&self, nonce: &str, now: Instant) -> bool {
        let nonces = self.nonces.lock().await;
        nonces.get(nonce).is_some_and(|issued| now.saturating_duration_since(*issued) < NONCE_LIFETIME)
    }

    /// Decides what becomes of a request; `authenticated` when it is signed and
    /// its nonce is one this server issued and still honours.
    fn screen(&self, request: &TurnRequest, authenticated: bool, src: SocketAddr, now: Instant) -> Verdict {
        let counters = &self.shared.counters;
        let answer = |bytes: Option<Vec<u8>>| bytes.map_or(Verdict::Drop, Verdict::Answer);
        if !authenticated {
            if lock(&self.shared.throttle).admit(src.ip(), now.into_std()) {
                return Verdict::Pass;
            }
            counters.throttled.fetch_add(1, Ordering::Relaxed);
            return Verdict::Drop;
        }
        if request.names_forbidden_peer(&self.shared.policy) {
            counters.refused_permissions.fetch_add(1, Ordering::Relaxed);
            tracing::info!("refused an authenticated TURN permission to a peer outside the relay policy");
            return answer(request.signed_error(CODE_FORBIDDEN, "Forbidden IP"));
        }
        match request.method {
            METHOD_CREATE_PERMISSION | METHOD_CHANNEL_BIND => {
                let Some(usage) = lock(&self.allocations).get(&src).and_then(Weak::upgrade) else {
                    return Verdict::Pass;
                };
                let ips: Vec<IpAddr> = request.peers.iter().map(|peer| peer.ip()).collect();
                let channel = request.channel.filter(|_| request.method == METHOD_CHANNEL_BIND);
                if usage.admit_peers(&ips, channel, now.into_std()) {
                    return Verdict::Pass;
                }
                counters.over_quota.fetch_add(1, Ordering::Relaxed);
                answer(request.signed_error(CODE_INSUFFICIENT_CAPACITY, "Too Many Peers"))
            }
            METHOD_ALLOCATE => {
                let Some(signed) = &request.signed else { return Verdict::Drop };
                match self.shared.ledger.try_reserve(&signed.username, src.ip(), signed.expiry_unix) {
                    Some(usage) => Verdict::Allocate(usage),
                    None => {
                        counters.over_quota.fetch_add(1, Ordering::Relaxed);
                        answer(request.signed_error(CODE_ALLOC_QUOTA_REACHED, "Allocation Quota Reached"))
                    }
                }
            }
            _ => Verdict::Pass,
        }
    }

    /// Hands the packet to the turn crate, which answers or relays it.
    async fn pass(&self, packet: &[u8], src: SocketAddr) {
        let mut request = Request {
            conn: self.conn.clone(),
            src_addr: src,
            buff: packet.to_vec(),
            allocation_manager: self.manager.clone(),
            nonces: self.nonces.clone(),
            auth_handler: self.shared.auth.clone(),
            realm: self.shared.realm.clone(),
            channel_bind_timeout: CHANNEL_LIFETIME,
        };
        if let Err(err) = request.handle_request().await {
            // Clients cause these at will (a packet for no allocation, say).
            tracing::debug!(%err, "the TURN server did not act on a packet");
        }
    }

    /// Remembers a new allocation, and ends it when its credentials expire.
    fn allocated(&self, src: SocketAddr, usage: &Arc<Usage>) {
        {
            let mut allocations = lock(&self.allocations);
            allocations.retain(|_, usage| usage.strong_count() > 0);
            allocations.insert(src, Arc::downgrade(usage));
        }
        let Ok(local) = self.conn.local_addr() else { return };
        // The turn crate marks every allocation UDP, whatever the client's transport.
        let five_tuple = FiveTuple { protocol: turn::proto::PROTO_UDP, src_addr: src, dst_addr: local };
        // Credentials are valid through their expiry second.
        let left = Duration::from_secs(usage.expiry_unix.saturating_sub(now_unix()) + 1);
        let (usage, manager) = (Arc::downgrade(usage), Arc::downgrade(&self.manager));
        tokio::spawn(async move {
            tokio::time::sleep(left).await;
            if let (Some(_), Some(manager)) = (usage.upgrade(), manager.upgrade()) {
                manager.delete_allocation(&five_tuple).await;
            }
        });
    }

    async fn purge_nonces(&self, now: Instant) {
        let sweep = {
            let mut last = lock(&self.last_sweep);
            let due = now.saturating_duration_since(*last) >= NONCE_SWEEP;
            if due {
                *last = now;
            }
            due
        };
        let mut nonces = self.nonces.lock().await;
        if sweep || nonces.len() > self.nonce_cap {
            purge_nonces(&mut nonces, now, self.nonce_cap);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use async_trait::async_trait;
    use stun::message::{Message, BINDING_REQUEST};
    use tokio::sync::mpsc;

    use super::*;
    use crate::turn::throttle::Rate;

    #[test]
    fn nonces_past_their_hour_are_forgotten() {
        let now = Instant::now() + NONCE_LIFETIME * 2;
        let mut nonces: HashMap<String, Instant> = HashMap::new();
        nonces.insert("old".into(), now - NONCE_LIFETIME);
        nonces.insert("fresh".into(), now - NONCE_LIFETIME + Duration::from_secs(1));
        purge_nonces(&mut nonces, now, 10);
        assert_eq!(nonces.keys().collect::<Vec<_>>(), vec!["fresh"]);
    }

    #[test]
    fn past_the_cap_the_oldest_nonces_go_first() {
        let t0 = Instant::now();
        let mut nonces: HashMap<String, Instant> =
            (0..9u64).map(|i| (format!("n{i}"), t0 + Duration::from_millis(i))).collect();
        purge_nonces(&mut nonces, t0 + Duration::from_secs(1), 8);
        let mut left: Vec<&String> = nonces.keys().collect();
        left.sort();
        assert_eq!(left, ["n3", "n4", "n5", "n6", "n7", "n8"], "down to three quarters of the cap, newest kept");
        purge_nonces(&mut nonces, t0 + Duration::from_secs(1), 8);
        assert_eq!(nonces.len(), 6, "under the cap nothing more goes");
    }

    /// A listener that panics on its first read, then delivers `inbound` packets and
    /// reports what the server sends.
    struct PanickyConn {
        panicked: AtomicBool,
        inbound: tokio::sync::Mutex<mpsc::Receiver<Vec<u8>>>,
        outbound: mpsc::Sender<Vec<u8>>,
    }

    fn client() -> SocketAddr {
        "192.0.2.1:5000".parse().unwrap()
    }

    #[async_trait]
    impl Conn for PanickyConn {
        async fn connect(&self, _: SocketAddr) -> webrtc_util::Result<()> {
            Ok(())
        }
        async fn recv(&self, _: &mut [u8]) -> webrtc_util::Result<usize> {
            Ok(0)
        }
        async fn recv_from(&self, buf: &mut [u8]) -> webrtc_util::Result<(usize, SocketAddr)> {
            if !self.panicked.swap(true, Ordering::SeqCst) {
                panic!("a bug in handling a packet");
            }
            let packet = self.inbound.lock().await.recv().await.ok_or(webrtc_util::Error::ErrAlreadyClosed)?;
            buf[..packet.len()].copy_from_slice(&packet);
            Ok((packet.len(), client()))
        }
        async fn send(&self, _: &[u8]) -> webrtc_util::Result<usize> {
            Ok(0)
        }
        async fn send_to(&self, buf: &[u8], _: SocketAddr) -> webrtc_util::Result<usize> {
            let _ = self.outbound.send(buf.to_vec()).await;
            Ok(buf.len())
        }
        fn local_addr(&self) -> webrtc_util::Result<SocketAddr> {
            Ok("192.0.2.9:3478".parse().unwrap())
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

    pub(crate) fn shared(limits: TurnLimits) -> Arc<Shared> {
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        Arc::new(Shared {
            secret: b"secret".to_vec(),
            realm: "r".into(),
            policy: PeerPolicy::default(),
            public_ip: loopback,
            relay_bind_ip: loopback,
            limits,
            auth: Arc::new(RestAuth { secret: b"secret".to_vec(), probes: Default::default() }),
            throttle: Mutex::new(Throttle::new(
                limits.unauthenticated_per_address,
                limits.unauthenticated_total,
                std::time::Instant::now(),
            )),
            ledger: Ledger::new(limits),
            relay_rate: RelayRate::new(Rate { per_second: 1, burst: 1 }),
            counters: Counters::default(),
        })
    }

    #[tokio::test]
    async fn a_panic_in_the_read_loop_restarts_it() {
        let (to_server, inbound) = mpsc::channel(4);
        let (outbound, mut from_server) = mpsc::channel(4);
        let conn =
            PanickyConn { panicked: AtomicBool::new(false), inbound: tokio::sync::Mutex::new(inbound), outbound };
        let shared = shared(TurnLimits::default());
        let server = TurnServer::start(Arc::new(conn), shared.clone(), 16);
        let mut binding = Message::new();
        binding.build(&[Box::new(stun::agent::TransactionId::new()), Box::new(BINDING_REQUEST)]).unwrap();
        to_server.send(binding.raw.clone()).await.unwrap();
        let answer = tokio::time::timeout(Duration::from_secs(10), from_server.recv()).await;
        assert!(answer.expect("the restarted loop answers").is_some());
        assert_eq!(shared.counters.restarts.load(Ordering::Relaxed), 1);
        server.close().await;
    }
}
