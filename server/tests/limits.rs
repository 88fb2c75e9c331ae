//! Abuse limits, each against the endpoint it guards: request rates per address
//! (429, `Retry-After`, a JSON error), bandwidth transfers (a token, at once, bytes),
//! WebSockets (origin, at once, message rate, frame size) and HTTP connections
//! (header deadline, connection cap). Each test fails without its limit.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Request, StatusCode};
use callready_common::api::ClientConfig;
use callready_server::anon::Anonymiser;
use callready_server::limits::{LimitSettings, Limits, DEFAULT};
use callready_server::path::ClientConn;
use callready_server::store::Store;
use callready_server::{app, AppState, RunningServer};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tower::ServiceExt;

/// One state, reached from two client addresses.
struct Fixture {
    state: AppState,
    _dir: tempfile::TempDir,
}

async fn fixture(settings: LimitSettings) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::for_tests(&dir.path().join("callready.db")).await.unwrap();
    let anonymiser = Anonymiser::load_or_create(&dir.path().join("callready.key")).unwrap();
    let mut state = AppState::without_media(store, anonymiser, ClientConfig::default());
    state.limits = Arc::new(Limits::new(settings));
    Fixture { state, _dir: dir }
}

impl Fixture {
    async fn send_from(&self, client: [u8; 4], request: Request<Body>) -> axum::response::Response {
        let conn = ClientConn::from_addr(SocketAddr::from((client, 40000)));
        app(self.state.clone()).layer(MockConnectInfo(conn)).oneshot(request).await.unwrap()
    }

    async fn request(&self, client: [u8; 4], method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(path).header("host", "callready.test");
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let body = body.map(|b| Body::from(b.to_string())).unwrap_or_default();
        let response = self.send_from(client, request.body(body).unwrap()).await;
        let status = response.status();
        let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let mut json: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if let Some(retry_after) = retry_after {
            json["retry_after_header"] = json!(retry_after);
        }
        (status, json)
    }

    async fn token(&self, client: [u8; 4]) -> String {
        let (_, config) = self.request(client, "GET", "/api/config", None).await;
        config["probe_token"].as_str().unwrap().to_string()
    }
}

const OFFICE: [u8; 4] = [198, 51, 100, 7];
const ELSEWHERE: [u8; 4] = [203, 0, 113, 9];

/// Every rate-limited endpoint answers its quota, then 429 with `Retry-After` and
/// a JSON error, while another address is served.
#[tokio::test]
async fn each_limited_endpoint_refuses_an_address_past_its_rate_and_serves_others() {
    let two = LimitSettings {
        sessions_per_minute: 2,
        runs_per_minute: 2,
        configs_per_minute: 2,
        logins_per_minute: 2,
        reads_per_minute: 2,
        ..DEFAULT
    };
    let f = fixture(two).await;
    let (_, created) = f.request(ELSEWHERE, "POST", "/api/sessions", Some(json!({}))).await;
    let code = created["code"].as_str().unwrap().to_string();
    let run = |n: u32| {
        json!({"client_run_id": format!("run-limit-{n:06}"), "results": {
            "duration_ms": 1.0,
            "browser": {"ua": {"family": "chrome", "major": 150, "os": "linux"}, "has_rtc_peer_connection": true,
                        "has_get_user_media": true, "has_websocket": true, "device_memory_gb": 8.0,
                        "hardware_concurrency": 2},
            "https": {"rtt_ms": [1.0], "attempts": 1, "failure": null},
            "websocket": {"connect_ms": 1.0, "echo_rtt_ms": [1.0], "failure": null,
                          "sip": {"rtt_ms": 1.0, "status": 200, "failure": null}}}})
    };
    let token = f.token(ELSEWHERE).await;
    let login = json!({"name": "nobody", "password": "not the password"});
    let endpoints: Vec<(&str, String, Option<Value>)> = vec![
        ("POST", "/api/sessions".into(), Some(json!({}))),
        ("POST", format!("/api/sessions/{code}/runs"), None),
        ("GET", "/api/config".into(), None),
        ("POST", "/api/login".into(), Some(login)),
        ("GET", "/api/whoami".into(), None),
        ("GET", "/api/me".into(), None),
        ("GET", format!("/api/probe/{token}"), None),
    ];
    let mut n = 0;
    for (method, path, body) in endpoints {
        let reads_share_a_quota = path.starts_with("/api/me") || path.starts_with("/api/probe");
        let allowed = if reads_share_a_quota { 0 } else { 2 };
        for _ in 0..allowed {
            n += 1;
            let body = if path.ends_with("/runs") { Some(run(n)) } else { body.clone() };
            let (status, answer) = f.request(OFFICE, method, &path, body).await;
            assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "{method} {path}: within the quota: {answer}");
        }
        n += 1;
        let body_now = if path.ends_with("/runs") { Some(run(n)) } else { body.clone() };
        let (status, answer) = f.request(OFFICE, method, &path, body_now).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{method} {path}: {answer}");
        assert_eq!(answer["error"]["code"], "rate_limited", "{method} {path}");
        let wait: u64 = answer["retry_after_header"].as_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{method} {path}: Retry-After {wait}");

        n += 1;
        let body_now = if path.ends_with("/runs") { Some(run(n)) } else { body.clone() };
        let (status, answer) = f.request([192, 0, 2, n as u8], method, &path, body_now).await;
        assert_ne!(status, StatusCode::TOO_MANY_REQUESTS, "{method} {path}: another address: {answer}");
    }
}

#[tokio::test]
async fn transfers_from_one_address_are_limited_at_once() {
    let f = fixture(LimitSettings { transfers_per_address: 2, ..DEFAULT }).await;
    let token = f.token(OFFICE).await;
    let download = || Request::get(format!("/api/download?bytes=1000000&token={token}")).body(Body::empty()).unwrap();
    // Two downloads in progress (their bodies unread) hold both places.
    let first = f.send_from(OFFICE, download()).await;
    let second = f.send_from(OFFICE, download()).await;
    assert_eq!((first.status(), second.status()), (StatusCode::OK, StatusCode::OK));
    let third = f.send_from(OFFICE, download()).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
    let upload = Request::post(format!("/api/upload?token={token}")).body(Body::from(vec![1u8; 1000])).unwrap();
    assert_eq!(f.send_from(OFFICE, upload).await.status(), StatusCode::TOO_MANY_REQUESTS, "uploads count too");
    assert_eq!(f.send_from(ELSEWHERE, download()).await.status(), StatusCode::OK, "another address");
    // A finished (or dropped) transfer gives its place back.
    let body = axum::body::to_bytes(first.into_body(), usize::MAX).await.unwrap();
    assert_eq!(body.len(), 1_000_000);
    assert_eq!(f.send_from(OFFICE, download()).await.status(), StatusCode::OK);
    drop(second);
}

#[tokio::test]
async fn an_address_s_transfer_bytes_per_minute_are_bounded() {
    let f = fixture(LimitSettings { transfer_mib_per_minute: 1, ..DEFAULT }).await;
    let token = f.token(OFFICE).await;
    let download = || Request::get(format!("/api/download?bytes=3000000&token={token}")).body(Body::empty()).unwrap();
    let cut = f.send_from(OFFICE, download()).await;
    assert_eq!(cut.status(), StatusCode::OK, "it starts");
    let read = axum::body::to_bytes(cut.into_body(), usize::MAX).await;
    assert!(read.is_err(), "3 MB at 1 MiB a minute is cut short");
    let next = f.send_from(OFFICE, download()).await;
    assert_eq!(next.status(), StatusCode::TOO_MANY_REQUESTS, "the minute's bytes are spent");
    let elsewhere = f.send_from(ELSEWHERE, download()).await;
    assert_eq!(elsewhere.status(), StatusCode::OK);
    assert_eq!(f.state.limits.transfers_cut.load(std::sync::atomic::Ordering::Relaxed), 1);
}

async fn server(settings: LimitSettings) -> (RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |c| c.limits = settings).await.unwrap();
    (server, dir)
}

fn ws_request(
    server: &RunningServer,
    path: &str,
    origin: Option<&str>,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut request = format!("ws://{}{path}", server.addr).into_client_request().unwrap();
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    request
}

#[tokio::test]
async fn another_site_s_page_cannot_open_our_websockets() {
    let (server, _dir) = server(DEFAULT).await;
    let ours = format!("http://{}", server.addr);
    for path in ["/ws/echo", "/ws/rtc"] {
        let refused = tokio_tungstenite::connect_async(ws_request(&server, path, Some("https://evil.example"))).await;
        match refused {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}")
            }
            other => panic!("{path}: a foreign origin is refused, got {:?}", other.map(|_| "a socket")),
        }
        let (mut ws, _) = tokio_tungstenite::connect_async(ws_request(&server, path, Some(&ours))).await.unwrap();
        ws.close(None).await.unwrap();
    }
}

#[tokio::test]
async fn one_address_holds_a_few_websockets_at_once() {
    let (server, _dir) = server(LimitSettings { websockets_per_address: 2, ..DEFAULT }).await;
    let open = |path: &'static str| tokio_tungstenite::connect_async(ws_request(&server, path, None));
    let (first, _) = open("/ws/echo").await.unwrap();
    let (_second, _) = open("/ws/rtc").await.unwrap();
    match open("/ws/echo").await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS)
        }
        other => panic!("a third socket is refused, got {:?}", other.map(|_| "a socket")),
    }
    drop(first);
    // The server notices the closed socket and frees its place.
    let mut reopened = false;
    for _ in 0..50 {
        if open("/ws/echo").await.is_ok() {
            reopened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reopened, "a closed socket's place is given back");
}

#[tokio::test]
async fn a_websocket_that_sends_too_fast_is_closed_with_the_reason() {
    let (server, _dir) = server(LimitSettings { ws_messages_per_second: 5, ..DEFAULT }).await;
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_request(&server, "/ws/echo", None)).await.unwrap();
    for i in 0..20 {
        if ws.send(Message::text(format!("flood {i}"))).await.is_err() {
            break;
        }
    }
    let mut echoed = 0;
    let close = loop {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await.expect("the server answers") {
            Some(Ok(Message::Text(_))) => echoed += 1,
            Some(Ok(Message::Close(frame))) => break frame,
            other => panic!("expected echoes then a close frame, got {other:?}"),
        }
    };
    let frame = close.expect("a close frame with a reason");
    assert_eq!(u16::from(frame.code), 1008);
    assert!(frame.reason.contains("too many messages"), "{}", frame.reason);
    assert_eq!(echoed, 5, "the second's quota was echoed");
}

/// Reads until the peer closes or `wait` passes: true when it closed (EOF or reset).
async fn closed_within(socket: &mut tokio::net::TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, socket.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

/// A frame header that claims 1 MiB is refused at once (64 KiB frames), not waited
/// for with 16 MiB reserved.
#[tokio::test]
async fn the_signalling_socket_refuses_a_large_frame_at_its_header() {
    let (server, _dir) = server(DEFAULT).await;
    let mut socket = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let upgrade = format!(
        "GET /ws/rtc HTTP/1.1\r\nhost: {}\r\nupgrade: websocket\r\nconnection: upgrade\r\n\
         sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n",
        server.addr
    );
    socket.write_all(upgrade.as_bytes()).await.unwrap();
    let mut head = [0u8; 1024];
    let n = socket.read(&mut head).await.unwrap();
    assert!(String::from_utf8_lossy(&head[..n]).starts_with("HTTP/1.1 101"), "{}", String::from_utf8_lossy(&head[..n]));
    // FIN + text, masked, 64-bit length 1 MiB, the mask, then a few bytes only.
    let mut frame = vec![0x81, 0xFF];
    frame.extend_from_slice(&(1u64 << 20).to_be_bytes());
    frame.extend_from_slice(&[1, 2, 3, 4, b'{', b'"']);
    socket.write_all(&frame).await.unwrap();
    assert!(closed_within(&mut socket, Duration::from_secs(3)).await, "the connection is closed at the header");
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_dropped() {
    let (server, _dir) = server(LimitSettings { header_timeout_seconds: 1, ..DEFAULT }).await;
    let mut socket = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    socket.write_all(b"GET /api/ping HTTP/1.1\r\nhost: x\r\n").await.unwrap();
    let started = std::time::Instant::now();
    // One more header line every half second, never the blank line that ends them.
    let mut closed = false;
    for i in 0..10 {
        if socket.write_all(format!("x-slow-{i}: 1\r\n").as_bytes()).await.is_err() {
            closed = true;
            break;
        }
        if closed_within(&mut socket, Duration::from_millis(500)).await {
            closed = true;
            break;
        }
    }
    assert!(closed, "still open after {:?}", started.elapsed());
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_free_one() {
    let (server, _dir) = server(LimitSettings { max_connections: 2, ..DEFAULT }).await;
    let idle_a = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let _idle_b = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    // Let the server take both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    third.write_all(b"GET /api/ping HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let mut answer = [0u8; 512];
    let early = tokio::time::timeout(Duration::from_millis(700), third.read(&mut answer)).await;
    assert!(early.is_err(), "the third connection is not served while two are open");
    drop(idle_a);
    let n = tokio::time::timeout(Duration::from_secs(5), third.read(&mut answer)).await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&answer[..n]).starts_with("HTTP/1.1 204"), "then it is");
}

#[tokio::test]
async fn a_signalling_socket_gets_one_peer() {
    use callready_common::api::Signal;
    let (server, _dir) = server(DEFAULT).await;
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_request(&server, "/ws/rtc", None)).await.unwrap();
    let offer = || {
        let mut rtc = str0m::RtcConfig::new()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .build(std::time::Instant::now());
        let mut change = rtc.sdp_api();
        change.add_channel("call".into());
        let sdp = change.apply().unwrap().0.to_sdp_string();
        Message::Text(serde_json::to_string(&Signal::Offer { sdp }).unwrap().into())
    };
    let reply = async |ws: &mut tokio_tungstenite::WebSocketStream<_>| loop {
        if let Some(Ok(Message::Text(text))) = ws.next().await {
            break serde_json::from_str::<Signal>(text.as_str()).unwrap();
        }
    };
    ws.send(offer()).await.unwrap();
    assert!(matches!(reply(&mut ws).await, Signal::Answer { .. }));
    // A second peer on the same socket is refused: the first may have moved to
    // another core's shard, where this one would not replace it.
    ws.send(offer()).await.unwrap();
    match reply(&mut ws).await {
        Signal::Error { message } => assert!(message.contains("one offer per connection"), "{message}"),
        other => panic!("a second offer is refused, got {other:?}"),
    }
    assert_eq!(server.state.echo.as_ref().unwrap().peers(), 1);
}
