//! Outbound load balancing that gives a computer two public addresses: source NAT
//! in the browser's namespace sends UDP out from a second address while TCP keeps the
//! first. The server sees HTTPS and the WebSocket from one address and the UDP paths
//! (TURN over UDP) from the other, within one run: the report warns and says which
//! paths went where, in anonymised form. Without the NAT rule, one address passes.

use callready_common::verdict::{CheckId, Status};
use callready_e2e::lab::server_config_on;
use callready_e2e::netns::{nft_in, BrowserNet};
use callready_e2e::{run_stored, Browser, BrowserSession, Server};
use callready_server::RunningServer;

async fn two_addresses_are_warned(browser: Browser) -> anyhow::Result<()> {
    let net = BrowserNet::create(false)?;
    let second = net.second_address()?;
    let dir = tempfile::tempdir()?;
    let config = server_config_on(std::net::IpAddr::V4(net.host_ip), &dir.path().join("callready.db"));
    let server = Server { running: RunningServer::start(config).await?, dir };
    let session = BrowserSession::open_in(browser, &net, &server.url("")).await?;

    let one = run_stored(&session, &server, None).await?.0;
    let line = one.checks.iter().find(|c| c.id == CheckId::PublicAddress).expect("a public address line");
    println!("[{}] one address: {:?}: {}", browser.name(), line.status, line.summary);
    assert_eq!(line.status, Status::Pass, "{}", line.summary);
    let public = one.results.public.as_ref().unwrap();
    assert_eq!(public.distinct, 1);
    let vias: Vec<&str> = public.seen.iter().map(|s| s.via.as_str()).collect();
    for via in ["HTTPS", "WebSocket", "TURN"] {
        assert!(vias.contains(&via), "{via} was seen: {vias:?}");
    }

    nft_in(
        &net.name,
        &format!(
            "table ip callready_snat {{\n  chain post {{\n    type nat hook postrouting priority 100; policy accept;\n    \
             oif != \"lo\" meta l4proto udp snat to {second}\n  }}\n}}\n"
        ),
    )?;
    let two = run_stored(&session, &server, None).await?.0;
    let line = two.checks.iter().find(|c| c.id == CheckId::PublicAddress).unwrap();
    println!("[{}] UDP from a second address: {:?}: {}", browser.name(), line.status, line.summary);
    assert_eq!(line.status, Status::Warn, "{}", line.summary);
    assert!(
        line.summary.english().starts_with("Your network sends calls out through 2 public addresses"),
        "{}",
        line.summary
    );
    assert_eq!(
        line.fix.as_ref().map(|f| f.english()).as_deref(),
        Some("Ask IT to pin one outbound address for the platform's hosts.")
    );
    let groups = two.results.public.as_ref().unwrap().by_address();
    let tcp = groups.iter().find(|(_, vias)| vias.iter().any(|v| v == "HTTPS")).expect("an HTTPS address");
    assert!(tcp.1.iter().any(|v| v == "WebSocket"), "HTTPS and WebSocket share the first address: {groups:?}");
    let udp = groups.iter().find(|(address, _)| *address != tcp.0).expect("a second address");
    assert!(udp.1.iter().any(|v| v == "TURN"), "TURN over UDP came from the second address: {groups:?}");
    let stored = serde_json::to_string(&two)?;
    assert!(!stored.contains(&second.to_string()) && !stored.contains(&net.browser_ip.to_string()), "anonymised");
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_with_two_public_addresses_is_warned() -> anyhow::Result<()> {
    two_addresses_are_warned(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_with_two_public_addresses_is_warned() -> anyhow::Result<()> {
    two_addresses_are_warned(Browser::Firefox).await
}
