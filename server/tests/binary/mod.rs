//! The real `callready` binary as a child process on a database in a folder of the
//! test's, so that killing it is a real SIGKILL and restarting it a real start-up;
//! the runs tests save through it, and reading a database file directly.

// Each test file uses part of these helpers.
#![allow(dead_code)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// A running `callready` serving the database `callready.db` in a folder.
pub struct Server {
    child: Child,
    pub base: String,
    log: Arc<Mutex<String>>,
}

/// The flags every test server gets: loopback, random ports, no TURN, no profile
/// ports, no NAT probe, the anonymisation key beside the database, open sessions,
/// no rate limit on saves.
fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_callready"));
    command.arg("--db").arg(db_path(dir)).arg("--secret-file").arg(dir.join("anonymisation.key"));
    command.args(["--listen", "127.0.0.1:0", "--rtc-udp", "127.0.0.1:0", "--no-turn", "--profile-ports", "none"]);
    command.arg("--open-sessions");
    // These tests save far faster than any office behind one address.
    command.args(["--runs-per-minute", "1000000", "--sessions-per-minute", "1000000"]);
    command.env("CALLREADY_LOG", "info").env_remove("RUST_LOG");
    command
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("callready.db")
}

impl Server {
    /// Starts the server with `args` added and waits until it listens.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        match Server::try_start(dir, args) {
            Ok(server) => server,
            Err(output) => panic!("the server did not start:\n{output}"),
        }
    }

    /// Starts the server, or its exit status and output when it stops instead.
    pub fn try_start(dir: &Path, args: &[&str]) -> Result<Server, String> {
        let mut command = command(dir);
        // Last: `--nat-probe-udp` with no address turns the probe off.
        command.args(args).arg("--nat-probe-udp");
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (listening, address) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let log = log.clone();
            let listening = listening.clone();
            // Drained to the end: a full pipe would block the server's logging.
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(rest) = line.split("listening on http://").nth(1) {
                        let _ = listening.send(rest.split_whitespace().next().unwrap_or_default().to_string());
                    }
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                }
            });
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(addr) = address.recv_timeout(Duration::from_millis(50)) {
                return Ok(Server { child, base: format!("http://{addr}"), log });
            }
            if let Some(status) = child.try_wait().unwrap() {
                // Let the readers take the last lines.
                std::thread::sleep(Duration::from_millis(200));
                return Err(format!("exit status {:?}\n{}", status.code(), log.lock().unwrap()));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("the server neither listened nor stopped in 30 s:\n{}", log.lock().unwrap());
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// SIGKILL: the process ends at once, whatever it was writing.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, as an operator stops it, and waits for it to end.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "the server did not stop on SIGTERM:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `callready --db <dir>/callready.db <args>`, run to its end.
pub fn callready(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callready")).arg("--db").arg(db_path(dir)).args(args).output().unwrap()
}

/// A session made through the API: its agent code and its report code (which reads
/// every run).
pub async fn new_session(client: &reqwest::Client, server: &Server) -> (String, String) {
    let answer = client.post(server.url("/api/sessions")).json(&json!({})).send().await.unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::CREATED);
    let body: Value = answer.json().await.unwrap();
    (body["code"].as_str().unwrap().to_string(), body["report_code"].as_str().unwrap().to_string())
}

/// A small run (HTTPS and WebSocket only) whose `duration_ms` is `figure`: the
/// figure tells the run apart when it is read back.
pub fn run_body(client_run_id: &str, figure: f64) -> Value {
    json!({
        "client_run_id": client_run_id,
        "results": {
            "duration_ms": figure,
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

/// The runs a report code reads: `(number, figure)`, oldest first.
pub async fn stored_runs(client: &reqwest::Client, server: &Server, report_code: &str) -> Vec<(u64, f64)> {
    let answer = client.get(server.url(&format!("/api/sessions/{report_code}"))).send().await.unwrap();
    let status = answer.status();
    let body: Value = answer.json().await.unwrap_or(Value::Null);
    assert_eq!(status, reqwest::StatusCode::OK, "every stored run reads back whole: {body}");
    let mut runs: Vec<(u64, f64)> = body["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|run| (run["number"].as_u64().unwrap(), run["results"]["duration_ms"].as_f64().unwrap()))
        .collect();
    runs.sort_by_key(|(number, _)| *number);
    runs
}

/// A plain connection to the database file (no migrations, no checks).
pub async fn connect(db: &Path) -> sqlx::SqliteConnection {
    use sqlx::ConnectOptions;
    sqlx::sqlite::SqliteConnectOptions::new().filename(db).connect().await.unwrap()
}
