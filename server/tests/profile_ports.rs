//! The ports a requirement profile's checks probe, on the real server: a TCP port
//! that answers in plain HTTP and in TLS on the same socket, a sampled UDP port
//! that records a page's TURN probe under its token, a port that cannot be bound
//! (the server starts and logs it once), and the agent page's
//! Content-Security-Policy, which names exactly its profile's ports and addresses.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::Duration;

use callready_common::api::{ClientConfig, ProbeHeard};
use callready_server::platform::ProfilePorts;
use callready_server::RunningServer;
use serde_json::{json, Value};
use stun::attributes::ATTR_USERNAME;
use stun::error_code::{ErrorCodeAttribute, CODE_FORBIDDEN, CODE_UNAUTHORIZED};
use stun::message::{Getter, Message, MessageType, Setter, CLASS_REQUEST, METHOD_ALLOCATE};
use stun::textattrs::TextAttribute;
use tokio_rustls::rustls;

mod support;

fn free_tcp_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn free_udp_port() -> u16 {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A profile `lab` with one TCP port, a one-port UDP range and two web addresses.
fn write_profile(dir: &Path, tcp: u16, udp: u16) {
    let profiles = dir.join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    std::fs::write(
        profiles.join("lab.toml"),
        format!(
            "id = \"lab\"\nname = \"Lab\"\ndescription = \"A lab platform.\"\n\n\
             [[tcp_ports]]\nport = {tcp}\npurpose = \"Signalling\"\ntls = true\n\n\
             [[udp_ranges]]\nfrom = {udp}\nto = {udp}\npurpose = \"Media\"\n\n\
             [[domains]]\nurl = \"https://licence.vendor.test/check\"\npurpose = \"Licences\"\n\n\
             [[domains]]\nurl = \"https://updates.vendor.test:8443/\"\npurpose = \"Updates\"\n"
        ),
    )
    .unwrap();
}

/// A certificate for `localhost`, written as the operator's PEM files.
fn write_certificate(dir: &Path) -> rustls::pki_types::CertificateDer<'static> {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    std::fs::write(dir.join("cert.pem"), certified.cert.pem()).unwrap();
    std::fs::write(dir.join("key.pem"), certified.signing_key.serialize_pem()).unwrap();
    certified.cert.der().clone()
}

async fn lab_server(dir: &Path, tcp: u16, udp: u16) -> RunningServer {
    write_profile(dir, tcp, udp);
    write_certificate(dir);
    RunningServer::start_for_tests(dir, |c| {
        c.profiles = Some(dir.join("profiles"));
        c.profile_ports = ProfilePorts::Only(vec!["lab".into()]);
        c.tls_cert = Some(dir.join("cert.pem"));
        c.tls_key = Some(dir.join("key.pem"));
    })
    .await
    .unwrap()
}

async fn http_ping(stream: impl tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin) -> String {
    support::status_line(stream, "GET /api/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").await
}

#[tokio::test]
async fn a_profile_tcp_port_answers_plain_http_and_tls_on_one_socket() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_tcp_port();
    let server = lab_server(dir.path(), port, free_udp_port()).await;
    let config: ClientConfig = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();
    let plan = config.platform.expect("the lab profile's ports are offered");
    assert_eq!(plan.tcp_ports, vec![port]);
    assert!(!plan.self_signed, "the operator's certificate is used");

    let plain = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    assert_eq!(http_ping(plain).await, "HTTP/1.1 204 No Content");

    let tls = support::tls_to_localhost(port, write_certificate_der(dir.path())).await;
    assert_eq!(http_ping(tls).await, "HTTP/1.1 204 No Content");
}

/// The certificate the lab server was started with, read back from its PEM file.
fn write_certificate_der(dir: &Path) -> rustls::pki_types::CertificateDer<'static> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::from_pem_file(dir.join("cert.pem")).unwrap()
}

fn allocate(username: Option<&str>) -> Vec<u8> {
    let mut m = Message::new();
    let mut setters: Vec<Box<dyn Setter>> = vec![
        Box::new(stun::agent::TransactionId::new()),
        Box::new(MessageType::new(METHOD_ALLOCATE, CLASS_REQUEST)),
        // REQUESTED-TRANSPORT: UDP, as browsers send it.
        Box::new(stun::attributes::RawAttribute {
            typ: stun::attributes::ATTR_REQUESTED_TRANSPORT,
            length: 4,
            value: vec![17, 0, 0, 0],
        }),
    ];
    if let Some(name) = username {
        setters.push(Box::new(TextAttribute::new(ATTR_USERNAME, name.into())));
    }
    m.build(&setters).unwrap();
    m.raw
}

async fn error_code_of(socket: &tokio::net::UdpSocket, request: &[u8]) -> u16 {
    socket.send(request).await.unwrap();
    let mut buf = [0u8; 1500];
    let len = tokio::time::timeout(Duration::from_secs(5), socket.recv(&mut buf)).await.expect("an answer").unwrap();
    let mut m = Message::new();
    m.raw = buf[..len].to_vec();
    m.decode().unwrap();
    let mut code = ErrorCodeAttribute::default();
    code.get_from(&m).unwrap();
    code.code.0
}

#[tokio::test]
async fn a_sampled_udp_port_confirms_a_page_s_probe_under_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let udp = free_udp_port();
    let server = lab_server(dir.path(), free_tcp_port(), udp).await;
    let config: ClientConfig = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();
    let plan = config.platform.unwrap();
    assert_eq!(plan.udp_ports, vec![udp]);
    assert_eq!(plan.udp_token.len(), 32);
    let heard = |token: String| {
        let url = server.url(&format!("/api/probe/{token}"));
        async move { reqwest::get(url).await.unwrap() }
    };
    let before: ProbeHeard = heard(plan.udp_token.clone()).await.json().await.unwrap();
    assert!(before.ports.is_empty());

    // What a browser does with `turn:host:port` and the token as user name.
    let socket = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    socket.connect(("127.0.0.1", udp)).await.unwrap();
    assert_eq!(error_code_of(&socket, &allocate(None)).await, CODE_UNAUTHORIZED.0);
    assert_eq!(error_code_of(&socket, &allocate(Some(&plan.udp_token))).await, CODE_FORBIDDEN.0);
    let after: ProbeHeard = heard(plan.udp_token.clone()).await.json().await.unwrap();
    assert_eq!(after.ports, vec![udp]);

    // Another page's token heard nothing; made-up tokens are refused with JSON errors.
    let other: ClientConfig = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();
    let other: ProbeHeard = heard(other.platform.unwrap().udp_token).await.json().await.unwrap();
    assert!(other.ports.is_empty());
    let unknown = heard("0".repeat(32)).await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.json::<Value>().await.unwrap()["error"]["code"], "token_not_found");
    let bad = heard("not-a-token".into()).await;
    assert_eq!(bad.status(), 400);
    assert_eq!(bad.json::<Value>().await.unwrap()["error"]["code"], "invalid_token");
}

#[tokio::test]
async fn without_profile_ports_the_page_is_told_nothing_is_offered() {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    let config: ClientConfig = reqwest::get(server.url("/api/config")).await.unwrap().json().await.unwrap();
    assert_eq!(config.platform, None);
}

fn connect_sources(csp: &str) -> Vec<String> {
    let directive = csp.split(';').map(str::trim).find(|d| d.starts_with("connect-src")).unwrap();
    directive.split_whitespace().skip(1).map(str::to_string).collect()
}

#[tokio::test]
async fn an_agent_page_may_connect_to_exactly_its_profile_s_ports_and_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_tcp_port();
    let server = lab_server(dir.path(), port, free_udp_port()).await;
    let client = reqwest::Client::new();
    let mut codes = Vec::new();
    for profile in [json!("lab"), Value::Null] {
        let created: Value = client
            .post(server.url("/api/sessions"))
            .json(&json!({ "profile": profile }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        codes.push(created["code"].as_str().unwrap().to_string());
    }
    let csp_of = |code: &str| {
        let request = client.get(server.url(&format!("/t/{code}"))).header("host", format!("callready.test:{port}"));
        async move {
            let answer = request.send().await.unwrap();
            answer.headers()["content-security-policy"].to_str().unwrap().to_string()
        }
    };
    let lab = connect_sources(&csp_of(&codes[0]).await);
    let mut expected = vec!["'self'".to_string()];
    for scheme in ["http", "https", "ws", "wss"] {
        expected.push(format!("{scheme}://callready.test:{port}"));
    }
    expected.extend(["https://licence.vendor.test".to_string(), "https://updates.vendor.test:8443".to_string()]);
    assert_eq!(lab, expected);
    assert_eq!(connect_sources(&csp_of(&codes[1]).await), vec!["'self'"], "the default profile names nothing");
    let elsewhere = client.get(server.url("/")).send().await.unwrap();
    let csp = elsewhere.headers()["content-security-policy"].to_str().unwrap();
    assert_eq!(connect_sources(csp), vec!["'self'"]);
    assert!(!csp.contains('*'), "{csp}");
}

/// The real binary: a profile port something else holds is logged once, naming the
/// port and the profile, and the server serves anyway.
#[test]
fn a_taken_profile_port_is_logged_once_and_the_server_starts() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    write_profile(dir.path(), port, free_udp_port());
    let any = "127.0.0.1:0";
    let db = dir.path().join("callready.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_callready"))
        .args(["--db", db.to_str().unwrap(), "--listen", any, "--rtc-udp", any, "--turn-udp", any])
        .args([
            "--turn-tcp",
            any,
            "--turn-tls",
            any,
            "--profile-ports",
            "lab",
            "--nat-probe-udp",
            "127.0.0.1:0,127.0.0.1:0",
        ])
        .arg("--profiles")
        .arg(dir.path().join("profiles"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut lines = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(30)) {
        let serving = line.contains("CallReady listening on");
        lines.push(line);
        if serving {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let log = lines.join("\n");
    assert!(log.contains("CallReady listening on"), "the server starts: {log}");
    let warned: Vec<&String> = lines.iter().filter(|l| l.contains(&format!("profile port TCP {port}"))).collect();
    assert_eq!(warned.len(), 1, "{log}");
    assert!(warned[0].contains("(lab) is not offered: something else listens there"), "{log}");
    drop(taken);
}
