//! Helpers of the tests that sign in: accounts made in the database before the
//! server starts, their login cookie, JSON calls with it, and a run to save.

use std::path::Path;

use callready_server::store::{Role, Store};
use callready_server::RunningServer;
use reqwest::header::COOKIE;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The password every account made here has.
pub const PASSWORD: &str = "correct horse battery";

pub async fn add_user(dir: &Path, name: &str, role: Role) {
    let store = Store::for_tests(&dir.join("callready.db")).await.unwrap();
    let hash = callready_server::accounts::hash_password(PASSWORD).unwrap();
    store.add_user(name, role, &hash, 0).await.unwrap();
}

/// Signs `name` in; its login cookie (`name=value`).
pub async fn cookie_of(server: &RunningServer, name: &str) -> String {
    let answer = reqwest::Client::new()
        .post(server.url("/api/login"))
        .json(&json!({ "name": name, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    answer.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
}

/// A JSON call, with a login cookie when given; the status and the JSON answer
/// (`null` when there is none).
pub async fn send(
    server: &RunningServer,
    method: reqwest::Method,
    path: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, server.url(path));
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// A small run from Chrome on Windows, HTTPS and WebSocket only, to save as `client_run_id`.
pub fn run_body(client_run_id: &str) -> Value {
    json!({
        "client_run_id": client_run_id,
        "results": {
            "duration_ms": 3500.0,
            "browser": {
                "ua": {"family": "chrome", "major": 150, "os": "windows"},
                "has_rtc_peer_connection": true, "has_get_user_media": true, "has_websocket": true,
                "device_memory_gb": 8.0, "hardware_concurrency": 4
            },
            "https": {"rtt_ms": [20.0, 21.0, 22.0], "attempts": 3, "failure": null},
            "websocket": {"connect_ms": 4.0, "echo_rtt_ms": [20.0], "failure": null,
                          "sip": {"rtt_ms": 21.0, "status": 200, "failure": null}}
        }
    })
}
