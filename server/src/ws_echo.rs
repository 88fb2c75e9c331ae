//! `GET /ws/echo`: the WebSocket the page times. Without a subprotocol every text or
//! binary message is echoed; with the `sip` subprotocol (RFC 7118) each message must
//! be a SIP request, answered `200 OK` to OPTIONS and `405` to anything else. With
//! `meter=down|up` beside a live probe token, the echo also pushes the bandwidth
//! meter's new points of that direction every [`METER_PUSH_EVERY`], as `meter ` and
//! a [`MeterReading`] in JSON ([`crate::api::meter`]).
//!
//! Bounded like every WebSocket of the server: pages of this server only (`Origin`),
//! a few open at once per address, small messages at a limited rate, a silence and a
//! total lifetime, and a peer that does not read its answers is dropped.

use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use callready_common::probes::bandwidth::MeterReading;
use callready_common::sip::{self, SipMessage};

use crate::anon::encode_hex;
use crate::error::ApiError;

/// Largest message accepted; the page sends a few hundred bytes.
const MAX_MESSAGE_BYTES: usize = 16 * 1024;
/// Messages per connection; the page needs about 100 (20 echoes, 70 pings).
const MAX_MESSAGES: usize = 1_000;
/// A silent connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest a connection lives: the page's longest use (pings through both
/// bandwidth directions) is under 30 s.
pub const MAX_LIFETIME: Duration = Duration::from_secs(120);
/// An answer the peer does not take within this long ends the connection.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a metering echo pushes new points.
pub const METER_PUSH_EVERY: Duration = Duration::from_millis(250);
/// WebSocket close code 1008 (policy violation) and 1007 (invalid payload data).
pub const CLOSE_POLICY: u16 = 1008;
const CLOSE_INVALID: u16 = 1007;

/// Whether a WebSocket request comes from one of our pages: browsers always send
/// `Origin` with it, and another site's page would make its visitors hold our slots.
/// The origin's host must be the host the request was sent to (any port: profile
/// ports are other origins of the same host) or the one of `--public-url`. A client
/// that sends no `Origin` is no browser, and no website can make it connect.
pub fn origin_allowed(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Some(origin_host) = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest) else {
        return false;
    };
    let origin_host = crate::api::host_without_port(origin_host);
    let request_host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).map(crate::api::host_without_port);
    let public_host =
        public_url.and_then(|u| u.split_once("://")).map(|(_, rest)| rest.split('/').next().unwrap_or_default());
    let public_host = public_host.map(crate::api::host_without_port);
    !origin_host.is_empty()
        && [request_host, public_host].into_iter().flatten().any(|host| host.eq_ignore_ascii_case(&origin_host))
}

/// [`origin_allowed`] on the main listener: also a healthy node of the regions
/// (another node's page running its test against this one).
pub fn origin_allowed_here(state: &crate::AppState, headers: &HeaderMap) -> bool {
    origin_allowed(headers, state.public_url.as_deref())
        || headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_some_and(|origin| state.regions.origin_allowed(origin, crate::now_ms()))
}

/// Counts a connection's messages per second.
pub struct MessageRate {
    per_second: u32,
    window: Instant,
    count: u32,
}

impl MessageRate {
    pub fn new(per_second: u32) -> MessageRate {
        MessageRate { per_second: per_second.max(1), window: Instant::now(), count: 0 }
    }

    /// Counts one message; false when it is one too many this second.
    pub fn allow(&mut self) -> bool {
        if self.window.elapsed() >= Duration::from_secs(1) {
            self.window = Instant::now();
            self.count = 0;
        }
        self.count += 1;
        self.count <= self.per_second
    }
}

/// Sends `message`, giving up after [`SEND_TIMEOUT`]; false when it did not go.
pub async fn send_within(socket: &mut WebSocket, message: Message) -> bool {
    matches!(tokio::time::timeout(SEND_TIMEOUT, socket.send(message)).await, Ok(Ok(())))
}

fn offers_sip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == sip::SUBPROTOCOL)
}

/// The echo (profile ports: their listener holds the connection's slot and lifetime).
pub async fn upgrade(ws: WebSocketUpgrade, headers: HeaderMap) -> Response {
    if !origin_allowed(&headers, None) {
        return ApiError::ForeignOrigin.into_response();
    }
    echo(ws, &headers, crate::limits::DEFAULT.ws_messages_per_second, (), None)
}

/// Whose meter points an echo pushes.
pub struct MeterFeed {
    meters: std::sync::Arc<crate::api::meter::Meters>,
    token: String,
    direction: crate::metrics::Direction,
    /// The echo's own connection: its bytes of that direction (the meter's points,
    /// the pings) cross the measured link too, and count with the transfers'.
    socket: Option<crate::api::meter::ConnSocket>,
}

/// The echo upgrade; `held` (the connection's slot, its place in the metrics) lives
/// as long as the socket.
fn echo(
    ws: WebSocketUpgrade,
    headers: &HeaderMap,
    per_second: u32,
    held: impl Send + 'static,
    meter: Option<MeterFeed>,
) -> Response {
    let sip_mode = offers_sip(headers);
    ws.protocols([sip::SUBPROTOCOL]).max_message_size(MAX_MESSAGE_BYTES).max_frame_size(MAX_MESSAGE_BYTES).on_upgrade(
        move |socket| async move {
            let _held = held;
            let rate = MessageRate::new(per_second);
            let _ = tokio::time::timeout(MAX_LIFETIME, async move {
                if sip_mode {
                    sip_loop(socket, rate).await
                } else {
                    echo_loop(socket, rate, meter).await
                }
            })
            .await;
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
    if !origin_allowed_here(&state, &headers) {
        return ApiError::ForeignOrigin.into_response();
    }
    let ip = crate::path::client_ip(state.proxy_hops, &conn, &headers);
    let Some(slot) = state.limits.websocket(ip) else {
        return ApiError::RateLimited { what: "WebSockets open at once", retry_after: 10 }.into_response();
    };
    let param =
        |name: &str| uri.query().and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('=')));
    let token = param("token").filter(|t| callready_common::api::is_probe_token(t));
    if let Some(token) = token {
        state.probes.record(token, crate::probe_tokens::Via::WebSocket, ip);
    }
    let direction = match param("meter") {
        Some("down") => Some(crate::metrics::Direction::Download),
        Some("up") => Some(crate::metrics::Direction::Upload),
        _ => None,
    };
    let meter = match (token.filter(|t| state.probes.is_live(t)), direction) {
        (Some(token), Some(direction)) => {
            Some(MeterFeed { meters: state.meters.clone(), token: token.to_string(), direction, socket: conn.socket })
        }
        _ => None,
    };
    let open = state.metrics.websocket_opened(crate::metrics::SocketKind::Echo);
    echo(ws, &headers, state.limits.settings.ws_messages_per_second, (slot, open), meter)
}

async fn close(mut socket: WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame { code, reason: reason.into() };
    let _ = send_within(&mut socket, Message::Close(Some(frame))).await;
}

/// What came from the peer.
enum Next {
    Message(Message),
    /// The peer left, went silent or broke the protocol.
    Gone,
    /// Too many messages this second.
    TooFast,
}

/// Next message, counted against `rate`.
async fn next_message(socket: &mut WebSocket, rate: &mut MessageRate) -> Next {
    match tokio::time::timeout(IDLE_TIMEOUT, socket.recv()).await {
        Ok(Some(Ok(message))) if rate.allow() => Next::Message(message),
        Ok(Some(Ok(_))) => Next::TooFast,
        _ => Next::Gone,
    }
}

async fn echo_loop(mut socket: WebSocket, mut rate: MessageRate, meter: Option<MeterFeed>) {
    let mut pushed = 0;
    // Counted from the first push on, while the token's transfers are.
    let mut counted = None;
    let mut push = tokio::time::interval(METER_PUSH_EVERY);
    push.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut messages = 0;
    while messages < MAX_MESSAGES {
        let next = tokio::select! {
            next = next_message(&mut socket, &mut rate) => next,
            _ = push.tick(), if meter.is_some() => {
                let Some(feed) = &meter else { continue };
                if counted.is_none() {
                    counted = feed.meters.attach_companion(&feed.token, feed.direction, feed.socket);
                }
                let points = feed.meters.read(&feed.token, feed.direction, pushed);
                if points.is_empty() {
                    continue;
                }
                pushed += points.len();
                let text = serde_json::to_string(&MeterReading { points }).unwrap_or_default();
                if !send_within(&mut socket, Message::Text(format!("meter {text}").into())).await {
                    return;
                }
                continue;
            }
        };
        messages += 1;
        let message = match next {
            Next::Message(message) => message,
            Next::Gone => return,
            Next::TooFast => return close(socket, CLOSE_POLICY, "too many messages per second").await,
        };
        let reply = match message {
            Message::Text(_) | Message::Binary(_) => message,
            Message::Close(_) => return,
            // axum answers pings itself; pongs need nothing.
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if !send_within(&mut socket, reply).await {
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

async fn sip_loop(mut socket: WebSocket, mut rate: MessageRate) {
    let to_tag = random_tag();
    for _ in 0..MAX_MESSAGES {
        let message = match next_message(&mut socket, &mut rate).await {
            Next::Message(message) => message,
            Next::Gone => return,
            Next::TooFast => return close(socket, CLOSE_POLICY, "too many messages per second").await,
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
                if !send_within(&mut socket, Message::Text(answer.into())).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (axum::http::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    #[test]
    fn only_this_server_s_pages_may_open_a_websocket() {
        let ours = headers(&[("host", "callready.example.com"), ("origin", "https://callready.example.com")]);
        assert!(origin_allowed(&ours, None));
        let other_port =
            headers(&[("host", "callready.example.com:5061"), ("origin", "https://callready.example.com")]);
        assert!(origin_allowed(&other_port, None), "a profile port of the same host");
        let foreign = headers(&[("host", "callready.example.com"), ("origin", "https://evil.example")]);
        assert!(!origin_allowed(&foreign, None));
        assert!(!origin_allowed(&headers(&[("host", "a.example"), ("origin", "null")]), None));
        let proxied = headers(&[("host", "10.0.0.5:8080"), ("origin", "https://callready.example.com")]);
        assert!(origin_allowed(&proxied, Some("https://callready.example.com/")), "--public-url names the host");
        assert!(origin_allowed(&headers(&[("host", "a.example")]), None), "no Origin: not a browser");
    }

    #[test]
    fn a_connection_gets_its_rate_each_second() {
        let mut rate = MessageRate::new(3);
        assert_eq!((0..5).map(|_| rate.allow()).collect::<Vec<_>>(), [true, true, true, false, false]);
    }
}
