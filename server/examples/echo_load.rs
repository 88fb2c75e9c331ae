//! Load for `cargo xtask bench`: how many simultaneous simulated calls one echo peer
//! carries. Each call is a native str0m peer (its own UDP socket) that signals over
//! the server's real `/ws/rtc`, opens an unordered no-retransmit data channel like the
//! page, and sends 172-byte probe packets at 50 per second. For each level the calls
//! connect, send for the window, and we print loss (sent − echoed), the echo RTT,
//! the server's CPU over the window and its resident memory per peer (from /proc).
//!
//! Usage: `echo_load <http://host:port> <server pid> [levels, e.g. 25,50,100] [seconds]`

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::bail;
use callready_common::probes::media::{ProbePacket, PACKET_BYTES};
use str0m::channel::ChannelId;
use str0m::net::{Protocol, Receive};
use str0m::{Event, Input, Output};

#[path = "soak/peer.rs"]
mod peer;

/// The same allocator as the server's: the load client shares its two cores.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PACKET_INTERVAL: Duration = Duration::from_millis(20);
/// Echoes later than this after the window are counted as lost.
const GRACE: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Totals {
    open: AtomicU64,
    failed: AtomicU64,
    sent: AtomicU64,
    received: AtomicU64,
}

/// When the measured window runs; calls send outside it too, but only count inside.
struct Window {
    start: Instant,
    end: Instant,
}

async fn call(
    ws_url: String,
    totals: Arc<Totals>,
    window: Arc<tokio::sync::OnceCell<Window>>,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<Vec<f64>> {
    // The signalling socket is held until the call ends.
    let peer::Connected { socket, local, mut rtc, ws: _signalling } = peer::connect(&ws_url).await?;

    let epoch = Instant::now();
    let mut channel: Option<ChannelId> = None;
    let mut seq = 0u32;
    let mut next_send = Instant::now();
    let mut rtts = Vec::new();
    let mut buf = vec![0u8; 2048];
    // One timer for the call's life, moved each turn: cheaper than a new one per turn.
    let sleep = tokio::time::sleep_until(Instant::now().into());
    tokio::pin!(sleep);
    loop {
        let timeout = loop {
            match rtc.poll_output()? {
                Output::Timeout(at) => break at,
                Output::Transmit(t) => {
                    let _ = socket.send_to(&t.contents, t.destination).await;
                }
                Output::Event(Event::ChannelOpen(id, _)) => {
                    channel = Some(id);
                    totals.open.fetch_add(1, Ordering::Relaxed);
                }
                Output::Event(Event::ChannelData(data)) => {
                    if let (Some(packet), Some(w)) = (ProbePacket::decode(&data.data), window.get()) {
                        let sent_at = epoch + Duration::from_secs_f64(packet.client_sent_ms / 1000.0);
                        if sent_at >= w.start && sent_at < w.end && Instant::now() < w.end + GRACE {
                            totals.received.fetch_add(1, Ordering::Relaxed);
                            rtts.push(Instant::now().duration_since(sent_at).as_secs_f64() * 1000.0);
                        }
                    }
                }
                Output::Event(_) => {}
            }
        };
        if stop.load(Ordering::Relaxed) {
            return Ok(rtts);
        }
        // One timer per turn: str0m's, the next packet's, or the stop flag's check.
        let mut wake = timeout.min(Instant::now() + Duration::from_millis(100));
        if channel.is_some() {
            wake = wake.min(next_send);
        }
        sleep.as_mut().reset(wake.into());
        tokio::select! {
            received = socket.recv_from(&mut buf) => {
                let (n, source) = received?;
                if let Ok(contents) = buf[..n].try_into() {
                    rtc.handle_input(Input::Receive(Instant::now(), Receive { proto: Protocol::Udp, source, destination: local, contents }))?;
                }
            }
            () = &mut sleep => {
                let now = Instant::now();
                if let Some(id) = channel.filter(|_| now >= next_send) {
                    let packet = ProbePacket { seq, client_sent_ms: now.duration_since(epoch).as_secs_f64() * 1000.0, server_echo_ms: 0.0 };
                    seq += 1;
                    next_send += PACKET_INTERVAL;
                    if let Some(mut ch) = rtc.channel(id) {
                        let written = ch.write(true, &packet.encode()).unwrap_or(false);
                        if written && window.get().is_some_and(|w| now >= w.start && now < w.end) {
                            totals.sent.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                rtc.handle_input(Input::Timeout(now))?;
            }
        }
    }
}

fn proc_field(pid: u32, file: &str, key: &str) -> f64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum::<f64>() / 100.0
}

/// Datagrams the kernel dropped for a full receive buffer, on the whole machine
/// (server and load client alike), from /proc/net/snmp.
fn udp_buffer_drops() -> u64 {
    let text = std::fs::read_to_string("/proc/net/snmp").unwrap_or_default();
    let mut udp = text.lines().filter(|l| l.starts_with("Udp:"));
    let (Some(names), Some(values)) = (udp.next(), udp.next()) else { return 0 };
    names
        .split_whitespace()
        .zip(values.split_whitespace())
        .find(|(name, _)| *name == "RcvbufErrors")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0)
}

fn rss_kib(pid: u32) -> f64 {
    proc_field(pid, "status", "VmRSS:")
}

/// Echo peers alive, from `GET /api/status` with the token in `CALLREADY_STATUS_TOKEN`.
async fn echo_peers(http: &str) -> u64 {
    let token = std::env::var("CALLREADY_STATUS_TOKEN").unwrap_or_default();
    let client = reqwest::Client::new();
    let body = async {
        client.get(format!("{http}/api/status")).bearer_auth(token).send().await?.json::<serde_json::Value>().await
    };
    body.await.ok().and_then(|v| v["echo_peers"].as_u64()).unwrap_or(u64::MAX)
}

/// Runs one level; returns the server's resident memory (KiB) while its calls were
/// up, and their loss (%).
async fn level(http: &str, pid: u32, calls: usize, seconds: u64, before: (usize, f64)) -> anyhow::Result<(f64, f64)> {
    let ws_url = format!("{}/ws/rtc", http.replacen("http", "ws", 1));
    let totals = Arc::new(Totals::default());
    let window = Arc::new(tokio::sync::OnceCell::new());
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for i in 0..calls {
        let (url, t, w, s) = (ws_url.clone(), totals.clone(), window.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let result = call(url, t.clone(), w, s).await;
            if let Err(err) = &result {
                if t.failed.fetch_add(1, Ordering::Relaxed) == 0 {
                    eprintln!("call {i} failed: {err:#}");
                }
            }
            result.unwrap_or_default()
        }));
        // Spread the calls' packet clocks over the 20 ms period, as real calls are.
        tokio::time::sleep(Duration::from_millis(3)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while totals.open.load(Ordering::Relaxed) + totals.failed.load(Ordering::Relaxed) < calls as u64
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let open = totals.open.load(Ordering::Relaxed);
    let peers = echo_peers(http).await;
    // Settle for a second, then measure; the window is known before it opens, so
    // sending and echo counting agree on which packets are in it.
    let start = Instant::now() + Duration::from_secs(1);
    let _ = window.set(Window { start, end: start + Duration::from_secs(seconds) });
    tokio::time::sleep_until(start.into()).await;
    let (cpu_before, client_before, drops_before) =
        (cpu_seconds(pid), cpu_seconds(std::process::id()), udp_buffer_drops());
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let cpu = cpu_seconds(pid) - cpu_before;
    let client_cpu = cpu_seconds(std::process::id()) - client_before;
    let drops = udp_buffer_drops() - drops_before;
    let rss = rss_kib(pid);
    tokio::time::sleep(GRACE).await;
    stop.store(true, Ordering::Relaxed);
    let mut rtts = Vec::new();
    for task in tasks {
        rtts.extend(task.await.unwrap_or_default());
    }
    let (sent, received) = (totals.sent.load(Ordering::Relaxed), totals.received.load(Ordering::Relaxed));
    let loss = if sent == 0 { 100.0 } else { 100.0 * (sent.saturating_sub(received)) as f64 / sent as f64 };
    rtts.sort_by(f64::total_cmp);
    let pct = |p: f64| rtts.get(((rtts.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(f64::NAN);
    println!(
        "  {calls:>4} calls: {open:>4} connected ({peers} echo peers), {sent:>6} sent, {received:>6} echoed, \
         loss {loss:.3} %, RTT median {:.1} ms p99 {:.1} ms, server CPU {:.0} % of one core (load client {:.0} %), \
         {drops} UDP buffer drops, RSS {:.1} MiB (+{:.0} KiB per added peer)",
        pct(0.5),
        pct(0.99),
        100.0 * cpu / seconds as f64,
        100.0 * client_cpu / seconds as f64,
        rss / 1024.0,
        (rss - before.1).max(0.0) / calls.saturating_sub(before.0).max(1) as f64,
    );
    // Wait for the server to drop the peers before the next level.
    let deadline = Instant::now() + Duration::from_secs(15);
    while echo_peers(http).await != 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok((rss, loss))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(http), Some(pid)) = (args.first(), args.get(1).and_then(|p| p.parse::<u32>().ok())) else {
        bail!("usage: echo_load <http://host:port> <server pid> [levels] [seconds]");
    };
    let levels: Vec<usize> =
        args.get(2).map(String::as_str).unwrap_or("25,50,100,200").split(',').filter_map(|l| l.parse().ok()).collect();
    let seconds: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    debug_assert_eq!(PACKET_BYTES, 172);
    println!(
        "Echo peer: simulated calls of 50 packets/s x 172 bytes on one data channel each, {seconds} s window per level"
    );
    // Memory per peer is the slope between levels: what the allocator keeps from a
    // level is reused by the next, so growth over idle would understate it.
    let mut before = (0, rss_kib(pid));
    let mut losses = Vec::new();
    for calls in levels {
        let (rss, loss) = level(http, pid, calls, seconds, before).await?;
        before = (calls, rss);
        losses.push((calls, loss));
    }
    // "Added" loss: above the lightest level's, which is the load client's own floor.
    if let Some(&(_, floor)) = losses.first() {
        let carried = losses.iter().take_while(|(_, loss)| loss - floor < 0.5).last().map(|(calls, _)| *calls);
        match carried {
            Some(calls) => println!(
                "  carried with < 0.5 % added loss: {calls} simultaneous calls (floor {floor:.3} % at the lightest level; \
                 load client on the same two cores)"
            ),
            None => println!("  no level stayed within 0.5 % added loss"),
        }
    }
    Ok(())
}
