//! A requirement profile's own checks against a "vendor host" inside the test's
//! namespaces: two extra TCP ports and a UDP range served by the CallReady server,
//! two web addresses served by a plain HTTP server, all on the server's side of the
//! link. The browser's namespace then plays the firewall with nftables:
//!
//! (a) everything open: every line of the profile passes;
//! (b) one TCP port, a third of the sampled UDP ports and one address dropped: the
//!     report names exactly those, the verdict follows the profile (UDP required:
//!     not ready), and the text for IT lists exactly what to open;
//! (c) UDP dropped altogether: ready with a note under a profile that accepts a
//!     TCP relay; not ready under one that requires UDP, the cause named once.
//!
//! One server and one browser per browser kind for all of it.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use callready_common::api::RunView;
use callready_common::profile::UdpRange;
use callready_common::verdict::{and_list, Check, CheckId, Status, Verdict};
use callready_e2e::lab::server_config_on;
use callready_e2e::netns::{replace_nft_table, BrowserNet};
use callready_e2e::{run_stored, Browser, BrowserSession, Server};
use callready_server::platform::ProfilePorts;
use callready_server::RunningServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SIGNALLING: u16 = 7443;
const DESK_PHONES: u16 = 8000;
const LICENCES: u16 = 9081;
const UPDATES: u16 = 9082;
const TABLE: &str = "callready_profile";

fn write_profiles(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (id, media) in [("lab-vendor", "udp_required"), ("lab-relay", "relay_acceptable")] {
        std::fs::write(
            dir.join(format!("{id}.toml")),
            format!(
                "id = \"{id}\"\nname = \"Lab vendor ({media})\"\ndescription = \"The lab's vendor host.\"\n\
                 media = \"{media}\"\ncodec = \"g711\"\n\n\
                 [[tcp_ports]]\nport = {SIGNALLING}\npurpose = \"WebRTC signalling\"\ntls = true\n\n\
                 [[tcp_ports]]\nport = {DESK_PHONES}\npurpose = \"Desk phones\"\n\n\
                 [[udp_ranges]]\nfrom = 16384\nto = 32768\npurpose = \"RTP media\"\n\n\
                 [[domains]]\nurl = \"http://licence.vendor.test:{LICENCES}/\"\npurpose = \"Licences\"\n\n\
                 [[domains]]\nurl = \"http://updates.vendor.test:{UPDATES}/\"\npurpose = \"Updates\"\n\n\
                 [[checklist]]\nitem = \"SIP ALG off\"\nvendor_says = \"Switch off SIP ALG.\"\nwhy = \"It rewrites SIP.\"\n"
            ),
        )?;
    }
    Ok(())
}

/// The vendor's web addresses: a plain HTTP answer to anything, on `ip`.
async fn vendor_web(ip: IpAddr, port: u16) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, port)).await?;
    Ok(tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 2048];
                let _ = stream.read(&mut buf).await;
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").await;
            });
        }
    }))
}

fn firewall(net: &BrowserNet, drops: &str) -> anyhow::Result<()> {
    replace_nft_table(
        &net.name,
        &format!("inet {TABLE}"),
        &format!(
            "  chain out {{\n    type filter hook output priority 0; policy accept;\n    oif \"lo\" accept\n{drops}  }}\n"
        ),
    )
}

fn line(run: &RunView, id: CheckId) -> Check {
    run.checks.iter().find(|c| c.id == id).cloned().unwrap_or_else(|| panic!("no {id:?} line: {:#?}", run.checks))
}

fn show(browser: Browser, scenario: &str, run: &RunView) {
    println!("[{}] {scenario}: {:?} in {:.1} s", browser.name(), run.verdict, run.results.duration_ms / 1000.0);
    for id in [CheckId::Connectivity, CheckId::TcpPorts, CheckId::UdpPorts, CheckId::Domains] {
        if let Some(c) = run.checks.iter().find(|c| c.id == id) {
            println!("  {:?} {:?}: {}", id, c.status, c.summary);
            if let Some(it) = &c.it {
                println!("    for IT: {it}");
            }
        }
    }
}

async fn profile_checks(browser: Browser) -> anyhow::Result<()> {
    let net = BrowserNet::create(false)?;
    net.map_names(net.host_ip, &["licence.vendor.test", "updates.vendor.test"])?;
    let ip = IpAddr::V4(net.host_ip);
    let dir = tempfile::tempdir()?;
    write_profiles(&dir.path().join("profiles"))?;
    let mut config = server_config_on(ip, &dir.path().join("callready.db"));
    config.profiles = Some(dir.path().join("profiles"));
    config.profile_ports = ProfilePorts::Only(vec!["lab-vendor".into()]);
    let server = Server { running: RunningServer::start(config).await?, dir };
    let _licences = vendor_web(ip, LICENCES).await?;
    let _updates = vendor_web(ip, UPDATES).await?;
    let session = BrowserSession::open_in(browser, &net, &server.url("")).await?;
    let sampled = UdpRange { from: 16384, to: 32768, purpose: String::new() }.sample(16);
    assert_eq!(sampled.len(), 16);

    // (a) Everything open.
    let (run, shown) = run_stored(&session, &server, Some("lab-vendor")).await?;
    show(browser, "all open", &run);
    for id in [CheckId::TcpPorts, CheckId::UdpPorts, CheckId::Domains] {
        let check = line(&run, id);
        assert_eq!(check.status, Status::Pass, "{check:?}");
    }
    assert!(line(&run, CheckId::UdpPorts).summary.english().contains("16 of 16 sampled ports reach"));
    let platform = run.results.platform.as_ref().expect("the profile's probes ran");
    assert_eq!(platform.tcp.iter().map(|p| p.port).collect::<Vec<_>>(), vec![SIGNALLING, DESK_PHONES]);
    assert_eq!(platform.udp[0].reached, sampled);
    assert_eq!((run.verdict, shown.as_str()), (Verdict::Ready, "ready"), "{:#?}", run.checks);

    // (b) One TCP port, a third of the sampled UDP ports and one address dropped.
    let dropped: Vec<u16> = sampled.iter().copied().enumerate().filter(|(i, _)| i % 3 == 1).map(|(_, p)| p).collect();
    let udp_set: Vec<String> = dropped.iter().map(u16::to_string).collect();
    firewall(
        &net,
        &format!(
            "    tcp dport {{ {DESK_PHONES}, {UPDATES} }} drop\n    udp dport {{ {} }} drop\n",
            udp_set.join(", ")
        ),
    )?;
    let (run, shown) = run_stored(&session, &server, Some("lab-vendor")).await?;
    show(browser, "one port, a third of UDP, one address dropped", &run);
    let tcp = line(&run, CheckId::TcpPorts);
    assert_eq!(tcp.status, Status::Fail);
    assert!(tcp.summary.english().contains(&format!("TCP {DESK_PHONES} is blocked")), "{}", tcp.summary);
    assert!(tcp.summary.english().contains(&format!("TCP {SIGNALLING} works")), "{}", tcp.summary);
    let host = net.host_ip.to_string();
    let it = tcp.it.as_ref().unwrap().english();
    assert_eq!(
        it,
        format!(
            "Allow outbound TCP {DESK_PHONES} to the platform's servers, WebSocket included; observed toward {host}: \
             no answer (packets dropped on the way)."
        )
    );
    assert_eq!(
        tcp.fix.as_ref().map(|f| f.english()).as_deref(),
        Some(format!("Ask your IT team to open outbound TCP {DESK_PHONES} to the platform's servers.").as_str())
    );
    let udp = line(&run, CheckId::UdpPorts);
    assert_eq!(udp.status, Status::Fail, "UDP is required by this profile: {udp:?}");
    let unreached = run.results.platform.as_ref().unwrap().udp[0].unreached();
    assert_eq!(unreached, dropped, "exactly the dropped ports are named");
    let it = udp.it.as_ref().unwrap().english();
    assert!(it.starts_with("Allow outbound UDP 16384–32768 to the platform's media servers"), "{it}");
    assert!(it.contains(&format!("Sampled 16 ports toward {host}")), "{it}");
    assert!(it.ends_with(&format!("no answer on {}.", and_list(&udp_set))), "{it}");
    let domains = line(&run, CheckId::Domains);
    assert_eq!(domains.status, Status::Fail);
    let it = domains.it.as_ref().unwrap().english();
    assert!(it.contains("updates.vendor.test") && !it.contains("licence.vendor.test"), "{it}");
    assert_eq!(
        domains.fix.as_ref().map(|f| f.english()).as_deref(),
        Some("Ask your IT team to allow updates.vendor.test from this computer: the platform needs it.")
    );
    assert_eq!((run.verdict, shown.as_str()), (Verdict::NotReady, "not-ready"));
    assert_eq!(line(&run, CheckId::Connectivity).status, Status::Pass, "other UDP ports still carry media");

    // (c) UDP dropped altogether.
    firewall(&net, "    meta l4proto udp drop\n")?;
    let (run, shown) = run_stored(&session, &server, Some("lab-relay")).await?;
    show(browser, "UDP blocked, relay acceptable", &run);
    assert_eq!(line(&run, CheckId::Connectivity).status, Status::Pass);
    let udp = line(&run, CheckId::UdpPorts);
    assert_eq!(udp.status, Status::Pass, "{udp:?}");
    assert!(udp.summary.english().contains("relays calls over TCP instead, which it accepts"), "{}", udp.summary);
    assert_eq!((run.verdict, shown.as_str()), (Verdict::Ready, "ready"), "{:#?}", run.checks);

    let (run, shown) = run_stored(&session, &server, Some("lab-vendor")).await?;
    show(browser, "UDP blocked, UDP required", &run);
    assert_eq!(line(&run, CheckId::Connectivity).status, Status::Fail);
    let udp = line(&run, CheckId::UdpPorts);
    assert_eq!((udp.status, udp.blocked_by), (Status::NotRun, Some(CheckId::Connectivity)), "named once: {udp:?}");
    assert_eq!((run.verdict, shown.as_str()), (Verdict::NotReady, "not-ready"));
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_checks_a_profile_s_ports_and_addresses() -> anyhow::Result<()> {
    profile_checks(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_checks_a_profile_s_ports_and_addresses() -> anyhow::Result<()> {
    profile_checks(Browser::Firefox).await
}
