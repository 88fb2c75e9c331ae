//! Request bodies several test files send.

use serde_json::{json, Value};

/// A small run (HTTPS and WebSocket only), as a page would save it.
pub fn run_body(client_run_id: &str) -> Value {
    json!({
        "client_run_id": client_run_id,
        "results": {
            "duration_ms": 3500.0,
            "browser": {
                "ua": {"family": "firefox", "major": 128, "os": "linux"},
                "has_rtc_peer_connection": true,
                "has_get_user_media": true,
                "has_websocket": true,
                "device_memory_gb": null,
                "hardware_concurrency": 4
            },
            "https": {"rtt_ms": [2.0, 3.0, 2.5, 4.0, 2.0, 2.2, 2.1, 3.3, 2.0, 2.9], "attempts": 10, "failure": null},
            "websocket": {
                "connect_ms": 4.0,
                "echo_rtt_ms": [1.0, 1.5, 1.2],
                "failure": null,
                "sip": {"rtt_ms": 1.4, "status": 200, "failure": null}
            }
        }
    })
}
