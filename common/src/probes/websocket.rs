//! WebSocket echoes and a SIP OPTIONS transaction over the `sip` subprotocol.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSocketReport {
    pub connect_ms: Option<f64>,
    pub echo_rtt_ms: Vec<f64>,
    pub failure: Option<WsFailure>,
    pub sip: SipReport,
}

impl WebSocketReport {
    /// Whether the WebSocket worked: opened and echoed without a failure.
    pub fn works(&self) -> bool {
        self.failure.is_none() && !self.echo_rtt_ms.is_empty()
    }
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SipReport {
    /// Time from sending OPTIONS to receiving the matching final response.
    pub rtt_ms: Option<f64>,
    pub status: Option<u16>,
    pub failure: Option<SipFailure>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SipFailure {
    ConnectFailed,
    /// The connection opened without the `sip` subprotocol (a proxy stripped it).
    SubprotocolRefused,
    Timeout,
    ClosedEarly,
    /// The answer was not a SIP response to our request.
    BadResponse,
}
