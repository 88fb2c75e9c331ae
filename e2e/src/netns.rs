//! A network namespace of the test's own for the browser, joined to the test's
//! (root) namespace by a veth pair with private addresses that exist only while the
//! test runs. The server listens on the root side; nftables inside the namespace can
//! drop UDP to play a firewall that only lets TCP out. Dropped = torn down.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{bail, Context};
use callready_server::config::Config;
use callready_server::RunningServer;

static NEXT: AtomicU32 = AtomicU32::new(0);

/// The name the browser's namespace resolves to the server's side of the link.
pub const TEST_HOST_NAME: &str = "callready.test";

pub struct BrowserNet {
    pub name: String,
    host_link: String,
    browser_link: String,
    /// Our side of the link: where the server listens.
    pub host_ip: Ipv4Addr,
    /// The browser's side.
    pub browser_ip: Ipv4Addr,
}

fn ip(args: &[&str]) -> anyhow::Result<()> {
    let out = Command::new("ip").args(args).output().context("the `ip` command (iproute2) is needed")?;
    if !out.status.success() {
        bail!("ip {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// Loads nftables `rules` inside namespace `ns`.
pub fn nft_in(ns: &str, rules: &str) -> anyhow::Result<()> {
    let mut child = Command::new("ip")
        .args(["netns", "exec", ns, "nft", "-f", "-"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("nftables (nft) is needed")?;
    std::io::Write::write_all(child.stdin.as_mut().context("stdin")?, rules.as_bytes())?;
    if !child.wait()?.success() {
        bail!("nft could not load: {rules}");
    }
    Ok(())
}

/// Loads `table` (`family name { … }`, the whole table) in namespace `ns`, replacing
/// any table of that family and name loaded before.
pub fn replace_nft_table(ns: &str, family_and_name: &str, body: &str) -> anyhow::Result<()> {
    // Adding first makes the delete work whether or not the table exists yet.
    nft_in(ns, &format!("add table {family_and_name}\ndelete table {family_and_name}\n"))?;
    nft_in(ns, &format!("table {family_and_name} {{\n{body}}}\n"))
}

impl BrowserNet {
    pub fn create(block_udp: bool) -> anyhow::Result<BrowserNet> {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let pid = std::process::id();
        let tag = format!("{:x}", (pid % 0xffff) * 16 + n % 16);
        // 10.213.x.y/30 from the process id and a counter, so parallel tests do not collide.
        let block = (pid % 4096) * 16 + n % 16;
        let base = u32::from(Ipv4Addr::new(10, 213, 0, 0)) + (block % 16384) * 4;
        let net = BrowserNet {
            name: format!("crb-{tag}"),
            host_link: format!("crh{tag}"),
            browser_link: format!("crn{tag}"),
            host_ip: Ipv4Addr::from(base + 1),
            browser_ip: Ipv4Addr::from(base + 2),
        };
        let browser_link = net.browser_link.clone();
        ip(&["netns", "add", &net.name]).context("creating a network namespace needs root")?;
        ip(&["link", "add", &net.host_link, "type", "veth", "peer", "name", &browser_link])?;
        ip(&["link", "set", &browser_link, "netns", &net.name])?;
        ip(&["addr", "add", &format!("{}/30", net.host_ip), "dev", &net.host_link])?;
        ip(&["link", "set", &net.host_link, "up"])?;
        ip(&["-n", &net.name, "addr", "add", &format!("{}/30", net.browser_ip), "dev", &browser_link])?;
        ip(&["-n", &net.name, "link", "set", &browser_link, "up"])?;
        ip(&["-n", &net.name, "link", "set", "lo", "up"])?;
        // `ip netns exec` bind-mounts /etc/netns/<name>/hosts over /etc/hosts: the
        // browser resolves TEST_HOST_NAME to our side of the link (Firefox will not
        // do TURN over TLS to a bare IP address).
        std::fs::create_dir_all(net.etc_dir()).context("creating /etc/netns/<name>")?;
        net.map_test_host(net.host_ip)?;
        if block_udp {
            let rules = "table inet callready_test {\n  chain out {\n    type filter hook output priority 0; policy accept;\n    \
                         oif \"lo\" accept\n    meta l4proto udp counter drop\n  }\n}\n";
            nft_in(&net.name, rules)?;
        }
        Ok(net)
    }

    /// Gives the namespace a default route through our side of the link, as a
    /// laptop's LAN has one. No packet is routed there by the tests: the server
    /// only looks the route up to find its own address.
    pub fn route_default_via_host(&self) -> anyhow::Result<()> {
        ip(&["-n", &self.name, "route", "add", "default", "via", &self.host_ip.to_string()])
    }

    /// A second public address for the browser's side: the address the test's source
    /// NAT rewrites packets to (10.214.x.y, from this link's own block), routed back
    /// through the browser's side of the link. Dropped with the link.
    pub fn second_address(&self) -> anyhow::Result<Ipv4Addr> {
        let o = self.browser_ip.octets();
        let second = Ipv4Addr::new(o[0], 214, o[2], o[3]);
        ip(&["route", "add", &format!("{second}/32"), "via", &self.browser_ip.to_string(), "dev", &self.host_link])?;
        Ok(second)
    }

    /// Sets the MTU of both ends of the link, as a VPN or tunnel would shrink it.
    pub fn set_mtu(&self, mtu: u32) -> anyhow::Result<()> {
        let mtu = mtu.to_string();
        ip(&["link", "set", "dev", &self.host_link, "mtu", &mtu])?;
        ip(&["-n", &self.name, "link", "set", "dev", &self.browser_link, "mtu", &mtu])
    }

    /// Makes [`TEST_HOST_NAME`] resolve to `ip` inside the namespace.
    pub fn map_test_host(&self, ip: Ipv4Addr) -> anyhow::Result<()> {
        self.map_names(ip, &[])
    }

    /// Makes [`TEST_HOST_NAME`] and `names` resolve to `ip` inside the namespace.
    pub fn map_names(&self, ip: Ipv4Addr, names: &[&str]) -> anyhow::Result<()> {
        let mut hosts = format!("127.0.0.1 localhost\n::1 localhost\n{ip} {TEST_HOST_NAME}\n");
        for name in names {
            hosts.push_str(&format!("{ip} {name}\n"));
        }
        std::fs::write(self.etc_dir().join("hosts"), hosts)?;
        Ok(())
    }

    fn etc_dir(&self) -> std::path::PathBuf {
        std::path::Path::new("/etc/netns").join(&self.name)
    }

    /// How many UDP packets the namespace's firewall dropped.
    pub fn dropped_udp_packets(&self) -> u64 {
        let out = Command::new("ip")
            .args(["netns", "exec", &self.name, "nft", "list", "table", "inet", "callready_test"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        out.split("packets ").nth(1).and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap_or(0)
    }
}

impl Drop for BrowserNet {
    fn drop(&mut self) {
        let _ = ip(&["link", "del", &self.host_link]);
        let _ = ip(&["netns", "del", &self.name]);
        let _ = std::fs::remove_dir_all(self.etc_dir());
    }
}

/// A server on its own tokio runtime whose threads all live in one namespace.
pub struct NsServer {
    pub url: String,
    /// `true`: stop cleanly; `false`: die as a killed process does.
    stop: Option<tokio::sync::oneshot::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl NsServer {
    pub fn start(ns: &str, config: Config) -> anyhow::Result<NsServer> {
        let ns = ns.to_string();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<anyhow::Result<SocketAddr>>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<bool>();
        let thread = std::thread::spawn(move || {
            let started = (|| {
                crate::linkemu::enter_namespace(&ns)?;
                Ok::<_, anyhow::Error>(
                    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?,
                )
            })();
            let runtime = match started {
                Ok(runtime) => runtime,
                Err(err) => {
                    let _ = ready_tx.send(Err(err));
                    return;
                }
            };
            runtime.block_on(async move {
                match RunningServer::start(config).await {
                    Ok(server) => {
                        let _ = ready_tx.send(Ok(server.addr));
                        if stopped.await.unwrap_or(true) {
                            let _ = server.stop().await;
                        } else {
                            // Not even told to stop: its tasks end with the runtime, mid-flight.
                            std::mem::forget(server);
                        }
                    }
                    Err(err) => {
                        let _ = ready_tx.send(Err(err.into()));
                    }
                }
            });
            // Dropping the runtime cancels every task where it stands.
            runtime.shutdown_background();
        });
        let addr = ready_rx.recv().context("the lab server thread ended")??;
        Ok(NsServer { url: format!("http://{addr}"), stop: Some(stop), thread: Some(thread) })
    }

    /// Ends the server as `kill -9` would: no clean stop, nothing said to anyone.
    pub fn kill(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(false);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for NsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
