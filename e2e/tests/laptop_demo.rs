//! The laptop demo as a newcomer runs it: `callready` on its defaults (on free ports),
//! the page on `http://localhost`, and Chromium and Firefox exactly as agents run
//! them — no flag, no preference a real browser lacks. The "laptop" is a network
//! namespace of the test's own with loopback, one network interface and a default
//! route, like a laptop on a LAN. STUN and TURN over UDP and TCP connect; TURN over
//! TLS, which no browser accepts with the demo's self-signed certificate, is reported
//! as not testable on this server rather than as a fault of the network; the verdict
//! is not "Not ready".

use clap::Parser;

use callready_common::api::SessionView;
use callready_common::probes::ice::IceTransport;
use callready_common::verdict::{CheckId, Status, Verdict};
use callready_e2e::netns::{BrowserNet, NsServer};
use callready_e2e::{rows_follow_their_checks, run_agent_test_at, Browser, BrowserSession};
use callready_server::config::Config;

async fn laptop_demo_works_in(browser: Browser) -> anyhow::Result<()> {
    let net = BrowserNet::create(false)?;
    net.route_default_via_host()?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("callready.db");
    let any = "0.0.0.0:0";
    let config = Config::try_parse_from([
        "callready",
        "--listen",
        any,
        "--rtc-udp",
        any,
        "--turn-udp",
        any,
        "--turn-tcp",
        any,
        "--turn-tls",
        any,
        "--db",
        db.to_str().unwrap(),
        // As `cargo xtask run` starts it: anyone may start a test.
        "--open-sessions",
    ])?;
    let server = NsServer::start(&net.name, config)?;
    let port: u16 = server.url.rsplit(':').next().unwrap().parse()?;
    // The test reaches the "laptop" over its network interface; the agent's browser,
    // inside it, over localhost.
    let from_test = format!("http://{}:{port}", net.browser_ip);
    let created: serde_json::Value = reqwest::Client::new()
        .post(format!("{from_test}/api/sessions"))
        .json(&serde_json::json!({}))
        .send()
        .await?
        .json()
        .await?;
    let code = created["code"].as_str().unwrap().to_string();
    let report = created["report_code"].as_str().unwrap().to_string();
    let session = BrowserSession::open_as_agent_in(browser, &net).await?;
    let shown = run_agent_test_at(&session, &format!("http://localhost:{port}"), &code).await?;

    let stored: SessionView = reqwest::get(format!("{from_test}/api/sessions/{report}")).await?.json().await?;
    let run = &stored.runs[0];
    for probe in &run.results.ice {
        println!(
            "[{}] laptop demo, {:?} {:?}: {:?}, failure {:?}, connected {:?}",
            browser.name(),
            probe.transport,
            probe.url,
            probe.candidate_types,
            probe.failure,
            probe.connected.as_ref().map(|p| p.describe())
        );
    }
    for check in &run.checks {
        println!("[{}] laptop demo: {:?} {:?}: {}", browser.name(), check.id, check.status, check.summary);
    }
    let probe = |t| run.results.ice.iter().find(|p| p.transport == t).expect("every transport is probed");
    for transport in [IceTransport::StunUdp, IceTransport::TurnUdp, IceTransport::TurnTcp] {
        let p = probe(transport);
        assert!(p.succeeded() && p.connected.is_some(), "{transport:?} connects on the laptop: {p:?}");
        let url = p.url.as_deref().unwrap_or_default();
        assert!(url.contains(&net.browser_ip.to_string()), "the laptop's own address, never loopback: {url}");
    }
    let tls = probe(IceTransport::TurnTls);
    assert!(tls.untrusted_certificate, "the page was told the certificate is self-signed: {tls:?}");
    let path = run.checks.iter().find(|c| c.id == CheckId::Connectivity).unwrap();
    assert_eq!(path.status, Status::Pass, "{}", path.summary);
    assert!(tls.succeeded() || path.summary.english().contains("TURN over TLS not tested"), "{}", path.summary);
    let quality = run.checks.iter().find(|c| c.id == CheckId::CallQuality).unwrap();
    assert_eq!(quality.status, Status::Pass, "{}", quality.summary);
    for check in &run.checks {
        // The page's own CPU on a busy two-core machine can add latency under load,
        // and Firefox never reports memory: everything else passes.
        if !matches!(check.id, CheckId::LoadedLatency | CheckId::Computer) {
            assert_eq!(check.status, Status::Pass, "{:?}: {}", check.id, check.summary);
        }
    }
    assert_ne!(run.verdict, Verdict::NotReady);
    assert_ne!(shown, "not-ready");
    rows_follow_their_checks(&session, &run.checks).await?;
    session.quit().await?;
    drop(server);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_on_a_laptop_demo_connects_every_transport_it_can() -> anyhow::Result<()> {
    laptop_demo_works_in(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_on_a_laptop_demo_connects_every_transport_it_can() -> anyhow::Result<()> {
    laptop_demo_works_in(Browser::Firefox).await
}
