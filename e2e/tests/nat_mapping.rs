//! NAT mapping behaviour against real NAT: nftables source NAT in the browser's
//! namespace, to a second address of its own. One peer connection sends a TURN
//! request to two server ports; the server compares the public ports.
//!
//! - no NAT: "No NAT …";
//! - source NAT keeping ports (endpoint-independent mapping): passes;
//! - source NAT with `fully-random` ports (a new port per destination, "symmetric"):
//!   fails under a profile whose platform has no relay (`media = "direct_only"`), and
//!   the same run judged under the default profile warns that peer-to-peer media
//!   will fail and calls need TURN.

use callready_common::probes::path::NatMapping;
use callready_common::thresholds::Thresholds;
use callready_common::verdict::{evaluate, CheckId, Status};
use callready_e2e::lab::server_config_on;
use callready_e2e::netns::{replace_nft_table, BrowserNet};
use callready_e2e::{run_stored, Browser, BrowserSession, Server};
use callready_server::RunningServer;

const TABLE: &str = "callready_nat";

fn nat(net: &BrowserNet, to: &str) -> anyhow::Result<()> {
    replace_nft_table(
        &net.name,
        &format!("ip {TABLE}"),
        &format!(
            "  chain post {{\n    type nat hook postrouting priority 100; policy accept;\n    oif != \"lo\" snat to {to}\n  }}\n"
        ),
    )
}

async fn nat_behaviour_is_told(browser: Browser) -> anyhow::Result<()> {
    let net = BrowserNet::create(false)?;
    let second = net.second_address()?;
    let dir = tempfile::tempdir()?;
    // A platform without a TURN relay: media must flow directly.
    let profiles = dir.path().join("profiles");
    std::fs::create_dir_all(&profiles)?;
    std::fs::write(
        profiles.join("p2p.toml"),
        "id = \"p2p\"\nname = \"Peer-to-peer\"\ndescription = \"Agent-to-agent WebRTC calls, no relay.\"\n\
         media = \"direct_only\"\n",
    )?;
    let mut config = server_config_on(std::net::IpAddr::V4(net.host_ip), &dir.path().join("callready.db"));
    config.profiles = Some(profiles);
    let server = Server { running: RunningServer::start(config).await?, dir };
    let mut session = BrowserSession::open_in(browser, &net, &server.url("")).await?;

    let mut seen = Vec::new();
    for (imposed, rule) in [
        ("no NAT", None),
        ("source NAT keeping ports", Some(second.to_string())),
        ("source NAT with fully-random ports", Some(format!("{second} fully-random"))),
    ] {
        if let Some(rule) = &rule {
            nat(&net, rule)?;
            // Connections opened before the rule keep their old mapping: a new browser.
            session.quit().await?;
            session = BrowserSession::open_in(browser, &net, &server.url("")).await?;
        }
        let run = run_stored(&session, &server, Some("p2p")).await?.0;
        let line = run.checks.iter().find(|c| c.id == CheckId::NatBehaviour).cloned();
        let line = line.unwrap_or_else(|| panic!("[{}] {imposed}: no NAT line: {:#?}", browser.name(), run.checks));
        println!("[{}] {imposed}: {:?} {:?}: {}", browser.name(), run.results.nat, line.status, line.summary);
        seen.push((imposed, run.results.nat, line, run.results));
    }
    let (_, mapping, line, _) = &seen[0];
    assert_eq!(*mapping, Some(NatMapping::EndpointIndependent));
    assert_eq!(line.status, Status::Pass);
    assert!(line.summary.english().starts_with("No NAT"), "{}", line.summary);
    let (_, mapping, line, _) = &seen[1];
    assert_eq!(*mapping, Some(NatMapping::EndpointIndependent));
    assert_eq!(line.status, Status::Pass);
    assert!(line.summary.english().contains("endpoint-independent"), "{}", line.summary);
    let (_, mapping, line, results) = &seen[2];
    assert_eq!(*mapping, Some(NatMapping::PortDependent));
    assert_eq!(line.status, Status::Fail, "no relay to fall back on: {}", line.summary);
    assert!(
        line.summary.english().contains("symmetric NAT") && line.summary.english().contains("no relay"),
        "{}",
        line.summary
    );
    // The same measurement under the default profile (a relay exists): a warning.
    let default = evaluate(results, &Thresholds::default(), 1);
    let line = default.iter().find(|c| c.id == CheckId::NatBehaviour).unwrap();
    println!("[{}] the same run, default profile: {:?}: {}", browser.name(), line.status, line.summary);
    assert_eq!(line.status, Status::Warn);
    assert!(line.summary.english().contains("calls need TURN"), "{}", line.summary);
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_is_told_how_its_nat_maps() -> anyhow::Result<()> {
    nat_behaviour_is_told(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_is_told_how_its_nat_maps() -> anyhow::Result<()> {
    nat_behaviour_is_told(Browser::Firefox).await
}
