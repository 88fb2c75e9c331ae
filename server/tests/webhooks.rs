//! Webhooks against a real HTTP receiver started by the test: deliveries signed and
//! timestamped (checked here with an HMAC of the test's own), internal addresses
//! refused unless the operator allows them, admin-only management, and a receiver
//! that is down getting its delivery once it is back, across a server restart, and
//! again on request.

mod signed_in;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use callready_server::store::Role;
use callready_server::RunningServer;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Sha256;
use signed_in::{add_user, cookie_of, run_body, send};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SECRET: &str = "a-long-enough-webhook-secret";

/// One POST the receiver got: its headers (lower-case names) and body.
#[derive(Clone, Debug)]
struct Received {
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn header(&self, name: &str) -> &str {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }
}

/// A plain HTTP server answering 204 to every request, keeping what it got.
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    async fn start(addr: SocketAddr) -> Receiver {
        let listener = TcpListener::bind(addr).await.unwrap();
        let got = Arc::new(Mutex::new(Vec::new()));
        let kept = got.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else { continue };
                let mut raw = Vec::new();
                let mut buf = [0u8; 4096];
                // Headers, then as much body as Content-Length says.
                let received = loop {
                    let Ok(n) = stream.read(&mut buf).await else { break None };
                    if n == 0 {
                        break None;
                    }
                    raw.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&raw).into_owned();
                    let Some((head, body)) = text.split_once("\r\n\r\n") else { continue };
                    let headers: Vec<(String, String)> = head
                        .lines()
                        .skip(1)
                        .filter_map(|l| l.split_once(':'))
                        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
                        .collect();
                    let length: usize = headers
                        .iter()
                        .find(|(n, _)| n == "content-length")
                        .and_then(|(_, v)| v.parse().ok())
                        .unwrap_or(0);
                    if body.len() >= length {
                        break Some(Received { headers, body: body[..length].to_string() });
                    }
                };
                if let Some(received) = received {
                    kept.lock().unwrap().push(received);
                }
                let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n").await;
            }
        });
        Receiver { got, task }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.received().len() < count && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.received()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A free loopback port (nothing listens on it once this returns).
fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

async fn start(dir: &Path, allow_loopback: bool) -> RunningServer {
    RunningServer::start_for_tests(dir, |c| {
        if allow_loopback {
            c.webhook_allow = vec!["127.0.0.1".parse().unwrap()];
        }
    })
    .await
    .unwrap()
}

fn expected_signature(timestamp: &str, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

#[tokio::test]
async fn deliveries_are_signed_and_internal_addresses_need_the_operator_s_leave() {
    let receiver_addr = free_addr();
    let receiver = Receiver::start(receiver_addr).await;
    let hook = json!({ "url": format!("http://{receiver_addr}/hook"), "secret": SECRET, "events": ["run_stored", "session_created"] });

    // Without --webhook-allow, loopback is refused; only an admin manages webhooks.
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "root", Role::Admin).await;
    add_user(dir.path(), "sam", Role::Support).await;
    let strict = start(dir.path(), false).await;
    let admin = cookie_of(&strict, "root").await;
    let (status, body) = send(&strict, reqwest::Method::POST, "/api/webhooks", Some(&admin), Some(hook.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("internal address"), "{body}");
    let support = cookie_of(&strict, "sam").await;
    assert_eq!(
        send(&strict, reqwest::Method::GET, "/api/webhooks", Some(&support), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(&strict, reqwest::Method::GET, "/api/webhooks", None, None).await.0, StatusCode::UNAUTHORIZED);
    let metadata = json!({ "url": "http://169.254.169.254/latest/meta-data", "events": ["run_stored"] });
    assert_eq!(send(&strict, reqwest::Method::POST, "/api/webhooks", Some(&admin), Some(metadata)).await.0, 422);
    drop(strict);

    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "root", Role::Admin).await;
    let server = start(dir.path(), true).await;
    let admin = cookie_of(&server, "root").await;
    let (status, created) = send(&server, reqwest::Method::POST, "/api/webhooks", Some(&admin), Some(hook)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(created.get("secret").is_none(), "a secret given is not echoed");
    let (_, listed) = send(&server, reqwest::Method::GET, "/api/webhooks", Some(&admin), None).await;
    assert_eq!(listed[0]["events"], json!(["run_stored", "session_created"]));
    assert!(listed[0].get("secret").is_none(), "never listed");

    let (_, session) = send(&server, reqwest::Method::POST, "/api/sessions", None, Some(json!({"site": "Lyon"}))).await;
    let code = session["code"].as_str().unwrap();
    let (status, _) = send(
        &server,
        reqwest::Method::POST,
        &format!("/api/sessions/{code}/runs"),
        None,
        Some(run_body("run-webhook-0001")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);

    let got = receiver.wait_for(2).await;
    assert_eq!(got.len(), 2, "{got:?}");
    let now = callready_server::now_ms() / 1000;
    for delivery in &got {
        let timestamp = delivery.header("x-callready-timestamp");
        assert_eq!(delivery.header("x-callready-signature"), expected_signature(timestamp, &delivery.body));
        let age = now - timestamp.parse::<i64>().unwrap();
        assert!((0..=300).contains(&age), "fresh: {age} s");
        assert_eq!(delivery.header("content-type"), "application/json");
    }
    let by_event = |event: &str| got.iter().find(|d| d.header("x-callready-event") == event).unwrap();
    let created: Value = serde_json::from_str(&by_event("session_created").body).unwrap();
    assert_eq!((created["session"]["code"].as_str(), created["session"]["site"].as_str()), (Some(code), Some("Lyon")));
    let stored: Value = serde_json::from_str(&by_event("run_stored").body).unwrap();
    assert_eq!(stored["run"]["verdict"], "ready");
    assert_eq!(stored["session"]["site"], "Lyon");
    assert_eq!(stored["run"]["results"]["https"]["attempts"], 3, "the run as stored");
}

async fn deliveries(server: &RunningServer, cookie: &str) -> Value {
    send(server, reqwest::Method::GET, "/api/webhooks/deliveries", Some(cookie), None).await.1
}

#[tokio::test]
async fn a_receiver_that_was_down_gets_its_delivery_after_a_restart_and_again_on_request() {
    let receiver_addr = free_addr();
    let dir = tempfile::tempdir().unwrap();
    add_user(dir.path(), "root", Role::Admin).await;
    let server = start(dir.path(), true).await;
    let admin = cookie_of(&server, "root").await;
    let hook = json!({ "url": format!("http://{receiver_addr}/"), "secret": SECRET, "events": ["session_created"] });
    assert_eq!(send(&server, reqwest::Method::POST, "/api/webhooks", Some(&admin), Some(hook)).await.0, 201);
    let (_, session) = send(&server, reqwest::Method::POST, "/api/sessions", None, Some(json!({}))).await;
    assert_eq!(session["code"].as_str().map(str::len), Some(14), "saving never waits for the receiver");

    // Nothing listens: the first tries fail and are logged.
    let deadline = Instant::now() + Duration::from_secs(20);
    let log = loop {
        let log = deliveries(&server, &admin).await;
        if log[0]["attempts"].as_i64().unwrap_or(0) >= 1 || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    println!("while down: {}", log[0]);
    assert_eq!(log[0]["status"], "pending");
    assert!(log[0]["last_error"].as_str().unwrap().contains("connecting"), "{log}");
    server.stop().await.unwrap();

    // The receiver comes back while the server restarts; the outbox survived.
    let receiver = Receiver::start(receiver_addr).await;
    let server = start(dir.path(), true).await;
    let got = receiver.wait_for(1).await;
    assert_eq!(got.len(), 1, "delivered after the restart");
    assert_eq!(got[0].header("x-callready-event"), "session_created");
    // The receiver has it; the server records that once the receiver's answer is back
    // (a moment later, on PostgreSQL a longer one).
    let deadline = Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = deliveries(&server, &admin).await;
        if log[0]["status"] == "delivered" || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(log[0]["status"], "delivered", "{log}");
    assert!(log[0]["attempts"].as_i64().unwrap() >= 2, "{log}");

    let id = log[0]["id"].as_i64().unwrap();
    let (status, _) =
        send(&server, reqwest::Method::POST, &format!("/api/webhooks/deliveries/{id}/redeliver"), Some(&admin), None)
            .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(receiver.wait_for(2).await.len(), 2, "sent again on request");
    let missing =
        send(&server, reqwest::Method::POST, "/api/webhooks/deliveries/999/redeliver", Some(&admin), None).await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND);
}
