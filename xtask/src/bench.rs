//! `cargo xtask bench`: figures, printed, never asserted.
//!
//! Page weight: what each app's first load fetches from a running server, raw and
//! as sent with brotli, with one language's texts.
//!
//! TURN relay: the same coturn client (`turnutils_uclient`, many sessions at a fixed
//! packet interval) relays through our server and through coturn in the same run, to
//! the same `turnutils_peer`; we print packets per second, loss and the server's CPU
//! time per 1000 echoed messages, and the ratio ours / coturn. The client paces its
//! sessions, so packets/s mostly shows the client; CPU per message is the comparison.
//!
//! Transfers: `wrk` against `/api/download` and against nginx serving a file of the
//! same size (with and without sendfile), alternating passes, medians: throughput and
//! server CPU per GB as ratios; then the upload endpoint's CPU per GB.
//!
//! Echo peer: `echo_load` (a server example) opens ever more simulated calls, each a
//! native WebRTC peer sending 50 packets/s through the real `/ws/rtc` signalling, and
//! prints loss, RTT, server CPU and the load client's, UDP drops and memory per level.
//! The load client shares the machine's cores with the server, so the figures are a
//! floor for the server alone.
//!
//! Time to interactive, region selection and bandwidth exactness come from the truth
//! lab's scenarios, run here and their printed figures kept.
//!
//! Every server is measured once it is idle: a fresh one compresses its assets first.

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

const SECRET: &str = "bench-secret";
const SESSIONS: u32 = 40;
const MESSAGES: u32 = 1000;
const INTERVAL_MS: u32 = 5;

/// A child process, killed when dropped.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub fn wait_for(port: u16) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("nothing listens on {port}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// The fields of `/proc/<process>/stat` after the command's closing parenthesis
/// (the state first), empty when the process is gone.
fn stat_fields(process: &str) -> Vec<String> {
    let stat = std::fs::read_to_string(format!("/proc/{process}/stat")).unwrap_or_default();
    stat.rsplit(')').next().unwrap_or_default().split_whitespace().map(str::to_string).collect()
}

/// Seconds in the two clock-tick fields of `process`'s stat from `first` on (11:
/// its own user + system time; 13: that of its children waited for).
fn stat_seconds(process: &str, first: usize) -> f64 {
    let fields = stat_fields(process);
    let ticks: f64 = [first, first + 1].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum();
    ticks / 100.0
}

/// CPU seconds (user + system) a process has used, from /proc.
fn cpu_seconds(pid: u32) -> f64 {
    stat_seconds(&pid.to_string(), 11)
}

/// The processes now running, from /proc.
fn pids() -> impl Iterator<Item = u32> {
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
}

/// Waits until process `pid` is idle (under 2 % of a core for half a second, at most
/// a minute): a fresh server compresses its assets in the background first, which
/// must not be billed to the figures that follow.
pub fn wait_idle(pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut before = cpu_seconds(pid);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
        let now = cpu_seconds(pid);
        if now - before < 0.01 {
            return;
        }
        before = now;
    }
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
    /// The client's own summary lines (send time, round trip), as it printed them.
    summary: Vec<String>,
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

fn load(turn_port: u16, peer_port: u16, server_pid: u32, tcp: bool) -> anyhow::Result<Figures> {
    let username = rest_username();
    let cpu_before = cpu_seconds(server_pid);
    let started = Instant::now();
    let mut client = Command::new("turnutils_uclient");
    if tcp {
        // TCP between the client and the server; the relay to the peer stays UDP.
        client.arg("-t");
    }
    let out = client
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
        summary: text
            .lines()
            .filter(|l| l.contains("Total transmit time") || l.contains("Average round trip delay"))
            .map(|l| l.split(": ").last().unwrap_or(l).trim().to_string())
            .collect(),
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
            // Every session is one client on one credential, as coturn is run.
            .args(["--turn-allocations-per-credential", "10000", "--turn-allocations-per-address", "10000"])
            .args(["--turn-unauthenticated-per-second", "100000", "--turn-relay-mib-per-second", "10000"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(http_port)?;
    wait_idle(ours.0.id());
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
    wait_idle(coturn.0.id());
    for (transport, tcp) in [("UDP", false), ("TCP", true)] {
        println!(
            "TURN relay, client over {transport}: {SESSIONS} sessions x {MESSAGES} messages of 172 bytes every \
             {INTERVAL_MS} ms ({} packets/s offered), client turnutils_uclient, peer turnutils_peer",
            SESSIONS * 1000 / INTERVAL_MS
        );
        let mut results = Vec::new();
        for (name, port, pid) in [("callready", ours_port, ours.0.id()), ("coturn", coturn_port, coturn.0.id())] {
            let f = load(port, peer_port, pid, tcp)?;
            let pps = f.received as f64 / f.seconds;
            let loss = if f.sent == 0 { 100.0 } else { 100.0 * (1.0 - f.received as f64 / f.sent as f64) };
            // Each echoed message crosses the server twice (to the peer and back).
            let cpu_per_k = 1e6 * f.cpu / f.received.max(1) as f64;
            println!(
                "  {name:<10} {pps:>9.0} packets/s echoed ({} of {} back, loss {loss:.2} %), server CPU {:.2} s = \
                 {:.1} ms per 1000 echoed messages",
                f.received, f.sent, f.cpu, cpu_per_k
            );
            println!("             client: {}", f.summary.join("; "));
            results.push((pps, cpu_per_k));
        }
        if let [(ours_pps, ours_cpu), (coturn_pps, coturn_cpu)] = results[..] {
            println!(
                "  ratio callready/coturn over {transport}: throughput {:.2}, CPU per message {:.2}",
                ours_pps / coturn_pps.max(1e-9),
                ours_cpu / coturn_cpu.max(1e-9)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Simultaneous calls per level; the server's own cap is raised above the last.
const ECHO_LEVELS: &str = "200,400,600,800,1000,1200";

pub fn echo_peer(server_binary: &std::path::Path, load_binary: &std::path::Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-bench-echo-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let http_port = free_port()?;
    // Echo peers are counted by `GET /api/status`, which takes an account or a token.
    let token =
        Command::new(server_binary).arg("--db").arg(dir.join("bench.db")).args(["token", "add", "bench"]).output()?;
    anyhow::ensure!(token.status.success(), "callready token add failed with {}", token.status);
    let token = String::from_utf8(token.stdout)?.trim().to_string();
    let server = Guard(
        Command::new(server_binary)
            .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db"])
            .arg(dir.join("bench.db"))
            .args(["--no-turn", "--rtc-udp", "127.0.0.1:0", "--rtc-max-peers", "2000"])
            // Every simulated call signals from this one address.
            .args(["--websockets-per-address", "10000", "--max-websockets", "10000"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(http_port)?;
    wait_idle(server.0.id());
    let status = Command::new(load_binary)
        .args([&format!("http://127.0.0.1:{http_port}"), &server.0.id().to_string(), ECHO_LEVELS, "10"])
        .env("CALLREADY_STATUS_TOKEN", &token)
        .status()
        .context("the echo_load example")?;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    if !status.success() {
        bail!("echo_load failed");
    }
    Ok(())
}

/// One GET on loopback, HTTP/1.1 by hand, uncompressed: the body, de-chunked.
fn get(port: u16, path: &str) -> anyhow::Result<Vec<u8>> {
    use std::io::{Read, Write};
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").context("an HTTP answer")?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default().to_string();
    if !status.contains(" 200 ") {
        bail!("GET {path}: {status}");
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        while let Some(end) = rest.windows(2).position(|w| w == b"\r\n") {
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16).unwrap_or(0);
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Ok(body)
}

/// The files a page loads first: itself, then what its HTML links (script, wasm,
/// stylesheet; not the icon).
fn first_load_files(html: &str) -> Vec<String> {
    let mut files = Vec::new();
    for attribute in ["href=\"/", "src=\"/"] {
        for (at, _) in html.match_indices(attribute) {
            let path: String = html[at + attribute.len() - 1..].chars().take_while(|c| *c != '"').collect();
            let wanted = [".js", ".wasm", ".css"].iter().any(|ext| path.ends_with(ext));
            if wanted && !files.contains(&path) {
                files.push(path);
            }
        }
    }
    files
}

/// The split modules `__wasm_split.js` (in `folder`) fetches: the agent's probes,
/// fetched while the page waits for its session, after the first load.
fn split_module_files(loader: &str, folder: &str) -> Vec<String> {
    loader
        .split('"')
        .filter_map(|piece| piece.strip_prefix("./"))
        .filter(|name| name.ends_with(".wasm"))
        .map(|name| format!("{folder}{name}"))
        .collect()
}

/// Brotli at quality 11, window 22: what the server precompresses its assets and
/// texts with (right after it starts it compresses on the fly, less tightly).
fn brotli_size(data: &[u8]) -> usize {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut out = Vec::new();
    match brotli::BrotliCompress(&mut &data[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => data.len(),
    }
}

/// Page weight: what the agent's page (`/t/<code>`, the same app as `/`) and
/// support's (`/r/<code>`, `/console`) load before they show, raw and compressed as
/// the server sends them, one language's texts included (the largest).
pub fn page_weight(server_binary: &std::path::Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-bench-weight-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let http_port = free_port()?;
    let _server = Guard(
        Command::new(server_binary)
            .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db"])
            .arg(dir.join("bench.db"))
            .args(["--no-turn", "--rtc-udp", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(http_port)?;
    let catalogues: Vec<(String, usize, usize)> = ["en", "fr", "it", "ru"]
        .iter()
        .map(|lang| {
            let path = format!("/locales/{lang}.ftl");
            let body = get(http_port, &path).unwrap_or_default();
            (path, body.len(), brotli_size(&body))
        })
        .collect();
    let largest = catalogues.iter().max_by_key(|c| c.2).cloned().context("a catalogue")?;
    println!("page weight (bytes, raw → brotli quality 11, as the server sends them):");
    for (path, raw, sent) in &catalogues {
        println!("  texts {path:<20} {raw:>9} → {sent:>7}");
    }
    for (app, page) in [("agent's app", "/"), ("support's app", "/console")] {
        let html = get(http_port, page)?;
        let html = String::from_utf8_lossy(&html).to_string();
        let mut files = vec![page.to_string()];
        files.extend(first_load_files(&html));
        let (mut raw_total, mut sent_total) = (largest.1, largest.2);
        let mut split_modules = Vec::new();
        println!("{app} ({page}):");
        for file in &files {
            let body = get(http_port, file)?;
            let (raw, sent) = (body.len(), brotli_size(&body));
            raw_total += raw;
            sent_total += sent;
            println!("  {file:<60} {raw:>9} → {sent:>7}");
            if let Some(folder) = file.strip_suffix("__wasm_split.js") {
                split_modules = split_module_files(&String::from_utf8_lossy(&body), folder);
            }
        }
        println!("  {:<60} {:>9} → {:>7}", format!("+ texts {}", largest.0), largest.1, largest.2);
        println!(
            "  first load {:<49} {raw_total:>9} → {sent_total:>7} ({:.0} KB brotli)",
            "",
            sent_total as f64 / 1000.0
        );
        for file in &split_modules {
            let body = get(http_port, file)?;
            println!("  then, in the background: {file:<36} {:>9} → {:>7}", body.len(), brotli_size(&body));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Run saves per second and their latency, on SQLite and on PostgreSQL (a cluster of
/// the bench's own, fsync on, as in production): the release server on loopback,
/// the `save_load` example as 16 clients for 10 s each.
pub fn run_saves(server_binary: &std::path::Path, load_binary: &std::path::Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-bench-saves-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let sqlite = dir.join("bench.db").display().to_string();
    let pg = crate::postgres::TestPostgres::start(true)?;
    let postgres = callready_database(&pg.url, "bench_saves");
    for (label, db) in [("SQLite", sqlite.as_str()), ("PostgreSQL", postgres.as_str())] {
        let http_port = free_port()?;
        let server = Guard(
            Command::new(server_binary)
                .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db", db])
                .args([
                    "--no-turn",
                    "--rtc-udp",
                    "127.0.0.1:0",
                    "--retention-days",
                    "0",
                    "--profile-ports",
                    "none",
                    "--open-sessions",
                ])
                .args(["--nat-probe-udp", "127.0.0.1:0", "127.0.0.1:0"])
                .args(["--secret-file"])
                .arg(dir.join("bench.key"))
                // One address saves them all.
                .args(["--runs-per-minute", "10000000", "--sessions-per-minute", "10000000"])
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(dir.join("server.log"))?)
                .spawn()?,
        );
        if let Err(err) = wait_for(http_port) {
            let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
            bail!("{err}; the server said:\n{log}");
        }
        let status = Command::new(load_binary)
            .args([&format!("http://127.0.0.1:{http_port}"), "16", "10", label])
            .status()
            .context("the save_load example")?;
        drop(server);
        if !status.success() {
            bail!("save_load failed on {label}");
        }
    }
    drop(pg);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// `url` (a server's) naming the database `name`.
fn callready_database(url: &str, name: &str) -> String {
    match url.split_once("/callready?") {
        Some((server, query)) => format!("{server}/{name}?{query}"),
        None => url.to_string(),
    }
}

/// The page's region selection, from the two-region lab (two nodes in namespaces
/// 20 ms and 80 ms away, real Chromium and Firefox): its printed figures.
pub fn region_selection() -> anyhow::Result<()> {
    let pg = crate::postgres::TestPostgres::start(false)?;
    lab_figures(
        "lab_regions",
        None,
        &[(crate::postgres::SERVER_VAR, &pg.url)],
        "region selection (two-region lab)",
        |l| l.contains("region") && (l.contains("measured") || l.contains("left the list")),
    )
}

/// The size of each download in the transfer bench (ours and nginx's file alike).
const TRANSFER_BYTES: usize = 64 << 20;
/// Each wrk pass runs this long.
const TRANSFER_SECONDS: u32 = 5;
/// Passes per server and stream count.
const TRANSFER_ROUNDS: usize = 5;

/// One wrk download pass: bytes per second, and CPU seconds per GB of the server, of
/// the client (wrk), of the kernel's deferred network work (`ksoftirqd`), and of the
/// whole machine.
#[derive(Clone, Copy)]
struct Pass {
    rate: f64,
    server_cpu: f64,
    client_cpu: f64,
    deferred_cpu: f64,
    machine_cpu: f64,
}

/// The median of each figure of `runs`, taken apart.
fn medians(runs: &[Pass]) -> Pass {
    let median = |figure: fn(&Pass) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(figure).collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(0.0)
    };
    Pass {
        rate: median(|p| p.rate),
        server_cpu: median(|p| p.server_cpu),
        client_cpu: median(|p| p.client_cpu),
        deferred_cpu: median(|p| p.deferred_cpu),
        machine_cpu: median(|p| p.machine_cpu),
    }
}

/// Busy CPU seconds of the whole machine (all cores: user, system, interrupts and
/// softirqs; not steal), from /proc/stat. On loopback the receiving side's network
/// work runs in whichever context the kernel picks: the sender's, the receiver's, or
/// `ksoftirqd` (billed to neither), so one process's CPU swings with scheduling; the
/// machine's total does not.
fn machine_cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let line = stat.lines().next().unwrap_or_default();
    // cpu user nice system idle iowait irq softirq steal ...
    let ticks: Vec<f64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
    // Steal (time the hypervisor gave elsewhere) is not work done here.
    let busy: f64 = [0, 1, 2, 5, 6].iter().filter_map(|&i| ticks.get(i)).sum();
    busy / 100.0
}

/// CPU seconds of this process's children that have ended and been waited for (wrk,
/// once `output()` returns), from /proc.
fn ended_children_cpu_seconds() -> f64 {
    stat_seconds("self", 13)
}

/// CPU seconds of the kernel's softirq threads (`ksoftirqd/N`): network work the
/// kernel deferred, billed to no process.
fn deferred_cpu_seconds() -> f64 {
    pids()
        .filter(|pid| {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            comm.starts_with("ksoftirqd/")
        })
        .map(cpu_seconds)
        .sum()
}

/// CPU seconds of a process and its children (nginx's workers), from /proc.
fn tree_cpu_seconds(pid: u32) -> f64 {
    // The parent's pid is the field after the state.
    let is_child =
        |child: &u32| stat_fields(&child.to_string()).get(1).and_then(|p| p.parse::<u32>().ok()) == Some(pid);
    cpu_seconds(pid) + pids().filter(is_child).map(cpu_seconds).sum::<f64>()
}

/// wrk's "Transfer/sec" in bytes per second, and its request count.
fn wrk_figures(output: &str) -> (f64, u64) {
    let rate = output.lines().find_map(|l| l.trim().strip_prefix("Transfer/sec:")).map(str::trim).and_then(|v| {
        let digits: String = v.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        let unit = match &v[digits.len()..] {
            "GB" => 1024.0 * 1024.0 * 1024.0,
            "MB" => 1024.0 * 1024.0,
            "KB" => 1024.0,
            _ => 1.0,
        };
        Some(digits.parse::<f64>().ok()? * unit)
    });
    let requests = output
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    (rate.unwrap_or(0.0), requests)
}

/// What one wrk run cost in CPU seconds: the server's (with its children), wrk's,
/// `ksoftirqd`'s and the machine's.
struct Cost {
    server: f64,
    client: f64,
    deferred: f64,
    machine: f64,
}

impl Cost {
    /// The figures now, to subtract from those after a run.
    fn now(server_pid: u32) -> Cost {
        Cost {
            server: tree_cpu_seconds(server_pid),
            client: ended_children_cpu_seconds(),
            deferred: deferred_cpu_seconds(),
            machine: machine_cpu_seconds(),
        }
    }

    /// What was spent since `before`.
    fn since(self, before: &Cost) -> Cost {
        Cost {
            server: self.server - before.server,
            client: self.client - before.client,
            deferred: self.deferred - before.deferred,
            machine: self.machine - before.machine,
        }
    }
}

/// Runs wrk with `streams` connections against `url` (with a Lua `script`, if
/// given): its output, and what process `server_pid` and the machine used meanwhile.
fn wrk(url: &str, streams: u32, server_pid: u32, script: Option<&std::path::Path>) -> anyhow::Result<(String, Cost)> {
    let before = Cost::now(server_pid);
    let mut command = Command::new("wrk");
    command.args(["-t", &streams.min(2).to_string(), "-c", &streams.to_string()]);
    command.args(["-d", &format!("{TRANSFER_SECONDS}s")]);
    if let Some(script) = script {
        command.arg("-s").arg(script);
    }
    let out = command.arg(url).output().context("wrk (Debian package wrk)")?;
    let cost = Cost::now(server_pid).since(&before);
    Ok((String::from_utf8_lossy(&out.stdout).to_string(), cost))
}

/// One wrk download pass.
fn wrk_pass(url: &str, streams: u32, server_pid: u32) -> anyhow::Result<Pass> {
    let (text, cost) = wrk(url, streams, server_pid, None)?;
    let (rate, requests) = wrk_figures(&text);
    anyhow::ensure!(requests > 0 && rate > 0.0, "wrk made no request: {text}");
    let gigabytes = (rate * f64::from(TRANSFER_SECONDS) / 1e9).max(1e-9);
    Ok(Pass {
        rate,
        server_cpu: cost.server / gigabytes,
        client_cpu: cost.client / gigabytes,
        deferred_cpu: cost.deferred / gigabytes,
        machine_cpu: cost.machine / gigabytes,
    })
}

/// A pass's rate and where its CPU went, per GB.
fn pass_figures(pass: &Pass) -> String {
    format!(
        "{:.2} GB/s, CPU s/GB: server {:.3}, wrk {:.3}, ksoftirqd {:.3}, machine {:.3}",
        pass.rate / 1e9,
        pass.server_cpu,
        pass.client_cpu,
        pass.deferred_cpu,
        pass.machine_cpu
    )
}

/// A live probe token from the server's `/api/config`.
fn probe_token(port: u16) -> anyhow::Result<String> {
    let body = String::from_utf8(get(port, "/api/config")?)?;
    let (_, rest) = body.split_once("\"probe_token\":\"").context("a probe token in /api/config")?;
    Ok(rest.split('"').next().unwrap_or_default().to_string())
}

/// Download endpoint against nginx serving a file of the same size, same client
/// (wrk), same run, loopback, 1 and 8 streams: throughput and server CPU per GB.
/// Then the upload endpoint's CPU per GB received.
pub fn transfers(server_binary: &std::path::Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("callready-bench-transfers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("www"))?;
    {
        use std::io::Read;
        let mut random = Vec::with_capacity(TRANSFER_BYTES);
        std::fs::File::open("/dev/urandom")?.take(TRANSFER_BYTES as u64).read_to_end(&mut random)?;
        std::fs::write(dir.join("www/download.bin"), &random)?;
    }
    let (http_port, metrics_port) = (free_port()?, free_port()?);
    let ours = Guard(
        Command::new(server_binary)
            .args(["--listen", &format!("127.0.0.1:{http_port}"), "--db"])
            .arg(dir.join("bench.db"))
            .args(["--no-turn", "--rtc-udp", "127.0.0.1:0", "--profile-ports", "none"])
            .args(["--nat-probe-udp", "127.0.0.1:0,127.0.0.1:0"])
            .args(["--metrics-listen", &format!("127.0.0.1:{metrics_port}")])
            // One address moves tens of gigabytes a minute here.
            .args(["--transfers-per-address", "64", "--transfer-mib-per-minute", "4000000"])
            .args(["--transfer-gib-per-hour", "4000", "--configs-per-minute", "10000"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?,
    );
    wait_for(http_port)?;
    wait_idle(ours.0.id());
    let nginx_port = free_port()?;
    // The same nginx copying through user space, as it must under TLS (no kTLS here).
    let copying_port = free_port()?;
    let conf = dir.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\nworker_processes 2;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
             events {{ worker_connections 256; }}\n\
             http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;\n\
             client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;\n\
             uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;\n\
             server {{ listen 127.0.0.1:{nginx_port}; root {dir}/www; }}\n\
             server {{ listen 127.0.0.1:{copying_port}; root {dir}/www; sendfile off; }} }}\n",
            dir = dir.display()
        ),
    )?;
    let nginx = Guard(
        Command::new("nginx")
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("nginx (Debian package nginx-light)")?,
    );
    wait_for(nginx_port)?;
    println!(
        "downloads: GET of {} MiB, wrk on loopback, {TRANSFER_SECONDS} s passes, server CPU per GB sent \
         (nginx: Debian's build, 2 workers, with and without sendfile)",
        TRANSFER_BYTES >> 20
    );
    for streams in [1u32, 8] {
        // Alternating passes, medians: the two servers and wrk share two cores, and
        // one pass alone swings by tens of percent.
        let (mut ours_runs, mut nginx_runs, mut copying_runs) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..TRANSFER_ROUNDS {
            let token = probe_token(http_port)?;
            let ours_url = format!("http://127.0.0.1:{http_port}/api/download?bytes={TRANSFER_BYTES}&token={token}");
            ours_runs.push(wrk_pass(&ours_url, streams, ours.0.id())?);
            let nginx_url = format!("http://127.0.0.1:{nginx_port}/download.bin");
            nginx_runs.push(wrk_pass(&nginx_url, streams, nginx.0.id())?);
            let copying_url = format!("http://127.0.0.1:{copying_port}/download.bin");
            copying_runs.push(wrk_pass(&copying_url, streams, nginx.0.id())?);
        }
        let ours = medians(&ours_runs);
        println!("  {streams} stream(s), median of {TRANSFER_ROUNDS}:");
        println!("    {:<21} {}", "callready", pass_figures(&ours));
        for (name, runs) in [("nginx (sendfile on)", &nginx_runs), ("nginx (sendfile off)", &copying_runs)] {
            let theirs = medians(runs);
            println!(
                "    {name:<21} {}; ratio callready/nginx: throughput {:.2}, server CPU per GB {:.2}, \
                 machine CPU per GB {:.2}",
                pass_figures(&theirs),
                ours.rate / theirs.rate.max(1.0),
                ours.server_cpu / theirs.server_cpu.max(1e-9),
                ours.machine_cpu / theirs.machine_cpu.max(1e-9)
            );
        }
    }
    let metrics = String::from_utf8(get(metrics_port, "/metrics")?)?;
    let counter = |name: &str| -> f64 {
        let line = metrics.lines().find(|l| l.starts_with(name));
        line.and_then(|l| l.split_whitespace().last()?.parse().ok()).unwrap_or(0.0)
    };
    let downloaded = counter("callready_bandwidth_bytes_total{direction=\"download\"}");
    println!(
        "  callready's downloads left without a copy through user space (sendfile): {:.1} % of {:.1} GB",
        100.0 * counter("callready_download_zero_copy_bytes_total") / downloaded.max(1.0),
        downloaded / 1e9
    );
    // Uploads: 8 MiB bodies, 1 and 8 streams; the server reads and counts them.
    let script = dir.join("upload.lua");
    std::fs::write(&script, "wrk.method = \"POST\"\nwrk.body = string.rep(\"u\", 8 * 1024 * 1024)\n")?;
    println!("uploads: POST of 8 MiB, wrk on loopback, server CPU per GB received");
    for streams in [1u32, 8] {
        let token = probe_token(http_port)?;
        let url = format!("http://127.0.0.1:{http_port}/api/upload?token={token}");
        let (text, cost) = wrk(&url, streams, ours.0.id(), Some(&script))?;
        let (_, requests) = wrk_figures(&text);
        anyhow::ensure!(requests > 0, "wrk made no upload: {text}");
        let gigabytes = requests as f64 * 8.0 * 1024.0 * 1024.0 / 1e9;
        println!(
            "  {streams} stream(s): {:.2} GB/s received, {:.3} CPU s/GB (machine {:.3})",
            gigabytes / f64::from(TRANSFER_SECONDS),
            cost.server / gigabytes.max(1e-9),
            cost.machine / gigabytes.max(1e-9)
        );
    }
    drop((ours, nginx));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// Runs the lab scenarios of `test` (those whose names contain `filter`, if given)
/// with `env`, and prints, under `title`, their output lines that `keep` returns
/// (cut at "; per second").
fn lab_figures(
    test: &str,
    filter: Option<&str>,
    env: &[(&str, &str)],
    title: &str,
    keep: impl Fn(&str) -> bool,
) -> anyhow::Result<()> {
    let output = Command::new("cargo")
        .args(["nextest", "run", "-p", "callready-e2e", "--test", test])
        .args(filter)
        .args(["--test-threads", "1", "--no-capture"])
        .envs(env.iter().copied())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("running the lab's {test} scenarios"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    println!("{title}:");
    for line in text.lines().filter(|l| keep(l)) {
        println!("  {}", line.split("; per second").next().unwrap_or(line));
    }
    if !output.status.success() {
        bail!("the lab's {test} scenarios failed");
    }
    Ok(())
}

/// Time to interactive: the lab's first-load scenario (the agent's page on a 2 Mbit/s
/// link, real Chromium and Firefox, empty cache then warm): its printed figures.
pub fn time_to_interactive() -> anyhow::Result<()> {
    lab_figures(
        "lab",
        Some("loads_the_page"),
        &[],
        "time to interactive (truth lab, 2 Mbit/s link, 50 ms queue)",
        |l| l.contains("interactive at"),
    )
}

/// Bandwidth exactness and the verdict's time: the lab's rate scenarios (2, 20, 50 and
/// 100 Mbit/s, three runs each, both browsers): each run's goodput against the
/// link's ceiling, the whole test's duration, and the means.
pub fn bandwidth_accuracy() -> anyhow::Result<()> {
    lab_figures(
        "lab",
        Some("measures_each_link_rate"),
        &[],
        "bandwidth against the TCP goodput ceiling, and the whole test's time (truth lab)",
        |l| l.contains(" kbit/s run ") || l.contains(" kbit/s: mean of"),
    )
}
