//! The truth lab (docs/methods.md, "The truth lab"): the server runs in a network namespace
//! of its own, the browser in another, joined by a link the harness controls — a veth
//! pair (rates with `tc tbf`, loss with nftables) or the userspace delay emulator of
//! [`crate::linkemu`] between two TUN devices. The test process reaches the server
//! and the browser's WebDriver over separate control links, so its own traffic never
//! crosses the measured link. Every address lies in 10.216.0.0/16 (the measured
//! link), 10.217.0.0/16 (server control) or 10.213.0.0/16 (browser control, from
//! [`BrowserNet`]), on links that exist only while the test runs; everything is
//! removed on drop, failed test or not (and by `cargo xtask test` after a kill).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{bail, Context};
use callready_server::config::Config;

use crate::holdup::HoldUps;
use crate::linkemu::{DelayModel, LinkEmulator, LinkStats};
use crate::netns::{nft_in, BrowserNet, NsServer, TEST_HOST_NAME};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// What the harness imposes on the link between the browser and the server.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Impairment {
    /// A plain veth pair.
    None,
    /// `tc tbf` each way at `kbit` kbit/s, with a queue holding `queue_ms` of traffic.
    Rate { kbit: u32, queue_ms: u32 },
    /// Each UDP packet dropped with probability `percent` %, each way (nftables
    /// `numgen random`).
    UdpLoss { percent: u32 },
    /// One-way delay each way, from the TUN link emulator.
    Delay(DelayModel),
}

fn run(program: &str, args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new(program).args(args).output().with_context(|| format!("running {program}"))?;
    if !out.status.success() {
        bail!("{program} {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// The test configuration with every listener on `ip` (a namespace's address), TURN
/// and the echo peer advertising it, TURN over TLS under [`TEST_HOST_NAME`], and the
/// TLS inspection probe with a certificate for `ip` too (pages there are served on
/// the address).
pub fn server_config_on(ip: IpAddr, db: &std::path::Path) -> Config {
    let mut config = Config {
        listen: SocketAddr::new(ip, 0),
        rtc_udp: SocketAddr::new(ip, 0),
        turn_udp: SocketAddr::new(ip, 0),
        turn_tcp: SocketAddr::new(ip, 0),
        turn_tls: SocketAddr::new(ip, 0),
        turn_public_ip: Some(ip),
        turn_relay_ip: ip,
        turn_tls_host: Some(TEST_HOST_NAME.into()),
        nat_probe_udp: vec![SocketAddr::new(ip, 0), SocketAddr::new(ip, 0)],
        tls_listen: Some(SocketAddr::new(ip, 0)),
        ..Config::for_tests(db)
    };
    let ip_name = ip.to_string();
    let stem = format!("server-{}", ip_name.replace([':', '.'], "-"));
    let (cert, key) = crate::test_ca()
        .server_certificate(&stem, &["localhost", TEST_HOST_NAME, &ip_name])
        .expect("a test certificate for the lab's address");
    config.tls_cert = Some(cert);
    config.tls_key = Some(key);
    config
}

/// A server's side of a lab: its namespace, the control link the test process
/// reaches it by, and the measured link to the browser's namespace.
pub struct ServerSide {
    pub ns: String,
    control_link: String,
    /// The measured link's devices: (server side, browser side).
    link_devices: (String, String),
    /// Server address on the measured link.
    pub server_ip: Ipv4Addr,
    /// Server address on the control link (what the test process uses).
    pub control_server_ip: Ipv4Addr,
    emulator: Option<LinkEmulator>,
}

impl ServerSide {
    /// A new server namespace joined to `browser`'s by a link with `impairment`
    /// (rates and losses on a veth pair; delays through the link emulator).
    pub fn create(browser: &BrowserNet, impairment: Impairment) -> anyhow::Result<ServerSide> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        // 14 bits, so that `hi` below keeps them all.
        let id = (std::process::id() % 1024) * 16 + n % 16;
        let (hi, lo) = ((id >> 6) as u8, ((id & 63) * 4) as u8);
        let server_ip = Ipv4Addr::new(10, 216, hi, lo + 1);
        let browser_lab_ip = Ipv4Addr::new(10, 216, hi, lo + 2);
        let control_root_ip = Ipv4Addr::new(10, 217, hi, lo + 1);
        let control_server_ip = Ipv4Addr::new(10, 217, hi, lo + 2);
        let tag = format!("{id:x}");
        let server_ns = format!("crs-{tag}");
        let (server_dev, browser_dev) = (format!("crl{tag}"), format!("crm{tag}"));
        let mut side = ServerSide {
            ns: server_ns.clone(),
            control_link: format!("crc{tag}"),
            link_devices: (server_dev.clone(), browser_dev.clone()),
            server_ip,
            control_server_ip,
            emulator: None,
        };
        run("ip", &["netns", "add", &server_ns]).context("creating a network namespace needs root")?;
        run("ip", &["-n", &server_ns, "link", "set", "lo", "up"])?;
        // Control link: test process ↔ server.
        let inner = format!("crd{tag}");
        run("ip", &["link", "add", &side.control_link, "type", "veth", "peer", "name", &inner])?;
        run("ip", &["link", "set", &inner, "netns", &server_ns])?;
        run("ip", &["addr", "add", &format!("{control_root_ip}/30"), "dev", &side.control_link])?;
        run("ip", &["link", "set", &side.control_link, "up"])?;
        run("ip", &["-n", &server_ns, "addr", "add", &format!("{control_server_ip}/30"), "dev", &inner])?;
        run("ip", &["-n", &server_ns, "link", "set", &inner, "up"])?;
        // The measured link.
        match impairment {
            Impairment::Delay(model) => {
                side.emulator = Some(LinkEmulator::start(
                    &server_ns,
                    &server_dev,
                    server_ip,
                    &browser.name,
                    &browser_dev,
                    browser_lab_ip,
                    model,
                    model,
                )?);
            }
            _ => {
                run(
                    "ip",
                    &["-n", &server_ns, "link", "add", &server_dev, "type", "veth", "peer", "name", &browser_dev],
                )?;
                run("ip", &["-n", &server_ns, "link", "set", &browser_dev, "netns", &browser.name])?;
                run("ip", &["-n", &server_ns, "addr", "add", &format!("{server_ip}/30"), "dev", &server_dev])?;
                run("ip", &["-n", &server_ns, "link", "set", &server_dev, "up"])?;
                run("ip", &["-n", &browser.name, "addr", "add", &format!("{browser_lab_ip}/30"), "dev", &browser_dev])?;
                run("ip", &["-n", &browser.name, "link", "set", &browser_dev, "up"])?;
            }
        }
        match impairment {
            Impairment::Rate { kbit, queue_ms } => side.set_rate(&browser.name, kbit, queue_ms)?,
            Impairment::UdpLoss { percent } => side.add_udp_loss(&browser.name, percent)?,
            Impairment::None | Impairment::Delay(_) => {}
        }
        Ok(side)
    }

    /// Puts (or replaces) `tc tbf` at `kbit` kbit/s each way on the measured link, with
    /// a queue holding `queue_ms` of traffic.
    fn set_rate(&self, browser_ns: &str, kbit: u32, queue_ms: u32) -> anyhow::Result<()> {
        for (ns, dev) in [(self.ns.as_str(), &self.link_devices.0), (browser_ns, &self.link_devices.1)] {
            let burst = tbf_burst_bytes(kbit);
            let (rate, burst, latency) = (format!("{kbit}kbit"), burst.to_string(), format!("{queue_ms}ms"));
            let args = [
                "netns", "exec", ns, "tc", "qdisc", "replace", "dev", dev, "root", "tbf", "rate", &rate, "burst",
                &burst, "latency", &latency,
            ];
            run("ip", &args)?;
        }
        Ok(())
    }

    /// The measured link's device on the browser's side.
    pub fn browser_device(&self) -> &str {
        &self.link_devices.1
    }

    /// Routes the server's packets for `ip` (an address of the browser's beyond its
    /// end of the link) through the measured link.
    pub fn route_to(&self, ip: Ipv4Addr) -> anyhow::Result<()> {
        run("ip", &["-n", &self.ns, "route", "add", &format!("{ip}/32"), "dev", &self.link_devices.0])
    }

    /// Drops each UDP packet with probability `percent` %, each way, where it arrives.
    fn add_udp_loss(&self, browser_ns: &str, percent: u32) -> anyhow::Result<()> {
        for (ns, dev) in [(self.ns.as_str(), &self.link_devices.0), (browser_ns, &self.link_devices.1)] {
            let rules = format!(
                "table inet callready_lab {{\n  chain in {{\n    type filter hook input priority 0; policy accept;\n    \
                 iifname \"{dev}\" meta l4proto udp numgen random mod 100 < {percent} counter drop\n  }}\n}}\n"
            );
            nft_in(ns, &rules)?;
        }
        Ok(())
    }
}

impl Drop for ServerSide {
    fn drop(&mut self) {
        self.emulator.take();
        let _ = run("ip", &["link", "del", &self.control_link]);
        let _ = run("ip", &["netns", "del", &self.ns]);
    }
}

/// The bucket of the lab's `tc tbf` at `kbit` kbit/s: 10 ms' worth, at least 16 KiB,
/// which keeps tbf exact at the kernel's timer granularity. A link idle for a
/// moment carries this much on top of its rate in the next instant.
pub fn tbf_burst_bytes(kbit: u32) -> u64 {
    (u64::from(kbit) * 1000 / 8 / 100).max(16 * 1024)
}

/// A running lab: server namespace, browser namespace, the measured link between them.
pub struct Lab {
    /// The server, stopped before its namespace goes.
    server: Option<NsServer>,
    side: ServerSide,
    /// The browser's namespace and its control link (for WebDriver).
    pub browser: BrowserNet,
    /// Server address on the measured link.
    pub server_ip: Ipv4Addr,
    port: u16,
    /// How far the machine holds the lab up, watched while it runs.
    hold_ups: HoldUps,
}

impl Lab {
    /// Builds both namespaces and the link with `impairment`, then starts a server
    /// (the test configuration changed by `configure`) in the server namespace.
    pub fn start(
        impairment: Impairment,
        configure: impl FnOnce(&mut Config),
    ) -> anyhow::Result<(Lab, tempfile::TempDir)> {
        let browser = BrowserNet::create(false)?;
        let side = ServerSide::create(&browser, impairment)?;
        let server_ip = side.server_ip;
        // The browser resolves the TURN-over-TLS name to the server's measured address.
        browser.map_test_host(server_ip)?;
        let dir = tempfile::tempdir()?;
        let mut config = Config {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0),
            turn_host: Some(server_ip.to_string()),
            media_seconds: 10,
            bandwidth_seconds: 7,
            ..server_config_on(IpAddr::V4(server_ip), &dir.path().join("callready.db"))
        };
        configure(&mut config);
        let server = NsServer::start(&side.ns, config)?;
        let port = server.url.rsplit(':').next().and_then(|p| p.parse().ok()).context("server port")?;
        Ok((Lab { server: Some(server), side, browser, server_ip, port, hold_ups: HoldUps::watch() }, dir))
    }

    /// The page's origin, as the browser reaches it over the measured link.
    pub fn origin(&self) -> String {
        format!("http://{}:{}", self.server_ip, self.port)
    }

    /// A URL on the server for the test process (over the control link).
    pub fn control_url(&self, path: &str) -> String {
        format!("http://{}:{}{path}", self.side.control_server_ip, self.port)
    }

    /// From now on drops each UDP packet with probability `percent` %, each way
    /// (nftables `numgen random`). Packets are dropped where they arrive, so the
    /// sender cannot tell: a drop on the sender's output would fail its `sendto` with
    /// EPERM, which browsers notice and work around, unlike real loss.
    pub fn add_udp_loss(&self, percent: u32) -> anyhow::Result<()> {
        self.side.add_udp_loss(&self.browser.name, percent)
    }

    /// From now on `tc tbf` at `kbit` kbit/s each way, a queue of `queue_ms` (the link
    /// was started with [`Impairment::Rate`] or none).
    pub fn set_rate(&self, kbit: u32, queue_ms: u32) -> anyhow::Result<()> {
        self.side.set_rate(&self.browser.name, kbit, queue_ms)
    }

    /// UDP packets the loss rules dropped so far, both ways.
    pub fn dropped_udp_packets(&self) -> u64 {
        [&self.side.ns, &self.browser.name]
            .into_iter()
            .map(|ns| {
                let out = Command::new("ip")
                    .args(["netns", "exec", ns, "nft", "list", "table", "inet", "callready_lab"])
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                    .unwrap_or_default();
                out.split("packets ")
                    .skip(1)
                    .filter_map(|r| r.split_whitespace().next()?.parse::<u64>().ok())
                    .sum::<u64>()
            })
            .sum()
    }

    /// What the delay emulator saw, when the link is one.
    pub fn emulator_stats(&self) -> Option<LinkStats> {
        self.side.emulator.as_ref().map(LinkEmulator::stats)
    }

    /// The watch of how far the machine holds the lab up ([`crate::holdup`]).
    pub fn hold_ups(&self) -> &HoldUps {
        &self.hold_ups
    }

    /// The delay emulator's mean and worst lateness so far, when the link is one.
    pub fn emulator_lateness(&self) -> Option<(std::time::Duration, std::time::Duration)> {
        self.side.emulator.as_ref().map(LinkEmulator::lateness)
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        // The server stops before its namespace and links go (fields drop after this).
        self.server.take();
    }
}
