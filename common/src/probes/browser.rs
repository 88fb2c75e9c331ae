//! The browser and the computer, as the page sees them.

use serde::{Deserialize, Serialize};

use crate::ua::UaSummary;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrowserReport {
    pub ua: UaSummary,
    pub has_rtc_peer_connection: bool,
    pub has_get_user_media: bool,
    pub has_websocket: bool,
    /// `navigator.deviceMemory` (Chromium only, capped at 8); `None` = not reported.
    pub device_memory_gb: Option<f64>,
    pub hardware_concurrency: Option<u32>,
}
