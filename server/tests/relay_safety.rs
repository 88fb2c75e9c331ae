//! Relay safety, proven where a leak could not hurt: the server binary and coturn's
//! client run in a network namespace of the test's own, in which 10.0.0.0/8 and
//! 169.254.0.0/16 route into a veth pair whose both ends stay inside, and an
//! nftables output rule counts and drops anything sent to 10.0.0.1 or
//! 169.254.169.254. A broken guard fails the test by the counter; no packet ever
//! leaves the namespace. A control server that is told to allow those peers shows
//! the trap does catch relayed packets.

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
        let rules = "table inet trap {\n chain out {\n  type filter hook output priority 0; policy accept;\n  \
                     ip daddr { 10.0.0.1, 169.254.169.254 } counter drop\n }\n}\n";
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
        let creds = credentials::issue(SECRET.as_bytes(), callready_server::turn::auth::now_unix(), "lab");
        let out = Command::new("ip")
            .args(["netns", "exec", &self.ns, "timeout", "30", "turnutils_uclient"])
            .args(["-u", &creds.username, "-w", &creds.password, "-e", peer, "-r", "5000"])
            .args(["-p", &turn_port.to_string(), "-n", "5", "-c", "127.0.0.1"])
            .output()
            .unwrap();
        (
            out.status.success(),
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
        )
    }

    fn trapped_packets(&self) -> u64 {
        let listing = run(&["ip", "netns", "exec", &self.ns, "nft", "list", "table", "inet", "trap"]);
        listing.split("packets ").nth(1).and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap()
    }
}

#[test]
fn relaying_to_internal_and_metadata_addresses_is_refused() {
    let mut lab = Lab::new();
    lab.start_server(3478, 18080, None);
    for peer in ["10.0.0.1", "169.254.169.254", "127.0.0.1"] {
        let (ok, output) = lab.uclient(3478, peer);
        println!("relay to {peer}: client exit ok={ok}, 403 seen={}", output.contains("403"));
        assert!(!ok && output.contains("403"), "relay to {peer} must be refused with 403:\n{output}");
    }
    assert_eq!(lab.trapped_packets(), 0, "not one packet may have been relayed toward the trapped addresses");

    // Control: a server told to allow those peers does relay, and the trap counts it.
    lab.start_server(3578, 18081, Some("10.0.0.1,169.254.169.254"));
    let _ = lab.uclient(3578, "10.0.0.1");
    let caught = lab.trapped_packets();
    println!("control server allowed to relay: the trap caught {caught} packets");
    assert!(caught > 0, "the trap must catch relayed packets, or the test above proves nothing");
}
