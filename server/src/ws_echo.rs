//! `GET /ws/echo`: the WebSocket the page times. Without a subprotocol every text or
//! binary message is echoed; with the `sip` subprotocol (RFC 7118) each message must
//! be a SIP request, answered `200 OK` to OPTIONS and `405` to anything else.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use callready_common::sip::{self, SipMessage};

use crate::anon::encode_hex;

/// Largest message accepted; the page sends a few hundred bytes.
const MAX_MESSAGE_BYTES: usize = 16 * 1024;
/// Messages per connection; the page needs about 20.
const MAX_MESSAGES: usize = 1_000;
/// A silent connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// WebSocket close code 1008 (policy violation) and 1007 (invalid payload data).
const CLOSE_POLICY: u16 = 1008;
const CLOSE_INVALID: u16 = 1007;

fn offers_sip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == sip::SUBPROTOCOL)
}

pub async fn upgrade(ws: WebSocketUpgrade, headers: HeaderMap) -> Response {
    let sip_mode = offers_sip(&headers);
    ws.protocols([sip::SUBPROTOCOL]).max_message_size(MAX_MESSAGE_BYTES).max_frame_size(MAX_MESSAGE_BYTES).on_upgrade(
        move |socket| async move {
            if sip_mode {
                sip_loop(socket).await
            } else {
                echo_loop(socket).await
            }
        },
    )
}

/// `GET /ws/echo[?token=<probe token>]` on the main listener: the echo, and the
/// address the WebSocket came from recorded under the page's token.
pub async fn upgrade_seen(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    axum::extract::ConnectInfo(conn): axum::extract::ConnectInfo<crate::path::ClientConn>,
    uri: axum::http::Uri,
    ws: WebSocketUpgrade,
    headers: HeaderMap,
) -> Response {
    let token = uri.query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("token=")));
    if let Some(token) = token.filter(|t| callready_common::api::is_probe_token(t)) {
        state.probes.record(token, crate::probe_tokens::Via::WebSocket, conn.addr.ip());
    }
    upgrade(ws, headers).await
}

async fn close(mut socket: WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame { code, reason: reason.into() };
    let _ = socket.send(Message::Close(Some(frame))).await;
}

/// Next data message, or `None` when the peer left, went silent or broke the rules.
async fn next_message(socket: &mut WebSocket) -> Option<Message> {
    match tokio::time::timeout(IDLE_TIMEOUT, socket.recv()).await {
        Ok(Some(Ok(message))) => Some(message),
        _ => None,
    }
}

async fn echo_loop(mut socket: WebSocket) {
    for _ in 0..MAX_MESSAGES {
        let Some(message) = next_message(&mut socket).await else {
            return;
        };
        let reply = match message {
            Message::Text(_) | Message::Binary(_) => message,
            Message::Close(_) => return,
            // axum answers pings itself; pongs need nothing.
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if socket.send(reply).await.is_err() {
            return;
        }
    }
    close(socket, CLOSE_POLICY, "message limit reached").await;
}

fn random_tag() -> String {
    let mut bytes = [0u8; 6];
    if getrandom::fill(&mut bytes).is_err() {
        return "callready".into();
    }
    encode_hex(&bytes)
}

async fn sip_loop(mut socket: WebSocket) {
    let to_tag = random_tag();
    for _ in 0..MAX_MESSAGES {
        let Some(message) = next_message(&mut socket).await else {
            return;
        };
        let text = match message {
            Message::Text(text) => text,
            Message::Close(_) => return,
            Message::Ping(_) | Message::Pong(_) => continue,
            Message::Binary(_) => return close(socket, CLOSE_INVALID, "SIP messages are text").await,
        };
        let answer = SipMessage::parse(text.as_str()).and_then(|request| sip::answer(&request, &to_tag));
        match answer {
            Ok(answer) => {
                if socket.send(Message::Text(answer.into())).await.is_err() {
                    return;
                }
            }
            Err(err) => {
                tracing::debug!(%err, "unparseable SIP message");
                return close(socket, CLOSE_INVALID, "not a SIP request").await;
            }
        }
    }
    close(socket, CLOSE_POLICY, "message limit reached").await;
}
