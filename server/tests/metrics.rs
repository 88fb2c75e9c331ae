//! Operations: `/metrics` on its own listener, read with a Prometheus text-format
//! parser as Prometheus would read it, and JSON log lines from the real binary.

mod bodies;

use bodies::run_body;
use std::io::BufRead;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use callready_server::RunningServer;
use prom_text_format_parser::{Scrape, ValueType};
use serde_json::{json, Value};

async fn server_with_metrics(dir: &std::path::Path) -> RunningServer {
    RunningServer::start_for_tests(dir, |c| c.metrics_listen = Some("127.0.0.1:0".parse().unwrap())).await.unwrap()
}

/// `GET /metrics` on the metrics listener: the body parsed, and the body as text.
async fn scrape(http: &reqwest::Client, metrics: SocketAddr) -> (Scrape, String) {
    let answer = http.get(format!("http://{metrics}/metrics")).send().await.unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    let content_type = answer.headers()["content-type"].to_str().unwrap().to_string();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let text = answer.text().await.unwrap();
    let parsed = Scrape::parse(&text).unwrap_or_else(|e| panic!("not the Prometheus text format ({e:?}):\n{text}"));
    (parsed, text)
}

/// The `part` of the sample of `family` whose labels include `labels`; 0 when there
/// is none.
fn value(scrape: &Scrape, family: &str, part: ValueType, labels: &[(&str, &str)]) -> f64 {
    let samples = scrape.metrics.iter().filter(|m| m.name == family).flat_map(|m| &m.samples);
    let has = |s: &&prom_text_format_parser::Sample| {
        labels.iter().all(|(k, v)| s.labels.iter().any(|label| label.key == *k && label.value == *v))
    };
    let mut matching = samples.filter(|s| s.value.value_type == part).filter(has);
    matching.next().map_or(0.0, |s| s.value.value.as_f64())
}

/// The value of the counter or gauge `family` with `labels`.
fn sample(scrape: &Scrape, family: &str, labels: &[(&str, &str)]) -> f64 {
    value(scrape, family, ValueType::Sample, labels)
}

#[tokio::test]
async fn a_stored_run_moves_its_counters_once_and_metrics_stay_off_the_public_listener() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_metrics(dir.path()).await;
    let metrics = server.metrics_addr.expect("a metrics listener");
    assert_ne!(metrics.port(), server.addr.port());
    let http = reqwest::Client::new();
    let (before, _) = scrape(&http, metrics).await;

    let created: Value =
        http.post(server.url("/api/sessions")).json(&json!({})).send().await.unwrap().json().await.unwrap();
    let code = created["code"].as_str().unwrap().to_string();
    let runs = server.url(&format!("/api/sessions/{code}/runs"));
    let saved = http.post(&runs).json(&run_body("run-metrics-0001")).send().await.unwrap();
    assert_eq!(saved.status(), reqwest::StatusCode::CREATED);
    let saved: Value = saved.json().await.unwrap();
    let verdict = saved["verdict"].as_str().unwrap().to_string();
    let retried = http.post(&runs).json(&run_body("run-metrics-0001")).send().await.unwrap();
    assert_eq!(retried.status(), reqwest::StatusCode::OK, "a retried save is no new run");

    let (after, text) = scrape(&http, metrics).await;
    let moved = |name: &str, part, labels: &[(&str, &str)]| {
        value(&after, name, part, labels) - value(&before, name, part, labels)
    };
    assert_eq!(moved("callready_runs_stored_total", ValueType::Sample, &[("verdict", &verdict)]), 1.0, "{text}");
    let route = [("route", "/api/sessions/{code}/runs"), ("status", "201")];
    assert_eq!(moved("callready_http_requests_total", ValueType::Sample, &route), 1.0, "{text}");
    let retry_route = [("route", "/api/sessions/{code}/runs"), ("status", "200")];
    assert_eq!(moved("callready_http_requests_total", ValueType::Sample, &retry_route), 1.0, "{text}");
    let insert = [("operation", "insert_run")];
    assert!(moved("callready_db_seconds", ValueType::Count, &insert) >= 2.0, "both saves were timed:\n{text}");
    assert!(value(&after, "callready_db_seconds", ValueType::Sum, &insert) > 0.0, "{text}");
    assert!(!text.contains(&code), "no session code in a label:\n{text}");

    let public = http.get(server.url("/metrics")).send().await.unwrap();
    assert_eq!(public.status(), reqwest::StatusCode::NOT_FOUND, "the public listener has no /metrics");
    let body = public.text().await.unwrap();
    assert!(!body.contains("callready_"), "{body}");
    let (last, text) = scrape(&http, metrics).await;
    let unmatched = [("route", "other"), ("status", "404")];
    let other = sample(&last, "callready_http_requests_total", &unmatched);
    assert_eq!(other, 1.0, "unmatched paths count as other:\n{text}");
    server.stop().await.unwrap();
}

#[tokio::test]
async fn open_websockets_and_the_services_own_figures_are_read_at_each_scrape() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_metrics(dir.path()).await;
    let metrics = server.metrics_addr.unwrap();
    let http = reqwest::Client::new();
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/ws/echo", server.addr)).await.unwrap();
    let (open, text) = scrape(&http, metrics).await;
    assert_eq!(sample(&open, "callready_websockets_open", &[("kind", "echo")]), 1.0, "{text}");
    assert_eq!(sample(&open, "callready_websockets_open", &[("kind", "rtc")]), 0.0, "{text}");
    for figure in ["callready_echo_peers_open", "callready_turn_allocations", "callready_turn_relayed_bytes_total"] {
        assert!(open.metrics.iter().any(|m| m.name == figure), "{figure} is exported:\n{text}");
    }
    drop(ws);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (closed, text) = scrape(&http, metrics).await;
        if sample(&closed, "callready_websockets_open", &[("kind", "echo")]) == 0.0 {
            break;
        }
        assert!(Instant::now() < deadline, "the closed WebSocket still counts as open:\n{text}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.stop().await.unwrap();
}

#[tokio::test]
async fn bandwidth_bytes_are_counted_each_way() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_metrics(dir.path()).await;
    let metrics = server.metrics_addr.unwrap();
    let http = reqwest::Client::new();
    let config: Value = http.get(server.url("/api/config")).send().await.unwrap().json().await.unwrap();
    let token = config["probe_token"].as_str().unwrap();
    let download = http.get(server.url(&format!("/api/download?bytes=100000&token={token}"))).send().await.unwrap();
    assert_eq!(download.bytes().await.unwrap().len(), 100_000);
    let upload = http.post(server.url(&format!("/api/upload?token={token}"))).body(vec![7u8; 30_000]).send().await;
    assert_eq!(upload.unwrap().status(), reqwest::StatusCode::OK);
    let (after, text) = scrape(&http, metrics).await;
    assert_eq!(sample(&after, "callready_bandwidth_bytes_total", &[("direction", "download")]), 100_000.0, "{text}");
    assert_eq!(sample(&after, "callready_bandwidth_bytes_total", &[("direction", "upload")]), 30_000.0, "{text}");
    // The download's body left by sendfile from the payload's memory file, not copied.
    let without_copy = sample(&after, "callready_download_zero_copy_bytes_total", &[]);
    assert!(without_copy >= 100_000.0, "{text}");
    server.stop().await.unwrap();
}

/// The `callready` binary's standard output, line by line, as it comes.
fn spawn_logging_json(dir: &std::path::Path) -> (std::process::Child, mpsc::Receiver<String>) {
    // The server's own addresses are on 127.0.0.2, so that the client's, 127.0.0.1,
    // is the only way that address could reach a line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_callready"))
        .arg("--db")
        .arg(dir.join("callready.db"))
        .arg("--secret-file")
        .arg(dir.join("anonymisation.key"))
        .args(["--listen", "127.0.0.2:0", "--rtc-udp", "127.0.0.2:0", "--metrics-listen", "127.0.0.2:0"])
        .args(["--no-turn", "--profile-ports", "none", "--open-sessions", "--log-format", "json"])
        // Last: the flag with no address turns the NAT probe off.
        .arg("--nat-probe-udp")
        .env("CALLREADY_LOG", "info")
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    (child, received)
}

/// Lines from `received` up to and including the first whose message contains
/// `wanted` (10 s at most).
fn lines_until(received: &mpsc::Receiver<String>, wanted: &str, seen: &mut Vec<String>) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = received.recv_timeout(left).unwrap_or_else(|_| panic!("no line saying {wanted:?} in:\n{seen:#?}"));
        seen.push(line.clone());
        let parsed: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if parsed["fields"]["message"].as_str().is_some_and(|m| m.contains(wanted)) {
            return line;
        }
    }
}

#[tokio::test]
async fn json_logs_name_a_session_by_its_code_and_never_a_client_address() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, received) = spawn_logging_json(dir.path());
    let mut seen = Vec::new();
    let listening = lines_until(&received, "CallReady listening on http://", &mut seen);
    let message: Value = serde_json::from_str(&listening).unwrap();
    let message = message["fields"]["message"].as_str().unwrap();
    let addr = message.split("http://").nth(1).unwrap().split_whitespace().next().unwrap().to_string();

    let http = reqwest::Client::new();
    let created: Value =
        http.post(format!("http://{addr}/api/sessions")).json(&json!({})).send().await.unwrap().json().await.unwrap();
    let code = created["code"].as_str().unwrap().to_string();
    let saved = http
        .post(format!("http://{addr}/api/sessions/{code}/runs"))
        .json(&run_body("run-logs-00000001"))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), reqwest::StatusCode::CREATED);
    let missing = http.get(format!("http://{addr}/api/sessions/0000-0000-0000")).send().await.unwrap();
    assert_eq!(missing.status(), reqwest::StatusCode::NOT_FOUND);

    let stored: Value = serde_json::from_str(&lines_until(&received, "run stored", &mut seen)).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    seen.extend(received.try_iter());
    assert_eq!(stored["fields"]["code"], json!(code), "the session's code is a field of its own: {stored}");
    assert!(seen.len() >= 4, "{seen:#?}");
    for line in &seen {
        let parsed: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        assert!(parsed["fields"]["message"].is_string(), "a message under fields: {line}");
        assert!(!line.contains("127.0.0.1"), "the client's address reached the log: {line}");
    }
}
