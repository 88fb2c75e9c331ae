//! Relay safety, proven where a leak could not hurt: the server binary and coturn's
//! client run in a network namespace of the test's own, in which 10.0.0.0/8,
//! 169.254.0.0/16 and 198.51.100.0/24 (standing for the public internet) route into a
//! veth pair whose both ends stay inside, and nftables output rules count and drop
//! anything sent to 10.0.0.1, 169.254.169.254, 198.51.100.1, or to the echo peer's
//! host on a port that is not the echo peer's. A broken guard fails the test by the
//! counters; no packet ever leaves the namespace. A control server that is told to
//! allow those peers shows the trap does catch relayed packets.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use callready_server::turn::credentials;

const SECRET: &str = "lab-secret";

fn run(args: &[&str]) -> String {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap_or_else(|e| panic!("{args:?}: {e}"));
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Lab {
    ns: String,
    servers: Vec<Child>,
    _dir: tempfile::TempDir,
}

impl Drop for Lab {
    fn drop(&mut self) {
        for child in &mut self.servers {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).status();
    }
}

impl Lab {
    fn new() -> Lab {
        let ns = format!("crsafe-{}", std::process::id());
        run(&["ip", "netns", "add", &ns]);
        let lab = Lab { ns, servers: Vec::new(), _dir: tempfile::tempdir().unwrap() };
        let ns = lab.ns.as_str();
        run(&["ip", "-n", ns, "link", "set", "lo", "up"]);
        run(&["ip", "-n", ns, "link", "add", "trap0", "type", "veth", "peer", "name", "trap1"]);
        run(&["ip", "-n", ns, "addr", "add", "10.0.0.2/8", "dev", "trap0"]);
        run(&["ip", "-n", ns, "addr", "add", "169.254.1.2/16", "dev", "trap0"]);
        run(&["ip", "-n", ns, "link", "set", "trap0", "up"]);
        run(&["ip", "-n", ns, "link", "set", "trap1", "up"]);
        run(&["ip", "-n", ns, "route", "add", "198.51.100.0/24", "dev", "trap0"]);
        let rules = "table inet trap {\n chain out {\n  type filter hook output priority 0; policy accept;\n  \
                     ip daddr { 10.0.0.1, 169.254.169.254, 198.51.100.1 } counter drop\n  \
                     ip daddr 10.0.0.2 udp dport 5000 counter drop\n }\n}\n";
        let mut nft =
            Command::new("ip").args(["netns", "exec", ns, "nft", "-f", "-"]).stdin(Stdio::piped()).spawn().unwrap();
        std::io::Write::write_all(nft.stdin.as_mut().unwrap(), rules.as_bytes()).unwrap();
        assert!(nft.wait().unwrap().success(), "nft rules load");
        lab
    }

    /// Starts the real `callready` binary inside the namespace.
    fn start_server(&mut self, turn_port: u16, http_port: u16, allow: Option<&str>) {
        let db = self._dir.path().join(format!("db-{turn_port}"));
        let mut command = Command::new("ip");
        command.args(["netns", "exec", &self.ns, env!("CARGO_BIN_EXE_callready")]);
        command.args(["--listen", &format!("127.0.0.1:{http_port}"), "--db", db.to_str().unwrap()]);
        command.args([
            "--turn-udp",
            &format!("127.0.0.1:{turn_port}"),
            "--turn-tcp",
            &format!("127.0.0.1:{turn_port}"),
        ]);
        command.args(["--turn-tls", &format!("127.0.0.1:{}", turn_port + 1)]);
        // The echo peer (which TURN may always reach) sits on a lab address, so that
        // 127.0.0.1 is refused like any other internal address.
        command.args(["--rtc-udp", &format!("10.0.0.2:{}", turn_port + 2)]);
        command.args(["--turn-relay-ip", "0.0.0.0", "--turn-secret", SECRET]);
        command.args(["--nat-probe-udp", "127.0.0.1:0,127.0.0.1:0", "--profile-ports", "none"]);
        if let Some(peers) = allow {
            command.args(["--turn-allow-peer", peers]);
        }
        self.servers.push(command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
        let deadline = Instant::now() + Duration::from_secs(20);
        while Command::new("ip")
            .args(["netns", "exec", &self.ns, "bash", "-c", &format!("exec 3<>/dev/tcp/127.0.0.1/{http_port}")])
            .status()
            .map(|s| !s.success())
            .unwrap_or(true)
        {
            assert!(Instant::now() < deadline, "server did not start in the namespace");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn uclient(&self, turn_port: u16, peer: &str) -> (bool, String) {
        self.uclient_to(turn_port, peer, 5000)
    }

    fn uclient_to(&self, turn_port: u16, peer: &str, peer_port: u16) -> (bool, String) {
        let creds = credentials::issue(SECRET.as_bytes(), callready_server::turn::auth::now_unix(), "lab");
        let out = Command::new("ip")
            .args(["netns", "exec", &self.ns, "timeout", "30", "turnutils_uclient"])
            .args(["-u", &creds.username, "-w", &creds.password, "-e", peer, "-r", &peer_port.to_string()])
            .args(["-p", &turn_port.to_string(), "-n", "5", "-c", "127.0.0.1"])
            .output()
            .unwrap();
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    }

    /// Packets caught by every trap rule together.
    fn trapped_packets(&self) -> u64 {
        let listing = run(&["ip", "netns", "exec", &self.ns, "nft", "list", "table", "inet", "trap"]);
        listing.split("packets ").skip(1).map(|r| r.split_whitespace().next().unwrap().parse::<u64>().unwrap()).sum()
    }
}

#[test]
fn relaying_to_internal_and_metadata_addresses_is_refused() {
    let mut lab = Lab::new();
    lab.start_server(3478, 18080, None);
    for peer in ["10.0.0.1", "169.254.169.254", "127.0.0.1", "198.51.100.1"] {
        let (ok, output) = lab.uclient(3478, peer);
        println!("relay to {peer}: client exit ok={ok}, 403 seen={}", output.contains("403"));
        assert!(!ok && output.contains("403"), "relay to {peer} must be refused with 403:\n{output}");
    }
    // The echo peer's host: the permission is per IP, so it is granted, but not one
    // packet may go to a port other than the echo peer's.
    let (_, output) = lab.uclient_to(3478, "10.0.0.2", 5000);
    println!("relay to the echo peer's host on another port: {}", output.lines().last().unwrap_or_default());
    assert_eq!(lab.trapped_packets(), 0, "not one packet may have been relayed toward the trapped addresses");

    // Control: a server told to allow those peers does relay, and the trap counts it.
    lab.start_server(3578, 18081, Some("10.0.0.1,198.51.100.1,10.0.0.2"));
    let mut caught = 0;
    for (peer, port) in [("10.0.0.1", 5000), ("198.51.100.1", 5000), ("10.0.0.2", 5000)] {
        let _ = lab.uclient_to(3578, peer, port);
        let now = lab.trapped_packets();
        println!("control server allowed to relay to {peer}:{port}: the trap caught {} packets", now - caught);
        assert!(now > caught, "the trap must catch packets relayed to {peer}:{port}, or the test above proves nothing");
        caught = now;
    }
}
