//! What the page measured: one module per probe, each with its report type (the JSON
//! the page sends and the server stores) and the math derived from it. Units are in
//! the field names. Everything that arrives from a browser denies unknown fields, so
//! a typo or an unexpected extra is an error, not silently lost.

pub mod bandwidth;
pub mod browser;
pub mod https;
pub mod ice;
pub mod media;
pub mod path;
pub mod platform;
pub mod region;
pub mod websocket;

use serde::{Deserialize, Serialize};

/// Everything the probes measured in one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunResults {
    /// How long the page took to run every probe, ms.
    pub duration_ms: f64,
    /// The host and port the page was served from (`callready.example.com:443`):
    /// what the fixes for HTTPS and WebSocket name. `None` from older pages.
    #[serde(default)]
    pub server_host: Option<String>,
    /// The browser and the computer.
    pub browser: browser::BrowserReport,
    /// Round trips of small HTTPS requests.
    pub https: https::HttpsReport,
    /// WebSocket echoes and the SIP OPTIONS transaction.
    pub websocket: websocket::WebSocketReport,
    /// One report per ICE transport probed; empty when the server offers no STUN/TURN.
    #[serde(default)]
    pub ice: Vec<ice::IceReport>,
    /// The call-like stream through the echo peer; `None` when the server has none.
    #[serde(default)]
    pub media: Option<media::MediaReport>,
    /// Download and upload rates with latency under load; `None` when not measured.
    #[serde(default)]
    pub bandwidth: Option<bandwidth::BandwidthReport>,
    /// The ports and addresses the session's requirement profile names; `None`
    /// when it names none.
    #[serde(default)]
    pub platform: Option<platform::PlatformReport>,
    /// What the server saw of the path (proxy, MSS); the server replaces it at ingest
    /// with what it sees of the request that saves the run.
    #[serde(default)]
    pub path: Option<path::PathReport>,
    /// The public addresses the run's probes came from; the server replaces it at
    /// ingest with what it saw itself.
    #[serde(default)]
    pub public: Option<path::PublicReport>,
    /// The NAT's mapping behaviour; the server replaces it at ingest too.
    #[serde(default)]
    pub nat: Option<path::NatMapping>,
    /// What the server's TLS listener received from the page (`None`: the server has
    /// none); the server replaces it at ingest too.
    #[serde(default)]
    pub tls: Option<path::TlsReport>,
    /// The checks whose measurements ran while the page's tab was hidden: browsers
    /// slow the timers of background tabs, so their figures are not the network's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_during: Vec<crate::verdict::CheckId>,
    /// The regions the page measured before the test and which one it used; `None`:
    /// the deployment has one node (or an older page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<region::RegionsReport>,
}

/// Why an HTTP request of the page failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FetchFailure {
    /// The browser reported a network error (DNS, refused, reset, blocked).
    Network,
    /// No answer in time (for a transfer: too little got through to give a rate).
    Timeout,
    /// The server answered with an error status.
    Status {
        /// The HTTP status code.
        code: u16,
    },
}
