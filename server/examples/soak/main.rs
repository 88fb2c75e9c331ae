//! Soak load for `cargo xtask soak` (and its one-minute run in `cargo xtask test`):
//! M well-behaved simulated agents run the page's test again and again for N
//! minutes against a running server, while an abusive client from another address
//! hammers every limited endpoint. Each minute it prints the server's memory, file
//! descriptors, CPU, echo peers, TURN allocations and WebSockets, the agents' tests,
//! errors and call loss, and what the abusive client was served and refused. After
//! the agents leave it checks that the server is back near where it started.
//!
//! It fails (exit status 1) when an agent's test failed, the abusive client was not
//! held back, or memory or descriptors did not come back; figures such as loss and
//! CPU are printed, never judged.
//!
//! Usage: `soak --url http://127.0.0.1:PORT --pid PID --status-token TOKEN --agents M
//! --minutes N [the limit flags the server was started with]`

mod abuser;
mod agent;
mod call;
mod peer;
mod server;
mod tally;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use callready_server::limits::LimitSettings;
use clap::Parser;

use crate::abuser::{Abuser, ABUSER_IP};
use crate::agent::{Agent, TEST_PERIOD};
use crate::server::{Reading, Server};
use crate::tally::{held_back, Abuse, AbuseCounts, AbuseTally, AgentCounts, AgentTally, Bound};

/// How near its start the server must come back once the agents left: descriptors
/// closely (a leaked socket per test would show), memory generously: the allocator
/// keeps the pages it was given at the busiest moment, about 1 MiB per agent then
/// (0.8 MiB measured with 100 agents), and the per-minute figures show any growth.
const FD_TOLERANCE: usize = 16;
const RSS_TOLERANCE_MIB: f64 = 64.0;
const RSS_TOLERANCE_MIB_PER_AGENT: f64 = 1.0;
/// How long the server may take to close what the agents left.
const SETTLE: Duration = Duration::from_secs(15);
/// The abusive client starts this long before the agents, alone.
const ABUSE_FIRST: Duration = Duration::from_secs(5);
const MINUTE: Duration = Duration::from_secs(60);

#[derive(Parser)]
struct Args {
    /// The server, `http://127.0.0.1:PORT`.
    #[arg(long)]
    url: String,
    /// The server's process id, for /proc.
    #[arg(long)]
    pid: u32,
    /// An API token (`callready token add`), for `GET /api/status`.
    #[arg(long)]
    status_token: String,
    /// Simultaneous simulated agents.
    #[arg(long)]
    agents: usize,
    /// How long they test.
    #[arg(long)]
    minutes: u32,
    /// The limits the server was started with: the abusive client must be held to them.
    #[command(flatten)]
    limits: LimitSettings,
}

fn loss_pct(sent: u64, echoed: u64) -> f64 {
    AgentCounts { sent, echoed, ..Default::default() }.loss_pct()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let address: SocketAddr =
        args.url.strip_prefix("http://").and_then(|a| a.parse().ok()).context("--url http://<ip>:<port>")?;
    let server = Server::new(args.pid, &args.url, &args.status_token)?;

    // One test alone first: it starts what a first test starts (the database's
    // connections, the echo peer's task), and its call's loss is the floor the
    // soak's calls are compared with.
    let warm_up_tally = Arc::new(AgentTally::default());
    let floor = Agent::new(args.agents, &args.url, warm_up_tally.clone())?.test_once().await;
    if let Some(error) = warm_up_tally.first_errors().first() {
        bail!("the warm-up test failed: {error}");
    }
    let floor_pct = floor.map_or(0.0, |(sent, echoed)| loss_pct(sent, echoed));
    server.read_when_idle(SETTLE).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let quiet = server.read().await?;

    // The abusive client first, alone. Each wrong-password login it gets through
    // costs an Argon2 hash (19 MiB), and the allocator keeps that memory in its
    // per-thread arenas: a one-off step of a hundred MiB or more, shown here on its
    // own, which would otherwise hide what the agents' minutes add.
    let abuse_tally = Arc::new(AbuseTally::default());
    let abuse_started = Instant::now();
    let start = abuse_started + ABUSE_FIRST;
    let deadline = start + MINUTE * args.minutes;
    let abuser = tokio::spawn(Abuser::new(address, args.limits.clone(), abuse_tally.clone()).run(deadline));
    tokio::time::sleep_until(start.into()).await;
    let baseline = server.read().await?;
    let first_logins = abuse_tally.counts(Abuse::Logins).served;

    let limits = &args.limits;
    println!(
        "soak: {} agents from 127.0.0.1 for {} min, a test each every {} s at most; abusive client from {ABUSER_IP}",
        args.agents,
        args.minutes,
        TEST_PERIOD.as_secs()
    );
    println!(
        "  limits: sessions {}/min, runs {}/min, configs {}/min, logins {}/min, reads {}/min, transfers {} at once \
         and {} MiB/min, WebSockets {} at once",
        limits.sessions_per_minute,
        limits.runs_per_minute,
        limits.configs_per_minute,
        limits.logins_per_minute,
        limits.reads_per_minute,
        limits.transfers_per_address,
        limits.transfer_mib_per_minute,
        limits.websockets_per_address,
    );
    println!(
        "  after one test alone: RSS {:.1} MiB, {} fds; that test's call loss {floor_pct:.2} % (the floor)",
        quiet.rss_mib(),
        quiet.fds
    );
    println!(
        "  after the abusive client's first {} s alone ({first_logins} wrong-password logins served): RSS {:.1} MiB \
         ({:+.1}), the memory baseline",
        ABUSE_FIRST.as_secs(),
        baseline.rss_mib(),
        baseline.rss_mib() - quiet.rss_mib()
    );
    println!(
        "{:>4} {:>8} {:>5} {:>5} {:>5} {:>6} {:>4} | {:>6} {:>6} {:>6} {:>7} {:>7} | {:>8}",
        "min",
        "RSS MiB",
        "fds",
        "CPU%",
        "peers",
        "allocs",
        "ws",
        "tests",
        "errors",
        "calls",
        "loss%",
        "added",
        "moved MB"
    );

    let agent_tally = Arc::new(AgentTally::default());
    let mut agents = Vec::new();
    for id in 0..args.agents {
        // Starts spread over one test period, as agents arriving through the day are.
        let delay = TEST_PERIOD.mul_f64(id as f64 / args.agents as f64);
        let agent = Agent::new(id, &args.url, agent_tally.clone())?;
        agents.push(tokio::spawn(agent.run(delay, deadline)));
    }

    let (mut before, mut abused_before, mut read_before) = (AgentCounts::default(), abuse_tally.snapshot(), baseline);
    for minute in 1..=args.minutes {
        tokio::time::sleep_until((start + MINUTE * minute).into()).await;
        let reading = server.read().await?;
        let (counts, abused) = (agent_tally.snapshot(), abuse_tally.snapshot());
        print_minute(minute, &reading, &read_before, counts.since(before), floor_pct);
        print_abuse(&abused, &abused_before);
        (before, abused_before, read_before) = (counts, abused, reading);
    }
    for agent in agents {
        agent.await?;
    }
    let agents_left = start.elapsed();
    abuser.await?;
    let abuse_minutes = (deadline - abuse_started).as_secs_f64() / 60.0;

    let mut failures = Vec::new();
    let total = agent_tally.snapshot();
    println!(
        "agents left after {:.0} s: {} tests, {} errors; {} calls, {} packets sent, {} echoed, loss {:.3} % \
         (added {:+.3} points over the floor); {} TURN allocations made and given back; {:.0} MB moved",
        agents_left.as_secs_f64(),
        total.tests,
        total.errors,
        total.calls,
        total.sent,
        total.echoed,
        total.loss_pct(),
        total.loss_pct() - floor_pct,
        total.turn_allocations,
        total.bytes as f64 / 1e6
    );
    if total.errors > 0 {
        failures.push(format!("{} of the agents' tests failed, first: {:?}", total.errors, agent_tally.first_errors()));
    }
    if total.tests == 0 {
        failures.push("no agent finished a test".into());
    }

    println!("abusive client from {ABUSER_IP}, over {abuse_minutes:.2} min:");
    let abused = abuse_tally.snapshot();
    for (abuse, counts) in Abuse::ALL.iter().zip(abused) {
        let bound = abuse.bound(limits);
        let verdict = held_back(&counts, bound, abuse_minutes);
        let served = match bound {
            Bound::PerMinute(quota) => format!("{} served (limit {quota} a minute)", counts.served),
            Bound::Never => format!("{} served (a transfer needs a token)", counts.served),
            Bound::AtOnce(limit) => format!("{} at most at once (limit {limit})", counts.most_at_once),
        };
        let unexpected = if counts.unexpected > 0 {
            format!(", {} other answers or none", counts.unexpected)
        } else {
            String::new()
        };
        let outcome = match &verdict {
            Ok(()) => "held back".to_string(),
            Err(why) => format!("NOT held back: {why}"),
        };
        println!("  {:<20} {served}, {} refused{unexpected}: {outcome}", abuse.name(), counts.refused);
        if let Err(why) = verdict {
            failures.push(format!("the abusive client's {} were not held back: {why}", abuse.name()));
        }
    }

    let after = back_to_baseline(&server, &quiet).await?;
    let rss_added = after.rss_mib() - baseline.rss_mib();
    let rss_allowed = RSS_TOLERANCE_MIB + RSS_TOLERANCE_MIB_PER_AGENT * args.agents as f64;
    let rss_back = rss_added <= rss_allowed;
    let fds_back = after.fds <= quiet.fds + FD_TOLERANCE;
    let word = |ok: bool| if ok { "back" } else { "NOT back" };
    println!(
        "after the agents left ({:.0} s later): RSS {:.1} MiB ({:+.1} over the memory baseline, {rss_allowed:.0} \
         allowed): {}; {} fds ({:+} over the count after one test alone, {FD_TOLERANCE} allowed): {}; echo peers {}, \
         TURN allocations {}, WebSockets {}",
        (start.elapsed() - agents_left).as_secs_f64(),
        after.rss_mib(),
        rss_added,
        word(rss_back),
        after.fds,
        after.fds as i64 - quiet.fds as i64,
        word(fds_back),
        after.echo_peers,
        after.turn_allocations,
        after.websockets,
    );
    if !rss_back {
        failures.push(format!("resident memory stayed {rss_added:.1} MiB above the baseline"));
    }
    if !fds_back {
        failures.push(format!("{} file descriptors open, {} before the agents came", after.fds, quiet.fds));
    }
    if !after.idle() {
        failures.push("echo peers, TURN allocations or WebSockets stayed open".into());
    }
    if failures.is_empty() {
        println!("soak passed");
        return Ok(());
    }
    for failure in &failures {
        println!("FAILED: {failure}");
    }
    std::process::exit(1);
}

/// The server's figures once what the agents opened is closed, and its descriptors
/// are within tolerance or [`SETTLE`] has passed.
async fn back_to_baseline(server: &Server, baseline: &Reading) -> anyhow::Result<Reading> {
    let give_up = Instant::now() + SETTLE;
    let mut reading = server.read_when_idle(SETTLE).await?;
    while reading.fds > baseline.fds + FD_TOLERANCE && Instant::now() < give_up {
        tokio::time::sleep(Duration::from_millis(500)).await;
        reading = server.read().await?;
    }
    // Memory last: what the server frees on closing comes back a little later.
    tokio::time::sleep(Duration::from_secs(2)).await;
    server.read().await
}

fn print_minute(minute: u32, reading: &Reading, previous: &Reading, counts: AgentCounts, floor_pct: f64) {
    let cpu_pct = 100.0 * (reading.cpu_seconds - previous.cpu_seconds) / MINUTE.as_secs_f64();
    println!(
        "{minute:>4} {:>8.1} {:>5} {cpu_pct:>5.0} {:>5} {:>6} {:>4} | {:>6} {:>6} {:>6} {:>7.3} {:>+7.3} | {:>8.0}",
        reading.rss_mib(),
        reading.fds,
        reading.echo_peers,
        reading.turn_allocations,
        reading.websockets,
        counts.tests,
        counts.errors,
        counts.calls,
        counts.loss_pct(),
        counts.loss_pct() - floor_pct,
        counts.bytes as f64 / 1e6,
    );
}

fn print_abuse(now: &[AbuseCounts; 7], before: &[AbuseCounts; 7]) {
    let parts: Vec<String> = Abuse::ALL
        .iter()
        .zip(now.iter().zip(before))
        .map(|(abuse, (now, before))| {
            let c = now.since(*before);
            match abuse {
                Abuse::HeldDownloads | Abuse::HeldWebsockets => {
                    format!("{} {} (+{} refused)", abuse.name(), c.most_at_once, c.refused)
                }
                _ => format!("{} {}/{}", abuse.name(), c.served, c.refused),
            }
        })
        .collect();
    println!("     abuser served/refused: {}", parts.join(", "));
}
