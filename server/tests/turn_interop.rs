//! Our TURN server against software nobody here wrote: coturn's `turnutils_uclient`
//! allocates, creates permissions and relays to `turnutils_peer`, over UDP, TCP and TLS.
//! Relay safety: the same client asking to relay to a forbidden address gets 403.
//! Stream limits: TCP connections beyond the per-address cap, or silent ones, are closed.

use std::net::{IpAddr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use callready_server::turn::credentials;
use callready_server::turn::limits::StreamLimits;
use callready_server::turn::policy::PeerPolicy;
use callready_server::turn::{TurnService, TurnSettings};

const SECRET: &[u8] = b"interop-secret";

fn loopback() -> IpAddr {
    "127.0.0.1".parse().unwrap()
}

async fn start_turn(policy: PeerPolicy) -> TurnService {
    start_turn_with(policy, StreamLimits::default()).await
}

async fn start_turn_with(policy: PeerPolicy, stream_limits: StreamLimits) -> TurnService {
    TurnService::start(TurnSettings {
        udp: Some(SocketAddr::new(loopback(), 0)),
        tcp: Some(SocketAddr::new(loopback(), 0)),
        tls: Some((
            SocketAddr::new(loopback(), 0),
            callready_server::tls::self_signed(vec!["localhost".into()]).unwrap(),
        )),
        public_ip: loopback(),
        relay_bind_ip: loopback(),
        realm: "callready".into(),
        secret: SECRET.to_vec(),
        policy,
        stream_limits,
        probes: Default::default(),
    })
    .await
    .unwrap()
}

struct Peer(Child, u16);

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts coturn's echo peer and returns once it echoes a datagram.
fn start_peer() -> Peer {
    let port = std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new("turnutils_peer")
        .args(["-L", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("turnutils_peer (Debian package coturn) is installed by `cargo xtask test`");
    let peer = Peer(child, port);
    let probe = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    probe.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let mut buf = [0u8; 16];
    for _ in 0..200 {
        probe.send_to(b"ready?", ("127.0.0.1", port)).unwrap();
        if probe.recv_from(&mut buf).is_ok_and(|(n, _)| &buf[..n] == b"ready?") {
            return peer;
        }
    }
    panic!("turnutils_peer never echoed on port {port}");
}

/// Runs the coturn client; returns its exit success and its output.
async fn uclient(turn_port: u16, peer: &str, peer_port: u16, transport: &str) -> (bool, String) {
    let creds = credentials::issue(SECRET, callready_server::turn::auth::now_unix(), "uclient");
    let mut args = vec![
        "-u".to_string(),
        creds.username,
        "-w".into(),
        creds.password,
        "-e".into(),
        peer.into(),
        "-r".into(),
        peer_port.to_string(),
        "-p".into(),
        turn_port.to_string(),
        "-n".into(),
        "20".into(),
        "-l".into(),
        "172".into(),
        "-c".into(),
    ];
    match transport {
        "TCP" => args.push("-t".into()),
        "TLS" => args.extend(["-t".to_string(), "-S".to_string()]),
        _ => {}
    }
    args.push("127.0.0.1".into());
    let output = tokio::time::timeout(
        Duration::from_secs(60),
        tokio::process::Command::new("turnutils_uclient").args(&args).output(),
    )
    .await
    .expect("turnutils_uclient finished")
    .expect("turnutils_uclient runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

fn received_messages(output: &str) -> u64 {
    // The last figure is the total; earlier lines are progress reports.
    output
        .rsplit("tot_recv_msgs=")
        .next()
        .filter(|_| output.contains("tot_recv_msgs="))
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn coturn_client_relays_through_us_over_udp_tcp_and_tls() {
    let turn = start_turn(PeerPolicy::new(vec![loopback()])).await;
    let peer = start_peer();
    let listeners = [
        ("UDP", turn.udp_addr.unwrap().port()),
        ("TCP", turn.tcp_addr.unwrap().port()),
        ("TLS", turn.tls_addr.unwrap().port()),
    ];
    for (transport, port) in listeners {
        let (ok, output) = uclient(port, "127.0.0.1", peer.1, transport).await;
        let received = received_messages(&output);
        println!("turnutils_uclient over {transport}: tot_recv_msgs={received}");
        assert!(ok, "uclient failed over {transport}:\n{output}");
        assert_eq!(received, 20, "every relayed message came back:\n{output}");
    }
    turn.close().await;
}

#[tokio::test]
async fn coturn_client_is_refused_relaying_to_loopback_with_403() {
    let turn = start_turn(PeerPolicy::default()).await;
    let peer = start_peer();
    let (ok, output) = uclient(turn.udp_addr.unwrap().port(), "127.0.0.1", peer.1, "UDP").await;
    println!("refused: exit ok={ok}, 403 in output: {}", output.contains("403"));
    assert!(!ok, "the client must fail:\n{output}");
    assert!(output.contains("403"), "coturn's client reports our 403:\n{output}");
    assert_eq!(received_messages(&output), 0);
    assert!(turn.refused_permissions() >= 1);
    turn.close().await;
}

/// Reads until the server closes the connection; false if it is still open after
/// `within` (a hang guard, not a timing check).
async fn closed_by_server(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 256];
    let read = async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(within, read).await.is_ok()
}

#[tokio::test]
async fn tcp_connections_beyond_the_per_address_cap_are_closed() {
    let limits = StreamLimits { max_per_address: 2, ..StreamLimits::default() };
    let turn = start_turn_with(PeerPolicy::default(), limits).await;
    let addr = turn.tcp_addr.unwrap();
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(tokio::net::TcpStream::connect(addr).await.unwrap());
    }
    let mut third = tokio::net::TcpStream::connect(addr).await.unwrap();
    assert!(closed_by_server(&mut third, Duration::from_secs(10)).await, "the third connection is closed");
    for stream in &mut held {
        assert!(!closed_by_server(stream, Duration::from_millis(300)).await, "the first two stay open");
    }
    drop(held);
    // Their slots come back once the server has seen them close.
    let mut again = None;
    for _ in 0..100 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        if !closed_by_server(&mut stream, Duration::from_millis(100)).await {
            again = Some(stream);
            break;
        }
    }
    assert!(again.is_some(), "freed slots are reused");
    turn.close().await;
}

#[tokio::test]
async fn silent_tcp_and_tls_connections_are_closed() {
    let limits = StreamLimits { first_message: Duration::from_millis(200), ..StreamLimits::default() };
    let turn = start_turn_with(PeerPolicy::default(), limits).await;
    for addr in [turn.tcp_addr.unwrap(), turn.tls_addr.unwrap()] {
        let mut silent = tokio::net::TcpStream::connect(addr).await.unwrap();
        assert!(closed_by_server(&mut silent, Duration::from_secs(30)).await, "{addr}: a silent client is cut");
    }
    turn.close().await;
}
