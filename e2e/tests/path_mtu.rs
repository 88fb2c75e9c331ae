//! A VPN or tunnel that shrinks the path: the browser's link to the server with an
//! MTU of 1400, then 1500. The server reads the TCP segment size of the page's own
//! connection; the report gives the MTU it implies, a warning under a profile that
//! asks for 1500 (`uc-pbx`), a pass at 1500.

use callready_common::verdict::{CheckId, Status};
use callready_e2e::lab::server_config_on;
use callready_e2e::netns::BrowserNet;
use callready_e2e::{run_stored, Browser, BrowserSession, Server};
use callready_server::RunningServer;

async fn mtu_is_reported(browser: Browser) -> anyhow::Result<()> {
    let net = BrowserNet::create(false)?;
    net.set_mtu(1400)?;
    let dir = tempfile::tempdir()?;
    let config = server_config_on(std::net::IpAddr::V4(net.host_ip), &dir.path().join("callready.db"));
    let server = Server { running: RunningServer::start(config).await?, dir };
    let session = BrowserSession::open_in(browser, &net, &server.url("")).await?;

    let run = run_stored(&session, &server, Some("uc-pbx")).await?.0;
    let line = run.checks.iter().find(|c| c.id == CheckId::PathMtu).expect("a path MTU line");
    let mss = run.results.path.as_ref().and_then(|p| p.mss);
    println!("[{}] link MTU 1400: MSS {mss:?}; {:?}: {}", browser.name(), line.status, line.summary);
    assert_eq!(line.status, Status::Warn, "uc-pbx asks for 1500: {}", line.summary);
    assert!(line.summary.english().starts_with("A VPN or tunnel is in the path: MTU ≈ "), "{}", line.summary);
    let (low, high) = callready_common::probes::path::mtu_range(mss.unwrap(), false);
    assert!((low..=high).contains(&1400), "the imposed 1400 lies in the reported {low}–{high}");
    assert!(line.it.as_ref().is_some_and(|it| it.english().contains("the platform asks for 1500")));

    // A new browser: the segment size is settled when a connection opens, and a
    // browser keeps its connections to the server open between runs.
    session.quit().await?;
    net.set_mtu(1500)?;
    let session = BrowserSession::open_in(browser, &net, &server.url("")).await?;
    let run = run_stored(&session, &server, Some("uc-pbx")).await?.0;
    let line = run.checks.iter().find(|c| c.id == CheckId::PathMtu).unwrap();
    println!("[{}] link MTU 1500: {:?}: {}", browser.name(), line.status, line.summary);
    assert_eq!(line.status, Status::Pass, "{}", line.summary);
    assert!(line.summary.english().contains("MTU 1500 bytes"), "{}", line.summary);
    let proxy = run.checks.iter().find(|c| c.id == CheckId::Proxy).unwrap();
    assert_eq!(proxy.status, Status::Pass, "no proxy on this link: {}", proxy.summary);
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_behind_a_1400_byte_tunnel_is_told_the_mtu() -> anyhow::Result<()> {
    mtu_is_reported(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_behind_a_1400_byte_tunnel_is_told_the_mtu() -> anyhow::Result<()> {
    mtu_is_reported(Browser::Firefox).await
}
