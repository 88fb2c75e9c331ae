//! The TURN service's limits, each pinned against a real service on loopback with a
//! client written out message by message: the throttle on unauthenticated requests,
//! the bounded nonce table, strict XOR-PEER-ADDRESS decoding, allocation quotas per
//! credential and per address, permissions and channels per allocation, relayed
//! bytes per allocation and per second, and allocations ending with their credentials.

mod turn_client;

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use callready_server::turn::auth::now_unix;
use callready_server::turn::credentials;
use callready_server::turn::limits::{StreamLimits, TurnLimits};
use callready_server::turn::policy::PeerPolicy;
use callready_server::turn::throttle::Rate;
use callready_server::turn::{TurnService, TurnSettings};
use stun::attributes::{ATTR_EVEN_PORT, ATTR_XOR_PEER_ADDRESS};
use stun::error_code::{CODE_ALLOC_QUOTA_REACHED, CODE_INSUFFICIENT_CAPACITY};
use stun::message::{Setter, CLASS_SUCCESS_RESPONSE, METHOD_ALLOCATE};
use turn::proto::peeraddr::PeerAddress;
use turn::proto::reqtrans::RequestedTransport;
use turn_client::{unauthenticated_allocate, EchoPeer, RawAttribute, RawClient};

const SECRET: &[u8] = b"limits-secret";

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// Room for everything a test does not exercise.
fn roomy() -> TurnLimits {
    let plenty = Rate { per_second: 100_000, burst: 100_000 };
    TurnLimits { unauthenticated_per_address: plenty, unauthenticated_total: plenty, ..TurnLimits::default() }
}

async fn start(limits: TurnLimits, policy: PeerPolicy) -> TurnService {
    let settings = TurnSettings {
        udp: Some("127.0.0.1:0".parse().unwrap()),
        tcp: None,
        tls: None,
        public_ip: ip("127.0.0.1"),
        relay_bind_ip: ip("127.0.0.1"),
        realm: "callready".into(),
        secret: SECRET.to_vec(),
        policy,
        stream_limits: StreamLimits::default(),
        probes: Default::default(),
    };
    TurnService::start_with_limits(settings, limits).await.unwrap()
}

async fn client(turn: &TurnService, from: &str, tag: &str) -> RawClient {
    let creds = credentials::issue(SECRET, now_unix(), tag);
    RawClient::new(from, turn.udp_addr.unwrap(), &creds.username, &creds.password).await
}

/// Sends `count` unauthenticated Allocates from one socket on `from`, then counts
/// the answers that come within a moment.
async fn answers_to_unauthenticated(turn: &TurnService, from: &str, count: usize) -> usize {
    let socket = tokio::net::UdpSocket::bind((from, 0)).await.unwrap();
    for _ in 0..count {
        socket.send_to(&unauthenticated_allocate(), turn.udp_addr.unwrap()).await.unwrap();
    }
    let mut answers = 0;
    let mut buf = [0u8; 1500];
    while tokio::time::timeout(Duration::from_millis(500), socket.recv_from(&mut buf)).await.is_ok() {
        answers += 1;
    }
    answers
}

#[tokio::test]
async fn unauthenticated_requests_beyond_the_rate_are_not_answered() {
    let limits = TurnLimits {
        unauthenticated_per_address: Rate { per_second: 1, burst: 5 },
        unauthenticated_total: Rate { per_second: 1, burst: 8 },
        ..TurnLimits::default()
    };
    let turn = start(limits, PeerPolicy::default()).await;
    let first = answers_to_unauthenticated(&turn, "127.0.0.1", 40).await;
    let second = answers_to_unauthenticated(&turn, "127.0.0.2", 40).await;
    println!("401s: {first} to one address, {second} to another, of 40 each");
    assert!((5..=6).contains(&first), "one address gets its burst (and at most a second's rate): {first}");
    assert!((1..=5).contains(&second), "another address gets what is left of the service's budget: {second}");
    assert!(first + second <= 8 + 2, "the service's budget is shared: {first} + {second}");
    assert!(turn.stats().throttled >= 80 - 12);
    turn.close().await;
}

#[tokio::test]
async fn the_nonce_table_stays_within_its_cap() {
    let limits = TurnLimits { nonces_per_udp_listener: 32, ..roomy() };
    let turn = start(limits, PeerPolicy::default()).await;
    let answered = answers_to_unauthenticated(&turn, "127.0.0.1", 300).await;
    let nonces = turn.nonces().await;
    println!("{answered} unauthenticated Allocates answered; {nonces} nonces remembered");
    assert!(answered >= 250, "each is answered with a nonce: {answered}");
    assert!(nonces <= 32, "the table stays within its cap: {nonces}");
    // A client whose nonce was forgotten learns a new one.
    let mut agent = client(&turn, "127.0.0.1", "agent").await;
    assert!(agent.allocate().await.is_ok());
    turn.close().await;
}

#[tokio::test]
async fn a_peer_address_the_guard_cannot_decode_never_reaches_the_server() {
    let policy = PeerPolicy::new(vec![ip("127.0.0.1")]);
    let turn = start(roomy(), policy).await;
    let mut agent = client(&turn, "127.0.0.1", "agent").await;
    agent.allocate().await.unwrap();
    // Five bytes: the stun crate reads an IPv4 address of one byte, 127.0.0.0.
    let truncated = || -> Vec<Box<dyn Setter>> {
        vec![Box::new(RawAttribute(ATTR_XOR_PEER_ADDRESS, vec![0, 1, 0x21 ^ 0x13, 0x12 ^ 0x88, 127 ^ 0x21]))]
    };
    let answer = agent.create_permission_raw(truncated).await;
    println!("CreatePermission with a 5-byte XOR-PEER-ADDRESS answered: {:?}", answer.as_ref().map(|m| m.typ));
    assert!(answer.is_none(), "dropped, not answered: {:?}", answer.map(|m| m.typ));
    assert_eq!(turn.stats().malformed, 1);
    let well_formed = agent.create_permission(&["127.0.0.1:9".parse().unwrap()]).await;
    assert!(well_formed.is_ok(), "the same client's well-formed request still works");
    turn.close().await;
}

#[tokio::test]
async fn allocations_per_credential_and_per_address_are_capped() {
    let limits = TurnLimits { allocations_per_username: 2, allocations_per_address: 3, ..roomy() };
    let turn = start(limits, PeerPolicy::default()).await;
    let creds = credentials::issue(SECRET, now_unix(), "page");
    let server = turn.udp_addr.unwrap();
    let mut clients = Vec::new();
    for _ in 0..3 {
        clients.push(RawClient::new("127.0.0.1", server, &creds.username, &creds.password).await);
    }
    let mut outcomes = Vec::new();
    for client in &mut clients {
        outcomes.push(client.allocate().await.map(|_| ()));
    }
    println!("three allocations under one credential: {outcomes:?}");
    assert!(outcomes[0].is_ok() && outcomes[1].is_ok());
    assert_eq!(outcomes[2], Err(Some(CODE_ALLOC_QUOTA_REACHED.0)), "a third under one credential");

    let mut other = client(&turn, "127.0.0.1", "other").await;
    assert!(other.allocate().await.is_ok(), "another credential from the same address");
    let mut fourth = client(&turn, "127.0.0.1", "fourth").await;
    assert_eq!(fourth.allocate().await, Err(Some(CODE_ALLOC_QUOTA_REACHED.0)), "a fourth from one address");
    let mut elsewhere = client(&turn, "127.0.0.2", "fourth").await;
    assert!(elsewhere.allocate().await.is_ok(), "the same credential from another address");
    assert_eq!(turn.allocations().await, 4);
    assert_eq!(turn.stats().over_quota, 2);
    turn.close().await;
}

#[tokio::test]
async fn an_even_port_allocation_is_made_and_counted_once() {
    // coturn's client asks for EVEN-PORT (with the next port reserved) for RTP; the
    // server opens sockets until one has an even port.
    let limits = TurnLimits { allocations_per_username: 1, ..roomy() };
    let turn = start(limits, PeerPolicy::default()).await;
    let creds = credentials::issue(SECRET, now_unix(), "rtp");
    let server = turn.udp_addr.unwrap();
    let mut rtp = RawClient::new("127.0.0.1", server, &creds.username, &creds.password).await;
    let even_port = || -> Vec<Box<dyn Setter>> {
        vec![
            Box::new(RequestedTransport { protocol: turn::proto::PROTO_UDP }),
            Box::new(RawAttribute(ATTR_EVEN_PORT, vec![0x80])),
        ]
    };
    let answer = rtp.request(METHOD_ALLOCATE, even_port).await.expect("an answer");
    assert_eq!(answer.typ.class, CLASS_SUCCESS_RESPONSE, "error {:?}", turn_client::error_code(&answer));
    assert_eq!(turn.allocations().await, 1);
    let mut second = RawClient::new("127.0.0.1", server, &creds.username, &creds.password).await;
    assert_eq!(second.allocate().await, Err(Some(CODE_ALLOC_QUOTA_REACHED.0)), "the probing sockets did not count");
    turn.close().await;
}

#[tokio::test]
async fn permissions_and_channels_per_allocation_are_capped() {
    let limits = TurnLimits { permissions_per_allocation: 2, channels_per_allocation: 2, ..roomy() };
    let turn = start(limits, PeerPolicy::new(vec![ip("127.0.0.2"), ip("127.0.0.3"), ip("127.0.0.4")])).await;
    let mut agent = client(&turn, "127.0.0.1", "agent").await;
    agent.allocate().await.unwrap();
    let peer = |host: &str, port: u16| SocketAddr::new(ip(host), port);
    assert!(agent.create_permission(&[peer("127.0.0.2", 9)]).await.is_ok());
    assert!(agent.create_permission(&[peer("127.0.0.3", 9)]).await.is_ok());
    assert!(agent.create_permission(&[peer("127.0.0.2", 10)]).await.is_ok(), "a refresh is not a new peer");
    let third = agent.create_permission(&[peer("127.0.0.4", 9)]).await;
    assert_eq!(third, Err(Some(CODE_INSUFFICIENT_CAPACITY.0)), "a third peer address");

    assert!(agent.channel_bind(0x4000, peer("127.0.0.2", 1000)).await.is_ok());
    assert!(agent.channel_bind(0x4001, peer("127.0.0.2", 1001)).await.is_ok());
    assert!(agent.channel_bind(0x4000, peer("127.0.0.2", 1000)).await.is_ok(), "a refresh is not a new channel");
    let third = agent.channel_bind(0x4002, peer("127.0.0.2", 1002)).await;
    assert_eq!(third, Err(Some(CODE_INSUFFICIENT_CAPACITY.0)), "a third channel");
    turn.close().await;
}

#[tokio::test]
async fn an_allocation_stops_relaying_past_its_byte_budget() {
    let limits = TurnLimits { relayed_bytes_per_allocation: 10_000, ..roomy() };
    let turn = start(limits, PeerPolicy::new(vec![ip("127.0.0.1")])).await;
    let peer = EchoPeer::start(true).await;
    let mut agent = client(&turn, "127.0.0.1", "agent").await;
    agent.allocate().await.unwrap();
    agent.create_permission(&[peer.addr]).await.unwrap();
    let mut echoed = 0;
    for _ in 0..10 {
        agent.send(peer.addr, &[7u8; 1000]).await;
        if agent.receive(Duration::from_millis(500)).await.is_some() {
            echoed += 1;
        }
    }
    println!("1000-byte round trips through a 10,000-byte budget: {echoed} of 10; the peer got {}", peer.received());
    assert_eq!(echoed, 5, "each round trip relays 2000 bytes");
    assert_eq!(peer.received(), 5, "nothing is sent on past the budget");
    assert_eq!(turn.stats().relayed_bytes, 10_000, "both ways of each relayed round trip count, nothing past it");
    turn.close().await;
}

#[tokio::test]
async fn relayed_bytes_per_second_are_capped_for_the_whole_service() {
    let limits = TurnLimits { relayed_total: Rate { per_second: 10_000, burst: 10_000 }, ..roomy() };
    let turn = start(limits, PeerPolicy::new(vec![ip("127.0.0.1")])).await;
    let peer = EchoPeer::start(false).await;
    let mut agents = Vec::new();
    for tag in ["one", "two"] {
        let mut agent = client(&turn, "127.0.0.1", tag).await;
        agent.allocate().await.unwrap();
        agent.create_permission(&[peer.addr]).await.unwrap();
        agents.push(agent);
    }
    let started = Instant::now();
    for _ in 0..50 {
        for agent in &agents {
            agent.send(peer.addr, &[7u8; 1000]).await;
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let elapsed = started.elapsed().as_secs_f64();
    let allowed = (10.0 + 10.0 * elapsed).ceil() as u64 + 1;
    println!("100 packets of 1000 bytes in {elapsed:.2} s: {} relayed, {allowed} allowed", peer.received());
    assert!(peer.received() >= 8, "the budget is used: {}", peer.received());
    assert!(peer.received() <= allowed, "{} relayed, at most {allowed} allowed", peer.received());
    turn.close().await;
}

#[tokio::test]
async fn an_allocation_ends_when_its_credentials_expire() {
    let turn = start(roomy(), PeerPolicy::default()).await;
    let username = format!("{}:short", now_unix() + 2);
    let password = credentials::password_for(SECRET, &username);
    let mut agent = RawClient::new("127.0.0.1", turn.udp_addr.unwrap(), &username, &password).await;
    agent.allocate().await.unwrap();
    assert_eq!(turn.allocations().await, 1, "allocated for the default ten minutes");
    let deadline = Instant::now() + Duration::from_secs(10);
    while turn.allocations().await > 0 {
        assert!(Instant::now() < deadline, "the allocation outlived its credentials");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    turn.close().await;
}

#[tokio::test]
async fn the_throttle_leaves_authenticated_requests_alone() {
    let limits = TurnLimits {
        unauthenticated_per_address: Rate { per_second: 1, burst: 4 },
        unauthenticated_total: Rate { per_second: 1, burst: 4 },
        ..TurnLimits::default()
    };
    let turn = start(limits, PeerPolicy::new(vec![ip("127.0.0.1")])).await;
    let mut agent = client(&turn, "127.0.0.1", "agent").await;
    agent.allocate().await.unwrap();
    answers_to_unauthenticated(&turn, "127.0.0.1", 20).await;
    let peer: SocketAddr = "127.0.0.1:9".parse().unwrap();
    for _ in 0..10 {
        let answer = agent.create_permission_raw(|| vec![Box::new(PeerAddress { ip: peer.ip(), port: 9 })]).await;
        assert_eq!(
            answer.map(|m| m.typ.class),
            Some(CLASS_SUCCESS_RESPONSE),
            "an authenticated request while throttled"
        );
    }
    turn.close().await;
}
