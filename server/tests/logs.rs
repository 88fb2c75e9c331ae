//! Nothing a client sends may put its full address into a log line, at any level:
//! the server runs with every line enabled (TRACE) while a client on known ports
//! sends the echo peer and the TURN listeners junk, unauthenticated and forged
//! requests; the captured log must not hold any of those ports' `address:port`.

use std::io::Write;
use std::net::{SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use callready_server::RunningServer;
use stun::attributes::{ATTR_NONCE, ATTR_REALM, ATTR_USERNAME, ATTR_XOR_PEER_ADDRESS};
use stun::integrity::MessageIntegrity;
use stun::message::{Message, MessageType, Setter, CLASS_REQUEST, METHOD_ALLOCATE, METHOD_CREATE_PERMISSION};
use stun::textattrs::TextAttribute;
use stun::xoraddr::XorMappedAddress;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn stun_request(method: stun::message::Method, signed_with: Option<&str>) -> Vec<u8> {
    let mut m = Message::new();
    let setters: Vec<Box<dyn Setter>> = vec![
        Box::new(stun::agent::TransactionId::new()),
        Box::new(MessageType::new(method, CLASS_REQUEST)),
        Box::new(TextAttribute::new(ATTR_USERNAME, "4102444800:forger".into())),
        Box::new(TextAttribute::new(ATTR_REALM, "callready".into())),
        Box::new(TextAttribute::new(ATTR_NONCE, "made-up".into())),
    ];
    m.build(&setters).unwrap();
    XorMappedAddress { ip: "10.0.0.1".parse().unwrap(), port: 22 }.add_to_as(&mut m, ATTR_XOR_PEER_ADDRESS).unwrap();
    if let Some(password) = signed_with {
        MessageIntegrity::new_long_term_integrity("4102444800:forger".into(), "callready".into(), password.into())
            .add_to(&mut m)
            .unwrap();
    }
    m.raw
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_addresses_never_reach_the_log_at_any_level() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::registry()
        .with(tracing_subscriber::fmt::layer().with_ansi(false).with_writer(move || writer.clone()))
        .with(callready_server::logging::targets(LevelFilter::TRACE))
        .init();

    let dir = tempfile::tempdir().unwrap();
    let echo_port = UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let echo = SocketAddr::from(([127, 0, 0, 1], echo_port));
    let server = RunningServer::start_for_tests(dir.path(), |c| c.rtc_udp = echo).await.unwrap();
    let turn_service = server.state.turn.clone().expect("TURN runs");
    let turn = |key: &str| match key {
        "udp" => turn_service.udp_addr.unwrap(),
        "tcp" => turn_service.tcp_addr.unwrap(),
        _ => turn_service.tls_addr.unwrap(),
    };

    let mut client_ports = Vec::new();
    let client = UdpSocket::bind("127.0.0.1:0").unwrap();
    client.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
    client_ports.push(client.local_addr().unwrap().port());
    let binding = {
        let mut m = Message::new();
        m.build(&[
            Box::new(stun::agent::TransactionId::new()) as Box<dyn Setter>,
            Box::new(stun::message::BINDING_REQUEST),
        ])
        .unwrap();
        m.raw
    };
    for datagram in [b"junk".to_vec(), binding.clone(), vec![0x80; 172]] {
        client.send_to(&datagram, ("127.0.0.1", echo_port)).unwrap();
    }
    let mut answer = [0u8; 1500];
    for datagram in [
        binding,
        stun_request(METHOD_ALLOCATE, None),
        stun_request(METHOD_CREATE_PERMISSION, None),
        stun_request(METHOD_CREATE_PERMISSION, Some("guessed")),
        b"junk".to_vec(),
    ] {
        client.send_to(&datagram, turn("udp")).unwrap();
        let _ = client.recv_from(&mut answer);
    }
    for listener in ["tcp", "tls"] {
        let mut stream = std::net::TcpStream::connect(turn(listener)).unwrap();
        client_ports.push(stream.local_addr().unwrap().port());
        let _ = stream.write_all(&stun_request(METHOD_ALLOCATE, None));
        let _ = stream.write_all(b"\xffjunk that breaks the framing");
        stream.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = std::io::Read::read(&mut stream, &mut answer);
    }
    // The echo peer handles datagrams on its own task: let it catch up.
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.stop().await.unwrap();

    let log = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(log.contains("echo peer datagram"), "the echo peer logged at trace, so the test saw its lines:\n{log}");
    for port in client_ports {
        for shown in [format!("127.0.0.1:{port}"), format!("127.0.0.1 port={port}"), format!(":{port} ")] {
            assert!(!log.contains(&shown), "a client address ({shown}) reached the log:\n{log}");
        }
    }
}
