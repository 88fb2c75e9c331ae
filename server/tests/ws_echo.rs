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
