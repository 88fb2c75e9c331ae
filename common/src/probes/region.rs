//! Regions: the nodes of one deployment that share a database, each with its own
//! HTTPS, STUN/TURN and echo peer. The page measures every healthy one before the
//! test (a few HTTPS pings and a STUN binding each, in parallel), runs the test
//! against the nearest (or the one the invite pins) and reports what it measured.

use serde::{Deserialize, Serialize};

/// Most regions a deployment lists (and a run may report).
pub const MAX_REGIONS: usize = 32;

/// One node of `GET /api/regions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionView {
    /// The region's name (`--region`): letters, digits and `-`, as on invites.
    pub name: String,
    /// What people read (`--region-display-name`, else the name).
    pub display_name: String,
    /// The node's public origin (`https://eu.callready.example.com`): its pages,
    /// API, WebSockets and bandwidth endpoints.
    pub http_url: String,
    /// The node's STUN URL (`stun:eu.callready.example.com:3478`); `None`: it offers no
    /// STUN.
    #[serde(default)]
    pub stun_url: Option<String>,
    /// The node's TURN URLs (`turn:…?transport=udp`, `turns:…`); credentials come
    /// from that node's `/api/config` (valid on every node).
    #[serde(default)]
    pub turn_urls: Vec<String>,
    /// The node's echo peer's signalling WebSocket (`wss://…/ws/rtc`); `None`: none.
    #[serde(default)]
    pub echo_url: Option<String>,
    /// It heartbeated within the timeout.
    pub healthy: bool,
    /// When it last heartbeated, Unix ms (server clock).
    pub last_seen_ms: i64,
}

/// `GET /api/regions`: every node registered in the shared database, healthy ones
/// first; a node without `--region` lists only itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionList {
    /// The region of the node that answered.
    pub this: String,
    /// The registered nodes, healthy ones first, then by name.
    pub regions: Vec<RegionView>,
}

/// What the page measured of one region before the test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionMeasurement {
    /// The region's name.
    pub name: String,
    /// Its display name.
    pub display_name: String,
    /// Lowest round trip of three HTTPS pings (after a warm-up), ms; `None`: none
    /// came back.
    pub https_rtt_ms: Option<f64>,
    /// Time from gathering start to the STUN server-reflexive candidate, ms; `None`:
    /// no STUN, or no answer.
    #[serde(default)]
    pub stun_rtt_ms: Option<f64>,
}

/// The region table of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegionsReport {
    /// Every region measured, in the order listed.
    pub measured: Vec<RegionMeasurement>,
    /// The region the test ran against.
    pub used: String,
    /// The invite pinned it (otherwise: the nearest by HTTPS round trip).
    #[serde(default)]
    pub pinned: bool,
    /// How long measuring the regions took, ms.
    #[serde(default)]
    pub selection_ms: f64,
}
