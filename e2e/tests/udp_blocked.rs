//! A firewall that lets only TCP out: the browser runs in a network namespace of the
//! test's own whose nftables drop every outgoing UDP packet. The report must say that
//! UDP is blocked and that TURN over TCP and TLS work; under a profile that requires
//! UDP, that the agent is not ready.

use callready_common::api::SessionView;
use callready_common::probes::ice::IceTransport;
use callready_common::verdict::{CheckId, Status, Verdict};
use callready_e2e::lab::server_config_on;
use callready_e2e::netns::BrowserNet;
use callready_e2e::{run_agent_test, Browser, BrowserSession, Server};
use callready_server::RunningServer;

async fn udp_blocked_is_reported(browser: Browser) -> anyhow::Result<()> {
    let net = BrowserNet::create(true)?;
    let dir = tempfile::tempdir()?;
    let ip = std::net::IpAddr::V4(net.host_ip);
    let config = server_config_on(ip, &dir.path().join("callready.db"));
    let server = Server { running: RunningServer::start(config).await?, dir };
    let created: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/sessions"))
        .json(&serde_json::json!({}))
        .send()
        .await?
        .json()
        .await?;
    let code = created["code"].as_str().unwrap().to_string();
    let report = created["report_code"].as_str().unwrap().to_string();
    let origin = server.url("");
    let session = BrowserSession::open_in(browser, &net, &origin).await?;
    let shown = run_agent_test(&session, &server, &code).await?;

    let stored: SessionView = reqwest::get(server.url(&format!("/api/sessions/{report}"))).await?.json().await?;
    let run = &stored.runs[0];
    for probe in &run.results.ice {
        println!(
            "[{}] UDP blocked, ICE {:?}: {:?} failure {:?} gathering {:?} ms",
            browser.name(),
            probe.transport,
            probe.candidate_types,
            probe.failure,
            probe.gathering_ms.map(|v| v.round())
        );
    }
    let works = |t| run.results.ice.iter().any(|p| p.transport == t && p.succeeded());
    assert!(!works(IceTransport::TurnUdp), "TURN over UDP cannot work with UDP dropped");
    assert!(works(IceTransport::TurnTcp), "TURN over TCP still works: {:?}", run.results.ice);
    let media = run.checks.iter().find(|c| c.id == CheckId::Connectivity).unwrap();
    println!(
        "[{}] UDP blocked: {} — {}",
        browser.name(),
        media.summary,
        media.fix.as_ref().map(|f| f.english()).unwrap_or_default()
    );
    assert_eq!(media.status, Status::Warn);
    assert!(media.summary.english().starts_with("UDP is blocked: calls will relay over TCP"), "{}", media.summary);
    assert!(media.summary.english().contains("TURN over TCP works"), "{}", media.summary);
    assert!(works(IceTransport::TurnTls), "TURN over TLS still works: {:?}", run.results.ice);
    assert!(media.summary.english().contains("TURN over TLS works"), "{}", media.summary);
    let call = run.results.media.as_ref().and_then(|m| m.stream.as_ref()).expect("a call stream over the TCP relay");
    println!(
        "[{}] UDP blocked: call stream {} of {} echoed through TURN/TCP",
        browser.name(),
        call.received,
        call.sent
    );
    assert!(call.received > 0, "the call-like stream reached the echo peer through TURN over TCP");
    assert_eq!(run.verdict, Verdict::ReadyWithWarnings, "{:#?}", run.checks);
    assert_eq!(shown, "warnings");
    assert!(net.dropped_udp_packets() > 0, "the firewall really dropped UDP");
    assert_eq!(
        run.network.client_prefix,
        format!("{}/24", {
            let o = net.browser_ip.octets();
            std::net::Ipv4Addr::new(o[0], o[1], o[2], 0)
        })
    );

    // Under a profile that requires UDP (uc-pbx), the same network is not ready: the
    // page judges with the session's profile, and so does the server.
    let created: serde_json::Value = reqwest::Client::new()
        .post(server.url("/api/sessions"))
        .json(&serde_json::json!({"profile": "uc-pbx"}))
        .send()
        .await?
        .json()
        .await?;
    let strict = created["code"].as_str().unwrap().to_string();
    let strict_report = created["report_code"].as_str().unwrap().to_string();
    let shown = run_agent_test(&session, &server, &strict).await?;
    let stored: SessionView = reqwest::get(server.url(&format!("/api/sessions/{strict_report}"))).await?.json().await?;
    let run = &stored.runs[0];
    let media = run.checks.iter().find(|c| c.id == CheckId::Connectivity).unwrap();
    println!("[{}] UDP blocked under uc-pbx: {:?} {}", browser.name(), media.status, media.summary);
    assert_eq!(media.status, Status::Fail, "{}", media.summary);
    assert!(media.summary.english().contains("needs UDP"), "{}", media.summary);
    assert_eq!((run.verdict, shown.as_str()), (Verdict::NotReady, "not-ready"));
    assert_eq!(run.profile.as_ref().map(|p| p.id.as_str()), Some("uc-pbx"));
    session.quit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_with_udp_blocked_is_told_calls_relay_over_tcp() -> anyhow::Result<()> {
    udp_blocked_is_reported(Browser::Chromium).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_with_udp_blocked_is_told_calls_relay_over_tcp() -> anyhow::Result<()> {
    udp_blocked_is_reported(Browser::Firefox).await
}
