//! Two regions in the truth lab: two nodes, each in a network namespace of its own,
//! share one PostgreSQL and reach the browser's namespace over the link emulator with
//! different delays (20 ms and 80 ms each way). The page, served by the far node,
//! must measure both, run its test against the near one, and report both round
//! trips within the lab's bounds; the run reads back from either node; an invite
//! pinned to the far region runs there; a node killed without a word drops out of
//! the list once its heartbeats stop.
//!
//! Needs a PostgreSQL server (`CALLREADY_TEST_PG_SERVER`, which `cargo xtask test`
//! sets to the one it starts).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use callready_common::api::{RunView, SessionView};
use callready_common::probes::region::{RegionList, RegionsReport};
use callready_common::verdict::Verdict;
use callready_e2e::holdup::{until_within, HoldUps};
use callready_e2e::lab::{server_config_on, Impairment, ServerSide};
use callready_e2e::linkemu::DelayModel;
use callready_e2e::netns::{BrowserNet, NsServer};
use callready_e2e::{init_logging, run_agent_test_at, Browser, BrowserSession, Invite};
use callready_server::config::{with_database_name, Config};

const PORT: u16 = 8080;
const HEARTBEAT_SECS: u64 = 1;

/// One region: its namespace and link, and its server.
struct Node {
    server: Option<NsServer>,
    side: ServerSide,
}

impl Node {
    fn start(browser: &BrowserNet, name: &'static str, one_way_ms: f64, db: &str, dir: &std::path::Path) -> Node {
        let side = ServerSide::create(browser, Impairment::Delay(DelayModel::fixed(one_way_ms))).unwrap();
        let ip = side.server_ip;
        let config = Config {
            listen: SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), PORT),
            turn_host: Some(ip.to_string()),
            public_url: Some(format!("http://{ip}:{PORT}")),
            region: Some(name.into()),
            region_display_name: Some(format!("Region {name}")),
            heartbeat_secs: HEARTBEAT_SECS,
            media_seconds: 3,
            // A delay line has no rate: a transfer would measure the TUN devices' queues.
            bandwidth_seconds: 0,
            db: db.to_string(),
            ..server_config_on(IpAddr::V4(ip), &dir.join(format!("{name}.db")))
        };
        let server = NsServer::start(&side.ns, config).unwrap();
        Node { server: Some(server), side }
    }

    /// The page's origin on this node, over its measured link.
    fn origin(&self) -> String {
        format!("http://{}:{PORT}", self.side.server_ip)
    }

    /// A URL for the test process, over the control link.
    fn control(&self, path: &str) -> String {
        format!("http://{}:{PORT}{path}", self.side.control_server_ip)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.server.take();
    }
}

/// `GET url`'s JSON answer, which must be a success.
async fn get_json<T: serde::de::DeserializeOwned>(url: &str) -> T {
    reqwest::get(url).await.unwrap().error_for_status().unwrap().json().await.unwrap()
}

/// Puts the browser behind one NAT address for both links, as an agent's office
/// router would: every packet it sends toward a region leaves from `public`, and each
/// region routes `public` back through its link. (With an address per link, the
/// browser would send some probes from one link's address over the other link.)
fn behind_one_nat(net: &BrowserNet, nodes: &[&Node], public: Ipv4Addr) {
    let ip = |args: &[&str]| {
        let out = std::process::Command::new("ip").args(args).output().unwrap();
        assert!(out.status.success(), "ip {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    };
    ip(&["-n", &net.name, "addr", "add", &format!("{public}/32"), "dev", "lo"]);
    let devices: Vec<String> = nodes.iter().map(|n| format!("\"{}\"", n.side.browser_device())).collect();
    let rules = format!(
        "table ip callready_regions_nat {{\n  chain post {{\n    type nat hook postrouting priority 100; policy accept;\n    \
         oifname {{ {} }} snat to {public}\n  }}\n}}\n",
        devices.join(", ")
    );
    callready_e2e::netns::nft_in(&net.name, &rules).unwrap();
    for node in nodes {
        node.side.route_to(public).unwrap();
    }
}

async fn regions_of(node: &Node) -> RegionList {
    get_json(&node.control("/api/regions")).await
}

/// Waits until `node` lists `healthy` regions as healthy (and no others); how long it took.
async fn wait_for_healthy(node: &Node, healthy: &[&str], within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let list = regions_of(node).await;
        let mut listed: Vec<&str> = list.regions.iter().filter(|r| r.healthy).map(|r| r.name.as_str()).collect();
        listed.sort();
        if listed == healthy {
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "after {within:?} the healthy regions are {listed:?}, not {healthy:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn create_invite(node: &Node, settings: serde_json::Value) -> Invite {
    let body: serde_json::Value = reqwest::Client::new()
        .post(node.control("/api/sessions"))
        .json(&settings)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    Invite::from_answer(&body).unwrap()
}

async fn stored_run(node: &Node, invite: &Invite) -> RunView {
    let session: SessionView = get_json(&node.control(&format!("/api/sessions/{}", invite.report))).await;
    session.runs.into_iter().next().expect("a run stored")
}

fn within(measured: f64, expected: f64, tolerance: f64) -> bool {
    (measured - expected).abs() <= tolerance
}

/// Prints the region table; whether each measured round trip holds its bound of
/// 2 ms plus 10 % of the link's, looser than the single-node lab's 5 % because a
/// region's pings are cross-origin requests made while the other regions are
/// measured (measured: Chromium 3–4 ms, Firefox 4–5 ms above a 40 ms link).
fn table_holds(browser: Browser, table: &RegionsReport, imposed_rtt: &[(&str, f64)]) -> bool {
    let mut held = true;
    for (name, expected) in imposed_rtt {
        let row = table.measured.iter().find(|m| m.name == *name).unwrap_or_else(|| panic!("{name} in {table:?}"));
        let https = row.https_rtt_ms.unwrap_or_else(|| panic!("no HTTPS round trip to {name}: {table:?}"));
        let tolerance = 2.0 + 0.10 * expected;
        println!(
            "[{}] region {name}: imposed RTT {expected} ms; measured HTTPS {https:.1} ms (bound ± {tolerance:.0} ms), \
             STUN {:?} ms",
            browser.name(),
            row.stun_rtt_ms.map(|v| (v * 10.0).round() / 10.0)
        );
        held &= within(https, *expected, tolerance);
    }
    println!("[{}] regions measured in {:.0} ms, used {}", browser.name(), table.selection_ms, table.used);
    held
}

async fn two_regions(browser: Browser) {
    init_logging();
    let t0 = Instant::now();
    let phase = |what: &str| println!("[{}] {:>6.1} s {what}", browser.name(), t0.elapsed().as_secs_f64());
    let pg = std::env::var("CALLREADY_TEST_PG_SERVER")
        .expect("CALLREADY_TEST_PG_SERVER: a PostgreSQL server URL (cargo xtask test starts one)");
    let db = with_database_name(&pg, &format!("regions_{}_{}", browser.name(), std::process::id()));
    let dir = tempfile::tempdir().unwrap();
    let net = BrowserNet::create(false).unwrap();
    let near = Node::start(&net, "near", 20.0, &db, dir.path());
    let mut far = Node::start(&net, "far", 80.0, &db, dir.path());
    let [_, _, c, d] = near.side.server_ip.octets();
    behind_one_nat(&net, &[&near, &far], Ipv4Addr::new(10, 218, c, d));
    let timeout = Duration::from_secs(HEARTBEAT_SECS * 3);
    wait_for_healthy(&far, &["far", "near"], Duration::from_secs(10)).await;
    let session = BrowserSession::open_in_with_origins(browser, &net, &[far.origin(), near.origin()]).await.unwrap();

    // The page comes from the far node; the test must run against the near one. A
    // round trip outside the lab's bound is run again, printed, as in the single-node
    // lab's delay scenarios (a fresh machine's first lab run read the near node 49.8
    // and 53.4 ms at 40 ± 6).
    let hold_ups = HoldUps::watch();
    let (invite, run, table) = until_within(&hold_ups, browser.name(), async |attempt| {
        let invite = create_invite(&far, serde_json::json!({ "label": "two regions" })).await;
        let verdict = run_agent_test_at(&session, &far.origin(), &invite).await?;
        phase(&format!("run {attempt} done, verdict {verdict}"));
        let run = stored_run(&near, &invite).await;
        let table = run.results.regions.clone().expect("the run carries its region table");
        assert_eq!((table.used.as_str(), table.pinned), ("near", false), "{table:?}");
        let outside = (!table_holds(browser, &table, &[("near", 40.0), ("far", 160.0)]))
            .then(|| format!("region round trips outside the bounds: {table:?}"));
        Ok(((invite, run, table), outside.into_iter().collect()))
    })
    .await
    .unwrap();
    assert_eq!(table.used, "near");
    assert_eq!(run.verdict, Verdict::Ready, "every probe went through the near node: {:#?}", run.checks);
    let server_host = run.results.server_host.clone().unwrap_or_default();
    assert!(near.origin().ends_with(&server_host), "the probes went to the near node: {server_host}");
    let from_far = stored_run(&far, &invite).await;
    assert_eq!(from_far.results.regions, run.results.regions, "the same run reads back from the other node");

    // An invite pinned to the far region runs there, whichever is nearer.
    let pinned = create_invite(&near, serde_json::json!({ "label": "pinned", "region": "far" })).await;
    run_agent_test_at(&session, &near.origin(), &pinned).await.unwrap();
    phase("pinned run done");
    let run = stored_run(&near, &pinned).await;
    let table = run.results.regions.clone().expect("the pinned run carries its region table");
    assert_eq!((table.used.as_str(), table.pinned), ("far", true), "{table:?}");
    assert!(far.origin().ends_with(run.results.server_host.as_deref().unwrap_or_default()));
    // 160 ms round trip: above the 150 ms guideline, so a warning, nothing failed.
    assert_eq!(run.verdict, Verdict::ReadyWithWarnings, "{:#?}", run.checks);

    // Killed without a word, the far node leaves the list once its heartbeats stop.
    far.server.take().unwrap().kill();
    let gone = wait_for_healthy(&near, &["near"], timeout + Duration::from_secs(HEARTBEAT_SECS * 2)).await;
    println!("[{}] the killed node left the list after {gone:.1?} (timeout {timeout:?})", browser.name());
    let listed = regions_of(&near).await;
    assert!(listed.regions.iter().any(|r| r.name == "far" && !r.healthy), "listed, unhealthy: {listed:?}");
    session.quit().await.unwrap();
    phase("browser closed");
    drop(near);
    drop(far);
    phase("nodes stopped");
}

#[tokio::test]
async fn chromium_picks_the_nearer_region_and_reports_both() {
    two_regions(Browser::Chromium).await;
}

#[tokio::test]
async fn firefox_picks_the_nearer_region_and_reports_both() {
    two_regions(Browser::Firefox).await;
}
