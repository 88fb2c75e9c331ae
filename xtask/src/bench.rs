//! `cargo xtask bench`: figures, printed, never asserted.
//!
//! TURN relay: the same coturn client (`turnutils_uclient`, many sessions at a fixed
//! packet interval) relays through our server and through coturn in the same run, to
//! the same `turnutils_peer`; we print packets per second, loss and the server's CPU
//! time per 1000 echoed messages, and the ratio ours / coturn. The client paces its
//! sessions, so packets/s mostly shows the client; CPU per message is the comparison.
//!
//! Echo peer: `echo_load` (a server example) opens ever more simulated calls, each a
//! native WebRTC peer sending 50 packets/s through the real `/ws/rtc` signalling, and
//! prints loss, RTT, server CPU and memory per level. The load client shares the
//! machine's cores with the server, so the figures are a floor for the server alone.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

const SECRET: &str = "bench-secret";
const SESSIONS: u32 = 40;
const MESSAGES: u32 = 1000;
const INTERVAL_MS: u32 = 5;

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn wait_for(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("nothing listens on {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// CPU seconds (user + system) a process has used, from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks: f64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum();
    ticks / 100.0
}

/// A REST-scheme username valid for an hour; coturn's client derives the password
/// from it and the secret (`-W`), as our server and coturn both expect.
fn rest_username() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format!("{}:bench", now + 3600)
}

struct Figures {
    received: u64,
    sent: u64,
    seconds: f64,
    cpu: f64,
}

fn total(output: &str, key: &str) -> u64 {
    output
        .rsplit(key)
        .next()
        .filter(|_| output.contains(key))
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn load(turn_port: u16, peer_port: u16, server_pid: u32) -> anyhow::Result<Figures> {
    let username = rest_username();
    let cpu_before = cpu_seconds(server_pid);
    let started = Instant::now();
    let out = Command::new("turnutils_uclient")
        .args(["-u", &username, "-W", SECRET, "-e", "127.0.0.1", "-r", &peer_port.to_string()])
        .args(["-p", &turn_port.to_string(), "-m", &SESSIONS.to_string(), "-n", &MESSAGES.to_string()])
        .args(["-z", &INTERVAL_MS.to_string(), "-l", "172", "-c", "127.0.0.1"])
        .output()
        .context("turnutils_uclient (Debian package coturn)")?;
    let seconds = started.elapsed().as_secs_f64();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    Ok(Figures {
        received: total(&text, "tot_recv_msgs="),
        sent: total(&text, "tot_send_msgs="),
        seconds,
        cpu: cpu_seconds(server_pid) - cpu_before,
    })
}

pub fn turn_relay(server_binary: &std::path::Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let peer_port = free_port()?;
    let _peer = Guard(
        Command::new("turnutils_peer")
            .args(["-L", "127.0.0.1", "-p", &peer_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    let ours_port = free_port()?;
    let http_port = free_port()?;
    let ours = Guard(
        Command::new(server_binary)
            .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db"])
            .arg(dir.join("bench.db"))
            .args(["--turn-udp", &format!("127.0.0.1:{ours_port}"), "--turn-tcp", &format!("127.0.0.1:{ours_port}")])
            .args(["--turn-tls", "127.0.0.1:0", "--turn-public-ip", "127.0.0.1", "--turn-relay-ip", "127.0.0.1"])
            .args(["--turn-secret", SECRET, "--turn-allow-peer", "127.0.0.1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(http_port)?;
    let coturn_port = free_port()?;
    let coturn = Guard(
        Command::new("turnserver")
            .args(["-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1", "--realm=callready"])
            .arg(format!("--listening-port={coturn_port}"))
            .args(["--use-auth-secret", &format!("--static-auth-secret={SECRET}"), "--allow-loopback-peers"])
            .args(["--no-tls", "--no-dtls", "--no-cli", "--log-file=stdout"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("turnserver (Debian package coturn)")?,
    );
    wait_for(coturn_port)?;
    println!(
        "TURN relay over UDP: {SESSIONS} sessions x {MESSAGES} messages of 172 bytes every {INTERVAL_MS} ms \
         ({} packets/s offered), client turnutils_uclient, peer turnutils_peer",
        SESSIONS * 1000 / INTERVAL_MS
    );
    let mut results = Vec::new();
    for (name, port, pid) in [("callready", ours_port, ours.0.id()), ("coturn", coturn_port, coturn.0.id())] {
        let f = load(port, peer_port, pid)?;
        let pps = f.received as f64 / f.seconds;
        let loss = if f.sent == 0 { 100.0 } else { 100.0 * (1.0 - f.received as f64 / f.sent as f64) };
        // Each echoed message crosses the server twice (to the peer and back).
        let cpu_per_k = 1e6 * f.cpu / f.received.max(1) as f64;
        println!(
            "  {name:<10} {pps:>9.0} packets/s echoed ({} of {} back, loss {loss:.2} %), server CPU {:.2} s = {:.1} ms per 1000 echoed messages",
            f.received, f.sent, f.cpu, cpu_per_k
        );
        results.push((pps, cpu_per_k));
    }
    if let [(ours_pps, ours_cpu), (coturn_pps, coturn_cpu)] = results[..] {
        println!(
            "  ratio callready/coturn: throughput {:.2}, CPU per packet {:.2}",
            ours_pps / coturn_pps.max(1e-9),
            ours_cpu / coturn_cpu.max(1e-9)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Simultaneous calls per level; the server's own cap is raised above the last.
const ECHO_LEVELS: &str = "100,200,400,600,800";

pub fn echo_peer(server_binary: &std::path::Path, load_binary: &std::path::Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-bench-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let http_port = free_port()?;
    let server = Guard(
        Command::new(server_binary)
            .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db"])
            .arg(dir.join("bench.db"))
            .args(["--no-turn", "--rtc-udp", "127.0.0.1:0", "--rtc-max-peers", "2000"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(http_port)?;
    let status = Command::new(load_binary)
        .args([&format!("http://127.0.0.1:{http_port}"), &server.0.id().to_string(), ECHO_LEVELS, "10"])
        .status()
        .context("the echo_load example")?;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    if !status.success() {
        bail!("echo_load failed");
    }
    Ok(())
}
