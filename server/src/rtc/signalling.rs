//! `GET /ws/rtc`: signalling for the echo peer. The page sends
//! `{"type": "offer", "sdp": "..."}` (with its candidates in the SDP) and gets
//! `{"type": "answer", "sdp": "..."}` or `{"type": "error", "message": "..."}`.
//! Closing the WebSocket (the page left) removes the peer.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use serde_json::json;
use str0m::change::SdpOffer;

use crate::AppState;

const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// The page keeps signalling open while it measures; a test never needs longer.
const MAX_SESSION: Duration = Duration::from_secs(90);

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

pub async fn upgrade(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    ws.max_message_size(MAX_MESSAGE_BYTES).on_upgrade(move |socket| session(socket, state))
}

async fn session(mut socket: WebSocket, state: AppState) {
    let Some(echo) = state.echo.clone() else {
        let _ = socket
            .send(Message::Text(json!({"type": "error", "message": "no echo peer on this server"}).to_string().into()))
            .await;
        return;
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let _ = tokio::time::timeout(MAX_SESSION, async {
        while let Some(Ok(message)) = socket.recv().await {
            let Message::Text(text) = message else { continue };
            let reply = match serde_json::from_str::<SdpOffer>(text.as_str()) {
                // Offers are never logged: an older or foreign client may still put
                // its addresses in them.
                Ok(offer) => match echo.offer(id, offer).await {
                    Ok(answer) => serde_json::to_value(&answer).unwrap_or_default(),
                    Err(message) => json!({"type": "error", "message": message}),
                },
                Err(err) => json!({"type": "error", "message": format!("expected an SDP offer: {err}")}),
            };
            if socket.send(Message::Text(reply.to_string().into())).await.is_err() {
                break;
            }
        }
    })
    .await;
    echo.close(id).await;
}
