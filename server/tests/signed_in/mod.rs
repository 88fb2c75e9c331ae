//! Helpers of the tests that sign in: accounts made in the database before the
//! server starts, their login cookie, and JSON calls with it.

use std::path::Path;

use callready_server::store::{Role, Store};
use callready_server::RunningServer;
use reqwest::header::COOKIE;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// The password every account made here has.
pub const PASSWORD: &str = "correct horse battery";

pub async fn add_user(dir: &Path, name: &str, role: Role) {
    let store = Store::open(&dir.join("callready.db")).await.unwrap();
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
