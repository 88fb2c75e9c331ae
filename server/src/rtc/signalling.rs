//! `GET /ws/rtc`: signalling for the echo peer, one [`Signal`] per message: the page
//! sends an `Offer` and gets an `Answer` or an `Error`. Offers carry no trickled
//! candidates, and may carry none at all (the page keeps its addresses to itself; the
//! echo peer learns them from the browser's checks), so answers do not offer trickle
//! ICE either. Closing the WebSocket (the page left) closes the peer: DTLS
//! close_notify and SCTP shutdown go out before it is dropped.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Response};
use callready_common::api::Signal;
use str0m::change::SdpOffer;

use crate::error::ApiError;
use crate::{ws_echo, AppState};

const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// The page keeps signalling open while it measures; a test never needs longer.
const MAX_SESSION: Duration = Duration::from_secs(90);

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Bounded as `/ws/echo` is ([`crate::ws_echo`]): our pages only, a few at once
/// per address, 64 KiB frames (the library's default would reserve 16 MiB for a
/// frame header that claims it), a message rate and a lifetime.
pub async fn upgrade(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    ConnectInfo(conn): ConnectInfo<crate::path::ClientConn>,
    headers: axum::http::HeaderMap,
) -> Response {
    if !ws_echo::origin_allowed_here(&state, &headers) {
        return ApiError::ForeignOrigin.into_response();
    }
    let ip = crate::path::client_ip(state.proxy_hops, &conn, &headers);
    let Some(slot) = state.limits.websocket(ip) else {
        return ApiError::RateLimited { what: "WebSockets open at once", retry_after: 10 }.into_response();
    };
    let open = state.metrics.websocket_opened(crate::metrics::SocketKind::Rtc);
    ws.max_message_size(MAX_MESSAGE_BYTES).max_frame_size(MAX_MESSAGE_BYTES).on_upgrade(move |socket| async move {
        let _held = (slot, open);
        session(socket, state).await
    })
}

/// The answer without `a=ice-options:trickle`: the echo peer takes no trickled
/// candidates, so it must not say it does.
pub fn without_trickle(sdp: &str) -> String {
    sdp.split_inclusive('\n').filter(|line| line.trim_end() != "a=ice-options:trickle").collect()
}

async fn send(socket: &mut WebSocket, signal: &Signal) -> bool {
    let Ok(text) = serde_json::to_string(signal) else { return false };
    ws_echo::send_within(socket, Message::Text(text.into())).await
}

async fn session(mut socket: WebSocket, state: AppState) {
    let Some(echo) = state.echo.clone() else {
        send(&mut socket, &Signal::Error { message: "no echo peer on this server".into() }).await;
        return;
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    // One peer per connection (the page makes one): a peer the echo peer's shards
    // have moved is not replaced by a later offer, so later offers are refused.
    let mut answered = false;
    let mut rate = ws_echo::MessageRate::new(state.limits.settings.ws_messages_per_second);
    let _ = tokio::time::timeout(MAX_SESSION, async {
        while let Some(Ok(message)) = socket.recv().await {
            if !rate.allow() {
                let frame = CloseFrame { code: ws_echo::CLOSE_POLICY, reason: "too many messages per second".into() };
                ws_echo::send_within(&mut socket, Message::Close(Some(frame))).await;
                break;
            }
            let Message::Text(text) = message else { continue };
            // Offers are never logged: an older or foreign client may still put its
            // addresses in them.
            let reply = match serde_json::from_str::<Signal>(text.as_str()) {
                Ok(Signal::Offer { .. }) if answered => {
                    Signal::Error { message: "one offer per connection: open another for another call".into() }
                }
                Ok(Signal::Offer { sdp }) => match SdpOffer::from_sdp_string(&sdp) {
                    Ok(offer) => match echo.offer(id, offer).await {
                        Ok(answer) => {
                            answered = true;
                            Signal::Answer { sdp: without_trickle(&answer.to_sdp_string()) }
                        }
                        Err(message) => Signal::Error { message },
                    },
                    Err(err) => Signal::Error { message: format!("the offer is not valid SDP: {err}") },
                },
                Ok(_) => Signal::Error { message: "expected an offer".into() },
                Err(err) => Signal::Error { message: format!("expected {{\"type\": \"offer\", \"sdp\": …}}: {err}") },
            };
            if !send(&mut socket, &reply).await {
                break;
            }
        }
    })
    .await;
    echo.close(id).await;
}

#[cfg(test)]
mod tests {
    use super::without_trickle;

    #[test]
    fn answers_do_not_offer_trickle() {
        let sdp = "v=0\r\na=ice-options:trickle\r\na=ice-ufrag:x\r\n";
        assert_eq!(without_trickle(sdp), "v=0\r\na=ice-ufrag:x\r\n");
    }
}
