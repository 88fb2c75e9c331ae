//! Garbage at every STUN/TURN listener of a running server (TURN over UDP, TCP and
//! TLS, and the NAT probe's ports): random bytes, STUN-shaped messages with lying
//! lengths and attributes, real requests truncated or with bytes flipped, and
//! ChannelData, as datagrams and as TCP and TLS frames, from a deterministic
//! generator. Meanwhile three real allocations (the turn crate's own client, over
//! UDP, TCP and TLS) relay to an echo peer after every round, and nothing in the
//! process may panic.

mod turn_client;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use callready_server::turn::auth::now_unix;
use callready_server::turn::credentials;
use callready_server::turn::stream::StreamConn;
use callready_server::RunningServer;
use stun::attributes::{ATTR_NONCE, ATTR_REALM, ATTR_USERNAME};
use stun::fingerprint::FINGERPRINT;
use stun::integrity::MessageIntegrity;
use stun::message::{
    Setter, CLASS_INDICATION, CLASS_REQUEST, METHOD_ALLOCATE, METHOD_BINDING, METHOD_CHANNEL_BIND,
    METHOD_CREATE_PERMISSION, METHOD_REFRESH, METHOD_SEND,
};
use stun::textattrs::TextAttribute;
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpStream, UdpSocket};
use tokio_rustls::rustls;
use turn::proto::channum::ChannelNumber;
use turn::proto::data::Data;
use turn::proto::lifetime::Lifetime;
use turn::proto::peeraddr::PeerAddress;
use turn::proto::reqtrans::RequestedTransport;
use turn_client::{message, EchoPeer, RawAttribute, RawClient};
use webrtc_util::Conn;

const SECRET: &str = "abuse-secret";
const ROUNDS: usize = 60;

/// xorshift64*: small, deterministic, good enough to make garbage.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    /// Fewer than `max` random bytes.
    fn some_bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max);
        self.bytes(n)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Message types a TURN server meets: requests, indications, and responses that
/// a client has no business sending.
const TYPES: [u16; 10] = [0x0001, 0x0003, 0x0004, 0x0008, 0x0009, 0x0016, 0x0017, 0x0103, 0x0113, 0x0111];
/// Attribute types the stun and turn crates parse, and one nobody knows.
const ATTRIBUTES: [u16; 20] = [
    0x0006, 0x0008, 0x0009, 0x000C, 0x000D, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A,
    0x0020, 0x0022, 0x0024, 0x8022, 0x8028, 0x7777,
];

/// A STUN header and attributes whose lengths, cookie and values may all lie.
fn stun_shaped(rng: &mut Rng) -> Vec<u8> {
    let mut body = Vec::new();
    for _ in 0..rng.below(8) {
        let length = if rng.chance(80) { rng.below(24) } else { rng.below(400) };
        let declared = if rng.chance(85) { length } else { rng.below(0x1_0000) };
        body.extend_from_slice(&rng.pick(&ATTRIBUTES).to_be_bytes());
        body.extend_from_slice(&(declared as u16).to_be_bytes());
        body.extend(rng.bytes(length));
        if rng.chance(80) {
            body.resize(body.len().div_ceil(4) * 4, 0);
        }
    }
    let typ = if rng.chance(85) { *rng.pick(&TYPES) } else { rng.next() as u16 & 0x3fff };
    let length = if rng.chance(85) { body.len() } else { rng.below(0x1_0000) };
    let cookie = if rng.chance(90) { 0x2112_A442u32 } else { rng.next() as u32 };
    let mut packet = Vec::new();
    packet.extend_from_slice(&typ.to_be_bytes());
    packet.extend_from_slice(&(length as u16).to_be_bytes());
    packet.extend_from_slice(&cookie.to_be_bytes());
    packet.extend(rng.bytes(12));
    packet.extend(body);
    packet
}

/// ChannelData whose length may lie.
fn channel_data(rng: &mut Rng) -> Vec<u8> {
    let payload = rng.some_bytes(300);
    let declared = if rng.chance(70) { payload.len() } else { rng.below(0x1_0000) };
    let number = 0x4000 | (rng.next() as u16 & 0x3fff);
    [&number.to_be_bytes()[..], &(declared as u16).to_be_bytes(), &payload].concat()
}

/// Real requests, signed with real credentials (but a nonce the server never gave).
fn templates() -> Vec<Vec<u8>> {
    let creds = credentials::issue(SECRET.as_bytes(), now_unix(), "garbage");
    let peer = || Box::new(PeerAddress { ip: "127.0.0.1".parse().unwrap(), port: 9 });
    let signed = |method, mut attributes: Vec<Box<dyn Setter>>| {
        attributes.push(Box::new(TextAttribute::new(ATTR_USERNAME, creds.username.clone())));
        attributes.push(Box::new(TextAttribute::new(ATTR_REALM, "callready".into())));
        attributes.push(Box::new(TextAttribute::new(ATTR_NONCE, "0123456789abcdef".into())));
        attributes.push(Box::new(MessageIntegrity::new_long_term_integrity(
            creds.username.clone(),
            "callready".into(),
            creds.password.clone(),
        )));
        attributes.push(Box::new(FINGERPRINT));
        message(method, CLASS_REQUEST, attributes).raw
    };
    let transport = || Box::new(RequestedTransport { protocol: turn::proto::PROTO_UDP });
    vec![
        message(METHOD_BINDING, CLASS_REQUEST, Vec::new()).raw,
        message(METHOD_ALLOCATE, CLASS_REQUEST, vec![transport()]).raw,
        signed(METHOD_ALLOCATE, vec![transport(), Box::new(Lifetime(Duration::from_secs(3000)))]),
        signed(METHOD_REFRESH, vec![Box::new(Lifetime(Duration::ZERO))]),
        signed(METHOD_CREATE_PERMISSION, vec![peer()]),
        signed(METHOD_CHANNEL_BIND, vec![Box::new(ChannelNumber(0x4001)), peer()]),
        message(METHOD_SEND, CLASS_INDICATION, vec![peer(), Box::new(Data(vec![1; 40]))]).raw,
    ]
}

/// A real request cut short, or with a few bytes flipped, or both.
fn mangled(rng: &mut Rng, templates: &[Vec<u8>]) -> Vec<u8> {
    let mut packet = rng.pick(templates).clone();
    if rng.chance(60) {
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(packet.len());
            packet[at] ^= 1 << rng.below(8);
        }
    }
    if rng.chance(60) {
        packet.truncate(rng.below(packet.len() + 1));
    }
    packet
}

fn garbage(rng: &mut Rng, templates: &[Vec<u8>]) -> Vec<u8> {
    match rng.below(4) {
        0 => rng.some_bytes(1500),
        1 => stun_shaped(rng),
        2 => mangled(rng, templates),
        _ => channel_data(rng),
    }
}

/// Attribute values of the right size for their type, mostly, with random
/// content; peers are often the one the relay policy allows.
fn signed_attributes(rng: &mut Rng) -> Vec<Box<dyn Setter>> {
    const SIZED: [(u16, usize); 9] = [
        (0x000C, 4),  // CHANNEL-NUMBER
        (0x000D, 4),  // LIFETIME
        (0x0012, 8),  // XOR-PEER-ADDRESS
        (0x0013, 40), // DATA
        (0x0017, 4),  // REQUESTED-ADDRESS-FAMILY
        (0x0018, 1),  // EVEN-PORT
        (0x0019, 4),  // REQUESTED-TRANSPORT
        (0x001A, 0),  // DONT-FRAGMENT
        (0x0022, 8),  // RESERVATION-TOKEN
    ];
    let mut attributes: Vec<Box<dyn Setter>> = Vec::new();
    for _ in 0..rng.below(5) {
        if rng.chance(25) {
            let port = rng.next() as u16;
            attributes.push(Box::new(PeerAddress { ip: "127.0.0.1".parse().unwrap(), port }));
            continue;
        }
        let (typ, size) = *rng.pick(&SIZED);
        let size = if rng.chance(80) { size } else { rng.below(24) };
        let mut value = rng.bytes(size);
        if typ == 0x0012 && size >= 2 && rng.chance(70) {
            value[..2].copy_from_slice(&[0, 1 + rng.below(2) as u8]);
        }
        attributes.push(Box::new(RawAttribute(stun::attributes::AttrType(typ), value)));
    }
    attributes
}

/// Datagrams from a few loopback addresses, so that the throttle's per-address and
/// service-wide budgets both see traffic.
async fn udp_garbage(rng: &mut Rng, templates: &[Vec<u8>], to: SocketAddr, count: usize) {
    let from = format!("127.0.0.{}", 1 + rng.below(4));
    let socket = UdpSocket::bind((from.as_str(), 0)).await.unwrap();
    for _ in 0..count {
        let _ = socket.send_to(&garbage(rng, templates), to).await;
    }
}

/// Frames as a stream client writes them, some garbage, the last maybe cut short;
/// then the client goes away.
async fn stream_garbage(rng: &mut Rng, templates: &[Vec<u8>], mut stream: impl AsyncWrite + Unpin) {
    for _ in 0..1 + rng.below(5) {
        let mut frame = garbage(rng, templates);
        if rng.chance(20) {
            frame.truncate(rng.below(frame.len() + 1));
        }
        if stream.write_all(&frame).await.is_err() {
            return;
        }
    }
    let _ = stream.shutdown().await;
}

/// Trusts any certificate: the garbage needs a TLS session, not an authenticated one.
#[derive(Debug)]
struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &rustls::pki_types::ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

async fn tls_to(addr: SocketAddr) -> tokio_rustls::client::TlsStream<TcpStream> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        .with_no_client_auth();
    let tcp = TcpStream::connect(addr).await.unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await.expect("a TLS handshake")
}

/// A real allocation made by the turn crate's client, relaying to `peer`.
struct Relay {
    what: &'static str,
    _client: turn::client::Client,
    conn: Box<dyn Conn + Send + Sync>,
    peer: SocketAddr,
}

impl Relay {
    async fn over(
        what: &'static str,
        conn: Arc<dyn Conn + Send + Sync>,
        server: SocketAddr,
        peer: SocketAddr,
    ) -> Relay {
        let creds = credentials::issue(SECRET.as_bytes(), now_unix(), what);
        let client = turn::client::Client::new(turn::client::ClientConfig {
            stun_serv_addr: server.to_string(),
            turn_serv_addr: server.to_string(),
            username: creds.username,
            password: creds.password,
            realm: String::new(),
            software: String::new(),
            rto_in_ms: 0,
            conn,
            vnet: None,
        })
        .await
        .unwrap();
        client.listen().await.unwrap();
        let conn = client.allocate().await.unwrap_or_else(|e| panic!("an allocation over {what}: {e}"));
        Relay { what, _client: client, conn: Box::new(conn), peer }
    }

    async fn over_stream<S>(
        what: &'static str,
        stream: S,
        local: SocketAddr,
        server: SocketAddr,
        peer: SocketAddr,
    ) -> Relay
    where
        S: tokio::io::AsyncRead + AsyncWrite + Send + Sync + 'static,
    {
        let hour = Duration::from_secs(3600);
        let conn = StreamConn::new(stream, local, server, hour, hour);
        Relay::over(what, Arc::new(conn), server, peer).await
    }

    /// Sends `payload` through the relay until the peer's echo comes back (three tries).
    async fn echoes(&self, payload: &[u8]) -> bool {
        let mut buf = vec![0u8; 2048];
        for _ in 0..3 {
            self.conn.send_to(payload, self.peer).await.unwrap();
            let echo = async {
                loop {
                    match self.conn.recv_from(&mut buf).await {
                        Ok((n, _)) if &buf[..n] == payload => return true,
                        Ok(_) => continue,
                        Err(_) => return false,
                    }
                }
            };
            if tokio::time::timeout(Duration::from_secs(1), echo).await == Ok(true) {
                return true;
            }
        }
        false
    }
}

/// Does `port` on loopback answer a STUN Binding request?
async fn answers_binding(port: u16) -> bool {
    // An address the garbage never came from, so its throttle budget is whole.
    let socket = UdpSocket::bind("127.0.0.9:0").await.unwrap();
    let request = message(METHOD_BINDING, CLASS_REQUEST, Vec::new()).raw;
    socket.send_to(&request, ("127.0.0.1", port)).await.unwrap();
    let mut buf = [0u8; 1500];
    tokio::time::timeout(Duration::from_secs(2), socket.recv_from(&mut buf)).await.is_ok()
}

static PANICS: AtomicU64 = AtomicU64::new(0);

/// The port of the page's ICE server URL that starts with `scheme` and ends with
/// `transport` (`turns:host:5349?transport=tcp`).
fn port_of(config: &serde_json::Value, scheme: &str, transport: &str) -> u16 {
    let urls = config["iceServers"].as_array().into_iter().flatten().flat_map(|s| s["urls"].as_array()).flatten();
    let url = urls
        .filter_map(|url| url.as_str())
        .find(|url| url.starts_with(&format!("{scheme}:")) && url.ends_with(&format!("?transport={transport}")))
        .unwrap_or_else(|| panic!("a {scheme} URL over {transport} in {config}"));
    let host_port = url.trim_start_matches(&format!("{scheme}:")).split('?').next().unwrap();
    host_port.rsplit(':').next().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_at_every_listener_leaves_real_allocations_relaying() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICS.fetch_add(1, Ordering::SeqCst);
        previous(info);
    }));
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |config| {
        config.turn_secret = Some(SECRET.into());
        config.turn_allow_peers = vec!["127.0.0.1".parse().unwrap()];
    })
    .await
    .unwrap();
    let config: serde_json::Value = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();
    let on_loopback = |port| SocketAddr::from(([127, 0, 0, 1], port));
    let udp = on_loopback(port_of(&config, "turn", "udp"));
    let tcp = on_loopback(port_of(&config, "turn", "tcp"));
    let tls = on_loopback(port_of(&config, "turns", "tcp"));
    let nat_ports: Vec<u16> = config["nat_probe"]["ports"]
        .as_array()
        .map(|ports| ports.iter().filter_map(|p| p.as_u64()).map(|p| p as u16).collect())
        .unwrap_or_default();
    assert_eq!(nat_ports.len(), 2, "the NAT probe's ports are offered: {config}");

    let peer = EchoPeer::start(true).await;
    let udp_socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let tcp_stream = TcpStream::connect(tcp).await.unwrap();
    let tcp_local = tcp_stream.local_addr().unwrap();
    let tls_stream = tls_to(tls).await;
    let tls_local = tls_stream.get_ref().0.local_addr().unwrap();
    let relays = [
        Relay::over("UDP", Arc::new(udp_socket), udp, peer.addr).await,
        Relay::over_stream("TCP", tcp_stream, tcp_local, tcp, peer.addr).await,
        Relay::over_stream("TLS", tls_stream, tls_local, tls, peer.addr).await,
    ];
    for relay in &relays {
        assert!(relay.echoes(b"before").await, "{} relays before the garbage", relay.what);
    }

    // A client with a real nonce, whose requests get past authentication and into
    // the TURN server's handling of each method and attribute.
    let creds = credentials::issue(SECRET.as_bytes(), now_unix(), "signed-garbage");
    let mut signed = RawClient::new("127.0.0.5", udp, &creds.username, &creds.password).await;
    assert!(signed.allocate().await.is_ok());
    let methods = [METHOD_ALLOCATE, METHOD_REFRESH, METHOD_CREATE_PERMISSION, METHOD_CHANNEL_BIND, METHOD_BINDING];

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let templates = templates();
    for round in 0..ROUNDS {
        for _ in 0..30 {
            let method = *rng.pick(&methods);
            signed.send_signed(method, signed_attributes(&mut rng)).await;
        }
        udp_garbage(&mut rng, &templates, udp, 200).await;
        for port in &nat_ports {
            udp_garbage(&mut rng, &templates, SocketAddr::new(udp.ip(), *port), 50).await;
        }
        for _ in 0..4 {
            stream_garbage(&mut rng, &templates, TcpStream::connect(tcp).await.unwrap()).await;
        }
        stream_garbage(&mut rng, &templates, TcpStream::connect(tls).await.unwrap()).await;
        for _ in 0..2 {
            stream_garbage(&mut rng, &templates, tls_to(tls).await).await;
        }
        for relay in &relays {
            let payload = format!("round {round} over {}", relay.what);
            assert!(relay.echoes(payload.as_bytes()).await, "{} still relays after round {round}", relay.what);
        }
    }

    assert!(answers_binding(udp.port()).await, "TURN over UDP still answers");
    for port in &nat_ports {
        assert!(answers_binding(*port).await, "NAT probe port {port} still answers");
    }
    println!("{ROUNDS} rounds of garbage; every relay still echoes");
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "nothing panicked");
}
