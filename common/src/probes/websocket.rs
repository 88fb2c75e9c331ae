//! WebSocket echoes and a SIP OPTIONS transaction over the `sip` subprotocol.

use serde::{Deserialize, Serialize};

/// Echoes on `/ws/echo`, then one SIP OPTIONS transaction on a second socket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSocketReport {
    /// From creating the socket to its open event, ms; `None` when it never opened.
    pub connect_ms: Option<f64>,
    /// Round trips of the echoes that came back intact, ms, in order.
    pub echo_rtt_ms: Vec<f64>,
    /// Why the echoes stopped, if they did.
    pub failure: Option<WsFailure>,
    /// The SIP OPTIONS transaction over the `sip` subprotocol.
    pub sip: SipReport,
}

impl WebSocketReport {
    /// Whether the WebSocket worked: opened and echoed without a failure.
    pub fn works(&self) -> bool {
        self.failure.is_none() && !self.echo_rtt_ms.is_empty()
    }
}

/// How the WebSocket echo probe failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WsFailure {
    /// The connection never opened.
    ConnectFailed,
    /// Opened, but echoes stopped arriving.
    Timeout,
    /// Opened, then closed by something in between.
    ClosedEarly,
    /// An echo came back altered.
    BadEcho,
}

/// One SIP OPTIONS transaction over a WebSocket with the `sip` subprotocol.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SipReport {
    /// Time from sending OPTIONS to receiving the matching final response.
    pub rtt_ms: Option<f64>,
    /// Status code of the matching response; `None` when none came.
    pub status: Option<u16>,
    /// How the transaction failed, if it did.
    pub failure: Option<SipFailure>,
}

/// How the SIP OPTIONS transaction failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SipFailure {
    /// The socket with the `sip` subprotocol never opened.
    ConnectFailed,
    /// The connection opened without the `sip` subprotocol (a proxy stripped it).
    SubprotocolRefused,
    /// No answer came in time.
    Timeout,
    /// The connection closed, or refused to send, before the answer came.
    ClosedEarly,
    /// The answer was not a SIP response to our request.
    BadResponse,
}
