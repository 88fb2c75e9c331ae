//! The browser and the computer, as the page sees them.

use serde::{Deserialize, Serialize};

use crate::ua::UaSummary;

/// What the page learns of the browser and the computer it runs on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrowserReport {
    /// The User-Agent reduced to browser family, major version and OS.
    pub ua: UaSummary,
    /// `RTCPeerConnection` exists (WebRTC).
    pub has_rtc_peer_connection: bool,
    /// `navigator.mediaDevices.getUserMedia` exists (microphone access).
    pub has_get_user_media: bool,
    /// `WebSocket` exists.
    pub has_websocket: bool,
    /// `navigator.deviceMemory` (Chromium only, capped at 8); `None` = not reported.
    pub device_memory_gb: Option<f64>,
    /// `navigator.hardwareConcurrency`: logical processors; `None` = not reported.
    pub hardware_concurrency: Option<u32>,
}
