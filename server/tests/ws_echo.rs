//! `/ws/echo` with a real WebSocket client: plain echo and the SIP OPTIONS exchange.

use callready_common::sip::{self, OptionsIds, SipMessage};
use callready_server::RunningServer;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

async fn start() -> (RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = RunningServer::start_for_tests(dir.path(), |_| {}).await.unwrap();
    (server, dir)
}

fn ids() -> OptionsIds {
    OptionsIds {
        instance: "testinstance".into(),
        branch_suffix: "b1".into(),
        from_tag: "f1".into(),
        call_id: "call-1@test".into(),
    }
}

#[tokio::test]
async fn plain_echo_returns_each_message_unchanged() {
    let (server, _dir) = start().await;
    let url = format!("ws://{}/ws/echo", server.addr);
    let (mut ws, response) = tokio_tungstenite::connect_async(url).await.unwrap();
    assert!(response.headers().get("sec-websocket-protocol").is_none());
    for i in 0..5 {
        ws.send(Message::text(format!("ping {i}"))).await.unwrap();
        let reply = ws.next().await.unwrap().unwrap();
        assert_eq!(reply, Message::text(format!("ping {i}")));
    }
    ws.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(ws.next().await.unwrap().unwrap(), Message::binary(vec![1u8, 2, 3]));
}

async fn connect_sip(
    server: &RunningServer,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    let mut request = format!("ws://{}/ws/echo", server.addr).into_client_request().unwrap();
    request.headers_mut().insert("sec-websocket-protocol", "sip".parse().unwrap());
    let (ws, response) = tokio_tungstenite::connect_async(request).await.unwrap();
    assert_eq!(response.headers()["sec-websocket-protocol"], "sip");
    ws
}

#[tokio::test]
async fn sip_options_gets_a_matching_200() {
    let (server, _dir) = start().await;
    let mut ws = connect_sip(&server).await;
    let text = sip::options_request("localhost", &ids());
    ws.send(Message::text(text.clone())).await.unwrap();
    let Message::Text(reply) = ws.next().await.unwrap().unwrap() else { panic!("expected text") };
    let request = SipMessage::parse(&text).unwrap();
    let response = SipMessage::parse(reply.as_str()).unwrap();
    assert_eq!(sip::response_status_for(&request, &response), Some(200));
}

#[tokio::test]
async fn non_sip_text_on_the_sip_subprotocol_is_closed_with_1007() {
    let (server, _dir) = start().await;
    let mut ws = connect_sip(&server).await;
    ws.send(Message::text("hello")).await.unwrap();
    match ws.next().await.unwrap().unwrap() {
        Message::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 1007),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

/// Reads until a data message or the end of the connection (a hang guard, not a timing).
async fn next_data(
    ws: &mut tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
) -> Option<Message> {
    let read = async {
        while let Some(Ok(message)) = ws.next().await {
            if matches!(message, Message::Text(_) | Message::Binary(_)) {
                return Some(message);
            }
            if matches!(message, Message::Close(_)) {
                return None;
            }
        }
        None
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), read).await.expect("an answer or the end, not silence")
}

#[tokio::test]
async fn messages_up_to_16_kib_are_echoed_and_larger_ones_end_the_connection() {
    let (server, _dir) = start().await;
    let url = format!("ws://{}/ws/echo", server.addr);
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    let largest = vec![7u8; 16 * 1024];
    ws.send(Message::binary(largest.clone())).await.unwrap();
    assert_eq!(next_data(&mut ws).await, Some(Message::binary(largest)), "the limit itself is echoed");
    let _ = ws.send(Message::binary(vec![7u8; 16 * 1024 + 1])).await;
    assert_eq!(next_data(&mut ws).await, None, "one byte more is refused and ends the connection");
    // The server refused that message; it still serves the next client.
    let (mut again, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    again.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    assert_eq!(next_data(&mut again).await, Some(Message::binary(vec![1u8, 2, 3])));
}

/// A probe token from `/api/config`.
async fn probe_token(server: &RunningServer) -> String {
    let config: serde_json::Value =
        reqwest::get(format!("http://{}/api/config", server.addr)).await.unwrap().json().await.unwrap();
    config["probe_token"].as_str().unwrap().to_string()
}

/// The meter points pushed to `ws` until their count reaches `bytes` (or 5 s pass).
async fn meter_points<S>(ws: &mut S, bytes: u64) -> Vec<callready_common::probes::bandwidth::MeterPoint>
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let mut points = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while points.last().is_none_or(|p: &callready_common::probes::bandwidth::MeterPoint| p.bytes < bytes) {
        let Ok(Some(Ok(Message::Text(text)))) = tokio::time::timeout_at(deadline, ws.next()).await else { break };
        // Echoes of what the test sent are skipped.
        let Some(json) = text.as_str().strip_prefix("meter ") else { continue };
        let reading: callready_common::probes::bandwidth::MeterReading = serde_json::from_str(json).unwrap();
        points.extend(reading.points);
    }
    points
}

#[tokio::test]
async fn a_metering_echo_pushes_the_bytes_counted_at_the_socket() {
    let (server, _dir) = start().await;
    let token = probe_token(&server).await;
    let client = reqwest::Client::new();

    let url = format!("ws://{}/ws/echo?token={token}&meter=down", server.addr);
    let (mut down, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    // Before any transfer the echo is not metered: its 12 kB answer is not counted.
    down.send(Message::text("x".repeat(12_000))).await.unwrap();
    assert!(matches!(down.next().await, Some(Ok(Message::Text(t))) if t.len() == 12_000));
    let body = client
        .get(format!("http://{}/api/download?bytes=2000000&token={token}", server.addr))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(body.len(), 2_000_000);
    let points = meter_points(&mut down, 2_000_000).await;
    let last = points.last().expect("points pushed").bytes;
    // The body and its response headers, acknowledged by this client's TCP stack,
    // and the pushes the echo sent since the transfer attached.
    assert!((2_000_000..2_005_000).contains(&last), "{points:?}");
    assert_eq!(points[0].bytes, 0, "the series starts when the transfer attaches");
    assert!(points.windows(2).all(|w| w[0].at_ms < w[1].at_ms && w[0].bytes <= w[1].bytes), "{points:?}");
    // The echo still echoes.
    down.send(Message::text("ping 1")).await.unwrap();
    loop {
        match down.next().await.unwrap().unwrap() {
            Message::Text(text) if text.as_str() == "ping 1" => break,
            Message::Text(text) => assert!(text.as_str().starts_with("meter "), "{text}"),
            other => panic!("{other:?}"),
        }
    }

    let url = format!("ws://{}/ws/echo?token={token}&meter=up", server.addr);
    let (mut up, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let receipt: serde_json::Value = client
        .post(format!("http://{}/api/upload?token={token}", server.addr))
        .body(vec![5u8; 1_000_000])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(receipt["bytes"], 1_000_000);
    let points = meter_points(&mut up, 1_000_000).await;
    let last = points.last().expect("points pushed").bytes;
    assert!((1_000_000..1_001_000).contains(&last), "the body as it arrived: {points:?}");
    // While the upload's connection is held (it lingers), what the page sends on the
    // echo crosses the link with it and counts.
    up.send(Message::text("x".repeat(12_000))).await.unwrap();
    let points = meter_points(&mut up, last + 12_000).await;
    let now = points.last().expect("the echo's connection is metered").bytes;
    assert!((last + 12_000..last + 13_000).contains(&now), "the frame: {points:?}");
}

#[tokio::test]
async fn an_echo_asked_for_an_unknown_token_s_meter_is_a_plain_echo() {
    let (server, _dir) = start().await;
    let never_issued = "0123456789abcdef0123456789abcdef";
    let url = format!("ws://{}/ws/echo?token={never_issued}&meter=down", server.addr);
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let pushed = tokio::time::timeout(std::time::Duration::from_millis(800), ws.next()).await;
    assert!(pushed.is_err(), "nothing pushed for a token the server never issued: {pushed:?}");
    ws.send(Message::text("ping 2")).await.unwrap();
    assert_eq!(ws.next().await.unwrap().unwrap(), Message::text("ping 2"), "a plain echo");
}
